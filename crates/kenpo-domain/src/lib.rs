//! # kenpo-domain
//!
//! The business rules of a Japanese employee health insurance society (健康保険組合, "kenpo"),
//! as a plain Rust library that insurer systems can embed: from Rust directly, from C through
//! `kenpo-ffi`, and from Kotlin/Java and Swift through `kenpo-uniffi`.
//!
//! The society's published notice of the purposes for which it uses personal data is the map of
//! the library: each family of rules below is one module.
//!
//! | area | modules |
//! | --- | --- |
//! | foundations | [`money`], [`rounding`], [`calendar`], [`era`] (和暦), [`age`], [`person`], [`identifiers`], [`explanation`] |
//! | members and dependents (適用) | [`member`], [`dependent_recognition`], [`voluntary_continuation`] (任意継続) |
//! | standard remuneration and premiums (標準報酬・保険料) | [`society`], [`standard_remuneration`], [`premium`] |
//! | receipts (レセプト) | [`receipt`] |
//! | benefits (給付) | [`high_cost`], [`additional_benefit`], [`sickness_allowance`], [`maternity_allowance`], [`childbirth`], [`burial`], [`cash_supplement`] (付加金), [`benefit_record`], [`expense_notice`] |
//! | checkups and guidance (特定健診・特定保健指導) | [`checkup`] |
//! | purpose-bound personal data access | [`access`] |
//!
//! ## Principles
//!
//! - **Correct to the yen and to the day.** Every figure is named data with its effective date
//!   and source; a calculation takes the date it is for. Rounding goes only through
//!   [`rounding`].
//! - **No panics on input.** Bad input is a typed error naming what and where.
//! - **Personal data stays quiet.** `Debug` of names and addresses is redacted; My Number is
//!   masked everywhere unless revealed by an explicit call.
//!
//! ## A first example
//!
//! ```
//! use kenpo_domain::{age, era::WarekiDate, calendar::{date, YearMonth}};
//!
//! // A member born on 1 May 1986 starts paying the care-insurance premium for April 2026.
//! let born = date(1986, 5, 1).unwrap();
//! assert_eq!(age::care_insurance_first_month(born), YearMonth::new(2026, 4).ok());
//! assert_eq!(WarekiDate::from_gregorian(born).unwrap().to_string(), "昭和61年5月1日");
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod access;
pub mod additional_benefit;
pub mod age;
pub mod benefit_record;
pub mod burial;
pub mod calendar;
pub mod cash_supplement;
pub mod checkup;
pub mod childbirth;
pub mod dependent_recognition;
pub mod era;
pub mod expense_notice;
pub mod explanation;
pub mod high_cost;
pub mod identifiers;
pub mod maternity_allowance;
pub mod member;
pub mod money;
pub mod notification;
pub mod person;
pub mod premium;
pub mod receipt;
pub mod rounding;
pub mod sickness_allowance;
pub mod society;
pub mod standard_remuneration;
pub mod voluntary_continuation;

pub use money::{Rate, Yen};
