//! `INSERT` statements for in-memory rows: how `seg test` and the execution tests load a
//! [`Dataset`] into a real engine. Like `CREATE TABLE` (`ddl.rs`), this is SQL for loading data,
//! not for reading segments, so it is written directly rather than through the query tree.

use super::Target;
use crate::check::typed::Schema;
use crate::value::{Cell, Dataset};

/// `INSERT` statements loading `data` into the schema's tables on `target` (tables must exist).
pub fn insert_statements(schema: &Schema, data: &Dataset, target: Target) -> Vec<String> {
    let d = target.dialect();
    let mut out = Vec::new();
    for (name, path, _) in schema.declared_tables() {
        let Some(table) = data.get(name) else {
            continue;
        };
        if table.rows.is_empty() {
            continue;
        }
        let path: Vec<String> = path.0.iter().map(|p| d.quote_ident(p)).collect();
        let columns: Vec<String> = table.columns.iter().map(|c| d.quote_ident(c)).collect();
        for chunk in table.rows.chunks(500) {
            let values: Vec<String> = chunk
                .iter()
                .map(|row| {
                    let cells: Vec<String> = row.iter().map(|c| literal(c, target)).collect();
                    format!("({})", cells.join(", "))
                })
                .collect();
            out.push(format!(
                "INSERT INTO {} ({}) VALUES\n{}",
                path.join("."),
                columns.join(", "),
                values.join(",\n")
            ));
        }
    }
    out
}

/// An SQL literal for one value on `target`.
fn literal(cell: &Cell, target: Target) -> String {
    match cell {
        Cell::Null => "NULL".into(),
        Cell::Num(n) => {
            // A whole number is an integer literal everywhere; a fraction is spelt as the
            // dialect spells exact decimals (BigQuery types it, others write the digits).
            let text = n.to_string();
            if text.contains('.') {
                target.dialect().decimal_literal(&text)
            } else {
                text
            }
        }
        Cell::Str(s) => target.dialect().string_literal(s),
        Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Cell::Date(d) => format!("DATE '{d}'"),
        Cell::Timestamp(t) => format!("TIMESTAMP '{t}'"),
    }
}
