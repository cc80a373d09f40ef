use super::*;
use crate::calendar::date;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    date(y, m, day).unwrap()
}

fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}

const NAME: &str = "山田 太郎";
const ADDRESS: &str = "東京都千代田区千代田1-1";
const NUMBER: &str = "98765";

fn identity(birth: NaiveDate) -> Identity {
    Identity {
        name: PersonName::new(NAME).unwrap(),
        kana: KanaName::new("ヤマダ タロウ").unwrap(),
        birth_date: birth,
        sex: Sex::Male,
        address: Address::new(ADDRESS).unwrap(),
    }
}

fn key(number: &str, branch: &str) -> MemberKey {
    MemberKey::parse("10", number, branch).unwrap()
}

fn insured() -> MemberKey {
    key(NUMBER, "00")
}

fn acquisition(k: MemberKey, on: NaiveDate, birth: NaiveDate) -> MemberEvent {
    MemberEvent::Acquisition {
        key: k,
        acquired: on,
        identity: identity(birth),
        office: OfficeCode::new("A01").unwrap(),
    }
}

fn dependent(branch: &str, on: NaiveDate, birth: NaiveDate, rel: Relationship) -> MemberEvent {
    MemberEvent::DependentAdded {
        key: key(NUMBER, branch),
        recognized: on,
        identity: identity(birth),
        relationship: rel,
    }
}

/// An insured person (born 1980-05-02, acquired 2026-04-01) with a spouse (01) and a child (02).
fn family() -> MemberMaster {
    let mut m = MemberMaster::new();
    let report = m.apply_all(&[
        acquisition(insured(), d(2026, 4, 1), d(1980, 5, 2)),
        dependent("01", d(2026, 4, 1), d(1982, 8, 1), Relationship::Spouse),
        dependent("02", d(2026, 5, 10), d(2026, 5, 10), Relationship::Child),
    ]);
    assert!(report.rejected.is_empty(), "{report:?}");
    m
}

#[test]
fn acquisition_and_eligibility_by_date() {
    let m = family();
    assert!(!m.is_eligible(&insured(), d(2026, 3, 31)));
    assert!(m.is_eligible(&insured(), d(2026, 4, 1)));
    assert!(!m.is_eligible(&key(NUMBER, "02"), d(2026, 5, 9)));
    assert!(m.is_eligible(&key(NUMBER, "02"), d(2026, 5, 10)));
    assert!(!m.is_eligible(&key("1", "00"), d(2026, 5, 10)));
    let v = m.person(&key(NUMBER, "01"), d(2026, 6, 1)).unwrap();
    assert_eq!(v.birth_date(), d(1982, 8, 1));
    assert_eq!(
        v.office.unwrap().as_str(),
        "A01",
        "a dependant's office is the insured's"
    );
    assert_eq!(v.attributes.relationship, Some(Relationship::Spouse));
    assert_eq!(m.len(), 3);
}

/// 健康保険法 第36条: lost on the day after leaving; dependants lose on the same day.
#[test]
fn retirement_loss_is_the_next_day_and_cascades_to_dependants() {
    let mut m = family();
    m.apply(&MemberEvent::loss_after(
        insured(),
        LossReason::Retirement,
        d(2026, 9, 30),
    ))
    .unwrap();
    for branch in ["00", "01", "02"] {
        let k = key(NUMBER, branch);
        assert!(m.is_eligible(&k, d(2026, 9, 30)), "{branch}");
        assert!(!m.is_eligible(&k, d(2026, 10, 1)), "{branch}");
    }
    let spouse = m.record(&key(NUMBER, "01")).unwrap();
    assert_eq!(spouse.periods()[0].lost, Some(d(2026, 10, 1)));
    assert_eq!(spouse.periods()[0].reason, Some(LossReason::InsuredLoss));
    assert_eq!(
        LossReason::Death.loss_date(d(2026, 12, 31)),
        Some(d(2027, 1, 1))
    );
    assert_eq!(
        LossReason::LateElderly.loss_date(d(2026, 5, 1)),
        Some(d(2026, 5, 1))
    );
}

