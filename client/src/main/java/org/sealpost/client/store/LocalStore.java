package org.sealpost.client.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The client's encrypted file: its secrets (mail password, device signing key, encryption key
 * history) as one JSON document, encrypted with AES-256-GCM under a key derived from the user's
 * passphrase with Argon2id. The header (format, KDF parameters, salt, nonce) is the GCM associated
 * data, so a changed parameter fails like a wrong passphrase instead of weakening the next save.
 *
 * <p>Every save writes a fresh salt and nonce to a temporary file (0600) and moves it over the old
 * one atomically: a crash leaves the old store or the new one, never half of either.
 */
public final class LocalStore {
    /** The format tag; a file with another one is refused rather than guessed at. */
    static final String FORMAT = "sealpost-store-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TAG_BITS = 128;

    private final Path file;
    private final KdfParameters kdf;
    private final SecureRandom random;

    /** Argon2id cost: memory in KiB, passes and lanes. */
    public record KdfParameters(int memoryKiB, int iterations, int parallelism) {
        /** RFC 9106's second recommended option (64 MiB, 3 passes) with one lane: about a quarter second on one core. */
        public static final KdfParameters DEFAULT = new KdfParameters(64 * 1024, 3, 1);

        public KdfParameters {
            if (memoryKiB < 8 * 1024 || iterations < 1 || parallelism < 1 || parallelism > 16) {
                throw new IllegalArgumentException("Argon2id parameters too weak or out of range");
            }
        }
    }

    public LocalStore(Path file, KdfParameters kdf, SecureRandom random) {
        this.file = Objects.requireNonNull(file, "file");
        this.kdf = Objects.requireNonNull(kdf, "kdf");
        this.random = Objects.requireNonNull(random, "random");
    }

    public LocalStore(Path file) {
        this(file, KdfParameters.DEFAULT, new SecureRandom());
    }

    public Path file() {
        return file;
    }

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /**
     * Creates the store; fails when one exists.
     *
     * @throws StoreException when it exists or cannot be written
     */
    public void create(char[] passphrase, byte[] content) throws StoreException {
        if (Files.exists(file)) {
            throw new StoreException(StoreException.Kind.EXISTS, "a local store exists already at " + file);
        }
        write(passphrase, content);
    }

    /**
     * The decrypted content.
     *
     * @throws StoreException {@code WRONG_PASSPHRASE} when the passphrase (or the file) is wrong,
     *         {@code MISSING} when there is no store, {@code CORRUPT} when it is not a store at all
     */
    public byte[] read(char[] passphrase) throws StoreException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new StoreException(StoreException.Kind.MISSING, "no local store at " + file + " (run 'sealpost account add' first)");
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.IO, "cannot read the local store " + file + ": " + e.getMessage());
        }
        Header header;
        byte[] ciphertext;
        try {
            JsonNode root = JSON.readTree(raw);
            if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
                throw new StoreException(StoreException.Kind.CORRUPT, file + " is not a Sealpost local store");
            }
            header = Header.from(root);
            ciphertext = Base64.getDecoder().decode(root.path("data").asText());
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException(StoreException.Kind.CORRUPT, file + " is not a readable Sealpost local store");
        }
        byte[] key = derive(passphrase, header.salt(), header.kdf());
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, header.nonce()));
            gcm.updateAAD(header.associatedData());
            return gcm.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw new StoreException(StoreException.Kind.WRONG_PASSPHRASE, "wrong passphrase for the local store " + file
                    + " (or the file was altered)");
        } catch (GeneralSecurityException e) {
            throw new StoreException(StoreException.Kind.CORRUPT, file + " cannot be decrypted: " + e.getMessage());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Replaces the content, re-encrypted under a fresh salt and nonce. */
    public void write(char[] passphrase, byte[] content) throws StoreException {
        byte[] salt = new byte[16];
        byte[] nonce = new byte[12];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        Header header = new Header(kdf, salt, nonce);
        byte[] key = derive(passphrase, salt, kdf);
        byte[] ciphertext;
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(header.associatedData());
            ciphertext = gcm.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        ObjectNode root = header.toJson();
        root.put("data", Base64.getEncoder().encodeToString(ciphertext));
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".store-", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
                try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new StoreException(StoreException.Kind.EXISTS, "a local store exists already at " + file);
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.IO, "cannot write the local store " + file + ": " + e.getMessage());
        }
    }

    private static byte[] derive(char[] passphrase, byte[] salt, KdfParameters kdf) {
        Argon2BytesGenerator argon = new Argon2BytesGenerator();
        argon.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(kdf.memoryKiB()).withIterations(kdf.iterations()).withParallelism(kdf.parallelism()).build());
        byte[] key = new byte[32];
        byte[] secret = new String(passphrase).getBytes(StandardCharsets.UTF_8);
        try {
            argon.generateBytes(secret, key);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        return key;
    }

    private record Header(KdfParameters kdf, byte[] salt, byte[] nonce) {
        static Header from(JsonNode root) throws StoreException {
            JsonNode k = root.path("kdf");
            if (!"argon2id".equals(k.path("alg").asText()) || !"AES-256-GCM".equals(root.path("cipher").asText())) {
                throw new StoreException(StoreException.Kind.CORRUPT, "the local store uses an unknown KDF or cipher");
            }
            KdfParameters p;
            try {
                p = new KdfParameters(k.path("memoryKiB").asInt(), k.path("iterations").asInt(), k.path("parallelism").asInt());
            } catch (IllegalArgumentException e) {
                throw new StoreException(StoreException.Kind.CORRUPT, "the local store's KDF parameters are not acceptable");
            }
            byte[] salt = Base64.getDecoder().decode(k.path("salt").asText());
            byte[] nonce = Base64.getDecoder().decode(root.path("nonce").asText());
            if (salt.length < 16 || nonce.length != 12) {
                throw new StoreException(StoreException.Kind.CORRUPT, "the local store's salt or nonce is malformed");
            }
            return new Header(p, salt, nonce);
        }

        ObjectNode toJson() {
            ObjectNode root = JSON.createObjectNode();
            root.put("format", FORMAT);
            ObjectNode k = root.putObject("kdf");
            k.put("alg", "argon2id");
            k.put("memoryKiB", kdf.memoryKiB());
            k.put("iterations", kdf.iterations());
            k.put("parallelism", kdf.parallelism());
            k.put("salt", Base64.getEncoder().encodeToString(salt));
            root.put("cipher", "AES-256-GCM");
            root.put("nonce", Base64.getEncoder().encodeToString(nonce));
            return root;
        }

        byte[] associatedData() {
            return (FORMAT + "|argon2id|" + kdf.memoryKiB() + "|" + kdf.iterations() + "|" + kdf.parallelism() + "|"
                    + Base64.getEncoder().encodeToString(salt) + "|AES-256-GCM|" + Base64.getEncoder().encodeToString(nonce))
                    .getBytes(StandardCharsets.US_ASCII);
        }
    }
}
