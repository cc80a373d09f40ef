//! The reader: a streaming reader over any [`std::io::Read`] and a fast path over a byte slice,
//! both yielding one `Result<Receipt, ReceiptError>` per RE record of the file.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;

use encoding_rs::{DecoderResult, SHIFT_JIS};
use serde::{Deserialize, Serialize};

use super::checks::{Finding, Rule};
use super::error::{FieldError, FieldRef, Problem, ReceiptError};
use super::fields::{Fields, RawCursor, RawField};
use super::kind::{ClaimBranch, ReceiptKind, RecordKind, Scheme};
use super::model::*;
use crate::identifiers::{
    BranchNumber, InstitutionCode, InsuredNumber, InsuredSymbol, InsurerNumber,
};
use crate::money::Yen;
use crate::person::{KanaName, PersonName, Sex};

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
    /// Payer records (HO 保険者 and KO 公費) seen inside receipts, parsed or not: what the GO
    /// record's 総件数 counts (記録条件仕様 医科用, GO 総件数: one per HO and one per KO of each
    /// receipt).
    pub payer_records_in_file: u64,
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
    pub(super) fn new(file: Arc<str>) -> ReadSummary {
        ReadSummary {
            file,
            header: None,
            declared: None,
            receipts_in_file: 0,
            payer_records_in_file: 0,
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
    /// The bytes not read yet (the 0x1A mark, if any, is found as the lines are read).
    rest: &'a [u8],
    core: Core,
    done: bool,
}

/// The institution a receipt takes: the code of the last IR/YK record when valid, and its
/// digits as recorded.
pub(super) type Institution = (Option<InstitutionCode>, Arc<str>);

/// The end-of-file mark: everything after it is ignored.
pub(super) const EOF_MARK: u8 = 0x1A;

/// `true` when a line (without its LF) opens a receipt: its first field is `RE`. The reader
/// opens one on exactly these lines, whether they then parse or not.
pub(super) fn opens_receipt(line: &[u8]) -> bool {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    matches!(line, [b'R', b'E'] | [b'R', b'E', b',', ..])
}

/// What a terminated institution line (IR/YK) sets the current institution to, the way the
/// reader sets it: `Some(None)` when the line does not parse (receipts after it have no
/// header), `None` when the line is not a whole IR/YK record that decodes (the reader would
/// not take it as one).
pub(super) fn institution_after(line: &[u8]) -> Option<Option<Institution>> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let kind = match line.get(..3)? {
        b"IR," => RecordKind::Ir,
        b"YK," => RecordKind::Yk,
        _ => return None,
    };
    decode(line, &mut String::new()).ok()?;
    Some(
        parse_whole(line, |c| parse_header(c, kind))
            .ok()
            .map(|h| institution_of(&h)),
    )
}

fn institution_of(h: &FileHeader) -> Institution {
    (
        h.institution.clone(),
        Arc::from(h.institution_recorded.as_str()),
    )
}

/// Where a part of a file starts, for reading the parts of one file side by side
/// ([`super::parallel`]): the lines and receipts before it, and the institution then current.
#[derive(Debug, Clone)]
pub(super) struct PartStart {
    pub(super) lines_before: u64,
    pub(super) receipts_before: u64,
    pub(super) institution: Option<Institution>,
}

impl<'a> SliceReader<'a> {
    /// A reader over `bytes`.
    pub fn new(bytes: &'a [u8], options: ReaderOptions) -> SliceReader<'a> {
        SliceReader {
            rest: bytes,
            core: Core::new(options),
            done: false,
        }
    }

    /// A reader over one part of a file (`bytes`, from the start of a line to the end of the
    /// file or of a line), numbering lines and receipts from `start`. At its end it closes the
    /// last receipt but leaves the checks of the whole file (header, GO) to the caller
    /// ([`SliceReader::check_file`]).
    pub(super) fn part(
        bytes: &'a [u8],
        options: ReaderOptions,
        start: PartStart,
    ) -> SliceReader<'a> {
        let mut core = Core::new(options);
        core.part = true;
        core.line = start.lines_before;
        core.summary.receipts_in_file = start.receipts_before;
        core.institution = start.institution;
        SliceReader {
            rest: bytes,
            core,
            done: false,
        }
    }

