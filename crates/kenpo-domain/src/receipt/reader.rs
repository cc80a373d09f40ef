//! The reader: a streaming reader over any [`std::io::Read`] and a fast path over a byte slice,
//! both yielding one `Result<Receipt, ReceiptError>` per RE record of the file.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;

use encoding_rs::{DecoderResult, SHIFT_JIS};
use serde::{Deserialize, Serialize};

use super::checks::{Finding, Rule};
use super::error::{FieldError, FieldRef, Problem, ReceiptError};
use super::fields::{self, Cursor, Fields};
use super::kind::{ClaimBranch, ReceiptKind, RecordKind, Scheme};
use super::model::*;
use crate::identifiers::{
    BranchNumber, InstitutionCode, InsuredNumber, InsuredSymbol, InsurerNumber,
};
use crate::money::Yen;
use crate::person::{KanaName, PersonName, Sex};
use rust_decimal::Decimal;

/// The longest line the reader accepts (1 MiB). Longer lines are rejected without being kept in
/// memory, so a corrupt file cannot make the reader grow without bound.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// The most file-level errors and file-level raw records a summary keeps; beyond, they are
/// only counted.
pub const MAX_KEPT_FILE_ITEMS: usize = 1000;

/// The most distinct institution records (IR/YK) a reader remembers so as not to parse them
/// again when they repeat; beyond, it forgets them all and starts over.
const MAX_CACHED_HEADERS: usize = 256;

/// What to do with a record kind the library does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnknownKinds {
    /// Reject the receipt the record is in (the clinic edition defines every kind; an unknown
    /// one means a damaged file). The default.
    #[default]
    Reject,
    /// Keep a well-formed unknown kind (two upper-case ASCII letters) as a [`RawRecord`] of the
    /// receipt (or of the file when outside one) and count it in [`ReadSummary::raw_kinds`]:
    /// for the insurer edition's records (審査結果, 増減点, 返戻) whose layouts are not confirmed.
    KeepRaw,
}

/// Reader options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReaderOptions {
    /// The file's name, used in errors and findings.
    pub file_name: String,
    /// Unknown record kinds.
    pub unknown_kinds: UnknownKinds,
}

impl ReaderOptions {
    /// Options for a file called `file_name`, rejecting unknown kinds.
    pub fn new(file_name: impl Into<String>) -> ReaderOptions {
        ReaderOptions {
            file_name: file_name.into(),
            unknown_kinds: UnknownKinds::Reject,
        }
    }

    /// The same options keeping unknown kinds raw (insurer edition files).
    pub fn keep_unknown_kinds(mut self) -> ReaderOptions {
        self.unknown_kinds = UnknownKinds::KeepRaw;
        self
    }
}

/// What a run over a file amounted to. `parsed + rejected == receipts_in_file` always holds
/// once the reader is exhausted ([`ReadSummary::is_accounted`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadSummary {
    /// The file's name.
    pub file: Arc<str>,
    /// The first institution record (IR/YK) of the file.
    pub header: Option<FileHeader>,
    /// The GO record, if the file had one.
    pub declared: Option<ClaimSummary>,
    /// RE records seen: the receipts in the file.
    pub receipts_in_file: u64,
    /// Receipts read without error.
    pub parsed: u64,
    /// Receipts rejected (each yielded as an `Err`).
    pub rejected: u64,
    /// Sum of [`Receipt::total_points`] over the parsed receipts.
    pub points_read: Points,
    /// File-level findings (GO totals that disagree with what was read).
    pub findings: Vec<Finding>,
    /// File-level errors (no receipt to reject: missing GO, records outside a receipt, …).
    pub file_errors: Vec<ReceiptError>,
    /// File-level errors beyond [`MAX_KEPT_FILE_ITEMS`], counted only.
    pub file_errors_not_kept: u64,
    /// Unknown record kinds kept raw, with how many records of each.
    pub raw_kinds: BTreeMap<String, u64>,
    /// Raw records outside any receipt (kept with [`UnknownKinds::KeepRaw`]).
    pub file_records: Vec<RawRecord>,
}

impl ReadSummary {
    fn new(file: Arc<str>) -> ReadSummary {
        ReadSummary {
            file,
            header: None,
            declared: None,
            receipts_in_file: 0,
            parsed: 0,
            rejected: 0,
            points_read: Points::ZERO,
            findings: Vec::new(),
            file_errors: Vec::new(),
            file_errors_not_kept: 0,
            raw_kinds: BTreeMap::new(),
            file_records: Vec::new(),
        }
    }

    /// `true` when every receipt of the file is either parsed or rejected.
    pub fn is_accounted(&self) -> bool {
        self.parsed.checked_add(self.rejected) == Some(self.receipts_in_file)
    }
}

/// Everything read from a file at once (see [`read_slice`]).
#[derive(Debug, Clone)]
pub struct ReadOutcome {
    /// The receipts read without error, in file order.
    pub receipts: Vec<Receipt>,
    /// The errors of the rejected receipts, in file order.
    pub rejected: Vec<ReceiptError>,
    /// The run's summary.
    pub summary: ReadSummary,
}

/// Reads a whole file held in memory (the fast path: lines are sliced, never copied).
pub fn read_slice(bytes: &[u8], options: ReaderOptions) -> ReadOutcome {
    let mut reader = SliceReader::new(bytes, options);
    let mut receipts = Vec::new();
    let mut rejected = Vec::new();
    for item in reader.by_ref() {
        match item {
            Ok(r) => receipts.push(r),
            Err(e) => rejected.push(e),
        }
    }
    ReadOutcome {
        receipts,
        rejected,
        summary: reader.into_summary(),
    }
}

