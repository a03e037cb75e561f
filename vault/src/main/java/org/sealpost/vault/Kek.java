package org.sealpost.vault;

/**
 * A vault's key-encryption key: AES-256-GCM with a random 96-bit nonce per call. The sealed form is
 * {@code nonce (12 bytes) || ciphertext || tag (16 bytes)}.
 *
 * <p>Implementations never expose the key: {@link FileKek} holds it in memory after reading a 0600
 * key file, {@link Pkcs11Kek} keeps it on a PKCS#11 token, where it cannot leave.
 */
public sealed interface Kek extends AutoCloseable permits FileKek, Pkcs11Kek {
    /** Length of the random nonce at the start of every sealed value. */
    int NONCE_BYTES = 12;
    /** Length of the GCM tag at the end of every sealed value. */
    int TAG_BYTES = 16;

    /** {@code file} or {@code pkcs11}, as written in vault.properties. */
    String type();

    /** Encrypts {@code plaintext} bound to {@code aad}. */
    byte[] seal(byte[] plaintext, byte[] aad);

    /**
     * Decrypts and authenticates.
     *
     * @throws javax.crypto.AEADBadTagException when the tag does not match {@code sealed} and
     *         {@code aad}: the value was altered, moved, or sealed by another key
     */
    byte[] open(byte[] sealed, byte[] aad) throws javax.crypto.AEADBadTagException;

    /** Forgets the key (a file key's bytes are overwritten; a token session is left alone). */
    @Override
    void close();
}
