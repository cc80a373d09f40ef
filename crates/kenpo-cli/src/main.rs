//! The `kenpo` command. See `kenpo --help`.

use std::process::ExitCode;

use clap::Parser;
use kenpo_cli::cli::{run, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("kenpo: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
