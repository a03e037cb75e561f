package org.sealpost.core.smime.verify;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAParams;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.DSAPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.DefaultCMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Selector;
import org.bouncycastle.util.Store;
import org.sealpost.core.keys.CertificatePaths;
import org.sealpost.core.CryptoProviders;
import org.sealpost.core.keys.Names;
import org.sealpost.core.smime.cms.CmsContentType;
import org.sealpost.core.smime.cms.CmsNames;

/**
 * Judges one SignerInfo: signature value, algorithm policy, key usage, the From address, the
 * certificate path at signing time and an optional timestamp. Each check that fails gives the
 * reason in one sentence; the first one wins.
 */
final class SignerChecks {
    private static final String EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    private static final String ANY_EKU = "2.5.29.37.0";
    private static final int MIN_RSA_BITS = 1024;
    private static final int WARN_RSA_BITS = 2048;

    private final VerifyOptions options;
    private final JcaX509CertificateConverter converter = new JcaX509CertificateConverter();

    SignerChecks(VerifyOptions options) {
        this.options = options;
    }

    SignerResult check(SignerInformation signer, Store<X509CertificateHolder> messageCerts, Optional<String> from) {
        List<X509Certificate> pool = certificates(messageCerts);
        String digest = CmsNames.algorithm(signer.getDigestAlgOID());
        Optional<Instant> signingTime = signingTime(signer);
        X509Certificate cert;
        try {
            cert = signerCertificate(signer, messageCerts);
        } catch (RuntimeException e) {
            // Bouncy Castle parses the issuer name of the signer identifier only when comparing it.
            return new SignerResult(Optional.empty(), List.of(), "", "", "", digest, false, false,
                    "the signer identifier is damaged", signingTime, Optional.empty(), List.of(), Optional.empty(), pool);
        }
        if (cert == null) {
            return new SignerResult(Optional.empty(), List.of(), "", "", "", digest, false, false,
                    "the signer's certificate is not in the message", signingTime, Optional.empty(), List.of(), Optional.empty(), pool);
        }
        List<String> emails = emails(cert);
        List<String> warnings = new ArrayList<>();
        Optional<String> email = from.filter(emails::contains).or(() -> emails.stream().findFirst());

        String problem = signatureProblem(signer, verificationKey(cert, pool, 0), warnings);
        if (problem == null) {
            problem = algorithmProblem(signer);
        }
        if (problem == null) {
            problem = keyProblem(cert, warnings);
        }
        if (problem == null) {
            problem = usageProblem(cert);
        }
        if (problem == null && emails.isEmpty()) {
            // Whether the certificate names the From address is judged over all layers: SenderBinding.
            problem = "the signer certificate names no email address";
        }
        Optional<TimestampResult> timestamp = timestamp(signer, pool);
        Date at = timestamp.filter(TimestampResult::valid).map(t -> Date.from(t.time()))
                .orElse(signingTime.map(Date::from).orElse(Date.from(options.clock().instant())));
        String pathProblem = pathProblem(cert, pool, at);
        long years = (cert.getNotAfter().getTime() - cert.getNotBefore().getTime()) / (365L * 24 * 3600 * 1000);
        if (years > 10) {
            warnings.add("the signer certificate is valid for " + years + " years");
        }
        timestamp.filter(t -> !t.valid()).ifPresent(t -> warnings.add("timestamp not usable: " + t.reason()));
        boolean valid = problem == null;
        boolean trusted = pathProblem == null;
        String reason = valid ? (trusted ? "ok" : pathProblem) : problem;
        return new SignerResult(email, emails, Names.display(cert.getSubjectX500Principal()),
                Names.display(cert.getIssuerX500Principal()), cert.getSerialNumber().toString(16), digest, valid, trusted,
                reason, signingTime, timestamp, warnings, Optional.of(cert), pool);
    }

    /** The certificate the signer identifier names, from the message or the extra certificates, or null. */
    private X509Certificate signerCertificate(SignerInformation signer, Store<X509CertificateHolder> messageCerts) {
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = messageCerts.getMatches((Selector<X509CertificateHolder>) (Selector<?>) signer.getSID());
        if (!matches.isEmpty()) {
            return convert(matches.iterator().next());
        }
        X509Certificate cert = null;
        for (X509Certificate c : options.intermediates()) {
            try {
                if (signer.getSID().match(new X509CertificateHolder(c.getEncoded()))) {
                    cert = c;
                }
            } catch (java.io.IOException | java.security.cert.CertificateEncodingException e) {
                // an unreadable extra certificate is simply not a match
            }
        }
        return cert;
    }

