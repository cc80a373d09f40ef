//! The committed Kotlin and Swift bindings (`bindings/`) must be exactly what this version of
//! uniffi (pinned by `Cargo.lock`) generates from this crate. Regenerate with
//! `scripts/generate-bindings.sh` when this test fails.

use std::fs;
use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The cdylib cargo built next to this test (`target/<profile>/libkenpo_uniffi.so`).
fn cdylib() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let deps = exe.parent().expect("deps directory");
    let name = format!(
        "{}kenpo_uniffi{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    );
    [deps.join(&name), deps.join("..").join(&name)]
        .into_iter()
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("{name} not found next to {}", exe.display()))
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).expect("prefix").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

fn check(language: uniffi::TargetLanguage, committed: &str) {
    let out =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("bindings-drift-{committed}"));
    let _ = fs::remove_dir_all(&out);
    uniffi::generate(uniffi::GenerateOptions {
        languages: vec![language],
        source: cdylib().to_string_lossy().into_owned().into(),
        out_dir: out.to_string_lossy().into_owned().into(),
        config_override: None,
        format: false,
        crate_filter: None,
        metadata_no_deps: true,
    })
    .expect("uniffi generates the bindings");
    let committed_dir = workspace_root().join("bindings").join(committed);
    let fresh = files(&out);
    assert_eq!(
        fresh,
        files(&committed_dir),
        "the generated {committed} files differ from bindings/{committed}: run scripts/generate-bindings.sh"
    );
    for file in fresh {
        let a = fs::read_to_string(out.join(&file)).expect("fresh file");
        let b = fs::read_to_string(committed_dir.join(&file)).expect("committed file");
        assert!(
            a == b,
            "bindings/{committed}/{} drifted from the generated source: run scripts/generate-bindings.sh",
            file.display()
        );
    }
}

#[test]
fn kotlin_bindings_are_up_to_date() {
    check(uniffi::TargetLanguage::Kotlin, "kotlin");
}

#[test]
fn swift_bindings_are_up_to_date() {
    check(uniffi::TargetLanguage::Swift, "swift");
}