#[test]
fn household_by_month() {
    let mut m = family();
    m.apply(&MemberEvent::DependentRemoved {
        key: key(NUMBER, "01"),
        lost: d(2026, 7, 1),
        reason: LossReason::RecognitionWithdrawn,
    })
    .unwrap();
    let april = m.household(&insured(), ym(2026, 4)).unwrap();
    assert_eq!(april.dependents, vec![key(NUMBER, "01")]);
    let june = m.household(&insured(), ym(2026, 6)).unwrap();
    assert_eq!(june.dependents, vec![key(NUMBER, "01"), key(NUMBER, "02")]);
    let july = m.household(&insured(), ym(2026, 7)).unwrap();
    assert_eq!(july.dependents, vec![key(NUMBER, "02")]);
    assert!(july.insured_eligible);
    assert!(m.household(&key(NUMBER, "01"), ym(2026, 7)).is_none());
    let all: Vec<_> = m
        .find_by_symbol_number(&insured().symbol, &insured().number)
        .map(|r| r.key().branch.as_str().to_owned())
        .collect();
    assert_eq!(all, ["00", "01", "02"]);
}

/// Every rejected event names its rule and leaves the master exactly as it was.
#[test]
fn rejected_events_leave_the_master_unchanged() {
    let base = family();
    let other = key("55555", "00");
    let cases: Vec<(MemberEvent, &str)> = vec![
        (
            acquisition(insured(), d(2026, 6, 1), d(1980, 5, 2)),
            "member.duplicate_acquisition",
        ),
        (
            MemberEvent::Loss {
                key: insured(),
                lost: d(2026, 4, 1),
                reason: LossReason::Retirement,
            },
            "member.loss_before_acquisition (健康保険法 第36条)",
        ),
        (
            MemberEvent::Loss {
                key: other.clone(),
                lost: d(2026, 6, 1),
                reason: LossReason::Retirement,
            },
            "member.unknown_person",
        ),
        (
            MemberEvent::DependentAdded {
                key: key("55555", "01"),
                recognized: d(2026, 6, 1),
                identity: identity(d(2000, 1, 1)),
                relationship: Relationship::Child,
            },
            "member.dependent_of_unknown_insured (健康保険法 第3条7項)",
        ),
        (
            dependent("03", d(2026, 3, 31), d(2000, 1, 1), Relationship::Child),
            "member.dependent_of_lapsed_insured (健康保険法 第3条7項)",
        ),
        (
            dependent("03", d(2026, 6, 1), d(1985, 1, 1), Relationship::Spouse),
            "member.more_than_one_spouse",
        ),
        (
            dependent("01", d(2026, 6, 1), d(1982, 8, 1), Relationship::Spouse),
            "member.duplicate_acquisition",
        ),
        (
            dependent("00", d(2026, 6, 1), d(2000, 1, 1), Relationship::Child),
            "member.key_clash (記号・番号・枝番 identify one person)",
        ),
        (
            acquisition(key(NUMBER, "05"), d(2026, 6, 1), d(1990, 1, 1)),
            "member.number_held_by_another_insured",
        ),
        (
            acquisition(key(NUMBER, "01"), d(2026, 6, 1), d(1982, 8, 1)),
            "member.number_held_by_another_insured",
        ),
        (
            // 75th birthday 2026-06-01 = acquisition date.
            acquisition(other.clone(), d(2026, 6, 1), d(1951, 6, 1)),
            "member.aged_75_or_over (健康保険法 第3条1項, 高確法 第50条)",
        ),
        (
            dependent("03", d(2026, 6, 1), d(1951, 6, 1), Relationship::Parent),
            "member.aged_75_or_over (健康保険法 第3条1項, 高確法 第50条)",
        ),
        (
            acquisition(other.clone(), d(2026, 6, 1), d(2026, 6, 2)),
            "member.birth_after_acquisition",
        ),
        (
            MemberEvent::Loss {
                key: key(NUMBER, "01"),
                lost: d(2026, 6, 1),
                reason: LossReason::Death,
            },
            "member.loss_of_a_dependent",
        ),
        (
            MemberEvent::DependentRemoved {
                key: insured(),
                lost: d(2026, 6, 1),
                reason: LossReason::Death,
            },
            "member.removal_of_an_insured",
        ),
        (
            MemberEvent::DependentRemoved {
                key: key(NUMBER, "01"),
                lost: d(2026, 6, 1),
                reason: LossReason::Retirement,
            },
            "member.reason_not_applicable",
        ),
        (
            MemberEvent::Loss {
                key: insured(),
                lost: d(2026, 6, 1),
                reason: LossReason::RecognitionWithdrawn,
            },
            "member.reason_not_applicable",
        ),
        (
            MemberEvent::Loss {
                key: insured(),
                lost: d(2026, 6, 1),
                reason: LossReason::LateElderly,
            },
            "member.late_elderly_on_75th_birthday (高確法 第52条)",
        ),
        (
            MemberEvent::Change {
                key: insured(),
                effective: d(2026, 3, 31),
                change: FieldChange::Address(Address::new("大阪府大阪市").unwrap()),
            },
            "member.change_before_acquisition",
        ),
        (
            MemberEvent::Change {
                key: key(NUMBER, "01"),
                effective: d(2026, 6, 1),
                change: FieldChange::Office(OfficeCode::new("B02").unwrap()),
            },
            "member.field_not_applicable",
        ),
        (
            MemberEvent::Correction {
                key: insured(),
                change: FieldChange::Relationship(Relationship::Child),
            },
            "member.field_not_applicable",
        ),
        (
            // A corrected birth date making the person 75 at acquisition.
            MemberEvent::Correction {
                key: insured(),
                change: FieldChange::BirthDate(d(1950, 1, 1)),
            },
            "member.aged_75_or_over (健康保険法 第3条1項, 高確法 第50条)",
        ),
        (
            MemberEvent::Correction {
                key: key(NUMBER, "02"),
                change: FieldChange::BirthDate(d(2026, 5, 11)),
            },
            "member.birth_after_acquisition",
        ),
    ];
    for (i, (event, rule)) in cases.iter().enumerate() {
        let mut m = base.clone();
        let err = m.apply(event).unwrap_err();
        assert_eq!(err.rule(), *rule, "case {i}: {event:?}");
        assert_eq!(m, base, "case {i} changed the master");
        let shown = format!("{err} {err:?}");
        for secret in [NUMBER, NAME, ADDRESS, "1980-05-02", "1951-06-01"] {
            assert!(!shown.contains(secret), "case {i} leaks: {shown}");
        }
    }
}

