//! How long `fitting::fit` takes on a simulated learner's review log of
//! about 2,000 and 20,000 reviews (median of three runs each). A plain
//! timing command, not criterion: one fit of 20,000 reviews takes seconds.
//! Run with `cargo bench -p iqrah-core --bench fitting`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/learner_log/mod.rs"]
mod learner_log;

use std::time::{Duration, Instant};

fn main() {
    for (reviews, new_per_day) in [(2_000, 10), (20_000, 20)] {
        let log = learner_log::review_log(reviews, new_per_day, 0.5, 1);
        let mut times: Vec<Duration> = Vec::new();
        let mut last = None;
        for _ in 0..3 {
            let started = Instant::now();
            let fit = iqrah_core::fitting::fit(std::hint::black_box(&log), 0).expect("fit");
            times.push(started.elapsed());
            last = Some(fit);
        }
        times.sort();
        let fit = last.expect("three runs");
        println!(
            "fit {:>6} reviews ({} items, {} training): median {:>8.1} ms (min {:.1}, max {:.1}); log loss {:.4} -> {:.4}, RMSE {:.4} -> {:.4}",
            fit.reviews,
            fit.items,
            fit.training_reviews,
            times[1].as_secs_f64() * 1e3,
            times[0].as_secs_f64() * 1e3,
            times[2].as_secs_f64() * 1e3,
            fit.default.log_loss,
            fit.fitted.log_loss,
            fit.default.rmse_bins,
            fit.fitted.rmse_bins,
        );
    }
}
