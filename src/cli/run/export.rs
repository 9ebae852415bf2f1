//! `seg run --export`: one CSV per segment of member keys with the evidence of their consent,
//! and the traits asked for with `--trait`.

use seglang::check::typed::{Program, Scope, Trait, Type, Value, ValueKind};
use seglang::ir::{Expr, Plan, RuleId, SegmentRule, TraitValue};
use seglang::run::engine::Engine;
use seglang::run::RunError;
use seglang::suggest::closest;
use seglang::value::Num;
use std::path::Path;

/// What the user chose to export beyond keys and consent evidence.
pub(super) struct Choice<'a> {
    /// Traits to add as columns, by name.
    pub traits: &'a [String],
    /// Personal data may be exported.
    pub with_pii: bool,
}

/// One CSV per segment: member keys and the evidence of their consent. Analytics-only segments
/// (no channel) are refused, and a key flagged `pii` needs --with-pii.
pub(super) fn export(
    dir: &Path,
    program: &Program,
    plans: &[Plan],
    engine: &mut Engine,
    choice: &Choice,
) -> Result<usize, RunError> {
    let with_pii = choice.with_pii;
    let chosen = chosen_traits(program, choice)?;
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
        let (plan, scales) = with_traits(plan, &chosen);
        for (i, rule) in plan.segments.iter().enumerate() {
            let mut rows = engine.export(&plan, i)?;
            fix_digits(&mut rows, &scales);
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
                RuleId::Tally { of, group } => format!("{of}.{group}.csv"),
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

/// The traits named with `--trait`, with their digits after the point where they are numbers;
/// an unknown name, or a trait reading personal data without --with-pii, is refused.
fn chosen_traits<'p>(
    program: &'p Program,
    choice: &Choice,
) -> Result<Vec<(&'p Trait, Option<u32>)>, RunError> {
    let mut chosen = Vec::new();
    for name in choice.traits {
        let Some(t) = program.traits.iter().find(|t| t.name == *name) else {
            let names = program.traits.iter().map(|t| t.name.as_str());
            let help = match closest(name, names) {
                Some(c) => format!("did you mean `{c}`?"),
                None if program.traits.is_empty() => {
                    "the project declares no trait: `trait name on entity = value`".into()
                }
                None => format!(
                    "the traits are {}",
                    program
                        .traits
                        .iter()
                        .map(|t| format!("`{}`", t.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            return Err(RunError::UnknownTrait {
                name: name.clone(),
                help,
            });
        };
        if let (false, Some(column)) = (
            choice.with_pii,
            personal(program, &t.value, Scope::Entity(t.entity)),
        ) {
            return Err(RunError::PiiTrait {
                name: t.name.clone(),
                column,
            });
        }
        let scale = match &t.value.ty {
            Type::Int => Some(0),
            Type::Decimal { scale, .. } => Some(*scale),
            _ => None,
        };
        chosen.push((t, scale));
    }
    Ok(chosen)
}

/// The first `pii` column a value reads, directly, in an aggregate, or through a trait or a CLV
/// model.
fn personal(program: &Program, v: &Value, scope: Scope) -> Option<String> {
    let columns = program.schema.columns(scope);
    match &v.kind {
        ValueKind::Column(i) => columns.get(*i).filter(|c| c.pii).map(|c| c.name.clone()),
        ValueKind::Trait(id) => {
            let t = &program.traits[id.0];
            personal(program, &t.value, Scope::Entity(t.entity))
        }
        ValueKind::Clv(id) => {
            let m = &program.clv[id.0];
            let amount = &program.schema.facts(m.facts).columns[m.amount_column];
            let entity = Scope::Entity(m.entity);
            (amount.pii.then(|| amount.name.clone()))
                .or_else(|| personal(program, &m.margin, entity))
                .or_else(|| personal(program, &m.lifespan, entity))
        }
        ValueKind::Aggregate(a) => {
            let facts = program.schema.facts(a.facts);
            a.column
                .and_then(|c| facts.columns.get(c))
                .filter(|c| c.pii)
                .map(|c| c.name.clone())
        }
        _ => v
            .operands()
            .into_iter()
            .find_map(|x| personal(program, x, scope)),
    }
}

/// The plan with each chosen trait of its entity added to every rule's exported columns: a
/// quotient rounded half away from zero to its type's digits, exactly, as every engine gives
/// them. Returns the digits of each numeric column, by name.
fn with_traits(plan: &Plan, chosen: &[(&Trait, Option<u32>)]) -> (Plan, Vec<(String, u32)>) {
    let mut plan = plan.clone();
    let mut scales = Vec::new();
    for (t, scale) in chosen {
        let Some(TraitValue { name, value }) =
            plan.traits.iter().find(|v| v.name == t.name).cloned()
        else {
            continue;
        };
        let value = match scale {
            Some(digits) if value.has_quotient() => Expr::Round(Box::new(value), *digits),
            _ => value,
        };
        if let Some(digits) = scale {
            scales.push((name.clone(), *digits));
        }
        for rule in &mut plan.segments {
            rule.evidence.push((name.clone(), value.clone()));
        }
    }
    (plan, scales)
}

/// Numbers written with exactly their type's digits after the point, whatever the engine
/// printed (`5` and `5.00` are both `5.00` for a `decimal(12, 2)`).
fn fix_digits(rows: &mut [Vec<String>], scales: &[(String, u32)]) {
    let Some((header, body)) = rows.split_first_mut() else {
        return;
    };
    let columns: Vec<(usize, u32)> = scales
        .iter()
        .filter_map(|(name, digits)| header.iter().position(|h| h == name).map(|i| (i, *digits)))
        .collect();
    for row in body {
        for &(i, digits) in &columns {
            if let Some(fixed) = row
                .get(i)
                .and_then(|text| Num::parse(text))
                .and_then(|n| n.to_fixed(digits))
            {
                row[i] = fixed;
            }
        }
    }
}
