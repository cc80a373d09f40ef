use super::*;
use crate::calendar::date;
use crate::premium::{PartKind, PaymentMethod, PremiumPayer};
use rust_decimal_macros::dec;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    date(y, m, day).unwrap()
}
fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}
fn g(amount: i64) -> Grade {
    Grade::from_standard_monthly(Yen::new(amount)).unwrap()
}

fn application(
    insured_since: NaiveDate,
    loss: NaiveDate,
    received: NaiveDate,
) -> VoluntaryApplication {
    VoluntaryApplication {
        loss_date: loss,
        insured_since,
        received_on: received,
        delay_accepted: false,
        excluded: None,
    }
}

fn outcome(a: &VoluntaryApplication) -> ApplicationOutcome {
    decide_application(a, Explain::Steps).unwrap().outcome
}

/// 法3条4項: two continuous months up to the day before the loss. Insured from 2026-02-01: the
/// two months end on 2026-03-31 (民法143条), so a loss on 2026-04-01 (left on 03-31) qualifies and
/// a loss on 2026-03-31 (left on 03-30) does not.
#[test]
fn two_months_insured_before_the_loss() {
    let a = application(d(2026, 2, 1), d(2026, 4, 1), d(2026, 4, 3));
    assert_eq!(
        outcome(&a),
        ApplicationOutcome::Eligible {
            acquired_on: d(2026, 4, 1),
            two_years_end: d(2028, 4, 1),
        }
    );
    let short = application(d(2026, 2, 1), d(2026, 3, 31), d(2026, 4, 3));
    assert_eq!(
        outcome(&short),
        ApplicationOutcome::NotEligible {
            reason: NotEligible::InsuredUnderTwoMonths
        }
    );
    // Insured from 2026-02-15: complete on 2026-04-14, so the loss must be 2026-04-15 or later.
    assert_eq!(
        decide_application(
            &application(d(2026, 2, 15), d(2026, 4, 15), d(2026, 4, 15)),
            Explain::Steps
        )
        .unwrap()
        .two_months_complete_on,
        d(2026, 4, 14)
    );
    assert!(matches!(
        outcome(&application(d(2026, 2, 15), d(2026, 4, 14), d(2026, 4, 15))),
        ApplicationOutcome::NotEligible { .. }
    ));
}

/// 法37条1項: within 20 days of the loss date, the loss date being day 1 (協会けんぽ: 退職日の翌日
/// から20日以内; loss 04-01 → 04-20). Later only for a 正当な理由 the insurer accepts.
#[test]
fn application_within_20_days() {
    let on_time = application(d(2025, 4, 1), d(2026, 4, 1), d(2026, 4, 20));
    let decided = decide_application(&on_time, Explain::Steps).unwrap();
    assert_eq!(decided.deadline, d(2026, 4, 20));
    assert!(matches!(
        decided.outcome,
        ApplicationOutcome::Eligible { .. }
    ));
    let mut late = application(d(2025, 4, 1), d(2026, 4, 1), d(2026, 4, 21));
    assert_eq!(
        outcome(&late),
        ApplicationOutcome::NotEligible {
            reason: NotEligible::LateApplication
        }
    );
    late.delay_accepted = true;
    assert!(matches!(
        outcome(&late),
        ApplicationOutcome::Eligible { .. }
    ));
    // An application received before the loss is in time.
    assert!(matches!(
        outcome(&application(d(2025, 4, 1), d(2026, 4, 1), d(2026, 3, 20))),
        ApplicationOutcome::Eligible { .. }
    ));
    // 法3条4項ただし書.
    let mut elderly = on_time;
    elderly.excluded = Some(Exclusion::LateElderlyMedical);
    assert_eq!(
        outcome(&elderly),
        ApplicationOutcome::NotEligible {
            reason: NotEligible::Excluded(Exclusion::LateElderlyMedical)
        }
    );
    // Bad dates are a typed error naming the field.
    let bad = application(d(2026, 4, 1), d(2026, 4, 1), d(2026, 4, 2));
    assert_eq!(
        decide_application(&bad, Explain::Steps).unwrap_err(),
        VoluntaryError::InvalidDates {
            field: "insured_since",
            problem: "is not before loss_date"
        }
    );
}

