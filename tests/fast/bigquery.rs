//! BigQuery output checked against BigQuery's documentation, since no BigQuery engine runs here.
//!
//! A fixture ([`FIXTURE`]) uses every construct whose SQL differs on BigQuery. Each statement
//! seglang generates for it (the membership query and every segment's member query, with a fixed
//! evaluation date and with `AsOf::Today`) is parsed with sqlparser's `BigQueryDialect` and walked
//! by a small type checker: every column is resolved against the schema and the CTEs, every
//! expression gets a BigQuery type, and every function call must match a signature of
//! [`SIGNATURES`], a table written from BigQuery's documentation. The walk refuses any expression
//! form it does not know, so nothing escapes it, and a scan of the tokens (`word (`) must find
//! exactly the calls the walk found.
//!
//! Documentation facts encoded here (GoogleSQL for BigQuery reference,
//! <https://cloud.google.com/bigquery/docs/reference/standard-sql/>, and the same text in
//! `google/zetasql` `docs/*.md`):
//!
//! Date functions (`date_functions`):
//! - `CURRENT_DATE([time_zone_expression])` → `DATE`; "If no time zone is specified, the default
//!   time zone, UTC, is used". seglang passes `'UTC'` explicitly, and reads it once.
//! - `DATE(timestamp_expression[, time_zone_expression])`, `DATE(datetime_expression)`,
//!   `DATE(year, month, day)` → `DATE`.
//! - `DATE_SUB(date_expression, INTERVAL int64_expression date_part)` → `DATE`, `date_part` one
//!   of `DAY`, `WEEK` ("Equivalent to 7 DAYs"), `MONTH`, `QUARTER`, `YEAR`; for `MONTH` "If the
//!   resulting month has fewer days than the original date's day, then the resulting date is the
//!   last date of that month" (seglang's end-of-month clamping). `DATE_ADD` likewise.
//! - `DATE_DIFF(end_date, start_date, granularity)` → `INT64`, "(end_date - start_date)": "If the
//!   first DATE is earlier than the second one, the output is negative". So `days since x` must be
//!   `DATE_DIFF(as_of, x, DAY)`, evaluation date first.
//! - `EXTRACT(part FROM date_expression)` → `INT64`, part among `DAYOFWEEK`, `DAY`, `DAYOFYEAR`,
//!   `WEEK`, `ISOWEEK`, `MONTH`, `QUARTER`, `YEAR`, `ISOYEAR`.
//!
//! Aggregate functions (`aggregate_functions`, `aggregate-function-calls`):
//! - Call syntax `function_name([DISTINCT] function_arguments [{IGNORE | RESPECT} NULLS]
//!   [HAVING {MAX | MIN} expression] [ORDER BY key [{ASC | DESC}] [, ...]] [LIMIT n])` with no
//!   `FILTER (WHERE ...)` clause: conditions must move inside (`COUNTIF`, `IF`).
//! - `COUNT(*)`, `COUNT([DISTINCT] expression)`, `COUNTIF([DISTINCT] expression)` (a `BOOL`,
//!   "the count of TRUE values") → `INT64`.
//! - `SUM([DISTINCT] expression)`: `INT64` → `INT64`, `NUMERIC` → `NUMERIC`, `FLOAT64` →
//!   `FLOAT64`; `AVG`: `INT64` → `FLOAT64`, `NUMERIC` → `NUMERIC`; `MIN(expression)`,
//!   `MAX(expression)` → the argument's type.
//! - `ARRAY_AGG([DISTINCT] expression [{IGNORE | RESPECT} NULLS] [ORDER BY key [{ASC | DESC}]
//!   [, ...]] [LIMIT n])` → `ARRAY`; "An error is raised if an array in the final query result
//!   contains a NULL element"; "The clauses in an aggregate function call are applied in the
//!   following order": ..., `IGNORE NULLS`, `DISTINCT`, `ORDER BY`, `LIMIT`; "The limit n must
//!   be a constant INT64". seglang's `first`/`last` is
//!   `(ARRAY_AGG(v IGNORE NULLS ORDER BY ... LIMIT 1))[SAFE_OFFSET(0)]`: the first present value,
//!   `NULL` over no rows.
//!
//! Operators (`operators`):
//! - `array_expression[SAFE_OFFSET(zero_based_offset)]`: zero-based, `NULL` when out of range.
//! - `expression [NOT] LIKE pattern`, no `ESCAPE` clause: "You can escape \, _, or % using two
//!   backslashes. For example, \\%" (two in the SQL text: one backslash in the pattern).
//! - `search_value [NOT] IN (expression[, ...])`: at least one value.
//! - Comparisons "generally require both operands to be of the same type"; otherwise both are
//!   coerced to a common supertype. `/` on two `INT64` is `FLOAT64`.
//!
//! Conditional expressions (`conditional_expressions`): `IF(expr, true_result, else_result)`,
//! `COALESCE(expr[, ...])`, `NULLIF(expr, expr_to_match)`, `CASE WHEN ... THEN ... ELSE ... END`.
//!
//! Window function calls (`window-function-calls`, `numbering_functions`):
//! - `function_name ( [ argument_list ] ) OVER over_clause`, `over_clause` `( [ PARTITION BY ... ]
//!   [ ORDER BY expression [ { ASC | DESC } ] [ { NULLS FIRST | NULLS LAST } ] [, ...] ]
//!   [ window_frame_clause ] )`; "NULLS FIRST is the default for ascending order" (`query-syntax`,
//!   ORDER BY clause), so RFM ranks say `NULLS LAST` explicitly.
//! - `RANK() OVER over_clause` → `INT64`, "Returns the ordinal (1-based) rank of each row within
//!   the ordered partition. All peer rows receive the same rank value"; `ORDER BY` is required.
//! - `COUNT(expression) OVER over_clause`: the count of non-NULL values in the window.
//!
//! Mathematical functions (`mathematical_functions`): `DIV(X, Y)` "Returns the result of integer
//! division of X by Y", rounded toward zero (`INT64` inputs → `INT64`).
//!
//! Operators: `STRING || STRING` → `STRING`, `NULL` when an operand is `NULL`.
//!
//! String functions (`string_functions`): `STRPOS(value, subvalue)` → `INT64` ("Returns 0 if
//! subvalue isn't found"), `STARTS_WITH(value, prefix)` and `ENDS_WITH(value, suffix)` → `BOOL`.
//!
//! Conversion rules (`conversion_rules`): coercions `INT64` → `NUMERIC`, `FLOAT64`; `NUMERIC` →
//! `FLOAT64`; `DATE` → `DATETIME`; none from `TIMESTAMP`. So a `TIMESTAMP` never meets a `DATE`
//! in a comparison. Casts used: to `NUMERIC` from numbers, to `DATE` from `DATE`.
//!
//! Lexical structure (`lexical`):
//! - `NUMERIC 'digits'` literals; "Numeric literals that contain either a decimal point or an
//!   exponent marker are presumed to be type double" (`FLOAT64`), so `12.50` would be inexact.
//!   `NUMERIC` itself (`data-types`) has precision 38 and scale 9.
//! - Quoted strings: "Backslashes (\) introduce escape sequences", the only valid ones are `\a`
//!   `\b` `\f` `\n` `\r` `\t` `\v` `\\` `\?` `\"` `\'` `` \` `` `\ooo` `\xhh` `\uhhhh`
//!   `\Uhhhhhhhh` ("Any sequence not in this table produces an error"), and "Quoted strings
//!   cannot contain newlines". A doubled quote `''` is not an escape.
//! - Quoted identifiers "Must be enclosed by backtick (`) characters"; unquoted ones "Must begin
//!   with a letter or an underscore" and contain letters, numbers, underscores; "If an identifier
//!   is the same as a reserved keyword, the identifier must be quoted" ([`RESERVED`]).
//!   `"..."` is a string literal in BigQuery, never an identifier.
//! - `DATE 'YYYY-M[M]-D[D]'` date literals.
//!
//! Set operations (`query-syntax`): `UNION ALL` or `UNION DISTINCT`; a bare `UNION` is an error.

use crate::compile::compile_all;
use crate::support::{date, program};
use seglang::check::typed::{Program, Type};
use seglang::ir::AsOf;
use seglang::sql::Target;
use seglang::Statements;
use sqlparser::ast::{
    AccessExpr, BinaryOperator, CastKind, DataType, DateTimeField, DuplicateTreatment,
    ExactNumberInfo, Expr, ExtractSyntax, Function, FunctionArg, FunctionArgExpr,
    FunctionArgumentClause, FunctionArguments, GroupByExpr, Ident, Interval, JoinConstraint,
    JoinOperator, NullTreatment, ObjectNamePart, Query, Select, SelectItem, SetExpr, SetOperator,
    SetQuantifier, Statement, Subscript, TableFactor, TypedString, UnaryOperator, Value,
    WindowType,
};
use sqlparser::dialect::BigQueryDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer};
use std::collections::{BTreeMap, BTreeSet};

/// Every construct that renders differently on BigQuery, evaluated as of [`AS_OF`].
const FIXTURE: &str = r#"
// Table paths and column names that BigQuery needs backticks for.
entity customers from "my-project.crm.customers" {
  key id: string
  name: string
  email: string?
  note: string?
  birth_date: date?
  signup_at: timestamp
  vip: bool?
  region: enum("IDF", "PACA")?
  order: int?
  select: string?
  credit: decimal(12, 2)?
}

facts orders of customers(id) from "my-project.crm.orders" at ordered_at {
  ordered_at: timestamp
  amount: decimal(12, 2)
  channel: enum("web", "store")
  category: string?
  quantity: int
}

facts visits of customers(id) from "crm.visits" at visited_on {
  visited_on: date
  page: string
}

param threshold: decimal = 100.10
param min_credit: decimal = -0.5
param launch: date = 2026-01-15

