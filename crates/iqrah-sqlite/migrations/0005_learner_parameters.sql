-- FSRS parameters fitted to each learner's review log
-- (docs/personal-scheduling.md). One row per learner once a fit ran.
CREATE TABLE learner_parameters (
    user_id          TEXT PRIMARY KEY,
    -- The fitted FSRS-6 parameters in use (JSON array of 21 numbers);
    -- NULL: FSRS-6's defaults. The columns below up to fitted_rmse_bins
    -- describe them and are NULL with them.
    parameters       TEXT,
    fitted_at        INTEGER,
    reviews          INTEGER, -- reviews in the log they were fitted on
    training_reviews INTEGER, -- of which the optimizer predicted
    default_log_loss REAL,    -- the defaults judged on that log
    default_rmse_bins REAL,
    fitted_log_loss  REAL,    -- the fitted parameters judged on it
    fitted_rmse_bins REAL,
    -- The last fit, kept or not, or reset, and the log's size then: the
    -- automatic fit counts new reviews from here.
    checked_at       INTEGER NOT NULL,
    checked_reviews  INTEGER NOT NULL CHECK (checked_reviews >= 0),
    CHECK ((parameters IS NULL) = (fitted_at IS NULL))
) WITHOUT ROWID;

-- The FSRS parameters a session schedules with, as they were when it
-- started ('[]': the defaults), so a fit takes effect from the next
-- session. NULL for sessions started before this version, which use the
-- learner's current parameters.
ALTER TABLE sessions ADD COLUMN parameters TEXT;
