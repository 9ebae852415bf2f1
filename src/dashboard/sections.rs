//! One renderer per kind of section: its heading, a sentence on how to read it, its charts
//! (each a `<figure>` with a caption) and the same numbers as tables. `path` is the section's
//! JSON pointer (`/sections/2`), the prefix of every number's `data-path`.

use super::bars::{Bar, BarChart, Part};
use super::flow::{FlowChart, Move};
use super::heatmap::{Cell, HeatMap};
use super::html::{escape, fallback_table, td, th, Datum};
use super::i18n::Lang;
use super::lines::{Line, LineChart};
use super::model::{Consent, History, Lifecycle, Overlap, Rfm, SegmentSize, Sizes};

/// A section's frame around its content.
pub(super) fn section(kind: &str, title: &str, intro: &str, content: &str) -> String {
    format!(
        "<section class=\"report-section\" id=\"{kind}\" data-section=\"{kind}\"><h2>{}</h2><p class=\"intro\">{}</p>{content}</section>",
        escape(title),
        escape(intro)
    )
}

/// A chart in its figure, its caption the chart's title, its table after it.
pub(super) fn figure(title: &str, svg: &str, table: &str) -> String {
    format!(
        "<figure class=\"chart-figure\"><figcaption>{}</figcaption><div class=\"chart-box\">{svg}</div>{table}</figure>",
        escape(title)
    )
}

/// A sentence in place of a chart.
pub(super) fn note(text: &str) -> String {
    format!("<p class=\"empty\">{}</p>", escape(text))
}

/// The rows of a table of counts: each row's name, then its counts, each with its datum.
fn count_rows<'a>(
    rows: impl Iterator<Item = (&'a String, &'a Vec<u64>)>,
    lang: Lang,
    datum: impl Fn(usize, usize, u64) -> Datum,
) -> Vec<Vec<String>> {
    rows.enumerate()
        .map(|(i, (name, row))| {
            let mut cells = vec![th(name)];
            cells.extend(
                row.iter()
                    .enumerate()
                    .map(|(j, v)| td(&lang.int(*v), &datum(i, j, *v))),
            );
            cells
        })
        .collect()
}

/// Segment sizes, then the stages of each segmentation.
pub fn sizes(s: &Sizes, path: &str, lang: Lang) -> String {
    let w = lang.words();
    let mut entity_rows = Vec::new();
    for (i, e) in s.entities.iter().enumerate() {
        let d = Datum::int("entity-rows", format!("{path}/entities/{i}/rows"), e.rows)
            .about("entity", &e.entity);
        entity_rows.push(format!(
            "<li>{} <span class=\"num\"{}>{}</span> {}</li>",
            escape(&e.entity),
            d.attributes(),
            lang.int(e.rows),
            w.rows_of
        ));
    }
    let totals = format!("<ul class=\"entities\">{}</ul>", entity_rows.join(""));
    let segments = SizeFigure {
        title: w.sizes_chart.to_string(),
        category: w.segment,
        rows: &s.segments,
        at: format!("{path}/segments"),
        metrics: ("segment-members", "segment-share"),
        aside: None,
    };
    let mut body = totals + &segments.render(|seg| seg.segment.clone(), lang);
    for (k, stages) in s.segmentations.iter().enumerate() {
        let prefix = format!("{}:", stages.segmentation);
        let figure = SizeFigure {
            title: format!("{} — {}", w.stages_chart, stages.segmentation),
            category: w.stage,
            rows: &stages.stages,
            at: format!("{path}/segmentations/{k}/stages"),
            metrics: ("stage-members", "stage-share"),
            aside: stages.docs.as_deref(),
        };
        let short = |stage: &SegmentSize| {
            let name = stage.segment.strip_prefix(&prefix);
            name.unwrap_or(&stage.segment).to_string()
        };
        body.push_str(&figure.render(short, lang));
    }
    section("sizes", w.sizes_title, w.sizes_intro, &body)
}

/// A figure of sizes: one bar per row, then the table of the rows' names (as `seg run` gives
/// them), entities, members, shares and docs.
struct SizeFigure<'a> {
    title: String,
    /// What the rows are (segments, stages), for the axis and the table.
    category: &'a str,
    rows: &'a [SegmentSize],
    /// The JSON path of `rows`.
    at: String,
    /// The `data-metric` of the members and of the shares.
    metrics: (&'static str, &'static str),
    /// A sentence over the table (a segmentation's doc comment).
    aside: Option<&'a str>,
}

