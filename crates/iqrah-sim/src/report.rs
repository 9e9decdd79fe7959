//! Figures at the horizon per learner, their medians and means over
//! learners, and their ratios to Iqrah's.

use serde::Serialize;

use crate::Policy;

/// One learner's figures at the horizon (or a median or mean over learners).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Verses held: true recall of the recitation at least
    /// [`crate::HELD_AT`] (see [`crate::recitation_recall`]).
    pub held: f64,
    /// Sum over the goal's verses of the true recall of their recitation.
    pub recall_sum: f64,
    /// Verses held [`crate::LATER_DAYS`] days after the horizon, without
    /// practice in between.
    pub held_later: f64,
    /// Verses whose meaning's true recall is at least [`crate::HELD_AT`].
    pub meaning_held: f64,
    /// Sum over the goal's verses of the true recall of their meaning.
    pub meaning_sum: f64,
    /// Sum over the goal's verses of the true recall of their
    /// memorization alone (the verse word-perfect, without the link).
    pub memorization_sum: f64,
    /// Verses introduced (studied at least once).
    pub introduced: f64,
    /// Verses held per hour actually practised (0 when nothing was).
    pub held_per_hour: f64,
    /// Minutes practised per calendar day (skipped days count), study included.
    pub minutes_per_day: f64,
    /// Answers per calendar day.
    pub answers_per_day: f64,
    /// Answers that were reviews (not a verse's first exposure), in all.
    pub reviews: f64,
    /// Times FSRS parameters were fitted to the app's review log (with
    /// [`crate::Options::fit_every`]; 0 otherwise).
    pub fits: f64,
    /// Fits kept: better than the defaults on the log (log loss).
    pub fits_kept: f64,
    /// At the last fit, the log loss of FSRS's defaults on the app's log
    /// (0 without a fit).
    pub log_loss_default: f64,
    /// At the last fit, the log loss of the fitted parameters on the same
    /// log (0 without a fit).
    pub log_loss_fitted: f64,
}

/// The names of [`Figures`]' fields, in table order.
pub const FIGURE_NAMES: [&str; 15] = [
    "held",
    "recall_sum",
    "held_later",
    "meaning_held",
    "meaning_sum",
    "memorization_sum",
    "introduced",
    "held_per_hour",
    "minutes_per_day",
    "answers_per_day",
    "reviews",
    "fits",
    "fits_kept",
    "log_loss_default",
    "log_loss_fitted",
];

impl Figures {
    /// The values, in the order of [`FIGURE_NAMES`].
    pub fn values(&self) -> [f64; 15] {
        [
            self.held,
            self.recall_sum,
            self.held_later,
            self.meaning_held,
            self.meaning_sum,
            self.memorization_sum,
            self.introduced,
            self.held_per_hour,
            self.minutes_per_day,
            self.answers_per_day,
            self.reviews,
            self.fits,
            self.fits_kept,
            self.log_loss_default,
            self.log_loss_fitted,
        ]
    }

    fn from_values(v: [f64; 15]) -> Self {
        Figures {
            held: v[0],
            recall_sum: v[1],
            held_later: v[2],
            meaning_held: v[3],
            meaning_sum: v[4],
            memorization_sum: v[5],
            introduced: v[6],
            held_per_hour: v[7],
            minutes_per_day: v[8],
            answers_per_day: v[9],
            reviews: v[10],
            fits: v[11],
            fits_kept: v[12],
            log_loss_default: v[13],
            log_loss_fitted: v[14],
        }
    }

    /// The mean of several learners' figures, field by field (zeros for none).
    pub fn mean(all: &[Figures]) -> Figures {
        let n = all.len().max(1) as f64;
        let mut sum = [0.0; 15];
        for f in all {
            for (s, v) in sum.iter_mut().zip(f.values()) {
                *s += v;
            }
        }
        Figures::from_values(sum.map(|s| s / n))
    }

