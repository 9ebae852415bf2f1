//! Compile time of the retail example: parse + check, lower, and emit for each dialect.
//! Run with `cargo bench --bench compile`; figures go to docs/performance.md, never to assertions.

use criterion::{criterion_group, criterion_main, Criterion};
use seglang::check::CheckOptions;
use seglang::ir::AsOf;
use seglang::sql::Target;
use seglang::{CompileOptions, Statements};
use std::hint::black_box;

const SCHEMA: &str = include_str!("../examples/retail/schema.seg");
const SEGMENTS: &str = include_str!("../examples/retail/segments.seg");

fn compile_all(target: Target) -> usize {
    let analysis = seglang::analyze_sources(
        &[("segments.seg", SEGMENTS), ("schema.seg", SCHEMA)],
        &CheckOptions::default(),
    );
    let Some(program) = analysis.program else {
        return 0;
    };
    let options = CompileOptions {
        target,
        as_of: AsOf::Today,
        segments: Vec::new(),
        statements: Statements::All,
    };
    match seglang::compile(&program, &options) {
        Ok(compiled) => compiled.statements.iter().map(|s| s.sql.len()).sum(),
        Err(_) => 0,
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("retail");
    group.bench_function("check", |b| {
        b.iter(|| {
            seglang::analyze_sources(
                black_box(&[("segments.seg", SEGMENTS), ("schema.seg", SCHEMA)]),
                &CheckOptions::default(),
            )
        })
    });
    for target in Target::ALL {
        group.bench_function(format!("compile_all_{target}"), |b| {
            b.iter(|| compile_all(black_box(target)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