/// 法38条1号: from 2026-04-01 the two years end on 2028-03-31 and the status is lost on
/// 2028-04-01; the last premium month is March 2028 (24 months). From 29 February the period
/// ends on the last day of February (民法143条).
#[test]
fn two_years_and_the_last_premium_month() {
    let born = d(1970, 8, 1);
    let l = decide_loss(d(2026, 4, 1), born, &[], Explain::Steps).unwrap();
    assert_eq!(l.reason, VoluntaryLossReason::TwoYears);
    assert_eq!(l.loss_date, d(2028, 4, 1));
    assert_eq!(l.last_premium_month, Some(ym(2028, 3)));
    assert_eq!(ym(2026, 4).months_until(ym(2028, 3)) + 1, 24);
    assert_eq!(two_years_end(d(2024, 2, 29)).unwrap(), d(2026, 3, 1));
    assert_eq!(two_years_end(d(2024, 1, 15)).unwrap(), d(2026, 1, 15));
}

/// 法38条2号–7号 and 法37条2項, each with its loss date and last premium month.
#[test]
fn each_cause_of_loss() {
    let acquired = d(2026, 4, 1);
    let born = d(1970, 8, 1);
    let loss = |e: VoluntaryEvent| decide_loss(acquired, born, &[e], Explain::Steps).unwrap();
    // Death on 09-15: lost on 09-16; September is the loss month, so August is the last.
    let l = loss(VoluntaryEvent::Death {
        date: d(2026, 9, 15),
    });
    assert_eq!(
        (l.reason, l.loss_date, l.last_premium_month),
        (
            VoluntaryLossReason::Death,
            d(2026, 9, 16),
            Some(ym(2026, 8))
        )
    );
    // July's premium unpaid by 07-10 (法164条1項): lost on 07-11, June the last month.
    let l = loss(VoluntaryEvent::NonPayment { month: ym(2026, 7) });
    assert_eq!(
        (l.reason, l.loss_date, l.last_premium_month),
        (
            VoluntaryLossReason::NonPayment,
            d(2026, 7, 11),
            Some(ym(2026, 6))
        )
    );
    // The first premium unpaid: never a 任意継続被保険者 (法37条2項).
    let l = loss(VoluntaryEvent::NonPayment { month: ym(2026, 4) });
    assert_eq!(
        (l.reason, l.loss_date, l.last_premium_month),
        (VoluntaryLossReason::FirstPremiumUnpaid, acquired, None)
    );
    // Employed again on 2026-10-01: lost that day; September is the last month.
    let l = loss(VoluntaryEvent::BecameInsured {
        date: d(2026, 10, 1),
    });
    assert_eq!(
        (l.loss_date, l.last_premium_month),
        (d(2026, 10, 1), Some(ym(2026, 9)))
    );
    // Employed again on 2026-04-20, in the acquisition month: April is still charged (同月得喪).
    let l = loss(VoluntaryEvent::BecameInsured {
        date: d(2026, 4, 20),
    });
    assert_eq!(l.last_premium_month, Some(ym(2026, 4)));
    // The MHLW Q&A (令和3年11月事務連絡): a withdrawal received on 3月5日 → lost on 4月1日,
    // March's premium still due.
    let l = loss(VoluntaryEvent::Withdrawal {
        received_on: d(2027, 3, 5),
    });
    assert_eq!(
        (l.reason, l.loss_date, l.last_premium_month),
        (
            VoluntaryLossReason::Withdrawal,
            d(2027, 4, 1),
            Some(ym(2027, 3))
        )
    );
    // Not before 2022-01-01.
    assert_eq!(
        decide_loss(
            d(2021, 4, 1),
            born,
            &[VoluntaryEvent::Withdrawal {
                received_on: d(2021, 12, 20)
            }],
            Explain::Steps
        )
        .unwrap_err(),
        VoluntaryError::WithdrawalBeforeAmendment {
            received_on: d(2021, 12, 20)
        }
    );
    // The earliest cause wins.
    let both = decide_loss(
        acquired,
        born,
        &[
            VoluntaryEvent::Death {
                date: d(2027, 1, 3),
            },
            VoluntaryEvent::Withdrawal {
                received_on: d(2026, 11, 30),
            },
        ],
        Explain::Steps,
    )
    .unwrap();
    assert_eq!(
        (both.reason, both.loss_date),
        (VoluntaryLossReason::Withdrawal, d(2026, 12, 1))
    );
    assert!(both.explanation.to_string().contains("第38条7号"));
}

/// 法38条6号: born 1952-05-20, 75 on 2027-05-20: lost that day, April 2027 the last month.
#[test]
fn the_75th_birthday_ends_the_status() {
    let l = decide_loss(d(2026, 4, 1), d(1952, 5, 20), &[], Explain::Steps).unwrap();
    assert_eq!(l.reason, VoluntaryLossReason::LateElderly);
    assert_eq!(l.loss_date, d(2027, 5, 20));
    assert_eq!(l.last_premium_month, Some(ym(2027, 4)));
}

