//! Schema declarations → validated [`Schema`]: types, keys, links, time columns, consent sources.

use super::errors::{a, did_you_mean, CheckError, NameError, SchemaError};
use super::links;
use super::names::{resolve_entity, Declared};
use super::typed::*;
use crate::suggest::closest;
use crate::syntax::ast;
use std::collections::HashMap;

/// Default precision and scale of a bare `decimal` (BigQuery's NUMERIC, exact everywhere).
pub const DEFAULT_DECIMAL: (u32, u32) = (38, 9);

/// Builds the schema from every entity, facts, consents, suppressions, lookup and costs
/// declaration of the project.
pub fn build_schema(
    entities: &[&ast::EntityDecl],
    facts: &[&ast::FactsDecl],
    consents: &[&ast::ConsentsDecl],
    suppressions: &[&ast::SuppressionsDecl],
    lookups: &[&ast::LookupDecl],
    costs: &[&ast::CostsDecl],
    errors: &mut Vec<CheckError>,
) -> Schema {
    let mut schema = Schema::default();
    let mut seen = Declared::default();
    for decl in entities {
        if !seen.is_new("table", &decl.name.name, decl.name.span, errors) {
            continue;
        }
        if let Some(entity) = entity(decl, errors) {
            schema.entities.push(entity);
        }
    }
    super::entity_links::link_entities(entities, &mut schema, errors);
    let mut of_facts = Vec::new();
    for decl in facts {
        if links::belongs_to_facts(decl, &schema) {
            of_facts.push(*decl);
            continue;
        }
        let Some((columns, table, entity, link_column)) =
            linked_table(&decl.name, &decl.header, &schema, &mut seen, errors)
        else {
            continue;
        };
        let time_column = time_column(&decl.name, decl.time_column.as_ref(), &columns, errors);
        schema.facts.push(Facts {
            name: decl.name.name.clone(),
            docs: decl.header.docs.clone(),
            entity,
            table,
            link_column,
            time_column,
            parent: None,
            rows_of: None,
            columns,
            span: decl.name.span,
        });
    }
    let others = consents
        .iter()
        .map(|c| named(c.name.as_ref(), "consents", &c.header).name)
        .chain(
            suppressions
                .iter()
                .map(|s| named(s.name.as_ref(), "suppressions", &s.header).name),
        )
        .collect::<Vec<_>>();
    links::link_facts_of_facts(&of_facts, facts, &others, &mut schema, &mut seen, errors);
    super::entity_links::add_entity_rows(&mut schema);
    for decl in consents {
        let name_ident = named(decl.name.as_ref(), "consents", &decl.header);
        let Some((columns, table, entity, link_column)) =
            linked_table(&name_ident, &decl.header, &schema, &mut seen, errors)
        else {
            continue;
        };
        if !check_consent_columns(&name_ident, &columns, errors) {
            continue;
        }
        let find = |n: &str| columns.iter().position(|c| c.name == n);
        let (Some(channel_column), Some(granted_column), Some(withdrawn_column)) =
            (find("channel"), find("granted_at"), find("withdrawn_at"))
        else {
            continue;
        };
        let basis_column = find("basis");
        let source_column = find("source");
        schema.consents.push(ConsentSource {
            name: name_ident.name.clone(),
            docs: decl.header.docs.clone(),
            entity,
            table,
            link_column,
            channel_column,
            granted_column,
            withdrawn_column,
            basis_column,
            source_column,
            columns,
            span: name_ident.span,
        });
    }
    for decl in suppressions {
        let name_ident = named(decl.name.as_ref(), "suppressions", &decl.header);
        let Some((columns, table, entity, link_column)) =
            linked_table(&name_ident, &decl.header, &schema, &mut seen, errors)
        else {
            continue;
        };
        let time_column = match &decl.time_column {
            Some(t) => match columns.iter().position(|c| c.name == t.name) {
                Some(i) if columns[i].ty.is_temporal() => Some(i),
                _ => {
                    errors.push(CheckError::new(
                        t.span,
                        SchemaError::NoTimeColumn {
                            problem: format!(
                                "`{}` is not a date or timestamp column of `{}`",
                                t.name, name_ident.name
                            ),
                            help: Some(
                                "name the column that records when the suppression started".into(),
                            ),
                        },
                    ));
                    continue;
                }
            },
            None => {
                let mut temporal = columns
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.ty.is_temporal());
                match (temporal.next(), temporal.next()) {
                    (Some((i, _)), None) => Some(i),
                    _ => None,
                }
            }
        };
        let channel_column = columns
            .iter()
            .position(|c| c.name == "channel" && matches!(c.ty, Type::Enum(_) | Type::String));
        schema.suppressions.push(Suppression {
            name: name_ident.name.clone(),
            docs: decl.header.docs.clone(),
            entity,
            table,
            link_column,
            time_column,
            channel_column,
            columns,
            span: name_ident.span,
        });
    }
    let sources = super::lookups::ColumnSources {
        entities,
        facts,
        consents,
        suppressions,
    };
    super::lookups::add_lookups(lookups, &sources, &mut schema, &mut seen, errors);
    super::costs::add_costs(costs, &mut schema, &mut seen, errors);
    schema
}

