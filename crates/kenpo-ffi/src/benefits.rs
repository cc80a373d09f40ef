//! Benefits (給付): 高額療養費 and 付加給付 for a household-month or a batch, the age status of a
//! person in a month, the yearly settlements and the cost units; 傷病手当金, 出産手当金,
//! 出産育児一時金 and 埋葬料 with the society's 付加金; 医療費通知; the duplicate-payment check;
//! 任意継続被保険者. Every operation taking a request record takes it as JSON and returns JSON in
//! the forms of `kenpo_api` (the contract: `bindings/c/schema/NAME.request.json` and
//! `NAME.response.json`); the age status, which takes only dates, takes C scalars.
use std::os::raw::c_char;

use kenpo_api::high_cost::{self as high_cost, AgeBand, AgeStatus};
use kenpo_api::{
    benefit_record, expense_notice, voluntary, KenpoResult, PlainDate, PlainMonth, Society,
};

use crate::boundary::{guard, json_method, json_op, FfiResult, Out};
use crate::result::kenpo_result;
use crate::society::kenpo_society;
use crate::types::{kenpo_date, kenpo_month, kenpo_string};

/// A person's age band for 高額療養費 in a treatment month.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum kenpo_age_band {
    /// Under 70 (70歳未満): JSON `"under70"`.
    Under70 = 1,
    /// 高齢受給者 (70–74, from the month after the month of reaching 70): JSON `"elderly"`.
    Elderly = 2,
}

fn date(d: kenpo_date, field: &str) -> FfiResult<PlainDate> {
    Ok(PlainDate::from_parts(d.year, d.month, d.day)
        .map_err(|e| kenpo_api::KenpoError::from(e).within(field))?)
}

fn month(m: kenpo_month, field: &str) -> FfiResult<PlainMonth> {
    Ok(PlainMonth::from_parts(m.year, m.month)
        .map_err(|e| kenpo_api::KenpoError::from(e).within(field))?)
}

/// Writes an age status to the two out-parameters.
fn write_status(
    status: KenpoResult<AgeStatus>,
    out_band: Out<u32>,
    out_halving: Out<bool>,
) -> FfiResult {
    let status = status?;
    let band = match status.band {
        AgeBand::Under70 => kenpo_age_band::Under70,
        AgeBand::Elderly => kenpo_age_band::Elderly,
    };
    out_band.write(band as u32);
    out_halving.write(status.birthday_75_halving);
    Ok(())
}

/// `high_cost_age_status`: the age status of a person born on `birth` in treatment `month`
/// (高齢受給者 from the month after the month of reaching 70, 健康保険法 第74条1項; the 75th-birthday
/// month halved), so that a household request never holds a birth date: writes one of
/// `KENPO_AGE_BAND_*` to `*out_band` and whether the halving (75歳到達月の特例) applies to
/// `*out_halving` (the `age` of a member in `high_cost_month.request.json`).
///
/// Errors: `KENPO_RESULT_RULE_REFUSED` (the person is not in kenpo that month: 75 on its first
/// day, or born after it), `KENPO_RESULT_INVALID_DATE` (the detail names `birth_date` or `month`,
/// never the value), `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_band` and `out_halving` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_high_cost_age_status(
    birth: kenpo_date,
    month_of_treatment: kenpo_month,
    out_band: *mut u32,
    out_halving: *mut bool,
) -> kenpo_result {
    guard(|| {
        let (out_band, out_halving) = (Out::new(out_band)?, Out::new(out_halving)?);
        let status = high_cost::high_cost_age_status(
            date(birth, "birth_date")?,
            month(month_of_treatment, "month")?,
        );
        write_status(status, out_band, out_halving)
    })
}

/// `high_cost_dependant_age_status`: the age status of a dependant born on `birth`, whose insured
/// person was born on `insured_birth`, in treatment `month`: as `kenpo_high_cost_age_status`, with
/// the halving set when the insured person reaches 75 during the month (the dependant leaves
/// kenpo with them, 施行令 第42条 75歳到達時特例).
///
/// Errors: as `kenpo_high_cost_age_status` (`insured_birth_date` for the second date).
///
/// # Safety
/// `out_band` and `out_halving` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_high_cost_dependant_age_status(
    birth: kenpo_date,
    insured_birth: kenpo_date,
    month_of_treatment: kenpo_month,
    out_band: *mut u32,
    out_halving: *mut bool,
) -> kenpo_result {
    guard(|| {
        let (out_band, out_halving) = (Out::new(out_band)?, Out::new(out_halving)?);
        let status = high_cost::high_cost_dependant_age_status(
            date(birth, "birth_date")?,
            date(insured_birth, "insured_birth_date")?,
            month(month_of_treatment, "month")?,
        );
        write_status(status, out_band, out_halving)
    })
}

