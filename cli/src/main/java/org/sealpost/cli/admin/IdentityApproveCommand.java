package org.sealpost.cli.admin;

import java.util.concurrent.Callable;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Approve a pending V2 request; the server issues the certificate when the device next asks.")
final class IdentityApproveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    OperatorOption operator;

    @Option(names = "--request", paramLabel = "ID", required = true, description = "The request's id.")
    String requestId;

    @Override
    public Integer call() throws Exception {
        AdminContext.asOperator(database, operator.name, (admin, account) -> admin.requests().approve(account, requestId));
        spec.commandLine().getOut().println("approved " + requestId);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
