//! `seg schema import --check`: where a project's schema and the warehouse disagree. Each
//! disagreement is a diagnostic on the declaration it concerns.

use super::{seglang_type, Catalog};
use crate::check::typed::{Column, Schema, TablePath, Type};
use crate::source::Span;
use miette::Diagnostic;
use thiserror::Error;

/// A difference between a declared table and the warehouse's.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum Drift {
    #[error(
        "table `{path}` is declared but the warehouse schema `{schema}` has no table `{table}`"
    )]
    #[diagnostic(
        code(E0240),
        help("create the table, point `from` at the table that holds these rows, or remove the declaration")
    )]
    MissingTable {
        #[label("declared here")]
        span: Span,
        path: String,
        table: String,
        schema: String,
    },

    #[error("column `{table}.{column}` is declared but the warehouse table has no such column")]
    #[diagnostic(
        code(E0241),
        help("add the column to the table, or remove it from the declaration (check the segments that read it with `seg graph --uses`)")
    )]
    MissingColumn {
        #[label("declared here")]
        span: Span,
        table: String,
        column: String,
    },

    #[error("column `{table}.{column}` is declared {declared} but the warehouse has {found}")]
    #[diagnostic(
        code(E0242),
        help("declare the type the warehouse holds ({suggested}), or change the column in the warehouse")
    )]
    TypeMismatch {
        #[label("declared {declared}")]
        span: Span,
        table: String,
        column: String,
        declared: String,
        found: String,
        suggested: String,
    },

    #[error("column `{table}.{column}` is declared without `?` but {rows} row(s) of the warehouse table have no value")]
    #[diagnostic(
        code(E0243),
        help("declare it `{column}: {declared}?` if a missing value is normal, or fill the rows")
    )]
    MissingValues {
        #[label("declared as always present")]
        span: Span,
        table: String,
        column: String,
        declared: String,
        rows: u64,
    },
}

impl Drift {
    /// The declaration's span, whose file the diagnostic points into.
    pub fn span(&self) -> Span {
        match self {
            Drift::MissingTable { span, .. }
            | Drift::MissingColumn { span, .. }
            | Drift::TypeMismatch { span, .. }
            | Drift::MissingValues { span, .. } => *span,
        }
    }
}

/// A declared column that must always have a value but whose warehouse column accepts none:
/// only its rows can say whether it drifted (`(table in the warehouse, column, declared type,
/// span)`).
pub type NullableColumn = (String, String, String, Span);

/// Every declared table of `schema` against the catalog: missing tables and columns and types
/// that differ, and the columns whose missing values only a count of rows can find.
pub fn drift(schema: &Schema, catalog: &Catalog) -> (Vec<Drift>, Vec<NullableColumn>) {
    let mut found = Vec::new();
    let mut nullable = Vec::new();
    let mut tables: Vec<(&TablePath, &[Column], Span)> = Vec::new();
    tables.extend(
        schema
            .entities
            .iter()
            .map(|e| (&e.table, &e.columns[..], e.span)),
    );
    tables.extend(
        schema
            .facts
            .iter()
            .map(|f| (&f.table, &f.columns[..], f.span)),
    );
    tables.extend(
        schema
            .consents
            .iter()
            .map(|c| (&c.table, &c.columns[..], c.span)),
    );
    tables.extend(
        schema
            .suppressions
            .iter()
            .map(|s| (&s.table, &s.columns[..], s.span)),
    );
    for (path, columns, span) in tables {
        let name = path.0.last().cloned().unwrap_or_default();
        let Some(table) = catalog.table(&name) else {
            found.push(Drift::MissingTable {
                span,
                path: path.0.join("."),
                table: name,
                schema: catalog.schema.clone(),
            });
            continue;
        };
        for column in columns {
            let Some(there) = table.column(&column.name) else {
                found.push(Drift::MissingColumn {
                    span: column.span,
                    table: name.clone(),
                    column: column.name.clone(),
                });
                continue;
            };
            let declared = column.ty.describe();
            match seglang_type(there) {
                Some(t) if same_kind(&column.ty, &t) => {}
                other => found.push(Drift::TypeMismatch {
                    span: column.span,
                    table: name.clone(),
                    column: column.name.clone(),
                    declared,
                    found: there.data_type.clone(),
                    suggested: other.unwrap_or_else(|| "no seglang type".into()),
                }),
            }
            if !column.nullable && there.nullable {
                nullable.push((
                    name.clone(),
                    column.name.clone(),
                    column.ty.describe(),
                    column.span,
                ));
            }
        }
    }
    (found, nullable)
}

/// Whether a warehouse type (as seglang writes it) holds a declared type's values: an enum is
/// a string with fewer values, and a decimal may have any precision that keeps its scale.
fn same_kind(declared: &Type, found: &str) -> bool {
    let base = found.split('(').next().unwrap_or("");
    match declared {
        Type::String | Type::Enum(_) => base == "string" || base == "enum",
        Type::Int => base == "int",
        Type::Bool => base == "bool",
        Type::Date => base == "date",
        Type::Timestamp => base == "timestamp",
        Type::Decimal { scale, .. } => {
            base == "int" && *scale == 0
                || found == "decimal"
                || found.ends_with(&format!(", {scale})")) && base == "decimal"
        }
    }
}