segment decimal_literal on customers { where orders.sum(amount) >= 12.50 }
segment decimal_param on customers { where orders.sum(amount) >= threshold and credit > min_credit }
segment window_days on customers { where orders.count(last 30 days) >= 1 }
segment held_out on customers {
  holdout 12.5% salt "spring-2026"
  where orders.count() >= 1
}
segment window_weeks on customers { where orders.count(last 2 weeks) >= 1 }
segment window_months on customers { where orders.count(last 3 months) >= 1 }
segment window_years on customers { where visits.count(last 2 years) >= 1 }
segment days_ago on customers { where signup_at after 30 days ago }
segment before_date on customers { where birth_date before 2000-01-01 }
segment after_timestamp on customers { where signup_at after 2025-06-30 }
segment between_dates on customers { where birth_date between 1990-01-01 and launch }
segment between_timestamps on customers { where signup_at between 2025-01-01 and 2025-12-31 }
segment within on customers { where signup_at within last 7 days or birth_date within last 1 years }
segment window_bounds on customers {
  where orders.count(before 90 days ago) >= 1
    and orders.count(after launch) >= 1
    and visits.count(between 2025-01-01 and 6 months ago) = 0
}
segment days_since on customers {
  where days since signup_at > 10 and days since orders.last(ordered_at) <= 30
}
segment adult on customers { where age(birth_date) >= 18 }
segment text_tests on customers {
  where email contains "+promo_%" and email starts with "o'brien\\" and email ends with "@example.fr"
}
segment patterns on customers {
  where name matches "100\\%%" or name matches "J_an%" or note matches "%\\\\%"
}
segment quoted on customers { where name = "O'Brien" or note = "a\\b" or note = "line\nbreak" }
segment count_where on customers { where orders.count(where channel = "web") >= 2 }
segment count_distinct on customers { where orders.count(distinct category, last 365 days) >= 3 }
segment sum_int on customers { where orders.sum(quantity, where channel = "store") > 5 }
segment avg_constant on customers { where orders.avg(amount) >= 33.37 }
segment avg_column on customers { where orders.avg(amount) > credit }
segment min_max on customers {
  where orders.min(amount) < 5 and orders.max(category) = "zz" and orders.max(ordered_at) after launch
}
segment first_last on customers {
  where orders.first(channel) = "store"
    and orders.last(category) != "books"
    and orders.last(amount, where channel = "web") > 10
}
segment visits_last on customers { where visits.last(page) = "/home" }
segment missing_and_present on customers { where note is missing and email is present }
segment in_list on customers { where region in ["IDF", "PACA"] and order in [1, 2, 3] }
segment not_in_list on customers { where region not in ["IDF"] }
segment empty_lists on customers { where region in [] or order not in [] }
segment references on customers { where in adult and not in patterns }
segment reserved_names on customers { where order > 1 and select = "x" and vip }
segment everyone on customers { owner "analytics" }

// RFM scores by ranks (RANK, COUNT OVER, DIV), by thresholds, an average basket in cents, and CLV.
rfm value on customers over orders {
  window last 730 days
  monetary sum(amount)
}
rfm basket on customers over orders {
  scores 4
  recency thresholds [30, 90, 180]
  monetary avg(amount)
}
clv lifetime on customers over orders {
  amount amount
  window last 1 years
  margin credit
  lifespan 3
}
segment rfm_scores on customers {
  where value.r >= 4 and value.code = "555" and basket.monetary > 20 and not value.scored
}
segment rfm_basket on customers { where basket.r = 4 and basket.m >= 3 }
segment lifetime_value on customers { where lifetime.value >= 1000 }
"#;

/// The fixed evaluation date of the fixture.
const AS_OF: &str = "2026-03-31";

/// BigQuery's reserved keywords, from "Lexical structure and syntax", section "Reserved
/// keywords": they "cannot be used as identifiers unless enclosed by backtick (`) characters".
const RESERVED: &str = "
    ALL AND ANY ARRAY AS ASC ASSERT_ROWS_MODIFIED AT BETWEEN BY CASE CAST COLLATE CONTAINS CREATE
    CROSS CUBE CURRENT DEFAULT DEFINE DESC DISTINCT ELSE END ENUM ESCAPE EXCEPT EXCLUDE EXISTS
    EXTRACT FALSE FETCH FOLLOWING FOR FROM FULL GROUP GROUPING GROUPS HASH HAVING IF IGNORE IN
    INNER INTERSECT INTERVAL INTO IS JOIN LATERAL LEFT LIKE LIMIT LOOKUP MERGE NATURAL NEW NO NOT
    NULL NULLS OF ON OR ORDER OUTER OVER PARTITION PRECEDING PROTO QUALIFY RANGE RECURSIVE RESPECT
    RIGHT ROLLUP ROWS SELECT SET SOME STRUCT TABLESAMPLE THEN TO TREAT TRUE UNBOUNDED UNION UNNEST
    USING WHEN WHERE WINDOW WITH WITHIN";

/// Whether `word` is one of BigQuery's [`RESERVED`] keywords (keywords are case-insensitive).
fn is_reserved(word: &str) -> bool {
    RESERVED
        .split_whitespace()
        .any(|k| k.eq_ignore_ascii_case(word))
}

const DOCS: &str = "https://cloud.google.com/bigquery/docs/reference/standard-sql";

// ---------------------------------------------------------------- the signature table

/// Date parts `DATE_SUB` and `DATE_ADD` accept.
const ARITHMETIC_PARTS: &[&str] = &["DAY", "WEEK", "MONTH", "QUARTER", "YEAR"];

/// Date parts `DATE_DIFF` accepts.
const DIFF_PARTS: &[&str] = &[
    "DAY", "WEEK", "ISOWEEK", "MONTH", "QUARTER", "YEAR", "ISOYEAR",
];

/// What an argument must be, as the documented signature says.
#[derive(Debug, Clone, Copy)]
enum Arg {
    Bool,
    String,
    /// `STRING` or `BYTES` (`MD5`, `SUBSTR`, `CONCAT` take either).
    StringOrBytes,
    Bytes,
    Int64,
    Date,
    Datetime,
    Timestamp,
    /// `INT64`, `NUMERIC` or `FLOAT64` ("numeric data types").
    Number,
    /// Any type that can be ordered (not an `ARRAY`).
    Orderable,
    /// "All data types except ARRAY".
    NotArray,
    /// Any value.
    Any,
    /// `*`.
    Star,
    /// A date part keyword among these.
    Part(&'static [&'static str]),
    /// `INTERVAL int64_expression date_part`, the part among these.
    Interval(&'static [&'static str]),
}

/// The optional clauses of an aggregate call the function supports.
#[derive(Debug, Clone, Copy)]
struct Clauses {
    distinct: bool,
    nulls: bool,
    order_by: bool,
    limit: bool,
}

const PLAIN: Clauses = Clauses {
    distinct: false,
    nulls: false,
    order_by: false,
    limit: false,
};

const DISTINCT_ONLY: Clauses = Clauses {
    distinct: true,
    ..PLAIN
};

/// The result type of a call.
#[derive(Debug, Clone, Copy)]
enum Ret {
    Bool,
    Int64,
    String,
    Bytes,
    Date,
    /// The first argument's type (`MIN`, `MAX`, `NULLIF`).
    First,
    /// `SUM`: `INT64` → `INT64`, `NUMERIC` → `NUMERIC`, `FLOAT64` → `FLOAT64`.
    Sum,
    /// `AVG`: `INT64` → `FLOAT64`, `NUMERIC` → `NUMERIC`.
    Avg,
    /// The common supertype of the arguments from this position on.
    Supertype(usize),
    /// An `ARRAY` of the first argument's type.
    ArrayOfFirst,
}

/// One documented signature.
struct Signature {
    name: &'static str,
    /// The signature as the documentation writes it.
    doc: &'static str,
    /// The documentation page, under [`DOCS`].
    page: &'static str,
    params: &'static [Arg],
    /// How many trailing parameters may be left out.
    optional: usize,
    /// Whether the last parameter may repeat.
    repeats: bool,
    clauses: Clauses,
    ret: Ret,
}

/// Every BigQuery function seglang may call, with its documented signatures (a name appears once
/// per overload).
const SIGNATURES: &[Signature] = &[
    Signature {
        name: "RANK",
        doc: "RANK() OVER over_clause",
        page: "numbering_functions#rank",
        params: &[],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::Int64,
    },
    Signature {
        name: "DIV",
        doc: "DIV(X, Y) -- INT64 or NUMERIC; integer division rounded toward zero",
        page: "mathematical_functions#div",
        params: &[Arg::Number, Arg::Number],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::Supertype(0),
    },
    Signature {
        name: "CURRENT_DATE",
        doc: "CURRENT_DATE([time_zone_expression])",
        page: "date_functions#current_date",
        params: &[Arg::String],
        optional: 1,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::Date,
    },
    Signature {
        name: "DATE",
        doc: "DATE(timestamp_expression[, time_zone_expression])",
        page: "date_functions#date",
        params: &[Arg::Timestamp, Arg::String],
        optional: 1,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::Date,
    },
    Signature {
        name: "DATE",
        doc: "DATE(datetime_expression)",
        page: "date_functions#date",
        params: &[Arg::Datetime],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::Date,
    },
    Signature {
        name: "DATE",
        doc: "DATE(year, month, day)",
        page: "date_functions#date",
        params: &[Arg::Int64, Arg::Int64, Arg::Int64],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::Date,
    },
    Signature {
        name: "DATE_SUB",
        doc: "DATE_SUB(date_expression, INTERVAL int64_expression date_part)",
        page: "date_functions#date_sub",
        params: &[Arg::Date, Arg::Interval(ARITHMETIC_PARTS)],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::Date,
    },
    Signature {
        name: "DATE_ADD",
        doc: "DATE_ADD(date_expression, INTERVAL int64_expression date_part)",
        page: "date_functions#date_add",
        params: &[Arg::Date, Arg::Interval(ARITHMETIC_PARTS)],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::Date,
    },
    Signature {
        name: "DATE_DIFF",
        doc: "DATE_DIFF(end_date, start_date, granularity)",
        page: "date_functions#date_diff",
        params: &[Arg::Date, Arg::Date, Arg::Part(DIFF_PARTS)],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::Int64,
    },
    Signature {
        name: "COUNT",
        doc: "COUNT(*)",
        page: "aggregate_functions#count",
        params: &[Arg::Star],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::Int64,
    },
    Signature {
        name: "COUNT",
        doc: "COUNT([DISTINCT] expression)",
        page: "aggregate_functions#count",
        params: &[Arg::Any],
        optional: 0,
        repeats: false,
        clauses: DISTINCT_ONLY,
        ret: Ret::Int64,
    },
    Signature {
        name: "COUNTIF",
        doc: "COUNTIF([DISTINCT] expression)",
        page: "aggregate_functions#countif",
        params: &[Arg::Bool],
        optional: 0,
        repeats: false,
        clauses: DISTINCT_ONLY,
        ret: Ret::Int64,
    },
    Signature {
        name: "SUM",
        doc: "SUM([DISTINCT] expression)",
        page: "aggregate_functions#sum",
        params: &[Arg::Number],
        optional: 0,
        repeats: false,
        clauses: DISTINCT_ONLY,
        ret: Ret::Sum,
    },
    Signature {
        name: "AVG",
        doc: "AVG([DISTINCT] expression)",
        page: "aggregate_functions#avg",
        params: &[Arg::Number],
        optional: 0,
        repeats: false,
        clauses: DISTINCT_ONLY,
        ret: Ret::Avg,
    },
    Signature {
        name: "MIN",
        doc: "MIN(expression)",
        page: "aggregate_functions#min",
        params: &[Arg::Orderable],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::First,
    },
    Signature {
        name: "MAX",
        doc: "MAX(expression)",
        page: "aggregate_functions#max",
        params: &[Arg::Orderable],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::First,
    },
    Signature {
        name: "ARRAY_AGG",
        doc: "ARRAY_AGG([DISTINCT] expression [{IGNORE | RESPECT} NULLS] \
              [ORDER BY key [{ASC | DESC}] [, ...]] [LIMIT n])",
        page: "aggregate_functions#array_agg",
        params: &[Arg::NotArray],
        optional: 0,
        repeats: false,
        clauses: Clauses {
            distinct: true,
            nulls: true,
            order_by: true,
            limit: true,
        },
        ret: Ret::ArrayOfFirst,
    },
    Signature {
        name: "IF",
        doc: "IF(expr, true_result, else_result)",
        page: "conditional_expressions#if",
        params: &[Arg::Bool, Arg::Any, Arg::Any],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::Supertype(1),
    },
    Signature {
        name: "COALESCE",
        doc: "COALESCE(expr[, ...])",
        page: "conditional_expressions#coalesce",
        params: &[Arg::Any],
        optional: 0,
        repeats: true,
        clauses: PLAIN,
        ret: Ret::Supertype(0),
    },
    Signature {
        name: "NULLIF",
        doc: "NULLIF(expr, expr_to_match)",
        page: "conditional_expressions#nullif",
        params: &[Arg::Any, Arg::Any],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::First,
    },
    Signature {
        name: "STRPOS",
        doc: "STRPOS(value, subvalue)",
        page: "string_functions#strpos",
        params: &[Arg::String, Arg::String],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::Int64,
    },
    // Holdout buckets: SUBSTR(TO_HEX(MD5(CONCAT('salt:', CAST(key AS STRING)))), 1, 8).
    Signature {
        name: "MD5",
        doc: "MD5(input) -- input STRING or BYTES; returns BYTES (16 bytes)",
        page: "hash_functions#md5",
        params: &[Arg::StringOrBytes],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::Bytes,
    },
    Signature {
        name: "TO_HEX",
        doc: "TO_HEX(bytes) -- returns STRING of lowercase hexadecimal digits",
        page: "string_functions#to_hex",
        params: &[Arg::Bytes],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::String,
    },
    Signature {
        name: "CONCAT",
        doc: "CONCAT(value1[, ...]) -- STRING or BYTES",
        page: "string_functions#concat",
        params: &[Arg::String],
        optional: 0,
        repeats: true,
        clauses: PLAIN,
        ret: Ret::String,
    },
    Signature {
        name: "SUBSTR",
        doc: "SUBSTR(value, position[, length])",
        page: "string_functions#substr",
        params: &[Arg::String, Arg::Int64, Arg::Int64],
        optional: 1,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::String,
    },
    Signature {
        name: "STARTS_WITH",
        doc: "STARTS_WITH(value, prefix)",
        page: "string_functions#starts_with",
        params: &[Arg::String, Arg::String],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::Bool,
    },
    Signature {
        name: "ENDS_WITH",
        doc: "ENDS_WITH(value, suffix)",
        page: "string_functions#ends_with",
        params: &[Arg::String, Arg::String],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::Bool,
    },
];

