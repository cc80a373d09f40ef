//! A deterministic generator of receipt files for tests, benchmarks and the demo: the same
//! seed always gives the same bytes. The people and institutions are invented.
//!
//! ```
//! use kenpo_domain::receipt::testgen::{self, GeneratorOptions};
//!
//! let opts = GeneratorOptions::new(1, 5);
//! assert_eq!(testgen::file(&opts), testgen::file(&opts));
//! assert_eq!(testgen::receipts(&opts).count(), 5);
//! assert!(!testgen::members(&opts).is_empty());
//! ```

use std::io::Write;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::checks::{MemberRecord, Relation};
use super::error::WriteError;
use super::kind::{PatientCategory, ReceiptKind, RecordKind, Setting};
use super::model::*;
use super::writer::ReceiptWriter;
use crate::age;
use crate::calendar::YearMonth;
use crate::identifiers::{
    BranchNumber, InstitutionCode, InsuredNumber, InsuredSymbol, InsurerNumber, MemberKey,
};
use crate::member::EligibilityPeriod;
use crate::money::{Rate, Yen};
use crate::person::{KanaName, PersonName, Sex};
use crate::rounding;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratorOptions {
    /// The seed.
    pub seed: u64,
    /// How many receipts.
    pub receipts: usize,
    /// The service month (the claim month is the next).
    pub month: YearMonth,
    /// How many households (記号・番号) the receipts are spread over.
    pub households: usize,
}

impl GeneratorOptions {
    /// `receipts` receipts for service month 2026-10, over `receipts / 3 + 1` households.
    pub fn new(seed: u64, receipts: usize) -> GeneratorOptions {
        GeneratorOptions {
            seed,
            receipts,
            month: YearMonth::new(2026, 10).unwrap_or_else(|_| YearMonth::of(NaiveDate::MIN)),
            households: receipts / 3 + 1,
        }
    }
}

/// SplitMix64: small, fast and good enough for test data.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
}

/// The first code `prefix` + check digit that the identifier type accepts.
fn with_check<T>(prefix: &str, make: impl Fn(&str) -> Option<T>) -> Option<T> {
    (0..10).find_map(|d| make(&format!("{prefix}{d}")))
}

/// The society's insurer number used by the generator (法別 06 組合管掌健康保険, 東京 13).
pub fn insurer() -> Option<InsurerNumber> {
    with_check("0613999", |t| InsurerNumber::new(t).ok())
}

fn institution(i: u64) -> Option<InstitutionCode> {
    let table = if i % 10 == 9 {
        4
    } else if i % 10 == 8 {
        3
    } else {
        1
    };
    with_check(&format!("13{table}{:06}", 100 + i), |t| {
        InstitutionCode::new(t).ok()
    })
}

const FAMILY: [&str; 8] = [
    "山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村",
];
const FAMILY_KANA: [&str; 8] = [
    "ヤマダ",
    "サトウ",
    "スズキ",
    "タカハシ",
    "タナカ",
    "イトウ",
    "ワタナベ",
    "ナカムラ",
];
const GIVEN: [&str; 6] = ["太郎", "花子", "一郎", "美咲", "健太", "髙子"];
const GIVEN_KANA: [&str; 6] = ["タロウ", "ハナコ", "イチロウ", "ミサキ", "ケンタ", "タカコ"];

/// One generated person.
#[derive(Debug, Clone)]
struct Person {
    key: MemberKey,
    name: PersonName,
    kana: KanaName,
    sex: Sex,
    birth: NaiveDate,
    relation: Relation,
}

fn person(opts: &GeneratorOptions, household: u64, member: u64) -> Option<Person> {
    let mut rng =
        Rng(opts.seed ^ household.wrapping_mul(0x1000_0001) ^ member.wrapping_mul(0x9E37));
    let f = (household % 8) as usize;
    let g = rng.below(6) as usize;
    let relation = if member == 0 {
        Relation::Insured
    } else {
        Relation::Dependent
    };
    let year = match member {
        0 => 1952 + rng.below(50) as i32,
        1 => 1955 + rng.below(45) as i32,
        _ => opts.month.year() - 1 - rng.below(20) as i32,
    };
    let birth = NaiveDate::from_ymd_opt(year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32)?;
    Some(Person {
        key: MemberKey {
            symbol: InsuredSymbol::new(&format!("{}", 100 + household % 50)).ok()?,
            number: InsuredNumber::new(&format!("{}", 1000 + household)).ok()?,
            branch: BranchNumber::new(&format!("{member:02}")).ok()?,
        },
        name: PersonName::new(&format!("{}\u{3000}{}", FAMILY.get(f)?, GIVEN.get(g)?)).ok()?,
        kana: KanaName::new(&format!("{} {}", FAMILY_KANA.get(f)?, GIVEN_KANA.get(g)?)).ok()?,
        sex: if g.is_multiple_of(2) {
            Sex::Male
        } else {
            Sex::Female
        },
        birth,
        relation,
    })
}

