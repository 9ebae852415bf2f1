//! The signature table: every BigQuery function seglang may call, as BigQuery's documentation
//! writes it, with its page, parameters, optional clauses and result type; BigQuery's reserved
//! keywords; and the words before `(` that are syntax rather than calls. Pure data, one
//! `Signature` per documented overload, so that it can be read against the documentation it was
//! copied from; the code that applies it lives in the checker's files.

/// BigQuery's reserved keywords, from "Lexical structure and syntax", section "Reserved
/// keywords": they "cannot be used as identifiers unless enclosed by backtick (`) characters".
pub(super) const RESERVED: &str = "
    ALL AND ANY ARRAY AS ASC ASSERT_ROWS_MODIFIED AT BETWEEN BY CASE CAST COLLATE CONTAINS CREATE
    CROSS CUBE CURRENT DEFAULT DEFINE DESC DISTINCT ELSE END ENUM ESCAPE EXCEPT EXCLUDE EXISTS
    EXTRACT FALSE FETCH FOLLOWING FOR FROM FULL GROUP GROUPING GROUPS HASH HAVING IF IGNORE IN
    INNER INTERSECT INTERVAL INTO IS JOIN LATERAL LEFT LIKE LIMIT LOOKUP MERGE NATURAL NEW NO NOT
    NULL NULLS OF ON OR ORDER OUTER OVER PARTITION PRECEDING PROTO QUALIFY RANGE RECURSIVE RESPECT
    RIGHT ROLLUP ROWS SELECT SET SOME STRUCT TABLESAMPLE THEN TO TREAT TRUE UNBOUNDED UNION UNNEST
    USING WHEN WHERE WINDOW WITH WITHIN";

/// Whether `word` is one of BigQuery's [`RESERVED`] keywords (keywords are case-insensitive).
pub(super) fn is_reserved(word: &str) -> bool {
    RESERVED
        .split_whitespace()
        .any(|k| k.eq_ignore_ascii_case(word))
}

/// The root of BigQuery's SQL reference; [`Signature::page`] is relative to it.
pub(super) const DOCS: &str = "https://cloud.google.com/bigquery/docs/reference/standard-sql";

/// Date parts `DATE_SUB` and `DATE_ADD` accept.
const ARITHMETIC_PARTS: &[&str] = &["DAY", "WEEK", "MONTH", "QUARTER", "YEAR"];

/// Date parts `DATE_DIFF` accepts.
const DIFF_PARTS: &[&str] = &[
    "DAY", "WEEK", "ISOWEEK", "MONTH", "QUARTER", "YEAR", "ISOYEAR",
];

