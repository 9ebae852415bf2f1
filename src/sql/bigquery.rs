//! BigQuery (GoogleSQL): backtick quoting, backslash escapes in strings, `NUMERIC` literals,
//! `DATE_SUB`/`DATE_DIFF`, no `FILTER` clause (conditions move into `IF`/`COUNTIF`).

use super::dialect::{Dialect, DialectFlags};
use super::keywords::is_reserved;
use super::tree::{AggCall, IntervalUnit, SqlExpr};
use crate::ir::ScalarType;

/// BigQuery standard SQL.
pub struct BigQuery;

impl Dialect for BigQuery {
    fn name(&self) -> &'static str {
        "bigquery"
    }

    fn flags(&self) -> DialectFlags {
        DialectFlags {
            aggregate_filter: false,
            bytewise_collation: None,
        }
    }

    fn quote_ident(&self, name: &str) -> String {
        let plain = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if plain && !is_reserved(name) {
            name.to_string()
        } else {
            format!("`{}`", escape(name, '`'))
        }
    }

    fn string_literal(&self, value: &str) -> String {
        format!("'{}'", escape(value, '\''))
    }

    fn decimal_literal(&self, digits: &str) -> String {
        // NUMERIC holds 29 integer and 9 fractional digits; beyond that only BIGNUMERIC is exact.
        let unsigned = digits.trim_start_matches('-');
        let (whole, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let kind = if whole.trim_start_matches('0').len() > 29 || frac.len() > 9 {
            "BIGNUMERIC"
        } else {
            "NUMERIC"
        };
        format!("{kind} '{digits}'")
    }

    fn quote_collation(&self, name: &str) -> String {
        format!("'{name}'")
    }

    fn interval(&self, count: i64, unit: IntervalUnit) -> String {
        match unit {
            IntervalUnit::Day => format!("INTERVAL {count} DAY"),
            IntervalUnit::Month => format!("INTERVAL {count} MONTH"),
        }
    }

    fn type_name(&self, ty: ScalarType) -> &'static str {
        match ty {
            ScalarType::String => "STRING",
            ScalarType::Int => "INT64",
            ScalarType::Decimal { scale, precision } if scale > 9 || precision - scale > 29 => {
                "BIGNUMERIC"
            }
            ScalarType::Decimal { .. } => "NUMERIC",
            ScalarType::Bool => "BOOL",
            ScalarType::Date => "DATE",
            ScalarType::Timestamp => "TIMESTAMP",
        }
    }

    fn current_date(&self) -> SqlExpr {
        SqlExpr::func("CURRENT_DATE", vec![SqlExpr::Str("UTC".into())])
    }

    fn date_of(&self, timestamp: SqlExpr) -> SqlExpr {
        SqlExpr::func("DATE", vec![timestamp])
    }

    fn minus_days(&self, date: SqlExpr, count: i64) -> SqlExpr {
        SqlExpr::func(
            "DATE_SUB",
            vec![
                date,
                SqlExpr::Interval {
                    count,
                    unit: IntervalUnit::Day,
                },
            ],
        )
    }

    fn minus_months(&self, date: SqlExpr, count: i64) -> SqlExpr {
        SqlExpr::func(
            "DATE_SUB",
            vec![
                date,
                SqlExpr::Interval {
                    count,
                    unit: IntervalUnit::Month,
                },
            ],
        )
    }

    fn days_between(&self, from: SqlExpr, to: SqlExpr) -> SqlExpr {
        SqlExpr::func("DATE_DIFF", vec![to, from, SqlExpr::Keyword("DAY")])
    }

    fn int_div(&self, dividend: SqlExpr, divisor: SqlExpr) -> SqlExpr {
        SqlExpr::func("DIV", vec![dividend, divisor])
    }

    fn like(&self, value: SqlExpr, pattern: SqlExpr) -> SqlExpr {
        // BigQuery's LIKE already treats `\` as the escape character and has no ESCAPE clause.
        SqlExpr::Like {
            expr: Box::new(value),
            pattern: Box::new(pattern),
            escape: None,
        }
    }

    fn first_by(
        &self,
        value: SqlExpr,
        order: Vec<(SqlExpr, bool)>,
        condition: Option<SqlExpr>,
    ) -> SqlExpr {
        let arg = match condition {
            Some(c) => SqlExpr::func("IF", vec![c, value, SqlExpr::Null]),
            None => value,
        };
        let mut call = AggCall::new("ARRAY_AGG", vec![arg]);
        call.ignore_nulls = true;
        call.order_by = order;
        call.limit = Some(1);
        SqlExpr::FirstElement(Box::new(SqlExpr::Agg(Box::new(call))))
    }

    fn hash_prefix(&self, text: SqlExpr) -> SqlExpr {
        // MD5 returns BYTES in BigQuery; TO_HEX gives the same lowercase hex as elsewhere.
        let hex = SqlExpr::func("TO_HEX", vec![SqlExpr::func("MD5", vec![text])]);
        SqlExpr::func("SUBSTR", vec![hex, SqlExpr::Int(1), SqlExpr::Int(8)])
    }

    fn first_element(&self, array: &str) -> String {
        format!("{array}[SAFE_OFFSET(0)]")
    }
}

/// Escapes `\`, the quote character and control characters for a BigQuery quoted token.
fn escape(value: &str, quote: char) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}
