//! Calendar edge rows (`fixtures/dates.seg`) on DuckDB, PostgreSQL and the reference evaluator,
//! on six evaluation dates: the last days of February in a year without 29 February and in a
//! leap year, the week that crosses 31 December, and the last day of January.

use crate::pg_server::PgServer;
use crate::support::*;

const DATES: &str = include_str!("../fixtures/dates.seg");
const DATES_DATA: &str = include_str!("../fixtures/dates_data.sql");

/// Segments whose members do not depend on the evaluation date.
const PARTS: &[(&str, &[&str])] = &[
    ("born_december", &["p_dec31", "p_dec25"]),
    (
        "born_q1",
        &[
            "p_feb29", "p_feb28", "p_mar01", "p_jan02", "p_jan03", "p_jan04", "p_feb05",
        ],
    ),
    ("born_29th", &["p_feb29"]),
    ("born_1990s", &["p_mar01", "p_jan02", "p_dec25", "p_feb28"]),
    // 1999-02-28 was a Sunday, 1995-12-25 a Monday, 2001-01-03 a Wednesday.
    ("born_sunday", &["p_feb28"]),
    ("born_monday", &["p_dec25"]),
    ("born_wednesday", &["p_jan03"]),
    // 23:59:59 on 31 December (UTC) is still December; midnight on 1 January is not.
    ("joined_december", &["p_feb29"]),
];

/// Every renewal date is past from 2027-02-28 on.
const ALL_RENEWALS: &[&str] = &[
    "p_feb29", "p_feb28", "p_mar01", "p_dec31", "p_jan02", "p_jan03", "p_jan04", "p_feb05",
    "p_dec25",
];

/// From 2027-02-28 on: no anniversary of a sign-up in the week, every renewal past.
const FEBRUARY_RENEWALS: &[(&str, &[&str])] = &[
    ("joined_anniversary_week", &[]),
    ("renew_30d", &[]),
    ("renew_1m", &[]),
    ("renew_soon", &[]),
    ("renew_past", ALL_RENEWALS),
];

/// Hand-derived members on each evaluation date, for the segments that depend on it.
fn on(as_of: &str) -> Members {
    let february = matches!(
        as_of,
        "2027-02-28" | "2027-03-01" | "2028-02-28" | "2028-02-29"
    );
    let by_date: &[(&str, &[&str])] = match as_of {
        // No 29 February in 2027: the anniversary of 2000-02-29 is 1 March, tomorrow.
        "2027-02-28" => &[
            ("birthday_week", &["p_feb29", "p_feb28", "p_mar01"]),
            ("birthday_today", &["p_feb28"]),
        ],
        // 1 March 2027: the birthday of 29 February (the day `age` counts it) and of 1 March.
        "2027-03-01" => &[
            ("birthday_week", &["p_feb29", "p_mar01"]),
            ("birthday_today", &["p_feb29", "p_mar01"]),
        ],
        // 2028 has a 29 February: tomorrow is that birthday, 1 March the day after.
        "2028-02-28" => &[
            ("birthday_week", &["p_feb29", "p_feb28", "p_mar01"]),
            ("birthday_today", &["p_feb28"]),
        ],
        "2028-02-29" => &[
            ("birthday_week", &["p_feb29", "p_mar01"]),
            ("birthday_today", &["p_feb29"]),
        ],
        // The next 7 days are 28 December to 3 January: 31 December and 2 and 3 January, not
        // the 4th; 25 December is next year's. Renewals: today and 29 days on are in, 30 days
        // on is not; `1 months` ends before 28 January.
        "2026-12-28" => &[
            ("birthday_week", &["p_dec31", "p_jan02", "p_jan03"]),
            ("birthday_today", &[]),
            ("joined_anniversary_week", &["p_feb29", "p_feb28"]),
            ("renew_30d", &["p_feb29", "p_mar01", "p_jan02", "p_jan03"]),
            (
                "renew_1m",
                &["p_feb29", "p_mar01", "p_dec31", "p_jan02", "p_jan03"],
            ),
            ("renew_soon", &["p_feb29", "p_jan02"]),
            ("renew_past", &["p_feb28", "p_jan04", "p_feb05", "p_dec25"]),
        ],
        // 31 January 2026: `within next 1 months` ends before 28 February (the month's end
        // clamps), `within next 30 days` runs to 1 March.
        "2026-01-31" => &[
            ("birthday_week", &["p_feb05"]),
            ("birthday_today", &[]),
            ("joined_anniversary_week", &[]),
            ("renew_30d", &["p_jan04", "p_feb05", "p_dec25"]),
            ("renew_1m", &["p_jan04", "p_dec25"]),
            ("renew_soon", &["p_dec25"]),
            ("renew_past", &[]),
        ],
        other => panic!("no expected members for {other}"),
    };
    let renewals = if february { FEBRUARY_RENEWALS } else { &[] };
    members(&[PARTS, by_date, renewals].concat())
}

const AS_OF: [&str; 6] = [
    "2027-02-28",
    "2027-03-01",
    "2028-02-28",
    "2028-02-29",
    "2026-12-28",
    "2026-01-31",
];

#[test]
fn calendar_edge_rows_on_duckdb_postgres_and_the_reference() {
    let program = program(&[("dates.seg", DATES)]);
    let server = PgServer::start().expect("a PostgreSQL server can be started for the tests");
    let mut client = server.connect();
    load_postgres(&mut client, &program, DATES_DATA);
    for as_of in AS_OF {
        let expected = on(as_of);
        let day = date(as_of);
        assert_members(
            &format!("DuckDB as of {as_of}"),
            &run_duckdb(&program, DATES_DATA, day),
            &expected,
        );
        assert_members(
            &format!("reference evaluator as of {as_of}"),
            &run_reference(&program, DATES_DATA, day),
            &expected,
        );
        assert_members(
            &format!("PostgreSQL as of {as_of}"),
            &query_postgres(&mut client, &program, day),
            &expected,
        );
    }
}
