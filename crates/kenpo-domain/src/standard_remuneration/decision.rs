//! The decisions that fix a member's 標準報酬月額: at acquisition (法42条), the regular
//! determination (法41条), the occasional revision (法43条) and the revisions at the end of
//! childcare or maternity leave (法43条の2, 43条の3).

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{grade_table_for, Grade, GradeError, GradeTable};
use crate::calendar::YearMonth;
use crate::explanation::{Explain, Explanation};
use crate::money::Yen;
use crate::rounding;

/// The payment-base-day thresholds (支払基礎日数), with the date they apply from and their source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BaseDayRules {
    /// The first day the thresholds apply (the 11-day rule for 短時間労働者 started 2016-10-01).
    pub effective_from: NaiveDate,
    /// Ordinary insured: a month counts with at least this many days (17日).
    pub regular: u8,
    /// 短時間労働者 (則24条の2, 特定適用事業所 coverage): 11日.
    pub short_time_worker: u8,
    /// Part-timers who are ordinary insured (短時間就労者): when no month reaches
    /// [`regular`](Self::regular), months with at least this many days are used (15日).
    pub part_timer_fallback: u8,
    /// Where the figures come from.
    pub source: &'static str,
}

/// The thresholds in force: 17 days (法41条1項), 11 days for 短時間労働者 (法41条1項 括弧書き,
/// 則24条の2, since 2016-10-01), 15 days for part-timers (日本年金機構 算定基礎届の手引き; an
/// administrative rule, not statute).
pub const BASE_DAY_RULES: BaseDayRules = BaseDayRules {
    effective_from: match NaiveDate::from_ymd_opt(2016, 10, 1) {
        Some(d) => d,
        None => NaiveDate::MIN,
    },
    regular: 17,
    short_time_worker: 11,
    part_timer_fallback: 15,
    source: "健康保険法 第41条1項・第43条1項 (17日, 短時間労働者11日); 日本年金機構 算定基礎届の手引き (短時間就労者15日)",
};

/// The 報酬月額 from which a move between grades 49 and 50 counts as two grades in a 随時改定
/// (1,415,000 yen: the top bound of grade 50 had the table continued by 60,000).
///
/// Source: 日本年金機構 「随時改定」 (2等級差に相当する場合), as quoted by
/// <https://honounosharoushi.com/timetotime> (secondary; docs/SOURCES.md §1.5).
pub const TOP_END_EQUIVALENT_FROM: Yen = Yen::new(1_415_000);

/// The 報酬月額 below which a move between grades 1 and 2 counts as two grades in a 随時改定
/// (53,000 yen: the lower bound of grade 1 had the table continued by 10,000).
///
/// **Doubt**: read only on a secondary page quoting the 日本年金機構 page
/// `nenkin.go.jp/service/kounen/hokenryo/hoshu/20150515-02.html` (docs/SOURCES.md §11 item 5).
pub const BOTTOM_END_EQUIVALENT_BELOW: Yen = Yen::new(53_000);

/// The kind of worker, which sets the payment-base-day threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WorkerKind {
    /// An ordinary insured person (一般の被保険者): 17 days.
    Regular,
    /// 短時間労働者 (則24条の2; covered by the 特定適用事業所 expansion): 11 days.
    ShortTimeWorker,
    /// A part-timer who is an ordinary insured person (短時間就労者, 「パート」 on the form): 17
    /// days, falling back to 15 days in 定時決定 and the leave-end revisions.
    PartTimer,
}

impl WorkerKind {
    fn threshold(self, rules: &BaseDayRules) -> u8 {
        match self {
            WorkerKind::Regular | WorkerKind::PartTimer => rules.regular,
            WorkerKind::ShortTimeWorker => rules.short_time_worker,
        }
    }
}

/// The remuneration paid in one month (報酬月額の基礎): the month it was paid, the payment-base
/// days (支払基礎日数) and the amount (通貨・現物の合計).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonthPay {
    /// The month the remuneration was paid in.
    pub month: YearMonth,
    /// 支払基礎日数: days the pay is based on (calendar days for monthly pay, days worked otherwise).
    pub base_days: u8,
    /// The remuneration paid in the month.
    pub amount: Yen,
    /// `true` when the pay covers less than a full pay period because the person joined during
    /// it (途中入社の月): such a month is not used in 定時決定.
    #[serde(default)]
    pub partial_period: bool,
}

