//! Time: counts of time units (written out or an `int` parameter), `within last`, `before` and
//! `after`, relative values that need a date or timestamp, and the windows of aggregates.

use super::errors::{
    a, did_you_mean, CheckError, ConditionError, KpiError, NameError, SchemaError,
};
use super::exprs::ExprChecker;
use super::typed::*;
use crate::source::Span;
use crate::suggest::closest;
use crate::syntax::ast;

impl ExprChecker<'_> {
    /// `value within last N unit` or `value within next N unit`.
    pub(super) fn within(
        &mut self,
        v: Value,
        count: &ast::Count,
        unit: ast::TimeUnit,
        direction: Within,
    ) -> Option<Cond> {
        self.temporal(&v, direction.words())?;
        let n = self.count(count)?;
        self.positive(n, count.span, unit)?;
        Some(match direction {
            Within::Last => Cond::WithinLast {
                value: v,
                count: n,
                unit,
            },
            Within::Next => Cond::WithinNext {
                value: v,
                count: n,
                unit,
            },
        })
    }

    /// `value before bound` / `value after bound` (`what` is the word): both must be temporal.
    pub(super) fn time_bound(
        &mut self,
        v: Option<Value>,
        bound: &ast::Value,
        what: &'static str,
        scope: Scope,
    ) -> Option<(Value, Value)> {
        let bound = self.value(bound, scope);
        let (v, bound) = (v?, bound?);
        let a = self.temporal(&v, what);
        let c = self.temporal(&bound, what);
        a.and(c)?;
        Some((v, bound))
    }

    /// A date or timestamp, as `what` (relative time) needs.
    pub(super) fn temporal(&mut self, v: &Value, what: &'static str) -> Option<()> {
        if v.ty.is_temporal() {
            return Some(());
        }
        self.errors.push(CheckError::new(
            v.span,
            ConditionError::NotTemporal {
                what,
                ty: a(&v.ty.describe()),
            },
        ));
        None
    }

    /// A count of time units must be at least 1.
    pub fn positive(&mut self, count: i64, span: Span, unit: ast::TimeUnit) -> Option<()> {
        if count >= 1 {
            return Some(());
        }
        self.errors.push(CheckError::new(
            span,
            ConditionError::EmptyWindow {
                count,
                unit: unit.word(),
            },
        ));
        None
    }

    /// The number a count stands for: as written, or the value of the `int` parameter it names.
    pub fn count(&mut self, count: &ast::Count) -> Option<i64> {
        let Some(name) = &count.param else {
            return Some(count.value);
        };
        let Some(index) = self.param_named(name) else {
            let candidates = self
                .params
                .iter()
                .filter(|p| p.ty == Type::Int)
                .map(|p| p.name.as_str());
            let help = did_you_mean(closest(name, candidates)).or_else(|| {
                Some("a number of days, weeks, months or years is written out (`30 days`) or names an `int` parameter".into())
            });
            self.errors.push(CheckError::new(
                count.span,
                NameError::UnknownName {
                    name: name.clone(),
                    scope: "the parameters".into(),
                    help,
                },
            ));
            return None;
        };
        self.used_params.push(ParamId(index));
        match &self.params[index].value {
            Lit::Int(n) => Some(*n),
            _ => {
                self.errors.push(CheckError::new(
                    count.span,
                    ConditionError::NotACount {
                        name: name.clone(),
                        ty: a(&self.params[index].ty.describe()),
                    },
                ));
                None
            }
        }
    }

    /// The window of an aggregate over `facts`: a last-N period or fixed bounds.
    pub(super) fn window(&mut self, w: &ast::Window, facts: FactsId, span: Span) -> Option<Window> {
        let f = self.schema.facts(facts);
        if self.schema.time_of(facts).is_none() {
            self.errors.push(no_time_column(f, span, "windows"));
            return None;
        }
        // Bounds are evaluated per entity, outside any row: they must be constants.
        self.window_bounded(w, Scope::Entity(f.entity), span)
    }

    /// A window over a table with a time column; its bounds are constants, resolved in `scope`.
    pub(super) fn window_bounded(
        &mut self,
        w: &ast::Window,
        scope: Scope,
        span: Span,
    ) -> Option<Window> {
        let bound = |this: &mut Self, v: &ast::Value| -> Option<Value> {
            let v = this.value(v, scope)?;
            let constant = matches!(
                v.kind,
                ValueKind::Ago(..) | ValueKind::Literal(_) | ValueKind::Param(_)
            );
            if !constant {
                this.errors
                    .push(CheckError::new(v.span, ConditionError::WindowBound));
                return None;
            }
            this.temporal(&v, "a window")?;
            Some(v)
        };
        match w {
            ast::Window::Last(count, unit) => {
                let n = self.count(count)?;
                self.positive(n, count.span, *unit)?;
                Some(Window::Last(n, *unit))
            }
            ast::Window::Next(count, unit) => {
                let n = self.count(count)?;
                self.positive(n, count.span, *unit)?;
                if !self.in_kpi {
                    self.errors
                        .push(CheckError::new(span, KpiError::RowsAfterEvaluation));
                    return None;
                }
                Some(Window::Next(n, *unit))
            }
            ast::Window::Before(v) => bound(self, v).map(Window::Before),
            ast::Window::After(v) => bound(self, v).map(Window::After),
            ast::Window::Between(a, b) => {
                let a = bound(self, a);
                let b = bound(self, b);
                Some(Window::Between(a?, b?))
            }
        }
    }
}

/// The direction of a `within` test: the period that ends on the evaluation date, or the one
/// that starts on it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Within {
    Last,
    Next,
}

impl Within {
    /// The words as written.
    fn words(self) -> &'static str {
        match self {
            Within::Last => "within last",
            Within::Next => "within next",
        }
    }
}

/// `facts` has no time column, which `what` need.
pub(super) fn no_time_column(facts: &Facts, span: Span, what: &str) -> CheckError {
    CheckError::new(
        span,
        SchemaError::NoTimeColumn {
            problem: format!("`{}` has no time column, which {what} need", facts.name),
            help: Some(match facts.rows_of {
                // The rows of a linked entity (contacts, on accounts) are read as they are now.
                Some(_) => format!(
                    "the rows of the entity `{}` are read as they are now, without a window: test its date columns in the `where`, e.g. `{}.count(where created_at within last 90 days)`",
                    facts.name, facts.name
                ),
                None => format!(
                    "declare one after the table: `facts {} of ... at some_timestamp_column {{`",
                    facts.name
                ),
            }),
        },
    )
}
