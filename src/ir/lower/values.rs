//! Values: columns, parameters (already literals), relative dates, derived values, aggregates
//! and model fields become plan expressions; the checker's types become the dialects' scalar
//! types.

use super::Lowerer;
use crate::check::typed::{self as t, AggFunc, Lit, Scope, Type};
use crate::ir::{Column, DateExpr, DatePart, Expr, Scalar, ScalarType, TextFunc, TimeUnit};

impl Lowerer<'_> {
    /// The plan's expression for a checked value whose columns are those of `scope`.
    pub(super) fn value(&mut self, v: &t::Value, scope: Scope) -> Expr {
        match &v.kind {
            t::ValueKind::Column(i) => {
                let c = &self.program.schema.columns(scope)[*i];
                Expr::Column(column(c))
            }
            t::ValueKind::ParentColumn { facts, column: i } => {
                let parent = self.program.schema.facts(*facts);
                Expr::Column(Column {
                    parent: Some(parent.name.clone()),
                    ..column(&parent.columns[*i])
                })
            }
            t::ValueKind::LookupColumn { lookup, column, .. } => {
                self.lookup_column(*lookup, *column)
            }
            t::ValueKind::LinkedColumn { entity, column } => self.owner_column(*entity, *column),
            t::ValueKind::Segmentation(i) => self.stage(*i, scope),
            t::ValueKind::Param(p) => Expr::Lit(scalar(&self.program.params[p.0].value)),
            t::ValueKind::Literal(l) => Expr::Lit(scalar(l)),
            t::ValueKind::Ago(n, unit) => Expr::Date(DateExpr::Ago(*n, time_unit(*unit))),
            t::ValueKind::DaysSince(inner) => {
                Expr::DaysSince(Box::new(date_of(self.value(inner, scope), &inner.ty)))
            }
            t::ValueKind::Age(inner) => {
                Expr::AgeYears(Box::new(date_of(self.value(inner, scope), &inner.ty)))
            }
            t::ValueKind::DaysUntil(inner) => {
                Expr::DaysUntil(Box::new(date_of(self.value(inner, scope), &inner.ty)))
            }
            t::ValueKind::DatePart(part, inner) => Expr::DatePart(
                date_part(*part),
                Box::new(date_of(self.value(inner, scope), &inner.ty)),
            ),
            t::ValueKind::Text(func, inner) => text(*func, self.value(inner, scope)),
            t::ValueKind::Anniversary(inner) => {
                Expr::Anniversary(Box::new(date_of(self.value(inner, scope), &inner.ty)))
            }
            t::ValueKind::Aggregate(agg) if agg.func == AggFunc::Avg => {
                let (sum, count) = self.avg_parts(agg);
                Expr::Div(Box::new(sum), Box::new(count))
            }
            // The checker keeps quantifiers to conditions (`Cond::Bool`, lowered without this
            // `CASE`); as a value, one is the same test, true or false, never missing.
            t::ValueKind::Aggregate(agg) if agg.func.is_quantifier() => Expr::Case {
                whens: vec![(self.quantifier(agg), Expr::Lit(Scalar::Bool(true)))],
                otherwise: Box::new(Expr::Lit(Scalar::Bool(false))),
            },
            t::ValueKind::Aggregate(agg) => self.aggregate(agg),
            t::ValueKind::Arith(op, a, b) => {
                let (a, b) = (
                    Box::new(self.value(a, scope)),
                    Box::new(self.value(b, scope)),
                );
                match op {
                    t::NumOp::Add => Expr::Add(a, b),
                    t::NumOp::Sub => Expr::Sub(a, b),
                    t::NumOp::Mul => Expr::Mul(a, b),
                    t::NumOp::Div => Expr::Div(a, b),
                }
            }
            t::ValueKind::Negate(x) => negate(self.value(x, scope)),
            // Written in place: its aggregates are features like any other, computed once.
            t::ValueKind::Trait(id) => self.value(&self.program.traits[id.0].value, scope),
            t::ValueKind::Abs(x) => Expr::Abs(Box::new(self.value(x, scope))),
            t::ValueKind::Round(x, digits) => Expr::Round(Box::new(self.value(x, scope)), *digits),
            t::ValueKind::Otherwise(x, default) => Expr::Otherwise(
                Box::new(self.value(x, scope)),
                Box::new(self.value(default, scope)),
            ),
            t::ValueKind::Least(values) => {
                Expr::Least(values.iter().map(|v| self.value(v, scope)).collect())
            }
            t::ValueKind::Greatest(values) => {
                Expr::Greatest(values.iter().map(|v| self.value(v, scope)).collect())
            }
            t::ValueKind::Rfm { model, field } => self.rfm_field(*model, *field),
            t::ValueKind::Clv(model) => self.clv_value(*model),
        }
    }
}

