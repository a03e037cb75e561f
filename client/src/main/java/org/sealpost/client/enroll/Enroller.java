package org.sealpost.client.enroll;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.sealpost.client.account.Account;
import org.sealpost.client.keys.KeySync;
import org.sealpost.client.keys.P256;
import org.sealpost.client.keys.KeySyncException;
import org.sealpost.client.mail.FoundMail;
import org.sealpost.client.mail.MailClient;
import org.sealpost.client.mail.MailException;
import org.sealpost.client.service.Challenge;
import org.sealpost.client.service.Enrolled;
import org.sealpost.client.service.SealpostService;
import org.sealpost.client.service.ServiceException;
import org.sealpost.client.store.StoreData;
import org.sealpost.client.store.StoreException;

/**
 * Enrolls this device without asking the user anything (docs/ENROLLMENT.md, docs/VALIDATION.md): a
 * device signing key made here (EC P-256, never sent), a challenge started with its public key, the
 * challenge mail found over IMAP, the answer computed and sent with a CSR, the mail deleted, the
 * certificates and then the released encryption key history kept in the local store.
 *
 * <p>The store is written twice: once the device is enrolled (so a failed key release does not lose
 * the enrollment, and the next command fetches the keys) and once the keys are in.
 */
public final class Enroller {
    /** The header and subject prefix of the service's challenge mail. */
    static final String CHALLENGE_HEADER = "Sealpost-Challenge-Id";
    static final String SUBJECT_PREFIX = "SEALPOST: ";

    private final SecureRandom random;
    private final Duration mailWait;
    private final KeySync keys;

    public Enroller(SecureRandom random, Duration mailWait) {
        this.random = Objects.requireNonNull(random, "random");
        this.mailWait = Objects.requireNonNull(mailWait, "mailWait");
        this.keys = new KeySync(random);
    }

    /** What enrollment achieved. */
    public sealed interface Outcome {
        StoreData.DeviceCredentials device();

        /** Enrolled and the key history is in the store. */
        record Complete(StoreData.DeviceCredentials device, int keys) implements Outcome {
        }

        /** Enrolled, but the keys could not be fetched now: {@code why}; the next command tries again. */
        record KeysPending(StoreData.DeviceCredentials device, String why) implements Outcome {
        }
    }

    /**
     * Enrolls the account's device.
     *
     * @param password the key-protection password, asked for only when the address has one
     * @throws EnrollmentException when enrollment cannot be done; nothing is stored then
     */
    public Outcome enroll(Account account, PasswordSource password) throws EnrollmentException, StoreException {
        KeyPair deviceKey = P256.generate(random);
        SealpostService service = account.service();
        String address = account.settings().address();
        Enrolled enrolled;
        try (MailClient mail = account.mail()) {
            Challenge challenge = service.startEnrollment(address, accountKey(deviceKey).toJSONObject());
            FoundMail found = mail.await(CHALLENGE_HEADER, challenge.enrollment(), mailWait)
                    .orElseThrow(() -> new EnrollmentException("the challenge mail did not arrive in " + address + "'s inbox within "
                            + mailWait.toSeconds() + " s; check the IMAP settings ('sealpost account add') and try again"));
            String subject = found.subject() == null ? "" : found.subject().trim();
            if (!subject.startsWith(SUBJECT_PREFIX)) {
                throw new EnrollmentException("the challenge mail's subject is not the service's ('" + SUBJECT_PREFIX + "...')");
            }
            String answer = answer(subject.substring(SUBJECT_PREFIX.length()).trim(), challenge.token(), accountKey(deviceKey));
            enrolled = service.completeEnrollment(challenge.enrollment(), answer, csr(deviceKey, address), account.settings().deviceName());
            // The challenge is used up; the mail is of no further use and should not clutter the inbox.
            mail.delete(found.id());
        } catch (MailException e) {
            throw new EnrollmentException(e.getMessage());
        } catch (ServiceException e) {
            throw new EnrollmentException(e.getMessage());
        } catch (org.sealpost.client.account.AccountException e) {
            throw new EnrollmentException(e.getMessage());
        }
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(enrolled.signingCertificate());
        chain.addAll(enrolled.chain());
        StoreData.DeviceCredentials device = new StoreData.DeviceCredentials(enrolled.device().id(), enrolled.device().name(),
                deviceKey.getPrivate(), chain);
        StoreData data = account.data().withDevice(device).withEncryptionKeys(List.of()).withIdentities(List.of());
        if (!enrolled.chain().isEmpty()) {
            data = data.trusting(enrolled.chain().getLast());
        }
        account.save(data);
        try {
            List<StoreData.EncryptionKey> history = fetchKeys(account, password);
            account.save(account.data().withEncryptionKeys(history));
            return new Outcome.Complete(device, history.size());
        } catch (EnrollmentException e) {
            return new Outcome.KeysPending(device, e.getMessage());
        }
    }

    /**
     * Fetches the key history, asking {@code password} when the address is protected.
     *
     * @throws EnrollmentException with the reason when the keys cannot be fetched
     */
    public List<StoreData.EncryptionKey> fetchKeys(Account account, PasswordSource password) throws EnrollmentException {
        try {
            SealpostService device = account.deviceService();
            try {
                return keys.fetch(device, Optional.empty());
            } catch (ServiceException e) {
                if (!"password_required".equals(e.code())) {
                    throw e;
                }
            }
            char[] p = password.get().orElseThrow(() -> new EnrollmentException(
                    "the keys of " + account.settings().address() + " are protected by a password: set SEALPOST_KEY_PASSWORD or run in a terminal"));
            try {
                return keys.fetch(device, Optional.of(p));
            } finally {
                java.util.Arrays.fill(p, '\0');
            }
        } catch (ServiceException | KeySyncException | org.sealpost.client.account.AccountException e) {
            throw new EnrollmentException(e.getMessage());
        }
    }

    /** Where the key-protection password comes from when it is needed (a prompt, an environment variable). */
    @FunctionalInterface
    public interface PasswordSource {
        Optional<char[]> get();
    }

    /**
     * base64url(SHA-256(mail part || https part || "." || RFC 7638 thumbprint of the account key)),
     * docs/VALIDATION.md section 3.
     */
    static String answer(String mailPart, String httpsPart, JWK accountKey) {
        try {
            String thumbprint = accountKey.computeThumbprint().toString();
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((mailPart + httpsPart + "." + thumbprint).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (JOSEException | GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static JWK accountKey(KeyPair key) {
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) key.getPublic()).build();
    }

    /** The service ignores the CSR's subject and extensions; it checks the key and the signature. */
    private static String csr(KeyPair key, String address) {
        try {
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + escape(address)), key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(request);
            }
            return out.toString();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make the CSR", e);
        }
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,").replace("+", "\\+").replace("\"", "\\\"")
                .replace("<", "\\<").replace(">", "\\>").replace(";", "\\;").replace("=", "\\=");
    }
}
