//! Stratification (階層化), 第4期: every row of the MHLW table at its boundaries.
//!
//! Source of every figure: 厚生労働省 標準的な健診・保健指導プログラム（令和6年度版） 第2編第3章
//! (step 1: waist 85 M / 90 F, BMI 25; step 2: fasting glucose 100, HbA1c 5.6, TG 150 fasting /
//! 175 non-fasting, HDL < 40, BP 130/85, smoking only with another risk; step 3 table; step 4:
//! medication, 65–74 cap) and the fasting-glucose precedence of the 円滑な実施に向けた手引き
//! (健保問答 第488回).

use kenpo_domain::calendar::date;
use kenpo_domain::checkup::result::{
    BloodDrawTiming, CheckupError, CheckupResult, Item, Medication,
};
use kenpo_domain::checkup::stratify::{
    stratify, stratify_person, stratify_person_with, Criterion, GuidanceLevel, VisceralFat,
};
use kenpo_domain::explanation::Explain;
use kenpo_domain::person::Sex;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use GuidanceLevel::{Active, InformationOnly, Motivational};

/// A complete result with nothing abnormal: waist 80, BMI 22, every risk absent, non-smoker,
/// no medication.
fn normal(sex: Sex) -> CheckupResult {
    CheckupResult::new(date(2026, 6, 15).unwrap(), sex)
        .with(Item::Waist, dec!(80.0))
        .unwrap()
        .with(Item::Bmi, dec!(22.0))
        .unwrap()
        .with(Item::GlucoseFasting, dec!(90))
        .unwrap()
        .with(Item::TriglyceridesFasting, dec!(100))
        .unwrap()
        .with(Item::Hdl, dec!(60))
        .unwrap()
        .with(Item::SystolicBp, dec!(120))
        .unwrap()
        .with(Item::DiastolicBp, dec!(70))
        .unwrap()
        .with_blood_draw(BloodDrawTiming::Fasting)
        .with_smoking(false)
        .with_medication(Medication::NONE)
}

fn set(mut r: CheckupResult, item: Item, v: Decimal) -> CheckupResult {
    r.set(item, v).unwrap();
    r
}

fn waist_obese(sex: Sex) -> CheckupResult {
    set(normal(sex), Item::Waist, dec!(95.0))
}

fn bmi_obese(sex: Sex) -> CheckupResult {
    set(normal(sex), Item::Bmi, dec!(26.0))
}

/// Adds `n` of the three metabolic risks (glucose, lipids, blood pressure), in that order.
fn with_risks(r: CheckupResult, n: usize) -> CheckupResult {
    let mut r = r;
    if n >= 1 {
        r = set(r, Item::GlucoseFasting, dec!(110));
    }
    if n >= 2 {
        r = set(r, Item::Hdl, dec!(35));
    }
    if n >= 3 {
        r = set(r, Item::SystolicBp, dec!(145));
    }
    r
}

fn level(r: &CheckupResult, age: u32) -> Option<GuidanceLevel> {
    stratify(r, age).unwrap().level
}

// ---- step 1 boundaries -------------------------------------------------------------------

#[test]
fn waist_men_84_9_vs_85_0() {
    let below = with_risks(set(normal(Sex::Male), Item::Waist, dec!(84.9)), 1);
    let at = with_risks(set(normal(Sex::Male), Item::Waist, dec!(85.0)), 1);
    assert_eq!(level(&below, 50), Some(InformationOnly));
    assert_eq!(
        stratify(&at, 50).unwrap().visceral_fat,
        Some(VisceralFat::Waist)
    );
    assert_eq!(level(&at, 50), Some(Motivational));
}

#[test]
fn waist_women_89_9_vs_90_0_and_85_is_not_enough_for_women() {
    let w85 = with_risks(set(normal(Sex::Female), Item::Waist, dec!(85.0)), 1);
    let below = with_risks(set(normal(Sex::Female), Item::Waist, dec!(89.9)), 1);
    let at = with_risks(set(normal(Sex::Female), Item::Waist, dec!(90.0)), 1);
    assert_eq!(level(&w85, 50), Some(InformationOnly));
    assert_eq!(level(&below, 50), Some(InformationOnly));
    assert_eq!(level(&at, 50), Some(Motivational));
}

#[test]
fn visceral_fat_area_replaces_the_waist() {
    let r = with_risks(set(normal(Sex::Male), Item::VisceralFatArea, dec!(100)), 2);
    assert_eq!(level(&r, 50), Some(Active));
    let r = with_risks(set(normal(Sex::Male), Item::VisceralFatArea, dec!(99.9)), 2);
    assert_eq!(
        stratify(&r, 50).unwrap().visceral_fat,
        Some(VisceralFat::Neither)
    );
}

