-- 裁判文书更正: the corrections in place of a published text (JSON list of {at_us, reason,
-- previous_ledger_index}), oldest first.
ALTER TABLE judgment_publications ADD COLUMN corrections TEXT NOT NULL DEFAULT '[]';
