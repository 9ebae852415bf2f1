//! Marketing models on real engines: RFM scores by quantiles (ties at every boundary, customers
//! without orders, rows outside the window or after the evaluation date) and by thresholds (values
//! exactly on a threshold), the average basket truncated to cents, the RFM code, the standard
//! library's grid and lifecycle (boundary dates, a parameter override), and CLV. Every expected
//! member below is derived by hand from the rules in docs/models.md; the reference evaluator,
//! DuckDB and PostgreSQL must each give exactly those members.

use crate::pg_server::PgServer;
use crate::support::*;
use seglang::check::typed::Program;
use seglang::check::CheckOptions;

const AS_OF: &str = "2026-03-31";

const SCHEMA: &str = r#"
entity customers from "shop.customers" {
  key id: string
  margin_rate: decimal(4, 2)?
}

facts orders of customers(id) from "shop.orders" at ordered_at {
  ordered_at: timestamp
  amount: decimal(12, 2)
}

/// A second orders table, for the lifecycle's boundary dates.
facts web_orders of customers(id) from "shop.web_orders" at ordered_at {
  ordered_at: timestamp
  amount: decimal(12, 2)
}

use std.rfm for value
use std.lifecycle for web_orders

/// Quintiles over a year of orders.
rfm value on customers over orders {
  window last 365 days
  monetary sum(amount)
}

/// Terciles of the average basket, over all history.
rfm basket on customers over orders {
  scores 3
  monetary avg(amount)
}

/// Explicit thresholds, four scores.
rfm tiers on customers over orders {
  window last 365 days
  scores 4
  recency thresholds [10, 20, 60]
  frequency thresholds [2, 4, 6]
  monetary sum(amount) thresholds [50, 75.50, 200]
}

clv lifetime on customers over orders {
  amount amount
  window last 1 years
  margin margin_rate
  lifespan 2
}

segment unscored on customers { where not value.scored }
segment r_missing on customers { where value.r is missing }
segment code_514 on customers { where value.code = "514" }
segment avg_25_16 on customers { where basket.monetary = 25.16 }
segment avg_18_87 on customers { where basket.monetary = 18.87 }
segment clv_at_least_120 on customers { where lifetime.value >= 120 }
"#;

/// (customer, days before the evaluation date, amount); negative days are after it.
const ORDERS: &[(&str, i64, &str)] = &[
    ("k01", 5, "100.00"),
    ("k01", 500, "999.99"),
    ("k02", 5, "50.00"),
    ("k02", 6, "0.00"),
    ("k02", -3, "77.00"),
    ("k03", 10, "50.00"),
    ("k03", 11, "0.00"),
    ("k04", 20, "75.50"),
    ("k04", 100, "0.00"),
    ("k04", 200, "0.00"),
    ("k05", 20, "75.50"),
    ("k05", 21, "0.00"),
    ("k05", 22, "0.00"),
    ("k05", 23, "0.00"),
    ("k06", 20, "200.00"),
    ("k06", 30, "0.00"),
    ("k06", 40, "0.00"),
    ("k06", 50, "0.00"),
    ("k07", 40, "10.00"),
    ("k07", 41, "0.00"),
    ("k07", 42, "0.00"),
    ("k07", 43, "0.00"),
    ("k08", 60, "200.00"),
    ("k08", 61, "0.00"),
    ("k08", 62, "0.00"),
    ("k08", 63, "0.00"),
    ("k08", 64, "0.00"),
    ("k09", 60, "200.00"),
    ("k09", 70, "0.00"),
    ("k09", 80, "0.00"),
    ("k09", 90, "0.00"),
    ("k09", 100, "0.00"),
    ("k09", 110, "0.00"),
    ("k10", 364, "33.33"),
    ("k10", 364, "0.00"),
    ("k10", 364, "0.00"),
    ("k10", 364, "0.00"),
    ("k10", 364, "0.00"),
    ("k10", 364, "0.00"),
    ("k_old", 400, "20.00"),
    ("k_future", -1, "10.00"),
];

const WEB_ORDERS: &[(&str, i64)] = &[
    ("w_first30", 30),
    ("w_first29", 29),
    ("w_back", 10),
    ("w_back", 365),
    ("w_back364", 10),
    ("w_back364", 364),
    ("w_active89", 89),
    ("w_active90", 90),
    ("w_risk179", 179),
    ("w_risk180", 180),
];

