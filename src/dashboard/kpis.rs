//! The KPI section: each KPI's value on every segment as bars, and each holdout's uplift (its
//! treatment group against its control group, relative to the control) with its 95 % interval
//! and p-value, then the same numbers as tables. Its words, in both languages, are here.

use super::bars::{Bar, BarChart, Part};
use super::html::{escape, fallback_table, td, th, Datum};
use super::i18n::Lang;
use super::model::{KpiUplift, Kpis};
use super::sections::{figure, note, section};
use super::uplift::{UpliftChart, UpliftRow};

/// The section's words in one language.
struct Words {
    title: &'static str,
    intro: &'static str,
    none: &'static str,
    chart_prefix: &'static str,
    value: &'static str,
    over: &'static str,
    uplift_title: &'static str,
    uplift_intro: &'static str,
    uplift_chart: &'static str,
    relative_axis: &'static str,
    kpi_axis: &'static str,
    treatment: &'static str,
    control: &'static str,
    difference: &'static str,
    interval: &'static str,
    p_value: &'static str,
    verdict: &'static str,
    likely: &'static str,
    noise: &'static str,
    small: &'static str,
    no_test: &'static str,
    no_uplift: &'static str,
}

const EN: Words = Words {
    title: "KPIs per segment",
    intro: "The measures the project declares (`kpi`), computed over the members of each segment on the evaluation date. A missing value (–) means there was nothing to divide by.",
    none: "The project declares no KPI. Declare one, e.g. `kpi average_basket on customers = ratio(orders.sum(amount, last 365 days), orders.count(last 365 days))` (docs/kpis.md).",
    chart_prefix: "per segment: ",
    value: "value",
    over: "over",
    uplift_title: "Campaign uplift against the control groups",
    uplift_intro: "For each segment with a holdout: how much better (right, blue) or worse (left, orange) the people reached did than the control group, relative to the control group, with the 95% interval of the difference. An interval that crosses zero means the difference could be noise.",
    uplift_chart: "Treatment against control, relative to the control",
    relative_axis: "difference ÷ control",
    kpi_axis: "segment · KPI",
    treatment: "treatment",
    control: "control",
    difference: "difference",
    interval: "95% interval",
    p_value: "p-value",
    verdict: "reading",
    likely: "likely a real effect",
    noise: "could be noise",
    small: "small groups: read with care",
    no_test: "no test",
    no_uplift: "No segment with a holdout has a KPI: add `holdout 10%` to a segment to measure its campaigns.",
};

const FR: Words = Words {
    title: "Indicateurs par segment",
    intro: "Les indicateurs que le projet déclare (`kpi`), calculés sur les membres de chaque segment à la date d’évaluation. Une valeur manquante (–) signifie qu’il n’y avait rien à diviser.",
    none: "Le projet ne déclare aucun indicateur. Déclarez-en un, par exemple `kpi average_basket on customers = ratio(orders.sum(amount, last 365 days), orders.count(last 365 days))` (docs/kpis.md).",
    chart_prefix: "par segment : ",
    value: "valeur",
    over: "sur",
    uplift_title: "Effet des campagnes face aux groupes témoins",
    uplift_intro: "Pour chaque segment avec un groupe témoin : de combien les personnes contactées ont fait mieux (à droite, en bleu) ou moins bien (à gauche, en orange) que le groupe témoin, rapporté au groupe témoin, avec l’intervalle à 95 % de la différence. Un intervalle qui traverse zéro signifie que la différence peut être due au hasard.",
    uplift_chart: "Groupe contacté face au groupe témoin, rapporté au témoin",
    relative_axis: "différence ÷ témoin",
    kpi_axis: "segment · indicateur",
    treatment: "contactés",
    control: "témoin",
    difference: "différence",
    interval: "intervalle à 95 %",
    p_value: "valeur p",
    verdict: "lecture",
    likely: "effet probablement réel",
    noise: "peut-être dû au hasard",
    small: "petits groupes : prudence",
    no_test: "pas de test",
    no_uplift: "Aucun segment avec un groupe témoin n’a d’indicateur : ajoutez `holdout 10%` à un segment pour mesurer ses campagnes.",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}

/// A number with two digits, in the language's decimal mark.
fn decimal(lang: Lang, v: f64) -> String {
    let text = format!("{v:.2}");
    match lang {
        Lang::En => text,
        Lang::Fr => text.replace('.', ","),
    }
}

/// The shown text of `seg run --kpis` in the language's decimal mark.
fn shown(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => text.to_string(),
        Lang::Fr => text.replace('.', ",").replace('%', "\u{202f}%"),
    }
}

