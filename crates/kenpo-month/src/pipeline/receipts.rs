//! The month's receipt files: read one receipt at a time from the bytes, checked against the
//! member master (C1, C2, C5), each turned into its 高額療養費 row and its 医療費通知 row.
//!
//! What a receipt leaves behind is kept by person number ([`Row`]): a key is cloned into the
//! domain's [`ReceiptRow`] only when a household's decision reads it.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::hash::BuildHasherDefault;
use std::ops::Range;
use std::sync::Arc;

use kenpo_domain::calendar::YearMonth;
use kenpo_domain::checkup::lists::DiagnosisRow;
use kenpo_domain::high_cost::{
    build_units, CareSetting, MedicalBranch, ReceiptRow, RowKind, SpecifiedDisease,
};
use kenpo_domain::identifiers::{InstitutionCode, InsuredNumber, InsuredSymbol, MemberKey};
use kenpo_domain::receipt::checks::{CheckOptions, Checker, EligibilityLookup, MemberRecord};
use kenpo_domain::receipt::units::{self, UnitNote};
use kenpo_domain::receipt::{
    ClaimBranch, Finding, ReaderOptions, Receipt, Rule, Setting, SliceReader,
};
use kenpo_domain::Yen;

use super::roster::{FxHashMap, FxHasher, PersonId, Roster};
use super::{MonthInput, Progress, RunOptions, Timer};
use crate::error::MonthError;
use crate::results::{FindingLine, ReceiptsOutcome};

type FxHashSet<T> = HashSet<T, BuildHasherDefault<FxHasher>>;

/// A receipt row (高額療養費 or 医療費通知) of a person of the master, by person number.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// The patient.
    pub person: PersonId,
    /// Treatment month.
    pub month: YearMonth,
    /// The institution.
    pub institution: InstitutionCode,
    /// The kind.
    pub kind: RowKind,
    /// 10割 医療費.
    pub total_cost: Yen,
    /// 一部負担金.
    pub patient_charge: Yen,
    /// 特定疾病.
    pub specified_disease: Option<SpecifiedDisease>,
}

impl Row {
    fn of(person: PersonId, r: ReceiptRow) -> Row {
        Row {
            person,
            month: r.month,
            institution: r.institution,
            kind: r.kind,
            total_cost: r.total_cost,
            patient_charge: r.patient_charge,
            specified_disease: r.specified_disease,
        }
    }

    /// The domain's row, for the person with `key`.
    pub(crate) fn to_receipt_row(&self, key: &MemberKey) -> ReceiptRow {
        ReceiptRow {
            person: key.clone(),
            month: self.month,
            institution: self.institution.clone(),
            kind: self.kind.clone(),
            total_cost: self.total_cost,
            patient_charge: self.patient_charge,
            specified_disease: self.specified_disease,
        }
    }
}

/// Who a receipt names: a number below the roster's length is a person of the master; above,
/// a key the master does not hold (kept for the findings and the units' notes).
type Who = u32;

const NOBODY: Who = u32::MAX;

/// The roster as the receipt checks read it, remembering the last 記号・番号 looked up: the
/// stage looks up the person of the receipt the checks have just looked up.
struct Lookup<'r, 'm> {
    roster: &'r Roster<'m>,
    last: RefCell<(String, String, Range<PersonId>)>,
}

impl Lookup<'_, '_> {
    fn group(&self, symbol: &str, number: &str) -> Range<PersonId> {
        let mut last = self.last.borrow_mut();
        if last.0 != symbol || last.1 != number {
            let range = self.roster.group(symbol, number);
            last.0.clear();
            last.0.push_str(symbol);
            last.1.clear();
            last.1.push_str(number);
            last.2 = range;
        }
        last.2.clone()
    }
}

impl EligibilityLookup for Lookup<'_, '_> {
    fn members(&self, symbol: &InsuredSymbol, number: &InsuredNumber) -> Vec<MemberRecord> {
        self.group(symbol.as_str(), number.as_str())
            .filter_map(|i| MemberRecord::of(self.roster.record(i)))
            .collect()
    }
}

/// The persons receipts name.
struct Patients<'l, 'r, 'm> {
    roster: &'r Roster<'m>,
    lookup: &'l Lookup<'r, 'm>,
    outside: Vec<MemberKey>,
    outside_index: FxHashMap<MemberKey, u32>,
}

