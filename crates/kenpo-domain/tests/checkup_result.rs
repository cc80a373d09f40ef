//! The checkup result record: ranges, errors, BMI rounding, serde, and the 第4期 judgement values.

use kenpo_domain::calendar::date;
use kenpo_domain::checkup::result::{bmi_from_height_weight, CheckupError, CheckupResult, Item};
use kenpo_domain::checkup::thresholds::{criteria_for, Condition, FlagLevel};
use kenpo_domain::person::Sex;
use rust_decimal_macros::dec;

fn empty(sex: Sex) -> CheckupResult {
    CheckupResult::new(date(2026, 6, 1).unwrap(), sex)
}

#[test]
fn impossible_values_are_typed_errors_naming_item_and_value() {
    for (item, value) in [
        (Item::Waist, dec!(-1)),
        (Item::Waist, dec!(900)),
        (Item::Hba1c, dec!(65)),
        (Item::SystolicBp, dec!(-120)),
        (Item::Weight, dec!(19.9)),
    ] {
        let err = empty(Sex::Male).with(item, value).unwrap_err();
        assert!(
            matches!(err, CheckupError::OutOfRange { item: i, value: v, .. } if i == item && v == value)
        );
        let text = err.to_string();
        assert!(
            text.contains(item.japanese()) && text.contains(&value.to_string()),
            "{text}"
        );
    }
    assert!(empty(Sex::Male).with(Item::Weight, dec!(20.0)).is_ok());
    assert!(empty(Sex::Male).with(Item::Hba1c, dec!(20.0)).is_ok());
}

#[test]
fn bmi_rounds_half_up_to_one_decimal() {
    // 160 cm, 63.9 kg → 24.9609… → 25.0; 63.87 kg → 24.949… → 24.9.
    assert_eq!(
        bmi_from_height_weight(dec!(160), dec!(63.9)),
        Some(dec!(25.0))
    );
    assert_eq!(
        bmi_from_height_weight(dec!(160), dec!(63.87)),
        Some(dec!(24.9))
    );
    // 200 cm, 99.8 kg → 24.95 exactly → 25.0 (half up).
    assert_eq!(
        bmi_from_height_weight(dec!(200), dec!(99.8)),
        Some(dec!(25.0))
    );
    assert_eq!(bmi_from_height_weight(dec!(0), dec!(60)), None);
    // A recorded BMI wins over height and weight.
    let r = empty(Sex::Male)
        .with(Item::Height, dec!(160))
        .unwrap()
        .with(Item::Weight, dec!(63.9))
        .unwrap()
        .with(Item::Bmi, dec!(24.8))
        .unwrap();
    assert_eq!(r.bmi(), Some(dec!(24.8)));
}

#[test]
fn serde_round_trip_and_validation_on_deserialise() {
    let r = empty(Sex::Female)
        .with(Item::Waist, dec!(90.0))
        .unwrap()
        .with_smoking(true);
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(serde_json::from_str::<CheckupResult>(&json).unwrap(), r);
    let bad = json.replace("\"90.0\"", "\"900\"");
    assert!(bad.contains("900"), "{json}");
    let err = serde_json::from_str::<CheckupResult>(&bad).unwrap_err();
    assert!(err.to_string().contains("腹囲"), "{err}");
}

