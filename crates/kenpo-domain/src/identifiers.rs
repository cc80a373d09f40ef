//! Validated identifiers: insurer number (保険者番号), insured symbol and number (被保険者等記号・番号),
//! branch number (枝番), member key, employer office code (事業所記号), medical institution code
//! (医療機関コード) and Individual Number (個人番号, "My Number").
//!
//! Every identifier is a newtype with a private field and a validating constructor
//! (`new(&str) -> Result<_, IdentifierError>`, also used by `FromStr` and by serde through
//! `try_from = "String"`), so an invalid value cannot exist.
//!
//! ```
//! use kenpo_domain::identifiers::{InsurerNumber, MemberKey, MyNumber};
//!
//! // 協会けんぽ 東京支部: 法別 01, 都道府県 13, 保険者別 001, 検証番号 2.
//! let insurer = InsurerNumber::new("01130012").unwrap();
//! assert_eq!(insurer.prefecture_code(), 13);
//! assert!(InsurerNumber::new("01130013").is_err()); // wrong check digit
//!
//! // Full-width input (as typed on many forms) is normalised to half-width.
//! let key = MemberKey::parse("１２３４", "５６７", "０１").unwrap();
//! assert_eq!(key.to_string(), "1234-567-01");
//!
//! // My Number never shows itself unless revealed on purpose.
//! let n = MyNumber::new("123456789018").unwrap();
//! assert_eq!(n.to_string(), "************");
//! assert_eq!(n.reveal(), "123456789018");
//! ```
//!
//! ## Normalisation and character rules (design note)
//!
//! All identifiers first go through [`normalize`]: leading and trailing spaces (ASCII and the
//! ideographic space U+3000) are trimmed, and full-width ASCII forms (U+FF01–U+FF5E: `０`–`９`,
//! `Ａ`–`Ｚ`, `ａ`–`ｚ`, `－`, …) become their half-width counterparts. Nothing else is changed: leading
//! zeros are significant (`"0012"` and `"12"` are different numbers) and letter case is kept.
//!
//! | identifier | length | characters | source |
//! | --- | --- | --- | --- |
//! | [`InsurerNumber`] | 8 | digits, last one a check digit | 厚生労働省「保険者番号設定要領」 (check digit: weights 2,1 from the right, digit sums of two-digit products, 10 − last digit) |
//! | [`InsuredSymbol`] | 1–20 | ASCII letters and digits, `-`, kanji, hiragana, katakana | オンライン資格確認 interface: 被保険者証記号 up to 20 characters; some societies' and 国保 symbols carry kanji/kana |
//! | [`InsuredNumber`] | 1–20 | the same set as the symbol | オンライン資格確認 interface: 被保険者証番号 up to 20 characters |
//! | [`BranchNumber`] | 2 | digits | 被保険者等記号・番号の個人単位化 (令和元年法律第9号; 2-digit 枝番 on cards issued from 2021) |
//! | [`OfficeCode`] | 1–10 | ASCII letters and digits | 事業所整理記号 as used by the society (kenpo convention) |
//! | [`InstitutionCode`] | 10 | digits: prefecture 01–47, score table 1/3/4/6, 6-digit area + institution number, check digit | 医療機関コード設定要領 (昭和51年 保険局長通知), as summarised in public references: Luhn over the first 9 digits |
//! | [`MyNumber`] | 12 | digits, last one the 検査用数字 | 行政手続における特定の個人を識別するための番号の利用等に関する法律施行令 第8条; 同法施行規則 (平成26年総務省令第85号) 第5条 |
//!
//! Doubts: the exact character set the online eligibility system accepts for 記号 and 番号 was
//! not read from the interface specification itself (only the 20-character limit is stated by
//! the task's reference); we accept the wider set above so that no real card is rejected.
//! Six-digit 国民健康保険 insurer numbers are not accepted by [`InsurerNumber`] (a 健康保険組合
//! deals with 8-digit numbers; a 国保 number is written with 法別 `00` on receipts).
//!
//! ## Personal data
//!
//! The insured number identifies a person: its `Debug` form is masked (`InsuredNumber(***)`),
//! and so is the `Debug` of a [`MemberKey`]; `Display` shows it, because displaying is a
//! deliberate act. Errors say which identifier and which rule failed, never the rejected text.
//! [`MyNumber`] is masked in `Debug`, `Display`, `as_str` and its serde form; only
//! [`MyNumber::reveal`] (or the explicit [`my_number_revealed`] serializer) gives the digits.

