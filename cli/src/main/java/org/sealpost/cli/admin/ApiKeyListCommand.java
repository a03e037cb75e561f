package org.sealpost.cli.admin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.audit.AuditDatabases;
import org.sealpost.server.apikey.ApiKey;
import org.sealpost.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List business API keys (never the keys themselves): name, id, organization, active or disabled,",
                "created when and by whom, last used (to the minute)."})
final class ApiKeyListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Database db = AuditDatabases.open(database)) {
            for (ApiKey k : AdminContext.over(db).apiKeys().list()) {
                out.println(k.name() + "\t" + k.id() + "\t" + k.org().orElse("-") + "\t"
                        + (k.active() ? "active" : "disabled " + k.disabledAt().orElseThrow()) + "\tcreated " + k.createdAt()
                        + " by " + k.createdBy() + "\tlast used " + k.lastUsedAt().map(Object::toString).orElse("never"));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
