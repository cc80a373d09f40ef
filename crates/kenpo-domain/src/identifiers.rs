//! Validated identifiers: insurer number (保険者番号), insured symbol and number (記号・番号), branch number (枝番), medical institution code (医療機関コード).
//!
//! PLACEHOLDER written on the `receipts` branch against the published contract so the receipt
//! reader compiles before the identifiers module lands on `main`; on merge, `main`'s version
//! replaces this file entirely.
//!
//! ```
//! use kenpo_domain::identifiers::InsurerNumber;
//! assert!(InsurerNumber::new("01010016").is_ok());
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Why an identifier was rejected. Never carries the rejected text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdentifierError {
    /// The text does not have the form of the identifier.
    #[error("{what} is malformed")]
    Malformed {
        /// Which identifier.
        what: &'static str,
    },
    /// The check digit (検証番号) does not match.
    #[error("{what} has a wrong check digit")]
    CheckDigit {
        /// Which identifier.
        what: &'static str,
    },
}

fn half_width(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// The modulus-10 weight-2-1 check digit used by insurer numbers and institution codes.
fn check_digit(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let p = u32::from(d - b'0') * if i % 2 == 0 { 2 } else { 1 };
            p / 10 + p % 10
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

macro_rules! ident {
    ($(#[$doc:meta])* $name:ident, $what:literal, $check:expr) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Validates and normalises the text.
            pub fn new(text: &str) -> Result<Self, IdentifierError> {
                let t = half_width(text);
                let check: fn(&str) -> bool = $check;
                if check(&t) {
                    Ok($name(t))
                } else {
                    Err(IdentifierError::Malformed { what: $what })
                }
            }
            /// The normalised text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.0)
            }
        }
        impl FromStr for $name {
            type Err = IdentifierError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }
        impl TryFrom<String> for $name {
            type Error = IdentifierError;
            fn try_from(v: String) -> Result<Self, Self::Error> {
                Self::new(&v)
            }
        }
        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }
    };
}

ident!(
    /// 保険者番号 (insurer number): 8 digits, the last a check digit.
    InsurerNumber,
    "insurer number",
    |t| t.len() == 8
        && t.bytes().all(|b| b.is_ascii_digit())
        && check_digit(&t.as_bytes()[..7]) == t.as_bytes()[7] - b'0'
);
ident!(
    /// 記号 (insured symbol), normalised to half-width.
    InsuredSymbol,
    "insured symbol",
    |t| !t.is_empty() && t.chars().count() <= 20
);
ident!(
    /// 番号 (insured number), normalised to half-width.
    InsuredNumber,
    "insured number",
    |t| !t.is_empty() && t.chars().count() <= 20
);
ident!(
    /// 枝番 (branch number): 2 digits.
    BranchNumber,
    "branch number",
    |t| t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit())
);
ident!(
    /// 医療機関コード (institution code): prefecture 2 + score table 1 + number 7.
    InstitutionCode,
    "institution code",
    |t| t.len() == 10 && t.bytes().all(|b| b.is_ascii_digit())
);

/// One person in the society: 記号・番号・枝番.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MemberKey {
    /// 記号.
    pub symbol: InsuredSymbol,
    /// 番号.
    pub number: InsuredNumber,
    /// 枝番.
    pub branch: BranchNumber,
}
