//! `seg schema import` on real catalogs: the retail sample data in a DuckDB file (no keys
//! declared, as files load), and PostgreSQL tables with primary keys, a foreign key under another
//! name and an enum type. The imported schema checks the segments, and `--check` finds drift.

use crate::pg_server::PgServer;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seg(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seg"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("the seg binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

fn retail_program() -> seglang::check::typed::Program {
    let files: Vec<PathBuf> = ["schema.seg", "segments.seg"]
        .iter()
        .map(|f| root().join("examples/retail").join(f))
        .collect();
    let read = |p: &Path| std::fs::read(p);
    seglang::analyze(&files, &read, &Default::default())
        .expect("readable")
        .program
        .expect("the example checks")
}

#[test]
fn the_retail_warehouse_on_duckdb_imports_to_a_schema_its_segments_check_under() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("warehouse.duckdb");
    let db_path = db.to_string_lossy().to_string();
    {
        let conn = duckdb::Connection::open(&db).expect("a DuckDB file");
        seglang::run::load::load_directory(
            &conn,
            &retail_program().schema,
            &root().join("examples/retail/data"),
        )
        .expect("the sample data loads");
    }
    let project = dir.path().join("imported");
    std::fs::create_dir_all(&project).expect("dir");
    let schema = project.join("schema.seg").to_string_lossy().to_string();
    let out = seg(&[
        "schema", "import", "--duckdb", &db_path, "--schema", "crm", "--out", &schema,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // The import guesses no lookup (`products` becomes an entity, `order_lines.product_id` a
    // plain column), so the one segment that reads a lookup's column is left out.
    let segments = std::fs::read_to_string(root().join("examples/retail/segments.seg"))
        .expect("the retail segments");
    let (before, after) = segments
        .split_once("/// Bought a Verdure product")
        .expect("the retail segments read the products lookup");
    let rest = after.split_once("\n}\n").map_or("", |(_, rest)| rest);
    std::fs::write(project.join("segments.seg"), format!("{before}{rest}")).expect("write");
    let out = seg(&["check", &project.to_string_lossy()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{}",
        text(&out.stderr),
        std::fs::read_to_string(&schema).unwrap_or_default()
    );

    // The example's own schema matches the warehouse it was loaded into.
    let check = [
        "schema",
        "import",
        "--duckdb",
        &db_path,
        "--schema",
        "crm",
        "--check",
        "examples/retail",
    ];
    let out = seg(&check);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // Drift: a dropped column, and missing values in a column declared always present.
    {
        let conn = duckdb::Connection::open(&db).expect("a DuckDB file");
        conn.execute_batch(
            "ALTER TABLE crm.orders DROP COLUMN category;
             ALTER TABLE crm.customers ALTER COLUMN signup_at DROP NOT NULL;
             UPDATE crm.customers SET signup_at = NULL
               WHERE customer_id IN (SELECT customer_id FROM crm.customers ORDER BY 1 LIMIT 3);",
        )
        .expect("drift");
    }
    let out = seg(&check);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("E0241") && stderr.contains("orders.category"),
        "{stderr}"
    );
    assert!(
        stderr.contains("E0243") && stderr.contains("3 row(s)"),
        "{stderr}"
    );
}

#[test]
fn postgres_keys_foreign_keys_and_enums_become_the_schema() {
    let server = PgServer::start().expect("a throw-away PostgreSQL server");
    let mut client = server.connect();
    client
        .batch_execute(
            "CREATE TYPE sales_channel AS ENUM ('store', 'web', 'app');
             CREATE TABLE customers (customer_id text PRIMARY KEY, email text,
               religion text, signup_at timestamp NOT NULL, loyalty_card boolean NOT NULL);
             CREATE TABLE orders (order_id text PRIMARY KEY,
               buyer text NOT NULL REFERENCES customers(customer_id),
               placed_on date NOT NULL, amount numeric(12,2) NOT NULL,
               channel sales_channel NOT NULL, score double precision);
             INSERT INTO customers VALUES ('c1', 'a@example.fr', NULL, '2024-01-01', true);
             INSERT INTO orders VALUES ('o1', 'c1', '2026-11-01', 80.00, 'web', 0.5);",
        )
        .expect("tables");
    let out = seg(&["schema", "import", "--postgres", &server.url()]);
    let imported = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for line in [
        "entity customers from \"public.customers\" {",
        "  key customer_id: string",
        "  // review: personal data? If so, add `pii`.\n  email: string?",
        "facts orders of customers(buyer) from \"public.orders\" at placed_on {",
        "  key order_id",
        "  channel: enum(\"store\", \"web\", \"app\")",
        "  amount: decimal(12, 2)",
        "  // skipped: `score` is `double precision`",
    ] {
        if line == "  key order_id" {
            assert!(
                !imported.contains(line),
                "a facts table has no key:\n{imported}"
            );
            continue;
        }
        assert!(imported.contains(line), "missing {line:?} in:\n{imported}");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("schema.seg"), &imported).expect("write");
    std::fs::write(
        dir.path().join("segments.seg"),
        "segment web_buyers on customers { where orders.count(where channel = \"web\") >= 1 }\n",
    )
    .expect("write");
    let project = dir.path().to_string_lossy().to_string();
    let out = seg(&["check", &project]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = seg(&[
        "schema",
        "import",
        "--postgres",
        &server.url(),
        "--check",
        &project,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    client
        .batch_execute("ALTER TABLE orders ALTER COLUMN amount TYPE double precision;")
        .expect("drift");
    let out = seg(&[
        "schema",
        "import",
        "--postgres",
        &server.url(),
        "--check",
        &project,
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("E0242") && stderr.contains("orders.amount"),
        "{stderr}"
    );
}