impl Patients<'_, '_, '_> {
    /// The person the receipt names by 記号・番号・枝番 ([`units::member_key`]).
    fn of(&mut self, r: &Receipt) -> Who {
        let Some(ins) = &r.insurance else {
            return NOBODY;
        };
        let (Some(symbol), Some(number), Some(branch)) =
            (&ins.symbol, &ins.number, r.branch_number())
        else {
            return NOBODY;
        };
        let known = self
            .lookup
            .group(symbol.as_str(), number.as_str())
            .find(|&i| &self.roster.key(i).branch == branch);
        if let Some(id) = known {
            return id;
        }
        let key = MemberKey::new(symbol.clone(), number.clone(), *branch);
        self.outside_no(key)
    }

    fn outside_no(&mut self, key: MemberKey) -> Who {
        let base = u32::try_from(self.roster.len()).unwrap_or(u32::MAX);
        if let Some(&i) = self.outside_index.get(&key) {
            return base + i;
        }
        let i = u32::try_from(self.outside.len()).unwrap_or(u32::MAX);
        self.outside.push(key.clone());
        self.outside_index.insert(key, i);
        base + i
    }

    /// The number of a key (of the master or not).
    fn of_key(&mut self, key: MemberKey) -> Who {
        match self.roster.id(&key) {
            Some(id) => id,
            None => self.outside_no(key),
        }
    }

    /// The person's number in the master, if the person is in it.
    fn known(&self, who: Who) -> Option<PersonId> {
        (who != NOBODY && (who as usize) < self.roster.len()).then_some(who)
    }

    fn key(&self, who: Who) -> Option<&MemberKey> {
        if who == NOBODY {
            return None;
        }
        match self.known(who) {
            Some(id) => Some(self.roster.key(id)),
            None => self.outside.get(who as usize - self.roster.len()),
        }
    }
}

/// One parsed receipt's contribution.
struct Contribution {
    file: u32,
    index: u64,
    person: Who,
    /// The 高額療養費 row (the receipt's own unit, pharmacy under its prescriber).
    unit: Option<ReceiptRow>,
    /// The notice row (a pharmacy under its own code).
    notice: Option<Row>,
    unjoined: bool,
}

pub(crate) struct Read {
    pub outcome: ReceiptsOutcome,
    /// 高額療養費 rows of the receipts of persons of the master without an eligibility or
    /// identity finding.
    pub unit_rows: Vec<Row>,
    /// 医療費通知 rows of the same receipts.
    pub notice_rows: Vec<Row>,
    /// Diagnoses (for the severe-case list) of the members with a checkup result, when the
    /// month makes lists (the list reads no one else's).
    pub diagnoses: Vec<DiagnosisRow>,
}

/// Rules whose receipts are not paid on until the clinic answers.
fn blocks(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::VisitAfterLoss
            | Rule::VisitBeforeAcquisition
            | Rule::UnknownMember
            | Rule::IdentityMismatch
    )
}

/// The notice row of a receipt: one per receipt, a pharmacy under its own code.
fn row_of(person: PersonId, r: &Receipt, unit: &ReceiptRow) -> Option<Row> {
    let setting = match r.kind.setting() {
        Setting::Inpatient => CareSetting::Inpatient,
        _ => CareSetting::Outpatient,
    };
    let kind = match r.branch() {
        ClaimBranch::Dental => RowKind::Dental(setting),
        ClaimBranch::Pharmacy => match r.prescriber() {
            Some(prescriber) => RowKind::Pharmacy {
                prescriber,
                prescriber_branch: MedicalBranch::Medical,
            },
            None => RowKind::Medical(CareSetting::Outpatient),
        },
        _ => RowKind::Medical(setting),
    };
    Some(Row {
        person,
        month: r.service_month,
        institution: r.institution.clone()?,
        kind,
        total_cost: unit.total_cost,
        patient_charge: unit.patient_charge,
        specified_disease: unit.specified_disease,
    })
}

fn unit_to_row(u: kenpo_domain::high_cost::CostUnit) -> ReceiptRow {
    ReceiptRow {
        person: u.person,
        month: u.month,
        institution: u.institution,
        kind: match u.branch {
            MedicalBranch::Dental => RowKind::Dental(u.setting),
            _ => RowKind::Medical(u.setting),
        },
        total_cost: u.total_cost,
        patient_charge: u.patient_charge,
        specified_disease: u.specified_disease,
    }
}

