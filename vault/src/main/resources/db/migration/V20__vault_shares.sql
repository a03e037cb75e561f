-- The shares a vault stores. Each is AES-256-GCM ciphertext under the vault's own key-encryption key:
-- sealed = nonce (12 bytes) || ciphertext || tag (16 bytes), with associated data binding it to
-- (vault id, key id), so a row moved to another key id or into another vault's database fails to open.
-- Portable between H2 and PostgreSQL: BYTEA and TIMESTAMP WITH TIME ZONE exist in both.

CREATE TABLE vault_share (
    key_id     VARCHAR(128) NOT NULL PRIMARY KEY,
    kek_type   VARCHAR(16)  NOT NULL,   -- 'file' or 'pkcs11': which kind of KEK sealed it
    sealed     BYTEA        NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
