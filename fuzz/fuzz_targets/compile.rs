//! Fuzz target: a project (files split as `seglang_fuzz::split_project` reads them) through
//! load → parse → check → lower → SQL on every dialect → explain, and every diagnostic rendered.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    seglang_fuzz::compile_everything(data);
});
