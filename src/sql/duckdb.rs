//! DuckDB 1.x: PostgreSQL-like quoting and `FILTER`, `//` for integer division, `date_diff` for
//! day counts. Every value links the page of the DuckDB documentation behind it.

use super::dialect::{
    DecimalLiterals, DecimalTypes, Dialect, Escapes, ExactArithmetic, Identifiers, IntegerDivision,
    Intervals, Md5, NullOrdering, Scripts, Semantics, StagingTables, TimeZones, TypeNames,
    UnquotedCase, Upserts,
};
use super::tree::SqlExpr;

/// DuckDB's capabilities and spellings.
pub const DUCKDB: Dialect = Dialect {
    name: "duckdb",
    // https://duckdb.org/docs/stable/sql/dialect/keywords_and_identifiers
    // Double quotes, escaped by repeating them. Unquoted names resolve case-insensitively, so
    // names that are not lowercase keep their quotes, as on PostgreSQL.
    identifiers: Identifiers {
        quote: '"',
        unquoted: UnquotedCase::FoldsToLower,
        escapes: Escapes::DoubledQuote,
    },
    // https://duckdb.org/docs/stable/sql/data_types/literal_types
    // A quote inside '…' is doubled; a backslash is an ordinary character.
    string_escapes: Escapes::DoubledQuote,
    // https://duckdb.org/docs/stable/sql/data_types/literal_types
    // Decimal notation, `1.5`, is an exact decimal literal.
    decimal_literals: DecimalLiterals::Bare,
    // https://duckdb.org/docs/lts/sql/functions/date
    // `DATE '1992-03-27' - INTERVAL 5 DAY`.
    intervals: Intervals::UnitKeyword,
    // https://duckdb.org/docs/lts/sql/dialect/indexing
    // Lists count from one.
    first_element_subscript: "[1]",
    // https://duckdb.org/docs/stable/sql/query_syntax/orderby
    // NULLS LAST by default, but the default null order is a setting of the session.
    null_ordering: NullOrdering::Varies,
    // https://duckdb.org/docs/sql/data_types/numeric.html
    types: TypeNames {
        string: "VARCHAR",
        int: "BIGINT",
        bool: "BOOLEAN",
        date: "DATE",
        timestamp: "TIMESTAMP",
    },
    // https://duckdb.org/docs/sql/data_types/numeric.html
    // DECIMAL(WIDTH, SCALE) up to 38 digits; a bare DECIMAL is narrower than the plan needs.
    decimals: DecimalTypes::Parameterised {
        cast: "DECIMAL(38, 9)",
    },
    // https://duckdb.org/docs/stable/sql/query_syntax/filter
    aggregate_filter: true,
    // https://duckdb.org/docs/sql/aggregates
    // Aggregates take an ORDER BY inside the call.
    ordered_array_aggregate: true,
    // https://duckdb.org/docs/sql/postgresql_compatibility
    // `/` on integers is exact division in DuckDB; `//` truncates.
    integer_division: IntegerDivision::Operator("//"),
    // https://duckdb.org/docs/stable/sql/data_types/numeric
    // HUGEINT holds 38 digits; DECIMAL products widen to DECIMAL(38, s) and fail on overflow
    // rather than round; `//` divides integers.
    exact_arithmetic: ExactArithmetic {
        whole: "HUGEINT",
        decimals: None,
        division: IntegerDivision::Operator("//"),
    },
    // https://duckdb.org/docs/preview/sql/functions/utility.html
    // md5 returns the hash as hexadecimal text.
    md5: Md5::Hex,
    // https://duckdb.org/docs/sql/functions/pattern_matching
    like_escape_clause: true,
    // https://duckdb.org/docs/lts/sql/expressions/collations
    // The default BINARY collation compares strings by their bytes.
    bytewise_collation: None,
    // https://duckdb.org/docs/sql/data_types/timestamp
    // Microseconds since the epoch read back as a plain timestamp: the UTC moment, with or
    // without the ICU extension (which `CURRENT_DATE` needs and an offline engine lacks).
    current_date_utc: "MAKE_TIMESTAMP(EPOCH_US(GET_CURRENT_TIMESTAMP()))",
    // https://duckdb.org/docs/stable/sql/data_types/timezones
    // Named zones (AT TIME ZONE, timezone()) come with the ICU extension, which the bundled,
    // offline engine lacks: `SELECT timezone('Europe/Paris', TIMESTAMPTZ '2026-01-01')` fails
    // there. The compiler writes the zone's offsets into the statement instead.
    time_zones: TimeZones::CompilerOffsets,
    // https://duckdb.org/docs/stable/sql/query_syntax/with
    // DuckDB takes `AS MATERIALIZED` too, but its planner needs no fence here: its joins stay
    // hash joins whatever it estimates (docs/performance.md).
    materialized_ctes: false,
    // https://duckdb.org/docs/stable/sql/statements/create_table
    // CREATE OR REPLACE [TEMP] TABLE exists; temporary tables belong to the connection. MERGE INTO
    // arrived in DuckDB 1.4; the engine bundled here is 1.2, so UPDATE … FROM, DELETE and INSERT.
    scripts: Scripts {
        begin: "BEGIN TRANSACTION",
        commit: "COMMIT",
        staging: StagingTables::Replace,
        replace_table: true,
        upserts: Upserts::UpdateDeleteInsert,
    },
};

/// DuckDB's hooks.
pub struct DuckDb;

impl Semantics for DuckDb {
    fn dialect(&self) -> &'static Dialect {
        &DUCKDB
    }

    fn days_between(&self, from: SqlExpr, to: SqlExpr) -> SqlExpr {
        // https://duckdb.org/docs/lts/sql/functions/date: date_diff(part, startdate, enddate).
        SqlExpr::func("DATE_DIFF", vec![SqlExpr::Str("day".into()), from, to])
    }

    fn epoch_micros(&self, timestamp: SqlExpr) -> SqlExpr {
        // https://duckdb.org/docs/lts/sql/functions/timestamp: epoch_us(timestamp), a BIGINT.
        SqlExpr::func("EPOCH_US", vec![timestamp])
    }
}
