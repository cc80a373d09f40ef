//! 点検 for re-examination (再審査等請求): the checks a society runs on the receipts it received,
//! one receipt at a time (単月), across months at one institution (縦覧), and a pharmacy's
//! receipt against its prescriber's (突合), producing a list of [`Candidate`]s — the reason, the
//! receipts involved and the points at stake — for a person to decide on (purpose C1 of the
//! society's notice). A candidate is never a decision: the payment fund's 審査委員会 decides each
//! case on medical judgement.
//!
//! The checks are those of the catalogue the project keeps (`docs/RECEIPTS.md` lists each with
//! its rule, the data it needs and its source). Every check that needs no master file runs on
//! the receipts alone, with the short code lists of [`codes`]; the checks that need the payment
//! fund's master files run when the user supplies them ([`master::Masters`]) and are otherwise
//! skipped with a [`Notice`]. The fund itself checks within one month and one institution; what
//! a society adds is its own member master ([`super::checks`], C1/C2/C5), several institutions,
//! and windows longer than the fund's: [`Reviewer`] takes receipts of any number of files and
//! months.
//!
//! People are joined by 保険者番号・記号・番号・枝番 (SN), or without a branch number by 保険者番号・
//! 記号・番号・生年月日・男女区分; the key is kept hashed and never output. Candidates name
//! receipts by file, line, index, the fund's management number and 検索番号, never by person.
//!
//! ```
//! use std::sync::Arc;
//! use kenpo_domain::receipt::review::{testgen, ReviewOptions, Reviewer};
//!
//! let month = testgen::planted_months(7);
//! let mut reviewer = Reviewer::new(ReviewOptions::default(), None);
//! for (file, receipts) in &month.files {
//!     let file: Arc<str> = Arc::from(file.as_str());
//!     for r in receipts {
//!         reviewer.add(&file, r);
//!     }
//! }
//! let outcome = reviewer.finish();
//! // Every planted case is found, and nothing else.
//! let mut found: Vec<_> = outcome.candidates.iter().map(|c| (c.check, c.receipts[0].index, c.receipts[0].file.to_string())).collect();
//! found.sort();
//! let mut planted: Vec<_> = month.planted.iter().map(|p| (p.check, p.index, p.file.clone())).collect();
//! planted.sort();
//! assert_eq!(found, planted);
//! ```

pub mod codes;
pub mod master;
pub mod testgen;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use self::codes::CodeFamily;
use self::master::Masters;
use super::checks::DEFAULT_MULTIPLE_INSTITUTIONS_THRESHOLD;
use super::kind::{ClaimBranch, ReceiptLayout, Setting};
use super::model::{ItemKind, Outcome, Points, Receipt, UNCODED_DIAGNOSIS};
use super::pharmacy::PharmacyLine;
use crate::calendar::YearMonth;

/// A check of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Check {
    /// ELIG-6: 職務上の事由 recorded: a work or commuting injury billed to health insurance
    /// (健康保険法 第1条 covers 業務災害 以外 only).
    WorkInjury,
    /// INJ-1: a new injury diagnosis with no third-party act declared: ask the member how it
    /// happened (負傷原因照会).
    InjuryInquiry,
    /// SGL-1: arithmetic: a line's 回数 differs from the sum of its day counts, or the lines'
    /// points differ from HO 合計点数.
    Arithmetic,
    /// SGL-2: 初診料 and 再診料 on the same day.
    FirstVisitAndRevisit,
    /// SGL-3: more 初診・再診 than 診療実日数 or than visit days.
    VisitsAboveDays,
    /// SGL-4: 特定疾患療養管理料 at 200 beds or more, or a variant for another size.
    DiseaseManagementBeds,
    /// SGL-5: several 指導管理料 of the exclusive group (特掲診療料 通則1) in one month.
    ExclusiveManagement,
    /// SGL-6: 薬剤情報提供料 with only an outside prescription.
    DrugInformationWithoutDrugs,
    /// SGL-7: a suspected diagnosis (の疑い) carried for months.
    SuspectedCarried,
    /// LONG-1: 初診料 again while a disease of the institution is still treated.
    FirstVisitAgain,
    /// LONG-2: 特定疾患療養管理料 before one month after 初診, more than twice a month, or with
    /// 電話等再診 the same day.
    DiseaseManagementTiming,
    /// LONG-3: outpatient days inside an admission at the same institution.
    OutpatientDuringAdmission,
    /// LONG-4: an outpatient visit elsewhere while an inpatient.
    OutpatientElsewhereWhileInpatient,
    /// LONG-5: many institutions in one month (重複・頻回受診: member guidance).
    ManyInstitutions,
    /// MATCH-1: a pharmacy receipt without its prescriber's receipt, dispensed after the
    /// prescription expired, or on a prescription the prescriber did not bill.
    PrescriptionPairing,
    /// MATCH-2: the prescriber's receipt has no usable diagnosis.
    PrescriberWithoutDiagnosis,
    /// MATCH-3: days supplied ahead of days elapsed (重複投薬).
    DaysSuppliedAhead,
    /// M-11: an addition (注加算) without its base item.
    AdditionWithoutBase,
    /// M-12: an item outside its age range.
    AgeRange,
    /// M-13: an item counted more often than 診療実日数.
    CountAboveDays,
    /// M-14: a diagnosis not valid (abolished, needs a modifier, not billable), or
    /// 特定疾患療養管理料 without a specified disease.
    DiagnosisValidity,
    /// A procedure, drug or diagnosis code abolished before the service date.
    AbolishedCode,
}

/// What a check needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Needs {
    /// The receipts only.
    Nothing,
    /// The receipts and short code lists (embedded, or from the master when given).
    Codes,
    /// A master file of the payment fund.
    Master,
}

impl Check {
    /// Every check.
    pub const ALL: [Check; 22] = [
        Check::WorkInjury,
        Check::InjuryInquiry,
        Check::Arithmetic,
        Check::FirstVisitAndRevisit,
        Check::VisitsAboveDays,
        Check::DiseaseManagementBeds,
        Check::ExclusiveManagement,
        Check::DrugInformationWithoutDrugs,
        Check::SuspectedCarried,
        Check::FirstVisitAgain,
        Check::DiseaseManagementTiming,
        Check::OutpatientDuringAdmission,
        Check::OutpatientElsewhereWhileInpatient,
        Check::ManyInstitutions,
        Check::PrescriptionPairing,
        Check::PrescriberWithoutDiagnosis,
        Check::DaysSuppliedAhead,
        Check::AdditionWithoutBase,
        Check::AgeRange,
        Check::CountAboveDays,
        Check::DiagnosisValidity,
        Check::AbolishedCode,
    ];

