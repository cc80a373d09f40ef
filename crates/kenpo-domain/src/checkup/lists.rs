//! Target lists for the health programs of the society's published notice of purposes.
//!
//! | purpose | list | who | fields |
//! | --- | --- | --- | --- |
//! | C4, D1, E1, E2 | [`guidance_candidates`] | 積極的支援 / 動機付け支援 by [`super::stratify`] | member key, level, checkup values |
//! | F4 | [`senior_risk_report`] | aged 65 and over on the reference date | member key, **age** (not the birth date), sex, checkup values |
//! | F5 | [`severe_case_prevention`] | at or beyond a 受診勧奨判定値 for diabetes / hypertension / dyslipidaemia with no matching diagnosis (ICD-10 E10–E14, I10–I15, E78) on any receipt of the last 12 months | member key, conditions, checkup values |
//! | D2 | [`year_on_year`] | one member's two results | per-item change and flags |
//!
//! The functions above are the **selection logic**. A list leaves the society only through
//! [`Provision`], which builds one [`crate::access::Request`] per list with the program's
//! purpose, recipient and fields ([`Program`]), lets [`crate::access::Catalog::decide`] permit
//! or deny it (the decision is logged first), and writes each row from the permit's
//! [`crate::access::View`], which holds only the permitted fields. So the risk-report company
//! (E2) gets 記号番号・氏名・生年月日・性別・事業所・健診結果, the AI company (F4) the **age** instead of
//! the birth date, the prevention company (F5) only the result items behind the conditions
//! found, and a list sent under a purpose that does not allow it is denied.
//!
//! Diagnoses come from the receipts' 傷病名 records: either an ICD-10 code, or a 傷病名コード
//! (the 7-digit 傷病名マスター code) that the caller's mapping turns into ICD-10
//! ([`DiagnosisCode`]). A diagnosis that cannot be mapped counts as no diagnosis and is reported
//! in [`SevereCaseList::unmapped`].
//!
//! ```
//! use kenpo_domain::calendar::YearMonth;
//! use kenpo_domain::checkup::lists::{DiagnosisCode, DiagnosisRow};
//! use kenpo_domain::checkup::thresholds::Condition;
//!
//! let row = DiagnosisCode::Icd10("E11.9".into());
//! assert!(Condition::Diabetes.matches_icd10("E11.9"));
//! # let _ = row;
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::result::{CheckupResult, Item};
use super::stratify::{stratify_person_with, GuidanceLevel, Stratification};
use super::thresholds::{criteria_for, Condition, FlagLevel};
use super::xml;
use crate::access::{
    AccessLog, Actor, Catalog, CheckupItem, CheckupSummary, Denial, Field, FieldSet, Request,
    SubjectRecord,
};
use crate::age;
use crate::calendar::YearMonth;
use crate::explanation::Explain;
use crate::identifiers::MemberKey;
use crate::person::Sex;
use crate::receipt::Receipt;

/// One member's checkup result, as the society holds it (the 健診 data category joined with the
/// enrolment master by [`MemberKey`]). Holds a date of birth, which is personal data: `Debug`
/// does not show it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberCheckup {
    /// The member.
    pub member: MemberKey,
    /// 生年月日 (needed for the fiscal-year age; never copied into a list).
    pub birth: NaiveDate,
    /// The result.
    pub result: CheckupResult,
}

impl std::fmt::Debug for MemberCheckup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemberCheckup")
            .field("member", &self.member)
            .field("birth", &"<redacted>")
            .field("result", &self.result)
            .finish()
    }
}

/// An item value carried in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemValue {
    /// The item.
    pub item: Item,
    /// The value.
    pub value: Decimal,
}

fn values_of(r: &CheckupResult) -> Vec<ItemValue> {
    r.values()
        .map(|(item, value)| ItemValue { item, value })
        .collect()
}

/// A guidance candidate (E1/E2): a member whose latest result stratifies to 積極的支援 or
/// 動機付け支援.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuidanceCandidate {
    /// The member.
    pub member: MemberKey,
    /// The level.
    pub level: GuidanceLevel,
    /// 健診実施日.
    pub checkup_date: NaiveDate,
    /// The checkup values the guidance company needs for its risk report.
    pub values: Vec<ItemValue>,
}

