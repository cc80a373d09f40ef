//! 傷病手当金 (sickness and injury allowance, [`kenpo_domain::sickness_allowance`], 健康保険法
//! 第99条, 第103条, 第104条, 第108条) with the society's 傷病手当付加金 and 延長傷病手当付加金
//! (第53条, the 規約: `cash_supplements`), and 出産手当金 (maternity allowance,
//! [`kenpo_domain::maternity_allowance`], 第102条), which pays the same daily amount. Methods of
//! [`Society`], whose configuration holds the fallback 標準報酬月額 for members insured under 12
//! months (第99条2項ただし書) and the 付加金.
//!
//! The days of a claim are health data: the records here have no `Debug`, and no error quotes a
//! date or an amount (it names the field, with the day's position: `days[3].pay`).
use kenpo_domain::cash_supplement as supplement;
use kenpo_domain::maternity_allowance as maternity;
use kenpo_domain::sickness_allowance as domain;
use kenpo_domain::Yen;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::code::ResultCode;
use crate::error::{sickness_error, KenpoError, KenpoResult};
use crate::explain::{self, Explanation};
use crate::scalar::{Exact, PlainDate, PlainMonth};
use crate::society::Society;

mirror_enum! {
    /// Whether the member worked on a day (労務に服したか).
    pub enum Work => domain::Work {
        /// Off work (unable to work; paid leave and closed days count as off).
        Off,
        /// Worked, even part of the day.
        Worked,
    }
}

mirror_enum! {
    /// A kind of other income deducted from the allowance (only the difference is paid).
    pub enum ReductionKind => domain::ReductionKind {
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
}

mirror_enum! {
    /// Why nothing is paid for a day.
    pub enum NotPayableReason => domain::NotPayableReason {
        /// The member worked.
        Worked,
        /// Not in (or before the end of) a run of 3 consecutive days off (待期, 第99条1項).
        WaitingNotCompleted,
        /// Other income for the day is at least the allowance.
        FullyOffset,
        /// Withheld until the allowance total reaches the 障害手当金 (第108条4項).
        DisabilityLumpSum,
        /// The 1 year 6 months maximum is used up (第99条4項).
        MaximumReached,
        /// After the loss of eligibility without the conditions of 第104条.
        NotEntitledAfterLoss,
        /// After the loss of eligibility the member could work on an earlier day.
        AbleToWorkAfterLoss,
        /// Outside the 出産手当金 period (第102条).
        OutsideMaternityPeriod,
    }
}

mirror_enum! {
    /// Which cash 付加金 of the 規約 (健康保険法 第53条).
    pub enum SupplementKind => supplement::SupplementKind {
        /// 傷病手当付加金.
        Sickness,
        /// 延長傷病手当付加金.
        ExtendedSickness,
        /// 出産育児付加金.
        Childbirth,
        /// 家族出産育児付加金.
        FamilyChildbirth,
        /// 埋葬料付加金.
        Burial,
        /// 家族埋葬料付加金.
        FamilyBurial,
    }
}

mirror_enum! {
    /// Single or multiple pregnancy (多胎妊娠: 98 days before the birth instead of 42).
    pub enum Pregnancy => maternity::Pregnancy {
        /// One baby.
        Single,
        /// Twins or more.
        Multiple,
    }
}

/// The 標準報酬月額 of one month under the current insurer (for the 12-month average, 健康保険法
/// 第99条2項).
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct StandardMonthly {
    /// The month.
    pub month: PlainMonth,
    /// 標準報酬月額 of that month, yen.
    pub amount: i64,
}

fn history(h: &[StandardMonthly]) -> Vec<domain::StandardMonthly> {
    h.iter()
        .map(|m| domain::StandardMonthly {
            month: m.month.0,
            amount: Yen::new(m.amount),
        })
        .collect()
}

/// The daily amount for a first payment day.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SicknessDailyAmountRequest {
    /// The member's 標準報酬月額 month by month, ascending.
    pub history: Vec<StandardMonthly>,
    /// The first payment day (支給開始日).
    pub first_payment_day: PlainDate,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// Which average the daily amount was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum AverageBasis {
    /// The 12 months up to the month of the first payment day (第99条2項本文).
    TwelveMonths,
    /// Insured under 12 months; the member's own average was the lower (ただし書 第1号).
    OwnShorterAverage {
        /// The months averaged.
        months: i32,
    },
    /// Insured under 12 months; the society's fallback was the lower or equal (ただし書 第2号).
    Fallback {
        /// The months of the member's own average.
        months: i32,
        /// The fallback 標準報酬月額 used, yen.
        amount: i64,
    },
}

