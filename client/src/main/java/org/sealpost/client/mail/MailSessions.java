package org.sealpost.client.mail;

import jakarta.mail.Session;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;

/** The Jakarta Mail session for one account: timeouts, TLS and authentication as {@link MailClient} promises. */
final class MailSessions {
    private MailSessions() {
    }

    /** A private session (never the JVM-wide default one) for the account's IMAP and SMTP servers. */
    static Session create(MailSettings settings) {
        SSLSocketFactory tls = TrustedSockets.factory(settings.extraTrust());
        Properties p = new Properties();
        configure(p, settings.imap(), settings, tls);
        configure(p, settings.smtp(), settings, tls);
        return Session.getInstance(p);
    }

    private static void configure(Properties p, MailEndpoint endpoint, MailSettings settings, SSLSocketFactory tls) {
        // The scheme is the Jakarta Mail protocol name, and so the property prefix.
        String prefix = "mail." + endpoint.scheme() + ".";
        String millis = Long.toString(settings.timeout().toMillis());
        p.setProperty(prefix + "host", endpoint.host());
        p.setProperty(prefix + "port", Integer.toString(endpoint.port()));
        p.setProperty(prefix + "connectiontimeout", millis);
        p.setProperty(prefix + "timeout", millis);
        p.setProperty(prefix + "writetimeout", millis);
        // Used for implicit TLS and for STARTTLS alike.
        p.put(prefix + "ssl.socketFactory", tls);
        p.setProperty(prefix + "ssl.checkserveridentity", "true");
        // Otherwise a failed handshake is retried with the JDK's default factory, whose error (an
        // untrusted certificate) then hides the real one (e.g. a host name mismatch).
        p.setProperty(prefix + "socketFactory.fallback", "false");
        if (!endpoint.implicitTls()) {
            // STARTTLS when the server offers it; a server without it is still usable (issue 7).
            p.setProperty(prefix + "starttls.enable", "true");
            p.setProperty(prefix + "starttls.required", "false");
        }
        if (endpoint.imap()) {
            // Reading a message must not mark it \Seen: inbox decrypts every message it lists.
            p.setProperty(prefix + "peek", "true");
        } else {
            // AUTH when the server advertises it; Angus skips it when it does not.
            p.setProperty(prefix + "auth", "true");
            // A refused recipient stops the whole transaction: the mail is never sent half-done.
            p.setProperty(prefix + "sendpartial", "false");
            // Re-encoding to 8bit would change signed bytes.
            p.setProperty(prefix + "allow8bitmime", "false");
        }
    }
}
