//! Age by the legal rule (年齢計算ニ関スル法律, 民法第143条) and the month rules built on it.
//!
//! A person **reaches** an age at the end of the day before the birthday, so the statutes'
//! 「…歳に達した日」 is the day before the birthday. Everything else follows from that one rule:
//!
//! | rule | function | born 5/2 | born 5/1 |
//! | --- | --- | --- | --- |
//! | 介護保険 第2号 starts (reaching 40) | [`care_insurance_first_month`] | May | April |
//! | 介護保険 第2号 ends (reaching 65; last month is the month before) | [`care_insurance_last_month`] | April | March |
//! | 高齢受給者 (70–74 co-payment) from the month after the month of reaching 70 | [`elderly_recipient_first_month`] | June | May |
//! | loss of eligibility on the 75th birthday itself | [`late_elderly_transition_date`] | 5/2 | 5/1 |
//! | 未就学 (pre-school) until the first 31 March after reaching 6 | [`preschool_last_day`] | | |
//!
//! A person born on 29 February reaches an age on 28 February in every year (民法第143条2項: the
//! period ends on the last day of the month when the corresponding day does not exist), and has
//! the birthday on 1 March in a common year.
//!
//! Sources: 年齢計算ニ関スル法律 (明治35年法律第50号); 民法 第143条; 協会けんぽ 茨城支部
//! 「介護保険料の徴収開始」 (born 5/2 → May, born 5/1 → April); 健康保険法 第74条 (70 → 高齢受給者,
//! 「七十歳に達する日の属する月の翌月以後」); 高齢者の医療の確保に関する法律 第50条, 第52条 (75th birthday);
//! 健康保険法 第74条1項1号 (「六歳に達する日以後の最初の三月三十一日以前」).
//!
//! ```
//! use kenpo_domain::age;
//! use kenpo_domain::calendar::{date, YearMonth};
//!
//! let born = date(1986, 5, 1).unwrap();
//! assert_eq!(age::date_reaching_age(born, 40), date(2026, 4, 30));
//! assert_eq!(age::care_insurance_first_month(born), YearMonth::new(2026, 4).ok());
//! assert_eq!(age::age_reached_on(born, date(2026, 4, 30).unwrap()), Some(40));
//! ```

use chrono::{Datelike, Days, NaiveDate};

use crate::calendar::{FiscalYear, YearMonth};

/// The `age`-th birthday (誕生日): the anniversary of `birth` in year `birth.year + age`; for a
/// person born on 29 February, 1 March in a common year. `None` past the supported date range.
pub fn birthday(birth: NaiveDate, age: u32) -> Option<NaiveDate> {
    let year = birth.year().checked_add(i32::try_from(age).ok()?)?;
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
}

/// The day on which the person reaches `age` (…歳に達した日): the day before the `age`-th
/// birthday. For someone born on 29 February this is always 28 February.
pub fn date_reaching_age(birth: NaiveDate, age: u32) -> Option<NaiveDate> {
    birthday(birth, age)?.checked_sub_days(Days::new(1))
}

/// The age reached on `on` by the legal rule: the largest `n` whose [`date_reaching_age`] is on
/// or before `on`. `None` before the birth date.
pub fn age_reached_on(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    if on < birth {
        return None;
    }
    // The day of reaching an age can fall in the calendar year before the birthday (born on
    // 1 January), so start one year above the difference of the years and step down.
    let upper = u32::try_from(on.year() - birth.year()).ok()? + 1;
    (0..=upper)
        .rev()
        .find(|n| date_reaching_age(birth, *n).is_some_and(|reached| reached <= on))
        .or(Some(0))
}

/// The month containing the day the person reaches `age`.
pub fn month_reaching_age(birth: NaiveDate, age: u32) -> Option<YearMonth> {
    date_reaching_age(birth, age).map(YearMonth::of)
}

/// The first month of 介護保険 第2号被保険者 status (the month containing the day of reaching 40):
/// the first month that carries 介護保険料.
pub fn care_insurance_first_month(birth: NaiveDate) -> Option<YearMonth> {
    month_reaching_age(birth, 40)
}

/// The last month of 介護保険 第2号被保険者 status: the month before the month containing the
/// day of reaching 65 (from then the person is 第1号 and pays the municipality).
pub fn care_insurance_last_month(birth: NaiveDate) -> Option<YearMonth> {
    month_reaching_age(birth, 65).map(YearMonth::prev)
}

