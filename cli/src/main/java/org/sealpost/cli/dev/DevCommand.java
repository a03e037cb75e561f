package org.sealpost.cli.dev;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.Foreground;
import org.sealpost.cli.server.ServerLauncher;
import org.sealpost.server.SealpostServer;
import org.sealpost.server.ServerSettings;
import org.sealpost.server.config.ConfigKeys;
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
    /** Mail and HTTP listen here only: the mail server lets anyone read any mailbox. */
    static final String HOST = "127.0.0.1";
    /** The address the server's mail comes from. */
    static final String SENDER = "sealpost@localhost";

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
        DevMailServer mail = DevMailServer.start(HOST, smtpPort, imapPort);
        SealpostServer server;
        ServerSettings settings;
        try {
            Map<String, String> flags = flags(mail.smtpPort());
            ServerConfig config = ServerConfig.load(configFile(), System.getenv(), flags);
            if (config.publicUrl().isEmpty() && port != 0) {
                // The URL printed below is the one to use: device tokens name it and certificates point to it.
                flags.put(ConfigKeys.PUBLIC_URL, "http://" + HOST + ":" + port);
                config = ServerConfig.load(configFile(), System.getenv(), flags);
            }
            settings = ServerLauncher.prepare(config, dataDir, Optional.empty());
            server = ServerLauncher.start(settings);
        } catch (Exception | Error e) {
            mail.close();
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        // The server closes first: nothing it still sends may find the mail server gone.
        Foreground.runUntilStopped(() -> {
            try (mail) {
                server.close();
            }
        }, () -> {
            ServerLauncher.printNotices(spec.commandLine().getErr(), server);
            ServerLauncher.printEndpoints(out, ServerLauncher.baseUrl(settings, server), server);
            out.println("  SMTP:            " + HOST + ":" + mail.smtpPort() + "  (accepts mail for any address; the server's mail goes here)");
            out.println("  IMAP:            " + HOST + ":" + mail.imapPort() + "  (log in with the full address, e.g. alice@example.org, "
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

    private Optional<Path> configFile() {
        Path file = dataDir.resolve(ServerConfig.DEFAULT_FILE);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** The server listens locally and sends its mail to the embedded SMTP server, without TLS. */
    private Map<String, String> flags(int smtp) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(ConfigKeys.LISTEN_HOST, HOST);
        flags.put(ConfigKeys.LISTEN_PORT, Integer.toString(port));
        flags.put(ConfigKeys.MAIL_RELAY_HOST, HOST);
        flags.put(ConfigKeys.MAIL_RELAY_PORT, Integer.toString(smtp));
        flags.put(ConfigKeys.MAIL_RELAY_SECURITY, "none");
        flags.put(ConfigKeys.MAIL_SENDER, SENDER);
        return flags;
    }
}