fn society(extra: &str) -> SocietyConfig {
    SocietyConfig::from_toml_str(&format!(
        "name = \"t\"\n[[rates]]\neffective_from = \"2015-03\"\nvalue = {{ general = \"98.5‰\", care = \"16.2‰\" }}\n{extra}"
    ))
    .unwrap()
}

const FY2026: &str = "[[voluntary_continuation]]\neffective_from = \"2026-04\"\nvalue = { ceiling = 320000, average = 318100 }";

/// 法47条1項: the lesser of the standard at loss and the society's figure. 協会けんぽ FY2026: the
/// average of 30 September 2025 was 318,100 → 第23級 320,000 (「令和8年度の任意継続被保険者の標準
/// 報酬月額の上限について」).
#[test]
fn the_lesser_of_the_standard_at_loss_and_the_society_figure() {
    let c = society(FY2026);
    let m = |standard| VoluntaryMembership {
        acquired_on: d(2026, 4, 1),
        standard_at_loss: g(standard),
    };
    let s = standard_monthly(&c, &m(500_000), ym(2026, 4), Explain::Steps).unwrap();
    assert_eq!(
        (s.grade.standard_monthly, s.basis),
        (Yen::new(320_000), StandardBasis::SocietyFigure)
    );
    let s = standard_monthly(&c, &m(260_000), ym(2026, 4), Explain::Steps).unwrap();
    assert_eq!(
        (s.grade.standard_monthly, s.basis),
        (Yen::new(260_000), StandardBasis::AtLoss)
    );
    // No entry for March 2026: a typed error naming the month.
    assert_eq!(
        standard_monthly(&c, &m(500_000), ym(2026, 3), Explain::Steps).unwrap_err(),
        VoluntaryError::NoSocietyFigure { month: ym(2026, 3) }
    );
    // A new April entry moves the cap for members already insured (no 定時決定).
    let c = society(&format!("{FY2026}\n[[voluntary_continuation]]\neffective_from = \"2027-04\"\nvalue = {{ ceiling = 340000 }}"));
    let s = standard_monthly(&c, &m(500_000), ym(2027, 4), Explain::Steps).unwrap();
    assert_eq!(s.grade.standard_monthly, Yen::new(340_000));
}

/// 法47条2項 (from 2022-01-01): the 規約 may keep the standard at loss, or a figure between, for
/// the members it names (e.g. JVCケンウッド健保: 「退職時の標準報酬月額」 for those acquiring from
/// 2022-04-01).
#[test]
fn the_2022_society_rule_above_the_figure() {
    let keep = society("[[voluntary_continuation]]\neffective_from = \"2022-04\"\nvalue = { ceiling = 300000, above_ceiling = { acquired_from = \"2022-04-01\" } }");
    let member = |acquired, standard| VoluntaryMembership {
        acquired_on: acquired,
        standard_at_loss: g(standard),
    };
    let s = standard_monthly(
        &keep,
        &member(d(2022, 4, 1), 500_000),
        ym(2022, 5),
        Explain::Steps,
    )
    .unwrap();
    assert_eq!(
        (s.grade.standard_monthly, s.basis),
        (Yen::new(500_000), StandardBasis::AtLossByRules)
    );
    // Acquired before the 規約's date: still capped.
    let s = standard_monthly(
        &keep,
        &member(d(2022, 3, 1), 500_000),
        ym(2022, 5),
        Explain::Steps,
    )
    .unwrap();
    assert_eq!(
        (s.grade.standard_monthly, s.basis),
        (Yen::new(300_000), StandardBasis::SocietyFigure)
    );
    // A figure between: 410,000.
    let between = society("[[voluntary_continuation]]\neffective_from = \"2022-04\"\nvalue = { ceiling = 300000, above_ceiling = { up_to = 410000 } }");
    let s = standard_monthly(
        &between,
        &member(d(2023, 4, 1), 500_000),
        ym(2023, 4),
        Explain::Steps,
    )
    .unwrap();
    assert_eq!(
        (s.grade.standard_monthly, s.basis),
        (Yen::new(410_000), StandardBasis::RulesFigure)
    );
    let s = standard_monthly(
        &between,
        &member(d(2023, 4, 1), 380_000),
        ym(2023, 4),
        Explain::Steps,
    )
    .unwrap();
    assert_eq!(
        (s.grade.standard_monthly, s.basis),
        (Yen::new(380_000), StandardBasis::AtLossByRules)
    );
}

