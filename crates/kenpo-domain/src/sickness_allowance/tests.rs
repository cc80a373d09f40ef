//! Tests of the per-day schedule. Figures: docs/SOURCES.md §5 unless stated.

use super::*;
use crate::calendar::date;
use crate::money::Yen;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    date(y, m, day).unwrap()
}

/// `count` months of `amount` ending with `last`.
fn history(last: YearMonth, count: i32, amount: i64) -> Vec<StandardMonthly> {
    (0..count)
        .map(|i| StandardMonthly {
            month: last.add_months(i - count + 1),
            amount: Yen::new(amount),
        })
        .collect()
}

fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}

/// Consecutive days off from `first`, `count` of them.
fn off_days(first: NaiveDate, count: u64) -> Vec<SickDay> {
    first
        .iter_days()
        .take(count as usize)
        .map(SickDay::off)
        .collect()
}

/// A claim with 12 months of 300,000 up to 2026-12 (daily amount 6,667 from 2026-04 on).
fn claim_300k(days: Vec<SickDay>) -> SicknessClaim {
    SicknessClaim {
        days,
        history: history(ym(2026, 12), 24, 300_000),
        ..SicknessClaim::default()
    }
}

fn outcomes(s: &SicknessSchedule) -> Vec<DayOutcome> {
    s.days.iter().map(|d| d.outcome).collect()
}

fn not_payable(reason: NotPayableReason) -> DayOutcome {
    DayOutcome::NotPayable { reason }
}

#[test]
fn waiting_period_across_a_weekend() {
    // 待期 (第99条1項): Fri 2026-04-10, Sat, Sun make the 3 days; holidays count. Paid from Mon.
    let s = schedule(
        &claim_300k(off_days(d(2026, 4, 10), 4)),
        KYOKAI_KENPO_FALLBACK,
    )
    .unwrap();
    assert_eq!(
        outcomes(&s),
        vec![
            DayOutcome::Waiting { day: 1 },
            DayOutcome::Waiting { day: 2 },
            DayOutcome::Waiting { day: 3 },
            DayOutcome::Paid,
        ]
    );
    assert_eq!(s.total, Yen::new(6_667));
    assert_eq!(
        s.daily_amount.as_ref().map(|a| a.first_payment_day),
        Some(d(2026, 4, 13))
    );
    assert!(s.explanation.to_string().contains("3 consecutive days off"));
}

#[test]
fn waiting_period_broken_by_a_working_day() {
    // Off Mon 4/6, Tue 4/7, worked Wed 4/8, off Thu 4/9 – Sun 4/12: the waiting period is
    // Thu–Sat; Sunday is the first payable day.
    let mut days = off_days(d(2026, 4, 6), 2);
    days.push(SickDay::worked(d(2026, 4, 8)));
    days.extend(off_days(d(2026, 4, 9), 4));
    let s = schedule(&claim_300k(days), KYOKAI_KENPO_FALLBACK).unwrap();
    assert_eq!(
        outcomes(&s),
        vec![
            not_payable(NotPayableReason::WaitingNotCompleted),
            not_payable(NotPayableReason::WaitingNotCompleted),
            not_payable(NotPayableReason::Worked),
            DayOutcome::Waiting { day: 1 },
            DayOutcome::Waiting { day: 2 },
            DayOutcome::Waiting { day: 3 },
            DayOutcome::Paid,
        ]
    );
    assert_eq!(s.days_paid, 1);
}

#[test]
fn a_missing_date_breaks_the_waiting_run() {
    // Off 4/6, 4/7, (4/8 not claimed), 4/9: no 3 consecutive days.
    let mut days = off_days(d(2026, 4, 6), 2);
    days.push(SickDay::off(d(2026, 4, 9)));
    let s = schedule(&claim_300k(days), KYOKAI_KENPO_FALLBACK).unwrap();
    assert!(s
        .days
        .iter()
        .all(|x| x.outcome == not_payable(NotPayableReason::WaitingNotCompleted)));
    assert_eq!(s.daily_amount, None);
    assert_eq!(s.total, Yen::ZERO);
}

