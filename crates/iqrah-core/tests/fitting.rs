//! FSRS fitted to a learner: on the review log of a simulated learner who
//! forgets faster than the average learner, the fitted parameters predict
//! the log better than the defaults, schedule shorter intervals, and are
//! the same for the same log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod learner_log;

use iqrah_core::fitting::{FitError, MIN_REVIEWS_TO_FIT, fit};
use iqrah_core::memory::{Rating, Scheduler};

use learner_log::{START, review_log};

#[test]
fn fitted_parameters_beat_the_defaults_for_a_learner_who_forgets_faster() {
    let log = review_log(2_000, 10, 0.35, 7);
    assert!(log.len() >= 2_000, "{}", log.len());
    let fit = fit(&log, 0).expect("enough reviews");
    assert!(fit.training_reviews >= MIN_REVIEWS_TO_FIT, "{fit:?}");
    assert_eq!(fit.reviews, log.len());
    assert!(fit.is_better(), "{fit:?}");
    assert!(
        fit.fitted.log_loss < fit.default.log_loss * 0.97,
        "fitted {:?} vs default {:?}",
        fit.fitted,
        fit.default
    );
    assert!(fit.fitted.rmse_bins < fit.default.rmse_bins, "{fit:?}");
    // The fitted parameters schedule a first Good sooner: this learner's
    // memory is weaker than the defaults believe.
    let fitted = Scheduler::with_parameters(&fit.parameters).expect("usable parameters");
    let default = Scheduler::new();
    let first_good = |s: &Scheduler| s.review(None, Rating::Good, START, 0.9).stability;
    assert!(
        first_good(&fitted) < first_good(&default),
        "{} vs {}",
        first_good(&fitted),
        first_good(&default)
    );
}

#[test]
fn the_same_log_gives_the_same_fit_in_any_order() {
    let log = review_log(1_500, 10, 0.5, 11);
    let once = fit(&log, 0).expect("enough reviews");
    let again = fit(&log, 0).expect("enough reviews");
    let mut reversed = log.clone();
    reversed.reverse();
    let shuffled = fit(&reversed, 0).expect("enough reviews");
    for other in [&again, &shuffled] {
        assert_eq!(other.parameters, once.parameters);
        assert_eq!(other.default.log_loss, once.default.log_loss);
        assert_eq!(other.fitted.log_loss, once.fitted.log_loss);
        // fsrs sums RMSE(bins) over a HashMap, whose order varies between
        // calls: equal up to the last float bits.
        assert!((other.fitted.rmse_bins - once.fitted.rmse_bins).abs() < 1e-6);
        assert!((other.default.rmse_bins - once.default.rmse_bins).abs() < 1e-6);
        assert_eq!(
            (other.reviews, other.items, other.training_reviews),
            (once.reviews, once.items, once.training_reviews)
        );
    }
}

#[test]
fn a_short_log_is_not_enough() {
    let log = review_log(300, 10, 0.5, 3);
    match fit(&log, 0) {
        Err(FitError::NotEnoughReviews { have, need }) => {
            assert!(have < need && need == MIN_REVIEWS_TO_FIT, "{have} {need}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn only_recitations_train_the_parameters() {
    use iqrah_core::fitting::{Review, trains_parameters};
    use iqrah_core::item::{ItemKey, Skill};

    let recitations = review_log(1_500, 10, 0.5, 5);
    let alone = fit(&recitations, 0).expect("enough reviews");
    // The same verses' meaning and continuity, answered at the same times
    // and always recalled, as choices mostly are: a fit of every review
    // would believe the learner forgets far less than the recitations say.
    let mut mixed = recitations.clone();
    for review in &recitations {
        for skill in [Skill::Meaning, Skill::Continuity] {
            if let Ok(item) = ItemKey::new(review.item.verse(), skill) {
                assert!(!trains_parameters(item));
                mixed.push(Review {
                    item,
                    rating: Rating::Easy,
                    ..*review
                });
            }
        }
    }
    assert!(mixed.len() > 2 * recitations.len(), "{}", mixed.len());
    let with_choices = fit(&mixed, 0).expect("enough reviews");
    assert_eq!(with_choices.parameters, alone.parameters);
    assert_eq!(with_choices.fitted.log_loss, alone.fitted.log_loss);
    assert_eq!(
        (with_choices.items, with_choices.training_reviews),
        (alone.items, alone.training_reviews)
    );
    assert_eq!(with_choices.reviews, mixed.len());

    // Choices alone, however many, fit nothing.
    let choices: Vec<Review> = mixed
        .into_iter()
        .filter(|r| !trains_parameters(r.item))
        .collect();
    assert!(matches!(
        fit(&choices, 0),
        Err(FitError::NotEnoughReviews { have: 0, .. })
    ));
}
