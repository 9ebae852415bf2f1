//! PostgreSQL 12 and later: standard quoting and strings, `FILTER`, date minus integer, the
//! byte-wise collation `"C"`. Every value links the page of the PostgreSQL manual behind it.

use super::dialect::{
    DecimalLiterals, DecimalTypes, Dialect, Escapes, ExactArithmetic, Identifiers, IntegerDivision,
    Intervals, Md5, NullOrdering, Scripts, Semantics, StagingTables, TimeZones, TypeNames,
    UnquotedCase, Upserts,
};
use super::tree::SqlExpr;

/// PostgreSQL's capabilities and spellings.
pub const POSTGRES: Dialect = Dialect {
    name: "postgres",
    // https://www.postgresql.org/docs/current/sql-syntax-lexical.html
    // Unquoted names fold to lower case; a double quote inside a quoted name is written twice.
    identifiers: Identifiers {
        quote: '"',
        unquoted: UnquotedCase::FoldsToLower,
        escapes: Escapes::DoubledQuote,
    },
    // https://www.postgresql.org/docs/current/sql-syntax-lexical.html
    // With standard_conforming_strings (the default) a backslash in '…' is an ordinary character.
    string_escapes: Escapes::DoubledQuote,
    // https://www.postgresql.org/docs/current/sql-syntax-lexical.html
    // A numeric constant with a decimal point is presumed to be numeric, not floating-point.
    decimal_literals: DecimalLiterals::Bare,
    // https://www.postgresql.org/docs/current/functions-datetime.html
    // Intervals are quoted quantities: `interval '1 hour'`.
    intervals: Intervals::QuotedQuantity,
    // https://www.postgresql.org/docs/current/arrays.html
    // Arrays count from one.
    first_element_subscript: "[1]",
    // https://www.postgresql.org/docs/current/queries-order.html
    // Nulls sort as larger than any value, so first when descending.
    null_ordering: NullOrdering::Varies,
    // https://www.postgresql.org/docs/current/datatype-numeric.html
    types: TypeNames {
        string: "TEXT",
        int: "BIGINT",
        bool: "BOOLEAN",
        date: "DATE",
        timestamp: "TIMESTAMP",
    },
    // https://www.postgresql.org/docs/current/datatype-numeric.html
    // NUMERIC without a precision keeps every digit.
    decimals: DecimalTypes::Parameterised { cast: "NUMERIC" },
    // https://www.postgresql.org/docs/current/sql-expressions.html
    // Aggregate expressions take `FILTER (WHERE …)` and an `ORDER BY` inside the call.
    aggregate_filter: true,
    ordered_array_aggregate: true,
    // https://www.postgresql.org/docs/current/functions-math.html
    // For integral types, division truncates the result towards zero.
    integer_division: IntegerDivision::Slash,
    // https://www.postgresql.org/docs/current/datatype-numeric.html
    // NUMERIC keeps every digit of a sum or product; div(y, x) truncates a numeric quotient.
    exact_arithmetic: ExactArithmetic {
        whole: "NUMERIC",
        decimals: None,
        division: IntegerDivision::Function("DIV"),
    },
    // https://www.postgresql.org/docs/current/functions-string.html
    // md5 returns its result in hexadecimal, as text.
    md5: Md5::Hex,
    // https://www.postgresql.org/docs/current/functions-matching.html#FUNCTIONS-LIKE
    like_escape_clause: true,
    // https://www.postgresql.org/docs/current/collation.html
    // The "C" collation orders by bytes; the database's default collation may follow a locale.
    bytewise_collation: Some("\"C\""),
    // https://www.postgresql.org/docs/current/functions-datetime.html
    // timezone(zone, timestamp) reads now() as a timestamp in that zone.
    current_date_utc: "TIMEZONE('UTC', NOW())",
    // https://www.postgresql.org/docs/current/functions-datetime.html#FUNCTIONS-DATETIME-ZONECONVERT
    // timestamp AT TIME ZONE 'UTC' is the instant; timestamptz AT TIME ZONE zone its wall time.
    time_zones: TimeZones::AtTimeZone,
    // https://www.postgresql.org/docs/current/queries-with.html#QUERIES-WITH-CTE-MATERIALIZATION
    // Since PostgreSQL 12 a CTE read once is folded into the query unless it says MATERIALIZED;
    // then the filters over the aggregates reach the joins, are estimated at a row or two and
    // turn the joins into nested loops.
    materialized_ctes: true,
    // https://www.postgresql.org/docs/current/sql-createtable.html
    // ON COMMIT DROP drops a temporary table at the end of its transaction. There is no
    // CREATE OR REPLACE TABLE. MERGE exists from PostgreSQL 15 only (and its WHEN NOT MATCHED BY
    // SOURCE from 17): UPDATE … FROM, DELETE and INSERT serve every supported version.
    scripts: Scripts {
        begin: "BEGIN",
        commit: "COMMIT",
        staging: StagingTables::DropOnCommit,
        replace_table: false,
        upserts: Upserts::UpdateDeleteInsert,
    },
};

/// PostgreSQL's hooks.
pub struct Postgres;

impl Semantics for Postgres {
    fn dialect(&self) -> &'static Dialect {
        &POSTGRES
    }

    fn days_between(&self, from: SqlExpr, to: SqlExpr) -> SqlExpr {
        // date - date is the number of days elapsed.
        SqlExpr::binary("-", to, from)
    }

    fn epoch_micros(&self, timestamp: SqlExpr) -> SqlExpr {
        // https://www.postgresql.org/docs/current/functions-datetime.html: EXTRACT(EPOCH ...) of
        // a timestamp is exact numeric seconds (microseconds in the fraction).
        let seconds = SqlExpr::Extract {
            field: "EPOCH",
            expr: Box::new(timestamp),
        };
        SqlExpr::cast(
            SqlExpr::binary("*", seconds, SqlExpr::Int(1_000_000)),
            "BIGINT",
        )
    }

    fn trim_spaces(&self, text: SqlExpr) -> SqlExpr {
        // https://www.postgresql.org/docs/current/functions-string.html
        // TRIM takes its characters in SQL syntax (`TRIM(BOTH ' ' FROM x)`); btrim is the call.
        SqlExpr::func("BTRIM", vec![text, SqlExpr::Str(" ".into())])
    }

    fn ends_with(&self, value: SqlExpr, suffix: SqlExpr) -> SqlExpr {
        // PostgreSQL has starts_with but no ends_with.
        let tail = SqlExpr::func(
            "RIGHT",
            vec![value, SqlExpr::func("LENGTH", vec![suffix.clone()])],
        );
        SqlExpr::binary("=", tail, suffix)
    }
}
