//! `seg compile --emit view|table|merge` executed on an embedded DuckDB and a throw-away
//! PostgreSQL server, day after day on `tests/fixtures/emit.seg`: each merge leaves the tables
//! holding what the membership queries (run separately, on the same data) say, the same date
//! twice changes nothing, a later date records entries and exits and closes stays, a changed
//! definition is the reason `definition`, the control group keeps its group, and an earlier
//! date is refused with the tables left as they were. BigQuery's `MERGE` statements run the same
//! story on PostgreSQL, the one engine here that has them.

use crate::pg_server::PgServer;
use crate::support::{date, program};
use seglang::check::typed::Program;
use seglang::check::CheckOptions;
use seglang::ir::{lower_stages, AsOf};
use seglang::sql::{
    create_membership_tables, create_tables, emit, merge_statements_using, Form, ObjectKind,
    Placement, Target, Upserts,
};
use seglang::{CompileOptions, Statements};
use std::collections::BTreeSet;

pub const FIXTURE: &str = include_str!("../fixtures/emit.seg");

/// An engine, with the fixture's tables when opened by [`Db::open`].
pub enum Db {
    DuckDb(duckdb::Connection),
    /// The client is dropped before the server it talks to, which lives as long as it.
    Postgres {
        client: Box<postgres::Client>,
        _server: Box<PgServer>,
    },
}

impl Db {
    /// An empty in-memory DuckDB, or a fresh PostgreSQL server.
    pub fn empty(target: Target) -> Db {
        match target {
            Target::DuckDb => Db::DuckDb(duckdb::Connection::open_in_memory().expect("DuckDB")),
            Target::Postgres => {
                let server = PgServer::start().expect("a PostgreSQL server for the tests");
                Db::Postgres {
                    client: Box::new(server.connect()),
                    _server: Box::new(server),
                }
            }
            Target::BigQuery => unreachable!("no BigQuery engine runs here"),
        }
    }

    pub fn open(target: Target, program: &Program) -> Db {
        let mut db = Db::empty(target);
        for ddl in create_tables(&program.schema, target) {
            db.exec(&ddl).expect("the fixture's tables are created");
        }
        db
    }

    pub fn target(&self) -> Target {
        match self {
            Db::DuckDb(_) => Target::DuckDb,
            Db::Postgres { .. } => Target::Postgres,
        }
    }

    pub fn exec(&mut self, sql: &str) -> Result<(), String> {
        match self {
            Db::DuckDb(conn) => conn.execute_batch(sql).map_err(|e| e.to_string()),
            Db::Postgres { client, .. } => client.batch_execute(sql).map_err(|e| format!("{e:?}")),
        }
    }

    /// The rows of a query whose `columns` columns are all text.
    pub fn rows(&mut self, sql: &str, columns: usize) -> Vec<Vec<String>> {
        match self {
            Db::DuckDb(conn) => {
                let mut stmt = conn
                    .prepare(sql)
                    .unwrap_or_else(|e| panic!("DuckDB: {e}\n{sql}"));
                let rows = stmt
                    .query_map([], |row| {
                        (0..columns).map(|i| row.get::<_, String>(i)).collect()
                    })
                    .unwrap_or_else(|e| panic!("DuckDB: {e}\n{sql}"));
                rows.map(|r| r.expect("text columns")).collect()
            }
            Db::Postgres { client, .. } => client
                .query(sql, &[])
                .unwrap_or_else(|e| panic!("PostgreSQL: {e:?}\n{sql}"))
                .iter()
                .map(|row| (0..columns).map(|i| row.get::<_, String>(i)).collect())
                .collect(),
        }
    }
}

/// The fixture, with `threshold` overridden when given.
pub fn fixture(threshold: Option<&str>) -> Program {
    match threshold {
        None => program(&[("emit.seg", FIXTURE)]),
        Some(value) => {
            let options = CheckOptions {
                params: vec![("threshold".into(), value.into())],
            };
            let analysis = seglang::analyze_sources(&[("emit.seg", FIXTURE)], &options);
            analysis.program.expect("the fixture checks")
        }
    }
}

