package org.sealpost.client.send;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.core.SmimeException;
import org.sealpost.core.TimestampException;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.encrypt.EncryptOptions;
import org.sealpost.core.smime.encrypt.Recipient;
import org.sealpost.core.smime.encrypt.SmimeEncryptor;
import org.sealpost.core.smime.sign.SignOptions;
import org.sealpost.core.smime.sign.SmimeSigner;
import org.sealpost.core.smime.sign.TimestampClient;

/** S/MIME for a send, by the core engine: a detached (dual) signature, timestamped when the TSA answers, and encryption. */
public final class Sealer {
    private final SmimeSigner signer;
    private final SmimeEncryptor encryptor;

    public Sealer(Clock clock, SecureRandom random) {
        this.signer = new SmimeSigner(Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(random, "random"));
        this.encryptor = new SmimeEncryptor(random);
    }

    /**
     * A signed message.
     *
     * @param message          the multipart/signed message
     * @param timestampProblem why there is no timestamp although one was asked for
     */
    public record Signed(byte[] message, Optional<String> timestampProblem) {
    }

    /**
     * {@code message} as multipart/signed by {@code signers}, advertising {@code encryptionCertificate}.
     * When {@code tsa} fails, the message is signed again without a timestamp and the reason returned:
     * a timestamp adds proof of time to a signature that is valid without it, and is not worth
     * holding the mail back for.
     */
    public Signed sign(byte[] message, List<Identity> signers, Optional<X509Certificate> encryptionCertificate,
                       Optional<TimestampClient> tsa) throws SendException {
        SignOptions options = SignOptions.detached(signers.toArray(Identity[]::new));
        if (encryptionCertificate.isPresent()) {
            options = options.withEncryptionCertificate(encryptionCertificate.get());
        }
        try {
            if (tsa.isPresent()) {
                try {
                    return new Signed(sign(message, options.withTimestamps(tsa.get())), Optional.empty());
                } catch (TimestampException e) {
                    return new Signed(sign(message, options), Optional.of(e.getMessage()));
                }
            }
            return new Signed(sign(message, options), Optional.empty());
        } catch (SmimeException e) {
            throw new SendException("cannot sign the mail: " + e.getMessage() + "; nothing was sent");
        }
    }

    /** {@code message} encrypted to every recipient (application/pkcs7-mime). */
    public byte[] encrypt(byte[] message, List<Recipient> recipients) throws SendException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length * 4 / 3 + 4096);
        try {
            encryptor.encrypt(MessageSource.of(message), out, new EncryptOptions(recipients, Optional.empty(), Optional.empty()));
        } catch (SmimeException e) {
            throw new SendException("cannot encrypt the mail: " + e.getMessage() + "; nothing was sent");
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    private byte[] sign(byte[] message, SignOptions options) throws SmimeException {
        // Into memory: a failed timestamp leaves a half-written signature behind, which is dropped.
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 8192);
        try {
            signer.sign(MessageSource.of(message), out, options);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }
}
