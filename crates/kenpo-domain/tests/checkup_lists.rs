//! Target lists: guidance candidates (E1/E2), 65+ (F4), severe-case prevention (F5), D2.

use kenpo_domain::calendar::{date, YearMonth};
use kenpo_domain::checkup::lists::{
    guidance_candidates, receipt_window, senior_risk_report, severe_case_prevention, year_on_year,
    DiagnosisCode, DiagnosisRow, MemberCheckup,
};
use kenpo_domain::checkup::result::{CheckupResult, Item};
use kenpo_domain::checkup::stratify::GuidanceLevel;
use kenpo_domain::checkup::thresholds::{Condition, FlagLevel};
use kenpo_domain::person::Sex;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

mod checkup_common;
use checkup_common::{key, result};

fn rec(n: &str, birth: (i32, u32, u32), values: &[(Item, Decimal)]) -> MemberCheckup {
    MemberCheckup {
        member: key(n),
        birth: date(birth.0, birth.1, birth.2).unwrap(),
        result: result(values),
    }
}

#[test]
fn guidance_candidates_are_the_guidance_levels_only() {
    let records = vec![
        rec(
            "1",
            (1976, 5, 1),
            &[
                (Item::Waist, dec!(95)),
                (Item::GlucoseFasting, dec!(110)),
                (Item::Hdl, dec!(35)),
            ],
        ),
        rec(
            "2",
            (1976, 5, 1),
            &[(Item::Waist, dec!(95)), (Item::GlucoseFasting, dec!(110))],
        ),
        rec("3", (1976, 5, 1), &[]),
        rec(
            "4",
            (1990, 5, 1),
            &[(Item::Waist, dec!(95)), (Item::GlucoseFasting, dec!(110))],
        ), // 36: not stratified
    ];
    let list = guidance_candidates(&records);
    let got: Vec<_> = list
        .candidates
        .iter()
        .map(|c| (c.member.clone(), c.level))
        .collect();
    assert_eq!(
        got,
        vec![
            (key("1"), GuidanceLevel::Active),
            (key("2"), GuidanceLevel::Motivational)
        ]
    );
    assert!(list.undecided.is_empty());
}

#[test]
fn undecided_candidates_are_reported_separately() {
    let mut r = rec(
        "5",
        (1976, 5, 1),
        &[(Item::Waist, dec!(95)), (Item::GlucoseFasting, dec!(110))],
    );
    r.result.set_smoking(None);
    let list = guidance_candidates(&[r]);
    assert!(list.candidates.is_empty());
    assert_eq!(list.undecided.len(), 1);
}

#[test]
fn senior_list_is_65_and_over_on_the_reference_date_with_age_not_birth_date() {
    let on = date(2026, 10, 1).unwrap();
    // Born 1961-10-02: 65th birthday 2026-10-02, reaches 65 on 2026-10-01 → in.
    // Born 1961-10-03: reaches 65 on 2026-10-02 → out.
    let records = vec![rec("1", (1961, 10, 2), &[]), rec("2", (1961, 10, 3), &[])];
    let rows = senior_risk_report(&records, on);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].member, key("1"));
    assert_eq!(rows[0].age, 65);
    let json = serde_json::to_string(&rows[0]).unwrap();
    assert!(
        !json.contains("1961"),
        "no birth date in the F4 row: {json}"
    );
}

