//! The session's submit on PostgreSQL beside the raw PostgreSQL
//! transaction doing the same writes: the long-time learner of
//! [`crate::learner`], moved onto the database through the learner archive
//! (`export_learner`, `import_learner`), answers one session from the
//! front through the API while the raw writes
//! (`iqrah_postgres::test_support::raw_submit`, the store's own statements
//! under the learner's lock) answer it from the back, alternately.

use std::time::{Duration, Instant};

use iqrah_api::{Backend, Iqrah, SessionId};
use iqrah_postgres::PgStore;
use iqrah_postgres::test_support::{pending_item as raw_pending, raw_submit};

use crate::BenchError;
use crate::learner::{self, NOW, Scale, fresh_session, local, pending_item};

/// Timings of the API's submits and the raw transactions, interleaved.
#[derive(Debug)]
pub(crate) struct Samples {
    /// `submit_session_item` through the API on PostgreSQL.
    pub(crate) submit: Vec<Duration>,
    /// The raw PostgreSQL transaction of the same writes.
    pub(crate) raw: Vec<Duration>,
    /// Items with a memory state.
    pub(crate) items: usize,
    /// Review log entries moved onto the database.
    pub(crate) reviews: usize,
}

/// Moves the learner of `scale` onto `database` and times `runs` submits
/// of each kind.
pub(crate) async fn submit_vs_raw(
    database: &str,
    scale: Scale,
    runs: usize,
    progress: &mut dyn FnMut(&str),
) -> Result<Samples, BenchError> {
    progress("PostgreSQL: creating the long-time learner");
    let learner = learner::Learner::create(scale).await?;
    let archive = learner.iqrah.export_learner(&local()).await?;
    let dir = learner.close().await;
    progress("PostgreSQL: moving the learner onto the database (iqrah import's path)");
    let store = PgStore::connect(database)
        .await
        .map_err(|e| BenchError::Setup(e.to_string()))?;
    let iqrah = Iqrah::open_with_backend(
        learner::config(dir.path()),
        Backend::Postgres(store.clone()),
    )
    .await?;
    let items = archive.learner.memory_states.len();
    let reviews = archive.learner.reviews.len();
    iqrah.import_learner(&local(), archive).await?;

    progress("PostgreSQL: submit_session_item beside the raw transaction");
    let mut samples = Samples {
        submit: Vec::with_capacity(runs),
        raw: Vec::with_capacity(runs),
        items,
        reviews,
    };
    let mut session = fresh_session(&iqrah).await?;
    for _ in 0..runs {
        let item = pending_item(&iqrah, &mut session).await?;
        let started = Instant::now();
        iqrah
            .submit_session_item(&local(), session.clone(), item.node_id, 3, 5_000)
            .await?;
        samples.submit.push(started.elapsed());
        let raw = match raw_pending(&store, &local(), &SessionId::new(&session), NOW)
            .await
            .map_err(|e| BenchError::Setup(e.to_string()))?
        {
            Some(raw) => raw,
            None => {
                session = fresh_session(&iqrah).await?;
                raw_pending(&store, &local(), &SessionId::new(&session), NOW)
                    .await
                    .map_err(|e| BenchError::Setup(e.to_string()))?
                    .ok_or_else(|| BenchError::Setup("a new session has no item".to_owned()))?
            }
        };
        let started = Instant::now();
        raw_submit(&store, &local(), &raw, NOW)
            .await
            .map_err(|e| BenchError::Setup(e.to_string()))?;
        samples.raw.push(started.elapsed());
    }
    iqrah.close().await;
    drop(dir);
    Ok(samples)
}