use compact_str::CompactString;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize, Serializer};

/// Which identifier an [`IdentifierError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IdentifierKind {
    /// 保険者番号.
    InsurerNumber,
    /// 被保険者等記号 (記号).
    InsuredSymbol,
    /// 被保険者等番号 (番号).
    InsuredNumber,
    /// 枝番.
    BranchNumber,
    /// 事業所記号.
    OfficeCode,
    /// 医療機関コード.
    InstitutionCode,
    /// 個人番号.
    MyNumber,
}

impl fmt::Display for IdentifierKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IdentifierKind::InsurerNumber => "insurer number (保険者番号)",
            IdentifierKind::InsuredSymbol => "insured symbol (記号)",
            IdentifierKind::InsuredNumber => "insured number (番号)",
            IdentifierKind::BranchNumber => "branch number (枝番)",
            IdentifierKind::OfficeCode => "office code (事業所記号)",
            IdentifierKind::InstitutionCode => "medical institution code (医療機関コード)",
            IdentifierKind::MyNumber => "Individual Number (個人番号)",
        })
    }
}

/// Why an identifier was rejected. Never carries the rejected text (it may be personal data).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdentifierError {
    /// Nothing left after trimming.
    #[error("{kind} is empty")]
    Empty {
        /// Which identifier.
        kind: IdentifierKind,
    },
    /// Wrong number of characters.
    #[error("{kind} has {actual} characters; {expected}")]
    WrongLength {
        /// Which identifier.
        kind: IdentifierKind,
        /// The rule, e.g. `"exactly 8"` or `"1 to 20"`.
        expected: &'static str,
        /// How many characters were given (after normalisation).
        actual: usize,
    },
    /// A character outside the allowed set.
    #[error(
        "{kind} has a character not allowed at position {position} (1-based); allowed: {allowed}"
    )]
    InvalidCharacter {
        /// Which identifier.
        kind: IdentifierKind,
        /// 1-based character position.
        position: usize,
        /// The allowed set, in words.
        allowed: &'static str,
    },
    /// The check digit (検証番号 / 検査用数字) does not match the other digits.
    #[error("{kind}: the check digit does not match ({rule})")]
    CheckDigit {
        /// Which identifier.
        kind: IdentifierKind,
        /// The rule that was applied.
        rule: &'static str,
    },
    /// A part of a structured code is outside its range (prefecture, score table).
    #[error("{kind}: {part} is not a valid value")]
    InvalidPart {
        /// Which identifier.
        kind: IdentifierKind,
        /// Which part (e.g. `"prefecture code (01–47)"`).
        part: &'static str,
    },
    /// A masked My Number (`************`) was given where the digits are needed.
    #[error("{kind}: a masked value cannot be read back as a number")]
    Masked {
        /// Which identifier.
        kind: IdentifierKind,
    },
}

/// Trims spaces (ASCII and U+3000) and turns full-width ASCII forms (U+FF01–U+FF5E) into
/// half-width ASCII. Everything else is kept as it is.
pub fn normalize(text: &str) -> String {
    let space = |c: char| c.is_ascii_whitespace() || c == '\u{3000}';
    if text.is_ascii() && !text.starts_with(space) && !text.ends_with(space) {
        // Already normal (the common case): one copy, no per-character rebuilding.
        return text.to_owned();
    }
    text.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\u{3000}')
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn fixed_digits(
    text: &str,
    kind: IdentifierKind,
    len: usize,
    expected: &'static str,
) -> Result<String, IdentifierError> {
    let t = normalize(text);
    if t.is_empty() {
        return Err(IdentifierError::Empty { kind });
    }
    if let Some(position) = t.chars().position(|c| !c.is_ascii_digit()) {
        return Err(IdentifierError::InvalidCharacter {
            kind,
            position: position + 1,
            allowed: "digits 0-9",
        });
    }
    if t.len() != len {
        return Err(IdentifierError::WrongLength {
            kind,
            expected,
            actual: t.chars().count(),
        });
    }
    Ok(t)
}

fn digit_values(digits: &str) -> impl DoubleEndedIterator<Item = u32> + '_ {
    digits.chars().filter_map(|c| c.to_digit(10))
}

