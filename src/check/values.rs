//! Values: names (columns, parameters, segmentations), literals, relative dates, and the values
//! computed from others (`days since`, `days until`, `age`, date parts, `anniversary`); model fields are in `fields.rs`, aggregates in
//! `aggregates.rs`. Special-category columns are refused here, where names are resolved.

use super::errors::{
    a, did_you_mean, AggregateError, CheckError, ConditionError, NameError, PrivacyError,
};
use super::exprs::ExprChecker;
use super::typed::*;
use crate::suggest::closest;
use crate::syntax::ast;

impl ExprChecker<'_> {
    /// Checks a value; `None` when it has errors (already recorded).
    pub fn value(&mut self, value: &ast::Value, scope: Scope) -> Option<Value> {
        let span = value.span;
        let make = |kind, ty, nullable| {
            Some(Value {
                kind,
                ty,
                nullable,
                span,
            })
        };
        match &value.kind {
            ast::ValueKind::Name(id) => self.name(id, scope),
            ast::ValueKind::Literal(lit) => {
                let (lit, ty) = literal(lit);
                make(ValueKind::Literal(lit), ty, false)
            }
            ast::ValueKind::Ago(count, unit) => {
                let n = self.count(count)?;
                // `0 days ago` is the evaluation date itself; only negative counts are refused.
                if n < 0 {
                    self.positive(n, count.span, *unit)?;
                }
                make(ValueKind::Ago(n, *unit), Type::Date, false)
            }
            ast::ValueKind::Field(f) => self.field(&f.0, &f.1, scope, span),
            ast::ValueKind::DaysSince(inner)
            | ast::ValueKind::DaysUntil(inner)
            | ast::ValueKind::Age(inner)
            | ast::ValueKind::DatePart(_, inner)
            | ast::ValueKind::Anniversary(inner) => {
                let what = match &value.kind {
                    ast::ValueKind::DaysSince(_) => "days since",
                    ast::ValueKind::DaysUntil(_) => "days until",
                    ast::ValueKind::Age(_) => "age",
                    ast::ValueKind::DatePart(part, _) => part.name(),
                    _ => "anniversary",
                };
                let v = self.value(inner, scope)?;
                self.temporal(&v, what)?;
                let nullable = v.nullable;
                let v = Box::new(v);
                let (kind, ty) = match &value.kind {
                    ast::ValueKind::DaysSince(_) => (ValueKind::DaysSince(v), Type::Int),
                    ast::ValueKind::DaysUntil(_) => (ValueKind::DaysUntil(v), Type::Int),
                    ast::ValueKind::Age(_) => (ValueKind::Age(v), Type::Int),
                    ast::ValueKind::DatePart(part, _) => (ValueKind::DatePart(*part, v), Type::Int),
                    _ => (ValueKind::Anniversary(v), Type::Date),
                };
                make(kind, ty, nullable)
            }
            ast::ValueKind::Aggregate(agg) if agg.func.is_quantifier() => {
                self.errors.push(CheckError::new(
                    span,
                    AggregateError::QuantifierAsValue {
                        facts: agg.facts.name.clone(),
                        func: agg.func.name(),
                    },
                ));
                None
            }
            ast::ValueKind::Aggregate(agg) => self.aggregate(agg, span, scope),
            ast::ValueKind::Binary(b) => self.binary(b, span, scope),
            ast::ValueKind::Negate(inner) => self.negate(inner, span, scope),
            ast::ValueKind::Call(func, args) => self.call(*func, args, span, scope),
            ast::ValueKind::Text(func, inner) => {
                let v = self.value(inner, scope)?;
                if !matches!(v.ty, Type::String | Type::Enum(_)) {
                    self.errors.push(CheckError::new(
                        v.span,
                        ConditionError::TextTestType {
                            test: func.name(),
                            ty: a(&v.ty.describe()),
                        },
                    ));
                    return None;
                }
                let ty = match func {
                    ast::TextFunc::Length => Type::Int,
                    _ => Type::String,
                };
                let nullable = v.nullable;
                make(ValueKind::Text(*func, Box::new(v)), ty, nullable)
            }
        }
    }

    /// A name: a column of the scope, a parameter, or a segmentation of the entity.
    fn name(&mut self, id: &ast::Ident, scope: Scope) -> Option<Value> {
        let (table, columns) = self.columns(scope);
        let column = columns.iter().position(|c| c.name == id.name);
        let param = self.param_named(&id.name);
        match (column, param) {
            (Some(_), Some(p)) => {
                self.errors.push(CheckError::new(
                    id.span,
                    NameError::AmbiguousName {
                        param: self.params[p].span,
                        name: id.name.clone(),
                        scope: table.to_string(),
                    },
                ));
                None
            }
            (Some(c), None) => {
                let col = &columns[c];
                if col.special {
                    self.errors.push(CheckError::new(
                        id.span,
                        PrivacyError::SpecialCategory {
                            column: col.name.clone(),
                            table: table.to_string(),
                        },
                    ));
                    return None;
                }
                Some(Value {
                    kind: ValueKind::Column(c),
                    ty: col.ty.clone(),
                    nullable: col.nullable,
                    span: id.span,
                })
            }
            (None, Some(p)) => {
                self.used_params.push(ParamId(p));
                Some(Value {
                    kind: ValueKind::Param(ParamId(p)),
                    ty: self.params[p].ty.clone(),
                    nullable: false,
                    span: id.span,
                })
            }
            (None, None) if self.segmentation(id, scope).is_some() => self.segmentation(id, scope),
            (None, None) if self.trait_value(id, scope).is_some() => self.trait_value(id, scope),
            (None, None) => {
                self.unknown_name(id, table, columns, scope);
                None
            }
        }
    }

    /// A name that is neither a column of the scope nor a parameter; the help says what it is
    /// when it names a segment or a facts table.
    fn unknown_name(&mut self, id: &ast::Ident, table: &str, columns: &[Column], scope: Scope) {
        let parent = match scope {
            Scope::Facts(f) => self
                .schema
                .ancestors(f)
                .into_iter()
                .map(|p| self.schema.facts(p))
                .find(|p| p.columns.iter().any(|c| c.name == id.name)),
            Scope::Entity(_) | Scope::Costs(_) => None,
        };
        let help = if let Some(parent) = parent {
            Some(format!(
                "`{}` is a column of `{}`, a parent of `{table}`: write `{}.{}`",
                id.name, parent.name, parent.name, id.name
            ))
        } else if let Some(entity) = self.trait_names.get(&id.name) {
            if entity == table && self.failed_traits.contains(&id.name) {
                // Its errors are at its declaration: one more here would say nothing new.
                return;
            }
            // Traits are checked before what reads them, so one of this entity is found.
            debug_assert_ne!(
                entity, table,
                "trait `{}` read before it was checked",
                id.name
            );
            Some(format!(
                "`{}` is a trait of `{entity}`, not of `{table}`",
                id.name
            ))
        } else if self.segments.find(&id.name).is_some() {
            Some(format!(
                "`{}` is a segment: test membership with `in {}`",
                id.name, id.name
            ))
        } else if self.schema.facts.iter().any(|f| f.name == id.name) {
            Some(format!(
                "`{}` is a facts table: aggregate it, e.g. `{}.count()`",
                id.name, id.name
            ))
        } else {
            let names = columns
                .iter()
                .map(|c| c.name.as_str())
                .chain(self.params.iter().map(|p| p.name.as_str()));
            did_you_mean(closest(&id.name, names))
        };
        self.errors.push(CheckError::new(
            id.span,
            NameError::UnknownName {
                name: id.name.clone(),
                scope: table.to_string(),
                help,
            },
        ));
    }

    /// A segmentation of the scope's entity used as a value: its stage, an enum of stage names.
    fn segmentation(&self, id: &ast::Ident, scope: Scope) -> Option<Value> {
        let Scope::Entity(entity) = scope else {
            return None;
        };
        let index = self
            .segmentations
            .iter()
            .position(|(n, e, _)| *n == id.name && *e == entity)?;
        Some(Value {
            kind: ValueKind::Segmentation(index),
            ty: Type::Enum(self.segmentations[index].2.clone()),
            nullable: false,
            span: id.span,
        })
    }
}

/// The typed literal and its type.
pub fn literal(lit: &ast::Literal) -> (Lit, Type) {
    match &lit.kind {
        ast::LiteralKind::Int(i) => (Lit::Int(*i), Type::Int),
        ast::LiteralKind::Decimal(d) => {
            let digits = d.trim_start_matches('-');
            let scale = digits.split('.').nth(1).map(str::len).unwrap_or(0) as u32;
            let precision =
                (digits.chars().filter(char::is_ascii_digit).count() as u32).clamp(1, 38);
            (
                Lit::Decimal(d.clone()),
                Type::Decimal {
                    precision: precision.max(scale),
                    scale,
                },
            )
        }
        ast::LiteralKind::String(s) => (Lit::String(s.clone()), Type::String),
        ast::LiteralKind::Bool(b) => (Lit::Bool(*b), Type::Bool),
        ast::LiteralKind::Date(d) => (Lit::Date(*d), Type::Date),
    }
}
