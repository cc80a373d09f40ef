//! From the member master to the access layer: the one subject builder
//! ([`SubjectRecord::from_master`]) on insured persons and dependants at the edges of their
//! eligibility, the A8 answer and the C2 clinic inquiry only through logged decisions.

mod access_fixtures;

use access_fixtures::{at, d};
use kenpo_domain::access::log::{LogEvent, Outcome};
use kenpo_domain::access::{
    AccessLog, Actor, Catalog, Field, FieldSet, Inquiry, InquiryError, MemoryLog, Request,
    SubjectRecord, ELIGIBILITY_ANSWER_FIELDS,
};
use kenpo_domain::calendar::YearMonth;
use kenpo_domain::identifiers::{InstitutionCode, MemberKey, OfficeCode};
use kenpo_domain::member::{
    FieldChange, GradeRecord, Identity, LossReason, MemberEvent, MemberMaster, Relationship,
};
use kenpo_domain::person::{Address, KanaName, PersonName, Sex};
use kenpo_domain::receipt::InquiryDue;
use kenpo_domain::standard_remuneration::{grade_for_monthly_remuneration, DecisionKind};

#[test]
fn a_master_person_answers_an_eligibility_inquiry() {
    let key = MemberKey::parse("10", "123", "00").expect("key");
    let mut master = MemberMaster::new();
    master
        .apply(&MemberEvent::Acquisition {
            key: key.clone(),
            acquired: d(2020, 4, 1),
            identity: Identity {
                name: PersonName::new("山田 太郎").expect("name"),
                kana: KanaName::new("ヤマダ タロウ").expect("kana"),
                birth_date: d(1980, 5, 2),
                sex: Sex::Male,
                address: Address::new("大阪府大阪市北区1-1").expect("address"),
            },
            office: OfficeCode::new("A01").expect("office"),
        })
        .expect("acquired");
    master
        .apply(&MemberEvent::loss_after(
            key.clone(),
            LossReason::Retirement,
            d(2026, 3, 31),
        ))
        .expect("lost");
    let subjects = [SubjectRecord::from_master(&master, &key, d(2026, 6, 1)).expect("person")];

    let catalog = Catalog::default_catalog();
    let staff = Actor::staff("S001");
    let (a8, insurer) = (
        catalog.purpose("A8").expect("A8"),
        catalog.recipient("other_insurer").expect("other insurer"),
    );
    let mut log = MemoryLog::new();
    let req = Request::new(
        &staff,
        a8,
        insurer,
        &subjects,
        ELIGIBILITY_ANSWER_FIELDS,
        at(2026, 6, 1),
    )
    .requester_confirmed()
    .counterparty("大阪市 国民健康保険");
    let permit = catalog.decide(&req, &mut log).expect("permit");
    let view = permit.view(0).expect("view");
    let answer = view.eligibility_answer().expect("six fields");
    assert_eq!(answer.acquired, d(2020, 4, 1));
    assert_eq!(answer.lost, Some(d(2026, 4, 1)));
    assert_eq!(answer.birth_date, d(1980, 5, 2));
    assert_eq!(view.office(), None); // held, but not one of the six
    assert_eq!(ELIGIBILITY_ANSWER_FIELDS.len(), 6);

    // Five of the six is not the typed answer.
    let five = FieldSet::of(&[
        Field::MemberKey,
        Field::Name,
        Field::BirthDate,
        Field::Sex,
        Field::LossDate,
    ]);
    let req =
        Request::new(&staff, a8, insurer, &subjects, five, at(2026, 6, 1)).requester_confirmed();
    let permit = catalog.decide(&req, &mut log).expect("permit");
    assert!(permit.view(0).expect("view").eligibility_answer().is_none());
}

fn identity(name: &str, birth: chrono::NaiveDate) -> Identity {
    Identity {
        name: PersonName::new(name).expect("name"),
        kana: KanaName::new("シケン").expect("kana"),
        birth_date: birth,
        sex: Sex::Female,
        address: Address::new("東京都千代田区千代田1-1").expect("address"),
    }
}

