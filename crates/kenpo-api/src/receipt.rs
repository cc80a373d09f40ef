//! Receipts (レセプト, [`kenpo_domain::receipt`]): a payment-fund file (its own Shift_JIS bytes)
//! read and, with a member master, checked (purposes C0, C1, C2 and C5 of the society's notice).
//!
//! What comes back is what a clerk acts on: the counts (every receipt is either read or
//! rejected), the receipts read by kind, every rejected receipt and file-level error with its
//! line, record and field, and the findings with their rule, position and short texts. A
//! rejected receipt's raw field value is not returned (it may be personal); a C2 finding carries
//! the clinic inquiry the notice lets the society send (name, birth date, 記号・番号 …), so a
//! report holding one is personal data.
//!
//! Files cross as bytes (Kotlin `ByteArray`, Swift `Data`, C a pointer and a length), never
//! inside JSON. Checking against a store's member master is
//! [`crate::month::SocietyStore::check_receipt_file`]; [`check_receipts`] is the same report
//! for any member master the caller holds.
use std::collections::BTreeMap;
use std::sync::Arc;

use kenpo_domain::receipt::checks::{CheckOptions, Checker, EligibilityLookup};
use kenpo_domain::receipt::{
    self as domain, ReadSummary, ReaderOptions, Receipt, ReceiptError, SliceReader,
};
use kenpo_domain::society::SocietyConfig;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::code::ResultCode;
use crate::error::{KenpoError, KenpoResult};
use crate::identifiers::MemberKey;
use crate::scalar::PlainDate;

mirror_enum! {
    /// Which score table a receipt is claimed under (the first digit of the receipt kind).
    pub enum ClaimBranch => domain::ClaimBranch {
        /// 医科 (DPC receipts are medical receipts with DPC records).
        Medical,
        /// 歯科.
        Dental,
        /// 調剤.
        Pharmacy,
    }
}

/// A receipt's 入院・入院外: the one wire type of 高額療養費's units (a receipt's setting is the
/// unit's).
pub use crate::high_cost::CareSetting;

impl From<domain::Setting> for CareSetting {
    fn from(value: domain::Setting) -> Self {
        match value {
            domain::Setting::Inpatient => CareSetting::Inpatient,
            domain::Setting::Outpatient => CareSetting::Outpatient,
        }
    }
}

mirror_enum! {
    /// The patient category of the receipt kind (本人, 家族, 未就学者, 高齢受給者).
    pub enum PatientCategory => domain::PatientCategory {
        /// 本人.
        Insured,
        /// 未就学者.
        Preschool,
        /// 家族.
        Dependent,
        /// 高齢受給者 一般・低所得者.
        Elderly70General,
        /// 高齢受給者 7割.
        Elderly70Working,
        /// No category (公費単独).
        NotApplicable,
    }
}

/// How many receipts of one kind were read, and their points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReceiptKindCount {
    /// 医科, 歯科 or 調剤.
    pub branch: ClaimBranch,
    /// 入院 or 入院外.
    pub setting: CareSetting,
    /// 本人, 家族 ….
    pub category: PatientCategory,
    /// Receipts read.
    pub receipts: i64,
    /// Their points (1 point = 10 yen).
    pub points: i64,
}

/// A rejected receipt or a file-level error, with where it is. Never a field's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReceiptProblem {
    /// One-based line (0 when the problem concerns the whole file).
    pub line: i64,
    /// The record kind as written (`"RE"`), empty when unknown.
    pub record: String,
    /// The zero-based position of the field in the record (0 is the record kind), -1 when the
    /// problem is not in one field.
    pub field_index: i32,
    /// The field's name in the 記録条件仕様 (`"診療年月"`), empty when not in one field.
    pub field_name: String,
    /// The one-based index of the rejected receipt, 0 for a file-level error.
    pub receipt_index: i64,
    /// What is wrong.
    pub detail: String,
}

