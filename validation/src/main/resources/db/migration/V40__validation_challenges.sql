-- Mailbox-control challenges (docs/VALIDATION.md). Neither token part is stored: only a verifier,
-- SHA-256 of the expected answer. Portable between H2 and PostgreSQL.

CREATE TABLE validation_challenge (
    challenge_id   VARCHAR(32)  NOT NULL PRIMARY KEY, -- 128 random bits, base64url without padding (22 chars)
    address        VARCHAR(320) NOT NULL,             -- look-up form, as kms_key.address
    client_id      VARCHAR(200) NOT NULL,             -- who asked: IP address or API client, for the rate limit
    key_thumbprint VARCHAR(64)  NOT NULL,             -- RFC 7638 SHA-256 thumbprint of the account key, base64url
    verifier       BYTEA        NOT NULL,             -- SHA-256 of the decoded expected answer
    status         VARCHAR(16)  NOT NULL,
    wrong_answers  SMALLINT     NOT NULL,
    issued_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    -- pending: stored, mail not yet handed to the relay, not answerable; open: answerable;
    -- validated: answered (single use); exhausted: too many wrong answers.
    CONSTRAINT validation_challenge_status CHECK (status IN ('pending', 'open', 'validated', 'exhausted'))
);

-- The sliding-window rate limits count an address's and a client's challenges since a time.
CREATE INDEX validation_challenge_address ON validation_challenge (address, issued_at);
CREATE INDEX validation_challenge_client ON validation_challenge (client_id, issued_at);
-- Purging rows past their lifetime and the rate-limit windows.
CREATE INDEX validation_challenge_issued ON validation_challenge (issued_at);

-- One row per rate-limited address or client, locked (SELECT ... FOR UPDATE) while its challenges
-- are counted and a new one is added, so that API nodes issuing at once cannot overrun a limit.
CREATE TABLE validation_rate_lock (
    scope     VARCHAR(16)  NOT NULL, -- 'address' or 'client'
    scope_key VARCHAR(320) NOT NULL,
    PRIMARY KEY (scope, scope_key),
    CONSTRAINT validation_rate_lock_scope CHECK (scope IN ('address', 'client'))
);
