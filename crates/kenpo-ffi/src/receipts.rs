//! Receipts (レセプト): ingest a payment-fund file (path or buffer, the file's own Shift_JIS
//! bytes), check it against the member master, read the findings.
use std::fs::File;
use std::os::raw::c_char;
use std::sync::Arc;

use kenpo_domain::member::MemberMaster;
use kenpo_domain::receipt::checks::{CheckOptions, Checker};
use kenpo_domain::receipt::{
    Finding, ReadSummary, ReaderOptions, Receipt, ReceiptError, ReceiptReader, Rule, SliceReader,
};
use kenpo_domain::society::SocietyConfig;

use crate::boundary::{bytes, guard, guard_void, text, Failure, FfiResult, Out, OutBuffer};
use crate::handle::{self, Handle};
use crate::members::{kenpo_member_master, lock as lock_master};
use crate::result::kenpo_result;
use crate::society::kenpo_society;
use crate::types::{kenpo_string, return_json};

/// The outcome of ingesting one receipts file: the read summary, the rejected receipts' errors
/// and the findings of the checks. Created by `kenpo_receipts_ingest_buffer` or
/// `kenpo_receipts_ingest_path`, owned by the caller, freed with `kenpo_receipt_batch_free`.
/// Immutable. The receipts themselves are not kept (memory stays bounded by the findings).
#[allow(non_camel_case_types)]
pub struct kenpo_receipt_batch {
    _opaque: [u8; 0],
}

/// What a batch holds.
pub struct ReceiptBatch {
    summary: ReadSummary,
    rejected: Vec<ReceiptError>,
    findings: Vec<Finding>,
}

impl Handle for kenpo_receipt_batch {
    type Inner = ReceiptBatch;
    const NAME: &'static str = "kenpo_receipt_batch";
}

/// The rule a receipt finding comes from (the society's notice, purposes C0–C5).
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum kenpo_receipt_rule {
    /// C0: the GO record's totals disagree with what the file holds (`C0.go_totals`).
    GoTotals = 1,
    /// C2: a visit on or after the loss of eligibility (資格喪失後受診).
    VisitAfterLoss = 2,
    /// C2: a visit before the acquisition of eligibility (資格取得前受診).
    VisitBeforeAcquisition = 3,
    /// C1: no member under the receipt's symbol and number (該当者なし).
    UnknownMember = 4,
    /// C1: the symbol and number belong to someone whose name or birth date differs.
    IdentityMismatch = 5,
    /// C5: several institutions for one person in one month (重複・頻回受診).
    MultipleInstitutions = 6,
    /// C1: two receipts for the same person, institution, month and setting (重複請求).
    DuplicateReceipt = 7,
    /// C1: a dependant's receipt under the insured person's kind code.
    DependentUnderInsuredKind = 8,
    /// C1: the insured person's receipt under a dependant's kind code.
    InsuredUnderDependentKind = 9,
    /// C1: the kind code's co-payment category does not match the age in the service month.
    CopayAgeMismatch = 10,
    /// C1: a diagnosis whose start date lies after the service month.
    DiagnosisAfterServiceMonth = 11,
    /// A rule added to the library after this header: read its id from the JSON.
    Other = 99,
}

fn rule_code(rule: Rule) -> kenpo_receipt_rule {
    use kenpo_receipt_rule as K;
    match rule {
        Rule::SummaryMismatch => K::GoTotals,
        Rule::VisitAfterLoss => K::VisitAfterLoss,
        Rule::VisitBeforeAcquisition => K::VisitBeforeAcquisition,
        Rule::UnknownMember => K::UnknownMember,
        Rule::IdentityMismatch => K::IdentityMismatch,
        Rule::MultipleInstitutions => K::MultipleInstitutions,
        Rule::DuplicateReceipt => K::DuplicateReceipt,
        Rule::DependentUnderInsuredKind => K::DependentUnderInsuredKind,
        Rule::InsuredUnderDependentKind => K::InsuredUnderDependentKind,
        Rule::CopayAgeMismatch => K::CopayAgeMismatch,
        Rule::DiagnosisAfterServiceMonth => K::DiagnosisAfterServiceMonth,
        _ => K::Other,
    }
}

/// The counts of an ingested file.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct kenpo_receipt_summary {
    /// RE records seen: the receipts in the file.
    pub receipts_in_file: u64,
    /// Receipts read without error.
    pub parsed: u64,
    /// Receipts rejected (their errors are in the JSON, with file, line, record and field).
    pub rejected: u64,
    /// The total points (点数) of the parsed receipts (1 point = 10 yen).
    pub points_read: i64,
    /// File-level errors (missing GO, records outside a receipt, …), kept and counted.
    pub file_errors: u64,
    /// Findings of the checks, file-level ones included.
    pub findings: usize,
}

