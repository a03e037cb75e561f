package org.sealpost.ca.profile;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** Subject distinguished-name attributes that a profile requires or allows. */
public enum SubjectAttribute {
    COMMON_NAME(BCStyle.CN, "commonName"),
    EMAIL_ADDRESS(BCStyle.EmailAddress, "emailAddress"),
    GIVEN_NAME(BCStyle.GIVENNAME, "givenName"),
    SURNAME(BCStyle.SURNAME, "surname"),
    PSEUDONYM(BCStyle.PSEUDONYM, "pseudonym"),
    TITLE(BCStyle.T, "title"),
    ORGANIZATION(BCStyle.O, "organizationName"),
    ORGANIZATIONAL_UNIT(BCStyle.OU, "organizationalUnitName"),
    LOCALITY(BCStyle.L, "localityName"),
    STATE(BCStyle.ST, "stateOrProvinceName"),
    COUNTRY(BCStyle.C, "countryName"),
    SERIAL_NUMBER(BCStyle.SERIALNUMBER, "serialNumber");

    private final ASN1ObjectIdentifier oid;
    private final String label;

    SubjectAttribute(ASN1ObjectIdentifier oid, String label) {
        this.oid = oid;
        this.label = label;
    }

    /** The attribute type OID. */
    public ASN1ObjectIdentifier oid() {
        return oid;
    }

    /** The X.520 name, as in error messages: {@code givenName}. */
    public String label() {
        return label;
    }

    /** The attribute for an OID, or null when Sealpost does not know it. */
    public static SubjectAttribute of(ASN1ObjectIdentifier oid) {
        for (SubjectAttribute a : values()) {
            if (a.oid.equals(oid)) {
                return a;
            }
        }
        return null;
    }
}