/// Why a month was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
#[non_exhaustive]
pub enum DropReason {
    /// Fewer payment-base days than the threshold.
    TooFewBaseDays {
        /// The days of the month.
        days: u8,
        /// The threshold applied.
        threshold: u8,
    },
    /// A part-timer's month of 15–16 days, unused because another month reached 17 days.
    PartTimerFallbackNotNeeded,
    /// The pay covers only part of a pay period (途中入社).
    PartialPeriod,
    /// The month is before the person was employed at the office.
    BeforeAcquisition,
}

/// A month left out of an average, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DroppedMonth {
    /// The month.
    pub month: YearMonth,
    /// Why it was dropped.
    pub reason: DropReason,
}

/// Which decision fixed the grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DecisionKind {
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

/// A decided 標準報酬月額 and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardDecision {
    /// The decision that made it.
    pub kind: DecisionKind,
    /// The grade decided.
    pub grade: Grade,
    /// The 報酬月額 the grade was looked up with (average of the months used, fraction of a yen
    /// dropped); `None` when the previous grade was kept.
    pub monthly_remuneration: Option<Yen>,
    /// The first premium month the grade applies to.
    pub effective_from: YearMonth,
    /// The last month it applies to unless another decision replaces it (an August).
    pub valid_through: YearMonth,
    /// The months whose pay was averaged.
    pub months_used: Vec<YearMonth>,
    /// The months left out, with the reason.
    pub months_dropped: Vec<DroppedMonth>,
    /// `true` when no month qualified and the previous 標準報酬月額 was kept (保険者決定).
    pub kept_previous: bool,
    /// The steps of the decision.
    pub explanation: Explanation,
}

/// Why a decision could not be made from the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecisionError {
    /// A month of pay lies outside the window the rule reads.
    #[error("{field}: month {month} is outside the window {first}..={last}")]
    MonthOutsideWindow {
        /// The input field.
        field: &'static str,
        /// The month given.
        month: YearMonth,
        /// The first month of the window.
        first: YearMonth,
        /// The last month of the window.
        last: YearMonth,
    },
    /// The same month was given twice.
    #[error("{field}: month {month} is given twice")]
    DuplicateMonth {
        /// The input field.
        field: &'static str,
        /// The month.
        month: YearMonth,
    },
    /// A month of the window is missing.
    #[error("{field}: month {month} is missing")]
    MissingMonth {
        /// The input field.
        field: &'static str,
        /// The month.
        month: YearMonth,
    },
    /// A negative amount of pay.
    #[error("{field}: negative remuneration in {month}")]
    NegativeAmount {
        /// The input field.
        field: &'static str,
        /// The month.
        month: YearMonth,
    },
    /// More base days than a month has.
    #[error("{field}: {days} payment-base days in {month}, more than 31")]
    TooManyBaseDays {
        /// The input field.
        field: &'static str,
        /// The month.
        month: YearMonth,
        /// The days given.
        days: u8,
    },
    /// No month qualified and there is no previous grade to keep.
    #[error("no month qualified and no previous 標準報酬月額 was given to keep")]
    NoPreviousGrade,
    /// An input amount or period that cannot be computed (zero days, …).
    #[error("{field}: {problem}")]
    Invalid {
        /// The input field.
        field: &'static str,
        /// What is wrong.
        problem: &'static str,
    },
    /// No grade table for the month.
    #[error(transparent)]
    Grade(#[from] GradeError),
}

/// The last month of validity of a decision that takes effect in `effective_from`: August of the
/// same year when it takes effect in January–June, August of the next year when in July–December
/// (法41条2項, 43条2項, 43条の2第2項, 43条の3第2項).
pub fn valid_through_for(effective_from: YearMonth) -> YearMonth {
    let year = if effective_from.month() <= 6 {
        effective_from.year()
    } else {
        effective_from.year().saturating_add(1)
    };
    YearMonth::new(year, 8).unwrap_or(effective_from)
}

fn average(amounts: &[Yen]) -> Yen {
    let count = Decimal::from(amounts.len().max(1));
    let sum: Yen = amounts.iter().sum();
    rounding::floor_to_yen(sum.to_decimal() / count)
}

