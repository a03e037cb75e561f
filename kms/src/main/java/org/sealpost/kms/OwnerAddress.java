package org.sealpost.kms;

import java.net.IDN;
import java.util.Locale;

/** The look-up form of a mail address, as the key table stores owners. */
public final class OwnerAddress {
    private OwnerAddress() {
    }

    /**
     * {@code address} with the local part lower-cased and the domain as a lower-case A-label
     * ({@code Jörg@Bücher.Example} → {@code jörg@xn--bcher-kva.example}). Lower-casing the local part
     * is a policy choice: mailbox providers treat it case-insensitively in practice.
     *
     * @throws IllegalArgumentException when there is no single {@code @} with text on both sides
     *                                  or the domain is not a valid IDN
     */
    public static String lookupForm(String address) {
        if (address == null) {
            throw new IllegalArgumentException("the address is missing");
        }
        String trimmed = address.strip();
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || at == trimmed.length() - 1 || trimmed.indexOf('@') != at) {
            throw new IllegalArgumentException("not a mail address: '" + address + "'");
        }
        String local = trimmed.substring(0, at).toLowerCase(Locale.ROOT);
        String domain;
        try {
            domain = IDN.toASCII(trimmed.substring(at + 1), IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid mail domain in '" + address + "': " + e.getMessage(), e);
        }
        return local + "@" + domain;
    }
}
