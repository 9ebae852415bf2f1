//! KPIs on BigQuery: the KPI statements of the KPI fixture and of the retail example (sums of
//! products, counts of conditions, `next` windows beside the features of the past) checked
//! against BigQuery's documented signatures.

use super::fixture::assert_documented;
use crate::compile::compile_all;
use crate::support::{date, program};
use seglang::ir::AsOf;
use seglang::sql::Target;
use seglang::Statements;

#[test]
fn kpi_statements_match_documented_bigquery_signatures() {
    let fixture = program(&[("kpis.seg", include_str!("../../fixtures/kpis.seg"))]);
    let retail = crate::sql_snapshots::example_projects()
        .into_iter()
        .find(|p| p.name == "retail")
        .expect("the retail example");
    for program in [&fixture, &retail.program] {
        let compiled = compile_all(
            program,
            AsOf::Fixed(date("2026-03-31")),
            Target::BigQuery,
            Statements::Kpis,
        );
        let statements: Vec<(String, String)> = (compiled.statements.into_iter())
            .map(|s| (format!("kpis of {}", s.entity), s.sql))
            .collect();
        assert!(!statements.is_empty(), "the project has KPIs");
        assert_documented(program, &statements);
    }
}
