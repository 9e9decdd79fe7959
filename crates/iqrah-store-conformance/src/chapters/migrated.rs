//! Not a chapter: what a migration that rewrites stored data must leave.
//! Each backend's test stores the data as an earlier Iqrah left it, takes
//! its database back to before the migration, reopens it (which runs the
//! migration), and checks here what it must hold.

use iqrah_core::time::Timestamp;
use iqrah_store::{FitRecord, LearnerParameters, UserStore};

use super::learner_state::fit;
use super::{learner, other_learner};

/// When the fits of [`fits_of_every_skill`] were recorded.
const FITTED_AT: Timestamp = Timestamp(10);
/// When the check without a fit was.
const CHECKED_AT: Timestamp = Timestamp(20);

/// Stores what an Iqrah that fitted on every skill's reviews could leave:
/// a kept fit for the learner, a check that kept none for the other.
pub async fn fits_of_every_skill<S: UserStore>(store: &S) {
    let kept = fit(FITTED_AT, 1.1);
    let recorded = store
        .record_fit(&learner(), None, FITTED_AT, 900, Some(&kept))
        .await
        .expect("record_fit");
    assert!(recorded, "a first fit is recorded");
    let recorded = store
        .record_fit(&other_learner(), None, CHECKED_AT, 700, None)
        .await
        .expect("record_fit");
    assert!(recorded, "a first check is recorded");
}

/// After the migration that trains fits on recitations only: both learners
/// are on FSRS-6's defaults, their checks keep their dates and the log
/// counts as never checked (so the next completed session fits again); a
/// fit recorded now is kept. Returns that fit, which must still be in use
/// once the database is reopened (the migration runs once).
pub async fn fits_out_of_use<S: UserStore>(store: &S) -> FitRecord {
    for (user, checked_at) in [(learner(), FITTED_AT), (other_learner(), CHECKED_AT)] {
        assert_eq!(
            store
                .learner_parameters(&user)
                .await
                .expect("learner_parameters"),
            Some(LearnerParameters {
                in_use: None,
                checked_at,
                checked_reviews: 0,
            }),
            "{user:?}: the stored fit is out of use and the log unchecked"
        );
    }
    let refit = fit(Timestamp(30), 0.9);
    let read = store
        .learner_parameters(&learner())
        .await
        .expect("learner_parameters");
    let recorded = store
        .record_fit(
            &learner(),
            read.as_ref(),
            refit.fitted_at,
            950,
            Some(&refit),
        )
        .await
        .expect("record_fit");
    assert!(recorded, "a fit after the migration is recorded");
    refit
}

/// The fit [`fits_out_of_use`] recorded, read back after reopening.
pub async fn refit_in_use<S: UserStore>(store: &S, refit: &FitRecord) {
    let stored = store
        .learner_parameters(&learner())
        .await
        .expect("learner_parameters");
    assert_eq!(
        stored.and_then(|p| p.in_use).as_ref(),
        Some(refit),
        "a fit recorded after the migration stays in use"
    );
}