/// Functions seglang calls with `OVER (...)`, and whether their window needs `ORDER BY`.
const WINDOW_FUNCTIONS: &[(&str, bool)] = &[("RANK", true), ("COUNT", false)];

/// The calls seglang makes on BigQuery; the fixture must make every one of them.
const EXPECTED_CALLS: &[&str] = &[
    "ARRAY_AGG",
    "DIV",
    "RANK",
    "COALESCE",
    "CONCAT",
    "COUNT",
    "COUNTIF",
    "CURRENT_DATE",
    "DATE",
    "DATE_DIFF",
    "DATE_SUB",
    "ENDS_WITH",
    "IF",
    "MAX",
    "MD5",
    "MIN",
    "NULLIF",
    "SAFE_OFFSET",
    "STARTS_WITH",
    "STRPOS",
    "SUBSTR",
    "SUM",
    "TO_HEX",
];

/// Words followed by `(` that are syntax, not calls (`name AS (`, `IN (`, `CAST(`, `AND (`...).
const SYNTAX_BEFORE_PAREN: &[&str] = &[
    "ALL", "AND", "AS", "BY", "CASE", "CAST", "ELSE", "EXTRACT", "FROM", "IN", "JOIN", "NOT", "ON",
    "OR", "OVER", "SELECT", "THEN", "UNION", "WHEN", "WHERE",
];

impl Arg {
    /// Whether an argument of type `ty` fits; the reason when it does not.
    fn accepts(self, ty: &Ty) -> Result<(), String> {
        let ok = match self {
            _ if *ty == Ty::Error => true,
            Arg::Bool => coerces(ty, &Ty::Bool),
            Arg::String => coerces(ty, &Ty::String),
            Arg::StringOrBytes => coerces(ty, &Ty::String) || coerces(ty, &Ty::Bytes),
            Arg::Bytes => coerces(ty, &Ty::Bytes),
            Arg::Int64 => coerces(ty, &Ty::Int64),
            Arg::Date => coerces(ty, &Ty::Date),
            Arg::Datetime => coerces(ty, &Ty::Datetime),
            Arg::Timestamp => coerces(ty, &Ty::Timestamp),
            Arg::Number => matches!(ty, Ty::Int64 | Ty::Numeric | Ty::Float64 | Ty::Null),
            Arg::Orderable | Arg::NotArray => ty.is_value() && !matches!(ty, Ty::Array(_)),
            Arg::Any => ty.is_value(),
            Arg::Star => *ty == Ty::Star,
            Arg::Part(parts) => matches!(ty, Ty::Part(p) if parts.contains(&p.as_str())),
            Arg::Interval(parts) => matches!(ty, Ty::Interval(p) if parts.contains(&p.as_str())),
        };
        if ok {
            Ok(())
        } else {
            Err(format!("{} where {self:?} is expected", ty.name()))
        }
    }
}

// ---------------------------------------------------------------- BigQuery types

/// A BigQuery type, as far as seglang's output needs.
#[derive(Debug, Clone, PartialEq)]
enum Ty {
    Int64,
    Numeric,
    Bytes,
    Float64,
    Bool,
    String,
    Date,
    Datetime,
    Timestamp,
    /// `NULL`, which coerces to every type.
    Null,
    Array(Box<Ty>),
    /// `INTERVAL n part`, an argument of `DATE_SUB`.
    Interval(String),
    /// A bare date part keyword such as `DAY`, an argument of `DATE_DIFF`.
    Part(String),
    /// `*` in `COUNT(*)`.
    Star,
    /// Already reported: accepted everywhere so that one mistake is reported once.
    Error,
}

impl Ty {
    fn name(&self) -> String {
        match self {
            Ty::Array(t) => format!("ARRAY<{}>", t.name()),
            Ty::Interval(p) => format!("INTERVAL ... {p}"),
            Ty::Part(p) => format!("date part {p}"),
            Ty::Star => "*".into(),
            other => format!("{other:?}").to_uppercase(),
        }
    }

    /// Whether this is a value (not `*`, a date part or an interval argument).
    fn is_value(&self) -> bool {
        !matches!(self, Ty::Star | Ty::Part(_) | Ty::Interval(_))
    }
}

/// Whether a `from` value is accepted where a `to` is expected: the "Coerce to" column of the
/// conversion rules (`INT64` → `NUMERIC`, `FLOAT64`; `NUMERIC` → `FLOAT64`; `DATE` → `DATETIME`),
/// plus `NULL`.
fn coerces(from: &Ty, to: &Ty) -> bool {
    from == to
        || matches!(from, Ty::Null | Ty::Error)
        || *to == Ty::Error
        || matches!(
            (from, to),
            (Ty::Int64, Ty::Numeric | Ty::Float64)
                | (Ty::Numeric, Ty::Float64)
                | (Ty::Date, Ty::Datetime)
        )
}

/// The common supertype of two values, if any.
fn supertype(a: &Ty, b: &Ty) -> Option<Ty> {
    if !a.is_value() || !b.is_value() {
        return None;
    }
    if coerces(a, b) {
        Some(if *b == Ty::Error {
            a.clone()
        } else {
            b.clone()
        })
    } else if coerces(b, a) {
        Some(a.clone())
    } else {
        None
    }
}

fn scalar(ty: &Type) -> Ty {
    match ty {
        Type::String | Type::Enum(_) => Ty::String,
        Type::Int => Ty::Int64,
        Type::Decimal { .. } => Ty::Numeric,
        Type::Bool => Ty::Bool,
        Type::Date => Ty::Date,
        Type::Timestamp => Ty::Timestamp,
    }
}

/// Columns by lower-case name (column names are case-insensitive in BigQuery).
type Columns = BTreeMap<String, Ty>;

/// The declared tables of a program by path, with their columns' BigQuery types.
fn base_tables(program: &Program) -> BTreeMap<Vec<String>, Columns> {
    let columns = |cols: &[seglang::check::typed::Column]| {
        cols.iter()
            .map(|c| (c.name.to_lowercase(), scalar(&c.ty)))
            .collect::<Columns>()
    };
    let mut tables = BTreeMap::new();
    for e in &program.schema.entities {
        tables.insert(e.table.0.clone(), columns(&e.columns));
    }
    for f in &program.schema.facts {
        tables.insert(f.table.0.clone(), columns(&f.columns));
    }
    tables
}

// ---------------------------------------------------------------- the walk

/// A function call met in a statement.
#[derive(Debug, Clone)]
struct Call {
    name: String,
    args: Vec<Expr>,
}

/// Tables in scope of a `SELECT`, by lower-case alias.
type Scope = BTreeMap<String, Columns>;

/// Types one statement and checks every call against [`SIGNATURES`].
struct Checker<'a> {
    tables: &'a BTreeMap<Vec<String>, Columns>,
    ctes: BTreeMap<String, Columns>,
    calls: Vec<Call>,
    problems: Vec<String>,
}