impl From<&ReceiptError> for ReceiptProblem {
    fn from(e: &ReceiptError) -> Self {
        ReceiptProblem {
            line: position(e.line),
            record: e.record.clone().unwrap_or_default(),
            field_index: e.field.map_or(-1, |f| i32::from(f.index)),
            field_name: e.field.map_or_else(String::new, |f| f.name.to_owned()),
            receipt_index: e.receipt_index.map_or(0, position),
            detail: e.problem.to_string(),
        }
    }
}

/// A C2 inquiry due (資格喪失後受診の照会): the person and the dates, without identity. The
/// clinic's copy (name, birth date, 記号・番号) leaves only through the logged decision of the
/// access layer (purpose C2, recipient clinic). Personal data (the key): no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct InquiryDue {
    /// The person.
    pub person: MemberKey,
    /// 資格喪失日 (for a visit before acquisition, the 資格取得日).
    pub boundary: PlainDate,
    /// 受診日: the first day recorded outside eligibility.
    pub visit_date: PlainDate,
}

/// One finding of the checks. Holds the C2 inquiry (personal data) when there is one: no
/// `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReceiptFinding {
    /// The stable rule id (`"C0.go_totals"`, `"C1.unknown_member"`, `"C2.visit_after_loss"`,
    /// `"C5.multiple_institutions"` …): a text, so that rules added later reach old hosts.
    pub rule: String,
    /// One-based index of the receipt in the file, 0 for a file-level finding.
    pub receipt_index: i64,
    /// One-based line of its RE record, 0 for a file-level finding.
    pub line: i64,
    /// Indices of the other receipts involved (the first of a duplicate pair, the other
    /// institutions).
    pub related: Vec<i64>,
    /// Short Japanese text (no personal data).
    pub ja: String,
    /// Short English text (no personal data).
    pub en: String,
    /// For a C2 finding: the inquiry due to the clinic.
    pub inquiry: Option<InquiryDue>,
}

impl From<&domain::Finding> for ReceiptFinding {
    fn from(f: &domain::Finding) -> Self {
        ReceiptFinding {
            rule: f.rule.id().to_owned(),
            receipt_index: f.position.map_or(0, |p| position(p.index)),
            line: f.position.map_or(0, |p| position(p.line)),
            related: f.related.iter().map(|p| position(p.index)).collect(),
            ja: f.ja.clone(),
            en: f.en.clone(),
            inquiry: f.inquiry.as_ref().map(|i| InquiryDue {
                person: MemberKey::from(&i.key),
                boundary: PlainDate(i.boundary),
                visit_date: PlainDate(i.visit_date),
            }),
        }
    }
}

/// A record kind kept raw (insurer-edition records whose layout is not confirmed), counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RawKindCount {
    /// The record kind as written.
    pub kind: String,
    /// Records of it.
    pub records: i64,
}

/// What reading (and checking) one receipt file gave. May hold personal data (a C2 inquiry):
/// no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReceiptFileReport {
    /// The file's name as given.
    pub file: String,
    /// RE records seen: the receipts in the file.
    pub receipts_in_file: i64,
    /// Receipts read without error.
    pub parsed: i64,
    /// Receipts rejected (each in `rejected_receipts`).
    pub rejected: i64,
    /// `parsed + rejected == receipts_in_file`: every receipt accounted for.
    pub accounted: bool,
    /// Total points of the receipts read (1 point = 10 yen).
    pub points_read: i64,
    /// The receipts read, by kind.
    pub kinds: Vec<ReceiptKindCount>,
    /// Every rejected receipt, in file order, with line, record and field.
    pub rejected_receipts: Vec<ReceiptProblem>,
    /// File-level errors (no GO record, records outside a receipt …), in file order.
    pub file_errors: Vec<ReceiptProblem>,
    /// File-level errors beyond those kept, counted only.
    pub file_errors_not_kept: i64,
    /// Record kinds kept raw (with `keep_unknown_kinds`).
    pub raw_kinds: Vec<RawKindCount>,
    /// `true` when the receipts were checked against a member master (C1, C2, C5).
    pub checked_against_master: bool,
    /// The findings: C0 (GO totals), and with a master C1, C2 and C5.
    pub findings: Vec<ReceiptFinding>,
}

