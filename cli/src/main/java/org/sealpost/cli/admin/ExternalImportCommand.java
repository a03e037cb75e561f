package org.sealpost.cli.admin;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.Secrets;
import org.sealpost.cli.audit.AuditDatabases;
import org.sealpost.core.KeyMaterialException;
import org.sealpost.core.keys.KeyMaterial;
import org.sealpost.server.identity.IdentityProblem;
import org.sealpost.server.identity.external.ExternalCertificateCheck;
import org.sealpost.server.identity.external.ExternalCertificates;
import org.sealpost.server.identity.external.Pkcs12Import;
import org.sealpost.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sealpost admin external-import}: records a Vp certificate from another CA (docs/IDENTITY-LEVELS.md, "Vp"). */
@Command(name = "external-import", mixinStandardHelpOptions = true,
        description = {"Import a certificate another (publicly trusted) CA issued for an address, from its PKCS#12 file,",
                "as that address's Vp certificate for dual signatures. Checked: chain to a --trust-anchors certificate,",
                "email address = --address, key usage for signing, and the key in the file belongs to the certificate.",
                "Only the certificate chain is stored; the PKCS#12 (with the key) stays with its holder."})
final class ExternalImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--address", paramLabel = "ADDRESS", required = true, description = "The mail address the certificate is for.")
    String address;

    @Option(names = "--p12", paramLabel = "FILE", required = true, description = "The PKCS#12 file from the other CA.")
    Path p12;

    @Option(names = "--password-env", paramLabel = "VAR", required = true,
            description = "Environment variable holding the PKCS#12 password.")
    String passwordEnv;

    @Option(names = "--trust-anchors", paramLabel = "FILE", required = true,
            description = "PEM file of the CA certificates trusted for Vp, e.g. /etc/ssl/certs/ca-certificates.crt.")
    Path trustAnchors;

    @Option(names = "--actor", paramLabel = "NAME", defaultValue = AdminContext.CLI_ACTOR,
            description = "Who imports, for the audit log (default: ${DEFAULT-VALUE}).")
    String actor;

    @Override
    public Integer call() throws Exception {
        List<X509Certificate> anchors;
        try {
            anchors = KeyMaterial.readCertificates(trustAnchors);
        } catch (KeyMaterialException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        char[] password = Secrets.fromEnv(passwordEnv);
        X509Certificate imported;
        try (Database db = AuditDatabases.open(database)) {
            Clock clock = Clock.systemUTC();
            imported = new ExternalCertificates(db, AdminContext.over(db).audit(), clock).importFrom(
                    new Pkcs12Import(p12, password, new ExternalCertificateCheck(anchors, clock)), address, actor);
        } catch (IdentityProblem e) {
            throw AdminContext.failure(e);
        } finally {
            KeyMaterial.wipe(password);
        }
        spec.commandLine().getOut().println("imported " + imported.getSubjectX500Principal().getName() + " (serial "
                + imported.getSerialNumber().toString(16) + ", issuer " + imported.getIssuerX500Principal().getName()
                + ", valid until " + imported.getNotAfter().toInstant() + ") for " + address);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