/// The member master records of everyone the generator may use, all eligible from 2000-04-01.
pub fn members(opts: &GeneratorOptions) -> Vec<MemberRecord> {
    let mut out = Vec::new();
    for h in 0..opts.households as u64 {
        for m in 0..3 {
            if let Some(p) = person(opts, h, m) {
                out.push(MemberRecord {
                    key: p.key,
                    name: p.name,
                    former_names: Vec::new(),
                    kana: Some(p.kana),
                    birth_date: p.birth,
                    relation: p.relation,
                    periods: vec![EligibilityPeriod {
                        acquired: NaiveDate::from_ymd_opt(2000, 4, 1).unwrap_or(NaiveDate::MIN),
                        lost: None,
                        reason: None,
                    }],
                });
            }
        }
    }
    out
}

/// The IR header of a generated file.
pub fn header(opts: &GeneratorOptions) -> Option<FileHeader> {
    Some(FileHeader {
        kind: RecordKind::Ir,
        review_body: 1,
        institution: Some(institution(0)?),
        institution_recorded: institution(0)?.as_str().to_owned(),
        name: "けんぽ記念病院".into(),
        claim_month: opts.month.next(),
        volume: "00".into(),
        phone: "0312345678".into(),
    })
}

fn kind_for(
    p: &Person,
    month: YearMonth,
    branch_digit: u8,
    funds: u8,
    inpatient: bool,
) -> Option<ReceiptKind> {
    let category = if age::is_preschool_on(p.birth, month.last_day()) {
        PatientCategory::Preschool
    } else if age::elderly_recipient_first_month(p.birth).is_some_and(|f| f <= month) {
        PatientCategory::Elderly70General
    } else if p.relation == Relation::Insured {
        PatientCategory::Insured
    } else {
        PatientCategory::Dependent
    };
    let base = ReceiptKind::from_code(&format!(
        "{branch_digit}1{}{}",
        1 + funds,
        if inpatient { 1 } else { 2 }
    ))
    .ok()?;
    base.with_category(category)
}

fn rate(kind: ReceiptKind) -> Decimal {
    Decimal::from(super::units::copay_percent(kind.category()))
}