/// The guidance-candidate list, with the members whose level the data did not decide (to be
/// completed, e.g. by asking the member the missing questionnaire answer).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GuidanceList {
    /// 積極的支援 and 動機付け支援, in member order.
    pub candidates: Vec<GuidanceCandidate>,
    /// Members whose level is open, with what could not be decided.
    pub undecided: Vec<(MemberKey, Stratification)>,
}

/// Selects the guidance candidates among `records` (E1/E2). Records that cannot be stratified
/// (age outside 40–74, checkup before FY2024) are left out.
pub fn guidance_candidates(records: &[MemberCheckup]) -> GuidanceList {
    guidance_candidates_with(records, Explain::Steps)
}

/// [`guidance_candidates`], with the undecided persons' stratification steps written only when
/// `explain` asks for them (the list is the same).
pub fn guidance_candidates_with(records: &[MemberCheckup], explain: Explain) -> GuidanceList {
    let mut list = GuidanceList::default();
    for rec in records {
        let Ok(s) = stratify_person_with(&rec.result, rec.birth, explain) else {
            continue;
        };
        match s.level {
            Some(level) if level.is_guidance() => list.candidates.push(GuidanceCandidate {
                member: rec.member.clone(),
                level,
                checkup_date: rec.result.date(),
                values: values_of(&rec.result),
            }),
            Some(_) => {}
            None => {
                if s.possible_levels.iter().any(|l| l.is_guidance()) {
                    list.undecided.push((rec.member.clone(), s));
                }
            }
        }
    }
    list.candidates.sort_by(|a, b| a.member.cmp(&b.member));
    list
}

/// The minimum age of the F4 risk-report program (65).
pub const SENIOR_REPORT_MIN_AGE: u32 = 65;

/// An F4 list row: a member aged 65 or over on the reference date. Carries the **age**, never
/// the birth date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeniorReportRow {
    /// The member.
    pub member: MemberKey,
    /// Age (legal age reached) on the reference date.
    pub age: u32,
    /// Sex (the risk model needs it).
    pub sex: Sex,
    /// 健診実施日.
    pub checkup_date: NaiveDate,
    /// The checkup values.
    pub values: Vec<ItemValue>,
}

/// Selects the members aged 65 and over on `on` (F4), with their checkup values.
pub fn senior_risk_report(records: &[MemberCheckup], on: NaiveDate) -> Vec<SeniorReportRow> {
    let mut rows: Vec<SeniorReportRow> = records
        .iter()
        .filter_map(|rec| {
            let age = age::age_reached_on(rec.birth, on)?;
            (age >= SENIOR_REPORT_MIN_AGE).then(|| SeniorReportRow {
                member: rec.member.clone(),
                age,
                sex: rec.result.sex(),
                checkup_date: rec.result.date(),
                values: values_of(&rec.result),
            })
        })
        .collect();
    rows.sort_by(|a, b| a.member.cmp(&b.member));
    rows
}

/// A diagnosis code on a receipt's 傷病名 record.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DiagnosisCode {
    /// ICD-10 (`"E119"`, `"E11.9"`).
    Icd10(String),
    /// 傷病名コード (傷病名マスター, 7 digits), mapped to ICD-10 by the caller's table.
    DiseaseName(String),
}

/// One diagnosis of one member in one treatment month (診療月), from the receipts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnosisRow {
    /// The member.
    pub member: MemberKey,
    /// 診療年月.
    pub month: YearMonth,
    /// The diagnosis.
    pub code: DiagnosisCode,
}

impl DiagnosisRow {
    /// The diagnosis rows of one receipt of `member` (matched to the member by the caller, e.g.
    /// through [`crate::receipt::checks`]): each SY record's 傷病名コード, as 7 digits, in the
    /// receipt's 診療年月. An uncoded diagnosis (0000999) stays as that code and is reported as
    /// unmapped unless the mapping knows better.
    pub fn from_receipt(member: &MemberKey, receipt: &Receipt) -> Vec<DiagnosisRow> {
        receipt
            .diagnoses
            .iter()
            .map(|d| DiagnosisRow {
                member: member.clone(),
                month: receipt.service_month,
                code: DiagnosisCode::DiseaseName(format!("{:07}", d.code)),
            })
            .collect()
    }
}

