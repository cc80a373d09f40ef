//! Standard remuneration (標準報酬, [`kenpo_domain::standard_remuneration`]): the grade table
//! (健康保険法 第40条), 資格取得時決定 (第42条), 定時決定 (第41条), 随時改定 (第43条), the
//! leave-end revisions (第43条の2, 第43条の3) and the 標準賞与額 (第45条).
use kenpo_domain::standard_remuneration as domain;
use kenpo_domain::Yen;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::batch::{self, Rejection};
use crate::code::ResultCode;
use crate::error::{KenpoError, KenpoResult};
use crate::explain::{self, Explanation};
use crate::scalar::{PlainDate, PlainMonth};

/// A grade of 標準報酬月額 (標準報酬月額の等級, 健康保険法 第40条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Grade {
    /// The grade number (等級), 1–50.
    pub number: i32,
    /// The 標準報酬月額, yen.
    pub standard_monthly: i64,
}

impl From<domain::Grade> for Grade {
    fn from(g: domain::Grade) -> Self {
        Grade {
            number: i32::from(g.number),
            standard_monthly: g.standard_monthly.get(),
        }
    }
}

impl TryFrom<Grade> for domain::Grade {
    type Error = KenpoError;
    fn try_from(g: Grade) -> KenpoResult<Self> {
        let grade = domain::Grade::from_standard_monthly(Yen::new(g.standard_monthly))
            .map_err(|e| KenpoError::from(e).within("standard_monthly"))?;
        if i32::from(grade.number) != g.number {
            return Err(KenpoError::input(
                ResultCode::InvalidRemuneration,
                "number",
                "this grade does not have this 標準報酬月額",
            ));
        }
        Ok(grade)
    }
}

fn domain_grade(g: Grade, field: &str) -> KenpoResult<domain::Grade> {
    domain::Grade::try_from(g).map_err(|e| e.within(field))
}

mirror_enum! {
    /// The kind of worker, which sets the payment-base-day threshold (支払基礎日数).
    pub enum WorkerKind => domain::WorkerKind {
        /// An ordinary insured person: 17 days.
        Regular,
        /// 短時間労働者 (則24条の2): 11 days.
        ShortTimeWorker,
        /// A part-timer who is an ordinary insured person: 17 days, else 15 in 定時決定.
        PartTimer,
    }
}

mirror_enum! {
    /// Which decision fixed the grade.
    pub enum DecisionKind => domain::DecisionKind {
        /// 資格取得時決定 (法42条).
        Acquisition,
        /// 定時決定 (法41条).
        Regular,
        /// 随時改定 (法43条).
        Occasional,
        /// 育児休業等終了時改定 (法43条の2).
        ChildcareLeaveEnd,
        /// 産前産後休業終了時改定 (法43条の3).
        MaternityLeaveEnd,
    }
}

mirror_enum! {
    /// Why a person is not part of this year's 定時決定 (健康保険法 第41条3項).
    pub enum RegularExclusion => domain::RegularExclusion {
        /// Acquired from 1 June to 1 July of the year.
        AcquiredJuneToJuly1,
        /// Not employed on 1 July.
        NotEmployedOnJuly1,
        /// A revision applies from July, August or September.
        RevisedInJulyToSeptember,
    }
}

mirror_enum! {
    /// The direction of a change in fixed wages (固定的賃金の変動).
    pub enum FixedWageChange => domain::FixedWageChange {
        /// A rise (昇給).
        Increase,
        /// A cut (降給).
        Decrease,
    }
}

mirror_enum! {
    /// The leave that ended, for a leave-end revision.
    pub enum EndedLeave => domain::EndedLeave {
        /// 育児休業等 (法43条の2).
        Childcare,
        /// 産前産後休業 (法43条の3).
        Maternity,
    }
}

/// The remuneration paid in one month (報酬月額の基礎).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MonthPay {
    /// The month the remuneration was paid in.
    pub month: PlainMonth,
    /// 支払基礎日数 (0–31).
    pub base_days: i32,
    /// The remuneration paid in the month, yen.
    pub amount: i64,
    /// `true` for pay covering only part of a pay period (途中入社の月).
    pub partial_period: bool,
}

