//! Choosing plausible distractors: near the answer in the mushaf (same surah
//! first, then the same juz, then further), of similar length, and never
//! equal to the answer (or to each other) under [`crate::arabic::loose_key`].

use iqrah_quran::{VerseKey, juz_of, juz_range, surah_range};
use rand::Rng;

/// How many verses around the answer's verse each search stage looks at.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reach(pub usize);

/// Candidates offered so far, with their scores; the best with distinct
/// keys win.
pub(crate) struct Picker<T> {
    answer_key: u64,
    answer_len: u32,
    need: usize,
    scored: Vec<(f32, u64, T)>,
}

impl<T: Copy> Picker<T> {
    /// A picker for `need` distractors of an answer with `answer_key` and length `answer_len`.
    pub fn new(answer_key: u64, answer_len: u32, need: usize) -> Self {
        Picker {
            answer_key,
            answer_len,
            need,
            scored: Vec::with_capacity(128),
        }
    }

    /// Offers a candidate; ones equal to the answer are ignored.
    pub fn offer<R: Rng>(&mut self, rng: &mut R, key: u64, len: u32, item: T) {
        if key == self.answer_key {
            return;
        }
        let gap = self.answer_len.abs_diff(len) as f32 / self.answer_len.max(4) as f32;
        let jitter: f32 = rng.random_range(0.0..0.5);
        self.scored.push((gap.min(3.0) + jitter, key, item));
    }

    /// The best `need` candidates with distinct keys, if there are that many.
    pub fn best(&mut self) -> Option<Vec<T>> {
        self.scored
            .sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut keys: Vec<u64> = Vec::with_capacity(self.need);
        let mut chosen = Vec::with_capacity(self.need);
        for &(_, key, item) in &self.scored {
            if chosen.len() == self.need {
                break;
            }
            if !keys.contains(&key) {
                keys.push(key);
                chosen.push(item);
            }
        }
        (chosen.len() == self.need).then_some(chosen)
    }
}

/// Verse indices searched in turn around `center`: first the same surah
/// within `reach`, then the same juz within twice that, then anywhere within
/// forty times that. Each stage lists only verses not listed before.
pub(crate) fn stages(center: VerseKey, reach: Reach) -> [Vec<usize>; 3] {
    let i = center.index();
    let r = reach.0;
    let span = |lo: usize, hi: usize| (i.saturating_sub(r * lo), i.saturating_add(r * hi));
    let clip = |range: iqrah_quran::VerseRange, (lo, hi): (usize, usize)| {
        let (a, b) = (range.start().index(), range.end().index());
        lo.max(a)..=hi.min(b)
    };
    let surah = surah_range(u32::from(center.surah()))
        .map(|s| clip(s, span(1, 1)))
        .unwrap_or(i..=i);
    let juz = juz_range(u32::from(juz_of(center)))
        .map(|j| clip(j, span(2, 2)))
        .unwrap_or(i..=i);
    let wide = clip(iqrah_quran::VerseRange::whole(), span(40, 40));
    let first: Vec<usize> = surah.clone().collect();
    let second: Vec<usize> = juz.clone().filter(|v| !surah.contains(v)).collect();
    let third: Vec<usize> = wide
        .filter(|v| !surah.contains(v) && !juz.contains(v))
        .collect();
    [first, second, third]
}

/// Runs the stages until `need` distinct distractors are found.
pub(crate) fn search<T: Copy, R: Rng>(
    rng: &mut R,
    picker: &mut Picker<T>,
    center: VerseKey,
    reach: Reach,
    mut offer: impl FnMut(&mut R, &mut Picker<T>, usize),
) -> Option<Vec<T>> {
    for stage in stages(center, reach) {
        for index in stage {
            offer(rng, picker, index);
        }
        if let Some(found) = picker.best() {
            return Some(found);
        }
    }
    None
}
