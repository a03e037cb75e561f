package org.sealpost.client.mail;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.StoreClosedException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import org.sealpost.client.mail.MailException.Kind;

/**
 * Turns Jakarta Mail's exceptions into {@link MailException}s: the kind, and one line that names the
 * server and what failed. Server replies are quoted; passwords never reach them.
 */
final class MailFailures {
    /**
     * How a certificate that does not name the host is reported: Angus has the JDK check the name in
     * the handshake (sun.security.util.HostnameChecker's wording) and words its own check differently.
     */
    private static final List<String> IDENTITY_MISMATCH = List.of("No subject alternative", "No name matching",
            "Can't verify identity of server", "Server identity does not match");
    private static final int MAX_REASON = 300;

    private final MailEndpoint endpoint;
    private final Duration timeout;

    MailFailures(MailEndpoint endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
    }

    /** A failure of {@code action} ("log in as alice@example.org", "list INBOX"). */
    MailException of(String action, Exception e) {
        String where = endpoint.url();
        if (e instanceof AuthenticationFailedException) {
            return new MailException(Kind.AUTHENTICATION, "cannot " + action + " at " + where
                    + ": the server refused the user name or password (" + reason(e) + ")", e);
        }
        if (IDENTITY_MISMATCH.stream().anyMatch(text -> mentions(e, text))) {
            return new MailException(Kind.UNREACHABLE, "cannot connect securely to " + where + ": the server's TLS certificate is not issued for "
                    + endpoint.host() + " (" + reason(e) + ")", e);
        }
        CertificateException untrusted = find(e, CertificateException.class);
        if (untrusted != null) {
            return new MailException(Kind.UNREACHABLE, "cannot connect securely to " + where + ": the server's TLS certificate is not trusted ("
                    + reason(untrusted) + "); a self-signed server needs its certificate among the trusted ones", e);
        }
        SSLException tls = find(e, SSLException.class);
        if (tls != null) {
            // The JDK's wording when the server answers a TLS hello in plain text.
            boolean plainServer = endpoint.implicitTls() && mentions(tls, "Unsupported or unrecognized SSL message");
            return new MailException(Kind.UNREACHABLE, "cannot connect securely to " + where + ": TLS failed (" + reason(tls)
                    + (plainServer ? "; the port seems to expect plain " + endpoint.scheme().substring(0, 4) + "://, not TLS" : "") + ")", e);
        }
        if (find(e, UnknownHostException.class) != null) {
            return new MailException(Kind.UNREACHABLE, "cannot connect to " + where + ": unknown host " + endpoint.host(), e);
        }
        if (find(e, ConnectException.class) != null || find(e, NoRouteToHostException.class) != null) {
            return new MailException(Kind.UNREACHABLE, "cannot connect to " + where + ": " + reason(e), e);
        }
        if (find(e, SocketTimeoutException.class) != null) {
            return new MailException(Kind.UNREACHABLE, "cannot " + action + " at " + where + ": no answer within " + seconds(timeout), e);
        }
        if (e instanceof StoreClosedException || e instanceof FolderClosedException
                || find(e, SocketException.class) != null || find(e, EOFException.class) != null) {
            return new MailException(Kind.UNREACHABLE, "cannot " + action + " at " + where + ": the connection was lost (" + reason(e) + ")", e);
        }
        return new MailException(Kind.PROTOCOL, "cannot " + action + " at " + where + ": " + reason(e), e);
    }

    /** "30 s", "0.7 s". */
    private static String seconds(Duration d) {
        long millis = d.toMillis();
        return (millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0)) + " s";
    }

    /** The innermost message that says something, on one line and of bounded length. */
    static String reason(Throwable e) {
        String reason = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                reason = t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (reason == null) {
            return e.getClass().getSimpleName();
        }
        String oneLine = reason.replaceAll("\\s+", " ").strip();
        return oneLine.length() > MAX_REASON ? oneLine.substring(0, MAX_REASON) + "…" : oneLine;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static boolean mentions(Throwable e, String text) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