fn check_pay(field: &'static str, pay: &[MonthPay]) -> Result<(), DecisionError> {
    for (i, p) in pay.iter().enumerate() {
        if p.amount.is_negative() {
            return Err(DecisionError::NegativeAmount {
                field,
                month: p.month,
            });
        }
        if p.base_days > 31 {
            return Err(DecisionError::TooManyBaseDays {
                field,
                month: p.month,
                days: p.base_days,
            });
        }
        if pay.iter().take(i).any(|q| q.month == p.month) {
            return Err(DecisionError::DuplicateMonth {
                field,
                month: p.month,
            });
        }
    }
    Ok(())
}

fn yen_list(amounts: &[Yen]) -> String {
    amounts
        .iter()
        .map(Yen::to_string)
        .collect::<Vec<_>>()
        .join(" + ")
}

/// How the 報酬月額 at acquisition is found (法42条1項).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "method")]
#[non_exhaustive]
pub enum AcquisitionRemuneration {
    /// A monthly wage (月給): the amount fixed for the month (法42条1項1号).
    Monthly {
        /// The monthly remuneration, fixed allowances and expected regular extras included.
        amount: Yen,
    },
    /// Pay fixed per week or other period (法42条1項1号): amount ÷ days of the period × 30.
    PerPeriod {
        /// The pay for one period.
        amount: Yen,
        /// The days of the period.
        period_days: u16,
    },
    /// Daily or hourly pay (法42条1項2号・3号): the average 報酬月額 of similar workers at the
    /// office in the previous month, computed by the caller.
    SimilarWorkers {
        /// The average of similar workers.
        amount: Yen,
    },
}

/// 資格取得時決定 (decision at acquisition, 健康保険法 第42条): the grade from the acquisition
/// month, valid through August of the same year when acquired 1 January – 31 May, August of the
/// next year when acquired 1 June – 31 December (法42条2項).
pub fn decide_at_acquisition(
    acquired_on: NaiveDate,
    remuneration: AcquisitionRemuneration,
) -> Result<StandardDecision, DecisionError> {
    decide_at_acquisition_with(acquired_on, remuneration, Explain::Steps)
}

/// [`decide_at_acquisition`], with its steps written only when `explain` asks for them.
pub fn decide_at_acquisition_with(
    acquired_on: NaiveDate,
    remuneration: AcquisitionRemuneration,
    explain: Explain,
) -> Result<StandardDecision, DecisionError> {
    let month = YearMonth::of(acquired_on);
    let table = grade_table_for(month)?;
    let mut e = Explanation::with(
        "standard_remuneration.acquisition",
        "健康保険法 第42条",
        explain,
    );
    let monthly = match remuneration {
        AcquisitionRemuneration::Monthly { amount } => {
            e.step("報酬月額 (monthly wage)", amount);
            amount
        }
        AcquisitionRemuneration::PerPeriod {
            amount,
            period_days,
        } => {
            if period_days == 0 {
                return Err(DecisionError::Invalid {
                    field: "remuneration.period_days",
                    problem: "a pay period of 0 days",
                });
            }
            let m = rounding::floor_to_yen(
                amount.to_decimal() / Decimal::from(period_days) * Decimal::from(30),
            );
            e.step(
                "報酬月額 (per period)",
                format_args!("{amount} ÷ {period_days} days × 30 = {m} (fraction dropped)"),
            );
            m
        }
        AcquisitionRemuneration::SimilarWorkers { amount } => {
            e.step("報酬月額 (similar workers' average)", amount);
            amount
        }
    };
    if monthly.is_negative() {
        return Err(DecisionError::Invalid {
            field: "remuneration.amount",
            problem: "a negative remuneration",
        });
    }
    let grade = table.grade_for(monthly);
    let through_year = if acquired_on.month() <= 5 {
        acquired_on.year()
    } else {
        acquired_on.year().saturating_add(1)
    };
    let valid_through = YearMonth::new(through_year, 8).unwrap_or(month);
    e.step("grade", grade);
    e.step(
        "validity",
        format_args!("{month} to {valid_through} (acquired {}; 1 Jan–31 May → this August, 1 Jun–31 Dec → next August)", YearMonth::of(acquired_on)),
    );
    Ok(StandardDecision {
        kind: DecisionKind::Acquisition,
        grade,
        monthly_remuneration: Some(monthly),
        effective_from: month,
        valid_through,
        months_used: Vec::new(),
        months_dropped: Vec::new(),
        kept_previous: false,
        explanation: e,
    })
}

