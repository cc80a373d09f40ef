//! The per-day schedule of 傷病手当金: waiting period, maximum, coordination with other income and
//! continued benefit after loss of eligibility.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::daily_amount::{daily_amount, DailyAmount, FallbackAverage, StandardMonthly};
use super::duration::{maximum_rule, MaximumRule};
use super::SicknessAllowanceError;
use crate::calendar::YearMonth;
use crate::cash_supplement::{CashSupplements, EarlierExtended, SicknessSupplementDecision};
use crate::explanation::Explanation;
use crate::money::Yen;
use crate::rounding;

/// The number of consecutive days off work that make up the waiting period (待期, 健康保険法
/// 第99条1項: 「労務に服することができなくなった日から起算して三日を経過した日から」).
pub const WAITING_DAYS: usize = 3;

/// The divisor from an annual pension to a daily amount (健康保険法施行規則 第89条: the annual
/// amount ÷ 360).
pub const PENSION_DAYS_PER_YEAR: i64 = 360;

/// Whether the member worked on a day (労務に服したか).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Work {
    /// Unable to work and did not work (労務不能で休業), including paid leave (年次有給休暇) and
    /// days the workplace is closed (公休日), which count toward the waiting period.
    Off,
    /// Worked, even part of the day.
    Worked,
}

/// One calendar day of the claim and what the member received for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SickDay {
    /// The day.
    pub date: NaiveDate,
    /// Off work or worked.
    pub work: Work,
    /// Pay (報酬) received for the day, including paid-leave pay (健康保険法 第108条1項).
    pub pay: Yen,
    /// 出産手当金 paid for the same day (paid first, 健康保険法 第103条).
    pub maternity_allowance: Yen,
    /// 労災保険 休業(補償)給付 per day for the same day.
    pub workers_compensation: Yen,
}

impl SickDay {
    /// A day off work with no other income.
    pub fn off(date: NaiveDate) -> Self {
        SickDay {
            date,
            work: Work::Off,
            pay: Yen::ZERO,
            maternity_allowance: Yen::ZERO,
            workers_compensation: Yen::ZERO,
        }
    }

    /// A day worked.
    pub fn worked(date: NaiveDate) -> Self {
        SickDay {
            work: Work::Worked,
            ..SickDay::off(date)
        }
    }

    /// The same day with `pay` received for it.
    pub fn with_pay(self, pay: Yen) -> Self {
        SickDay { pay, ..self }
    }
}

/// A pension paid for the same days, from a date (障害厚生年金・障害基礎年金, or 老齢年金 in continued
/// benefit), by its annual amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualPension {
    /// The first day the pension is paid for.
    pub from: NaiveDate,
    /// The annual amount (for 障害: 障害厚生年金 plus 障害基礎年金 when both are paid).
    pub annual: Yen,
}

/// 障害手当金 (the 厚生年金 disability lump sum) for the same illness (健康保険法 第108条4項).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisabilityLumpSum {
    /// The first day for which the allowance counts against the lump sum.
    pub from: NaiveDate,
    /// The lump sum.
    pub amount: Yen,
    /// Allowance already counted against the lump sum in earlier decisions.
    pub counted_before: Yen,
}

/// Loss of eligibility (資格喪失) during the illness: the conditions of continued benefit
/// (資格喪失後の継続給付, 健康保険法 第104条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LossOfEligibility {
    /// 資格喪失日: the first day without eligibility (the day after leaving).
    pub loss_date: NaiveDate,
    /// Insured continuously for at least 1 year up to the day before `loss_date` (任意継続 and
    /// 共済 periods excluded).
    pub insured_one_year_before_loss: bool,
    /// Whether the member was receiving or entitled to the allowance on the last insured day, as
    /// decided earlier; `None` to decide it from the claim's own days (that day must then be in
    /// the claim, off work, with the waiting period complete).
    pub entitled_on_last_day: Option<bool>,
}

