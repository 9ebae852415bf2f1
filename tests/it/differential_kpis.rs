//! Random KPIs for the differential tests: over the random segments, holdouts, stages and
//! models of `differential.rs`, and its NULL-heavy data (events one and two days after the
//! evaluation date among them), random `mean`, `total`, `ratio`, `share … among` and `cost … per`
//! measures, some reading `next N days` beside the past of the same table, must give every rule
//! identical counts and sums on the reference evaluator, DuckDB and PostgreSQL.

use crate::differential::{aggregate_test, as_of, case, column_test, compile, dataset};
use crate::generated::combined;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use seglang::check::typed::Program;
use seglang::ir::{lower_stages, AsOf, Plan};
use seglang::kpis::KpiSums;
use seglang::run::engine::Engine;
use seglang::run::kpis::kpi_sums;
use seglang::sql::{insert_statements, Target};
use seglang::value::Dataset;

/// A number per person: columns, aggregates (of the past and of the days after), a quotient,
/// arithmetic, a score.
fn number() -> BoxedStrategy<String> {
    prop::sample::select(vec![
        "age",
        "score",
        "events.sum(amount)",
        "events.count()",
        "events.sum(amount, last 30 days)",
        "events.count(where kind = \"x\", last 90 days)",
        "events.count(next 1 days)",
        "events.sum(amount, next 2 days)",
        "events.sum(amount) / events.count()",
        "score * 2 - age",
        "events.avg(amount) otherwise 0",
        "value.r",
    ])
    .prop_map(str::to_string)
    .boxed()
}

/// A condition per person, sometimes on the days after the evaluation date.
fn condition() -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        3 => column_test().boxed(),
        3 => aggregate_test().boxed(),
        1 => Just("events.any(next 1 days)".to_string()).boxed(),
        1 => Just("events.any(where kind = \"y\", next 2 days)".to_string()).boxed(),
        1 => Just("in s1".to_string()).boxed(),
    ];
    combined(leaf.boxed())
}

/// Six KPIs, one of each measure and one for `s1` only.
fn kpis() -> impl Strategy<Value = String> {
    (
        number(),
        number(),
        (number(), number()),
        (condition(), prop::option::of(condition())),
        condition(),
        number(),
    )
        .prop_map(|(mean, total, (x, y), (holds, among), per, only)| {
            let among = among.map_or(String::new(), |a| format!(" among {a}"));
            format!(
                "kpi k0 on people = mean({mean})\nkpi k1 on people = total({total})\n\
                 kpi k2 on people = ratio({x}, {y})\nkpi k3 on people = share({holds}{among})\n\
                 kpi k4 on people = cost(12.50 per {per})\nkpi k5 on people for s1 = mean({only})\n"
            )
        })
}

/// The plans `seg run --kpis` runs: the segments' and the stages'.
fn all_plans(program: &Program) -> Vec<Plan> {
    let as_of = AsOf::Fixed(as_of());
    let mut plans = seglang::plan(program, as_of, &[]).expect("plans");
    plans.extend((0..program.segmentations.len()).map(|i| lower_stages(program, as_of, i)));
    plans
}

fn agree(pg: &mut Engine, source: &str, data: &Dataset) -> Result<(), TestCaseError> {
    let program = compile(source)?;
    let plans = all_plans(&program);
    sums_agree(pg, &program, &plans, data, source).map(|_| ())
}

/// The KPI sums of `plans` over `data` on the reference evaluator, DuckDB and PostgreSQL (whose
/// tables of the program are emptied first), which must be identical; the reference's sums.
pub(crate) fn sums_agree(
    pg: &mut Engine,
    program: &Program,
    plans: &[Plan],
    data: &Dataset,
    source: &str,
) -> Result<KpiSums, TestCaseError> {
    let fail = |what: &str, e: String| TestCaseError::fail(format!("{what}: {e}\n{source}"));
    let mut reference = KpiSums::default();
    for plan in plans {
        let found = seglang::run::reference::evaluate_kpis(plan, data, as_of())
            .map_err(|e| fail("reference", e.to_string()))?;
        reference.extend(found);
    }
    let conn = duckdb::Connection::open_in_memory().map_err(|e| fail("DuckDB", e.to_string()))?;
    seglang::run::load::create_empty_tables(&conn, &program.schema)
        .map_err(|e| fail("DuckDB", e.to_string()))?;
    let mut duck = Engine::DuckDb(conn);
    for insert in insert_statements(&program.schema, data, Target::DuckDb) {
        duck.batch(&insert)
            .map_err(|e| fail("DuckDB", e.to_string()))?;
    }
    let duckdb = kpi_sums(&mut duck, plans).map_err(|e| fail("DuckDB", e.to_string()))?;
    let tables: Vec<String> = (program.schema.declared_tables().into_iter())
        .map(|(_, path, _)| path.0.join("."))
        .collect();
    pg.batch(&format!("TRUNCATE {}", tables.join(", ")))
        .map_err(|e| fail("PostgreSQL", e.to_string()))?;
    for insert in insert_statements(&program.schema, data, Target::Postgres) {
        pg.batch(&insert)
            .map_err(|e| fail("PostgreSQL", e.to_string()))?;
    }
    let postgres = kpi_sums(pg, plans).map_err(|e| fail("PostgreSQL", e.to_string()))?;
    prop_assert_eq!(
        &duckdb,
        &reference,
        "DuckDB against the reference\n{}",
        source
    );
    prop_assert_eq!(
        &postgres,
        &reference,
        "PostgreSQL against the reference\n{}",
        source
    );
    Ok(reference)
}

#[test]
#[allow(
    clippy::print_stderr,
    reason = "the number of cases run is part of the test's report"
)]
fn random_kpis_agree_on_reference_duckdb_and_postgres() {
    let schema = compile("").expect("the differential schema checks");
    let cases = (case(), kpis(), dataset());
    let ran = crate::support::run_differential(&schema, cases, |pg, (segments, kpis, data)| {
        agree(pg, &format!("{segments}{kpis}"), &data)
    });
    eprintln!("differential KPIs: {ran} cases agreed on reference, DuckDB and PostgreSQL");
}