    /// The catalogue id (`"SGL-2"`).
    pub const fn id(self) -> &'static str {
        match self {
            Check::WorkInjury => "ELIG-6",
            Check::InjuryInquiry => "INJ-1",
            Check::Arithmetic => "SGL-1",
            Check::FirstVisitAndRevisit => "SGL-2",
            Check::VisitsAboveDays => "SGL-3",
            Check::DiseaseManagementBeds => "SGL-4",
            Check::ExclusiveManagement => "SGL-5",
            Check::DrugInformationWithoutDrugs => "SGL-6",
            Check::SuspectedCarried => "SGL-7",
            Check::FirstVisitAgain => "LONG-1",
            Check::DiseaseManagementTiming => "LONG-2",
            Check::OutpatientDuringAdmission => "LONG-3",
            Check::OutpatientElsewhereWhileInpatient => "LONG-4",
            Check::ManyInstitutions => "LONG-5",
            Check::PrescriptionPairing => "MATCH-1",
            Check::PrescriberWithoutDiagnosis => "MATCH-2",
            Check::DaysSuppliedAhead => "MATCH-3",
            Check::AdditionWithoutBase => "M-11",
            Check::AgeRange => "M-12",
            Check::CountAboveDays => "M-13",
            Check::DiagnosisValidity => "M-14",
            Check::AbolishedCode => "M-VALID",
        }
    }

    /// The kind of 点検 (資格, 外傷, 内容, 縦覧, 突合).
    pub const fn family_ja(self) -> &'static str {
        match self {
            Check::WorkInjury => "資格点検",
            Check::InjuryInquiry => "外傷点検",
            Check::FirstVisitAgain
            | Check::DiseaseManagementTiming
            | Check::OutpatientDuringAdmission
            | Check::OutpatientElsewhereWhileInpatient
            | Check::ManyInstitutions => "縦覧点検",
            Check::PrescriptionPairing
            | Check::PrescriberWithoutDiagnosis
            | Check::DaysSuppliedAhead => "突合点検",
            _ => "内容点検",
        }
    }

    /// What the check needs.
    pub const fn needs(self) -> Needs {
        match self {
            Check::FirstVisitAndRevisit
            | Check::VisitsAboveDays
            | Check::DiseaseManagementBeds
            | Check::FirstVisitAgain
            | Check::DiseaseManagementTiming
            | Check::PrescriptionPairing => Needs::Codes,
            Check::ExclusiveManagement
            | Check::DrugInformationWithoutDrugs
            | Check::AdditionWithoutBase
            | Check::AgeRange
            | Check::CountAboveDays
            | Check::DiagnosisValidity
            | Check::AbolishedCode => Needs::Master,
            _ => Needs::Nothing,
        }
    }

    /// The usual outcome if the fund agrees (査定 reason letters of the 増減点連絡書, 返戻,
    /// inquiry, guidance).
    pub const fn outcome(self) -> &'static str {
        match self {
            Check::WorkInjury => "返戻（労災）",
            Check::InjuryInquiry => "照会（求償・労災）",
            Check::Arithmetic => "査定 G/H",
            Check::FirstVisitAndRevisit => "査定 B/D",
            Check::VisitsAboveDays => "査定 B",
            Check::DiseaseManagementBeds => "査定 D",
            Check::ExclusiveManagement => "査定 B/D",
            Check::DrugInformationWithoutDrugs => "査定 D",
            Check::SuspectedCarried => "補強資料",
            Check::FirstVisitAgain => "査定 B/D",
            Check::DiseaseManagementTiming => "査定 D",
            Check::OutpatientDuringAdmission => "査定・返戻",
            Check::OutpatientElsewhereWhileInpatient => "査定",
            Check::ManyInstitutions => "保健指導",
            Check::PrescriptionPairing => "照会・返戻",
            Check::PrescriberWithoutDiagnosis => "査定 A",
            Check::DaysSuppliedAhead => "査定 B・保健指導",
            Check::AdditionWithoutBase => "査定 D/F",
            Check::AgeRange => "査定 D・返戻",
            Check::CountAboveDays => "査定 B",
            Check::DiagnosisValidity => "査定 D・返戻",
            Check::AbolishedCode => "返戻",
        }
    }
}

impl std::fmt::Display for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// A receipt as a candidate names it: where it is and the fund's numbers, no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptRef {
    /// The file it was read from.
    pub file: Arc<str>,
    /// The line of its RE (or MN) record.
    pub line: u64,
    /// Its one-based index in the file.
    pub index: u64,
    /// The institution (10 digits as recorded).
    pub institution: Arc<str>,
    /// The service month.
    pub month: YearMonth,
    /// Its layout.
    pub layout: ReceiptLayout,
    /// The fund's management number (MN), when known.
    pub management_number: Option<String>,
    /// The 検索番号, when known.
    pub search_number: Option<String>,
}

/// One candidate for re-examination or inquiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// The check.
    pub check: Check,
    /// Why, in Japanese (no personal data).
    pub reason_ja: String,
    /// Why, in English (no personal data).
    pub reason_en: String,
    /// The receipts involved: the one the request is about first, then the others it is
    /// compared with.
    pub receipts: Vec<ReceiptRef>,
    /// The points at stake (an upper bound where the fund's decision sets the amount).
    pub points: Points,
}

/// A check that could not run, or ran in part, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// The check.
    pub check: Check,
    /// What was skipped and why.
    pub text: String,
}

/// Settings of the review. None of these figures comes from a rule: each is the society's
/// choice, with the default the catalogue suggests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewOptions {
    /// SGL-7: months a suspected diagnosis may be carried before it is listed (default 3).
    pub suspected_months: u32,
    /// MATCH-3: days a supply may run ahead of the days elapsed before it is listed (default 7).
    pub days_supplied_tolerance: u32,
    /// LONG-5: institutions in one month from which a person is listed.
    pub many_institutions: usize,
    /// LONG-2: days before the one-month day a 特定疾患療養管理料 may fall without being listed,
    /// for the rule that moves that day back to the previous working day when it is a holiday
    /// (the library has no holiday calendar). Default 7.
    pub holiday_slack_days: u32,
}

impl Default for ReviewOptions {
    fn default() -> Self {
        ReviewOptions {
            suspected_months: 3,
            days_supplied_tolerance: 7,
            many_institutions: DEFAULT_MULTIPLE_INSTITUTIONS_THRESHOLD,
            holiday_slack_days: 7,
        }
    }
}

/// What the review found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewOutcome {
    /// The candidates, by check, then file and receipt.
    pub candidates: Vec<Candidate>,
    /// Checks skipped or run in part.
    pub notices: Vec<Notice>,
    /// Receipts reviewed.
    pub receipts: u64,
}

impl ReviewOutcome {
    /// The candidates as CSV (UTF-8, a header row; receipts `file:line#index` joined by `;`).
    pub fn to_csv(&self) -> String {
        fn q(s: &str) -> String {
            format!("\"{}\"", s.replace('"', "\"\""))
        }
        let mut out = String::from(
            "check,family,outcome,points,reason_ja,reason_en,receipts,management_numbers,search_numbers\r\n",
        );
        for c in &self.candidates {
            let refs: Vec<String> = c
                .receipts
                .iter()
                .map(|r| format!("{}:{}#{}", r.file, r.line, r.index))
                .collect();
            let mn: Vec<&str> = c
                .receipts
                .iter()
                .map(|r| r.management_number.as_deref().unwrap_or(""))
                .collect();
            let sn: Vec<&str> = c
                .receipts
                .iter()
                .map(|r| r.search_number.as_deref().unwrap_or(""))
                .collect();
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{}\r\n",
                c.check.id(),
                q(c.check.family_ja()),
                q(c.check.outcome()),
                c.points.get(),
                q(&c.reason_ja),
                q(&c.reason_en),
                q(&refs.join(";")),
                q(&mn.join(";")),
                q(&sn.join(";")),
            ));
        }
        out
    }

    /// The points at stake over all candidates.
    pub fn points(&self) -> Points {
        self.candidates
            .iter()
            .fold(Points::ZERO, |a, c| a.saturating_add(c.points))
    }
}