/// An F5 list row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SevereCaseRow {
    /// The member.
    pub member: MemberKey,
    /// Conditions at or beyond a 受診勧奨判定値 with no matching diagnosis in the window.
    pub conditions: Vec<Condition>,
    /// 健診実施日.
    pub checkup_date: NaiveDate,
    /// The values of the items behind the conditions.
    pub values: Vec<ItemValue>,
}

/// The F5 list and the 傷病名コード that could not be mapped.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SevereCaseList {
    /// The members to approach.
    pub rows: Vec<SevereCaseRow>,
    /// 傷病名コード in the window with no ICD-10 mapping (counted as no diagnosis).
    pub unmapped: Vec<String>,
}

/// The receipt window of the F5 rule: the 12 treatment months ending with `last`.
pub fn receipt_window(last: YearMonth) -> (YearMonth, YearMonth) {
    (last.add_months(-11), last)
}

/// Selects the F5 severe-case-prevention list: members whose result reaches a 受診勧奨判定値
/// for diabetes, hypertension or dyslipidaemia ([`super::thresholds::CheckupCriteria::referral_conditions`])
/// and who have **no** diagnosis of that condition on any receipt of the 12 months ending with
/// `last_month`. `map_disease_name` maps a 傷病名コード to ICD-10.
pub fn severe_case_prevention(
    records: &[MemberCheckup],
    diagnoses: &[DiagnosisRow],
    last_month: YearMonth,
    map_disease_name: &dyn Fn(&str) -> Option<String>,
) -> SevereCaseList {
    let (first, last) = receipt_window(last_month);
    let mut treated: BTreeMap<&MemberKey, BTreeSet<Condition>> = BTreeMap::new();
    let mut unmapped = BTreeSet::new();
    for d in diagnoses
        .iter()
        .filter(|d| first <= d.month && d.month <= last)
    {
        let icd = match &d.code {
            DiagnosisCode::Icd10(c) => Some(c.clone()),
            DiagnosisCode::DiseaseName(c) => {
                let m = map_disease_name(c);
                if m.is_none() {
                    unmapped.insert(c.clone());
                }
                m
            }
        };
        if let Some(icd) = icd {
            for c in Condition::ALL {
                if c.matches_icd10(&icd) {
                    treated.entry(&d.member).or_default().insert(c);
                }
            }
        }
    }
    let mut rows = Vec::new();
    for rec in records {
        let Ok(criteria) = criteria_for(rec.result.date()) else {
            continue;
        };
        let conditions: Vec<Condition> = criteria
            .referral_conditions(&rec.result)
            .into_iter()
            .filter(|c| !treated.get(&rec.member).is_some_and(|t| t.contains(c)))
            .collect();
        if conditions.is_empty() {
            continue;
        }
        let values = rec
            .result
            .values()
            .filter(|(item, _)| conditions.iter().any(|c| c.items().contains(item)))
            .map(|(item, value)| ItemValue { item, value })
            .collect();
        rows.push(SevereCaseRow {
            member: rec.member.clone(),
            conditions,
            checkup_date: rec.result.date(),
            values,
        });
    }
    rows.sort_by(|a, b| a.member.cmp(&b.member));
    SevereCaseList {
        rows,
        unmapped: unmapped.into_iter().collect(),
    }
}

/// One item compared across two checkups (D2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemChange {
    /// The item.
    pub item: Item,
    /// The earlier value, if measured.
    pub before: Option<Decimal>,
    /// The later value, if measured.
    pub after: Option<Decimal>,
    /// `after − before`, when both were measured.
    pub change: Option<Decimal>,
    /// The earlier flag (items with judgement values).
    pub flag_before: Option<FlagLevel>,
    /// The later flag.
    pub flag_after: Option<FlagLevel>,
}

/// The year-on-year comparison of one member's results (D2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// The earlier checkup date.
    pub before_date: NaiveDate,
    /// The later checkup date.
    pub after_date: NaiveDate,
    /// Every item measured in either, in item order.
    pub items: Vec<ItemChange>,
}

