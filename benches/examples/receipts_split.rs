//! The baseline of `benches/monthly_job.sh`: the month's receipt file read from disk and split
//! into records and fields by the `csv` crate (one reused record, no decoding, no typing), as
//! the receipts benchmark's `csv_split_records` does.
//!
//! ```sh
//! cargo run --release -p kenpo-benches --example receipts_split -- FILE
//! ```
//! Prints `records=`, `fields=` and `baseline_s=` (the best of three).

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: receipts_split FILE")?;
    let mut best = f64::MAX;
    let (mut records, mut fields) = (0usize, 0usize);
    for _ in 0..3 {
        let t = Instant::now();
        let bytes = std::fs::read(&path)?;
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes.as_slice());
        let mut rec = csv::ByteRecord::new();
        (records, fields) = (0, 0);
        while rdr.read_byte_record(&mut rec)? {
            records += 1;
            fields += rec.len();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!("records={records}");
    println!("fields={fields}");
    println!("baseline_s={best:.3}");
    Ok(())
}
