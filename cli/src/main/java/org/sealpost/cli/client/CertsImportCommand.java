package org.sealpost.cli.client;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.Secrets;
import org.sealpost.client.account.Account;
import org.sealpost.client.manage.VpImport;
import org.sealpost.client.store.StoreData;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.KeyMaterial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sealpost certs import}: a Vp certificate and its key, for the dual signature. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import a certificate that a publicly trusted CA issued for this address (Vp), with its private key, "
                + "from a PKCS#12 file into the local store: 'send' then signs with it beside the device certificate.",
                "The key goes into the encrypted store only; the service never sees it."})
public final class CertsImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientHomeOption home;

    @Option(names = "--p12", required = true, paramLabel = "FILE", description = "PKCS#12 file with the certificate, its chain and its key.")
    Path p12;

    @Option(names = "--password-env", required = true, paramLabel = "VAR", description = "Environment variable holding the file's password.")
    String passwordEnv;

    @Override
    public Integer call() throws Exception {
        char[] password = Secrets.fromEnv(passwordEnv);
        List<Identity> identities;
        try {
            identities = KeyMaterial.readPkcs12(p12, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        if (identities.size() != 1) {
            throw new CliException(ExitCodes.USAGE, p12 + ": expected exactly one key with its certificate, found " + identities.size());
        }
        try (Account account = home.open()) {
            StoreData.IdentityCertificate vp = VpImport.importInto(account, identities.getFirst(), Instant.now());
            var out = spec.commandLine().getOut();
            out.println("Imported Vp certificate " + vp.certificate().getSerialNumber().toString(16) + " of "
                    + vp.certificate().getIssuerX500Principal().getName() + ", valid until " + vp.certificate().getNotAfter().toInstant()
                    + "; mail sent from now on carries it as a second signature.");
            out.flush();
        }
        return ExitCodes.OK;
    }
}