const SCORED: [&str; 10] = [
    "k01", "k02", "k03", "k04", "k05", "k06", "k07", "k08", "k09", "k10",
];

/// Hand-derived scores `(customer, r, f, m)` per model; see the comments for the arithmetic.
fn expected_scores(model: &str) -> Vec<(&'static str, i64, i64, i64)> {
    match model {
        // n = 10, k = 5: score = 1 + (5 * (rank - 1)) div 10, rank counted from the worst value.
        // Recency (days, fewer is better), worst first: 364 | 60 60 | 40 | 20 20 20 | 10 | 5 5
        //   ranks 1 | 2 2 | 4 | 5 5 5 | 8 | 9 9 -> scores 1 | 1 1 | 2 | 3 3 3 | 4 | 5 5.
        // Frequency in the window: 1 | 2 2 | 3 | 4 4 4 | 5 | 6 6 -> same ranks -> 1 | 1 1 | 2 |
        //   3 3 3 | 4 | 5 5 (k01's order 500 days ago and k02's future order do not count).
        // Monetary sums: 10 | 33.33 | 50 50 | 75.50 75.50 | 100 | 200 200 200
        //   ranks 1 | 2 | 3 3 | 5 5 | 7 | 8 8 8 -> 1 | 1 | 2 2 | 3 3 | 4 | 4 4 4 (no 5: the tie at
        //   the top shares rank 8).
        "value" => vec![
            ("k01", 5, 1, 4),
            ("k02", 5, 1, 2),
            ("k03", 4, 1, 2),
            ("k04", 3, 2, 3),
            ("k05", 3, 3, 3),
            ("k06", 3, 3, 4),
            ("k07", 2, 3, 1),
            ("k08", 1, 4, 4),
            ("k09", 1, 5, 4),
            ("k10", 1, 5, 1),
        ],
        // All history, k = 3, n = 11 (k_old counts too): score = 1 + (3 * (rank - 1)) div 11.
        // Recency, worst first: 400 | 364 | 60 60 | 40 | 20 20 20 | 10 | 5 5
        //   ranks 1 | 2 | 3 3 | 5 | 6 6 6 | 9 | 10 10 -> 1 | 1 | 1 1 | 2 | 2 2 2 | 3 | 3 3.
        // Frequency: 1 (k_old) 1 (k01 has 2 in all history: 5 and 500 days) ...
        //   k_old 1 | k01 2, k02 2, k03 2 | k04 3 | k05 4, k06 4, k07 4 | k08 5 | k09 6, k10 6
        //   ranks 1 | 2 2 2 | 5 | 6 6 6 | 9 | 10 10 -> 1 | 1 1 1 | 2 | 2 2 2 | 3 | 3 3.
        // Average basket truncated to cents: k07 2.50 | k10 5.55 | k05 18.87 | k_old 20.00 |
        //   k02 25.00, k03 25.00 | k04 25.16 | k09 33.33 | k08 40.00 | k06 50.00 | k01 550.00
        //   (k01: (100 + 999.99) / 2 = 549.995 -> 549.99)
        //   ranks 1 | 2 | 3 | 4 | 5 5 | 7 | 8 | 9 | 10 | 11
        //   -> 1 | 1 | 1 | 1 | 2 2 | 2 | 2 | 3 | 3 | 3.
        "basket" => vec![
            ("k01", 3, 1, 3),
            ("k02", 3, 1, 2),
            ("k03", 3, 1, 2),
            ("k04", 2, 2, 2),
            ("k05", 2, 2, 1),
            ("k06", 2, 2, 3),
            ("k07", 2, 2, 1),
            ("k08", 1, 3, 3),
            ("k09", 1, 3, 2),
            ("k10", 1, 3, 1),
            ("k_old", 1, 1, 1),
        ],
        // Thresholds, k = 4. Recency [10, 20, 60]: <= 10 -> 4, <= 20 -> 3, <= 60 -> 2, else 1
        //   (10, 20 and 60 days sit exactly on a threshold and take the better score).
        // Frequency [2, 4, 6]: >= 6 -> 4, >= 4 -> 3, >= 2 -> 2, else 1.
        // Monetary [50, 75.50, 200]: >= 200 -> 4, >= 75.50 -> 3, >= 50 -> 2, else 1.
        "tiers" => vec![
            ("k01", 4, 1, 3),
            ("k02", 4, 2, 2),
            ("k03", 4, 2, 2),
            ("k04", 3, 2, 3),
            ("k05", 3, 3, 3),
            ("k06", 3, 3, 4),
            ("k07", 2, 3, 1),
            ("k08", 2, 3, 4),
            ("k09", 2, 4, 4),
            ("k10", 1, 4, 1),
        ],
        _ => Vec::new(),
    }
}