fn months(pay: &[MonthPay]) -> KenpoResult<Vec<domain::MonthPay>> {
    pay.iter()
        .enumerate()
        .map(|(i, m)| {
            Ok(domain::MonthPay {
                month: m.month.0,
                base_days: u8::try_from(m.base_days)
                    .ok()
                    .filter(|d| *d <= 31)
                    .ok_or_else(|| {
                        KenpoError::input(
                            ResultCode::InvalidRemuneration,
                            format!("months[{i}].base_days"),
                            "not within 0–31",
                        )
                    })?,
                amount: Yen::new(m.amount),
                partial_period: m.partial_period,
            })
        })
        .collect()
}

/// Why a month was left out of an average.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DropReason {
    /// Fewer payment-base days than the threshold.
    TooFewBaseDays {
        /// The days of the month.
        days: i32,
        /// The threshold applied.
        threshold: i32,
    },
    /// A part-timer's 15–16-day month, unused because another month reached 17 days.
    PartTimerFallbackNotNeeded,
    /// Pay for part of a pay period (途中入社).
    PartialPeriod,
    /// Before the person was employed at the office.
    BeforeAcquisition,
}

/// A month left out, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DroppedMonth {
    /// The month.
    pub month: PlainMonth,
    /// Why.
    pub reason: DropReason,
}

/// A decided 標準報酬月額 and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct StandardDecision {
    /// The decision that made it.
    pub kind: DecisionKind,
    /// The grade decided.
    pub grade: Grade,
    /// The 報酬月額 the grade was looked up with, yen; `None` when the previous grade was kept.
    pub monthly_remuneration: Option<i64>,
    /// The first premium month the grade applies to.
    pub effective_from: PlainMonth,
    /// The last month it applies to unless replaced (an August).
    pub valid_through: PlainMonth,
    /// The months averaged.
    pub months_used: Vec<PlainMonth>,
    /// The months left out, with the reason.
    pub months_dropped: Vec<DroppedMonth>,
    /// `true` when no month qualified and the previous grade was kept (保険者決定).
    pub kept_previous: bool,
    /// The steps, when asked for.
    pub explanation: Option<Explanation>,
}

impl TryFrom<&domain::StandardDecision> for StandardDecision {
    type Error = KenpoError;
    fn try_from(d: &domain::StandardDecision) -> KenpoResult<Self> {
        let months_dropped = d
            .months_dropped
            .iter()
            .map(|m| {
                let reason = match m.reason {
                    domain::DropReason::TooFewBaseDays { days, threshold } => {
                        DropReason::TooFewBaseDays {
                            days: i32::from(days),
                            threshold: i32::from(threshold),
                        }
                    }
                    domain::DropReason::PartTimerFallbackNotNeeded => {
                        DropReason::PartTimerFallbackNotNeeded
                    }
                    domain::DropReason::PartialPeriod => DropReason::PartialPeriod,
                    domain::DropReason::BeforeAcquisition => DropReason::BeforeAcquisition,
                    _ => return Err(KenpoError::internal("a DropReason unknown to kenpo-api")),
                };
                Ok(DroppedMonth {
                    month: PlainMonth(m.month),
                    reason,
                })
            })
            .collect::<KenpoResult<Vec<_>>>()?;
        Ok(StandardDecision {
            kind: d.kind.try_into()?,
            grade: d.grade.into(),
            monthly_remuneration: d.monthly_remuneration.map(Yen::get),
            effective_from: PlainMonth(d.effective_from),
            valid_through: PlainMonth(d.valid_through),
            months_used: d.months_used.iter().copied().map(PlainMonth).collect(),
            months_dropped,
            kept_previous: d.kept_previous,
            explanation: explain::optional(&d.explanation),
        })
    }
}

/// The grade a 報酬月額 falls in, in the grade table in force in `month` (健康保険法 第40条1項).
///
/// # Errors
/// [`KenpoError::InvalidInput`] for a negative amount; [`KenpoError::Refused`] before the first
/// table this library knows (2016-04).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn grade_for_remuneration(month: PlainMonth, monthly_remuneration: i64) -> KenpoResult<Grade> {
    if monthly_remuneration < 0 {
        return Err(KenpoError::input(
            ResultCode::InvalidAmount,
            "monthly_remuneration",
            "must not be negative",
        ));
    }
    let table = domain::grade_table_for(month.0)?;
    Ok(table.grade_for(Yen::new(monthly_remuneration)).into())
}

