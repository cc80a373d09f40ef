//! The committed C header `bindings/c/kenpo.h` must be exactly what cbindgen generates from the
//! sources and `cbindgen.toml` (the cbindgen version is fixed by `Cargo.lock`).
//!
//! Run with `KENPO_BLESS=1` to rewrite the committed header after changing the C ABI.
use std::fs;
use std::path::{Path, PathBuf};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn committed_header_path() -> PathBuf {
    crate_dir().join("../../bindings/c/kenpo.h")
}

/// Generates the header from the crate sources rooted at `lib_rs`.
fn generate(lib_rs: &Path) -> String {
    let config = cbindgen::Config::from_file(crate_dir().join("cbindgen.toml"))
        .expect("cbindgen.toml is readable");
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(lib_rs)
        .with_src(crate_dir().join("../kenpo-api/src/code.rs"))
        .generate()
        .expect("cbindgen generates the header");
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("the header is UTF-8")
}

/// The check itself: `Err` with the first differing line when the committed header is stale.
fn check(generated: &str, committed: &str) -> Result<(), String> {
    if generated == committed {
        return Ok(());
    }
    let line = generated
        .lines()
        .zip(committed.lines())
        .position(|(g, c)| g != c)
        .map(|i| i + 1)
        .unwrap_or_else(|| generated.lines().count().min(committed.lines().count()) + 1);
    Err(format!(
        "bindings/c/kenpo.h differs from a fresh cbindgen generation (first at line {line}); \
         regenerate with KENPO_BLESS=1 cargo test -p kenpo-ffi --test header"
    ))
}

#[test]
fn committed_header_is_fresh() {
    let generated = generate(&crate_dir().join("src/lib.rs"));
    let path = committed_header_path();
    if std::env::var_os("KENPO_BLESS").is_some() {
        fs::write(&path, &generated).expect("write bindings/c/kenpo.h");
        return;
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    if let Err(e) = check(&generated, &committed) {
        panic!("{e}");
    }
}

/// A changed public signature without regeneration fails the check: copy the sources, change
/// the type of one parameter of an exported function, regenerate from the copy and compare
/// with the committed header.
#[test]
fn changed_signature_fails_the_check() {
    let src = crate_dir().join("src");
    let tmp = std::env::temp_dir().join(format!("kenpo-ffi-header-{}", std::process::id()));
    copy_dir(&src, &tmp);
    let result_rs = tmp.join("result.rs");
    let text = fs::read_to_string(&result_rs).expect("read copy of result.rs");
    let changed = text.replacen("    code: u32,\n", "    code: u64,\n", 1);
    assert_ne!(changed, text, "the signature to change was found");
    fs::write(&result_rs, changed).expect("write changed copy");

    let original = generate(&src.join("lib.rs"));
    let modified = generate(&tmp.join("lib.rs"));
    let _ = fs::remove_dir_all(&tmp);

    assert!(check(&original, &original).is_ok());
    let err = check(&modified, &original).expect_err("a changed signature must fail the check");
    assert!(err.contains("differs"), "{err}");
    assert!(
        modified.contains("uint64_t code"),
        "the change reached the header"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create temp dir");
    for entry in fs::read_dir(from).expect("read src") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy source file");
        }
    }
}
