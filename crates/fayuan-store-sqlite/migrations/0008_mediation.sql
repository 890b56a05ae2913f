-- Online mediation (在线调解, Rules art. 16; 人民法院在线调解规则).

-- The roster (名册, arts. 5, 27–28): organisations a court invites and its mediators.
CREATE TABLE mediation_organisations (
    id TEXT PRIMARY KEY,
    court_id TEXT NOT NULL REFERENCES courts(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    region TEXT NOT NULL,
    charges_fee INTEGER NOT NULL,
    active INTEGER NOT NULL,
    created_at_us BIGINT NOT NULL,
    UNIQUE (court_id, name)
);

CREATE TABLE mediators (
    court_id TEXT NOT NULL REFERENCES courts(id),
    account_id TEXT NOT NULL REFERENCES accounts(id),
    organisation_id TEXT REFERENCES mediation_organisations(id),
    status TEXT NOT NULL,
    manages_organisation INTEGER NOT NULL,
    profile TEXT NOT NULL,
    status_reason TEXT NOT NULL,
    created_at_us BIGINT NOT NULL,
    PRIMARY KEY (court_id, account_id)
);
CREATE INDEX mediators_account ON mediators (account_id);

-- One row per mediation: the columns it is found by, and its whole state as JSON (body).
CREATE TABLE mediations (
    id TEXT PRIMARY KEY,
    court_id TEXT NOT NULL REFERENCES courts(id),
    number TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    filing_id TEXT REFERENCES filing_applications(id),
    case_id TEXT REFERENCES cases(id),
    confirmation_filing_id TEXT REFERENCES filing_applications(id),
    mediator_id TEXT REFERENCES accounts(id),
    body TEXT NOT NULL,
    message_count BIGINT NOT NULL,
    created_at_us BIGINT NOT NULL
);
CREATE INDEX mediations_court ON mediations (court_id, created_at_us);
CREATE INDEX mediations_filing ON mediations (filing_id);
CREATE INDEX mediations_confirmation ON mediations (confirmation_filing_id);
CREATE INDEX mediations_case ON mediations (case_id);
CREATE INDEX mediations_open ON mediations (status);

-- Who acts in a mediation (parties' accounts and the mediator), for "my mediations".
CREATE TABLE mediation_members (
    mediation_id TEXT NOT NULL REFERENCES mediations(id),
    account_id TEXT NOT NULL REFERENCES accounts(id),
    PRIMARY KEY (mediation_id, account_id)
);
CREATE INDEX mediation_members_account ON mediation_members (account_id);

-- Messages are kept as sent: never updated, never deleted (art. 16).
CREATE TABLE mediation_messages (
    id TEXT PRIMARY KEY,
    mediation_id TEXT NOT NULL REFERENCES mediations(id),
    seq BIGINT NOT NULL,
    thread TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES accounts(id),
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_at_us BIGINT NOT NULL,
    UNIQUE (mediation_id, seq)
);

CREATE TABLE mediation_settlements (
    mediation_id TEXT PRIMARY KEY REFERENCES mediations(id),
    status TEXT NOT NULL,
    body TEXT NOT NULL
);

CREATE TRIGGER mediation_messages_no_update BEFORE UPDATE ON mediation_messages
BEGIN
    SELECT RAISE(ABORT, 'mediation messages are immutable');
END;
CREATE TRIGGER mediation_messages_no_delete BEFORE DELETE ON mediation_messages
BEGIN
    SELECT RAISE(ABORT, 'mediation messages are immutable');
END;