#[test]
fn lapsed_person_errors() {
    let mut m = family();
    m.apply(&MemberEvent::Loss {
        key: insured(),
        lost: d(2026, 10, 1),
        reason: LossReason::Transfer,
    })
    .unwrap();
    let before = m.clone();
    let again = MemberEvent::Loss {
        key: insured(),
        lost: d(2026, 11, 1),
        reason: LossReason::Transfer,
    };
    assert!(matches!(
        m.apply(&again),
        Err(MemberError::NotEligible { .. })
    ));
    // Re-acquisition overlapping the closed period.
    assert!(matches!(
        m.apply(&acquisition(insured(), d(2026, 9, 30), d(1980, 5, 2))),
        Err(MemberError::OverlappingPeriod { .. })
    ));
    // Another person under the same key.
    assert!(matches!(
        m.apply(&acquisition(insured(), d(2027, 1, 1), d(1981, 1, 1))),
        Err(MemberError::KeyClash { .. })
    ));
    // A dependant of a lapsed insured.
    assert!(matches!(
        m.apply(&dependent(
            "03",
            d(2026, 10, 1),
            d(2010, 1, 1),
            Relationship::Child
        )),
        Err(MemberError::InsuredNotEligible { .. })
    ));
    assert_eq!(m, before);
    // Coming back on the loss date itself is fine: a new period.
    m.apply(&acquisition(insured(), d(2026, 10, 1), d(1980, 5, 2)))
        .unwrap();
    assert_eq!(m.record(&insured()).unwrap().periods().len(), 2);
    assert!(m.is_eligible(&insured(), d(2026, 10, 1)));
    assert!(!m.is_eligible(&key(NUMBER, "01"), d(2026, 10, 1)));
}