/// The grade whose 標準報酬月額 is `standard_monthly` (300,000 → grade 22); refused when no grade
/// has that amount.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn grade_from_standard_monthly(standard_monthly: i64) -> KenpoResult<Grade> {
    domain::Grade::from_standard_monthly(Yen::new(standard_monthly))
        .map(Grade::from)
        .map_err(|e| KenpoError::from(e).within("standard_monthly"))
}

/// How the 報酬月額 at acquisition is known (法42条1項).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum AcquisitionRemuneration {
    /// A monthly wage (月給): the amount fixed for the month (1号).
    Monthly {
        /// The monthly remuneration, yen.
        amount: i64,
    },
    /// Pay fixed per week or other period (1号): amount ÷ days of the period × 30.
    PerPeriod {
        /// The pay for one period, yen.
        amount: i64,
        /// The days of the period (1–366).
        period_days: i32,
    },
    /// Daily or hourly pay (2号・3号): the average 報酬月額 of similar workers at the office in
    /// the previous month, computed by the caller.
    SimilarWorkers {
        /// The average of similar workers, yen.
        amount: i64,
    },
}

/// 資格取得時決定 for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AcquisitionDecisionRequest {
    /// 資格取得日.
    pub acquired_on: PlainDate,
    /// The remuneration.
    pub remuneration: AcquisitionRemuneration,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// 資格取得時決定 (decision at acquisition, 健康保険法 第42条).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn decide_at_acquisition(request: AcquisitionDecisionRequest) -> KenpoResult<StandardDecision> {
    let remuneration = match request.remuneration {
        AcquisitionRemuneration::Monthly { amount } => domain::AcquisitionRemuneration::Monthly {
            amount: Yen::new(amount),
        },
        AcquisitionRemuneration::PerPeriod {
            amount,
            period_days,
        } => domain::AcquisitionRemuneration::PerPeriod {
            amount: Yen::new(amount),
            period_days: u16::try_from(period_days).map_err(|_| {
                KenpoError::input(
                    ResultCode::InvalidRemuneration,
                    "remuneration.period_days",
                    "not within 1–366",
                )
            })?,
        },
        AcquisitionRemuneration::SimilarWorkers { amount } => {
            domain::AcquisitionRemuneration::SimilarWorkers {
                amount: Yen::new(amount),
            }
        }
    };
    let d = domain::decide_at_acquisition_with(
        request.acquired_on.0,
        remuneration,
        explain::mode(request.explain),
    )
    .map_err(|e| KenpoError::from(e).within("remuneration"))?;
    StandardDecision::try_from(&d)
}

/// The input of a 定時決定 (算定基礎届) for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RegularDeterminationRequest {
    /// The year (April–June of this year; applies from September).
    pub year: i32,
    /// The kind of worker.
    pub worker: WorkerKind,
    /// The date eligibility was acquired at the office.
    pub acquired_on: PlainDate,
    /// The current grade, kept when no month qualifies.
    pub previous: Option<Grade>,
    /// The month a 随時改定 or leave-end revision applies from, if any.
    pub revision_effective_from: Option<PlainMonth>,
    /// The pay of April, May and June.
    pub months: Vec<MonthPay>,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// The result of a 定時決定.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "outcome")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum RegularOutcome {
    /// A grade was decided (possibly the previous one kept).
    Decided {
        /// The decision.
        decision: StandardDecision,
    },
    /// The person is excluded this year.
    Excluded {
        /// Why.
        reason: RegularExclusion,
        /// The steps, when asked for.
        explanation: Option<Explanation>,
    },
}

