//! `seg dbt`: a dbt project fragment from a checked program. The models are the statements
//! [`compile`](super::compile) emits, each table they read written as a `{{ source(…) }}` call by
//! the SQL printer (`sql::emit_naming`), with `sources.yml` declaring those sources and
//! `schema.yml` the models' tests. Plain files: dbt orders the work itself.

use super::{plan, CompileError};
use crate::check::typed::{Program, TablePath};
use crate::ir::{lower_stages, AsOf, Plan, ScalarType};
use crate::sql::{emit_naming, type_name, Form, Target};
use std::collections::BTreeMap;
use std::fmt::Write;

/// What to export: for which engine, as of when, and which segments (all when empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbtOptions {
    pub target: Target,
    pub as_of: AsOf,
    pub segments: Vec<String>,
}

/// One file of the fragment: its name inside the output directory and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbtFile {
    pub name: String,
    pub text: String,
}

/// The dbt source a declared table is read from: `crm.orders` is table `orders` of source
/// `crm`; a one-part name is a table of source `seg`, in the dbt target's own schema; a
/// three-part `db.schema.table` is source `db_schema` with its database and schema.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Source {
    name: String,
    database: Option<String>,
    schema: Option<String>,
}

/// The source of a table path and the table's name in it.
fn source_of(path: &TablePath) -> (Source, String) {
    match path.0.as_slice() {
        [database, schema, table] => (
            Source {
                name: format!("{database}_{schema}"),
                database: Some(database.clone()),
                schema: Some(schema.clone()),
            },
            table.clone(),
        ),
        [schema, table] => (
            Source {
                name: schema.clone(),
                database: None,
                schema: None,
            },
            table.clone(),
        ),
        parts => (
            Source {
                name: "seg".to_string(),
                database: None,
                schema: Some("{{ target.schema }}".to_string()),
            },
            parts.join("."),
        ),
    }
}

/// The fragment's files: `sources.yml`, `schema.yml`, then one model per entity's membership
/// and one per segment, control group and stage, in plan order.
pub fn dbt_project(program: &Program, options: &DbtOptions) -> Result<Vec<DbtFile>, CompileError> {
    let plans = plan(program, options.as_of, &options.segments)?;
    let mut sources: BTreeMap<Source, Vec<(String, Vec<String>)>> = BTreeMap::new();
    let mut names: BTreeMap<Vec<String>, String> = BTreeMap::new();
    for entity in &program.schema.entities {
        add_source(
            &mut sources,
            &mut names,
            &entity.table,
            &[entity.key_column().name.clone()],
        );
    }
    for (_, table, _) in program.schema.declared_tables() {
        add_source(&mut sources, &mut names, table, &[]);
    }
    let naming = |parts: &[String]| names.get(parts).cloned();
    let mut models: Vec<(String, String)> = Vec::new();
    let mut owners: BTreeMap<String, String> = BTreeMap::new();
    let mut schema = String::from("version: 2\n\nmodels:\n");
    for plan in &plans {
        let membership = format!("{}_membership", plan.entity.name);
        claim(
            &mut owners,
            &membership,
            format!("the membership of {}", plan.entity.name),
        )?;
        let sql = emit_naming(plan, Form::Membership, options.target, &naming)?;
        models.push((membership.clone(), model_text("table", &sql)));
        let description = format!("One row per member of {} and segment.", plan.entity.name);
        membership_tests(
            &mut schema,
            plan,
            &membership,
            &description,
            Some(options.target),
        );
        for (i, rule) in plan.segments.iter().enumerate() {
            let name = rule.name().replace(':', "_");
            claim(&mut owners, &name, format!("segment `{}`", rule.name()))?;
            let sql = emit_naming(plan, Form::Members(i), options.target, &naming)?;
            models.push((name.clone(), model_text("view", &sql)));
            let _ = write!(
                schema,
                "  - name: {}\n    description: {}\n    columns:\n      - name: {}\n        data_tests:\n          - unique\n          - not_null\n",
                quoted(&name),
                quoted(&format!("The members of {} on {}.", rule.name(), plan.entity.name)),
                quoted(&plan.entity.key),
            );
        }
    }
    if options.segments.is_empty() {
        for (i, segmentation) in program.segmentations.iter().enumerate() {
            let plan = lower_stages(program, options.as_of, i);
            let name = &segmentation.name;
            claim(&mut owners, name, format!("segmentation `{name}`"))?;
            let sql = emit_naming(&plan, Form::Membership, options.target, &naming)?;
            models.push((name.clone(), model_text("table", &sql)));
            let description = format!(
                "The stage of each {} in segmentation {name}: at most one row per key.",
                plan.entity.name
            );
            membership_tests(&mut schema, &plan, name, &description, None);
        }
    }
    let mut files = vec![
        DbtFile {
            name: "sources.yml".to_string(),
            text: sources_text(&sources),
        },
        DbtFile {
            name: "schema.yml".to_string(),
            text: schema,
        },
    ];
    files.extend(models.into_iter().map(|(name, text)| DbtFile {
        name: format!("{name}.sql"),
        text,
    }));
    Ok(files)
}

