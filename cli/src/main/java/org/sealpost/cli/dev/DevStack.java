package org.sealpost.cli.dev;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.sealpost.cli.server.ServerLauncher;
import org.sealpost.server.SealpostServer;
import org.sealpost.server.ServerSettings;
import org.sealpost.server.config.ConfigKeys;
import org.sealpost.server.config.ServerConfig;

/**
 * What {@code sealpost dev} runs: the server and the embedded mail server on local ports, the
 * server's mail going to that mail server. Also what {@code sealpost demo} and the client's
 * end-to-end tests run. {@link #close()} stops both, the server first.
 */
public final class DevStack implements AutoCloseable {
    /** Mail and HTTP listen here only: the mail server lets anyone read any mailbox. */
    public static final String HOST = "127.0.0.1";
    /** The address the server's mail comes from. */
    static final String SENDER = "sealpost@localhost";

    private final DevMailServer mail;
    private final SealpostServer server;
    private final ServerSettings settings;

    private DevStack(DevMailServer mail, SealpostServer server, ServerSettings settings) {
        this.mail = mail;
        this.server = server;
        this.settings = settings;
    }

    /**
     * Starts the stack; port 0 picks a free one. {@code extra} are server settings on top of the
     * data directory's {@code sealpost.properties} and the dev defaults.
     */
    public static DevStack start(Path dataDir, int port, int smtpPort, int imapPort, Map<String, String> extra) throws Exception {
        DevMailServer mail = DevMailServer.start(HOST, smtpPort, imapPort);
        try {
            // The API URL is in every device token and every certificate, so it must be known before the
            // server starts: a free port is chosen here rather than by the HTTP server.
            int httpPort = port == 0 ? freePort() : port;
            Map<String, String> flags = new LinkedHashMap<>();
            flags.put(ConfigKeys.LISTEN_HOST, HOST);
            flags.put(ConfigKeys.LISTEN_PORT, Integer.toString(httpPort));
            flags.put(ConfigKeys.MAIL_RELAY_HOST, HOST);
            flags.put(ConfigKeys.MAIL_RELAY_PORT, Integer.toString(mail.smtpPort()));
            flags.put(ConfigKeys.MAIL_RELAY_SECURITY, "none");
            flags.put(ConfigKeys.MAIL_SENDER, SENDER);
            flags.putAll(extra);
            Optional<Path> file = configFile(dataDir);
            ServerConfig config = ServerConfig.load(file, System.getenv(), flags);
            if (config.publicUrl().isEmpty()) {
                flags.put(ConfigKeys.PUBLIC_URL, "http://" + HOST + ":" + httpPort);
                config = ServerConfig.load(file, System.getenv(), flags);
            }
            ServerSettings settings = ServerLauncher.prepare(config, dataDir, Optional.empty());
            return new DevStack(mail, ServerLauncher.start(settings), settings);
        } catch (Exception | Error e) {
            mail.close();
            throw e;
        }
    }

    private static Optional<Path> configFile(Path dataDir) {
        Path file = dataDir.resolve(ServerConfig.DEFAULT_FILE);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return probe.getLocalPort();
        }
    }

    /** The API's base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String baseUrl() {
        return ServerLauncher.baseUrl(settings, server);
    }

    public int smtpPort() {
        return mail.smtpPort();
    }

    public int imapPort() {
        return mail.imapPort();
    }

    /** The running server (tests drive its scheduled jobs, such as key rotation, through it). */
    public SealpostServer server() {
        return server;
    }

    @Override
    public void close() {
        // The server closes first: nothing it still sends may find the mail server gone.
        try (mail) {
            server.close();
        }
    }
}
