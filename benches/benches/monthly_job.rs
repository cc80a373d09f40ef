//! The demo society's monthly job (apply notifications, grades, premiums and notices, 高額療養費,
//! 付加給付 and 医療費通知) on 3,000 insured persons, against the baseline of generating the same
//! society (the cost of merely producing the data the job reads). The 300,000-member run with
//! wall time per stage and peak memory is `benches/monthly_job.sh`.

use criterion::criterion_main;
use kenpo_benches::{compare, criterion};
use kenpo_cli::demo::{generate, run_job, DemoParams, Progress};

fn benches() {
    let mut c = criterion();
    let params = DemoParams {
        members: 3_000,
        seed: 1,
    };
    let config = kenpo_cli::calc::sample_society().expect("sample society");
    let society = generate(params).expect("generate");
    let out = std::env::temp_dir().join(format!("kenpo-bench-{}", std::process::id()));
    let mut group = c.benchmark_group("monthly_job_3000");
    group.bench_function("baseline_generate", |b| b.iter(|| generate(params)));
    group.bench_function("job", |b| {
        b.iter(|| {
            run_job(&society, &config, &out, &Progress::hidden()).map(|(_, r)| r.notices.len())
        })
    });
    group.finish();
    compare(
        "monthly job, 3,000 insured persons",
        "generate",
        || generate(params).map(|s| s.insured.len()),
        "job",
        || run_job(&society, &config, &out, &Progress::hidden()).map(|(_, r)| r.notices.len()),
    );
    c.final_summary();
    let _ = std::fs::remove_dir_all(&out);
}

criterion_main!(benches);
