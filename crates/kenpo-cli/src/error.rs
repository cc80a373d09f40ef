//! The command's errors and exit codes.

use std::path::PathBuf;

/// Exit code: the command did what was asked and found nothing to report.
pub const EXIT_DONE: u8 = 0;
/// Exit code: findings (receipt checks, a failed log verification) or a denied access request.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: bad input (a flag, a file, a configuration) or an output that could not be written.
pub const EXIT_BAD_INPUT: u8 = 2;

/// Why a `kenpo` command could not run. Every variant names the flag or the file at fault; none
/// holds personal data (values shown are the flag values the user typed).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CliError {
    /// A flag whose value the rule refused (e.g. a month with no rates in the configuration).
    #[error("{flag}: {message}")]
    BadFlag {
        /// The flag, as typed on the command line (`--month`).
        flag: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// A file that could not be read or parsed.
    #[error("{}: {message}", path.display())]
    BadFile {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// An output that could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A store, an import or a month's run refused (the error names the file, line or record).
    #[error(transparent)]
    Month(#[from] kenpo_month::MonthError),
    /// A step of the demo's monthly job failed (a bug in the generator or a rule refusing its data).
    #[error("demo step {step}: {message}")]
    Demo {
        /// The step (`premiums`, `receipts`, ...).
        step: &'static str,
        /// What failed.
        message: String,
    },
}

impl CliError {
    /// A [`CliError::BadFlag`] for `flag` with `message`.
    pub fn flag(flag: &'static str, message: impl std::fmt::Display) -> Self {
        CliError::BadFlag {
            flag,
            message: message.to_string(),
        }
    }

    /// A [`CliError::BadFile`] for `path` with `message`.
    pub fn file(path: impl Into<PathBuf>, message: impl std::fmt::Display) -> Self {
        CliError::BadFile {
            path: path.into(),
            message: message.to_string(),
        }
    }

    /// A [`CliError::Demo`] failure of `step`.
    pub fn demo(step: &'static str, message: impl std::fmt::Display) -> Self {
        CliError::Demo {
            step,
            message: message.to_string(),
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        EXIT_BAD_INPUT
    }
}
