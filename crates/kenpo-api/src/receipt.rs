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
//! Every kind a society receives is read (医科, DPC, 歯科, 調剤; the clinics' `.UKE` form, the
//! payment fund's insurer form with its corrections applied, return and re-examination files):
//! the report counts receipts by layout and by kind, says how many came in the insurer form and
//! how many the fund corrected, turns return (返戻) and re-examination (再審査) records into typed
//! returns and cases, and lists the 点検 candidates (突合, 縦覧 within the file, single-receipt
//! checks) next to the C0–C5 findings. [`pseudonymise_receipt_file`] gives a copy of a file for
//! analysis (仮名加工情報) under a key the host supplies.
//!
//! Files cross as bytes (Kotlin `ByteArray`, Swift `Data`, C a pointer and a length), never
//! inside JSON. Checking against a store's member master is
//! [`crate::month::SocietyStore::check_receipt_file`]; [`check_receipts`] is the same report
//! for any member master the caller holds.
use std::collections::BTreeMap;
use std::sync::Arc;

use kenpo_domain::receipt::checks::{CheckOptions, Checker, EligibilityLookup};
use kenpo_domain::receipt::pseudonymise::{self as pseudo, PseudonymKey};
use kenpo_domain::receipt::returns as domain_returns;
use kenpo_domain::receipt::review::{self as domain_review, ReviewOptions, Reviewer};
use kenpo_domain::receipt::{
    self as domain, ReadSummary, ReaderOptions, Receipt, ReceiptError, SliceReader,
};
use kenpo_domain::society::SocietyConfig;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::code::ResultCode;
use crate::error::{KenpoError, KenpoResult};
use crate::identifiers::MemberKey;
use crate::scalar::{PlainDate, PlainMonth};

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

mirror_enum! {
    /// The 記録条件仕様 a receipt is written in (`docs/RECEIPTS.md` says which edition of each).
    pub enum ReceiptLayout => domain::ReceiptLayout {
        /// 医科.
        Medical,
        /// DPC (a 医科 receipt with the DPC records).
        Dpc,
        /// 歯科.
        Dental,
        /// 調剤.
        Pharmacy,
        /// 訪問看護: recognised, never read (its layout was not found in an official text):
        /// such receipts are rejected and counted here.
        VisitingNursing,
    }
}

/// The receipts of one layout: read, rejected after their RE showed the layout, and points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReceiptLayoutCount {
    /// 医科, DPC, 歯科, 調剤 or 訪問看護.
    pub layout: ReceiptLayout,
    /// Receipts read.
    pub parsed: i64,
    /// Receipts rejected once their RE had shown the layout.
    pub rejected: i64,
    /// Points of the receipts read (1 point = 10 yen).
    pub points: i64,
}

/// What the file held of the payment fund's insurer form (レセ電コード情報ファイル).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct InsurerFormCount {
    /// MN records: receipts delivered in the insurer form.
    pub mn_records: i64,
    /// Lines with the three history-management columns.
    pub prefixed_lines: i64,
    /// Receipts the fund corrected (JY records applied: the counts and points are the receipts
    /// as paid; the claimed ones are kept by the library).
    pub corrected_receipts: i64,
}

/// How many receipts of one kind were read, and their points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReceiptKindCount {
    /// The layout the receipts are written in (医科 and DPC share the branch).
    pub layout: ReceiptLayout,
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

/// HR 返戻理由: why the fund returned a receipt. The codes are kept as recorded (their code
/// tables were not found). May hold free text: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReturnReason {
    /// 処理年月.
    pub processed: Option<PlainMonth>,
    /// 返戻区分 (1 事務上, 2 審査上, …).
    pub return_class: Option<String>,
    /// 返戻事由コード.
    pub reason_code: Option<String>,
    /// 返戻理由 (text).
    pub reason: Option<String>,
    /// 補足事項 (text).
    pub note: Option<String>,
    /// 検索番号 of the returned receipt.
    pub search_number: Option<String>,
}

