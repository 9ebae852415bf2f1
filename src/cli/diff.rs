//! `seg diff`: who enters and who leaves each segment between two versions of a project (two
//! directories, or the working tree against a git revision) or between two evaluation dates of
//! one version, evaluated on the same data.

mod base;
mod report;

use super::args::{date, DataArgs, ParamArgs};
use super::commands::{cli_error, load_program, use_color};
use super::config;
use super::errors::CliError;
use super::progress::Progress;
use super::run::{open_engine, run_error};
use super::Outcome;
use clap::{Args, ValueEnum};
use seglang::check::typed::Program;
use seglang::ir::{lower_stages, AsOf};
use seglang::run::engine::Engine;
use seglang::run::reference::Members;
use seglang::sql::Target;
use seglang::value::Date;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Arguments of `seg diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// `BEFORE AFTER`: two project directories (or files); with `--base` or `--from`/`--to`,
    /// the paths of the one project.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Compare with the project as committed at this git revision (a branch, tag or commit of
    /// the local repository).
    #[arg(long, value_name = "REF", conflicts_with_all = ["from", "to"])]
    pub base: Option<String>,
    /// Evaluation date of both versions (YYYY-MM-DD); default: the engine's current date.
    #[arg(long, value_name = "DATE", value_parser = date, conflicts_with_all = ["from", "to"])]
    pub as_of: Option<Date>,
    /// Compare one version at two dates: the first (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = date, requires = "to")]
    pub from: Option<Date>,
    /// The second date of `--from`.
    #[arg(long, value_name = "DATE", value_parser = date, requires = "from")]
    pub to: Option<Date>,
    /// Only this segment (repeatable); without it, every segment and segmentation stage.
    #[arg(long = "segment", short = 's', value_name = "NAME")]
    pub segments: Vec<String>,
    #[command(flatten)]
    pub params: ParamArgs,
    #[command(flatten)]
    pub source: DataArgs,
    /// `text` for a terminal, `markdown` for a pull-request comment, `github` for workflow
    /// annotations, `json` for machines.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Exit with code 1 when a segment of both versions has a churn (entered + exited, over its
    /// members before) above PCT percent.
    #[arg(long, value_name = "PCT")]
    pub fail_above: Option<f64>,
}

/// Output formats of `seg diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Markdown,
    Github,
    Json,
}

/// The members of one version at one date.
struct Evaluation {
    /// Rule names in the order `seg run` reports them: segments, then segmentation stages.
    order: Vec<String>,
    members: Members,
}

/// Each rule's definition, by rule name (see `definitions`).
type Definitions = BTreeMap<String, String>;

/// How one rule's definition differs between the two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Definition {
    Same,
    Changed,
    Added,
    Removed,
}

/// One line of the report.
pub(super) struct Row {
    pub name: String,
    pub before: Option<usize>,
    pub after: Option<usize>,
    pub entered: usize,
    pub exited: usize,
    pub definition: Definition,
}

impl Row {
    /// Entered plus exited, as a percentage of the members before; `None` for a rule only one
    /// side has. A rule that had no members counts each new member as 100 %.
    pub fn churn(&self) -> Option<f64> {
        let before = self.before?;
        self.after?;
        let moved = (self.entered + self.exited) as f64;
        Some(100.0 * moved / (before.max(1) as f64))
    }

    pub fn is_unchanged(&self) -> bool {
        self.definition == Definition::Same && self.entered == 0 && self.exited == 0
    }
}

/// What the two sides are, in words, and what they were evaluated on.
pub(super) struct Sides {
    pub before: String,
    pub after: String,
    pub source: String,
}

