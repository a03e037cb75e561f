package org.sealpost.client.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** {@link StoreData} to and from the JSON document that {@link LocalStore} encrypts (PKCS#8 and DER in base64). */
public final class StoreCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JcaPEMKeyConverter KEYS = new JcaPEMKeyConverter().setProvider(new BouncyCastleProvider());

    private StoreCodec() {
    }

    public static byte[] encode(StoreData data) {
        ObjectNode root = JSON.createObjectNode();
        root.put("mailPassword", data.mailPassword());
        data.device().ifPresent(d -> {
            ObjectNode device = root.putObject("device");
            device.put("id", d.id());
            device.put("name", d.name());
            device.put("signingKey", b64(d.signingKey().getEncoded()));
            certs(device.putArray("chain"), d.chain());
        });
        ArrayNode keys = root.putArray("encryptionKeys");
        for (StoreData.EncryptionKey k : data.encryptionKeys()) {
            ObjectNode key = keys.addObject();
            key.put("keyId", k.keyId());
            key.put("privateKey", b64(k.privateKey().getEncoded()));
            certs(key.putArray("certificates"), k.certificates());
        }
        ArrayNode identities = root.putArray("identities");
        for (StoreData.IdentityCertificate i : data.identities()) {
            ObjectNode identity = identities.addObject();
            identity.put("level", i.level());
            certs(identity.putArray("chain"), i.chain());
            i.privateKey().ifPresent(k -> identity.put("privateKey", b64(k.getEncoded())));
        }
        certs(root.putArray("trustAnchors"), data.trustAnchors());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static StoreData decode(byte[] json) throws StoreException {
        try {
            JsonNode root = JSON.readTree(json);
            Optional<StoreData.DeviceCredentials> device = Optional.empty();
            JsonNode d = root.path("device");
            if (d.isObject()) {
                device = Optional.of(new StoreData.DeviceCredentials(d.path("id").asText(), d.path("name").asText(),
                        key(d.path("signingKey").asText()), certs(d.path("chain"))));
            }
            List<StoreData.EncryptionKey> keys = new ArrayList<>();
            for (JsonNode k : root.path("encryptionKeys")) {
                keys.add(new StoreData.EncryptionKey(k.path("keyId").asText(), key(k.path("privateKey").asText()), certs(k.path("certificates"))));
            }
            List<StoreData.IdentityCertificate> identities = new ArrayList<>();
            for (JsonNode i : root.path("identities")) {
                Optional<PrivateKey> own = i.path("privateKey").isTextual() ? Optional.of(key(i.path("privateKey").asText())) : Optional.empty();
                identities.add(new StoreData.IdentityCertificate(i.path("level").asText(), certs(i.path("chain")), own));
            }
            return new StoreData(root.path("mailPassword").asText(), device, keys, identities, certs(root.path("trustAnchors")));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // The GCM tag held, so this is a bug or a store from an incompatible version, not tampering.
            throw new StoreException(StoreException.Kind.CORRUPT, "the local store's content cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static void certs(ArrayNode array, List<X509Certificate> certs) {
        for (X509Certificate c : certs) {
            try {
                array.add(b64(c.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static List<X509Certificate> certs(JsonNode array) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (JsonNode c : array) {
            out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(c.asText()))));
        }
        return out;
    }

    private static PrivateKey key(String b64) throws IOException, GeneralSecurityException {
        byte[] der = Base64.getDecoder().decode(b64);
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
        ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        // The JDK's algorithm names, as the device key has when it is made: Bouncy Castle's converter calls an
        // EC key "ECDSA", and the device token signer then finds it does not fit its "EC" certificate.
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        }
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        }
        return KEYS.getPrivateKey(info);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
