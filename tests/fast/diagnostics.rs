//! Diagnostics: the catalogue in docs/diagnostics.md is executable (each example produces its
//! code), every code in the sources is catalogued, and every rendering is snapshotted.

use seglang::check::CheckOptions;
use seglang::report::{render, Format};
use std::path::Path;

const CATALOGUE: &str = include_str!("../../docs/diagnostics.md");

/// One `## CODE: title` section of the catalogue with its first code block.
struct Entry {
    code: String,
    language: String,
    example: String,
    params: Vec<(String, String)>,
}

fn catalogue() -> (String, Vec<Entry>) {
    let mut schema = String::new();
    let mut entries = Vec::new();
    let mut heading: Option<String> = None;
    let mut params = Vec::new();
    let mut lines = CATALOGUE.lines();
    while let Some(line) = lines.next() {
        if let Some(h) = line.strip_prefix("## ") {
            heading = Some(h.to_string());
            params.clear();
            continue;
        }
        if let Some(p) = line
            .strip_prefix("<!-- param: ")
            .and_then(|l| l.strip_suffix(" -->"))
        {
            if let Some((k, v)) = p.split_once('=') {
                params.push((k.to_string(), v.to_string()));
            }
            continue;
        }
        let Some(language) = line.strip_prefix("```").filter(|l| !l.is_empty()) else {
            continue;
        };
        let mut block = Vec::new();
        for l in lines.by_ref() {
            if l == "```" {
                break;
            }
            block.push(l);
        }
        let Some(h) = heading.take() else { continue };
        let text = block.join("\n") + "\n";
        if h.starts_with("Schema") {
            schema = text;
        } else if let Some((code, _)) = h.split_once(':') {
            entries.push(Entry {
                code: code.to_string(),
                language: language.to_string(),
                example: text,
                params: params.clone(),
            });
        }
    }
    (schema, entries)
}

