package org.sealpost.cli.server;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.cli.CliException;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.Foreground;
import org.sealpost.cli.ca.CaPasswordOption;
import org.sealpost.cli.ExitCodes;
import org.sealpost.server.SealpostServer;
import org.sealpost.server.ServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sealpost server}: runs the service until interrupted. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Run the Sealpost server: CA (CRLs, OCSP), TSA and health endpoints over HTTP.",
                "Creates the CA on first start when DIR holds none. Stops on Ctrl-C or SIGTERM."})
public final class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    CaPasswordOption caPassword;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--public-url", paramLabel = "URL",
            description = "Base URL clients reach this server at, written into certificates of a CA created now "
                    + "(default: http://localhost:PORT).")
    String publicUrl;

    @Option(names = "--algorithm", paramLabel = "ec|rsa", defaultValue = "ec",
            description = "Key types of a CA created on first start (default: ${DEFAULT-VALUE}).")
    String algorithm;

    @Override
    public Integer call() throws Exception {
        // Checked before anything is created: a mistyped option must not leave an empty data directory.
        if (port < 0 || port > 65535) {
            throw new CliException(ExitCodes.USAGE, "--port must be between 0 and 65535, not " + port);
        }
        CaAlgorithm keys = CaAlgorithm.parse(algorithm);
        Optional<char[]> password = caPassword.password();
        if (!Files.isDirectory(database.dataDir())) {
            // The data directory holds the CA and its records: private from the start.
            Files.createDirectories(database.dataDir(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        }
        ServerSettings settings = new ServerSettings(database.dataDir(), database.config(), host, port,
                Optional.ofNullable(publicUrl), password, keys);
        SealpostServer server = Foreground.listening(host, port, () -> SealpostServer.start(settings));
        Foreground.runUntilStopped(server, () -> {
            PrintWriter out = spec.commandLine().getOut();
            server.notices().forEach(notice -> {
                spec.commandLine().getErr().println(notice);
                spec.commandLine().getErr().flush();
            });
            String base = "http://" + (host.equals("0.0.0.0") ? "localhost" : host) + ":" + server.port();
            out.println("Sealpost server listening on " + base);
            out.println("  CA certificates: " + base + "/ca/root.pem  " + base + "/ca/issuing.pem");
            out.println("  CRL:             " + base + "/crl/issuing.crl");
            out.println("  OCSP:            " + base + "/ocsp");
            out.println("  TSA:             " + base + "/tsa");
            out.println("  health:          " + base + "/health");
            out.flush();
        });
        return ExitCodes.OK;
    }
}
