package org.sealpost.core.interop;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts between S/MIME messages and the raw CMS that gpgsm reads and writes. Deliberately
 * simple and independent of the engine's MIME code, so that a bug there cannot hide here.
 */
final class CmsMime {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";\\r\\n]+)\"?", Pattern.CASE_INSENSITIVE);
    private static final String CRLF = "\r\n";

    private CmsMime() {
    }

    /** An RFC 5322 message whose body is the given CMS as application/pkcs7-mime. */
    static byte[] pkcs7Mime(String from, String to, String smimeType, byte[] der) {
        return (envelope(from, to)
                + "Content-Type: application/pkcs7-mime; smime-type=" + smimeType + "; name=smime.p7m" + CRLF
                + "Content-Transfer-Encoding: base64" + CRLF
                + "Content-Disposition: attachment; filename=smime.p7m" + CRLF
                + CRLF
                + base64(der)).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A MIME entity (no envelope fields) whose body is the given CMS, for nesting inside another layer. */
    static byte[] pkcs7MimeEntity(String smimeType, byte[] der) {
        return ("Content-Type: application/pkcs7-mime; smime-type=" + smimeType + "; name=smime.p7m" + CRLF
                + "Content-Transfer-Encoding: base64" + CRLF
                + CRLF
                + base64(der)).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** An RFC 5322 multipart/signed message from the exact bytes that were signed and a detached signature. */
    static byte[] multipartSigned(String from, String to, byte[] signedEntity, byte[] signatureDer) {
        String boundary = "----=_interop_boundary_7f3a";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((envelope(from, to)
                + "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256;" + CRLF
                + "\tboundary=\"" + boundary + "\"" + CRLF
                + CRLF
                + "This is an S/MIME signed message" + CRLF
                + "--" + boundary + CRLF).getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(signedEntity);
        out.writeBytes((CRLF + "--" + boundary + CRLF
                + "Content-Type: application/pkcs7-signature; name=smime.p7s" + CRLF
                + "Content-Transfer-Encoding: base64" + CRLF
                + CRLF
                + base64(signatureDer)
                + "--" + boundary + "--" + CRLF).getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** The CMS in the base64 body of a single-part message or entity: CRs and line breaks stripped, then decoded. */
    static byte[] cmsBody(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        String body = text.substring(bodyStart(text));
        return Base64.getDecoder().decode(body.replaceAll("[\\r\\n\\t ]", ""));
    }

    /** The two parts of a multipart/signed message, as needed by {@code gpgsm --verify SIG DATA}. */
    record Detached(byte[] signedEntity, byte[] signature) {
    }

    /** Splits a CRLF multipart/signed message into the exact signed bytes and the decoded signature. */
    static Detached detachedParts(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int bodyStart = bodyStart(text);
        Matcher m = BOUNDARY.matcher(text.substring(0, bodyStart));
        if (!m.find()) {
            throw new AssertionError("no multipart boundary in:\n" + text.substring(0, bodyStart));
        }
        String delimiter = CRLF + "--" + m.group(1);
        int first = text.indexOf(delimiter.substring(2) + CRLF, bodyStart);
        if (first < 0 || (first != bodyStart && !text.startsWith(CRLF, first - 2))) {
            throw new AssertionError("no first boundary line");
        }
        int signedStart = first + delimiter.length();
        int signedEnd = text.indexOf(delimiter + CRLF, signedStart);
        int closing = text.indexOf(delimiter + "--", signedEnd + 1);
        String signed = text.substring(signedStart, signedEnd);
        String signaturePart = text.substring(signedEnd + delimiter.length() + CRLF.length(), closing);
        return new Detached(signed.getBytes(StandardCharsets.ISO_8859_1),
                cmsBody(signaturePart.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** DER from gpgsm's --armor output ("-----BEGIN SIGNED OBJECT-----" and the like). */
    static byte[] dearmor(byte[] armored) {
        String text = new String(armored, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN ");
        int end = text.indexOf("-----END ");
        if (begin < 0 || end < 0) {
            throw new AssertionError("not PEM armored:\n" + text);
        }
        String inner = text.substring(text.indexOf('\n', begin) + 1, end);
        return Base64.getDecoder().decode(inner.replaceAll("[\\r\\n\\t ]", ""));
    }

    private static String envelope(String from, String to) {
        return "From: " + from + CRLF
                + "To: " + to + CRLF
                + "Subject: Interop" + CRLF
                + "Date: Mon, 23 Nov 2026 10:00:00 +0000" + CRLF
                + "Message-ID: <interop-1@example.org>" + CRLF
                + "MIME-Version: 1.0" + CRLF;
    }

    private static int bodyStart(String text) {
        int crlf = text.indexOf("\r\n\r\n");
        int lf = text.indexOf("\n\n");
        if (crlf >= 0 && (lf < 0 || crlf < lf)) {
            return crlf + 4;
        }
        if (lf >= 0) {
            return lf + 2;
        }
        throw new AssertionError("no blank line after the header block");
    }

    private static String base64(byte[] der) {
        return Base64.getMimeEncoder(76, CRLF.getBytes(StandardCharsets.US_ASCII)).encodeToString(der) + CRLF;
    }
}