/// `high_cost_month`: 高額療養費 for one household-month (健康保険法 第115条, 施行令 第41条–第43条)
/// and, when the society's configuration has `additional_benefits`, its 付加給付 (第53条) on what
/// remains. Request `high_cost_month.request.json` (`household`: month, insured, basis, members
/// with their age status, units, spell_start, paid_months; `options`; `explain`), response
/// `high_cost_month.response.json`, written to a new `kenpo_string` at `*out_response` owned by
/// the caller.
///
/// Errors: `KENPO_RESULT_INVALID_HOUSEHOLD` (a unit of another month, a person not listed, a negative
/// amount, a charge above the cost; the detail names the field, `units[2].patient_charge`),
/// `KENPO_RESULT_INVALID_IDENTIFIER` (a member key or 医療機関コード; `units[0].institution`),
/// `KENPO_RESULT_RULE_REFUSED` (no table for the month), `KENPO_RESULT_INVALID_SOCIETY_CONFIG`
/// (付加給付 rules exist but none is in force for the month), `KENPO_RESULT_INVALID_JSON` (shape,
/// an unknown enum value), `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_BAD_HANDLE`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_high_cost_month(
    society: *const kenpo_society,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_method(
        society,
        request_json,
        request_len,
        out_response,
        Society::high_cost_month,
    )
}

/// `high_cost_months`: many household-months in one call, each answered on its own: the response
/// has one decision per household-month (`null` where refused) and the refused ones with their
/// index, code, field and reason. Request `high_cost_months.request.json`, response
/// `high_cost_months.response.json`.
///
/// Errors: only for the request as a whole (`KENPO_RESULT_INVALID_JSON` …); a refused household-month
/// is reported inside the response.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_high_cost_months(
    society: *const kenpo_society,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_method(
        society,
        request_json,
        request_len,
        out_response,
        |s: &Society, r| Ok(s.high_cost_months(r)),
    )
}

/// `high_cost_outpatient_year`: the 70–74 外来年間合算 of one person for an August–July period
/// (施行令 第41条7項, 第42条10項). Request `high_cost_outpatient_year.request.json`, response
/// `high_cost_outpatient_year.response.json`.
///
/// Errors: `KENPO_RESULT_INVALID_HOUSEHOLD` (a period not starting in August, a month outside it, a
/// negative amount; the field names the month's position, `months[3].outpatient_borne`),
/// `KENPO_RESULT_RULE_REFUSED` (no table), `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_INVALID_DATE`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_high_cost_outpatient_year(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(
        request_json,
        request_len,
        out_response,
        high_cost::high_cost_outpatient_year,
    )
}

/// `high_cost_annual_cap`: the 年間上限 of a household for an August–July period (from August
/// 2026 treatment; the summing basis is the option `annual_cap_basis`). Request
/// `high_cost_annual_cap.request.json`, response `high_cost_annual_cap.response.json`.
///
/// Errors: `KENPO_RESULT_RULE_REFUSED` (a period before August 2026), and as
/// `kenpo_high_cost_outpatient_year` (`months[1].borne`).
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_high_cost_annual_cap(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(
        request_json,
        request_len,
        out_response,
        high_cost::high_cost_annual_cap,
    )
}

/// `build_cost_units`: the 高額療養費 units of receipt rows (施行令 第41条1項: person × month ×
/// institution × 入院/外来 × 医科/歯科, each pharmacy row joined to its prescriber's outpatient
/// unit). Request `build_cost_units.request.json`, response `build_cost_units.response.json`.
///
/// Errors: `KENPO_RESULT_INVALID_HOUSEHOLD` (a negative amount, a charge above the cost, rows of one unit
/// with different 特定疾病; `rows[4].patient_charge`), `KENPO_RESULT_INVALID_IDENTIFIER`
/// (`rows[0].institution`), `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_INVALID_DATE`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_build_cost_units(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(
        request_json,
        request_len,
        out_response,
        high_cost::build_cost_units,
    )
}

