//! The receipts stages of the monthly job: the generated receipts written in the payment fund's
//! format with the library's [`ReceiptWriter`] (Shift_JIS), read back with the streaming
//! [`ReceiptReader`], checked against the member master ([`Checker`]), and turned into the rows
//! the 高額療養費 rules take.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use kenpo_domain::age;
use kenpo_domain::calendar::YearMonth;
use kenpo_domain::checkup::lists::DiagnosisRow;
use kenpo_domain::high_cost::{
    CareSetting, CostUnit, MedicalBranch, ReceiptRow, RowKind, SpecifiedDisease,
};
use kenpo_domain::identifiers::{InsurerNumber, MemberKey};
use kenpo_domain::member::MemberMaster;
use kenpo_domain::receipt::checks::{CheckOptions, Checker};
use kenpo_domain::receipt::pharmacy::PharmacyDetail;
use kenpo_domain::receipt::units;
use kenpo_domain::receipt::{
    ClaimBranch, Diagnosis, EligibilityConfirmation, FileHeader, Finding, InsurancePart, ItemKind,
    LineItem, Outcome, Patient, PatientCategory, Points, ReadSummary, ReaderOptions, Receipt,
    ReceiptDetails, ReceiptKind, ReceiptPosition, ReceiptReader, ReceiptWriter, RecordKind, Rule,
    Setting, VisitDays,
};
use kenpo_domain::Yen;

use super::progress::Progress;
use super::society::{DemoSociety, InstitutionKind, PlannedReceipt};
use crate::error::CliError;

/// The file name of the month's receipts in the output folder (the fund's file is RECEIPTC.UKE).
pub const RECEIPT_FILE: &str = "RECEIPTC.UKE";

/// レセプト特記事項 「02 長」: 特定疾病療養受療証 (the 10,000-yen window limit), written on the
/// dialysis receipts; which disease it is comes from the society's certificate
/// ([`read_and_check`]'s `certificates`).
pub const SPECIAL_NOTE_LONG_TERM: &str = "02";

/// The receipts of the month as checked.
#[derive(Debug, Clone, Serialize)]
pub struct ReceiptsResult {
    /// The file written and read.
    pub file: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// What the reader accounted for.
    pub summary: ReadSummary,
    /// Every finding (file-level findings included).
    pub findings: Vec<Finding>,
    /// Findings by rule id.
    pub by_rule: BTreeMap<&'static str, usize>,
    /// For each parsed receipt, its one-based index in the file and the member key it names
    /// (記号・番号 of HO, 枝番 of SN).
    #[serde(skip)]
    pub keys: BTreeMap<u64, MemberKey>,
    /// The 高額療養費 units of the receipts the checks let through (no C1/C2 finding), built by
    /// the receipts module ([`units::cost_units`]).
    #[serde(skip)]
    pub units: Vec<CostUnit>,
    /// Receipts the unit builder skipped or joined with a caveat.
    pub unit_notes: usize,
    /// The diagnoses (SY) of every parsed receipt, for the F5 list.
    #[serde(skip)]
    pub diagnoses: Vec<DiagnosisRow>,
    /// The same receipts one row each (a pharmacy on its own line), for the 医療費通知.
    #[serde(skip)]
    pub rows: Vec<ReceiptRow>,
}

impl ReceiptsResult {
    /// The patients with a finding of `rule`, by the receipt's position.
    pub fn persons_with(&self, rule: Rule) -> std::collections::BTreeSet<MemberKey> {
        self.findings
            .iter()
            .filter(|f| f.rule == rule)
            .filter_map(|f| f.position)
            .filter_map(|p| self.patient_at(p))
            .cloned()
            .collect()
    }

    /// The member key the receipt at `position` names.
    pub fn patient_at(&self, position: ReceiptPosition) -> Option<&MemberKey> {
        self.keys.get(&position.index)
    }
}

fn demo_err(step: &'static str) -> impl Fn(String) -> CliError {
    move |m| CliError::demo(step, m)
}