#[test]
fn bmi_24_9_vs_25_0() {
    let below = with_risks(set(normal(Sex::Male), Item::Bmi, dec!(24.9)), 1);
    let at = with_risks(set(normal(Sex::Male), Item::Bmi, dec!(25.0)), 1);
    assert_eq!(level(&below, 50), Some(InformationOnly));
    assert_eq!(
        stratify(&at, 50).unwrap().visceral_fat,
        Some(VisceralFat::Bmi)
    );
    assert_eq!(level(&at, 50), Some(Motivational));
}

#[test]
fn bmi_computed_from_height_and_weight_rounded_to_one_decimal() {
    // 170 cm: 72.2 kg → 24.98… → 25.0 (counts); 72.1 kg → 24.948… → 24.9 (does not).
    let mut r = with_risks(normal(Sex::Male), 1);
    r.clear(Item::Bmi);
    let heavy = set(
        set(r.clone(), Item::Height, dec!(170.0)),
        Item::Weight,
        dec!(72.2),
    );
    let light = set(set(r, Item::Height, dec!(170.0)), Item::Weight, dec!(72.1));
    assert_eq!(heavy.bmi(), Some(dec!(25.0)));
    assert_eq!(light.bmi(), Some(dec!(24.9)));
    assert_eq!(level(&heavy, 50), Some(Motivational));
    assert_eq!(level(&light, 50), Some(InformationOnly));
}

// ---- step 2 boundaries -------------------------------------------------------------------

#[test]
fn hba1c_5_5_vs_5_6_when_it_is_the_only_glucose_measure() {
    let mut r = waist_obese(Sex::Male);
    r.clear(Item::GlucoseFasting);
    assert_eq!(
        level(&set(r.clone(), Item::Hba1c, dec!(5.5)), 50),
        Some(InformationOnly)
    );
    assert_eq!(
        level(&set(r, Item::Hba1c, dec!(5.6)), 50),
        Some(Motivational)
    );
}

#[test]
fn fasting_glucose_99_vs_100() {
    let r = waist_obese(Sex::Male);
    assert_eq!(
        level(&set(r.clone(), Item::GlucoseFasting, dec!(99)), 50),
        Some(InformationOnly)
    );
    assert_eq!(
        level(&set(r, Item::GlucoseFasting, dec!(100)), 50),
        Some(Motivational)
    );
}

#[test]
fn fasting_glucose_takes_precedence_over_hba1c() {
    let r = waist_obese(Sex::Male);
    let fg_normal_a1c_high = set(
        set(r.clone(), Item::GlucoseFasting, dec!(99)),
        Item::Hba1c,
        dec!(6.0),
    );
    let fg_high_a1c_normal = set(
        set(r, Item::GlucoseFasting, dec!(100)),
        Item::Hba1c,
        dec!(5.0),
    );
    assert_eq!(level(&fg_normal_a1c_high, 50), Some(InformationOnly));
    assert_eq!(level(&fg_high_a1c_normal, 50), Some(Motivational));
    assert!(stratify(&fg_normal_a1c_high, 50)
        .unwrap()
        .explanation
        .to_string()
        .contains("takes precedence"));
}

#[test]
fn non_fasting_glucose_only_without_fasting_glucose_and_hba1c() {
    let mut r = waist_obese(Sex::Male).with_blood_draw(BloodDrawTiming::NonFasting);
    r.clear(Item::GlucoseFasting);
    let nf99 = set(r.clone(), Item::GlucoseNonFasting, dec!(99));
    let nf100 = set(r.clone(), Item::GlucoseNonFasting, dec!(100));
    assert_eq!(level(&nf99, 50), Some(InformationOnly));
    assert_eq!(level(&nf100, 50), Some(Motivational));
    // HbA1c present: the non-fasting glucose is not used.
    let both = set(
        set(r.clone(), Item::GlucoseNonFasting, dec!(150)),
        Item::Hba1c,
        dec!(5.5),
    );
    assert_eq!(level(&both, 50), Some(InformationOnly));
    // Drawn within 3.5 h of a meal: unusable, the glucose risk stays open.
    let early = nf100
        .clone()
        .with_blood_draw(BloodDrawTiming::WithinThreeAndHalfHours);
    let s = stratify(&early, 50).unwrap();
    assert_eq!(s.level, None);
    assert_eq!(s.undecided, vec![Criterion::Glucose]);
}

#[test]
fn fasting_triglycerides_149_vs_150() {
    let r = waist_obese(Sex::Male);
    assert_eq!(
        level(&set(r.clone(), Item::TriglyceridesFasting, dec!(149)), 50),
        Some(InformationOnly)
    );
    assert_eq!(
        level(&set(r, Item::TriglyceridesFasting, dec!(150)), 50),
        Some(Motivational)
    );
}

