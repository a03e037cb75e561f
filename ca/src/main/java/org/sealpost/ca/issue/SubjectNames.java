package org.sealpost.ca.issue;

import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.sealpost.ca.profile.CertificateProfile;
import org.sealpost.ca.profile.MailboxAddress;
import org.sealpost.ca.profile.SubjectAttribute;

/** Builds the subject name from validated attributes and the profile's commonName rule. */
final class SubjectNames {
    private SubjectNames() {
    }

    /** Encoding order: from the widest (country) to the narrowest (commonName), as X.501 readers expect. */
    private static final List<SubjectAttribute> ORDER = List.of(SubjectAttribute.COUNTRY, SubjectAttribute.STATE,
            SubjectAttribute.LOCALITY, SubjectAttribute.ORGANIZATION, SubjectAttribute.ORGANIZATIONAL_UNIT,
            SubjectAttribute.TITLE, SubjectAttribute.SURNAME, SubjectAttribute.GIVEN_NAME, SubjectAttribute.PSEUDONYM,
            SubjectAttribute.SERIAL_NUMBER, SubjectAttribute.COMMON_NAME, SubjectAttribute.EMAIL_ADDRESS);

    static X500Name build(CertificateProfile profile, SubjectAttributes attrs, List<MailboxAddress> mailboxes) {
        SubjectAttributes all = attrs;
        if (all.get(SubjectAttribute.COMMON_NAME).isEmpty()) {
            String cn = switch (profile.commonName()) {
                case MAILBOX -> mailboxes.isEmpty() ? null : mailboxes.get(0).toString();
                case PERSONAL_NAME -> attrs.get(SubjectAttribute.PSEUDONYM).orElseGet(() ->
                        (attrs.get(SubjectAttribute.GIVEN_NAME).orElse("") + " "
                                + attrs.get(SubjectAttribute.SURNAME).orElse("")).strip());
                case ORGANIZATION -> attrs.get(SubjectAttribute.ORGANIZATION).orElse(null);
                case REQUEST_ONLY -> null;
            };
            // ub-common-name is 64 characters (RFC 5280 appendix A); a longer address stays in the SAN only.
            if (cn != null && !cn.isBlank() && cn.length() <= 64) {
                all = all.with(SubjectAttribute.COMMON_NAME, cn);
            }
        }
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        for (SubjectAttribute a : ORDER) {
            SubjectAttributes finalAll = all;
            finalAll.get(a).ifPresent(v -> b.addRDN(a.oid(), v));
        }
        return b.build();
    }
}