impl<'a> Checker<'a> {
    fn new(tables: &'a BTreeMap<Vec<String>, Columns>) -> Self {
        Checker {
            tables,
            ctes: BTreeMap::new(),
            calls: Vec::new(),
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, text: String) {
        self.problems.push(text);
    }

    fn statement(&mut self, st: &Statement) {
        match st {
            Statement::Query(q) => {
                self.query(q);
            }
            other => self.problem(format!("not a query: {other}")),
        }
    }

    fn query(&mut self, q: &Query) -> Vec<(String, Ty)> {
        if q.order_by.is_some()
            || q.limit_clause.is_some()
            || q.fetch.is_some()
            || !q.pipe_operators.is_empty()
        {
            self.problem(format!("a query clause this check does not walk: {q}"));
        }
        if let Some(with) = &q.with {
            if with.recursive {
                self.problem("WITH RECURSIVE".into());
            }
            for cte in &with.cte_tables {
                self.ident(&cte.alias.name);
                let columns = self.query(&cte.query);
                let mut map = Columns::new();
                for (name, ty) in columns {
                    if map.insert(name.to_lowercase(), ty).is_some() {
                        self.problem(format!(
                            "CTE {} has two columns named {name}",
                            cte.alias.name.value
                        ));
                    }
                }
                self.ctes.insert(cte.alias.name.value.to_lowercase(), map);
            }
        }
        self.set_expr(&q.body)
    }

    fn set_expr(&mut self, s: &SetExpr) -> Vec<(String, Ty)> {
        match s {
            SetExpr::Select(select) => self.select(select),
            SetExpr::Query(q) => self.query(q),
            SetExpr::SetOperation {
                left,
                op: SetOperator::Union,
                set_quantifier: SetQuantifier::All,
                right,
            } => {
                let (l, r) = (self.set_expr(left), self.set_expr(right));
                if l.len() != r.len() {
                    self.problem(format!("UNION ALL of {} and {} columns", l.len(), r.len()));
                }
                let mut out = Vec::new();
                for ((name, a), (_, b)) in l.into_iter().zip(r) {
                    let ty = supertype(&a, &b).unwrap_or_else(|| {
                        self.problem(format!(
                            "UNION ALL column {name}: {} and {} have no common supertype",
                            a.name(),
                            b.name()
                        ));
                        Ty::Error
                    });
                    out.push((name, ty));
                }
                out
            }
            SetExpr::SetOperation {
                op, set_quantifier, ..
            } => {
                self.problem(format!(
                    "set operation {op} {set_quantifier}: BigQuery needs UNION ALL or UNION \
                     DISTINCT (query-syntax: a bare UNION is an error)"
                ));
                Vec::new()
            }
            other => {
                self.problem(format!("a query body this check does not walk: {other}"));
                Vec::new()
            }
        }
    }

    fn select(&mut self, s: &Select) -> Vec<(String, Ty)> {
        if s.distinct.is_some()
            || s.having.is_some()
            || s.qualify.is_some()
            || s.top.is_some()
            || s.into.is_some()
            || s.prewhere.is_some()
            || s.exclude.is_some()
            || !s.lateral_views.is_empty()
            || !s.named_window.is_empty()
            || !s.sort_by.is_empty()
            || !s.cluster_by.is_empty()
            || !s.distribute_by.is_empty()
            || !s.connect_by.is_empty()
        {
            self.problem(format!("a SELECT clause this check does not walk: {s}"));
        }
        let mut scope = Scope::new();
        if s.from.len() > 1 {
            self.problem("comma-separated FROM items".into());
        }
        for from in &s.from {
            self.relation(&from.relation, &mut scope);
            for join in &from.joins {
                self.relation(&join.relation, &mut scope);
                match &join.join_operator {
                    JoinOperator::CrossJoin(JoinConstraint::None) => {}
                    JoinOperator::Left(JoinConstraint::On(on))
                    | JoinOperator::LeftOuter(JoinConstraint::On(on)) => {
                        self.expect(on, &Ty::Bool, &scope, "LEFT JOIN ... ON")
                    }
                    other => self.problem(format!("a join this check does not walk: {other:?}")),
                }
            }
        }
        if let Some(filter) = &s.selection {
            self.expect(filter, &Ty::Bool, &scope, "WHERE");
        }
        match &s.group_by {
            GroupByExpr::Expressions(keys, modifiers) => {
                if !modifiers.is_empty() {
                    self.problem("GROUP BY modifiers".into());
                }
                for key in keys {
                    self.expr(key, &scope);
                }
            }
            other => self.problem(format!("GROUP BY form: {other}")),
        }
        let mut columns = Vec::new();
        for item in &s.projection {
            match item {
                SelectItem::ExprWithAlias { expr, alias } => {
                    self.ident(alias);
                    let ty = self.expr(expr, &scope);
                    columns.push((alias.value.clone(), ty));
                }
                SelectItem::UnnamedExpr(expr) => {
                    let name = match expr {
                        Expr::CompoundIdentifier(parts) => {
                            parts.last().map(|p| p.value.clone()).unwrap_or_default()
                        }
                        _ => String::new(),
                    };
                    let ty = self.expr(expr, &scope);
                    columns.push((name, ty));
                }
                other => {
                    self.problem(format!("select item this check does not walk: {other}"));
                    columns.push((String::new(), Ty::Error));
                }
            }
        }
        columns
    }

    fn relation(&mut self, relation: &TableFactor, scope: &mut Scope) {
        let TableFactor::Table {
            name, alias, args, ..
        } = relation
        else {
            self.problem(format!("a FROM item this check does not walk: {relation}"));
            return;
        };
        if args.is_some() {
            self.problem(format!("table function {relation}"));
        }
        let mut path = Vec::new();
        for part in &name.0 {
            match part {
                ObjectNamePart::Identifier(i) => {
                    self.ident(i);
                    path.push(i.value.clone());
                }
                other => self.problem(format!("table name part {other}")),
            }
        }
        let cte = match path.as_slice() {
            [one] => self.ctes.get(&one.to_lowercase()).cloned(),
            _ => None,
        };
        let columns = match cte.or_else(|| self.tables.get(&path).cloned()) {
            Some(c) => c,
            None => {
                self.problem(format!(
                    "table {} is neither a CTE nor a declared table",
                    path.join(".")
                ));
                Columns::new()
            }
        };
        let alias = match alias {
            Some(a) => {
                self.ident(&a.name);
                a.name.value.clone()
            }
            None => path.last().cloned().unwrap_or_default(),
        };
        scope.insert(alias.to_lowercase(), columns);
    }

    /// An identifier as written: backticks when quoted, a plain non-reserved name otherwise.
    fn ident(&mut self, i: &Ident) {
        match i.quote_style {
            None => {
                let mut chars = i.value.chars();
                let plain = chars
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !plain {
                    self.problem(format!(
                        "unquoted identifier {} is not plain: lexical, \"Unquoted identifiers \
                         must begin with a letter or an underscore\" and continue with letters, \
                         numbers or underscores",
                        i.value
                    ));
                }
                if is_reserved(&i.value) {
                    self.problem(format!(
                        "identifier {} is a reserved keyword of BigQuery written without \
                         backticks: lexical, \"If an identifier is the same as a reserved \
                         keyword, the identifier must be quoted\"",
                        i.value
                    ));
                }
            }
            Some('`') => {}
            Some(q) => self.problem(format!(
                "identifier {} quoted with {q}: BigQuery quotes identifiers with backticks \
                 (lexical, \"Quoted identifiers must be enclosed by backtick characters\")",
                i.value
            )),
        }
    }

    fn column(&mut self, parts: &[Ident], scope: &Scope) -> Ty {
        let [table, column] = parts else {
            self.problem(format!("column reference with {} parts", parts.len()));
            return Ty::Error;
        };
        let found = scope
            .get(&table.value.to_lowercase())
            .map(|cols| cols.get(&column.value.to_lowercase()).cloned());
        match found {
            Some(Some(ty)) => ty,
            Some(None) => {
                self.problem(format!("{} has no column {}", table.value, column.value));
                Ty::Error
            }
            None => {
                self.problem(format!("no table {} in scope", table.value));
                Ty::Error
            }
        }
    }

    fn expect(&mut self, e: &Expr, want: &Ty, scope: &Scope, what: &str) {
        let ty = self.expr(e, scope);
        if !coerces(&ty, want) {
            self.problem(format!(
                "{what} must be {}, found {} in `{e}`",
                want.name(),
                ty.name()
            ));
        }
    }

    fn expr(&mut self, e: &Expr, scope: &Scope) -> Ty {
        match e {
            Expr::CompoundIdentifier(parts) => {
                for p in parts {
                    self.ident(p);
                }
                self.column(parts, scope)
            }
            // seglang qualifies every column; a bare word is a date part (`DAY`).
            Expr::Identifier(i) if i.quote_style.is_none() => Ty::Part(i.value.to_uppercase()),
            Expr::Value(v) => self.literal(&v.value),
            Expr::TypedString(ts) => self.typed_string(ts),
            Expr::Nested(inner) => self.expr(inner, scope),
            Expr::BinaryOp { left, op, right } => self.binary(left, op, right, scope),
            Expr::UnaryOp {
                op: UnaryOperator::Not,
                expr,
            } => {
                self.expect(expr, &Ty::Bool, scope, "NOT's operand");
                Ty::Bool
            }
            Expr::UnaryOp {
                op: UnaryOperator::Minus,
                expr,
            } => {
                let ty = self.expr(expr, scope);
                if !matches!(ty, Ty::Int64 | Ty::Numeric | Ty::Float64 | Ty::Error) {
                    self.problem(format!("unary minus on {} in `{e}`", ty.name()));
                }
                ty
            }
            Expr::IsNull(inner) | Expr::IsNotNull(inner) => {
                self.expr(inner, scope);
                Ty::Bool
            }
            Expr::InList { expr, list, .. } => {
                let ty = self.expr(expr, scope);
                if list.is_empty() {
                    self.problem(format!(
                        "`{e}`: operators, `search_value [NOT] IN (expression[, ...])` takes at \
                         least one value"
                    ));
                }
                for item in list {
                    let item_ty = self.expr(item, scope);
                    if supertype(&ty, &item_ty).is_none() {
                        self.problem(format!(
                            "IN list item of type {} against {} in `{e}`",
                            item_ty.name(),
                            ty.name()
                        ));
                    }
                }
                Ty::Bool
            }
            Expr::Like {
                any,
                expr,
                pattern,
                escape_char,
                ..
            } => {
                if *any {
                    self.problem(format!("LIKE ANY in `{e}`"));
                }
                if escape_char.is_some() {
                    self.problem(format!(
                        "`{e}`: BigQuery's LIKE has no ESCAPE clause (operators, `expression \
                         [NOT] LIKE pattern`); `\\` is its escape character"
                    ));
                }
                self.expect(expr, &Ty::String, scope, "LIKE's operand");
                self.expect(pattern, &Ty::String, scope, "LIKE's pattern");
                if let Expr::Value(v) = pattern.as_ref() {
                    if let Value::SingleQuotedString(p) = &v.value {
                        if let Err(why) = like_pattern(p) {
                            self.problem(format!("LIKE pattern {p:?}: {why}"));
                        }
                    }
                }
                Ty::Bool
            }
            Expr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => {
                if operand.is_some() {
                    self.problem(format!("simple CASE in `{e}`"));
                }
                let mut result = Ty::Null;
                for when in conditions {
                    self.expect(&when.condition, &Ty::Bool, scope, "CASE WHEN");
                    let ty = self.expr(&when.result, scope);
                    result = self.unify(result, ty, "CASE results");
                }
                if let Some(other) = else_result {
                    let ty = self.expr(other, scope);
                    result = self.unify(result, ty, "CASE results");
                }
                result
            }
            Expr::Function(f) => self.call(f, scope, false),
            // sqlparser reads `SUBSTR(value, position, length)` as its own node; check it against
            // the documented SUBSTR signature like any other call.
            Expr::Substring {
                expr,
                substring_from,
                substring_for,
                ..
            } => {
                let parts: Vec<&Expr> = std::iter::once(expr.as_ref())
                    .chain(substring_from.as_deref())
                    .chain(substring_for.as_deref())
                    .collect();
                let kinds: Vec<Ty> = parts.iter().map(|e| self.expr(e, scope)).collect();
                self.calls.push(Call {
                    name: "SUBSTR".into(),
                    args: parts.iter().map(|e| (*e).clone()).collect(),
                });
                let signature = SIGNATURES.iter().find(|s| s.name == "SUBSTR");
                if let Some(sig) = signature {
                    let (min, max) = (sig.params.len() - sig.optional, sig.params.len());
                    if !(min..=max).contains(&kinds.len()) {
                        self.problem(format!(
                            "SUBSTR called with {} argument(s): {}",
                            kinds.len(),
                            sig.doc
                        ));
                    }
                    for (i, (param, kind)) in sig.params.iter().zip(&kinds).enumerate() {
                        if let Err(why) = param.accepts(kind) {
                            self.problem(format!("SUBSTR argument {}: {why} ({})", i + 1, sig.doc));
                        }
                    }
                }
                Ty::String
            }
            Expr::Cast {
                kind: CastKind::Cast,
                expr,
                data_type,
                format: None,
            } => {
                let from = self.expr(expr, scope);
                let to = match data_type {
                    DataType::Date => Ty::Date,
                    DataType::Numeric(ExactNumberInfo::None) => Ty::Numeric,
                    DataType::String(None) => Ty::String,
                    DataType::Int64 => Ty::Int64,
                    other => {
                        self.problem(format!("CAST to {other} in `{e}`"));
                        return Ty::Error;
                    }
                };
                // Conversion rules, "Cast to" column, for the targets seglang uses (STRING: every
                // scalar type seglang declares can be cast to it).
                let castable = from == to
                    || matches!(from, Ty::Null | Ty::Error)
                    || matches!(
                        (&from, &to),
                        (Ty::Int64 | Ty::Float64 | Ty::String, Ty::Numeric)
                            // NUMERIC to INT64 rounds half away from zero: seglang casts only
                            // whole values (an amount times 10^scale, a count).
                            | (Ty::Numeric | Ty::Int64, Ty::Int64)
                            | (Ty::String | Ty::Datetime | Ty::Timestamp, Ty::Date)
                            | (
                                Ty::Int64
                                    | Ty::Numeric
                                    | Ty::Float64
                                    | Ty::Bool
                                    | Ty::Date
                                    | Ty::Datetime
                                    | Ty::Timestamp
                                    | Ty::Bytes,
                                Ty::String
                            )
                    );
                if !castable {
                    self.problem(format!("CAST from {} in `{e}`", from.name()));
                }
                to
            }
            Expr::Extract {
                field,
                syntax: ExtractSyntax::From,
                expr,
            } => {
                let documented = matches!(
                    field,
                    DateTimeField::DayOfWeek
                        | DateTimeField::Day
                        | DateTimeField::DayOfYear
                        | DateTimeField::Week(_)
                        | DateTimeField::IsoWeek
                        | DateTimeField::Month
                        | DateTimeField::Quarter
                        | DateTimeField::Year
                        | DateTimeField::Isoyear
                );
                if !documented {
                    self.problem(format!("EXTRACT part {field} in `{e}`"));
                }
                self.expect(expr, &Ty::Date, scope, "EXTRACT(part FROM date_expression)");
                Ty::Int64
            }
            Expr::CompoundFieldAccess { root, access_chain } => {
                self.subscript(e, root, access_chain, scope)
            }
            Expr::Interval(_) => {
                self.problem(format!(
                    "`{e}` outside DATE_SUB/DATE_ADD: BigQuery uses `INTERVAL int64 part` as \
                     their argument"
                ));
                Ty::Error
            }
            other => {
                self.problem(format!(
                    "an expression form this check does not know: `{other}` ({other:?})"
                ));
                Ty::Error
            }
        }
    }

    fn unify(&mut self, a: Ty, b: Ty, what: &str) -> Ty {
        supertype(&a, &b).unwrap_or_else(|| {
            self.problem(format!(
                "{what}: {} and {} have no common supertype",
                a.name(),
                b.name()
            ));
            Ty::Error
        })
    }

    fn literal(&mut self, v: &Value) -> Ty {
        match v {
            Value::Number(n, _) if n.parse::<i64>().is_ok() => Ty::Int64,
            Value::Number(n, _) => {
                self.problem(format!(
                    "bare number {n}: lexical, \"Numeric literals that contain either a decimal \
                     point or an exponent marker are presumed to be type double\" (FLOAT64, \
                     inexact); an exact decimal is written NUMERIC '{n}'"
                ));
                Ty::Float64
            }
            Value::SingleQuotedString(_) => Ty::String,
            Value::Boolean(_) => Ty::Bool,
            Value::Null => Ty::Null,
            other => {
                self.problem(format!("a literal form seglang does not write: {other:?}"));
                Ty::Error
            }
        }
    }

    fn typed_string(&mut self, ts: &TypedString) -> Ty {
        let Value::SingleQuotedString(text) = &ts.value.value else {
            self.problem(format!("typed literal {ts}"));
            return Ty::Error;
        };
        match &ts.data_type {
            DataType::Date => {
                let b = text.as_bytes();
                let shaped = b.len() == 10
                    && b.iter().enumerate().all(|(i, c)| match i {
                        4 | 7 => *c == b'-',
                        _ => c.is_ascii_digit(),
                    });
                if !shaped {
                    self.problem(format!("DATE literal {text:?} is not DATE 'YYYY-MM-DD'"));
                }
                Ty::Date
            }
            DataType::Numeric(ExactNumberInfo::None) => {
                if let Err(why) = numeric_literal(text) {
                    self.problem(format!("NUMERIC '{text}': {why}"));
                }
                Ty::Numeric
            }
            // data-types: BIGNUMERIC has precision 76.76 and scale 38; NUMERIC coerces to it, so
            // both count as the exact numeric family here.
            DataType::BigNumeric(ExactNumberInfo::None) => {
                let digits = text.trim_start_matches('-');
                let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
                if whole.trim_start_matches('0').len() > 38 || frac.len() > 38 {
                    self.problem(format!(
                        "BIGNUMERIC '{text}' does not fit precision 76.76, scale 38"
                    ));
                }
                Ty::Numeric
            }
            other => {
                self.problem(format!("typed literal of type {other}: {ts}"));
                Ty::Error
            }
        }
    }

    fn binary(&mut self, left: &Expr, op: &BinaryOperator, right: &Expr, scope: &Scope) -> Ty {
        match op {
            BinaryOperator::And | BinaryOperator::Or => {
                self.expect(left, &Ty::Bool, scope, "AND/OR operand");
                self.expect(right, &Ty::Bool, scope, "AND/OR operand");
                Ty::Bool
            }
            BinaryOperator::Eq
            | BinaryOperator::NotEq
            | BinaryOperator::Lt
            | BinaryOperator::LtEq
            | BinaryOperator::Gt
            | BinaryOperator::GtEq => {
                let (l, r) = (self.expr(left, scope), self.expr(right, scope));
                if supertype(&l, &r).is_none() {
                    self.problem(format!(
                        "`{left} {op} {right}` compares {} with {}: operators, \"Comparisons \
                         generally require both operands to be of the same type\", and the \
                         conversion rules give these no common supertype (DATE coerces only to \
                         DATETIME, TIMESTAMP to nothing)",
                        l.name(),
                        r.name()
                    ));
                }
                Ty::Bool
            }
            BinaryOperator::Plus
            | BinaryOperator::Minus
            | BinaryOperator::Multiply
            | BinaryOperator::Divide => {
                let (l, r) = (self.expr(left, scope), self.expr(right, scope));
                let numbers = [&l, &r]
                    .iter()
                    .all(|t| matches!(t, Ty::Int64 | Ty::Numeric | Ty::Float64 | Ty::Error));
                if !numbers {
                    self.problem(format!(
                        "`{left} {op} {right}` on {} and {}",
                        l.name(),
                        r.name()
                    ));
                    return Ty::Error;
                }
                if matches!(op, BinaryOperator::Divide) && l == Ty::Int64 && r == Ty::Int64 {
                    self.problem(format!(
                        "`{left} / {right}` divides two INT64: operators, the result is FLOAT64 \
                         (inexact); seglang casts the dividend to NUMERIC"
                    ));
                    return Ty::Float64;
                }
                supertype(&l, &r).unwrap_or(Ty::Error)
            }
            BinaryOperator::StringConcat => {
                self.expect(left, &Ty::String, scope, "|| operand");
                self.expect(right, &Ty::String, scope, "|| operand");
                Ty::String
            }
            other => {
                self.problem(format!(
                    "operator {other} in `{left} {other} {right}` is not one seglang uses"
                ));
                Ty::Error
            }
        }
    }

    /// `(ARRAY_AGG(...))[SAFE_OFFSET(0)]`, the only subscript seglang writes.
    fn subscript(&mut self, e: &Expr, root: &Expr, chain: &[AccessExpr], scope: &Scope) -> Ty {
        let [AccessExpr::Subscript(Subscript::Index { index })] = chain else {
            self.problem(format!("field access `{e}`"));
            return Ty::Error;
        };
        let safe_offset_zero = match index {
            Expr::Function(f) if function_name(f).as_deref() == Some("SAFE_OFFSET") => {
                self.calls.push(Call {
                    name: "SAFE_OFFSET".into(),
                    args: Vec::new(),
                });
                match &f.args {
                    FunctionArguments::List(list) => {
                        list.clauses.is_empty()
                            && list.duplicate_treatment.is_none()
                            && matches!(
                                list.args.as_slice(),
                                [FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Value(v)))]
                                    if v.value == Value::Number("0".into(), false)
                            )
                    }
                    _ => false,
                }
            }
            _ => false,
        };
        if !safe_offset_zero {
            self.problem(format!(
                "`{e}`: seglang takes the first element with [SAFE_OFFSET(0)] (operators, array \
                 subscript: zero-based, NULL when out of range)"
            ));
        }
        let mut inner = root;
        while let Expr::Nested(x) = inner {
            inner = x;
        }
        let ty = match inner {
            Expr::Function(f) => self.call(f, scope, true),
            other => self.expr(other, scope),
        };
        match ty {
            Ty::Array(element) => *element,
            Ty::Error => Ty::Error,
            other => {
                self.problem(format!("subscript of a {} in `{e}`", other.name()));
                Ty::Error
            }
        }
    }

    /// A function call: its name must be in [`SIGNATURES`], with a documented arity and argument
    /// kinds; `subscripted` says whether `[SAFE_OFFSET(0)]` follows it.
    fn call(&mut self, f: &Function, scope: &Scope, subscripted: bool) -> Ty {
        let Some(name) = function_name(f) else {
            self.problem(format!("function with a qualified or quoted name: {f}"));
            return Ty::Error;
        };
        if f.filter.is_some() {
            self.problem(format!(
                "`{f}`: FILTER (WHERE ...) is not part of BigQuery's aggregate function call \
                 syntax (aggregate-function-calls); conditions go inside (COUNTIF, IF)"
            ));
        }
        let window = WINDOW_FUNCTIONS.iter().find(|(n, _)| *n == name);
        match (&f.over, window) {
            (Some(over), Some((_, needs_order))) => self.over(&name, over, *needs_order, scope),
            (Some(_), None) => {
                self.problem(format!("{name} is not a window function seglang uses: {f}"))
            }
            (None, Some((_, true))) => self.problem(format!("{name} without OVER (...): {f}")),
            (None, _) => {}
        }
        if !f.within_group.is_empty()
            || f.uses_odbc_syntax
            || !matches!(f.parameters, FunctionArguments::None)
        {
            self.problem(format!("a call form seglang does not write: {f}"));
        }
        let FunctionArguments::List(list) = &f.args else {
            self.problem(format!("{name} without an argument list: {f}"));
            return Ty::Error;
        };
        // `IGNORE NULLS` written after the argument of `ARRAY_AGG(IF(...) IGNORE NULLS ...)`: the
        // parser hangs it on the inner call, but in the text it belongs to ARRAY_AGG's parentheses.
        let mut nulls = f.null_treatment;
        let mut args = Vec::new();
        let mut kinds = Vec::new();
        for arg in &list.args {
            match arg {
                FunctionArg::Unnamed(FunctionArgExpr::Wildcard) => kinds.push(Ty::Star),
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => {
                    let ty = match e {
                        Expr::Function(inner)
                            if name == "ARRAY_AGG" && inner.null_treatment.is_some() =>
                        {
                            nulls = inner.null_treatment;
                            let mut inner = inner.clone();
                            inner.null_treatment = None;
                            self.call(&inner, scope, false)
                        }
                        Expr::Interval(iv) => self.interval(iv),
                        other => self.expr(other, scope),
                    };
                    args.push(e.clone());
                    kinds.push(ty);
                }
                other => {
                    self.problem(format!("{name}: a named or wildcard argument {other}"));
                    kinds.push(Ty::Error);
                }
            }
        }
        let mut order_by = Vec::new();
        let mut limit = None;
        for clause in &list.clauses {
            match clause {
                FunctionArgumentClause::IgnoreOrRespectNulls(n) => nulls = Some(*n),
                FunctionArgumentClause::OrderBy(keys) => order_by.extend(keys.iter().cloned()),
                FunctionArgumentClause::Limit(n) => limit = Some(n.clone()),
                other => self.problem(format!("{name}: clause {other}")),
            }
        }
        self.calls.push(Call {
            name: name.clone(),
            args,
        });
        let distinct = matches!(list.duplicate_treatment, Some(DuplicateTreatment::Distinct));
        let overloads: Vec<&Signature> = SIGNATURES.iter().filter(|s| s.name == name).collect();
        if overloads.is_empty() {
            self.problem(format!(
                "unknown function {name} in `{f}`: not in the table of documented BigQuery \
                 functions"
            ));
            return Ty::Error;
        }
        let documented = overloads
            .iter()
            .map(|s| format!("{} ({DOCS}/{})", s.doc, s.page))
            .collect::<Vec<_>>()
            .join(" | ");
        let arity_fits = |s: &Signature| {
            let n = kinds.len();
            n >= s.params.len() - s.optional && (s.repeats || n <= s.params.len())
        };
        if !overloads.iter().any(|s| arity_fits(s)) {
            self.problem(format!(
                "{name} called with {} argument(s) in `{f}`; documented: {documented}",
                kinds.len()
            ));
            return Ty::Error;
        }
        let mut reasons = Vec::new();
        let mut chosen = None;
        for s in overloads.iter().filter(|s| arity_fits(s)) {
            let mut why = Vec::new();
            for (i, ty) in kinds.iter().enumerate() {
                let param = s.params[i.min(s.params.len() - 1)];
                if let Err(e) = param.accepts(ty) {
                    why.push(format!("argument {}: {e}", i + 1));
                }
            }
            if distinct && !s.clauses.distinct {
                why.push("DISTINCT".into());
            }
            if nulls.is_some() && !s.clauses.nulls {
                why.push("IGNORE/RESPECT NULLS".into());
            }
            if !order_by.is_empty() && !s.clauses.order_by {
                why.push("ORDER BY".into());
            }
            if limit.is_some() && !s.clauses.limit {
                why.push("LIMIT".into());
            }
            if why.is_empty() {
                chosen = Some(*s);
                break;
            }
            reasons.push(format!("{}: {}", s.doc, why.join(", ")));
        }
        let Some(sig) = chosen else {
            self.problem(format!(
                "{name}'s arguments do not match its documented signature in `{f}`: {}; \
                 documented: {documented}",
                reasons.join("; ")
            ));
            return Ty::Error;
        };
        for key in &order_by {
            let ty = self.expr(&key.expr, scope);
            if !ty.is_value() || matches!(ty, Ty::Array(_)) {
                self.problem(format!("{name}: ORDER BY key of type {}", ty.name()));
            }
        }
        if name == "ARRAY_AGG" {
            self.array_agg(f, subscripted, nulls.as_ref(), &order_by, limit.as_ref());
        } else if subscripted {
            self.problem(format!("subscript of {name}'s result in `{f}`"));
        }
        if name == "NULLIF" && supertype(&kinds[0], &kinds[1]).is_none() {
            self.problem(format!(
                "NULLIF compares {} with {} in `{f}`",
                kinds[0].name(),
                kinds[1].name()
            ));
        }
        match sig.ret {
            Ret::Bool => Ty::Bool,
            Ret::Int64 => Ty::Int64,
            Ret::String => Ty::String,
            Ret::Bytes => Ty::Bytes,
            Ret::Date => Ty::Date,
            Ret::First => kinds[0].clone(),
            Ret::Sum => match &kinds[0] {
                Ty::Null => Ty::Int64,
                other => other.clone(),
            },
            Ret::Avg => match &kinds[0] {
                Ty::Numeric => Ty::Numeric,
                Ty::Error => Ty::Error,
                _ => Ty::Float64,
            },
            Ret::Supertype(from) => {
                let mut ty = Ty::Null;
                for k in kinds[from..].iter().cloned() {
                    ty = self.unify(ty, k, &format!("{name}'s results"));
                }
                ty
            }
            Ret::ArrayOfFirst => Ty::Array(Box::new(kinds[0].clone())),
        }
    }

    /// `OVER (ORDER BY key {ASC|DESC} NULLS LAST, ...)`: the only window seglang writes, over the
    /// whole result; present values rank first, as BigQuery would otherwise put NULLs first.
    fn over(&mut self, name: &str, over: &WindowType, needs_order: bool, scope: &Scope) {
        let WindowType::WindowSpec(spec) = over else {
            self.problem(format!("{name} over a named window"));
            return;
        };
        if spec.window_name.is_some()
            || !spec.partition_by.is_empty()
            || spec.window_frame.is_some()
        {
            self.problem(format!(
                "{name}: a window with a name, partitions or a frame: {spec}"
            ));
        }
        if needs_order && spec.order_by.is_empty() {
            self.problem(format!("{name} needs ORDER BY in its window: {spec}"));
        }
        if !needs_order && !spec.order_by.is_empty() {
            self.problem(format!(
                "{name}: an ordered window counts a running total: {spec}"
            ));
        }
        for key in &spec.order_by {
            if key.options.nulls_first != Some(false) {
                self.problem(format!(
                    "{name}: `{key}` must say NULLS LAST (BigQuery's default for ASC is NULLS FIRST)"
                ));
            }
            let ty = self.expr(&key.expr, scope);
            if !ty.is_value() || matches!(ty, Ty::Array(_)) {
                self.problem(format!("{name}: ORDER BY key of type {}", ty.name()));
            }
        }
    }

    /// `first`/`last` as BigQuery must read them: the first present value in order, or NULL.
    fn array_agg(
        &mut self,
        f: &Function,
        subscripted: bool,
        nulls: Option<&NullTreatment>,
        order_by: &[sqlparser::ast::OrderByExpr],
        limit: Option<&Expr>,
    ) {
        if !subscripted {
            self.problem(format!(
                "`{f}` used as an array: aggregate_functions, \"An error is raised if an array in \
                 the final query result contains a NULL element\"; seglang takes \
                 [SAFE_OFFSET(0)]"
            ));
        }
        if !matches!(nulls, Some(NullTreatment::IgnoreNulls)) {
            self.problem(format!(
                "`{f}` without IGNORE NULLS: a missing value would be taken as the first value"
            ));
        }
        if order_by.is_empty() {
            self.problem(format!(
                "`{f}` without ORDER BY: the first element is arbitrary"
            ));
        }
        let limit_one =
            matches!(limit, Some(Expr::Value(v)) if v.value == Value::Number("1".into(), false));
        if !limit_one {
            self.problem(format!(
                "`{f}` without LIMIT 1 (\"The limit n must be a constant INT64\")"
            ));
        }
    }

    /// `INTERVAL int64_expression date_part`, an argument of `DATE_SUB`.
    fn interval(&mut self, iv: &Interval) -> Ty {
        let count_is_int64 = matches!(
            iv.value.as_ref(),
            Expr::Value(v) if matches!(&v.value, Value::Number(n, _) if n.parse::<i64>().is_ok())
        );
        if !count_is_int64 {
            self.problem(format!(
                "INTERVAL {}: date_functions, DATE_SUB takes `INTERVAL int64_expression \
                 date_part`, not a quoted interval string",
                iv.value
            ));
        }
        if iv.last_field.is_some()
            || iv.leading_precision.is_some()
            || iv.fractional_seconds_precision.is_some()
        {
            self.problem(format!("INTERVAL with a range or precision: {iv}"));
        }
        let part = match &iv.leading_field {
            Some(DateTimeField::Day) => "DAY",
            Some(DateTimeField::Week(None)) => "WEEK",
            Some(DateTimeField::Month) => "MONTH",
            Some(DateTimeField::Quarter) => "QUARTER",
            Some(DateTimeField::Year) => "YEAR",
            other => {
                self.problem(format!("INTERVAL part {other:?} in {iv}"));
                return Ty::Error;
            }
        };
        Ty::Interval(part.into())
    }
}

