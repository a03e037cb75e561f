package org.sealpost.vault.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.sealpost.core.keys.Identity;

/**
 * Makes the self-signed TLS identities of vaults and of the key service: an EC P-256 key and a
 * certificate (Bouncy Castle) signed with it. Nobody chains to these certificates; peers pin them by
 * their SHA-256 ({@link CertificatePin}). The extensions still follow RFC 5280 so that the JDK's and
 * OpenSSL's checks accept them: key usage digitalSignature, extended key usage serverAuth or clientAuth,
 * not a CA, and the server's DNS names and IP addresses as subject alternative names.
 */
public final class TlsCertificates {
    /** How long a new certificate is valid. Rotation is by hand (docs/VAULT.md), so it is long. */
    public static final Duration VALIDITY = Duration.ofDays(5 * 365 + 1);
    /** Backdating of notBefore, for peers whose clocks run a little behind. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final int DNS_NAME_MAX = 253;

    /** What the certificate is for. */
    public enum Role {
        /** A vault: extended key usage serverAuth, subject alternative names required. */
        SERVER(KeyPurposeId.id_kp_serverAuth),
        /** The key service calling vaults: extended key usage clientAuth. */
        CLIENT(KeyPurposeId.id_kp_clientAuth);

        private final KeyPurposeId purpose;

        Role(KeyPurposeId purpose) {
            this.purpose = purpose;
        }
    }

    private TlsCertificates() {
    }

    /**
     * A new key pair and its self-signed certificate, valid from {@code now} (less five minutes) for
     * {@link #VALIDITY}.
     *
     * @param commonName the subject's CN, for people reading the certificate
     * @param names      DNS names and IP addresses the server is reached by (at least one for a server;
     *                   may be empty for a client)
     * @throws IllegalArgumentException when a name is neither a DNS name nor an IP address, or a server has none
     */
    public static Identity selfSigned(String commonName, Role role, List<String> names, SecureRandom random, Instant now) {
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(role, "role");
        GeneralNames alternatives = alternativeNames(names);
        if (role == Role.SERVER && alternatives == null) {
            throw new IllegalArgumentException("a server certificate needs at least one DNS name or IP address");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, random).setBit(0),
                    Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(role.purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            if (alternatives != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternatives);
            }
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            return new Identity(keys.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot make a TLS certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a name for {@link #selfSigned}: an IPv4 or IPv6 address, or a DNS name of letters, digits
     * and hyphens in dot-separated labels (no wildcards).
     *
     * @throws IllegalArgumentException when it is neither
     */
    public static GeneralName generalName(String name) {
        Objects.requireNonNull(name, "name");
        if (IPAddress.isValid(name)) {
            return new GeneralName(GeneralName.iPAddress, name);
        }
        String dns = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (dns.isEmpty() || dns.length() > DNS_NAME_MAX
                || !dns.matches("([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*")) {
            throw new IllegalArgumentException("not a DNS name or IP address: '" + name + "'");
        }
        return new GeneralName(GeneralName.dNSName, dns);
    }

    private static GeneralNames alternativeNames(List<String> names) {
        List<GeneralName> out = new ArrayList<>();
        for (String name : Objects.requireNonNull(names, "names")) {
            out.add(generalName(name));
        }
        return out.isEmpty() ? null : new GeneralNames(out.toArray(GeneralName[]::new));
    }
}
