package org.sealpost.client.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** GreenMail in-process and sample messages for the mail tests. */
final class TestMail {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private TestMail() {
    }

    /** GreenMail on free loopback ports; {@code authenticated} means only configured users log in. */
    static GreenMail start(ServerSetup[] protocols, boolean authenticated) {
        if (Arrays.stream(protocols).anyMatch(ServerSetup::isSecure)) {
            // GreenMail's key store must be ours before its first TLS server starts.
            GreenMailTls.certificate();
        }
        ServerSetup[] setups = ServerSetup.dynamicPort(Arrays.stream(protocols).map(s -> s.createCopy("127.0.0.1")).toArray(ServerSetup[]::new));
        GreenMail mail = new GreenMail(setups);
        if (!authenticated) {
            mail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        }
        mail.start();
        return mail;
    }

    /** Plain SMTP and IMAP, any password accepted. */
    static GreenMail startPlain() {
        return start(ServerSetupTest.SMTP_IMAP, false);
    }

    /** Settings for {@code address} at GreenMail's plain SMTP and IMAP ports. */
    static MailSettings plainSettings(GreenMail mail, String address) {
        return new MailSettings(address, MailEndpoint.parse("imap://127.0.0.1:" + mail.getImap().getPort()),
                MailEndpoint.parse("smtp://127.0.0.1:" + mail.getSmtp().getPort()), null, List.of(), TIMEOUT);
    }

    /** A plain-text message with CRLF line ends and optional extra header lines (each ending in CRLF). */
    static byte[] message(String from, String to, String subject, String extraHeaders, String body) {
        return ("From: " + from + "\r\n"
                + "To: " + to + "\r\n"
                + "Subject: " + subject + "\r\n"
                + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
                + "Message-ID: <" + Math.abs(subject.hashCode()) + "." + System.nanoTime() + "@example.org>\r\n"
                + extraHeaders
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 7bit\r\n"
                + "\r\n"
                + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The message without the trace fields a receiving server puts on top (Return-Path, Received,
     * each with its continuation lines).
     */
    static byte[] withoutTrace(byte[] received) {
        String text = new String(received, StandardCharsets.ISO_8859_1);
        int start = 0;
        while (true) {
            String rest = text.substring(start).toLowerCase(java.util.Locale.ROOT);
            if (!rest.startsWith("return-path:") && !rest.startsWith("received:")) {
                break;
            }
            int end = text.indexOf("\r\n", start);
            while (end >= 0 && end + 2 < text.length() && (text.charAt(end + 2) == ' ' || text.charAt(end + 2) == '\t')) {
                end = text.indexOf("\r\n", end + 2);
            }
            start = end + 2;
        }
        return text.substring(start).getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Equal, but for the CRLF that ends the last line: GreenMail stores DATA without it
     * (ScriptedSmtpPeer shows that it does go over the wire). It lies outside a signed part anyway.
     */
    static boolean sameExceptFinalLineEnd(byte[] stored, byte[] sent) {
        String s = new String(stored, StandardCharsets.ISO_8859_1);
        String t = new String(sent, StandardCharsets.ISO_8859_1);
        return s.equals(t) || (s + "\r\n").equals(t);
    }

    /** A loopback port nobody listens on (bound and released again). */
    static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
