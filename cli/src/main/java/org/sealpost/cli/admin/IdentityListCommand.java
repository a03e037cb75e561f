package org.sealpost.cli.admin;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import org.sealpost.server.identity.IdentityRequest;
import org.sealpost.server.identity.RequestStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List identity requests, oldest first: id, level, status, address, the details to check, when.")
final class IdentityListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    OperatorOption operator;

    @Option(names = "--status", paramLabel = "STATUS", defaultValue = "pending",
            description = "pending (default), approved, rejected, issued or all.")
    String status;

    @Override
    public Integer call() throws Exception {
        Optional<RequestStatus> filter;
        try {
            filter = status.equals("all") ? Optional.empty() : Optional.of(RequestStatus.valueOf(status.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--status is pending, approved, rejected, issued or all");
        }
        List<IdentityRequest> requests = AdminContext.asOperator(database, operator.name,
                (admin, account) -> admin.requests().list(account, filter));
        PrintWriter out = spec.commandLine().getOut();
        for (IdentityRequest r : requests) {
            out.println(r.id() + "\t" + r.level() + "\t" + r.status().id() + "\t" + r.address() + "\t"
                    + r.details().summary() + "\t" + r.createdAt());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