/// What earlier decisions for the same illness established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierPayments {
    /// The first payment day (支給開始日) already fixed; the waiting period is complete.
    pub first_payment_day: NaiveDate,
    /// Days already paid (counted against the maximum).
    pub days_paid: u32,
}

/// A claim for 傷病手当金 (健康保険法 第99条): the days, the standard monthly history and the
/// other income to coordinate with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SicknessClaim {
    /// The calendar days claimed, in ascending order, each at most once. A date missing between
    /// two listed days breaks a run of days off (waiting period) and, after loss of eligibility,
    /// is read as a day the member could work (continued benefit ends). The first listed day
    /// continues whatever earlier decisions covered.
    pub days: Vec<SickDay>,
    /// 標準報酬月額 under the current insurer, one entry per month, ascending. It must include
    /// the month of the first payment day; when that day falls after the loss of eligibility,
    /// include that month with the 標準報酬月額 in force at the loss.
    pub history: Vec<StandardMonthly>,
    /// Earlier decisions for the same illness, if any.
    pub earlier: Option<EarlierPayments>,
    /// 障害厚生年金 (and 障害基礎年金) for the same illness (健康保険法 第108条3項).
    pub disability_pension: Option<AnnualPension>,
    /// 障害手当金 for the same illness (第108条4項).
    pub disability_lump_sum: Option<DisabilityLumpSum>,
    /// 老齢・退職年金, deducted only in continued benefit (第108条5項).
    pub old_age_pension: Option<AnnualPension>,
    /// Loss of eligibility during the claim, if any (第104条).
    pub loss_of_eligibility: Option<LossOfEligibility>,
}

/// A kind of other income deducted from the allowance ("difference only").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ReductionKind {
    /// 報酬 (健康保険法 第108条1項).
    Pay,
    /// 出産手当金 (第103条).
    MaternityAllowance,
    /// 障害年金 ÷ 360 (第108条3項).
    DisabilityPension,
    /// 老齢年金 ÷ 360 in continued benefit (第108条5項).
    OldAgePension,
    /// 労災保険 休業(補償)給付.
    WorkersCompensation,
}

/// One deduction on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reduction {
    /// What was deducted.
    pub kind: ReductionKind,
    /// The daily amount deducted.
    pub amount: Yen,
}

/// Why nothing is paid for a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum NotPayableReason {
    /// The member worked.
    Worked,
    /// Off work, but not in (or before the end of) a run of 3 consecutive days off.
    WaitingNotCompleted,
    /// Other income for the day is at least the allowance.
    FullyOffset,
    /// Withheld until the allowance total reaches the 障害手当金 (健康保険法 第108条4項).
    DisabilityLumpSum,
    /// The 1 year 6 months maximum is used up (第99条4項).
    MaximumReached,
    /// After loss of eligibility without the conditions of 第104条.
    NotEntitledAfterLoss,
    /// After loss of eligibility, the member was able to work on an earlier day: continued
    /// benefit has ended for good.
    AbleToWorkAfterLoss,
    /// Outside the 出産手当金 period (健康保険法 第102条; used by
    /// [`crate::maternity_allowance`]).
    OutsideMaternityPeriod,
}

/// The outcome of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum DayOutcome {
    /// Day `day` (1–3) of the waiting period (待期).
    Waiting {
        /// 1, 2 or 3.
        day: u8,
    },
    /// The full daily amount is paid.
    Paid,
    /// Only the difference is paid (other income deducted).
    Reduced,
    /// Nothing is paid.
    NotPayable {
        /// Why.
        reason: NotPayableReason,
    },
}

/// One day of the schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledDay {
    /// The day.
    pub date: NaiveDate,
    /// What happened.
    pub outcome: DayOutcome,
    /// Other income deducted (empty unless some applied).
    pub reductions: Vec<Reduction>,
    /// The amount paid for the day.
    pub amount: Yen,
}