/// A reader over a byte slice holding a whole file.
#[derive(Debug)]
pub struct SliceReader<'a> {
    rest: &'a [u8],
    marked: bool,
    core: Core,
    done: bool,
}

impl<'a> SliceReader<'a> {
    /// A reader over `bytes`.
    pub fn new(bytes: &'a [u8], options: ReaderOptions) -> SliceReader<'a> {
        // Everything after the end-of-file mark 0x1A is ignored: find it once.
        let (rest, marked) = match memchr::memchr(0x1A, bytes) {
            Some(p) => (bytes.get(..p).unwrap_or_default(), true),
            None => (bytes, false),
        };
        SliceReader {
            rest,
            marked,
            core: Core::new(options),
            done: false,
        }
    }

    /// The summary so far (complete once the iterator returned `None`).
    pub fn summary(&self) -> &ReadSummary {
        &self.core.summary
    }

    /// The summary, consuming the reader.
    pub fn into_summary(self) -> ReadSummary {
        self.core.summary
    }
}

impl Iterator for SliceReader<'_> {
    type Item = Result<Receipt, ReceiptError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            if self.rest.is_empty() {
                self.done = true;
                return self.core.finish();
            }
            let (line, terminated, rest) = match memchr::memchr(b'\n', self.rest) {
                Some(i) => (
                    self.rest.get(..i).unwrap_or_default(),
                    true,
                    self.rest.get(i + 1..).unwrap_or_default(),
                ),
                // The last line is whole when the 0x1A mark follows it.
                None => (self.rest, self.marked, &[][..]),
            };
            self.rest = rest;
            if let Some(item) = self.core.feed(line, terminated) {
                return Some(item);
            }
        }
        None
    }
}

/// A streaming reader over any [`Read`]: holds one line and one receipt at a time.
#[derive(Debug)]
pub struct ReceiptReader<R> {
    src: BufReader<R>,
    marked: bool,
    buf: Vec<u8>,
    core: Core,
    done: bool,
}

impl<R: Read> ReceiptReader<R> {
    /// A reader over `inner` (buffered internally).
    pub fn new(inner: R, options: ReaderOptions) -> ReceiptReader<R> {
        ReceiptReader {
            src: BufReader::with_capacity(1 << 16, inner),
            marked: false,
            buf: Vec::with_capacity(256),
            core: Core::new(options),
            done: false,
        }
    }

    /// The summary so far (complete once the iterator returned `None`).
    pub fn summary(&self) -> &ReadSummary {
        &self.core.summary
    }

    /// The summary, consuming the reader.
    pub fn into_summary(self) -> ReadSummary {
        self.core.summary
    }

    /// Reads one line into `buf` (without its `\n`), at most [`MAX_LINE_BYTES`] kept.
    /// Returns `(bytes consumed, terminated, too_long)`.
    fn read_line(&mut self) -> std::io::Result<(usize, bool, bool)> {
        self.buf.clear();
        let mut consumed = 0usize;
        let mut too_long = false;
        loop {
            let chunk = match self.src.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return Ok((consumed, false, too_long));
            }
            let (take, found) = match memchr::memchr2(b'\n', 0x1A, chunk) {
                Some(i) => {
                    if chunk.get(i) == Some(&0x1A) {
                        // The end-of-file mark: the line before it is whole, nothing after counts.
                        self.marked = true;
                    }
                    (i, true)
                }
                None => (chunk.len(), false),
            };
            if !too_long {
                if self.buf.len() + take > MAX_LINE_BYTES {
                    too_long = true;
                    self.buf.clear();
                } else {
                    self.buf
                        .extend_from_slice(chunk.get(..take).unwrap_or_default());
                }
            }
            let used = if found { take + 1 } else { take };
            self.src.consume(used);
            consumed += used;
            if found {
                return Ok((consumed, true, too_long));
            }
        }
    }
}

impl<R: Read> Iterator for ReceiptReader<R> {
    type Item = Result<Receipt, ReceiptError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            if self.marked {
                self.done = true;
                return self.core.finish();
            }
            match self.read_line() {
                Ok((0, _, _)) => {
                    self.done = true;
                    return self.core.finish();
                }
                Ok((_, terminated, too_long)) => {
                    let item = if too_long {
                        self.core.too_long()
                    } else {
                        self.core.feed(&self.buf, terminated)
                    };
                    if item.is_some() {
                        return item;
                    }
                }
                Err(e) => {
                    self.done = true;
                    self.core.file_error(
                        0,
                        None,
                        None,
                        Problem::Io {
                            message: e.to_string(),
                        },
                    );
                    return self.core.finish();
                }
            }
        }
        None
    }
}

/// The state machine shared by both readers.
#[derive(Debug)]
struct Core {
    file: Arc<str>,
    unknown: UnknownKinds,
    ends: Vec<usize>,
    text: String,
    line: u64,
    institution: Option<(Option<InstitutionCode>, Arc<str>)>,
    /// The receipt being read, boxed so that it is not copied around while it grows.
    building: Option<Box<Receipt>>,
    rejecting: Option<ReceiptError>,
    prev_class: Option<u8>,
    /// Institution records (IR/YK) accepted with a valid code, by their raw bytes (at most
    /// [`MAX_CACHED_HEADERS`]): the same record seen again changes nothing but the current
    /// institution, so it is neither decoded nor parsed again.
    headers: HashMap<Vec<u8>, (Option<InstitutionCode>, Arc<str>)>,
    /// Set by `dispatch` when an institution record was accepted with a valid code.
    header_accepted: bool,
    /// The last insurer number read (HO 保険者番号), as recorded and validated: a file's
    /// receipts mostly share one, so it is validated once and cloned after.
    last_insurer: Option<(String, InsurerNumber)>,
    after_go: bool,
    after_go_reported: bool,
    finished: bool,
    summary: ReadSummary,
}