/// The 75th birthday itself: acquisition the day before is allowed; loss on the birthday.
#[test]
fn seventy_five_edges() {
    let mut m = MemberMaster::new();
    let k = key("1", "00");
    m.apply(&acquisition(k.clone(), d(2026, 5, 31), d(1951, 6, 1)))
        .unwrap();
    let late = MemberEvent::Loss {
        key: k.clone(),
        lost: d(2026, 6, 2),
        reason: LossReason::LateElderly,
    };
    assert!(matches!(
        m.apply(&late),
        Err(MemberError::LateElderlyDateMismatch { .. })
    ));
    m.apply(&MemberEvent::Loss {
        key: k.clone(),
        lost: d(2026, 6, 1),
        reason: LossReason::LateElderly,
    })
    .unwrap();
    assert!(m.is_eligible(&k, d(2026, 5, 31)));
    assert!(!m.is_eligible(&k, d(2026, 6, 1)));
}

#[test]
fn batch_reports_every_rejection_with_its_index() {
    let mut m = MemberMaster::new();
    let events = vec![
        acquisition(insured(), d(2026, 4, 1), d(1980, 5, 2)),
        acquisition(insured(), d(2026, 4, 1), d(1980, 5, 2)),
        dependent("01", d(2026, 4, 1), d(1982, 8, 1), Relationship::Spouse),
        MemberEvent::Loss {
            key: key("1", "00"),
            lost: d(2026, 4, 2),
            reason: LossReason::Death,
        },
        dependent("02", d(2026, 4, 1), d(2020, 1, 1), Relationship::Child),
    ];
    let report = m.apply_all(&events);
    assert_eq!(report.applied, 3);
    let indices: Vec<usize> = report.rejected.iter().map(|r| r.index).collect();
    assert_eq!(indices, [1, 3]);
    assert!(report.rejected[1]
        .to_string()
        .starts_with("event 3: member.unknown_person"));
    assert_eq!(m.len(), 3);
}

#[test]
fn changes_are_effective_dated_and_corrections_retroactive() {
    let mut m = family();
    let osaka = Address::new("大阪府大阪市北区1-1").unwrap();
    m.apply(&MemberEvent::Change {
        key: insured(),
        effective: d(2026, 8, 1),
        change: FieldChange::Address(osaka.clone()),
    })
    .unwrap();
    m.apply(&MemberEvent::Change {
        key: insured(),
        effective: d(2026, 9, 1),
        change: FieldChange::Office(OfficeCode::new("B02").unwrap()),
    })
    .unwrap();
    let july = m.person(&insured(), d(2026, 7, 31)).unwrap();
    assert_eq!(july.attributes.identity.address.as_str(), ADDRESS);
    assert_eq!(july.office.unwrap().as_str(), "A01");
    let aug = m.person(&insured(), d(2026, 8, 1)).unwrap();
    assert_eq!(aug.attributes.identity.address, osaka);
    assert_eq!(aug.office.unwrap().as_str(), "A01");
    let sep = m.person(&insured(), d(2026, 9, 1)).unwrap();
    assert_eq!(
        sep.attributes.identity.address, osaka,
        "later version keeps the change"
    );
    assert_eq!(sep.office.unwrap().as_str(), "B02");
    // The dependant's office follows the insured person's.
    let spouse = m.person(&key(NUMBER, "01"), d(2026, 9, 1)).unwrap();
    assert_eq!(spouse.office.unwrap().as_str(), "B02");

    // Correction of the name rewrites every version.
    let right = PersonName::new("山田 太朗").unwrap();
    m.apply(&MemberEvent::Correction {
        key: insured(),
        change: FieldChange::Name(right.clone()),
    })
    .unwrap();
    let record = m.record(&insured()).unwrap();
    assert_eq!(record.versions().len(), 3);
    assert!(record.versions().iter().all(|v| v.identity.name == right));
    assert_eq!(m.person(&insured(), d(2026, 4, 1)).unwrap().name(), &right);
}

