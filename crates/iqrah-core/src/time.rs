//! Points in time as the core sees them: milliseconds since the Unix epoch.
//!
//! The core never reads a clock; callers pass `now` in.

use serde::{Deserialize, Serialize};

/// Milliseconds in one day (24 hours).
pub const DAY_MS: i64 = 86_400_000;

/// A point in time: milliseconds since 1970-01-01T00:00:00Z.
///
/// Serializes as a bare integer.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The timestamp `millis` milliseconds after the epoch.
    pub const fn from_millis(millis: i64) -> Self {
        Timestamp(millis)
    }

    /// Milliseconds since the epoch.
    pub const fn millis(self) -> i64 {
        self.0
    }

    /// This timestamp moved by a (possibly fractional, possibly negative)
    /// number of days, saturating at the ends of the representable range.
    pub fn plus_days(self, days: f64) -> Self {
        let delta = days * DAY_MS as f64;
        if !delta.is_finite() {
            return if delta > 0.0 {
                Timestamp(i64::MAX)
            } else {
                self
            };
        }
        // `as` saturates for out-of-range floats.
        Timestamp(self.0.saturating_add(delta as i64))
    }

    /// Days (fractional) from `earlier` to `self`; never negative, so a
    /// clock that went backwards reads as no time elapsed.
    pub fn days_since(self, earlier: Timestamp) -> f64 {
        let millis = self.0.saturating_sub(earlier.0).max(0);
        millis as f64 / DAY_MS as f64
    }
}

/// How a learner reads an interval of `days` learner days: "today",
/// "tomorrow", "in 3 days" (up to 13), "in 2 weeks" (up to 59 days),
/// "in 4 months" (up to 364 days), "in 1.2 years" (one decimal; "in 1 year",
/// "in 2 years" when whole). The one formatter of intervals.
pub fn describe_days(days: u32) -> String {
    match days {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        2..=13 => format!("in {days} days"),
        14..=59 => format!("in {} weeks", (f64::from(days) / 7.0).round()),
        60..=364 => format!("in {} months", (f64::from(days) / 30.44).round()),
        _ => {
            let years = (f64::from(days) / 365.25 * 10.0).round() / 10.0;
            if years == 1.0 {
                "in 1 year".to_owned()
            } else if years.fract() == 0.0 {
                format!("in {years:.0} years")
            } else {
                format!("in {years:.1} years")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_read_as_a_learner_says_them() {
        for (days, label) in [
            (0, "today"),
            (1, "tomorrow"),
            (3, "in 3 days"),
            (13, "in 13 days"),
            (14, "in 2 weeks"),
            (59, "in 8 weeks"),
            (60, "in 2 months"),
            (120, "in 4 months"),
            (364, "in 12 months"),
            (365, "in 1 year"),
            (438, "in 1.2 years"),
            (730, "in 2 years"),
            (36_500, "in 99.9 years"),
            (u32::MAX, "in 11758979.6 years"),
        ] {
            assert_eq!(describe_days(days), label, "{days}");
        }
    }

    #[test]
    fn elapsed_days_are_fractional_and_never_negative() {
        let t = Timestamp::from_millis(1_000 * DAY_MS);
        assert_eq!(t.days_since(t.plus_days(3.0)), 0.0);
        assert!((t.plus_days(0.25).days_since(t) - 0.25).abs() < 1e-9);
        assert_eq!(Timestamp(i64::MAX).plus_days(10.0), Timestamp(i64::MAX));
        assert_eq!(Timestamp(i64::MIN).days_since(Timestamp(i64::MAX)), 0.0);
        assert_eq!(t.plus_days(f64::NAN), t);
    }

    #[test]
    fn serializes_as_a_bare_integer() {
        assert_eq!(serde_json::to_string(&Timestamp(42)).unwrap(), "42");
        assert_eq!(
            serde_json::from_str::<Timestamp>("-7").unwrap(),
            Timestamp(-7)
        );
    }
}
