//! The one boundary every exported function goes through.
//!
//! [`guard`] runs the body of an exported function, turns an `Err(code)` into that code and a
//! caught panic into `KENPO_RESULT_PANIC`, and records the detail of a failure for
//! `kenpo_last_error_detail`. The argument helpers below check NULL pointers, UTF-8 and lengths,
//! so that no exported function dereferences a C pointer by hand. Out-parameters are checked
//! for NULL *before* the work and written *after* it, so outputs are written only on success.
use std::cell::RefCell;
use std::os::raw::c_char;
use std::panic::{self, AssertUnwindSafe};

use crate::result::kenpo_result;

/// A failure on its way to C: the code, and the detail for `kenpo_last_error_detail`.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) code: kenpo_result,
    pub(crate) detail: String,
}

impl Failure {
    /// A failure with a detail (which must never contain personal data; domain errors'
    /// messages do not).
    pub(crate) fn new(code: kenpo_result, detail: impl Into<String>) -> Self {
        Failure {
            code,
            detail: detail.into(),
        }
    }

    /// A failure whose detail is the domain error's message.
    pub(crate) fn from_error(code: kenpo_result, error: &dyn std::error::Error) -> Self {
        Failure::new(code, error.to_string())
    }
}

impl From<kenpo_result> for Failure {
    fn from(code: kenpo_result) -> Self {
        Failure {
            code,
            detail: code.message().to_owned(),
        }
    }
}

/// The result of the body of an exported function.
pub(crate) type FfiResult<T = ()> = Result<T, Failure>;

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

fn record(detail: String) {
    // `try_with`: during thread teardown the slot may be gone; the code is still returned.
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            *slot = detail;
        }
    });
}

pub(crate) fn last_error() -> String {
    LAST_ERROR
        .try_with(|slot| slot.try_borrow().map(|s| s.clone()).unwrap_or_default())
        .unwrap_or_default()
}

fn panic_detail(payload: &(dyn std::any::Any + Send)) -> String {
    // Panic messages come from our own code (never from input text), so they carry no personal
    // data; they are what a bug report needs.
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    format!("panic caught at the C boundary: {text}")
}

/// Runs the body of an exported function that returns `kenpo_result`.
pub(crate) fn guard<F>(body: F) -> kenpo_result
where
    F: FnOnce() -> FfiResult,
{
    // AssertUnwindSafe: state shared across calls lives in handles behind a `Mutex`, which is
    // poisoned by a panic and then reported as KENPO_RESULT_HANDLE_POISONED.
    match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => kenpo_result::Ok,
        Ok(Err(failure)) => {
            record(failure.detail);
            failure.code
        }
        Err(payload) => {
            record(panic_detail(payload.as_ref()));
            kenpo_result::Panic
        }
    }
}

/// Runs the body of an exported function that returns nothing (the `_free` functions): a panic
/// is caught and dropped, never unwound into C.
pub(crate) fn guard_void<F: FnOnce()>(body: F) {
    if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(body)) {
        record(panic_detail(payload.as_ref()));
    }
}

/// Runs the body of an exported function that returns a value without failing (accessors of
/// plain values): a panic yields `fallback`.
pub(crate) fn guard_value<T, F: FnOnce() -> T>(fallback: T, body: F) -> T {
    match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(v) => v,
        Err(payload) => {
            record(panic_detail(payload.as_ref()));
            fallback
        }
    }
}

/// Borrows `len` bytes at `ptr`. NULL is refused even when `len` is 0.
///
/// # Safety
/// `ptr` must be NULL or point to `len` readable bytes that stay unchanged during the call.
pub(crate) unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> FfiResult<&'a [u8]> {
    if ptr.is_null() {
        return Err(kenpo_result::NullArgument.into());
    }
    if len > isize::MAX as usize {
        return Err(kenpo_result::InvalidArgument.into());
    }
    // SAFETY: non-NULL, length within isize::MAX, and the caller promises `len` readable bytes.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Borrows `len` bytes at `ptr` as UTF-8 text.
///
/// # Safety
/// As [`bytes`].
pub(crate) unsafe fn text<'a>(ptr: *const c_char, len: usize) -> FfiResult<&'a str> {
    // SAFETY: forwarded from the caller.
    let raw = unsafe { bytes(ptr.cast::<u8>(), len) }?;
    std::str::from_utf8(raw).map_err(|e| {
        Failure::new(
            kenpo_result::InvalidUtf8,
            format!(
                "text is not UTF-8: invalid byte at offset {}",
                e.valid_up_to()
            ),
        )
    })
}

