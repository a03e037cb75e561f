package org.sealpost.cli.ca;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.sealpost.ca.store.StoredCrl;
import org.sealpost.cli.CliException;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.OutputFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sealpost ca crl}: writes the current CRL of a CA, generating a new one when it is due or asked for. */
@Command(name = "crl", mixinStandardHelpOptions = true, description = "Write the current CRL of the issuing or root CA.")
final class CaCrlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    CaPasswordOption caPassword;

    @Option(names = "--issuer", paramLabel = "NAME", defaultValue = "issuing",
            description = "issuing or root (default: ${DEFAULT-VALUE}).")
    String issuer;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the CRL.")
    Path out;

    @Option(names = "--pem", description = "Write PEM instead of DER.")
    boolean pem;

    @Option(names = "--new", description = "Sign a new CRL now even if the current one is still fresh.")
    boolean regenerate;

    @Override
    public Integer call() throws Exception {
        CaContext.requireOutsideData(out, database.dataDir());
        StoredCrl crl;
        try (CaContext ca = CaContext.open(database, caPassword, false)) {
            var crls = ca.services().crls();
            if (!crls.issuers().contains(issuer)) {
                throw new CliException(ExitCodes.USAGE, "no CA named " + issuer + " (issuing or root)");
            }
            crl = regenerate ? crls.regenerate(issuer) : crls.current(issuer).orElseThrow();
        }
        try (OutputFile file = OutputFile.create(out)) {
            if (pem) {
                try (PemWriter writer = new PemWriter(new java.io.OutputStreamWriter(file.stream(), StandardCharsets.US_ASCII))) {
                    writer.writeObject(new PemObject("X509 CRL", crl.der()));
                }
            } else {
                file.stream().write(crl.der());
            }
            file.commit();
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("CRL #" + crl.number() + " of " + issuer + ", next update " + crl.nextUpdate() + ": " + out);
        stdout.flush();
        return ExitCodes.OK;
    }
}
