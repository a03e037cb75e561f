-- Business API keys of the directory (docs/DIRECTORY.md, "Business API keys"): made by an operator for
-- a system such as the gateway, which looks up addresses and asks for provisional keys with the
-- largest quota. Like admin tokens (V53) the key itself is never stored, only its SHA-256: a key is
-- 256 random bits, so a plain hash cannot be searched and a copy of this table authenticates nobody.
-- Keys are disabled, never deleted, so every audit record keeps a name behind it.
-- Portable between H2 and PostgreSQL.

CREATE TABLE api_key (
    key_id       VARCHAR(22)  NOT NULL PRIMARY KEY,   -- 128 random bits, base64url: the quota bucket, shown by list
    name         VARCHAR(64)  NOT NULL UNIQUE,        -- [a-z0-9._-], chosen by the operator
    org_domain   VARCHAR(255),                        -- the organization it serves (A-label, lower-case), if given
    key_sha256   CHAR(64)     NOT NULL UNIQUE,        -- hex SHA-256 of the key
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   VARCHAR(200) NOT NULL,
    disabled_at  TIMESTAMP WITH TIME ZONE,
    disabled_by  VARCHAR(200),
    last_used_at TIMESTAMP WITH TIME ZONE              -- written at most once a minute per key, not per request
);
