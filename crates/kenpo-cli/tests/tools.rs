//! `kenpo receipts check`, `kenpo access decide`, `kenpo log verify`: exit codes 0 done,
//! 1 findings or denied, 2 bad input; JSON output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

fn kenpo(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kenpo"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run kenpo")
}

/// A small demo output shared by the tests (run once).
fn demo_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("tools-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let out = kenpo(
            &dir,
            &[
                "demo",
                "--members",
                "600",
                "--seed",
                "3",
                "--months",
                "1",
                "--out",
                "out",
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn receipts_check_without_and_with_the_master() {
    let dir = demo_dir();
    let plain = kenpo(
        dir,
        &["receipts", "check", "out/2026-09/RECEIPTC.UKE", "--json"],
    );
    // The demo plants people seen at three institutions in a month: the 点検 lists them
    // (LONG-5) without the master, so something is reported.
    assert_eq!(plain.status.code(), Some(1));
    let v = json_of(&plain);
    assert_eq!(v["accounted"], true);
    assert_eq!(v["rejected"], 0);
    assert_eq!(v["checked_against_master"], false);
    assert!(v["lines"].as_array().unwrap().is_empty());
    let by_kind: u64 = v["by_kind"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(by_kind, v["parsed"].as_u64().unwrap());
    let by_layout: u64 = v["by_layout"]
        .as_object()
        .unwrap()
        .values()
        .map(|c| c["parsed"].as_u64().unwrap())
        .sum();
    assert_eq!(by_layout, v["parsed"].as_u64().unwrap());
    let many = v["review"]["by_check"]["LONG-5"].as_u64().unwrap();
    assert!(many > 0);
    assert_eq!(v["review"]["candidates"].as_u64(), Some(many));

    let checked = kenpo(
        dir,
        &[
            "receipts",
            "check",
            "out/2026-09/RECEIPTC.UKE",
            "--store",
            "out/demo.sqlite",
            "--json",
        ],
    );
    assert_eq!(checked.status.code(), Some(1));
    let v = json_of(&checked);
    // The same findings as the month run wrote (one CSV line each, after the header).
    let findings = std::fs::read_to_string(dir.join("out/2026-09/findings.csv")).unwrap();
    let found: u64 = v["findings_by_rule"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(found as usize, findings.lines().count() - 1);
    assert!(found > 0);
    // The 点検 (no master) and C5 (with it) find the same people.
    assert_eq!(
        v["findings_by_rule"]["C5.multiple_institutions"].as_u64(),
        Some(many)
    );
}

#[test]
fn receipts_check_every_kind_and_form_writes_the_candidates() {
    use kenpo_domain::receipt::testgen::{self, FileForm, FileKind, GeneratorOptions};
    let dir = demo_dir();
    let files = [
        (
            "11_RECODEINFO_MED.CSV",
            GeneratorOptions::new(8, 30)
                .kind(FileKind::Medical)
                .form(FileForm::Insurer),
        ),
        (
            "13_RECODEINFO_DEN.CSV",
            GeneratorOptions::new(8, 20)
                .kind(FileKind::Dental)
                .form(FileForm::Insurer),
        ),
        (
            "RECEIPTY.UKE",
            GeneratorOptions::new(8, 20).kind(FileKind::Pharmacy),
        ),
        ("DPC.UKE", GeneratorOptions::new(8, 10).kind(FileKind::Dpc)),
        (
            "RECEIPTC.HEN",
            GeneratorOptions::new(8, 10)
                .kind(FileKind::Medical)
                .form(FileForm::Returns),
        ),
    ];
    for (name, opts) in &files {
        std::fs::write(dir.join(name), testgen::file(opts)).unwrap();
    }
    let mut args = vec!["receipts", "check"];
    args.extend(files.iter().map(|(n, _)| *n));
    args.extend(["--candidates", "candidates.csv", "--json"]);
    let out = kenpo(dir, &args);
    let v = json_of(&out);
    assert_eq!(v["accounted"], true);
    assert_eq!(v["rejected"], 0, "{}", v["lines"]);
    assert_eq!(v["parsed"], 90);
    assert_eq!(v["files"].as_array().unwrap().len(), 5);
    for layout in ["medical", "dental", "pharmacy", "dpc"] {
        assert!(
            v["by_layout"][layout]["parsed"].as_u64().unwrap() > 0,
            "{layout}"
        );
    }
    assert!(v["fund"]["mn_records"].as_u64().unwrap() == 50);
    assert!(v["fund"]["corrected"].as_u64().unwrap() > 0);
    let csv = std::fs::read_to_string(dir.join("candidates.csv")).unwrap();
    assert!(csv.starts_with("check,"));
    assert_eq!(
        csv.lines().count() as u64,
        v["review"]["candidates"].as_u64().unwrap() + 1
    );
    // JSON candidates.
    let out = kenpo(
        dir,
        &[
            "receipts",
            "check",
            "RECEIPTY.UKE",
            "--candidates",
            "c.json",
            "--json",
        ],
    );
    let c: Value = serde_json::from_slice(&std::fs::read(dir.join("c.json")).unwrap()).unwrap();
    assert_eq!(c["receipts"], 20);
    assert!(json_of(&out)["review"]["written_to"]
        .as_str()
        .unwrap()
        .ends_with("c.json"));
    // --strict refuses the insurer file's receipts.
    let strict = kenpo(
        dir,
        &[
            "receipts",
            "check",
            "11_RECODEINFO_MED.CSV",
            "--strict",
            "--json",
        ],
    );
    assert_eq!(strict.status.code(), Some(1));
    let v = json_of(&strict);
    assert_eq!(
        (v["parsed"].as_u64(), v["rejected"].as_u64()),
        (Some(0), Some(30))
    );
    // A master file that does not parse names itself.
    std::fs::write(dir.join("s_bad.csv"), "\"0\",\"Q\",\"1\"").unwrap();
    let bad = kenpo(
        dir,
        &[
            "receipts",
            "check",
            "RECEIPTY.UKE",
            "--fund-master",
            "s_bad.csv",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("マスター種別"));
}

#[test]
fn receipts_pseudonymise_writes_a_file_that_reads_back_the_same() {
    let dir = demo_dir();
    std::fs::write(dir.join("key.bin"), b"the society's secret key, 32 b\n").unwrap();
    let out = kenpo(
        dir,
        &[
            "receipts",
            "pseudonymise",
            "out/2026-09/RECEIPTC.UKE",
            "--key-file",
            "key.bin",
            "--out",
            "pseudo.UKE",
            "--json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_of(&out);
    let before = json_of(&kenpo(
        dir,
        &["receipts", "check", "out/2026-09/RECEIPTC.UKE", "--json"],
    ));
    let after = json_of(&kenpo(dir, &["receipts", "check", "pseudo.UKE", "--json"]));
    assert_eq!(v["receipts"], before["parsed"]);
    for k in [
        "receipts_in_file",
        "parsed",
        "rejected",
        "points",
        "by_kind",
        "by_layout",
    ] {
        assert_eq!(after[k], before[k], "{k}");
    }
    // The same people are found at three institutions: pseudonyms keep persons apart and
    // together.
    assert_eq!(after["review"]["by_check"], before["review"]["by_check"]);
    // A short key is refused.
    std::fs::write(dir.join("short.key"), b"short").unwrap();
    let bad = kenpo(
        dir,
        &[
            "receipts",
            "pseudonymise",
            "out/2026-09/RECEIPTC.UKE",
            "--key-file",
            "short.key",
            "--out",
            "x.UKE",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("16"));
}

#[test]
fn receipts_check_damaged_file_accounts_for_every_receipt() {
    let dir = demo_dir();
    let bytes = std::fs::read(dir.join("out/2026-09/RECEIPTC.UKE")).unwrap();
    // Cut in the middle of the file: the receipt cut short is rejected, the rest still counted.
    let cut = dir.join("cut.UKE");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let out = kenpo(dir, &["receipts", "check", "cut.UKE", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(v["accounted"], true);
    assert!(!v["lines"].as_array().unwrap().is_empty());
    let missing = kenpo(dir, &["receipts", "check", "no-such-file.UKE"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no-such-file.UKE"));
    let bad_master = kenpo(
        dir,
        &[
            "receipts",
            "check",
            "out/2026-09/RECEIPTC.UKE",
            "--master",
            "out/2026-09/summary.json",
        ],
    );
    assert_eq!(bad_master.status.code(), Some(2));
}

#[test]
fn log_verify_finds_an_edited_and_a_removed_entry() {
    let dir = demo_dir();
    let ok = kenpo(
        dir,
        &["log", "verify", "out/2026-09/access-log.jsonl", "--json"],
    );
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(json_of(&ok)["intact"], true);
    let text = std::fs::read_to_string(dir.join("out/2026-09/access-log.jsonl")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 3);

    let edited = dir.join("edited.jsonl");
    std::fs::write(&edited, text.replacen("\"C10\"", "\"C11\"", 1)).unwrap();
    let out = kenpo(dir, &["log", "verify", "edited.jsonl", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(json_of(&out)["problem"]
        .as_str()
        .unwrap()
        .contains("edited"));

    let removed = dir.join("removed.jsonl");
    let without_second: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, l)| *l)
        .collect();
    std::fs::write(&removed, without_second.join("\n")).unwrap();
    assert_eq!(
        kenpo(dir, &["log", "verify", "removed.jsonl"])
            .status
            .code(),
        Some(1)
    );

    let swapped = dir.join("swapped.jsonl");
    let mut order = lines.clone();
    order.swap(0, 1);
    std::fs::write(&swapped, order.join("\n")).unwrap();
    assert_eq!(
        kenpo(dir, &["log", "verify", "swapped.jsonl"])
            .status
            .code(),
        Some(1)
    );

    let garbage = dir.join("garbage.jsonl");
    std::fs::write(&garbage, "not json\n").unwrap();
    assert_eq!(
        kenpo(dir, &["log", "verify", "garbage.jsonl"])
            .status
            .code(),
        Some(2)
    );
}

/// The default catalog: F4 gives the AI risk-report vendor the age, never the birth date, and only
/// for members of 65 and over; A8 answers a confirmed clinic with the six fields.
#[test]
fn access_decide_permit_deny_and_bad_input() {
    let dir = demo_dir();
    let at = "2026-09-01T09:00:00";
    let permit = kenpo(
        dir,
        &[
            "access",
            "decide",
            "--purpose",
            "F4",
            "--recipient",
            "ai_report_vendor",
            "--fields",
            "member_key,age,sex",
            "--birth",
            "1950-01-01",
            "--at",
            at,
            "--json",
        ],
    );
    assert_eq!(permit.status.code(), Some(0));
    let v = json_of(&permit);
    assert_eq!(v["outcome"], "permit");
    assert_eq!(v["fields"], serde_json::json!(["member_key", "age", "sex"]));

    let birth = kenpo(
        dir,
        &[
            "access",
            "decide",
            "--purpose",
            "F4",
            "--recipient",
            "ai_report_vendor",
            "--fields",
            "member_key,birth_date",
            "--birth",
            "1950-01-01",
            "--at",
            at,
            "--json",
        ],
    );
    assert_eq!(birth.status.code(), Some(1));
    assert!(json_of(&birth)["reason"]
        .as_str()
        .unwrap()
        .contains("birth_date"));

    let young = kenpo(
        dir,
        &[
            "access",
            "decide",
            "--purpose",
            "F4",
            "--recipient",
            "ai_report_vendor",
            "--fields",
            "member_key,age",
            "--birth",
            "1990-01-01",
            "--at",
            at,
        ],
    );
    assert_eq!(young.status.code(), Some(1));

    let six = "member_key,name,birth_date,sex,acquisition_date,loss_date";
    let unconfirmed = kenpo(
        dir,
        &[
            "access",
            "decide",
            "--purpose",
            "A8",
            "--recipient",
            "clinic",
            "--fields",
            six,
            "--at",
            at,
        ],
    );
    assert_eq!(unconfirmed.status.code(), Some(1));
    let log = dir.join("decide-log.jsonl");
    let _ = std::fs::remove_file(&log);
    let confirmed = kenpo(
        dir,
        &[
            "access",
            "decide",
            "--purpose",
            "A8",
            "--recipient",
            "clinic",
            "--fields",
            six,
            "--at",
            at,
            "--requester-confirmed",
            "--log",
            log.to_str().unwrap(),
        ],
    );
    assert_eq!(confirmed.status.code(), Some(0));
    assert_eq!(
        kenpo(dir, &["log", "verify", log.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );

    for (args, flag) in [
        (
            vec![
                "--purpose",
                "Z9",
                "--recipient",
                "clinic",
                "--fields",
                "name",
            ],
            "--purpose",
        ),
        (
            vec![
                "--purpose",
                "A8",
                "--recipient",
                "nobody",
                "--fields",
                "name",
            ],
            "--recipient",
        ),
        (
            vec![
                "--purpose",
                "A8",
                "--recipient",
                "clinic",
                "--fields",
                "name,shoe_size",
            ],
            "--fields",
        ),
        (
            vec![
                "--purpose",
                "A8",
                "--recipient",
                "clinic",
                "--fields",
                "name",
                "--at",
                "yesterday",
            ],
            "--at",
        ),
    ] {
        let mut all = vec!["access", "decide"];
        all.extend(args);
        let out = kenpo(dir, &all);
        assert_eq!(out.status.code(), Some(2), "{all:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(flag),
            "{all:?}"
        );
    }
}
