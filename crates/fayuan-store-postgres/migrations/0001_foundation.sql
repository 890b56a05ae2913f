-- Foundation: courts, accounts, sessions, audit chain, sandboxes (PostgreSQL).
CREATE TABLE courts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    parent_id TEXT REFERENCES courts(id)
);

CREATE TABLE divisions (
    id TEXT PRIMARY KEY,
    court_id TEXT NOT NULL REFERENCES courts(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    UNIQUE (court_id, name)
);

CREATE TABLE courtrooms (
    id TEXT PRIMARY KEY,
    court_id TEXT NOT NULL REFERENCES courts(id),
    name TEXT NOT NULL,
    tech BOOLEAN NOT NULL,
    UNIQUE (court_id, name)
);

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    username TEXT UNIQUE,
    phone TEXT UNIQUE,
    email TEXT UNIQUE,
    id_number TEXT UNIQUE,
    uscc TEXT UNIQUE,
    legal_representative TEXT,
    licence_number TEXT,
    law_firm TEXT,
    password_hash TEXT NOT NULL,
    totp_secret TEXT,
    totp_last_step BIGINT,
    verification TEXT NOT NULL,
    verification_note TEXT NOT NULL,
    status TEXT NOT NULL,
    court_id TEXT REFERENCES courts(id),
    division_id TEXT REFERENCES divisions(id),
    created_at_us BIGINT NOT NULL
);

CREATE TABLE account_roles (
    account_id TEXT NOT NULL REFERENCES accounts(id),
    role TEXT NOT NULL,
    PRIMARY KEY (account_id, role)
);

CREATE TABLE login_failures (
    login_key TEXT NOT NULL,
    at_us BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (login_key, at_us);

CREATE TABLE one_time_codes (
    account_id TEXT NOT NULL REFERENCES accounts(id),
    purpose TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    expires_at_us BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    PRIMARY KEY (account_id, purpose)
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    kind TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at_us BIGINT NOT NULL,
    expires_at_us BIGINT NOT NULL,
    client_addr TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE audit_events (
    seq BIGINT PRIMARY KEY,
    at_us BIGINT NOT NULL,
    actor_id TEXT,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    request_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_events_at ON audit_events (at_us);
CREATE INDEX audit_events_actor ON audit_events (actor_id, seq);

-- One row: the chain's anchor (first retained event) and head (last written event).
CREATE TABLE audit_chain (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    first_seq BIGINT NOT NULL,
    anchor_hash TEXT NOT NULL,
    head_seq BIGINT NOT NULL,
    head_hash TEXT NOT NULL
);
INSERT INTO audit_chain (id, first_seq, anchor_hash, head_seq, head_hash)
VALUES (1, 1, '0000000000000000000000000000000000000000000000000000000000000000', 0,
        '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE sandbox_identities (
    number TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE sandbox_sms (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    phone TEXT NOT NULL,
    text TEXT NOT NULL,
    at_us BIGINT NOT NULL
);
