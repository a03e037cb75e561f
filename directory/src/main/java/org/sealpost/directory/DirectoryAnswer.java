package org.sealpost.directory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the directory says about one address.
 *
 * @param address      the address as asked, in the directory's written form
 * @param certificates every currently valid, unrevoked encryption certificate, newest first
 * @param provisional  the address's provisional key, when it has one and no certificate
 */
public record DirectoryAnswer(DirectoryAddress address, List<PublishedCertificate> certificates,
        Optional<ProvisionalKey> provisional) {

    public DirectoryAnswer {
        Objects.requireNonNull(address, "address");
        certificates = List.copyOf(certificates);
        Objects.requireNonNull(provisional, "provisional");
    }
}
