//! Maternity allowance (出産手当金, 健康保険法 第102条).
//!
//! A member who does not work around childbirth is paid, for each day not worked from 42 days
//! before the birth (98 for a multiple pregnancy) to 56 days after it, the same daily amount as
//! 傷病手当金 ([`crate::sickness_allowance::daily_amount`]). When the birth is later than the due
//! date, the period before the birth is counted from the due date, so the late days are paid
//! too; when it is earlier, the period simply starts earlier and the lost days are not added
//! after the birth. Pay received for a day reduces the allowance to the difference
//! (健康保険法 第108条1項).
//!
//! ```
//! use kenpo_domain::calendar::date;
//! use kenpo_domain::maternity_allowance::{maternity_period, Pregnancy};
//!
//! // Due 2026-05-10, born 5 days late on 2026-05-15.
//! let p = maternity_period(date(2026, 5, 10).unwrap(), date(2026, 5, 15).unwrap(), Pregnancy::Single)
//!     .unwrap();
//! assert_eq!(p.first_day, date(2026, 3, 30).unwrap()); // 42 days up to the due date
//! assert_eq!(p.last_day, date(2026, 7, 10).unwrap()); // 56 days after the birth
//! assert_eq!(p.late_days, 5);
//! assert_eq!(p.days(), 42 + 5 + 56);
//! ```
//!
//! ## Readings and doubts
//!
//! - 「出産の日以前四十二日」 includes the day of birth (or the due date) in the 42 days; the
//!   birth day itself belongs to the period before the birth, as 協会けんぽ and the 健保組合
//!   pages cited in docs/SOURCES.md §6.2 show it.
//! - Continued benefit (第104条) follows the 傷病手当金 conditions: insured ≥ 1 year before the
//!   loss and entitled on the last insured day (off work within the period).
//! - The first payment day (支給開始日) that fixes the daily amount is the first day with a
//!   payment.
//!
//! Sources: docs/SOURCES.md §6.2 (biprogykenpo.com \[K\], dokenpo.or.jp \[K\]); 健康保険法 第102条.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;
use crate::explanation::Explanation;
use crate::money::Yen;
use crate::sickness_allowance::{
    daily_amount, DailyAmount, DayOutcome, FallbackAverage, LossOfEligibility, NotPayableReason,
    Reduction, ReductionKind, ScheduledDay, SicknessAllowanceError, StandardMonthly, Work,
};

/// Days before the birth (or due date), birth day included, for a single pregnancy
/// (「出産の日…以前四十二日」, 健康保険法 第102条1項).
pub const DAYS_BEFORE_SINGLE: u32 = 42;
/// Days before the birth for a multiple pregnancy (「多胎妊娠の場合においては、九十八日」).
pub const DAYS_BEFORE_MULTIPLE: u32 = 98;
/// Days after the birth (「出産の日後五十六日」).
pub const DAYS_AFTER: u32 = 56;

/// Single or multiple pregnancy (多胎妊娠).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pregnancy {
    /// One baby.
    Single,
    /// Twins or more (多胎妊娠).
    Multiple,
}

/// Why a 出産手当金 decision could not be made. Never holds personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MaternityAllowanceError {
    /// The daily amount could not be computed.
    #[error("daily amount: {0}")]
    DailyAmount(#[from] SicknessAllowanceError),
    /// A date too close to the supported range's ends.
    #[error("date {date} is out of the supported range")]
    DateOutOfRange {
        /// The date.
        date: NaiveDate,
    },
    /// The claimed days are not in strictly ascending order.
    #[error("claimed day {index} ({date}) is not after the previous day")]
    DaysNotAscending {
        /// Position in the claim.
        index: usize,
        /// The day.
        date: NaiveDate,
    },
    /// Negative pay on a claimed day.
    #[error("claimed day {index} ({date}): pay is negative")]
    NegativePay {
        /// Position in the claim.
        index: usize,
        /// The day.
        date: NaiveDate,
    },
}

