//! The fixture every BigQuery check runs on, and compiling a program to its BigQuery statements.

use super::checker::{check, Call};
use crate::compile::compile_all;
use crate::support::{date, program};
use seglang::check::typed::Program;
use seglang::ir::AsOf;
use seglang::sql::Target;
use seglang::Statements;
use sqlparser::ast::Expr;
use std::sync::OnceLock;

/// Every construct that renders differently on BigQuery, evaluated as of [`AS_OF`].
pub(super) const FIXTURE: &str = r#"
// Table paths and column names that BigQuery needs backticks for.
entity customers from "my-project.crm.customers" {
  key id: string
  name: string
  email: string?
  note: string?
  birth_date: date?
  signup_at: timestamp
  vip: bool?
  region: enum("IDF", "PACA")?
  order: int?
  select: string?
  credit: decimal(12, 2)?
  quantity_goal: int
}

facts orders of customers(id) from "my-project.crm.orders" at ordered_at {
  ordered_at: timestamp
  amount: decimal(12, 2)
  channel: enum("web", "store")
  category: string?
  quantity: int
}

facts visits of customers(id) from "crm.visits" at visited_on {
  visited_on: date
  page: string
}

param threshold: decimal = 100.10
param min_credit: decimal = -0.5
param launch: date = 2026-01-15

segment decimal_literal on customers { where orders.sum(amount) >= 12.50 }
segment decimal_param on customers { where orders.sum(amount) >= threshold and credit > min_credit }
segment window_days on customers { where orders.count(last 30 days) >= 1 }
segment held_out on customers {
  holdout 12.5% salt "spring-2026"
  where orders.count() >= 1
}
segment window_weeks on customers { where orders.count(last 2 weeks) >= 1 }
segment window_months on customers { where orders.count(last 3 months) >= 1 }
segment window_years on customers { where visits.count(last 2 years) >= 1 }
segment days_ago on customers { where signup_at after 30 days ago }
segment before_date on customers { where birth_date before 2000-01-01 }
segment after_timestamp on customers { where signup_at after 2025-06-30 }
segment between_dates on customers { where birth_date between 1990-01-01 and launch }
segment between_timestamps on customers { where signup_at between 2025-01-01 and 2025-12-31 }
segment within on customers { where signup_at within last 7 days or birth_date within last 1 years }
segment window_bounds on customers {
  where orders.count(before 90 days ago) >= 1
    and orders.count(after launch) >= 1
    and visits.count(between 2025-01-01 and 6 months ago) = 0
}
segment days_since on customers {
  where days since signup_at > 10 and days since orders.last(ordered_at) <= 30
}
segment adult on customers { where age(birth_date) >= 18 }
segment date_parts on customers {
  where year(birth_date) >= 1990 and quarter(signup_at) = 4 and month(birth_date) = 12
    and day(birth_date) <= 7 and weekday(signup_at) in [6, 7]
}
segment anniversaries on customers {
  where anniversary(birth_date) within next 7 days or days until anniversary(signup_at) = 0
}
segment text_functions on customers {
  where lower(email) ends with "@maison-exemple.fr" and length(trim(name)) >= 2
    and upper(note) = "VIP"
}
segment case_insensitive on customers {
  where email = "Jo@Example.FR" ignoring case or name in ["o'brien", "DUPONT"] ignoring case
    or note contains "Promo" ignoring case or name matches "j_an%" ignoring case
}
segment upcoming on customers {
  where birth_date within next 2 weeks or days until orders.last(ordered_at) > -30
    or signup_at within next 3 months or birth_date within next 1 years
}
segment text_tests on customers {
  where email contains "+promo_%" and email starts with "o'brien\\" and email ends with "@example.fr"
}
segment patterns on customers {
  where name matches "100\\%%" or name matches "J_an%" or note matches "%\\\\%"
}
segment quoted on customers { where name = "O'Brien" or note = "a\\b" or note = "line\nbreak" }
segment count_where on customers { where orders.count(where channel = "web") >= 2 }
segment count_distinct on customers { where orders.count(distinct category, last 365 days) >= 3 }
segment sum_int on customers { where orders.sum(quantity, where channel = "store") > 5 }
segment avg_constant on customers { where orders.avg(amount) >= 33.37 }
segment avg_column on customers { where orders.avg(amount) > credit }
segment min_max on customers {
  where orders.min(amount) < 5 and orders.max(category) = "zz" and orders.max(ordered_at) after launch
}
segment first_last on customers {
  where orders.first(channel) = "store"
    and orders.last(category) != "books"
    and orders.last(amount, where channel = "web") > 10
}
segment visits_last on customers { where visits.last(page) = "/home" }
segment missing_and_present on customers { where note is missing and email is present }
segment in_list on customers { where region in ["IDF", "PACA"] and order in [1, 2, 3] }
segment not_in_list on customers { where region not in ["IDF"] }
segment empty_lists on customers { where region in [] or order not in [] }
segment references on customers { where in adult and not in patterns }
segment reserved_names on customers { where order > 1 and select = "x" and vip }
segment everyone on customers { owner "analytics" }
// Quantifiers: counts of rows compared with zero; `all` counts the rows that fail its test.
segment quantifiers on customers {
  where orders.any(where channel = "web", last 30 days)
    and orders.all(where category != "books", last 365 days)
    and not orders.none(where amount > 10) and orders.none(last 2 weeks)
}

