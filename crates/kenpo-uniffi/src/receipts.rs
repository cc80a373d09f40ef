//! Receipts (レセプト, [`kenpo_domain::receipt`]): a whole claim file (bytes, Shift_JIS) is read
//! and checked against the member master in one call (purposes C0, C1, C2, C5), the batch form
//! for the monthly run.
//!
//! What crosses back is what a caller acts on: counts, the rejected receipts with their location
//! (file, line, record, field) and the findings with the rule and a short text. Raw values and
//! the C2 clinic inquiry (personal data) are not returned here.

use std::sync::Arc;

use kenpo_domain::identifiers::InsurerNumber;
use kenpo_domain::receipt::{self as domain, checks};

use crate::error::{KenpoError, KenpoResult};
use crate::member::MemberMaster;

/// Where a receipt file could not be read: one rejected receipt or a file-level error.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ReceiptProblem {
    /// The file's name as given.
    pub file: String,
    /// One-based line (0 for the whole file).
    pub line: i64,
    /// The record kind as written (`"RE"`), empty when unknown.
    pub record: String,
    /// The zero-based field position in the record, -1 when the problem is not in one field.
    pub field_index: i32,
    /// The field's name in the 記録条件仕様 (`"診療年月"`), empty when not in one field.
    pub field_name: String,
    /// The one-based index of the rejected receipt, 0 for a file-level problem.
    pub receipt_index: i64,
    /// What went wrong (no value of a personal field).
    pub detail: String,
}

impl From<&domain::ReceiptError> for ReceiptProblem {
    fn from(e: &domain::ReceiptError) -> Self {
        ReceiptProblem {
            file: e.file.to_string(),
            line: i64::try_from(e.line).unwrap_or(i64::MAX),
            record: e.record.clone().unwrap_or_default(),
            field_index: e.field.map_or(-1, |f| i32::from(f.index)),
            field_name: e.field.map_or_else(String::new, |f| f.name.to_owned()),
            receipt_index: e
                .receipt_index
                .map_or(0, |i| i64::try_from(i).unwrap_or(i64::MAX)),
            detail: e.problem.to_string(),
        }
    }
}

/// One finding of the receipt checks.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ReceiptFinding {
    /// The stable rule id (`"C2.visit_after_loss"`).
    pub rule: String,
    /// The file.
    pub file: String,
    /// One-based index of the receipt in the file, 0 for a file-level finding.
    pub receipt_index: i64,
    /// One-based line of its RE record, 0 for a file-level finding.
    pub line: i64,
    /// Indices of the other receipts involved.
    pub related: Vec<i64>,
    /// Short Japanese text (no personal data).
    pub ja: String,
    /// Short English text (no personal data).
    pub en: String,
    /// `true` when a C2 clinic inquiry (資格喪失後受診の照会) is due for the receipt.
    pub inquiry_due: bool,
}

fn position(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl From<&checks::Finding> for ReceiptFinding {
    fn from(f: &checks::Finding) -> Self {
        ReceiptFinding {
            rule: f.rule.id().to_owned(),
            file: f.file.to_string(),
            receipt_index: f.position.map_or(0, |p| position(p.index)),
            line: f.position.map_or(0, |p| position(p.line)),
            related: f.related.iter().map(|p| position(p.index)).collect(),
            ja: f.ja.clone(),
            en: f.en.clone(),
            inquiry_due: f.inquiry.is_some(),
        }
    }
}

/// The outcome of reading and checking one receipt file.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ReceiptFileReport {
    /// RE records seen: the receipts in the file.
    pub receipts_in_file: i64,
    /// Receipts read without error.
    pub parsed: i64,
    /// Receipts rejected (each in `problems`).
    pub rejected: i64,
    /// Total points of the parsed receipts (1 point = 10 yen).
    pub points_read: i64,
    /// Rejected receipts and file-level errors, in file order.
    pub problems: Vec<ReceiptProblem>,
    /// Findings of the checks (C0, C1, C2, C5), file-level ones included.
    pub findings: Vec<ReceiptFinding>,
}

#[uniffi::export]
impl MemberMaster {
    /// Reads the claim file `bytes` (named `file_name` in every location) and checks each
    /// receipt against this master for the society `insurer_number` / `society_name`
    /// (C0 GO totals, C1 identity and kind codes, C2 eligibility, C5 several institutions).
    pub fn check_receipt_file(
        &self,
        file_name: String,
        bytes: Vec<u8>,
        insurer_number: String,
        society_name: String,
    ) -> KenpoResult<ReceiptFileReport> {
        let insurer = InsurerNumber::new(&insurer_number)
            .map_err(|e| KenpoError::from(e).within("insurer_number"))?;
        // Read on every core the machine offers: the same outcome as one reader's.
        let threads = std::thread::available_parallelism().unwrap_or(std::num::NonZeroUsize::MIN);
        let out =
            domain::read_slice_parallel(&bytes, domain::ReaderOptions::new(file_name), threads);
        let master = self.lock()?;
        let mut checker =
            checks::Checker::new(checks::CheckOptions::new(insurer, society_name), &*master);
        let file: Arc<str> = out.summary.file.clone();
        for receipt in &out.receipts {
            checker.check(&file, receipt);
        }
        let mut findings: Vec<ReceiptFinding> = out
            .summary
            .findings
            .iter()
            .map(ReceiptFinding::from)
            .collect();
        findings.extend(checker.finish().iter().map(ReceiptFinding::from));
        let mut problems: Vec<ReceiptProblem> = out
            .summary
            .file_errors
            .iter()
            .map(ReceiptProblem::from)
            .collect();
        problems.extend(out.rejected.iter().map(ReceiptProblem::from));
        problems.sort_by_key(|p| p.line);
        Ok(ReceiptFileReport {
            receipts_in_file: position(out.summary.receipts_in_file),
            parsed: position(out.summary.parsed),
            rejected: position(out.summary.rejected),
            points_read: out.summary.points_read.get(),
            problems,
            findings,
        })
    }
}

/// A synthetic receipt file of `receipts` receipts from `seed` (the domain's test generator:
/// invented people and institutions, no real data), for tests and benchmarks of the bindings.
#[uniffi::export]
pub fn synthetic_receipt_file(seed: i64, receipts: i32) -> KenpoResult<Vec<u8>> {
    let seed = u64::try_from(seed).map_err(|_| KenpoError::argument("seed", "negative"))?;
    let receipts =
        usize::try_from(receipts).map_err(|_| KenpoError::argument("receipts", "negative"))?;
    Ok(domain::testgen::file(
        &domain::testgen::GeneratorOptions::new(seed, receipts),
    ))
}
