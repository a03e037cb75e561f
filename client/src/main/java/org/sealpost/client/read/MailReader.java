package org.sealpost.client.read;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.sealpost.client.account.Account;
import org.sealpost.client.account.AccountException;
import org.sealpost.client.enroll.Enroller;
import org.sealpost.client.enroll.EnrollmentException;
import org.sealpost.client.mail.MailClient;
import org.sealpost.client.mail.MailException;
import org.sealpost.client.mail.MailSummary;
import org.sealpost.client.store.StoreData;
import org.sealpost.client.store.StoreException;
import org.sealpost.core.SmimeException;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.decrypt.KeyHistory;
import org.sealpost.core.smime.verify.Layer;
import org.sealpost.core.smime.verify.SignerResult;
import org.sealpost.core.smime.verify.SmimeVerifier;
import org.sealpost.core.smime.verify.VerificationReport;
import org.sealpost.core.smime.verify.VerifyOptions;

/**
 * Reads the account's mail: opens each message with whichever key of the address's history
 * matches, verifies every layer against the local store's trust anchors (the service's CA chain as
 * intermediates), and judges it ({@link Verdict}). When no key opens a message, the history is
 * fetched from the key service again, once per reader, and kept: a key rotated after this device
 * enrolled, or one only another device had seen. Certificates of intact signers from other CAs are
 * submitted to the directory ({@link Harvester}). One reader serves one command run; it is not
 * thread-safe.
 *
 * <p>A message's own problems (tampered, unreadable, malformed) are part of the result, never an
 * exception: the inbox lists them like any other. Notes (a failed harvest, revocation not
 * checked, keys not refreshed) go to the {@code notes} consumer, one line each, without secrets.
 */
public final class MailReader {
    /** The file in the client's home that lists the certificates already submitted to the directory. */
    public static final String HARVESTED_FILE = "harvested.txt";

    private final Account account;
    private final KeyRefresh refresh;
    private final SignerJudge judge;
    private final Harvester harvester;
    private final Consumer<String> notes;
    private final SmimeVerifier verifier = new SmimeVerifier();
    /** For parsing only (never connected); one for all messages, as making one is costly. */
    private final Session session = Session.getInstance(new Properties());
    private KeyHistory keys;
    private boolean refreshed;

    public MailReader(Account account, KeyRefresh refresh, Revocations revocations, Harvester harvester, Consumer<String> notes) {
        this.account = Objects.requireNonNull(account, "account");
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        this.judge = new SignerJudge(revocations);
        this.harvester = Objects.requireNonNull(harvester, "harvester");
        this.notes = Objects.requireNonNull(notes, "notes");
    }

    /**
     * The reader of an enrolled account: keys fetched again with {@code Enroller.fetchKeys}, this
     * service's CRLs, harvest as the device into {@code <home>/harvested.txt}.
     *
     * @param password the key-protection password, asked only when a fetch needs it
     * @throws AccountException when the device is not enrolled
     */
    public static MailReader forAccount(Account account, Enroller.PasswordSource password, Consumer<String> notes) throws AccountException {
        StoreData.DeviceCredentials device = account.device();
        Enroller enroller = new Enroller(new SecureRandom(), Duration.ZERO);
        List<X509Certificate> ca = device.chain().subList(1, device.chain().size());
        return new MailReader(account, () -> enroller.fetchKeys(account, password),
                new Revocations(ca, account.service()::revocationLists, notes),
                new Harvester(account.home().dir().resolve(HARVESTED_FILE), account.deviceService(), notes), notes);
    }

    /**
     * Reads message {@code id} of INBOX; asks the directory about signers of other CAs (harvest).
     *
     * @throws MailException when the mail server cannot be reached or has no such message ({@code NOT_FOUND})
     */
    public ReadMessage read(MailClient mail, String id) throws MailException {
        return open(id, mail.fetch(id));
    }

