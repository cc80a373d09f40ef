//! The society store and its monthly run (`kenpo_api::month::SocietyStore`): create or open a
//! store, import the employers' files, run a month, check a receipt file against the store's
//! member master. Files cross as pointer and length (the bytes as they are), never in JSON; the
//! answers are JSON (schemas `bindings/c/schema/NAME.response.json`).
use std::os::raw::c_char;

use kenpo_api::month::{ImportKind, NamedFile, SocietyStore};

use crate::boundary::{bytes, guard, guard_void, slice, text, Failure, FfiResult, Out};
use crate::handle::{self, Handle};
use crate::result::kenpo_result;
use crate::types::{kenpo_month, kenpo_string, return_json};

/// A society's store, open (an SQLite file). Created by `kenpo_store_create` or
/// `kenpo_store_open`, owned by the caller, freed with `kenpo_store_free` (which closes the
/// file). Calls on one store from several threads are serialised inside; another process (or
/// another handle) running or importing meanwhile gets `KENPO_RESULT_STORE_LOCKED`.
#[allow(non_camel_case_types)]
pub struct kenpo_store {
    _opaque: [u8; 0],
}

impl Handle for kenpo_store {
    type Inner = SocietyStore;
    const NAME: &'static str = "kenpo_store";
}

/// What an import file brings (`kenpo_store_import_file`).
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum kenpo_import_kind {
    /// The member master: the JSON the library writes, member events (JSON, CSV) or the
    /// 電子媒体 files.
    Members = 1,
    /// Employers' notifications and the society's records (leaves, tax status, certificates,
    /// claims, checkup results).
    Notifications = 2,
    /// Pay reports (算定基礎届, 月額変更届, 賞与支払届).
    Pay = 3,
}

/// A file handed to the library: its name (UTF-8, shown in findings and rejections) and its
/// bytes. The pointers are borrowed for the call only.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct kenpo_file {
    /// The file's name.
    pub name: *const c_char,
    /// Length of `name` in bytes.
    pub name_len: usize,
    /// The file's bytes.
    pub data: *const u8,
    /// Length of `data` in bytes.
    pub data_len: usize,
}

fn open(
    out: *mut *mut kenpo_store,
    make: impl FnOnce() -> FfiResult<SocietyStore>,
) -> kenpo_result {
    guard(|| {
        // SAFETY: forwarded from the exported function's caller.
        let out = unsafe { Out::new(out) }?;
        let store = make()?;
        out.write(handle::new_handle::<kenpo_store>(store)?);
        Ok(())
    })
}

/// `create`: creates a store at `path` (UTF-8, a new file) for the society configured by the
/// TOML text `config_toml` (`insurer_number` required) and writes a new handle to
/// `*out_store`, owned by the caller (free with `kenpo_store_free`).
///
/// Errors: `KENPO_RESULT_INVALID_SOCIETY_CONFIG` (the configuration; the detail names the key or
/// line), `KENPO_RESULT_STORE_UNUSABLE` (a file already exists at `path`, or the database cannot
/// be created; no file is left behind), `KENPO_RESULT_INVALID_UTF8`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `path` must point to `path_len` bytes and `config_toml` to `config_len` bytes; `out_store`
/// must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_store_create(
    path: *const c_char,
    path_len: usize,
    config_toml: *const c_char,
    config_len: usize,
    out_store: *mut *mut kenpo_store,
) -> kenpo_result {
    open(out_store, || {
        let path = text(path, path_len)?;
        let config = text(config_toml, config_len)?;
        Ok(SocietyStore::create(path.to_owned(), config.to_owned())?)
    })
}

/// `open`: opens the store at `path` (UTF-8) and writes a new handle to `*out_store`, owned by
/// the caller (free with `kenpo_store_free`).
///
/// Errors: `KENPO_RESULT_STORE_UNUSABLE` (no kenpo store there, written by a newer kenpo,
/// damaged), `KENPO_RESULT_STORE_LOCKED`, `KENPO_RESULT_INVALID_UTF8`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `path` must point to `path_len` bytes; `out_store` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_store_open(
    path: *const c_char,
    path_len: usize,
    out_store: *mut *mut kenpo_store,
) -> kenpo_result {
    open(out_store, || {
        let path = text(path, path_len)?;
        Ok(SocietyStore::open(path.to_owned())?)
    })
}

/// Closes and frees a store. NULL, and a handle already freed, are ignored.
#[no_mangle]
pub extern "C" fn kenpo_store_free(store: *mut kenpo_store) {
    guard_void(|| handle::free(store));
}

fn import_kind(kind: u32) -> FfiResult<ImportKind> {
    match kind {
        1 => Ok(ImportKind::Members),
        2 => Ok(ImportKind::Notifications),
        3 => Ok(ImportKind::Pay),
        _ => Err(Failure::new(
            kenpo_result::InvalidArgument,
            "kind: not one of KENPO_IMPORT_KIND_MEMBERS, _NOTIFICATIONS, _PAY",
        )),
    }
}

