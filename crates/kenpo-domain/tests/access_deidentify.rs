//! De-identification (F3, C13): identifiers removed, quasi-identifiers generalised, groups
//! below k suppressed and counted.

mod access_fixtures;

use access_fixtures::{at, d, full_member};
use kenpo_domain::access::{
    Actor, AgeBand, Catalog, Condition, DenialReason, Field, FieldSet, KAnonymity, MemoryLog,
    Request, SubjectRecord, DEFAULT_K,
};
use kenpo_domain::calendar::YearMonth;
use kenpo_domain::person::Sex;

fn population() -> Vec<SubjectRecord> {
    let mut v = Vec::new();
    // Group A: six women aged 40–44 in Osaka, office K001 (ages 40 and 44: band edges).
    for i in 0..6 {
        let birth = if i % 2 == 0 {
            d(1986, 1, 10)
        } else {
            d(1981, 6, 10)
        };
        v.push(full_member(
            100 + i,
            birth,
            Sex::Female,
            "大阪府吹田市1-2",
            "K001",
        ));
    }
    // Group B: five men aged 45–49 in Hyogo, office K002 (45 is the next band).
    for i in 0..5 {
        v.push(full_member(
            200 + i,
            d(1981, 1, 10),
            Sex::Male,
            "兵庫県神戸市中央区3-4",
            "K002",
        ));
    }
    // One alone: a man aged 60 in Kyoto.
    v.push(full_member(
        300,
        d(1966, 1, 10),
        Sex::Male,
        "京都府京都市左京区5-6",
        "K001",
    ));
    v
}

fn f3_fields() -> FieldSet {
    FieldSet::of(&[
        Field::AgeBand,
        Field::Sex,
        Field::Prefecture,
        Field::Office,
        Field::CheckupResults,
        Field::Receipts,
    ])
}

#[test]
fn k_anonymity_suppresses_small_groups_and_counts_them() {
    let catalog = Catalog::default_catalog();
    let staff = Actor::staff("S001");
    let people = population();
    let (f3, vendor) = (
        catalog.purpose("F3").expect("F3"),
        catalog.recipient("report_vendor").expect("vendor"),
    );
    let mut log = MemoryLog::new();
    let req = Request::new(&staff, f3, vendor, &people, f3_fields(), at(2026, 6, 1));
    let permit = catalog.decide_deidentified(&req, &mut log).expect("permit");

    let data = permit.dataset(KAnonymity::default());
    assert_eq!(DEFAULT_K, 5);
    assert_eq!(
        (data.k, data.rows.len(), data.suppressed, data.groups),
        (5, 11, 1, 2)
    );
    let data6 = permit.dataset(KAnonymity::new(6).expect("k"));
    assert_eq!(
        (data6.rows.len(), data6.suppressed, data6.groups),
        (6, 6, 1)
    );
    assert!(KAnonymity::new(0).is_err());

    let first = &data.rows[0];
    assert_eq!(
        first.age_band.map(|b| b.to_string()).as_deref(),
        Some("40-44")
    );
    assert_eq!(first.prefecture, Some("大阪府"));
    assert_eq!(first.sex, Some(Sex::Female));
    // Dates become months.
    let checkups = first.checkups.as_ref().expect("checkups");
    assert_eq!(checkups[0].month, YearMonth::new(2025, 10).expect("m"));
    let receipts = first.receipts.as_ref().expect("receipts");
    assert_eq!((receipts[0].days, receipts[0].points), (2, 1_234));
    // No direct identifier anywhere in the output.
    let json = serde_json::to_string(&data).expect("json");
    for identifier in [
        "試験",
        "シケン",
        "吹田",
        "1986-01-10",
        "\"77\"",
        "2026-03-09",
        "2711234563",
    ] {
        assert!(!json.contains(identifier), "{identifier} in {json}");
    }
}

#[test]
fn age_bands_are_five_years() {
    assert_eq!(AgeBand::of(44).to_string(), "40-44");
    assert_eq!(AgeBand::of(45).to_string(), "45-49");
    assert_eq!((AgeBand::of(0).lower(), AgeBand::of(0).upper()), (0, 4));
}

#[test]
fn f3_and_c13_release_only_through_this_path() {
    let catalog = Catalog::default_catalog();
    let staff = Actor::staff("S001");
    let people = population();
    let mut log = MemoryLog::new();
    for (purpose, recipient, fields) in [
        ("F3", "report_vendor", f3_fields()),
        (
            "C13",
            "receipt_workshop",
            FieldSet::of(&[Field::AgeBand, Field::Sex, Field::Receipts]),
        ),
    ] {
        let p = catalog.purpose(purpose).expect("p");
        let r = catalog.recipient(recipient).expect("r");
        let req = Request::new(&staff, p, r, &people, fields, at(2026, 6, 1));
        let denial = catalog.decide(&req, &mut log).expect_err("identified");
        assert_eq!(
            denial.reason,
            DenialReason::ConditionFailed {
                condition: Condition::Deidentified,
                subject: None
            }
        );
        // Asking for a name is not even expressible in a de-identified grant.
        let named = Request::new(
            &staff,
            p,
            r,
            &people,
            fields.with(Field::Name),
            at(2026, 6, 1),
        );
        assert_eq!(
            catalog
                .decide_deidentified(&named, &mut log)
                .map(|_| ())
                .unwrap_err()
                .reason,
            DenialReason::FieldNotAllowed { field: Field::Name }
        );
        assert!(catalog.decide_deidentified(&req, &mut log).is_ok());
    }
    // A purpose that does not provide for de-identified data.
    let a8 = catalog.purpose("A8").expect("A8");
    let clinic = catalog.recipient("clinic").expect("clinic");
    let req = Request::new(
        &staff,
        a8,
        clinic,
        &people,
        FieldSet::of(&[Field::Sex]),
        at(2026, 6, 1),
    )
    .requester_confirmed();
    assert_eq!(
        catalog
            .decide_deidentified(&req, &mut log)
            .map(|_| ())
            .unwrap_err()
            .reason,
        DenialReason::NotDeidentifiedPurpose
    );
}
