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
use super::dental::{
    DentalComment, DentalDetail, DentalDiagnosis, DentalDrug, DentalLine, DentalProcedure,
};
use super::dpc::{
    BundledEvaluation, CodingData, DiagnosisGroup, DpcDetail, DpcDisease, PatientBasics,
    TotalAdjustment,
};
use super::error::WriteError;
use super::fund::{
    Correction, CorrectionRecord, FundRecords, Prefixed, PrefixedLine, ReasonTarget,
    ReceiptManagement, RecordManagement, ReexaminationRequest, ReexaminationResult, RelatedReceipt,
    ReturnReason, ReviewOperation,
};
use super::kind::{PatientCategory, ReceiptKind, ReceiptLayout, RecordKind, Setting};
use super::model::*;
use super::pharmacy::{
    BasicFees, Dispensing, PharmacyComment, PharmacyDetail, PharmacyDrug, PharmacyLine,
    Prescription, Remark,
};
use super::record::{Code, DateForm, DayCounts, Digits, LinePrefix, PersonalText, Rest};
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
    /// Which receipts.
    pub kind: FileKind,
    /// The form of the file.
    pub form: FileForm,
    /// The form of the dates.
    pub date_form: DateForm,
}

/// Which receipts a generated file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum FileKind {
    /// Mostly 医科, with 歯科 (8 %) and 調剤 (10 %) receipts under the same IR record, as the
    /// first generator made them (the benchmarks' file).
    #[default]
    Mixed,
    /// 医科 only.
    Medical,
    /// DPC receipts only (inpatient, with BU, SB, KK, HH, GT, CD).
    Dpc,
    /// 歯科 only: UK, then IR and the receipt for each.
    Dental,
    /// 調剤 only: YK, then receipts.
    Pharmacy,
}

/// The form of a generated file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum FileForm {
    /// The institution's claim file (.UKE).
    #[default]
    Claim,
    /// The payment fund's insurer file (レセ電コード情報ファイル): history-management columns,
    /// MN opening each receipt, EX and RC records, and on every fifth receipt two corrections
    /// (JY): one line's count lowered by one and HO 合計点数 lowered to match.
    Insurer,
    /// A return file (.HEN): HI, then each receipt's IR, claim records, HR 返戻理由 and a
    /// history block, then HG.
    Returns,
    /// The insurer's re-examination file (再審査等請求, insurer form): each receipt with an MD
    /// 再審査等申し出 (reason 1 of the first line counted more than once), its RT 理由対象, a JR
    /// citing the previous receipt, and on every other receipt the fund's MK answer.
    Reexamination,
}

impl GeneratorOptions {
    /// `receipts` receipts for service month 2026-10, over `receipts / 3 + 1` households.
    pub fn new(seed: u64, receipts: usize) -> GeneratorOptions {
        GeneratorOptions {
            seed,
            receipts,
            month: YearMonth::new(2026, 10).unwrap_or_else(|_| YearMonth::of(NaiveDate::MIN)),
            households: receipts / 3 + 1,
            kind: FileKind::Mixed,
            form: FileForm::Claim,
            date_form: DateForm::Gregorian,
        }
    }

    /// The same options for receipts of `kind`.
    pub fn kind(mut self, kind: FileKind) -> GeneratorOptions {
        self.kind = kind;
        self
    }

    /// The same options for a file of `form`.
    pub fn form(mut self, form: FileForm) -> GeneratorOptions {
        self.form = form;
        self
    }

