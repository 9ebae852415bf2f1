//! KPI declarations (`kpi average_basket on customers = ratio(…)`): the measure's values and
//! conditions over the entity, numbers where the measure adds them up, a spend fixed for the
//! project or booked in costs tables (`costs.rs`), and the segments after `for`.

use super::errors::{CheckError, KpiError};
use super::exprs::ExprChecker;
use super::names::{resolve_entity, Declared};
use super::typed::*;
use crate::syntax::ast;
use crate::value::Num;

/// Checks every KPI declaration; returns the valid ones in the order declared.
pub(super) fn check_kpis(decls: &[&ast::KpiDecl], checker: &mut ExprChecker) -> Vec<Kpi> {
    let mut declared = Declared::default();
    let mut kpis = Vec::new();
    for decl in decls {
        let first = declared.is_new("kpi", &decl.name.name, decl.name.span, &mut checker.errors);
        if let Some(kpi) = check_kpi(decl, checker) {
            if first {
                kpis.push(kpi);
            }
        }
    }
    kpis
}

/// One KPI, or `None` with its errors recorded.
fn check_kpi(decl: &ast::KpiDecl, checker: &mut ExprChecker) -> Option<Kpi> {
    let entity = resolve_entity(checker.schema, &decl.entity, &mut checker.errors)?;
    let segments = segments_for(decl, entity, checker);
    // A KPI's conditions may read segments (`in vip`); a KPI is no segment, so no reference
    // can close a cycle through it.
    let references = std::mem::take(&mut checker.references);
    checker.in_kpi = true;
    let measure = measure(decl, entity, checker);
    checker.in_kpi = false;
    checker.references = references;
    Some(Kpi {
        name: decl.name.name.clone(),
        docs: decl.docs.clone(),
        entity,
        segments: segments?,
        measure: measure?,
        decl_span: decl.span,
        span: decl.name.span,
    })
}

/// The segments after `for`, each a segment of the KPI's entity.
fn segments_for(
    decl: &ast::KpiDecl,
    entity: EntityId,
    checker: &mut ExprChecker,
) -> Option<Vec<SegmentId>> {
    let mut ids = Vec::new();
    let mut ok = true;
    for name in &decl.segments {
        match checker.segment_of(name, entity) {
            Some(id) if !ids.contains(&id) => ids.push(id),
            Some(_) => {}
            None => ok = false,
        }
    }
    ok.then_some(ids)
}

/// The checked measure.
fn measure(decl: &ast::KpiDecl, entity: EntityId, checker: &mut ExprChecker) -> Option<KpiMeasure> {
    let scope = Scope::Entity(entity);
    let measure = decl.measure.kind.word();
    let number = |v: &ast::Value, checker: &mut ExprChecker| {
        let value = checker.value(v, scope)?;
        match value.ty {
            Type::Int | Type::Decimal { .. } => Some(value),
            _ => {
                checker.errors.push(CheckError::new(
                    value.span,
                    KpiError::NotANumber {
                        kpi: decl.name.name.clone(),
                        measure,
                        found: super::errors::a(&value.ty.describe()),
                    },
                ));
                None
            }
        }
    };
    Some(match &decl.measure.kind {
        ast::MeasureKind::Mean(v) => KpiMeasure::Mean(number(v, checker)?),
        ast::MeasureKind::Total(v) => KpiMeasure::Total(number(v, checker)?),
        ast::MeasureKind::Ratio(x, y) => {
            let x = number(x, checker);
            let y = number(y, checker);
            KpiMeasure::Ratio(x?, y?)
        }
        ast::MeasureKind::Share { holds, among } => {
            let holds = checker.cond(holds, scope);
            let among = among.as_ref().map(|a| checker.cond(a, scope));
            KpiMeasure::Share {
                holds: holds?,
                among: among.map_or(Some(None), |a| a.map(Some))?,
            }
        }
        ast::MeasureKind::Cost { spend, per } => {
            // A part of a spend that also reads costs tables may be below 0 (a rebate): only
            // the whole spend must not be, which is known once the sums are.
            let part = checker.reads_costs(spend);
            let mut fixed = |checker: &mut ExprChecker, v: &ast::Value| {
                let value = number(v, checker)?;
                fixed_spend(&decl.name.name, &value, part, checker).map(Spend::Amount)
            };
            let checked = checker.booked_spend(spend, &mut fixed);
            let per = checker.cond(per, scope);
            KpiMeasure::Cost {
                spend: checked?,
                spend_text: checker.sources.snippet(spend.span).trim().to_string(),
                per: per?,
            }
        }
    })
}

