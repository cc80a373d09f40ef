//! The member master (適用, 加入者台帳): built from events, loaded from and saved to its versioned
//! stored form, asked about eligibility (for the society's own work; an A8 answer to a clinic
//! leaves only through the access functions' logged decision), households, the grade in force
//! and the birthday rules of a month. The handle holds a `kenpo_api::MemberMaster`; events and
//! answers are the contract's JSON (schemas under `bindings/c/schema/`); the look-ups by key
//! keep a struct form (`kenpo_member_key`).
use std::os::raw::c_char;
use std::sync::{Arc, RwLockReadGuard};

use kenpo_api::identifiers::MemberKey;
use kenpo_api::member::MemberEvent;
use kenpo_api::MemberMaster;
use kenpo_domain::member::MemberMaster as DomainMaster;

use crate::boundary::{guard, guard_void, json_method, request, text, value, FfiResult, Out};
use crate::handle::{self, Handle};
use crate::result::kenpo_result;
use crate::types::{kenpo_date, kenpo_month, kenpo_string, return_json, return_string};

/// A member master: every person ever enrolled, with history. Created by
/// `kenpo_member_master_new` or `kenpo_member_master_from_json`, owned by the caller, freed with
/// `kenpo_member_master_free`. May be shared between threads: reads run together, a change runs
/// alone.
#[allow(non_camel_case_types)]
pub struct kenpo_member_master {
    _opaque: [u8; 0],
}

impl Handle for kenpo_member_master {
    type Inner = MemberMaster;
    const NAME: &'static str = "kenpo_member_master";
}

/// The key of one person (記号・番号・枝番), each part UTF-8 with its length (full-width digits
/// are accepted and normalised). The pointers are borrowed for the call only.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct kenpo_member_key {
    /// 被保険者等記号.
    pub symbol: *const c_char,
    /// Length of `symbol` in bytes.
    pub symbol_len: usize,
    /// 被保険者等番号.
    pub number: *const c_char,
    /// Length of `number` in bytes.
    pub number_len: usize,
    /// 枝番 (2 digits).
    pub branch: *const c_char,
    /// Length of `branch` in bytes.
    pub branch_len: usize,
}

/// Reads a `kenpo_member_key` (its parts are checked by the operation, which names the part).
///
/// # Safety
/// `key` must be NULL or point to a valid `kenpo_member_key` whose parts point to their lengths
/// of readable bytes.
pub(crate) unsafe fn member_key(key: *const kenpo_member_key) -> FfiResult<MemberKey> {
    // SAFETY: forwarded from the caller.
    let k = unsafe { value(key) }?;
    // SAFETY: forwarded from the caller.
    unsafe {
        Ok(MemberKey {
            symbol: text(k.symbol, k.symbol_len)?.to_owned(),
            number: text(k.number, k.number_len)?.to_owned(),
            branch: text(k.branch, k.branch_len)?.to_owned(),
        })
    }
}

/// Reads the domain master behind a handle (receipt checks and access decisions consult it),
/// or `KENPO_RESULT_HANDLE_POISONED`.
pub(crate) fn lock(master: &Arc<MemberMaster>) -> FfiResult<RwLockReadGuard<'_, DomainMaster>> {
    Ok(master.read()?)
}

fn register(master: MemberMaster, out: Out<*mut kenpo_member_master>) -> FfiResult {
    out.write(handle::new_handle::<kenpo_member_master>(master)?);
    Ok(())
}

/// `empty`: creates an empty member master and writes its handle to `*out_master`. The caller
/// owns it and frees it with `kenpo_member_master_free`.
///
/// Errors: `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_master` must point to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kenpo_member_master_new(
    out_master: *mut *mut kenpo_member_master,
) -> kenpo_result {
    guard(|| register(MemberMaster::empty(), Out::new(out_master)?))
}

/// `from_json`: loads a member master from its versioned stored form (what
/// `kenpo_member_master_to_json` writes and a society store keeps: `{"format":
/// "kenpo-member-master", "version": 1, "baseline": [...], "journal": {...}}`; the bare list of
/// person records of releases before the journal loads as version 0) and writes a new handle to
/// `*out_master` (owned by the caller; free with `kenpo_member_master_free`). Every baseline
/// record is checked against the invariants the events keep and the journal is replayed.
///
/// Errors: `KENPO_RESULT_INVALID_MEMBER_MASTER` (another format or version, field `format` or
/// `version`; a baseline record breaking an invariant, field `baseline[3]` with the rule and
/// the masked key; a journal entry refused on replay, field `journal`),
/// `KENPO_RESULT_INVALID_JSON` (not a master: line and column, no value of the file),
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `master_json` must point to `len` readable bytes; `out_master` to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kenpo_member_master_from_json(
    master_json: *const c_char,
    len: usize,
    out_master: *mut *mut kenpo_member_master,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_master)?;
        let master = MemberMaster::from_json(text(master_json, len)?.to_owned())?;
        register(master, out)
    })
}

