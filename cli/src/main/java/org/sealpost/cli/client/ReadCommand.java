package org.sealpost.cli.client;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.client.account.Account;
import org.sealpost.client.mail.MailClient;
import org.sealpost.client.mail.MailException;
import org.sealpost.client.read.AttachmentSaver;
import org.sealpost.client.read.MailReader;
import org.sealpost.client.read.ReadMessage;
import org.sealpost.client.read.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sealpost read}: one message, decrypted, verified, and said in plain words. */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = {"Show one message of the inbox: decrypted with whichever key of the address's history opens it, every "
                + "signature checked, and in plain words who signed and how far that identity is validated (V1 address, V2 person, "
                + "V3 organization, V4 person, title and organization, Vp publicly trusted), when it was timestamped, or why a "
                + "signature is bad.",
                "A tampered message, or one this device cannot open, is not shown: exit 1 with the reason. Certificates of "
                        + "signers from other CAs are submitted to the directory."})
public final class ReadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientHomeOption home;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "The message's id, as 'sealpost inbox' lists it.")
    String id;

    @Option(names = "--json", description = "JSON: from, to, subject, date, body, encrypted, signature {valid, level, signer, timestamp}, "
            + "signatures (every signer), attachments, reason.")
    boolean json;

    @Option(names = "--save-attachments", paramLabel = "DIR",
            description = "Write the attachments into DIR (created when missing) under safe file names; nothing is ever written outside it.")
    Path saveTo;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try (Account account = home.open(); MailClient mail = account.mail()) {
            MailReader reader = ClientHomeOption.reader(account, err);
            ReadMessage message;
            try {
                message = reader.read(mail, id.strip());
            } catch (MailException e) {
                if (e.kind() == MailException.Kind.NOT_FOUND) {
                    throw new CliException(ExitCodes.USAGE, e.getMessage() + " (see 'sealpost inbox')");
                }
                throw e;
            }
            if (message.verdict() == Verdict.BAD) {
                throw new CliException(ExitCodes.FAILED, "message " + message.id() + " is not shown, its signature is bad: " + message.reason());
            }
            if (message.verdict() == Verdict.UNREADABLE) {
                throw new CliException(ExitCodes.FAILED, "message " + message.id() + " is not shown: " + message.reason());
            }
            List<Path> saved = saveTo == null ? List.of() : new AttachmentSaver(saveTo).save(message.content().attachments());
            out.print(json ? MailJson.message(message, saved) + System.lineSeparator() : MailText.message(message, saved));
            out.flush();
        }
        return ExitCodes.OK;
    }
}
