//! Purpose-bound access (`kenpo_api::access`): the purpose catalog (利用目的の公表), decisions on
//! access requests with the minimised views, the A8 answer and the C2 clinic inquiry, disclosure,
//! de-identified releases, the provision register, retention and disposal, and the keyed,
//! anchored access log. Requests and answers are the contract's JSON (schemas
//! `bindings/c/schema/NAME.request.json` and `NAME.response.json`); keys cross as bytes.
use std::os::raw::c_char;
use std::sync::Arc;

use kenpo_api::access::{AccessLog, PurposeCatalog};
use kenpo_api::MemberMaster;

use crate::boundary::{bytes, guard, guard_void, request, text, FfiResult, Out};
use crate::handle::{self, Handle};
use crate::members::kenpo_member_master;
use crate::result::kenpo_result;
use crate::types::{kenpo_date, kenpo_string, return_json, return_string};

/// A purpose catalog: the society's published purposes of use with their data categories,
/// fields, recipients, conditions and retention rules. Created by
/// `kenpo_purpose_catalog_default` or `kenpo_purpose_catalog_from_toml`, owned by the caller,
/// freed with `kenpo_purpose_catalog_free`. Immutable.
#[allow(non_camel_case_types)]
pub struct kenpo_purpose_catalog {
    _opaque: [u8; 0],
}

impl Handle for kenpo_purpose_catalog {
    type Inner = PurposeCatalog;
    const NAME: &'static str = "kenpo_purpose_catalog";
}

/// An append-only access log sealed with HMAC-SHA-256 under the host's key (or unkeyed), with
/// its anchor kept apart. Created by `kenpo_access_log_open` (a JSON-lines file and its anchor
/// file) or `kenpo_access_log_in_memory`, owned by the caller, freed with
/// `kenpo_access_log_free`. Appended to only by the decisions. Calls are serialised inside.
#[allow(non_camel_case_types)]
pub struct kenpo_access_log {
    _opaque: [u8; 0],
}

impl Handle for kenpo_access_log {
    type Inner = AccessLog;
    const NAME: &'static str = "kenpo_access_log";
}

/// Optional key bytes: NULL is "no key" (an unkeyed log).
///
/// # Safety
/// `key` must be NULL or point to `key_len` readable bytes.
unsafe fn optional_key(key: *const u8, key_len: usize) -> FfiResult<Option<Vec<u8>>> {
    if key.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded from the caller.
    Ok(Some(unsafe { bytes(key, key_len) }?.to_vec()))
}

/// The body of a decision: a catalog, a log and a JSON request, a JSON answer.
///
/// # Safety
/// As `json_method`; `access_log` must be NULL or a handle.
unsafe fn decision<Req, Resp>(
    catalog: *const kenpo_purpose_catalog,
    access_log: *const kenpo_access_log,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
    op: impl FnOnce(&PurposeCatalog, Arc<AccessLog>, Req) -> kenpo_api::KenpoResult<Resp>,
) -> kenpo_result
where
    Req: serde::de::DeserializeOwned,
    Resp: serde::Serialize,
{
    guard(|| {
        // SAFETY: forwarded from the caller.
        let out = unsafe { Out::new(out_response) }?;
        let catalog = handle::get(catalog)?;
        let log = handle::get(access_log)?;
        // SAFETY: forwarded from the caller.
        let req: Req = unsafe { request(request_json, request_len) }?;
        return_json(&op(&catalog, log, req)?, out)
    })
}

/// The body of a decision on the member master: a catalog, a log, a master and a JSON request,
/// a JSON answer.
///
/// # Safety
/// As `json_method`; `access_log` and `master` must be NULL or handles.
unsafe fn decision_on_master<Req, Resp>(
    catalog: *const kenpo_purpose_catalog,
    access_log: *const kenpo_access_log,
    master: *const kenpo_member_master,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
    op: impl FnOnce(
        &PurposeCatalog,
        Arc<AccessLog>,
        Arc<MemberMaster>,
        Req,
    ) -> kenpo_api::KenpoResult<Resp>,
) -> kenpo_result
where
    Req: serde::de::DeserializeOwned,
    Resp: serde::Serialize,
{
    guard(|| {
        // SAFETY: forwarded from the caller.
        let out = unsafe { Out::new(out_response) }?;
        let catalog = handle::get(catalog)?;
        let log = handle::get(access_log)?;
        let master = handle::get(master)?;
        // SAFETY: forwarded from the caller.
        let req: Req = unsafe { request(request_json, request_len) }?;
        return_json(&op(&catalog, log, master, req)?, out)
    })
}