fn months(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The daily amount of 傷病手当金 / 出産手当金 (健康保険法 第99条2項, 第102条2項) and how it was
/// reached.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DailyAmount {
    /// The first payment day (支給開始日).
    pub first_payment_day: PlainDate,
    /// The monthly average used, exact.
    pub average: Exact,
    /// Which average.
    pub basis: AverageBasis,
    /// 標準報酬日額: the average ÷ 30, rounded to 10 yen.
    pub standard_daily: i64,
    /// The allowance per day: 標準報酬日額 × 2/3, rounded to 1 yen.
    pub amount: i64,
    /// The steps, when asked for.
    pub explanation: Option<Explanation>,
}

fn daily(d: &domain::DailyAmount, explain: bool) -> KenpoResult<DailyAmount> {
    let basis = match d.basis {
        domain::AverageBasis::TwelveMonths => AverageBasis::TwelveMonths,
        domain::AverageBasis::OwnShorterAverage { months: m } => {
            AverageBasis::OwnShorterAverage { months: months(m) }
        }
        domain::AverageBasis::Fallback { months: m, amount } => AverageBasis::Fallback {
            months: months(m),
            amount: amount.get(),
        },
        _ => return Err(KenpoError::internal("an AverageBasis unknown to kenpo-api")),
    };
    Ok(DailyAmount {
        first_payment_day: PlainDate(d.first_payment_day),
        average: Exact(d.average.normalize()),
        basis,
        standard_daily: d.standard_daily.get(),
        amount: d.amount.get(),
        explanation: if explain {
            explain::optional(&d.explanation)
        } else {
            None
        },
    })
}

/// One calendar day of a claim and what the member received for it.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SickDay {
    /// The day.
    pub date: PlainDate,
    /// Off or worked.
    pub work: Work,
    /// Pay (報酬) for the day, yen (第108条1項).
    pub pay: i64,
    /// 出産手当金 for the same day, yen (第103条).
    pub maternity_allowance: i64,
    /// 労災保険 休業(補償)給付 for the same day, yen.
    pub workers_compensation: i64,
}

/// A pension paid for the same days, from a date, by its annual amount.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AnnualPension {
    /// The first day the pension is paid for.
    pub from: PlainDate,
    /// The annual amount, yen.
    pub annual: i64,
}

/// 障害手当金 for the same illness (第108条4項).
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DisabilityLumpSum {
    /// The first day for which the allowance counts against the lump sum.
    pub from: PlainDate,
    /// The lump sum, yen.
    pub amount: i64,
    /// Allowance already counted against it in earlier decisions, yen.
    pub counted_before: i64,
}

/// The loss of eligibility during the illness (continued benefit, 第104条).
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LossOfEligibility {
    /// 資格喪失日 (the day after leaving).
    pub loss_date: PlainDate,
    /// Insured continuously for at least 1 year before the loss (任意継続 and 共済 periods
    /// excluded).
    pub insured_one_year_before_loss: bool,
    /// Entitled on the last insured day, as decided earlier; `None` to decide it from the
    /// claim's own days.
    pub entitled_on_last_day: Option<bool>,
}

impl From<LossOfEligibility> for domain::LossOfEligibility {
    fn from(l: LossOfEligibility) -> Self {
        domain::LossOfEligibility {
            loss_date: l.loss_date.0,
            insured_one_year_before_loss: l.insured_one_year_before_loss,
            entitled_on_last_day: l.entitled_on_last_day,
        }
    }
}

/// What earlier decisions for the same illness established.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EarlierPayments {
    /// The first payment day already fixed.
    pub first_payment_day: PlainDate,
    /// Days already paid (counted against the maximum).
    pub days_paid: i32,
}

/// The 延長傷病手当付加金 of earlier decisions for the same illness.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EarlierExtended {
    /// The first day it was paid for.
    pub first_day: PlainDate,
    /// Days paid so far.
    pub days_paid: i32,
}

/// A 傷病手当金 claim: `kenpo_sickness_allowance` in C, `Society.sicknessAllowance` in Kotlin
/// and Swift.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SicknessAllowanceRequest {
    /// The days claimed, ascending, each at most once (a missing day breaks a run of days off).
    pub days: Vec<SickDay>,
    /// 標準報酬月額 under the current insurer, one entry per month, ascending.
    pub history: Vec<StandardMonthly>,
    /// Earlier decisions for the same illness.
    pub earlier: Option<EarlierPayments>,
    /// 障害厚生年金 (and 障害基礎年金) for the same illness (第108条3項).
    pub disability_pension: Option<AnnualPension>,
    /// 障害手当金 for the same illness (第108条4項).
    pub disability_lump_sum: Option<DisabilityLumpSum>,
    /// 老齢・退職年金, deducted only in continued benefit (第108条5項).
    pub old_age_pension: Option<AnnualPension>,
    /// The loss of eligibility during the claim (第104条).
    pub loss_of_eligibility: Option<LossOfEligibility>,
    /// The 延長傷病手当付加金 of earlier decisions, if any.
    pub earlier_extended: Option<EarlierExtended>,
    /// `true` to have the steps written out.
    pub explain: bool,
}

