//! The Rust side of the uniffi benchmark: one monthly premium computed by the domain directly
//! and through the binding layer's Rust API (conversions, no FFI), and 1,000 premiums as one
//! batch call against 1,000 single calls; 1,000 高額療養費 household-months (with the society's
//! 付加給付) decided by the domain directly and as one batch call of the binding's Rust API.
//! `benches/kotlin/run.sh` times the same calls from Kotlin through the FFI; the ratios are
//! reported there.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use kenpo_domain::additional_benefit;
use kenpo_domain::calendar::{date, YearMonth};
use kenpo_domain::explanation::Explain;
use kenpo_domain::high_cost as hc;
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

/// TOKYO with the 付加給付 of `examples/config/sample-society.toml`.
const WITH_ADDITIONAL: &str = kenpo_benches::SOCIETY_TOML;

/// One household-month as the wire carries it (benches/kotlin/Bench.kt builds the same): 区分ウ,
/// the insured person in hospital (医療費 1,000,000, 300,000 paid), a dependant's two outpatient
/// receipts (30,000 aggregated, 15,000 below the 21,000 floor).
fn wire_household(month: kenpo_uniffi::PlainMonth) -> kenpo_uniffi::high_cost::HouseholdMonth {
    use kenpo_uniffi::high_cost::*;
    use kenpo_uniffi::identifiers::MemberKey;
    let key = |branch: &str| MemberKey {
        symbol: "1234".into(),
        number: "567".into(),
        branch: branch.into(),
    };
    let under70 = AgeStatus {
        band: AgeBand::Under70,
        birthday_75_halving: false,
    };
    let unit = |branch: &str, institution: &str, setting, cost, charge| CostUnit {
        person: key(branch),
        month,
        institution: institution.into(),
        setting,
        branch: MedicalBranch::Medical,
        total_cost: cost,
        patient_charge: charge,
        specified_disease: None,
    };
    HouseholdMonth {
        month,
        insured: key("00"),
        basis: CategoryBasis {
            standard_monthly: 300_000,
            tax_status: TaxStatus::Taxed,
            reference_income_exemption: false,
        },
        members: vec![
            HouseholdMember {
                person: key("00"),
                relation: HouseholdRelation::Insured,
                age: under70,
            },
            HouseholdMember {
                person: key("01"),
                relation: HouseholdRelation::Dependant,
                age: under70,
            },
        ],
        units: vec![
            unit(
                "00",
                "0110113719",
                CareSetting::Inpatient,
                1_000_000,
                300_000,
            ),
            unit("01", "0140113713", CareSetting::Outpatient, 100_000, 30_000),
            unit("01", "2711234563", CareSetting::Outpatient, 50_000, 15_000),
        ],
        spell_start: None,
        paid_months: Vec::new(),
    }
}

fn high_cost(c: &mut Criterion) {
    let config = SocietyConfig::from_toml_str(WITH_ADDITIONAL).expect("config");
    let binding = kenpo_uniffi::Society::from_toml(WITH_ADDITIONAL.to_owned()).expect("config");
    let month = kenpo_uniffi::PlainMonth(YearMonth::new(2026, 7).expect("month"));
    let households: Vec<_> = (0..1000).map(|_| wire_household(month)).collect();
    let options = kenpo_uniffi::high_cost::HighCostOptions {
        apply_planned_tables: false,
        birthday_75_floor: kenpo_uniffi::high_cost::Birthday75Floor::Unchanged,
        annual_cap_basis: kenpo_uniffi::high_cost::AnnualCapBasis::HouseholdAllMonths,
    };
    // The same household-months as domain records, converted once outside the timing.
    let one = binding
        .high_cost_month(kenpo_uniffi::high_cost::HighCostMonthRequest {
            household: wire_household(month),
            options,
            explain: false,
        })
        .expect("decides");
    // 330,000 aggregated (the 15,000 receipt is below the floor); 80,100 + (1,100,000 − 267,000)
    // × 1 % = 88,430 borne.
    assert_eq!(one.refund, 241_570);
    let domain_input: hc::HouseholdMonth = serde_json::from_value(serde_json::json!({
        "month": "2026-07",
        "household": {"symbol": "1234", "number": "567", "branch": "00"},
        "basis": {"standard_monthly": 300000, "tax_status": "Taxed", "reference_income_exemption": false},
        "members": [
            {"person": {"symbol": "1234", "number": "567", "branch": "00"}, "relation": "Insured",
             "age": {"band": "Under70", "birthday_75_halving": false}},
            {"person": {"symbol": "1234", "number": "567", "branch": "01"}, "relation": "Dependant",
             "age": {"band": "Under70", "birthday_75_halving": false}}],
        "units": [
            {"person": {"symbol": "1234", "number": "567", "branch": "00"}, "month": "2026-07",
             "institution": "0110113719", "setting": "Inpatient", "branch": "Medical",
             "total_cost": 1000000, "patient_charge": 300000, "specified_disease": null},
            {"person": {"symbol": "1234", "number": "567", "branch": "01"}, "month": "2026-07",
             "institution": "0140113713", "setting": "Outpatient", "branch": "Medical",
             "total_cost": 100000, "patient_charge": 30000, "specified_disease": null},
            {"person": {"symbol": "1234", "number": "567", "branch": "01"}, "month": "2026-07",
             "institution": "2711234563", "setting": "Outpatient", "branch": "Medical",
             "total_cost": 50000, "patient_charge": 15000, "specified_disease": null}]
    }))
    .expect("domain household");
    let domain_inputs: Vec<hc::HouseholdMonth> = (0..1000).map(|_| domain_input.clone()).collect();
    let history = hc::BenefitHistory::default();
    let rule_only = hc::HighCostOptions {
        explain: Explain::RuleOnly,
        ..hc::HighCostOptions::default()
    };
    let rules = config.additional_benefits.as_ref().expect("rules");
    let mut group = c.benchmark_group("uniffi/high_cost");
    group.bench_function(
        "domain decide_month + 付加給付 ×1000, rule only (baseline)",
        |b| {
            b.iter(|| {
                for h in black_box(&domain_inputs) {
                    let d = hc::decide_month(h, &history, &rule_only).expect("decides");
                    black_box(additional_benefit::decide(rules, &d).expect("rules"));
                }
            })
        },
    );
    // The request is built outside the timing (the Kotlin side builds its list once too).
    group.bench_function(
        "binding high_cost_months, 1000 household-months as one batch",
        |b| {
            b.iter_batched(
                || households.clone(),
                |households| {
                    binding.high_cost_months(kenpo_uniffi::high_cost::HighCostMonthsRequest {
                        households,
                        options,
                        explain: false,
                    })
                },
                BatchSize::LargeInput,
            )
        },
    );
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(2));
    targets = premium, high_cost
}
criterion_main!(benches);
