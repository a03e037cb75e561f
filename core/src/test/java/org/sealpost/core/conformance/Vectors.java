package org.sealpost.core.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.KeyMaterial;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.decrypt.KeyHistory;
import org.sealpost.core.smime.decrypt.SmimeDecryptor;
import org.sealpost.core.smime.verify.Layer;
import org.sealpost.core.smime.verify.SignerResult;
import org.sealpost.core.smime.verify.SmimeVerifier;
import org.sealpost.core.smime.verify.VerificationReport;
import org.sealpost.core.smime.verify.VerifyOptions;

/**
 * Read-only access to the shared vectors directory, and the engine calls the cases make. Vector
 * files are read in place; nothing is copied into the project.
 */
final class Vectors {
    private static final Map<Path, Object> CACHE = new ConcurrentHashMap<>();

    private final Path root;

    Vectors(Path root) {
        this.root = root;
    }

    Path path(String relative) {
        Path p = root.resolve(relative).normalize();
        assertThat(p).as("vector file").isRegularFile();
        return p;
    }

    byte[] bytes(String relative) throws Exception {
        return Files.readAllBytes(path(relative));
    }

    MessageSource message(String relative) {
        return MessageSource.of(path(relative));
    }

    X509Certificate cert(String relative) throws Exception {
        return certs(relative).get(0);
    }

    @SuppressWarnings("unchecked")
    List<X509Certificate> certs(String relative) throws Exception {
        Path p = path(relative);
        Object cached = CACHE.get(p);
        if (cached == null) {
            cached = KeyMaterial.readCertificates(p);
            CACHE.put(p, cached);
        }
        return (List<X509Certificate>) cached;
    }

    List<X509CRL> crls(String relative) throws Exception {
        return KeyMaterial.readCrls(path(relative));
    }

    /** The key of a Thunderbird PKCS#12 file (password "nss"). */
    Identity p12(String relative) throws Exception {
        Path p = path(relative);
        Object cached = CACHE.get(p);
        if (cached == null) {
            cached = KeyMaterial.readPkcs12(p, "nss".toCharArray()).get(0);
            CACHE.put(p, cached);
        }
        return (Identity) cached;
    }

    /** An unencrypted private key file (PEM or DER PKCS#8) with its certificate. */
    Identity identity(String key, String cert) throws Exception {
        return KeyMaterial.identity(path(key), null, path(cert));
    }

    /** The DER of a CMS file that is either DER or PEM ("-----BEGIN PKCS7-----"). */
    byte[] cms(String relative) throws Exception {
        byte[] raw = bytes(relative);
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("-----BEGIN ")) {
            return raw;
        }
        String body = text.replaceAll("-----(BEGIN|END) [A-Z0-9 ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    /**
     * A minimal S/MIME entity around raw CMS (RFC 4134 .bin files, pyca PEM files are CMS, not
     * MIME): application/pkcs7-mime with the given smime-type, base64 encoded. No From field, so
     * the engine only requires signer certificates to name some email address.
     */
    static MessageSource asSmime(byte[] der, String smimeType) {
        String entity = "Content-Type: application/pkcs7-mime; smime-type=" + smimeType + "; name=smime.p7m\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "\r\n"
                + Base64.getMimeEncoder().encodeToString(der) + "\r\n";
        return MessageSource.of(entity.getBytes(StandardCharsets.US_ASCII));
    }

    Verified verify(String relative, VerifyOptions options) throws Exception {
        return verify(message(relative), options);
    }

    static Verified verify(MessageSource source, VerifyOptions options) throws Exception {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        VerificationReport report = new SmimeVerifier().verify(source, options, content);
        return new Verified(report, content.toByteArray());
    }

    Verified verifyPart(String relative, String section, VerifyOptions options) throws Exception {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        VerificationReport report = new SmimeVerifier().verifyPart(message(relative), section, options, content);
        return new Verified(report, content.toByteArray());
    }

    /** Decrypts with {@link SmimeDecryptor}; returns the cipher and the decrypted message. */
    Decrypted decrypt(String relative, Identity key) throws Exception {
        return decrypt(message(relative), key);
    }

    static Decrypted decrypt(MessageSource source, Identity key) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SmimeDecryptor.Result result = new SmimeDecryptor().decrypt(source, out, KeyHistory.of(key));
        return new Decrypted(result.contentCipher(), out.toByteArray());
    }

    /** A verification report with the innermost content the verifier wrote. */
    record Verified(VerificationReport report, byte[] content) {

        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }

        /** The content after its header block. */
        byte[] body() {
            return Vectors.body(content);
        }

        List<Layer> layers() {
            return report.layers();
        }

        List<SignerResult> signers() {
            return report.signers();
        }

        Layer.Signed signedLayer(int index) {
            return report.layers().stream().filter(l -> l instanceof Layer.Signed).map(l -> (Layer.Signed) l)
                    .toList().get(index);
        }

        Layer.Encrypted encryptedLayer() {
            return report.layers().stream().filter(l -> l instanceof Layer.Encrypted).map(l -> (Layer.Encrypted) l)
                    .findFirst().orElseThrow(() -> new AssertionError("no encrypted layer in " + report.layers()));
        }
    }

    /** A decrypted message. */
    record Decrypted(String cipher, byte[] message) {
        String text() {
            return new String(message, StandardCharsets.UTF_8);
        }

        byte[] body() {
            return Vectors.body(message);
        }
    }

    /** What follows the first blank line (CRLF or, for vectors stored with LF endings, LF). */
    static byte[] body(byte[] entity) {
        for (int i = 0; i + 1 < entity.length; i++) {
            if (entity[i] != '\n') {
                continue;
            }
            if (entity[i + 1] == '\n') {
                return Arrays.copyOfRange(entity, i + 2, entity.length);
            }
            if (entity[i + 1] == '\r' && i + 2 < entity.length && entity[i + 2] == '\n') {
                return Arrays.copyOfRange(entity, i + 3, entity.length);
            }
        }
        throw new AssertionError("no blank line after the header block in the content");
    }
}
