package org.sealpost.server.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.sealpost.server.SealpostServer;
import org.sealpost.server.config.ServerConfig;

/**
 * A whole Sealpost server as its own OS process, for {@link ServerProcess}: {@code <config file> <data dir>}.
 * It prints {@code listening <port>} once it serves, closes the server on SIGTERM, and halts when the
 * parent closes its standard input (the test JVM ended), so no node outlives its test.
 */
public final class ServerNodeMain {
    /** The one environment variable the node takes from its parent: the database password, if any. */
    static final String DB_PASSWORD_VARIABLE = "SEALPOST_DB_PASSWORD";

    private ServerNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        exitWithParent();
        Map<String, String> environment = System.getenv().entrySet().stream()
                .filter(e -> e.getKey().equals(DB_PASSWORD_VARIABLE))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        ServerConfig config = ServerConfig.load(Optional.of(Path.of(args[0])), environment, Map.of());
        SealpostServer server = SealpostServer.start(config.settings(Path.of(args[1]), Optional.empty(), environment));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "node-shutdown"));
        System.out.println("listening " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }

    private static void exitWithParent() {
        Thread.ofPlatform().daemon().name("parent-watch").start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // Nothing is sent; only the end matters.
                }
            } catch (IOException e) {
                // Treated as the end.
            }
            Runtime.getRuntime().halt(2);
        });
    }
}
