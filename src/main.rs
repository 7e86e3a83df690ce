//! The `evident` binary: parse the command line, run, map to an exit code.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = evident::cli::Cli::parse();
    match evident::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`evident check | head`) is not a failure.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            anstream::eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
