//! The disposal run: households whose retention period ended leave the master, their keys are
//! pseudonymised in the log (and so in the provision register), a disposal record is written,
//! and the log still verifies against its key and anchor (issue 18).

mod access_fixtures;

use chrono::NaiveDate;
use kenpo_domain::access::disposal::{DisposalError, MEMBER_RECORD_TYPE};
use kenpo_domain::access::log::{read_log_file, verify_with, LogEvent, VerifyOptions};
use kenpo_domain::access::{
    AccessLog, Actor, Anchor, Catalog, Inquiry, JsonLinesLog, LogKey, LogOptions, LoggedSubject,
    ProvisionRegister,
};
use kenpo_domain::calendar::date;
use kenpo_domain::identifiers::{MemberKey, OfficeCode};
use kenpo_domain::member::{Identity, LossReason, MemberEvent, MemberMaster, Relationship};
use kenpo_domain::person::{Address, KanaName, PersonName, Sex};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    date(y, m, day).expect("date")
}

fn identity(birth: NaiveDate) -> Identity {
    Identity {
        name: PersonName::new("試験 次郎").expect("name"),
        kana: KanaName::new("シケン ジロウ").expect("kana"),
        birth_date: birth,
        sex: Sex::Male,
        address: Address::new("東京都千代田区千代田1-1").expect("address"),
    }
}

fn k(number: &str, branch: &str) -> MemberKey {
    MemberKey::parse("30", number, branch).expect("key")
}

/// 100: left 2019-03-31 with a spouse (due in 2026: 5 years from the day after 2019-04-01);
/// 200: left 2024-09-30 (not yet due); 300: still insured.
fn master() -> MemberMaster {
    let mut m = MemberMaster::new();
    let office = || OfficeCode::new("A01").expect("office");
    let events = vec![
        MemberEvent::Acquisition {
            key: k("100", "00"),
            acquired: d(2010, 4, 1),
            identity: identity(d(1960, 1, 1)),
            office: office(),
        },
        MemberEvent::DependentAdded {
            key: k("100", "01"),
            recognized: d(2012, 4, 1),
            identity: identity(d(1962, 1, 1)),
            relationship: Relationship::Spouse,
        },
        MemberEvent::loss_after(k("100", "00"), LossReason::Retirement, d(2019, 3, 31)),
        MemberEvent::Acquisition {
            key: k("200", "00"),
            acquired: d(2015, 4, 1),
            identity: identity(d(1970, 1, 1)),
            office: office(),
        },
        MemberEvent::loss_after(k("200", "00"), LossReason::Retirement, d(2024, 9, 30)),
        MemberEvent::Acquisition {
            key: k("300", "00"),
            acquired: d(2018, 4, 1),
            identity: identity(d(1985, 1, 1)),
            office: office(),
        },
    ];
    let report = m.apply_all(&events);
    assert!(report.rejected.is_empty(), "{report:?}");
    m
}

fn key() -> LogKey {
    LogKey::new(&[42u8; 32]).expect("key")
}

#[test]
fn the_retention_rule_decides_which_households_are_due() {
    let catalog = Catalog::default_catalog();
    let rule = catalog.retention_rule(MEMBER_RECORD_TYPE).expect("rule");
    assert_eq!(rule.years, 5);
    let m = master();
    // Lost 2019-04-01: kept through 2024-04-01, due 2024-04-02.
    let due = catalog
        .households_due_for_disposal(&m, d(2024, 4, 1))
        .expect("ok");
    assert!(due.is_empty());
    let due = catalog
        .households_due_for_disposal(&m, d(2024, 4, 2))
        .expect("ok");
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].members, vec![k("100", "00"), k("100", "01")]);
    assert_eq!(
        (due[0].completed_on, due[0].due_on),
        (d(2019, 4, 1), d(2024, 4, 2))
    );
}

