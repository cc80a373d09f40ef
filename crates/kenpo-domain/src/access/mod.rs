//! Purpose-bound personal data access (個人情報の利用目的・第三者提供・特定個人情報).
//!
//! A health insurance society must publish the purposes for which it uses personal data
//! (個人情報保護法 第17条, 第21条), use it only within them (第18条), give it to third parties
//! only as published or allowed (第27条), record those provisions (第29条), answer disclosure
//! requests (第33条), and keep the Individual Number within the My Number Act (番号法 第9条,
//! 第19条, 第20条). This module makes the society's published notice enforceable:
//!
//! - a **catalog** ([`Catalog`]) loaded from data (`data/purpose-catalog.toml`, vendor names in
//!   `data/purpose-vendors.toml`) encodes the notice item by item: purposes A1–H1 with their
//!   data categories, fields, recipients and conditions, the principles H2 and R4, and the
//!   retention rules R1–R3. Loading validates everything ([`CatalogError`]).
//! - **one entry point**, [`Catalog::decide`], turns a [`Request`] (actor, purpose, recipient,
//!   subjects, fields, time) into a [`Permit`] or a [`Denial`] naming the purpose, field or
//!   condition that failed. Nothing outside the catalog is permitted (default deny). Every
//!   decision is written to an [`AccessLog`] first.
//! - personal data is read only through [`View`]s, which only a permit makes and which hold only
//!   the permitted fields; derived fields are computed (A12 gets the age, never the date of
//!   birth). A [`SubjectRecord`] itself has no getters, a redacted `Debug` and no `Serialize`.
//! - the **batch form** is the same call with many subjects: decide once, then
//!   [`Permit::views`] projects each record without copying.
//! - the log is **sealed and anchored** ([`log`]: HMAC-SHA-256 under a host key, an anchor
//!   kept apart, [`log::verify_with`]); [`ProvisionRegister`] derives the APPI
//!   provision records from it; [`Catalog::disclose`] answers C9; de-identified releases (F3,
//!   C13) go only through [`Catalog::decide_deidentified`] and [`DeidentifiedPermit::dataset`];
//!   [`Catalog::due_for_disposal`] and [`Catalog::record_disposal`] implement R1–R3 for held
//!   items, [`Catalog::dispose_persons`] for the master ([`disposal`]).
//! - a subject's record is built from the master only by [`SubjectRecord::from_master`]; the A8
//!   answer and the C2 clinic inquiry only by [`Catalog::answer_eligibility_inquiry`] and
//!   [`Catalog::clinic_inquiry`], which log the decision first.
//!
//! ```
//! use kenpo_domain::access::{log, Actor, Catalog, Field, FieldSet, MemoryLog, Request, SubjectRecord};
//! use kenpo_domain::calendar::date;
//! use kenpo_domain::identifiers::{BranchNumber, InsuredNumber, InsuredSymbol, MemberKey};
//! use kenpo_domain::person::{PersonName, Sex};
//!
//! let catalog = Catalog::default_catalog();
//! let key = MemberKey {
//!     symbol: InsuredSymbol::new("10").unwrap(),
//!     number: InsuredNumber::new("345").unwrap(),
//!     branch: BranchNumber::new("01").unwrap(),
//! };
//! let member = SubjectRecord::new(key, PersonName::new("近畿 一郎").unwrap(),
//!         date(1970, 4, 1).unwrap(), Sex::Male)
//!     .with_acquisition_date(date(1993, 4, 1).unwrap());
//! let subjects = [member];
//!
//! // A8: a clinic asks whether the person is insured; the society answers the six fields.
//! let a8 = catalog.purpose("A8").unwrap();
//! let clinic = catalog.recipient("clinic").unwrap();
//! let six = FieldSet::of(&[Field::MemberKey, Field::Name, Field::BirthDate, Field::Sex,
//!                          Field::AcquisitionDate, Field::LossDate]);
//! let staff = Actor::staff("S042");
//! let at = date(2026, 7, 1).unwrap().and_hms_opt(10, 30, 0).unwrap();
//! let mut access_log = MemoryLog::new();
//! let request = Request::new(&staff, a8, clinic, &subjects, six, at)
//!     .requester_confirmed()
//!     .counterparty("大阪中央クリニック");
//! let permit = catalog.decide(&request, &mut access_log).unwrap();
//! let answer = permit.view(0).unwrap();
//! assert_eq!(answer.acquisition_date(), date(1993, 4, 1));
//! assert_eq!(answer.address(), None); // not one of the six
//!
//! // The decision is in the log (unkeyed here; a host passes its key with MemoryLog::keyed or
//! // LogOptions).
//! assert!(log::verify(access_log.as_slice()).is_ok());
//! ```
//!
//! ## Design notes and doubts
//!
//! - Employer: the employer may receive only `name` and `office` (to deliver a sealed notice);
//!   any other field is rejected at load ([`CatalogError::ContentToEmployer`]) and at decision
//!   ([`Condition::ContentWithheldFromEmployer`]). F5's コラボヘルス sentence ("society and
//!   employer share what is necessary") is **not** encoded as content to the employer: the
//!   notice does not say which items; a society that wants it must add a purpose naming them,
//!   and the loader will still refuse content to the employer kind. Open question.
//! - A per-subject condition (F4's age 65) failing for one subject denies the whole request,
//!   naming the subject's position: callers select the subjects first.
//! - The access log and the provision register hold the subjects' full keys (記号・番号・枝番):
//!   a provision record must identify the person (個人情報保護法施行規則 第20条), and a per-subject
//!   listing needs the key. They never hold names, addresses, birth dates or the Individual
//!   Number, and the `Debug` of a key is masked. Protect the log file as personal data.
//! - Age is the legal age ([`crate::age::age_reached_on`]), reached the day before the birthday.
//! - G2's tax withholding of staff pay needs staff My Numbers (番号法 第9条第4項,
//!   個人番号関係事務); the notice lists My Number use only under §8, so that use must be
//!   requested under H1 (the loader refuses `my_number` elsewhere).

