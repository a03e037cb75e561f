package org.sealpost.cli.client;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.client.account.Account;
import org.sealpost.client.enroll.Enroller;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sealpost enroll}: proves control of the mailbox and fetches this device's certificates and keys. */
@Command(name = "enroll", mixinStandardHelpOptions = true,
        description = {"Enroll this device with the Sealpost service: it asks for a challenge, finds the challenge mail over IMAP, "
                + "answers it, deletes it, and keeps the device's signing key (made here, never sent), its certificates and the "
                + "address's encryption keys in the local store. Nothing to type but the store's passphrase."})
public final class EnrollCommand implements Callable<Integer> {
    /** The environment variable holding the key-protection password, when the address has one. */
    public static final String KEY_PASSWORD_ENV = "SEALPOST_KEY_PASSWORD";

    @Spec
    CommandSpec spec;

    @Mixin
    ClientHomeOption home;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for the challenge mail (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Option(names = "--force", description = "Enroll again although this home holds an enrolled device (e.g. after it was removed).")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (waitSeconds < 1 || waitSeconds > 3600) {
            throw new CliException(ExitCodes.USAGE, "--wait: 1 to 3600 seconds");
        }
        try (Account account = home.open()) {
            if (account.data().device().isPresent() && !force) {
                throw new CliException(ExitCodes.USAGE, "this home holds an enrolled device already (" + account.data().device().get().id()
                        + "); use --force to enroll anew");
            }
            var out = spec.commandLine().getOut();
            out.println("Enrolling " + account.settings().address() + " with " + account.settings().server() + " ...");
            out.flush();
            Enroller.Outcome outcome = new Enroller(new SecureRandom(), Duration.ofSeconds(waitSeconds)).enroll(account, keyPassword());
            var cert = outcome.device().certificate();
            out.println("Enrolled device " + outcome.device().id() + " (" + outcome.device().name() + "), signing certificate "
                    + cert.getSerialNumber().toString(16) + " valid until " + cert.getNotAfter().toInstant());
            switch (outcome) {
                case Enroller.Outcome.Complete c -> out.println("Encryption keys: " + c.keys() + " (the address's whole history)");
                case Enroller.Outcome.KeysPending p -> {
                    out.flush();
                    throw new CliException(ExitCodes.FAILED, "enrolled, but the encryption keys could not be fetched: " + p.why()
                            + " (the next command tries again)");
                }
            }
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** The key-protection password: the environment, else a prompt, else none. */
    static Enroller.PasswordSource keyPassword() {
        return () -> {
            String env = System.getenv(KEY_PASSWORD_ENV);
            if (env != null && !env.isEmpty()) {
                return Optional.of(env.toCharArray());
            }
            return Prompt.secret("Key-protection password: ");
        };
    }
}