/// `true` when `month` lies in the person's 介護保険 第2号 period (ages 40–64 by the month rules).
pub fn is_care_category_2(birth: NaiveDate, month: YearMonth) -> bool {
    match (
        care_insurance_first_month(birth),
        care_insurance_last_month(birth),
    ) {
        (Some(first), Some(last)) => first <= month && month <= last,
        _ => false,
    }
}

/// The first month in which the person is a 高齢受給者 (70–74 co-payment rules): the month after
/// the month of reaching 70; for someone born on the 1st of a month, the birthday month itself.
pub fn elderly_recipient_first_month(birth: NaiveDate) -> Option<YearMonth> {
    month_reaching_age(birth, 70).map(YearMonth::next)
}

/// The date on which kenpo eligibility ends because the person joins 後期高齢者医療: the 75th
/// birthday itself (eligibility is lost on that day, not the day after).
pub fn late_elderly_transition_date(birth: NaiveDate) -> Option<NaiveDate> {
    birthday(birth, 75)
}

/// `true` when the person is 75 or over on `on` (on or after the 75th birthday).
pub fn is_late_elderly_on(birth: NaiveDate, on: NaiveDate) -> bool {
    late_elderly_transition_date(birth).is_some_and(|d| d <= on)
}

/// The last day of 未就学 (before compulsory schooling): the first 31 March on or after the day
/// the child reaches 6.
pub fn preschool_last_day(birth: NaiveDate) -> Option<NaiveDate> {
    let reached_six = date_reaching_age(birth, 6)?;
    let march_31 = NaiveDate::from_ymd_opt(reached_six.year(), 3, 31)?;
    if reached_six <= march_31 {
        Some(march_31)
    } else {
        NaiveDate::from_ymd_opt(reached_six.year() + 1, 3, 31)
    }
}

/// `true` when the child is 未就学 on `on`.
pub fn is_preschool_on(birth: NaiveDate, on: NaiveDate) -> bool {
    on >= birth && preschool_last_day(birth).is_some_and(|d| on <= d)
}

/// The age reached by the end of a fiscal year (on 31 March): the age 特定健診 uses for "ages
/// 40–74 in the fiscal year" and for the 65–74 guidance cap.
pub fn age_at_fiscal_year_end(birth: NaiveDate, fiscal_year: FiscalYear) -> Option<u32> {
    age_reached_on(birth, fiscal_year.last_day())
}

