package org.sealpost.directory;

import java.util.Objects;
import org.sealpost.ca.profile.MailboxAddress;
import org.sealpost.kms.OwnerAddress;

/**
 * An address as the directory files it. The syntax is the CA's ({@link MailboxAddress#parse}: the
 * rules certificates are issued under, SMTPUTF8 local parts included), the match key is the key
 * service's {@linkplain OwnerAddress#lookupForm look-up form} (domain a lower-case A-label, local part
 * lower-cased), so the directory, the CA's records and the key table all key an address the same way.
 *
 * @param written the address with its local part's case as given and the domain as a lower-case A-label
 * @param key     the match key: {@code Alice@Example.ORG} and {@code alice@example.org} share it
 */
public record DirectoryAddress(String written, String key) {
    /** The longest address (RFC 5321: 64 octets of local part, 255 of domain). */
    public static final int MAX_LENGTH = 320;

    public DirectoryAddress {
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(key, "key");
    }

    /**
     * Parses a bare address ({@code user@domain}, domain in U-labels or A-labels).
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static DirectoryAddress parse(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("the address is missing");
        }
        if (address.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the address is longer than " + MAX_LENGTH + " characters");
        }
        return of(MailboxAddress.parse(address));
    }

    /** The directory's form of an address the CA has already parsed (from a certificate's SAN). */
    public static DirectoryAddress of(MailboxAddress mailbox) {
        String written = mailbox.canonical();
        return new DirectoryAddress(written, OwnerAddress.lookupForm(written));
    }

    @Override
    public String toString() {
        return written;
    }
}
