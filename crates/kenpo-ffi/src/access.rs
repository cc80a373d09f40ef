//! Purpose-bound access: the purpose catalog (利用目的の公表), decisions on access requests with
//! the minimised view, and the hash-chained access log.
use std::os::raw::c_char;
use std::sync::Mutex;

use chrono::NaiveDateTime;
use kenpo_domain::access::{
    log, AccessLog, Actor, Catalog, CatalogError, Field, FieldSet, JsonLinesLog, LogError,
    MemoryLog, Request, SubjectRecord,
};
use kenpo_domain::identifiers::MemberKey;
use kenpo_domain::member::MemberMaster;
use serde::Deserialize;

use crate::boundary::{guard, guard_void, json, text, Failure, FfiResult, Out};
use crate::handle::{self, Handle};
use crate::members::{kenpo_member_master, lock as lock_master};
use crate::result::kenpo_result;
use crate::types::{kenpo_string, return_json, return_string};

/// A purpose catalog: the society's published purposes of use with their data categories,
/// fields, recipients and conditions. Created by `kenpo_purpose_catalog_default` or
/// `kenpo_purpose_catalog_from_toml`, owned by the caller, freed with
/// `kenpo_purpose_catalog_free`. Immutable.
#[allow(non_camel_case_types)]
pub struct kenpo_purpose_catalog {
    _opaque: [u8; 0],
}

impl Handle for kenpo_purpose_catalog {
    type Inner = Catalog;
    const NAME: &'static str = "kenpo_purpose_catalog";
}

/// An append-only, hash-chained access log (個人情報保護法 第29条 records and every decision).
/// Created by `kenpo_access_log_new` (in memory) or `kenpo_access_log_open` (a JSON-lines file,
/// appended and flushed per decision), owned by the caller, freed with `kenpo_access_log_free`.
/// Calls from several threads are serialised inside.
#[allow(non_camel_case_types)]
pub struct kenpo_access_log {
    _opaque: [u8; 0],
}

/// The log behind a handle.
pub enum LogStore {
    /// In memory.
    Memory(MemoryLog),
    /// A JSON-lines file.
    File(Box<JsonLinesLog>),
}

impl LogStore {
    fn log(&mut self) -> &mut dyn AccessLog {
        match self {
            LogStore::Memory(m) => m,
            LogStore::File(f) => f.as_mut(),
        }
    }
}

impl Handle for kenpo_access_log {
    type Inner = Mutex<LogStore>;
    const NAME: &'static str = "kenpo_access_log";
}

fn catalog_failure(e: &CatalogError) -> Failure {
    Failure::from_error(kenpo_result::InvalidPurposeCatalog, e)
}

fn log_failure(e: &LogError) -> Failure {
    let code = match e {
        LogError::Tampered(_) => kenpo_result::AccessLogTampered,
        _ => kenpo_result::InvalidAccessLog,
    };
    Failure::from_error(code, e)
}

fn lock_log(log: &Mutex<LogStore>) -> FfiResult<std::sync::MutexGuard<'_, LogStore>> {
    log.lock().map_err(|_| {
        Failure::new(
            kenpo_result::HandlePoisoned,
            "the access log is unusable after an earlier internal error",
        )
    })
}

/// Writes a new handle to the catalog the society's published notice encodes (purposes A1–H1,
/// principles H2 and R4, retention R1–R3; `data/purpose-catalog.toml` of kenpo-domain) to
/// `*out_catalog`, owned by the caller.
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
            Catalog::default_catalog(),
        )?);
        Ok(())
    })
}

/// Loads a purpose catalog from two UTF-8 TOML documents, the catalog and the named vendors
/// (the shapes of kenpo-domain's `data/purpose-catalog.toml` and `data/purpose-vendors.toml`),
/// validating everything, and writes a new handle to `*out_catalog`, owned by the caller.
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
        let loaded = Catalog::from_toml(text(catalog, catalog_len)?, text(vendors, vendors_len)?)
            .map_err(|e| catalog_failure(&e))?;
        out.write(handle::new_handle::<kenpo_purpose_catalog>(loaded)?);
        Ok(())
    })
}

