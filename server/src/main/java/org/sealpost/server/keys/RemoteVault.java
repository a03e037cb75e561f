package org.sealpost.server.keys;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A vault in its own process ({@code sealpost vault}) and how the key service reaches it. No secret
 * here: the client token stays in its file until the vault is connected.
 *
 * @param name      the operator's name for it (configuration keys {@code kms.vault.<name>.*}):
 *                  lower-case letters, digits and {@code -}
 * @param url       its base URL, {@code http://} or {@code https://}
 * @param tokenFile the file holding its client token (the vault's {@code client-token}), mode 0600
 * @param timeout   the timeout of each request to it
 */
public record RemoteVault(String name, URI url, Path tokenFile, Duration timeout) {
    /** What a vault name may be: it becomes part of configuration keys and environment variable names. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public RemoteVault {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("vault name '" + name
                    + "': use 1 to 32 lower-case letters, digits and '-', starting with a letter or digit");
        }
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("vault URL '" + url + "': expected http://host:port/ or https://host:port/");
        }
        Objects.requireNonNull(tokenFile, "tokenFile");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("vault timeout must be positive, not " + timeout);
        }
    }
}
