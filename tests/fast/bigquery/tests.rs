//! The tests: every statement of the fixture is documented BigQuery, with the escapes, quoting,
//! date arithmetic and literals the documentation asks for (the checker's own refusals are in
//! `checker_tests.rs`).

use super::checker::{check, Call};
use super::fixture::{
    assert_documented, fixture, fixture_calls, is_evaluation_date, membership, statements_of,
    AS_OF, FIXTURE,
};
use super::lexical::{quoted_tokens, tokens, Quoted};
use super::signatures::{DOCS, EXPECTED_CALLS, RESERVED};
use crate::support::program;
use seglang::sql::Target;
use sqlparser::ast::Expr;
use sqlparser::tokenizer::Token;
use std::collections::BTreeSet;

#[test]
fn every_call_matches_a_documented_bigquery_signature() {
    let (program, statements) = fixture();
    // A segment with a holdout is planned as two rules: its treatment and its control group.
    let holdouts = program
        .segments
        .iter()
        .filter(|s| s.holdout.is_some())
        .count();
    assert_eq!(
        statements.len(),
        2 * (program.segments.len() + holdouts + 1),
        "one membership query and one member query per rule, fixed and today"
    );
    let calls = fixture_calls();
    let called: BTreeSet<&str> = calls.iter().map(|c| c.name.as_str()).collect();
    let expected: BTreeSet<&str> = EXPECTED_CALLS.iter().copied().collect();
    assert_eq!(
        called, expected,
        "the fixture must call every function seglang uses on BigQuery, and only those"
    );
}

#[test]
fn bigquery_statements_avoid_forms_bigquery_lacks() {
    let (_, statements) = fixture();
    for (label, sql) in statements {
        let tokens = tokens(sql);
        let mut problems = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            let next = tokens.get(i + 1);
            match t {
                Token::Word(w) if w.quote_style.is_none() => {
                    let word = w.value.to_uppercase();
                    if word == "FILTER" && next == Some(&Token::LParen) {
                        problems
                            .push("FILTER (WHERE ...): not in BigQuery's aggregate call syntax");
                    }
                    if word == "ESCAPE" {
                        problems.push("ESCAPE: BigQuery's LIKE has no ESCAPE clause");
                    }
                    if word == "INTERVAL" && matches!(next, Some(Token::SingleQuotedString(_))) {
                        problems.push("INTERVAL '...': DATE_SUB takes INTERVAL int64 date_part");
                    }
                    if word == "UNION"
                        && !matches!(next, Some(Token::Word(n)) if n.value.eq_ignore_ascii_case("ALL"))
                    {
                        problems.push("UNION without ALL: an error in BigQuery");
                    }
                }
                Token::Word(w) if w.quote_style != Some('`') => {
                    problems.push("an identifier not quoted with backticks");
                }
                Token::Number(n, _) if n.contains(['.', 'e', 'E']) => {
                    problems.push("a bare decimal number: FLOAT64 in BigQuery");
                }
                Token::DoubleQuotedString(_) => {
                    problems.push("a double-quoted string");
                }
                _ => {}
            }
        }
        assert!(
            problems.is_empty(),
            "the {label} statement uses {problems:?}\n{sql}"
        );
    }
    let fixed = membership(statements, AS_OF);
    for literal in [
        "NUMERIC '12.50'",
        "NUMERIC '100.10'",
        "NUMERIC '-0.5'",
        "NUMERIC '33.37'",
        "COALESCE(orders_features.orders_sum_amount, NUMERIC '0')",
        "COUNTIF(orders.channel = 'web')",
        "SUM(IF(orders.channel = 'store', orders.quantity, NULL))",
    ] {
        assert!(
            fixed.contains(literal),
            "expected `{literal}` in the BigQuery membership query:\n{fixed}"
        );
    }
}