mod catalog;
mod condition;
mod decision;
mod deidentify;
mod disclosure;
pub mod disposal;
mod field;
mod inquiry;
pub mod log;
mod my_number;
mod provision;
mod recipient;
mod record;
mod retention;
mod view;

pub use catalog::{
    Catalog, CatalogError, Grant, Principle, Purpose, PurposeRef, DEFAULT_CATALOG_TOML,
    DEFAULT_VENDORS_TOML,
};
pub use condition::{Condition, ConditionSet};
pub use decision::{
    Actor, DeidentifiedPermit, Denial, DenialReason, Form, Permit, Request, Verdict, F4_MIN_AGE,
};
pub use deidentify::{
    AgeBand, DeidentifiedCheckup, DeidentifiedDataset, DeidentifiedReceipt, DeidentifiedRow,
    InvalidK, KAnonymity, AGE_BAND_WIDTH, DEFAULT_K,
};
pub use disclosure::{DisclosureExport, DisclosureItem};
pub use field::{Category, Field, FieldKind, FieldSet};
pub use inquiry::{Inquiry, InquiryError, CLINIC_INQUIRY_FIELDS};
pub use log::{
    AccessLog, Anchor, JsonLinesLog, LogEntry, LogError, LogKey, LogOptions, LoggedSubject,
    MemoryLog,
};
pub use my_number::MyNumberProcedure;
pub use provision::{ProvisionRecord, ProvisionRegister};
pub use recipient::{Recipient, RecipientKind, RecipientRef};
pub use record::{
    BenefitEntry, BenefitKind, CheckupItem, CheckupSummary, ChildbirthClaimStatus, GuidanceEntry,
    GuidanceLevel, IncomeEvidence, IncomeEvidenceKind, PremiumEntry, ReceiptSummary, StaffDocument,
    StaffDocumentKind, SubjectRecord,
};
pub use retention::{
    disposals, DisposalMethod, DisposalRecord, DueItem, HeldItem, Medium, RetentionError,
    RetentionFrom, RetentionRule,
};
pub use view::{View, ELIGIBILITY_ANSWER_FIELDS};
