package org.sealpost.kms.recovery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The canonical statement a recovery officer signs to approve or deny a request. UTF-8 text, nine
 * lines, each ended by a line feed (U+000A), no byte-order mark, no other white space than the
 * single space after each colon and inside the values:
 *
 * <pre>
 * sealpost legal-hold recovery statement v1
 * decision: approve
 * request: 3q2-7wP0cFZ1kHX9b2xQeA
 * address: alice@example.org
 * transport-key-sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 * reason: Case 2026-041, court order of 2026-11-30
 * requested-by: admin:carol
 * created: 2026-12-01T10:00:00Z
 * expires: 2026-12-08T10:00:00Z
 * </pre>
 *
 * The first line is a fixed context string, so a signature over a statement can never be taken for
 * a signature over anything else (another protocol, another version). The fields come in this fixed
 * order with these fixed names; none can hold a line feed or any other control character (see
 * {@link RecoveryText}), so every statement has exactly one reading. {@code decision} is
 * {@code approve} or {@code deny}, so an approval cannot be replayed as a denial or the other way
 * round; {@code request} binds it to one request, {@code address} and the transport key's
 * fingerprint (SHA-256 of its SubjectPublicKeyInfo DER, lower-case hex) to what is released and to
 * whom; times are UTC, whole seconds, {@code yyyy-MM-ddTHH:mm:ssZ}. Stateless.
 */
public final class RecoveryStatement {
    /** The first line: what this text is, and its format version. */
    public static final String CONTEXT = "sealpost legal-hold recovery statement v1";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private RecoveryStatement() {
    }

    /** The statement an officer signs to make {@code decision} on {@code request}, as UTF-8 bytes. */
    public static byte[] encode(RecoveryRequest request, Decision decision) {
        String text = CONTEXT + "\n"
                + "decision: " + decision.word() + "\n"
                + "request: " + request.requestId() + "\n"
                + "address: " + request.address() + "\n"
                + "transport-key-sha256: " + request.transportKeySha256() + "\n"
                + "reason: " + request.reason() + "\n"
                + "requested-by: " + request.requestedBy() + "\n"
                + "created: " + time(request.createdAt()) + "\n"
                + "expires: " + time(request.expiresAt()) + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String time(Instant instant) {
        return TIME.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
