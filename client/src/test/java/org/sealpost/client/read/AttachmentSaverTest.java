package org.sealpost.client.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachmentSaverTest {
    @TempDir
    Path dir;

    @Test
    void namesLoseDirectoriesControlsAndLeadingDots() {
        assertThat(AttachmentSaver.safeName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(AttachmentSaver.safeName("C:\\Windows\\evil.exe")).isEqualTo("evil.exe");
        assertThat(AttachmentSaver.safeName(".bashrc")).isEqualTo("bashrc");
        assertThat(AttachmentSaver.safeName("a\u0000b\nc\u202Etxt.exe")).isEqualTo("a_b_c_txt.exe");
        assertThat(AttachmentSaver.safeName("what?.txt")).isEqualTo("what_.txt");
        assertThat(AttachmentSaver.safeName("..")).isEqualTo("attachment");
        assertThat(AttachmentSaver.safeName("CON.txt")).isEqualTo("attachment-CON.txt");
        assertThat(AttachmentSaver.safeName("x".repeat(300) + ".pdf")).hasSize(120).endsWith(".pdf");
        assertThat(AttachmentSaver.safeName("Bericht März.pdf")).isEqualTo("Bericht März.pdf");
    }

    @Test
    void savesInsideTheDirectoryAndNeverOverwrites() throws Exception {
        Path target = dir.resolve("in");
        byte[] a = "one".getBytes(StandardCharsets.UTF_8);
        byte[] b = "two".getBytes(StandardCharsets.UTF_8);
        List<Path> saved = new AttachmentSaver(target).save(List.of(new Attachment("../x.txt", "text/plain", a),
                new Attachment("x.txt", "text/plain", b)));
        assertThat(saved).containsExactly(target.toRealPath().resolve("x.txt"), target.toRealPath().resolve("x-1.txt"));
        assertThat(saved.get(0)).hasBinaryContent(a);
        assertThat(saved.get(1)).hasBinaryContent(b);
        assertThat(dir.resolve("x.txt")).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(target);
        }
    }
}
