//! Round trips: generated files and the public sample read → write → read to the same receipts.

use kenpo_domain::receipt::testgen::{self, GeneratorOptions};
use kenpo_domain::receipt::{read_slice, ReaderOptions, ReceiptReader, ReceiptWriter};

const SAMPLE: &[u8] = include_bytes!("data/receipts/RECEIPTC_GAIRAI_SAMPLE.UKE");

fn rewrite(bytes: &[u8]) -> Vec<u8> {
    let out = read_slice(bytes, ReaderOptions::new("in"));
    assert!(
        out.rejected.is_empty(),
        "{:?}",
        out.rejected.first().map(ToString::to_string)
    );
    let mut w = ReceiptWriter::new(Vec::new());
    w.header(out.summary.header.as_ref().unwrap()).unwrap();
    for r in &out.receipts {
        w.receipt(r).unwrap();
    }
    w.finish().unwrap()
}

#[test]
fn generated_file_reads_back_to_the_generated_receipts() {
    let opts = GeneratorOptions::new(42, 300);
    let bytes = testgen::file(&opts);
    let out = read_slice(&bytes, ReaderOptions::new("gen"));
    assert!(
        out.rejected.is_empty(),
        "{:?}",
        out.rejected.first().map(ToString::to_string)
    );
    assert!(
        out.summary.findings.is_empty(),
        "GO totals of the writer match: {:?}",
        out.summary.findings
    );
    assert!(out.summary.file_errors.is_empty());
    let generated: Vec<_> = testgen::receipts(&opts).collect();
    assert_eq!(out.receipts.len(), generated.len());
    for (read, made) in out.receipts.iter().zip(&generated) {
        let mut read = read.clone();
        read.position.line = 0;
        for raw in &mut read.raw_records {
            raw.line = 0;
        }
        assert_eq!(&read, made);
    }
}

#[test]
fn generated_file_rewrites_byte_for_byte() {
    let bytes = testgen::file(&GeneratorOptions::new(7, 200));
    assert_eq!(rewrite(&bytes), bytes);
}

#[test]
fn sample_reads_write_read_to_the_same_receipts() {
    let first = read_slice(SAMPLE, ReaderOptions::new("s"));
    let again = read_slice(&rewrite(SAMPLE), ReaderOptions::new("s"));
    assert_eq!(first.receipts.len(), again.receipts.len());
    for (a, b) in first.receipts.iter().zip(&again.receipts) {
        let (mut a, mut b) = (a.clone(), b.clone());
        a.position.line = 0;
        b.position.line = 0;
        assert_eq!(a, b);
    }
}

#[test]
fn streaming_reader_over_a_generated_file() {
    let opts = GeneratorOptions::new(3, 1000);
    let bytes = testgen::file(&opts);
    let mut reader = ReceiptReader::new(std::io::Cursor::new(&bytes), ReaderOptions::new("gen"));
    let n = reader.by_ref().filter(Result::is_ok).count();
    assert_eq!(n, 1000);
    assert!(reader.summary().is_accounted());
    let s = reader.summary();
    assert_eq!(
        s.declared.as_ref().unwrap().receipts,
        s.payer_records_in_file
    );
    assert!(s.payer_records_in_file > 1000, "public funds count too");
}

#[test]
fn generated_files_contain_dental_pharmacy_and_public_funds() {
    let opts = GeneratorOptions::new(11, 400);
    let rs: Vec<_> = testgen::receipts(&opts).collect();
    use kenpo_domain::receipt::ClaimBranch;
    assert!(rs.iter().any(|r| r.branch() == ClaimBranch::Dental));
    assert!(rs
        .iter()
        .any(|r| r.branch() == ClaimBranch::Pharmacy && r.prescriber().is_some()));
    assert!(rs.iter().any(|r| !r.public_funds.is_empty()));
    // Era-form dates of older files are read too: rewrite one RE's service month as GYYMM.
    let text = "IR,1,13,1,0000000,,Ｘ病院,50811,00,0312345678\r\nRE,1,1112,50810,山田\u{3000}太郎,1,3610101,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\r\nHO,06139992,１,２,1,100,,,,,,300,,,\r\nGO,1,100,99\r\n";
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
    let out = read_slice(&bytes, ReaderOptions::new("era"));
    assert!(
        out.rejected.is_empty(),
        "{:?}",
        out.rejected.first().map(ToString::to_string)
    );
    let r = &out.receipts[0];
    assert_eq!(r.service_month.to_string(), "2026-10");
    assert_eq!(r.patient.birth_date.to_string(), "1986-01-01");
    assert!(out.summary.findings.is_empty());
}
