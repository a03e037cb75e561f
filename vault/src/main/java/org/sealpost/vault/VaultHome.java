package org.sealpost.vault;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.vault.tls.CertificatePin;
import org.sealpost.vault.tls.TlsCertificates;

/**
 * A vault's directory, {@code DATA/vault/} (mode 0700):
 *
 * <ul>
 *   <li>{@code vault.properties}: the vault id, the KEK type and PKCS#11 settings, the SHA-256 of the
 *       client token, the SHA-256 pins of the trusted client certificates. No secrets.</li>
 *   <li>{@code kek.key} (0600): the 32-byte KEK, when it is a key file.</li>
 *   <li>{@code client-token} (0600): the token the key service presents, written once by init for the
 *       operator to hand over (and then delete); the vault itself never reads it.</li>
 *   <li>{@code db/sealpost.mv.db}: the vault's own embedded H2 database (unless a JDBC URL is given).</li>
 *   <li>the TLS identity ({@link VaultTlsFiles}), unless the vault was made before TLS or only for use in-process.</li>
 * </ul>
 */
public final class VaultHome {
    public static final String DIRECTORY = "vault";
    public static final String PROPERTIES = "vault.properties";
    public static final String KEY_FILE = "kek.key";
    public static final String CLIENT_TOKEN = "client-token";
    private static final String TRUSTED_CLIENTS = "tls.client.sha256";

    private final Path dir;
    private final String vaultId;
    private final String kekType;
    private final Optional<Pkcs11Settings> pkcs11;
    private final VaultCredential credential;
    private final Set<CertificatePin> trustedClients;

    private VaultHome(Path dir, String vaultId, String kekType, Optional<Pkcs11Settings> pkcs11, VaultCredential credential,
                      Set<CertificatePin> trustedClients) {
        this.dir = dir;
        this.vaultId = vaultId;
        this.kekType = kekType;
        this.pkcs11 = pkcs11;
        this.credential = credential;
        this.trustedClients = Set.copyOf(trustedClients);
    }

    /**
     * What {@link #init} made: the vault, the client token (shown once; the caller wipes it) and, when
     * asked for, its TLS identity.
     */
    public record Initialized(VaultHome home, char[] clientToken, Optional<VaultTlsFiles.Created> tls) {
        @Override
        public String toString() {
            return "Initialized[" + home + ", clientToken=***, tls=" + tls.map(t -> t.pin().toString()).orElse("none") + "]";
        }
    }

    /** {@code dataDir/vault}. */
    public static Path directory(Path dataDir) {
        return dataDir.resolve(DIRECTORY);
    }

    /** Whether {@code dataDir} holds an initialised vault. */
    public static boolean exists(Path dataDir) {
        return Files.exists(directory(dataDir).resolve(PROPERTIES));
    }

    /**
     * Creates a vault without TLS material, for use in-process only (the embedded default).
     *
     * @see #init(Path, KekChoice, char[], Optional, SecureRandom)
     */
    public static Initialized init(Path dataDir, KekChoice choice, char[] pin, SecureRandom random) {
        return init(dataDir, choice, pin, Optional.empty(), random);
    }

    /**
     * Creates a vault under {@code dataDir/vault}: a new vault id, a new KEK (key file or token), a new
     * client token (written to {@code client-token}, 0600, and returned) and, with {@code tls}, the
     * vault's TLS identity and the client certificates it trusts. vault.properties is written last, so
     * a failure leaves no vault that looks complete.
     *
     * @param pin the token PIN for {@link KekChoice.Pkcs11}, else ignored
     * @throws VaultException           when a vault (or a key file) already exists there, or the KEK cannot be made
     * @throws IllegalArgumentException when a TLS name is neither a DNS name nor an IP address
     */
    public static Initialized init(Path dataDir, KekChoice choice, char[] pin, Optional<VaultTlsFiles.Setup> tls,
                                   SecureRandom random) {
        Objects.requireNonNull(choice, "choice");
        Objects.requireNonNull(tls, "tls");
        Path dir = directory(dataDir).toAbsolutePath().normalize();
        if (Files.exists(dir.resolve(PROPERTIES)) || Files.exists(dir.resolve(KEY_FILE))) {
            throw new VaultException("a vault already exists in " + dir + ": refusing to initialise it again");
        }
        if (tls.isPresent()) {
            // Bad names fail before anything is written.
            tls.get().names().forEach(TlsCertificates::generalName);
        }
        PrivateFiles.createDirectory(dir);
        String vaultId = UUID.randomUUID().toString();
        Optional<Pkcs11Settings> pkcs11 = Optional.empty();
        Kek kek = switch (choice) {
            case KekChoice.File f -> FileKek.create(dir.resolve(KEY_FILE), random);
            case KekChoice.Pkcs11 p -> {
                if (pin == null) {
                    throw new VaultException("a PKCS#11 KEK needs the token PIN");
                }
                pkcs11 = Optional.of(p.settings());
                yield Pkcs11Kek.generate(p.settings(), pin, random);
            }
        };
        kek.close();
        char[] token = VaultCredential.newToken(random);
        VaultCredential credential = VaultCredential.fromToken(token);
        writePrivate(dir.resolve(CLIENT_TOKEN), token);
        VaultHome home = new VaultHome(dir, vaultId, kek.type(), pkcs11, credential,
                tls.map(VaultTlsFiles.Setup::trustedClients).orElse(Set.of()));
        Optional<VaultTlsFiles.Created> created = tls.map(t -> home.tls().create(t.names(), t.password(), false, random,
                Instant.now()));
        home.writeProperties();
        return new Initialized(home, token, created);
    }

