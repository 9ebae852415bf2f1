//! The commands: each reads its inputs, calls the library, writes results and returns an outcome.

use super::args::{LintArgs, ParamArgs, ProjectArgs, SelectionArgs};
use super::config;
use super::errors::CliError;
use super::files;
use super::{DiagnosticFormat, Outcome};
use clap::Args;
use seglang::check::typed::Program;
use seglang::check::CheckOptions;
use seglang::diagnostic::Diagnostic;
use seglang::lint::{apply_levels, Level};
use seglang::report::{render, Format};
use seglang::source::SourceMap;
use seglang::sql::{ObjectKind, Placement, Target, DEFAULT_PREFIX};
use seglang::suggest::closest;
use seglang::{script_text, Analysis, CompileOptions, Compiled, Emit, Statement, Statements};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Arguments of `seg compile`.
#[derive(Debug, Args)]
pub struct CompileArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// The SQL engine to generate for (default: seg.toml's `target`).
    #[arg(long, short, value_enum)]
    pub target: Option<Target>,
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Write one `.sql` file per segment and a membership query into this directory (with
    /// `--emit merge`, one `merge.sql`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// What to write: the queries, a view or a table per query, or the DML merging the
    /// evaluation into the membership tables (docs/production.md).
    #[arg(long, value_enum, value_name = "FORM", default_value_t = Emit::Select)]
    pub emit: Emit,
    /// The schema (BigQuery: dataset) of the views, tables and membership tables.
    #[arg(long, value_name = "NAME")]
    pub schema: Option<String>,
    /// The prefix of their names.
    #[arg(long, value_name = "TEXT", default_value = DEFAULT_PREFIX)]
    pub prefix: String,
    /// With `--emit merge`: leave out the `CREATE TABLE IF NOT EXISTS` of the membership tables.
    #[arg(long)]
    pub no_create_tables: bool,
    /// Write, per entity, the query of its KPIs' sums per segment (docs/kpis.md) instead of
    /// the membership.
    #[arg(long, conflicts_with_all = ["emit", "out"])]
    pub kpis: bool,
}

/// `seg check`: the checker's diagnostics and the lints, at the levels of `seg.toml` and the
/// flags.
pub fn check(
    paths: &[PathBuf],
    format: DiagnosticFormat,
    params: &ParamArgs,
    lints: &LintArgs,
) -> Outcome {
    let format = match format {
        DiagnosticFormat::Human => Format::Human { color: use_color() },
        DiagnosticFormat::Json => Format::Json,
        DiagnosticFormat::Github => Format::Github,
    };
    let project = match config::load(paths, params.env.as_deref(), format) {
        Ok(project) => project,
        Err(outcome) => return outcome,
    };
    let mut levels = project.levels;
    let flags = [
        (&lints.allow, Level::Allow),
        (&lints.warn, Level::Warn),
        (&lints.deny, Level::Deny),
    ];
    for (names, level) in flags {
        for name in names {
            if let Err(e) = config::set_level(&mut levels, name, level) {
                return cli_error(e);
            }
        }
    }
    let mut analysis = match load(paths, &params.overrides, &project.params) {
        Ok(a) => a,
        Err(outcome) => return outcome,
    };
    let mut diagnostics = std::mem::take(&mut analysis.diagnostics);
    if let Some(program) = &analysis.program {
        let options = seglang::lint::LintOptions {
            history: project.history,
        };
        diagnostics.extend(seglang::lint::lint(program, &options));
    }
    analysis.diagnostics = apply_levels(diagnostics, &analysis.sources, &levels);
    let text = render(&analysis.diagnostics, &analysis.sources, format);
    match format {
        Format::Human { .. } => {
            eprint!("{text}");
            let errors = analysis.error_count();
            let warnings = analysis.diagnostics.len() - errors;
            let segments = analysis
                .program
                .as_ref()
                .map(|p| p.segments.len())
                .unwrap_or(0);
            eprintln!(
                "checked {} file{}: {} segment{}, {} error{}, {} warning{}",
                analysis.sources.len(),
                plural(analysis.sources.len()),
                segments,
                plural(segments),
                errors,
                plural(errors),
                warnings,
                plural(warnings)
            );
        }
        _ => {
            if write_stdout(&text).is_err() {
                return Outcome::Failure;
            }
        }
    }
    if analysis.error_count() > 0 {
        Outcome::UserError
    } else {
        Outcome::Success
    }
}