/// `to_json`: writes the whole master in its versioned stored form (the baseline and the
/// journal of every event applied; read back by `kenpo_member_master_from_json`) into a new
/// `kenpo_string` at `*out_json`, owned by the caller (free with `kenpo_string_free`). It holds
/// personal data: store it as such.
///
/// Errors: `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_HANDLE_POISONED`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_json` must point to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kenpo_member_master_to_json(
    master: *const kenpo_member_master,
    out_json: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_json)?;
        let m = handle::get(master)?;
        return_string(m.to_json()?, out)
    })
}

/// `apply`: validates one member event (schema `apply.request.json`; tagged by `kind`:
/// `acquisition` 資格取得, `dependent_added` / `dependent_removed` 被扶養者異動, `change`,
/// `correction`, `grade_decided` 標準報酬月額の決定, `loss` 資格喪失) and applies it, keeping it in
/// the master's journal. A refused event leaves the master unchanged.
///
/// Errors: `KENPO_RESULT_INVALID_MEMBER_EVENT` (a rule refuses it; the detail names the rule,
/// for example `member.aged_75_or_over`, and the masked key; or a name or kana is malformed),
/// `KENPO_RESULT_UNKNOWN_MEMBER`, `KENPO_RESULT_INVALID_IDENTIFIER`, `KENPO_RESULT_INVALID_DATE`,
/// `KENPO_RESULT_INVALID_JSON` (the detail names the field), `KENPO_RESULT_BAD_HANDLE`,
/// `KENPO_RESULT_HANDLE_POISONED`, `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `event_json` must point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn kenpo_member_master_apply(
    master: *const kenpo_member_master,
    event_json: *const c_char,
    len: usize,
) -> kenpo_result {
    guard(|| {
        let m = handle::get(master)?;
        let event: MemberEvent = request(event_json, len)?;
        Ok(m.apply(event)?)
    })
}

/// `apply_batch`: applies many events in order (request `apply_batch.request.json`: `{"events":
/// [...]}`), skipping those refused. The response (`apply_batch.response.json`) gives the number
/// applied and every refused event with its 0-based index, code, field and reason; one refused
/// event never fails the call.
///
/// Errors: only for the request as a whole: `KENPO_RESULT_INVALID_JSON` (an event of the wrong
/// shape: nothing applied), `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_HANDLE_POISONED`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_member_master_apply_batch(
    master: *const kenpo_member_master,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    json_method(
        master,
        request_json,
        request_len,
        out_response,
        MemberMaster::apply_batch,
    )
}

/// `is_eligible`: writes to `*out_eligible` whether the person `key` is eligible (資格あり) on
/// `on`, for the society's own work (receipt checks, benefits, premium runs). Not an answer to a
/// clinic or another insurer: an eligibility inquiry (資格照会, purpose A8) is answered only
/// through the access functions, which log the decision.
///
/// Errors: `KENPO_RESULT_UNKNOWN_MEMBER` (no such key), `KENPO_RESULT_INVALID_IDENTIFIER`,
/// `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_HANDLE_POISONED`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `key` must point to a valid `kenpo_member_key`; `out_eligible` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_member_master_is_eligible(
    master: *const kenpo_member_master,
    key: *const kenpo_member_key,
    on: kenpo_date,
    out_eligible: *mut bool,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_eligible)?;
        let m = handle::get(master)?;
        out.write(m.is_eligible(member_key(key)?, on.to_api()?)?);
        Ok(())
    })
}

/// `household`: writes the household (世帯) of the insured person `insured` in `month` (schema
/// `household.response.json`: `insured`, `insured_eligible`, the `dependents` eligible on at
/// least one day of the month) to a new `kenpo_string` at `*out_household`, owned by the caller.
///
/// Errors: `KENPO_RESULT_UNKNOWN_MEMBER` (no insured person with this key),
/// `KENPO_RESULT_INVALID_IDENTIFIER`, `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_BAD_HANDLE`,
/// `KENPO_RESULT_HANDLE_POISONED`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `insured` must point to a valid `kenpo_member_key`; `out_household` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_member_master_household(
    master: *const kenpo_member_master,
    insured: *const kenpo_member_key,
    month: kenpo_month,
    out_household: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_household)?;
        let m = handle::get(master)?;
        return_json(&m.household(member_key(insured)?, month.to_api()?)?, out)
    })
}

