package org.sealpost.cli.server;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.sealpost.cli.Foreground;
import org.sealpost.server.SealpostServer;
import org.sealpost.server.ServerSettings;
import org.sealpost.server.config.ServerConfig;
import org.sealpost.server.keys.KeyTopology;
import org.sealpost.server.openapi.OpenApiRoutes;

/** What {@code server} and {@code dev} share: preparing the data directory, starting, and printing the URLs. */
public final class ServerLauncher {
    private ServerLauncher() {
    }

    /**
     * Creates the data directory (private: it holds the CA, the vaults and the records) and turns the
     * configuration into settings.
     */
    public static ServerSettings prepare(ServerConfig config, Path dataDir, Optional<char[]> caPassword) throws Exception {
        if (!Files.isDirectory(dataDir)) {
            Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return config.settings(dataDir, caPassword, System.getenv());
    }

    /** Starts the server; a port that cannot be bound is one plain line. */
    public static SealpostServer start(ServerSettings settings) throws Exception {
        return Foreground.listening(settings.host(), settings.port(), () -> SealpostServer.start(settings));
    }

    /** The URL the server answers at on this machine. */
    public static String baseUrl(ServerSettings settings, SealpostServer server) {
        return settings.scheme() + "://" + (settings.host().equals("0.0.0.0") ? "localhost" : settings.host()) + ":" + server.port();
    }

    /** The line tests and scripts wait for, then every endpoint and the key service. */
    public static void printEndpoints(PrintWriter out, String base, SealpostServer server) {
        out.println("Sealpost server listening on " + base);
        out.println("  API:             " + base + "/v1/");
        out.println("  OpenAPI:         " + base + OpenApiRoutes.PATH);
        out.println("  health:          " + base + "/health");
        out.println("  metrics:         " + base + "/metrics");
        out.println("  CA certificates: " + base + "/ca/root.pem  " + base + "/ca/issuing.pem");
        out.println("  CRL:             " + base + "/crl/issuing.crl");
        out.println("  OCSP:            " + base + "/ocsp");
        out.println("  TSA:             " + base + "/tsa");
        KeyTopology keys = server.keyTopology();
        out.println("  key service:     " + keys.scheme() + (keys.embedded() ? ", vaults in this process" : ", vaults in their own processes"));
        for (KeyTopology.Vault vault : keys.vaults()) {
            out.println("    " + vault.name() + ": " + vault.vaultId().orElse("(unreachable now)") + (keys.embedded() ? " in " : " at ")
                    + vault.location());
        }
    }

    /** The notices a start produced (a CA created, a password generated), on stderr. */
    public static void printNotices(PrintWriter err, SealpostServer server) {
        server.notices().forEach(err::println);
        err.flush();
    }
}
