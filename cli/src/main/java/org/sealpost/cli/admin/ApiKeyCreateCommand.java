package org.sealpost.cli.admin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.audit.AuditDatabases;
import org.sealpost.server.apikey.CreatedApiKey;
import org.sealpost.server.identity.IdentityProblem;
import org.sealpost.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a business API key and print it once (only its hash is stored).",
                "Give it to the system that uses it over a private channel; it is sent as 'Authorization: Bearer <key>'."})
final class ApiKeyCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--name", paramLabel = "NAME", required = true,
            description = "Key name: a-z, 0-9, '.', '_', '-' (audit records show apikey:NAME).")
    String name;

    @Option(names = "--org", paramLabel = "DOMAIN", description = "The mail domain of the organization the key serves (recorded and listed).")
    String org;

    @Override
    public Integer call() throws Exception {
        CreatedApiKey created;
        try (Database db = AuditDatabases.open(database)) {
            created = AdminContext.over(db).apiKeys().create(name, org, AdminContext.CLI_ACTOR);
        } catch (IdentityProblem e) {
            throw AdminContext.failure(e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("created API key " + created.key().name() + " (id " + created.key().id() + ")"
                + created.key().org().map(d -> " for " + d).orElse(""));
        out.println("key: " + created.secret());
        out.println("This key is shown only now; disable it if it is lost or leaked.");
        out.flush();
        return ExitCodes.OK;
    }
}
