package org.sealpost.client.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageComposerTest {
    private static final Instant DATE = Instant.parse("2026-03-01T10:15:30Z");
    private final MessageComposer composer = new MessageComposer(new SecureRandom());

    @TempDir
    Path dir;

    private static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
    }

    private static void assertCrlfOnly(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                assertThat(i > 0 && bytes[i - 1] == '\r').as("LF at " + i + " is part of a CRLF").isTrue();
            }
        }
    }

    @Test
    void aTextMessageHasEveryHeaderAndAUtf8BodyQuotedPrintableWhenNeeded() throws Exception {
        String body = "Grüße aus Köln,\nwie geht's?\n" + "x".repeat(100) + "\n";
        Draft draft = new Draft(List.of("bob@example.org"), List.of("carol@example.org"), "Grüße – a subject", body, List.of(), true, true);
        String id = composer.newMessageId("alice@example.org");
        byte[] bytes = composer.compose("alice@example.org", draft, id, DATE);
        assertCrlfOnly(bytes);
        MimeMessage m = parse(bytes);
        assertThat(m.getFrom()[0].toString()).isEqualTo("alice@example.org");
        assertThat(m.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("bob@example.org");
        assertThat(m.getRecipients(Message.RecipientType.CC)[0].toString()).isEqualTo("carol@example.org");
        assertThat(m.getSubject()).isEqualTo("Grüße – a subject");
        assertThat(m.getSentDate().toInstant()).isEqualTo(DATE);
        assertThat(m.getMessageID()).isEqualTo(id).matches("<[0-9a-f]{32}@example\\.org>");
        assertThat(m.getContentType()).containsIgnoringCase("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(m.getEncoding()).isEqualTo("quoted-printable");
        assertThat(m.getContent()).isEqualTo(body.replace("\n", "\r\n"));
        // No raw 8-bit byte: the message survives any mail path, and signatures with it.
        for (byte b : bytes) {
            assertThat(b & 0xff).isLessThan(0x80);
        }
    }

    @Test
    void shortAsciiLinesStaySevenBitAndTheMessageIdNamesNoHost() throws Exception {
        Draft draft = new Draft(List.of("bob@example.org"), List.of(), "Hello", "Hi Bob,\r\nsee you.\n", List.of(), true, true);
        byte[] bytes = composer.compose("alice@example.org", draft, composer.newMessageId("alice@example.org"), DATE);
        MimeMessage m = parse(bytes);
        assertThat(m.getEncoding()).isEqualTo("7bit");
        assertThat(m.getContent()).isEqualTo("Hi Bob,\r\nsee you.\r\n");
        String text = new String(bytes, StandardCharsets.US_ASCII);
        assertThat(text).doesNotContain(InetAddress.getLocalHost().getHostName() + ">").doesNotContain(System.getProperty("user.name") + ".");
        assertThat(composer.newMessageId("alice@example.org")).isNotEqualTo(composer.newMessageId("alice@example.org"));
    }

    @Test
    void attachmentsMakeAMultipartMixedWithNamedBase64Parts() throws Exception {
        Path binary = dir.resolve("data.bin");
        byte[] content = new byte[3000];
        new SecureRandom().nextBytes(content);
        Files.write(binary, content);
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "line one\nline two\n");
        Attachment a = Attachment.read(binary);
        Attachment b = Attachment.read(text);
        assertThat(a.fileName()).isEqualTo("data.bin");
        assertThat(b.contentType()).isIn("text/plain", Attachment.DEFAULT_TYPE);
        Attachment named = new Attachment("Übersicht 2026.pdf", "application/pdf", "%PDF-1.7".getBytes(StandardCharsets.US_ASCII));

        Draft draft = new Draft(List.of("bob@example.org"), List.of(), "Files", "See attached.", List.of(a, b, named), true, true);
        byte[] bytes = composer.compose("alice@example.org", draft, composer.newMessageId("alice@example.org"), DATE);
        assertCrlfOnly(bytes);
        MimeMessage m = parse(bytes);
        assertThat(m.getContentType()).startsWith("multipart/mixed");
        Multipart mixed = (Multipart) m.getContent();
        assertThat(mixed.getCount()).isEqualTo(4);
        assertThat(mixed.getBodyPart(0).getContent()).isEqualTo("See attached.");
        MimeBodyPart first = (MimeBodyPart) mixed.getBodyPart(1);
        assertThat(first.getFileName()).isEqualTo("data.bin");
        assertThat(first.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(first.getEncoding()).isEqualTo("base64");
        assertThat(first.getInputStream().readAllBytes()).isEqualTo(content);
        assertThat(((MimeBodyPart) mixed.getBodyPart(2)).getInputStream().readAllBytes())
                .isEqualTo("line one\nline two\n".getBytes(StandardCharsets.US_ASCII));
        MimeBodyPart pdf = (MimeBodyPart) mixed.getBodyPart(3);
        assertThat(pdf.getContentType()).startsWith("application/pdf");
        assertThat(jakarta.mail.internet.MimeUtility.decodeText(pdf.getFileName())).isEqualTo("Übersicht 2026.pdf");
    }

    @Test
    void theWrapperHidesTheSubjectAndCarriesTheWholeMessage() throws Exception {
        Draft draft = new Draft(List.of("bob@example.org"), List.of("carol@example.org"), "Secret plans", "Body text", List.of(), true, true);
        String id = composer.newMessageId("alice@example.org");
        byte[] inner = composer.compose("alice@example.org", draft, id, DATE);
        byte[] wrapped = composer.wrap(inner, "alice@example.org", draft, id, DATE);
        assertCrlfOnly(wrapped);
        MimeMessage w = parse(wrapped);
        assertThat(w.getSubject()).isEqualTo(MessageComposer.HIDDEN_SUBJECT);
        assertThat(w.getMessageID()).isEqualTo(id);
        assertThat(w.getSentDate().toInstant()).isEqualTo(DATE);
        assertThat(w.getRecipients(Message.RecipientType.CC)[0].toString()).isEqualTo("carol@example.org");
        assertThat(w.getContentType()).isEqualTo(MessageComposer.WRAPPED_TYPE);
        assertThat(w.getHeader("Content-Transfer-Encoding")).isNull();
        byte[] body = w.getRawInputStream().readAllBytes();
        assertThat(body).isEqualTo(inner);
        // The headers of the wrapper say nothing of the subject.
        String head = new String(Arrays.copyOf(wrapped, wrapped.length - inner.length), StandardCharsets.US_ASCII);
        assertThat(head).doesNotContain("Secret plans");
    }

    @Test
    void aPlainMessageRefersToTheMailItIsAbout() throws Exception {
        byte[] bytes = composer.plain("alice@example.org", "carol@example.org", "Subject", "Text\n", "<abc@example.org>", DATE);
        MimeMessage m = parse(bytes);
        assertThat(m.getHeader("References")).containsExactly("<abc@example.org>");
        assertThat(m.getMessageID()).endsWith("@example.org>").isNotEqualTo("<abc@example.org>");
        assertThat(m.getContent()).isEqualTo("Text\r\n");
    }

    @Test
    void draftsRefuseWhatCannotBeSent() {
        assertThatThrownBy(() -> new Draft(List.of(), List.of(), "s", "b", List.of(), true, true))
                .hasMessageContaining("at least one --to");
        assertThatThrownBy(() -> new Draft(List.of("Bob <bob@example.org>"), List.of(), "s", "b", List.of(), true, true))
                .hasMessageContaining("--to: 'Bob <bob@example.org>' is not a mail address");
        assertThatThrownBy(() -> new Draft(List.of("bob@example.org"), List.of("nobody"), "s", "b", List.of(), true, true))
                .hasMessageContaining("--cc: 'nobody'");
        assertThatThrownBy(() -> new Draft(List.of("bob@example.org"), List.of(), "two\r\nBcc: eve@example.org", "b", List.of(), true, true))
                .hasMessageContaining("one line");
        assertThatThrownBy(() -> new Attachment("../x", "text/plain", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        Draft d = new Draft(List.of("bob@example.org", "BOB@example.org"), List.of("bob@Example.org", "carol@example.org"), "s", "b",
                List.of(), true, true);
        assertThat(d.recipients()).containsExactly("bob@example.org", "carol@example.org");
    }
}
