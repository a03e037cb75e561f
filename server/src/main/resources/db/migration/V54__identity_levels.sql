-- Identity levels V2-V4 (docs/IDENTITY-LEVELS.md): requests from devices, organizations with their
-- domain-control validations, and the org admins' vouchers for employees. Portable between H2 and PostgreSQL.

-- One row per request for a V2, V3 or V4 signing certificate. The subject attributes are copied in
-- when the request is made (V2: from the device; V3: from the organization; V4: from the voucher),
-- so the certificate says exactly what was reviewed.
CREATE TABLE identity_request (
    request_id     VARCHAR(32)  NOT NULL PRIMARY KEY,  -- 128 random bits, base64url
    address        VARCHAR(320) NOT NULL,              -- look-up form, as the device certificate's SAN
    level          VARCHAR(2)   NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    device_serial  VARCHAR(40)  NOT NULL,              -- the requesting device's certificate, lower-case hex
    device_key     BYTEA        NOT NULL,              -- its SubjectPublicKeyInfo DER: the key to certify
    given_name     VARCHAR(64),
    surname        VARCHAR(64),
    title          VARCHAR(64),
    organization   VARCHAR(64),
    locality       VARCHAR(128),
    state          VARCHAR(128),
    country        CHAR(2),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at     TIMESTAMP WITH TIME ZONE,
    decided_by     VARCHAR(200),
    reason         VARCHAR(500),                       -- why it was rejected
    certificate    BYTEA,                              -- DER of the issued certificate
    CONSTRAINT identity_request_level CHECK (level IN ('V2', 'V3', 'V4')),
    CONSTRAINT identity_request_status CHECK (status IN ('pending', 'approved', 'rejected', 'issued'))
);
CREATE INDEX identity_request_status_created ON identity_request (status, created_at);
CREATE INDEX identity_request_address ON identity_request (address, created_at);

-- One row per mail domain whose org admin submitted the organization's details.
CREATE TABLE identity_org (
    mail_domain    VARCHAR(255) NOT NULL PRIMARY KEY,  -- A-label, lower-case
    organization   VARCHAR(64)  NOT NULL,
    locality       VARCHAR(128),
    state          VARCHAR(128),
    country        CHAR(2)      NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    validated_at   TIMESTAMP WITH TIME ZONE,           -- domain control proven; NULL until then
    validated_how  VARCHAR(320),                       -- 'mail:postmaster@example.org' or 'dns:_sealpost-challenge.example.org'
    submitted_by   VARCHAR(200) NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at     TIMESTAMP WITH TIME ZONE,
    decided_by     VARCHAR(200),
    reason         VARCHAR(500),
    -- pending: waits for domain control and the operator; approved: V3/V4 certificates are issued; rejected.
    CONSTRAINT identity_org_status CHECK (status IN ('pending', 'approved', 'rejected'))
);

-- Domain-control validations started by an org admin. Mail: the challenge of validation_challenge
-- (its account key is made per validation; only its public half is kept). DNS: the TXT value expected.
CREATE TABLE identity_domain_validation (
    validation_id  VARCHAR(32)  NOT NULL PRIMARY KEY,  -- 128 random bits, base64url
    mail_domain    VARCHAR(255) NOT NULL,
    method         VARCHAR(8)   NOT NULL,
    target         VARCHAR(320) NOT NULL,              -- the mailbox mailed, or the TXT record's name
    challenge_id   VARCHAR(32),                        -- mail: the validation_challenge id
    account_key    BYTEA,                              -- mail: SubjectPublicKeyInfo DER of the account key
    expected_txt   VARCHAR(64),                        -- dns: the TXT value, base64url SHA-256 of the key authorization
    status         VARCHAR(16)  NOT NULL,
    started_by     VARCHAR(200) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT identity_domain_validation_method CHECK (method IN ('mail', 'dns')),
    CONSTRAINT identity_domain_validation_status CHECK (status IN ('open', 'validated'))
);
CREATE INDEX identity_domain_validation_domain ON identity_domain_validation (mail_domain, created_at);

-- An org admin's word that the person at this address has this name and title. Withdrawing deletes
-- the row (the audit log keeps the history).
CREATE TABLE identity_voucher (
    address        VARCHAR(320) NOT NULL PRIMARY KEY,  -- look-up form
    mail_domain    VARCHAR(255) NOT NULL,
    given_name     VARCHAR(64)  NOT NULL,
    surname        VARCHAR(64)  NOT NULL,
    title          VARCHAR(64)  NOT NULL,
    vouched_by     VARCHAR(200) NOT NULL,
    vouched_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX identity_voucher_domain ON identity_voucher (mail_domain);
