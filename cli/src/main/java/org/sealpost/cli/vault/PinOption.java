package org.sealpost.cli.vault;

import org.sealpost.cli.CliException;
import org.sealpost.cli.Secrets;
import picocli.CommandLine.Option;

/** Where the PKCS#11 token PIN comes from: an environment variable, never an argument. */
public final class PinOption {
    /** The variable read when {@code --pin-env} is not given. */
    public static final String DEFAULT_ENV = "SEALPOST_VAULT_PIN";

    @Option(names = "--pin-env", paramLabel = "VAR",
            description = "Environment variable holding the PKCS#11 token PIN (default: " + DEFAULT_ENV + " when set).")
    String variable;

    /** The PIN, or null when none was named and the default variable is not set. */
    char[] pin() throws CliException {
        if (variable != null) {
            return Secrets.fromEnv(variable);
        }
        String value = System.getenv(DEFAULT_ENV);
        return value == null ? null : value.toCharArray();
    }

    /** Whether a PIN source was named explicitly. */
    boolean given() {
        return variable != null;
    }
}