#[test]
fn string_literals_use_bigquery_escapes() {
    let (_, statements) = fixture();
    for (label, sql) in statements {
        let quoted =
            quoted_tokens(sql).unwrap_or_else(|e| panic!("the {label} statement: {e}\n{sql}"));
        // sqlparser's BigQuery tokenizer reads the same strings.
        let ours: Vec<String> = quoted
            .iter()
            .filter_map(|q| match q {
                Quoted::String(s) => Some(s.clone()),
                Quoted::Ident(_) => None,
            })
            .collect();
        let theirs: Vec<String> = tokens(sql)
            .into_iter()
            .filter_map(|t| match t {
                Token::SingleQuotedString(s) => Some(s),
                _ => None,
            })
            .collect();
        assert_eq!(
            ours, theirs,
            "the {label} statement's strings, decoded two ways\n{sql}"
        );
    }
    let fixed = membership(statements, AS_OF);
    let strings: Vec<String> = quoted_tokens(&fixed)
        .expect("decodes")
        .into_iter()
        .filter_map(|q| match q {
            Quoted::String(s) => Some(s),
            Quoted::Ident(_) => None,
        })
        .collect();
    // Each seglang string reaches BigQuery unchanged, written with the documented escapes.
    for (value, written) in [
        ("O'Brien", r"'O\'Brien'"),
        (r"a\b", r"'a\\b'"),
        ("line\nbreak", r"'line\nbreak'"),
        (r"o'brien\", r"'o\'brien\\'"),
        ("+promo_%", "'+promo_%'"),
        (r"100\%%", r"'100\\%%'"),
        ("J_an%", "'J_an%'"),
        (r"%\\%", r"'%\\\\%'"),
        ("@example.fr", "'@example.fr'"),
    ] {
        assert!(
            strings.iter().any(|s| s == value),
            "the string {value:?} does not reach BigQuery; strings: {strings:?}"
        );
        assert!(
            fixed.contains(written),
            "expected {value:?} written as {written}:\n{fixed}"
        );
    }
    assert!(
        !fixed.contains("O''Brien"),
        "a doubled quote is not an escape in BigQuery:\n{fixed}"
    );
    let today = membership(statements, "today");
    assert!(today.contains("CURRENT_DATE('UTC')"), "{today}");
}

#[test]
fn identifiers_needing_quotes_use_backticks() {
    let (_, statements) = fixture();
    let fixed = membership(statements, AS_OF);
    for written in [
        "FROM `my-project`.crm.customers AS customers",
        "FROM `my-project`.crm.orders AS orders",
        "FROM crm.visits AS visits",
        "customers.`order`",
        "customers.`select`",
    ] {
        assert!(
            fixed.contains(written),
            "expected `{written}` in the BigQuery membership query:\n{fixed}"
        );
    }
    let idents: Vec<String> = quoted_tokens(&fixed)
        .expect("decodes")
        .into_iter()
        .filter_map(|q| match q {
            Quoted::Ident(s) => Some(s),
            Quoted::String(_) => None,
        })
        .collect();
    for name in ["my-project", "order", "select"] {
        assert!(
            idents.iter().any(|i| i == name),
            "{name} is not a backtick-quoted identifier: {idents:?}"
        );
    }
}

#[test]
fn date_arithmetic_follows_bigquery_date_functions() {
    let (_, statements) = fixture();
    let calls = fixture_calls();
    for call in calls.iter().filter(|c| c.name == "DATE_DIFF") {
        assert!(
            is_evaluation_date(&call.args[0]) != is_evaluation_date(&call.args[1]),
            "DATE_DIFF(end_date, start_date, granularity) is end_date - start_date: `days since \
             x` passes the evaluation date first, `days until x` second, got {} and {}",
            call.args[0],
            call.args[1]
        );
        assert!(
            matches!(&call.args[2], Expr::Identifier(i) if i.value == "DAY"),
            "days since counts DAYs, got {}",
            call.args[2]
        );
    }
    // The first of a month, `DATE(year, month, 1)`: anniversaries count from the day before it.
    let first_of_month =
        |e: &Expr| e.to_string().starts_with("DATE(") && e.to_string().ends_with(", 1)");
    for call in calls.iter().filter(|c| c.name == "DATE_SUB") {
        assert!(
            is_evaluation_date(&call.args[0]) || first_of_month(&call.args[0]),
            "`N units ago` counts back from the evaluation date, got {}",
            call.args[0]
        );
    }
    for call in calls.iter().filter(|c| c.name == "DATE_ADD") {
        let eve = call.args[0].to_string().starts_with("DATE_SUB(DATE(");
        assert!(
            is_evaluation_date(&call.args[0]) || eve,
            "`within next` counts on from the evaluation date, an anniversary from the eve of \
             its month, got {}",
            call.args[0]
        );
    }
    for call in calls.iter().filter(|c| c.name == "DATE") {
        assert!(
            call.args.len() == 1 || call.args.len() == 3,
            "a timestamp's day is its UTC day: DATE(timestamp_expression) without a time zone \
             uses the default, UTC; DATE(year, month, day) builds anniversaries"
        );
    }
    let fixed = membership(statements, AS_OF);
    for interval in [
        "DATE_SUB(evaluation.as_of, INTERVAL 30 DAY)",
        "DATE_SUB(evaluation.as_of, INTERVAL 14 DAY)",
        "DATE_SUB(evaluation.as_of, INTERVAL 3 MONTH)",
        "DATE_SUB(evaluation.as_of, INTERVAL 24 MONTH)",
        "DATE_SUB(evaluation.as_of, INTERVAL 12 MONTH)",
        "DATE_SUB(evaluation.as_of, INTERVAL 6 MONTH)",
        "DATE_DIFF(evaluation.as_of, DATE(customers.signup_at), DAY)",
        "DATE_ADD(evaluation.as_of, INTERVAL 14 DAY)",
        "DATE_ADD(evaluation.as_of, INTERVAL 3 MONTH)",
        "DATE_ADD(evaluation.as_of, INTERVAL 12 MONTH)",
        "MOD(EXTRACT(DAYOFWEEK FROM DATE(customers.signup_at)) + 5, 7) + 1",
        "INTERVAL EXTRACT(DAY FROM customers.birth_date) DAY)",
        "DATE '2026-03-31' AS as_of",
    ] {
        assert!(
            fixed.contains(interval),
            "expected `{interval}` (weeks as 7 DAYs, years as 12 MONTHs):\n{fixed}"
        );
    }
    assert!(
        !fixed.contains("CURRENT_DATE"),
        "a fixed date reads no clock:\n{fixed}"
    );
    for (label, sql) in statements.iter().filter(|(l, _)| l.ends_with("today")) {
        assert_eq!(
            sql.matches("CURRENT_DATE(").count(),
            1,
            "the {label} statement must read the current date once:\n{sql}"
        );
        assert!(
            sql.contains("CAST(CURRENT_DATE('UTC') AS DATE) AS as_of"),
            "the {label} statement must take today's date in UTC:\n{sql}"
        );
    }
}

#[test]
fn bigquery_membership_sql_matches_snapshots() {
    let (_, statements) = fixture();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/bigquery");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        insta::assert_snapshot!("membership_fixed_date", membership(statements, AS_OF));
        insta::assert_snapshot!("membership_today", membership(statements, "today"));
    });
}