fn codes_in(source: &str) -> Vec<String> {
    source
        .match_indices("code(")
        .filter_map(|(i, _)| source.get(i + 5..i + 10))
        .filter(|c| c.starts_with(['E', 'W']) && c[1..].chars().all(|x| x.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_catalogued_example_produces_its_code_and_renders_as_snapshotted() {
    let (schema, entries) = catalogue();
    assert!(
        !schema.is_empty(),
        "the catalogue declares the examples' schema"
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/diagnostics");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    for entry in entries.iter().filter(|e| e.language == "seg") {
        let options = CheckOptions {
            params: entry.params.clone(),
        };
        let mut analysis = seglang::analyze_sources(
            &[("example.seg", &entry.example), ("schema.seg", &schema)],
            &options,
        );
        // Lints run after the check, as `seg check` runs them; only their own examples are
        // linted, so the other snapshots show the checker's diagnostics alone.
        let is_lint = seglang::lint::LINTS
            .iter()
            .any(|(code, _)| *code == entry.code);
        if let (true, Some(program)) = (is_lint, &analysis.program) {
            // As if seg.toml said `[data] history = "2 years"` (W0007's example).
            let options = seglang::lint::LintOptions {
                history: seglang::lint::Duration::parse("2 years"),
            };
            let lints = seglang::lint::lint(program, &options);
            analysis.diagnostics.extend(lints);
            // At the default levels, as `seg check` reports them, but for the entry's own code,
            // shown even when it is allowed by default (W0005, W0008).
            let mut levels = seglang::lint::Levels::default();
            levels
                .codes
                .insert(entry.code.clone(), seglang::lint::Level::Warn);
            let diagnostics = std::mem::take(&mut analysis.diagnostics);
            analysis.diagnostics =
                seglang::lint::apply_levels(diagnostics, &analysis.sources, &levels);
        }
        let codes: Vec<String> = analysis.diagnostics.iter().map(|d| d.code()).collect();
        assert!(
            codes.contains(&entry.code),
            "the example of {} produced {codes:?}:\n{}",
            entry.code,
            entry.example
        );
        let rendered = render(
            &analysis.diagnostics,
            &analysis.sources,
            Format::Human { color: false },
        );
        settings.bind(|| insta::assert_snapshot!(entry.code.clone(), rendered));
    }
}

#[test]
fn every_code_in_the_sources_is_catalogued() {
    let (_, entries) = catalogue();
    let documented: Vec<&str> = entries.iter().map(|e| e.code.as_str()).collect();
    let sources = [
        include_str!("../../src/syntax/errors.rs"),
        include_str!("../../src/check/errors/aggregates.rs"),
        include_str!("../../src/check/errors/arithmetic.rs"),
        include_str!("../../src/check/errors/conditions.rs"),
        include_str!("../../src/check/errors/kpis.rs"),
        include_str!("../../src/check/errors/links.rs"),
        include_str!("../../src/check/errors/models.rs"),
        include_str!("../../src/check/errors/names.rs"),
        include_str!("../../src/check/errors/params.rs"),
        include_str!("../../src/check/errors/privacy.rs"),
        include_str!("../../src/check/errors/schema.rs"),
        include_str!("../../src/check/errors/segments.rs"),
        include_str!("../../src/check/errors/test_blocks.rs"),
        include_str!("../../src/check/errors/traits.rs"),
        include_str!("../../src/check/errors/zones.rs"),
        include_str!("../../src/project/errors.rs"),
        include_str!("../../src/cli/errors.rs"),
        include_str!("../../src/cli/config.rs"),
        include_str!("../../src/cli/data_place.rs"),
        include_str!("../../src/lint/mod.rs"),
        include_str!("../../src/cli/fmt.rs"),
        include_str!("../../src/lsp/errors.rs"),
        include_str!("../../src/compile/mod.rs"),
        include_str!("../../src/run/errors.rs"),
        include_str!("../../src/sql/errors.rs"),
    ];
    for code in sources.iter().flat_map(|s| codes_in(s)) {
        assert!(
            documented.contains(&code.as_str()),
            "{code} is not in docs/diagnostics.md"
        );
    }
}

/// The bad-input corpus: each file's diagnostics, rendered without colour, as reviewers see them.
/// Files whose messages are still poor are listed in `bad/README.md` to be improved.
#[test]
fn bad_inputs_render_as_snapshotted() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fast/bad");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fast/bad exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "seg"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/bad");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let file_name = format!("{name}.seg");
        let analysis = seglang::analyze_sources(&[(&file_name, &text)], &CheckOptions::default());
        assert!(analysis.error_count() > 0, "{file_name} should have errors");
        for d in &analysis.diagnostics {
            assert!(
                d.code().starts_with(['E', 'W']),
                "{file_name}: diagnostic without code: {d:?}"
            );
        }
        let rendered = render(
            &analysis.diagnostics,
            &analysis.sources,
            Format::Human { color: false },
        );
        settings.bind(|| insta::assert_snapshot!(name, rendered));
    }
}

#[test]
fn a_doc_comment_may_stand_before_a_time_zone_and_is_not_part_of_it() {
    let schema = "entity customers {\n  key id: string\n}\n";
    let documented = "/// Our customers live in France.\ntime zone \"Europe/Paris\"\n";
    let analysis = seglang::analyze_sources(
        &[("zone.seg", documented), ("schema.seg", schema)],
        &CheckOptions::default(),
    );
    assert!(
        analysis.diagnostics.is_empty(),
        "{:?}",
        analysis.diagnostics
    );

    // Declared twice: still E0231 (not a syntax error), labelled on the second zone's name.
    let twice = format!("time zone \"Europe/Paris\"\n{documented}");
    let analysis = seglang::analyze_sources(
        &[("zone.seg", &twice), ("schema.seg", schema)],
        &CheckOptions::default(),
    );
    let codes: Vec<String> = analysis.diagnostics.iter().map(|d| d.code()).collect();
    assert_eq!(codes, ["E0231"]);
    let rendered = render(
        &analysis.diagnostics,
        &analysis.sources,
        Format::Human { color: false },
    );
    let labelled = rendered
        .lines()
        .skip_while(|l| !l.contains("3 │ time zone"))
        .nth(2)
        .unwrap_or_default();
    assert!(
        labelled.contains("declared again here"),
        "the second label is under line 3: {rendered}"
    );
}
