package org.sealpost.cli.ca;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.sealpost.ca.profile.CaPolicy;
import org.sealpost.ca.profile.CaUrls;
import org.sealpost.ca.service.CaPasswords;
import org.sealpost.ca.service.CaServices;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.ca.setup.CaInitializer;
import org.sealpost.ca.setup.CaSetup;
import org.sealpost.ca.setup.InitResult;
import org.sealpost.ca.setup.KeyStoreChoice;
import org.sealpost.ca.keys.Pkcs11Settings;
import org.sealpost.cli.CliException;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sealpost ca init}: creates the root CA, the issuing CA and the timestamping certificate. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create a root CA (20 years), an issuing CA and a timestamping certificate in DIR/ca/.",
                "Keys go into DIR/ca/ca-keys.p12 protected by $SEALPOST_CA_PASSWORD (a random password is "
                        + "generated into DIR/ca/ca-password when it is not set), or onto a PKCS#11 token."})
final class CaInitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    CaPasswordOption caPassword;

    @Option(names = "--algorithm", paramLabel = "ec|rsa", defaultValue = "ec",
            description = "Key types: ec = P-384 root and issuing CA; rsa = RSA-4096 root, RSA-3072 issuing CA "
                    + "(default: ${DEFAULT-VALUE}).")
    String algorithm;

    @Option(names = "--public-url", paramLabel = "URL", defaultValue = "http://localhost:8080",
            description = "Base URL the server is reached at; written into every certificate's CRL and OCSP "
                    + "pointers (default: ${DEFAULT-VALUE}).")
    String publicUrl;

    @Option(names = "--organization", paramLabel = "NAME", defaultValue = "Sealpost",
            description = "organizationName of the CA certificates (default: ${DEFAULT-VALUE}).")
    String organization;

    @Option(names = "--country", paramLabel = "CC", description = "ISO 3166 country code of the CA certificates.")
    String country;

    @Option(names = "--pkcs11-library", paramLabel = "FILE",
            description = "Keep the CA keys on a PKCS#11 token through this module (e.g. /usr/lib/softhsm/libsofthsm2.so); "
                    + "$SEALPOST_CA_PASSWORD is then the token PIN.")
    Path pkcs11Library;

    @Option(names = "--pkcs11-slot", paramLabel = "ID", description = "PKCS#11 slot id (default: the first slot).")
    Long pkcs11Slot;

    @Option(names = "--pkcs11-slot-index", paramLabel = "N", description = "PKCS#11 slot list index.")
    Integer pkcs11SlotIndex;

    @Option(names = "--cabf-strict", description = "Cap every certificate lifetime at 825 days.")
    boolean cabfStrict;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        KeyStoreChoice keyStore = new KeyStoreChoice.Pkcs12();
        if (pkcs11Library != null) {
            keyStore = new KeyStoreChoice.Pkcs11(new Pkcs11Settings(pkcs11Library,
                    pkcs11Slot == null ? OptionalLong.empty() : OptionalLong.of(pkcs11Slot),
                    pkcs11SlotIndex == null ? OptionalInt.empty() : OptionalInt.of(pkcs11SlotIndex)));
        } else if (pkcs11Slot != null || pkcs11SlotIndex != null) {
            throw new CliException(ExitCodes.USAGE, "--pkcs11-slot and --pkcs11-slot-index need --pkcs11-library");
        }
        char[] password = caPassword.password().orElse(null);
        if (pkcs11Library != null && password == null) {
            throw new CliException(ExitCodes.USAGE, "a PKCS#11 token needs its PIN in $" + CaPasswords.ENVIRONMENT_VARIABLE);
        }
        CaPolicy policy = CaPolicy.defaults().withCabfStrict(cabfStrict);
        CaSetup setup = new CaSetup(CaAlgorithm.parse(algorithm), organization, country, new CaUrls(publicUrl), policy,
                keyStore);
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        // The database is opened first: when it cannot be reached, no CA is created that it would not record.
        InitResult result;
        try (Database db = Database.open(database.config(2))) {
            result = new CaInitializer(random, clock).initialize(database.dataDir(), setup, password);
            result.warning().ifPresent(w -> {
                spec.commandLine().getErr().println(w);
                spec.commandLine().getErr().flush();
            });
            AuditLog audit = new AuditLog(db, clock);
            CaServices.open(result.ca(), db, audit, policy, random, clock);
            CaServices.auditCreation(audit, result.ca(), "operator:cli");
        }
        out.println("created CA in " + result.layout().dir());
        out.println("  root CA:      " + result.layout().rootCertificate() + "  SHA-256 " + fingerprint(result.ca().root()));
        out.println("  issuing CA:   " + result.layout().issuingCertificate() + "  SHA-256 " + fingerprint(result.ca().issuing()));
        out.println("  timestamping: " + result.layout().tsaCertificate());
        out.println("  certificates point to " + publicUrl);
        out.flush();
        return ExitCodes.OK;
    }

    static String fingerprint(java.security.cert.X509Certificate cert) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }
}