    /**
     * Every message of INBOX, newest first, opened and checked over one IMAP login; plain messages are
     * described from their headers without being downloaded. Signers of other CAs are asked about in
     * one go at the end.
     */
    public List<InboxEntry> inbox(MailClient mail) throws MailException {
        List<MailSummary> summaries = mail.list();
        List<String> smime = summaries.stream().filter(s -> isSmime(s.contentType())).map(MailSummary::id).toList();
        List<Opened> opened = new ArrayList<>();
        // Only the headers are kept of each message until the end: a thousand bodies need not sit in memory.
        mail.fetchEach(smime, (id, raw) -> opened.add(opening(id, raw).lean()));
        List<ReadMessage> judged = finish(opened);
        Map<String, InboxEntry> entries = new HashMap<>();
        for (int i = 0; i < judged.size(); i++) {
            ReadMessage m = judged.get(i);
            entries.put(m.id(), new InboxEntry(m.id(), m.content().from(), m.content().subject(), m.content().date(), m.encrypted(),
                    m.signed(), m.verdict(), m.reason(), m.signature(), opened.get(i).attachments()));
        }
        List<InboxEntry> out = new ArrayList<>(summaries.size());
        for (MailSummary s : summaries) {
            if (entries.containsKey(s.id())) {
                out.add(entries.get(s.id()));
            } else if (!isSmime(s.contentType())) {
                out.add(new InboxEntry(s.id(), s.from(), s.subject(), s.date(), false, false, Verdict.UNSIGNED, "the message is not signed",
                        Optional.empty(), 0));
            }
            // An S/MIME message that went away between listing and fetching is not listed.
        }
        return out;
    }

    /** Opens and judges one message given as raw RFC 5322 bytes, asking the directory about signers of other CAs. */
    public ReadMessage open(String id, byte[] raw) {
        return finish(List.of(opening(id, raw))).getFirst();
    }

    /**
     * A message opened and verified, its signers not yet judged: the directory is asked about all
     * messages' outside signers at once. {@code decided} is set when there is nothing left to judge.
     */
    private record Opened(String id, MessageContent content, int attachments, boolean encrypted, List<SignerResult> signers,
                          List<Layer.Signed> layers, Optional<ReadMessage> decided) {
        /** Without body and attachments (their count is kept), for a list of many. */
        Opened lean() {
            MessageContent c = new MessageContent(content.from(), content.to(), content.cc(), content.subject(), content.date(), "", List.of());
            return new Opened(id, c, attachments, encrypted, signers, layers, decided.map(d -> new ReadMessage(d.id(), c, d.encrypted(),
                    d.signed(), d.verdict(), d.reason(), d.signature(), d.signers())));
        }
    }

    private Opened opening(String id, byte[] raw) {
        try {
            if (!isSmime(topContentType(raw))) {
                MessageContent content = MessageContent.parse(raw, session);
                return decided(new ReadMessage(id, content, false, false, Verdict.UNSIGNED, "the message is not signed", Optional.empty(),
                        List.of()));
            }
            Attempt attempt = attempt(raw);
            if (attempt.undecrypted().isPresent() && refreshKeys()) {
                attempt = attempt(raw);
            }
            if (attempt.undecrypted().isPresent()) {
                return decided(failed(id, raw, true, Verdict.UNREADABLE, "this device cannot open the message: " + attempt.undecrypted().get()));
            }
            List<Layer.Signed> layers = attempt.report().layers().stream().filter(l -> l instanceof Layer.Signed).map(l -> (Layer.Signed) l)
                    .toList();
            List<SignerResult> signers = layers.stream().flatMap(l -> l.signers().stream()).toList();
            MessageContent content = MessageContent.parse(attempt.content(), session);
            return new Opened(id, content, content.attachments().size(), attempt.encrypted(), signers, layers, Optional.empty());
        } catch (SmimeException e) {
            return decided(failed(id, raw, false, Verdict.BAD, "the message is damaged: " + e.getMessage()));
        } catch (MessagingException | IOException | RuntimeException e) {
            return decided(failed(id, raw, false, Verdict.UNREADABLE, "the message cannot be read: " + e.getMessage()));
        }
    }

