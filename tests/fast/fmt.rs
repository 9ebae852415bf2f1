//! `seg fmt` and `seglang::format::format_source`: the layout, comments kept where they were, the
//! fallback that keeps a declaration as written, deep nesting, and the command's files and exit
//! codes. The corpus (examples, docs, bad inputs) is `fmt_corpus.rs`.

use seglang::format::{format_source, without_spans};
use seglang::source::FileId;
use seglang::syntax::{parse_module, MAX_DEPTH};
use std::path::Path;
use std::process::{Command, Output};

/// Formats `text`, checking that the result formats to itself and parses to the same tree.
fn fmt(text: &str) -> String {
    let once = match format_source(FileId(0), text) {
        Ok(once) => once,
        Err(e) => panic!("the input parses: {e:?}"),
    };
    assert_eq!(
        format_source(FileId(0), &once).ok().as_deref(),
        Some(once.as_str()),
        "idempotent"
    );
    let (before, after) = (
        parse_module(FileId(0), text).0,
        parse_module(FileId(0), &once).0,
    );
    assert_eq!(
        without_spans(&before.items),
        without_spans(&after.items),
        "same tree"
    );
    once
}

const MESSY: &str = r#"// header comment

use   "schema.seg"
/// doc on a time zone
time zone "Europe/Paris"
param  vip: decimal=500
segment  vips on customers{


owner "crm"   // who
      tags ["a","b"]
  // before where
  where orders.count(last 1 day)>=1 and region in ["IDF","ARA"] and (a and b or c)
and x > -(5)
}



/// Stages.
segmentation life on customers {
  /// new ones
  new when orders.count() = 0
  very_long_stage when orders.count(last 30 days) >= 1 and orders.sum(amount, last 365 days) >= 1000 and loyalty_card
  rest otherwise
}
segment long on customers {
  where orders.count(where channel = "web", last 365 days) >= 3 or (loyalty_card and orders.sum(amount, last 365 days) >= 1000 and region = "IDF" and email is present)
}
segment kept on customers {
  where orders.count(// a comment inside a call
    last 30 days) >= 1
}
segment after_kept on customers{where(a+b)*2>10 and not (x or y)
  and 1 day ago < now}
// the end
"#;

const FORMATTED: &str = r#"// header comment

use "schema.seg"
/// doc on a time zone
time zone "Europe/Paris"
param vip: decimal = 500

segment vips on customers {
  owner "crm"  // who
  tags ["a", "b"]
  // before where
  where orders.count(last 1 day) >= 1
    and region in ["IDF", "ARA"]
    and (a and b or c)
    and x > -(5)
}

/// Stages.
segmentation life on customers {
  /// new ones
  new             when orders.count() = 0
  very_long_stage when orders.count(last 30 days) >= 1
                    and orders.sum(amount, last 365 days) >= 1000
                    and loyalty_card
  rest            otherwise
}

segment long on customers {
  where orders.count(where channel = "web", last 365 days) >= 3
    or (
      loyalty_card
      and orders.sum(amount, last 365 days) >= 1000
      and region = "IDF"
      and email is present
    )
}

segment kept on customers {
  where orders.count(// a comment inside a call
    last 30 days) >= 1
}

segment after_kept on customers {
  where (a + b) * 2 > 10
    and not (x or y)
    and 1 day ago < now
}
// the end
"#;

#[test]
fn the_layout_indents_spaces_breaks_aligns_and_keeps_every_comment() {
    assert_eq!(fmt(MESSY), FORMATTED);
}

#[test]
fn a_formatted_file_is_left_as_it_is() {
    assert_eq!(fmt(FORMATTED), FORMATTED);
}

#[test]
fn a_comment_inside_what_becomes_one_line_keeps_its_declaration_as_written() {
    let kept =
        "segment kept on customers {\n  where orders.count(// why\n      last 30 days)   >= 1\n}\n";
    let text = format!("{kept}segment next on customers{{where a>1}}\n");
    let formatted = fmt(&text);
    assert_eq!(
        formatted,
        format!("{kept}\nsegment next on customers {{\n  where a > 1\n}}\n"),
        "the declaration holding the comment is kept, the next one is formatted"
    );
}

#[test]
fn a_chain_written_over_lines_stays_broken_and_one_written_on_a_line_is_joined_when_it_fits() {
    let broken = "segment a on c {\n  where x = 1\n    and y = 2\n}\n";
    assert_eq!(fmt(broken), broken);
    let joined = "segment a on c {\n  where x = 1 and y = 2\n}\n";
    assert_eq!(fmt(joined), joined);
    assert_eq!(fmt("segment a on c { where x = 1 and\n y = 2 }"), broken);
}

