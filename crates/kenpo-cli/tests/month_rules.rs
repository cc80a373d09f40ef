//! Rules of the month pipeline on a demo store, each planted on top of the demo society between
//! months (issue 16): the leave-end revision (育児休業等終了時改定) decided from its pay report,
//! and not when the other leave follows on record; a dependant's limits halved in the month the
//! insured person turns 75; a correction adds a version of the month and keeps the old value.

use std::path::{Path, PathBuf};

use kenpo_cli::demo::{generate, run_months, DemoParams, DemoRun, DemoSociety};
use kenpo_cli::error::CliError;
use kenpo_domain::calendar::{date, YearMonth};
use kenpo_domain::identifiers::MemberKey;
use kenpo_domain::member::Role;
use kenpo_domain::notification::{Notification, PayReport};
use kenpo_domain::premium::{Leave, LeaveKind};
use kenpo_domain::standard_remuneration::{
    grade_table_for, leave_end_revision, EndedLeave, Grade, LeaveEndRevisionInput, MonthPay,
    RevisionOutcome, WorkerKind,
};
use kenpo_domain::Yen;
use kenpo_month::records::Fact;
use kenpo_month::store::SqliteStore;
use kenpo_month::{ImportKind, NoProgress, Society};

fn temp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("month-rules-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}

/// Runs `months` demo months (200 insured, seed 7) into a fresh store in `dir`, calling `between`
/// before each month with the month's index.
fn demo_with(
    dir: &Path,
    months: usize,
    between: &mut dyn FnMut(usize, &mut Society<SqliteStore>),
) -> DemoRun {
    let society = generate(DemoParams {
        members: 200,
        seed: 7,
    })
    .unwrap();
    let mut store = Society::create(
        &dir.join("store.sqlite"),
        &kenpo_cli::demo::default_config(),
    )
    .unwrap();
    let mut i = 0;
    let mut hook = |s: &mut Society<SqliteStore>| -> Result<(), CliError> {
        between(i, s);
        i += 1;
        Ok(())
    };
    run_months(&society, &mut store, months, dir, &mut hook, &NoProgress).unwrap()
}

/// Insured persons eligible from before August 2026 with no loss on record, no leave and a grade
/// in force in `month`, in key order.
fn settled_insured(s: &Society<SqliteStore>, month: YearMonth) -> Vec<(MemberKey, Grade)> {
    s.master()
        .persons()
        .filter(|r| matches!(r.role(), Role::Insured))
        .filter(|r| {
            r.periods().len() == 1
                && r.periods()[0].lost.is_none()
                && r.periods()[0].acquired < date(2026, 8, 1).unwrap()
        })
        .filter_map(|r| {
            let g = s.state().grade_in(r.key(), month)?;
            Some((r.key().clone(), g.grade))
        })
        .collect()
}

/// Three months of pay from `first`, each `amount` with 30 base days.
fn three_months(first: YearMonth, amount: Yen) -> Vec<MonthPay> {
    (0..3)
        .map(|i| MonthPay {
            month: first.add_months(i),
            base_days: 30,
            amount,
            partial_period: false,
        })
        .collect()
}

/// A 報酬月額 `n` grades above `g` (that grade's own 標準報酬月額, which lies in its range).
fn grades_up(g: Grade, n: u8, month: YearMonth) -> Yen {
    let table = grade_table_for(month).unwrap();
    let mut x = g.standard_monthly;
    while table.grade_for(x).number < g.number + n {
        x += Yen::new(1_000);
    }
    let up = table.grade_for(x);
    assert_eq!(up.number, g.number + n);
    up.standard_monthly
}

fn one_grade_up(g: Grade, month: YearMonth) -> Yen {
    grades_up(g, 1, month)
}

/// 育児休業等終了時改定 (健康保険法 第43条の2): a childcare leave ending on 31 August 2026, the pay of
/// September–November one grade higher: revised from December (one grade is enough, unlike a
/// 随時改定), as the domain decides it from the same figures, and December's premium is charged on
/// the new grade. A second person whose 産前産後休業 starts the day after the childcare leave (on
/// record as a leave, not said in the report) is not revised (第43条の2第1項ただし書).
#[test]
fn a_leave_end_revision_is_decided_from_its_pay_report() {
    let dir = temp("leave-end");
    let ended = date(2026, 8, 31).unwrap();
    let mut planted: Option<(MemberKey, Grade, MemberKey, Grade)> = None;
    let run = demo_with(&dir, 4, &mut |i, s| {
        if i != 1 {
            return;
        }
        // After 2026-09 ran: the grades in force are on record.
        let people = settled_insured(s, ym(2026, 9));
        let (p, pg) = people[0].clone();
        let (q, qg) = people[1].clone();
        let leave = |kind, first_day, last_day| Leave {
            kind,
            first_day,
            last_day,
            agreed_work_days: 0,
        };
        let childcare = leave(LeaveKind::Childcare, date(2025, 11, 1).unwrap(), ended);
        let facts = vec![
            Fact::Leave {
                key: p.clone(),
                leave: childcare,
            },
            Fact::Leave {
                key: q.clone(),
                leave: childcare,
            },
            Fact::Leave {
                key: q.clone(),
                leave: leave(
                    LeaveKind::Maternity,
                    date(2026, 9, 1).unwrap(),
                    date(2026, 12, 20).unwrap(),
                ),
            },
        ];
        s.import_rows(ImportKind::Notifications, "leaves.jsonl", Vec::new(), facts)
            .unwrap();
        let report = |key: &MemberKey, g: Grade| {
            Notification::Pay(PayReport::LeaveEnd {
                key: key.clone(),
                leave: EndedLeave::Childcare,
                leave_ended_on: ended,
                another_leave_follows: false,
                worker: WorkerKind::Regular,
                months: three_months(ym(2026, 9), one_grade_up(g, ym(2026, 12))),
            })
        };
        s.import_rows(
            ImportKind::Pay,
            "leave-end.jsonl",
            vec![report(&p, pg), report(&q, qg)],
            Vec::new(),
        )
        .unwrap();
        planted = Some((p, pg, q, qg));
    });
    let (p, pg, q, qg) = planted.expect("planted before the second month");
    let (month, december, _) = &run.months[3];
    assert_eq!(*month, ym(2026, 12));

    // The domain's decision on the same figures.
    let expected = match leave_end_revision(&LeaveEndRevisionInput {
        leave: EndedLeave::Childcare,
        leave_ended_on: ended,
        another_leave_follows: false,
        worker: WorkerKind::Regular,
        current: pg,
        months: three_months(ym(2026, 9), one_grade_up(pg, ym(2026, 12))),
    })
    .unwrap()
    {
        RevisionOutcome::Revised(d) => d,
        other => panic!("not revised: {other:?}"),
    };
    assert_eq!(expected.grade.number, pg.number + 1);
    let decided: Vec<_> = december
        .results
        .grades
        .iter()
        .filter(|g| g.key == p)
        .collect();
    assert_eq!(decided.len(), 1, "{decided:?}");
    assert_eq!(decided[0].source.id(), "childcare_leave_end");
    assert_eq!(decided[0].grade, expected.grade);
    assert_eq!(decided[0].effective_from, ym(2026, 12));
    assert_eq!(decided[0].remuneration, expected.monthly_remuneration);
    let line = december
        .results
        .premiums
        .iter()
        .find(|l| l.key == p && l.base == "monthly")
        .expect("P's December premium");
    assert_eq!(line.charge, "charged");
    assert_eq!(line.standard, expected.grade.standard_monthly);
    // November was still on the old grade.
    let november = &run.months[2].1.results;
    let line = november
        .premiums
        .iter()
        .find(|l| l.key == p && l.base == "monthly")
        .unwrap();
    assert_eq!(line.standard, pg.standard_monthly);

    // Q: the maternity leave on record starts the day after: refused, the grade kept.
    assert!(december.results.grades.iter().all(|g| g.key != q));
    let note = december
        .results
        .grade_notes
        .iter()
        .find(|(k, _)| *k == q)
        .map(|(_, n)| n.as_str());
    assert_eq!(
        note,
        Some("leave-end revision refused: AnotherLeaveFollows"),
        "{note:?}"
    );
    assert!(qg.number > 0);
}

/// The demo society with one household changed: its insured person born on `insured_birth` and
/// lost at the 75th birthday (後期高齢者), its receipts of August 2026 replaced by one stay of a
/// dependant under 70 (1,000,000 yen, 300,000 borne, 1–10 August). Returns the society and the
/// household's key.
fn household_turning_75(insured_birth: chrono::NaiveDate) -> (DemoSociety, MemberKey) {
    use kenpo_cli::demo::{many_times_household, InstitutionKind, PlannedReceipt};
    use kenpo_domain::member::{LossReason, MemberEvent};

    let mut demo = generate(DemoParams {
        members: 200,
        seed: 7,
    })
    .unwrap();
    let planted = many_times_household(&demo, 1);
    let august = date(2026, 8, 1).unwrap();
    let same_household =
        |k: &MemberKey, h: &MemberKey| k.symbol == h.symbol && k.number == h.number;
    let later_events = |h: &MemberKey| {
        demo.history.iter().chain(&demo.month_events).any(|e| {
            same_household(e.key(), h)
                && match e {
                    MemberEvent::Acquisition { acquired: d, .. }
                    | MemberEvent::DependentAdded { recognized: d, .. }
                    | MemberEvent::DependentRemoved { lost: d, .. }
                    | MemberEvent::Loss { lost: d, .. }
                    | MemberEvent::Change { effective: d, .. } => *d >= august,
                    _ => true,
                }
        })
    };
    let plan = demo
        .insured
        .iter()
        .position(|p| {
            p.acquired < august
                && p.lost.is_none()
                && p.leaves.is_empty()
                && Some(&p.key) != planted.as_ref()
                && !demo.planted.visit_after_loss.contains(&p.key)
                && !demo.planted.multi_clinic.contains(&p.key)
                && !demo.planted.dialysis.contains(&p.key)
                && !later_events(&p.key)
                && p.dependants.iter().any(|d| {
                    d.recognized < august
                        && d.removed.is_none()
                        && kenpo_domain::age::elderly_recipient_first_month(d.identity.birth_date)
                            .is_none_or(|m| m > ym(2026, 9))
                })
        })
        .expect("a household with a dependant under 70");
    let key = demo.insured[plan].key.clone();
    let dependant = demo.insured[plan]
        .dependants
        .iter()
        .find(|d| d.recognized < august && d.removed.is_none())
        .unwrap()
        .key
        .clone();
    let birthday = kenpo_domain::age::late_elderly_transition_date(insured_birth).unwrap();
    demo.insured[plan].identity.birth_date = insured_birth;
    demo.insured[plan].lost = Some((birthday, LossReason::LateElderly));
    for e in demo.history.iter_mut() {
        if let MemberEvent::Acquisition {
            key: k, identity, ..
        } = e
        {
            if *k == key {
                identity.birth_date = insured_birth;
            }
        }
    }
    demo.history.push(MemberEvent::Loss {
        key: key.clone(),
        lost: birthday,
        reason: LossReason::LateElderly,
    });
    let hospital = demo
        .institutions
        .iter()
        .position(|i| i.kind == InstitutionKind::Hospital)
        .unwrap();
    demo.receipts.retain(|r| r.insured != key);
    demo.receipts.push(PlannedReceipt {
        patient: dependant,
        insured: key.clone(),
        institution: hospital,
        prescriber: None,
        inpatient: true,
        days: (1..=10).collect(),
        points: 100_000,
        total_cost: Yen::new(1_000_000),
        patient_charge: Yen::new(300_000),
        dialysis: false,
    });
    (demo, key)
}

/// 高額療養費 of the household's August 2026 from a one-month demo run.
fn august_benefit(demo: &DemoSociety, key: &MemberKey, name: &str) -> (String, Yen) {
    let dir = temp(name);
    let mut store = Society::create(
        &dir.join("store.sqlite"),
        &kenpo_cli::demo::default_config(),
    )
    .unwrap();
    let run = run_months(demo, &mut store, 1, &dir, &mut |_| Ok(()), &NoProgress).unwrap();
    let line = run.months[0]
        .1
        .results
        .high_cost
        .iter()
        .find(|h| &h.household == key && h.month == ym(2026, 8))
        .expect("the household's August")
        .clone();
    (line.category, line.high_cost)
}

/// 75歳到達月の特例 for a dependant (健康保険法施行令 第41条第2項・第42条, the insured person's
/// 75th birthday after the 1st of the month): the insured person turns 75 on 15 August 2026 and
/// leaves kenpo for 後期高齢者医療, the dependant (under 70) with them; the dependant's August
/// limit is halved. The household is 区分エ (標準報酬月額 260,000 or less), whose limit from
/// August 2026 is 61,500 (the domain's `UNDER70_2026_08`, docs/SOURCES.md §3), halved 30,750:
/// 300,000 − 30,750 = 269,250 paid. With the birthday on 15 September instead, August is an
/// ordinary month: 300,000 − 61,500 = 238,500.
#[test]
fn a_dependant_is_halved_in_the_month_the_insured_person_turns_75() {
    let (demo, key) = household_turning_75(date(1951, 8, 15).unwrap());
    let (category, halved) = august_benefit(&demo, &key, "halved");
    assert_eq!(category, "エ", "the figures below are 区分エ's");
    assert_eq!(halved, Yen::new(269_250));

    let (demo, key) = household_turning_75(date(1951, 9, 15).unwrap());
    let (category, ordinary) = august_benefit(&demo, &key, "ordinary");
    assert_eq!(category, "エ");
    assert_eq!(ordinary, Yen::new(238_500));
}

/// A correction adds a version and keeps the old value (issue 16): October 2026 is run, then
/// run again after a 月額変更届 arrives (version 2, 随時改定 two grades up), then again after the
/// same 月額変更届 is filed corrected (version 3: the later report replaces the earlier, three
/// grades up). The store keeps version 2's decision beside version 3's, marks each replaced run
/// with the run that replaced it, and the next month charges the corrected grade.
#[test]
fn a_correction_adds_a_version_and_keeps_the_old_value() {
    use kenpo_domain::standard_remuneration::FixedWageChange;
    use kenpo_month::store::Store;
    use kenpo_month::{ReceiptFile, RunOptions, RunReport};

    let dir = temp("correction");
    demo_with(&dir, 2, &mut |_, _| {});
    let path = dir.join("store.sqlite");
    let mut s = Society::open(&path).unwrap();
    let october = ym(2026, 10);
    let (p, pg) = settled_insured(&s, october)[0].clone();
    let receipts = [ReceiptFile {
        name: "2026-10/RECEIPTC.UKE".into(),
        bytes: std::fs::read(dir.join("2026-10/RECEIPTC.UKE")).unwrap(),
    }];
    let revision = |n: u8| {
        Notification::Pay(PayReport::Revision {
            key: p.clone(),
            first_month: ym(2026, 7),
            change: FixedWageChange::Increase,
            worker: WorkerKind::Regular,
            months: three_months(ym(2026, 7), grades_up(pg, n, october)),
        })
    };
    let rerun = |s: &mut Society<SqliteStore>, file: &str, n: u8| {
        s.import_rows(ImportKind::Pay, file, vec![revision(n)], Vec::new())
            .unwrap();
        match s
            .run(october, &receipts, &RunOptions::default(), &NoProgress)
            .unwrap()
        {
            RunReport::Ran {
                version, outcome, ..
            } => (version, outcome),
            _ => panic!("the month did not run again"),
        }
    };
    let (v2, first) = rerun(&mut s, "revision.jsonl", 2);
    assert_eq!(v2, 2);
    let x = first
        .results
        .grades
        .iter()
        .find(|g| g.key == p)
        .expect("version 2 decides the revision")
        .clone();
    assert_eq!(x.grade.number, pg.number + 2);
    assert_eq!(x.source.id(), "occasional");
    let (v3, second) = rerun(&mut s, "revision-corrected.jsonl", 3);
    assert_eq!(v3, 3);
    let mine: Vec<_> = second
        .results
        .grades
        .iter()
        .filter(|g| g.key == p)
        .collect();
    assert_eq!(mine.len(), 1, "the corrected report only: {mine:?}");
    let y = mine[0].clone();
    assert_eq!(y.grade.number, pg.number + 3);
    assert!(second.results.grade_notes.iter().any(|(k, n)| *k == p
        && n.starts_with("replaced by the later report at revision-corrected.jsonl")));

    // The runs of October: each replaced by the next, the last one live.
    let runs: Vec<_> = s
        .store()
        .runs()
        .unwrap()
        .into_iter()
        .filter(|r| r.month == october)
        .collect();
    assert_eq!(
        runs.iter().map(|r| r.version).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_eq!(runs[0].superseded_by, Some(runs[1].id));
    assert_eq!(runs[1].superseded_by, Some(runs[2].id));
    assert_eq!(runs[2].superseded_by, None);
    // Both decisions kept, each with its run; the state carries the corrected one.
    let kept = s.store().grade_decisions(&p).unwrap();
    assert!(kept.contains(&(runs[1].id, x.clone())), "{kept:?}");
    assert!(kept.contains(&(runs[2].id, y.clone())), "{kept:?}");
    assert_eq!(s.state().grade_in(&p, october), Some(&y));
    // Reopened from the store: the same.
    drop(s);
    let mut s = Society::open(&path).unwrap();
    assert_eq!(s.state().grade_in(&p, october), Some(&y));
    // November charges the corrected grade.
    let report = s
        .run(ym(2026, 11), &[], &RunOptions::default(), &NoProgress)
        .unwrap();
    let RunReport::Ran { outcome, .. } = report else {
        panic!("November did not run");
    };
    let line = outcome
        .results
        .premiums
        .iter()
        .find(|l| l.key == p && l.base == "monthly")
        .unwrap();
    assert_eq!(line.standard, y.grade.standard_monthly);
}
