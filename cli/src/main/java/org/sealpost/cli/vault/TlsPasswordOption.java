package org.sealpost.cli.vault;

import java.util.Optional;
import org.sealpost.cli.CliException;
import org.sealpost.cli.Secrets;
import org.sealpost.vault.VaultTlsFiles;
import picocli.CommandLine.Option;

/**
 * Where the vault's TLS key store password comes from: an environment variable, never an argument.
 * Without one, the password generated into DIR/vault/tls-password is used.
 */
public final class TlsPasswordOption {
    @Option(names = "--tls-password-env", paramLabel = "VAR",
            description = "Environment variable holding the password of the vault's TLS key store (default: "
                    + VaultTlsFiles.PASSWORD_ENV + " when set, else the generated DIR/vault/" + VaultTlsFiles.GENERATED_PASSWORD + ").")
    String variable;

    /** The password given through the environment, if any. */
    Optional<char[]> password() throws CliException {
        char[] value = variable != null ? Secrets.fromEnv(variable) : fromDefault();
        return value == null || value.length == 0 ? Optional.empty() : Optional.of(value);
    }

    private static char[] fromDefault() {
        String value = System.getenv(VaultTlsFiles.PASSWORD_ENV);
        return value == null ? null : value.toCharArray();
    }
}
