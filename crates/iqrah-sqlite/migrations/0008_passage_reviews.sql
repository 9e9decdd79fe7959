-- A recited passage is one session item whose answer reviews several items
-- (each verse's memorization and the links between them). Every review row
-- of such an answer names the passage's session item here; the first also
-- carries it in session_item_id (unique: one answer per session item), the
-- others leave session_item_id NULL. An undo of the passage reverts every
-- row that names it.
ALTER TABLE review_log ADD COLUMN passage_item_id INTEGER REFERENCES session_items (id);
CREATE INDEX review_log_by_passage ON review_log (passage_item_id) WHERE passage_item_id IS NOT NULL;

-- The marks a passage answer was sent with (JSON), so that a retry with the
-- same idempotency key is told from another answer; NULL for other answers.
ALTER TABLE submit_keys ADD COLUMN marks TEXT;
