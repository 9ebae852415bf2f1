//! KPI declarations without an engine: what the checker refuses (a `for` segment unknown or of
//! another entity, `next` inside a sequence), the KPI statement's shape (one pass per facts
//! table, the past and the future of one table in one scan), its SQL on every dialect
//! (snapshots, re-parsed), the formatter's layout and `seg explain`.

use crate::compile::compile_all;
use crate::reparse::assert_parses;
use crate::support::{date, program};
use seglang::check::CheckOptions;
use seglang::ir::AsOf;
use seglang::sql::Target;
use seglang::Statements;

const FIXTURE: &str = include_str!("../fixtures/kpis.seg");

const SCHEMA: &str = r#"
entity people from "qa.people" {
  key id: string
}
entity shops from "qa.shops" {
  key shop_id: string
}
facts buys of people(person_id) from "qa.buys" at bought_on {
  person_id: string
  bought_on: date
  amount: decimal(10, 2)
}
facts visits of people(person_id) from "qa.visits" at visited_on {
  person_id: string
  visited_on: date
}
costs ads from "qa.ads" at spent_on {
  spent_on: date
  channel: string
  amount: decimal(10, 2)
  note: string special
}
segment everyone on people {
  owner "qa"
}
segment all_shops on shops {
  owner "qa"
}
"#;

/// The codes `source` gives beside [`SCHEMA`].
fn codes(source: &str) -> Vec<String> {
    let analysis = seglang::analyze_sources(
        &[("schema.seg", SCHEMA), ("kpis.seg", source)],
        &CheckOptions::default(),
    );
    analysis.diagnostics.iter().map(|d| d.code()).collect()
}

#[test]
fn a_for_segment_must_exist_and_be_of_the_kpis_entity() {
    assert_eq!(
        codes("kpi n on people for everyon = mean(buys.count())"),
        ["E0103"]
    );
    assert_eq!(
        codes("kpi n on people for all_shops = mean(buys.count())"),
        ["E0208"]
    );
    assert!(codes("kpi n on people for everyone = mean(buys.count())").is_empty());
}

#[test]
fn next_windows_are_read_by_a_kpi_only_and_never_in_a_sequence() {
    assert!(codes("kpi c on people = share(buys.any(next 14 days))").is_empty());
    assert_eq!(
        codes("trait soon on people = buys.count(next 14 days)"),
        ["E0265"]
    );
    assert_eq!(
        codes("kpi c on people = share(visits.any(next 7 days) followed by buys within 2 days)"),
        ["E0265"]
    );
}

#[test]
fn only_a_spend_reads_a_costs_table_and_with_a_sum_of_a_number() {
    let cost = |spend: &str| codes(&format!("kpi c on people = cost({spend} per buys.any())"));
    assert!(cost("ads.sum(amount, where channel = \"search\", last 30 days)").is_empty());
    assert!(cost("2 * ads.sum(amount, next 7 days) - ads.sum(amount) + 100").is_empty());
    assert!(cost("-ads.sum(amount, between 2026-01-01 and 2026-01-31)").is_empty());
    // A rebate inside a spend that reads a costs table; alone, a negative spend is E0264.
    assert!(cost("ads.sum(amount) + (0 - 150)").is_empty());
    assert_eq!(cost("0 - 150"), ["E0264"]);
    // Not a sum, not a number, a special column, two columns, an unknown column.
    assert_eq!(cost("ads.count(last 30 days)"), ["E0267"]);
    assert_eq!(cost("ads.sum(channel)"), ["E0202"]);
    assert_eq!(cost("ads.sum(note)"), ["E0400"]);
    assert_eq!(cost("ads.sum(amount, amount)"), ["E0211"]);
    assert_eq!(cost("ads.sum(amont)"), ["E0101"]);
    // A column of the entity: the rows of a costs table are no member's.
    assert_eq!(cost("ads.sum(amount, where id = \"p1\")"), ["E0104"]);
    // Outside a spend: no member has rows of it.
    assert_eq!(
        codes("segment s on people {\n  where ads.sum(amount) > 0\n}"),
        ["E0266"]
    );
    assert_eq!(codes("kpi m on people = mean(ads.sum(amount))"), ["E0266"]);
    assert_eq!(cost("least(ads.sum(amount), 10)"), ["E0266"]);
    // A costs table needs a date.
    let undated = "costs spend_log { channel: string }\nsegment t on people {\n  owner \"qa\"\n}";
    assert_eq!(codes(undated), ["E0203"]);
}

#[test]
fn two_kpis_with_one_name_are_an_error() {
    assert_eq!(
        codes("kpi n on people = mean(buys.count())\nkpi n on people = total(buys.count())"),
        ["E0105"]
    );
}

