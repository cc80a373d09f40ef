use super::*;
use crate::calendar::date;
use crate::society::Dated;
use crate::standard_remuneration::{standard_bonus, BonusPayment};
use rust_decimal_macros::dec;

fn y(v: i64) -> Yen {
    Yen::new(v)
}
fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}
fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    date(y, m, day).unwrap()
}
fn office() -> crate::identifiers::OfficeCode {
    crate::identifiers::OfficeCode::new("ABC12").unwrap()
}
fn g(amount: i64) -> Grade {
    Grade::from_standard_monthly(y(amount)).unwrap()
}

fn config(general: &str, care: &str, extra: &str) -> SocietyConfig {
    SocietyConfig::from_toml_str(&format!(
        "name = \"t\"\n{extra}\n[[rates]]\neffective_from = \"2025-04\"\nvalue = {{ general = \"{general}\", care = \"{care}\" }}"
    ))
    .unwrap()
}

/// Under 40: no 介護.
fn young(payment: PaymentMethod) -> PremiumSubject {
    PremiumSubject::new(d(1996, 6, 15), payment)
}
/// 40–64 in 2026.
fn middle(payment: PaymentMethod) -> PremiumSubject {
    PremiumSubject::new(d(1980, 6, 15), payment)
}

/// docs/SOURCES.md §2.2 (協会けんぽ 東京 FY2026 額表, via keiri-tools): 134,000 × (9.85 + 1.62) % ÷ 2
/// = 7,684.9 → 7,685; the parts rounded apart give 6,599 + 1,085 = 7,684.
#[test]
fn tokyo_combined_rate_7685_and_separate_parts_7684() {
    let tokyo = config("9.85%", "1.62%", "");
    let p = monthly_premium(
        &tokyo,
        ym(2026, 3),
        g(134_000),
        &middle(PaymentMethod::WageDeduction),
    )
    .unwrap();
    assert_eq!(p.total, dec!(15369.8));
    assert_eq!(p.employee, y(7_685));
    assert_eq!(p.employer, dec!(7684.8));
    assert_eq!(p.care, Some(CareReason::Category2));
    let general = p.part(PartKind::General).unwrap();
    let care = p.part(PartKind::Care).unwrap();
    assert_eq!(general.employee_exact, dec!(6599.5));
    assert_eq!(general.employee_rounded_alone, y(6_599));
    assert_eq!(care.employee_rounded_alone, y(1_085));
    let separate: Yen = p.parts.iter().map(|p| p.employee_rounded_alone).sum();
    assert_eq!(separate, y(7_684));
    assert!(
        p.part(PartKind::Support).is_none(),
        "no 支援金 before April 2026"
    );
}

/// docs/SOURCES.md §2.2 / §2.5 (serakugroup-kenpo, sckenpo): 300,000 × 0.23 % = 690, employee 345.
#[test]
fn support_contribution_300000_gives_690_and_345() {
    for rounding in ["combined_with_health", "separate_line"] {
        let c = config(
            "98.5‰",
            "18‰",
            &format!("support_rounding = \"{rounding}\""),
        );
        let p = monthly_premium(
            &c,
            ym(2026, 4),
            g(300_000),
            &young(PaymentMethod::WageDeduction),
        )
        .unwrap();
        let s = p.part(PartKind::Support).unwrap();
        assert_eq!(s.amount, dec!(690));
        assert_eq!(s.employee_exact, dec!(345));
        assert_eq!(s.employee_rounded_alone, y(345));
        // 300,000 × (9.85 % + 0.23 %) ÷ 2 = 15,120
        assert_eq!(p.employee, y(15_120));
    }
    // March 2026 has no 支援金; April does.
    let c = config("98.5‰", "18‰", "");
    assert_eq!(support_rate_for(&c, ym(2026, 3)), Ok(None));
    assert_eq!(
        support_rate_for(&c, ym(2026, 4))
            .unwrap()
            .unwrap()
            .as_percent(),
        dec!(0.23)
    );
}