impl SizeFigure<'_> {
    /// The figure, each bar labelled `label(row)`.
    fn render(&self, label: impl Fn(&SegmentSize) -> String, lang: Lang) -> String {
        let w = lang.words();
        let mut bars = Vec::new();
        let mut rows = Vec::new();
        for (i, seg) in self.rows.iter().enumerate() {
            let at = format!("{}/{i}", self.at);
            let members = Datum::int(self.metrics.0, format!("{at}/members"), seg.members)
                .about("segment", &seg.segment);
            let share = Datum::float(self.metrics.1, format!("{at}/share"), seg.share)
                .about("segment", &seg.segment);
            let shown = format!("{} · {}", lang.int(seg.members), lang.percent(seg.share));
            bars.push(Bar {
                label: label(seg),
                parts: vec![Part {
                    value: seg.members as f64,
                    datum: members.clone(),
                    tip: format!("{} : {shown}", seg.segment),
                }],
                interval: None,
                note: shown,
            });
            rows.push(vec![
                th(&seg.segment),
                format!("<td>{}</td>", escape(&seg.entity)),
                td(&lang.int(seg.members), &members),
                td(&lang.percent(seg.share), &share),
                format!(
                    "<td class=\"docs\">{}</td>",
                    escape(seg.docs.as_deref().unwrap_or(""))
                ),
            ]);
        }
        let chart = BarChart {
            title: self.title.clone(),
            value_axis: w.members.to_string(),
            category_axis: self.category.to_string(),
            series: Vec::new(),
            bars,
        };
        let header = [self.category, w.entity, w.members, w.share, ""].map(String::from);
        let aside = self.aside.map_or(String::new(), |text| {
            format!("<p class=\"aside\">{}</p>", escape(text))
        });
        let table = fallback_table(w.table_fallback, &header, &rows);
        figure(&self.title, &chart.render(), &(aside + &table))
    }
}

/// The overlap matrix.
pub fn overlap(o: &Overlap, path: &str, lang: Lang) -> String {
    let w = lang.words();
    let datum = |i: usize, j: usize, v: u64| {
        Datum::int("overlap", format!("{path}/matrix/{i}/{j}"), v)
            .about("row", &o.segments[i])
            .about("col", &o.segments[j])
    };
    let cells: Vec<Vec<Cell>> = o
        .matrix
        .iter()
        .enumerate()
        .map(|(i, row)| {
            row.iter()
                .enumerate()
                .map(|(j, v)| Cell {
                    value: *v,
                    shown: lang.int(*v),
                    label: None,
                    datum: datum(i, j, *v),
                    tip: format!("{} ∩ {} : {}", o.segments[i], o.segments[j], lang.int(*v)),
                })
                .collect()
        })
        .collect();
    let chart = HeatMap {
        title: w.overlap_chart.to_string(),
        row_axis: w.overlap_axis.to_string(),
        col_axis: w.overlap_axis.to_string(),
        rows: o.segments.clone(),
        cols: o.segments.clone(),
        cells,
        legend: (w.legend_few.to_string(), w.legend_many.to_string()),
        slanted: true,
        lang,
        diagonal_apart: true,
    };
    let mut header = vec![String::new()];
    header.extend(o.segments.iter().cloned());
    let rows = count_rows(o.segments.iter().zip(&o.matrix), lang, datum);
    let table = fallback_table(w.table_fallback, &header, &rows);
    let body = figure(w.overlap_chart, &chart.render(), &table);
    section("overlap", w.overlap_title, w.overlap_intro, &body)
}

