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
            domain = domainForm(trimmed.substring(at + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid mail domain in '" + address + "': " + e.getMessage(), e);
        }
        return local + "@" + domain;
    }

    /**
     * A mail domain in look-up form: a lower-case A-label ({@code Bücher.Example} →
     * {@code xn--bcher-kva.example}), the form {@link #lookupForm} gives an address's domain.
     *
     * @throws IllegalArgumentException when {@code domain} is missing, blank or not a valid IDN
     */
    public static String domainForm(String domain) {
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("the mail domain is missing");
        }
        return IDN.toASCII(domain.strip(), IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    }

    /** The domain of an address in look-up form ({@code alice@example.org} → {@code example.org}). */
    public static String domainOf(String address) {
        String owner = lookupForm(address);
        return owner.substring(owner.lastIndexOf('@') + 1);
    }
}