fn options(target: Target, as_of: &str, statements: Statements) -> CompileOptions {
    CompileOptions {
        target,
        as_of: AsOf::Fixed(date(as_of)),
        segments: Vec::new(),
        statements,
    }
}

/// The merge script for `as_of`, with the dialect's upserts (as `seg compile --emit merge`
/// writes it) or with `MERGE` statements.
fn merge_script(program: &Program, target: Target, upserts: Upserts, as_of: &str) -> String {
    let options = options(target, as_of, Statements::Membership);
    let placement = Placement::default();
    if upserts == target.dialect().scripts.upserts {
        let statements =
            seglang::merge(program, &options, &placement, true).expect("the fixture compiles");
        return seglang::script_text(&statements);
    }
    let mut plans = seglang::plan(program, options.as_of, &[]).expect("plans");
    plans.extend((0..program.segmentations.len()).map(|i| lower_stages(program, options.as_of, i)));
    let hashes = seglang::definition_hashes(program, &[], target).expect("hashes");
    let mut statements = create_membership_tables(&placement, target);
    statements.extend(
        merge_statements_using(&plans, &hashes, &placement, target, upserts).expect("emits"),
    );
    seglang::script_text(&statements)
}

/// A (segment, key, group) triple.
pub type Member = (String, String, String);

/// The members as the membership queries of `seg compile` give them (every segment, then each
/// segmentation's stages), run on `db`, each control group under its segment.
pub fn members_by_query(db: &mut Db, program: &Program, as_of: &str) -> BTreeSet<Member> {
    let target = db.target();
    let mut plans = seglang::plan(program, AsOf::Fixed(date(as_of)), &[]).expect("plans");
    plans.extend(
        (0..program.segmentations.len())
            .map(|i| lower_stages(program, AsOf::Fixed(date(as_of)), i)),
    );
    let mut out = BTreeSet::new();
    for plan in &plans {
        let sql = emit(plan, Form::Membership, target).expect("emits");
        let sql = format!(
            "SELECT CAST(m.{} AS VARCHAR), m.segment FROM ({}) AS m",
            plan.entity.key,
            sql.trim_end().trim_end_matches(';')
        );
        for row in db.rows(&sql, 2) {
            let (segment, group) = match row[1].strip_suffix(":control") {
                Some(segment) => (segment.to_string(), "control"),
                None => (row[1].clone(), "treatment"),
            };
            out.insert((segment, row[0].clone(), group.to_string()));
        }
    }
    out
}

/// Everything in the four tables, sorted, dates as text and an open `valid_to` as `open`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub membership: Vec<Vec<String>>,
    pub history: Vec<Vec<String>>,
    pub events: Vec<Vec<String>>,
    pub segments: Vec<Vec<String>>,
}

pub fn state(db: &mut Db) -> State {
    let mut read = |sql: &str, columns| {
        let mut rows = db.rows(sql, columns);
        rows.sort();
        rows
    };
    State {
        membership: read(
            "SELECT segment, member_key, member_group, CAST(as_of AS VARCHAR) FROM seg_membership",
            4,
        ),
        history: read(
            "SELECT segment, member_key, member_group, CAST(valid_from AS VARCHAR), \
             COALESCE(CAST(valid_to AS VARCHAR), 'open'), definition_hash FROM seg_membership_history",
            6,
        ),
        events: read(
            "SELECT segment, member_key, member_group, event, CAST(event_date AS VARCHAR), reason \
             FROM seg_membership_events",
            6,
        ),
        segments: read(
            "SELECT segment, entity, definition_hash, CAST(as_of AS VARCHAR) FROM seg_segments",
            4,
        ),
    }
}

fn member(row: &[String]) -> Member {
    (row[0].clone(), row[1].clone(), row[2].clone())
}

