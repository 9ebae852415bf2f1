//! Nothing a `.seg` file contains can inject SQL: hostile literals run on DuckDB as plain text.

use seglang::check::CheckOptions;

#[test]
fn hostile_strings_are_matched_as_plain_text_on_duckdb() {
    let schema = "entity people from \"p\" { key id: string\n name: string }\n";
    let hostile = r#"segment s on people { where name = "x'; DROP TABLE p; --" or name contains "\\' OR 1=1 --" }"#;
    let analysis = seglang::analyze_sources(
        &[("s.seg", hostile), ("schema.seg", schema)],
        &CheckOptions::default(),
    );
    let program = analysis.program.expect("valid");
    let conn = duckdb::Connection::open_in_memory().expect("DuckDB");
    conn.execute_batch("CREATE TABLE p (id VARCHAR, name VARCHAR); INSERT INTO p VALUES ('1', 'x''; DROP TABLE p; --')")
        .expect("setup");
    let plans = seglang::ir::lower(
        &program,
        &seglang::ir::LowerOptions {
            as_of: seglang::ir::AsOf::Today,
            segments: Vec::new(),
        },
    );
    let sql = seglang::sql::emit(
        &plans[0],
        seglang::sql::Form::Members(0),
        seglang::sql::Target::DuckDb,
    )
    .expect("DuckDB expresses the hostile segment");
    let mut stmt = conn.prepare(&sql).expect("one statement");
    let keys: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .expect("runs")
        .map(|r| r.expect("row"))
        .collect();
    assert_eq!(
        keys,
        vec!["1".to_string()],
        "the hostile literal is matched as plain text"
    );
    let count: i64 = conn
        .query_row("SELECT COUNT(*) FROM p", [], |r| r.get(0))
        .expect("table still exists");
    assert_eq!(count, 1);
}

/// A lookup named like an SQL keyword, in a schema whose name needs quotes, with columns named
/// like keywords, read with a hostile literal: it runs on DuckDB as the names and text written.
#[test]
fn lookups_named_like_sql_keywords_run_with_hostile_text_on_duckdb() {
    let schema = r#"
entity people from "p" { key id: string }
facts orders of people(person_id) from "p_orders" {
  select_id: string? -> order
}
lookup order(select_id) from "My-Shop.order" {
  group: string
  union: bool
}
"#;
    let hostile = r#"segment s on people { where orders.any(where order.group = "x'; DROP TABLE p; --" and order.union) }"#;
    let analysis = seglang::analyze_sources(
        &[("s.seg", hostile), ("schema.seg", schema)],
        &CheckOptions::default(),
    );
    let program = analysis.program.expect("valid");
    let conn = duckdb::Connection::open_in_memory().expect("DuckDB");
    conn.execute_batch(
        r#"CREATE TABLE p (id VARCHAR);
        INSERT INTO p VALUES ('1'), ('2');
        CREATE TABLE p_orders (person_id VARCHAR, select_id VARCHAR);
        INSERT INTO p_orders VALUES ('1', 'k1'), ('2', 'k2');
        CREATE SCHEMA "My-Shop";
        CREATE TABLE "My-Shop"."order" (select_id VARCHAR, "group" VARCHAR, "union" BOOLEAN);
        INSERT INTO "My-Shop"."order" VALUES ('k1', 'x''; DROP TABLE p; --', TRUE), ('k2', 'x', TRUE);"#,
    )
    .expect("setup");
    let plans = seglang::ir::lower(
        &program,
        &seglang::ir::LowerOptions {
            as_of: seglang::ir::AsOf::Today,
            segments: Vec::new(),
        },
    );
    let sql = seglang::sql::emit(
        &plans[0],
        seglang::sql::Form::Members(0),
        seglang::sql::Target::DuckDb,
    )
    .expect("DuckDB expresses the segment");
    let mut stmt = conn.prepare(&sql).expect("one statement");
    let keys: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .expect("runs")
        .map(|r| r.expect("row"))
        .collect();
    assert_eq!(keys, vec!["1".to_string()], "{sql}");
    let count: i64 = conn
        .query_row("SELECT COUNT(*) FROM p", [], |r| r.get(0))
        .expect("table still exists");
    assert_eq!(count, 2);
}