/// What an argument must be, as the documented signature says.
#[derive(Debug, Clone, Copy)]
pub(super) enum Arg {
    Bool,
    String,
    /// `STRING` or `BYTES` (`MD5`, `SUBSTR`, `CONCAT` take either).
    StringOrBytes,
    Bytes,
    Int64,
    Date,
    Datetime,
    Timestamp,
    /// `INT64`, `NUMERIC`, `BIGNUMERIC` or `FLOAT64` ("numeric data types").
    Number,
    /// `INT64`, `NUMERIC` or `BIGNUMERIC`: the exact numbers, the types `DIV` takes (its "Return
    /// Data Type" table has no `FLOAT64` row or column).
    Exact,
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
pub(super) struct Clauses {
    pub(super) distinct: bool,
    pub(super) nulls: bool,
    pub(super) order_by: bool,
    pub(super) limit: bool,
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
pub(super) enum Ret {
    Bool,
    Int64,
    String,
    Bytes,
    Date,
    /// The first argument's type (`MIN`, `MAX`, `NULLIF`).
    First,
    /// `SUM`: `INT64` → `INT64`, `NUMERIC` → `NUMERIC`, `FLOAT64` → `FLOAT64`.
    Sum,
    /// `AVG`: `INT64` → `FLOAT64`, `NUMERIC` → `NUMERIC`, `BIGNUMERIC` → `BIGNUMERIC`.
    Avg,
    /// The common supertype of the arguments from this position on.
    Supertype(usize),
    /// An `ARRAY` of the first argument's type.
    ArrayOfFirst,
}

/// One documented signature.
pub(super) struct Signature {
    pub(super) name: &'static str,
    /// The signature as the documentation writes it.
    pub(super) doc: &'static str,
    /// The documentation page, under [`DOCS`].
    pub(super) page: &'static str,
    pub(super) params: &'static [Arg],
    /// How many trailing parameters may be left out.
    pub(super) optional: usize,
    /// Whether the last parameter may repeat.
    pub(super) repeats: bool,
    pub(super) clauses: Clauses,
    pub(super) ret: Ret,
}

/// Every BigQuery function seglang may call, with its documented signatures (a name appears once
/// per overload).
pub(super) const SIGNATURES: &[Signature] = &[
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
    // Return Data Type: INT64 with INT64 is INT64, NUMERIC with INT64 or NUMERIC is NUMERIC,
    // BIGNUMERIC with any of the three is BIGNUMERIC: the supertype of the two.
    Signature {
        name: "DIV",
        doc: "DIV(X, Y) -- INT64, NUMERIC or BIGNUMERIC; integer division rounded toward zero",
        page: "mathematical_functions#div",
        params: &[Arg::Exact, Arg::Exact],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::Supertype(0),
    },
    // Return Data Type: INT64, NUMERIC, BIGNUMERIC, FLOAT64 each give their own type; "Returns an
    // error if the argument is an integer and the output value cannot be represented as the same
    // type" (only the smallest INT64): seglang takes ABS of BIGNUMERIC values.
    Signature {
        name: "ABS",
        doc: "ABS(X)",
        page: "mathematical_functions#abs",
        params: &[Arg::Number],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::First,
    },
    // "Returns -1, 0, or +1 for negative, zero and positive arguments"; Return Data Type: INT64,
    // NUMERIC, BIGNUMERIC, FLOAT64, each to itself. seglang takes the SIGN of BIGNUMERIC values.
    Signature {
        name: "SIGN",
        doc: "SIGN(X)",
        page: "mathematical_functions#sign",
        params: &[Arg::Number],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::First,
    },
    // "If any argument is NULL, returns NULL"; "The arguments X1, ..., XN must be coercible to a
    // common supertype, and the supertype must support ordering"; Return Data Types: "Data type
    // of the input values" (their supertype).
    Signature {
        name: "LEAST",
        doc: "LEAST(X1,...,XN)",
        page: "mathematical_functions#least",
        params: &[Arg::Orderable],
        optional: 0,
        repeats: true,
        clauses: PLAIN,
        ret: Ret::Supertype(0),
    },
    Signature {
        name: "GREATEST",
        doc: "GREATEST(X1,...,XN)",
        page: "mathematical_functions#greatest",
        params: &[Arg::Orderable],
        optional: 0,
        repeats: true,
        clauses: PLAIN,
        ret: Ret::Supertype(0),
    },
    Signature {
        name: "LENGTH",
        doc: "LENGTH(value) -- STRING: the number of characters",
        page: "string_functions#length",
        params: &[Arg::String],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::Int64,
    },
    Signature {
        name: "TRANSLATE",
        doc: "TRANSLATE(expression, source_characters, target_characters)",
        page: "string_functions#translate",
        params: &[Arg::String, Arg::String, Arg::String],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::String,
    },
    Signature {
        name: "TRIM",
        doc: "TRIM(value_to_trim[, set_of_characters_to_remove])",
        page: "string_functions#trim",
        params: &[Arg::String, Arg::String],
        optional: 1,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::String,
    },
    Signature {
        name: "MOD",
        doc: "MOD(X, Y) -- INT64 or NUMERIC; the remainder, with the sign of X",
        page: "mathematical_functions#mod",
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
        name: "UNIX_DATE",
        doc: "UNIX_DATE(date_expression)",
        page: "date_functions#unix_date",
        params: &[Arg::Date],
        optional: 0,
        repeats: false,
        clauses: PLAIN,
        ret: Ret::Int64,
    },
    Signature {
        name: "UNIX_MICROS",
        doc: "UNIX_MICROS(timestamp_expression)",
        page: "timestamp_functions#unix_micros",
        params: &[Arg::Timestamp],
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

/// Functions seglang calls with `OVER (...)`, and how. How seglang calls a window function: ranked over the whole result (`RANK() OVER (ORDER BY
/// …)`), over the whole result (`COUNT(x) OVER ()`), or summed over a moving frame of each
/// partition (a sequence's `SUM(x) OVER (PARTITION BY … ORDER BY n RANGE BETWEEN CURRENT ROW AND
/// k FOLLOWING)`). "Window function calls": a `RANGE` frame with an offset needs exactly one
/// `ORDER BY` key, of a numeric type ("use ORDER BY with the UNIX_DATE() function" for dates,
/// "UNIX_MICROS()" for timestamps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WindowUse {
    Ranked,
    Whole,
    RangeFollowing,
}

pub(super) const WINDOW_FUNCTIONS: &[(&str, WindowUse)] = &[
    ("RANK", WindowUse::Ranked),
    ("COUNT", WindowUse::Whole),
    ("SUM", WindowUse::RangeFollowing),
];

/// The calls seglang makes on BigQuery; the fixture must make every one of them.
pub(super) const EXPECTED_CALLS: &[&str] = &[
    "ABS",
    "SIGN",
    "GREATEST",
    "LEAST",
    "ARRAY_AGG",
    "DATE_ADD",
    "MOD",
    "LENGTH",
    "TRANSLATE",
    "TRIM",
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
    "UNIX_DATE",
    "UNIX_MICROS",
];

/// Words followed by `(` that are syntax, not calls (`name AS (`, `IN (`, `CAST(`, `AND (`...).
pub(super) const SYNTAX_BEFORE_PAREN: &[&str] = &[
    "ALL", "AND", "AS", "BY", "CASE", "CAST", "ELSE", "EXTRACT", "FROM", "IN", "JOIN", "NOT", "ON",
    "OR", "OVER", "SELECT", "THEN", "UNION", "WHEN", "WHERE",
];
