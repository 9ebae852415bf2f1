//! Executing plans on a real engine (embedded DuckDB or a PostgreSQL server) and collecting the
//! members of each segment.

use super::errors::RunError;
use super::reference::Members;
use crate::check::typed::TablePath;
use crate::ir::Plan;
use crate::sql::{emit, Form, Target};
use std::collections::{BTreeMap, BTreeSet};

/// An engine that can run seglang's SQL.
pub enum Engine {
    DuckDb(duckdb::Connection),
    Postgres(Box<postgres::Client>),
}

/// What running a set of plans produced.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// The members' keys per segment; none when they were only counted
    /// (`run::kpis::counted`).
    pub members: Members,
    /// How many members each segment has.
    pub sizes: BTreeMap<String, u64>,
    /// Rows of each entity table, by entity name.
    pub entity_rows: BTreeMap<String, u64>,
    /// The entity of each segment.
    pub segment_entity: BTreeMap<String, String>,
}

impl Engine {
    /// Connects to PostgreSQL at `url` (`postgres://…` or `host=… dbname=…`).
    pub fn postgres(url: &str) -> Result<Engine, RunError> {
        postgres::Client::connect(url, postgres::NoTls)
            .map(|c| Engine::Postgres(Box::new(c)))
            .map_err(|e| RunError::Connect {
                message: e.to_string(),
            })
    }

    /// The SQL dialect this engine runs.
    pub fn target(&self) -> Target {
        match self {
            Engine::DuckDb(_) => Target::DuckDb,
            Engine::Postgres(_) => Target::Postgres,
        }
    }

