//! Stages over RFM scores as boxes: which score cells a stage allows. With boxes the checker can
//! tell when a stage is covered by earlier ones, and prove a `grid` segmentation partitions the
//! score space.

use super::errors::{CheckError, ModelError};
use super::models::metric_index;
use super::typed::*;
use crate::syntax::ast::CompareOp;

/// The scores a stage allows, per measure (recency, frequency, monetary): bit `s` set when score
/// `s` is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoreBox {
    pub model: RfmId,
    pub allowed: [u16; 3],
}

impl ScoreBox {
    fn full(model: RfmId, k: u32) -> ScoreBox {
        let all = ((1u16 << (k + 1)) - 1) & !1;
        ScoreBox {
            model,
            allowed: [all; 3],
        }
    }

    fn contains(&self, cell: [u32; 3]) -> bool {
        (0..3).all(|i| self.allowed[i] & (1 << cell[i]) != 0)
    }
}

/// The box `cond` describes when it is a conjunction of tests of one model's scores against
/// whole numbers; `None` for any other condition.
pub fn score_box(cond: &Cond, rfm: &[RfmModel], params: &[Param]) -> Option<ScoreBox> {
    let mut tests = Vec::new();
    flatten(cond, &mut tests)?;
    let mut model = None;
    let mut allowed: Vec<(usize, u16)> = Vec::new();
    for test in tests {
        let (m, metric, mask) = test_mask(test, rfm, params)?;
        if model.is_some_and(|x| x != m) {
            return None;
        }
        model = Some(m);
        allowed.push((metric, mask));
    }
    let model = model?;
    let mut b = ScoreBox::full(model, rfm[model.0].k);
    for (metric, mask) in allowed {
        b.allowed[metric] &= mask;
    }
    Some(b)
}

fn flatten<'a>(cond: &'a Cond, out: &mut Vec<&'a Cond>) -> Option<()> {
    match cond {
        Cond::And(parts) => {
            for p in parts {
                flatten(p, out)?;
            }
            Some(())
        }
        Cond::Compare { .. } | Cond::Between { .. } | Cond::InList { .. } => {
            out.push(cond);
            Some(())
        }
        _ => None,
    }
}

fn score_of(v: &Value) -> Option<(RfmId, usize)> {
    match v.kind {
        ValueKind::Rfm {
            model,
            field: RfmField::Score(metric),
        } => Some((model, metric_index(metric))),
        _ => None,
    }
}

fn whole(v: &Value, params: &[Param]) -> Option<i64> {
    match &v.kind {
        ValueKind::Literal(Lit::Int(n)) => Some(*n),
        ValueKind::Param(p) => match params.get(p.0)?.value {
            Lit::Int(n) => Some(n),
            _ => None,
        },
        _ => None,
    }
}

/// Scores 1..=9 satisfying `score op n`.
fn mask_where(f: impl Fn(i64) -> bool) -> u16 {
    (1..=9).filter(|s| f(*s)).fold(0u16, |m, s| m | (1 << s))
}

fn test_mask(test: &Cond, rfm: &[RfmModel], params: &[Param]) -> Option<(RfmId, usize, u16)> {
    match test {
        Cond::Compare { op, left, right } => {
            let (score, n, op) = match (score_of(left), score_of(right)) {
                (Some(s), None) => (s, whole(right, params)?, *op),
                (None, Some(s)) => (s, whole(left, params)?, flip(*op)),
                _ => return None,
            };
            let mask = mask_where(|s| match op {
                CompareOp::Eq => s == n,
                CompareOp::Ne => s != n,
                CompareOp::Lt => s < n,
                CompareOp::Le => s <= n,
                CompareOp::Gt => s > n,
                CompareOp::Ge => s >= n,
            });
            Some((score.0, score.1, mask))
        }
        Cond::Between { value, low, high } => {
            let score = score_of(value)?;
            let (lo, hi) = (whole(low, params)?, whole(high, params)?);
            Some((score.0, score.1, mask_where(|s| lo <= s && s <= hi)))
        }
        Cond::InList {
            value,
            items,
            negated,
        } => {
            let score = score_of(value)?;
            let listed: Option<Vec<i64>> = items.iter().map(|i| whole(i, params)).collect();
            let listed = listed?;
            let mask = mask_where(|s| listed.contains(&s) != *negated);
            Some((score.0, score.1, mask))
        }
        _ => None,
    }
    .filter(|(m, _, _)| m.0 < rfm.len())
}

fn flip(op: CompareOp) -> CompareOp {
    match op {
        CompareOp::Lt => CompareOp::Gt,
        CompareOp::Le => CompareOp::Ge,
        CompareOp::Gt => CompareOp::Lt,
        CompareOp::Ge => CompareOp::Le,
        other => other,
    }
}

/// Every score cell of a model, recency first.
fn cells(k: u32) -> impl Iterator<Item = [u32; 3]> {
    (1..=k).flat_map(move |r| (1..=k).flat_map(move |f| (1..=k).map(move |m| [r, f, m])))
}

