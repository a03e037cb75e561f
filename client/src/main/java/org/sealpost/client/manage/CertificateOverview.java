package org.sealpost.client.manage;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sealpost.client.account.Account;
import org.sealpost.client.account.AccountException;
import org.sealpost.client.service.SealpostService;
import org.sealpost.client.service.ServiceException;
import org.sealpost.client.store.StoreData;
import org.sealpost.client.store.StoreException;

/**
 * The certificate admin view of an enrolled account: the address's encryption certificates (the
 * current key's; older keys' on request), the device's signing certificate, its identity
 * certificates (V2-V4 for the device key, and the address's Vp chains, both refreshed from the
 * service and kept in the store), and the service's timestamp authority.
 *
 * <p>Only a removed device is an error: anything else the service cannot answer now leaves the
 * stored certificates shown and a note saying what is missing.
 */
public final class CertificateOverview {

    /**
     * The view.
     *
     * @param address      the account's address
     * @param deviceId     this device
     * @param certificates encryption, signing, identity, timestamp, in that order
     * @param notes        what could not be refreshed or is missing, one line each
     */
    public record Overview(String address, String deviceId, List<CertificateEntry> certificates, List<String> notes) {
        public Overview {
            certificates = List.copyOf(certificates);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Collects the view; refreshes the stored V2-V4 certificates ({@link IdentityRefresh}) and the
     * stored Vp chains when the service lists others.
     *
     * @param all also the encryption certificates of older keys
     * @throws AccountException when the device is not enrolled or was removed
     * @throws ServiceException when the service says this device was removed
     * @throws StoreException   when refreshed certificates cannot be saved
     */
    public Overview collect(Account account, boolean all) throws AccountException, ServiceException, StoreException {
        StoreData.DeviceCredentials device = account.device();
        SealpostService service = account.deviceService();
        List<String> notes = new ArrayList<>();
        refreshExternal(account, service, notes);
        new IdentityRefresh().refresh(account).warning().ifPresent(notes::add);
        StoreData data = account.data();
        List<X509Certificate> cas = serviceCas(device);

        List<CertificateEntry> out = new ArrayList<>();
        List<StoreData.EncryptionKey> keys = data.encryptionKeys();
        if (keys.isEmpty()) {
            notes.add("this device holds no encryption key yet: enrollment could not fetch the address's keys");
        }
        for (int i = 0; i < keys.size() && (all || i == 0); i++) {
            List<X509Certificate> certs = keys.get(i).certificates();
            for (int j = 0; j < certs.size(); j++) {
                X509Certificate c = certs.get(j);
                out.add(new CertificateEntry(CertificateEntry.Kind.ENCRYPTION, CertificateLevels.of(c, cas), c, i == 0 && j == 0,
                        Optional.empty()));
            }
        }
        X509Certificate signing = device.certificate();
        out.add(new CertificateEntry(CertificateEntry.Kind.SIGNING, CertificateLevels.of(signing, cas), signing, true,
                Optional.of(device.id())));
        Set<String> seenLevels = new HashSet<>();
        for (StoreData.IdentityCertificate identity : data.identities()) {
            X509Certificate c = identity.certificate();
            String level = CertificateLevels.of(c, cas).orElse(identity.level());
            boolean deviceKey = c.getPublicKey().equals(signing.getPublicKey());
            // Newest first in the store: the first of each level is the one in use.
            out.add(new CertificateEntry(CertificateEntry.Kind.IDENTITY, Optional.of(level), c, seenLevels.add(level),
                    deviceKey ? Optional.of(device.id()) : Optional.empty()));
        }
        try {
            X509Certificate tsa = account.service().timestampCertificate();
            out.add(new CertificateEntry(CertificateEntry.Kind.TIMESTAMP, CertificateLevels.of(tsa, cas), tsa, true, Optional.empty()));
        } catch (ServiceException e) {
            notes.add("the timestamp authority's certificate is not shown: " + e.getMessage());
        }
        return new Overview(account.settings().address(), device.id(), out, notes);
    }

    /**
     * Replaces the stored Vp chains by the service's ({@code GET /v1/identity/external}): one call,
     * and the only identity certificates the service lists for the address as a whole.
     */
    private static void refreshExternal(Account account, SealpostService service, List<String> notes)
            throws ServiceException, StoreException {
        List<List<X509Certificate>> chains;
        try {
            chains = service.externalChains();
        } catch (ServiceException e) {
            if (e.deviceRemoved()) {
                throw e;
            }
            notes.add("the Vp certificates were not refreshed: " + e.getMessage());
            return;
        }
        StoreData data = account.data();
        List<StoreData.IdentityCertificate> kept = new ArrayList<>();
        List<List<X509Certificate>> stored = new ArrayList<>();
        for (StoreData.IdentityCertificate i : data.identities()) {
            // An imported Vp certificate (with its key) is the user's: the service's list never replaces it.
            if (CertificateLevels.EXTERNAL.equals(i.level()) && i.privateKey().isEmpty()) {
                stored.add(i.chain());
            } else {
                kept.add(i);
            }
        }
        List<X509Certificate> imported = kept.stream().filter(i -> i.privateKey().isPresent()).map(StoreData.IdentityCertificate::certificate).toList();
        List<List<X509Certificate>> fetched = chains.stream().filter(c -> !c.isEmpty() && !imported.contains(c.getFirst())).toList();
        if (stored.equals(fetched)) {
            return;
        }
        for (List<X509Certificate> chain : fetched) {
            kept.add(new StoreData.IdentityCertificate(CertificateLevels.EXTERNAL, chain));
        }
        account.save(data.withIdentities(kept));
    }

    /**
     * The CAs of the service: the device certificate's issuers. Not the store's trust anchors, which
     * may hold roots the user added, whose certificates are another CA's (Vp).
     */
    private static List<X509Certificate> serviceCas(StoreData.DeviceCredentials device) {
        return device.chain().subList(1, device.chain().size());
    }
}
