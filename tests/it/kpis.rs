//! KPI edge rows (`fixtures/kpis.seg`) on DuckDB, PostgreSQL and the reference evaluator: the
//! sums of every rule are identical on the three, and the values are the ones worked out by
//! hand — an empty segment whose every KPI is missing, a control group with no member, a tie at
//! a share's threshold, missing values left out of a mean, rows after the evaluation date read
//! by `next` windows only (one that runs past the end of the data), a spend over a count, and a
//! per-member quotient rounded before it is added up. Then the retail example's KPIs, from its
//! sample data, agree on DuckDB and the reference evaluator.

use crate::pg_server::PgServer;
use crate::support::*;
use seglang::check::typed::Program;
use seglang::ir::{lower_stages, AsOf, Plan};
use seglang::kpis::{kpi_report, KpiReport, KpiSums};
use seglang::run::engine::Engine;
use seglang::run::kpis::kpi_sums;
use seglang::sql::{create_tables, Target};
use seglang::value::Date;

const KPIS: &str = include_str!("../fixtures/kpis.seg");
const KPIS_DATA: &str = include_str!("../fixtures/kpis_data.sql");

/// Every segment's plans and every segmentation's stage plans, as `seg run --kpis` runs them.
fn all_plans(program: &Program, as_of: Date) -> Vec<Plan> {
    let mut plans = seglang::plan(program, AsOf::Fixed(as_of), &[]).expect("plans");
    plans.extend(
        (0..program.segmentations.len()).map(|i| lower_stages(program, AsOf::Fixed(as_of), i)),
    );
    plans
}

/// The KPI sums of `plans` on the reference evaluator, DuckDB and PostgreSQL.
fn sums_everywhere(program: &Program, plans: &[Plan], data: &str, as_of: Date) -> [KpiSums; 3] {
    let conn = duckdb::Connection::open_in_memory().expect("DuckDB opens in memory");
    for ddl in create_tables(&program.schema, Target::DuckDb) {
        conn.execute_batch(&ddl).expect("DDL runs on DuckDB");
    }
    conn.execute_batch(data)
        .expect("fixture data loads on DuckDB");
    let dataset = dataset_from_duckdb(&conn, program);
    let mut reference = KpiSums::default();
    for plan in plans {
        let found = seglang::run::reference::evaluate_kpis(plan, &dataset, as_of)
            .expect("the reference evaluates the KPIs");
        reference.extend(found);
    }
    let duckdb = kpi_sums(&mut Engine::DuckDb(conn), plans).expect("DuckDB runs the KPIs");
    let server = PgServer::start().expect("a PostgreSQL server can be started for the tests");
    let mut client = server.connect();
    load_postgres(&mut client, program, data);
    let postgres =
        kpi_sums(&mut Engine::Postgres(Box::new(client)), plans).expect("PostgreSQL runs the KPIs");
    [reference, duckdb, postgres]
}

/// The value of `kpi` on `segment`, as `seg run --kpis --format json` gives it.
fn value(report: &KpiReport, kpi: &str, segment: &str) -> Option<String> {
    report
        .kpis
        .iter()
        .find(|r| r.kpi == kpi && r.segment == segment)
        .unwrap_or_else(|| panic!("no row for kpi {kpi} on {segment}"))
        .group
        .value
        .clone()
}