/// Found by this module: the reserved keyword list seglang quotes with has `respects` where
/// BigQuery reserves `RESPECT`.
#[test]
fn every_bigquery_reserved_keyword_is_backtick_quoted() {
    let dialect = Target::BigQuery.dialect();
    let unquoted: Vec<String> = RESERVED
        .split_whitespace()
        .flat_map(|k| [k.to_string(), k.to_lowercase()])
        .filter(|k| dialect.quote_ident(k) != format!("`{k}`"))
        .collect();
    let source = r#"
        entity customers from "crm.customers" {
          key id: string
          respect: string?
        }
        segment polite on customers { where respect = "yes" }
    "#;
    let (program, statements) = statements_of(source);
    let problems: Vec<String> = statements
        .iter()
        .flat_map(|(label, sql)| {
            check(&program, sql)
                .problems
                .into_iter()
                .map(move |p| format!("{label}: {p}"))
        })
        .collect();
    assert!(
        unquoted.is_empty() && problems.is_empty(),
        "BigQuery reserved keywords left unquoted by the BigQuery dialect: {unquoted:?}.\n\
         Lexical structure and syntax ({DOCS}/lexical#reserved_keywords): \"If an identifier is \
         the same as a reserved keyword, the identifier must be quoted\"; RESPECT is in the list.\n\
         {}",
        problems.join("\n")
    );
}

/// Found by this module: a `timestamp` parameter's value is a date literal, and seglang compares
/// a timestamp with it as an instant, leaving `TIMESTAMP >= DATE`, which BigQuery cannot compare.
#[test]
fn timestamp_parameters_compare_with_timestamps() {
    let source = r#"
        entity customers from "crm.customers" {
          key id: string
          signup_at: timestamp
        }
        facts orders of customers(id) from "crm.orders" at ordered_at {
          ordered_at: timestamp
        }
        param start: timestamp = 2026-01-01
        segment since_start on customers { where signup_at >= start }
        segment bought_since_start on customers {
          where orders.last(ordered_at) > start and orders.count(after start) >= 1
        }
    "#;
    let (program, statements) = statements_of(source);
    assert_documented(&program, &statements);
}

/// Found by this module: seglang keeps decimals exact, but BigQuery's NUMERIC has scale 9, so a
/// literal with ten decimals cannot be held exactly.
#[test]
fn decimal_literals_fit_bigquery_numeric() {
    let source = r#"
        entity customers from "crm.customers" {
          key id: string
          rate: decimal(20, 10)
        }
        segment fine_rate on customers { where rate > 0.1234567891 }
    "#;
    let (program, statements) = statements_of(source);
    assert_documented(&program, &statements);
}