/// Borrows the value at `ptr` (an input struct such as `kenpo_date`).
///
/// # Safety
/// `ptr` must be NULL or point to a valid, initialised `T`.
pub(crate) unsafe fn value<T: Copy>(ptr: *const T) -> FfiResult<T> {
    if ptr.is_null() {
        return Err(kenpo_result::NullArgument.into());
    }
    // SAFETY: non-NULL and the caller promises a valid `T`.
    Ok(unsafe { ptr.read() })
}

/// Borrows `count` values at `ptr` as a slice; NULL is allowed when `count` is 0.
///
/// # Safety
/// `ptr` must be NULL or point to `count` valid values that stay unchanged during the call.
pub(crate) unsafe fn slice<'a, T>(ptr: *const T, count: usize) -> FfiResult<&'a [T]> {
    if count == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(kenpo_result::NullArgument.into());
    }
    if count > isize::MAX as usize / std::mem::size_of::<T>().max(1) {
        return Err(kenpo_result::InvalidArgument.into());
    }
    // SAFETY: non-NULL, size within isize::MAX, and the caller promises `count` valid values.
    Ok(unsafe { std::slice::from_raw_parts(ptr, count) })
}

impl From<kenpo_api::KenpoError> for Failure {
    fn from(e: kenpo_api::KenpoError) -> Self {
        // The API's errors carry no personal data (field paths, rules, masked keys).
        Failure::new(e.code(), e.to_string())
    }
}

/// Reads the request record of an operation: `len` bytes of UTF-8 JSON at `ptr`, in the form
/// of `T` (its schema is committed under `bindings/c/schema/`).
///
/// # Safety
/// As [`bytes`].
pub(crate) unsafe fn request<T: serde::de::DeserializeOwned>(
    ptr: *const c_char,
    len: usize,
) -> FfiResult<T> {
    // SAFETY: forwarded from the caller.
    let input = unsafe { text(ptr, len) }?;
    let what = std::any::type_name::<T>()
        .rsplit("::")
        .next()
        .unwrap_or("request");
    Ok(kenpo_api::json::from_str(input, what)?)
}

/// The body of an operation taking a JSON request and returning a JSON response: checks the
/// out-parameter, reads the request, runs `op`, and writes the response as a new `kenpo_string`
/// (owned by the caller) only on success.
///
/// # Safety
/// `request_json` must point to `request_len` readable bytes; `out_response` must be NULL or
/// writable.
pub(crate) unsafe fn json_op<Req, Resp>(
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut crate::types::kenpo_string,
    op: impl FnOnce(Req) -> kenpo_api::KenpoResult<Resp>,
) -> kenpo_result
where
    Req: serde::de::DeserializeOwned,
    Resp: serde::Serialize,
{
    guard(|| {
        // SAFETY: forwarded from the caller.
        let out = unsafe { Out::new(out_response) }?;
        // SAFETY: forwarded from the caller.
        let req: Req = unsafe { request(request_json, request_len) }?;
        let resp = op(req)?;
        crate::types::return_json(&resp, out)
    })
}

/// [`json_op`] for an operation of an object behind a handle.
///
/// # Safety
/// As [`json_op`]; `object` must be NULL or a handle.
pub(crate) unsafe fn json_method<H, Req, Resp>(
    object: *const H,
    request_json: *const c_char,
    request_len: usize,
    out_response: *mut *mut crate::types::kenpo_string,
    op: impl FnOnce(&H::Inner, Req) -> kenpo_api::KenpoResult<Resp>,
) -> kenpo_result
where
    H: crate::handle::Handle,
    Req: serde::de::DeserializeOwned,
    Resp: serde::Serialize,
{
    guard(|| {
        // SAFETY: forwarded from the caller.
        let out = unsafe { Out::new(out_response) }?;
        let inner = crate::handle::get(object)?;
        // SAFETY: forwarded from the caller.
        let req: Req = unsafe { request(request_json, request_len) }?;
        let resp = op(&inner, req)?;
        crate::types::return_json(&resp, out)
    })
}

/// An out-parameter checked for NULL before the work and written after it.
pub(crate) struct Out<T>(*mut T);

impl<T> Out<T> {
    /// Checks `ptr` for NULL.
    ///
    /// # Safety
    /// `ptr` must be NULL or point to writable memory for a `T`.
    pub(crate) unsafe fn new(ptr: *mut T) -> FfiResult<Self> {
        if ptr.is_null() {
            Err(kenpo_result::NullArgument.into())
        } else {
            Ok(Out(ptr))
        }
    }