/// A set of days of a month (bit `d - 1` for day `d`).
type DaySet = u32;

fn day_set(counts: &[u8; 31]) -> DaySet {
    counts
        .iter()
        .enumerate()
        .filter(|(_, c)| **c != 0)
        .fold(0, |s, (i, _)| s | (1 << i))
}

fn days_of(set: DaySet) -> impl Iterator<Item = u32> {
    (1..=31u32).filter(move |d| set & (1 << (d - 1)) != 0)
}

/// One line as the checks see it.
#[derive(Debug, Clone)]
struct LineFact {
    code: u32,
    kind: ItemKind,
    service_class: u8,
    points: i64,
    times: u16,
    days: [u8; 31],
}

#[derive(Debug, Clone)]
struct DiagnosisFact {
    start: NaiveDate,
    outcome: Outcome,
    suspected: bool,
}

#[derive(Debug, Clone)]
struct DispensingFact {
    prescribed: Option<NaiveDate>,
    dispensed: Option<NaiveDate>,
    quantity: u32,
    internal: bool,
    drug_points: i64,
    points: i64,
    drugs: Vec<u32>,
}

/// What the cross-receipt checks keep of one receipt.
#[derive(Debug, Clone)]
struct Facts {
    r: ReceiptRef,
    person: u64,
    branch: ClaimBranch,
    setting: Setting,
    admission: Option<NaiveDate>,
    discharge: Option<NaiveDate>,
    points: i64,
    days: DaySet,
    lines: Vec<LineFact>,
    diagnoses: Vec<DiagnosisFact>,
    prescriber: Option<Arc<str>>,
    dispensings: Vec<DispensingFact>,
}

impl Facts {
    fn date(&self, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.r.month.year(), self.r.month.month(), day)
    }

    /// Days (with counts) of the lines whose code is in `codes`.
    fn days_with(&self, codes: &HashSet<u32>) -> DaySet {
        self.lines
            .iter()
            .filter(|l| codes.contains(&l.code))
            .fold(0, |s, l| s | day_set(&l.days))
    }

    /// Points of the lines on the days in `days` (each line's points × its count on those days).
    fn points_on(&self, days: DaySet) -> i64 {
        self.lines
            .iter()
            .map(|l| {
                days_of(days)
                    .map(|d| i64::from(l.days.get(d as usize - 1).copied().unwrap_or(0)))
                    .sum::<i64>()
                    * l.points
            })
            .sum()
    }

    fn usable_diagnosis(&self) -> bool {
        self.diagnoses.iter().any(|d| !d.suspected)
    }
}

/// One supply of a drug (MATCH-3): dispensed on, days, drug points a day, the receipt.
type Supply = (NaiveDate, u32, i64, usize);

/// The code families resolved: embedded lists, and the master's when given.
#[derive(Debug, Clone, Default)]
struct Families(HashMap<CodeFamily, HashSet<u32>>);

impl Families {
    fn new(masters: Option<&Masters>) -> Families {
        let all = [
            CodeFamily::FirstVisit,
            CodeFamily::Revisit,
            CodeFamily::SameDayAllowed,
            CodeFamily::PhoneRevisit,
            CodeFamily::DiseaseManagement,
            CodeFamily::DiseaseManagementClinic,
            CodeFamily::DiseaseManagementSmallHospital,
            CodeFamily::Prescription,
            CodeFamily::DrugInformation,
            CodeFamily::ExclusiveManagement,
        ];
        let mut map = HashMap::new();
        for f in all {
            let mut set: HashSet<u32> = codes::embedded(f).iter().copied().collect();
            if let Some(m) = masters.filter(|m| !m.procedures.is_empty()) {
                set.extend(m.codes_in(codes::sections(f)));
                if f == CodeFamily::ExclusiveManagement {
                    set.extend(
                        m.procedures
                            .values()
                            .filter(|e| {
                                e.section_letter == 'C'
                                    && codes::HOME_CARE_MANAGEMENT.contains(&e.section)
                            })
                            .map(|e| e.code),
                    );
                }
            }
            map.insert(f, set);
        }
        Families(map)
    }

    fn get(&self, f: CodeFamily) -> &HashSet<u32> {
        static EMPTY: std::sync::OnceLock<HashSet<u32>> = std::sync::OnceLock::new();
        self.0
            .get(&f)
            .unwrap_or_else(|| EMPTY.get_or_init(HashSet::new))
    }
}

/// Runs the checks over receipts one at a time (single-receipt checks at once, a compact record
/// of each receipt for the rest), then [`Reviewer::finish`] runs the 縦覧 and 突合 checks.
#[derive(Debug)]
pub struct Reviewer {
    options: ReviewOptions,
    masters: Option<Masters>,
    families: Families,
    facts: Vec<Facts>,
    candidates: Vec<Candidate>,
    notices: BTreeMap<Check, String>,
}

fn person_key(r: &Receipt) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    match &r.insurance {
        Some(ins) => {
            ins.insurer.as_str().hash(&mut h);
            ins.symbol.as_ref().map(|s| s.as_str()).hash(&mut h);
            ins.number.as_ref().map(|s| s.as_str()).hash(&mut h);
        }
        None => {
            if let Some(k) = r.public_funds.first() {
                k.payer.as_str().hash(&mut h);
                k.recipient.as_ref().map(|x| x.as_str()).hash(&mut h);
            }
        }
    }
    match r.branch_number() {
        Some(b) => b.as_str().hash(&mut h),
        None => {
            r.patient.birth_date.hash(&mut h);
            r.patient.sex.code().hash(&mut h);
        }
    }
    h.finish()
}

fn receipt_ref(file: &Arc<str>, r: &Receipt) -> ReceiptRef {
    ReceiptRef {
        file: file.clone(),
        line: r.position.line,
        index: r.position.index,
        institution: r.institution_recorded.clone(),
        month: r.service_month,
        layout: r.layout(),
        management_number: r.management_number().map(str::to_owned),
        search_number: r.search_number().map(str::to_owned),
    }
}

/// The day one month after `d` (LONG-2): the same day of the next month, or, when the next
/// month has no such day, its last day.
fn one_month_after(d: NaiveDate) -> NaiveDate {
    let next = YearMonth::of(d).next();
    NaiveDate::from_ymd_opt(next.year(), next.month(), d.day()).unwrap_or(next.last_day())
}

