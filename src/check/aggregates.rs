//! Aggregates over a facts table of the entity: `orders.count(where amount > 100)`,
//! `orders.sum(amount, last 90 days)`. The arguments are checked in the order written, then the
//! result's type follows from the function and its column.

use super::errors::{a, did_you_mean, AggregateError, CheckError, NameError, PrivacyError};
use super::exprs::ExprChecker;
use super::names::resolve_facts;
use super::time::no_time_column;
use super::typed::*;
use crate::source::Span;
use crate::suggest::closest;
use crate::syntax::ast::{self, AggFunc};

/// The arguments of one aggregate, each with where it was written.
#[derive(Default)]
pub(super) struct Arguments {
    column: Option<(usize, Span)>,
    distinct: bool,
    /// `None` inside when the filter has errors.
    pub(super) filter: Option<(Option<Cond>, Span)>,
    /// `None` inside when the window has errors.
    pub(super) window: Option<(Option<Window>, Span)>,
    /// True once any argument had an error.
    pub(super) failed: bool,
}

impl<'a> ExprChecker<'a> {
    /// `facts.func(args)` in the scope of an entity; `None` when it has errors (already recorded).
    pub(super) fn aggregate(
        &mut self,
        agg: &ast::Aggregate,
        span: Span,
        scope: Scope,
    ) -> Option<Value> {
        let Scope::Entity(entity) = scope else {
            self.errors.push(CheckError::new(
                span,
                AggregateError::Arguments {
                    problem: "aggregates cannot be nested".into(),
                    label: "an aggregate inside an aggregate's `where`".into(),
                    help: Some(
                        "filter rows with their own columns, e.g. `where amount > 100`".into(),
                    ),
                },
            ));
            return None;
        };
        let facts = resolve_facts(self.schema, &agg.facts, entity, &mut self.errors)?;
        let mut args = Arguments::default();
        self.member = Some(entity);
        for arg in &agg.args {
            match arg {
                ast::AggArg::Column(id) => self.column_argument(agg, id, facts, &mut args),
                ast::AggArg::Distinct(id, distinct_span) => {
                    self.distinct_argument(agg, *distinct_span, &mut args);
                    self.column_argument(agg, id, facts, &mut args);
                }
                ast::AggArg::Where(cond, where_span) => {
                    self.filter_argument(cond, *where_span, facts, &mut args)
                }
                ast::AggArg::Window(w, window_span) => {
                    self.window_argument(w, *window_span, facts, &mut args)
                }
            }
        }
        self.member = None;
        let (ty, nullable) = self.aggregate_type(agg, facts, &args)?;
        if args.failed {
            return None;
        }
        Some(Value {
            kind: ValueKind::Aggregate(Box::new(Aggregate {
                facts,
                func: agg.func,
                column: args.column.map(|(c, _)| c),
                distinct: args.distinct,
                filter: args.filter.and_then(|(c, _)| c),
                window: args.window.and_then(|(w, _)| w),
                source: self.sources.snippet(span).to_string(),
            })),
            ty,
            nullable,
            span,
        })
    }

    /// `distinct`, which only `count` takes.
    fn distinct_argument(&mut self, agg: &ast::Aggregate, span: Span, args: &mut Arguments) {
        if agg.func.is_quantifier() {
            args.failed = true;
            let error = quantifier_value_argument(agg, span, "distinct", "where ...");
            self.errors.push(error);
        } else if agg.func != AggFunc::Count {
            args.failed = true;
            self.errors.push(CheckError::new(
                span,
                AggregateError::Arguments {
                    problem: format!(
                        "`distinct` only applies to `count`, not `{}`",
                        agg.func.name()
                    ),
                    label: "not allowed here".into(),
                    help: Some("count distinct values with `count(distinct column)`".into()),
                },
            ));
        }
        args.distinct = true;
    }

