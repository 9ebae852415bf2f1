//! Time-zone edge rows (`fixtures/zones.seg`) on DuckDB, PostgreSQL and the reference evaluator:
//! instants around local midnight and at both DST switches of Europe/Paris, on four evaluation
//! dates; the same rows without the declaration count by their UTC days; "today" is the
//! current date of the declared zone on both engines; and at every change of six zones from 1900
//! to 2100 DuckDB's offsets (written by the compiler) and PostgreSQL's own rules give the days of
//! the tz rules the reference evaluator uses.

use crate::compile::compile_all;
use crate::pg_server::PgServer;
use crate::support::*;
use seglang::check::typed::Program;
use seglang::ir::AsOf;
use seglang::sql::{create_tables, Target};
use seglang::value::{Date, Timestamp, Zone};
use seglang::Statements;

const ZONES: &str = include_str!("../fixtures/zones.seg");
const ZONES_DATA: &str = include_str!("../fixtures/zones_data.sql");
const DECLARATION: &str = "time zone \"Europe/Paris\"\n";

/// Each client's instant and its day, derived by hand from the wall-clock times written beside
/// the rows in `zones_data.sql`: (id, day in Paris, day in UTC). The client `never` has none.
const DAYS: &[(&str, &str, &str)] = &[
    ("nov30_2259", "2026-11-30", "2026-11-30"),
    ("nov30_2300", "2026-12-01", "2026-11-30"),
    ("nov30_2330", "2026-12-01", "2026-11-30"),
    ("mar28_2300", "2026-03-29", "2026-03-28"),
    ("mar29_0059", "2026-03-29", "2026-03-29"),
    ("mar29_0100", "2026-03-29", "2026-03-29"),
    ("mar29_2159", "2026-03-29", "2026-03-29"),
    ("mar29_2200", "2026-03-30", "2026-03-29"),
    ("oct24_2200", "2026-10-25", "2026-10-24"),
    ("oct25_0059", "2026-10-25", "2026-10-25"),
    ("oct25_0100", "2026-10-25", "2026-10-25"),
    ("oct25_2259", "2026-10-25", "2026-10-25"),
    ("oct25_2300", "2026-10-26", "2026-10-25"),
    ("dec31_2330", "2027-01-01", "2026-12-31"),
];

/// The evaluation dates: the day after the November midnight rows, the day of them, the Monday
/// after the spring switch and the day of the autumn one.
const AS_OF: [&str; 4] = ["2026-11-30", "2026-12-01", "2026-03-30", "2026-10-25"];

/// What each segment of the fixture means for one client's day, as docs/language.md §9.3 says.
fn holds(segment: &str, day: Date, as_of: Date) -> bool {
    let d = |text| date(text);
    let since = as_of.to_days() - day.to_days();
    match segment {
        "on_30_nov" => day == d("2026-11-30"),
        "on_1_dec" => day == d("2026-12-01"),
        "on_29_mar" => day == d("2026-03-29"),
        "on_30_mar" => day == d("2026-03-30"),
        "on_25_oct" => day == d("2026-10-25"),
        "on_26_oct" => day == d("2026-10-26"),
        "in_2027" => day.year == 2027 && day.month <= 3,
        "in_january" => day.month == 1,
        "first_of_month" => day.day == 1,
        // 2026-03-30, 2026-10-26 and 2026-11-30 are Mondays; 1970-01-01 was a Thursday.
        "on_monday" => (day.to_days() + 3).rem_euclid(7) == 0,
        "before_december" => day <= d("2026-11-30"),
        "after_november" => day > d("2026-11-30"),
        "summer" => d("2026-03-30") <= day && day <= d("2026-10-24"),
        "seen_today" => since == 0,
        "seen_yesterday" => since == 1,
        "seen_tomorrow" => since == -1,
        "seen_coming_week" => (-6..=0).contains(&since),
        "anniversary_today" => (day.month, day.day) == (as_of.month, as_of.day),
        // Every day of the fixture is in as_of's year or the next: `age` is negative after it.
        "not_born_yet" => day > as_of,
        // One order per client, at the client's instant; orders after as_of's day never count.
        "ordered_today" => since == 0,
        "ordered_ever" => since >= 0,
        "last_order_yesterday" => since >= 1,
        other => panic!("no meaning written for segment {other}"),
    }
}

