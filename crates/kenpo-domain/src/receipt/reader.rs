//! The reader: a streaming reader over any [`std::io::Read`] and a fast path over a byte slice,
//! both yielding one `Result<Receipt, ReceiptError>` per RE record of the file.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;

use encoding_rs::{DecoderResult, SHIFT_JIS};
use serde::{Deserialize, Serialize};

pub(super) use super::builder::Institution;
use super::builder::{
    add_fund, add_record, claim_kind, is_fund_kind, is_head_kind, layout_of_re, malformed,
    parse_go, parse_header, parse_re, parse_whole, split_prefix, BuildState,
};
use super::checks::{Finding, Rule};
use super::error::{FieldError, FieldRef, Problem, ReceiptError};
use super::fields::Fields;
use super::fund::{Correction, CorrectionKind, FundRecords, PrefixedLine};
use super::kind::{ReceiptLayout, RecordKind, Scheme};
use super::model::*;
use super::record::LinePrefix;

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
    /// receipt (or of the file when outside one) and count it in [`ReadSummary::raw_kinds`].
    /// (The payment fund's own records, MN, RC, EX, ON, JY, HR, MD, RT, JR and MK, are known
    /// kinds, typed and kept whatever this option says; see [`ReaderOptions::strict`].)
    KeepRaw,
}

/// Reader options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReaderOptions {
    /// The file's name, used in errors and findings.
    pub file_name: String,
    /// Unknown record kinds.
    pub unknown_kinds: UnknownKinds,
    /// Reject the receipts that carry records the payment fund adds (MN, RC, EX, ON, JY of the
    /// insurer files; HR of return files; MD, RT, JR, MK of re-examination files), for callers
    /// that accept clinic claim files only. Off by default: they are typed and kept with their
    /// receipt ([`Receipt::fund`]).
    pub strict: bool,
}

impl ReaderOptions {
    /// Options for a file called `file_name`, rejecting unknown kinds.
    pub fn new(file_name: impl Into<String>) -> ReaderOptions {
        ReaderOptions {
            file_name: file_name.into(),
            unknown_kinds: UnknownKinds::Reject,
            strict: false,
        }
    }

    /// The same options rejecting the payment fund's records ([`ReaderOptions::strict`]).
    pub fn strict(mut self) -> ReaderOptions {
        self.strict = true;
        self
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
    /// Receipts by layout (医科, DPC, 歯科, 調剤, 訪問看護): read, rejected, points.
    pub by_layout: BTreeMap<ReceiptLayout, LayoutCount>,
    /// Receipts whose payment-fund corrections (JY) were applied (insurer files).
    pub corrected: u64,
    /// Lines with the three history-management columns (insurer files, history blocks).
    pub prefixed_lines: u64,
    /// MN records (レセプト管理): receipts of the payment fund's insurer files.
    pub mn_records: u64,
}

/// The receipts of one layout in a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LayoutCount {
    /// Read without error.
    pub parsed: u64,
    /// Rejected after their RE showed the layout.
    pub rejected: u64,
    /// Points of those read ([`Receipt::total_points`]).
    pub points: Points,
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
            by_layout: BTreeMap::new(),
            corrected: 0,
            prefixed_lines: 0,
            mn_records: 0,
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
    /// The bytes not read yet, up to the 0x1A mark if there is one.
    rest: &'a [u8],
    /// The bytes ended at a 0x1A mark: the line before it is whole.
    marked: bool,
    core: Core,
    done: bool,
}

/// `bytes` up to the first 0x1A mark (found in one pass, so that lines are then split at line
/// feeds alone), and whether there was one.
fn before_mark(bytes: &[u8]) -> (&[u8], bool) {
    match memchr::memchr(EOF_MARK, bytes) {
        Some(i) => (bytes.get(..i).unwrap_or_default(), true),
        None => (bytes, false),
    }
}

/// The end-of-file mark: everything after it is ignored.
pub(super) const EOF_MARK: u8 = 0x1A;

/// What a terminated head line (IR, YK, UK, HI; with or without the history-management
/// columns) sets the current institution to, the way the reader sets it: `Some(None)` when the
/// line does not parse (receipts after it have no header), `None` when the line is not a whole
/// head record that decodes (the reader would not take it as one).
pub(super) fn institution_after(line: &[u8]) -> Option<Option<Institution>> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let record = match split_prefix(line) {
        None => line,
        Some(Ok((_, rest))) => rest,
        Some(Err(_)) => return None,
    };
    let kind = head_kind(record)?;
    decode(record, &mut String::new()).ok()?;
    if kind == RecordKind::Hm {
        return Some(None);
    }
    Some(parse_header(record, kind).ok().map(|h| institution_of(&h)))
}

/// The kind of a head record line (after any history-management columns).
pub(super) fn head_kind(record: &[u8]) -> Option<RecordKind> {
    Some(match record.get(..3)? {
        b"IR," => RecordKind::Ir,
        b"YK," => RecordKind::Yk,
        b"UK," => RecordKind::Uk,
        b"HI," => RecordKind::Hi,
        b"HM," => RecordKind::Hm,
        _ => return None,
    })
}