/// An insured person (A01, then B02 from 2024-10-01) acquired 2020-04-01, retiring 2024-12-31
/// (lost 2025-01-01), back 2025-04-01; a spouse recognised 2021-06-15 who leaves with the
/// insured person, and is recognised again 2025-05-01.
fn household() -> (MemberMaster, MemberKey, MemberKey) {
    let insured = MemberKey::parse("20", "55", "00").expect("key");
    let spouse = MemberKey::parse("20", "55", "01").expect("key");
    let mut m = MemberMaster::new();
    let events = [
        MemberEvent::Acquisition {
            key: insured.clone(),
            acquired: d(2020, 4, 1),
            identity: identity("試験 一郎", d(1980, 1, 10)),
            office: OfficeCode::new("A01").expect("office"),
        },
        MemberEvent::DependentAdded {
            key: spouse.clone(),
            recognized: d(2021, 6, 15),
            identity: identity("試験 花子", d(1982, 2, 20)),
            relationship: Relationship::Spouse,
        },
        MemberEvent::Change {
            key: insured.clone(),
            effective: d(2024, 10, 1),
            change: FieldChange::Office(OfficeCode::new("B02").expect("office")),
        },
        MemberEvent::loss_after(insured.clone(), LossReason::Retirement, d(2024, 12, 31)),
        MemberEvent::Acquisition {
            key: insured.clone(),
            acquired: d(2025, 4, 1),
            identity: identity("試験 一郎", d(1980, 1, 10)),
            office: OfficeCode::new("C03").expect("office"),
        },
        MemberEvent::DependentAdded {
            key: spouse.clone(),
            recognized: d(2025, 5, 1),
            identity: identity("試験 花子", d(1982, 2, 20)),
            relationship: Relationship::Spouse,
        },
    ];
    let report = m.apply_all(&events);
    assert!(report.rejected.is_empty(), "{report:?}");
    (m, insured, spouse)
}

/// The fields the builder fills, read through a C9 permit (the subject's own disclosure).
fn seen(
    m: &MemberMaster,
    key: &MemberKey,
    on: chrono::NaiveDate,
) -> (
    Option<String>,
    Option<chrono::NaiveDate>,
    Option<chrono::NaiveDate>,
    Option<i64>,
) {
    let catalog = Catalog::default_catalog();
    let subjects = [SubjectRecord::from_master(m, key, on).expect("in the master")];
    let me = Actor::Subject { key: key.clone() };
    let fields = FieldSet::of(&[
        Field::Office,
        Field::AcquisitionDate,
        Field::LossDate,
        Field::StandardMonthlyRemuneration,
    ]);
    let req = Request::new(
        &me,
        catalog.purpose("C9").expect("C9"),
        catalog.recipient("subject").expect("subject"),
        &subjects,
        fields,
        on.and_hms_opt(9, 0, 0).expect("time"),
    );
    let mut log = MemoryLog::new();
    let permit = catalog.decide(&req, &mut log).expect("permit");
    let v = permit.view(0).expect("view");
    (
        v.office().map(|o| o.as_str().to_owned()),
        v.acquisition_date(),
        v.loss_date(),
        v.standard_monthly_remuneration().map(|y| y.get()),
    )
}

#[test]
fn the_subject_builder_at_the_edges_of_an_insured_persons_eligibility() {
    let (m, insured, _) = household();
    let a01 = Some("A01".to_owned());
    // Before the first acquisition: the first period, as the master holds it now.
    assert_eq!(
        seen(&m, &insured, d(2020, 3, 31)),
        (a01.clone(), Some(d(2020, 4, 1)), Some(d(2025, 1, 1)), None)
    );
    assert_eq!(
        seen(&m, &insured, d(2020, 4, 1)),
        (a01, Some(d(2020, 4, 1)), Some(d(2025, 1, 1)), None)
    );
    // The last day: the new office, the period that ends tomorrow.
    let last = seen(&m, &insured, d(2024, 12, 31));
    assert_eq!(
        last,
        (
            Some("B02".to_owned()),
            Some(d(2020, 4, 1)),
            Some(d(2025, 1, 1)),
            None
        )
    );
    // The loss day and the gap: still the period that was lost (what A8 reports).
    assert_eq!(seen(&m, &insured, d(2025, 1, 1)).2, Some(d(2025, 1, 1)));
    assert_eq!(seen(&m, &insured, d(2025, 3, 31)).1, Some(d(2020, 4, 1)));
    // Back: the new period, the new office.
    assert_eq!(
        seen(&m, &insured, d(2025, 4, 1)),
        (Some("C03".to_owned()), Some(d(2025, 4, 1)), None, None)
    );
    assert!(SubjectRecord::from_master(
        &m,
        &MemberKey::parse("20", "56", "00").expect("key"),
        d(2025, 4, 1)
    )
    .is_none());
}

#[test]
fn the_subject_builder_gives_a_dependant_the_insured_persons_office_and_own_period() {
    let (m, _, spouse) = household();
    assert_eq!(
        seen(&m, &spouse, d(2021, 6, 15)),
        (
            Some("A01".to_owned()),
            Some(d(2021, 6, 15)),
            Some(d(2025, 1, 1)),
            None
        )
    );
    // The insured person changed office: so does the dependant's record.
    assert_eq!(seen(&m, &spouse, d(2024, 10, 1)).0, Some("B02".to_owned()));
    // The day before recognition: the first period, not yet begun.
    assert_eq!(seen(&m, &spouse, d(2021, 6, 14)).1, Some(d(2021, 6, 15)));
    // Left with the insured person; recognised again a month after the re-acquisition.
    assert_eq!(seen(&m, &spouse, d(2025, 4, 15)).1, Some(d(2021, 6, 15)));
    assert_eq!(
        seen(&m, &spouse, d(2025, 5, 1)),
        (Some("C03".to_owned()), Some(d(2025, 5, 1)), None, None)
    );
}

