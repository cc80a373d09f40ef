//! Money and rates (金額・料率).
//!
//! Amounts of money that are whole yen are [`Yen`]; intermediate amounts with fractions of a yen
//! (銭) are plain [`rust_decimal::Decimal`] and become [`Yen`] only through one of the named
//! rounding functions in [`crate::rounding`]. Rates are [`Rate`], an exact decimal fraction, never
//! a floating-point number.
//!
//! ```
//! use kenpo_domain::money::{Rate, Yen};
//! use rust_decimal_macros::dec;
//!
//! let standard_monthly = Yen::new(300_000);
//! let support = Rate::from_percent(dec!(0.23)).unwrap();
//! assert_eq!(support.apply(standard_monthly), dec!(690.0000));
//! assert_eq!(Rate::per_mille(dec!(98.5)).unwrap().as_percent(), dec!(9.85));
//! ```

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// An amount of whole yen (円).
///
/// Backed by an `i64`. Arithmetic saturates at the `i64` bounds instead of overflowing; no amount
/// the library accepts comes near them (the receipt reader and every constructor bound their
/// inputs), so saturation only guards against panics on hostile input. Serialised as a JSON number.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Yen(i64);

impl Yen {
    /// Zero yen.
    pub const ZERO: Yen = Yen(0);

    /// An amount of `yen` whole yen.
    pub const fn new(yen: i64) -> Self {
        Yen(yen)
    }

    /// The amount as an `i64` of yen.
    pub const fn get(self) -> i64 {
        self.0
    }

    /// The amount as an exact decimal.
    pub fn to_decimal(self) -> Decimal {
        Decimal::from(self.0)
    }

    /// `true` when the amount is negative.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// The larger of `self` and zero.
    pub fn clamp_non_negative(self) -> Yen {
        Yen(self.0.max(0))
    }

    /// Checked addition: `None` on `i64` overflow.
    pub fn checked_add(self, other: Yen) -> Option<Yen> {
        self.0.checked_add(other.0).map(Yen)
    }

    /// Checked subtraction: `None` on `i64` overflow.
    pub fn checked_sub(self, other: Yen) -> Option<Yen> {
        self.0.checked_sub(other.0).map(Yen)
    }

    /// Multiplies by a whole count (saturating).
    pub fn times(self, count: i64) -> Yen {
        Yen(self.0.saturating_mul(count))
    }

    /// Converts an exact integral decimal to yen. Returns `None` when `value` has a fraction or
    /// does not fit. Use a [`crate::rounding`] function for values with fractions.
    pub fn from_integral_decimal(value: Decimal) -> Option<Yen> {
        if !value.fract().is_zero() {
            return None;
        }
        i64::try_from(value).ok().map(Yen)
    }

    /// Converts an already-rounded decimal, saturating at the `i64` bounds. Only the rounding
    /// module calls this, after it removed the fraction.
    pub(crate) fn saturating_from_integral(value: Decimal) -> Yen {
        match i64::try_from(value.trunc()) {
            Ok(v) => Yen(v),
            Err(_) if value.is_sign_negative() => Yen(i64::MIN),
            Err(_) => Yen(i64::MAX),
        }
    }
}

impl fmt::Debug for Yen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Yen({})", self.0)
    }
}

/// Formats with thousands separators and the yen sign: `¥1,234,567`, `-¥500`.
impl fmt::Display for Yen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.unsigned_abs().to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if self.0 < 0 {
            write!(f, "-¥{grouped}")
        } else {
            write!(f, "¥{grouped}")
        }
    }
}

impl From<i64> for Yen {
    fn from(value: i64) -> Self {
        Yen(value)
    }
}

impl From<Yen> for Decimal {
    fn from(value: Yen) -> Self {
        value.to_decimal()
    }
}

