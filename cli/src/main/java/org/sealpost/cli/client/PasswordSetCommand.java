package org.sealpost.cli.client;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.client.account.Account;
import org.sealpost.client.manage.KeyPasswordException;
import org.sealpost.client.manage.KeyProtection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sealpost password set}: sets or changes the key-protection password. The new password comes
 * from {@code SEALPOST_NEW_KEY_PASSWORD} or is asked twice on the terminal; the current one, when one
 * is set, from {@code SEALPOST_KEY_PASSWORD} or the terminal. Without a terminal nothing is asked.
 */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Set or change the key-protection password of this address. Once set, every device needs it to fetch "
                + "the encryption keys: a new device's 'sealpost enroll' asks for it (or reads $" + EnrollCommand.KEY_PASSWORD_ENV + ").",
                "The new password comes from $" + PasswordSetCommand.NEW_PASSWORD_ENV + " or is asked twice; the current one, "
                        + "when one is set, from $" + EnrollCommand.KEY_PASSWORD_ENV + " or is asked. Five wrong current passwords "
                        + "lock release and changes for a while."})
public final class PasswordSetCommand implements Callable<Integer> {
    /** The environment variable holding the new key-protection password. */
    public static final String NEW_PASSWORD_ENV = "SEALPOST_NEW_KEY_PASSWORD";

    @Spec
    CommandSpec spec;

    @Mixin
    ClientHomeOption home;

    @Override
    public Integer call() throws Exception {
        // Fail before any work when the new password can come from nowhere.
        if (System.getenv(NEW_PASSWORD_ENV) == null && !Prompt.interactive()) {
            throw new CliException(ExitCodes.USAGE, "the new key-protection password comes from " + NEW_PASSWORD_ENV
                    + " or a terminal; standard input is not a terminal, so nothing is asked");
        }
        try (Account account = home.open()) {
            String address = account.settings().address();
            KeyProtection protection = new KeyProtection(account);
            boolean change = protection.isProtected();
            char[] current = change ? current(address) : null;
            char[] password = null;
            try {
                password = newPassword();
                protection.set(password, Optional.ofNullable(current));
            } catch (KeyPasswordException e) {
                throw new CliException(ExitCodes.FAILED, e.getMessage());
            } finally {
                wipe(current);
                wipe(password);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Key-protection password " + (change ? "changed" : "set") + " for " + address
                    + ". A device now needs it to fetch the encryption keys (enroll reads $" + EnrollCommand.KEY_PASSWORD_ENV
                    + " or asks).");
            out.flush();
        }
        return ExitCodes.OK;
    }

    private static char[] current(String address) throws CliException {
        String env = System.getenv(EnrollCommand.KEY_PASSWORD_ENV);
        if (env != null && !env.isEmpty()) {
            return env.toCharArray();
        }
        return Prompt.secret("Current key-protection password: ").filter(p -> p.length > 0)
                .orElseThrow(() -> new CliException(ExitCodes.USAGE, "the keys of " + address + " have a key-protection password: give "
                        + "the current one in " + EnrollCommand.KEY_PASSWORD_ENV + " (standard input is not a terminal, so nothing is asked)"));
    }

    private static char[] newPassword() throws CliException {
        String env = System.getenv(NEW_PASSWORD_ENV);
        char[] password;
        if (env != null) {
            password = env.toCharArray();
        } else {
            password = Prompt.secret("New key-protection password: ").orElseThrow(() -> new CliException(ExitCodes.USAGE,
                    "set " + NEW_PASSWORD_ENV + " (standard input is not a terminal, so nothing is asked)"));
            char[] again = Prompt.secret("Again: ").orElse(new char[0]);
            boolean same = Arrays.equals(password, again);
            wipe(again);
            if (!same) {
                wipe(password);
                throw new CliException(ExitCodes.USAGE, "the two passwords differ; nothing was changed");
            }
        }
        Optional<String> problem = KeyProtection.problem(password);
        if (problem.isPresent()) {
            wipe(password);
            throw new CliException(ExitCodes.USAGE, (env != null ? NEW_PASSWORD_ENV + ": " : "") + problem.get());
        }
        return password;
    }

    private static void wipe(char[] secret) {
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
    }
}
