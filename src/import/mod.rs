//! `seg schema import`: a warehouse's tables as a `schema.seg` to review, and `--check`, the drift
//! between a project's schema and the warehouse. Pure: `run::catalog` reads the [`Catalog`] from
//! an engine, the CLI writes the text.
//!
//! What the warehouse cannot say is written as a comment to confirm, never as a silent choice:
//! a key or a link guessed from a column's name, a time column picked among several, and columns
//! whose names suggest personal data (`pii`) or a GDPR special category (`special`).

mod dbt;
mod drift;
mod render;

pub use dbt::catalog_from_manifest;
pub use drift::{drift, Drift};
pub use render::render_schema;

/// The tables of one schema of a warehouse, as its catalog describes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    /// The warehouse schema they are in (`main`, `public`, `crm`), for the `from` clauses.
    pub schema: String,
    pub tables: Vec<CatalogTable>,
}

/// One table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogTable {
    pub name: String,
    /// Its own warehouse schema, where tables come from several (a dbt project's sources and
    /// models); `None`: the catalog's.
    pub schema: Option<String>,
    pub columns: Vec<CatalogColumn>,
    /// The primary key's columns.
    pub primary_key: Vec<String>,
    /// Foreign keys of one column: (column, referenced table, referenced column).
    pub foreign_keys: Vec<(String, String, String)>,
}

/// One column and its type as the engine names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogColumn {
    pub name: String,
    /// The engine's type, lower case: `varchar`, `integer`, `numeric(12,2)`, `timestamp
    /// without time zone`, `enum('a','b')` …
    pub data_type: String,
    pub nullable: bool,
    /// The labels of an enum type, in order.
    pub labels: Vec<String>,
}

impl CatalogTable {
    pub fn column(&self, name: &str) -> Option<&CatalogColumn> {
        self.columns.iter().find(|c| c.name == name)
    }
}

impl Catalog {
    pub fn table(&self, name: &str) -> Option<&CatalogTable> {
        self.tables.iter().find(|t| t.name == name)
    }
}

/// The seglang type of a warehouse type; `None` for types seglang has no equivalent of
/// (floating point, JSON, arrays, binary …).
pub fn seglang_type(column: &CatalogColumn) -> Option<String> {
    let t = column.data_type.trim().to_ascii_lowercase();
    if !column.labels.is_empty() {
        let labels: Vec<String> = column
            .labels
            .iter()
            .map(|l| format!("\"{}\"", l.replace('\\', "\\\\").replace('"', "\\\"")))
            .collect();
        return Some(format!("enum({})", labels.join(", ")));
    }
    let base = t.split('(').next().unwrap_or("").trim();
    Some(match base {
        "varchar" | "character varying" | "text" | "string" | "char" | "character" | "bpchar"
        | "uuid" | "name" => "string".into(),
        "integer" | "int" | "int4" | "int8" | "int2" | "bigint" | "smallint" | "tinyint"
        | "hugeint" | "int64" | "ubigint" | "uinteger" | "usmallint" | "utinyint" => "int".into(),
        "boolean" | "bool" => "bool".into(),
        "date" => "date".into(),
        "timestamp"
        | "timestamp without time zone"
        | "timestamp with time zone"
        | "timestamptz"
        | "datetime" => "timestamp".into(),
        "decimal" | "numeric" => match precision_scale(&t) {
            Some((p, s)) => format!("decimal({p}, {s})"),
            None => "decimal".into(),
        },
        _ => return None,
    })
}

/// `(p, s)` of `numeric(p,s)` / `decimal(p, s)`.
fn precision_scale(t: &str) -> Option<(u32, u32)> {
    let inner = t.split_once('(')?.1.split_once(')')?.0;
    let (p, s) = inner.split_once(',')?;
    Some((p.trim().parse().ok()?, s.trim().parse().ok()?))
}
