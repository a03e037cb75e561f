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
import org.sealpost.vault.VaultHome;
import org.sealpost.vault.VaultService;
import org.sealpost.vault.VaultTransport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sealpost vault --data DIR --port P}: runs one vault until Ctrl-C or SIGTERM, over mutual TLS
 * unless {@code --insecure-http} is given; {@code sealpost vault init --data DIR} creates it, and the
 * other subcommands manage its TLS certificate, the key service certificates it trusts and the key
 * service's own identity.
 */
@Command(name = "vault", mixinStandardHelpOptions = true,
        modelTransformer = VaultCommand.OptionalData.class,
        description = {"Run a vault: a store of key shares, each encrypted under the vault's own key-encryption key, "
                + "served over HTTPS (TLS 1.3) to the key service that presents a trusted client certificate and the "
                + "vault's client token (GET /health answers anyone). "
                + "Its database is its own: DIR/vault/db/sealpost.mv.db unless --db-url is given. "
                + "Create it first with 'vault init'. Stops on Ctrl-C or SIGTERM."},
        subcommands = {VaultInitCommand.class, VaultTlsCertCommand.class, VaultClientCertsCommand.class,
                VaultClientIdentityCommand.class})
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

    @Mixin
    TlsPasswordOption tlsPassword;

    @Option(names = "--insecure-http",
            description = "Serve plain HTTP instead of mutual TLS: shares and the client token cross the network unencrypted. "
                    + "Only for a vault made before TLS, on loopback or behind a TLS-terminating proxy.")
    boolean insecureHttp;

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

    /**
     * Mutual TLS from the vault's TLS files and trusted client pins, or plain HTTP when asked for by
     * name. A vault made before TLS must be given a certificate ({@code vault tls-cert}) or the flag.
     */
    private VaultTransport transport() throws CliException {
        if (insecureHttp) {
            return new VaultTransport.InsecureHttp();
        }
        Optional<char[]> password = tlsPassword.password();
        try {
            VaultHome home = VaultHome.load(database.dataDir());
            return new VaultTransport.MutualTls(home.tls().load(password), home.trustedClients());
        } catch (VaultException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        } finally {
            password.ifPresent(p -> Arrays.fill(p, '\0'));
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
        VaultTransport transport = transport();
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
                service.serve(host, port, transport);
                return service;
            });
        } catch (Exception e) {
            service.close();
            throw e;
        }
        Foreground.runUntilStopped(service, () -> {
            PrintWriter out = spec.commandLine().getOut();
            String scheme = transport instanceof VaultTransport.MutualTls ? "https" : "http";
            String base = scheme + "://" + (host.equals("0.0.0.0") ? "localhost" : host) + ":" + service.port();
            out.println("Sealpost vault " + service.home().vaultId() + " listening on " + base);
            out.println("  key-encryption key: " + service.home().kekType()
                    + ", database: " + (db.isPresent() ? db.get().redactedUrl() : "embedded under " + service.home().directory()));
            if (transport instanceof VaultTransport.MutualTls tls) {
                out.println("  transport:          TLS 1.3, client certificate required; trusted key service certificates: "
                        + tls.trustedClients().size());
                CertificateLines.print(out, tls.identity().certificate());
            } else {
                PrintWriter err = spec.commandLine().getErr();
                err.println("WARNING: --insecure-http: plain HTTP, no TLS. Shares and the client token cross the network "
                        + "unencrypted; use only on loopback or behind a TLS-terminating proxy.");
                err.flush();
            }
            out.println("  health:             " + base + "/health");
            out.flush();
        });
        return ExitCodes.OK;
    }
}
