//! BigQuery (GoogleSQL): backtick quoting, backslash escapes, typed `NUMERIC` literals,
//! `DATE_SUB`/`DATE_DIFF`, no `FILTER` clause (conditions move into `IF`/`COUNTIF`). Every value
//! links the page of the GoogleSQL reference behind it.

use super::dialect::{
    DecimalLiterals, DecimalTypes, Dialect, Escapes, ExactArithmetic, Identifiers, IntegerDivision,
    Intervals, Md5, NullOrdering, Scripts, Semantics, StagingTables, TimeZones, TypeNames,
    UnquotedCase, Upserts,
};
use super::errors::EmitError;
use super::tree::{AggCall, IntervalUnit, SqlExpr};

/// BigQuery's capabilities and spellings.
pub const BIGQUERY: Dialect = Dialect {
    name: "bigquery",
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical
    // Unquoted identifiers are letters, digits and underscores in either case; quoted ones take
    // backticks and the escape sequences of string literals.
    identifiers: Identifiers {
        quote: '`',
        unquoted: UnquotedCase::AsWritten,
        escapes: Escapes::Backslash,
    },
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical
    // Backslashes introduce escape sequences in quoted strings.
    string_escapes: Escapes::Backslash,
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical
    // `1.5` is a FLOAT64 literal; `NUMERIC '1.5'` is exact.
    decimal_literals: DecimalLiterals::Typed,
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical
    // Interval literals, `INTERVAL 3 DAY`.
    intervals: Intervals::UnitKeyword,
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/operators#array_subscript_operator
    // SAFE_OFFSET counts from zero and gives NULL out of range.
    first_element_subscript: "[SAFE_OFFSET(0)]",
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/data-types
    // NULLs are the minimum value, first in ASC sorts and last in DESC sorts.
    null_ordering: NullOrdering::Varies,
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/data-types
    // INT64, STRING, BOOL.
    types: TypeNames {
        string: "STRING",
        int: "INT64",
        bool: "BOOL",
        date: "DATE",
        timestamp: "TIMESTAMP",
    },
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/data-types
    // NUMERIC holds 29 digits before the point and 9 after; beyond that only BIGNUMERIC is exact.
    decimals: DecimalTypes::Sized {
        narrow: "NUMERIC",
        integer_digits: 29,
        scale: 9,
        wide: "BIGNUMERIC",
    },
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/aggregate_functions
    // No FILTER clause; COUNTIF and IF instead (see `filtered`).
    aggregate_filter: false,
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/aggregate_functions#array_agg
    // ORDER BY, IGNORE NULLS and LIMIT inside the call (see `first_by`).
    ordered_array_aggregate: true,
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/mathematical_functions#div
    integer_division: IntegerDivision::Function("DIV"),
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/data-types#decimal_types
    // NUMERIC rounds a product to 9 digits after the point, BIGNUMERIC keeps 38 after it and
    // 38 before; DIV takes BIGNUMERIC.
    exact_arithmetic: ExactArithmetic {
        whole: "BIGNUMERIC",
        decimals: Some("BIGNUMERIC"),
        division: IntegerDivision::Function("DIV"),
    },
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/hash_functions
    // MD5 returns BYTES.
    md5: Md5::Bytes { to_hex: "TO_HEX" },
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/operators
    // LIKE already treats `\` as its escape character and has no ESCAPE clause.
    like_escape_clause: false,
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/collation-concepts
    // Without a collation, strings compare case-sensitively (`Z` before `a`).
    bytewise_collation: None,
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/date_functions
    // CURRENT_DATE(time_zone_expression).
    current_date_utc: "CURRENT_DATE('UTC')",
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/date_functions#date
    // DATE(timestamp_expression, time_zone_expression); CURRENT_DATE(time_zone_expression).
    time_zones: TimeZones::DateFunction,
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/query-syntax#with_clause
    // A WITH clause has no materialization option; BigQuery plans every CTE itself.
    materialized_ctes: false,
    // https://cloud.google.com/bigquery/docs/transactions
    // BEGIN TRANSACTION … COMMIT TRANSACTION; "CREATE TEMP TABLE" is among the statements a
    // transaction takes, and a temporary table lives as long as its script.
    // https://cloud.google.com/bigquery/docs/reference/standard-sql/dml-syntax#merge_statement
    scripts: Scripts {
        begin: "BEGIN TRANSACTION",
        commit: "COMMIT TRANSACTION",
        staging: StagingTables::ScriptScoped,
        replace_table: true,
        upserts: Upserts::Merge,
    },
};

/// BigQuery's hooks.
pub struct BigQuery;

