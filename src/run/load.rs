//! Loading a directory of CSV or Parquet files into an embedded DuckDB, one file per declared table,
//! checked against the schema first so that a bad file gives an error naming file, line and column.

use super::errors::RunError;
use crate::check::typed::{Column, Schema, TablePath, Type};
use crate::sql::Target;
use duckdb::Connection;
use std::path::{Path, PathBuf};

/// A table loaded from a file.
#[derive(Debug, Clone)]
pub struct LoadedTable {
    pub name: String,
    pub file: PathBuf,
    pub rows: u64,
}

/// Loads `dir/<table>.csv` (or `.parquet`) for every table of `schema` into `conn`, under the
/// physical names the generated SQL uses.
pub fn load_directory(
    conn: &Connection,
    schema: &Schema,
    dir: &Path,
) -> Result<Vec<LoadedTable>, RunError> {
    let mut loaded = Vec::new();
    for (name, path, columns) in schema.declared_tables() {
        let csv = dir.join(format!("{name}.csv"));
        let parquet = dir.join(format!("{name}.parquet"));
        let (file, reader) = if csv.is_file() {
            (csv, Reader::Csv)
        } else if parquet.is_file() {
            (parquet, Reader::Parquet)
        } else {
            return Err(RunError::MissingDataFile {
                table: name.to_string(),
                expected: format!("{} or {}", csv.display(), parquet.display()),
            });
        };
        let rows = load_table(conn, name, path, columns, &file, reader)?;
        loaded.push(LoadedTable {
            name: name.to_string(),
            file,
            rows,
        });
    }
    Ok(loaded)
}

#[derive(Clone, Copy, PartialEq)]
enum Reader {
    Csv,
    Parquet,
}

const RAW: &str = "seg_raw";

fn load_table(
    conn: &Connection,
    name: &str,
    path: &TablePath,
    columns: &[Column],
    file: &Path,
    reader: Reader,
) -> Result<u64, RunError> {
    let d = Target::DuckDb.dialect();
    let shown = file.display().to_string();
    let literal = d.string_literal(&file.to_string_lossy());
    let source = match reader {
        // Every field as text, so that validation sees what the file says; `""` stays an empty
        // string and only an empty unquoted field is missing.
        Reader::Csv => format!(
            "read_csv({literal}, header = true, delim = ',', quote = '\"', escape = '\"', \
             all_varchar = true, allow_quoted_nulls = false)"
        ),
        Reader::Parquet => format!("read_parquet({literal})"),
    };
    let first_line = if reader == Reader::Csv { 2 } else { 1 };
    exec(
        conn,
        &format!(
            "CREATE OR REPLACE TEMP TABLE {RAW} AS SELECT ROW_NUMBER() OVER () + {} AS seg_line, * FROM {source}",
            first_line - 1
        ),
    )
    .map_err(|message| RunError::UnreadableFile {
        file: shown.clone(),
        reason: first_line_of(&message),
    })?;
    let present = raw_columns(conn)?;
    for c in columns {
        if !present.contains(&c.name) {
            return Err(RunError::MissingColumn {
                file: shown,
                table: name.to_string(),
                column: c.name.clone(),
            });
        }
        validate_column(conn, name, c, &shown, reader)?;
    }
    ensure_namespace(conn, path)?;
    let table: Vec<String> = path.0.iter().map(|p| d.quote_ident(p)).collect();
    let select: Vec<String> = columns
        .iter()
        .map(|c| {
            let q = d.quote_ident(&c.name);
            format!("CAST({q} AS {}) AS {q}", duckdb_type(&c.ty))
        })
        .collect();
    exec(
        conn,
        &format!(
            "CREATE OR REPLACE TABLE {} AS SELECT {} FROM {RAW} ORDER BY seg_line",
            table.join("."),
            select.join(", ")
        ),
    )
    .map_err(|message| engine_error(&message))?;
    let rows: u64 = conn
        .query_row(&format!("SELECT COUNT(*) FROM {RAW}"), [], |r| {
            r.get::<_, i64>(0)
        })
        .map(|n| n.max(0) as u64)
        .map_err(|e| engine_error(&e.to_string()))?;
    exec(conn, &format!("DROP TABLE {RAW}")).map_err(|m| engine_error(&m))?;
    Ok(rows)
}

fn raw_columns(conn: &Connection) -> Result<Vec<String>, RunError> {
    let mut stmt = conn
        .prepare(&format!("SELECT column_name FROM (DESCRIBE {RAW})"))
        .map_err(|e| engine_error(&e.to_string()))?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(|e| engine_error(&e.to_string()))?
        .filter_map(Result::ok)
        .collect();
    Ok(names)
}

