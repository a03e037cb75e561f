-- The enhanced-protection password of an address: only an Argon2id verifier, never the password,
-- plus the wrong-try counters that lock release. Portable between H2 and PostgreSQL.

CREATE TABLE kms_protection (
    address       VARCHAR(320) NOT NULL PRIMARY KEY, -- look-up form, as kms_key.address
    salt          BYTEA        NOT NULL,             -- 16 random bytes
    verifier      BYTEA        NOT NULL,             -- Argon2id output, 32 bytes
    memory_kib    INTEGER      NOT NULL,             -- the Argon2id parameters the verifier was made with,
    iterations    INTEGER      NOT NULL,             -- so that changed settings do not invalidate it
    parallelism   INTEGER      NOT NULL,
    failed_tries  INTEGER      NOT NULL,             -- wrong tries since the last right one
    lockouts      INTEGER      NOT NULL,             -- lock-outs since the last right try: the delay doubles with each
    locked_until  TIMESTAMP WITH TIME ZONE,          -- release refused until then, even with the right password
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