/// `seg compile`.
pub fn compile(args: &CompileArgs) -> Outcome {
    if args.emit == Emit::Select {
        let placed = [
            ("--schema", args.schema.is_some()),
            ("--prefix", args.prefix != DEFAULT_PREFIX),
            ("--no-create-tables", args.no_create_tables),
        ];
        if let Some((option, _)) = placed.iter().find(|(_, given)| *given) {
            return cli_error(CliError::OptionNeedsEmit { option });
        }
    }
    let format = Format::Human { color: use_color() };
    let project = match config::load(
        &args.project.paths,
        args.project.params.env.as_deref(),
        format,
    ) {
        Ok(project) => project,
        Err(outcome) => return outcome,
    };
    let Some(target) = args.target.or(project.target) else {
        return cli_error(config::ConfigError::NoTarget);
    };
    let (_, program) = match load_program_with(
        &args.project.paths,
        &args.project.params.overrides,
        &project,
    ) {
        Ok(x) => x,
        Err(outcome) => return outcome,
    };
    let statements = match (&args.out, args.selection.segments.is_empty()) {
        _ if args.kpis => Statements::Kpis,
        (Some(_), _) => Statements::All,
        (None, true) => Statements::Membership,
        (None, false) => Statements::Members,
    };
    let options = CompileOptions {
        target,
        as_of: args.selection.as_of(),
        segments: args.selection.segments.clone(),
        statements,
    };
    let placement = Placement {
        schema: args.schema.clone(),
        prefix: args.prefix.clone(),
    };
    let kind = match args.emit {
        Emit::Select => return compile_select(args, &program, &options),
        Emit::Merge => return compile_merge(args, &program, &options, &placement),
        Emit::View => ObjectKind::View,
        Emit::Table => ObjectKind::Table,
    };
    let objects = match seglang::objects(&program, &options, kind, &placement) {
        Ok(o) => o,
        Err(e) => return cli_error(e),
    };
    let files: Vec<(String, String)> = objects
        .iter()
        .map(|o| (format!("{}.sql", o.name), script_text(&o.sql)))
        .collect();
    match &args.out {
        None => {
            let texts: Vec<&str> = files.iter().map(|(_, text)| text.as_str()).collect();
            finish(write_stdout(&texts.join("\n")))
        }
        Some(dir) => write_files(dir, &files, target),
    }
}

/// `seg compile --emit select`: the queries.
fn compile_select(args: &CompileArgs, program: &Program, options: &CompileOptions) -> Outcome {
    let compiled = match seglang::compile(program, options) {
        Ok(c) => c,
        Err(e) => return cli_error(e),
    };
    match &args.out {
        None => finish(write_stdout(&printed(&compiled.statements))),
        Some(dir) => write_out_dir(dir, &compiled, options.target),
    }
}

/// `seg compile --emit merge`: one script.
fn compile_merge(
    args: &CompileArgs,
    program: &Program,
    options: &CompileOptions,
    placement: &Placement,
) -> Outcome {
    let statements = match seglang::merge(program, options, placement, !args.no_create_tables) {
        Ok(s) => s,
        Err(e) => return cli_error(e),
    };
    let text = script_text(&statements);
    match &args.out {
        None => finish(write_stdout(&text)),
        Some(dir) => write_files(dir, &[("merge.sql".to_string(), text)], options.target),
    }
}

fn finish(written: std::io::Result<()>) -> Outcome {
    match written {
        Ok(()) => Outcome::Success,
        Err(_) => Outcome::Failure,
    }
}

