//! The report of `seg run`: each segment's members and share of its entity, a sample of member
//! keys, and the overlap matrix, as a table for people or JSON for machines.

use super::{RunArgs, RunFormat};
use crate::cli::Outcome;
use seglang::check::typed::Program;
use seglang::ir::{AsOf, Plan, SegmentRule};
use seglang::kpis::{KpiReport, KpiRow};
use seglang::run::engine::Outcome as RunOutcome;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

/// One segment's line of the report.
#[derive(Serialize)]
struct SegmentRow {
    name: String,
    entity: String,
    members: usize,
    share: f64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sample: Vec<String>,
}

/// What the engine returned: the members, the KPIs with --kpis, and where the data came from.
pub(super) struct Found<'a> {
    pub outcome: &'a RunOutcome,
    pub kpis: Option<&'a KpiReport>,
    pub source: &'a str,
}

/// The whole report; `--format json` prints it as is.
#[derive(Serialize)]
struct Report<'a> {
    as_of: String,
    source: String,
    entities: BTreeMap<String, u64>,
    segments: Vec<SegmentRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    overlap: Option<Vec<Vec<usize>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kpis: Option<&'a [KpiRow]>,
}

/// Prints the sizes (and samples and overlaps, when asked) of the segments of `plans`.
pub(super) fn report(
    args: &RunArgs,
    program: &Program,
    plans: &[Plan],
    found: &Found<'_>,
    as_of: AsOf,
) -> Outcome {
    let (outcome, source) = (found.outcome, found.source);
    let order: Vec<String> = plans
        .iter()
        .flat_map(|p| p.segments.iter().map(SegmentRule::name))
        .collect();
    let empty = BTreeSet::new();
    let rows: Vec<SegmentRow> = order
        .iter()
        .map(|name| {
            let members = outcome.members.get(name).unwrap_or(&empty);
            let size = outcome.sizes.get(name).copied().unwrap_or(0) as usize;
            let entity = outcome
                .segment_entity
                .get(name)
                .cloned()
                .unwrap_or_default();
            let total = outcome.entity_rows.get(&entity).copied().unwrap_or(0);
            let sample = sample(program, &entity, members, args);
            SegmentRow {
                name: name.clone(),
                entity,
                members: size,
                share: if total == 0 {
                    0.0
                } else {
                    size as f64 / total as f64
                },
                sample,
            }
        })
        .collect();
    let overlap = args.overlap.then(|| {
        order
            .iter()
            .map(|a| {
                let sa = outcome.members.get(a).unwrap_or(&empty);
                order
                    .iter()
                    .map(|b| {
                        sa.intersection(outcome.members.get(b).unwrap_or(&empty))
                            .count()
                    })
                    .collect()
            })
            .collect()
    });
    let as_of_text = match as_of {
        AsOf::Fixed(d) => d.to_string(),
        AsOf::Today => match &program.schema.time_zone {
            Some(zone) => format!("today ({zone})"),
            None => "today (UTC)".to_string(),
        },
    };
    let report = Report {
        as_of: as_of_text,
        source: source.to_string(),
        entities: outcome.entity_rows.clone(),
        segments: rows,
        overlap,
        kpis: found.kpis.map(|k| k.kpis.as_slice()),
    };
    let text = match (args.format, found.kpis) {
        (RunFormat::Json, _) => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        (RunFormat::Csv, Some(k)) => super::kpis::csv(k),
        (RunFormat::Csv, None) => csv(&report),
        (RunFormat::Table, None) => table(&report, &order),
        (RunFormat::Table, Some(k)) => table(&report, &order) + "\n" + &super::kpis::table(k),
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Outcome::Success,
        Err(_) => Outcome::Failure,
    }
}

/// Up to `--sample` member keys of a rule of `entity`, masked when the entity's key is personal
/// data and `--with-pii` is not given. The entity, not the rule's name, decides: control groups
/// and stages are no segments of the program, yet their keys are as personal as any.
fn sample(
    program: &Program,
    entity: &str,
    members: &BTreeSet<String>,
    args: &RunArgs,
) -> Vec<String> {
    if args.sample == 0 {
        return Vec::new();
    }
    // An entity the program does not know cannot be vouched for: mask its keys.
    let key_is_pii = program
        .schema
        .entities
        .iter()
        .find(|e| e.name == entity)
        .is_none_or(|e| e.key_column().pii);
    members
        .iter()
        .take(args.sample)
        .map(|k| match key_is_pii && !args.with_pii {
            true => "(pii: use --with-pii)".to_string(),
            false => k.clone(),
        })
        .collect()
}

/// The segments as CSV: name, entity, members, share.
fn csv(report: &Report<'_>) -> String {
    let mut out = String::from("segment,entity,members,share\n");
    for row in &report.segments {
        out.push_str(&format!(
            "{},{},{},{:.6}\n",
            row.name, row.entity, row.members, row.share
        ));
    }
    out
}

fn table(report: &Report<'_>, order: &[String]) -> String {
    let mut out = String::new();
    let entities: Vec<String> = report
        .entities
        .iter()
        .map(|(e, n)| format!("{n} {e}"))
        .collect();
    out.push_str(&format!(
        "{} segment{} over {}, as of {} ({})\n\n",
        report.segments.len(),
        if report.segments.len() == 1 { "" } else { "s" },
        entities.join(", "),
        report.as_of,
        report.source
    ));
    let width = order.iter().map(|n| n.len()).max().unwrap_or(7).max(7);
    out.push_str(&format!(
        "{:<width$}  {:>9}  {:>7}\n",
        "segment", "members", "share"
    ));
    for row in &report.segments {
        out.push_str(&format!(
            "{:<width$}  {:>9}  {:>6.1}%\n",
            row.name,
            row.members,
            row.share * 100.0
        ));
        if !row.sample.is_empty() {
            out.push_str(&format!(
                "{:<width$}  sample: {}\n",
                "",
                row.sample.join(", ")
            ));
        }
    }
    if let Some(matrix) = &report.overlap {
        out.push_str("\noverlap (members in both; row segment × column number)\n");
        let label = width + 4;
        out.push_str(&format!("{:<label$}", ""));
        for i in 0..order.len() {
            out.push_str(&format!(" {:>6}", i + 1));
        }
        out.push('\n');
        for (i, row) in matrix.iter().enumerate() {
            out.push_str(&format!("{:<label$}", format!("{:>3} {}", i + 1, order[i])));
            for n in row {
                out.push_str(&format!(" {n:>6}"));
            }
            out.push('\n');
        }
    }
    out
}