/// One finding's typed parts.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct kenpo_receipt_finding {
    /// One of `KENPO_RECEIPT_RULE_*`.
    pub rule: u32,
    /// The one-based line of the receipt's RE record (0 for a file-level finding).
    pub line: u64,
    /// The one-based index of the receipt in the file (0 for a file-level finding).
    pub receipt_index: u64,
    /// `true` when the finding carries a C2 clinic inquiry (personal data; in the JSON only).
    pub has_inquiry: bool,
}

fn society_check_options(config: &SocietyConfig) -> FfiResult<CheckOptions> {
    let insurer = config.insurer_number.clone().ok_or_else(|| {
        Failure::new(
            kenpo_result::InvalidSocietyConfig,
            "the society configuration has no insurer_number; receipts cannot be matched to it",
        )
    })?;
    Ok(CheckOptions::new(insurer, config.name.clone()))
}

/// Reads every receipt from `reader`, checking each against `master`, and builds the batch.
fn ingest<I>(
    file: &Arc<str>,
    options: CheckOptions,
    master: &MemberMaster,
    reader: &mut I,
) -> (Vec<ReceiptError>, Vec<Finding>)
where
    I: Iterator<Item = Result<Receipt, ReceiptError>>,
{
    let mut checker = Checker::new(options, master);
    let mut rejected = Vec::new();
    for item in reader {
        match item {
            Ok(r) => checker.check(file, &r),
            Err(e) => rejected.push(e),
        }
    }
    (rejected, checker.finish())
}

fn finish(
    summary: ReadSummary,
    rejected: Vec<ReceiptError>,
    checked: Vec<Finding>,
) -> ReceiptBatch {
    let mut findings = summary.findings.clone();
    findings.extend(checked);
    ReceiptBatch {
        summary,
        rejected,
        findings,
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

/// Ingests a receipts file held in memory: `len` bytes at `data`, exactly as the payment fund
/// sent them (Shift_JIS/CP932, CR LF, optional 0x1A end mark); `file_name` (UTF-8) names it in
/// errors and findings. Every receipt is checked against `master` for the society's insurer
/// number (C1 該当者なし・本人家族・重複, C2 資格喪失後受診, C5 重複受診, and the GO totals). A receipt
/// that cannot be read is rejected and counted, and reading resumes at the next one.
/// `keep_unknown_kinds` keeps record kinds the library does not know (insurer-edition records)
/// instead of rejecting their receipt.
///
/// Writes a new `kenpo_receipt_batch` to `*out_batch`, owned by the caller (free with
/// `kenpo_receipt_batch_free`). The master is locked for the duration of the call.
///
/// Errors: `KENPO_RESULT_INVALID_SOCIETY_CONFIG` (the society has no `insurer_number`),
/// `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_HANDLE_POISONED`, `KENPO_RESULT_INVALID_UTF8` (the
/// file name), `KENPO_RESULT_NULL_ARGUMENT`. Problems inside the file are not errors: see the
/// summary and the JSON.
///
/// # Safety
/// `file_name` must point to `file_name_len` bytes and `data` to `len` bytes; `out_batch` must
/// be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_receipts_ingest_buffer(
    society: *const kenpo_society,
    master: *const kenpo_member_master,
    file_name: *const c_char,
    file_name_len: usize,
    data: *const u8,
    len: usize,
    keep_unknown_kinds: bool,
    out_batch: *mut *mut kenpo_receipt_batch,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_batch)?;
        let (config, master) = (handle::get(society)?, handle::get(master)?);
        let name = text(file_name, file_name_len)?;
        let data = bytes(data, len)?;
        let options = society_check_options(config.config())?;
        let file: Arc<str> = Arc::from(name);
        let mut reader = SliceReader::new(data, reader_options(name, keep_unknown_kinds));
        let (rejected, checked) = ingest(&file, options, &*lock_master(&master)?, &mut reader);
        let batch = finish(reader.into_summary(), rejected, checked);
        out.write(handle::new_handle::<kenpo_receipt_batch>(batch)?);
        Ok(())
    })
}