/// The name a consents or suppressions declaration goes by: its own, or its kind's, pointing at
/// the whole declaration.
fn named(name: Option<&ast::Ident>, kind: &str, header: &ast::TableHeader) -> ast::Ident {
    name.cloned().unwrap_or(ast::Ident {
        name: kind.into(),
        span: header.span,
    })
}

type LinkedTable = (Vec<Column>, TablePath, EntityId, usize);

/// Names (uniquely), types the columns of, and links a facts, consents or suppressions table to
/// its entity.
fn linked_table(
    name: &ast::Ident,
    header: &ast::TableHeader,
    schema: &Schema,
    seen: &mut Declared,
    errors: &mut Vec<CheckError>,
) -> Option<LinkedTable> {
    if !seen.is_new("table", &name.name, name.span, errors) {
        return None;
    }
    let mut columns = columns(&name.name, &header.columns, errors);
    let table = table_path(header.table.as_ref(), name, errors);
    let (entity, link_column) = link(schema, &name.name, &header.link, &mut columns, errors)?;
    Some((columns, table, entity, link_column))
}

fn entity(decl: &ast::EntityDecl, errors: &mut Vec<CheckError>) -> Option<Entity> {
    let columns = columns(&decl.name.name, &decl.columns, errors);
    let table = table_path(decl.table.as_ref(), &decl.name, errors);
    let mut key: Option<usize> = None;
    for (i, c) in decl.columns.iter().enumerate().filter(|(_, c)| c.is_key) {
        match key {
            Some(first) => errors.push(CheckError::new(
                c.name.span,
                SchemaError::MultipleKeys {
                    first: decl.columns[first].name.span,
                    entity: decl.name.name.clone(),
                },
            )),
            None => key = Some(i),
        }
        if c.ty.nullable {
            errors.push(CheckError::new(
                c.ty.span,
                SchemaError::NullableKey {
                    entity: decl.name.name.clone(),
                },
            ));
        }
    }
    let Some(key) = key else {
        errors.push(CheckError::new(
            decl.name.span,
            SchemaError::MissingKey {
                entity: decl.name.name.clone(),
            },
        ));
        return None;
    };
    let consent_columns = consent_columns(decl, &columns, errors);
    Some(Entity {
        name: decl.name.name.clone(),
        docs: decl.docs.clone(),
        table,
        key,
        columns,
        consent_columns,
        parent: None,
        span: decl.name.span,
    })
}

/// `consent CHANNEL = flag since time` lines: a bool flag and a date or timestamp of the entity.
fn consent_columns(
    decl: &ast::EntityDecl,
    columns: &[Column],
    errors: &mut Vec<CheckError>,
) -> Vec<ConsentColumns> {
    let mut out: Vec<ConsentColumns> = Vec::new();
    for c in &decl.consent_columns {
        let problem = |span, problem: String| {
            CheckError::new(span, SchemaError::InvalidConsentColumns { problem })
        };
        if out.iter().any(|o| o.channel == c.channel.name) {
            errors.push(problem(
                c.channel.span,
                format!("consent for `{}` is declared twice", c.channel.name),
            ));
            continue;
        }
        let flag = columns.iter().position(|x| x.name == c.flag.name);
        let since = c
            .since
            .as_ref()
            .map(|s| (s, columns.iter().position(|x| x.name == s.name)));
        match flag {
            Some(i) if columns[i].ty == Type::Bool => {}
            Some(_) => {
                errors.push(problem(
                    c.flag.span,
                    format!("`{}` must be a bool column (the opt-in flag)", c.flag.name),
                ));
                continue;
            }
            None => {
                errors.push(problem(
                    c.flag.span,
                    format!("`{}` is not a column of `{}`", c.flag.name, decl.name.name),
                ));
                continue;
            }
        }
        let since = match since {
            None => None,
            Some((_, Some(i))) if columns[i].ty.is_temporal() => Some(i),
            Some((s, _)) => {
                errors.push(problem(
                    s.span,
                    format!(
                        "`{}` must be a date or timestamp column of `{}`",
                        s.name, decl.name.name
                    ),
                ));
                continue;
            }
        };
        out.push(ConsentColumns {
            channel: c.channel.name.clone(),
            flag: flag.unwrap_or_default(),
            since,
        });
    }
    out
}

