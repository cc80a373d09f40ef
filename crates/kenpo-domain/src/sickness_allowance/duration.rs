//! How long 傷病手当金 is paid (支給期間, 健康保険法 第99条4項).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::last_day_of_period;

/// The length of the maximum period in months (「一年六月」, 健康保険法 第99条4項).
pub const MAXIMUM_PERIOD_MONTHS: u32 = 18;

/// The earliest first payment day (支給開始日) under which the maximum is counted by days paid.
///
/// The 2021 amendment (令和3年法律第66号) made the period cumulative from 2022-01-01 and applied
/// it to every allowance whose calendar 1 year 6 months had not yet run out on 2021-12-31, that
/// is, to every 支給開始日 from 2020-07-02 on (MHLW Q&A of 2021-11/12 as summarised by
/// <https://kigyoujitsumu.com/topics_detail31/id=45732> \[2\]: started 2020-07-01 → old rule, ended
/// 2021-12-31; started 2020-07-02 → new rule). The issue text names "start on or after
/// 2022-01-01"; the transitional provision reaches further back, and this constant follows it.
pub const CUMULATIVE_COUNTING_FROM: NaiveDate = match NaiveDate::from_ymd_opt(2020, 7, 2) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// How the 1 year 6 months maximum of 傷病手当金 is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum MaximumRule {
    /// Counted by days actually paid (支給期間の通算, 健康保険法 第99条4項 as amended with effect
    /// from 2022-01-01): at most as many paid days as there are days from the first payment day
    /// to the day before the same date 1 year 6 months later.
    CumulativeDays {
        /// The number of days that may be paid in total.
        maximum_days: u32,
    },
    /// Calendar time (the rule before the amendment): nothing is paid after the last day of the
    /// 1 year 6 months that begin on the first payment day, whatever the number of days paid.
    CalendarPeriod {
        /// The last day that can be paid.
        last_day: NaiveDate,
    },
}

/// The maximum rule for an allowance whose first payment day (支給開始日) is `first_payment_day`.
/// `None` only past the supported date range.
///
/// The number of days follows the MHLW Q&A (令和3年 事務連絡, as reproduced by
/// <https://kigyoujitsumu.com/topics_detail31/id=45732> \[2\]): "from the first payment day,
/// count 1 year 6 months by the calendar; the number of days in that period is the number of
/// days payable". Its example: 支給開始日 2022-03-04 → period to 2023-09-03 → **549 days**.
/// The period ends by 民法 第143条 ([`last_day_of_period`]), so the figure is 546 to 549 days
/// depending on the months crossed (not a fixed 546).
pub fn maximum_rule(first_payment_day: NaiveDate) -> Option<MaximumRule> {
    let last_day = last_day_of_period(first_payment_day, MAXIMUM_PERIOD_MONTHS)?;
    if first_payment_day >= CUMULATIVE_COUNTING_FROM {
        let days = last_day.signed_duration_since(first_payment_day).num_days() + 1;
        Some(MaximumRule::CumulativeDays {
            maximum_days: u32::try_from(days).ok()?,
        })
    } else {
        Some(MaximumRule::CalendarPeriod { last_day })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::date;

    #[test]
    fn mhlw_example_2022_03_04_is_549_days() {
        // MHLW Q&A example (kigyoujitsumu.com summary [2]): 2022-03-04 → 2023-09-03 = 549 days.
        assert_eq!(
            maximum_rule(date(2022, 3, 4).unwrap()),
            Some(MaximumRule::CumulativeDays { maximum_days: 549 })
        );
    }

    #[test]
    fn days_vary_with_the_months_crossed() {
        // 2025-07-01 → 2026-12-31: 184 + 365 = 549 (July–December twice, no 29 February).
        assert_eq!(
            maximum_rule(date(2025, 7, 1).unwrap()),
            Some(MaximumRule::CumulativeDays { maximum_days: 549 })
        );
        // 2025-09-01 → 2027-02-28: the shortest kind of period, 546 days.
        assert_eq!(
            maximum_rule(date(2025, 9, 1).unwrap()),
            Some(MaximumRule::CumulativeDays { maximum_days: 546 })
        );
        // 2023-09-01 → 2025-02-28 crosses 29 February 2024: 547 days.
        assert_eq!(
            maximum_rule(date(2023, 9, 1).unwrap()),
            Some(MaximumRule::CumulativeDays { maximum_days: 547 })
        );
    }

    #[test]
    fn transitional_boundary_2020_07_01_and_02() {
        // Started 2020-07-01: calendar rule, period ended 2021-12-31 (before the amendment).
        assert_eq!(
            maximum_rule(date(2020, 7, 1).unwrap()),
            Some(MaximumRule::CalendarPeriod {
                last_day: date(2021, 12, 31).unwrap()
            })
        );
        // Started 2020-07-02: still running on 2021-12-31, so counted by days paid.
        assert!(matches!(
            maximum_rule(date(2020, 7, 2).unwrap()),
            Some(MaximumRule::CumulativeDays { .. })
        ));
    }
}
