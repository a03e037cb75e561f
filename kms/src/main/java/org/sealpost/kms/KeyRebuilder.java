package org.sealpost.kms;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.sealpost.vault.VaultClient;
import org.sealpost.vault.VaultException;
import org.sealpost.vault.VaultUnavailableException;

/**
 * Rebuilds one key's private half from its vaults: asks all its vaults in parallel and keeps the
 * first k shares that arrive (vaults that are down, slow, or whose share fails its integrity check
 * are passed over), combines them and proves the result against the stored public key.
 *
 * <p>When the first k shares do not give the key (a vault handed out a wrong share that its own
 * integrity check could not catch, e.g. a buggy vault or one whose KEK and database were both
 * altered), every share is read again and each k-subset is tried, so that n &gt; k also
 * tolerates one bad vault; the release then carries a warning for the audit trail.
 *
 * <p>Thread-safe.
 */
final class KeyRebuilder {
    /** Bounds the subsets tried after a failed key check: each try costs a signature. */
    static final int MAX_SUBSETS = 1_000;

    private final VaultSet vaults;
    private final KeyMaterialCheck materialCheck;
    private final SecureRandom random;

    KeyRebuilder(VaultSet vaults, KeyMaterialCheck materialCheck, SecureRandom random) {
        this.vaults = Objects.requireNonNull(vaults, "vaults");
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
     * The private key of {@code key}.
     *
     * @throws KeyServiceException when fewer than k shares can be read (naming each vault's problem)
     *                             or no k of the shares read rebuild the key
     */
    Rebuilt rebuild(KeyRecord key) {
        List<String> problems = new ArrayList<>();
        // The key's own k and n, which may differ from today's settings.
        KeySplitter joiner = new KeySplitter(key.threshold(), key.shareCount(), random);
        List<Share> first = readFirst(key, key.threshold(), problems);
        try {
            if (first.size() < key.threshold()) {
                throw new KeyServiceException("cannot release key " + key.keyId() + " of " + key.address() + ": " + first.size()
                        + " of the " + key.threshold() + " shares needed could be read; " + String.join("; ", problems));
            }
            Optional<PrivateKey> rebuilt = combine(joiner, key, first);
            if (rebuilt.isPresent()) {
                return new Rebuilt(rebuilt.get(), Optional.empty());
            }
        } finally {
            first.forEach(Share::wipe);
        }
        // Rare: a vault handed out a wrong share. Read every share, one vault after another, and vote.
        List<Share> all = new ArrayList<>(key.shareCount());
        List<String> allProblems = new ArrayList<>();
        try {
            read(key, 0, Integer.MAX_VALUE, all, allProblems);
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

    /**
     * Asks all of {@code key}'s vaults at once and returns the first {@code want} shares that arrive
     * (fewer when too few vaults can give one, after every vault has answered or failed). A slow or
     * hanging vault therefore costs nothing while k others answer. Reads still running afterwards are
     * left to finish on their own (not interrupted: an interrupt may break an embedded H2 database's
     * file); the shares they bring are wiped at once.
     */
    private List<Share> readFirst(KeyRecord key, int want, List<String> problems) {
        List<String> ids = key.vaultIds();
        Collector collector = new Collector(want, ids.size());
        ExecutorService reads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (int i = 0; i < ids.size(); i++) {
                int position = i;
                reads.execute(() -> {
                    List<String> problem = new ArrayList<>(1);
                    Optional<Share> share = Optional.empty();
                    try {
                        share = readShare(key, position, ids.get(position), problem);
                    } catch (RuntimeException e) {
                        problem.add("vault " + ids.get(position) + " failed (" + e.getClass().getSimpleName() + ")");
                    } finally {
                        collector.offer(share, problem);
                    }
                });
            }
            return collector.await(problems);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            collector.close();
            throw new KeyServiceException("interrupted while reading the shares of key " + key.keyId());
        } finally {
            reads.shutdown();
        }
    }

    /** Gathers shares from parallel reads until enough have arrived; wipes every share that comes too late. */
    private static final class Collector {
        private final int want;
        private int outstanding;
        private final List<Share> shares = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private boolean closed;

        Collector(int want, int reads) {
            this.want = want;
            this.outstanding = reads;
        }

        synchronized void offer(Optional<Share> share, List<String> problem) {
            outstanding--;
            if (share.isPresent()) {
                if (closed || shares.size() >= want) {
                    share.get().wipe();
                } else {
                    shares.add(share.get());
                }
            }
            problems.addAll(problem);
            notifyAll();
        }

        /** Waits for {@code want} shares or for every read to end; adds the problems seen so far to {@code into}. */
        synchronized List<Share> await(List<String> into) throws InterruptedException {
            while (shares.size() < want && outstanding > 0) {
                wait();
            }
            closed = true;
            into.addAll(problems);
            return new ArrayList<>(shares);
        }

        synchronized void close() {
            closed = true;
            shares.forEach(Share::wipe);
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

    /**
     * Reads shares of {@code key} from its vaults at positions {@code from}.. until {@code shares}
     * holds {@code want}; returns the position after the last vault asked.
     */
    private int read(KeyRecord key, int from, int want, List<Share> shares, List<String> problems) {
        List<String> ids = key.vaultIds();
        int i = from;
        for (; i < ids.size() && shares.size() < want; i++) {
            readShare(key, i, ids.get(i), problems).ifPresent(shares::add);
        }
        return i;
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