/// The upper-case name of a call written as one unquoted word.
fn function_name(f: &Function) -> Option<String> {
    match f.name.0.as_slice() {
        [ObjectNamePart::Identifier(i)] if i.quote_style.is_none() => Some(i.value.to_uppercase()),
        _ => None,
    }
}

/// A `NUMERIC` literal's digits: optional `-`, digits, optional `.digits`, within NUMERIC's
/// precision 38 and scale 9 (at most 29 digits before the point and 9 after).
fn numeric_literal(text: &str) -> Result<(), String> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(fraction.is_empty() || digits(fraction)) || unsigned.ends_with('.') {
        return Err("not a decimal number".into());
    }
    let significant = whole.trim_start_matches('0').len();
    if significant > 29 || fraction.len() > 9 {
        return Err(format!(
            "{significant} digit(s) before the point and {} after: data-types, NUMERIC has \
             precision 38 and scale 9, so the value cannot be held exactly",
            fraction.len()
        ));
    }
    Ok(())
}

/// Checks a LIKE pattern (after string unescaping): `\` only escapes `\`, `_` or `%`.
fn like_pattern(pattern: &str) -> Result<(), String> {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' && !matches!(chars.next(), Some('\\' | '_' | '%')) {
            return Err(
                "operators, LIKE: \"You can escape \\, _, or % using two backslashes\"; \
                        a backslash before anything else has no documented meaning"
                    .into(),
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- lexical checks

/// The tokens of `sql` with whitespace and comments dropped.
fn tokens(sql: &str) -> Vec<Token> {
    let dialect = BigQueryDialect {};
    let tokens = Tokenizer::new(&dialect, sql)
        .tokenize()
        .unwrap_or_else(|e| panic!("BigQuery SQL does not tokenize: {e}\n{sql}"));
    tokens
        .into_iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect()
}

/// Every word directly followed by `(` that is a call, upper-cased.
fn called_words(tokens: &[Token]) -> Vec<String> {
    tokens
        .windows(2)
        .filter_map(|w| match (&w[0], &w[1]) {
            (Token::Word(word), Token::LParen) if word.quote_style.is_none() => {
                Some(word.value.to_uppercase())
            }
            _ => None,
        })
        .filter(|w| !SYNTAX_BEFORE_PAREN.contains(&w.as_str()))
        .collect()
}

/// A quoted token as BigQuery's lexical structure page reads it.
#[derive(Debug, Clone, PartialEq)]
enum Quoted {
    /// A `'...'` string literal, decoded.
    String(String),
    /// A `` `...` `` identifier, decoded.
    Ident(String),
}

/// The quoted tokens of `sql`, decoded with the escape table of "Escape sequences for string and
/// bytes literals" (quoted identifiers "Have the same escape sequences as string literals").
/// Comments are skipped; a raw newline in a quoted token, an escape outside the table, a
/// double-quoted token or a triple-quoted string is an error.
fn quoted_tokens(sql: &str) -> Result<Vec<Quoted>, String> {
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '-' if chars.peek() == Some(&'-') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '"' => return Err("a double-quoted token: in BigQuery it is a string".into()),
            '\'' | '`' => {
                let mut value = String::new();
                loop {
                    let Some(x) = chars.next() else {
                        return Err(format!("unterminated {c}{value}"));
                    };
                    match x {
                        _ if x == c => break,
                        '\n' => {
                            return Err(format!(
                                "raw newline in {c}{value}...: lexical, \"Quoted strings cannot \
                                 contain newlines\""
                            ))
                        }
                        '\\' => value.push(escape(&mut chars)?),
                        other => value.push(other),
                    }
                }
                if c == '\'' && value.is_empty() && chars.peek() == Some(&'\'') {
                    return Err("a triple-quoted string".into());
                }
                out.push(if c == '\'' {
                    Quoted::String(value)
                } else {
                    Quoted::Ident(value)
                });
            }
            _ => {}
        }
    }
    Ok(out)
}

