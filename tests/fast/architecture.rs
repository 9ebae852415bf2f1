//! Imports run one way: every `crate::…` path in `src/` names a module of the importing file's own
//! stage or of an earlier one, in the stage order written once in ARCHITECTURE.md (`## Stage order`).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The stage order of ARCHITECTURE.md: tiers of module names, earliest first, and the facades.
struct StageOrder {
    tiers: Vec<Vec<String>>,
    facades: Vec<String>,
}

/// Where a module sits in the stage order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Tier(usize),
    Facade,
    Unplaced,
}

impl StageOrder {
    /// Reads the `## Stage order` section: the first line with `→` lists the tiers (modules of one
    /// tier separated by commas), and the line starting `Facades:` lists the facades.
    fn parse(markdown: &str) -> StageOrder {
        let section: Vec<&str> = markdown
            .lines()
            .skip_while(|l| l.trim() != "## Stage order")
            .skip(1)
            .take_while(|l| !l.starts_with("## "))
            .collect();
        assert!(
            !section.is_empty(),
            "ARCHITECTURE.md has no `## Stage order` section"
        );
        let names = |text: &str| -> Vec<String> {
            text.split(',')
                .map(|n| n.trim().trim_matches('`').trim().trim_end_matches(".rs"))
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect()
        };
        let order = section
            .iter()
            .find(|l| l.contains('→'))
            .expect("the stage order section has a line `a, b → c → …`");
        let tiers = order.split('→').map(names).collect();
        let facades = section
            .iter()
            .find_map(|l| l.strip_prefix("Facades:"))
            .map(|rest| names(rest.split_once(". ").map_or(rest, |(list, _)| list)))
            .expect("the stage order section has a line `Facades: …`");
        StageOrder { tiers, facades }
    }

    fn place(&self, module: &str) -> Place {
        if self.facades.iter().any(|f| f == module) {
            return Place::Facade;
        }
        self.tiers
            .iter()
            .position(|tier| tier.iter().any(|m| m == module))
            .map_or(Place::Unplaced, Place::Tier)
    }

    fn stages(&self) -> impl Iterator<Item = &String> {
        self.tiers.iter().flatten()
    }
}

/// One `crate::` path: the line it is on and its first segment.
#[derive(Debug, PartialEq, Eq)]
struct CratePath {
    line: usize,
    first: String,
}

/// What the scanner found in one file.
#[derive(Debug, Default, PartialEq, Eq)]
struct Scan {
    paths: Vec<CratePath>,
    /// Modules declared `#[cfg(test)] mod name;`: unit-test files, exempt like the tests in `tests/`.
    test_modules: Vec<String>,
}

/// The text with comments and the contents of string and character literals blanked out (lines
/// kept), so that neither a doc comment nor a string can pose as an import or a brace.
fn code_only(text: &str) -> Vec<char> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    let blank = |out: &mut Vec<char>, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    while i < chars.len() {
        let rest = &chars[i..];
        let after_ident = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        let end = if rest.starts_with(&['/', '/']) {
            rest.iter().position(|&c| c == '\n').unwrap_or(rest.len())
        } else if rest.starts_with(&['/', '*']) {
            block_comment_len(rest)
        } else if rest[0] == '"' || (rest[0] == 'r' && !after_ident && raw_string_start(rest)) {
            string_len(rest)
        } else if rest[0] == '\'' {
            char_literal_len(rest).unwrap_or(0)
        } else {
            0
        };
        if end == 0 {
            out.push(rest[0]);
            i += 1;
        } else {
            rest[..end].iter().for_each(|&c| blank(&mut out, c));
            i += end;
        }
    }
    out
}