#[test]
fn the_kpi_statement_reads_each_facts_table_once_past_and_future_together() {
    let program = program(&[("kpis.seg", FIXTURE)]);
    for target in Target::ALL {
        let compiled = compile_all(
            &program,
            AsOf::Fixed(date("2026-03-31")),
            target,
            Statements::Kpis,
        );
        let [statement, spends] = compiled.statements.as_slice() else {
            panic!("one KPI statement for the one entity, then its spends");
        };
        assert_parses(&spends.sql, target);
        assert_eq!(
            spends.sql.matches("FROM qa.ads AS ads").count(),
            1,
            "{target}: the costs table is read once for its three sums:\n{}",
            spends.sql
        );
        insta::assert_snapshot!(format!("kpis_fixture_spends_{target}"), spends.sql);
        let sql = &statement.sql;
        assert_parses(sql, target);
        assert_eq!(
            sql.matches("FROM qa.buys AS buys").count(),
            1,
            "{target}: the buys are read once:\n{sql}"
        );
        // The pass keeps the week after the evaluation date for `next 7 days`, and the past
        // aggregates drop it themselves.
        assert!(sql.contains("kpi's `next` window"), "{target}:\n{sql}");
        insta::assert_snapshot!(format!("kpis_fixture_{target}"), sql);
    }
}

#[test]
fn a_membership_statement_computes_no_kpi_aggregate() {
    let program = program(&[("kpis.seg", FIXTURE)]);
    let compiled = compile_all(
        &program,
        AsOf::Fixed(date("2026-03-31")),
        Target::DuckDb,
        Statements::Membership,
    );
    let sql = &compiled.statements[0].sql;
    for kpi_only in ["next_7_days", "next_30_days", "sum_amount", "joined_on"] {
        assert!(
            !sql.contains(kpi_only),
            "a KPI's {kpi_only} in the membership:\n{sql}"
        );
    }
}

#[test]
fn seg_explain_words_a_kpi_and_seg_fmt_breaks_a_long_one_after_the_equals_sign() {
    let dir = std::env::temp_dir().join(format!("seg-kpis-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let file = dir.join("kpis.seg");
    std::fs::write(&file, FIXTURE).expect("writes");
    let seg = env!("CARGO_BIN_EXE_seg");
    let explain = std::process::Command::new(seg)
        .args(["explain", "returning"])
        .arg(&dir)
        .output()
        .expect("seg runs");
    let text = String::from_utf8_lossy(&explain.stdout);
    assert!(explain.status.success(), "{text}");
    assert!(text.starts_with("KPI returning (people)"), "{text}");
    assert!(text.contains("two-proportion z-test"), "{text}");
    let explain = std::process::Command::new(seg)
        .args(["explain", "spring_cost_per_buyer"])
        .arg(&dir)
        .output()
        .expect("seg runs");
    let text = String::from_utf8_lossy(&explain.stdout).replace("\n    ", " ");
    assert!(explain.status.success(), "{text}");
    assert!(
        text.contains("is the sum of `amount` over the rows of costs table `ads` in the 7 days after the evaluation date"),
        "{text}"
    );
    assert!(text.contains("one amount for every group"), "{text}");
    let long = "kpi returning_customers_of_the_spring on people = share(buys.any(last 30 days) among buys.any(between 60 days ago and 31 days ago))\n";
    std::fs::write(&file, long).expect("writes");
    let fmt = std::process::Command::new(seg)
        .args(["fmt", "--stdin"])
        .stdin(std::fs::File::open(&file).expect("opens"))
        .output()
        .expect("seg runs");
    let formatted = String::from_utf8_lossy(&fmt.stdout);
    assert_eq!(
        formatted,
        "kpi returning_customers_of_the_spring on people =\n  share(buys.any(last 30 days) among buys.any(between 60 days ago and 31 days ago))\n"
    );
    // Too long even on a line of its own: one part a line.
    let longer = "kpi paid_acquisition_cost on people = cost(ads.sum(amount, where channel in [\"search\", \"social\"], last 30 days) per joined_on within last 30 days)\n";
    std::fs::write(&file, longer).expect("writes");
    let fmt = std::process::Command::new(seg)
        .args(["fmt", "--stdin"])
        .stdin(std::fs::File::open(&file).expect("opens"))
        .output()
        .expect("seg runs");
    assert_eq!(
        String::from_utf8_lossy(&fmt.stdout),
        "kpi paid_acquisition_cost on people =\n  cost(\n    ads.sum(amount, where channel in [\"search\", \"social\"], last 30 days)\n    per joined_on within last 30 days\n  )\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn seg_graph_uses_names_the_kpis_that_read_a_column() {
    let dir = std::env::temp_dir().join(format!("seg-kpis-graph-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    std::fs::write(dir.join("kpis.seg"), FIXTURE).expect("writes");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_seg"))
        .args(["graph", "--uses", "people.joined_on"])
        .arg(&dir)
        .output()
        .expect("seg runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("kpi cost_per_new"), "{text}");
    assert!(!text.contains("kpi avg_score"), "{text}");
    // A spend's sum reads its column, its filter's columns and the table's date.
    for (column, kpis) in [("ads.amount", 3), ("ads.campaign", 1), ("ads.spent_on", 3)] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_seg"))
            .args(["graph", "--uses", column])
            .arg(&dir)
            .output()
            .expect("seg runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{text}");
        assert_eq!(text.matches("\n  kpi ").count(), kpis, "{column}:\n{text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