fn clip(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

impl Core {
    fn new(options: ReaderOptions) -> Core {
        let file: Arc<str> = Arc::from(options.file_name.as_str());
        Core {
            summary: ReadSummary::new(file.clone()),
            file,
            unknown: options.unknown_kinds,
            ends: Vec::with_capacity(64),
            text: String::with_capacity(256),
            line: 0,
            institution: None,
            building: None,
            rejecting: None,
            prev_class: None,
            headers: HashMap::new(),
            header_accepted: false,
            last_insurer: None,
            after_go: false,
            after_go_reported: false,
            finished: false,
        }
    }

    fn error(
        &self,
        line: u64,
        record: Option<&str>,
        field: Option<FieldRef>,
        raw: Option<String>,
        problem: Problem,
        receipt_index: Option<u64>,
    ) -> ReceiptError {
        ReceiptError {
            file: self.file.clone(),
            line,
            record: record.map(|r| clip(r, 4)),
            field,
            raw,
            receipt_index,
            problem,
        }
    }

    fn file_error(
        &mut self,
        line: u64,
        record: Option<&str>,
        field: Option<FieldRef>,
        problem: Problem,
    ) {
        if self.summary.file_errors.len() < MAX_KEPT_FILE_ITEMS {
            let e = self.error(line, record, field, None, problem, None);
            self.summary.file_errors.push(e);
        } else {
            self.summary.file_errors_not_kept += 1;
        }
    }

    /// Closes the receipt being read, yielding it (or its rejection).
    fn close(&mut self) -> Option<Result<Receipt, ReceiptError>> {
        if let Some(e) = self.rejecting.take() {
            self.building = None;
            self.summary.rejected += 1;
            return Some(Err(e));
        }
        let r = self.building.take()?;
        if r.kind.scheme() != Scheme::PublicFundOnly && r.insurance.is_none() {
            self.summary.rejected += 1;
            let e = self.error(
                r.position.line,
                Some("RE"),
                Some(FieldRef {
                    index: 2,
                    name: "レセプト種別",
                }),
                Some(r.kind.code()),
                Problem::Malformed {
                    expected: "an HO record after an RE whose kind includes health insurance",
                },
                Some(r.position.index),
            );
            return Some(Err(e));
        }
        self.summary.parsed += 1;
        self.summary.points_read = self.summary.points_read.saturating_add(r.total_points());
        Some(Ok(*r))
    }

    /// Marks the receipt being read as rejected by `e` (the first error wins).
    fn reject(&mut self, e: ReceiptError) {
        if self.rejecting.is_none() {
            self.building = None;
            self.rejecting = Some(e);
        }
    }

    fn too_long(&mut self) -> Option<Result<Receipt, ReceiptError>> {
        self.line += 1;
        let problem = Problem::Malformed {
            expected: "a line of at most 1 MiB",
        };
        if self.building.is_some() || self.rejecting.is_some() {
            let idx = self.summary.receipts_in_file;
            let e = self.error(self.line, None, None, None, problem, Some(idx));
            self.reject(e);
        } else {
            self.file_error(self.line, None, None, problem);
        }
        None
    }

    fn feed(&mut self, raw: &[u8], terminated: bool) -> Option<Result<Receipt, ReceiptError>> {
        if self.finished {
            return None;
        }
        self.line += 1;
        let mut raw = raw;
        // A bare LF (no CR) is accepted too.
        if let Some(stripped) = raw.strip_suffix(b"\r") {
            raw = stripped;
        }
        if raw.is_empty() {
            return None;
        }
        if terminated && !self.after_go && !self.headers.is_empty() {
            if let Some(inst) = self.headers.get(raw) {
                // An institution record accepted before: only the current institution changes.
                self.institution = Some(inst.clone());
                return self.close();
            }
        }
        let mut text = std::mem::take(&mut self.text);
        let mut ends = std::mem::take(&mut self.ends);
        let out = match decode(raw, &mut text) {
            Ok(line) => {
                if self.fast_item(line, terminated, &mut ends) {
                    None
                } else {
                    let f = Fields::split(line, &mut ends);
                    self.dispatch(&f, terminated)
                }
            }
            Err(offset) => {
                let first = raw.split(|b| *b == b',').next().unwrap_or_default();
                let kind = std::str::from_utf8(first).ok().map(|k| clip(k, 4));
                let bad = raw.get(offset..).unwrap_or_default().iter().take(2);
                let hex = bad
                    .map(|b| format!("0x{b:02X}"))
                    .collect::<Vec<_>>()
                    .join(" ");
                let problem = Problem::BadEncoding { offset };
                if first == b"RE" {
                    let out = self.close();
                    self.summary.receipts_in_file += 1;
                    let idx = self.summary.receipts_in_file;
                    let e = self.error(
                        self.line,
                        kind.as_deref(),
                        None,
                        Some(hex),
                        problem,
                        Some(idx),
                    );
                    self.rejecting = Some(e);
                    out
                } else if self.building.is_some() || self.rejecting.is_some() {
                    let idx = self.summary.receipts_in_file;
                    let e = self.error(
                        self.line,
                        kind.as_deref(),
                        None,
                        Some(hex),
                        problem,
                        Some(idx),
                    );
                    self.reject(e);
                    None
                } else {
                    self.file_error(self.line, kind.as_deref(), None, problem);
                    None
                }
            }
        };
        self.text = text;
        self.ends = ends;
        if self.header_accepted {
            self.header_accepted = false;
            if let Some(inst) = &self.institution {
                if self.headers.len() >= MAX_CACHED_HEADERS {
                    self.headers.clear();
                }
                self.headers.insert(raw.to_vec(), inst.clone());
            }
        }
        out
    }

    /// The hot path: an SI/IY/TO/CO record inside a receipt being read, parsed in one pass
    /// without a field table. `false` when the line is anything else (the general path).
    fn fast_item(&mut self, line: &str, terminated: bool, ends: &mut Vec<usize>) -> bool {
        if !terminated || self.after_go || self.rejecting.is_some() {
            return false;
        }
        let kind = match line.as_bytes().get(..3) {
            Some(b"SI,") => ItemKind::Procedure,
            Some(b"IY,") => ItemKind::Drug,
            Some(b"TO,") => ItemKind::Device,
            Some(b"CO,") => ItemKind::Comment,
            _ => return false,
        };
        match &self.building {
            Some(r) if r.branch() != ClaimBranch::Pharmacy => {}
            _ => return false,
        }
        let result = match self.building.as_mut() {
            Some(r) => parse_item_into(&mut r.items, kind, line, &mut self.prev_class),
            None => return false,
        };
        match result {
            Ok(()) => {}
            Err(fe) => {
                let f = Fields::split(line, ends);
                let e = self.field_error(&f, fe, Some(self.summary.receipts_in_file));
                self.reject(e);
            }
        }
        true
    }

    fn dispatch(
        &mut self,
        f: &Fields<'_>,
        terminated: bool,
    ) -> Option<Result<Receipt, ReceiptError>> {
        let code = f.get(0);
        let kind = RecordKind::from_code(code);
        let truncated = !terminated && kind != Some(RecordKind::Go);
        if self.after_go && !self.after_go_reported {
            self.after_go_reported = true;
            self.file_error(self.line, Some(code), None, Problem::RecordAfterSummary);
        }
        match kind {
            Some(RecordKind::Re) => {
                let out = self.close();
                self.summary.receipts_in_file += 1;
                let index = self.summary.receipts_in_file;
                self.prev_class = None;
                let position = ReceiptPosition {
                    line: self.line,
                    index,
                };
                let result = if truncated {
                    Err(FieldError::new(
                        0,
                        "レコード識別情報",
                        Problem::TruncatedRecord,
                    ))
                } else {
                    match self.institution.clone() {
                        Some(inst) => parse_re(f, position, inst),
                        None => Err(FieldError::new(
                            0,
                            "レコード識別情報",
                            Problem::MissingHeader,
                        )),
                    }
                };
                match result {
                    Ok(r) => self.building = Some(Box::new(r)),
                    Err(fe) => {
                        let e = self.field_error(f, fe, Some(index));
                        self.rejecting = Some(e);
                    }
                }
                out
            }
            Some(RecordKind::Ir | RecordKind::Yk) => {
                let out = self.close();
                match parse_header(f, kind.unwrap_or(RecordKind::Ir)) {
                    Ok(h) if !truncated => {
                        if h.institution.is_none() {
                            let e = self.error(
                                self.line,
                                Some(code),
                                Some(FieldRef { index: 4, name: "医療機関コード" }),
                                Some(h.institution_recorded.clone()),
                                Problem::Malformed {
                                    expected: "a valid institution code (check digit); receipts are read with the code as recorded",
                                },
                                None,
                            );
                            self.push_file_error(e);
                        }
                        self.institution = Some((
                            h.institution.clone(),
                            Arc::from(h.institution_recorded.as_str()),
                        ));
                        self.header_accepted = h.institution.is_some();
                        if self.summary.header.is_none() {
                            self.summary.header = Some(h);
                        }
                    }
                    Ok(_) => self.file_error(self.line, Some(code), None, Problem::TruncatedRecord),
                    Err(fe) => {
                        self.institution = None;
                        let e = self.field_error(f, fe, None);
                        self.push_file_error(e);
                    }
                }
                out
            }
            Some(RecordKind::Go) => {
                let out = self.close();
                match parse_go(f) {
                    Ok(go) => {
                        if self.summary.declared.is_none() {
                            self.summary.declared = Some(go);
                        }
                    }
                    Err(fe) => {
                        let e = self.field_error(f, fe, None);
                        self.push_file_error(e);
                    }
                }
                self.after_go = true;
                out
            }
            _ => {
                if self.rejecting.is_some() {
                    return None;
                }
                let index = self.summary.receipts_in_file;
                if truncated {
                    let e = self.error(
                        self.line,
                        Some(code),
                        None,
                        None,
                        Problem::TruncatedRecord,
                        Some(index),
                    );
                    if self.building.is_some() {
                        self.reject(e);
                    } else {
                        self.push_file_error(ReceiptError {
                            receipt_index: None,
                            ..e
                        });
                    }
                    return None;
                }
                let keep_raw = kind.is_none()
                    && self.unknown == UnknownKinds::KeepRaw
                    && code.len() == 2
                    && code.bytes().all(|b| b.is_ascii_uppercase());
                if kind.is_none() && !keep_raw {
                    let e = self.error(
                        self.line,
                        Some(code),
                        Some(FieldRef {
                            index: 0,
                            name: "レコード識別情報",
                        }),
                        Some(clip(code, 4)),
                        Problem::UnknownRecordKind,
                        Some(index),
                    );
                    if self.building.is_some() {
                        self.reject(e);
                    } else {
                        self.push_file_error(ReceiptError {
                            receipt_index: None,
                            ..e
                        });
                    }
                    return None;
                }
                if keep_raw {
                    *self.summary.raw_kinds.entry(code.to_owned()).or_insert(0) += 1;
                }
                let Some(receipt) = self.building.as_mut() else {
                    if keep_raw {
                        if self.summary.file_records.len() < MAX_KEPT_FILE_ITEMS {
                            self.summary.file_records.push(raw_record(f, self.line));
                        }
                    } else {
                        self.file_error(self.line, Some(code), None, Problem::RecordOutsideReceipt);
                    }
                    return None;
                };
                let result = match kind {
                    Some(k) => add_record(
                        receipt,
                        k,
                        f,
                        self.line,
                        &mut self.prev_class,
                        &mut self.last_insurer,
                    ),
                    None => {
                        receipt.raw_records.push(raw_record(f, self.line));
                        Ok(())
                    }
                };
                if let Err(fe) = result {
                    let e = self.field_error(f, fe, Some(index));
                    self.reject(e);
                }
                None
            }
        }
    }

    fn push_file_error(&mut self, e: ReceiptError) {
        if self.summary.file_errors.len() < MAX_KEPT_FILE_ITEMS {
            self.summary.file_errors.push(e);
        } else {
            self.summary.file_errors_not_kept += 1;
        }
    }

    fn field_error(
        &self,
        f: &Fields<'_>,
        fe: FieldError,
        receipt_index: Option<u64>,
    ) -> ReceiptError {
        let raw = (!fe.personal && fe.index > 0 || fe.problem == Problem::UnknownRecordKind)
            .then(|| clip(f.get(fe.index), 64));
        self.error(
            self.line,
            Some(f.get(0)),
            Some(FieldRef {
                index: u16::try_from(fe.index).unwrap_or(u16::MAX),
                name: fe.name,
            }),
            raw,
            fe.problem,
            receipt_index,
        )
    }

    fn finish(&mut self) -> Option<Result<Receipt, ReceiptError>> {
        if self.finished {
            return None;
        }
        self.finished = true;
        let out = self.close();
        if self.summary.header.is_none() && self.summary.receipts_in_file == 0 {
            self.file_error(0, None, None, Problem::MissingHeader);
        }
        match &self.summary.declared {
            None => self.file_error(0, None, None, Problem::MissingSummary),
            Some(go) => {
                let s = &self.summary;
                if go.receipts != s.receipts_in_file || go.points != s.points_read {
                    let finding = Finding::file(
                        Rule::SummaryMismatch,
                        self.file.clone(),
                        format!(
                            "GOレコードの総件数{}件・総合計点数{}点に対し、読み取ったレセプトは{}件・{}点（うち不備{}件）",
                            go.receipts,
                            go.points.get(),
                            s.receipts_in_file,
                            s.points_read.get(),
                            s.rejected
                        ),
                        format!(
                            "the GO record declares {} receipts and {} points; the file holds {} receipts ({} rejected) totalling {} points read",
                            go.receipts,
                            go.points.get(),
                            s.receipts_in_file,
                            s.rejected,
                            s.points_read.get()
                        ),
                    );
                    self.summary.findings.push(finding);
                }
            }
        }
        out
    }
}

/// Decodes a line: ASCII as is (the hot path), anything else as Shift_JIS (CP932) into `buf`.
/// On malformed bytes, the byte offset of the first one.
fn decode<'a>(raw: &'a [u8], buf: &'a mut String) -> Result<&'a str, usize> {
    if raw.is_ascii() {
        return std::str::from_utf8(raw).map_err(|e| e.valid_up_to());
    }
    buf.clear();
    let mut decoder = SHIFT_JIS.new_decoder_without_bom_handling();
    buf.reserve(raw.len() * 3 / 2 + 4);
    let mut read_total = 0usize;
    loop {
        let input = raw.get(read_total..).unwrap_or_default();
        let (result, read) = decoder.decode_to_string_without_replacement(input, buf, true);
        read_total += read;
        match result {
            DecoderResult::InputEmpty => return Ok(buf.as_str()),
            DecoderResult::OutputFull => buf.reserve(raw.len() + 16),
            DecoderResult::Malformed(bad, extra) => {
                return Err(read_total.saturating_sub(usize::from(bad) + usize::from(extra)));
            }
        }
    }
}

fn raw_record(f: &Fields<'_>, line: u64) -> RawRecord {
    RawRecord {
        kind: f.get(0).to_owned(),
        line,
        fields: (1..f.len()).map(|i| f.get(i).to_owned()).collect(),
    }
}

// ---- field helpers ----

fn missing(i: usize, name: &'static str) -> FieldError {
    FieldError::new(i, name, Problem::MissingField)
}

fn malformed(i: usize, name: &'static str, expected: &'static str) -> FieldError {
    FieldError::new(i, name, Problem::Malformed { expected })
}

fn personal(mut e: FieldError) -> FieldError {
    e.personal = true;
    e
}

fn req<'a>(f: &Fields<'a>, i: usize, name: &'static str) -> Result<&'a str, FieldError> {
    req_s(f.get(i), i, name)
}

fn req_s<'a>(t: &'a str, i: usize, name: &'static str) -> Result<&'a str, FieldError> {
    if t.is_empty() {
        Err(missing(i, name))
    } else {
        Ok(t)
    }
}

fn num<T: TryFrom<u64>>(f: &Fields<'_>, i: usize, name: &'static str) -> Result<T, FieldError> {
    num_s(f.get(i), i, name)
}

fn num_s<T: TryFrom<u64>>(t: &str, i: usize, name: &'static str) -> Result<T, FieldError> {
    fields::parse_u64(req_s(t, i, name)?)
        .and_then(|v| T::try_from(v).ok())
        .ok_or_else(|| malformed(i, name, "a number in range"))
}

fn opt_num<T: TryFrom<u64>>(
    f: &Fields<'_>,
    i: usize,
    name: &'static str,
) -> Result<Option<T>, FieldError> {
    opt_num_s(f.get(i), i, name)
}

fn opt_num_s<T: TryFrom<u64>>(
    t: &str,
    i: usize,
    name: &'static str,
) -> Result<Option<T>, FieldError> {
    if t.is_empty() {
        Ok(None)
    } else {
        num_s(t, i, name).map(Some)
    }
}

fn signed(f: &Fields<'_>, i: usize, name: &'static str) -> Result<i64, FieldError> {
    signed_s(f.get(i), i, name)
}

fn signed_s(t: &str, i: usize, name: &'static str) -> Result<i64, FieldError> {
    fields::parse_i64(req_s(t, i, name)?).ok_or_else(|| malformed(i, name, "a whole number"))
}

fn opt_yen(f: &Fields<'_>, i: usize, name: &'static str) -> Result<Option<Yen>, FieldError> {
    if f.get(i).is_empty() {
        Ok(None)
    } else {
        signed(f, i, name).map(|v| Some(Yen::new(v)))
    }
}

fn opt_text(f: &Fields<'_>, i: usize) -> Option<String> {
    opt_text_s(f.get(i))
}

fn opt_text_s(t: &str) -> Option<String> {
    (!t.is_empty()).then(|| t.to_owned())
}

fn opt_decimal_s(t: &str, i: usize, name: &'static str) -> Result<Option<Decimal>, FieldError> {
    if t.is_empty() {
        Ok(None)
    } else {
        fields::parse_decimal(t)
            .map(Some)
            .ok_or_else(|| malformed(i, name, "a decimal with at most 5 places"))
    }
}

fn code9_s(t: &str, i: usize, name: &'static str) -> Result<u32, FieldError> {
    let t = req_s(t, i, name)?;
    if t.len() != 9 {
        return Err(malformed(i, name, "a 9-digit code"));
    }
    fields::parse_u64(t)
        .and_then(|v| u32::try_from(v).ok())
        .ok_or_else(|| malformed(i, name, "a 9-digit code"))
}

// ---- records ----

fn parse_header(f: &Fields<'_>, kind: RecordKind) -> Result<FileHeader, FieldError> {
    let review_body = num::<u8>(f, 1, "審査支払機関")?;
    let pref = req(f, 2, "都道府県")?;
    let table = req(f, 3, "点数表")?;
    let code = req(f, 4, "医療機関コード")?;
    if pref.len() != 2 || table.len() != 1 || code.len() != 7 {
        return Err(malformed(
            4,
            "医療機関コード",
            "prefecture (2) + score table (1) + code (7)",
        ));
    }
    let recorded = format!("{pref}{table}{code}");
    if !recorded.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed(4, "医療機関コード", "digits"));
    }
    let institution = InstitutionCode::new(&recorded).ok();
    let claim_month = fields::parse_month(req(f, 7, "請求年月")?)
        .ok_or_else(|| malformed(7, "請求年月", "YYYYMM or GYYMM"))?;
    Ok(FileHeader {
        kind,
        review_body,
        institution,
        institution_recorded: recorded,
        name: f.get(6).to_owned(),
        claim_month,
        volume: f.get(8).to_owned(),
        phone: f.get(9).to_owned(),
    })
}

