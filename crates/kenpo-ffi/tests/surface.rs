//! The surface table (`kenpo_api::surface::OPERATIONS`) is the one list of what a host can call.
//! This test fails when an operation in it has no C function in the committed header, no Kotlin
//! or Swift function in the committed bindings, or no call in each language's test suite
//! (`tests/c`, `tests/kotlin`, `tests/swift`), and when `docs/SURFACE.md` is not the table's
//! rendering (regenerate with `KENPO_BLESS=1 cargo test -p kenpo-ffi --test surface`).
use std::fs;
use std::path::{Path, PathBuf};

use kenpo_api::surface::{render_markdown, OPERATIONS};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> String {
    fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every file of `dir` with extension `ext`, concatenated.
fn suite(dir: &str, ext: &str) -> String {
    let mut out = String::new();
    let mut paths: Vec<_> = fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    paths.sort();
    for p in paths {
        out.push_str(&fs::read_to_string(&p).unwrap_or_default());
    }
    out
}

/// `text` calls or passes the C function `name` (followed by `(`, `,` or `)`).
fn mentions(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && matches!(after, Some('(' | ',' | ')'))
    })
}

#[test]
fn every_operation_is_bound_and_tested_in_every_language() {
    let header = read("bindings/c/kenpo.h");
    let kotlin = read("bindings/kotlin/jp/kenpo/kenpo.kt");
    let swift = read("bindings/swift/Kenpo.swift");
    let (c_tests, kotlin_tests, swift_tests) = (
        suite("tests/c", "c"),
        suite("tests/kotlin", "kt"),
        suite("tests/swift", "swift"),
    );
    let mut missing = Vec::new();
    for op in OPERATIONS {
        let camel = op.camel_name();
        let checks = [
            ("C header", header.contains(&format!("{}(", op.c))),
            (
                "Kotlin binding",
                kotlin.contains(&format!("fun `{camel}`(")),
            ),
            // A Swift keyword (`open`) is escaped with backticks.
            (
                "Swift binding",
                swift.contains(&format!("func {camel}("))
                    || swift.contains(&format!("func `{camel}`(")),
            ),
            ("C test", mentions(&c_tests, op.c)),
            ("Kotlin test", kotlin_tests.contains(&format!("{camel}("))),
            ("Swift test", swift_tests.contains(&format!("{camel}("))),
        ];
        for (what, ok) in checks {
            if !ok {
                missing.push(format!("{} ({}): no {what}", op.name, op.c));
            }
        }
    }
    assert!(missing.is_empty(), "surface gaps:\n{}", missing.join("\n"));
}

#[test]
fn docs_surface_is_the_rendered_table() {
    let rendered = render_markdown();
    let path = root().join("docs/SURFACE.md");
    if std::env::var_os("KENPO_BLESS").is_some() {
        fs::write(&path, &rendered).expect("write docs/SURFACE.md");
        return;
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == rendered,
        "docs/SURFACE.md is stale: KENPO_BLESS=1 cargo test -p kenpo-ffi --test surface"
    );
}
