//! What differs between SQL engines, in one trait. Each dialect is one small file implementing it;
//! everything else in `sql/` is shared.

use super::keywords::is_reserved;
use super::tree::{AggCall, IntervalUnit, SqlExpr};
use crate::ir::ScalarType;

/// Semantic switches that differ between engines, named as sqlglot names them.
#[derive(Debug, Clone, Copy)]
pub struct DialectFlags {
    /// `agg(...) FILTER (WHERE ...)` is supported; otherwise the condition moves inside the call.
    pub aggregate_filter: bool,
    /// Ordering comparisons of strings need an explicit byte-wise collation.
    pub bytewise_collation: Option<&'static str>,
}

/// One SQL dialect.
pub trait Dialect {
    /// The target's name as the CLI spells it.
    fn name(&self) -> &'static str;

    /// The semantic switches of this engine.
    fn flags(&self) -> DialectFlags;

    /// The identifier, quoted when it would otherwise not survive as written.
    fn quote_ident(&self, name: &str) -> String {
        let plain = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if plain && !is_reserved(name) {
            name.to_string()
        } else {
            format!("\"{}\"", name.replace('"', "\"\""))
        }
    }

    /// A string literal, escaped so that its content can never end it.
    fn string_literal(&self, value: &str) -> String {
        format!("'{}'", value.replace('\'', "''"))
    }

    /// An exact decimal literal from its digits.
    fn decimal_literal(&self, digits: &str) -> String {
        digits.to_string()
    }

    /// A collation name in a `COLLATE` clause.
    fn quote_collation(&self, name: &str) -> String {
        format!("\"{name}\"")
    }

    /// `INTERVAL n UNIT`.
    fn interval(&self, count: i64, unit: IntervalUnit) -> String;

    /// The SQL type of a value type, for casts.
    fn type_name(&self, ty: ScalarType) -> &'static str;

    /// The current moment or date in UTC (cast to a date by the caller), independent of the
    /// session's time zone.
    fn current_date(&self) -> SqlExpr;

    /// The calendar day of a timestamp.
    fn date_of(&self, timestamp: SqlExpr) -> SqlExpr {
        SqlExpr::cast(timestamp, "DATE")
    }

    /// `date` minus `count` days.
    fn minus_days(&self, date: SqlExpr, count: i64) -> SqlExpr {
        SqlExpr::binary("-", date, SqlExpr::Int(count))
    }

    /// `date` minus `count` calendar months, clamped to the end of shorter months, as a date.
    fn minus_months(&self, date: SqlExpr, count: i64) -> SqlExpr {
        SqlExpr::cast(
            SqlExpr::binary(
                "-",
                date,
                SqlExpr::Interval {
                    count,
                    unit: IntervalUnit::Month,
                },
            ),
            "DATE",
        )
    }

    /// Whole days from `from` to `to` (both dates).
    fn days_between(&self, from: SqlExpr, to: SqlExpr) -> SqlExpr;

    /// `value` starts with `prefix`.
    /// The whole quotient of two integers, truncated toward zero.
    fn int_div(&self, dividend: SqlExpr, divisor: SqlExpr) -> SqlExpr {
        SqlExpr::binary("/", dividend, divisor)
    }

    fn starts_with(&self, value: SqlExpr, prefix: SqlExpr) -> SqlExpr {
        SqlExpr::func("STARTS_WITH", vec![value, prefix])
    }

    /// `value` ends with `suffix`.
    fn ends_with(&self, value: SqlExpr, suffix: SqlExpr) -> SqlExpr {
        SqlExpr::func("ENDS_WITH", vec![value, suffix])
    }

    /// `value` contains `part`.
    fn contains(&self, value: SqlExpr, part: SqlExpr) -> SqlExpr {
        SqlExpr::binary(
            ">",
            SqlExpr::func("STRPOS", vec![value, part]),
            SqlExpr::Int(0),
        )
    }

    /// `value LIKE pattern` where `\` escapes `%`, `_` and itself.
    fn like(&self, value: SqlExpr, pattern: SqlExpr) -> SqlExpr {
        SqlExpr::Like {
            expr: Box::new(value),
            pattern: Box::new(pattern),
            escape: Some("\\"),
        }
    }

    /// `call` restricted to rows where `condition` holds.
    fn filtered(&self, mut call: AggCall, condition: Option<SqlExpr>) -> SqlExpr {
        let Some(condition) = condition else {
            return SqlExpr::Agg(Box::new(call));
        };
        if self.flags().aggregate_filter {
            call.filter = Some(condition);
            return SqlExpr::Agg(Box::new(call));
        }
        if call.args.is_empty() {
            return SqlExpr::func("COUNTIF", vec![condition]);
        }
        let args = std::mem::take(&mut call.args);
        call.args = args
            .into_iter()
            .map(|a| SqlExpr::func("IF", vec![condition.clone(), a, SqlExpr::Null]))
            .collect();
        SqlExpr::Agg(Box::new(call))
    }

    /// The value of the first row in `order` among rows where `condition` holds and `value` is present.
    fn first_by(
        &self,
        value: SqlExpr,
        order: Vec<(SqlExpr, bool)>,
        condition: Option<SqlExpr>,
    ) -> SqlExpr {
        let present = SqlExpr::IsNull {
            expr: Box::new(value.clone()),
            negated: true,
        };
        let condition = match condition {
            Some(c) => SqlExpr::And(vec![c, present]),
            None => present,
        };
        let mut call = AggCall::new("ARRAY_AGG", vec![value]);
        call.order_by = order;
        call.filter = Some(condition);
        SqlExpr::FirstElement(Box::new(SqlExpr::Agg(Box::new(call))))
    }

    /// The first 8 lowercase hex digits of the MD5 of a text: the holdout bucket.
    fn hash_prefix(&self, text: SqlExpr) -> SqlExpr {
        SqlExpr::func(
            "SUBSTR",
            vec![
                SqlExpr::func("MD5", vec![text]),
                SqlExpr::Int(1),
                SqlExpr::Int(8),
            ],
        )
    }

    /// Indexing the first element of an array expression (already parenthesised).
    fn first_element(&self, array: &str) -> String {
        format!("{array}[1]")
    }
}
