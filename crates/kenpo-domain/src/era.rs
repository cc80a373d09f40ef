//! Japanese era dates (和暦): the receipt form (era code + YYMM / YYMMDD) and the display form
//! (令和8年11月24日, 令和元年5月1日).
//!
//! Eras and their first days (Gregorian): 明治 (code 1) from 1873-01-01 (明治6年, the day the solar
//! calendar was adopted; earlier Meiji dates were lunisolar and are not supported), 大正 (2) from
//! 1912-07-30, 昭和 (3) from 1926-12-25, 平成 (4) from 1989-01-08, 令和 (5) from 2019-05-01. The code
//! numbers are those of the レセプト電算処理システム 記録条件仕様 (元号区分).
//!
//! A date that does not exist, or that lies outside its era, is an error: 令和1年4月30日 (still
//! 平成), 平成31年5月1日 (already 令和), 2月30日.
//!
//! ```
//! use kenpo_domain::era::{Era, WarekiDate};
//! use kenpo_domain::calendar::date;
//!
//! let d = WarekiDate::from_gregorian(date(2019, 5, 1).unwrap()).unwrap();
//! assert_eq!(d.era(), Era::Reiwa);
//! assert_eq!(d.to_string(), "令和元年5月1日");
//! assert_eq!("平成31年4月30日".parse::<WarekiDate>().unwrap().to_gregorian(), date(2019, 4, 30).unwrap());
//! assert!("平成31年5月1日".parse::<WarekiDate>().is_err());
//! assert_eq!(kenpo_domain::era::parse_receipt_date("5081124").unwrap(), date(2026, 11, 24).unwrap());
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;

/// Why an era date was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EraError {
    /// The era code is not 1–5.
    #[error("unknown era code {code:?} (expected 1 明治, 2 大正, 3 昭和, 4 平成 or 5 令和)")]
    UnknownEraCode {
        /// The code found.
        code: String,
    },
    /// The era name is not one of 明治, 大正, 昭和, 平成, 令和.
    #[error("unknown era name in {text:?}")]
    UnknownEraName {
        /// The text given.
        text: String,
    },
    /// The month or day does not exist (2月30日, 13月).
    #[error("no such date: {text}")]
    NoSuchDate {
        /// The date as given.
        text: String,
    },
    /// The date exists but not in that era (令和1年4月30日 is still 平成).
    #[error("{text} is outside the era {era} ({first} to {last})")]
    OutsideEra {
        /// The date as given.
        text: String,
        /// The era named.
        era: Era,
        /// First day of the era.
        first: NaiveDate,
        /// Last day of the era.
        last: NaiveDate,
    },
    /// The date is before 明治6年1月1日 (1873-01-01) or after the supported range.
    #[error("{date} has no supported era date (before 1873-01-01)")]
    Unsupported {
        /// The Gregorian date.
        date: NaiveDate,
    },
    /// The text is not in any accepted form.
    #[error("{text:?} is not an era date in the form {expected}")]
    Malformed {
        /// The text given.
        text: String,
        /// The form expected.
        expected: &'static str,
    },
}

/// A Japanese era (元号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Era {
    /// 明治 (code 1).
    Meiji,
    /// 大正 (code 2).
    Taisho,
    /// 昭和 (code 3).
    Showa,
    /// 平成 (code 4).
    Heisei,
    /// 令和 (code 5).
    Reiwa,
}

const ERAS: [Era; 5] = [Era::Meiji, Era::Taisho, Era::Showa, Era::Heisei, Era::Reiwa];

impl Era {
    /// The receipt code (元号区分): 1 明治 … 5 令和.
    pub const fn code(self) -> u8 {
        match self {
            Era::Meiji => 1,
            Era::Taisho => 2,
            Era::Showa => 3,
            Era::Heisei => 4,
            Era::Reiwa => 5,
        }
    }

    /// The era with receipt code `code`.
    pub fn from_code(code: u8) -> Option<Era> {
        ERAS.iter().copied().find(|e| e.code() == code)
    }