#[test]
fn waiting_days_may_be_paid_leave() {
    // 年次有給休暇 on the waiting days: the waiting period still completes (docs/SOURCES.md §5.2).
    let mut days = off_days(d(2026, 4, 6), 4);
    for day in days.iter_mut().take(3) {
        *day = day.with_pay(Yen::new(15_000));
    }
    let s = schedule(&claim_300k(days), KYOKAI_KENPO_FALLBACK).unwrap();
    assert_eq!(s.days[2].outcome, DayOutcome::Waiting { day: 3 });
    assert_eq!(s.days[3].outcome, DayOutcome::Paid);
}

#[test]
fn pay_below_the_allowance_gives_the_difference() {
    // 第108条1項: pay 4,000 < 6,667 → 2,667; pay 7,000 ≥ 6,667 → nothing.
    let mut days = off_days(d(2026, 4, 6), 5);
    days[3] = days[3].with_pay(Yen::new(4_000));
    days[4] = days[4].with_pay(Yen::new(7_000));
    let s = schedule(&claim_300k(days), KYOKAI_KENPO_FALLBACK).unwrap();
    assert_eq!(s.days[3].outcome, DayOutcome::Reduced);
    assert_eq!(s.days[3].amount, Yen::new(2_667));
    assert_eq!(
        s.days[3].reductions,
        vec![Reduction {
            kind: ReductionKind::Pay,
            amount: Yen::new(4_000)
        }]
    );
    assert_eq!(
        s.days[4].outcome,
        not_payable(NotPayableReason::FullyOffset)
    );
    assert_eq!(s.days_paid, 1, "a fully offset day is not a paid day");
}

#[test]
fn first_payment_day_is_the_first_day_actually_paid() {
    // Waiting 3/28–3/30; 3/31 fully paid by the employer; 4/1 is the first payment day, so the
    // 12 months end in April 2026: 11 × 300,000 + 410,000 = 3,710,000 ÷ 12 = 309,166.67
    // → ÷ 30 = 10,305.56 → 10,310 → × 2/3 = 6,873.33 → 6,873.
    let mut h = history(ym(2026, 3), 11, 300_000);
    h.push(StandardMonthly {
        month: ym(2026, 4),
        amount: Yen::new(410_000),
    });
    let mut days = off_days(d(2026, 3, 28), 5);
    days[3] = days[3].with_pay(Yen::new(10_000));
    let claim = SicknessClaim {
        days,
        history: h,
        ..SicknessClaim::default()
    };
    let s = schedule(&claim, KYOKAI_KENPO_FALLBACK).unwrap();
    assert_eq!(
        s.days[3].outcome,
        not_payable(NotPayableReason::FullyOffset)
    );
    let daily = s.daily_amount.unwrap();
    assert_eq!(daily.first_payment_day, d(2026, 4, 1));
    assert_eq!(daily.standard_daily, Yen::new(10_310));
    assert_eq!(s.days[4].amount, Yen::new(6_873));
}

#[test]
fn maternity_allowance_is_paid_first() {
    // 第103条: 出産手当金 5,000 for the day → 傷病手当金 pays 1,667.
    let mut days = off_days(d(2026, 4, 6), 4);
    days[3].maternity_allowance = Yen::new(5_000);
    let s = schedule(&claim_300k(days), KYOKAI_KENPO_FALLBACK).unwrap();
    assert_eq!(s.days[3].amount, Yen::new(1_667));
}

#[test]
fn disability_pension_divided_by_360() {
    // 第108条3項: 1,200,000 ÷ 360 = 3,333.33 → 3,333; 6,667 − 3,333 = 3,334.
    let mut claim = claim_300k(off_days(d(2026, 4, 6), 5));
    claim.disability_pension = Some(AnnualPension {
        from: d(2026, 4, 10),
        annual: Yen::new(1_200_000),
    });
    let s = schedule(&claim, KYOKAI_KENPO_FALLBACK).unwrap();
    assert_eq!(
        s.days[3].amount,
        Yen::new(6_667),
        "before the pension starts"
    );
    assert_eq!(s.days[4].amount, Yen::new(3_334));
    // A pension of 2,400,120 a year (6,667 a day) leaves nothing.
    claim.disability_pension = Some(AnnualPension {
        from: d(2026, 4, 1),
        annual: Yen::new(2_400_120),
    });
    let s = schedule(&claim, KYOKAI_KENPO_FALLBACK).unwrap();
    assert_eq!(s.total, Yen::ZERO);
}