fn parse_go(f: &Fields<'_>) -> Result<ClaimSummary, FieldError> {
    Ok(ClaimSummary {
        receipts: num(f, 1, "総件数")?,
        points: Points::new(signed(f, 2, "総合計点数")?),
        volume: f.get(3).to_owned(),
    })
}

fn parse_re(
    f: &Fields<'_>,
    position: ReceiptPosition,
    (institution, institution_recorded): (Option<InstitutionCode>, Arc<str>),
) -> Result<Receipt, FieldError> {
    let number = num::<u32>(f, 1, "レセプト番号")?;
    let kind = ReceiptKind::from_code(req(f, 2, "レセプト種別")?)
        .map_err(|_| malformed(2, "レセプト種別", "a receipt kind code of 別表5"))?;
    let service_month = fields::parse_month(req(f, 3, "診療年月")?)
        .ok_or_else(|| malformed(3, "診療年月", "YYYYMM or GYYMM"))?;
    let name = PersonName::new(f.get(4))
        .map_err(|_| personal(malformed(4, "氏名", "a name of 1–100 characters")))?;
    let sex =
        Sex::from_code(req(f, 5, "男女区分")?).map_err(|_| malformed(5, "男女区分", "1 or 2"))?;
    let birth_date = fields::parse_date(f.get(6))
        .ok_or_else(|| personal(malformed(6, "生年月日", "YYYYMMDD or GYYMMDD")))?;
    let admission_date = match f.get(8) {
        "" => None,
        t => Some(
            fields::parse_date(t)
                .ok_or_else(|| malformed(8, "入院年月日", "YYYYMMDD or GYYMMDD"))?,
        ),
    };
    let kana = match f.get(36) {
        "" => None,
        t => Some(
            KanaName::new(t).map_err(|_| personal(malformed(36, "カタカナ氏名", "katakana")))?,
        ),
    };
    let special = f.get(11);
    if !special.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed(11, "レセプト特記事項", "2-digit codes"));
    }
    Ok(Receipt {
        position,
        institution,
        institution_recorded,
        number,
        kind,
        service_month,
        patient: Patient {
            name,
            kana,
            sex,
            birth_date,
        },
        benefit_ratio: opt_num(f, 7, "給付割合")?,
        admission_date,
        charge_class: opt_num(f, 10, "一部負担金・食事療養費・生活療養費標準負担額区分")?,
        special_notes: special.to_owned(),
        insurance: None,
        public_funds: Vec::new(),
        confirmations: Vec::new(),
        visit_days: Vec::new(),
        diagnoses: Vec::with_capacity(4),
        items: Vec::with_capacity(8),
        notes: Vec::new(),
        raw_records: Vec::new(),
    })
}

