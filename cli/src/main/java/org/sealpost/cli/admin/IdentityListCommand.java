package org.sealpost.cli.admin;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.audit.AuditDatabases;
import org.sealpost.server.identity.IdentityProblem;
import org.sealpost.server.identity.IdentityRequest;
import org.sealpost.server.identity.RequestStatus;
import org.sealpost.server.identity.SubjectDetails;
import org.sealpost.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List identity requests, oldest first: id, level, status, address, the details to check.")
final class IdentityListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--operator", paramLabel = "NAME", required = true, description = "Your operator account.")
    String operator;

    @Option(names = "--status", paramLabel = "STATUS", defaultValue = "pending",
            description = "pending (default), approved, rejected, issued or all.")
    String status;

    @Override
    public Integer call() throws Exception {
        Optional<RequestStatus> filter;
        try {
            filter = status.equals("all") ? Optional.empty() : Optional.of(RequestStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--status is pending, approved, rejected, issued or all");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Database db = AuditDatabases.open(database)) {
            AdminContext admin = AdminContext.over(db);
            for (IdentityRequest r : admin.requests().list(admin.operator(operator), filter)) {
                out.println(r.id() + "\t" + r.level() + "\t" + r.status().id() + "\t" + r.address() + "\t"
                        + describe(r.details()) + "\t" + r.createdAt());
            }
        } catch (IdentityProblem e) {
            throw AdminContext.failure(e);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String describe(SubjectDetails d) {
        StringBuilder s = new StringBuilder();
        d.givenName().ifPresent(v -> s.append(v).append(' '));
        d.surname().ifPresent(v -> s.append(v));
        d.title().ifPresent(v -> s.append(", ").append(v));
        d.organization().ifPresent(v -> s.append(", ").append(v));
        d.locality().ifPresent(v -> s.append(", ").append(v));
        d.state().ifPresent(v -> s.append(", ").append(v));
        d.country().ifPresent(v -> s.append(", ").append(v));
        return s.toString().strip();
    }
}