/// Consent coverage per channel.
pub fn consent(c: &Consent, path: &str, lang: Lang) -> String {
    let w = lang.words();
    if c.channels.is_empty() {
        return section(
            "consent",
            w.consent_title,
            w.consent_intro,
            &note(w.consent_none),
        );
    }
    let names = [
        w.reachable,
        w.no_grant,
        w.withdrawn,
        w.basis_not_accepted,
        w.suppressed,
    ];
    let fields = [
        "reachable",
        "no_grant",
        "withdrawn",
        "basis_not_accepted",
        "suppressed",
    ];
    let mut bars = Vec::new();
    let mut rows = Vec::new();
    for (i, ch) in c.channels.iter().enumerate() {
        let at = format!("{path}/channels/{i}");
        let values = [
            ch.reachable,
            ch.no_grant,
            ch.withdrawn,
            ch.basis_not_accepted,
            ch.suppressed,
        ];
        let label = format!("{} ({})", ch.channel, ch.entity);
        let data: Vec<Datum> = fields
            .iter()
            .zip(values)
            .map(|(f, v)| {
                Datum::int(consent_metric(f), format!("{at}/{f}"), v)
                    .about("channel", &ch.channel)
                    .about("entity", &ch.entity)
            })
            .collect();
        let share = |v: u64| match ch.rows {
            0 => 0.0,
            n => v as f64 / n as f64,
        };
        bars.push(Bar {
            label: label.clone(),
            parts: (0..5)
                .map(|k| Part {
                    value: values[k] as f64,
                    datum: data[k].clone(),
                    tip: format!("{label} · {} : {}", names[k], lang.int(values[k])),
                })
                .collect(),
            interval: None,
            note: format!("{} {}", lang.percent(share(ch.reachable)), w.reachable),
        });
        let rows_datum = Datum::int("consent-rows", format!("{at}/rows"), ch.rows)
            .about("channel", &ch.channel)
            .about("entity", &ch.entity);
        let mut row = vec![
            th(&label),
            format!("<td>{}</td>", escape(&ch.bases.join(", "))),
        ];
        row.extend((0..5).map(|k| td(&lang.int(values[k]), &data[k])));
        row.push(td(&lang.int(ch.rows), &rows_datum));
        rows.push(row);
    }
    let chart = BarChart {
        title: w.consent_chart.to_string(),
        value_axis: w.consent_axis.to_string(),
        category_axis: w.channel.to_string(),
        series: names.iter().map(|n| n.to_string()).collect(),
        bars,
    };
    let mut header = vec![w.channel.to_string(), w.bases.to_string()];
    header.extend(names.iter().map(|n| n.to_string()));
    header.push(w.total.to_string());
    let table = fallback_table(w.table_fallback, &header, &rows);
    let body = figure(w.consent_chart, &chart.render(), &table);
    section("consent", w.consent_title, w.consent_intro, &body)
}

/// The metric name of a consent reason's count.
fn consent_metric(field: &str) -> &'static str {
    match field {
        "reachable" => "consent-reachable",
        "no_grant" => "consent-no-grant",
        "withdrawn" => "consent-withdrawn",
        "basis_not_accepted" => "consent-basis-not-accepted",
        _ => "consent-suppressed",
    }
}

/// The RFM grids.
pub fn rfm(r: &Rfm, path: &str, lang: Lang) -> String {
    let w = lang.words();
    if r.models.is_empty() {
        return section("rfm", w.rfm_title, w.rfm_intro, &note(w.rfm_none));
    }
    let mut body = String::new();
    for (m, grid) in r.models.iter().enumerate() {
        let at = format!("{path}/models/{m}");
        let datum = |ri: usize, fi: usize, v: u64| {
            Datum::int("rfm-cell", format!("{at}/cells/{ri}/{fi}"), v)
                .about("model", &grid.model)
                .about("r", &(ri + 1).to_string())
                .about("f", &(fi + 1).to_string())
        };
        // Best recency at the top, as RFM grids are usually drawn.
        let order: Vec<usize> = (0..grid.cells.len()).rev().collect();
        let label = |ri: usize, fi: usize| {
            grid.labels
                .get(ri)
                .and_then(|row| row.get(fi))
                .cloned()
                .flatten()
        };
        let cells: Vec<Vec<Cell>> = order
            .iter()
            .map(|&ri| {
                grid.cells[ri]
                    .iter()
                    .enumerate()
                    .map(|(fi, v)| Cell {
                        value: *v,
                        shown: lang.int(*v),
                        label: label(ri, fi),
                        datum: datum(ri, fi, *v),
                        tip: format!("r = {}, f = {} : {}", ri + 1, fi + 1, lang.int(*v)),
                    })
                    .collect()
            })
            .collect();
        let title = format!("{} — {}", w.rfm_chart, grid.model);
        let chart = HeatMap {
            title: title.clone(),
            row_axis: w.recency.to_string(),
            col_axis: w.frequency.to_string(),
            rows: order.iter().map(|ri| format!("r = {}", ri + 1)).collect(),
            cols: (1..=grid.cells.first().map_or(0, Vec::len))
                .map(|f| format!("f = {f}"))
                .collect(),
            cells,
            legend: (w.legend_few.to_string(), w.legend_many.to_string()),
            slanted: false,
            lang,
            diagonal_apart: false,
        };
        let mut header = vec![format!("r \\ f")];
        header.extend((1..=grid.k).map(|f| format!("f = {f}")));
        let rows: Vec<Vec<String>> = order
            .iter()
            .map(|&ri| {
                let mut row = vec![th(&format!("r = {}", ri + 1))];
                row.extend(grid.cells[ri].iter().enumerate().map(|(fi, v)| {
                    let shown = match label(ri, fi) {
                        Some(l) => format!("{} ({l})", lang.int(*v)),
                        None => lang.int(*v),
                    };
                    td(&shown, &datum(ri, fi, *v))
                }));
                row
            })
            .collect();
        let unscored = Datum::int("rfm-unscored", format!("{at}/unscored"), grid.unscored)
            .about("model", &grid.model);
        let caption = format!(
            "<p class=\"aside\"><span class=\"num\"{}>{}</span> {}</p>",
            unscored.attributes(),
            lang.int(grid.unscored),
            escape(w.unscored)
        );
        let table = fallback_table(w.table_fallback, &header, &rows);
        body.push_str(&figure(&title, &chart.render(), &(caption + &table)));
    }
    section("rfm", w.rfm_title, w.rfm_intro, &body)
}