#[test]
fn disability_lump_sum_withholds_until_the_total_reaches_it() {
    // 第108条4項: lump sum 10,000; day 4 counts 6,667, day 5 reaches 13,334 ≥ 10,000 (still
    // withheld), day 6 is paid.
    let mut claim = claim_300k(off_days(d(2026, 4, 6), 6));
    claim.disability_lump_sum = Some(DisabilityLumpSum {
        from: d(2026, 4, 1),
        amount: Yen::new(10_000),
        counted_before: Yen::ZERO,
    });
    let s = schedule(&claim, KYOKAI_KENPO_FALLBACK).unwrap();
    assert_eq!(
        outcomes(&s)[3..],
        [
            not_payable(NotPayableReason::DisabilityLumpSum),
            not_payable(NotPayableReason::DisabilityLumpSum),
            DayOutcome::Paid
        ]
    );
    assert_eq!(s.total, Yen::new(6_667));
}

#[test]
fn workers_compensation_difference() {
    let mut days = off_days(d(2026, 4, 6), 4);
    days[3].workers_compensation = Yen::new(6_000);
    let s = schedule(&claim_300k(days), KYOKAI_KENPO_FALLBACK).unwrap();
    assert_eq!(s.days[3].amount, Yen::new(667));
}

#[test]
fn eighteen_month_limit_crossed_in_one_claim() {
    // Waiting 2025-08-29..31, first payment day 2025-09-01: 1 year 6 months end on 2027-02-28,
    // so 546 days may be paid (MHLW Q&A method, see duration.rs). 600 days off: 546 paid.
    let claim = SicknessClaim {
        days: off_days(d(2025, 8, 29), 3 + 600),
        history: history(ym(2025, 9), 12, 300_000),
        ..SicknessClaim::default()
    };
    let s = schedule(&claim, KYOKAI_KENPO_FALLBACK).unwrap();
    assert_eq!(
        s.maximum,
        Some(MaximumRule::CumulativeDays { maximum_days: 546 })
    );
    assert_eq!(s.days_paid, 546);
    assert_eq!(s.total, Yen::new(546 * 6_667));
    let last_paid = s.days.iter().rfind(|x| x.amount > Yen::ZERO).unwrap();
    assert_eq!(last_paid.date, d(2027, 2, 28));
    let next = s.days.iter().find(|x| x.date == d(2027, 3, 1)).unwrap();
    assert_eq!(next.outcome, not_payable(NotPayableReason::MaximumReached));
}

#[test]
fn cumulative_days_run_past_the_calendar_end() {
    // MHLW Q&A example: 支給開始日 2022-03-04 → 549 days, which can be paid after 2023-09-03
    // when there were days without payment. 547 paid earlier: 2 more days are paid in November.
    let claim = SicknessClaim {
        days: off_days(d(2023, 11, 21), 3),
        history: history(ym(2023, 12), 24, 300_000),
        earlier: Some(EarlierPayments {
            first_payment_day: d(2022, 3, 4),
            days_paid: 547,
        }),
        ..SicknessClaim::default()
    };
    let s = schedule(&claim, KYOKAI_KENPO_FALLBACK).unwrap();
    assert_eq!(
        outcomes(&s),
        vec![
            DayOutcome::Paid,
            DayOutcome::Paid,
            not_payable(NotPayableReason::MaximumReached)
        ]
    );
    assert_eq!(s.days_paid_cumulative, 549);
    // The daily amount stays the one of the first payment day (March 2022).
    assert_eq!(
        s.daily_amount.map(|a| a.first_payment_day),
        Some(d(2022, 3, 4))
    );
}

#[test]
fn calendar_rule_before_2020_07_02() {
    // 支給開始日 2019-06-01: old rule, nothing after 2020-11-30 however few days were paid.
    let claim = SicknessClaim {
        days: off_days(d(2020, 11, 30), 2),
        history: history(ym(2020, 12), 24, 300_000),
        earlier: Some(EarlierPayments {
            first_payment_day: d(2019, 6, 1),
            days_paid: 10,
        }),
        ..SicknessClaim::default()
    };
    let s = schedule(&claim, KYOKAI_KENPO_FALLBACK).unwrap();
    assert_eq!(
        s.maximum,
        Some(MaximumRule::CalendarPeriod {
            last_day: d(2020, 11, 30)
        })
    );
    assert_eq!(
        outcomes(&s),
        vec![
            DayOutcome::Paid,
            not_payable(NotPayableReason::MaximumReached)
        ]
    );
}