#[test]
fn brackets_are_kept_where_the_tree_needs_them_and_where_written_around_and_not_and_arithmetic() {
    let text =
        "segment a on c {\n  where x and (y and z) or (p and q) or r and s or not (t or u)\n}\n";
    assert_eq!(fmt(text), text);
    let values =
        "trait t on c = (a + b) * 2 - (c - d) / -(e otherwise 1) + -(5) + days since (x + 1)\n";
    assert_eq!(fmt(values), values);
    let redundant = "trait t on c = (a * b) + ((c))\n";
    assert_eq!(fmt(redundant), "trait t on c = (a * b) + c\n");
    let not = "segment a on c {\n  where not (x > 1) and not y > 2\n}\n";
    assert_eq!(fmt(not), not);
}

#[test]
fn names_numbers_strings_and_unit_words_are_written_as_they_were() {
    let text = concat!(
        "segment a on c {\n",
        "  owner \"team \\\"a\\\"\"\n",
        "  holdout 12.5% salt \"s\"\n",
        "  where 1 day ago < d\n",
        "    and 2 weeks ago > e\n",
        "    and f = 12.50\n",
        "    and g = 007\n",
        "    and orders.count(within last 1 month, where kind = \"x\\\\y\") >= 1\n",
        "}\n",
    );
    assert_eq!(fmt(text), text);
}

#[test]
fn tables_tests_and_models_take_the_house_layout() {
    let text = concat!(
        "entity customers from \"crm.customers\" {\n",
        "  key id: string\n",
        "  consent email = email_optin since email_optin_at\n",
        "  level: enum(\"gold\", \"silver\", \"bronze\", \"copper\", \"iron\", \"tin\", \"lead\", \"zinc\", \"nickel\", \"cobalt\")? pii\n",
        "  amount: decimal(12, 2)\n",
        "}\n",
        "facts orders of customers(id) from \"o\" at at_ { at_: date }\n",
        "consents of customers(id) {}\n",
        "rfm value on customers over orders { window last 2 years scores 5 monetary sum(amount) quantiles frequency thresholds [1,2, 3] }\n",
        "clv life on customers over orders { amount amount margin 0.3 lifespan 3 }\n",
        "test \"t\" { segment s as_of 2026-01-01 rows customers [ { id: \"a\", signup_at: 2026-01-01T10:00:00, loyalty_card: null } ] rows orders [] expect [\"a\"] }\n",
    );
    let expected = concat!(
        "entity customers from \"crm.customers\" {\n",
        "  key id: string\n",
        "  consent email = email_optin since email_optin_at\n",
        "  level: enum(\"gold\", \"silver\", \"bronze\", \"copper\", \"iron\", \"tin\", \"lead\", \"zinc\", \"nickel\",\n",
        "              \"cobalt\")? pii\n",
        "  amount: decimal(12, 2)\n",
        "}\n",
        "\n",
        "facts orders of customers(id) from \"o\" at at_ {\n",
        "  at_: date\n",
        "}\n",
        "\n",
        "consents of customers(id) {}\n",
        "\n",
        "rfm value on customers over orders {\n",
        "  window last 2 years\n",
        "  scores 5\n",
        "  monetary sum(amount) quantiles\n",
        "  frequency thresholds [1, 2, 3]\n",
        "}\n",
        "\n",
        "clv life on customers over orders {\n",
        "  amount amount\n",
        "  margin 0.3\n",
        "  lifespan 3\n",
        "}\n",
        "\n",
        "test \"t\" {\n",
        "  segment s\n",
        "  as_of 2026-01-01\n",
        "  rows customers [\n",
        "    { id: \"a\", signup_at: 2026-01-01T10:00:00, loyalty_card: null },\n",
        "  ]\n",
        "  rows orders []\n",
        "  expect [\"a\"]\n",
        "}\n",
    );
    assert_eq!(fmt(text), expected);
}

/// `depth` groups, each inside the next: `(a and (a and (… x …) or b) or b)`.
fn nested_groups(depth: usize) -> String {
    let mut cond = "x".to_string();
    for i in 0..depth {
        cond = match i % 2 {
            0 => format!("(a and {cond}) or b"),
            _ => format!("(c or {cond}) and d"),
        };
    }
    cond
}