fn parse_ho(
    f: &Fields<'_>,
    last_insurer: &mut Option<(String, InsurerNumber)>,
) -> Result<InsurancePart, FieldError> {
    let recorded = req(f, 1, "保険者番号")?;
    let insurer = match last_insurer {
        Some((text, insurer)) if text == recorded => insurer.clone(),
        _ => {
            let insurer = InsurerNumber::new(recorded)
                .map_err(|_| malformed(1, "保険者番号", "8 digits with a valid check digit"))?;
            *last_insurer = Some((recorded.to_owned(), insurer.clone()));
            insurer
        }
    };
    let symbol = match f.get(2) {
        "" => None,
        t => Some(
            InsuredSymbol::new(t)
                .map_err(|_| personal(malformed(2, "被保険者証等の記号", "a symbol")))?,
        ),
    };
    let number = match f.get(3) {
        "" => None,
        t => Some(
            InsuredNumber::new(t)
                .map_err(|_| personal(malformed(3, "被保険者証等の番号", "a number")))?,
        ),
    };
    Ok(InsurancePart {
        insurer,
        symbol,
        number,
        days: num(f, 4, "診療実日数")?,
        points: Points::new(signed(f, 5, "合計点数")?),
        meal_count: opt_num(f, 7, "食事療養・生活療養回数")?,
        meal_yen: opt_yen(f, 8, "食事療養・生活療養合計金額")?,
        occupational: opt_num(f, 9, "職務上の事由")?,
        patient_charge: opt_yen(f, 11, "負担金額 医療保険")?,
        reduction_class: opt_num(f, 12, "減免区分")?,
        reduction_rate: opt_num(f, 13, "減額割合")?,
        reduction_yen: opt_yen(f, 14, "減額金額")?,
    })
}

