//! The scalars of the contract: calendar dates, calendar months and exact decimals. Whole yen
//! are plain `i64` (JSON numbers, `Long` on the JVM, `Int64` in Swift); no floating point crosses
//! any boundary.
//!
//! | wire type | JSON (C) | Kotlin / Java | Swift |
//! | --- | --- | --- | --- |
//! | [`PlainDate`] | `"YYYY-MM-DD"` | `java.time.LocalDate` | `CalendarDate` (`year`, `month`, `day`) |
//! | [`PlainMonth`] | `"YYYY-MM"` | `java.time.YearMonth` | `CalendarMonth` (`year`, `month`) |
//! | [`Exact`] | decimal text (`"4282.5"`) | `java.math.BigDecimal` | `Decimal` |
//!
//! A legal date is a calendar day, not an instant: no time zone, no `java.util.Date`, no
//! `Foundation.Date`. Across uniffi a date travels as three integers (cheaper than text and exact);
//! in JSON as ISO-8601 text, which sorts and reads. Text that is not exactly the documented form
//! (`"2026-4-1"`, `"2026-02-30"`, `"1e3"`) is refused with an error that names the form expected,
//! never the value (a date may be a birth date).
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use kenpo_domain::calendar::YearMonth;
use rust_decimal::Decimal;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a scalar was refused (the form expected; never the value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScalarError {
    /// Not `YYYY-MM-DD`, or not a day of the calendar.
    #[error("not a calendar date in the form YYYY-MM-DD (year 1–9999)")]
    Date,
    /// Not `YYYY-MM`, or month outside 1–12.
    #[error("not a calendar month in the form YYYY-MM (year 1–9999, month 01–12)")]
    Month,
    /// Not plain decimal text.
    #[error("not decimal text (digits, an optional '-' and '.', no exponent, at most 28 digits)")]
    Decimal,
}

/// A calendar date (年月日): a treatment day, a birth date, a day of loss.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlainDate(pub NaiveDate);

impl PlainDate {
    /// The date of `year`, `month` and `day`, if it is a day of the calendar in years 1–9999.
    pub fn from_parts(year: i32, month: i32, day: i32) -> Result<PlainDate, ScalarError> {
        if !(1..=9999).contains(&year) {
            return Err(ScalarError::Date);
        }
        let (Ok(m), Ok(d)) = (u32::try_from(month), u32::try_from(day)) else {
            return Err(ScalarError::Date);
        };
        NaiveDate::from_ymd_opt(year, m, d)
            .map(PlainDate)
            .ok_or(ScalarError::Date)
    }

    /// The year, month (1–12) and day (1–31).
    pub fn parts(self) -> (i32, i32, i32) {
        // month() and day() are at most 31.
        (self.0.year(), self.0.month() as i32, self.0.day() as i32)
    }
}

/// Dates are personal data as often as not (a birth date): `Debug` does not print them.
impl fmt::Debug for PlainDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Date(..)")
    }
}

impl FromStr for PlainDate {
    type Err = ScalarError;
    fn from_str(text: &str) -> Result<PlainDate, ScalarError> {
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) {
            return Err(ScalarError::Date);
        }
        if !digits(5..7) || !digits(8..10) {
            return Err(ScalarError::Date);
        }
        let n = |r: std::ops::Range<usize>| text[r].parse::<i32>().unwrap_or(0);
        PlainDate::from_parts(n(0..4), n(5..7), n(8..10))
    }
}

impl fmt::Display for PlainDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl From<NaiveDate> for PlainDate {
    fn from(d: NaiveDate) -> PlainDate {
        PlainDate(d)
    }
}

impl From<PlainDate> for NaiveDate {
    fn from(d: PlainDate) -> NaiveDate {
        d.0
    }
}

/// A calendar month (年月): a premium month, a treatment month (診療月).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct PlainMonth(pub YearMonth);

impl PlainMonth {
    /// The month of `year` and `month` (1–12), years 1–9999.
    pub fn from_parts(year: i32, month: i32) -> Result<PlainMonth, ScalarError> {
        u32::try_from(month)
            .ok()
            .and_then(|m| YearMonth::new(year, m).ok())
            .map(PlainMonth)
            .ok_or(ScalarError::Month)
    }
}

