//! Consent, legal basis and suppression: the edge rows of the privacy rules on DuckDB, PostgreSQL
//! and the reference evaluator, and a property: no member of a channel segment lacks a valid
//! consent for that channel at the evaluation date.

use crate::pg_server::PgServer;
use crate::support::*;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use seglang::ir::{lower, AsOf, LowerOptions};
use seglang::run::engine::Engine;
use seglang::sql::{create_tables, Target};
use seglang::value::{Cell, Dataset, Date, Table, Timestamp};

const CONSENT: &str = include_str!("../fixtures/consent.seg");
const CONSENT_DATA: &str = include_str!("../fixtures/consent_data.sql");

fn expected() -> Members {
    let everyone: Vec<&str> = CONSENT_DATA
        .lines()
        .take_while(|l| !l.starts_with("INSERT INTO crm.consents"))
        .flat_map(|l| l.split("('").skip(1))
        .filter_map(|p| p.split('\'').next())
        .collect();
    let mut m = members(&[
        // Withdrawn the day before or on the evaluation date: out; the day after: in. Granted
        // after it: out; on it: in. Re-granted after a withdrawal: in; the latest grant
        // withdrawn: out. Legitimate interest only where accepted; a missing basis never counts;
        // a withdrawn grant at the same instant as a valid one wins. Suppressed (all channels or
        // this one) on or before the evaluation date: out; another channel or later: in.
        (
            "email_all",
            &[
                "w_after",
                "g_on",
                "regrant",
                "two_channels",
                "email_only",
                "suppressed_sms_only",
                "suppressed_future",
            ],
        ),
        ("sms_all", &["two_channels"]),
        ("post_li", &["li_post"]),
        ("post_consent", &[]),
        ("email_and_sms", &["two_channels"]),
        // Opt-in columns: true with a date on or before the evaluation date.
        ("newsletter", &["optin_yes"]),
    ]);
    m.insert(
        "everyone".into(),
        everyone.iter().map(|s| s.to_string()).collect(),
    );
    m
}

#[test]
fn consent_edge_rows_on_duckdb_postgres_and_the_reference() {
    let program = program(&[("consent.seg", CONSENT)]);
    let as_of = date("2026-03-31");
    assert_everywhere(&program, CONSENT_DATA, as_of, &expected());
}

// ---------------------------------------------------------------- property

const PROPERTY: &str = r#"
entity people from "prop.people" {
  key id: string
  score: int?
}
consents of people(id) from "prop.consents" {
  channel: enum("email", "post")
  granted_at: timestamp
  withdrawn_at: timestamp?
  basis: enum("consent", "legitimate_interest")?
  source: string
}
suppressions of people(id) from "prop.suppressions" at recorded_at {
  recorded_at: timestamp
  channel: enum("email", "post")?
}
segment mail on people {
  channel email
  where score > 3 or score is missing
}
segment letters on people {
  channel post basis consent, legitimate_interest
}
"#;

const PEOPLE: usize = 6;

fn as_of() -> Date {
    date("2026-03-31")
}

fn moment() -> impl Strategy<Value = Timestamp> {
    (
        prop::sample::select(vec![-3i64, -1, 0, 1, 2, 30, 200]),
        prop::sample::select(vec![0u32, 36_000, 86_399]),
    )
        .prop_map(|(days, seconds)| Timestamp {
            date: as_of().add_days(-days).expect("in range"),
            seconds,
        })
}

fn grant() -> impl Strategy<Value = Vec<Cell>> {
    (
        0..PEOPLE,
        prop::sample::select(vec!["email", "post"]),
        moment(),
        prop::option::of(moment()),
        prop::option::of(prop::sample::select(vec!["consent", "legitimate_interest"])),
    )
        .prop_map(|(p, channel, granted, withdrawn, basis)| {
            vec![
                Cell::Str(format!("p{p}")),
                Cell::Str(channel.into()),
                Cell::Timestamp(granted),
                withdrawn.map(Cell::Timestamp).unwrap_or(Cell::Null),
                basis.map(|b| Cell::Str(b.into())).unwrap_or(Cell::Null),
                Cell::Str("form".into()),
            ]
        })
}

fn suppression() -> impl Strategy<Value = Vec<Cell>> {
    (
        0..PEOPLE,
        moment(),
        prop::option::of(prop::sample::select(vec!["email", "post"])),
    )
        .prop_map(|(p, at, channel)| {
            vec![
                Cell::Str(format!("p{p}")),
                Cell::Timestamp(at),
                channel.map(|c| Cell::Str(c.into())).unwrap_or(Cell::Null),
            ]
        })
}