    /// The median of several learners' figures, field by field (zeros for none).
    pub fn median(all: &[Figures]) -> Figures {
        let mut out = [0.0; 15];
        for (k, slot) in out.iter_mut().enumerate() {
            let mut column: Vec<f64> = all.iter().map(|f| f.values()[k]).collect();
            *slot = median(&mut column);
        }
        Figures::from_values(out)
    }

    /// Each figure divided by `base`'s (`None` where `base`'s is zero).
    pub fn ratios(&self, base: &Figures) -> Ratios {
        let mut out = [None; 15];
        for ((slot, a), b) in out.iter_mut().zip(self.values()).zip(base.values()) {
            *slot = (b != 0.0).then(|| a / b);
        }
        Ratios(out)
    }
}

/// A policy's figures divided by Iqrah's, in the order of
/// [`FIGURE_NAMES`] (`None` where Iqrah's is zero). Serialized as an
/// object keyed by the names.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Ratios(pub [Option<f64>; 15]);

impl Serialize for Ratios {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(FIGURE_NAMES.len()))?;
        for (name, value) in FIGURE_NAMES.iter().zip(self.0) {
            map.serialize_entry(name, &value)?;
        }
        map.end()
    }
}

impl Ratios {
    /// The ratio of the figure named `name` (one of [`FIGURE_NAMES`]).
    pub fn get(&self, name: &str) -> Option<f64> {
        FIGURE_NAMES
            .iter()
            .position(|n| *n == name)
            .and_then(|k| self.0[k])
    }
}

/// T95 of one policy on the T95 goal: the first day from which 95 % of
/// the goal's verses stay held to the horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct T95 {
    /// The median over learners of the day (from 0), a learner who never
    /// reaches it counting as later than every day; `None` when fewer than
    /// half the learners reach it.
    pub median_day: Option<f64>,
    /// Learners who reach it.
    pub reached: u32,
    /// Each learner's day, `None` when not reached.
    pub days: Vec<Option<u32>>,
}

impl T95 {
    /// T95 over learners from each learner's day.
    pub fn of(days: Vec<Option<u32>>) -> T95 {
        let reached = days.iter().filter(|d| d.is_some()).count();
        let mut sorted: Vec<f64> = days
            .iter()
            .map(|d| d.map_or(f64::INFINITY, f64::from))
            .collect();
        let median_day = Some(median(&mut sorted)).filter(|m| m.is_finite());
        T95 {
            median_day,
            reached: u32::try_from(reached).unwrap_or(u32::MAX),
            days,
        }
    }
}

/// One policy's results over all learners.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyReport {
    /// The policy.
    pub policy: Policy,
    /// Median figures over learners (the headline).
    pub median: Figures,
    /// Mean figures over learners.
    pub mean: Figures,
    /// Median figures divided by Iqrah's median figures.
    pub ratio_to_iqrah: Ratios,
    /// T95 on the T95 goal, when it was run.
    pub t95: Option<T95>,
}

/// A goal as written and its number of verses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalSize {
    /// The goal, as written (`juz:30`).
    pub goal: String,
    /// Verses in the goal.
    pub verses: usize,
}

/// The result of [`crate::simulate`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The goal, as written (`surah:50-114`).
    pub goal: String,
    /// Verses in the goal.
    pub verses: usize,
    /// The T95 goal, when it was run.
    pub t95_goal: Option<GoalSize>,
    /// Days simulated.
    pub days: u32,
    /// The daily budget, in minutes.
    pub minutes_per_day: u32,
    /// Learners simulated (the same ones under every policy).
    pub learners: u32,
    /// The seed.
    pub seed: u64,
    /// One entry per policy, Iqrah first.
    pub policies: Vec<PolicyReport>,
}

impl Report {
    /// The entry of one policy.
    pub fn policy(&self, policy: Policy) -> Option<&PolicyReport> {
        self.policies.iter().find(|p| p.policy == policy)
    }
}

/// The median of some values (0 for none).
pub(crate) fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}
