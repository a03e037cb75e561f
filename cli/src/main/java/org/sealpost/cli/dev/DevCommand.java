package org.sealpost.cli.dev;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.Foreground;
import org.sealpost.cli.server.ServerLauncher;
import org.sealpost.server.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sealpost dev}: the whole service plus a local mail server, to try Sealpost on one machine. */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = {"Run the Sealpost server as 'server' does, plus an embedded mail server (SMTP and IMAP on local "
                + "ports) that accepts mail for any address: the server's challenge mails go there, and any IMAP client "
                + "logs in with the full address and any password.",
                "For trying Sealpost on one machine, not for production. Stops on Ctrl-C or SIGTERM."})
public final class DevCommand implements Callable<Integer> {
    private static final String HOST = DevStack.HOST;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "sealpost-dev",
            description = "Data directory (default: ${DEFAULT-VALUE}); DIR/" + ServerConfig.DEFAULT_FILE + " is read when present.")
    Path dataDir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "HTTP port of the API; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--smtp-port", paramLabel = "PORT", defaultValue = "3025",
            description = "SMTP port of the mail server; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int smtpPort;

    @Option(names = "--imap-port", paramLabel = "PORT", defaultValue = "3143",
            description = "IMAP port of the mail server; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int imapPort;

    @Override
    public Integer call() throws Exception {
        requirePort("--port", port);
        requirePort("--smtp-port", smtpPort);
        requirePort("--imap-port", imapPort);
        DevStack stack = DevStack.start(dataDir, port, smtpPort, imapPort, Map.of());
        PrintWriter out = spec.commandLine().getOut();
        Foreground.runUntilStopped(stack::close, () -> {
            ServerLauncher.printNotices(spec.commandLine().getErr(), stack.server());
            ServerLauncher.printEndpoints(out, stack.baseUrl(), stack.server());
            out.println("  SMTP:            " + HOST + ":" + stack.smtpPort() + "  (accepts mail for any address; the server's mail goes here)");
            out.println("  IMAP:            " + HOST + ":" + stack.imapPort() + "  (log in with the full address, e.g. alice@example.org, "
                    + "and any password; a mailbox exists once mail arrives or someone logs in)");
            out.println("Data in " + dataDir.toAbsolutePath() + ". For trying Sealpost only: anyone on this machine can read every mailbox.");
            out.flush();
        });
        return ExitCodes.OK;
    }

    private void requirePort(String option, int value) {
        if (value < 0 || value > 65535) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + value
                    + " is not a port (0 to 65535)");
        }
    }
}
