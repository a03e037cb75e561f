-- Admin accounts of the admin API (docs/IDENTITY-LEVELS.md): operators (service-wide) and organization
-- admins (one mail domain). The API token itself is never stored, only its SHA-256: a token is 256
-- random bits, so a plain hash cannot be searched and a copy of this table authenticates nobody.
-- Accounts are disabled, never deleted, so every audited decision keeps a name behind it.
-- Portable between H2 and PostgreSQL.

CREATE TABLE admin_account (
    name         VARCHAR(64)  NOT NULL PRIMARY KEY,   -- [a-z0-9._-], the actor in audit records: admin:<name>
    role         VARCHAR(16)  NOT NULL,
    mail_domain  VARCHAR(255),                        -- the org admin's domain (A-label, lower-case); NULL for operators
    token_sha256 CHAR(64)     NOT NULL UNIQUE,        -- hex SHA-256 of the API token
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   VARCHAR(200) NOT NULL,
    disabled_at  TIMESTAMP WITH TIME ZONE,
    disabled_by  VARCHAR(200),
    CONSTRAINT admin_account_role CHECK (role IN ('operator', 'org-admin')),
    CONSTRAINT admin_account_domain CHECK ((role = 'operator' AND mail_domain IS NULL)
        OR (role = 'org-admin' AND mail_domain IS NOT NULL))
);
