//! Errors of the month run, the imports and the store. None carries personal data: a person
//! appears at most as a masked key, a row by its file and line.

use kenpo_domain::calendar::YearMonth;
use kenpo_domain::notification::RejectedRow;

/// Why a store could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The store was written by a newer kenpo (its schema version is above the one this build
    /// knows): opening it would risk damage, so it is left alone.
    #[error("the store's schema is version {found}; this kenpo knows up to {supported}: use a newer kenpo")]
    SchemaTooNew {
        /// The version found.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// Another run or import holds the store.
    #[error("the store is locked by another run or import; try again when it has finished")]
    Locked,
    /// The store is not a kenpo store (no society configuration).
    #[error("the store has no society configuration: create it with `kenpo init`")]
    NotInitialised,
    /// The store already holds a society.
    #[error("the store already holds a society")]
    AlreadyInitialised,
    /// Data in the store could not be read back (a damaged or hand-edited store).
    #[error("stored {what} could not be read: {problem}")]
    Corrupt {
        /// What was read.
        what: &'static str,
        /// Why not.
        problem: String,
    },
    /// The database failed.
    #[error("database: {0}")]
    Backend(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Locked
            }
            _ => StoreError::Backend(e.to_string()),
        }
    }
}

impl From<rusqlite::types::FromSqlError> for StoreError {
    fn from(e: rusqlite::types::FromSqlError) -> Self {
        StoreError::Corrupt {
            what: "column",
            problem: e.to_string(),
        }
    }
}

/// Why a month could not be run, or an import taken.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MonthError {
    /// The store.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Months run in order: the next month after the last one, or the last one again.
    #[error(
        "month {asked} cannot run: the last month run is {last}; run {next} next (or {last} again)"
    )]
    OutOfOrder {
        /// The month asked.
        asked: YearMonth,
        /// The last month run.
        last: YearMonth,
        /// The next month.
        next: YearMonth,
    },
    /// A receipt file claims for another month (its IR/YK 請求年月).
    #[error("receipt file {file}: claims for {found}, not for {month}")]
    WrongMonth {
        /// The file.
        file: String,
        /// The month run.
        month: YearMonth,
        /// The claim month in the file.
        found: YearMonth,
    },
    /// A receipt file holds receipts of another insurer.
    #[error("receipt file {file} line {line}: a receipt of insurer {found}, not of this society ({expected})")]
    WrongInsurer {
        /// The file.
        file: String,
        /// The line of the receipt.
        line: u64,
        /// The insurer number found.
        found: String,
        /// The society's.
        expected: String,
    },
    /// A file could not be read at all.
    #[error("{file}: {problem}")]
    File {
        /// The file.
        file: String,
        /// Why.
        problem: String,
    },
    /// Rows of an import broke a rule; nothing was taken.
    #[error("{} row(s) rejected, nothing taken (first: {})", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
    Rejected(Vec<RejectedRow>),
    /// A pay report, claim or event on record could not be decided.
    #[error("{what} ({position}): {problem}")]
    Input {
        /// What (`pay report`, `claim`, `member event`).
        what: &'static str,
        /// Where it was recorded (file and line of its import).
        position: String,
        /// Why.
        problem: String,
    },
    /// A rule of the domain refused a computation (a configuration without rates for the month,
    /// a malformed table).
    #[error("{stage}: {problem}")]
    Rule {
        /// The stage.
        stage: &'static str,
        /// Why.
        problem: String,
    },
    /// The access log on record cannot be continued: it is keyed and no key (or another key)
    /// was given, or a key was given for an unkeyed log, or its last entry does not match its MAC.
    #[error("access log: {0}")]
    Log(#[from] kenpo_domain::access::LogError),
    /// The society configuration lacks what the month needs.
    #[error("society configuration: {0}")]
    Config(String),
}

impl MonthError {
    pub(crate) fn rule(stage: &'static str, e: impl std::fmt::Display) -> MonthError {
        MonthError::Rule {
            stage,
            problem: e.to_string(),
        }
    }
}
