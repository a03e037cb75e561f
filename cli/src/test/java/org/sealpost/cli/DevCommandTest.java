package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.cli.CliFixture.assertFailed;
import static org.sealpost.cli.CliFixture.run;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.cli.CliFixture.Result;

/**
 * {@code sealpost dev}: the server plus the embedded mail server, run in-process on free ports: a
 * mail to a random address is sent over SMTP and read back over IMAP with an arbitrary password.
 */
class DevCommandTest {
    @TempDir
    Path data;

    @Test
    void servesTheApiAndAMailServerForAnyAddress() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int[] exit = {-1};
        Thread dev = new Thread(() -> exit[0] = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "dev",
                "--data", data.toString(), "--port", "0", "--smtp-port", "0", "--imap-port", "0"), "dev-command");
        dev.start();
        try {
            Pattern imapLine = Pattern.compile("IMAP: +127\\.0\\.0\\.1:(\\d+)");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!imapLine.matcher(out.toString()).find()) {
                assertThat(dev.isAlive()).as("dev stopped early: " + out + err).isTrue();
                assertThat(System.nanoTime()).as("dev start within 60 s: " + out + err).isLessThan(deadline);
                Thread.sleep(50);
            }
            String printed = out.toString();
            String base = group(printed, "listening on (http://127\\.0\\.0\\.1:\\d+)");
            int smtp = Integer.parseInt(group(printed, "SMTP: +127\\.0\\.0\\.1:(\\d+)"));
            int imap = Integer.parseInt(group(printed, "IMAP: +127\\.0\\.0\\.1:(\\d+)"));
            assertThat(printed).contains(base + "/v1/openapi.json", base + "/health", base + "/metrics", base + "/v1/",
                    "full address", "any password");

            HttpClient http = HttpClient.newHttpClient();
            for (String path : new String[] {"/health", "/metrics", "/v1/openapi.json"}) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            }

            String address = "user-" + UUID.randomUUID() + "@example.org";
            String subject = "hello " + UUID.randomUUID();
            Properties props = new Properties();
            props.put("mail.smtp.host", "127.0.0.1");
            props.put("mail.smtp.port", Integer.toString(smtp));
            Session session = Session.getInstance(props);
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress("sender@example.net"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(address));
            message.setSubject(subject);
            message.setText("sent to the dev mail server");
            Transport.send(message);

            Store store = session.getStore("imap");
            store.connect("127.0.0.1", imap, address, "any password " + UUID.randomUUID());
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                assertThat(inbox.getMessageCount()).isEqualTo(1);
                assertThat(inbox.getMessage(1).getSubject()).isEqualTo(subject);
                inbox.close(false);
            } finally {
                store.close();
            }
        } finally {
            dev.interrupt();
            dev.join(Duration.ofSeconds(30));
        }
        assertThat(dev.isAlive()).as("dev stopped").isFalse();
        assertThat(exit[0]).as(out + "\n" + err).isZero();
        assertThat(data.resolve("ca").resolve("root.pem")).exists();
    }

    @Test
    void badFlagsAreUsageErrorsThatStartNothing() throws Exception {
        Path dir = data.resolve("never-created");
        for (String[] args : new String[][] {{"--smtp-port", "70000"}, {"--imap-port", "-1"}, {"--port", "http"},
                {"--port", "99999"}, {"--no-such-flag"}}) {
            String[] command = new String[args.length + 3];
            command[0] = "dev";
            command[1] = "--data";
            command[2] = dir.toString();
            System.arraycopy(args, 0, command, 3, args.length);
            Result r = run((Object[]) command);
            assertFailed(r, null, ExitCodes.USAGE);
            assertThat(dir).as(String.join(" ", args)).doesNotExist();
        }
    }

    @Test
    void aMailPortInUseIsOneLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Result r = run("dev", "--data", data.resolve("d"), "--port", "0", "--smtp-port", taken.getLocalPort(), "--imap-port", "0");
            assertFailed(r, null, ExitCodes.USAGE);
            assertThat(r.err()).contains("127.0.0.1:" + taken.getLocalPort() + " for SMTP", "--smtp-port");
            assertThat(data.resolve("d")).doesNotExist();
            Result imap = run("dev", "--data", data.resolve("d"), "--port", "0", "--smtp-port", "0", "--imap-port", taken.getLocalPort());
            assertFailed(imap, null, ExitCodes.USAGE);
            assertThat(imap.err()).contains("127.0.0.1:" + taken.getLocalPort() + " for IMAP", "--imap-port");
        }
    }

    @Test
    void helpNamesTheOptionsAndDefaults() {
        Result r = run("dev", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--data", "sealpost-dev", "--port", "--smtp-port", "--imap-port", "3025", "3143");
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex + " in " + text).isTrue();
        return m.group(1);
    }
}