#[test]
fn the_subject_builder_fills_the_grade_in_force() {
    let (mut m, insured, _) = household();
    let grade = |pay| grade_for_monthly_remuneration(kenpo_domain::Yen::new(pay));
    let t = d(2025, 4, 1).and_hms_opt(9, 0, 0).expect("time");
    m.record_grade(
        &insured,
        GradeRecord {
            grade: grade(300_000),
            kind: DecisionKind::Acquisition,
            effective_from: YearMonth::new(2025, 4).expect("month"),
            decided_on: d(2025, 4, 10),
        },
        t,
    )
    .expect("recorded");
    m.record_grade(
        &insured,
        GradeRecord {
            grade: grade(410_000),
            kind: DecisionKind::Regular,
            effective_from: YearMonth::new(2025, 9).expect("month"),
            decided_on: d(2025, 7, 20),
        },
        t,
    )
    .expect("recorded");
    assert_eq!(seen(&m, &insured, d(2025, 8, 31)).3, Some(300_000));
    assert_eq!(seen(&m, &insured, d(2025, 9, 1)).3, Some(410_000));
    // The first period had no recorded grade: none is carried back.
    assert_eq!(seen(&m, &insured, d(2024, 6, 1)).3, None);
}

fn inquiry<'a>(staff: &'a Actor, confirmed: bool) -> Inquiry<'a> {
    Inquiry {
        actor: staff,
        recipient: "clinic",
        counterparty: "大阪中央クリニック",
        confirmed,
        at: at(2025, 3, 2),
    }
}

#[test]
fn an_a8_answer_is_given_only_through_a_logged_decision() {
    let (m, _, spouse) = household();
    let catalog = Catalog::default_catalog();
    let staff = Actor::staff("S042");
    let mut log = MemoryLog::new();
    let answer = catalog
        .answer_eligibility_inquiry(&m, &spouse, &inquiry(&staff, true), &mut log)
        .expect("answer");
    assert_eq!(
        (answer.acquired, answer.lost),
        (d(2021, 6, 15), Some(d(2025, 1, 1)))
    );
    let e = log.entries().expect("entries");
    let LogEvent::Decision(dr) = &e[0].event else {
        panic!("decision")
    };
    assert_eq!((dr.purpose.as_str(), dr.outcome), ("A8", Outcome::Permit));
    assert_eq!(dr.counterparty.as_deref(), Some("大阪中央クリニック"));
    assert!(dr.subjects[0].is(&spouse));
    // Not confirmed: denied, and the denial is logged.
    let denied = catalog.answer_eligibility_inquiry(&m, &spouse, &inquiry(&staff, false), &mut log);
    assert!(matches!(denied, Err(InquiryError::Denied(_))));
    assert_eq!(log.len(), 2);
}

#[test]
fn a_clinic_inquiry_is_made_only_through_a_logged_decision() {
    let (m, insured, _) = household();
    let catalog = Catalog::default_catalog();
    let staff = Actor::staff("S042");
    let mut log = MemoryLog::new();
    let due = InquiryDue {
        key: insured.clone(),
        boundary: d(2025, 1, 1),
        visit_date: d(2025, 2, 3),
    };
    assert!(!format!("{due:?}").contains("55"), "Debug masks the number");
    let clinic = InstitutionCode::new("2711234563").expect("institution");
    let q = catalog
        .clinic_inquiry(
            &m,
            &due,
            "見本健康保険組合",
            &clinic,
            &inquiry(&staff, true),
            &mut log,
        )
        .expect("inquiry");
    assert_eq!((q.loss_date, q.visit_date), (d(2025, 1, 1), d(2025, 2, 3)));
    assert_eq!(q.name.as_str(), "試験 一郎");
    let e = log.entries().expect("entries");
    let LogEvent::Decision(dr) = &e[0].event else {
        panic!("decision")
    };
    assert_eq!(dr.purpose, "C2");
    assert!(dr.fields.contains(Field::VisitDates) && !dr.fields.contains(Field::Address));
    let unknown = InquiryDue {
        key: MemberKey::parse("20", "99", "00").expect("key"),
        ..due
    };
    assert!(matches!(
        catalog.clinic_inquiry(
            &m,
            &unknown,
            "見本健康保険組合",
            &clinic,
            &inquiry(&staff, true),
            &mut log
        ),
        Err(InquiryError::UnknownMember { .. })
    ));
}
