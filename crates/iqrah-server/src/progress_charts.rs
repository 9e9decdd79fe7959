//! The Progress page's charts as the server draws them: the year heatmap,
//! the due forecast and retention week by week, each a set of SVG shapes in
//! viewBox units with the text that describes it to a screen reader.

use iqrah_api::{DAY_MS, DayActivity, ForecastDay, RetentionWeek};

use crate::pages::percent;

/// The civil date (`2026-11-24`) of a day number (days since 1970-01-01);
/// a day beyond jiff's years (±9999) is shown as its number.
pub(crate) fn civil_date(days: i64) -> String {
    date_of(days).map_or_else(|| format!("day {days}"), |date| date.to_string())
}

/// The calendar date of a day number (days since 1970-01-01), when jiff can
/// hold it.
fn date_of(days: i64) -> Option<jiff::civil::Date> {
    let span = jiff::Span::new().try_days(days).ok()?;
    jiff::civil::date(1970, 1, 1).checked_add(span).ok()
}

/// The calendar date of the learner day starting at `day_start_ms`.
fn date_at(day_start_ms: i64) -> Option<jiff::civil::Date> {
    date_of(day_start_ms.div_euclid(DAY_MS))
}

/// One cell of the year heatmap.
pub(crate) struct HeatCell {
    pub(crate) x: u32,
    pub(crate) y: u32,
    /// 0 (no answers) to 4 (the busiest days).
    pub(crate) level: u8,
    pub(crate) title: String,
}

/// A label of a chart: a month above a heatmap week, a weekday beside a
/// heatmap row, or a tick of an axis.
pub(crate) struct ChartLabel {
    pub(crate) x: u32,
    pub(crate) y: u32,
    /// Its CSS classes: `month`, `weekday`, `tick`, `day` or `day last`.
    pub(crate) kind: &'static str,
    pub(crate) text: String,
}

/// The year heatmap: a column a week, a row a weekday, the last column
/// ending today.
pub(crate) struct Heatmap {
    pub(crate) cells: Vec<HeatCell>,
    pub(crate) labels: Vec<ChartLabel>,
}

/// Left margin of the heatmap, for the weekday labels.
const HEAT_LEFT: u32 = 30;
/// Top margin of the heatmap, for the month labels.
const HEAT_TOP: u32 = 14;

impl Heatmap {
    /// The heatmap of `activity` (one entry a day, oldest first).
    pub(crate) fn of(activity: &[DayActivity]) -> Self {
        let most = activity.iter().map(|d| d.answers).max().unwrap_or(0).max(1);
        let slot_of = |i: usize| i as u32 + (7 - activity.len() as u32 % 7) % 7;
        let mut labels = Vec::new();
        let mut cells = Vec::with_capacity(activity.len());
        let mut last_month_column = None;
        for (i, day) in activity.iter().enumerate() {
            let slot = slot_of(i);
            let column = slot / 7;
            let date = date_at(day.day_start.millis());
            if let Some(date) = date {
                // A month is named above the first week that holds its first
                // day, when there is room since the last name.
                if (date.day() == 1 || i == 0) && last_month_column.is_none_or(|c| column >= c + 3)
                {
                    last_month_column = Some(column);
                    labels.push(ChartLabel {
                        x: HEAT_LEFT + column * 12,
                        y: HEAT_TOP - 4,
                        kind: "month",
                        text: date.strftime("%b").to_string(),
                    });
                }
                // The weekdays of the rows, from the last week (it is whole).
                if i + 7 >= activity.len() && slot % 2 == 1 {
                    labels.push(ChartLabel {
                        x: HEAT_LEFT - 4,
                        y: HEAT_TOP + (slot % 7) * 12 + 9,
                        kind: "weekday",
                        text: date.strftime("%a").to_string(),
                    });
                }
            }
            let level = if day.answers == 0 {
                0
            } else {
                1 + (3 * day.answers / most).min(3) as u8
            };
            cells.push(HeatCell {
                x: HEAT_LEFT + column * 12,
                y: HEAT_TOP + (slot % 7) * 12,
                level,
                title: format!(
                    "{}: {} answers",
                    civil_date(day.day_start.millis().div_euclid(DAY_MS)),
                    day.answers
                ),
            });
        }
        Self { cells, labels }
    }
}

/// Left edge of the forecast's and retention chart's plots (the y axis);
/// the tick labels sit left of it.
const PLOT_LEFT: u32 = 30;
/// The y of a chart's highest tick.
const PLOT_TOP: f64 = 12.0;
/// The y of a chart's baseline (its x axis).
const PLOT_BASE: f64 = 96.0;

/// A horizontal line across a chart's plot at a tick of its y axis.
pub(crate) struct GridLine {
    pub(crate) y: f64,
    /// Its CSS class: `axis` for the baseline, `grid` or `aim` above it.
    pub(crate) kind: &'static str,
}

/// One bar of the forecast.
pub(crate) struct ForecastBar {
    pub(crate) x: u32,
    pub(crate) top: f64,
    pub(crate) height: f64,
    pub(crate) due: u32,
}

