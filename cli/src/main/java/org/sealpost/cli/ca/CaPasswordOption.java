package org.sealpost.cli.ca;

import java.util.Optional;
import org.sealpost.ca.service.CaPasswords;
import org.sealpost.cli.CliException;
import org.sealpost.cli.Secrets;
import picocli.CommandLine.Option;

/**
 * Where the CA key store password (or PKCS#11 PIN) comes from: an environment variable, never an
 * argument. Without one, a CA created with a generated password reads it from DIR/ca/ca-password.
 */
public final class CaPasswordOption {
    @Option(names = "--ca-password-env", paramLabel = "VAR",
            description = "Environment variable holding the CA key store password or PKCS#11 PIN (default: "
                    + CaPasswords.ENVIRONMENT_VARIABLE + " when set, else the generated DIR/ca/ca-password).")
    String variable;

    /** The password given through the environment, if any. */
    public Optional<char[]> password() throws CliException {
        if (variable == null) {
            return CaPasswords.fromEnvironment();
        }
        char[] value = Secrets.fromEnv(variable);
        return value.length == 0 ? Optional.empty() : Optional.of(value);
    }
}
