//! Every target list is produced through an access decision (purposes E1, E2, F4, F5, D2 of the
//! published notice) and carries only the fields the notice grants its recipient.

use std::collections::{BTreeMap, BTreeSet};

use kenpo_domain::access::{log, Actor, Catalog, MemoryLog, SubjectRecord};
use kenpo_domain::calendar::{date, YearMonth};
use kenpo_domain::checkup::lists::{
    guidance_candidates, severe_case_prevention, ListError, MemberCheckup, Program, Provision,
};
use kenpo_domain::checkup::result::{CheckupResult, Item};
use kenpo_domain::checkup::stratify::GuidanceLevel;
use kenpo_domain::checkup::thresholds::Condition;
use kenpo_domain::identifiers::{MemberKey, OfficeCode};
use kenpo_domain::person::{Address, KanaName, PersonName, Sex};
use rust_decimal_macros::dec;

mod checkup_common;
use checkup_common::{key, result};

struct Society {
    records: Vec<MemberCheckup>,
    master: BTreeMap<MemberKey, SubjectRecord>,
}

fn society() -> Society {
    let people = [
        // 1: 50, waist + glucose + HDL → 積極的支援; HbA1c fine.
        (
            "1",
            date(1976, 5, 1),
            vec![
                (Item::Waist, dec!(95)),
                (Item::GlucoseFasting, dec!(110)),
                (Item::Hdl, dec!(35)),
            ],
        ),
        // 2: 66 on 2026-10-01, BMI + SBP 145 (referral, untreated) → 動機付け支援 and F5 hypertension.
        (
            "2",
            date(1960, 3, 3),
            vec![(Item::Bmi, dec!(26)), (Item::SystolicBp, dec!(145))],
        ),
        // 3: 45, nothing abnormal.
        ("3", date(1981, 1, 1), vec![]),
    ];
    let mut records = Vec::new();
    let mut master = BTreeMap::new();
    for (n, born, extra) in people {
        let born = born.unwrap();
        records.push(MemberCheckup {
            member: key(n),
            birth: born,
            result: result(&extra),
        });
        master.insert(
            key(n),
            SubjectRecord::new(
                key(n),
                PersonName::new("保健 太郎").unwrap(),
                born,
                Sex::Male,
            )
            .with_kana_name(KanaName::new("ホケン タロウ").unwrap())
            .with_address(Address::new("大阪府大阪市中央区1-1").unwrap())
            .with_office(OfficeCode::new("B07").unwrap()),
        );
    }
    Society { records, master }
}

fn provision<'a>(
    catalog: &'a Catalog,
    log: &'a mut MemoryLog,
    actor: &'a Actor,
    lookup: &'a dyn Fn(&MemberKey) -> Option<SubjectRecord>,
) -> Provision<'a> {
    Provision {
        catalog,
        log,
        actor,
        at: date(2026, 10, 1).unwrap().and_hms_opt(9, 0, 0).unwrap(),
        subject_of: lookup,
    }
}

