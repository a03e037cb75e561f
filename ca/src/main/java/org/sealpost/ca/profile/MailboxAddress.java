package org.sealpost.ca.profile;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.OtherName;

/**
 * A mailbox address as it goes into a certificate. RFC 8398: an address whose local part is ASCII is
 * an rfc822Name with the domain in IDNA A-labels; an address with a non-ASCII local part can only be
 * an otherName id-on-SmtpUTF8Mailbox (UTF8String, domain in U-labels).
 *
 * @param localPart     the part before the last {@code @}, as given
 * @param asciiDomain   the domain in A-labels, lower case
 */
public record MailboxAddress(String localPart, String asciiDomain) {
    /** id-on-SmtpUTF8Mailbox, RFC 8398. */
    public static final ASN1ObjectIdentifier SMTP_UTF8_MAILBOX = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.9");

    private static final String FORBIDDEN_IN_LOCAL = "\"(),:;<>@[\\] ";

    public MailboxAddress {
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(asciiDomain, "asciiDomain");
    }

    /**
     * Parses {@code user@domain} (no display name, no quoted local part). The domain may be given in
     * U-labels or A-labels.
     *
     * @throws IllegalArgumentException with a message naming the problem
     */
    public static MailboxAddress parse(String address) {
        String a = address.strip();
        int at = a.lastIndexOf('@');
        if (at <= 0 || at == a.length() - 1) {
            throw new IllegalArgumentException("not a mailbox address (user@domain): " + address);
        }
        String local = a.substring(0, at);
        String domain = a.substring(at + 1);
        if (local.getBytes(StandardCharsets.UTF_8).length > 64) {
            throw new IllegalArgumentException("local part longer than 64 octets: " + address);
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c < 0x21 || c == 0x7f || FORBIDDEN_IN_LOCAL.indexOf(c) >= 0) {
                throw new IllegalArgumentException("unsupported character in the local part of " + address);
            }
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw new IllegalArgumentException("misplaced dot in the local part of " + address);
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid domain in " + address + ": " + e.getMessage(), e);
        }
        if (ascii.isEmpty() || !ascii.contains(".") || ascii.length() > 253) {
            throw new IllegalArgumentException("not a fully qualified domain in " + address);
        }
        // java.net.IDN implements IDNA2003, which maps some names to other domains (straße.de to
        // strasse.de, where IDNA2008 keeps ß). Certifying the mapped domain would bind a name nobody
        // validated, so a domain that does not come back as written is refused.
        String roundTrip = IDN.toUnicode(ascii, IDN.USE_STD3_ASCII_RULES);
        String asWritten = java.text.Normalizer.normalize(domain, java.text.Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        if (!roundTrip.equals(asWritten) && !ascii.equals(asWritten)) {
            throw new IllegalArgumentException("the domain of " + address + " would be certified as " + ascii
                    + " (IDNA2003 mapping); write the domain in that form or in its IDNA2008 A-label");
        }
        return new MailboxAddress(local, ascii);
    }

    /** The address from a SAN entry (rfc822Name or SmtpUTF8Mailbox), empty for any other name or a bad value. */
    public static Optional<MailboxAddress> from(GeneralName name) {
        try {
            if (name.getTagNo() == GeneralName.rfc822Name) {
                return Optional.of(parse(((ASN1String) name.getName()).getString()));
            }
            if (name.getTagNo() == GeneralName.otherName) {
                OtherName other = OtherName.getInstance(name.getName());
                if (other.getTypeID().equals(SMTP_UTF8_MAILBOX) && other.getValue() instanceof DERUTF8String s) {
                    return Optional.of(parse(s.getString()));
                }
            }
        } catch (IllegalArgumentException | ClassCastException e) {
            // not a readable mailbox: the caller treats it as "no mailbox here"
        }
        return Optional.empty();
    }

    /** Whether the local part is plain ASCII, i.e. the address fits an rfc822Name. */
    public boolean asciiLocalPart() {
        return localPart.chars().allMatch(c -> c < 0x80);
    }

    /** The domain in U-labels, as SmtpUTF8Mailbox and people want it. */
    public String unicodeDomain() {
        return IDN.toUnicode(asciiDomain, IDN.USE_STD3_ASCII_RULES);
    }

    /** The SAN entry for this address. */
    public GeneralName generalName() {
        if (asciiLocalPart()) {
            return new GeneralName(GeneralName.rfc822Name, localPart + "@" + asciiDomain);
        }
        return new GeneralName(GeneralName.otherName,
                new OtherName(SMTP_UTF8_MAILBOX, new DERUTF8String(localPart + "@" + unicodeDomain())));
    }

    /**
     * The comparison key: local part as given (RFC 5321 leaves its case to the mailbox owner's server),
     * domain in lower-case A-labels.
     */
    public String canonical() {
        return localPart + "@" + asciiDomain;
    }

    /** The address as a person writes it. */
    @Override
    public String toString() {
        return localPart + "@" + unicodeDomain();
    }
}