/// `default_catalog`: writes a new handle to the catalog the society's published notice encodes
/// (purposes A1–H1, principles H2 and R4, retention R1–R3) to `*out_catalog`, owned by the
/// caller.
///
/// Errors: `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_catalog` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_purpose_catalog_default(
    out_catalog: *mut *mut kenpo_purpose_catalog,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_catalog)?;
        out.write(handle::new_handle::<kenpo_purpose_catalog>(
            PurposeCatalog::default_catalog(),
        )?);
        Ok(())
    })
}

/// `from_toml`: loads a purpose catalog from two UTF-8 TOML documents, the catalog and the
/// named vendors (the shapes of kenpo-domain's `data/purpose-catalog.toml` and
/// `data/purpose-vendors.toml`), validating everything, and writes a new handle to
/// `*out_catalog`, owned by the caller.
///
/// Errors: `KENPO_RESULT_INVALID_PURPOSE_CATALOG` (syntax, an unknown field or recipient, content
/// to the employer, My Number outside H1 …; the detail names it), `KENPO_RESULT_INVALID_UTF8`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `catalog` and `vendors` must point to their lengths of bytes; `out_catalog` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_purpose_catalog_from_toml(
    catalog: *const c_char,
    catalog_len: usize,
    vendors: *const c_char,
    vendors_len: usize,
    out_catalog: *mut *mut kenpo_purpose_catalog,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_catalog)?;
        let loaded = PurposeCatalog::from_toml(
            text(catalog, catalog_len)?.to_owned(),
            text(vendors, vendors_len)?.to_owned(),
        )?;
        out.write(handle::new_handle::<kenpo_purpose_catalog>(loaded)?);
        Ok(())
    })
}

/// Frees a purpose catalog. NULL, and a handle already freed, are ignored.
#[no_mangle]
pub extern "C" fn kenpo_purpose_catalog_free(catalog: *mut kenpo_purpose_catalog) {
    guard_void(|| handle::free(catalog));
}

/// `purposes`: writes every purpose of the catalog, in notice order (response
/// `purposes.response.json`), to a new `kenpo_string` at `*out_response`, owned by the caller.
///
/// Errors: `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_purpose_catalog_purposes(
    catalog: *const kenpo_purpose_catalog,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_response)?;
        return_json(&handle::get(catalog)?.purposes()?, out)
    })
}

/// `recipients`: writes every recipient of the catalog (response `recipients.response.json`)
/// to a new `kenpo_string` at `*out_response`, owned by the caller.
///
/// Errors: `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_purpose_catalog_recipients(
    catalog: *const kenpo_purpose_catalog,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_response)?;
        return_json(&handle::get(catalog)?.recipients()?, out)
    })
}