/// The 出産手当金 period (健康保険法 第102条1項).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaternityPeriod {
    /// The first day: 42 (98) days up to and including the earlier of the birth and the due
    /// date.
    pub first_day: NaiveDate,
    /// The last day: the 56th day after the birth.
    pub last_day: NaiveDate,
    /// The due date (出産予定日).
    pub due_date: NaiveDate,
    /// The birth date (出産日).
    pub birth_date: NaiveDate,
    /// Days the birth came after the due date (paid as part of the period before the birth).
    pub late_days: u32,
}

impl MaternityPeriod {
    /// `true` when `date` is in the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.first_day <= date && date <= self.last_day
    }

    /// The number of days in the period.
    pub fn days(&self) -> u32 {
        let n = self
            .last_day
            .signed_duration_since(self.first_day)
            .num_days()
            + 1;
        u32::try_from(n).unwrap_or(0)
    }
}

/// The 出産手当金 period for a birth (健康保険法 第102条1項).
pub fn maternity_period(
    due_date: NaiveDate,
    birth_date: NaiveDate,
    pregnancy: Pregnancy,
) -> Result<MaternityPeriod, MaternityAllowanceError> {
    let before = match pregnancy {
        Pregnancy::Single => DAYS_BEFORE_SINGLE,
        Pregnancy::Multiple => DAYS_BEFORE_MULTIPLE,
    };
    // 「出産の日（出産の日が出産の予定日後であるときは、出産の予定日）以前」.
    let anchor = birth_date.min(due_date);
    let first_day = anchor
        .checked_sub_days(Days::new(u64::from(before - 1)))
        .ok_or(MaternityAllowanceError::DateOutOfRange { date: anchor })?;
    let last_day = birth_date
        .checked_add_days(Days::new(u64::from(DAYS_AFTER)))
        .ok_or(MaternityAllowanceError::DateOutOfRange { date: birth_date })?;
    let late = birth_date.signed_duration_since(due_date).num_days().max(0);
    Ok(MaternityPeriod {
        first_day,
        last_day,
        due_date,
        birth_date,
        late_days: u32::try_from(late).unwrap_or(u32::MAX),
    })
}

/// One claimed day of 出産手当金.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaternityDay {
    /// The day.
    pub date: NaiveDate,
    /// Off work or worked.
    pub work: Work,
    /// Pay (報酬) received for the day (健康保険法 第108条1項).
    pub pay: Yen,
}

impl MaternityDay {
    /// A day off work without pay.
    pub fn off(date: NaiveDate) -> Self {
        MaternityDay {
            date,
            work: Work::Off,
            pay: Yen::ZERO,
        }
    }
}

/// A claim for 出産手当金.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaternityClaim {
    /// The due date (出産予定日).
    pub due_date: NaiveDate,
    /// The birth date (出産日).
    pub birth_date: NaiveDate,
    /// Single or multiple pregnancy.
    pub pregnancy: Pregnancy,
    /// The claimed days, ascending.
    pub days: Vec<MaternityDay>,
    /// 標準報酬月額 under the current insurer, ascending.
    pub history: Vec<StandardMonthly>,
    /// Loss of eligibility during the period, if any (第104条).
    pub loss_of_eligibility: Option<LossOfEligibility>,
}

/// The decided schedule of a 出産手当金 claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaternitySchedule {
    /// The period.
    pub period: MaternityPeriod,
    /// The daily amount, once a day is paid.
    pub daily_amount: Option<DailyAmount>,
    /// One entry per claimed day.
    pub days: Vec<ScheduledDay>,
    /// The total paid.
    pub total: Yen,
    /// The inputs and each step.
    pub explanation: Explanation,
}