/// The due forecast: a bar a day on a y axis of items, the days named
/// below.
pub(crate) struct Forecast {
    pub(crate) bars: Vec<ForecastBar>,
    pub(crate) grid: Vec<GridLine>,
    pub(crate) labels: Vec<ChartLabel>,
    /// The chart as a sentence: every day's count.
    pub(crate) description: String,
}

/// The top of the forecast's y axis for a busiest day of `most` items: the
/// smallest even number at or above it, so the middle tick is whole.
fn forecast_scale(most: u32) -> u32 {
    match most {
        0 | 1 => 1,
        n => n + n % 2,
    }
}

/// The y of `value` on an axis from 0 (the baseline) to `top`.
fn y_of(value: f64, top: f64) -> f64 {
    PLOT_BASE - value / top * (PLOT_BASE - PLOT_TOP)
}

/// A y axis from 0 to `top`: a line and a label left of the plot at each
/// tick (its value and its text), the baseline drawn as the axis.
fn y_axis(ticks: &[(u32, String)], top: f64) -> (Vec<GridLine>, Vec<ChartLabel>) {
    ticks
        .iter()
        .map(|(value, text)| {
            let y = y_of(f64::from(*value), top);
            let line = GridLine {
                y,
                kind: if *value == 0 { "axis" } else { "grid" },
            };
            let label = ChartLabel {
                x: PLOT_LEFT - 4,
                y: y as u32 + 3,
                kind: "tick",
                text: text.clone(),
            };
            (line, label)
        })
        .unzip()
}

impl Forecast {
    /// The forecast of `days` (today first).
    pub(crate) fn of(days: &[ForecastDay]) -> Self {
        let scale = forecast_scale(days.iter().map(|d| d.due).max().unwrap_or(0));
        let ticks: Vec<u32> = if scale == 1 {
            vec![0, 1]
        } else {
            vec![0, scale / 2, scale]
        };
        let ticks: Vec<(u32, String)> = ticks.into_iter().map(|t| (t, t.to_string())).collect();
        let (grid, mut labels) = y_axis(&ticks, f64::from(scale));
        let mut bars = Vec::with_capacity(days.len());
        let mut spoken = Vec::with_capacity(days.len());
        for (i, day) in days.iter().enumerate() {
            let x = PLOT_LEFT + 4 + i as u32 * 22;
            let top = y_of(f64::from(day.due), f64::from(scale));
            bars.push(ForecastBar {
                x,
                top,
                height: PLOT_BASE - top,
                due: day.due,
            });
            let date = date_at(day.day_start.millis());
            let (weekday, name) = match (i, date) {
                (0, _) => ("today".to_owned(), "today".to_owned()),
                (_, Some(date)) => (
                    date.strftime("%a").to_string(),
                    date.strftime("%a %-d %b").to_string(),
                ),
                (_, None) => (format!("+{i}"), format!("in {i} days")),
            };
            labels.push(ChartLabel {
                x: x + 8,
                y: 108,
                kind: "day",
                text: weekday,
            });
            if let Some(date) = date.filter(|_| i > 0) {
                labels.push(ChartLabel {
                    x: x + 8,
                    y: 119,
                    kind: "day",
                    text: date.day().to_string(),
                });
            }
            spoken.push(format!("{name} {}", day.due));
        }
        Self {
            bars,
            grid,
            labels,
            description: format!(
                "Items due per day over the next {} days: {}",
                days.len(),
                spoken.join(", ")
            ),
        }
    }
}

/// One week's point on the retention chart.
pub(crate) struct RetentionPoint {
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) title: String,
}

/// Retention week by week: a point per week with due reviews, joined by a
/// line where weeks follow each other, on an axis from 0 to 100 %, with the
/// desired retention drawn across.
pub(crate) struct RetentionChart {
    pub(crate) points: Vec<RetentionPoint>,
    /// The SVG path joining consecutive measured weeks.
    pub(crate) path: String,
    pub(crate) grid: Vec<GridLine>,
    pub(crate) labels: Vec<ChartLabel>,
    /// The chart as a sentence: every week's figure and the aim.
    pub(crate) description: String,
}

