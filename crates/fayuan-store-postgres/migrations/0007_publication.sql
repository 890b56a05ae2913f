-- The text of court documents issued from templates, kept for their publication (裁判文书公开).
CREATE TABLE document_texts (
    material_id TEXT PRIMARY KEY REFERENCES materials(id),
    text TEXT NOT NULL
);

-- One publication per effective document (法释〔2016〕19号): due seven working days after the
-- document takes effect (art. 7); the public text is the approved masked text or, for a
-- document withheld under art. 4, the art. 6 stub.
CREATE TABLE judgment_publications (
    id TEXT PRIMARY KEY,
    court_id TEXT NOT NULL REFERENCES courts(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    material_id TEXT NOT NULL UNIQUE REFERENCES materials(id),
    case_number TEXT NOT NULL,
    title TEXT NOT NULL,
    document_type TEXT NOT NULL,
    effective_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL,
    original_text TEXT NOT NULL,
    public_text TEXT NOT NULL,
    withheld TEXT NOT NULL,
    withdrawal_reason TEXT NOT NULL,
    ledger_index BIGINT,
    published_at_us BIGINT,
    created_by TEXT NOT NULL REFERENCES accounts(id),
    created_at_us BIGINT NOT NULL
);
CREATE INDEX judgment_publications_public ON judgment_publications (status, published_at_us);
CREATE INDEX judgment_publications_queue ON judgment_publications (court_id, status, due_on);
