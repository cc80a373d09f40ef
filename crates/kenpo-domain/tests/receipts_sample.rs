//! The public sample file (yokenzan/receiptisan, MIT; see data/receipts/SOURCES.md) parses with
//! no rejection, and its GO record agrees with it: 総件数 140 counts the payer records (69 HO +
//! 71 KO), 総合計点数 86,392 the per-receipt HO (or first KO) points. A GO that disagrees is one
//! file-level finding.

use kenpo_domain::receipt::{
    read_slice, ItemKind, Outcome, ReaderOptions, ReceiptReader, Rule, Scheme, Setting,
};

const SAMPLE: &[u8] = include_bytes!("data/receipts/RECEIPTC_GAIRAI_SAMPLE.UKE");

#[test]
fn sample_parses_without_rejection() {
    let out = read_slice(SAMPLE, ReaderOptions::new("RECEIPTC_GAIRAI_SAMPLE.UKE"));
    assert!(
        out.rejected.is_empty(),
        "{:?}",
        out.rejected.first().map(ToString::to_string)
    );
    // The fixture's institution code (12 1 0000000) is a dummy with a wrong check digit: it is
    // reported once, at file level, and the receipts keep the code as recorded.
    assert_eq!(
        out.summary.file_errors.len(),
        1,
        "{:?}",
        out.summary.file_errors
    );
    let e = &out.summary.file_errors[0];
    assert_eq!((e.line, e.field.unwrap().name), (1, "医療機関コード"));
    assert_eq!(e.raw.as_deref(), Some("1210000000"));
    assert_eq!(e.receipt_index, None);
    // Counted byte by byte in SOURCES.md: 75 RE, 69 HO, 71 KO, 9 SY, 320 SI, 32 IY, 56 CO, 2 SN.
    assert_eq!(out.receipts.len(), 75);
    assert_eq!(out.summary.receipts_in_file, 75);
    assert!(out.summary.is_accounted());
    let count = |f: &dyn Fn(&kenpo_domain::receipt::Receipt) -> usize| {
        out.receipts.iter().map(f).sum::<usize>()
    };
    assert_eq!(count(&|r| usize::from(r.insurance.is_some())), 69);
    assert_eq!(count(&|r| r.public_funds.len()), 71);
    assert_eq!(count(&|r| r.diagnoses.len()), 9);
    assert_eq!(count(&|r| r.confirmations.len()), 2);
    let items = |k: ItemKind| count(&|r| r.items.iter().filter(|i| i.kind == k).count());
    assert_eq!(items(ItemKind::Procedure), 320);
    assert_eq!(items(ItemKind::Drug), 32);
    assert_eq!(items(ItemKind::Comment), 56);
    assert!(out.receipts.iter().all(|r| r.raw_records.is_empty()));
}

#[test]
fn sample_go_totals_agree_with_its_payer_records() {
    let out = read_slice(SAMPLE, ReaderOptions::new("RECEIPTC_GAIRAI_SAMPLE.UKE"));
    let go = out.summary.declared.as_ref().unwrap();
    assert_eq!(go.receipts, 140);
    assert_eq!(go.points.get(), 86_392);
    assert_eq!(out.summary.receipts_in_file, 75);
    assert_eq!(out.summary.payer_records_in_file, 69 + 71);
    assert_eq!(out.summary.points_read.get(), 86_392);
    assert!(
        out.summary.findings.is_empty(),
        "{:?}",
        out.summary.findings
    );
}

/// The sample with its GO record replaced by `go`.
fn with_go(go: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for line in SAMPLE.split_inclusive(|b| *b == b'\n') {
        if line.starts_with(b"GO,") {
            out.extend_from_slice(go.as_bytes());
        } else {
            out.extend_from_slice(line);
        }
    }
    out
}

