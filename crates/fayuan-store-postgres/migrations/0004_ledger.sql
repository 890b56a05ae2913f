-- The evidence ledger (司法区块链, Rules arts. 10, 21, 23): an RFC 6962 Merkle log. Leaves are
-- appended in the transaction of the business change; the sequencer integrates them into the
-- tree (storing every complete-subtree hash) and publishes signed checkpoints.

-- One row: the index the next leaf takes. Its row lock orders concurrent appends, so every
-- index below a committed `next_index` belongs to a committed leaf.
CREATE TABLE ledger_head (
    id INTEGER PRIMARY KEY,
    next_index BIGINT NOT NULL
);
INSERT INTO ledger_head (id, next_index) VALUES (1, 0);

-- One row: the tree as integrated by the sequencer (kept apart from the head so that
-- integrating never waits for appends). `alg` is fixed by the first checkpoint.
CREATE TABLE ledger_tree (
    id INTEGER PRIMARY KEY,
    alg TEXT NOT NULL,
    size BIGINT NOT NULL,
    compact_range TEXT NOT NULL
);
INSERT INTO ledger_tree (id, alg, size, compact_range) VALUES (1, '', 0, '');

CREATE TABLE ledger_leaves (
    idx BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    entry TEXT NOT NULL,
    leaf_hash TEXT NOT NULL,
    created_at_us BIGINT NOT NULL
);
CREATE INDEX ledger_leaves_content ON ledger_leaves (content_sha256);
CREATE INDEX ledger_leaves_hash ON ledger_leaves (leaf_hash);

-- Every perfect subtree of the integrated tree: level 0 holds the leaf hashes.
CREATE TABLE ledger_nodes (
    level INTEGER NOT NULL,
    idx BIGINT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (level, idx)
);

-- Every checkpoint ever signed.
CREATE TABLE ledger_checkpoints (
    size BIGINT PRIMARY KEY,
    root TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at_us BIGINT NOT NULL
);

-- Logs this installation witnesses (C2SP tlog-witness): the latest checkpoint cosigned per log.
CREATE TABLE witnessed_logs (
    origin TEXT PRIMARY KEY,
    size BIGINT NOT NULL,
    root TEXT NOT NULL,
    note TEXT NOT NULL,
    updated_at_us BIGINT NOT NULL
);

-- Each material's deposit in the ledger (存证编号).
ALTER TABLE materials ADD COLUMN ledger_index BIGINT;