    /// The name in kanji: 令和.
    pub const fn name(self) -> &'static str {
        match self {
            Era::Meiji => "明治",
            Era::Taisho => "大正",
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    /// Year 1 of the era (元年) as a Gregorian year.
    const fn first_year(self) -> i32 {
        match self {
            Era::Meiji => 1868,
            Era::Taisho => 1912,
            Era::Showa => 1926,
            Era::Heisei => 1989,
            Era::Reiwa => 2019,
        }
    }

    /// The first day the library accepts in the era (for 明治: 1873-01-01, 明治6年).
    pub fn first_day(self) -> NaiveDate {
        let (y, m, d) = match self {
            Era::Meiji => (1873, 1, 1),
            Era::Taisho => (1912, 7, 30),
            Era::Showa => (1926, 12, 25),
            Era::Heisei => (1989, 1, 8),
            Era::Reiwa => (2019, 5, 1),
        };
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the era (`NaiveDate::MAX` for the current era).
    pub fn last_day(self) -> NaiveDate {
        match ERAS.iter().position(|e| *e == self) {
            Some(i) if i + 1 < ERAS.len() => {
                ERAS[i + 1].first_day().pred_opt().unwrap_or(NaiveDate::MIN)
            }
            _ => NaiveDate::MAX,
        }
    }

    /// The era in force on `date`.
    pub fn of(date: NaiveDate) -> Option<Era> {
        ERAS.iter().rev().copied().find(|e| e.first_day() <= date)
    }
}

impl fmt::Display for Era {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A date in the Japanese era calendar (和暦), always a real date inside its era.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WarekiDate {
    era: Era,
    year: u32,
    date: NaiveDate,
}

impl WarekiDate {
    /// The era date of a Gregorian date.
    pub fn from_gregorian(date: NaiveDate) -> Result<WarekiDate, EraError> {
        let era = Era::of(date).ok_or(EraError::Unsupported { date })?;
        let year = (date.year() - era.first_year() + 1) as u32;
        Ok(WarekiDate { era, year, date })
    }

    /// The date `era` `year`年 `month`月 `day`日; an error when it does not exist or lies outside
    /// the era.
    pub fn new(era: Era, year: u32, month: u32, day: u32) -> Result<WarekiDate, EraError> {
        let text = || format!("{}{}年{}月{}日", era.name(), year, month, day);
        let gyear = i32::try_from(year)
            .ok()
            .filter(|y| *y >= 1)
            .map(|y| era.first_year() + y - 1)
            .ok_or_else(|| EraError::NoSuchDate { text: text() })?;
        let date = NaiveDate::from_ymd_opt(gyear, month, day)
            .ok_or_else(|| EraError::NoSuchDate { text: text() })?;
        if date < era.first_day() || date > era.last_day() {
            return Err(EraError::OutsideEra {
                text: text(),
                era,
                first: era.first_day(),
                last: era.last_day(),
            });
        }
        Ok(WarekiDate { era, year, date })
    }

    /// The era.
    pub fn era(self) -> Era {
        self.era
    }

    /// The year of the era (1 for 元年).
    pub fn era_year(self) -> u32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        self.date.month()
    }

    /// The day of the month.
    pub fn day(self) -> u32 {
        self.date.day()
    }

    /// The Gregorian date.
    pub fn to_gregorian(self) -> NaiveDate {
        self.date
    }

    /// The receipt form GYYMMDD: `5081124` for 令和8年11月24日.
    pub fn to_receipt_form(self) -> String {
        format!(
            "{}{:02}{:02}{:02}",
            self.era.code(),
            self.year % 100,
            self.month(),
            self.day()
        )
    }
}

/// The display form: 令和8年11月24日, 令和元年5月1日.
impl fmt::Display for WarekiDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.era.name())?;
        if self.year == 1 {
            f.write_str("元")?;
        } else {
            write!(f, "{}", self.year)?;
        }
        write!(f, "年{}月{}日", self.month(), self.day())
    }
}

/// Replaces full-width digits (０–９) by ASCII digits.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect()
}

impl FromStr for WarekiDate {
    type Err = EraError;
    /// Parses the display form: `令和8年11月24日`, `令和元年5月1日`, `R8.11.24` is not accepted.
    /// Full-width digits are accepted.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const EXPECTED: &str = "令和8年11月24日";
        let malformed = || EraError::Malformed {
            text: s.to_owned(),
            expected: EXPECTED,
        };
        let t = ascii_digits(s.trim());
        let era = ERAS
            .iter()
            .copied()
            .find(|e| t.starts_with(e.name()))
            .ok_or_else(|| EraError::UnknownEraName { text: s.to_owned() })?;
        let rest = &t[era.name().len()..];
        let (year, rest) = rest.split_once('年').ok_or_else(malformed)?;
        let (month, rest) = rest.split_once('月').ok_or_else(malformed)?;
        let day = rest.strip_suffix('日').ok_or_else(malformed)?;
        let num = |x: &str| -> Result<u32, EraError> {
            if x.is_empty() || x.len() > 3 || !x.bytes().all(|b| b.is_ascii_digit()) {
                return Err(malformed());
            }
            x.parse().map_err(|_| malformed())
        };
        let year = if year == "元" { 1 } else { num(year)? };
        WarekiDate::new(era, year, num(month)?, num(day)?)
    }
}

