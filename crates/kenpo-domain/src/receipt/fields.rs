//! Field-level helpers: splitting a decoded record into borrowed fields and parsing the
//! half-width numbers, codes and dates of the 記録条件仕様 without allocating.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;

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

    /// The whole record.
    pub(crate) fn line(&self) -> &'a str {
        self.line
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

/// A forward-only reader of a record's fields: no table of positions, one pass over the line.
#[derive(Debug)]
pub(crate) struct Cursor<'a> {
    line: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(line: &'a str) -> Cursor<'a> {
        Cursor { line, pos: 0 }
    }

    /// Reads the remaining fields as 31 day counts (算定日情報) in one tight loop over the bytes;
    /// fields past the 31st are ignored. On error, the offset (0–30) of the bad day field.
    pub(crate) fn days(&mut self) -> Result<[u8; 31], usize> {
        let mut days = [0u8; 31];
        let rest = self.line.as_bytes().get(self.pos..).unwrap_or_default();
        self.pos = self.line.len() + 1;
        let mut day = 0usize;
        let mut value: u32 = 0;
        let mut digits = 0u32;
        for &b in rest {
            if b == b',' {
                if digits > 0 {
                    if let Some(slot) = days.get_mut(day) {
                        *slot = u8::try_from(value).map_err(|_| day)?;
                    }
                }
                day += 1;
                value = 0;
                digits = 0;
                if day >= 31 {
                    return Ok(days);
                }
            } else if b.is_ascii_digit() && digits < 3 {
                value = value * 10 + u32::from(b - b'0');
                digits += 1;
            } else {
                return Err(day);
            }
        }
        if digits > 0 {
            if let Some(slot) = days.get_mut(day) {
                *slot = u8::try_from(value).map_err(|_| day)?;
            }
        }
        Ok(days)
    }

    /// The next field; empty past the end of the record.
    pub(crate) fn next(&mut self) -> &'a str {
        let bytes = self.line.as_bytes();
        let start = self.pos;
        if start > bytes.len() {
            return "";
        }
        let mut end = start;
        while let Some(&b) = bytes.get(end) {
            if b == b',' {
                break;
            }
            end += 1;
        }
        self.pos = end + 1;
        self.line.get(start..end).unwrap_or("")
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
        parse_ascii_u64(s)
    } else {
        parse_ascii_u64(&half_width(s))
    }
}

fn parse_ascii_u64(s: &str) -> Option<u64> {
    let b = s.as_bytes();
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

/// Parses an optionally signed integer (`-` for negative amounts such as 増減点).
pub(crate) fn parse_i64(s: &str) -> Option<i64> {
    match s.strip_prefix('-') {
        Some(rest) => parse_u64(rest)
            .and_then(|v| i64::try_from(v).ok())
            .map(|v| -v),
        None => parse_u64(s).and_then(|v| i64::try_from(v).ok()),
    }
}

/// Parses a non-negative decimal with at most 5 fractional digits (使用量: "0.5", "12").
pub(crate) fn parse_decimal(s: &str) -> Option<Decimal> {
    let s = half_width(s);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (&*s, ""),
    };
    if int.is_empty() || frac.len() > 5 || int.len() + frac.len() > 18 {
        return None;
    }
    let mut m: i64 = 0;
    for c in int.bytes().chain(frac.bytes()) {
        if !c.is_ascii_digit() {
            return None;
        }
        m = m * 10 + i64::from(c - b'0');
    }
    // `frac.len() <= 5` so the scale always fits.
    Some(Decimal::new(m, frac.len() as u32))
}

/// Parses a receipt date: YYYYMMDD (current files) or GYYMMDD (older, era form).
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
        let n = |r: std::ops::Range<usize>| {
            b.get(r)
                .map(|d| d.iter().fold(0u32, |a, c| a * 10 + u32::from(c - b'0')))
        };
        return NaiveDate::from_ymd_opt(n(0..4)? as i32, n(4..6)?, n(6..8)?);
    }
    era::parse_receipt_date(&half_width(s)).ok()
}

/// Parses a receipt month: YYYYMM or GYYMM.
pub(crate) fn parse_month(s: &str) -> Option<YearMonth> {
    let b = s.as_bytes();
    if b.len() == 6 && b.iter().all(u8::is_ascii_digit) {
        // YYYYMM, the form of current files, without the era parser's error text.
        let n = |r: std::ops::Range<usize>| {
            b.get(r)
                .map(|d| d.iter().fold(0u32, |a, c| a * 10 + u32::from(c - b'0')))
        };
        return YearMonth::new(i32::try_from(n(0..4)?).ok()?, n(4..6)?).ok();
    }
    era::parse_receipt_month(&half_width(s)).ok()
}

/// Parses day-of-month counts (算定日情報): fields `first` … `first + 30` hold days 1 … 31.
/// On error, the index of the bad field.
pub(crate) fn parse_days(f: &Fields<'_>, first: usize) -> Result<[u8; 31], usize> {
    let mut days = [0u8; 31];
    // All 31 fields empty (the common case for a line given on few days is not this, but
    // comment-like lines are): 31 fields span exactly 30 commas.
    if let (Some(&last), Some(&before)) = (
        f.ends.get(first + 30),
        first.checked_sub(1).and_then(|p| f.ends.get(p)),
    ) {
        if last - before == 31 {
            return Ok(days);
        }
    }
    if f.line.is_ascii() {
        // From the comma positions already found: most day fields are empty.
        let bytes = f.line.as_bytes();
        for (d, slot) in days.iter_mut().enumerate() {
            let i = first + d;
            let (Some(&end), Some(&prev)) =
                (f.ends.get(i), i.checked_sub(1).and_then(|p| f.ends.get(p)))
            else {
                break;
            };
            let field = bytes.get(prev + 1..end).unwrap_or_default();
            if field.is_empty() {
                continue;
            }
            if field.len() > 3 || !field.iter().all(u8::is_ascii_digit) {
                return Err(i);
            }
            let v = field.iter().fold(0u32, |a, c| a * 10 + u32::from(c - b'0'));
            *slot = u8::try_from(v).map_err(|_| i)?;
        }
        return Ok(days);
    }
    // Slow path (full-width digits): field by field.
    for (d, slot) in days.iter_mut().enumerate() {
        let i = first + d;
        let t = f.get(i);
        if !t.is_empty() {
            *slot = parse_u64(t).and_then(|v| u8::try_from(v).ok()).ok_or(i)?;
        }
    }
    Ok(days)
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
        assert_eq!(parse_i64("-50"), Some(-50));
        assert_eq!(half_width("１９Ｄ０００１"), "19D0001");
        assert_eq!(parse_decimal("0.5"), Some(Decimal::new(5, 1)));
        assert_eq!(parse_decimal("1.123456"), None);
        assert_eq!(parse_decimal("."), None);
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
