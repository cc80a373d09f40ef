//! The versioned member master: a master saved by the previous release loads (migration), an
//! unknown version and a broken invariant are refused with their reason, the journal answers
//! "as known on" questions, and the grade in force is part of the history (issue 18).

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use kenpo_domain::calendar::{date, YearMonth};
use kenpo_domain::identifiers::{MemberKey, OfficeCode};
use kenpo_domain::member::{
    FieldChange, GradeRecord, Identity, MasterLoadError, MemberError, MemberEvent, MemberMaster,
    MASTER_FORMAT_VERSION,
};
use kenpo_domain::person::{Address, KanaName, PersonName, Sex};
use kenpo_domain::standard_remuneration::{grade_for_monthly_remuneration, DecisionKind};
use kenpo_domain::Yen;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    date(y, m, day).expect("date")
}

fn t(y: i32, m: u32, day: u32) -> NaiveDateTime {
    d(y, m, day).and_hms_opt(9, 0, 0).expect("time")
}

fn v0_text() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/member/master-v0.json");
    std::fs::read_to_string(path).expect("fixture")
}

fn taro() -> MemberKey {
    MemberKey::parse("10", "123", "00").expect("key")
}

#[test]
fn a_master_saved_by_the_previous_release_loads() {
    let m = MemberMaster::from_json(&v0_text()).expect("migrates");
    assert_eq!(m.len(), 3);
    assert!(
        m.journal().is_empty(),
        "the journal starts at the migration"
    );
    assert!(m.is_eligible(&taro(), d(2026, 6, 30)));
    assert!(!m.is_eligible(&taro(), d(2026, 7, 1)));
    // Saved again, it is version 1 and loads to the same master.
    let json = m.to_json().expect("json");
    assert!(json.starts_with(&format!(
        "{{\"format\":\"kenpo-member-master\",\"version\":{MASTER_FORMAT_VERSION}"
    )));
    assert_eq!(MemberMaster::from_json(&json).expect("loads"), m);
    // serde goes through the same validation.
    assert_eq!(
        serde_json::from_str::<MemberMaster>(&json).expect("serde"),
        m
    );
}

#[test]
fn an_unknown_version_is_refused() {
    let json = MemberMaster::new().to_json().expect("json");
    let future = json.replace("\"version\":1", "\"version\":7");
    assert_eq!(
        MemberMaster::from_json(&future),
        Err(MasterLoadError::UnknownVersion { version: 7 })
    );
    let other = json.replace("kenpo-member-master", "something-else");
    assert!(matches!(
        MemberMaster::from_json(&other),
        Err(MasterLoadError::UnknownFormat { .. })
    ));
    assert!(matches!(
        MemberMaster::from_json("{not json"),
        Err(MasterLoadError::NotAMaster { .. })
    ));
    let err = MemberMaster::from_json(&future).unwrap_err().to_string();
    assert!(err.contains("version 7"), "{err}");
}

/// Each edit breaks one invariant the events enforce; each is refused naming the record and
/// the rule, without personal data.
#[test]
fn a_master_breaking_an_invariant_is_refused_with_its_reason() {
    let text = v0_text();
    let cases = [
        // The insured person's loss date before the acquisition date.
        (
            text.replacen("\"lost\": \"2026-07-01\"", "\"lost\": \"2019-07-01\"", 1),
            "member.",
        ),
        // A dependant whose insured person is missing: rename the insured's number.
        (
            text.replacen(
                "\"insured\": {\n        \"symbol\": \"10\",\n        \"number\": \"123\"",
                "\"insured\": {\n        \"symbol\": \"10\",\n        \"number\": \"999\"",
                1,
            ),
            "member.",
        ),
        // Born after the acquisition.
        (
            text.replacen("\"1960-01-10\"", "\"2016-01-10\"", 2),
            "member.birth_after_acquisition",
        ),
        // A period lost without a reason.
        (
            text.replacen("\"reason\": \"retirement\"", "\"reason\": null", 1),
            "member.loss_reason_without_loss_date",
        ),
    ];
    for (i, (edited, rule)) in cases.iter().enumerate() {
        assert_ne!(edited, &text, "case {i} edits the fixture");
        let err = MemberMaster::from_json(edited).expect_err("refused");
        let message = err.to_string();
        assert!(message.contains(rule), "case {i}: {message}");
        assert!(
            !message.contains("見本") && !message.contains("123-"),
            "{message}"
        );
    }
    // A journal event that the rules reject is refused with its sequence number.
    let mut m = MemberMaster::new();
    m.apply_at(&acquisition(taro(), d(2026, 4, 1)), t(2026, 4, 2))
        .expect("ok");
    let json = m.to_json().expect("json");
    let broken = json.replace("\"acquired\":\"2026-04-01\"", "\"acquired\":\"1900-04-01\"");
    assert!(matches!(
        MemberMaster::from_json(&broken),
        Err(MasterLoadError::JournalRejected {
            seq: 0,
            error: MemberError::BirthAfterAcquisition { .. }
        })
    ));
}