/// A cell in words, naming only the measures some stage tests.
fn describe_cell(cell: [u32; 3], used: [bool; 3]) -> String {
    let names = ["r", "f", "m"];
    (0..3)
        .filter(|i| used[*i])
        .map(|i| format!("{} = {}", names[i], cell[i]))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The stage (by name) a box-stage can never match because earlier boxes of the same model cover
/// all its cells, with the reason.
pub fn covered_stages(
    stages: &[(&str, Option<ScoreBox>)],
    rfm: &[RfmModel],
) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, (_, b)) in stages.iter().enumerate() {
        let Some(b) = b else { continue };
        let k = rfm[b.model.0].k;
        let earlier: Vec<(&str, &ScoreBox)> = stages[..i]
            .iter()
            .filter_map(|(n, e)| e.as_ref().filter(|e| e.model == b.model).map(|e| (*n, e)))
            .collect();
        let mine: Vec<[u32; 3]> = cells(k).filter(|c| b.contains(*c)).collect();
        if mine.is_empty() {
            out.push((i, "its score ranges allow no score at all".to_string()));
            continue;
        }
        let covering: Vec<&str> = earlier
            .iter()
            .filter(|(_, e)| mine.iter().any(|c| e.contains(*c)))
            .map(|(n, _)| *n)
            .collect();
        if mine
            .iter()
            .all(|c| earlier.iter().any(|(_, e)| e.contains(*c)))
        {
            let names: Vec<String> = covering.iter().map(|n| format!("`{n}`")).collect();
            out.push((
                i,
                format!(
                    "earlier stage{} {} already take{} every score it allows",
                    if names.len() > 1 { "s" } else { "" },
                    names.join(", "),
                    if names.len() > 1 { "" } else { "s" }
                ),
            ));
        }
    }
    out
}

/// Checks that the `when` stages of a `grid` segmentation are boxes of `model` that do not
/// overlap and together cover every score cell.
pub fn check_partition(
    grid: &Segmentation,
    model: RfmId,
    boxes: &[Option<ScoreBox>],
    stage_spans: &[crate::source::Span],
    rfm: &[RfmModel],
) -> Vec<CheckError> {
    let mut errors = Vec::new();
    let name = &rfm[model.0].name;
    let k = rfm[model.0].k;
    let error = |span, problem: String, help: &str| {
        let (grid, help) = (grid.name.clone(), help.to_string());
        CheckError::new(
            span,
            ModelError::InvalidGrid {
                grid,
                problem,
                help,
            },
        )
    };
    let mut owned: Vec<(usize, ScoreBox)> = Vec::new();
    for (i, stage) in grid.stages.iter().enumerate() {
        if stage.when.is_none() {
            continue;
        }
        match boxes[i] {
            Some(b) if b.model == model => owned.push((i, b)),
            _ => errors.push(error(
                stage_spans[i],
                format!("stage `{}` is not a box of `{name}`'s scores", stage.name),
                &format!("in a grid, each stage tests only `{name}.r`, `{name}.f` and `{name}.m` against whole numbers, joined with `and`: `{name}.r >= 4 and {name}.f between 2 and 3`"),
            )),
        }
    }
    if !errors.is_empty() {
        return errors;
    }
    let (overlaps, gaps) = overlaps_and_gaps(&owned, model, k);
    for (first, second, text) in overlaps {
        errors.push(error(
            stage_spans[second],
            format!(
                "stages `{}` and `{}` both take the scores {text}",
                grid.stages[first].name, grid.stages[second].name
            ),
            "in a grid the stages do not overlap; narrow one of them",
        ));
    }
    if let Some(first) = gaps.first() {
        let more = match gaps.len() {
            1 => String::new(),
            n => format!(
                " (and {} more combination{})",
                n - 1,
                if n > 2 { "s" } else { "" }
            ),
        };
        errors.push(error(
            grid_span(grid),
            format!("no stage takes the scores {first}{more}"),
            "every combination of scores belongs to exactly one stage of a grid; widen a stage's ranges",
        ));
    }
    errors
}

/// The pairs of stages whose boxes share a cell (each pair once, with the first such cell) and
/// the cells no stage takes, described over the measures some box restricts.
fn overlaps_and_gaps(
    owned: &[(usize, ScoreBox)],
    model: RfmId,
    k: u32,
) -> (Vec<(usize, usize, String)>, Vec<String>) {
    let full = ScoreBox::full(model, k);
    let used: [bool; 3] =
        std::array::from_fn(|i| owned.iter().any(|(_, b)| b.allowed[i] != full.allowed[i]));
    let mut overlaps: Vec<(usize, usize, String)> = Vec::new();
    let mut gaps: Vec<String> = Vec::new();
    for cell in cells(k) {
        let holders: Vec<usize> = owned
            .iter()
            .filter(|(_, b)| b.contains(cell))
            .map(|(i, _)| *i)
            .collect();
        match holders.as_slice() {
            [] => {
                let text = describe_cell(cell, used);
                if !gaps.contains(&text) {
                    gaps.push(text);
                }
            }
            [_] => {}
            [first, second, ..] => {
                if !overlaps.iter().any(|(a, b, _)| a == first && b == second) {
                    overlaps.push((*first, *second, describe_cell(cell, used)));
                }
            }
        }
    }
    (overlaps, gaps)
}

fn grid_span(grid: &Segmentation) -> crate::source::Span {
    grid.span
}