/// The receipt kind (レセプト種別) for a planned receipt: branch, 健保単独, the patient category
/// by age and relation, inpatient or outpatient (記録条件仕様 別表 レセプト種別コード).
fn kind_of(branch: u8, category: PatientCategory, inpatient: bool) -> Option<ReceiptKind> {
    let last = match (category, inpatient) {
        (PatientCategory::Insured, true) => 1,
        (PatientCategory::Insured, false) => 2,
        (PatientCategory::Preschool, true) => 3,
        (PatientCategory::Preschool, false) => 4,
        (PatientCategory::Dependent, true) => 5,
        (PatientCategory::Dependent, false) => 6,
        (PatientCategory::Elderly70General, true) => 7,
        (PatientCategory::Elderly70General, false) => 8,
        (PatientCategory::Elderly70Working, true) => 9,
        (PatientCategory::Elderly70Working, false) => 0,
        _ => return None,
    };
    ReceiptKind::from_code(&format!("{branch}11{last}")).ok()
}

struct Built {
    receipt: Receipt,
    header: FileHeader,
}

fn day_marks(days: &[u32]) -> [u8; 31] {
    let mut marks = [0u8; 31];
    for d in days {
        if let Some(slot) = usize::try_from(*d)
            .ok()
            .and_then(|d| d.checked_sub(1))
            .and_then(|i| marks.get_mut(i))
        {
            *slot = 1;
        }
    }
    marks
}

#[allow(clippy::too_many_lines)]
fn build(
    society: &DemoSociety,
    plan_index: &BTreeMap<&MemberKey, usize>,
    insurer: &InsurerNumber,
    month: YearMonth,
    index: usize,
    r: &PlannedReceipt,
) -> Result<Built, CliError> {
    let err = demo_err("receipts");
    let plan = plan_index
        .get(&r.insured)
        .and_then(|&i| society.insured.get(i))
        .ok_or_else(|| err("receipt of an unknown household".into()))?;
    let (identity, relation_insured) = if r.patient == plan.key {
        (&plan.identity, true)
    } else {
        let d = plan
            .dependants
            .iter()
            .find(|d| d.key == r.patient)
            .ok_or_else(|| err("receipt of an unknown dependant".into()))?;
        (&d.identity, false)
    };
    let institution = society
        .institutions
        .get(r.institution)
        .ok_or_else(|| err("unknown institution".into()))?;
    let birth = identity.birth_date;
    let standard = super::job::grade_in(plan, month)?.map(|g| g.standard_monthly);
    let category = if age::is_preschool_on(birth, month.last_day()) {
        PatientCategory::Preschool
    } else if age::elderly_recipient_first_month(birth).is_some_and(|m| m <= month) {
        if standard.is_some_and(|s| s >= Yen::new(280_000)) {
            PatientCategory::Elderly70Working
        } else {
            PatientCategory::Elderly70General
        }
    } else if relation_insured {
        PatientCategory::Insured
    } else {
        PatientCategory::Dependent
    };
    let branch = match institution.kind {
        InstitutionKind::Dental => 3,
        InstitutionKind::Pharmacy => 4,
        _ => 1,
    };
    let kind = kind_of(branch, category, r.inpatient)
        .ok_or_else(|| err(format!("no receipt kind for {category:?}")))?;
    let marks = day_marks(&r.days);
    let visit_count = u16::try_from(r.days.len()).unwrap_or(u16::MAX).max(1);
    let mut items = Vec::new();
    let raw_records = Vec::new();
    let mut details = ReceiptDetails::default();
    if branch == 4 {
        // Pharmacy receipts: the RE names the prescriber (調剤 RE 都道府県・点数表・医療機関コード).
        let prescriber = r
            .prescriber
            .and_then(|p| society.institutions.get(p))
            .ok_or_else(|| err("pharmacy receipt without a prescriber".into()))?;
        details.pharmacy = Some(Box::new(PharmacyDetail {
            prescriber_recorded: prescriber.code.as_str().to_owned(),
            prescriber: Some(prescriber.code.clone()),
            ..PharmacyDetail::default()
        }));
    } else {
        // One procedure line per visit day (再診料-like), the remainder on the first day.
        let per_day = r.points / i64::from(visit_count);
        let rest = r.points - per_day * i64::from(visit_count);
        let first = r.days.first().copied().unwrap_or(1);
        items.push(LineItem {
            kind: ItemKind::Procedure,
            service_class: if r.inpatient { 90 } else { 12 },
            class_continued: false,
            payer_class: '1',
            code: if r.inpatient {
                190_077_410
            } else {
                112_007_410
            },
            quantity: None,
            points: Some(Points::new(per_day)),
            times: visit_count,
            comments: Vec::new(),
            days: marks,
            device: None,
            text: None,
        });
        if rest > 0 {
            items.push(LineItem {
                kind: ItemKind::Procedure,
                service_class: 13,
                class_continued: false,
                payer_class: '1',
                code: 113_001_810,
                quantity: None,
                points: Some(Points::new(rest)),
                times: 1,
                comments: Vec::new(),
                days: day_marks(&[first]),
                device: None,
                text: None,
            });
        }
    }
    let start = month
        .first_day()
        .checked_sub_days(chrono::Days::new(u64::try_from(index % 300).unwrap_or(0)))
        .unwrap_or(month.first_day());
    let receipt = Receipt {
        position: ReceiptPosition {
            line: 0,
            index: u64::try_from(index + 1).unwrap_or(u64::MAX),
        },
        institution_recorded: Arc::from(institution.code.as_str()),
        institution: Some(institution.code.clone()),
        number: u32::try_from(index + 1).unwrap_or(u32::MAX),
        kind,
        service_month: month,
        patient: Patient {
            name: identity.name.clone(),
            kana: Some(identity.kana.clone()),
            sex: identity.sex,
            birth_date: birth,
        },
        benefit_ratio: None,
        admission_date: if r.inpatient {
            r.days
                .first()
                .and_then(|d| NaiveDate::from_ymd_opt(month.year(), month.month(), *d))
        } else {
            None
        },
        charge_class: None,
        special_notes: if r.dialysis {
            SPECIAL_NOTE_LONG_TERM.to_owned()
        } else {
            String::new()
        },
        insurance: Some(InsurancePart {
            insurer: insurer.clone(),
            symbol: Some(r.patient.symbol.clone()),
            number: Some(r.patient.number.clone()),
            days: visit_count,
            points: Points::new(r.points),
            meal_count: None,
            meal_yen: None,
            occupational: None,
            patient_charge: Some(r.patient_charge),
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
            branch: Some(r.patient.branch),
            recipient: None,
        }],
        visit_days: vec![VisitDays {
            payer_kind: 1,
            days: marks,
        }],
        diagnoses: vec![Diagnosis {
            code: if r.dialysis {
                5_859_004
            } else {
                4_600_000 + (index % 997) as u32
            },
            start,
            outcome: Outcome::Continuing,
            modifiers: String::new(),
            name: None,
            main: true,
            comment: None,
        }],
        items,
        notes: Vec::new(),
        raw_records,
        details,
        fund: None,
    };
    let header = FileHeader {
        kind: if branch == 4 {
            RecordKind::Yk
        } else {
            RecordKind::Ir
        },
        review_body: 1,
        institution: Some(institution.code.clone()),
        institution_recorded: institution.code.as_str().to_owned(),
        name: institution.name.clone(),
        claim_month: month.next(),
        volume: "00".into(),
        phone: "0312345678".into(),
        notifications: None,
        date_form: Default::default(),
    };
    Ok(Built { receipt, header })
}

