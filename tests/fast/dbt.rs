//! `seg dbt`'s files for a small project: every table a model reads is a `{{ source(…) }}` of
//! `sources.yml` (a `from` name's schema is the source, a table without one is source `seg`),
//! `schema.yml` tests the keys, the membership's pairs and the stages, and a name two models
//! would share is E0540.

use crate::support::{date, program};
use seglang::ir::AsOf;
use seglang::sql::Target;
use seglang::{dbt_project, CompileError, DbtFile, DbtOptions};

const SCHEMA: &str = r#"
entity customers from "crm.customers" {
  key customer_id: string
  city: string?
}
facts orders of customers(customer_id) at ordered_at {
  order_id: string
  amount: decimal(12, 2)
  ordered_at: timestamp
}
"#;

const SEGMENTS: &str = r#"
segment parisians on customers { where city = "Paris" }
segment buyers on customers {
  holdout 10%
  where orders.count(last 30 days) > 0
}
segmentation activity on customers {
  recent when orders.count(last 30 days) > 0
  idle   otherwise
}
"#;

fn export(segments: &str, target: Target) -> Result<Vec<DbtFile>, CompileError> {
    let program = program(&[("schema.seg", SCHEMA), ("segments.seg", segments)]);
    let options = DbtOptions {
        target,
        as_of: AsOf::Fixed(date("2026-11-22")),
        segments: Vec::new(),
    };
    dbt_project(&program, &options)
}

#[test]
fn the_exported_fragment_reads_sources_and_tests_keys_and_stages() {
    let files = export(SEGMENTS, Target::DuckDb).expect("exports");
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "sources.yml",
            "schema.yml",
            "customers_membership.sql",
            "parisians.sql",
            "buyers.sql",
            "buyers_control.sql",
            "activity.sql",
        ]
    );
    for file in files.iter().filter(|f| f.name.ends_with(".sql")) {
        for line in file.text.lines().map(str::trim) {
            if let Some(table) = line.strip_prefix("FROM ").or(line.strip_prefix("JOIN ")) {
                let read = table.split(" AS ").next().unwrap_or_default();
                assert!(
                    read.starts_with("{{ source(")
                        || !read.contains('.') && !read.contains("orders"),
                    "{}: reads {read} without a source",
                    file.name
                );
            }
        }
        assert!(
            !file.text.trim_end().ends_with(';'),
            "{}: dbt wraps the query in its own statement",
            file.name
        );
    }
    let text: String = files
        .iter()
        .map(|f| format!("=== {}\n{}", f.name, f.text))
        .collect();
    insta::assert_snapshot!(text);
}

#[test]
fn the_membership_pair_is_tested_with_the_dialects_text_type() {
    let files = export(SEGMENTS, Target::Postgres).expect("exports");
    let schema = &files[1].text;
    assert!(
        schema.contains("column_name: 'concat(cast(customer_id as TEXT), ''|'', segment)'"),
        "{schema}"
    );
}

#[test]
fn a_segment_named_like_a_control_group_is_e0540() {
    let segments =
        format!("{SEGMENTS}\nsegment buyers_control on customers {{ where city = \"Lyon\" }}\n");
    let err = export(&segments, Target::DuckDb).expect_err("two models named buyers_control");
    assert!(
        matches!(&err, CompileError::DbtModelNameTaken { name, .. } if name == "buyers_control"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "two dbt models would be named `buyers_control`: segment `buyers:control` and segment `buyers_control`"
    );
}