/// Compares two results of the same member (order does not matter: the earlier is `before`).
/// BMI is compared as computed ([`CheckupResult::bmi`]) when not recorded.
pub fn year_on_year(a: &CheckupResult, b: &CheckupResult) -> Comparison {
    let (before, after) = if a.date() <= b.date() { (a, b) } else { (b, a) };
    let value = |r: &CheckupResult, item: Item| {
        if item == Item::Bmi {
            r.bmi()
        } else {
            r.value(item)
        }
    };
    let flag = |r: &CheckupResult, item: Item, v: Option<Decimal>| {
        let c = criteria_for(r.date()).ok()?;
        c.level(item, v?, r.sex())
    };
    let items = Item::ALL
        .into_iter()
        .filter_map(|item| {
            let b = value(before, item);
            let a = value(after, item);
            if a.is_none() && b.is_none() {
                return None;
            }
            Some(ItemChange {
                item,
                before: b,
                after: a,
                change: match (a, b) {
                    (Some(x), Some(y)) => x.checked_sub(y),
                    _ => None,
                },
                flag_before: flag(before, item, b),
                flag_after: flag(after, item, a),
            })
        })
        .collect();
    Comparison {
        before_date: before.date(),
        after_date: after.date(),
        items,
    }
}

// ---- Provision through the purpose-bound access layer ---------------------------------------

/// The program a list is produced for: the notice's purpose, the recipient it names, and the
/// fields this library asks for — the notice's grant to that recipient (the list never carries
/// more, and the access layer refuses anything else).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Program {
    /// E1: guidance candidates to the contracted guidance company (特定保健指導受託業者).
    GuidanceVendor,
    /// E2: guidance candidates' checkup data to the risk-report company (employer not told).
    RiskReport,
    /// F4: members aged 65 and over to the AI risk-report company (age, never the birth date).
    SeniorRiskReport,
    /// F5: severe-case prevention list to the prevention guidance company.
    SevereCasePrevention,
    /// D2: year-on-year comparison, kept by the society's health section.
    YearOnYear,
}

impl Program {
    /// The purpose id in the catalog (E1, E2, F4, F5, D2).
    pub const fn purpose_id(self) -> &'static str {
        match self {
            Program::GuidanceVendor => "E1",
            Program::RiskReport => "E2",
            Program::SeniorRiskReport => "F4",
            Program::SevereCasePrevention => "F5",
            Program::YearOnYear => "D2",
        }
    }

    /// The recipient id in the catalog.
    pub const fn recipient_id(self) -> &'static str {
        match self {
            Program::GuidanceVendor => "guidance_vendor",
            Program::RiskReport => "risk_report_vendor",
            Program::SeniorRiskReport => "ai_report_vendor",
            Program::SevereCasePrevention => "prevention_vendor",
            Program::YearOnYear => "society_health",
        }
    }

    /// The fields requested: the notice's grant to the recipient (E1 without the guidance
    /// records, which the vendor returns rather than receives).
    pub const fn fields(self) -> FieldSet {
        match self {
            Program::GuidanceVendor => FieldSet::of(&[
                Field::MemberKey,
                Field::Name,
                Field::KanaName,
                Field::BirthDate,
                Field::Sex,
                Field::Address,
                Field::CheckupResults,
            ]),
            Program::RiskReport => FieldSet::of(&[
                Field::MemberKey,
                Field::Name,
                Field::BirthDate,
                Field::Sex,
                Field::Office,
                Field::CheckupResults,
            ]),
            Program::SeniorRiskReport => FieldSet::of(&[
                Field::MemberKey,
                Field::Name,
                Field::Sex,
                Field::Age,
                Field::Office,
                Field::CheckupResults,
            ]),
            Program::SevereCasePrevention => FieldSet::of(&[
                Field::MemberKey,
                Field::Name,
                Field::BirthDate,
                Field::Sex,
                Field::Address,
                Field::Office,
                Field::CheckupResults,
            ]),
            Program::YearOnYear => FieldSet::of(&[
                Field::MemberKey,
                Field::Name,
                Field::BirthDate,
                Field::Sex,
                Field::CheckupResults,
            ]),
        }
    }
}

