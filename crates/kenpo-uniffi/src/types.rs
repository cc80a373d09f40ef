//! The custom types of the bindings: calendar dates and months as ISO-8601 text, exact decimals
//! as decimal text, whole yen as a signed 64-bit integer. No floating point crosses the FFI.
//!
//! | Rust | FFI | Kotlin (JVM) | Swift |
//! | --- | --- | --- | --- |
//! | [`IsoDate`] (`chrono::NaiveDate`) | `"YYYY-MM-DD"` | `java.time.LocalDate` | `String` |
//! | [`IsoMonth`] ([`YearMonth`]) | `"YYYY-MM"` | `java.time.YearMonth` | `String` |
//! | [`ExactDecimal`] (`rust_decimal::Decimal`) | decimal text (`"4282.5"`) | `java.math.BigDecimal` | `String` |
//! | [`Yen`] | `i64` | `Long` | `Int64` |
//!
//! Why these forms: a calendar date in insurance law has no time zone, so `Foundation.Date`
//! (an instant) would be wrong in Swift; ISO text is exact and sorts. On the JVM the
//! `java.time` types are mapped by `uniffi.toml` (their `toString()` is the ISO form). Money is
//! whole yen wherever the law rounds to the yen (an `i64`); where fractions of a yen matter
//! (a premium part before rounding, the employer share) it is an exact decimal, never a float.
//!
//! Text that does not parse (`"2026-02-30"`, `"2026-13"`, `"1e3"`) is refused in Rust with
//! [`KenpoError::InvalidArgument`], which crosses as the thrown error of the call.

use std::str::FromStr;

use chrono::NaiveDate;
use kenpo_domain::calendar::YearMonth;
use kenpo_domain::money::Yen;
use rust_decimal::Decimal;

use crate::error::KenpoError;

/// A calendar date (年月日), ISO-8601 `YYYY-MM-DD` across the FFI.
pub type IsoDate = NaiveDate;
/// A calendar month (年月), ISO-8601 `YYYY-MM` across the FFI.
pub type IsoMonth = YearMonth;
/// An exact decimal (fractions of a yen, rates in percent), decimal text across the FFI.
pub type ExactDecimal = Decimal;

/// Parses `YYYY-MM-DD` (exactly: four-digit year, two-digit month and day).
pub fn parse_date(text: &str) -> Result<NaiveDate, KenpoError> {
    let well_formed = text.len() == 10
        && text.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !well_formed {
        return Err(KenpoError::argument(
            "IsoDate",
            "not a date in the form YYYY-MM-DD",
        ));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| KenpoError::argument("IsoDate", "not a calendar date (YYYY-MM-DD)"))
}

/// Parses `YYYY-MM`.
pub fn parse_month(text: &str) -> Result<YearMonth, KenpoError> {
    YearMonth::from_str(text).map_err(|e| KenpoError::from(e).within("IsoMonth"))
}

/// Parses decimal text (`"123.45"`, `"-0.5"`; no exponent, at most 28 significant digits).
pub fn parse_decimal(text: &str) -> Result<Decimal, KenpoError> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit());
    if !plain {
        return Err(KenpoError::argument("ExactDecimal", "not decimal text"));
    }
    Decimal::from_str(text).map_err(|_| KenpoError::argument("ExactDecimal", "not decimal text"))
}

uniffi::custom_type!(IsoDate, String, {
    remote,
    lower: |date| date.format("%Y-%m-%d").to_string(),
    try_lift: |text| Ok(parse_date(&text)?),
});

uniffi::custom_type!(IsoMonth, String, {
    remote,
    lower: |month| month.to_string(),
    try_lift: |text| Ok(parse_month(&text)?),
});

uniffi::custom_type!(ExactDecimal, String, {
    remote,
    lower: |value| value.normalize().to_string(),
    try_lift: |text| Ok(parse_decimal(&text)?),
});

uniffi::custom_type!(Yen, i64, {
    remote,
    lower: |yen| yen.get(),
    try_lift: |value| Ok(Yen::new(value)),
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict_iso() {
        assert_eq!(
            parse_date("2026-04-01").ok(),
            NaiveDate::from_ymd_opt(2026, 4, 1)
        );
        for bad in [
            "2026-02-30",
            "2026-4-1",
            "20260401",
            "+10000-01-01",
            "",
            "2026-04-01 ",
        ] {
            assert!(
                matches!(parse_date(bad), Err(KenpoError::InvalidArgument { .. })),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn months_and_decimals() {
        assert_eq!(parse_month("2026-04").ok(), YearMonth::new(2026, 4).ok());
        assert!(parse_month("2026-13").is_err());
        assert_eq!(
            parse_decimal("4282.50").ok(),
            Decimal::from_str("4282.5").ok()
        );
        assert!(parse_decimal("1e3").is_err());
        assert!(parse_decimal("0.1.2").is_err());
    }

    #[test]
    fn parse_errors_carry_no_value() {
        let KenpoError::InvalidArgument { detail, .. } = parse_date("1980-02-30").unwrap_err()
        else {
            panic!("wrong variant")
        };
        assert!(!detail.contains("1980"));
        let KenpoError::InvalidArgument { detail, .. } = parse_month("1980-99").unwrap_err() else {
            panic!("wrong variant")
        };
        assert!(!detail.contains("1980"));
    }
}
