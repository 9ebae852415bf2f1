//! What each rule means, whatever its layout, comments or evaluation date: its member query as
//! `seg compile --segment` writes it, planned alone, without comment lines. `seg diff` compares
//! them between two versions; `--emit merge` records a hash of them per segment, which tells an
//! entry or exit caused by a changed definition from one caused by changed data.

use super::{plan, CompileError};
use crate::check::typed::Program;
use crate::ir::{lower_stages, AsOf, Plan, RuleId};
use crate::sql::{emit, recorded_as, Form, Target};
use md5::{Digest, Md5};
use std::collections::BTreeMap;

/// Each chosen rule's definition on `target` as of `as_of`, by rule name (`x`, `x:control`,
/// and, when `segments` is empty, every stage `segmentation:stage` too).
pub fn definitions(
    program: &Program,
    segments: &[String],
    as_of: AsOf,
    target: Target,
) -> Result<BTreeMap<String, String>, CompileError> {
    Ok(rule_definitions(program, segments, as_of, target)?
        .into_iter()
        .map(|(rule, text)| (rule.to_string(), text))
        .collect())
}

/// The hash of each recorded segment's definitions (a segment with a holdout: both its groups'),
/// by the name the membership tables record it under. Planned with the engine's current date,
/// so the hash is the same whatever date a run is for: 32 hex digits of MD5, which identifies
/// a text here rather than protecting anything.
pub fn definition_hashes(
    program: &Program,
    segments: &[String],
    target: Target,
) -> Result<BTreeMap<String, String>, CompileError> {
    let mut texts: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (rule, text) in rule_definitions(program, segments, AsOf::Today, target)? {
        let (segment, _) = recorded_as(&rule);
        texts
            .entry(segment)
            .or_default()
            .push((rule.to_string(), text));
    }
    Ok(texts
        .into_iter()
        .map(|(segment, mut rules)| {
            rules.sort();
            let mut md5 = Md5::new();
            for (name, text) in rules {
                md5.update(name.as_bytes());
                md5.update(b"\n");
                md5.update(text.as_bytes());
                md5.update(b"\n");
            }
            let hex: String = md5.finalize().iter().map(|b| format!("{b:02x}")).collect();
            (segment, hex)
        })
        .collect())
}

/// Each chosen segment planned alone, as `seg compile --segment` would (its query then depends
/// on nothing but the segment and what it refers to), and every segmentation's stages when no
/// segment is chosen.
fn rule_definitions(
    program: &Program,
    segments: &[String],
    as_of: AsOf,
    target: Target,
) -> Result<Vec<(RuleId, String)>, CompileError> {
    let chosen: Vec<String> = match segments.is_empty() {
        true => program.segments.iter().map(|s| s.name.clone()).collect(),
        false => segments.to_vec(),
    };
    let mut alone: Vec<Plan> = Vec::new();
    for name in &chosen {
        alone.extend(plan(program, as_of, std::slice::from_ref(name))?);
    }
    if segments.is_empty() {
        alone.extend((0..program.segmentations.len()).map(|i| lower_stages(program, as_of, i)));
    }
    let mut out = Vec::new();
    for plan in &alone {
        for (i, rule) in plan.segments.iter().enumerate() {
            let sql = emit(plan, Form::Members(i), target)?;
            out.push((rule.id.clone(), without_comments(&sql)));
        }
    }
    Ok(out)
}

/// SQL without its `--` comment lines (documentation, source locations).
fn without_comments(sql: &str) -> String {
    sql.lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n")
}
