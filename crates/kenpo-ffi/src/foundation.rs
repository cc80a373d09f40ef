//! Foundations a legacy system needs everywhere: era dates (和暦) and legal age (年齢計算), thin
//! calls to `kenpo_api::foundation` in their C forms (buffers, `kenpo_date`, a struct of
//! milestones; no JSON).
use std::os::raw::c_char;

use kenpo_api::foundation as api;
use kenpo_api::{PlainDate, PlainMonth};

use crate::boundary::{guard, text, Out, OutBuffer};
use crate::result::kenpo_result;
use crate::types::{kenpo_date, kenpo_month};

/// The dates and months a person's age decides, by the legal rule of reaching an age on the day
/// before the birthday (年齢計算ニ関スル法律).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct kenpo_age_milestones {
    /// First month of 介護保険 第2号被保険者 (the month of reaching 40; 介護保険法 第9条).
    pub care_first_month: kenpo_month,
    /// Last month of 介護保険 第2号被保険者 (the month before reaching 65).
    pub care_last_month: kenpo_month,
    /// First month as 高齢受給者 (70–74 co-payment; 健康保険法 第74条第1項第3号).
    pub elderly_first_month: kenpo_month,
    /// The 75th birthday: the day kenpo eligibility ends for 後期高齢者医療 (高齢者医療確保法 第50条).
    pub late_elderly_date: kenpo_date,
    /// The last day of 未就学 (the first 31 March after reaching 6; 2割 co-payment before it).
    pub preschool_last_day: kenpo_date,
}

fn month_of(m: PlainMonth) -> kenpo_month {
    let m = m.0;
    // month() is 1–12, always within i32.
    kenpo_month {
        year: m.year(),
        month: m.month() as i32,
    }
}

fn date_of(d: PlainDate) -> kenpo_date {
    kenpo_date::from_naive(d.0)
}

/// `wareki_format`: writes `date` in the era form (和暦), for example `令和8年11月24日` or
/// `令和元年5月1日`, as UTF-8 into `buf`, and its length in bytes into `*out_written`.
///
/// Errors: `KENPO_RESULT_INVALID_DATE` (not a date, or before 1873-01-01, the first supported
/// day of 明治), `KENPO_RESULT_BUFFER_TOO_SMALL` (32 bytes always suffice),
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `buf` must point to `len` writable bytes and `out_written` to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_wareki_format(
    date: kenpo_date,
    buf: *mut c_char,
    len: usize,
    out_written: *mut usize,
) -> kenpo_result {
    guard(|| {
        let out = OutBuffer::new(buf, len, out_written)?;
        let text = api::wareki_format(date.to_api()?)?;
        out.write(text.as_bytes())
    })
}

/// `wareki_parse`: reads an era date in its display form (`令和8年11月24日`, `令和元年5月1日`,
/// full-width digits accepted) from `len` bytes of UTF-8 at `text`, into `*out_date`.
///
/// Errors: `KENPO_RESULT_INVALID_DATE` (an unknown era name, no such date, or a date outside its
/// era such as 平成31年5月1日; the detail never quotes the text), `KENPO_RESULT_INVALID_UTF8`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `text` must point to `len` readable bytes and `out_date` to a writable `kenpo_date`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_wareki_parse(
    text_ptr: *const c_char,
    len: usize,
    out_date: *mut kenpo_date,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_date)?;
        let date = api::wareki_parse(text(text_ptr, len)?.to_owned())?;
        out.write(date_of(date));
        Ok(())
    })
}

/// `parse_receipt_date`: parses a date as receipts write it: the era form `GYYMMDD` (`5081124`
/// = 令和8年11月24日) or the Gregorian `YYYYMMDD`, from `len` bytes of UTF-8 at `text`, into
/// `*out_date`.
///
/// Errors: `KENPO_RESULT_INVALID_DATE` (malformed, unknown era code, no such date, or a date
/// outside its era such as 平成31年5月1日; the detail never quotes the text),
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `text` must point to `len` readable bytes and `out_date` to a writable `kenpo_date`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_parse_receipt_date(
    text_ptr: *const c_char,
    len: usize,
    out_date: *mut kenpo_date,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_date)?;
        let date = api::parse_receipt_date(text(text_ptr, len)?.to_owned())?;
        out.write(date_of(date));
        Ok(())
    })
}

/// `age_on`: writes the age reached on `on` by a person born on `birth` (legal age: one reaches
/// an age on the day before the birthday) into `*out_age`.
///
/// Errors: `KENPO_RESULT_INVALID_DATE` (either is not a date), `KENPO_RESULT_INVALID_ARGUMENT`
/// (`on` is before `birth`), `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_age` must point to a writable `uint32_t`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_age_on(
    birth: kenpo_date,
    on: kenpo_date,
    out_age: *mut u32,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_age)?;
        let age = api::age_on(birth.to_api()?, on.to_api()?)?;
        // An age is never negative.
        out.write(age.unsigned_abs());
        Ok(())
    })
}

/// `age_milestones_of`: writes the age milestones of a person born on `birth` into
/// `*out_milestones`: the 介護保険 第2号 months, the first 高齢受給者 month, the 75th birthday
/// and the last 未就学 day.
///
/// Errors: `KENPO_RESULT_INVALID_DATE` (not a date, or a milestone after 9999-12-31),
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_milestones` must point to a writable `kenpo_age_milestones`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_age_milestones_of(
    birth: kenpo_date,
    out_milestones: *mut kenpo_age_milestones,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_milestones)?;
        let m = api::age_milestones_of(birth.to_api()?)?;
        out.write(kenpo_age_milestones {
            care_first_month: month_of(m.care_first_month),
            care_last_month: month_of(m.care_last_month),
            elderly_first_month: month_of(m.elderly_first_month),
            late_elderly_date: date_of(m.late_elderly_date),
            preschool_last_day: date_of(m.preschool_last_day),
        });
        Ok(())
    })
}
