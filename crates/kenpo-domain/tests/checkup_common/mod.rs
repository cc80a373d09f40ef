//! Shared builders of the checkup tests.

use kenpo_domain::calendar::date;
use kenpo_domain::checkup::result::{BloodDrawTiming, CheckupResult, Item, Medication};
use kenpo_domain::identifiers::MemberKey;
use kenpo_domain::person::Sex;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// Member `n` of symbol 20, branch 00.
pub fn key(n: &str) -> MemberKey {
    MemberKey::parse("20", n, "00").unwrap()
}

/// A man's complete result of 2026-06-15 with nothing abnormal (waist 80, BMI 22, fasting
/// glucose 90, TG 100, HDL 60, LDL 100, BP 120/70, fasting, non-smoker, no medication), then
/// `extra` values on top.
pub fn result(extra: &[(Item, Decimal)]) -> CheckupResult {
    let mut r = CheckupResult::new(date(2026, 6, 15).unwrap(), Sex::Male)
        .with_blood_draw(BloodDrawTiming::Fasting)
        .with_smoking(false)
        .with_medication(Medication::NONE);
    for (item, v) in [
        (Item::Waist, dec!(80)),
        (Item::Bmi, dec!(22)),
        (Item::GlucoseFasting, dec!(90)),
        (Item::TriglyceridesFasting, dec!(100)),
        (Item::Hdl, dec!(60)),
        (Item::Ldl, dec!(100)),
        (Item::SystolicBp, dec!(120)),
        (Item::DiastolicBp, dec!(70)),
    ]
    .iter()
    .chain(extra)
    {
        r.set(*item, *v).unwrap();
    }
    r
}