    /// The same options with era dates (和暦, GYYMM and GYYMMDD), as files before the 令和2年
    /// editions.
    pub fn era_dates(mut self) -> GeneratorOptions {
        self.date_form = DateForm::Era;
        self
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

/// The head record of a generated file: IR (医科, DPC, mixed), UK (歯科), YK (調剤), HI (a
/// return file).
pub fn header(opts: &GeneratorOptions) -> Option<FileHeader> {
    let inst = match opts.kind {
        FileKind::Dental => institution(8)?,
        FileKind::Pharmacy => institution(9)?,
        _ => institution(0)?,
    };
    let kind = match (opts.form, opts.kind) {
        (FileForm::Returns, _) => RecordKind::Hi,
        (_, FileKind::Dental) => RecordKind::Uk,
        (_, FileKind::Pharmacy) => RecordKind::Yk,
        _ => RecordKind::Ir,
    };
    Some(FileHeader {
        kind,
        review_body: 1,
        institution_recorded: inst.as_str().to_owned(),
        institution: Some(inst),
        name: match opts.kind {
            FileKind::Dental => "けんぽ歯科クリニック".into(),
            FileKind::Pharmacy => "けんぽ薬局".into(),
            _ if kind == RecordKind::Hi => String::new(),
            _ => "けんぽ記念病院".into(),
        },
        claim_month: opts.month.next(),
        volume: "00".into(),
        phone: if matches!(kind, RecordKind::Uk | RecordKind::Hi) {
            String::new()
        } else {
            "0312345678".into()
        },
        notifications: (kind == RecordKind::Uk).then(|| "0102".to_owned()),
        date_form: opts.date_form,
    })
}

/// The receipt-level head record of a generated receipt (dental IR, return-file IR, the IR/YK
/// inside each receipt of an insurer file).
fn receipt_head(opts: &GeneratorOptions, r: &Receipt) -> Option<FileHeader> {
    let table = r.institution_recorded.get(2..3)?;
    let kind = if table == "4" {
        RecordKind::Yk
    } else {
        RecordKind::Ir
    };
    let dental = table == "3";
    Some(FileHeader {
        kind,
        review_body: 1,
        institution: r.institution.clone(),
        institution_recorded: r.institution_recorded.to_string(),
        name: if dental {
            String::new()
        } else {
            "けんぽ記念病院".into()
        },
        claim_month: opts.month.next(),
        volume: if dental { String::new() } else { "00".into() },
        phone: "0312345678".into(),
        notifications: dental.then(|| "0102".to_owned()),
        date_form: opts.date_form,
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
    let roll = match opts.kind {
        FileKind::Mixed => rng.below(100),
        FileKind::Pharmacy => 0,
        FileKind::Dental => 10,
        FileKind::Medical | FileKind::Dpc => 50,
    };
    let (branch_digit, inst) = match roll {
        0..=9 => (4u8, institution(9 + 10 * rng.below(3))?),
        10..=17 => (3, institution(8 + 10 * rng.below(3))?),
        _ => (1, institution(10 * rng.below(5) + 1)?),
    };
    let dpc = opts.kind == FileKind::Dpc;
    let inpatient = dpc || (branch_digit == 1 && rng.below(10) == 0);
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
    let prescriber = if branch_digit == 4 {
        Some(institution(10 * rng.below(5) + 1)?)
    } else {
        None
    };
    let start = month
        .first_day()
        .checked_sub_days(chrono::Days::new(rng.below(400)))?;
    let diagnoses: Vec<Diagnosis> = (0..1 + rng.below(3))
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
    // What each kind adds, from an RNG of its own (the medical receipts stay as they were).
    let mut extra = Rng(opts.seed ^ 0xD1CE_0000_0000 ^ i.wrapping_mul(0x9E37_79B9));
    let mut details = ReceiptDetails::default();
    let (mut items, mut diagnoses) = (items, diagnoses);
    match branch_digit {
        4 => {
            let (detail, points) = pharmacy_detail(&mut extra, month, prescriber?)?;
            details.pharmacy = Some(Box::new(detail));
            total = points;
            items.clear();
            diagnoses.clear();
        }
        3 => {
            details.dental = Some(Box::new(dental_detail(&items, &diagnoses, start)?));
            items.clear();
            diagnoses.clear();
        }
        _ if dpc => {
            let (detail, bundled) = dpc_detail(&mut extra, month, &diagnoses)?;
            details.dpc = Some(Box::new(detail));
            total += bundled;
        }
        _ => {}
    }
    let days = days_seen.iter().filter(|d| **d != 0).count() as u16;
    let points = Points::new(total);
    let charge =
        rounding::half_up_to_10_yen(Rate::from_percent(rate(kind)).ok()?.apply(points.to_yen()));
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
        raw_records: Vec::new(),
        details,
        fund: None,
    })
    .map(|mut r| {
        if r.kind.setting() == Setting::Outpatient {
            r.admission_date = None;
        }
        if let Some(dpc) = r.details.dpc.as_mut() {
            dpc.public_standard_charges = r.public_funds.iter().map(|_| None).collect();
        }
        r
    })
}

/// A pharmacy receipt's body: one or two 処方 (SH, CZ, IY, sometimes CO), TK and KI; the total
/// points (調剤料 + 薬剤料 of each CZ).
fn pharmacy_detail(
    rng: &mut Rng,
    month: YearMonth,
    prescriber: InstitutionCode,
) -> Option<(PharmacyDetail, i64)> {
    let mut body = Vec::new();
    let mut total = 0i64;
    for k in 0..1 + rng.below(2) {
        body.push(PharmacyLine::Prescription(Prescription {
            number: Digits::new(&format!("{:02}", k + 1))?,
            form: Digits::new("1")?,
            usage: Code::new(&format!("{:016}", 1_013_044_400_000_000u64 + rng.below(9))),
            instruction: None,
            unit_drug_points: Some(1 + rng.below(40) as i64),
            unit_drug_points_public1: None,
            unit_drug_points_public2: None,
            unit_drug_points_public3: None,
            unit_drug_points_public4: None,
        }));
        let day = 1 + rng.below(u64::from(month.days())) as u32;
        let dispensed = NaiveDate::from_ymd_opt(month.year(), month.month(), day)?;
        let quantity = [7u32, 14, 28, 30][rng.below(4) as usize];
        let fee = 24 + rng.below(30) as i64;
        let drug = 1 + rng.below(40) as i64;
        total += fee + drug * i64::from(quantity);
        body.push(PharmacyLine::Dispensing(Dispensing {
            doctor: Some(1),
            prescribed: Some(dispensed),
            dispensed: Some(dispensed),
            reception: Some(1),
            quantity: Some(quantity),
            fee_payer_class: Code::new("1"),
            fee_class: Digits::new("1"),
            fee_target: Digits::new("01"),
            fee_code: Digits::new("420001810"),
            fee_points: Some(fee),
            split_class: None,
            quantity_before: None,
            drug_points: Some(drug),
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
            later: Rest(vec![String::new(); 17]),
        }));
        body.push(PharmacyLine::Drug(PharmacyDrug {
            payer_class: Code::new("1")?,
            code: Digits::new(&format!("{}", 620_000_000 + rng.below(99_999)))?,
            amount: Some(Decimal::new(1 + rng.below(6) as i64, 0)),
            reserved1: None,
            reserved2: None,
            mix_code: None,
            mix_branch: None,
            incompatible: None,
            dose: None,
        }));
        if rng.below(3) == 0 {
            body.push(PharmacyLine::Comment(PharmacyComment {
                code: Digits::new("810000001")?,
                text: Some("１日３回　毎食後".into()),
            }));
        }
    }
    body.push(PharmacyLine::Remark(Remark {
        code: Digits::new("810000001")?,
        text: Some("後発医薬品への変更不可".into()),
    }));
    body.push(PharmacyLine::BasicFees(BasicFees {
        fields: Rest(
            ["1", "", "1", "", "45", "1", "00", "", ""]
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
        ),
    }));
    let code = prescriber.as_str().to_owned();
    Some((
        PharmacyDetail {
            prescriber_recorded: code,
            prescriber: Some(prescriber),
            prescriber_name: Some("けんぽ記念病院".into()),
            prescriber_address: Some("東京都港区".into()),
            doctors: vec![Some(PersonalText::new("基金\u{3000}一郎"))],
            narcotics_licence: None,
            body,
        },
        total,
    ))
}

/// A dental receipt's body from the generated lines: procedures as SS (codes starting with 3),
/// drugs as IY, comments as CO; the diagnoses as HS with tooth codes.
fn dental_detail(
    items: &[LineItem],
    diagnoses: &[Diagnosis],
    start: NaiveDate,
) -> Option<DentalDetail> {
    let mut body = Vec::new();
    let class = |item: &LineItem| {
        (!item.class_continued)
            .then(|| Digits::new(&format!("{:02}", item.service_class)))
            .flatten()
    };
    for item in items {
        let payer = Code::new("1")?;
        body.push(match item.kind {
            ItemKind::Drug => DentalLine::Drug(DentalDrug {
                service_class: class(item),
                payer_class: payer,
                code: Digits::new(&format!("{:09}", item.code))?,
                amount: item.quantity,
                points: item.points.map(Points::get),
                times: item.times,
                drug_class: None,
                days: DayCounts(item.days),
            }),
            ItemKind::Comment => DentalLine::Comment(DentalComment {
                service_class: class(item),
                payer_class: payer,
                code: Digits::new(&format!("{:09}", item.code))?,
                text: item.text.clone(),
                teeth: Code::new("100101"),
            }),
            _ => DentalLine::Procedure(DentalProcedure {
                service_class: class(item),
                payer_class: payer,
                code: Digits::new(&format!("3{:08}", item.code % 100_000_000))?,
                quantity1: None,
                quantity2: None,
                additions: if item.code % 4 == 0 {
                    vec![super::record::Addition {
                        code: Code::new("A0001"),
                        quantity: Some(1),
                    }]
                } else {
                    Vec::new()
                },
                points: item.points.map(Points::get),
                times: item.times,
                days: DayCounts(item.days),
            }),
        });
    }
    let hs = diagnoses
        .iter()
        .map(|d| {
            Some(DentalDiagnosis {
                start: None,
                outcome: None,
                teeth: Code::new("100101100201"),
                code: Digits::new(&format!("{:07}", d.code))?,
                modifiers: Digits::new(&d.modifiers),
                name: d.name.clone(),
                comorbid: None,
                transition: None,
                main: None,
                comment_code: None,
                comment: None,
                comment_teeth: None,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(DentalDetail {
        start_date: Some(start),
        outcome: Some(1),
        claim_info1: None,
        not_visited: None,
        diagnoses: hs,
        body,
    })
}

/// A DPC receipt's records, and the points of the bundled part (HH 包括小計点数).
fn dpc_detail(
    rng: &mut Rng,
    month: YearMonth,
    diagnoses: &[Diagnosis],
) -> Option<(DpcDetail, i64)> {
    let admitted = month.first_day();
    let days = 3 + rng.below(10) as u16;
    let per_day = 2000 + rng.below(1000) as i64;
    let subtotal = per_day * i64::from(days);
    let main = diagnoses.first()?;
    Some((
        DpcDetail {
            medical_re: false,
            summary_class: Some(Digits::new("0")?),
            detail_count: None,
            insurance_standard_charge: Some(460 * i64::from(days)),
            public_standard_charges: Vec::new(),
            groups: vec![DiagnosisGroup {
                code: Code::new("040080x099x0xx")?,
                admitted,
                discharged: admitted.checked_add_days(chrono::Days::new(u64::from(days))),
                outcome: Digits::new("1"),
                cause_of_death: None,
            }],
            diseases: vec![DpcDisease {
                code: Digits::new(&format!("{:07}", main.code))?,
                modifiers: None,
                name: main.name.clone(),
                icd10: Code::new("J189"),
                class: Digits::new("01")?,
                cause_of_death: None,
                comment: None,
            }],
            basics: vec![PatientBasics {
                reserved: None,
                moved_outside: None,
                admission_kind: Digits::new("1"),
                previous_discharge: None,
                previous_same_disease: Digits::new("0"),
                age_at_admission: Some(40 + rng.below(40) as u16),
                birth_weight: None,
                jcs: Digits::new("0"),
                reserved2: None,
                burn_index: None,
                severity: None,
                reserved3: None,
                months_at_admission: None,
            }],
            procedures: Vec::new(),
            stays_out: Vec::new(),
            bundled: vec![BundledEvaluation {
                month,
                adjustment: Digits::new("2")?,
                own_insurance: Digits::new("1"),
                payer_class: Code::new("1"),
                period: Digits::new("1"),
                points_per_day: Some(per_day),
                days: Some(days),
                subtotal: Some(subtotal),
            }],
            adjustments: vec![TotalAdjustment {
                month,
                adjustment: Digits::new("2")?,
                own_insurance: Digits::new("1"),
                payer_class: Code::new("1"),
                subtotal_sum: Some(subtotal),
                evaluated: Some(subtotal),
                adjustment_points: Some(0),
                month_total: Some(subtotal),
                service_class: Digits::new("93"),
                changed: None,
                text: None,
            }],
            coding: vec![CodingData {
                date: admitted,
                service_class: Digits::new("90")?,
                order: Some(1),
                detail: Some(1),
                code: Digits::new("190077410")?,
                amount: None,
                quantity: None,
                unit: None,
                times: Some(1),
                device_name: None,
            }],
        },
        subtotal,
    ))
}

/// The lines a receipt is written as, in a clinic file without a head record.
fn clinic_lines(r: &Receipt, form: DateForm) -> Vec<String> {
    let mut w = ReceiptWriter::new(Vec::new());
    w.set_date_form(form);
    if w.receipt(r).is_err() {
        return Vec::new();
    }
    let bytes = w.into_inner();
    let text = encoding_rs::SHIFT_JIS.decode(&bytes).0.into_owned();
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn raw_of(text: &str, line: u64) -> RawRecord {
    let mut fields = text.split(',').map(str::to_owned);
    RawRecord {
        kind: fields.next().unwrap_or_default(),
        line,
        fields: fields.collect(),
    }
}

/// Makes `r` a receipt of the payment fund's insurer file: MN, EX and RC, and on every fifth
/// receipt two corrections (one line's count lowered by one, HO 合計点数 lowered to match).
/// Line numbers follow the writer's: MN 1, the head record 2, RE 3, then the claim records.
fn insurer_receipt(opts: &GeneratorOptions, i: u64, mut r: Receipt) -> Option<Receipt> {
    r.details.head = receipt_head(opts, &r).map(Box::new);
    let claim_lines = 1 + clinic_lines(&r, opts.date_form).len() as u32;
    let mut fund = FundRecords {
        management: Some(Prefixed {
            prefix: Some(LinePrefix {
                data_ident: LinePrefix::FUND,
                line: 1,
                branch: 0,
            }),
            record: ReceiptManagement {
                management_number: Digits::new(&format!("{}", 940_000_000 + i))?,
                location: Some("東京都港区新橋".into()),
                search: Some(format!("{:017}", 13_450_607_940_000_000u64 + i)),
                reserved1: None,
                reserved2: None,
                reserved3: None,
            },
        }),
        ..FundRecords::default()
    };
    let mut next = claim_lines + 1;
    let mut fund_prefix = |branch: u16| {
        let p = LinePrefix {
            data_ident: LinePrefix::FUND,
            line: next,
            branch,
        };
        next += 1;
        Some(p)
    };
    // A 査定 on every fifth medical receipt: the first line counted more than once loses one.
    let target = (i % 5 == 4 && r.layout() == ReceiptLayout::Medical)
        .then(|| {
            r.items
                .iter()
                .position(|it| it.times >= 2 && it.points.is_some() && it.kind != ItemKind::Comment)
        })
        .flatten();
    if let Some(k) = target {
        let mut paid = r.clone();
        let item = paid.items.get_mut(k)?;
        let cut = item.points?.get();
        item.times -= 1;
        if let Some(d) = item.days.iter_mut().rev().find(|d| **d > 0) {
            *d -= 1;
        }
        let ins = paid.insurance.as_mut()?;
        ins.points = Points::new(ins.points.get() - cut);
        let lines = clinic_lines(&paid, opts.date_form);
        let before_items = 1
            + 1
            + r.public_funds.len()
            + r.confirmations.len()
            + r.visit_days.len()
            + r.details.window_charges.len()
            + r.details.outside_bundle.len()
            + r.diagnoses.len();
        // `lines` starts with the head record; claim line numbers start at 2 (MN is 1): the
        // head record 2, RE 3, HO 4.
        let item_line = 3 + (before_items + k) as u32;
        let ho_line = 4u32;
        for (target_line, text) in [
            (item_line, lines.get(1 + before_items + k)?),
            (ho_line, lines.get(2)?),
        ] {
            let replacement = LinePrefix {
                data_ident: LinePrefix::FUND,
                line: target_line,
                branch: 1,
            };
            fund.corrections.push(Correction {
                record: Prefixed {
                    prefix: fund_prefix(0),
                    record: CorrectionRecord {
                        kind: 2,
                        target_line,
                        target_branch: 0,
                        fields: Code::new(if target_line == ho_line { "6" } else { "7" }),
                        reasons: Code::new("B"),
                        new_line: Some(target_line),
                        new_branch: Some(1),
                        reserved: None,
                    },
                },
                replacement: Some(PrefixedLine {
                    prefix: replacement,
                    record: raw_of(text, 0),
                }),
            });
        }
    }
    fund.review.push(Prefixed {
        prefix: fund_prefix(1),
        record: ReviewOperation {
            transferred_insurer: None,
            transferred_public4: None,
            transferred_public1: None,
            transferred_public2: None,
            transferred_public3: None,
            high_cost_yen: None,
            single_claim: None,
            expense_notice: Digits::new("1"),
            special_committee: None,
            special_committee_month: None,
            attachments: None,
            fund_use: Some(format!(
                "1:{}:",
                opts.month.next().to_string().replace('-', "")
            )),
        },
    });
    fund.record_management.push(Prefixed {
        prefix: fund_prefix(0),
        record: RecordManagement {
            info: Some(format!(
                "Ver00001{:032x}",
                u128::from(i) * 0x9E37_79B9_7F4A_7C15
            )),
        },
    });
    r.fund = Some(Box::new(fund));
    Some(r)
}

/// Makes `r` a returned receipt: its IR, the 検索番号, an HR 返戻理由 and a one-line history
/// block (the RE as first claimed, データ識別 8).
fn returned_receipt(opts: &GeneratorOptions, i: u64, mut r: Receipt) -> Option<Receipt> {
    r.details.head = receipt_head(opts, &r).map(Box::new);
    let search = format!("{:017}", 13_450_607_940_000_000u64 + i);
    r.details.search_number = Digits::new(&search);
    let lines = clinic_lines(&r, opts.date_form);
    // `lines` starts with the head record.
    let first_re = lines
        .get(1)?
        .replacen(&format!("RE,{},", r.number), "RE,1,", 1);
    let mut fund = FundRecords::default();
    fund.returns.push(Prefixed {
        prefix: None,
        record: ReturnReason {
            processed: Some(opts.month.next()),
            return_class: Digits::new(["1", "2", "4"][(i % 3) as usize]),
            service_class: None,
            reason_code: Code::new(&format!("L{:04}", 1 + i % 7)),
            reason: Some("記号・番号の誤り".into()),
            note: None,
            correction: None,
            adjustment_notice: None,
            search_number: Digits::new(&search),
            other_search_number: None,
            detail: None,
            reserved1: None,
            reserved2: None,
        },
    });
    fund.history.push(PrefixedLine {
        prefix: LinePrefix {
            data_ident: LinePrefix::HISTORY,
            line: 1,
            branch: 0,
        },
        record: raw_of(&first_re, 0),
    });
    r.fund = Some(Box::new(fund));
    Some(r)
}

/// Makes `r` a receipt of the insurer's re-examination file (see [`FileForm::Reexamination`]).
fn reexamination_receipt(opts: &GeneratorOptions, i: u64, r: Receipt) -> Option<Receipt> {
    let mut r = insurer_receipt(opts, i, r)?;
    let fund = r.fund.as_deref_mut()?;
    fund.corrections.clear();
    let mut line = fund
        .review
        .iter()
        .filter_map(|x| x.prefix)
        .chain(fund.record_management.iter().filter_map(|x| x.prefix))
        .map(|p| p.line)
        .max()
        .unwrap_or(1);
    let mut prefix = || {
        line += 1;
        Some(LinePrefix {
            data_ident: LinePrefix::FUND,
            line,
            branch: 0,
        })
    };
    let search = format!("{:017}", 13_450_607_940_000_000u64 + i);
    fund.requests.push(Prefixed {
        prefix: prefix(),
        record: ReexaminationRequest {
            sequence: 1,
            accepted: opts
                .month
                .next()
                .next()
                .first_day()
                .checked_add_days(chrono::Days::new(9)),
            reference: Digits::new(&search),
            claims: Some(1),
            reason_number: Digits::new("000001"),
            reason_note: None,
            reason_date1: None,
            reason_date2: None,
            reason_content: Digits::new("000101"),
            reason_insurer_use: None,
            reason_text: Some("算定回数が実日数を超える".into()),
            note: None,
            contacted: None,
            return_reference: None,
            insurer_use: None,
            reserved: Rest(vec![String::new(); 6]),
        },
    });
    fund.request_targets.push(Prefixed {
        prefix: prefix(),
        record: ReasonTarget {
            sequence: 1,
            class: Digits::new("1")?,
            target_sequence: Some(1),
            line: Some(3),
            branch: Some(0),
        },
    });
    if i > 0 {
        fund.related.push(Prefixed {
            prefix: prefix(),
            record: RelatedReceipt {
                class: Digits::new("1")?,
                search_number: Digits::new(&format!("{:017}", 13_450_607_940_000_000u64 + i - 1)),
                reference: None,
                reserved: Rest(vec![String::new(); 5]),
            },
        });
    }
    if i.is_multiple_of(2) {
        fund.results.push(Prefixed {
            prefix: prefix(),
            record: ReexaminationResult {
                sequence: 1,
                accepted: opts
                    .month
                    .next()
                    .next()
                    .first_day()
                    .checked_add_days(chrono::Days::new(9)),
                requester: Digits::new("001"),
                processed: Some(opts.month.next().next().next()),
                changed_reason: None,
                result: Digits::new(if i.is_multiple_of(4) { "001" } else { "002" }),
                message: None,
                reason1: None,
                reason2: None,
                reason3: None,
                requester_number: Some("06139992".into()),
                fund_use: None,
                reserved: Rest(vec![String::new(); 3]),
            },
        });
    }
    Some(r)
}

/// The generated receipts, one at a time.
pub fn receipts(opts: &GeneratorOptions) -> impl Iterator<Item = Receipt> + '_ {
    (0..opts.receipts as u64).filter_map(move |i| {
        let r = one(opts, i)?;
        match (opts.form, opts.kind) {
            (FileForm::Insurer, _) => insurer_receipt(opts, i, r),
            (FileForm::Returns, _) => returned_receipt(opts, i, r),
            (FileForm::Reexamination, _) => reexamination_receipt(opts, i, r),
            (_, FileKind::Dental) => {
                let mut r = r;
                r.details.head = receipt_head(opts, &r).map(Box::new);
                Some(r)
            }
            _ => Some(r),
        }
    })
}

/// Writes a whole generated file (head record, receipts, GO, 0x1A) into `out`.
pub fn write<W: Write>(opts: &GeneratorOptions, out: W) -> Result<W, WriteError> {
    let mut w = ReceiptWriter::new(out);
    if matches!(opts.form, FileForm::Insurer | FileForm::Reexamination) {
        w = w.insurer_form();
    }
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
