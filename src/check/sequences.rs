//! Sequences: `events.any(where kind = "cart_add", last 7 days) not followed by orders within 2
//! days`. The first step is an `any` checked as any aggregate; the second step's `where` and
//! window are checked as an aggregate's arguments over its own table, `same` pairs a column of
//! each step, and both tables need a time column of one kind.

use super::aggregates::Arguments;
use super::errors::{a, did_you_mean, CheckError, NameError, PrivacyError, SequenceError};
use super::exprs::ExprChecker;
use super::names::resolve_facts;
use super::typed::*;
use crate::source::Span;
use crate::suggest::closest;
use crate::syntax::ast::{self, AggFunc};

/// The longest bound: 100 years of days, whose microseconds stay far inside 64 bits.
const MAX_DAYS: i64 = 36_500;

impl ExprChecker<'_> {
    /// `first [not] followed by step`, where `first` must be `FACTS.any(…)`.
    pub(super) fn sequence(
        &mut self,
        first: &ast::Value,
        step: &ast::FollowedBy,
        span: Span,
        scope: Scope,
    ) -> Option<Cond> {
        // A sequence's steps read rows up to the evaluation date, in a KPI too (E0265).
        let in_kpi = std::mem::replace(&mut self.in_kpi, false);
        let sequence = self.steps(first, step, span, scope);
        self.in_kpi = in_kpi;
        sequence
    }

    /// The sequence's two steps, `same` and its bound.
    fn steps(
        &mut self,
        first: &ast::Value,
        step: &ast::FollowedBy,
        span: Span,
        scope: Scope,
    ) -> Option<Cond> {
        let agg = match &first.kind {
            ast::ValueKind::Aggregate(agg) if agg.func == AggFunc::Any => agg,
            _ => {
                let found = match &first.kind {
                    ast::ValueKind::Aggregate(agg) => format!("`{}`", agg.func.name()),
                    _ => "a value".to_string(),
                };
                self.errors.push(CheckError::new(
                    first.span,
                    SequenceError::NotAnAny { found },
                ));
                return None;
            }
        };
        let first_value = self.aggregate(agg, first.span, scope);
        let Scope::Entity(entity) = scope else {
            return None;
        };
        // The first step's table, whatever its arguments' errors (already said), so that the
        // second step is checked too.
        let first_facts = resolve_facts(self.schema, &agg.facts, entity, &mut Vec::new())?;
        let then = resolve_facts(self.schema, &step.facts, entity, &mut self.errors)?;
        // Said once per sequence, at its first step through the owner's rows.
        let own = match self.own_rows(entity, first_facts, agg.facts.span) {
            Some(()) => self.own_rows(entity, then, step.facts.span),
            None => None,
        };
        let times = self.step_times(first_facts, then, first.span, step.facts.span);
        self.member = Some(entity);
        let then_agg = self.second_step(step, then, span);
        self.member = None;
        let same = self.same_columns(step, first_facts, then);
        let within_days = self.within_days(&step.within, step.unit);
        let ValueKind::Aggregate(first_agg) = first_value?.kind else {
            return None;
        };
        let then_agg = then_agg?;
        times?;
        own?;
        Some(Cond::Sequence(Box::new(Sequence {
            first: *first_agg,
            then: then_agg,
            same: same?,
            within_days: within_days?,
            followed: !step.negated,
            source: one_line(self.sources.snippet(span)),
        })))
    }

    /// A step's rows belong to the members, not to the entity they belong to (E0261): every
    /// contact of an account would share the account's rows.
    fn own_rows(&mut self, entity: EntityId, facts: FactsId, span: Span) -> Option<()> {
        if self.schema.reach(entity, facts) != Some(Reach::Up) {
            return Some(());
        }
        let owner = self.schema.facts(facts).entity;
        self.errors.push(CheckError::new(
            span,
            SequenceError::OwnerStep {
                entity: self.schema.entity(entity).name.clone(),
                facts: self.schema.facts(facts).name.clone(),
                owner: self.schema.entity(owner).name.clone(),
            },
        ));
        None
    }

    /// Both steps need a time column (E0251), of one kind (E0252).
    fn step_times(
        &mut self,
        first: FactsId,
        then: FactsId,
        first_span: Span,
        then_span: Span,
    ) -> Option<()> {
        let kind = |this: &mut Self, facts: FactsId, span: Span| {
            let Some((dated, column)) = this.schema.time_of(facts) else {
                let name = this.schema.facts(facts).name.clone();
                this.errors.push(CheckError::new(
                    span,
                    SequenceError::NoTime {
                        help: Some(format!(
                            "declare the column that dates its rows: `facts {name} of ... at some_timestamp_column {{`"
                        )),
                        facts: name,
                    },
                ));
                return None;
            };
            Some(this.schema.facts(dated).columns[column].ty.clone())
        };
        let first_kind = kind(self, first, first_span);
        let then_kind = kind(self, then, then_span);
        let (first_kind, then_kind) = (first_kind?, then_kind?);
        if first_kind != then_kind {
            self.errors.push(CheckError::new(
                then_span,
                SequenceError::TimeKinds {
                    first: self.schema.facts(first).name.clone(),
                    first_kind: a(&first_kind.describe()),
                    then: self.schema.facts(then).name.clone(),
                    then_kind: a(&then_kind.describe()),
                },
            ));
            return None;
        }
        Some(())
    }

    /// The second step's `where` and window, as the arguments of an `any` over its table.
    fn second_step(
        &mut self,
        step: &ast::FollowedBy,
        then: FactsId,
        span: Span,
    ) -> Option<Aggregate> {
        let mut args = Arguments::default();
        for arg in &step.args {
            match arg {
                ast::StepArg::Arg(ast::AggArg::Where(cond, where_span)) => {
                    self.filter_argument(cond, *where_span, then, &mut args)
                }
                ast::StepArg::Arg(ast::AggArg::Window(w, window_span)) => {
                    self.window_argument(w, *window_span, then, &mut args)
                }
                // The grammar gives a step no column; `same` is read by `same_columns`.
                ast::StepArg::Arg(ast::AggArg::Column(_) | ast::AggArg::Distinct(..))
                | ast::StepArg::Same { .. } => {}
            }
        }
        if args.failed {
            return None;
        }
        Some(Aggregate {
            facts: then,
            func: AggFunc::Any,
            column: None,
            distinct: false,
            filter: args.filter.and_then(|(c, _)| c),
            window: args.window.and_then(|(w, _)| w),
            source: self.sources.snippet(span).to_string(),
        })
    }

    /// The `same` pairs: a column of the second step's table, equal to the first step's column
    /// of the same name or the one named after `as`, of one type (E0254), each once (E0255).
    fn same_columns(
        &mut self,
        step: &ast::FollowedBy,
        first: FactsId,
        then: FactsId,
    ) -> Option<Vec<(usize, usize)>> {
        let mut pairs = Vec::new();
        let mut failed = false;
        for arg in &step.args {
            let ast::StepArg::Same {
                column,
                first_column,
                span,
            } = arg
            else {
                continue;
            };
            let first_name = first_column.as_ref().unwrap_or(column);
            let then_index = self.step_column(then, column);
            // One name for both rows: its absence from the second table is said once.
            let first_index = match (then_index, first_column) {
                (None, None) => None,
                _ => self.step_column(first, first_name),
            };
            let (Some(f), Some(t)) = (first_index, then_index) else {
                failed = true;
                continue;
            };
            let (first_table, then_table) = (self.schema.facts(first), self.schema.facts(then));
            let (fc, tc) = (&first_table.columns[f], &then_table.columns[t]);
            if !same_kind(&fc.ty, &tc.ty) {
                self.errors.push(CheckError::new(
                    *span,
                    SequenceError::SameType {
                        first: first_table.name.clone(),
                        first_column: fc.name.clone(),
                        first_ty: a(&fc.ty.describe()),
                        then: then_table.name.clone(),
                        column: tc.name.clone(),
                        then_ty: a(&tc.ty.describe()),
                    },
                ));
                failed = true;
                continue;
            }
            if first == then && f != t {
                self.errors.push(CheckError::new(
                    *span,
                    SequenceError::SameTableColumns {
                        facts: then_table.name.clone(),
                        column: tc.name.clone(),
                        first_column: fc.name.clone(),
                    },
                ));
                failed = true;
                continue;
            }
            if pairs.contains(&(f, t)) {
                self.errors.push(CheckError::new(
                    *span,
                    SequenceError::RepeatedSame {
                        column: column.name.clone(),
                    },
                ));
                failed = true;
                continue;
            }
            pairs.push((f, t));
        }
        (!failed).then_some(pairs)
    }

    /// A column of a step's own table; a special-category column is refused, as everywhere.
    fn step_column(&mut self, facts: FactsId, name: &ast::Ident) -> Option<usize> {
        let table = self.schema.facts(facts);
        match table.columns.iter().position(|c| c.name == name.name) {
            Some(c) if table.columns[c].special => {
                self.errors.push(CheckError::new(
                    name.span,
                    PrivacyError::SpecialCategory {
                        column: name.name.clone(),
                        table: table.name.clone(),
                    },
                ));
                None
            }
            Some(c) => Some(c),
            None => {
                let candidates = table.columns.iter().map(|c| c.name.as_str());
                self.errors.push(CheckError::new(
                    name.span,
                    NameError::UnknownColumn {
                        name: name.name.clone(),
                        table: table.name.clone(),
                        help: did_you_mean(closest(&name.name, candidates)),
                    },
                ));
                None
            }
        }
    }

    /// `within N days` or `N weeks`, at least one (E0214), in days; months and years have no
    /// fixed length (E0253).
    fn within_days(&mut self, count: &ast::Count, unit: ast::TimeUnit) -> Option<i64> {
        let n = self.count(count)?;
        let per = match unit {
            ast::TimeUnit::Days => 1,
            ast::TimeUnit::Weeks => 7,
            ast::TimeUnit::Months | ast::TimeUnit::Years => {
                self.errors.push(CheckError::new(
                    count.span,
                    SequenceError::Unit {
                        count: n,
                        unit: unit.word(),
                    },
                ));
                return None;
            }
        };
        self.positive(n, count.span, unit)?;
        let days = n.saturating_mul(per);
        if days > MAX_DAYS {
            self.errors.push(CheckError::new(
                count.span,
                SequenceError::TooLong {
                    days,
                    max: MAX_DAYS,
                },
            ));
            return None;
        }
        Some(days)
    }
}

/// Two columns whose values `same` can compare: one type, or two kinds of text.
fn same_kind(a: &Type, b: &Type) -> bool {
    let text = |t: &Type| matches!(t, Type::String | Type::Enum(_));
    let number = |t: &Type| t.is_numeric();
    a == b || (text(a) && text(b)) || (number(a) && number(b))
}

/// The sequence as written, on one line: a line break and the indentation around it (a long
/// sequence is broken before `followed by`) read as one space, so the SQL's comment does not
/// depend on the layout. A string literal holds no line break.
fn one_line(text: &str) -> String {
    text.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}
