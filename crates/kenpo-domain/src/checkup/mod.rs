//! Specific health checkups and guidance (特定健康診査・特定保健指導), 高齢者の医療の確保に関する法律
//! 第20条 (特定健康診査) and 第24条 (特定保健指導), with the 特定健康診査及び特定保健指導の実施に関する
//! 基準 (平成19年厚生労働省令第157号).
//!
//! | step | module |
//! | --- | --- |
//! | the result record, its items, units and valid ranges | [`result`] |
//! | 保健指導判定値 / 受診勧奨判定値 (第4期, from FY2024) and a person's flags | [`thresholds`] |
//! | who is a target in a fiscal year | [`target`] |
//! | stratification (階層化) into 積極的支援 / 動機付け支援 / 情報提供 | [`stratify`] |
//! | target lists for the programs of the published notice (E1/E2, F4, F5, D2) | [`lists`] |
//! | reading the national XML file (特定健診情報ファイル, HL7 CDA R2) | [`xml`] |
//!
//! ```
//! use kenpo_domain::calendar::date;
//! use kenpo_domain::checkup::result::{CheckupResult, Item, Medication};
//! use kenpo_domain::checkup::stratify::{stratify, GuidanceLevel};
//! use kenpo_domain::person::Sex;
//! use rust_decimal_macros::dec;
//!
//! // A woman, 52 in the fiscal year: waist 90.0 cm and HbA1c 5.6 % — one risk → 動機付け支援.
//! let r = CheckupResult::new(date(2026, 9, 10).unwrap(), Sex::Female)
//!     .with(Item::Waist, dec!(90.0)).unwrap()
//!     .with(Item::Hba1c, dec!(5.6)).unwrap()
//!     .with(Item::TriglyceridesFasting, dec!(90)).unwrap()
//!     .with(Item::Hdl, dec!(60)).unwrap()
//!     .with(Item::SystolicBp, dec!(118)).unwrap()
//!     .with(Item::DiastolicBp, dec!(72)).unwrap()
//!     .with_smoking(true)
//!     .with_medication(Medication::NONE);
//! let s = stratify(&r, 52).unwrap();
//! // glucose + smoking (smoking counts because another risk is present) = 2 → 積極的支援
//! assert_eq!(s.level, Some(GuidanceLevel::Active));
//! assert!(s.explanation.to_string().contains("HbA1c"));
//!
//! // Impossible values are rejected with the item and the value, never the person.
//! let err = CheckupResult::new(date(2026, 9, 10).unwrap(), Sex::Female)
//!     .with(Item::Hba1c, dec!(65)).unwrap_err();
//! assert!(err.to_string().contains("HbA1c"));
//! ```

pub mod lists;
pub mod result;
pub mod stratify;
pub mod target;
pub mod thresholds;
pub mod xml;
