//! Reading a warehouse's catalog for `seg schema import`: the tables of one schema with their
//! columns, types, nullability, primary keys, foreign keys and enum labels, on DuckDB or
//! PostgreSQL; and counting a column's missing values for `--check`.

use super::engine::Engine;
use super::errors::RunError;
use crate::import::{Catalog, CatalogColumn, CatalogTable};

/// The tables of `schema` (DuckDB's default is `main`, PostgreSQL's `public`), by name.
pub fn read_catalog(engine: &mut Engine, schema: &str) -> Result<Catalog, RunError> {
    let d = engine.target().dialect();
    let literal = d.string_literal(schema);
    let columns = engine.text_rows(
        &format!(
            "SELECT table_name, column_name, data_type, is_nullable, \
             COALESCE(CAST(numeric_precision AS VARCHAR), ''), \
             COALESCE(CAST(numeric_scale AS VARCHAR), ''), COALESCE(CAST(udt_name AS VARCHAR), '') \
             FROM information_schema.columns WHERE table_schema = {literal} \
             ORDER BY table_name, ordinal_position"
        ),
        7,
    )?;
    let mut catalog = Catalog {
        schema: schema.to_string(),
        tables: Vec::new(),
    };
    for row in columns {
        let [table, name, data_type, nullable, precision, scale, udt] = &row[..] else {
            continue;
        };
        if catalog.tables.last().is_none_or(|t| &t.name != table) {
            catalog.tables.push(CatalogTable {
                name: table.clone(),
                ..CatalogTable::default()
            });
        }
        let mut data_type = data_type.to_ascii_lowercase();
        if data_type == "numeric" && !precision.is_empty() && !scale.is_empty() {
            data_type = format!("numeric({precision},{scale})");
        }
        let labels = match engine {
            Engine::DuckDb(_) if data_type.starts_with("enum(") => quoted_labels(&data_type),
            Engine::Postgres(_) if data_type == "user-defined" => postgres_labels(engine, udt)?,
            _ => Vec::new(),
        };
        if let Some(t) = catalog.tables.last_mut() {
            t.columns.push(CatalogColumn {
                name: name.clone(),
                data_type,
                nullable: nullable.eq_ignore_ascii_case("yes"),
                labels,
            });
        }
    }
    for (table, kind, column, referenced, referenced_column) in constraints(engine, schema)? {
        let Some(t) = catalog.tables.iter_mut().find(|t| t.name == table) else {
            continue;
        };
        match kind.as_str() {
            "p" => t.primary_key.push(column),
            _ => t.foreign_keys.push((column, referenced, referenced_column)),
        }
    }
    Ok(catalog)
}

/// A primary key (`p`) or foreign key (`f`) of one column: (table, kind, column, referenced
/// table, referenced column).
type Constraint = (String, String, String, String, String);

/// The single-column primary and foreign keys of `schema`.
fn constraints(engine: &mut Engine, schema: &str) -> Result<Vec<Constraint>, RunError> {
    let literal = engine.target().dialect().string_literal(schema);
    let rows = match engine {
        Engine::DuckDb(_) => engine.text_rows(
            &format!(
                "SELECT table_name, \
                 CASE constraint_type WHEN 'PRIMARY KEY' THEN 'p' ELSE 'f' END, \
                 constraint_column_names[1], COALESCE(referenced_table, ''), \
                 COALESCE(referenced_column_names[1], '') \
                 FROM duckdb_constraints() \
                 WHERE schema_name = {literal} AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY') \
                 AND len(constraint_column_names) = 1 ORDER BY table_name, constraint_index"
            ),
            5,
        )?,
        Engine::Postgres(_) => engine.text_rows(
            &format!(
                "SELECT cl.relname::text, c.contype::text, a.attname::text, \
                 COALESCE(rcl.relname::text, ''), COALESCE(ra.attname::text, '') \
                 FROM pg_constraint c \
                 JOIN pg_class cl ON cl.oid = c.conrelid \
                 JOIN pg_namespace n ON n.oid = cl.relnamespace \
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] \
                 LEFT JOIN pg_class rcl ON rcl.oid = c.confrelid \
                 LEFT JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1] \
                 WHERE n.nspname = {literal} AND c.contype IN ('p', 'f') \
                 AND cardinality(c.conkey) = 1 ORDER BY cl.relname, c.conname"
            ),
            5,
        )?,
    };
    Ok(rows
        .into_iter()
        .filter_map(|r| match &r[..] {
            [a, b, c, d, e] => Some((a.clone(), b.clone(), c.clone(), d.clone(), e.clone())),
            _ => None,
        })
        .collect())
}

/// The labels of a DuckDB `enum('a', 'b')` type as written in the catalog.
fn quoted_labels(data_type: &str) -> Vec<String> {
    let inner = data_type
        .strip_prefix("enum(")
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or("");
    inner
        .split("', '")
        .map(|l| l.trim().trim_matches('\'').replace("''", "'"))
        .filter(|l| !l.is_empty())
        .collect()
}

/// The labels of a PostgreSQL enum type, in their order.
fn postgres_labels(engine: &mut Engine, type_name: &str) -> Result<Vec<String>, RunError> {
    let literal = engine.target().dialect().string_literal(type_name);
    let rows = engine.text_rows(
        &format!(
            "SELECT e.enumlabel::text FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid \
             WHERE t.typname = {literal} ORDER BY e.enumsortorder"
        ),
        1,
    )?;
    Ok(rows
        .into_iter()
        .filter_map(|r| r.into_iter().next())
        .collect())
}

/// How many rows of `schema.table` have no value in `column`.
pub fn missing_values(
    engine: &mut Engine,
    schema: &str,
    table: &str,
    column: &str,
) -> Result<u64, RunError> {
    let d = engine.target().dialect();
    let sql = format!(
        "SELECT CAST(COUNT(*) AS VARCHAR) FROM {}.{} WHERE {} IS NULL",
        d.quote_ident(schema),
        d.quote_ident(table),
        d.quote_ident(column)
    );
    let rows = engine.text_rows(&sql, 1)?;
    Ok(rows
        .first()
        .and_then(|r| r.first())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0))
}
