//! The monthly run on a store, month after month (issue 16): the same results whether the
//! months run in one go or the store is reopened after each; a run that fails midway, a store
//! held by another run and a store of a newer schema leave the file byte for byte as it was;
//! running a month twice changes nothing; the planted household reaches 多数回 in its fourth
//! qualifying month and the August settlement runs, both from stored history.

use std::path::{Path, PathBuf};

use kenpo_cli::demo::{generate, run_months, DemoParams, DemoRun};
use kenpo_cli::error::CliError;
use kenpo_domain::calendar::YearMonth;
use kenpo_month::store::{BatchInfo, MonthRecords, RunRecord, SqliteStore, Store};
use kenpo_month::{MonthError, NoProgress, RunOptions, RunReport, Society, StoreError};

/// The demo society's configuration (the sample society with the demo's FY2027 支援金率 assumption).
fn config() -> String {
    kenpo_cli::demo::default_config()
}

fn temp(name: &str) -> PathBuf {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("month-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn demo_run(dir: &Path, months: usize, restart: bool) -> DemoRun {
    let society = generate(DemoParams {
        members: 200,
        seed: 7,
    })
    .unwrap();
    let path = dir.join("store.sqlite");
    let mut store = Society::create(&path, &config()).unwrap();
    let mut reopen = |s: &mut Society<SqliteStore>| -> Result<(), CliError> {
        if restart {
            *s = Society::open(&path).map_err(CliError::Month)?;
        }
        Ok(())
    };
    run_months(&society, &mut store, months, dir, &mut reopen, &NoProgress).unwrap()
}

fn results_json(run: &DemoRun) -> Vec<String> {
    run.months
        .iter()
        .map(|(_, o, _)| serde_json::to_string(&o.results).unwrap())
        .collect()
}

#[test]
fn twelve_months_in_one_go_equal_twelve_months_restarted_from_the_store() {
    let straight = demo_run(&temp("straight"), 12, false);
    let restarted = demo_run(&temp("restarted"), 12, true);
    assert_eq!(straight.months.len(), 12);
    let (a, b) = (results_json(&straight), results_json(&restarted));
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        assert_eq!(x, y, "month {} differs", straight.months[i].0);
    }
    // Something happened in every month: premiums charged, receipts checked.
    for (_, o, _) in &straight.months {
        assert!(o.results.premiums.iter().any(|p| p.charge == "charged"));
        assert!(o.results.receipts.parsed > 0);
    }
}

