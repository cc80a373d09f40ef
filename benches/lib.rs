//! Shared helpers for the kenpo benchmarks: short criterion settings (the machine has 2 cores
//! shared with other work, and `cargo bench` must stay short), and a same-process comparison of
//! a subject against its baseline that prints the ratio, so a noisy machine still gives a fair
//! comparison.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;

/// Criterion with short runs: 1 s warm-up, 3 s measurement, 20 samples.
pub fn criterion() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20)
        .configure_from_args()
}

/// Nanoseconds per call of `f`, measured over at least `budget` (after one warm-up call).
pub fn ns_per_call<T>(budget: Duration, mut f: impl FnMut() -> T) -> f64 {
    black_box(f());
    let start = Instant::now();
    let mut calls: u64 = 0;
    while start.elapsed() < budget {
        black_box(f());
        calls += 1;
    }
    start.elapsed().as_nanos() as f64 / calls.max(1) as f64
}

/// Times `baseline` and `subject` alternately (three rounds each, best of each kept, so both
/// see the same machine load) and prints both and `subject / baseline`.
pub fn compare<A, B>(
    label: &str,
    baseline_name: &str,
    mut baseline: impl FnMut() -> A,
    subject_name: &str,
    mut subject: impl FnMut() -> B,
) -> (f64, f64) {
    let budget = Duration::from_millis(300);
    let (mut best_base, mut best_subject) = (f64::MAX, f64::MAX);
    for _ in 0..3 {
        best_base = best_base.min(ns_per_call(budget, &mut baseline));
        best_subject = best_subject.min(ns_per_call(budget, &mut subject));
    }
    println!(
        "{label}: {baseline_name} {} / {subject_name} {} = ratio {:.2}",
        human(best_base),
        human(best_subject),
        best_subject / best_base
    );
    (best_base, best_subject)
}

/// `123 ns`, `4.56 µs`, `7.89 ms`, `1.23 s`.
pub fn human(ns: f64) -> String {
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.2} µs", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}

/// The society the per-record and uniffi benches compute with: 協会けんぽ's Tokyo rates from
/// March 2026 and the 付加給付 of `examples/config/sample-society.toml` (25,000 yen deductibles).
/// `benches/kotlin/Bench.kt` restates it for the JVM side of the same comparison.
pub const SOCIETY_TOML: &str = r#"
name = "東京 (協会けんぽ rates)"
[[rates]]
effective_from = "2026-03"
value = { general = "9.85%", care = "1.62%" }
[[additional_benefits.versions]]
effective_from = "2015-01"
[additional_benefits.versions.insured_refund]
deductible = 25000
minimum_payment = 1000
[additional_benefits.versions.family_supplement]
deductible = 25000
minimum_payment = 1000
[additional_benefits.versions.aggregated_supplement]
deductible = 25000
minimum_payment = 1000
"#;
