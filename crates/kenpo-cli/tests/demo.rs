//! `kenpo demo`: runs with no arguments, prints what it wrote, is deterministic for a seed, and
//! the generator plants exactly the cases it records.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kenpo_cli::demo::{
    generate, DemoParams, InstitutionKind, ORDINARY_MAX_INSTITUTIONS, PLANTED_INSTITUTIONS,
};
use serde_json::Value;

fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kenpo"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run kenpo")
}

/// `label: value` lines of the printed summary.
fn printed(stdout: &[u8]) -> BTreeMap<String, String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn count(map: &BTreeMap<String, String>, label: &str) -> u64 {
    let v = map
        .get(label)
        .unwrap_or_else(|| panic!("{label} not printed"));
    v.replace([',', '¥'], "")
        .parse()
        .unwrap_or_else(|_| panic!("{label}: {v}"))
}

#[test]
fn demo_runs_with_no_arguments_and_prints_what_it_wrote() {
    let dir = temp_dir("demo-default");
    let out = run_in(&dir, &["demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = printed(&out.stdout);
    let summary: Value =
        serde_json::from_slice(&std::fs::read(dir.join("kenpo-out/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["insured_generated"], 3_000);
    for (label, key) in [
        ("加入者 persons in master", "persons_in_master"),
        ("被保険者 insured (eligible)", "insured_eligible"),
        (
            "届出エラー notifications rejected",
            "notifications_rejected",
        ),
        ("75歳到達 75th-birthday losses", "late_elderly_losses"),
        ("保険料 premiums charged", "premiums_charged"),
        ("納入告知 employer notices", "notices"),
        ("告知額 notice total", "notice_total"),
        ("高額療養費 high-cost benefit", "high_cost_total"),
        ("付加給付 additional benefits", "additional_total"),
    ] {
        assert_eq!(Some(count(&lines, label)), summary[key].as_u64(), "{label}");
    }
    // The generated notifications are all valid.
    assert_eq!(summary["notifications_rejected"], 0);
    // The notices add up: employee + employer shares = total.
    assert_eq!(
        summary["employee_total"].as_i64().unwrap() + summary["employer_total"].as_i64().unwrap(),
        summary["notice_total"].as_i64().unwrap()
    );
    // The 75th birthdays of the job month that the generator recorded are the losses found.
    let planted: Value =
        serde_json::from_slice(&std::fs::read(dir.join("kenpo-out/planted.json")).unwrap())
            .unwrap();
    assert_eq!(
        planted["late_elderly_in_job_month"]
            .as_array()
            .unwrap()
            .len() as u64,
        count(&lines, "75歳到達 75th-birthday losses")
    );
    // Every planted visit-after-loss and several-institutions case is found, none invented: the
    // printed counts equal the generator's, and the persons in findings.csv are the planted ones.
    for (label, found, planted_key) in [
        (
            "資格喪失後受診 visits after loss (persons)",
            "found_visit_after_loss",
            "visit_after_loss",
        ),
        (
            "重複受診 3+ institutions (persons)",
            "found_multi_clinic",
            "multi_clinic",
        ),
    ] {
        let planted_n = planted[planted_key].as_array().unwrap().len();
        assert!(planted_n > 0, "{planted_key}");
        assert_eq!(
            lines[label],
            format!("{planted_n} (planted {planted_n})"),
            "{label}"
        );
        assert_eq!(summary[found].as_u64(), Some(planted_n as u64));
    }
    assert_eq!(summary["found_not_planted"], 0);
    assert_eq!(summary["receipts_rejected"], 0);
    let findings = std::fs::read_to_string(dir.join("kenpo-out/findings.csv")).unwrap();
    let mut by_rule: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for line in findings.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        by_rule
            .entry(cols[0])
            .or_default()
            .insert(cols[3].to_owned());
    }
    let keys = |v: &Value| -> BTreeSet<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|k| {
                format!(
                    "{}-{}-{}",
                    k["symbol"].as_str().unwrap(),
                    k["number"].as_str().unwrap(),
                    k["branch"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        by_rule.remove("C2.visit_after_loss").unwrap(),
        keys(&planted["visit_after_loss"])
    );
    assert_eq!(
        by_rule.remove("C5.multiple_institutions").unwrap(),
        keys(&planted["multi_clinic"])
    );
    assert!(
        by_rule.is_empty(),
        "findings the generator did not plant: {by_rule:?}"
    );
    // Lists and notices went through access decisions, and the log verifies.
    assert_eq!(summary["access_log_verified"], true);
    assert_eq!(summary["access_permitted"], 4);
    assert_eq!(summary["access_denied"], 1);
    // Five decisions and the month-end disposal record.
    assert_eq!(summary["access_log_entries"], 6);
    assert!(summary["disposed_households"].as_u64().unwrap() >= 3);
    assert!(summary["guidance_targets"].as_u64().unwrap() > 0);
    assert!(summary["senior_report"].as_u64().unwrap() > 0);
    assert_eq!(
        summary["expense_notices"],
        summary["households_with_receipts"]
    );
    let verify = run_in(
        &dir,
        &[
            "log",
            "verify",
            "kenpo-out/access-log.jsonl",
            "--anchor",
            "kenpo-out/access-log.anchor.json",
        ],
    );
    assert_eq!(
        verify.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&verify.stderr)
    );
    for file in [
        "RECEIPTC.UKE",
        "access-log.jsonl",
        "guidance_targets.csv",
        "senior_report.csv",
        "findings.csv",
        "summary.json",
        "planted.json",
        "grades.csv",
        "premiums.csv",
        "notices.csv",
        "notices.json",
        "benefits.csv",
        "expense_notices.txt",
        "expense_notices.json",
    ] {
        assert!(dir.join("kenpo-out").join(file).is_file(), "{file}");
    }
    // The premium lines add up to the notices.
    let premiums = std::fs::read_to_string(dir.join("kenpo-out/premiums.csv")).unwrap();
    let employee: i64 = premiums
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(9))
        .filter_map(|v| v.parse::<i64>().ok())
        .sum();
    assert_eq!(employee, summary["employee_total"].as_i64().unwrap());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn same_seed_same_output_other_seed_other_society() {
    let dir = temp_dir("demo-seed");
    let run = |seed: &str, out: &str| {
        let o = run_in(
            &dir,
            &["demo", "--members", "300", "--seed", seed, "--out", out],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (
            std::fs::read(dir.join(out).join("summary.json")).unwrap(),
            std::fs::read(dir.join(out).join("premiums.csv")).unwrap(),
        )
    };
    let a = run("7", "a");
    let b = run("7", "b");
    let c = run("8", "c");
    assert_eq!(a, b);
    assert_ne!(a.1, c.1);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_demo_flags_exit_2() {
    let dir = temp_dir("demo-bad");
    for (args, flag) in [
        (vec!["demo", "--members", "0"], "--members"),
        (vec!["demo", "--members", "2000000"], "--members"),
        (vec!["demo", "--seed", "x"], "--seed"),
    ] {
        let o = run_in(&dir, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(flag),
            "{args:?}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// The generator's bookkeeping: every planted 重複受診 person visits exactly
/// [`PLANTED_INSTITUTIONS`] medical institutions, nobody else visits more than
/// [`ORDINARY_MAX_INSTITUTIONS`] (medical and dental, pharmacies joined to their prescriber), and
/// every planted visit after loss lies on or after the household's loss date while no other
/// receipt does.
#[test]
fn planted_cases_are_exactly_the_recorded_ones() {
    let society = generate(DemoParams {
        members: 2_000,
        seed: 11,
    })
    .unwrap();
    let planted = &society.planted;
    assert!(!planted.visit_after_loss.is_empty());
    assert!(!planted.multi_clinic.is_empty());
    assert!(!planted.high_cost.is_empty());
    assert!(!planted.dialysis.is_empty());

    let mut institutions: BTreeMap<_, BTreeSet<usize>> = BTreeMap::new();
    for r in &society.receipts {
        let kind = society.institutions[r.institution].kind;
        let counted = if kind == InstitutionKind::Pharmacy {
            r.prescriber.unwrap()
        } else {
            r.institution
        };
        institutions.entry(&r.patient).or_default().insert(counted);
    }
    for (person, set) in &institutions {
        if planted.multi_clinic.contains(*person) {
            assert_eq!(set.len(), PLANTED_INSTITUTIONS);
        } else {
            assert!(set.len() <= ORDINARY_MAX_INSTITUTIONS, "{}", set.len());
        }
    }

    let service = kenpo_cli::demo::service_month();
    let loss: BTreeMap<_, _> = society
        .insured
        .iter()
        .filter_map(|p| p.loss_date().map(|l| (&p.key, l)))
        .collect();
    let mut after_loss = BTreeSet::new();
    for r in &society.receipts {
        if let Some(l) = loss.get(&r.insured) {
            if r.days
                .iter()
                .any(|d| service.first_day().with_day(*d).unwrap() >= *l)
            {
                after_loss.insert(r.patient.clone());
            }
        }
    }
    assert_eq!(after_loss, planted.visit_after_loss);
}

/// The generator's notifications are valid at scale: every insured person acquires before the
/// 75th birthday, every leave ends after it starts, and the master rejects nothing (seeds that
/// once broke a 300,000-member run are kept here at a size a test can afford).
#[test]
fn generated_notifications_and_leaves_are_valid() {
    for seed in [1, 202_609, 42] {
        let society = generate(DemoParams {
            members: 20_000,
            seed,
        })
        .unwrap();
        for p in &society.insured {
            let late =
                kenpo_domain::age::late_elderly_transition_date(p.identity.birth_date).unwrap();
            assert!(p.acquired < late, "seed {seed}");
            for l in &p.leaves {
                assert!(l.first_day <= l.last_day, "seed {seed}");
            }
        }
        let mut master = kenpo_domain::member::MemberMaster::new();
        let events: Vec<_> = society
            .history
            .iter()
            .chain(&society.month_events)
            .collect();
        let report = master.apply_all(events);
        assert!(
            report.rejected.is_empty(),
            "seed {seed}: {:?}",
            report.rejected.first().map(|r| r.error.to_string())
        );
    }
}
