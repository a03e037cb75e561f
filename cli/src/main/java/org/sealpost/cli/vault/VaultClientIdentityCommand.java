package org.sealpost.cli.vault;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.Secrets;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.vault.PrivateFiles;
import org.sealpost.vault.VaultException;
import org.sealpost.vault.tls.GeneratedPasswords;
import org.sealpost.vault.tls.TlsCertificates;
import org.sealpost.vault.tls.TlsKeyStoreFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sealpost vault client-identity --out FILE.p12}: makes the key service's TLS client identity,
 * which every vault it uses must trust ({@code vault init --client-cert} or {@code vault client-certs --add}).
 */
@Command(name = "client-identity", mixinStandardHelpOptions = true,
        description = {"Make the key service's TLS client identity for talking to vaults: an EC P-256 key and self-signed "
                + "certificate in a PKCS#12 file (0600) under a password from --password-env (else a generated one in "
                + "BASE.password, 0600), and the certificate alone in BASE.pem to give to every vault's operator. "
                + "BASE is FILE without its .p12 ending. Refuses to replace existing files."})
public final class VaultClientIdentityCommand implements Callable<Integer> {
    /** The variable read for the password when --password-env is not given. */
    public static final String PASSWORD_ENV = "SEALPOST_VAULT_CLIENT_PASSWORD";

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The PKCS#12 file to write, e.g. kms-client.p12.")
    Path out;

    @Option(names = "--name", paramLabel = "CN", defaultValue = "Sealpost key service",
            description = "Common name in the certificate (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "Environment variable holding the PKCS#12 password (default: " + PASSWORD_ENV
                    + " when set, else a generated BASE.password).")
    String passwordEnv;

    @Override
    public Integer call() throws Exception {
        String file = out.getFileName().toString();
        String base = file.toLowerCase(java.util.Locale.ROOT).endsWith(".p12") ? file.substring(0, file.length() - 4) : file;
        Path certificateFile = out.resolveSibling(base + ".pem");
        Path passwordFile = out.resolveSibling(base + ".password");
        char[] given = passwordEnv != null ? Secrets.fromEnv(passwordEnv) : fromDefault();
        if (given != null && given.length == 0) {
            throw new CliException(ExitCodes.USAGE, "the PKCS#12 password is empty");
        }
        for (Path p : given == null ? List.of(out, certificateFile, passwordFile) : List.of(out, certificateFile)) {
            if (Files.exists(p)) {
                throw new CliException(ExitCodes.USAGE, p + " already exists: refusing to replace it");
            }
        }
        SecureRandom random = new SecureRandom();
        Identity identity = TlsCertificates.selfSigned(name, TlsCertificates.Role.CLIENT, List.of(), random, Instant.now());
        char[] password = null;
        try {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            password = given != null ? given : GeneratedPasswords.create(passwordFile, random);
            TlsKeyStoreFile.write(out, identity, password);
            PrivateFiles.createNew(certificateFile, EphemeralPki.pem(identity.certificate()).getBytes(StandardCharsets.US_ASCII));
        } catch (VaultException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        w.println("Created the key service's TLS client identity " + out + " (0600)");
        w.println("  certificate:      " + certificateFile + ": give it to every vault's operator "
                + "(sealpost vault client-certs --data DIR --add " + certificateFile.getFileName() + ")");
        CertificateLines.print(w, identity.certificate());
        if (given == null) {
            w.println("warning: no " + PASSWORD_ENV + " set; generated a random PKCS#12 password in " + passwordFile
                    + " (0600): move it to your secret store for production");
        }
        w.flush();
        return ExitCodes.OK;
    }

    private static char[] fromDefault() {
        String value = System.getenv(PASSWORD_ENV);
        return value == null || value.isEmpty() ? null : value.toCharArray();
    }
}