#[test]
fn a_go_that_disagrees_is_one_finding_with_both_figures() {
    // 75 (the receipts) is not what GO counts: the payer records are 140.
    for (go, figure) in [
        ("GO,75,86392,99\r\n", "75"),
        ("GO,140,86391,99\r\n", "86391"),
    ] {
        let out = read_slice(
            &with_go(go),
            ReaderOptions::new("RECEIPTC_GAIRAI_SAMPLE.UKE"),
        );
        assert_eq!(out.summary.findings.len(), 1, "{go}");
        let f = &out.summary.findings[0];
        assert_eq!(f.rule, Rule::SummaryMismatch);
        assert!(f.position.is_none());
        assert!(
            f.en.contains(figure) && f.en.contains("140 payer records"),
            "{}",
            f.en
        );
        assert!(f.ja.contains("140件"), "{}", f.ja);
    }
    // A receipt removed (its RE, HO and KO lines): the untouched GO no longer agrees.
    let mut cut = Vec::new();
    let mut skip = false;
    let mut seen = 0;
    for line in SAMPLE.split_inclusive(|b| *b == b'\n') {
        if line.starts_with(b"RE,") {
            seen += 1;
            skip = seen == 3;
        }
        if !skip {
            cut.extend_from_slice(line);
        }
    }
    let out = read_slice(&cut, ReaderOptions::new("CUT.UKE"));
    assert_eq!(out.summary.receipts_in_file, 74);
    assert_eq!(out.summary.findings.len(), 1);
}

#[test]
fn sample_first_receipt_fields() {
    let out = read_slice(SAMPLE, ReaderOptions::new("s"));
    let r = &out.receipts[0];
    // RE,1,1122,202110,テスト　汎用,1,19911121,...,28,...,テストハンヨウ
    assert_eq!(r.number, 1);
    assert_eq!(r.kind.code(), "1122");
    assert_eq!(r.kind.scheme(), Scheme::HealthInsurance);
    assert_eq!(r.kind.public_funds(), 1);
    assert_eq!(r.kind.setting(), Setting::Outpatient);
    assert_eq!(r.service_month.to_string(), "2021-10");
    assert_eq!(r.patient.name.as_str(), "テスト\u{3000}汎用");
    assert_eq!(r.patient.kana.as_ref().unwrap().as_str(), "テストハンヨウ");
    assert_eq!(r.patient.birth_date.to_string(), "1991-11-21");
    assert_eq!(r.special_notes, "28");
    // The fixture's institution code 0000000 is a dummy: its check digit is wrong, so the code
    // is kept as recorded and reported once as a file-level error, without rejecting receipts.
    assert_eq!(&*r.institution_recorded, "1210000000");
    assert!(r.institution.is_none());
    // HO,01010016,１,１,1,13642 — full-width symbol and number normalised.
    let ho = r.insurance.as_ref().unwrap();
    assert_eq!(ho.insurer.as_str(), "01010016");
    assert_eq!(ho.symbol.as_ref().unwrap().as_str(), "1");
    assert_eq!(ho.number.as_ref().unwrap().as_str(), "1");
    assert_eq!(ho.points.get(), 13_642);
    assert_eq!(ho.points.to_yen().get(), 136_420);
    // KO,83136019,1111111,,1,677,1354
    let ko = &r.public_funds[0];
    assert_eq!(ko.payer.as_str(), "83136019");
    assert_eq!(ko.points.get(), 677);
    assert_eq!(ko.charge.unwrap().get(), 1354);
    // SY,0000999,20210909,1,,テスト
    assert_eq!(r.diagnoses.len(), 3);
    assert_eq!(r.diagnoses[0].code, 2_500_013);
    assert!(r.diagnoses[0].main);
    assert_eq!(r.diagnoses[1].name.as_deref(), Some("テスト"));
    assert_eq!(r.diagnoses[1].outcome, Outcome::Continuing);
    // SI,11,2,111000110,,288,1 then IY lines with an empty class continuing CO's class 22.
    let si = &r.items[0];
    assert_eq!(
        (
            si.service_class,
            si.code,
            si.points.unwrap().get(),
            si.times
        ),
        (11, 111_000_110, 288, 1)
    );
    assert_eq!(si.days[0], 1);
    let iy = r.items.iter().find(|i| i.kind == ItemKind::Drug).unwrap();
    assert!(iy.class_continued);
    assert_eq!(iy.service_class, 22);
}

#[test]
fn streaming_reader_matches_slice_reader() {
    let fast = read_slice(SAMPLE, ReaderOptions::new("s"));
    let mut reader = ReceiptReader::new(SAMPLE, ReaderOptions::new("s"));
    let streamed: Vec<_> = reader.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(streamed, fast.receipts);
    assert_eq!(reader.summary(), &fast.summary);
}

#[test]
fn sample_branch_numbers_from_sn() {
    let out = read_slice(SAMPLE, ReaderOptions::new("s"));
    let with_sn: Vec<_> = out
        .receipts
        .iter()
        .filter(|r| !r.confirmations.is_empty())
        .collect();
    assert_eq!(with_sn.len(), 2);
    assert_eq!(with_sn[0].branch_number().unwrap().as_str(), "00");
}
