-- Iqrah's learner data on PostgreSQL, version 1: the whole schema of the
-- SQLite backend's migrations 0001–0008 as one, in PostgreSQL's types.
-- Times are milliseconds since the Unix epoch (UTC), as bigint.
--
-- Distributed by learner: every table carries `user_id`, and every primary
-- key, unique key and foreign key begins with it, so that on an engine that
-- shards by a distribution column (Citus: `SELECT create_distributed_table(
-- 'sessions', 'user_id')` and the same for every table, colocated) a
-- learner's rows live together and every key is enforced on one node.
-- Every query of the backend filters by `user_id`.

CREATE TABLE settings (
    user_id TEXT  NOT NULL,
    json    JSONB NOT NULL,
    PRIMARY KEY (user_id)
);

CREATE TABLE memory_states (
    user_id     TEXT   NOT NULL,
    item_key    TEXT   NOT NULL,
    stability   REAL   NOT NULL,
    difficulty  REAL   NOT NULL,
    last_review BIGINT NOT NULL,
    due         BIGINT NOT NULL,
    reps        BIGINT NOT NULL CHECK (reps >= 0),
    lapses      BIGINT NOT NULL CHECK (lapses >= 0),
    PRIMARY KEY (user_id, item_key)
);
CREATE INDEX memory_states_due ON memory_states (user_id, due);

CREATE TABLE sessions (
    user_id         TEXT   NOT NULL,
    id              TEXT   NOT NULL,
    -- Orders sessions started at the same moment (the later one first).
    created         BIGINT GENERATED ALWAYS AS IDENTITY,
    goal_id         TEXT   NOT NULL,
    status          TEXT   NOT NULL CHECK (status IN ('active', 'completed', 'abandoned')),
    seed            BIGINT NOT NULL,
    started_at      BIGINT NOT NULL,
    completed_at    BIGINT,
    items_count     BIGINT NOT NULL CHECK (items_count >= 0),
    items_completed BIGINT NOT NULL DEFAULT 0 CHECK (items_completed >= 0),
    goal_before     JSONB  NOT NULL, -- VerseProgress when the session started
    summary         JSONB,           -- SessionSummary once completed
    settings        JSONB  NOT NULL, -- the learner's Settings when it started
    parameters      JSONB  NOT NULL, -- the FSRS parameters it schedules with ([]: the defaults)
    PRIMARY KEY (user_id, id)
);
-- At most one active session per learner and goal.
CREATE UNIQUE INDEX sessions_one_active_per_goal ON sessions (user_id, goal_id) WHERE status = 'active';
CREATE INDEX sessions_by_start ON sessions (user_id, started_at);

CREATE TABLE session_items (
    user_id       TEXT     NOT NULL,
    id            BIGINT   GENERATED ALWAYS AS IDENTITY,
    session_id    TEXT     NOT NULL,
    position      BIGINT   NOT NULL,
    item_key      TEXT     NOT NULL,
    skill         TEXT     NOT NULL CHECK (skill IN ('memorization', 'continuity', 'meaning')),
    reason        TEXT     NOT NULL CHECK (reason IN ('review', 'new', 'practice_ahead', 'manzil')),
    exercise_type TEXT     NOT NULL,
    prompt        JSONB    NOT NULL, -- ExercisePrompt, sent to clients
    solution      JSONB    NOT NULL, -- Solution, never sent
    status        TEXT     NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'answered', 'skipped')),
    answer        JSONB,             -- Answer of the last check
    correct       BOOLEAN,           -- after a check; NULL if unchecked or self-graded
    grade         SMALLINT CHECK (grade BETWEEN 1 AND 4),
    duration_ms   BIGINT   CHECK (duration_ms >= 0),
    answered_at   BIGINT,
    answered_seq  BIGINT,
    relearn_of    BIGINT,
    -- Times skipped; the core's rule allows one.
    skips         BIGINT   NOT NULL DEFAULT 0 CHECK (skips >= 0),
    PRIMARY KEY (user_id, id),
    FOREIGN KEY (user_id, session_id) REFERENCES sessions (user_id, id),
    FOREIGN KEY (user_id, relearn_of) REFERENCES session_items (user_id, id)
);
CREATE INDEX session_items_order ON session_items (user_id, session_id, status, position);

-- A recited passage is one session item whose answer reviews several
-- items: every row of such an answer names the passage's session item in
-- passage_item_id; the first also carries it in session_item_id (unique:
-- one answer per session item), the others leave it NULL.
CREATE TABLE review_log (
    user_id         TEXT             NOT NULL,
    id              BIGINT           GENERATED ALWAYS AS IDENTITY,
    item_key        TEXT             NOT NULL,
    session_item_id BIGINT,
    passage_item_id BIGINT,
    rating          SMALLINT         NOT NULL CHECK (rating BETWEEN 1 AND 4),
    reviewed_at     BIGINT           NOT NULL,
    elapsed_days    DOUBLE PRECISION NOT NULL,
    duration_ms     BIGINT           NOT NULL,
    state_before    JSONB,                     -- MemoryState, NULL for a first review
    state_after     JSONB            NOT NULL, -- MemoryState
    PRIMARY KEY (user_id, id),
    UNIQUE (user_id, session_item_id),
    FOREIGN KEY (user_id, session_item_id) REFERENCES session_items (user_id, id),
    FOREIGN KEY (user_id, passage_item_id) REFERENCES session_items (user_id, id)
);
CREATE INDEX review_log_by_time ON review_log (user_id, reviewed_at);
CREATE INDEX review_log_by_passage ON review_log (user_id, passage_item_id) WHERE passage_item_id IS NOT NULL;

-- The idempotency keys of answers, written in the answer's transaction;
-- the primary key makes a key record once. An undo marks it undone (a
-- late retry of an undone answer is refused). No foreign key on the item:
-- undoing an Again deletes its relearning copy, which an undone key may name.
CREATE TABLE submit_keys (
    user_id         TEXT     NOT NULL,
    session_id      TEXT     NOT NULL,
    key             TEXT     NOT NULL,
    session_item_id BIGINT   NOT NULL,
    node_id         TEXT     NOT NULL,
    grade           SMALLINT NOT NULL,
    duration_ms     BIGINT   NOT NULL,
    undone          BOOLEAN  NOT NULL DEFAULT FALSE,
    marks           JSONB,            -- a recited passage's marks; NULL for other answers
    PRIMARY KEY (user_id, session_id, key),
    FOREIGN KEY (user_id, session_id) REFERENCES sessions (user_id, id)
);
CREATE INDEX submit_keys_by_item ON submit_keys (user_id, session_item_id);

-- FSRS parameters fitted to each learner's review log
-- (docs/personal-scheduling.md). One row per learner once a fit ran.
CREATE TABLE learner_parameters (
    user_id           TEXT   NOT NULL,
    -- The fitted FSRS-6 parameters in use (array of 21 numbers); NULL:
    -- FSRS-6's defaults. The columns up to fitted_rmse_bins are NULL with it.
    parameters        JSONB,
    fitted_at         BIGINT,
    reviews           BIGINT,
    training_reviews  BIGINT,
    default_log_loss  REAL,
    default_rmse_bins REAL,
    fitted_log_loss   REAL,
    fitted_rmse_bins  REAL,
    -- The last fit, kept or not, or reset, and the log's size then.
    checked_at        BIGINT NOT NULL,
    checked_reviews   BIGINT NOT NULL CHECK (checked_reviews >= 0),
    CHECK ((parameters IS NULL) = (fitted_at IS NULL)),
    PRIMARY KEY (user_id)
);
