//! The fuzz targets' inputs replayed in the fast loop: every seed (the examples, the bad inputs,
//! the documentation's blocks) and every input a fuzzer once found in `fuzz/regressions/`, through
//! the functions the targets call (`fuzz/src/lib.rs`, included here). A panic fails the test;
//! every error must be a diagnostic with a code.

#[path = "../../fuzz/src/lib.rs"]
mod entry;

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The inputs kept in `fuzz/regressions/` (name, bytes), by name.
fn regressions() -> Vec<(String, Vec<u8>)> {
    let mut inputs: Vec<(String, Vec<u8>)> = std::fs::read_dir(root().join("fuzz/regressions"))
        .expect("fuzz/regressions exists")
        .map(|e| e.expect("a readable directory entry").path())
        .filter(|p| p.extension().is_none_or(|e| e != "md"))
        .map(|p| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (
                name,
                std::fs::read(&p).expect("a readable regression input"),
            )
        })
        .collect();
    inputs.sort();
    inputs
}

#[test]
fn every_seed_compiles_or_gives_coded_diagnostics_and_runs_its_tests() {
    let seeds = entry::seeds(root()).expect("the seed sources are readable");
    assert!(
        seeds.iter().any(|(n, _)| n.starts_with("doc-"))
            && seeds.iter().any(|(n, _)| n.starts_with("bad-"))
            && seeds.iter().any(|(n, _)| n == "example-retail"),
        "seeds come from the docs, the bad inputs and the examples"
    );
    for (_, data) in &seeds {
        entry::compile_everything(data);
        entry::run_test_blocks(data);
    }
}

#[test]
fn the_hand_written_parser_reads_every_seed_as_pest_does() {
    let seeds = entry::seeds(root()).expect("the seed sources are readable");
    let mut clean = 0;
    for (_, data) in &seeds {
        for (_, text) in &entry::Input::read(data).files {
            clean += usize::from(entry::parsers_agree(text));
        }
    }
    // Most seeds parse: the examples and the docs' blocks; the bad inputs mostly do not.
    assert!(clean > 200, "only {clean} seed files parse");
}

/// Pieces of the language spliced into the seeds, to reach the paths where the hand-written
/// parser must give up or backtrack exactly where pest does.
const SPLICES: [&str; 39] = [
    " ",
    "(",
    ")",
    "not ",
    "and ",
    "or ",
    "-",
    "- ",
    "//c\n",
    "///d\n",
    ".",
    ",",
    "\"",
    "\\q",
    "1",
    "1.5",
    "2026-01-01",
    "2026-02-30",
    "T10:00",
    "99999999999999999999",
    "days ",
    "ago ",
    "last ",
    "within ",
    "otherwise ",
    "=",
    "in ",
    "[",
    "]",
    "{",
    "}",
    "where ",
    "x",
    "/",
    "?",
    "ignoring case ",
    "-> ",
    ">",
    "lookup ",
];

#[test]
fn the_hand_written_parser_agrees_with_pest_on_spliced_seeds() {
    let seeds = entry::seeds(root()).expect("the seed sources are readable");
    let mut state: u64 = 0x5eed;
    let mut next = |bound: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        usize::try_from(state >> 33).unwrap_or(0) % bound.max(1)
    };
    let (mut tried, mut clean) = (0, 0);
    for (name, data) in &seeds {
        if !name.starts_with("example-") && !name.starts_with("doc-") {
            continue;
        }
        for (_, bytes) in &entry::Input::read(data).files {
            let Ok(text) = std::str::from_utf8(bytes) else {
                continue;
            };
            for _ in 0..3 {
                let at = next(text.len() + 1);
                let len = next(8);
                if !text.is_char_boundary(at) || !text.is_char_boundary((at + len).min(text.len()))
                {
                    continue;
                }
                let end = (at + len).min(text.len());
                let spliced = match next(3) {
                    0 => format!("{}{}", &text[..at], &text[end..]),
                    1 => format!(
                        "{}{}{}",
                        &text[..at],
                        SPLICES[next(SPLICES.len())],
                        &text[at..]
                    ),
                    _ => format!("{}{}{}", &text[..end], &text[at..end], &text[end..]),
                };
                tried += 1;
                clean += usize::from(entry::parsers_agree(spliced.as_bytes()));
            }
        }
    }
    assert!(
        tried > 800 && clean > 300,
        "{tried} spliced files, {clean} without errors"
    );
}

#[test]
fn every_input_a_fuzzer_found_replays_without_a_panic() {
    for (_, data) in regressions() {
        entry::compile_everything(&data);
        entry::run_test_blocks(&data);
    }
}

#[test]
fn an_input_splits_into_files_and_params_and_writes_back() {
    let data = b"//# param vip_spend=10\n//# file schema.seg\nentity x {}\n//# file a.seg\nuse \"schema.seg\"\n";
    let input = entry::Input::read(data);
    let names: Vec<&str> = input.files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["schema.seg", "a.seg"]);
    assert_eq!(input.params, [("vip_spend".to_string(), "10".to_string())]);
    assert_eq!(input.write(), data);
    let plain = entry::Input::read(b"segment s on x {}\n");
    assert_eq!(
        plain.files,
        [("main.seg".to_string(), b"segment s on x {}\n".to_vec())]
    );
}