/// The input of a 定時決定 (算定基礎届) for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegularDeterminationInput {
    /// The year of the determination (April–June of this year; applies from September).
    pub year: i32,
    /// The kind of worker (sets the base-day threshold).
    pub worker: WorkerKind,
    /// The date eligibility was acquired at the office.
    pub acquired_on: NaiveDate,
    /// The current grade, kept when no month qualifies.
    pub previous: Option<Grade>,
    /// The month from which a 随時改定 or leave-end revision applies (or should apply), if any
    /// in July, August or September of `year` excludes the person (法41条3項).
    pub revision_effective_from: Option<YearMonth>,
    /// The pay of April, May and June (months not employed may be left out).
    pub months: Vec<MonthPay>,
}

/// Why a person is not part of this year's 定時決定.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RegularExclusion {
    /// Acquired from 1 June to 1 July of the year (法41条3項): the acquisition decision runs to
    /// next August.
    AcquiredJuneToJuly1,
    /// Acquired after 1 July: not employed on 1 July.
    NotEmployedOnJuly1,
    /// A revision applies (or should apply) from July, August or September (法41条3項).
    RevisedInJulyToSeptember,
}

/// The result of a 定時決定.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
#[non_exhaustive]
pub enum RegularOutcome {
    /// A grade was decided (possibly the previous one kept).
    Decided(StandardDecision),
    /// The person is excluded this year.
    Excluded {
        /// Why.
        reason: RegularExclusion,
        /// The steps.
        explanation: Explanation,
    },
}

/// Splits months by the base-day filter of 定時決定 / leave-end revisions (with the part-timer
/// fallback): returns (used, dropped).
fn filter_months(
    worker: WorkerKind,
    months: &[MonthPay],
    e: &mut Explanation,
) -> (Vec<MonthPay>, Vec<DroppedMonth>) {
    let rules = BASE_DAY_RULES;
    let threshold = worker.threshold(&rules);
    let mut dropped = Vec::new();
    let mut candidates = Vec::new();
    for p in months {
        if p.partial_period {
            e.step(
                format_args!("dropped {}", p.month),
                "pay for part of a pay period (途中入社)",
            );
            dropped.push(DroppedMonth {
                month: p.month,
                reason: DropReason::PartialPeriod,
            });
        } else {
            candidates.push(*p);
        }
    }
    let full: Vec<MonthPay> = candidates
        .iter()
        .copied()
        .filter(|p| p.base_days >= threshold)
        .collect();
    let fallback_ok = |p: &MonthPay| p.base_days >= rules.part_timer_fallback;
    let use_fallback = worker == WorkerKind::PartTimer && full.is_empty();
    let mut used = Vec::new();
    for p in candidates {
        let ok = p.base_days >= threshold || (use_fallback && fallback_ok(&p));
        if ok {
            e.step(
                format_args!("used {}", p.month),
                format_args!("{} base days, {}", p.base_days, p.amount),
            );
            used.push(p);
        } else {
            let reason = if worker == WorkerKind::PartTimer && fallback_ok(&p) {
                DropReason::PartTimerFallbackNotNeeded
            } else {
                DropReason::TooFewBaseDays {
                    days: p.base_days,
                    threshold: if use_fallback {
                        rules.part_timer_fallback
                    } else {
                        threshold
                    },
                }
            };
            let why = match reason {
                DropReason::PartTimerFallbackNotNeeded => format!(
                    "{} base days: the 15-day fallback is not used because another month has {threshold}",
                    p.base_days
                ),
                _ => format!("{} base days < {}", p.base_days, if use_fallback { rules.part_timer_fallback } else { threshold }),
            };
            e.step(format_args!("dropped {}", p.month), why);
            dropped.push(DroppedMonth {
                month: p.month,
                reason,
            });
        }
    }
    (used, dropped)
}

