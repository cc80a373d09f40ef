//! Receipt ingestion: the typed reader against the `csv` crate merely splitting the same bytes
//! into records, on one generated file of 100,000 receipts, in the same run.
//!
//! `cargo bench -p kenpo-benches --bench receipts`. `KENPO_BENCH_RECEIPTS` changes the count.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kenpo_domain::receipt::testgen::{self, GeneratorOptions};
use kenpo_domain::receipt::{fold_slice_parallel, ReaderOptions, ReceiptReader, SliceReader};

fn receipts_bench(c: &mut Criterion) {
    let n: usize = std::env::var("KENPO_BENCH_RECEIPTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let bytes = testgen::file(&GeneratorOptions::new(2026, n));
    let lines = bytes.iter().filter(|b| **b == b'\n').count();
    eprintln!(
        "receipts file: {n} receipts, {lines} records, {:.1} MB ({:.0} bytes per receipt)",
        bytes.len() as f64 / 1e6,
        bytes.len() as f64 / n as f64
    );

    let mut g = c.benchmark_group("receipts_100k");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(8));

    // Baseline: the csv crate splitting the bytes into records and fields, nothing else.
    g.bench_function("csv_split_records", |b| {
        b.iter(|| {
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(black_box(bytes.as_slice()));
            let mut rec = csv::ByteRecord::new();
            let mut fields = 0usize;
            while rdr.read_byte_record(&mut rec).unwrap_or(false) {
                fields += rec.len();
            }
            fields
        })
    });

    // Typed ingestion, fast path over the slice.
    g.bench_function("typed_read_slice", |b| {
        b.iter(|| {
            let reader = SliceReader::new(black_box(&bytes), ReaderOptions::new("bench"));
            reader.filter(Result::is_ok).count()
        })
    });

    // Typed ingestion, fast path, each receipt lent and its buffers reused (as the csv
    // baseline reuses one record).
    g.bench_function("typed_read_slice_lent", |b| {
        b.iter(|| {
            let mut reader = SliceReader::new(black_box(&bytes), ReaderOptions::new("bench"));
            let mut count = 0usize;
            while let Some(read) = reader.next_lent() {
                count += usize::from(read.is_ok());
            }
            count
        })
    });

    // Typed ingestion of the slice cut into parts read side by side, one per core (the
    // machine's available parallelism; CI runners and this machine have 2), each receipt lent.
    let threads = std::thread::available_parallelism().unwrap_or(std::num::NonZeroUsize::MIN);
    eprintln!("typed_read_parallel: {threads} threads");
    g.bench_function("typed_read_parallel", |b| {
        b.iter(|| {
            let fold = fold_slice_parallel(
                black_box(&bytes),
                ReaderOptions::new("bench"),
                threads,
                || 0usize,
                |count, read| *count += usize::from(read.is_ok()),
            );
            fold.parts.iter().sum::<usize>()
        })
    });

    // Typed ingestion, streaming over `std::io::Read`.
    g.bench_function("typed_read_stream", |b| {
        b.iter(|| {
            let reader =
                ReceiptReader::new(black_box(bytes.as_slice()), ReaderOptions::new("bench"));
            reader.filter(Result::is_ok).count()
        })
    });
    g.finish();
}

criterion_group!(benches, receipts_bench);
criterion_main!(benches);
