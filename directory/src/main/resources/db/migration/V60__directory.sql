-- The public-key directory: encryption certificates by address, and provisional keys of addresses
-- nobody has enrolled yet. Portable between H2 and PostgreSQL.
--
-- Every row is keyed by address_key first: look-ups are exact matches on it, and it is the
-- partitioning key at scale (PostgreSQL: PARTITION BY HASH (address_key), see docs/DIRECTORY.md).
-- PostgreSQL wants the partitioning key in every unique index of a partitioned table, which is why
-- a certificate is unique per (address_key, fingerprint) rather than by fingerprint alone; a
-- certificate naming two addresses has one row under each.

CREATE TABLE directory_certificate (
    address_key  VARCHAR(320) NOT NULL, -- OwnerAddress look-up form: local part lower-cased, domain lower-case A-label
    fingerprint  VARCHAR(64)  NOT NULL, -- SHA-256 of the DER, lower-case hex
    address      VARCHAR(320) NOT NULL, -- as the certificate writes it (local part's case kept), domain A-label
    source       VARCHAR(16)  NOT NULL,
    level        VARCHAR(16)  NOT NULL,
    ca_serial    VARCHAR(40),           -- issued: the serial in ca_certificate, whose revocation hides it at once
    not_before   TIMESTAMP WITH TIME ZONE NOT NULL,
    not_after    TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE, -- harvested: found revoked by the re-check
    issuer_der   BYTEA,                 -- harvested: the certificate that signed it, to check its CA's CRLs with
    published_at TIMESTAMP WITH TIME ZONE NOT NULL,
    checked_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    der          BYTEA        NOT NULL,
    PRIMARY KEY (address_key, fingerprint),
    CONSTRAINT directory_certificate_source CHECK (source IN ('issued', 'harvested')),
    CONSTRAINT directory_certificate_issued_serial CHECK ((source = 'issued') = (ca_serial IS NOT NULL))
);

-- The scheduled re-check walks harvested certificates least recently checked first.
CREATE INDEX directory_certificate_recheck ON directory_certificate (source, checked_at);

-- One provisional key per address, made by the key service (kms_key.status = 'provisional').
CREATE TABLE directory_provisional (
    address_key    VARCHAR(320) NOT NULL PRIMARY KEY,
    key_id         VARCHAR(32)  NOT NULL,   -- kms_key.key_id
    public_key     BYTEA        NOT NULL,   -- SubjectPublicKeyInfo DER
    key_identifier VARCHAR(64)  NOT NULL,   -- RFC 5280 method-1 SubjectKeyIdentifier, lower-case hex
    requested_by   VARCHAR(320) NOT NULL,   -- the sender who asked first (look-up form)
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The clean-up of unclaimed provisional keys.
CREATE INDEX directory_provisional_expiry ON directory_provisional (expires_at);
