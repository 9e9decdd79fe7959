-- How many times each session item was skipped (moved after the session's
-- last pending item by the learner). The session rules allow one skip per
-- item; the count is kept rather than a flag so that the rule lives in the
-- core, not in the schema.
ALTER TABLE session_items ADD COLUMN skips INTEGER NOT NULL DEFAULT 0 CHECK (skips >= 0);
