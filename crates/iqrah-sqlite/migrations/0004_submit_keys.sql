-- The idempotency keys of answers: a client sends a key of its own with each
-- answer and the same key again when it retries, so that the answer is
-- recorded once. The key is written in the answer's transaction with what it
-- was sent with; an undo marks it undone (a late retry of an undone answer is
-- refused, neither recorded again nor reported as recorded). No foreign key
-- on the item: undoing an Again deletes its relearning copy, which an undone
-- key may name.
CREATE TABLE submit_keys (
    session_id      TEXT    NOT NULL REFERENCES sessions (id),
    key             TEXT    NOT NULL,
    session_item_id INTEGER NOT NULL,
    node_id         TEXT    NOT NULL,
    grade           INTEGER NOT NULL,
    duration_ms     INTEGER NOT NULL,
    undone          INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
    PRIMARY KEY (session_id, key)
) WITHOUT ROWID;
CREATE INDEX submit_keys_by_item ON submit_keys (session_item_id);
