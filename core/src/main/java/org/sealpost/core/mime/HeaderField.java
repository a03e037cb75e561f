package org.sealpost.core.mime;

import java.util.Locale;

/**
 * One header field as it appeared in the message: its name and its raw text (folded lines joined
 * by CRLF, bytes kept as ISO-8859-1 chars so that 8-bit headers pass through unchanged).
 */
public record HeaderField(String name, String raw) {

    /** The value after the colon, unfolded and trimmed. */
    public String value() {
        int colon = raw.indexOf(':');
        return raw.substring(colon + 1).replaceAll("\r?\n[ \t]", " ").trim();
    }

    /** Whether this field describes content (Content-*) and so travels inside a signed or encrypted entity. */
    public boolean isContentField() {
        return name.toLowerCase(Locale.ROOT).startsWith("content-");
    }

    public boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }

    /** A field built from a name and an (already folded, if long) value. */
    public static HeaderField of(String name, String value) {
        return new HeaderField(name, name + ": " + value);
    }
}
