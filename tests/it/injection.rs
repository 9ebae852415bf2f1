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
