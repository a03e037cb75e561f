package org.sealpost.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.sealpost.server.config.ConfigException;
import org.sealpost.server.config.ConfigKeys;
import org.sealpost.server.config.DatabaseSettings;
import org.sealpost.storage.DatabaseConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where a command finds its data: a picocli mixin for every command that uses the data directory
 * and the database ({@code @Mixin DatabaseOptions db;}).
 *
 * <p>Without {@code --db-url} the database is the embedded H2 file under the data directory
 * ({@link DatabaseConfig#embedded}); with it, the URL's database (PostgreSQL in production), logged
 * in as {@code --db-user} with the password from an environment variable: the one named by
 * {@code --db-password-env}, else {@code SEALPOST_DB_PASSWORD} when set. The password never goes
 * on the command line, where other users could read it in the process list.
 */
public final class DatabaseOptions {
    /** The variable read for the database password when {@code --db-password-env} is not given. */
    public static final String DEFAULT_PASSWORD_ENV = DatabaseSettings.DEFAULT_PASSWORD_ENV;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "Data directory (the embedded database is DIR/db/sealpost.mv.db).")
    Path dataDir;

    @Option(names = "--db-url", paramLabel = "URL", defaultValue = "${env:SEALPOST_DB_URL}",
            description = "JDBC URL of the database, e.g. jdbc:postgresql://db.example.org/sealpost "
                    + "(default: $SEALPOST_DB_URL, else the embedded H2 database under --data).")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:SEALPOST_DB_USER}",
            description = "Database user for --db-url (default: $SEALPOST_DB_USER).")
    String dbUser;

    @Option(names = "--db-password-env", paramLabel = "VAR",
            description = "Environment variable holding the database password for --db-url (default: "
                    + DEFAULT_PASSWORD_ENV + " when it is set).")
    String dbPasswordEnv;

    /** The data directory given with {@code --data}. */
    public Path dataDir() {
        return dataDir;
    }

    /** Whether the database is the embedded H2 file (no {@code --db-url} and no SEALPOST_DB_URL). */
    public boolean embedded() {
        return dbUrl == null || dbUrl.isBlank();
    }

    /** The database to open, with a pool of {@link DatabaseConfig#DEFAULT_POOL_SIZE} connections. */
    public DatabaseConfig config() throws CliException {
        return config(DatabaseConfig.DEFAULT_POOL_SIZE);
    }

    /**
     * The database to open, with a pool of at most {@code maxPoolSize} connections (a short CLI
     * command needs few, a server more).
     *
     * @throws CliException when {@code --db-password-env} names a variable that is not set
     */
    public DatabaseConfig config(int maxPoolSize) throws CliException {
        try {
            return settings().config(dataDir, System.getenv(), maxPoolSize);
        } catch (ConfigException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
    }

    private DatabaseSettings settings() {
        return new DatabaseSettings(embedded() ? Optional.empty() : Optional.of(dbUrl.strip()),
                dbUser == null || dbUser.isBlank() ? Optional.empty() : Optional.of(dbUser),
                Optional.ofNullable(dbPasswordEnv));
    }

    /**
     * The database options typed on the command line (not those taken from the environment), as
     * server configuration keys: for {@code server}, where they override its configuration file.
     */
    public Map<String, String> givenOnCommandLine() {
        var parsed = command.commandLine().getParseResult();
        Map<String, String> given = new LinkedHashMap<>();
        if (parsed.hasMatchedOption("--db-url")) {
            given.put(ConfigKeys.DB_URL, dbUrl);
        }
        if (parsed.hasMatchedOption("--db-user")) {
            given.put(ConfigKeys.DB_USER, dbUser);
        }
        if (parsed.hasMatchedOption("--db-password-env")) {
            given.put(ConfigKeys.DB_PASSWORD_ENV, dbPasswordEnv);
        }
        return given;
    }
}