/// The decided schedule of a 傷病手当金 claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SicknessSchedule {
    /// The daily amount, once a first payment day exists.
    pub daily_amount: Option<DailyAmount>,
    /// The maximum rule applied, once a first payment day exists.
    pub maximum: Option<MaximumRule>,
    /// One entry per claimed day, in order.
    pub days: Vec<ScheduledDay>,
    /// The total paid by this decision.
    pub total: Yen,
    /// Days paid by this decision (partly paid days count as whole days).
    pub days_paid: u32,
    /// Days paid for the illness so far, earlier decisions included.
    pub days_paid_cumulative: u32,
    /// The society's 傷病手当付加金 and 延長傷病手当付加金, when decided with
    /// [`schedule_with_supplements`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplements: Option<SicknessSupplementDecision>,
    /// The inputs and each step.
    pub explanation: Explanation,
}

/// [`schedule`], with the society's 傷病手当付加金 and 延長傷病手当付加金 (健康保険法 第53条, the
/// 規約; see [`crate::cash_supplement`]) decided on the same days: the one place they are
/// applied. `earlier_extended` carries the 延長傷病手当付加金 of earlier decisions.
pub fn schedule_with_supplements(
    claim: &SicknessClaim,
    fallback: &[FallbackAverage],
    supplements: &CashSupplements,
    earlier_extended: Option<EarlierExtended>,
) -> Result<SicknessSchedule, SicknessAllowanceError> {
    let mut decided = schedule(claim, fallback)?;
    let mut explanation = std::mem::take(&mut decided.explanation);
    let payments = crate::cash_supplement::sickness_supplements(
        claim,
        &decided,
        supplements,
        earlier_extended,
        &mut explanation,
    );
    decided.explanation = explanation;
    decided.supplements = Some(payments);
    Ok(decided)
}

/// Decides a 傷病手当金 claim day by day (健康保険法 第99条, 第103条, 第104条, 第108条).
///
/// In order, for each day: a worked day is not paid; off days before the first run of 3
/// consecutive days off (which may include paid leave, holidays and paid days) are not paid,
/// that run is the waiting period; after loss of eligibility the conditions of 第104条 apply; the
/// 1 year 6 months maximum; then the allowance less the other income for the day (pay,
/// 出産手当金, disability pension ÷ 360, old-age pension ÷ 360 in continued benefit, 労災),
/// never below zero; finally any 障害手当金 withholds payment until the allowance total reaches it.
///
/// The first payment day (支給開始日) is the first day with a payment; it fixes the daily amount
/// ([`daily_amount`]) and the maximum ([`maximum_rule`]).
pub fn schedule(
    claim: &SicknessClaim,
    fallback: &[FallbackAverage],
) -> Result<SicknessSchedule, SicknessAllowanceError> {
    validate(claim)?;
    let mut explanation = Explanation::new(
        "sickness_allowance.schedule",
        "健康保険法 第99条, 第103条, 第104条, 第108条",
    );
    let waiting = waiting_run(claim);
    match (claim.earlier, waiting) {
        (Some(e), _) => {
            explanation.step(
                "waiting period (待期)",
                format_args!(
                    "completed earlier; first payment day {}, {} days paid before",
                    e.first_payment_day, e.days_paid
                ),
            );
        }
        (None, Some(i)) => {
            let first = claim.days.get(i).map(|d| d.date.to_string());
            explanation.step(
                "waiting period (待期)",
                format_args!("3 consecutive days off from {}", first.unwrap_or_default()),
            );
        }
        (None, None) => {
            explanation.step(
                "waiting period (待期)",
                "not completed: no 3 consecutive days off",
            );
        }
    }
    let continued = continued_benefit_entitled(claim, waiting);
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

    let mut state = State {
        fixed: match claim.earlier {
            Some(e) => Some(fix(claim, e.first_payment_day, fallback)?),
            None => None,
        },
        candidates: BTreeMap::new(),
        days_paid_before: claim.earlier.map_or(0, |e| e.days_paid),
        days_paid: 0,
        lump_counted: claim
            .disability_lump_sum
            .map_or(Yen::ZERO, |l| l.counted_before),
        stopped_after_loss: false,
    };
    let mut days = Vec::with_capacity(claim.days.len());
    let mut previous: Option<NaiveDate> = None;
    for (index, day) in claim.days.iter().enumerate() {
        let scheduled = decide_day(
            claim, fallback, waiting, continued, index, day, previous, &mut state,
        )?;
        previous = Some(day.date);
        days.push(scheduled);
    }

    let total: Yen = days.iter().map(|d| d.amount).sum();
    let days_paid_cumulative = state.days_paid_before.saturating_add(state.days_paid);
    let (daily, maximum) = match state.fixed {
        Some((d, m)) => (Some(d), Some(m)),
        None => (None, None),
    };
    if let Some(d) = &daily {
        explanation.step(
            "daily amount",
            format_args!(
                "{} (支給開始日 {}, 標準報酬日額 {})",
                d.amount, d.first_payment_day, d.standard_daily
            ),
        );
    }
    if let Some(m) = maximum {
        explanation.step(
            "maximum (第99条4項)",
            match m {
                MaximumRule::CumulativeDays { maximum_days } => {
                    format!("{maximum_days} days paid in total; {days_paid_cumulative} paid so far")
                }
                MaximumRule::CalendarPeriod { last_day } => {
                    format!("calendar 1 year 6 months, last payable day {last_day}")
                }
            },
        );
    }
    explanation.step(
        "total",
        format_args!("{} days paid, {total}", state.days_paid),
    );
    Ok(SicknessSchedule {
        daily_amount: daily,
        maximum,
        days,
        total,
        days_paid: state.days_paid,
        days_paid_cumulative,
        supplements: None,
        explanation,
    })
}

