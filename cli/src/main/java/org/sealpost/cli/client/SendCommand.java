package org.sealpost.cli.client;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.client.account.Account;
import org.sealpost.client.directory.DirectoryCache;
import org.sealpost.client.directory.KeyServiceDiscovery;
import org.sealpost.client.directory.RecipientDirectory;
import org.sealpost.client.enroll.Enroller;
import org.sealpost.client.enroll.EnrollmentException;
import org.sealpost.client.mail.MailClient;
import org.sealpost.client.manage.IdentityRefresh;
import org.sealpost.client.send.Attachment;
import org.sealpost.client.send.Draft;
import org.sealpost.client.send.RecipientReport;
import org.sealpost.client.send.SendException;
import org.sealpost.client.send.SendReport;
import org.sealpost.client.send.Sender;
import org.sealpost.client.send.SenderIdentity;
import org.sealpost.client.service.SealpostService;
import org.sealpost.client.store.StoreException;
import org.sealpost.core.smime.sign.HttpTimestampClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sealpost send}: signs, encrypts and sends a mail; nobody needs to have exchanged anything. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Send a mail, signed by this device and encrypted to every recipient and to you (for the Sent copy). "
                + "Recipients' certificates are looked up (and cached for 10 minutes); a recipient without one gets the mail "
                + "encrypted to a provisional key plus a plain invitation from you. Nothing is sent unless every look-up succeeds.",
                "Prints one line per recipient saying how their copy was protected."})
public final class SendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientHomeOption home;

    @Option(names = "--to", required = true, paramLabel = "E", description = "A recipient; repeatable.")
    List<String> to = new ArrayList<>();

    @Option(names = "--cc", paramLabel = "E", description = "A Cc recipient; repeatable.")
    List<String> cc = new ArrayList<>();

    @Option(names = "--subject", required = true, paramLabel = "S", description = "The subject (encrypted mail shows '...' outside).")
    String subject;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Body body;

    /** The text: from a file or from the command line, exactly one. */
    static final class Body {
        @Option(names = "--body-file", required = true, paramLabel = "F", description = "The text, a UTF-8 file.")
        Path file;

        @Option(names = "--body", required = true, paramLabel = "TEXT", description = "The text.")
        String text;
    }

    @Option(names = "--attach", paramLabel = "F", description = "A file to attach; repeatable.")
    List<Path> attach = new ArrayList<>();

    @Option(names = "--no-encrypt", description = "Send signed only (no look-ups, no invitations).")
    boolean noEncrypt;

    @Option(names = "--no-sign", description = "Do not sign.")
    boolean noSign;

    @Override
    public Integer call() throws Exception {
        // Everything the user typed is checked before the passphrase is used or anything is asked.
        Draft draft = draft();
        try (Account account = home.open()) {
            account.device();
            if (draft.encrypt() && account.data().encryptionKeys().isEmpty()) {
                fetchKeys(account);
            }
            Clock clock = Clock.systemUTC();
            SecureRandom random = new SecureRandom();
            HttpClient http = ClientHomeOption.http();
            SealpostService service = account.deviceService();
            String address = account.settings().address();
            RecipientDirectory directory = new RecipientDirectory(service,
                    url -> new SealpostService(url, http, Optional.empty(), Account.NETWORK_TIMEOUT),
                    new KeyServiceDiscovery(http, KeyServiceDiscovery.WELL_KNOWN, KeyServiceDiscovery.TIMEOUT),
                    account.settings().keyServices(), address.substring(address.lastIndexOf('@') + 1),
                    DirectoryCache.load(account.home().directoryCache(), clock), clock);
            // The V2-V4 certificates the service issued for this key since the last command: the dual signature.
            IdentityRefresh.Refreshed identities = draft.sign() ? new IdentityRefresh().refresh(account)
                    : new IdentityRefresh.Refreshed(account.data(), Optional.empty());
            SenderIdentity me = SenderIdentity.of(address, account.settings().server(), identities.signable(), clock.instant());
            SendReport report;
            try (MailClient mail = account.mail()) {
                report = new Sender(me, directory, mail, Optional.of(new HttpTimestampClient(service.timestampUrl(), http, random)),
                        clock, random).send(draft);
            } catch (SendException e) {
                throw new CliException(ExitCodes.FAILED, e.getMessage());
            }
            print(report, identities.warning());
        }
        return ExitCodes.OK;
    }

    private Draft draft() throws CliException {
        String text;
        if (body.file != null) {
            text = utf8(body.file);
        } else {
            text = body.text;
        }
        List<Attachment> attachments = new ArrayList<>();
        for (Path f : attach) {
            if (!Files.isRegularFile(f)) {
                throw new CliException(ExitCodes.USAGE, "--attach: " + f + (Files.exists(f) ? ": not a file" : ": no such file"));
            }
            try {
                attachments.add(Attachment.read(f));
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "--attach: " + f + ": cannot be read");
            }
        }
        try {
            return new Draft(to, cc, subject, text, attachments, !noEncrypt, !noSign);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
    }

    private static String utf8(Path file) throws CliException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.USAGE, "--body-file: " + file + ": no such file");
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "--body-file: " + file + ": cannot be read");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CliException(ExitCodes.USAGE, "--body-file: " + file + " is not UTF-8 text");
        }
    }

    /** Enrollment left the keys pending ("the next command tries again"): this is that command. */
    private static void fetchKeys(Account account) throws CliException, StoreException {
        try {
            // No mail is awaited here: the wait only matters to enrollment itself.
            var keys = new Enroller(new SecureRandom(), Duration.ofSeconds(1)).fetchKeys(account, EnrollCommand.keyPassword());
            account.save(account.data().withEncryptionKeys(keys));
        } catch (EnrollmentException e) {
            throw new CliException(ExitCodes.FAILED, "your encryption keys are not in the local store yet and cannot be fetched: "
                    + e.getMessage() + "; nothing was sent");
        }
    }

    private void print(SendReport report, Optional<String> identityWarning) {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        for (RecipientReport r : report.recipients()) {
            out.println(r.address() + ": " + r.description());
        }
        String signed = report.signedWith().isEmpty() ? "not signed"
                : "signed with " + String.join(" and ", report.signedWith()) + (report.timestamped() ? ", timestamped" : "");
        out.println("Sent " + report.messageId() + ", " + signed + (report.savedToSent() ? "; a copy is in Sent" : "") + ".");
        out.flush();
        identityWarning.ifPresent(w -> err.println("warning: " + w));
        for (String w : report.warnings()) {
            err.println("warning: " + w);
        }
        err.flush();
    }
}
