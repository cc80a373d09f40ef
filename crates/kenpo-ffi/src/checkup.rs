//! Checkups (特定健康診査): stratify one result into 特定保健指導 levels.
use std::os::raw::c_char;

use kenpo_domain::checkup::result::{CheckupError, CheckupResult, CheckupResultData};
use kenpo_domain::checkup::stratify::{stratify_person, GuidanceLevel};

use crate::boundary::{guard, json, Failure, Out};
use crate::result::kenpo_result;
use crate::types::{kenpo_date, kenpo_string, return_json};

/// The guidance level (保健指導レベル), numbered as the national XML codes them.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum kenpo_guidance_level {
    /// 積極的支援 (active support; code 1).
    Active = 1,
    /// 動機付け支援 (motivational support; code 2).
    Motivational = 2,
    /// 情報提供 (information only, not a 特定保健指導 target; code 3).
    InformationOnly = 3,
}

fn checkup_failure(e: &CheckupError) -> Failure {
    // Checkup errors name the item and value, never the person.
    let code = match e {
        CheckupError::AgeOutsideTargetBand { .. } => kenpo_result::RuleRefused,
        _ => kenpo_result::InvalidCheckup,
    };
    Failure::from_error(code, e)
}

/// Stratifies one 特定健診 result (階層化, 特定健康診査及び特定保健指導の実施に関する基準 第4条; 第4期
/// criteria from FY2024) for a person born on `birth` (the age reached by the end of the
/// checkup's fiscal year decides the 65–74 cap).
///
/// `result_json` (UTF-8) is `{"date": "2026-09-10", "sex": "female", "values": {"waist": "90.0",
/// "hba1c": "5.6", ...}, "blood_draw": null, "smoking": true, "medication": {"hypertension":
/// false, "diabetes": false, "dyslipidaemia": false}}`; measured values are decimal strings.
///
/// Writes `*out_decided` (false when missing data leave the level open), `*out_level` (one of
/// `KENPO_GUIDANCE_LEVEL_*`, or 0 when undecided) and the stratification (steps, risks, the
/// criteria still open, the explanation) as JSON to a new `kenpo_string` at `*out_json`, owned
/// by the caller.
///
/// Errors: `KENPO_RESULT_INVALID_CHECKUP` (an impossible value, such as HbA1c 65 %: the detail
/// names the item and range; no criteria for a date before FY2024), `KENPO_RESULT_RULE_REFUSED`
/// (the person is outside the 40–74 target band that year), `KENPO_RESULT_INVALID_DATE`,
/// `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `result_json` must point to `len` bytes; the out-parameters must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_checkup_stratify(
    result_json: *const c_char,
    len: usize,
    birth: kenpo_date,
    out_decided: *mut bool,
    out_level: *mut u32,
    out_json: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let (out_decided, out_level, out_json) = (
            Out::new(out_decided)?,
            Out::new(out_level)?,
            Out::new(out_json)?,
        );
        let data: CheckupResultData = json(result_json, len, "checkup result")?;
        let result = CheckupResult::try_from(data).map_err(|e| checkup_failure(&e))?;
        let s = stratify_person(&result, birth.to_naive()?).map_err(|e| checkup_failure(&e))?;
        let level = match s.level {
            None => 0,
            Some(GuidanceLevel::Active) => kenpo_guidance_level::Active as u32,
            Some(GuidanceLevel::Motivational) => kenpo_guidance_level::Motivational as u32,
            Some(GuidanceLevel::InformationOnly) => kenpo_guidance_level::InformationOnly as u32,
            Some(other) => {
                return Err(Failure::new(
                    kenpo_result::Internal,
                    format!("guidance level {other:?} has no C code yet"),
                ))
            }
        };
        return_json(&s, out_json)?;
        out_decided.write(s.level.is_some());
        out_level.write(level);
        Ok(())
    })
}