/// The modulus-10, weights 2-1 check digit (the Luhn scheme) of `body`: each digit is
/// multiplied by 2 and 1 alternately starting from the last digit with 2; two-digit products
/// count as the sum of their digits; the check digit is 10 minus the last digit of the total
/// (0 when that last digit is 0). Used by 保険者番号 (保険者番号設定要領) and 医療機関コード.
pub fn luhn_check_digit(body: &str) -> u32 {
    let total: u32 = digit_values(body)
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let p = if i % 2 == 0 { d * 2 } else { d };
            p / 10 + p % 10
        })
        .sum();
    (10 - total % 10) % 10
}

/// The 検査用数字 of an Individual Number from its first 11 digits (`body`), by the formula of
/// 平成26年総務省令第85号 第5条: 11 − (Σ Pn × Qn mod 11), where Pn is the n-th digit counted from
/// the lowest, Qn = n + 1 for 1 ≤ n ≤ 6 and n − 5 for 7 ≤ n ≤ 11; 0 when the remainder is 0 or 1.
pub fn my_number_check_digit(body: &str) -> u32 {
    let total: u32 = digit_values(body)
        .rev()
        .zip(1u32..)
        .map(|(p, n)| p * if n <= 6 { n + 1 } else { n - 5 })
        .sum();
    match total % 11 {
        0 | 1 => 0,
        r => 11 - r,
    }
}

fn last_digit(digits: &str) -> Option<u32> {
    digits.chars().last().and_then(|c| c.to_digit(10))
}

/// Implements `as_str`, `Display`, `FromStr`, `TryFrom<String>` and `From<T> for String`.
macro_rules! text_identifier {
    ($name:ident) => {
        impl $name {
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

        impl FromStr for $name {
            type Err = IdentifierError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdentifierError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::new(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.as_str().to_owned()
            }
        }
    };
}

/// 保険者番号 (insurer number): 8 digits = 法別番号 2 + 都道府県番号 2 + 保険者別番号 3 + 検証番号 1,
/// the check digit computed by [`luhn_check_digit`] over the first 7 digits
/// (厚生労働省「保険者番号設定要領」). Example: 協会けんぽ 東京支部 `01130012`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct InsurerNumber(Arc<str>);

impl InsurerNumber {
    /// Validates an insurer number (full-width digits accepted).
    pub fn new(text: &str) -> Result<Self, IdentifierError> {
        let kind = IdentifierKind::InsurerNumber;
        let t = fixed_digits(text, kind, 8, "exactly 8 digits")?;
        let body = t.get(..7).unwrap_or_default();
        if last_digit(&t) != Some(luhn_check_digit(body)) {
            return Err(IdentifierError::CheckDigit {
                kind,
                rule: "保険者番号設定要領: modulus 10, weights 2-1",
            });
        }
        Ok(InsurerNumber(Arc::from(t)))
    }

    /// 法別番号 (the scheme: 01 協会けんぽ, 06 健康保険組合, 31–34 共済, …).
    pub fn law_code(&self) -> u8 {
        two_digits(&self.0, 0)
    }

    /// 都道府県番号 (01–47).
    pub fn prefecture_code(&self) -> u8 {
        two_digits(&self.0, 2)
    }
}
text_identifier!(InsurerNumber);

fn two_digits(digits: &str, at: usize) -> u8 {
    digits
        .get(at..at + 2)
        .and_then(|s| s.parse().ok())
        .unwrap_or_default()
}

fn is_japanese_letter(c: char) -> bool {
    matches!(c,
        '\u{3041}'..='\u{309F}' // hiragana
        | '\u{30A0}'..='\u{30FF}' // katakana
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{3400}'..='\u{4DBF}' // extension A
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '々')
}

fn symbol_text(text: &str, kind: IdentifierKind) -> Result<CompactString, IdentifierError> {
    // The common case, half-width letters and digits already normal: one check, one copy
    // (kept inline: at most 20 bytes).
    let b = text.as_bytes();
    if !b.is_empty() && b.len() <= 20 && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-') {
        return Ok(CompactString::new(text));
    }
    let t = normalize(text);
    if t.is_empty() {
        return Err(IdentifierError::Empty { kind });
    }
    if let Some(position) = t
        .chars()
        .position(|c| !(c.is_ascii_alphanumeric() || c == '-' || is_japanese_letter(c)))
    {
        return Err(IdentifierError::InvalidCharacter {
            kind,
            position: position + 1,
            allowed: "letters, digits, '-', kanji, kana",
        });
    }
    let actual = t.chars().count();
    if actual > 20 {
        return Err(IdentifierError::WrongLength {
            kind,
            expected: "1 to 20 characters",
            actual,
        });
    }
    Ok(CompactString::from(t))
}

