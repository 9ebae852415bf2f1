//! A catalog as `schema.seg` text: entities, facts, consents and suppressions with their links,
//! keys and time columns, and review comments where the catalog does not decide.

use super::{seglang_type, Catalog, CatalogColumn, CatalogTable};
use crate::syntax::is_name;
use std::fmt::Write;

/// Column names that suggest personal data: a `pii` to confirm.
const PERSONAL: [&str; 14] = [
    "email",
    "phone",
    "mobile",
    "first_name",
    "last_name",
    "full_name",
    "name",
    "address",
    "street",
    "postcode",
    "zip",
    "birth_date",
    "date_of_birth",
    "ip",
];

/// Column names that suggest a GDPR art. 9 special category: `special` for the analyst to decide.
const SPECIAL: [&str; 10] = [
    "religion",
    "health",
    "ethnic",
    "ethnicity",
    "political",
    "union",
    "sexual",
    "biometric",
    "genetic",
    "disability",
];

/// What a table becomes in the schema.
enum Role<'c> {
    /// A table that others link to, or that links to none: one row per member.
    Entity { key: String, guessed: bool },
    /// Rows of an entity: `facts NAME of ENTITY(link)`, or a consent log or suppression list.
    Rows {
        kind: &'static str,
        parent: &'c str,
        link: String,
        guessed: bool,
    },
}

/// The schema text of a catalog, tables in catalog order.
pub fn render_schema(catalog: &Catalog) -> String {
    let mut out = format!(
        "// Imported by `seg schema import` from {}. Review every `// review` comment: keys and\n\
         // links guessed from names, time columns, and personal data.\n",
        match catalog.schema.as_str() {
            "" => "a dbt manifest".to_string(),
            schema => format!("the warehouse schema `{schema}`"),
        }
    );
    for table in &catalog.tables {
        out.push('\n');
        if !is_name(&table.name) {
            let _ = writeln!(
                out,
                "// skipped: table `{}`: its name is no seglang name (a keyword, or other than ASCII letters, digits and `_`); expose it through a view",
                table.name
            );
            continue;
        }
        table_text(&mut out, catalog, table);
    }
    out
}

/// The name a key of `table` would have in another table: `customers` → `customer_id`.
fn key_name(table: &str) -> String {
    let singular = table.strip_suffix('s').unwrap_or(table);
    format!("{singular}_id")
}

fn role<'c>(catalog: &'c Catalog, table: &'c CatalogTable) -> Role<'c> {
    let kind = match table.name.as_str() {
        "consents" => "consents",
        "suppressions" => "suppressions",
        _ => "facts",
    };
    if let Some((column, parent, _)) = table.foreign_keys.first() {
        return Role::Rows {
            kind,
            parent,
            link: column.clone(),
            guessed: false,
        };
    }
    // A column named like another table's key (`customer_id` in `orders`) links to it.
    let own_key = table.primary_key.first().cloned();
    for other in catalog.tables.iter().filter(|o| o.name != table.name) {
        let name = other
            .primary_key
            .first()
            .cloned()
            .unwrap_or_else(|| key_name(&other.name));
        if own_key.as_deref() != Some(&name)
            && table.column(&name).is_some()
            && other.column(&name).is_some()
        {
            return Role::Rows {
                kind,
                parent: &other.name,
                link: name,
                guessed: true,
            };
        }
    }
    match own_key {
        Some(key) => Role::Entity {
            key,
            guessed: false,
        },
        None => {
            let guess = [key_name(&table.name), "id".to_string()]
                .into_iter()
                .find(|k| table.column(k).is_some())
                .or_else(|| table.columns.first().map(|c| c.name.clone()))
                .unwrap_or_default();
            Role::Entity {
                key: guess,
                guessed: true,
            }
        }
    }
}

