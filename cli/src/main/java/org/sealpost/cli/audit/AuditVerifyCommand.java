package org.sealpost.cli.audit;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditVerification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check the audit log's hash chain: exit 0 when intact, 1 at the first broken record.",
                "A record is broken when it was altered, deleted, reordered or added behind the log's back."})
final class AuditVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        AuditVerification result;
        try (Database db = AuditDatabases.open(database)) {
            result = new AuditLog(db, Clock.systemUTC()).verify();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(AuditJson.write(toMap(result)));
        } else {
            switch (result) {
                case AuditVerification.Intact i -> out.println("audit log intact: " + i.records() + " records, head " + i.headHash());
                case AuditVerification.Broken b -> out.println("audit log broken at record " + b.seq() + ": " + b.reason());
            }
        }
        out.flush();
        if (result instanceof AuditVerification.Broken b) {
            spec.commandLine().getErr().println("sealpost: audit log broken at record " + b.seq());
            spec.commandLine().getErr().flush();
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    private static Map<String, Object> toMap(AuditVerification result) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("intact", result.intact());
        switch (result) {
            case AuditVerification.Intact i -> {
                map.put("records", i.records());
                map.put("headHash", i.headHash());
            }
            case AuditVerification.Broken b -> {
                map.put("brokenAt", b.seq());
                map.put("reason", b.reason());
            }
        }
        return map;
    }
}
