//! Dependent recognition (被扶養者認定, 健康保険法 第3条7項) as JSON operations of the contract
//! (`bindings/c/schema/NAME.request.json` and `NAME.response.json`).
use std::os::raw::c_char;

use kenpo_api::dependent as api;

use crate::boundary::json_op;
use crate::result::kenpo_result;
use crate::types::kenpo_string;

/// `recognize_dependent`: 被扶養者認定 for one person on the recognition date. Request
/// `recognize_dependent.request.json` (`recognition_date`, `relationship`, `birth_date`,
/// `disabled`, `late_elderly_certified`, `lives_with_insured`, `residence` tagged by `kind`,
/// `incomes` tagged by `kind` — `annual`, `monthly` (× 12), `daily` (× 360), `labour_contract` —,
/// `insured_annual_income`, `insured_is_centre_of_living`, `annual_remittance`, `explain`),
/// response `recognize_dependent.response.json` (`recognized`, the `threshold` applied, the
/// `annual_income` judged and every rule in `reasons` with its outcome and source), written to
/// a new `kenpo_string` at `*out_response` owned by the caller.
///
/// Errors: `KENPO_RESULT_INVALID_AMOUNT` (a negative amount; the detail names the field,
/// `incomes[0].amount`), `KENPO_RESULT_INVALID_RECOGNITION_REQUEST` (born after the recognition
/// date), `KENPO_RESULT_RULE_REFUSED` (a recognition date before 1993-04-01),
/// `KENPO_RESULT_INVALID_JSON` (an unknown relationship or income kind; the field named),
/// `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_recognize_dependent(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(
        request_json,
        request_len,
        out_response,
        api::recognize_dependent,
    )
}

/// `recognize_dependents`: 被扶養者認定 for many persons in one call, each answered on its own
/// (request `recognize_dependents.request.json`: `{"persons": [...]}`; response
/// `recognize_dependents.response.json`: one decision per person, `null` where refused, and the
/// refused persons with index, code, field and reason).
///
/// Errors: only for the request as a whole (`KENPO_RESULT_INVALID_JSON` …); a refused person is
/// reported inside the response.
///
/// # Safety
/// As `kenpo_recognize_dependent`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_recognize_dependents(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(request_json, request_len, out_response, |r| {
        Ok(api::recognize_dependents(r))
    })
}
