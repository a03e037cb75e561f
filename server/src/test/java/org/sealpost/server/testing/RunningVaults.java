package org.sealpost.server.testing;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.sealpost.vault.tls.TlsKeyStoreFile;
import org.sealpost.vault.tls.TlsCertificates;
import org.sealpost.vault.tls.CertificatePin;
import org.sealpost.vault.VaultTlsFiles;
import org.sealpost.core.keys.Identity;
import java.util.Set;
import java.util.List;
import java.time.Instant;
import org.sealpost.vault.KekChoice;
import org.sealpost.vault.VaultHome;
import org.sealpost.vault.VaultService;
import org.sealpost.vault.VaultTransport;

/**
 * Vaults in their own HTTP servers for a test, each made as {@code sealpost vault init} makes it (own
 * directory, KEK, database, 0600 client-token file) and served as {@code sealpost vault} serves it,
 * on a free port. {@link #close()} stops them.
 */
public final class RunningVaults implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The environment variable {@link #configure} names for the client identity's password. */
    public static final String CLIENT_PASSWORD_ENV = "TEST_KMS_CLIENT_PASSWORD";
    private static final String CLIENT_PASSWORD = "test-client-identity-password";

    private final Path dir;
    private final Optional<Identity> keyService;
    private final Map<String, VaultService> running = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    /** Vaults under {@code dir}, one directory per name, served over plain HTTP ({@code --insecure-http}). */
    public RunningVaults(Path dir) {
        this(dir, Optional.empty());
    }

    private RunningVaults(Path dir, Optional<Identity> keyService) {
        this.dir = dir;
        this.keyService = keyService;
    }

    /**
     * Vaults served over mutual TLS as {@code sealpost vault} serves them by default, each trusting one
     * key service client identity, which {@link #configure} writes to a PKCS#12 file.
     */
    public static RunningVaults mutualTls(Path dir) {
        return new RunningVaults(dir, Optional.of(TlsCertificates.selfSigned("Sealpost key service", TlsCertificates.Role.CLIENT,
                List.of(), RANDOM, Instant.now())));
    }

    /** Creates and serves vaults {@code names}. */
    public RunningVaults start(String... names) {
        for (String name : names) {
            VaultHome.Initialized created = keyService.isEmpty()
                    ? VaultHome.init(home(name), new KekChoice.File(), null, RANDOM)
                    : VaultHome.init(home(name), new KekChoice.File(), null, Optional.of(new VaultTlsFiles.Setup(
                            VaultTlsFiles.DEFAULT_NAMES, Optional.empty(), Set.of(CertificatePin.of(keyService.get().certificate())))),
                            RANDOM);
            Arrays.fill(created.clientToken(), '\0');
            serve(name, 0);
        }
        return this;
    }

    /** Stops vault {@code name}'s process, as a crash or an operator would. */
    public void stop(String name) {
        running.remove(name).close();
    }

    /** Starts vault {@code name} again, on the port it had. */
    public void restart(String name) {
        serve(name, ports.get(name));
    }

    private void serve(String name, int port) {
        VaultService opened = VaultService.open(home(name), Optional.empty(), null);
        VaultHome home = opened.home();
        VaultTransport transport = keyService.isEmpty() ? new VaultTransport.InsecureHttp()
                : new VaultTransport.MutualTls(home.tls().load(Optional.empty()), home.trustedClients());
        VaultService service = opened.serve("127.0.0.1", port, transport);
        running.put(name, service);
        ports.put(name, service.port());
    }

    private Path home(String name) {
        return dir.resolve("vault-" + name);
    }

    /** The running vault {@code name}. */
    public VaultService service(String name) {
        return running.get(name);
    }

    /** Its id. */
    public String vaultId(String name) {
        return VaultHome.load(home(name)).vaultId();
    }

    /** Its base URL. */
    public URI url(String name) {
        return URI.create((keyService.isEmpty() ? "http" : "https") + "://127.0.0.1:" + ports.get(name) + "/");
    }

    /** Its client-token file as {@code vault init} wrote it. */
    public Path tokenFile(String name) {
        return VaultHome.load(home(name)).clientTokenFile();
    }

    /** Adds {@code kms.vaults} and every vault's url and token-file to a server configuration. */
    public Properties configure(Properties config) {
        config.setProperty("kms.vaults", String.join(",", ports.keySet()));
        for (String name : ports.keySet()) {
            config.setProperty("kms.vault." + name + ".url", url(name).toString());
            config.setProperty("kms.vault." + name + ".token-file", tokenFile(name).toString());
            if (keyService.isPresent()) {
                config.setProperty("kms.vault." + name + ".tls-pins", CertificatePin.of(VaultHome.load(home(name)).tls().certificate()).hex());
            }
        }
        keyService.ifPresent(identity -> {
            Path file = dir.resolve("kms-client.p12");
            TlsKeyStoreFile.write(file, identity, CLIENT_PASSWORD.toCharArray());
            config.setProperty("kms.client-identity", file.toString());
            config.setProperty("kms.client-identity.password-env", CLIENT_PASSWORD_ENV);
        });
        return config;
    }

    /** What the server's environment needs for {@link #configure}'s settings: the client identity's password. */
    public Map<String, String> environment() {
        return keyService.isEmpty() ? Map.of() : Map.of(CLIENT_PASSWORD_ENV, CLIENT_PASSWORD);
    }

    @Override
    public void close() {
        running.values().forEach(VaultService::close);
        running.clear();
    }
}