    /// Writes the value (without reading or dropping what was there).
    pub(crate) fn write(self, value: T) {
        // SAFETY: checked non-NULL in `new`, whose caller promised writable memory.
        unsafe { self.0.write(value) }
    }
}

/// A caller's output buffer `(buf, len, out_written)`, checked before the work.
pub(crate) struct OutBuffer {
    buf: *mut u8,
    len: usize,
    written: Out<usize>,
}

impl OutBuffer {
    /// Checks the buffer and the length out-parameter for NULL.
    ///
    /// # Safety
    /// `buf` must be NULL or point to `len` writable bytes; `out_written` NULL or writable.
    pub(crate) unsafe fn new(
        buf: *mut c_char,
        len: usize,
        out_written: *mut usize,
    ) -> FfiResult<Self> {
        if buf.is_null() {
            return Err(kenpo_result::NullArgument.into());
        }
        // SAFETY: forwarded from the caller.
        let written = unsafe { Out::new(out_written) }?;
        Ok(OutBuffer {
            buf: buf.cast::<u8>(),
            len,
            written,
        })
    }

    /// Copies `data` into the buffer and its length into `*out_written`; refuses (writing
    /// nothing) when the buffer is too small.
    pub(crate) fn write(self, data: &[u8]) -> FfiResult {
        if data.len() > self.len {
            return Err(Failure::new(
                kenpo_result::BufferTooSmall,
                format!(
                    "the answer needs {} bytes; the buffer has {}",
                    data.len(),
                    self.len
                ),
            ));
        }
        // SAFETY: `buf` is non-NULL with `len >= data.len()` writable bytes (caller's promise),
        // and cannot overlap `data`, which the library owns.
        unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), self.buf, data.len()) };
        self.written.write(data.len());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_maps_ok_error_and_panic() {
        assert_eq!(guard(|| Ok(())), kenpo_result::Ok);
        assert_eq!(
            guard(|| Err(Failure::new(
                kenpo_result::InvalidDate,
                "day 30 of February"
            ))),
            kenpo_result::InvalidDate
        );
        assert_eq!(last_error(), "day 30 of February");
        assert_eq!(guard(|| panic!("boom")), kenpo_result::Panic);
        assert!(last_error().contains("boom"));
        assert_eq!(guard_value(7, || panic!("boom")), 7);
        guard_void(|| panic!("boom"));
    }

    #[test]
    fn null_and_utf8_are_checked() {
        // SAFETY: NULL is allowed input to the helpers; the other pointers are live.
        unsafe {
            assert_eq!(
                bytes(std::ptr::null(), 0).unwrap_err().code,
                kenpo_result::NullArgument
            );
            let bad = [0xffu8, 0xfe];
            assert_eq!(
                text(bad.as_ptr().cast(), bad.len()).unwrap_err().code,
                kenpo_result::InvalidUtf8
            );
            assert_eq!(text(c"ok".as_ptr(), 2).unwrap(), "ok");
        }
    }

    #[test]
    fn json_errors_do_not_echo_values() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct S {
            n: u32,
        }
        let doc = r#"{"n": "山田"}"#;
        // SAFETY: `doc` is live.
        let f = unsafe { request::<S>(doc.as_ptr().cast(), doc.len()) }.unwrap_err();
        assert_eq!(f.code, kenpo_result::InvalidJson);
        assert!(!f.detail.contains("山田"), "{}", f.detail);
        assert!(f.detail.contains("line 1"), "{}", f.detail);
        let doc = r#"{}"#;
        // SAFETY: `doc` is live.
        let f = unsafe { request::<S>(doc.as_ptr().cast(), doc.len()) }.unwrap_err();
        assert!(f.detail.contains("missing field `n`"), "{}", f.detail);
    }

    #[test]
    fn out_buffer_writes_only_when_it_fits() {
        let mut buf = [0u8; 4];
        let mut written = 99usize;
        // SAFETY: buf and written are live locals.
        unsafe {
            let out = OutBuffer::new(buf.as_mut_ptr().cast(), buf.len(), &mut written).unwrap();
            assert_eq!(
                out.write(b"hello").unwrap_err().code,
                kenpo_result::BufferTooSmall
            );
            assert_eq!(written, 99);
            let out = OutBuffer::new(buf.as_mut_ptr().cast(), buf.len(), &mut written).unwrap();
            out.write(b"hey").unwrap();
        }
        assert_eq!((&buf[..3], written), (&b"hey"[..], 3));
    }
}
