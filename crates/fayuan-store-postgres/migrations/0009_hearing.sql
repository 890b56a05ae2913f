-- Courtrooms: their seats and equipment (0 / empty: not recorded).
ALTER TABLE courtrooms ADD COLUMN capacity BIGINT NOT NULL DEFAULT 0;
ALTER TABLE courtrooms ADD COLUMN equipment TEXT NOT NULL DEFAULT '';

-- Hearings (庭审, Rules arts. 25, 33): sittings with their state as JSON (body) and the columns
-- they are found by; who sits in each, for conflict checks across cases and courts.
CREATE TABLE hearing_sessions (
    id TEXT PRIMARY KEY,
    court_id TEXT NOT NULL REFERENCES courts(id),
    case_id TEXT NOT NULL REFERENCES cases(id),
    courtroom_id TEXT REFERENCES courtrooms(id),
    starts_at_us BIGINT NOT NULL,
    ends_at_us BIGINT NOT NULL,
    status TEXT NOT NULL,
    public_hearing BOOLEAN NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX hearing_sessions_case ON hearing_sessions (case_id, starts_at_us);
CREATE INDEX hearing_sessions_time ON hearing_sessions (starts_at_us, ends_at_us);
CREATE INDEX hearing_sessions_court ON hearing_sessions (court_id, starts_at_us);

-- A sitting's transcript (笔录): its text, signers and objections as JSON (body).
CREATE TABLE hearing_transcripts (
    hearing_id TEXT PRIMARY KEY REFERENCES hearing_sessions(id),
    status TEXT NOT NULL,
    body TEXT NOT NULL
);

-- Recordings of mediation sessions and sittings, uploaded in pieces while they run (Rules arts.
-- 16, 25): exactly one of mediation_id and hearing_id.
CREATE TABLE recordings (
    id TEXT PRIMARY KEY,
    mediation_id TEXT REFERENCES mediations(id),
    hearing_id TEXT REFERENCES hearing_sessions(id),
    started_by TEXT NOT NULL REFERENCES accounts(id),
    started_at_us BIGINT NOT NULL,
    bytes BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL,
    status TEXT NOT NULL,
    material_id TEXT REFERENCES materials(id),
    finished_at_us BIGINT,
    CHECK ((mediation_id IS NULL) <> (hearing_id IS NULL))
);
CREATE INDEX recordings_mediation ON recordings (mediation_id);
CREATE INDEX recordings_hearing ON recordings (hearing_id);
CREATE INDEX recordings_running ON recordings (status, updated_at_us);