#[test]
fn conditions_nested_as_deep_as_the_parser_accepts_format_without_overflowing() {
    let nots = "not ".repeat(MAX_DEPTH - 8);
    let deep = [
        format!(
            "segment deep on c {{\n  where {}\n}}\n",
            nested_groups(MAX_DEPTH - 8)
        ),
        format!("segment nots on c {{\n  where {nots}x\n}}\n"),
        format!("trait t on c = {}1\n", "days since ".repeat(MAX_DEPTH - 8)),
    ];
    for text in &deep {
        assert!(
            parse_module(FileId(0), text).1.is_empty(),
            "the parser accepts it"
        );
        // On a thread with the 2 MiB a test thread has: formatting makes its own stack.
        let formatted = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn({
                let text = text.clone();
                move || format_source(FileId(0), &text).map_err(|e| format!("{e:?}"))
            })
            .expect("a thread")
            .join()
            .expect("no overflow");
        let formatted = formatted.expect("it formats");
        assert!(formatted.lines().count() > 1 || formatted.len() > MAX_DEPTH);
        assert_eq!(
            format_source(FileId(0), &formatted).ok(),
            Some(formatted.clone())
        );
    }
}

#[test]
fn a_file_that_does_not_parse_is_an_error_with_its_diagnostics() {
    let errors =
        format_source(FileId(0), "segment a on c {\n  where x >\n}\n").expect_err("no parse");
    assert_eq!(
        errors.iter().map(|d| d.code()).collect::<Vec<_>>(),
        ["E0001"]
    );
    assert_eq!(fmt(""), "");
    assert_eq!(fmt("\n\n// only a comment\n\n\n"), "// only a comment\n");
}

// ---------------------------------------------------------------- the command

fn seg(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seg"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the seg binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

/// A fresh directory under the target directory.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

#[test]
fn fmt_check_lists_what_would_change_and_fmt_rewrites_only_that() {
    let dir = scratch("fmt-check");
    std::fs::write(dir.join("messy.seg"), "segment a on c{where x>1}\n").expect("writable");
    std::fs::write(dir.join("tidy.seg"), "param p: int = 1\n").expect("writable");
    let check = seg(&["fmt", "--check", "."], &dir);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stderr));
    assert_eq!(text(&check.stdout), "./messy.seg\n");
    assert_eq!(
        text(&check.stderr),
        "1 file would be reformatted, 1 already formatted\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("messy.seg"))
            .ok()
            .as_deref(),
        Some("segment a on c{where x>1}\n")
    );
    let tidy_written = std::fs::metadata(dir.join("tidy.seg"))
        .and_then(|m| m.modified())
        .ok();
    let rewrite = seg(&["fmt"], &dir);
    assert_eq!(rewrite.status.code(), Some(0), "{}", text(&rewrite.stderr));
    assert_eq!(
        text(&rewrite.stderr),
        "1 file reformatted, 1 already formatted\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("messy.seg"))
            .ok()
            .as_deref(),
        Some("segment a on c {\n  where x > 1\n}\n")
    );
    assert_eq!(
        std::fs::metadata(dir.join("tidy.seg"))
            .and_then(|m| m.modified())
            .ok(),
        tidy_written
    );
    let again = seg(&["fmt", "--check"], &dir);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
}

#[test]
fn fmt_leaves_a_file_that_does_not_parse_untouched_and_reports_it() {
    let dir = scratch("fmt-broken");
    let broken = "segment a on c {\n  where x >\n}\n";
    std::fs::write(dir.join("broken.seg"), broken).expect("writable");
    std::fs::write(dir.join("fine.seg"), "param p:int=1\n").expect("writable");
    let out = seg(&["fmt", "."], &dir);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("E0001"), "{stderr}");
    assert!(
        stderr
            .ends_with("1 file reformatted, 0 already formatted, 1 left as it is (errors above)\n"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("broken.seg"))
            .ok()
            .as_deref(),
        Some(broken)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("fine.seg"))
            .ok()
            .as_deref(),
        Some("param p: int = 1\n")
    );
}

#[test]
fn fmt_stdin_writes_the_formatted_text_to_stdout() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_seg"))
        .args(["fmt", "--stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the seg binary runs");
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin.write_all(b"param  p : int=1").expect("writable");
    }
    let out = child.wait_with_output().expect("it ends");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "param p: int = 1\n");
    let both = seg(
        &["fmt", "--stdin", "x.seg"],
        Path::new(env!("CARGO_TARGET_TMPDIR")),
    );
    assert_eq!(both.status.code(), Some(1), "--stdin takes no path");
}