    /// Runs the checks of a whole file (missing header or GO, GO totals) on `summary`, the
    /// parts' summaries merged.
    pub(super) fn check_file(options: ReaderOptions, summary: ReadSummary) -> ReadSummary {
        let mut core = Core::new(options);
        core.summary = summary;
        core.finish();
        core.summary
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

impl SliceReader<'_> {
    /// The next receipt, lent until the next call: the reader keeps it and reuses its
    /// vectors (line items, diagnoses, …) for the receipt after, so a run that handles each
    /// receipt and then lets it go allocates little more than the receipts' texts (as the csv
    /// crate's `read_byte_record` reuses one record). `None` at the end of the file,
    /// `Some(Err(_))` for a rejected receipt; the summary is the same as the iterator's.
    ///
    /// ```
    /// use kenpo_domain::receipt::{testgen, ReaderOptions, SliceReader};
    ///
    /// let bytes = testgen::file(&testgen::GeneratorOptions::new(7, 20));
    /// let mut reader = SliceReader::new(&bytes, ReaderOptions::new("RECEIPTC.UKE"));
    /// let mut points = 0;
    /// while let Some(read) = reader.next_lent() {
    ///     points += read.unwrap().total_points().get();
    /// }
    /// assert_eq!(reader.summary().parsed, 20);
    /// assert_eq!(reader.summary().points_read.get(), points);
    /// ```
    pub fn next_lent(&mut self) -> Option<Result<&Receipt, ReceiptError>> {
        self.advance();
        self.core.take_ready_lent()
    }

    /// Reads lines until a receipt (or rejection) is ready or the file ends.
    fn advance(&mut self) {
        while !self.done {
            if self.rest.is_empty() {
                self.done = true;
                self.core.finish();
                return;
            }
            let (line, terminated, rest) = match memchr::memchr2(b'\n', EOF_MARK, self.rest) {
                Some(i) if self.rest.get(i) == Some(&b'\n') => (
                    self.rest.get(..i).unwrap_or_default(),
                    true,
                    self.rest.get(i + 1..).unwrap_or_default(),
                ),
                // The 0x1A mark ends the file; the line before it, if any, is whole.
                Some(i) => {
                    let line = self.rest.get(..i).unwrap_or_default();
                    self.rest = &[];
                    if line.is_empty() {
                        continue;
                    }
                    (line, true, &[][..])
                }
                None => (self.rest, false, &[][..]),
            };
            self.rest = rest;
            self.core.feed(line, terminated);
            if self.core.ready.is_some() {
                return;
            }
        }
    }
}

impl Iterator for SliceReader<'_> {
    type Item = Result<Receipt, ReceiptError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.advance();
        self.core.take_ready()
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

impl<R: Read> ReceiptReader<R> {
    /// The next receipt, lent until the next call (see [`SliceReader::next_lent`]).
    pub fn next_lent(&mut self) -> Option<Result<&Receipt, ReceiptError>> {
        self.advance();
        self.core.take_ready_lent()
    }

    /// Reads lines until a receipt (or rejection) is ready or the input ends.
    fn advance(&mut self) {
        while !self.done {
            if self.marked {
                self.done = true;
                self.core.finish();
                return;
            }
            match self.read_line() {
                Ok((0, _, _)) => {
                    self.done = true;
                    self.core.finish();
                    return;
                }
                Ok((_, terminated, too_long)) => {
                    if too_long {
                        self.core.too_long();
                    } else {
                        self.core.feed(&self.buf, terminated);
                    }
                    if self.core.ready.is_some() {
                        return;
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
                    self.core.finish();
                    return;
                }
            }
        }
    }
}

impl<R: Read> Iterator for ReceiptReader<R> {
    type Item = Result<Receipt, ReceiptError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.advance();
        self.core.take_ready()
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
    institution: Option<Institution>,
    /// The receipt being read, boxed so that it is not copied around while it grows.
    building: Option<Box<Receipt>>,
    rejecting: Option<ReceiptError>,
    prev_class: Option<u8>,
    /// Institution records (IR/YK) accepted with a valid code, by their raw bytes (at most
    /// [`MAX_CACHED_HEADERS`]): the same record seen again changes nothing but the current
    /// institution, so it is neither decoded nor parsed again.
    headers: HashMap<Vec<u8>, Institution>,
    /// The receipt [`SliceReader::next_lent`] lent last.
    lent: Option<Box<Receipt>>,
    /// A receipt lent before, whose vectors the next receipt reuses.
    spare: Option<Box<Receipt>>,
    /// The receipt (or rejection) the last line completed, until the iterator hands it out.
    ready: Option<Result<Box<Receipt>, ReceiptError>>,
    /// Set by `dispatch` when an institution record was accepted with a valid code.
    header_accepted: bool,
    /// The last insurer number read (HO 保険者番号), as recorded and validated: a file's
    /// receipts mostly share one, so it is validated once and cloned after.
    last_insurer: Option<(String, InsurerNumber)>,
    after_go: bool,
    after_go_reported: bool,
    finished: bool,
    /// Reading one part of a file: the end closes the last receipt only.
    part: bool,
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
            lent: None,
            spare: None,
            ready: None,
            header_accepted: false,
            last_insurer: None,
            after_go: false,
            after_go_reported: false,
            finished: false,
            part: false,
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
    fn close(&mut self) {
        self.ready = self.closed();
    }

