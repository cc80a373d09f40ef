//! The damage tests of the medical reader, for every other kind and file form: 歯科, 調剤, DPC,
//! the insurer files (medical and dental), return files and re-examination files. A bad byte, a
//! cut line, an unknown kind, a missing GO, a bare RE (or MN), a file cut mid-record, garbage
//! after the 0x1A mark, a correction naming a line that is not there, and random mutations:
//! the right typed error with file, line and field, every receipt accounted for, never a panic.

use kenpo_domain::receipt::testgen::{self, FileForm, FileKind, GeneratorOptions};
use kenpo_domain::receipt::{
    read_slice, Problem, ReadOutcome, ReaderOptions, ReceiptReader, ReceiptWriter,
};
use proptest::prelude::*;

/// The generated files: (name, bytes, the record kind whose fields are required, insurer form).
fn bases() -> Vec<(&'static str, Vec<u8>, &'static str, bool)> {
    let g = |kind, form| testgen::file(&GeneratorOptions::new(41, 12).kind(kind).form(form));
    vec![
        ("dental", g(FileKind::Dental, FileForm::Claim), "SS", false),
        (
            "pharmacy",
            g(FileKind::Pharmacy, FileForm::Claim),
            "SH",
            false,
        ),
        ("dpc", g(FileKind::Dpc, FileForm::Claim), "BU", false),
        (
            "insurer",
            g(FileKind::Medical, FileForm::Insurer),
            "MN",
            true,
        ),
        (
            "insurer-dental",
            g(FileKind::Dental, FileForm::Insurer),
            "SS",
            true,
        ),
        (
            "returns",
            g(FileKind::Medical, FileForm::Returns),
            "HO",
            false,
        ),
        (
            "reexamination",
            g(FileKind::Medical, FileForm::Reexamination),
            "MD",
            true,
        ),
    ]
}

fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

/// The record kind of a line (after any history-management columns) and whether it has them.
fn kind_of(line: &[u8]) -> (&[u8], Option<u8>) {
    let line = line.strip_suffix(b"\r\n").unwrap_or(line);
    let fields: Vec<&[u8]> = line.split(|b| *b == b',').collect();
    let prefixed = fields
        .first()
        .is_some_and(|f| !f.is_empty() && f.iter().all(u8::is_ascii_digit))
        && fields.len() > 3
        && fields[1].iter().all(u8::is_ascii_digit)
        && fields[2].iter().all(u8::is_ascii_digit)
        && !fields[1].is_empty()
        && !fields[2].is_empty();
    if prefixed {
        let di = std::str::from_utf8(fields[0])
            .ok()
            .and_then(|t| t.parse().ok());
        (fields[3], di)
    } else {
        (fields.first().copied().unwrap_or_default(), None)
    }
}

/// Receipts as the specification opens them, counted independently of the reader: an RE
/// without history-management columns, any MN, an RE of データ識別 1 no MN waits for. Up to the
/// 0x1A mark.
fn receipts_in(bytes: &[u8]) -> u64 {
    let end = bytes.iter().position(|b| *b == 0x1A).unwrap_or(bytes.len());
    let mut waiting = false;
    let mut n = 0;
    for raw in bytes[..end].split(|b| *b == b'\n') {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let (kind, di) = kind_of(raw);
        match (kind, di) {
            (b"MN", _) => {
                n += 1;
                waiting = true;
            }
            (b"RE", None) => {
                n += 1;
                waiting = false;
            }
            (b"RE", Some(1)) => n += u64::from(!std::mem::replace(&mut waiting, false)),
            (b"GO" | b"HG", _) | (b"IR" | b"YK" | b"UK" | b"HI" | b"HM", None) => waiting = false,
            _ => {}
        }
    }
    n
}

fn read(bytes: &[u8], name: &str) -> ReadOutcome {
    let out = read_slice(bytes, ReaderOptions::new(name));
    let s = &out.summary;
    assert!(s.is_accounted(), "{name}");
    assert_eq!(
        s.receipts_in_file,
        receipts_in(bytes),
        "{name}: receipts counted"
    );
    assert_eq!(out.receipts.len() as u64, s.parsed);
    assert_eq!(out.rejected.len() as u64, s.rejected);
    // The streaming reader agrees.
    let mut stream = ReceiptReader::new(bytes, ReaderOptions::new(name));
    let n = stream.by_ref().count() as u64;
    assert_eq!(n, s.receipts_in_file, "{name}: streaming");
    assert_eq!(stream.summary(), s, "{name}: streaming summary");
    out
}

