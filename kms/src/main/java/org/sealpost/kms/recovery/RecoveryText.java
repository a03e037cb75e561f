package org.sealpost.kms.recovery;

import java.util.regex.Pattern;
import org.sealpost.kms.OwnerAddress;

/**
 * Checks the text that goes into signed statements, records and the audit trail: one line of
 * visible text. Control characters (a line feed would let a field forge another line of the
 * statement), invisible formatting characters (bidirectional overrides could make a statement
 * read differently from what is signed), line and paragraph separators, unpaired surrogates,
 * private-use and unassigned code points are refused. Stateless.
 */
final class RecoveryText {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private RecoveryText() {
    }

    /**
     * {@code value} stripped of surrounding white space.
     *
     * @param what      the field, for the message ("the reason")
     * @param maxLength the most UTF-16 units allowed
     * @throws IllegalArgumentException when it is missing, blank, too long or holds a refused character
     */
    static String line(String value, String what, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is missing");
        }
        String stripped = value.strip();
        if (stripped.length() > maxLength) {
            throw new IllegalArgumentException(what + " is longer than " + maxLength + " characters");
        }
        for (int i = 0; i < stripped.length(); ) {
            int cp = stripped.codePointAt(i);
            if (refused(cp)) {
                throw new IllegalArgumentException(what + " must be one line of visible text; it holds U+"
                        + String.format("%04X", cp) + " at position " + i);
            }
            i += Character.charCount(cp);
        }
        return stripped;
    }

    /** A mail domain in look-up form, one line of visible text (IDN conversion alone lets control characters through). */
    static String domain(String value) {
        return OwnerAddress.domainForm(line(value, "the mail domain", 253));
    }

    /** A mail address in look-up form, one line of visible text. */
    static String address(String value) {
        return OwnerAddress.lookupForm(line(value, "the address", 320));
    }

    /**
     * {@code value} if it has the form of a request or officer id (base64url, 1 to 32 characters).
     *
     * @throws IllegalArgumentException otherwise, without repeating the value
     */
    static String id(String value, String what) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new IllegalArgumentException("not " + what + ": ids are 1 to 32 characters of A-Z a-z 0-9 _ -");
        }
        return value;
    }

    private static boolean refused(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SURROGATE,
                 Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }
}