/// Why a list could not be provided. Names the program and the row, never the member.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ListError {
    /// The catalog has no such purpose or recipient.
    #[error("the catalog has no {what} {id:?}")]
    NotInCatalog {
        /// `"purpose"` or `"recipient"`.
        what: &'static str,
        /// The id.
        id: &'static str,
    },
    /// The access layer denied the provision.
    #[error(transparent)]
    Denied(#[from] Denial),
    /// No master record for a row of the list.
    #[error("row {row} of the list has no record in the member master")]
    NoSubjectRecord {
        /// The row (0-based).
        row: usize,
    },
    /// A row could not be written.
    #[error("row {row} could not be serialised: {message}")]
    Serialise {
        /// The row (0-based).
        row: usize,
        /// The serialiser's message.
        message: String,
    },
}

/// One row as the recipient receives it: exactly the permitted fields (`data`, the access
/// layer's view written out) and what the selection found (`selection`: the level, the
/// conditions, the comparison).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvidedRow<T> {
    /// The permitted fields of the member, as a JSON object keyed by field id.
    pub data: serde_json::Value,
    /// What the selection found for this member.
    pub selection: T,
}

/// A list as provided: which purpose and recipient, the access-log entry that permitted it,
/// and the rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provided<T> {
    /// The program.
    pub program: Program,
    /// The access-log sequence number of the permit.
    pub log_seq: u64,
    /// The field ids sent.
    pub fields: Vec<String>,
    /// The rows.
    pub rows: Vec<ProvidedRow<T>>,
}

/// The checkup as the access layer holds it ([`CheckupSummary`]): each item under its 項目コード
/// ([`super::xml::item_code`]), the questionnaire answers under theirs.
pub fn checkup_summary(result: &CheckupResult) -> CheckupSummary {
    let mut items: Vec<CheckupItem> = result
        .values()
        .map(|(item, value)| CheckupItem {
            code: xml::item_code(item).to_owned(),
            value: value.to_string(),
        })
        .collect();
    if let Some(t) = result.blood_draw() {
        items.push(CheckupItem {
            code: xml::BLOOD_DRAW_TIMING_CODE.to_owned(),
            value: t.code().to_owned(),
        });
    }
    let yes_no = |b: bool| if b { "1" } else { "2" }.to_owned();
    if let Some(s) = result.smoking() {
        items.push(CheckupItem {
            code: xml::SMOKING_CODE.to_owned(),
            value: yes_no(s),
        });
    }
    let m = result.medication();
    for (code, answer) in
        xml::MEDICATION_CODES
            .iter()
            .zip([m.hypertension, m.diabetes, m.dyslipidaemia])
    {
        if let Some(a) = answer {
            items.push(CheckupItem {
                code: (*code).to_owned(),
                value: yes_no(a),
            });
        }
    }
    CheckupSummary {
        date: result.date(),
        items,
    }
}

/// The records by member and checkup date, so that attaching each selected member's checkup is
/// a lookup rather than a scan of every record (a society's lists have tens of thousands of
/// rows); hashed, as it is only looked up.
fn index_by_member_and_date(records: &[MemberCheckup]) -> CheckupIndex<'_> {
    let mut index = CheckupIndex::with_capacity(records.len());
    for r in records {
        index
            .entry((&r.member, r.result.date()))
            .or_default()
            .push(&r.result);
    }
    index
}

type CheckupIndex<'a> = HashMap<(&'a MemberKey, NaiveDate), Vec<&'a CheckupResult>>;

fn checkups_of(
    index: &CheckupIndex<'_>,
    member: &MemberKey,
    date: NaiveDate,
) -> Vec<CheckupSummary> {
    index
        .get(&(member, date))
        .map(|found| found.iter().map(|r| checkup_summary(r)).collect())
        .unwrap_or_default()
}