/// The receipt's own 高額療養費 unit (the domain's builder over one receipt), as a row that
/// [`kenpo_domain::high_cost::build_units`] sums with the others.
fn unit_row(
    r: &Receipt,
    certificate: impl Fn(&MemberKey, YearMonth) -> Option<SpecifiedDisease>,
) -> Result<(Option<ReceiptRow>, bool), MonthError> {
    let out = units::cost_units(std::slice::from_ref(r), units::member_key, certificate)
        .map_err(|e| MonthError::rule("高額療養費 units", e))?;
    let unjoined = out
        .notes
        .iter()
        .any(|(_, n)| *n == UnitNote::UnjoinedPharmacy);
    Ok((out.units.into_iter().next().map(unit_to_row), unjoined))
}

pub(crate) fn run(
    input: &MonthInput<'_>,
    roster: &Roster<'_>,
    _options: &RunOptions,
    progress: &dyn Progress,
    timer: &mut Timer,
) -> Result<Read, MonthError> {
    let insurer = input.config.insurer_number.clone().ok_or_else(|| {
        MonthError::Config("no insurer_number (保険者番号), which receipts carry".into())
    })?;
    let lookup = Lookup {
        roster,
        last: RefCell::new((String::new(), String::new(), 0..0)),
    };
    let mut checker = Checker::new(
        CheckOptions::new(insurer.clone(), input.config.name.clone()),
        &lookup,
    );
    let mut patients = Patients {
        roster,
        lookup: &lookup,
        outside: Vec::new(),
        outside_index: FxHashMap::default(),
    };
    // 特定疾病 certificates by person number (few: looked up only for their holders).
    let certificates = roster.by_id(&input.facts.certificates);
    let certificate_of = |who: Who, key: &MemberKey, m: YearMonth| -> Option<SpecifiedDisease> {
        match certificates.get(who as usize) {
            Some(held) => held
                .and_then(|v| v.iter().rev().find(|(from, _)| *from <= m))
                .map(|(_, d)| *d),
            None => input.facts.certificate(key, m),
        }
    };
    let mut outcome = ReceiptsOutcome::default();
    let mut contributions: Vec<Contribution> = Vec::new();
    let mut findings: Vec<Finding> = Vec::new();
    let want_diagnoses = input.facts.new_checkups;
    let with_checkup: FxHashSet<&MemberKey> = if want_diagnoses {
        input.facts.checkups.iter().map(|c| &c.member).collect()
    } else {
        FxHashSet::default()
    };
    let mut diagnoses = Vec::new();
    let mut total_cost = Yen::ZERO;
    for (fi, file) in input.receipts.iter().enumerate() {
        let file_no = u32::try_from(fi).unwrap_or(u32::MAX);
        let name: Arc<str> = Arc::from(file.name.as_str());
        outcome.files.push(file.name.clone());
        // The claim month of the file's first institution record.
        let mut peek = SliceReader::new(&file.bytes, ReaderOptions::new(file.name.clone()));
        let _ = peek.next_lent();
        if let Some(h) = &peek.summary().header {
            if h.claim_month != input.month {
                return Err(MonthError::WrongMonth {
                    file: file.name.clone(),
                    month: input.month,
                    found: h.claim_month,
                });
            }
        }
        progress.start("レセプト点検 receipts", file.bytes.len() as u64);
        let mut reader = SliceReader::new(&file.bytes, ReaderOptions::new(file.name.clone()));
        let mut count = 0u64;
        while let Some(read) = reader.next_lent() {
            count += 1;
            if count.is_multiple_of(4096) {
                progress.advance("レセプト点検 receipts", 4096 * 300);
            }
            let r = match read {
                Ok(r) => r,
                Err(e) => {
                    outcome.rejections.push(e.to_string());
                    continue;
                }
            };
            if let Some(ins) = &r.insurance {
                if ins.insurer != insurer {
                    return Err(MonthError::WrongInsurer {
                        file: file.name.clone(),
                        line: r.position.line,
                        found: ins.insurer.to_string(),
                        expected: insurer.to_string(),
                    });
                }
            }
            checker.check(&name, r);
            total_cost += r.total_points().to_yen();
            let person = patients.of(r);
            let (unit, unjoined) = unit_row(r, |k, m| certificate_of(person, k, m))?;
            let notice = match (patients.known(person), &unit) {
                (Some(p), Some(u)) => row_of(p, r, u),
                _ => None,
            };
            if want_diagnoses {
                if let Some(k) = patients.key(person).filter(|k| with_checkup.contains(k)) {
                    diagnoses.extend(DiagnosisRow::from_receipt(k, r));
                }
            }
            contributions.push(Contribution {
                file: file_no,
                index: r.position.index,
                person,
                unit,
                notice,
                unjoined,
            });
        }
        progress.finish("レセプト点検 receipts");
        let summary = reader.into_summary();
        outcome.in_files += summary.receipts_in_file;
        outcome.parsed += summary.parsed;
        outcome.rejected += summary.rejected;
        findings.extend(summary.findings);
    }
    findings.extend(checker.finish());
    outcome.total_cost = total_cost;
    timer.lap("receipts read and checked", contributions.len());

    // Positions (file, receipt index) of receipts held by a finding, and the finding lines.
    // The contributions are in (file, index) order: a finding finds its receipt by a search.
    let file_index: BTreeMap<&str, u32> = input
        .receipts
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.as_str(), u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    let person_at = |fi: u32, index: u64| -> Option<MemberKey> {
        contributions
            .binary_search_by(|c| (c.file, c.index).cmp(&(fi, index)))
            .ok()
            .and_then(|i| patients.key(contributions[i].person))
            .cloned()
    };
    let mut blocked: BTreeSet<(u32, u64)> = BTreeSet::new();
    for f in &findings {
        let fi = file_index.get(f.file.as_ref()).copied().unwrap_or(u32::MAX);
        let (line, index) = f.position.map_or((0, 0), |p| (p.line, p.index));
        if blocks(f.rule) && f.position.is_some() {
            blocked.insert((fi, index));
        }
        *outcome.by_rule.entry(f.rule.id().to_owned()).or_default() += 1;
        outcome.findings.push(FindingLine {
            rule: f.rule.id().to_owned(),
            file: f.file.to_string(),
            line,
            receipt: index,
            person: person_at(fi, index),
        });
    }
    outcome
        .findings
        .sort_by(|a, b| (&a.file, a.receipt, &a.rule).cmp(&(&b.file, b.receipt, &b.rule)));

    // Pharmacies without a known prescriber: the units of those persons' months come from the
    // domain's builder over all their receipts (it joins such a pharmacy to the only medical
    // institution of the month), read again from the files.
    let unjoined: FxHashSet<(Who, YearMonth)> = contributions
        .iter()
        .filter(|c| c.unjoined && !blocked.contains(&(c.file, c.index)))
        .filter_map(|c| c.unit.as_ref().map(|u| (c.person, u.month)))
        .collect();
    let mut unit_rows = Vec::with_capacity(contributions.len());
    let mut notice_rows = Vec::with_capacity(contributions.len());
    // Rows of persons the master does not hold: no household takes them, but they are checked
    // as the units of the month are (an invalid amount stops the run).
    let mut outside_rows: Vec<ReceiptRow> = Vec::new();
    for c in contributions {
        if blocked.contains(&(c.file, c.index)) {
            continue;
        }
        if let Some(u) = c.unit {
            if !unjoined.contains(&(c.person, u.month)) {
                match patients.known(c.person) {
                    Some(p) => unit_rows.push(Row::of(p, u)),
                    None => outside_rows.push(u),
                }
            }
        }
        if let Some(n) = c.notice {
            notice_rows.push(n);
        }
    }
    if !unjoined.is_empty() {
        let mut held: Vec<Receipt> = Vec::new();
        for (fi, file) in input.receipts.iter().enumerate() {
            let file_no = u32::try_from(fi).unwrap_or(u32::MAX);
            let mut reader = SliceReader::new(&file.bytes, ReaderOptions::new(file.name.clone()));
            while let Some(read) = reader.next_lent() {
                let Ok(r) = read else { continue };
                if blocked.contains(&(file_no, r.position.index)) {
                    continue;
                }
                let person = patients.of(r);
                if person != NOBODY && unjoined.contains(&(person, r.service_month)) {
                    held.push(r.clone());
                }
            }
        }
        let out = units::cost_units(&held, units::member_key, |p, m| {
            input.facts.certificate(p, m)
        })
        .map_err(|e| MonthError::rule("高額療養費 units", e))?;
        outcome.unit_notes += out.notes.len();
        for u in out.units {
            let row = unit_to_row(u);
            let person = patients.of_key(row.person.clone());
            match patients.known(person) {
                Some(p) => unit_rows.push(Row::of(p, row)),
                None => outside_rows.push(row),
            }
        }
    }
    build_units(&outside_rows).map_err(|e| MonthError::rule("高額療養費 units", e))?;
    Ok(Read {
        outcome,
        unit_rows,
        notice_rows,
        diagnoses,
    })
}
