//! Median and 99th percentile of timed samples.

use std::time::Duration;

use serde::Serialize;

/// The figures of one measured operation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// How many samples.
    pub runs: usize,
    /// The median, in milliseconds (the mean of the two middle samples when
    /// their number is even).
    pub median_ms: f64,
    /// The 99th percentile by nearest rank, in milliseconds: the smallest
    /// sample that at least 99 % of the samples do not exceed.
    pub p99_ms: f64,
}

impl Summary {
    /// Summarizes `samples` (in any order); `None` when there are none.
    pub fn of(samples: &[Duration]) -> Option<Summary> {
        let mut sorted = samples.to_vec();
        sorted.sort_unstable();
        let n = sorted.len();
        if n == 0 {
            return None;
        }
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let median_ms = if n % 2 == 1 {
            ms(sorted[n / 2])
        } else {
            (ms(sorted[n / 2 - 1]) + ms(sorted[n / 2])) / 2.0
        };
        Some(Summary {
            runs: n,
            median_ms,
            p99_ms: ms(sorted[percentile_index(n, 99)]),
        })
    }
}

/// The index of the `percent`th percentile by nearest rank in `n` sorted
/// samples (`n` > 0): `ceil(percent / 100 × n) − 1`.
fn percentile_index(n: usize, percent: usize) -> usize {
    (percent * n).div_ceil(100).clamp(1, n) - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn millis(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|&v| Duration::from_millis(v)).collect()
    }

    #[test]
    fn no_samples_no_summary() {
        assert_eq!(Summary::of(&[]), None);
    }

    #[test]
    fn one_sample_is_every_figure() {
        assert_eq!(
            Summary::of(&millis(&[7])),
            Some(Summary {
                runs: 1,
                median_ms: 7.0,
                p99_ms: 7.0
            })
        );
    }

    #[test]
    fn median_of_odd_and_even_counts_in_any_order() {
        assert_eq!(
            Summary::of(&millis(&[9, 1, 5])).map(|s| s.median_ms),
            Some(5.0)
        );
        assert_eq!(
            Summary::of(&millis(&[4, 1, 3, 2])).map(|s| s.median_ms),
            Some(2.5)
        );
    }

    #[test]
    fn p99_by_nearest_rank() {
        // 1..=100 ms: the 99th value is 99 ms.
        let hundred: Vec<u64> = (1..=100).rev().collect();
        let summary = Summary::of(&millis(&hundred));
        assert_eq!(
            summary,
            Some(Summary {
                runs: 100,
                median_ms: 50.5,
                p99_ms: 99.0
            })
        );
        // 1..=1000 ms: the 990th.
        let thousand: Vec<u64> = (1..=1000).collect();
        assert_eq!(
            Summary::of(&millis(&thousand)).map(|s| s.p99_ms),
            Some(990.0)
        );
        // Fewer than 100 samples: the largest one.
        assert_eq!(
            Summary::of(&millis(&[3, 50, 1, 2])).map(|s| s.p99_ms),
            Some(50.0)
        );
    }

    #[test]
    fn percentile_index_bounds() {
        assert_eq!(percentile_index(1, 99), 0);
        assert_eq!(percentile_index(2, 50), 0);
        assert_eq!(percentile_index(200, 99), 197);
        assert_eq!(percentile_index(200, 100), 199);
        assert_eq!(percentile_index(5, 0), 0);
    }
}
