//! Standard remuneration (標準報酬), premiums (保険料) and the employer's notice (納入告知).
use std::os::raw::c_char;

use kenpo_api::premium as api;
use kenpo_api::Society;
use kenpo_domain::calendar::YearMonth;
use kenpo_domain::identifiers::OfficeCode;
use kenpo_domain::money::Yen;
use kenpo_domain::premium::{
    bonus_premium, monthly_premium, EmployerNotice, PaymentMethod, PremiumBreakdown, PremiumError,
    PremiumSubject,
};
use kenpo_domain::standard_remuneration::Grade;

use crate::boundary::{
    guard, guard_void, json_method, json_op, slice, text, value, Failure, FfiResult, Out, OutBuffer,
};
use crate::handle::{self, Handle};
use crate::result::kenpo_result;
use crate::society::kenpo_society;
use crate::types::{kenpo_date, kenpo_month, kenpo_string, return_json};

/// A grade of 標準報酬月額 (標準報酬月額等級, 健康保険法 第40条): number 1–50 and the amount.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct kenpo_grade {
    /// The grade number (等級), 1–50.
    pub number: i32,
    /// The standard monthly remuneration (標準報酬月額), yen.
    pub standard_monthly: i64,
}

/// How an employee pays the share, which sets the 50-銭 rounding rule.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum kenpo_payment_method {
    /// Withheld from wages (給与から控除): 50 銭 or less dropped, more rounded up.
    WageDeduction = 1,
    /// Paid in cash (現金で支払う): below 50 銭 dropped, 50 銭 or more rounded up.
    Cash = 2,
}

/// The facts about one insured person a premium depends on. The array of dependants' birth
/// dates is borrowed for the call only; it may be NULL when `dependant_count` is 0.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct kenpo_premium_subject {
    /// The insured person's date of birth (介護保険 第2号 is 40–64).
    pub birth_date: kenpo_date,
    /// The dependants' dates of birth (for 特定被保険者, when the society's 規約 uses it).
    pub dependant_birth_dates: *const kenpo_date,
    /// The number of entries in `dependant_birth_dates`.
    pub dependant_count: usize,
    /// `true` when exempt from 介護保険 (介護保険適用除外).
    pub care_exempt: bool,
    /// One of `KENPO_PAYMENT_METHOD_*`.
    pub payment: u32,
}

/// The amounts of an employer notice a legacy system books.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct kenpo_notice_totals {
    /// The amount due (納入告知額): the persons' exact totals summed, fraction below 1 yen dropped.
    pub total: i64,
    /// The employee shares withheld (被保険者負担分の合計).
    pub employee_total: i64,
    /// What the employer bears (事業主負担分): `total − employee_total`.
    pub employer_total: i64,
    /// The number of premiums (person-months and bonuses) added.
    pub lines: usize,
}

/// One premium of one person for one month or one bonus (保険料の内訳), from
/// `kenpo_premium_monthly` or `kenpo_premium_bonus`. Owned by the caller; free with
/// `kenpo_premium_free`. Immutable.
#[allow(non_camel_case_types)]
pub struct kenpo_premium {
    _opaque: [u8; 0],
}

impl Handle for kenpo_premium {
    type Inner = PremiumBreakdown;
    const NAME: &'static str = "kenpo_premium";
}

fn premium_failure(e: &PremiumError) -> Failure {
    // One mapping of domain errors to codes, shared with the JSON operations and uniffi.
    kenpo_api::KenpoError::from(e.clone()).into()
}

/// Reads a `kenpo_premium_subject`.
///
/// # Safety
/// `subject` must be NULL or valid, its array valid for its count.
unsafe fn premium_subject(subject: *const kenpo_premium_subject) -> FfiResult<PremiumSubject> {
    // SAFETY: forwarded from the caller.
    let s = unsafe { value(subject) }?;
    // SAFETY: forwarded from the caller.
    let dependants = unsafe { slice(s.dependant_birth_dates, s.dependant_count) }?;
    let payment = match s.payment {
        1 => PaymentMethod::WageDeduction,
        2 => PaymentMethod::Cash,
        other => {
            return Err(Failure::new(
                kenpo_result::InvalidArgument,
                format!("unknown payment method {other} (1 wage deduction, 2 cash)"),
            ))
        }
    };
    let mut subject = PremiumSubject::new(s.birth_date.to_naive()?, payment);
    subject.care_exempt = s.care_exempt;
    subject.dependant_birth_dates = dependants
        .iter()
        .map(|d| d.to_naive())
        .collect::<FfiResult<_>>()?;
    Ok(subject)
}