impl Reviewer {
    /// A reviewer with `options`, and the payment fund's masters when the user supplied them.
    pub fn new(options: ReviewOptions, masters: Option<Masters>) -> Reviewer {
        let masters = masters.filter(|m| !m.is_empty());
        let families = Families::new(masters.as_ref());
        let mut notices = BTreeMap::new();
        let procedures = masters.as_ref().is_some_and(|m| !m.procedures.is_empty());
        let diseases = masters.as_ref().is_some_and(|m| !m.diseases.is_empty());
        for c in Check::ALL {
            if c.needs() == Needs::Master {
                let missing = match c {
                    Check::DiagnosisValidity => (!diseases).then_some("傷病名マスター"),
                    Check::AbolishedCode => (!procedures
                        && !diseases
                        && masters.as_ref().is_none_or(|m| m.drugs.is_empty()))
                    .then_some("医科診療行為・医薬品・傷病名マスター"),
                    _ => (!procedures).then_some("医科診療行為マスター"),
                };
                if let Some(m) = missing {
                    notices.insert(
                        c,
                        format!("{m}が与えられていないため実施していません (skipped: the payment fund's master file is needed)"),
                    );
                }
            }
        }
        if !diseases {
            notices.insert(
                Check::InjuryInquiry,
                "傷病名マスターがないため、コード化された傷病名は外傷か判定できず、未コード化傷病名の語句（骨折・打撲・捻挫など）のみで判定しています (coded diagnoses need the 傷病名マスター's ICD-10; only uncoded names were searched for injury words)".to_owned(),
            );
        }
        notices.insert(
            Check::DiseaseManagementTiming,
            "休日の暦がないため、初診から１月後の日より前でも、その差が休日の猶予日数以内の特定疾患療養管理料は挙げていません (no holiday calendar: a 特定疾患療養管理料 within the holiday slack of the one-month day is not listed)".to_owned(),
        );
        Reviewer {
            options,
            masters,
            families,
            facts: Vec::new(),
            candidates: Vec::new(),
            notices,
        }
    }

    fn push(&mut self, check: Check, refs: Vec<ReceiptRef>, points: i64, ja: String, en: String) {
        self.candidates.push(Candidate {
            check,
            reason_ja: ja,
            reason_en: en,
            receipts: refs,
            points: Points::new(points.max(0)),
        });
    }

    /// Reviews one receipt of file `file` (the receipt as paid, when the fund corrected it).
    pub fn add(&mut self, file: &Arc<str>, r: &Receipt) {
        let facts = self.facts_of(file, r);
        self.single(r, &facts);
        self.facts.push(facts);
    }