fn loss(loss_date: NaiveDate, one_year: bool) -> Option<LossOfEligibility> {
    Some(LossOfEligibility {
        loss_date,
        insured_one_year_before_loss: one_year,
        entitled_on_last_day: None,
    })
}

#[test]
fn continued_benefit_after_loss_and_its_end_for_good() {
    // 第104条: off from 4/6, leaves on 4/15 (loss date 4/16), insured ≥ 1 year: paid on after
    // the loss; a day worked on 4/20 ends it, later days off are not paid.
    let mut days = off_days(d(2026, 4, 6), 14); // 4/6 – 4/19
    days.push(SickDay::worked(d(2026, 4, 20)));
    days.extend(off_days(d(2026, 4, 21), 2));
    let mut claim = claim_300k(days);
    claim.loss_of_eligibility = loss(d(2026, 4, 16), true);
    let s = schedule(&claim, KYOKAI_KENPO_FALLBACK).unwrap();
    let on = |date: NaiveDate| s.days.iter().find(|x| x.date == date).unwrap().outcome;
    assert_eq!(on(d(2026, 4, 16)), DayOutcome::Paid);
    assert_eq!(on(d(2026, 4, 19)), DayOutcome::Paid);
    assert_eq!(
        on(d(2026, 4, 20)),
        not_payable(NotPayableReason::AbleToWorkAfterLoss)
    );
    assert_eq!(
        on(d(2026, 4, 21)),
        not_payable(NotPayableReason::AbleToWorkAfterLoss)
    );
    assert_eq!(s.days_paid, 11); // 4/9 – 4/19
}

#[test]
fn no_continued_benefit_under_one_year_or_when_working_on_the_last_day() {
    let mut claim = claim_300k(off_days(d(2026, 4, 6), 14));
    claim.loss_of_eligibility = loss(d(2026, 4, 16), false);
    let s = schedule(&claim, KYOKAI_KENPO_FALLBACK).unwrap();
    assert_eq!(
        s.days.last().unwrap().outcome,
        not_payable(NotPayableReason::NotEntitledAfterLoss)
    );
    assert_eq!(s.days_paid, 7); // 4/9 – 4/15

    // Worked on the last insured day (4/15): not entitled after the loss.
    let mut days = off_days(d(2026, 4, 6), 14);
    days[9] = SickDay::worked(d(2026, 4, 15));
    let mut claim = claim_300k(days);
    claim.loss_of_eligibility = loss(d(2026, 4, 16), true);
    let s = schedule(&claim, KYOKAI_KENPO_FALLBACK).unwrap();
    assert_eq!(
        s.days.last().unwrap().outcome,
        not_payable(NotPayableReason::NotEntitledAfterLoss)
    );
}

#[test]
fn old_age_pension_only_in_continued_benefit() {
    // 第108条5項: 老齢年金 1,800,000 ÷ 360 = 5,000 deducted after the loss date only.
    let mut claim = claim_300k(off_days(d(2026, 4, 6), 12));
    claim.loss_of_eligibility = loss(d(2026, 4, 16), true);
    claim.old_age_pension = Some(AnnualPension {
        from: d(2026, 1, 1),
        annual: Yen::new(1_800_000),
    });
    let s = schedule(&claim, KYOKAI_KENPO_FALLBACK).unwrap();
    let on = |date: NaiveDate| s.days.iter().find(|x| x.date == date).unwrap().amount;
    assert_eq!(on(d(2026, 4, 15)), Yen::new(6_667));
    assert_eq!(on(d(2026, 4, 16)), Yen::new(1_667));
}

