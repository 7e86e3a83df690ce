//! The `evident` binary: parse the command line, run, map to an exit code.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = evident::cli::Cli::parse();
    match evident::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // Standard output ignores a closed pipe (`report::Stdout`), so
            // every error here is the tool's own. It may name a file of the
            // evidence, whose name may hold terminal controls.
            evident::cli::eprint_error(&format!("{err:#}"));
            ExitCode::from(2)
        }
    }
}
