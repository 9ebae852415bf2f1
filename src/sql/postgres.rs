//! PostgreSQL: standard quoting, `FILTER`, date minus integer, byte-wise collation "C".

use super::dialect::{Dialect, DialectFlags};
use super::tree::{IntervalUnit, SqlExpr};
use crate::ir::ScalarType;

/// PostgreSQL 12 and later.
pub struct Postgres;

impl Dialect for Postgres {
    fn name(&self) -> &'static str {
        "postgres"
    }

    fn flags(&self) -> DialectFlags {
        DialectFlags {
            aggregate_filter: true,
            bytewise_collation: Some("C"),
        }
    }

    fn interval(&self, count: i64, unit: IntervalUnit) -> String {
        match unit {
            IntervalUnit::Day => format!("INTERVAL '{count} days'"),
            IntervalUnit::Month => format!("INTERVAL '{count} months'"),
        }
    }

    fn type_name(&self, ty: ScalarType) -> &'static str {
        match ty {
            ScalarType::String => "TEXT",
            ScalarType::Int => "BIGINT",
            ScalarType::Decimal { .. } => "NUMERIC",
            ScalarType::Bool => "BOOLEAN",
            ScalarType::Date => "DATE",
            ScalarType::Timestamp => "TIMESTAMP",
        }
    }

    fn current_date(&self) -> SqlExpr {
        SqlExpr::func(
            "TIMEZONE",
            vec![SqlExpr::Str("UTC".into()), SqlExpr::func("NOW", vec![])],
        )
    }

    fn days_between(&self, from: SqlExpr, to: SqlExpr) -> SqlExpr {
        SqlExpr::binary("-", to, from)
    }

    fn ends_with(&self, value: SqlExpr, suffix: SqlExpr) -> SqlExpr {
        let tail = SqlExpr::func(
            "RIGHT",
            vec![value, SqlExpr::func("LENGTH", vec![suffix.clone()])],
        );
        SqlExpr::binary("=", tail, suffix)
    }
}
