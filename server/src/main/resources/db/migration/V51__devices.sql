-- Enrolled devices (docs/ENROLLMENT.md) and the link between an address's encryption key and its
-- encryption certificate. Portable between H2 and PostgreSQL.

CREATE TABLE device (
    device_id          VARCHAR(32)  NOT NULL PRIMARY KEY, -- 128 random bits, base64url without padding
    address            VARCHAR(320) NOT NULL,             -- look-up form, as the CA and the key service store it
    name               VARCHAR(64)  NOT NULL,             -- chosen by the device's user, for the device list
    signing_serial     VARCHAR(40)  NOT NULL UNIQUE,      -- the device's signing certificate, lower-case hex
    level              VARCHAR(4)   NOT NULL,             -- V1 .. V4
    enrolled_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at         TIMESTAMP WITH TIME ZONE,          -- null while the device may act
    CONSTRAINT device_level CHECK (level IN ('V1', 'V2', 'V3', 'V4'))
);

CREATE INDEX device_address ON device (address, enrolled_at);

-- One encryption certificate per key: every device of an address gets the same one. Replaced only
-- when it is revoked or about to expire.
CREATE TABLE encryption_certificate (
    key_id             VARCHAR(32)  NOT NULL PRIMARY KEY, -- kms_key.key_id
    certificate_serial VARCHAR(40)  NOT NULL UNIQUE,      -- the CA's record, lower-case hex
    linked_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