impl Semantics for BigQuery {
    fn dialect(&self) -> &'static Dialect {
        &BIGQUERY
    }

    fn days_between(&self, from: SqlExpr, to: SqlExpr) -> SqlExpr {
        // https://cloud.google.com/bigquery/docs/reference/standard-sql/date_functions
        // DATE_DIFF(end, start, DAY).
        SqlExpr::func("DATE_DIFF", vec![to, from, SqlExpr::Keyword("DAY")])
    }

    fn day_number(&self, date: SqlExpr) -> SqlExpr {
        // date_functions: UNIX_DATE(date_expression), "the number of days since 1970-01-01".
        SqlExpr::func("UNIX_DATE", vec![date])
    }

    fn epoch_micros(&self, timestamp: SqlExpr) -> SqlExpr {
        // https://cloud.google.com/bigquery/docs/reference/standard-sql/timestamp_functions
        // UNIX_MICROS(timestamp) returns INT64.
        SqlExpr::func("UNIX_MICROS", vec![timestamp])
    }

    fn date_of(&self, timestamp: SqlExpr) -> SqlExpr {
        SqlExpr::func("DATE", vec![timestamp])
    }

    fn minus_days(&self, date: SqlExpr, count: i64) -> SqlExpr {
        date_sub(date, count, IntervalUnit::Day)
    }

    fn minus_months(&self, date: SqlExpr, count: i64) -> SqlExpr {
        date_sub(date, count, IntervalUnit::Month)
    }

    fn plus_days(&self, date: SqlExpr, count: i64) -> SqlExpr {
        date_add(
            date,
            SqlExpr::Interval {
                count,
                unit: IntervalUnit::Day,
            },
        )
    }

    fn plus_months(&self, date: SqlExpr, count: i64) -> SqlExpr {
        date_add(
            date,
            SqlExpr::Interval {
                count,
                unit: IntervalUnit::Month,
            },
        )
    }

    fn plus_days_of(&self, date: SqlExpr, days: SqlExpr) -> SqlExpr {
        // DATE_ADD(date_expression, INTERVAL int64_expression date_part).
        let interval = SqlExpr::IntervalOf {
            count: Box::new(days),
            unit: IntervalUnit::Day,
        };
        date_add(date, interval)
    }

    fn make_date(&self, year: SqlExpr, month: SqlExpr, day: SqlExpr) -> SqlExpr {
        // https://cloud.google.com/bigquery/docs/reference/standard-sql/date_functions#date
        // DATE(year, month, day), all INT64.
        SqlExpr::func("DATE", vec![year, month, day])
    }

    fn iso_weekday(&self, date: SqlExpr) -> SqlExpr {
        // https://cloud.google.com/bigquery/docs/reference/standard-sql/date_functions#extract
        // DAYOFWEEK is 1 (Sunday) to 7 (Saturday); ISO puts Monday first and Sunday at 7.
        let sunday_first = SqlExpr::Extract {
            field: "DAYOFWEEK",
            expr: Box::new(date),
        };
        let shifted = SqlExpr::func(
            "MOD",
            vec![
                SqlExpr::binary("+", sunday_first, SqlExpr::Int(5)),
                SqlExpr::Int(7),
            ],
        );
        SqlExpr::binary("+", shifted, SqlExpr::Int(1))
    }

    fn filtered(&self, mut call: AggCall, condition: Option<SqlExpr>) -> SqlExpr {
        // https://cloud.google.com/bigquery/docs/reference/standard-sql/aggregate_functions (COUNTIF) and
        // https://cloud.google.com/bigquery/docs/reference/standard-sql/conditional_expressions (IF).
        let Some(condition) = condition else {
            return SqlExpr::Agg(Box::new(call));
        };
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

    fn first_by(
        &self,
        value: SqlExpr,
        order: Vec<(SqlExpr, bool)>,
        condition: Option<SqlExpr>,
    ) -> Result<SqlExpr, EmitError> {
        let arg = match condition {
            Some(c) => SqlExpr::func("IF", vec![c, value, SqlExpr::Null]),
            None => value,
        };
        let mut call = AggCall::new("ARRAY_AGG", vec![arg]);
        call.ignore_nulls = true;
        call.order_by = order;
        call.limit = Some(1);
        Ok(SqlExpr::FirstElement(Box::new(SqlExpr::Agg(Box::new(
            call,
        )))))
    }
}

/// `DATE_SUB(date, INTERVAL count unit)`.
fn date_sub(date: SqlExpr, count: i64, unit: IntervalUnit) -> SqlExpr {
    SqlExpr::func("DATE_SUB", vec![date, SqlExpr::Interval { count, unit }])
}

fn date_add(date: SqlExpr, interval: SqlExpr) -> SqlExpr {
    SqlExpr::func("DATE_ADD", vec![date, interval])
}
