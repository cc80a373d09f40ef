//! Writes every month's results and state delta of the demo society (N insured persons, K
//! months) as JSON lines, so that a change meant to be behaviour-preserving can be checked by
//! comparing the output before and after it (`cmp`).
//!
//! ```sh
//! cargo run --release -p kenpo-benches --example month_golden -- N K DIR > before.jsonl
//! ```

use std::path::PathBuf;

use kenpo_cli::demo::{default_config, generate, run_months, DemoParams, DEFAULT_SEED};
use kenpo_month::{NoProgress, Society};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let members: usize = args.next().ok_or("usage: month_golden N K DIR")?.parse()?;
    let months: usize = args.next().ok_or("usage: month_golden N K DIR")?.parse()?;
    let dir = PathBuf::from(args.next().ok_or("usage: month_golden N K DIR")?);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let demo = generate(DemoParams {
        members,
        seed: DEFAULT_SEED,
    })?;
    let mut society = Society::create(&dir.join("store.sqlite"), &default_config())?;
    let run = run_months(
        &demo,
        &mut society,
        months,
        &dir,
        &mut |_| Ok(()),
        &NoProgress,
    )?;
    for (month, outcome, summary) in &run.months {
        println!(
            "{month} results {}",
            serde_json::to_string(&outcome.results)?
        );
        println!("{month} delta {}", serde_json::to_string(&outcome.delta)?);
        println!("{month} summary {summary}");
    }
    Ok(())
}
