-- Certificates issued by the Sealpost CA, their revocation state, and the CRLs generated from it.
-- Portable between H2 and PostgreSQL: BYTEA and TIMESTAMP WITH TIME ZONE exist in both.

CREATE TABLE ca_certificate (
    serial            VARCHAR(40)  NOT NULL PRIMARY KEY, -- lower-case hex, no leading zeros
    issuer            VARCHAR(32)  NOT NULL,             -- CA name: 'issuing' or 'root'
    profile           VARCHAR(32)  NOT NULL,
    subject           VARCHAR(2048) NOT NULL,            -- RFC 4514 string of the subject DN
    not_before        TIMESTAMP WITH TIME ZONE NOT NULL,
    not_after         TIMESTAMP WITH TIME ZONE NOT NULL,
    issued_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    der               BYTEA        NOT NULL,
    revoked_at        TIMESTAMP WITH TIME ZONE,
    revocation_reason VARCHAR(32),
    CONSTRAINT ca_certificate_revocation_complete
        CHECK ((revoked_at IS NULL AND revocation_reason IS NULL)
            OR (revoked_at IS NOT NULL AND revocation_reason IS NOT NULL))
);

-- The CRL lists the unexpired revoked certificates of one issuer.
CREATE INDEX ca_certificate_revoked ON ca_certificate (issuer, revoked_at);

-- Addresses named in a certificate's SAN, normalized (domain lower-case A-label, local part lower-case)
-- for look-ups; the certificate itself keeps the address as written.
CREATE TABLE ca_certificate_address (
    serial  VARCHAR(40)  NOT NULL REFERENCES ca_certificate (serial),
    address VARCHAR(320) NOT NULL,
    PRIMARY KEY (serial, address)
);
CREATE INDEX ca_certificate_address_lookup ON ca_certificate_address (address);

CREATE TABLE ca_crl (
    issuer      VARCHAR(32) NOT NULL,
    crl_number  BIGINT      NOT NULL,
    this_update TIMESTAMP WITH TIME ZONE NOT NULL,
    next_update TIMESTAMP WITH TIME ZONE NOT NULL,
    der         BYTEA       NOT NULL,
    PRIMARY KEY (issuer, crl_number)
);
