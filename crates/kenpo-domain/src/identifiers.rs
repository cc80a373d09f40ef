//! Validated identifiers: insurer number (保険者番号), insured symbol and number (記号・番号), branch number (枝番), medical institution code (医療機関コード) and Individual Number (個人番号, My Number).
//!
//! TEMPORARY stand-in on the `access` branch, coded to the announced contract so that the
//! access module compiles until the real module lands on `main` (the merge takes main's file).

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why an identifier was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdentifierError {
    /// Malformed identifier.
    #[error("malformed {kind}")]
    Malformed {
        /// Which identifier.
        kind: &'static str,
    },
}

macro_rules! ident {
    ($(#[$d:meta])* $name:ident, $kind:literal, $ok:expr) => {
        $(#[$d])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);
        impl $name {
            /// Validates.
            pub fn new(s: &str) -> Result<Self, IdentifierError> {
                let s: String = s.trim().to_owned();
                let ok: fn(&str) -> bool = $ok;
                if ok(&s) { Ok($name(s)) } else { Err(IdentifierError::Malformed { kind: $kind }) }
            }
            /// The text.
            pub fn as_str(&self) -> &str { &self.0 }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(&self.0) }
        }
        impl TryFrom<String> for $name {
            type Error = IdentifierError;
            fn try_from(v: String) -> Result<Self, Self::Error> { Self::new(&v) }
        }
        impl From<$name> for String {
            fn from(v: $name) -> String { v.0 }
        }
    };
}

ident!(
    /// 記号.
    InsuredSymbol, "symbol", |s| !s.is_empty() && s.chars().count() <= 8
);
ident!(
    /// 番号.
    InsuredNumber, "number", |s| !s.is_empty() && s.chars().count() <= 8
);
ident!(
    /// 枝番.
    BranchNumber, "branch", |s| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit())
);
ident!(
    /// 事業所記号.
    OfficeCode, "office code", |s| (1..=10).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
);
ident!(
    /// 医療機関コード.
    InstitutionCode, "institution code", |s| s.len() == 10 && s.bytes().all(|b| b.is_ascii_digit())
);

/// One person in the society.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MemberKey {
    /// 記号.
    pub symbol: InsuredSymbol,
    /// 番号.
    pub number: InsuredNumber,
    /// 枝番.
    pub branch: BranchNumber,
}

/// 個人番号, masked everywhere.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MyNumber(String);

impl MyNumber {
    /// Validates 12 digits.
    pub fn new(s: &str) -> Result<Self, IdentifierError> {
        let s = s.trim();
        if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(MyNumber(s.to_owned()))
        } else {
            Err(IdentifierError::Malformed { kind: "my number" })
        }
    }
    /// Masked.
    pub fn as_str(&self) -> &str {
        "************"
    }
    /// The digits.
    pub fn reveal(&self) -> &str {
        &self.0
    }
}
impl fmt::Debug for MyNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MyNumber(************)")
    }
}
impl fmt::Display for MyNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("************")
    }
}
impl TryFrom<String> for MyNumber {
    type Error = IdentifierError;
    fn try_from(v: String) -> Result<Self, Self::Error> {
        Self::new(&v)
    }
}
impl From<MyNumber> for String {
    fn from(_: MyNumber) -> String {
        "************".to_owned()
    }
}
