//! Checkups (特定健康診査・特定保健指導): the national XML file, the stratification of one result
//! or many, target selection and the program lists, as JSON operations (the contract:
//! `bindings/c/schema/NAME.request.json` and `NAME.response.json`). Health measurements are
//! sensitive personal data: no error detail quotes one.
use std::os::raw::c_char;

use kenpo_api::checkup as api;

use crate::boundary::{bytes, guard, json_op, Out};
use crate::result::kenpo_result;
use crate::types::{kenpo_string, return_json};

/// `read_checkup_xml`: reads one 特定健診情報ファイル (特定健診・特定保健指導の電子的な標準様式, HL7
/// CDA R2, UTF-8): `len` bytes at `data`. Writes the document (response
/// `read_checkup_xml.response.json`: the result, the subject of the header, the observations
/// not used) to a new `kenpo_string` at `*out_response`, owned by the caller. The document holds
/// personal and health data.
///
/// Errors: `KENPO_RESULT_INVALID_CHECKUP` (bytes that are not UTF-8, XML that is not
/// well-formed, a missing element, a value that is not a number or outside its item's plausible
/// range: the detail names the byte position or the 項目コード, never the value),
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `data` must point to `len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_read_checkup_xml(
    data: *const u8,
    len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_response)?;
        let data = bytes(data, len)?;
        return_json(&api::read_checkup_bytes(data)?, out)
    })
}

/// `stratify_checkup`: 階層化 of one 特定健診 result (特定健康診査及び特定保健指導の実施に関する基準
/// 第4条; 第4期 criteria from FY2024) into 積極的支援 / 動機付け支援 / 情報提供. Request
/// `stratify_checkup.request.json` (`result` with `values` as `{"item": "hba1c", "value":
/// "5.6"}`, `birth_date`, `explain`), response `stratify_checkup.response.json` (`level`
/// `null` when missing data leave it open, with the `undecided` criteria), written to a new
/// `kenpo_string` at `*out_response` owned by the caller.
///
/// Errors: `KENPO_RESULT_INVALID_CHECKUP` (an implausible value or an item given twice: the
/// field names it, e.g. `result.values[1].value`, and the detail the item's range, never the
/// value), `KENPO_RESULT_RULE_REFUSED` (outside the 40–74 band in the checkup's fiscal year; a
/// checkup before FY2024), `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_INVALID_AMOUNT` (a value
/// that is not decimal text), `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_INVALID_UTF8`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_stratify_checkup(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(
        request_json,
        request_len,
        out_response,
        api::stratify_checkup,
    )
}

/// `stratify_checkups`: 階層化 of many results in one call, each answered on its own: the
/// response has one entry per subject (`null` where refused) and the refused subjects with
/// their index, code, field and rule. Request `stratify_checkups.request.json`, response
/// `stratify_checkups.response.json`.
///
/// Errors: only for the request as a whole (`KENPO_RESULT_INVALID_JSON` …); a refused subject
/// is reported inside the response.
///
/// # Safety
/// As `kenpo_stratify_checkup`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_stratify_checkups(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(request_json, request_len, out_response, |r| {
        Ok(api::stratify_checkups(r))
    })
}

/// `checkup_target`: whether a person is a 特定健診 target in a fiscal year (高齢者医療確保法
/// 第20条; 平成20年厚生労働省告示第3号): 40–74 by 31 March, enrolled on 1 April without a break,
/// no exclusion. Request `checkup_target.request.json`, response
/// `checkup_target.response.json`.
///
/// Errors: `KENPO_RESULT_INVALID_DATE` (a fiscal year outside 1–9998, a date that does not
/// exist), `KENPO_RESULT_INVALID_CHECKUP` (a period whose loss is not after its acquisition),
/// `KENPO_RESULT_INVALID_JSON` (an unknown exclusion …), `KENPO_RESULT_INVALID_UTF8`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// As `kenpo_stratify_checkup`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_checkup_target(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(request_json, request_len, out_response, api::checkup_target)
}

/// `guidance_candidates`: the E1/E2 list, members whose result stratifies to 積極的支援 or
/// 動機付け支援, and those whose level the data leave open. Request
/// `guidance_candidates.request.json` (`records`: member key, birth date, result), response
/// `guidance_candidates.response.json`; a record that cannot be taken is in `rejected`.
///
/// Errors: only for the request as a whole (`KENPO_RESULT_INVALID_JSON`,
/// `KENPO_RESULT_INVALID_DATE` …).
///
/// # Safety
/// As `kenpo_stratify_checkup`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_guidance_candidates(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(
        request_json,
        request_len,
        out_response,
        api::guidance_candidates,
    )
}

/// `senior_risk_report`: the F4 list, members aged 65 and over on `on`, with their age (never
/// the birth date) and checkup values. Request `senior_risk_report.request.json`, response
/// `senior_risk_report.response.json`.
///
/// Errors: as `kenpo_guidance_candidates`.
///
/// # Safety
/// As `kenpo_stratify_checkup`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_senior_risk_report(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(
        request_json,
        request_len,
        out_response,
        api::senior_risk_report,
    )
}

/// `severe_case_prevention`: the F5 list, members at a 受診勧奨判定値 for diabetes,
/// hypertension or dyslipidaemia with no diagnosis of it on a receipt of the 12 months ending
/// `last_month`. Request `severe_case_prevention.request.json`, response
/// `severe_case_prevention.response.json` (with the 傷病名コード that could not be mapped).
///
/// Errors: as `kenpo_guidance_candidates`.
///
/// # Safety
/// As `kenpo_stratify_checkup`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_severe_case_prevention(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(
        request_json,
        request_len,
        out_response,
        api::severe_case_prevention,
    )
}

/// `year_on_year`: the D2 comparison of two results of one member, item by item, with the
/// 保健指導判定値 / 受診勧奨判定値 flag of each. Request `year_on_year.request.json`, response
/// `year_on_year.response.json`.
///
/// Errors: `KENPO_RESULT_INVALID_CHECKUP` (the field names the result and value), and as
/// `kenpo_stratify_checkup`.
///
/// # Safety
/// As `kenpo_stratify_checkup`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_year_on_year(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(request_json, request_len, out_response, api::year_on_year)
}
