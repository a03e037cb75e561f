package org.sealpost.cli.vault;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.vault.VaultException;
import org.sealpost.vault.VaultHome;
import org.sealpost.vault.VaultTlsFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sealpost vault tls-cert --data DIR}: shows the vault's TLS certificate, makes one for a vault
 * created before TLS, or replaces it ({@code --replace}) to rotate it.
 */
@Command(name = "tls-cert", mixinStandardHelpOptions = true,
        description = {"Show the vault's TLS certificate and its SHA-256 pin; make one if the vault has none (a vault "
                + "created before TLS); with --replace, make a new key and certificate (rotation: the running vault keeps "
                + "serving the old one until it restarts, and the key service needs the new pin)."})
public final class VaultTlsCertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "Data directory (the vault is in DIR/vault).")
    Path dataDir;

    @Option(names = "--tls-name", paramLabel = "NAME",
            description = "DNS name or IP address for a new certificate; repeatable (default: localhost and 127.0.0.1).")
    List<String> tlsNames;

    @Option(names = "--replace", description = "Replace the existing key and certificate.")
    boolean replace;

    @Mixin
    TlsPasswordOption tlsPassword;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try {
            VaultHome home = VaultHome.load(dataDir);
            VaultTlsFiles tls = home.tls();
            if (tls.exists() && !replace) {
                if (tlsNames != null) {
                    throw new CliException(ExitCodes.USAGE, "the vault already has a TLS certificate: --tls-name needs --replace");
                }
                out.println("TLS certificate of vault " + home.vaultId() + ": " + tls.certificateFile());
                CertificateLines.print(out, tls.certificate());
                out.println("(--replace makes a new key and certificate)");
                out.flush();
                return ExitCodes.OK;
            }
            Optional<char[]> password = tlsPassword.password();
            VaultTlsFiles.Created created;
            try {
                created = tls.create(tlsNames == null ? VaultTlsFiles.DEFAULT_NAMES : tlsNames, password, replace,
                        new SecureRandom(), Instant.now());
            } finally {
                password.ifPresent(p -> Arrays.fill(p, '\0'));
            }
            out.println((replace ? "Replaced" : "Created") + " the TLS certificate of vault " + home.vaultId() + ": "
                    + tls.certificateFile());
            CertificateLines.print(out, created.certificate());
            created.generatedPassword().ifPresent(file -> out.println("warning: no " + VaultTlsFiles.PASSWORD_ENV
                    + " set; generated a random TLS key store password in " + file + " (0600)"));
            out.println("Give the new pin to the key service, then restart the vault to serve this certificate.");
            out.flush();
            return ExitCodes.OK;
        } catch (VaultException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
    }
}
