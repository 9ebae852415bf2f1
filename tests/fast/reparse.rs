//! Every generated statement re-parses with sqlparser's dialect for its target.

use crate::compile::compile_all;
use crate::support::*;
use seglang::ir::AsOf;
use seglang::sql::Target;
use seglang::Statements;
use sqlparser::dialect::{BigQueryDialect, Dialect, DuckDbDialect, PostgreSqlDialect};
use sqlparser::parser::Parser;

fn parser_dialect(target: Target) -> Box<dyn Dialect> {
    match target {
        Target::Postgres => Box::new(PostgreSqlDialect {}),
        Target::BigQuery => Box::new(BigQueryDialect {}),
        Target::DuckDb => Box::new(DuckDbDialect {}),
    }
}

/// Parses `sql` with the target's dialect, failing with the statement when it does not parse;
/// returns the number of statements.
pub fn assert_parses(sql: &str, target: Target) -> usize {
    let dialect = parser_dialect(target);
    match Parser::parse_sql(dialect.as_ref(), sql) {
        Ok(statements) => statements.len(),
        Err(e) => panic!("{target} SQL does not parse with sqlparser: {e}\n{sql}"),
    }
}

#[test]
fn every_example_statement_parses_in_its_dialect() {
    for project in crate::sql_snapshots::example_projects() {
        for target in Target::ALL {
            for (_, sql) in crate::sql_snapshots::statements(&project.program, target) {
                assert_parses(&sql, target);
            }
        }
    }
}

#[test]
fn edge_fixture_statements_parse_in_every_dialect() {
    let program = program(&[("edge.seg", include_str!("../fixtures/edge.seg"))]);
    for target in Target::ALL {
        for sql in membership_sql(&program, date("2026-03-31"), target) {
            assert_parses(&sql, target);
        }
    }
}

#[test]
fn time_zone_fixture_statements_parse_in_every_dialect() {
    let program = program(&[("zones.seg", include_str!("../fixtures/zones.seg"))]);
    for target in Target::ALL {
        for sql in membership_sql(&program, date("2026-11-30"), target) {
            assert_parses(&sql, target);
        }
        let today = compile_all(&program, AsOf::Today, target, Statements::Membership);
        for statement in today.statements {
            assert_parses(&statement.sql, target);
        }
    }
}