#[test]
fn fmt_of_a_path_that_cannot_be_read_exits_2_with_e0523() {
    let dir = scratch("fmt-missing");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/cli");
    settings.set_prepend_module_to_snapshot(false);
    let out = seg(&["fmt", "missing.seg"], &dir);
    assert_eq!(out.status.code(), Some(2));
    settings.bind(|| insta::assert_snapshot!("fmt_unreadable_path", text(&out.stderr)));
}

#[test]
fn seg_init_writes_a_formatted_project_whose_ci_and_hooks_run_fmt_check_first() {
    let dir = scratch("fmt-init");
    let project = dir.join("segments");
    let out = seg(&["init", "segments"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let check = seg(&["fmt", "--check", "segments"], &dir);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    assert_eq!(text(&check.stdout), "", "seg init writes formatted files");
    let workflow =
        std::fs::read_to_string(project.join(".github/workflows/seg.yml")).expect("written");
    let runs: Vec<&str> = workflow
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- run: seg "))
        .collect();
    assert_eq!(runs, ["fmt --check .", "check . --format github", "test ."]);
    let hooks = std::fs::read_to_string(project.join(".pre-commit-config.yaml")).expect("written");
    assert!(hooks.contains("entry: seg fmt --check") && hooks.contains("entry: seg check"));
    let ours = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .expect("the repository is a hook repository");
    assert!(ours.contains("- id: seg-fmt\n") && ours.contains("entry: seg fmt --check\n"));
}

#[test]
fn fmt_leaves_a_file_that_is_not_utf8_untouched_with_e0524() {
    let dir = scratch("fmt-latin1");
    let latin1 = b"// caf\xe9\nparam p:int=1\n";
    std::fs::write(dir.join("latin1.seg"), latin1).expect("writable");
    let out = seg(&["fmt", "latin1.seg"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read(dir.join("latin1.seg")).ok().as_deref(),
        Some(&latin1[..])
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/cli");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("fmt_not_utf8", text(&out.stderr)));
}

#[test]
fn declarations_with_an_entry_given_twice_are_kept_as_written() {
    // The tree keeps one `owner` and one `segment` (the checker reports the other): formatting
    // from the tree would drop one.
    let text =
        "segment a on c { owner \"x\"  owner \"y\" }\n\ntest \"t\" { segment a  segment b }\n";
    assert_eq!(fmt(text), text);
    let tags = "segment a on c { tags [\"x\"] tags [] tags [\"y\", \"z\"] }";
    assert_eq!(
        fmt(tags),
        "segment a on c {\n  tags [\"x\"]\n  tags []\n  tags [\"y\", \"z\"]\n}\n"
    );
}

#[test]
fn a_test_too_long_for_its_line_breaks_before_its_operator_and_never_inside_an_aggregate() {
    let before_operator = concat!(
        "segment a on customers {\n",
        "  where orders.count() >= 1\n",
        "    and orders.sum(amount, last 90 days)\n",
        "      < 0.5 * orders.sum(amount, between 180 days ago and 91 days ago) + orders.sum(amount)\n",
        "}\n",
    );
    assert_eq!(
        fmt(&before_operator.replace("\n      <", " <")),
        before_operator
    );
    // An aggregate is not broken: the SQL's comments quote it as written.
    let long_aggregate = concat!(
        "segment b on customers {\n",
        "  where order_lines.sum(quantity, where category in [\"organic\", \"recycled\"] and orders.channel = \"web\", last 365 days) >= 3\n",
        "}\n",
    );
    assert_eq!(fmt(long_aggregate), long_aggregate);
}

#[test]
fn a_sequence_is_spaced_and_a_long_one_breaks_before_followed_by() {
    let messy = "segment s on customers {\n  where events.any(where kind=\"cart_add\",last 7 days)   not followed by orders( where amount>0 ,same category as detail )within 2 days\n}\n";
    assert_eq!(
        fmt(messy),
        "segment s on customers {\n  where events.any(where kind = \"cart_add\", last 7 days)\n    not followed by orders(where amount > 0, same category as detail) within 2 days\n}\n"
    );
    let short = "segment s on customers { where orders.any() followed by orders within 1 weeks }\n";
    assert_eq!(
        fmt(short),
        "segment s on customers {\n  where orders.any() followed by orders within 1 weeks\n}\n"
    );
}