/// The members `holds` gives every segment of `program`, with each client's day in Paris
/// (`paris`) or in UTC.
fn expected(program: &Program, as_of: Date, paris: bool) -> Members {
    program
        .segments
        .iter()
        .map(|s| {
            let keys = DAYS
                .iter()
                .filter(|(_, local, utc)| {
                    holds(&s.name, date(if paris { local } else { utc }), as_of)
                })
                .map(|(id, _, _)| id.to_string())
                .collect();
            (s.name.clone(), keys)
        })
        .collect()
}

#[test]
fn days_follow_the_declared_zone_across_midnight_and_both_dst_switches() {
    let zoned = program(&[("zones.seg", ZONES)]);
    let without = ZONES.replace(DECLARATION, "");
    let utc = program(&[("zones.seg", without.as_str())]);
    assert!(zoned.schema.time_zone.is_some() && utc.schema.time_zone.is_none());
    let server = PgServer::start().expect("a PostgreSQL server can be started for the tests");
    let mut client = server.connect();
    load_postgres(&mut client, &zoned, ZONES_DATA);
    for (program, paris, label) in [(&zoned, true, "Europe/Paris"), (&utc, false, "UTC")] {
        for as_of in AS_OF {
            let want = expected(program, date(as_of), paris);
            let day = date(as_of);
            let run = |engine: &str| format!("{engine} in {label} as of {as_of}");
            assert_members(&run("DuckDB"), &run_duckdb(program, ZONES_DATA, day), &want);
            assert_members(
                &run("the reference evaluator"),
                &run_reference(program, ZONES_DATA, day),
                &want,
            );
            assert_members(
                &run("PostgreSQL"),
                &query_postgres(&mut client, program, day),
                &want,
            );
        }
    }
}

/// Today's date in `zone`, from the system clock.
fn today_in(zone: &Zone) -> Date {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs();
    let now = i64::try_from(now).expect("seconds fit");
    let utc = Timestamp {
        date: Date::from_days(now.div_euclid(86_400)).expect("a calendar day"),
        seconds: u32::try_from(now.rem_euclid(86_400)).expect("seconds of a day"),
    };
    zone.local_day(utc).expect("a calendar day")
}

/// A project in `zone` whose one segment holds the rows dated on the evaluation date.
fn today_project(zone: &str) -> Program {
    let source = format!(
        "time zone \"{zone}\"\n\
         entity days from \"tz.days\" {{\n  key id: string\n  day: date\n}}\n\
         segment today on days {{ where day within last 1 days }}\n"
    );
    program(&[("today.seg", &source)])
}

/// Rows for yesterday, today and tomorrow in UTC: the zones below are 11 and 14 hours from UTC,
/// so at any moment one of them is on another day than UTC.
fn today_rows(utc_today: Date) -> String {
    let rows: Vec<String> = (-1..=1)
        .map(|n| {
            let day = utc_today.add_days(n).expect("a calendar day");
            format!("('{day}', DATE '{day}')")
        })
        .collect();
    format!("INSERT INTO tz.days (id, day) VALUES {};", rows.join(", "))
}

#[test]
fn today_is_the_current_date_of_the_declared_zone_on_both_engines() {
    let server = PgServer::start().expect("a PostgreSQL server can be started for the tests");
    let mut client = server.connect();
    let utc = Zone::named("UTC").expect("UTC is a zone");
    for zone in ["Pacific/Kiritimati", "Pacific/Pago_Pago"] {
        let program = today_project(zone);
        let named = Zone::named(zone).expect("a known zone");
        let sql = |target| {
            compile_all(&program, AsOf::Today, target, Statements::Membership).statements[0]
                .sql
                .clone()
        };
        // Read the clock on both sides of the queries: a run across a midnight is repeated.
        for attempt in 0..2 {
            let (before, utc_today) = (today_in(&named), today_in(&utc));
            let data = today_rows(utc_today);
            let duck = duckdb::Connection::open_in_memory().expect("DuckDB opens in memory");
            for ddl in create_tables(&program.schema, Target::DuckDb) {
                duck.execute_batch(&ddl).expect("DDL runs on DuckDB");
            }
            duck.execute_batch(&data).expect("rows load on DuckDB");
            let duck_members: Vec<String> = duck
                .prepare(&sql(Target::DuckDb))
                .expect("DuckDB takes the SQL")
                .query_map([], |row| row.get::<_, String>(0))
                .expect("DuckDB runs the SQL")
                .map(|r| r.expect("a key"))
                .collect();
            client
                .batch_execute("DROP SCHEMA IF EXISTS tz CASCADE")
                .expect("clean schema");
            for ddl in create_tables(&program.schema, Target::Postgres) {
                client.batch_execute(&ddl).expect("DDL runs on PostgreSQL");
            }
            client
                .batch_execute(&data)
                .expect("rows load on PostgreSQL");
            let pg_members: Vec<String> = client
                .query(sql(Target::Postgres).as_str(), &[])
                .expect("PostgreSQL runs the SQL")
                .iter()
                .map(|row| row.get(0))
                .collect();
            if today_in(&named) != before && attempt == 0 {
                continue;
            }
            let want = vec![before.to_string()];
            assert_eq!(duck_members, want, "DuckDB's today in {zone}");
            assert_eq!(pg_members, want, "PostgreSQL's today in {zone}");
            break;
        }
    }
}

