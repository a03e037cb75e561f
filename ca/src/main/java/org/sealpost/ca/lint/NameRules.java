package org.sealpost.ca.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.OtherName;
import org.sealpost.ca.profile.MailboxAddress;
import org.sealpost.ca.profile.SubjectAttribute;

/** Subject and subjectAltName rules (SBR 7.1.2.3 h, 7.1.4.2; RFC 8398). */
public final class NameRules {
    private NameRules() {
    }

    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());

    public static final LintRule SAN_MAILBOX_PRESENT = new LintRule("e_san_mailbox_present",
            "an S/MIME certificate has a subjectAltName with at least one mailbox address (SBR 7.1.2.3 h)", t -> {
                if (!t.profile().mailboxRequired()) {
                    return Optional.empty();
                }
                return mailboxes(t).isEmpty() ? Optional.of("no mailbox address in subjectAltName") : Optional.empty();
            });

    public static final LintRule SAN_ONLY_MAILBOXES = new LintRule("e_san_only_mailbox_names",
            "subjectAltName holds only rfc822Name and otherName id-on-SmtpUTF8Mailbox entries (SBR 7.1.2.3 h)", t -> {
                List<String> bad = new ArrayList<>();
                for (GeneralName n : t.subjectAltNames()) {
                    boolean ok = n.getTagNo() == GeneralName.rfc822Name
                            || n.getTagNo() == GeneralName.otherName
                            && OtherName.getInstance(n.getName()).getTypeID().equals(MailboxAddress.SMTP_UTF8_MAILBOX);
                    if (!ok) {
                        bad.add(n.toString());
                    }
                }
                return bad.isEmpty() ? Optional.empty() : Optional.of("subjectAltName entries other than mailboxes: " + bad);
            });

    public static final LintRule RFC822_NAME_VALID = new LintRule("e_rfc822_name_ascii_a_label",
            "every rfc822Name is an ASCII mailbox with an A-label (IDNA) domain (RFC 8398 section 3)", t -> {
                for (GeneralName n : t.subjectAltNames()) {
                    if (n.getTagNo() != GeneralName.rfc822Name) {
                        continue;
                    }
                    String value = ((ASN1String) n.getName()).getString();
                    Optional<MailboxAddress> m = MailboxAddress.from(n);
                    if (m.isEmpty() || !m.get().asciiLocalPart()
                            || !value.substring(value.lastIndexOf('@') + 1).equalsIgnoreCase(m.get().asciiDomain())) {
                        return Optional.of("rfc822Name '" + value + "' is not an ASCII mailbox with an A-label domain");
                    }
                }
                return Optional.empty();
            });

    public static final LintRule SMTPUTF8_ONLY_NON_ASCII = new LintRule("e_smtputf8_mailbox_only_non_ascii_local_part",
            "id-on-SmtpUTF8Mailbox is used only for a non-ASCII local part, as a UTF8String (RFC 8398 section 3)", t -> {
                for (GeneralName n : t.subjectAltNames()) {
                    if (n.getTagNo() != GeneralName.otherName) {
                        continue;
                    }
                    OtherName other = OtherName.getInstance(n.getName());
                    if (!other.getTypeID().equals(MailboxAddress.SMTP_UTF8_MAILBOX)) {
                        continue;
                    }
                    if (!(other.getValue() instanceof DERUTF8String)) {
                        return Optional.of("SmtpUTF8Mailbox value is not a UTF8String");
                    }
                    Optional<MailboxAddress> m = MailboxAddress.from(n);
                    if (m.isEmpty()) {
                        return Optional.of("SmtpUTF8Mailbox '" + ((DERUTF8String) other.getValue()).getString() + "' is not a mailbox");
                    }
                    if (m.get().asciiLocalPart()) {
                        return Optional.of("SmtpUTF8Mailbox used for " + m.get() + ", whose local part is ASCII: use rfc822Name");
                    }
                }
                return Optional.empty();
            });

    public static final LintRule SUBJECT_EMAIL_IN_SAN = new LintRule("e_subject_email_in_san",
            "every address in subject emailAddress or commonName also appears in subjectAltName (SBR 7.1.4.2.2)", t -> {
                Set<String> san = mailboxes(t).stream().map(MailboxAddress::canonical).collect(Collectors.toSet());
                List<String> missing = new ArrayList<>();
                List<String> candidates = new ArrayList<>(t.subjectValues(BCStyle.EmailAddress));
                t.subjectValues(BCStyle.CN).stream().filter(v -> v.contains("@")).forEach(candidates::add);
                for (String v : candidates) {
                    String key;
                    try {
                        key = MailboxAddress.parse(v).canonical();
                    } catch (IllegalArgumentException e) {
                        key = null;
                    }
                    if (key == null || !san.contains(key)) {
                        missing.add(v);
                    }
                }
                return missing.isEmpty() ? Optional.empty() : Optional.of("subject addresses missing from subjectAltName: " + missing);
            });

    public static final LintRule SUBJECT_REQUIRED_ATTRIBUTES = new LintRule("e_subject_required_attributes",
            "the subject holds every attribute the profile's validation level requires (SBR 7.1.4.2.2)", t -> {
                List<String> missing = t.profile().requiredSubject().stream()
                        .filter(a -> t.subjectValues(a.oid()).stream().noneMatch(v -> !v.isBlank()))
                        .map(SubjectAttribute::label).sorted().toList();
                return missing.isEmpty() ? Optional.empty()
                        : Optional.of("profile " + t.profile().name() + " requires subject " + String.join(", ", missing));
            });

    public static final LintRule SUBJECT_ATTRIBUTES_ALLOWED = new LintRule("e_subject_attributes_allowed",
            "the subject holds only attributes the profile allows, none empty (SBR 7.1.4.2.2 strict)", t -> {
                List<String> bad = new ArrayList<>();
                for (AttributeTypeAndValue a : t.subjectAttributes()) {
                    SubjectAttribute known = SubjectAttribute.of(a.getType());
                    if (known == null || !t.profile().allowedSubject().contains(known)) {
                        bad.add(known == null ? a.getType().getId() : known.label());
                    } else if (LintTarget.text(a.getValue()).isBlank()) {
                        bad.add(known.label() + " (empty)");
                    }
                }
                return bad.isEmpty() ? Optional.empty()
                        : Optional.of("subject attributes not allowed in profile " + t.profile().name() + ": " + bad);
            });

    public static final LintRule COUNTRY_ISO_3166 = new LintRule("e_subject_country_iso3166",
            "countryName is an ISO 3166-1 two-letter code (SBR 7.1.4.2.2 n)", t -> {
                List<String> bad = t.subjectValues(BCStyle.C).stream().filter(c -> !ISO_COUNTRIES.contains(c)).toList();
                return bad.isEmpty() ? Optional.empty() : Optional.of("countryName " + bad + " is not an ISO 3166-1 alpha-2 code");
            });

    /** Every rule of this group. */
    public static List<LintRule> all() {
        return List.of(SAN_MAILBOX_PRESENT, SAN_ONLY_MAILBOXES, RFC822_NAME_VALID, SMTPUTF8_ONLY_NON_ASCII,
                SUBJECT_EMAIL_IN_SAN, SUBJECT_REQUIRED_ATTRIBUTES, SUBJECT_ATTRIBUTES_ALLOWED, COUNTRY_ISO_3166);
    }

    private static List<MailboxAddress> mailboxes(LintTarget t) {
        return t.subjectAltNames().stream().map(MailboxAddress::from).flatMap(Optional::stream).toList();
    }
}