fn one(opts: &GeneratorOptions, i: u64) -> Option<Receipt> {
    let mut rng = Rng(opts.seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ i);
    let household = rng.below(opts.households.max(1) as u64);
    let p = person(opts, household, rng.below(3))?;
    let month = opts.month;
    let roll = rng.below(100);
    let (branch_digit, inst) = match roll {
        0..=9 => (4u8, institution(9 + 10 * rng.below(3))?),
        10..=17 => (3, institution(8 + 10 * rng.below(3))?),
        _ => (1, institution(10 * rng.below(5) + 1)?),
    };
    let inpatient = branch_digit == 1 && rng.below(10) == 0;
    let funds = u8::from(rng.below(10) == 0);
    let kind = kind_for(&p, month, branch_digit, funds, inpatient)?;
    let mut items = Vec::new();
    let n = 2 + rng.below(8);
    let mut total: i64 = 0;
    let mut days_seen = [0u8; 31];
    let mut prev_class = 0u8;
    for j in 0..n {
        let class = [11u8, 12, 13, 21, 23, 40, 60, 70]
            .get(rng.below(8) as usize)
            .copied()
            .unwrap_or(11);
        let points = 5 + rng.below(500) as i64;
        let times = 1 + rng.below(3) as u16;
        let mut days = [0u8; 31];
        for _ in 0..times {
            let d = rng.below(u64::from(month.days())) as usize;
            if let Some(slot) = days.get_mut(d) {
                *slot += 1;
            }
            if let Some(slot) = days_seen.get_mut(d) {
                *slot = 1;
            }
        }
        let times = days.iter().map(|d| u16::from(*d)).sum();
        total += points * i64::from(times);
        let drug = class == 21 || class == 23;
        items.push(LineItem {
            kind: if drug {
                ItemKind::Drug
            } else {
                ItemKind::Procedure
            },
            service_class: class,
            class_continued: j > 0 && class == prev_class,
            payer_class: '1',
            code: if drug {
                620_000_000 + rng.below(99_999) as u32
            } else {
                111_000_110 + rng.below(1000) as u32
            },
            quantity: drug.then(|| Decimal::new(1 + rng.below(30) as i64, rng.below(2) as u32)),
            points: Some(Points::new(points)),
            times,
            comments: Vec::new(),
            days,
            device: None,
            text: None,
        });
        prev_class = class;
        if rng.below(8) == 0 {
            items.push(LineItem {
                kind: ItemKind::Comment,
                service_class: class,
                class_continued: true,
                payer_class: '1',
                code: 810_000_001,
                quantity: None,
                points: None,
                times: 0,
                comments: Vec::new(),
                days: [0; 31],
                device: None,
                text: Some("１日３回　毎食後".into()),
            });
        }
    }
    if branch_digit == 4 {
        // Pharmacy receipts keep their body raw; a minimal SH record names the prescriber.
        items.clear();
    }
    let days = days_seen.iter().filter(|d| **d != 0).count() as u16;
    let points = Points::new(total);
    let charge =
        rounding::half_up_to_10_yen(Rate::from_percent(rate(kind)).ok()?.apply(points.to_yen()));
    let mut raw_records = Vec::new();
    if branch_digit == 4 {
        let prescriber = institution(10 * rng.below(5) + 1)?;
        let code = prescriber.as_str();
        raw_records.push(RawRecord {
            kind: "SH".into(),
            line: 0,
            fields: vec![
                code.get(..2)?.to_owned(),
                code.get(2..3)?.to_owned(),
                code.get(3..)?.to_owned(),
            ],
        });
    }
    let start = month
        .first_day()
        .checked_sub_days(chrono::Days::new(rng.below(400)))?;
    let diagnoses = (0..1 + rng.below(3))
        .map(|k| Diagnosis {
            code: if k == 2 {
                UNCODED_DIAGNOSIS
            } else {
                4_000_000 + rng.below(999_999) as u32
            },
            start,
            outcome: Outcome::Continuing,
            modifiers: if k == 1 { "8002".into() } else { String::new() },
            name: (k == 2).then(|| "左膝関節症の疑い".to_owned()),
            main: k == 0,
            comment: None,
        })
        .collect();
    Some(Receipt {
        position: ReceiptPosition {
            line: 0,
            index: i + 1,
        },
        institution_recorded: std::sync::Arc::from(inst.as_str()),
        institution: Some(inst),
        number: u32::try_from(i + 1).ok()?,
        kind,
        service_month: month,
        patient: Patient {
            name: p.name.clone(),
            kana: Some(p.kana.clone()),
            sex: p.sex,
            birth_date: p.birth,
        },
        benefit_ratio: None,
        admission_date: inpatient.then(|| month.first_day()),
        charge_class: None,
        special_notes: String::new(),
        insurance: Some(InsurancePart {
            insurer: insurer()?,
            symbol: Some(p.key.symbol.clone()),
            number: Some(p.key.number.clone()),
            days: days.max(1),
            points,
            meal_count: None,
            meal_yen: None,
            occupational: None,
            patient_charge: Some(charge),
            reduction_class: None,
            reduction_rate: None,
            reduction_yen: None,
        }),
        public_funds: if funds == 1 {
            vec![PublicFundPart {
                payer: PublicPayerNumber::new("54136015")?,
                recipient: RecipientNumber::new(&format!("{:07}", 1_000_000 + household)),
                optional_benefit: None,
                days: days.max(1),
                points,
                charge: Some(Yen::new(0)),
                outpatient_copay: None,
                inpatient_copay: None,
                meal_count: None,
                meal_yen: None,
            }]
        } else {
            Vec::new()
        },
        confirmations: vec![EligibilityConfirmation {
            payer_kind: 1,
            confirmation: 1,
            payer: None,
            symbol: None,
            number: None,
            branch: Some(p.key.branch),
            recipient: None,
        }],
        visit_days: Vec::new(),
        diagnoses,
        items,
        notes: Vec::new(),
        raw_records,
    })
    .map(|mut r| {
        if r.kind.setting() == Setting::Outpatient {
            r.admission_date = None;
        }
        r
    })
}

/// The generated receipts, one at a time.
pub fn receipts(opts: &GeneratorOptions) -> impl Iterator<Item = Receipt> + '_ {
    (0..opts.receipts as u64).filter_map(move |i| one(opts, i))
}

/// Writes a whole generated file (IR, receipts, GO, 0x1A) into `out`.
pub fn write<W: Write>(opts: &GeneratorOptions, out: W) -> Result<W, WriteError> {
    let mut w = ReceiptWriter::new(out);
    if let Some(h) = header(opts) {
        w.header(&h)?;
    }
    for r in receipts(opts) {
        w.receipt(&r)?;
    }
    w.finish()
}

/// A whole generated file in memory.
pub fn file(opts: &GeneratorOptions) -> Vec<u8> {
    write(opts, Vec::new()).unwrap_or_default()
}
