//! 傷病手当金 (sickness and injury allowance, [`kenpo_domain::sickness_allowance`],
//! 健康保険法 第99条, 第103条, 第104条, 第108条): the daily amount and the per-day schedule of a
//! claim. Day dates of a claim are health data: they appear in answers, never in errors.

use std::borrow::Cow;

use kenpo_domain::money::Yen;
use kenpo_domain::sickness_allowance as domain;

use crate::error::{KenpoError, KenpoResult};
use crate::explain::Explanation;
use crate::types::{ExactDecimal, IsoDate, IsoMonth};

/// The 標準報酬月額 of one month (for the 12-month average, 健康保険法 第99条2項).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct StandardMonthly {
    /// The month.
    pub month: IsoMonth,
    /// 標準報酬月額 of that month.
    pub amount: Yen,
}

/// A dated fallback 標準報酬月額 for members insured under 12 months (第99条2項ただし書 第2号),
/// chosen by the first payment day.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FallbackAverage {
    /// The first 支給開始日 it applies to (until the next entry).
    pub effective_from: IsoDate,
    /// The fallback 標準報酬月額.
    pub amount: Yen,
    /// Where the figure comes from.
    pub source: String,
}

fn fallback_table(table: &[FallbackAverage]) -> Vec<domain::FallbackAverage> {
    table
        .iter()
        .map(|f| domain::FallbackAverage {
            effective_from: f.effective_from,
            amount: f.amount,
            source: Cow::Owned(f.source.clone()),
        })
        .collect()
}

/// 協会けんぽ's fallback table ([`domain::KYOKAI_KENPO_FALLBACK`]); a 健康保険組合 passes its own.
#[uniffi::export]
pub fn kyokai_kenpo_fallback() -> Vec<FallbackAverage> {
    domain::KYOKAI_KENPO_FALLBACK
        .iter()
        .map(|f| FallbackAverage {
            effective_from: f.effective_from,
            amount: f.amount,
            source: f.source.to_string(),
        })
        .collect()
}

/// Which average the daily amount was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum AverageBasis {
    /// The 12 months up to the month of the first payment day (第99条2項本文).
    TwelveMonths,
    /// Under 12 months insured; the member's own average was the lower (ただし書 第1号).
    OwnShorterAverage {
        /// The months averaged.
        months: i32,
    },
    /// Under 12 months insured; the fallback was the lower or equal (ただし書 第2号).
    Fallback {
        /// The months of the member's own average.
        months: i32,
        /// The fallback used.
        amount: Yen,
    },
}

fn months(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The daily amount of 傷病手当金 (第99条2項) and how it was reached.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DailyAmount {
    /// The first payment day (支給開始日).
    pub first_payment_day: IsoDate,
    /// The monthly average used, exact.
    pub average: ExactDecimal,
    /// Which average.
    pub basis: AverageBasis,
    /// 標準報酬日額: average ÷ 30, rounded to 10 yen.
    pub standard_daily: Yen,
    /// The allowance per day: × 2/3, rounded to 1 yen.
    pub amount: Yen,
    /// The steps.
    pub explanation: Explanation,
}

impl TryFrom<&domain::DailyAmount> for DailyAmount {
    type Error = KenpoError;
    fn try_from(d: &domain::DailyAmount) -> KenpoResult<Self> {
        let basis = match d.basis {
            domain::AverageBasis::TwelveMonths => AverageBasis::TwelveMonths,
            domain::AverageBasis::OwnShorterAverage { months: m } => {
                AverageBasis::OwnShorterAverage { months: months(m) }
            }
            domain::AverageBasis::Fallback { months: m, amount } => AverageBasis::Fallback {
                months: months(m),
                amount,
            },
            _ => return Err(KenpoError::unknown_variant("AverageBasis")),
        };
        Ok(DailyAmount {
            first_payment_day: d.first_payment_day,
            average: d.average.normalize(),
            basis,
            standard_daily: d.standard_daily,
            amount: d.amount,
            explanation: (&d.explanation).into(),
        })
    }
}

fn history(h: &[StandardMonthly]) -> Vec<domain::StandardMonthly> {
    h.iter()
        .map(|m| domain::StandardMonthly {
            month: m.month,
            amount: m.amount,
        })
        .collect()
}

/// The daily amount for a first payment day (健康保険法 第99条2項): `history` holds the
/// member's 標準報酬月額 month by month, ascending; `fallback` is the insurer's fallback table.
#[uniffi::export]
pub fn sickness_allowance_daily_amount(
    history: Vec<StandardMonthly>,
    first_payment_day: IsoDate,
    fallback: Vec<FallbackAverage>,
) -> KenpoResult<DailyAmount> {
    let d = domain::daily_amount(
        &self::history(&history),
        first_payment_day,
        &fallback_table(&fallback),
    )?;
    DailyAmount::try_from(&d)
}

mirror_enum! {
    /// Whether the member worked on a day (労務に服したか).
    pub enum Work => domain::Work {
        /// Off work (including paid leave and closed days).
        Off,
        /// Worked, even part of the day.
        Worked,
    }
}

/// One calendar day of a claim and what the member received for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct SickDay {
    /// The day.
    pub date: IsoDate,
    /// Off or worked.
    pub work: Work,
    /// Pay (報酬) for the day (第108条1項).
    pub pay: Yen,
    /// 出産手当金 for the same day (第103条).
    pub maternity_allowance: Yen,
    /// 労災保険 休業(補償)給付 for the same day.
    pub workers_compensation: Yen,
}

