//! `iqrah optimize` on a real review log: sessions practised day after day
//! through the API (the command's own database, the real content), then
//! the command fits, shows and resets, printing the figures.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use std::collections::HashMap;
use std::path::Path;

use iqrah_api::{Clock, Config, Iqrah, Timestamp};
use predicates::boolean::PredicateBooleanExt;
use predicates::str::contains;
use serde_json::Value;

use common::{Outcome, data_dir, iqrah_at};

/// 2026-11-24T06:00:00Z.
const T0: i64 = 1_795_500_000_000;
const DAY: i64 = 86_400_000;

/// Practises juz 30 once a day for `days` days through the API (60 items a
/// session): Again on an item last answered three or more days before,
/// Good otherwise. Returns the answers given.
async fn practise_days(dir: &Path, days: i64) -> usize {
    let local = iqrah_api::UserId::local;
    let mut last_seen: HashMap<String, i64> = HashMap::new();
    let mut answers = 0;
    for day in 0..days {
        let mut config = Config::new(dir);
        config.clock = Clock::Fixed(Timestamp::from_millis(T0 + day * DAY));
        config.automatic_fitting = false;
        let iqrah = Iqrah::open(config).await.unwrap();
        if day == 0 {
            iqrah
                .update_setting(&local(), "session_size".into(), "60".into())
                .await
                .unwrap();
            iqrah
                .update_setting(&local(), "new_verses_per_session".into(), "10".into())
                .await
                .unwrap();
        }
        let session = iqrah
            .start_session(&local(), "juz:30".into())
            .await
            .unwrap();
        while let Some(item) = iqrah
            .get_next_session_item(&iqrah_api::UserId::local(), session.id.clone())
            .await
            .unwrap()
        {
            // Recall halves every two days since the item was last seen:
            // far faster forgetting than FSRS's defaults expect.
            let grade = match last_seen.get(&item.node_id) {
                Some(&seen) if unit(answers) >= 0.5f64.powf((day - seen) as f64 / 2.0) => 1,
                _ => 3,
            };
            iqrah
                .submit_session_item(
                    &iqrah_api::UserId::local(),
                    session.id.clone(),
                    item.node_id.clone(),
                    grade,
                    4_000 + (answers % 1_000) as u64,
                )
                .await
                .unwrap();
            last_seen.insert(item.node_id, day);
            answers += 1;
        }
        iqrah
            .complete_session(&iqrah_api::UserId::local(), session.id)
            .await
            .unwrap();
    }
    answers
}

#[test]
fn optimize_fits_shows_and_resets_on_a_real_review_log() {
    let dir = data_dir();
    let d = dir.path();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let answers = runtime.block_on(practise_days(d, 26));
    drop(runtime);
    let now = "2026-12-20T06:00:00Z";

    let shown = iqrah_at(d, now)
        .args(["optimize", "--show", "--json"])
        .assert()
        .stdout_json();
    assert_eq!(shown["source"], "default");
    assert_eq!(shown["reviews"], answers);

    iqrah_at(d, now).arg("optimize").assert().success().stdout(
        contains(format!("Fitted FSRS to {answers} reviews"))
            .and(contains("log loss"))
            .and(contains("RMSE (bins)"))
            .and(contains("defaults"))
            .and(contains("fitted"))
            .and(contains("Kept")),
    );

    let report = iqrah_at(d, now)
        .args(["optimize", "--json"])
        .assert()
        .stdout_json();
    assert_eq!(report["kept"], true);
    assert_eq!(report["reviews"], answers);
    let fitted = report["fitted"]["log_loss"].as_f64().unwrap();
    let default = report["default"]["log_loss"].as_f64().unwrap();
    assert!(fitted < default, "{report}");
    assert_eq!(report["parameters"].as_array().unwrap().len(), 21);

    let shown = iqrah_at(d, now)
        .args(["optimize", "--show", "--json"])
        .assert()
        .stdout_json();
    assert_eq!(shown["source"], "fitted");
    assert_eq!(shown["parameters"], report["parameters"]);
    assert_eq!(shown["fit"]["fitted"], report["fitted"]);
    iqrah_at(d, now)
        .args(["optimize", "--show"])
        .assert()
        .success()
        .stdout(contains("fitted to"));

    let reset = iqrah_at(d, now)
        .args(["optimize", "--reset", "--json"])
        .assert()
        .stdout_json();
    assert_eq!(reset["source"], "default");
    assert_eq!(reset["fit"], Value::Null);
    iqrah_at(d, now)
        .args(["optimize", "--show"])
        .assert()
        .success()
        .stdout(contains("default parameters"));
}

#[test]
fn a_short_log_is_refused_with_its_code() {
    let dir = data_dir();
    let d = dir.path();
    let now = "2026-11-24T06:00:00Z";
    assert_eq!(
        iqrah_at(d, now)
            .args(["optimize", "--json"])
            .assert()
            .error_code(),
        "not_enough_reviews"
    );
    iqrah_at(d, now)
        .arg("optimize")
        .assert()
        .code(1)
        .stderr(contains("0 of the 400 needed"));
    iqrah_at(d, now)
        .args(["optimize", "--reset", "--show"])
        .assert()
        .failure();
}

/// A fixed pseudo-random number in [0, 1) for the `n`th answer (SplitMix64),
/// so the simulated learner's log is the same on every run.
fn unit(n: usize) -> f64 {
    let mut z = (n as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
}