#[test]
fn a_disposal_run_removes_the_household_pseudonymises_the_log_and_it_still_verifies() {
    let dir = std::env::temp_dir().join(format!("kenpo-disposal-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let (path, anchor) = (dir.join("log.jsonl"), dir.join("anchor.json"));
    let options = || LogOptions {
        key: Some(key()),
        anchor: Some(anchor.clone()),
    };
    let catalog = Catalog::default_catalog();
    let mut m = master();
    let staff = Actor::staff("S001");
    let mut log = JsonLinesLog::open_with(&path, options()).expect("open");
    // Two A8 answers about the household that will be disposed of, one about another person.
    for who in [k("100", "00"), k("100", "01"), k("300", "00")] {
        let inquiry = Inquiry {
            actor: &staff,
            recipient: "other_insurer",
            counterparty: "大阪市 国民健康保険",
            confirmed: true,
            at: d(2019, 6, 1).and_hms_opt(10, 0, 0).expect("time"),
        };
        catalog
            .answer_eligibility_inquiry(&m, &who, &inquiry, &mut log)
            .expect("answered");
    }
    let at = d(2026, 12, 3).and_hms_opt(17, 0, 0).expect("time");
    let outcome = catalog
        .dispose_persons(&mut m, &mut log, at)
        .expect("disposed");
    assert_eq!((outcome.households, outcome.persons.len()), (1, 2));
    assert_eq!(outcome.log_mentions_pseudonymised, 2);
    assert_eq!(outcome.log_seq, Some(3));
    // The master no longer holds them, nor their notifications in the journal.
    assert!(m.record(&k("100", "00")).is_none() && m.record(&k("100", "01")).is_none());
    assert!(m
        .journal()
        .entries()
        .iter()
        .all(|e| e.event.key().number.as_str() != "100"));
    assert_eq!(m.len(), 2);
    // The log verifies against its key and anchor, and holds no key of theirs.
    let entries = read_log_file(&path).expect("read");
    let a = Anchor::read(&anchor).expect("anchor");
    let report = verify_with(
        &entries,
        &VerifyOptions {
            key: Some(&key()),
            anchor: Some(&a),
        },
    )
    .expect("verifies");
    assert_eq!(report.entries, 4);
    let text = std::fs::read_to_string(&path).expect("text");
    assert!(!text.contains("\"number\":\"100\""), "{text}");
    assert!(text.contains("\"number\":\"300\""));
    // The disposal record names the pseudonyms, which the earlier entries now carry.
    let LogEvent::Disposal(rec) = &entries[3].event else {
        panic!("disposal")
    };
    assert_eq!(rec.record_type, MEMBER_RECORD_TYPE);
    let LogEvent::Decision(first) = &entries[0].event else {
        panic!("decision")
    };
    assert_eq!(Some(&first.subjects[0]), rec.subjects.first());
    // The provision register keeps the records, pseudonymised.
    let register = ProvisionRegister::from_log(&entries, &catalog);
    assert_eq!(register.all().len(), 3);
    assert!(matches!(
        register.all()[0].subject,
        LoggedSubject::Pseudonym { .. }
    ));
    assert_eq!(register.for_subject(&k("300", "00")).count(), 1);
    // Reopening the log works; a second run finds nobody due and writes nothing.
    drop(log);
    let mut log = JsonLinesLog::open_with(&path, options()).expect("reopen");
    let again = catalog.dispose_persons(&mut m, &mut log, at).expect("ran");
    assert_eq!(again.households, 0);
    assert_eq!(log.entries().expect("entries").len(), 4);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_disposal_run_on_an_empty_master_is_refused_and_writes_nothing() {
    let catalog = Catalog::default_catalog();
    let mut log = kenpo_domain::access::MemoryLog::keyed(key());
    let at = d(2026, 12, 3).and_hms_opt(17, 0, 0).expect("time");
    let result = catalog.dispose_persons(&mut MemberMaster::new(), &mut log, at);
    assert!(matches!(result, Err(DisposalError::EmptyMaster)));
    assert!(log.is_empty());
}
