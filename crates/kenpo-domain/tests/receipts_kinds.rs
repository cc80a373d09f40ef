//! Every receipt kind and file form, generated from the layouts: read with no rejection, back to
//! the receipts that were generated, and written back byte for byte.

use kenpo_domain::receipt::fund::CorrectionKind;
use kenpo_domain::receipt::record::DateForm;
use kenpo_domain::receipt::testgen::{self, FileForm, FileKind, GeneratorOptions};
use kenpo_domain::receipt::{
    read_slice, read_slice_parallel, ReadOutcome, ReaderOptions, Receipt, ReceiptLayout,
    ReceiptReader, ReceiptWriter, RecordKind,
};

/// Asserts two files are the same bytes, naming the first line that differs.
#[track_caller]
fn same_bytes(got: &[u8], want: &[u8], what: &str) {
    if got == want {
        return;
    }
    let (g, w): (Vec<&[u8]>, Vec<&[u8]>) = (
        got.split(|b| *b == b'\n').collect(),
        want.split(|b| *b == b'\n').collect(),
    );
    let at = g
        .iter()
        .zip(&w)
        .position(|(a, b)| a != b)
        .unwrap_or(g.len().min(w.len()));
    let show = |l: Option<&&[u8]>| l.map(|l| encoding_rs::SHIFT_JIS.decode(l).0.into_owned());
    panic!(
        "{what}: line {} differs:\n got  {:?}\n want {:?}",
        at + 1,
        show(g.get(at)),
        show(w.get(at))
    );
}

fn read(bytes: &[u8]) -> ReadOutcome {
    let out = read_slice(bytes, ReaderOptions::new("GEN"));
    assert!(
        out.rejected.is_empty(),
        "{:?}",
        out.rejected.first().map(ToString::to_string)
    );
    assert!(
        out.summary.file_errors.is_empty(),
        "{:?}",
        out.summary.file_errors.first().map(ToString::to_string)
    );
    assert!(
        out.summary.findings.is_empty(),
        "{:?}",
        out.summary.findings
    );
    assert!(out.summary.is_accounted());
    out
}

fn rewrite(out: &ReadOutcome, insurer: bool) -> Vec<u8> {
    let mut w = ReceiptWriter::new(Vec::new());
    if insurer {
        w = w.insurer_form();
    }
    w.header(out.summary.header.as_ref().unwrap()).unwrap();
    for r in &out.receipts {
        w.receipt(r).unwrap();
    }
    w.finish().unwrap()
}

/// `r` without what reading adds: positions, the file lines of kept records, and the fund's
/// record of how lines were numbered.
fn as_generated(r: &Receipt) -> Receipt {
    let mut r = r.clone();
    r.position.line = 0;
    for raw in &mut r.raw_records {
        raw.line = 0;
    }
    if let Some(f) = r.fund.as_mut() {
        f.claim_prefixes.clear();
        for c in &mut f.corrections {
            if let Some(l) = c.replacement.as_mut() {
                l.record.line = 0;
            }
        }
        for l in &mut f.history {
            l.record.line = 0;
        }
    }
    r
}

fn kinds() -> [(FileKind, ReceiptLayout); 4] {
    [
        (FileKind::Medical, ReceiptLayout::Medical),
        (FileKind::Dpc, ReceiptLayout::Dpc),
        (FileKind::Dental, ReceiptLayout::Dental),
        (FileKind::Pharmacy, ReceiptLayout::Pharmacy),
    ]
}

#[test]
fn each_kind_reads_back_and_rewrites_byte_for_byte() {
    for (kind, layout) in kinds() {
        for era in [false, true] {
            let mut opts = GeneratorOptions::new(17, 60).kind(kind);
            if era {
                opts = opts.era_dates();
            }
            let bytes = testgen::file(&opts);
            let out = read(&bytes);
            assert_eq!(out.receipts.len(), 60, "{kind:?}");
            assert_eq!(
                out.summary.by_layout.get(&layout).map(|c| c.parsed),
                Some(60)
            );
            let generated: Vec<Receipt> = testgen::receipts(&opts).collect();
            for (got, made) in out.receipts.iter().zip(&generated) {
                assert_eq!(&as_generated(got), made, "{kind:?} era {era}");
                assert_eq!(got.layout(), layout);
            }
            same_bytes(
                &rewrite(&out, false),
                &bytes,
                &format!("{kind:?} era {era}"),
            );
            let h = out.summary.header.as_ref().unwrap();
            assert_eq!(
                h.date_form,
                if era {
                    DateForm::Era
                } else {
                    DateForm::Gregorian
                }
            );
            // The streaming and parallel readers agree.
            let mut stream = ReceiptReader::new(bytes.as_slice(), ReaderOptions::new("GEN"));
            let streamed: Vec<_> = stream.by_ref().collect::<Result<_, _>>().unwrap();
            assert_eq!(streamed, out.receipts);
            let parallel = read_slice_parallel(
                &bytes,
                ReaderOptions::new("GEN"),
                std::num::NonZeroUsize::new(3).unwrap(),
            );
            assert_eq!(parallel.receipts, out.receipts);
            assert_eq!(parallel.summary, out.summary);
        }
    }
}

