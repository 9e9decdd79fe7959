-- Iqrah's user database, version 1.
-- Times are milliseconds since the Unix epoch (UTC).

PRAGMA application_id = 1230066248; -- 'IQRH': marks the file as Iqrah's user database.

CREATE TABLE settings (
    user_id TEXT PRIMARY KEY,
    json    TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE memory_states (
    user_id     TEXT    NOT NULL,
    item_key    TEXT    NOT NULL,
    stability   REAL    NOT NULL,
    difficulty  REAL    NOT NULL,
    last_review INTEGER NOT NULL,
    due         INTEGER NOT NULL,
    reps        INTEGER NOT NULL,
    lapses      INTEGER NOT NULL,
    PRIMARY KEY (user_id, item_key)
) WITHOUT ROWID;
CREATE INDEX memory_states_due ON memory_states (user_id, due);

CREATE TABLE sessions (
    id              TEXT PRIMARY KEY,
    user_id         TEXT    NOT NULL,
    goal_id         TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('active', 'completed', 'abandoned')),
    seed            INTEGER NOT NULL,
    started_at      INTEGER NOT NULL,
    completed_at    INTEGER,
    items_count     INTEGER NOT NULL CHECK (items_count >= 0),
    items_completed INTEGER NOT NULL DEFAULT 0 CHECK (items_completed >= 0),
    goal_before     TEXT    NOT NULL, -- JSON VerseProgress when the session started
    summary         TEXT              -- JSON SessionSummary once completed
);
-- At most one active session per learner and goal.
CREATE UNIQUE INDEX sessions_one_active_per_goal ON sessions (user_id, goal_id) WHERE status = 'active';
CREATE INDEX sessions_by_user ON sessions (user_id, started_at);

CREATE TABLE session_items (
    id            INTEGER PRIMARY KEY,
    session_id    TEXT    NOT NULL REFERENCES sessions (id),
    position      INTEGER NOT NULL,
    item_key      TEXT    NOT NULL,
    skill         TEXT    NOT NULL CHECK (skill IN ('memorization', 'continuity', 'meaning')),
    reason        TEXT    NOT NULL CHECK (reason IN ('review', 'new', 'practice_ahead')),
    exercise_type TEXT    NOT NULL,
    prompt        TEXT    NOT NULL, -- JSON ExercisePrompt, sent to clients
    solution      TEXT    NOT NULL, -- JSON Solution, never sent
    status        TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'answered', 'skipped')),
    answer        TEXT,             -- JSON Answer of the last check
    correct       INTEGER,          -- 1 or 0 after a check; NULL if unchecked or self-graded
    grade         INTEGER CHECK (grade BETWEEN 1 AND 4),
    duration_ms   INTEGER CHECK (duration_ms >= 0),
    answered_at   INTEGER,
    answered_seq  INTEGER,
    relearn_of    INTEGER REFERENCES session_items (id)
);
CREATE INDEX session_items_order ON session_items (session_id, status, position);

CREATE TABLE review_log (
    id              INTEGER PRIMARY KEY,
    user_id         TEXT    NOT NULL,
    item_key        TEXT    NOT NULL,
    session_item_id INTEGER UNIQUE REFERENCES session_items (id),
    rating          INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    reviewed_at     INTEGER NOT NULL,
    elapsed_days    REAL    NOT NULL,
    duration_ms     INTEGER NOT NULL,
    state_before    TEXT,             -- JSON MemoryState, NULL for a first review
    state_after     TEXT    NOT NULL  -- JSON MemoryState
);
CREATE INDEX review_log_by_user ON review_log (user_id, reviewed_at);
