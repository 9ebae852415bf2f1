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

const WIDTH: f64 = 760.0;
const BAR: f64 = 22.0;
const GAP: f64 = 10.0;
const TOP: f64 = 16.0;
const NOTE: f64 = 150.0;

impl BarChart {
    /// The chart as an `<svg>` element.
    pub fn render(&self) -> String {
        let longest = self.bars.iter().map(|b| b.label.chars().count()).max();
        let left = svg::label_width(longest.unwrap_or(4)).clamp(60.0, 260.0) + 40.0;
        let area = WIDTH - left - NOTE;
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
        let plot_h = self.bars.len() as f64 * (BAR + GAP);
        let height = TOP + legend + plot_h + 44.0;
        let mut body = String::new();
        for (i, (name, (x, dy))) in self.series.iter().zip(entries).enumerate() {
            let y = TOP + dy;
            body.push_str(&svg::rect(x, y - 4.0, 12.0, 12.0, svg::colour(i), "", ""));
            body.push_str(&svg::text(x + 17.0, y + 6.0, Anchor::Start, "legend", name));
        }
        let top = TOP + legend;
        body.push_str(&svg::line(left, top - 4.0, left, top + plot_h, "axis"));
        for (row, bar) in self.bars.iter().enumerate() {
            let y = top + row as f64 * (BAR + GAP);
            body.push_str(&svg::text(
                left - 8.0,
                y + BAR * 0.7,
                Anchor::End,
                "category",
                &bar.label,
            ));
            let mut x = left;
            for (i, part) in bar.parts.iter().enumerate() {
                let w = scale(part.value);
                let attrs = part.datum.attributes();
                body.push_str(&svg::rect(x, y, w, BAR, svg::colour(i), &attrs, &part.tip));
                x += w;
            }
            if let Some((lo, hi)) = bar.interval {
                let (x1, x2, mid) = (left + scale(lo), left + scale(hi), y + BAR / 2.0);
                body.push_str(&svg::line(x1, mid, x2, mid, "whisker"));
                body.push_str(&svg::line(x1, y + 4.0, x1, y + BAR - 4.0, "whisker"));
                body.push_str(&svg::line(x2, y + 4.0, x2, y + BAR - 4.0, "whisker"));
                x = x.max(x2);
            }
            body.push_str(&svg::text(
                x + 6.0,
                y + BAR * 0.7,
                Anchor::Start,
                "note",
                &bar.note,
            ));
        }
        let axis_y = top + plot_h;
        body.push_str(&svg::line(left, axis_y, left + area, axis_y, "axis"));
        body.push_str(&svg::axis_label(
            left + area / 2.0,
            axis_y + 30.0,
            false,
            &self.value_axis,
        ));
        body.push_str(&svg::axis_label(
            14.0,
            top + plot_h / 2.0,
            true,
            &self.category_axis,
        ));
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
