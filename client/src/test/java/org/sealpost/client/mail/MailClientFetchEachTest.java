package org.sealpost.client.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link MailClient#fetchEach} against GreenMail in-process: the raw bytes of many messages in one INBOX session. */
class MailClientFetchEachTest {
    private GreenMail server;
    private MailClient client;

    @BeforeEach
    void start() {
        server = new GreenMail(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()})
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.start();
        MailSettings settings = MailSettings.of("bob@example.org", MailEndpoint.parse("imap://127.0.0.1:" + server.getImap().getPort()),
                MailEndpoint.parse("smtp://127.0.0.1:" + server.getSmtp().getPort()));
        client = new MailClient(settings, "any".toCharArray());
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop();
    }

    private static byte[] message(int n) {
        return ("From: alice@example.org\r\nTo: bob@example.org\r\nSubject: number " + n + "\r\nMessage-ID: <" + n
                + "@example.org>\r\n\r\nbody " + n + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void handsOverEveryAskedMessageInTheOrderGivenAndSkipsUnknownIds() throws Exception {
        // More than one chunk of 50.
        for (int i = 1; i <= 55; i++) {
            client.send(message(i), "alice@example.org", List.of("bob@example.org"));
        }
        List<MailSummary> listed = client.list();
        assertThat(listed).hasSize(55);
        List<String> ids = new ArrayList<>(listed.stream().map(MailSummary::id).toList());
        ids.add(1, "999999");
        ids.add("not-an-id");
        List<String> seen = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        client.fetchEach(ids, (id, raw) -> {
            seen.add(id);
            bodies.add(new String(raw, StandardCharsets.US_ASCII));
        });
        assertThat(seen).containsExactlyElementsOf(listed.stream().map(MailSummary::id).toList());
        for (int i = 0; i < listed.size(); i += 9) {
            assertThat(bodies.get(i)).contains("Subject: " + listed.get(i).subject()).isEqualTo(new String(client.fetch(seen.get(i)),
                    StandardCharsets.US_ASCII));
        }
        // An empty list asks for nothing.
        List<String> none = new ArrayList<>();
        client.fetchEach(List.of(), (id, raw) -> none.add(id));
        assertThat(none).isEmpty();
    }
}