/// A pension paid for the same days, from a date, by its annual amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct AnnualPension {
    /// The first day the pension is paid for.
    pub from: IsoDate,
    /// The annual amount.
    pub annual: Yen,
}

/// 障害手当金 for the same illness (第108条4項).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct DisabilityLumpSum {
    /// The first day for which the allowance counts against the lump sum.
    pub from: IsoDate,
    /// The lump sum.
    pub amount: Yen,
    /// Allowance already counted against it in earlier decisions.
    pub counted_before: Yen,
}

/// Loss of eligibility during the illness (continued benefit, 第104条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct LossOfEligibility {
    /// 資格喪失日.
    pub loss_date: IsoDate,
    /// Insured continuously for at least 1 year before the loss.
    pub insured_one_year_before_loss: bool,
    /// Entitled on the last insured day, as decided earlier; `None` to decide it from the claim.
    pub entitled_on_last_day: Option<bool>,
}

/// What earlier decisions for the same illness established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct EarlierPayments {
    /// The first payment day already fixed.
    pub first_payment_day: IsoDate,
    /// Days already paid (0 or more).
    pub days_paid: i64,
}

/// A claim for 傷病手当金 (健康保険法 第99条).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SicknessClaim {
    /// The days claimed, ascending, each at most once.
    pub days: Vec<SickDay>,
    /// 標準報酬月額 under the current insurer, one entry per month, ascending.
    pub history: Vec<StandardMonthly>,
    /// Earlier decisions for the same illness.
    pub earlier: Option<EarlierPayments>,
    /// 障害厚生年金 for the same illness (第108条3項).
    pub disability_pension: Option<AnnualPension>,
    /// 障害手当金 for the same illness (第108条4項).
    pub disability_lump_sum: Option<DisabilityLumpSum>,
    /// 老齢・退職年金, deducted only in continued benefit (第108条5項).
    pub old_age_pension: Option<AnnualPension>,
    /// Loss of eligibility during the claim (第104条).
    pub loss_of_eligibility: Option<LossOfEligibility>,
}

mirror_enum! {
    /// A kind of other income deducted from the allowance.
    pub enum ReductionKind => domain::ReductionKind {
        /// 報酬 (第108条1項).
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
}

mirror_enum! {
    /// Why nothing is paid for a day.
    pub enum NotPayableReason => domain::NotPayableReason {
        /// The member worked.
        Worked,
        /// Not in or before the end of a run of 3 consecutive days off (待期, 第99条1項).
        WaitingNotCompleted,
        /// Other income for the day is at least the allowance.
        FullyOffset,
        /// Withheld until the allowance total reaches the 障害手当金 (第108条4項).
        DisabilityLumpSum,
        /// The 1 year 6 months maximum is used up (第99条4項).
        MaximumReached,
        /// After loss of eligibility without the conditions of 第104条.
        NotEntitledAfterLoss,
        /// After loss of eligibility the member could work on an earlier day.
        AbleToWorkAfterLoss,
        /// Outside the 出産手当金 period (第102条).
        OutsideMaternityPeriod,
    }
}

/// One deduction on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct Reduction {
    /// What was deducted.
    pub kind: ReductionKind,
    /// The daily amount deducted.
    pub amount: Yen,
}

