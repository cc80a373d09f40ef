//! 高額療養費 units from receipts: cost = points × 10 yen, charge from HO 負担金額 or the
//! category's rate rounded to 10 yen (健康保険法 第75条), pharmacies joined to the prescriber.

use std::sync::Arc;

use kenpo_domain::high_cost::{CareSetting, MedicalBranch, SpecifiedDisease};
use kenpo_domain::identifiers::InstitutionCode;
use kenpo_domain::receipt::testgen::{self, GeneratorOptions};
use kenpo_domain::receipt::units::{cost_units, member_key, UnitNote};
use kenpo_domain::receipt::{ClaimBranch, Points, RawRecord, Receipt, ReceiptKind};
use kenpo_domain::Yen;

fn institution(prefix9: &str) -> InstitutionCode {
    (0..10)
        .find_map(|c| InstitutionCode::new(&format!("{prefix9}{c}")).ok())
        .unwrap()
}

fn base(kind: &str, inst: &InstitutionCode, points: i64, charge: Option<i64>) -> Receipt {
    let mut r = testgen::receipts(&GeneratorOptions::new(1, 50))
        .find(|r| r.branch() == ClaimBranch::Medical && r.kind.public_funds() == 0)
        .unwrap();
    r.kind = ReceiptKind::from_code(kind).unwrap();
    r.raw_records.clear();
    r.institution = Some(inst.clone());
    r.institution_recorded = Arc::from(inst.as_str());
    let ins = r.insurance.as_mut().unwrap();
    ins.points = Points::new(points);
    ins.patient_charge = charge.map(Yen::new);
    r
}

#[test]
fn charge_is_rounded_to_10_yen_half_up() {
    let a = institution("131000100");
    // 1,234 points = 12,340 yen; 3割 = 3,702 → 3,700.
    let out = cost_units(&[base("1112", &a, 1234, None)], member_key, |_, _| None).unwrap();
    assert_eq!(
        (out.units[0].total_cost, out.units[0].patient_charge),
        (Yen::new(12_340), Yen::new(3_700))
    );
    // 1,235 points = 12,350 yen; 3割 = 3,705 → 3,710 (five rounds up).
    let out = cost_units(&[base("1112", &a, 1235, None)], member_key, |_, _| None).unwrap();
    assert_eq!(out.units[0].patient_charge, Yen::new(3_710));
    // 未就学 2割: 12,340 × 20 % = 2,468 → 2,470.
    let out = cost_units(&[base("1114", &a, 1234, None)], member_key, |_, _| None).unwrap();
    assert_eq!(out.units[0].patient_charge, Yen::new(2_470));
    // A recorded 負担金額 wins.
    let out = cost_units(
        &[base("1112", &a, 1234, Some(3_000))],
        member_key,
        |_, _| None,
    )
    .unwrap();
    assert_eq!(out.units[0].patient_charge, Yen::new(3_000));
}

#[test]
fn pharmacy_joins_its_prescriber_and_settings_stay_apart() {
    let a = institution("131000100");
    let b = institution("131000200");
    let pharmacy = institution("134000900");
    let outpatient = base("1112", &a, 1000, Some(3000));
    let inpatient = base("1111", &a, 20_000, Some(60_000));
    let mut p = base("4112", &pharmacy, 500, Some(1500));
    let code = a.as_str();
    p.raw_records = vec![RawRecord {
        kind: "SH".into(),
        line: 0,
        fields: vec![code[..2].into(), code[2..3].into(), code[3..].into()],
    }];
    let out = cost_units(
        &[outpatient.clone(), inpatient, p.clone()],
        member_key,
        |_, _| None,
    )
    .unwrap();
    assert!(out.notes.is_empty(), "{:?}", out.notes);
    assert_eq!(out.units.len(), 2);
    let o = out
        .units
        .iter()
        .find(|u| u.setting == CareSetting::Outpatient)
        .unwrap();
    assert_eq!(
        (o.institution.clone(), o.branch),
        (a.clone(), MedicalBranch::Medical)
    );
    assert_eq!(
        (o.total_cost, o.patient_charge),
        (Yen::new(15_000), Yen::new(4_500))
    );

    // Without a prescriber: joined to the only outpatient institution of the month…
    p.raw_records.clear();
    let out = cost_units(&[outpatient.clone(), p.clone()], member_key, |_, _| None).unwrap();
    assert_eq!(out.units.len(), 1);
    assert_eq!(out.units[0].total_cost, Yen::new(15_000));
    // …and with two, kept apart and reported.
    let other = base("1112", &b, 100, Some(300));
    let out = cost_units(&[outpatient, other, p.clone()], member_key, |_, _| None).unwrap();
    assert_eq!(out.units.len(), 3);
    assert_eq!(out.notes, vec![(p.position, UnitNote::UnjoinedPharmacy)]);
}

#[test]
fn skipped_receipts_and_specified_disease() {
    let a = institution("131000100");
    let mut public_only = base("1212", &a, 100, None);
    public_only.insurance = None;
    let mut marked = base("1112", &a, 50_000, Some(10_000));
    marked.special_notes = "0216".into();
    let out = cost_units(
        &[public_only.clone(), marked.clone()],
        member_key,
        |_, _| None,
    )
    .unwrap();
    assert_eq!(out.units.len(), 1);
    assert_eq!(
        out.notes,
        vec![
            (public_only.position, UnitNote::NoInsurancePart),
            (
                marked.position,
                UnitNote::SpecifiedDiseaseWithoutCertificate
            )
        ]
    );
    let out = cost_units(&[marked], member_key, |_, _| {
        Some(SpecifiedDisease::ChronicRenalFailureDialysis)
    })
    .unwrap();
    assert!(out.notes.is_empty());
    assert_eq!(
        out.units[0].specified_disease,
        Some(SpecifiedDisease::ChronicRenalFailureDialysis)
    );
}
