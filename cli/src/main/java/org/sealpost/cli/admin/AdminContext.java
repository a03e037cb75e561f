package org.sealpost.cli.admin;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.sealpost.cli.CliException;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.audit.AuditDatabases;
import org.sealpost.server.admin.AdminAccount;
import org.sealpost.server.admin.AdminAccounts;
import org.sealpost.server.admin.AdminRole;
import org.sealpost.server.apikey.ApiKeys;
import org.sealpost.server.identity.IdentityProblem;
import org.sealpost.server.identity.IdentityRequests;
import org.sealpost.server.identity.Organizations;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;

/**
 * The admin services over a command's database. The CLI holds no CA key, so identity decisions
 * made here are issued by the server when the device next asks.
 */
record AdminContext(Database db, AuditLog audit, AdminAccounts accounts, IdentityRequests requests,
        Organizations organizations, ApiKeys apiKeys) {
    /** The actor of account changes made on the database directly. */
    static final String CLI_ACTOR = "operator:cli";

    static AdminContext over(Database db) {
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        AuditLog audit = new AuditLog(db, clock);
        return new AdminContext(db, audit, new AdminAccounts(db, audit, clock, random),
                new IdentityRequests(db, audit, Optional.empty(), clock, random), new Organizations(db, audit, clock),
                new ApiKeys(db, audit, clock, random));
    }

    /** The active operator account {@code name}, in whose name a decision is taken and audited. */
    AdminAccount operator(String name) throws CliException {
        AdminAccount account = accounts.list().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new CliException(ExitCodes.USAGE, "no admin account named '" + name + "'"));
        if (account.role() != AdminRole.OPERATOR || !account.active()) {
            throw new CliException(ExitCodes.USAGE, "'" + name + "' is not an active operator account");
        }
        return account;
    }

    /**
     * Opens the command's database and runs {@code work} as the active operator account {@code operator};
     * a refusal is the command's one-line failure (exit 2).
     */
    static <T> T asOperator(DatabaseOptions database, String operator, OperatorWork<T> work) throws CliException {
        try (Database db = AuditDatabases.open(database)) {
            AdminContext admin = over(db);
            return work.run(admin, admin.operator(operator));
        } catch (IdentityProblem e) {
            throw failure(e);
        }
    }

    /** Work done in an operator's name. */
    @FunctionalInterface
    interface OperatorWork<T> {
        T run(AdminContext admin, AdminAccount operator) throws IdentityProblem, CliException;
    }

    /** A refusal as the command's one-line failure (exit 2). */
    static CliException failure(IdentityProblem problem) {
        return new CliException(ExitCodes.USAGE, problem.getMessage());
    }
}
