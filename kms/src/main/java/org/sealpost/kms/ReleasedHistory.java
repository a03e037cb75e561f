package org.sealpost.kms;

import java.util.List;
import java.util.Objects;

/**
 * An address's key history rebuilt and wrapped to a transport key: the envelope to hand out and
 * what the audit record of the release says about it. Holds no private key.
 *
 * @param envelope       the DER of the CMS AuthEnvelopedData ({@link ReleasePackage})
 * @param address        the owner, look-up form
 * @param keyIds         the released keys, newest first
 * @param transportKeyId the transport key's SubjectKeyIdentifier, hex
 * @param warnings       what went wrong on the way (a vault holding a wrong share), for the audit record
 */
public record ReleasedHistory(byte[] envelope, String address, List<String> keyIds, String transportKeyId, List<String> warnings) {
    public ReleasedHistory {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(address, "address");
        keyIds = List.copyOf(keyIds);
        Objects.requireNonNull(transportKeyId, "transportKeyId");
        warnings = List.copyOf(warnings);
    }

    /** The details of a release's audit record: {@code keys=<ids newest first> transport=<SKI hex>[ warning=…]}. */
    public String auditDetails() {
        return "keys=" + String.join(",", keyIds) + " transport=" + transportKeyId
                + (warnings.isEmpty() ? "" : " warning=" + String.join("; ", warnings));
    }

    @Override
    public String toString() {
        return "ReleasedHistory[" + address + ", " + auditDetails() + ", " + envelope.length + " bytes]";
    }
}
