-- The electronic dossier (Rules arts. 19-24, 33): participants of cases, content-addressed blobs,
-- materials of the main and confidential volumes, reading applications, evidence lists, the
-- exchange, cross-examination opinions and the court's findings.

-- Accounts taking part in a case as a party or an agent, as JSON on the case (read with it), and
-- one index row per account for "my cases".
ALTER TABLE cases ADD COLUMN participants TEXT NOT NULL DEFAULT '[]';
CREATE TABLE case_participants (
    case_id TEXT NOT NULL REFERENCES cases(id),
    account_id TEXT NOT NULL REFERENCES accounts(id),
    PRIMARY KEY (case_id, account_id)
);
CREATE INDEX case_participants_account ON case_participants (account_id);

-- A blob row is written in the same transaction as the first material pointing at it, after the
-- blob is durable in the blob store.
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    sm3 TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    created_at_us BIGINT NOT NULL
);

CREATE TABLE materials (
    id TEXT PRIMARY KEY,
    case_id TEXT REFERENCES cases(id),
    filing_id TEXT REFERENCES filing_applications(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    volume TEXT NOT NULL,
    position BIGINT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    sm3 TEXT NOT NULL,
    format TEXT NOT NULL,
    file_name TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    pages BIGINT NOT NULL,
    pixel_width BIGINT,
    pixel_height BIGINT,
    submitted_by TEXT NOT NULL REFERENCES accounts(id),
    on_behalf_of TEXT NOT NULL,
    channel TEXT NOT NULL,
    submitted_at_us BIGINT NOT NULL
);
CREATE INDEX materials_case ON materials (case_id, volume, position);
CREATE INDEX materials_filing ON materials (filing_id);

CREATE TABLE reading_requests (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    applicant_id TEXT NOT NULL REFERENCES accounts(id),
    purpose TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    requested_at_us BIGINT NOT NULL,
    decided_by TEXT REFERENCES accounts(id),
    decided_at_us BIGINT,
    decision_note TEXT NOT NULL,
    valid_until_us BIGINT
);
CREATE INDEX reading_requests_case ON reading_requests (case_id, requested_at_us);

CREATE TABLE evidence_items (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    submitted_by TEXT NOT NULL REFERENCES accounts(id),
    side TEXT NOT NULL,
    party_name TEXT NOT NULL,
    number BIGINT NOT NULL,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    purpose TEXT NOT NULL,
    pages TEXT NOT NULL,
    material_id TEXT REFERENCES materials(id),
    submitted_at_us BIGINT NOT NULL,
    late BOOLEAN NOT NULL
);
CREATE INDEX evidence_items_case ON evidence_items (case_id, side, number);

CREATE TABLE evidence_exchanges (
    case_id TEXT PRIMARY KEY REFERENCES cases(id),
    opened_by TEXT NOT NULL REFERENCES accounts(id),
    opened_at_us BIGINT NOT NULL,
    deadline_us BIGINT NOT NULL
);

CREATE TABLE evidence_opinions (
    id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES evidence_items(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    author_id TEXT NOT NULL REFERENCES accounts(id),
    side TEXT NOT NULL,
    authenticity TEXT NOT NULL,
    authenticity_reason TEXT NOT NULL,
    legality TEXT NOT NULL,
    legality_reason TEXT NOT NULL,
    relevance TEXT NOT NULL,
    relevance_reason TEXT NOT NULL,
    recorded_at_us BIGINT NOT NULL,
    late BOOLEAN NOT NULL,
    UNIQUE (item_id, author_id)
);
CREATE INDEX evidence_opinions_case ON evidence_opinions (case_id);

CREATE TABLE evidence_findings (
    item_id TEXT PRIMARY KEY REFERENCES evidence_items(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    judge_id TEXT NOT NULL REFERENCES accounts(id),
    authenticity BOOLEAN NOT NULL,
    legality BOOLEAN NOT NULL,
    relevance BOOLEAN NOT NULL,
    reasoning TEXT NOT NULL,
    recorded_at_us BIGINT NOT NULL
);
CREATE INDEX evidence_findings_case ON evidence_findings (case_id);