    fn facts_of(&self, file: &Arc<str>, r: &Receipt) -> Facts {
        let mut lines: Vec<LineFact> = r
            .items
            .iter()
            .map(|i| LineFact {
                code: i.code,
                kind: i.kind,
                service_class: i.service_class,
                points: i.points.map_or(0, Points::get),
                times: i.times,
                days: i.days,
            })
            .collect();
        if let Some(d) = &r.details.dental {
            for l in &d.body {
                let v = l.view();
                lines.push(LineFact {
                    code: v
                        .code
                        .value()
                        .and_then(|c| u32::try_from(c).ok())
                        .unwrap_or(0),
                    kind: if v.record == "IY" {
                        ItemKind::Drug
                    } else {
                        ItemKind::Procedure
                    },
                    service_class: 0,
                    points: v.points.unwrap_or(0),
                    times: v.times,
                    days: v.days.map_or([0; 31], |d| d.0),
                });
            }
        }
        let mut diagnoses: Vec<DiagnosisFact> = r
            .diagnoses
            .iter()
            .map(|d| DiagnosisFact {
                start: d.start,
                outcome: d.outcome,
                suspected: d
                    .modifiers
                    .as_bytes()
                    .chunks(4)
                    .any(|m| m == codes::SUSPECTED_MODIFIER.as_bytes())
                    || d.name.as_deref().is_some_and(|n| n.ends_with("の疑い")),
            })
            .collect();
        if let Some(d) = &r.details.dental {
            let start = d.start_date.unwrap_or(r.service_month.first_day());
            for hs in &d.diagnoses {
                diagnoses.push(DiagnosisFact {
                    start: hs.start.unwrap_or(start),
                    outcome: hs
                        .outcome
                        .or(d.outcome)
                        .and_then(|o| Outcome::from_code(u64::from(o)))
                        .unwrap_or(Outcome::Continuing),
                    suspected: hs.modifiers.as_ref().is_some_and(|m| {
                        m.as_str()
                            .as_bytes()
                            .chunks(4)
                            .any(|c| c == codes::SUSPECTED_MODIFIER.as_bytes())
                    }),
                });
            }
        }
        let mut dispensings = Vec::new();
        if let Some(p) = &r.details.pharmacy {
            let mut internal = false;
            let mut current: Option<usize> = None;
            for line in &p.body {
                match line {
                    PharmacyLine::Prescription(sh) => {
                        internal = sh.form.as_str() == "1";
                        current = None;
                    }
                    PharmacyLine::Dispensing(cz) => {
                        let quantity = cz.quantity.unwrap_or(0);
                        let drug = cz.drug_points.unwrap_or(0);
                        dispensings.push(DispensingFact {
                            prescribed: cz.prescribed,
                            dispensed: cz.dispensed,
                            quantity,
                            internal,
                            drug_points: drug,
                            points: cz.fee_points.unwrap_or(0)
                                + drug * i64::from(quantity)
                                + cz.additions.iter().filter_map(|a| a.points).sum::<i64>(),
                            drugs: Vec::new(),
                        });
                        current = Some(dispensings.len() - 1);
                    }
                    PharmacyLine::Drug(iy) => {
                        if let Some(d) = current.and_then(|i| dispensings.get_mut(i)) {
                            if let Some(c) = iy.code.value().and_then(|c| u32::try_from(c).ok()) {
                                d.drugs.push(c);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        Facts {
            r: receipt_ref(file, r),
            person: person_key(r),
            branch: r.branch(),
            setting: r.kind.setting(),
            admission: r.admission_date,
            discharge: r
                .details
                .dpc
                .as_ref()
                .and_then(|d| d.groups.iter().filter_map(|g| g.discharged).max()),
            points: r.total_points().get(),
            days: r.service_days().into_iter().fold(0, |s, d| {
                if (1..=31).contains(&d) {
                    s | (1 << (d - 1))
                } else {
                    s
                }
            }),
            lines,
            diagnoses,
            prescriber: r
                .details
                .pharmacy
                .as_ref()
                .map(|p| Arc::from(p.prescriber_recorded.as_str())),
            dispensings,
        }
    }

    /// The checks of one receipt.
    fn single(&mut self, r: &Receipt, f: &Facts) {
        let one = || vec![f.r.clone()];
        // ELIG-6.
        if let Some(code) = r
            .insurance
            .as_ref()
            .and_then(|h| h.occupational)
            .filter(|c| (1..=3).contains(c))
        {
            self.push(
                Check::WorkInjury,
                one(),
                f.points,
                format!("職務上の事由（{code}）が記録されています：業務上・通勤災害は健康保険の給付対象外です（健康保険法第1条）"),
                format!("職務上の事由 {code} is recorded: work and commuting injuries are outside health insurance (健康保険法 第1条)"),
            );
        }
        // INJ-1.
        let third_party = r
            .special_notes
            .as_bytes()
            .chunks(2)
            .any(|c| c == codes::THIRD_PARTY_NOTE.as_bytes());
        if !third_party {
            let diseases = self.masters.as_ref().map(|m| &m.diseases);
            let injury = r.diagnoses.iter().find(|d| {
                r.service_month.contains(d.start)
                    && if d.code == UNCODED_DIAGNOSIS {
                        d.name
                            .as_deref()
                            .is_some_and(|n| codes::INJURY_WORDS.iter().any(|w| n.contains(w)))
                    } else {
                        diseases
                            .and_then(|m| m.get(&d.code))
                            .is_some_and(|e| e.icd10.starts_with('S') || e.icd10.starts_with('T'))
                    }
            });
            if let Some(d) = injury {
                self.push(
                    Check::InjuryInquiry,
                    one(),
                    f.points,
                    format!("{}開始の外傷の傷病名があり、第三者行為の記載がありません：負傷原因の照会候補", d.start),
                    format!("an injury diagnosis starting {} and no third-party act declared: ask how it happened", d.start),
                );
            }
        }
        // SGL-1: 回数 against the day counts (treatment from 2012-04), then the points total.
        if r.service_month >= YearMonth::new(2012, 4).unwrap_or(r.service_month) {
            for l in f.lines.iter().filter(|l| l.kind != ItemKind::Comment) {
                let sum: u32 = l.days.iter().map(|d| u32::from(*d)).sum();
                if sum != 0 && sum != u32::from(l.times) {
                    let diff = i64::from(l.times) - i64::from(sum);
                    self.push(
                        Check::Arithmetic,
                        one(),
                        diff.abs() * l.points,
                        format!(
                            "コード{:09}の回数{}が算定日の合計{}と一致しません",
                            l.code, l.times, sum
                        ),
                        format!(
                            "code {:09}: 回数 {} against {} in the day fields",
                            l.code, l.times, sum
                        ),
                    );
                }
            }
        }
        if r.public_funds.is_empty()
            && matches!(r.layout(), ReceiptLayout::Medical | ReceiptLayout::Dental)
        {
            if let Some(h) = &r.insurance {
                let sum: i64 = f.lines.iter().map(|l| l.points * i64::from(l.times)).sum();
                if !f.lines.is_empty() && sum != h.points.get() {
                    self.push(
                        Check::Arithmetic,
                        one(),
                        (h.points.get() - sum).abs(),
                        format!(
                            "明細の点数の合計{}点が保険者レコードの合計点数{}点と一致しません",
                            sum,
                            h.points.get()
                        ),
                        format!(
                            "the lines total {} points, HO 合計点数 {}",
                            sum,
                            h.points.get()
                        ),
                    );
                }
            }
        }
        let first = self.families.get(CodeFamily::FirstVisit).clone();
        let revisit = self.families.get(CodeFamily::Revisit).clone();
        let allowed = self.families.get(CodeFamily::SameDayAllowed).clone();
        // SGL-2.
        let strict_first: HashSet<u32> = first.difference(&allowed).copied().collect();
        let strict_revisit: HashSet<u32> = revisit.difference(&allowed).copied().collect();
        let both = f.days_with(&strict_first) & f.days_with(&strict_revisit);
        if both != 0 {
            let stake: i64 = f
                .lines
                .iter()
                .filter(|l| strict_revisit.contains(&l.code))
                .map(|l| {
                    days_of(both)
                        .map(|d| i64::from(l.days[d as usize - 1]))
                        .sum::<i64>()
                        * l.points
                })
                .sum();
            let days: Vec<String> = days_of(both).map(|d| d.to_string()).collect();
            self.push(
                Check::FirstVisitAndRevisit,
                one(),
                stake,
                format!(
                    "同じ日（{}日）に初診料と再診料が算定されています",
                    days.join("・")
                ),
                format!("初診料 and 再診料 on the same day ({})", days.join(", ")),
            );
        }
        // SGL-3.
        let visits: HashSet<u32> = first
            .union(&revisit)
            .copied()
            .filter(|c| !self.families.get(CodeFamily::PhoneRevisit).contains(c))
            .collect();
        let visit_count: u32 = f
            .lines
            .iter()
            .filter(|l| visits.contains(&l.code))
            .map(|l| u32::from(l.times))
            .sum();
        if let Some(h) = &r.insurance {
            let jd_days = r
                .visit_days
                .first()
                .map(|j| j.days.iter().filter(|d| **d == 1).count() as u32);
            let limit = jd_days.map_or(u32::from(h.days), |j| j.min(u32::from(h.days)));
            if visit_count > limit && limit > 0 {
                let per = f
                    .lines
                    .iter()
                    .find(|l| visits.contains(&l.code))
                    .map_or(0, |l| l.points);
                self.push(
                    Check::VisitsAboveDays,
                    one(),
                    i64::from(visit_count - limit) * per,
                    format!(
                        "初診・再診の回数{visit_count}が診療実日数（受診日）{limit}を超えています"
                    ),
                    format!("{visit_count} visit fees against {limit} days of treatment"),
                );
            }
        }
        // SGL-4.
        if let Some(beds) = r.details.beds {
            let dm = self.families.get(CodeFamily::DiseaseManagement);
            let clinic = self.families.get(CodeFamily::DiseaseManagementClinic);
            let small = self
                .families
                .get(CodeFamily::DiseaseManagementSmallHospital);
            let hit = f.lines.iter().find(|l| {
                dm.contains(&l.code)
                    && (beds >= 200
                        || (clinic.contains(&l.code) && beds >= 20)
                        || (small.contains(&l.code) && beds >= 100))
            });
            if let Some(l) = hit {
                self.push(
                    Check::DiseaseManagementBeds,
                    one(),
                    l.points * i64::from(l.times),
                    format!("病床数{beds}の医療機関で特定疾患療養管理料（{:09}）が算定されています（200床以上は算定不可、区分は規模による）", l.code),
                    format!("特定疾患療養管理料 {:09} at an institution of {beds} beds (none at 200 or more; the variant follows the size)", l.code),
                );
            }
        }
        // LONG-2 (within the month): more than twice, or with 電話等再診 the same day.
        let dm = self.families.get(CodeFamily::DiseaseManagement).clone();
        let dm_times: u32 = f
            .lines
            .iter()
            .filter(|l| dm.contains(&l.code))
            .map(|l| u32::from(l.times))
            .sum();
        let phone = f.days_with(self.families.get(CodeFamily::PhoneRevisit));
        let dm_days = f.days_with(&dm);
        if dm_times > 2 || dm_days & phone != 0 {
            let per = f
                .lines
                .iter()
                .find(|l| dm.contains(&l.code))
                .map_or(0, |l| l.points);
            let (ja, en, stake) = if dm_times > 2 {
                (
                    format!("特定疾患療養管理料が月{dm_times}回算定されています（月2回まで）"),
                    format!("特定疾患療養管理料 {dm_times} times in the month (at most twice)"),
                    i64::from(dm_times - 2) * per,
                )
            } else {
                (
                    "特定疾患療養管理料が電話等再診と同じ日に算定されています".to_owned(),
                    "特定疾患療養管理料 on a day of 電話等再診".to_owned(),
                    per,
                )
            };
            self.push(Check::DiseaseManagementTiming, one(), stake, ja, en);
        }
        // SGL-7.
        let carried = r.diagnoses.iter().find(|d| {
            d.outcome == Outcome::Continuing
                && (d
                    .modifiers
                    .as_bytes()
                    .chunks(4)
                    .any(|m| m == codes::SUSPECTED_MODIFIER.as_bytes())
                    || d.name.as_deref().is_some_and(|n| n.ends_with("の疑い")))
                && YearMonth::of(d.start).months_until(r.service_month)
                    >= self.options.suspected_months as i32
        });
        if let Some(d) = carried {
            self.push(
                Check::SuspectedCarried,
                one(),
                0,
                format!(
                    "{}開始の「疑い」病名が{}か月以上続いています",
                    d.start, self.options.suspected_months
                ),
                format!(
                    "a suspected diagnosis from {} carried for {} months or more",
                    d.start, self.options.suspected_months
                ),
            );
        }
        if self.masters.is_some() {
            self.master_checks(r, f);
        }
    }

    fn master_checks(&mut self, r: &Receipt, f: &Facts) {
        let Some(m) = self.masters.take() else { return };
        let one = || vec![f.r.clone()];
        let first_day = r.service_month.first_day();
        // SGL-5: the exclusive group.
        let excl = self.families.get(CodeFamily::ExclusiveManagement);
        let mut sections: BTreeMap<(char, u16, u16), i64> = BTreeMap::new();
        for l in f.lines.iter().filter(|l| excl.contains(&l.code)) {
            if let Some(e) = m.procedures.get(&l.code) {
                *sections
                    .entry((e.section_letter, e.section, e.section_item))
                    .or_default() += l.points * i64::from(l.times);
            }
        }
        if sections.len() >= 2 {
            let total: i64 = sections.values().sum();
            let most = sections.values().copied().max().unwrap_or(0);
            let names: Vec<String> = sections
                .keys()
                .map(|(l, s, i)| {
                    format!(
                        "{l}{s:03}{}",
                        if *i > 0 {
                            format!("-{i}")
                        } else {
                            String::new()
                        }
                    )
                })
                .collect();
            self.push(
                Check::ExclusiveManagement,
                one(),
                total - most,
                format!(
                    "同一月に併算定できない指導管理料（{}）が算定されています（特掲診療料通則1）",
                    names.join("・")
                ),
                format!(
                    "指導管理料 that one month does not take together ({})",
                    names.join(", ")
                ),
            );
        }
        // SGL-6.
        let info = self.families.get(CodeFamily::DrugInformation);
        let presc = self.families.get(CodeFamily::Prescription);
        if let Some(l) = f.lines.iter().find(|l| info.contains(&l.code)) {
            let in_house = f
                .lines
                .iter()
                .any(|x| x.kind == ItemKind::Drug && (21..=23).contains(&x.service_class));
            if !in_house && f.lines.iter().any(|x| presc.contains(&x.code)) {
                self.push(
                    Check::DrugInformationWithoutDrugs,
                    one(),
                    l.points * i64::from(l.times),
                    "院内投薬がなく処方箋料のみの月に薬剤情報提供料が算定されています".to_owned(),
                    "薬剤情報提供料 with an outside prescription only".to_owned(),
                );
            }
        }
        // M-11, M-12, M-13, validity of procedure codes.
        let birth = r.patient.birth_date;
        let hd = r.insurance.as_ref().map(|h| u32::from(h.days));
        let mut counted: BTreeMap<u32, u32> = BTreeMap::new();
        for l in &f.lines {
            *counted.entry(l.code).or_default() += u32::from(l.times);
        }
        for (i, l) in f.lines.iter().enumerate() {
            let Some(e) = m.procedures.get(&l.code) else {
                if let Some(d) = m
                    .drugs
                    .get(&l.code)
                    .and_then(|d| d.abolished)
                    .filter(|d| *d < first_day)
                {
                    self.push(
                        Check::AbolishedCode,
                        one(),
                        l.points * i64::from(l.times),
                        format!("医薬品コード{:09}は{}に廃止されています", l.code, d),
                        format!("drug code {:09} was abolished on {}", l.code, d),
                    );
                }
                continue;
            };
            let stake = l.points * i64::from(l.times);
            if let Some(d) = e.abolished.filter(|d| *d < first_day) {
                self.push(
                    Check::AbolishedCode,
                    one(),
                    stake,
                    format!("診療行為コード{:09}は{}に廃止されています", l.code, d),
                    format!("procedure code {:09} was abolished on {}", l.code, d),
                );
            }
            if e.addition_group != 0 && e.addition_seq != '0' {
                let base = f.lines.iter().any(|x| {
                    m.procedures.get(&x.code).is_some_and(|b| {
                        b.addition_group == e.addition_group && b.addition_seq == '0'
                    })
                });
                if !base {
                    self.push(
                        Check::AdditionWithoutBase,
                        one(),
                        stake,
                        format!("注加算（{:09}）の基本項目がありません", l.code),
                        format!("addition {:09} without its base item", l.code),
                    );
                }
            }
            let dates: Vec<NaiveDate> = if l.days.iter().any(|d| *d != 0) {
                days_of(day_set(&l.days))
                    .filter_map(|d| f.date(d))
                    .collect()
            } else {
                vec![first_day]
            };
            let too_young = e
                .min_age
                .reached_on(birth)
                .is_some_and(|from| dates.iter().all(|d| *d < from));
            let too_old = e
                .max_age
                .reached_on(birth)
                .is_some_and(|until| dates.iter().all(|d| *d >= until));
            if too_young || too_old {
                self.push(
                    Check::AgeRange,
                    one(),
                    stake,
                    format!(
                        "{:09}（{}）は年齢条件（下限{}・上限{}）に合いません",
                        l.code, e.name, e.min_age, e.max_age
                    ),
                    format!(
                        "{:09} outside its age range (from {}, below {})",
                        l.code, e.min_age, e.max_age
                    ),
                );
            }
            if e.days_check == 1 {
                if let Some(days) = hd {
                    let n = counted.get(&l.code).copied().unwrap_or(0);
                    let first_of_code = f.lines.iter().position(|x| x.code == l.code) == Some(i);
                    if n > days && first_of_code {
                        self.push(
                            Check::CountAboveDays,
                            one(),
                            i64::from(n - days) * l.points,
                            format!("{:09}の回数{}が診療実日数{}を超えています", l.code, n, days),
                            format!(
                                "{:09} counted {} times against {} days of treatment",
                                l.code, n, days
                            ),
                        );
                    }
                }
            }
        }
        // M-14 and validity of diagnoses.
        if !m.diseases.is_empty() {
            for d in &r.diagnoses {
                if d.code == UNCODED_DIAGNOSIS {
                    continue;
                }
                let Some(e) = m.diseases.get(&d.code) else {
                    continue;
                };
                if let Some(a) = e.abolished.filter(|a| *a < first_day) {
                    self.push(
                        Check::AbolishedCode,
                        one(),
                        0,
                        format!("傷病名コード{:07}は{}に廃止されています", d.code, a),
                        format!("diagnosis code {:07} was abolished on {}", d.code, a),
                    );
                }
                if e.needs_modifier && d.modifiers.is_empty() {
                    self.push(
                        Check::DiagnosisValidity,
                        one(),
                        0,
                        format!(
                            "傷病名コード{:07}は修飾語なしでは使えません（単独使用禁止）",
                            d.code
                        ),
                        format!("diagnosis {:07} may not be used without a modifier", d.code),
                    );
                }
                if e.not_billable {
                    self.push(
                        Check::DiagnosisValidity,
                        one(),
                        0,
                        format!("傷病名コード{:07}は保険請求の対象外です", d.code),
                        format!("diagnosis {:07} is not billable to insurance", d.code),
                    );
                }
            }
            let b000: Vec<&LineFact> = f
                .lines
                .iter()
                .filter(|l| {
                    m.procedures
                        .get(&l.code)
                        .is_some_and(|e| e.disease_related == 5)
                })
                .collect();
            if !b000.is_empty() {
                let mains: Vec<_> = if r.diagnoses.iter().any(|d| d.main) {
                    r.diagnoses.iter().filter(|d| d.main).collect()
                } else {
                    r.diagnoses.iter().collect()
                };
                let specified = mains.iter().any(|d| {
                    m.diseases
                        .get(&d.code)
                        .is_some_and(|e| matches!(e.specified, 5 | 8))
                });
                if !specified {
                    let stake: i64 = b000.iter().map(|l| l.points * i64::from(l.times)).sum();
                    self.push(Check::DiagnosisValidity, one(), stake,
                        "特定疾患療養管理料の主病が特定疾患（傷病名マスターの特定疾患等対象区分05）ではありません".to_owned(),
                        "特定疾患療養管理料 without a main disease of 特定疾患等対象区分 05".to_owned());
                }
            }
        }
        self.masters = Some(m);
    }

    /// Runs the 縦覧 and 突合 checks and returns every candidate.
    pub fn finish(mut self) -> ReviewOutcome {
        let receipts = self.facts.len() as u64;
        self.longitudinal();
        self.matching();
        let mut candidates = std::mem::take(&mut self.candidates);
        candidates.sort_by(|a, b| {
            let key = |c: &Candidate| c.receipts.first().map(|r| (r.file.clone(), r.index));
            (a.check, key(a)).cmp(&(b.check, key(b)))
        });
        ReviewOutcome {
            candidates,
            notices: self
                .notices
                .into_iter()
                .map(|(check, text)| Notice { check, text })
                .collect(),
            receipts,
        }
    }

    fn longitudinal(&mut self) {
        let first: HashSet<u32> = self
            .families
            .get(CodeFamily::FirstVisit)
            .difference(self.families.get(CodeFamily::SameDayAllowed))
            .copied()
            .collect();
        let dm = self.families.get(CodeFamily::DiseaseManagement).clone();
        // By person and institution, in month order.
        let mut by_place: BTreeMap<(u64, Arc<str>), Vec<usize>> = BTreeMap::new();
        for (i, f) in self.facts.iter().enumerate() {
            if f.branch != ClaimBranch::Pharmacy {
                by_place
                    .entry((f.person, f.r.institution.clone()))
                    .or_default()
                    .push(i);
            }
        }
        let mut out = Vec::new();
        for list in by_place.values_mut() {
            list.sort_by_key(|&i| (self.facts[i].r.month, self.facts[i].r.index));
            for (k, &i) in list.iter().enumerate() {
                let f = &self.facts[i];
                let earlier: Vec<&Facts> = list[..k]
                    .iter()
                    .map(|&j| &self.facts[j])
                    .filter(|e| e.r.month < f.r.month)
                    .collect();
                // LONG-1.
                if let Some(day) = days_of(f.days_with(&first)).next() {
                    if let Some(d) = f.date(day) {
                        let here = f
                            .diagnoses
                            .iter()
                            .filter(|x| x.outcome == Outcome::Continuing && x.start < d)
                            .map(|x| x.start)
                            .max();
                        let before = earlier.last().filter(|e| {
                            e.diagnoses.iter().any(|x| x.outcome == Outcome::Continuing)
                        });
                        let last_visit = earlier
                            .iter()
                            .filter_map(|e| days_of(e.days).last().and_then(|dd| e.date(dd)))
                            .chain(
                                days_of(f.days)
                                    .filter(|x| *x < day)
                                    .filter_map(|x| f.date(x)),
                            )
                            .chain(here)
                            .max();
                        if (here.is_some() || before.is_some())
                            && last_visit.is_some_and(|v| d < one_month_after(v))
                        {
                            let l = f.lines.iter().find(|l| first.contains(&l.code));
                            let mut refs = vec![f.r.clone()];
                            refs.extend(before.map(|e| e.r.clone()));
                            out.push((Check::FirstVisitAgain, refs, l.map_or(0, |l| l.points),
                                format!("継続中の傷病があり、前回受診から１月未満の{d}に初診料が算定されています"),
                                format!("初診料 on {d}, within a month of the last visit, while a disease is still treated")));
                        }
                    }
                }
                // LONG-2 (against 初診 in this or an earlier month).
                if let Some(day) = days_of(f.days_with(&dm)).next() {
                    if let Some(d2) = f.date(day) {
                        let d1 = days_of(f.days_with(&first))
                            .filter(|x| *x < day)
                            .filter_map(|x| f.date(x))
                            .last()
                            .or_else(|| {
                                earlier.iter().rev().find_map(|e| {
                                    days_of(e.days_with(&first))
                                        .filter_map(|x| e.date(x))
                                        .last()
                                })
                            });
                        if let Some(d1) = d1 {
                            let allowed = one_month_after(d1);
                            if d2 + Days::new(u64::from(self.options.holiday_slack_days)) < allowed
                            {
                                let l = f.lines.iter().find(|l| dm.contains(&l.code));
                                out.push((Check::DiseaseManagementTiming, vec![f.r.clone()], l.map_or(0, |l| l.points),
                                    format!("初診（{d1}）から１月を経過する前の{d2}に特定疾患療養管理料が算定されています"),
                                    format!("特定疾患療養管理料 on {d2}, before one month after 初診 on {d1}")));
                            }
                        }
                    }
                }
            }
            // LONG-3: outpatient days inside an admission, same institution and month.
            for &i in list.iter() {
                let inpatient = &self.facts[i];
                let (Some(adm), Setting::Inpatient) = (inpatient.admission, inpatient.setting)
                else {
                    continue;
                };
                let Some(last) = days_of(inpatient.days)
                    .last()
                    .and_then(|d| inpatient.date(d))
                else {
                    continue;
                };
                let last = inpatient.discharge.map_or(last, |dis| dis.min(last));
                for &j in list.iter() {
                    let o = &self.facts[j];
                    if o.setting != Setting::Outpatient || o.r.month != inpatient.r.month {
                        continue;
                    }
                    let inside: DaySet = days_of(o.days)
                        .filter(|d| o.date(*d).is_some_and(|x| x > adm && x <= last))
                        .fold(0, |s, d| s | 1 << (d - 1));
                    if inside != 0 {
                        let days: Vec<String> = days_of(inside).map(|d| d.to_string()).collect();
                        out.push((Check::OutpatientDuringAdmission, vec![o.r.clone(), inpatient.r.clone()], o.points_on(inside),
                            format!("同じ医療機関の入院期間中（{adm}入院）の{}日に入院外の算定があります", days.join("・")),
                            format!("outpatient items on day(s) {} of an admission from {adm} at the same institution", days.join(", "))));
                    }
                }
            }
        }
        // LONG-4 and LONG-5: by person and month across institutions.
        let mut by_month: BTreeMap<(u64, YearMonth), Vec<usize>> = BTreeMap::new();
        for (i, f) in self.facts.iter().enumerate() {
            by_month.entry((f.person, f.r.month)).or_default().push(i);
        }
        for list in by_month.values() {
            for &i in list {
                let a = &self.facts[i];
                let (Some(adm), Setting::Inpatient) = (a.admission, a.setting) else {
                    continue;
                };
                let Some(last) = days_of(a.days).last().and_then(|d| a.date(d)) else {
                    continue;
                };
                for &j in list {
                    let b = &self.facts[j];
                    if b.r.institution == a.r.institution
                        || b.setting != Setting::Outpatient
                        || b.branch == ClaimBranch::Pharmacy
                    {
                        continue;
                    }
                    let inside: DaySet = days_of(b.days)
                        .filter(|d| b.date(*d).is_some_and(|x| x > adm && x < last))
                        .fold(0, |s, d| s | 1 << (d - 1));
                    if inside != 0 {
                        let days: Vec<String> = days_of(inside).map(|d| d.to_string()).collect();
                        out.push((Check::OutpatientElsewhereWhileInpatient, vec![b.r.clone(), a.r.clone()], b.points_on(inside),
                            format!("他の医療機関に入院中（{adm}入院）の{}日に入院外の受診があります", days.join("・")),
                            format!("an outpatient visit on day(s) {} while an inpatient elsewhere (admitted {adm})", days.join(", "))));
                    }
                }
            }
            // LONG-5: institutions, each pharmacy under its prescriber.
            let institutions: BTreeSet<&Arc<str>> = list
                .iter()
                .map(|&i| {
                    let f = &self.facts[i];
                    f.prescriber
                        .as_ref()
                        .filter(|p| !p.is_empty())
                        .unwrap_or(&f.r.institution)
                })
                .collect();
            if institutions.len() >= self.options.many_institutions.max(2) {
                let refs: Vec<ReceiptRef> = list.iter().map(|&i| self.facts[i].r.clone()).collect();
                let n = institutions.len();
                out.push((
                    Check::ManyInstitutions,
                    refs,
                    0,
                    format!("同じ月に{n}医療機関を受診しています（重複・頻回受診）"),
                    format!("{n} institutions in one month"),
                ));
            }
        }
        for (check, refs, points, ja, en) in out {
            self.push(check, refs, points, ja, en);
        }
    }

    fn matching(&mut self) {
        let presc = self.families.get(CodeFamily::Prescription).clone();
        // Prescriber receipts by person, institution and month.
        let mut prescribers: HashMap<(u64, Arc<str>, YearMonth), Vec<usize>> = HashMap::new();
        for (i, f) in self.facts.iter().enumerate() {
            if f.branch != ClaimBranch::Pharmacy {
                prescribers
                    .entry((f.person, f.r.institution.clone(), f.r.month))
                    .or_default()
                    .push(i);
            }
        }
        let mut out = Vec::new();
        // MATCH-3 supplies, by person and drug.
        let mut supplies: BTreeMap<(u64, u32), Vec<Supply>> = BTreeMap::new();
        for (i, p) in self.facts.iter().enumerate() {
            if p.branch != ClaimBranch::Pharmacy {
                continue;
            }
            for d in &p.dispensings {
                if let (true, Some(day)) = (d.internal && d.quantity > 0, d.dispensed) {
                    for code in &d.drugs {
                        supplies.entry((p.person, *code)).or_default().push((
                            day,
                            d.quantity,
                            d.drug_points,
                            i,
                        ));
                    }
                }
            }
            let Some(code) = p.prescriber.clone().filter(|c| !c.is_empty()) else {
                continue;
            };
            let pair: Vec<usize> = [p.r.month, p.r.month.prev()]
                .iter()
                .flat_map(|m| {
                    prescribers
                        .get(&(p.person, code.clone(), *m))
                        .cloned()
                        .unwrap_or_default()
                })
                .collect();
            if pair.is_empty() {
                out.push((
                    Check::PrescriptionPairing,
                    vec![p.r.clone()],
                    p.points,
                    "処方元の医療機関のレセプトが当月・前月にありません（処方箋の発行元を照会）"
                        .to_owned(),
                    "no receipt of the prescribing institution in this or the previous month"
                        .to_owned(),
                ));
                continue;
            }
            let refs = |p: &Facts| -> Vec<ReceiptRef> {
                std::iter::once(p.r.clone())
                    .chain(pair.iter().map(|&j| self.facts[j].r.clone()))
                    .collect()
            };
            // 処方箋の使用期間: 交付の日を含めて4日以内 (保険医療機関及び保険医療養担当規則 第20条第3号).
            for d in &p.dispensings {
                if let (Some(issued), Some(given)) = (d.prescribed, d.dispensed) {
                    if given > issued + Days::new(3) {
                        out.push((Check::PrescriptionPairing, refs(p), d.points,
                            format!("{issued}交付の処方箋が使用期間（交付日を含め4日）を過ぎた{given}に調剤されています"),
                            format!("a prescription issued {issued} dispensed on {given}, after its four days")));
                    }
                    // The prescriber billed 処方箋料 with day fields, but not on the issue day.
                    let issue_month = YearMonth::of(issued);
                    let billed: Vec<&Facts> = pair
                        .iter()
                        .map(|&j| &self.facts[j])
                        .filter(|f| f.r.month == issue_month)
                        .collect();
                    let recorded = billed.iter().any(|f| f.days_with(&presc) != 0);
                    let on_day = billed
                        .iter()
                        .any(|f| f.days_with(&presc) & (1 << (issued.day() - 1)) != 0);
                    if recorded && !on_day {
                        out.push((Check::PrescriptionPairing, refs(p), d.points,
                            format!("処方元のレセプトに{issued}の処方箋料がありません"),
                            format!("the prescriber's receipt bills no 処方箋料 on {issued}, the prescription's date")));
                    }
                }
            }
            // MATCH-2.
            if pair.iter().all(|&j| !self.facts[j].usable_diagnosis()) {
                out.push((Check::PrescriberWithoutDiagnosis, refs(p), p.points,
                    "処方元のレセプトに確定した傷病名がありません（疑い病名のみ、または傷病名なし）".to_owned(),
                    "the prescriber's receipt has no confirmed diagnosis (none, or suspected ones only)".to_owned()));
            }
        }
        // MATCH-3.
        for list in supplies.values_mut() {
            list.sort();
            let mut covered_until: Option<(NaiveDate, usize)> = None;
            for &(day, qty, drug_points, i) in list.iter() {
                if let Some((until, j)) = covered_until {
                    let ahead = (until - day).num_days();
                    if ahead > i64::from(self.options.days_supplied_tolerance) {
                        let (a, b) = (&self.facts[i], &self.facts[j]);
                        let same = a.prescriber == b.prescriber;
                        out.push((Check::DaysSuppliedAhead, vec![a.r.clone(), b.r.clone()], ahead * drug_points,
                            format!("前回の調剤分が{}日残っている{day}に同じ医薬品が調剤されています（{}）", ahead, if same { "同一処方元" } else { "複数の処方元" }),
                            format!("the same drug dispensed on {day} with {ahead} days of the earlier supply left ({})", if same { "same prescriber" } else { "several prescribers" })));
                    }
                }
                let end = day + Days::new(u64::from(qty));
                covered_until = match covered_until {
                    Some((u, j)) if u > end => Some((u, j)),
                    _ => Some((end, i)),
                };
            }
        }
        for (check, refs, points, ja, en) in out {
            self.push(check, refs, points, ja, en);
        }
    }
}
