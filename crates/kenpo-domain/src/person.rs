//! Personal attributes shared by every rule family: sex, names and addresses.
//!
//! Names and addresses are personal data (個人情報). Their `Debug` form never shows the content
//! (`PersonName(<redacted>)`), so a stray `{:?}` in a log or an error does not leak them; the text
//! is read only through an explicit accessor ([`PersonName::as_str`]). Serialisation writes the
//! text, because serialising a record is a deliberate act that the access layer governs.
//!
//! ## Example
//!
//! ```
//! use kenpo_domain::person::{Address, PersonName, Sex};
//!
//! assert_eq!(Sex::from_code("2").unwrap(), Sex::Female);
//! let name = PersonName::new("山田 花子").unwrap();
//! assert_eq!(format!("{name:?}"), "PersonName(<redacted>)");
//! assert_eq!(name.as_str(), "山田 花子");
//! let address = Address::new("大阪府大阪市北区梅田1-1").unwrap();
//! assert_eq!(address.prefecture(), Some("大阪府"));
//! assert!(!format!("{address:?}").contains("梅田"));
//! ```

use std::fmt;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

/// Why a personal attribute was rejected. Never carries the rejected text itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PersonError {
    /// A sex code other than 1 (male) or 2 (female).
    #[error("sex code {code:?} is not 1 (男) or 2 (女)")]
    InvalidSexCode {
        /// The code given (a code is not personal data on its own).
        code: String,
    },
    /// An empty (or all-space) name or address.
    #[error("{field} is empty")]
    Empty {
        /// Which field.
        field: &'static str,
    },
    /// A name or address longer than the limit.
    #[error("{field} is longer than {max} characters")]
    TooLong {
        /// Which field.
        field: &'static str,
        /// The limit.
        max: usize,
    },
    /// A kana name with characters other than katakana, spaces and long-vowel marks.
    #[error("{field} must be written in katakana")]
    NotKatakana {
        /// Which field.
        field: &'static str,
    },
}

/// Sex (性別) as coded on notifications and receipts: 1 male (男), 2 female (女).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// 男 (code 1).
    Male,
    /// 女 (code 2).
    Female,
}

impl Sex {
    /// The code: 1 male, 2 female.
    pub const fn code(self) -> u8 {
        match self {
            Sex::Male => 1,
            Sex::Female => 2,
        }
    }

    /// The sex for code `"1"` or `"2"`.
    pub fn from_code(code: &str) -> Result<Sex, PersonError> {
        match code.trim() {
            "1" => Ok(Sex::Male),
            "2" => Ok(Sex::Female),
            other => Err(PersonError::InvalidSexCode {
                code: other.chars().take(8).collect(),
            }),
        }
    }

    /// 男 / 女.
    pub const fn kanji(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
}

/// The text trimmed, when it is not empty and at most `max` characters long.
fn checked_text<'a>(
    text: &'a str,
    field: &'static str,
    max: usize,
) -> Result<&'a str, PersonError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(PersonError::Empty { field });
    }
    // A text of at most `max` bytes has at most `max` characters: count only longer ones.
    if t.len() > max && t.chars().count() > max {
        return Err(PersonError::TooLong { field, max });
    }
    Ok(t)
}

macro_rules! redacted_text {
    ($(#[$doc:meta])* $name:ident, $field:literal, $max:expr) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(CompactString);

        impl $name {
            /// Validates and wraps the text (trimmed; not empty; bounded length).
            pub fn new(text: &str) -> Result<Self, PersonError> {
                Self::validate(text).map(|t| $name(CompactString::new(t)))
            }

            /// Validates and wraps `value`, keeping it (inline or its buffer) when there is
            /// nothing to trim.
            pub(crate) fn from_compact(value: CompactString) -> Result<Self, PersonError> {
                let trimmed = Self::validate(&value)?.len();
                if trimmed == value.len() {
                    Ok($name(value))
                } else {
                    Self::new(&value)
                }
            }

            /// The text. Reading it is a use of personal data: do it only where a permitted
            /// purpose needs it.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "(<redacted>)"))
            }
        }

        impl TryFrom<String> for $name {
            type Error = PersonError;
            /// Validates and wraps the text (kept inline when short, else in `value`'s buffer,
            /// when there is nothing to trim).
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::from_compact(CompactString::from(value))
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0.into_string()
            }
        }
    };
}

redacted_text!(
    /// A person's name in kanji (氏名), up to 100 characters. `Debug` is redacted.
    PersonName,
    "name",
    100
);
redacted_text!(
    /// A person's name in katakana (カナ氏名), up to 100 characters. `Debug` is redacted.
    KanaName,
    "kana name",
    100
);
redacted_text!(
    /// A postal address (住所), up to 200 characters. `Debug` is redacted.
    Address,
    "address",
    200
);

impl PersonName {
    fn validate(text: &str) -> Result<&str, PersonError> {
        checked_text(text, "name", 100)
    }
}

impl Address {
    fn validate(text: &str) -> Result<&str, PersonError> {
        checked_text(text, "address", 200)
    }

    /// The prefecture (都道府県) the address starts with, if it starts with one: the
    /// generalisation de-identification uses.
    pub fn prefecture(&self) -> Option<&'static str> {
        PREFECTURES.iter().copied().find(|p| self.0.starts_with(p))
    }
}

impl KanaName {
    fn validate(text: &str) -> Result<&str, PersonError> {
        let t = checked_text(text, "kana name", 100)?;
        let ok = t
            .chars()
            .all(|c| matches!(c, '\u{30A0}'..='\u{30FF}' | ' ' | '\u{3000}' | 'ｦ'..='ﾟ'));
        if ok {
            Ok(t)
        } else {
            Err(PersonError::NotKatakana { field: "kana name" })
        }
    }
}

/// The 47 prefectures (都道府県) in JIS X 0401 order (code 01 北海道 … 47 沖縄県).
pub const PREFECTURES: [&str; 47] = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_personal_text() {
        let n = PersonName::new("山田 太郎").unwrap();
        let a = Address::new("東京都千代田区1-1").unwrap();
        assert_eq!(format!("{n:?}"), "PersonName(<redacted>)");
        assert!(!format!("{a:?}").contains("千代田"));
        assert_eq!(n.as_str(), "山田 太郎");
        assert_eq!(a.prefecture(), Some("東京都"));
    }

    #[test]
    fn validation() {
        assert_eq!(
            PersonName::new("  "),
            Err(PersonError::Empty { field: "name" })
        );
        assert!(PersonName::new(&"あ".repeat(101)).is_err());
        assert!(KanaName::new("ヤマダ タロウ").is_ok());
        assert!(KanaName::new("ﾔﾏﾀﾞ ﾀﾛｳ").is_ok());
        assert!(KanaName::new("山田").is_err());
        assert_eq!(Sex::from_code("2"), Ok(Sex::Female));
        assert!(Sex::from_code("3").is_err());
        assert!(serde_json::from_str::<PersonName>("\"\"").is_err());
    }
}