/// One segment per model, measure and score, such as `value_r_3`.
fn score_segments() -> String {
    let mut out = String::new();
    for (model, k) in [("value", 5), ("basket", 3), ("tiers", 4)] {
        for field in ["r", "f", "m"] {
            for s in 1..=k {
                out.push_str(&format!(
                    "segment {model}_{field}_{s} on customers {{ where {model}.{field} = {s} }}\n"
                ));
            }
        }
    }
    for stage in RFM_STAGES {
        out.push_str(&format!(
            "segment grid_{stage} on customers {{ where rfm_segment = \"{stage}\" }}\n"
        ));
    }
    for stage in LIFECYCLE_STAGES {
        out.push_str(&format!(
            "segment life_{stage} on customers {{ where lifecycle = \"{stage}\" }}\n"
        ));
    }
    out
}

const RFM_STAGES: [&str; 12] = [
    "champions",
    "loyal",
    "potential_loyalists",
    "new_customers",
    "promising",
    "need_attention",
    "about_to_sleep",
    "at_risk",
    "cant_lose_them",
    "hibernating",
    "lost",
    "no_purchase",
];

const LIFECYCLE_STAGES: [&str; 6] = [
    "prospect",
    "new",
    "reactivated",
    "active",
    "at_risk",
    "lapsed",
];

fn customers() -> Vec<&'static str> {
    let mut all: Vec<&str> = ORDERS.iter().map(|o| o.0).collect();
    all.extend(WEB_ORDERS.iter().map(|o| o.0));
    all.push("k_none");
    all.sort();
    all.dedup();
    all
}

fn timestamp(days_ago: i64) -> String {
    let as_of = date(AS_OF);
    let day = as_of.add_days(-days_ago).expect("fixture dates exist");
    format!("TIMESTAMP '{day} 12:00:00'")
}

fn data() -> String {
    let customers: Vec<String> = customers()
        .iter()
        .map(|c| {
            // Margins for CLV: 0.30 for most, missing for k09.
            let margin = if *c == "k09" { "NULL" } else { "0.30" };
            format!("('{c}', {margin})")
        })
        .collect();
    let orders: Vec<String> = ORDERS
        .iter()
        .map(|(c, d, a)| format!("('{c}', {}, {a})", timestamp(*d)))
        .collect();
    let web: Vec<String> = WEB_ORDERS
        .iter()
        .map(|(c, d)| format!("('{c}', {}, 10.00)", timestamp(*d)))
        .collect();
    format!(
        "INSERT INTO shop.customers (id, margin_rate) VALUES {};\n\
         INSERT INTO shop.orders (id, ordered_at, amount) VALUES {};\n\
         INSERT INTO shop.web_orders (id, ordered_at, amount) VALUES {};\n",
        customers.join(", "),
        orders.join(", "),
        web.join(", ")
    )
}

fn project(params: &[(&str, &str)]) -> Program {
    let segments = score_segments();
    let options = CheckOptions {
        params: params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    };
    let analysis = seglang::analyze_sources(
        &[("models.seg", SCHEMA), ("segments.seg", &segments)],
        &options,
    );
    let text = seglang::report::render(
        &analysis.diagnostics,
        &analysis.sources,
        seglang::report::Format::Human { color: false },
    );
    assert!(
        analysis.diagnostics.is_empty(),
        "the fixture checks without a diagnostic:\n{text}"
    );
    analysis.program.expect("the fixture is valid")
}

