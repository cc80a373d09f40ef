//! A stable-Rust fuzz harness over the reader: valid generated files mutated by a seeded RNG
//! (byte flips, deletions, insertions, duplicated and swapped lines, cuts) must never make the
//! reader panic, and every run must account for every receipt: parsed + rejected equals the RE
//! records of the mutated file. Property tests (proptest) check the same invariant on random
//! cuts and byte edits. `KENPO_FUZZ_ITERATIONS` raises the iteration count.

use kenpo_domain::receipt::testgen::{self, GeneratorOptions};
use kenpo_domain::receipt::{read_slice, ReaderOptions, ReceiptReader};
use proptest::prelude::*;

/// RE records as the reader counts them: lines (up to a 0x1A mark) whose first field is `RE`.
fn re_count(bytes: &[u8]) -> u64 {
    let end = bytes.iter().position(|b| *b == 0x1A).unwrap_or(bytes.len());
    bytes[..end]
        .split(|b| *b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| l.split(|b| *b == b',').next() == Some(b"RE"))
        .count() as u64
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
    b',', b'\r', b'\n', 0x1A, 0x81, 0x82, 0xFF, 0xA0, b'R', b'E', b'0', b'9', 0x20, 0x00,
];

fn mutate(rng: &mut Rng, base: &[u8]) -> Vec<u8> {
    let mut b = base.to_vec();
    for _ in 0..1 + rng.below(4) {
        if b.is_empty() {
            break;
        }
        let at = rng.below(b.len());
        match rng.below(7) {
            0 => b[at] = INTERESTING[rng.below(INTERESTING.len())],
            1 => b[at] ^= 1 << rng.below(8),
            2 => {
                let end = (at + rng.below(64)).min(b.len());
                b.drain(at..end);
            }
            3 => {
                let byte = INTERESTING[rng.below(INTERESTING.len())];
                b.insert(at, byte);
            }
            4 => b.truncate(at),
            5 => {
                // Duplicate a line.
                let start = b[..at]
                    .iter()
                    .rposition(|c| *c == b'\n')
                    .map_or(0, |p| p + 1);
                let end = b[at..]
                    .iter()
                    .position(|c| *c == b'\n')
                    .map_or(b.len(), |p| at + p + 1);
                let line = b[start..end].to_vec();
                b.splice(end..end, line);
            }
            _ => {
                // Insert a record of a random known or unknown kind.
                let kinds: [&[u8]; 8] = [
                    b"RE,", b"HO,", b"SI,", b"GO,", b"IR,", b"ZZ,", b"KO,", b"SY,",
                ];
                let mut rec = kinds[rng.below(kinds.len())].to_vec();
                rec.extend_from_slice(b"1,2,3\r\n");
                let start = b[..at]
                    .iter()
                    .rposition(|c| *c == b'\n')
                    .map_or(0, |p| p + 1);
                b.splice(start..start, rec);
            }
        }
    }
    b
}

#[test]
fn mutated_files_never_panic_and_account_for_every_receipt() {
    let iterations: u64 = std::env::var("KENPO_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    let bases: Vec<Vec<u8>> = (0..4)
        .map(|s| testgen::file(&GeneratorOptions::new(s, 12)))
        .collect();
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    for i in 0..iterations {
        let base = &bases[(i % bases.len() as u64) as usize];
        let bytes = mutate(&mut rng, base);
        for keep in [false, true] {
            let opts = if keep {
                ReaderOptions::new("fuzz").keep_unknown_kinds()
            } else {
                ReaderOptions::new("fuzz")
            };
            let out = read_slice(&bytes, opts.clone());
            let s = &out.summary;
            assert!(s.is_accounted(), "iteration {i}");
            assert_eq!(s.receipts_in_file, re_count(&bytes), "iteration {i}");
            assert_eq!(out.receipts.len() as u64, s.parsed);
            assert_eq!(out.rejected.len() as u64, s.rejected);
            if i % 16 == 0 {
                // The streaming reader, with a tiny buffer boundary, agrees with the slice reader.
                let mut r = ReceiptReader::new(std::io::Cursor::new(&bytes), opts);
                let n = r.by_ref().count() as u64;
                assert_eq!(n, s.receipts_in_file);
                assert_eq!(r.summary(), s);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn accounting_holds_on_any_cut(seed in 0u64..1000, n in 1usize..20, cut in 0.0f64..1.0) {
        let bytes = testgen::file(&GeneratorOptions::new(seed, n));
        let at = ((bytes.len() as f64) * cut) as usize;
        let cut = &bytes[..at.min(bytes.len())];
        let out = read_slice(cut, ReaderOptions::new("cut"));
        prop_assert!(out.summary.is_accounted());
        prop_assert_eq!(out.summary.receipts_in_file, re_count(cut));
        // At most the receipt the cut falls in is rejected.
        prop_assert!(out.rejected.len() <= 1);
    }

    #[test]
    fn accounting_holds_on_byte_edits(seed in 0u64..1000, edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = testgen::file(&GeneratorOptions::new(seed, 8));
        for (i, b) in edits {
            let at = i.index(bytes.len());
            bytes[at] = b;
        }
        let out = read_slice(&bytes, ReaderOptions::new("edit"));
        prop_assert!(out.summary.is_accounted());
        prop_assert_eq!(out.summary.receipts_in_file, re_count(&bytes));
    }
}