    fn closed(&mut self) -> Option<Result<Box<Receipt>, ReceiptError>> {
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
        Some(Ok(r))
    }

    /// Lends the ready receipt; the one lent before becomes the spare.
    fn take_ready_lent(&mut self) -> Option<Result<&Receipt, ReceiptError>> {
        match self.ready.take()? {
            Ok(r) => {
                if let Some(before) = self.lent.replace(r) {
                    self.spare = Some(before);
                }
                self.lent.as_deref().map(Ok)
            }
            Err(e) => Some(Err(e)),
        }
    }

    /// Boxes a receipt just opened, in the spare receipt's box and with its emptied vectors
    /// when there is one.
    fn recycle(&mut self, mut r: Receipt) -> Box<Receipt> {
        fn emptied<T>(v: &mut Vec<T>) -> Vec<T> {
            let mut v = std::mem::take(v);
            v.clear();
            v
        }
        match self.spare.take() {
            Some(mut spare) => {
                r.public_funds = emptied(&mut spare.public_funds);
                r.confirmations = emptied(&mut spare.confirmations);
                r.visit_days = emptied(&mut spare.visit_days);
                r.diagnoses = emptied(&mut spare.diagnoses);
                r.items = emptied(&mut spare.items);
                r.notes = emptied(&mut spare.notes);
                r.raw_records = emptied(&mut spare.raw_records);
                *spare = r;
                spare
            }
            None => {
                r.diagnoses.reserve(4);
                r.items.reserve(8);
                Box::new(r)
            }
        }
    }

    /// The receipt (or rejection) a line or the end of the file completed.
    fn take_ready(&mut self) -> Option<Result<Receipt, ReceiptError>> {
        match self.ready.take()? {
            Ok(r) => Some(Ok(*r)),
            Err(e) => Some(Err(e)),
        }
    }

    /// Marks the receipt being read as rejected by `e` (the first error wins).
    fn reject(&mut self, e: ReceiptError) {
        if self.rejecting.is_none() {
            self.building = None;
            self.rejecting = Some(e);
        }
    }

    fn too_long(&mut self) {
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
    }

    /// Reads one line (without its LF); a receipt it completes is put in [`Core::ready`].
    fn feed(&mut self, raw: &[u8], terminated: bool) {
        if self.finished {
            return;
        }
        self.line += 1;
        let mut raw = raw;
        // A bare LF (no CR) is accepted too.
        if let Some(stripped) = raw.strip_suffix(b"\r") {
            raw = stripped;
        }
        if raw.is_empty() {
            return;
        }
        if !self.after_go
            && (self.building.is_some() || self.rejecting.is_some())
            && matches!(raw, [b'H' | b'K', b'O'] | [b'H' | b'K', b'O', b',', ..])
        {
            self.summary.payer_records_in_file += 1;
        }
        if terminated
            && !self.after_go
            && !self.headers.is_empty()
            && matches!(raw.get(..3), Some(b"IR," | b"YK,"))
        {
            if let Some(inst) = self.headers.get(raw) {
                // An institution record accepted before: only the current institution changes.
                self.institution = Some(inst.clone());
                self.close();
                return;
            }
        }
        if terminated && !self.after_go && self.fast(raw) {
            return;
        }
        let mut text = std::mem::take(&mut self.text);
        let mut ends = std::mem::take(&mut self.ends);
        match decode(raw, &mut text) {
            Ok(line) => {
                let f = Fields::split(line, &mut ends);
                self.dispatch(raw, &f, terminated)
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
                    self.close();
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
                } else {
                    self.file_error(self.line, kind.as_deref(), None, problem);
                }
            }
        }
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
    }

