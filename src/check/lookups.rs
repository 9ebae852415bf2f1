//! Lookups: dimension tables declared as `lookup products(product_id) from "crm.products" { ... }`,
//! the facts columns that reference them (`product_id: string? -> products`), and their columns
//! read inside an aggregate over a table that references them (`products.brand`).

use super::errors::{a, did_you_mean, CheckError, LookupError};
use super::exprs::ExprChecker;
use super::names::{readable_column, Declared};
use super::schema::{columns, table_path};
use super::typed::*;
use crate::source::Span;
use crate::suggest::closest;
use crate::syntax::ast;

/// The column declarations of every table kind, for the references they may carry.
pub(super) struct ColumnSources<'d> {
    pub(super) entities: &'d [&'d ast::EntityDecl],
    pub(super) facts: &'d [&'d ast::FactsDecl],
    pub(super) consents: &'d [&'d ast::ConsentsDecl],
    pub(super) suppressions: &'d [&'d ast::SuppressionsDecl],
}

/// Adds every lookup to the schema (names unique among all tables), then the references of the
/// facts tables' columns to them; a reference anywhere else is refused.
pub(super) fn add_lookups(
    decls: &[&ast::LookupDecl],
    sources: &ColumnSources,
    schema: &mut Schema,
    seen: &mut Declared,
    errors: &mut Vec<CheckError>,
) {
    for decl in decls {
        if !seen.is_new("table", &decl.name.name, decl.name.span, errors) {
            continue;
        }
        refuse_references("lookup", &decl.name.name, &decl.columns, errors);
        schema.lookups.push(lookup(decl, errors));
    }
    for decl in sources.entities {
        refuse_references("entity", &decl.name.name, &decl.columns, errors);
    }
    let headers = (sources
        .consents
        .iter()
        .map(|c| (c.name.as_ref(), "consents", &c.header)))
    .chain((sources.suppressions.iter()).map(|s| (s.name.as_ref(), "suppressions", &s.header)));
    for (name, kind, header) in headers {
        let table = name.map_or(kind, |n| n.name.as_str());
        let kind = match kind {
            "consents" => "consent log",
            _ => "suppression list",
        };
        refuse_references(kind, table, &header.columns, errors);
    }
    for decl in sources.facts {
        // The table this declaration made (not another of the same name, refused as a duplicate).
        let made = (schema.facts.iter()).position(|f| f.span == decl.name.span);
        let Some(facts) = made else {
            // Not in the schema: its errors are at its declaration.
            continue;
        };
        references(FactsId(facts), &decl.header.columns, schema, errors);
    }
}

/// A lookup's columns, with its key: declared in the body (never nullable), or implied as a
/// `string`.
fn lookup(decl: &ast::LookupDecl, errors: &mut Vec<CheckError>) -> Lookup {
    let mut columns = columns(&decl.name.name, &decl.columns, errors);
    let key = match columns.iter().position(|c| c.name == decl.key.name) {
        Some(i) => {
            if columns[i].nullable {
                errors.push(CheckError::new(
                    decl.columns[i].ty.span,
                    LookupError::NullableKey {
                        lookup: decl.name.name.clone(),
                        key: decl.key.name.clone(),
                    },
                ));
            }
            i
        }
        None => {
            columns.push(Column {
                name: decl.key.name.clone(),
                ty: Type::String,
                nullable: false,
                pii: false,
                special: false,
                docs: None,
                span: decl.key.span,
            });
            columns.len() - 1
        }
    };
    Lookup {
        name: decl.name.name.clone(),
        docs: decl.docs.clone(),
        table: table_path(decl.table.as_ref(), &decl.name, errors),
        key,
        columns,
        span: decl.name.span,
    }
}

/// E0247 for every `-> lookup` on a column of a table that is not a facts table.
pub(super) fn refuse_references(
    kind: &'static str,
    table: &str,
    columns: &[ast::ColumnDecl],
    errors: &mut Vec<CheckError>,
) {
    for c in columns {
        if let Some(reference) = &c.reference {
            errors.push(CheckError::new(
                reference.span,
                LookupError::ReferenceOutsideFacts {
                    kind,
                    table: table.to_string(),
                },
            ));
        }
    }
}

