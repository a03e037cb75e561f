-- Device tokens already accepted (docs/DEVICE-AUTH.md): the primary key makes "insert if absent" the
-- atomic replay check, so two API nodes on one database cannot both accept one token. A row is kept
-- until its token can no longer pass the time check anywhere, then purged. Portable between H2 and PostgreSQL.

CREATE TABLE device_token_use (
    certificate_serial VARCHAR(40) NOT NULL,              -- the device certificate's serial, lower-case hex
    jti                VARCHAR(64) NOT NULL,              -- the token's jti, as sent (base64url)
    expires_at         TIMESTAMP WITH TIME ZONE NOT NULL, -- exp + the clock skew allowance
    PRIMARY KEY (certificate_serial, jti)
);

CREATE INDEX device_token_use_expiry ON device_token_use (expires_at);