/// 被保険者等記号 (insured symbol, 記号): usually the employer office's symbol within the society;
/// 1–20 characters (letters, digits, `-`, kanji, kana) after normalisation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct InsuredSymbol(CompactString);

impl InsuredSymbol {
    /// Validates a symbol (full-width accepted, normalised to half-width).
    pub fn new(text: &str) -> Result<Self, IdentifierError> {
        symbol_text(text, IdentifierKind::InsuredSymbol).map(InsuredSymbol)
    }
}
text_identifier!(InsuredSymbol);

/// 被保険者等番号 (insured number, 番号): identifies the insured person within the symbol;
/// 1–20 characters after normalisation. `Debug` is masked (`InsuredNumber(***)`).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct InsuredNumber(CompactString);

impl InsuredNumber {
    /// Validates a number (full-width accepted, normalised to half-width).
    pub fn new(text: &str) -> Result<Self, IdentifierError> {
        symbol_text(text, IdentifierKind::InsuredNumber).map(InsuredNumber)
    }

    /// The number with every character replaced by `*` (same length).
    pub fn masked(&self) -> String {
        "*".repeat(self.0.chars().count())
    }
}
text_identifier!(InsuredNumber);

impl fmt::Debug for InsuredNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InsuredNumber({})", self.masked())
    }
}

/// 枝番 (branch number): 2 digits distinguishing the persons sharing one 記号・番号 (the insured
/// is usually `00`, dependants `01`, `02`, …), introduced with the 個人単位化 of 記号・番号 for
/// online eligibility confirmation (令和元年法律第9号; 健康保険法 第194条の2 restricts asking for
/// the numbers). The article numbers of the 施行規則 provisions were not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BranchNumber([u8; 2]);

impl BranchNumber {
    /// Validates a branch number: exactly 2 digits (full-width accepted).
    pub fn new(text: &str) -> Result<Self, IdentifierError> {
        if let [a @ b'0'..=b'9', b @ b'0'..=b'9'] = text.as_bytes() {
            // Two half-width digits, the common case.
            return Ok(BranchNumber([*a, *b]));
        }
        let t = fixed_digits(text, IdentifierKind::BranchNumber, 2, "exactly 2 digits")?;
        Self::from_value(two_digits(&t, 0))
    }

    /// The branch number `value` (0–99).
    pub fn from_value(value: u8) -> Result<Self, IdentifierError> {
        if value > 99 {
            return Err(IdentifierError::WrongLength {
                kind: IdentifierKind::BranchNumber,
                expected: "exactly 2 digits",
                actual: 3,
            });
        }
        Ok(BranchNumber([b'0' + value / 10, b'0' + value % 10]))
    }

    /// The value 0–99.
    pub const fn value(self) -> u8 {
        (self.0[0] - b'0') * 10 + (self.0[1] - b'0')
    }

    /// The two-digit text (`"01"`).
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("00")
    }
}

impl fmt::Display for BranchNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for BranchNumber {
    type Err = IdentifierError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl TryFrom<String> for BranchNumber {
    type Error = IdentifierError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(&value)
    }
}

