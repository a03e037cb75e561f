package org.sealpost.storage.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The hash of an audit record: SHA-256 over a canonical, unambiguous encoding, hex in lower case.
 *
 * <p>The encoding is the ASCII tag {@code sealpost-audit-v1}, then the sequence number as 8 bytes
 * big-endian, then six length-prefixed fields (4-byte big-endian byte count, then UTF-8 bytes):
 * the time as ISO-8601 ({@link Instant#toString()}), actor, action, subject, details and the
 * previous record's hash in hex. Length prefixes keep field boundaries unambiguous ("ab"+"c" and
 * "a"+"bc" hash differently); the tag lets a future format coexist with this one.
 */
public final class ChainHash {
    /** The "previous hash" of the first record: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    private static final byte[] TAG = "sealpost-audit-v1".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    private ChainHash() {
    }

    /** The hash of a record with these fields. */
    public static String of(long seq, Instant time, AuditEvent event, String prevHash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(TAG);
        out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(seq).array());
        field(out, time.toString());
        field(out, event.actor());
        field(out, event.action());
        field(out, event.subject());
        field(out, event.details());
        field(out, prevHash);
        return HEX.formatHex(sha256().digest(out.toByteArray()));
    }

    /** The hash {@code record} should carry given its content and its stored previous hash. */
    public static String of(AuditRecord record) {
        return of(record.seq(), record.time(), record.event(), record.prevHash());
    }

    private static void field(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
