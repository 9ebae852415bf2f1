//! The `seg` command. All behaviour lives in the library; `cli` only parses arguments, reads files
//! and writes results.

mod cli;

/// mimalloc instead of the system allocator: see its entry in Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