fn identity(address: &str) -> Identity {
    Identity {
        name: PersonName::new("見本 太郎").expect("name"),
        kana: KanaName::new("ミホン タロウ").expect("kana"),
        birth_date: d(1980, 5, 2),
        sex: Sex::Male,
        address: Address::new(address).expect("address"),
    }
}

fn acquisition(key: MemberKey, on: NaiveDate) -> MemberEvent {
    MemberEvent::Acquisition {
        key,
        acquired: on,
        identity: identity("東京都千代田区千代田1-1"),
        office: OfficeCode::new("A01").expect("office"),
    }
}

#[test]
fn the_journal_keeps_what_was_recorded_and_when() {
    let mut m = MemberMaster::new();
    m.apply_at(&acquisition(taro(), d(2026, 4, 1)), t(2026, 4, 3))
        .expect("acquired");
    // On 2026-09-10 the society learns the address was recorded wrong from the start.
    let right = Address::new("大阪府大阪市北区1-1").expect("address");
    m.apply_at(
        &MemberEvent::Correction {
            key: taro(),
            change: FieldChange::Address(right.clone()),
        },
        t(2026, 9, 10),
    )
    .expect("corrected");
    assert_eq!(m.journal().len(), 2);
    assert_eq!(m.journal().entries()[1].recorded_at, Some(t(2026, 9, 10)));
    let now = m.person(&taro(), d(2026, 5, 1)).expect("person");
    assert_eq!(now.attributes.identity.address, right);
    // As known on 2026-06-01: the earlier value.
    let then = m.as_known_on(t(2026, 6, 1)).expect("replay");
    let before = then.person(&taro(), d(2026, 5, 1)).expect("person");
    assert_eq!(
        before.attributes.identity.address.as_str(),
        "東京都千代田区千代田1-1"
    );
    // Before the acquisition was recorded, nobody.
    assert!(m.as_known_on(t(2026, 4, 2)).expect("replay").is_empty());
    // The journal survives saving.
    let back = MemberMaster::from_json(&m.to_json().expect("json")).expect("loads");
    assert_eq!(back, m);
    assert_eq!(
        back.as_known_on(t(2026, 6, 1)).expect("replay"),
        m.as_known_on(t(2026, 6, 1)).expect("replay")
    );
}

#[test]
fn the_grade_in_force_is_part_of_the_history() {
    let mut m = MemberMaster::new();
    m.apply_at(&acquisition(taro(), d(2026, 4, 1)), t(2026, 4, 3))
        .expect("acquired");
    let ym = |y, mo| YearMonth::new(y, mo).expect("month");
    let grade = |pay| grade_for_monthly_remuneration(Yen::new(pay));
    let first = GradeRecord {
        grade: grade(300_000),
        kind: DecisionKind::Acquisition,
        effective_from: ym(2026, 4),
        decided_on: d(2026, 4, 10),
    };
    m.record_grade(&taro(), first, t(2026, 4, 10))
        .expect("recorded");
    let regular = GradeRecord {
        grade: grade(405_000),
        kind: DecisionKind::Regular,
        effective_from: ym(2026, 9),
        decided_on: d(2026, 7, 25),
    };
    m.record_grade(&taro(), regular, t(2026, 7, 25))
        .expect("recorded");
    assert_eq!(
        m.grade_in_force(&taro(), ym(2026, 3)),
        None,
        "before acquisition"
    );
    assert_eq!(m.grade_in_force(&taro(), ym(2026, 8)), Some(&first));
    assert_eq!(m.grade_in_force(&taro(), ym(2026, 9)), Some(&regular));
    assert_eq!(
        m.grade_in_force(&taro(), ym(2027, 1))
            .map(|g| g.grade.standard_monthly),
        Some(Yen::new(410_000))
    );
    assert_eq!(m.grade_history(&taro()), &[first, regular]);
    // A grade for a month without eligibility is refused; nothing changes.
    let outside = GradeRecord {
        effective_from: ym(2026, 1),
        ..first
    };
    assert!(matches!(
        m.record_grade(&taro(), outside, t(2026, 7, 26)),
        Err(MemberError::GradeOutsideEligibility { .. })
    ));
    assert_eq!(m.grade_history(&taro()).len(), 2);
    // A re-decision for the same month replaces it; as known before, the first stands.
    let corrected = GradeRecord {
        grade: grade(420_000),
        ..regular
    };
    m.record_grade(&taro(), corrected, t(2026, 8, 1))
        .expect("recorded");
    assert_eq!(m.grade_in_force(&taro(), ym(2026, 9)), Some(&corrected));
    let then = m.as_known_on(t(2026, 7, 31)).expect("replay");
    assert_eq!(then.grade_in_force(&taro(), ym(2026, 9)), Some(&regular));
    // Saved and loaded, the history is the same.
    let back = MemberMaster::from_json(&m.to_json().expect("json")).expect("loads");
    assert_eq!(back.grade_history(&taro()), m.grade_history(&taro()));
    // A grade row that is not in the table is refused on reading.
    let json = m.to_json().expect("json");
    let bad = json.replacen(
        "\"standard_monthly\":300000",
        "\"standard_monthly\":300001",
        1,
    );
    assert!(MemberMaster::from_json(&bad).is_err());
}
