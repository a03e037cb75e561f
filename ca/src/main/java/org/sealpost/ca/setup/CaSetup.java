package org.sealpost.ca.setup;

import java.util.Objects;
import org.sealpost.ca.profile.CaPolicy;
import org.sealpost.ca.profile.CaUrls;

/**
 * What a new CA looks like.
 *
 * @param algorithm    key types
 * @param organization organizationName in the CA subjects, e.g. {@code Sealpost}
 * @param country      ISO 3166 country code in the CA subjects, or null for none
 * @param urls         where CRLs, OCSP and CA certificates will be published
 * @param policy       lifetimes (the TSA certificate uses the {@code timestamping} profile's)
 * @param keyStore     where the keys go
 */
public record CaSetup(CaAlgorithm algorithm, String organization, String country, CaUrls urls, CaPolicy policy,
                      KeyStoreChoice keyStore) {
    public CaSetup {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(urls, "urls");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(keyStore, "keyStore");
    }

    /** EC keys, PKCS#12, default policy. */
    public static CaSetup defaults(CaUrls urls) {
        return new CaSetup(CaAlgorithm.EC, "Sealpost", null, urls, CaPolicy.defaults(), new KeyStoreChoice.Pkcs12());
    }

    public CaSetup withAlgorithm(CaAlgorithm a) {
        return new CaSetup(a, organization, country, urls, policy, keyStore);
    }

    public CaSetup withKeyStore(KeyStoreChoice k) {
        return new CaSetup(algorithm, organization, country, urls, policy, k);
    }

    public CaSetup withPolicy(CaPolicy p) {
        return new CaSetup(algorithm, organization, country, urls, p, keyStore);
    }
}