#[test]
fn bad_claims_are_typed_errors() {
    let mut days = off_days(d(2026, 4, 6), 3);
    days.swap(1, 2);
    assert!(matches!(
        schedule(&claim_300k(days), KYOKAI_KENPO_FALLBACK),
        Err(SicknessAllowanceError::DaysNotAscending { index: 2, .. })
    ));
    let mut days = off_days(d(2026, 4, 6), 3);
    days[1].pay = Yen::new(-1);
    assert_eq!(
        schedule(&claim_300k(days), KYOKAI_KENPO_FALLBACK),
        Err(SicknessAllowanceError::NegativeAmount {
            index: 1,
            date: d(2026, 4, 7),
            field: "pay"
        })
    );
    let mut claim = claim_300k(off_days(d(2026, 4, 6), 3));
    claim.disability_pension = Some(AnnualPension {
        from: d(2026, 4, 6),
        annual: Yen::new(-5),
    });
    assert!(matches!(
        schedule(&claim, KYOKAI_KENPO_FALLBACK),
        Err(SicknessAllowanceError::NegativeInput { .. })
    ));
    // Payable days outside the history are reported, not panicked on.
    let claim = SicknessClaim {
        days: off_days(d(2030, 1, 1), 4),
        history: history(ym(2026, 12), 12, 300_000),
        ..SicknessClaim::default()
    };
    assert!(matches!(
        schedule(&claim, KYOKAI_KENPO_FALLBACK),
        Err(SicknessAllowanceError::NotInsuredInStartMonth { .. })
    ));
}

#[test]
fn schedule_round_trips_through_serde() {
    let s = schedule(
        &claim_300k(off_days(d(2026, 4, 10), 4)),
        KYOKAI_KENPO_FALLBACK,
    )
    .unwrap();
    let json = serde_json::to_string(&s).unwrap();
    let back: SicknessSchedule = serde_json::from_str(&json).unwrap();
    assert_eq!(back, s);
}

#[test]
fn continued_benefit_claimed_in_a_later_application() {
    // A claim for May after a loss on 2026-04-16, entitlement decided earlier: the first day
    // continues the April decision; a gap on 5/4 inside the claim ends the continued benefit.
    let mut days = off_days(d(2026, 5, 1), 3);
    days.extend(off_days(d(2026, 5, 5), 2));
    let mut claim = claim_300k(days);
    claim.earlier = Some(EarlierPayments {
        first_payment_day: d(2026, 4, 9),
        days_paid: 22,
    });
    claim.loss_of_eligibility = Some(LossOfEligibility {
        loss_date: d(2026, 4, 16),
        insured_one_year_before_loss: true,
        entitled_on_last_day: Some(true),
    });
    let s = schedule(&claim, KYOKAI_KENPO_FALLBACK).unwrap();
    assert_eq!(
        outcomes(&s),
        vec![
            DayOutcome::Paid,
            DayOutcome::Paid,
            DayOutcome::Paid,
            not_payable(NotPayableReason::AbleToWorkAfterLoss),
            not_payable(NotPayableReason::AbleToWorkAfterLoss),
        ]
    );
    assert_eq!(s.days_paid_cumulative, 25);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn day_strategy() -> impl Strategy<Value = (bool, i64, i64)> {
        // (worked, pay, 労災): mostly days off, some pay.
        (
            prop::bool::weighted(0.1),
            prop_oneof![Just(0i64), 0i64..12_000],
            prop_oneof![Just(0i64), 0i64..8_000],
        )
    }

    proptest! {
        #[test]
        fn no_day_pays_more_than_the_daily_amount_nor_less_than_zero(
            specs in prop::collection::vec(day_strategy(), 1..80),
            amount in 58_000i64..1_390_000,
        ) {
            let days: Vec<SickDay> = d(2026, 4, 1)
                .iter_days()
                .zip(&specs)
                .map(|(date, (worked, pay, comp))| SickDay {
                    work: if *worked { Work::Worked } else { Work::Off },
                    pay: Yen::new(*pay),
                    workers_compensation: Yen::new(*comp),
                    ..SickDay::off(date)
                })
                .collect();
            let claim = SicknessClaim {
                days,
                history: history(ym(2026, 12), 24, amount),
                ..SicknessClaim::default()
            };
            let s = schedule(&claim, KYOKAI_KENPO_FALLBACK).unwrap();
            let daily = s.daily_amount.as_ref().map_or(Yen::ZERO, |a| a.amount);
            for x in &s.days {
                prop_assert!(x.amount >= Yen::ZERO && x.amount <= daily);
                prop_assert_eq!(x.amount > Yen::ZERO, matches!(x.outcome, DayOutcome::Paid | DayOutcome::Reduced));
            }
            prop_assert_eq!(s.total, s.days.iter().map(|x| x.amount).sum::<Yen>());
            prop_assert!(s.total <= daily.times(i64::from(s.days_paid)));
        }
    }
}
