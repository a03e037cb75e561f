package org.sealpost.client.mail;

import java.util.Objects;

/**
 * A mail server could not do what was asked. The message is one line that names the server
 * ({@code scheme://host:port}) and what failed; it never contains the password.
 */
public final class MailException extends Exception {
    /** What went wrong, for the caller to decide (retry, ask for the password again, give up). */
    public enum Kind {
        /** No connection: refused, unknown host, timed out, TLS failed or the connection dropped. */
        UNREACHABLE,
        /** The server refused the user name or password. */
        AUTHENTICATION,
        /** The SMTP server refused the sender, some recipients or the message; nothing was sent. */
        REFUSED,
        /** No message with that id in INBOX. */
        NOT_FOUND,
        /** The server answered, but not as expected (a failed command, an unexpected reply). */
        PROTOCOL
    }

    private final Kind kind;

    /** A failure of {@code kind} with a one-line {@code message}. */
    public MailException(Kind kind, String message) {
        this(kind, message, null);
    }

    /** A failure of {@code kind} with a one-line {@code message}, caused by {@code cause}. */
    public MailException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }
}
