-- A session item may be practised beside the verse it was confused with: a
-- look-alike drill, due or not (docs/planning.md, "Confusions"). Widening a
-- CHECK constraint leaves every stored row valid, so the table's stored
-- definition is edited in place, as 0007 did for the manzil (see there for
-- why and for SQLite's documentation of it).
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (reason IN (''review'', ''new'', ''practice_ahead'', ''manzil''))',
                          'CHECK (reason IN (''review'', ''new'', ''practice_ahead'', ''manzil'', ''look_alike''))')
 WHERE type = 'table' AND name = 'session_items';
PRAGMA writable_schema = RESET;
CREATE TABLE schema_cookie_bump (x);
DROP TABLE schema_cookie_bump;