    /// The one column an aggregate reads: a column of the facts table that is not special.
    fn column_argument(
        &mut self,
        agg: &ast::Aggregate,
        id: &ast::Ident,
        facts: FactsId,
        args: &mut Arguments,
    ) {
        if agg.func.is_quantifier() {
            // A `distinct` already said so.
            if !args.distinct {
                args.failed = true;
                let table = self.schema.facts(facts);
                let test = match table.columns.iter().find(|c| c.name == id.name) {
                    Some(c) if c.ty == Type::Bool => format!("where {}", c.name),
                    Some(c) if c.ty.is_numeric() => format!("where {} > 0", c.name),
                    _ => format!("where {} is present", id.name),
                };
                let error = quantifier_value_argument(agg, id.span, &id.name, &test);
                self.errors.push(error);
            }
            return;
        }
        if let Some((_, first)) = args.column {
            args.failed = true;
            self.errors.push(CheckError::new(
                id.span,
                AggregateError::Arguments {
                    problem: format!("`{}` takes one column", agg.func.name()),
                    label: "second column".into(),
                    help: Some(format!(
                        "the first column is `{}`",
                        self.sources.snippet(first)
                    )),
                },
            ));
            return;
        }
        let table = self.schema.facts(facts);
        match table.columns.iter().position(|c| c.name == id.name) {
            Some(c) if table.columns[c].special => {
                args.failed = true;
                self.errors.push(CheckError::new(
                    id.span,
                    PrivacyError::SpecialCategory {
                        column: id.name.clone(),
                        table: table.name.clone(),
                    },
                ));
            }
            Some(c) => args.column = Some((c, id.span)),
            None => {
                args.failed = true;
                let candidates = table.columns.iter().map(|c| c.name.as_str());
                self.errors.push(CheckError::new(
                    id.span,
                    NameError::UnknownColumn {
                        name: id.name.clone(),
                        table: table.name.clone(),
                        help: did_you_mean(closest(&id.name, candidates)),
                    },
                ));
            }
        }
    }

    /// `where cond`, once, over the rows of the facts table.
    pub(super) fn filter_argument(
        &mut self,
        cond: &ast::Cond,
        span: Span,
        facts: FactsId,
        args: &mut Arguments,
    ) {
        if let Some((_, first)) = &args.filter {
            args.failed = true;
            self.errors.push(CheckError::new(
                span,
                AggregateError::RepeatedOption {
                    first: *first,
                    what: "`where` filter",
                    help: Some("combine the filters into one: `where a and b`".into()),
                },
            ));
            return;
        }
        let checked = self.cond(cond, Scope::Facts(facts));
        args.failed |= checked.is_none();
        args.filter = Some((checked, span));
    }

    /// A window (`last 90 days`, `between X and Y`), once.
    pub(super) fn window_argument(
        &mut self,
        window: &ast::Window,
        span: Span,
        facts: FactsId,
        args: &mut Arguments,
    ) {
        if let Some((_, first)) = &args.window {
            args.failed = true;
            self.errors.push(CheckError::new(
                span,
                AggregateError::RepeatedOption {
                    first: *first,
                    what: "window",
                    help: Some("keep one window; `between X and Y` covers any range".into()),
                },
            ));
            return;
        }
        let checked = self.window(window, facts, span);
        args.failed |= checked.is_none();
        args.window = Some((checked, span));
    }

    /// The type and nullability of the aggregate's result; `None` when the function and its
    /// column do not fit (recorded, unless an argument already had an error).
    fn aggregate_type(
        &mut self,
        agg: &ast::Aggregate,
        facts: FactsId,
        args: &Arguments,
    ) -> Option<(Type, bool)> {
        let table: &'a Facts = self.schema.facts(facts);
        if agg.func.is_quantifier() {
            return self.quantifier_type(agg, table, args);
        }
        let column = args.column.map(|(c, s)| (&table.columns[c], s));
        if agg.func != AggFunc::Count && column.is_none() && !args.failed {
            let example = match agg.func {
                AggFunc::Sum | AggFunc::Avg => "amount",
                _ => "ordered_at",
            };
            self.errors.push(CheckError::new(
                agg.func_span,
                AggregateError::Arguments {
                    problem: format!("`{}` needs a column", agg.func.name()),
                    label: "which column?".into(),
                    help: Some(format!(
                        "e.g. `{}.{}({example})`",
                        table.name,
                        agg.func.name()
                    )),
                },
            ));
            return None;
        }
        if matches!(agg.func, AggFunc::First | AggFunc::Last)
            && self.schema.time_of(facts).is_none()
        {
            self.errors
                .push(no_time_column(table, agg.func_span, "first and last"));
            return None;
        }
        match (agg.func, column) {
            (AggFunc::Count, _) => Some((Type::Int, false)),
            (AggFunc::Sum | AggFunc::Avg, Some((c, span))) => self.sum_type(agg.func, c, span),
            (AggFunc::Min | AggFunc::Max, Some((c, span))) => self.min_max_type(agg.func, c, span),
            (_, Some((c, _))) => Some((c.ty.clone(), true)),
            (_, None) => None,
        }
    }

