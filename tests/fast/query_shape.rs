//! The shape of every generated statement (ARCHITECTURE.md, "The shape of a query"): each facts
//! table is read once, in its feature CTE, and once more by each sequence that reads it, whose
//! followers are counted by a window, not a join; the rules' flags are computed in one CTE without a
//! `WHERE`, and only the statement's last `SELECT` filters them; on PostgreSQL those CTEs are
//! fenced with `MATERIALIZED`, elsewhere they are plain.

use crate::sql_snapshots::{example_projects, statements};
use seglang::sql::Target;

/// One CTE of a statement, or its body (`name` empty): its header line and its text.
struct Part<'a> {
    name: &'a str,
    header: &'a str,
    text: &'a str,
}

/// The CTEs of `sql` and its body, split at the header lines `name AS [MATERIALIZED] (`.
fn parts(sql: &str) -> Vec<Part<'_>> {
    let mut starts: Vec<(usize, &str, &str)> = Vec::new();
    let mut offset = 0;
    for line in sql.split_inclusive('\n') {
        let header = line.trim_end();
        if let Some(name) = header
            .strip_suffix(" AS (")
            .or_else(|| header.strip_suffix(" AS MATERIALIZED ("))
        {
            if !name.contains(' ') {
                starts.push((offset, name, header));
            }
        }
        offset += line.len();
    }
    let body_start = sql.rfind("\n)\n").map_or(0, |i| i + 3);
    let mut out = Vec::new();
    for (i, &(start, name, header)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(body_start, |next| next.0);
        out.push(Part {
            name,
            header,
            text: &sql[start..end],
        });
    }
    out.push(Part {
        name: "",
        header: "",
        text: &sql[body_start..],
    });
    out
}

/// The tables and CTEs a part reads in its `FROM` and `JOIN` clauses.
fn reads(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let rest = line
                .strip_prefix("FROM ")
                .or_else(|| line.strip_prefix("LEFT JOIN "))
                .or_else(|| line.strip_prefix("CROSS JOIN "))?;
            rest.split(' ').next()
        })
        .collect()
}

/// Every statement of every example on every dialect, with its label.
fn every_statement() -> Vec<(Target, String, String)> {
    let mut all = Vec::new();
    for project in example_projects() {
        for target in Target::ALL {
            for (label, sql) in statements(&project.program, target) {
                all.push((target, format!("{} {label} on {target}", project.name), sql));
            }
        }
    }
    all
}

#[test]
fn each_facts_table_is_read_once_in_its_feature_cte() {
    let mut checked = 0;
    for (_, label, sql) in every_statement() {
        let parts = parts(&sql);
        // A sequence reads its steps' tables once more, in its own `_steps` CTE. The `_segments`
        // CTE's first read is the member table itself, not a facts read: a contact's
        // `contacts.count(...)` reads the contacts once as members and once, grouped by account,
        // as the rows of their account.
        let everything: Vec<&str> = parts
            .iter()
            .filter(|p| !p.name.ends_with("_steps"))
            .flat_map(|p| {
                let members = usize::from(p.name.ends_with("_segments"));
                reads(p.text).into_iter().skip(members)
            })
            .collect();
        for part in parts.iter().filter(|p| p.name.ends_with("_features")) {
            let table = reads(part.text)[0];
            let times = everything.iter().filter(|t| **t == table).count();
            assert_eq!(times, 1, "{label}: {table} is read {times} times\n{sql}");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} feature CTEs found");
}

#[test]
fn a_sequence_reads_each_of_its_tables_once_and_joins_no_rows_to_rows() {
    let mut checked = 0;
    for (_, label, sql) in every_statement() {
        let parts = parts(&sql);
        for steps in parts.iter().filter(|p| p.name.ends_with("_steps")) {
            let tables = reads(steps.text);
            let scanned: Vec<&&str> = tables.iter().filter(|t| **t != "evaluation").collect();
            let mut distinct = scanned.clone();
            distinct.dedup();
            assert!(
                (1..=2).contains(&scanned.len()) && distinct.len() == scanned.len(),
                "{label}: {} reads {scanned:?}\n{sql}",
                steps.name
            );
            let base = steps.name.trim_end_matches("_steps");
            let followers = parts
                .iter()
                .find(|p| p.name == format!("{base}_followers"))
                .unwrap_or_else(|| panic!("{label}: no followers CTE for {base}"));
            // The followers are counted by a window over the steps, never a join of the steps
            // to themselves.
            assert_eq!(
                reads(followers.text),
                [steps.name],
                "{label}: {}\n{sql}",
                followers.name
            );
            assert!(
                followers.text.contains("RANGE BETWEEN CURRENT ROW AND "),
                "{label}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 3, "only {checked} sequences found");
}

#[test]
fn flags_are_computed_before_the_last_select_filters_them() {
    for (target, label, sql) in every_statement() {
        let parts = parts(&sql);
        let flags = parts
            .iter()
            .find(|p| p.name.ends_with("_segments"))
            .unwrap_or_else(|| panic!("{label}: no CTE of flags\n{sql}"));
        assert!(
            !flags.text.contains("\n  WHERE "),
            "{label}: the CTE of flags filters\n{sql}"
        );
        let body = parts.last().expect("a statement has a body");
        assert_eq!(
            reads(body.text)[0],
            flags.name,
            "{label}: the last SELECT reads the entity, not the flags\n{sql}"
        );
        let fenced = target.dialect().materialized_ctes;
        for part in parts
            .iter()
            .filter(|p| p.name.ends_with("_segments") || p.name.ends_with("_features"))
        {
            assert_eq!(
                part.header.ends_with(" AS MATERIALIZED ("),
                fenced,
                "{label}: {}",
                part.header
            );
        }
    }
}
