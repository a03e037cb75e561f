package org.sealpost.server.enroll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.sealpost.core.auth.DeviceTokenSigner;

/**
 * A device as the client will be: its own signing key pair (made here, never sent), the account key
 * as a public JWK, the challenge answer of docs/VALIDATION.md, a Bouncy Castle CSR, and, once
 * enrolled, its certificate for device tokens.
 */
final class TestDevice {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeyPair keys;
    private X509Certificate certificate;

    private TestDevice(KeyPair keys) {
        this.keys = keys;
    }

    static TestDevice ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return new TestDevice(g.generateKeyPair());
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static TestDevice rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return new TestDevice(g.generateKeyPair());
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** The same device after making a new signing key of the same kind (for renewal); no certificate yet. */
    TestDevice withNewKey() {
        return keys.getPublic() instanceof ECPublicKey ? ec() : rsa(((RSAPublicKey) keys.getPublic()).getModulus().bitLength());
    }

    KeyPair keys() {
        return keys;
    }

    /** The public JWK, as the enrollment request carries it. */
    JWK jwk() {
        return keys.getPublic() instanceof ECPublicKey ec ? new ECKey.Builder(Curve.P_256, ec).build()
                : new RSAKey.Builder((RSAPublicKey) keys.getPublic()).build();
    }

    JsonNode jwkJson() {
        try {
            return JSON.readTree(jwk().toJSONString());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** base64url(SHA-256(mailPart || httpsPart "." RFC 7638 thumbprint)). */
    String answer(String mailPart, String httpsPart) {
        try {
            String authorization = mailPart + httpsPart + "." + jwk().computeThumbprint("SHA-256");
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(authorization.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A PEM CSR signed with this device's key; the subject is whatever a client puts there (the CA ignores it). */
    String csr() {
        try {
            String algorithm = keys.getPublic() instanceof ECPublicKey ? "SHA256withECDSA" : "SHA256withRSA";
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=device"), keys.getPublic())
                    .build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate()));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(out)) {
                w.writeObject(csr);
            }
            return out.toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Keeps the signing certificate the enrollment returned. */
    void enrolled(String pem) {
        certificate = parse(pem);
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** The Authorization header for one request. */
    String authorization(String method, String url, byte[] body) {
        return new DeviceTokenSigner(keys.getPrivate(), certificate).authorization(method, url, body);
    }

    static X509Certificate parse(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.cert.CertificateException e) {
            throw new AssertionError(e);
        }
    }
}
