//! The session calls through [`iqrah_api::Iqrah`], timed one by one on the
//! learner, and the raw SQLite transaction interleaved with the submits.

use std::path::Path;
use std::time::{Duration, Instant};

use iqrah_api::{Iqrah, UserId};

use crate::BenchError;
use crate::learner::{
    GOAL, Learner, config, fresh_session, pending_item, raw_pending, raw_pending_many, raw_submit,
    raw_submits, right_answer,
};

/// The timed samples of every API operation but the resume.
#[derive(Debug, Default)]
pub(crate) struct ApiSamples {
    pub(crate) start: Vec<Duration>,
    pub(crate) next: Vec<Duration>,
    pub(crate) check: Vec<Duration>,
    pub(crate) submit: Vec<Duration>,
    pub(crate) raw_submit: Vec<Duration>,
    pub(crate) undo: Vec<Duration>,
    pub(crate) complete: Vec<Duration>,
}

fn local() -> UserId {
    UserId::local()
}

/// Times `runs` of each call. Leaves an active session with pending items
/// for the resume.
pub(crate) async fn measure(
    learner: &Learner,
    runs: usize,
    progress: &mut dyn FnMut(&str),
) -> Result<ApiSamples, BenchError> {
    let (iqrah, store) = (&learner.iqrah, &learner.store);
    let mut samples = ApiSamples::default();

    progress("start_session");
    for _ in 0..runs {
        if let Some(active) = iqrah.get_active_session(&local()).await? {
            iqrah.abandon_session(&local(), active.id).await?;
        }
        let started = Instant::now();
        let session = iqrah.start_session(&local(), GOAL.to_owned()).await?;
        samples.start.push(started.elapsed());
        if session.items_completed != 0 {
            return Err(BenchError::Setup(
                "start_session returned a session already practised".to_owned(),
            ));
        }
    }

    progress("get_next_session_item");
    let session = fresh_session(iqrah).await?;
    let mut current = None;
    for _ in 0..runs {
        let started = Instant::now();
        let item = iqrah
            .get_next_session_item(&local(), session.clone())
            .await?;
        samples.next.push(started.elapsed());
        current =
            Some(item.ok_or_else(|| BenchError::Setup("a new session has no item".to_owned()))?);
    }

    progress("check_answer");
    let item = match current {
        Some(item) => item,
        None => pending_item(iqrah, &mut session.clone()).await?,
    };
    let answer = right_answer(store, &item).await?;
    for _ in 0..runs {
        let started = Instant::now();
        let checked = iqrah
            .check_answer(
                &local(),
                session.clone(),
                item.node_id.clone(),
                answer.clone(),
                4_000,
            )
            .await?;
        samples.check.push(started.elapsed());
        if checked.outcome.correct == Some(false) {
            return Err(BenchError::Setup(format!(
                "the stored solution of {} was judged wrong",
                item.node_id
            )));
        }
    }

    // One session for both: the API answers from the front, the raw
    // transaction from the back; alternating them exposes both to the same
    // moment of the machine.
    progress("submit_session_item beside the raw SQLite transaction");
    let mut session = fresh_session(iqrah).await?;
    for _ in 0..runs {
        let item = pending_item(iqrah, &mut session).await?;
        let started = Instant::now();
        iqrah
            .submit_session_item(&local(), session.clone(), item.node_id, 3, 5_000)
            .await?;
        samples.submit.push(started.elapsed());
        let raw = raw_pending(iqrah, store, &mut session).await?;
        let started = Instant::now();
        raw_submit(store, &raw).await?;
        samples.raw_submit.push(started.elapsed());
    }

    progress("undo_last_answer");
    let mut session = fresh_session(iqrah).await?;
    for _ in 0..runs {
        let item = pending_item(iqrah, &mut session).await?;
        iqrah
            .submit_session_item(&local(), session.clone(), item.node_id.clone(), 3, 5_000)
            .await?;
        let started = Instant::now();
        let current = iqrah.undo_last_answer(&local(), session.clone()).await?;
        samples.undo.push(started.elapsed());
        if current.map(|c| c.item_id) != Some(item.item_id) {
            return Err(BenchError::Setup(format!(
                "undo did not make {} current again",
                item.node_id
            )));
        }
    }

    progress("complete_session");
    for _ in 0..runs {
        let mut session = fresh_session(iqrah).await?;
        for _ in 0..5 {
            let item = pending_item(iqrah, &mut session).await?;
            iqrah
                .submit_session_item(&local(), session.clone(), item.node_id, 3, 5_000)
                .await?;
        }
        let started = Instant::now();
        let summary = iqrah.complete_session(&local(), session).await?;
        samples.complete.push(started.elapsed());
        if summary.summary.items_completed != 5 {
            return Err(BenchError::Setup(format!(
                "{} items completed, not 5",
                summary.summary.items_completed
            )));
        }
    }

    // The session the restarts resume.
    fresh_session(iqrah).await?;
    Ok(samples)
}

