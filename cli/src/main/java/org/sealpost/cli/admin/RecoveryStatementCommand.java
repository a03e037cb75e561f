package org.sealpost.cli.admin;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.OutputFile;
import org.sealpost.cli.audit.AuditDatabases;
import org.sealpost.kms.recovery.Decision;
import org.sealpost.kms.recovery.RecoveryRefusedException;
import org.sealpost.kms.recovery.RecoveryRequests;
import org.sealpost.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "statement", mixinStandardHelpOptions = true,
        description = {"Print the canonical statement of a recovery request, for an officer to read and sign offline:",
                "  openssl dgst -sha256 -sign officer-key.pem -out approval.sig statement.txt",
                "Sign the file written by --out: it holds the exact bytes (UTF-8, LF line ends)."})
final class RecoveryStatementCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--request", paramLabel = "ID", required = true, description = "The recovery request's id.")
    String requestId;

    @Option(names = "--deny", description = "The statement that denies the request (default: the one that approves it).")
    boolean deny;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the statement to FILE instead of standard output.")
    Path out;

    @Override
    public Integer call() throws Exception {
        byte[] statement;
        try (Database db = AuditDatabases.open(database)) {
            statement = new RecoveryRequests(db, Clock.systemUTC()).statement(requestId, deny ? Decision.DENY : Decision.APPROVE);
        } catch (RecoveryRefusedException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        if (out != null) {
            try (OutputFile file = OutputFile.create(out)) {
                file.stream().write(statement);
                file.commit();
            }
        } else {
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(new String(statement, StandardCharsets.UTF_8));
            stdout.flush();
        }
        return ExitCodes.OK;
    }
}
