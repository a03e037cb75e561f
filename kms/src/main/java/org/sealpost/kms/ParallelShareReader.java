package org.sealpost.kms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sealpost.vault.ShareBatch;
import org.sealpost.vault.VaultClient;
import org.sealpost.vault.VaultUnavailableException;

/**
 * Reads the shares of several keys (an address's history) with one batch read per vault, all vaults
 * at the same time, and keeps per key the first k shares that arrive. A vault that is down, slow or
 * hanging, has no share of a key, or whose share of a key fails its integrity check is passed over for
 * that key while k others answer.
 *
 * <p>Each vault is read on a virtual thread of its own that hands its answer over a queue; the
 * caller's thread alone does the counting. Reads still running when every key has its k shares are
 * not interrupted (an interrupt may break an embedded H2 database's file); the shares they bring
 * later are wiped at once.
 *
 * <p>Thread-safe.
 */
final class ParallelShareReader {
    private final VaultSet vaults;

    ParallelShareReader(VaultSet vaults) {
        this.vaults = Objects.requireNonNull(vaults, "vaults");
    }

    /**
     * What the reads gave one key by the time it had k shares or every one of its vaults had answered.
     * The caller wipes the shares.
     *
     * @param unavailable the ids of the key's vaults that could not be reached
     */
    record FirstShares(List<Share> shares, List<String> problems, List<String> unavailable) {
        /**
         * @throws VaultsUnavailableException when fewer than k shares arrived and the unreachable vaults
         *                                    are what is missing (a later try can succeed)
         * @throws KeyServiceException        when fewer than k shares arrived for other reasons
         */
        void requireEnough(KeyRecord key) {
            if (shares.size() >= key.threshold()) {
                return;
            }
            String message = "cannot release key " + key.keyId() + " of " + key.address() + ": " + shares.size() + " of the "
                    + key.threshold() + " shares needed could be read; " + String.join("; ", problems);
            if (!unavailable.isEmpty() && shares.size() + unavailable.size() >= key.threshold()) {
                throw new VaultsUnavailableException(message, unavailable);
            }
            throw new KeyServiceException(message);
        }

        @Override
        public String toString() {
            return "FirstShares[" + shares.size() + " shares redacted, " + problems + "]";
        }
    }