/// The 支援金 rounding option (docs/SOURCES.md §11 item 6): 110,000 × 9.85 % ÷ 2 = 5,417.5 and
/// 110,000 × 0.23 % ÷ 2 = 126.5: combined 5,544.0 → 5,544; separate lines 5,417 + 126 = 5,543.
#[test]
fn support_rounding_option_differs_by_one_yen() {
    let combined = config("98.5‰", "18‰", "");
    let separate = config("98.5‰", "18‰", "support_rounding = \"separate_line\"");
    let s = young(PaymentMethod::WageDeduction);
    assert_eq!(
        monthly_premium(&combined, ym(2026, 4), g(110_000), &s)
            .unwrap()
            .employee,
        y(5_544)
    );
    let p = monthly_premium(&separate, ym(2026, 4), g(110_000), &s).unwrap();
    assert_eq!(p.employee, y(5_543));
    assert_eq!(p.employer, dec!(11088) - dec!(5543));
}

/// The 50-銭 rules at x.50 and x.51 (通貨の単位及び貨幣の発行等に関する法律 3条):
/// 134,000 × 98.5‰ ÷ 2 = 6,599.50; 134,000 × 98.53‰ ÷ 2 = 6,601.51.
#[test]
fn fifty_sen_rules_at_x50_and_x51() {
    let at_50 = config("98.5‰", "18‰", "");
    let at_51 = config("98.53‰", "18‰", "");
    let m = ym(2026, 3);
    let wage = young(PaymentMethod::WageDeduction);
    let cash = young(PaymentMethod::Cash);
    assert_eq!(
        monthly_premium(&at_50, m, g(134_000), &wage)
            .unwrap()
            .employee,
        y(6_599)
    );
    assert_eq!(
        monthly_premium(&at_50, m, g(134_000), &cash)
            .unwrap()
            .employee,
        y(6_600)
    );
    assert_eq!(
        monthly_premium(&at_51, m, g(134_000), &wage)
            .unwrap()
            .employee,
        y(6_602)
    );
    assert_eq!(
        monthly_premium(&at_51, m, g(134_000), &cash)
            .unwrap()
            .employee,
        y(6_602)
    );
    let p = monthly_premium(&at_50, m, g(134_000), &wage).unwrap();
    assert_eq!(p.employer, dec!(6599.5) + dec!(0.5));
}

/// 法162条: a society may put more of the 一般 part on the employer; the employee part is the
/// configured rate, rounded once on the combined rate.
#[test]
fn employer_share_above_half() {
    let c = SocietyConfig::from_toml_str(include_str!(
        "../../../../examples/config/sample-society.toml"
    ))
    .unwrap();
    let p = monthly_premium(
        &c,
        ym(2026, 3),
        g(300_000),
        &middle(PaymentMethod::WageDeduction),
    )
    .unwrap();
    // 一般 92‰ + 調整 1.3‰ = 93.3‰, employee 43‰; 介護 18‰ split in half.
    assert_eq!(p.total, dec!(300000) * dec!(0.1113));
    assert_eq!(p.employee, y(12_900 + 2_700));
    assert!(p.employer > p.employee.to_decimal());
    let adj = p.part(PartKind::Adjustment).unwrap();
    assert_eq!(adj.amount, dec!(390));
    assert_eq!(
        p.part(PartKind::General).unwrap().employee_exact + adj.employee_exact,
        dec!(12900)
    );
}