/// `sessions` learners' sessions answered at once through the API, in this
/// process (no HTTP): one surah goal each (the HTTP clients' goals), every
/// item fetched and submitted with grade 3 until the sessions end. Returns
/// each submit's latency and the wall time of the whole load; the
/// sessions are then completed, untimed.
pub(crate) async fn concurrent_submits(
    iqrah: &Iqrah,
    sessions: usize,
) -> Result<(Vec<Duration>, Duration), BenchError> {
    let mut ids = Vec::with_capacity(sessions);
    for n in 0..sessions {
        let goal = format!("surah:{}", crate::goal_surah(n));
        ids.push(iqrah.start_session(&local(), goal).await?.id);
    }
    let started = Instant::now();
    let tasks: Vec<_> = ids
        .iter()
        .map(|id| {
            let (iqrah, id) = (iqrah.clone(), id.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while let Some(item) = iqrah.get_next_session_item(&local(), id.clone()).await? {
                    let sent = Instant::now();
                    iqrah
                        .submit_session_item(&local(), id.clone(), item.node_id, 3, 5_000)
                        .await?;
                    latencies.push(sent.elapsed());
                }
                Ok::<_, BenchError>(latencies)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(
            task.await
                .map_err(|e| BenchError::Setup(format!("a session task failed: {e}")))??,
        );
    }
    let elapsed = started.elapsed();
    for id in ids {
        iqrah.complete_session(&local(), id).await?;
    }
    Ok((latencies, elapsed))
}

/// Times `batches` raw transactions, each writing `size` submits (the
/// writes only, as [`raw_submit`] does for one): the most a submit could
/// gain from group commit, before any read, decision or HTTP.
pub(crate) async fn raw_group_commits(
    learner: &Learner,
    size: usize,
    batches: usize,
) -> Result<Vec<Duration>, BenchError> {
    let mut samples = Vec::with_capacity(batches);
    for _ in 0..batches {
        let items = raw_pending_many(&learner.iqrah, &learner.store, size).await?;
        let started = Instant::now();
        raw_submits(&learner.store, &items).await?;
        samples.push(started.elapsed());
    }
    Ok(samples)
}

/// Times `runs` restarts on a data directory nothing holds open: open the
/// API, find the active session, read its current item; then close
/// everything again.
pub(crate) async fn measure_resume(
    data_dir: &Path,
    runs: usize,
) -> Result<Vec<Duration>, BenchError> {
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let iqrah = Iqrah::open(config(data_dir)).await?;
        let session = iqrah
            .get_active_session(&local())
            .await?
            .ok_or_else(|| BenchError::Setup("no active session to resume".to_owned()))?;
        let item = iqrah.get_next_session_item(&local(), session.id).await?;
        samples.push(started.elapsed());
        if item.is_none() {
            return Err(BenchError::Setup(
                "the resumed session has no pending item".to_owned(),
            ));
        }
        iqrah.close().await;
    }
    Ok(samples)
}
