-- A session item may be practised as the manzil: a due item outside the
-- session's goal (docs/planning.md). Widening a CHECK constraint leaves every
-- stored row valid and the file format unchanged, so the table's stored
-- definition is edited in place, as SQLite documents for such changes
-- (https://www.sqlite.org/lang_altertable.html, "making other kinds of table
-- schema changes"), instead of rebuilding a table other tables reference.
-- `writable_schema = RESET` reloads the schema on this connection; creating
-- and dropping a table bumps the schema cookie, so every other connection
-- reloads it too before its next statement.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (reason IN (''review'', ''new'', ''practice_ahead''))',
                          'CHECK (reason IN (''review'', ''new'', ''practice_ahead'', ''manzil''))')
 WHERE type = 'table' AND name = 'session_items';
PRAGMA writable_schema = RESET;
CREATE TABLE schema_cookie_bump (x);
DROP TABLE schema_cookie_bump;