#[test]
fn each_kind_has_its_own_records_typed() {
    let dental = read(&testgen::file(
        &GeneratorOptions::new(3, 30).kind(FileKind::Dental),
    ));
    assert_eq!(dental.summary.header.as_ref().unwrap().kind, RecordKind::Uk);
    for r in &dental.receipts {
        let d = r.details.dental.as_ref().unwrap();
        assert!(!d.diagnoses.is_empty() && !d.body.is_empty());
        assert!(r
            .details
            .head
            .as_ref()
            .is_some_and(|h| h.kind == RecordKind::Ir));
        assert!(r.items.is_empty() && r.raw_records.is_empty());
        // Days come from the dental lines.
        assert!(!r.service_days().is_empty());
    }
    let pharmacy = read(&testgen::file(
        &GeneratorOptions::new(3, 30).kind(FileKind::Pharmacy),
    ));
    for r in &pharmacy.receipts {
        let p = r.details.pharmacy.as_ref().unwrap();
        assert!(r.prescriber().is_some(), "the prescriber is read from RE");
        assert!(p.dispensings().count() >= 1);
        assert!(!p.drugs().is_empty());
        assert!(p.drugs().iter().all(|(_, cz)| cz.is_some()));
        assert!(
            !format!("{p:?}").contains("基金"),
            "doctors' names redacted"
        );
    }
    let dpc = read(&testgen::file(
        &GeneratorOptions::new(3, 30).kind(FileKind::Dpc),
    ));
    for r in &dpc.receipts {
        assert!(r.is_dpc());
        let d = r.details.dpc.as_ref().unwrap();
        assert_eq!((d.groups.len(), d.bundled.len(), d.coding.len()), (1, 1, 1));
        assert!(d.insurance_standard_charge.is_some());
    }
}

#[test]
fn insurer_files_apply_corrections_and_keep_the_receipt_as_claimed() {
    for kind in [
        FileKind::Mixed,
        FileKind::Medical,
        FileKind::Dental,
        FileKind::Pharmacy,
    ] {
        let opts = GeneratorOptions::new(23, 50)
            .kind(kind)
            .form(FileForm::Insurer);
        let bytes = testgen::file(&opts);
        assert!(bytes.starts_with(b"2,1,0,MN,"), "{kind:?}");
        let out = read(&bytes);
        assert_eq!(out.receipts.len(), 50);
        assert!(out.summary.declared.is_none(), "no GO in insurer files");
        assert!(out.summary.prefixed_lines > 0);
        same_bytes(&rewrite(&out, true), &bytes, &format!("{kind:?}"));
        let generated: Vec<Receipt> = testgen::receipts(&opts).collect();
        let mut corrected = 0;
        for (got, made) in out.receipts.iter().zip(&generated) {
            let fund = got.fund.as_ref().unwrap();
            assert_eq!(got.management_number(), made.management_number());
            assert_eq!(fund.review.len(), 1);
            assert_eq!(fund.record_management.len(), 1);
            assert!(got.search_number().is_some_and(|s| s.len() == 17));
            if fund.corrections.is_empty() {
                assert!(fund.claimed.is_none());
                assert_eq!(as_generated(got), made.clone());
                continue;
            }
            corrected += 1;
            // As claimed: what the institution filed, the generated receipt.
            let claimed = got.as_claimed();
            let mut made_claimed = made.clone();
            made_claimed.fund = None;
            assert_eq!(as_generated(claimed), made_claimed);
            // As paid: one line counted once less, HO 合計点数 lowered by its points.
            assert!(fund
                .corrections
                .iter()
                .all(|c| c.record.correction() == Some(CorrectionKind::Modify)));
            let cut = claimed.total_points().get() - got.total_points().get();
            assert!(cut > 0);
            let changed: Vec<_> = got
                .items
                .iter()
                .zip(&claimed.items)
                .filter(|(a, b)| a != b)
                .collect();
            assert_eq!(changed.len(), 1);
            let (paid_item, claimed_item) = changed[0];
            assert_eq!(paid_item.times + 1, claimed_item.times);
            assert_eq!(claimed_item.points.unwrap().get(), cut);
            assert_eq!(
                fund.corrections[0]
                    .record
                    .reason_codes()
                    .collect::<Vec<_>>(),
                ["B"]
            );
        }
        if kind != FileKind::Dental && kind != FileKind::Pharmacy {
            assert!(corrected > 0, "{kind:?}");
        }
        assert_eq!(out.summary.corrected, corrected);
    }
}

