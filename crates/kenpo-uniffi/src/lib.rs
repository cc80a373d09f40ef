//! # kenpo-uniffi
//!
//! The Kotlin (JVM), Java and Swift library of kenpo: the cdylib that carries
//! [`kenpo_api`] built with its `uniffi` feature. Every record, object and operation is defined
//! once, in `kenpo-api` (shared with the C ABI); this crate only links them into
//! `libkenpo_uniffi` and holds the binding tests. The rules live in `kenpo-domain`.
//!
//! The generated sources are committed: `bindings/kotlin/jp/kenpo/kenpo.kt` (package
//! `jp.kenpo`) and `bindings/swift/Kenpo.swift` (module `Kenpo`) with `KenpoFFI.h` and
//! `KenpoFFI.modulemap`. The test `tests/bindings_drift.rs` regenerates them and fails when they
//! drift; `scripts/generate-bindings.sh` rewrites them. The names of every operation in each
//! language are in `docs/SURFACE.md`.
//!
//! ## Per language
//!
//! | | Kotlin / Java | Swift |
//! | --- | --- | --- |
//! | calendar date | `java.time.LocalDate` | `CalendarDate` (`year`, `month`, `day`) |
//! | calendar month | `java.time.YearMonth` | `CalendarMonth` (`year`, `month`) |
//! | exact decimal | `java.math.BigDecimal` | `Decimal` |
//! | whole yen | `Long` (`long`) | `Int64` |
//! | errors | `KenpoException` subclasses, each with `code` | `KenpoError` enum cases, each with `code` |
//! | objects | `AutoCloseable` (`use {}`, try-with-resources) | classes (freed with the last reference) |
//!
//! ```
//! use kenpo_uniffi::remuneration::grade_for_remuneration;
//! use kenpo_uniffi::{PlainMonth, Society};
//!
//! let society = Society::from_toml(r#"
//!     name = "見本健康保険組合"
//!     [[rates]]
//!     effective_from = "2026-03"
//!     value = { general = "9.85%", care = "1.62%" }
//! "#.to_owned()).unwrap();
//! assert_eq!(society.name(), "見本健康保険組合");
//! let month = PlainMonth::from_parts(2026, 9).unwrap();
//! assert_eq!(grade_for_remuneration(month, 134_500).unwrap().number, 10);
//! ```
#![deny(missing_docs)]

pub use kenpo_api::*;
