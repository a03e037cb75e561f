package org.sealpost.cli.client;

import java.util.List;
import java.util.concurrent.Callable;
import org.sealpost.cli.ExitCodes;
import org.sealpost.client.account.Account;
import org.sealpost.client.mail.MailClient;
import org.sealpost.client.read.InboxEntry;
import org.sealpost.client.read.MailReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sealpost inbox}: every message of INBOX, decrypted and checked, one line each. */
@Command(name = "inbox", mixinStandardHelpOptions = true,
        description = {"List the inbox, newest first: each message is decrypted with whichever key of the address's history "
                + "opens it and its signatures are checked, so the list shows the real subject and sender and who signed.",
                "Read one with 'sealpost read --id ID'."})
public final class InboxCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientHomeOption home;

    @Option(names = "--json", description = "A JSON list, one object per message (id, from, subject, date, encrypted, signed, signature, ...).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try (Account account = home.open(); MailClient mail = account.mail()) {
            MailReader reader = ClientHomeOption.reader(account, err);
            List<InboxEntry> entries = reader.inbox(mail);
            out.print(json ? MailJson.inbox(entries) + System.lineSeparator() : MailText.inbox(account.settings().address(), entries));
            out.flush();
        }
        return ExitCodes.OK;
    }
}