/// `open`: opens (or creates) the JSON-lines access log at `path` (UTF-8) with its anchor file
/// at `anchor_path` (created with a new log, required once the log holds entries), sealed with
/// the `key_len` bytes at `key` (at least 32; NULL for an unkeyed log), verifying what the file
/// holds against the key and the anchor first, and writes its handle to `*out_log`, owned by the
/// caller. The key is never written anywhere.
///
/// Errors: `KENPO_RESULT_ACCESS_LOG_TAMPERED` (the file does not verify: an entry edited,
/// removed or reordered, the tail cut, a wrong key; the detail names the first bad entry),
/// `KENPO_RESULT_INVALID_ACCESS_LOG` (a key shorter than 32 bytes, a keyed log without its key,
/// a file or anchor that cannot be read, a line that is not an entry),
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`. Nothing is written on failure.
///
/// # Safety
/// `path` and `anchor_path` must point to their lengths of bytes, `key` to `key_len` bytes or
/// be NULL; `out_log` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_access_log_open(
    path: *const c_char,
    path_len: usize,
    anchor_path: *const c_char,
    anchor_path_len: usize,
    key: *const u8,
    key_len: usize,
    out_log: *mut *mut kenpo_access_log,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_log)?;
        let log = AccessLog::open(
            text(path, path_len)?.to_owned(),
            text(anchor_path, anchor_path_len)?.to_owned(),
            optional_key(key, key_len)?,
        )?;
        out.write(handle::new_handle::<kenpo_access_log>(log)?);
        Ok(())
    })
}

/// `in_memory`: creates an empty access log in memory, sealed with the `key_len` bytes at `key`
/// (at least 32; NULL for an unkeyed log), and writes its handle to `*out_log`, owned by the
/// caller.
///
/// Errors: `KENPO_RESULT_INVALID_ACCESS_LOG` (a key shorter than 32 bytes),
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `key` must point to `key_len` bytes or be NULL; `out_log` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_access_log_in_memory(
    key: *const u8,
    key_len: usize,
    out_log: *mut *mut kenpo_access_log,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_log)?;
        let log = AccessLog::in_memory(optional_key(key, key_len)?)?;
        out.write(handle::new_handle::<kenpo_access_log>(log)?);
        Ok(())
    })
}

/// Frees an access log (a file log's file and anchor stay). NULL, and a handle already freed,
/// are ignored.
#[no_mangle]
pub extern "C" fn kenpo_access_log_free(access_log: *mut kenpo_access_log) {
    guard_void(|| handle::free(access_log));
}

/// `verify`: verifies the whole log as it stands (a file log: what is on disk now, against its
/// anchor file as it is on disk) with the log's key, and writes the report (response
/// `verify.response.json`: `intact`, keyed/unkeyed counts, `first_bad_entry`, `problem`) to a
/// new `kenpo_string` at `*out_response`, owned by the caller. A break is in the report, not an
/// error.
///
/// Errors: `KENPO_RESULT_INVALID_ACCESS_LOG` (the file or anchor cannot be read, a line is not an
/// entry), `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_access_log_verify(
    access_log: *const kenpo_access_log,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_response)?;
        return_json(&handle::get(access_log)?.verify()?, out)
    })
}

/// `anchor`: writes the log's anchor (response `anchor.response.json`: entries, last sequence
/// number and MAC, key fingerprint) to a new `kenpo_string` at `*out_response`, owned by the
/// caller. Keep it where whoever can write the log cannot.
///
/// Errors: `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_access_log_anchor(
    access_log: *const kenpo_access_log,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_response)?;
        return_json(&handle::get(access_log)?.anchor()?, out)
    })
}

/// `to_json_lines`: writes every entry of the log as JSON lines (the file form) to a new
/// `kenpo_string` at `*out_lines`, owned by the caller. Entries name subjects by key: handle
/// them as personal data.
///
/// Errors: `KENPO_RESULT_INVALID_ACCESS_LOG`, `KENPO_RESULT_BAD_HANDLE`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_lines` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_access_log_to_json_lines(
    access_log: *const kenpo_access_log,
    out_lines: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_lines)?;
        return_string(handle::get(access_log)?.to_json_lines()?, out)
    })
}

/// `verify_access_log_file`: verifies the log file at `path` against the anchor file at
/// `anchor_path` (both UTF-8) and the `key_len` bytes at `key` (NULL for an unkeyed log),
/// without opening the log for appending, and writes the report (response
/// `verify_access_log_file.response.json`) to a new `kenpo_string` at `*out_response`, owned by
/// the caller. A break is in the report, not an error.
///
/// Errors: `KENPO_RESULT_INVALID_ACCESS_LOG` (a key shorter than 32 bytes, the file or anchor
/// cannot be read, a line is not an entry: the detail names the file and line),
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `path` and `anchor_path` must point to their lengths of bytes, `key` to `key_len` bytes or
/// be NULL; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_verify_access_log_file(
    path: *const c_char,
    path_len: usize,
    anchor_path: *const c_char,
    anchor_path_len: usize,
    key: *const u8,
    key_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_response)?;
        let report = kenpo_api::access::verify_access_log_file(
            text(path, path_len)?.to_owned(),
            text(anchor_path, anchor_path_len)?.to_owned(),
            optional_key(key, key_len)?,
        )?;
        return_json(&report, out)
    })
}

