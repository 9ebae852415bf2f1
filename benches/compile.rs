//! Compile time: the retail example (parse + check, then lower and emit every statement for each
//! dialect), and check + compile of generated projects at growing sizes, whose per-element cost
//! should stay flat (linear curves).
//! Run with `cargo bench --no-default-features --bench compile`; figures go to
//! docs/performance.md, never to assertions.

mod generate;

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use generate::Shape;
use seglang::check::CheckOptions;
use seglang::ir::AsOf;
use seglang::sql::Target;
use seglang::{CompileOptions, Statements};
use std::hint::black_box;
use std::time::Duration;

/// The `seg` binary's allocator (src/main.rs), so that the figures are what a user's compile costs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SCHEMA: &str = include_str!("../examples/retail/schema.seg");
const SEGMENTS: &str = include_str!("../examples/retail/segments.seg");

/// Parses, checks and compiles `files`, returning the bytes of SQL; panics on a diagnostic, as
/// generated projects are meant to be valid.
fn check_and_compile(files: &[(&str, &str)], target: Target, statements: Statements) -> usize {
    let analysis = seglang::analyze_sources(files, &CheckOptions::default());
    let Some(program) = analysis.program else {
        panic!(
            "the benchmark's project does not check: {:?}",
            analysis.diagnostics
        );
    };
    let options = CompileOptions {
        target,
        as_of: AsOf::Today,
        segments: Vec::new(),
        statements,
    };
    match seglang::compile(&program, &options) {
        Ok(compiled) => compiled.statements.iter().map(|s| s.sql.len()).sum(),
        Err(e) => panic!("the benchmark's project does not compile: {e:?}"),
    }
}

fn retail(c: &mut Criterion) {
    let files = [("segments.seg", SEGMENTS), ("schema.seg", SCHEMA)];
    let mut group = c.benchmark_group("retail");
    group.bench_function("check", |b| {
        b.iter(|| seglang::analyze_sources(black_box(&files), &CheckOptions::default()))
    });
    for target in Target::ALL {
        group.bench_function(format!("compile_all_{target}"), |b| {
            b.iter(|| check_and_compile(black_box(&files), target, Statements::All))
        });
    }
    group.finish();
}

/// Check + compile of the membership query (every segment in one statement) for PostgreSQL,
/// at four sizes per shape. Few samples, flat sampling: the largest sizes take a good part of a
/// second per iteration, and the whole benchmark should run in minutes on a shared machine.
fn scaling(c: &mut Criterion) {
    let shapes = [
        (Shape::Realistic, [10, 100, 1_000, 10_000]),
        (Shape::Chain, [10, 100, 1_000, 10_000]),
        (Shape::Diamond, [10, 100, 1_000, 10_000]),
        (Shape::AndChain, [10, 100, 1_000, 10_000]),
        (Shape::OrChain, [10, 100, 1_000, 10_000]),
        (Shape::InList, [40, 400, 4_000, 40_000]),
    ];
    for (shape, sizes) in shapes {
        let mut group = c.benchmark_group(format!("scale_{}", shape.name()));
        group.sample_size(10);
        group.sampling_mode(SamplingMode::Flat);
        group.warm_up_time(Duration::from_millis(500));
        for n in sizes {
            let project = shape.project(n);
            let files: Vec<(&str, &str)> = project
                .iter()
                .map(|(name, text)| (*name, text.as_str()))
                .collect();
            let largest = n == sizes[sizes.len() - 1];
            group.measurement_time(Duration::from_secs(if largest { 4 } else { 2 }));
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::from_parameter(n), &files, |b, files| {
                b.iter(|| {
                    check_and_compile(black_box(files), Target::Postgres, Statements::Membership)
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, retail, scaling);
criterion_main!(benches);
