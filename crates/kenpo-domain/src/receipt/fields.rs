//! Field-level helpers: splitting a decoded record into borrowed fields and parsing the
//! half-width numbers, codes and dates of the 記録条件仕様 without allocating.

use std::borrow::Cow;

use chrono::NaiveDate;
use compact_str::CompactString;
use rust_decimal::Decimal;

use super::error::{FieldError, Problem};
use crate::calendar::YearMonth;
use crate::era;

/// The fields of one record, borrowed from the decoded line. Field 0 is the record kind.
#[derive(Debug)]
pub(crate) struct Fields<'a> {
    line: &'a str,
    /// Byte offset of each field's end (exclusive); field `i` starts after `ends[i-1] + 1`.
    ends: &'a [usize],
}

impl<'a> Fields<'a> {
    /// Splits `line` at every comma, writing the field ends into `ends` (reused between lines).
    pub(crate) fn split(line: &'a str, ends: &'a mut Vec<usize>) -> Fields<'a> {
        // Branch-free: records are short and comma-dense (an SI record is 44 fields in ~80
        // bytes), where a search routine's per-call cost outweighs its speed per byte. Every
        // byte writes its position to the next free slot; only a comma advances the slot.
        ends.clear();
        ends.resize(line.len() + 1, 0);
        let mut n = 0usize;
        for (i, b) in line.bytes().enumerate() {
            if let Some(slot) = ends.get_mut(n) {
                *slot = i;
            }
            n += usize::from(b == b',');
        }
        ends.truncate(n);
        ends.push(line.len());
        Fields { line, ends }
    }

    /// The number of fields, the kind included.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Field `i` (0 = the kind); empty when the record is shorter.
    pub(crate) fn get(&self, i: usize) -> &'a str {
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = match i.checked_sub(1) {
            Some(p) => self.ends.get(p).map_or(0, |e| e + 1),
            None => 0,
        };
        self.line.get(start..end).unwrap_or("")
    }
}

/// A forward-only reader of one record's fields over the raw Shift_JIS bytes of its line, with
/// no table of positions and no decoding of the line as a whole.
///
/// Fields are taken in increasing order with [`RawCursor::field`]. Every byte of the line is
/// checked exactly once: a field passed over, or the rest of the line at
/// [`RawCursor::finish`], is accepted when it is ASCII and otherwise decoded; a field taken is
/// checked by the accessor that reads it ([`RawField`] never hands out bytes that were not
/// checked). A comma never occurs inside a Shift_JIS character (trail bytes are 0x40–0xFC), so
/// a field boundary never splits one and decoding field by field accepts exactly the lines
/// that decoding the whole line would.
#[derive(Debug)]
pub(crate) struct RawCursor<'a> {
    line: &'a [u8],
    /// Start of the next field; `line.len() + 1` once past the last one.
    pos: usize,
    /// Index of the next field (0 = the record kind).
    index: usize,
    /// The whole line is ASCII: nothing to check or decode.
    ascii: bool,
}

/// One field of a record, as raw bytes: see [`RawCursor`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawField<'a> {
    bytes: &'a [u8],
    index: usize,
}

/// Eight commas, for the word-at-a-time scans.
const COMMAS: u64 = u64::from_ne_bytes([b','; 8]);
const LOW_BITS: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGH_BITS: u64 = u64::from_ne_bytes([0x80; 8]);

/// The position of the first comma in `bytes` at or after `from`, else `bytes.len()`.
#[inline]
fn find_comma(bytes: &[u8], from: usize) -> usize {
    find_byte(bytes, from, b',')
}

