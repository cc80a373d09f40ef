//! Who is a 特定健診 target in a fiscal year (高齢者医療確保法 第20条; 実施基準 第1条; 告示第3号).

use kenpo_domain::calendar::{date, FiscalYear};
use kenpo_domain::checkup::target::{is_target, EligibilityPeriod, Exclusion, NotTarget};

const FY: FiscalYear = FiscalYear::new(2026);

fn always() -> Vec<EligibilityPeriod> {
    vec![EligibilityPeriod::open(date(2000, 4, 1).unwrap())]
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
    let periods = [EligibilityPeriod::closed(
        date(2000, 4, 1).unwrap(),
        date(2026, 10, 10).unwrap(),
    )];
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
    let joined_2_april = [EligibilityPeriod::open(date(2026, 4, 2).unwrap())];
    assert_eq!(
        is_target(FY, born, &joined_2_april, &[]).reason,
        Some(NotTarget::NotEnrolledOnApril1)
    );
    let joined_1_april = [EligibilityPeriod::open(date(2026, 4, 1).unwrap())];
    assert!(is_target(FY, born, &joined_1_april, &[]).target);
    // Left on 31 March (資格喪失日 2027-03-31: last covered day 2027-03-30) → left during the year.
    let left = [EligibilityPeriod::closed(
        date(2000, 4, 1).unwrap(),
        date(2027, 3, 31).unwrap(),
    )];
    assert_eq!(
        is_target(FY, born, &left, &[]).reason,
        Some(NotTarget::LeftDuringYear)
    );
    // 資格喪失日 2027-04-01: covered through 31 March → target.
    let stayed = [EligibilityPeriod::closed(
        date(2000, 4, 1).unwrap(),
        date(2027, 4, 1).unwrap(),
    )];
    assert!(is_target(FY, born, &stayed, &[]).target);
    // Two adjacent periods (a change of symbol) are continuous; a one-day gap is a break.
    let adjacent = [
        EligibilityPeriod::closed(date(2000, 4, 1).unwrap(), date(2026, 9, 1).unwrap()),
        EligibilityPeriod::open(date(2026, 9, 1).unwrap()),
    ];
    assert!(is_target(FY, born, &adjacent, &[]).target);
    let gap = [
        EligibilityPeriod::closed(date(2000, 4, 1).unwrap(), date(2026, 9, 1).unwrap()),
        EligibilityPeriod::open(date(2026, 9, 2).unwrap()),
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