/// One escape sequence after `\`, from the lexical structure page's table.
fn escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<char, String> {
    match chars.next() {
        Some('a') => Ok('\u{7}'),
        Some('b') => Ok('\u{8}'),
        Some('f') => Ok('\u{c}'),
        Some('n') => Ok('\n'),
        Some('r') => Ok('\r'),
        Some('t') => Ok('\t'),
        Some('v') => Ok('\u{b}'),
        Some(c @ ('\\' | '?' | '"' | '\'' | '`')) => Ok(c),
        Some('x' | 'X') => code_point(chars, String::new(), 2, 16),
        Some('u') => code_point(chars, String::new(), 4, 16),
        Some('U') => code_point(chars, String::new(), 8, 16),
        Some(d @ '0'..='7') => code_point(chars, d.to_string(), 3, 8),
        other => Err(format!(
            "escape \\{} is not in the table of lexical, \"Escape sequences for string and bytes \
             literals\" (\"Any sequence not in this table produces an error\")",
            other.map(String::from).unwrap_or_default()
        )),
    }
}

/// The character of a numeric escape with exactly `n` digits in `radix` (`digits` holds those already read).
fn code_point(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    mut digits: String,
    n: usize,
    radix: u32,
) -> Result<char, String> {
    while digits.len() < n {
        match chars.next() {
            Some(c) => digits.push(c),
            None => break,
        }
    }
    u32::from_str_radix(&digits, radix)
        .ok()
        .filter(|_| digits.len() == n)
        .and_then(char::from_u32)
        .ok_or_else(|| format!("bad numeric escape {digits:?}"))
}