    private String signatureProblem(SignerInformation signer, PublicKey key, List<String> warnings) {
        try {
            // Built from the public key, not the certificate, so that validity dates are judged by the path check.
            // Bouncy Castle checks the signature value (it knows DSA with inherited parameters and every
            // RSASSA-PSS variant); the JDK computes the content digest, several times faster with SHA
            // instructions.
            SignerInformationVerifier verifier = new SignerInformationVerifier(
                    new DefaultCMSSignatureAlgorithmNameGenerator(), new DefaultSignatureAlgorithmIdentifierFinder(),
                    new JcaContentVerifierProviderBuilder().setProvider(CryptoProviders.bouncyCastle()).build(key),
                    new JcaDigestCalculatorProviderBuilder().build());
            boolean ok = signer.verify(verifier);
            if (!ok && signedOverReceivedAttributes(signer, verifier)) {
                warnings.add("the signed attributes are not DER encoded; the signature was checked over them as sent");
                ok = true;
            }
            return ok ? null : "the signature value does not match (the message was altered or signed with another key)";
        } catch (CMSSignerDigestMismatchException e) {
            return "the signed content was altered after signing (message digest mismatch)";
        } catch (Exception e) {
            return "the signature cannot be checked: " + CmsContentType.describe(e);
        }
    }

    /**
     * RFC 5652 wants the signed attributes DER encoded (sorted), and Bouncy Castle checks the
     * signature over that form. Some signers, RFC 4134's own example 4.10 among them, sign the
     * attributes in another order and send them so; OpenSSL checks over the bytes as sent. The
     * attribute values are read from those very bytes, so this vouches for the same content. Only
     * called after {@link SignerInformation#verify} has matched the content digest.
     */
    private static boolean signedOverReceivedAttributes(SignerInformation signer, SignerInformationVerifier verifier) {
        ASN1Set attrs = signer.toASN1Structure().getAuthenticatedAttributes();
        AttributeTable table = signer.getSignedAttributes();
        Attribute digest = table == null ? null : table.get(CMSAttributes.messageDigest);
        if (attrs == null || digest == null || signer.getContentDigest() == null) {
            return false;
        }
        try {
            byte[] asSent = attrs.getEncoded(ASN1Encoding.DL);
            byte[] claimed = ASN1OctetString.getInstance(digest.getAttrValues().getObjectAt(0)).getOctets();
            if (Arrays.equals(asSent, attrs.getEncoded(ASN1Encoding.DER))
                    || !MessageDigest.isEqual(claimed, signer.getContentDigest())) {
                return false;
            }
            ContentVerifier contentVerifier = verifier.getContentVerifier(
                    signer.toASN1Structure().getDigestEncryptionAlgorithm(), signer.getDigestAlgorithmID());
            try (OutputStream out = contentVerifier.getOutputStream()) {
                out.write(asSent);
            }
            return contentVerifier.verify(signer.getSignature());
        } catch (IOException | OperatorCreationException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The certificate's public key; a DSA key without domain parameters inherits them from the key
     * of the certificate's issuer (RFC 3279 section 2.3.2), looked up among the known certificates.
     */
    private PublicKey verificationKey(X509Certificate cert, List<X509Certificate> pool, int depth) {
        PublicKey key = cert.getPublicKey();
        if (!(key instanceof DSAPublicKey dsa) || dsa.getParams() != null || depth > 8) {
            return key;
        }
        List<X509Certificate> known = new ArrayList<>(pool);
        known.addAll(options.intermediates());
        known.addAll(options.trustAnchors());
        for (X509Certificate issuer : known) {
            if (issuer.equals(cert) || !issuer.getSubjectX500Principal().equals(cert.getIssuerX500Principal())
                    || !(verificationKey(issuer, pool, depth + 1) instanceof DSAPublicKey parent) || parent.getParams() == null) {
                continue;
            }
            DSAParams p = parent.getParams();
            try {
                return KeyFactory.getInstance("DSA", CryptoProviders.bouncyCastle())
                        .generatePublic(new DSAPublicKeySpec(dsa.getY(), p.getP(), p.getQ(), p.getG()));
            } catch (GeneralSecurityException e) {
                return key;
            }
        }
        return key;
    }

    private String algorithmProblem(SignerInformation signer) {
        String oid = signer.getDigestAlgOID();
        if (oid.equals(PKCSObjectIdentifiers.md5.getId()) || oid.equals(PKCSObjectIdentifiers.md2.getId())) {
            return "the signature uses " + CmsNames.algorithm(oid) + ", which is broken and never accepted";
        }
        String enc = signer.getEncryptionAlgOID();
        boolean sha1 = oid.equals(OIWObjectIdentifiers.idSHA1.getId())
                || enc.equals(PKCSObjectIdentifiers.sha1WithRSAEncryption.getId())
                || enc.equals(PKCSObjectIdentifiers.md5WithRSAEncryption.getId());
        if (sha1 && !options.allowWeakDigests()) {
            return "the signature uses SHA-1, which is refused by default (collisions are practical)";
        }
        return null;
    }

    private static String keyProblem(X509Certificate cert, List<String> warnings) {
        if (cert.getPublicKey() instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                return "the signer's RSA key has only " + bits + " bits (at least " + MIN_RSA_BITS + " are required)";
            }
            if (bits < WARN_RSA_BITS) {
                warnings.add("the signer's RSA key has only " + bits + " bits");
            }
        }
        return null;
    }

    private static String usageProblem(X509Certificate cert) {
        boolean[] ku = cert.getKeyUsage();
        if (ku != null && !ku[0] && !ku[1]) {
            return "the signer certificate's key usage does not allow signing";
        }
        try {
            List<String> eku = cert.getExtendedKeyUsage();
            if (eku != null && !eku.contains(EMAIL_PROTECTION) && !eku.contains(ANY_EKU)) {
                return "the signer certificate is not for email (extended key usage lacks emailProtection)";
            }
        } catch (GeneralSecurityException e) {
            return "the signer certificate's extended key usage cannot be read";
        }
        return null;
    }

    private String pathProblem(X509Certificate cert, List<X509Certificate> pool, Date at) {
        if (options.trustAnchors().isEmpty()) {
            return "the signature is correct but no trust anchor was given, so the signer is not trusted";
        }
        try {
            List<Object> others = new ArrayList<>(pool);
            others.addAll(options.intermediates());
            others.addAll(options.crls());
            CertificatePaths.build(cert, options.trustAnchors(), others, at, !options.crls().isEmpty());
            return null;
        } catch (GeneralSecurityException | RuntimeException e) {
            return "the signer certificate is not trusted at the signing time: " + rootMessage(e);
        }
    }

    private Optional<TimestampResult> timestamp(SignerInformation signer, List<X509Certificate> pool) {
        AttributeTable unsigned = signer.getUnsignedAttributes();
        Attribute attr = unsigned == null ? null : unsigned.get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        if (attr == null) {
            return Optional.empty();
        }
        try {
            TimeStampToken token = new TimeStampToken(ContentInfo.getInstance(attr.getAttrValues().getObjectAt(0)));
            var info = token.getTimeStampInfo();
            Instant time = info.getGenTime().toInstant();
            String tsa = info.getTsa() != null ? info.getTsa().getName().toString() : "";
            String hashName = info.getHashAlgorithm().getAlgorithm().getId();
            byte[] expected = MessageDigest.getInstance(hashName, CryptoProviders.bouncyCastle()).digest(signer.getSignature());
            if (!MessageDigest.isEqual(expected, info.getMessageImprintDigest())) {
                return Optional.of(new TimestampResult(time, tsa, false, false, "the timestamp does not cover this signature"));
            }
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> tsaCerts = token.getCertificates().getMatches((Selector<X509CertificateHolder>) (Selector<?>) token.getSID());
            if (tsaCerts.isEmpty()) {
                return Optional.of(new TimestampResult(time, tsa, false, false, "the timestamp carries no TSA certificate"));
            }
            X509CertificateHolder tsaCert = tsaCerts.iterator().next();
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(CryptoProviders.bouncyCastle()).build(tsaCert));
            if (tsa.isEmpty()) {
                tsa = tsaCert.getSubject().toString();
            }
            List<X509Certificate> tsaPool = new ArrayList<>(pool);
            tsaPool.addAll(certificates(token.getCertificates()));
            X509Certificate tsaX509 = convert(tsaCert);
            String path = tsaPathProblem(tsaX509, tsaPool, Date.from(time));
            return Optional.of(new TimestampResult(time, tsa, true, path == null, path == null ? "ok" : path));
        } catch (Exception e) {
            return Optional.of(new TimestampResult(Instant.EPOCH, "", false, false,
                    "the timestamp token is not valid: " + CmsContentType.describe(e)));
        }
    }

