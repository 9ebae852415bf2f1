//! `seg schema import` without a warehouse: a catalog rendered as a schema, and the drift of a
//! schema against a catalog. The engine tests read real catalogs (tests/it/schema_import.rs).

use crate::support::program;
use seglang::check::typed::{Column, Program, Type};
use seglang::import::{drift, render_schema, Catalog, CatalogColumn, CatalogTable, Drift};

const SCHEMA: &str = include_str!("../../examples/retail/schema.seg");
const SEGMENTS: &str = include_str!("../../examples/retail/segments.seg");

/// How PostgreSQL would name a declared type.
fn warehouse_type(ty: &Type) -> String {
    match ty {
        Type::String | Type::Enum(_) => "character varying".into(),
        Type::Int => "bigint".into(),
        Type::Decimal { precision, scale } => format!("numeric({precision},{scale})"),
        Type::Bool => "boolean".into(),
        Type::Date => "date".into(),
        Type::Timestamp => "timestamp without time zone".into(),
    }
}

fn columns(columns: &[Column]) -> Vec<CatalogColumn> {
    columns
        .iter()
        .map(|c| CatalogColumn {
            name: c.name.clone(),
            data_type: warehouse_type(&c.ty),
            nullable: c.nullable,
            labels: Vec::new(),
        })
        .collect()
}

/// The retail warehouse as its schema describes it, without keys or foreign keys (as tables
/// loaded from files have them): the import must find the links by their names.
fn retail_catalog(p: &Program) -> Catalog {
    let s = &p.schema;
    let mut tables = Vec::new();
    let name = |path: &seglang::check::typed::TablePath| path.0.last().cloned().unwrap_or_default();
    for e in &s.entities {
        tables.push(CatalogTable {
            name: name(&e.table),
            columns: columns(&e.columns),
            ..CatalogTable::default()
        });
    }
    for f in &s.facts {
        tables.push(CatalogTable {
            name: name(&f.table),
            columns: columns(&f.columns),
            ..CatalogTable::default()
        });
    }
    for c in &s.consents {
        tables.push(CatalogTable {
            name: name(&c.table),
            columns: columns(&c.columns),
            ..CatalogTable::default()
        });
    }
    for x in &s.suppressions {
        tables.push(CatalogTable {
            name: name(&x.table),
            columns: columns(&x.columns),
            ..CatalogTable::default()
        });
    }
    Catalog {
        schema: "crm".into(),
        tables,
    }
}

#[test]
fn the_imported_retail_warehouse_checks_the_retail_segments() {
    let retail = program(&[("schema.seg", SCHEMA), ("segments.seg", SEGMENTS)]);
    let imported = render_schema(&retail_catalog(&retail));
    // Guessed links and keys are marked for review; personal data is suggested, never flagged.
    assert!(imported.contains("// review: no primary key; `customer_id` is taken as the key."));
    assert!(
        imported
            .contains("facts orders of customers(customer_id) from \"crm.orders\" at ordered_at {"),
        "{imported}"
    );
    assert!(
        imported.contains("consents of customers(customer_id) from \"crm.consents\" {"),
        "{imported}"
    );
    assert!(
        imported.contains("  // review: personal data? If so, add `pii`.\n  email: string?"),
        "{imported}"
    );
    assert!(imported.contains("  // review: a GDPR special category (art. 9)? If so, add `special`: it can then never be a criterion.\n  religion: string?"), "{imported}");
    assert!(
        !imported.contains(" pii\n") && !imported.contains(" special\n"),
        "flags are the analyst's to add"
    );
    // Under the imported schema the segments check, with `religion` still unflagged. The import
    // guesses no lookup (nor `-> products` on a column), so the one segment that reads a lookup's
    // column is left out.
    let (before, after) = SEGMENTS
        .split_once("/// Bought a Verdure product")
        .expect("the retail segments read the products lookup");
    let rest = after.split_once("\n}\n").map_or("", |(_, rest)| rest);
    let without_lookups = format!("{before}{rest}");
    let checked = program(&[
        ("schema.seg", &imported),
        ("segments.seg", &without_lookups),
    ]);
    assert_eq!(checked.segments.len(), retail.segments.len() - 1);
}

#[test]
fn a_warehouse_type_seglang_lacks_is_left_out_with_a_comment() {
    let catalog = Catalog {
        schema: "main".into(),
        tables: vec![CatalogTable {
            name: "accounts".into(),
            columns: vec![
                CatalogColumn {
                    name: "account_id".into(),
                    data_type: "varchar".into(),
                    nullable: false,
                    labels: Vec::new(),
                },
                CatalogColumn {
                    name: "score".into(),
                    data_type: "double".into(),
                    nullable: true,
                    labels: Vec::new(),
                },
                CatalogColumn {
                    name: "tier".into(),
                    data_type: "enum('gold', 'silver')".into(),
                    nullable: true,
                    labels: vec!["gold".into(), "silver".into()],
                },
            ],
            primary_key: vec!["account_id".into()],
            ..CatalogTable::default()
        }],
    };
    insta::assert_snapshot!(render_schema(&catalog));
}

#[test]
fn drift_names_missing_tables_columns_and_other_types_at_their_declaration() {
    let retail = program(&[("schema.seg", SCHEMA), ("segments.seg", SEGMENTS)]);
    let mut catalog = retail_catalog(&retail);
    let (none, _) = drift(&retail.schema, &catalog);
    assert!(none.is_empty(), "{none:?}");
    catalog.tables.retain(|t| t.name != "events");
    let orders = catalog
        .tables
        .iter_mut()
        .find(|t| t.name == "orders")
        .expect("orders");
    orders.columns.retain(|c| c.name != "category");
    if let Some(amount) = orders.columns.iter_mut().find(|c| c.name == "amount") {
        amount.data_type = "double precision".into();
    }
    let (found, _) = drift(&retail.schema, &catalog);
    let codes: Vec<String> = found
        .iter()
        .map(|d| {
            miette::Diagnostic::code(d)
                .map(|c| c.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(codes, ["E0242", "E0241", "E0240"], "{found:?}");
    assert!(matches!(&found[1], Drift::MissingColumn { column, .. } if column == "category"));
}

#[test]
fn a_dbt_manifest_imports_with_keys_links_and_enums_from_its_tests() {
    let manifest = include_str!("../fixtures/dbt/manifest.json");
    let catalog = seglang::import::catalog_from_manifest(manifest).expect("a manifest");
    let imported = render_schema(&catalog);
    insta::assert_snapshot!(imported);
    // The segments that read it check: a key from `unique` + `not_null`, links from
    // `relationships`, an enum from `accepted_values`.
    let segments = "segment web_buyers on customers { where loyalty_card and orders.count(where channel = \"web\") >= 1 }\n";
    let checked = program(&[("schema.seg", &imported), ("segments.seg", segments)]);
    assert_eq!(checked.segments.len(), 1);
    assert!(seglang::import::catalog_from_manifest("{\"x\": 1}").is_err());
}