/// 定時決定 (regular determination, 算定基礎届, 健康保険法 第41条).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn regular_determination(request: RegularDeterminationRequest) -> KenpoResult<RegularOutcome> {
    let previous = request
        .previous
        .map(|g| domain_grade(g, "previous"))
        .transpose()?;
    let input = domain::RegularDeterminationInput {
        year: request.year,
        worker: request.worker.into(),
        acquired_on: request.acquired_on.0,
        previous,
        revision_effective_from: request.revision_effective_from.map(|m| m.0),
        months: months(&request.months)?,
    };
    match domain::regular_determination_with(&input, explain::mode(request.explain))? {
        domain::RegularOutcome::Decided(d) => Ok(RegularOutcome::Decided {
            decision: StandardDecision::try_from(&d)?,
        }),
        domain::RegularOutcome::Excluded {
            reason,
            explanation,
        } => Ok(RegularOutcome::Excluded {
            reason: reason.try_into()?,
            explanation: explain::optional(&explanation),
        }),
        _ => Err(KenpoError::internal(
            "a RegularOutcome unknown to kenpo-api",
        )),
    }
}

/// The 定時決定 of many persons in one call (算定基礎届 of a whole society).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RegularDeterminationBatchRequest {
    /// One request per person.
    pub persons: Vec<RegularDeterminationRequest>,
}

/// The outcomes of a batch, in input order (`None` where refused), and the persons refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RegularDeterminationBatch {
    /// One outcome per person.
    pub outcomes: Vec<Option<RegularOutcome>>,
    /// The persons refused.
    pub rejected: Vec<Rejection>,
}

/// 定時決定 for many persons, each answered on its own.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn regular_determinations(
    request: RegularDeterminationBatchRequest,
) -> RegularDeterminationBatch {
    let (outcomes, rejected) = batch::run(&request.persons, |p| regular_determination(p.clone()));
    RegularDeterminationBatch { outcomes, rejected }
}

/// The input of a 随時改定 (月額変更届).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OccasionalRevisionRequest {
    /// The kind of worker (17 days, 11 for 短時間労働者).
    pub worker: WorkerKind,
    /// The grade in force before the change.
    pub current: Grade,
    /// The 報酬月額 the current grade was decided from, yen (needed at the ends of the table);
    /// `None` when unknown.
    pub current_remuneration: Option<i64>,
    /// The direction of the fixed-wage change.
    pub change: FixedWageChange,
    /// The month the changed wage was first paid.
    pub first_month: PlainMonth,
    /// The pay of the three months starting with `first_month`.
    pub months: Vec<MonthPay>,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// Why no revision takes place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum NoRevisionReason {
    /// One of the three months has too few payment-base days (no month may be dropped).
    ShortMonth {
        /// The month.
        month: PlainMonth,
        /// Its base days.
        days: i32,
        /// The threshold.
        threshold: i32,
    },
    /// The new grade is less than two grades (or the equivalent at the table's ends) away.
    LessThanTwoGrades {
        /// Grades moved (signed).
        steps: i32,
    },
    /// The grade moved against the direction of the fixed-wage change.
    OppositeDirection {
        /// Grades moved (signed).
        steps: i32,
    },
    /// A leave-end revision: the grade did not change.
    NoChange,
    /// A leave-end revision: no month had enough base days.
    NoQualifyingMonth,
    /// A leave-end revision: another leave started the day after.
    AnotherLeaveFollows,
}

/// The result of a revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "outcome")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum RevisionOutcome {
    /// The grade is revised.
    Revised {
        /// The decision.
        decision: StandardDecision,
    },
    /// No revision.
    NotRevised {
        /// Why.
        reason: NoRevisionReason,
        /// The steps, when asked for.
        explanation: Option<Explanation>,
    },
}

fn revision(outcome: domain::RevisionOutcome) -> KenpoResult<RevisionOutcome> {
    match outcome {
        domain::RevisionOutcome::Revised(d) => Ok(RevisionOutcome::Revised {
            decision: StandardDecision::try_from(&d)?,
        }),
        domain::RevisionOutcome::NotRevised {
            reason,
            explanation,
        } => {
            let reason = match reason {
                domain::NoRevisionReason::ShortMonth {
                    month,
                    days,
                    threshold,
                } => NoRevisionReason::ShortMonth {
                    month: PlainMonth(month),
                    days: i32::from(days),
                    threshold: i32::from(threshold),
                },
                domain::NoRevisionReason::LessThanTwoGrades { steps } => {
                    NoRevisionReason::LessThanTwoGrades {
                        steps: i32::from(steps),
                    }
                }
                domain::NoRevisionReason::OppositeDirection { steps } => {
                    NoRevisionReason::OppositeDirection {
                        steps: i32::from(steps),
                    }
                }
                domain::NoRevisionReason::NoChange => NoRevisionReason::NoChange,
                domain::NoRevisionReason::NoQualifyingMonth => NoRevisionReason::NoQualifyingMonth,
                domain::NoRevisionReason::AnotherLeaveFollows => {
                    NoRevisionReason::AnotherLeaveFollows
                }
                _ => {
                    return Err(KenpoError::internal(
                        "a NoRevisionReason unknown to kenpo-api",
                    ))
                }
            };
            Ok(RevisionOutcome::NotRevised {
                reason,
                explanation: explain::optional(&explanation),
            })
        }
        _ => Err(KenpoError::internal(
            "a RevisionOutcome unknown to kenpo-api",
        )),
    }
}