/// The references of one facts table's columns: each to a lookup (E0244), with the key's type
/// (E0245), one per lookup (E0248). A column's declaration has the column's index.
fn references(
    facts: FactsId,
    decls: &[ast::ColumnDecl],
    schema: &mut Schema,
    errors: &mut Vec<CheckError>,
) {
    let mut found: Vec<(LookupId, Span)> = Vec::new();
    for (column, decl) in decls.iter().enumerate() {
        let Some(target) = &decl.reference else {
            continue;
        };
        let table = &schema.facts(facts).name;
        let Some(lookup) = schema.lookup_named(&target.name) else {
            let help = match schema.declared_tables().iter().any(|t| t.0 == target.name) {
                true => Some(format!(
                    "`{}` is not declared with `lookup`: a reference names a dimension table, e.g. `lookup {}({}) {{ ... }}`",
                    target.name, target.name, decl.name.name
                )),
                false => did_you_mean(closest(
                    &target.name,
                    schema.lookups.iter().map(|l| l.name.as_str()),
                ))
                .or(Some(format!(
                    "declare it: `lookup {}({}) {{ ... }}`",
                    target.name, decl.name.name
                ))),
            };
            errors.push(CheckError::new(
                target.span,
                LookupError::UnknownLookup {
                    table: table.clone(),
                    column: decl.name.name.clone(),
                    name: target.name.clone(),
                    help,
                },
            ));
            continue;
        };
        if let Some((_, first)) = found.iter().find(|(l, _)| *l == lookup) {
            errors.push(CheckError::new(
                target.span,
                LookupError::DuplicateReference {
                    first: *first,
                    table: table.clone(),
                    lookup: target.name.clone(),
                },
            ));
            continue;
        }
        found.push((lookup, target.span));
        let key = schema.lookup(lookup).key_column();
        let Some(own) = schema.facts(facts).columns.get(column) else {
            continue;
        };
        if own.ty != key.ty {
            let help = format!(
                "a reference holds the lookup's key: declare `{}.{}` as {}, or declare the key in the body of `{}` as `{}: {}`",
                table,
                own.name,
                a(&key.ty.describe()),
                target.name,
                key.name,
                own.ty.describe()
            );
            errors.push(CheckError::new(
                decl.ty.span,
                LookupError::KeyTypeMismatch {
                    table: table.clone(),
                    column: own.name.clone(),
                    lookup: target.name.clone(),
                    key: key.name.clone(),
                    expected: a(&key.ty.describe()),
                    found: a(&own.ty.describe()),
                    help: Some(help),
                },
            ));
            continue;
        }
        schema.references.push(Reference {
            facts,
            column,
            lookup,
        });
    }
}

impl ExprChecker<'_> {
    /// `products.brand` inside an aggregate over `facts`: a column of the row the table (or its
    /// nearest parent with a reference) looks up; missing where it looks up no row.
    pub(super) fn lookup_column(
        &mut self,
        lookup: LookupId,
        table: &ast::Ident,
        field: &ast::Ident,
        facts: FactsId,
        span: Span,
    ) -> Option<Value> {
        let Some(reference) = self.schema.reference_to(facts, lookup) else {
            let aggregated = &self.schema.facts(facts).name;
            self.not_looked_up(
                table,
                format!("`{aggregated}` and its parents hold no reference to it"),
            );
            return None;
        };
        let looked_up = self.schema.lookup(lookup);
        let (name, columns) = (&looked_up.name, &looked_up.columns);
        let column = readable_column(name, columns, field, &mut self.errors)?;
        let col = &columns[column];
        Some(Value {
            kind: ValueKind::LookupColumn {
                lookup,
                column,
                via: reference.facts,
                reference: reference.column,
            },
            ty: col.ty.clone(),
            nullable: true,
            span,
        })
    }

    /// E0246: the lookup `table` names is read where no row of it is: `problem` says why, and
    /// the help names the tables whose aggregates can read it.
    pub(super) fn not_looked_up(&mut self, table: &ast::Ident, problem: String) {
        let Some(lookup) = self.schema.lookup_named(&table.name) else {
            return;
        };
        let holders: Vec<String> = (self.schema.references.iter())
            .filter(|r| r.lookup == lookup)
            .map(|r| {
                let f = self.schema.facts(r.facts);
                format!("`{}` (through `{}`)", f.name, f.columns[r.column].name)
            })
            .collect();
        let help = match holders.first() {
            Some(_) => format!(
                "read `{}.column` inside an aggregate's `where` over a table that references it: {}",
                table.name,
                holders.join(", ")
            ),
            None => format!(
                "no facts column references `{}` yet: declare one, e.g. `{}_id: string? -> {}`",
                table.name, table.name, table.name
            ),
        };
        self.errors.push(CheckError::new(
            table.span,
            LookupError::NotLookedUp {
                lookup: table.name.clone(),
                problem,
                help: Some(help),
            },
        ));
    }
}
