package org.sealpost.core.mime;

import java.io.IOException;
import java.util.List;
import org.sealpost.core.MalformedMessageException;

/**
 * Finds a body part of a multipart entity by its IMAP section number (RFC 3501 section 6.4.5):
 * "1" is the first part, "2.1" the first part of the second part. The part is a slice of the
 * source, byte for byte and headers included, so that a signature over it can still be checked.
 */
public final class BodyParts {
    private static final int MAX_DEPTH = 16;

    private BodyParts() {
    }

    /**
     * The part of {@code entity} at {@code section}.
     *
     * @throws MalformedMessageException when there is no such part
     */
    public static MessageSource part(Entity entity, String section) throws MalformedMessageException, IOException {
        String[] numbers = section.split("\\.", -1);
        if (numbers.length > MAX_DEPTH) {
            throw new MalformedMessageException("the part number " + section + " is nested too deeply");
        }
        Entity current = entity;
        MessageSource source = entity.source();
        for (String n : numbers) {
            int index = parseIndex(n, section);
            if (!current.baseType().startsWith("multipart/")) {
                throw new MalformedMessageException("there is no part " + section + ": a " + current.baseType()
                        + " entity has no parts");
            }
            List<MessageSource> parts = Multipart.parts(current);
            if (parts.size() < index) {
                throw new MalformedMessageException("there is no part " + section + ": the multipart has "
                        + parts.size() + " part(s)");
            }
            source = parts.get(index - 1);
            current = Entity.parsePart(source);
        }
        return source;
    }

    private static int parseIndex(String n, String section) throws MalformedMessageException {
        try {
            int i = Integer.parseInt(n);
            if (i >= 1) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MalformedMessageException("'" + section + "' is not a part number such as 1 or 2.1");
    }
}
