package org.sealpost.vault.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * The SHA-256 of a certificate's DER encoding: what a vault and the key service trust each other by.
 * Written as 64 lower-case hex digits ({@link #hex()}, in vault.properties) or, for people, in the
 * colon-separated upper-case form that {@code openssl x509 -noout -fingerprint -sha256} prints
 * ({@link #toString()}); {@link #parse} reads both.
 */
public record CertificatePin(String hex) {
    private static final HexFormat COLONS = HexFormat.ofDelimiter(":").withUpperCase();

    public CertificatePin {
        Objects.requireNonNull(hex, "hex");
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a certificate pin is a SHA-256: 64 hex digits");
        }
    }

    /** The pin of {@code certificate}. */
    public static CertificatePin of(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return new CertificatePin(HexFormat.of().formatHex(digest));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * Reads a pin as 64 hex digits, with or without colons, in either case, optionally after
     * {@code sha256 Fingerprint=} or {@code SHA256:} as openssl and people write it.
     *
     * @throws IllegalArgumentException when it is not a SHA-256
     */
    public static CertificatePin parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        int equals = s.indexOf('=');
        if (equals >= 0 && s.substring(0, equals).toLowerCase(Locale.ROOT).contains("fingerprint")) {
            s = s.substring(equals + 1);
        } else if (s.regionMatches(true, 0, "sha256:", 0, 7)) {
            s = s.substring(7);
        }
        String digits = s.replace(":", "").toLowerCase(Locale.ROOT);
        if (!digits.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 certificate fingerprint (64 hex digits, colons allowed): "
                    + (text.length() > 120 ? text.substring(0, 120) + "…" : text));
        }
        return new CertificatePin(digits);
    }

    /** Whether {@code certificate} is the pinned one. */
    public boolean matches(X509Certificate certificate) {
        return equals(of(certificate));
    }

    /** {@code AB:CD:…}, as openssl prints a SHA-256 fingerprint. */
    @Override
    public String toString() {
        return COLONS.formatHex(HexFormat.of().parseHex(hex));
    }
}