/// Writes the service month's receipts to `dir/RECEIPTC.UKE`, grouped by institution; returns
/// the number written.
pub fn write_file(
    society: &DemoSociety,
    insurer: &InsurerNumber,
    month: YearMonth,
    dir: &Path,
    progress: &Progress,
) -> Result<usize, CliError> {
    let plan_index: BTreeMap<&MemberKey, usize> = society
        .insured
        .iter()
        .enumerate()
        .map(|(i, p)| (&p.key, i))
        .collect();
    let mut order: Vec<&PlannedReceipt> = society.receipts.iter().collect();
    order.sort_by_key(|r| r.institution);
    let path = dir.join(RECEIPT_FILE);
    let file = File::create(&path).map_err(|source| CliError::Write {
        path: path.clone(),
        source,
    })?;
    let mut writer = ReceiptWriter::new(BufWriter::new(file));
    let bar = progress.bar("レセプト作成 write receipts", order.len());
    let mut current: Option<usize> = None;
    for (index, r) in order.iter().enumerate() {
        let built = build(society, &plan_index, insurer, month, index, r)?;
        if current != Some(r.institution) {
            writer
                .header(&built.header)
                .map_err(|e| CliError::demo("receipts", e))?;
            current = Some(r.institution);
        }
        writer
            .receipt(&built.receipt)
            .map_err(|e| CliError::demo("receipts", e))?;
        bar.inc(1);
    }
    bar.finish();
    writer.finish().map_err(|e| CliError::demo("receipts", e))?;
    Ok(order.len())
}

/// The member key a receipt names: 記号・番号 of its HO record and 枝番 of its SN record.
pub fn key_of(r: &Receipt) -> Option<MemberKey> {
    let ins = r.insurance.as_ref()?;
    Some(MemberKey::new(
        ins.symbol.clone()?,
        ins.number.clone()?,
        *r.branch_number()?,
    ))
}

