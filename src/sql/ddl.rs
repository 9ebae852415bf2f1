//! `CREATE TABLE` statements for a declared schema: used to load data into an embedded engine and
//! by the execution tests. Warehouses own their tables; seglang only reads them.

use super::Target;
use crate::check::typed::{Column, Schema, TablePath};
use crate::ir::ScalarType;

/// Statements creating every table of `schema` (and the schemas they live in) on `target`.
pub fn create_tables(schema: &Schema, target: Target) -> Vec<String> {
    let d = target.dialect();
    let tables: Vec<(&TablePath, &[Column])> = schema
        .declared_tables()
        .into_iter()
        .map(|(_, path, columns)| (path, columns))
        .collect();
    let mut out = Vec::new();
    let mut namespaces: Vec<String> = Vec::new();
    for (path, _) in &tables {
        if let [namespace, _] = path.0.as_slice() {
            if !namespaces.contains(namespace) {
                namespaces.push(namespace.clone());
                out.push(format!(
                    "CREATE SCHEMA IF NOT EXISTS {}",
                    d.quote_ident(namespace)
                ));
            }
        }
    }
    for (path, columns) in tables {
        let name: Vec<String> = path.0.iter().map(|p| d.quote_ident(p)).collect();
        let cols: Vec<String> = columns
            .iter()
            .map(|c| {
                let null = if c.nullable { "" } else { " NOT NULL" };
                format!(
                    "  {} {}{null}",
                    d.quote_ident(&c.name),
                    d.column_type(crate::ir::scalar_type(&c.ty))
                )
            })
            .collect();
        out.push(format!(
            "CREATE TABLE {} (\n{}\n)",
            name.join("."),
            cols.join(",\n")
        ));
    }
    out
}

/// The SQL type name of a value type on `target`, for loaders.
pub fn type_name(ty: ScalarType, target: Target) -> &'static str {
    target.dialect().type_name(ty)
}