impl MaternitySchedule {
    /// The amount paid for `date` (zero when not paid): the figure to pass as
    /// [`crate::sickness_allowance::SickDay::maternity_allowance`] for the same day
    /// (健康保険法 第103条).
    pub fn paid_on(&self, date: NaiveDate) -> Yen {
        self.days
            .iter()
            .find(|d| d.date == date)
            .map_or(Yen::ZERO, |d| d.amount)
    }
}

/// Decides a 出産手当金 claim day by day (健康保険法 第102条, 第104条, 第108条1項).
pub fn schedule(
    claim: &MaternityClaim,
    fallback: &[FallbackAverage],
) -> Result<MaternitySchedule, MaternityAllowanceError> {
    validate(claim)?;
    let period = maternity_period(claim.due_date, claim.birth_date, claim.pregnancy)?;
    let mut explanation = Explanation::new("maternity_allowance.schedule", "健康保険法 第102条");
    explanation.step(
        "period",
        format_args!(
            "{} to {} ({} days; due {}, born {}, {} days late)",
            period.first_day,
            period.last_day,
            period.days(),
            period.due_date,
            period.birth_date,
            period.late_days
        ),
    );
    let continued = continued_entitled(claim, &period);
    if let Some(loss) = claim.loss_of_eligibility {
        explanation.step(
            "loss of eligibility (第104条)",
            format_args!(
                "loss date {}; continued benefit {}",
                loss.loss_date,
                if continued {
                    "entitled"
                } else {
                    "not entitled"
                }
            ),
        );
    }
    let mut fixed: Option<DailyAmount> = None;
    let mut candidates: BTreeMap<YearMonth, Yen> = BTreeMap::new();
    let mut days = Vec::with_capacity(claim.days.len());
    for day in &claim.days {
        let not_payable = |reason| ScheduledDay {
            date: day.date,
            outcome: DayOutcome::NotPayable { reason },
            reductions: Vec::new(),
            amount: Yen::ZERO,
        };
        let after_loss = claim
            .loss_of_eligibility
            .is_some_and(|l| day.date >= l.loss_date);
        let decided = if !period.contains(day.date) {
            not_payable(NotPayableReason::OutsideMaternityPeriod)
        } else if day.work == Work::Worked {
            not_payable(NotPayableReason::Worked)
        } else if after_loss && !continued {
            not_payable(NotPayableReason::NotEntitledAfterLoss)
        } else {
            let daily = match &fixed {
                Some(d) => d.amount,
                None => {
                    let month = YearMonth::of(day.date);
                    match candidates.get(&month) {
                        Some(a) => *a,
                        None => {
                            let a = daily_amount(&claim.history, day.date, fallback)?.amount;
                            candidates.insert(month, a);
                            a
                        }
                    }
                }
            };
            let reductions: Vec<Reduction> = (day.pay > Yen::ZERO)
                .then_some(Reduction {
                    kind: ReductionKind::Pay,
                    amount: day.pay,
                })
                .into_iter()
                .collect();
            let payable = (daily - day.pay).clamp_non_negative();
            if payable == Yen::ZERO {
                ScheduledDay {
                    reductions,
                    ..not_payable(NotPayableReason::FullyOffset)
                }
            } else {
                if fixed.is_none() {
                    fixed = Some(daily_amount(&claim.history, day.date, fallback)?);
                }
                ScheduledDay {
                    date: day.date,
                    outcome: if reductions.is_empty() {
                        DayOutcome::Paid
                    } else {
                        DayOutcome::Reduced
                    },
                    reductions,
                    amount: payable,
                }
            }
        };
        days.push(decided);
    }
    let total: Yen = days.iter().map(|d| d.amount).sum();
    if let Some(d) = &fixed {
        explanation.step(
            "daily amount (第102条2項 → 第99条2項)",
            format_args!("{} (支給開始日 {})", d.amount, d.first_payment_day),
        );
    }
    let paid = days.iter().filter(|d| d.amount > Yen::ZERO).count();
    explanation.step("total", format_args!("{paid} days paid, {total}"));
    Ok(MaternitySchedule {
        period,
        daily_amount: fixed,
        days,
        total,
        explanation,
    })
}