struct State {
    fixed: Option<(DailyAmount, MaximumRule)>,
    candidates: BTreeMap<YearMonth, DailyAmount>,
    days_paid_before: u32,
    days_paid: u32,
    lump_counted: Yen,
    stopped_after_loss: bool,
}

fn fix(
    claim: &SicknessClaim,
    first_payment_day: NaiveDate,
    fallback: &[FallbackAverage],
) -> Result<(DailyAmount, MaximumRule), SicknessAllowanceError> {
    let daily = daily_amount(&claim.history, first_payment_day, fallback)?;
    let maximum =
        maximum_rule(first_payment_day).ok_or(SicknessAllowanceError::DateOutOfRange {
            date: first_payment_day,
        })?;
    Ok((daily, maximum))
}

#[allow(clippy::too_many_arguments)]
fn decide_day(
    claim: &SicknessClaim,
    fallback: &[FallbackAverage],
    waiting: Option<usize>,
    continued: bool,
    index: usize,
    day: &SickDay,
    previous: Option<NaiveDate>,
    state: &mut State,
) -> Result<ScheduledDay, SicknessAllowanceError> {
    let not_payable = |reason| ScheduledDay {
        date: day.date,
        outcome: DayOutcome::NotPayable { reason },
        reductions: Vec::new(),
        amount: Yen::ZERO,
    };
    let after_loss = claim
        .loss_of_eligibility
        .is_some_and(|l| day.date >= l.loss_date);
    if after_loss {
        // Continued benefit needs unbroken incapacity from the loss date (第104条): a day worked,
        // or a day missing between two claimed days, ends it for good. The first day of a claim
        // continues what earlier decisions covered.
        let unbroken = match previous {
            None => true,
            Some(p) => p.succ_opt() == Some(day.date),
        };
        if day.work == Work::Worked || !unbroken {
            state.stopped_after_loss = true;
        }
    }
    if day.work == Work::Worked {
        return Ok(not_payable(if after_loss {
            NotPayableReason::AbleToWorkAfterLoss
        } else {
            NotPayableReason::Worked
        }));
    }
    if claim.earlier.is_none() {
        match waiting {
            Some(start) if index < start => {
                return Ok(not_payable(NotPayableReason::WaitingNotCompleted))
            }
            Some(start) if index < start + WAITING_DAYS => {
                let n = u8::try_from(index - start + 1).unwrap_or(u8::MAX);
                return Ok(ScheduledDay {
                    date: day.date,
                    outcome: DayOutcome::Waiting { day: n },
                    reductions: Vec::new(),
                    amount: Yen::ZERO,
                });
            }
            Some(_) => {}
            None => return Ok(not_payable(NotPayableReason::WaitingNotCompleted)),
        }
    }
    if after_loss {
        if !continued {
            return Ok(not_payable(NotPayableReason::NotEntitledAfterLoss));
        }
        if state.stopped_after_loss {
            return Ok(not_payable(NotPayableReason::AbleToWorkAfterLoss));
        }
    }
    let paid_so_far = state.days_paid_before.saturating_add(state.days_paid);
    match state.fixed.as_ref().map(|f| f.1) {
        Some(MaximumRule::CumulativeDays { maximum_days }) if paid_so_far >= maximum_days => {
            return Ok(not_payable(NotPayableReason::MaximumReached));
        }
        Some(MaximumRule::CalendarPeriod { last_day }) if day.date > last_day => {
            return Ok(not_payable(NotPayableReason::MaximumReached));
        }
        _ => {}
    }

    // The daily amount: fixed once paid; before that, as if this day were the first payment day.
    let daily = match &state.fixed {
        Some((d, _)) => d.amount,
        None => {
            let month = YearMonth::of(day.date);
            if let Some(d) = state.candidates.get(&month) {
                d.amount
            } else {
                let d = daily_amount(&claim.history, day.date, fallback)?;
                let amount = d.amount;
                state.candidates.insert(month, d);
                amount
            }
        }
    };
    let reductions = reductions(claim, day, after_loss);
    let deducted: Yen = reductions.iter().map(|r| r.amount).sum();
    let payable = (daily - deducted).clamp_non_negative();
    if payable == Yen::ZERO {
        return Ok(ScheduledDay {
            reductions,
            ..not_payable(NotPayableReason::FullyOffset)
        });
    }
    if let Some(lump) = claim.disability_lump_sum {
        if day.date >= lump.from && state.lump_counted < lump.amount {
            // 「傷病手当金の額の合計額が障害手当金の額に達するに至る日までの間」: the day the total
            // reaches the lump sum is still withheld.
            state.lump_counted += payable;
            return Ok(ScheduledDay {
                reductions,
                ..not_payable(NotPayableReason::DisabilityLumpSum)
            });
        }
    }
    if state.fixed.is_none() {
        state.fixed = Some(fix(claim, day.date, fallback)?);
    }
    state.days_paid = state.days_paid.saturating_add(1);
    Ok(ScheduledDay {
        date: day.date,
        outcome: if reductions.is_empty() {
            DayOutcome::Paid
        } else {
            DayOutcome::Reduced
        },
        reductions,
        amount: payable,
    })
}