/// Lifecycle moves.
pub fn lifecycle(l: &Lifecycle, path: &str, lang: Lang) -> String {
    let w = lang.words();
    let Some(from) = &l.from else {
        return section(
            "lifecycle",
            w.lifecycle_title,
            w.lifecycle_intro,
            &note(w.lifecycle_no_from),
        );
    };
    if l.flows.is_empty() {
        return section(
            "lifecycle",
            w.lifecycle_title,
            w.lifecycle_intro,
            &note(w.lifecycle_none),
        );
    }
    let mut body = String::new();
    for (k, flow) in l.flows.iter().enumerate() {
        let at = format!("{path}/flows/{k}");
        let datum = |i: usize, j: usize, v: u64| {
            Datum::int("lifecycle-move", format!("{at}/matrix/{i}/{j}"), v)
                .about("segmentation", &flow.segmentation)
                .about("from", &flow.stages[i])
                .about("to", &flow.stages[j])
        };
        let moves = flow
            .matrix
            .iter()
            .enumerate()
            .map(|(i, row)| {
                row.iter()
                    .enumerate()
                    .map(|(j, v)| Move {
                        value: *v,
                        datum: datum(i, j, *v),
                        tip: format!("{} → {} : {}", flow.stages[i], flow.stages[j], lang.int(*v)),
                    })
                    .collect()
            })
            .collect();
        let title = format!("{} — {}", w.lifecycle_chart, flow.segmentation);
        let chart = FlowChart {
            title: title.clone(),
            left_axis: format!("{} {from}", w.stage_at),
            right_axis: format!("{} {}", w.stage_at, l.to),
            stages: flow.stages.clone(),
            moves,
        };
        let mut header = vec![w.from_to.to_string()];
        header.extend(flow.stages.iter().cloned());
        let rows = count_rows(flow.stages.iter().zip(&flow.matrix), lang, datum);
        let table = fallback_table(w.table_fallback, &header, &rows);
        body.push_str(&figure(&title, &chart.render(), &table));
    }
    section("lifecycle", w.lifecycle_title, w.lifecycle_intro, &body)
}

/// Members over time.
pub fn history(h: &History, path: &str, lang: Lang) -> String {
    let w = lang.words();
    if !h.available || h.dates.is_empty() {
        return section(
            "history",
            w.history_title,
            w.history_intro,
            &note(w.history_missing),
        );
    }
    let datum = |s: usize, d: usize, v: u64| {
        Datum::int(
            "history-members",
            format!("{path}/series/{s}/members/{d}"),
            v,
        )
        .about("segment", &h.series[s].segment)
        .about("date", &h.dates[d])
    };
    let chart = LineChart {
        title: w.history_chart.to_string(),
        x_axis: w.date.to_string(),
        y_axis: w.members.to_string(),
        xs: h.dates.clone(),
        series: h
            .series
            .iter()
            .enumerate()
            .map(|(s, series)| Line {
                name: series.segment.clone(),
                points: series
                    .members
                    .iter()
                    .enumerate()
                    .map(|(d, v)| (*v, datum(s, d, *v)))
                    .collect(),
            })
            .collect(),
        lang,
    };
    let mut header = vec![w.segment.to_string()];
    header.extend(h.dates.iter().cloned());
    let series = h.series.iter().map(|s| (&s.segment, &s.members));
    let rows = count_rows(series, lang, datum);
    let table = fallback_table(w.table_fallback, &header, &rows);
    let body = figure(w.history_chart, &chart.render(), &table);
    section("history", w.history_title, w.history_intro, &body)
}