// Arithmetic: quotients compared by cross-multiplication, on BIGNUMERIC operands.
segment web_share on customers { where orders.count(where channel = "web") / orders.count() >= 0.5 }
segment slowing_down on customers {
  where orders.sum(amount, last 90 days) < 0.5 * orders.sum(amount, between 180 days ago and 91 days ago)
}
segment basket_quotient on customers { where orders.sum(amount) / orders.count() > 50 }
segment rounded_basket on customers { where round(orders.avg(amount), 1) = 12.5 }
segment credit_per_order on customers {
  where (credit - 10) / orders.count() otherwise 0 > least(credit, 2)
}
segment negated on customers { where -order < 5 }
segment absolute on customers { where abs(credit) between 1 and 2.5 }
segment greatest_of on customers { where greatest(credit, orders.avg(amount)) >= 10 }
segment greatest_plain on customers { where greatest(credit, orders.max(amount), 3) > 10 }
// Sequences: their time as UNIX_MICROS (timestamps) or a day number (dates), a RANGE frame.
segment repeat_buyers on customers {
  where orders.any(where channel = "web") followed by orders(same category) within 30 days
}
segment no_return_visit on customers {
  where visits.any(where page = "pricing") not followed by visits within 2 days
}
segment quotient_in on customers { where orders.sum(amount) / orders.count() in [10, 12.5] }
segment quotient_missing on customers { where orders.sum(amount) / orders.count() is missing }
segment signed_divisor on customers { where orders.count() / (credit - 5) > 2 }
segment int_product on customers { where order * order > 100 and order + quantity_goal - 1 >= 0 }
segment nested_quotient on customers {
  where (orders.sum(amount) / orders.count()) / (credit otherwise 1) > 1
}
segment rounded_quotient on customers { where round(orders.sum(amount) / orders.count(), 2) >= 3 }
segment least_quotient on customers { where least(orders.sum(amount) / orders.count(), credit) < 7 }

// RFM scores by ranks (RANK, COUNT OVER, DIV), by thresholds, an average basket in cents, and CLV.
rfm value on customers over orders {
  window last 730 days
  monetary sum(amount)
}
rfm basket on customers over orders {
  scores 4
  recency thresholds [30, 90, 180]
  monetary avg(amount)
}
clv lifetime on customers over orders {
  amount amount
  window last 1 years
  margin credit
  lifespan 3
}
segment rfm_scores on customers {
  where value.r >= 4 and value.code = "555" and basket.monetary > 20 and not value.scored
}
segment rfm_basket on customers { where basket.r = 4 and basket.m >= 3 }
segment lifetime_value on customers { where lifetime.value >= 1000 }
"#;

/// The fixed evaluation date of the fixture.
pub(super) const AS_OF: &str = "2026-03-31";

/// `(label, sql)` for the membership query and each segment's members, on BigQuery.
fn compile(program: &Program, as_of: AsOf) -> Vec<(String, String)> {
    let when = match as_of {
        AsOf::Fixed(d) => d.to_string(),
        AsOf::Today => "today".to_string(),
    };
    compile_all(program, as_of, Target::BigQuery, Statements::All)
        .statements
        .into_iter()
        .map(|s| match s.segment {
            Some(segment) => (format!("members of {segment}, as of {when}"), s.sql),
            None => (format!("membership of {}, as of {when}", s.entity), s.sql),
        })
        .collect()
}

/// A checked program and all its BigQuery statements, with a fixed date and with today.
pub(super) fn statements_of(source: &str) -> (Program, Vec<(String, String)>) {
    let program = program(&[("bigquery.seg", source)]);
    let mut statements = compile(&program, AsOf::Fixed(date(AS_OF)));
    statements.extend(compile(&program, AsOf::Today));
    (program, statements)
}

/// The fixture's program and statements, compiled once for every test that reads them.
pub(super) fn fixture() -> &'static (Program, Vec<(String, String)>) {
    static COMPILED: OnceLock<(Program, Vec<(String, String)>)> = OnceLock::new();
    COMPILED.get_or_init(|| statements_of(FIXTURE))
}

/// The calls in the fixture's statements, all checked against the documentation once.
pub(super) fn fixture_calls() -> &'static [Call] {
    static CALLS: OnceLock<Vec<Call>> = OnceLock::new();
    CALLS.get_or_init(|| {
        let (program, statements) = fixture();
        assert_documented(program, statements)
    })
}

/// Checks every statement and fails with every problem, naming the statement.
pub(super) fn assert_documented(program: &Program, statements: &[(String, String)]) -> Vec<Call> {
    let mut calls = Vec::new();
    let mut report = Vec::new();
    for (label, sql) in statements {
        let checked = check(program, sql);
        if !checked.problems.is_empty() {
            report.push(format!(
                "in the {label} statement:\n  - {}\n{sql}",
                checked.problems.join("\n  - ")
            ));
        }
        calls.extend(checked.calls);
    }
    assert!(
        report.is_empty(),
        "BigQuery SQL contradicts BigQuery's documentation:\n\n{}",
        report.join("\n\n")
    );
    calls
}

/// The membership statement evaluated `when` (a date, or `today`).
pub(super) fn membership(statements: &[(String, String)], when: &str) -> String {
    statements
        .iter()
        .find(|(label, _)| label.starts_with("membership") && label.ends_with(when))
        .map(|(_, sql)| sql.clone())
        .expect("a membership statement")
}

/// Whether `e` is the evaluation date column, `evaluation.as_of`.
pub(super) fn is_evaluation_date(e: &Expr) -> bool {
    matches!(e, Expr::CompoundIdentifier(p)
        if p.len() == 2 && p[0].value == "evaluation" && p[1].value == "as_of")
}