/// 定時決定 (regular determination, 算定基礎届, 健康保険法 第41条): the average of the pay of April,
/// May and June counting only months with enough payment-base days (17; 11 for 短時間労働者;
/// part-timers fall back to 15–16-day months when none has 17), divided by the months kept. It
/// applies from September of the year to August of the next year. When no month qualifies the
/// previous grade is kept (保険者決定) and the decision says so.
pub fn regular_determination(
    input: &RegularDeterminationInput,
) -> Result<RegularOutcome, DecisionError> {
    regular_determination_with(input, Explain::Steps)
}

/// [`regular_determination`], with its steps written only when `explain` asks for them.
pub fn regular_determination_with(
    input: &RegularDeterminationInput,
    explain: Explain,
) -> Result<RegularOutcome, DecisionError> {
    const FIELD: &str = "months";
    let first = YearMonth::new(input.year, 4).map_err(|_| DecisionError::Invalid {
        field: "year",
        problem: "year outside 1–9999",
    })?;
    let last = first.add_months(2);
    let effective_from = first.add_months(5);
    let table: &GradeTable = grade_table_for(effective_from)?;
    let mut e = Explanation::with(
        format!("standard_remuneration.regular@{}", input.year),
        "健康保険法 第41条",
        explain,
    );
    check_pay(FIELD, &input.months)?;
    if let Some(p) = input
        .months
        .iter()
        .find(|p| p.month < first || p.month > last)
    {
        return Err(DecisionError::MonthOutsideWindow {
            field: FIELD,
            month: p.month,
            first,
            last,
        });
    }
    let june_1 = first.add_months(2).first_day();
    let july_1 = first.add_months(3).first_day();
    let excluded = |reason: RegularExclusion, mut e: Explanation, why: String| {
        e.step("excluded", why);
        Ok(RegularOutcome::Excluded {
            reason,
            explanation: e,
        })
    };
    if input.acquired_on > july_1 {
        return excluded(
            RegularExclusion::NotEmployedOnJuly1,
            e,
            "acquired after 1 July: not employed on 1 July".into(),
        );
    }
    if input.acquired_on >= june_1 {
        return excluded(
            RegularExclusion::AcquiredJuneToJuly1,
            e,
            "acquired 1 June – 1 July: the acquisition decision applies to next August (法41条3項)"
                .into(),
        );
    }
    if let Some(r) = input.revision_effective_from {
        if r >= first.add_months(3) && r <= effective_from {
            return excluded(
                RegularExclusion::RevisedInJulyToSeptember,
                e,
                format!("a revision applies from {r} (July–September, 法41条3項)"),
            );
        }
    }
    let acquired_month = YearMonth::of(input.acquired_on);
    let mut dropped = Vec::new();
    let mut employed = Vec::new();
    for p in &input.months {
        if p.month < acquired_month {
            e.step(format_args!("dropped {}", p.month), "before acquisition");
            dropped.push(DroppedMonth {
                month: p.month,
                reason: DropReason::BeforeAcquisition,
            });
        } else {
            employed.push(*p);
        }
    }
    employed.sort_by_key(|p| p.month);
    let (used, more_dropped) = filter_months(input.worker, &employed, &mut e);
    dropped.extend(more_dropped);
    dropped.sort_by_key(|d| d.month);
    let valid_through = effective_from.add_months(11);
    if used.is_empty() {
        let previous = input.previous.ok_or(DecisionError::NoPreviousGrade)?;
        e.step(
            "no month qualified",
            format_args!("the previous 標準報酬月額 {previous} is kept (保険者決定)"),
        );
        return Ok(RegularOutcome::Decided(StandardDecision {
            kind: DecisionKind::Regular,
            grade: previous,
            monthly_remuneration: None,
            effective_from,
            valid_through,
            months_used: Vec::new(),
            months_dropped: dropped,
            kept_previous: true,
            explanation: e,
        }));
    }
    let amounts: Vec<Yen> = used.iter().map(|p| p.amount).collect();
    let avg = average(&amounts);
    let grade = table.grade_for(avg);
    e.step(
        "報酬月額",
        format_args!(
            "({}) ÷ {} = {avg} (fraction dropped)",
            yen_list(&amounts),
            amounts.len()
        ),
    );
    e.step(
        "grade",
        format_args!("{grade}, {effective_from} to {valid_through}"),
    );
    Ok(RegularOutcome::Decided(StandardDecision {
        kind: DecisionKind::Regular,
        grade,
        monthly_remuneration: Some(avg),
        effective_from,
        valid_through,
        months_used: used.iter().map(|p| p.month).collect(),
        months_dropped: dropped,
        kept_previous: false,
        explanation: e,
    }))
}