/// The position of the first `needle` in `bytes` at or after `from`, else `bytes.len()`.
///
/// Eight bytes at a time, inline: records are short (a line item is ~60 bytes, most fields
/// a few), where a search routine's per-call cost outweighs a wider vector.
#[inline]
pub(crate) fn find_byte(bytes: &[u8], from: usize, needle: u8) -> usize {
    let pattern = u64::from_ne_bytes([needle; 8]);
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        // A zero byte of `w` is a `needle`; the lowest flagged byte is exact.
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])) ^ pattern;
        let zeros = w.wrapping_sub(LOW_BITS) & !w & HIGH_BITS;
        if zeros != 0 {
            return i + (zeros.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == needle {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

/// `Ok` when `bytes` are ASCII or decode as Shift_JIS.
#[inline(always)]
fn check_encoding(bytes: &[u8], index: usize) -> Result<(), FieldError> {
    if bytes.is_empty() || bytes.is_ascii() {
        Ok(())
    } else {
        check_decoding(bytes, index)
    }
}

#[inline(never)]
fn check_decoding(bytes: &[u8], index: usize) -> Result<(), FieldError> {
    let table = char_table();
    if decode_fast(table, bytes, |_| {})
        || encoding_rs::SHIFT_JIS
            .decode_without_bom_handling_and_without_replacement(bytes)
            .is_some()
    {
        Ok(())
    } else {
        Err(bad_encoding(index))
    }
}

/// Decodes CP932 text: by the table when it can ([`decode_fast`]), else by encoding_rs (which
/// decodes it or reports the error).
fn decode_sjis(bytes: &[u8]) -> Option<Cow<'_, str>> {
    let mut out = String::new();
    if decode_into(bytes, &mut out) {
        Some(Cow::Owned(out))
    } else {
        encoding_rs::SHIFT_JIS.decode_without_bom_handling_and_without_replacement(bytes)
    }
}

/// Appends the CP932 text `bytes` to `out` by the table ([`decode_fast`]); `false` (and `out`
/// left as it was) when the table does not take it.
fn decode_into(bytes: &[u8], out: &mut String) -> bool {
    let table = char_table();
    let before = out.len();
    // A pair gives 3 UTF-8 bytes for 2, a half-width katakana 3 for 1 (rarer: grows then).
    out.reserve(bytes.len() + bytes.len() / 2);
    if decode_fast(table, bytes, |c| out.push(c)) {
        true
    } else {
        out.truncate(before);
        false
    }
}

/// The lead bytes of CP932 two-byte characters: 0x81–0x9F and 0xE0–0xFC (60 of them).
const fn lead_index(lead: u8) -> Option<usize> {
    match lead {
        0x81..=0x9F => Some((lead - 0x81) as usize),
        0xE0..=0xFC => Some((lead - 0xE0) as usize + 31),
        _ => None,
    }
}

/// The row of [`char_table`] holding the single bytes (half-width katakana).
const SINGLE_ROW: usize = 60;

/// Every CP932 character of one byte beyond ASCII and of two bytes, as [`encoding_rs::SHIFT_JIS`]
/// decodes it: row [`lead_index`] of a lead byte, column the trail byte (256 columns, so no
/// range check), and row [`SINGLE_ROW`] for the half-width katakana 0xA1–0xDF; `'\0'` where
/// the bytes do not decode to one character (no CP932 character of these decodes to U+0000).
/// Built once, from encoding_rs itself, so the two cannot disagree.
fn char_table() -> &'static [char] {
    static TABLE: std::sync::OnceLock<Box<[char]>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        // Every pair followed by a line feed, decoded in one call: a pair that decodes gives
        // exactly one character before its line feed; one that does not gives U+FFFD (and its
        // trail byte again when that is ASCII).
        let leads: Vec<u8> = (0x81..=0x9Fu8).chain(0xE0..=0xFC).collect();
        let mut input = Vec::with_capacity(leads.len() * 189 * 3 + 63 * 2);
        for &lead in &leads {
            for trail in 0x40..=0xFCu8 {
                input.extend_from_slice(&[lead, trail, b'\n']);
            }
        }
        for single in 0xA1..=0xDFu8 {
            input.extend_from_slice(&[single, b'\n']);
        }
        let (text, _) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(&input);
        let mut t = vec!['\0'; (SINGLE_ROW + 1) * 256];
        let mut pieces = text.split('\n');
        let mut put = |slot: Option<usize>, piece: &str| {
            let mut chars = piece.chars();
            if let (Some(c), None, Some(slot)) = (chars.next(), chars.next(), slot) {
                if c != char::REPLACEMENT_CHARACTER {
                    if let Some(cell) = t.get_mut(slot) {
                        *cell = c;
                    }
                }
            }
        };
        for &lead in &leads {
            for trail in 0x40..=0xFCu8 {
                let slot = lead_index(lead).map(|row| row * 256 + usize::from(trail));
                put(slot, pieces.next().unwrap_or(""));
            }
        }
        for single in 0xA1..=0xDFu8 {
            put(
                Some(SINGLE_ROW * 256 + usize::from(single)),
                pieces.next().unwrap_or(""),
            );
        }
        t.into_boxed_slice()
    })
}