pub(super) fn columns(
    table: &str,
    decls: &[ast::ColumnDecl],
    errors: &mut Vec<CheckError>,
) -> Vec<Column> {
    let mut out: Vec<Column> = Vec::new();
    let mut seen: HashMap<&str, crate::source::Span> = HashMap::new();
    for c in decls {
        if let Some(first) = seen.get(c.name.name.as_str()) {
            errors.push(CheckError::new(
                c.name.span,
                SchemaError::DuplicateColumn {
                    first: *first,
                    name: c.name.name.clone(),
                    table: table.to_string(),
                },
            ));
        } else {
            seen.insert(&c.name.name, c.name.span);
        }
        out.push(Column {
            name: c.name.name.clone(),
            ty: resolve_type(&c.ty, errors),
            nullable: c.ty.nullable,
            pii: c.flags.pii.is_some(),
            special: c.flags.special.is_some(),
            docs: c.docs.clone(),
            span: c.name.span,
        });
    }
    out
}

/// A written type → a checked type; bad decimals and enums are reported and replaced by a usable type.
pub fn resolve_type(ty: &ast::TypeExpr, errors: &mut Vec<CheckError>) -> Type {
    match &ty.kind {
        ast::TypeKind::String => Type::String,
        ast::TypeKind::Int => Type::Int,
        ast::TypeKind::Bool => Type::Bool,
        ast::TypeKind::Date => Type::Date,
        ast::TypeKind::Timestamp => Type::Timestamp,
        ast::TypeKind::Decimal(None) => Type::Decimal {
            precision: DEFAULT_DECIMAL.0,
            scale: DEFAULT_DECIMAL.1,
        },
        ast::TypeKind::Decimal(Some((p, s, span))) => {
            let problem = if !(1..=38).contains(p) {
                Some(format!("decimal precision {p} is out of range"))
            } else if *s < 0 || s > p {
                Some(format!("decimal scale {s} does not fit precision {p}"))
            } else {
                None
            };
            match problem {
                Some(problem) => {
                    errors.push(CheckError::new(
                        *span,
                        SchemaError::InvalidDecimal { problem },
                    ));
                    Type::Decimal {
                        precision: DEFAULT_DECIMAL.0,
                        scale: DEFAULT_DECIMAL.1,
                    }
                }
                None => Type::Decimal {
                    precision: *p as u32,
                    scale: *s as u32,
                },
            }
        }
        ast::TypeKind::Enum(values) => {
            let mut out: Vec<String> = Vec::new();
            for v in values {
                if out.contains(&v.value) {
                    errors.push(CheckError::new(
                        v.span,
                        SchemaError::InvalidEnum {
                            problem: format!("enum value \"{}\" is declared twice", v.value),
                        },
                    ));
                } else if v.value.is_empty() {
                    errors.push(CheckError::new(
                        v.span,
                        SchemaError::InvalidEnum {
                            problem: "enum values cannot be empty".into(),
                        },
                    ));
                } else {
                    out.push(v.value.clone());
                }
            }
            Type::Enum(out)
        }
    }
}

/// `from "a.b.c"` → its parts; without `from`, the declared name.
pub(super) fn table_path(
    table: Option<&ast::StringLit>,
    name: &ast::Ident,
    errors: &mut Vec<CheckError>,
) -> TablePath {
    let Some(table) = table else {
        return TablePath(vec![name.name.clone()]);
    };
    let parts: Vec<String> = table.value.split('.').map(str::to_string).collect();
    let valid = parts.len() <= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '$'))
        });
    if !valid {
        errors.push(CheckError::new(
            table.span,
            SchemaError::InvalidTableName {
                text: table.value.clone(),
            },
        ));
        return TablePath(vec![name.name.clone()]);
    }
    TablePath(parts)
}

