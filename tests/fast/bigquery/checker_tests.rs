//! The checker itself: SQL that contradicts BigQuery's documentation is refused, each case
//! with the problem the checker names.

use super::checker::check;
use super::fixture::FIXTURE;
use crate::support::program;

#[test]
fn the_checker_rejects_sql_that_contradicts_the_documentation() {
    let program = program(&[("bigquery.seg", FIXTURE)]);
    let too_long = format!("customers.`order` IN ({}0)", "0, ".repeat(340_000));
    let cases = [
        (
            // sqlparser's BigQuery dialect already refuses FILTER and unit-less intervals.
            "COUNT(customers.id) FILTER (WHERE customers.vip)",
            "does not parse",
        ),
        (
            "DATE_DIFF(DATE(customers.signup_at), DAY)",
            "called with 2 argument(s)",
        ),
        (
            "DATE_DIFF(customers.signup_at, customers.birth_date, DAY)",
            "argument 1: TIMESTAMP where Date is expected",
        ),
        (
            "DATE_DIFF(customers.birth_date, customers.birth_date, HOUR)",
            "argument 3",
        ),
        (
            "DATE_SUB(customers.birth_date, INTERVAL '1 day')",
            "does not parse",
        ),
        (
            "DATE_SUB(customers.birth_date, INTERVAL '1' DAY)",
            "not a quoted interval string",
        ),
        ("customers.credit > 12.50", "bare number 12.50"),
        (
            "RANK() OVER (ORDER BY customers.credit DESC) > 1",
            "must say NULLS LAST",
        ),
        ("RANK() OVER () > 1", "needs ORDER BY"),
        (
            "COUNT(customers.credit) OVER (PARTITION BY customers.vip ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) > 1",
            "a frame",
        ),
        ("customers.name || customers.credit = 'x'", "|| operand"),
        ("customers.name LIKE 'a!%' ESCAPE '!'", "no ESCAPE clause"),
        (
            "customers.name LIKE 'a\\\\b'",
            "a backslash before anything else",
        ),
        (
            "DATEDIFF(customers.birth_date, customers.birth_date)",
            "unknown function DATEDIFF",
        ),
        (
            "customers.signup_at > DATE '2026-01-01'",
            "compares TIMESTAMP with DATE",
        ),
        ("ARRAY_AGG(customers.name)", "used as an array"),
        (
            "(ARRAY_AGG(customers.name ORDER BY customers.name LIMIT 1))[SAFE_OFFSET(0)]",
            "without IGNORE NULLS",
        ),
        (
            "(ARRAY_AGG(customers.name IGNORE NULLS ORDER BY customers.name LIMIT 1))[OFFSET(1)]",
            "[SAFE_OFFSET(0)]",
        ),
        ("COUNTIF(customers.name)", "STRING where Bool is expected"),
        ("STRPOS(customers.name)", "called with 1 argument(s)"),
        ("customers.order = 1", "reserved keyword"),
        (
            "customers.name = \"x\"",
            "a literal form seglang does not write",
        ),
        ("customers.`order` / customers.`order`", "divides two INT64"),
        ("NUMERIC '0.1234567891'", "scale 9"),
        (
            "IF(customers.vip, customers.name, customers.birth_date)",
            "no common supertype",
        ),
        ("customers.credit / 2", "rounded quotient"),
        (
            "DIV(customers.`order`, 1.5)",
            "FLOAT64 where Exact is expected",
        ),
        ("CAST(1.5 AS BIGNUMERIC)", "CAST from FLOAT64"),
        (
            "CAST(CAST(customers.credit AS BIGNUMERIC) AS DATE)",
            "CAST from BIGNUMERIC",
        ),
        ("-customers.name", "unary minus on STRING"),
        ("ABS(customers.name)", "ABS's arguments do not match"),
        (
            "LEAST(customers.credit, customers.name)",
            "no common supertype",
        ),
        (
            "BIGNUMERIC '578960446186580977117854925043439539266'",
            "precision 76.76",
        ),
        (
            "BIGNUMERIC '0.000000000000000000000000000000000000001'",
            "scale 38",
        ),
        ("CAST(customers.name AS BIGNUMERIC) * 2", "CAST from STRING"),
        ("customers.credit * customers.name", "take numeric types"),
        (
            "customers.`order` > 1 = customers.vip",
            "chains comparisons",
        ),
        ("customers.`order` > 1 IS NULL", "needs parentheses"),
        (too_long.as_str(), "The query is too large"),
    ];
    let mut missed = Vec::new();
    for (expr, expected) in cases {
        let sql = format!("SELECT {expr} AS x FROM `my-project`.crm.customers AS customers");
        let problems = check(&program, &sql).problems;
        if !problems.iter().any(|p| p.contains(expected)) {
            missed.push(format!(
                "{sql}\n  expected a problem containing {expected:?}, got {problems:#?}"
            ));
        }
    }
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}
