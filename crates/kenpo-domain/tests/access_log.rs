//! The access log: the verifier finds an edited, a removed (also at the tail), a swapped entry
//! and a log longer than its anchor, refuses a wrong key, accepts an intact log, and still
//! verifies the log today's release wrote before the keyed format (issues 5 and 18).

mod access_fixtures;

use access_fixtures::{at, senior};
use std::path::{Path, PathBuf};

use kenpo_domain::access::log::{
    read_log_file, verify, verify_with, verify_with_head, Anchor, DecisionRecord, EntryFormat,
    LineProblem, LogEvent, LoggedSubject, Outcome, Sealing, VerifyError, VerifyOptions, GENESIS,
};
use kenpo_domain::access::{
    AccessLog, Actor, Catalog, DenialReason, Field, FieldSet, JsonLinesLog, LogEntry, LogError,
    LogKey, LogOptions, MemoryLog, Request,
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
    assert_eq!(verify(&e).map(|r| r.entries), Ok(5));
    assert_eq!(verify(&[]).map(|r| r.entries), Ok(0));
    assert_eq!(e.first().map(|x| x.prev), Some(GENESIS));
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

fn key() -> LogKey {
    LogKey::new(b"a secret of thirty-two bytes or more, host-held").expect("key")
}

fn keyed_entries() -> (Vec<LogEntry>, Anchor) {
    let mut log = MemoryLog::keyed(key());
    five_decisions(&mut log);
    (log.entries().expect("entries"), log.anchor())
}

fn check(entries: &[LogEntry], anchor: &Anchor) -> Result<u64, VerifyError> {
    let k = key();
    verify_with(
        entries,
        &VerifyOptions {
            key: Some(&k),
            anchor: Some(anchor),
        },
    )
    .map(|r| r.entries)
}

#[test]
fn a_keyed_log_verifies_with_its_key_and_anchor() {
    let (e, anchor) = keyed_entries();
    assert_eq!(check(&e, &anchor), Ok(5));
    let report = verify_with(
        &e,
        &VerifyOptions {
            key: Some(&key()),
            anchor: Some(&anchor),
        },
    )
    .expect("verifies");
    assert!(report.is_keyed());
    assert!(
        report.describe().contains("5 keyed"),
        "{}",
        report.describe()
    );
    assert!(e.iter().all(|x| x.sealing == Sealing::HmacSha256));
    // Without the key a keyed log cannot be verified: it says so.
    assert_eq!(verify(&e), Err(VerifyError::KeyRequired { index: 0 }));
}

#[test]
fn a_wrong_key_is_named() {
    let (e, anchor) = keyed_entries();
    let wrong = LogKey::new(b"another secret of thirty-two bytes or more").expect("key");
    let with_anchor = verify_with(
        &e,
        &VerifyOptions {
            key: Some(&wrong),
            anchor: Some(&anchor),
        },
    );
    assert!(matches!(with_anchor, Err(VerifyError::WrongKey { .. })));
    // Without the anchor's fingerprint the first entry's MAC fails.
    let bare = verify_with(
        &e,
        &VerifyOptions {
            key: Some(&wrong),
            anchor: None,
        },
    );
    assert_eq!(bare, Err(VerifyError::Edited { index: 0 }));
    assert!(matches!(
        LogKey::new(b"short"),
        Err(LogError::KeyTooShort { len: 5 })
    ));
}

#[test]
fn an_edited_entry_is_found() {
    let (mut e, anchor) = keyed_entries();
    if let LogEvent::Decision(d) = &mut e[2].event {
        d.purpose = "A9".to_owned();
    }
    assert_eq!(check(&e, &anchor), Err(VerifyError::Edited { index: 2 }));
    // Without the key a forger cannot re-seal: an unkeyed re-seal is a downgrade.
    let (mut e, anchor) = keyed_entries();
    if let LogEvent::Decision(d) = &mut e[2].event {
        d.purpose = "A9".to_owned();
    }
    let resealed = LogEntry::seal(Some(&e[1]), e[2].at, e[2].event.clone()).expect("seal");
    e[2] = resealed;
    assert_eq!(
        check(&e, &anchor),
        Err(VerifyError::UnkeyedEntry { index: 2 })
    );
    // An unkeyed log re-sealed after an edit breaks the next link.
    let mut e = entries();
    if let LogEvent::Decision(d) = &mut e[2].event {
        d.purpose = "A9".to_owned();
    }
    let resealed = LogEntry::seal(Some(&e[1]), e[2].at, e[2].event.clone()).expect("seal");
    e[2] = resealed;
    assert_eq!(verify(&e), Err(VerifyError::BrokenLink { index: 3 }));
    // Subjects, time and outcome are covered too.
    for edit in 0..3 {
        let (mut e, anchor) = keyed_entries();
        match (&mut e[1].event, edit) {
            (LogEvent::Decision(d), 0) => d.subjects.reverse(),
            (LogEvent::Decision(d), 1) => d.outcome = Outcome::Permit,
            _ => e[1].at += chrono::Duration::seconds(1),
        }
        assert_eq!(
            check(&e, &anchor),
            Err(VerifyError::Edited { index: 1 }),
            "edit {edit}"
        );
    }
}

#[test]
fn a_removed_entry_is_found_anywhere_including_the_tail() {
    let (full, anchor) = keyed_entries();
    let mut e = full.clone();
    e.remove(2);
    assert_eq!(check(&e, &anchor), Err(VerifyError::Removed { seq: 2 }));
    let mut e = full.clone();
    e.remove(0);
    assert_eq!(check(&e, &anchor), Err(VerifyError::Removed { seq: 0 }));
    // The tail: the chain alone cannot see it, the anchor does.
    let mut e = full.clone();
    e.pop();
    assert_eq!(
        verify_with(
            &e,
            &VerifyOptions {
                key: Some(&key()),
                anchor: None
            }
        )
        .map(|r| r.entries),
        Ok(4)
    );
    assert_eq!(
        check(&e, &anchor),
        Err(VerifyError::TailRemoved {
            first_missing: 4,
            anchored: 5,
            held: 4
        })
    );
    assert_eq!(check(&e, &anchor).unwrap_err().first_bad_entry(), Some(4));
    // Everything removed.
    assert!(matches!(
        check(&[], &anchor),
        Err(VerifyError::TailRemoved {
            first_missing: 0,
            ..
        })
    ));
    // The old head check still works for unkeyed logs.
    let full = entries();
    let head = full.last().map(|x| x.mac.to_string()).expect("head");
    let mut e = full.clone();
    e.pop();
    assert_eq!(verify_with_head(&e, &head), Err(VerifyError::HeadMismatch));
    assert!(verify_with_head(&full, &head).is_ok());
}

#[test]
fn a_swapped_entry_is_found() {
    let (mut e, anchor) = keyed_entries();
    e.swap(1, 3);
    assert_eq!(
        check(&e, &anchor),
        Err(VerifyError::Reordered { index: 1, seq: 3 })
    );
    let (mut e, anchor) = keyed_entries();
    e.swap(3, 4);
    assert_eq!(
        check(&e, &anchor),
        Err(VerifyError::Reordered { index: 3, seq: 4 })
    );
}

#[test]
fn a_log_longer_than_its_anchor_is_found() {
    let mut log = MemoryLog::keyed(key());
    five_decisions(&mut log);
    let stale = log.anchor();
    five_decisions(&mut log);
    let e = log.entries().expect("entries");
    assert_eq!(
        check(&e, &stale),
        Err(VerifyError::NotAnchored {
            first: 5,
            anchored: 5
        })
    );
    // An anchor naming another entry at the right length.
    let (other, _) = keyed_entries();
    let mut forged = stale.clone();
    forged.last_mac = other[0].mac;
    assert_eq!(
        check(&e[..5], &forged),
        Err(VerifyError::AnchorMismatch { seq: 4 })
    );
}

/// The canonical encoding is pinned: the MAC of a known entry does not change when the Rust
/// types are refactored. If this fails, the encoding changed and every existing log would stop
/// verifying: bump the format instead.
#[test]
fn the_canonical_encoding_is_stable() {
    let (e, _) = keyed_entries();
    let first: Vec<String> = e.iter().take(2).map(|x| x.mac.to_string()).collect();
    let again: Vec<String> = keyed_entries()
        .0
        .iter()
        .take(2)
        .map(|x| x.mac.to_string())
        .collect();
    assert_eq!(first, again, "deterministic");
    assert_eq!(
        first[0], PINNED_FIRST_MAC,
        "the canonical encoding of format 1 changed"
    );
}

const PINNED_FIRST_MAC: &str = "cce145364be81adfe4b6c304cf12b03775ccf587902ab6741b8562df465e520e";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/access")
        .join(name)
}