fn link(
    schema: &Schema,
    table: &str,
    link: &ast::Link,
    columns: &mut Vec<Column>,
    errors: &mut Vec<CheckError>,
) -> Option<(EntityId, usize)> {
    let EntityId(entity_index) = resolve_entity(schema, &link.entity, errors)?;
    let entity = &schema.entities[entity_index];
    let key = entity.key_column();
    let Some(column) = columns.iter().position(|c| c.name == link.column.name) else {
        // Not declared in the table's body: the link column is implied, with the key's type.
        columns.push(implied_link(&link.column, &key.ty));
        return Some((EntityId(entity_index), columns.len() - 1));
    };
    if columns[column].ty != key.ty {
        errors.push(CheckError::new(
            link.column.span,
            SchemaError::LinkTypeMismatch {
                table: table.to_string(),
                column: link.column.name.clone(),
                entity: entity.name.clone(),
                expected: a(&key.ty.describe()),
                found: a(&columns[column].ty.describe()),
            },
        ));
    }
    Some((EntityId(entity_index), column))
}

/// A link column a table's body does not declare: implied, with the type of the column it
/// links to, never missing.
pub(super) fn implied_link(name: &ast::Ident, ty: &Type) -> Column {
    Column {
        name: name.name.clone(),
        ty: ty.clone(),
        nullable: false,
        pii: false,
        special: false,
        docs: None,
        span: name.span,
    }
}

/// The time column of table `table`: the one named after `at`, a date or timestamp, else (no
/// `at`) the table's one date or timestamp column if it has exactly one.
pub(super) fn time_column(
    table: &ast::Ident,
    at: Option<&ast::Ident>,
    columns: &[Column],
    errors: &mut Vec<CheckError>,
) -> Option<usize> {
    match at {
        Some(name) => match columns.iter().position(|c| c.name == name.name) {
            Some(i) if columns[i].ty.is_temporal() => Some(i),
            Some(i) => {
                errors.push(CheckError::new(
                    name.span,
                    SchemaError::NoTimeColumn {
                        problem: format!(
                            "the time column of `{}` must be a date or timestamp, but `{}` is {}",
                            table.name,
                            name.name,
                            a(&columns[i].ty.describe())
                        ),
                        help: Some("name a `date` or `timestamp` column after `at`".into()),
                    },
                ));
                None
            }
            None => {
                errors.push(CheckError::new(
                    name.span,
                    NameError::UnknownColumn {
                        name: name.name.clone(),
                        table: table.name.clone(),
                        help: did_you_mean(closest(
                            &name.name,
                            columns.iter().map(|c| c.name.as_str()),
                        )),
                    },
                ));
                None
            }
        },
        None => {
            // Without `at`, a table with exactly one date/timestamp column uses it.
            let mut temporal = columns
                .iter()
                .enumerate()
                .filter(|(_, c)| c.ty.is_temporal());
            match (temporal.next(), temporal.next()) {
                (Some((i, _)), None) => Some(i),
                _ => None,
            }
        }
    }
}

/// Checks the required columns of a consent log; false when one is missing or mistyped.
fn check_consent_columns(
    name: &ast::Ident,
    columns: &[Column],
    errors: &mut Vec<CheckError>,
) -> bool {
    let before = errors.len();
    let find = |n: &str| columns.iter().find(|c| c.name == n);
    type Requirement = (&'static str, &'static str, fn(&Column) -> bool);
    let requirements: [Requirement; 3] = [
        ("channel", "enum or string", |c| {
            matches!(c.ty, Type::Enum(_) | Type::String) && !c.nullable
        }),
        ("granted_at", "date or timestamp (not nullable)", |c| {
            c.ty.is_temporal() && !c.nullable
        }),
        ("withdrawn_at", "date? or timestamp? (nullable)", |c| {
            c.ty.is_temporal() && c.nullable
        }),
    ];
    for (column, expected, ok) in requirements {
        let span = find(column).map(|c| c.span).unwrap_or(name.span);
        if !find(column).is_some_and(ok) {
            errors.push(CheckError::new(
                span,
                SchemaError::ConsentColumn {
                    source_name: name.name.clone(),
                    column: column.to_string(),
                    expected,
                },
            ));
        }
    }
    errors.len() == before
}
