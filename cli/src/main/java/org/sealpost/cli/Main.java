package org.sealpost.cli;

import java.io.PrintWriter;
import org.sealpost.cli.admin.AdminCommand;
import org.sealpost.cli.audit.AuditCommand;
import org.sealpost.cli.bench.BenchCommand;
import org.sealpost.cli.ca.CaCommand;
import org.sealpost.cli.server.ServerCommand;
import org.sealpost.cli.dev.DevCommand;
import org.sealpost.cli.smime.SmimeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sealpost} command. */
@Command(name = "sealpost", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Automatic S/MIME email encryption.",
        subcommands = {org.sealpost.cli.client.AccountCommand.class, org.sealpost.cli.client.EnrollCommand.class,
                org.sealpost.cli.client.StoryDemoCommand.class, org.sealpost.cli.client.SendCommand.class,
                org.sealpost.cli.client.CertsCommand.class, org.sealpost.cli.client.DevicesCommand.class,
                org.sealpost.cli.client.PasswordCommand.class,
                org.sealpost.cli.client.InboxCommand.class, org.sealpost.cli.client.ReadCommand.class,
                SmimeCommand.class, CaCommand.class, DevCommand.class, ServerCommand.class, BenchCommand.class,
                AuditCommand.class, org.sealpost.cli.vault.VaultCommand.class, AdminCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (0 success, 1 failed check or decryption, 2 usage or bad input). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Like {@link #run(String...)}, printing results to {@code out} and errors to {@code err} (used by tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    private static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler((ex, a) -> {
            // One line, like every other error: scripts read stderr's single "sealpost: " line.
            var err = ex.getCommandLine().getErr();
            err.println("sealpost: " + ErrorHandler.oneLine(ex.getMessage()) + " (try '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return ExitCodes.USAGE;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