/// The age reached on 31 December of `year`: the age 被扶養者認定 uses for the 19–22 income
/// threshold.
pub fn age_on_december_31(birth: NaiveDate, year: i32) -> Option<u32> {
    age_reached_on(birth, NaiveDate::from_ymd_opt(year, 12, 31)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::date;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        date(y, m, day).unwrap()
    }
    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    #[test]
    fn age_is_reached_the_day_before_the_birthday() {
        let born = d(1986, 5, 2);
        assert_eq!(date_reaching_age(born, 40), Some(d(2026, 5, 1)));
        assert_eq!(age_reached_on(born, d(2026, 4, 30)), Some(39));
        assert_eq!(age_reached_on(born, d(2026, 5, 1)), Some(40));
        assert_eq!(age_reached_on(born, d(2026, 5, 2)), Some(40));
        assert_eq!(age_reached_on(born, d(1986, 5, 2)), Some(0));
        assert_eq!(age_reached_on(born, d(1986, 5, 1)), None);
    }

    #[test]
    fn born_on_the_first_reaches_age_in_the_previous_month() {
        let born = d(1986, 5, 1);
        assert_eq!(date_reaching_age(born, 40), Some(d(2026, 4, 30)));
        assert_eq!(month_reaching_age(born, 40), Some(ym(2026, 4)));
        let born = d(1986, 1, 1);
        assert_eq!(date_reaching_age(born, 40), Some(d(2025, 12, 31)));
    }

    #[test]
    fn leap_day_births() {
        let born = d(2000, 2, 29);
        // 2026 is a common year: reached on 28 Feb, birthday 1 Mar.
        assert_eq!(date_reaching_age(born, 26), Some(d(2026, 2, 28)));
        assert_eq!(birthday(born, 26), Some(d(2026, 3, 1)));
        // 2028 is a leap year: reached on 28 Feb, birthday 29 Feb.
        assert_eq!(date_reaching_age(born, 28), Some(d(2028, 2, 28)));
        assert_eq!(birthday(born, 28), Some(d(2028, 2, 29)));
        assert_eq!(age_reached_on(born, d(2026, 2, 27)), Some(25));
        assert_eq!(age_reached_on(born, d(2026, 2, 28)), Some(26));
        assert_eq!(month_reaching_age(born, 40), Some(ym(2040, 2)));
    }

    #[test]
    fn care_insurance_months() {
        // 協会けんぽ: born 5/2 → from May 分; born 5/1 → from April 分.
        assert_eq!(care_insurance_first_month(d(1986, 5, 2)), Some(ym(2026, 5)));
        assert_eq!(care_insurance_first_month(d(1986, 5, 1)), Some(ym(2026, 4)));
        // Reaching 65: born 4/2 → last is March 分; born 4/1 → last is February 分.
        assert_eq!(care_insurance_last_month(d(1961, 4, 2)), Some(ym(2026, 3)));
        assert_eq!(care_insurance_last_month(d(1961, 4, 1)), Some(ym(2026, 2)));
        assert!(!is_care_category_2(d(1986, 5, 2), ym(2026, 4)));
        assert!(is_care_category_2(d(1986, 5, 2), ym(2026, 5)));
        assert!(is_care_category_2(d(1961, 4, 1), ym(2026, 2)));
        assert!(!is_care_category_2(d(1961, 4, 1), ym(2026, 3)));
        assert!(is_care_category_2(d(2000, 2, 29), ym(2040, 2)));
        assert!(!is_care_category_2(d(2000, 2, 29), ym(2040, 1)));
    }

    #[test]
    fn elderly_recipient_month() {
        assert_eq!(
            elderly_recipient_first_month(d(1956, 5, 2)),
            Some(ym(2026, 6))
        );
        assert_eq!(
            elderly_recipient_first_month(d(1956, 5, 1)),
            Some(ym(2026, 5))
        );
        assert_eq!(
            elderly_recipient_first_month(d(1956, 2, 29)),
            Some(ym(2026, 3))
        );
    }

    #[test]
    fn seventy_fifth_birthday() {
        assert_eq!(
            late_elderly_transition_date(d(1951, 11, 2)),
            Some(d(2026, 11, 2))
        );
        assert_eq!(
            late_elderly_transition_date(d(1951, 11, 1)),
            Some(d(2026, 11, 1))
        );
        assert_eq!(
            late_elderly_transition_date(d(1952, 2, 29)),
            Some(d(2027, 3, 1))
        );
        assert!(!is_late_elderly_on(d(1951, 11, 1), d(2026, 10, 31)));
        assert!(is_late_elderly_on(d(1951, 11, 1), d(2026, 11, 1)));
    }

    #[test]
    fn preschool_ends_on_the_31_march_after_reaching_six() {
        // Reaches 6 on 2026-04-01 (born 2020-04-02): pre-school until 2027-03-31.
        assert_eq!(preschool_last_day(d(2020, 4, 2)), Some(d(2027, 3, 31)));
        // Born 2020-04-01 reaches 6 on 2026-03-31: pre-school until 2026-03-31 (早生まれ).
        assert_eq!(preschool_last_day(d(2020, 4, 1)), Some(d(2026, 3, 31)));
        assert_eq!(preschool_last_day(d(2020, 2, 29)), Some(d(2026, 3, 31)));
        assert!(is_preschool_on(d(2020, 4, 1), d(2026, 3, 31)));
        assert!(!is_preschool_on(d(2020, 4, 1), d(2026, 4, 1)));
        assert!(!is_preschool_on(d(2020, 4, 1), d(2020, 3, 31)));
    }

    #[test]
    fn fiscal_year_and_december_ages() {
        // Born 1986-04-01 reaches 40 on 2026-03-31: 40 at the end of FY2025.
        assert_eq!(
            age_at_fiscal_year_end(d(1986, 4, 1), FiscalYear::new(2025)),
            Some(40)
        );
        assert_eq!(
            age_at_fiscal_year_end(d(1986, 4, 2), FiscalYear::new(2025)),
            Some(39)
        );
        // Born 2007-01-01 reaches 19 on 2025-12-31.
        assert_eq!(age_on_december_31(d(2007, 1, 1), 2025), Some(19));
        assert_eq!(age_on_december_31(d(2007, 1, 2), 2025), Some(18));
    }
}
