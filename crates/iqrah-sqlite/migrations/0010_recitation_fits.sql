-- A fit is now trained and judged on recitations only (memorization
-- reviews; docs/personal-scheduling.md, "Why recitations only"): one fitted
-- on every skill's reviews describes recognition and schedules the
-- recitations too late. Fits stored before this version may be such fits,
-- so they go out of use (FSRS-6's defaults until the next fit), and the log
-- counts as never checked, so that the next completed session fits it
-- again on recitations.
UPDATE learner_parameters
   SET parameters = NULL, fitted_at = NULL, reviews = NULL, training_reviews = NULL,
       default_log_loss = NULL, default_rmse_bins = NULL,
       fitted_log_loss = NULL, fitted_rmse_bins = NULL,
       checked_reviews = 0;