/// The KPI section.
pub fn kpis(k: &Kpis, path: &str, lang: Lang) -> String {
    let w = words(lang);
    let t = lang.words();
    if k.kpis.is_empty() {
        return section("kpis", w.title, w.intro, &note(w.none));
    }
    let mut body = String::new();
    for (i, kpi) in k.kpis.iter().enumerate() {
        let mut bars = Vec::new();
        let mut rows = Vec::new();
        for (j, g) in kpi.groups.iter().enumerate() {
            let at = format!("{path}/kpis/{i}/groups/{j}");
            let datum = g.value.map(|v| {
                Datum::float("kpi-value", format!("{at}/value"), v)
                    .about("kpi", &kpi.kpi)
                    .about("segment", &g.segment)
            });
            let n = Datum::int("kpi-n", format!("{at}/n"), g.n)
                .about("kpi", &kpi.kpi)
                .about("segment", &g.segment);
            if let (Some(v), Some(d), "segment") = (g.value, &datum, g.group.as_str()) {
                bars.push(Bar {
                    label: g.segment.clone(),
                    parts: vec![Part {
                        value: v.max(0.0),
                        datum: d.clone(),
                        tip: format!("{} · {} : {}", kpi.kpi, g.segment, shown(lang, &g.shown)),
                    }],
                    interval: None,
                    note: shown(lang, &g.shown),
                });
            }
            let value_cell = match &datum {
                Some(d) => td(&shown(lang, &g.shown), d),
                None => "<td class=\"num\">–</td>".to_string(),
            };
            rows.push(vec![th(&g.segment), value_cell, td(&lang.int(g.n), &n)]);
        }
        let title = format!("{} {}{}", kpi.kpi, w.chart_prefix, kpi.measure);
        let header = [t.segment, w.value, w.over].map(String::from);
        let table = fallback_table(t.table_fallback, &header, &rows);
        let chart = match bars.is_empty() {
            true => String::new(),
            false => BarChart {
                title: title.clone(),
                value_axis: kpi.kpi.clone(),
                category_axis: t.segment.to_string(),
                series: Vec::new(),
                bars,
            }
            .render(),
        };
        if let Some(docs) = &kpi.docs {
            body.push_str(&format!("<p class=\"aside\">{}</p>", escape(docs)));
        }
        body.push_str(&figure(&title, &chart, &table));
    }
    body.push_str(&uplifts(&k.uplifts, path, lang));
    section("kpis", w.title, w.intro, &body)
}

/// The uplift's heading, chart and table, inside the KPI section.
fn uplifts(uplifts: &[KpiUplift], path: &str, lang: Lang) -> String {
    let w = words(lang);
    let t = lang.words();
    let head = format!(
        "<h3 id=\"uplift\">{}</h3><p class=\"intro\">{}</p>",
        escape(w.uplift_title),
        escape(w.uplift_intro)
    );
    if uplifts.is_empty() {
        return head + &note(w.no_uplift);
    }
    let mut bars = Vec::new();
    let mut rows = Vec::new();
    for (i, u) in uplifts.iter().enumerate() {
        let at = format!("{path}/uplifts/{i}");
        let label = format!("{} · {}", u.segment, u.kpi);
        let about = |d: Datum| d.about("kpi", &u.kpi).about("segment", &u.segment);
        let p = u
            .p_value
            .map(|p| about(Datum::float("uplift-p", format!("{at}/p_value"), p)));
        let reading = match (u.p_value, &u.no_test) {
            (Some(p), _) if p < 0.05 => w.likely,
            (Some(_), _) => w.noise,
            (None, _) => w.no_test,
        };
        let reading = match u.caution {
            true => format!("{reading} ({})", w.small),
            false => reading.to_string(),
        };
        // Relative to the control: only where the control's value is above zero.
        if let (Some(rel), Some((lo, hi)), Some(c)) = (u.relative, u.interval, u.control) {
            if c > 0.0 {
                let d = about(Datum::float(
                    "uplift-relative",
                    format!("{at}/relative"),
                    rel,
                ));
                let p_text = u
                    .p_value
                    .map_or(String::new(), |p| format!(", p = {}", decimal(lang, p)));
                bars.push(UpliftRow {
                    label: label.clone(),
                    relative: rel,
                    interval: (lo / c, hi / c),
                    datum: d,
                    tip: format!("{label} : {}{p_text}", shown(lang, &u.difference_shown)),
                    note: format!("{:+.0}%{p_text}", rel * 100.0),
                });
            }
        }
        let interval = match u.interval {
            Some((lo, hi)) => format!("{} … {}", decimal(lang, lo), decimal(lang, hi)),
            None => "–".to_string(),
        };
        rows.push(vec![
            th(&label),
            format!(
                "<td class=\"num\">{}</td>",
                escape(&shown(lang, &u.treatment_shown))
            ),
            format!(
                "<td class=\"num\">{}</td>",
                escape(&shown(lang, &u.control_shown))
            ),
            format!(
                "<td class=\"num\">{}</td>",
                escape(&shown(lang, &u.difference_shown))
            ),
            format!("<td class=\"num\">{}</td>", escape(&interval)),
            match &p {
                Some(d) => td(&decimal(lang, u.p_value.unwrap_or(1.0)), d),
                None => "<td class=\"num\">–</td>".to_string(),
            },
            format!(
                "<td>{}</td>",
                escape(u.no_test.as_deref().map_or(reading.as_str(), |why| why))
            ),
        ]);
    }
    let header = [
        w.kpi_axis,
        w.treatment,
        w.control,
        w.difference,
        w.interval,
        w.p_value,
        w.verdict,
    ]
    .map(String::from);
    let table = fallback_table(t.table_fallback, &header, &rows);
    let chart = match bars.is_empty() {
        true => String::new(),
        false => UpliftChart {
            title: w.uplift_chart.to_string(),
            value_axis: w.relative_axis.to_string(),
            category_axis: w.kpi_axis.to_string(),
            rows: bars,
        }
        .render(),
    };
    head + &figure(w.uplift_chart, &chart, &table)
}