/// Looks up the grade for a 報酬月額 (monthly remuneration, yen) in the grade table in force in
/// `month` and writes it to `*out_grade`.
///
/// Errors: `KENPO_RESULT_INVALID_AMOUNT` (negative), `KENPO_RESULT_RULE_REFUSED` (no table in
/// force, before 2016-04), `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_grade` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_grade_for_remuneration(
    month: kenpo_month,
    monthly_remuneration: i64,
    out_grade: *mut kenpo_grade,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_grade)?;
        let g =
            kenpo_api::remuneration::grade_for_remuneration(month.to_api()?, monthly_remuneration)?;
        out.write(kenpo_grade {
            number: g.number,
            standard_monthly: g.standard_monthly,
        });
        Ok(())
    })
}

/// Computes the 標準賞与額 of a bonus of `amount` yen paid on `paid_on` (健康保険法 第45条: the
/// part below 1,000 yen cut off, capped so that the fiscal-year cumulative does not pass
/// 5,730,000), given `cumulative_before` already counted in the same fiscal year. Writes the
/// standard bonus and the new cumulative.
///
/// Errors: `KENPO_RESULT_INVALID_AMOUNT` (negative), `KENPO_RESULT_RULE_REFUSED` (no rule for
/// the date, before 2007-04), `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_standard` and `out_cumulative` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_standard_bonus(
    paid_on: kenpo_date,
    amount: i64,
    cumulative_before: i64,
    out_standard: *mut i64,
    out_cumulative: *mut i64,
) -> kenpo_result {
    guard(|| {
        let (out_standard, out_cumulative) = (Out::new(out_standard)?, Out::new(out_cumulative)?);
        let b = kenpo_api::remuneration::standard_bonus(
            kenpo_api::remuneration::StandardBonusRequest {
                paid_on: paid_on.to_api()?,
                amount,
                cumulative_before,
            },
        )?;
        out_standard.write(b.standard);
        out_cumulative.write(b.cumulative);
        Ok(())
    })
}

fn premium(
    society: *const kenpo_society,
    out: *mut *mut kenpo_premium,
    compute: impl FnOnce(&kenpo_domain::society::SocietyConfig) -> FfiResult<PremiumBreakdown>,
) -> kenpo_result {
    guard(|| {
        // SAFETY: forwarded from the exported function's caller.
        let out = unsafe { Out::new(out) }?;
        let config = handle::get(society)?;
        let breakdown = compute(config.config())?;
        out.write(handle::new_handle::<kenpo_premium>(breakdown)?);
        Ok(())
    })
}

/// The monthly premium (月額保険料, 健康保険法 第156条, 第160条, 第161条) of one person for premium
/// month `month` on the 標準報酬月額 of `grade`, with the society's rates for that month: the parts
/// 一般・調整・介護・支援金, the employee share rounded by the 50-銭 rule, the exact employer share.
/// Writes a new `kenpo_premium` to `*out_premium`, owned by the caller (free with
/// `kenpo_premium_free`). Whether the month carries a premium at all is not decided here.
///
/// Errors: `KENPO_RESULT_RULE_REFUSED` (no rates for the month),
/// `KENPO_RESULT_INVALID_REMUNERATION` (the grade is not a row of the table),
/// `KENPO_RESULT_INVALID_ARGUMENT` (unknown payment method), `KENPO_RESULT_INVALID_DATE`,
/// `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `grade` and `subject` must point to valid values; `out_premium` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_premium_monthly(
    society: *const kenpo_society,
    month: kenpo_month,
    grade: *const kenpo_grade,
    subject: *const kenpo_premium_subject,
    out_premium: *mut *mut kenpo_premium,
) -> kenpo_result {
    premium(society, out_premium, |config| {
        // SAFETY: forwarded from the caller.
        let (g, subject) = unsafe { (value(grade)?, premium_subject(subject)?) };
        let month: YearMonth = month.to_year_month()?;
        let domain_grade = Grade::try_from(kenpo_api::remuneration::Grade {
            number: g.number,
            standard_monthly: g.standard_monthly,
        })
        .map_err(|e| e.within("grade"))?;
        monthly_premium(config, month, domain_grade, &subject).map_err(|e| premium_failure(&e))
    })
}

/// The bonus premium (賞与保険料, 健康保険法 第156条) of one person on a 標準賞与額 (from
/// `kenpo_standard_bonus`) paid in `month`. Writes a new `kenpo_premium` to `*out_premium`,
/// owned by the caller.
///
/// Errors: `KENPO_RESULT_INVALID_PREMIUM_INPUT` (the standard bonus is not a non-negative
/// multiple of 1,000 yen), and as `kenpo_premium_monthly`.
///
/// # Safety
/// `subject` must point to a valid value; `out_premium` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_premium_bonus(
    society: *const kenpo_society,
    month: kenpo_month,
    standard_bonus_yen: i64,
    subject: *const kenpo_premium_subject,
    out_premium: *mut *mut kenpo_premium,
) -> kenpo_result {
    premium(society, out_premium, |config| {
        // SAFETY: forwarded from the caller.
        let subject = unsafe { premium_subject(subject) }?;
        bonus_premium(
            config,
            month.to_year_month()?,
            Yen::new(standard_bonus_yen),
            &subject,
        )
        .map_err(|e| premium_failure(&e))
    })
}