impl RetentionChart {
    /// The chart of `weeks` (oldest first) against the `desired` retention;
    /// `None` when no week had a due review.
    pub(crate) fn of(weeks: &[RetentionWeek], desired: f32) -> Option<Self> {
        if weeks.iter().all(|w| w.measured.is_none()) {
            return None;
        }
        let ticks = [0u32, 50, 100].map(|tick| (tick, format!("{tick} %")));
        let (mut grid, mut labels) = y_axis(&ticks, 100.0);
        grid.push(GridLine {
            y: y_of(f64::from(desired), 1.0),
            kind: "aim",
        });
        let mut points = Vec::new();
        let mut path = String::new();
        let mut joined = false;
        let mut spoken = Vec::with_capacity(weeks.len());
        let last = weeks.len().saturating_sub(1);
        for (i, week) in weeks.iter().enumerate() {
            let x = f64::from(PLOT_LEFT) + 12.0 + i as f64 * 26.0;
            let this_week = i == last;
            // The name below the axis, and the name in the description.
            let (short, named) = match date_at(week.week_start.millis()) {
                _ if this_week => ("this week".to_owned(), "this week".to_owned()),
                Some(date) => {
                    let short = date.strftime("%-d %b").to_string();
                    let named = format!("week of {short}");
                    (short, named)
                }
                None => (String::new(), format!("{} weeks ago", last - i)),
            };
            // Below the axis: this week, and every third week before it;
            // this week's name ends at the plot's right edge.
            if (last - i).is_multiple_of(3) {
                labels.push(ChartLabel {
                    x: if this_week { 336 } else { x as u32 },
                    y: 110,
                    kind: if this_week { "day last" } else { "day" },
                    text: short,
                });
            }
            let Some(measured) = week.measured else {
                joined = false;
                spoken.push(format!("{named} no due reviews"));
                continue;
            };
            let y = y_of(measured, 1.0);
            path.push_str(&format!(
                "{}{x:.1} {y:.1}",
                if joined { " L" } else { " M" }
            ));
            joined = true;
            let figure = percent(Some(measured));
            spoken.push(format!("{named} {figure}"));
            points.push(RetentionPoint {
                x,
                y,
                title: format!(
                    "{}: {figure} ({} of {} due reviews passed)",
                    named, week.passed, week.due_reviews
                ),
            });
        }
        let aim = percent(Some(f64::from(desired)));
        Some(Self {
            points,
            path: path.trim_start().to_owned(),
            grid,
            labels,
            description: format!(
                "Due reviews passed, week by week over the last {} weeks: {}; the aim is {aim}",
                weeks.len(),
                spoken.join(", ")
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use iqrah_api::Timestamp;

    use super::*;

    /// 2026-11-24T00:00:00Z, a Tuesday.
    const TUESDAY: i64 = 20_781 * DAY_MS;

    #[test]
    fn day_numbers_become_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_781), "2026-11-24");
        assert_eq!(civil_date(-1), "1969-12-31");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(i64::MAX), format!("day {}", i64::MAX));
    }

    #[test]
    fn the_forecast_scale_has_whole_ticks() {
        assert_eq!(forecast_scale(0), 1);
        assert_eq!(forecast_scale(1), 1);
        assert_eq!(forecast_scale(7), 8);
        assert_eq!(forecast_scale(12), 12);
    }

    #[test]
    fn the_forecast_draws_every_day_to_scale_and_says_it() {
        let days: Vec<ForecastDay> = [12, 0, 3]
            .iter()
            .enumerate()
            .map(|(i, &due)| ForecastDay {
                day_start: Timestamp::from_millis(TUESDAY + i as i64 * DAY_MS),
                due,
            })
            .collect();
        let chart = Forecast::of(&days);
        assert_eq!(chart.bars.len(), 3);
        assert!(
            (chart.bars[0].top - PLOT_TOP).abs() < 1e-9,
            "the busiest day reaches the top"
        );
        assert!(
            chart.bars[1].height.abs() < 1e-9,
            "a day with nothing due has no bar"
        );
        assert!(
            (chart.bars[2].height - 21.0).abs() < 1e-9,
            "3 of 12 is a quarter of 84"
        );
        let ticks: Vec<&str> = chart
            .labels
            .iter()
            .filter(|l| l.kind == "tick")
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(ticks, ["0", "6", "12"]);
        assert_eq!(
            chart.description,
            "Items due per day over the next 3 days: today 12, Wed 25 Nov 0, Thu 26 Nov 3"
        );
    }

    #[test]
    fn retention_is_a_broken_line_over_weeks_with_due_reviews() {
        let week = |i: i64, passed: u32, due: u32| RetentionWeek {
            week_start: Timestamp::from_millis(TUESDAY + 7 * i * DAY_MS),
            due_reviews: due,
            passed,
            measured: (due > 0).then(|| f64::from(passed) / f64::from(due)),
        };
        let weeks = [week(0, 9, 10), week(1, 0, 0), week(2, 4, 5), week(3, 1, 1)];
        let chart = RetentionChart::of(&weeks, 0.9).expect("some weeks were measured");
        assert_eq!(chart.points.len(), 3);
        assert_eq!(
            chart.path.matches('M').count(),
            2,
            "the empty week breaks the line"
        );
        assert_eq!(chart.path.matches('L').count(), 1);
        assert!(
            chart
                .grid
                .iter()
                .any(|g| g.kind == "aim" && (g.y - y_of(0.9, 1.0)).abs() < 1e-3)
        );
        assert!(
            chart.description.contains("week of 24 Nov 90 %"),
            "{}",
            chart.description
        );
        assert!(
            chart.description.contains("no due reviews"),
            "{}",
            chart.description
        );
        assert!(
            chart
                .description
                .ends_with("this week 100 %; the aim is 90 %"),
            "{}",
            chart.description
        );
        assert!(RetentionChart::of(&[week(0, 0, 0)], 0.9).is_none());
    }
}
