//! Prepares the month benchmark (`benches/monthly_job.sh`): generates the demo society of `N`
//! insured persons, creates a store at `DIR/store.sqlite`, imports the society's opening
//! records into it and writes the first month's receipt file (`DIR/2026-09/RECEIPTC.UKE`), so
//! that the script can time one month's run on a store already loaded.
//!
//! ```sh
//! cargo run --release -p kenpo-benches --example month_store -- N DIR
//! ```
//! Prints `store=`, `month=`, `receipts=`, `persons=` and the time each step took.

use std::path::PathBuf;
use std::time::Instant;

use kenpo_cli::demo::{
    default_config, first_month, generate, import_opening, many_times_household, month_receipts,
    DemoParams, DEFAULT_SEED,
};
use kenpo_month::Society;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let members: usize = args.next().ok_or("usage: month_store N DIR")?.parse()?;
    let dir = PathBuf::from(args.next().ok_or("usage: month_store N DIR")?);
    std::fs::create_dir_all(&dir)?;
    let store = dir.join("store.sqlite");
    let _ = std::fs::remove_file(&store);

    let t = Instant::now();
    let demo = generate(DemoParams {
        members,
        seed: DEFAULT_SEED,
    })?;
    eprintln!("generated in {:.1} s", t.elapsed().as_secs_f64());

    let t = Instant::now();
    let mut society = Society::create(&store, &default_config())?;
    import_opening(&demo, &mut society)?;
    eprintln!("imported in {:.1} s", t.elapsed().as_secs_f64());

    let t = Instant::now();
    let month = first_month();
    let insurer = society
        .config()
        .insurer_number
        .clone()
        .ok_or("no insurer number")?;
    let planted = many_times_household(&demo, 12);
    let file = month_receipts(&demo, &insurer, month, planted.as_ref(), &dir)?;
    eprintln!("receipts written in {:.1} s", t.elapsed().as_secs_f64());

    println!("store={}", store.display());
    println!("month={month}");
    println!("receipts={}", dir.join(&file.name).display());
    println!("persons={}", society.master().len());
    Ok(())
}
