//! The record layer of the kinds typed from a layout table (歯科, 調剤, DPC, the payment fund's
//! insurer-side, return and re-examination records): each record is a struct declared once with
//! a `record!` macro, whose fields name their position in the 記録条件仕様 and their type; the
//! same declaration reads the record from the raw line and writes it back.
//!
//! A field's type says how it is read and written (the crate-private `Cell` trait): text
//! (Shift_JIS decoded), digits kept as recorded (codes with leading zeros), numbers, dates in
//! either form (YYYYMMDD or 和暦 GYYMMDD), amounts, and a few groups (day counts, addition pairs,
//! the fields after the last one whose meaning is known). Written back, a value gives the same
//! bytes it was read from, so a file whose numbers carry no leading zeros (the specification's V
//! fields) and whose dates are all in one form rewrites byte for byte.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::error::{FieldError, Problem};
use super::fields::{RawCursor, RawField};
use crate::calendar::YearMonth;
use crate::era::{format_receipt_month_era, WarekiDate};

/// How dates are written: the Gregorian form of current files (YYYYMM, YYYYMMDD), or the era
/// form of files before the 令和2年 editions (GYYMM, GYYMMDD; 元号 1 明治 … 5 令和). A reader
/// accepts both; a file keeps its form when rewritten ([`super::FileHeader::date_form`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateForm {
    /// 西暦: YYYYMM, YYYYMMDD.
    #[default]
    Gregorian,
    /// 和暦: GYYMM, GYYMMDD.
    Era,
}

/// The three history-management columns (履歴管理情報) that precede the record kind on every
/// line of the payment fund's insurer files (レセ電コード情報ファイル) and of the history blocks of
/// return and re-examination files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LinePrefix {
    /// データ識別: 1 the institution's claim record as filed, 2 a record the fund added or
    /// corrected, 8 a history-block line (an earlier version of the receipt); the code table
    /// itself (別表7 of the insurer specification) was not found.
    pub data_ident: u8,
    /// 行番号: the line's running number within its receipt.
    pub line: u32,
    /// 枝番号: its branch number (0 for the line itself, 1… for continuations and corrections).
    pub branch: u16,
}

impl LinePrefix {
    /// データ識別 1: the institution's claim record as filed.
    pub const CLAIM: u8 = 1;
    /// データ識別 2: a record the payment fund added (MN, RC, EX, ON, JY) or a corrected copy.
    pub const FUND: u8 = 2;
    /// データ識別 8: a line of a history block (履歴管理ブロック).
    pub const HISTORY: u8 = 8;
}

/// Text that is personal data (氏名, 保険医氏名, カルテ番号, …): `Debug` is redacted, errors do
/// not quote it.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PersonalText(String);

impl PersonalText {
    /// Wraps `text`.
    pub fn new(text: impl Into<String>) -> PersonalText {
        PersonalText(text.into())
    }

    /// The text. Reading it is a use of personal data.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PersonalText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PersonalText(<redacted>)")
    }
}

/// Half-width digits kept as recorded, leading zeros included (codes such as 算定先No "01").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Digits(String);

impl Digits {
    /// `text` when it is one or more ASCII digits.
    pub fn new(text: &str) -> Option<Digits> {
        (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| Digits(text.to_owned()))
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value, when it fits.
    pub fn value(&self) -> Option<u64> {
        self.0.parse().ok()
    }
}

impl fmt::Display for Digits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Digits {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Digits::new(&value).ok_or_else(|| "not digits".to_owned())
    }
}

impl From<Digits> for String {
    fn from(value: Digits) -> Self {
        value.0
    }
}

/// A half-width code kept as recorded: ASCII letters, digits and the marks `.` `:` `-` `/` `*`
/// (DPC codes, 負担区分 letters, `:`-separated lists of the fund's JY records).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Code(String);

impl Code {
    /// `text` when it is a non-empty half-width code.
    pub fn new(text: &str) -> Option<Code> {
        (!text.is_empty()
            && text.bytes().all(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'.' | b':' | b'-' | b'/' | b'*')
            }))
        .then(|| Code(text.to_owned()))
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Code {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Code::new(&value).ok_or_else(|| "not a half-width code".to_owned())
    }
}

impl From<Code> for String {
    fn from(value: Code) -> Self {
        value.0
    }
}

/// Day counts of a month: the 31 fields 1日 … 31日 (算定日情報), 0 when empty.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DayCounts(pub [u8; 31]);

