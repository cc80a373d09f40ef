//! # kenpo-cli
//!
//! The `kenpo` command and the deterministic demo society it runs the monthly job on. Everything
//! here goes through the public API of [`kenpo_domain`]: the command parses arguments, calls the
//! library and formats the result. No rule lives here.
//!
//! - [`calc`]: `kenpo calc …`, one-off figures with `--json` output;
//! - [`cli`]: the command line and its dispatch;
//! - [`demo`]: the deterministic demo society and its monthly job (`kenpo demo`);
//! - [`household`], [`dependent`]: `kenpo calc household FILE` and `kenpo calc dependent FILE`;
//! - [`tools`]: `kenpo receipts check`, `kenpo access decide`, `kenpo log verify`;
//! - [`error`]: errors naming the bad flag or file, and the exit codes (0 done, 1 findings,
//!   2 bad input).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod calc;
pub mod cli;
pub mod demo;
pub mod dependent;
pub mod error;
pub mod household;
pub mod month;
pub mod tools;