/// The index (0-based) of the first line of kind `kind` in receipt `receipt` (1-based).
fn line_of(all: &[Vec<u8>], kind: &str, receipt: u64) -> usize {
    let mut seen = 0;
    let mut waiting = false;
    for (i, l) in all.iter().enumerate() {
        let (k, di) = kind_of(l);
        let opens = match (k, di) {
            (b"MN", _) => {
                waiting = true;
                true
            }
            (b"RE", None) => true,
            (b"RE", Some(1)) => !std::mem::replace(&mut waiting, false),
            _ => false,
        };
        seen += u64::from(opens);
        if seen == receipt && k == kind.as_bytes() && di.is_none_or(|d| d != 8) {
            return i;
        }
    }
    panic!("no {kind} in receipt {receipt}");
}

#[test]
fn a_clean_base_reads_whole() {
    for (name, bytes, _, _) in bases() {
        let out = read(&bytes, name);
        assert_eq!(
            out.receipts.len(),
            12,
            "{name}: {:?}",
            out.rejected.first().map(ToString::to_string)
        );
        assert!(out.summary.file_errors.is_empty(), "{name}");
    }
}

#[test]
fn a_bad_byte_rejects_only_its_receipt() {
    for (name, bytes, kind, _) in bases() {
        let mut all = lines(&bytes);
        let at = line_of(&all, kind, 4);
        let len = all[at].len();
        all[at].splice(len - 2..len - 2, [0x81, 0x20]);
        let out = read(&all.concat(), name);
        assert_eq!(out.receipts.len(), 11, "{name}");
        let e = &out.rejected[0];
        assert!(
            matches!(e.problem, Problem::BadEncoding { .. }),
            "{name}: {e}"
        );
        assert_eq!(e.line, at as u64 + 1, "{name}");
        assert_eq!(e.receipt_index, Some(4), "{name}");
        assert_eq!(e.raw.as_deref(), Some("0x81 0x20"));
        assert_eq!(&*e.file, name);
    }
}

#[test]
fn a_cut_line_names_the_missing_field() {
    for (name, bytes, kind, _) in bases() {
        let mut all = lines(&bytes);
        let at = line_of(&all, kind, 2);
        // Keep the record kind (and the columns before it) only.
        let keep = all[at]
            .iter()
            .position(|b| *b == b',')
            .map(|first| {
                let (_, di) = kind_of(&all[at]);
                if di.is_some() {
                    all[at]
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| **b == b',')
                        .nth(3)
                        .map_or(first, |(i, _)| i)
                } else {
                    first
                }
            })
            .unwrap();
        all[at].truncate(keep);
        all[at].extend_from_slice(b"\r\n");
        let out = read(&all.concat(), name);
        assert_eq!(out.receipts.len(), 11, "{name}");
        let e = &out.rejected[0];
        assert_eq!(e.problem, Problem::MissingField, "{name}: {e}");
        assert_eq!(
            (e.line, e.receipt_index),
            (at as u64 + 1, Some(2)),
            "{name}"
        );
        assert_eq!(e.record.as_deref(), Some(kind), "{name}");
        assert!(e.field.is_some_and(|f| f.index > 0), "{name}: {e}");
    }
}

#[test]
fn an_unknown_kind_rejects_its_receipt_or_is_kept_raw() {
    for (name, bytes, kind, prefixed) in bases() {
        let mut all = lines(&bytes);
        let at = line_of(&all, kind, 3) + 1;
        let zz: &[u8] = if prefixed {
            b"1,90,0,ZZ,1,2\r\n"
        } else {
            b"ZZ,1,2\r\n"
        };
        all.insert(at, zz.to_vec());
        let damaged = all.concat();
        let out = read(&damaged, name);
        assert_eq!(out.receipts.len(), 11, "{name}");
        let e = &out.rejected[0];
        assert_eq!(e.problem, Problem::UnknownRecordKind);
        assert_eq!((e.line, e.record.as_deref()), (at as u64 + 1, Some("ZZ")));
        let kept = read_slice(&damaged, ReaderOptions::new(name).keep_unknown_kinds());
        assert_eq!(kept.receipts.len(), 12, "{name}");
        assert_eq!(kept.summary.raw_kinds.get("ZZ"), Some(&1));
    }
}

#[test]
fn a_missing_summary_is_reported_where_files_have_one() {
    for (name, bytes, _, prefixed) in bases() {
        let without: Vec<u8> = lines(&bytes)
            .into_iter()
            .filter(|l| !matches!(kind_of(l).0, b"GO" | b"HG"))
            .flatten()
            .collect();
        let out = read(&without, name);
        assert_eq!(out.receipts.len(), 12, "{name}");
        let missing = out
            .summary
            .file_errors
            .iter()
            .any(|e| e.problem == Problem::MissingSummary);
        // Insurer files carry no GO record.
        assert_eq!(missing, !prefixed, "{name}");
    }
}