/// The other income of a day, in the order of the statute, zero amounts left out.
pub(crate) fn reductions(claim: &SicknessClaim, day: &SickDay, after_loss: bool) -> Vec<Reduction> {
    let pension_daily = |p: Option<AnnualPension>| {
        p.filter(|p| day.date >= p.from).map_or(Yen::ZERO, |p| {
            // 健康保険法施行規則 第89条: annual ÷ 360, fractions of a yen dropped.
            rounding::floor_to_yen(p.annual.to_decimal() / Decimal::from(PENSION_DAYS_PER_YEAR))
        })
    };
    let old_age = if after_loss {
        pension_daily(claim.old_age_pension)
    } else {
        Yen::ZERO
    };
    [
        (ReductionKind::Pay, day.pay),
        (ReductionKind::MaternityAllowance, day.maternity_allowance),
        (
            ReductionKind::DisabilityPension,
            pension_daily(claim.disability_pension),
        ),
        (ReductionKind::OldAgePension, old_age),
        (ReductionKind::WorkersCompensation, day.workers_compensation),
    ]
    .into_iter()
    .filter(|(_, amount)| *amount > Yen::ZERO)
    .map(|(kind, amount)| Reduction { kind, amount })
    .collect()
}

/// The index of the first day of the first run of 3 consecutive calendar days off work.
fn waiting_run(claim: &SicknessClaim) -> Option<usize> {
    let days = &claim.days;
    (0..days.len()).find(|&i| {
        days.get(i..i + WAITING_DAYS).is_some_and(|run| {
            run.iter().all(|d| d.work == Work::Off)
                && run
                    .windows(2)
                    .all(|w| w.first().and_then(|a| a.date.succ_opt()) == w.get(1).map(|b| b.date))
        })
    })
}

