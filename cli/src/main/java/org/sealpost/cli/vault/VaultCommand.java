package org.sealpost.cli.vault;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.Foreground;
import org.sealpost.cli.ExitCodes;
import org.sealpost.storage.DatabaseConfig;
import org.sealpost.vault.VaultException;
import org.sealpost.vault.VaultService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sealpost vault --data DIR --port P}: runs one vault until Ctrl-C or SIGTERM; {@code sealpost
 * vault init --data DIR} creates it.
 */
@Command(name = "vault", mixinStandardHelpOptions = true,
        modelTransformer = VaultCommand.OptionalData.class,
        description = {"Run a vault: a store of key shares, each encrypted under the vault's own key-encryption key, "
                + "served over HTTP to the key service that holds its client token (GET /health answers anyone). "
                + "Its database is its own: DIR/vault/db/sealpost.mv.db unless --db-url is given. "
                + "Create it first with 'vault init'. Stops on Ctrl-C or SIGTERM."},
        subcommands = {VaultInitCommand.class})
public final class VaultCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8700",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String host;

    @Mixin
    PinOption pin;

    /**
     * {@code --data} is required to run a vault, but {@code vault init --data DIR} gives it to the
     * subcommand: picocli would otherwise demand it of {@code vault} too. {@link #call()} checks it.
     */
    static final class OptionalData implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            CommandLine.Model.OptionSpec data = spec.findOption("--data");
            if (data != null && data.required()) {
                spec.remove(data);
                spec.addOption(data.toBuilder().required(false).build());
            }
            return spec;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (database.dataDir() == null) {
            throw new CliException(ExitCodes.USAGE, "Missing required option: '--data=DIR' (try 'sealpost vault --help')");
        }
        if (port < 0 || port > 65535) {
            throw new CliException(ExitCodes.USAGE, "--port must be between 0 and 65535, not " + port);
        }
        Optional<DatabaseConfig> db = database.embedded() ? Optional.empty() : Optional.of(database.config());
        char[] secret = pin.pin();
        VaultService service;
        try {
            service = VaultService.open(database.dataDir(), db, secret);
        } catch (VaultException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
        try {
            Foreground.listening(host, port, () -> {
                service.serve(host, port);
                return service;
            });
        } catch (Exception e) {
            service.close();
            throw e;
        }
        Foreground.runUntilStopped(service, () -> {
            PrintWriter out = spec.commandLine().getOut();
            String base = "http://" + (host.equals("0.0.0.0") ? "localhost" : host) + ":" + service.port();
            out.println("Sealpost vault " + service.home().vaultId() + " listening on " + base);
            out.println("  key-encryption key: " + service.home().kekType()
                    + ", database: " + (db.isPresent() ? db.get().redactedUrl() : "embedded under " + service.home().directory()));
            out.println("  health:             " + base + "/health");
            out.flush();
        });
        return ExitCodes.OK;
    }
}
