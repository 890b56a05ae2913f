-- 故障公告 (Rules art. 40): incidents that suspend online services. The incident is kept whole as
-- JSON; its start and end are columns for listing the active ones.
CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    started_at_us BIGINT NOT NULL,
    ended_at_us BIGINT,
    body TEXT NOT NULL
);
CREATE INDEX incidents_active ON incidents (ended_at_us, started_at_us);
