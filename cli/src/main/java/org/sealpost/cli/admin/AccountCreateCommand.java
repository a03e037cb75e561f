package org.sealpost.cli.admin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.audit.AuditDatabases;
import org.sealpost.server.admin.AdminRole;
import org.sealpost.server.admin.CreatedAccount;
import org.sealpost.server.identity.IdentityProblem;
import org.sealpost.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create an admin account and print its API token once (only its hash is stored).",
                "Give the token to its holder over a private channel; it is sent as 'Authorization: Bearer <token>'."})
final class AccountCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--name", paramLabel = "NAME", required = true,
            description = "Account name: a-z, 0-9, '.', '_', '-' (audit records show admin:NAME).")
    String name;

    @Option(names = "--role", paramLabel = "ROLE", required = true,
            description = "operator (approves V2 requests and organizations) or org-admin (one domain: proves control, vouches for V4).")
    String role;

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "The mail domain an org-admin administers.")
    String domain;

    @Override
    public Integer call() throws Exception {
        AdminRole parsed;
        try {
            parsed = AdminRole.of(role);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        CreatedAccount created;
        try (Database db = AuditDatabases.open(database)) {
            created = AdminContext.over(db).accounts().create(name, parsed, domain, AdminContext.CLI_ACTOR);
        } catch (IdentityProblem e) {
            throw AdminContext.failure(e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("created " + parsed.id() + " account " + created.account().name()
                + created.account().domain().map(d -> " for " + d).orElse(""));
        out.println("token: " + created.token());
        out.println("This token is shown only now; disable the account if it is lost.");
        out.flush();
        return ExitCodes.OK;
    }
}