/// The current members the tables hold, checked against the open stays.
pub fn current(state: &State) -> BTreeSet<Member> {
    let members: BTreeSet<Member> = state.membership.iter().map(|r| member(r)).collect();
    assert_eq!(members.len(), state.membership.len(), "one row per member");
    let open: Vec<Member> = state
        .history
        .iter()
        .filter(|r| r[4] == "open")
        .map(|r| member(r))
        .collect();
    assert_eq!(
        open.iter().cloned().collect::<BTreeSet<_>>(),
        members,
        "one open stay per current member"
    );
    assert_eq!(
        open.len(),
        members.len(),
        "never two open stays of one member"
    );
    members
}

/// The events of one date: (member, event, reason).
pub fn events_on(state: &State, day: &str) -> BTreeSet<(Member, String, String)> {
    let rows: Vec<_> = state.events.iter().filter(|r| r[4] == day).collect();
    let set: BTreeSet<_> = rows
        .iter()
        .map(|r| (member(r), r[3].clone(), r[5].clone()))
        .collect();
    assert_eq!(set.len(), rows.len(), "no event recorded twice on {day}");
    set
}

/// `entered` for `after - before`, `exited` for `before - after`, all with `reason`.
pub fn expected_events(
    before: &BTreeSet<Member>,
    after: &BTreeSet<Member>,
    reason: impl Fn(&str) -> &'static str,
) -> BTreeSet<(Member, String, String)> {
    let entered = after
        .difference(before)
        .map(|m| (m.clone(), "entered".to_string(), reason(&m.0).to_string()));
    let exited = before
        .difference(after)
        .map(|m| (m.clone(), "exited".to_string(), reason(&m.0).to_string()));
    entered.chain(exited).collect()
}

pub const DAY_1: &str = "2026-03-01";
pub const DAY_2: &str = "2026-03-08";
pub const DAY_3: &str = "2026-03-15";

/// Customers 1–12, half big spenders, most with an order in the last 30 days of `DAY_1`.
pub fn load_day_1(db: &mut Db) {
    let mut customers = Vec::new();
    let mut orders = Vec::new();
    for id in 1..=12 {
        let spend = if id % 2 == 0 { 150 } else { 20 + id * 5 };
        customers.push(format!("({id}, {spend})"));
        if id <= 10 {
            orders.push(format!("({id}, DATE '2026-02-20', 30)"));
        }
    }
    db.exec(&format!(
        "INSERT INTO shop.customers (id, spend) VALUES {};\n\
         INSERT INTO shop.orders (id, ordered_on, amount) VALUES {};",
        customers.join(", "),
        orders.join(", ")
    ))
    .expect("day 1 data");
}

/// A week later: two customers cross the threshold each way, two buy again, a new one arrives.
pub fn load_day_2(db: &mut Db) {
    db.exec(
        "UPDATE shop.customers SET spend = 300 WHERE id IN (1, 3);\n\
         UPDATE shop.customers SET spend = 5 WHERE id IN (2, 4);\n\
         INSERT INTO shop.customers (id, spend) VALUES (13, 500);\n\
         INSERT INTO shop.orders (id, ordered_on, amount) VALUES (11, DATE '2026-03-05', 10), (12, DATE '2026-03-07', 10);",
    )
    .expect("day 2 data");
}

pub fn merge(db: &mut Db, program: &Program, upserts: Upserts, as_of: &str) {
    let script = merge_script(program, db.target(), upserts, as_of);
    db.exec(&script)
        .unwrap_or_else(|e| panic!("the merge as of {as_of} failed: {e}"));
}

