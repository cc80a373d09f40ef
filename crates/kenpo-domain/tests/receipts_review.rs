//! 点検: every planted case of generated months is found and none invented; each check fires on
//! a case and keeps quiet on its look-alike; the master-file checks run with the masters and are
//! skipped with a notice without them.

use std::sync::Arc;

use chrono::NaiveDate;
use kenpo_domain::calendar::YearMonth;
use kenpo_domain::receipt::review::master::Masters;
use kenpo_domain::receipt::review::testgen::{self, code, institution, ReceiptBuilder};
use kenpo_domain::receipt::review::{Check, Needs, ReviewOptions, ReviewOutcome, Reviewer};
use kenpo_domain::receipt::{read_slice, ReaderOptions, Receipt, ReceiptWriter};

fn review(receipts: &[Receipt], masters: Option<Masters>) -> ReviewOutcome {
    let file: Arc<str> = Arc::from("R.UKE");
    let mut r = Reviewer::new(ReviewOptions::default(), masters);
    for (i, x) in receipts.iter().enumerate() {
        let mut x = x.clone();
        x.position.index = i as u64 + 1;
        r.add(&file, &x);
    }
    r.finish()
}

fn checks(o: &ReviewOutcome) -> Vec<Check> {
    o.candidates.iter().map(|c| c.check).collect()
}

fn m(month: u32) -> YearMonth {
    YearMonth::new(2026, month).unwrap()
}