impl DayCounts {
    /// The days (1–31) with a count.
    pub fn days(&self) -> impl Iterator<Item = u32> + '_ {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, c)| **c != 0)
            .map(|(i, _)| i as u32 + 1)
    }

    /// The sum of the counts.
    pub fn total(&self) -> u32 {
        self.0.iter().map(|c| u32::from(*c)).sum()
    }
}

/// One 加算 of a dental procedure (SS 加算コード n, 加算数量データ n).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addition {
    /// 加算コード (5 half-width characters).
    pub code: Option<Code>,
    /// 加算数量データ.
    pub quantity: Option<u64>,
}

/// A fee added on a pharmacy dispensing line (CZ 加算料: 負担区分, コード, 点数).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeAddition {
    /// 負担区分.
    pub payer_class: Option<Code>,
    /// コード (9 digits).
    pub code: Option<Digits>,
    /// 点数.
    pub points: Option<i64>,
}

/// The fields of a record after the last one whose layout is known, as recorded (decoded text):
/// kept so that nothing is dropped and the record writes back as read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Rest(pub Vec<String>);

/// One output line being built: the record kind, then fields at their positions.
#[derive(Debug)]
pub(crate) struct LineOut {
    pub(crate) text: String,
    /// Fields started so far (the record kind is field 0).
    fields: usize,
    pub(crate) form: DateForm,
    /// The first field whose text cannot be written (a separator in it).
    pub(crate) bad: Option<&'static str>,
}

impl LineOut {
    pub(crate) fn new(form: DateForm) -> LineOut {
        LineOut {
            text: String::with_capacity(256),
            fields: 0,
            form,
            bad: None,
        }
    }

    /// Starts a line of kind `code`, after the prefix columns when given.
    pub(crate) fn start(&mut self, prefix: Option<LinePrefix>, code: &str) {
        self.text.clear();
        self.bad = None;
        if let Some(p) = prefix {
            use std::fmt::Write;
            let _ = write!(self.text, "{},{},{},", p.data_ident, p.line, p.branch);
        }
        self.text.push_str(code);
        self.fields = 1;
    }

    /// The line's text, positioned at field `index` (earlier empty fields written).
    pub(crate) fn at(&mut self, index: usize) -> &mut String {
        while self.fields <= index {
            self.text.push(',');
            self.fields += 1;
        }
        &mut self.text
    }

    /// Writes `value` at field `index`, or notes the field when the value has a separator.
    pub(crate) fn put(&mut self, index: usize, name: &'static str, value: &str) {
        if value.contains([',', '\r', '\n', '\u{1A}']) {
            self.bad.get_or_insert(name);
        }
        self.at(index).push_str(value);
    }

    /// Ends the record with empty fields up to `positions` (the record kind is position 1).
    pub(crate) fn pad_to(&mut self, positions: usize) {
        while self.fields < positions {
            self.text.push(',');
            self.fields += 1;
        }
    }

    /// Writes a date in the line's form.
    pub(crate) fn put_date(&mut self, index: usize, name: &'static str, d: NaiveDate) {
        match self.form {
            DateForm::Era => match WarekiDate::from_gregorian(d) {
                Ok(w) => {
                    let t = w.to_receipt_form();
                    self.put(index, name, &t);
                }
                Err(_) => self.put(index, name, &d.format("%Y%m%d").to_string()),
            },
            DateForm::Gregorian => {
                use std::fmt::Write;
                let _ = write!(self.at(index), "{}", d.format("%Y%m%d"));
            }
        }
    }

    /// Writes a month in the line's form.
    pub(crate) fn put_month(&mut self, index: usize, name: &'static str, m: YearMonth) {
        match self.form {
            DateForm::Era => match format_receipt_month_era(m) {
                Ok(t) => self.put(index, name, &t),
                Err(_) => self.put(index, name, &format!("{:04}{:02}", m.year(), m.month())),
            },
            DateForm::Gregorian => {
                use std::fmt::Write;
                let _ = write!(self.at(index), "{:04}{:02}", m.year(), m.month());
            }
        }
    }
}

