package org.sealpost.cli.client;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.client.account.Account;
import org.sealpost.client.account.AccountException;
import org.sealpost.client.account.ClientHome;
import org.sealpost.client.read.MailReader;
import org.sealpost.client.store.StoreException;
import picocli.CommandLine.Option;

/**
 * {@code --home DIR} of every client command, and the passphrase of the local store: from
 * {@code SEALPOST_PASSPHRASE}, else a prompt when standard input is a terminal, else an error (no
 * command ever waits on a prompt nobody can see).
 */
public final class ClientHomeOption {
    /** The environment variable that holds the local store's passphrase. */
    public static final String PASSPHRASE_ENV = "SEALPOST_PASSPHRASE";

    @Option(names = "--home", paramLabel = "DIR",
            description = "The client's directory (default: $SEALPOST_HOME, else ~/.sealpost).")
    Path home;

    @Option(names = "--passphrase-env", paramLabel = "VAR", defaultValue = PASSPHRASE_ENV,
            description = "Environment variable holding the local store's passphrase (default: ${DEFAULT-VALUE}); "
                    + "when it is not set, the passphrase is asked on the terminal.")
    String passphraseEnv = PASSPHRASE_ENV;

    /** The home directory this command works in. */
    public ClientHome home() {
        return ClientHome.resolve(Optional.ofNullable(home), System.getenv());
    }

    /** Opens the account with the passphrase; a wrong one is exit 2 with one line. */
    public Account open() throws CliException, AccountException, StoreException {
        char[] passphrase = passphrase("Passphrase of the local store: ", false);
        try {
            return Account.open(home(), passphrase, http());
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    /** The passphrase: the environment, else a prompt (twice when {@code confirm}), else an error. */
    public char[] passphrase(String prompt, boolean confirm) throws CliException {
        String env = System.getenv(passphraseEnv);
        if (env != null) {
            if (env.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, passphraseEnv + " is empty");
            }
            return env.toCharArray();
        }
        char[] first = Prompt.secret(prompt).orElseThrow(() -> new CliException(ExitCodes.USAGE,
                "the local store needs a passphrase: set " + passphraseEnv + " (standard input is not a terminal, so nothing is asked)"));
        if (confirm) {
            char[] again = Prompt.secret("Again: ").orElse(new char[0]);
            boolean same = Arrays.equals(first, again);
            Arrays.fill(again, '\0');
            if (!same) {
                Arrays.fill(first, '\0');
                throw new CliException(ExitCodes.USAGE, "the two passphrases differ");
            }
        }
        if (first.length == 0) {
            throw new CliException(ExitCodes.USAGE, "an empty passphrase is not accepted");
        }
        return first;
    }

    /** The account's mail reader, its notes (key refresh, harvest) one line each on {@code err}. */
    public static MailReader reader(Account account, PrintWriter err) throws AccountException {
        return MailReader.forAccount(account, EnrollCommand.keyPassword(), note -> {
            err.println("note: " + note);
            err.flush();
        });
    }

    /** One HTTP client per command run. */
    public static HttpClient http() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    }
}
