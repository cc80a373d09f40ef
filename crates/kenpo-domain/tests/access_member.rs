//! From the member master to the access layer: a person becomes a [`SubjectRecord`], and the
//! A8 permit yields the master's typed eligibility answer (six fields).

mod access_fixtures;

use access_fixtures::{at, d};
use kenpo_domain::access::{
    Actor, Catalog, Field, FieldSet, MemoryLog, Request, SubjectRecord, ELIGIBILITY_ANSWER_FIELDS,
};
use kenpo_domain::identifiers::{MemberKey, OfficeCode};
use kenpo_domain::member::{Identity, LossReason, MemberEvent, MemberMaster};
use kenpo_domain::person::{Address, KanaName, PersonName, Sex};

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
    let person = master.person(&key, d(2026, 6, 1)).expect("person");
    let subjects = [SubjectRecord::from(&person)];

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
