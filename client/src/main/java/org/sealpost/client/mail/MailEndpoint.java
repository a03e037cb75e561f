package org.sealpost.client.mail;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * A mail server as the user names it: {@code imap://host:port}, {@code imaps://host:port},
 * {@code smtp://host:port} or {@code smtps://host:port}. The plain forms use STARTTLS when the server
 * offers it; the {@code s} forms speak TLS from the first byte.
 *
 * @param scheme {@code imap}, {@code imaps}, {@code smtp} or {@code smtps} (lower case); it is also
 *               the Jakarta Mail protocol name
 * @param host   the host name (lower case) or IP address, without brackets for IPv6
 * @param port   1..65535
 */
public record MailEndpoint(String scheme, String host, int port) {
    private static final Map<String, Integer> DEFAULT_PORTS = Map.of("imap", 143, "imaps", 993, "smtp", 587, "smtps", 465);

    public MailEndpoint {
        if (scheme == null || !DEFAULT_PORTS.containsKey(scheme)) {
            throw new IllegalArgumentException("unknown mail server scheme '" + scheme + "': use imap, imaps, smtp or smtps");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the mail server URL has no host");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("the mail server port must be 1..65535, got " + port);
        }
    }

    /**
     * Parses a mail server URL; without a port the scheme's default applies (imap 143, imaps 993,
     * smtp 587, smtps 465).
     *
     * @throws IllegalArgumentException with a one-line reason: no or an unknown scheme, no host, a bad
     *                                  port, or a path, query, fragment or user name in the URL
     */
    public static MailEndpoint parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the mail server URL is empty: expected e.g. imaps://mail.example.org:993");
        }
        String text = url.strip();
        int separator = text.indexOf("://");
        if (separator <= 0) {
            throw new IllegalArgumentException("not a mail server URL: " + printable(text)
                    + " (expected imap://, imaps://, smtp:// or smtps:// followed by host[:port])");
        }
        String scheme = text.substring(0, separator).toLowerCase(Locale.ROOT);
        if (!DEFAULT_PORTS.containsKey(scheme)) {
            throw new IllegalArgumentException("unknown scheme '" + printable(scheme) + "' in the mail server URL: use imap, imaps, smtp or smtps");
        }
        String rest = text.substring(separator + 3);
        int authorityEnd = firstOf(rest, "/?#");
        String authority = rest.substring(0, authorityEnd);
        if (authority.contains("@")) {
            // Never echo this part: it may hold a password.
            throw new IllegalArgumentException("the mail server URL must not contain a user name or password (give the user separately): "
                    + scheme + "://…" + authority.substring(authority.lastIndexOf('@')));
        }
        String tail = rest.substring(authorityEnd);
        if (!tail.isEmpty() && !tail.equals("/")) {
            throw new IllegalArgumentException("the mail server URL must be just " + scheme + "://host[:port], without a path, query or fragment: "
                    + printable(text));
        }
        if (authority.isEmpty()) {
            throw new IllegalArgumentException("the mail server URL has no host: " + printable(text));
        }
        URI uri;
        try {
            uri = new URI(scheme + "://" + authority);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid mail server URL: " + printable(text));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(badHostOrPort(authority, text));
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORTS.get(scheme) : uri.getPort();
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("the mail server port must be 1..65535, got " + port + " in " + printable(text));
        }
        return new MailEndpoint(scheme, host.toLowerCase(Locale.ROOT), port);
    }

    /** Whether this is an IMAP server ({@code imap} or {@code imaps}). */
    public boolean imap() {
        return scheme.startsWith("imap");
    }

    /** Whether TLS starts with the connection ({@code imaps}, {@code smtps}) rather than by STARTTLS. */
    public boolean implicitTls() {
        return scheme.endsWith("s");
    }

    /** The canonical URL, {@code scheme://host:port} (IPv6 addresses in brackets). */
    public String url() {
        return scheme + "://" + hostPort();
    }

    /** {@code host:port}, as messages name the server (IPv6 addresses in brackets). */
    public String hostPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return url();
    }

    /** Why {@link URI} found no host: the port is the usual culprit ("host:abc", "host:99999999999"). */
    private static String badHostOrPort(String authority, String text) {
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && !authority.endsWith("]")) {
            String port = authority.substring(colon + 1);
            if (colon == 0) {
                return "the mail server URL has no host: " + printable(text);
            }
            if (!port.chars().allMatch(Character::isDigit) || port.length() > 5) {
                return "not a valid port '" + printable(port) + "' in the mail server URL " + printable(text) + " (expected 1..65535)";
            }
        }
        return "not a valid host name in the mail server URL: " + printable(text);
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    /** Keeps an echoed URL on one line and short, whatever the user typed. */
    private static String printable(String s) {
        String oneLine = s.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
