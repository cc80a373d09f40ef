//! Instruction-count companion of the `receipts` bench, for `valgrind --tool=callgrind`, which
//! counts instructions and so is immune to a busy machine:
//!
//! ```text
//! cargo build --release -p kenpo-benches --example receipts_count
//! valgrind --tool=callgrind target/release/examples/receipts_count csv   10000
//! valgrind --tool=callgrind target/release/examples/receipts_count typed 10000
//! valgrind --tool=callgrind target/release/examples/receipts_count lent  10000
//! target/release/examples/receipts_count par 100000   # parts side by side: wall time only
//! ```
//!
//! The file is generated, and the reader warmed up, before the timed part; compare the
//! inclusive count of `run`.

use std::hint::black_box;

use kenpo_domain::receipt::testgen::{self, GeneratorOptions};
use kenpo_domain::receipt::{ReaderOptions, SliceReader};

#[inline(never)]
fn run(which: &str, bytes: &[u8]) -> usize {
    match which {
        "csv" => {
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(black_box(bytes));
            let mut rec = csv::ByteRecord::new();
            let mut fields = 0usize;
            while rdr.read_byte_record(&mut rec).unwrap_or(false) {
                fields += rec.len();
            }
            fields
        }
        "lent" => {
            let mut reader = SliceReader::new(black_box(bytes), ReaderOptions::new("bench"));
            let mut count = 0usize;
            while let Some(read) = reader.next_lent() {
                count += usize::from(read.is_ok());
            }
            count
        }
        "par" => {
            let threads =
                std::thread::available_parallelism().unwrap_or(std::num::NonZeroUsize::MIN);
            let fold = kenpo_domain::receipt::fold_slice_parallel(
                black_box(bytes),
                ReaderOptions::new("bench"),
                threads,
                || 0usize,
                |n, read| *n += usize::from(read.is_ok()),
            );
            fold.parts.iter().sum()
        }
        _ => SliceReader::new(black_box(bytes), ReaderOptions::new("bench"))
            .filter(Result::is_ok)
            .count(),
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "typed".to_owned());
    let n: usize = args.next().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let bytes = testgen::file(&GeneratorOptions::new(2026, n));
    // Steady state, as criterion measures it after its warm-up: the reader's CP932 table (built
    // once per process) is built here, outside `run`.
    let warm = testgen::file(&GeneratorOptions::new(7, 20));
    let _ = SliceReader::new(&warm, ReaderOptions::new("warm")).count();
    if which == "dump" {
        use std::io::Write;
        let _ = std::io::stdout().write_all(&bytes);
        return;
    }
    let t = std::time::Instant::now();
    let count = run(&which, &bytes);
    eprintln!("{which}: {:?}", t.elapsed());
    println!("{which}: {count} over {} bytes", bytes.len());
}