/// `cost_units_from_receipts`: the 高額療養費 units of a receipts file read from `path` (the
/// payment fund's file, Shift_JIS), with the 特定疾病療養受療証 given; every receipt skipped or
/// refused is listed in the response. Request `cost_units_from_receipts.request.json`, response
/// `cost_units_from_receipts.response.json`.
///
/// Errors: `KENPO_RESULT_RECEIPT_FILE_IO` (the file cannot be read), `KENPO_RESULT_INVALID_IDENTIFIER`
/// (`certificates[0].person.branch`), `KENPO_RESULT_INVALID_HOUSEHOLD`, `KENPO_RESULT_INVALID_JSON`,
/// `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_cost_units_from_receipts(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(
        request_json,
        request_len,
        out_response,
        high_cost::cost_units_from_receipts,
    )
}

/// `sickness_daily_amount`: the daily amount of 傷病手当金 for a first payment day (健康保険法
/// 第99条2項), with the society's fallback for members insured under 12 months. Request
/// `sickness_daily_amount.request.json`, response `sickness_daily_amount.response.json`.
///
/// Errors: `KENPO_RESULT_INVALID_SICKNESS_PERIOD` (history out of order, an amount not positive, no
/// entry for the month of the first payment day; `history[2].month`),
/// `KENPO_RESULT_INVALID_SOCIETY_CONFIG` (no fallback in force when one is needed),
/// `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_BAD_HANDLE`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_sickness_daily_amount(
    society: *const kenpo_society,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_method(
        society,
        request_json,
        request_len,
        out_response,
        Society::sickness_daily_amount,
    )
}

/// `sickness_allowance`: a 傷病手当金 claim decided day by day (健康保険法 第99条, 第103条, 第104条,
/// 第108条) with the society's 傷病手当付加金 and 延長傷病手当付加金 (`cash_supplements`). Request
/// `sickness_allowance.request.json`, response `sickness_allowance.response.json`.
///
/// Errors: `KENPO_RESULT_INVALID_SICKNESS_PERIOD` (days or history out of order, a negative amount;
/// `days[3].pay`), `KENPO_RESULT_INVALID_SOCIETY_CONFIG` (no fallback in force when one is
/// needed), `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_BAD_HANDLE`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_sickness_allowance(
    society: *const kenpo_society,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_method(
        society,
        request_json,
        request_len,
        out_response,
        Society::sickness_allowance,
    )
}

/// `maternity_allowance`: a 出産手当金 claim decided day by day (健康保険法 第102条, 第104条,
/// 第108条1項). Request `maternity_allowance.request.json`, response
/// `maternity_allowance.response.json`.
///
/// Errors: `KENPO_RESULT_INVALID_BENEFIT_CLAIM` (days out of order, negative pay, history problems;
/// `days[1].pay`), `KENPO_RESULT_INVALID_SOCIETY_CONFIG` (no fallback in force when one is
/// needed), `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_BAD_HANDLE`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_maternity_allowance(
    society: *const kenpo_society,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_method(
        society,
        request_json,
        request_len,
        out_response,
        Society::maternity_allowance,
    )
}

/// `childbirth_lump_sum`: 出産育児一時金 / 家族出産育児一時金 (健康保険法 第101条, 第106条, 第114条;
/// 施行令 第36条) with the society's 出産育児付加金 / 家族出産育児付加金. Request
/// `childbirth_lump_sum.request.json`, response `childbirth_lump_sum.response.json`.
///
/// Errors: `KENPO_RESULT_INVALID_BENEFIT_CLAIM` (babies outside 1–10, a gestation outside 0–45 weeks and
/// 0–6 days, a negative charge; the detail names the field), `KENPO_RESULT_RULE_REFUSED` (a
/// birth before 2009), `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_INVALID_DATE`,
/// `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_childbirth_lump_sum(
    society: *const kenpo_society,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_method(
        society,
        request_json,
        request_len,
        out_response,
        Society::childbirth_lump_sum,
    )
}

/// `burial_benefit`: 埋葬料 / 埋葬費 / 家族埋葬料 (健康保険法 第100条, 第105条, 第113条; 施行令
/// 第35条) with the society's 埋葬料付加金 / 家族埋葬料付加金. Request `burial_benefit.request.json`,
/// response `burial_benefit.response.json`.
///
/// Errors: `KENPO_RESULT_INVALID_BENEFIT_CLAIM` (a negative cost: `case.claimant.actual_cost`),
/// `KENPO_RESULT_RULE_REFUSED` (no amount in force), `KENPO_RESULT_INVALID_JSON`,
/// `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_INVALID_UTF8`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_burial_benefit(
    society: *const kenpo_society,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_method(
        society,
        request_json,
        request_len,
        out_response,
        Society::burial_benefit,
    )
}

