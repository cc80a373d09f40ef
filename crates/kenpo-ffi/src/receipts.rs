//! Receipts (レセプト): read a payment-fund file (path or buffer, the file's own Shift_JIS
//! bytes), check it against a member master, read the report. The report is the contract form
//! `kenpo_api::receipt::ReceiptFileReport` (schema `bindings/c/schema/read_receipt_file.response.json`),
//! whole as JSON or through the typed accessors below.
use std::fs::File;
use std::os::raw::c_char;

use kenpo_api::receipt::{self as api, ReceiptFileReport, ReceiptFinding};
use kenpo_domain::receipt::Rule;

use crate::boundary::{bytes, guard, guard_void, text, Failure, FfiResult, Out, OutBuffer};
use crate::handle::{self, Handle};
use crate::members::{kenpo_member_master, lock as lock_master};
use crate::result::kenpo_result;
use crate::society::kenpo_society;
use crate::types::{kenpo_string, return_json};

/// The outcome of ingesting one receipts file: its report (counts, receipts by kind, every
/// rejected receipt and file-level error, the findings of the checks). Created by `kenpo_receipts_ingest_buffer` or
/// `kenpo_receipts_ingest_path`, owned by the caller, freed with `kenpo_receipt_batch_free`.
/// Immutable. The receipts themselves are not kept (memory stays bounded by the findings).
#[allow(non_camel_case_types)]
pub struct kenpo_receipt_batch {
    _opaque: [u8; 0],
}

impl Handle for kenpo_receipt_batch {
    type Inner = ReceiptFileReport;
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

/// The rules the header names, by their stable id.
const RULES: [(Rule, kenpo_receipt_rule); 11] = [
    (Rule::SummaryMismatch, kenpo_receipt_rule::GoTotals),
    (Rule::VisitAfterLoss, kenpo_receipt_rule::VisitAfterLoss),
    (
        Rule::VisitBeforeAcquisition,
        kenpo_receipt_rule::VisitBeforeAcquisition,
    ),
    (Rule::UnknownMember, kenpo_receipt_rule::UnknownMember),
    (Rule::IdentityMismatch, kenpo_receipt_rule::IdentityMismatch),
    (
        Rule::MultipleInstitutions,
        kenpo_receipt_rule::MultipleInstitutions,
    ),
    (Rule::DuplicateReceipt, kenpo_receipt_rule::DuplicateReceipt),
    (
        Rule::DependentUnderInsuredKind,
        kenpo_receipt_rule::DependentUnderInsuredKind,
    ),
    (
        Rule::InsuredUnderDependentKind,
        kenpo_receipt_rule::InsuredUnderDependentKind,
    ),
    (Rule::CopayAgeMismatch, kenpo_receipt_rule::CopayAgeMismatch),
    (
        Rule::DiagnosisAfterServiceMonth,
        kenpo_receipt_rule::DiagnosisAfterServiceMonth,
    ),
];

fn rule_code(id: &str) -> kenpo_receipt_rule {
    RULES
        .iter()
        .find(|(r, _)| r.id() == id)
        .map_or(kenpo_receipt_rule::Other, |(_, k)| *k)
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

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
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
        let master = lock_master(&master)?;
        let report =
            api::check_receipts(config.config(), &*master, name, data, keep_unknown_kinds)?;
        out.write(handle::new_handle::<kenpo_receipt_batch>(report)?);
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
        let options = api::check_options(config.config())?;
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
        let master = lock_master(&master)?;
        let report = api::report_stream(
            name,
            std::io::BufReader::new(source),
            keep_unknown_kinds,
            Some((options, &*master)),
        )?;
        out.write(handle::new_handle::<kenpo_receipt_batch>(report)?);
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
        out.write(kenpo_receipt_summary {
            receipts_in_file: count(b.receipts_in_file),
            parsed: count(b.parsed),
            rejected: count(b.rejected),
            points_read: b.points_read,
            file_errors: (b.file_errors.len() as u64).saturating_add(count(b.file_errors_not_kept)),
            findings: b.findings.len(),
        });
        Ok(())
    })
}

fn finding_at(b: &ReceiptFileReport, index: usize) -> FfiResult<&ReceiptFinding> {
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
            rule: rule_code(&f.rule) as u32,
            line: count(f.line),
            receipt_index: count(f.receipt_index),
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
        out.write(format!("{}: {body}", f.rule).as_bytes())
    })
}

