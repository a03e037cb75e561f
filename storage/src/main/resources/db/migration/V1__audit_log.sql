-- The hash-chained audit log (org.sealpost.storage.audit). Valid on H2 2.x and PostgreSQL.
-- Versions are global across modules: storage owns V1 to V9, the CA V10 and up.

-- Append-only records. seq is assigned by the appender under the chain-head lock, never by a
-- sequence, so that numbers have no gaps and a gap means a deleted record.
CREATE TABLE audit_log (
    seq         BIGINT                   NOT NULL PRIMARY KEY,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    actor       VARCHAR(200)             NOT NULL,
    action      VARCHAR(100)             NOT NULL,
    subject     VARCHAR(1000)            NOT NULL,
    details     VARCHAR(1000000)         NOT NULL,
    prev_hash   CHAR(64)                 NOT NULL,
    hash        CHAR(64)                 NOT NULL
);

-- Exactly one row: the last appended record. Appenders lock it (SELECT ... FOR UPDATE), which
-- serializes appends across threads and processes on both databases; verification compares it
-- with the last record, which reveals records deleted from the end.
CREATE TABLE audit_chain_head (
    id   INTEGER  NOT NULL PRIMARY KEY CHECK (id = 1),
    seq  BIGINT   NOT NULL,
    hash CHAR(64) NOT NULL
);

INSERT INTO audit_chain_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