#[test]
fn non_fasting_triglycerides_174_vs_175() {
    let mut r = waist_obese(Sex::Male).with_blood_draw(BloodDrawTiming::NonFasting);
    r.clear(Item::TriglyceridesFasting);
    assert_eq!(
        level(
            &set(r.clone(), Item::TriglyceridesNonFasting, dec!(174)),
            50
        ),
        Some(InformationOnly)
    );
    assert_eq!(
        level(
            &set(r.clone(), Item::TriglyceridesNonFasting, dec!(175)),
            50
        ),
        Some(Motivational)
    );
    // 150–174 non-fasting is not a risk (the fasting cut-off does not apply).
    assert_eq!(
        level(&set(r, Item::TriglyceridesNonFasting, dec!(160)), 50),
        Some(InformationOnly)
    );
}

#[test]
fn hdl_40_vs_39() {
    let r = waist_obese(Sex::Male);
    assert_eq!(
        level(&set(r.clone(), Item::Hdl, dec!(40)), 50),
        Some(InformationOnly)
    );
    assert_eq!(level(&set(r, Item::Hdl, dec!(39)), 50), Some(Motivational));
}

#[test]
fn systolic_129_vs_130_and_diastolic_84_vs_85() {
    let r = waist_obese(Sex::Male);
    assert_eq!(
        level(&set(r.clone(), Item::SystolicBp, dec!(129)), 50),
        Some(InformationOnly)
    );
    assert_eq!(
        level(&set(r.clone(), Item::SystolicBp, dec!(130)), 50),
        Some(Motivational)
    );
    assert_eq!(
        level(&set(r.clone(), Item::DiastolicBp, dec!(84)), 50),
        Some(InformationOnly)
    );
    assert_eq!(
        level(&set(r, Item::DiastolicBp, dec!(85)), 50),
        Some(Motivational)
    );
}

// ---- step 3 table, every row, age 64 / 65 --------------------------------------------------

#[test]
fn table_rows_waist() {
    for (risks, young, senior) in [
        (3, Active, Motivational),
        (2, Active, Motivational),
        (1, Motivational, Motivational),
        (0, InformationOnly, InformationOnly),
    ] {
        let r = with_risks(waist_obese(Sex::Male), risks);
        assert_eq!(level(&r, 64), Some(young), "waist + {risks} risks at 64");
        assert_eq!(level(&r, 65), Some(senior), "waist + {risks} risks at 65");
    }
}

#[test]
fn table_rows_bmi() {
    for (risks, young, senior) in [
        (3, Active, Motivational),
        (2, Motivational, Motivational),
        (1, Motivational, Motivational),
        (0, InformationOnly, InformationOnly),
    ] {
        let r = with_risks(bmi_obese(Sex::Female), risks);
        assert_eq!(level(&r, 64), Some(young), "BMI + {risks} risks at 64");
        assert_eq!(level(&r, 65), Some(senior), "BMI + {risks} risks at 65");
    }
}

#[test]
fn neither_waist_nor_bmi_is_information_whatever_the_risks() {
    let r = with_risks(normal(Sex::Male), 3).with_smoking(true);
    let s = stratify(&r, 50).unwrap();
    assert_eq!(s.visceral_fat, Some(VisceralFat::Neither));
    assert_eq!(s.level, Some(InformationOnly));
}

#[test]
fn age_64_vs_65_in_the_fiscal_year_from_the_birth_date() {
    // FY2026 ends 2027-03-31. Born 1962-04-01: reaches 65 on 2027-03-31 → 65 in the year.
    // Born 1962-04-02: reaches 65 on 2027-04-01 (FY2027) → 64 in the year.
    let r = with_risks(waist_obese(Sex::Male), 2);
    let s65 = stratify_person(&r, date(1962, 4, 1).unwrap()).unwrap();
    let s64 = stratify_person(&r, date(1962, 4, 2).unwrap()).unwrap();
    assert_eq!(s64.level, Some(Active));
    assert_eq!(s65.level, Some(Motivational));
    assert!(s65.explanation.to_string().contains("capped"));
}

// ---- smoking and medication ---------------------------------------------------------------

#[test]
fn smoking_alone_is_not_a_risk() {
    let r = waist_obese(Sex::Male).with_smoking(true);
    let s = stratify(&r, 50).unwrap();
    assert_eq!(s.risk_count, Some(0));
    assert_eq!(s.level, Some(InformationOnly));
    let r = bmi_obese(Sex::Male).with_smoking(true);
    assert_eq!(level(&r, 50), Some(InformationOnly));
}

