//! Checks C1, C2, C5 against a member master, each rule pinned at its edges.

use std::sync::Arc;

use chrono::NaiveDate;
use kenpo_domain::identifiers::{BranchNumber, InstitutionCode, MemberKey};
use kenpo_domain::member::EligibilityPeriod;
use kenpo_domain::person::PersonName;
use kenpo_domain::receipt::checks::{CheckOptions, Checker, MemberRecord, Relation};
use kenpo_domain::receipt::pharmacy::PharmacyDetail;
use kenpo_domain::receipt::testgen::{self, GeneratorOptions};
use kenpo_domain::receipt::{
    ClaimBranch, EligibilityConfirmation, Finding, ItemKind, Receipt, ReceiptKind, Rule,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn institution(prefix9: &str) -> InstitutionCode {
    (0..10)
        .find_map(|c| InstitutionCode::new(&format!("{prefix9}{c}")).ok())
        .unwrap()
}

fn member(
    branch: u8,
    relation: Relation,
    birth: NaiveDate,
    acquired: NaiveDate,
    lost: Option<NaiveDate>,
) -> MemberRecord {
    MemberRecord {
        key: MemberKey::parse("77", "123", &format!("{branch:02}")).unwrap(),
        name: PersonName::new(if branch == 0 {
            "健保\u{3000}太郎"
        } else {
            "健保\u{3000}花子"
        })
        .unwrap(),
        former_names: Vec::new(),
        kana: None,
        birth_date: birth,
        relation,
        periods: vec![EligibilityPeriod {
            acquired,
            lost,
            reason: None,
        }],
    }
}

/// A receipt for `m` (October 2026, medical outpatient) with care on `days`.
fn receipt(m: &MemberRecord, kind: &str, days: &[u32]) -> Receipt {
    let mut r = testgen::receipts(&GeneratorOptions::new(1, 50))
        .find(|r| {
            r.branch() == ClaimBranch::Medical
                && r.items.iter().any(|i| i.kind != ItemKind::Comment)
        })
        .unwrap();
    r.raw_records.clear();
    r.kind = ReceiptKind::from_code(kind).unwrap();
    r.public_funds.clear();
    let ins = r.insurance.as_mut().unwrap();
    ins.insurer = testgen::insurer().unwrap();
    ins.symbol = Some(m.key.symbol.clone());
    ins.number = Some(m.key.number.clone());
    r.patient.name = m.name.clone();
    r.patient.kana = None;
    r.patient.birth_date = m.birth_date;
    r.confirmations = vec![EligibilityConfirmation {
        payer_kind: 1,
        confirmation: 1,
        payer: None,
        symbol: None,
        number: None,
        branch: Some(m.key.branch),
        recipient: None,
    }];
    r.items.retain(|i| i.kind != ItemKind::Comment);
    r.items.truncate(1);
    r.items[0].days = [0; 31];
    for day in days {
        r.items[0].days[*day as usize - 1] = 1;
    }
    for dg in &mut r.diagnoses {
        dg.start = d(2026, 9, 1);
    }
    set_institution(&mut r, institution("131000100"));
    r
}

fn set_institution(r: &mut Receipt, code: InstitutionCode) {
    r.institution_recorded = Arc::from(code.as_str());
    r.institution = Some(code);
}

fn run(master: &[MemberRecord], receipts: &[Receipt]) -> Vec<Finding> {
    let mut c = Checker::new(
        CheckOptions::new(testgen::insurer().unwrap(), "けんぽ健康保険組合"),
        master,
    );
    let file: Arc<str> = Arc::from("RECEIPTC.UKE");
    for (i, r) in receipts.iter().enumerate() {
        let mut r = r.clone();
        r.position.index = i as u64 + 1;
        c.check(&file, &r);
    }
    c.finish()
}

fn rules(f: &[Finding]) -> Vec<Rule> {
    f.iter().map(|f| f.rule).collect()
}

#[test]
fn visit_after_loss_calls_for_a_c2_inquiry_without_identity() {
    // Loss date (資格喪失日) 2026-10-15 is the first day without eligibility.
    let m = member(
        0,
        Relation::Insured,
        d(1980, 5, 5),
        d(2010, 4, 1),
        Some(d(2026, 10, 15)),
    );
    let master = vec![m.clone()];
    assert!(run(&master, &[receipt(&m, "1112", &[1, 14])]).is_empty());
    let f = run(&master, &[receipt(&m, "1112", &[14, 15, 20])]);
    assert_eq!(rules(&f), [Rule::VisitAfterLoss]);
    // The finding names whom and which dates; the identity (name, birth date) leaves only
    // through Catalog::clinic_inquiry, which logs the C2 decision (tests/access_member.rs).
    let q = f[0].inquiry.as_ref().unwrap();
    assert_eq!(
        (q.key.symbol.as_str(), q.key.number.as_str()),
        ("77", "123")
    );
    assert_eq!(q.boundary, d(2026, 10, 15));
    assert_eq!(q.visit_date, d(2026, 10, 15));
    assert!(!format!("{q:?}").contains("123"));
    let json = serde_json::to_string(&f[0]).unwrap();
    assert!(
        !json.contains("太郎") && !json.contains("1980-05-05"),
        "{json}"
    );
    assert!(!f[0].ja.contains("太郎") && !f[0].en.contains("123"));
    assert_eq!(f[0].position.unwrap().index, 1);
    assert_eq!(f[0].rule.id(), "C2.visit_after_loss");
}

#[test]
fn visit_before_acquisition() {
    let m = member(0, Relation::Insured, d(1990, 1, 1), d(2026, 10, 10), None);
    let master = vec![m.clone()];
    assert!(run(&master, &[receipt(&m, "1112", &[10, 11])]).is_empty());
    let f = run(&master, &[receipt(&m, "1112", &[9])]);
    assert_eq!(rules(&f), [Rule::VisitBeforeAcquisition]);
    assert_eq!(f[0].inquiry.as_ref().unwrap().boundary, d(2026, 10, 10));
}

#[test]
fn unknown_member_and_identity_mismatch() {
    let m = member(0, Relation::Insured, d(1990, 1, 1), d(2000, 4, 1), None);
    let other = MemberRecord {
        key: MemberKey::parse("77", "999", "00").unwrap(),
        ..m.clone()
    };
    assert_eq!(
        rules(&run(&[other], &[receipt(&m, "1112", &[1])])),
        [Rule::UnknownMember]
    );
    let mut r = receipt(&m, "1112", &[1]);
    r.patient.birth_date = d(1990, 1, 2);
    assert_eq!(
        rules(&run(std::slice::from_ref(&m), &[r])),
        [Rule::IdentityMismatch]
    );
    let mut r = receipt(&m, "1112", &[1]);
    r.patient.name = PersonName::new("別人\u{3000}一郎").unwrap();
    assert_eq!(
        rules(&run(std::slice::from_ref(&m), &[r])),
        [Rule::IdentityMismatch]
    );
    // Spaces do not matter when comparing names.
    let mut r = receipt(&m, "1112", &[1]);
    r.patient.name = PersonName::new("健保 太郎").unwrap();
    assert!(run(&[m], &[r]).is_empty());
}

#[test]
fn insured_and_dependent_kind_codes() {
    let insured = member(0, Relation::Insured, d(1980, 1, 1), d(2000, 4, 1), None);
    let spouse = member(1, Relation::Dependent, d(1982, 1, 1), d(2000, 4, 1), None);
    let master = vec![insured.clone(), spouse.clone()];
    assert!(run(
        &master,
        &[
            receipt(&insured, "1112", &[1]),
            receipt(&spouse, "1116", &[2])
        ]
    )
    .is_empty());
    assert_eq!(
        rules(&run(&master, &[receipt(&spouse, "1112", &[1])])),
        [Rule::DependentUnderInsuredKind]
    );
    assert_eq!(
        rules(&run(&master, &[receipt(&insured, "1116", &[1])])),
        [Rule::InsuredUnderDependentKind]
    );
}

#[test]
fn copay_class_against_age_in_the_service_month() {
    // 健康保険法 第74条1項: 未就学 2割 until the first 31 March after reaching 6.
    let child = member(2, Relation::Dependent, d(2022, 5, 5), d(2022, 5, 5), None);
    let master = vec![child.clone()];
    assert!(run(&master, &[receipt(&child, "1114", &[1])]).is_empty());
    assert_eq!(
        rules(&run(&master, &[receipt(&child, "1116", &[1])])),
        [Rule::CopayAgeMismatch]
    );
    // Born 2020-04-02: reaches 6 on 2026-04-01, so still 未就学 in October 2026.
    let late = member(2, Relation::Dependent, d(2020, 4, 2), d(2020, 4, 2), None);
    assert!(run(std::slice::from_ref(&late), &[receipt(&late, "1114", &[1])]).is_empty());
    // Born 2020-04-01: reaches 6 on 2026-03-31, school from April 2026.
    let early = member(2, Relation::Dependent, d(2020, 4, 1), d(2020, 4, 1), None);
    assert_eq!(
        rules(&run(
            std::slice::from_ref(&early),
            &[receipt(&early, "1114", &[1])]
        )),
        [Rule::CopayAgeMismatch]
    );
    assert!(run(
        std::slice::from_ref(&early),
        &[receipt(&early, "1116", &[1])]
    )
    .is_empty());

    // 高齢受給者 from the month after the month of reaching 70 (born on the 1st: that month).
    let born_15 = member(0, Relation::Insured, d(1956, 10, 15), d(2000, 4, 1), None); // 70 on 2026-10-14
    assert!(run(
        std::slice::from_ref(&born_15),
        &[receipt(&born_15, "1112", &[1])]
    )
    .is_empty());
    assert_eq!(
        rules(&run(
            std::slice::from_ref(&born_15),
            &[receipt(&born_15, "1118", &[1])]
        )),
        [Rule::CopayAgeMismatch]
    );
    let born_1st = member(0, Relation::Insured, d(1956, 10, 1), d(2000, 4, 1), None); // 70 on 2026-09-30
    assert_eq!(
        rules(&run(
            std::slice::from_ref(&born_1st),
            &[receipt(&born_1st, "1112", &[1])]
        )),
        [Rule::CopayAgeMismatch]
    );
    assert!(run(
        std::slice::from_ref(&born_1st),
        &[receipt(&born_1st, "1118", &[1])]
    )
    .is_empty());
    assert!(run(
        std::slice::from_ref(&born_1st),
        &[receipt(&born_1st, "1110", &[1])]
    )
    .is_empty());
}

#[test]
fn diagnosis_start_after_the_service_month() {
    let m = member(0, Relation::Insured, d(1980, 1, 1), d(2000, 4, 1), None);
    let mut r = receipt(&m, "1112", &[1]);
    r.diagnoses[0].start = d(2026, 10, 31);
    assert!(run(std::slice::from_ref(&m), std::slice::from_ref(&r)).is_empty());
    r.diagnoses[0].start = d(2026, 11, 1);
    assert_eq!(rules(&run(&[m], &[r])), [Rule::DiagnosisAfterServiceMonth]);
}

#[test]
fn duplicate_receipts() {
    let m = member(0, Relation::Insured, d(1980, 1, 1), d(2000, 4, 1), None);
    let r = receipt(&m, "1112", &[1]);
    let f = run(std::slice::from_ref(&m), &[r.clone(), r.clone()]);
    assert_eq!(rules(&f), [Rule::DuplicateReceipt]);
    assert_eq!(f[0].position.unwrap().index, 2);
    assert_eq!(f[0].related[0].index, 1);
    // Inpatient and outpatient receipts of one institution are not duplicates.
    let mut inpatient = r.clone();
    inpatient.kind = ReceiptKind::from_code("1111").unwrap();
    assert!(run(&[m], &[r, inpatient]).is_empty());
}

#[test]
fn several_institutions_in_one_month_with_pharmacies_joined() {
    let m = member(0, Relation::Insured, d(1980, 1, 1), d(2000, 4, 1), None);
    let a = receipt(&m, "1112", &[1]);
    let mut b = receipt(&m, "1112", &[2]);
    set_institution(&mut b, institution("131000200"));
    let mut c = receipt(&m, "1112", &[3]);
    set_institution(&mut c, institution("131000300"));
    let f = run(std::slice::from_ref(&m), &[a.clone(), b.clone(), c]);
    assert_eq!(rules(&f), [Rule::MultipleInstitutions]);
    assert_eq!(f[0].related.len(), 2);
    assert!(f[0].ja.contains("3医療機関"));

    // A pharmacy whose RE names prescriber A joins A: still 2 institutions.
    let mut p = receipt(&m, "4112", &[]);
    p.items.clear();
    set_institution(&mut p, institution("134000900"));
    let presc = a.institution.clone().unwrap();
    p.details.pharmacy = Some(Box::new(PharmacyDetail {
        prescriber_recorded: presc.as_str().to_owned(),
        prescriber: Some(presc.clone()),
        ..PharmacyDetail::default()
    }));
    assert_eq!(p.prescriber(), Some(presc));
    assert!(run(std::slice::from_ref(&m), &[a.clone(), b.clone(), p.clone()]).is_empty());
    // Without a prescriber and with two medical institutions, the pharmacy counts on its own.
    p.details.pharmacy = None;
    assert_eq!(
        rules(&run(std::slice::from_ref(&m), &[a.clone(), b, p.clone()])),
        [Rule::MultipleInstitutions]
    );
    // With one medical institution, it is joined to it.
    assert!(run(&[m], &[a, p]).is_empty());
    let _ = BranchNumber::new("00").unwrap();
}

#[test]
fn a_generated_month_against_its_master() {
    let opts = GeneratorOptions::new(9, 300);
    let master = testgen::members(&opts);
    let bytes = testgen::file(&opts);
    let out =
        kenpo_domain::receipt::read_slice(&bytes, kenpo_domain::receipt::ReaderOptions::new("gen"));
    let mut c = Checker::new(
        CheckOptions::new(testgen::insurer().unwrap(), "けんぽ"),
        master.as_slice(),
    );
    let file: Arc<str> = Arc::from("gen");
    for r in &out.receipts {
        c.check(&file, r);
    }
    let findings = c.finish();
    // The generator picks kinds from the age rules and everyone is eligible: only the
    // cross-receipt rules (random people meet the same institutions) may fire.
    assert!(
        findings
            .iter()
            .all(|f| matches!(f.rule, Rule::DuplicateReceipt | Rule::MultipleInstitutions)),
        "{:?}",
        rules(&findings)
    );
}

#[test]
fn the_member_master_answers_the_checks() {
    use kenpo_domain::identifiers::OfficeCode;
    use kenpo_domain::member::{Identity, LossReason, MemberEvent, MemberMaster, Relationship};
    use kenpo_domain::person::{Address, KanaName, Sex};

    let identity = |name: &str, kana: &str, born, sex| Identity {
        name: PersonName::new(name).unwrap(),
        kana: KanaName::new(kana).unwrap(),
        birth_date: born,
        sex,
        address: Address::new("東京都千代田区千代田1-1").unwrap(),
    };
    let taro = MemberKey::parse("77", "123", "00").unwrap();
    let hanako = MemberKey::parse("77", "123", "01").unwrap();
    let mut master = MemberMaster::new();
    master
        .apply(&MemberEvent::Acquisition {
            key: taro.clone(),
            acquired: d(2020, 4, 1),
            identity: identity("健保 太郎", "ケンポ タロウ", d(1980, 5, 5), Sex::Male),
            office: OfficeCode::new("A01").unwrap(),
        })
        .unwrap();
    master
        .apply(&MemberEvent::DependentAdded {
            key: hanako.clone(),
            recognized: d(2020, 4, 1),
            identity: identity("健保 花子", "ケンポ ハナコ", d(1982, 8, 1), Sex::Female),
            relationship: Relationship::Spouse,
        })
        .unwrap();
    // Retiring on 20 October 2026: eligibility is lost on 21 October, for the dependant too.
    master
        .apply(&MemberEvent::loss_after(
            taro.clone(),
            LossReason::Retirement,
            d(2026, 10, 20),
        ))
        .unwrap();

    let as_record = |key: &MemberKey| {
        use kenpo_domain::receipt::checks::EligibilityLookup;
        master
            .members(&key.symbol, &key.number)
            .into_iter()
            .find(|m| &m.key == key)
            .unwrap()
    };
    let t = as_record(&taro);
    let h = as_record(&hanako);
    assert_eq!(t.relation, Relation::Insured);
    assert_eq!(h.relation, Relation::Dependent);
    let mut c = Checker::new(
        CheckOptions::new(testgen::insurer().unwrap(), "けんぽ"),
        &master,
    );
    let file: Arc<str> = Arc::from("RECEIPTC.UKE");
    c.check(&file, &receipt(&t, "1112", &[20]));
    c.check(&file, &receipt(&h, "1116", &[21]));
    let f = c.finish();
    assert_eq!(rules(&f), [Rule::VisitAfterLoss]);
    let q = f[0].inquiry.as_ref().unwrap();
    assert_eq!(
        (q.boundary, q.visit_date),
        (d(2026, 10, 21), d(2026, 10, 21))
    );
    assert_eq!(q.key, h.key);
}
