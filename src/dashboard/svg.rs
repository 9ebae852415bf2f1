//! SVG primitives the charts are drawn with: the root element with its title, text, rectangles,
//! lines and paths, and the colours (the Okabe–Ito palette, distinguishable with the common
//! colour-vision deficiencies, and a sequential blue scale for heat maps).

use super::html::escape;

/// Categorical colours (Okabe & Ito, 2008), in the order series get them.
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];

/// The categorical colour of series `i`.
pub fn colour(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

/// The heat-map colour of `t` in 0..=1: from a very light to a dark blue, linearly in RGB.
pub fn heat(t: f64) -> String {
    let t = t.clamp(0.0, 1.0);
    let (lo, hi) = ([239.0, 246.0, 252.0], [8.0, 48.0, 107.0]);
    let c: Vec<u8> = (0..3)
        .map(|i| (lo[i] + (hi[i] - lo[i]) * t).round() as u8)
        .collect();
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// Whether text on a cell of heat `t` should be white (dark cell) rather than dark.
pub fn light_text_on(t: f64) -> bool {
    t > 0.55
}

/// The opening `<svg>` element with its accessible title, and the closing one after `body`.
pub fn document(width: f64, height: f64, title: &str, body: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\"><title>{t}</title>{body}</svg>",
        w = num(width),
        h = num(height),
        t = escape(title),
    )
}

/// Where a text is anchored.
#[derive(Debug, Clone, Copy)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn name(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// A `<text>` at (x, y) of class `class`, its content escaped.
pub fn text(x: f64, y: f64, anchor: Anchor, class: &str, content: &str) -> String {
    format!(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" class=\"{class}\">{}</text>",
        num(x),
        num(y),
        anchor.name(),
        escape(content)
    )
}

/// An axis label: a text of class `axis-label`, turned a quarter anticlockwise when `vertical`.
pub fn axis_label(x: f64, y: f64, vertical: bool, content: &str) -> String {
    let rotate = match vertical {
        true => format!(" transform=\"rotate(-90 {} {})\"", num(x), num(y)),
        false => String::new(),
    };
    format!(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"axis-label\"{rotate}>{}</text>",
        num(x),
        num(y),
        escape(content)
    )
}

/// A filled rectangle with extra attributes (`attrs` starts with a space, or is empty) and a
/// tooltip.
pub fn rect(x: f64, y: f64, w: f64, h: f64, fill: &str, attrs: &str, tip: &str) -> String {
    let (x, y, w, h) = (num(x), num(y), num(w.max(0.0)), num(h.max(0.0)));
    match tip.is_empty() {
        true => format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{fill}\"{attrs}/>"
        ),
        false => format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{fill}\"{attrs}><title>{}</title></rect>",
            escape(tip)
        ),
    }
}

/// A straight line of class `class`.
pub fn line(x1: f64, y1: f64, x2: f64, y2: f64, class: &str) -> String {
    format!(
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"{class}\"/>",
        num(x1),
        num(y1),
        num(x2),
        num(y2)
    )
}

/// A coordinate with at most one decimal, without a trailing `.0`.
pub fn num(v: f64) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    match rounded.fract() == 0.0 {
        true => format!("{}", rounded as i64),
        false => format!("{rounded:.1}"),
    }
}

/// A width in pixels that a label of `chars` characters roughly needs at the page's font size.
pub fn label_width(chars: usize) -> f64 {
    chars as f64 * 7.2
}
