//! Costs tables (`costs marketing_costs at spent_on { … }`): spend booked per day by channel or
//! campaign, never per member, and the one place they are read: the spend of a KPI's `cost`,
//! `marketing_costs.sum(amount, where channel = "search", last 30 days)`, alone or in arithmetic
//! with numbers and parameters.

use super::errors::{a, AggregateError, CheckError, KpiError, SchemaError};
use super::exprs::ExprChecker;
use super::lookups::refuse_references;
use super::names::{readable_column, Declared};
use super::schema::{columns, table_path, time_column};
use super::typed::*;
use crate::source::Span;
use crate::syntax::ast::{self, AggFunc};

/// Adds every costs table to the schema (names unique among all tables). Each needs a date or
/// timestamp column that dates its amounts.
pub(super) fn add_costs(
    decls: &[&ast::CostsDecl],
    schema: &mut Schema,
    seen: &mut Declared,
    errors: &mut Vec<CheckError>,
) {
    for decl in decls {
        if !seen.is_new("table", &decl.name.name, decl.name.span, errors) {
            continue;
        }
        refuse_references("costs table", &decl.name.name, &decl.columns, errors);
        let columns = columns(&decl.name.name, &decl.columns, errors);
        let at = decl.time_column.as_ref();
        let Some(time) = time_column(&decl.name, at, &columns, errors) else {
            if at.is_none() {
                errors.push(CheckError::new(
                    decl.name.span,
                    SchemaError::NoTimeColumn {
                        problem: format!(
                            "costs table `{}` needs the date its amounts were spent on",
                            decl.name.name
                        ),
                        help: Some(format!(
                            "name it after `at`: `costs {} at spent_on {{ spent_on: date … }}` (a table with exactly one date or timestamp column uses that one)",
                            decl.name.name
                        )),
                    },
                ));
            }
            continue;
        };
        schema.costs.push(Costs {
            name: decl.name.name.clone(),
            docs: decl.docs.clone(),
            table: table_path(decl.table.as_ref(), &decl.name, errors),
            time_column: time,
            columns,
            span: decl.name.span,
        });
    }
}

impl ExprChecker<'_> {
    /// Whether `v` reads a costs table where a spend may: a sum over one, or arithmetic with
    /// one on a side. Anything else is checked as a value of the entity.
    pub(super) fn reads_costs(&self, v: &ast::Value) -> bool {
        match &v.kind {
            ast::ValueKind::Aggregate(agg) => self.schema.costs_named(&agg.facts.name).is_some(),
            ast::ValueKind::Binary(b) => {
                b.op != ast::ArithOp::Otherwise
                    && (self.reads_costs(&b.left) || self.reads_costs(&b.right))
            }
            ast::ValueKind::Negate(x) => self.reads_costs(x),
            _ => false,
        }
    }

    /// A spend that reads costs tables (`reads_costs`); `fixed` checks and folds the parts that
    /// read none.
    pub(super) fn booked_spend(
        &mut self,
        v: &ast::Value,
        fixed: &mut dyn FnMut(&mut Self, &ast::Value) -> Option<Spend>,
    ) -> Option<Spend> {
        if !self.reads_costs(v) {
            return fixed(self, v);
        }
        match &v.kind {
            ast::ValueKind::Aggregate(agg) => self
                .cost_sum(agg, v.span)
                .map(|s| Spend::Booked(Box::new(s))),
            ast::ValueKind::Binary(b) => {
                let op = match b.op {
                    ast::ArithOp::Add => NumOp::Add,
                    ast::ArithOp::Sub => NumOp::Sub,
                    ast::ArithOp::Mul => NumOp::Mul,
                    // `reads_costs` leaves `otherwise` out.
                    ast::ArithOp::Div | ast::ArithOp::Otherwise => NumOp::Div,
                };
                let left = self.booked_spend(&b.left, fixed);
                let right = self.booked_spend(&b.right, fixed);
                Some(Spend::Arith(op, Box::new(left?), Box::new(right?)))
            }
            ast::ValueKind::Negate(x) => {
                Some(Spend::Negate(Box::new(self.booked_spend(x, fixed)?)))
            }
            _ => fixed(self, v),
        }
    }

    /// `costs.sum(column, where …, window)`: the one aggregate a spend reads a costs table with.
    fn cost_sum(&mut self, agg: &ast::Aggregate, span: Span) -> Option<CostSum> {
        let id = self.schema.costs_named(&agg.facts.name)?;
        let table = self.schema.costs(id);
        let mut failed = false;
        if agg.func != AggFunc::Sum {
            self.errors.push(CheckError::new(
                agg.func_span,
                KpiError::SpendNotASum {
                    table: table.name.clone(),
                    func: agg.func.name(),
                },
            ));
            failed = true;
        }
        let (mut column, mut filter, mut window) = (None, None, None);
        for arg in &agg.args {
            match arg {
                ast::AggArg::Column(c) if column.is_none() => {
                    column = self.cost_column(id, c);
                    failed |= column.is_none();
                }
                ast::AggArg::Where(cond, _) if filter.is_none() => {
                    filter = self.cond(cond, Scope::Costs(id));
                    failed |= filter.is_none();
                }
                ast::AggArg::Window(w, at) if window.is_none() => {
                    window = self.window_bounded(w, Scope::Costs(id), *at);
                    failed |= window.is_none();
                }
                ast::AggArg::Column(c) | ast::AggArg::Distinct(c, _) => {
                    self.spend_argument(table, c.span, "one column, without `distinct`");
                    failed = true;
                }
                ast::AggArg::Where(_, at) | ast::AggArg::Window(_, at) => {
                    self.spend_argument(table, *at, "one `where` and one window");
                    failed = true;
                }
            }
        }
        if column.is_none() && !failed {
            self.spend_argument(table, agg.func_span, "the column of amounts to add up");
            failed = true;
        }
        if failed {
            return None;
        }
        Some(CostSum {
            costs: id,
            column: column?,
            filter,
            window,
            source: self.sources.snippet(span).trim().to_string(),
        })
    }

    /// The column a spend sums: a number column of the costs table, not special.
    fn cost_column(&mut self, id: CostsId, c: &ast::Ident) -> Option<usize> {
        let table = self.schema.costs(id);
        let i = readable_column(&table.name, &table.columns, c, &mut self.errors)?;
        let column = &table.columns[i];
        if !column.ty.is_numeric() {
            self.errors.push(CheckError::new(
                c.span,
                AggregateError::ColumnType {
                    func: "sum",
                    column: column.name.clone(),
                    needed: "a number (int or decimal)",
                    found: a(&column.ty.describe()),
                    help: Some(
                        "a spend adds up amounts of money: sum the column that holds them".into(),
                    ),
                },
            ));
            return None;
        }
        Some(i)
    }

    /// An argument a spend's sum does not take.
    fn spend_argument(&mut self, table: &Costs, span: Span, takes: &str) {
        self.errors.push(CheckError::new(
            span,
            AggregateError::Arguments {
                problem: format!("a spend's sum over `{}` takes {takes}", table.name),
                label: "not here".into(),
                help: Some(format!(
                    "e.g. `{}.sum(amount, where channel = \"search\", last 30 days)`",
                    table.name
                )),
            },
        ));
    }
}
