package org.sealpost.cli.vault;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.vault.KekChoice;
import org.sealpost.vault.Pkcs11Settings;
import org.sealpost.vault.VaultException;
import org.sealpost.vault.VaultHome;
import org.sealpost.vault.VaultTlsFiles;
import org.sealpost.vault.tls.CertificatePin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sealpost vault init --data DIR}: creates a vault's id, KEK, client token and TLS identity. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create a vault in DIR/vault: a vault id, a key-encryption key (a 0600 key file, or an AES-256 key "
                + "generated on a PKCS#11 token), the client token the key service must present (written to "
                + "DIR/vault/client-token, 0600) and the vault's TLS key and self-signed certificate (DIR/vault/tls.p12, "
                + "0600; the certificate also in DIR/vault/tls-cert.pem; its SHA-256 is the pin the key service needs). "
                + "Refuses to run twice on one directory."})
public final class VaultInitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "Data directory (the vault goes in DIR/vault).")
    Path dataDir;

    @Option(names = "--pkcs11-library", paramLabel = "LIB",
            description = "PKCS#11 module holding the KEK, e.g. /usr/lib/softhsm/libsofthsm2.so (default: a key file).")
    Path pkcs11Library;

    @Option(names = "--pkcs11-slot", paramLabel = "N", description = "Slot id of the token (default: the first slot).")
    Long pkcs11Slot;

    @Option(names = "--pkcs11-key-label", paramLabel = "LABEL", defaultValue = Pkcs11Settings.DEFAULT_KEY_LABEL,
            description = "Label of the KEK on the token (default: ${DEFAULT-VALUE}).")
    String keyLabel;

    @Mixin
    PinOption pin;

    @Option(names = "--tls-name", paramLabel = "NAME",
            description = "DNS name or IP address the key service reaches the vault by, for its TLS certificate; repeatable "
                    + "(default: localhost and 127.0.0.1).")
    List<String> tlsNames;

    @Option(names = "--client-cert", paramLabel = "FILE",
            description = "Certificate (PEM or DER) of a key service this vault answers, e.g. made by 'sealpost vault "
                    + "client-identity'; repeatable. Later: 'sealpost vault client-certs --add'.")
    List<Path> clientCertificates = List.of();

    @Mixin
    TlsPasswordOption tlsPassword;

    @Override
    public Integer call() throws Exception {
        KekChoice choice;
        char[] secret = null;
        if (pkcs11Library == null) {
            if (pkcs11Slot != null || pin.given()) {
                throw new CliException(ExitCodes.USAGE, "--pkcs11-slot and --pin-env need --pkcs11-library");
            }
            choice = new KekChoice.File();
        } else {
            Pkcs11Settings settings;
            try {
                settings = new Pkcs11Settings(pkcs11Library,
                        pkcs11Slot == null ? OptionalLong.empty() : OptionalLong.of(pkcs11Slot), OptionalInt.empty(), keyLabel);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
            secret = pin.pin();
            if (secret == null) {
                throw new CliException(ExitCodes.USAGE, "a PKCS#11 KEK needs the token PIN: name its environment variable "
                        + "with --pin-env (or set " + PinOption.DEFAULT_ENV + ")");
            }
            choice = new KekChoice.Pkcs11(settings);
        }
        Set<CertificatePin> trusted = CertificateLines.pins(clientCertificates, List.of());
        Optional<char[]> password = tlsPassword.password();
        VaultTlsFiles.Setup tls = new VaultTlsFiles.Setup(tlsNames == null ? VaultTlsFiles.DEFAULT_NAMES : tlsNames, password, trusted);
        VaultHome.Initialized init;
        try {
            init = VaultHome.init(dataDir, choice, secret, Optional.of(tls), new SecureRandom());
        } catch (VaultException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
            password.ifPresent(p -> Arrays.fill(p, '\0'));
        }
        Arrays.fill(init.clientToken(), '\0');
        VaultHome home = init.home();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Created vault " + home.vaultId() + " in " + home.directory());
        if (home.pkcs11().isPresent()) {
            Pkcs11Settings s = home.pkcs11().get();
            out.println("  key-encryption key: AES-256 on the PKCS#11 token ("
                    + (s.slot().isPresent() ? "slot " + s.slot().getAsLong() : "first slot") + "), label '" + s.keyLabel()
                    + "', not extractable");
        } else {
            out.println("  key-encryption key: " + home.directory().resolve(VaultHome.KEY_FILE) + " (0600; back it up apart from the database)");
        }
        out.println("  client token:       " + home.clientTokenFile() + " (0600): give it to the key service, then delete this copy");
        VaultTlsFiles.Created created = init.tls().orElseThrow();
        out.println("  TLS certificate:    " + home.tls().certificateFile() + " (key in " + home.tls().keyStore() + ", 0600)");
        CertificateLines.print(out, created.certificate());
        out.println("  trusted key service certificates: " + (trusted.isEmpty()
                ? "none yet: add one with 'sealpost vault client-certs --data " + dataDir + " --add FILE'" : trusted.size()));
        created.generatedPassword().ifPresent(file -> out.println("warning: no " + VaultTlsFiles.PASSWORD_ENV
                + " set; generated a random TLS key store password in " + file + " (0600): anyone who can read "
                + home.directory() + " can use the vault's TLS key; move it to your secret store for production"));
        out.println("Run it with: sealpost vault --data " + dataDir + " --port PORT");
        out.flush();
        return ExitCodes.OK;
    }
}