/// Birthday rules in a month, people born on the 1st and on the 2nd (age.rs is the source).
#[test]
fn birthday_rules_in_a_month() {
    let mut m = MemberMaster::new();
    let people = [
        ("40a", d(1986, 5, 1)), // reaches 40 on 2026-04-30 → April
        ("40b", d(1986, 5, 2)), // reaches 40 on 2026-05-01 → May
        ("65a", d(1961, 5, 1)), // reaches 65 on 2026-04-30 → April
        ("65b", d(1961, 5, 2)), // May
        ("70a", d(1956, 5, 1)), // born on the 1st: 70 month is May itself
        ("70b", d(1956, 5, 2)), // reaches 70 on 5/1 → June
        ("75a", d(1951, 5, 1)), // 75th birthday 2026-05-01
        ("75b", d(1951, 5, 31)),
    ];
    for (n, birth) in people {
        m.apply(&acquisition(key(n, "00"), d(2026, 4, 1), birth))
            .unwrap();
    }
    let may: Vec<(String, BirthdayRule, NaiveDate)> = m
        .persons_with_birthday_rule_in(ym(2026, 5))
        .into_iter()
        .map(|r| (r.key.number.as_str().to_owned(), r.rule, r.date))
        .collect();
    assert_eq!(
        may,
        vec![
            ("40b".into(), BirthdayRule::Reaches40, d(2026, 5, 1)),
            ("65b".into(), BirthdayRule::Reaches65, d(2026, 5, 1)),
            (
                "70a".into(),
                BirthdayRule::ElderlyRecipient70,
                d(2026, 5, 1)
            ),
            ("75a".into(), BirthdayRule::LateElderly75, d(2026, 5, 1)),
            ("75b".into(), BirthdayRule::LateElderly75, d(2026, 5, 31)),
        ]
    );
    let april: Vec<String> = m
        .persons_with_birthday_rule_in(ym(2026, 4))
        .into_iter()
        .map(|r| r.key.number.as_str().to_owned())
        .collect();
    assert_eq!(april, ["40a", "65a"]);
    let june: Vec<BirthdayRule> = m
        .persons_with_birthday_rule_in(ym(2026, 6))
        .into_iter()
        .map(|r| r.rule)
        .collect();
    assert_eq!(june, [BirthdayRule::ElderlyRecipient70]);

    // The loss events for May apply cleanly and end eligibility on the birthdays.
    let losses = m.late_elderly_losses_in(ym(2026, 5));
    assert_eq!(losses.len(), 2);
    let report = m.apply_all(&losses);
    assert!(report.rejected.is_empty());
    assert!(!m.is_eligible(&key("75a", "00"), d(2026, 5, 1)));
    assert!(m.is_eligible(&key("75b", "00"), d(2026, 5, 30)));
    assert!(!m.is_eligible(&key("75b", "00"), d(2026, 5, 31)));
    // Once lost, nobody is listed again.
    assert!(m.late_elderly_losses_in(ym(2026, 5)).is_empty());
}

/// An insured turning 75 takes the dependants along; a dependant turning 75 later in the month
/// is not removed separately, one turning 75 earlier is.
#[test]
fn late_elderly_losses_with_dependants() {
    let mut m = MemberMaster::new();
    m.apply_all(&[
        acquisition(insured(), d(2026, 4, 1), d(1951, 5, 10)),
        dependent("01", d(2026, 4, 1), d(1951, 5, 20), Relationship::Spouse),
        dependent(
            "02",
            d(2026, 4, 1),
            d(1951, 5, 5),
            Relationship::YoungerSibling,
        ),
    ]);
    let losses = m.late_elderly_losses_in(ym(2026, 5));
    let kinds: Vec<(&str, String)> = losses
        .iter()
        .map(|e| (e.kind(), e.key().branch.as_str().to_owned()))
        .collect();
    assert_eq!(
        kinds,
        [("dependent_removed", "02".into()), ("loss", "00".into())]
    );
    let report = m.apply_all(&losses);
    assert!(report.rejected.is_empty(), "{report:?}");
    let spouse = m.record(&key(NUMBER, "01")).unwrap();
    assert_eq!(spouse.periods()[0].lost, Some(d(2026, 5, 10)));
    let sibling = m.record(&key(NUMBER, "02")).unwrap();
    assert_eq!(sibling.periods()[0].lost, Some(d(2026, 5, 5)));
    assert_eq!(sibling.periods()[0].reason, Some(LossReason::LateElderly));
}