/// Frees a purpose catalog. NULL, and a handle already freed, are ignored.
#[no_mangle]
pub extern "C" fn kenpo_purpose_catalog_free(catalog: *mut kenpo_purpose_catalog) {
    guard_void(|| handle::free(catalog));
}

/// Creates an empty in-memory access log and writes its handle to `*out_log`, owned by the
/// caller (free with `kenpo_access_log_free`).
///
/// Errors: `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_log` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_access_log_new(out_log: *mut *mut kenpo_access_log) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_log)?;
        out.write(handle::new_handle::<kenpo_access_log>(Mutex::new(
            LogStore::Memory(MemoryLog::new()),
        ))?);
        Ok(())
    })
}

/// Opens (or creates) the JSON-lines access log file at `path` (UTF-8), verifying the chain it
/// already holds, and writes its handle to `*out_log`, owned by the caller. Each decision is
/// appended and flushed before any data is released.
///
/// Errors: `KENPO_RESULT_ACCESS_LOG_TAMPERED` (the file does not verify: an entry was edited,
/// removed or reordered), `KENPO_RESULT_INVALID_ACCESS_LOG` (cannot be opened, or a line is not
/// an entry), `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `path` must point to `path_len` bytes; `out_log` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_access_log_open(
    path: *const c_char,
    path_len: usize,
    out_log: *mut *mut kenpo_access_log,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_log)?;
        let opened = JsonLinesLog::open(text(path, path_len)?).map_err(|e| log_failure(&e))?;
        out.write(handle::new_handle::<kenpo_access_log>(Mutex::new(
            LogStore::File(Box::new(opened)),
        ))?);
        Ok(())
    })
}

/// Verifies the whole chain of the log (every entry's hash, every link, the sequence; for a file
/// log, what is on disk now). Writes the number of entries to `*out_entries`.
///
/// Errors: `KENPO_RESULT_ACCESS_LOG_TAMPERED` (the detail names the first bad entry),
/// `KENPO_RESULT_INVALID_ACCESS_LOG` (a file log can no longer be read, or a line is not an
/// entry), `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_entries` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_access_log_verify(
    access_log: *const kenpo_access_log,
    out_entries: *mut usize,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_entries)?;
        let l = handle::get(access_log)?;
        let entries = lock_log(&l)?.log().entries().map_err(|e| log_failure(&e))?;
        log::verify(&entries).map_err(|e| log_failure(&LogError::Tampered(e)))?;
        out.write(entries.len());
        Ok(())
    })
}

/// Writes every entry of the log as JSON lines (one entry per line, the file form) to a new
/// `kenpo_string` at `*out_lines`, owned by the caller. Entries name purposes, recipients, fields
/// and subjects' keys: handle them as personal data.
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
        let l = handle::get(access_log)?;
        let entries = lock_log(&l)?.log().entries().map_err(|e| log_failure(&e))?;
        let mut lines = String::new();
        for e in &entries {
            let line = serde_json::to_string(e)
                .map_err(|err| Failure::from_error(kenpo_result::Internal, &err))?;
            lines.push_str(&line);
            lines.push('\n');
        }
        return_string(lines, out)
    })
}

/// Frees an access log (a file log's file stays). NULL, and a handle already freed, are ignored.
#[no_mangle]
pub extern "C" fn kenpo_access_log_free(access_log: *mut kenpo_access_log) {
    guard_void(|| handle::free(access_log));
}

/// The JSON form of an access request.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestInput {
    actor: Actor,
    purpose: String,
    recipient: String,
    subjects: Vec<MemberKey>,
    fields: Vec<Field>,
    at: NaiveDateTime,
    #[serde(default)]
    requester_confirmed: bool,
    #[serde(default)]
    subject_applied: bool,
    #[serde(default)]
    counterparty: Option<String>,
}

/// The subject record of `key` as the master holds it on `on`: the identity, office and the
/// eligibility period the A8 inquiry would report.
fn subject_from_master(
    master: &MemberMaster,
    key: &MemberKey,
    on: chrono::NaiveDate,
    index: usize,
) -> FfiResult<SubjectRecord> {
    let missing = || {
        Failure::new(
            kenpo_result::UnknownMember,
            format!("subject {index} is not in the member master on the request date"),
        )
    };
    SubjectRecord::from_master(master, key, on).ok_or_else(missing)
}