/// The spend's amount (or, for a `part` of one, that part's): literals and parameters, added,
/// subtracted, multiplied, divided, negated, rounded; never anything read on a member. A whole
/// spend is at least 0.
fn fixed_spend(kpi: &str, value: &Value, part: bool, checker: &mut ExprChecker) -> Option<Num> {
    let invalid = |checker: &mut ExprChecker, problem: &str| {
        checker.errors.push(CheckError::new(
            value.span,
            KpiError::SpendInvalid {
                kpi: kpi.to_string(),
                problem: problem.to_string(),
            },
        ));
        None
    };
    match fold(value, checker.params) {
        Fold::Amount(n) if n < Num::int(0) && !part => invalid(checker, "negative"),
        Fold::Amount(n) => Some(n),
        Fold::Undefined => invalid(checker, "undefined: it divides by zero or overflows"),
        Fold::Reads(what) => {
            checker.errors.push(CheckError::new(
                value.span,
                KpiError::SpendNotFixed {
                    kpi: kpi.to_string(),
                    what: what.to_string(),
                },
            ));
            None
        }
    }
}

/// A spend folded to an amount, or why it cannot be.
enum Fold {
    Amount(Num),
    Undefined,
    Reads(&'static str),
}

/// Folds a value of literals and parameters to its exact amount.
fn fold(value: &Value, params: &[Param]) -> Fold {
    let lit = |l: &Lit| match l {
        Lit::Int(i) => Fold::Amount(Num::int(*i)),
        Lit::Decimal(d) => Num::parse(d).map_or(Fold::Undefined, Fold::Amount),
        _ => Fold::Reads("a value that is not a number"),
    };
    let two = |a: &Value, b: &Value, f: fn(Num, Num) -> Option<Num>| match (
        fold(a, params),
        fold(b, params),
    ) {
        (Fold::Amount(x), Fold::Amount(y)) => f(x, y).map_or(Fold::Undefined, Fold::Amount),
        (Fold::Reads(w), _) | (_, Fold::Reads(w)) => Fold::Reads(w),
        _ => Fold::Undefined,
    };
    let one = |a: &Value, f: fn(Num) -> Option<Num>| match fold(a, params) {
        Fold::Amount(x) => f(x).map_or(Fold::Undefined, Fold::Amount),
        other => other,
    };
    match &value.kind {
        ValueKind::Literal(l) => lit(l),
        ValueKind::Param(p) => lit(&params[p.0].value),
        ValueKind::Arith(op, a, b) => match op {
            NumOp::Add => two(a, b, Num::checked_add),
            NumOp::Sub => two(a, b, Num::checked_sub),
            NumOp::Mul => two(a, b, Num::checked_mul),
            NumOp::Div => two(a, b, Num::checked_div),
        },
        ValueKind::Negate(a) => one(a, Num::checked_neg),
        ValueKind::Abs(a) => one(a, Num::checked_abs),
        ValueKind::Round(a, digits) => match fold(a, params) {
            Fold::Amount(x) => x
                .checked_round(*digits)
                .map_or(Fold::Undefined, Fold::Amount),
            other => other,
        },
        ValueKind::Aggregate(_) => Fold::Reads("an aggregate"),
        ValueKind::Trait(_) => Fold::Reads("a trait"),
        ValueKind::Rfm { .. } | ValueKind::Clv(_) => Fold::Reads("a model's field"),
        ValueKind::Column(_)
        | ValueKind::ParentColumn { .. }
        | ValueKind::LinkedColumn { .. }
        | ValueKind::LookupColumn { .. } => Fold::Reads("a column"),
        ValueKind::Ago(..)
        | ValueKind::DaysSince(_)
        | ValueKind::DaysUntil(_)
        | ValueKind::Age(_)
        | ValueKind::DatePart(..)
        | ValueKind::Anniversary(_)
        | ValueKind::Text(..)
        | ValueKind::Segmentation(_)
        | ValueKind::Otherwise(..)
        | ValueKind::Least(_)
        | ValueKind::Greatest(_) => Fold::Reads("a value of each member"),
    }
}
