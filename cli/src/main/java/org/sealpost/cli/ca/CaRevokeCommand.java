package org.sealpost.cli.ca;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.concurrent.Callable;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.ca.service.RevocationOutcome;
import org.sealpost.cli.CliException;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sealpost ca revoke}: revokes a certificate and publishes a new CRL at once. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revoke a certificate: OCSP answers 'revoked' at once and a new CRL is published.",
                "Works whether or not the server is running on the same data directory."})
final class CaRevokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    CaPasswordOption caPassword;

    @Option(names = "--serial", paramLabel = "HEX", required = true,
            description = "Serial number in hex, as `ca issue` and `openssl x509 -serial` print it (colons allowed).")
    String serial;

    @Option(names = "--reason", paramLabel = "NAME", required = true,
            description = "unspecified, keyCompromise, affiliationChanged, superseded, cessationOfOperation, "
                    + "privilegeWithdrawn (or kebab-case: key-compromise); cACompromise for CA certificates.")
    String reason;

    @Override
    public Integer call() throws Exception {
        BigInteger number = parseSerial(serial);
        RevocationReason why = RevocationReason.parse(reason);
        RevocationOutcome outcome;
        try (CaContext ca = CaContext.open(database, caPassword, false)) {
            outcome = ca.services().revocations().revoke(number, why, "operator:cli");
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (outcome) {
            case RevocationOutcome.Revoked r -> out.println("revoked " + r.certificate().serialHex() + " ("
                    + r.revocation().reason() + ") at " + r.revocation().revokedAt() + "; CRL #" + r.crl().number()
                    + " of " + r.crl().issuer() + " published");
            case RevocationOutcome.AlreadyRevoked a -> out.println("already revoked: " + a.certificate().serialHex()
                    + " (" + a.certificate().revocation().orElseThrow().reason() + ") at "
                    + a.certificate().revocation().orElseThrow().revokedAt());
            case RevocationOutcome.NotFound n -> throw new CliException(ExitCodes.FAILED,
                    "this CA issued no certificate with serial " + n.serial().toString(16));
        }
        out.flush();
        return ExitCodes.OK;
    }

    static BigInteger parseSerial(String text) throws CliException {
        String hex = text.strip().replace(":", "");
        if (hex.startsWith("0x") || hex.startsWith("0X")) {
            hex = hex.substring(2);
        }
        if (hex.isEmpty() || hex.length() > 40 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new CliException(ExitCodes.USAGE, "not a hex serial number: " + text);
        }
        return new BigInteger(hex, 16);
    }
}
