//! Any bytes through both readers: no panic, every receipt accounted for, and the slice and
//! streaming readers agree.
#![no_main]

use kenpo_domain::receipt::{read_slice, ReaderOptions, ReceiptReader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for opts in [ReaderOptions::new("fuzz"), ReaderOptions::new("fuzz").keep_unknown_kinds()] {
        let out = read_slice(data, opts.clone());
        assert!(out.summary.is_accounted());
        let mut stream = ReceiptReader::new(data, opts);
        let n = stream.by_ref().count() as u64;
        assert_eq!(n, out.summary.receipts_in_file);
        assert_eq!(stream.summary(), &out.summary);
    }
});