/// Finds the first row whose value in `c` does not fit the declared type.
fn validate_column(
    conn: &Connection,
    table: &str,
    c: &Column,
    file: &str,
    reader: Reader,
) -> Result<(), RunError> {
    let d = Target::DuckDb.dialect();
    let q = d.quote_ident(&c.name);
    if !c.nullable {
        if let Some((line, _)) = first_row(conn, &format!("{q} IS NULL"), &q)? {
            return Err(RunError::MissingValue {
                file: file.to_string(),
                line,
                table: table.to_string(),
                column: c.name.clone(),
            });
        }
    }
    let text = format!("CAST({q} AS VARCHAR)");
    let (bad, expected, help) = match &c.ty {
        Type::String => return Ok(()),
        Type::Enum(values) => {
            let list: Vec<String> = values.iter().map(|v| d.string_literal(v)).collect();
            (
                format!("{text} NOT IN ({})", list.join(", ")),
                format!("one of the declared values of `{}`", c.name),
                format!("declared values: {}", values.join(", ")),
            )
        }
        Type::Int if reader == Reader::Csv => (
            format!("NOT regexp_full_match({text}, '-?[0-9]+') OR TRY_CAST({q} AS BIGINT) IS NULL"),
            "a whole number".to_string(),
            "write whole numbers without separators, e.g. 1250".to_string(),
        ),
        Type::Decimal { scale, .. } if reader == Reader::Csv => (
            format!(
                "NOT regexp_full_match({text}, '-?[0-9]+(\\.[0-9]{{0,{scale}}})?') OR TRY_CAST({q} AS {}) IS NULL",
                duckdb_type(&c.ty)
            ),
            format!("a decimal with at most {scale} decimal places"),
            "write decimals with a dot and no thousands separator, e.g. 1250.50".to_string(),
        ),
        ty => (
            format!("TRY_CAST({q} AS {}) IS NULL", duckdb_type(ty)),
            format!("a valid {}", ty.describe()),
            match ty {
                Type::Date => "write dates as YYYY-MM-DD".to_string(),
                Type::Timestamp => "write timestamps as YYYY-MM-DD HH:MM:SS (UTC)".to_string(),
                Type::Bool => "write booleans as true or false".to_string(),
                _ => format!("the column is declared as {}", ty.describe()),
            },
        ),
    };
    match first_row(conn, &format!("{q} IS NOT NULL AND ({bad})"), &text)? {
        Some((line, value)) => Err(RunError::BadValue {
            file: file.to_string(),
            line,
            column: c.name.clone(),
            value,
            expected,
            help,
        }),
        None => Ok(()),
    }
}

/// The line and shown value of the first raw row matching `condition`.
fn first_row(
    conn: &Connection,
    condition: &str,
    shown: &str,
) -> Result<Option<(u64, String)>, RunError> {
    let sql = format!(
        "SELECT seg_line, COALESCE(CAST({shown} AS VARCHAR), '') FROM {RAW} WHERE {condition} ORDER BY seg_line LIMIT 1"
    );
    let mut stmt = conn
        .prepare(&sql)
        .map_err(|e| engine_error(&format!("{e}\n{sql}")))?;
    let mut rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .map_err(|e| engine_error(&format!("{e}\n{sql}")))?;
    match rows.next() {
        Some(Ok((line, value))) => Ok(Some((line.max(0) as u64, value))),
        Some(Err(e)) => Err(engine_error(&e.to_string())),
        None => Ok(None),
    }
}

/// Creates every table of `schema`, empty, with its declared types (and the schemas and catalogs
/// their names need).
pub fn create_empty_tables(conn: &Connection, schema: &Schema) -> Result<(), RunError> {
    let d = Target::DuckDb.dialect();
    for (_, path, columns) in schema.declared_tables() {
        ensure_namespace(conn, path)?;
        let name: Vec<String> = path.0.iter().map(|p| d.quote_ident(p)).collect();
        let cols: Vec<String> = columns
            .iter()
            .map(|c| format!("{} {}", d.quote_ident(&c.name), duckdb_type(&c.ty)))
            .collect();
        exec(
            conn,
            &format!(
                "CREATE OR REPLACE TABLE {} ({})",
                name.join("."),
                cols.join(", ")
            ),
        )
        .map_err(|m| engine_error(&m))?;
    }
    Ok(())
}

/// Creates the schema (and, for three-part names, the catalog) a table lives in.
fn ensure_namespace(conn: &Connection, path: &TablePath) -> Result<(), RunError> {
    let d = Target::DuckDb.dialect();
    match path.0.as_slice() {
        [catalog, schema, _] => {
            let attached: i64 = conn
                .query_row(
                    "SELECT COUNT(*) FROM duckdb_databases() WHERE database_name = ?",
                    [catalog],
                    |r| r.get(0),
                )
                .map_err(|e| engine_error(&e.to_string()))?;
            if attached == 0 {
                exec(
                    conn,
                    &format!("ATTACH ':memory:' AS {}", d.quote_ident(catalog)),
                )
                .map_err(|m| engine_error(&m))?;
            }
            exec(
                conn,
                &format!(
                    "CREATE SCHEMA IF NOT EXISTS {}.{}",
                    d.quote_ident(catalog),
                    d.quote_ident(schema)
                ),
            )
            .map_err(|m| engine_error(&m))
        }
        [schema, _] => exec(
            conn,
            &format!("CREATE SCHEMA IF NOT EXISTS {}", d.quote_ident(schema)),
        )
        .map_err(|m| engine_error(&m)),
        _ => Ok(()),
    }
}

/// The DuckDB type of a column type, with the declared precision of decimals.
pub fn duckdb_type(ty: &Type) -> String {
    match ty {
        Type::Decimal { precision, scale } => format!("DECIMAL({precision}, {scale})"),
        Type::String | Type::Enum(_) => "VARCHAR".into(),
        Type::Int => "BIGINT".into(),
        Type::Bool => "BOOLEAN".into(),
        Type::Date => "DATE".into(),
        Type::Timestamp => "TIMESTAMP".into(),
    }
}

fn exec(conn: &Connection, sql: &str) -> Result<(), String> {
    conn.execute_batch(sql).map_err(|e| e.to_string())
}

fn engine_error(message: &str) -> RunError {
    RunError::Engine {
        engine: "DuckDB",
        message: message.to_string(),
    }
}

fn first_line_of(message: &str) -> String {
    message.lines().next().unwrap_or("").to_string()
}
