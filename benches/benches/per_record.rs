//! What one record of the monthly run costs, each against a named baseline in the same run:
//!
//! - a premium line without its explanation (`monthly_premium_with`, rule only) against the same
//!   line explained (baseline), goal under 1 µs;
//! - a receipt checked against the member master (read from the file's bytes, then
//!   `Checker::check` against the master's own lookup), against reading it alone (baseline):
//!   the demo society's first month, 3,000 insured persons; goal under 2 µs for the check;
//! - a 高額療養費 household-month with the society's 付加給付 (`decide_month` rule only, then
//!   `additional_benefit::decide`), against the same decision explained (baseline); goal under
//!   5 µs.
//!
//! Each group ends with the ratio to its baseline ([`kenpo_benches::compare`], best of three
//! alternating rounds) and the cost per record.

use std::hint::black_box;
use std::sync::Arc;

use criterion::criterion_main;
use kenpo_benches::{compare, criterion, human};
use kenpo_cli::demo::{
    default_config, first_month, generate, import_opening, month_receipts, DemoParams, DEFAULT_SEED,
};
use kenpo_domain::additional_benefit;
use kenpo_domain::calendar::{date, YearMonth};
use kenpo_domain::explanation::Explain;
use kenpo_domain::high_cost as hc;
use kenpo_domain::premium::{monthly_premium_with, PaymentMethod, PremiumSubject};
use kenpo_domain::receipt::checks::{CheckOptions, Checker};
use kenpo_domain::receipt::{ReaderOptions, SliceReader};
use kenpo_domain::society::SocietyConfig;
use kenpo_domain::standard_remuneration::Grade;
use kenpo_domain::Yen;
use kenpo_month::Society;

/// The society of every per-record figure (`kenpo_benches::SOCIETY_TOML`).
const TOKYO: &str = kenpo_benches::SOCIETY_TOML;

fn premium_line(c: &mut criterion::Criterion) {
    let config = SocietyConfig::from_toml_str(TOKYO).expect("config");
    let month = YearMonth::new(2026, 9).expect("month");
    // 46 in September 2026: the care premium is charged too (four parts).
    let subject = PremiumSubject::new(
        date(1980, 6, 15).expect("date"),
        PaymentMethod::WageDeduction,
    );
    let grade = Grade::from_standard_monthly(Yen::new(300_000)).expect("grade");
    let line = |explain| monthly_premium_with(black_box(&config), month, grade, &subject, explain);
    let mut g = c.benchmark_group("per_record/premium_line");
    g.bench_function("baseline: explained", |b| b.iter(|| line(Explain::Steps)));
    g.bench_function("rule only", |b| b.iter(|| line(Explain::RuleOnly)));
    g.finish();
    let (_, rule_only) = compare(
        "premium line",
        "explained",
        || line(Explain::Steps),
        "rule only",
        || line(Explain::RuleOnly),
    );
    println!(
        "premium line, rule only: {} per line (goal < 1 µs)",
        human(rule_only)
    );
}

fn receipt_check(c: &mut criterion::Criterion) {
    let dir = std::env::temp_dir().join(format!("kenpo-per-record-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let demo = generate(DemoParams {
        members: 3_000,
        seed: DEFAULT_SEED,
    })
    .expect("demo");
    let mut society = Society::create(&dir.join("store.sqlite"), &default_config()).expect("store");
    import_opening(&demo, &mut society).expect("import");
    let insurer = society.config().insurer_number.clone().expect("insurer");
    let file = month_receipts(&demo, &insurer, first_month(), None, &dir).expect("receipts");
    let bytes = std::fs::read(dir.join(&file.name)).expect("receipt file");
    let master = society.master();
    let options = CheckOptions::new(insurer, society.config().name.clone());
    let name: Arc<str> = Arc::from(file.name.as_str());
    let count = {
        let mut reader = SliceReader::new(&bytes, ReaderOptions::new(file.name.clone()));
        let mut n = 0u64;
        while let Some(r) = reader.next_lent() {
            r.expect("a valid receipt");
            n += 1;
        }
        n
    };
    let read = || {
        let mut reader = SliceReader::new(&bytes, ReaderOptions::new(file.name.clone()));
        let mut points = 0i64;
        while let Some(Ok(r)) = reader.next_lent() {
            points += r.total_points().to_yen().get();
        }
        points
    };
    let checked = || {
        let mut reader = SliceReader::new(&bytes, ReaderOptions::new(file.name.clone()));
        let mut checker = Checker::new(options.clone(), master);
        while let Some(Ok(r)) = reader.next_lent() {
            checker.check(&name, r);
        }
        checker.finish().len()
    };
    let findings = checked();
    let mut g = c.benchmark_group("per_record/receipt_check");
    g.throughput(criterion::Throughput::Elements(count));
    g.bench_function("baseline: read", |b| b.iter(read));
    g.bench_function("read and checked against the master", |b| b.iter(checked));
    g.finish();
    let (base, subject) = compare(
        &format!("{count} receipts ({findings} findings)"),
        "read",
        read,
        "read and checked",
        checked,
    );
    let per = |ns: f64| human(ns / count as f64);
    println!(
        "receipt: read {} , read and checked {} , the check alone {} per receipt (goal < 2 µs)",
        per(base),
        per(subject),
        per(subject - base)
    );
    drop(society);
    let _ = std::fs::remove_dir_all(&dir);
}

