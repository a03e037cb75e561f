package org.sealpost.core.smime.sign;

import org.bouncycastle.tsp.TimeStampToken;
import org.sealpost.core.TimestampException;

/** Obtains an RFC 3161 timestamp token over a message imprint. */
public interface TimestampClient {

    /**
     * @param digestOid the hash algorithm of {@code imprint}
     * @param imprint   the hash of the data to timestamp (for S/MIME: of a signature value)
     */
    TimeStampToken timestamp(org.bouncycastle.asn1.ASN1ObjectIdentifier digestOid, byte[] imprint) throws TimestampException;
}