/// The 医療費通知 row of a parsed receipt for `person`: one line per receipt, a pharmacy under its
/// own code (the receipts module builds 高額療養費 *units*, where pharmacies are joined; a notice
/// lists each receipt).
pub fn row_of(person: &MemberKey, r: &Receipt) -> Option<ReceiptRow> {
    let setting = match r.kind.setting() {
        Setting::Inpatient => CareSetting::Inpatient,
        _ => CareSetting::Outpatient,
    };
    let kind = match r.branch() {
        ClaimBranch::Dental => RowKind::Dental(setting),
        ClaimBranch::Pharmacy => RowKind::Pharmacy {
            prescriber: r.prescriber()?,
            prescriber_branch: MedicalBranch::Medical,
        },
        _ => RowKind::Medical(setting),
    };
    Some(ReceiptRow {
        person: person.clone(),
        month: r.service_month,
        institution: r.institution.clone()?,
        kind,
        total_cost: r.total_points().to_yen(),
        patient_charge: r.insurance.as_ref()?.patient_charge?,
        specified_disease: None,
    })
}

/// Reads `path` with the streaming reader, checks every receipt against `master` and returns the
/// findings, and the 高額療養費 units and notice rows of the receipts without an eligibility or
/// identity finding. `certificates` are the persons holding a 特定疾病療養受療証 for dialysis.
pub fn read_and_check(
    path: &Path,
    expected: usize,
    certificates: &std::collections::BTreeSet<MemberKey>,
    master: &MemberMaster,
    insurer: &InsurerNumber,
    society_name: &str,
    progress: &Progress,
) -> Result<ReceiptsResult, CliError> {
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let file = File::open(path).map_err(|e| CliError::file(path, e))?;
    let name = path.file_name().map_or_else(
        || RECEIPT_FILE.to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut reader = ReceiptReader::new(BufReader::new(file), ReaderOptions::new(name.clone()));
    let file_name: Arc<str> = Arc::from(name.as_str());
    let options = CheckOptions::new(insurer.clone(), society_name);
    let mut checker = Checker::new(options, master);
    let bar = progress.bar("点検 check receipts", expected);
    let mut parsed: Vec<Receipt> = Vec::with_capacity(expected);
    let mut keys = BTreeMap::new();
    for item in reader.by_ref() {
        if let Ok(r) = item {
            checker.check(&file_name, &r);
            if let Some(key) = key_of(&r) {
                keys.insert(r.position.index, key);
            }
            parsed.push(r);
        }
        bar.inc(1);
    }
    bar.finish();
    let summary = reader.into_summary();
    let mut findings = summary.findings.clone();
    findings.extend(checker.finish());
    let mut by_rule: BTreeMap<&'static str, usize> = BTreeMap::new();
    for f in &findings {
        *by_rule.entry(f.rule.id()).or_default() += 1;
    }
    let blocked: std::collections::BTreeSet<u64> = findings
        .iter()
        .filter(|f| {
            matches!(
                f.rule,
                Rule::VisitAfterLoss
                    | Rule::VisitBeforeAcquisition
                    | Rule::UnknownMember
                    | Rule::IdentityMismatch
            )
        })
        .filter_map(|f| f.position.map(|p| p.index))
        .collect();
    let mut result = ReceiptsResult {
        file: name,
        bytes,
        summary,
        findings,
        by_rule,
        keys,
        units: Vec::new(),
        unit_notes: 0,
        diagnoses: Vec::new(),
        rows: Vec::new(),
    };
    result.diagnoses = parsed
        .iter()
        .filter_map(|r| {
            result
                .patient_at(r.position)
                .map(|k| DiagnosisRow::from_receipt(k, r))
        })
        .flatten()
        .collect();
    parsed.retain(|r| !blocked.contains(&r.position.index));
    let outcome = units::cost_units(&parsed, units::member_key, |person, _| {
        certificates
            .contains(person)
            .then_some(SpecifiedDisease::ChronicRenalFailureDialysis)
    })
    .map_err(|e| CliError::demo("high-cost units", e))?;
    result.units = outcome.units;
    result.unit_notes = outcome.notes.len();
    result.rows = parsed
        .iter()
        .filter_map(|r| result.patient_at(r.position).and_then(|p| row_of(p, r)))
        .collect();
    Ok(result)
}
