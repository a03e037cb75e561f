package org.sealpost.cli.server;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.Foreground;
import org.sealpost.cli.ca.CaPasswordOption;
import org.sealpost.server.SealpostServer;
import org.sealpost.server.ServerSettings;
import org.sealpost.server.config.ConfigKeys;
import org.sealpost.server.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sealpost server}: runs the service until interrupted. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Run the Sealpost server: CA (CRLs, OCSP), TSA, the key service with its vaults, the HTTP API, health "
                + "and metrics endpoints; HTTPS when http.tls.keystore is set.",
                "Creates the CA on first start when DIR holds none. Stops on Ctrl-C or SIGTERM.",
                "Settings come from the configuration file (--config, default DIR/" + ServerConfig.DEFAULT_FILE
                        + " when present), overridden by SEALPOST_* environment variables, overridden by these options."})
public final class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    CaPasswordOption caPassword;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: DIR/" + ServerConfig.DEFAULT_FILE + " when it exists).")
    Path config;

    @Option(names = "--check-config",
            description = "Check the configuration, print every setting with where it came from, and exit without starting.")
    boolean checkConfig;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one (default: 8080; setting " + ConfigKeys.LISTEN_PORT + ").")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address to listen on; 0.0.0.0 for every interface (default: 127.0.0.1; setting "
                    + ConfigKeys.LISTEN_HOST + ").")
    String host;

    @Option(names = "--public-url", paramLabel = "URL",
            description = "Base URL clients reach this server at, written into certificates of a CA created now "
                    + "(default: http://localhost:PORT; setting " + ConfigKeys.PUBLIC_URL + ").")
    String publicUrl;

    @Option(names = "--algorithm", paramLabel = "ec|rsa",
            description = "Key types of a CA created on first start (default: ec; setting " + ConfigKeys.CA_ALGORITHM + ").")
    String algorithm;

    @Override
    public Integer call() throws Exception {
        // Read and checked before anything is created: a mistyped setting must not leave an empty data directory.
        ServerConfig loaded = ServerConfig.load(configFile(), System.getenv(), flags());
        PrintWriter out = spec.commandLine().getOut();
        if (checkConfig) {
            loaded.describe().forEach(out::println);
            out.println("configuration OK");
            out.flush();
            return ExitCodes.OK;
        }
        ServerSettings settings = ServerLauncher.prepare(loaded, database.dataDir(), caPassword.password());
        SealpostServer server = ServerLauncher.start(settings);
        Foreground.runUntilStopped(server, () -> {
            ServerLauncher.printNotices(spec.commandLine().getErr(), server);
            ServerLauncher.printEndpoints(out, ServerLauncher.baseUrl(settings, server), server);
            out.flush();
        });
        return ExitCodes.OK;
    }

    private Optional<Path> configFile() {
        if (config != null) {
            return Optional.of(config);
        }
        Path inData = database.dataDir().resolve(ServerConfig.DEFAULT_FILE);
        return Files.isRegularFile(inData) ? Optional.of(inData) : Optional.empty();
    }

    /** The options typed on the command line, as configuration keys: they win over the file and the environment. */
    private Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>(database.givenOnCommandLine());
        if (port != null) {
            flags.put(ConfigKeys.LISTEN_PORT, port.toString());
        }
        if (host != null) {
            flags.put(ConfigKeys.LISTEN_HOST, host);
        }
        if (publicUrl != null) {
            flags.put(ConfigKeys.PUBLIC_URL, publicUrl);
        }
        if (algorithm != null) {
            flags.put(ConfigKeys.CA_ALGORITHM, algorithm);
        }
        return flags;
    }
}