fn expected(active_days: i64) -> Members {
    let all = customers();
    let mut m = Members::new();
    let mut add = |segment: String, who: &str| {
        m.entry(segment).or_default().insert(who.to_string());
    };
    for model in ["value", "basket", "tiers"] {
        for (c, r, f, s) in expected_scores(model) {
            add(format!("{model}_r_{r}"), c);
            add(format!("{model}_f_{f}"), c);
            add(format!("{model}_m_{s}"), c);
        }
    }
    for c in &all {
        if !SCORED.contains(c) {
            add("unscored".into(), c);
            add("r_missing".into(), c);
            add("grid_no_purchase".into(), c);
        }
    }
    add("code_514".into(), "k01");
    // 75.50 / 3 = 25.1666.. and 75.50 / 4 = 18.875 are truncated, not rounded.
    add("avg_25_16".into(), "k04");
    add("avg_18_87".into(), "k05");
    // Grid of `value` (r, f): k01, k02 (5, 1) new; k03 (4, 1) promising; k04 (3, 2) about to
    // sleep; k05, k06 (3, 3) need attention; k07 (2, 3) and k08 (1, 4) at risk; k09, k10 (1, 5)
    // can't lose them.
    for (stage, who) in [
        ("new_customers", &["k01", "k02"][..]),
        ("promising", &["k03"]),
        ("about_to_sleep", &["k04"]),
        ("need_attention", &["k05", "k06"]),
        ("at_risk", &["k07", "k08"]),
        ("cant_lose_them", &["k09", "k10"]),
    ] {
        for c in who {
            add(format!("grid_{stage}"), c);
        }
    }
    // CLV = sum of the last year * 0.30 * 2 years: >= 120 needs a year's sum >= 200: k06, k08
    // (k09 has no margin, so no value).
    add("clv_at_least_120".into(), "k06");
    add("clv_at_least_120".into(), "k08");
    // Lifecycle over web_orders (defaults: new 30, return 30, silence 365, active 90, at risk
    // 180 days). A first order 30 days ago is no longer new; a return after an order exactly 365
    // days ago is a reactivation, after one 364 days ago it is not.
    let stage_of = |c: &str| -> &'static str {
        match c {
            "w_first29" => "new",
            "w_back" => "reactivated",
            "w_first30" | "w_back364" | "w_active89" => "active",
            "w_active90" if active_days > 90 => "active",
            "w_active90" | "w_risk179" => "at_risk",
            "w_risk180" => "lapsed",
            _ => "prospect",
        }
    };
    for c in &all {
        let stage = stage_of(c);
        add(format!("life_{stage}"), c);
    }
    for segment in project(&[]).segments.iter().map(|s| s.name.clone()) {
        m.entry(segment).or_default();
    }
    m
}

#[test]
fn rfm_clv_and_the_standard_library_agree_with_the_hand_derived_members_everywhere() {
    let program = project(&[]);
    let data = data();
    let want = expected(90);
    let as_of = date(AS_OF);
    assert_members(
        "reference evaluator",
        &run_reference(&program, &data, as_of),
        &want,
    );
    assert_members("DuckDB", &run_duckdb(&program, &data, as_of), &want);
    let server = PgServer::start().expect("a PostgreSQL server can be started for the tests");
    let mut client = server.connect();
    assert_members(
        "PostgreSQL",
        &run_postgres(&mut client, &program, &data, as_of),
        &want,
    );
}

#[test]
fn lifecycle_thresholds_are_parameters() {
    let program = project(&[("lifecycle_active_days", "91")]);
    let as_of = date(AS_OF);
    let actual = run_duckdb(&program, &data(), as_of);
    let want = expected(91);
    assert_eq!(actual.get("life_active"), want.get("life_active"));
    assert_eq!(actual.get("life_at_risk"), want.get("life_at_risk"));
}

/// Every `seg` block of docs/models.md checks, with the retail schema, without a diagnostic.
#[test]
fn the_examples_of_the_models_guide_check() {
    let guide = include_str!("../../docs/models.md");
    let schema = include_str!("../../examples/retail/schema.seg");
    let blocks: Vec<&str> = guide
        .split("```seg\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .collect();
    assert!(blocks.len() >= 8, "the guide has its examples");
    for block in blocks {
        let source = format!("use \"schema.seg\"\n{block}");
        let analysis = seglang::analyze_sources(
            &[("example.seg", &source), ("schema.seg", schema)],
            &CheckOptions::default(),
        );
        let text = seglang::report::render(
            &analysis.diagnostics,
            &analysis.sources,
            seglang::report::Format::Human { color: false },
        );
        assert!(
            analysis.diagnostics.is_empty(),
            "docs/models.md example:\n{block}\ngives:\n{text}"
        );
    }
}
