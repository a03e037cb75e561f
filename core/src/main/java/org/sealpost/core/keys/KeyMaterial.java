package org.sealpost.core.keys;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.sealpost.core.CryptoProviders;
import org.sealpost.core.KeyMaterialException;

/**
 * Reads keys and certificates: PEM (PKCS#8, encrypted PKCS#8, traditional RSA/EC) or DER, and PKCS#12.
 * Errors name the file and what was expected; they never echo file contents or passwords.
 */
public final class KeyMaterial {
    private static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    private KeyMaterial() {
    }

    /** All certificates in a PEM or DER file, in file order. */
    public static List<X509Certificate> readCertificates(Path file) throws KeyMaterialException {
        byte[] bytes = read(file);
        List<X509Certificate> certs = new ArrayList<>();
        try {
            if (looksLikePem(bytes)) {
                try (PEMParser parser = new PEMParser(new StringReader(new String(bytes, StandardCharsets.US_ASCII)))) {
                    Object o;
                    while ((o = parser.readObject()) != null) {
                        if (o instanceof X509CertificateHolder holder) {
                            certs.add(new JcaX509CertificateConverter().getCertificate(holder));
                        }
                    }
                }
            } else {
                CertificateFactory cf = CertificateFactory.getInstance("X.509");
                for (var c : cf.generateCertificates(new ByteArrayInputStream(bytes))) {
                    certs.add((X509Certificate) c);
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new KeyMaterialException(file + ": not a readable X.509 certificate (PEM or DER)", e);
        }
        if (certs.isEmpty()) {
            throw new KeyMaterialException(file + ": contains no certificate");
        }
        return certs;
    }

    /** The first certificate in a file. */
    public static X509Certificate readCertificate(Path file) throws KeyMaterialException {
        return readCertificates(file).get(0);
    }

    /** CRLs in a PEM or DER file. */
    public static List<X509CRL> readCrls(Path file) throws KeyMaterialException {
        byte[] bytes = read(file);
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Collection<? extends java.security.cert.CRL> crls = cf.generateCRLs(new ByteArrayInputStream(bytes));
            List<X509CRL> out = new ArrayList<>();
            for (var c : crls) {
                out.add((X509CRL) c);
            }
            if (out.isEmpty()) {
                throw new KeyMaterialException(file + ": contains no CRL");
            }
            return out;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyMaterialException(file + ": not a readable CRL (PEM or DER)", e);
        }
    }

    /**
     * A private key from PEM (PKCS#8, encrypted PKCS#8 or traditional OpenSSL RSA/EC) or DER PKCS#8.
     *
     * @param password for encrypted keys; may be null for plain ones
     */
    public static PrivateKey readPrivateKey(Path file, char[] password) throws KeyMaterialException {
        byte[] bytes = read(file);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(CryptoProviders.bouncyCastle());
        try {
            if (!looksLikePem(bytes)) {
                return converter.getPrivateKey(PrivateKeyInfo.getInstance(bytes));
            }
            try (PEMParser parser = new PEMParser(new StringReader(new String(bytes, StandardCharsets.US_ASCII)))) {
                Object o;
                while ((o = parser.readObject()) != null) {
                    if (o instanceof PrivateKeyInfo info) {
                        return converter.getPrivateKey(info);
                    }
                    if (o instanceof PEMKeyPair pair) {
                        // Only the private half: a traditional EC key may leave out its (optional) public key.
                        return converter.getPrivateKey(pair.getPrivateKeyInfo());
                    }
                    if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                        requirePassword(file, password);
                        return decrypt(file, () -> converter.getPrivateKey(enc.decryptPrivateKeyInfo(
                                new JceOpenSSLPKCS8DecryptorProviderBuilder()
                                        .setProvider(CryptoProviders.bouncyCastle()).build(password))));
                    }
                    if (o instanceof PEMEncryptedKeyPair enc) {
                        requirePassword(file, password);
                        return decrypt(file, () -> converter.getPrivateKey(enc.decryptKeyPair(
                                new JcePEMDecryptorProviderBuilder().setProvider(CryptoProviders.bouncyCastle()).build(password))
                                .getPrivateKeyInfo()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new KeyMaterialException(file + ": not a readable private key (PEM or DER PKCS#8)", e);
        }
        throw new KeyMaterialException(file + ": contains no private key");
    }

    /** A public key from a PEM or DER SubjectPublicKeyInfo, or the key of a certificate in the file. */
    public static PublicKey readPublicKey(Path file) throws KeyMaterialException {
        return publicKey(read(file), file.toString());
    }

    /**
     * A public key from the bytes of a PEM or DER SubjectPublicKeyInfo (or of a certificate), e.g.
     * received over the network.
     *
     * @param source names the bytes in error messages
     */
    public static PublicKey publicKey(byte[] bytes, String source) throws KeyMaterialException {
        if (bytes.length == 0) {
            throw new KeyMaterialException(source + ": is empty");
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(CryptoProviders.bouncyCastle());
        try {
            if (!looksLikePem(bytes)) {
                return converter.getPublicKey(SubjectPublicKeyInfo.getInstance(bytes));
            }
            try (PEMParser parser = new PEMParser(new StringReader(new String(bytes, StandardCharsets.US_ASCII)))) {
                Object o;
                while ((o = parser.readObject()) != null) {
                    if (o instanceof SubjectPublicKeyInfo spki) {
                        return converter.getPublicKey(spki);
                    }
                    if (o instanceof X509CertificateHolder holder) {
                        return converter.getPublicKey(holder.getSubjectPublicKeyInfo());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new KeyMaterialException(source + ": not a readable public key (PEM or DER)", e);
        }
        throw new KeyMaterialException(source + ": contains no public key");
    }

    /** A private key paired with its certificate chain, checking that they belong together. */
    public static Identity identity(Path keyFile, char[] password, Path certFile) throws KeyMaterialException {
        PrivateKey key = readPrivateKey(keyFile, password);
        List<X509Certificate> chain = readCertificates(certFile);
        requireMatch(key, chain.get(0), keyFile + " does not belong to the certificate in " + certFile);
        return new Identity(key, chain);
    }

    /** Every key entry of a PKCS#12 file, each with its chain. */
    public static List<Identity> readPkcs12(Path file, char[] password) throws KeyMaterialException {
        byte[] bytes = read(file);
        KeyStore ks;
        try {
            ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(bytes), password);
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).toLowerCase().contains("password")) {
                throw new KeyMaterialException(file + ": wrong PKCS#12 password");
            }
            throw new KeyMaterialException(file + ": not a readable PKCS#12 file", e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyMaterialException(file + ": not a readable PKCS#12 file", e);
        }
        List<Identity> out = new ArrayList<>();
        try {
            for (String alias : Collections.list(ks.aliases())) {
                if (!ks.isKeyEntry(alias)) {
                    continue;
                }
                var key = ks.getKey(alias, password);
                var chain = ks.getCertificateChain(alias);
                if (key instanceof PrivateKey pk && chain != null && chain.length > 0) {
                    List<X509Certificate> certs = new ArrayList<>();
                    for (var c : chain) {
                        certs.add((X509Certificate) c);
                    }
                    out.add(new Identity(pk, certs));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException(file + ": cannot read the key in the PKCS#12 file (wrong password?)");
        }
        if (out.isEmpty()) {
            throw new KeyMaterialException(file + ": holds no private key with a certificate");
        }
        return out;
    }

    /** Fails unless the private key is the partner of the certificate's public key. */
    public static void requireMatch(PrivateKey key, X509Certificate cert, String message) throws KeyMaterialException {
        if (!KeyPairs.matches(key, cert.getPublicKey())) {
            throw new KeyMaterialException(message);
        }
    }

    private interface Decryption {
        PrivateKey run() throws Exception;
    }

    /**
     * Decrypts an encrypted key. With a wrong password the cipher usually fails on padding, but now
     * and then the padding happens to be valid and the garbage fails to parse as a key instead; with
     * a key the file says is encrypted, both mean the password is wrong.
     */
    private static PrivateKey decrypt(Path file, Decryption decryption) throws KeyMaterialException {
        try {
            return decryption.run();
        } catch (Exception e) {
            throw new KeyMaterialException(file + ": cannot decrypt the private key (wrong password?)");
        }
    }

    private static void requirePassword(Path file, char[] password) throws KeyMaterialException {
        if (password == null) {
            throw new KeyMaterialException(file + ": the private key is encrypted; give its password");
        }
    }

    private static boolean looksLikePem(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1);
        return head.contains("-----BEGIN ");
    }

    private static byte[] read(Path file) throws KeyMaterialException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new KeyMaterialException(file + ": larger than " + MAX_FILE_BYTES + " bytes; not a key or certificate");
            }
            if (bytes.length == 0) {
                throw new KeyMaterialException(file + ": is empty");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new KeyMaterialException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new KeyMaterialException(file + ": permission denied");
        } catch (IOException e) {
            throw new KeyMaterialException(file + (Files.isDirectory(file) ? ": is a directory, not a key or certificate file"
                    : ": cannot be read"));
        }
    }

    /** Wipes a password buffer once it is no longer needed. */
    public static void wipe(char[] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }
}
