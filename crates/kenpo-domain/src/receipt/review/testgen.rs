//! Generated months for the 点検 checks: receipts of invented people, built so that no check
//! has anything to say about them, and on top of them one planted case of each check that
//! needs no master file, with where it was planted. The tests (and the doctest of
//! [`super`]) read them and require every planted case found and nothing else.
//!
//! [`ReceiptBuilder`] builds single receipts for the tests that make one check fire or keep it
//! quiet.

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Check;
use crate::calendar::YearMonth;
use crate::identifiers::{BranchNumber, InstitutionCode, InsuredNumber, InsuredSymbol};
use crate::person::{KanaName, PersonName, Sex};
use crate::receipt::model::*;
use crate::receipt::pharmacy::{
    Dispensing, PharmacyDetail, PharmacyDrug, PharmacyLine, Prescription,
};
use crate::receipt::record::{Code, Digits, PersonalText, Rest};
use crate::receipt::{ReceiptKind, ReceiptLayout};

/// 初診料, 再診料, a laboratory test, 処方箋料 and 特定疾患療養管理料 (診療所) as the generated
/// receipts bill them (codes of [`super::codes`]; points of the 令和6年 fee schedule for the
/// first four, 225 for the last).
pub mod code {
    /// 初診料.
    pub const FIRST_VISIT: (u32, i64) = (111_000_110, 291);
    /// 再診料.
    pub const REVISIT: (u32, i64) = (112_007_410, 75);
    /// 同日再診 (may coexist with another visit fee the same day).
    pub const SAME_DAY_REVISIT: (u32, i64) = (112_008_350, 75);
    /// A laboratory test no check looks at.
    pub const LAB: (u32, i64) = (160_000_410, 50);
    /// 処方箋料.
    pub const PRESCRIPTION: (u32, i64) = (120_002_910, 60);
    /// 特定疾患療養管理料（診療所）.
    pub const DISEASE_MANAGEMENT: (u32, i64) = (113_001_810, 225);
    /// 電話等再診.
    pub const PHONE_REVISIT: (u32, i64) = (112_007_950, 75);
}

/// The institution `n` of the generated months (東京, 医科; `n` = 90… are pharmacies).
pub fn institution(n: u32) -> InstitutionCode {
    let table = if n >= 90 { 4 } else { 1 };
    (0..10)
        .find_map(|d| InstitutionCode::new(&format!("13{table}{:06}{d}", 200 + n)).ok())
        .expect("one of ten check digits is valid")
}

fn date(m: YearMonth, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(m.year(), m.month(), day.clamp(1, m.days())).unwrap_or(m.first_day())
}

/// Builds one receipt of a generated person.
#[derive(Debug, Clone)]
pub struct ReceiptBuilder {
    r: Receipt,
    days_override: Option<u16>,
    pharmacy_points: i64,
}