pub(super) fn institution_of(h: &FileHeader) -> Institution {
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
    /// The kind of the file's first head record.
    pub(super) file_kind: Option<RecordKind>,
}

impl<'a> SliceReader<'a> {
    /// A reader over `bytes`.
    pub fn new(bytes: &'a [u8], options: ReaderOptions) -> SliceReader<'a> {
        let (rest, marked) = before_mark(bytes);
        SliceReader {
            rest,
            marked,
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
        core.file_kind = start.file_kind;
        let (rest, marked) = before_mark(bytes);
        SliceReader {
            rest,
            marked,
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
            let (line, terminated, rest) = match memchr::memchr(b'\n', self.rest) {
                Some(i) => (
                    self.rest.get(..i).unwrap_or_default(),
                    true,
                    self.rest.get(i + 1..).unwrap_or_default(),
                ),
                // The 0x1A mark ended the bytes: the line before it is whole.
                None => (self.rest, self.marked, &[][..]),
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
    strict: bool,
    ends: Vec<usize>,
    text: String,
    line: u64,
    institution: Option<Institution>,
    /// The kind of the file's first head record (IR, YK, UK, HI, HM).
    file_kind: Option<RecordKind>,
    /// A receipt-level head record (the IR of each receipt of dental and return files, the
    /// IR/YK inside each receipt of insurer files) waiting for the RE it heads.
    head: Option<FileHeader>,
    /// The receipt being read, boxed so that it is not copied around while it grows.
    building: Option<Box<Receipt>>,
    rejecting: Option<ReceiptError>,
    /// A receipt opened by an MN record, whose RE has not come yet.
    pending: Option<ReceiptPosition>,
    /// An MN opened the receipt and no RE came yet (also when the receipt is rejected):
    /// the next RE of データ識別 1 belongs to it.
    awaiting_re: bool,
    /// The payment fund's records of the receipt being read, and its buffered lines.
    fund: Option<Box<FundState>>,
    build: BuildState,
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
    after_go: bool,
    after_go_reported: bool,
    finished: bool,
    /// Reading one part of a file: the end closes the last receipt only.
    part: bool,
    summary: ReadSummary,
}

/// The fund's records of one receipt, and the lines kept to apply its corrections (JY).
#[derive(Debug, Default)]
struct FundState {
    records: FundRecords,
    /// The bytes of the kept lines (after their history-management columns).
    buf: Vec<u8>,
    lines: Vec<KeptLine>,
    /// Unknown records kept raw that came between MN and the receipt's RE.
    early_raw: Vec<RawRecord>,
}

/// A line of a prefixed receipt, kept for applying corrections.
#[derive(Debug, Clone, Copy)]
struct KeptLine {
    prefix: LinePrefix,
    start: usize,
    end: usize,
    file_line: u64,
    /// データ識別 1: a claim record as filed (else a line the fund added).
    claim: bool,
}

/// What a line does to the receipts ([`Core::opening`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opening {
    /// Opens a new receipt.
    New,
    /// Completes the receipt an MN opened.
    Attach,
    /// Neither.
    No,
}

fn clip(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// Where a line's record starts and what it is: its history-management columns (or their
/// error), its kind's bytes.
struct LineShape<'a> {
    prefix: Option<Result<LinePrefix, FieldError>>,
    record: &'a [u8],
    kind: &'a [u8],
}

fn shape(raw: &[u8]) -> LineShape<'_> {
    let (prefix, record) = match split_prefix(raw) {
        None => (None, raw),
        Some(Ok((p, rest))) => (Some(Ok(p)), rest),
        Some(Err(e)) => (Some(Err(e)), raw),
    };
    let kind = record
        .get(..memchr::memchr(b',', record).unwrap_or(record.len()))
        .unwrap_or_default();
    LineShape {
        prefix,
        record,
        kind,
    }
}

impl Core {
    fn new(options: ReaderOptions) -> Core {
        let file: Arc<str> = Arc::from(options.file_name.as_str());
        Core {
            summary: ReadSummary::new(file.clone()),
            file,
            unknown: options.unknown_kinds,
            strict: options.strict,
            ends: Vec::with_capacity(64),
            text: String::with_capacity(256),
            line: 0,
            institution: None,
            file_kind: None,
            head: None,
            building: None,
            rejecting: None,
            pending: None,
            awaiting_re: false,
            fund: None,
            build: BuildState::default(),
            headers: HashMap::new(),
            lent: None,
            spare: None,
            ready: None,
            header_accepted: false,
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

    fn push_file_error(&mut self, e: ReceiptError) {
        if self.summary.file_errors.len() < MAX_KEPT_FILE_ITEMS {
            self.summary.file_errors.push(e);
        } else {
            self.summary.file_errors_not_kept += 1;
        }
    }

    /// A receipt is open (being read, rejected, or opened by MN and waiting for its RE).
    fn in_receipt(&self) -> bool {
        self.building.is_some() || self.rejecting.is_some() || self.pending.is_some()
    }

    /// The one-based index of the receipt being read.
    fn index(&self) -> u64 {
        self.summary.receipts_in_file
    }

    /// Closes the receipt being read, yielding it (or its rejection).
    fn close(&mut self) {
        self.ready = self.closed();
    }

    fn count_layout(&mut self, layout: ReceiptLayout, parsed: Option<Points>) {
        let c = self.summary.by_layout.entry(layout).or_default();
        match parsed {
            Some(p) => {
                c.parsed += 1;
                c.points = c.points.saturating_add(p);
            }
            None => c.rejected += 1,
        }
    }

    fn closed(&mut self) -> Option<Result<Box<Receipt>, ReceiptError>> {
        self.awaiting_re = false;
        let fund = self.fund.take();
        let pending = self.pending.take();
        if let Some(e) = self.rejecting.take() {
            self.building = None;
            self.summary.rejected += 1;
            let layout = self.build.layout;
            self.count_layout(layout, None);
            return Some(Err(e));
        }
        let Some(mut r) = self.building.take() else {
            let position = pending?;
            // An MN with no RE after it.
            self.summary.rejected += 1;
            let e = self.error(
                position.line,
                Some("MN"),
                Some(FieldRef {
                    index: 0,
                    name: "レコード識別情報",
                }),
                None,
                Problem::MissingReceiptRecord,
                Some(position.index),
            );
            return Some(Err(e));
        };
        if let Some(fs) = fund {
            match self.apply_fund(r, *fs) {
                Ok(paid) => r = paid,
                Err(e) => {
                    self.summary.rejected += 1;
                    let layout = self.build.layout;
                    self.count_layout(layout, None);
                    return Some(Err(*e));
                }
            }
        }
        if r.kind.scheme() != Scheme::PublicFundOnly && r.insurance.is_none() {
            self.summary.rejected += 1;
            self.count_layout(r.layout(), None);
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
        let points = r.total_points();
        self.summary.points_read = self.summary.points_read.saturating_add(points);
        self.count_layout(r.layout(), Some(points));
        Some(Ok(r))
    }

    /// Attaches the fund's records to `r` and applies its corrections (JY): the receipt as
    /// paid, with the one as claimed kept in [`FundRecords::claimed`].
    fn apply_fund(
        &mut self,
        mut r: Box<Receipt>,
        fs: FundState,
    ) -> Result<Box<Receipt>, Box<ReceiptError>> {
        let FundState {
            mut records,
            buf,
            lines,
            ..
        } = fs;
        let bytes = |l: &KeptLine| buf.get(l.start..l.end).unwrap_or_default();
        let raw_of = |l: &KeptLine| -> RawRecord {
            let mut text = String::new();
            let line = decode(bytes(l), &mut text).unwrap_or("");
            let mut ends = Vec::new();
            raw_record(&Fields::split(line, &mut ends), l.file_line)
        };
        let added: Vec<&KeptLine> = lines.iter().filter(|l| !l.claim).collect();
        let find_added = |line: u32, branch: u16| {
            added
                .iter()
                .find(|l| l.prefix.line == line && l.prefix.branch == branch)
                .copied()
        };
        let mut used = vec![false; added.len()];
        if !records.corrections.is_empty() {
            self.summary.corrected += 1;
            // Each correction's new line, and what happens to each claim line.
            let mut replacement: Vec<Option<&KeptLine>> = Vec::new();
            for c in &records.corrections {
                let jy = &c.record.record;
                let needs_line = jy.correction() != Some(CorrectionKind::Delete);
                let found = match (jy.new_line, jy.new_branch) {
                    (Some(line), branch) if needs_line => find_added(line, branch.unwrap_or(0)),
                    _ => None,
                };
                if needs_line && found.is_none() {
                    return Err(Box::new(self.correction_error(c, 7, "補正後行番号")));
                }
                if !lines.iter().any(|l| {
                    l.claim
                        && l.prefix.line == jy.target_line
                        && l.prefix.branch == jy.target_branch
                }) {
                    return Err(Box::new(self.correction_error(c, 3, "補正対象行番号")));
                }
                if let Some(f) = found {
                    if let Some(k) = added.iter().position(|a| std::ptr::eq(*a, f)) {
                        if let Some(u) = used.get_mut(k) {
                            *u = true;
                        }
                    }
                }
                replacement.push(found);
            }
            let mut sequence: Vec<&KeptLine> = Vec::with_capacity(lines.len());
            for l in lines.iter().filter(|l| l.claim) {
                let mut deleted = false;
                let mut modified: Option<&KeptLine> = None;
                let mut additions: Vec<&KeptLine> = Vec::new();
                for (c, rep) in records.corrections.iter().zip(&replacement) {
                    let jy = &c.record.record;
                    if jy.target_line != l.prefix.line || jy.target_branch != l.prefix.branch {
                        continue;
                    }
                    match (jy.correction(), rep) {
                        (Some(CorrectionKind::Delete), _) => deleted = true,
                        (Some(CorrectionKind::Modify), Some(rep)) => modified = Some(rep),
                        (Some(CorrectionKind::Add), Some(rep)) => additions.push(rep),
                        _ => {}
                    }
                }
                if !deleted {
                    sequence.push(modified.unwrap_or(l));
                }
                sequence.extend(additions);
            }
            for (c, rep) in records.corrections.iter_mut().zip(&replacement) {
                c.replacement = rep.map(|l| PrefixedLine {
                    prefix: l.prefix,
                    record: raw_of(l),
                });
            }
            let paid = self.parse_sequence(&r, &sequence, &buf)?;
            let mut claimed = std::mem::replace(&mut r, paid);
            claimed.fund = None;
            records.claimed = Some(claimed);
        }
        for (l, used) in added.iter().zip(&used) {
            if !used {
                records.unreferenced.push(PrefixedLine {
                    prefix: l.prefix,
                    record: raw_of(l),
                });
            }
        }
        if !records.is_empty() {
            r.fund = Some(Box::new(records));
        }
        Ok(r)
    }

    fn correction_error(&self, c: &Correction, index: u16, name: &'static str) -> ReceiptError {
        let line = c.record.prefix.map(|p| format!("{}-{}", p.line, p.branch));
        self.error(
            self.line,
            Some("JY"),
            Some(FieldRef { index, name }),
            line,
            Problem::CorrectionTarget,
            Some(self.index()),
        )
    }

    /// Reads the claim lines as corrected into a fresh receipt (the receipt as paid).
    fn parse_sequence(
        &self,
        claimed: &Receipt,
        sequence: &[&KeptLine],
        buf: &[u8],
    ) -> Result<Box<Receipt>, Box<ReceiptError>> {
        let mut institution: Institution = (
            claimed.institution.clone(),
            claimed.institution_recorded.clone(),
        );
        let mut state = BuildState::default();
        let mut receipt: Option<Box<Receipt>> = None;
        for l in sequence {
            let raw = buf.get(l.start..l.end).unwrap_or_default();
            let kind = raw
                .get(..memchr::memchr(b',', raw).unwrap_or(raw.len()))
                .and_then(RecordKind::from_bytes);
            let result = match (kind, receipt.as_mut()) {
                (Some(k), _) if is_head_kind(k) => parse_header(raw, k).map(|h| {
                    institution = institution_of(&h);
                }),
                (Some(RecordKind::Re), None) => {
                    let layout = layout_of_re(raw).unwrap_or_default();
                    state.layout = layout;
                    parse_re(
                        raw,
                        layout,
                        claimed.position,
                        institution.clone(),
                        &mut None,
                    )
                    .map(|mut r| {
                        r.details.head = claimed.details.head.clone();
                        receipt = Some(r);
                    })
                }
                (Some(RecordKind::Ti | RecordKind::Tr | RecordKind::Ts), Some(r)) => {
                    let mut text = String::new();
                    let line = decode(raw, &mut text).unwrap_or("");
                    let mut ends = Vec::new();
                    r.raw_records
                        .push(raw_record(&Fields::split(line, &mut ends), l.file_line));
                    Ok(())
                }
                (Some(k), Some(r)) if k != RecordKind::Re => add_record(r, k, raw, &mut state),
                _ => Err(malformed(
                    0,
                    "レコード識別情報",
                    "one RE record opening the corrected receipt, then its records",
                )),
            };
            if let Err(fe) = result {
                return Err(Box::new(self.error_on(
                    raw,
                    l.file_line,
                    fe,
                    Some(claimed.position.index),
                )));
            }
        }
        receipt.ok_or_else(|| {
            Box::new(self.error(
                claimed.position.line,
                Some("JY"),
                None,
                None,
                Problem::CorrectionTarget,
                Some(claimed.position.index),
            ))
        })
    }

    /// The error `fe` on the record `raw` at `line` of the file.
    fn error_on(
        &self,
        raw: &[u8],
        line: u64,
        fe: FieldError,
        receipt_index: Option<u64>,
    ) -> ReceiptError {
        let mut text = String::new();
        let decoded = decode(raw, &mut text).unwrap_or("");
        let mut ends = Vec::new();
        let f = Fields::split(decoded, &mut ends);
        let fe = fe.into_detail();
        let value = (!fe.personal && fe.index > 0 || fe.problem == Problem::UnknownRecordKind)
            .then(|| clip(f.get(fe.index), 64));
        ReceiptError {
            file: self.file.clone(),
            line,
            record: Some(clip(f.get(0), 4)),
            field: Some(FieldRef {
                index: u16::try_from(fe.index).unwrap_or(u16::MAX),
                name: fe.name,
            }),
            raw: value,
            receipt_index,
            problem: fe.problem,
        }
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
            self.pending = None;
            self.rejecting = Some(e);
        }
    }

    /// Rejects the open receipt with `e`, or keeps `e` as a file-level error outside one.
    fn reject_or_file(&mut self, e: ReceiptError) {
        if self.in_receipt() {
            self.reject(e);
        } else {
            self.push_file_error(ReceiptError {
                receipt_index: None,
                ..e
            });
        }
    }

    fn too_long(&mut self) {
        self.line += 1;
        let problem = Problem::Malformed {
            expected: "a line of at most 1 MiB",
        };
        if self.in_receipt() {
            let idx = self.index();
            let e = self.error(self.line, None, None, None, problem, Some(idx));
            self.reject(e);
        } else {
            self.file_error(self.line, None, None, problem);
        }
    }

    /// Opens a new receipt at the current line (its RE or MN), counting it.
    fn open(&mut self) -> ReceiptPosition {
        self.close();
        self.summary.receipts_in_file += 1;
        self.build.prev_class = None;
        ReceiptPosition {
            line: self.line,
            index: self.summary.receipts_in_file,
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
        if raw.first().is_some_and(u8::is_ascii_digit) {
            self.feed_prefixed(raw, terminated);
            return;
        }
        if !self.after_go
            && self.in_receipt()
            && matches!(raw, [b'H' | b'K', b'O'] | [b'H' | b'K', b'O', b',', ..])
        {
            self.summary.payer_records_in_file += 1;
        }
        if terminated
            && !self.after_go
            && !self.headers.is_empty()
            && matches!(raw.get(..3), Some(b"IR," | b"YK,"))
            && !self.receipt_level_ir()
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
                self.dispatch(raw, &f, terminated, None)
            }
            Err(offset) => self.bad_encoding(raw, offset, 0, None, terminated),
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

    /// `true` when an IR (or YK) record heads the next receipt rather than the file (dental and
    /// return files: after UK or HI).
    fn receipt_level_ir(&self) -> bool {
        matches!(self.file_kind, Some(RecordKind::Uk | RecordKind::Hi))
    }

    /// A line that does not decode: it opens a receipt if its kind would, and rejects the
    /// receipt it is in (or is a file-level error).
    fn bad_encoding(
        &mut self,
        record: &[u8],
        offset: usize,
        shift: usize,
        prefix: Option<LinePrefix>,
        terminated: bool,
    ) {
        let first = record.split(|b| *b == b',').next().unwrap_or_default();
        let kind = std::str::from_utf8(first).ok().map(|k| clip(k, 4));
        let bad = record.get(offset..).unwrap_or_default().iter().take(2);
        let hex = bad
            .map(|b| format!("0x{b:02X}"))
            .collect::<Vec<_>>()
            .join(" ");
        // A file that ends inside the line may end inside a character: the cut is the problem.
        let problem = if terminated {
            Problem::BadEncoding {
                offset: offset + shift,
            }
        } else {
            Problem::TruncatedRecord
        };
        let opening = self.opening(first, prefix);
        if opening == Opening::New {
            let position = self.open();
            self.awaiting_re = first == b"MN";
            self.build.layout = layout_of_re(record).unwrap_or_default();
            let e = self.error(
                self.line,
                kind.as_deref(),
                None,
                Some(hex),
                problem,
                Some(position.index),
            );
            self.rejecting = Some(e);
        } else if self.in_receipt() {
            let idx = self.index();
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

    /// What a line of kind `kind` (with its history-management columns, if any) does to the
    /// receipts: opens a new one (an RE without the columns, any MN, an RE of データ識別 1 that
    /// no MN waits for), completes the one an MN opened (an RE of データ識別 1 after it), or
    /// neither. Called once per line; [`super::parallel`] counts receipts the same way.
    fn opening(&mut self, kind: &[u8], prefix: Option<LinePrefix>) -> Opening {
        match (kind, prefix) {
            (b"MN", _) => Opening::New,
            (b"RE", None) => Opening::New,
            (b"RE", Some(p)) if p.data_ident == LinePrefix::CLAIM => {
                if std::mem::replace(&mut self.awaiting_re, false) {
                    Opening::Attach
                } else {
                    Opening::New
                }
            }
            _ => Opening::No,
        }
    }

    /// The hot path: a whole (terminated) RE record, or a typed record of the receipt being
    /// read, parsed straight from the raw bytes. `false` when the line is anything else or does
    /// not parse: the general path ([`Core::dispatch`]) then reads it again and reports why.
    fn fast(&mut self, raw: &[u8]) -> bool {
        let kind = match (raw.get(2), raw.get(..2).and_then(RecordKind::from_bytes)) {
            (Some(b','), Some(kind)) => kind,
            _ => return false,
        };
        if kind == RecordKind::Re {
            if self.head.is_some() || self.fund.is_some() || self.pending.is_some() {
                return false;
            }
            let Some(institution) = self.institution.clone() else {
                return false;
            };
            let layout = match layout_of_re(raw) {
                Some(l @ (ReceiptLayout::Medical | ReceiptLayout::Dpc)) => l,
                Some(l @ (ReceiptLayout::Dental | ReceiptLayout::Pharmacy)) => l,
                _ => return false,
            };
            let position = ReceiptPosition {
                line: self.line,
                index: self.summary.receipts_in_file + 1,
            };
            let Ok(r) = parse_re(raw, layout, position, institution, &mut self.spare) else {
                return false;
            };
            self.close();
            self.summary.receipts_in_file += 1;
            self.build.prev_class = None;
            self.build.layout = layout;
            self.building = Some(r);
            return true;
        }
        if !claim_kind(kind) {
            return false;
        }
        if self.rejecting.is_some() {
            // A record of a rejected receipt: nothing to read (as on the general path).
            return true;
        }
        let Some(r) = self.building.as_mut() else {
            return false;
        };
        add_record(r, kind, raw, &mut self.build).is_ok()
    }

    /// Opens a receipt on an RE line (`raw`, after any history-management columns), or
    /// completes the one an MN opened.
    fn open_re(
        &mut self,
        raw: &[u8],
        f: &Fields<'_>,
        truncated: bool,
        prefix: Option<LinePrefix>,
        opening: Opening,
    ) {
        let layout = layout_of_re(raw).unwrap_or_default();
        let position = match opening {
            Opening::Attach => {
                if prefix.is_some() {
                    self.keep_line(raw, prefix, true);
                }
                match self.pending.take() {
                    Some(p) => p,
                    // The MN's receipt is rejected already: its RE adds nothing.
                    None => return,
                }
            }
            _ => {
                let p = self.open();
                if prefix.is_some() {
                    self.keep_line(raw, prefix, true);
                }
                p
            }
        };
        self.build.layout = layout;
        let result = if truncated {
            Err(FieldError::new(
                0,
                "レコード識別情報",
                Problem::TruncatedRecord,
            ))
        } else {
            match (layout, self.institution.clone()) {
                (ReceiptLayout::VisitingNursing, _) => Err(FieldError::new(
                    2,
                    "レセプト種別",
                    Problem::UnsupportedLayout,
                )),
                (layout, Some(inst)) => parse_re(raw, layout, position, inst, &mut self.spare),
                (_, None) => Err(FieldError::new(
                    0,
                    "レコード識別情報",
                    Problem::MissingHeader,
                )),
            }
        };
        match result {
            Ok(mut r) => {
                r.details.head = self.head.take().map(Box::new);
                if let Some(fs) = self.fund.as_mut() {
                    r.raw_records.append(&mut fs.early_raw);
                }
                self.building = Some(r);
            }
            Err(fe) => {
                self.head = None;
                let e = self.field_error(f, fe, Some(position.index));
                self.rejecting = Some(e);
            }
        }
    }

    /// A head record (IR, YK, UK, HI, HM).
    fn head_record(
        &mut self,
        raw: &[u8],
        f: &Fields<'_>,
        kind: RecordKind,
        truncated: bool,
        within: bool,
    ) {
        let code = f.get(0);
        if !within {
            self.close();
        }
        if self.file_kind.is_none() {
            self.file_kind = Some(kind);
        }
        if kind == RecordKind::Hm {
            self.institution = None;
            let e = self.error(
                self.line,
                Some(code),
                Some(FieldRef {
                    index: 0,
                    name: "レコード識別情報",
                }),
                None,
                Problem::UnsupportedLayout,
                None,
            );
            self.push_file_error(e);
            return;
        }
        if truncated {
            self.file_error(self.line, Some(code), None, Problem::TruncatedRecord);
            return;
        }
        match parse_header(raw, kind) {
            Ok(h) => {
                if h.institution.is_none() {
                    let e = self.error(
                        self.line,
                        Some(code),
                        Some(FieldRef { index: if kind == RecordKind::Hi { 5 } else { 4 }, name: "医療機関コード" }),
                        Some(h.institution_recorded.clone()),
                        Problem::Malformed {
                            expected: "a valid institution code (check digit); receipts are read with the code as recorded",
                        },
                        None,
                    );
                    self.push_file_error(e);
                }
                self.institution = Some(institution_of(&h));
                let receipt_level = within
                    || (matches!(kind, RecordKind::Ir | RecordKind::Yk) && self.receipt_level_ir());
                self.header_accepted = h.institution.is_some() && !within && !receipt_level;
                if self.summary.header.is_none() {
                    self.summary.header = Some(h.clone());
                }
                if receipt_level {
                    self.head = Some(h);
                }
            }
            Err(fe) => {
                self.institution = None;
                let e = self.field_error(f, fe, None);
                if within {
                    self.reject(ReceiptError {
                        receipt_index: Some(self.index()),
                        ..e
                    });
                } else {
                    self.push_file_error(e);
                }
            }
        }
    }

    /// GO or HG: the file's summary.
    fn summary_record(&mut self, raw: &[u8], f: &Fields<'_>) {
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

    /// The fund's state of the open receipt.
    fn fund_state(&mut self) -> &mut FundState {
        self.fund.get_or_insert_with(Box::default)
    }

    /// A record the payment fund adds (MN excepted), on the open receipt.
    fn fund_record(
        &mut self,
        raw: &[u8],
        f: &Fields<'_>,
        kind: RecordKind,
        prefix: Option<LinePrefix>,
    ) {
        let index = self.index();
        if self.strict {
            let e = self.error(
                self.line,
                Some(f.get(0)),
                Some(FieldRef {
                    index: 0,
                    name: "レコード識別情報",
                }),
                Some(clip(f.get(0), 4)),
                Problem::FundRecordRejected,
                Some(index),
            );
            self.reject_or_file(e);
            return;
        }
        if !self.in_receipt() {
            self.file_error(
                self.line,
                Some(f.get(0)),
                None,
                Problem::RecordOutsideReceipt,
            );
            return;
        }
        if self.rejecting.is_some() {
            return;
        }
        let result = add_fund(&mut self.fund_state().records, kind, raw, prefix);
        if let Err(fe) = result {
            let e = self.field_error(f, fe, Some(index));
            self.reject(e);
        }
    }

    fn dispatch(
        &mut self,
        raw: &[u8],
        f: &Fields<'_>,
        terminated: bool,
        prefix: Option<LinePrefix>,
    ) {
        let code = f.get(0);
        let kind = RecordKind::from_code(code);
        let truncated = !terminated && !matches!(kind, Some(RecordKind::Go | RecordKind::Hg));
        if self.after_go && !self.after_go_reported {
            self.after_go_reported = true;
            self.file_error(self.line, Some(code), None, Problem::RecordAfterSummary);
        }
        // A claim record the fund added or a history-block line (データ識別 other than 1).
        let copy = prefix.is_some_and(|p| p.data_ident != LinePrefix::CLAIM)
            && !matches!(kind, Some(k) if k == RecordKind::Mn || is_fund_kind(k) || matches!(k, RecordKind::Go | RecordKind::Hg));
        if copy {
            self.claim_record(raw, f, kind, truncated, prefix);
            return;
        }
        let opening = self.opening(code.as_bytes(), prefix);
        match kind {
            Some(RecordKind::Re) => self.open_re(raw, f, truncated, prefix, opening),
            Some(RecordKind::Mn) => {
                self.summary.mn_records += 1;
                let position = self.open();
                self.pending = Some(position);
                self.awaiting_re = true;
                self.head = None;
                if self.strict {
                    let e = self.error(
                        self.line,
                        Some(code),
                        Some(FieldRef {
                            index: 0,
                            name: "レコード識別情報",
                        }),
                        Some(clip(code, 4)),
                        Problem::FundRecordRejected,
                        Some(position.index),
                    );
                    self.reject(e);
                    return;
                }
                let result = if truncated {
                    Err(FieldError::new(
                        0,
                        "レコード識別情報",
                        Problem::TruncatedRecord,
                    ))
                } else {
                    add_fund(&mut self.fund_state().records, RecordKind::Mn, raw, prefix)
                };
                if let Err(fe) = result {
                    let e = self.field_error(f, fe, Some(position.index));
                    self.reject(e);
                }
            }
            Some(k) if is_head_kind(k) => {
                let within = prefix.is_some() && self.in_receipt();
                self.head_record(raw, f, k, truncated, within);
                if within && prefix.is_some() {
                    self.keep_line(raw, prefix, true);
                }
            }
            Some(RecordKind::Go | RecordKind::Hg) => self.summary_record(raw, f),
            Some(k) if is_fund_kind(k) => {
                if truncated {
                    let e = self.error(
                        self.line,
                        Some(code),
                        None,
                        None,
                        Problem::TruncatedRecord,
                        Some(self.index()),
                    );
                    self.reject_or_file(e);
                    return;
                }
                self.fund_record(raw, f, k, prefix)
            }
            _ => self.claim_record(raw, f, kind, truncated, prefix),
        }
    }

    /// Keeps a line of a prefixed receipt for applying corrections.
    fn keep_line(&mut self, raw: &[u8], prefix: Option<LinePrefix>, claim: bool) {
        let Some(prefix) = prefix else { return };
        let file_line = self.line;
        let fs = self.fund_state();
        let start = fs.buf.len();
        fs.buf.extend_from_slice(raw);
        fs.lines.push(KeptLine {
            prefix,
            start,
            end: fs.buf.len(),
            file_line,
            claim,
        });
        if claim {
            fs.records.claim_prefixes.push(prefix);
        }
    }

    /// A claim record (anything but RE, MN, head, summary and fund records).
    fn claim_record(
        &mut self,
        raw: &[u8],
        f: &Fields<'_>,
        kind: Option<RecordKind>,
        truncated: bool,
        prefix: Option<LinePrefix>,
    ) {
        let code = f.get(0);
        if self.rejecting.is_some() {
            return;
        }
        let index = self.index();
        if truncated {
            let e = self.error(
                self.line,
                Some(code),
                None,
                None,
                Problem::TruncatedRecord,
                Some(index),
            );
            self.reject_or_file(e);
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
            self.reject_or_file(e);
            return;
        }
        if keep_raw {
            *self.summary.raw_kinds.entry(code.to_owned()).or_insert(0) += 1;
        }
        // A line the fund added to the claim (データ識別 2…): kept for the corrections.
        if let Some(p) = prefix.filter(|p| p.data_ident != LinePrefix::CLAIM) {
            if !self.in_receipt() {
                self.file_error(self.line, Some(code), None, Problem::RecordOutsideReceipt);
                return;
            }
            if p.data_ident == LinePrefix::HISTORY {
                let line = self.line;
                self.fund_state().records.history.push(PrefixedLine {
                    prefix: p,
                    record: raw_record(f, line),
                });
            } else {
                self.keep_line(raw, prefix, false);
            }
            return;
        }
        let Some(receipt) = self.building.as_mut() else {
            if keep_raw && self.pending.is_some() {
                // Kept for the receipt the MN opened, once its RE comes.
                let raw = raw_record(f, self.line);
                self.fund_state().early_raw.push(raw);
                return;
            }
            if keep_raw && !self.in_receipt() {
                if self.summary.file_records.len() < MAX_KEPT_FILE_ITEMS {
                    self.summary.file_records.push(raw_record(f, self.line));
                }
            } else if self.pending.is_some() {
                let e = self.error(
                    self.line,
                    Some(code),
                    Some(FieldRef {
                        index: 0,
                        name: "レコード識別情報",
                    }),
                    Some(clip(code, 4)),
                    Problem::Malformed {
                        expected: "the receipt's RE record before its other records",
                    },
                    Some(index),
                );
                self.reject(e);
            } else {
                self.file_error(self.line, Some(code), None, Problem::RecordOutsideReceipt);
            }
            return;
        };
        let result = match kind {
            Some(RecordKind::Ti | RecordKind::Tr | RecordKind::Ts) | None => {
                receipt.raw_records.push(raw_record(f, self.line));
                Ok(())
            }
            Some(k) => add_record(receipt, k, raw, &mut self.build),
        };
        if let Err(fe) = result {
            let e = self.field_error(f, fe, Some(index));
            self.reject(e);
            return;
        }
        if prefix.is_some() {
            self.keep_line(raw, prefix, true);
        }
    }

    /// A line with the three history-management columns (insurer files, history blocks).
    fn feed_prefixed(&mut self, raw: &[u8], terminated: bool) {
        let s = shape(raw);
        let prefix = match s.prefix {
            Some(Ok(p)) => p,
            Some(Err(fe)) => {
                // Columns that are not three numbers: the line cannot be placed.
                let fe = fe.into_detail();
                let index = self.index();
                let e = self.error(
                    self.line,
                    None,
                    Some(FieldRef {
                        index: 0,
                        name: fe.name,
                    }),
                    None,
                    fe.problem,
                    Some(index),
                );
                if self.after_go && !self.after_go_reported {
                    self.after_go_reported = true;
                    self.file_error(self.line, None, None, Problem::RecordAfterSummary);
                }
                self.reject_or_file(e);
                return;
            }
            None => return,
        };
        self.summary.prefixed_lines += 1;
        let record = s.record;
        if !self.after_go
            && self.in_receipt()
            && prefix.data_ident == LinePrefix::CLAIM
            && matches!(s.kind, b"HO" | b"KO")
        {
            self.summary.payer_records_in_file += 1;
        }
        let shift = raw.len() - record.len();
        let mut text = std::mem::take(&mut self.text);
        let mut ends = std::mem::take(&mut self.ends);
        match decode(record, &mut text) {
            Ok(line) => {
                let f = Fields::split(line, &mut ends);
                self.dispatch(record, &f, terminated, Some(prefix));
            }
            Err(offset) => self.bad_encoding(record, offset, shift, Some(prefix), terminated),
        }
        self.text = text;
        self.ends = ends;
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
            // Insurer files (receipts opened by MN) have no GO record that was seen in a
            // sample: its absence is not reported there.
            None if self.summary.mn_records > 0 => {}
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
pub(super) fn decode<'a>(raw: &'a [u8], buf: &'a mut String) -> Result<&'a str, usize> {
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

pub(super) fn raw_record(f: &Fields<'_>, line: u64) -> RawRecord {
    RawRecord {
        kind: f.get(0).to_owned(),
        line,
        fields: (1..f.len()).map(|i| f.get(i).to_owned()).collect(),
    }
}
