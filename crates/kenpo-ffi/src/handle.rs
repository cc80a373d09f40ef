//! Opaque handles: what C holds, and what is checked on every use.
//!
//! A handle given to C is **not** the address of a Rust object. It is a key into a registry of
//! live objects, drawn from a counter that never repeats within a process. The library never
//! dereferences a handle; it looks the key up. Therefore:
//!
//! - a handle that was freed, never created by this library, or of another handle type is found
//!   missing (or of the wrong type) and the call returns `KENPO_RESULT_BAD_HANDLE`: a use after
//!   free is reported, not undefined behaviour;
//! - freeing twice, or freeing a foreign value, does nothing (`_free(NULL)` too);
//! - a stale handle can never reach a newer object, since keys are not reused.
//!
//! Handles may be shared between threads: the registry is locked for the look-up only, each
//! object is reference-counted (an object freed by one thread while another uses it lives until
//! that use ends), and objects that change (the member master, the access log) are behind a
//! `Mutex`. Caller rules that remain: a borrowed pointer into an object (for example the bytes
//! of a `kenpo_string`) is valid only until that object is freed.
use std::any::Any;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::boundary::{Failure, FfiResult};
use crate::result::kenpo_result;

/// A C-visible opaque type and the Rust value a handle of it stands for.
pub(crate) trait Handle: Sized {
    /// The object behind the handle.
    type Inner: Any + Send + Sync;
    /// The C type name, for error details.
    const NAME: &'static str;
}

/// The spacing between keys; keys look like aligned pointers and are never NULL.
const KEY_STEP: usize = 16;

struct Registry {
    next: usize,
    live: BTreeMap<usize, Arc<dyn Any + Send + Sync>>,
}

fn registry() -> &'static Mutex<Registry> {
    static REGISTRY: OnceLock<Mutex<Registry>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        Mutex::new(Registry {
            next: KEY_STEP,
            live: BTreeMap::new(),
        })
    })
}

fn with_registry<R>(f: impl FnOnce(&mut Registry) -> R) -> R {
    // The registry's critical sections do not panic (map operations on usize keys); should
    // one ever poison it, its contents are still consistent, so recover them.
    let mut guard = registry().lock().unwrap_or_else(|p| p.into_inner());
    f(&mut guard)
}

/// Registers `inner` and returns the handle C receives. The caller owns it and frees it with
/// the type's `_free` function.
pub(crate) fn new_handle<H: Handle>(inner: H::Inner) -> FfiResult<*mut H> {
    let object: Arc<dyn Any + Send + Sync> = Arc::new(inner);
    with_registry(|r| {
        let key = r.next;
        r.next = key
            .checked_add(KEY_STEP)
            .ok_or_else(|| Failure::new(kenpo_result::Internal, "handle keys exhausted"))?;
        r.live.insert(key, object);
        Ok(std::ptr::without_provenance_mut::<H>(key))
    })
}

/// Looks a handle up: NULL → `KENPO_RESULT_NULL_ARGUMENT`; not live or of another type →
/// `KENPO_RESULT_BAD_HANDLE`.
pub(crate) fn get<H: Handle>(handle: *const H) -> FfiResult<Arc<H::Inner>> {
    if handle.is_null() {
        return Err(Failure::new(
            kenpo_result::NullArgument,
            format!("{} handle is NULL", H::NAME),
        ));
    }
    let object = with_registry(|r| r.live.get(&handle.addr()).cloned());
    object
        .and_then(|o| o.downcast::<H::Inner>().ok())
        .ok_or_else(|| {
            Failure::new(
                kenpo_result::BadHandle,
                format!(
                    "not a live {} handle (freed, foreign or of another type)",
                    H::NAME
                ),
            )
        })
}

/// Frees a handle: NULL, a handle already freed, a foreign value and a handle of another type
/// are all ignored.
pub(crate) fn free<H: Handle>(handle: *mut H) {
    if handle.is_null() {
        return;
    }
    let removed = with_registry(|r| {
        let key = handle.addr();
        match r.live.get(&key) {
            Some(o) if o.is::<H::Inner>() => r.live.remove(&key),
            _ => None,
        }
    });
    // Dropped outside the lock: a large object's drop does not hold up other threads.
    drop(removed);
}

/// The number of live handles of every type (for leak checks in tests).
pub(crate) fn live_count() -> usize {
    with_registry(|r| r.live.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct A;
    impl Handle for A {
        type Inner = String;
        const NAME: &'static str = "A";
    }
    struct B;
    impl Handle for B {
        type Inner = u32;
        const NAME: &'static str = "B";
    }

    #[test]
    fn use_after_free_double_free_and_type_confusion_are_caught() {
        let a = new_handle::<A>("x".to_owned()).unwrap();
        assert_eq!(get(a.cast_const()).unwrap().as_str(), "x");
        // Wrong type: a B-typed view of an A handle.
        let as_b = a.cast::<B>();
        assert_eq!(
            get(as_b.cast_const()).unwrap_err().code,
            kenpo_result::BadHandle
        );
        free(as_b); // ignored: wrong type
        assert!(get(a.cast_const()).is_ok());
        free(a);
        assert_eq!(
            get(a.cast_const()).unwrap_err().code,
            kenpo_result::BadHandle
        );
        free(a); // double free: ignored
        free(std::ptr::null_mut::<A>());
        assert_eq!(
            get(std::ptr::null::<A>()).unwrap_err().code,
            kenpo_result::NullArgument
        );
        // Keys are never reused.
        let a2 = new_handle::<A>("y".to_owned()).unwrap();
        assert_ne!(a2, a);
        free(a2);
    }

    #[test]
    fn handles_are_safe_across_threads() {
        let shared = new_handle::<A>("shared".to_owned()).unwrap() as usize;
        let threads: Vec<_> = (0..4)
            .map(|i| {
                std::thread::spawn(move || {
                    for _ in 0..200 {
                        let own = new_handle::<B>(i).unwrap();
                        assert_eq!(*get(own.cast_const()).unwrap(), i);
                        free(own);
                        // The shared handle may be freed by thread 0 meanwhile: either answer
                        // is fine, neither is undefined behaviour.
                        let _ = get(std::ptr::without_provenance::<A>(shared));
                    }
                    if i == 0 {
                        free(std::ptr::without_provenance_mut::<A>(shared));
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert!(get(std::ptr::without_provenance::<A>(shared)).is_err());
    }
}
