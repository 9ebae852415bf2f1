//! The words of `seg diff`: a terminal table, a Markdown comment for a pull request, GitHub
//! workflow annotations, or JSON.

use super::{Definition, DiffFormat, Row, Sides};
use seglang::report::{escape_data, escape_property};
use std::fmt::Write;

/// The report in `format`. `above` holds the rows past `--fail-above`.
pub(super) fn render(
    format: DiffFormat,
    sides: &Sides,
    rows: &[Row],
    limit: Option<f64>,
    above: &[&Row],
) -> String {
    match format {
        DiffFormat::Text => text(sides, rows, limit, above),
        DiffFormat::Markdown => markdown(sides, rows, limit, above),
        DiffFormat::Github => github(sides, rows, limit, above),
        DiffFormat::Json => json(sides, rows, limit, above),
    }
}

fn definition_word(d: Definition) -> &'static str {
    match d {
        Definition::Same => "same",
        Definition::Changed => "changed",
        Definition::Added => "added",
        Definition::Removed => "removed",
    }
}

fn count(n: Option<usize>) -> String {
    n.map_or_else(|| "-".to_string(), |n| n.to_string())
}

/// `12.5 %`, or `-` for a rule only one side has.
fn churn(row: &Row) -> String {
    row.churn()
        .map_or_else(|| "-".to_string(), |c| format!("{c:.1} %"))
}

/// "3 changed definitions, 5 with members moving, 1 added, 0 removed, 40 unchanged".
fn summary(rows: &[Row]) -> String {
    let of = |d: Definition| rows.iter().filter(|r| r.definition == d).count();
    let moving = rows
        .iter()
        .filter(|r| r.entered + r.exited > 0 && r.before.is_some() && r.after.is_some())
        .count();
    let unchanged = rows.iter().filter(|r| r.is_unchanged()).count();
    format!(
        "{} changed definition{}, {moving} with members entering or leaving, {} added, {} removed, {unchanged} unchanged",
        of(Definition::Changed),
        if of(Definition::Changed) == 1 { "" } else { "s" },
        of(Definition::Added),
        of(Definition::Removed),
    )
}

fn limit_line(limit: Option<f64>, above: &[&Row]) -> Option<String> {
    let limit = limit?;
    Some(match above.is_empty() {
        true => format!("no segment's churn is above {limit} %"),
        false => {
            let names: Vec<&str> = above.iter().map(|r| r.name.as_str()).collect();
            format!("churn above {limit} %: {}", names.join(", "))
        }
    })
}

fn text(sides: &Sides, rows: &[Row], limit: Option<f64>, above: &[&Row]) -> String {
    let mut out = format!(
        "before: {}\nafter:  {}\ndata:   {}\n\n",
        sides.before, sides.after, sides.source
    );
    let width = rows.iter().map(|r| r.name.len()).max().unwrap_or(7).max(7);
    let _ = writeln!(
        out,
        "{:<width$} {:>8} {:>8} {:>8} {:>8} {:>8}  definition",
        "segment", "before", "after", "entered", "exited", "churn"
    );
    for r in rows {
        let _ = writeln!(
            out,
            "{:<width$} {:>8} {:>8} {:>8} {:>8} {:>8}  {}",
            r.name,
            count(r.before),
            count(r.after),
            r.entered,
            r.exited,
            churn(r),
            definition_word(r.definition)
        );
    }
    let _ = writeln!(out, "\n{}", summary(rows));
    if let Some(line) = limit_line(limit, above) {
        let _ = writeln!(out, "{line}");
    }
    out
}

/// A comment for a pull request: the rules that changed, in a table; the others counted.
fn markdown(sides: &Sides, rows: &[Row], limit: Option<f64>, above: &[&Row]) -> String {
    let changed: Vec<&Row> = rows.iter().filter(|r| !r.is_unchanged()).collect();
    let mut out = String::from("### seg diff\n\n");
    let _ = writeln!(
        out,
        "Before: `{}` · after: `{}` · data: {}\n",
        sides.before, sides.after, sides.source
    );
    if changed.is_empty() {
        out.push_str("No segment changes: the same members and the same definitions.\n");
    } else {
        out.push_str("| segment | before | after | entered | exited | churn | definition |\n");
        out.push_str("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for r in changed {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | +{} | −{} | {} | {} |",
                r.name,
                count(r.before),
                count(r.after),
                r.entered,
                r.exited,
                churn(r),
                definition_word(r.definition)
            );
        }
    }
    let _ = writeln!(out, "\n{}.", summary(rows));
    if let Some(line) = limit_line(limit, above) {
        let mark = if above.is_empty() { "" } else { "**" };
        let _ = writeln!(out, "\n{mark}{line}{mark}");
    }
    out
}

/// GitHub Actions workflow commands: a notice per changed rule, an error per rule past the
/// limit, and a summary notice.
fn github(sides: &Sides, rows: &[Row], limit: Option<f64>, above: &[&Row]) -> String {
    let mut out = String::new();
    for r in rows.iter().filter(|r| !r.is_unchanged()) {
        let past = above.iter().any(|a| a.name == r.name);
        let level = if past { "error" } else { "notice" };
        let _ = write!(
            out,
            "::{level} title=seg diff {}::{}: {} → {} members (+{} entered, −{} exited, churn {}), definition {}",
            escape_property(&r.name),
            escape_data(&r.name),
            count(r.before),
            count(r.after),
            r.entered,
            r.exited,
            churn(r),
            definition_word(r.definition)
        );
        if let (true, Some(limit)) = (past, limit) {
            let _ = write!(out, "; above --fail-above {limit} %");
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "::notice title=seg diff::{} → {}: {}",
        escape_data(&sides.before),
        escape_data(&sides.after),
        escape_data(&summary(rows))
    );
    out
}

fn json(sides: &Sides, rows: &[Row], limit: Option<f64>, above: &[&Row]) -> String {
    let segments: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "name": r.name,
                "before": r.before,
                "after": r.after,
                "entered": r.entered,
                "exited": r.exited,
                "churn_percent": r.churn(),
                "definition": definition_word(r.definition),
            })
        })
        .collect();
    let value = serde_json::json!({
        "before": sides.before,
        "after": sides.after,
        "source": sides.source,
        "segments": segments,
        "fail_above_percent": limit,
        "above": above.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}
