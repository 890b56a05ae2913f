-- 审判流程信息公开 (Rules art. 9): the query code a case's parties use to see its progress
-- without logging in, kept as a SHA-256 digest, found by the case number.
CREATE TABLE case_query_codes (
    case_id TEXT PRIMARY KEY REFERENCES cases(id),
    case_number TEXT NOT NULL UNIQUE,
    code_hash TEXT NOT NULL,
    created_at_us BIGINT NOT NULL
);