fn table_text(out: &mut String, catalog: &Catalog, table: &CatalogTable) {
    let schema = table.schema.as_deref().unwrap_or(&catalog.schema);
    let from = match schema {
        "" => table.name.clone(),
        _ => format!("{schema}.{}", table.name),
    };
    let mut skip: Vec<&str> = Vec::new();
    match role(catalog, table) {
        Role::Entity { key, guessed } => {
            if guessed {
                let _ = writeln!(
                    out,
                    "// review: no primary key; `{key}` is taken as the key."
                );
            }
            let _ = writeln!(out, "entity {} from \"{from}\" {{", table.name);
            if let Some(c) = table.column(&key) {
                column_text(out, c, Declared::Key);
            }
            skip.push(table.column(&key).map_or("", |c| c.name.as_str()));
        }
        Role::Rows {
            kind,
            parent,
            link,
            guessed,
        } => {
            if guessed {
                let _ = writeln!(
                    out,
                    "// review: no foreign key; `{link}` is taken as the link to `{parent}`."
                );
            }
            let times: Vec<&CatalogColumn> = table
                .columns
                .iter()
                .filter(|c| {
                    matches!(seglang_type(c).as_deref(), Some("date" | "timestamp"))
                        && c.name != link
                })
                .collect();
            let time = match times.as_slice() {
                [] => None,
                [one] => Some(one.name.as_str()),
                several => {
                    let at = several
                        .iter()
                        .find(|c| c.name.ends_with("_at"))
                        .unwrap_or(&several[0]);
                    let _ = writeln!(
                        out,
                        "// review: the time column is `{}` of {} date and timestamp columns.",
                        at.name,
                        several.len()
                    );
                    Some(at.name.as_str())
                }
            };
            let name = match kind {
                "facts" => format!(" {}", table.name),
                _ => String::new(),
            };
            let at = match (kind, time) {
                ("consents", _) | (_, None) => String::new(),
                (_, Some(t)) => format!(" at {t}"),
            };
            let _ = writeln!(
                out,
                "{kind}{name} of {parent}({link}) from \"{from}\"{at} {{"
            );
            skip.push(table.column(&link).map_or("", |c| c.name.as_str()));
        }
    }
    let consents = matches!(
        role(catalog, table),
        Role::Rows {
            kind: "consents",
            ..
        }
    );
    for column in table
        .columns
        .iter()
        .filter(|c| !skip.contains(&c.name.as_str()))
    {
        // A consent row needs its channel and its grant: declared always present, and drift
        // (`--check`) counts the rows that lack them.
        let required = consents && matches!(column.name.as_str(), "channel" | "granted_at");
        if required && column.nullable {
            let _ = writeln!(
                out,
                "  // review: the warehouse accepts rows without `{}`; a consent needs one (`--check` counts those that lack it).",
                column.name
            );
        }
        let how = if required {
            Declared::Present
        } else {
            Declared::AsStored
        };
        column_text(out, column, how);
    }
    out.push_str("}\n");
}

/// How a column is declared.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Declared {
    /// `key name: type`: never missing.
    Key,
    /// Always present, as seglang requires of the column, whatever the warehouse accepts.
    Present,
    /// Optional (`?`) where the warehouse accepts missing values.
    AsStored,
}

fn column_text(out: &mut String, column: &CatalogColumn, how: Declared) {
    let lower = column.name.to_ascii_lowercase();
    if !is_name(&column.name) {
        let _ = writeln!(
            out,
            "  // skipped: `{}`: its name is no seglang name (a keyword, or other than ASCII letters, digits and `_`)",
            column.name
        );
        return;
    }
    if column.data_type.is_empty() {
        let _ = writeln!(
            out,
            "  // review: no type is documented (`data_type` in dbt); `string` is assumed."
        );
    }
    let assumed = (column.data_type.is_empty()).then(|| "string".to_string());
    let Some(ty) = assumed.or_else(|| seglang_type(column)) else {
        let _ = writeln!(
            out,
            "  // skipped: `{}` is `{}`, which seglang has no type for (cast it to decimal, int or string in a view)",
            column.name, column.data_type
        );
        return;
    };
    if SPECIAL.iter().any(|w| lower.contains(w)) {
        let _ = writeln!(
            out,
            "  // review: a GDPR special category (art. 9)? If so, add `special`: it can then never be a criterion."
        );
    } else if PERSONAL
        .iter()
        .any(|w| lower == *w || lower.ends_with(&format!("_{w}")))
    {
        let _ = writeln!(out, "  // review: personal data? If so, add `pii`.");
    }
    let optional = if column.nullable && how == Declared::AsStored {
        "?"
    } else {
        ""
    };
    let prefix = if how == Declared::Key { "key " } else { "" };
    let _ = writeln!(out, "  {prefix}{}: {ty}{optional}", column.name);
}