impl Add for Yen {
    type Output = Yen;
    fn add(self, rhs: Yen) -> Yen {
        Yen(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Yen {
    fn add_assign(&mut self, rhs: Yen) {
        *self = *self + rhs;
    }
}

impl Sub for Yen {
    type Output = Yen;
    fn sub(self, rhs: Yen) -> Yen {
        Yen(self.0.saturating_sub(rhs.0))
    }
}

impl SubAssign for Yen {
    fn sub_assign(&mut self, rhs: Yen) {
        *self = *self - rhs;
    }
}

impl Neg for Yen {
    type Output = Yen;
    fn neg(self) -> Yen {
        Yen(self.0.saturating_neg())
    }
}

impl Sum for Yen {
    fn sum<I: Iterator<Item = Yen>>(iter: I) -> Yen {
        iter.fold(Yen::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Yen> for Yen {
    fn sum<I: Iterator<Item = &'a Yen>>(iter: I) -> Yen {
        iter.copied().sum()
    }
}

/// Why a rate was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RateError {
    /// The rate is below zero or above one (100 %).
    #[error("rate {value} is outside 0..=1 (0 % to 100 %)")]
    OutOfRange {
        /// The rejected value, as a fraction.
        value: Decimal,
    },
    /// The text is not a decimal number.
    #[error("rate {text:?} is not a decimal number")]
    NotANumber {
        /// The rejected text.
        text: String,
    },
}

/// A rate (料率) as an exact decimal fraction: 9.85 % is stored as `0.0985`.
///
/// Serialised as a decimal string of the fraction (`"0.0985"`), so no precision is lost in JSON.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct Rate(Decimal);

impl Rate {
    /// The zero rate.
    pub const ZERO: Rate = Rate(Decimal::ZERO);

    /// A rate from a fraction (`0.0985` for 9.85 %). Must be within `0..=1`.
    pub fn from_fraction(fraction: Decimal) -> Result<Rate, RateError> {
        if fraction < Decimal::ZERO || fraction > Decimal::ONE {
            return Err(RateError::OutOfRange { value: fraction });
        }
        Ok(Rate(fraction.normalize()))
    }

    /// A rate from a percentage (`9.85` for 9.85 %).
    pub fn from_percent(percent: Decimal) -> Result<Rate, RateError> {
        Self::from_fraction(percent / Decimal::ONE_HUNDRED)
    }

    /// A rate from a per-mille figure (`98.5` for 98.5/1000, the form 健保組合 rates are set in).
    pub fn per_mille(per_mille: Decimal) -> Result<Rate, RateError> {
        Self::from_fraction(per_mille / Decimal::ONE_THOUSAND)
    }

    /// The rate as a fraction.
    pub fn as_fraction(self) -> Decimal {
        self.0
    }

    /// The rate as a percentage.
    pub fn as_percent(self) -> Decimal {
        (self.0 * Decimal::ONE_HUNDRED).normalize()
    }

    /// The rate as a per-mille figure.
    pub fn as_per_mille(self) -> Decimal {
        (self.0 * Decimal::ONE_THOUSAND).normalize()
    }

    /// `amount × rate`, exact (no rounding).
    pub fn apply(self, amount: Yen) -> Decimal {
        amount.to_decimal() * self.0
    }

    /// The sum of two rates (for combined-rate computations). Fails when the sum exceeds 100 %.
    pub fn checked_add(self, other: Rate) -> Result<Rate, RateError> {
        Rate::from_fraction(self.0 + other.0)
    }
}

impl TryFrom<Decimal> for Rate {
    type Error = RateError;
    fn try_from(value: Decimal) -> Result<Self, Self::Error> {
        Rate::from_fraction(value)
    }
}

impl From<Rate> for Decimal {
    fn from(value: Rate) -> Self {
        value.0
    }
}

impl FromStr for Rate {
    type Err = RateError;
    /// Parses `"9.85%"`, `"98.5‰"` or a bare fraction `"0.0985"`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let parse = |x: &str| {
            Decimal::from_str(x.trim()).map_err(|_| RateError::NotANumber { text: s.to_owned() })
        };
        if let Some(p) = t.strip_suffix('%') {
            Rate::from_percent(parse(p)?)
        } else if let Some(p) = t.strip_suffix('‰') {
            Rate::per_mille(parse(p)?)
        } else {
            Rate::from_fraction(parse(t)?)
        }
    }
}

impl fmt::Debug for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rate({}%)", self.as_percent())
    }
}

/// Formats as a percentage: `9.85%`.
impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.as_percent())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn display_groups_thousands() {
        assert_eq!(Yen::new(0).to_string(), "¥0");
        assert_eq!(Yen::new(999).to_string(), "¥999");
        assert_eq!(Yen::new(1000).to_string(), "¥1,000");
        assert_eq!(Yen::new(1_234_567).to_string(), "¥1,234,567");
        assert_eq!(Yen::new(-500).to_string(), "-¥500");
    }

    #[test]
    fn arithmetic_saturates_instead_of_panicking() {
        assert_eq!(Yen::new(i64::MAX) + Yen::new(1), Yen::new(i64::MAX));
        assert_eq!(Yen::new(i64::MIN) - Yen::new(1), Yen::new(i64::MIN));
        assert_eq!(Yen::new(i64::MAX).checked_add(Yen::new(1)), None);
        assert_eq!([Yen::new(1), Yen::new(2)].iter().sum::<Yen>(), Yen::new(3));
    }

    #[test]
    fn integral_decimal_conversion_refuses_fractions() {
        assert_eq!(Yen::from_integral_decimal(dec!(12.0)), Some(Yen::new(12)));
        assert_eq!(Yen::from_integral_decimal(dec!(12.5)), None);
        assert_eq!(Yen::from_integral_decimal(dec!(1e20)), None);
    }

    #[test]
    fn rates_are_bounded_and_exact() {
        assert!(Rate::from_percent(dec!(-0.1)).is_err());
        assert!(Rate::from_percent(dec!(100.01)).is_err());
        let r = Rate::per_mille(dec!(98.5)).unwrap();
        assert_eq!(r.as_fraction(), dec!(0.0985));
        assert_eq!(r.as_percent(), dec!(9.85));
        assert_eq!("9.85%".parse::<Rate>().unwrap(), r);
        assert_eq!("98.5‰".parse::<Rate>().unwrap(), r);
        assert_eq!("0.0985".parse::<Rate>().unwrap(), r);
        assert!("abc".parse::<Rate>().is_err());
        assert_eq!(r.to_string(), "9.85%");
    }

    #[test]
    fn rate_serde_is_a_string_and_validates() {
        let r = Rate::from_percent(dec!(0.23)).unwrap();
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, "\"0.0023\"");
        assert_eq!(serde_json::from_str::<Rate>(&json).unwrap(), r);
        assert!(serde_json::from_str::<Rate>("\"1.5\"").is_err());
    }
}
