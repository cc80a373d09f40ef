//! Standard remuneration (標準報酬, [`kenpo_domain::standard_remuneration`]): the grade table
//! (健康保険法 第40条) and the 定時決定 (第41条).

use kenpo_domain::money::Yen;
use kenpo_domain::standard_remuneration as domain;

use crate::error::{KenpoError, KenpoResult};
use crate::explain::Explanation;
use crate::types::{IsoDate, IsoMonth};

/// A grade of 標準報酬月額 (標準報酬月額の等級, 健康保険法 第40条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct Grade {
    /// The grade number (等級), 1–50.
    pub number: i32,
    /// The 標準報酬月額.
    pub standard_monthly: Yen,
}

impl From<domain::Grade> for Grade {
    fn from(g: domain::Grade) -> Self {
        Grade {
            number: i32::from(g.number),
            standard_monthly: g.standard_monthly,
        }
    }
}

impl TryFrom<Grade> for domain::Grade {
    type Error = KenpoError;
    fn try_from(g: Grade) -> KenpoResult<Self> {
        let grade = domain::Grade::from_standard_monthly(g.standard_monthly)?;
        if i32::from(grade.number) != g.number {
            return Err(KenpoError::argument(
                "number",
                format!("grade {} does not have this 標準報酬月額", g.number),
            ));
        }
        Ok(grade)
    }
}

/// The grade a 報酬月額 falls in (健康保険法 第40条1項).
#[uniffi::export]
pub fn grade_for_monthly_remuneration(monthly_remuneration: Yen) -> Grade {
    domain::grade_for_monthly_remuneration(monthly_remuneration).into()
}

/// The grade whose 標準報酬月額 is `standard_monthly` (300,000 → grade 22); refused when no grade
/// has that amount.
#[uniffi::export]
pub fn grade_from_standard_monthly(standard_monthly: Yen) -> KenpoResult<Grade> {
    domain::Grade::from_standard_monthly(standard_monthly)
        .map(Grade::from)
        .map_err(|e| KenpoError::from(e).within("standard_monthly"))
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

/// The remuneration paid in one month (報酬月額の基礎).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct MonthPay {
    /// The month the remuneration was paid in.
    pub month: IsoMonth,
    /// 支払基礎日数 (0–31).
    pub base_days: i32,
    /// The remuneration paid in the month.
    pub amount: Yen,
    /// `true` for pay covering only part of a pay period (途中入社の月).
    pub partial_period: bool,
}

/// Why a month was left out of an average.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct DroppedMonth {
    /// The month.
    pub month: IsoMonth,
    /// Why.
    pub reason: DropReason,
}

/// A decided 標準報酬月額 and why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct StandardDecision {
    /// The decision that made it.
    pub kind: DecisionKind,
    /// The grade decided.
    pub grade: Grade,
    /// The 報酬月額 the grade was looked up with; `None` when the previous grade was kept.
    pub monthly_remuneration: Option<Yen>,
    /// The first premium month the grade applies to.
    pub effective_from: IsoMonth,
    /// The last month it applies to unless replaced (an August).
    pub valid_through: IsoMonth,
    /// The months averaged.
    pub months_used: Vec<IsoMonth>,
    /// The months left out, with the reason.
    pub months_dropped: Vec<DroppedMonth>,
    /// `true` when no month qualified and the previous grade was kept (保険者決定).
    pub kept_previous: bool,
    /// The steps.
    pub explanation: Explanation,
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
                    _ => return Err(KenpoError::unknown_variant("DropReason")),
                };
                Ok(DroppedMonth {
                    month: m.month,
                    reason,
                })
            })
            .collect::<KenpoResult<Vec<_>>>()?;
        Ok(StandardDecision {
            kind: d.kind.try_into()?,
            grade: d.grade.into(),
            monthly_remuneration: d.monthly_remuneration,
            effective_from: d.effective_from,
            valid_through: d.valid_through,
            months_used: d.months_used.clone(),
            months_dropped,
            kept_previous: d.kept_previous,
            explanation: (&d.explanation).into(),
        })
    }
}

/// The input of a 定時決定 (算定基礎届) for one person.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RegularDeterminationInput {
    /// The year (April–June of this year; applies from September).
    pub year: i32,
    /// The kind of worker.
    pub worker: WorkerKind,
    /// The date eligibility was acquired at the office.
    pub acquired_on: IsoDate,
    /// The current grade, kept when no month qualifies.
    pub previous: Option<Grade>,
    /// The month a 随時改定 or leave-end revision applies from, if any.
    pub revision_effective_from: Option<IsoMonth>,
    /// The pay of April, May and June.
    pub months: Vec<MonthPay>,
}

/// The result of a 定時決定.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
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
        /// The steps.
        explanation: Explanation,
    },
}

/// 定時決定 (regular determination, 算定基礎届, 健康保険法 第41条).
#[uniffi::export]
pub fn regular_determination(input: RegularDeterminationInput) -> KenpoResult<RegularOutcome> {
    let previous = input
        .previous
        .map(domain::Grade::try_from)
        .transpose()
        .map_err(|e| e.within("previous"))?;
    let months = input
        .months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            Ok(domain::MonthPay {
                month: m.month,
                base_days: u8::try_from(m.base_days).map_err(|_| {
                    KenpoError::argument(format!("months[{i}].base_days"), "not within 0–31")
                })?,
                amount: m.amount,
                partial_period: m.partial_period,
            })
        })
        .collect::<KenpoResult<Vec<_>>>()?;
    let domain_input = domain::RegularDeterminationInput {
        year: input.year,
        worker: input.worker.into(),
        acquired_on: input.acquired_on,
        previous,
        revision_effective_from: input.revision_effective_from,
        months,
    };
    match domain::regular_determination(&domain_input)? {
        domain::RegularOutcome::Decided(d) => Ok(RegularOutcome::Decided {
            decision: StandardDecision::try_from(&d)?,
        }),
        domain::RegularOutcome::Excluded {
            reason,
            explanation,
        } => Ok(RegularOutcome::Excluded {
            reason: reason.try_into()?,
            explanation: (&explanation).into(),
        }),
        _ => Err(KenpoError::unknown_variant("RegularOutcome")),
    }
}
