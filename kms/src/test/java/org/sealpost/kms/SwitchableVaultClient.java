package org.sealpost.kms;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.sealpost.vault.ShareBatch;
import org.sealpost.vault.VaultClient;
import org.sealpost.vault.VaultUnavailableException;

/**
 * Fault injection: a vault client that can be switched off, answering as a vault that is down would,
 * and that can run a hook before a put.
 */
final class SwitchableVaultClient implements VaultClient {
    private final VaultClient delegate;
    private final String vaultId;
    private volatile boolean down;
    private volatile Runnable beforePut = () -> { };
    private volatile Duration getDelay = Duration.ZERO;
    private final AtomicInteger batchReads = new AtomicInteger();

    SwitchableVaultClient(VaultClient delegate) {
        this.delegate = delegate;
        this.vaultId = delegate.vaultId();
    }

    void down() {
        down = true;
    }

    void up() {
        down = false;
    }

    /** Makes every read (single or batch) wait {@code delay} first: a slow or hanging vault. */
    void slowGets(Duration delay) {
        getDelay = delay;
    }

    /** Runs {@code hook} before every put: something else happening while a create is under way. */
    void beforePut(Runnable hook) {
        beforePut = hook;
    }

    private void check() throws VaultUnavailableException {
        if (down) {
            throw new VaultUnavailableException("vault " + vaultId + " is down (test)");
        }
    }

    @Override
    public String vaultId() {
        return vaultId;
    }

    @Override
    public void put(String keyId, byte[] share) throws VaultUnavailableException {
        check();
        beforePut.run();
        delegate.put(keyId, share);
    }

    @Override
    public Optional<byte[]> get(String keyId) throws VaultUnavailableException {
        beforeRead();
        return delegate.get(keyId);
    }

    @Override
    public ShareBatch getAll(Collection<String> keyIds) throws VaultUnavailableException {
        beforeRead();
        batchReads.incrementAndGet();
        return delegate.getAll(keyIds);
    }

    /** How many batch reads reached this vault. */
    int batchReads() {
        return batchReads.get();
    }

    private void beforeRead() throws VaultUnavailableException {
        check();
        if (!getDelay.isZero()) {
            try {
                Thread.sleep(getDelay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VaultUnavailableException("interrupted (test)");
            }
        }
    }

    @Override
    public boolean delete(String keyId) throws VaultUnavailableException {
        check();
        return delegate.delete(keyId);
    }
}