/// 随時改定 (occasional revision, 月額変更届, 健康保険法 第43条): a fixed-wage change giving a
/// grade two or more away in the same direction, over three months each with enough base days.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn occasional_revision(request: OccasionalRevisionRequest) -> KenpoResult<RevisionOutcome> {
    let input = domain::OccasionalRevisionInput {
        worker: request.worker.into(),
        current: domain_grade(request.current, "current")?,
        current_remuneration: request.current_remuneration.map(Yen::new),
        change: request.change.into(),
        first_month: request.first_month.0,
        months: months(&request.months)?,
    };
    revision(domain::occasional_revision_with(
        &input,
        explain::mode(request.explain),
    )?)
}

/// The input of a leave-end revision (育児休業等終了時改定 / 産前産後休業終了時改定).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LeaveEndRevisionRequest {
    /// Which leave ended.
    pub leave: EndedLeave,
    /// The last day of the leave.
    pub leave_ended_on: PlainDate,
    /// `true` when another leave starts the day after (then no revision).
    pub another_leave_follows: bool,
    /// The kind of worker.
    pub worker: WorkerKind,
    /// The grade in force.
    pub current: Grade,
    /// The pay of the three months starting with the month containing the day after the leave.
    pub months: Vec<MonthPay>,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// 育児休業等終了時改定 (法43条の2) / 産前産後休業終了時改定 (法43条の3): revised when the average
/// of the three months differs by one grade or more.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn leave_end_revision(request: LeaveEndRevisionRequest) -> KenpoResult<RevisionOutcome> {
    let input = domain::LeaveEndRevisionInput {
        leave: request.leave.into(),
        leave_ended_on: request.leave_ended_on.0,
        another_leave_follows: request.another_leave_follows,
        worker: request.worker.into(),
        current: domain_grade(request.current, "current")?,
        months: months(&request.months)?,
    };
    revision(domain::leave_end_revision_with(
        &input,
        explain::mode(request.explain),
    )?)
}

/// One bonus for its 標準賞与額.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct StandardBonusRequest {
    /// The day it was paid.
    pub paid_on: PlainDate,
    /// The amount paid, yen.
    pub amount: i64,
    /// The 標準賞与額 already counted in the same fiscal year (April–March), yen.
    pub cumulative_before: i64,
}

/// The 標準賞与額 of one bonus and how it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct StandardBonus {
    /// The month it was paid in (the premium month it belongs to).
    pub month: PlainMonth,
    /// The 標準賞与額 (after the 1,000-yen floor and the annual cap), yen.
    pub standard: i64,
    /// The fiscal-year cumulative 標準賞与額 after this bonus, yen.
    pub cumulative: i64,
    /// `true` when the cap cut this bonus.
    pub capped: bool,
}

/// The 標準賞与額 (健康保険法 第45条): the bonus with the part below 1,000 yen cut off, capped so
/// that the fiscal-year cumulative does not pass the annual cap (5,730,000 from 2016-04).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn standard_bonus(request: StandardBonusRequest) -> KenpoResult<StandardBonus> {
    let b = domain::standard_bonus(
        domain::BonusPayment {
            paid_on: request.paid_on.0,
            amount: Yen::new(request.amount),
        },
        Yen::new(request.cumulative_before),
    )?;
    Ok(StandardBonus {
        month: PlainMonth(b.month),
        standard: b.standard.get(),
        cumulative: b.cumulative.get(),
        capped: b.capped,
    })
}