/// The whole story on one engine, with the upserts given.
fn merges_day_after_day(target: Target, upserts: Upserts) {
    let program = fixture(None);
    let mut db = Db::open(target, &program);
    load_day_1(&mut db);

    // Day 1: everyone enters; the first merge of a segment is its definition's doing.
    merge(&mut db, &program, upserts, DAY_1);
    let day_1 = state(&mut db);
    let members_1 = members_by_query(&mut db, &program, DAY_1);
    assert!(
        members_1.iter().any(|m| m.2 == "control"),
        "the holdout holds someone out"
    );
    assert_eq!(current(&day_1), members_1, "{target}: members after day 1");
    assert_eq!(
        events_on(&day_1, DAY_1),
        expected_events(&BTreeSet::new(), &members_1, |_| "definition"),
        "{target}: day 1 events"
    );
    assert!(day_1.history.iter().all(|r| r[3] == DAY_1));
    assert!(day_1.membership.iter().all(|r| r[3] == DAY_1));

    // The same date again: nothing changes.
    merge(&mut db, &program, upserts, DAY_1);
    assert_eq!(
        state(&mut db),
        day_1,
        "{target}: a second merge as of {DAY_1} changed the tables"
    );

    // Day 2: changed data; entries and exits, stays closed and opened.
    load_day_2(&mut db);
    merge(&mut db, &program, upserts, DAY_2);
    let day_2 = state(&mut db);
    let members_2 = members_by_query(&mut db, &program, DAY_2);
    assert_ne!(members_1, members_2, "the data of day 2 moves people");
    assert_eq!(current(&day_2), members_2, "{target}: members after day 2");
    assert_eq!(
        events_on(&day_2, DAY_2),
        expected_events(&members_1, &members_2, |_| "data"),
        "{target}: day 2 events"
    );
    for left in members_1.difference(&members_2) {
        let stays: Vec<&Vec<String>> = day_2
            .history
            .iter()
            .filter(|r| member(r) == *left)
            .collect();
        assert_eq!(stays.len(), 1, "{left:?}");
        assert_eq!(
            (stays[0][3].as_str(), stays[0][4].as_str()),
            (DAY_1, DAY_2),
            "{target}: the stay of {left:?} closes on {DAY_2}"
        );
    }
    for entered in members_2.difference(&members_1) {
        let stays: Vec<&Vec<String>> = day_2
            .history
            .iter()
            .filter(|r| member(r) == *entered)
            .collect();
        assert_eq!(stays.len(), 1, "{entered:?}");
        assert_eq!(
            (stays[0][3].as_str(), stays[0][4].as_str()),
            (DAY_2, "open"),
            "{target}: {entered:?}"
        );
    }
    for stayed in members_1.intersection(&members_2) {
        let stays: Vec<&Vec<String>> = day_2
            .history
            .iter()
            .filter(|r| member(r) == *stayed)
            .collect();
        assert_eq!(stays.len(), 1, "{stayed:?}");
        assert_eq!(
            (stays[0][3].as_str(), stays[0][4].as_str()),
            (DAY_1, "open"),
            "{target}: {stayed:?}"
        );
    }
    assert!(day_2.membership.iter().all(|r| r[3] == DAY_2));
    merge(&mut db, &program, upserts, DAY_2);
    assert_eq!(
        state(&mut db),
        day_2,
        "{target}: a second merge as of {DAY_2} changed the tables"
    );

    // Control-group members keep their group: held out on day 1, still held out, in one stay.
    let held_1: BTreeSet<&String> = members_1
        .iter()
        .filter(|m| m.2 == "control")
        .map(|m| &m.1)
        .collect();
    let held_2: BTreeSet<&String> = members_2
        .iter()
        .filter(|m| m.2 == "control")
        .map(|m| &m.1)
        .collect();
    for key in held_1.intersection(&held_2) {
        let buyer = |group: &str| ("buyers".to_string(), (*key).clone(), group.to_string());
        assert!(
            !members_2.contains(&buyer("treatment")),
            "{key} changed group"
        );
        let stays = day_2
            .history
            .iter()
            .filter(|r| member(r) == buyer("control"))
            .count();
        assert_eq!(
            stays, 1,
            "{target}: {key} has one stay in the control group"
        );
    }
    assert!(!held_1.is_empty());

    // Day 3: the threshold moves: its segments' events are the definition's, the others' data.
    let changed = fixture(Some("40"));
    merge(&mut db, &changed, upserts, DAY_3);
    let day_3 = state(&mut db);
    let members_3 = members_by_query(&mut db, &changed, DAY_3);
    assert_eq!(current(&day_3), members_3, "{target}: members after day 3");
    let moved = expected_events(&members_2, &members_3, |segment| match segment {
        "big_spenders" | "tier:high" | "tier:low" => "definition",
        _ => "data",
    });
    assert!(moved
        .iter()
        .any(|(m, _, reason)| m.0 == "big_spenders" && reason == "definition"));
    assert_eq!(events_on(&day_3, DAY_3), moved, "{target}: day 3 events");
    let hash = |s: &State, segment: &str| {
        s.segments
            .iter()
            .find(|r| r[0] == segment)
            .map(|r| r[2].clone())
    };
    assert_ne!(hash(&day_3, "big_spenders"), hash(&day_2, "big_spenders"));
    assert_eq!(hash(&day_3, "buyers"), hash(&day_2, "buyers"));

    // An earlier date is refused, and the tables stay as they were.
    let script = merge_script(&changed, target, upserts, DAY_2);
    let error = db
        .exec(&script)
        .expect_err("a date earlier than one merged is refused");
    assert!(
        error.contains("was merged for a later date"),
        "{target}: {error}"
    );
    db.exec("ROLLBACK").expect("the failed run is rolled back");
    assert_eq!(
        state(&mut db),
        day_3,
        "{target}: the refused run changed the tables"
    );
}

