package org.sealpost.cli.admin;

import java.util.concurrent.Callable;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
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

    @Mixin
    OperatorOption operator;

    @Option(names = "--request", paramLabel = "ID", required = true, description = "The request's id.")
    String requestId;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why, for the requester (at most 500 characters).")
    String reason;

    @Override
    public Integer call() throws Exception {
        AdminContext.asOperator(database, operator.name, (admin, account) -> admin.requests().reject(account, requestId, reason));
        spec.commandLine().getOut().println("rejected " + requestId);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