fn non_negative(value: i32, field: &str) -> KenpoResult<u32> {
    u32::try_from(value).map_err(|_| {
        KenpoError::input(
            ResultCode::InvalidSicknessPeriod,
            field,
            "must not be negative",
        )
    })
}

impl SicknessAllowanceRequest {
    fn claim(&self) -> KenpoResult<domain::SicknessClaim> {
        let pension = |p: AnnualPension| domain::AnnualPension {
            from: p.from.0,
            annual: Yen::new(p.annual),
        };
        Ok(domain::SicknessClaim {
            days: self
                .days
                .iter()
                .map(|d| domain::SickDay {
                    date: d.date.0,
                    work: d.work.into(),
                    pay: Yen::new(d.pay),
                    maternity_allowance: Yen::new(d.maternity_allowance),
                    workers_compensation: Yen::new(d.workers_compensation),
                })
                .collect(),
            history: history(&self.history),
            earlier: self
                .earlier
                .map(|e| {
                    Ok::<_, KenpoError>(domain::EarlierPayments {
                        first_payment_day: e.first_payment_day.0,
                        days_paid: non_negative(e.days_paid, "earlier.days_paid")?,
                    })
                })
                .transpose()?,
            disability_pension: self.disability_pension.map(pension),
            disability_lump_sum: self.disability_lump_sum.map(|l| domain::DisabilityLumpSum {
                from: l.from.0,
                amount: Yen::new(l.amount),
                counted_before: Yen::new(l.counted_before),
            }),
            old_age_pension: self.old_age_pension.map(pension),
            loss_of_eligibility: self.loss_of_eligibility.map(Into::into),
        })
    }
}

/// How the 1 year 6 months maximum is counted (健康保険法 第99条4項).
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum MaximumRule {
    /// By days paid (支給開始日 from 2020-07-02): at most this many days in all.
    CumulativeDays {
        /// Days that may be paid in total.
        maximum_days: i32,
    },
    /// By the calendar (earlier 支給開始日): nothing after this day.
    CalendarPeriod {
        /// The last day that can be paid.
        last_day: PlainDate,
    },
}

/// One deduction on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Reduction {
    /// What was deducted.
    pub kind: ReductionKind,
    /// The daily amount deducted, yen.
    pub amount: i64,
}

/// The outcome of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DayOutcome {
    /// Day `day` (1–3) of the waiting period (待期).
    Waiting {
        /// 1, 2 or 3.
        day: i32,
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

/// One day of a schedule.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ScheduledDay {
    /// The day.
    pub date: PlainDate,
    /// What happened.
    pub outcome: DayOutcome,
    /// Other income deducted.
    pub reductions: Vec<Reduction>,
    /// The amount paid for the day, yen.
    pub amount: i64,
}

fn scheduled_day(d: &domain::ScheduledDay) -> KenpoResult<ScheduledDay> {
    let outcome = match d.outcome {
        domain::DayOutcome::Waiting { day } => DayOutcome::Waiting {
            day: i32::from(day),
        },
        domain::DayOutcome::Paid => DayOutcome::Paid,
        domain::DayOutcome::Reduced => DayOutcome::Reduced,
        domain::DayOutcome::NotPayable { reason } => DayOutcome::NotPayable {
            reason: reason.try_into()?,
        },
        _ => return Err(KenpoError::internal("a DayOutcome unknown to kenpo-api")),
    };
    Ok(ScheduledDay {
        date: PlainDate(d.date),
        outcome,
        reductions: d
            .reductions
            .iter()
            .map(|r| {
                Ok(Reduction {
                    kind: r.kind.try_into()?,
                    amount: r.amount.get(),
                })
            })
            .collect::<KenpoResult<Vec<_>>>()?,
        amount: d.amount.get(),
    })
}

fn scheduled_days(days: &[domain::ScheduledDay]) -> KenpoResult<Vec<ScheduledDay>> {
    days.iter().map(scheduled_day).collect()
}

