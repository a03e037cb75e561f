package org.sealpost.client.mail;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A minimal SMTP server for what GreenMail cannot show: it refuses the recipients it is told to
 * (550), may offer STARTTLS, and records every command and the exact DATA bytes (dot-unstuffed,
 * without the final terminator), so a test can compare what went over the wire with what was given
 * to the client. One session at a time, no AUTH.
 */
final class ScriptedSmtpPeer implements AutoCloseable {
    private final ServerSocket server;
    private final Set<String> refused;
    private final Optional<SSLContext> starttls;
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    private final List<byte[]> data = Collections.synchronizedList(new ArrayList<>());
    private final List<Boolean> dataOverTls = Collections.synchronizedList(new ArrayList<>());

    /** A peer without STARTTLS that refuses {@code refusedRecipients}. */
    ScriptedSmtpPeer(Set<String> refusedRecipients) throws IOException {
        this(refusedRecipients, Optional.empty());
    }

    /** A peer that offers STARTTLS with {@code tls} (when present) and refuses {@code refusedRecipients}. */
    ScriptedSmtpPeer(Set<String> refusedRecipients, Optional<SSLContext> tls) throws IOException {
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.refused = refusedRecipients;
        this.starttls = tls;
        Thread thread = new Thread(this::serve, "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The commands received, in order (EHLO, STARTTLS, MAIL, RCPT, DATA, ...). */
    List<String> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    /** The message bodies received after DATA. */
    List<byte[]> messages() {
        synchronized (data) {
            return List.copyOf(data);
        }
    }

    /** For each message received, whether it came after a completed STARTTLS. */
    List<Boolean> messagesOverTls() {
        synchronized (dataOverTls) {
            return List.copyOf(dataOverTls);
        }
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                session(s);
            } catch (IOException e) {
                // Closed by the test, the client hung up or refused our certificate: wait for the next session.
            }
        }
    }

    private void session(Socket plain) throws IOException {
        Socket socket = plain;
        InputStream in = socket.getInputStream();
        OutputStream out = new BufferedOutputStream(socket.getOutputStream());
        boolean tls = false;
        reply(out, "220 scripted ESMTP");
        while (true) {
            String line = readLine(in);
            if (line == null) {
                return;
            }
            commands.add(line);
            String upper = line.toUpperCase(Locale.ROOT);
            if (upper.startsWith("EHLO")) {
                reply(out, starttls.isPresent() && !tls ? "250-scripted\r\n250-STARTTLS\r\n250 8BITMIME" : "250-scripted\r\n250 8BITMIME");
            } else if (upper.equals("STARTTLS") && starttls.isPresent() && !tls) {
                reply(out, "220 go ahead");
                SSLSocket secured = (SSLSocket) starttls.get().getSocketFactory().createSocket(socket, null, socket.getPort(), false);
                secured.setUseClientMode(false);
                secured.startHandshake();
                socket = secured;
                in = socket.getInputStream();
                out = new BufferedOutputStream(socket.getOutputStream());
                tls = true;
            } else if (upper.startsWith("RCPT TO:")) {
                String address = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
                reply(out, refused.contains(address) ? "550 5.1.1 <" + address + ">: no such user" : "250 OK");
            } else if (upper.equals("DATA")) {
                reply(out, "354 go ahead");
                data.add(readData(in));
                dataOverTls.add(tls);
                reply(out, "250 queued");
            } else if (upper.equals("QUIT")) {
                reply(out, "221 bye");
                return;
            } else {
                reply(out, "250 OK");
            }
        }
    }

    /** DATA up to CRLF.CRLF; the CRLF before the dot ends the message's last line, as RFC 5321 says. */
    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            byte[] line = readRawLine(in);
            if (line == null) {
                throw new IOException("the client hung up in DATA");
            }
            String text = new String(line, StandardCharsets.ISO_8859_1);
            if (text.equals(".\r\n")) {
                return message.toByteArray();
            }
            int from = text.startsWith("..") ? 1 : 0;
            message.write(line, from, line.length - from);
        }
    }

    private static byte[] readRawLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (previous == '\r' && b == '\n') {
                return line.toByteArray();
            }
            previous = b;
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    private static String readLine(InputStream in) throws IOException {
        byte[] line = readRawLine(in);
        return line == null ? null : new String(line, StandardCharsets.ISO_8859_1).stripTrailing();
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