/// Decodes CP932 text with [`char_table`], handing each character to `emit`: ASCII, half-width
/// katakana and the pairs the table knows. `false` at anything else (0x80, 0xA0, 0xFD–0xFF, a
/// pair that does not decode, a lead byte at the end): the caller then asks encoding_rs, which
/// decodes it or reports the error. The same text as encoding_rs for every input it accepts
/// (tested over every pair). No output is validated again: each character is a `char`.
#[inline(always)]
fn decode_fast(table: &[char], bytes: &[u8], mut emit: impl FnMut(char)) -> bool {
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            emit(char::from(b));
            i += 1;
            continue;
        }
        let slot = match lead_index(b) {
            Some(row) => match bytes.get(i + 1) {
                Some(&trail) => {
                    i += 2;
                    row * 256 + usize::from(trail)
                }
                None => return false,
            },
            None => {
                i += 1;
                SINGLE_ROW * 256 + usize::from(b)
            }
        };
        match table.get(slot) {
            Some(&c) if c != '\0' => emit(c),
            _ => return false,
        }
    }
    true
}

/// The signal of a field that does not decode. The reader never reports it as is: it reads the
/// line again as a whole, which finds the first bad byte and reports it.
fn bad_encoding(index: usize) -> FieldError {
    FieldError::new(index, "", Problem::BadEncoding { offset: 0 })
}

impl<'a> RawCursor<'a> {
    pub(crate) fn new(line: &'a [u8]) -> RawCursor<'a> {
        RawCursor {
            line,
            pos: 0,
            index: 0,
            ascii: line.is_ascii(),
        }
    }

    /// The next field's bytes, unchecked; empty past the end of the record.
    #[inline(always)]
    fn take(&mut self) -> &'a [u8] {
        let start = self.pos;
        self.index += 1;
        match self.line.get(start) {
            // An empty field (most optional fields are).
            Some(b',') => {
                self.pos = start + 1;
                return &[];
            }
            Some(_) => {}
            None => {
                self.pos = self.line.len() + 1;
                return &[];
            }
        }
        let end = find_comma(self.line, start);
        self.pos = end + 1;
        self.line.get(start..end).unwrap_or_default()
    }

    /// Moves to the start of field `i`, checking the fields passed over. Going back to an
    /// earlier field starts over from the beginning of the line.
    #[inline(always)]
    fn skip_to(&mut self, i: usize) -> Result<(), FieldError> {
        if i < self.index {
            self.pos = 0;
            self.index = 0;
        }
        while self.index < i {
            if self.line.get(self.pos) == Some(&b',') {
                // An empty field: nothing to check.
                self.pos += 1;
                self.index += 1;
                continue;
            }
            let index = self.index;
            let passed = self.take();
            if !self.ascii {
                check_encoding(passed, index)?;
            }
        }
        Ok(())
    }

