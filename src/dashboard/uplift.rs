//! The uplift chart: one row per KPI of a segment with a holdout, a bar from zero to the relative
//! difference between its treatment and control groups (right when the treatment does better,
//! left when worse), the 95 % interval as a whisker, and its p-value after it.

use super::html::Datum;
use super::svg::{self, Anchor};

/// A diverging bar chart of relative differences; `render` draws it.
pub struct UpliftChart {
    pub title: String,
    /// What the bars measure (the relative difference).
    pub value_axis: String,
    pub category_axis: String,
    pub rows: Vec<UpliftRow>,
}

/// One row: a KPI of one segment.
pub struct UpliftRow {
    pub label: String,
    /// Difference ÷ control.
    pub relative: f64,
    /// The interval of the difference ÷ control.
    pub interval: (f64, f64),
    pub datum: Datum,
    pub tip: String,
    /// Text after the row: the relative difference and the p-value.
    pub note: String,
}

const WIDTH: f64 = 760.0;
const BAR: f64 = 20.0;
const GAP: f64 = 12.0;
const TOP: f64 = 16.0;
const NOTE: f64 = 170.0;
/// Blue for better than the control, vermillion for worse (Okabe–Ito).
const BETTER: &str = "#0072B2";
const WORSE: &str = "#D55E00";

impl UpliftChart {
    /// The chart as an `<svg>` element.
    pub fn render(&self) -> String {
        let longest = self.rows.iter().map(|r| r.label.chars().count()).max();
        let left = svg::label_width(longest.unwrap_or(4)).clamp(60.0, 300.0) + 40.0;
        let area = WIDTH - left - NOTE;
        // The scale spans every bar and whisker, and zero.
        let (mut lo, mut hi) = (0.0f64, 0.0f64);
        for r in &self.rows {
            lo = lo.min(r.relative).min(r.interval.0);
            hi = hi.max(r.relative).max(r.interval.1);
        }
        let span = match hi - lo > 0.0 {
            true => hi - lo,
            false => 1.0,
        };
        let x = |v: f64| left + (v - lo) / span * area;
        let plot_h = self.rows.len() as f64 * (BAR + GAP);
        let height = TOP + plot_h + 48.0;
        let mut body = String::new();
        let zero = x(0.0);
        for (i, r) in self.rows.iter().enumerate() {
            let y = TOP + i as f64 * (BAR + GAP);
            body.push_str(&svg::text(
                left - 8.0,
                y + BAR * 0.7,
                Anchor::End,
                "category",
                &r.label,
            ));
            let (from, to) = (zero.min(x(r.relative)), zero.max(x(r.relative)));
            let fill = match r.relative >= 0.0 {
                true => BETTER,
                false => WORSE,
            };
            let attrs = r.datum.attributes();
            body.push_str(&svg::rect(
                from,
                y,
                (to - from).max(1.0),
                BAR,
                fill,
                &attrs,
                &r.tip,
            ));
            let (x1, x2, mid) = (x(r.interval.0), x(r.interval.1), y + BAR / 2.0);
            body.push_str(&svg::line(x1, mid, x2, mid, "whisker"));
            body.push_str(&svg::line(x1, y + 3.0, x1, y + BAR - 3.0, "whisker"));
            body.push_str(&svg::line(x2, y + 3.0, x2, y + BAR - 3.0, "whisker"));
            body.push_str(&svg::text(
                left + area + 8.0,
                y + BAR * 0.7,
                Anchor::Start,
                "note",
                &r.note,
            ));
        }
        let axis_y = TOP + plot_h;
        body.push_str(&svg::line(zero, TOP - 6.0, zero, axis_y, "axis"));
        body.push_str(&svg::line(left, axis_y, left + area, axis_y, "axis"));
        for v in [lo, 0.0, hi] {
            body.push_str(&svg::text(
                x(v),
                axis_y + 16.0,
                Anchor::Middle,
                "tick",
                &format!("{:+.0}%", v * 100.0),
            ));
        }
        body.push_str(&svg::axis_label(
            left + area / 2.0,
            axis_y + 38.0,
            false,
            &self.value_axis,
        ));
        body.push_str(&svg::axis_label(
            14.0,
            TOP + plot_h / 2.0,
            true,
            &self.category_axis,
        ));
        svg::document(WIDTH, height, &self.title, &body)
    }
}