/// The result types of the operator and function tables: each expression is compared with a
/// STRING, and the problem names the type the checker gave it.
#[test]
fn arithmetic_results_have_the_documented_types() {
    let program = program(&[("bigquery.seg", FIXTURE)]);
    let bignumeric = "CAST(customers.`order` AS BIGNUMERIC)";
    let cases = [
        ("customers.`order` * customers.`order`", "INT64"),
        ("customers.`order` + customers.credit", "NUMERIC"),
        (&format!("{bignumeric} - customers.credit"), "BIGNUMERIC"),
        (&format!("NUMERIC '0.5' * {bignumeric}"), "BIGNUMERIC"),
        (&format!("-({bignumeric})"), "BIGNUMERIC"),
        ("-customers.credit", "NUMERIC"),
        (&format!("ABS({bignumeric})"), "BIGNUMERIC"),
        (&format!("DIV({bignumeric}, 2)"), "BIGNUMERIC"),
        ("DIV(customers.`order`, 2)", "INT64"),
        ("DIV(customers.credit, customers.`order`)", "NUMERIC"),
        ("LEAST(customers.credit, 2)", "NUMERIC"),
        (
            &format!("GREATEST(customers.credit, {bignumeric}, 3)"),
            "BIGNUMERIC",
        ),
        ("COALESCE(customers.`order`, customers.credit)", "NUMERIC"),
        (
            &format!("CASE WHEN customers.vip THEN customers.credit ELSE {bignumeric} END"),
            "BIGNUMERIC",
        ),
        (&format!("CAST({bignumeric} * 100 AS INT64)"), "INT64"),
        (
            "BIGNUMERIC '100000000000000000000000000000000000000'",
            "BIGNUMERIC",
        ),
    ];
    let mut wrong = Vec::new();
    for (expr, ty) in cases {
        let sql = format!(
            "SELECT {expr} = customers.name AS x FROM `my-project`.crm.customers AS customers"
        );
        let problems = check(&program, &sql).problems;
        let expected = format!("compares {ty} with STRING");
        if problems.len() != 1 || !problems[0].contains(&expected) {
            wrong.push(format!(
                "{sql}\n  expected only {expected:?}, got {problems:#?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Quotients are decided by cross-multiplying, on operands widened to BIGNUMERIC (operators:
/// "All operators will throw an error if the computation result overflows", and INT64 products
/// can), with a divisor that can be negative made positive (its SIGN moves to the numerator);
/// `round` divides whole BIGNUMERIC values with DIV.
#[test]
fn arithmetic_cross_multiplies_on_bignumeric() {
    let (_, statements) = fixture();
    let fixed = membership(statements, AS_OF);
    for written in [
        "COALESCE(orders_features.orders_count_where, 0) >= NUMERIC '0.5' * \
         CAST(COALESCE(orders_features.orders_count, 0) AS BIGNUMERIC)",
        "CAST(customers.`order` AS BIGNUMERIC) * CAST(customers.`order` AS BIGNUMERIC) > 100",
        "COALESCE(CAST(customers.credit AS BIGNUMERIC) - 5 <> 0, FALSE)",
        "CAST(COALESCE(orders_features.orders_count, 0) AS BIGNUMERIC) * \
         SIGN(CAST(customers.credit AS BIGNUMERIC) - 5) > 2 * \
         ABS(CAST(customers.credit AS BIGNUMERIC) - 5)",
        "-(CAST(customers.`order` AS BIGNUMERIC)) < 5",
        "ABS(CAST(customers.credit AS BIGNUMERIC)) <= NUMERIC '2.5'",
        "ELSE LEAST(customers.credit, 2) END",
    ] {
        assert!(
            fixed.contains(written),
            "expected `{written}` in the BigQuery membership query:\n{fixed}"
        );
    }
    let bignumeric = |e: &Expr| {
        let text = e.to_string();
        text.starts_with("CAST(") && text.ends_with(" AS BIGNUMERIC)")
    };
    let divisions = fixture_calls()
        .iter()
        .filter(|c| c.name == "DIV" && c.args.iter().all(bignumeric))
        .count();
    assert!(
        divisions > 0,
        "round divides BIGNUMERIC values with DIV (mathematical_functions, DIV takes INT64, \
         NUMERIC and BIGNUMERIC)"
    );
}

#[test]
fn a_declared_time_zone_reaches_every_day_and_the_current_date() {
    let source = format!("time zone \"Europe/Paris\"\n{FIXTURE}");
    let (program, statements) = statements_of(&source);
    let calls = assert_documented(&program, &statements);
    let zone = "'Europe/Paris'";
    let days: Vec<&Call> = calls.iter().filter(|c| c.name == "DATE").collect();
    assert!(
        days.iter().any(|c| c.args.len() == 2),
        "the fixture has timestamps"
    );
    for call in days {
        assert!(
            call.args.len() == 3 || (call.args.len() == 2 && call.args[1].to_string() == zone),
            "a timestamp's day is its day in the declared zone: DATE(timestamp, {zone}), got {}",
            call.args
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let today = membership(&statements, "today");
    assert!(today.contains("CURRENT_DATE('Europe/Paris')"), "{today}");
    assert!(!today.contains("'UTC'"), "{today}");
}
