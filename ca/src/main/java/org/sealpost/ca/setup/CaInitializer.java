package org.sealpost.ca.setup;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.sealpost.ca.CaException;
import org.sealpost.ca.issue.CertificateAuthority;
import org.sealpost.ca.issue.CertificateSigning;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.issue.SubjectAttributes;
import org.sealpost.ca.keys.CaKeyStore;
import org.sealpost.ca.keys.CaSigner;
import org.sealpost.ca.keys.Pkcs11CaKeyStore;
import org.sealpost.ca.keys.Pkcs12CaKeyStore;
import org.sealpost.ca.lint.CertificateLinter;
import org.sealpost.ca.profile.PolicyOids;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.ca.profile.SubjectAttribute;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.SubjectKeyIds;

/**
 * Creates a CA hierarchy in {@code DIR/ca/}: a self-signed root (20 years), an S/MIME issuing CA
 * (10 years, never past the root, pathLen 0, EKU emailProtection) and a timestamping certificate
 * issued by the root (a TSA certificate cannot sit under the issuing CA, whose EKU excludes
 * timeStamping). Refuses to touch a directory that already holds a CA.
 */
public final class CaInitializer {
    private static final int ROOT_YEARS = 20;
    private static final int ISSUING_YEARS = 10;

    private final SecureRandom random;
    private final Clock clock;

