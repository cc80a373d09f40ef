use super::*;
use crate::calendar::date;

fn y(v: i64) -> Yen {
    Yen::new(v)
}
fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}
fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    date(y, m, day).unwrap()
}
fn pay(month: YearMonth, base_days: u8, amount: i64) -> MonthPay {
    MonthPay {
        month,
        base_days,
        amount: y(amount),
        partial_period: false,
    }
}
fn grade(n: u8) -> Grade {
    Grade::from_number(n).unwrap()
}

/// 健康保険法 第40条1項, docs/SOURCES.md §1.1: every boundary at −1 yen and at the exact yen, all 50 grades.
#[test]
fn every_grade_boundary_minus_one_and_exact() {
    assert_eq!(HEALTH_GRADES.rows.len(), 50);
    assert_eq!(HEALTH_GRADES.effective_from, d(2016, 4, 1));
    for (i, row) in HEALTH_GRADES.rows.iter().enumerate() {
        assert_eq!(usize::from(row.number), i + 1);
        if let Some(lower) = row.lower {
            assert_eq!(grade_for_monthly_remuneration(lower).number, row.number);
            assert_eq!(
                grade_for_monthly_remuneration(lower - y(1)).number,
                row.number - 1,
                "grade {} lower bound − 1",
                row.number
            );
        }
        if let Some(upper) = row.upper {
            assert_eq!(
                grade_for_monthly_remuneration(upper - y(1)).number,
                row.number
            );
            assert_eq!(grade_for_monthly_remuneration(upper).number, row.number + 1);
        }
        assert_eq!(
            Grade::from_standard_monthly(row.standard_monthly),
            Ok(row.grade())
        );
        // contiguous table
        if let Some(next) = HEALTH_GRADES.rows.get(i + 1) {
            assert_eq!(row.upper, next.lower);
            assert!(row.standard_monthly < next.standard_monthly);
        }
    }
}

/// docs/SOURCES.md §10 worked values: 62,999 / 63,000 and 1,354,999 / 1,355,000.
#[test]
fn worked_table_values_and_ends() {
    assert_eq!(
        grade_for_monthly_remuneration(y(62_999)).standard_monthly,
        y(58_000)
    );
    assert_eq!(
        grade_for_monthly_remuneration(y(63_000)).standard_monthly,
        y(68_000)
    );
    assert_eq!(
        grade_for_monthly_remuneration(y(1_354_999)).standard_monthly,
        y(1_330_000)
    );
    assert_eq!(
        grade_for_monthly_remuneration(y(1_355_000)).standard_monthly,
        y(1_390_000)
    );
    assert_eq!(grade_for_monthly_remuneration(y(0)).number, 1);
    assert_eq!(grade_for_monthly_remuneration(y(-5)).number, 1);
    assert_eq!(grade_for_monthly_remuneration(y(i64::MAX)).number, 50);
    assert_eq!(Grade::from_standard_monthly(y(300_000)).unwrap().number, 22);
    assert!(Grade::from_standard_monthly(y(300_001)).is_err());
    assert!(Grade::from_number(0).is_err());
    assert!(Grade::from_number(51).is_err());
    assert!(grade_table_for(ym(2016, 3)).is_err());
}