// ---------------------------------------------------------------- compiling the fixture

/// `(label, sql)` for the membership query and each segment's members, on BigQuery.
fn compile(program: &Program, as_of: AsOf) -> Vec<(String, String)> {
    let when = match as_of {
        AsOf::Fixed(d) => d.to_string(),
        AsOf::Today => "today".to_string(),
    };
    compile_all(program, as_of, Target::BigQuery, Statements::All)
        .statements
        .into_iter()
        .map(|s| match s.segment {
            Some(segment) => (format!("members of {segment}, as of {when}"), s.sql),
            None => (format!("membership of {}, as of {when}", s.entity), s.sql),
        })
        .collect()
}

/// A checked program and all its BigQuery statements, with a fixed date and with today.
fn statements_of(source: &str) -> (Program, Vec<(String, String)>) {
    let program = program(&[("bigquery.seg", source)]);
    let mut statements = compile(&program, AsOf::Fixed(date(AS_OF)));
    statements.extend(compile(&program, AsOf::Today));
    (program, statements)
}

/// The result of checking one statement.
struct Checked {
    calls: Vec<Call>,
    problems: Vec<String>,
}

/// Parses one BigQuery statement, types it, checks its calls, and cross-checks the calls found
/// by the walk with those found in the tokens.
fn check(program: &Program, sql: &str) -> Checked {
    let tables = base_tables(program);
    let mut checker = Checker::new(&tables);
    match Parser::parse_sql(&BigQueryDialect {}, sql) {
        Ok(statements) => {
            if statements.len() != 1 {
                checker.problem(format!("{} statements instead of one", statements.len()));
            }
            for st in &statements {
                checker.statement(st);
            }
        }
        Err(e) => checker.problem(format!("does not parse with BigQueryDialect: {e}")),
    }
    let mut walked: Vec<String> = checker.calls.iter().map(|c| c.name.clone()).collect();
    let mut scanned = called_words(&tokens(sql));
    walked.sort();
    scanned.sort();
    if walked != scanned {
        checker.problem(format!(
            "the AST walk found calls {walked:?} but the tokens show {scanned:?}"
        ));
    }
    Checked {
        calls: checker.calls,
        problems: checker.problems,
    }
}

/// Checks every statement and fails with every problem, naming the statement.
fn assert_documented(program: &Program, statements: &[(String, String)]) -> Vec<Call> {
    let mut calls = Vec::new();
    let mut report = Vec::new();
    for (label, sql) in statements {
        let checked = check(program, sql);
        if !checked.problems.is_empty() {
            report.push(format!(
                "in the {label} statement:\n  - {}\n{sql}",
                checked.problems.join("\n  - ")
            ));
        }
        calls.extend(checked.calls);
    }
    assert!(
        report.is_empty(),
        "BigQuery SQL contradicts BigQuery's documentation:\n\n{}",
        report.join("\n\n")
    );
    calls
}

fn membership(statements: &[(String, String)], when: &str) -> String {
    statements
        .iter()
        .find(|(label, _)| label.starts_with("membership") && label.ends_with(when))
        .map(|(_, sql)| sql.clone())
        .expect("a membership statement")
}

fn is_evaluation_date(e: &Expr) -> bool {
    matches!(e, Expr::CompoundIdentifier(p)
        if p.len() == 2 && p[0].value == "evaluation" && p[1].value == "as_of")
}

// ---------------------------------------------------------------- tests

#[test]
fn every_call_matches_a_documented_bigquery_signature() {
    let (program, statements) = statements_of(FIXTURE);
    // A segment with a holdout is planned as two rules: its treatment and its control group.
    let holdouts = program
        .segments
        .iter()
        .filter(|s| s.holdout.is_some())
        .count();
    assert_eq!(
        statements.len(),
        2 * (program.segments.len() + holdouts + 1),
        "one membership query and one member query per rule, fixed and today"
    );
    let calls = assert_documented(&program, &statements);
    let called: BTreeSet<&str> = calls.iter().map(|c| c.name.as_str()).collect();
    let expected: BTreeSet<&str> = EXPECTED_CALLS.iter().copied().collect();
    assert_eq!(
        called, expected,
        "the fixture must call every function seglang uses on BigQuery, and only those"
    );
}

#[test]
fn bigquery_statements_avoid_forms_bigquery_lacks() {
    let (_, statements) = statements_of(FIXTURE);
    for (label, sql) in &statements {
        let tokens = tokens(sql);
        let mut problems = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            let next = tokens.get(i + 1);
            match t {
                Token::Word(w) if w.quote_style.is_none() => {
                    let word = w.value.to_uppercase();
                    if word == "FILTER" && next == Some(&Token::LParen) {
                        problems
                            .push("FILTER (WHERE ...): not in BigQuery's aggregate call syntax");
                    }
                    if word == "ESCAPE" {
                        problems.push("ESCAPE: BigQuery's LIKE has no ESCAPE clause");
                    }
                    if word == "INTERVAL" && matches!(next, Some(Token::SingleQuotedString(_))) {
                        problems.push("INTERVAL '...': DATE_SUB takes INTERVAL int64 date_part");
                    }
                    if word == "UNION"
                        && !matches!(next, Some(Token::Word(n)) if n.value.eq_ignore_ascii_case("ALL"))
                    {
                        problems.push("UNION without ALL: an error in BigQuery");
                    }
                }
                Token::Word(w) if w.quote_style != Some('`') => {
                    problems.push("an identifier not quoted with backticks");
                }
                Token::Number(n, _) if n.contains(['.', 'e', 'E']) => {
                    problems.push("a bare decimal number: FLOAT64 in BigQuery");
                }
                Token::DoubleQuotedString(_) => {
                    problems.push("a double-quoted string");
                }
                _ => {}
            }
        }
        assert!(
            problems.is_empty(),
            "the {label} statement uses {problems:?}\n{sql}"
        );
    }
    let fixed = membership(&statements, AS_OF);
    for literal in [
        "NUMERIC '12.50'",
        "NUMERIC '100.10'",
        "NUMERIC '-0.5'",
        "NUMERIC '33.37'",
        "COALESCE(orders_features.orders_sum_amount, NUMERIC '0')",
        "COUNTIF(orders.channel = 'web')",
        "SUM(IF(orders.channel = 'store', orders.quantity, NULL))",
    ] {
        assert!(
            fixed.contains(literal),
            "expected `{literal}` in the BigQuery membership query:\n{fixed}"
        );
    }
}