/// 介護 starts with the month of reaching 40: born 5/2 → May 分, born 5/1 → April 分
/// (協会けんぽ 茨城支部).
#[test]
fn care_premium_start_born_on_first_and_second() {
    let c = config("98.5‰", "18‰", "");
    for (born, april, may) in [(d(1986, 5, 1), true, true), (d(1986, 5, 2), false, true)] {
        let s = PremiumSubject::new(born, PaymentMethod::WageDeduction);
        let a = monthly_premium(&c, ym(2026, 4), g(300_000), &s).unwrap();
        let m = monthly_premium(&c, ym(2026, 5), g(300_000), &s).unwrap();
        assert_eq!(a.part(PartKind::Care).is_some(), april, "{born} April");
        assert_eq!(m.part(PartKind::Care).is_some(), may, "{born} May");
    }
    // ends with the month before reaching 65: born 4/1 → last February 分
    let s = PremiumSubject::new(d(1961, 4, 1), PaymentMethod::WageDeduction);
    assert!(monthly_premium(&c, ym(2026, 2), g(300_000), &s)
        .unwrap()
        .care
        .is_some());
    assert!(monthly_premium(&c, ym(2026, 3), g(300_000), &s)
        .unwrap()
        .care
        .is_none());
    // 介護保険適用除外
    let mut abroad = middle(PaymentMethod::WageDeduction);
    abroad.care_exempt = true;
    assert!(monthly_premium(&c, ym(2026, 4), g(300_000), &abroad)
        .unwrap()
        .care
        .is_none());
}

/// 特定被保険者 only where the society's 規約 says so.
#[test]
fn specified_insured_care() {
    let mut s = young(PaymentMethod::WageDeduction);
    s.dependant_birth_dates.push(d(1980, 1, 10));
    let without = config("98.5‰", "18‰", "");
    let with = config("98.5‰", "18‰", "specified_insured_care = true");
    assert_eq!(
        monthly_premium(&without, ym(2026, 4), g(300_000), &s)
            .unwrap()
            .care,
        None
    );
    assert_eq!(
        monthly_premium(&with, ym(2026, 4), g(300_000), &s)
            .unwrap()
            .care,
        Some(CareReason::SpecifiedInsured)
    );
    assert!(
        !format!("{s:?}").contains("1996"),
        "birth dates stay out of Debug"
    );
}

#[test]
fn bonus_premium_uses_the_same_rates() {
    let c = config("9.85%", "1.62%", "");
    let b = standard_bonus(
        BonusPayment {
            paid_on: d(2026, 7, 10),
            amount: y(500_500),
        },
        Yen::ZERO,
    )
    .unwrap();
    let p = bonus_premium(
        &c,
        b.month,
        b.standard,
        &middle(PaymentMethod::WageDeduction),
    )
    .unwrap();
    // 500,000 × (9.85 + 1.62 + 0.23) % = 58,500; employee 29,250
    assert_eq!(p.total, dec!(58500));
    assert_eq!(p.employee, y(29_250));
    assert_eq!(p.base_kind, PremiumBase::Bonus);
    assert!(bonus_premium(&c, b.month, y(500_500), &young(PaymentMethod::Cash)).is_err());
    assert!(matches!(
        monthly_premium(&c, ym(2025, 3), g(300_000), &young(PaymentMethod::Cash)),
        Err(PremiumError::NoRatesFor { .. })
    ));
}

#[test]
fn society_support_rate_override() {
    let mut c = config("98.5‰", "18‰", "");
    c.support_rates.push(Dated::from(
        ym(2027, 4),
        crate::society::SupportRate(Rate::from_percent(dec!(0.3)).unwrap()),
    ));
    assert_eq!(
        support_rate_for(&c, ym(2027, 3))
            .unwrap()
            .unwrap()
            .as_percent(),
        dec!(0.23)
    );
    assert_eq!(
        support_rate_for(&c, ym(2027, 4))
            .unwrap()
            .unwrap()
            .as_percent(),
        dec!(0.3)
    );
}