/// A8: exactly six fields, nothing else, and only through a logged decision.
#[test]
fn eligibility_inquiry_has_exactly_six_fields() {
    use crate::access::{Actor, Catalog, Inquiry, InquiryError, MemoryLog};
    let catalog = Catalog::default_catalog();
    let staff = Actor::staff("S001");
    let mut log = MemoryLog::new();
    let inquiry = Inquiry {
        actor: &staff,
        recipient: "clinic",
        counterparty: "大阪中央クリニック",
        confirmed: true,
        at: d(2026, 12, 1).and_hms_opt(10, 0, 0).unwrap(),
    };
    let mut m = family();
    m.apply(&MemberEvent::loss_after(
        insured(),
        LossReason::Retirement,
        d(2026, 9, 30),
    ))
    .unwrap();
    let a = catalog
        .answer_eligibility_inquiry(&m, &key(NUMBER, "01"), &inquiry, &mut log)
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(a.acquired, d(2026, 4, 1));
    assert_eq!(a.lost, Some(d(2026, 10, 1)));
    assert_eq!(a.birth_date, d(1982, 8, 1));
    let json = serde_json::to_value(&a).unwrap();
    let mut fields: Vec<&String> = json.as_object().unwrap().keys().collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "acquired",
            "birth_date",
            "lost",
            "name",
            "sex",
            "symbol_and_number"
        ]
    );
    let debug = format!("{a:?}");
    assert!(!debug.contains(NUMBER) && !debug.contains(NAME) && !debug.contains("1982"));
    assert!(matches!(
        catalog.answer_eligibility_inquiry(&m, &key("1", "00"), &inquiry, &mut log),
        Err(InquiryError::UnknownMember { .. })
    ));
    let unconfirmed = Inquiry {
        confirmed: false,
        ..inquiry
    };
    assert!(matches!(
        catalog.answer_eligibility_inquiry(&m, &key(NUMBER, "01"), &unconfirmed, &mut log),
        Err(InquiryError::Denied(_))
    ));
    assert_eq!(log.len(), 2, "the denial is logged too");
    assert!(serde_json::from_value::<EligibilityAnswer>(json.clone()).is_ok());
    let mut extra = json;
    extra["address"] = serde_json::json!("x");
    assert!(serde_json::from_value::<EligibilityAnswer>(extra).is_err());
}

