//! Flow diagrams: the stages of a segmentation at two dates as two columns of boxes, each box as
//! tall as its people, joined by bands as wide as the number of people moving from a stage on
//! the left to a stage on the right.

use super::html::Datum;
use super::svg::{self, Anchor};

/// A flow diagram; `render` draws it.
pub struct FlowChart {
    pub title: String,
    /// The two columns' headings (the stages at each date).
    pub left_axis: String,
    pub right_axis: String,
    pub stages: Vec<String>,
    /// `moves[i][j]`: people from `stages[i]` (left) to `stages[j]` (right).
    pub moves: Vec<Vec<Move>>,
}

/// One band.
pub struct Move {
    pub value: u64,
    pub datum: Datum,
    pub tip: String,
}

const WIDTH: f64 = 760.0;
/// The least height; a segmentation of many stages gets more, so that labels stay apart.
const MIN_HEIGHT: f64 = 380.0;
const NODE: f64 = 14.0;
const GAP: f64 = 16.0;
const TOP: f64 = 34.0;

impl FlowChart {
    /// The diagram as an `<svg>` element.
    pub fn render(&self) -> String {
        let n = self.stages.len();
        let height = MIN_HEIGHT.max(40.0 * n as f64 + 60.0);
        let out_of: Vec<u64> = self
            .moves
            .iter()
            .map(|r| r.iter().map(|m| m.value).sum())
            .collect();
        let into: Vec<u64> = (0..n)
            .map(|j| {
                self.moves
                    .iter()
                    .map(|r| r.get(j).map_or(0, |m| m.value))
                    .sum()
            })
            .collect();
        let total = out_of.iter().sum::<u64>().max(1) as f64;
        let avail = height - TOP - 20.0 - GAP * n.saturating_sub(1) as f64;
        let unit = avail / total;
        let longest = self
            .stages
            .iter()
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(4);
        let label = svg::label_width(longest).clamp(40.0, 220.0) + 12.0;
        let (lx, rx) = (label, WIDTH - label - NODE);
        let tops = |sizes: &[u64]| {
            let mut y = TOP;
            sizes
                .iter()
                .map(|s| {
                    let at = y;
                    y += *s as f64 * unit + GAP;
                    at
                })
                .collect::<Vec<f64>>()
        };
        let (left_tops, right_tops) = (tops(&out_of), tops(&into));
        let mut body = String::new();
        let mut right_fill = right_tops.clone();
        for (i, row) in self.moves.iter().enumerate() {
            let mut y = left_tops[i];
            for (j, m) in row.iter().enumerate() {
                let h = m.value as f64 * unit;
                if m.value > 0 {
                    let (y0, y1) = (y, right_fill[j]);
                    let (x0, x1) = (lx + NODE, rx);
                    let mid = (x0 + x1) / 2.0;
                    let d = format!(
                        "M{a} {b} C{m} {b} {m} {c} {e} {c} L{e} {f} C{m} {f} {m} {g} {a} {g} Z",
                        a = svg::num(x0),
                        b = svg::num(y0),
                        c = svg::num(y1),
                        e = svg::num(x1),
                        f = svg::num(y1 + h),
                        g = svg::num(y0 + h),
                        m = svg::num(mid),
                    );
                    body.push_str(&format!(
                        "<path d=\"{d}\" fill=\"{}\" class=\"band\"{}><title>{}</title></path>",
                        svg::colour(i),
                        m.datum.attributes(),
                        super::html::escape(&m.tip)
                    ));
                    right_fill[j] += h;
                }
                y += h;
            }
        }
        for (i, stage) in self.stages.iter().enumerate() {
            let (hl, hr) = (out_of[i] as f64 * unit, into[i] as f64 * unit);
            body.push_str(&svg::rect(
                lx,
                left_tops[i],
                NODE,
                hl.max(1.0),
                svg::colour(i),
                "",
                stage,
            ));
            body.push_str(&svg::rect(
                rx,
                right_tops[i],
                NODE,
                hr.max(1.0),
                svg::colour(i),
                "",
                stage,
            ));
            body.push_str(&svg::text(
                lx - 6.0,
                left_tops[i] + hl / 2.0 + 4.0,
                Anchor::End,
                "category",
                stage,
            ));
            body.push_str(&svg::text(
                rx + NODE + 6.0,
                right_tops[i] + hr / 2.0 + 4.0,
                Anchor::Start,
                "category",
                stage,
            ));
        }
        body.push_str(&svg::text(
            lx + NODE / 2.0,
            16.0,
            Anchor::Middle,
            "axis-label",
            &self.left_axis,
        ));
        body.push_str(&svg::text(
            rx + NODE / 2.0,
            16.0,
            Anchor::Middle,
            "axis-label",
            &self.right_axis,
        ));
        svg::document(WIDTH, height, &self.title, &body)
    }
}