    /// Field `i` (its bytes are checked by the accessor that reads them).
    #[inline(always)]
    pub(crate) fn field(&mut self, i: usize) -> Result<RawField<'a>, FieldError> {
        self.skip_to(i)?;
        let index = self.index;
        Ok(RawField {
            bytes: self.take(),
            index,
        })
    }

    /// Passes over the next `n` fields when they are all empty (`n` commas in a row), as the
    /// optional groups of an item line (comments) mostly are. `false` (and nothing passed)
    /// otherwise.
    #[inline]
    pub(crate) fn skip_empty(&mut self, n: usize) -> bool {
        match self.line.get(self.pos..self.pos + n) {
            Some(run) if run.iter().all(|b| *b == b',') => {
                self.pos += n;
                self.index += n;
                true
            }
            _ => false,
        }
    }

    /// `true` once every field of the line has been taken.
    pub(crate) fn at_end(&self) -> bool {
        self.pos > self.line.len()
    }

    /// The number of fields not taken yet (0 at the end of the line).
    pub(crate) fn remaining(&self) -> usize {
        match self.line.get(self.pos..) {
            Some(rest) if !self.at_end() => memchr::memchr_iter(b',', rest).count() + 1,
            _ => 0,
        }
    }

    /// Checks the rest of the line (the fields no parser took).
    pub(crate) fn finish(&mut self) -> Result<(), FieldError> {
        let rest = self.line.get(self.pos..).unwrap_or_default();
        self.pos = self.line.len() + 1;
        if self.ascii {
            Ok(())
        } else {
            check_encoding(rest, self.index)
        }
    }

    /// Reads fields `first` … `first + 30` as the day counts of days 1 … 31 (算定日情報,
    /// 受診日等区分): a missing or empty field is 0. On error, the index of the bad field.
    ///
    /// Most of these fields are empty, so runs of commas are passed over eight at a time.
    pub(crate) fn days(&mut self, first: usize) -> Result<[u8; 31], usize> {
        let mut days = [0u8; 31];
        self.skip_to(first).map_err(|e| e.index)?;
        let line = self.line;
        let mut i = self.pos;
        if i > line.len() {
            self.index = first + 31;
            return Ok(days);
        }
        let mut day = 0usize;
        while day < 31 {
            // Empty fields: a comma at the start of a field ends it.
            let mut run = 0usize;
            loop {
                match line.get(i + run..i + run + 8) {
                    Some(chunk) => {
                        let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])) ^ COMMAS;
                        if w != 0 {
                            run += (w.trailing_zeros() / 8) as usize;
                            break;
                        }
                        run += 8;
                    }
                    None => {
                        while line.get(i + run) == Some(&b',') {
                            run += 1;
                        }
                        break;
                    }
                }
            }
            if day + run >= 31 {
                // The 31st field ends at the comma before `i + (31 - day)`.
                i += 31 - day;
                day = 31;
                break;
            }
            i += run;
            day += run;
            // A non-empty field, or the end of the line.
            let Some(&b) = line.get(i) else {
                break;
            };
            let end = if b.is_ascii_digit() {
                let mut v = u32::from(b - b'0');
                let mut j = i + 1;
                while let Some(&d) = line.get(j) {
                    if !d.is_ascii_digit() || j - i >= 3 {
                        break;
                    }
                    v = v * 10 + u32::from(d - b'0');
                    j += 1;
                }
                match line.get(j) {
                    None | Some(b',') => {}
                    Some(_) => return Err(first + day),
                }
                if let Some(slot) = days.get_mut(day) {
                    *slot = u8::try_from(v).map_err(|_| first + day)?;
                }
                j
            } else {
                // Full-width digits, or something wrong.
                let end = find_comma(line, i);
                let field = RawField {
                    bytes: line.get(i..end).unwrap_or_default(),
                    index: first + day,
                };
                let v = field.number().ok().flatten().ok_or(first + day)?;
                if let Some(slot) = days.get_mut(day) {
                    *slot = u8::try_from(v).map_err(|_| first + day)?;
                }
                end
            };
            day += 1;
            i = end + 1;
        }
        self.pos = i;
        self.index = first + day;
        if day < 31 {
            self.pos = line.len() + 1;
        }
        Ok(days)
    }
}

impl<'a> RawField<'a> {
    /// The field's index in its record.
    pub(crate) fn index(&self) -> usize {
        self.index
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    fn malformed(&self, name: &'static str, expected: &'static str) -> FieldError {
        FieldError::new(self.index, name, Problem::Malformed { expected })
    }

    /// The field when it is ASCII (no decoding needed), else `None`.
    pub(crate) fn ascii(&self) -> Option<&'a str> {
        if self.bytes.is_ascii() {
            std::str::from_utf8(self.bytes).ok()
        } else {
            None
        }
    }

