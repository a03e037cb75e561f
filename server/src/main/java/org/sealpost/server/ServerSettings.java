package org.sealpost.server;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.ca.setup.CaAlgorithm;
import org.sealpost.server.enroll.EnrollmentSettings;
import org.sealpost.server.identity.IdentitySettings;
import org.sealpost.server.http.HttpSettings;
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
 * @param enrollment  the mail relay for challenges and the challenge rules
 * @param identity    identity levels: the DNS resolver for domain control
 * @param http        the HTTP listener: request body limit, and TLS when it serves HTTPS itself
 * @param directory   the public-key directory: trust store, quotas, provisional keys
 */
public record ServerSettings(Path dataDir, DatabaseConfig database, String host, int port, Optional<String> publicUrl,
        Optional<char[]> caPassword, CaAlgorithm algorithm, KmsSettings kms, EnrollmentSettings enrollment,
        IdentitySettings identity, HttpSettings http, DirectorySettings directory) {

    public ServerSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(kms, "kms");
        Objects.requireNonNull(enrollment, "enrollment");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(directory, "directory");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        }
    }

    /** Settings with the default mail relay, challenge rules, identity and directory settings, and plain HTTP. */
    public ServerSettings(Path dataDir, DatabaseConfig database, String host, int port, Optional<String> publicUrl,
            Optional<char[]> caPassword, CaAlgorithm algorithm, KmsSettings kms) {
        this(dataDir, database, host, port, publicUrl, caPassword, algorithm, kms, EnrollmentSettings.defaults());
    }

    /** Settings with the default identity and directory settings and plain HTTP. */
    public ServerSettings(Path dataDir, DatabaseConfig database, String host, int port, Optional<String> publicUrl,
            Optional<char[]> caPassword, CaAlgorithm algorithm, KmsSettings kms, EnrollmentSettings enrollment) {
        this(dataDir, database, host, port, publicUrl, caPassword, algorithm, kms, enrollment, IdentitySettings.defaults(),
                HttpSettings.defaults(), DirectorySettings.defaults());
    }

    /** Settings with the default mail relay, challenge rules, identity and directory settings. */
    public ServerSettings(Path dataDir, DatabaseConfig database, String host, int port, Optional<String> publicUrl,
            Optional<char[]> caPassword, CaAlgorithm algorithm, KmsSettings kms, HttpSettings http) {
        this(dataDir, database, host, port, publicUrl, caPassword, algorithm, kms, EnrollmentSettings.defaults(),
                IdentitySettings.defaults(), http, DirectorySettings.defaults());
    }

    /** Settings with the default mail relay, challenge rules and identity settings, and plain HTTP. */
    public ServerSettings(Path dataDir, DatabaseConfig database, String host, int port, Optional<String> publicUrl,
            Optional<char[]> caPassword, CaAlgorithm algorithm, KmsSettings kms, DirectorySettings directory) {
        this(dataDir, database, host, port, publicUrl, caPassword, algorithm, kms, EnrollmentSettings.defaults(),
                IdentitySettings.defaults(), HttpSettings.defaults(), directory);
    }

    /**
     * The scheme the server answers on: {@code https} when it terminates TLS itself. Not the scheme
     * of {@link #publicUrl()}, which the CA writes into certificates and must stay {@code http}.
     */
    public String scheme() {
        return http.tls().isPresent() ? "https" : "http";
    }

    @Override
    public String toString() {
        return "ServerSettings[data=" + dataDir + ", database=" + database + ", listen=" + host + ":" + port
                + ", publicUrl=" + publicUrl.orElse("(default)") + ", algorithm=" + algorithm
                + ", kms=" + kms + ", mail=" + enrollment.relay() + ", identity=" + identity
                + ", maxRequestBytes=" + http.maxRequestBytes() + ", tls=" + http.tls().map(Object::toString).orElse("off")
                + ", directory=" + directory + "]";
    }
}