/// Records the table at `path` in its source (once), with the columns whose values are unique
/// and present, and the `{{ source(…) }}` call that reads it.
fn add_source(
    sources: &mut BTreeMap<Source, Vec<(String, Vec<String>)>>,
    names: &mut BTreeMap<Vec<String>, String>,
    path: &TablePath,
    keys: &[String],
) {
    if names.contains_key(&path.0) {
        return;
    }
    let (source, table) = source_of(path);
    names.insert(
        path.0.clone(),
        format!(
            "{{{{ source({}, {}) }}}}",
            quoted(&source.name),
            quoted(&table)
        ),
    );
    sources
        .entry(source)
        .or_default()
        .push((table, keys.to_vec()));
}

/// Names a model, or says which two things would share the name.
fn claim(
    owners: &mut BTreeMap<String, String>,
    name: &str,
    what: String,
) -> Result<(), CompileError> {
    match owners.get(name) {
        Some(first) => Err(CompileError::DbtModelNameTaken {
            name: name.to_string(),
            first: first.clone(),
            second: what,
        }),
        None => {
            owners.insert(name.to_string(), what);
            Ok(())
        }
    }
}

/// A model file: its config header, then the statement without its terminator (dbt wraps the
/// query in its own `CREATE`).
fn model_text(materialized: &str, sql: &str) -> String {
    let query = sql.trim_end().trim_end_matches(';');
    format!("{{{{ config(materialized='{materialized}') }}}}\n\n{query}\n")
}

/// The tests of a model of `(key, segment)` rows: both are present and the segment is one of
/// the plan's rules (segments and control groups, or a segmentation's stages). With a target,
/// the pair is unique (a membership); without, the key alone (a segmentation's one stage).
fn membership_tests(
    out: &mut String,
    plan: &Plan,
    model: &str,
    description: &str,
    pair_on: Option<Target>,
) {
    let key = &plan.entity.key;
    let _ = writeln!(
        out,
        "  - name: {}\n    description: {}",
        quoted(model),
        quoted(description)
    );
    if let Some(target) = pair_on {
        let text = type_name(ScalarType::String, target);
        let _ = writeln!(
            out,
            "    data_tests:\n      - unique:\n          arguments:\n            column_name: {}",
            quoted(&format!("concat(cast({key} as {text}), '|', segment)"))
        );
    }
    let unique = match pair_on {
        Some(_) => "",
        None => "\n          - unique",
    };
    let _ = write!(
        out,
        "    columns:\n      - name: {}\n        data_tests:\n          - not_null{unique}\n      - name: segment\n        data_tests:\n          - not_null\n          - accepted_values:\n              arguments:\n                values:\n",
        quoted(key),
    );
    for rule in &plan.segments {
        let _ = writeln!(out, "                  - {}", quoted(&rule.name()));
    }
}

/// `sources.yml`: each source with its tables, the entities' keys tested unique and present.
fn sources_text(sources: &BTreeMap<Source, Vec<(String, Vec<String>)>>) -> String {
    let mut out = String::from("version: 2\n\nsources:\n");
    for (source, tables) in sources {
        let _ = writeln!(out, "  - name: {}", quoted(&source.name));
        if let Some(database) = &source.database {
            let _ = writeln!(out, "    database: {}", quoted(database));
        }
        if let Some(schema) = &source.schema {
            let _ = writeln!(out, "    schema: {}", quoted(schema));
        }
        out.push_str("    tables:\n");
        for (table, keys) in tables {
            let _ = writeln!(out, "      - name: {}", quoted(table));
            if keys.is_empty() {
                continue;
            }
            out.push_str("        columns:\n");
            for key in keys {
                let _ = writeln!(
                    out,
                    "          - name: {}\n            data_tests:\n              - unique\n              - not_null",
                    quoted(key)
                );
            }
        }
    }
    out
}

/// A YAML single-quoted scalar: no escapes but the doubled quote.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}