/// The direction of a change in fixed wages (固定的賃金の変動).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FixedWageChange {
    /// A rise (昇給: base pay, a fixed allowance, a change of pay system upwards).
    Increase,
    /// A cut (降給).
    Decrease,
}

/// The input of a 随時改定 (月額変更届).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OccasionalRevisionInput {
    /// The kind of worker (17 days, 11 for 短時間労働者; no 15-day fallback here).
    pub worker: WorkerKind,
    /// The grade in force before the change.
    pub current: Grade,
    /// The 報酬月額 the current grade was decided from, needed at the ends of the table
    /// (grade 50 with 1,415,000 or more; grade 1 below 53,000). `None` when unknown.
    pub current_remuneration: Option<Yen>,
    /// The direction of the fixed-wage change. Overtime changes alone never trigger a revision;
    /// the caller passes a revision only when fixed wages changed.
    pub change: FixedWageChange,
    /// The month the changed wage was first paid.
    pub first_month: YearMonth,
    /// The pay of the three months starting with `first_month`.
    pub months: Vec<MonthPay>,
}

/// Why no 随時改定 takes place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
#[non_exhaustive]
pub enum NoRevisionReason {
    /// One of the three months has too few payment-base days (no month may be dropped).
    ShortMonth {
        /// The month.
        month: YearMonth,
        /// Its base days.
        days: u8,
        /// The threshold.
        threshold: u8,
    },
    /// The new grade is less than two grades (or the equivalent at the table's ends) away.
    LessThanTwoGrades {
        /// Grades moved (signed).
        steps: i16,
    },
    /// The grade moved against the direction of the fixed-wage change.
    OppositeDirection {
        /// Grades moved (signed).
        steps: i16,
    },
    /// A leave-end revision: the grade did not change.
    NoChange,
    /// A leave-end revision: no month had enough base days.
    NoQualifyingMonth,
    /// A leave-end revision: another leave started the day after (法43条の2第1項ただし書,
    /// 43条の3第1項ただし書).
    AnotherLeaveFollows,
}

/// The result of a revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
#[non_exhaustive]
pub enum RevisionOutcome {
    /// The grade is revised.
    Revised(StandardDecision),
    /// No revision.
    NotRevised {
        /// Why.
        reason: NoRevisionReason,
        /// The steps.
        explanation: Explanation,
    },
}

impl RevisionOutcome {
    /// The decision, when revised.
    pub fn decision(&self) -> Option<&StandardDecision> {
        match self {
            RevisionOutcome::Revised(d) => Some(d),
            RevisionOutcome::NotRevised { .. } => None,
        }
    }
}

fn window(
    field: &'static str,
    first: YearMonth,
    months: &[MonthPay],
) -> Result<Vec<MonthPay>, DecisionError> {
    check_pay(field, months)?;
    let last = first.add_months(2);
    if let Some(p) = months.iter().find(|p| p.month < first || p.month > last) {
        return Err(DecisionError::MonthOutsideWindow {
            field,
            month: p.month,
            first,
            last,
        });
    }
    first
        .through(last)
        .map(|m| {
            months
                .iter()
                .find(|p| p.month == m)
                .copied()
                .ok_or(DecisionError::MissingMonth { field, month: m })
        })
        .collect()
}

/// `true` when a 1-grade move counts as two at an end of the table (2等級差相当).
fn end_of_table_equivalent(
    table: &GradeTable,
    current: Grade,
    current_remuneration: Option<Yen>,
    new: Grade,
    new_remuneration: Yen,
) -> Option<&'static str> {
    let top = table.top()?.number;
    let steps = current.steps_to(new);
    if steps == 1 && new.number == top && new_remuneration >= TOP_END_EQUIVALENT_FROM {
        return Some("top end: new 報酬月額 ≥ 1,415,000 counts as two grades");
    }
    if steps == -1
        && current.number == top
        && current_remuneration.is_some_and(|r| r >= TOP_END_EQUIVALENT_FROM)
    {
        return Some("top end: old 報酬月額 ≥ 1,415,000 counts as two grades");
    }
    if steps == 1
        && current.number == 1
        && current_remuneration.is_some_and(|r| r < BOTTOM_END_EQUIVALENT_BELOW)
    {
        return Some("bottom end: old 報酬月額 < 53,000 counts as two grades");
    }
    if steps == -1 && new.number == 1 && new_remuneration < BOTTOM_END_EQUIVALENT_BELOW {
        return Some("bottom end: new 報酬月額 < 53,000 counts as two grades");
    }
    None
}

