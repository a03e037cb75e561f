package org.sealpost.cli.audit;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Print the last records of the audit log, oldest first.",
                "Does not check the chain: use 'audit verify' for that."})
final class AuditTailCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "-n", paramLabel = "N", defaultValue = "20", description = "Number of records (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--json", description = "Print the records as a JSON array on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (count < 0) {
            throw new CliException(ExitCodes.USAGE, "-n must not be negative");
        }
        List<AuditRecord> records;
        try (Database db = AuditDatabases.open(database)) {
            records = new AuditLog(db, Clock.systemUTC()).tail(count);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (AuditRecord r : records) {
                list.add(toMap(r));
            }
            out.println(AuditJson.write(list));
        } else {
            for (AuditRecord r : records) {
                out.println(r.seq() + "  " + r.time() + "  " + oneLine(r.actor()) + "  " + oneLine(r.action())
                        + (r.subject().isEmpty() ? "" : "  " + oneLine(r.subject()))
                        + (r.details().isEmpty() ? "" : "  " + oneLine(r.details())));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** One record per line, whatever the details hold: line breaks and tabs are shown escaped. */
    private static String oneLine(String s) {
        return s.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    private static Map<String, Object> toMap(AuditRecord r) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("seq", r.seq());
        map.put("time", r.time().toString());
        map.put("actor", r.actor());
        map.put("action", r.action());
        map.put("subject", r.subject());
        map.put("details", r.details());
        map.put("prevHash", r.prevHash());
        map.put("hash", r.hash());
        return map;
    }
}