#[test]
fn string_literals_use_bigquery_escapes() {
    let (_, statements) = statements_of(FIXTURE);
    for (label, sql) in &statements {
        let quoted =
            quoted_tokens(sql).unwrap_or_else(|e| panic!("the {label} statement: {e}\n{sql}"));
        // sqlparser's BigQuery tokenizer reads the same strings.
        let ours: Vec<String> = quoted
            .iter()
            .filter_map(|q| match q {
                Quoted::String(s) => Some(s.clone()),
                Quoted::Ident(_) => None,
            })
            .collect();
        let theirs: Vec<String> = tokens(sql)
            .into_iter()
            .filter_map(|t| match t {
                Token::SingleQuotedString(s) => Some(s),
                _ => None,
            })
            .collect();
        assert_eq!(
            ours, theirs,
            "the {label} statement's strings, decoded two ways\n{sql}"
        );
    }
    let fixed = membership(&statements, AS_OF);
    let strings: Vec<String> = quoted_tokens(&fixed)
        .expect("decodes")
        .into_iter()
        .filter_map(|q| match q {
            Quoted::String(s) => Some(s),
            Quoted::Ident(_) => None,
        })
        .collect();
    // Each seglang string reaches BigQuery unchanged, written with the documented escapes.
    for (value, written) in [
        ("O'Brien", r"'O\'Brien'"),
        (r"a\b", r"'a\\b'"),
        ("line\nbreak", r"'line\nbreak'"),
        (r"o'brien\", r"'o\'brien\\'"),
        ("+promo_%", "'+promo_%'"),
        (r"100\%%", r"'100\\%%'"),
        ("J_an%", "'J_an%'"),
        (r"%\\%", r"'%\\\\%'"),
        ("@example.fr", "'@example.fr'"),
    ] {
        assert!(
            strings.iter().any(|s| s == value),
            "the string {value:?} does not reach BigQuery; strings: {strings:?}"
        );
        assert!(
            fixed.contains(written),
            "expected {value:?} written as {written}:\n{fixed}"
        );
    }
    assert!(
        !fixed.contains("O''Brien"),
        "a doubled quote is not an escape in BigQuery:\n{fixed}"
    );
    let today = membership(&statements, "today");
    assert!(today.contains("CURRENT_DATE('UTC')"), "{today}");
}

#[test]
fn identifiers_needing_quotes_use_backticks() {
    let (_, statements) = statements_of(FIXTURE);
    let fixed = membership(&statements, AS_OF);
    for written in [
        "FROM `my-project`.crm.customers AS customers",
        "FROM `my-project`.crm.orders AS orders",
        "FROM crm.visits AS visits",
        "customers.`order`",
        "customers.`select`",
    ] {
        assert!(
            fixed.contains(written),
            "expected `{written}` in the BigQuery membership query:\n{fixed}"
        );
    }
    let idents: Vec<String> = quoted_tokens(&fixed)
        .expect("decodes")
        .into_iter()
        .filter_map(|q| match q {
            Quoted::Ident(s) => Some(s),
            Quoted::String(_) => None,
        })
        .collect();
    for name in ["my-project", "order", "select"] {
        assert!(
            idents.iter().any(|i| i == name),
            "{name} is not a backtick-quoted identifier: {idents:?}"
        );
    }
}

#[test]
fn date_arithmetic_follows_bigquery_date_functions() {
    let (program, statements) = statements_of(FIXTURE);
    let calls = assert_documented(&program, &statements);
    for call in calls.iter().filter(|c| c.name == "DATE_DIFF") {
        assert!(
            is_evaluation_date(&call.args[0]),
            "DATE_DIFF(end_date, start_date, granularity) is end_date - start_date: `days since \
             x` must pass the evaluation date first, got {}",
            call.args[0]
        );
        assert!(
            matches!(&call.args[2], Expr::Identifier(i) if i.value == "DAY"),
            "days since counts DAYs, got {}",
            call.args[2]
        );
    }
    for call in calls.iter().filter(|c| c.name == "DATE_SUB") {
        assert!(
            is_evaluation_date(&call.args[0]),
            "`N units ago` counts back from the evaluation date, got {}",
            call.args[0]
        );
    }
    for call in calls.iter().filter(|c| c.name == "DATE") {
        assert_eq!(
            call.args.len(),
            1,
            "a timestamp's day is its UTC day: DATE(timestamp_expression) without a time zone \
             uses the default, UTC"
        );
    }
    let fixed = membership(&statements, AS_OF);
    for interval in [
        "DATE_SUB(evaluation.as_of, INTERVAL 30 DAY)",
        "DATE_SUB(evaluation.as_of, INTERVAL 14 DAY)",
        "DATE_SUB(evaluation.as_of, INTERVAL 3 MONTH)",
        "DATE_SUB(evaluation.as_of, INTERVAL 24 MONTH)",
        "DATE_SUB(evaluation.as_of, INTERVAL 12 MONTH)",
        "DATE_SUB(evaluation.as_of, INTERVAL 6 MONTH)",
        "DATE_DIFF(evaluation.as_of, DATE(customers.signup_at), DAY)",
        "DATE '2026-03-31' AS as_of",
    ] {
        assert!(
            fixed.contains(interval),
            "expected `{interval}` (weeks as 7 DAYs, years as 12 MONTHs):\n{fixed}"
        );
    }
    assert!(
        !fixed.contains("CURRENT_DATE"),
        "a fixed date reads no clock:\n{fixed}"
    );
    for (label, sql) in statements.iter().filter(|(l, _)| l.ends_with("today")) {
        assert_eq!(
            sql.matches("CURRENT_DATE(").count(),
            1,
            "the {label} statement must read the current date once:\n{sql}"
        );
        assert!(
            sql.contains("CAST(CURRENT_DATE('UTC') AS DATE) AS as_of"),
            "the {label} statement must take today's date in UTC:\n{sql}"
        );
    }
}

#[test]
fn bigquery_membership_sql_matches_snapshots() {
    let (_, statements) = statements_of(FIXTURE);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/bigquery");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        insta::assert_snapshot!("membership_fixed_date", membership(&statements, AS_OF));
        insta::assert_snapshot!("membership_today", membership(&statements, "today"));
    });
}

/// Found by this module: the reserved keyword list seglang quotes with has `respects` where
/// BigQuery reserves `RESPECT`.
#[test]
fn every_bigquery_reserved_keyword_is_backtick_quoted() {
    let dialect = Target::BigQuery.dialect();
    let unquoted: Vec<String> = RESERVED
        .split_whitespace()
        .flat_map(|k| [k.to_string(), k.to_lowercase()])
        .filter(|k| dialect.quote_ident(k) != format!("`{k}`"))
        .collect();
    let source = r#"
        entity customers from "crm.customers" {
          key id: string
          respect: string?
        }
        segment polite on customers { where respect = "yes" }
    "#;
    let (program, statements) = statements_of(source);
    let problems: Vec<String> = statements
        .iter()
        .flat_map(|(label, sql)| {
            check(&program, sql)
                .problems
                .into_iter()
                .map(move |p| format!("{label}: {p}"))
        })
        .collect();
    assert!(
        unquoted.is_empty() && problems.is_empty(),
        "BigQuery reserved keywords left unquoted by the BigQuery dialect: {unquoted:?}.\n\
         Lexical structure and syntax ({DOCS}/lexical#reserved_keywords): \"If an identifier is \
         the same as a reserved keyword, the identifier must be quoted\"; RESPECT is in the list.\n\
         {}",
        problems.join("\n")
    );
}

/// Found by this module: a `timestamp` parameter's value is a date literal, and seglang compares
/// a timestamp with it as an instant, leaving `TIMESTAMP >= DATE`, which BigQuery cannot compare.
#[test]
fn timestamp_parameters_compare_with_timestamps() {
    let source = r#"
        entity customers from "crm.customers" {
          key id: string
          signup_at: timestamp
        }
        facts orders of customers(id) from "crm.orders" at ordered_at {
          ordered_at: timestamp
        }
        param start: timestamp = 2026-01-01
        segment since_start on customers { where signup_at >= start }
        segment bought_since_start on customers {
          where orders.last(ordered_at) > start and orders.count(after start) >= 1
        }
    "#;
    let (program, statements) = statements_of(source);
    assert_documented(&program, &statements);
}

/// Found by this module: seglang keeps decimals exact, but BigQuery's NUMERIC has scale 9, so a
/// literal with ten decimals cannot be held exactly.
#[test]
fn decimal_literals_fit_bigquery_numeric() {
    let source = r#"
        entity customers from "crm.customers" {
          key id: string
          rate: decimal(20, 10)
        }
        segment fine_rate on customers { where rate > 0.1234567891 }
    "#;
    let (program, statements) = statements_of(source);
    assert_documented(&program, &statements);
}

#[test]
fn the_checker_rejects_sql_that_contradicts_the_documentation() {
    let program = program(&[("bigquery.seg", FIXTURE)]);
    let cases = [
        (
            // sqlparser's BigQuery dialect already refuses FILTER and unit-less intervals.
            "COUNT(customers.id) FILTER (WHERE customers.vip)",
            "does not parse",
        ),
        (
            "DATE_DIFF(DATE(customers.signup_at), DAY)",
            "called with 2 argument(s)",
        ),
        (
            "DATE_DIFF(customers.signup_at, customers.birth_date, DAY)",
            "argument 1: TIMESTAMP where Date is expected",
        ),
        (
            "DATE_DIFF(customers.birth_date, customers.birth_date, HOUR)",
            "argument 3",
        ),
        (
            "DATE_SUB(customers.birth_date, INTERVAL '1 day')",
            "does not parse",
        ),
        (
            "DATE_SUB(customers.birth_date, INTERVAL '1' DAY)",
            "not a quoted interval string",
        ),
        ("customers.credit > 12.50", "bare number 12.50"),
        (
            "RANK() OVER (ORDER BY customers.credit DESC) > 1",
            "must say NULLS LAST",
        ),
        ("RANK() OVER () > 1", "needs ORDER BY"),
        (
            "COUNT(customers.credit) OVER (PARTITION BY customers.vip) > 1",
            "partitions",
        ),
        ("customers.name || customers.credit = 'x'", "|| operand"),
        ("customers.name LIKE 'a!%' ESCAPE '!'", "no ESCAPE clause"),
        (
            "customers.name LIKE 'a\\\\b'",
            "a backslash before anything else",
        ),
        (
            "DATEDIFF(customers.birth_date, customers.birth_date)",
            "unknown function DATEDIFF",
        ),
        (
            "customers.signup_at > DATE '2026-01-01'",
            "compares TIMESTAMP with DATE",
        ),
        ("ARRAY_AGG(customers.name)", "used as an array"),
        (
            "(ARRAY_AGG(customers.name ORDER BY customers.name LIMIT 1))[SAFE_OFFSET(0)]",
            "without IGNORE NULLS",
        ),
        (
            "(ARRAY_AGG(customers.name IGNORE NULLS ORDER BY customers.name LIMIT 1))[OFFSET(1)]",
            "[SAFE_OFFSET(0)]",
        ),
        ("COUNTIF(customers.name)", "STRING where Bool is expected"),
        ("STRPOS(customers.name)", "called with 1 argument(s)"),
        ("customers.order = 1", "reserved keyword"),
        (
            "customers.name = \"x\"",
            "a literal form seglang does not write",
        ),
        ("customers.`order` / customers.`order`", "divides two INT64"),
        ("NUMERIC '0.1234567891'", "scale 9"),
        (
            "IF(customers.vip, customers.name, customers.birth_date)",
            "no common supertype",
        ),
    ];
    let mut missed = Vec::new();
    for (expr, expected) in cases {
        let sql = format!("SELECT {expr} AS x FROM `my-project`.crm.customers AS customers");
        let problems = check(&program, &sql).problems;
        if !problems.iter().any(|p| p.contains(expected)) {
            missed.push(format!(
                "{sql}\n  expected a problem containing {expected:?}, got {problems:#?}"
            ));
        }
    }
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}