impl ReceiptBuilder {
    fn base(person: u32, inst: &InstitutionCode, month: YearMonth, kind: &str) -> ReceiptBuilder {
        let key = |t: &str| t.to_owned();
        let r = Receipt {
            position: ReceiptPosition { line: 0, index: 0 },
            institution: Some(inst.clone()),
            institution_recorded: Arc::from(inst.as_str()),
            number: person,
            kind: ReceiptKind::from_code(kind).expect("the builder's kinds are in 別表5"),
            service_month: month,
            patient: Patient {
                name: PersonName::new(&format!("点検\u{3000}{}", person + 1))
                    .expect("a valid name"),
                kana: KanaName::new("テンケン タロウ").ok(),
                sex: if person.is_multiple_of(2) {
                    Sex::Male
                } else {
                    Sex::Female
                },
                birth_date: NaiveDate::from_ymd_opt(
                    1960 + (person % 40) as i32,
                    1 + person % 12,
                    10,
                )
                .unwrap_or(NaiveDate::MIN),
            },
            benefit_ratio: None,
            admission_date: None,
            charge_class: None,
            special_notes: String::new(),
            insurance: Some(InsurancePart {
                insurer: crate::receipt::testgen::insurer()
                    .expect("the generator's insurer number is valid"),
                symbol: InsuredSymbol::new(&key("700")).ok(),
                number: InsuredNumber::new(&format!("{}", 5000 + person)).ok(),
                days: 0,
                points: Points::ZERO,
                meal_count: None,
                meal_yen: None,
                occupational: None,
                patient_charge: None,
                reduction_class: None,
                reduction_rate: None,
                reduction_yen: None,
            }),
            public_funds: Vec::new(),
            confirmations: vec![EligibilityConfirmation {
                payer_kind: 1,
                confirmation: 1,
                payer: None,
                symbol: None,
                number: None,
                branch: BranchNumber::new("00").ok(),
                recipient: None,
            }],
            visit_days: Vec::new(),
            diagnoses: Vec::new(),
            items: Vec::new(),
            notes: Vec::new(),
            raw_records: Vec::new(),
            details: ReceiptDetails::default(),
            fund: None,
        };
        ReceiptBuilder {
            r,
            days_override: None,
            pharmacy_points: 0,
        }
    }

    /// An outpatient medical receipt (1112) of person `person` at `inst` for `month`.
    pub fn medical(person: u32, inst: &InstitutionCode, month: YearMonth) -> ReceiptBuilder {
        ReceiptBuilder::base(person, inst, month, "1112")
    }

    /// An inpatient medical receipt (1111), admitted on day `admitted` of `month`.
    pub fn inpatient(
        person: u32,
        inst: &InstitutionCode,
        month: YearMonth,
        admitted: u32,
    ) -> ReceiptBuilder {
        let mut b = ReceiptBuilder::base(person, inst, month, "1111");
        b.r.admission_date = Some(date(month, admitted));
        b
    }

    /// A pharmacy receipt (4112) at `pharmacy` on a prescription of `prescriber`.
    pub fn pharmacy(
        person: u32,
        pharmacy: &InstitutionCode,
        month: YearMonth,
        prescriber: &InstitutionCode,
    ) -> ReceiptBuilder {
        let mut b = ReceiptBuilder::base(person, pharmacy, month, "4112");
        b.r.details.pharmacy = Some(Box::new(PharmacyDetail {
            prescriber_recorded: prescriber.as_str().to_owned(),
            prescriber: Some(prescriber.clone()),
            prescriber_name: Some("けんぽ点検クリニック".into()),
            prescriber_address: None,
            doctors: vec![Some(PersonalText::new("基金\u{3000}一郎"))],
            narcotics_licence: None,
            body: Vec::new(),
        }));
        b
    }

    /// A procedure line: `code` of `points`, once on each of `days`.
    pub fn item(mut self, (code, points): (u32, i64), days: &[u32]) -> ReceiptBuilder {
        let mut counts = [0u8; 31];
        for d in days {
            if let Some(c) = counts.get_mut(*d as usize - 1) {
                *c += 1;
            }
        }
        self.r.items.push(LineItem {
            kind: ItemKind::Procedure,
            service_class: if code / 1_000_000 == 111 {
                11
            } else if code / 1_000_000 == 112 {
                12
            } else {
                60
            },
            class_continued: false,
            payer_class: '1',
            code,
            quantity: None,
            points: Some(Points::new(points)),
            times: days.len() as u16,
            comments: Vec::new(),
            days: counts,
            device: None,
            text: None,
        });
        self
    }

    /// The last line's 回数 set to `times`, whatever its day counts say.
    pub fn times(mut self, times: u16) -> ReceiptBuilder {
        if let Some(l) = self.r.items.last_mut() {
            l.times = times;
        }
        self
    }