/// `import_file`: imports `data_len` bytes at `data`, named `file_name` (UTF-8) in every
/// rejection, as `kind` (one of `KENPO_IMPORT_KIND_*`). A row that breaks a rule is rejected
/// with its file, line, column and rule; then nothing is taken unless `accept_valid`. Writes
/// the report (response `import_file.response.json`: `taken`, the counts, every rejected row) to
/// a new `kenpo_string` at `*out_response`, owned by the caller.
///
/// Errors: `KENPO_RESULT_INVALID_IMPORT_FILE` (a file that cannot be read at all),
/// `KENPO_RESULT_INVALID_ARGUMENT` (an unknown kind), `KENPO_RESULT_STORE_LOCKED`,
/// `KENPO_RESULT_STORE_UNUSABLE`, `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_INVALID_UTF8`,
/// `KENPO_RESULT_NULL_ARGUMENT`. Rejected rows are not errors: they are in the report.
///
/// # Safety
/// `file_name` must point to `file_name_len` bytes and `data` to `data_len` bytes;
/// `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_store_import_file(
    store: *const kenpo_store,
    kind: u32,
    file_name: *const c_char,
    file_name_len: usize,
    data: *const u8,
    data_len: usize,
    accept_valid: bool,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_response)?;
        let store = handle::get(store)?;
        let kind = import_kind(kind)?;
        let name = text(file_name, file_name_len)?;
        let data = bytes(data, data_len)?;
        return_json(&store.import_bytes(kind, name, data, accept_valid)?, out)
    })
}

/// `run_month`: runs `month` with the payment fund's receipt files of the month (`file_count`
/// files at `files`; NULL when 0): premiums and notices, receipts checked, 高額療養費 and
/// 付加給付, August settlements, cash benefits, 医療費通知 and lists. Months run in order; the
/// last month again is a correction when something was imported since, and changes nothing
/// otherwise. Writes the report (response `run_month.response.json`: `status`, `version`, the
/// counts and yen totals per stage, and where the results are: `store_path`, `run_id`,
/// `result_tables`) to a new `kenpo_string` at `*out_response`, owned by the caller.
///
/// Errors: `KENPO_RESULT_RULE_REFUSED` (a month out of order; a record or rule that cannot be
/// decided), `KENPO_RESULT_RECEIPT_FILE_MISMATCH` (a receipt file of another claim month or
/// insurer), `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_STORE_LOCKED`,
/// `KENPO_RESULT_STORE_UNUSABLE`, `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_INVALID_UTF8` (a
/// file name), `KENPO_RESULT_NULL_ARGUMENT`. On any error the store is left as it was.
///
/// # Safety
/// `files` must point to `file_count` valid `kenpo_file`s (or be NULL when 0);
/// `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_store_run_month(
    store: *const kenpo_store,
    month: kenpo_month,
    files: *const kenpo_file,
    file_count: usize,
    accept_valid: bool,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_response)?;
        let store = handle::get(store)?;
        let month = month.to_api()?;
        let files = slice(files, file_count)?
            .iter()
            .map(|f| {
                Ok(NamedFile {
                    name: text(f.name, f.name_len)?.to_owned(),
                    data: bytes(f.data, f.data_len)?.to_vec(),
                })
            })
            .collect::<FfiResult<Vec<_>>>()?;
        return_json(&store.run_month(month, files, accept_valid)?, out)
    })
}

/// `check_receipt_file`: reads a receipt file (`data_len` bytes at `data`, the payment fund's
/// Shift_JIS bytes, named `file_name`) and checks it against the store's member master as it
/// stands, for the store's society (C0; C1 該当者なし, identity, 本人/家族, duplicates; C2 visits
/// outside eligibility; C5). Nothing is written to the store. Writes the report (response
/// `check_receipt_file.response.json`, the same form as `read_receipt_file`'s) to a new
/// `kenpo_string` at `*out_response`, owned by the caller; a C2 finding carries the clinic
/// inquiry (personal data).
///
/// Errors: `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
/// Problems inside the file are in the report.
///
/// # Safety
/// `file_name` must point to `file_name_len` bytes and `data` to `data_len` bytes;
/// `out_response` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_store_check_receipt_file(
    store: *const kenpo_store,
    file_name: *const c_char,
    file_name_len: usize,
    data: *const u8,
    data_len: usize,
    keep_unknown_kinds: bool,
    out_response: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_response)?;
        let store = handle::get(store)?;
        let name = text(file_name, file_name_len)?;
        let data = bytes(data, data_len)?;
        return_json(
            &store.check_receipt_bytes(name, data, keep_unknown_kinds)?,
            out,
        )
    })
}

/// `set_log_key`: seals the access log of the store's following runs with the `key_len` bytes
/// at `key` (at least 32; held by the host, never stored). A store's log keeps the sealing it
/// started with: once a run wrote a keyed log, every later run needs the same key (a wrong key
/// fails the run with `KENPO_RESULT_ACCESS_LOG_TAMPERED`, nothing written).
///
/// Errors: `KENPO_RESULT_INVALID_ACCESS_LOG` (a key shorter than 32 bytes),
/// `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `key` must point to `key_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn kenpo_store_set_log_key(
    store: *const kenpo_store,
    key: *const u8,
    key_len: usize,
) -> kenpo_result {
    guard(|| {
        let store = handle::get(store)?;
        let key = bytes(key, key_len)?;
        Ok(store.set_log_key(key.to_vec())?)
    })
}
