//! Calendar units the rules are written in: the month ([`YearMonth`], e.g. a premium month or a
//! treatment month) and the Japanese fiscal year ([`FiscalYear`], 年度, 1 April – 31 March).
//!
//! ```
//! use kenpo_domain::calendar::{FiscalYear, YearMonth};
//!
//! let m: YearMonth = "2026-03".parse().unwrap();
//! assert_eq!(m.fiscal_year(), FiscalYear::new(2025));
//! assert_eq!(m.next().to_string(), "2026-04");
//! assert_eq!(m.last_day().to_string(), "2026-03-31");
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Why a month could not be built or parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// Month outside 1–12 or year outside 1–9999.
    #[error("no such month: year {year}, month {month}")]
    InvalidMonth {
        /// The year given.
        year: i32,
        /// The month given.
        month: u32,
    },
    /// Text not in the form `YYYY-MM`.
    #[error("{text:?} is not a month in the form YYYY-MM")]
    Malformed {
        /// The rejected text.
        text: String,
    },
}

/// A calendar month (年月), such as a premium month (保険料の月) or a treatment month (診療月).
///
/// Ordered chronologically. Serialised as `"YYYY-MM"`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct YearMonth {
    year: i32,
    month: u32,
}

impl YearMonth {
    /// The month `month` (1–12) of `year` (1–9999).
    pub fn new(year: i32, month: u32) -> Result<Self, CalendarError> {
        if !(1..=12).contains(&month) || !(1..=9999).contains(&year) {
            return Err(CalendarError::InvalidMonth { year, month });
        }
        Ok(YearMonth { year, month })
    }

    /// The month containing `date`.
    pub fn of(date: NaiveDate) -> Self {
        YearMonth {
            year: date.year(),
            month: date.month(),
        }
    }

    /// The year.
    pub const fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub const fn month(self) -> u32 {
        self.month
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        // Always valid: year and month were checked on construction.
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the month.
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    /// The number of days in the month.
    pub fn days(self) -> u32 {
        self.last_day().day()
    }

    /// The following month.
    pub fn next(self) -> Self {
        self.add_months(1)
    }

    /// The preceding month.
    pub fn prev(self) -> Self {
        self.add_months(-1)
    }

    /// This month moved by `months` (negative moves back). Clamped to years 1–9999.
    pub fn add_months(self, months: i32) -> Self {
        let index = i64::from(self.year) * 12 + i64::from(self.month) - 1 + i64::from(months);
        let index = index.clamp(12, 9999 * 12 + 11);
        YearMonth {
            year: (index / 12) as i32,
            month: (index % 12) as u32 + 1,
        }
    }

    /// Months from `self` to `other` (positive when `other` is later).
    pub fn months_until(self, other: YearMonth) -> i32 {
        (other.year - self.year) * 12 + other.month as i32 - self.month as i32
    }

    /// `true` when `date` falls in this month.
    pub fn contains(self, date: NaiveDate) -> bool {
        YearMonth::of(date) == self
    }

    /// The fiscal year (年度) the month belongs to.
    pub fn fiscal_year(self) -> FiscalYear {
        FiscalYear::of_month(self)
    }

    /// Iterates the months from `self` to `last`, both included (empty when `last < self`).
    pub fn through(self, last: YearMonth) -> impl Iterator<Item = YearMonth> {
        let n = self.months_until(last).max(-1) + 1;
        (0..n).map(move |i| self.add_months(i))
    }
}

impl fmt::Debug for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "YearMonth({self})")
    }
}

/// `YYYY-MM`.
impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for YearMonth {
    type Err = CalendarError;
    /// Parses `YYYY-MM` (also `YYYY/MM` and `YYYYMM`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let malformed = || CalendarError::Malformed { text: s.to_owned() };
        let t = s.trim();
        let (y, m) = if let Some((y, m)) = t.split_once(['-', '/']) {
            (y, m)
        } else if t.len() == 6 && t.is_ascii() {
            t.split_at(4)
        } else {
            return Err(malformed());
        };
        if y.len() != 4 || m.is_empty() || m.len() > 2 {
            return Err(malformed());
        }
        let year: i32 = y.parse().map_err(|_| malformed())?;
        let month: u32 = m.parse().map_err(|_| malformed())?;
        YearMonth::new(year, month)
    }
}

impl TryFrom<String> for YearMonth {
    type Error = CalendarError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<YearMonth> for String {
    fn from(value: YearMonth) -> Self {
        value.to_string()
    }
}

/// A Japanese fiscal year (年度): fiscal year 2026 runs from 2026-04-01 to 2027-03-31.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FiscalYear(i32);

impl FiscalYear {
    /// Fiscal year `year` (the calendar year in which it starts).
    pub const fn new(year: i32) -> Self {
        FiscalYear(year)
    }

    /// The fiscal year containing `date`.
    pub fn of(date: NaiveDate) -> Self {
        Self::of_month(YearMonth::of(date))
    }

    /// The fiscal year containing `month`.
    pub fn of_month(month: YearMonth) -> Self {
        if month.month() >= 4 {
            FiscalYear(month.year())
        } else {
            FiscalYear(month.year() - 1)
        }
    }

    /// The calendar year in which it starts.
    pub const fn year(self) -> i32 {
        self.0
    }

    /// 1 April.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0, 4, 1).unwrap_or(NaiveDate::MIN)
    }

