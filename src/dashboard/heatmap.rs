//! Heat maps: a matrix of counts as coloured cells (darker is more), each showing its number and
//! optionally a name (an RFM grid's cell), with labelled rows and columns and a colour legend.

use super::html::Datum;
use super::i18n::Lang;
use super::svg::{self, Anchor};

/// A heat map; `render` draws it.
pub struct HeatMap {
    pub title: String,
    /// What the rows are (drawn along the left side).
    pub row_axis: String,
    /// What the columns are (drawn along the bottom).
    pub col_axis: String,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    /// `cells[row][col]`.
    pub cells: Vec<Vec<Cell>>,
    /// The legend's words for the light and dark ends.
    pub legend: (String, String),
    /// Column labels slanted (long names) rather than level.
    pub slanted: bool,
    /// How the legend writes its highest number.
    pub lang: Lang,
    /// Whether the diagonal (row i, column i) is drawn in grey, outside the colour scale: in an
    /// overlap matrix it is each segment's size, which would make every overlap look pale.
    pub diagonal_apart: bool,
}

/// One cell.
pub struct Cell {
    pub value: u64,
    /// The number as the page writes it.
    pub shown: String,
    /// A name written under the number.
    pub label: Option<String>,
    pub datum: Datum,
    pub tip: String,
}

/// The fill of diagonal cells kept out of the scale.
const DIAGONAL: &str = "#d9dce1";

impl HeatMap {
    /// The heat map as an `<svg>` element.
    pub fn render(&self) -> String {
        let labelled = self.cells.iter().flatten().any(|c| c.label.is_some());
        let size = match (labelled, self.cols.len()) {
            (true, _) => 112.0,
            (false, n) if n > 8 => 52.0,
            (false, _) => 64.0,
        };
        let longest = |names: &[String]| names.iter().map(|n| n.chars().count()).max();
        let left = svg::label_width(longest(&self.rows).unwrap_or(2)).clamp(24.0, 260.0) + 44.0;
        let bottom = match self.slanted {
            true => svg::label_width(longest(&self.cols).unwrap_or(2)).clamp(24.0, 200.0) * 0.75,
            false => 24.0,
        } + 40.0;
        let top = 12.0;
        let grid_w = size * self.cols.len() as f64;
        let grid_h = size * self.rows.len() as f64;
        let legend_x = left + grid_w + 28.0;
        let width = legend_x + 110.0;
        let height = (top + grid_h + bottom).max(top + 170.0);
        let in_scale = |r: usize, c: usize| !(self.diagonal_apart && r == c);
        let max = self
            .cells
            .iter()
            .enumerate()
            .flat_map(|(r, row)| {
                row.iter()
                    .enumerate()
                    .map(move |(c, cell)| (r, c, cell.value))
            })
            .filter(|(r, c, _)| in_scale(*r, *c))
            .map(|(_, _, v)| v)
            .max()
            .unwrap_or(0);
        let heat = |v: u64| match max {
            0 => 0.0,
            m => v as f64 / m as f64,
        };
        let mut body = String::new();
        for (r, name) in self.rows.iter().enumerate() {
            let y = top + r as f64 * size + size / 2.0 + 4.0;
            body.push_str(&svg::text(left - 8.0, y, Anchor::End, "category", name));
        }
        for (c, name) in self.cols.iter().enumerate() {
            let x = left + c as f64 * size + size / 2.0;
            let y = top + grid_h + 16.0;
            body.push_str(&match self.slanted {
                true => format!(
                    "<text x=\"{x}\" y=\"{y}\" text-anchor=\"end\" class=\"category\" transform=\"rotate(-40 {x} {y})\">{}</text>",
                    super::html::escape(name),
                    x = svg::num(x),
                    y = svg::num(y),
                ),
                false => svg::text(x, y, Anchor::Middle, "category", name),
            });
        }
        for (r, row) in self.cells.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (x, y) = (left + c as f64 * size, top + r as f64 * size);
                let (t, fill) = match in_scale(r, c) {
                    true => (heat(cell.value), svg::heat(heat(cell.value))),
                    false => (0.0, DIAGONAL.to_string()),
                };
                body.push_str(&svg::rect(
                    x + 1.0,
                    y + 1.0,
                    size - 2.0,
                    size - 2.0,
                    &fill,
                    &cell.datum.attributes(),
                    &cell.tip,
                ));
                let class = match svg::light_text_on(t) {
                    true => "cell light",
                    false => "cell",
                };
                let mid = x + size / 2.0;
                let number_y = match cell.label {
                    Some(_) => y + size / 2.0 - 2.0,
                    None => y + size / 2.0 + 5.0,
                };
                body.push_str(&svg::text(
                    mid,
                    number_y,
                    Anchor::Middle,
                    class,
                    &cell.shown,
                ));
                if let Some(label) = &cell.label {
                    let small = format!("{class} small");
                    body.push_str(&svg::text(
                        mid,
                        number_y + 16.0,
                        Anchor::Middle,
                        &small,
                        label,
                    ));
                }
            }
        }
        body.push_str(&svg::axis_label(
            left + grid_w / 2.0,
            height - 8.0,
            false,
            &self.col_axis,
        ));
        body.push_str(&svg::axis_label(
            14.0,
            top + grid_h / 2.0,
            true,
            &self.row_axis,
        ));
        body.push_str(&legend(legend_x, top, &self.lang.int(max), &self.legend));
        svg::document(width, height, &self.title, &body)
    }
}

/// A vertical colour ramp from 0 (top, light) to `max` (bottom, dark), with its two ends named.
fn legend(x: f64, top: f64, max: &str, words: &(String, String)) -> String {
    let steps = 10;
    let step_h = 12.0;
    let mut out = String::from("<g class=\"legend-scale\">");
    out.push_str(&svg::text(
        x,
        top + 10.0,
        Anchor::Start,
        "legend",
        &format!("0 · {}", words.0),
    ));
    for i in 0..steps {
        let t = i as f64 / (steps - 1) as f64;
        let y = top + 18.0 + i as f64 * step_h;
        out.push_str(&svg::rect(x, y, 18.0, step_h, &svg::heat(t), "", ""));
    }
    let end = top + 18.0 + steps as f64 * step_h + 14.0;
    out.push_str(&svg::text(
        x,
        end,
        Anchor::Start,
        "legend",
        &format!("{max} · {}", words.1),
    ));
    out.push_str("</g>");
    out
}