/// `seg diff`.
pub fn diff(args: &DiffArgs) -> Outcome {
    let params = &args.params;
    let load = |paths: &[PathBuf]| load_program(paths, params).map(|(_, program)| program);
    // The data of the project after the change: its `seg.toml`'s place, under the flags.
    let after_paths = match (&args.base, args.from, args.paths.as_slice()) {
        (None, None, [_, after]) => std::slice::from_ref(after),
        _ => args.paths.as_slice(),
    };
    let format = seglang::report::Format::Human { color: use_color() };
    let data = match config::load(after_paths, params.env.as_deref(), format) {
        Ok(file) => match args.source.or_file(&file) {
            Ok(source) => source,
            Err(outcome) => return outcome,
        },
        Err(outcome) => return outcome,
    };
    let shown = |paths: &[PathBuf]| {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        names.join(" ")
    };
    let as_of = args.as_of.map_or(AsOf::Today, AsOf::Fixed);
    let here = shown(&args.paths);
    if let (Some(from), Some(to)) = (args.from, args.to) {
        // One version at two dates.
        let program = match load(&args.paths) {
            Ok(p) => p,
            Err(outcome) => return outcome,
        };
        let dates = [AsOf::Fixed(from), AsOf::Fixed(to)];
        let labels = [format!("{here} as of {from}"), format!("{here} as of {to}")];
        return compare(args, &data, &program, &program, dates, labels, &args.paths);
    }
    if let Some(reference) = &args.base {
        // The working tree against a git revision; the copy lives until the end of the diff.
        let (_copy, committed) = match base::checkout(&args.paths, reference) {
            Ok(x) => x,
            Err(e) => return cli_error(e),
        };
        let (before, after) = match (load(&committed), load(&args.paths)) {
            (Ok(before), Ok(after)) => (before, after),
            (Err(outcome), _) | (_, Err(outcome)) => return outcome,
        };
        let labels = [
            format!("{here} at {reference}"),
            format!("{here} (working tree)"),
        ];
        return compare(
            args,
            &data,
            &before,
            &after,
            [as_of, as_of],
            labels,
            &args.paths,
        );
    }
    let [before_path, after_path] = args.paths.as_slice() else {
        return cli_error(CliError::DiffVersions {
            count: args.paths.len(),
        });
    };
    // Two versions: the first path is the project before the change.
    let (before, after) = match (
        load(std::slice::from_ref(before_path)),
        load(std::slice::from_ref(after_path)),
    ) {
        (Ok(before), Ok(after)) => (before, after),
        (Err(outcome), _) | (_, Err(outcome)) => return outcome,
    };
    let labels = [
        before_path.display().to_string(),
        after_path.display().to_string(),
    ];
    compare(
        args,
        &data,
        &before,
        &after,
        [as_of, as_of],
        labels,
        std::slice::from_ref(after_path),
    )
}

/// Evaluates both sides on the same data (`data`) and reports the differences.
fn compare(
    args: &DiffArgs,
    data: &DataArgs,
    before: &Program,
    after: &Program,
    dates: [AsOf; 2],
    labels: [String; 2],
    after_paths: &[PathBuf],
) -> Outcome {
    let one_version = std::ptr::eq(before, after);
    let mut progress = Progress::new();
    let result = (|| {
        let (mut after_engine, source) = open_engine(data, after_paths, after, &mut progress)?;
        // Files are loaded for each side's own schema; a database is read by both.
        let from_files = data.duckdb.is_none() && data.postgres.is_none();
        let mut before_engine = match from_files && !one_version {
            true => Some(open_engine(data, after_paths, before, &mut progress)?.0),
            false => None,
        };
        let evaluations = progress.dates(2, "evaluating");
        let engine = before_engine.as_mut().unwrap_or(&mut after_engine);
        let old = evaluate(engine, before, dates[0], &args.segments)?;
        evaluations.advance(&labels[0]);
        let new = evaluate(&mut after_engine, after, dates[1], &args.segments)?;
        evaluations.advance(&labels[1]);
        Ok::<_, seglang::run::RunError>((old, new, source, after_engine.target()))
    })();
    progress.finish();
    let (old, new, source, target) = match result {
        Ok(x) => x,
        Err(e) => return run_error(e),
    };
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(outcome), _) | (_, Err(outcome)) => return outcome,
    };
    // One version has one meaning: its definitions are compared only between two versions, both
    // written for the after side's date.
    let definitions = match one_version {
        true => None,
        false => match (
            definitions(before, &args.segments, dates[1], target),
            definitions(after, &args.segments, dates[1], target),
        ) {
            (Ok(old), Ok(new)) => Some([old, new]),
            (Err(outcome), _) | (_, Err(outcome)) => return outcome,
        },
    };
    let rows = rows(&old, &new, definitions.as_ref());
    let sides = Sides {
        before: labels[0].clone(),
        after: labels[1].clone(),
        source,
    };
    let above: Vec<&Row> = match args.fail_above {
        Some(limit) => rows
            .iter()
            .filter(|r| r.churn().is_some_and(|c| c > limit))
            .collect(),
        None => Vec::new(),
    };
    let text = report::render(args.format, &sides, &rows, args.fail_above, &above);
    let mut out = std::io::stdout().lock();
    use std::io::Write;
    if out
        .write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .is_err()
    {
        return Outcome::Failure;
    }
    match above.is_empty() {
        true => Outcome::Success,
        false => Outcome::UserError,
    }
}

