//! `seg diff` on real changes of the retail example, checked against member lists computed
//! independently: each side's `seg compile --segment` query run on DuckDB over the same data.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const AS_OF: &str = "2026-11-22";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn seg(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seg"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("the seg binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

fn data_dir() -> String {
    root().join("examples/retail/data").display().to_string()
}

/// A copy of the retail example's `.seg` files in `dir`, each passed through `edit`.
fn copy_retail(dir: &Path, edit: impl Fn(&str) -> String) {
    std::fs::create_dir_all(dir).expect("create dir");
    for file in ["schema.seg", "segments.seg", "tests.seg"] {
        let source = std::fs::read_to_string(root().join("examples/retail").join(file))
            .expect("example file");
        std::fs::write(dir.join(file), edit(&source)).expect("write");
    }
}

/// Two changes an analyst might make: a basket over a shorter window with a lower threshold
/// (people enter and others leave) and a stricter store-visit count (people leave).
fn the_change(source: &str) -> String {
    let changed = source
        .replace(
            "orders.avg(amount, last 365 days) >= 120",
            "orders.avg(amount, last 180 days) >= 100",
        )
        .replace(
            "orders.count(where channel = \"store\", last 365 days) >= 2",
            "orders.count(where channel = \"store\", last 365 days) >= 3",
        );
    if source.contains("segment cadres_high_basket") {
        assert_ne!(
            changed, source,
            "the retail example still has both criteria"
        );
    }
    changed
}