    /// The hot path: a whole (terminated) RE record, or a typed record of the receipt being
    /// read, parsed straight from the raw bytes. `None` when the line is anything else or does
    /// not parse: the general path ([`Core::dispatch`]) then reads it again and reports why.
    fn fast(&mut self, raw: &[u8]) -> bool {
        let kind = match (raw.get(2), raw.get(..2).and_then(RecordKind::from_bytes)) {
            (Some(b','), Some(kind)) => kind,
            _ => return false,
        };
        if kind == RecordKind::Re {
            let Some(institution) = self.institution.clone() else {
                return false;
            };
            let position = ReceiptPosition {
                line: self.line,
                index: self.summary.receipts_in_file + 1,
            };
            let Ok(r) = parse_whole(raw, |c| parse_re(c, position, institution)) else {
                return false;
            };
            self.close();
            self.summary.receipts_in_file += 1;
            self.prev_class = None;
            self.building = Some(self.recycle(r));
            return true;
        }
        if self.rejecting.is_some() {
            // A record of a rejected receipt: nothing to read (as on the general path).
            return typed_on(kind, ClaimBranch::Medical);
        }
        let Some(r) = self.building.as_mut() else {
            return false;
        };
        typed_on(kind, r.branch())
            && add_record(r, kind, raw, &mut self.prev_class, &mut self.last_insurer).is_ok()
    }