#[test]
fn smoking_counts_with_another_risk() {
    // Leaflet rows: "waist + 1 risk + smoker → 積極的", "BMI + 2 risks + smoker → 積極的".
    let r = with_risks(waist_obese(Sex::Male), 1).with_smoking(true);
    assert_eq!(stratify(&r, 50).unwrap().risk_count, Some(2));
    assert_eq!(level(&r, 50), Some(Active));
    let r = with_risks(bmi_obese(Sex::Male), 2).with_smoking(true);
    assert_eq!(level(&r, 50), Some(Active));
    let r = with_risks(bmi_obese(Sex::Male), 1).with_smoking(true);
    assert_eq!(level(&r, 50), Some(Motivational));
}

#[test]
fn medication_excludes_from_guidance() {
    for med in [
        Medication {
            hypertension: Some(true),
            ..Medication::NONE
        },
        Medication {
            diabetes: Some(true),
            ..Medication::NONE
        },
        Medication {
            dyslipidaemia: Some(true),
            ..Medication::NONE
        },
    ] {
        let r = with_risks(waist_obese(Sex::Male), 3).with_medication(med);
        let s = stratify(&r, 50).unwrap();
        assert_eq!(s.level, Some(InformationOnly), "{med:?}");
        assert!(s.explanation.to_string().contains("medicine"));
    }
}

// ---- missing items -------------------------------------------------------------------------

#[test]
fn missing_item_that_cannot_change_the_level_still_decides() {
    let mut r = with_risks(waist_obese(Sex::Male), 1);
    r = set(r, Item::SystolicBp, dec!(140)); // glucose + BP
    r.clear(Item::TriglyceridesFasting);
    r.clear(Item::Hdl);
    assert_eq!(level(&r, 50), Some(Active));
}

#[test]
fn missing_lipids_leave_the_level_open_and_say_so() {
    let mut r = with_risks(waist_obese(Sex::Male), 1);
    r.clear(Item::TriglyceridesFasting);
    r.clear(Item::Hdl);
    let s = stratify(&r, 50).unwrap();
    assert_eq!(s.level, None);
    assert_eq!(s.possible_levels, vec![Active, Motivational]);
    assert_eq!(s.undecided, vec![Criterion::Lipids]);
    assert!(s.explanation.to_string().contains("undecided"));
}

#[test]
fn missing_smoking_and_medication_answers() {
    let mut r = with_risks(waist_obese(Sex::Male), 1);
    r.set_smoking(None);
    let s = stratify(&r, 50).unwrap();
    assert_eq!(s.undecided, vec![Criterion::Smoking]);

    let mut r = with_risks(waist_obese(Sex::Male), 2);
    *r.medication_mut() = Medication::default();
    let s = stratify(&r, 50).unwrap();
    assert_eq!(s.possible_levels, vec![Active, InformationOnly]);
    assert_eq!(s.undecided, vec![Criterion::Medication]);
}

#[test]
fn missing_waist_with_bmi_below_25() {
    let mut r = with_risks(normal(Sex::Male), 1);
    r.clear(Item::Waist);
    let s = stratify(&r, 50).unwrap();
    assert_eq!(s.level, None);
    assert_eq!(s.undecided, vec![Criterion::Waist]);
}

// ---- input errors --------------------------------------------------------------------------

#[test]
fn ages_outside_40_to_75_are_rejected() {
    let r = normal(Sex::Male);
    assert_eq!(
        stratify(&r, 39).unwrap_err(),
        CheckupError::AgeOutsideTargetBand { age: 39 }
    );
    assert!(stratify(&r, 76).is_err());
    assert!(stratify(&r, 40).is_ok());
    assert!(stratify(&r, 75).is_ok());
}

#[test]
fn checkups_before_the_fourth_period_have_no_criteria() {
    let r = CheckupResult::new(date(2024, 3, 31).unwrap(), Sex::Male);
    assert!(matches!(
        stratify(&r, 50),
        Err(CheckupError::NoCriteria { .. })
    ));
    let r = CheckupResult::new(date(2024, 4, 1).unwrap(), Sex::Male);
    assert!(stratify(&r, 50).is_ok());
}

#[test]
fn rule_only_gives_the_same_stratification_without_steps() {
    // Born 1974-06-01: 52 at the end of FY2026; waist 95 and two risks → 積極的支援.
    let r = with_risks(waist_obese(Sex::Male), 2);
    let birth = date(1974, 6, 1).unwrap();
    let with_steps = stratify_person(&r, birth).unwrap();
    let rule_only = stratify_person_with(&r, birth, Explain::RuleOnly).unwrap();
    assert_eq!(rule_only.level, Some(Active));
    assert_eq!(rule_only.level, with_steps.level);
    assert_eq!(rule_only.risks, with_steps.risks);
    assert!(with_steps.explanation.has_steps());
    assert!(!rule_only.explanation.has_steps());
    assert!(matches!(
        stratify_person_with(&r, date(1996, 6, 1).unwrap(), Explain::RuleOnly),
        Err(CheckupError::AgeOutsideTargetBand { .. })
    ));
}
