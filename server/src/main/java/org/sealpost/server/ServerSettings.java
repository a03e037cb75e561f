package org.sealpost.server;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.server.directory.DirectorySettings;
import org.sealpost.server.keys.KmsSettings;
import org.sealpost.storage.DatabaseConfig;

/**
 * How to run the server.
 *
 * @param dataDir     the data directory (CA files, embedded database)
 * @param database    where the records live
 * @param host        the address to listen on
 * @param port        the port to listen on
 * @param publicUrl   the base URL relying parties reach this server at, written into certificates;
 *                    empty means {@code http://localhost:<port>}
 * @param caPassword  the CA key store password or PKCS#11 PIN; empty when a new CA should get a
 *                    generated one (or an existing one's generated file is to be used)
 * @param algorithm   key types of a CA created on first start
 * @param kms         the key service: its vaults, k-of-n, key pool and clean-up
 * @param directory   the public-key directory: trust store, quotas, provisional keys
 */
public record ServerSettings(Path dataDir, DatabaseConfig database, String host, int port, Optional<String> publicUrl,
        Optional<char[]> caPassword, CaAlgorithm algorithm, KmsSettings kms, DirectorySettings directory) {

    public ServerSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(kms, "kms");
        Objects.requireNonNull(directory, "directory");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        }
    }

    /** Settings with the directory's defaults. */
    public ServerSettings(Path dataDir, DatabaseConfig database, String host, int port, Optional<String> publicUrl,
            Optional<char[]> caPassword, CaAlgorithm algorithm, KmsSettings kms) {
        this(dataDir, database, host, port, publicUrl, caPassword, algorithm, kms, DirectorySettings.defaults());
    }

    @Override
    public String toString() {
        return "ServerSettings[data=" + dataDir + ", database=" + database + ", listen=" + host + ":" + port
                + ", publicUrl=" + publicUrl.orElse("(default)") + ", algorithm=" + algorithm
                + ", kms=" + kms + ", directory=" + directory + "]";
    }
}
