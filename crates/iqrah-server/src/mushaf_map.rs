//! The mushaf page by page: each of the 604 pages a square coloured by how
//! far its verses have come, a row for each juz, drawn as SVG by the server
//! with a sentence for screen readers on every row.

use iqrah_api::{DivisionState, PageProgressDto};

/// Side of a page's square, in viewBox units.
pub(crate) const CELL: u32 = 14;
/// Distance from one square to the next.
const PITCH: u32 = 16;

/// One page's square.
pub(crate) struct PageCell {
    pub(crate) x: u32,
    /// The page's state (`new`, `begun`, `learning`, `known`), its CSS class.
    pub(crate) state: &'static str,
    /// "Page 42 · 2:253–2:256 · 2 of 4 verses started, 1 known".
    pub(crate) title: String,
}

/// The pages whose first verse lies in one juz.
pub(crate) struct JuzRow {
    pub(crate) juz: u8,
    pub(crate) first_page: u16,
    pub(crate) last_page: u16,
    pub(crate) cells: Vec<PageCell>,
    /// The row for a screen reader: how many pages are in each state.
    pub(crate) description: String,
}

/// The whole map: a row per juz, every row on the same scale.
pub(crate) struct MushafMap {
    pub(crate) rows: Vec<JuzRow>,
    /// The viewBox width of every row: the longest row's squares.
    pub(crate) width: u32,
    /// Pages begun, learning and known across the mushaf.
    pub(crate) begun: u32,
    pub(crate) learning: u32,
    pub(crate) known: u32,
}

/// Pages counted by state.
#[derive(Default)]
struct StateCounts {
    begun: u32,
    learning: u32,
    known: u32,
    new: u32,
}

impl StateCounts {
    fn add(&mut self, state: DivisionState) {
        match state {
            DivisionState::New => self.new += 1,
            DivisionState::Begun => self.begun += 1,
            DivisionState::Learning => self.learning += 1,
            DivisionState::Known => self.known += 1,
        }
    }
}

impl MushafMap {
    /// The map of `pages` (in mushaf order).
    pub(crate) fn of(pages: &[PageProgressDto]) -> Self {
        let mut rows: Vec<JuzRow> = Vec::with_capacity(30);
        let mut row_counts: Vec<StateCounts> = Vec::with_capacity(30);
        let mut total = StateCounts::default();
        for page in pages {
            if rows.last().is_none_or(|row| row.juz != page.juz) {
                rows.push(JuzRow {
                    juz: page.juz,
                    first_page: page.page,
                    last_page: page.page,
                    cells: Vec::new(),
                    description: String::new(),
                });
                row_counts.push(StateCounts::default());
            }
            let (Some(row), Some(counts)) = (rows.last_mut(), row_counts.last_mut()) else {
                continue;
            };
            row.last_page = page.page;
            row.cells.push(PageCell {
                x: row.cells.len() as u32 * PITCH,
                state: page.state.as_str(),
                title: page_title(page),
            });
            counts.add(page.state);
            total.add(page.state);
        }
        for (row, counts) in rows.iter_mut().zip(&row_counts) {
            row.description = format!(
                "Juz {}, pages {} to {}: {} known, {} learning, {} begun, {} new",
                row.juz,
                row.first_page,
                row.last_page,
                counts.known,
                counts.learning,
                counts.begun,
                counts.new
            );
        }
        let longest = rows.iter().map(|r| r.cells.len() as u32).max().unwrap_or(1);
        MushafMap {
            width: longest * PITCH - (PITCH - CELL),
            rows,
            begun: total.begun,
            learning: total.learning,
            known: total.known,
        }
    }
}

/// A page's tooltip: its number, its verses and how far they have come.
fn page_title(page: &PageProgressDto) -> String {
    let range = if page.first_verse == page.last_verse {
        page.first_verse.clone()
    } else {
        format!("{}–{}", page.first_verse, page.last_verse)
    };
    let p = &page.progress;
    format!(
        "Page {} · {} · {} of {} verse{} started, {} known",
        page.page,
        range,
        p.started(),
        page.verse_count,
        if page.verse_count == 1 { "" } else { "s" },
        p.known
    )
}

#[cfg(test)]
mod tests {
    use iqrah_api::VerseProgress;

    use super::*;

    fn page(number: u16, juz: u8, new: u32, learning: u32, known: u32) -> PageProgressDto {
        let progress = VerseProgress {
            new,
            learning,
            known,
        };
        PageProgressDto {
            page: number,
            juz,
            first_verse: format!("2:{number}"),
            last_verse: format!("2:{}", u32::from(number) + new + learning + known - 1),
            verse_count: new + learning + known,
            state: progress.division_state(),
            progress,
        }
    }

    #[test]
    fn pages_fall_into_a_row_per_juz_on_one_scale_with_their_states_told() {
        let pages = [
            page(1, 1, 0, 0, 7),
            page(2, 1, 3, 2, 0),
            page(3, 1, 5, 0, 0),
            page(4, 2, 0, 4, 1),
        ];
        let map = MushafMap::of(&pages);
        assert_eq!(map.rows.len(), 2);
        let first = &map.rows[0];
        assert_eq!((first.juz, first.first_page, first.last_page), (1, 1, 3));
        let states: Vec<_> = first.cells.iter().map(|c| c.state).collect();
        assert_eq!(states, ["known", "begun", "new"]);
        assert_eq!(
            first.cells.iter().map(|c| c.x).collect::<Vec<_>>(),
            [0, 16, 32]
        );
        assert_eq!(map.width, 3 * 16 - 2, "the longest row fills the width");
        assert_eq!(
            first.description,
            "Juz 1, pages 1 to 3: 1 known, 0 learning, 1 begun, 1 new"
        );
        assert_eq!(map.rows[1].cells[0].state, "learning");
        assert_eq!((map.begun, map.learning, map.known), (1, 1, 1));
        assert_eq!(
            first.cells[1].title,
            "Page 2 · 2:2–2:6 · 2 of 5 verses started, 0 known"
        );
    }
}