#[test]
fn the_planted_household_reaches_many_times_in_its_fourth_month_and_august_settles() {
    let run = demo_run(&temp("many"), 12, true);
    let household = run.many_times.clone().expect("a household was planted");
    let months: Vec<(YearMonth, bool)> = run
        .months
        .iter()
        .filter_map(|(m, o, _)| {
            o.results
                .high_cost
                .iter()
                .find(|h| h.household == household)
                .map(|h| (*m, h.many_times))
        })
        .collect();
    // Paid in the first three qualifying months (service 2026-08 … 2026-10), 多数回 from the
    // fourth (service 2026-11, run 2026-12) on.
    assert!(months.len() >= 4, "{months:?}");
    assert_eq!(
        months[..3].iter().filter(|(_, m)| *m).count(),
        0,
        "{months:?}"
    );
    assert!(months[3..].iter().all(|(_, m)| *m), "{months:?}");
    // August 2027 settles the 2026-08 … 2027-07 year from the stored months: the household's
    // 年間上限 (区分ウ 530,000) is exceeded.
    let (august, outcome, _) = run.months.last().unwrap();
    assert_eq!(*august, YearMonth::new(2027, 8).unwrap());
    let s = outcome
        .results
        .settlements
        .iter()
        .find(|s| s.kind == "annual_cap" && s.subject == household)
        .expect("annual cap settled");
    assert_eq!(s.period_from, YearMonth::new(2026, 8).unwrap());
    assert!(s.refund > kenpo_domain::Yen::ZERO);
    assert_eq!(s.counted - s.cap.unwrap(), s.refund);
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn running_a_month_twice_changes_nothing() {
    let dir = temp("twice");
    let run = demo_run(&dir, 2, false);
    assert_eq!(run.months.len(), 2);
    let path = dir.join("store.sqlite");
    let before = bytes(&path);
    let mut society = Society::open(&path).unwrap();
    let receipts = [kenpo_month::ReceiptFile {
        name: "2026-10/RECEIPTC.UKE".into(),
        bytes: bytes(&dir.join("2026-10/RECEIPTC.UKE")),
    }];
    let month = YearMonth::new(2026, 10).unwrap();
    let report = society
        .run(month, &receipts, &RunOptions::default(), &NoProgress)
        .unwrap();
    assert!(matches!(report, RunReport::Unchanged { .. }));
    drop(society);
    assert!(bytes(&path) == before, "the store changed");
    // Out of order: refused, nothing written.
    let mut society = Society::open(&path).unwrap();
    let err = society
        .run(
            YearMonth::new(2027, 1).unwrap(),
            &receipts,
            &RunOptions::default(),
            &NoProgress,
        )
        .unwrap_err();
    assert!(matches!(err, MonthError::OutOfOrder { .. }), "{err}");
    drop(society);
    assert!(bytes(&path) == before);
}

/// A store that fails after the run's rows are written, before the commit.
struct FailAfterSave(SqliteStore);

impl Store for FailAfterSave {
    fn begin(&mut self) -> Result<(), StoreError> {
        self.0.begin()
    }
    fn commit(&mut self) -> Result<(), StoreError> {
        self.0.commit()
    }
    fn rollback(&mut self) -> Result<(), StoreError> {
        self.0.rollback()
    }
    fn save_config(
        &mut self,
        t: &str,
        c: &kenpo_domain::society::SocietyConfig,
    ) -> Result<(), StoreError> {
        self.0.save_config(t, c)
    }
    fn config(&self) -> Result<kenpo_domain::society::SocietyConfig, StoreError> {
        self.0.config()
    }
    fn master(&self) -> Result<kenpo_domain::member::MemberMaster, StoreError> {
        self.0.master()
    }
    fn record_batch(&mut self, b: &BatchInfo) -> Result<i64, StoreError> {
        self.0.record_batch(b)
    }
    fn last_batch(&self) -> Result<i64, StoreError> {
        self.0.last_batch()
    }
    fn record_events(
        &mut self,
        b: Option<i64>,
        r: Option<i64>,
        e: &[(String, kenpo_domain::member::MemberEvent)],
    ) -> Result<(), StoreError> {
        self.0.record_events(b, r, e)
    }
    fn save_persons(
        &mut self,
        r: &[&kenpo_domain::member::PersonRecord],
    ) -> Result<(), StoreError> {
        self.0.save_persons(r)
    }
    fn record_pay(
        &mut self,
        b: i64,
        r: &[(String, kenpo_domain::notification::PayReport)],
    ) -> Result<(), StoreError> {
        self.0.record_pay(b, r)
    }
    fn record_facts(
        &mut self,
        b: i64,
        f: &[(String, kenpo_month::records::Fact)],
    ) -> Result<(), StoreError> {
        self.0.record_facts(b, f)
    }
    fn runs(&self) -> Result<Vec<RunRecord>, StoreError> {
        self.0.runs()
    }
    fn state(&self, e: Option<i64>) -> Result<kenpo_month::state::CarriedState, StoreError> {
        self.0.state(e)
    }
    fn month_records(&self, m: YearMonth, e: Option<i64>) -> Result<MonthRecords, StoreError> {
        self.0.month_records(m, e)
    }
    fn save_run(
        &mut self,
        m: YearMonth,
        v: u32,
        r: Option<i64>,
        o: &kenpo_month::MonthOutcome,
        s: &str,
    ) -> Result<i64, StoreError> {
        self.0.save_run(m, v, r, o, s)?;
        Err(StoreError::Backend(
            "disk full (simulated after the run's rows were written)".into(),
        ))
    }
}

#[test]
fn a_run_failing_midway_leaves_the_store_byte_for_byte_unchanged() {
    let dir = temp("fail");
    demo_run(&dir, 1, false);
    let path = dir.join("store.sqlite");
    let before = bytes(&path);
    // The next month's receipts: reuse the generator's writer through the demo's second month.
    let second = temp("fail-source");
    demo_run(&second, 2, false);
    let receipts = [kenpo_month::ReceiptFile {
        name: "RECEIPTC.UKE".into(),
        bytes: bytes(&second.join("2026-10/RECEIPTC.UKE")),
    }];
    let mut society = Society::load(FailAfterSave(SqliteStore::open(&path).unwrap())).unwrap();
    let err = society
        .run(
            YearMonth::new(2026, 10).unwrap(),
            &receipts,
            &RunOptions::default(),
            &NoProgress,
        )
        .unwrap_err();
    assert!(err.to_string().contains("simulated"), "{err}");
    drop(society);
    assert!(bytes(&path) == before, "a failed run changed the store");
    // The same month then runs on the untouched store.
    let mut society = Society::open(&path).unwrap();
    let report = society
        .run(
            YearMonth::new(2026, 10).unwrap(),
            &receipts,
            &RunOptions::default(),
            &NoProgress,
        )
        .unwrap();
    assert!(matches!(report, RunReport::Ran { version: 1, .. }));
}

#[test]
fn wrong_month_locked_store_and_newer_schema_are_clear_errors_and_change_nothing() {
    let dir = temp("errors");
    demo_run(&dir, 1, false);
    let path = dir.join("store.sqlite");
    let before = bytes(&path);
    // The first month's file again: it claims for 2026-09, not 2026-10.
    let receipts = [kenpo_month::ReceiptFile {
        name: "old.UKE".into(),
        bytes: bytes(&dir.join("2026-09/RECEIPTC.UKE")),
    }];
    let mut society = Society::open(&path).unwrap();
    let err = society
        .run(
            YearMonth::new(2026, 10).unwrap(),
            &receipts,
            &RunOptions::default(),
            &NoProgress,
        )
        .unwrap_err();
    assert!(matches!(err, MonthError::WrongMonth { .. }), "{err}");
    // Another run holds the store.
    let mut other = SqliteStore::open(&path).unwrap();
    other.begin().unwrap();
    let err = society
        .run(
            YearMonth::new(2026, 10).unwrap(),
            &receipts,
            &RunOptions::default(),
            &NoProgress,
        )
        .unwrap_err();
    assert!(
        matches!(err, MonthError::Store(StoreError::Locked)),
        "{err}"
    );
    other.rollback().unwrap();
    drop((other, society));
    assert!(bytes(&path) == before);
    // A store written by a newer kenpo (user_version at byte 60 of the SQLite header).
    let mut newer = before.clone();
    newer[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(&path, &newer).unwrap();
    let err = Society::open(&path).unwrap_err();
    assert!(
        matches!(
            err,
            MonthError::Store(StoreError::SchemaTooNew { found: 99, .. })
        ),
        "{err}"
    );
    assert!(bytes(&path) == newer);
}

/// The README's operator flow on the sample files of `examples/month/`.
#[test]
fn init_import_run_on_the_sample_files() {
    let dir = temp("readme");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let kenpo = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_kenpo"))
            .args(args)
            .current_dir(&root)
            .output()
            .unwrap()
    };
    let store = dir.join("society.sqlite");
    let out = dir.join("out");
    let lines: Vec<Vec<String>> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("cargo run --release -p kenpo-cli -- "))
        .filter(|l| {
            ["init ", "import ", "run "]
                .iter()
                .any(|c| l.starts_with(c))
        })
        .map(|l| {
            l.split_whitespace()
                .map(|w| match w {
                    "society.sqlite" => store.display().to_string(),
                    "out/2026-10" => out.display().to_string(),
                    w => w.to_owned(),
                })
                .collect()
        })
        .collect();
    assert_eq!(lines.len(), 3, "the README shows init, import and run");
    let mut last = None;
    for args in &lines {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = kenpo(&args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        last = Some(o);
    }
    let summary: serde_json::Value = serde_json::from_slice(&last.unwrap().stdout).unwrap();
    assert_eq!(summary["month"], "2026-10");
    assert_eq!(summary["stages"]["premiums"]["charged"], 3);
    assert_eq!(summary["stages"]["premiums"]["bonus_lines"], 1);
    assert!(out.join("premiums.csv").is_file());
    // A file with a bad row is not taken: exit 2, the row named.
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "種別,記号,番号,年月,金額\n従前標準報酬,AB12,9,2026-13,300000\n",
    )
    .unwrap();
    let o = kenpo(&[
        "import",
        "--store",
        &store.display().to_string(),
        "--pay",
        &bad.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line 2") && err.contains("column 4"), "{err}");
}

/// The access log runs on from month to month in the store: each month's entries continue the
/// chain, so the monthly files together verify against the last month's anchor, and a later
/// month alone does not. A keyed store needs its key every month; the wrong key, no key, or a
/// key for an unkeyed log is refused and changes nothing (issue 18).
#[test]
fn the_access_log_continues_across_months_keyed_or_not() {
    use kenpo_domain::access::log::{verify_with, VerifyOptions};
    use kenpo_domain::access::{LogError, LogKey};

    let verify = |entries: &[kenpo_domain::access::LogEntry],
                  anchor: &kenpo_domain::access::Anchor,
                  key: Option<&LogKey>| {
        verify_with(
            entries,
            &VerifyOptions {
                key,
                anchor: Some(anchor),
            },
        )
    };

    // Unkeyed (the demo's default), three months.
    let dir = temp("log");
    let run = demo_run(&dir, 3, true);
    let mut all = Vec::new();
    for (_, o, _) in &run.months {
        all.extend(o.delta.log.iter().cloned());
    }
    let last = run
        .months
        .last()
        .unwrap()
        .1
        .results
        .log_anchor
        .clone()
        .unwrap();
    assert!(run.months.iter().all(|(_, o, _)| !o.delta.log.is_empty()));
    assert_eq!(last.entries, all.len() as u64);
    assert!(verify(&all, &last, None).is_ok());
    assert!(verify(&run.months[1].1.delta.log, &last, None).is_err());
    // A key for the unkeyed log: refused, the store as it was.
    let path = dir.join("store.sqlite");
    let before = bytes(&path);
    let mut society = Society::open(&path).unwrap();
    let key = LogKey::new(b"the society's own secret, 32 bytes or more").unwrap();
    let keyed = RunOptions {
        log_key: Some(key.clone()),
        ..RunOptions::default()
    };
    let next = run.months.last().unwrap().0.next();
    let e = society.run(next, &[], &keyed, &NoProgress).unwrap_err();
    assert!(matches!(e, MonthError::Log(LogError::UnkeyedLog)), "{e}");
    drop(society);
    assert_eq!(bytes(&path), before);

    // Keyed from the first month.
    let dir = temp("log-keyed");
    let society_data = generate(DemoParams {
        members: 200,
        seed: 7,
    })
    .unwrap();
    let path = dir.join("store.sqlite");
    let mut society = Society::create(&path, &config()).unwrap();
    let run = kenpo_cli::demo::run_months_with(
        &society_data,
        &mut society,
        2,
        &dir,
        &mut |_| Ok(()),
        &NoProgress,
        &keyed,
    )
    .unwrap();
    let mut all = Vec::new();
    for (_, o, _) in &run.months {
        all.extend(o.delta.log.iter().cloned());
    }
    let last = run
        .months
        .last()
        .unwrap()
        .1
        .results
        .log_anchor
        .clone()
        .unwrap();
    assert!(last.key_id.is_some());
    assert!(verify(&all, &last, Some(&key)).is_ok());
    assert!(verify(&all, &last, None).is_err());
    drop(society);
    // The next month without the key, or with another: refused, nothing changed.
    let before = bytes(&path);
    let mut society = Society::open(&path).unwrap();
    let next = run.months.last().unwrap().0.next();
    let e = society
        .run(next, &[], &RunOptions::default(), &NoProgress)
        .unwrap_err();
    assert!(matches!(e, MonthError::Log(LogError::KeyRequired)), "{e}");
    let other = RunOptions {
        log_key: Some(LogKey::new(b"not the society's secret, but 32 bytes long").unwrap()),
        ..RunOptions::default()
    };
    let e = society.run(next, &[], &other, &NoProgress).unwrap_err();
    assert!(matches!(e, MonthError::Log(LogError::Tampered(_))), "{e}");
    drop(society);
    assert_eq!(bytes(&path), before);
}