/// `decide`: decides an access request about members of `master` (request
/// `decide.request.json`: actor, purpose, recipient, subjects by key, fields, day and time, the facts the
/// conditions need) against the catalog, records the decision in `access_log` first, and writes
/// the answer (response `decide.response.json`: `permitted`, the minimised view of each subject,
/// or the denial naming the field or condition) to a new `kenpo_string` at `*out_response`,
/// owned by the caller. A denial is an answer, not an error. Views hold personal data.
///
/// Errors: `KENPO_RESULT_INVALID_ACCESS_REQUEST` (a purpose or recipient not in the catalog),
/// `KENPO_RESULT_UNKNOWN_MEMBER` (a subject not in the master that day; by position and masked
/// key), `KENPO_RESULT_HANDLE_POISONED`,
/// `KENPO_RESULT_INVALID_IDENTIFIER`, `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_INVALID_JSON`
/// (also an unknown field name), `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_INVALID_UTF8`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_access_decide(
    catalog: *const kenpo_purpose_catalog,
    access_log: *const kenpo_access_log,
    master: *const kenpo_member_master,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    decision_on_master(
        catalog,
        access_log,
        master,
        request_json,
        request_len,
        out_response,
        |c, l, m, r| c.decide(l, m, r),
    )
}

/// `answer_eligibility_inquiry`: answers an eligibility inquiry (資格照会, A8; request
/// `answer_eligibility_inquiry.request.json`) from `master` as of its day, after logging the
/// decision: the six fields (response `answer_eligibility_inquiry.response.json`) to a new
/// `kenpo_string` at `*out_response`, owned by the caller. Personal data.
///
/// Errors: `KENPO_RESULT_RULE_REFUSED` (denied and logged: the asker not confirmed, a recipient
/// A8 does not name), `KENPO_RESULT_UNKNOWN_MEMBER`, `KENPO_RESULT_INVALID_ACCESS_REQUEST`,
/// `KENPO_RESULT_HANDLE_POISONED`, `KENPO_RESULT_INVALID_IDENTIFIER`,
/// `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_BAD_HANDLE`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_answer_eligibility_inquiry(
    catalog: *const kenpo_purpose_catalog,
    access_log: *const kenpo_access_log,
    master: *const kenpo_member_master,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    decision_on_master(
        catalog,
        access_log,
        master,
        request_json,
        request_len,
        out_response,
        |c, l, m, r| c.answer_eligibility_inquiry(l, m, r),
    )
}

/// `clinic_inquiry`: the inquiry to the clinic about a visit outside eligibility (C2) that a
/// receipt finding's `inquiry` calls for (request `clinic_inquiry.request.json`), after logging
/// the decision; the inquiry (response `clinic_inquiry.response.json`: 保険者名, 記号・番号, 氏名,
/// 生年月日, 資格喪失日, 受診日) to a new `kenpo_string` at `*out_response`, owned by the caller.
///
/// Errors: `KENPO_RESULT_RULE_REFUSED` (denied and logged: the clinic not confirmed),
/// `KENPO_RESULT_UNKNOWN_MEMBER`, `KENPO_RESULT_HANDLE_POISONED`,
/// `KENPO_RESULT_INVALID_IDENTIFIER`, `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_INVALID_JSON`,
/// `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_clinic_inquiry(
    catalog: *const kenpo_purpose_catalog,
    access_log: *const kenpo_access_log,
    master: *const kenpo_member_master,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    decision_on_master(
        catalog,
        access_log,
        master,
        request_json,
        request_len,
        out_response,
        |c, l, m, r| c.clinic_inquiry(l, m, r),
    )
}

/// `disclose`: answers a disclosure request (開示請求, C9; request `disclose.request.json`) by
/// the subject or an admitted agent, after logging the decision; the export (response
/// `disclose.response.json`) to a new `kenpo_string` at `*out_response`, owned by the caller.
///
/// Errors: `KENPO_RESULT_RULE_REFUSED` (denied and logged: the actor is neither the subject nor
/// an agent admitted for them), `KENPO_RESULT_UNKNOWN_MEMBER`,
/// `KENPO_RESULT_HANDLE_POISONED`, `KENPO_RESULT_INVALID_IDENTIFIER`,
/// `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_BAD_HANDLE`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_disclose(
    catalog: *const kenpo_purpose_catalog,
    access_log: *const kenpo_access_log,
    master: *const kenpo_member_master,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    decision_on_master(
        catalog,
        access_log,
        master,
        request_json,
        request_len,
        out_response,
        |c, l, m, r| c.disclose(l, m, r),
    )
}

