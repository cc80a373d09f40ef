//! Sickness and injury allowance (傷病手当金, 健康保険法 第99条, 第103条, 第104条, 第108条).
//!
//! A member unable to work because of a non-occupational illness or injury is paid, for each
//! day off work after a waiting period of 3 consecutive days off (待期), two thirds of the
//! standard daily remuneration, for at most 1 year 6 months.
//!
//! - [`daily_amount`]: the daily amount from the 12-month average of 標準報酬月額 up to the month
//!   of the first payment day (÷ 30 rounded to 10 yen, × 2/3 rounded to 1 yen), with the
//!   fallback for members insured under 12 months ([`KYOKAI_KENPO_FALLBACK`] for 協会けんぽ; a
//!   健康保険組合 passes its own). 出産手当金 ([`crate::maternity_allowance`]) reuses it.
//! - [`maximum_rule`]: 1 year 6 months counted by days paid for 支給開始日 from
//!   [`CUMULATIVE_COUNTING_FROM`], by the calendar before.
//! - [`schedule`]: the per-day decision of a claim ([`SicknessClaim`] → [`SicknessSchedule`]),
//!   with the coordination of 第103条 and 第108条 and continued benefit under 第104条.
//!
//! ```
//! use kenpo_domain::calendar::{date, YearMonth};
//! use kenpo_domain::money::Yen;
//! use kenpo_domain::sickness_allowance::{
//!     schedule, DayOutcome, SickDay, SicknessClaim, StandardMonthly, KYOKAI_KENPO_FALLBACK,
//! };
//!
//! let first = YearMonth::new(2025, 5).unwrap();
//! let history = (0..12)
//!     .map(|i| StandardMonthly { month: first.add_months(i), amount: Yen::new(300_000) })
//!     .collect();
//! // Off from Friday 2026-04-10 to Tuesday 2026-04-14: Fri–Sun wait, Mon and Tue are paid.
//! let days = (10..=14).map(|d| SickDay::off(date(2026, 4, d).unwrap())).collect();
//! let claim = SicknessClaim { days, history, ..SicknessClaim::default() };
//! let decided = schedule(&claim, KYOKAI_KENPO_FALLBACK).unwrap();
//! assert_eq!(decided.days[2].outcome, DayOutcome::Waiting { day: 3 });
//! assert_eq!(decided.days[3].outcome, DayOutcome::Paid);
//! assert_eq!(decided.total, Yen::new(2 * 6_667));
//! ```
//!
//! ## Readings and doubts
//!
//! - **Several incomes on one day** are deducted one after another from the allowance, never
//!   below zero: the allowance tops up the other income to its own amount and never beyond.
//!   The statute states each rule separately (第103条, 第108条); their combination is this
//!   library's reading.
//! - **Pension ÷ 360** drops fractions of a yen (健康保険法施行規則 第89条 as commonly quoted;
//!   the text was not re-read).
//! - **障害手当金**: the day on which the allowance total reaches the lump sum is still withheld
//!   (「達するに至る日までの間」); payment resumes the next day. Withheld days are not paid and so
//!   do not count against the maximum.
//! - **Days counted against the maximum** are days with a payment; a partly paid day
//!   (difference only) counts as a whole day; days fully offset by pay or other income do not
//!   count (the MHLW Q&A of 2021 on 通算, as summarised by secondary sources; not re-read).
//! - **The cumulative rule** applies from 支給開始日 2020-07-02 (transitional provision), not
//!   only from 2022-01-01 as the issue text says; see [`CUMULATIVE_COUNTING_FROM`].
//! - **Continued benefit** needs unbroken incapacity from the loss date: a day worked, or a day
//!   missing between two claimed days, after the loss date ends it for good (a claim's first
//!   day continues the earlier decisions).
//! - **First payment after the loss date** (waiting done while insured, first paid day later):
//!   the history must then carry the month of that day; the statute's 12 months "up to the
//!   month of the first payment day" is applied as given.
//! - 任意継続被保険者 are not entitled (第99条1項) except through 第104条; the claim does not
//!   model the member's insured status, so the caller must not submit such claims.
//!
//! ## Sources
//!
//! docs/SOURCES.md §5: the worked examples 170,000 → 3,780 and 300,000 → 6,667 (協会けんぽ as
//! reproduced by `fiestared/keiri-tools` \[T\]); the coordination table (world-kenpo.com \[K\],
//! 中央大学健保 \[K\]); the continued-benefit conditions (中央大学健保 \[K\]).

mod daily_amount;
mod duration;
mod schedule;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;

use crate::calendar::YearMonth;

pub use daily_amount::{
    daily_amount, fallback_in_force, AverageBasis, DailyAmount, FallbackAverage, StandardMonthly,
    AVERAGED_MONTHS, DAYS_PER_MONTH, KYOKAI_KENPO_FALLBACK,
};
pub use duration::{maximum_rule, MaximumRule, CUMULATIVE_COUNTING_FROM, MAXIMUM_PERIOD_MONTHS};
pub(crate) use schedule::reductions as schedule_reductions;
pub use schedule::{
    schedule, schedule_with_supplements, AnnualPension, DayOutcome, DisabilityLumpSum,
    EarlierPayments, LossOfEligibility, NotPayableReason, Reduction, ReductionKind, ScheduledDay,
    SickDay, SicknessClaim, SicknessSchedule, Work, PENSION_DAYS_PER_YEAR, WAITING_DAYS,
};

/// Why a 傷病手当金 (or 出産手当金) decision could not be made. Names the input and where;
/// never holds personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SicknessAllowanceError {
    /// The standard monthly history is not in strictly ascending month order.
    #[error("standard monthly history entry {index} ({month}) is not after the previous entry")]
    HistoryNotAscending {
        /// Position in the history.
        index: usize,
        /// The month of that entry.
        month: YearMonth,
    },
    /// A 標準報酬月額 of zero or less.
    #[error("standard monthly history entry {index} ({month}) is not a positive amount")]
    NonPositiveStandardMonthly {
        /// Position in the history.
        index: usize,
        /// The month of that entry.
        month: YearMonth,
    },
    /// The history has no entry for the month of the first payment day.
    #[error("no standard monthly amount for {month}, the month of the first payment day")]
    NotInsuredInStartMonth {
        /// The month of the first payment day.
        month: YearMonth,
    },
    /// The fallback table has no entry in force on the first payment day.
    #[error("no fallback standard monthly amount in force on {date}")]
    NoFallbackInForce {
        /// The first payment day.
        date: NaiveDate,
    },
    /// The claimed days are not in strictly ascending date order.
    #[error("claimed day {index} ({date}) is not after the previous day")]
    DaysNotAscending {
        /// Position in the claim.
        index: usize,
        /// The day.
        date: NaiveDate,
    },
    /// A negative amount on a claimed day.
    #[error("claimed day {index} ({date}): {field} is negative")]
    NegativeAmount {
        /// Position in the claim.
        index: usize,
        /// The day.
        date: NaiveDate,
        /// The field.
        field: &'static str,
    },
    /// A negative amount elsewhere in the claim.
    #[error("{field} is negative")]
    NegativeInput {
        /// The field.
        field: &'static str,
    },
    /// A date beyond the supported range.
    #[error("date {date} is out of the supported range")]
    DateOutOfRange {
        /// The date.
        date: NaiveDate,
    },
}
