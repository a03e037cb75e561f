package org.sealpost.cli.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.Secrets;
import org.sealpost.client.account.Account;
import org.sealpost.client.account.AccountSettings;
import org.sealpost.client.account.ClientHome;
import org.sealpost.client.mail.MailEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sealpost account add}: the mail account and the service, stored in the home directory. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Set up the mail account this client reads and sends with, and the Sealpost service it enrolls with.",
                "The mail password goes into the local store, encrypted under the passphrase ($SEALPOST_PASSPHRASE or a prompt); "
                        + "nothing else is secret. Then run 'sealpost enroll'."})
public final class AccountAddCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientHomeOption home;

    @Option(names = "--email", required = true, paramLabel = "E", description = "The mail address.")
    String email;

    @Option(names = "--imap", required = true, paramLabel = "URL", description = "imap://host:port (STARTTLS when offered) or imaps://host:port.")
    String imap;

    @Option(names = "--smtp", required = true, paramLabel = "URL", description = "smtp://host:port (STARTTLS when offered) or smtps://host:port.")
    String smtp;

    @Option(names = "--user", paramLabel = "U", description = "The mail login (default: the address).")
    String user;

    @Option(names = "--password-env", required = true, paramLabel = "VAR", description = "Environment variable holding the mail password.")
    String passwordEnv;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "The Sealpost service's URL, e.g. http://127.0.0.1:8080.")
    String server;

    @Option(names = "--device-name", paramLabel = "NAME", defaultValue = "sealpost-cli",
            description = "The name this device enrolls under (default: ${DEFAULT-VALUE}).")
    String deviceName;

    @Option(names = "--mail-trust", paramLabel = "PEM",
            description = "Certificates trusted for TLS to the mail servers besides the system's (a self-signed server).")
    Path mailTrust;

    @Option(names = "--key-service", paramLabel = "DOMAIN=URL",
            description = "A domain served by its own (on-premise) Sealpost key service; repeatable. Others are found through "
                    + "https://DOMAIN/.well-known/sealpost.json.")
    List<String> keyServices = List.of();

    @Override
    public Integer call() throws Exception {
        String address = email.trim();
        if (!address.matches("[^@\\s]+@[^@\\s]+")) {
            throw new CliException(ExitCodes.USAGE, "--email: '" + email + "' is not a mail address");
        }
        MailEndpoint imapEndpoint = endpoint("--imap", imap, true);
        MailEndpoint smtpEndpoint = endpoint("--smtp", smtp, false);
        URI service = url("--server", server);
        Map<String, URI> services = new LinkedHashMap<>();
        for (String entry : keyServices) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new CliException(ExitCodes.USAGE, "--key-service: expected DOMAIN=URL, got '" + entry + "'");
            }
            services.put(entry.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT), url("--key-service", entry.substring(eq + 1)));
        }
        if (deviceName.isBlank() || deviceName.length() > 64 || deviceName.chars().anyMatch(Character::isISOControl)) {
            throw new CliException(ExitCodes.USAGE, "--device-name: 1 to 64 characters without control characters");
        }
        char[] mailPassword = Secrets.fromEnv(passwordEnv);
        ClientHome dir = home.home();
        AccountSettings settings = new AccountSettings(address, imapEndpoint.url(), smtpEndpoint.url(), user == null ? address : user,
                service, services, Optional.ofNullable(mailTrust).map(Path::toAbsolutePath), deviceName);
        char[] passphrase = home.passphrase("New passphrase for the local store: ", true);
        try (Account account = Account.create(dir, settings, passphrase, new String(mailPassword), ClientHomeOption.http())) {
            var out = spec.commandLine().getOut();
            out.println("Account " + address + " set up in " + dir.dir().toAbsolutePath());
            out.println("  mail:    " + settings.imapUrl() + " (read), " + settings.smtpUrl() + " (send), login " + settings.user());
            out.println("  service: " + service);
            out.println("Next: sealpost enroll" + (home.home != null ? " --home " + home.home : ""));
            out.flush();
        } finally {
            Arrays.fill(passphrase, '\0');
            Arrays.fill(mailPassword, '\0');
        }
        return ExitCodes.OK;
    }

    private static MailEndpoint endpoint(String option, String value, boolean imap) throws CliException {
        MailEndpoint e;
        try {
            e = MailEndpoint.parse(value);
        } catch (IllegalArgumentException ex) {
            throw new CliException(ExitCodes.USAGE, option + ": " + ex.getMessage());
        }
        if (e.imap() != imap) {
            throw new CliException(ExitCodes.USAGE, option + ": expected " + (imap ? "an imap:// or imaps://" : "an smtp:// or smtps://")
                    + " URL, got '" + value + "'");
        }
        return e;
    }

    private static URI url(String option, String value) throws CliException {
        try {
            URI u = new URI(value.trim());
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                    || u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
                throw new URISyntaxException(value, "not an http(s) URL with a host");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new CliException(ExitCodes.USAGE, option + ": '" + value + "' is not an http:// or https:// URL");
        }
    }
}