#[test]
fn kpi_edge_rows_agree_on_duckdb_postgres_and_the_reference_with_the_values_worked_out() {
    let program = program(&[("kpis.seg", KPIS)]);
    let as_of = date("2026-03-31");
    let plans = all_plans(&program, as_of);
    let [reference, duckdb, postgres] = sums_everywhere(&program, &plans, KPIS_DATA, as_of);
    assert_eq!(
        duckdb, reference,
        "DuckDB's sums differ from the reference's"
    );
    assert_eq!(
        postgres, reference,
        "PostgreSQL's sums differ from the reference's"
    );
    let report = kpi_report(&plans, &reference);
    let v = |kpi: &str, segment: &str| value(&report, kpi, segment);
    let some = |text: &str| Some(text.to_string());
    // Scores 10, 5, 7 and 3; p2's and p5's are missing.
    assert_eq!(v("avg_score", "everyone"), some("6.250000"));
    // Rows after the evaluation date are not purchases of the past: p2's 99.00, p3's 50.00
    // and p4's 40.00 are left out, though `next` windows of the same table read them.
    assert_eq!(v("total_amount", "everyone"), some("70.650000"));
    assert_eq!(v("basket", "everyone"), some("11.775000"));
    // p1 and p3 bought exactly twice: a tie at `>= 2` counts.
    assert_eq!(v("regulars", "everyone"), some("0.333333"));
    // p2 and p3 bought 31 to 60 days before; p3 came back in the last 30 days.
    assert_eq!(v("returning", "everyone"), some("0.500000"));
    // p1 bought on the evaluation date (no conversion), p2 the day after, p3 seven days after;
    // p4 eight days after, which only the 30-day window sees, past the end of the data.
    assert_eq!(v("converted", "everyone"), some("0.333333"));
    assert_eq!(v("converted_30", "everyone"), some("0.500000"));
    // p2 joined 16 days before, p3 on the evaluation date: 90.00 / 2.
    assert_eq!(v("cost_per_new", "everyone"), some("45.000000"));
    // Search spend from 2026-03-02 to the evaluation date: 40.00 + 25.50 (100.00 is 30 days
    // before, 1000.00 the day after, one amount is missing), over p2 and p3.
    assert_eq!(v("search_cost_per_new", "everyone"), some("32.750000"));
    // The spring campaign from 2026-04-01 to 2026-04-07: 30.00 + 12.25 (5.00 on the evaluation
    // date and 70.00 eight days after are out), plus 90.00, over p2 and p3 who bought then.
    assert_eq!(v("spring_cost_per_buyer", "everyone"), some("66.125000"));
    // The same spend for every group: p3 alone among the buyers' treatment group.
    assert_eq!(v("spring_cost_per_buyer", "buyers"), some("132.250000"));
    // 20.00 − 50.00 is below 0: missing.
    assert_eq!(v("social_cost", "everyone"), None);
    assert_eq!(
        reference.booked.len(),
        3,
        "three sums booked in costs tables"
    );
    // 30.10 / 3 = 10.033333333, 15.00 / 3, 20.00 / 3 = 6.666666667, 0, 0, 5.55 / 3: 23.55 / 6.
    assert_eq!(v("third", "everyone"), some("3.925000"));
    // Only for the segment named, its control group included.
    assert_eq!(v("buyers_score", "buyers"), some("4.000000"));
    assert_eq!(v("buyers_score", "buyers:control"), some("10.000000"));
    assert!(report
        .kpis
        .iter()
        .all(|r| r.kpi != "buyers_score" || r.segment.starts_with("buyers")));
    // An empty segment: every KPI is missing, a total too.
    for row in report.kpis.iter().filter(|r| r.segment == "nobody") {
        assert_eq!(row.group.value, None, "{} on an empty segment", row.kpi);
        assert_eq!(row.group.members, 0);
    }
    // A control group with no member: the treatment's value, no control value, no test.
    let solo = report
        .kpis
        .iter()
        .find(|r| r.kpi == "avg_score" && r.segment == "solo")
        .expect("avg_score on solo");
    assert_eq!(solo.group.value, some("3.000000"));
    let uplift = solo.uplift.as_ref().expect("solo has a holdout");
    assert_eq!(uplift.control.value, None);
    assert!(uplift.test.is_none());
    let why = uplift.no_test.as_deref().unwrap_or_default();
    assert!(why.contains("control group"), "why there is no test: {why}");
}

#[test]
fn the_retail_kpis_agree_on_duckdb_and_the_reference_evaluator() {
    let as_of = date("2026-11-22");
    let (program, conn) = retail_on_duckdb();
    let plans = all_plans(&program, as_of);
    let dataset = dataset_from_duckdb(&conn, &program);
    let mut reference = KpiSums::default();
    for plan in &plans {
        let found = seglang::run::reference::evaluate_kpis(plan, &dataset, as_of)
            .expect("the reference evaluates the retail KPIs");
        reference.extend(found);
    }
    let duckdb = kpi_sums(&mut Engine::DuckDb(conn), &plans).expect("DuckDB runs the KPIs");
    assert_eq!(duckdb, reference);
    // Every KPI of the example has a row for the treatment group of a segment with a holdout,
    // compared with its control group.
    let report = kpi_report(&plans, &reference);
    let compared = report
        .kpis
        .iter()
        .filter(|r| r.segment == "win_back" && r.uplift.is_some())
        .count();
    assert_eq!(compared, program.kpis.len());
}

/// The retail example, checked, and its sample data in an embedded DuckDB.
fn retail_on_duckdb() -> (Program, duckdb::Connection) {
    let program = crate::run::example("retail");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/retail/data");
    let conn = duckdb::Connection::open_in_memory().expect("DuckDB opens in memory");
    seglang::run::load::load_directory(&conn, &program.schema, &dir)
        .expect("the sample data loads");
    (program, conn)
}