#[test]
fn fourth_period_judgement_values_at_their_edges() {
    let c = criteria_for(date(2024, 4, 1).unwrap()).unwrap();
    let m = Sex::Male;
    let f = Sex::Female;
    for (item, normal, guidance, referral) in [
        (Item::SystolicBp, dec!(129), dec!(130), dec!(140)),
        (Item::DiastolicBp, dec!(84), dec!(85), dec!(90)),
        (Item::TriglyceridesFasting, dec!(149), dec!(150), dec!(300)),
        (
            Item::TriglyceridesNonFasting,
            dec!(174),
            dec!(175),
            dec!(300),
        ),
        (Item::Ldl, dec!(119), dec!(120), dec!(140)),
        (Item::NonHdl, dec!(149), dec!(150), dec!(170)),
        (Item::GlucoseFasting, dec!(99), dec!(100), dec!(126)),
        (Item::GlucoseNonFasting, dec!(99), dec!(100), dec!(126)),
        (Item::Hba1c, dec!(5.5), dec!(5.6), dec!(6.5)),
        (Item::Ast, dec!(30), dec!(31), dec!(51)),
        (Item::Alt, dec!(30), dec!(31), dec!(51)),
        (Item::GammaGt, dec!(50), dec!(51), dec!(101)),
    ] {
        assert_eq!(c.level(item, normal, m), Some(FlagLevel::Normal), "{item}");
        assert_eq!(
            c.level(item, guidance, m),
            Some(FlagLevel::Guidance),
            "{item}"
        );
        assert_eq!(
            c.level(item, referral, m),
            Some(FlagLevel::Referral),
            "{item}"
        );
    }
    // HDL: < 40 guidance, no referral value.
    assert_eq!(c.level(Item::Hdl, dec!(40), m), Some(FlagLevel::Normal));
    assert_eq!(c.level(Item::Hdl, dec!(39), m), Some(FlagLevel::Guidance));
    assert_eq!(c.level(Item::Hdl, dec!(20), m), Some(FlagLevel::Guidance));
    // eGFR: < 60 guidance, < 45 referral.
    assert_eq!(c.level(Item::Egfr, dec!(60), m), Some(FlagLevel::Normal));
    assert_eq!(
        c.level(Item::Egfr, dec!(59.9), m),
        Some(FlagLevel::Guidance)
    );
    assert_eq!(
        c.level(Item::Egfr, dec!(44.9), m),
        Some(FlagLevel::Referral)
    );
    // Haemoglobin by sex: ≤ 13.0 / ≤ 12.0 (men), ≤ 12.0 / ≤ 11.0 (women).
    assert_eq!(
        c.level(Item::Haemoglobin, dec!(13.1), m),
        Some(FlagLevel::Normal)
    );
    assert_eq!(
        c.level(Item::Haemoglobin, dec!(13.0), m),
        Some(FlagLevel::Guidance)
    );
    assert_eq!(
        c.level(Item::Haemoglobin, dec!(12.0), m),
        Some(FlagLevel::Referral)
    );
    assert_eq!(
        c.level(Item::Haemoglobin, dec!(12.1), f),
        Some(FlagLevel::Normal)
    );
    assert_eq!(
        c.level(Item::Haemoglobin, dec!(12.0), f),
        Some(FlagLevel::Guidance)
    );
    assert_eq!(
        c.level(Item::Haemoglobin, dec!(11.0), f),
        Some(FlagLevel::Referral)
    );
    // Items without judgement values.
    assert_eq!(c.level(Item::Waist, dec!(100), m), None);
}

#[test]
fn flags_and_referral_conditions() {
    let c = criteria_for(date(2026, 6, 1).unwrap()).unwrap();
    let r = empty(Sex::Male)
        .with(Item::SystolicBp, dec!(141))
        .unwrap()
        .with(Item::Ldl, dec!(125))
        .unwrap()
        .with(Item::Waist, dec!(90))
        .unwrap();
    let flags: Vec<_> = c.flags(&r).into_iter().map(|f| (f.item, f.level)).collect();
    assert_eq!(
        flags,
        vec![
            (Item::SystolicBp, FlagLevel::Referral),
            (Item::Ldl, FlagLevel::Guidance)
        ]
    );
    assert_eq!(c.referral_conditions(&r), vec![Condition::Hypertension]);
}

#[test]
fn icd10_categories_of_the_three_conditions() {
    for code in ["E10", "E11.9", "e119", "E14"] {
        assert!(Condition::Diabetes.matches_icd10(code), "{code}");
    }
    assert!(!Condition::Diabetes.matches_icd10("E15"));
    for code in ["I10", "I15.0", "I13"] {
        assert!(Condition::Hypertension.matches_icd10(code), "{code}");
    }
    assert!(!Condition::Hypertension.matches_icd10("I20"));
    assert!(Condition::Dyslipidaemia.matches_icd10("E78.5"));
    assert!(!Condition::Dyslipidaemia.matches_icd10("E79"));
}

#[test]
fn non_fasting_values_right_after_a_meal_raise_no_referral() {
    use kenpo_domain::checkup::result::BloodDrawTiming;
    let c = criteria_for(date(2026, 6, 1).unwrap()).unwrap();
    let r = empty(Sex::Male)
        .with(Item::GlucoseNonFasting, dec!(180))
        .unwrap()
        .with_blood_draw(BloodDrawTiming::NonFasting);
    assert_eq!(c.referral_conditions(&r), vec![Condition::Diabetes]);
    let r = r.with_blood_draw(BloodDrawTiming::WithinThreeAndHalfHours);
    assert!(c.referral_conditions(&r).is_empty());
}