/// Writes the employee share (被保険者負担分, yen, rounded by the 50-銭 rule) of a premium.
///
/// Errors: `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_yen` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_premium_employee_share(
    premium: *const kenpo_premium,
    out_yen: *mut i64,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_yen)?;
        out.write(handle::get(premium)?.employee.get());
        Ok(())
    })
}

/// Writes the exact total and employer share (事業主負担分) of a premium as decimal strings
/// (`"15334.5"`: yen with their fraction, which the office's notice drops only on the sum) into
/// two caller buffers.
///
/// Errors: `KENPO_RESULT_BUFFER_TOO_SMALL` (nothing written; 40 bytes each always suffice),
/// `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// Each buffer must point to its length of writable bytes; the `out_*_written` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_premium_exact_amounts(
    premium: *const kenpo_premium,
    total_buf: *mut c_char,
    total_len: usize,
    out_total_written: *mut usize,
    employer_buf: *mut c_char,
    employer_len: usize,
    out_employer_written: *mut usize,
) -> kenpo_result {
    guard(|| {
        let total_out = OutBuffer::new(total_buf, total_len, out_total_written)?;
        let employer_out = OutBuffer::new(employer_buf, employer_len, out_employer_written)?;
        let p = handle::get(premium)?;
        let (total, employer) = (
            p.total.normalize().to_string(),
            p.employer.normalize().to_string(),
        );
        if total.len() > total_len || employer.len() > employer_len {
            return Err(Failure::new(
                kenpo_result::BufferTooSmall,
                format!(
                    "the amounts need {} and {} bytes",
                    total.len(),
                    employer.len()
                ),
            ));
        }
        total_out.write(total.as_bytes())?;
        employer_out.write(employer.as_bytes())
    })
}

/// Writes the whole premium (parts, rates, exact amounts, shares, the reason for 介護保険料,
/// explanation) as JSON in a new `kenpo_string` at `*out_json`, owned by the caller: the form of
/// `bindings/c/schema/monthly_premium.response.json`.
///
/// Errors: `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_json` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_premium_to_json(
    premium: *const kenpo_premium,
    out_json: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_json)?;
        let wire = kenpo_api::premium::PremiumBreakdown::try_from(&*handle::get(premium)?)?;
        return_json(&wire, out)
    })
}

/// Frees a premium. NULL, and a handle already freed, are ignored.
#[no_mangle]
pub extern "C" fn kenpo_premium_free(premium: *mut kenpo_premium) {
    guard_void(|| handle::free(premium));
}

/// Builds the employer's notice (保険料納入告知, 健康保険法 第161条, 第164条) of the office
/// `office` (事業所記号, UTF-8) for `month` from `count` premiums of that month (monthly and
/// bonus; the array of handles is borrowed for the call): the handle form of
/// `kenpo_employer_notice`, for hosts that keep the premiums they computed. Writes the totals to
/// `*out_totals` and the whole notice (the form of
/// `bindings/c/schema/employer_notice.response.json`, explanation included) as JSON to a new
/// `kenpo_string` at `*out_json`, owned by the caller.
///
/// Errors: `KENPO_RESULT_INVALID_PREMIUM_INPUT` (a premium of another month),
/// `KENPO_RESULT_INVALID_IDENTIFIER` (office code), `KENPO_RESULT_BAD_HANDLE` (an element is not a
/// live premium), `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_NULL_ARGUMENT` (also for a NULL
/// element).
///
/// # Safety
/// `office` must point to `office_len` bytes; `premiums` to `count` handles (NULL allowed when
/// `count` is 0); the out-parameters must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_employer_notice_from_premiums(
    office: *const c_char,
    office_len: usize,
    month: kenpo_month,
    premiums: *const *const kenpo_premium,
    count: usize,
    out_totals: *mut kenpo_notice_totals,
    out_json: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let (out_totals, out_json) = (Out::new(out_totals)?, Out::new(out_json)?);
        let office = OfficeCode::new(text(office, office_len)?)
            .map_err(|e| Failure::from_error(kenpo_result::InvalidIdentifier, &e))?;
        let breakdowns: Vec<PremiumBreakdown> = slice(premiums, count)?
            .iter()
            .map(|p| handle::get(*p).map(|b| (*b).clone()))
            .collect::<FfiResult<_>>()?;
        let notice = EmployerNotice::from_breakdowns(office, month.to_year_month()?, &breakdowns)
            .map_err(|e| premium_failure(&e))?;
        let wire = kenpo_api::premium::EmployerNotice {
            office: notice.office.as_str().to_owned(),
            month: kenpo_api::PlainMonth(notice.month),
            lines: i64::try_from(notice.lines).unwrap_or(i64::MAX),
            monthly_total: kenpo_api::Exact(notice.monthly_total),
            bonus_total: kenpo_api::Exact(notice.bonus_total),
            parts: notice
                .parts
                .iter()
                .map(|p| {
                    Ok(kenpo_api::premium::NoticePart {
                        kind: p.kind.try_into()?,
                        amount: kenpo_api::Exact(p.amount),
                    })
                })
                .collect::<kenpo_api::KenpoResult<Vec<_>>>()?,
            total: notice.total.get(),
            employee_total: notice.employee_total.get(),
            employer_total: notice.employer_total.get(),
            explanation: Some((&notice.explanation).into()),
        };
        return_json(&wire, out_json)?;
        out_totals.write(kenpo_notice_totals {
            total: notice.total.get(),
            employee_total: notice.employee_total.get(),
            employer_total: notice.employer_total.get(),
            lines: notice.lines,
        });
        Ok(())
    })
}

