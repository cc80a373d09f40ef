//! Shared fixtures of the access tests: fictitious members (no real person), a date-time.
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveDateTime};
use kenpo_domain::access::{
    BenefitEntry, BenefitKind, CheckupItem, CheckupSummary, GuidanceEntry, GuidanceLevel,
    IncomeEvidence, IncomeEvidenceKind, PremiumEntry, ReceiptSummary, StaffDocument,
    StaffDocumentKind, SubjectRecord,
};
use kenpo_domain::calendar::{date, YearMonth};
use kenpo_domain::identifiers::{
    BranchNumber, InstitutionCode, InsuredNumber, InsuredSymbol, MemberKey, MyNumber, OfficeCode,
};
use kenpo_domain::person::{Address, KanaName, PersonName, Sex};
use kenpo_domain::Yen;

/// A valid Individual Number (check digit 8 by the 番号法施行令 第8条 formula), fictitious.
pub const MY_NUMBER_DIGITS: &str = "123456789018";

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    date(y, m, day).expect("valid fixture date")
}

pub fn at(y: i32, m: u32, day: u32) -> NaiveDateTime {
    d(y, m, day).and_hms_opt(10, 0, 0).expect("valid time")
}

pub fn key(n: u32) -> MemberKey {
    MemberKey {
        symbol: InsuredSymbol::new("77").expect("symbol"),
        number: InsuredNumber::new(&n.to_string()).expect("number"),
        branch: BranchNumber::new("00").expect("branch"),
    }
}

/// A member holding data in every category.
pub fn full_member(
    n: u32,
    birth: NaiveDate,
    sex: Sex,
    address: &str,
    office: &str,
) -> SubjectRecord {
    SubjectRecord::new(
        key(n),
        PersonName::new("試験 花子").expect("name"),
        birth,
        sex,
    )
    .with_kana_name(KanaName::new("シケン ハナコ").expect("kana"))
    .with_address(Address::new(address).expect("address"))
    .with_office(OfficeCode::new(office).expect("office"))
    .with_acquisition_date(d(2001, 4, 1))
    .with_standard_monthly_remuneration(Yen::new(410_000))
    .with_my_number(MyNumber::new(MY_NUMBER_DIGITS).expect("my number"))
    .with_income_evidence(vec![IncomeEvidence {
        kind: IncomeEvidenceKind::TaxCertificate,
        received_on: d(2025, 7, 1),
        annual_income: Some(Yen::new(1_020_000)),
    }])
    .with_premium_history(vec![PremiumEntry {
        month: YearMonth::new(2026, 4).expect("month"),
        standard_monthly_remuneration: Yen::new(410_000),
        health_premium: Yen::new(36_900),
        care_premium: Yen::new(0),
    }])
    .with_benefit_history(vec![BenefitEntry {
        kind: BenefitKind::ChildbirthLumpSum,
        applied_on: d(2025, 11, 4),
        decided_on: Some(d(2025, 11, 20)),
        amount: Yen::new(500_000),
    }])
    .with_receipts(vec![ReceiptSummary {
        service_month: YearMonth::new(2026, 3).expect("month"),
        institution: InstitutionCode::new("2711234563").expect("institution"),
        visit_dates: vec![d(2026, 3, 9), d(2026, 3, 2)],
        points: 1_234,
    }])
    .with_checkups(vec![CheckupSummary {
        date: d(2025, 10, 15),
        items: vec![CheckupItem {
            code: "3F015000002327101".to_owned(),
            value: "5.9".to_owned(),
        }],
    }])
    .with_guidance(vec![GuidanceEntry {
        level: GuidanceLevel::Motivational,
        started_on: d(2025, 12, 1),
        completed_on: None,
    }])
    .with_staff_documents(vec![StaffDocument {
        kind: StaffDocumentKind::Pay,
        reference: "人-2025-031".to_owned(),
        dated: d(2025, 4, 1),
    }])
}

/// A member aged 70 on 2026-06-01 (born 1956-01-15).
pub fn senior(n: u32) -> SubjectRecord {
    full_member(
        n,
        d(1956, 1, 15),
        Sex::Female,
        "大阪府大阪市北区梅田1-1",
        "K001",
    )
}
