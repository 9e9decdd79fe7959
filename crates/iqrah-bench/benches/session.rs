//! Figures from issue 4, for a learner with a memory state on every item
//! (18,594) and a long review log (over 200,000 entries): submit ≤ 2× a raw
//! SQLite transaction doing the same writes, start_session ≤ 10 ms,
//! get_next_session_item ≤ 0.5 ms, resume after a restart ≤ 50 ms.
//!
//! Run: `cargo bench -p iqrah-bench --bench session -- --warm-up-time 1 --measurement-time 4`.
//! The last group, `submit_vs_raw`, alternates the two submits in one loop
//! and prints both medians and their ratio.
//!
//! The learner, its set-up and the raw transaction live in this crate's
//! `learner` module, shared with the `iqrah-bench` binary (which measures the
//! same calls in one table).

#![allow(missing_docs)] // criterion_group! generates undocumented items.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A benchmark: a failed set-up is a failed run.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use iqrah_api::Iqrah;
use iqrah_bench::learner::{
    GOAL, Learner, Scale, config, fresh_session, pending_item, raw_pending, raw_submit,
    right_answer,
};
use tokio::runtime::Runtime;

fn local() -> iqrah_api::UserId {
    iqrah_api::UserId::local()
}

/// The learner of `iqrah-bench`, on its own runtime.
struct Fixture {
    runtime: Runtime,
    learner: Learner,
}

fn fixture() -> Fixture {
    let runtime = Runtime::new().expect("tokio runtime");
    let learner = runtime
        .block_on(Learner::create(Scale::Full))
        .expect("the benchmark learner (is quran-json installed?)");
    assert!(
        learner.review_log >= 200_000,
        "{} review log entries",
        learner.review_log
    );
    Fixture { runtime, learner }
}

