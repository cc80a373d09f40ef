//! Who is a 特定健診 target in a fiscal year (高齢者医療確保法 第20条; 実施基準 第1条; 告示第3号).

use chrono::NaiveDate;
use kenpo_domain::calendar::{date, FiscalYear};
use kenpo_domain::checkup::target::{is_target, Exclusion, NotTarget};
use kenpo_domain::member::EligibilityPeriod;

fn open(acquired: Option<NaiveDate>) -> EligibilityPeriod {
    EligibilityPeriod {
        acquired: acquired.unwrap(),
        lost: None,
        reason: None,
    }
}

fn closed(acquired: Option<NaiveDate>, lost: Option<NaiveDate>) -> EligibilityPeriod {
    EligibilityPeriod {
        acquired: acquired.unwrap(),
        lost,
        reason: None,
    }
}

const FY: FiscalYear = FiscalYear::new(2026);

fn always() -> Vec<EligibilityPeriod> {
    vec![open(date(2000, 4, 1))]
}

#[test]
fn age_40_reached_by_31_march() {
    // Born 1987-04-01: reaches 40 on 2027-03-31 → target in FY2026.
    assert!(is_target(FY, date(1987, 4, 1).unwrap(), &always(), &[]).target);
    // Born 1987-04-02: reaches 40 on 2027-04-01 → not yet.
    let d = is_target(FY, date(1987, 4, 2).unwrap(), &always(), &[]);
    assert_eq!(d.reason, Some(NotTarget::Under40));
    assert_eq!(d.age_in_fiscal_year, Some(39));
}

#[test]
fn turning_75_is_a_target_until_the_day_before_the_birthday() {
    // Born 1951-10-10: 75th birthday 2026-10-10 → target until 2026-10-09.
    let d = is_target(FY, date(1951, 10, 10).unwrap(), &always(), &[]);
    assert!(d.target);
    assert_eq!(d.target_until, date(2026, 10, 9));
    // Enrolment lost on the birthday (後期高齢者医療) is not a break.
    let periods = [closed(date(2000, 4, 1), date(2026, 10, 10))];
    assert!(is_target(FY, date(1951, 10, 10).unwrap(), &periods, &[]).target);
    // Born 1951-04-02: 75th birthday 2026-04-02 → target on 1 April only.
    let d = is_target(FY, date(1951, 4, 2).unwrap(), &always(), &[]);
    assert_eq!(d.target_until, date(2026, 4, 1));
    // Born 1951-04-01: 75 on 1 April 2026 → not a target.
    let d = is_target(FY, date(1951, 4, 1).unwrap(), &always(), &[]);
    assert_eq!(d.reason, Some(NotTarget::Over74));
}

#[test]
fn enrolled_on_1_april_and_all_year() {
    let born = date(1970, 7, 7).unwrap();
    let joined_2_april = [open(date(2026, 4, 2))];
    assert_eq!(
        is_target(FY, born, &joined_2_april, &[]).reason,
        Some(NotTarget::NotEnrolledOnApril1)
    );
    let joined_1_april = [open(date(2026, 4, 1))];
    assert!(is_target(FY, born, &joined_1_april, &[]).target);
    // Left on 31 March (資格喪失日 2027-03-31: last covered day 2027-03-30) → left during the year.
    let left = [closed(date(2000, 4, 1), date(2027, 3, 31))];
    assert_eq!(
        is_target(FY, born, &left, &[]).reason,
        Some(NotTarget::LeftDuringYear)
    );
    // 資格喪失日 2027-04-01: covered through 31 March → target.
    let stayed = [closed(date(2000, 4, 1), date(2027, 4, 1))];
    assert!(is_target(FY, born, &stayed, &[]).target);
    // Two adjacent periods (a change of symbol) are continuous; a one-day gap is a break.
    let adjacent = [
        closed(date(2000, 4, 1), date(2026, 9, 1)),
        open(date(2026, 9, 1)),
    ];
    assert!(is_target(FY, born, &adjacent, &[]).target);
    let gap = [
        closed(date(2000, 4, 1), date(2026, 9, 1)),
        open(date(2026, 9, 2)),
    ];
    assert_eq!(
        is_target(FY, born, &gap, &[]).reason,
        Some(NotTarget::LeftDuringYear)
    );
}

#[test]
fn exclusions() {
    let born = date(1970, 7, 7).unwrap();
    for x in [
        Exclusion::Pregnancy,
        Exclusion::LongHospitalStay,
        Exclusion::LivingAbroad,
        Exclusion::CareFacility,
        Exclusion::Detention,
    ] {
        let d = is_target(FY, born, &always(), &[x]);
        assert_eq!(d.reason, Some(NotTarget::Excluded(x)));
        assert!(d.explanation.to_string().contains(x.japanese()));
    }
}

#[test]
fn targets_over_the_member_master() {
    use kenpo_domain::checkup::target::{is_target_in_master, targets_in};
    use kenpo_domain::identifiers::{MemberKey, OfficeCode};
    use kenpo_domain::member::{Identity, LossReason, MemberEvent, MemberMaster};
    use kenpo_domain::person::{Address, KanaName, PersonName, Sex};
    use std::collections::BTreeMap;

    let identity = |born: Option<NaiveDate>| Identity {
        name: PersonName::new("健診 太郎").unwrap(),
        kana: KanaName::new("ケンシン タロウ").unwrap(),
        birth_date: born.unwrap(),
        sex: Sex::Male,
        address: Address::new("東京都千代田区千代田1-1").unwrap(),
    };
    let acquire = |key: &MemberKey, acquired: Option<NaiveDate>, born: Option<NaiveDate>| {
        MemberEvent::Acquisition {
            key: key.clone(),
            acquired: acquired.unwrap(),
            identity: identity(born),
            office: OfficeCode::new("A01").unwrap(),
        }
    };
    let stays = MemberKey::parse("10", "1", "00").unwrap();
    let leaves = MemberKey::parse("10", "2", "00").unwrap();
    let young = MemberKey::parse("10", "3", "00").unwrap();
    let abroad = MemberKey::parse("10", "4", "00").unwrap();
    let mut master = MemberMaster::new();
    master
        .apply(&acquire(&stays, date(2010, 4, 1), date(1970, 7, 7)))
        .unwrap();
    master
        .apply(&acquire(&leaves, date(2010, 4, 1), date(1970, 7, 7)))
        .unwrap();
    master
        .apply(&acquire(&young, date(2010, 4, 1), date(1995, 7, 7)))
        .unwrap();
    master
        .apply(&acquire(&abroad, date(2010, 4, 1), date(1970, 7, 7)))
        .unwrap();
    master
        .apply(&MemberEvent::loss_after(
            leaves.clone(),
            LossReason::Retirement,
            date(2026, 12, 31).unwrap(),
        ))
        .unwrap();
    let exclusions = BTreeMap::from([(abroad.clone(), vec![Exclusion::LivingAbroad])]);
    let list = targets_in(&master, FY, &exclusions);
    let keys: Vec<_> = list.iter().map(|(k, _)| k.clone()).collect();
    assert_eq!(keys, vec![stays.clone()]);
    let d = is_target_in_master(&master, &leaves, FY, &[]).unwrap();
    assert_eq!(d.reason, Some(NotTarget::LeftDuringYear));
    // The year before, the leaver was a target.
    assert!(
        is_target_in_master(&master, &leaves, FiscalYear::new(2025), &[])
            .unwrap()
            .target
    );
}
