//! Fuzz target: a project's `test` blocks through the reference evaluator, as `seg test` runs
//! them, and every segment evaluated over each test's rows.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    seglang_fuzz::run_test_blocks(data);
});
