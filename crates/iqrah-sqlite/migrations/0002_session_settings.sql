-- The learner's settings as they were when a session started: changed
-- settings take effect from the next session. NULL for sessions started
-- before this version, which use the learner's current settings.
ALTER TABLE sessions ADD COLUMN settings TEXT;
