package org.sealpost.ca.lint;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** Signature algorithm rules, SBR section 7.1.3.2. */
public final class SignatureRules {
    private SignatureRules() {
    }

    private static final Set<ASN1ObjectIdentifier> RSA_PKCS1 = Set.of(PKCSObjectIdentifiers.sha256WithRSAEncryption,
            PKCSObjectIdentifiers.sha384WithRSAEncryption, PKCSObjectIdentifiers.sha512WithRSAEncryption);
    private static final Set<ASN1ObjectIdentifier> ECDSA = Set.of(X9ObjectIdentifiers.ecdsa_with_SHA256,
            X9ObjectIdentifiers.ecdsa_with_SHA384, X9ObjectIdentifiers.ecdsa_with_SHA512);

    public static final LintRule SIGNATURE_ALGORITHM_ALLOWED = new LintRule("e_signature_algorithm_allowed",
            "signature is RSA PKCS#1 v1.5 (NULL parameters) or ECDSA (no parameters) with SHA-256/384/512 (SBR 7.1.3.2)", t -> {
                AlgorithmIdentifier alg = t.tbs().getSignature();
                ASN1ObjectIdentifier oid = alg.getAlgorithm();
                if (RSA_PKCS1.contains(oid)) {
                    return alg.getParameters() == null || DERNull.INSTANCE.equals(alg.getParameters())
                            ? Optional.empty() : Optional.of("RSA signature algorithm has parameters other than NULL");
                }
                if (ECDSA.contains(oid)) {
                    return alg.getParameters() == null
                            ? Optional.empty() : Optional.of("ECDSA signature algorithm must have no parameters");
                }
                return Optional.of("signature algorithm " + oid + " is not SHA-256/384/512 with RSA PKCS#1 or ECDSA");
            });

    /** Every rule of this group. */
    public static List<LintRule> all() {
        return List.of(SIGNATURE_ALGORITHM_ALLOWED);
    }
}
