//! The society's configuration (組合の規約・設定: rates, employer share, 傷病手当金 fallback).
use std::os::raw::c_char;

use kenpo_api::Society;

use crate::boundary::{guard, guard_void, text, Out, OutBuffer};
use crate::handle::{self, Handle};
use crate::result::kenpo_result;
use crate::types::{kenpo_month, kenpo_string, return_json};

/// A loaded, validated society configuration. Created by `kenpo_society_from_toml` or
/// `kenpo_society_from_json`, owned by the caller, freed with `kenpo_society_free`. Never
/// changed after loading, so it may be shared between threads.
#[allow(non_camel_case_types)]
pub struct kenpo_society {
    _opaque: [u8; 0],
}

impl Handle for kenpo_society {
    type Inner = Society;
    const NAME: &'static str = "kenpo_society";
}

fn load(
    out: *mut *mut kenpo_society,
    parse: impl FnOnce() -> crate::boundary::FfiResult<Society>,
) -> kenpo_result {
    guard(|| {
        // SAFETY: forwarded from the exported function's caller.
        let out = unsafe { Out::new(out) }?;
        let config = parse()?;
        out.write(handle::new_handle::<kenpo_society>(config)?);
        Ok(())
    })
}

/// Loads a society configuration from `len` bytes of UTF-8 TOML at `toml` (the form of
/// `examples/config/sample-society.toml`) and writes a new handle to `*out_society`. The
/// caller owns it and frees it with `kenpo_society_free`.
///
/// Errors: `KENPO_RESULT_INVALID_SOCIETY_CONFIG` (syntax, unknown key, a rate outside the
/// statutory range, overlapping periods; the detail names the key or line),
/// `KENPO_RESULT_INVALID_UTF8`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `toml` must point to `len` readable bytes; `out_society` to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kenpo_society_from_toml(
    toml: *const c_char,
    len: usize,
    out_society: *mut *mut kenpo_society,
) -> kenpo_result {
    load(out_society, || {
        Ok(Society::from_toml(text(toml, len)?.to_owned())?)
    })
}

/// Loads a society configuration from `len` bytes of UTF-8 JSON at `json` (the same keys as
/// the TOML form) and writes a new handle to `*out_society`, owned by the caller (free with
/// `kenpo_society_free`).
///
/// Errors: as `kenpo_society_from_toml`.
///
/// # Safety
/// `json` must point to `len` readable bytes; `out_society` to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kenpo_society_from_json(
    json: *const c_char,
    len: usize,
    out_society: *mut *mut kenpo_society,
) -> kenpo_result {
    load(out_society, || {
        Ok(Society::from_json(text(json, len)?.to_owned())?)
    })
}

/// Writes the society's name (組合名, UTF-8) into `buf` and its length into `*out_written`.
///
/// Errors: `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_BUFFER_TOO_SMALL`,
/// `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `buf` must point to `len` writable bytes and `out_written` to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_society_name(
    society: *const kenpo_society,
    buf: *mut c_char,
    len: usize,
    out_written: *mut usize,
) -> kenpo_result {
    guard(|| {
        let out = OutBuffer::new(buf, len, out_written)?;
        let config = handle::get(society)?;
        out.write(config.config().name.as_bytes())
    })
}

/// Frees a society configuration. NULL, and a handle already freed, are ignored.
#[no_mangle]
pub extern "C" fn kenpo_society_free(society: *mut kenpo_society) {
    guard_void(|| handle::free(society));
}

/// Writes the premium rates in force in `month` as JSON (the form of
/// `bindings/c/schema/rates_for.response.json`; `null` when the configuration has none) into a
/// new `kenpo_string` at `*out_json`, owned by the caller.
///
/// Errors: `KENPO_RESULT_INVALID_DATE`, `KENPO_RESULT_BAD_HANDLE`, `KENPO_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `out_json` must be writable.
#[no_mangle]
pub unsafe extern "C" fn kenpo_society_rates_for(
    society: *const kenpo_society,
    month: kenpo_month,
    out_json: *mut *mut kenpo_string,
) -> kenpo_result {
    guard(|| {
        let out = Out::new(out_json)?;
        let society = handle::get(society)?;
        return_json(&society.rates_for(month.to_api()?), out)
    })
}
