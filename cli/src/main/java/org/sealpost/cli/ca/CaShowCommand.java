package org.sealpost.cli.ca;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sealpost.ca.store.StoredCertificate;
import org.sealpost.cli.CliException;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sealpost ca show}: what the CA recorded about one certificate. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show the CA's record of a certificate.")
final class CaShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    CaPasswordOption caPassword;

    @Option(names = "--serial", paramLabel = "HEX", required = true, description = "Serial number in hex.")
    String serial;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        var number = CaRevokeCommand.parseSerial(serial);
        StoredCertificate cert;
        try (CaContext ca = CaContext.open(database, caPassword, false)) {
            cert = ca.services().records().find(number).orElseThrow(() -> new CliException(ExitCodes.FAILED,
                    "this CA issued no certificate with serial " + number.toString(16)));
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("serial", cert.serialHex());
        view.put("issuer", cert.issuer());
        view.put("profile", cert.profile());
        view.put("subject", cert.subject());
        view.put("addresses", cert.addresses());
        view.put("notBefore", cert.notBefore().toString());
        view.put("notAfter", cert.notAfter().toString());
        view.put("issuedAt", cert.issuedAt().toString());
        view.put("status", cert.revocation().isPresent() ? "revoked" : "good");
        cert.revocation().ifPresent(r -> {
            view.put("revokedAt", r.revokedAt().toString());
            view.put("revocationReason", r.reason());
        });
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(view));
        } else {
            view.forEach((k, v) -> out.println(k + ": " + v));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