/// `-x`; a literal is negated here (`-5` is the literal it looks like).
fn negate(x: Expr) -> Expr {
    match x {
        Expr::Lit(Scalar::Int(i)) if i != i64::MIN => Expr::Lit(Scalar::Int(-i)),
        Expr::Lit(Scalar::Decimal(d)) => Expr::Lit(Scalar::Decimal(match d.strip_prefix('-') {
            Some(positive) => positive.to_string(),
            None => format!("-{d}"),
        })),
        other => Expr::Neg(Box::new(other)),
    }
}

/// Wraps a timestamp in `DateOf`; dates pass through.
pub(super) fn date_of(expr: Expr, ty: &Type) -> Expr {
    match ty {
        Type::Timestamp => Expr::DateOf(Box::new(expr)),
        _ => expr,
    }
}

/// The plan's calendar unit for a checked one.
pub(super) fn time_unit(unit: t::TimeUnit) -> TimeUnit {
    match unit {
        t::TimeUnit::Days => TimeUnit::Days,
        t::TimeUnit::Weeks => TimeUnit::Weeks,
        t::TimeUnit::Months => TimeUnit::Months,
        t::TimeUnit::Years => TimeUnit::Years,
    }
}

/// A function of text; literals are computed here (`"@Maison.FR" ignoring case`).
fn text(func: t::TextFunc, inner: Expr) -> Expr {
    let func = match func {
        t::TextFunc::Lower => TextFunc::Lower,
        t::TextFunc::Upper => TextFunc::Upper,
        t::TextFunc::Trim => TextFunc::Trim,
        t::TextFunc::Length => TextFunc::Length,
    };
    match (func, inner) {
        (TextFunc::Lower, Expr::Lit(Scalar::String(s))) => {
            Expr::Lit(Scalar::String(s.to_ascii_lowercase()))
        }
        (TextFunc::Upper, Expr::Lit(Scalar::String(s))) => {
            Expr::Lit(Scalar::String(s.to_ascii_uppercase()))
        }
        (func, inner) => Expr::Text(func, Box::new(inner)),
    }
}

/// The plan's calendar part for a checked one.
fn date_part(part: t::DatePart) -> DatePart {
    match part {
        t::DatePart::Year => DatePart::Year,
        t::DatePart::Quarter => DatePart::Quarter,
        t::DatePart::Month => DatePart::Month,
        t::DatePart::Day => DatePart::Day,
        t::DatePart::Weekday => DatePart::Weekday,
    }
}

/// The plan's column for a declared one.
pub(super) fn column(c: &t::Column) -> Column {
    Column {
        name: c.name.clone(),
        ty: scalar_type(&c.ty),
        nullable: c.nullable,
        parent: None,
    }
}

impl Lowerer<'_> {
    /// `accounts.region` on contacts: the owner's column, read on the row joined to each entity
    /// row (or missing). Out of line: `value` recurses as deep as values nest.
    #[inline(never)]
    fn owner_column(&mut self, entity: t::EntityId, i: usize) -> Expr {
        let owner = self.program.schema.entity(entity);
        if let Some(read) = &mut self.plan.entity.owner {
            read.joined = true;
        }
        Expr::Column(Column {
            parent: Some(owner.name.clone()),
            nullable: true,
            ..column(&owner.columns[i])
        })
    }
}

/// The dialect-facing type of a column type; enums are strings.
pub fn scalar_type(ty: &Type) -> ScalarType {
    match ty {
        Type::String | Type::Enum(_) => ScalarType::String,
        Type::Int => ScalarType::Int,
        Type::Decimal { precision, scale } => ScalarType::Decimal {
            precision: *precision,
            scale: *scale,
        },
        Type::Bool => ScalarType::Bool,
        Type::Date => ScalarType::Date,
        Type::Timestamp => ScalarType::Timestamp,
    }
}

/// The plan's literal for a checked one.
pub(super) fn scalar(l: &Lit) -> Scalar {
    match l {
        Lit::Int(i) => Scalar::Int(*i),
        Lit::Decimal(d) => Scalar::Decimal(d.clone()),
        Lit::String(s) => Scalar::String(s.clone()),
        Lit::Bool(b) => Scalar::Bool(*b),
        Lit::Date(d) => Scalar::Date(*d),
    }
}
