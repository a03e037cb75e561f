-- Encryption keys made by the key service: the public half and where the shares of the private half
-- are. The private key itself is never stored here, only in k-of-n shares in the vaults.
-- Portable between H2 and PostgreSQL.

CREATE TABLE kms_key (
    key_id      VARCHAR(32)   NOT NULL PRIMARY KEY, -- 128 random bits, base64url without padding (22 chars)
    address     VARCHAR(320)  NOT NULL,             -- look-up form: local part and domain lower-case, A-label domain
    spec        VARCHAR(16)   NOT NULL,             -- KeySpec setting name: rsa-2048, rsa-3072, ec-p256, ec-p384
    public_key  BYTEA         NOT NULL,             -- SubjectPublicKeyInfo DER
    threshold   SMALLINT      NOT NULL,             -- k
    share_count SMALLINT      NOT NULL,             -- n
    vault_ids   VARCHAR(4000) NOT NULL,             -- the vaults holding shares 1..n, comma-separated, in share order
    status      VARCHAR(16)   NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT kms_key_status CHECK (status IN ('pending', 'active', 'retired', 'provisional')),
    CONSTRAINT kms_key_threshold CHECK (threshold >= 2 AND threshold <= share_count AND share_count <= 255)
);

-- An address's key history, newest first.
CREATE INDEX kms_key_address ON kms_key (address, created_at);
-- Clean-up of partial writes: pending keys older than some age.
CREATE INDEX kms_key_status_created ON kms_key (status, created_at);
