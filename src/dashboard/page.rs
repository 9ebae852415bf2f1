//! The page around the sections: one self-contained HTML document (inline CSS, inline SVG, no
//! script, nothing fetched), its header saying what, when and from which data.

use super::html::escape;
use super::i18n::Lang;
use super::kpis;
use super::model::{Dashboard, Section};
use super::sections;

/// The whole page.
pub fn page(d: &Dashboard, lang: Lang) -> String {
    let w = lang.words();
    let mut body = String::new();
    for (i, s) in d.sections.iter().enumerate() {
        let path = format!("/sections/{i}");
        body.push_str(&match s {
            Section::Sizes(x) => sections::sizes(x, &path, lang),
            Section::Kpis(x) => kpis::kpis(x, &path, lang),
            Section::Overlap(x) => sections::overlap(x, &path, lang),
            Section::Consent(x) => sections::consent(x, &path, lang),
            Section::Rfm(x) => sections::rfm(x, &path, lang),
            Section::Lifecycle(x) => sections::lifecycle(x, &path, lang),
            Section::History(x) => sections::history(x, &path, lang),
        });
    }
    let since = match &d.from {
        Some(from) => format!(" · {} {}", w.since, escape(from)),
        None => String::new(),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <title>{title} — {project}</title>\n<style>{CSS}</style>\n</head>\n<body>\n\
         <header><h1>{title}</h1><p class=\"meta\"><strong>{project}</strong> · {as_of} {date}{since}</p>\
         <p class=\"meta\">{source} {data}</p></header>\n<main>{body}</main>\n</body>\n</html>\n",
        code = lang.code(),
        title = escape(w.title),
        project = escape(&d.project),
        as_of = escape(w.as_of),
        date = escape(&d.as_of),
        source = escape(w.source),
        data = escape(&d.source),
    )
}

/// The page's style: system fonts (nothing to fetch), readable sizes, sober colours.
const CSS: &str = "
:root{color-scheme:light;--ink:#1d2330;--muted:#5b6475;--line:#d8dde6;--paper:#ffffff;--band:#f4f6f9}
*{box-sizing:border-box}
body{margin:0;background:var(--band);color:var(--ink);font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}
header{background:#0b3a66;color:#fff;padding:28px 40px 22px}
header h1{margin:0 0 6px;font-size:30px;font-weight:650;letter-spacing:-.01em}
header .meta{margin:2px 0;color:#d6e4f2;font-size:15px}
main{max-width:1000px;margin:0 auto;padding:24px 24px 48px}
.report-section{background:var(--paper);border:1px solid var(--line);border-radius:10px;padding:22px 28px;margin:0 0 24px;box-shadow:0 1px 2px rgba(20,30,50,.05)}
h2{margin:0 0 6px;font-size:22px;font-weight:650}
h3{margin:26px 0 6px;font-size:18px;font-weight:650}
.intro{margin:0 0 16px;color:var(--muted);max-width:70ch}
.empty{margin:8px 0;padding:12px 16px;background:var(--band);border-left:4px solid #0072B2;border-radius:4px}
.aside{margin:4px 0 8px;color:var(--muted)}
figure{margin:0 0 18px}
figcaption{font-weight:600;margin:0 0 8px}
.chart-box{overflow-x:auto}
svg.chart{display:block;max-width:100%;height:auto;font-family:inherit}
svg .category{font-size:13px;fill:var(--ink)}
svg .note,svg .tick,svg .legend{font-size:12px;fill:var(--muted)}
svg .axis-label{font-size:13px;font-weight:600;fill:var(--ink)}
svg .axis{stroke:#8a93a3;stroke-width:1}
svg .grid{stroke:#e6e9ef;stroke-width:1}
svg .whisker{stroke:var(--ink);stroke-width:1.5}
svg .cell{font-size:14px;font-weight:600;fill:var(--ink)}
svg .cell.small{font-size:11px;font-weight:500}
svg .cell.light{fill:#fff}
svg .band{opacity:.45}
svg .band:hover{opacity:.75}
svg .series{stroke-width:2.5}
ul.entities{list-style:none;padding:0;margin:0 0 12px;display:flex;gap:18px;flex-wrap:wrap;color:var(--muted)}
ul.entities .num{font-weight:650;color:var(--ink)}
details.numbers{margin:10px 0 0}
details.numbers summary{cursor:pointer;color:#0b5394}
table{border-collapse:collapse;margin:10px 0;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:5px 10px;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.docs{color:var(--muted);max-width:40ch}
thead th{background:var(--band)}
";
