package org.sealpost.cli.admin;

import java.util.concurrent.Callable;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.audit.AuditDatabases;
import org.sealpost.server.identity.IdentityProblem;
import org.sealpost.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a pending V2 request; the device sees the reason.")
final class IdentityRejectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--operator", paramLabel = "NAME", required = true, description = "Your operator account.")
    String operator;

    @Option(names = "--request", paramLabel = "ID", required = true, description = "The request's id.")
    String requestId;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why, for the requester (at most 500 characters).")
    String reason;

    @Override
    public Integer call() throws Exception {
        try (Database db = AuditDatabases.open(database)) {
            AdminContext admin = AdminContext.over(db);
            admin.requests().reject(admin.operator(operator), requestId, reason);
        } catch (IdentityProblem e) {
            throw AdminContext.failure(e);
        }
        spec.commandLine().getOut().println("rejected " + requestId);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