    /// A coded diagnosis starting on `start`, continuing; `suspected` adds 「の疑い」 (8002).
    pub fn diagnosis(mut self, code: u32, start: NaiveDate, suspected: bool) -> ReceiptBuilder {
        self.r.diagnoses.push(Diagnosis {
            code,
            start,
            outcome: Outcome::Continuing,
            modifiers: if suspected {
                "8002".into()
            } else {
                String::new()
            },
            name: None,
            main: self.r.diagnoses.is_empty(),
            comment: None,
        });
        self
    }

    /// An uncoded diagnosis (0000999) named `name`, starting on `start`.
    pub fn uncoded(mut self, name: &str, start: NaiveDate) -> ReceiptBuilder {
        self.r.diagnoses.push(Diagnosis {
            code: UNCODED_DIAGNOSIS,
            start,
            outcome: Outcome::Continuing,
            modifiers: String::new(),
            name: Some(name.to_owned()),
            main: self.r.diagnoses.is_empty(),
            comment: None,
        });
        self
    }

    /// One 処方 of a pharmacy receipt: prescribed and dispensed on those days of the month (a day
    /// above the month's last counts into the next month), `days` days of `drug` at
    /// `drug_points` a day, internal medicine (剤形 1).
    pub fn dispensing(
        mut self,
        prescribed: NaiveDate,
        dispensed: NaiveDate,
        days: u32,
        drug: u32,
        drug_points: i64,
    ) -> ReceiptBuilder {
        let fee = 47;
        self.pharmacy_points += fee + drug_points * i64::from(days);
        let Some(p) = self.r.details.pharmacy.as_mut() else {
            return self;
        };
        let n = p
            .body
            .iter()
            .filter(|l| matches!(l, PharmacyLine::Prescription(_)))
            .count()
            + 1;
        p.body.push(PharmacyLine::Prescription(Prescription {
            number: Digits::new(&format!("{n:02}")).expect("digits"),
            form: Digits::new("1").expect("digits"),
            usage: Code::new("1013044400000000"),
            instruction: None,
            unit_drug_points: Some(drug_points),
            unit_drug_points_public1: None,
            unit_drug_points_public2: None,
            unit_drug_points_public3: None,
            unit_drug_points_public4: None,
        }));
        p.body.push(PharmacyLine::Dispensing(Dispensing {
            doctor: Some(1),
            prescribed: Some(prescribed),
            dispensed: Some(dispensed),
            reception: Some(1),
            quantity: Some(days),
            fee_payer_class: Code::new("1"),
            fee_class: Digits::new("1"),
            fee_target: Digits::new("01"),
            fee_code: Digits::new("420001810"),
            fee_points: Some(fee),
            split_class: None,
            quantity_before: None,
            drug_points: Some(drug_points),
            reserved: None,
            additions: Vec::new(),
            unit_dose_days: None,
            split_kind: None,
            unit_dose_days_before: None,
            ordered_split_code: None,
            ordered_split_class: None,
            ordered_split_quantity: None,
            ordered_split_days: None,
            inclusive_fee: None,
            other_institution: None,
            later: Rest::default(),
        }));
        p.body.push(PharmacyLine::Drug(PharmacyDrug {
            payer_class: Code::new("1").expect("a code"),
            code: Digits::new(&drug.to_string()).expect("digits"),
            amount: Some(Decimal::new(3, 0)),
            reserved1: None,
            reserved2: None,
            mix_code: None,
            mix_branch: None,
            incompatible: None,
            dose: None,
        }));
        self
    }

    /// RE 病床数.
    pub fn beds(mut self, beds: u16) -> ReceiptBuilder {
        self.r.details.beds = Some(beds);
        self
    }

    /// HO 職務上の事由.
    pub fn occupational(mut self, code: u8) -> ReceiptBuilder {
        if let Some(h) = self.r.insurance.as_mut() {
            h.occupational = Some(code);
        }
        self
    }

    /// HO 診療実日数, instead of the number of days with lines.
    pub fn days_of_treatment(mut self, days: u16) -> ReceiptBuilder {
        self.days_override = Some(days);
        self
    }