/// `deidentified_release`: decides a de-identified release (F3, C13; request
/// `deidentified_release.request.json`), logs it, and writes the k-anonymous rows (response
/// `deidentified_release.response.json`) to a new `kenpo_string` at `*out_response`, owned by
/// the caller.
///
/// Errors: `KENPO_RESULT_RULE_REFUSED` (denied and logged), `KENPO_RESULT_INVALID_ARGUMENT` (`k`
/// below 1), `KENPO_RESULT_INVALID_ACCESS_REQUEST`, `KENPO_RESULT_UNKNOWN_MEMBER`,
/// `KENPO_RESULT_HANDLE_POISONED`, `KENPO_RESULT_INVALID_IDENTIFIER`,
/// `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_BAD_HANDLE`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_deidentified_release(
    catalog: *const kenpo_purpose_catalog,
    access_log: *const kenpo_access_log,
    master: *const kenpo_member_master,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    decision_on_master(
        catalog,
        access_log,
        master,
        request_json,
        request_len,
        out_response,
        |c, l, m, r| c.deidentified_release(l, m, r),
    )
}

/// `provision_register`: the third-party provision records (個人情報保護法 第29条) derived from
/// `access_log` (request `provision_register.request.json`: optionally one subject or one
/// recipient; response `provision_register.response.json`) to a new `kenpo_string` at
/// `*out_response`, owned by the caller.
///
/// Errors: `KENPO_RESULT_INVALID_ACCESS_LOG`, `KENPO_RESULT_INVALID_IDENTIFIER`,
/// `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_INVALID_UTF8`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_provision_register(
    catalog: *const kenpo_purpose_catalog,
    access_log: *const kenpo_access_log,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    decision(
        catalog,
        access_log,
        request_json,
        request_len,
        out_response,
        |c, l, r| c.provision_register(l, r),
    )
}

/// `dispose_items`: the held items whose retention period ended on the request's day, with the
/// method the notice prescribes (request `dispose_items.request.json`; with `record_disposals`,
/// a disposal record of each is written into `access_log`); the list (response
/// `dispose_items.response.json`) to a new `kenpo_string` at `*out_response`, owned by the
/// caller.
///
/// Errors: `KENPO_RESULT_INVALID_ACCESS_REQUEST` (a record type without a retention rule),
/// `KENPO_RESULT_INVALID_ACCESS_LOG`, `KENPO_RESULT_INVALID_IDENTIFIER`,
/// `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_BAD_HANDLE`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_dispose_items(
    catalog: *const kenpo_purpose_catalog,
    access_log: *const kenpo_access_log,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    decision(
        catalog,
        access_log,
        request_json,
        request_len,
        out_response,
        |c, l, r| c.dispose_items(l, r),
    )
}

/// `dispose_persons`: the disposal run on `master` (request `dispose_persons.request.json`: the
/// day and time): households whose retention period ended leave the master, which is changed in
/// place (save it with `kenpo_member_master_to_json` afterwards), their keys are pseudonymised
/// in `access_log` (which still verifies), and one disposal record is appended; the outcome
/// (response `dispose_persons.response.json`: households, pseudonyms, the log entry) to a new
/// `kenpo_string` at `*out_response`, owned by the caller. On failure the master is unchanged.
///
/// Errors: `KENPO_RESULT_RULE_REFUSED` (an empty master), `KENPO_RESULT_ACCESS_LOG_TAMPERED`,
/// `KENPO_RESULT_INVALID_ACCESS_LOG`, `KENPO_RESULT_HANDLE_POISONED`,
/// `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_BAD_HANDLE`,
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `request_len` bytes; `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_dispose_persons(
    catalog: *const kenpo_purpose_catalog,
    access_log: *const kenpo_access_log,
    master: *const kenpo_member_master,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    decision_on_master(
        catalog,
        access_log,
        master,
        request_json,
        request_len,
        out_response,
        |c, l, m, r| c.dispose_persons(l, m, r),
    )
}

/// `households_due_for_disposal`: the households of `master` whose retention period (record type
/// `member_master`) has ended on `on`, each with its members' keys, its completion and first
/// disposal day (response `households_due_for_disposal.response.json`), to a new `kenpo_string`
/// at `*out_response`, owned by the caller: what `kenpo_dispose_persons` would remove that day.
/// Reads only; nothing is logged. The list names keys: personal data.
///
/// Errors: `KENPO_RESULT_RULE_REFUSED` (an empty master), `KENPO_RESULT_INVALID_DATE`,
/// `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_HANDLE_POISONED`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_households_due_for_disposal(
    catalog: *const kenpo_purpose_catalog,
    master: *const kenpo_member_master,
    on: kenpo_date,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_response)?;
        let (catalog, master) = (handle::get(catalog)?, handle::get(master)?);
        return_json(
            &catalog.households_due_for_disposal(master, on.to_api()?)?,
            out,
        )
    })
}
