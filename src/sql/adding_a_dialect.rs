//! The recipe of ARCHITECTURE.md ("Adding a dialect"), followed for two toy dialects: one without
//! a `FILTER` clause or `ARRAY_AGG`, as Redshift, and one whose sort keys need no `NULLS LAST`,
//! as ClickHouse. Each is a table built from an existing one plus the one hook without a
//! default; real plans go through them.

use super::dialect::{Dialect, NullOrdering, Semantics};
use super::duckdb::DUCKDB;
use super::errors::{Construct, EmitError};
use super::postgres::POSTGRES;
use super::tree::SqlExpr;
use super::{emit, emit_with, Form, Naming, Target};
use crate::check::CheckOptions;
use crate::ir::{lower, AsOf, LowerOptions, Plan};
use crate::value::Date;

/// PostgreSQL's spellings without a `FILTER` clause or `ARRAY_AGG`, as on Redshift
/// (<https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-functions.html>).
const REDSHIFT: Dialect = Dialect {
    name: "redshift",
    aggregate_filter: false,
    ordered_array_aggregate: false,
    // Redshift's WITH clause is PostgreSQL 8's: no `MATERIALIZED`.
    materialized_ctes: false,
    ..POSTGRES
};

struct Redshift;

impl Semantics for Redshift {
    fn dialect(&self) -> &'static Dialect {
        &REDSHIFT
    }

    fn days_between(&self, from: SqlExpr, to: SqlExpr) -> SqlExpr {
        SqlExpr::binary("-", to, from)
    }

    fn epoch_micros(&self, timestamp: SqlExpr) -> SqlExpr {
        // https://docs.aws.amazon.com/redshift/latest/dg/r_DATEDIFF_function.html
        SqlExpr::func(
            "DATEDIFF",
            vec![
                SqlExpr::Keyword("microsecond"),
                SqlExpr::Keyword("'epoch'::timestamp"),
                timestamp,
            ],
        )
    }
}

/// DuckDB's spellings where missing values sort last in either direction, as on ClickHouse
/// (<https://clickhouse.com/docs/sql-reference/statements/select/order-by>).
const CLICKHOUSE: Dialect = Dialect {
    name: "clickhouse",
    null_ordering: NullOrdering::AlwaysLast,
    ..DUCKDB
};

struct ClickHouse;

impl Semantics for ClickHouse {
    fn dialect(&self) -> &'static Dialect {
        &CLICKHOUSE
    }

    fn days_between(&self, from: SqlExpr, to: SqlExpr) -> SqlExpr {
        SqlExpr::func("DATE_DIFF", vec![SqlExpr::Str("day".into()), from, to])
    }

    fn epoch_micros(&self, timestamp: SqlExpr) -> SqlExpr {
        // https://clickhouse.com/docs/sql-reference/functions/date-time-functions
        SqlExpr::func("toUnixTimestamp64Micro", vec![timestamp])
    }
}

const SCHEMA: &str = r#"
entity customers {
  key customer_id: string
}

facts orders of customers(customer_id) at ordered_at {
  ordered_at: timestamp
  amount: decimal(12, 2)
  channel: enum("store", "web")
}
"#;

/// The plans of the toy schema plus `segments`, as of a fixed date.
fn plans(segments: &str) -> Vec<Plan> {
    let analysis = crate::analyze_sources(
        &[("segments.seg", segments), ("schema.seg", SCHEMA)],
        &CheckOptions::default(),
    );
    let Some(program) = analysis.program else {
        panic!("the toy project checks: {:?}", analysis.diagnostics);
    };
    let as_of = Date::parse("2026-03-31").expect("a valid date");
    lower(
        &program,
        &LowerOptions {
            as_of: AsOf::Fixed(as_of),
            segments: Vec::new(),
        },
    )
}

/// The membership statement of `segments` through `d`.
fn membership(segments: &str, d: &dyn Semantics) -> Result<String, EmitError> {
    emit_with(&plans(segments)[0], Form::Membership, d, &Naming::PLAIN)
}

const FILTERED: &str = r#"
use "schema.seg"
segment web_buyers on customers { where orders.count(where channel = "web") >= 2 }
segment web_spenders on customers { where orders.sum(amount, where channel = "web") >= 100 }
"#;

#[test]
fn filtered_aggregates_fall_back_to_case_without_a_filter_clause() {
    let sql = membership(FILTERED, &Redshift).expect("redshift expresses filtered aggregates");
    assert!(sql.contains("for redshift"), "{sql}");
    assert!(
        sql.contains("COUNT(CASE WHEN orders.channel = 'web' THEN 1 END)"),
        "{sql}"
    );
    assert!(
        sql.contains("SUM(CASE WHEN orders.channel = 'web' THEN orders.amount END)"),
        "{sql}"
    );
    assert!(!sql.contains("FILTER") && !sql.contains("COUNTIF"), "{sql}");
    let postgres = emit(&plans(FILTERED)[0], Form::Membership, Target::Postgres);
    let postgres = postgres.expect("postgres expresses filtered aggregates");
    assert!(
        postgres.contains("COUNT(*) FILTER (WHERE orders.channel = 'web')"),
        "{postgres}"
    );
}

const LAST: &str = r#"
use "schema.seg"
segment last_big on customers { where orders.last(amount) >= 50 }
"#;

#[test]
fn first_and_last_without_an_ordered_aggregate_are_an_error_naming_the_dialect() {
    let error = membership(LAST, &Redshift).expect_err("redshift has no ARRAY_AGG");
    assert_eq!(
        error,
        EmitError::Unsupported {
            dialect: "redshift",
            construct: Construct::FirstOrLast,
        }
    );
    let code = miette::Diagnostic::code(&error).map(|c| c.to_string());
    assert_eq!(code.as_deref(), Some("E0800"));
    assert!(error.to_string().starts_with("redshift cannot express"));
    for target in Target::ALL {
        let plan = &plans(LAST)[0];
        assert!(emit(plan, Form::Membership, target).is_ok(), "{target}");
    }
}

const SCORED: &str = r#"
use "schema.seg"
rfm value on customers over orders {
  window last 730 days
  scores 5
  monetary sum(amount)
}
segment best on customers { where value.r >= 4 }
"#;

#[test]
fn sort_keys_need_no_nulls_clause_where_missing_values_always_sort_last() {
    let sql = membership(SCORED, &ClickHouse).expect("clickhouse expresses scores");
    assert!(sql.contains("RANK() OVER (ORDER BY"), "{sql}");
    assert!(!sql.contains("NULLS LAST"), "{sql}");
    let duckdb = emit(&plans(SCORED)[0], Form::Membership, Target::DuckDb);
    let duckdb = duckdb.expect("duckdb expresses scores");
    assert!(duckdb.contains(" NULLS LAST)"), "{duckdb}");
}
