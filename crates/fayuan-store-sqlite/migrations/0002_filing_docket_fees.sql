-- Online filing, the docket with case numbering, fees and payments, the inbox.

-- The fee ranges a province set within the statutory ones (诉讼费用交纳办法 art. 13 ¶2), as JSON;
-- NULL: the national ranges.
ALTER TABLE courts ADD COLUMN fee_schedule TEXT;
CREATE TABLE filing_applications (
    id TEXT PRIMARY KEY,
    court_id TEXT NOT NULL REFERENCES courts(id),
    applicant_id TEXT NOT NULL REFERENCES accounts(id),
    filed_by_agent BOOLEAN NOT NULL,
    category TEXT NOT NULL,
    cause TEXT NOT NULL,
    procedure_requested TEXT NOT NULL,
    parties TEXT NOT NULL,
    claims TEXT NOT NULL,
    facts TEXT NOT NULL,
    materials TEXT NOT NULL,
    consents_to_mediation BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    submitted_at_us BIGINT,
    decision_note TEXT NOT NULL,
    case_id TEXT,
    created_at_us BIGINT NOT NULL
);
CREATE INDEX filing_applications_applicant ON filing_applications (applicant_id, created_at_us);
CREATE INDEX filing_applications_queue ON filing_applications (court_id, status, submitted_at_us);

-- Case-number sequences: one row per (court, special code, type code, year), Art. 9/10.
CREATE TABLE case_sequences (
    court_id TEXT NOT NULL REFERENCES courts(id),
    special_code TEXT NOT NULL,
    type_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    last_sequence BIGINT NOT NULL,
    PRIMARY KEY (court_id, special_code, type_code, year)
);

CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    court_id TEXT NOT NULL REFERENCES courts(id),
    case_number TEXT NOT NULL UNIQUE,
    filing_id TEXT NOT NULL REFERENCES filing_applications(id),
    filer_id TEXT NOT NULL REFERENCES accounts(id),
    category TEXT NOT NULL,
    cause TEXT NOT NULL,
    procedure TEXT NOT NULL,
    parties TEXT NOT NULL,
    claims TEXT NOT NULL,
    status TEXT NOT NULL,
    docketed_on TEXT NOT NULL,
    division_id TEXT REFERENCES divisions(id),
    judge_id TEXT REFERENCES accounts(id),
    assignment_reason TEXT NOT NULL,
    closure_mode TEXT,
    closed_on TEXT,
    fee_overdue BOOLEAN NOT NULL,
    -- The judges hearing it: the judge in charge first (审判长), then the other members.
    panel TEXT NOT NULL
);
CREATE INDEX cases_filer ON cases (filer_id);
CREATE INDEX cases_judge ON cases (judge_id, status);
CREATE INDEX cases_court ON cases (court_id, status, docketed_on);

CREATE TABLE fee_notices (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    payer_id TEXT NOT NULL REFERENCES accounts(id),
    items TEXT NOT NULL,
    total_fen BIGINT NOT NULL,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL,
    issued_at_us BIGINT NOT NULL
);
CREATE INDEX fee_notices_case ON fee_notices (case_id);
CREATE INDEX fee_notices_due ON fee_notices (status, due_on);

CREATE TABLE payments (
    id TEXT PRIMARY KEY,
    fee_notice_id TEXT NOT NULL REFERENCES fee_notices(id),
    amount_fen BIGINT NOT NULL,
    status TEXT NOT NULL,
    idempotency_key TEXT,
    gateway_ref TEXT,
    created_at_us BIGINT NOT NULL,
    settled_at_us BIGINT,
    UNIQUE (fee_notice_id, idempotency_key)
);
CREATE INDEX payments_pending ON payments (status, created_at_us);

CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT,
    created_at_us BIGINT NOT NULL,
    read_at_us BIGINT
);
CREATE INDEX notifications_account ON notifications (account_id, created_at_us);

-- Requests to extend a case's trial time limit (延长审限), decided by the court president.
CREATE TABLE extension_requests (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    length_months INTEGER NOT NULL,
    length_days INTEGER NOT NULL,
    reason TEXT NOT NULL,
    requested_by TEXT NOT NULL REFERENCES accounts(id),
    requested_on TEXT NOT NULL,
    status TEXT NOT NULL,
    decided_by TEXT REFERENCES accounts(id),
    decided_on TEXT,
    decision_note TEXT NOT NULL
);
CREATE INDEX extension_requests_case ON extension_requests (case_id, requested_on);
CREATE INDEX extension_requests_status ON extension_requests (status);

-- Fees returned on closure (调解、撤诉 halve the acceptance fee; 驳回起诉 returns it).
CREATE TABLE refunds (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    fee_notice_id TEXT NOT NULL REFERENCES fee_notices(id),
    payee_id TEXT NOT NULL REFERENCES accounts(id),
    amount_fen BIGINT NOT NULL,
    reason TEXT NOT NULL,
    created_at_us BIGINT NOT NULL
);
CREATE INDEX refunds_case ON refunds (case_id);

-- Judicial aid on fees (司法救助: 缓交、减交、免交, 诉讼费用交纳办法 arts. 44-51).
CREATE TABLE fee_relief_applications (
    id TEXT PRIMARY KEY,
    fee_notice_id TEXT NOT NULL REFERENCES fee_notices(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    applicant_id TEXT NOT NULL REFERENCES accounts(id),
    kind TEXT NOT NULL,
    percent INTEGER,
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    decided_by TEXT REFERENCES accounts(id),
    decision_note TEXT NOT NULL,
    created_at_us BIGINT NOT NULL
);
CREATE INDEX fee_relief_case ON fee_relief_applications (case_id);
CREATE INDEX fee_relief_status ON fee_relief_applications (status);

-- Periods not counted in a case's time limit (公告、鉴定、和解、管辖异议 …).
CREATE TABLE case_suspensions (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    reason TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT,
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES accounts(id)
);
CREATE INDEX case_suspensions_case ON case_suspensions (case_id, from_date);
