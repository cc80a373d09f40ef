//! The lending readers (`next_lent`, which reuse one receipt's buffers for the next) give
//! exactly what the owning iterators give: the same receipts, the same rejections, the same
//! summary, on good files and on damaged ones (a rejected receipt, or a long receipt followed
//! by a short one, must never leave anything behind in the reused buffers).

use kenpo_domain::receipt::testgen::{self, GeneratorOptions};
use kenpo_domain::receipt::{
    read_slice, ReaderOptions, Receipt, ReceiptError, ReceiptReader, SliceReader,
};

const SAMPLE: &[u8] = include_bytes!("data/receipts/RECEIPTC_GAIRAI_SAMPLE.UKE");

type Read = Vec<Result<Receipt, ReceiptError>>;

fn owned(bytes: &[u8]) -> (Read, String) {
    let mut reader = SliceReader::new(bytes, ReaderOptions::new("F.UKE"));
    let items: Read = reader.by_ref().collect();
    (items, format!("{:?}", reader.summary()))
}

fn lent_slice(bytes: &[u8]) -> (Read, String) {
    let mut reader = SliceReader::new(bytes, ReaderOptions::new("F.UKE"));
    let mut items = Vec::new();
    while let Some(read) = reader.next_lent() {
        items.push(read.cloned());
    }
    (items, format!("{:?}", reader.summary()))
}

fn lent_stream(bytes: &[u8]) -> (Read, String) {
    let mut reader = ReceiptReader::new(bytes, ReaderOptions::new("F.UKE"));
    let mut items = Vec::new();
    while let Some(read) = reader.next_lent() {
        items.push(read.cloned());
    }
    (items, format!("{:?}", reader.summary()))
}

fn same_three_ways(bytes: &[u8]) -> usize {
    let (items, summary) = owned(bytes);
    assert_eq!(lent_slice(bytes), (items.clone(), summary.clone()));
    assert_eq!(lent_stream(bytes), (items.clone(), summary));
    items.len()
}

#[test]
fn generated_and_sample_files_read_the_same_lent_or_owned() {
    let bytes = testgen::file(&GeneratorOptions::new(11, 400));
    assert_eq!(same_three_ways(&bytes), 400);
    assert_eq!(same_three_ways(SAMPLE), 75);
}

#[test]
fn damaged_files_read_the_same_lent_or_owned() {
    let bytes = testgen::file(&GeneratorOptions::new(12, 120));
    let lines: Vec<&[u8]> = bytes.split_inclusive(|b| *b == b'\n').collect();
    // Damage every 7th line in turn three ways: a bad Shift_JIS byte, a cut field, a
    // non-digit in the second field.
    let mut rejected = 0;
    for (n, damage) in [&[0x81u8, 0x20][..], b"", b"X"].iter().enumerate() {
        let mut out = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if i % 7 == 3 + n && line.len() > 8 {
                let comma = line.iter().position(|b| *b == b',').unwrap_or(0);
                out.extend_from_slice(&line[..=comma]);
                out.extend_from_slice(damage);
                out.extend_from_slice(&line[comma + 1 + usize::from(damage.is_empty())..]);
            } else {
                out.extend_from_slice(line);
            }
        }
        let count = same_three_ways(&out);
        let outcome = read_slice(&out, ReaderOptions::new("F.UKE"));
        assert!(outcome.summary.is_accounted());
        assert_eq!(count as u64, outcome.summary.receipts_in_file);
        rejected += outcome.rejected.len();
    }
    assert!(rejected > 0, "the damage rejected some receipts");
}