fn continued_entitled(claim: &MaternityClaim, period: &MaternityPeriod) -> bool {
    claim.loss_of_eligibility.is_some_and(|loss| {
        loss.continued_benefit_entitled(|last_day| {
            period.contains(last_day)
                && claim
                    .days
                    .iter()
                    .any(|d| d.date == last_day && d.work == Work::Off)
        })
    })
}

fn validate(claim: &MaternityClaim) -> Result<(), MaternityAllowanceError> {
    for (index, day) in claim.days.iter().enumerate() {
        if index > 0
            && claim
                .days
                .get(index - 1)
                .is_some_and(|p| p.date >= day.date)
        {
            return Err(MaternityAllowanceError::DaysNotAscending {
                index,
                date: day.date,
            });
        }
        if day.pay.is_negative() {
            return Err(MaternityAllowanceError::NegativePay {
                index,
                date: day.date,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::date;
    use crate::sickness_allowance::{SickDay, SicknessClaim, KYOKAI_KENPO_FALLBACK};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        date(y, m, day).unwrap()
    }

    fn history_300k() -> Vec<StandardMonthly> {
        let first = YearMonth::new(2025, 1).unwrap();
        (0..24)
            .map(|i| StandardMonthly {
                month: first.add_months(i),
                amount: Yen::new(300_000),
            })
            .collect()
    }

    #[test]
    fn birth_on_the_due_date_gives_42_plus_56_days() {
        // 第102条1項: 2026-05-10 → 2026-03-30 .. 2026-07-05, 98 days.
        let p = maternity_period(d(2026, 5, 10), d(2026, 5, 10), Pregnancy::Single).unwrap();
        assert_eq!(p.first_day, d(2026, 3, 30));
        assert_eq!(p.last_day, d(2026, 7, 5));
        assert_eq!(p.days(), 98);
        assert_eq!(p.late_days, 0);
    }

    #[test]
    fn late_birth_pays_the_late_days_too() {
        // docs/SOURCES.md §6.2: counted from the due date; 5 late days are added: 103 days.
        let p = maternity_period(d(2026, 5, 10), d(2026, 5, 15), Pregnancy::Single).unwrap();
        assert_eq!(p.first_day, d(2026, 3, 30));
        assert_eq!(p.last_day, d(2026, 7, 10));
        assert_eq!(p.days(), 103);
        assert_eq!(p.late_days, 5);
    }

    #[test]
    fn early_birth_moves_the_window_without_extending_it() {
        // Born 5 days early on 2026-05-05: 42 days up to 5/5, 56 after; 98 days, not 103.
        let p = maternity_period(d(2026, 5, 10), d(2026, 5, 5), Pregnancy::Single).unwrap();
        assert_eq!(p.first_day, d(2026, 3, 25));
        assert_eq!(p.last_day, d(2026, 6, 30));
        assert_eq!(p.days(), 98);
        assert!(!p.contains(d(2026, 7, 1)));
    }

    #[test]
    fn multiple_pregnancy_98_days_before() {
        let p = maternity_period(d(2026, 5, 10), d(2026, 5, 10), Pregnancy::Multiple).unwrap();
        assert_eq!(p.first_day, d(2026, 2, 2)); // 5/10 − 97 days
        assert_eq!(p.days(), 98 + 56);
    }

    #[test]
    fn schedule_pays_the_daily_amount_and_the_pay_difference() {
        let mut days: Vec<MaternityDay> = d(2026, 3, 29)
            .iter_days()
            .take(3)
            .map(MaternityDay::off)
            .collect();
        days[2].pay = Yen::new(2_000);
        days.push(MaternityDay {
            date: d(2026, 4, 1),
            work: Work::Worked,
            pay: Yen::new(12_000),
        });
        let claim = MaternityClaim {
            due_date: d(2026, 5, 10),
            birth_date: d(2026, 5, 10),
            pregnancy: Pregnancy::Single,
            days,
            history: history_300k(),
            loss_of_eligibility: None,
        };
        let s = schedule(&claim, KYOKAI_KENPO_FALLBACK).unwrap();
        // 3/29 is before the period; 3/30 full 6,667; 3/31 pay 2,000 → 4,667; 4/1 worked.
        assert_eq!(
            s.days[0].outcome,
            DayOutcome::NotPayable {
                reason: NotPayableReason::OutsideMaternityPeriod
            }
        );
        assert_eq!(s.days[1].amount, Yen::new(6_667));
        assert_eq!(s.days[2].amount, Yen::new(4_667));
        assert_eq!(s.days[2].outcome, DayOutcome::Reduced);
        assert_eq!(
            s.days[3].outcome,
            DayOutcome::NotPayable {
                reason: NotPayableReason::Worked
            }
        );
        assert_eq!(s.total, Yen::new(6_667 + 4_667));
        assert_eq!(s.paid_on(d(2026, 3, 31)), Yen::new(4_667));

        // 第103条: the same day in a 傷病手当金 claim pays only what 出産手当金 did not.
        let sick = SicknessClaim {
            days: vec![SickDay {
                maternity_allowance: s.paid_on(d(2026, 3, 31)),
                ..SickDay::off(d(2026, 3, 31))
            }],
            history: history_300k(),
            earlier: Some(crate::sickness_allowance::EarlierPayments {
                first_payment_day: d(2026, 3, 1),
                days_paid: 10,
            }),
            ..SicknessClaim::default()
        };
        let sick = crate::sickness_allowance::schedule(&sick, KYOKAI_KENPO_FALLBACK).unwrap();
        assert_eq!(sick.total, Yen::new(2_000));
    }

    #[test]
    fn continued_benefit_after_loss() {
        let days: Vec<MaternityDay> = d(2026, 4, 28)
            .iter_days()
            .take(6)
            .map(MaternityDay::off)
            .collect();
        let mut claim = MaternityClaim {
            due_date: d(2026, 5, 10),
            birth_date: d(2026, 5, 10),
            pregnancy: Pregnancy::Single,
            days,
            history: history_300k(),
            loss_of_eligibility: Some(LossOfEligibility {
                loss_date: d(2026, 5, 1),
                insured_one_year_before_loss: true,
                entitled_on_last_day: None,
            }),
        };
        let s = schedule(&claim, KYOKAI_KENPO_FALLBACK).unwrap();
        assert_eq!(s.total, Yen::new(6 * 6_667));
        claim.loss_of_eligibility = Some(LossOfEligibility {
            loss_date: d(2026, 5, 1),
            insured_one_year_before_loss: false,
            entitled_on_last_day: None,
        });
        let s = schedule(&claim, KYOKAI_KENPO_FALLBACK).unwrap();
        assert_eq!(s.total, Yen::new(3 * 6_667));
    }

    #[test]
    fn bad_input_is_a_typed_error() {
        let claim = MaternityClaim {
            due_date: d(2026, 5, 10),
            birth_date: d(2026, 5, 10),
            pregnancy: Pregnancy::Single,
            days: vec![MaternityDay {
                pay: Yen::new(-1),
                ..MaternityDay::off(d(2026, 4, 1))
            }],
            history: history_300k(),
            loss_of_eligibility: None,
        };
        assert!(matches!(
            schedule(&claim, KYOKAI_KENPO_FALLBACK),
            Err(MaternityAllowanceError::NegativePay { index: 0, .. })
        ));
        assert!(matches!(
            maternity_period(NaiveDate::MIN, NaiveDate::MIN, Pregnancy::Single),
            Err(MaternityAllowanceError::DateOutOfRange { .. })
        ));
    }
}
