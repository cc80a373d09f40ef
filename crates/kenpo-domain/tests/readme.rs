//! The README's Rust quick start, compiled and run, and kept in step with the README: every line
//! of the README's first `rust` block must appear in `quick_start` below (the configuration path
//! differs only because this file lives elsewhere).

use kenpo_domain::calendar::{date, YearMonth};
use kenpo_domain::premium::{monthly_premium, PaymentMethod, PremiumSubject};
use kenpo_domain::society::SocietyConfig;
use kenpo_domain::standard_remuneration::grade_for_monthly_remuneration;
use kenpo_domain::Yen;

#[test]
fn quick_start() -> Result<(), Box<dyn std::error::Error>> {
    let config =
        SocietyConfig::from_toml_str(include_str!("../../../examples/config/sample-society.toml"))?;
    // 報酬月額 405,000 → 第27級, 標準報酬月額 410,000
    let grade = grade_for_monthly_remuneration(Yen::new(405_000));
    assert_eq!(grade.standard_monthly, Yen::new(410_000));
    // One month's premium of a member born on 1 May 1980 (介護 category 2), withheld from pay.
    let subject = PremiumSubject::new(date(1980, 5, 1).unwrap(), PaymentMethod::WageDeduction);
    let premium = monthly_premium(&config, YearMonth::new(2026, 9)?, grade, &subject)?;
    let (employee, employer) = (premium.employee, premium.employer);
    println!("employee {employee} / employer {employer}");
    println!("{}", premium.explanation);
    // Not in the README: the figure itself. The sample society's employee rates for FY2026 are
    // 43‰ (一般 + 調整) + 9‰ (half of 介護 18‰) + 1.15‰ (half of 支援金 2.3‰) = 53.15‰;
    // 410,000 × 5.315 % = 21,791.5 → 21,791 by the wage-deduction 50-sen rule.
    assert_eq!(premium.employee, Yen::new(21_791));
    Ok(())
}

#[test]
fn readme_block_matches_this_test() {
    let readme = include_str!("../../../README.md");
    let this = include_str!("readme.rs");
    let start = readme.find("```rust\n").expect("README has a rust block") + "```rust\n".len();
    let end = start + readme[start..].find("```").expect("closed block");
    for line in readme[start..end]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        if line.contains("include_str!") {
            continue;
        }
        assert!(
            this.lines().any(|l| l.trim() == line),
            "README line not in tests/readme.rs: {line}"
        );
    }
}
