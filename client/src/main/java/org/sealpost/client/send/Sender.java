package org.sealpost.client.send;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.sealpost.client.directory.RecipientDirectory;
import org.sealpost.client.directory.RecipientKeys;
import org.sealpost.client.mail.MailClient;
import org.sealpost.client.mail.MailException;
import org.sealpost.client.service.ServiceException;
import org.sealpost.core.smime.encrypt.Recipient;
import org.sealpost.core.smime.sign.TimestampClient;

/**
 * Sends one mail the Sealpost way, all or nothing up to the SMTP hand-over:
 *
 * <ol>
 * <li>every recipient's keys are resolved ({@link RecipientDirectory}); any failure stops here and
 *     nothing is sent;</li>
 * <li>the message is composed, wrapped (the real subject goes inside), signed by the device (and its
 *     identity certificate), timestamped, and encrypted to every valid certificate of every
 *     recipient, every provisional key, and the sender's own certificate;</li>
 * <li>one SMTP transaction takes it to all recipients; recipients of an on-premise domain whose key
 *     service has no certificate for them get, in a second transaction, the same mail signed only;</li>
 * <li>each recipient encrypted to a provisional key gets a plain invitation from the sender;</li>
 * <li>the encrypted copy is saved in Sent (a failure there is a warning: the mail is out).</li>
 * </ol>
 */
public final class Sender {
    private final SenderIdentity me;
    private final RecipientDirectory directory;
    private final MailClient mail;
    private final Optional<TimestampClient> tsa;
    private final Clock clock;
    private final MessageComposer composer;
    private final Sealer sealer;

    /**
     * @param mail the account's mail client (the caller closes it)
     * @param tsa  the timestamp authority; empty signs without timestamps
     */
    public Sender(SenderIdentity me, RecipientDirectory directory, MailClient mail, Optional<TimestampClient> tsa, Clock clock,
                  SecureRandom random) {
        this.me = Objects.requireNonNull(me, "me");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.mail = Objects.requireNonNull(mail, "mail");
        this.tsa = Objects.requireNonNull(tsa, "tsa");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.composer = new MessageComposer(random);
        this.sealer = new Sealer(clock, random);
    }

    /**
     * Sends {@code draft}.
     *
     * @throws SendException when it could not be sent; its message says whether anything went out
     */
    public SendReport send(Draft draft) throws SendException {
        List<String> recipients = draft.recipients();
        List<RecipientKeys> keys = draft.encrypt() ? resolve(recipients) : List.of();
        Instant now = clock.instant();
        String messageId = composer.newMessageId(me.address());
        byte[] message = composer.compose(me.address(), draft, messageId, now);
        Signing signing = new Signing(draft.sign());

        byte[] encrypted = null;
        List<String> encryptedTo = new ArrayList<>();
        List<String> clearTo = new ArrayList<>();
        if (draft.encrypt()) {
            byte[] wrapped = composer.wrap(message, me.address(), draft, messageId, now);
            encrypted = sealer.encrypt(signing.apply(wrapped), encryptionRecipients(keys));
            for (RecipientKeys k : keys) {
                (k instanceof RecipientKeys.Uncertified ? clearTo : encryptedTo).add(k.address());
            }
        } else {
            clearTo.addAll(recipients);
        }
        byte[] clear = clearTo.isEmpty() ? null : signing.apply(message);

        if (!encryptedTo.isEmpty()) {
            transmit(encrypted, encryptedTo, "");
        }
        if (!clearTo.isEmpty()) {
            transmit(clear, clearTo, encryptedTo.isEmpty() ? "" : "the mail went encrypted to " + String.join(", ", encryptedTo)
                    + ", but not to " + String.join(", ", clearTo) + ": ");
        }

        List<String> warnings = new ArrayList<>(signing.warnings);
        Set<String> invited = new LinkedHashSet<>();
        for (RecipientKeys k : keys) {
            if (k instanceof RecipientKeys.Provisional p && invite(p.address(), messageId, now, warnings)) {
                invited.add(p.address());
            }
        }
        List<RecipientReport> reports = new ArrayList<>();
        if (draft.encrypt()) {
            for (RecipientKeys k : keys) {
                reports.add(report(k, draft.sign(), invited.contains(k.address())));
            }
        } else {
            for (String r : recipients) {
                reports.add(draft.sign()
                        ? new RecipientReport(r, RecipientReport.Protection.SIGNED_ONLY, 0, false, "signed only (--no-encrypt)")
                        : new RecipientReport(r, RecipientReport.Protection.PLAIN, 0, false, "plain (--no-encrypt --no-sign)"));
            }
        }
        boolean saved = saveSent(encrypted != null ? encrypted : clear, warnings);
        return new SendReport(messageId, reports, draft.sign() ? me.signerLabels() : List.of(), signing.timestamped(), saved, warnings,
                directory.serviceCalls());
    }

