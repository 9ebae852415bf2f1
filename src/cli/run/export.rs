//! `seg run --export`: one CSV per segment of member keys with the evidence of their consent.

use seglang::check::typed::Program;
use seglang::ir::{Plan, RuleId, SegmentRule};
use seglang::run::engine::Engine;
use seglang::run::RunError;
use std::path::Path;

/// One CSV per segment: member keys and the evidence of their consent. Analytics-only segments
/// (no channel) are refused, and a key flagged `pii` needs --with-pii.
pub(super) fn export(
    dir: &Path,
    program: &Program,
    plans: &[Plan],
    engine: &mut Engine,
    with_pii: bool,
) -> Result<usize, RunError> {
    let analytics: Vec<String> = plans
        .iter()
        .flat_map(|p| p.segments.iter())
        .filter(|s| s.channels.is_empty())
        .map(SegmentRule::name)
        .collect();
    if !analytics.is_empty() {
        let verb = if analytics.len() == 1 { "has" } else { "have" };
        return Err(RunError::AnalyticsOnly {
            segments: analytics.join(", "),
            verb,
        });
    }
    for plan in plans {
        let entity = program
            .schema
            .entities
            .iter()
            .find(|e| e.name == plan.entity.name);
        if let Some(e) = entity.filter(|e| e.key_column().pii && !with_pii) {
            return Err(RunError::PiiKey {
                column: e.key_column().name.clone(),
                entity: e.name.clone(),
            });
        }
    }
    let write_error = |path: &Path, e: std::io::Error| RunError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
    let mut files = 0;
    for plan in plans {
        for (i, rule) in plan.segments.iter().enumerate() {
            let rows = engine.export(plan, i)?;
            let text: String = rows
                .iter()
                .map(|r| r.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",") + "\n")
                .collect();
            // A control group goes to `x.control.csv`, apart from the activation file `x.csv`.
            let file = match &rule.id {
                RuleId::Segment(segment) => format!("{segment}.csv"),
                RuleId::Control(segment) => format!("{segment}.control.csv"),
                RuleId::Stage {
                    segmentation,
                    stage,
                } => format!("{segmentation}.{stage}.csv"),
            };
            let path = dir.join(file);
            std::fs::write(&path, text).map_err(|e| write_error(&path, e))?;
            files += 1;
        }
    }
    Ok(files)
}

fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}