/// Decides an access request against the catalog, records the decision in the log first, and
/// on a permit builds the minimised view of each subject (only the permitted fields; derived
/// fields such as the age computed on the request date).
///
/// `request_json` (UTF-8) is `{"actor": {"kind": "staff", "id": "S042"}, "purpose": "A8",
/// "recipient": "clinic", "subjects": [{"symbol", "number", "branch"}], "fields": ["member_key",
/// "name", ...], "at": "2026-07-01T10:30:00", "requester_confirmed": true, "subject_applied":
/// false, "counterparty": "大阪中央クリニック"}`; the subjects are read from `master` as of the
/// request date.
///
/// A denial is an answer, not an error: writes `*out_permitted` (true or false) and to a new
/// `kenpo_string` at `*out_json` (owned by the caller) either `{"permitted": true, "log_seq": n,
/// "views": [...], "explanation": {...}}` or `{"permitted": false, "purpose", "recipient",
/// "reason": {...}, "message": "...", "explanation": {...}}`. Views hold personal data.
///
/// Errors: `KENPO_RESULT_INVALID_ACCESS_REQUEST` (unknown purpose or recipient id),
/// `KENPO_RESULT_UNKNOWN_MEMBER` (a subject not in the master on that date; the detail gives its
/// position), `KENPO_RESULT_INVALID_JSON`, `KENPO_RESULT_BAD_HANDLE`,
/// `KENPO_RESULT_HANDLE_POISONED`, `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `request_json` must point to `len` bytes; `out_permitted` and `out_json` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_access_decide(
    catalog: *const kenpo_purpose_catalog,
    access_log: *const kenpo_access_log,
    master: *const kenpo_member_master,
    request_json: *const c_char,
    len: usize,
    out_permitted: *mut bool,
    out_json: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let (out_permitted, out_json) = (Out::new(out_permitted)?, Out::new(out_json)?);
        let (catalog, access_log, master) = (
            handle::get(catalog)?,
            handle::get(access_log)?,
            handle::get(master)?,
        );
        let input: RequestInput = json(request_json, len, "access request")?;
        let unknown = |what: &str, id: &str| {
            Failure::new(
                kenpo_result::InvalidAccessRequest,
                format!("{what} {id:?} is not in the catalog"),
            )
        };
        let purpose = catalog
            .purpose(&input.purpose)
            .ok_or_else(|| unknown("purpose", &input.purpose))?;
        let recipient = catalog
            .recipient(&input.recipient)
            .ok_or_else(|| unknown("recipient", &input.recipient))?;
        let on = input.at.date();
        let subjects: Vec<SubjectRecord> = {
            let m = lock_master(&master)?;
            input
                .subjects
                .iter()
                .enumerate()
                .map(|(i, k)| subject_from_master(&m, k, on, i))
                .collect::<FfiResult<_>>()?
        };
        let fields: FieldSet = input.fields.iter().copied().collect();
        let mut request = Request::new(
            &input.actor,
            purpose,
            recipient,
            &subjects,
            fields,
            input.at,
        );
        if input.requester_confirmed {
            request = request.requester_confirmed();
        }
        if input.subject_applied {
            request = request.subject_applied();
        }
        if let Some(name) = input.counterparty.as_deref() {
            request = request.counterparty(name);
        }
        let mut store = lock_log(&access_log)?;
        let (permitted, doc) = match catalog.decide(&request, store.log()) {
            Ok(permit) => {
                let views: Vec<_> = permit.views().collect();
                let doc = serde_json::json!({
                    "permitted": true,
                    "log_seq": permit.log_seq(),
                    "views": views,
                    "explanation": permit.explanation(),
                });
                (true, doc)
            }
            Err(denial) => {
                let doc = serde_json::json!({
                    "permitted": false,
                    "purpose": denial.purpose,
                    "recipient": denial.recipient,
                    "reason": denial.reason,
                    "message": denial.to_string(),
                    "explanation": denial.explanation,
                });
                (false, doc)
            }
        };
        drop(store);
        return_json(&doc, out_json)?;
        out_permitted.write(permitted);
        Ok(())
    })
}