/// A returned receipt (返戻レセプト) of a return file, with its reasons.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReturnedReceipt {
    /// One-based index of the receipt in the file.
    pub receipt_index: i64,
    /// One-based line of its RE record.
    pub line: i64,
    /// The fund's management number (MN), when the file carries one: the link to the receipt
    /// first received.
    pub management_number: Option<String>,
    /// The 検索番号 (HR, else RE, else MN).
    pub search_number: Option<String>,
    /// The reasons, in file order.
    pub reasons: Vec<ReturnReason>,
    /// The receipt's points.
    pub points: i64,
    /// Lines of its history block (earlier versions of the receipt).
    pub history_lines: i64,
}

/// RT 理由対象: a claim line a re-examination request is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReexaminationTarget {
    /// 理由対象区分 (1 対象, 2 参照).
    pub class: String,
    /// 理由対象行番号.
    pub line: Option<i64>,
    /// 理由対象枝番号.
    pub branch: Option<i32>,
}

/// MK 再審査等申し出結果: the fund's answer to a request. Codes as recorded.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReexaminationResult {
    /// 処理年月.
    pub processed: Option<PlainMonth>,
    /// 審査結果 (審査結果コード).
    pub result: Option<String>,
    /// 理由1–3 (原審どおり理由コード), those recorded.
    pub reasons: Vec<String>,
    /// 連絡 (text).
    pub message: Option<String>,
}

/// MD 再審査等申し出 with its targets (RT) and answers (MK).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReexaminationRequest {
    /// 申し出一連番号.
    pub sequence: i32,
    /// 申し出受付年月日.
    pub accepted: Option<PlainDate>,
    /// 整理番号.
    pub reference: Option<String>,
    /// 理由番号.
    pub reason_number: Option<String>,
    /// 理由内容 コード.
    pub reason_content: Option<String>,
    /// 理由内容 フリー入力 (text).
    pub reason_text: Option<String>,
    /// The claim lines it is about.
    pub targets: Vec<ReexaminationTarget>,
    /// The fund's answers.
    pub results: Vec<ReexaminationResult>,
}

/// A receipt of a re-examination file: the requests about it and the other receipts cited.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReexaminationCase {
    /// One-based index of the receipt in the file.
    pub receipt_index: i64,
    /// One-based line of its opening record.
    pub line: i64,
    /// The fund's management number (MN), when present.
    pub management_number: Option<String>,
    /// The 検索番号 (RE or MN).
    pub search_number: Option<String>,
    /// The requests, by 申し出一連番号.
    pub requests: Vec<ReexaminationRequest>,
    /// JR: 検索番号 (or 整理番号) of the other receipts of a 縦覧 or 突合 request.
    pub related: Vec<String>,
    /// `true` when every request has an answer (MK).
    pub answered: bool,
}

/// A receipt a 点検 candidate names: where it is and the fund's numbers, no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReviewReceipt {
    /// One-based line of its RE (or MN) record.
    pub line: i64,
    /// One-based index of the receipt in the file.
    pub receipt_index: i64,
    /// The institution (10 digits as recorded).
    pub institution: String,
    /// The service month.
    pub month: PlainMonth,
    /// Its layout.
    pub layout: ReceiptLayout,
    /// The fund's management number (MN), when known.
    pub management_number: Option<String>,
    /// The 検索番号, when known.
    pub search_number: Option<String>,
}

/// One 点検 candidate for a re-examination request or an inquiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReviewCandidate {
    /// The check's id in the catalogue (`"MATCH-1"` 突合, `"LONG-5"` 縦覧, `"SGL-1"` …): a text,
    /// so that checks added later reach old hosts.
    pub check: String,
    /// Why, in Japanese (no personal data).
    pub reason_ja: String,
    /// Why, in English (no personal data).
    pub reason_en: String,
    /// The receipts involved: the one the request is about first, then the others.
    pub receipts: Vec<ReviewReceipt>,
    /// The points at stake (an upper bound where the fund's decision sets the amount).
    pub points: i64,
}