/// The members of `segment` in the project at `dir`: its `seg compile --segment` query, run on
/// an embedded DuckDB loaded from the example's data.
fn members(dir: &Path, segment: &str) -> BTreeSet<String> {
    let dir_text = dir.to_str().expect("utf-8");
    let out = seg(&[
        "compile",
        dir_text,
        "--target",
        "duckdb",
        "--segment",
        segment,
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let sql = text(&out.stdout);
    let files: Vec<PathBuf> = ["schema.seg", "segments.seg", "tests.seg"]
        .iter()
        .map(|f| dir.join(f))
        .collect();
    let read = |p: &Path| std::fs::read(p);
    let program = seglang::analyze(&files, &read, &Default::default())
        .expect("readable")
        .program
        .expect("the project checks");
    let conn = duckdb::Connection::open_in_memory().expect("DuckDB");
    seglang::run::load::load_directory(&conn, &program.schema, Path::new(&data_dir()))
        .expect("the example's data loads");
    let mut stmt = conn.prepare(&sql).expect("DuckDB accepts the query");
    let keys = stmt
        .query_map([], |row| row.get::<_, String>(0))
        .expect("the query runs");
    keys.map(|k| k.expect("a key")).collect()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", text(&out.stdout), text(&out.stderr)))
}

fn row<'a>(report: &'a serde_json::Value, segment: &str) -> &'a serde_json::Value {
    report["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .find(|r| r["name"] == segment)
        .unwrap_or_else(|| panic!("no row for {segment}: {report}"))
}

/// Asserts the report's row for `segment` against the two member lists.
fn assert_row(report: &serde_json::Value, segment: &str, before: &Path, after: &Path) {
    let (old, new) = (members(before, segment), members(after, segment));
    let r = row(report, segment);
    assert_eq!(r["before"], old.len(), "{segment}: {r}");
    assert_eq!(r["after"], new.len(), "{segment}: {r}");
    assert_eq!(r["entered"], new.difference(&old).count(), "{segment}: {r}");
    assert_eq!(r["exited"], old.difference(&new).count(), "{segment}: {r}");
}

#[test]
fn two_versions_show_who_enters_and_who_leaves_and_which_definitions_changed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (before, after) = (dir.path().join("before"), dir.path().join("after"));
    copy_retail(&before, str::to_string);
    copy_retail(&after, the_change);
    let (b, a) = (
        before.to_str().expect("utf-8"),
        after.to_str().expect("utf-8"),
    );
    let data = data_dir();
    let out = seg(&[
        "diff", b, a, "--as-of", AS_OF, "--data", &data, "--format", "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = json(&out);
    for segment in ["cadres_high_basket", "retirees_in_store"] {
        assert_row(&report, segment, &before, &after);
        assert_eq!(row(&report, segment)["definition"], "changed");
    }
    let cadres = row(&report, "cadres_high_basket");
    assert!(
        cadres["entered"].as_u64() > Some(0) && cadres["exited"].as_u64() > Some(0),
        "{cadres}"
    );
    assert!(row(&report, "retirees_in_store")["exited"].as_u64() > Some(0));
    // Nothing else moved or changed meaning; stages are reported too.
    let rows = report["segments"].as_array().expect("segments");
    for r in rows {
        let name = r["name"].as_str().expect("name");
        if name == "cadres_high_basket" || name == "retirees_in_store" {
            continue;
        }
        assert_eq!((&r["entered"], &r["exited"]), (&0.into(), &0.into()), "{r}");
        assert_eq!(r["definition"], "same", "{r}");
    }
    assert!(
        rows.iter().any(|r| r["name"] == "lifecycle:active"),
        "{report}"
    );

    // The same change as a pull-request comment, and as a CI gate (on three segments, to keep
    // the test short).
    let only = |extra: &[&str]| {
        let mut call = vec!["diff", b, a, "--as-of", AS_OF, "--data", &data];
        for s in ["cadres_high_basket", "retirees_in_store", "employees"] {
            call.extend(["--segment", s]);
        }
        call.extend(extra);
        seg(&call)
    };
    let comment = text(&only(&["--format", "markdown"]).stdout);
    assert!(comment.contains("| `cadres_high_basket` |"), "{comment}");
    assert!(
        !comment.contains("| `employees` |"),
        "unchanged rows stay out: {comment}"
    );
    assert!(comment.contains("2 changed definitions"), "{comment}");
    let strict = only(&["--fail-above", "0"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        text(&strict.stdout).contains("churn above 0 %: "),
        "{}",
        text(&strict.stdout)
    );
    assert_eq!(only(&["--fail-above", "1000"]).status.code(), Some(0));
}

#[test]
fn a_git_revision_is_the_version_before() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("crm/segments");
    copy_retail(&project, str::to_string);
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=seg", "-c", "user.email=seg@example.com"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("git runs (apt-get install -y git)");
        assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "retail"]);
    copy_retail(&project, the_change);
    let p = project.to_str().expect("utf-8");
    let data = data_dir();
    let out = seg(&[
        "diff", p, "--base", "HEAD", "--as-of", AS_OF, "--data", &data, "--format", "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = json(&out);
    let committed = dir.path().join("committed");
    copy_retail(&committed, str::to_string);
    assert_row(&report, "cadres_high_basket", &committed, &project);
    assert_eq!(row(&report, "cadres_high_basket")["definition"], "changed");
    assert_eq!(row(&report, "employees")["definition"], "same");
    assert!(
        report["before"]
            .as_str()
            .is_some_and(|b| b.ends_with("at HEAD")),
        "{report}"
    );

    let out = seg(&[
        "diff",
        p,
        "--base",
        "no-such-branch",
        "--as-of",
        AS_OF,
        "--data",
        &data,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("E0508"), "{}", text(&out.stderr));

    // A project added since the revision is named as such, not as a temporary path.
    let added = dir.path().join("crm/new_project");
    copy_retail(&added, str::to_string);
    let a = added.to_str().expect("utf-8");
    let out = seg(&[
        "diff", a, "--base", "HEAD", "--as-of", AS_OF, "--data", &data,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("E0508") && err.contains("new_project has no"),
        "{err}"
    );
}

#[test]
fn two_dates_of_one_version_show_who_moved_that_week() {
    let data = data_dir();
    let out = seg(&[
        "diff",
        "examples/retail",
        "--from",
        "2026-11-15",
        "--to",
        AS_OF,
        "--data",
        &data,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = json(&out);
    let run = |date: &str| {
        json(&seg(&[
            "run",
            "examples/retail",
            "--as-of",
            date,
            "--format",
            "json",
            "--data",
            &data,
        ]))
    };
    let (first, second) = (run("2026-11-15"), run(AS_OF));
    let size = |run: &serde_json::Value, segment: &str| {
        run["segments"]
            .as_array()
            .expect("segments")
            .iter()
            .find(|s| s["name"] == segment)
            .unwrap_or_else(|| panic!("{segment} in {run}"))["members"]
            .clone()
    };
    let rows = report["segments"].as_array().expect("segments");
    assert!(rows.iter().all(|r| r["definition"] == "same"), "{report}");
    assert!(
        rows.iter().any(|r| r["entered"].as_u64() > Some(0)),
        "a week moves someone: {report}"
    );
    for segment in ["new_not_converting", "birthday_this_week", "lapsing_vips"] {
        let r = row(&report, segment);
        assert_eq!(r["before"], size(&first, segment), "{r}");
        assert_eq!(r["after"], size(&second, segment), "{r}");
    }
}

#[test]
fn one_path_alone_is_refused_with_e0507() {
    let out = seg(&["diff", "examples/retail"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("E0507"), "{}", text(&out.stderr));
}
