//! The hash-chained access log: the verifier finds an edited, a removed and a swapped entry,
//! and accepts an intact log (issue 5, "Done when").

mod access_fixtures;

use access_fixtures::{at, senior};
use kenpo_domain::access::log::{
    verify, verify_with_head, DecisionRecord, LogEvent, Outcome, VerifyError, GENESIS,
};
use kenpo_domain::access::{
    AccessLog, Actor, Catalog, DenialReason, Field, FieldSet, JsonLinesLog, LogEntry, LogError,
    MemoryLog, Request,
};

/// Five decisions (three permits, two denials) in `log`.
fn five_decisions(log: &mut dyn AccessLog) {
    let catalog = Catalog::default_catalog();
    let staff = Actor::staff("S001");
    let members = [senior(1), senior(2)];
    let a8 = catalog.purpose("A8").expect("A8");
    let clinic = catalog.recipient("clinic").expect("clinic");
    let f = FieldSet::of(&[Field::Name, Field::BirthDate]);
    for day in 1..=5 {
        let req = Request::new(&staff, a8, clinic, &members, f, at(2026, 6, day));
        let req = if day % 2 == 1 {
            req.requester_confirmed()
        } else {
            req
        };
        let _ = catalog.decide(&req, log);
    }
}

fn entries() -> Vec<LogEntry> {
    let mut log = MemoryLog::new();
    five_decisions(&mut log);
    log.entries().expect("entries")
}

#[test]
fn an_intact_log_verifies_and_records_each_decision() {
    let e = entries();
    assert_eq!(e.len(), 5);
    assert_eq!(verify(&e), Ok(()));
    assert_eq!(verify(&[]), Ok(()));
    assert_eq!(e.first().map(|x| x.prev.as_str()), Some(GENESIS));
    let LogEvent::Decision(DecisionRecord {
        purpose,
        recipient,
        subjects,
        outcome,
        fields,
        ..
    }) = &e[1].event
    else {
        panic!("decision expected")
    };
    assert_eq!((purpose.as_str(), recipient.as_str()), ("A8", "clinic"));
    assert_eq!(subjects.len(), 2);
    assert_eq!(*fields, FieldSet::of(&[Field::Name, Field::BirthDate]));
    assert!(matches!(
        outcome,
        Outcome::Deny {
            reason: DenialReason::ConditionFailed { .. }
        }
    ));
}

#[test]
fn an_edited_entry_is_found() {
    let mut e = entries();
    if let LogEvent::Decision(d) = &mut e[2].event {
        d.purpose = "A9".to_owned();
    }
    assert_eq!(verify(&e), Err(VerifyError::Edited { index: 2 }));
    // Re-hashing the edited entry does not help: the next link breaks.
    let mut e = entries();
    if let LogEvent::Decision(d) = &mut e[2].event {
        d.purpose = "A9".to_owned();
    }
    let resealed = LogEntry::seal(Some(&e[1]), e[2].at, e[2].event.clone()).expect("seal");
    e[2] = resealed;
    assert_eq!(verify(&e), Err(VerifyError::BrokenLink { index: 3 }));
}

#[test]
fn a_removed_entry_is_found() {
    let mut e = entries();
    e.remove(2);
    assert_eq!(verify(&e), Err(VerifyError::Removed { seq: 2 }));
    // The first one too.
    let mut e = entries();
    e.remove(0);
    assert_eq!(verify(&e), Err(VerifyError::Removed { seq: 0 }));
    // A removed tail needs the head kept elsewhere.
    let full = entries();
    let head = full.last().map(|x| x.hash.clone()).expect("head");
    let mut e = full.clone();
    e.pop();
    assert_eq!(verify(&e), Ok(()));
    assert_eq!(verify_with_head(&e, &head), Err(VerifyError::HeadMismatch));
    assert_eq!(verify_with_head(&full, &head), Ok(()));
}

#[test]
fn a_swapped_entry_is_found() {
    let mut e = entries();
    e.swap(1, 3);
    assert_eq!(verify(&e), Err(VerifyError::Reordered { index: 1, seq: 3 }));
    let mut e = entries();
    e.swap(3, 4);
    assert_eq!(verify(&e), Err(VerifyError::Reordered { index: 3, seq: 4 }));
}

#[test]
fn the_json_lines_file_log_persists_and_detects_tampering() {
    let dir = std::env::temp_dir().join(format!("kenpo-access-log-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("access.jsonl");
    let _ = std::fs::remove_file(&path);
    {
        let mut log = JsonLinesLog::open(&path).expect("open");
        five_decisions(&mut log);
        assert_eq!(log.entries().expect("read").len(), 5);
    }
    // Reopen: continues the chain.
    let head = {
        let mut log = JsonLinesLog::open(&path).expect("reopen");
        five_decisions(&mut log);
        let e = log.entries().expect("read");
        assert_eq!(e.len(), 10);
        assert_eq!(verify(&e), Ok(()));
        assert_eq!(e[9].seq, 9);
        log.head()
    };
    assert_eq!(head.len(), 64);
    // Edit one line in the file: opening refuses it.
    let text = std::fs::read_to_string(&path).expect("text");
    let edited = text.replacen("\"A8\"", "\"A9\"", 1);
    std::fs::write(&path, edited).expect("write");
    assert!(matches!(
        JsonLinesLog::open(&path),
        Err(LogError::Tampered(VerifyError::Edited { index: 0 }))
    ));
    // A line that is not an entry.
    std::fs::write(&path, "{not json}\n").expect("write");
    assert!(matches!(
        JsonLinesLog::open(&path),
        Err(LogError::Malformed { line: 1 })
    ));
    let _ = std::fs::remove_dir_all(&dir);
}
