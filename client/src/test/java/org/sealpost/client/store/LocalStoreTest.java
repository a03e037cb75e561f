package org.sealpost.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;

class LocalStoreTest {
    private static final LocalStore.KdfParameters CHEAP = new LocalStore.KdfParameters(8 * 1024, 1, 1);
    private static final EphemeralPki PKI = new EphemeralPki("store-test");

    @TempDir
    Path dir;

    private LocalStore store() {
        return new LocalStore(dir.resolve("store.sealpost"), CHEAP, new SecureRandom());
    }

    @Test
    void roundTripsAndNeverWritesTheSecretsInTheClear() throws Exception {
        Identity alice = PKI.rsa("alice@example.org");
        StoreData data = StoreData.forAccount("mail-password-that-must-not-leak")
                .withDevice(new StoreData.DeviceCredentials("dev-1", "laptop", alice.privateKey(), alice.chain()))
                .withEncryptionKeys(List.of(new StoreData.EncryptionKey("key-1", alice.privateKey(), List.of(alice.certificate()))))
                .withIdentities(List.of(new StoreData.IdentityCertificate("V2", alice.chain())))
                .trusting(alice.chain().getLast());
        store().create("correct horse".toCharArray(), StoreCodec.encode(data));

        String onDisk = Files.readString(store().file(), StandardCharsets.ISO_8859_1);
        assertThat(onDisk).doesNotContain("mail-password-that-must-not-leak", "dev-1", "laptop", "key-1");
        assertThat(Files.getPosixFilePermissions(store().file())).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        StoreData back = StoreCodec.decode(store().read("correct horse".toCharArray()));
        assertThat(back.mailPassword()).isEqualTo("mail-password-that-must-not-leak");
        assertThat(back.device().orElseThrow().signingKey().getEncoded()).isEqualTo(alice.privateKey().getEncoded());
        assertThat(back.device().orElseThrow().chain()).isEqualTo(alice.chain());
        assertThat(back.encryptionKeys()).singleElement().satisfies(k -> {
            assertThat(k.keyId()).isEqualTo("key-1");
            assertThat(k.certificates()).containsExactly(alice.certificate());
        });
        assertThat(back.identities()).extracting(StoreData.IdentityCertificate::level).containsExactly("V2");
        assertThat(back.trustAnchors()).containsExactly(alice.chain().getLast());
        assertThat(back.toString()).doesNotContain("mail-password");
    }

    @Test
    void aWrongPassphraseIsSaidAsSuch() throws Exception {
        store().create("right".toCharArray(), StoreCodec.encode(StoreData.forAccount("pw")));
        assertThatThrownBy(() -> store().read("wrong".toCharArray()))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.WRONG_PASSPHRASE))
                .hasMessageContaining("wrong passphrase");
    }

    @Test
    void aTamperedFileFailsLikeAWrongPassphraseAndAChangedHeaderToo() throws Exception {
        store().create("right".toCharArray(), StoreCodec.encode(StoreData.forAccount("pw")));
        String json = Files.readString(store().file());
        String data = json.replaceAll("(?s).*\"data\" : \"([^\"]+)\".*", "$1");
        char flipped = data.charAt(10) == 'A' ? 'B' : 'A';
        Files.writeString(store().file(), json.replace(data, data.substring(0, 10) + flipped + data.substring(11)));
        assertThatThrownBy(() -> store().read("right".toCharArray()))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.WRONG_PASSPHRASE));

        store().write("right".toCharArray(), StoreCodec.encode(StoreData.forAccount("pw")));
        Files.writeString(store().file(), Files.readString(store().file()).replace("\"iterations\" : 1", "\"iterations\" : 2"));
        assertThatThrownBy(() -> store().read("right".toCharArray()))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.WRONG_PASSPHRASE));
    }

    @Test
    void notAStoreMissingAndExistingAreClearErrors() throws Exception {
        assertThatThrownBy(() -> store().read("x".toCharArray()))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.MISSING));
        for (String junk : new String[] {"", "not json", "{}", "{\"format\":\"sealpost-store-1\"}", "[1,2]",
                "{\"format\":\"sealpost-store-1\",\"kdf\":{\"alg\":\"argon2id\",\"memoryKiB\":1,\"iterations\":1,\"parallelism\":1,\"salt\":\"AAAA\"},\"cipher\":\"AES-256-GCM\",\"nonce\":\"AAAA\",\"data\":\"AAAA\"}"}) {
            Files.writeString(store().file(), junk);
            assertThatThrownBy(() -> store().read("x".toCharArray())).as(junk)
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CORRUPT));
        }
        assertThatThrownBy(() -> store().create("x".toCharArray(), new byte[0]))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.EXISTS));
    }

    @Test
    void eachSaveUsesAFreshSaltAndNonceAndLeavesNoTemporaryFile() throws Exception {
        store().create("p".toCharArray(), StoreCodec.encode(StoreData.forAccount("pw")));
        String first = Files.readString(store().file());
        store().write("p".toCharArray(), StoreCodec.encode(StoreData.forAccount("pw")));
        String second = Files.readString(store().file());
        assertThat(second).isNotEqualTo(first);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("store.sealpost");
        }
        assertThat(StoreCodec.decode(store().read("p".toCharArray())).device()).isEqualTo(Optional.empty());
    }
}
