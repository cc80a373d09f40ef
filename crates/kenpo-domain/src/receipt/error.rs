//! Errors of the receipt reader and writer. They name the file, line, record kind, field and
//! raw value, but never personal data: for a name, kana name, birth date, symbol, number,
//! branch number or recipient number the error gives the field's name and position only.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A field of a record: its position (0 = the record kind, as in the 記録条件仕様's CSV
/// translation counted from zero) and its name in the specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FieldRef {
    /// Zero-based position in the record (0 is the record kind).
    pub index: u16,
    /// The field's name in the 記録条件仕様 (`"診療年月"`).
    pub name: &'static str,
}

impl fmt::Display for FieldRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "field {} ({})", self.index, self.name)
    }
}

/// What went wrong on a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// Bytes that are not Shift_JIS (CP932) at the given byte offset of the line.
    #[error("bytes that are not Shift_JIS (CP932) at byte {offset}")]
    BadEncoding {
        /// Byte offset in the line.
        offset: usize,
    },
    /// A record kind the reader does not know.
    #[error("unknown record kind")]
    UnknownRecordKind,
    /// A receipt-level record before the first RE of the file (or after a rejected header).
    #[error("record outside a receipt (no RE opened one)")]
    RecordOutsideReceipt,
    /// A field the specification requires is empty or absent.
    #[error("required field missing")]
    MissingField,
    /// A field's value is not of the form expected.
    #[error("malformed value, expected {expected}")]
    Malformed {
        /// What the field should hold.
        expected: &'static str,
    },
    /// The last record of the file ends without CR LF: the file was cut mid-record.
    #[error("record cut short: the file ends inside it (no CR LF)")]
    TruncatedRecord,
    /// The file has no IR/YK record before its first receipt.
    #[error("no institution record (IR/YK) before the first receipt")]
    MissingHeader,
    /// The file has no GO record.
    #[error("no claim summary record (GO): the file may be incomplete")]
    MissingSummary,
    /// A record after the GO record.
    #[error("record after the claim summary record (GO)")]
    RecordAfterSummary,
    /// A receipt kind whose layout the library does not read: 訪問看護 (visiting nursing), whose
    /// 記録条件仕様 could not be confirmed.
    #[error("receipt kind not supported: its layout (訪問看護) could not be confirmed")]
    UnsupportedLayout,
    /// A record the payment fund adds (MN, RC, EX, ON, JY, HR, MD, RT, JR, MK), refused because
    /// the reader was asked to be strict.
    #[error("a record the payment fund adds, refused by the strict option")]
    FundRecordRejected,
    /// A receipt opened by an MN record has no RE record.
    #[error("the receipt has no RE record (an MN record opened it)")]
    MissingReceiptRecord,
    /// A correction (JY) names a line the receipt does not have.
    #[error("a correction (JY) names a line the receipt does not have")]
    CorrectionTarget,
    /// Reading the underlying stream failed.
    #[error("I/O error: {message}")]
    Io {
        /// The I/O error's message.
        message: String,
    },
}

/// A problem found while reading a receipt file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct ReceiptError {
    /// The file's name as given to the reader.
    pub file: Arc<str>,
    /// One-based line number (0 when the problem concerns the whole file).
    pub line: u64,
    /// The record kind as written (at most 4 characters), when known.
    pub record: Option<String>,
    /// The field, when the problem is in one.
    pub field: Option<FieldRef>,
    /// The raw value (at most 64 characters), unless the field holds personal data.
    pub raw: Option<String>,
    /// The one-based index of the receipt (its RE in the file) the problem rejects, if any.
    pub receipt_index: Option<u64>,
    /// What went wrong.
    pub problem: Problem,
}

impl fmt::Display for ReceiptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)?;
        if let Some(r) = &self.record {
            write!(f, ": {r}")?;
        }
        if let Some(field) = &self.field {
            write!(f, " {field}")?;
        }
        write!(f, ": {}", self.problem)?;
        if let Some(raw) = &self.raw {
            write!(f, " (value {raw:?})")?;
        }
        if let Some(i) = self.receipt_index {
            write!(f, "; receipt #{i} rejected")?;
        }
        Ok(())
    }
}

/// Why writing a receipt file failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The output failed.
    #[error("I/O error while writing receipts: {0}")]
    Io(#[from] std::io::Error),
    /// A text has a character that Shift_JIS (CP932) cannot encode.
    #[error("{record} {field}: a character cannot be encoded in Shift_JIS (CP932)")]
    Unencodable {
        /// Record kind.
        record: &'static str,
        /// Field name.
        field: &'static str,
    },
    /// A text contains a comma, CR or LF, which the format cannot carry.
    #[error("{record} {field}: text contains a comma or line break")]
    Separator {
        /// Record kind.
        record: &'static str,
        /// Field name.
        field: &'static str,
    },
}

/// A field-level problem, before the line and file are attached. Boxed: parsers return it
/// through every field they read, and the error path is the rare one.
#[derive(Debug)]
pub(crate) struct FieldError(Box<FieldErrorDetail>);

/// What a [`FieldError`] says.
#[derive(Debug)]
pub(crate) struct FieldErrorDetail {
    pub index: usize,
    pub name: &'static str,
    pub personal: bool,
    pub problem: Problem,
}

impl FieldError {
    #[cold]
    pub(crate) fn new(index: usize, name: &'static str, problem: Problem) -> Self {
        FieldError(Box::new(FieldErrorDetail {
            index,
            name,
            personal: false,
            problem,
        }))
    }

    pub(crate) fn into_detail(self) -> FieldErrorDetail {
        *self.0
    }
}

impl std::ops::Deref for FieldError {
    type Target = FieldErrorDetail;

    fn deref(&self) -> &FieldErrorDetail {
        &self.0
    }
}

impl std::ops::DerefMut for FieldError {
    fn deref_mut(&mut self) -> &mut FieldErrorDetail {
        &mut self.0
    }
}