/// The outcome of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum DayOutcome {
    /// Day `day` (1–3) of the waiting period (待期).
    Waiting {
        /// 1, 2 or 3.
        day: i32,
    },
    /// The full daily amount is paid.
    Paid,
    /// Only the difference is paid.
    Reduced,
    /// Nothing is paid.
    NotPayable {
        /// Why.
        reason: NotPayableReason,
    },
}

/// One day of the schedule.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ScheduledDay {
    /// The day.
    pub date: IsoDate,
    /// What happened.
    pub outcome: DayOutcome,
    /// Other income deducted.
    pub reductions: Vec<Reduction>,
    /// The amount paid for the day.
    pub amount: Yen,
}

/// The decided schedule of a 傷病手当金 claim.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SicknessSchedule {
    /// The daily amount, once a first payment day exists.
    pub daily_amount: Option<DailyAmount>,
    /// One entry per claimed day, in order.
    pub days: Vec<ScheduledDay>,
    /// The total paid by this decision.
    pub total: Yen,
    /// Days paid by this decision.
    pub days_paid: i64,
    /// Days paid for the illness so far, earlier decisions included.
    pub days_paid_cumulative: i64,
    /// The steps.
    pub explanation: Explanation,
}

fn outcome(o: domain::DayOutcome) -> KenpoResult<DayOutcome> {
    Ok(match o {
        domain::DayOutcome::Waiting { day } => DayOutcome::Waiting {
            day: i32::from(day),
        },
        domain::DayOutcome::Paid => DayOutcome::Paid,
        domain::DayOutcome::Reduced => DayOutcome::Reduced,
        domain::DayOutcome::NotPayable { reason } => DayOutcome::NotPayable {
            reason: reason.try_into()?,
        },
        _ => return Err(KenpoError::unknown_variant("DayOutcome")),
    })
}

/// Decides a 傷病手当金 claim day by day (健康保険法 第99条, 第103条, 第104条, 第108条) with the
/// insurer's fallback table.
#[uniffi::export]
pub fn sickness_allowance_schedule(
    claim: SicknessClaim,
    fallback: Vec<FallbackAverage>,
) -> KenpoResult<SicknessSchedule> {
    let earlier = claim
        .earlier
        .map(|e| {
            Ok::<_, KenpoError>(domain::EarlierPayments {
                first_payment_day: e.first_payment_day,
                days_paid: u32::try_from(e.days_paid).map_err(|_| {
                    KenpoError::argument("earlier.days_paid", "not within 0–4294967295")
                })?,
            })
        })
        .transpose()?;
    let pension = |p: AnnualPension| domain::AnnualPension {
        from: p.from,
        annual: p.annual,
    };
    let domain_claim = domain::SicknessClaim {
        days: claim
            .days
            .iter()
            .map(|d| domain::SickDay {
                date: d.date,
                work: d.work.into(),
                pay: d.pay,
                maternity_allowance: d.maternity_allowance,
                workers_compensation: d.workers_compensation,
            })
            .collect(),
        history: history(&claim.history),
        earlier,
        disability_pension: claim.disability_pension.map(pension),
        disability_lump_sum: claim
            .disability_lump_sum
            .map(|l| domain::DisabilityLumpSum {
                from: l.from,
                amount: l.amount,
                counted_before: l.counted_before,
            }),
        old_age_pension: claim.old_age_pension.map(pension),
        loss_of_eligibility: claim
            .loss_of_eligibility
            .map(|l| domain::LossOfEligibility {
                loss_date: l.loss_date,
                insured_one_year_before_loss: l.insured_one_year_before_loss,
                entitled_on_last_day: l.entitled_on_last_day,
            }),
    };
    let s = domain::schedule(&domain_claim, &fallback_table(&fallback))?;
    Ok(SicknessSchedule {
        daily_amount: s
            .daily_amount
            .as_ref()
            .map(DailyAmount::try_from)
            .transpose()?,
        days: s
            .days
            .iter()
            .map(|d| {
                Ok(ScheduledDay {
                    date: d.date,
                    outcome: outcome(d.outcome)?,
                    reductions: d
                        .reductions
                        .iter()
                        .map(|r| {
                            Ok(Reduction {
                                kind: r.kind.try_into()?,
                                amount: r.amount,
                            })
                        })
                        .collect::<KenpoResult<Vec<_>>>()?,
                    amount: d.amount,
                })
            })
            .collect::<KenpoResult<Vec<_>>>()?,
        total: s.total,
        days_paid: i64::from(s.days_paid),
        days_paid_cumulative: i64::from(s.days_paid_cumulative),
        explanation: (&s.explanation).into(),
    })
}