#[test]
fn configuration_is_validated() {
    let err = |extra: &str| {
        let text = format!(
            "name = \"t\"\n[[rates]]\neffective_from = \"2015-03\"\nvalue = {{ general = \"98.5‰\", care = \"16.2‰\" }}\n{extra}"
        );
        match SocietyConfig::from_toml_str(&text) {
            Err(ConfigError::Invalid { key, problem }) => (key, problem),
            other => panic!("expected Invalid, got {other:?}"),
        }
    };
    let (key, problem) = err(
        "[[voluntary_continuation]]\neffective_from = \"2026-04\"\nvalue = { ceiling = 321000 }",
    );
    assert_eq!(key, "voluntary_continuation[0].value.ceiling");
    assert_eq!(
        problem,
        ConfigProblem::NotAStandardAmount {
            amount: Yen::new(321_000)
        }
    );
    // 318,100 → 第23級 320,000: a ceiling of 340,000 is above it.
    let (key, _) = err("[[voluntary_continuation]]\neffective_from = \"2026-04\"\nvalue = { ceiling = 340000, average = 318100 }");
    assert_eq!(key, "voluntary_continuation[0].value.ceiling");
    let (key, problem) = err("[[voluntary_continuation]]\neffective_from = \"2021-04\"\nvalue = { ceiling = 300000, above_ceiling = {} }");
    assert_eq!(key, "voluntary_continuation[0].value.above_ceiling");
    assert!(matches!(problem, ConfigProblem::BeforeLaw { .. }));
    let (key, _) = err("[[voluntary_continuation]]\neffective_from = \"2022-04\"\nvalue = { ceiling = 300000, above_ceiling = { up_to = 300000 } }");
    assert_eq!(key, "voluntary_continuation[0].value.above_ceiling.up_to");
    assert!(SocietyConfig::from_toml_str("name = \"t\"\n[[rates]]\neffective_from = \"2015-03\"\nvalue = { general = \"98.5‰\", care = \"16.2‰\" }\n[[voluntary_continuation]]\neffective_from = \"2026-04\"\nvalue = { ceiling = 320000, bogus = 1 }").is_err());
}

/// The whole premium, 支援金 included, no employer share (法161条1項ただし書). 協会けんぽ 東京
/// FY2026 as a configuration: 320,000 × (9.85 % + 1.62 % + 0.23 %) = 37,440, of which the 支援金
/// 736 (not halved). sckenpo.or.jp's example: 380,000 × 0.23 % = 874 for a 任意継続 member.
#[test]
fn the_member_pays_the_whole_premium() {
    let tokyo = SocietyConfig::from_toml_str(&format!(
        "name = \"東京\"\n[[rates]]\neffective_from = \"2026-03\"\nvalue = {{ general = \"9.85%\", care = \"1.62%\" }}\n{FY2026}"
    ))
    .unwrap();
    let member = VoluntaryMembership {
        acquired_on: d(2026, 4, 1),
        standard_at_loss: g(410_000),
    };
    let person = PremiumSubject::new(d(1980, 6, 15), PaymentMethod::WageDeduction);
    let p = monthly_premium(&tokyo, &member, ym(2026, 4), &person, Explain::Steps).unwrap();
    assert_eq!(p.standard.grade.standard_monthly, Yen::new(320_000));
    assert_eq!(p.premium.total, dec!(37440));
    assert_eq!(p.premium.employee, Yen::new(37_440));
    assert_eq!(p.premium.employer, Decimal::ZERO);
    assert_eq!(p.premium.payer, PremiumPayer::InsuredAlone);
    assert_eq!(
        p.premium.part(PartKind::Support).unwrap().employee_exact,
        dec!(736)
    );
    assert_eq!(p.due_date, d(2026, 4, 10));
    let member = VoluntaryMembership {
        acquired_on: d(2026, 4, 1),
        standard_at_loss: g(380_000),
    };
    let c = society(
        "[[voluntary_continuation]]\neffective_from = \"2026-04\"\nvalue = { ceiling = 380000 }",
    );
    let p = monthly_premium(&c, &member, ym(2026, 5), &person, Explain::Steps).unwrap();
    assert_eq!(p.premium.part(PartKind::Support).unwrap().amount, dec!(874));
    assert_eq!(
        p.premium.part(PartKind::Support).unwrap().employee_exact,
        dec!(874)
    );
    // A month before the acquisition is refused.
    assert!(matches!(
        monthly_premium(&c, &member, ym(2026, 3), &person, Explain::Steps),
        Err(VoluntaryError::InvalidDates { field: "month", .. })
    ));
}