// ---- The JSON operations (the contract: bindings/c/schema/NAME.request.json / .response.json)

/// `monthly_premium`: one person's monthly premium (月額保険料, 健康保険法 第156条, 第160条,
/// 第161条). Request `monthly_premium.request.json` (`month`, `standard_monthly`, `subject`,
/// `explain`), response `monthly_premium.response.json`, written to a new `kenpo_string` at
/// `*out_response` owned by the caller.
///
/// Errors: `KENPO_RESULT_INVALID_JSON` (shape; the detail names the field path),
/// `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_INVALID_PREMIUM_INPUT` (`standard_monthly` not a
/// grade's amount), `KENPO_RESULT_RULE_REFUSED` (no rates for the month), `KENPO_RESULT_BAD_HANDLE`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_monthly_premium(
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
        Society::monthly_premium,
    )
}

/// `bonus_premium`: one person's bonus premium (賞与保険料) on a 標準賞与額. Request
/// `bonus_premium.request.json`, response `bonus_premium.response.json`.
///
/// Errors: as `kenpo_monthly_premium` (`KENPO_RESULT_INVALID_PREMIUM_INPUT` for a standard bonus
/// that is not a non-negative multiple of 1,000 yen).
///
/// # Safety
/// As `kenpo_monthly_premium`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_bonus_premium(
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
        Society::bonus_premium,
    )
}

/// `premiums`: many premiums of one month in one call, each answered on its own: the response
/// has one entry per line (`null` where refused) and the refused lines with their index, code,
/// field and reason. Request `premiums.request.json`, response `premiums.response.json`.
///
/// Errors: only for the request as a whole (`KENPO_RESULT_INVALID_JSON` …); a refused line is
/// reported inside the response.
///
/// # Safety
/// As `kenpo_monthly_premium`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_premiums(
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
        |s: &Society, r| Ok(s.premiums(r)),
    )
}

/// `employer_notice`: an office's monthly notice (保険料納入告知, 健康保険法 第161条, 第164条) from
/// its lines. Request `employer_notice.request.json`, response `employer_notice.response.json`.
///
/// Errors: `KENPO_RESULT_INVALID_IDENTIFIER` (office), a refused line with its index in the
/// field path (`lines[3].standard_amount`), and as `kenpo_monthly_premium`.
///
/// # Safety
/// As `kenpo_monthly_premium`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_employer_notice(
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
        Society::employer_notice,
    )
}

/// `month_charge`: whether a premium month carries a premium (法156条3項: acquisition month to
/// the month before the loss month; 同月得喪; the 75th birthday; 産前産後休業 and 育児休業等
/// exemptions, 法159条, 159条の3). Request `month_charge.request.json`, response
/// `month_charge.response.json`.
///
/// Errors: `KENPO_RESULT_INVALID_PREMIUM_INPUT` (a loss before acquisition, a leave ending before
/// it starts; the detail names the field), `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_INVALID_DATE`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_month_charge(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(request_json, request_len, out_response, api::month_charge)
}

/// `bonus_charge`: whether a bonus carries a premium (not in the month of loss unless 同月得喪;
/// exempt by 産前産後休業, and by 育児休業等 lasting more than one month). Request
/// `bonus_charge.request.json`, response `bonus_charge.response.json`.
///
/// Errors: as `kenpo_month_charge`.
///
/// # Safety
/// As `kenpo_month_charge`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_bonus_charge(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_op(request_json, request_len, out_response, api::bonus_charge)
}