#[test]
fn debug_never_shows_personal_data() {
    let m = family();
    let record = m.record(&insured()).unwrap();
    let view = m.person(&insured(), d(2026, 6, 1)).unwrap();
    let event = acquisition(insured(), d(2026, 4, 1), d(1980, 5, 2));
    let change = MemberEvent::Correction {
        key: insured(),
        change: FieldChange::BirthDate(d(1980, 5, 2)),
    };
    let due = m.persons_with_birthday_rule_in(ym(2046, 5));
    for shown in [
        format!("{record:?}"),
        format!("{view:?}"),
        format!("{event:?}"),
        format!("{change:?}"),
        format!("{:?}", record.versions()),
        format!("{due:?}"),
        format!("{m:?}"),
    ] {
        for secret in [NUMBER, NAME, ADDRESS, "1980-05-02", "ヤマダ"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
}

#[test]
fn master_and_events_round_trip_through_json() {
    let m = family();
    let json = serde_json::to_string(&m).unwrap();
    let back: MemberMaster = serde_json::from_str(&json).unwrap();
    assert_eq!(back, m);
    let events = [
        acquisition(insured(), d(2026, 4, 1), d(1980, 5, 2)),
        dependent("01", d(2026, 4, 1), d(1982, 8, 1), Relationship::Spouse),
        MemberEvent::Change {
            key: insured(),
            effective: d(2026, 8, 1),
            change: FieldChange::Sex(Sex::Female),
        },
        MemberEvent::loss_after(insured(), LossReason::Death, d(2026, 8, 31)),
    ];
    for e in events {
        let s = serde_json::to_string(&e).unwrap();
        assert_eq!(serde_json::from_str::<MemberEvent>(&s).unwrap(), e, "{s}");
    }
}

/// 兄姉 need not live with the insured from 2016-10-01 (before: only 弟妹).
#[test]
fn elder_siblings_cohabitation_switch() {
    let r = Relationship::ElderSibling;
    assert!(r.requires_cohabitation(d(2016, 9, 30)));
    assert!(!r.requires_cohabitation(d(2016, 10, 1)));
    assert!(!Relationship::YoungerSibling.requires_cohabitation(d(2016, 9, 30)));
    assert!(Relationship::OtherRelativeWithinThirdDegree.requires_cohabitation(d(2026, 1, 1)));
    assert!(!Relationship::Parent.requires_cohabitation(d(2026, 1, 1)));
}

/// Household lookups go by key range (記号・番号, any 枝番): neighbouring numbers that share a
/// prefix ("98765" vs "987650", "9876") and other symbols are not part of the household, and a
/// loss closes only the household's own dependants.
#[test]
fn household_lookup_is_by_symbol_and_number_only() {
    let mut m = family();
    for number in ["987650", "9876"] {
        let report = m.apply_all(&[
            acquisition(key(number, "00"), d(2026, 4, 1), d(1985, 1, 1)),
            MemberEvent::DependentAdded {
                key: key(number, "01"),
                recognized: d(2026, 4, 1),
                identity: identity(d(1986, 1, 1)),
                relationship: Relationship::Spouse,
            },
        ]);
        assert!(report.rejected.is_empty(), "{report:?}");
    }
    let other = MemberKey::parse("100", NUMBER, "00").unwrap();
    m.apply(&acquisition(other.clone(), d(2026, 4, 1), d(1985, 1, 1)))
        .unwrap();

    let found: Vec<String> = m
        .find_by_symbol_number(&insured().symbol, &insured().number)
        .map(|r| r.key().to_string())
        .collect();
    assert_eq!(found, ["10-98765-00", "10-98765-01", "10-98765-02"]);
    let h = m.household(&insured(), ym(2026, 6)).unwrap();
    assert_eq!(h.dependents, vec![key(NUMBER, "01"), key(NUMBER, "02")]);

    m.apply(&MemberEvent::Loss {
        key: insured(),
        lost: d(2026, 7, 1),
        reason: LossReason::Retirement,
    })
    .unwrap();
    assert!(!m.is_eligible(&key(NUMBER, "01"), d(2026, 7, 1)));
    assert!(m.is_eligible(&key("987650", "01"), d(2026, 7, 1)));
    assert!(m.is_eligible(&key("9876", "01"), d(2026, 7, 1)));
    assert!(m.is_eligible(&other, d(2026, 7, 1)));
}

/// A master loaded from stored records holds each record once (in force and baseline share it)
/// until an event changes the person; then the record in force is a new one and the baseline
/// keeps the old, which is what the master as known before the event shows.
#[test]
fn loaded_records_are_shared_until_an_event_changes_them() {
    let records: Vec<PersonRecord> = family().persons().cloned().collect();
    let mut m = MemberMaster::from_records(records).unwrap();
    let shared = |m: &MemberMaster, k: &MemberKey| {
        let in_force = m.persons.get(k).unwrap();
        m.baseline.iter().any(|b| Arc::ptr_eq(b, in_force))
    };
    assert!(shared(&m, &insured()));
    assert!(shared(&m, &key(NUMBER, "01")));
    let right = PersonName::new("山田 太朗").unwrap();
    let at = d(2026, 10, 1).and_hms_opt(9, 0, 0).unwrap();
    m.apply_at(
        &MemberEvent::Correction {
            key: insured(),
            change: FieldChange::Name(right.clone()),
        },
        at,
    )
    .unwrap();
    assert!(!shared(&m, &insured()), "the corrected record is a new one");
    assert!(shared(&m, &key(NUMBER, "01")), "the others stay shared");
    assert_eq!(m.person(&insured(), d(2026, 9, 1)).unwrap().name(), &right);
    let before = m.as_known_on(at - chrono::Duration::seconds(1)).unwrap();
    assert_eq!(
        before
            .person(&insured(), d(2026, 9, 1))
            .unwrap()
            .name()
            .as_str(),
        NAME
    );
    // A clone copies no record.
    let copy = m.clone();
    assert!(Arc::ptr_eq(
        copy.persons.get(&insured()).unwrap(),
        m.persons.get(&insured()).unwrap()
    ));
}
