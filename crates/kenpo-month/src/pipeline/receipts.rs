//! The month's receipt files: read one receipt at a time from the bytes, checked against the
//! member master (C1, C2, C5), each turned into its 高額療養費 row and its 医療費通知 row.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use kenpo_domain::calendar::YearMonth;
use kenpo_domain::checkup::lists::DiagnosisRow;
use kenpo_domain::high_cost::{CareSetting, MedicalBranch, ReceiptRow, RowKind};
use kenpo_domain::identifiers::MemberKey;
use kenpo_domain::member::MemberMaster;
use kenpo_domain::receipt::checks::{CheckOptions, Checker};
use kenpo_domain::receipt::units::{self, UnitNote};
use kenpo_domain::receipt::{
    ClaimBranch, Finding, ReaderOptions, Receipt, Rule, Setting, SliceReader,
};
use kenpo_domain::Yen;

use super::{MonthInput, Progress, RunOptions, Timer};
use crate::error::MonthError;
use crate::results::{FindingLine, ReceiptsOutcome};

/// One parsed receipt's contribution.
struct Contribution {
    file: usize,
    index: u64,
    person: Option<MemberKey>,
    /// The 高額療養費 row (the receipt's own unit, pharmacy under its prescriber).
    unit: Option<ReceiptRow>,
    /// The notice row (a pharmacy under its own code).
    notice: Option<ReceiptRow>,
    unjoined: bool,
}

pub(crate) struct Read {
    pub outcome: ReceiptsOutcome,
    /// 高額療養費 rows of the receipts without an eligibility or identity finding.
    pub unit_rows: Vec<ReceiptRow>,
    /// 医療費通知 rows of the same receipts.
    pub notice_rows: Vec<ReceiptRow>,
    /// Diagnoses (for the severe-case list), when the month makes lists.
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

fn row_of(person: &MemberKey, r: &Receipt, unit: &ReceiptRow) -> Option<ReceiptRow> {
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
    Some(ReceiptRow {
        person: person.clone(),
        month: r.service_month,
        institution: r.institution.clone()?,
        kind,
        total_cost: unit.total_cost,
        patient_charge: unit.patient_charge,
        specified_disease: unit.specified_disease,
    })
}

/// The receipt's own 高額療養費 unit (the domain's builder over one receipt), as a row that
/// [`kenpo_domain::high_cost::build_units`] sums with the others.
fn unit_row(input: &MonthInput<'_>, r: &Receipt) -> Result<(Option<ReceiptRow>, bool), MonthError> {
    let out = units::cost_units(std::slice::from_ref(r), units::member_key, |p, m| {
        input.facts.certificate(p, m)
    })
    .map_err(|e| MonthError::rule("高額療養費 units", e))?;
    let unjoined = out
        .notes
        .iter()
        .any(|(_, n)| *n == UnitNote::UnjoinedPharmacy);
    Ok((
        out.units.into_iter().next().map(|u| ReceiptRow {
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
        }),
        unjoined,
    ))
}

pub(crate) fn run(
    input: &MonthInput<'_>,
    master: &MemberMaster,
    _options: &RunOptions,
    progress: &dyn Progress,
    timer: &mut Timer,
) -> Result<Read, MonthError> {
    let insurer = input.config.insurer_number.clone().ok_or_else(|| {
        MonthError::Config("no insurer_number (保険者番号), which receipts carry".into())
    })?;
    let mut checker = Checker::new(
        CheckOptions::new(insurer.clone(), input.config.name.clone()),
        master,
    );
    let mut outcome = ReceiptsOutcome::default();
    let mut contributions: Vec<Contribution> = Vec::new();
    let mut findings: Vec<Finding> = Vec::new();
    let want_diagnoses = input.facts.new_checkups;
    let mut diagnoses = Vec::new();
    let mut total_cost = Yen::ZERO;
    for (fi, file) in input.receipts.iter().enumerate() {
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
            let person = units::member_key(r);
            let (unit, unjoined) = unit_row(input, r)?;
            let notice = match (&person, &unit) {
                (Some(p), Some(u)) => row_of(p, r, u),
                _ => None,
            };
            if want_diagnoses {
                if let Some(p) = &person {
                    diagnoses.extend(DiagnosisRow::from_receipt(p, r));
                }
            }
            contributions.push(Contribution {
                file: fi,
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
    let file_index: BTreeMap<&str, usize> = input
        .receipts
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.as_str(), i))
        .collect();
    let person_at: BTreeMap<(usize, u64), &MemberKey> = contributions
        .iter()
        .filter_map(|c| c.person.as_ref().map(|p| ((c.file, c.index), p)))
        .collect();
    let mut blocked: BTreeSet<(usize, u64)> = BTreeSet::new();
    for f in &findings {
        let fi = file_index
            .get(f.file.as_ref())
            .copied()
            .unwrap_or(usize::MAX);
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
            person: person_at.get(&(fi, index)).map(|p| (*p).clone()),
        });
    }
    outcome
        .findings
        .sort_by(|a, b| (&a.file, a.receipt, &a.rule).cmp(&(&b.file, b.receipt, &b.rule)));

    // Pharmacies without a known prescriber: the units of those persons' months come from the
    // domain's builder over all their receipts (it joins such a pharmacy to the only medical
    // institution of the month), read again from the files.
    let unjoined: BTreeSet<(MemberKey, YearMonth)> = contributions
        .iter()
        .filter(|c| c.unjoined && !blocked.contains(&(c.file, c.index)))
        .filter_map(|c| c.unit.as_ref().map(|u| (u.person.clone(), u.month)))
        .collect();
    let mut unit_rows = Vec::with_capacity(contributions.len());
    let mut notice_rows = Vec::with_capacity(contributions.len());
    for c in contributions {
        if blocked.contains(&(c.file, c.index)) {
            continue;
        }
        if let Some(u) = c.unit {
            if !unjoined.contains(&(u.person.clone(), u.month)) {
                unit_rows.push(u);
            }
        }
        if let Some(n) = c.notice {
            notice_rows.push(n);
        }
    }
    if !unjoined.is_empty() {
        let mut held: Vec<Receipt> = Vec::new();
        for (fi, file) in input.receipts.iter().enumerate() {
            let mut reader = SliceReader::new(&file.bytes, ReaderOptions::new(file.name.clone()));
            while let Some(read) = reader.next_lent() {
                let Ok(r) = read else { continue };
                if blocked.contains(&(fi, r.position.index)) {
                    continue;
                }
                if units::member_key(r).is_some_and(|k| unjoined.contains(&(k, r.service_month))) {
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
            unit_rows.push(ReceiptRow {
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
            });
        }
    }
    Ok(Read {
        outcome,
        unit_rows,
        notice_rows,
        diagnoses,
    })
}
