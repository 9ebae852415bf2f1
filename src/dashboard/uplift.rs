//! The uplift chart: one row per KPI of a segment with a holdout, a bar from zero to the relative
//! difference between its treatment and control groups (right when the treatment does better,
//! left when worse), the 95 % interval as a whisker, and its p-value after it; drawn in the
//! bar charts' frame (`bars::Frame`: rows, labels, whiskers, axes).

use super::bars::{Frame, Layout, WIDTH};
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

const BAR: f64 = 20.0;
const GAP: f64 = 12.0;
const TOP: f64 = 16.0;
const NOTE: f64 = 170.0;
/// Blue for better than the control, vermillion for worse (Okabe–Ito).
const BETTER: &str = "#0072B2";
const WORSE: &str = "#D55E00";

impl UpliftChart {
    /// The chart as an `<svg>` element, in the frame of the bar charts.
    pub fn render(&self) -> String {
        let layout = Layout {
            widest_label: 300.0,
            note: NOTE,
            top: TOP,
            bar: BAR,
            gap: GAP,
        };
        let frame = Frame::new(self.rows.iter().map(|r| r.label.as_str()), &layout);
        let (left, area) = (frame.left, frame.area);
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
        let height = frame.bottom() + 48.0;
        let mut body = String::new();
        let zero = x(0.0);
        for (i, r) in self.rows.iter().enumerate() {
            let y = frame.y(i);
            body.push_str(&frame.category(i, &r.label));
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
            body.push_str(&frame.whisker(i, x(r.interval.0), x(r.interval.1)));
            body.push_str(&frame.note(i, left + area + 8.0, &r.note));
        }
        let bottom = frame.bottom();
        body.push_str(&svg::line(zero, TOP - 6.0, zero, bottom, "axis"));
        for v in [lo, 0.0, hi] {
            body.push_str(&svg::text(
                x(v),
                bottom + 16.0,
                Anchor::Middle,
                "tick",
                &format!("{:+.0}%", v * 100.0),
            ));
        }
        body.push_str(&frame.axes(&self.value_axis, &self.category_axis, 38.0));
        svg::document(WIDTH, height, &self.title, &body)
    }
}
