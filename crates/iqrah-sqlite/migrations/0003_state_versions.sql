-- A counter per learner, bumped in every transaction that changes their
-- memory states: a process that keeps the states in memory checks it to
-- know whether another process has changed them since.
CREATE TABLE state_versions (
    user_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL
) WITHOUT ROWID;
