-- Identity requests name the device (not only its certificate), so that a V2-V4 certificate is
-- renewed for the device's current key after the device renewed its own (V1) certificate
-- (docs/IDENTITY-LEVELS.md, "Renewal"). Portable between H2 and PostgreSQL.
ALTER TABLE identity_request ADD COLUMN device_id VARCHAR(32);

-- Requests of devices that still hold the certificate they asked with; older ones stay NULL and
-- cannot be renewed (the device asks again).
UPDATE identity_request SET device_id = (SELECT d.device_id FROM device d WHERE d.signing_serial = identity_request.device_serial);

CREATE INDEX identity_request_device ON identity_request (device_id, level, created_at);