    /// レセプト特記事項.
    pub fn special_notes(mut self, notes: &str) -> ReceiptBuilder {
        self.r.special_notes = notes.to_owned();
        self
    }

    /// The receipt: HO 合計点数 the lines' (or the dispensings') points, 診療実日数 the days
    /// with lines (or the override).
    pub fn build(mut self) -> Receipt {
        let points: i64 = if self.r.details.pharmacy.is_some() {
            self.pharmacy_points
        } else {
            self.r
                .items
                .iter()
                .map(|i| i.points.map_or(0, Points::get) * i64::from(i.times))
                .sum()
        };
        let days = self.r.service_days().len() as u16;
        if let Some(h) = self.r.insurance.as_mut() {
            h.points = Points::new(points);
            h.days = self.days_override.unwrap_or(days).max(1);
        }
        debug_assert!(self.r.layout() != ReceiptLayout::VisitingNursing);
        self.r
    }
}

/// Where a case was planted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planted {
    /// The check it should make fire.
    pub check: Check,
    /// The file of the receipt the candidate is about.
    pub file: String,
    /// Its index in that file.
    pub index: u64,
}

/// Three months of receipts (one file each: 2026-08, 2026-09, 2026-10) and the planted cases.
#[derive(Debug, Clone)]
pub struct PlantedMonths {
    /// (file name, receipts with their positions set).
    pub files: Vec<(String, Vec<Receipt>)>,
    /// The planted cases.
    pub planted: Vec<Planted>,
}

