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

fn verify(dir: &Path, log: &str, anchor: &str, key: Option<&str>) -> Output {
    let mut args = vec!["log", "verify", log, "--anchor", anchor, "--json"];
    if let Some(k) = key {
        args.extend(["--key-file", k]);
    }
    kenpo(dir, &args)
}

#[test]
fn log_verify_finds_an_edited_a_removed_and_a_cut_entry() {
    let dir = demo_dir();
    let anchor = "out/2026-09/access-log.anchor.json";
    let ok = verify(dir, "out/2026-09/access-log.jsonl", anchor, None);
    assert_eq!(ok.status.code(), Some(0));
    let v = json_of(&ok);
    assert_eq!(v["intact"], true);
    assert_eq!(v["keyed"], false);
    assert!(v["sealing"].as_str().unwrap().contains("UNKEYED"), "{v}");
    let text = std::fs::read_to_string(dir.join("out/2026-09/access-log.jsonl")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 3);
    let write = |name: &str, lines: &[&str]| {
        std::fs::write(dir.join(name), lines.join("\n") + "\n").unwrap();
    };

    std::fs::write(
        dir.join("edited.jsonl"),
        text.replacen("\"C10\"", "\"C11\"", 1),
    )
    .unwrap();
    let out = verify(dir, "edited.jsonl", anchor, None);
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert!(v["problem"].as_str().unwrap().contains("edited"), "{v}");
    assert_eq!(v["first_bad_entry"], 0);

    let without_second: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, l)| *l)
        .collect();
    write("removed.jsonl", &without_second);
    let out = verify(dir, "removed.jsonl", anchor, None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_of(&out)["first_bad_entry"], 1);

    // The tail: the chain is intact, the anchor is not.
    write("cut.jsonl", &lines[..lines.len() - 1]);
    let out = verify(dir, "cut.jsonl", anchor, None);
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(v["first_bad_entry"], lines.len() - 1);
    assert!(v["problem"].as_str().unwrap().contains("removed"), "{v}");

    let mut order = lines.clone();
    order.swap(0, 1);
    write("swapped.jsonl", &order);
    assert_eq!(
        verify(dir, "swapped.jsonl", anchor, None).status.code(),
        Some(1)
    );

    // Bad input: a line that is not JSON, a missing anchor, a short key file.
    std::fs::write(dir.join("garbage.jsonl"), "not json\n").unwrap();
    let out = verify(dir, "garbage.jsonl", anchor, None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1: not JSON"));
    let out = verify(dir, "out/2026-09/access-log.jsonl", "no-anchor.json", None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing"));
    std::fs::write(dir.join("short.key"), "too short\n").unwrap();
    let out = verify(
        dir,
        "out/2026-09/access-log.jsonl",
        anchor,
        Some("short.key"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--key-file"));
}

/// Keys of the demo master: an eligible insured person of 65 or over and one under 40 on
/// `on`, as `SYMBOL:NUMBER:BRANCH`.
fn members(dir: &Path, on: chrono::NaiveDate) -> (String, String) {
    use kenpo_domain::age::age_reached_on;
    use kenpo_domain::member::MemberMaster;
    let text = std::fs::read_to_string(dir.join("out/master.json")).unwrap();
    let m = MemberMaster::from_json(&text).unwrap();
    let pick = |old: bool| {
        m.persons()
            .find(|r| {
                let age = r
                    .birth_date()
                    .and_then(|b| age_reached_on(b, on))
                    .unwrap_or(0);
                !r.is_dependent() && r.is_eligible_on(on) && if old { age >= 66 } else { age < 40 }
            })
            .map(|r| {
                let k = r.key();
                format!("{}:{}:{}", k.symbol, k.number, k.branch)
            })
            .unwrap()
    };
    (pick(true), pick(false))
}

/// The default catalog: F4 gives the AI risk-report vendor the age, never the birth date, and only
/// for members of 65 and over; A8 answers a confirmed clinic with the six fields. The subject is
/// read from the master; the decision goes to a keyed, anchored log.
#[test]
fn access_decide_permit_deny_and_bad_input() {
    let dir = demo_dir();
    let at = "2026-09-01T09:00:00";
    let (senior, young) = members(dir, chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap());
    let decide = |member: &str, purpose: &str, recipient: &str, fields: &str, extra: &[&str]| {
        let mut args = vec![
            "access",
            "decide",
            "--master",
            "out/master.json",
            "--member",
            member,
            "--purpose",
            purpose,
            "--recipient",
            recipient,
            "--fields",
            fields,
            "--at",
            at,
            "--json",
        ];
        args.extend(extra);
        kenpo(dir, &args)
    };
    let permit = decide(&senior, "F4", "ai_report_vendor", "member_key,age,sex", &[]);
    assert_eq!(
        permit.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&permit.stderr)
    );
    let v = json_of(&permit);
    assert_eq!(v["outcome"], "permit");
    assert_eq!(v["fields"], serde_json::json!(["member_key", "age", "sex"]));

    let birth = decide(
        &senior,
        "F4",
        "ai_report_vendor",
        "member_key,birth_date",
        &[],
    );
    assert_eq!(birth.status.code(), Some(1));
    assert!(json_of(&birth)["reason"]
        .as_str()
        .unwrap()
        .contains("birth_date"));

    let out = decide(&young, "F4", "ai_report_vendor", "member_key,age", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(json_of(&out)["reason"]
        .as_str()
        .unwrap()
        .contains("subject #0"));

    let six = "member_key,name,birth_date,sex,acquisition_date,loss_date";
    assert_eq!(
        decide(&young, "A8", "clinic", six, &[]).status.code(),
        Some(1)
    );

    // A keyed, anchored log: created by the first decision, continued by the second.
    let (log, anchor, key) = ("decide-log.jsonl", "decide-anchor.json", "decide.key");
    for f in [log, anchor] {
        let _ = std::fs::remove_file(dir.join(f));
    }
    std::fs::write(
        dir.join(key),
        "a host-held secret of at least thirty-two bytes\n",
    )
    .unwrap();
    let logged = [
        "--requester-confirmed",
        "--log",
        log,
        "--anchor",
        anchor,
        "--key-file",
        key,
    ];
    for _ in 0..2 {
        let out = decide(&young, "A8", "clinic", six, &logged);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(json_of(&out)["log_keyed"], true);
    }
    let ok = verify(dir, log, anchor, Some(key));
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(json_of(&ok)["keyed"], true);
    assert_eq!(json_of(&ok)["entries"], 2);
    // Without the key, or with another one, it cannot be verified.
    assert_eq!(verify(dir, log, anchor, None).status.code(), Some(1));
    std::fs::write(dir.join("other.key"), [9u8; 40]).unwrap();
    let wrong = verify(dir, log, anchor, Some("other.key"));
    assert_eq!(wrong.status.code(), Some(1));
    assert!(json_of(&wrong)["problem"]
        .as_str()
        .unwrap()
        .contains("not the key"));
    // Appending with a stale anchor (an older copy) is refused, and writes nothing.
    let before = std::fs::read(dir.join(log)).unwrap();
    std::fs::write(dir.join("stale.json"), {
        let a: Value = serde_json::from_slice(&std::fs::read(dir.join(anchor)).unwrap()).unwrap();
        let mut a = a;
        a["entries"] = 1.into();
        a["last_seq"] = 0.into();
        serde_json::to_vec(&a).unwrap()
    })
    .unwrap();
    let stale = [
        "--requester-confirmed",
        "--log",
        log,
        "--anchor",
        "stale.json",
        "--key-file",
        key,
    ];
    let out = decide(&young, "A8", "clinic", six, &stale);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(dir.join(log)).unwrap(), before);
    // A log without its anchor is refused at parse time.
    let out = decide(&young, "A8", "clinic", six, &["--log", log]);
    assert_eq!(out.status.code(), Some(2));

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
        (
            vec![
                "--purpose",
                "A8",
                "--recipient",
                "clinic",
                "--fields",
                "name",
                "--member",
                "1:2",
            ],
            "--member",
        ),
        (
            vec![
                "--purpose",
                "A8",
                "--recipient",
                "clinic",
                "--fields",
                "name",
                "--member",
                "1:2:00",
            ],
            "--member",
        ),
    ] {
        let mut all = vec!["access", "decide", "--master", "out/master.json"];
        if !args.contains(&"--member") {
            all.extend(["--member", young.as_str()]);
        }
        all.extend(args);
        let out = kenpo(dir, &all);
        assert_eq!(out.status.code(), Some(2), "{all:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(flag),
            "{all:?}"
        );
    }
    // A master of an unknown version is refused with its reason.
    std::fs::write(
        dir.join("future-master.json"),
        r#"{"format":"kenpo-member-master","version":9}"#,
    )
    .unwrap();
    let out = kenpo(
        dir,
        &[
            "access",
            "decide",
            "--master",
            "future-master.json",
            "--member",
            &young,
            "--purpose",
            "A8",
            "--recipient",
            "clinic",
            "--fields",
            "name",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("version 9"));
}

/// `kenpo access dispose`: households whose retention period ended leave the master, the log
/// still verifies against its anchor, an empty master is refused and nothing is written.
#[test]
fn access_dispose_removes_households_and_the_log_still_verifies() {
    use kenpo_domain::member::MemberMaster;
    let dir = demo_dir();
    for (from, to) in [
        ("out/master.json", "dispose-master.json"),
        ("out/2026-09/access-log.jsonl", "dispose-log.jsonl"),
        ("out/2026-09/access-log.anchor.json", "dispose-anchor.json"),
    ] {
        std::fs::copy(dir.join(from), dir.join(to)).unwrap();
    }
    let before =
        MemberMaster::from_json(&std::fs::read_to_string(dir.join("dispose-master.json")).unwrap())
            .unwrap()
            .len();
    let run = |master: &str, at: &str| {
        kenpo(
            dir,
            &[
                "access",
                "dispose",
                "--master",
                master,
                "--log",
                "dispose-log.jsonl",
                "--anchor",
                "dispose-anchor.json",
                "--at",
                at,
                "--json",
            ],
        )
    };
    // In 2032 everyone who left in 2025–2026 is past five years.
    let out = run("dispose-master.json", "2032-01-05T09:00:00");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_of(&out);
    let removed = v["persons"].as_u64().unwrap() as usize;
    assert!(v["households"].as_u64().unwrap() > 0, "{v}");
    let after =
        MemberMaster::from_json(&std::fs::read_to_string(dir.join("dispose-master.json")).unwrap())
            .unwrap()
            .len();
    assert_eq!(after, before - removed);
    let ok = verify(dir, "dispose-log.jsonl", "dispose-anchor.json", None);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    // Run again the same day: nobody due, nothing written.
    let log_before = std::fs::read(dir.join("dispose-log.jsonl")).unwrap();
    let again = run("dispose-master.json", "2032-01-05T09:00:00");
    assert_eq!(json_of(&again)["households"], 0);
    assert_eq!(
        std::fs::read(dir.join("dispose-log.jsonl")).unwrap(),
        log_before
    );
    // An empty master is refused, and neither file changes.
    std::fs::write(
        dir.join("empty-master.json"),
        MemberMaster::new().to_json().unwrap(),
    )
    .unwrap();
    let out = run("empty-master.json", "2032-01-05T09:00:00");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty"));
    assert_eq!(
        std::fs::read(dir.join("dispose-log.jsonl")).unwrap(),
        log_before
    );
}