/// One day's 傷病手当付加金 or 延長傷病手当付加金.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SupplementDay {
    /// The day.
    pub date: PlainDate,
    /// Which 付加金.
    pub kind: SupplementKind,
    /// The month the 規約 entry applies from.
    pub rule_from: PlainMonth,
    /// The amount, yen.
    pub amount: i64,
}

/// The society's 傷病手当付加金 and 延長傷病手当付加金 of one decision (all zero when the 規約 pays
/// none).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SicknessSupplements {
    /// The days with a 付加金, in order.
    pub days: Vec<SupplementDay>,
    /// 傷病手当付加金 paid by this decision, yen.
    pub sickness_total: i64,
    /// 延長傷病手当付加金 paid by this decision, yen.
    pub extended_total: i64,
    /// The first day of the 延長傷病手当付加金, once there is one (pass it on as
    /// `earlier_extended`).
    pub extended_first_day: Option<PlainDate>,
    /// Days of 延長傷病手当付加金 paid so far, earlier decisions included.
    pub extended_days_paid_cumulative: i32,
}

/// The decided schedule of a 傷病手当金 claim.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SicknessSchedule {
    /// The daily amount, once a first payment day exists.
    pub daily_amount: Option<DailyAmount>,
    /// The maximum rule, once a first payment day exists.
    pub maximum: Option<MaximumRule>,
    /// One entry per claimed day, in order.
    pub days: Vec<ScheduledDay>,
    /// The total paid by this decision, yen.
    pub total: i64,
    /// Days paid by this decision (partly paid days count as whole days).
    pub days_paid: i32,
    /// Days paid for the illness so far, earlier decisions included.
    pub days_paid_cumulative: i32,
    /// The society's 付加金 on the same days.
    pub supplements: SicknessSupplements,
    /// The steps, when asked for.
    pub explanation: Option<Explanation>,
}

fn supplements(
    s: Option<&supplement::SicknessSupplementDecision>,
) -> KenpoResult<SicknessSupplements> {
    let empty = supplement::SicknessSupplementDecision::default();
    let s = s.unwrap_or(&empty);
    Ok(SicknessSupplements {
        days: s
            .days
            .iter()
            .map(|d| {
                Ok(SupplementDay {
                    date: PlainDate(d.date),
                    kind: d.kind.try_into()?,
                    rule_from: PlainMonth(d.rule_from),
                    amount: d.amount.get(),
                })
            })
            .collect::<KenpoResult<Vec<_>>>()?,
        sickness_total: s.sickness_total.get(),
        extended_total: s.extended_total.get(),
        extended_first_day: s.extended_first_day.map(PlainDate),
        extended_days_paid_cumulative: months(s.extended_days_paid_cumulative),
    })
}

fn maximum(m: domain::MaximumRule) -> KenpoResult<MaximumRule> {
    Ok(match m {
        domain::MaximumRule::CumulativeDays { maximum_days } => MaximumRule::CumulativeDays {
            maximum_days: months(maximum_days),
        },
        domain::MaximumRule::CalendarPeriod { last_day } => MaximumRule::CalendarPeriod {
            last_day: PlainDate(last_day),
        },
        _ => return Err(KenpoError::internal("a MaximumRule unknown to kenpo-api")),
    })
}

// ---- 出産手当金

/// One claimed day of 出産手当金.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MaternityDay {
    /// The day.
    pub date: PlainDate,
    /// Off or worked.
    pub work: Work,
    /// Pay (報酬) for the day, yen (第108条1項).
    pub pay: i64,
}

/// A 出産手当金 claim: `kenpo_maternity_allowance` in C, `Society.maternityAllowance` in Kotlin
/// and Swift.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MaternityAllowanceRequest {
    /// The due date (出産予定日).
    pub due_date: PlainDate,
    /// The birth date (出産日).
    pub birth_date: PlainDate,
    /// Single or multiple pregnancy.
    pub pregnancy: Pregnancy,
    /// The claimed days, ascending.
    pub days: Vec<MaternityDay>,
    /// 標準報酬月額 under the current insurer, ascending.
    pub history: Vec<StandardMonthly>,
    /// The loss of eligibility during the period (第104条).
    pub loss_of_eligibility: Option<LossOfEligibility>,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// The 出産手当金 period (健康保険法 第102条1項).
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MaternityPeriod {
    /// The first day: 42 (98) days up to and including the earlier of the birth and due date.
    pub first_day: PlainDate,
    /// The last day: the 56th day after the birth.
    pub last_day: PlainDate,
    /// Days the birth came after the due date (paid within the period before the birth).
    pub late_days: i32,
    /// The days in the period.
    pub days: i32,
}