fn position(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Collects one file's report as its receipts are read.
struct Collect<'a, L: EligibilityLookup + ?Sized> {
    file: Arc<str>,
    checker: Option<Checker<'a, L>>,
    kinds: BTreeMap<(u16, u8, u8), (domain::ReceiptKind, i64, i64)>,
    rejected: Vec<ReceiptProblem>,
}

impl<'a, L: EligibilityLookup + ?Sized> Collect<'a, L> {
    fn new(file_name: &str, check: Option<(CheckOptions, &'a L)>) -> Self {
        Collect {
            file: Arc::from(file_name),
            checker: check.map(|(options, lookup)| Checker::new(options, lookup)),
            kinds: BTreeMap::new(),
            rejected: Vec::new(),
        }
    }

    fn take(&mut self, read: Result<&Receipt, ReceiptError>) {
        match read {
            Ok(r) => {
                let key = (
                    r.kind.branch() as u16,
                    r.kind.setting() as u8,
                    r.kind.category() as u8,
                );
                let entry = self.kinds.entry(key).or_insert((r.kind, 0, 0));
                entry.1 += 1;
                entry.2 = entry.2.saturating_add(r.total_points().get());
                if let Some(c) = self.checker.as_mut() {
                    c.check(&self.file, r);
                }
            }
            Err(e) => self.rejected.push((&e).into()),
        }
    }

    fn finish(self, summary: ReadSummary) -> KenpoResult<ReceiptFileReport> {
        let checked = self.checker.is_some();
        let mut findings: Vec<ReceiptFinding> =
            summary.findings.iter().map(ReceiptFinding::from).collect();
        if let Some(c) = self.checker {
            findings.extend(c.finish().iter().map(ReceiptFinding::from));
        }
        let kinds = self
            .kinds
            .into_values()
            .map(|(kind, receipts, points)| {
                Ok(ReceiptKindCount {
                    branch: kind.branch().try_into()?,
                    setting: kind.setting().into(),
                    category: kind.category().try_into()?,
                    receipts,
                    points,
                })
            })
            .collect::<KenpoResult<_>>()?;
        Ok(ReceiptFileReport {
            file: summary.file.to_string(),
            receipts_in_file: position(summary.receipts_in_file),
            parsed: position(summary.parsed),
            rejected: position(summary.rejected),
            accounted: summary.is_accounted(),
            points_read: summary.points_read.get(),
            kinds,
            rejected_receipts: self.rejected,
            file_errors: summary.file_errors.iter().map(Into::into).collect(),
            file_errors_not_kept: position(summary.file_errors_not_kept),
            raw_kinds: summary
                .raw_kinds
                .iter()
                .map(|(kind, n)| RawKindCount {
                    kind: kind.clone(),
                    records: position(*n),
                })
                .collect(),
            checked_against_master: checked,
            findings,
        })
    }
}

fn reader_options(file_name: &str, keep_unknown_kinds: bool) -> ReaderOptions {
    let options = ReaderOptions::new(file_name);
    if keep_unknown_kinds {
        options.keep_unknown_kinds()
    } else {
        options
    }
}

/// The checks' options for the society `config`: its insurer number (receipts of another
/// insurer are not matched) and its name (for C2 inquiries).
///
/// # Errors
/// [`KenpoError::InvalidConfig`] when the configuration has no `insurer_number`.
pub fn check_options(config: &SocietyConfig) -> KenpoResult<CheckOptions> {
    let insurer = config
        .insurer_number
        .clone()
        .ok_or_else(|| KenpoError::InvalidConfig {
            code: ResultCode::InvalidSocietyConfig as i32,
            source_name: "society config".to_owned(),
            line: 0,
            column: 0,
            key: "insurer_number".to_owned(),
            detail:
                "the society configuration has no insurer_number; receipts cannot be matched to it"
                    .to_owned(),
        })?;
    Ok(CheckOptions::new(insurer, config.name.clone()))
}

/// Reads the receipt file `data` (named `file_name` in every position) one receipt at a time
/// and, with `check`, checks each against the member master through its lookup.
///
/// # Errors
/// [`KenpoError::Internal`] only (a kind this version of the API cannot name).
pub fn report_slice<L: EligibilityLookup + ?Sized>(
    file_name: &str,
    data: &[u8],
    keep_unknown_kinds: bool,
    check: Option<(CheckOptions, &L)>,
) -> KenpoResult<ReceiptFileReport> {
    let mut reader = SliceReader::new(data, reader_options(file_name, keep_unknown_kinds));
    let mut collect = Collect::new(file_name, check);
    while let Some(read) = reader.next_lent() {
        collect.take(read);
    }
    collect.finish(reader.into_summary())
}

/// [`report_slice`] over a stream (a file read one line and one receipt at a time).
///
/// # Errors
/// As [`report_slice`]; a read error midway is a file-level error of the report.
pub fn report_stream<R: std::io::Read, L: EligibilityLookup + ?Sized>(
    file_name: &str,
    source: R,
    keep_unknown_kinds: bool,
    check: Option<(CheckOptions, &L)>,
) -> KenpoResult<ReceiptFileReport> {
    let mut reader =
        domain::ReceiptReader::new(source, reader_options(file_name, keep_unknown_kinds));
    let mut collect = Collect::new(file_name, check);
    while let Some(read) = reader.next_lent() {
        collect.take(read);
    }
    collect.finish(reader.into_summary())
}

/// Checks the receipt file `data` against `master` for the society `config` (C0 GO totals; C1
/// 該当者なし, identity, 本人/家族 and age category, duplicates, diagnoses after the month; C2
/// visits outside eligibility; C5 several institutions in one month).
///
/// # Errors
/// [`KenpoError::InvalidConfig`] when the configuration has no `insurer_number`.
pub fn check_receipts<L: EligibilityLookup + ?Sized>(
    config: &SocietyConfig,
    master: &L,
    file_name: &str,
    data: &[u8],
    keep_unknown_kinds: bool,
) -> KenpoResult<ReceiptFileReport> {
    let options = check_options(config)?;
    report_slice(file_name, data, keep_unknown_kinds, Some((options, master)))
}

/// Reads a payment-fund receipt file (記録条件仕様, Shift_JIS/CP932 as sent, CR LF, an optional
/// 0x1A end mark) without a member master: the counts, the receipts by kind, every rejected
/// receipt and file-level error with line and field, and the C0 finding (GO totals).
/// `keep_unknown_kinds` keeps record kinds the library does not know (insurer-edition records)
/// instead of rejecting their receipt. Problems inside the file are reported, never thrown.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn read_receipt_file(
    file_name: String,
    data: Vec<u8>,
    keep_unknown_kinds: bool,
) -> KenpoResult<ReceiptFileReport> {
    read_receipts(&file_name, &data, keep_unknown_kinds)
}

