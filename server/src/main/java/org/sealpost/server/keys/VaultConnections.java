package org.sealpost.server.keys;

import org.sealpost.vault.VaultEndpoint;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sealpost.kms.EmbeddedVaults;
import org.sealpost.vault.HttpVaultClient;
import org.sealpost.vault.VaultClient;

/**
 * The vaults of a {@link VaultTopology}, connected: in-process vaults opened under the data directory,
 * or HTTP clients of vaults in their own processes. Closing closes the embedded vaults or forgets the
 * remote vaults' tokens.
 */
final class VaultConnections implements AutoCloseable {
    /**
     * One connected vault.
     *
     * @param name     the configured name ({@code vault-<i>} for embedded vaults)
     * @param location where it is: its directory or URL
     */
    record Connection(String name, String location, VaultClient client) {
    }

    private final List<Connection> connections;
    private final Runnable closer;

    private VaultConnections(List<Connection> connections, Runnable closer) {
        this.connections = List.copyOf(connections);
        this.closer = closer;
    }

    /**
     * Connects the vaults of {@code topology}.
     *
     * @throws IllegalArgumentException         when a token file cannot be used
     * @throws org.sealpost.vault.VaultException when an embedded vault cannot be initialised or opened
     */
    static VaultConnections open(VaultTopology topology, Path dataDir, SecureRandom random) {
        return switch (topology) {
            case VaultTopology.Embedded embedded -> embedded(dataDir, embedded.count(), random);
            case VaultTopology.Remote remote -> remote(remote.vaults());
        };
    }

    private static VaultConnections embedded(Path dataDir, int count, SecureRandom random) {
        EmbeddedVaults vaults = EmbeddedVaults.open(dataDir, count, random);
        List<Connection> connections = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            connections.add(new Connection("vault-" + (i + 1), EmbeddedVaults.directory(dataDir, i + 1).toAbsolutePath().toString(),
                    vaults.clients().get(i)));
        }
        return new VaultConnections(connections, vaults::close);
    }

    private static VaultConnections remote(List<RemoteVault> vaults) {
        List<Connection> connections = new ArrayList<>(vaults.size());
        List<HttpVaultClient> clients = new ArrayList<>(vaults.size());
        Runnable forgetTokens = () -> clients.forEach(HttpVaultClient::forgetToken);
        try {
            for (RemoteVault vault : vaults) {
                HttpVaultClient client = client(vault);
                clients.add(client);
                connections.add(new Connection(vault.name(), vault.url().toString(), client));
            }
        } catch (RuntimeException e) {
            forgetTokens.run();
            throw e;
        }
        return new VaultConnections(connections, forgetTokens);
    }

    /** The client of one remote vault: mutual TLS for an https URL, the token alone for http. */
    private static HttpVaultClient client(RemoteVault vault) {
        char[] token = TokenFile.read(vault.tokenFile());
        try {
            VaultEndpoint endpoint = vault.tls()
                    .<VaultEndpoint>map(tls -> new VaultEndpoint.MutualTls(vault.url(), token, tls.serverPins(), tls.clientIdentity()))
                    .orElseGet(() -> new VaultEndpoint.InsecureHttp(vault.url(), token));
            return HttpVaultClient.create(endpoint, vault.timeout());
        } finally {
            Arrays.fill(token, '\0');
        }
    }

    /** The vaults in share order. */
    List<Connection> all() {
        return connections;
    }

    /** The clients in share order: what {@link org.sealpost.kms.KeyService} takes. */
    List<VaultClient> clients() {
        return connections.stream().map(Connection::client).toList();
    }

    @Override
    public void close() {
        closer.run();
    }
}