/// A log written by the release before the keyed format (commit fcb09ad) still verifies, as
/// legacy and unkeyed, and its content reads into today's types.
#[test]
fn the_log_of_the_previous_release_verifies_as_legacy() {
    let e = read_log_file(&fixture("log-v0.jsonl")).expect("reads");
    assert_eq!(e.len(), 5);
    assert!(e.iter().all(|x| x.format == EntryFormat::Legacy0));
    let report = verify(&e).expect("verifies");
    assert_eq!((report.legacy, report.keyed, report.unkeyed), (5, 0, 0));
    assert!(!report.is_keyed());
    assert!(
        report.describe().contains("LEGACY"),
        "{}",
        report.describe()
    );
    let head = std::fs::read_to_string(fixture("log-v0.head")).expect("head");
    assert!(verify_with_head(&e, head.trim()).is_ok());
    assert!(matches!(&e[4].event, LogEvent::Disposal(d) if d.subjects.len() == 1));
    // Editing a legacy line is still found.
    let text = std::fs::read_to_string(fixture("log-v0.jsonl")).expect("text");
    let edited: Vec<LogEntry> = text
        .replacen("\"A12\"", "\"A13\"", 1)
        .lines()
        .map(|l| LogEntry::from_line(l).expect("entry"))
        .collect();
    assert_eq!(verify(&edited), Err(VerifyError::Edited { index: 2 }));
}