/// Generates three months of clean receipts for `10 + seed % 20` people, and one planted case of
/// each check that needs no master file, each on a person of its own.
pub fn planted_months(seed: u64) -> PlantedMonths {
    let months: Vec<YearMonth> = (0..3)
        .map(|k| {
            YearMonth::new(2026, 8)
                .map(|m| m.add_months(k))
                .unwrap_or(YearMonth::of(NaiveDate::MIN))
        })
        .collect();
    let clinic = institution(1);
    let hospital = institution(2);
    let other = institution(3);
    let far = institution(4);
    let pharmacy = institution(91);
    let mut files: Vec<(String, Vec<Receipt>)> = months
        .iter()
        .map(|m| {
            (
                format!("RECEIPT_{}{:02}.UKE", m.year(), m.month()),
                Vec::new(),
            )
        })
        .collect();
    let mut planted = Vec::new();
    let mut push =
        |files: &mut Vec<(String, Vec<Receipt>)>, k: usize, r: Receipt, case: Option<Check>| {
            if let Some((name, list)) = files.get_mut(k) {
                let mut r = r;
                r.position = ReceiptPosition {
                    line: list.len() as u64 * 10 + 1,
                    index: list.len() as u64 + 1,
                };
                if let Some(check) = case {
                    planted.push(Planted {
                        check,
                        file: name.clone(),
                        index: r.position.index,
                    });
                }
                list.push(r);
            }
        };
    let clean = 10 + (seed % 20) as u32;
    let day = |k: usize, d: u32| date(months[k], d);
    // Clean people: 初診 once, 再診 after, a continuing diagnosis, a prescription every month
    // dispensed the same day for 14 days; every third also sees the hospital.
    for p in 0..clean {
        for (k, &month) in months.iter().enumerate() {
            let visit = if k == 0 {
                code::FIRST_VISIT
            } else {
                code::REVISIT
            };
            let r = ReceiptBuilder::medical(p, &clinic, month)
                .item(visit, &[3])
                .item(code::LAB, &[3])
                .item(code::PRESCRIPTION, &[3])
                .diagnosis(4_000_000 + p, day(0, 3), false)
                .build();
            push(&mut files, k, r, None);
            let r = ReceiptBuilder::pharmacy(p, &pharmacy, month, &clinic)
                .dispensing(day(k, 3), day(k, 3), 14, 620_000_001 + p, 12)
                .build();
            push(&mut files, k, r, None);
            if p % 3 == 0 {
                let visit = if k == 0 {
                    code::FIRST_VISIT
                } else {
                    code::REVISIT
                };
                let r = ReceiptBuilder::medical(p, &hospital, month)
                    .item(visit, &[12])
                    .diagnosis(4_100_000 + p, day(0, 12), false)
                    .beds(150)
                    .build();
                push(&mut files, k, r, None);
            }
        }
    }
    // The planted cases, on people from 1000 on, in an order the seed turns.
    let cases: Vec<Check> = vec![
        Check::WorkInjury,
        Check::InjuryInquiry,
        Check::Arithmetic,
        Check::FirstVisitAndRevisit,
        Check::VisitsAboveDays,
        Check::DiseaseManagementBeds,
        Check::SuspectedCarried,
        Check::FirstVisitAgain,
        Check::DiseaseManagementTiming,
        Check::OutpatientDuringAdmission,
        Check::OutpatientElsewhereWhileInpatient,
        Check::ManyInstitutions,
        Check::PrescriptionPairing,
        Check::PrescriberWithoutDiagnosis,
        Check::DaysSuppliedAhead,
    ];
    let turn = (seed % cases.len() as u64) as usize;
    for (n, check) in cases
        .iter()
        .cycle()
        .skip(turn)
        .take(cases.len())
        .enumerate()
    {
        let p = 1000 + n as u32;
        let m = |k: usize| months[k];
        match check {
            Check::WorkInjury => {
                let r = ReceiptBuilder::medical(p, &clinic, m(1))
                    .item(code::REVISIT, &[5])
                    .diagnosis(4_200_000, day(1, 5), false)
                    .occupational(1)
                    .build();
                push(&mut files, 1, r, Some(*check));
            }
            Check::InjuryInquiry => {
                let r = ReceiptBuilder::medical(p, &clinic, m(1))
                    .item(code::FIRST_VISIT, &[6])
                    .uncoded("右足関節捻挫", day(1, 6))
                    .build();
                push(&mut files, 1, r, Some(*check));
                // A declared third party keeps the same injury quiet.
                let r = ReceiptBuilder::medical(p + 500, &clinic, m(1))
                    .item(code::FIRST_VISIT, &[6])
                    .uncoded("右足関節捻挫", day(1, 6))
                    .special_notes("10")
                    .build();
                push(&mut files, 1, r, None);
            }
            Check::Arithmetic => {
                let r = ReceiptBuilder::medical(p, &clinic, m(2))
                    .item(code::FIRST_VISIT, &[4])
                    .item(code::LAB, &[4])
                    .times(2)
                    .diagnosis(4_200_001, day(2, 4), false)
                    .build();
                push(&mut files, 2, r, Some(*check));
            }
            Check::FirstVisitAndRevisit => {
                let r = ReceiptBuilder::medical(p, &clinic, m(0))
                    .item(code::FIRST_VISIT, &[7])
                    .item(code::REVISIT, &[7])
                    .diagnosis(4_200_002, day(0, 7), false)
                    .days_of_treatment(2)
                    .build();
                push(&mut files, 0, r, Some(*check));
            }
            Check::VisitsAboveDays => {
                let r = ReceiptBuilder::medical(p, &clinic, m(0))
                    .item(code::FIRST_VISIT, &[2])
                    .item(code::REVISIT, &[9, 16, 23])
                    .diagnosis(4_200_003, day(0, 2), false)
                    .days_of_treatment(3)
                    .build();
                push(&mut files, 0, r, Some(*check));
            }
            Check::DiseaseManagementBeds => {
                let r = ReceiptBuilder::medical(p, &hospital, m(0))
                    .item(code::FIRST_VISIT, &[2])
                    .diagnosis(4_200_004, day(0, 2), false)
                    .beds(150)
                    .build();
                push(&mut files, 0, r, None);
                let r = ReceiptBuilder::medical(p, &hospital, m(2))
                    .item(code::REVISIT, &[8])
                    .item(code::DISEASE_MANAGEMENT, &[8])
                    .diagnosis(4_200_004, day(0, 2), false)
                    .beds(150)
                    .build();
                push(&mut files, 2, r, Some(*check));
            }
            Check::SuspectedCarried => {
                let r = ReceiptBuilder::medical(p, &clinic, m(2))
                    .item(code::REVISIT, &[11])
                    .diagnosis(4_200_005, day(0, 1) - chrono::Days::new(60), true)
                    .build();
                push(&mut files, 2, r, Some(*check));
            }
            Check::FirstVisitAgain => {
                let r = ReceiptBuilder::medical(p, &clinic, m(0))
                    .item(code::FIRST_VISIT, &[3])
                    .item(code::REVISIT, &[24])
                    .diagnosis(4_200_006, day(0, 3), false)
                    .build();
                push(&mut files, 0, r, None);
                let r = ReceiptBuilder::medical(p, &clinic, m(1))
                    .item(code::FIRST_VISIT, &[10])
                    .diagnosis(4_200_006, day(0, 3), false)
                    .build();
                push(&mut files, 1, r, Some(*check));
            }
            Check::DiseaseManagementTiming => {
                let r = ReceiptBuilder::medical(p, &clinic, m(1))
                    .item(code::FIRST_VISIT, &[2])
                    .item(code::REVISIT, &[10])
                    .item(code::DISEASE_MANAGEMENT, &[10])
                    .diagnosis(4_200_007, day(1, 2), false)
                    .build();
                push(&mut files, 1, r, Some(*check));
            }
            Check::OutpatientDuringAdmission => {
                let r = ReceiptBuilder::inpatient(p, &hospital, m(1), 5)
                    .item((190_077_410, 1500), &[5, 6, 7, 8, 9, 10])
                    .diagnosis(4_200_008, day(1, 5), false)
                    .build();
                push(&mut files, 1, r, None);
                let r = ReceiptBuilder::medical(p, &hospital, m(1))
                    .item(code::FIRST_VISIT, &[2])
                    .item(code::REVISIT, &[8])
                    .diagnosis(4_200_008, day(1, 2), false)
                    .days_of_treatment(2)
                    .build();
                push(&mut files, 1, r, Some(*check));
            }
            Check::OutpatientElsewhereWhileInpatient => {
                let r = ReceiptBuilder::inpatient(p, &hospital, m(2), 5)
                    .item((190_077_410, 1500), &[5, 6, 7, 8, 9, 10, 11, 12])
                    .diagnosis(4_200_009, day(2, 5), false)
                    .build();
                push(&mut files, 2, r, None);
                let r = ReceiptBuilder::medical(p, &other, m(2))
                    .item(code::FIRST_VISIT, &[9])
                    .diagnosis(4_200_010, day(2, 9), false)
                    .build();
                push(&mut files, 2, r, Some(*check));
            }
            Check::ManyInstitutions => {
                for (i, inst) in [&clinic, &other, &far].into_iter().enumerate() {
                    let r = ReceiptBuilder::medical(p, inst, m(1))
                        .item(code::FIRST_VISIT, &[3 + 7 * i as u32])
                        .diagnosis(4_200_011 + i as u32, day(1, 3 + 7 * i as u32), false)
                        .build();
                    push(&mut files, 1, r, (i == 0).then_some(*check));
                }
            }
            Check::PrescriptionPairing => {
                // A prescription of an institution the person has no receipt of.
                let r = ReceiptBuilder::medical(p, &clinic, m(2))
                    .item(code::FIRST_VISIT, &[5])
                    .item(code::PRESCRIPTION, &[5])
                    .diagnosis(4_200_020, day(2, 5), false)
                    .build();
                push(&mut files, 2, r, None);
                let r = ReceiptBuilder::pharmacy(p, &pharmacy, m(2), &far)
                    .dispensing(day(2, 5), day(2, 5), 7, 620_100_000, 10)
                    .build();
                push(&mut files, 2, r, Some(*check));
                // Dispensed six days after the prescription.
                let q = p + 500;
                let r = ReceiptBuilder::medical(q, &clinic, m(2))
                    .item(code::FIRST_VISIT, &[5])
                    .item(code::PRESCRIPTION, &[5])
                    .diagnosis(4_200_021, day(2, 5), false)
                    .build();
                push(&mut files, 2, r, None);
                let r = ReceiptBuilder::pharmacy(q, &pharmacy, m(2), &clinic)
                    .dispensing(day(2, 5), day(2, 11), 7, 620_100_001, 10)
                    .build();
                push(&mut files, 2, r, Some(*check));
                // On a day the prescriber billed no 処方箋料.
                let q = p + 600;
                let r = ReceiptBuilder::medical(q, &clinic, m(2))
                    .item(code::FIRST_VISIT, &[5])
                    .item(code::PRESCRIPTION, &[5])
                    .diagnosis(4_200_022, day(2, 5), false)
                    .build();
                push(&mut files, 2, r, None);
                let r = ReceiptBuilder::pharmacy(q, &pharmacy, m(2), &clinic)
                    .dispensing(day(2, 14), day(2, 14), 7, 620_100_002, 10)
                    .build();
                push(&mut files, 2, r, Some(*check));
                // Issued late in the previous month, dispensed within its four days: quiet.
                let q = p + 700;
                let r = ReceiptBuilder::medical(q, &clinic, m(1))
                    .item(code::FIRST_VISIT, &[30])
                    .item(code::PRESCRIPTION, &[30])
                    .diagnosis(4_200_023, day(1, 30), false)
                    .build();
                push(&mut files, 1, r, None);
                let r = ReceiptBuilder::pharmacy(q, &pharmacy, m(2), &clinic)
                    .dispensing(day(1, 30), day(2, 2), 7, 620_100_003, 10)
                    .build();
                push(&mut files, 2, r, None);
            }
            Check::PrescriberWithoutDiagnosis => {
                let r = ReceiptBuilder::medical(p, &clinic, m(1))
                    .item(code::FIRST_VISIT, &[8])
                    .item(code::PRESCRIPTION, &[8])
                    .diagnosis(4_200_030, day(1, 8), true)
                    .build();
                push(&mut files, 1, r, None);
                let r = ReceiptBuilder::pharmacy(p, &pharmacy, m(1), &clinic)
                    .dispensing(day(1, 8), day(1, 8), 7, 620_100_010, 10)
                    .build();
                push(&mut files, 1, r, Some(*check));
            }
            Check::DaysSuppliedAhead => {
                for k in 0..2 {
                    let r = ReceiptBuilder::medical(p, &clinic, m(k))
                        .item(
                            if k == 0 {
                                code::FIRST_VISIT
                            } else {
                                code::REVISIT
                            },
                            &[3],
                        )
                        .item(code::PRESCRIPTION, &[3])
                        .diagnosis(4_200_040, day(0, 3), false)
                        .build();
                    push(&mut files, k, r, None);
                }
                let r = ReceiptBuilder::pharmacy(p, &pharmacy, m(0), &clinic)
                    .dispensing(day(0, 3), day(0, 3), 60, 620_100_020, 20)
                    .build();
                push(&mut files, 0, r, None);
                let r = ReceiptBuilder::pharmacy(p, &pharmacy, m(1), &clinic)
                    .dispensing(day(1, 3), day(1, 3), 14, 620_100_020, 20)
                    .build();
                push(&mut files, 1, r, Some(*check));
            }
            _ => {}
        }
    }
    PlantedMonths { files, planted }
}
