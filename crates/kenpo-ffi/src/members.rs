//! The member master (適用, 加入者台帳): built from events, asked about eligibility (A8).
use std::os::raw::c_char;
use std::sync::{Arc, Mutex, MutexGuard};

use kenpo_domain::identifiers::MemberKey;
use kenpo_domain::member::{MemberError, MemberEvent, MemberMaster};

use crate::boundary::{guard, guard_void, json, text, value, Failure, FfiResult, Out};
use crate::handle::{self, Handle};
use crate::result::kenpo_result;
use crate::types::{kenpo_date, kenpo_month, kenpo_string, return_json};

/// A member master: every person ever enrolled, with history. Created by
/// `kenpo_member_master_new` or `kenpo_member_master_from_json`, owned by the caller, freed with
/// `kenpo_member_master_free`. Calls on one master from several threads are serialised inside.
#[allow(non_camel_case_types)]
pub struct kenpo_member_master {
    _opaque: [u8; 0],
}

impl Handle for kenpo_member_master {
    type Inner = Mutex<MemberMaster>;
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

/// Reads and validates a `kenpo_member_key`.
///
/// # Safety
/// `key` must be NULL or point to a valid `kenpo_member_key` whose parts point to their lengths
/// of readable bytes.
pub(crate) unsafe fn member_key(key: *const kenpo_member_key) -> FfiResult<MemberKey> {
    // SAFETY: forwarded from the caller.
    let k = unsafe { value(key) }?;
    // SAFETY: forwarded from the caller.
    let (symbol, number, branch) = unsafe {
        (
            text(k.symbol, k.symbol_len)?,
            text(k.number, k.number_len)?,
            text(k.branch, k.branch_len)?,
        )
    };
    MemberKey::parse(symbol, number, branch)
        .map_err(|e| Failure::from_error(kenpo_result::InvalidIdentifier, &e))
}

/// Locks a member master, or `KENPO_RESULT_HANDLE_POISONED`.
pub(crate) fn lock(master: &Arc<Mutex<MemberMaster>>) -> FfiResult<MutexGuard<'_, MemberMaster>> {
    master.lock().map_err(|_| {
        Failure::new(
            kenpo_result::HandlePoisoned,
            "the member master is unusable after an earlier internal error",
        )
    })
}

fn member_failure(e: &MemberError) -> Failure {
    // Member errors carry the rule and at most the masked key.
    let code = match e {
        MemberError::UnknownPerson { .. } => kenpo_result::UnknownMember,
        _ => kenpo_result::InvalidMemberEvent,
    };
    Failure::from_error(code, e)
}

fn unknown_member() -> Failure {
    Failure::new(
        kenpo_result::UnknownMember,
        "no person with this key in the member master",
    )
}

/// Creates an empty member master and writes its handle to `*out_master`. The caller owns it
/// and frees it with `kenpo_member_master_free`.
///
/// Errors: `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_master` must point to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kenpo_member_master_new(
    out_master: *mut *mut kenpo_member_master,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_master)?;
        out.write(handle::new_handle::<kenpo_member_master>(Mutex::new(
            MemberMaster::new(),
        ))?);
        Ok(())
    })
}

/// Restores a member master from the JSON that `kenpo_member_master_to_json` wrote and writes a
/// new handle to `*out_master` (owned by the caller; free with `kenpo_member_master_free`). The
/// records are trusted as stored (events are not replayed): pass only what a master wrote.
///
/// Errors: `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_INVALID_UTF8`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
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
        let master: MemberMaster = json(master_json, len, "member master")?;
        out.write(handle::new_handle::<kenpo_member_master>(Mutex::new(
            master,
        ))?);
        Ok(())
    })
}

/// Writes the whole master (every record with its history) as JSON into a new `kenpo_string`
/// at `*out_json`, owned by the caller (free with `kenpo_string_free`). It holds personal data:
/// store it as such.
///
/// Errors: `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_NULL_ARGUMENT`.
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
        let guard = lock(&m)?;
        return_json(&*guard, out)
    })
}