/// Writes the whole report as JSON (the contract form,
/// `bindings/c/schema/read_receipt_file.response.json`) to a new `kenpo_string` at `*out_json`,
/// owned by the caller: counts, `kinds`, `rejected_receipts` and `file_errors` with line, record
/// and field, `findings` with their rule id. A C2 finding carries the `inquiry` the society may
/// give the clinic (name, birth date, 記号・番号, loss and visit dates): handle the JSON as
/// personal data.
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
        return_json(&*b, out)
    })
}

/// Frees a receipt batch. NULL, and a handle already freed, are ignored.
#[no_mangle]
pub extern "C" fn kenpo_receipt_batch_free(batch: *mut kenpo_receipt_batch) {
    guard_void(|| handle::free(batch));
}

/// `read_receipt_file`: reads a receipt file held in memory without a member master: `len`
/// bytes at `data`, exactly as the payment fund sent them (Shift_JIS/CP932, CR LF, optional
/// 0x1A end mark); `file_name` (UTF-8) names it in the report. Writes the report (response
/// `read_receipt_file.response.json`: counts, receipts by kind, every rejected receipt and
/// file-level error with line, record and field, the C0 finding) to a new `kenpo_string` at
/// `*out_response`, owned by the caller. `keep_unknown_kinds` keeps record kinds the library
/// does not know (insurer-edition records) instead of rejecting their receipt.
///
/// Errors: `KENPO_RESULT_INVALID_UTF8` (the file name), `KENPO_RESULT_NULL_ARGUMENT`. Problems
/// inside the file are not errors: they are in the report.
///
/// # Safety
/// `file_name` must point to `file_name_len` bytes and `data` to `len` bytes; `out_response`
/// must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_read_receipt_file(
    file_name: *const c_char,
    file_name_len: usize,
    data: *const u8,
    len: usize,
    keep_unknown_kinds: bool,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_response)?;
        let name = text(file_name, file_name_len)?;
        let data = bytes(data, len)?;
        let report = api::read_receipts(name, data, keep_unknown_kinds)?;
        return_json(&report, out)
    })
}

/// `pseudonymise_receipt_file`: a pseudonymised copy (仮名加工情報, 個人情報の保護に関する法律
/// 第41条) of the receipt file held in memory (`len` bytes at `data`, any kind and form, named
/// `file_name`): names, kana, 記号・番号, 受給者番号, カルテ番号, certificate numbers, doctors'
/// names and licence numbers replaced by pseudonyms keyed by the `key_len` bytes at `key` (the
/// host's secret, at least 16 bytes; the same person gets the same pseudonyms in every file
/// processed with one key). Writes the copy's bytes (Shift_JIS, CR LF, as the original: read them
/// with `kenpo_string_bytes`, they are not UTF-8) to a new `kenpo_string` at `*out_file`, and the
/// report (response `pseudonymise_receipt_file.response.json`: receipts written, records of
/// unknown kinds emptied) to a new `kenpo_string` at `*out_response`; both owned by the caller.
///
/// Errors: `KENPO_RESULT_INVALID_PSEUDONYM_KEY` (the key is under 16 bytes; field `key`),
/// `KENPO_RESULT_RECEIPT_FILE_NOT_PSEUDONYMISABLE` (receipts of the file do not read, or it has
/// no head record; field `data`), `KENPO_RESULT_INVALID_UTF8` (the file name),
/// `KENPO_RESULT_NULL_ARGUMENT`. Nothing is written on failure.
///
/// # Safety
/// `file_name` must point to `file_name_len` bytes, `data` to `len` bytes and `key` to
/// `key_len` bytes; `out_file` and `out_response` must be writable.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kenpo_pseudonymise_receipt_file(
    file_name: *const c_char,
    file_name_len: usize,
    data: *const u8,
    len: usize,
    key: *const u8,
    key_len: usize,
    out_file: *mut *mut kenpo_string,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let (out_file, out_response) = (Out::new(out_file)?, Out::new(out_response)?);
        let name = text(file_name, file_name_len)?;
        let data = bytes(data, len)?;
        let key = bytes(key, key_len)?;
        let copy = api::pseudonymise_receipts(name, data, key)?;
        let json = serde_json::to_string(&copy)
            .map_err(|e| Failure::from_error(kenpo_result::Internal, &e))?;
        // Both strings are made before either is handed over, so that a failure leaks nothing.
        let mut file_bytes = copy.data;
        file_bytes.push(0);
        let mut json_bytes = json.into_bytes();
        json_bytes.push(0);
        let file = handle::new_handle::<kenpo_string>(file_bytes.into_boxed_slice())?;
        match handle::new_handle::<kenpo_string>(json_bytes.into_boxed_slice()) {
            Ok(response) => {
                out_file.write(file);
                out_response.write(response);
                Ok(())
            }
            Err(e) => {
                handle::free(file);
                Err(e)
            }
        }
    })
}
