-- A session item may be practised beside the verse it was confused with: a
-- look-alike drill, due or not (docs/planning.md, "Confusions").
ALTER TABLE session_items DROP CONSTRAINT session_items_reason_check;
ALTER TABLE session_items ADD CONSTRAINT session_items_reason_check
    CHECK (reason IN ('review', 'new', 'practice_ahead', 'manzil', 'look_alike'));
