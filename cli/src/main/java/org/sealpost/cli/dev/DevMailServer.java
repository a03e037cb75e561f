package org.sealpost.cli.dev;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;

/**
 * The mail server of {@code sealpost dev}: GreenMail with SMTP and IMAP on local ports. It accepts
 * mail for any address, creates a mailbox on first delivery or login, and lets anyone log in to IMAP
 * with the full address and any password. For trying Sealpost on one machine, never for real mail.
 */
final class DevMailServer implements AutoCloseable {
    private final GreenMail mail;

    private DevMailServer(GreenMail mail) {
        this.mail = mail;
    }

    /**
     * Starts SMTP and IMAP on {@code host}; port 0 picks a free one.
     *
     * @throws CliException when a port cannot be bound
     */
    static DevMailServer start(String host, int smtpPort, int imapPort) throws CliException {
        requireFree(host, smtpPort, "SMTP", "--smtp-port");
        requireFree(host, imapPort, "IMAP", "--imap-port");
        GreenMail mail = new GreenMail(new ServerSetup[] {setup(host, smtpPort, ServerSetup.PROTOCOL_SMTP),
                setup(host, imapPort, ServerSetup.PROTOCOL_IMAP)})
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        try {
            mail.start();
        } catch (RuntimeException e) {
            mail.stop();
            throw new CliException(ExitCodes.USAGE, "cannot start the mail server on " + host + " (SMTP port " + smtpPort
                    + ", IMAP port " + imapPort + "): a port is in use or not allowed (choose others with --smtp-port and --imap-port)");
        }
        return new DevMailServer(mail);
    }

    /**
     * GreenMail binds in its own threads, which print a stack trace for a busy port before start()
     * reports it; a port taken is found here instead and said in one line.
     */
    private static void requireFree(String host, int port, String protocol, String option) throws CliException {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot listen on " + host + ":" + port + " for " + protocol
                    + ": the port is in use or not allowed (choose another with " + option + ")");
        }
    }

    private static ServerSetup setup(String host, int port, String protocol) {
        ServerSetup setup = new ServerSetup(port, host, protocol);
        return port == 0 ? setup.dynamicPort() : setup;
    }

    int smtpPort() {
        return mail.getSmtp().getPort();
    }

    int imapPort() {
        return mail.getImap().getPort();
    }

    @Override
    public void close() {
        mail.stop();
    }
}
