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

@Command(name = "disable", mixinStandardHelpOptions = true,
        description = "Disable a business API key: it is refused from the next request on, on every node. Keys are never deleted.")
final class ApiKeyDisableCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--name", paramLabel = "NAME", required = true, description = "The key to disable.")
    String name;

    @Override
    public Integer call() throws Exception {
        try (Database db = AuditDatabases.open(database)) {
            AdminContext.over(db).apiKeys().disable(name, AdminContext.CLI_ACTOR);
        } catch (IdentityProblem e) {
            throw AdminContext.failure(e);
        }
        spec.commandLine().getOut().println("disabled API key " + name);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