#[test]
fn a_bare_opening_record_is_a_rejected_receipt() {
    for (name, bytes, kind, prefixed) in bases() {
        let mut all = lines(&bytes);
        let at = line_of(&all, kind, 5) + 1;
        let bare: &[u8] = if prefixed { b"2,1,0,MN\r\n" } else { b"RE\r\n" };
        all.insert(at, bare.to_vec());
        let out = read(&all.concat(), name);
        // The receipt it cuts short may lose its tail; the bare one is rejected.
        assert!(out.summary.rejected >= 1, "{name}");
        assert_eq!(out.summary.receipts_in_file, 13, "{name}");
        assert!(out
            .rejected
            .iter()
            .any(|e| e.line == at as u64 + 1 && e.field.is_some()));
    }
}

#[test]
fn a_file_cut_mid_record_rejects_the_last_receipt_only() {
    for (name, bytes, kind, _) in bases() {
        let all = lines(&bytes);
        let at = line_of(&all, kind, 7);
        let keep: usize = all[..at].iter().map(Vec::len).sum::<usize>() + all[at].len() / 2;
        let out = read(&bytes[..keep], name);
        assert_eq!(out.receipts.len(), 6, "{name}");
        assert_eq!(out.rejected.len(), 1, "{name}");
        let e = &out.rejected[0];
        assert_eq!(e.problem, Problem::TruncatedRecord, "{name}: {e}");
        assert_eq!((e.line, e.receipt_index), (at as u64 + 1, Some(7)));
    }
}

#[test]
fn garbage_after_the_end_mark_is_ignored() {
    for (name, bytes, _, _) in bases() {
        let mut marked = bytes.clone();
        assert_eq!(marked.last(), Some(&0x1A));
        marked.extend_from_slice(b"RE,garbage\r\n2,1,0,MN,x\r\n\xff\xfe");
        let out = read(&marked, name);
        assert_eq!(out.receipts, read(&bytes, name).receipts, "{name}");
    }
}

#[test]
fn a_correction_naming_a_missing_line_is_a_typed_error() {
    let bytes = testgen::file(
        &GeneratorOptions::new(41, 12)
            .kind(FileKind::Medical)
            .form(FileForm::Insurer),
    );
    // Point the first correction (JY: 補正区分, then 補正対象行番号) at line 999.
    let mut all = lines(&bytes);
    let at = all
        .iter()
        .position(|l| kind_of(l).0 == b"JY")
        .expect("the base file has corrections");
    let mut fields: Vec<Vec<u8>> = all[at].split(|b| *b == b',').map(<[u8]>::to_vec).collect();
    fields[5] = b"999".to_vec();
    all[at] = fields.join(&b","[..]);
    let damaged = all.concat();
    let out = read(&damaged, "JY");
    assert_eq!(out.rejected.len(), 1);
    let e = &out.rejected[0];
    assert_eq!(e.problem, Problem::CorrectionTarget);
    assert_eq!(e.record.as_deref(), Some("JY"));
    assert_eq!(e.field.unwrap().name, "補正対象行番号");
}