/// Issue 18, bad input: the FY2026 rate (0.23 %) covers April 2026 分 to March 2027 分 and is
/// never carried over. April 2027 分 without a configured rate is a typed error naming the month
/// and the last known fiscal year; the premium for it is refused, not computed with 0.23 %.
#[test]
fn support_rate_after_the_last_known_year_is_an_error() {
    let c = config("98.5‰", "18‰", "");
    assert_eq!(
        support_rate_for(&c, ym(2027, 4)),
        Err(PremiumError::SupportRateUnknown {
            month: ym(2027, 4),
            last_known: crate::calendar::FiscalYear::new(2026),
        })
    );
    let err = monthly_premium(
        &c,
        ym(2027, 4),
        g(300_000),
        &young(PaymentMethod::WageDeduction),
    )
    .unwrap_err();
    assert!(err.to_string().contains("2027-04"), "{err}");
    assert!(err.to_string().contains("FY2026"), "{err}");
    // March 2027 分 is the last month of FY2026: 300,000 × 0.23 % = 690.
    let march = monthly_premium(
        &c,
        ym(2027, 3),
        g(300_000),
        &young(PaymentMethod::WageDeduction),
    )
    .unwrap();
    assert_eq!(march.part(PartKind::Support).unwrap().amount, dec!(690));
    // Each national entry covers exactly one fiscal year, April to March.
    for r in SUPPORT_CONTRIBUTION_RATES {
        assert_eq!(r.first_month().month(), 4);
        assert_eq!(r.last_month(), r.first_month().add_months(11));
    }
}

fn cov(acq: NaiveDate, lost: Option<NaiveDate>) -> Coverage {
    Coverage {
        acquired_on: acq,
        lost_on: lost,
    }
}
fn charge(c: &Coverage, birth: NaiveDate, leaves: &[Leave], m: YearMonth) -> Charge {
    month_charge(c, birth, leaves, m).unwrap().charge
}
const BORN: (i32, u32, u32) = (1990, 3, 10);
fn born() -> NaiveDate {
    d(BORN.0, BORN.1, BORN.2)
}

/// 法156条3項: acquisition month yes, loss month no, same month = one month, leaving on the last
/// day (loss on the 1st) charges the month.
#[test]
fn premium_months_acquisition_and_loss() {
    let c = cov(d(2026, 4, 20), Some(d(2026, 9, 15)));
    assert_eq!(charge(&c, born(), &[], ym(2026, 3)), Charge::NotInsured);
    assert_eq!(charge(&c, born(), &[], ym(2026, 4)), Charge::Charged);
    assert_eq!(charge(&c, born(), &[], ym(2026, 8)), Charge::Charged);
    assert_eq!(charge(&c, born(), &[], ym(2026, 9)), Charge::NotInsured);
    // left on 30 September: loss on 1 October, September charged
    let c = cov(d(2026, 4, 20), Some(d(2026, 10, 1)));
    assert_eq!(charge(&c, born(), &[], ym(2026, 9)), Charge::Charged);
    assert_eq!(charge(&c, born(), &[], ym(2026, 10)), Charge::NotInsured);
    // 同月得喪
    let c = cov(d(2026, 4, 1), Some(d(2026, 4, 20)));
    assert_eq!(charge(&c, born(), &[], ym(2026, 4)), Charge::Charged);
    assert!(month_charge(
        &cov(d(2026, 4, 1), Some(d(2026, 4, 1))),
        born(),
        &[],
        ym(2026, 4)
    )
    .is_err());
}

/// The 75th birthday is the loss date: the birthday month is not charged (also born on the 1st).
#[test]
fn premium_months_75th_birthday() {
    let c = cov(d(2000, 4, 1), None);
    for birth in [d(1951, 11, 2), d(1951, 11, 1)] {
        assert_eq!(charge(&c, birth, &[], ym(2026, 10)), Charge::Charged);
        assert_eq!(charge(&c, birth, &[], ym(2026, 11)), Charge::NotInsured);
    }
    assert_eq!(
        effective_loss_date(&c, d(1951, 11, 1)),
        Some(d(2026, 11, 1))
    );
}

fn leave(kind: LeaveKind, a: NaiveDate, b: NaiveDate) -> Leave {
    Leave {
        kind,
        first_day: a,
        last_day: b,
        agreed_work_days: 0,
    }
}

