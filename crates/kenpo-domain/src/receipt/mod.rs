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
//! ministry, 医科用 / 歯科用 / 調剤用 / DPC用, and the payment fund's レセ電コード情報ファイル
//! for insurers. `docs/RECEIPTS.md` says which edition of each layout is followed and how sure
//! it is; `docs/SOURCES.md` (receipts) gives the addresses. In short:
//!
//! - Kinds: 医科 and DPC, 歯科, 調剤 are typed, each RE/HO/KO in its kind's positions
//!   ([`ReceiptLayout`], [`Receipt::layout`]) and the kind's own records in
//!   [`ReceiptDetails`] ([`dpc`], [`dental`], [`pharmacy`]). 訪問看護 receipts are rejected with
//!   [`Problem::UnsupportedLayout`]: no layout solid enough was found.
//! - Forms: a clinic's claim file (lines start with the record kind); the fund's insurer file,
//!   whose lines start with three history-management columns and whose receipts open at MN;
//!   return files (HI … HG) and re-examination files. Every line is read on its own merits.
//! - The fund's records (MN, RC, EX, ON, JY, HR, MD, RT, JR, MK) are typed and kept with their
//!   receipt ([`Receipt::fund`], [`fund`]); the JY corrections are applied, giving the receipt
//!   as paid, and the receipt as claimed is kept ([`Receipt::as_claimed`]). They are accepted by
//!   default; [`ReaderOptions::strict`] rejects the receipts that carry them.
//! - Dates are read in the Gregorian form (YYYYMM, YYYYMMDD; 令和2年 edition and later) and the
//!   era form (GYYMM, GYYMMDD, 元号区分 1 明治 … 5 令和) and written back in the file's form
//!   ([`FileHeader::date_form`]).
//! - Text is Shift_JIS, decoded as CP932 ([`encoding_rs::SHIFT_JIS`] is the WHATWG Shift_JIS,
//!   i.e. CP932 with its NEC/IBM extensions), field by field (see Performance).
//! - One record per line ending in CR LF; a bare LF is accepted; the end-of-file byte 0x1A may
//!   be present (everything after it is ignored) or absent.
//! - Full-width digits and letters in symbols and numbers are normalised to half-width.
//! - An empty 診療識別 on an SI/IY/TO/CO line continues the previous line's class
//!   ([`LineItem::class_continued`] remembers it, so the writer reproduces the file); it is
//!   reset at each RE.
//! - A file may repeat IR (as files bundling several institutions do): each receipt takes the
//!   institution of the last IR/YK before it.
//! - A fixture's dummy institution code whose check digit fails (the public sample's
//!   `12 1 0000000`) does not reject its receipts: [`Receipt::institution`] is `None`,
//!   [`Receipt::institution_recorded`] keeps the digits, and one file-level error says so.
//! - 1 point = 10 yen ([`YEN_PER_POINT`]); the RE 割引点数単価 is not applied.
//! - The pharmacy prescriber is read from the 調剤 RE (positions 10–12), as the fund's sample
//!   shows; when it does not give a valid institution code C5 joins the pharmacy to the only
//!   medical institution of the month, if there is one.
//!
//! Beyond reading: [`returns`] turns return and re-examination records into typed returns and
//! cases linked to the receipts first received; [`review`] is the 点検 (突合, 縦覧 and
//! single-receipt checks, some on the fund's master files) giving a candidate list;
//! [`pseudonymise`] writes a copy of a file with keyed pseudonyms for every personal field.
//!
//! # Performance
//!
//! Typed records are read straight from the raw bytes by one forward cursor per line: ASCII
//! fields (codes, numbers, dates: most of a file) are parsed in place and only fields with
//! other bytes (names, comment texts) are decoded, through a table of every CP932 pair built
//! once, each into the buffer its value then keeps. A comma never falls inside a Shift_JIS
//! character, so this accepts exactly the lines that decoding the whole line would; the fields
//! a parser passes over, and the rest of the line, are checked too. A line that does not parse
//! is read again by the general path, which decodes it whole and reports the first problem. The
//! streaming reader keeps one line (at most [`MAX_LINE_BYTES`]) and one receipt in memory.
//! [`SliceReader::next_lent`] and [`ReceiptReader::next_lent`] lend each receipt and reuse its
//! vectors for the next one.
//!
//! A file held in memory can also be read on several threads ([`fold_slice_parallel`],
//! [`read_slice_parallel`]): it is cut into parts at the lines that open receipts (RE, or MN in
//! insurer files), a quick first pass counts each part's lines and receipts and finds its last
//! IR/YK line, and each part is then read by its own reader numbering lines and receipts as in
//! the whole file. The outcome is the same as one reader's (the tests compare them on
//! generated, sample, damaged and mutated files); a file that cannot be cut safely is read in
//! one part. `benches/benches/receipts.rs` times all of this against the `csv` crate merely
//! splitting the same bytes into records; `benches/README.md` has the figures of one run.
//!
//! # Bad input
//!
//! Every problem becomes a [`ReceiptError`] naming file, line, record kind, field and raw value
//! (never the value of a personal field: name, kana, birth date, symbol, number, branch,
//! recipient). The receipt it occurs in is rejected (yielded as `Err`) and the reader resumes at
//! the next receipt, so `parsed + rejected == receipts in the file`
//! ([`ReadSummary::is_accounted`]). A GO record whose totals disagree with what was read gives
//! one file-level [`Finding`]. GO's 総件数 counts payer records, one per HO and one per KO of
//! each receipt, and its 総合計点数 adds each receipt's HO 合計点数 (the first KO's without an
//! HO): the 記録条件仕様's GO notes, which the public sample (75 receipts, 69 HO + 71 KO = 140,
//! 86,392 points) follows.
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

mod builder;
pub mod checks;
pub mod dental;
pub mod dpc;
mod error;
mod fields;
pub mod fund;
mod kind;
mod model;
mod parallel;
pub mod pharmacy;
pub mod pseudonymise;
mod reader;
pub mod record;
pub mod returns;
pub mod review;
pub mod testgen;
pub mod units;
mod writer;

pub use checks::{ClinicInquiry, Finding, InquiryDue, Rule};
pub use error::{FieldRef, Problem, ReceiptError, WriteError};
pub use kind::{
    ClaimBranch, PatientCategory, ReceiptKind, ReceiptKindError, ReceiptLayout, RecordKind, Scheme,
    Setting,
};
pub use model::*;
pub use parallel::{fold_slice_parallel, read_slice_parallel, ParallelFold};
pub use reader::{
    read_slice, LayoutCount, ReadOutcome, ReadSummary, ReaderOptions, ReceiptReader, SliceReader,
    UnknownKinds, MAX_KEPT_FILE_ITEMS, MAX_LINE_BYTES,
};
pub use writer::ReceiptWriter;
