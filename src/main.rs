//! The `seg` command. All behaviour lives in the library; `cli` only parses arguments, reads files
//! and writes results.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