/// 法159条の3: exempt from the start month to the month before the month of the day after the end.
#[test]
fn maternity_exemption_months() {
    let c = cov(d(2015, 4, 1), None);
    let l = [leave(LeaveKind::Maternity, d(2026, 4, 20), d(2026, 8, 14))];
    assert_eq!(charge(&c, born(), &l, ym(2026, 3)), Charge::Charged);
    for m in 4..=7 {
        assert_eq!(
            charge(&c, born(), &l, ym(2026, m)),
            Charge::Exempt {
                leave: LeaveKind::Maternity
            }
        );
    }
    assert_eq!(charge(&c, born(), &l, ym(2026, 8)), Charge::Charged);
    // ending on the last day of a month exempts that month
    let l = [leave(LeaveKind::Maternity, d(2026, 4, 20), d(2026, 8, 31))];
    assert_eq!(
        charge(&c, born(), &l, ym(2026, 8)),
        Charge::Exempt {
            leave: LeaveKind::Maternity
        }
    );
    assert_eq!(charge(&c, born(), &l, ym(2026, 9)), Charge::Charged);
}

/// 法159条 (leave from 2022-10-01): month-end rule, the 14-day rule within one month with spells
/// adding up, and the bonus rule "more than one month".
#[test]
fn childcare_exemption_months_and_14_day_rule() {
    let c = cov(d(2015, 4, 1), None);
    let ex = Charge::Exempt {
        leave: LeaveKind::Childcare,
    };
    // 13 days inside June: not exempt; 14 days: exempt.
    let l13 = [leave(LeaveKind::Childcare, d(2026, 6, 1), d(2026, 6, 13))];
    let l14 = [leave(LeaveKind::Childcare, d(2026, 6, 1), d(2026, 6, 14))];
    assert_eq!(charge(&c, born(), &l13, ym(2026, 6)), Charge::Charged);
    assert_eq!(charge(&c, born(), &l14, ym(2026, 6)), ex);
    // two spells of 7 days add up to 14
    let two = [
        leave(LeaveKind::Childcare, d(2026, 6, 1), d(2026, 6, 7)),
        leave(LeaveKind::Childcare, d(2026, 6, 20), d(2026, 6, 26)),
    ];
    assert_eq!(charge(&c, born(), &two, ym(2026, 6)), ex);
    // agreed work days during 出生時育児休業 are not counted
    let worked = [Leave {
        agreed_work_days: 1,
        ..l14[0]
    }];
    assert_eq!(charge(&c, born(), &worked, ym(2026, 6)), Charge::Charged);
    // month-end rule: 6/20–7/10 exempts June (its last day is in the leave), not July
    let cross = [leave(LeaveKind::Childcare, d(2026, 6, 20), d(2026, 7, 10))];
    assert_eq!(charge(&c, born(), &cross, ym(2026, 6)), ex);
    assert_eq!(charge(&c, born(), &cross, ym(2026, 7)), Charge::Charged);
    // contiguous spells join: 6/1–6/30 then 7/1–7/31 exempt both months
    let joined = [
        leave(LeaveKind::Childcare, d(2026, 7, 1), d(2026, 7, 31)),
        leave(LeaveKind::Childcare, d(2026, 6, 1), d(2026, 6, 30)),
    ];
    assert_eq!(charge(&c, born(), &joined, ym(2026, 6)), ex);
    assert_eq!(charge(&c, born(), &joined, ym(2026, 7)), ex);
    // before 2022-10 the 14-day rule did not exist
    let old = [leave(LeaveKind::Childcare, d(2022, 6, 1), d(2022, 6, 20))];
    assert_eq!(charge(&c, born(), &old, ym(2022, 6)), Charge::Charged);
    let bad = [leave(LeaveKind::Childcare, d(2026, 6, 2), d(2026, 6, 1))];
    assert!(month_charge(&c, born(), &bad, ym(2026, 6)).is_err());
}

