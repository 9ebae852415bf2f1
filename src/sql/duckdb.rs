//! DuckDB: PostgreSQL-like quoting and `FILTER`, `date_diff` for day counts.

use super::dialect::{Dialect, DialectFlags};
use super::tree::{IntervalUnit, SqlExpr};
use crate::ir::ScalarType;

/// DuckDB 1.x.
pub struct DuckDb;

impl Dialect for DuckDb {
    fn name(&self) -> &'static str {
        "duckdb"
    }

    fn flags(&self) -> DialectFlags {
        DialectFlags {
            aggregate_filter: true,
            bytewise_collation: None,
        }
    }

    fn interval(&self, count: i64, unit: IntervalUnit) -> String {
        match unit {
            IntervalUnit::Day => format!("INTERVAL {count} DAY"),
            IntervalUnit::Month => format!("INTERVAL {count} MONTH"),
        }
    }

    fn type_name(&self, ty: ScalarType) -> &'static str {
        match ty {
            ScalarType::String => "VARCHAR",
            ScalarType::Int => "BIGINT",
            ScalarType::Decimal { .. } => "DECIMAL(38, 9)",
            ScalarType::Bool => "BOOLEAN",
            ScalarType::Date => "DATE",
            ScalarType::Timestamp => "TIMESTAMP",
        }
    }

    fn current_date(&self) -> SqlExpr {
        // Microseconds since the epoch read back as a plain timestamp: the UTC moment, with or
        // without the ICU extension (which `CURRENT_DATE` needs and an offline engine lacks).
        let now = SqlExpr::func("GET_CURRENT_TIMESTAMP", vec![]);
        SqlExpr::func("MAKE_TIMESTAMP", vec![SqlExpr::func("EPOCH_US", vec![now])])
    }

    fn days_between(&self, from: SqlExpr, to: SqlExpr) -> SqlExpr {
        SqlExpr::func("DATE_DIFF", vec![SqlExpr::Str("day".into()), from, to])
    }

    fn int_div(&self, dividend: SqlExpr, divisor: SqlExpr) -> SqlExpr {
        // `/` on integers is exact division in DuckDB; `//` truncates toward zero.
        SqlExpr::binary("//", dividend, divisor)
    }
}
