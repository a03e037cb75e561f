package org.sealpost.client.send;

import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.ParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file attached to a mail.
 *
 * @param fileName    the name the recipient sees (no directory, no control characters)
 * @param contentType its MIME type, e.g. {@code application/pdf}
 * @param content     its bytes
 */
public record Attachment(String fileName, String contentType, byte[] content) {
    /** What an attachment is sent as when its type cannot be told. */
    public static final String DEFAULT_TYPE = "application/octet-stream";

    public Attachment {
        Objects.requireNonNull(fileName, "fileName");
        if (fileName.isBlank() || fileName.chars().anyMatch(Character::isISOControl) || fileName.contains("/") || fileName.contains("\\")) {
            throw new IllegalArgumentException("not a usable attachment name: " + fileName.replaceAll("\\p{Cntrl}", "?"));
        }
        Objects.requireNonNull(contentType, "contentType");
        content = content.clone();
    }

    /** The file's bytes, named by its file name, typed by {@link Files#probeContentType} or else {@link #DEFAULT_TYPE}. */
    public static Attachment read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String name = file.getFileName().toString().replaceAll("\\p{Cntrl}", "_");
        return new Attachment(name, type(file), bytes);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public String toString() {
        return "Attachment[" + fileName + ", " + contentType + ", " + content.length + " bytes]";
    }

    private static String type(Path file) {
        try {
            String probed = Files.probeContentType(file);
            if (probed == null) {
                return DEFAULT_TYPE;
            }
            // Only a plain type/subtype: parameters from a local type database are not ours to send.
            ContentType parsed = new ContentType(probed);
            return parsed.getBaseType();
        } catch (IOException | ParseException e) {
            return DEFAULT_TYPE;
        }
    }
}
