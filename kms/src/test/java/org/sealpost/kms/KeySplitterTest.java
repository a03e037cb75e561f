package org.sealpost.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.shamir.Scheme;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeySplitterTest {
    private final SecureRandom random = new SecureRandom();
    private final KeyPair ec = new KeyPairFactory(random).generate(KeySpec.EC_P256);
    private final KeyMaterialCheck check = new KeyMaterialCheck(random);

    @Test
    void anyKOfNRecombineToTheOriginalKey() {
        KeySplitter splitter = new KeySplitter(3, 5, random);
        List<Share> shares = splitter.split(ec.getPrivate());
        assertThat(shares).extracting(Share::index).containsExactly(1, 2, 3, 4, 5);
        for (List<Share> subset : subsets(shares, 3)) {
            PrivateKey rebuilt = splitter.combine(subset, "EC");
            assertThat(rebuilt.getEncoded()).isEqualTo(ec.getPrivate().getEncoded());
            check.requireMatch("k1", ec.getPublic(), rebuilt);
        }
        // More than k shares are fine too.
        assertThat(splitter.combine(shares, "EC").getEncoded()).isEqualTo(ec.getPrivate().getEncoded());
    }

    @Test
    void twoOfThreeAndTwoOfTwoRoundTrip() {
        for (int n : new int[] {2, 3}) {
            KeySplitter splitter = new KeySplitter(2, n, random);
            List<Share> shares = splitter.split(ec.getPrivate());
            for (List<Share> pair : subsets(shares, 2)) {
                assertThat(splitter.combine(pair, "EC").getEncoded()).isEqualTo(ec.getPrivate().getEncoded());
            }
        }
    }

    @Test
    void fewerThanKSharesGiveSomethingElse() {
        byte[] secret = ec.getPrivate().getEncoded();
        KeySplitter splitter = new KeySplitter(3, 5, random);
        List<Share> shares = splitter.split(secret);
        assertThatThrownBy(() -> splitter.combineBytes(shares.subList(0, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 3");
        // Interpolating k-1 points (the library does not know k) yields a different value.
        Map<Integer, byte[]> two = new HashMap<>();
        two.put(1, shares.get(0).bytes());
        two.put(2, shares.get(1).bytes());
        assertThat(new Scheme(random, 5, 3).join(two)).isNotEqualTo(secret);
    }

    @Test
    void aSingleShareOfTwoOfTwoLooksUniformAndUnrelatedToTheSecret() {
        byte[] secret = new byte[32]; // all zeros: any structure in a share would show
        KeySplitter splitter = new KeySplitter(2, 2, random);
        int[] counts = new int[256];
        int samples = 0;
        for (int i = 0; i < 200; i++) {
            byte[] share = splitter.split(secret).get(0).bytes();
            assertThat(share).isNotEqualTo(secret);
            for (byte b : share) {
                counts[b & 0xff]++;
                samples++;
            }
        }
        double expected = samples / 256.0;
        double chiSquare = Arrays.stream(counts).mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
        // 255 degrees of freedom: mean 255, standard deviation about 22.6; 400 is over six deviations out.
        assertThat(chiSquare).isLessThan(400);
    }

    @Test
    void aChangedShareChangesTheResultAndTheKeyCheckCatchesIt() {
        KeySplitter splitter = new KeySplitter(2, 3, random);
        List<Share> shares = splitter.split(ec.getPrivate());
        byte[] tampered = shares.get(1).bytes();
        tampered[tampered.length - 1] ^= 0x01; // the last byte: inside the private scalar, so still parseable
        List<Share> bad = List.of(shares.get(0), new Share(2, tampered));
        byte[] rebuilt = splitter.combineBytes(bad);
        assertThat(rebuilt).isNotEqualTo(ec.getPrivate().getEncoded());

        assertThatThrownBy(() -> {
            PrivateKey key = splitter.combine(bad, "EC");
            check.requireMatch("k-tampered", ec.getPublic(), key);
        }).isInstanceOf(KeyMismatchException.class).hasMessageContaining("k-tampered").hasMessageContaining("share");
    }

    @Test
    void sharesOfAnotherKeyAreCaught() {
        KeySplitter splitter = new KeySplitter(2, 2, random);
        KeyPair other = new KeyPairFactory(random).generate(KeySpec.EC_P256);
        PrivateKey rebuilt = splitter.combine(splitter.split(other.getPrivate()), "EC");
        assertThatThrownBy(() -> check.requireMatch("k2", ec.getPublic(), rebuilt)).isInstanceOf(KeyMismatchException.class);
    }

    @Test
    void garbageFromWrongSharesIsAClearError() {
        KeySplitter splitter = new KeySplitter(2, 2, random);
        List<Share> shares = splitter.split(ec.getPrivate());
        byte[] first = shares.get(0).bytes();
        first[0] ^= 0x55; // the DER header: no longer a PKCS#8 structure
        assertThatThrownBy(() -> splitter.combine(List.of(new Share(1, first), shares.get(1)), "EC"))
                .isInstanceOf(KeyMismatchException.class).hasMessageContaining("not a EC private key");
    }

    @Test
    void parametersAndSharesAreValidated() {
        assertThatThrownBy(() -> new KeySplitter(1, 2, random)).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> new KeySplitter(3, 2, random)).hasMessageContaining("must not exceed");
        assertThatThrownBy(() -> new KeySplitter(2, 256, random)).hasMessageContaining("255");
        KeySplitter splitter = new KeySplitter(2, 3, random);
        List<Share> shares = splitter.split(new byte[] {1, 2, 3});
        assertThatThrownBy(() -> splitter.combineBytes(List.of(shares.get(0), shares.get(0)))).hasMessageContaining("twice");
        assertThatThrownBy(() -> splitter.combineBytes(List.of(shares.get(0), new Share(2, new byte[] {1}))))
                .hasMessageContaining("differ in length");
        assertThatThrownBy(() -> new Share(0, new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shareToStringNeverShowsBytesAndWipeZeroes() {
        Share share = new Share(7, new byte[] {0x41, 0x42, 0x43});
        assertThat(share.toString()).isEqualTo("Share[index=7, 3 bytes redacted]").doesNotContain("65").doesNotContain("ABC");
        byte[] copy = share.bytes();
        copy[0] = 0;
        assertThat(share.bytes()[0]).isEqualTo((byte) 0x41);
        share.wipe();
        assertThat(share.bytes()).containsOnly(0);
    }

    private static List<List<Share>> subsets(List<Share> all, int size) {
        List<List<Share>> result = new ArrayList<>();
        collect(all, size, 0, new ArrayList<>(), result);
        return result;
    }

    private static void collect(List<Share> all, int size, int from, List<Share> current, List<List<Share>> result) {
        if (current.size() == size) {
            result.add(List.copyOf(current));
            return;
        }
        for (int i = from; i < all.size(); i++) {
            current.add(all.get(i));
            collect(all, size, i + 1, current, result);
            current.remove(current.size() - 1);
        }
    }
}