fn request<'s>(
    catalog: &'s Catalog,
    actor: &'s Actor,
    at: NaiveDateTime,
    program: Program,
    subjects: &'s [SubjectRecord],
) -> Result<Request<'s>, ListError> {
    let purpose = catalog
        .purpose(program.purpose_id())
        .ok_or(ListError::NotInCatalog {
            what: "purpose",
            id: program.purpose_id(),
        })?;
    let recipient = catalog
        .recipient(program.recipient_id())
        .ok_or(ListError::NotInCatalog {
            what: "recipient",
            id: program.recipient_id(),
        })?;
    Ok(Request::new(
        actor,
        purpose,
        recipient,
        subjects,
        program.fields(),
        at,
    ))
}

type ListRows<'a, T> = Vec<(&'a MemberKey, Vec<CheckupSummary>, T)>;

fn guidance_rows<'a>(
    index: &CheckupIndex<'_>,
    list: &'a GuidanceList,
) -> ListRows<'a, GuidanceLevel> {
    list.candidates
        .iter()
        .map(|c| {
            let checkups = checkups_of(index, &c.member, c.checkup_date);
            (&c.member, checkups, c.level)
        })
        .collect()
}

fn senior_rows<'a>(index: &CheckupIndex<'_>, selected: &'a [SeniorReportRow]) -> ListRows<'a, ()> {
    selected
        .iter()
        .map(|row| {
            let checkups = checkups_of(index, &row.member, row.checkup_date);
            (&row.member, checkups, ())
        })
        .collect()
}

fn severe_rows(list: &SevereCaseList) -> ListRows<'_, Vec<Condition>> {
    list.rows
        .iter()
        .map(|row| {
            let summary = CheckupSummary {
                date: row.checkup_date,
                items: row
                    .values
                    .iter()
                    .map(|v| CheckupItem {
                        code: xml::item_code(v.item).to_owned(),
                        value: v.value.to_string(),
                    })
                    .collect(),
            };
            (&row.member, vec![summary], row.conditions.clone())
        })
        .collect()
}

/// A provision decided and logged whose rows were not projected: what a run that only books
/// the decision keeps (the same decision and log entry as the provision's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProvisionDecided {
    /// The program.
    pub program: Program,
    /// The access-log sequence number of the permit.
    pub log_seq: u64,
    /// The rows the permit covers.
    pub rows: usize,
}

/// Who asks, when, through which catalog and log: the context every provision needs.
pub struct Provision<'a> {
    /// The catalog of the published notice.
    pub catalog: &'a Catalog,
    /// The access log the decision is written to first.
    pub log: &'a mut dyn AccessLog,
    /// The staff member or system asking.
    pub actor: &'a Actor,
    /// When.
    pub at: NaiveDateTime,
    /// The member master's record of a member, built by the one subject builder
    /// ([`SubjectRecord::from_master`](crate::access::SubjectRecord::from_master)) on the
    /// provision date, without checkups: the list attaches the checkup it selected on.
    pub subject_of: &'a dyn Fn(&MemberKey) -> Option<SubjectRecord>,
}