    /// The field's bytes, unchecked (callers look at ASCII bytes only).
    pub(crate) fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The field's one byte when it is a single ASCII letter or digit.
    pub(crate) fn single_alphanumeric(&self) -> Option<u8> {
        match self.bytes {
            [b] if b.is_ascii_alphanumeric() => Some(*b),
            _ => None,
        }
    }

    /// `true` when the field is exactly `text` (ASCII).
    pub(crate) fn is(&self, text: &str) -> bool {
        self.bytes == text.as_bytes()
    }

    /// The field decoded (borrowed when ASCII).
    pub(crate) fn text(&self) -> Result<Cow<'a, str>, FieldError> {
        if let Some(t) = self.ascii() {
            return Ok(Cow::Borrowed(t));
        }
        decode_sjis(self.bytes).ok_or_else(|| bad_encoding(self.index))
    }

    /// The field decoded into an inline string (no allocation up to 24 bytes of UTF-8: a name
    /// of 8 kanji, a code).
    pub(crate) fn compact(&self) -> Result<CompactString, FieldError> {
        if let Some(t) = self.ascii() {
            return Ok(CompactString::new(t));
        }
        let mut out = CompactString::with_capacity(self.bytes.len() + self.bytes.len() / 2);
        if decode_fast(char_table(), self.bytes, |c| out.push(c)) {
            return Ok(out);
        }
        decode_sjis(self.bytes)
            .map(CompactString::from)
            .ok_or_else(|| bad_encoding(self.index))
    }

    /// The field decoded, `None` when empty.
    pub(crate) fn opt_text(&self) -> Result<Option<String>, FieldError> {
        if self.bytes.is_empty() {
            Ok(None)
        } else {
            self.text().map(|t| Some(t.into_owned()))
        }
    }

    /// The field, `MissingField` when empty.
    pub(crate) fn req(self, name: &'static str) -> Result<RawField<'a>, FieldError> {
        if self.bytes.is_empty() {
            Err(FieldError::new(self.index, name, Problem::MissingField))
        } else {
            Ok(self)
        }
    }

    /// An unsigned number of ASCII (or full-width) digits; `None` when it is not one, and a
    /// `BadEncoding` error when the bytes do not decode.
    fn number(&self) -> Result<Option<u64>, FieldError> {
        match parse_ascii_u64(self.bytes) {
            Some(v) => Ok(Some(v)),
            None if self.bytes.is_ascii() => Ok(None),
            None => Ok(parse_u64(&self.text()?)),
        }
    }

    /// A required number that fits `T`.
    pub(crate) fn num<T: TryFrom<u64>>(&self, name: &'static str) -> Result<T, FieldError> {
        self.req(name)?
            .number()?
            .and_then(|v| T::try_from(v).ok())
            .ok_or_else(|| self.malformed(name, "a number in range"))
    }

    /// An optional number that fits `T`.
    pub(crate) fn opt_num<T: TryFrom<u64>>(
        &self,
        name: &'static str,
    ) -> Result<Option<T>, FieldError> {
        if self.bytes.is_empty() {
            Ok(None)
        } else {
            self.num(name).map(Some)
        }
    }

    /// A required, optionally signed whole number (`-` for negative amounts such as 増減点).
    pub(crate) fn signed(&self, name: &'static str) -> Result<i64, FieldError> {
        let (negative, digits) = match self.req(name)?.bytes.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, self.bytes),
        };
        let magnitude = RawField {
            bytes: digits,
            index: self.index,
        }
        .number()?
        .and_then(|v| i64::try_from(v).ok())
        .ok_or_else(|| self.malformed(name, "a whole number"))?;
        Ok(if negative { -magnitude } else { magnitude })
    }

    /// An optional signed whole number.
    pub(crate) fn opt_signed(&self, name: &'static str) -> Result<Option<i64>, FieldError> {
        if self.bytes.is_empty() {
            Ok(None)
        } else {
            self.signed(name).map(Some)
        }
    }

    /// An optional non-negative decimal with at most 5 fractional digits.
    pub(crate) fn opt_decimal(&self, name: &'static str) -> Result<Option<Decimal>, FieldError> {
        if self.bytes.is_empty() {
            return Ok(None);
        }
        let parsed = if self.bytes.is_ascii() {
            parse_ascii_decimal(self.bytes)
        } else {
            parse_decimal(&self.text()?)
        };
        parsed
            .map(Some)
            .ok_or_else(|| self.malformed(name, "a decimal with at most 5 places"))
    }

    /// A required code of exactly `digits` ASCII digits.
    pub(crate) fn code(
        &self,
        digits: usize,
        name: &'static str,
        expected: &'static str,
    ) -> Result<u32, FieldError> {
        let b = self.req(name)?.bytes;
        if let (9, Some((head, tail))) = (digits, b.split_first_chunk::<8>()) {
            // 9-digit codes (レセ電コード, コメントコード): eight digits at a time.
            if let (Some(v), [last]) = (eight_digits(*head), tail) {
                if last.is_ascii_digit() {
                    return Ok(v * 10 + u32::from(last - b'0'));
                }
            }
        }
        if b.len() == digits && b.len() <= 9 {
            // The common case: exactly `digits` ASCII digits.
            let mut v: u32 = 0;
            for &c in b {
                if !c.is_ascii_digit() {
                    return Err(self.malformed(name, expected));
                }
                v = v * 10 + u32::from(c - b'0');
            }
            return Ok(v);
        }
        if b.len() != digits {
            // Full-width digits are three bytes each: decode and look again.
            if !b.is_ascii() {
                let t = self.text()?;
                let t = half_width(&t);
                if t.len() == digits {
                    return parse_ascii_u64(t.as_bytes())
                        .and_then(|v| u32::try_from(v).ok())
                        .ok_or_else(|| self.malformed(name, expected));
                }
            }
            return Err(self.malformed(name, expected));
        }
        parse_ascii_u64(b)
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| self.malformed(name, expected))
    }

    /// A required date, YYYYMMDD or GYYMMDD.
    pub(crate) fn date(&self, name: &'static str) -> Result<NaiveDate, FieldError> {
        if let Some(d) = ymd(self.bytes) {
            return Ok(d);
        }
        let t = self.text()?;
        parse_date(&t).ok_or_else(|| self.malformed(name, "YYYYMMDD or GYYMMDD"))
    }

    /// An optional date.
    pub(crate) fn opt_date(&self, name: &'static str) -> Result<Option<NaiveDate>, FieldError> {
        if self.bytes.is_empty() {
            Ok(None)
        } else {
            self.date(name).map(Some)
        }
    }

    /// A required month, YYYYMM or GYYMM.
    pub(crate) fn month(&self, name: &'static str) -> Result<YearMonth, FieldError> {
        if let Some(m) = ym(self.bytes) {
            return Ok(m);
        }
        let t = self.req(name)?.text()?;
        parse_month(&t).ok_or_else(|| self.malformed(name, "YYYYMM or GYYMM"))
    }

    /// `true` when every byte is an ASCII digit (an empty field is).
    pub(crate) fn all_digits(&self) -> bool {
        self.bytes.iter().all(u8::is_ascii_digit)
    }

    /// The length in bytes.
    pub(crate) fn len(&self) -> usize {
        self.bytes.len()
    }
}

