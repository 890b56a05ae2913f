-- Electronic delivery (送达, Rules art. 26; 民事诉讼法 arts. 87-95; 在线诉讼规则 arts. 29-33).

-- Each party's 送达地址确认书, one row per version; the highest version is in force.
CREATE TABLE delivery_addresses (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    account_id TEXT NOT NULL REFERENCES accounts(id),
    version BIGINT NOT NULL,
    mobile TEXT NOT NULL,
    email TEXT NOT NULL,
    postal_address TEXT NOT NULL,
    consents_electronic BOOLEAN NOT NULL,
    confirmed_at_us BIGINT NOT NULL,
    UNIQUE (case_id, account_id, version)
);

CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    recipient_id TEXT NOT NULL REFERENCES accounts(id),
    recipient_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    materials TEXT NOT NULL,
    channels TEXT NOT NULL,
    consented BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    delivered_at_us BIGINT,
    created_by TEXT NOT NULL REFERENCES accounts(id),
    created_at_us BIGINT NOT NULL
);
CREATE INDEX deliveries_case ON deliveries (case_id);
CREATE INDEX deliveries_recipient ON deliveries (recipient_id);

-- The trace: append-only.
CREATE TABLE delivery_events (
    id TEXT PRIMARY KEY,
    delivery_id TEXT NOT NULL REFERENCES deliveries(id),
    kind TEXT NOT NULL,
    channel TEXT,
    at_us BIGINT NOT NULL,
    detail TEXT NOT NULL,
    ledger_index BIGINT
);
CREATE INDEX delivery_events_delivery ON delivery_events (delivery_id);

-- Background jobs (e-mail with retries): claimed by pushing run_at_us ahead as a lease.
CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    run_at_us BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    status TEXT NOT NULL,
    last_error TEXT NOT NULL,
    created_at_us BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs (status, run_at_us);

-- Whether an account wants new inbox messages announced by text message and/or e-mail.
CREATE TABLE notification_preferences (
    account_id TEXT PRIMARY KEY REFERENCES accounts(id),
    by_sms BOOLEAN NOT NULL,
    by_email BOOLEAN NOT NULL
);