    private List<RecipientKeys> resolve(List<String> recipients) throws SendException {
        if (me.encryptionCertificate().isEmpty()) {
            throw new SendException("the local store holds no valid encryption certificate of " + me.address()
                    + ", so the Sent copy could not be read; run 'sealpost enroll --force' (or send with --no-encrypt); nothing was sent");
        }
        try {
            return directory.resolve(recipients);
        } catch (ServiceException e) {
            throw new SendException(e.getMessage() + "; nothing was sent");
        }
    }

    private List<Recipient> encryptionRecipients(List<RecipientKeys> keys) {
        Set<Recipient> out = new LinkedHashSet<>();
        for (RecipientKeys k : keys) {
            switch (k) {
                case RecipientKeys.Certified c -> c.certificates().forEach(cert -> out.add(Recipient.of(cert)));
                case RecipientKeys.Provisional p -> out.add(Recipient.of(p.key().publicKey()));
                case RecipientKeys.Uncertified u -> {
                    // Sent signed only, in its own transaction.
                }
            }
        }
        X509Certificate own = me.encryptionCertificate().orElseThrow();
        out.add(Recipient.of(own));
        return List.copyOf(out);
    }

    private static RecipientReport report(RecipientKeys k, boolean signed, boolean invited) {
        return switch (k) {
            case RecipientKeys.Certified c -> new RecipientReport(c.address(), RecipientReport.Protection.ENCRYPTED,
                    c.certificates().size(), false,
                    "encrypted (" + c.certificates().size() + (c.certificates().size() == 1 ? " certificate)" : " certificates)"));
            case RecipientKeys.Provisional p -> new RecipientReport(p.address(), RecipientReport.Protection.ENCRYPTED_PROVISIONAL, 1,
                    invited, "encrypted to a provisional key; " + (invited ? "invitation sent" : "the invitation could not be sent"));
            case RecipientKeys.Uncertified u -> signed
                    ? new RecipientReport(u.address(), RecipientReport.Protection.SIGNED_ONLY, 0, false,
                            "signed only (no certificate at its key service " + u.keyService() + ")")
                    : new RecipientReport(u.address(), RecipientReport.Protection.PLAIN, 0, false,
                            "not encrypted (no certificate at its key service " + u.keyService() + ")");
        };
    }

    private boolean invite(String to, String messageId, Instant now, List<String> warnings) {
        Invitation invitation = new Invitation(me.address(), to, me.service(), messageId);
        byte[] bytes = composer.plain(me.address(), to, invitation.subject(), invitation.body(), messageId, now);
        try {
            mail.send(bytes, me.address(), List.of(to));
            return true;
        } catch (MailException e) {
            warnings.add("the mail was sent, but the invitation to " + to + " was not: " + e.getMessage());
            return false;
        }
    }

    private void transmit(byte[] message, List<String> to, String context) throws SendException {
        try {
            mail.send(message, me.address(), to);
        } catch (MailException e) {
            String why = e.getMessage();
            throw new SendException(context + why + (context.isEmpty() && !why.contains("nothing was sent") ? "; nothing was sent" : ""));
        }
    }

    private boolean saveSent(byte[] copy, List<String> warnings) {
        try {
            mail.saveSent(copy);
            return true;
        } catch (MailException e) {
            warnings.add("the mail was sent, but no copy was saved in Sent: " + e.getMessage());
            return false;
        }
    }

    /** Signs every message of one send the same way; once the TSA has failed it is not asked again. */
    private final class Signing {
        private final boolean enabled;
        private final List<String> warnings = new ArrayList<>();
        private boolean tsaFailed;
        private boolean timestamped;

        Signing(boolean enabled) {
            this.enabled = enabled;
        }

        byte[] apply(byte[] message) throws SendException {
            if (!enabled) {
                return message;
            }
            Sealer.Signed signed = sealer.sign(message, me.signers(), me.encryptionCertificate(), tsaFailed ? Optional.empty() : tsa);
            if (signed.timestampProblem().isPresent()) {
                tsaFailed = true;
                warnings.add("no timestamp (" + signed.timestampProblem().get() + "); the mail is signed without one");
            }
            timestamped = tsa.isPresent() && !tsaFailed;
            return signed.message();
        }

        boolean timestamped() {
            return enabled && timestamped;
        }
    }
}
