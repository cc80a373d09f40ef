//! Receipts (レセプト): reading, writing and checking the payment fund's claim files
//! (purposes C0, C1, C2, C5 and C14 of the society's notice).
//!
//! Every month the payment fund (社会保険診療報酬支払基金) sends the society its members'
//! receipts as record-based CSV files of the レセプト電算処理システム. This module reads them
//! into a typed model ([`Receipt`]), writes them back ([`ReceiptWriter`]), checks them against
//! the member master ([`checks`]) and builds the 高額療養費 units the benefits use
//! ([`units`]).
//!
//! # The format, and what this reader follows
//!
//! The 記録条件仕様 (オンライン又は光ディスク等による請求に係る記録条件仕様) of the health
//! ministry, 医科用 / 歯科用 / 調剤用 / DPC用, in the 令和2年 (2020) edition and later: every
//! date in the Gregorian form (YYYYMM, YYYYMMDD; the edition's RE notes read "「西暦年月6桁」で
//! 記録"), SN (資格確認) and JD (受診日等) records present, カタカナ氏名 at RE field 36. Files
//! of earlier editions, with era dates (GYYMM, GYYMMDD, 元号区分 1 明治 … 5 令和), are read too:
//! the two forms differ in length. Field positions of IR, RE, HO, KO, SN, SI, IY, TO and CO were
//! taken from the specification's CSV translation as encoded by the open-source viewer
//! `yokenzan/receiptisan` (`record.rb`), and checked against the public sample file
//! `RECEIPTC_GAIRAI_SAMPLE.UKE` of that project (MIT), which the tests read.
//!
//! - Text is Shift_JIS, decoded as CP932 ([`encoding_rs::SHIFT_JIS`] is the WHATWG Shift_JIS,
//!   i.e. CP932 with its NEC/IBM extensions), field by field (see Performance).
//! - One record per line ending in CR LF; a bare LF is accepted; the end-of-file byte 0x1A may
//!   be present (everything after it is ignored) or absent.
//! - Full-width digits and letters in symbols and numbers are normalised to half-width.
//! - An empty 診療識別 on an SI/IY/TO/CO line continues the previous line's class
//!   ([`LineItem::class_continued`] remembers it, so the writer reproduces the file).
//! - A file may repeat IR (as files bundling several institutions do): each receipt takes the
//!   institution of the last IR/YK before it.
//!
//! # What is typed, what is kept raw, and the doubts
//!
//! - Typed: IR/YK, RE, HO, KO, SN, JD, SY, SI, IY, TO, CO, SJ, GO.
//! - Kept whole as [`RawRecord`]s (never dropped): MF (窓口負担額: its field layout could not be
//!   confirmed), the dental records HS and SS, the pharmacy records SH and CZ (and, on pharmacy
//!   receipts, IY/TO/CO, whose 調剤 layout differs from the medical one), the DPC records BU,
//!   SB, KK, GA, HH, GT, CD (a receipt with BU is [`Receipt::is_dpc`]), and GR, TI, TR, TS.
//! - The insurer edition (保険者向け, what the fund sends insurers) adds records about the
//!   review (審査結果, 増減点, 返戻). Their layouts could not be confirmed from a public source;
//!   with [`UnknownKinds::KeepRaw`] such records are kept raw on their receipt and counted in
//!   [`ReadSummary::raw_kinds`]; with the default [`UnknownKinds::Reject`] an unknown kind
//!   rejects its receipt (a clinic-edition file has none).
//! - The pharmacy prescriber is read from the SH record at [`PRESCRIBER_FIELDS`]: this position
//!   is our reading and unconfirmed; when it does not give a valid institution code the
//!   prescriber is unknown and C5 joins the pharmacy to the only medical institution of the
//!   month, if there is one.
//! - 1 point = 10 yen ([`YEN_PER_POINT`]); the RE 割引点数単価 is not applied.
//!
//! - A fixture's dummy institution code whose check digit fails (the public sample's
//!   `12 1 0000000`) does not reject its receipts: [`Receipt::institution`] is `None`,
//!   [`Receipt::institution_recorded`] keeps the digits, and one file-level error says so.
//! - 診療識別 is resolved across SI/IY/TO/CO lines of one receipt and reset at each RE.
//! - The insurer edition's own GO/summary records, and whether it repeats IR per institution,
//!   are unconfirmed; the reader accepts repeated IR/YK and compares GO with the whole file.
//!
//! # Performance
//!
//! Typed records are read straight from the raw bytes by one forward cursor per line: ASCII
//! fields (codes, numbers, dates: most of a file) are parsed in place and only fields with
//! other bytes (names, comment texts) are decoded, each into the buffer its value then keeps. A
//! comma never falls inside a Shift_JIS character, so this accepts exactly the lines that
//! decoding the whole line would; the fields a parser passes over, and the rest of the line,
//! are checked too. A line that does not parse is read again by the general path, which
//! decodes it whole and reports the first problem. Day counts skip runs of empty fields eight
//! bytes at a time; codes are kept as integers. The streaming reader keeps one line (at most
//! [`MAX_LINE_BYTES`]) and one receipt in memory. [`SliceReader::next_lent`] and
//! [`ReceiptReader::next_lent`] lend each receipt and reuse its vectors for the next one. The
//! 0x1A mark is looked for as lines are read, not in a pass of its own.
//!
//! A file held in memory can also be read on several threads ([`fold_slice_parallel`],
//! [`read_slice_parallel`]): it is cut into parts at RE lines, a quick first pass counts each
//! part's lines and receipts and finds its last IR/YK line, and each part is then read by its
//! own reader numbering lines and receipts as in the whole file. The outcome is the same as
//! one reader's (the tests compare them on generated, sample, damaged and mutated files); a file
//! that cannot be cut safely (a GO record before the last part, a damaged IR/YK line) is read
//! in one part. `benches/benches/receipts.rs` times all of this against the `csv` crate merely
//! splitting the same bytes into records; `benches/README.md` has the figures: on one thread
//! the typed read is at about 0.7 of the split's speed, on the two cores of this machine and of
//! CI at about 1.3.
//!
//! # Bad input
//!
//! Every problem becomes a [`ReceiptError`] naming file, line, record kind, field and raw value
//! (never the value of a personal field: name, kana, birth date, symbol, number, branch,
//! recipient). The receipt it occurs in is rejected (yielded as `Err`) and the reader resumes at
//! the next RE, so `parsed + rejected == receipts in the file` ([`ReadSummary::is_accounted`]).
//! A GO record whose totals disagree with what was read gives one file-level [`Finding`].
//!
//! # Example
//!
//! ```
//! use kenpo_domain::receipt::{read_slice, testgen, ReaderOptions};
//!
//! let bytes = testgen::file(&testgen::GeneratorOptions::new(7, 20));
//! let out = read_slice(&bytes, ReaderOptions::new("RECEIPTC.UKE"));
//! assert_eq!(out.receipts.len(), 20);
//! assert!(out.summary.is_accounted());
//! assert!(out.summary.findings.is_empty());
//! let first = &out.receipts[0];
//! assert_eq!(first.total_points().to_yen().get(), first.total_points().get() * 10);
//! ```

pub mod checks;
mod error;
mod fields;
mod kind;
mod model;
mod parallel;
mod reader;
pub mod testgen;
pub mod units;
mod writer;

pub use checks::{ClinicInquiry, Finding, InquiryDue, Rule};
pub use error::{FieldRef, Problem, ReceiptError, WriteError};
pub use kind::{
    ClaimBranch, PatientCategory, ReceiptKind, ReceiptKindError, RecordKind, Scheme, Setting,
};
pub use model::*;
pub use parallel::{fold_slice_parallel, read_slice_parallel, ParallelFold};
pub use reader::{
    read_slice, ReadOutcome, ReadSummary, ReaderOptions, ReceiptReader, SliceReader, UnknownKinds,
    MAX_KEPT_FILE_ITEMS, MAX_LINE_BYTES,
};
pub use writer::ReceiptWriter;

/// Where the pharmacy SH (処方基本) record gives the prescribing institution, as 1-based field
/// positions after the record kind: (都道府県, 点数表, 医療機関コード). Our reading of the
/// 調剤用 記録条件仕様, not confirmed against the published layout; see the module docs.
pub const PRESCRIBER_FIELDS: (usize, usize, usize) = (1, 2, 3);