    private static Opened decided(ReadMessage m) {
        return new Opened(m.id(), m.content(), m.content().attachments().size(), m.encrypted(), List.of(), List.of(), Optional.of(m));
    }

    private record Attempt(VerificationReport report, byte[] content, Optional<String> undecrypted) {
        boolean encrypted() {
            return report.layers().stream().anyMatch(l -> l instanceof Layer.Encrypted);
        }
    }

    private Attempt attempt(byte[] raw) throws SmimeException, IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream(raw.length);
        VerificationReport report = verifier.verify(MessageSource.of(raw), options(), content);
        Optional<String> undecrypted = report.layers().stream()
                .filter(l -> l instanceof Layer.Encrypted e && !e.decrypted()).map(l -> ((Layer.Encrypted) l).note()).findFirst();
        return new Attempt(report, content.toByteArray(), undecrypted);
    }

    /**
     * Judges the opened messages: asks the directory once about every intact signer of another CA
     * (whether it publishes the certificate, harvesting those it was never given), then decides each.
     */
    private List<ReadMessage> finish(List<Opened> opened) {
        List<Harvester.Candidate> candidates = new ArrayList<>();
        for (Opened o : opened) {
            if (o.decided().isPresent() || o.layers().stream().anyMatch(l -> l.problem().isPresent())) {
                continue;
            }
            // A message with a bad signature says nothing anyone should pass on.
            if (o.signers().stream().anyMatch(r -> !r.valid())) {
                continue;
            }
            for (SignerResult r : o.signers()) {
                if (r.certificate().isPresent() && !judge.issuedByUs(r)) {
                    candidates.add(new Harvester.Candidate(r.certificate().get(), r.certificateEmails(), r.messageCertificates(), !r.trusted()));
                }
            }
        }
        Map<String, Harvester.Answer> answers = harvester.resolve(candidates);
        List<ReadMessage> out = new ArrayList<>(opened.size());
        for (Opened o : opened) {
            out.add(o.decided().orElseGet(() -> judged(o, answers)));
        }
        return out;
    }

    private ReadMessage judged(Opened o, Map<String, Harvester.Answer> answers) {
        List<SignerVerdict> signers = new ArrayList<>();
        for (SignerResult r : o.signers()) {
            signers.add(judge.judge(r, r.certificate().map(c -> answers.get(Harvester.fingerprint(c)))));
        }
        Optional<String> layerProblem = o.layers().stream().flatMap(l -> l.problem().stream()).findFirst();
        Optional<SignerVerdict> bad = signers.stream().filter(SignerVerdict::bad).findFirst();
        Verdict verdict;
        String reason;
        if (o.layers().isEmpty()) {
            verdict = Verdict.UNSIGNED;
            reason = "the message is not signed";
        } else if (layerProblem.isPresent()) {
            verdict = Verdict.BAD;
            reason = layerProblem.get();
        } else if (bad.isPresent()) {
            verdict = Verdict.BAD;
            reason = bad.get().signer() + ": " + bad.get().reason();
        } else if (signers.stream().anyMatch(SignerVerdict::valid)) {
            verdict = Verdict.VERIFIED;
            reason = "ok";
        } else {
            verdict = Verdict.UNVERIFIED;
            reason = signers.getFirst().signer() + ": " + signers.getFirst().reason();
        }
        return new ReadMessage(o.id(), o.content(), o.encrypted(), !o.layers().isEmpty(), verdict, reason,
                summary(signers, verdict, layerProblem), signers);
    }

    private static Optional<SignatureSummary> summary(List<SignerVerdict> signers, Verdict verdict, Optional<String> layerProblem) {
        if (verdict == Verdict.UNSIGNED) {
            return Optional.empty();
        }
        List<SignerVerdict> ranked = new ArrayList<>();
        if (verdict == Verdict.BAD) {
            // Speak of what is wrong first.
            signers.stream().filter(SignerVerdict::bad).forEach(ranked::add);
            signers.stream().filter(s -> !s.bad()).forEach(ranked::add);
        } else {
            ranked.addAll(SignerJudge.ranked(signers));
        }
        Optional<SignerVerdict> best = ranked.stream().findFirst();
        String words = String.join("; ", ranked.stream().map(SignerVerdict::words).toList());
        if (layerProblem.isPresent()) {
            words = "bad signature: " + layerProblem.get() + (words.isEmpty() ? "" : "; " + words);
        }
        Optional<java.time.Instant> timestamp = best.flatMap(SignerVerdict::timestamp)
                .or(() -> ranked.stream().flatMap(s -> s.timestamp().stream()).findFirst());
        return Optional.of(new SignatureSummary(verdict == Verdict.VERIFIED, best.flatMap(SignerVerdict::level),
                best.map(SignerVerdict::signer).orElse(""), verdict == Verdict.BAD ? Optional.empty() : timestamp, words));
    }

    private ReadMessage failed(String id, byte[] raw, boolean encrypted, Verdict verdict, String reason) {
        MessageContent content;
        try {
            content = MessageContent.headersOnly(raw, session);
        } catch (MessagingException | RuntimeException e) {
            content = new MessageContent("", List.of(), List.of(), "", Optional.empty(), "", List.of());
        }
        return new ReadMessage(id, content, encrypted, false, verdict, reason, Optional.empty(), List.of());
    }

    private VerifyOptions options() {
        StoreData data = account.data();
        Set<X509Certificate> intermediates = new LinkedHashSet<>();
        data.device().ifPresent(d -> intermediates.addAll(d.chain().subList(1, d.chain().size())));
        data.identities().forEach(i -> intermediates.addAll(i.chain().subList(1, i.chain().size())));
        return VerifyOptions.trusting(data.trustAnchors().toArray(new X509Certificate[0]))
                .withIntermediates(List.copyOf(intermediates)).withDecryptionKeys(keys());
    }

    private KeyHistory keys() {
        if (keys == null) {
            keys = DecryptionKeys.of(account.data().encryptionKeys());
        }
        return keys;
    }

    /**
     * Fetches the key history again, once per reader, and keeps it (merged with the keys held
     * already, so no key is ever lost here). True when there are keys to try again with.
     */
    private boolean refreshKeys() {
        if (refreshed) {
            return false;
        }
        refreshed = true;
        List<StoreData.EncryptionKey> fetched;
        try {
            fetched = refresh.fetch();
        } catch (EnrollmentException e) {
            notes.accept("could not fetch the key history again: " + e.getMessage());
            return false;
        }
        List<StoreData.EncryptionKey> merged = new ArrayList<>(fetched);
        Set<String> ids = new java.util.HashSet<>(fetched.stream().map(StoreData.EncryptionKey::keyId).toList());
        account.data().encryptionKeys().stream().filter(k -> !ids.contains(k.keyId())).forEach(merged::add);
        keys = DecryptionKeys.of(merged);
        try {
            account.save(account.data().withEncryptionKeys(merged));
        } catch (StoreException e) {
            notes.accept("the fetched keys are used but could not be saved: " + e.getMessage());
        }
        return true;
    }

    private static String topContentType(byte[] raw) throws MessagingException {
        String[] ct = new InternetHeaders(new ByteArrayInputStream(raw)).getHeader("Content-Type");
        return ct == null || ct.length == 0 ? "text/plain" : ct[0];
    }

    /** multipart/signed or application/(x-)pkcs7-mime: what the S/MIME engine opens. */
    static boolean isSmime(String contentType) {
        String base;
        try {
            base = new ContentType(contentType.replaceAll("\\r?\\n[ \\t]*", " ").strip()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (jakarta.mail.internet.ParseException e) {
            base = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        }
        return base.equals("multipart/signed") || base.equals("application/pkcs7-mime") || base.equals("application/x-pkcs7-mime");
    }
}