/// Replaces full-width ASCII variants (！–～, 全角英数字) and the ideographic space by their
/// half-width forms; borrows when there is nothing to replace.
pub(crate) fn half_width(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                _ => c,
            })
            .collect(),
    )
}

/// Parses up to 18 ASCII digits (full-width digits accepted) as an unsigned number.
pub(crate) fn parse_u64(s: &str) -> Option<u64> {
    if s.is_ascii() {
        parse_ascii_u64(s.as_bytes())
    } else {
        parse_ascii_u64(half_width(s).as_bytes())
    }
}

#[inline]
fn parse_ascii_u64(b: &[u8]) -> Option<u64> {
    if b.is_empty() || b.len() > 18 {
        return None;
    }
    let mut v: u64 = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u64::from(c - b'0');
    }
    Some(v)
}

/// Parses a non-negative decimal with at most 5 fractional digits (使用量: "0.5", "12").
pub(crate) fn parse_decimal(s: &str) -> Option<Decimal> {
    parse_ascii_decimal(half_width(s).as_bytes())
}

/// [`parse_decimal`] of half-width bytes.
fn parse_ascii_decimal(s: &[u8]) -> Option<Decimal> {
    let (int, frac) = match s.iter().position(|b| *b == b'.') {
        Some(dot) => (s.get(..dot)?, s.get(dot + 1..)?),
        None => (s, &[][..]),
    };
    if int.is_empty() || frac.len() > 5 || int.len() + frac.len() > 18 {
        return None;
    }
    let mut m: i64 = 0;
    for &c in int.iter().chain(frac) {
        if !c.is_ascii_digit() {
            return None;
        }
        m = m * 10 + i64::from(c - b'0');
    }
    // `frac.len() <= 5` so the scale always fits.
    Some(Decimal::new(m, frac.len() as u32))
}

