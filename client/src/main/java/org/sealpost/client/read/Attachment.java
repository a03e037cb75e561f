package org.sealpost.client.read;

import java.util.Objects;

/**
 * A file attached to a message, decoded.
 *
 * @param name        the file name the sender gave (as written, not yet safe as a path), or one made up
 * @param contentType the MIME type, e.g. {@code application/pdf}
 * @param content     the decoded bytes
 */
public record Attachment(String name, String contentType, byte[] content) {
    public Attachment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(contentType, "contentType");
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    public int size() {
        return content.length;
    }

    @Override
    public String toString() {
        return "Attachment[" + name + ", " + contentType + ", " + content.length + " bytes]";
    }
}
