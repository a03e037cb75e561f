package org.sealpost.validation;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.sealpost.kms.OwnerAddress;

/**
 * Which addresses can be challenged. The address is brought into the key service's
 * {@linkplain OwnerAddress#lookupForm look-up form} (one normaliser for the whole service), then
 * that form must be a bare mailbox in Jakarta Mail's strict RFC 822 syntax: no display name, no
 * quoted local part, no domain literal, and (for now) no SMTPUTF8 local part.
 */
final class MailboxSyntax {
    /** The longest address (RFC 5321: 64 octets local part, 255 domain). */
    static final int MAX_LENGTH = 320;

    private MailboxSyntax() {
    }

    /**
     * {@code address} in look-up form.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static String lookupForm(String address) {
        if (address != null && address.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the address is longer than " + MAX_LENGTH + " characters");
        }
        String form = OwnerAddress.lookupForm(address);
        try {
            InternetAddress parsed = new InternetAddress(form, true);
            if (parsed.getPersonal() != null || !parsed.getAddress().equals(form)) {
                throw new IllegalArgumentException("give the bare address, without a name or angle brackets");
            }
        } catch (AddressException e) {
            throw new IllegalArgumentException("not a mail address: " + e.getMessage(), e);
        }
        if (form.startsWith("\"") || form.endsWith("]")) {
            throw new IllegalArgumentException("quoted local parts and address literals are not supported");
        }
        // The domain is an A-label by now; a non-ASCII local part would need SMTPUTF8 at every relay.
        if (!form.chars().allMatch(ch -> ch < 0x80)) {
            throw new IllegalArgumentException("addresses with a non-ASCII local part are not supported yet");
        }
        return form;
    }
}
