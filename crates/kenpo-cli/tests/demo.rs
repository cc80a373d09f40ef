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
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    // Twelve months, 2026-09 to 2027-08, each with its files.
    for m in ["2026-09", "2026-12", "2027-07", "2027-08"] {
        assert!(text.contains(&format!("== {m} (run, version 1) ==")), "{m}");
        for file in [
            "summary.json",
            "premiums.csv",
            "notices.csv",
            "findings.csv",
            "high_cost.csv",
            "access-log.jsonl",
            "RECEIPTC.UKE",
        ] {
            assert!(
                dir.join("kenpo-out").join(m).join(file).is_file(),
                "{m}/{file}"
            );
        }
    }
    assert!(dir.join("kenpo-out/demo.sqlite").is_file());
    // Every planted case found, none invented.
    for label in [
        "資格喪失後受診 visits after loss (found/planted)",
        "重複受診 3+ institutions (found/planted)",
    ] {
        let v = lines.get(label).unwrap_or_else(|| panic!("{label}"));
        let (found, planted) = v.split_once('/').unwrap();
        assert_eq!(found, planted, "{label}");
        assert!(found.parse::<u64>().unwrap() > 0, "{label}");
    }
    // The premium lines add up to the notices of the month.
    let summary: Value =
        serde_json::from_slice(&std::fs::read(dir.join("kenpo-out/2026-09/summary.json")).unwrap())
            .unwrap();
    let premiums = std::fs::read_to_string(dir.join("kenpo-out/2026-09/premiums.csv")).unwrap();
    let employee: i64 = premiums
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(3) == Some("charged"))
        .filter_map(|l| l.split(',').nth(6))
        .filter_map(|v| v.parse::<i64>().ok())
        .sum();
    assert_eq!(
        employee,
        summary["stages"]["notices"]["employee_yen"]
            .as_i64()
            .unwrap()
    );
    assert_eq!(
        summary["stages"]["notifications"]["insured_eligible"]
            .as_u64()
            .map(|n| n > 2_000),
        Some(true)
    );
    // The planted household is 多数回 from December 2026.
    assert!(lines["多数回該当 planted household, months"].starts_with("2026-12"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn same_seed_same_output_other_seed_other_society() {
    let dir = temp_dir("demo-seed");
    let run = |seed: &str, out: &str| {
        let o = run_in(
            &dir,
            &[
                "demo",
                "--members",
                "300",
                "--months",
                "2",
                "--seed",
                seed,
                "--out",
                out,
            ],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (
            std::fs::read(dir.join(out).join("2026-10/summary.json")).unwrap(),
            std::fs::read(dir.join(out).join("2026-10/premiums.csv")).unwrap(),
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