/// The value of the ASCII digits `b[r]`, if they all are digits.
fn digits_at(b: &[u8], r: std::ops::Range<usize>) -> Option<u32> {
    b.get(r)?.iter().try_fold(0u32, |a, c| {
        c.is_ascii_digit().then(|| a * 10 + u32::from(c - b'0'))
    })
}

/// The value of eight ASCII digits read as one word, if they all are digits.
#[inline]
fn eight_digits(b: [u8; 8]) -> Option<u32> {
    let w = u64::from_le_bytes(b);
    // Each byte is 0x30..=0x39: its high nibble is 3, and adding 6 keeps it 3.
    let high = w & 0xF0F0_F0F0_F0F0_F0F0;
    let carried = (w.wrapping_add(0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4;
    if high | carried != 0x3333_3333_3333_3333 {
        return None;
    }
    // The first digit is the lowest byte: combine pairs, then fours, then the two halves.
    let w = w & 0x0F0F_0F0F_0F0F_0F0F;
    let w = (w & 0x000F_000F_000F_000F) * 10 + ((w >> 8) & 0x000F_000F_000F_000F);
    let w = (w & 0x0000_00FF_0000_00FF) * 100 + ((w >> 16) & 0x0000_00FF_0000_00FF);
    let w = (w & 0x0000_0000_0000_FFFF) * 10_000 + ((w >> 32) & 0x0000_0000_0000_FFFF);
    u32::try_from(w).ok()
}

/// YYYYMMDD (the form of current files), else `None`.
fn ymd(b: &[u8]) -> Option<NaiveDate> {
    let v = eight_digits(b.try_into().ok()?)?;
    NaiveDate::from_ymd_opt(i32::try_from(v / 10_000).ok()?, v / 100 % 100, v % 100)
}

/// YYYYMM (the form of current files), else `None`.
fn ym(b: &[u8]) -> Option<YearMonth> {
    if b.len() != 6 {
        return None;
    }
    YearMonth::new(
        i32::try_from(digits_at(b, 0..4)?).ok()?,
        digits_at(b, 4..6)?,
    )
    .ok()
}

/// Parses a receipt date: YYYYMMDD (current files) or GYYMMDD (older, era form).
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    ymd(s.as_bytes()).or_else(|| era::parse_receipt_date(&half_width(s)).ok())
}

/// Parses a receipt month: YYYYMM or GYYMM.
pub(crate) fn parse_month(s: &str) -> Option<YearMonth> {
    ym(s.as_bytes()).or_else(|| era::parse_receipt_month(&half_width(s)).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_reads_fields() {
        let mut ends = Vec::new();
        let f = Fields::split("SI,,2,111000110,,288,1", &mut ends);
        assert_eq!(f.len(), 7);
        assert_eq!(f.get(0), "SI");
        assert_eq!(f.get(1), "");
        assert_eq!(f.get(3), "111000110");
        assert_eq!(f.get(6), "1");
        assert_eq!(f.get(99), "");
    }

    #[test]
    fn numbers_and_full_width() {
        assert_eq!(parse_u64("0123"), Some(123));
        assert_eq!(parse_u64("１２３"), Some(123));
        assert_eq!(parse_u64("12a"), None);
        assert_eq!(parse_u64(""), None);
        assert_eq!(half_width("１９Ｄ０００１"), "19D0001");
        assert_eq!(parse_decimal("0.5"), Some(Decimal::new(5, 1)));
        assert_eq!(parse_decimal("1.123456"), None);
        assert_eq!(parse_decimal("."), None);
    }

    #[test]
    fn eight_digits_at_a_time() {
        assert_eq!(eight_digits(*b"12345678"), Some(12_345_678));
        assert_eq!(eight_digits(*b"00000000"), Some(0));
        assert_eq!(eight_digits(*b"99999999"), Some(99_999_999));
        assert_eq!(eight_digits(*b"20260101"), Some(20_260_101));
        // Any byte that is not a digit, at any place.
        for at in 0..8 {
            for bad in [
                b'/',
                b':',
                b' ',
                b'a',
                0x00,
                0x7F,
                0x80,
                0xFA,
                0xFF,
                0x36 + 0x80,
            ] {
                let mut b = *b"12345678";
                b[at] = bad;
                assert_eq!(eight_digits(b), None, "{b:?}");
            }
        }
        let mut field = RawField {
            bytes: b"160000410",
            index: 3,
        };
        assert_eq!(field.code(9, "c", "9 digits").ok(), Some(160_000_410));
        field.bytes = b"16000041x";
        assert!(field.code(9, "c", "9 digits").is_err());
        field.bytes = b"1600004100";
        assert!(field.code(9, "c", "9 digits").is_err());
    }

    #[test]
    fn the_fast_decoder_agrees_with_encoding_rs_on_every_pair() {
        let reference = |b: &[u8]| {
            encoding_rs::SHIFT_JIS
                .decode_without_bom_handling_and_without_replacement(b)
                .map(Cow::into_owned)
        };
        let mut pairs = 0;
        for lead in 0x80..=0xFFu8 {
            for trail in 0x00..=0xFFu8 {
                let b = [lead, trail];
                let mut fast = String::new();
                if decode_into(&b, &mut fast) {
                    assert_eq!(Some(fast), reference(&b), "{lead:02X} {trail:02X}");
                    pairs += 1;
                }
            }
        }
        // Every mapped pair is taken by the table (JIS X 0208, NEC and IBM rows, EUDC).
        assert!(pairs > 11_000, "{pairs}");
        for text in ["山田　太郎", "ｶﾀｶﾅ", "髙﨑①", "ア－１", "abc"] {
            let (b, _, _) = encoding_rs::SHIFT_JIS.encode(text);
            let mut fast = String::from("前");
            assert!(decode_into(&b, &mut fast));
            assert_eq!(fast, format!("前{text}"));
        }
        // A text the table does not take leaves the output as it was.
        let mut kept = String::from("前");
        assert!(!decode_into(&[0x82, 0xA0, 0x81], &mut kept));
        assert_eq!(kept, "前");
        // What the table does not take goes to encoding_rs: the same result either way.
        for bad in [&[0x80][..], &[0xA0], &[0x81], &[0x81, 0x20], &[0xFF, 0x40]] {
            assert_eq!(decode_sjis(bad).map(Cow::into_owned), reference(bad));
        }
    }

    #[test]
    fn dates_both_forms() {
        assert_eq!(parse_date("20211001"), NaiveDate::from_ymd_opt(2021, 10, 1));
        // 平成31年10月1日 lies after the end of 平成 (2019-04-30).
        assert_eq!(parse_date("4311001"), None);
        assert_eq!(parse_date("5031001"), NaiveDate::from_ymd_opt(2021, 10, 1));
        assert_eq!(parse_date("20210230"), None);
        assert_eq!(parse_month("202110"), YearMonth::new(2021, 10).ok());
        assert_eq!(parse_month("50310"), YearMonth::new(2021, 10).ok());
    }
}
