-- Legal-hold recovery (org.sealpost.kms.recovery): per mail domain, recovery officers with their
-- public keys, the number of officer approvals a recovery needs, recovery requests and the
-- officers' signed decisions. No private key is ever stored here. Portable between H2 and PostgreSQL.

-- One row per mail domain that has (or had) officers or a policy. It is also the lock that
-- serialises changes to the domain's officers and policy.
CREATE TABLE kms_recovery_policy (
    mail_domain         VARCHAR(255) NOT NULL PRIMARY KEY, -- A-label, lower-case (OwnerAddress.domainForm)
    required_approvals  SMALLINT,                          -- m; NULL: recovery is not available for the domain
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by          VARCHAR(200) NOT NULL,
    CONSTRAINT kms_recovery_policy_m CHECK (required_approvals IS NULL OR (required_approvals >= 2 AND required_approvals <= 255))
);

-- Officers are never deleted: a removed officer keeps its row (removed_at set), so that every
-- approval it ever gave can still be checked against the key it was made with.
CREATE TABLE kms_recovery_officer (
    officer_id   VARCHAR(32)   NOT NULL PRIMARY KEY,  -- 128 random bits, base64url
    mail_domain  VARCHAR(255)  NOT NULL REFERENCES kms_recovery_policy (mail_domain),
    name         VARCHAR(200)  NOT NULL,
    public_key   BYTEA         NOT NULL,              -- SubjectPublicKeyInfo DER: RSA >= 2048 bits, EC P-256 or P-384
    key_sha256   CHAR(64)      NOT NULL,              -- SHA-256 of public_key, hex: the key's fingerprint
    added_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    added_by     VARCHAR(200)  NOT NULL,
    removed_at   TIMESTAMP WITH TIME ZONE,
    removed_by   VARCHAR(200)
);
CREATE INDEX kms_recovery_officer_domain ON kms_recovery_officer (mail_domain, added_at);

CREATE TABLE kms_recovery_request (
    request_id          VARCHAR(32)   NOT NULL PRIMARY KEY, -- 128 random bits, base64url
    address             VARCHAR(320)  NOT NULL,             -- look-up form, as kms_key.address
    mail_domain         VARCHAR(255)  NOT NULL REFERENCES kms_recovery_policy (mail_domain),
    transport_key       BYTEA         NOT NULL,             -- SubjectPublicKeyInfo DER the keys are wrapped to
    reason              VARCHAR(1000) NOT NULL,
    requested_by        VARCHAR(200)  NOT NULL,
    required_approvals  SMALLINT      NOT NULL,             -- m when opened; a later, higher m applies too
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,  -- whole seconds: as in the signed statement
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL,  -- whole seconds
    state               VARCHAR(16)   NOT NULL,
    closed_at           TIMESTAMP WITH TIME ZONE,
    closed_by           VARCHAR(200),
    CONSTRAINT kms_recovery_request_state CHECK (state IN ('open', 'released', 'cancelled', 'denied'))
);
CREATE INDEX kms_recovery_request_domain ON kms_recovery_request (mail_domain, created_at);

-- One decision per officer and request, kept with its signature so that it can be checked again.
CREATE TABLE kms_recovery_decision (
    request_id   VARCHAR(32)  NOT NULL REFERENCES kms_recovery_request (request_id),
    officer_id   VARCHAR(32)  NOT NULL REFERENCES kms_recovery_officer (officer_id),
    decision     VARCHAR(8)   NOT NULL,
    signature    BYTEA        NOT NULL,                    -- over the canonical statement (docs/KMS.md)
    decided_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (request_id, officer_id),
    CONSTRAINT kms_recovery_decision_kind CHECK (decision IN ('approve', 'deny'))
);
