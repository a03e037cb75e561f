package org.sealpost.vault;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.KeyMaterial;
import org.sealpost.core.KeyMaterialException;
import org.sealpost.vault.tls.CertificatePin;
import org.sealpost.vault.tls.GeneratedPasswords;
import org.sealpost.vault.tls.TlsCertificates;
import org.sealpost.vault.tls.TlsKeyStoreFile;

/**
 * A vault's TLS identity in its directory:
 *
 * <ul>
 *   <li>{@code tls.p12} (0600): the EC P-256 key and self-signed certificate, PKCS#12 under a password;</li>
 *   <li>{@code tls-password} (0600): that password, only when the operator gave none;</li>
 *   <li>{@code tls-cert.pem}: the certificate alone, for the key service's operator (its SHA-256 is the pin).</li>
 * </ul>
 *
 * The password comes from the operator ({@value #PASSWORD_ENV} or another variable), else from the
 * generated file. A vault made before TLS existed has none of these files.
 */
public final class VaultTlsFiles {
    public static final String KEY_STORE = "tls.p12";
    public static final String CERTIFICATE = "tls-cert.pem";
    public static final String GENERATED_PASSWORD = "tls-password";
    /** The environment variable read for the key store password when no other is named. */
    public static final String PASSWORD_ENV = "SEALPOST_VAULT_TLS_PASSWORD";
    /** The names a vault certificate carries when none are given: reachable on this host only. */
    public static final List<String> DEFAULT_NAMES = List.of("localhost", "127.0.0.1");

    private final Path dir;
    private final String vaultId;

    VaultTlsFiles(Path dir, String vaultId) {
        this.dir = dir;
        this.vaultId = vaultId;
    }

    /**
     * What {@code vault init} sets up for TLS.
     *
     * @param names          the DNS names and IP addresses the key service reaches the vault by
     * @param password       the key store password, or empty to generate one into {@code tls-password}
     * @param trustedClients pins of the key service certificates to trust (may be empty, then added later)
     */
    public record Setup(List<String> names, Optional<char[]> password, Set<CertificatePin> trustedClients) {
        public Setup {
            names = List.copyOf(names);
            Objects.requireNonNull(password, "password");
            trustedClients = Set.copyOf(trustedClients);
        }

        @Override
        public String toString() {
            return "Setup[" + names + ", password=" + (password.isPresent() ? "***" : "generated") + ", " + trustedClients + "]";
        }
    }

    /** What {@link #create} made: the certificate, and the password file when a password was generated. */
    public record Created(X509Certificate certificate, Optional<Path> generatedPassword) {
        public CertificatePin pin() {
            return CertificatePin.of(certificate);
        }
    }

    /** Whether the vault has a TLS key store. */
    public boolean exists() {
        return Files.exists(keyStore());
    }

    /**
     * Makes a new key and certificate for the names given.
     *
     * @param replace whether an existing identity may be replaced (a new pin for the key service)
     * @throws VaultException           when one exists and {@code replace} is false, or the files cannot be written
     * @throws IllegalArgumentException when a name is neither a DNS name nor an IP address, or none is given
     */
    public Created create(List<String> names, Optional<char[]> password, boolean replace, SecureRandom random, Instant now) {
        if (exists() && !replace) {
            throw new VaultException("the vault already has a TLS certificate (" + dir.resolve(CERTIFICATE)
                    + "): use --replace to make a new one");
        }
        Identity identity = TlsCertificates.selfSigned("Sealpost vault " + vaultId, TlsCertificates.Role.SERVER, names,
                random, now);
        Path generated = dir.resolve(GENERATED_PASSWORD);
        Optional<Path> madeNow = Optional.empty();
        char[] secret;
        try {
            if (password.isPresent()) {
                secret = password.get();
                // A password file left from before would no longer open the new key store.
                Files.deleteIfExists(generated);
            } else if (Files.exists(generated)) {
                secret = GeneratedPasswords.read(generated, generated + " disappeared");
            } else {
                secret = GeneratedPasswords.create(generated, random);
                madeNow = Optional.of(generated);
            }
        } catch (java.io.IOException e) {
            throw new VaultException("cannot remove the old " + generated + ": " + e.getMessage(), e);
        }
        try {
            TlsKeyStoreFile.write(keyStore(), identity, secret);
        } finally {
            if (password.isEmpty()) {
                Arrays.fill(secret, '\0');
            }
        }
        PrivateFiles.replace(dir.resolve(CERTIFICATE), EphemeralPki.pem(identity.certificate()).getBytes(StandardCharsets.US_ASCII));
        return new Created(identity.certificate(), madeNow);
    }

    /**
     * Opens the key store.
     *
     * @param password the operator's password, or empty to read the generated one
     * @throws VaultException when there is no key store, no password, or the password is wrong
     */
    public Identity load(Optional<char[]> password) {
        if (!exists()) {
            throw new VaultException("vault " + vaultId + " has no TLS certificate (it was made before TLS): create one with "
                    + "'sealpost vault tls-cert --data DIR', or serve plain HTTP with --insecure-http");
        }
        if (password.isPresent()) {
            return TlsKeyStoreFile.read(keyStore(), password.get());
        }
        char[] secret = GeneratedPasswords.read(dir.resolve(GENERATED_PASSWORD), "the vault's TLS key store " + keyStore()
                + " needs its password: set " + PASSWORD_ENV + " (or the variable named by --tls-password-env)");
        try {
            return TlsKeyStoreFile.read(keyStore(), secret);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /**
     * The vault's certificate, from {@code tls-cert.pem} (no password needed).
     *
     * @throws VaultException when it is missing or unreadable
     */
    public X509Certificate certificate() {
        try {
            return KeyMaterial.readCertificate(dir.resolve(CERTIFICATE));
        } catch (KeyMaterialException e) {
            throw new VaultException("the vault's TLS certificate " + e.getMessage());
        }
    }

    public Path keyStore() {
        return dir.resolve(KEY_STORE);
    }

    public Path certificateFile() {
        return dir.resolve(CERTIFICATE);
    }
}
