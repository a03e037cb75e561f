package org.sealpost.cli.vault;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.sealpost.cli.CliException;
import org.sealpost.cli.DatabaseOptions;
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
    private static final long SHUTDOWN_WAIT_SECONDS = 10;

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
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // On Ctrl-C or SIGTERM the hook wakes this thread and waits (briefly) until the vault has closed.
        Thread hook = new Thread(() -> {
            stopped.countDown();
            try {
                closed.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown");
        boolean interrupted = false;
        try (VaultService running = service) {
            serve(running);
            PrintWriter out = spec.commandLine().getOut();
            String base = "http://" + (host.equals("0.0.0.0") ? "localhost" : host) + ":" + running.port();
            out.println("Sealpost vault " + running.home().vaultId() + " listening on " + base);
            out.println("  key-encryption key: " + running.home().kekType()
                    + ", database: " + (db.isPresent() ? db.get().redactedUrl() : "embedded under " + running.home().directory()));
            out.println("  health:             " + base + "/health");
            out.flush();
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stopped.await();
            } catch (InterruptedException e) {
                // Run in-process (tests): an interrupt is a request to stop.
                interrupted = true;
            }
        } finally {
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
                // The JVM is already running the hook, or the vault never started.
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }

    private void serve(VaultService service) throws CliException {
        try {
            service.serve(host, port);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.BindException || t.getClass().getSimpleName().contains("BindException")) {
                    throw new CliException(ExitCodes.USAGE, "cannot listen on " + host + ":" + port
                            + ": the port is in use or not allowed (choose another with --port)");
                }
            }
            throw e;
        }
    }
}
