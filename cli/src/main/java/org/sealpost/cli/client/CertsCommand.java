package org.sealpost.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sealpost.cli.ExitCodes;
import org.sealpost.client.account.Account;
import org.sealpost.client.manage.CertificateEntry;
import org.sealpost.client.manage.CertificateOverview;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sealpost certs}: the certificate admin view of this device and its address. */
@Command(name = "certs", mixinStandardHelpOptions = true, subcommands = CertsImportCommand.class,
        description = {"Show the certificates this device works with: the address's encryption certificate, the device's "
                + "signing certificate, identity certificates (V2-V4, and Vp from another CA, refreshed from the service), "
                + "and the service's timestamp authority, with kind, level, serial number and validity.",
                "Certificates of older encryption keys (kept so that old mail stays readable) only with --all."})
public final class CertsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Mixin
    ClientHomeOption home;

    @Option(names = "--json", description = "Print {\"certificates\": [...]} as JSON.")
    boolean json;

    @Option(names = "--all", description = "Also the encryption certificates of older keys.")
    boolean all;

    @Override
    public Integer call() throws Exception {
        CertificateOverview.Overview overview;
        try (Account account = home.open()) {
            overview = new CertificateOverview().collect(account, all);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JSON.writeValueAsString(json(overview)));
        } else {
            text(out, overview);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static Map<String, Object> json(CertificateOverview.Overview overview) {
        List<Map<String, Object>> certs = new ArrayList<>();
        for (CertificateEntry e : overview.certificates()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("kind", e.kind().label());
            c.put("level", e.level().orElse(null));
            c.put("serialNumber", e.serialNumber().toString(16));
            c.put("notBefore", e.notBefore().toString());
            c.put("notAfter", e.notAfter().toString());
            c.put("subject", e.subject());
            c.put("addresses", e.addresses());
            c.put("current", e.current());
            e.device().ifPresent(d -> c.put("device", d));
            certs.add(c);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("address", overview.address());
        root.put("device", overview.deviceId());
        root.put("certificates", certs);
        root.put("notes", overview.notes());
        return root;
    }

    private static void text(PrintWriter out, CertificateOverview.Overview overview) {
        out.println("Certificates of " + overview.address() + " on device " + overview.deviceId());
        Columns table = new Columns().row("KIND", "LEVEL", "STATE", "NOT BEFORE", "NOT AFTER", "SERIAL", "SUBJECT");
        for (CertificateEntry e : overview.certificates()) {
            String subject = e.subject().isEmpty() ? String.join(", ", e.addresses()) : e.subject();
            if (!e.addresses().isEmpty() && !subject.contains(e.addresses().getFirst())) {
                subject += " <" + String.join(", ", e.addresses()) + ">";
            }
            table.row(e.kind().label(), e.level().orElse("-"), e.current() ? "current" : "older",
                    e.notBefore().truncatedTo(ChronoUnit.SECONDS).toString(), e.notAfter().truncatedTo(ChronoUnit.SECONDS).toString(),
                    e.serialNumber().toString(16), subject);
        }
        table.print(out);
        for (String note : overview.notes()) {
            out.println("Note: " + note);
        }
    }
}
