//! Target lists for the health programs of the society's published notice of purposes.
//!
//! | purpose | list | who | fields |
//! | --- | --- | --- | --- |
//! | C4, D1, E1, E2 | [`guidance_candidates`] | 積極的支援 / 動機付け支援 by [`super::stratify`] | member key, level, checkup values |
//! | F4 | [`senior_risk_report`] | aged 65 and over on the reference date | member key, **age** (not the birth date), sex, checkup values |
//! | F5 | [`severe_case_prevention`] | at or beyond a 受診勧奨判定値 for diabetes / hypertension / dyslipidaemia with no matching diagnosis (ICD-10 E10–E14, I10–I15, E78) on any receipt of the last 12 months | member key, conditions, checkup values |
//! | D2 | [`year_on_year`] | one member's two results | per-item change and flags |
//!
//! These functions are the **selection logic**. A list leaves the society only through the
//! purpose-bound access layer ([`crate::access`]), which checks the purpose, the recipient and
//! the fields; see the module's `provide_*` functions once that layer is wired in.
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

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::result::{CheckupResult, Item};
use super::stratify::{stratify_person, GuidanceLevel, Stratification};
use super::thresholds::{criteria_for, Condition, FlagLevel};
use crate::age;
use crate::calendar::YearMonth;
use crate::identifiers::MemberKey;
use crate::person::Sex;

/// One member's checkup result, as the society holds it (the 健診 data category joined with the
/// enrolment master by [`MemberKey`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberCheckup {
    /// The member.
    pub member: MemberKey,
    /// 生年月日 (needed for the fiscal-year age; never copied into a list).
    pub birth: NaiveDate,
    /// The result.
    pub result: CheckupResult,
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
    let mut list = GuidanceList::default();
    for rec in records {
        let Ok(s) = stratify_person(&rec.result, rec.birth) else {
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