#[test]
fn return_files_read_into_receipts_with_reasons_and_history() {
    for kind in [FileKind::Medical, FileKind::Dental, FileKind::Pharmacy] {
        let opts = GeneratorOptions::new(5, 20)
            .kind(kind)
            .form(FileForm::Returns);
        let bytes = testgen::file(&opts);
        assert!(bytes.starts_with(b"HI,"));
        let out = read(&bytes);
        assert_eq!(out.receipts.len(), 20);
        assert!(out.summary.declared.is_some(), "HG closes a return file");
        same_bytes(&rewrite(&out, false), &bytes, &format!("{kind:?}"));
        for r in &out.receipts {
            let f = r.fund.as_ref().unwrap();
            assert_eq!(f.returns.len(), 1);
            assert_eq!(f.history.len(), 1);
            assert_eq!(f.history[0].record.kind, "RE");
            assert_eq!(
                f.returns[0].search_number.as_ref().map(|d| d.as_str()),
                r.search_number()
            );
        }
    }
}

#[test]
fn the_strict_option_refuses_the_funds_records() {
    let bytes = testgen::file(
        &GeneratorOptions::new(23, 10)
            .kind(FileKind::Medical)
            .form(FileForm::Insurer),
    );
    let out = read_slice(&bytes, ReaderOptions::new("STRICT").strict());
    assert_eq!(out.summary.receipts_in_file, 10);
    assert_eq!(out.summary.rejected, 10);
    assert!(out.summary.is_accounted());
    assert!(out.rejected.iter().all(|e| e.problem
        == kenpo_domain::receipt::Problem::FundRecordRejected
        && e.record.as_deref() == Some("MN")));
    // A clinic file is the same either way.
    let clinic = testgen::file(&GeneratorOptions::new(23, 10).kind(FileKind::Medical));
    assert_eq!(
        read_slice(&clinic, ReaderOptions::new("C").strict()).receipts,
        read(&clinic).receipts
    );
}

#[test]
fn reexamination_files_read_into_cases_linked_to_the_month_received() {
    use kenpo_domain::receipt::returns::{
        reexamination_cases, returned_receipts, LinkedBy, ReceiptIndex,
    };
    let month = GeneratorOptions::new(31, 12).kind(FileKind::Medical);
    let received = read(&testgen::file(&month.clone().form(FileForm::Insurer)));
    let mut index = ReceiptIndex::new();
    index.add_all("11_RECODEINFO_MED.CSV", &received.receipts);
    assert_eq!(index.len(), 12);

    let bytes = testgen::file(&month.clone().form(FileForm::Reexamination));
    let file = read(&bytes);
    same_bytes(&rewrite(&file, true), &bytes, "re-examination");
    let cases = reexamination_cases(&file.receipts);
    assert_eq!(cases.len(), 12);
    for (i, c) in cases.iter().enumerate() {
        let link = index.find(&c.management_number, &c.search_number).unwrap();
        assert_eq!(link.by, LinkedBy::ManagementNumber);
        assert_eq!(link.position.index, i as u64 + 1);
        assert_eq!(c.requests.len(), 1);
        assert_eq!(c.requests[0].targets.len(), 1);
        assert_eq!(c.answered, i % 2 == 0);
        // JR cites the receipt before, which the index finds by its 検索番号.
        match c.related.first() {
            Some(jr) => {
                let cited = index
                    .find_search_number(jr.search_number.as_ref().unwrap().as_str())
                    .unwrap();
                assert_eq!(cited.position.index, i as u64);
            }
            None => assert_eq!(i, 0),
        }
    }
    // A return file links by 検索番号 (it carries no management number).
    let returns = read(&testgen::file(&month.form(FileForm::Returns)));
    let returned = returned_receipts(&returns.receipts);
    assert_eq!(returned.len(), 12);
    for (i, r) in returned.iter().enumerate() {
        assert!(r.management_number.is_none());
        let link = index.find(&r.management_number, &r.search_number).unwrap();
        assert_eq!(
            (link.by, link.position.index),
            (LinkedBy::SearchNumber, i as u64 + 1)
        );
        assert_eq!(r.history_lines, 1);
        assert!(r.reasons[0].reason_code.is_some());
    }
    // Nothing links to an unknown number.
    assert!(index.find(&Some("1".into()), &Some("2".into())).is_none());
}