impl From<BranchNumber> for String {
    fn from(value: BranchNumber) -> Self {
        value.to_string()
    }
}

/// The key of one person in the society: 記号 + 番号 + 枝番 (被保険者等記号・番号・枝番, the
/// individual identifier used by online eligibility confirmation).
///
/// `Debug` masks the number; `Display` writes `symbol-number-branch`. Serialised as an object
/// `{"symbol": "1234", "number": "567", "branch": "01"}`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MemberKey {
    /// 記号.
    pub symbol: InsuredSymbol,
    /// 番号.
    pub number: InsuredNumber,
    /// 枝番.
    pub branch: BranchNumber,
}

impl MemberKey {
    /// A key from its three parts.
    pub fn new(symbol: InsuredSymbol, number: InsuredNumber, branch: BranchNumber) -> Self {
        MemberKey {
            symbol,
            number,
            branch,
        }
    }

    /// Validates the three parts from text.
    pub fn parse(symbol: &str, number: &str, branch: &str) -> Result<Self, IdentifierError> {
        Ok(MemberKey {
            symbol: InsuredSymbol::new(symbol)?,
            number: InsuredNumber::new(number)?,
            branch: BranchNumber::new(branch)?,
        })
    }

    /// The key with the number masked (`1234-***-01`): the only form errors and logs may carry.
    pub fn masked(&self) -> MaskedMemberKey {
        MaskedMemberKey(format!(
            "{}-{}-{}",
            self.symbol,
            self.number.masked(),
            self.branch
        ))
    }
}

impl fmt::Debug for MemberKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MemberKey({})", self.masked())
    }
}

impl fmt::Display for MemberKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{}", self.symbol, self.number, self.branch)
    }
}

/// A [`MemberKey`] with the number masked (`1234-***-01`). Safe in errors and logs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MaskedMemberKey(String);

impl MaskedMemberKey {
    /// The masked text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MaskedMemberKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// 事業所記号 (employer office code within the society): 1–10 ASCII letters and digits after
/// normalisation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OfficeCode(String);

impl OfficeCode {
    /// Validates an office code (full-width accepted).
    pub fn new(text: &str) -> Result<Self, IdentifierError> {
        let kind = IdentifierKind::OfficeCode;
        let t = normalize(text);
        if t.is_empty() {
            return Err(IdentifierError::Empty { kind });
        }
        if let Some(position) = t.chars().position(|c| !c.is_ascii_alphanumeric()) {
            return Err(IdentifierError::InvalidCharacter {
                kind,
                position: position + 1,
                allowed: "ASCII letters and digits",
            });
        }
        if t.len() > 10 {
            return Err(IdentifierError::WrongLength {
                kind,
                expected: "1 to 10 characters",
                actual: t.len(),
            });
        }
        Ok(OfficeCode(t))
    }
}
text_identifier!(OfficeCode);

/// 点数表番号 (score table) of a medical institution code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ScoreTable {
    /// 1: 医科 (medical).
    Medical,
    /// 3: 歯科 (dental).
    Dental,
    /// 4: 調剤 (pharmacy).
    Pharmacy,
    /// 6: 訪問看護 (visiting nursing station).
    VisitingNursing,
}

impl ScoreTable {
    /// The table for a code digit.
    pub fn from_code(code: u32) -> Option<ScoreTable> {
        match code {
            1 => Some(ScoreTable::Medical),
            3 => Some(ScoreTable::Dental),
            4 => Some(ScoreTable::Pharmacy),
            6 => Some(ScoreTable::VisitingNursing),
            _ => None,
        }
    }

    /// The code digit.
    pub const fn code(self) -> u8 {
        match self {
            ScoreTable::Medical => 1,
            ScoreTable::Dental => 3,
            ScoreTable::Pharmacy => 4,
            ScoreTable::VisitingNursing => 6,
        }
    }
}