#[test]
fn grade_serde_validates() {
    let g = grade(22);
    let json = serde_json::to_string(&g).unwrap();
    assert_eq!(json, r#"{"number":22,"standard_monthly":300000}"#);
    assert_eq!(serde_json::from_str::<Grade>(&json).unwrap(), g);
    assert!(serde_json::from_str::<Grade>(r#"{"number":22,"standard_monthly":310000}"#).is_err());
    assert!(serde_json::from_str::<Grade>(r#"{"number":60,"standard_monthly":300000}"#).is_err());
}

/// 法42条: acquired in May → valid to August of the same year; in June → August of the next.
#[test]
fn acquisition_validity() {
    let may = decide_at_acquisition(
        d(2026, 5, 31),
        AcquisitionRemuneration::Monthly { amount: y(300_000) },
    )
    .unwrap();
    assert_eq!(may.grade.number, 22);
    assert_eq!(
        (may.effective_from, may.valid_through),
        (ym(2026, 5), ym(2026, 8))
    );
    let june = decide_at_acquisition(
        d(2026, 6, 1),
        AcquisitionRemuneration::Monthly { amount: y(300_000) },
    )
    .unwrap();
    assert_eq!(june.valid_through, ym(2027, 8));
    // Weekly pay 70,000 for 7 days → 300,000 per 30 days.
    let weekly = decide_at_acquisition(
        d(2026, 10, 1),
        AcquisitionRemuneration::PerPeriod {
            amount: y(70_000),
            period_days: 7,
        },
    )
    .unwrap();
    assert_eq!(weekly.monthly_remuneration, Some(y(300_000)));
    assert!(decide_at_acquisition(
        d(2026, 10, 1),
        AcquisitionRemuneration::PerPeriod {
            amount: y(70_000),
            period_days: 0,
        },
    )
    .is_err());
}

fn regular(worker: WorkerKind, months: Vec<MonthPay>) -> RegularDeterminationInput {
    RegularDeterminationInput {
        year: 2026,
        worker,
        acquired_on: d(2020, 4, 1),
        previous: Some(grade(20)),
        revision_effective_from: None,
        months,
    }
}

fn decided(o: RegularOutcome) -> StandardDecision {
    match o {
        RegularOutcome::Decided(d) => d,
        other => panic!("not decided: {other:?}"),
    }
}

/// 法41条: all three months count; average ÷ 3; applies September to next August.
#[test]
fn regular_determination_three_months() {
    let r = decided(
        regular_determination(&regular(
            WorkerKind::Regular,
            vec![
                pay(ym(2026, 4), 30, 290_000),
                pay(ym(2026, 5), 31, 300_000),
                pay(ym(2026, 6), 30, 311_000),
            ],
        ))
        .unwrap(),
    );
    // (290,000 + 300,000 + 311,000) / 3 = 300,333.33 → 300,333 → grade 22 (300,000)
    assert_eq!(r.monthly_remuneration, Some(y(300_333)));
    assert_eq!(r.grade.standard_monthly, y(300_000));
    assert_eq!(
        (r.effective_from, r.valid_through),
        (ym(2026, 9), ym(2027, 8))
    );
    assert_eq!(r.months_used.len(), 3);
}

/// 法41条1項: a month below 17 days is dropped and the divisor is the months kept.
#[test]
fn regular_determination_drops_short_months() {
    let r = decided(
        regular_determination(&regular(
            WorkerKind::Regular,
            vec![
                pay(ym(2026, 4), 31, 300_000),
                pay(ym(2026, 5), 16, 100_000),
                pay(ym(2026, 6), 17, 320_000),
            ],
        ))
        .unwrap(),
    );
    assert_eq!(r.months_used, vec![ym(2026, 4), ym(2026, 6)]);
    assert_eq!(
        r.months_dropped,
        vec![DroppedMonth {
            month: ym(2026, 5),
            reason: DropReason::TooFewBaseDays {
                days: 16,
                threshold: 17
            }
        }]
    );
    assert_eq!(r.monthly_remuneration, Some(y(310_000)));
    assert_eq!(r.grade.number, 23);
    assert!(r.explanation.to_string().contains("dropped 2026-05"));
}

/// 短時間労働者: 11 days suffice; 10 do not.
#[test]
fn regular_determination_short_time_worker_11_days() {
    let r = decided(
        regular_determination(&regular(
            WorkerKind::ShortTimeWorker,
            vec![
                pay(ym(2026, 4), 11, 100_000),
                pay(ym(2026, 5), 10, 50_000),
                pay(ym(2026, 6), 12, 104_000),
            ],
        ))
        .unwrap(),
    );
    assert_eq!(r.months_used, vec![ym(2026, 4), ym(2026, 6)]);
    assert_eq!(r.monthly_remuneration, Some(y(102_000)));
}

/// 短時間就労者: 17-day months first; 15–16 only when none has 17; below 15 → keep previous.
#[test]
fn regular_determination_part_timer_fallback() {
    let with_17 = decided(
        regular_determination(&regular(
            WorkerKind::PartTimer,
            vec![
                pay(ym(2026, 4), 17, 150_000),
                pay(ym(2026, 5), 15, 120_000),
                pay(ym(2026, 6), 14, 100_000),
            ],
        ))
        .unwrap(),
    );
    assert_eq!(with_17.months_used, vec![ym(2026, 4)]);
    assert_eq!(
        with_17.months_dropped[0].reason,
        DropReason::PartTimerFallbackNotNeeded
    );
    let fallback = decided(
        regular_determination(&regular(
            WorkerKind::PartTimer,
            vec![
                pay(ym(2026, 4), 16, 130_000),
                pay(ym(2026, 5), 15, 120_000),
                pay(ym(2026, 6), 14, 100_000),
            ],
        ))
        .unwrap(),
    );
    assert_eq!(fallback.months_used, vec![ym(2026, 4), ym(2026, 5)]);
    assert_eq!(fallback.monthly_remuneration, Some(y(125_000)));
    let none = decided(
        regular_determination(&regular(
            WorkerKind::PartTimer,
            vec![pay(ym(2026, 4), 14, 130_000), pay(ym(2026, 5), 12, 120_000)],
        ))
        .unwrap(),
    );
    assert!(none.kept_previous);
    assert_eq!(none.grade, grade(20));
    assert!(none.explanation.to_string().contains("kept"));
}

#[test]
fn regular_determination_keeps_previous_or_fails_without_one() {
    let months = vec![
        pay(ym(2026, 4), 5, 30_000),
        pay(ym(2026, 5), 3, 20_000),
        pay(ym(2026, 6), 0, 0),
    ];
    let kept =
        decided(regular_determination(&regular(WorkerKind::Regular, months.clone())).unwrap());
    assert!(kept.kept_previous);
    assert_eq!(kept.months_dropped.len(), 3);
    let mut input = regular(WorkerKind::Regular, months);
    input.previous = None;
    assert_eq!(
        regular_determination(&input),
        Err(DecisionError::NoPreviousGrade)
    );
}

/// 法41条3項: acquired 1 June – 1 July, or revised from July–September, is excluded.
#[test]
fn regular_determination_exclusions() {
    let months = vec![pay(ym(2026, 6), 20, 300_000)];
    let mut input = regular(WorkerKind::Regular, months);
    for (acq, reason) in [
        (d(2026, 6, 1), RegularExclusion::AcquiredJuneToJuly1),
        (d(2026, 7, 1), RegularExclusion::AcquiredJuneToJuly1),
        (d(2026, 7, 2), RegularExclusion::NotEmployedOnJuly1),
    ] {
        input.acquired_on = acq;
        assert!(matches!(
            regular_determination(&input).unwrap(),
            RegularOutcome::Excluded { reason: r, .. } if r == reason
        ));
    }
    input.acquired_on = d(2026, 5, 31);
    assert!(matches!(
        regular_determination(&input).unwrap(),
        RegularOutcome::Decided(_)
    ));
    for m in [7, 8, 9] {
        input.revision_effective_from = Some(ym(2026, m));
        assert!(matches!(
            regular_determination(&input).unwrap(),
            RegularOutcome::Excluded {
                reason: RegularExclusion::RevisedInJulyToSeptember,
                ..
            }
        ));
    }
    input.revision_effective_from = Some(ym(2026, 6));
    assert!(matches!(
        regular_determination(&input).unwrap(),
        RegularOutcome::Decided(_)
    ));
}

/// Joined in mid-April: April's partial pay and March (before acquisition) are not used.
#[test]
fn regular_determination_mid_period_joiner() {
    let mut input = regular(
        WorkerKind::Regular,
        vec![
            MonthPay {
                partial_period: true,
                ..pay(ym(2026, 4), 17, 150_000)
            },
            pay(ym(2026, 5), 20, 280_000),
            pay(ym(2026, 6), 20, 280_000),
        ],
    );
    input.acquired_on = d(2026, 4, 10);
    let r = decided(regular_determination(&input).unwrap());
    assert_eq!(r.months_used, vec![ym(2026, 5), ym(2026, 6)]);
    assert_eq!(r.months_dropped[0].reason, DropReason::PartialPeriod);
    assert_eq!(r.grade.standard_monthly, y(280_000));
}

#[test]
fn regular_determination_rejects_bad_input() {
    let input = regular(WorkerKind::Regular, vec![pay(ym(2026, 7), 20, 1)]);
    assert!(matches!(
        regular_determination(&input),
        Err(DecisionError::MonthOutsideWindow {
            field: "months",
            ..
        })
    ));
    let input = regular(
        WorkerKind::Regular,
        vec![pay(ym(2026, 4), 20, 1), pay(ym(2026, 4), 20, 1)],
    );
    assert!(matches!(
        regular_determination(&input),
        Err(DecisionError::DuplicateMonth { .. })
    ));
    let input = regular(WorkerKind::Regular, vec![pay(ym(2026, 4), 32, 1)]);
    assert!(matches!(
        regular_determination(&input),
        Err(DecisionError::TooManyBaseDays { .. })
    ));
    let input = regular(WorkerKind::Regular, vec![pay(ym(2026, 4), 20, -1)]);
    assert!(matches!(
        regular_determination(&input),
        Err(DecisionError::NegativeAmount { .. })
    ));
}

fn occasional(
    current: u8,
    current_remuneration: Option<i64>,
    change: FixedWageChange,
    months: [(u8, i64); 3],
) -> RevisionOutcome {
    let first = ym(2026, 4);
    occasional_revision(&OccasionalRevisionInput {
        worker: WorkerKind::Regular,
        current: grade(current),
        current_remuneration: current_remuneration.map(y),
        change,
        first_month: first,
        months: months
            .iter()
            .enumerate()
            .map(|(i, (days, amount))| pay(first.add_months(i as i32), *days, *amount))
            .collect(),
    })
    .unwrap()
}

/// 法43条: 2 grades up after a raise → revised from the fourth month (July), valid to August.
#[test]
fn occasional_revision_accepted_for_two_grades() {
    // grade 20 (260,000) → average 300,000 → grade 22.
    let o = occasional(
        20,
        None,
        FixedWageChange::Increase,
        [(30, 300_000), (31, 300_000), (30, 300_000)],
    );
    let d = o.decision().unwrap();
    assert_eq!(d.grade.number, 22);
    assert_eq!(
        (d.effective_from, d.valid_through),
        (ym(2026, 7), ym(2027, 8))
    );
    // a revision effective in January–June runs to August of the same year
    let first = ym(2026, 1);
    let o = occasional_revision(&OccasionalRevisionInput {
        worker: WorkerKind::Regular,
        current: grade(20),
        current_remuneration: None,
        change: FixedWageChange::Increase,
        first_month: first,
        months: (0..3)
            .map(|i| pay(first.add_months(i), 20, 300_000))
            .collect(),
    })
    .unwrap();
    assert_eq!(o.decision().unwrap().valid_through, ym(2026, 8));
}

/// One grade only → refused; one short month (16 days) → refused even with a big change.
#[test]
fn occasional_revision_refused() {
    let one = occasional(
        20,
        None,
        FixedWageChange::Increase,
        [(30, 280_000), (31, 280_000), (30, 280_000)],
    );
    assert!(matches!(
        one,
        RevisionOutcome::NotRevised {
            reason: NoRevisionReason::LessThanTwoGrades { steps: 1 },
            ..
        }
    ));
    let short = occasional(
        20,
        None,
        FixedWageChange::Increase,
        [(30, 400_000), (16, 400_000), (30, 400_000)],
    );
    assert!(matches!(
        short,
        RevisionOutcome::NotRevised {
            reason: NoRevisionReason::ShortMonth {
                days: 16,
                threshold: 17,
                ..
            },
            ..
        }
    ));
    // a raise of fixed pay with a 2-grade fall (lost overtime) does not qualify
    let opposite = occasional(
        22,
        None,
        FixedWageChange::Increase,
        [(30, 260_000), (31, 260_000), (30, 260_000)],
    );
    assert!(matches!(
        opposite,
        RevisionOutcome::NotRevised {
            reason: NoRevisionReason::OppositeDirection { steps: -2 },
            ..
        }
    ));
    // a missing month is an input error
    assert!(matches!(
        occasional_revision(&OccasionalRevisionInput {
            worker: WorkerKind::Regular,
            current: grade(20),
            current_remuneration: None,
            change: FixedWageChange::Increase,
            first_month: ym(2026, 4),
            months: vec![pay(ym(2026, 4), 20, 1)],
        }),
        Err(DecisionError::MissingMonth { .. })
    ));
}

/// The 2-grade equivalents at the ends of the table (1,415,000 at the top, 53,000 at the bottom).
#[test]
fn occasional_revision_end_of_table_equivalents() {
    use FixedWageChange::*;
    let up_top = occasional(49, None, Increase, [(30, 1_415_000); 3]);
    assert_eq!(up_top.decision().unwrap().grade.number, 50);
    let up_top_short = occasional(49, None, Increase, [(30, 1_414_999); 3]);
    assert!(up_top_short.decision().is_none());
    let down_top = occasional(50, Some(1_415_000), Decrease, [(30, 1_300_000); 3]);
    assert_eq!(down_top.decision().unwrap().grade.number, 49);
    let down_top_no = occasional(50, Some(1_414_999), Decrease, [(30, 1_300_000); 3]);
    assert!(down_top_no.decision().is_none());
    let down_bottom = occasional(2, None, Decrease, [(30, 52_999); 3]);
    assert_eq!(down_bottom.decision().unwrap().grade.number, 1);
    let down_bottom_no = occasional(2, None, Decrease, [(30, 53_000); 3]);
    assert!(down_bottom_no.decision().is_none());
    let up_bottom = occasional(1, Some(52_999), Increase, [(30, 63_000); 3]);
    assert_eq!(up_bottom.decision().unwrap().grade.number, 2);
    let up_bottom_no = occasional(1, Some(53_000), Increase, [(30, 63_000); 3]);
    assert!(up_bottom_no.decision().is_none());
}

/// 法43条の2: one grade is enough; months below 17 days are dropped; applies from the fourth month.
#[test]
fn leave_end_revision_one_grade() {
    let input = LeaveEndRevisionInput {
        leave: EndedLeave::Childcare,
        leave_ended_on: d(2026, 5, 31),
        another_leave_follows: false,
        worker: WorkerKind::Regular,
        current: grade(22),
        months: vec![
            pay(ym(2026, 6), 10, 100_000),
            pay(ym(2026, 7), 31, 280_000),
            pay(ym(2026, 8), 31, 280_000),
        ],
    };
    let o = leave_end_revision(&input).unwrap();
    let d1 = o.decision().unwrap();
    assert_eq!(d1.grade.number, 21);
    assert_eq!(d1.kind, DecisionKind::ChildcareLeaveEnd);
    assert_eq!(d1.effective_from, ym(2026, 9));
    assert_eq!(d1.valid_through, ym(2027, 8));
    assert_eq!(d1.months_dropped.len(), 1);
    // same grade → no revision
    let mut same = input.clone();
    same.current = grade(21);
    assert!(matches!(
        leave_end_revision(&same).unwrap(),
        RevisionOutcome::NotRevised {
            reason: NoRevisionReason::NoChange,
            ..
        }
    ));
    let mut follows = input.clone();
    follows.leave = EndedLeave::Maternity;
    follows.another_leave_follows = true;
    assert!(matches!(
        leave_end_revision(&follows).unwrap(),
        RevisionOutcome::NotRevised {
            reason: NoRevisionReason::AnotherLeaveFollows,
            ..
        }
    ));
    // leave ending mid-month: the window starts with the month of the day after
    let mut mid = input;
    mid.leave_ended_on = d(2026, 6, 15);
    let mut mid_months = mid.months.clone();
    for (i, m) in mid_months.iter_mut().enumerate() {
        m.month = ym(2026, 6).add_months(i as i32);
        m.base_days = 20;
    }
    mid.months = mid_months;
    assert_eq!(
        leave_end_revision(&mid)
            .unwrap()
            .decision()
            .unwrap()
            .effective_from,
        ym(2026, 9)
    );
}

/// 法45条: 1,000-yen floor; the bonus crossing 5,730,000 is cut; later ones in the fiscal year get 0.
#[test]
fn bonus_cap_crossing() {
    let b = |m, day, amount| BonusPayment {
        paid_on: d(2026, m, day),
        amount: y(amount),
    };
    let out = standard_bonuses(&[
        b(12, 10, 3_000_999),
        b(7, 10, 2_500_500),
        BonusPayment {
            paid_on: d(2027, 3, 15),
            amount: y(400_000),
        },
        BonusPayment {
            paid_on: d(2027, 4, 15),
            amount: y(400_000),
        },
    ])
    .unwrap();
    assert_eq!(out[0].standard, y(2_500_000));
    assert!(!out[0].capped);
    assert_eq!(out[1].standard, y(3_000_000));
    assert_eq!(out[1].cumulative, y(5_500_000));
    assert_eq!(out[2].standard, y(230_000));
    assert!(out[2].capped);
    assert_eq!(out[2].cumulative, y(5_730_000));
    // next fiscal year starts again
    assert_eq!(out[3].standard, y(400_000));
    assert_eq!(out[3].cumulative, y(400_000));
    let after = standard_bonus(b(12, 20, 100_000), y(5_730_000)).unwrap();
    assert_eq!(after.standard, Yen::ZERO);
    assert!(after.capped);
    assert_eq!(
        standard_bonus(b(6, 1, 999), Yen::ZERO).unwrap().standard,
        Yen::ZERO
    );
    assert!(standard_bonus(b(6, 1, -1), Yen::ZERO).is_err());
    assert_eq!(
        annual_bonus_cap_on(d(2016, 3, 31)).unwrap().cap,
        y(5_400_000)
    );
    assert_eq!(
        annual_bonus_cap_on(d(2016, 4, 1)).unwrap().cap,
        y(5_730_000)
    );
    assert!(standard_bonus(
        BonusPayment {
            paid_on: d(2007, 3, 31),
            amount: y(1)
        },
        Yen::ZERO
    )
    .is_err());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any 報酬月額 falls inside the bounds of the grade it maps to, and the grade never goes
        /// down as the amount goes up.
        #[test]
        fn lookup_is_contained_and_monotonic(a in 0i64..2_000_000, b in 0i64..2_000_000) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let g = grade_for_monthly_remuneration(y(lo));
            prop_assert!(g.row().unwrap().contains(y(lo)));
            prop_assert!(g.number <= grade_for_monthly_remuneration(y(hi)).number);
        }

        /// The standard bonus is a multiple of 1,000, never above the bonus, and the cumulative
        /// never passes the cap.
        #[test]
        fn standard_bonus_bounds(amount in 0i64..10_000_000, before in 0i64..6_000_000) {
            let b = standard_bonus(
                BonusPayment { paid_on: d(2026, 7, 1), amount: y(amount) },
                y(before),
            ).unwrap();
            prop_assert_eq!(b.standard.get() % 1000 == 0 || b.capped, true);
            prop_assert!(b.standard <= y(amount));
            prop_assert!(b.cumulative <= y(5_730_000).max(y(before)));
        }
    }
}
