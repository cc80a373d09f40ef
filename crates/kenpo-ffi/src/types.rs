//! Value types that cross the boundary: dates, months and owned strings.
use std::os::raw::c_char;

use chrono::{Datelike, NaiveDate};
use kenpo_domain::calendar::YearMonth;

use crate::boundary::{guard, guard_void, Failure, FfiResult, Out};
use crate::handle::{self, Handle};
use crate::result::kenpo_result;

/// A calendar date (Gregorian). `month` is 1–12 and `day` 1–31; a date that does not exist
/// (2026-02-30) is refused with `KENPO_RESULT_INVALID_DATE` wherever it is passed.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct kenpo_date {
    /// The year, 1–9999.
    pub year: i32,
    /// The month, 1–12.
    pub month: i32,
    /// The day of the month, 1–31.
    pub day: i32,
}

impl kenpo_date {
    /// The date as a `NaiveDate`, or `KENPO_RESULT_INVALID_DATE`.
    pub(crate) fn to_naive(self) -> FfiResult<NaiveDate> {
        let parts = (u32::try_from(self.month).ok(), u32::try_from(self.day).ok());
        let date = match parts {
            (Some(m), Some(d)) if (1..=9999).contains(&self.year) => {
                NaiveDate::from_ymd_opt(self.year, m, d)
            }
            _ => None,
        };
        // The date may be a birth date: the detail says what was expected, not what was given.
        date.ok_or_else(|| {
            Failure::new(
                kenpo_result::InvalidDate,
                "a kenpo_date is not a calendar date (year 1–9999, month 1–12, a day of the month)",
            )
        })
    }

    /// The date as the API's [`kenpo_api::PlainDate`].
    pub(crate) fn to_api(self) -> FfiResult<kenpo_api::PlainDate> {
        self.to_naive().map(kenpo_api::PlainDate)
    }

    /// The C form of a date.
    pub(crate) fn from_naive(date: NaiveDate) -> kenpo_date {
        // month() and day() are 1–31, always within i32.
        kenpo_date {
            year: date.year(),
            month: date.month() as i32,
            day: date.day() as i32,
        }
    }
}

/// A calendar month (年月), such as a premium month or a treatment month (診療月).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct kenpo_month {
    /// The year, 1–9999.
    pub year: i32,
    /// The month, 1–12.
    pub month: i32,
}

impl kenpo_month {
    /// The month as a `YearMonth`, or `KENPO_RESULT_INVALID_DATE`.
    pub(crate) fn to_year_month(self) -> FfiResult<YearMonth> {
        u32::try_from(self.month)
            .ok()
            .and_then(|m| YearMonth::new(self.year, m).ok())
            .ok_or_else(|| {
                Failure::new(
                    kenpo_result::InvalidDate,
                    "a kenpo_month is not a calendar month (year 1–9999, month 1–12)",
                )
            })
    }
}

impl kenpo_month {
    /// The month as the API's [`kenpo_api::PlainMonth`].
    pub(crate) fn to_api(self) -> FfiResult<kenpo_api::PlainMonth> {
        self.to_year_month().map(kenpo_api::PlainMonth)
    }
}

/// A UTF-8 string the library returns (a JSON document, a report). Owned by the caller, who
/// frees it with `kenpo_string_free`; read it with `kenpo_string_bytes`.
#[allow(non_camel_case_types)]
pub struct kenpo_string {
    _opaque: [u8; 0],
}

impl Handle for kenpo_string {
    /// The text followed by one NUL byte that is not part of it.
    type Inner = Box<[u8]>;
    const NAME: &'static str = "kenpo_string";
}

/// Registers `text` as a new `kenpo_string` and writes the handle to `out`.
pub(crate) fn return_string(text: String, out: Out<*mut kenpo_string>) -> FfiResult {
    let mut bytes = text.into_bytes();
    bytes.push(0);
    out.write(handle::new_handle::<kenpo_string>(
        bytes.into_boxed_slice(),
    )?);
    Ok(())
}

/// Serialises `value` as JSON into a new `kenpo_string` written to `out`.
pub(crate) fn return_json<T: serde::Serialize>(
    value: &T,
    out: Out<*mut kenpo_string>,
) -> FfiResult {
    let json = serde_json::to_string(value)
        .map_err(|e| Failure::from_error(kenpo_result::Internal, &e))?;
    return_string(json, out)
}

/// Gives the bytes of `string`: `*out_data` points to `*out_len` bytes of UTF-8, followed by a
/// NUL byte that is not counted (so `*out_data` may also be used as a C string when the text has
/// no NUL of its own, which JSON never has).
///
/// The bytes belong to `string` and stay valid until `kenpo_string_free(string)`.
///
/// # Safety
/// `out_data` and `out_len` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_string_bytes(
    string: *const kenpo_string,
    out_data: *mut *const c_char,
    out_len: *mut usize,
) -> kenpo_result {
    guard(|| {
        let (out_data, out_len) = (Out::new(out_data)?, Out::new(out_len)?);
        let inner = handle::get(string)?;
        // The Box's heap buffer stays where it is while the handle is registered.
        out_data.write(inner.as_ptr().cast::<c_char>());
        out_len.write(inner.len().saturating_sub(1));
        Ok(())
    })
}

/// Frees a string returned by the library. NULL, and a string already freed, are ignored.
#[no_mangle]
pub extern "C" fn kenpo_string_free(string: *mut kenpo_string) {
    guard_void(|| handle::free(string));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        let ok = kenpo_date {
            year: 2024,
            month: 2,
            day: 29,
        };
        assert_eq!(kenpo_date::from_naive(ok.to_naive().unwrap()), ok);
        for bad in [
            kenpo_date {
                year: 2026,
                month: 2,
                day: 29,
            },
            kenpo_date {
                year: 2026,
                month: 13,
                day: 1,
            },
            kenpo_date {
                year: 2026,
                month: -1,
                day: 1,
            },
            kenpo_date {
                year: 0,
                month: 1,
                day: 1,
            },
        ] {
            assert_eq!(bad.to_naive().unwrap_err().code, kenpo_result::InvalidDate);
        }
        assert!(kenpo_month {
            year: 2026,
            month: 12
        }
        .to_year_month()
        .is_ok());
        assert!(kenpo_month {
            year: 2026,
            month: 0
        }
        .to_year_month()
        .is_err());
    }
}