#[test]
fn bonus_charge_rules() {
    let c = cov(d(2015, 4, 1), None);
    let b = |l: &[Leave], on| bonus_charge(&c, born(), l, on).unwrap().charge;
    // 12/15–1/14 is exactly one month: the December bonus is charged although December is exempt
    let one_month = [leave(LeaveKind::Childcare, d(2026, 12, 15), d(2027, 1, 14))];
    assert_eq!(
        charge(&c, born(), &one_month, ym(2026, 12)),
        Charge::Exempt {
            leave: LeaveKind::Childcare
        }
    );
    assert_eq!(b(&one_month, d(2026, 12, 10)), Charge::Charged);
    // 12/15–1/15 is more than one month: exempt
    let longer = [leave(LeaveKind::Childcare, d(2026, 12, 15), d(2027, 1, 15))];
    assert_eq!(
        b(&longer, d(2026, 12, 10)),
        Charge::Exempt {
            leave: LeaveKind::Childcare
        }
    );
    // a 14-day leave inside the month does not exempt the bonus
    let short = [leave(LeaveKind::Childcare, d(2026, 12, 1), d(2026, 12, 20))];
    assert_eq!(b(&short, d(2026, 12, 10)), Charge::Charged);
    // maternity: exempt month → exempt bonus
    let mat = [leave(LeaveKind::Maternity, d(2026, 11, 1), d(2027, 2, 10))];
    assert_eq!(
        b(&mat, d(2026, 12, 10)),
        Charge::Exempt {
            leave: LeaveKind::Maternity
        }
    );
    // bonus in the loss month: not charged; if left on the last day (loss on the 1st): charged
    let leaving = cov(d(2015, 4, 1), Some(d(2026, 12, 20)));
    assert_eq!(
        bonus_charge(&leaving, born(), &[], d(2026, 12, 10))
            .unwrap()
            .charge,
        Charge::NotInsured
    );
    // ... but it still gets a 標準賞与額 that counts toward the fiscal-year cumulative (法45条).
    let sb = crate::standard_remuneration::standard_bonuses(&[
        BonusPayment {
            paid_on: d(2026, 7, 10),
            amount: y(1_000_000),
        },
        BonusPayment {
            paid_on: d(2026, 12, 10),
            amount: y(2_000_000),
        },
    ])
    .unwrap();
    assert_eq!(sb[1].standard, y(2_000_000));
    assert_eq!(sb[1].cumulative, y(3_000_000));
    let last_day = cov(d(2015, 4, 1), Some(d(2027, 1, 1)));
    assert_eq!(
        bonus_charge(&last_day, born(), &[], d(2026, 12, 10))
            .unwrap()
            .charge,
        Charge::Charged
    );
}

/// The office notice: the sum of the persons' totals, fraction below 1 yen dropped.
#[test]
fn employer_notice_floors_the_sum() {
    let tokyo = config("9.85%", "1.62%", "");
    let m = ym(2026, 3);
    let a = monthly_premium(&tokyo, m, g(134_000), &middle(PaymentMethod::WageDeduction)).unwrap();
    let b = monthly_premium(&tokyo, m, g(142_000), &middle(PaymentMethod::WageDeduction)).unwrap();
    // 15,369.8 + 142,000 × 11.47 % (16,287.4) = 31,657.2 → 31,657
    let n = EmployerNotice::from_breakdowns(office(), m, &[a.clone(), b.clone()]).unwrap();
    assert_eq!(n.monthly_total, dec!(31657.2));
    assert_eq!(n.total, y(31_657));
    assert_eq!(n.employee_total, a.employee + b.employee);
    assert_eq!(n.employer_total, n.total - n.employee_total);
    assert_eq!(n.parts.len(), 2);
    assert_eq!(n.office.as_str(), "ABC12");
    assert!(matches!(
        EmployerNotice::from_breakdowns(office(), ym(2026, 4), &[a]),
        Err(PremiumError::WrongMonth { .. })
    ));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// employee + employer = total, and the employee share is within half a yen of the exact
        /// combined amount, for every grade, both payment methods and both 支援金 options.
        #[test]
        fn shares_add_up(grade_no in 1u8..=50, per_mille in 30u32..=130, cash: bool, separate: bool, month_no in 0i32..24) {
            let c = config(
                &format!("{per_mille}‰"),
                "18‰",
                if separate { "support_rounding = \"separate_line\"" } else { "" },
            );
            let payment = if cash { PaymentMethod::Cash } else { PaymentMethod::WageDeduction };
            let m = ym(2025, 4).add_months(month_no);
            let p = monthly_premium(&c, m, Grade::from_number(grade_no).unwrap(), &middle(payment)).unwrap();
            prop_assert_eq!(p.employee.to_decimal() + p.employer, p.total);
            let exact: Decimal = p.parts.iter().map(|x| x.employee_exact).sum();
            prop_assert!((p.employee.to_decimal() - exact).abs() <= dec!(1));
            if !separate {
                prop_assert!((p.employee.to_decimal() - exact).abs() <= dec!(0.5));
            }
        }
    }
}

