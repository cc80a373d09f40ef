//! # kenpo-month
//!
//! The society's monthly run on its own data, month after month: the pipeline
//! ([`pipeline::run_month`]), the state carried from one month to the next
//! ([`state::CarriedState`]), and where it is kept ([`store::Store`], SQLite by default:
//! [`store::SqliteStore`]). [`Society`] ties them together for a host: open a store, import the
//! employers' files, run a month, read the results.
//!
//! `kenpo-domain` holds every rule and does no I/O; this crate decides which rule runs when,
//! keeps what a later month needs, and makes one month's run one transaction.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod error;
pub mod pipeline;
pub mod records;
pub mod results;
pub mod state;

pub use error::{MonthError, StoreError};
pub mod society;
pub mod store;

pub use pipeline::{
    run_month, MonthInput, MonthOutcome, NoProgress, Progress, ReceiptFile, RunOptions,
};
pub use society::{ImportKind, ImportReport, RunReport, Society};