fn keys(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_list_goes_through_a_logged_access_decision_with_only_its_fields() {
    let s = society();
    let catalog = Catalog::default_catalog();
    let mut access_log = MemoryLog::new();
    let actor = Actor::system("checkup-lists");
    let lookup = |k: &MemberKey| s.master.get(k).cloned();
    let mut p = provision(&catalog, &mut access_log, &actor, &lookup);

    // E2: guidance candidates to the risk-report company.
    let list = guidance_candidates(&s.records);
    let e2 = p
        .guidance_candidates(Program::RiskReport, &list, &s.records)
        .unwrap();
    assert_eq!(e2.rows.len(), 2);
    assert_eq!(e2.rows[0].selection, GuidanceLevel::Active);
    assert_eq!(e2.rows[1].selection, GuidanceLevel::Motivational);
    for row in &e2.rows {
        assert_eq!(
            keys(&row.data),
            set(&[
                "member_key",
                "name",
                "birth_date",
                "sex",
                "office",
                "checkup_results"
            ])
        );
    }
    let items = &e2.rows[0].data["checkup_results"][0]["items"];
    assert!(items
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["code"] == "3D010000001926101" && i["value"] == "110"));

    // E1: the same candidates to the guidance company (address and kana, no office).
    let e1 = p
        .guidance_candidates(Program::GuidanceVendor, &list, &s.records)
        .unwrap();
    assert_eq!(
        keys(&e1.rows[0].data),
        set(&[
            "member_key",
            "name",
            "kana_name",
            "birth_date",
            "sex",
            "address",
            "checkup_results"
        ])
    );

    // F4: 65 and over on the provision date; age, never the birth date.
    let f4 = p.senior_risk_report(&s.records).unwrap();
    assert_eq!(f4.rows.len(), 1);
    assert_eq!(
        keys(&f4.rows[0].data),
        set(&[
            "member_key",
            "name",
            "sex",
            "age",
            "office",
            "checkup_results"
        ])
    );
    assert_eq!(f4.rows[0].data["age"], 66);
    assert!(!f4.rows[0].data.to_string().contains("1960"));

    // F5: referral value and no treatment; only the items behind the condition travel.
    let f5_list =
        severe_case_prevention(&s.records, &[], YearMonth::new(2026, 9).unwrap(), &|_| None);
    let f5 = p.severe_case_prevention(&f5_list).unwrap();
    assert_eq!(f5.rows.len(), 1);
    assert_eq!(f5.rows[0].selection, vec![Condition::Hypertension]);
    assert_eq!(
        keys(&f5.rows[0].data),
        set(&[
            "member_key",
            "name",
            "birth_date",
            "sex",
            "address",
            "office",
            "checkup_results"
        ])
    );
    let codes: BTreeSet<String> = f5.rows[0].data["checkup_results"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, set(&["9A755000000000001", "9A765000000000001"]));

    // D2: year-on-year comparison for the health section.
    let mut later = result(&[(Item::Hba1c, dec!(6.0))]);
    later = CheckupResult::try_from(kenpo_domain::checkup::result::CheckupResultData {
        date: date(2027, 6, 1).unwrap(),
        ..later.into()
    })
    .unwrap();
    let d2 = p
        .year_on_year(&key("3"), &s.records[2].result, &later)
        .unwrap();
    assert_eq!(
        keys(&d2.rows[0].data),
        set(&["member_key", "name", "birth_date", "sex", "checkup_results"])
    );
    assert_eq!(d2.rows[0].selection.before_date, date(2026, 6, 15).unwrap());

    // Each provision is one decision in the hash-chained log, in order.
    let seqs = [e2.log_seq, e1.log_seq, f4.log_seq, f5.log_seq, d2.log_seq];
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    assert_eq!(access_log.len(), 5);
    assert!(log::verify(access_log.as_slice()).is_ok());
}

#[test]
fn a_list_for_a_program_the_notice_does_not_allow_is_denied_and_logged() {
    let s = society();
    let catalog = Catalog::default_catalog();
    let mut access_log = MemoryLog::new();
    let actor = Actor::staff("S001");
    let lookup = |k: &MemberKey| s.master.get(k).cloned();
    let mut p = provision(&catalog, &mut access_log, &actor, &lookup);
    // The guidance list sent under F4 (65+ only): the 50-year-old fails the age condition.
    let list = guidance_candidates(&s.records);
    let err = p
        .guidance_candidates(Program::SeniorRiskReport, &list, &s.records)
        .unwrap_err();
    assert!(matches!(err, ListError::Denied(_)), "{err}");
    assert_eq!(access_log.len(), 1);
}

#[test]
fn a_row_without_a_master_record_is_an_error_naming_the_row() {
    let s = society();
    let catalog = Catalog::default_catalog();
    let mut access_log = MemoryLog::new();
    let actor = Actor::staff("S001");
    let nobody = |_: &MemberKey| None;
    let mut p = provision(&catalog, &mut access_log, &actor, &nobody);
    let list = guidance_candidates(&s.records);
    let err = p
        .guidance_candidates(Program::RiskReport, &list, &s.records)
        .unwrap_err();
    assert_eq!(err, ListError::NoSubjectRecord { row: 0 });
    assert_eq!(access_log.len(), 0);
}