/// The cash rule at x.50 and x.70 (通貨の単位及び貨幣の発行等に関する法律 第3条), under 40 (no 介護):
/// 150,000 × (92.35‰ + 2.3‰) = 14,197.5 → 14,198 (withheld from pay it would be 14,197);
/// 58,000 × 94.65‰ = 5,489.7 → 5,490.
#[test]
fn the_whole_premium_is_rounded_by_the_cash_rule() {
    let c = SocietyConfig::from_toml_str(
        "name = \"t\"\n[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"92.35‰\", care = \"18‰\" }\n[[voluntary_continuation]]\neffective_from = \"2026-04\"\nvalue = { ceiling = 380000 }",
    )
    .unwrap();
    let young = PremiumSubject::new(d(1995, 6, 15), PaymentMethod::WageDeduction);
    let at = |standard| {
        let member = VoluntaryMembership {
            acquired_on: d(2026, 4, 1),
            standard_at_loss: g(standard),
        };
        monthly_premium(&c, &member, ym(2026, 4), &young, Explain::Steps)
            .unwrap()
            .premium
    };
    let p = at(150_000);
    assert_eq!(p.total, dec!(14197.5));
    assert_eq!(p.employee, Yen::new(14_198));
    assert_eq!(at(58_000).employee, Yen::new(5_490));
    assert!(p.explanation.to_string().contains("第161条1項ただし書"));
}

/// 前納 (法165条, 令49条), against 協会けんぽ 埼玉支部's published table of 平成27年度 前納保険料
/// (first month April, under 40): April at 9.94 %, May on at 9.93 % (the rate change reaches
/// 任意継続 with April's payment). 標準報酬月額 58,000: 1 to 12 months prepaid cost 5,746,
/// 11,468, 17,171, 22,856, 28,522, 34,170, 39,799, 45,410, 51,002, 56,576, 62,132, 67,670; and
/// 68,000: 6,737, 13,446, 20,132.
/// By hand for one month: 58,000 × 9.94 % = 5,765.2; ÷ 1.04^(1/12) (= 1.0032737) = 5,746.39 → 5,746.
#[test]
fn prepayment_matches_the_published_table() {
    let c = SocietyConfig::from_toml_str(
        "name = \"埼玉\"\n[[rates]]\neffective_from = \"2015-04\"\nvalue = { general = \"9.94%\", care = \"1.72%\" }\n[[rates]]\neffective_from = \"2015-05\"\nvalue = { general = \"9.93%\", care = \"1.58%\" }\n[[voluntary_continuation]]\neffective_from = \"2015-04\"\nvalue = { ceiling = 280000 }",
    )
    .unwrap();
    let young = PremiumSubject::new(d(1985, 6, 15), PaymentMethod::Cash);
    let months = |standard| -> Vec<PremiumBreakdown> {
        let member = VoluntaryMembership {
            acquired_on: d(2015, 4, 1),
            standard_at_loss: g(standard),
        };
        ym(2015, 4)
            .through(ym(2016, 3))
            .map(|m| {
                monthly_premium(&c, &member, m, &young, Explain::RuleOnly)
                    .unwrap()
                    .premium
            })
            .collect()
    };
    let table_58 = [
        5_746, 11_468, 17_171, 22_856, 28_522, 34_170, 39_799, 45_410, 51_002, 56_576, 62_132,
        67_670,
    ];
    let p58 = months(58_000);
    for (n, want) in table_58.iter().enumerate() {
        let got = prepayment(&p58[..=n], Explain::Steps).unwrap();
        assert_eq!(got.amount, Yen::new(*want), "{} months", n + 1);
        assert_eq!(got.months as usize, n + 1);
    }
    let p68 = months(68_000);
    for (n, want) in [6_737, 13_446, 20_132].iter().enumerate() {
        assert_eq!(
            prepayment(&p68[..=n], Explain::Steps).unwrap().amount,
            Yen::new(*want)
        );
    }
    let year = prepayment(&p58, Explain::Steps).unwrap();
    assert_eq!(year.total, dec!(5765.2) + dec!(5759.4) * dec!(11));
    assert_eq!(year.discount, year.total - dec!(67670));
    // Bad input.
    assert!(matches!(
        prepayment(&[], Explain::Steps),
        Err(VoluntaryError::InvalidPrepayment { .. })
    ));
    let gap = [p58[0].clone(), p58[2].clone()];
    assert!(matches!(
        prepayment(&gap, Explain::Steps),
        Err(VoluntaryError::InvalidPrepayment { .. })
    ));
}