/// 医療機関コード (medical institution code, 10 digits as written on receipts and prescriptions):
/// 都道府県番号 2 + 点数表番号 1 + 医療機関コード 7 (郡市区番号 2 + 医療機関番号 4 + 検証番号 1). The
/// check digit is [`luhn_check_digit`] over the first 9 digits (prefecture and score table
/// included). Example: `0110113719`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct InstitutionCode(Arc<str>);

impl InstitutionCode {
    /// Validates a 10-digit institution code (full-width digits accepted).
    pub fn new(text: &str) -> Result<Self, IdentifierError> {
        let kind = IdentifierKind::InstitutionCode;
        let t = fixed_digits(text, kind, 10, "exactly 10 digits")?;
        if !(1..=47).contains(&two_digits(&t, 0)) {
            return Err(IdentifierError::InvalidPart {
                kind,
                part: "prefecture code (01–47)",
            });
        }
        if t.chars()
            .nth(2)
            .and_then(|c| c.to_digit(10))
            .and_then(ScoreTable::from_code)
            .is_none()
        {
            return Err(IdentifierError::InvalidPart {
                kind,
                part: "score table (1 医科, 3 歯科, 4 調剤, 6 訪問看護)",
            });
        }
        let body = t.get(..9).unwrap_or_default();
        if last_digit(&t) != Some(luhn_check_digit(body)) {
            return Err(IdentifierError::CheckDigit {
                kind,
                rule: "医療機関コード: modulus 10, weights 2-1 over the first 9 digits",
            });
        }
        Ok(InstitutionCode(Arc::from(t)))
    }

    /// 都道府県番号 (01–47).
    pub fn prefecture_code(&self) -> u8 {
        two_digits(&self.0, 0)
    }

    /// 点数表番号.
    pub fn score_table(&self) -> ScoreTable {
        self.0
            .chars()
            .nth(2)
            .and_then(|c| c.to_digit(10))
            .and_then(ScoreTable::from_code)
            .unwrap_or(ScoreTable::Medical)
    }

    /// The 7-digit code printed within the prefecture (郡市区番号 + 医療機関番号 + 検証番号).
    pub fn local_code(&self) -> &str {
        self.0.get(3..).unwrap_or_default()
    }
}
text_identifier!(InstitutionCode);

/// The masked form of a My Number: twelve asterisks, no digit shown.
pub const MY_NUMBER_MASK: &str = "************";

/// 個人番号 (Individual Number, "My Number"): 12 digits, the last one the 検査用数字 of
/// 番号法施行令 第8条 computed by [`my_number_check_digit`].
///
/// Specific personal information (特定個人情報): `Debug`, `Display`, [`MyNumber::as_str`] and the
/// serde form all give [`MY_NUMBER_MASK`] (fully masked: not even the last four digits, which
/// would already narrow a person down). Deserialising accepts the 12 digits and rejects the
/// mask. The digits come out only through [`MyNumber::reveal`] or the [`my_number_revealed`]
/// serializer, both easy to grep for.
#[derive(Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct MyNumber(String);

impl MyNumber {
    /// Validates a My Number (full-width digits accepted; spaces and hyphens are not).
    pub fn new(text: &str) -> Result<Self, IdentifierError> {
        let kind = IdentifierKind::MyNumber;
        if normalize(text) == MY_NUMBER_MASK {
            return Err(IdentifierError::Masked { kind });
        }
        let t = fixed_digits(text, kind, 12, "exactly 12 digits")?;
        let body = t.get(..11).unwrap_or_default();
        if last_digit(&t) != Some(my_number_check_digit(body)) {
            return Err(IdentifierError::CheckDigit {
                kind,
                rule: "番号法施行令 第8条 / 総務省令第85号 第5条: 11 − Σ Pn×Qn mod 11",
            });
        }
        Ok(MyNumber(t))
    }

    /// The masked form ([`MY_NUMBER_MASK`]); present for uniformity with the other identifiers.
    pub fn as_str(&self) -> &str {
        MY_NUMBER_MASK
    }

    /// **Reveals** the 12 digits. Call only within the purposes the My Number Act allows
    /// (番号法 第9条; for a health insurer: eligibility and benefit affairs, tax data for
    /// dependent recognition).
    pub fn reveal(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for MyNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MyNumber({MY_NUMBER_MASK})")
    }
}

