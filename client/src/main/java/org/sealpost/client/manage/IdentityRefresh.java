package org.sealpost.client.manage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.client.account.Account;
import org.sealpost.client.account.AccountException;
import org.sealpost.client.service.HeldIdentity;
import org.sealpost.client.service.ServiceException;
import org.sealpost.client.store.StoreData;
import org.sealpost.client.store.StoreException;

/**
 * Brings the V2-V4 certificates the service issued for this device's key into the local store
 * ({@code GET /v1/identity/certificates}, one call): they replace the stored V2-V4 entries, so
 * renewed, revoked and expired ones leave the store; the Vp chains (refreshed by
 * {@link CertificateOverview} from {@code /v1/identity/external}) are kept as they are. The store is
 * written only when something changed.
 */
public final class IdentityRefresh {

    /**
     * What the refresh left.
     *
     * @param data    the store's data afterwards: refreshed, or as stored when the service could not answer
     * @param warning why the certificates were not refreshed, one line; empty when they were
     */
    public record Refreshed(StoreData data, Optional<String> warning) {
        public Refreshed {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(warning, "warning");
        }

        /**
         * The data to sign with: as refreshed, or, when the service could not confirm the V2-V4
         * certificates now, without them (the device certificate signs alone rather than a
         * certificate that may have been revoked meanwhile).
         */
        public StoreData signable() {
            if (warning.isEmpty()) {
                return data;
            }
            return data.withIdentities(data.identities().stream()
                    .filter(i -> CertificateLevels.EXTERNAL.equals(i.level())).toList());
        }
    }

    /**
     * Refreshes the stored V2-V4 certificates from the service.
     *
     * @throws AccountException when the device is not enrolled
     * @throws ServiceException only when the service says this device was removed; any other failure is the warning
     * @throws StoreException   when the refreshed certificates cannot be saved
     */
    public Refreshed refresh(Account account) throws AccountException, ServiceException, StoreException {
        account.device();
        List<HeldIdentity> fetched;
        try {
            fetched = account.deviceService().identityCertificates();
        } catch (ServiceException e) {
            if (e.deviceRemoved()) {
                throw e;
            }
            return new Refreshed(account.data(), Optional.of("the V2-V4 identity certificates were not refreshed: " + e.getMessage()));
        }
        StoreData data = account.data();
        List<StoreData.IdentityCertificate> issued = fetched.stream()
                .map(h -> new StoreData.IdentityCertificate(h.level(), h.chain())).toList();
        List<StoreData.IdentityCertificate> stored = new ArrayList<>();
        List<StoreData.IdentityCertificate> external = new ArrayList<>();
        for (StoreData.IdentityCertificate i : data.identities()) {
            (CertificateLevels.EXTERNAL.equals(i.level()) ? external : stored).add(i);
        }
        if (stored.equals(issued)) {
            return new Refreshed(data, Optional.empty());
        }
        List<StoreData.IdentityCertificate> all = new ArrayList<>(issued);
        all.addAll(external);
        StoreData refreshed = data.withIdentities(all);
        account.save(refreshed);
        return new Refreshed(account.data(), Optional.empty());
    }
}