/// 随時改定 (occasional revision, 月額変更届, 健康保険法 第43条): after a change in fixed wages,
/// when each of the three months starting with the month the changed wage is first paid has
/// enough payment-base days (17; 11 for 短時間労働者 — no month is dropped, no 15-day fallback),
/// and their average (÷ 3) maps to a grade at least two grades away in the direction of the
/// change (or the equivalent at the table's ends: [`TOP_END_EQUIVALENT_FROM`],
/// [`BOTTOM_END_EQUIVALENT_BELOW`]), the grade is revised from the fourth month.
pub fn occasional_revision(
    input: &OccasionalRevisionInput,
) -> Result<RevisionOutcome, DecisionError> {
    occasional_revision_with(input, Explain::Steps)
}

/// [`occasional_revision`], with its steps written only when `explain` asks for them.
pub fn occasional_revision_with(
    input: &OccasionalRevisionInput,
    explain: Explain,
) -> Result<RevisionOutcome, DecisionError> {
    let pay = window("months", input.first_month, &input.months)?;
    let effective_from = input.first_month.add_months(3);
    let table = grade_table_for(effective_from)?;
    let mut e = Explanation::with(
        "standard_remuneration.occasional",
        "健康保険法 第43条",
        explain,
    );
    e.step(
        "fixed-wage change",
        format_args!("{:?} first paid in {}", input.change, input.first_month),
    );
    let threshold = input.worker.threshold(&BASE_DAY_RULES);
    for p in &pay {
        if p.base_days < threshold {
            e.step(
                format_args!("{} refused", p.month),
                format_args!(
                    "{} base days < {threshold}: every one of the three months must qualify",
                    p.base_days
                ),
            );
            return Ok(RevisionOutcome::NotRevised {
                reason: NoRevisionReason::ShortMonth {
                    month: p.month,
                    days: p.base_days,
                    threshold,
                },
                explanation: e,
            });
        }
    }
    let amounts: Vec<Yen> = pay.iter().map(|p| p.amount).collect();
    let avg = average(&amounts);
    let new = table.grade_for(avg);
    let steps = input.current.steps_to(new);
    e.step(
        "報酬月額",
        format_args!("({}) ÷ 3 = {avg} → {new}", yen_list(&amounts)),
    );
    e.step(
        "grades moved",
        format_args!("{} → {}: {steps:+}", input.current, new),
    );
    let direction_ok = match input.change {
        FixedWageChange::Increase => steps > 0,
        FixedWageChange::Decrease => steps < 0,
    };
    if steps != 0 && !direction_ok {
        e.step("refused", "the grade moved against the fixed-wage change");
        return Ok(RevisionOutcome::NotRevised {
            reason: NoRevisionReason::OppositeDirection { steps },
            explanation: e,
        });
    }
    let qualifies = if steps.abs() >= 2 {
        true
    } else if let Some(why) =
        end_of_table_equivalent(table, input.current, input.current_remuneration, new, avg)
    {
        e.step("2-grade equivalent", why);
        true
    } else {
        false
    };
    if !qualifies {
        e.step("refused", "less than two grades");
        return Ok(RevisionOutcome::NotRevised {
            reason: NoRevisionReason::LessThanTwoGrades { steps },
            explanation: e,
        });
    }
    let valid_through = valid_through_for(effective_from);
    e.step(
        "revised",
        format_args!("{new} from {effective_from} (the fourth month) to {valid_through}"),
    );
    Ok(RevisionOutcome::Revised(StandardDecision {
        kind: DecisionKind::Occasional,
        grade: new,
        monthly_remuneration: Some(avg),
        effective_from,
        valid_through,
        months_used: pay.iter().map(|p| p.month).collect(),
        months_dropped: Vec::new(),
        kept_previous: false,
        explanation: e,
    }))
}

