//! Standard remuneration (標準報酬): the decisions as JSON operations (the contract:
//! `bindings/c/schema/NAME.request.json` and `NAME.response.json`). The grade look-ups and the
//! 標準賞与額, which take only scalars, are in [`crate::premiums`].
use std::os::raw::c_char;

use kenpo_api::remuneration as api;

use crate::boundary::{guard, json_op, Out};
use crate::premiums::kenpo_grade;
use crate::result::kenpo_result;
use crate::types::kenpo_string;

/// The grade whose 標準報酬月額 is `standard_monthly` (300,000 → grade 22), written to
/// `*out_grade`.
///
/// Errors: `KENPO_RESULT_INVALID_REMUNERATION` (no grade has that amount),
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_grade` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_grade_from_standard_monthly(
    standard_monthly: i64,
    out_grade: *mut kenpo_grade,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_grade)?;
        let g = api::grade_from_standard_monthly(standard_monthly)?;
        out.write(kenpo_grade {
            number: g.number,
            standard_monthly: g.standard_monthly,
        });
        Ok(())
    })
}

/// `decide_at_acquisition`: 資格取得時決定 (健康保険法 第42条). Request
/// `decide_at_acquisition.request.json` (`acquired_on`, `remuneration` tagged by `kind`:
/// `monthly`, `per_period`, `similar_workers`; `explain`), response
/// `decide_at_acquisition.response.json`, written to a new `kenpo_string` at `*out_response`
/// owned by the caller.
///
/// Errors: `KENPO_RESULT_INVALID_REMUNERATION` (a negative amount, a period of 0 days; the detail
/// names the field), `KENPO_RESULT_RULE_REFUSED` (no grade table for the date),
/// `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_INVALID_UTF8`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_decide_at_acquisition(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(
        request_json,
        request_len,
        out_response,
        api::decide_at_acquisition,
    )
}

/// `regular_determination`: 定時決定 (算定基礎届, 健康保険法 第41条) for one person. Request
/// `regular_determination.request.json` (`year`, `worker`, `acquired_on`, `previous`,
/// `revision_effective_from`, the `months` of April–June, `explain`), response
/// `regular_determination.response.json` (`outcome`: `decided` with the decision, or `excluded`
/// with the reason).
///
/// Errors: `KENPO_RESULT_INVALID_REMUNERATION` (months outside the window, duplicated, negative
/// pay; the detail names the field), and as `kenpo_decide_at_acquisition`.
///
/// # Safety
/// As `kenpo_decide_at_acquisition`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_regular_determination(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(
        request_json,
        request_len,
        out_response,
        api::regular_determination,
    )
}

/// `regular_determinations`: 定時決定 for many persons in one call, each answered on its own
/// (one outcome per person, `null` where refused, and the refused persons with index, code,
/// field and reason). Request `regular_determinations.request.json`, response
/// `regular_determinations.response.json`.
///
/// # Safety
/// As `kenpo_decide_at_acquisition`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_regular_determinations(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(request_json, request_len, out_response, |r| {
        Ok(api::regular_determinations(r))
    })
}

/// `occasional_revision`: 随時改定 (月額変更届, 健康保険法 第43条). Request
/// `occasional_revision.request.json`, response `occasional_revision.response.json`
/// (`outcome`: `revised` with the decision, or `not_revised` with the reason).
///
/// Errors: as `kenpo_regular_determination`.
///
/// # Safety
/// As `kenpo_decide_at_acquisition`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_occasional_revision(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(
        request_json,
        request_len,
        out_response,
        api::occasional_revision,
    )
}

/// `leave_end_revision`: 育児休業等終了時改定 (法43条の2) / 産前産後休業終了時改定 (法43条の3).
/// Request `leave_end_revision.request.json`, response `leave_end_revision.response.json`.
///
/// Errors: as `kenpo_regular_determination`.
///
/// # Safety
/// As `kenpo_decide_at_acquisition`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_leave_end_revision(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(
        request_json,
        request_len,
        out_response,
        api::leave_end_revision,
    )
}
