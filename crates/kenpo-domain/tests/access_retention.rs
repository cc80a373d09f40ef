//! Retention and disposal (R1–R3): due dates at their edges, methods, disposal records kept in
//! the log.

mod access_fixtures;

use access_fixtures::{at, d, key};
use kenpo_domain::access::log::verify;
use kenpo_domain::access::{
    disposals, AccessLog, Catalog, DisposalMethod, HeldItem, LoggedSubject, MemoryLog,
    RetentionError,
};

fn item(reference: &str, record_type: &str, completed: (i32, u32, u32), bulk: bool) -> HeldItem {
    HeldItem {
        reference: reference.to_owned(),
        record_type: record_type.to_owned(),
        completed_on: d(completed.0, completed.1, completed.2),
        subject_lost_on: None,
        bulk,
        subjects: vec![key(1)],
    }
}

#[test]
fn periods_count_from_the_day_after_completion() {
    // 民法 第140条・第143条: completed 2024-04-10, 2 years → kept through 2026-04-10.
    let c = Catalog::default_catalog();
    let rule = c.retention_rule("enrollment_notifications").expect("rule");
    assert_eq!(rule.years, 2);
    assert_eq!(rule.due_on(d(2024, 4, 10), None), Some(d(2026, 4, 11)));
    // Completed 2024-02-28: the period starts 02-29 and ends with February 2026 (143条2項).
    assert_eq!(rule.due_on(d(2024, 2, 28), None), Some(d(2026, 3, 1)));
    let items = [item(
        "box-1",
        "enrollment_notifications",
        (2024, 4, 10),
        false,
    )];
    assert!(c
        .due_for_disposal(&items, d(2026, 4, 10))
        .expect("q")
        .is_empty());
    let due = c.due_for_disposal(&items, d(2026, 4, 11)).expect("q");
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].method, DisposalMethod::Shredding);
}

#[test]
fn specific_checkup_records_keep_five_fiscal_years_or_until_after_loss() {
    // 特定健康診査及び特定保健指導の実施に関する基準 第10条: five years from the next fiscal
    // year, or to the end of the fiscal year after the loss, whichever is shorter.
    let c = Catalog::default_catalog();
    let rule = c.retention_rule("specific_checkup_records").expect("rule");
    // Made 2025-06-10 (FY2025): FY2026–FY2030 → due 2031-04-01.
    assert_eq!(rule.due_on(d(2025, 6, 10), None), Some(d(2031, 4, 1)));
    // Made 2026-03-31 is still FY2025.
    assert_eq!(rule.due_on(d(2026, 3, 31), None), Some(d(2031, 4, 1)));
    // Lost 2026-01-15 (FY2025): through FY2026 → due 2027-04-01, the shorter.
    assert_eq!(
        rule.due_on(d(2025, 6, 10), Some(d(2026, 1, 15))),
        Some(d(2027, 4, 1))
    );
}

#[test]
fn methods_follow_the_notice_and_disposals_stay_in_the_log() {
    let c = Catalog::default_catalog();
    let items = [
        item("box-7", "receipts_paper", (2020, 3, 31), true),
        item("box-8", "benefit_applications", (2020, 3, 31), false),
        item("db-2020", "receipts_electronic", (2020, 3, 31), false),
        item("box-9", "receipts_paper", (2024, 3, 31), false),
    ];
    let on = d(2026, 6, 1);
    let due = c.due_for_disposal(&items, on).expect("q");
    let got: Vec<(&str, DisposalMethod, Option<&str>)> = due
        .iter()
        .map(|x| (x.item.reference.as_str(), x.method, x.by.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "box-7",
                DisposalMethod::Dissolution,
                Some("ストレージサービス株式会社")
            ),
            ("box-8", DisposalMethod::Shredding, None),
            ("db-2020", DisposalMethod::MediaErasure, None),
        ]
    );
    let mut log = MemoryLog::new();
    for x in &due {
        c.record_disposal(&mut log, at(2026, 6, 1), x.disposal_record(on))
            .expect("logged");
    }
    let entries = log.entries().expect("entries");
    assert!(verify(&entries).is_ok());
    let kept: Vec<_> = disposals(&entries).collect();
    assert_eq!(kept.len(), 3);
    assert_eq!(kept[0].reference, "box-7");
    assert_eq!(kept[0].disposed_on, on);
    assert_eq!(kept[0].subjects, vec![LoggedSubject::Key(key(1))]);

    let unknown = [item("x", "love_letters", (2020, 1, 1), false)];
    assert_eq!(
        c.due_for_disposal(&unknown, on).unwrap_err(),
        RetentionError::UnknownRecordType {
            reference: "x".into(),
            record_type: "love_letters".into()
        }
    );
}