    private String tsaPathProblem(X509Certificate tsaCert, List<X509Certificate> pool, Date at) {
        VerifyOptions noCrls = options.withCrls(List.of());
        return new SignerChecks(noCrls).pathProblem(tsaCert, pool, at);
    }

    static Optional<Instant> signingTime(SignerInformation signer) {
        AttributeTable signed = signer.getSignedAttributes();
        if (signed == null) {
            return Optional.empty();
        }
        Attribute attr = signed.get(CMSAttributes.signingTime);
        if (attr == null || attr.getAttrValues().size() == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Time.getInstance(attr.getAttrValues().getObjectAt(0)).getDate().toInstant());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Addresses from subjectAltName rfc822Name and the subject's emailAddress, lower case. */
    static List<String> emails(X509Certificate cert) {
        Set<String> out = new LinkedHashSet<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (((Integer) san.get(0)) == 1 && san.get(1) instanceof String s) {
                        out.add(s.toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            // unreadable SAN: fall back to the subject
        }
        X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        for (RDN rdn : subject.getRDNs(BCStyle.EmailAddress)) {
            ASN1Encodable v = rdn.getFirst().getValue();
            if (v instanceof ASN1String s) {
                out.add(s.getString().toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(out);
    }

    private List<X509Certificate> certificates(Store<X509CertificateHolder> store) {
        List<X509Certificate> out = new ArrayList<>();
        for (X509CertificateHolder h : store.getMatches(null)) {
            X509Certificate c = convert(h);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private X509Certificate convert(X509CertificateHolder holder) {
        try {
            return converter.getCertificate(holder);
        } catch (Exception e) {
            return null;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        String last = CmsContentType.describe(e);
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                last = t.getMessage();
            }
        }
        return last;
    }
}
