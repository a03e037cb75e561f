package org.sealpost.cli.vault;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.vault.VaultException;
import org.sealpost.vault.VaultHome;
import org.sealpost.vault.tls.CertificatePin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sealpost vault client-certs --data DIR}: lists, adds and removes the key service certificates a vault trusts. */
@Command(name = "client-certs", mixinStandardHelpOptions = true,
        description = {"List the key service certificates (SHA-256 pins) the vault answers, and add or remove some. "
                + "They are kept in DIR/vault/vault.properties; a running vault reads them at its next start."})
public final class VaultClientCertsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "Data directory (the vault is in DIR/vault).")
    Path dataDir;

    @Option(names = "--add", paramLabel = "FILE", description = "Trust this certificate (PEM or DER); repeatable.")
    List<Path> add = List.of();

    @Option(names = "--add-sha256", paramLabel = "PIN",
            description = "Trust the certificate with this SHA-256 (64 hex digits, colons allowed); repeatable.")
    List<String> addPins = List.of();

    @Option(names = "--remove", paramLabel = "PIN", description = "Stop trusting the certificate with this SHA-256; repeatable.")
    List<String> remove = List.of();

    @Override
    public Integer call() throws Exception {
        Set<CertificatePin> added = CertificateLines.pins(add, addPins);
        Set<CertificatePin> removed = CertificateLines.pins(List.of(), remove);
        PrintWriter out = spec.commandLine().getOut();
        try {
            VaultHome home = VaultHome.load(dataDir);
            Set<CertificatePin> pins = new LinkedHashSet<>(home.trustedClients());
            for (CertificatePin pin : removed) {
                if (!pins.remove(pin)) {
                    throw new CliException(ExitCodes.USAGE, "the vault does not trust " + pin + ": nothing to remove");
                }
            }
            pins.addAll(added);
            if (!added.isEmpty() || !removed.isEmpty()) {
                home = home.withTrustedClients(pins);
                out.println("Changed the trusted key service certificates of vault " + home.vaultId()
                        + " (a running vault reads them at its next start).");
            }
            out.println("Trusted key service certificates (SHA-256): " + (pins.isEmpty() ? "none" : pins.size()));
            home.trustedClients().stream().map(CertificatePin::toString).sorted().forEach(p -> out.println("  " + p));
            out.flush();
            return ExitCodes.OK;
        } catch (VaultException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
    }
}