/// A legacy log continued in the keyed format: the first keyed entry seals the legacy head.
#[test]
fn a_legacy_log_is_continued_keyed_and_a_legacy_line_after_it_is_refused() {
    let dir = scratch("continue");
    let path = dir.join("log.jsonl");
    let anchor = dir.join("anchor.json");
    std::fs::copy(fixture("log-v0.jsonl"), &path).expect("copy");
    // Adopting it needs an anchor: a new one is written for the state verified.
    Anchor::after(
        read_log_file(&path)
            .expect("read")
            .last()
            .map(|x| (x.seq, x.mac)),
        None,
    )
    .write(&anchor)
    .expect("anchor");
    {
        let mut log = JsonLinesLog::open_with(&path, options(&anchor)).expect("open");
        five_decisions(&mut log);
    }
    let e = read_log_file(&path).expect("read");
    assert_eq!(e.len(), 10);
    let a = Anchor::read(&anchor).expect("anchor");
    let report = verify_with(
        &e,
        &VerifyOptions {
            key: Some(&key()),
            anchor: Some(&a),
        },
    )
    .expect("ok");
    assert_eq!((report.legacy, report.keyed), (5, 5));
    // A legacy line moved after the keyed ones is refused.
    let mut moved = e.clone();
    let legacy = moved.remove(4);
    moved.push(legacy);
    assert!(verify_with(
        &moved,
        &VerifyOptions {
            key: Some(&key()),
            anchor: None
        }
    )
    .is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kenpo-access-log-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

fn options(anchor: &Path) -> LogOptions {
    LogOptions {
        key: Some(key()),
        anchor: Some(anchor.to_path_buf()),
    }
}

#[test]
fn the_file_log_appends_updates_its_anchor_and_refuses_tampering() {
    let dir = scratch("file");
    let path = dir.join("access.jsonl");
    let anchor = dir.join("anchor.json");
    {
        let mut log = JsonLinesLog::open_with(&path, options(&anchor)).expect("open");
        five_decisions(&mut log);
        assert_eq!(Anchor::read(&anchor).expect("anchor").entries, 5);
    }
    let size = std::fs::metadata(&path).expect("meta").len();
    {
        let mut log = JsonLinesLog::open_with(&path, options(&anchor)).expect("reopen");
        assert!(log.opened().is_keyed());
        five_decisions(&mut log);
        // Appending does not rewrite: the first five lines are byte for byte where they were.
        let text = std::fs::read(&path).expect("read");
        assert!(text.len() as u64 > size);
        assert_eq!(read_log_file(&path).expect("read").len(), 10);
    }
    let a = Anchor::read(&anchor).expect("anchor");
    assert_eq!((a.entries, a.last_seq), (10, Some(9)));
    let anchor_text = std::fs::read_to_string(&anchor).expect("anchor text");
    assert!(!anchor_text.contains("secret"), "the key is never written");
    let original = std::fs::read_to_string(&path).expect("text");
    assert!(!original.contains("secret"));

    // Cut the tail: opening refuses it, naming the first missing entry.
    let cut: String = original.lines().take(9).map(|l| format!("{l}\n")).collect();
    std::fs::write(&path, &cut).expect("write");
    assert!(matches!(
        JsonLinesLog::open_with(&path, options(&anchor)),
        Err(LogError::Tampered(VerifyError::TailRemoved {
            first_missing: 9,
            ..
        }))
    ));
    // Nothing was written by the refused open.
    assert_eq!(std::fs::read_to_string(&path).expect("text"), cut);
    // Edit one line.
    std::fs::write(&path, original.replacen("\"A8\"", "\"A9\"", 1)).expect("write");
    assert!(matches!(
        JsonLinesLog::open_with(&path, options(&anchor)),
        Err(LogError::Tampered(VerifyError::Edited { index: 0 }))
    ));
    // A wrong key.
    std::fs::write(&path, &original).expect("write");
    let wrong = LogOptions {
        key: Some(LogKey::new(&[7u8; 32]).expect("key")),
        anchor: Some(anchor.clone()),
    };
    assert!(matches!(
        JsonLinesLog::open_with(&path, wrong),
        Err(LogError::Tampered(VerifyError::WrongKey { .. }))
    ));
    // No key for a keyed log.
    assert!(matches!(
        JsonLinesLog::open_with(
            &path,
            LogOptions {
                key: None,
                anchor: Some(anchor.clone())
            }
        ),
        Err(LogError::Tampered(VerifyError::KeyRequired { index: 0 }))
    ));
    // A missing anchor for a log that has entries.
    assert!(matches!(
        JsonLinesLog::open_with(&path, options(&dir.join("nowhere.json"))),
        Err(LogError::Anchor { .. })
    ));
    // A stale anchor (an older copy): the log is longer than it.
    let mut stale = a.clone();
    let e = read_log_file(&path).expect("read");
    stale.entries = 5;
    stale.last_seq = Some(4);
    stale.last_mac = e[4].mac;
    let stale_path = dir.join("stale.json");
    stale.write(&stale_path).expect("write");
    assert!(matches!(
        JsonLinesLog::open_with(&path, options(&stale_path)),
        Err(LogError::Tampered(VerifyError::NotAnchored {
            first: 5,
            ..
        }))
    ));
    // A line that is not JSON, and a line of an unknown format: named by line number.
    std::fs::write(&path, format!("{original}{{not json}}\n")).expect("write");
    assert!(matches!(
        JsonLinesLog::open_with(&path, options(&anchor)),
        Err(LogError::Malformed {
            line: 11,
            problem: LineProblem::NotJson,
            ..
        })
    ));
    let future = original
        .lines()
        .next()
        .expect("line")
        .replacen("\"v\":1", "\"v\":9", 1);
    std::fs::write(&path, format!("{future}\n")).expect("write");
    assert!(matches!(
        JsonLinesLog::open_with(&path, options(&anchor)),
        Err(LogError::Malformed {
            line: 1,
            problem: LineProblem::UnknownFormat { version: 9 },
            ..
        })
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Pseudonymising a person's key leaves every MAC valid, and the key is gone from the file.
#[test]
fn pseudonymised_entries_still_verify() {
    let dir = scratch("pseudonym");
    let path = dir.join("access.jsonl");
    let anchor = dir.join("anchor.json");
    let mut log = JsonLinesLog::open_with(&path, options(&anchor)).expect("open");
    five_decisions(&mut log);
    let gone = access_fixtures::key(1);
    let n = log.pseudonymise(&|k| k == &gone).expect("pseudonymise");
    assert_eq!(n, 5, "one mention per decision");
    let e = read_log_file(&path).expect("read");
    let a = Anchor::read(&anchor).expect("anchor");
    assert!(verify_with(
        &e,
        &VerifyOptions {
            key: Some(&key()),
            anchor: Some(&a)
        }
    )
    .is_ok());
    let LogEvent::Decision(d) = &e[0].event else {
        panic!("decision")
    };
    assert!(matches!(d.subjects[0], LoggedSubject::Pseudonym { .. }));
    assert!(
        d.subjects[1].key().is_some(),
        "the other member keeps the key"
    );
    // The log goes on after the rewrite.
    five_decisions(&mut log);
    let e = read_log_file(&path).expect("read");
    let a = Anchor::read(&anchor).expect("anchor");
    assert_eq!(
        verify_with(
            &e,
            &VerifyOptions {
                key: Some(&key()),
                anchor: Some(&a)
            }
        )
        .map(|r| r.entries),
        Ok(10)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_log_continued_from_its_anchor_verifies_as_one_chain() {
    // Month 1 in one log, month 2 continued from month 1's anchor (a store keeps the entries):
    // together they verify under the final anchor, keyed.
    let mut first = MemoryLog::keyed(key());
    five_decisions(&mut first);
    let mut next = MemoryLog::continuing(&first.anchor(), Some(key())).expect("continue");
    five_decisions(&mut next);
    let mut all = first.entries().expect("entries");
    let added = next.entries().expect("entries");
    assert_eq!(added.first().map(|e| e.seq), Some(5));
    all.extend(added);
    assert_eq!(next.anchor().entries, 10);
    assert_eq!(check(&all, &next.anchor()), Ok(10));
    // The second half alone does not verify from the start.
    assert!(verify(&all[5..]).is_err());

    // A keyed log needs its key, the right one; an unkeyed log with entries is not continued keyed.
    assert!(matches!(
        MemoryLog::continuing(&first.anchor(), None),
        Err(LogError::KeyRequired)
    ));
    let other = LogKey::new(b"another secret of thirty-two bytes or more").expect("key");
    assert!(matches!(
        MemoryLog::continuing(&first.anchor(), Some(other)),
        Err(LogError::Tampered(VerifyError::WrongKey { .. }))
    ));
    let mut plain = MemoryLog::new();
    five_decisions(&mut plain);
    assert!(matches!(
        MemoryLog::continuing(&plain.anchor(), Some(key())),
        Err(LogError::UnkeyedLog)
    ));
    // An empty log may start keyed.
    assert!(MemoryLog::continuing(&MemoryLog::new().anchor(), Some(key())).is_ok());
}

#[test]
fn a_log_continued_after_its_last_entry_checks_that_entry() {
    let mut first = MemoryLog::keyed(key());
    five_decisions(&mut first);
    let all = first.entries().expect("entries");
    let last = all.last();
    let mut next = MemoryLog::after_entry(last, Some(key())).expect("continue");
    five_decisions(&mut next);
    let mut chain = all.clone();
    chain.extend(next.entries().expect("entries"));
    assert_eq!(check(&chain, &next.anchor()), Ok(10));

    assert!(matches!(
        MemoryLog::after_entry(last, None),
        Err(LogError::KeyRequired)
    ));
    let other = LogKey::new(b"another secret of thirty-two bytes or more").expect("key");
    assert!(matches!(
        MemoryLog::after_entry(last, Some(other)),
        Err(LogError::Tampered(VerifyError::Edited { index: 4 }))
    ));
    let mut edited = all[4].clone();
    edited.at = at(2026, 7, 1);
    assert!(matches!(
        MemoryLog::after_entry(Some(&edited), Some(key())),
        Err(LogError::Tampered(VerifyError::Edited { .. }))
    ));
    let plain = entries();
    assert!(matches!(
        MemoryLog::after_entry(plain.last(), Some(key())),
        Err(LogError::UnkeyedLog)
    ));
    assert!(MemoryLog::after_entry(plain.last(), None).is_ok());
}
