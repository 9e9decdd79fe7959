-- Iqrah's server classes on PostgreSQL, version 3: a teacher's classes and
-- their members. Times are milliseconds since the Unix epoch (UTC), as
-- bigint.
--
-- Like the accounts of 0002, these are small, global tables, not
-- distributed by learner: a class is found by its join code before any
-- member is known, and `join_code` is unique across the server. On Citus
-- they are reference tables. A teacher reads a member's progress only
-- through `class_members`, and only for a class whose `teacher_id` is the
-- teacher's own.

CREATE TABLE classes (
    class_id   TEXT   NOT NULL,
    teacher_id TEXT   NOT NULL REFERENCES accounts (user_id),
    name       TEXT   NOT NULL,
    -- A goal as it parses (`juz:30`), or NULL for the whole Quran.
    goal       TEXT,
    join_code  TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (class_id),
    -- Named: the backend tells a taken join code by it.
    CONSTRAINT classes_join_code_unique UNIQUE (join_code)
);
CREATE INDEX classes_by_teacher ON classes (teacher_id, created_at);

-- Deleting a class deletes its memberships; a member's own data is in the
-- tables of 0001 and stays.
CREATE TABLE class_members (
    class_id  TEXT   NOT NULL REFERENCES classes (class_id) ON DELETE CASCADE,
    user_id   TEXT   NOT NULL REFERENCES accounts (user_id),
    joined_at BIGINT NOT NULL,
    PRIMARY KEY (class_id, user_id)
);
CREATE INDEX class_members_by_user ON class_members (user_id);
