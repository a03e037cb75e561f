package org.sealpost.ca.profile;

/** Where the subject commonName comes from when the request does not give one (SBR 7.1.4.2.2 a). */
public enum CommonNameSource {
    /** The first mailbox address (mailbox-validated). */
    MAILBOX,
    /** givenName and surname, or the pseudonym (individual- and sponsor-validated). */
    PERSONAL_NAME,
    /** organizationName (organization-validated). */
    ORGANIZATION,
    /** Only what the request names explicitly (timestamping). */
    REQUEST_ONLY
}