#[test]
fn severe_case_prevention_needs_referral_value_and_no_treatment_in_12_months() {
    let last = YearMonth::new(2026, 9).unwrap();
    assert_eq!(
        receipt_window(last),
        (YearMonth::new(2025, 10).unwrap(), last)
    );
    let records = vec![
        // HbA1c 6.5 (referral) and untreated → in, diabetes.
        rec("1", (1970, 1, 1), &[(Item::Hba1c, dec!(6.5))]),
        // HbA1c 6.4: below referral → out.
        rec("2", (1970, 1, 1), &[(Item::Hba1c, dec!(6.4))]),
        // SBP 140 but treated for I10 in the window → out.
        rec("3", (1970, 1, 1), &[(Item::SystolicBp, dec!(140))]),
        // LDL 140, E78 diagnosis only before the window (2025-09) → in.
        rec("4", (1970, 1, 1), &[(Item::Ldl, dec!(140))]),
        // DBP 90 with a 傷病名コード mapped to I10 → out; and fasting glucose 126 untreated → in.
        rec(
            "5",
            (1970, 1, 1),
            &[
                (Item::DiastolicBp, dec!(90)),
                (Item::GlucoseFasting, dec!(126)),
            ],
        ),
    ];
    let diagnoses = vec![
        DiagnosisRow {
            member: key("3"),
            month: YearMonth::new(2026, 3).unwrap(),
            code: DiagnosisCode::Icd10("I10".into()),
        },
        DiagnosisRow {
            member: key("4"),
            month: YearMonth::new(2025, 9).unwrap(),
            code: DiagnosisCode::Icd10("E78.5".into()),
        },
        DiagnosisRow {
            member: key("5"),
            month: YearMonth::new(2025, 10).unwrap(),
            code: DiagnosisCode::DiseaseName("8833421".into()),
        },
        DiagnosisRow {
            member: key("5"),
            month: YearMonth::new(2026, 1).unwrap(),
            code: DiagnosisCode::DiseaseName("0000000".into()),
        },
    ];
    let map = |code: &str| (code == "8833421").then(|| "I10".to_owned());
    let list = severe_case_prevention(&records, &diagnoses, last, &map);
    let got: Vec<_> = list
        .rows
        .iter()
        .map(|r| (r.member.clone(), r.conditions.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (key("1"), vec![Condition::Diabetes]),
            (key("4"), vec![Condition::Dyslipidaemia]),
            (key("5"), vec![Condition::Diabetes]),
        ]
    );
    assert_eq!(list.unmapped, vec!["0000000".to_owned()]);
    // Only the items behind the condition travel.
    let items: Vec<_> = list.rows[0].values.iter().map(|v| v.item).collect();
    assert_eq!(items, vec![Item::GlucoseFasting, Item::Hba1c]);
}

#[test]
fn year_on_year_comparison() {
    let earlier = result(&[(Item::Hba1c, dec!(5.5))]);
    let mut later = CheckupResult::new(date(2027, 6, 20).unwrap(), Sex::Male);
    later.set(Item::Hba1c, dec!(6.5)).unwrap();
    later.set(Item::Waist, dec!(82.0)).unwrap();
    let c = year_on_year(&later, &earlier);
    assert_eq!(c.before_date, date(2026, 6, 15).unwrap());
    let a1c = c.items.iter().find(|i| i.item == Item::Hba1c).unwrap();
    assert_eq!(a1c.change, Some(dec!(1.0)));
    assert_eq!(a1c.flag_before, Some(FlagLevel::Normal));
    assert_eq!(a1c.flag_after, Some(FlagLevel::Referral));
    let waist = c.items.iter().find(|i| i.item == Item::Waist).unwrap();
    assert_eq!(waist.change, Some(dec!(2.0)));
    let ldl = c.items.iter().find(|i| i.item == Item::Ldl).unwrap();
    assert_eq!(
        (ldl.before, ldl.after, ldl.change),
        (Some(dec!(100)), None, None)
    );
}

#[test]
fn diagnosis_rows_from_a_receipt() {
    use kenpo_domain::receipt::testgen::{self, GeneratorOptions};
    let opts = GeneratorOptions::new(7, 3);
    let receipt = testgen::receipts(&opts)
        .find(|r| !r.diagnoses.is_empty())
        .expect("a generated receipt with diagnoses");
    let rows = DiagnosisRow::from_receipt(&key("9"), &receipt);
    assert_eq!(rows.len(), receipt.diagnoses.len());
    for (row, d) in rows.iter().zip(&receipt.diagnoses) {
        assert_eq!(row.month, receipt.service_month);
        assert_eq!(
            row.code,
            DiagnosisCode::DiseaseName(format!("{:07}", d.code))
        );
    }
}

/// Quality bar (no personal data in `Debug`): the date of birth a [`MemberCheckup`] carries for the
/// fiscal-year age is redacted.
#[test]
fn member_checkup_debug_hides_the_date_of_birth() {
    let r = rec("1", (1961, 7, 23), &[(Item::Waist, dec!(90))]);
    let shown = format!("{r:?}");
    assert!(!shown.contains("1961"), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
}
