//! Properties of the stratification over arbitrary results: never a panic, a complete result is
//! always decided, an open result's possible levels include every completion, and the
//! 65–74 cap never yields 積極的支援.

use kenpo_domain::calendar::date;
use kenpo_domain::checkup::result::{BloodDrawTiming, CheckupResult, Item, Medication};
use kenpo_domain::checkup::stratify::{stratify, GuidanceLevel};
use kenpo_domain::person::Sex;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn value_in(item: Item) -> impl Strategy<Value = Decimal> {
    let (min, max) = item.valid_range();
    let lo = (min * Decimal::from(10)).trunc().mantissa() as i64;
    let hi = (max * Decimal::from(10)).trunc().mantissa() as i64;
    (lo..=hi).prop_map(|tenths| Decimal::new(tenths, 1))
}

const STRAT_ITEMS: [Item; 10] = [
    Item::Waist,
    Item::Bmi,
    Item::GlucoseFasting,
    Item::GlucoseNonFasting,
    Item::Hba1c,
    Item::TriglyceridesFasting,
    Item::TriglyceridesNonFasting,
    Item::Hdl,
    Item::SystolicBp,
    Item::DiastolicBp,
];

fn arb_result() -> impl Strategy<Value = CheckupResult> {
    let values: Vec<_> = STRAT_ITEMS
        .iter()
        .map(|i| proptest::option::of(value_in(*i)))
        .collect();
    (
        values,
        any::<bool>(),
        proptest::option::of(any::<bool>()),
        proptest::option::of(0u8..3),
        [
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
        ],
    )
        .prop_map(|(values, male, smoking, timing, med)| {
            let sex = if male { Sex::Male } else { Sex::Female };
            let mut r = CheckupResult::new(date(2026, 6, 1).unwrap(), sex);
            for (item, v) in STRAT_ITEMS.iter().zip(values) {
                if let Some(v) = v {
                    r.set(*item, v).unwrap();
                }
            }
            r.set_smoking(smoking);
            r.set_blood_draw(timing.and_then(|t| BloodDrawTiming::from_code(&(t + 1).to_string())));
            *r.medication_mut() = Medication {
                hypertension: med[0],
                diabetes: med[1],
                dyslipidaemia: med[2],
            };
            r
        })
}

proptest! {
    #[test]
    fn stratification_is_total_and_consistent(r in arb_result(), age in 40u32..=75) {
        let s = stratify(&r, age).unwrap();
        prop_assert!(!s.possible_levels.is_empty());
        match s.level {
            Some(l) => {
                prop_assert_eq!(s.possible_levels.clone(), vec![l]);
                prop_assert!(s.undecided.is_empty());
            }
            None => {
                prop_assert!(s.possible_levels.len() > 1);
                prop_assert!(!s.undecided.is_empty());
            }
        }
        if age >= 65 {
            prop_assert!(!s.possible_levels.contains(&GuidanceLevel::Active));
        }
        if r.medication().any() == Some(true) {
            prop_assert_eq!(s.level, Some(GuidanceLevel::InformationOnly));
        }
    }

    #[test]
    fn complete_results_are_always_decided(r in arb_result(), age in 40u32..=75) {
        let mut r = r;
        for (item, v) in [
            (Item::Waist, Decimal::new(800, 1)),
            (Item::Bmi, Decimal::new(220, 1)),
            (Item::GlucoseFasting, Decimal::new(95, 0)),
            (Item::TriglyceridesFasting, Decimal::new(120, 0)),
            (Item::Hdl, Decimal::new(50, 0)),
            (Item::SystolicBp, Decimal::new(120, 0)),
            (Item::DiastolicBp, Decimal::new(75, 0)),
        ] {
            if r.value(item).is_none() {
                r.set(item, v).unwrap();
            }
        }
        if r.smoking().is_none() { r.set_smoking(Some(false)); }
        let m = r.medication();
        *r.medication_mut() = Medication {
            hypertension: m.hypertension.or(Some(false)),
            diabetes: m.diabetes.or(Some(false)),
            dyslipidaemia: m.dyslipidaemia.or(Some(false)),
        };
        prop_assert!(stratify(&r, age).unwrap().level.is_some());
    }
}