fn benches(c: &mut Criterion) {
    let f = fixture();
    let (rt, iqrah, pool) = (&f.runtime, &f.learner.iqrah, &f.learner.store);
    let mut group = c.benchmark_group("session");

    group.bench_function("start_session", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    if let Some(active) = iqrah.get_active_session(&local()).await.unwrap() {
                        iqrah
                            .abandon_session(&iqrah_api::UserId::local(), active.id)
                            .await
                            .unwrap();
                    }
                    let started = Instant::now();
                    let session = iqrah
                        .start_session(&local(), GOAL.to_owned())
                        .await
                        .unwrap();
                    total += started.elapsed();
                    assert_eq!(session.items_completed, 0, "a new session each time");
                }
                total
            })
        })
    });

    let session = rt.block_on(fresh_session(iqrah)).unwrap();
    group.bench_function("get_next_session_item", |b| {
        b.iter(|| {
            rt.block_on(async {
                black_box(
                    iqrah
                        .get_next_session_item(&iqrah_api::UserId::local(), session.clone())
                        .await
                        .unwrap(),
                )
            })
        })
    });

    let item = rt
        .block_on(iqrah.get_next_session_item(&iqrah_api::UserId::local(), session.clone()))
        .unwrap()
        .unwrap();
    let answer = rt.block_on(right_answer(pool, &item)).unwrap();
    group.bench_function("check_answer", |b| {
        b.iter(|| {
            rt.block_on(async {
                let checked = iqrah
                    .check_answer(
                        &iqrah_api::UserId::local(),
                        session.clone(),
                        item.node_id.clone(),
                        answer.clone(),
                        4_000,
                    )
                    .await;
                black_box(checked.unwrap())
            })
        })
    });

    group.bench_function("submit_session_item", |b| {
        let mut session = rt.block_on(fresh_session(iqrah)).unwrap();
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let item = pending_item(iqrah, &mut session).await.unwrap();
                    let started = Instant::now();
                    let receipt = iqrah
                        .submit_session_item(
                            &iqrah_api::UserId::local(),
                            session.clone(),
                            item.node_id,
                            3,
                            5_000,
                        )
                        .await
                        .unwrap();
                    total += started.elapsed();
                    black_box(receipt);
                }
                total
            })
        })
    });

    group.bench_function("raw_sqlite_submit_transaction", |b| {
        let mut session = rt.block_on(fresh_session(iqrah)).unwrap();
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let item = raw_pending(iqrah, pool, &mut session).await.unwrap();
                    let started = Instant::now();
                    raw_submit(pool, &item).await.unwrap();
                    total += started.elapsed();
                }
                total
            })
        })
    });

    group.bench_function("undo_last_answer", |b| {
        let mut session = rt.block_on(fresh_session(iqrah)).unwrap();
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let item = pending_item(iqrah, &mut session).await.unwrap();
                    iqrah
                        .submit_session_item(
                            &iqrah_api::UserId::local(),
                            session.clone(),
                            item.node_id.clone(),
                            3,
                            5_000,
                        )
                        .await
                        .unwrap();
                    let started = Instant::now();
                    let current = iqrah
                        .undo_last_answer(&iqrah_api::UserId::local(), session.clone())
                        .await
                        .unwrap();
                    total += started.elapsed();
                    assert_eq!(
                        current.map(|c| c.item_id),
                        Some(item.item_id),
                        "the undone item is current again"
                    );
                }
                total
            })
        })
    });

    group.bench_function("complete_session", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let mut session = fresh_session(iqrah).await.unwrap();
                    for _ in 0..5 {
                        let item = pending_item(iqrah, &mut session).await.unwrap();
                        iqrah
                            .submit_session_item(
                                &iqrah_api::UserId::local(),
                                session.clone(),
                                item.node_id,
                                3,
                                5_000,
                            )
                            .await
                            .unwrap();
                    }
                    let started = Instant::now();
                    let summary = iqrah
                        .complete_session(&iqrah_api::UserId::local(), session)
                        .await
                        .unwrap();
                    total += started.elapsed();
                    assert_eq!(summary.summary.items_completed, 5);
                }
                total
            })
        })
    });

    let active = rt.block_on(fresh_session(iqrah)).unwrap();
    group.bench_function("resume_after_restart", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let started = Instant::now();
                    let restarted = Iqrah::open(config(f.learner.data_dir())).await.unwrap();
                    let session = restarted
                        .get_active_session(&local())
                        .await
                        .unwrap()
                        .expect("an active session");
                    let item = restarted
                        .get_next_session_item(&iqrah_api::UserId::local(), session.id)
                        .await
                        .unwrap()
                        .expect("a pending item");
                    total += started.elapsed();
                    assert_eq!(item.session_id, active);
                    restarted.close().await;
                }
                total
            })
        })
    });
    group.finish();

    submit_vs_raw(&f);
}

/// Alternates an API submit and the raw transaction in one loop and prints
/// both medians and their ratio (the "≤ 2×" figure).
fn submit_vs_raw(f: &Fixture) {
    const ROUNDS: usize = 600;
    let (iqrah, pool) = (&f.learner.iqrah, &f.learner.store);
    let (mut api, mut raw) = (Vec::with_capacity(ROUNDS), Vec::with_capacity(ROUNDS));
    f.runtime.block_on(async {
        // One session for both: the API answers from the front, the raw
        // transaction from the back.
        let mut session = fresh_session(iqrah).await.unwrap();
        for _ in 0..ROUNDS {
            let item = pending_item(iqrah, &mut session).await.unwrap();
            let started = Instant::now();
            iqrah
                .submit_session_item(
                    &iqrah_api::UserId::local(),
                    session.clone(),
                    item.node_id,
                    3,
                    5_000,
                )
                .await
                .unwrap();
            api.push(started.elapsed());
            let item = raw_pending(iqrah, pool, &mut session).await.unwrap();
            let started = Instant::now();
            raw_submit(pool, &item).await.unwrap();
            raw.push(started.elapsed());
        }
    });
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (api, raw) = (median(&mut api), median(&mut raw));
    println!(
        "submit_vs_raw ({ROUNDS} interleaved rounds): submit median {api:?}, raw transaction median {raw:?}, ratio {:.2} (target ≤ 2)",
        api.as_secs_f64() / raw.as_secs_f64()
    );
}

criterion_group!(session, benches);
criterion_main!(session);
