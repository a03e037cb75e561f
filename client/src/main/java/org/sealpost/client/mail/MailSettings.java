package org.sealpost.client.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach the user's mail account. The password is not part of it: it is handed to
 * {@link MailClient} separately so that it never sits in a record, a log line or a {@code toString}.
 *
 * @param address    the account's mail address, e.g. {@code alice@example.org}
 * @param imap       the IMAP server ({@code imap://} or {@code imaps://})
 * @param smtp       the SMTP server ({@code smtp://} or {@code smtps://})
 * @param user       the login name at both servers; {@code null} means the address
 * @param extraTrust certificates trusted for TLS to the mail servers in addition to the JDK's
 *                   default trust store (a self-signed server); {@code null} means none. Host names
 *                   are checked either way.
 * @param timeout    the connect and read timeout of each connection, positive
 */
public record MailSettings(String address, MailEndpoint imap, MailEndpoint smtp, String user,
                           List<X509Certificate> extraTrust, Duration timeout) {
    /** The timeout of {@link #of}: generous for a slow provider, short enough to say "unreachable". */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public MailSettings {
        requireAddress(address);
        Objects.requireNonNull(imap, "imap");
        Objects.requireNonNull(smtp, "smtp");
        if (!imap.imap()) {
            throw new IllegalArgumentException("the IMAP server must be an imap:// or imaps:// URL, got " + imap.url());
        }
        if (smtp.imap()) {
            throw new IllegalArgumentException("the SMTP server must be an smtp:// or smtps:// URL, got " + smtp.url());
        }
        if (user == null) {
            user = address;
        } else if (user.isBlank()) {
            throw new IllegalArgumentException("the mail login user must not be blank");
        }
        extraTrust = extraTrust == null ? List.of() : List.copyOf(extraTrust);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the mail server timeout must be positive, got " + timeout);
        }
    }

    /** Settings that log in with the address, trust the JDK's default CAs, and time out after {@link #DEFAULT_TIMEOUT}. */
    public static MailSettings of(String address, MailEndpoint imap, MailEndpoint smtp) {
        return new MailSettings(address, imap, smtp, null, List.of(), DEFAULT_TIMEOUT);
    }

    /** These settings with another login name. */
    public MailSettings withUser(String newUser) {
        return new MailSettings(address, imap, smtp, newUser, extraTrust, timeout);
    }

    /** These settings trusting {@code certificates} in addition to the JDK's default trust store. */
    public MailSettings withExtraTrust(List<X509Certificate> certificates) {
        return new MailSettings(address, imap, smtp, user, certificates, timeout);
    }

    /** These settings with another connect and read timeout. */
    public MailSettings withTimeout(Duration newTimeout) {
        return new MailSettings(address, imap, smtp, user, extraTrust, newTimeout);
    }

    @Override
    public String toString() {
        return "MailSettings[" + address + ", imap=" + imap.url() + ", smtp=" + smtp.url() + ", user=" + user
                + ", extraTrust=" + extraTrust.size() + " certificate(s), timeout=" + timeout + "]";
    }

    private static void requireAddress(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("the mail address must not be blank");
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            if (!parsed.getAddress().equals(address) || address.indexOf('@') <= 0) {
                throw new IllegalArgumentException("not a bare mail address (expected e.g. alice@example.org): " + oneLine(address));
            }
        } catch (AddressException e) {
            throw new IllegalArgumentException("not a valid mail address: " + oneLine(address));
        }
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
