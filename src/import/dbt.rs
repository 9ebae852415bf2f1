//! A dbt `manifest.json` (what `dbt parse` or `dbt build` writes to `target/`) read as a
//! catalog: its sources and models are the tables, their documented columns the columns, and the
//! generic tests say the rest: `unique` with `not_null` is a key, `not_null` a column always
//! present, `relationships` a foreign key, `accepted_values` an enum's labels.

use super::{Catalog, CatalogColumn, CatalogTable};
use serde_json::Value;
use std::collections::BTreeMap;

/// The catalog of a manifest's sources and models, in the manifest's order of unique ids; `Err`
/// with a sentence when the text is not a manifest.
pub fn catalog_from_manifest(text: &str) -> Result<Catalog, String> {
    let manifest: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let (Some(nodes), sources) = (
        manifest["nodes"].as_object(),
        manifest["sources"].as_object(),
    ) else {
        return Err("no `nodes`: not a dbt manifest.json".into());
    };
    let mut catalog = Catalog {
        schema: String::new(),
        tables: Vec::new(),
    };
    // unique id → index of its table; table name → unique id, for `ref('x')`/`source('a', 'x')`.
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let tables = sources
        .into_iter()
        .flatten()
        .chain(nodes.iter().filter(|(_, n)| n["resource_type"] == "model"));
    for (id, node) in tables {
        let name = node["alias"]
            .as_str()
            .or(node["identifier"].as_str())
            .or(node["name"].as_str())
            .unwrap_or_default()
            .to_string();
        let columns = node["columns"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(column, c)| CatalogColumn {
                name: c["name"].as_str().unwrap_or(column).to_string(),
                data_type: c["data_type"].as_str().unwrap_or("").to_ascii_lowercase(),
                nullable: true,
                labels: Vec::new(),
            })
            .collect();
        index.insert(id.clone(), catalog.tables.len());
        catalog.tables.push(CatalogTable {
            name,
            schema: node["schema"].as_str().map(str::to_string),
            columns,
            ..CatalogTable::default()
        });
    }
    let mut unique: Vec<(usize, String)> = Vec::new();
    for test in nodes.values().filter(|n| n["resource_type"] == "test") {
        let meta = &test["test_metadata"];
        let kwargs = &meta["kwargs"];
        let Some(column) = kwargs["column_name"].as_str() else {
            continue;
        };
        let depends: Vec<&str> = test["depends_on"]["nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let target = kwargs["to"]
            .as_str()
            .and_then(|to| referenced(to, &catalog, &index));
        let owner = test["attached_node"]
            .as_str()
            .or_else(|| {
                depends
                    .iter()
                    .copied()
                    .find(|d| target.is_none_or(|t| index.get(*d) != Some(&t)))
            })
            .and_then(|id| index.get(id).copied());
        let Some(owner) = owner else { continue };
        let table = &mut catalog.tables[owner];
        let Some(col) = table.columns.iter_mut().find(|c| c.name == column) else {
            continue;
        };
        match meta["name"].as_str() {
            Some("not_null") => col.nullable = false,
            Some("unique") => unique.push((owner, column.to_string())),
            Some("accepted_values") => {
                col.labels = kwargs["values"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect();
            }
            Some("relationships") => {
                if let (Some(t), Some(field)) = (target, kwargs["field"].as_str()) {
                    let referenced = catalog.tables[t].name.clone();
                    catalog.tables[owner].foreign_keys.push((
                        column.to_string(),
                        referenced,
                        field.to_string(),
                    ));
                }
            }
            _ => {}
        }
    }
    // A key is unique and never missing.
    for (owner, column) in unique {
        let table = &mut catalog.tables[owner];
        if table.column(&column).is_some_and(|c| !c.nullable) && table.primary_key.is_empty() {
            table.primary_key.push(column);
        }
    }
    Ok(catalog)
}

/// The table a `relationships` test's `to` names: `ref('customers')` or `source('crm',
/// 'customers')`.
fn referenced(to: &str, catalog: &Catalog, index: &BTreeMap<String, usize>) -> Option<usize> {
    let inner = to.split_once('(')?.1.rsplit_once(')')?.0;
    let name = inner
        .rsplit(',')
        .next()?
        .trim()
        .trim_matches(|c| c == '\'' || c == '"');
    index
        .values()
        .copied()
        .find(|&i| catalog.tables[i].name == name)
}
