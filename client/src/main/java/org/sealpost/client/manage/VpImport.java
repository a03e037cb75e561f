package org.sealpost.client.manage;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sealpost.client.account.Account;
import org.sealpost.client.account.AccountException;
import org.sealpost.client.store.StoreData;
import org.sealpost.client.store.StoreException;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.KeyPairs;

/**
 * Brings a Vp certificate (one a publicly trusted CA issued for the address) with its private key into
 * the local store, so that {@code send} signs with it beside the device certificate (dual signature).
 * The service keeps only the chain (docs/IDENTITY-LEVELS.md, "Vp"); the key stays with its holder.
 */
public final class VpImport {
    private static final String EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";

    private VpImport() {
    }

    /**
     * Checks {@code identity} for the account's address and stores it, replacing an earlier import of the
     * same certificate.
     *
     * @throws AccountException with the failed check when it is not a Vp certificate this account can sign with
     */
    public static StoreData.IdentityCertificate importInto(Account account, Identity identity, Instant now)
            throws AccountException, StoreException {
        X509Certificate cert = identity.certificate();
        String address = account.settings().address();
        if (!KeyPairs.matches(identity.privateKey(), cert.getPublicKey())) {
            throw new AccountException("the key in the file does not belong to its certificate");
        }
        if (now.isBefore(cert.getNotBefore().toInstant()) || now.isAfter(cert.getNotAfter().toInstant())) {
            throw new AccountException("the certificate is not valid now (" + cert.getNotBefore().toInstant() + " to "
                    + cert.getNotAfter().toInstant() + ")");
        }
        if (!emails(cert).contains(address.toLowerCase(Locale.ROOT))) {
            throw new AccountException("the certificate does not name " + address + " (it names " + emails(cert) + ")");
        }
        boolean[] usage = cert.getKeyUsage();
        if (usage != null && !(usage[0] || usage[1])) {
            throw new AccountException("the certificate's key usage does not allow signatures");
        }
        try {
            List<String> eku = cert.getExtendedKeyUsage();
            if (eku != null && !eku.contains(EMAIL_PROTECTION)) {
                throw new AccountException("the certificate's extended key usage does not allow mail (emailProtection)");
            }
        } catch (CertificateParsingException e) {
            throw new AccountException("the certificate's extended key usage cannot be read");
        }
        StoreData.IdentityCertificate vp = new StoreData.IdentityCertificate(CertificateLevels.EXTERNAL, identity.chain(),
                Optional.of(identity.privateKey()));
        List<StoreData.IdentityCertificate> identities = new ArrayList<>();
        identities.add(vp);
        account.data().identities().stream().filter(i -> !i.certificate().equals(cert)).forEach(identities::add);
        account.save(account.data().withIdentities(identities));
        return vp;
    }

    private static List<String> emails(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> n : names) {
                    if (Integer.valueOf(1).equals(n.get(0))) {
                        out.add(String.valueOf(n.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // No readable SAN: the address check below fails with an empty list.
        }
        return out;
    }
}