    public CaInitializer(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    /**
     * Creates the CA.
     *
     * @param dataDir  the data directory; files go to {@code dataDir/ca/}
     * @param setup    key types, names, URLs, key store
     * @param password the key store password (PKCS#12) or token PIN (PKCS#11), e.g. from
     *                 {@code SEALPOST_CA_PASSWORD}; null or empty generates a random PKCS#12 password
     *                 into {@code DIR/ca/ca-password} (mode 0600) and returns a warning to show
     */
    public InitResult initialize(Path dataDir, CaSetup setup, char[] password) throws CaException {
        CaLayout layout = CaLayout.of(dataDir);
        refuseExisting(layout);
        createDirectory(layout.dir());
        try {
            return create(layout, setup, password);
        } catch (CaException | RuntimeException e) {
            // No half-made CA: a retry must not be refused because of files from a failed attempt.
            for (Path p : List.of(layout.rootCertificate(), layout.issuingCertificate(), layout.tsaCertificate(),
                    layout.properties(), layout.keyStore(), layout.generatedPassword())) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort; the original error is what the caller needs
                }
            }
            throw e;
        }
    }

    private InitResult create(CaLayout layout, CaSetup setup, char[] password) throws CaException {
        Optional<String> warning = Optional.empty();
        char[] secret = password;
        if (secret == null || secret.length == 0) {
            if (setup.keyStore() instanceof KeyStoreChoice.Pkcs11) {
                throw new CaException.SetupFailure("a PKCS#11 token needs its PIN (SEALPOST_CA_PASSWORD)");
            }
            secret = generatePassword(layout.generatedPassword());
            warning = Optional.of("warning: no SEALPOST_CA_PASSWORD set; generated a random CA password in "
                    + layout.generatedPassword() + " (mode 0600) — back it up");
        }
        try {
            CaKeyStore keys = switch (setup.keyStore()) {
                case KeyStoreChoice.Pkcs12 p -> Pkcs12CaKeyStore.create(layout.keyStore(), secret, random);
                case KeyStoreChoice.Pkcs11 p -> Pkcs11CaKeyStore.open(p.settings(), secret);
            };
            for (String alias : List.of(LoadedCa.ROOT, LoadedCa.ISSUING, LoadedCa.TSA)) {
                // One CA per token: generating under the same labels would replace another CA's keys.
                if (keys.contains(alias)) {
                    throw new CaException.SetupFailure("the key store already holds a CA key '" + alias
                            + "' (another CA uses this PKCS#11 token or slot); use a separate token");
                }
            }
            LoadedCa ca = createHierarchy(keys, setup);
            writePem(layout.rootCertificate(), ca.root());
            writePem(layout.issuingCertificate(), ca.issuing());
            writePem(layout.tsaCertificate(), ca.tsa());
            ca.properties().write(layout.properties());
            return new InitResult(ca, layout, warning);
        } catch (IOException e) {
            throw new CaException.SetupFailure("cannot write the CA files in " + layout.dir() + ": " + e.getMessage(), e);
        } finally {
            if (secret != password) {
                Arrays.fill(secret, '\0');
            }
        }
    }

    private LoadedCa createHierarchy(CaKeyStore keys, CaSetup setup) throws CaException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        CaAlgorithm alg = setup.algorithm();

        KeyPair rootKeys = keys.generate(alg.root());
        X500Name rootName = name(setup, setup.organization() + " Root CA");
        X509Certificate root = selfSigned(rootName, rootKeys, now, years(now, ROOT_YEARS), keys, alg);
        keys.put(LoadedCa.ROOT, rootKeys, List.of(root));
        CaSigner rootSigner = keys.signer(LoadedCa.ROOT);

        KeyPair issuingKeys = keys.generate(alg.issuing());
        Instant issuingEnd = min(years(now, ISSUING_YEARS), root.getNotAfter().toInstant());
        X509Certificate issuing = subordinate(name(setup, setup.organization() + " S/MIME Issuing CA"), issuingKeys,
                now, issuingEnd, root, rootSigner, setup);
        keys.put(LoadedCa.ISSUING, issuingKeys, List.of(issuing, root));

        KeyPair tsaKeys = keys.generate(alg.tsa());
        CertificateAuthority rootAuthority = new CertificateAuthority(root, rootSigner, LoadedCa.ROOT, Profiles.standard(),
                setup.policy(), setup.urls(), CertificateLinter.standard(), random, clock);
        SubjectAttributes tsaSubject = SubjectAttributes.none()
                .with(SubjectAttribute.COMMON_NAME, setup.organization() + " Timestamping")
                .with(SubjectAttribute.ORGANIZATION, setup.organization());
        if (setup.country() != null) {
            tsaSubject = tsaSubject.with(SubjectAttribute.COUNTRY, setup.country());
        }
        X509Certificate tsa = rootAuthority.issue(IssuanceRequest.forKey(tsaKeys.getPublic(), Profiles.TIMESTAMPING)
                .withSubject(tsaSubject)).certificate();
        keys.put(LoadedCa.TSA, tsaKeys, List.of(tsa, root));

        return new LoadedCa(new CaProperties(alg, setup.keyStore(), setup.urls().base(), setup.policy()), root, issuing, tsa,
                rootSigner, keys.signer(LoadedCa.ISSUING), keys.signer(LoadedCa.TSA));
    }

    private X509Certificate selfSigned(X500Name name, KeyPair kp, Instant from, Instant to, CaKeyStore keys, CaAlgorithm alg)
            throws CaException {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded());
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, serial(), Date.from(from), Date.from(to), name, spki);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, new BcX509ExtensionUtils().createSubjectKeyIdentifier(spki));
        } catch (CertIOException e) {
            throw new CaException.SetupFailure("cannot encode the root certificate", e);
        }
        // The root signs itself with the key just generated, which for PKCS#11 only the token can use.
        CaSigner signer = keys instanceof Pkcs11CaKeyStore p11 ? CaSigner.onProvider(kp.getPrivate(), p11.provider())
                : CaSigner.software(kp.getPrivate());
        return sign(b, signer, kp.getPublic());
    }

    private X509Certificate subordinate(X500Name name, KeyPair kp, Instant from, Instant to, X509Certificate root,
                                        CaSigner rootSigner, CaSetup setup) throws CaException {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded());
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(X500Name.getInstance(root.getSubjectX500Principal().getEncoded()),
                serial(), Date.from(from), Date.from(to), name, spki);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign | KeyUsage.cRLSign));
            // SBR 7.1.2.2: a subordinate CA for S/MIME carries emailProtection and no other purpose.
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection));
            b.addExtension(Extension.certificatePolicies, false, new CertificatePolicies(new PolicyInformation[] {
                policy(PolicyOids.SBR_MAILBOX_STRICT), policy(PolicyOids.SBR_ORGANIZATION_STRICT),
                policy(PolicyOids.SBR_SPONSOR_STRICT), policy(PolicyOids.SBR_INDIVIDUAL_STRICT)}));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new AuthorityKeyIdentifier(SubjectKeyIds.candidates(root).iterator().next().bytes()));
            b.addExtension(Extension.subjectKeyIdentifier, false, new BcX509ExtensionUtils().createSubjectKeyIdentifier(spki));
            b.addExtension(Extension.cRLDistributionPoints, false,
                    CertificateAuthority.crlDistributionPoint(setup.urls().crl(LoadedCa.ROOT)));
            b.addExtension(Extension.authorityInfoAccess, false,
                    CertificateAuthority.authorityInfoAccess(setup.urls(), LoadedCa.ROOT));
        } catch (CertIOException e) {
            throw new CaException.SetupFailure("cannot encode the issuing CA certificate", e);
        }
        return sign(b, rootSigner, root.getPublicKey());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, CaSigner signer, java.security.PublicKey caKey)
            throws CaException.SigningFailure {
        String alg = CaSigner.signatureAlgorithm(caKey);
        TBSCertificate tbs = CertificateSigning.toBeSigned(b, alg);
        return CertificateSigning.sign(b, tbs, signer, alg, caKey);
    }

    private static PolicyInformation policy(String oid) {
        return new PolicyInformation(new ASN1ObjectIdentifier(oid));
    }

    private static X500Name name(CaSetup setup, String commonName) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        if (setup.country() != null) {
            b.addRDN(BCStyle.C, setup.country());
        }
        b.addRDN(BCStyle.O, setup.organization());
        b.addRDN(BCStyle.CN, commonName);
        return b.build();
    }

    private BigInteger serial() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[0] = (byte) ((b[0] & 0x7f) | 0x40); // positive, full 16 octets
        return new BigInteger(1, b);
    }

    private static Instant years(Instant from, int years) {
        return from.atZone(ZoneOffset.UTC).plusYears(years).toInstant().minusSeconds(1);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static void refuseExisting(CaLayout layout) throws CaException.SetupFailure {
        for (Path p : List.of(layout.properties(), layout.keyStore(), layout.rootCertificate(), layout.issuingCertificate(),
                layout.tsaCertificate(), layout.generatedPassword())) {
            if (Files.exists(p)) {
                throw new CaException.SetupFailure("a CA already exists in " + layout.dir() + " (" + p.getFileName()
                        + "); refusing to overwrite it");
            }
        }
    }

    private static void createDirectory(Path dir) throws CaException.SetupFailure {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir.getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new CaException.SetupFailure("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    private char[] generatePassword(Path file) throws CaException.SetupFailure {
        byte[] bytes = new byte[24]; // 192 bits
        random.nextBytes(bytes);
        String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Arrays.fill(bytes, (byte) 0);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, pw + "\n", StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            throw new CaException.SetupFailure(file + " already exists; refusing to overwrite a CA password");
        } catch (IOException e) {
            throw new CaException.SetupFailure("cannot write " + file + ": " + e.getMessage(), e);
        }
        return pw.toCharArray();
    }

    private static void writePem(Path file, X509Certificate cert) throws IOException {
        Files.writeString(file, EphemeralPki.pem(cert), StandardCharsets.US_ASCII);
    }
}