/// A 点検 that could not run, or ran in part (one needing the fund's master files), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReviewNotice {
    /// The check's id.
    pub check: String,
    /// What was skipped and why.
    pub text: String,
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
    /// The receipts by layout (医科, DPC, 歯科, 調剤, 訪問看護), rejected ones included.
    pub layouts: Vec<ReceiptLayoutCount>,
    /// What the file held of the payment fund's insurer form.
    pub insurer_form: InsurerFormCount,
    /// The returned receipts (a return file's HR records), linked by management number.
    pub returns: Vec<ReturnedReceipt>,
    /// The re-examination cases (MD/RT/JR/MK records).
    pub reexaminations: Vec<ReexaminationCase>,
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
    /// The 点検 candidates (突合, 縦覧 within the file's months, single-receipt checks; those
    /// needing the fund's master files are in `review_notices`), by check, then receipt.
    pub candidates: Vec<ReviewCandidate>,
    /// Checks skipped or run in part, and why.
    pub review_notices: Vec<ReviewNotice>,
}

fn position(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The order receipts of one kind are reported in: layout, branch, setting, category.
type KindKey = (u8, u16, u8, u8);
/// One kind's layout and kind, with its receipt count and points.
type KindTally = (domain::ReceiptLayout, domain::ReceiptKind, i64, i64);

/// Collects one file's report as its receipts are read.
struct Collect<'a, L: EligibilityLookup + ?Sized> {
    file: Arc<str>,
    checker: Option<Checker<'a, L>>,
    reviewer: Reviewer,
    kinds: BTreeMap<KindKey, KindTally>,
    returns: Vec<ReturnedReceipt>,
    reexaminations: Vec<ReexaminationCase>,
    rejected: Vec<ReceiptProblem>,
}

