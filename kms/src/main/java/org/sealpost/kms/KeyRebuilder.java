package org.sealpost.kms;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.vault.VaultClient;
import org.sealpost.vault.VaultException;
import org.sealpost.vault.VaultUnavailableException;

/**
 * Rebuilds the private halves of an address's keys from their vaults. Every vault named by the keys
 * is asked once, for all the keys it holds ({@link VaultClient#getAll}, one round trip), all vaults
 * in parallel; per key the first k shares that arrive are kept (vaults that are down, slow, or whose
 * share fails its integrity check are passed over; {@link ParallelShareReader}). Each key is combined
 * and proven against its stored public key.
 *
 * <p>When the first k shares do not give a key (a vault handed out a wrong share that its own
 * integrity check could not catch, e.g. a buggy vault or one whose KEK and database were both
 * altered), every share of that key is read again and each k-subset is tried, so that n &gt; k also
 * tolerates one bad vault; the release then carries a warning for the audit trail.
 *
 * <p>Thread-safe.
 */
final class KeyRebuilder {
    /** Bounds the subsets tried after a failed key check: each try costs a combine and a check. */
    static final int MAX_SUBSETS = 1_000;

    private final VaultSet vaults;
    private final ParallelShareReader reader;
    private final KeyMaterialCheck materialCheck;
    private final SecureRandom random;