/// [`read_receipt_file`] on borrowed bytes (the C ABI's form: no copy of the file).
///
/// # Errors
/// As [`report_slice`].
pub fn read_receipts(
    file_name: &str,
    data: &[u8],
    keep_unknown_kinds: bool,
) -> KenpoResult<ReceiptFileReport> {
    report_slice::<[domain::checks::MemberRecord]>(file_name, data, keep_unknown_kinds, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kenpo_domain::receipt::testgen;

    #[test]
    fn every_receipt_is_accounted_for_and_errors_name_the_field() {
        let bytes = testgen::file(&testgen::GeneratorOptions::new(7, 20));
        let r = read_receipt_file("R.UKE".into(), bytes, false).unwrap();
        assert_eq!((r.receipts_in_file, r.parsed, r.rejected), (20, 20, 0));
        assert!(r.accounted && !r.checked_against_master);
        assert_eq!(r.kinds.iter().map(|k| k.receipts).sum::<i64>(), 20);
        assert_eq!(r.kinds.iter().map(|k| k.points).sum::<i64>(), r.points_read);

        let junk = b"XX,1,2\r\nRE,1\r\n".to_vec();
        let r = read_receipt_file("junk.UKE".into(), junk, false).unwrap();
        assert_eq!(r.parsed, 0);
        assert_eq!(r.rejected, r.receipts_in_file);
        assert!(r.rejected_receipts.len() as i64 == r.rejected);
        assert!(!r.file_errors.is_empty() || r.rejected > 0);
    }
}