    /// A quantifier is true or false for every member, never missing; `all` needs the `where`
    /// it quantifies (without one it would always be true).
    fn quantifier_type(
        &mut self,
        agg: &ast::Aggregate,
        table: &Facts,
        args: &Arguments,
    ) -> Option<(Type, bool)> {
        if agg.func == AggFunc::All && args.filter.is_none() && !args.failed {
            self.errors.push(CheckError::new(
                agg.func_span,
                AggregateError::QuantifierArguments {
                    problem: "`all` needs a `where` condition".into(),
                    label: "every row satisfies what?".into(),
                    help: Some(format!(
                        "e.g. `{}.all(where ...)`; to test that a member has rows, use `{}.any()`",
                        table.name, table.name
                    )),
                },
            ));
            return None;
        }
        Some((Type::Bool, false))
    }

    /// `sum` and `avg` add numbers: `sum` keeps an int or the column's scale and is never missing
    /// (0 over no rows); `avg` is a decimal, missing over no rows.
    fn sum_type(&mut self, func: AggFunc, column: &Column, span: Span) -> Option<(Type, bool)> {
        if !column.ty.is_numeric() {
            self.errors.push(CheckError::new(
                span,
                AggregateError::ColumnType {
                    func: func.name(),
                    column: column.name.clone(),
                    needed: "a number (int or decimal)",
                    found: a(&column.ty.describe()),
                    help: Some(
                        "count rows with `count()`, or values with `count(distinct column)`".into(),
                    ),
                },
            ));
            return None;
        }
        Some(match (func, &column.ty) {
            (AggFunc::Sum, Type::Int) => (Type::Int, false),
            (AggFunc::Sum, Type::Decimal { scale, .. }) => (
                Type::Decimal {
                    precision: 38,
                    scale: *scale,
                },
                false,
            ),
            _ => (
                Type::Decimal {
                    precision: 38,
                    scale: 9,
                },
                true,
            ),
        })
    }

    /// `min` and `max` need an ordered column and keep its type.
    fn min_max_type(&mut self, func: AggFunc, column: &Column, span: Span) -> Option<(Type, bool)> {
        if matches!(column.ty, Type::Bool | Type::Enum(_)) {
            self.errors.push(CheckError::new(
                span,
                AggregateError::ColumnType {
                    func: func.name(),
                    column: column.name.clone(),
                    needed: "an ordered value (number, date, timestamp or string)",
                    found: a(&column.ty.describe()),
                    help: Some("test such values with `count(where column = ...)`".into()),
                },
            ));
            return None;
        }
        Some((column.ty.clone(), true))
    }
}

/// `orders.all(amount)`: a quantifier reads no value, it tests each row with its `where`.
fn quantifier_value_argument(
    agg: &ast::Aggregate,
    span: Span,
    what: &str,
    test: &str,
) -> CheckError {
    let func = agg.func.name();
    CheckError::new(
        span,
        AggregateError::QuantifierArguments {
            problem: format!("`{func}` tests rows with `where`; it takes no column"),
            label: format!("`{what}` is not a condition on the rows"),
            help: Some(format!(
                "write the test in a `where`, e.g. `{}.{func}({test})`",
                agg.facts.name
            )),
        },
    )
}