fn block_comment_len(rest: &[char]) -> usize {
    let (mut depth, mut i) = (0usize, 0);
    while i < rest.len() {
        if rest[i..].starts_with(&['/', '*']) {
            depth += 1;
            i += 2;
        } else if rest[i..].starts_with(&['*', '/']) {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    rest.len()
}

fn raw_string_start(rest: &[char]) -> bool {
    let hashes = rest[1..].iter().take_while(|&&c| c == '#').count();
    rest.get(1 + hashes) == Some(&'"')
}

/// Length of a string literal starting at `rest[0]` (`"…"` or `r#"…"#`).
fn string_len(rest: &[char]) -> usize {
    if rest[0] == 'r' {
        let hashes = rest[1..].iter().take_while(|&&c| c == '#').count();
        let open = 2 + hashes;
        let mut close = vec!['"'];
        close.extend(std::iter::repeat_n('#', hashes));
        return (open..rest.len())
            .find(|&i| rest[i..].starts_with(&close))
            .map_or(rest.len(), |i| i + close.len());
    }
    let mut i = 1;
    while i < rest.len() {
        match rest[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    rest.len()
}

/// Length of a character literal at `rest[0]`, or `None` for a lifetime such as `'a`.
fn char_literal_len(rest: &[char]) -> Option<usize> {
    match rest.get(1)? {
        '\\' => rest[2..].iter().position(|&c| c == '\'').map(|p| p + 3),
        _ => (rest.get(2) == Some(&'\'')).then_some(3),
    }
}

/// Every `crate::` path of a file outside `#[cfg(test)]` items, and its unit-test modules.
fn scan(text: &str) -> Scan {
    let code = code_only(text);
    let (cfg_test, crate_path) = (chars("#[cfg(test)]"), chars("crate::"));
    let mut scan = Scan::default();
    let mut i = 0;
    while i < code.len() {
        let rest = &code[i..];
        if rest.starts_with(&cfg_test) {
            let item = skip_attributes(&code, i);
            let end = item_end(&code, item);
            if let Some(name) = file_module(&code[item..end]) {
                scan.test_modules.push(name);
            }
            i = end;
        } else if rest.starts_with(&crate_path)
            && (i == 0 || !(code[i - 1].is_alphanumeric() || code[i - 1] == '_'))
        {
            let line = code[..i].iter().filter(|&&c| c == '\n').count() + 1;
            let start = i + crate_path.len();
            for first in first_segments(&code[start..]) {
                scan.paths.push(CratePath { line, first });
            }
            i = start;
        } else {
            i += 1;
        }
    }
    scan
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// The start of the item after the attribute at `at` and any further attributes.
fn skip_attributes(code: &[char], mut at: usize) -> usize {
    loop {
        while at < code.len() && code[at].is_whitespace() {
            at += 1;
        }
        if !code[at..].starts_with(&['#', '[']) {
            return at;
        }
        // Past the `#`, to the `]` that closes its `[`.
        at += 1;
        let mut depth = 0;
        while at < code.len() {
            match code[at] {
                '[' => depth += 1,
                ']' => depth -= 1,
                _ => {}
            }
            at += 1;
            if depth == 0 {
                break;
            }
        }
    }
}

/// The end of the item starting at `start`: its first `;` outside braces, or its closing brace.
fn item_end(code: &[char], start: usize) -> usize {
    let mut depth = 0usize;
    for (offset, &c) in code[start..].iter().enumerate() {
        match c {
            '{' => depth += 1,
            '}' if depth == 1 => return start + offset + 1,
            '}' => depth = depth.saturating_sub(1),
            ';' if depth == 0 => return start + offset + 1,
            _ => {}
        }
    }
    code.len()
}

/// `name` when the item is `mod name;` (a module in its own file).
fn file_module(item: &[char]) -> Option<String> {
    let text: String = item.iter().collect();
    let text = text.trim().strip_prefix("pub ").unwrap_or(text.trim());
    let name = text.strip_prefix("mod ")?.strip_suffix(';')?.trim();
    Some(name.to_string())
}

/// The first segment of the path after `crate::`, or of each path in a `crate::{a, b::c}` group.
fn first_segments(after: &[char]) -> Vec<String> {
    let ident = |s: &[char]| -> String {
        s.iter()
            .skip_while(|c| c.is_whitespace())
            .take_while(|c| c.is_alphanumeric() || **c == '_')
            .collect()
    };
    let mut out = Vec::new();
    if after.first() != Some(&'{') {
        out.push(ident(after));
        out.retain(|s| !s.is_empty());
        return out;
    }
    let mut depth = 0;
    for (i, &c) in after.iter().enumerate() {
        match c {
            '{' if depth == 0 => {
                depth = 1;
                out.push(ident(&after[1..]));
            }
            ',' if depth == 1 => out.push(ident(&after[i + 1..])),
            '{' => depth += 1,
            '}' if depth == 1 => break,
            '}' => depth -= 1,
            _ => {}
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// A source file, the crate it belongs to and the module of `src/` it is part of.
struct SourceFile {
    path: PathBuf,
    module: String,
    binary: bool,
}

fn source_files(root: &Path, binary_modules: &[String]) -> Vec<SourceFile> {
    let mut stack = vec![root.to_path_buf()];
    let mut out = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("src/ is readable") {
            let path = entry.expect("src/ is readable").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).expect("under src/");
                let first = rel.components().next().expect("a file name");
                let module = first.as_os_str().to_string_lossy().replace(".rs", "");
                let binary = module == "main" || binary_modules.contains(&module);
                out.push(SourceFile {
                    path,
                    module,
                    binary,
                });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The files and folders of the modules declared `#[cfg(test)] mod name;` in `parent`: `name.rs`
/// and `name/` next to a `mod.rs`, `lib.rs` or `main.rs`, else in the folder named after `parent`.
fn test_paths(parent: &Path, names: &[String]) -> Vec<PathBuf> {
    let stem = parent.file_stem().map(|s| s.to_string_lossy().to_string());
    let dir = match stem.as_deref() {
        Some("mod" | "lib" | "main") => parent.with_file_name(""),
        _ => parent.with_extension(""),
    };
    names
        .iter()
        .flat_map(|n| [dir.join(format!("{n}.rs")), dir.join(n)])
        .collect()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn stage_order() -> StageOrder {
    let text = fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    StageOrder::parse(&text)
}

/// The modules of the binary (`mod cli;` in `main.rs`): there, `crate::` means the binary.
fn binary_modules(src: &Path) -> Vec<String> {
    let main = fs::read_to_string(src.join("main.rs")).expect("src/main.rs");
    let code: Vec<char> = code_only(&main);
    let code: String = code.iter().collect();
    code.lines()
        .filter_map(|l| file_module(&chars(l)))
        .collect()
}

/// What `crate::first` names from a file: a module of its crate, or an item of the crate root.
fn target_of(
    first: &str,
    file: &SourceFile,
    modules: &BTreeSet<String>,
    binary: &[String],
) -> String {
    match (file.binary, binary.iter().any(|m| m == first)) {
        (true, true) => first.to_string(),
        (true, false) => "main".to_string(),
        (false, _) if modules.contains(first) => first.to_string(),
        (false, _) => "lib".to_string(),
    }
}

/// One import against the stage order, worded for the person who wrote it.
fn violation(
    file: &SourceFile,
    order: &StageOrder,
    path: &CratePath,
    target: &str,
) -> Option<String> {
    let from = order.place(&file.module);
    let to = order.place(target);
    let shown = file
        .path
        .strip_prefix(root())
        .unwrap_or(&file.path)
        .display();
    let at = format!("{shown}:{} imports `crate::{}`", path.line, path.first);
    match (from, to) {
        (Place::Facade | Place::Unplaced, _) | (_, Place::Unplaced) => None,
        (Place::Tier(i), Place::Tier(j)) if j <= i => None,
        (Place::Tier(_), Place::Tier(_)) => Some(format!(
            "{at}: stage `{target}` comes after `{}` in ARCHITECTURE.md's stage order",
            file.module
        )),
        (Place::Tier(_), Place::Facade) => Some(format!(
            "{at}: `{target}` is a facade above every stage, and `{}` is a stage",
            file.module
        )),
    }
}

/// Every source file with what its scan found, unit-test files left out.
fn scanned_files(src: &Path, binary: &[String]) -> Vec<(SourceFile, Scan)> {
    let files: Vec<(SourceFile, Scan)> = source_files(src, binary)
        .into_iter()
        .map(|f| {
            let scan = scan(&fs::read_to_string(&f.path).expect("readable"));
            (f, scan)
        })
        .collect();
    let exempt: Vec<PathBuf> = files
        .iter()
        .flat_map(|(f, s)| test_paths(&f.path, &s.test_modules))
        .collect();
    files
        .into_iter()
        .filter(|(f, _)| !exempt.iter().any(|e| f.path.starts_with(e)))
        .collect()
}

#[test]
fn no_module_imports_a_later_stage() {
    let order = stage_order();
    let src = root().join("src");
    let binary = binary_modules(&src);
    let files = scanned_files(&src, &binary);
    let modules: BTreeSet<String> = files
        .iter()
        .filter(|(f, _)| !f.binary)
        .map(|(f, _)| f.module.clone())
        .collect();
    let problems: Vec<String> = files
        .iter()
        .flat_map(|(file, scan)| {
            scan.paths.iter().filter_map(|path| {
                let target = target_of(&path.first, file, &modules, &binary);
                violation(file, &order, path, &target)
            })
        })
        .collect();
    assert!(
        problems.is_empty(),
        "imports against the stage order:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_stage_order_places_every_module_of_src() {
    let order = stage_order();
    let src = root().join("src");
    let modules: BTreeSet<String> = source_files(&src, &binary_modules(&src))
        .into_iter()
        .map(|f| f.module)
        .collect();
    let unplaced: Vec<&String> = modules
        .iter()
        .filter(|m| order.place(m) == Place::Unplaced)
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules missing from the stage order in ARCHITECTURE.md: {unplaced:?}"
    );
    let missing: Vec<&String> = order.stages().filter(|s| !modules.contains(*s)).collect();
    assert!(
        missing.is_empty(),
        "the stage order in ARCHITECTURE.md names modules that src/ does not have: {missing:?}"
    );
}

#[test]
fn the_scan_reads_grouped_paths_and_skips_comments_strings_and_unit_tests() {
    let text = r#"//! Uses `crate::doc` only in a comment.
use crate::{source::Span, value::{Date, Num}};
const NOTE: &str = "crate::string";
fn brace() -> char { '{' }
#[cfg(test)]
mod tests {
    fn close() -> char { '}' }
    use crate::later;
}
#[cfg(test)]
mod helpers;
pub use crate::ir::Plan;
"#;
    let found = scan(text);
    let paths: Vec<(usize, &str)> = found
        .paths
        .iter()
        .map(|p| (p.line, p.first.as_str()))
        .collect();
    assert_eq!(paths, [(2, "source"), (2, "value"), (12, "ir")]);
    assert_eq!(found.test_modules, ["helpers"]);
}