    fn dispatch(&mut self, raw: &[u8], f: &Fields<'_>, terminated: bool) {
        let code = f.get(0);
        let kind = RecordKind::from_code(code);
        let truncated = !terminated && kind != Some(RecordKind::Go);
        if self.after_go && !self.after_go_reported {
            self.after_go_reported = true;
            self.file_error(self.line, Some(code), None, Problem::RecordAfterSummary);
        }
        match kind {
            Some(RecordKind::Re) => {
                self.close();
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
                        Some(inst) => parse_whole(raw, |c| parse_re(c, position, inst)),
                        None => Err(FieldError::new(
                            0,
                            "レコード識別情報",
                            Problem::MissingHeader,
                        )),
                    }
                };
                match result {
                    Ok(r) => self.building = Some(self.recycle(r)),
                    Err(fe) => {
                        let e = self.field_error(f, fe, Some(index));
                        self.rejecting = Some(e);
                    }
                }
            }
            Some(RecordKind::Ir | RecordKind::Yk) => {
                self.close();
                let kind = kind.unwrap_or(RecordKind::Ir);
                match parse_whole(raw, |c| parse_header(c, kind)) {
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
                        self.institution = Some(institution_of(&h));
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
            }
            Some(RecordKind::Go) => {
                self.close();
                match parse_whole(raw, parse_go) {
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
            }
            _ => {
                if self.rejecting.is_some() {
                    return;
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
                    return;
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
                    return;
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
                    return;
                };
                let result = match kind {
                    Some(k) if typed_on(k, receipt.branch()) => add_record(
                        receipt,
                        k,
                        raw,
                        &mut self.prev_class,
                        &mut self.last_insurer,
                    ),
                    _ => {
                        receipt.raw_records.push(raw_record(f, self.line));
                        Ok(())
                    }
                };
                if let Err(fe) = result {
                    let e = self.field_error(f, fe, Some(index));
                    self.reject(e);
                }
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
        let fe = fe.into_detail();
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

    fn finish(&mut self) {
        if self.finished {
            return;
        }
        self.finished = true;
        self.close();
        if self.part {
            return;
        }
        if self.summary.header.is_none() && self.summary.receipts_in_file == 0 {
            self.file_error(0, None, None, Problem::MissingHeader);
        }
        match &self.summary.declared {
            None => self.file_error(0, None, None, Problem::MissingSummary),
            Some(go) => {
                // 総件数 counts payer records (HO, KO), not receipts; 総合計点数 adds, per
                // receipt, the HO's points or, without an HO, the first KO's
                // ([`Receipt::total_points`]). 記録条件仕様 医科用 (令和4年4月版), GO notes.
                let s = &self.summary;
                if go.receipts != s.payer_records_in_file || go.points != s.points_read {
                    let finding = Finding::file(
                        Rule::SummaryMismatch,
                        self.file.clone(),
                        format!(
                            "GOレコードの総件数{}件・総合計点数{}点に対し、読み取った保険者・公費レコードは{}件（レセプト{}件、うち不備{}件）・合計点数{}点",
                            go.receipts,
                            go.points.get(),
                            s.payer_records_in_file,
                            s.receipts_in_file,
                            s.rejected,
                            s.points_read.get()
                        ),
                        format!(
                            "the GO record declares {} payer records and {} points; the file holds {} payer records (HO, KO) in {} receipts ({} rejected) totalling {} points read",
                            go.receipts,
                            go.points.get(),
                            s.payer_records_in_file,
                            s.receipts_in_file,
                            s.rejected,
                            s.points_read.get()
                        ),
                    );
                    self.summary.findings.push(finding);
                }
            }
        }
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

/// Parses a whole record with `parse`, then checks the rest of the line.
fn parse_whole<'a, T>(
    raw: &'a [u8],
    parse: impl FnOnce(&mut RawCursor<'a>) -> Result<T, FieldError>,
) -> Result<T, FieldError> {
    let mut c = RawCursor::new(raw);
    let value = parse(&mut c)?;
    c.finish()?;
    Ok(value)
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

/// An optional amount in yen.
fn opt_yen(f: RawField<'_>, name: &'static str) -> Result<Option<Yen>, FieldError> {
    Ok(f.opt_signed(name)?.map(Yen::new))
}

/// A personal text field (name, symbol, number), decoded; `f` applies the type's rules.
fn personal_text<T, E>(
    field: RawField<'_>,
    name: &'static str,
    expected: &'static str,
    make: impl FnOnce(Cow<'_, str>) -> Result<T, E>,
) -> Result<T, FieldError> {
    make(field.text()?).map_err(|_| personal(malformed(field.index(), name, expected)))
}

/// A name (氏名, カタカナ氏名): decoded into its own buffer, which the name then keeps.
fn name_from<T: TryFrom<String>>(text: Cow<'_, str>) -> Result<T, T::Error> {
    T::try_from(text.into_owned())
}

fn opt_personal_text<T, E>(
    field: RawField<'_>,
    name: &'static str,
    expected: &'static str,
    make: impl FnOnce(Cow<'_, str>) -> Result<T, E>,
) -> Result<Option<T>, FieldError> {
    if field.is_empty() {
        Ok(None)
    } else {
        personal_text(field, name, expected, make).map(Some)
    }
}

// ---- records ----
//
// Each parser reads its record's fields in increasing order from a [`RawCursor`] over the raw
// line; the caller checks the rest of the line ([`RawCursor::finish`]).

fn parse_header(c: &mut RawCursor<'_>, kind: RecordKind) -> Result<FileHeader, FieldError> {
    let review_body = c.field(1)?.num::<u8>("審査支払機関")?;
    let pref = c.field(2)?.req("都道府県")?;
    let table = c.field(3)?.req("点数表")?;
    let code = c.field(4)?.req("医療機関コード")?;
    if pref.len() != 2 || table.len() != 1 || code.len() != 7 {
        return Err(malformed(
            4,
            "医療機関コード",
            "prefecture (2) + score table (1) + code (7)",
        ));
    }
    if !(pref.all_digits() && table.all_digits() && code.all_digits()) {
        return Err(malformed(4, "医療機関コード", "digits"));
    }
    let recorded = format!(
        "{}{}{}",
        pref.ascii().unwrap_or_default(),
        table.ascii().unwrap_or_default(),
        code.ascii().unwrap_or_default()
    );
    let institution = InstitutionCode::new(&recorded).ok();
    let name = c.field(6)?.text()?.into_owned();
    let claim_month = c.field(7)?.month("請求年月")?;
    Ok(FileHeader {
        kind,
        review_body,
        institution,
        institution_recorded: recorded,
        name,
        claim_month,
        volume: c.field(8)?.text()?.into_owned(),
        phone: c.field(9)?.text()?.into_owned(),
    })
}

fn parse_go(c: &mut RawCursor<'_>) -> Result<ClaimSummary, FieldError> {
    Ok(ClaimSummary {
        receipts: c.field(1)?.num("総件数")?,
        points: Points::new(c.field(2)?.signed("総合計点数")?),
        volume: c.field(3)?.text()?.into_owned(),
    })
}

fn parse_re(
    c: &mut RawCursor<'_>,
    position: ReceiptPosition,
    (institution, institution_recorded): (Option<InstitutionCode>, Arc<str>),
) -> Result<Receipt, FieldError> {
    let number = c.field(1)?.num::<u32>("レセプト番号")?;
    let kind_field = c.field(2)?.req("レセプト種別")?;
    let kind = kind_field
        .ascii()
        .and_then(|t| ReceiptKind::from_code(t).ok())
        .ok_or_else(|| malformed(2, "レセプト種別", "a receipt kind code of 別表5"))?;
    let service_month = c.field(3)?.month("診療年月")?;
    let name = personal_text(
        c.field(4)?,
        "氏名",
        "a name of 1–100 characters",
        name_from::<PersonName>,
    )?;
    let sex_field = c.field(5)?.req("男女区分")?;
    let sex = sex_field
        .ascii()
        .and_then(|t| Sex::from_code(t).ok())
        .ok_or_else(|| malformed(5, "男女区分", "1 or 2"))?;
    let birth_date = c.field(6)?.date("生年月日").map_err(personal)?;
    let benefit_ratio = c.field(7)?.opt_num("給付割合")?;
    let admission_date = c.field(8)?.opt_date("入院年月日")?;
    let charge_class = c
        .field(10)?
        .opt_num("一部負担金・食事療養費・生活療養費標準負担額区分")?;
    let special = c.field(11)?;
    if !special.all_digits() {
        return Err(malformed(11, "レセプト特記事項", "2-digit codes"));
    }
    let special_notes = special.ascii().unwrap_or_default().to_owned();
    let kana = opt_personal_text(
        c.field(36)?,
        "カタカナ氏名",
        "katakana",
        name_from::<KanaName>,
    )?;
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
        benefit_ratio,
        admission_date,
        charge_class,
        special_notes,
        insurance: None,
        public_funds: Vec::new(),
        confirmations: Vec::new(),
        visit_days: Vec::new(),
        diagnoses: Vec::new(),
        items: Vec::new(),
        notes: Vec::new(),
        raw_records: Vec::new(),
    })
}

fn parse_ho(
    c: &mut RawCursor<'_>,
    last_insurer: &mut Option<(String, InsurerNumber)>,
) -> Result<InsurancePart, FieldError> {
    let field = c.field(1)?.req("保険者番号")?;
    let bad_insurer = || malformed(1, "保険者番号", "8 digits with a valid check digit");
    let recorded = field.text()?;
    let insurer = match last_insurer {
        Some((text, insurer)) if *text == *recorded => insurer.clone(),
        _ => {
            let insurer = InsurerNumber::new(&recorded).map_err(|_| bad_insurer())?;
            *last_insurer = Some((recorded.into_owned(), insurer.clone()));
            insurer
        }
    };
    Ok(InsurancePart {
        insurer,
        symbol: opt_personal_text(
            c.field(2)?,
            "被保険者証等の記号",
            "a symbol",
            |t| InsuredSymbol::new(&t),
        )?,
        number: opt_personal_text(
            c.field(3)?,
            "被保険者証等の番号",
            "a number",
            |t| InsuredNumber::new(&t),
        )?,
        days: c.field(4)?.num("診療実日数")?,
        points: Points::new(c.field(5)?.signed("合計点数")?),
        meal_count: c.field(7)?.opt_num("食事療養・生活療養回数")?,
        meal_yen: opt_yen(c.field(8)?, "食事療養・生活療養合計金額")?,
        occupational: c.field(9)?.opt_num("職務上の事由")?,
        patient_charge: opt_yen(c.field(11)?, "負担金額 医療保険")?,
        reduction_class: c.field(12)?.opt_num("減免区分")?,
        reduction_rate: c.field(13)?.opt_num("減額割合")?,
        reduction_yen: opt_yen(c.field(14)?, "減額金額")?,
    })
}

fn parse_ko(c: &mut RawCursor<'_>) -> Result<PublicFundPart, FieldError> {
    let payer_field = c.field(1)?.req("公費負担者番号")?;
    let payer = PublicPayerNumber::new(&payer_field.text()?)
        .ok_or_else(|| malformed(1, "公費負担者番号", "8 digits"))?;
    Ok(PublicFundPart {
        payer,
        recipient: opt_personal_text(
            c.field(2)?,
            "公費受給者番号",
            "up to 7 digits",
            |t| RecipientNumber::new(&t).ok_or(()),
        )?,
        optional_benefit: c.field(3)?.opt_num("任意給付区分")?,
        days: c.field(4)?.num("診療実日数")?,
        points: Points::new(c.field(5)?.signed("合計点数")?),
        charge: opt_yen(c.field(6)?, "負担金額 公費")?,
        outpatient_copay: opt_yen(c.field(7)?, "公費給付対象外来一部負担金")?,
        inpatient_copay: opt_yen(c.field(8)?, "公費給付対象入院一部負担金")?,
        meal_count: c.field(10)?.opt_num("食事療養・生活療養回数")?,
        meal_yen: opt_yen(c.field(11)?, "食事療養・生活療養合計金額")?,
    })
}

fn parse_sn(c: &mut RawCursor<'_>) -> Result<EligibilityConfirmation, FieldError> {
    let payer_kind = c.field(1)?.num("負担者種別")?;
    let confirmation_field = c.field(2)?.req("確認区分")?;
    if confirmation_field.len() != 2 {
        return Err(malformed(2, "確認区分", "a 2-digit code"));
    }
    Ok(EligibilityConfirmation {
        payer_kind,
        confirmation: confirmation_field.num("確認区分")?,
        payer: c.field(3)?.opt_text()?,
        symbol: opt_personal_text(c.field(4)?, "記号（資格確認）", "a symbol", |t| {
            InsuredSymbol::new(&t)
        })?,
        number: opt_personal_text(c.field(5)?, "番号（資格確認）", "a number", |t| {
            InsuredNumber::new(&t)
        })?,
        branch: opt_personal_text(c.field(6)?, "枝番", "2 digits", |t| BranchNumber::new(&t))?,
        recipient: opt_personal_text(c.field(7)?, "受給者番号", "up to 7 digits", |t| {
            RecipientNumber::new(&t).ok_or(())
        })?,
    })
}

fn parse_jd(c: &mut RawCursor<'_>) -> Result<VisitDays, FieldError> {
    let payer_kind = c.field(1)?.num("負担者種別")?;
    let days = c
        .days(2)
        .map_err(|i| malformed(i, "受診日等区分", "a code"))?;
    Ok(VisitDays { payer_kind, days })
}

fn parse_sy(c: &mut RawCursor<'_>) -> Result<Diagnosis, FieldError> {
    let code = c.field(1)?.code(7, "傷病名コード", "a 7-digit code")?;
    let start = c.field(2)?.req("診療開始日")?.date("診療開始日")?;
    let outcome = c
        .field(3)?
        .num::<u64>("転帰区分")
        .ok()
        .and_then(Outcome::from_code)
        .ok_or_else(|| malformed(3, "転帰区分", "1, 2, 3 or 4"))?;
    let modifiers = c.field(4)?;
    if !modifiers.len().is_multiple_of(4) || !modifiers.all_digits() {
        return Err(malformed(4, "修飾語コード", "4-digit codes"));
    }
    let modifiers = modifiers.ascii().unwrap_or_default().to_owned();
    let name = c.field(5)?.opt_text()?;
    if code == UNCODED_DIAGNOSIS && name.is_none() {
        return Err(missing(5, "傷病名称"));
    }
    let main_field = c.field(6)?;
    let main = if main_field.is_empty() {
        false
    } else if main_field.is("01") {
        true
    } else {
        return Err(malformed(6, "主傷病", "01 or empty"));
    };
    Ok(Diagnosis {
        code,
        start,
        outcome,
        modifiers,
        name,
        main,
        comment: c.field(7)?.opt_text()?,
    })
}

fn parse_sj(c: &mut RawCursor<'_>) -> Result<SymptomNote, FieldError> {
    let class = c.field(1)?.req("症状詳記区分")?.text()?.into_owned();
    Ok(SymptomNote {
        class,
        text: c.field(2)?.text()?.into_owned(),
    })
}

/// Parses an SI/IY/TO/CO record onto the end of `items`, in place (a line item is large: it
/// is filled where it will stay rather than moved there).
fn parse_item_into(
    items: &mut Vec<LineItem>,
    kind: ItemKind,
    c: &mut RawCursor<'_>,
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
        Some(item) => parse_item(item, c, prev_class),
        None => Ok(()),
    };
    if result.is_err() {
        items.pop();
    }
    result
}

/// Parses an SI/IY/TO/CO record into `item`, whose `kind` is set.
fn parse_item(
    item: &mut LineItem,
    c: &mut RawCursor<'_>,
    prev_class: &mut Option<u8>,
) -> Result<(), FieldError> {
    let kind = item.kind;
    let class = c.field(1)?;
    let (service_class, class_continued) = if class.is_empty() {
        (prev_class.ok_or_else(|| missing(1, "診療識別"))?, true)
    } else {
        let v = class.code(2, "診療識別", "a 2-digit class")?;
        (
            u8::try_from(v).map_err(|_| malformed(1, "診療識別", "a 2-digit class"))?,
            false,
        )
    };
    *prev_class = Some(service_class);
    let payer_class = match c.field(2)?.req("負担区分")?.single_alphanumeric() {
        Some(b) => char::from(b),
        None => return Err(malformed(2, "負担区分", "one code character")),
    };
    item.code = c.field(3)?.code(9, "レセ電コード", "a 9-digit code")?;
    item.service_class = service_class;
    item.class_continued = class_continued;
    item.payer_class = payer_class;
    if kind == ItemKind::Comment {
        item.text = c.field(4)?.opt_text()?;
        return Ok(());
    }
    item.quantity = c.field(4)?.opt_decimal("数量データ")?;
    item.points = c.field(5)?.opt_signed("点数")?.map(Points::new);
    item.times = c.field(6)?.num("回数")?;
    let comment_first = if kind == ItemKind::Device {
        let unit_code = c.field(7)?.opt_num("単位コード")?;
        let unit_price = c.field(8)?.opt_decimal("単価")?;
        item.device = Some(Box::new(DeviceDetail {
            unit_code,
            unit_price,
            product_name: c.field(10)?.opt_text()?,
        }));
        11
    } else {
        7
    };
    // Three comment pairs (code, text), mostly all six empty.
    for k in 0..3 {
        if k == 0 && c.skip_empty(6) {
            break;
        }
        let ci = comment_first + 2 * k;
        let (code, text) = (c.field(ci)?, c.field(ci + 1)?);
        if code.is_empty() && text.is_empty() {
            continue;
        }
        item.comments.push(ItemComment {
            code: code.code(9, "コメントコード", "a 9-digit code")?,
            text: text.opt_text()?,
        });
    }
    item.days = c
        .days(comment_first + 6)
        .map_err(|i| malformed(i, "算定日情報", "a count of 0–255"))?;
    Ok(())
}

/// Whether records of `kind` are typed on a receipt of branch `branch` (the others are kept
/// whole as [`RawRecord`]s).
fn typed_on(kind: RecordKind, branch: ClaimBranch) -> bool {
    match kind {
        RecordKind::Ho
        | RecordKind::Ko
        | RecordKind::Sn
        | RecordKind::Jd
        | RecordKind::Sy
        | RecordKind::Sj => true,
        RecordKind::Si | RecordKind::Iy | RecordKind::To | RecordKind::Co => {
            branch != ClaimBranch::Pharmacy
        }
        _ => false,
    }
}

/// Adds a typed record (see [`typed_on`]) to `r`, checking the whole line.
fn add_record(
    r: &mut Receipt,
    kind: RecordKind,
    raw: &[u8],
    prev_class: &mut Option<u8>,
    last_insurer: &mut Option<(String, InsurerNumber)>,
) -> Result<(), FieldError> {
    match kind {
        RecordKind::Ho => {
            let ho = parse_whole(raw, |c| parse_ho(c, last_insurer))?;
            if r.insurance.is_some() {
                return Err(malformed(
                    0,
                    "レコード識別情報",
                    "one HO record per receipt",
                ));
            }
            r.insurance = Some(ho);
        }
        RecordKind::Ko => r.public_funds.push(parse_whole(raw, parse_ko)?),
        RecordKind::Sn => r.confirmations.push(parse_whole(raw, parse_sn)?),
        RecordKind::Jd => r.visit_days.push(parse_whole(raw, parse_jd)?),
        RecordKind::Sy => r.diagnoses.push(parse_whole(raw, parse_sy)?),
        RecordKind::Sj => r.notes.push(parse_whole(raw, parse_sj)?),
        RecordKind::Si | RecordKind::Iy | RecordKind::To | RecordKind::Co => {
            let item_kind = match kind {
                RecordKind::Si => ItemKind::Procedure,
                RecordKind::Iy => ItemKind::Drug,
                RecordKind::To => ItemKind::Device,
                _ => ItemKind::Comment,
            };
            let mut c = RawCursor::new(raw);
            parse_item_into(&mut r.items, item_kind, &mut c, prev_class)?;
            if let Err(e) = c.finish() {
                r.items.pop();
                return Err(e);
            }
        }
        _ => {
            return Err(malformed(0, "レコード識別情報", "a typed record kind"));
        }
    }
    Ok(())
}