/// Members of every chosen rule at `as_of`, with the rules in the order `seg run` reports them.
fn evaluate(
    engine: &mut Engine,
    program: &Program,
    as_of: AsOf,
    segments: &[String],
) -> Result<Result<Evaluation, Outcome>, seglang::run::RunError> {
    let mut plans = match seglang::plan(program, as_of, segments) {
        Ok(plans) => plans,
        Err(e) => return Ok(Err(cli_error(e))),
    };
    if segments.is_empty() {
        plans.extend((0..program.segmentations.len()).map(|i| lower_stages(program, as_of, i)));
    }
    let outcome = engine.run(&plans)?;
    let order: Vec<String> = plans
        .iter()
        .flat_map(|p| p.segments.iter().map(|r| r.name()))
        .collect();
    Ok(Ok(Evaluation {
        order,
        members: outcome.members,
    }))
}

/// Each chosen rule's definition for `target` as of `date` (`seglang::definitions`).
fn definitions(
    program: &Program,
    segments: &[String],
    date: AsOf,
    target: Target,
) -> Result<Definitions, Outcome> {
    seglang::definitions(program, segments, date, target).map_err(cli_error)
}

/// One row per rule of either side: the rules after the change in their order, then the rules
/// that are gone. Without definitions (one version), every rule of both sides is the same.
fn rows(old: &Evaluation, new: &Evaluation, definitions: Option<&[Definitions; 2]>) -> Vec<Row> {
    let empty = BTreeSet::new();
    let old_names: BTreeSet<&String> = old.order.iter().collect();
    let new_names: BTreeSet<&String> = new.order.iter().collect();
    let mut rows = Vec::new();
    let mut seen = BTreeSet::new();
    for name in new.order.iter().chain(old.order.iter()) {
        if !seen.insert(name.clone()) {
            continue;
        }
        let before = old_names
            .contains(name)
            .then(|| old.members.get(name).unwrap_or(&empty));
        let after = new_names
            .contains(name)
            .then(|| new.members.get(name).unwrap_or(&empty));
        let definition = match (before, after) {
            (None, _) => Definition::Added,
            (_, None) => Definition::Removed,
            _ if definitions.is_none_or(|[old, new]| old.get(name) == new.get(name)) => {
                Definition::Same
            }
            _ => Definition::Changed,
        };
        let entered = after.map_or(0, |a| a.difference(before.unwrap_or(&empty)).count());
        let exited = before.map_or(0, |b| b.difference(after.unwrap_or(&empty)).count());
        rows.push(Row {
            name: name.clone(),
            before: before.map(BTreeSet::len),
            after: after.map(BTreeSet::len),
            entered,
            exited,
            definition,
        });
    }
    rows
}