fn d(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

#[test]
fn every_planted_case_is_found_and_none_invented() {
    for seed in 0..12 {
        let month = testgen::planted_months(seed);
        let mut reviewer = Reviewer::new(ReviewOptions::default(), None);
        for (file, receipts) in &month.files {
            let file: Arc<str> = Arc::from(file.as_str());
            for r in receipts {
                reviewer.add(&file, r);
            }
        }
        let outcome = reviewer.finish();
        let mut found: Vec<_> = outcome
            .candidates
            .iter()
            .map(|c| (c.check, c.receipts[0].file.to_string(), c.receipts[0].index))
            .collect();
        found.sort();
        let mut planted: Vec<_> = month
            .planted
            .iter()
            .map(|p| (p.check, p.file.clone(), p.index))
            .collect();
        planted.sort();
        assert_eq!(found, planted, "seed {seed}");
        // Every check that needs no master file is planted.
        for c in Check::ALL.iter().filter(|c| c.needs() != Needs::Master) {
            assert!(planted.iter().any(|p| p.0 == *c), "{c} planted");
        }
        assert!(outcome.points().get() > 0);
    }
}

#[test]
fn planted_months_read_from_their_files_give_the_same_candidates() {
    let month = testgen::planted_months(3);
    let mut direct = Reviewer::new(ReviewOptions::default(), None);
    let mut from_files = Reviewer::new(ReviewOptions::default(), None);
    for (name, receipts) in &month.files {
        let file: Arc<str> = Arc::from(name.as_str());
        let mut w = ReceiptWriter::new(Vec::new());
        let mut header = kenpo_domain::receipt::testgen::header(
            &kenpo_domain::receipt::testgen::GeneratorOptions::new(0, 0),
        )
        .unwrap();
        header.institution = receipts[0].institution.clone();
        header.institution_recorded = receipts[0].institution_recorded.to_string();
        w.header(&header).unwrap();
        for r in receipts {
            w.receipt(r).unwrap();
        }
        let bytes = w.finish().unwrap();
        let out = read_slice(&bytes, ReaderOptions::new(name.as_str()));
        assert!(
            out.rejected.is_empty(),
            "{:?}",
            out.rejected.first().map(ToString::to_string)
        );
        assert_eq!(out.receipts.len(), receipts.len());
        for r in receipts {
            direct.add(&file, r);
        }
        for r in &out.receipts {
            from_files.add(&file, r);
        }
    }
    let (a, b) = (direct.finish(), from_files.finish());
    let key = |o: &ReviewOutcome| -> Vec<(Check, u64, i64)> {
        o.candidates
            .iter()
            .map(|c| (c.check, c.receipts[0].index, c.points.get()))
            .collect()
    };
    assert_eq!(key(&a), key(&b));
    assert!(!a.candidates.is_empty());
}

#[test]
fn csv_and_json_name_receipts_not_people() {
    let month = testgen::planted_months(1);
    let mut reviewer = Reviewer::new(ReviewOptions::default(), None);
    for (file, receipts) in &month.files {
        let file: Arc<str> = Arc::from(file.as_str());
        for r in receipts {
            reviewer.add(&file, r);
        }
    }
    let outcome = reviewer.finish();
    let csv = outcome.to_csv();
    let json = serde_json::to_string(&outcome).unwrap();
    assert!(csv.starts_with("check,family,outcome,points,"));
    assert_eq!(csv.lines().count(), outcome.candidates.len() + 1);
    for text in [&csv, &json] {
        assert!(!text.contains("点検\u{3000}"), "no patient name");
        assert!(!text.contains("テンケン"), "no kana");
        assert!(!text.contains("基金"), "no doctor's name");
    }
    assert!(csv.contains("MATCH-1") && csv.contains("LONG-3"));
    // Without masters the master checks are noticed as skipped.
    for c in Check::ALL.iter().filter(|c| c.needs() == Needs::Master) {
        assert!(outcome.notices.iter().any(|n| n.check == *c), "{c}");
    }
}

// ---- each check: fires, and keeps quiet on a look-alike ----

#[test]
fn first_visit_and_revisit_same_day_or_a_same_day_revisit() {
    let c = institution(1);
    let fire = ReceiptBuilder::medical(1, &c, m(9))
        .item(code::FIRST_VISIT, &[7])
        .item(code::REVISIT, &[7])
        .days_of_treatment(2)
        .build();
    assert_eq!(
        checks(&review(&[fire], None)),
        [Check::FirstVisitAndRevisit]
    );
    // 同日再診 may coexist; another day is fine too.
    let quiet = ReceiptBuilder::medical(1, &c, m(9))
        .item(code::FIRST_VISIT, &[7])
        .item(code::SAME_DAY_REVISIT, &[7])
        .days_of_treatment(2)
        .build();
    let quiet2 = ReceiptBuilder::medical(2, &c, m(9))
        .item(code::FIRST_VISIT, &[7])
        .item(code::REVISIT, &[8])
        .build();
    assert!(review(&[quiet, quiet2], None).candidates.is_empty());
}

#[test]
fn visits_above_days() {
    let c = institution(1);
    let fire = ReceiptBuilder::medical(1, &c, m(9))
        .item(code::REVISIT, &[2, 9, 16])
        .days_of_treatment(2)
        .build();
    let o = review(&[fire], None);
    assert_eq!(checks(&o), [Check::VisitsAboveDays]);
    assert_eq!(o.candidates[0].points.get(), code::REVISIT.1);
    let quiet = ReceiptBuilder::medical(1, &c, m(9))
        .item(code::REVISIT, &[2, 9, 16])
        .build();
    assert!(review(&[quiet], None).candidates.is_empty());
    // 電話等再診 is not a visit day.
    let phone = ReceiptBuilder::medical(1, &c, m(9))
        .item(code::REVISIT, &[2])
        .item(code::PHONE_REVISIT, &[9])
        .days_of_treatment(1)
        .build();
    assert!(review(&[phone], None).candidates.is_empty());
}

#[test]
fn disease_management_and_beds() {
    let h = institution(2);
    for (beds, fires) in [(250, true), (150, true), (19, false)] {
        let r = ReceiptBuilder::medical(1, &h, m(9))
            .item(code::REVISIT, &[8])
            .item(code::DISEASE_MANAGEMENT, &[8])
            .beds(beds)
            .build();
        assert_eq!(
            checks(&review(&[r], None)) == [Check::DiseaseManagementBeds],
            fires,
            "{beds} beds"
        );
    }
    // No 病床数 recorded: nothing to compare.
    let r = ReceiptBuilder::medical(1, &h, m(9))
        .item(code::REVISIT, &[8])
        .item(code::DISEASE_MANAGEMENT, &[8])
        .build();
    assert!(review(&[r], None).candidates.is_empty());
}

#[test]
fn disease_management_timing() {
    let c = institution(1);
    // Within a month of 初診 (the same month, or across the month end).
    let fire = ReceiptBuilder::medical(1, &c, m(9))
        .item(code::FIRST_VISIT, &[2])
        .item(code::DISEASE_MANAGEMENT, &[10])
        .days_of_treatment(2)
        .build();
    assert_eq!(
        checks(&review(&[fire], None)),
        [Check::DiseaseManagementTiming]
    );
    let before = ReceiptBuilder::medical(2, &c, m(9))
        .item(code::FIRST_VISIT, &[25])
        .build();
    let after = ReceiptBuilder::medical(2, &c, m(10))
        .item(code::DISEASE_MANAGEMENT, &[6])
        .build();
    assert_eq!(
        checks(&review(&[before.clone(), after], None)),
        [Check::DiseaseManagementTiming]
    );
    // One month after (25 September → 25 October): quiet; within the holiday slack: quiet.
    let later = ReceiptBuilder::medical(2, &c, m(10))
        .item(code::DISEASE_MANAGEMENT, &[26])
        .build();
    let slack = ReceiptBuilder::medical(3, &c, m(10))
        .item(code::DISEASE_MANAGEMENT, &[20])
        .build();
    let before3 = ReceiptBuilder::medical(3, &c, m(9))
        .item(code::FIRST_VISIT, &[25])
        .build();
    assert!(review(&[before, later, before3, slack], None)
        .candidates
        .is_empty());
    // Three times a month, or with 電話等再診 the same day.
    let thrice = ReceiptBuilder::medical(4, &c, m(10))
        .item(code::DISEASE_MANAGEMENT, &[1, 8, 15])
        .build();
    assert_eq!(
        checks(&review(&[thrice], None)),
        [Check::DiseaseManagementTiming]
    );
    let phone = ReceiptBuilder::medical(5, &c, m(10))
        .item(code::PHONE_REVISIT, &[8])
        .item(code::DISEASE_MANAGEMENT, &[8])
        .build();
    assert_eq!(
        checks(&review(&[phone], None)),
        [Check::DiseaseManagementTiming]
    );
}

#[test]
fn first_visit_again() {
    let c = institution(1);
    let aug = ReceiptBuilder::medical(1, &c, m(8))
        .item(code::FIRST_VISIT, &[3])
        .item(code::REVISIT, &[24])
        .diagnosis(4_000_001, d(8, 3), false)
        .build();
    let sep = ReceiptBuilder::medical(1, &c, m(9))
        .item(code::FIRST_VISIT, &[10])
        .diagnosis(4_000_001, d(8, 3), false)
        .build();
    let o = review(&[aug.clone(), sep], None);
    assert_eq!(checks(&o), [Check::FirstVisitAgain]);
    assert_eq!(
        o.candidates[0].receipts.len(),
        2,
        "cites the earlier receipt"
    );
    // A month or more since the last visit: quiet (the patient may have stopped coming).
    let late = ReceiptBuilder::medical(1, &c, m(9))
        .item(code::FIRST_VISIT, &[25])
        .diagnosis(4_000_001, d(8, 3), false)
        .build();
    assert!(review(&[aug, late], None).candidates.is_empty());
    // A new disease with no continuing one: quiet.
    let fresh = ReceiptBuilder::medical(2, &c, m(9))
        .item(code::FIRST_VISIT, &[10])
        .diagnosis(4_000_002, d(9, 10), false)
        .build();
    assert!(review(&[fresh], None).candidates.is_empty());
}

#[test]
fn outpatient_during_an_admission_here_or_elsewhere() {
    let h = institution(2);
    let o = institution(3);
    let stay = ReceiptBuilder::inpatient(1, &h, m(9), 5)
        .item((190_077_410, 1500), &[5, 6, 7, 8, 9, 10])
        .build();
    let here = ReceiptBuilder::medical(1, &h, m(9))
        .item(code::REVISIT, &[8])
        .build();
    let elsewhere = ReceiptBuilder::medical(1, &o, m(9))
        .item(code::REVISIT, &[9])
        .build();
    let out = review(&[stay.clone(), here, elsewhere], None);
    assert_eq!(
        checks(&out),
        [
            Check::OutpatientDuringAdmission,
            Check::OutpatientElsewhereWhileInpatient
        ]
    );
    assert_eq!(out.candidates[0].points.get(), code::REVISIT.1);
    // The admission day itself, and days after the last inpatient day: quiet.
    let on_admission = ReceiptBuilder::medical(1, &h, m(9))
        .item(code::FIRST_VISIT, &[5])
        .build();
    let after = ReceiptBuilder::medical(1, &o, m(9))
        .item(code::FIRST_VISIT, &[20])
        .build();
    assert!(review(&[stay, on_admission, after], None)
        .candidates
        .is_empty());
}

#[test]
fn many_institutions_counts_a_pharmacy_under_its_prescriber() {
    let (a, b, c, p) = (
        institution(1),
        institution(2),
        institution(3),
        institution(91),
    );
    let r = |inst: &_, day| {
        ReceiptBuilder::medical(1, inst, m(9))
            .item(code::FIRST_VISIT, &[day])
            .item(code::PRESCRIPTION, &[day])
            .diagnosis(4_000_001, d(9, day), false)
            .build()
    };
    let three = [r(&a, 1), r(&b, 2), r(&c, 3)];
    assert_eq!(checks(&review(&three, None)), [Check::ManyInstitutions]);
    let ph = ReceiptBuilder::pharmacy(1, &p, m(9), &a)
        .dispensing(d(9, 1), d(9, 1), 7, 620_000_001, 5)
        .build();
    assert!(review(&[r(&a, 1), r(&b, 2), ph], None)
        .candidates
        .is_empty());
}

#[test]
fn prescription_pairing_and_the_prescribers_diagnosis() {
    let (c, p) = (institution(1), institution(91));
    let prescriber = ReceiptBuilder::medical(1, &c, m(9))
        .item(code::FIRST_VISIT, &[5])
        .item(code::PRESCRIPTION, &[5])
        .diagnosis(4_000_001, d(9, 5), false)
        .build();
    let ok = ReceiptBuilder::pharmacy(1, &p, m(9), &c)
        .dispensing(d(9, 5), d(9, 8), 7, 620_000_001, 5)
        .build();
    assert!(review(&[prescriber.clone(), ok], None)
        .candidates
        .is_empty());
    let late = ReceiptBuilder::pharmacy(1, &p, m(9), &c)
        .dispensing(d(9, 5), d(9, 9), 7, 620_000_001, 5)
        .build();
    let o = review(&[prescriber.clone(), late], None);
    assert_eq!(checks(&o), [Check::PrescriptionPairing]);
    assert_eq!(o.candidates[0].receipts.len(), 2);
    assert_eq!(o.candidates[0].points.get(), 47 + 5 * 7);
    let orphan = ReceiptBuilder::pharmacy(2, &p, m(9), &c)
        .dispensing(d(9, 5), d(9, 5), 7, 620_000_002, 5)
        .build();
    assert_eq!(
        checks(&review(&[orphan], None)),
        [Check::PrescriptionPairing]
    );
    let suspected = ReceiptBuilder::medical(3, &c, m(9))
        .item(code::FIRST_VISIT, &[5])
        .item(code::PRESCRIPTION, &[5])
        .diagnosis(4_000_003, d(9, 5), true)
        .build();
    let ph = ReceiptBuilder::pharmacy(3, &p, m(9), &c)
        .dispensing(d(9, 5), d(9, 5), 7, 620_000_003, 5)
        .build();
    assert_eq!(
        checks(&review(&[suspected, ph], None)),
        [Check::PrescriberWithoutDiagnosis]
    );
}

#[test]
fn days_supplied_ahead() {
    let (c, p) = (institution(1), institution(91));
    let visit = |month, day| {
        ReceiptBuilder::medical(1, &c, m(month))
            .item(code::REVISIT, &[day])
            .item(code::PRESCRIPTION, &[day])
            .diagnosis(4_000_001, d(8, 1), false)
            .build()
    };
    let first = ReceiptBuilder::pharmacy(1, &p, m(9), &c)
        .dispensing(d(9, 1), d(9, 1), 30, 620_000_001, 10)
        .build();
    let early = ReceiptBuilder::pharmacy(1, &p, m(9), &c)
        .dispensing(d(9, 15), d(9, 15), 30, 620_000_001, 10)
        .build();
    let o = review(&[visit(9, 1), visit(9, 15), first.clone(), early], None);
    assert_eq!(checks(&o), [Check::DaysSuppliedAhead]);
    assert_eq!(o.candidates[0].points.get(), 16 * 10);
    // Within the tolerance (a week): quiet.
    let on_time = ReceiptBuilder::pharmacy(1, &p, m(9), &c)
        .dispensing(d(9, 25), d(9, 25), 30, 620_000_001, 10)
        .build();
    assert!(review(&[visit(9, 1), visit(9, 25), first, on_time], None)
        .candidates
        .is_empty());
}

#[test]
fn single_receipt_checks_fire_and_keep_quiet() {
    let c = institution(1);
    let base = || ReceiptBuilder::medical(1, &c, m(9)).item(code::REVISIT, &[4]);
    assert_eq!(
        checks(&review(&[base().occupational(1).build()], None)),
        [Check::WorkInjury]
    );
    assert!(review(&[base().build()], None).candidates.is_empty());
    assert_eq!(
        checks(&review(
            &[base().uncoded("左手骨折", d(9, 4)).build()],
            None
        )),
        [Check::InjuryInquiry]
    );
    assert!(
        review(&[base().uncoded("左手骨折", d(8, 4)).build()], None)
            .candidates
            .is_empty(),
        "not new this month"
    );
    assert!(
        review(
            &[base()
                .uncoded("左手骨折", d(9, 4))
                .special_notes("10")
                .build()],
            None
        )
        .candidates
        .is_empty(),
        "第三 declared"
    );
    assert!(review(&[base().uncoded("感冒", d(9, 4)).build()], None)
        .candidates
        .is_empty());
    assert_eq!(
        checks(&review(
            &[base().item(code::LAB, &[4]).times(3).build()],
            None
        )),
        [Check::Arithmetic]
    );
    let mut wrong_total = base().build();
    wrong_total.insurance.as_mut().unwrap().points = kenpo_domain::receipt::Points::new(999);
    assert_eq!(checks(&review(&[wrong_total], None)), [Check::Arithmetic]);
    assert_eq!(
        checks(&review(
            &[base().diagnosis(4_000_001, d(5, 1), true).build()],
            None
        )),
        [Check::SuspectedCarried]
    );
    assert!(
        review(&[base().diagnosis(4_000_001, d(8, 1), true).build()], None)
            .candidates
            .is_empty()
    );
    assert!(
        review(&[base().diagnosis(4_000_001, d(5, 1), false).build()], None)
            .candidates
            .is_empty()
    );
}

// ---- the master-file checks ----

/// A 医科診療行為マスター row (150 quoted items) with the items given.
fn s_row(code: u32, name: &str, set: &[(usize, &str)]) -> String {
    let mut items = vec![String::new(); 150];
    items[0] = "0".into();
    items[1] = "S".into();
    items[2] = code.to_string();
    items[4] = name.into();
    for (n, v) in set {
        items[n - 1] = (*v).to_owned();
    }
    items
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(",")
}

fn b_row(code: u32, set: &[(usize, &str)]) -> String {
    let mut items = vec![String::new(); 46];
    items[0] = "0".into();
    items[1] = "B".into();
    items[2] = format!("{code:07}");
    for (n, v) in set {
        items[n - 1] = (*v).to_owned();
    }
    items
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(",")
}

fn masters() -> Masters {
    let s = [
        s_row(
            code::FIRST_VISIT.0,
            "初診料",
            &[(85, "A"), (92, "0"), (93, "0"), (27, "2")],
        ),
        s_row(
            code::REVISIT.0,
            "再診料",
            &[(85, "A"), (92, "1"), (93, "0"), (27, "2")],
        ),
        s_row(
            code::DISEASE_MANAGEMENT.0,
            "特定疾患療養管理料（診療所）",
            &[(85, "B"), (92, "0"), (93, "0"), (25, "5")],
        ),
        s_row(
            113_002_310,
            "ウイルス疾患指導料１",
            &[(85, "B"), (92, "1"), (93, "0"), (94, "1")],
        ),
        s_row(
            120_000_710,
            "薬剤情報提供料",
            &[(85, "B"), (92, "11"), (93, "3")],
        ),
        s_row(
            code::PRESCRIPTION.0,
            "処方箋料",
            &[(85, "F"), (92, "400"), (93, "0")],
        ),
        s_row(150_000_110, "基本処置", &[(38, "1234"), (39, "0")]),
        s_row(
            150_000_270,
            "乳幼児加算",
            &[(38, "1234"), (39, "1"), (42, "06")],
        ),
        s_row(160_000_410, "検査", &[(27, "1")]),
        s_row(160_999_910, "廃止検査", &[(88, "20240531")]),
    ]
    .join("\r\n");
    let b = [
        b_row(4_000_001, &[(21, "05")]),
        b_row(4_000_002, &[(19, "01")]),
        b_row(4_000_003, &[(20, "1")]),
        b_row(4_000_004, &[(24, "20200331")]),
        b_row(4_000_005, &[(16, "S934")]),
    ]
    .join("\r\n");
    let mut m = Masters::new();
    m.read("s_ALL.csv", encoding_rs::SHIFT_JIS.encode(&s).0.as_ref())
        .unwrap();
    m.read("b_ALL.txt", encoding_rs::SHIFT_JIS.encode(&b).0.as_ref())
        .unwrap();
    m
}

#[test]
fn master_checks_fire_with_the_masters_and_are_skipped_without() {
    let c = institution(1);
    let base = || ReceiptBuilder::medical(1, &c, m(9)).item(code::REVISIT, &[4]);
    let cases: Vec<(Receipt, Vec<Check>)> = vec![
        // SGL-5: two 指導管理料 of the exclusive group.
        (
            base()
                .item(code::DISEASE_MANAGEMENT, &[4])
                .item((113_002_310, 240), &[4])
                .diagnosis(4_000_001, d(9, 1), false)
                .build(),
            vec![Check::ExclusiveManagement],
        ),
        (
            base()
                .item(code::DISEASE_MANAGEMENT, &[4])
                .diagnosis(4_000_001, d(9, 1), false)
                .build(),
            vec![],
        ),
        // SGL-6: 薬剤情報提供料 with 処方箋料 only.
        (
            base()
                .item((120_000_710, 4), &[4])
                .item(code::PRESCRIPTION, &[4])
                .build(),
            vec![Check::DrugInformationWithoutDrugs],
        ),
        (base().item((120_000_710, 4), &[4]).build(), vec![]),
        // M-11: an addition without its base; with it, quiet.
        (
            base().item((150_000_270, 30), &[4]).build(),
            vec![Check::AdditionWithoutBase, Check::AgeRange],
        ),
        // M-13: counted above 診療実日数.
        (
            base().item(code::LAB, &[4, 4]).days_of_treatment(1).build(),
            vec![Check::CountAboveDays],
        ),
        (base().item(code::LAB, &[4]).build(), vec![]),
        // M-14: needs a modifier; not billable; B000 without a specified disease.
        (
            base().diagnosis(4_000_002, d(9, 1), false).build(),
            vec![Check::DiagnosisValidity],
        ),
        (
            base().diagnosis(4_000_003, d(9, 1), false).build(),
            vec![Check::DiagnosisValidity],
        ),
        (
            base()
                .item(code::DISEASE_MANAGEMENT, &[4])
                .diagnosis(4_000_005, d(8, 1), false)
                .build(),
            vec![Check::DiagnosisValidity],
        ),
        // Abolished codes.
        (
            base().item((160_999_910, 10), &[4]).build(),
            vec![Check::AbolishedCode],
        ),
        (
            base().diagnosis(4_000_004, d(8, 1), false).build(),
            vec![Check::AbolishedCode],
        ),
        // INJ-1 by ICD-10 (S…) from the 傷病名マスター.
        (
            base().diagnosis(4_000_005, d(9, 2), false).build(),
            vec![Check::InjuryInquiry],
        ),
    ];
    for (i, (r, want)) in cases.iter().enumerate() {
        let mut got = checks(&review(std::slice::from_ref(r), Some(masters())));
        got.sort();
        let mut want = want.clone();
        want.sort();
        assert_eq!(got, want, "case {i}");
        // Without masters, none of the master checks fire.
        let without = review(std::slice::from_ref(r), None);
        assert!(
            without
                .candidates
                .iter()
                .all(|c| c.check.needs() != Needs::Master),
            "case {i}"
        );
    }
    // The addition with its base is quiet (the age is checked on the addition: a child).
    let mut child = base()
        .item((150_000_110, 20), &[4])
        .item((150_000_270, 30), &[4])
        .build();
    child.patient.birth_date = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    assert!(review(&[child], Some(masters())).candidates.is_empty());
    let with = review(&[base().build()], Some(masters()));
    assert!(with
        .notices
        .iter()
        .all(|n| n.check.needs() != Needs::Master));
}
