//! Employers' notifications (届書) read into member events and pay reports: the bytes of a file
//! in, the contract's JSON out (`bindings/c/schema/NAME.response.json`), every row that could
//! not be taken with its file, line, column and rule.
use std::os::raw::c_char;

use kenpo_api::notification::{self as api, NotificationKind};

use crate::boundary::{bytes, guard, text, Failure, FfiResult, Out};
use crate::result::kenpo_result;
use crate::types::{kenpo_string, return_json};

/// Which rows a documented CSV or JSON notification file holds. Passed as a `uint32_t`; any
/// other number is refused with `KENPO_RESULT_INVALID_ARGUMENT`.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum kenpo_notification_kind {
    /// Member events (資格取得, 資格喪失, 被扶養者認定・削除).
    MemberEvents = 1,
    /// Pay reports (取得時報酬, 算定基礎, 月額変更, 賞与, 従前標準報酬).
    PayReports = 2,
}

fn kind_of(kind: u32) -> FfiResult<NotificationKind> {
    match kind {
        k if k == kenpo_notification_kind::MemberEvents as u32 => {
            Ok(NotificationKind::MemberEvents)
        }
        k if k == kenpo_notification_kind::PayReports as u32 => Ok(NotificationKind::PayReports),
        other => Err(Failure::new(
            kenpo_result::InvalidArgument,
            format!("unknown notification kind {other}"),
        )),
    }
}

/// `read_shfd_notifications`: reads an employer's `SHFD0006.CSV` / `KPFD0006.CSV` file
/// (`content_len` bytes of Shift_JIS at `content`; `file` is its name, UTF-8, carried by every
/// rejection) and writes what it read (schema `read_shfd_notifications.response.json`: the
/// `variant`, the `rows` as member events, pay reports and 被扶養者 notices, the `rejected` rows
/// with file, line, column, item and rule, the `ignored` rows) to a new `kenpo_string` at
/// `*out_response`, owned by the caller. A bad file is not an error: its rows are rejected.
///
/// Errors: `KENPO_RESULT_INVALID_UTF8` (the name), `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `file` must point to `file_len` readable bytes, `content` to `content_len` readable bytes;
/// `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_read_shfd_notifications(
    file: *const c_char,
    file_len: usize,
    content: *const u8,
    content_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_response)?;
        let name = text(file, file_len)?.to_owned();
        let content = bytes(content, content_len)?.to_vec();
        return_json(&api::read_shfd_notifications(name, content)?, out)
    })
}

/// `read_csv_notifications`: reads the documented notification CSV (`content_len` bytes of
/// UTF-8 at `content`, a header row naming the columns in English or Japanese) holding `kind`
/// rows (`KENPO_NOTIFICATION_KIND_*`), and writes what it read (schema
/// `read_csv_notifications.response.json`) to a new `kenpo_string` at `*out_response`.
///
/// Errors: `KENPO_RESULT_INVALID_ARGUMENT` (unknown kind), `KENPO_RESULT_INVALID_UTF8` (the
/// name), `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// As `kenpo_read_shfd_notifications`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_read_csv_notifications(
    file: *const c_char,
    file_len: usize,
    content: *const u8,
    content_len: usize,
    kind: u32,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_response)?;
        let kind = kind_of(kind)?;
        let name = text(file, file_len)?.to_owned();
        let content = bytes(content, content_len)?.to_vec();
        return_json(&api::read_csv_notifications(name, content, kind)?, out)
    })
}

/// `read_json_notifications`: reads a notification JSON file of the project's form (JSON Lines
/// or one array; `content_len` bytes of UTF-8 at `content`) holding `kind` objects, and writes
/// what it read (schema `read_json_notifications.response.json`) to a new `kenpo_string` at
/// `*out_response`.
///
/// Errors: `KENPO_RESULT_INVALID_ARGUMENT` (unknown kind), `KENPO_RESULT_INVALID_UTF8` (the name
/// or the content), `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// As `kenpo_read_shfd_notifications`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_read_json_notifications(
    file: *const c_char,
    file_len: usize,
    content: *const c_char,
    content_len: usize,
    kind: u32,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_response)?;
        let kind = kind_of(kind)?;
        let name = text(file, file_len)?.to_owned();
        let content = text(content, content_len)?.to_owned();
        return_json(&api::read_json_notifications(name, content, kind)?, out)
    })
}
