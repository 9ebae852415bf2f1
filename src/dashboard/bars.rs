//! Horizontal bar charts: one bar per category, made of one part or of stacked parts (one per
//! series, with a legend), each bar optionally with an interval whisker (a confidence interval
//! around an estimate, as KPIs with their uplift need) and a note after it.

use super::html::Datum;
use super::svg::{self, Anchor};

/// A bar chart; `render` draws it.
pub struct BarChart {
    pub title: String,
    /// What the bars' length measures.
    pub value_axis: String,
    /// What the categories are.
    pub category_axis: String,
    /// The names of the stacked series, for the legend; empty for single-part bars.
    pub series: Vec<String>,
    pub bars: Vec<Bar>,
}

/// One category's bar.
pub struct Bar {
    pub label: String,
    /// The parts, left to right; part `i` is series `i`'s colour.
    pub parts: Vec<Part>,
    /// `(low, high)` on the value scale, drawn as a whisker across the bar's end.
    pub interval: Option<(f64, f64)>,
    /// Text after the bar, e.g. the formatted value and share.
    pub note: String,
}

/// One part of a bar.
pub struct Part {
    pub value: f64,
    /// The model's number this part shows, in the element's attributes.
    pub datum: Datum,
    /// The tooltip.
    pub tip: String,
}

/// The width of both horizontal charts (these bars and the uplift chart).
pub(super) const WIDTH: f64 = 760.0;
const BAR: f64 = 22.0;
const GAP: f64 = 10.0;
const TOP: f64 = 16.0;
const NOTE: f64 = 150.0;

/// Where a horizontal chart draws its rows, shared by [`BarChart`] and the uplift chart: a
/// column of category labels on the left, a value scale `area` wide from `left`, then room for
/// each row's note; row `i` is `bar` high, rows `gap` apart, the first at `top`.
pub(super) struct Frame {
    pub left: f64,
    pub area: f64,
    pub top: f64,
    pub bar: f64,
    pub gap: f64,
    pub rows: usize,
}

/// The size of a [`Frame`]'s parts, as each chart chooses them.
pub(super) struct Layout {
    /// The widest the label column may be.
    pub widest_label: f64,
    /// The room kept after the scale for the notes.
    pub note: f64,
    pub top: f64,
    pub bar: f64,
    pub gap: f64,
}

impl Frame {
    /// The frame of rows labelled `labels`, the label column as wide as the longest needs.
    pub fn new<'a>(labels: impl Iterator<Item = &'a str>, layout: &Layout) -> Frame {
        let (mut longest, mut rows) = (None, 0);
        for label in labels {
            longest = longest.max(Some(label.chars().count()));
            rows += 1;
        }
        let left = svg::label_width(longest.unwrap_or(4)).clamp(60.0, layout.widest_label) + 40.0;
        Frame {
            left,
            area: WIDTH - left - layout.note,
            top: layout.top,
            bar: layout.bar,
            gap: layout.gap,
            rows,
        }
    }

    /// The top of row `i`.
    pub fn y(&self, i: usize) -> f64 {
        self.top + i as f64 * (self.bar + self.gap)
    }

    /// Where the rows end and the value axis is drawn.
    pub fn bottom(&self) -> f64 {
        self.y(self.rows)
    }

    /// Row `i`'s category label, right-aligned before the scale.
    pub fn category(&self, i: usize, label: &str) -> String {
        let y = self.y(i) + self.bar * 0.7;
        svg::text(self.left - 8.0, y, Anchor::End, "category", label)
    }

    /// A text after row `i`, from `x`.
    pub fn note(&self, i: usize, x: f64, note: &str) -> String {
        svg::text(x, self.y(i) + self.bar * 0.7, Anchor::Start, "note", note)
    }

    /// An interval across row `i` from `x1` to `x2`: a line through the row's middle with a cap
    /// at each end.
    pub fn whisker(&self, i: usize, x1: f64, x2: f64) -> String {
        let (y, inset) = (self.y(i), self.bar / 5.0);
        let (mid, low, high) = (y + self.bar / 2.0, y + inset, y + self.bar - inset);
        [
            svg::line(x1, mid, x2, mid, "whisker"),
            svg::line(x1, low, x1, high, "whisker"),
            svg::line(x2, low, x2, high, "whisker"),
        ]
        .concat()
    }

    /// The value axis under the rows with its label `below` it, and the category axis's label,
    /// turned, left of the category labels.
    pub fn axes(&self, value_axis: &str, category_axis: &str, below: f64) -> String {
        let bottom = self.bottom();
        let middle = self.left + self.area / 2.0;
        [
            svg::line(self.left, bottom, self.left + self.area, bottom, "axis"),
            svg::axis_label(middle, bottom + below, false, value_axis),
            svg::axis_label(
                14.0,
                self.top + (bottom - self.top) / 2.0,
                true,
                category_axis,
            ),
        ]
        .concat()
    }
}

