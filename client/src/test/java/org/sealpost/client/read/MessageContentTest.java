package org.sealpost.client.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageContentTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anInnerMessageRfc822GivesTheProtectedHeaders() throws Exception {
        MessageContent c = MessageContent.parse(ascii("From: alice@example.org\r\nTo: bob@example.org\r\nSubject: ...\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n"
                + "From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nCc: carol@example.org\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n"
                + "Date: Tue, 1 Dec 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nHallo Bob\r\n"));
        assertThat(c.subject()).isEqualTo("Grüße");
        assertThat(c.from()).isEqualTo("Alice <alice@example.org>");
        assertThat(c.cc()).containsExactly("carol@example.org");
        assertThat(c.date()).hasValueSatisfying(d -> assertThat(d.toString()).isEqualTo("2026-12-01T10:00:00Z"));
        assertThat(c.body()).isEqualTo("Hallo Bob\n");
    }

    @Test
    void theInnerEntitysHeadersWinOverTheOuterOnes() throws Exception {
        // What the engine writes for a decrypted message: the outer fields, then the inner entity with its own.
        MessageContent c = MessageContent.parse(ascii("From: alice@example.org\r\nSubject: ...\r\nMIME-Version: 1.0\r\n"
                + "Subject: The real subject\r\nContent-Type: text/plain\r\n\r\nbody\r\n"));
        assertThat(c.subject()).isEqualTo("The real subject");
        assertThat(c.from()).isEqualTo("alice@example.org");
    }

    @Test
    void textIsTheBodyAndOtherPartsAreAttachments() throws Exception {
        MessageContent c = MessageContent.parse(ascii("From: a@example.org\r\nSubject: files\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: multipart/alternative; boundary=c\r\n\r\n"
                + "--c\r\nContent-Type: text/plain\r\n\r\nplain text\r\n--c\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--c--\r\n"
                + "--b\r\nContent-Type: application/pdf; name=r.pdf\r\nContent-Disposition: attachment; filename=\"r.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n--b\r\nContent-Type: image/png\r\n\r\nPNG\r\n--b--\r\n"));
        assertThat(c.body()).isEqualTo("plain text");
        assertThat(c.attachments()).extracting(Attachment::name).containsExactly("r.pdf", "attachment-2.bin");
        assertThat(c.attachments().getFirst().content()).isEqualTo("%PDF".getBytes(StandardCharsets.US_ASCII));
        assertThat(c.attachments().getFirst().contentType()).isEqualTo("application/pdf");
    }

    @Test
    void headersOnlyReadsWhatTheOuterMessageSays() throws Exception {
        MessageContent c = MessageContent.headersOnly(ascii("From: alice@example.org\r\nTo: bob@example.org\r\nSubject: ...\r\n"
                + "Content-Type: application/pkcs7-mime; smime-type=enveloped-data\r\n\r\nMIAGCSqGSIb3DQEHA6CAMIA=\r\n"),
                jakarta.mail.Session.getInstance(new java.util.Properties()));
        assertThat(c.subject()).isEqualTo("...");
        assertThat(c.to()).containsExactly("bob@example.org");
        assertThat(c.body()).isEmpty();
        assertThat(c.attachments()).isEmpty();
    }
}