#[test]
fn merge_keeps_membership_history_and_events_on_duckdb() {
    merges_day_after_day(Target::DuckDb, Upserts::UpdateDeleteInsert);
}

#[test]
fn merge_keeps_membership_history_and_events_on_postgres() {
    merges_day_after_day(Target::Postgres, Upserts::UpdateDeleteInsert);
}

/// BigQuery's `MERGE` statements, on PostgreSQL (15 and later have `MERGE … WHEN [NOT] MATCHED
/// AND …`): no BigQuery runs here, so their logic is executed on the engine that has them.
#[test]
fn merge_statements_keep_membership_history_and_events_on_postgres() {
    merges_day_after_day(Target::Postgres, Upserts::Merge);
}

/// The views and tables hold what the queries return, and a second run replaces them.
fn views_and_tables_hold_the_queries(target: Target) {
    let program = fixture(None);
    let mut db = Db::open(target, &program);
    load_day_1(&mut db);
    let compiled =
        seglang::compile(&program, &options(target, DAY_1, Statements::All)).expect("compiles");
    for kind in [ObjectKind::View, ObjectKind::Table] {
        let objects = seglang::objects(
            &program,
            &options(target, DAY_1, Statements::All),
            kind,
            &Placement {
                schema: Some("marketing".into()),
                prefix: "seg_".into(),
            },
        )
        .expect("compiles");
        assert_eq!(objects.len(), compiled.statements.len());
        db.exec("CREATE SCHEMA IF NOT EXISTS marketing")
            .expect("schema");
        for _ in 0..2 {
            for object in &objects {
                db.exec(&seglang::script_text(&object.sql))
                    .unwrap_or_else(|e| panic!("{target} {kind:?} {}: {e}", object.name));
            }
        }
        for (object, statement) in objects.iter().zip(&compiled.statements) {
            let query = statement.sql.trim_end().trim_end_matches(';');
            let text = |columns: &str, from: &str| format!("SELECT {columns} FROM {from} AS q");
            let (columns, n) = match statement.segment {
                Some(_) => ("CAST(q.id AS VARCHAR)", 1),
                None => ("CAST(q.id AS VARCHAR), q.segment", 2),
            };
            let mut expected = db.rows(&text(columns, &format!("({query})")), n);
            let mut actual = db.rows(&text(columns, &format!("marketing.seg_{}", object.name)), n);
            expected.sort();
            actual.sort();
            assert!(!expected.is_empty(), "{}", object.name);
            assert_eq!(actual, expected, "{target} {kind:?} {}", object.name);
        }
        for object in &objects {
            let drop = match kind {
                ObjectKind::View => "VIEW",
                ObjectKind::Table => "TABLE",
            };
            db.exec(&format!("DROP {drop} marketing.seg_{}", object.name))
                .expect("drop");
        }
    }
}

#[test]
fn views_and_tables_hold_the_queries_on_duckdb() {
    views_and_tables_hold_the_queries(Target::DuckDb);
}

#[test]
fn views_and_tables_hold_the_queries_on_postgres() {
    views_and_tables_hold_the_queries(Target::Postgres);
}
