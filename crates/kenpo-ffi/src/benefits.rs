//! Benefits: 高額療養費 and 付加給付 for a household-month, 傷病手当金 for a period.
use std::os::raw::c_char;

use kenpo_domain::additional_benefit::{self, AdditionalBenefitError};
use kenpo_domain::high_cost::{
    decide_month, AgeBand, AgeStatus, BenefitHistory, HighCostError, HighCostOptions,
    HouseholdMonth,
};
use kenpo_domain::sickness_allowance::{schedule, SicknessAllowanceError, SicknessClaim};
use serde::Deserialize;

use crate::boundary::{guard, json, Failure, Out};
use crate::handle;
use crate::result::kenpo_result;
use crate::society::kenpo_society;
use crate::types::{kenpo_date, kenpo_month, kenpo_string, return_json};

/// The figures of a household-month decision a legacy system books.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct kenpo_high_cost_result {
    /// The sum of every unit's patient charge (一部負担金), yen.
    pub total_charges: i64,
    /// 高額療養費 to refund (健康保険法 第115条), yen.
    pub refund: i64,
    /// 付加給付 on top (健康保険法 第53条), yen; 0 when the society pays none.
    pub additional_benefit: i64,
    /// `true` when 多数回該当 applied (令42条1項ただし書).
    pub many_times: bool,
    /// `true` when this month counts toward later 多数回該当 (feed it into the history).
    pub counts_toward_many_times: bool,
}

/// The figures of a 傷病手当金 decision a legacy system books.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct kenpo_sickness_result {
    /// The total paid by this decision, yen.
    pub total: i64,
    /// The allowance per day (標準報酬日額 × 2/3, 健康保険法 第99条2項), yen; 0 when no day is
    /// payable yet (no first payment day).
    pub daily_amount: i64,
    /// `true` when a first payment day (支給開始日) exists; `first_payment_day` is then set.
    pub has_first_payment_day: bool,
    /// 支給開始日 (zeroes when `has_first_payment_day` is false).
    pub first_payment_day: kenpo_date,
    /// Days paid by this decision (partly paid days count as whole days).
    pub days_paid: u32,
    /// Days paid for the illness so far, earlier decisions included (against the 1 year 6
    /// months maximum).
    pub days_paid_cumulative: u32,
}

/// The JSON input of `kenpo_high_cost_decide`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HighCostInput {
    household: HouseholdMonth,
    #[serde(default)]
    history: BenefitHistory,
    #[serde(default)]
    options: HighCostOptions,
}

fn high_cost_failure(e: &HighCostError) -> Failure {
    // High-cost errors name units and members by index only.
    let code = match e {
        HighCostError::NotInsuredInMonth { .. } => kenpo_result::RuleRefused,
        _ => kenpo_result::InvalidHousehold,
    };
    Failure::from_error(code, e)
}

fn additional_failure(e: &AdditionalBenefitError) -> Failure {
    Failure::from_error(kenpo_result::InvalidSocietyConfig, e)
}

/// Decides 高額療養費 (健康保険法 第115条, 令41条–43条) for one household-month and, when the
/// society's configuration has `additional_benefits`, its 付加給付 (健康保険法 第53条) on what
/// remains.
///
/// `input_json` (UTF-8, `len` bytes) is `{"household": {...}, "history": {...}, "options":
/// {...}}`: `household` has the shape of `kenpo_domain::high_cost::HouseholdMonth` (treatment
/// month, the insured person's key, the category basis — 標準報酬月額, tax status —, the members
/// with relation and age status, and the cost units: person, institution, 入院/外来, 医科/歯科,
/// 10割 cost, patient charge, 特定疾病); `history` (optional) is the household's earlier paid
/// months for 多数回該当; `options` (optional) chooses the readings where the reference is unsure.
///
/// Writes the figures to `*out_result` and `{"high_cost": decision, "additional_benefit":
/// decision or null}` with every step explained to a new `kenpo_string` at `*out_json`, owned
/// by the caller.
///
/// Errors: `KENPO_RESULT_INVALID_HOUSEHOLD` (a unit of another month, a person not listed, a
/// negative amount; the detail names the unit by index), `KENPO_RESULT_INVALID_SOCIETY_CONFIG`
/// (付加給付 rules exist but none is in force for the month), `KENPO_RESULT_INVALID_JSON`,
/// `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `input_json` must point to `len` readable bytes; `out_result` and `out_json` must be
/// writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_high_cost_decide(
    society: *const kenpo_society,
    input_json: *const c_char,
    len: usize,
    out_result: *mut kenpo_high_cost_result,
    out_json: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let (out_result, out_json) = (Out::new(out_result)?, Out::new(out_json)?);
        let config = handle::get(society)?;
        let input: HighCostInput = json(input_json, len, "high-cost input")?;
        let decision = decide_month(&input.household, &input.history, &input.options)
            .map_err(|e| high_cost_failure(&e))?;
        let additional = config
            .config()
            .additional_benefits
            .as_ref()
            .map(|r| additional_benefit::decide(r, &decision))
            .transpose()
            .map_err(|e| additional_failure(&e))?;
        let result = kenpo_high_cost_result {
            total_charges: decision.total_charges.get(),
            refund: decision.refund.get(),
            additional_benefit: additional.as_ref().map_or(0, |a| a.total.get()),
            many_times: decision.many_times,
            counts_toward_many_times: decision.counts_toward_many_times,
        };
        let doc = serde_json::json!({ "high_cost": decision, "additional_benefit": additional });
        return_json(&doc, out_json)?;
        out_result.write(result);
        Ok(())
    })
}

