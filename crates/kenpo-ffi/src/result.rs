//! The one status type of the C ABI, [`kenpo_result`], and the function that turns a status into
//! a message, [`kenpo_result_message`].
//!
//! Numbers are explicit, grouped in documented ranges, and never reused once published:
//!
//! | range | meaning |
//! | --- | --- |
//! | `0` | success |
//! | `100`–`199` | the call itself was wrong: a NULL pointer, text that is not UTF-8, a buffer too small, a handle that is not live |
//! | `200`–`299` | the input was read but is not valid for its area (`2x0` identifiers and dates, `21x` society configuration, `22x` members, `23x` remuneration and premiums, `24x` receipts, `25x` benefits, `26x` access, `27x` checkups) |
//! | `300`–`399` | the input is valid but a rule refuses the request |
//! | `900`–`999` | a fault inside the library, including a caught panic |
use std::os::raw::c_char;

/// The status every fallible `kenpo_` function returns: the one table of codes of the project,
/// [`kenpo_api::ResultCode`], which the header declares as `enum kenpo_result` (cbindgen renames
/// it, `cbindgen.toml`). `KENPO_RESULT_OK` (0) is success; any other value is a failure, and no
/// out-parameter was written. The same numbers are the `code` of every error thrown in Kotlin
/// and Swift.
pub use kenpo_api::ResultCode as kenpo_result;

/// Writes the English message for `code` into `buf` (UTF-8, not NUL-terminated) and its length
/// in bytes into `*out_written`.
///
/// Returns `KENPO_RESULT_OK`; `KENPO_RESULT_INVALID_ARGUMENT` when `code` is not a known code;
/// `KENPO_RESULT_BUFFER_TOO_SMALL` when `len` is below the message's length (nothing written;
/// 256 bytes is always enough); `KENPO_RESULT_NULL_ARGUMENT` when `buf` or `out_written` is NULL.
///
/// # Safety
/// `buf` must point to `len` writable bytes and `out_written` to a writable `size_t`.
#[no_mangle]
pub unsafe extern "C" fn kenpo_result_message(
    code: u32,
    buf: *mut c_char,
    len: usize,
    out_written: *mut usize,
) -> kenpo_result {
    crate::boundary::guard(|| {
        let out = crate::boundary::OutBuffer::new(buf, len, out_written)?;
        let result = kenpo_result::from_code(code).ok_or(kenpo_result::InvalidArgument)?;
        out.write(result.message().as_bytes())
    })
}