/// `birthday_rules_due`: the eligible persons with a birthday rule in `month` (reaching 40 or
/// 65, the first 高齢受給者 month, the 75th birthday), each with the rule and the day it takes
/// effect, ordered by that day (schema `birthday_rules_due.response.json`), in a new
/// `kenpo_string` at `*out_json` owned by the caller.
///
/// Errors: `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_BAD_HANDLE`,
/// `KENPO_RESULT_HANDLE_POISONED`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_json` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_member_master_birthday_rules_due(
    master: *const kenpo_member_master,
    month: kenpo_month,
    out_json: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_json)?;
        let m = handle::get(master)?;
        return_json(&m.birthday_rules_due(month.to_api()?)?, out)
    })
}

/// `late_elderly_losses`: the member events due in `month` because of 75th birthdays
/// (後期高齢者医療; a `loss` per insured person, a `dependent_removed` per dependant who does not
/// leave with the insured person; schema `late_elderly_losses.response.json`), in a new
/// `kenpo_string` at `*out_json` owned by the caller. Each element can be passed to
/// `kenpo_member_master_apply` as it is; applying them twice is harmless.
///
/// Errors: as `kenpo_member_master_birthday_rules_due`.
///
/// # Safety
/// `out_json` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_member_master_late_elderly_losses(
    master: *const kenpo_member_master,
    month: kenpo_month,
    out_json: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_json)?;
        let m = handle::get(master)?;
        return_json(&m.late_elderly_losses(month.to_api()?)?, out)
    })
}

/// `len`: writes the number of persons in the master (every person ever enrolled) to
/// `*out_count`.
///
/// Errors: `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_HANDLE_POISONED`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_count` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_member_master_len(
    master: *const kenpo_member_master,
    out_count: *mut usize,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_count)?;
        let m = handle::get(master)?;
        out.write(lock(&m)?.len());
        Ok(())
    })
}

/// `grade_in_force`: the 標準報酬月額 in force for the insured person `key` in `month` (the
/// latest decision taking effect in or before it within the eligibility period covering the
/// month; schema `grade_in_force.response.json`: `grade`, `kind`, `effective_from`,
/// `decided_on`), or JSON `null` when the person is not eligible in `month` or no grade was
/// recorded for that period, in a new `kenpo_string` at `*out_json` owned by the caller.
/// Grades are recorded by `kenpo_member_master_apply` with a `grade_decided` event.
///
/// Errors: `KENPO_RESULT_UNKNOWN_MEMBER`, `KENPO_RESULT_INVALID_IDENTIFIER`,
/// `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_HANDLE_POISONED`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `key` must point to a valid `kenpo_member_key`; `out_json` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_member_master_grade_in_force(
    master: *const kenpo_member_master,
    key: *const kenpo_member_key,
    month: kenpo_month,
    out_json: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_json)?;
        let m = handle::get(master)?;
        return_json(&m.grade_in_force(member_key(key)?, month.to_api()?)?, out)
    })
}

/// `grade_history`: every grade decision of `key` in force at some time, by first month (schema
/// `grade_history.response.json`; a decision replaced for the same first month is in the journal
/// only), in a new `kenpo_string` at `*out_json` owned by the caller.
///
/// Errors: `KENPO_RESULT_UNKNOWN_MEMBER`, `KENPO_RESULT_INVALID_IDENTIFIER`,
/// `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_HANDLE_POISONED`, `KENPO_RESULT_INVALID_UTF8`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `key` must point to a valid `kenpo_member_key`; `out_json` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_member_master_grade_history(
    master: *const kenpo_member_master,
    key: *const kenpo_member_key,
    out_json: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_json)?;
        let m = handle::get(master)?;
        return_json(&m.grade_history(member_key(key)?)?, out)
    })
}

/// `journal_len`: writes the number of events in the master's journal (every event applied
/// since the baseline, refused ones excluded) to `*out_count`.
///
/// Errors: `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_HANDLE_POISONED`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_count` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_member_master_journal_len(
    master: *const kenpo_member_master,
    out_count: *mut usize,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_count)?;
        let m = handle::get(master)?;
        out.write(lock(&m)?.journal().len());
        Ok(())
    })
}

/// Frees a member master. NULL, and a handle already freed, are ignored.
#[no_mangle]
pub extern "C" fn kenpo_member_master_free(master: *mut kenpo_member_master) {
    guard_void(|| handle::free(master));
}

/// Diagnostic: panics while holding `master` for a change, as a bug inside the library would in
/// the middle of a change, and returns what the boundary made of it (`KENPO_RESULT_PANIC`).
/// Afterwards every call on this master returns `KENPO_RESULT_HANDLE_POISONED`, since it may be
/// half-changed: free it and restore it from its last JSON. Tests call it to prove that such a
/// panic is contained; `kenpo_member_master_free` still works on it.
///
/// Errors: `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_NULL_ARGUMENT`.
#[no_mangle]
pub extern "C" fn kenpo_debug_poison_member_master(
    master: *const kenpo_member_master,
) -> kenpo_result {
    guard(|| {
        let m = handle::get(master)?;
        Ok(m.debug_panic_while_changing()?)
    })
}