/// How a field's value is read from a record and written back.
pub(crate) trait Cell: Sized {
    /// Reads the field at `index` (0 = the record kind) of the record under `c`.
    fn read(c: &mut RawCursor<'_>, index: usize, name: &'static str) -> Result<Self, FieldError>;
    /// Writes the value at field `index` of `line`.
    fn write(&self, line: &mut LineOut, index: usize, name: &'static str);
}

fn malformed(index: usize, name: &'static str, expected: &'static str) -> FieldError {
    FieldError::new(index, name, Problem::Malformed { expected })
}

fn missing(index: usize, name: &'static str) -> FieldError {
    FieldError::new(index, name, Problem::MissingField)
}

/// Implements `Cell` for `Option<T>` from a reader of a non-empty field.
macro_rules! optional_cell {
    ($t:ty) => {
        impl Cell for Option<$t> {
            fn read(
                c: &mut RawCursor<'_>,
                index: usize,
                name: &'static str,
            ) -> Result<Self, FieldError> {
                let f = c.field(index)?;
                if f.is_empty() {
                    Ok(None)
                } else {
                    <$t as NonEmpty>::from_field(f, name).map(Some)
                }
            }
            fn write(&self, line: &mut LineOut, index: usize, name: &'static str) {
                if let Some(v) = self {
                    v.write(line, index, name);
                }
            }
        }
        impl Cell for $t {
            fn read(
                c: &mut RawCursor<'_>,
                index: usize,
                name: &'static str,
            ) -> Result<Self, FieldError> {
                let f = c.field(index)?;
                if f.is_empty() {
                    Err(missing(index, name))
                } else {
                    <$t as NonEmpty>::from_field(f, name)
                }
            }
            fn write(&self, line: &mut LineOut, index: usize, name: &'static str) {
                NonEmpty::put(self, line, index, name);
            }
        }
    };
}

/// A value read from a non-empty field.
pub(crate) trait NonEmpty: Sized {
    fn from_field(f: RawField<'_>, name: &'static str) -> Result<Self, FieldError>;
    fn put(&self, line: &mut LineOut, index: usize, name: &'static str);
}

impl NonEmpty for String {
    fn from_field(f: RawField<'_>, _: &'static str) -> Result<Self, FieldError> {
        Ok(f.text()?.into_owned())
    }
    fn put(&self, line: &mut LineOut, index: usize, name: &'static str) {
        line.put(index, name, self);
    }
}
optional_cell!(String);

impl NonEmpty for PersonalText {
    fn from_field(f: RawField<'_>, _: &'static str) -> Result<Self, FieldError> {
        Ok(PersonalText(f.text()?.into_owned()))
    }
    fn put(&self, line: &mut LineOut, index: usize, name: &'static str) {
        line.put(index, name, &self.0);
    }
}
optional_cell!(PersonalText);

impl NonEmpty for Digits {
    fn from_field(f: RawField<'_>, name: &'static str) -> Result<Self, FieldError> {
        f.ascii()
            .and_then(Digits::new)
            .ok_or_else(|| malformed(f.index(), name, "half-width digits"))
    }
    fn put(&self, line: &mut LineOut, index: usize, name: &'static str) {
        line.put(index, name, &self.0);
    }
}
optional_cell!(Digits);

impl NonEmpty for Code {
    fn from_field(f: RawField<'_>, name: &'static str) -> Result<Self, FieldError> {
        f.ascii()
            .and_then(Code::new)
            .ok_or_else(|| malformed(f.index(), name, "a half-width code"))
    }
    fn put(&self, line: &mut LineOut, index: usize, name: &'static str) {
        line.put(index, name, &self.0);
    }
}
optional_cell!(Code);

macro_rules! unsigned_cell {
    ($t:ty) => {
        impl NonEmpty for $t {
            fn from_field(f: RawField<'_>, name: &'static str) -> Result<Self, FieldError> {
                f.num::<$t>(name)
            }
            fn put(&self, line: &mut LineOut, index: usize, _: &'static str) {
                use std::fmt::Write;
                let _ = write!(line.at(index), "{}", self);
            }
        }
        optional_cell!($t);
    };
}
unsigned_cell!(u8);
unsigned_cell!(u16);
unsigned_cell!(u32);
unsigned_cell!(u64);

impl NonEmpty for i64 {
    fn from_field(f: RawField<'_>, name: &'static str) -> Result<Self, FieldError> {
        f.signed(name)
    }
    fn put(&self, line: &mut LineOut, index: usize, _: &'static str) {
        use std::fmt::Write;
        let _ = write!(line.at(index), "{self}");
    }
}
optional_cell!(i64);

impl NonEmpty for Decimal {
    fn from_field(f: RawField<'_>, name: &'static str) -> Result<Self, FieldError> {
        f.opt_decimal(name)?.ok_or_else(|| missing(f.index(), name))
    }
    fn put(&self, line: &mut LineOut, index: usize, _: &'static str) {
        use std::fmt::Write;
        let _ = write!(line.at(index), "{self}");
    }
}
optional_cell!(Decimal);

impl NonEmpty for NaiveDate {
    fn from_field(f: RawField<'_>, name: &'static str) -> Result<Self, FieldError> {
        f.date(name)
    }
    fn put(&self, line: &mut LineOut, index: usize, name: &'static str) {
        line.put_date(index, name, *self);
    }
}
optional_cell!(NaiveDate);

impl NonEmpty for YearMonth {
    fn from_field(f: RawField<'_>, name: &'static str) -> Result<Self, FieldError> {
        f.month(name)
    }
    fn put(&self, line: &mut LineOut, index: usize, name: &'static str) {
        line.put_month(index, name, *self);
    }
}
optional_cell!(YearMonth);

impl Cell for DayCounts {
    fn read(c: &mut RawCursor<'_>, index: usize, name: &'static str) -> Result<Self, FieldError> {
        c.days(index)
            .map(DayCounts)
            .map_err(|i| malformed(i, name, "a count of 0–255"))
    }
    fn write(&self, line: &mut LineOut, index: usize, _: &'static str) {
        use std::fmt::Write;
        for (i, d) in self.0.iter().enumerate() {
            let t = line.at(index + i);
            if *d != 0 {
                let _ = write!(t, "{d}");
            }
        }
    }
}

/// The 35 加算 pairs of a dental SS record.
pub(crate) const SS_ADDITIONS: usize = 35;

impl Cell for Vec<Addition> {
    fn read(c: &mut RawCursor<'_>, index: usize, name: &'static str) -> Result<Self, FieldError> {
        let mut out = Vec::new();
        for k in 0..SS_ADDITIONS {
            if c.skip_empty(2 * (SS_ADDITIONS - k)) {
                break;
            }
            let code: Option<Code> = Cell::read(c, index + 2 * k, name)?;
            let quantity: Option<u64> = Cell::read(c, index + 2 * k + 1, name)?;
            out.push(Addition { code, quantity });
        }
        // Trailing empty pairs are not kept: they are written back as empty fields.
        while out
            .last()
            .is_some_and(|a| a.code.is_none() && a.quantity.is_none())
        {
            out.pop();
        }
        Ok(out)
    }
    fn write(&self, line: &mut LineOut, index: usize, name: &'static str) {
        for (k, a) in self.iter().take(SS_ADDITIONS).enumerate() {
            a.code.write(line, index + 2 * k, name);
            a.quantity.write(line, index + 2 * k + 1, name);
        }
        line.at(index + 2 * SS_ADDITIONS - 1);
    }
}

/// The 10 加算料 triples of a pharmacy CZ record.
pub(crate) const CZ_ADDITIONS: usize = 10;

impl Cell for Vec<FeeAddition> {
    fn read(c: &mut RawCursor<'_>, index: usize, name: &'static str) -> Result<Self, FieldError> {
        let mut out = Vec::new();
        for k in 0..CZ_ADDITIONS {
            if c.skip_empty(3 * (CZ_ADDITIONS - k)) {
                break;
            }
            let payer_class: Option<Code> = Cell::read(c, index + 3 * k, name)?;
            let code: Option<Digits> = Cell::read(c, index + 3 * k + 1, name)?;
            let points: Option<i64> = Cell::read(c, index + 3 * k + 2, name)?;
            out.push(FeeAddition {
                payer_class,
                code,
                points,
            });
        }
        while out
            .last()
            .is_some_and(|a| a.payer_class.is_none() && a.code.is_none() && a.points.is_none())
        {
            out.pop();
        }
        Ok(out)
    }
    fn write(&self, line: &mut LineOut, index: usize, name: &'static str) {
        for (k, a) in self.iter().take(CZ_ADDITIONS).enumerate() {
            a.payer_class.write(line, index + 3 * k, name);
            a.code.write(line, index + 3 * k + 1, name);
            a.points.write(line, index + 3 * k + 2, name);
        }
        line.at(index + 3 * CZ_ADDITIONS - 1);
    }
}

impl Cell for Rest {
    fn read(c: &mut RawCursor<'_>, index: usize, _: &'static str) -> Result<Self, FieldError> {
        let mut out = Vec::new();
        let mut i = index;
        while !c.at_end() {
            if c.skip_empty(1) {
                out.push(String::new());
            } else {
                let f = c.field(i)?;
                out.push(f.text()?.into_owned());
            }
            i += 1;
        }
        Ok(Rest(out))
    }
    fn write(&self, line: &mut LineOut, index: usize, name: &'static str) {
        for (k, v) in self.0.iter().enumerate() {
            line.put(index + k, name, v);
        }
    }
}

/// Declares a record layout: the struct, its reader and its writer. Positions are those of the
/// 記録条件仕様 (the record kind is position 1); `positions` is the number of positions the
/// writer ends the record with (the last field's position, or where a [`Rest`] starts, less one).
macro_rules! record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident ($code:literal, positions = $total:literal) {
            $(
                $(#[$fmeta:meta])*
                $pos:literal => $field:ident : $ty:ty = $jname:literal
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        impl $name {
            /// The record kind.
            pub const CODE: &'static str = $code;
            /// The positions the record is written with (the record kind is position 1).
            pub const POSITIONS: usize = $total;

            #[allow(dead_code)]
            pub(crate) fn parse(
                c: &mut $crate::receipt::fields::RawCursor<'_>,
            ) -> Result<Self, $crate::receipt::error::FieldError> {
                Ok($name {
                    $( $field: <$ty as $crate::receipt::record::Cell>::read(c, $pos - 1, $jname)?, )*
                })
            }

            #[allow(dead_code)]
            pub(crate) fn write_into(
                &self,
                line: &mut $crate::receipt::record::LineOut,
                prefix: Option<$crate::receipt::record::LinePrefix>,
            ) {
                line.start(prefix, $code);
                $( $crate::receipt::record::Cell::write(&self.$field, line, $pos - 1, $jname); )*
                line.pad_to($total);
            }
        }
    };
}
pub(crate) use record;

#[cfg(test)]
#[allow(dead_code)]
mod tests {
    use super::*;

    record! {
        /// A test record.
        pub struct Sample("ZZ", positions = 8) {
            2 => code: Digits = "コード",
            3 => name: Option<PersonalText> = "氏名",
            4 => month: YearMonth = "年月",
            5 => day: Option<NaiveDate> = "日",
            6 => points: Option<i64> = "点数",
            7 => qty: Option<Decimal> = "数量",
        }
    }

    fn parse(line: &[u8]) -> Result<Sample, FieldError> {
        let mut c = RawCursor::new(line);
        let r = Sample::parse(&mut c)?;
        c.finish()?;
        Ok(r)
    }

    fn write(r: &Sample, form: DateForm) -> String {
        let mut out = LineOut::new(form);
        r.write_into(&mut out, None);
        out.text
    }

    #[test]
    fn reads_and_writes_back_the_same_line() {
        for line in ["ZZ,0012,,202410,,-5,0.25,", "ZZ,1,ABC,202410,20241001,,,"] {
            let r = parse(line.as_bytes()).unwrap();
            assert_eq!(write(&r, DateForm::Gregorian), line);
        }
        let r = parse(b"ZZ,0012,,50610,5061001,,,").unwrap();
        assert_eq!(r.month, YearMonth::new(2024, 10).unwrap());
        assert_eq!(write(&r, DateForm::Era), "ZZ,0012,,50610,5061001,,,");
        assert_eq!(
            write(&r, DateForm::Gregorian),
            "ZZ,0012,,202410,20241001,,,"
        );
        assert_eq!(
            format!("{:?}", PersonalText::new("山田")),
            "PersonalText(<redacted>)"
        );
    }

    #[test]
    fn names_the_field_that_does_not_parse() {
        let e = parse(b"ZZ,12a,,202410").unwrap_err().into_detail();
        assert_eq!((e.index, e.name), (1, "コード"));
        let e = parse(b"ZZ,1,,").unwrap_err().into_detail();
        assert_eq!(
            (e.index, e.name, e.problem),
            (3, "年月", Problem::MissingField)
        );
        let e = parse(b"ZZ,1,,202413").unwrap_err().into_detail();
        assert_eq!(e.name, "年月");
    }

    #[test]
    fn rest_keeps_the_unknown_fields() {
        record! {
            pub struct Tail("TT", positions = 2) {
                2 => rest: Rest = "予備",
            }
        }
        let mut c = RawCursor::new(b"TT,a,,b,");
        let t = Tail::parse(&mut c).unwrap();
        assert_eq!(t.rest.0, ["a", "", "b", ""]);
        let mut out = LineOut::new(DateForm::Gregorian);
        t.write_into(
            &mut out,
            Some(LinePrefix {
                data_ident: 2,
                line: 7,
                branch: 1,
            }),
        );
        assert_eq!(out.text, "2,7,1,TT,a,,b,");
    }
}
