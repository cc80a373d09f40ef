//! The Rust side of the uniffi benchmark: one monthly premium computed by the domain directly
//! and through the binding layer's Rust API (conversions, no FFI), and 1,000 premiums as one
//! batch call against 1,000 single calls. `benches/kotlin/run.sh` times the same calls from
//! Kotlin through the FFI; the ratios are reported there.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use kenpo_domain::calendar::{date, YearMonth};
use kenpo_domain::explanation::Explain;
use kenpo_domain::premium::{monthly_premium, monthly_premium_with, PaymentMethod, PremiumSubject};
use kenpo_domain::society::SocietyConfig;
use kenpo_domain::standard_remuneration::Grade;
use kenpo_domain::Yen;

const TOKYO: &str = r#"
name = "東京 (協会けんぽ rates)"
[[rates]]
effective_from = "2026-03"
value = { general = "9.85%", care = "1.62%" }
"#;

fn premium(c: &mut Criterion) {
    let config = SocietyConfig::from_toml_str(TOKYO).expect("config");
    let binding = kenpo_uniffi::Society::from_toml(TOKYO.to_owned()).expect("config");
    let month = YearMonth::new(2026, 4).expect("month");
    let born = date(1980, 6, 15).expect("date");
    let subject = PremiumSubject::new(born, PaymentMethod::WageDeduction);
    let grade = Grade::from_standard_monthly(Yen::new(300_000)).expect("grade");
    let binding_subject = kenpo_uniffi::premium::PremiumSubject {
        birth_date: kenpo_uniffi::PlainDate(born),
        dependant_birth_dates: Vec::new(),
        care_exempt: false,
        payment: kenpo_uniffi::premium::PaymentMethod::WageDeduction,
    };
    let request = |explain| kenpo_uniffi::premium::MonthlyPremiumRequest {
        month: kenpo_uniffi::PlainMonth(month),
        standard_monthly: 300_000,
        subject: binding_subject.clone(),
        explain,
    };
    let mut group = c.benchmark_group("uniffi/premium");
    group.bench_function("domain monthly_premium, explained (baseline)", |b| {
        b.iter(|| monthly_premium(black_box(&config), month, grade, black_box(&subject)))
    });
    group.bench_function("domain monthly_premium, rule only (baseline)", |b| {
        b.iter(|| {
            monthly_premium_with(
                black_box(&config),
                month,
                grade,
                black_box(&subject),
                Explain::RuleOnly,
            )
        })
    });
    group.bench_function("binding monthly_premium (Rust API, no FFI)", |b| {
        b.iter(|| binding.monthly_premium(black_box(request(false))))
    });
    group.bench_function(
        "binding monthly_premium explained (Rust API, no FFI)",
        |b| b.iter(|| binding.monthly_premium(black_box(request(true)))),
    );
    let lines: Vec<kenpo_uniffi::premium::PremiumLine> = (0..1000)
        .map(|_| kenpo_uniffi::premium::PremiumLine {
            base_kind: kenpo_uniffi::premium::PremiumBase::Monthly,
            standard_amount: 300_000,
            subject: binding_subject.clone(),
        })
        .collect();
    group.bench_function("binding premiums, 1000 lines as one batch", |b| {
        b.iter(|| {
            binding.premiums(kenpo_uniffi::premium::PremiumBatchRequest {
                month: kenpo_uniffi::PlainMonth(month),
                lines: black_box(lines.clone()),
                explain: false,
            })
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(2));
    targets = premium
}
criterion_main!(benches);