/// Ingests a receipts file from the file system: `path` (UTF-8, `path_len` bytes) is read as a
/// stream (one line and one receipt in memory at a time), otherwise exactly as
/// `kenpo_receipts_ingest_buffer`; the file's last path component names it in findings.
///
/// Errors: `KENPO_RESULT_RECEIPT_FILE_IO` (the file cannot be opened; a read error midway is
/// reported in the batch as a file-level error), and as `kenpo_receipts_ingest_buffer`.
///
/// # Safety
/// `path` must point to `path_len` bytes; `out_batch` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_receipts_ingest_path(
    society: *const kenpo_society,
    master: *const kenpo_member_master,
    path: *const c_char,
    path_len: usize,
    keep_unknown_kinds: bool,
    out_batch: *mut *mut kenpo_receipt_batch,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_batch)?;
        let (config, master) = (handle::get(society)?, handle::get(master)?);
        let path = text(path, path_len)?;
        let options = society_check_options(config.config())?;
        let name = std::path::Path::new(path)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(path);
        let source = File::open(path).map_err(|e| {
            // The OS message (no file content); the path is the caller's own.
            Failure::new(
                kenpo_result::ReceiptFileIo,
                format!("cannot open the receipts file: {e}"),
            )
        })?;
        let file: Arc<str> = Arc::from(name);
        let mut reader = ReceiptReader::new(source, reader_options(name, keep_unknown_kinds));
        let (rejected, checked) = ingest(&file, options, &*lock_master(&master)?, &mut reader);
        let batch = finish(reader.into_summary(), rejected, checked);
        out.write(handle::new_handle::<kenpo_receipt_batch>(batch)?);
        Ok(())
    })
}

/// Writes the counts of a batch to `*out_summary`.
///
/// Errors: `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_summary` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_receipt_batch_summary(
    batch: *const kenpo_receipt_batch,
    out_summary: *mut kenpo_receipt_summary,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_summary)?;
        let b = handle::get(batch)?;
        let s = &b.summary;
        out.write(kenpo_receipt_summary {
            receipts_in_file: s.receipts_in_file,
            parsed: s.parsed,
            rejected: s.rejected,
            points_read: s.points_read.get(),
            file_errors: (s.file_errors.len() as u64).saturating_add(s.file_errors_not_kept),
            findings: b.findings.len(),
        });
        Ok(())
    })
}

fn finding_at(b: &ReceiptBatch, index: usize) -> FfiResult<&Finding> {
    b.findings.get(index).ok_or_else(|| {
        Failure::new(
            kenpo_result::InvalidArgument,
            format!(
                "finding {index} does not exist ({} findings)",
                b.findings.len()
            ),
        )
    })
}

/// Writes the typed parts of finding `index` (0-based, below the summary's `findings`) to
/// `*out_finding`.
///
/// Errors: `KENPO_RESULT_INVALID_ARGUMENT` (index out of range), `KENPO_RESULT_BAD_HANDLE`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_finding` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_receipt_batch_finding(
    batch: *const kenpo_receipt_batch,
    index: usize,
    out_finding: *mut kenpo_receipt_finding,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_finding)?;
        let b = handle::get(batch)?;
        let f = finding_at(&b, index)?;
        out.write(kenpo_receipt_finding {
            rule: rule_code(f.rule) as u32,
            line: f.position.map_or(0, |p| p.line),
            receipt_index: f.position.map_or(0, |p| p.index),
            has_inquiry: f.inquiry.is_some(),
        });
        Ok(())
    })
}

/// Writes the text of finding `index` into `buf` (UTF-8): the stable rule id, then the short
/// Japanese text when `japanese` is true, else the English one, for example
/// `C1.unknown_member: no member has this symbol and number`. Never personal data.
///
/// Errors: `KENPO_RESULT_INVALID_ARGUMENT` (index out of range), `KENPO_RESULT_BUFFER_TOO_SMALL`
/// (512 bytes always suffice), `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `buf` must point to `len` writable bytes; `out_written` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_receipt_batch_finding_text(
    batch: *const kenpo_receipt_batch,
    index: usize,
    japanese: bool,
    buf: *mut c_char,
    len: usize,
    out_written: *mut usize,
) -> kenpo_result {
    guard(|| {
        let out = OutBuffer::new(buf, len, out_written)?;
        let b = handle::get(batch)?;
        let f = finding_at(&b, index)?;
        let body = if japanese { &f.ja } else { &f.en };
        out.write(format!("{}: {body}", f.rule.id()).as_bytes())
    })
}

/// Writes the whole batch as JSON to a new `kenpo_string` at `*out_json`, owned by the caller:
/// `{"summary": {...}, "rejected": [errors with file, line, record, field], "findings": [...]}`.
/// A C2 finding carries the `inquiry` the society may give the clinic (name, birth date,
/// symbol and number, loss and visit dates): handle the JSON as personal data.
///
/// Errors: `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_json` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_receipt_batch_to_json(
    batch: *const kenpo_receipt_batch,
    out_json: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_json)?;
        let b = handle::get(batch)?;
        let doc = serde_json::json!({
            "summary": b.summary,
            "rejected": b.rejected,
            "findings": b.findings,
        });
        return_json(&doc, out)
    })
}

/// Frees a receipt batch. NULL, and a handle already freed, are ignored.
#[no_mangle]
pub extern "C" fn kenpo_receipt_batch_free(batch: *mut kenpo_receipt_batch) {
    guard_void(|| handle::free(batch));
}