    /// 31 March of the next calendar year.
    pub fn last_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0 + 1, 3, 31).unwrap_or(NaiveDate::MAX)
    }

    /// April.
    pub fn first_month(self) -> YearMonth {
        YearMonth::of(self.first_day())
    }

    /// The next March.
    pub fn last_month(self) -> YearMonth {
        YearMonth::of(self.last_day())
    }

    /// The twelve months, April to March.
    pub fn months(self) -> impl Iterator<Item = YearMonth> {
        self.first_month().through(self.last_month())
    }

    /// `true` when `date` falls in the fiscal year.
    pub fn contains(self, date: NaiveDate) -> bool {
        FiscalYear::of(date) == self
    }
}

impl fmt::Debug for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FiscalYear({})", self.0)
    }
}

/// `FY2026`.
impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FY{}", self.0)
    }
}

/// A date by its year, month and day; `None` for an impossible date. A short helper for tests and
/// examples: `date(2026, 4, 1)`.
pub fn date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The last day of a period of `months` months that begins on `first_day` (the first day
/// counted), by 民法 第143条: the period ends on the day before the day of the final month that
/// corresponds to `first_day`; when that month has no corresponding day, on its last day.
/// `None` past the supported date range.
///
/// Used for 「…から起算して一年六月」 (傷病手当金, 健康保険法 第99条4項) and, with the day after
/// the loss of eligibility as `first_day`, for 「資格を喪失した日後六月以内」 (第106条) and
/// 「…日後三月以内」 (第105条).
///
/// ```
/// use kenpo_domain::calendar::{date, last_day_of_period};
///
/// // 1 year 6 months from 2022-03-04 end on 2023-09-03.
/// assert_eq!(last_day_of_period(date(2022, 3, 4).unwrap(), 18), date(2023, 9, 3));
/// // From 2022-08-31 there is no 31 February 2024: the period ends on 29 February.
/// assert_eq!(last_day_of_period(date(2022, 8, 31).unwrap(), 18), date(2024, 2, 29));
/// ```
pub fn last_day_of_period(first_day: NaiveDate, months: u32) -> Option<NaiveDate> {
    let target = first_day.checked_add_months(chrono::Months::new(months))?;
    if target.day() == first_day.day() {
        // The corresponding day exists: the period ends the day before it.
        target.pred_opt()
    } else {
        // chrono clamped to the last day of the month: no corresponding day exists.
        Some(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    #[test]
    fn months_move_across_years() {
        assert_eq!(ym(2026, 12).next(), ym(2027, 1));
        assert_eq!(ym(2026, 1).prev(), ym(2025, 12));
        assert_eq!(ym(2026, 8).add_months(-12), ym(2025, 8));
        assert_eq!(ym(2026, 1).months_until(ym(2027, 3)), 14);
        assert_eq!(ym(2026, 3).through(ym(2026, 5)).count(), 3);
        assert_eq!(ym(2026, 5).through(ym(2026, 3)).count(), 0);
    }

    #[test]
    fn month_lengths_include_leap_february() {
        assert_eq!(ym(2024, 2).days(), 29);
        assert_eq!(ym(2026, 2).days(), 28);
        assert_eq!(ym(2100, 2).days(), 28);
        assert_eq!(ym(2000, 2).days(), 29);
        assert_eq!(ym(2026, 4).last_day(), date(2026, 4, 30).unwrap());
    }

    #[test]
    fn parse_and_reject() {
        assert_eq!("2026-04".parse::<YearMonth>().unwrap(), ym(2026, 4));
        assert_eq!("2026/4".parse::<YearMonth>().unwrap(), ym(2026, 4));
        assert_eq!("202604".parse::<YearMonth>().unwrap(), ym(2026, 4));
        assert!("2026-13".parse::<YearMonth>().is_err());
        assert!("2026-00".parse::<YearMonth>().is_err());
        assert!("26-04".parse::<YearMonth>().is_err());
        assert!("april".parse::<YearMonth>().is_err());
        assert!(serde_json::from_str::<YearMonth>("\"2026-13\"").is_err());
        assert_eq!(serde_json::to_string(&ym(2026, 4)).unwrap(), "\"2026-04\"");
    }

    #[test]
    fn periods_end_by_civil_code_143() {
        // 民法143条2項: the day before the corresponding day.
        assert_eq!(
            last_day_of_period(date(2022, 3, 4).unwrap(), 18),
            date(2023, 9, 3)
        );
        assert_eq!(
            last_day_of_period(date(2022, 3, 1).unwrap(), 18),
            date(2023, 8, 31)
        );
        // No corresponding day: the last day of the final month.
        assert_eq!(
            last_day_of_period(date(2022, 8, 31).unwrap(), 18),
            date(2024, 2, 29)
        );
        assert_eq!(
            last_day_of_period(date(2022, 8, 30).unwrap(), 18),
            date(2024, 2, 29)
        );
        assert_eq!(
            last_day_of_period(date(2026, 9, 1).unwrap(), 6),
            date(2027, 2, 28)
        );
        assert_eq!(last_day_of_period(NaiveDate::MAX, 1), None);
    }

    #[test]
    fn fiscal_year_boundaries() {
        assert_eq!(
            FiscalYear::of(date(2026, 3, 31).unwrap()),
            FiscalYear::new(2025)
        );
        assert_eq!(
            FiscalYear::of(date(2026, 4, 1).unwrap()),
            FiscalYear::new(2026)
        );
        let fy = FiscalYear::new(2026);
        assert_eq!(fy.months().count(), 12);
        assert_eq!(fy.last_month(), ym(2027, 3));
        assert!(fy.contains(date(2027, 3, 31).unwrap()));
        assert!(!fy.contains(date(2027, 4, 1).unwrap()));
    }
}