/// A person's age band for 高額療養費 in a treatment month.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum kenpo_age_band {
    /// Under 70 (70歳未満): JSON `"Under70"`.
    Under70 = 1,
    /// 高齢受給者 (70–74, from the month after the month of reaching 70): JSON `"Elderly"`.
    Elderly = 2,
}

/// The age status of a person born on `birth` in treatment month `month`, as the household
/// JSON of `kenpo_high_cost_decide` wants it (`"age": {"band": ..., "birthday_75_halving": ...}`),
/// so that the birth date itself never has to be sent: writes one of `KENPO_AGE_BAND_*` to
/// `*out_band` and whether the 75th-birthday-month halving (75歳到達月の特例) applies.
///
/// Errors: `KENPO_RESULT_RULE_REFUSED` (the person is not in kenpo that month: 75 on its first
/// day, or born after it), `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_band` and `out_halving` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_high_cost_age_status(
    birth: kenpo_date,
    month: kenpo_month,
    out_band: *mut u32,
    out_halving: *mut bool,
) -> kenpo_result {
    guard(|| {
        let (out_band, out_halving) = (Out::new(out_band)?, Out::new(out_halving)?);
        let status = AgeStatus::for_month(birth.to_naive()?, month.to_year_month()?)
            .map_err(|e| high_cost_failure(&e))?;
        let band = match status.band {
            AgeBand::Under70 => kenpo_age_band::Under70,
            AgeBand::Elderly => kenpo_age_band::Elderly,
            other => {
                return Err(Failure::new(
                    kenpo_result::Internal,
                    format!("age band {other:?} has no C code yet"),
                ))
            }
        };
        out_band.write(band as u32);
        out_halving.write(status.birthday_75_halving);
        Ok(())
    })
}

/// Decides a 傷病手当金 claim (健康保険法 第99条, 第103条, 第104条, 第108条) day by day, with the
/// society's fallback amount for members insured under 12 months.
///
/// `claim_json` (UTF-8, `len` bytes) has the shape of `kenpo_domain::sickness_allowance::SicknessClaim`:
/// `days` (each `{"date", "work": "Off"|"Worked", "pay", "maternity_allowance",
/// "workers_compensation"}`), `history` (`[{"month": "YYYY-MM", "amount": 標準報酬月額}]`), and
/// optional `earlier`, `disability_pension`, `disability_lump_sum`, `old_age_pension`,
/// `loss_of_eligibility`.
///
/// Writes the figures to `*out_result` and the schedule (each day's outcome and reductions, the
/// daily amount and its basis, the maximum rule, the explanation) to a new `kenpo_string` at
/// `*out_json`, owned by the caller.
///
/// Errors: `KENPO_RESULT_INVALID_SICKNESS_PERIOD` (days or history out of order, negative
/// amounts, no 標準報酬月額 for the month of the first payment day),
/// `KENPO_RESULT_INVALID_SOCIETY_CONFIG` (no fallback amount in force when one is needed),
/// `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_INVALID_UTF8`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `claim_json` must point to `len` readable bytes; `out_result` and `out_json` must be
/// writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_sickness_allowance_decide(
    society: *const kenpo_society,
    claim_json: *const c_char,
    len: usize,
    out_result: *mut kenpo_sickness_result,
    out_json: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let (out_result, out_json) = (Out::new(out_result)?, Out::new(out_json)?);
        let config = handle::get(society)?;
        let claim: SicknessClaim = json(claim_json, len, "sickness allowance claim")?;
        let decided =
            schedule(&claim, &config.config().sickness_fallback_averages()).map_err(|e| {
                let code = match e {
                    SicknessAllowanceError::NoFallbackInForce { .. } => {
                        kenpo_result::InvalidSocietyConfig
                    }
                    _ => kenpo_result::InvalidSicknessPeriod,
                };
                Failure::from_error(code, &e)
            })?;
        let first_day = decided.daily_amount.as_ref().map(|d| d.first_payment_day);
        let result = kenpo_sickness_result {
            total: decided.total.get(),
            daily_amount: decided.daily_amount.as_ref().map_or(0, |d| d.amount.get()),
            has_first_payment_day: first_day.is_some(),
            first_payment_day: first_day.map_or_else(kenpo_date::default, kenpo_date::from_naive),
            days_paid: decided.days_paid,
            days_paid_cumulative: decided.days_paid_cumulative,
        };
        return_json(&decided, out_json)?;
        out_result.write(result);
        Ok(())
    })
}