    /// The engine's name for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Engine::DuckDb(_) => "DuckDB",
            Engine::Postgres(_) => "PostgreSQL",
        }
    }

    /// Runs statements that return nothing (DDL, inserts, transaction control).
    pub fn batch(&mut self, sql: &str) -> Result<(), RunError> {
        let name = self.name();
        match self {
            Engine::DuckDb(conn) => conn
                .execute_batch(sql)
                .map_err(|e| engine_error(name, &e.to_string(), sql)),
            Engine::Postgres(client) => client
                .batch_execute(sql)
                .map_err(|e| engine_error(name, &pg_message(&e), sql)),
        }
    }

    /// Runs every plan's membership query and counts each entity's rows.
    pub fn run(&mut self, plans: &[Plan]) -> Result<Outcome, RunError> {
        let mut outcome = Outcome::default();
        for plan in plans {
            let rows = self.count_rows(&plan.entity.table, &plan.entity.name)?;
            outcome.entity_rows.insert(plan.entity.name.clone(), rows);
            for rule in &plan.segments {
                outcome.members.insert(rule.name(), BTreeSet::new());
                outcome
                    .segment_entity
                    .insert(rule.name(), plan.entity.name.clone());
            }
            let sql = emit(plan, Form::Membership, self.target())?;
            let d = self.target().dialect();
            // Keys come back as text whatever their declared type.
            let wrapped = format!(
                "SELECT CAST(m.{} AS VARCHAR), m.segment FROM (\n{}\n) AS m",
                d.quote_ident(&plan.entity.key),
                sql.trim_end().trim_end_matches(';')
            );
            for (key, segment) in self.pairs(&wrapped)? {
                outcome.members.entry(segment).or_default().insert(key);
            }
        }
        outcome.sizes = (outcome.members.iter())
            .map(|(segment, keys)| (segment.clone(), keys.len() as u64))
            .collect();
        Ok(outcome)
    }

    /// Runs the export query of `plan.segments[index]`: the members' keys and consent evidence,
    /// all as text (missing values empty). The first row is the header.
    pub fn export(&mut self, plan: &Plan, index: usize) -> Result<Vec<Vec<String>>, RunError> {
        let rule = &plan.segments[index];
        let d = self.target().dialect();
        let mut columns = vec![plan.entity.key.clone()];
        columns.extend(rule.evidence.iter().map(|(name, _)| name.clone()));
        let casts: Vec<String> = columns
            .iter()
            .map(|c| format!("COALESCE(CAST(m.{} AS VARCHAR), '')", d.quote_ident(c)))
            .collect();
        let sql = emit(plan, Form::Export(index), self.target())?;
        let wrapped = format!(
            "SELECT {} FROM (\n{}\n) AS m ORDER BY 1",
            casts.join(", "),
            sql.trim_end().trim_end_matches(';')
        );
        let mut rows = vec![columns.clone()];
        rows.extend(self.text_rows(&wrapped, columns.len())?);
        Ok(rows)
    }

    /// Runs a query whose first `width` columns are text (cast them: `CAST(x AS VARCHAR)`, and
    /// `COALESCE` what may be missing) and returns its rows.
    pub fn text_rows(&mut self, sql: &str, width: usize) -> Result<Vec<Vec<String>>, RunError> {
        let name = self.name();
        match self {
            Engine::DuckDb(conn) => {
                let mut stmt = conn
                    .prepare(sql)
                    .map_err(|e| engine_error(name, &e.to_string(), sql))?;
                let found = stmt
                    .query_map([], |r| {
                        (0..width)
                            .map(|i| r.get::<_, String>(i))
                            .collect::<Result<Vec<_>, _>>()
                    })
                    .map_err(|e| engine_error(name, &e.to_string(), sql))?;
                found
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| engine_error(name, &e.to_string(), sql))
            }
            Engine::Postgres(client) => {
                let found = client
                    .query(sql, &[])
                    .map_err(|e| engine_error(name, &pg_message(&e), sql))?;
                Ok(found
                    .iter()
                    .map(|r| (0..width).map(|i| r.get::<_, String>(i)).collect())
                    .collect())
            }
        }
    }

    /// How many rows `table` (declared as `declared`) has.
    pub(super) fn count_rows(
        &mut self,
        table: &TablePath,
        declared: &str,
    ) -> Result<u64, RunError> {
        self.count_of(table, declared, "SELECT COUNT(*) FROM {}")
    }

    /// Whether `table` has a row (reading one at most), or [`RunError::MissingTable`] naming
    /// the declaration `declared` when it does not exist.
    pub fn has_rows(&mut self, table: &TablePath, declared: &str) -> Result<bool, RunError> {
        let probe = "SELECT COUNT(*) FROM (SELECT 1 AS one FROM {} LIMIT 1) AS probe";
        Ok(self.count_of(table, declared, probe)? > 0)
    }

    /// The number `query` returns, its `{}` replaced by `table`'s quoted name.
    fn count_of(
        &mut self,
        table: &TablePath,
        declared: &str,
        query: &str,
    ) -> Result<u64, RunError> {
        let d = self.target().dialect();
        let name: Vec<String> = table.0.iter().map(|p| d.quote_ident(p)).collect();
        let sql = query.replace("{}", &name.join("."));
        let missing = || RunError::MissingTable {
            table: table.0.join("."),
            declared: declared.to_string(),
        };
        match self {
            Engine::DuckDb(conn) => conn
                .query_row(&sql, [], |r| r.get::<_, i64>(0))
                .map(|n| n.max(0) as u64)
                .map_err(|e| match e.to_string().contains("does not exist") {
                    true => missing(),
                    false => engine_error("DuckDB", &e.to_string(), &sql),
                }),
            Engine::Postgres(client) => client
                .query_one(sql.as_str(), &[])
                .map(|row| row.get::<_, i64>(0).max(0) as u64)
                .map_err(
                    |e| match e.code() == Some(&postgres::error::SqlState::UNDEFINED_TABLE) {
                        true => missing(),
                        false => engine_error("PostgreSQL", &pg_message(&e), &sql),
                    },
                ),
        }
    }

    fn pairs(&mut self, sql: &str) -> Result<Vec<(String, String)>, RunError> {
        let name = self.name();
        match self {
            Engine::DuckDb(conn) => {
                let mut stmt = conn
                    .prepare(sql)
                    .map_err(|e| engine_error(name, &e.to_string(), sql))?;
                let rows = stmt
                    .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                    .map_err(|e| engine_error(name, &e.to_string(), sql))?;
                rows.collect::<Result<Vec<_>, _>>()
                    .map_err(|e| engine_error(name, &e.to_string(), sql))
            }
            Engine::Postgres(client) => {
                let rows = client
                    .query(sql, &[])
                    .map_err(|e| engine_error(name, &pg_message(&e), sql))?;
                Ok(rows
                    .iter()
                    .map(|r| (r.get::<_, String>(0), r.get::<_, String>(1)))
                    .collect())
            }
        }
    }
}

fn pg_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    }
}

fn engine_error(engine: &'static str, message: &str, sql: &str) -> RunError {
    RunError::Engine {
        engine,
        message: format!("{message}\n{sql}"),
    }
}