fn digits(text: &str, expected: &'static str) -> Result<Vec<u32>, EraError> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(EraError::Malformed {
            text: text.to_owned(),
            expected,
        });
    }
    Ok(text.bytes().map(|b| u32::from(b - b'0')).collect())
}

fn era_of_code(text: &str, code: u32) -> Result<Era, EraError> {
    u8::try_from(code)
        .ok()
        .and_then(Era::from_code)
        .ok_or_else(|| EraError::UnknownEraCode {
            code: text.chars().next().map(String::from).unwrap_or_default(),
        })
}

/// Parses a receipt date: the era form GYYMMDD (7 digits, `5081124`) or the Gregorian form
/// YYYYMMDD (8 digits, `20261124`) that current files use.
pub fn parse_receipt_date(text: &str) -> Result<NaiveDate, EraError> {
    const EXPECTED: &str = "GYYMMDD or YYYYMMDD";
    let d = digits(text, EXPECTED)?;
    match d.len() {
        7 => {
            let era = era_of_code(text, d[0])?;
            let w = WarekiDate::new(era, d[1] * 10 + d[2], d[3] * 10 + d[4], d[5] * 10 + d[6])?;
            Ok(w.to_gregorian())
        }
        8 => {
            let y = d[..4].iter().fold(0, |a, x| a * 10 + x) as i32;
            NaiveDate::from_ymd_opt(y, d[4] * 10 + d[5], d[6] * 10 + d[7]).ok_or_else(|| {
                EraError::NoSuchDate {
                    text: text.to_owned(),
                }
            })
        }
        _ => Err(EraError::Malformed {
            text: text.to_owned(),
            expected: EXPECTED,
        }),
    }
}

/// Parses a receipt month: the era form GYYMM (5 digits, `50811`) or the Gregorian form YYYYMM
/// (6 digits, `202611`). An era month is valid when at least one of its days lies in the era
/// (平成31年4月 and 令和元年5月 are both valid; 令和元年4月 is not).
pub fn parse_receipt_month(text: &str) -> Result<YearMonth, EraError> {
    const EXPECTED: &str = "GYYMM or YYYYMM";
    let d = digits(text, EXPECTED)?;
    let no_such = || EraError::NoSuchDate {
        text: text.to_owned(),
    };
    match d.len() {
        5 => {
            let era = era_of_code(text, d[0])?;
            let year = d[1] * 10 + d[2];
            let month = d[3] * 10 + d[4];
            if year == 0 {
                return Err(no_such());
            }
            let ym =
                YearMonth::new(era.first_year() + year as i32 - 1, month).map_err(|_| no_such())?;
            if ym.last_day() < era.first_day() || ym.first_day() > era.last_day() {
                return Err(EraError::OutsideEra {
                    text: text.to_owned(),
                    era,
                    first: era.first_day(),
                    last: era.last_day(),
                });
            }
            Ok(ym)
        }
        6 => {
            let y = d[..4].iter().fold(0, |a, x| a * 10 + x) as i32;
            YearMonth::new(y, d[4] * 10 + d[5]).map_err(|_| no_such())
        }
        _ => Err(EraError::Malformed {
            text: text.to_owned(),
            expected: EXPECTED,
        }),
    }
}

