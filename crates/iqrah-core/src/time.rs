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

#[cfg(test)]
mod tests {
    use super::*;

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
