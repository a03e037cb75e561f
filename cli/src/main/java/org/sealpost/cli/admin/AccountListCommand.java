package org.sealpost.cli.admin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.audit.AuditDatabases;
import org.sealpost.server.admin.AdminAccount;
import org.sealpost.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List admin accounts (never their tokens).")
final class AccountListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Database db = AuditDatabases.open(database)) {
            for (AdminAccount a : AdminContext.over(db).accounts().list()) {
                out.println(a.name() + "\t" + a.role().id() + "\t" + a.domain().orElse("-") + "\t"
                        + (a.active() ? "active" : "disabled " + a.disabledAt().orElseThrow()) + "\tcreated " + a.createdAt()
                        + " by " + a.createdBy());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
