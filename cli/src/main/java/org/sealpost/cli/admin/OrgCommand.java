package org.sealpost.cli.admin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import org.sealpost.server.identity.Organization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sealpost admin org list|approve|reject}: the operator's review of organizations (V3, V4). */
@Command(name = "org", mixinStandardHelpOptions = true,
        description = {"Review organizations: list, approve or reject their details once domain control is proven.",
                "An approved organization's addresses get V3 certificates, and its vouched employees V4."})
final class OrgCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    OperatorOption operator;

    @Parameters(index = "0", paramLabel = "ACTION", description = "list, approve or reject")
    String action;

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "The organization's mail domain (approve, reject).")
    String domain;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (reject).")
    String reason;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        AdminContext.asOperator(database, operator.name, (admin, account) -> {
            switch (action) {
                case "list" -> {
                    for (Organization o : admin.organizations().list()) {
                        out.println(o.domain() + "\t" + o.status().id() + "\t" + o.details().summary() + "\t"
                                + o.validatedHow().map(h -> "validated " + h).orElse("domain not validated"));
                    }
                }
                case "approve" -> out.println("approved " + admin.organizations().approve(account, domain).domain());
                case "reject" -> out.println("rejected " + admin.organizations().reject(account, domain, reason).domain());
                default -> throw new CliException(ExitCodes.USAGE, "ACTION is list, approve or reject");
            }
            return null;
        });
        out.flush();
        return ExitCodes.OK;
    }
}