impl<'a, L: EligibilityLookup + ?Sized> Collect<'a, L> {
    fn new(file_name: &str, check: Option<(CheckOptions, &'a L)>) -> Self {
        Collect {
            file: Arc::from(file_name),
            checker: check.map(|(options, lookup)| Checker::new(options, lookup)),
            reviewer: Reviewer::new(ReviewOptions::default(), None),
            kinds: BTreeMap::new(),
            returns: Vec::new(),
            reexaminations: Vec::new(),
            rejected: Vec::new(),
        }
    }

    fn take(&mut self, read: Result<&Receipt, ReceiptError>) {
        match read {
            Ok(r) => {
                let layout = r.layout();
                let key = (
                    layout as u8,
                    r.kind.branch() as u16,
                    r.kind.setting() as u8,
                    r.kind.category() as u8,
                );
                let entry = self.kinds.entry(key).or_insert((layout, r.kind, 0, 0));
                entry.2 += 1;
                entry.3 = entry.3.saturating_add(r.total_points().get());
                if let Some(c) = self.checker.as_mut() {
                    c.check(&self.file, r);
                }
                self.reviewer.add(&self.file, r);
                if r.fund.is_some() {
                    let one = std::slice::from_ref(r);
                    self.returns.extend(
                        domain_returns::returned_receipts(one)
                            .iter()
                            .map(ReturnedReceipt::from),
                    );
                    self.reexaminations.extend(
                        domain_returns::reexamination_cases(one)
                            .iter()
                            .map(ReexaminationCase::from),
                    );
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
        let review = self.reviewer.finish();
        let kinds = self
            .kinds
            .into_values()
            .map(|(layout, kind, receipts, points)| {
                Ok(ReceiptKindCount {
                    layout: layout.try_into()?,
                    branch: kind.branch().try_into()?,
                    setting: kind.setting().into(),
                    category: kind.category().try_into()?,
                    receipts,
                    points,
                })
            })
            .collect::<KenpoResult<_>>()?;
        let layouts = summary
            .by_layout
            .iter()
            .map(|(layout, c)| {
                Ok(ReceiptLayoutCount {
                    layout: (*layout).try_into()?,
                    parsed: position(c.parsed),
                    rejected: position(c.rejected),
                    points: c.points.get(),
                })
            })
            .collect::<KenpoResult<_>>()?;
        let candidates = review
            .candidates
            .iter()
            .map(ReviewCandidate::try_from)
            .collect::<KenpoResult<_>>()?;
        Ok(ReceiptFileReport {
            file: summary.file.to_string(),
            receipts_in_file: position(summary.receipts_in_file),
            parsed: position(summary.parsed),
            rejected: position(summary.rejected),
            accounted: summary.is_accounted(),
            points_read: summary.points_read.get(),
            kinds,
            layouts,
            insurer_form: InsurerFormCount {
                mn_records: position(summary.mn_records),
                prefixed_lines: position(summary.prefixed_lines),
                corrected_receipts: position(summary.corrected),
            },
            returns: self.returns,
            reexaminations: self.reexaminations,
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
            candidates,
            review_notices: review
                .notices
                .iter()
                .map(|n| ReviewNotice {
                    check: n.check.id().to_owned(),
                    text: n.text.clone(),
                })
                .collect(),
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

/// A code field of the fund's records as text (the code tables were not found: kept as recorded).
macro_rules! text_of {
    ($e:expr) => {
        $e.as_ref().map(|v| v.as_str().to_owned())
    };
}

impl From<&domain_returns::ReturnedReceipt> for ReturnedReceipt {
    fn from(r: &domain_returns::ReturnedReceipt) -> Self {
        ReturnedReceipt {
            receipt_index: position(r.position.index),
            line: position(r.position.line),
            management_number: r.management_number.clone(),
            search_number: r.search_number.clone(),
            reasons: r
                .reasons
                .iter()
                .map(|h| ReturnReason {
                    processed: h.processed.map(PlainMonth),
                    return_class: text_of!(h.return_class),
                    reason_code: text_of!(h.reason_code),
                    reason: h.reason.clone(),
                    note: h.note.clone(),
                    search_number: text_of!(h.search_number),
                })
                .collect(),
            points: r.points.get(),
            history_lines: i64::try_from(r.history_lines).unwrap_or(i64::MAX),
        }
    }
}

impl From<&domain_returns::ReexaminationCase> for ReexaminationCase {
    fn from(c: &domain_returns::ReexaminationCase) -> Self {
        ReexaminationCase {
            receipt_index: position(c.position.index),
            line: position(c.position.line),
            management_number: c.management_number.clone(),
            search_number: c.search_number.clone(),
            requests: c
                .requests
                .iter()
                .map(|q| ReexaminationRequest {
                    sequence: i32::from(q.request.sequence),
                    accepted: q.request.accepted.map(PlainDate),
                    reference: text_of!(q.request.reference),
                    reason_number: text_of!(q.request.reason_number),
                    reason_content: text_of!(q.request.reason_content),
                    reason_text: q.request.reason_text.clone(),
                    targets: q
                        .targets
                        .iter()
                        .map(|t| ReexaminationTarget {
                            class: t.class.as_str().to_owned(),
                            line: t.line.map(i64::from),
                            branch: t.branch.map(i32::from),
                        })
                        .collect(),
                    results: q
                        .results
                        .iter()
                        .map(|m| ReexaminationResult {
                            processed: m.processed.map(PlainMonth),
                            result: text_of!(m.result),
                            reasons: [&m.reason1, &m.reason2, &m.reason3]
                                .into_iter()
                                .flatten()
                                .map(|d| d.as_str().to_owned())
                                .collect(),
                            message: m.message.clone(),
                        })
                        .collect(),
                })
                .collect(),
            related: c
                .related
                .iter()
                .filter_map(|j| text_of!(j.search_number).or_else(|| text_of!(j.reference)))
                .collect(),
            answered: c.answered,
        }
    }
}

impl TryFrom<&domain_review::Candidate> for ReviewCandidate {
    type Error = KenpoError;
    fn try_from(c: &domain_review::Candidate) -> KenpoResult<Self> {
        Ok(ReviewCandidate {
            check: c.check.id().to_owned(),
            reason_ja: c.reason_ja.clone(),
            reason_en: c.reason_en.clone(),
            receipts: c
                .receipts
                .iter()
                .map(|r| {
                    Ok(ReviewReceipt {
                        line: position(r.line),
                        receipt_index: position(r.index),
                        institution: r.institution.to_string(),
                        month: PlainMonth(r.month),
                        layout: r.layout.try_into()?,
                        management_number: r.management_number.clone(),
                        search_number: r.search_number.clone(),
                    })
                })
                .collect::<KenpoResult<_>>()?,
            points: c.points.get(),
        })
    }
}

/// A pseudonymised copy of a receipt file (仮名加工情報, 個人情報の保護に関する法律 第41条): the
/// same layout and form, names, kana, 記号・番号, 受給者番号, カルテ番号, certificate numbers,
/// doctors' names and licence numbers replaced by keyed pseudonyms (HMAC-SHA-256). Dates,
/// institutions, codes, points and free texts are kept: read the free texts before release.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PseudonymisedReceiptFile {
    /// The copy's bytes (Shift_JIS, CR LF, as the original). Not in the JSON form: the C
    /// function hands them over as a `kenpo_string` of their own.
    #[serde(skip)]
    pub data: Vec<u8>,
    /// Receipts written.
    pub receipts: i64,
    /// Records of kinds the library does not know whose fields were all emptied.
    pub emptied_records: i64,
}

/// Pseudonymises the receipt file `data` (any kind and form; named `file_name`) under `key`
/// (the host's secret, at least 16 bytes: the same person gets the same pseudonyms in every
/// file processed with one key). Keep the key apart from the copies (法41条).
///
/// # Errors
/// [`KenpoError::InvalidInput`] `InvalidPseudonymKey` (242, field `key`) for a key under 16
/// bytes; `ReceiptFileNotPseudonymisable` (243, field `data`) when receipts of the file do not
/// read (they would be lost: read the file for their errors) or it has no head record.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn pseudonymise_receipt_file(
    file_name: String,
    data: Vec<u8>,
    key: Vec<u8>,
) -> KenpoResult<PseudonymisedReceiptFile> {
    pseudonymise_receipts(&file_name, &data, &key)
}

/// [`pseudonymise_receipt_file`] on borrowed bytes (the C ABI's form).
///
/// # Errors
/// As [`pseudonymise_receipt_file`].
pub fn pseudonymise_receipts(
    file_name: &str,
    data: &[u8],
    key: &[u8],
) -> KenpoResult<PseudonymisedReceiptFile> {
    let key = PseudonymKey::new(key).map_err(|_| {
        KenpoError::input(
            ResultCode::InvalidPseudonymKey,
            "key",
            "a pseudonym key must hold at least 16 bytes (trailing line ends not counted)",
        )
    })?;
    match pseudo::pseudonymise_file(data, file_name, &key) {
        Ok((data, report)) => Ok(PseudonymisedReceiptFile {
            data,
            receipts: position(report.receipts),
            emptied_records: position(report.emptied_records),
        }),
        Err(pseudo::PseudonymiseError::Rejected { count, first }) => Err(KenpoError::input(
            ResultCode::ReceiptFileNotPseudonymisable,
            "data",
            format!(
                "{count} receipt(s) of the file do not read (the first at line {}); they would be lost: read the file for their errors",
                first.line
            ),
        )),
        Err(pseudo::PseudonymiseError::NoHeader) => Err(KenpoError::input(
            ResultCode::ReceiptFileNotPseudonymisable,
            "data",
            "the file has no head record (IR, YK, UK or HI) to write the copy with",
        )),
        Err(e) => Err(KenpoError::internal(e)),
    }
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

    /// The receipt files of the contract fixtures (`tests/contract/read_receipt_file/`), made by
    /// the generators (no licensed public sample of 歯科, 調剤 or DPC exists): the committed
    /// bytes must be what the generators give (regenerate with `KENPO_BLESS=1`).
    fn fixture_files() -> Vec<(&'static str, Vec<u8>)> {
        use testgen::{FileForm, FileKind, GeneratorOptions};
        let planted = kenpo_domain::receipt::review::testgen::planted_months(3);
        let mut header = testgen::header(&GeneratorOptions::new(0, 0)).unwrap();
        let first = &planted.files[0].1[0];
        header.institution = first.institution.clone();
        header.institution_recorded = first.institution_recorded.to_string();
        let mut w = domain::ReceiptWriter::new(Vec::new());
        w.header(&header).unwrap();
        for r in planted.files.iter().flat_map(|(_, rs)| rs) {
            w.receipt(r).unwrap();
        }
        vec![
            ("mixed.UKE", testgen::file(&GeneratorOptions::new(8, 60))),
            (
                "dpc.UKE",
                testgen::file(&GeneratorOptions::new(8, 6).kind(FileKind::Dpc)),
            ),
            (
                "insurer.CSV",
                testgen::file(
                    &GeneratorOptions::new(8, 10)
                        .kind(FileKind::Medical)
                        .form(FileForm::Insurer),
                ),
            ),
            (
                "returns.HEN",
                testgen::file(
                    &GeneratorOptions::new(8, 6)
                        .kind(FileKind::Medical)
                        .form(FileForm::Returns),
                ),
            ),
            (
                "reexamination.CSV",
                testgen::file(
                    &GeneratorOptions::new(8, 6)
                        .kind(FileKind::Medical)
                        .form(FileForm::Reexamination),
                ),
            ),
            ("review.UKE", w.finish().unwrap()),
        ]
    }

    #[test]
    fn the_contract_receipt_files_are_the_generators() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/contract/read_receipt_file");
        for (name, bytes) in fixture_files() {
            let path = dir.join(name);
            if std::env::var_os("KENPO_BLESS").is_some() {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &bytes).unwrap();
            } else {
                let committed = std::fs::read(&path).unwrap_or_default();
                assert!(
                    committed == bytes,
                    "{name}: KENPO_BLESS=1 cargo test -p kenpo-api"
                );
            }
        }
    }

    #[test]
    fn every_kind_and_form_is_in_the_report() {
        let files: std::collections::HashMap<_, _> = fixture_files().into_iter().collect();
        let r = read_receipts("mixed.UKE", &files["mixed.UKE"], false).unwrap();
        assert_eq!((r.parsed, r.rejected), (60, 0));
        let layouts: Vec<_> = r.layouts.iter().map(|l| l.layout).collect();
        assert_eq!(
            layouts,
            [
                ReceiptLayout::Medical,
                ReceiptLayout::Dental,
                ReceiptLayout::Pharmacy
            ]
        );
        assert_eq!(r.layouts.iter().map(|l| l.parsed).sum::<i64>(), 60);
        assert_eq!(
            r.layouts.iter().map(|l| l.points).sum::<i64>(),
            r.points_read
        );
        assert_eq!(r.kinds.iter().map(|k| k.receipts).sum::<i64>(), 60);
        assert_eq!(r.insurer_form.mn_records, 0);

        let r = read_receipts("dpc.UKE", &files["dpc.UKE"], false).unwrap();
        assert_eq!(r.parsed, 6);
        assert!(r.kinds.iter().all(|k| k.layout == ReceiptLayout::Dpc));

        let r = read_receipts("insurer.CSV", &files["insurer.CSV"], false).unwrap();
        assert_eq!((r.parsed, r.rejected), (10, 0));
        assert_eq!(r.insurer_form.mn_records, 10);
        assert_eq!(r.insurer_form.corrected_receipts, 2);
        assert!(r.findings.is_empty());

        let r = read_receipts("returns.HEN", &files["returns.HEN"], false).unwrap();
        assert_eq!((r.parsed, r.returns.len()), (6, 6));
        assert!(r
            .returns
            .iter()
            .all(|x| !x.reasons.is_empty() && x.points > 0));
        assert!(r.reexaminations.is_empty());

        let r = read_receipts("reexamination.CSV", &files["reexamination.CSV"], false).unwrap();
        assert_eq!(r.reexaminations.len(), 6);
        assert_eq!(r.reexaminations.iter().filter(|c| c.answered).count(), 3);
        assert!(r
            .reexaminations
            .iter()
            .all(|c| c.requests.iter().all(|q| !q.targets.is_empty())));
    }

    #[test]
    fn the_review_lists_the_planted_cases_of_the_file() {
        let files: std::collections::HashMap<_, _> = fixture_files().into_iter().collect();
        let r = read_receipts("review.UKE", &files["review.UKE"], false).unwrap();
        assert_eq!(r.rejected, 0);
        let checks: std::collections::BTreeSet<&str> =
            r.candidates.iter().map(|c| c.check.as_str()).collect();
        for id in ["MATCH-1", "MATCH-3", "LONG-3", "LONG-4", "LONG-5", "SGL-1"] {
            assert!(checks.contains(id), "{id} in {checks:?}");
        }
        assert!(r.candidates.iter().all(|c| !c.receipts.is_empty()));
        // Checks on the fund's master files are skipped with a notice.
        assert!(r.review_notices.iter().any(|n| n.check == "M-11"));
        // Each candidate names its receipts by position and the fund's numbers only.
        let c = r.candidates.iter().find(|c| c.check == "MATCH-1").unwrap();
        assert_eq!(c.receipts[0].layout, ReceiptLayout::Pharmacy);
        assert!(c.points > 0);
    }

    #[test]
    fn pseudonymisation_keeps_counts_and_refuses_short_keys_and_damaged_files() {
        let bytes = testgen::file(&testgen::GeneratorOptions::new(8, 24));
        let key = b"the society's secret, 32 bytes..".to_vec();
        let copy = pseudonymise_receipt_file("R.UKE".into(), bytes.clone(), key.clone()).unwrap();
        assert_eq!(copy.receipts, 24);
        assert_ne!(copy.data, bytes);
        let (a, b) = (
            read_receipts("a", &bytes, false).unwrap(),
            read_receipts("b", &copy.data, false).unwrap(),
        );
        assert_eq!((a.parsed, a.points_read), (b.parsed, b.points_read));
        let again = pseudonymise_receipts("R.UKE", &bytes, &key).unwrap();
        assert!(again.data == copy.data, "the same key gives the same copy");

        match pseudonymise_receipts("R.UKE", &bytes, b"short") {
            Err(KenpoError::InvalidInput { code, field, .. }) => {
                assert_eq!((code, field.as_str()), (242, "key"));
            }
            _ => panic!("a short key is refused"),
        }
        let mut damaged = bytes.clone();
        let at = damaged.windows(3).position(|w| w == b"\nRE").unwrap_or(40) + 30;
        damaged[at] = 0xFF;
        match pseudonymise_receipts("R.UKE", &damaged, &key) {
            Err(KenpoError::InvalidInput {
                code,
                field,
                detail,
            }) => {
                assert_eq!((code, field.as_str()), (243, "data"));
                assert!(detail.contains("line"), "{detail}");
            }
            _ => panic!("a damaged file is refused"),
        }
    }
}
