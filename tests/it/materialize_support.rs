//! What the `seg materialize` tests share: a warehouse that outlives the binary's runs (a DuckDB
//! file or a throw-away PostgreSQL server), snapshots of its tables, and the binary run, paused
//! by its test hook, or killed.

use crate::emit::{members_by_query, state, Db, Member, State};
use crate::pg_server::PgServer;
use seglang::check::typed::Program;
use seglang::sql::{create_tables, Target};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// A database that outlives the runs of the binary, with the fixture's tables: a DuckDB file
/// (opened only between runs, since DuckDB lets one process hold it) or a PostgreSQL server.
pub(crate) struct Warehouse {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) postgres: Option<Db>,
    pub(crate) url: String,
}

impl Warehouse {
    pub(crate) fn new(target: Target, program: &Program) -> Warehouse {
        let dir = tempfile::tempdir().expect("a temp dir");
        let (postgres, url) = match target {
            Target::Postgres => {
                let server = PgServer::start().expect("a PostgreSQL server for the tests");
                let url = server.url();
                let db = Db::Postgres {
                    client: Box::new(server.connect()),
                    _server: Box::new(server),
                };
                (Some(db), url)
            }
            _ => (None, String::new()),
        };
        let mut warehouse = Warehouse { dir, postgres, url };
        warehouse.with(|db| {
            for ddl in create_tables(&program.schema, target) {
                db.exec(&ddl).expect("the fixture's tables are created");
            }
        });
        warehouse
    }

    pub(crate) fn file(&self) -> PathBuf {
        self.dir.path().join("crm.duckdb")
    }

    /// Runs `f` on a connection, closed again afterwards for a DuckDB file.
    pub(crate) fn with<R>(&mut self, f: impl FnOnce(&mut Db) -> R) -> R {
        match &mut self.postgres {
            Some(db) => f(db),
            None => {
                let conn = duckdb::Connection::open(self.file()).expect("the DuckDB file opens");
                f(&mut Db::DuckDb(conn))
            }
        }
    }

    /// `--duckdb FILE` or `--postgres URL`.
    pub(crate) fn args(&self) -> Vec<String> {
        match &self.postgres {
            Some(_) => vec!["--postgres".into(), self.url.clone()],
            None => vec!["--duckdb".into(), self.file().display().to_string()],
        }
    }

    pub(crate) fn state(&mut self) -> Snapshot {
        self.with(|db| Snapshot {
            tables: state(db),
            runs: {
                let mut rows = db.rows(
                    "SELECT segment, entity, definition_hash, CAST(as_of AS VARCHAR) \
                     FROM seg_membership_runs",
                    4,
                );
                rows.sort();
                rows
            },
        })
    }

    /// Waits until no session holds the advisory lock of a run: a killed run's server
    /// session ends a moment after its client dies, and a run started before that is refused
    /// (E0616), as two runs at once must be.
    pub(crate) fn wait_for_unlock(&mut self) {
        let sql = "SELECT CAST(COUNT(*) AS VARCHAR) FROM pg_locks WHERE locktype = 'advisory'";
        for _ in 0..200 {
            let held = self.with(|db| match db {
                Db::Postgres { .. } => db.rows(sql, 1) != vec![vec!["0".to_string()]],
                Db::DuckDb(_) => false,
            });
            if !held {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("a killed run's session still holds the advisory lock after 10 s");
    }

    pub(crate) fn members(&mut self, program: &Program, day: &str) -> BTreeSet<Member> {
        self.with(|db| members_by_query(db, program, day))
    }
}

/// Everything the five tables hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Snapshot {
    pub(crate) tables: State,
    pub(crate) runs: Vec<Vec<String>>,
}

/// A project directory holding `text` as its one file.
pub(crate) fn project(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join("emit.seg"), text).expect("the project is written");
    dir
}

pub(crate) fn command(project: &Path, warehouse: &Warehouse, extra: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_seg"));
    command
        .arg("materialize")
        .arg(project)
        .args(warehouse.args())
        .args(extra)
        .env("NO_COLOR", "1")
        .env_remove("SEG_MATERIALIZE_PAUSE");
    command
}

pub(crate) fn run(project: &Path, warehouse: &Warehouse, extra: &[&str]) -> Output {
    command(project, warehouse, extra)
        .stdin(Stdio::null())
        .output()
        .expect("the seg binary runs")
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

/// Runs and expects success.
pub(crate) fn ok(project: &Path, warehouse: &Warehouse, extra: &[&str]) -> Output {
    let output = run(project, warehouse, extra);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{extra:?}: {}",
        stderr(&output)
    );
    output
}

/// A run started with the test hook pausing it at `step`, returned once it says it paused.
/// A run paused by the test hook, and what it writes on stderr from then on (read as it comes,
/// so that it never writes to a closed pipe).
pub(crate) struct Paused {
    pub(crate) child: Child,
    pub(crate) rest: std::thread::JoinHandle<String>,
}

pub(crate) fn paused_at(
    project: &Path,
    warehouse: &Warehouse,
    extra: &[&str],
    step: &str,
) -> Paused {
    let mut child = command(project, warehouse, extra)
        .env("SEG_MATERIALIZE_PAUSE", step)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("the seg binary starts");
    let err = child.stderr.take().expect("piped stderr");
    let mut lines = BufReader::new(err).lines();
    loop {
        match lines.next() {
            Some(Ok(line)) if line.starts_with(&format!("paused at {step}")) => break,
            Some(Ok(_)) => continue,
            other => panic!("the run ended before pausing at {step}: {other:?}"),
        }
    }
    let rest =
        std::thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<_>>().join("\n"));
    Paused { child, rest }
}

pub(crate) fn stays<'a>(snapshot: &'a Snapshot, who: &Member) -> Vec<(&'a str, &'a str)> {
    snapshot
        .tables
        .history
        .iter()
        .filter(|r| (&r[0], &r[1], &r[2]) == (&who.0, &who.1, &who.2))
        .map(|r| (r[3].as_str(), r[4].as_str()))
        .collect()
}