impl Provision<'_> {
    /// The subjects of a list (the master's record of each member, with the checkups the list
    /// attaches) and its selections.
    #[allow(clippy::type_complexity)]
    fn subjects<T>(
        &self,
        rows: Vec<(&MemberKey, Vec<CheckupSummary>, T)>,
    ) -> Result<(Vec<SubjectRecord>, Vec<T>), ListError> {
        let mut subjects = Vec::with_capacity(rows.len());
        let mut selections = Vec::with_capacity(rows.len());
        for (row, (key, checkups, selection)) in rows.into_iter().enumerate() {
            let base = (self.subject_of)(key).ok_or(ListError::NoSubjectRecord { row })?;
            subjects.push(base.with_checkups(checkups));
            selections.push(selection);
        }
        Ok((subjects, selections))
    }

    fn provide<T>(
        &mut self,
        program: Program,
        rows: Vec<(&MemberKey, Vec<CheckupSummary>, T)>,
    ) -> Result<Provided<T>, ListError> {
        let (subjects, selections) = self.subjects(rows)?;
        let fields = program.fields();
        let request = request(self.catalog, self.actor, self.at, program, &subjects)?;
        let permit = self.catalog.decide(&request, self.log)?;
        let mut out = Vec::with_capacity(selections.len());
        for (row, (view, selection)) in permit.views().zip(selections).enumerate() {
            let data = serde_json::to_value(view).map_err(|e| ListError::Serialise {
                row,
                message: e.to_string(),
            })?;
            out.push(ProvidedRow { data, selection });
        }
        Ok(Provided {
            program,
            log_seq: permit.log_seq(),
            fields: fields.iter().map(|f| f.id().to_owned()).collect(),
            rows: out,
        })
    }

    /// The decision [`Provision::provide`] makes and logs, without projecting the rows.
    fn decide<T>(
        &mut self,
        program: Program,
        rows: Vec<(&MemberKey, Vec<CheckupSummary>, T)>,
    ) -> Result<ProvisionDecided, ListError> {
        let (subjects, _) = self.subjects(rows)?;
        let request = request(self.catalog, self.actor, self.at, program, &subjects)?;
        let permit = self.catalog.decide(&request, self.log)?;
        Ok(ProvisionDecided {
            program,
            log_seq: permit.log_seq(),
            rows: permit.len(),
        })
    }

    /// Provides the guidance candidates (E1 to the guidance company, E2 to the risk-report
    /// company) through the access layer. `program` must be [`Program::GuidanceVendor`] or
    /// [`Program::RiskReport`]; any other is refused by the catalog (its purpose does not cover
    /// a guidance list to that recipient only if the catalog says so — the decision is the
    /// access layer's).
    pub fn guidance_candidates(
        &mut self,
        program: Program,
        list: &GuidanceList,
        records: &[MemberCheckup],
    ) -> Result<Provided<GuidanceLevel>, ListError> {
        let index = index_by_member_and_date(records);
        self.provide(program, guidance_rows(&index, list))
    }

    /// [`Provision::guidance_candidates`] decided and logged, the rows not projected.
    pub fn decide_guidance_candidates(
        &mut self,
        program: Program,
        list: &GuidanceList,
        records: &[MemberCheckup],
    ) -> Result<ProvisionDecided, ListError> {
        let index = index_by_member_and_date(records);
        self.decide(program, guidance_rows(&index, list))
    }

    /// Provides the F4 list (members aged 65 and over on the provision date) to the AI
    /// risk-report company. The selection is made on the provision date, so it and the access
    /// layer's age condition agree.
    pub fn senior_risk_report(
        &mut self,
        records: &[MemberCheckup],
    ) -> Result<Provided<()>, ListError> {
        let selected = senior_risk_report(records, self.at.date());
        let index = index_by_member_and_date(records);
        self.provide(Program::SeniorRiskReport, senior_rows(&index, &selected))
    }

    /// [`Provision::senior_risk_report`] decided and logged, the rows not projected.
    pub fn decide_senior_risk_report(
        &mut self,
        records: &[MemberCheckup],
    ) -> Result<ProvisionDecided, ListError> {
        let selected = senior_risk_report(records, self.at.date());
        let index = index_by_member_and_date(records);
        self.decide(Program::SeniorRiskReport, senior_rows(&index, &selected))
    }

    /// Provides the F5 list to the prevention company: each member's checkup restricted to the
    /// items behind the conditions found, with the conditions as the selection.
    pub fn severe_case_prevention(
        &mut self,
        list: &SevereCaseList,
    ) -> Result<Provided<Vec<Condition>>, ListError> {
        self.provide(Program::SevereCasePrevention, severe_rows(list))
    }

    /// [`Provision::severe_case_prevention`] decided and logged, the rows not projected.
    pub fn decide_severe_case_prevention(
        &mut self,
        list: &SevereCaseList,
    ) -> Result<ProvisionDecided, ListError> {
        self.decide(Program::SevereCasePrevention, severe_rows(list))
    }

    /// Provides a member's year-on-year comparison (D2) to the society's health section.
    pub fn year_on_year(
        &mut self,
        member: &MemberKey,
        a: &CheckupResult,
        b: &CheckupResult,
    ) -> Result<Provided<Comparison>, ListError> {
        let comparison = year_on_year(a, b);
        let checkups = vec![checkup_summary(a), checkup_summary(b)];
        self.provide(Program::YearOnYear, vec![(member, checkups, comparison)])
    }
}
