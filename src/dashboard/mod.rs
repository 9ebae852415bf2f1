//! `seg report`'s page: a [`Dashboard`] of numbers in, one self-contained HTML page (or the same
//! model as JSON) out. Pure: no IO, no engine; `run::dashboard` gathers the numbers.
//!
//! One module per job: the data model (`model`), the words and number formats of each language
//! (`i18n`), safe HTML and the `data-*` attributes that tie each shown number to the JSON
//! (`html`), SVG primitives and colours (`svg`), one module per kind of chart (`bars`,
//! `heatmap`, `flow`, `lines`, `uplift`), one renderer per section (`sections`; the KPIs and
//! their uplift in `kpis`) and the page (`page`).

mod bars;
mod flow;
mod heatmap;
mod html;
mod i18n;
mod kpis;
mod lines;
mod model;
mod page;
mod sections;
mod svg;
mod uplift;

pub use html::escape;
pub use i18n::Lang;
pub use model::*;

/// The report as one HTML page in `lang`.
pub fn render_html(dashboard: &Dashboard, lang: Lang) -> String {
    page::page(dashboard, lang)
}

/// The report's numbers as pretty-printed JSON: exactly the model the HTML is rendered from.
pub fn render_json(dashboard: &Dashboard) -> String {
    match serde_json::to_string_pretty(dashboard) {
        Ok(text) => text + "\n",
        // Serializing plain structs of strings and numbers cannot fail; an empty object keeps
        // the function total.
        Err(_) => "{}\n".to_string(),
    }
}