    KeyRebuilder(VaultSet vaults, KeyMaterialCheck materialCheck, SecureRandom random) {
        this.vaults = Objects.requireNonNull(vaults, "vaults");
        this.reader = new ParallelShareReader(vaults);
        this.materialCheck = Objects.requireNonNull(materialCheck, "materialCheck");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * A rebuilt key.
     *
     * @param key     the private key, proven to match the record's public key
     * @param warning empty, or what went wrong on the way (for the audit record; never key material)
     */
    record Rebuilt(PrivateKey key, Optional<String> warning) {
        @Override
        public String toString() {
            return "Rebuilt[" + key.getAlgorithm() + " private key redacted, " + warning + "]";
        }
    }

    /**
     * The private keys of {@code keys}, in the same order.
     *
     * @throws VaultsUnavailableException when fewer than k shares of a key can be read and the vaults
     *                                    that could not be reached are what is missing
     * @throws KeyServiceException        when fewer than k shares of a key can be read for other reasons
     *                                    (no share, failed integrity check), or no k of a key's shares
     *                                    rebuild it; both name each vault's problem
     */
    List<Rebuilt> rebuild(List<KeyRecord> keys) {
        Map<String, ParallelShareReader.FirstShares> first = reader.readFirst(keys);
        List<Rebuilt> rebuilt = new ArrayList<>(keys.size());
        try {
            for (KeyRecord key : keys) {
                first.get(key.keyId()).requireEnough(key);
            }
            for (KeyRecord key : keys) {
                rebuilt.add(rebuild(key, first.get(key.keyId()).shares()));
            }
            return rebuilt;
        } catch (RuntimeException e) {
            rebuilt.forEach(r -> PrivateKeys.destroy(r.key()));
            throw e;
        } finally {
            first.values().forEach(f -> f.shares().forEach(Share::wipe));
        }
    }

    /** Key {@code key} from its first k shares, or else from any k of all its shares read afresh. */
    private Rebuilt rebuild(KeyRecord key, List<Share> first) {
        // The key's own k and n, which may differ from today's settings.
        KeySplitter joiner = new KeySplitter(key.threshold(), key.shareCount(), random);
        Optional<PrivateKey> fromFirst = combine(joiner, key, first);
        if (fromFirst.isPresent()) {
            return new Rebuilt(fromFirst.get(), Optional.empty());
        }
        // Rare: a vault handed out a wrong share. Read every share, one vault after another, and vote.
        List<Share> all = new ArrayList<>(key.shareCount());
        List<String> allProblems = new ArrayList<>();
        try {
            List<String> ids = key.vaultIds();
            for (int i = 0; i < ids.size(); i++) {
                readShare(key, i, ids.get(i), allProblems).ifPresent(all::add);
            }
            Optional<Rebuilt> other = trySubsets(joiner, key, all);
            if (other.isPresent()) {
                return other.get();
            }
            throw new KeyServiceException("cannot release key " + key.keyId() + " of " + key.address() + ": no " + key.threshold()
                    + " of the " + all.size() + " shares read rebuild the key on record: a share is wrong, tampered or from another key"
                    + (allProblems.isEmpty() ? "" : "; " + String.join("; ", allProblems)));
        } finally {
            all.forEach(Share::wipe);
        }
    }

    private Optional<Rebuilt> trySubsets(KeySplitter joiner, KeyRecord key, List<Share> shares) {
        int k = key.threshold();
        int[] pick = new int[k];
        for (int i = 0; i < k; i++) {
            pick[i] = i;
        }
        if (shares.size() < k) {
            return Optional.empty();
        }
        // The shares were read afresh, so the first subset (0..k-1) is tried again too.
        for (int tried = 0; tried < MAX_SUBSETS; tried++) {
            List<Share> subset = new ArrayList<>(k);
            for (int i : pick) {
                subset.add(shares.get(i));
            }
            Optional<PrivateKey> rebuilt = combine(joiner, key, subset);
            if (rebuilt.isPresent()) {
                List<Integer> used = subset.stream().map(Share::index).toList();
                return Optional.of(new Rebuilt(rebuilt.get(), Optional.of("key " + key.keyId()
                        + " failed the key check with the first shares read and was rebuilt from shares " + used
                        + ": a vault holds a wrong share")));
            }
            if (!nextSubset(pick, shares.size())) {
                break;
            }
        }
        return Optional.empty();
    }

    /** Advances {@code pick} to the next k-subset of 0..size-1 in lexicographic order; false after the last. */
    private static boolean nextSubset(int[] pick, int size) {
        int k = pick.length;
        int i = k - 1;
        while (i >= 0 && pick[i] == size - k + i) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        pick[i]++;
        for (int j = i + 1; j < k; j++) {
            pick[j] = pick[j - 1] + 1;
        }
        return true;
    }

    private Optional<PrivateKey> combine(KeySplitter joiner, KeyRecord key, List<Share> shares) {
        try {
            PrivateKey rebuilt = joiner.combine(shares, key.spec().algorithm());
            return materialCheck.matches(key.decodePublicKey(), rebuilt) ? Optional.of(rebuilt) : Optional.empty();
        } catch (KeyMismatchException | IllegalArgumentException e) {
            // Not a key of this kind, or shares of different lengths: not from one split.
            return Optional.empty();
        }
    }

    /** Share {@code i + 1} of {@code key} from vault {@code vaultId}, or empty with the reason added to {@code problems}. */
    private Optional<Share> readShare(KeyRecord key, int i, String vaultId, List<String> problems) {
        Optional<VaultClient> vault = vaults.byId(vaultId);
        if (vault.isEmpty()) {
            problems.add("vault " + vaultId + " is not configured or unreachable");
            return Optional.empty();
        }
        byte[] bytes = null;
        try {
            Optional<byte[]> stored = vault.get().get(key.keyId());
            if (stored.isEmpty()) {
                problems.add("vault " + vaultId + " has no share of it");
                return Optional.empty();
            }
            bytes = stored.get();
            return Optional.of(new Share(i + 1, bytes));
        } catch (VaultUnavailableException e) {
            problems.add("vault " + vaultId + " is unavailable (" + e.getMessage() + ")");
        } catch (VaultException e) {
            // A share failing its GCM tag (tampered, moved or another vault's) is an error, never garbage.
            problems.add("vault " + vaultId + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // An empty share from a misbehaving vault.
            problems.add("vault " + vaultId + " returned an unusable share");
        } finally {
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
        }
        return Optional.empty();
    }
}