impl FromStr for PlainMonth {
    type Err = ScalarError;
    fn from_str(text: &str) -> Result<PlainMonth, ScalarError> {
        let b = text.as_bytes();
        if b.len() != 7 || b[4] != b'-' || !b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit) {
            return Err(ScalarError::Month);
        }
        let year = text[..4].parse::<i32>().map_err(|_| ScalarError::Month)?;
        let month = text[5..].parse::<i32>().map_err(|_| ScalarError::Month)?;
        PlainMonth::from_parts(year, month)
    }
}

impl fmt::Display for PlainMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl From<YearMonth> for PlainMonth {
    fn from(m: YearMonth) -> PlainMonth {
        PlainMonth(m)
    }
}

impl From<PlainMonth> for YearMonth {
    fn from(m: PlainMonth) -> YearMonth {
        m.0
    }
}

/// An exact decimal: an amount with fractions of a yen (a premium part before rounding, the
/// employer share), or a rate in percent.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct Exact(pub Decimal);

impl FromStr for Exact {
    type Err = ScalarError;
    fn from_str(text: &str) -> Result<Exact, ScalarError> {
        let digits = text.strip_prefix('-').unwrap_or(text);
        let (whole, fraction) = match digits.split_once('.') {
            Some((_, "")) => return Err(ScalarError::Decimal),
            Some(parts) => parts,
            None => (digits, ""),
        };
        let plain = !whole.is_empty()
            && whole.bytes().all(|b| b.is_ascii_digit())
            && fraction.bytes().all(|b| b.is_ascii_digit());
        if !plain {
            return Err(ScalarError::Decimal);
        }
        Decimal::from_str(text)
            .map(Exact)
            .map_err(|_| ScalarError::Decimal)
    }
}

impl fmt::Display for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.normalize())
    }
}

impl From<Decimal> for Exact {
    fn from(d: Decimal) -> Exact {
        Exact(d)
    }
}

impl From<Exact> for Decimal {
    fn from(e: Exact) -> Decimal {
        e.0
    }
}