/// A project in `zone` whose one segment holds the rows whose instant falls on their `local` day.
fn agreement_project(zone: &str) -> Program {
    let source = format!(
        "time zone \"{zone}\"\n\
         entity instants from \"tz.instants\" {{\n  key id: string\n  seen_at: timestamp\n  local: date\n}}\n\
         segment agrees on instants {{ where seen_at = local }}\n"
    );
    program(&[("agreement.seg", &source)])
}

/// An instant given in seconds since the epoch.
fn instant(seconds: i64) -> Timestamp {
    Timestamp {
        date: Date::from_days(seconds.div_euclid(86_400)).expect("a calendar day"),
        seconds: u32::try_from(seconds.rem_euclid(86_400)).expect("seconds of a day"),
    }
}

/// Rows at every change of `zone` from 1900 to 2100 (a second before, at, a second after, half a
/// day either side, and at the local midnights around it) and at the start of each year, each
/// with its day by the tz rules.
fn agreement_rows(zone: &Zone) -> (String, Vec<String>) {
    let mut at = Vec::new();
    for (year, (_, changes)) in
        (*seglang::value::OFFSET_YEARS.start()..).zip(zone.yearly_transitions())
    {
        let start = Date::new(year, 1, 1).expect("a calendar day").to_days() * 86_400;
        at.extend([start - 1, start]);
        for (change, _) in changes {
            at.extend([
                change - 43_200,
                change - 1,
                change,
                change + 1,
                change + 43_200,
            ]);
            // The local midnights that open the change's day and the next, and the second
            // before each: where a wrong offset moves an instant to another day.
            let day = zone.local_day(instant(change)).expect("a calendar day");
            let midnight = |days: i64, at: i64| days * 86_400 - i64::from(zone.offset_at(at));
            let opening = midnight(day.to_days(), change - 1);
            let next = midnight(day.to_days() + 1, change);
            at.extend([opening - 1, opening, next - 1, next]);
        }
    }
    let ids: Vec<String> = (0..at.len()).map(|i| format!("i{i}")).collect();
    let rows: Vec<String> = at
        .iter()
        .zip(&ids)
        .map(|(&s, id)| {
            let t = instant(s);
            let day = zone.local_day(t).expect("a calendar day");
            format!("('{id}', TIMESTAMP '{t}', DATE '{day}')")
        })
        .collect();
    let sql = format!(
        "INSERT INTO tz.instants (id, seen_at, local) VALUES\n{};",
        rows.join(",\n")
    );
    (sql, ids)
}

#[test]
fn duckdb_and_postgres_give_the_tz_days_at_every_change_from_1900_to_2100() {
    let server = PgServer::start().expect("a PostgreSQL server can be started for the tests");
    let mut client = server.connect();
    // DST both ways, half-hour DST, a half-hour offset, negative offsets, and Apia's skipped
    // 30 December 2011. Apia first: it has the most changes in a year.
    for name in [
        "Pacific/Apia",
        "Europe/Paris",
        "America/New_York",
        "Australia/Lord_Howe",
        "Asia/Kolkata",
        "America/St_Johns",
    ] {
        let zone = Zone::named(name).expect("a known zone");
        let program = agreement_project(name);
        let (data, ids) = agreement_rows(&zone);
        let found = run_duckdb(&program, &data, date("2026-01-01"));
        let want = members(&[(
            "agrees",
            &ids.iter().map(String::as_str).collect::<Vec<_>>(),
        )]);
        assert_members(&format!("DuckDB in {name}"), &found, &want);
        client
            .batch_execute("DROP SCHEMA IF EXISTS tz CASCADE")
            .expect("clean schema");
        load_postgres(&mut client, &program, &data);
        let found = query_postgres(&mut client, &program, date("2026-01-01"));
        assert_members(&format!("PostgreSQL in {name}"), &found, &want);
    }
}
