package org.sealpost.ca.lint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.sealpost.ca.profile.CertificateProfile;

/**
 * A to-be-signed certificate together with what it is checked against.
 *
 * @param tbs         the TBSCertificate exactly as it will be signed
 * @param profile     the profile it claims to follow
 * @param maxValidity the longest validity period allowed for it (the CA policy's lifetime for the profile)
 * @param cabfStrict  whether the 825-day CA/Browser Forum maximum applies
 */
public record LintTarget(TBSCertificate tbs, CertificateProfile profile, Duration maxValidity, boolean cabfStrict) {
    public LintTarget {
        Objects.requireNonNull(tbs, "tbs");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(maxValidity, "maxValidity");
    }

    /** The extension with {@code oid}, if present. */
    public Optional<Extension> extension(ASN1ObjectIdentifier oid) {
        Extensions exts = tbs.getExtensions();
        return exts == null ? Optional.empty() : Optional.ofNullable(exts.getExtension(oid));
    }

    /** The subjectAltName entries, empty when there is no SAN extension. */
    public List<GeneralName> subjectAltNames() {
        return extension(Extension.subjectAlternativeName)
                .map(e -> List.of(GeneralNames.getInstance(e.getParsedValue()).getNames()))
                .orElse(List.of());
    }

    /** Every subject attribute, in encoding order (multi-valued RDNs flattened). */
    public List<AttributeTypeAndValue> subjectAttributes() {
        List<AttributeTypeAndValue> out = new ArrayList<>();
        for (RDN rdn : tbs.getSubject().getRDNs()) {
            out.addAll(List.of(rdn.getTypesAndValues()));
        }
        return out;
    }

    /** String values of subject attributes of type {@code oid}. */
    public List<String> subjectValues(ASN1ObjectIdentifier oid) {
        return subjectAttributes().stream().filter(a -> a.getType().equals(oid))
                .map(a -> text(a.getValue())).toList();
    }

    static String text(ASN1Encodable value) {
        return value instanceof ASN1String s ? s.getString() : value.toString();
    }
}