/// `expense_notices`: the 医療費通知 of a period, one notice per household with its printed text
/// (purpose C10, 健康保険法 第150条). Request `expense_notices.request.json`, response
/// `expense_notices.response.json`.
///
/// Errors: `KENPO_RESULT_INVALID_EXPENSE_NOTICE` (a row's person not listed, a member listed twice, a
/// negative amount, a reversed period; `rows[2].person`), `KENPO_RESULT_INVALID_IDENTIFIER`,
/// `KENPO_RESULT_INVALID_ARGUMENT` (a name that is empty or too long), `KENPO_RESULT_INVALID_JSON`,
/// `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_expense_notices(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(
        request_json,
        request_len,
        out_response,
        expense_notice::expense_notices,
    )
}

/// `find_duplicate_payments`: the duplicate-payment check over benefit records and other insurers'
/// answers (purposes B2, B4). A record or answer that cannot be taken is listed in the response
/// (`rejected_records`, `rejected_answers`) and the check runs on the rest. Request
/// `find_duplicate_payments.request.json`, response `find_duplicate_payments.response.json`.
///
/// Errors: only for the request as a whole (`KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_INVALID_DATE`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`); a record refused
/// (`KENPO_RESULT_INVALID_BENEFIT_RECORD`, `KENPO_RESULT_INVALID_IDENTIFIER`) is reported inside
/// the response.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_find_duplicate_payments(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(
        request_json,
        request_len,
        out_response,
        benefit_record::find_duplicate_payments,
    )
}

/// `voluntary_application`: an application to become a 任意継続被保険者 (健康保険法 第3条4項,
/// 第37条1項). Request `voluntary_application.request.json`, response
/// `voluntary_application.response.json`.
///
/// Errors: `KENPO_RESULT_INVALID_VOLUNTARY_CONTINUATION` (dates that do not fit together:
/// `insured_since`), `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_INVALID_DATE`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_voluntary_application(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(
        request_json,
        request_len,
        out_response,
        voluntary::voluntary_application,
    )
}

/// `voluntary_loss`: when and why a 任意継続 status ends (健康保険法 第37条2項, 第38条), with the
/// last premium month. Request `voluntary_loss.request.json`, response
/// `voluntary_loss.response.json`.
///
/// Errors: `KENPO_RESULT_INVALID_VOLUNTARY_CONTINUATION` (an unpaid month before the acquisition),
/// `KENPO_RESULT_RULE_REFUSED` (a withdrawal before 2022-01-01), `KENPO_RESULT_INVALID_JSON`,
/// `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_voluntary_loss(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(
        request_json,
        request_len,
        out_response,
        voluntary::voluntary_loss,
    )
}

/// `voluntary_standard`: the 標準報酬月額 of a 任意継続被保険者 in a premium month (健康保険法
/// 第47条). Request `voluntary_standard.request.json`, response `voluntary_standard.response.json`.
///
/// Errors: `KENPO_RESULT_INVALID_VOLUNTARY_CONTINUATION` (`membership.standard_at_loss` not a grade's
/// amount), `KENPO_RESULT_INVALID_SOCIETY_CONFIG` (no `voluntary_continuation` entry for the
/// month), `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_BAD_HANDLE`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_voluntary_standard(
    society: *const kenpo_society,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_method(
        society,
        request_json,
        request_len,
        out_response,
        Society::voluntary_standard,
    )
}

/// `voluntary_premium`: the premium a 任意継続被保険者 pays for a month, wholly (健康保険法 第157条,
/// 第161条1項ただし書), due on the 10th (第164条1項). Request `voluntary_premium.request.json`,
/// response `voluntary_premium.response.json`.
///
/// Errors: as `kenpo_voluntary_standard`; `KENPO_RESULT_INVALID_VOLUNTARY_CONTINUATION` for a month
/// before the acquisition (`month`); `KENPO_RESULT_RULE_REFUSED` (no rates for the month).
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_voluntary_premium(
    society: *const kenpo_society,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_method(
        society,
        request_json,
        request_len,
        out_response,
        Society::voluntary_premium,
    )
}

/// `voluntary_prepayment`: the amount to prepay (前納, 健康保険法 第165条, 施行令 第49条) for 1–12
/// consecutive months. Request `voluntary_prepayment.request.json`, response
/// `voluntary_prepayment.response.json`.
///
/// Errors: as `kenpo_voluntary_premium`; `KENPO_RESULT_INVALID_VOLUNTARY_CONTINUATION` for `months`
/// outside 1–12.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_voluntary_prepayment(
    society: *const kenpo_society,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_method(
        society,
        request_json,
        request_len,
        out_response,
        Society::voluntary_prepayment,
    )
}
