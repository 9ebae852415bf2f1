//! Lookups in the plan: the dimension tables a feature table's rows are read with, and which of
//! them a feature reads.

use super::{Agg, Cond, Expr, Feature};
use crate::check::typed::TablePath;
use std::collections::BTreeSet;

/// A lookup a feature table's rows are read with: each row is read once, with the one row of
/// `table` whose `key` holds the row's `column` (on the row itself, or on its parent row
/// `holder`). A row whose value is missing, names no lookup row, or names a key found on several
/// rows is still read, and every column of the lookup is missing on it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LookupTable {
    /// The lookup's declared name: the `Column::parent` of its columns in features.
    pub name: String,
    pub table: TablePath,
    /// The lookup's key column.
    pub key: String,
    /// Every declared column of the lookup, the key included.
    pub columns: Vec<String>,
    /// The parent (one of `FeatureTable::parents`) whose row holds the reference; `None` for
    /// the feature table's own rows.
    pub holder: Option<String>,
    /// The referencing column.
    pub column: String,
}

impl Feature {
    /// The tables other than its own whose columns the feature reads: parents and lookups, by
    /// name (`Column::parent`).
    pub fn tables_read(&self) -> BTreeSet<&str> {
        let mut out = BTreeSet::new();
        let column = match &self.agg {
            Agg::CountRows => None,
            Agg::CountValues(c)
            | Agg::CountDistinct(c)
            | Agg::Sum(c)
            | Agg::Min(c)
            | Agg::Max(c)
            | Agg::First { value: c, .. }
            | Agg::Last { value: c, .. } => Some(c),
        };
        out.extend(column.and_then(|c| c.parent.as_deref()));
        if let Some(filter) = &self.filter {
            cond_tables(filter, &mut out);
        }
        out
    }
}

impl Cond {
    /// The tables other than its own whose columns a row filter reads, by name.
    pub fn tables_read(&self) -> BTreeSet<&str> {
        let mut out = BTreeSet::new();
        cond_tables(self, &mut out);
        out
    }
}

fn cond_tables<'p>(c: &'p Cond, out: &mut BTreeSet<&'p str>) {
    match c {
        // A sequence is a condition of the entity, never inside a feature's row filter.
        Cond::Const(_) | Cond::Referenced(_) | Cond::Sequence(_) => {}
        Cond::And(parts) | Cond::Or(parts) => parts.iter().for_each(|p| cond_tables(p, out)),
        Cond::Not(inner) => cond_tables(inner, out),
        Cond::Compare { left, right, .. } => {
            expr_tables(left, out);
            expr_tables(right, out);
        }
        Cond::InList { expr, items, .. } => {
            expr_tables(expr, out);
            items.iter().for_each(|i| expr_tables(i, out));
        }
        Cond::IsNull(e) | Cond::Truthy(e) | Cond::HashBelow { expr: e, .. } => expr_tables(e, out),
        Cond::Text { expr, pattern, .. } => {
            expr_tables(expr, out);
            expr_tables(pattern, out);
        }
    }
}

fn expr_tables<'p>(e: &'p Expr, out: &mut BTreeSet<&'p str>) {
    match e {
        Expr::Column(c) => out.extend(c.parent.as_deref()),
        Expr::Feature { .. } | Expr::Lit(_) | Expr::Date(_) | Expr::Score { .. } => {}
        Expr::DateOf(x)
        | Expr::DaysSince(x)
        | Expr::AgeYears(x)
        | Expr::DaysUntil(x)
        | Expr::DatePart(_, x)
        | Expr::Anniversary(x)
        | Expr::Text(_, x)
        | Expr::Neg(x)
        | Expr::Abs(x)
        | Expr::Sign(x)
        | Expr::Round(x, _) => expr_tables(x, out),
        Expr::Add(a, b)
        | Expr::Sub(a, b)
        | Expr::Mul(a, b)
        | Expr::Div(a, b)
        | Expr::IntDiv(a, b)
        | Expr::Otherwise(a, b) => {
            expr_tables(a, out);
            expr_tables(b, out);
        }
        Expr::Least(values) | Expr::Greatest(values) => {
            values.iter().for_each(|v| expr_tables(v, out))
        }
        Expr::Case { whens, otherwise } => {
            expr_tables(otherwise, out);
            for (c, v) in whens {
                cond_tables(c, out);
                expr_tables(v, out);
            }
        }
    }
}