macro_rules! text_scalar {
    ($ty:ident, $name:literal, $schema:tt) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
                let text = Cow::<'de, str>::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

text_scalar!(PlainDate, "PlainDate", {
    "type": "string",
    "format": "date",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "description": "A calendar date, YYYY-MM-DD (no time, no zone)."
});
text_scalar!(PlainMonth, "PlainMonth", {
    "type": "string",
    "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$",
    "description": "A calendar month, YYYY-MM."
});
text_scalar!(Exact, "Exact", {
    "type": "string",
    "pattern": "^-?[0-9]+(\\.[0-9]+)?$",
    "description": "An exact decimal as text (no exponent, at most 28 significant digits)."
});

#[cfg(feature = "uniffi")]
mod bridge {
    //! How the scalars cross uniffi: a date as three integers, a month as two, a decimal as an
    //! unscaled integer and a scale (text only beyond 64 bits). `uniffi.toml` maps them to `java.time` and `BigDecimal` on the JVM and to `Decimal`
    //! in Swift; in Swift a date stays the value type [`CalendarDate`].
    use super::{Exact, PlainDate, PlainMonth};
    use crate::error::KenpoError;

    /// A calendar date as its parts (Swift's form of a date; Kotlin sees `java.time.LocalDate`).
    #[derive(uniffi::Record)]
    pub struct CalendarDate {
        /// The year, 1–9999.
        pub year: i32,
        /// The month, 1–12.
        pub month: i32,
        /// The day of the month, 1–31.
        pub day: i32,
    }

    /// A calendar month as its parts (Swift's form; Kotlin sees `java.time.YearMonth`).
    #[derive(uniffi::Record)]
    pub struct CalendarMonth {
        /// The year, 1–9999.
        pub year: i32,
        /// The month, 1–12.
        pub month: i32,
    }

    uniffi::custom_type!(PlainDate, CalendarDate, {
        lower: |d| {
            let (year, month, day) = d.parts();
            CalendarDate { year, month, day }
        },
        try_lift: |c| Ok(PlainDate::from_parts(c.year, c.month, c.day)
            .map_err(|e| KenpoError::from(e).within("date"))?),
    });

    uniffi::custom_type!(PlainMonth, CalendarMonth, {
        lower: |m| CalendarMonth { year: m.0.year(), month: m.0.month() as i32 },
        try_lift: |c| Ok(PlainMonth::from_parts(c.year, c.month)
            .map_err(|e| KenpoError::from(e).within("month"))?),
    });

    /// An exact decimal as its parts: `unscaled × 10^-scale` when the unscaled value fits 64
    /// bits (then `text` is empty: the JVM builds a `BigDecimal` and Swift a `Decimal` without
    /// parsing text), else the decimal `text` (up to 28 significant digits).
    #[derive(uniffi::Record)]
    pub struct ExactParts {
        /// The unscaled value (when `text` is empty).
        pub unscaled: i64,
        /// The number of digits after the point, 0–28 (when `text` is empty).
        pub scale: i32,
        /// The decimal text, when the unscaled value does not fit 64 bits; else empty.
        pub text: String,
    }

    uniffi::custom_type!(Exact, ExactParts, {
        lower: |e| {
            let d = e.0.normalize();
            match i64::try_from(d.mantissa()) {
                Ok(unscaled) => ExactParts { unscaled, scale: d.scale() as i32, text: String::new() },
                Err(_) => ExactParts { unscaled: 0, scale: 0, text: d.to_string() },
            }
        },
        try_lift: |p| {
            let exact = if p.text.is_empty() {
                u32::try_from(p.scale)
                    .ok()
                    .and_then(|scale| {
                        rust_decimal::Decimal::try_from_i128_with_scale(i128::from(p.unscaled), scale).ok()
                    })
                    .map(Exact)
                    .ok_or(super::ScalarError::Decimal)
            } else {
                p.text.parse::<Exact>()
            };
            Ok(exact.map_err(|e| KenpoError::from(e).within("decimal"))?)
        },
    });
}

#[cfg(feature = "uniffi")]
pub use bridge::{CalendarDate, CalendarMonth, ExactParts};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict_iso_and_errors_carry_no_value() {
        assert_eq!(
            "2024-02-29".parse::<PlainDate>().map(|d| d.parts()),
            Ok((2024, 2, 29))
        );
        for bad in [
            "2026-02-30",
            "2026-4-1",
            "20260401",
            "+2026-04-01",
            "0000-01-01",
            "",
            "2026-04-01 ",
            "２０２６-04-01",
        ] {
            let e = bad.parse::<PlainDate>().unwrap_err();
            assert_eq!(e, ScalarError::Date, "{bad:?}");
            assert!(!e.to_string().contains("2026"));
        }
        let json: Result<PlainDate, _> = serde_json::from_str("\"1980-02-30\"");
        assert!(!json.unwrap_err().to_string().contains("1980"));
        assert_eq!(
            format!("{:?}", PlainDate::from_parts(1980, 5, 1).unwrap()),
            "Date(..)"
        );
    }

    #[test]
    fn months_and_decimals() {
        assert_eq!(
            "2026-09".parse::<PlainMonth>().unwrap().to_string(),
            "2026-09"
        );
        for bad in ["2026-13", "2026-00", "2026-9", "202609", "-026-09"] {
            assert_eq!(
                bad.parse::<PlainMonth>(),
                Err(ScalarError::Month),
                "{bad:?}"
            );
        }
        assert_eq!("4282.50".parse::<Exact>().unwrap().to_string(), "4282.5");
        assert_eq!("-0.5".parse::<Exact>().unwrap().to_string(), "-0.5");
        for bad in ["1e3", "0.1.2", "", "-", ".5", "5.", "+1", " 1"] {
            assert_eq!(bad.parse::<Exact>(), Err(ScalarError::Decimal), "{bad:?}");
        }
        assert_eq!(
            serde_json::to_string(&"7684.9".parse::<Exact>().unwrap()).unwrap(),
            "\"7684.9\""
        );
    }
}
