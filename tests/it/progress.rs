//! The progress line of `seg run` and `seg diff`: absent when stderr is not a terminal; drawn on a
//! terminal (a pseudo-terminal made by util-linux's `script`) unless `--quiet`. On the project
//! `seg init` writes, whose sample data loads in seconds.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A new project with sample data, in a directory removed when the guard drops.
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("segments");
    let out = Command::new(env!("CARGO_BIN_EXE_seg"))
        .arg("init")
        .arg(&path)
        .output()
        .expect("the seg binary runs");
    assert!(out.status.success(), "seg init: {}", text(&out.stderr));
    (dir, path)
}

/// `seg run` (one step after another) and `seg diff` over two dates (a bar of two).
fn commands(project: &Path) -> [Vec<String>; 2] {
    let project = project.display().to_string();
    let words = |args: &[&str]| args.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    [
        words(&["run", &project, "--as-of", "2026-11-22"]),
        words(&[
            "diff",
            &project,
            "--from",
            "2026-11-15",
            "--to",
            "2026-11-22",
        ]),
    ]
}

/// Whether `text` holds anything the progress line draws: its steps, the bar's ETA, a carriage
/// return, an escape sequence or a spinner's braille character.
fn has_progress(text: &str) -> bool {
    ["loading", "evaluating", "ETA"]
        .iter()
        .any(|step| text.contains(step))
        || text.contains('\r')
        || text.contains('\u{1b}')
        || text.chars().any(|c| ('\u{2800}'..='\u{28ff}').contains(&c))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

/// `seg ARGS` under a pseudo-terminal: stdout and stderr both go to the terminal, whose output
/// `script` copies to its own stdout, each line's end made "\r\n" by the terminal.
fn seg_on_a_terminal(args: &[String]) -> String {
    let mut line = vec![format!("'{}'", env!("CARGO_BIN_EXE_seg"))];
    line.extend(args.iter().map(|a| format!("'{a}'")));
    let output: Output = match Command::new("script")
        .args([
            "--quiet",
            "--return",
            "--command",
            &line.join(" "),
            "/dev/null",
        ])
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
    {
        Ok(output) => output,
        Err(e) => panic!("cannot run `script` ({e}): install util-linux (Debian: bsdutils)"),
    };
    let screen = text(&output.stdout);
    assert!(output.status.success(), "seg {args:?}: {screen}");
    screen
}

#[test]
fn nothing_of_the_progress_line_reaches_a_stderr_that_is_not_a_terminal() {
    let (_dir, project) = project();
    for args in commands(&project) {
        let out = Command::new(env!("CARGO_BIN_EXE_seg"))
            .args(&args)
            .output()
            .expect("the seg binary runs");
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert!(out.status.success(), "seg {args:?}: {stderr}");
        assert!(
            stdout.contains("recent_email_buyers"),
            "seg {args:?} reports: {stdout}"
        );
        assert!(
            !has_progress(&stderr),
            "seg {args:?} wrote progress: {stderr:?}"
        );
    }
}

#[test]
fn a_terminal_shows_the_progress_line_and_quiet_hides_it() {
    let (_dir, project) = project();
    let [run, diff] = commands(&project);
    let data = project.join("data").display().to_string();

    let screen = seg_on_a_terminal(&diff);
    assert!(
        screen.contains(&format!("loading {data}")),
        "the spinner's step is drawn: {screen:?}"
    );
    assert!(
        screen.contains("evaluating [") && screen.contains("/2 "),
        "the bar over both dates is drawn: {screen:?}"
    );
    assert!(
        screen.contains("recent_email_buyers"),
        "the report follows: {screen}"
    );

    // `-q` after the command, `--quiet` before it: a global flag.
    let mut quiet_diff = diff.clone();
    quiet_diff.push("-q".to_string());
    let quiet_run = [vec!["--quiet".to_string()], run].concat();
    for args in [quiet_diff, quiet_run] {
        let screen = seg_on_a_terminal(&args).replace("\r\n", "\n");
        assert!(
            screen.contains("recent_email_buyers"),
            "the report is printed: {screen}"
        );
        assert!(
            !has_progress(&screen),
            "{args:?} hides the progress line: {screen:?}"
        );
    }
}