/// 区分ウ: the insured person in hospital (医療費 1,000,000, 300,000 paid), a dependant's two
/// outpatient receipts (30,000 aggregated, 15,000 below the 21,000 floor).
fn household() -> hc::HouseholdMonth {
    let key =
        |branch: &str| serde_json::json!({"symbol": "1234", "number": "567", "branch": branch});
    let unit = |branch: &str, institution: &str, setting: &str, cost: i64, charge: i64| {
        serde_json::json!({"person": key(branch), "month": "2026-07", "institution": institution,
            "setting": setting, "branch": "Medical", "total_cost": cost, "patient_charge": charge,
            "specified_disease": null})
    };
    let under70 = serde_json::json!({"band": "Under70", "birthday_75_halving": false});
    serde_json::from_value(serde_json::json!({
        "month": "2026-07",
        "household": key("00"),
        "basis": {"standard_monthly": 300000, "tax_status": "Taxed",
                  "reference_income_exemption": false},
        "members": [
            {"person": key("00"), "relation": "Insured", "age": under70},
            {"person": key("01"), "relation": "Dependant", "age": under70}],
        "units": [
            unit("00", "0110113719", "Inpatient", 1_000_000, 300_000),
            unit("01", "0140113713", "Outpatient", 100_000, 30_000),
            unit("01", "2711234563", "Outpatient", 50_000, 15_000)]
    }))
    .expect("household-month")
}

fn high_cost_household(c: &mut criterion::Criterion) {
    let config = SocietyConfig::from_toml_str(TOKYO).expect("config");
    let rules = config.additional_benefits.as_ref().expect("付加給付");
    let h = household();
    let history = hc::BenefitHistory::default();
    let decide = |explain| {
        let options = hc::HighCostOptions {
            explain,
            ..hc::HighCostOptions::default()
        };
        let d = hc::decide_month(black_box(&h), &history, &options).expect("decides");
        additional_benefit::decide(rules, &d).expect("付加給付")
    };
    // 80,100 + (1,100,000 − 267,000) × 1 % = 88,430 borne of 330,000: 241,570 refunded.
    assert_eq!(
        hc::decide_month(&h, &history, &hc::HighCostOptions::default())
            .expect("decides")
            .refund,
        Yen::new(241_570)
    );
    let mut g = c.benchmark_group("per_record/high_cost_household_month");
    g.bench_function("baseline: explained", |b| b.iter(|| decide(Explain::Steps)));
    g.bench_function("rule only", |b| b.iter(|| decide(Explain::RuleOnly)));
    g.finish();
    let (_, rule_only) = compare(
        "高額療養費 household-month + 付加給付",
        "explained",
        || decide(Explain::Steps),
        "rule only",
        || decide(Explain::RuleOnly),
    );
    println!(
        "high-cost household-month, rule only: {} (goal < 5 µs)",
        human(rule_only)
    );
}

fn benches() {
    let mut c = criterion();
    premium_line(&mut c);
    receipt_check(&mut c);
    high_cost_household(&mut c);
    c.final_summary();
}

criterion_main!(benches);