fn parse_ko(f: &Fields<'_>) -> Result<PublicFundPart, FieldError> {
    let payer = PublicPayerNumber::new(req(f, 1, "公費負担者番号")?)
        .ok_or_else(|| malformed(1, "公費負担者番号", "8 digits"))?;
    let recipient = match f.get(2) {
        "" => None,
        t => Some(
            RecipientNumber::new(t)
                .ok_or_else(|| personal(malformed(2, "公費受給者番号", "up to 7 digits")))?,
        ),
    };
    Ok(PublicFundPart {
        payer,
        recipient,
        optional_benefit: opt_num(f, 3, "任意給付区分")?,
        days: num(f, 4, "診療実日数")?,
        points: Points::new(signed(f, 5, "合計点数")?),
        charge: opt_yen(f, 6, "負担金額 公費")?,
        outpatient_copay: opt_yen(f, 7, "公費給付対象外来一部負担金")?,
        inpatient_copay: opt_yen(f, 8, "公費給付対象入院一部負担金")?,
        meal_count: opt_num(f, 10, "食事療養・生活療養回数")?,
        meal_yen: opt_yen(f, 11, "食事療養・生活療養合計金額")?,
    })
}

fn parse_sn(f: &Fields<'_>) -> Result<EligibilityConfirmation, FieldError> {
    let confirmation = req(f, 2, "確認区分")?;
    if confirmation.len() != 2 {
        return Err(malformed(2, "確認区分", "a 2-digit code"));
    }
    Ok(EligibilityConfirmation {
        payer_kind: num(f, 1, "負担者種別")?,
        confirmation: num(f, 2, "確認区分")?,
        payer: opt_text(f, 3),
        symbol: match f.get(4) {
            "" => None,
            t => Some(
                InsuredSymbol::new(t)
                    .map_err(|_| personal(malformed(4, "記号（資格確認）", "a symbol")))?,
            ),
        },
        number: match f.get(5) {
            "" => None,
            t => Some(
                InsuredNumber::new(t)
                    .map_err(|_| personal(malformed(5, "番号（資格確認）", "a number")))?,
            ),
        },
        branch: match f.get(6) {
            "" => None,
            t => {
                Some(BranchNumber::new(t).map_err(|_| personal(malformed(6, "枝番", "2 digits")))?)
            }
        },
        recipient: match f.get(7) {
            "" => None,
            t => Some(
                RecipientNumber::new(t)
                    .ok_or_else(|| personal(malformed(7, "受給者番号", "up to 7 digits")))?,
            ),
        },
    })
}