    /**
     * Reads the vault under {@code dataDir/vault}.
     *
     * @throws VaultException when there is none or vault.properties is incomplete
     */
    public static VaultHome load(Path dataDir) {
        Path dir = directory(dataDir).toAbsolutePath().normalize();
        Path file = dir.resolve(PROPERTIES);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new VaultException("no vault in " + dir + " (run 'sealpost vault init --data " + dataDir + "' first)");
        } catch (IOException | IllegalArgumentException e) {
            throw new VaultException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String vaultId = required(p, file, "vault.id");
        String type = required(p, file, "kek.type");
        VaultCredential credential = VaultCredential.fromHex(required(p, file, "client.token.sha256"));
        Set<CertificatePin> trusted = new LinkedHashSet<>();
        for (String pin : p.getProperty(TRUSTED_CLIENTS, "").split(",")) {
            if (!pin.isBlank()) {
                try {
                    trusted.add(CertificatePin.parse(pin));
                } catch (IllegalArgumentException e) {
                    throw new VaultException(file + ": " + TRUSTED_CLIENTS + ": " + e.getMessage());
                }
            }
        }
        Optional<Pkcs11Settings> pkcs11 = Optional.empty();
        switch (type) {
            case "file" -> {
            }
            case "pkcs11" -> {
                String slot = p.getProperty("pkcs11.slot");
                String index = p.getProperty("pkcs11.slotListIndex");
                try {
                    pkcs11 = Optional.of(new Pkcs11Settings(Path.of(required(p, file, "pkcs11.library")),
                            slot == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(slot.strip())),
                            index == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(index.strip())),
                            p.getProperty("pkcs11.keyLabel", Pkcs11Settings.DEFAULT_KEY_LABEL)));
                } catch (IllegalArgumentException e) {
                    throw new VaultException(file + ": invalid PKCS#11 settings: " + e.getMessage());
                }
            }
            default -> throw new VaultException(file + ": unknown kek.type '" + type + "' (expected file or pkcs11)");
        }
        return new VaultHome(dir, vaultId, type, pkcs11, credential, trusted);
    }

    private static String required(Properties p, Path file, String name) {
        String value = p.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new VaultException(file + " has no " + name);
        }
        return value.strip();
    }

    private void writeProperties() {
        Properties p = new Properties();
        p.setProperty("vault.id", vaultId);
        p.setProperty("kek.type", kekType);
        p.setProperty("client.token.sha256", credential.hex());
        if (!trustedClients.isEmpty()) {
            p.setProperty(TRUSTED_CLIENTS, String.join(",", trustedClients.stream().map(CertificatePin::hex).sorted().toList()));
        }
        pkcs11.ifPresent(s -> {
            p.setProperty("pkcs11.library", s.library().toAbsolutePath().toString());
            s.slot().ifPresent(slot -> p.setProperty("pkcs11.slot", Long.toString(slot)));
            s.slotListIndex().ifPresent(i -> p.setProperty("pkcs11.slotListIndex", Integer.toString(i)));
            p.setProperty("pkcs11.keyLabel", s.keyLabel());
        });
        Path file = dir.resolve(PROPERTIES);
        Path tmp = dir.resolve(PROPERTIES + ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "Sealpost vault (no secrets here). The KEK is in " + KEY_FILE + " or on the PKCS#11 token.");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file);
            }
        } catch (IOException e) {
            throw new VaultException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writePrivate(Path file, char[] secret) {
        byte[] bytes = new byte[secret.length + 1];
        for (int i = 0; i < secret.length; i++) {
            bytes[i] = (byte) secret[i];
        }
        bytes[secret.length] = '\n';
        try {
            PrivateFiles.createNew(file, bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Opens the KEK: reads the key file, or logs in to the token with {@code pin}. */
    public Kek openKek(char[] pin, SecureRandom random) {
        return switch (kekType) {
            case "pkcs11" -> {
                if (pin == null) {
                    throw new VaultException("this vault's KEK is on a PKCS#11 token: the token PIN is needed");
                }
                yield Pkcs11Kek.open(pkcs11.orElseThrow(), pin, random);
            }
            default -> FileKek.load(dir.resolve(KEY_FILE), random);
        };
    }

    /** The vault's own embedded H2 database, {@code DATA/vault/db/sealpost.mv.db}. */
    public DatabaseConfig embeddedDatabase() {
        return DatabaseConfig.embedded(dir);
    }

    public Path directory() {
        return dir;
    }

    public String vaultId() {
        return vaultId;
    }

    /** {@code file} or {@code pkcs11}. */
    public String kekType() {
        return kekType;
    }

    public Optional<Pkcs11Settings> pkcs11() {
        return pkcs11;
    }

    /** The verifier of the key service's token. */
    public VaultCredential credential() {
        return credential;
    }

    /** The pins of the client certificates this vault answers (empty: none yet, or a vault without TLS). */
    public Set<CertificatePin> trustedClients() {
        return trustedClients;
    }

    /**
     * Records a new set of trusted client certificates in vault.properties (atomically). A running
     * vault reads them at its next start.
     *
     * @return the home with the new set
     * @throws VaultException when vault.properties cannot be written
     */
    public VaultHome withTrustedClients(Set<CertificatePin> pins) {
        VaultHome changed = new VaultHome(dir, vaultId, kekType, pkcs11, credential, pins);
        changed.writeProperties();
        return changed;
    }

    /** The vault's TLS identity files. */
    public VaultTlsFiles tls() {
        return new VaultTlsFiles(dir, vaultId);
    }

    /** {@code DATA/vault/client-token}. */
    public Path clientTokenFile() {
        return dir.resolve(CLIENT_TOKEN);
    }

    @Override
    public String toString() {
        return "VaultHome[" + vaultId + ", " + kekType + ", " + dir + "]";
    }
}