/// The leave that ended, for a leave-end revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndedLeave {
    /// 育児休業等 (法43条の2).
    Childcare,
    /// 産前産後休業 (法43条の3).
    Maternity,
}

/// The input of a leave-end revision (育児休業等終了時改定 / 産前産後休業終了時改定), made on the
/// insured person's request through the employer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaveEndRevisionInput {
    /// Which leave ended.
    pub leave: EndedLeave,
    /// The last day of the leave.
    pub leave_ended_on: NaiveDate,
    /// `true` when another leave (産前産後休業 after a childcare leave, 育児休業 after a
    /// maternity leave) starts the day after: then no revision (法43条の2第1項・43条の3第1項ただし書).
    pub another_leave_follows: bool,
    /// The kind of worker.
    pub worker: WorkerKind,
    /// The grade in force.
    pub current: Grade,
    /// The pay of the three months starting with the month containing the day after the leave.
    pub months: Vec<MonthPay>,
}

/// 育児休業等終了時改定 (法43条の2) / 産前産後休業終了時改定 (法43条の3): the average of the three
/// months starting with the month containing the day after the leave ended (months with too few
/// base days dropped as in 定時決定), revised when it differs by **one grade or more**, from the
/// month after those three months.
pub fn leave_end_revision(input: &LeaveEndRevisionInput) -> Result<RevisionOutcome, DecisionError> {
    leave_end_revision_with(input, Explain::Steps)
}

/// [`leave_end_revision`], with its steps written only when `explain` asks for them.
pub fn leave_end_revision_with(
    input: &LeaveEndRevisionInput,
    explain: Explain,
) -> Result<RevisionOutcome, DecisionError> {
    let (rule, source, kind) = match input.leave {
        EndedLeave::Childcare => (
            "standard_remuneration.childcare_leave_end",
            "健康保険法 第43条の2",
            DecisionKind::ChildcareLeaveEnd,
        ),
        EndedLeave::Maternity => (
            "standard_remuneration.maternity_leave_end",
            "健康保険法 第43条の3",
            DecisionKind::MaternityLeaveEnd,
        ),
    };
    let mut e = Explanation::with(rule, source, explain);
    let day_after = input
        .leave_ended_on
        .succ_opt()
        .ok_or(DecisionError::Invalid {
            field: "leave_ended_on",
            problem: "date out of range",
        })?;
    let first = YearMonth::of(day_after);
    let pay = window("months", first, &input.months)?;
    let effective_from = first.add_months(3);
    let table = grade_table_for(effective_from)?;
    let not_revised = |reason, e| {
        Ok(RevisionOutcome::NotRevised {
            reason,
            explanation: e,
        })
    };
    if input.another_leave_follows {
        e.step(
            "refused",
            "another leave starts the day after this one ended",
        );
        return not_revised(NoRevisionReason::AnotherLeaveFollows, e);
    }
    let (used, dropped) = filter_months(input.worker, &pay, &mut e);
    if used.is_empty() {
        e.step("refused", "no month has enough payment-base days");
        return not_revised(NoRevisionReason::NoQualifyingMonth, e);
    }
    let amounts: Vec<Yen> = used.iter().map(|p| p.amount).collect();
    let avg = average(&amounts);
    let new = table.grade_for(avg);
    e.step(
        "報酬月額",
        format_args!(
            "({}) ÷ {} = {avg} → {new}",
            yen_list(&amounts),
            amounts.len()
        ),
    );
    if new == input.current {
        e.step("refused", "same grade");
        return not_revised(NoRevisionReason::NoChange, e);
    }
    let valid_through = valid_through_for(effective_from);
    e.step(
        "revised",
        format_args!("{new} from {effective_from} to {valid_through} (one grade is enough)"),
    );
    Ok(RevisionOutcome::Revised(StandardDecision {
        kind,
        grade: new,
        monthly_remuneration: Some(avg),
        effective_from,
        valid_through,
        months_used: used.iter().map(|p| p.month).collect(),
        months_dropped: dropped,
        kept_previous: false,
        explanation: e,
    }))
}