fn parse_sy(f: &Fields<'_>) -> Result<Diagnosis, FieldError> {
    let code_text = req(f, 1, "傷病名コード")?;
    if code_text.len() != 7 {
        return Err(malformed(1, "傷病名コード", "a 7-digit code"));
    }
    let code = num::<u32>(f, 1, "傷病名コード")?;
    let start = fields::parse_date(req(f, 2, "診療開始日")?)
        .ok_or_else(|| malformed(2, "診療開始日", "YYYYMMDD or GYYMMDD"))?;
    let outcome = fields::parse_u64(req(f, 3, "転帰区分")?)
        .and_then(Outcome::from_code)
        .ok_or_else(|| malformed(3, "転帰区分", "1, 2, 3 or 4"))?;
    let modifiers = f.get(4);
    if !modifiers.len().is_multiple_of(4) || !modifiers.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed(4, "修飾語コード", "4-digit codes"));
    }
    let name = opt_text(f, 5);
    if code == UNCODED_DIAGNOSIS && name.is_none() {
        return Err(missing(5, "傷病名称"));
    }
    let main = match f.get(6) {
        "" => false,
        "01" => true,
        _ => return Err(malformed(6, "主傷病", "01 or empty")),
    };
    Ok(Diagnosis {
        code,
        start,
        outcome,
        modifiers: modifiers.to_owned(),
        name,
        main,
        comment: opt_text(f, 7),
    })
}