/// 第104条: insured ≥ 1 year before the loss and receiving or entitled on the last insured day.
fn continued_benefit_entitled(claim: &SicknessClaim, waiting: Option<usize>) -> bool {
    claim.loss_of_eligibility.is_some_and(|loss| {
        loss.continued_benefit_entitled(|last_day| {
            let off_on_last_day = claim
                .days
                .iter()
                .any(|d| d.date == last_day && d.work == Work::Off);
            let waiting_done = claim.earlier.is_some()
                || waiting
                    .and_then(|i| claim.days.get(i + WAITING_DAYS - 1))
                    .is_some_and(|third| third.date <= last_day);
            off_on_last_day && waiting_done
        })
    })
}

impl LossOfEligibility {
    /// 資格喪失後の継続給付 (健康保険法 第104条), shared by 傷病手当金 and 出産手当金: insured for at
    /// least 1 year before the loss, and entitled on the last insured day — as stated by
    /// `entitled_on_last_day` when given, otherwise as `entitled_on(last insured day)` finds.
    pub(crate) fn continued_benefit_entitled(
        &self,
        entitled_on: impl FnOnce(NaiveDate) -> bool,
    ) -> bool {
        if !self.insured_one_year_before_loss {
            return false;
        }
        if let Some(entitled) = self.entitled_on_last_day {
            return entitled;
        }
        self.loss_date.pred_opt().is_some_and(entitled_on)
    }
}

fn validate(claim: &SicknessClaim) -> Result<(), SicknessAllowanceError> {
    for (index, day) in claim.days.iter().enumerate() {
        if index > 0
            && claim
                .days
                .get(index - 1)
                .is_some_and(|p| p.date >= day.date)
        {
            return Err(SicknessAllowanceError::DaysNotAscending {
                index,
                date: day.date,
            });
        }
        for (field, amount) in [
            ("pay", day.pay),
            ("maternity_allowance", day.maternity_allowance),
            ("workers_compensation", day.workers_compensation),
        ] {
            if amount.is_negative() {
                return Err(SicknessAllowanceError::NegativeAmount {
                    index,
                    date: day.date,
                    field,
                });
            }
        }
    }
    for (field, amount) in [
        (
            "disability_pension.annual",
            claim.disability_pension.map(|p| p.annual),
        ),
        (
            "old_age_pension.annual",
            claim.old_age_pension.map(|p| p.annual),
        ),
        (
            "disability_lump_sum.amount",
            claim.disability_lump_sum.map(|l| l.amount),
        ),
        (
            "disability_lump_sum.counted_before",
            claim.disability_lump_sum.map(|l| l.counted_before),
        ),
    ] {
        if amount.is_some_and(Yen::is_negative) {
            return Err(SicknessAllowanceError::NegativeInput { field });
        }
    }
    Ok(())
}
