//! Figures at the horizon, averaged over learners, and their ratios to Iqrah's.

use serde::Serialize;

use crate::Policy;

/// One learner's figures at the horizon, or their mean over learners.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Verses whose true recall probability (memorization) is at least
    /// [`crate::MEMORIZED_AT`].
    pub memorized: f64,
    /// Mean true retrievability of the memorization of introduced verses.
    pub retention: f64,
    /// Mean true retrievability of the continuity (this verse → the next)
    /// of every pair of consecutive verses of one surah both introduced.
    pub continuity: f64,
    /// Introduced verses whose true recall probability is below
    /// [`crate::AT_RISK_BELOW`].
    pub at_risk: f64,
    /// Verses introduced (studied at least once).
    pub introduced: f64,
    /// Answers per calendar day (skipped days count).
    pub answers_per_day: f64,
    /// Minutes practised per calendar day, study included.
    pub minutes_per_day: f64,
}

impl Figures {
    /// The figures as (name, value) pairs, in table order.
    pub fn fields(&self) -> [(&'static str, f64); 7] {
        [
            ("memorized", self.memorized),
            ("retention", self.retention),
            ("continuity", self.continuity),
            ("at_risk", self.at_risk),
            ("introduced", self.introduced),
            ("answers_per_day", self.answers_per_day),
            ("minutes_per_day", self.minutes_per_day),
        ]
    }

    fn map2(&self, other: &Figures, f: impl Fn(f64, f64) -> f64) -> Figures {
        Figures {
            memorized: f(self.memorized, other.memorized),
            retention: f(self.retention, other.retention),
            continuity: f(self.continuity, other.continuity),
            at_risk: f(self.at_risk, other.at_risk),
            introduced: f(self.introduced, other.introduced),
            answers_per_day: f(self.answers_per_day, other.answers_per_day),
            minutes_per_day: f(self.minutes_per_day, other.minutes_per_day),
        }
    }

    /// The mean of several learners' figures (zeros for none).
    pub fn mean(all: &[Figures]) -> Figures {
        let n = all.len().max(1) as f64;
        let sum = all
            .iter()
            .fold(Figures::default(), |acc, f| acc.map2(f, |a, b| a + b));
        sum.map2(&sum, |a, _| a / n)
    }

    /// Each figure divided by `base`'s (`None` where `base`'s is zero).
    pub fn ratios(&self, base: &Figures) -> Ratios {
        let r = |a: f64, b: f64| (b != 0.0).then(|| a / b);
        Ratios {
            memorized: r(self.memorized, base.memorized),
            retention: r(self.retention, base.retention),
            continuity: r(self.continuity, base.continuity),
            at_risk: r(self.at_risk, base.at_risk),
            introduced: r(self.introduced, base.introduced),
            answers_per_day: r(self.answers_per_day, base.answers_per_day),
            minutes_per_day: r(self.minutes_per_day, base.minutes_per_day),
        }
    }
}

/// A policy's figures divided by Iqrah's (`None` where Iqrah's is zero).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[allow(missing_docs)] // The fields mirror [`Figures`].
pub struct Ratios {
    pub memorized: Option<f64>,
    pub retention: Option<f64>,
    pub continuity: Option<f64>,
    pub at_risk: Option<f64>,
    pub introduced: Option<f64>,
    pub answers_per_day: Option<f64>,
    pub minutes_per_day: Option<f64>,
}

impl Ratios {
    /// The ratios as (name, value) pairs, in table order.
    pub fn fields(&self) -> [(&'static str, Option<f64>); 7] {
        [
            ("memorized", self.memorized),
            ("retention", self.retention),
            ("continuity", self.continuity),
            ("at_risk", self.at_risk),
            ("introduced", self.introduced),
            ("answers_per_day", self.answers_per_day),
            ("minutes_per_day", self.minutes_per_day),
        ]
    }
}

/// One policy's results over all learners.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyReport {
    /// The policy.
    pub policy: Policy,
    /// Mean figures over learners.
    pub mean: Figures,
    /// Median over learners of the verses memorized.
    pub median_memorized: f64,
    /// Mean figures divided by Iqrah's mean figures.
    pub ratio_to_iqrah: Ratios,
}

/// The result of [`crate::simulate`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The goal, as written (`juz:30`).
    pub goal: String,
    /// Verses in the goal.
    pub verses: usize,
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
