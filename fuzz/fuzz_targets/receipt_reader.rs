//! Any bytes through both readers, in every mode (default, unknown kinds kept raw, strict): no
//! panic, every receipt accounted for, the slice and streaming readers agree; and what was read
//! writes back and reads again to the same receipts. The dictionary `receipt_reader.dict` holds
//! the record kinds of every layout (医科, DPC, 歯科, 調剤, the insurer files, returns,
//! re-examination) and the history-management columns, so mutations reach each of them:
//! `cargo +nightly fuzz run receipt_reader -- -dict=fuzz/receipt_reader.dict`.
#![no_main]

use kenpo_domain::receipt::returns::{reexamination_cases, returned_receipts};
use kenpo_domain::receipt::{read_slice, ReaderOptions, ReceiptReader, ReceiptWriter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for opts in [
        ReaderOptions::new("fuzz"),
        ReaderOptions::new("fuzz").keep_unknown_kinds(),
        ReaderOptions::new("fuzz").strict(),
    ] {
        let out = read_slice(data, opts.clone());
        assert!(out.summary.is_accounted());
        let mut stream = ReceiptReader::new(data, opts.clone());
        let n = stream.by_ref().count() as u64;
        assert_eq!(n, out.summary.receipts_in_file);
        assert_eq!(stream.summary(), &out.summary);
        let _ = returned_receipts(&out.receipts);
        let _ = reexamination_cases(&out.receipts);
        // What was read writes back (or refuses with an error) and reads again.
        if let Some(h) = &out.summary.header {
            let mut w = ReceiptWriter::new(Vec::new());
            if out.summary.mn_records > 0 {
                w = w.insurer_form();
            }
            let written = w.header(h).and_then(|()| {
                for r in &out.receipts {
                    w.receipt(r)?;
                }
                Ok(())
            });
            if written.is_ok() {
                if let Ok(bytes) = w.finish() {
                    let again = read_slice(&bytes, opts);
                    assert!(again.summary.is_accounted());
                }
            }
        }
    }
});
