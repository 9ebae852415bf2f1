//! Line charts: one line per series over dates, with points, a value axis from zero and a
//! legend.

use super::html::Datum;
use super::i18n::Lang;
use super::svg::{self, Anchor};

/// A line chart; `render` draws it.
pub struct LineChart {
    pub title: String,
    pub x_axis: String,
    pub y_axis: String,
    /// The x positions' labels (dates), in order.
    pub xs: Vec<String>,
    pub series: Vec<Line>,
    pub lang: Lang,
}

/// One series.
pub struct Line {
    pub name: String,
    /// One point per x, with the number it shows.
    pub points: Vec<(u64, Datum)>,
}

const WIDTH: f64 = 760.0;
/// The least height; many series get more, one legend line each.
const MIN_HEIGHT: f64 = 320.0;
const LEFT: f64 = 80.0;
const RIGHT: f64 = 230.0;
/// The plot stops short of the legend by this much, so the last date's label fits.
const INSET: f64 = 40.0;
/// The dash patterns of series after the palette's eight colours, in turn.
const DASHES: [&str; 3] = ["", "6 4", "2 3"];
const TOP: f64 = 16.0;
const BOTTOM: f64 = 56.0;

impl LineChart {
    /// The chart as an `<svg>` element.
    pub fn render(&self) -> String {
        let height = MIN_HEIGHT.max(TOP + 20.0 * self.series.len() as f64 + 16.0);
        let (w, h) = (WIDTH - LEFT - RIGHT - INSET, height - TOP - BOTTOM);
        let max = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|(v, _)| *v))
            .max()
            .unwrap_or(0)
            .max(1);
        let x = |i: usize| match self.xs.len() {
            0 | 1 => LEFT + w / 2.0,
            n => LEFT + w * i as f64 / (n - 1) as f64,
        };
        let y = |v: u64| TOP + h - h * v as f64 / max as f64;
        let mut body = String::new();
        for tick in 0..=4u64 {
            let v = max * tick / 4;
            body.push_str(&svg::line(LEFT, y(v), LEFT + w, y(v), "grid"));
            body.push_str(&svg::text(
                LEFT - 6.0,
                y(v) + 4.0,
                Anchor::End,
                "tick",
                &self.lang.int(v),
            ));
        }
        for (i, label) in self.xs.iter().enumerate() {
            body.push_str(&svg::text(
                x(i),
                TOP + h + 18.0,
                Anchor::Middle,
                "tick",
                label,
            ));
        }
        for (s, line) in self.series.iter().enumerate() {
            let colour = svg::colour(s);
            let dash = match DASHES[(s / svg::PALETTE.len()) % DASHES.len()] {
                "" => String::new(),
                d => format!(" stroke-dasharray=\"{d}\""),
            };
            let points: Vec<String> = line
                .points
                .iter()
                .enumerate()
                .map(|(i, (v, _))| format!("{},{}", svg::num(x(i)), svg::num(y(*v))))
                .collect();
            body.push_str(&format!(
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\"{dash} class=\"series\"/>",
                points.join(" ")
            ));
            for (i, (v, datum)) in line.points.iter().enumerate() {
                body.push_str(&format!(
                    "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{colour}\"{}><title>{}</title></circle>",
                    svg::num(x(i)),
                    svg::num(y(*v)),
                    datum.attributes(),
                    super::html::escape(&format!("{} · {} · {}", line.name, self.xs[i], self.lang.int(*v)))
                ));
            }
            // The legend's sample is the line itself, dashed as the series is.
            let (lx, ly) = (LEFT + w + INSET + 10.0, TOP + 8.0 + s as f64 * 20.0);
            body.push_str(&format!(
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{colour}\"{dash} class=\"series\"/>",
                svg::num(lx),
                svg::num(ly - 3.0),
                svg::num(lx + 22.0),
                svg::num(ly - 3.0),
            ));
            body.push_str(&svg::text(
                lx + 28.0,
                ly + 1.0,
                Anchor::Start,
                "legend",
                &line.name,
            ));
        }
        body.push_str(&svg::axis_label(
            LEFT + w / 2.0,
            height - 10.0,
            false,
            &self.x_axis,
        ));
        body.push_str(&svg::axis_label(16.0, TOP + h / 2.0, true, &self.y_axis));
        svg::document(WIDTH, height, &self.title, &body)
    }
}