impl BarChart {
    /// The chart as an `<svg>` element.
    pub fn render(&self) -> String {
        let layout = Layout {
            widest_label: 260.0,
            note: NOTE,
            top: TOP,
            bar: BAR,
            gap: GAP,
        };
        let mut frame = Frame::new(self.bars.iter().map(|b| b.label.as_str()), &layout);
        let (left, area) = (frame.left, frame.area);
        let max = self
            .bars
            .iter()
            .map(|b| {
                let total: f64 = b.parts.iter().map(|p| p.value).sum();
                b.interval.map_or(total, |(_, hi)| total.max(hi))
            })
            .fold(0.0, f64::max);
        let scale = |v: f64| match max > 0.0 {
            true => v / max * area,
            false => 0.0,
        };
        // The legend's entries left to right, on as many lines as they need.
        let mut entries = Vec::new();
        let (mut lx, mut ly) = (left, 0.0);
        for name in &self.series {
            let w = svg::label_width(name.chars().count()) + 34.0;
            if lx + w > WIDTH && lx > left {
                (lx, ly) = (left, ly + 22.0);
            }
            entries.push((lx, ly));
            lx += w;
        }
        let legend = match self.series.is_empty() {
            true => 0.0,
            false => ly + 30.0,
        };
        frame.top = TOP + legend;
        let height = frame.bottom() + 44.0;
        let mut body = String::new();
        for (i, (name, (x, dy))) in self.series.iter().zip(entries).enumerate() {
            let y = TOP + dy;
            body.push_str(&svg::rect(x, y - 4.0, 12.0, 12.0, svg::colour(i), "", ""));
            body.push_str(&svg::text(x + 17.0, y + 6.0, Anchor::Start, "legend", name));
        }
        body.push_str(&svg::line(
            left,
            frame.top - 4.0,
            left,
            frame.bottom(),
            "axis",
        ));
        for (row, bar) in self.bars.iter().enumerate() {
            let y = frame.y(row);
            body.push_str(&frame.category(row, &bar.label));
            let mut x = left;
            for (i, part) in bar.parts.iter().enumerate() {
                let w = scale(part.value);
                let attrs = part.datum.attributes();
                body.push_str(&svg::rect(x, y, w, BAR, svg::colour(i), &attrs, &part.tip));
                x += w;
            }
            if let Some((lo, hi)) = bar.interval {
                let (x1, x2) = (left + scale(lo), left + scale(hi));
                body.push_str(&frame.whisker(row, x1, x2));
                x = x.max(x2);
            }
            body.push_str(&frame.note(row, x + 6.0, &bar.note));
        }
        body.push_str(&frame.axes(&self.value_axis, &self.category_axis, 30.0));
        svg::document(WIDTH, height, &self.title, &body)
    }
}

#[cfg(test)]
mod tests {
    use super::{Bar, BarChart, Part};
    use crate::dashboard::html::Datum;

    fn chart(interval: Option<(f64, f64)>) -> String {
        BarChart {
            title: "t".into(),
            value_axis: "value".into(),
            category_axis: "kpi".into(),
            series: Vec::new(),
            bars: vec![Bar {
                label: "uplift".into(),
                parts: vec![Part {
                    value: 5.0,
                    datum: Datum::float("kpi", "/x".into(), 5.0),
                    tip: "5".into(),
                }],
                interval,
                note: "5".into(),
            }],
        }
        .render()
    }

    #[test]
    fn an_interval_draws_a_whisker_with_two_caps() {
        assert_eq!(
            chart(Some((3.0, 8.0))).matches("class=\"whisker\"").count(),
            3
        );
        assert_eq!(chart(None).matches("class=\"whisker\"").count(), 0);
    }
}