/// The statements as `seg compile` prints them: a blank line between two statements, and one
/// more before the member queries of another entity.
fn printed(statements: &[Statement]) -> String {
    let mut text = String::new();
    for (i, statement) in statements.iter().enumerate() {
        if i > 0 {
            text.push('\n');
            if statement.segment.is_some() && statements[i - 1].entity != statement.entity {
                text.push('\n');
            }
        }
        text.push_str(&statement.sql);
    }
    text
}

/// `--out DIR`: `membership.sql` (`membership_<entity>.sql` for several entities) and
/// `<segment>.sql` per segment.
fn write_out_dir(dir: &Path, compiled: &Compiled, target: Target) -> Outcome {
    let files: Vec<(String, String)> = compiled
        .statements
        .iter()
        .map(|statement| {
            let name = match &statement.segment {
                Some(segment) => format!("{segment}.sql"),
                None if compiled.plans.len() == 1 => "membership.sql".to_string(),
                None => format!("membership_{}.sql", statement.entity),
            };
            (name, statement.sql.clone())
        })
        .collect();
    write_files(dir, &files, target)
}

/// Writes each `(file name, text)` into `dir`, created if needed.
pub(super) fn write_files(dir: &Path, files: &[(String, String)], target: Target) -> Outcome {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("error: cannot create {}: {e}", dir.display());
        return Outcome::Failure;
    }
    for (name, text) in files {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return Outcome::Failure;
        }
    }
    let written = files.len();
    eprintln!(
        "wrote {written} file{} for {target} to {}",
        plural(written),
        dir.display()
    );
    Outcome::Success
}

/// `seg explain`.
pub fn explain(segment: &str, paths: &[PathBuf], params: &ParamArgs) -> Outcome {
    let (_, program) = match load_program(paths, params) {
        Ok(x) => x,
        Err(outcome) => return outcome,
    };
    // A KPI's name, when no segment has it.
    if program.segment(segment).is_none() {
        if let Some(kpi) = program.kpis.iter().find(|k| k.name == segment) {
            return match write_stdout(&seglang::explain::explain_kpi(&program, kpi)) {
                Ok(()) => Outcome::Success,
                Err(_) => Outcome::Failure,
            };
        }
    }
    let ids = match seglang::segment_ids(&program, &[segment.to_string()]) {
        Ok(ids) => ids,
        Err(e) => return cli_error(e),
    };
    let text = ids
        .iter()
        .map(|id| seglang::explain::explain_segment(&program, *id))
        .collect::<Vec<_>>()
        .join("\n");
    match write_stdout(&text) {
        Ok(()) => Outcome::Success,
        Err(_) => Outcome::Failure,
    }
}

/// `seg parse`: the syntax tree, for debugging.
pub fn parse(paths: &[PathBuf]) -> Outcome {
    let entries = match expand(paths) {
        Ok(e) => e,
        Err(o) => return o,
    };
    let project = match seglang::project::load_project(&entries, &files::read) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: cannot read {}: {}", e.path.display(), e.error);
            return Outcome::Failure;
        }
    };
    let mut text = String::new();
    for module in &project.modules {
        let name = project
            .sources
            .file(module.file)
            .map(|f| f.name.as_str())
            .unwrap_or("");
        text.push_str(&format!("// {name}\n{:#?}\n", module.items));
    }
    if write_stdout(&text).is_err() {
        return Outcome::Failure;
    }
    report_human(&project.diagnostics, &project.sources);
    if project.diagnostics.iter().any(Diagnostic::is_error) {
        Outcome::UserError
    } else {
        Outcome::Success
    }
}

/// `seg ir`: the plan, for debugging.
pub fn ir(project: &ProjectArgs, selection: &SelectionArgs) -> Outcome {
    let (_, program) = match load_program(&project.paths, &project.params) {
        Ok(x) => x,
        Err(outcome) => return outcome,
    };
    let plans = match seglang::plan(&program, selection.as_of(), &selection.segments) {
        Ok(plans) => plans,
        Err(e) => return cli_error(e),
    };
    if write_stdout(&format!("{plans:#?}\n")).is_err() {
        return Outcome::Failure;
    }
    Outcome::Success
}

// ---------------------------------------------------------------- shared steps

fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Outcome> {
    let entries = files::expand(paths).map_err(|e| {
        eprintln!("error: {e}");
        Outcome::Failure
    })?;
    if entries.is_empty() {
        let path = paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(cli_error(CliError::NoSources { path }));
    }
    Ok(entries)
}

/// Loads and checks with the parameter values of `seg.toml` (`file_params`), which `--param`
/// overrides; unknown `--param` names and bad `--param` syntax are reported here.
fn load(
    paths: &[PathBuf],
    params: &[String],
    file_params: &[(String, String)],
) -> Result<Analysis, Outcome> {
    let mut overrides = file_params.to_vec();
    for p in params {
        match p.split_once('=') {
            Some((name, value)) if !name.trim().is_empty() => {
                let name = name.trim().to_string();
                overrides.retain(|(n, _)| n != &name);
                overrides.push((name, value.to_string()))
            }
            _ => return Err(cli_error(CliError::InvalidParamSyntax { text: p.clone() })),
        }
    }
    let entries = expand(paths)?;
    let options = CheckOptions {
        params: overrides.clone(),
    };
    let analysis = seglang::analyze(&entries, &files::read, &options).map_err(|e| {
        eprintln!("error: cannot read {}: {}", e.path.display(), e.error);
        Outcome::Failure
    })?;
    if let Some(program) = &analysis.program {
        for (name, _) in &overrides {
            if !program.params.iter().any(|p| &p.name == name) {
                let help = closest(name, program.params.iter().map(|p| p.name.as_str()))
                    .map(|c| format!("did you mean `{c}`?"))
                    .or_else(|| {
                        Some("declare it in a .seg file: `param name: type = default`".into())
                    });
                return Err(cli_error(CliError::UnknownParam {
                    name: name.clone(),
                    help,
                }));
            }
        }
    }
    Ok(analysis)
}

/// Loads and checks with the parameter values of `seg.toml` (`[params]`, and
/// `[env.NAME.params]` over it for `--env NAME`) and `--param`, reporting diagnostics on
/// stderr; the program when there is no error.
pub(super) fn load_program(
    paths: &[PathBuf],
    params: &ParamArgs,
) -> Result<(Analysis, Program), Outcome> {
    load_program_and_file(paths, params).map(|(_, analysis, program)| (analysis, program))
}

/// `load_program`, with the `seg.toml` it read, for the commands that need more of it (the
/// data location).
pub(super) fn load_program_and_file(
    paths: &[PathBuf],
    params: &ParamArgs,
) -> Result<(config::ProjectFile, Analysis, Program), Outcome> {
    let format = Format::Human { color: use_color() };
    let project = config::load(paths, params.env.as_deref(), format)?;
    let (analysis, program) = load_program_with(paths, &params.overrides, &project)?;
    Ok((project, analysis, program))
}

/// `load_program` with the `seg.toml` already read.
fn load_program_with(
    paths: &[PathBuf],
    params: &[String],
    project: &config::ProjectFile,
) -> Result<(Analysis, Program), Outcome> {
    let mut analysis = load(paths, params, &project.params)?;
    report_human(&analysis.diagnostics, &analysis.sources);
    match analysis.program.take() {
        Some(p) => Ok((analysis, p)),
        None => {
            eprintln!(
                "error: {} error{} found; no SQL was generated",
                analysis.error_count(),
                plural(analysis.error_count())
            );
            Err(Outcome::UserError)
        }
    }
}

fn report_human(diagnostics: &[Diagnostic], sources: &SourceMap) {
    if !diagnostics.is_empty() {
        eprint!(
            "{}",
            render(diagnostics, sources, Format::Human { color: use_color() })
        );
    }
}

/// Reports a problem outside any file (a bad argument) on stderr: the user's to fix.
pub(super) fn cli_error(e: impl miette::Diagnostic + Send + Sync + 'static) -> Outcome {
    let d = Diagnostic::new(None, e);
    eprint!(
        "{}",
        render(
            &[d],
            &SourceMap::new(),
            Format::Human { color: use_color() }
        )
    );
    Outcome::UserError
}

pub(super) fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

pub(super) fn write_stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