fn data() -> impl Strategy<Value = Dataset> {
    (
        prop::collection::vec(prop::option::of(0i64..8), PEOPLE),
        prop::collection::vec(grant(), 0..16),
        prop::collection::vec(suppression(), 0..4),
    )
        .prop_map(|(scores, grants, suppressions)| {
            let mut data = Dataset::new();
            let people = scores
                .into_iter()
                .enumerate()
                .map(|(i, s)| {
                    vec![
                        Cell::Str(format!("p{i}")),
                        s.map(|n| Cell::Num(seglang::value::Num::int(n)))
                            .unwrap_or(Cell::Null),
                    ]
                })
                .collect();
            let columns = |names: &[&str]| names.iter().map(|c| c.to_string()).collect();
            data.insert(
                "people".into(),
                Table {
                    columns: columns(&["id", "score"]),
                    rows: people,
                },
            );
            data.insert(
                "consents".into(),
                Table {
                    columns: columns(&[
                        "id",
                        "channel",
                        "granted_at",
                        "withdrawn_at",
                        "basis",
                        "source",
                    ]),
                    rows: grants,
                },
            );
            data.insert(
                "suppressions".into(),
                Table {
                    columns: columns(&["id", "recorded_at", "channel"]),
                    rows: suppressions,
                },
            );
            data
        })
}

/// The consent rule written out directly from the privacy documentation, sharing nothing with
/// the compiler: the most recent grant dated on or before the evaluation date decides; it counts
/// when not withdrawn on or before that date and its basis is accepted; a grant that does not
/// count at the same instant as one that does wins; suppressions recorded on or before the date
/// for all channels or this one exclude.
fn may_contact(data: &Dataset, person: &str, channel: &str, bases: &[&str]) -> bool {
    fn text(c: &Cell) -> Option<&str> {
        match c {
            Cell::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }
    fn ts(c: &Cell) -> Option<Timestamp> {
        match c {
            Cell::Timestamp(t) => Some(*t),
            _ => None,
        }
    }
    let grants: Vec<&Vec<Cell>> = data["consents"]
        .rows
        .iter()
        .filter(|r| text(&r[0]) == Some(person) && text(&r[1]) == Some(channel))
        .filter(|r| ts(&r[2]).is_some_and(|g| g.date <= as_of()))
        .collect();
    let Some(latest) = grants.iter().filter_map(|r| ts(&r[2])).max() else {
        return false;
    };
    let counts = |r: &Vec<Cell>| {
        let withdrawn = ts(&r[3]).is_some_and(|w| w.date <= as_of());
        let basis_ok = text(&r[4]).is_some_and(|b| bases.contains(&b));
        !withdrawn && basis_ok
    };
    let all_latest_count = grants
        .iter()
        .filter(|r| ts(&r[2]) == Some(latest))
        .all(|r| counts(r));
    let suppressed = data["suppressions"].rows.iter().any(|r| {
        text(&r[0]) == Some(person)
            && ts(&r[1]).is_some_and(|t| t.date <= as_of())
            && text(&r[2]).is_none_or(|c| c == channel)
    });
    all_latest_count && !suppressed
}

fn check_case(pg: &mut Engine, data: &Dataset) -> Result<(), TestCaseError> {
    let program = program(&[("property.seg", PROPERTY)]);
    let plans = lower(
        &program,
        &LowerOptions {
            as_of: AsOf::Fixed(as_of()),
            segments: Vec::new(),
        },
    );
    let Everywhere {
        reference,
        duckdb: on_duckdb,
        postgres: on_postgres,
    } = run_everywhere(&program, &plans, data, as_of(), pg).map_err(TestCaseError::fail)?;
    prop_assert_eq!(&on_duckdb, &reference);
    prop_assert_eq!(&on_postgres, &reference);
    for (segment, channel, bases) in [
        ("mail", "email", vec!["consent"]),
        ("letters", "post", vec!["consent", "legitimate_interest"]),
    ] {
        for member in &reference[segment] {
            prop_assert!(
                may_contact(data, member, channel, &bases),
                "{} is in {} without a valid {} consent",
                member,
                segment,
                channel
            );
        }
    }
    Ok(())
}

#[test]
fn no_member_of_a_channel_segment_lacks_valid_consent() {
    let server = PgServer::start().expect("a PostgreSQL server can be started for the tests");
    let pg = std::cell::RefCell::new(Engine::Postgres(Box::new(server.connect())));
    let program = program(&[("property.seg", PROPERTY)]);
    for ddl in create_tables(&program.schema, Target::Postgres) {
        pg.borrow_mut().batch(&ddl).expect("schema created");
    }
    let mut runner = crate::support::property_runner(64);
    if let Err(e) = runner.run(&data(), |data| check_case(&mut pg.borrow_mut(), &data)) {
        panic!("{e}");
    }
}