#[test]
fn visiting_nursing_is_refused_with_its_own_error() {
    let text = "HM,1,13,6,1234567,,訪問看護ステーション,202611,00\r\nRE,1,6112,202610,山田\u{3000}太郎,1,19800101\r\nHO,06139992,1,2,1,100\r\nGO,1,100,99\r\n\x1a";
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
    let out = read(&bytes, "NURSING");
    assert_eq!(out.rejected.len(), 1);
    assert_eq!(out.rejected[0].problem, Problem::UnsupportedLayout);
    assert!(out
        .summary
        .file_errors
        .iter()
        .any(|e| e.problem == Problem::UnsupportedLayout && e.record.as_deref() == Some("HM")));
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const INTERESTING: &[u8] = &[
    b',', b'\r', b'\n', 0x1A, 0x81, 0x82, 0xFF, b'M', b'N', b'R', b'E', b'0', b'1', b'2', b'8',
];

#[test]
fn mutated_files_of_every_kind_never_panic_and_account_for_every_receipt() {
    let iterations: u64 = std::env::var("KENPO_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1500);
    let bases = bases();
    let mut rng = Rng(0x5EED_4321_DCBA_0017);
    for i in 0..iterations {
        let (name, base, _, _) = &bases[(i % bases.len() as u64) as usize];
        let mut b = base.clone();
        for _ in 0..1 + rng.below(4) {
            if b.is_empty() {
                break;
            }
            let at = rng.below(b.len());
            match rng.below(6) {
                0 => b[at] = INTERESTING[rng.below(INTERESTING.len())],
                1 => b[at] ^= 1 << rng.below(8),
                2 => {
                    let end = (at + rng.below(64)).min(b.len());
                    b.drain(at..end);
                }
                3 => b.insert(at, INTERESTING[rng.below(INTERESTING.len())]),
                4 => b.truncate(at),
                _ => {
                    let recs: [&[u8]; 8] = [
                        b"2,1,0,MN,1\r\n",
                        b"1,3,0,RE,1\r\n",
                        b"2,9,0,JY,2,3,0,,B,9,1\r\n",
                        b"8,1,0,RE,1\r\n",
                        b"UK,1\r\n",
                        b"SS,1\r\n",
                        b"HR,1\r\n",
                        b"HG,1,2,99\r\n",
                    ];
                    let start = b[..at]
                        .iter()
                        .rposition(|c| *c == b'\n')
                        .map_or(0, |p| p + 1);
                    b.splice(start..start, recs[rng.below(recs.len())].iter().copied());
                }
            }
        }
        for opts in [
            ReaderOptions::new(*name),
            ReaderOptions::new(*name).keep_unknown_kinds(),
            ReaderOptions::new(*name).strict(),
        ] {
            let out = read_slice(&b, opts);
            assert!(out.summary.is_accounted(), "{name} iteration {i}");
            assert_eq!(
                out.summary.receipts_in_file,
                receipts_in(&b),
                "{name} iteration {i}"
            );
        }
        if i % 8 == 0 {
            let out = read(&b, name);
            // What was read writes back (or refuses with an error) and reads again.
            if let Some(h) = &out.summary.header {
                let mut w = ReceiptWriter::new(Vec::new());
                if out.summary.mn_records > 0 {
                    w = w.insurer_form();
                }
                let mut ok = w.header(h).is_ok();
                for r in &out.receipts {
                    ok = ok && w.receipt(r).is_ok();
                }
                if ok {
                    let written = w.finish().unwrap();
                    let again = read_slice(&written, ReaderOptions::new(*name));
                    assert!(again.summary.is_accounted());
                    if again.summary.parsed != out.summary.parsed {
                        eprintln!("{:?}", again.rejected.first().map(ToString::to_string));
                    }
                    assert_eq!(
                        again.summary.parsed, out.summary.parsed,
                        "{name} iteration {i}"
                    );
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn accounting_holds_on_any_cut_of_any_kind(which in 0usize..7, seed in 0u64..200, cut in 0.0f64..1.0) {
        let (kind, form) = [
            (FileKind::Dental, FileForm::Claim),
            (FileKind::Pharmacy, FileForm::Claim),
            (FileKind::Dpc, FileForm::Claim),
            (FileKind::Medical, FileForm::Insurer),
            (FileKind::Pharmacy, FileForm::Insurer),
            (FileKind::Medical, FileForm::Returns),
            (FileKind::Medical, FileForm::Reexamination),
        ][which];
        let bytes = testgen::file(&GeneratorOptions::new(seed, 6).kind(kind).form(form));
        let at = ((bytes.len() as f64) * cut) as usize;
        let cut = &bytes[..at.min(bytes.len())];
        let out = read_slice(cut, ReaderOptions::new("cut"));
        prop_assert!(out.summary.is_accounted());
        prop_assert_eq!(out.summary.receipts_in_file, receipts_in(cut));
        prop_assert!(out.rejected.len() <= 1);
    }

    #[test]
    fn accounting_holds_on_byte_edits_of_any_kind(which in 0usize..7, seed in 0u64..200, edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let (kind, form) = [
            (FileKind::Dental, FileForm::Claim),
            (FileKind::Pharmacy, FileForm::Claim),
            (FileKind::Dpc, FileForm::Claim),
            (FileKind::Medical, FileForm::Insurer),
            (FileKind::Dental, FileForm::Insurer),
            (FileKind::Medical, FileForm::Returns),
            (FileKind::Medical, FileForm::Reexamination),
        ][which];
        let mut bytes = testgen::file(&GeneratorOptions::new(seed, 5).kind(kind).form(form));
        for (i, b) in edits {
            let at = i.index(bytes.len());
            bytes[at] = b;
        }
        let out = read_slice(&bytes, ReaderOptions::new("edit"));
        prop_assert!(out.summary.is_accounted());
        prop_assert_eq!(out.summary.receipts_in_file, receipts_in(&bytes));
    }
}