impl fmt::Display for MyNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MY_NUMBER_MASK)
    }
}

impl FromStr for MyNumber {
    type Err = IdentifierError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl TryFrom<String> for MyNumber {
    type Error = IdentifierError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(&value)
    }
}

/// The default serde form is the mask.
impl Serialize for MyNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(MY_NUMBER_MASK)
    }
}

/// A serializer that writes the **revealed** digits, for the few records that must carry them
/// (`#[serde(serialize_with = "kenpo_domain::identifiers::my_number_revealed::serialize")]`).
pub mod my_number_revealed {
    use super::MyNumber;
    use serde::Serializer;

    /// Writes the 12 digits of `number`.
    pub fn serialize<S: Serializer>(number: &MyNumber, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(number.reveal())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corruptions(valid: &str) -> Vec<String> {
        // Every one-digit substitution of every position.
        let mut out = Vec::new();
        for (i, c) in valid.char_indices() {
            for d in '0'..='9' {
                if d != c {
                    let mut s = valid.to_owned();
                    s.replace_range(i..i + 1, &d.to_string());
                    out.push(s);
                }
            }
        }
        out
    }

    /// Published insurer numbers: 協会けんぽ 都道府県支部 (01 + prefecture + 001 + check),
    /// the worked example of 保険者番号設定要領 as quoted (千葉県警察 共済 33120015).
    #[test]
    fn insurer_numbers_published() {
        for n in [
            "01130012", "01010016", "01270016", "01140011", "01230010", "33120015",
        ] {
            assert!(InsurerNumber::new(n).is_ok(), "{n}");
        }
        let n = InsurerNumber::new("０１１３００１２").unwrap();
        assert_eq!(n.as_str(), "01130012");
        assert_eq!(n.law_code(), 1);
        assert_eq!(n.prefecture_code(), 13);
        // The worked example: 3 3 1 2 0 0 1 × 2 1 2 1 2 1 2 → 6+3+2+2+0+0+2 = 15 → 10 − 5 = 5.
        assert_eq!(luhn_check_digit("3312001"), 5);
    }

    #[test]
    fn insurer_number_single_digit_corruptions_are_caught() {
        for bad in corruptions("01130012") {
            assert!(
                matches!(
                    InsurerNumber::new(&bad),
                    Err(IdentifierError::CheckDigit { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn insurer_number_shape_errors() {
        let kind = IdentifierKind::InsurerNumber;
        assert_eq!(
            InsurerNumber::new(" "),
            Err(IdentifierError::Empty { kind })
        );
        assert!(matches!(
            InsurerNumber::new("0113001"),
            Err(IdentifierError::WrongLength { actual: 7, .. })
        ));
        assert!(matches!(
            InsurerNumber::new("0113001X"),
            Err(IdentifierError::InvalidCharacter { position: 8, .. })
        ));
        // 国保 6-digit numbers are out of scope.
        assert!(InsurerNumber::new("138016").is_err());
    }

    /// The commonly used test value 123456789018 (body 12345678901: Σ = 212, 212 mod 11 = 3, 11 − 3 = 8).
    #[test]
    fn my_number_check_digit_statutory() {
        assert_eq!(my_number_check_digit("12345678901"), 8);
        assert!(MyNumber::new("123456789018").is_ok());
        for bad in corruptions("123456789018") {
            assert!(MyNumber::new(&bad).is_err(), "{bad}");
        }
        // Remainder 0 or 1 gives 0: body 00000000001 → P1=1, Q1=2 → 2 mod 11 = 2 → 9.
        assert_eq!(my_number_check_digit("00000000001"), 9);
        // Body with Σ = 11·k: 00000000000 → 0 → check 0.
        assert_eq!(my_number_check_digit("00000000000"), 0);
        // Σ mod 11 = 1: P1 = 6 → 12 → 1 → 0.
        assert_eq!(my_number_check_digit("00000000006"), 0);
    }

    #[test]
    fn my_number_never_shows_digits() {
        let n = MyNumber::new("１２３４５６７８９０１８").unwrap();
        let digits = "123456789018";
        assert_eq!(n.reveal(), digits);
        for shown in [
            format!("{n}"),
            format!("{n:?}"),
            format!("{n:#?}"),
            n.as_str().to_owned(),
            serde_json::to_string(&n).unwrap(),
        ] {
            assert!(!shown.contains(digits), "{shown}");
            assert!(!shown.contains("9018"), "{shown}");
        }
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"************\"");
        let back: MyNumber = serde_json::from_str("\"123456789018\"").unwrap();
        assert_eq!(back, n);
        assert!(serde_json::from_str::<MyNumber>("\"************\"").is_err());
        assert_eq!(
            MyNumber::new(MY_NUMBER_MASK),
            Err(IdentifierError::Masked {
                kind: IdentifierKind::MyNumber
            })
        );
        // Errors do not echo the input.
        let e = MyNumber::new("123456789017").unwrap_err();
        assert!(!e.to_string().contains("12345678901"));
        assert!(!format!("{e:?}").contains("12345678901"));

        #[derive(Serialize)]
        struct Record {
            #[serde(serialize_with = "my_number_revealed::serialize")]
            number: MyNumber,
        }
        let r = Record { number: n };
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            "{\"number\":\"123456789018\"}"
        );
    }

    /// 医療機関コード: published example 0110113719 (北海道, 医科).
    #[test]
    fn institution_codes() {
        let c = InstitutionCode::new("0110113719").unwrap();
        assert_eq!(c.prefecture_code(), 1);
        assert_eq!(c.score_table(), ScoreTable::Medical);
        assert_eq!(c.local_code(), "0113719");
        for bad in corruptions("0110113719") {
            assert!(InstitutionCode::new(&bad).is_err(), "{bad}");
        }
        assert!(matches!(
            InstitutionCode::new("4810113719"),
            Err(IdentifierError::InvalidPart { .. })
        ));
        assert!(InstitutionCode::new("011011371").is_err());
    }

    #[test]
    fn symbols_numbers_branches() {
        let s = InsuredSymbol::new("　ＡＢ－１２ ").unwrap();
        assert_eq!(s.as_str(), "AB-12");
        assert!(InsuredSymbol::new("東京12").is_ok());
        assert!(InsuredSymbol::new(&"1".repeat(20)).is_ok());
        assert!(matches!(
            InsuredSymbol::new(&"1".repeat(21)),
            Err(IdentifierError::WrongLength { actual: 21, .. })
        ));
        assert!(matches!(
            InsuredNumber::new("12 34"),
            Err(IdentifierError::InvalidCharacter { position: 3, .. })
        ));
        assert_eq!(InsuredNumber::new("0012").unwrap().as_str(), "0012");
        assert_eq!(BranchNumber::new("０１").unwrap().value(), 1);
        assert_eq!(BranchNumber::from_value(7).unwrap().to_string(), "07");
        assert!(BranchNumber::new("1").is_err());
        assert!(BranchNumber::new("001").is_err());
        assert!(BranchNumber::from_value(100).is_err());
        assert!(OfficeCode::new("ＡＢＣ１").is_ok());
        assert!(OfficeCode::new("ABCDEFGHIJK").is_err());
        assert!(OfficeCode::new("AB-1").is_err());
    }

    #[test]
    fn member_key_masks_number_in_debug_and_serde_round_trips() {
        let k = MemberKey::parse("1234", "98765", "01").unwrap();
        assert_eq!(k.to_string(), "1234-98765-01");
        assert_eq!(format!("{k:?}"), "MemberKey(1234-*****-01)");
        assert!(!format!("{:?}", k.number).contains("98765"));
        assert_eq!(k.masked().as_str(), "1234-*****-01");
        let json = serde_json::to_string(&k).unwrap();
        assert_eq!(json, r#"{"symbol":"1234","number":"98765","branch":"01"}"#);
        assert_eq!(serde_json::from_str::<MemberKey>(&json).unwrap(), k);
        assert!(
            serde_json::from_str::<MemberKey>(r#"{"symbol":"1","number":"2","branch":"1"}"#)
                .is_err()
        );
    }
}