/// Parses an SI/IY/TO/CO record onto the end of `items`, in place (a line item is large: it
/// is filled where it will stay rather than moved there).
fn parse_item_into(
    items: &mut Vec<LineItem>,
    kind: ItemKind,
    line: &str,
    prev_class: &mut Option<u8>,
) -> Result<(), FieldError> {
    items.push(LineItem {
        kind,
        service_class: 0,
        class_continued: false,
        payer_class: '0',
        code: 0,
        quantity: None,
        points: None,
        times: 0,
        comments: Vec::new(),
        days: [0; 31],
        device: None,
        text: None,
    });
    let result = match items.last_mut() {
        Some(item) => parse_item(item, line, prev_class),
        None => Ok(()),
    };
    if result.is_err() {
        items.pop();
    }
    result
}

/// Parses an SI/IY/TO/CO record in one forward pass over `line` (no field table: these
/// records are most of a file) into `item`, whose `kind` is set.
fn parse_item(
    item: &mut LineItem,
    line: &str,
    prev_class: &mut Option<u8>,
) -> Result<(), FieldError> {
    let kind = item.kind;
    let mut c = Cursor::new(line);
    c.next(); // the record kind
    let (service_class, class_continued) = match c.next() {
        "" => (prev_class.ok_or_else(|| missing(1, "診療識別"))?, true),
        t => {
            let v = fields::parse_u64(t)
                .filter(|_| t.len() == 2)
                .and_then(|v| u8::try_from(v).ok())
                .ok_or_else(|| malformed(1, "診療識別", "a 2-digit class"))?;
            (v, false)
        }
    };
    *prev_class = Some(service_class);
    let payer_class = match req_s(c.next(), 2, "負担区分")?.as_bytes() {
        [b] if b.is_ascii_alphanumeric() => char::from(*b),
        _ => return Err(malformed(2, "負担区分", "one code character")),
    };
    item.code = code9_s(c.next(), 3, "レセ電コード")?;
    item.service_class = service_class;
    item.class_continued = class_continued;
    item.payer_class = payer_class;
    if kind == ItemKind::Comment {
        item.text = opt_text_s(c.next());
        return Ok(());
    }
    item.quantity = opt_decimal_s(c.next(), 4, "数量データ")?;
    item.points = match c.next() {
        "" => None,
        t => Some(Points::new(signed_s(t, 5, "点数")?)),
    };
    item.times = num_s(c.next(), 6, "回数")?;
    let comment_first = if kind == ItemKind::Device {
        let unit_code = opt_num_s(c.next(), 7, "単位コード")?;
        let unit_price = opt_decimal_s(c.next(), 8, "単価")?;
        c.next(); // 予備
        item.device = Some(Box::new(DeviceDetail {
            unit_code,
            unit_price,
            product_name: opt_text_s(c.next()),
        }));
        11
    } else {
        7
    };
    for k in 0..3 {
        let ci = comment_first + 2 * k;
        let (code_text, text) = (c.next(), c.next());
        if code_text.is_empty() && text.is_empty() {
            continue;
        }
        item.comments.push(ItemComment {
            code: code9_s(code_text, ci, "コメントコード")?,
            text: opt_text_s(text),
        });
    }
    let days_first = comment_first + 6;
    item.days = c
        .days()
        .map_err(|d| malformed(days_first + d, "算定日情報", "a count of 0–255"))?;
    Ok(())
}

fn add_record(
    r: &mut Receipt,
    kind: RecordKind,
    f: &Fields<'_>,
    line: u64,
    prev_class: &mut Option<u8>,
    last_insurer: &mut Option<(String, InsurerNumber)>,
) -> Result<(), FieldError> {
    let pharmacy = r.branch() == ClaimBranch::Pharmacy;
    match kind {
        RecordKind::Ho => {
            let ho = parse_ho(f, last_insurer)?;
            if r.insurance.is_some() {
                return Err(malformed(
                    0,
                    "レコード識別情報",
                    "one HO record per receipt",
                ));
            }
            r.insurance = Some(ho);
        }
        RecordKind::Ko => r.public_funds.push(parse_ko(f)?),
        RecordKind::Sn => r.confirmations.push(parse_sn(f)?),
        RecordKind::Jd => {
            let days =
                fields::parse_days(f, 2).map_err(|i| malformed(i, "受診日等区分", "a code"))?;
            r.visit_days.push(VisitDays {
                payer_kind: num(f, 1, "負担者種別")?,
                days,
            });
        }
        RecordKind::Sy => r.diagnoses.push(parse_sy(f)?),
        RecordKind::Si | RecordKind::Iy | RecordKind::To | RecordKind::Co if !pharmacy => {
            let item_kind = match kind {
                RecordKind::Si => ItemKind::Procedure,
                RecordKind::Iy => ItemKind::Drug,
                RecordKind::To => ItemKind::Device,
                _ => ItemKind::Comment,
            };
            parse_item_into(&mut r.items, item_kind, f.line(), prev_class)?;
        }
        RecordKind::Sj => r.notes.push(SymptomNote {
            class: req(f, 1, "症状詳記区分")?.to_owned(),
            text: f.get(2).to_owned(),
        }),
        _ => r.raw_records.push(raw_record(f, line)),
    }
    Ok(())
}