/// Validates one member event (JSON: 資格取得 `"acquisition"`, 被扶養者異動 `"dependent_added"` /
/// `"dependent_removed"`, `"change"`, `"correction"`, 資格喪失 `"loss"`; the shape of
/// `kenpo_domain::member::MemberEvent`) and applies it. A rejected event leaves the master
/// unchanged.
///
/// Errors: `KENPO_RESULT_INVALID_MEMBER_EVENT` (a rule refuses it; the detail names the rule, for
/// example `member.aged_75_or_over`, and the masked key), `KENPO_RESULT_UNKNOWN_MEMBER`,
/// `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_HANDLE_POISONED`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
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
        let event: MemberEvent = json(event_json, len, "member event")?;
        let mut guard = lock(&m)?;
        guard.apply(&event).map_err(|e| member_failure(&e))
    })
}

/// Applies a JSON array of member events in order, skipping rejected ones. Writes the number
/// applied to `*out_applied` and a report to a new `kenpo_string` at `*out_report` (owned by
/// the caller): `{"applied": n, "rejected": [{"index": i, "code": 220, "rule": "...",
/// "message": "..."}]}`, where `index` is the 0-based position in the array.
///
/// Succeeds even when events are rejected (the report lists them). Errors:
/// `KENPO_RESULT_INVALID_JSON` (the array itself or one element is malformed: nothing applied),
/// `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_HANDLE_POISONED`, `KENPO_RESULT_INVALID_UTF8`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `events_json` must point to `len` readable bytes; `out_applied` and `out_report` must be
/// writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_member_master_apply_batch(
    master: *const kenpo_member_master,
    events_json: *const c_char,
    len: usize,
    out_applied: *mut usize,
    out_report: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let (out_applied, out_report) = (Out::new(out_applied)?, Out::new(out_report)?);
        let m = handle::get(master)?;
        let events: Vec<MemberEvent> = json(events_json, len, "member events")?;
        let report = lock(&m)?.apply_all(&events);
        let rejected: Vec<serde_json::Value> = report
            .rejected
            .iter()
            .map(|r| {
                serde_json::json!({
                    "index": r.index,
                    "code": member_failure(&r.error).code as u32,
                    "rule": r.error.rule(),
                    "message": r.error.to_string(),
                })
            })
            .collect();
        let doc = serde_json::json!({ "applied": report.applied, "rejected": rejected });
        return_json(&doc, out_report)?;
        out_applied.write(report.applied);
        Ok(())
    })
}

/// Writes to `*out_eligible` whether the person `key` is eligible (資格あり) on `on`.
///
/// Errors: `KENPO_RESULT_UNKNOWN_MEMBER` (no such key), `KENPO_RESULT_INVALID_IDENTIFIER`,
/// `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_NULL_ARGUMENT`.
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
        let (key, on) = (member_key(key)?, on.to_naive()?);
        let guard = lock(&m)?;
        if guard.record(&key).is_none() {
            return Err(unknown_member());
        }
        out.write(guard.is_eligible(&key, on));
        Ok(())
    })
}

/// Writes the household (世帯) of the insured person `insured` in `month` as JSON to a new
/// `kenpo_string` at `*out_household` (owned by the caller): `{"insured": key,
/// "insured_eligible": bool, "dependents": [key, ...]}` with the dependants eligible on at least
/// one day of the month.
///
/// Errors: `KENPO_RESULT_UNKNOWN_MEMBER` (no insured person with this key),
/// `KENPO_RESULT_INVALID_IDENTIFIER`, `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_BAD_HANDLE`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
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
        let (key, month) = (member_key(insured)?, month.to_year_month()?);
        let household = lock(&m)?
            .household(&key, month)
            .ok_or_else(unknown_member)?;
        return_json(&household, out)
    })
}

/// Writes the number of persons in the master (every person ever enrolled) to `*out_count`.
///
/// Errors: `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_NULL_ARGUMENT`.
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

/// Frees a member master. NULL, and a handle already freed, are ignored.
#[no_mangle]
pub extern "C" fn kenpo_member_master_free(master: *mut kenpo_member_master) {
    guard_void(|| handle::free(master));
}

/// Diagnostic: panics while holding the lock of `master`, as a bug inside the library would in
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
        let _held = lock(&m)?;
        panic!("kenpo_debug_poison_member_master was called")
    })
}
