package org.sealpost.client.manage;

import java.math.BigInteger;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.core.keys.Names;

/**
 * One certificate of the admin view.
 *
 * @param kind        what the certificate is for
 * @param level       V1-V4, Vp, or empty when it states no identity (the TSA's)
 * @param certificate the certificate itself
 * @param current     the one in use now (the newest of its kind and level); false for history
 * @param device      the device whose key it certifies (signing and V2-V4 identity certificates)
 */
public record CertificateEntry(Kind kind, Optional<String> level, X509Certificate certificate, boolean current, Optional<String> device) {
    /** What a certificate is for. */
    public enum Kind {
        /** The address's encryption certificate (the same on every device). */
        ENCRYPTION,
        /** The device's own V1 signing certificate, its credential for the service. */
        SIGNING,
        /** A V2-V4 certificate for the device key, or another CA's (Vp). */
        IDENTITY,
        /** The service's timestamp authority. */
        TIMESTAMP;

        /** The lower-case name used in output. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CertificateEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(device, "device");
    }

    public BigInteger serialNumber() {
        return certificate.getSerialNumber();
    }

    public Instant notBefore() {
        return certificate.getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /** The subject as people read it ({@code E=alice@example.org, CN=...}). */
    public String subject() {
        return Names.display(certificate.getSubjectX500Principal());
    }

    /** The rfc822Name entries of the subject alternative name. */
    public List<String> addresses() {
        List<String> out = new ArrayList<>();
        try {
            var names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (name.size() == 2 && Integer.valueOf(1).equals(name.get(0))) {
                        out.add(String.valueOf(name.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // An unreadable SAN names no address.
        }
        return List.copyOf(out);
    }
}
