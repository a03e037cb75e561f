package org.sealpost.server.testing;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
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

    private final Path dir;
    private final Map<String, VaultService> running = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    /** Vaults under {@code dir}, one directory per name. */
    public RunningVaults(Path dir) {
        this.dir = dir;
    }

    /** Creates and serves vaults {@code names}. */
    public RunningVaults start(String... names) {
        for (String name : names) {
            VaultHome.Initialized created = VaultHome.init(home(name), new KekChoice.File(), null, RANDOM);
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
        VaultService service = VaultService.open(home(name), Optional.empty(), null).serve("127.0.0.1", port, new VaultTransport.InsecureHttp());
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
        return URI.create("http://127.0.0.1:" + ports.get(name) + "/");
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
        }
        return config;
    }

    @Override
    public void close() {
        running.values().forEach(VaultService::close);
        running.clear();
    }
}