/// The decided schedule of a 出産手当金 claim.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MaternitySchedule {
    /// The period.
    pub period: MaternityPeriod,
    /// The daily amount, once a day is paid.
    pub daily_amount: Option<DailyAmount>,
    /// One entry per claimed day (pass a day's `amount` as `maternity_allowance` of the same
    /// day of a 傷病手当金 claim, 第103条).
    pub days: Vec<ScheduledDay>,
    /// The total paid, yen.
    pub total: i64,
    /// The steps, when asked for.
    pub explanation: Option<Explanation>,
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl Society {
    /// The daily amount of 傷病手当金 for a first payment day (健康保険法 第99条2項): the 12-month
    /// average of 標準報酬月額 ÷ 30 rounded to 10 yen, × 2/3 rounded to 1 yen; under 12 months
    /// insured, the lower of the member's own average and the society's fallback
    /// (`sickness_allowance_fallback`).
    pub fn sickness_daily_amount(
        &self,
        request: SicknessDailyAmountRequest,
    ) -> KenpoResult<DailyAmount> {
        let d = domain::daily_amount(
            &history(&request.history),
            request.first_payment_day.0,
            &self.config().sickness_fallback_averages(),
        )
        .map_err(|e| sickness_error(e, ResultCode::InvalidSicknessPeriod))?;
        daily(&d, request.explain)
    }

    /// A 傷病手当金 claim decided day by day (健康保険法 第99条, 第103条, 第104条, 第108条): the
    /// waiting period, the maximum, the other income deducted, continued benefit after the loss;
    /// with the society's 傷病手当付加金 and 延長傷病手当付加金 on the same days (第53条, the
    /// 規約's `cash_supplements`).
    pub fn sickness_allowance(
        &self,
        request: SicknessAllowanceRequest,
    ) -> KenpoResult<SicknessSchedule> {
        let claim = request.claim()?;
        let earlier_extended = request
            .earlier_extended
            .map(|e| {
                Ok::<_, KenpoError>(supplement::EarlierExtended {
                    first_day: e.first_day.0,
                    days_paid: non_negative(e.days_paid, "earlier_extended.days_paid")?,
                })
            })
            .transpose()?;
        let config = self.config();
        let s = domain::schedule_with_supplements(
            &claim,
            &config.sickness_fallback_averages(),
            &config.cash_supplements,
            earlier_extended,
        )
        .map_err(|e| sickness_error(e, ResultCode::InvalidSicknessPeriod))?;
        Ok(SicknessSchedule {
            daily_amount: s
                .daily_amount
                .as_ref()
                .map(|d| daily(d, request.explain))
                .transpose()?,
            maximum: s.maximum.map(maximum).transpose()?,
            days: scheduled_days(&s.days)?,
            total: s.total.get(),
            days_paid: months(s.days_paid),
            days_paid_cumulative: months(s.days_paid_cumulative),
            supplements: supplements(s.supplements.as_ref())?,
            explanation: if request.explain {
                explain::optional(&s.explanation)
            } else {
                None
            },
        })
    }

    /// A 出産手当金 claim decided day by day (健康保険法 第102条, 第104条, 第108条1項): the days
    /// not worked from 42 (98) days before the birth (from the due date when later) to 56 days
    /// after it, at the daily amount of 傷病手当金.
    pub fn maternity_allowance(
        &self,
        request: MaternityAllowanceRequest,
    ) -> KenpoResult<MaternitySchedule> {
        let claim = maternity::MaternityClaim {
            due_date: request.due_date.0,
            birth_date: request.birth_date.0,
            pregnancy: request.pregnancy.into(),
            days: request
                .days
                .iter()
                .map(|d| maternity::MaternityDay {
                    date: d.date.0,
                    work: d.work.into(),
                    pay: Yen::new(d.pay),
                })
                .collect(),
            history: history(&request.history),
            loss_of_eligibility: request.loss_of_eligibility.map(Into::into),
        };
        let s = maternity::schedule(&claim, &self.config().sickness_fallback_averages())?;
        Ok(MaternitySchedule {
            period: MaternityPeriod {
                first_day: PlainDate(s.period.first_day),
                last_day: PlainDate(s.period.last_day),
                late_days: months(s.period.late_days),
                days: months(s.period.days()),
            },
            daily_amount: s
                .daily_amount
                .as_ref()
                .map(|d| daily(d, request.explain))
                .transpose()?,
            days: scheduled_days(&s.days)?,
            total: s.total.get(),
            explanation: if request.explain {
                explain::optional(&s.explanation)
            } else {
                None
            },
        })
    }
}