    /** The first k shares of each of {@code keys}, by key id. */
    Map<String, FirstShares> readFirst(List<KeyRecord> keys) {
        Map<String, List<KeyRecord>> byVault = new LinkedHashMap<>();
        for (KeyRecord key : keys) {
            for (String vaultId : key.vaultIds()) {
                byVault.computeIfAbsent(vaultId, v -> new ArrayList<>()).add(key);
            }
        }
        Answers answers = new Answers();
        Tally tally = new Tally(keys);
        boolean handedOver = false;
        ExecutorService reads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            byVault.forEach((vaultId, held) -> reads.execute(() -> read(vaultId, held, answers)));
            while (!tally.done()) {
                tally.count(answers.take());
            }
            Map<String, FirstShares> first = tally.first();
            handedOver = true;
            return first;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyServiceException("interrupted while reading the shares of " + keys.getFirst().address() + "'s keys");
        } finally {
            if (!handedOver) {
                tally.wipe();
            }
            answers.close();
            reads.shutdown();
        }
    }

    /** One vault's answer for one key: a share, or why there is none. */
    private sealed interface Outcome {
        KeyRecord key();

        String vaultId();
    }

    private record Got(KeyRecord key, String vaultId, Share share) implements Outcome {
    }

    /** @param unavailable the vault could not be reached (as opposed to: it answered without a usable share) */
    private record Missed(KeyRecord key, String vaultId, String problem, boolean unavailable) implements Outcome {
    }

    /**
     * Reads the shares of {@code held} from vault {@code vaultId}, at most
     * {@link org.sealpost.vault.KeyIds#MAX_BATCH} per request, and hands every key's outcome to {@code answers}.
     */
    private void read(String vaultId, List<KeyRecord> held, Answers answers) {
        int batch = org.sealpost.vault.KeyIds.MAX_BATCH;
        for (int from = 0; from < held.size(); from += batch) {
            List<KeyRecord> chunk = held.subList(from, Math.min(held.size(), from + batch));
            List<Outcome> outcomes = null;
            String failure = "Error";
            try {
                outcomes = readChunk(vaultId, chunk);
            } catch (RuntimeException e) {
                failure = e.getClass().getSimpleName();
            } finally {
                // Always, so that the caller never waits for an answer that will not come.
                String reason = "vault " + vaultId + " failed (" + failure + ")";
                answers.add(outcomes != null ? outcomes : missedAll(chunk, vaultId, reason, false));
            }
        }
    }

    private List<Outcome> readChunk(String vaultId, List<KeyRecord> chunk) {
        Optional<VaultClient> vault = vaults.byId(vaultId);
        if (vault.isEmpty()) {
            // Unknown ids mean a configured vault was down when asked for its id: this may be it.
            boolean unreachable = vaults.hasUnknownIds();
            return missedAll(chunk, vaultId, "vault " + vaultId + (unreachable ? " is not configured or unreachable" : " is not configured"),
                    unreachable);
        }
        ShareBatch batch;
        try {
            batch = vault.get().getAll(chunk.stream().map(KeyRecord::keyId).toList());
        } catch (VaultUnavailableException e) {
            return missedAll(chunk, vaultId, "vault " + vaultId + " is unavailable (" + e.getMessage() + ")", true);
        }
        try {
            List<Outcome> outcomes = new ArrayList<>(chunk.size());
            for (KeyRecord key : chunk) {
                outcomes.add(outcome(vaultId, key, batch));
            }
            return outcomes;
        } finally {
            batch.wipe();
        }
    }

    private static List<Outcome> missedAll(List<KeyRecord> chunk, String vaultId, String problem, boolean unavailable) {
        return chunk.stream().<Outcome>map(key -> new Missed(key, vaultId, problem, unavailable)).toList();
    }

    private static Outcome outcome(String vaultId, KeyRecord key, ShareBatch batch) {
        byte[] bytes = batch.shares().get(key.keyId());
        if (bytes != null) {
            try {
                return new Got(key, vaultId, new Share(key.vaultIds().indexOf(vaultId) + 1, bytes));
            } catch (IllegalArgumentException e) {
                // An empty share from a misbehaving vault.
                return new Missed(key, vaultId, "vault " + vaultId + " returned an unusable share", false);
            }
        }
        String failure = batch.failures().get(key.keyId());
        if (failure != null) {
            // A share failing its GCM tag (tampered, moved or another vault's) is an error, never garbage.
            return new Missed(key, vaultId, "vault " + vaultId + ": " + failure, false);
        }
        return new Missed(key, vaultId, "vault " + vaultId + " has no share of it", false);
    }

    private static void wipe(List<Outcome> outcomes) {
        for (Outcome outcome : outcomes) {
            if (outcome instanceof Got got) {
                got.share().wipe();
            }
        }
    }

    /** The hand-off from the reading threads to the caller; once closed, whatever is or arrives in it is wiped. */
    private static final class Answers {
        private final BlockingQueue<List<Outcome>> queue = new LinkedBlockingQueue<>();
        private final AtomicBoolean closed = new AtomicBoolean();

        void add(List<Outcome> outcomes) {
            queue.add(outcomes);
            // Closed meanwhile: the caller may have drained the queue before this arrived.
            if (closed.get()) {
                drain();
            }
        }

        List<Outcome> take() throws InterruptedException {
            return queue.take();
        }

        void close() {
            closed.set(true);
            drain();
        }

        private void drain() {
            for (List<Outcome> late = queue.poll(); late != null; late = queue.poll()) {
                wipe(late);
            }
        }
    }

    /** The caller's count of shares and problems per key. Confined to the caller's thread. */
    private static final class Tally {
        private final Map<String, Progress> byKey = new LinkedHashMap<>();

        Tally(List<KeyRecord> keys) {
            for (KeyRecord key : keys) {
                byKey.put(key.keyId(), new Progress(key.threshold(), key.vaultIds().size()));
            }
        }

        void count(List<Outcome> outcomes) {
            for (Outcome outcome : outcomes) {
                Progress p = byKey.get(outcome.key().keyId());
                p.outstanding--;
                switch (outcome) {
                    case Got got -> {
                        if (p.shares.size() < p.want) {
                            p.shares.add(got.share());
                        } else {
                            got.share().wipe();
                        }
                    }
                    case Missed missed -> {
                        p.problems.add(missed.problem());
                        if (missed.unavailable()) {
                            p.unavailable.add(missed.vaultId());
                        }
                    }
                }
            }
        }

        /** Whether every key has its k shares or has heard from all its vaults. */
        boolean done() {
            for (Progress p : byKey.values()) {
                if (p.shares.size() < p.want && p.outstanding > 0) {
                    return false;
                }
            }
            return true;
        }

        void wipe() {
            byKey.values().forEach(p -> p.shares.forEach(Share::wipe));
        }

        Map<String, FirstShares> first() {
            Map<String, FirstShares> first = new LinkedHashMap<>();
            byKey.forEach((keyId, p) -> first.put(keyId, new FirstShares(List.copyOf(p.shares), List.copyOf(p.problems),
                    List.copyOf(p.unavailable))));
            return first;
        }
    }

    /** One key's progress. */
    private static final class Progress {
        final int want;
        int outstanding;
        final List<Share> shares = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final List<String> unavailable = new ArrayList<>();

        Progress(int want, int vaults) {
            this.want = want;
            this.outstanding = vaults;
        }
    }
}
