//! The commands and workflows of docs/production.md as a team would copy them: every YAML block
//! (and `seg init`'s workflow) is valid YAML, the pull-request workflow checks out the history,
//! runs `seg diff --base origin/main` and posts its report, and every `seg …` command of the
//! page's shell, cron and YAML blocks is accepted by the real binary's argument parser.

use std::path::Path;
use std::process::{Command, Stdio};

/// The page's fenced blocks: each one's language and text.
fn fenced_blocks(text: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, usize, String)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        match open.take() {
            None => {
                if let Some(language) = trimmed.strip_prefix("```") {
                    let indent = line.len() - trimmed.len();
                    open = Some((language.trim().to_string(), indent, String::new()));
                }
            }
            Some((language, _, body)) if trimmed == "```" => blocks.push((language, body)),
            Some((language, indent, mut body)) => {
                body.push_str(line.get(indent..).unwrap_or(trimmed));
                body.push('\n');
                open = Some((language, indent, body));
            }
        }
    }
    assert!(open.is_none(), "a fence is left open");
    blocks
}

/// A YAML text as JSON, read by PyYAML (which dbt-core installs): a failure names the error.
fn yaml_as_json(text: &str) -> serde_json::Value {
    let mut child = Command::new("python3")
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin), default=str))",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs (PyYAML comes with dbt-core)");
    let mut stdin = child.stdin.take().expect("a pipe");
    std::io::Write::write_all(&mut stdin, text.as_bytes()).expect("writes the YAML");
    drop(stdin);
    let out = child.wait_with_output().expect("python3 ends");
    assert!(
        out.status.success(),
        "not valid YAML: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON from python")
}

/// The shell words of a line, with `;`, `|`, `&` and `>` as words of their own and a `#` comment
/// left out; quotes are removed, `$VARIABLES` kept as written.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                let quoted: String = chars.by_ref().take_while(|&q| q != c).collect();
                word.get_or_insert_with(String::new).push_str(&quoted);
            }
            '#' if word.is_none() => break,
            ';' | '|' | '&' | '>' | '<' => {
                words.extend(word.take());
                words.push(c.to_string());
            }
            c if c.is_whitespace() => words.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

/// Whether the word at `i` starts a command: the line's first word, the first after an
/// operator, a YAML `run:` or a crontab's five time fields (not a YAML `name: seg`).
fn command_position(words: &[String], i: usize) -> bool {
    let cron = |w: &String| w.chars().all(|c| c.is_ascii_digit() || "*/,-".contains(c));
    match i {
        0 => true,
        5 if words[..5].iter().all(cron) => true,
        _ => matches!(
            words[i - 1].as_str(),
            ";" | "|" | "&" | "run:" | "then" | "do"
        ),
    }
}

/// Every `seg …` command of a block: the words after each `seg` in a command's place, up to an
/// operator.
fn seg_commands(block: &str) -> Vec<Vec<String>> {
    let mut commands = Vec::new();
    for line in block.lines() {
        let words = shell_words(line);
        let starts = (0..words.len()).filter(|&i| words[i] == "seg" && command_position(&words, i));
        for i in starts {
            let args = words[i + 1..]
                .iter()
                .take_while(|w| !matches!(w.as_str(), ";" | "|" | "&" | ">" | "<"))
                .cloned()
                .collect();
            commands.push(args);
        }
    }
    commands
}

/// Runs `seg ARGS` in an empty directory (so it finds no project and writes nothing of use)
/// and fails if the argument parser refused the command line.
fn assert_parses(args: &[String]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = Command::new(env!("CARGO_BIN_EXE_seg"))
        .args(args)
        .current_dir(dir.path())
        .env_remove("DATABASE_URL")
        .stdin(Stdio::null())
        .output()
        .expect("runs seg");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("Usage: seg"),
        "seg {} is refused by the argument parser:\n{stderr}",
        args.join(" ")
    );
}

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect(path)
}

#[test]
fn every_seg_command_of_the_production_page_parses() {
    let blocks = fenced_blocks(&read("docs/production.md"));
    let mut commands = Vec::new();
    for (language, body) in &blocks {
        if matches!(language.as_str(), "sh" | "cron" | "yaml") {
            commands.extend(seg_commands(body));
        }
    }
    let subcommands: Vec<&str> = commands.iter().map(|c| c[0].as_str()).collect();
    for expected in ["materialize", "diff", "dbt"] {
        assert!(subcommands.contains(&expected), "{subcommands:?}");
    }
    for command in &commands {
        assert_parses(command);
    }
    // The check itself refuses what clap refuses.
    let misspelled = shell_words("seg diff segments --base origin/main --fail-abov 20");
    let refused = std::panic::catch_unwind(|| assert_parses(&misspelled[1..]));
    assert!(refused.is_err(), "a misspelled option is caught");
}

#[test]
fn the_pull_request_workflow_posts_the_diff_of_the_change() {
    let blocks = fenced_blocks(&read("docs/production.md"));
    let workflows: Vec<serde_json::Value> = blocks
        .iter()
        .filter(|(language, _)| language == "yaml")
        .map(|(_, body)| yaml_as_json(body))
        .filter(|doc| doc.get("jobs").is_some())
        .collect();
    assert_eq!(workflows.len(), 1, "one workflow on the page");
    let workflow = &workflows[0];
    // YAML 1.1 reads the key `on` as `true`.
    let on = workflow.get("on").or(workflow.get("true")).expect("on:");
    assert!(on.get("pull_request").is_some(), "{on}");
    assert_eq!(workflow["permissions"]["pull-requests"], "write");
    let jobs = workflow["jobs"].as_object().expect("jobs");
    let steps: Vec<&serde_json::Value> = jobs
        .values()
        .flat_map(|job| job["steps"].as_array().expect("steps"))
        .collect();
    let checkout = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/checkout@"))
        })
        .expect("a checkout step");
    assert_eq!(checkout["with"]["fetch-depth"], 0, "the whole history");
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    let diff = runs
        .iter()
        .find(|r| r.contains("seg diff"))
        .expect("a seg diff step");
    for option in ["--base origin/main", "--format markdown", "--fail-above"] {
        assert!(diff.contains(option), "{diff}");
    }
    let comment = runs
        .iter()
        .find(|r| r.contains("gh pr comment"))
        .expect("a step posting the comment");
    assert!(
        comment.contains("--edit-last"),
        "one comment, updated: {comment}"
    );
}

#[test]
fn the_workflow_seg_init_writes_is_valid_yaml_whose_commands_parse() {
    let text = read("src/cli/init/seg.yml");
    let workflow = yaml_as_json(&text);
    assert!(workflow["jobs"].is_object(), "{workflow}");
    let commands = seg_commands(&text);
    assert!(commands.len() >= 3, "{commands:?}");
    for command in &commands {
        assert_parses(command);
    }
}