/// Asking for the rule only changes the text, never a figure (134,000 with 介護 in a
/// 9.85 % + 1.62 % society: employee share 7,685).
#[test]
fn rule_only_gives_the_same_premium() {
    let c = config("9.85%", "1.62%", "");
    let (month, subject) = (ym(2025, 9), middle(PaymentMethod::WageDeduction));
    let full = monthly_premium(&c, month, g(134_000), &subject).unwrap();
    let bare = monthly_premium_with(&c, month, g(134_000), &subject, Explain::RuleOnly).unwrap();
    assert_eq!(bare.employee, y(7_685));
    assert!(bare.explanation.steps().is_empty() && !full.explanation.steps().is_empty());
    let mut stripped = full.clone();
    stripped.explanation = bare.explanation.clone();
    assert_eq!(stripped, bare);
}

/// A month's premiums decided once per distinct input are those decided person by person,
/// for persons who differ in age (介護), payment method, dependants and explanation asked.
#[test]
fn month_premiums_lend_what_each_person_gets_alone() {
    let c = config("9.85%", "1.62%", "specified_insured_care = true");
    let month = ym(2026, 9);
    let mut with_dependant = young(PaymentMethod::WageDeduction);
    with_dependant.dependant_birth_dates = vec![d(1970, 1, 1)];
    let mut exempt = middle(PaymentMethod::WageDeduction);
    exempt.care_exempt = true;
    let subjects = [
        young(PaymentMethod::WageDeduction),
        young(PaymentMethod::Cash),
        middle(PaymentMethod::WageDeduction),
        middle(PaymentMethod::Cash),
        with_dependant,
        exempt,
    ];
    for explain in [Explain::RuleOnly, Explain::Steps] {
        let mut book = MonthPremiums::new(&c, month, explain);
        for round in 0..2 {
            for s in &subjects {
                for amount in [134_000, 300_000, 1_390_000] {
                    let alone = monthly_premium_with(&c, month, g(amount), s, explain).unwrap();
                    assert_eq!(book.monthly(g(amount), s).unwrap(), &alone, "round {round}");
                    let bonus = bonus_premium_with(&c, month, y(amount), s, explain).unwrap();
                    assert_eq!(book.bonus(y(amount), s).unwrap(), &bonus);
                }
            }
        }
        // 3 amounts × (no 介護 ×2 payments, 第2号 ×2, 特定被保険者) × monthly/bonus: the
        // care-exempt 40–64 person pays what a person under 40 pays.
        assert_eq!(book.distinct(), 3 * 5 * 2);
    }
    let mut book = MonthPremiums::new(&c, month, Explain::RuleOnly);
    assert!(matches!(
        book.bonus(y(1_500), &subjects[0]),
        Err(PremiumError::InvalidStandardBonus { .. })
    ));
}