/// Formats a month in the era form GYYMM (`50811` for 2026-11), choosing the era in force on the
/// month's last day.
pub fn format_receipt_month_era(month: YearMonth) -> Result<String, EraError> {
    let w = WarekiDate::from_gregorian(month.last_day())?;
    Ok(format!(
        "{}{:02}{:02}",
        w.era().code(),
        w.era_year() % 100,
        month.month()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::date;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        date(y, m, day).unwrap()
    }

    #[test]
    fn era_boundaries() {
        let cases = [
            (d(2019, 4, 30), "平成31年4月30日"),
            (d(2019, 5, 1), "令和元年5月1日"),
            (d(1989, 1, 7), "昭和64年1月7日"),
            (d(1989, 1, 8), "平成元年1月8日"),
            (d(1926, 12, 24), "大正15年12月24日"),
            (d(1926, 12, 25), "昭和元年12月25日"),
            (d(1912, 7, 29), "明治45年7月29日"),
            (d(1912, 7, 30), "大正元年7月30日"),
            (d(2026, 11, 24), "令和8年11月24日"),
        ];
        for (g, text) in cases {
            let w = WarekiDate::from_gregorian(g).unwrap();
            assert_eq!(w.to_string(), text);
            assert_eq!(
                text.parse::<WarekiDate>().unwrap().to_gregorian(),
                g,
                "{text}"
            );
        }
    }

    #[test]
    fn impossible_dates_are_errors() {
        assert!(matches!(
            "令和1年4月30日".parse::<WarekiDate>(),
            Err(EraError::OutsideEra {
                era: Era::Reiwa,
                ..
            })
        ));
        assert!(matches!(
            "平成31年5月1日".parse::<WarekiDate>(),
            Err(EraError::OutsideEra {
                era: Era::Heisei,
                ..
            })
        ));
        assert!(matches!(
            "令和8年2月30日".parse::<WarekiDate>(),
            Err(EraError::NoSuchDate { .. })
        ));
        assert!(matches!(
            "令和0年5月1日".parse::<WarekiDate>(),
            Err(EraError::NoSuchDate { .. })
        ));
        assert!(matches!(
            "昭和64年1月8日".parse::<WarekiDate>(),
            Err(EraError::OutsideEra { .. })
        ));
        assert!("慶応3年1月1日".parse::<WarekiDate>().is_err());
        assert!("令和8年11月".parse::<WarekiDate>().is_err());
        assert!(WarekiDate::from_gregorian(d(1872, 12, 31)).is_err());
    }

    #[test]
    fn full_width_digits_and_gannen() {
        assert_eq!(
            "令和８年１１月２４日"
                .parse::<WarekiDate>()
                .unwrap()
                .to_gregorian(),
            d(2026, 11, 24)
        );
        assert_eq!(
            "令和1年5月1日".parse::<WarekiDate>().unwrap().to_string(),
            "令和元年5月1日"
        );
    }

    #[test]
    fn receipt_dates_both_forms() {
        assert_eq!(parse_receipt_date("5081124").unwrap(), d(2026, 11, 24));
        assert_eq!(parse_receipt_date("20261124").unwrap(), d(2026, 11, 24));
        assert_eq!(parse_receipt_date("3350312").unwrap(), d(1960, 3, 12));
        assert_eq!(parse_receipt_date("4310430").unwrap(), d(2019, 4, 30));
        assert!(parse_receipt_date("4310501").is_err());
        assert!(parse_receipt_date("5010430").is_err());
        assert!(matches!(
            parse_receipt_date("6081124"),
            Err(EraError::UnknownEraCode { .. })
        ));
        assert!(parse_receipt_date("20260230").is_err());
        assert!(parse_receipt_date("508112").is_err());
        assert!(parse_receipt_date("50811２4").is_err());
        assert_eq!(
            WarekiDate::from_gregorian(d(2026, 11, 24))
                .unwrap()
                .to_receipt_form(),
            "5081124"
        );
    }

    #[test]
    fn receipt_months_both_forms() {
        assert_eq!(
            parse_receipt_month("50811").unwrap(),
            YearMonth::new(2026, 11).unwrap()
        );
        assert_eq!(
            parse_receipt_month("202611").unwrap(),
            YearMonth::new(2026, 11).unwrap()
        );
        assert_eq!(
            parse_receipt_month("43104").unwrap(),
            YearMonth::new(2019, 4).unwrap()
        );
        assert_eq!(
            parse_receipt_month("50105").unwrap(),
            YearMonth::new(2019, 5).unwrap()
        );
        assert!(parse_receipt_month("50104").is_err());
        assert!(parse_receipt_month("43105").is_err());
        assert!(parse_receipt_month("50813").is_err());
        assert!(parse_receipt_month("202613").is_err());
        assert_eq!(
            format_receipt_month_era(YearMonth::new(2026, 11).unwrap()).unwrap(),
            "50811"
        );
    }
}
