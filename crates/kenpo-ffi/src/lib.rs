//! # kenpo-ffi: the C ABI of kenpo
//!
//! A thin translation layer over [`kenpo_domain`] for legacy insurer systems written in C (and
//! COBOL calling C): it parses arguments, calls the domain, and maps results. No rule lives
//! here. The header `bindings/c/kenpo.h` is generated from this crate by cbindgen
//! (`crates/kenpo-ffi/cbindgen.toml`) and checked by the `header` test.
//!
//! ## Conventions (after rustls-ffi)
//!
//! - Every name starts with `kenpo_`. Objects are opaque handles with a `_new` (or a
//!   constructor-like function) and a `_free`; `_free(NULL)` does nothing.
//! - Every fallible function returns a [`kenpo_result`] and writes its outputs through
//!   out-parameters, only on success. [`kenpo_result_message`] turns a code into a message;
//!   [`kenpo_last_error_detail`] gives the detail of the last failure on the thread.
//! - `const` pointers are not mutated. Every buffer pointer is followed by its length. Text is
//!   UTF-8 with an explicit length, never NUL-terminated on input (the receipts reader takes the
//!   file's own Shift_JIS bytes).
//! - Money is `int64_t` yen where it is whole yen, and a decimal string where fractions matter.
//!   Dates are [`kenpo_date`], months [`kenpo_month`].
//! - Every function goes through one boundary (module `boundary`) that checks NULL pointers and
//!   UTF-8 and catches panics (`KENPO_RESULT_PANIC`, never an abort or an unwind into C).
//! - Handles are keys into a registry of live objects, never addresses (module `handle`): a use after
//!   free returns `KENPO_RESULT_BAD_HANDLE`, a double free does nothing.
#![deny(missing_docs)]

pub mod access;
pub mod benefits;
mod boundary;
pub mod checkup;
pub mod dependents;
pub mod foundation;
mod handle;
pub mod identifiers;
pub mod members;
pub mod notifications;
pub mod premiums;
pub mod receipts;
pub mod remuneration;
pub mod result;
pub mod society;
pub mod store;
pub mod types;

use std::os::raw::c_char;

pub use result::{kenpo_result, kenpo_result_message};
pub use types::{kenpo_date, kenpo_month, kenpo_string, kenpo_string_bytes, kenpo_string_free};

use boundary::{guard, guard_value, OutBuffer};

/// The library's version as a static NUL-terminated string (for example `"0.1.0"`). Never
/// freed by the caller.
#[no_mangle]
pub extern "C" fn kenpo_version() -> *const c_char {
    const VERSION: &std::ffi::CStr = match std::ffi::CStr::from_bytes_with_nul(
        concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes(),
    ) {
        Ok(v) => v,
        Err(_) => c"unknown",
    };
    VERSION.as_ptr()
}

/// The version of the contract: the header, the JSON forms of requests and responses (their
/// schemas under `bindings/c/schema/`) and the Kotlin/Swift records. Raised on any change a
/// host must adapt to; a host checks it at start-up against the version it was written for.
#[no_mangle]
pub extern "C" fn kenpo_abi_version() -> u32 {
    kenpo_api::ABI_VERSION
}

/// Writes the detail of the most recent failed call on the calling thread into `buf` (UTF-8,
/// not NUL-terminated) and its length into `*out_written`: which input was wrong and where (for
/// example the line of a receipts file), never personal data. Empty when no call failed yet.
///
/// Returns `KENPO_RESULT_BUFFER_TOO_SMALL` when the detail does not fit (nothing written; 1024
/// bytes is enough for every detail the library writes today). This call does not change the
/// recorded detail unless it fails itself.
///
/// # Safety
/// `buf` must point to `len` writable bytes and `out_written` to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_last_error_detail(
    buf: *mut c_char,
    len: usize,
    out_written: *mut usize,
) -> kenpo_result {
    let detail = boundary::last_error();
    guard(|| OutBuffer::new(buf, len, out_written)?.write(detail.as_bytes()))
}

/// Diagnostic: panics inside the library on purpose and returns what the boundary made of it,
/// which is always `KENPO_RESULT_PANIC`. Tests call it to prove that a panic never crosses into
/// C. Harmless: it touches no state besides the thread's last error detail.
#[no_mangle]
pub extern "C" fn kenpo_debug_force_panic() -> kenpo_result {
    guard(|| panic!("kenpo_debug_force_panic was called"))
}

/// Diagnostic: the number of live handles of every type in the process. A program that freed
/// everything it received sees 0 (tests use it as a leak check, since live objects stay
/// reachable from the registry and a leak checker would not call them lost).
#[no_mangle]
pub extern "C" fn kenpo_debug_live_handles() -> usize {
    guard_value(0, handle::live_count)
}
