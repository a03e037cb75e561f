-- Vp: certificates another (publicly trusted) CA issued, imported through an external-CA connector
-- (docs/IDENTITY-LEVELS.md, "Vp"). Only certificates: the private key stays with its holder. The
-- import checked the chain, the address, the key usage and that the importer held the key.
-- Portable between H2 and PostgreSQL.

CREATE TABLE identity_external_certificate (
    sha256       CHAR(64)      NOT NULL PRIMARY KEY, -- hex SHA-256 of the end-entity certificate's DER
    address      VARCHAR(320)  NOT NULL,             -- look-up form
    issuer       VARCHAR(1000) NOT NULL,             -- the issuer's distinguished name, RFC 2253
    serial       VARCHAR(64)   NOT NULL,             -- lower-case hex
    not_after    TIMESTAMP WITH TIME ZONE NOT NULL,
    chain        BYTEA         NOT NULL,             -- the certificate and its chain as a PkiPath (RFC 3279-style ASN.1 SEQUENCE, JDK CertPath)
    imported_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    imported_by  VARCHAR(200)  NOT NULL
);
CREATE INDEX identity_external_certificate_address ON identity_external_certificate (address, not_after);
