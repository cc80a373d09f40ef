//! 高額療養費 units from receipts (健康保険法施行令 第41条1項): one unit per person × service month
//! × institution × inpatient/outpatient × medical/dental, with each pharmacy (調剤) receipt joined
//! to its prescriber's outpatient unit (院外処方). The rows go to
//! [`crate::high_cost::build_units`], which owns the joining rule; this module only turns
//! receipts into [`ReceiptRow`]s.
//!
//! - **Cost** (10割 医療費): the health-insurance part's points (HO 合計点数) × [`YEN_PER_POINT`];
//!   meal and living therapy (食事・生活療養) is not part of a unit.
//! - **Patient charge** (一部負担金): HO 負担金額 when the receipt records it; otherwise the cost
//!   × the co-payment rate of the kind code's category (健康保険法 第74条1項: 3割; 未就学 and
//!   高齢受給者 一般・低所得 2割; 現役並み 3割), rounded to the nearest 10 yen (第75条:
//!   10円未満四捨五入, [`rounding::half_up_to_10_yen`]). Doubt: a 70–74 person still on the
//!   old 1割 special measure is not told apart by the kind code; such receipts record 負担金額.
//! - **特定疾病**: the receipt says only that a 特定疾病療養受療証 applies (レセプト特記事項 02
//!   「長」 or 16 「長２」), not which disease; the caller gives the certificate's disease (the
//!   society issued it). A receipt marked 長/長２ without a certificate is reported.
//! - **Pharmacy without a known prescriber**: joined to the person's only medical or dental
//!   outpatient institution of the month when there is exactly one; otherwise it forms its own
//!   outpatient unit under the pharmacy's code and is reported as unjoined.
//! - Skipped and reported: receipts without the health-insurance part (公費単独), with an
//!   invalid institution code, or whose person cannot be resolved.
//!
//! ```
//! use kenpo_domain::receipt::{testgen, units};
//!
//! let opts = testgen::GeneratorOptions::new(3, 30);
//! let receipts: Vec<_> = testgen::receipts(&opts).collect();
//! let out = units::cost_units(&receipts, units::member_key, |_, _| None).unwrap();
//! assert!(!out.units.is_empty());
//! let cost: i64 = out.units.iter().map(|u| u.total_cost.get()).sum();
//! let points: i64 = receipts.iter().map(|r| r.total_points().get()).sum();
//! assert_eq!(cost, points * 10);
//! ```

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::kind::{ClaimBranch, PatientCategory, Setting};
use super::model::{Receipt, ReceiptPosition, YEN_PER_POINT};
use crate::calendar::YearMonth;
use crate::high_cost::{
    build_units, CareSetting, CostUnit, HighCostError, MedicalBranch, ReceiptRow, RowKind,
    SpecifiedDisease,
};
use crate::identifiers::{InstitutionCode, MemberKey, ScoreTable};
use crate::money::{Rate, Yen};
use crate::rounding;

/// レセプト特記事項 codes that mark a 特定疾病療養受療証 (記録条件仕様 別表 レセプト特記事項コード):
/// 02 「長」 (limit 10,000 yen) and 16 「長２」 (limit 20,000 yen).
pub const SPECIFIED_DISEASE_NOTES: [&str; 2] = ["02", "16"];

/// Why a receipt gave no row, or gave a row with a caveat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnitNote {
    /// No health-insurance part (公費単独): not a 高額療養費 case for the society.
    NoInsurancePart,
    /// The institution code is not valid (wrong check digit).
    InvalidInstitution,
    /// The person could not be resolved to a member key.
    UnknownPerson,
    /// A pharmacy receipt whose prescriber could not be found: kept as its own unit.
    UnjoinedPharmacy,
    /// Marked 長/長２ but no certificate was given for the person and month.
    SpecifiedDiseaseWithoutCertificate,
}

/// The units and what could not be used as is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitsOutcome {
    /// The units, ordered by key.
    pub units: Vec<CostUnit>,
    /// Receipts skipped or joined with a caveat, by position.
    pub notes: Vec<(ReceiptPosition, UnitNote)>,
}

/// The member key a receipt names directly: HO 記号・番号 with the SN 枝番. `None` without a
/// branch number (then resolve through the master, see [`super::checks`]).
pub fn member_key(r: &Receipt) -> Option<MemberKey> {
    let ins = r.insurance.as_ref()?;
    Some(MemberKey::new(
        ins.symbol.clone()?,
        ins.number.clone()?,
        *r.branch_number()?,
    ))
}

/// 一部負担金 3割 (percent): 被保険者 under 70 (健康保険法 第74条1項1号), 家族 from the first
/// 1 April after reaching 6 to 70 (第110条2項1号イ, 7割給付), and 高齢受給者 with income like the
/// working generation (現役並み, 第74条1項3号). In force since 2003-04-01 (平成14年法律第102号).
pub const COPAY_PERCENT_GENERAL: u32 = 30;

/// 一部負担金 2割 (percent): 未就学 children (家族療養費 8割, 健康保険法 第110条2項1号ロ, since
/// 2008-04-01) and 高齢受給者 一般・低所得 (第74条1項2号; 2割 for everyone reaching 70 from
/// 2014-04-01 on, the last 1割 cohort having turned 75 by 2019-04).
pub const COPAY_PERCENT_PRESCHOOL_AND_ELDERLY: u32 = 20;

/// The co-payment rate (percent) the kind code's patient category implies: 2割 for 未就学 and
/// 高齢受給者 一般・低所得, 3割 otherwise.
pub fn copay_percent(category: PatientCategory) -> u32 {
    match category {
        PatientCategory::Preschool | PatientCategory::Elderly70General => {
            COPAY_PERCENT_PRESCHOOL_AND_ELDERLY
        }
        _ => COPAY_PERCENT_GENERAL,
    }
}

fn branch_of(code: &InstitutionCode) -> MedicalBranch {
    match code.score_table() {
        ScoreTable::Dental => MedicalBranch::Dental,
        _ => MedicalBranch::Medical,
    }
}

/// Builds the 高額療養費 units of `receipts`. `resolve` names the person of a receipt
/// (e.g. [`member_key`]); `certificate` gives the 特定疾病 of the person's 特定疾病療養受療証 in
/// force in the month, if any.
///
/// # Errors
/// What [`build_units`] rejects: a negative amount or a charge above the cost, conflicting
/// 特定疾病 within one unit.
pub fn cost_units(
    receipts: &[Receipt],
    resolve: impl Fn(&Receipt) -> Option<MemberKey>,
    certificate: impl Fn(&MemberKey, YearMonth) -> Option<SpecifiedDisease>,
) -> Result<UnitsOutcome, HighCostError> {
    let mut notes = Vec::new();
    // Medical/dental outpatient institutions per person and month, for pharmacies without a
    // prescriber.
    let mut outpatient: BTreeMap<(MemberKey, YearMonth), Vec<Arc<str>>> = BTreeMap::new();
    let mut resolved = Vec::with_capacity(receipts.len());
    for r in receipts {
        if r.insurance.is_none() {
            notes.push((r.position, UnitNote::NoInsurancePart));
            continue;
        }
        let Some(person) = resolve(r) else {
            notes.push((r.position, UnitNote::UnknownPerson));
            continue;
        };
        if r.branch() != ClaimBranch::Pharmacy && r.kind.setting() == Setting::Outpatient {
            let list = outpatient
                .entry((person.clone(), r.service_month))
                .or_default();
            if !list.contains(&r.institution_recorded) {
                list.push(r.institution_recorded.clone());
            }
        }
        resolved.push((r, person));
    }
    let mut rows = Vec::with_capacity(resolved.len());
    for (r, person) in resolved {
        let Some(ins) = &r.insurance else {
            notes.push((r.position, UnitNote::NoInsurancePart));
            continue;
        };
        let Some(institution) = r.institution.clone() else {
            notes.push((r.position, UnitNote::InvalidInstitution));
            continue;
        };
        let total_cost = Yen::new(ins.points.get()).times(YEN_PER_POINT);
        let patient_charge = match ins.patient_charge {
            Some(c) => c,
            None => {
                // 20 and 30 % are always valid rates.
                let rate = Rate::from_percent(Decimal::from(copay_percent(r.kind.category())))
                    .unwrap_or(Rate::ZERO);
                rounding::half_up_to_10_yen(rate.apply(total_cost))
            }
        };
        let setting = match r.kind.setting() {
            Setting::Inpatient => CareSetting::Inpatient,
            Setting::Outpatient => CareSetting::Outpatient,
        };
        let kind = match r.branch() {
            ClaimBranch::Dental => RowKind::Dental(setting),
            ClaimBranch::Pharmacy => {
                let prescriber = r.prescriber().or_else(|| {
                    match outpatient
                        .get(&(person.clone(), r.service_month))
                        .map(Vec::as_slice)
                    {
                        Some([only]) => InstitutionCode::new(only).ok(),
                        _ => None,
                    }
                });
                match prescriber {
                    Some(p) => RowKind::Pharmacy {
                        prescriber_branch: branch_of(&p),
                        prescriber: p,
                    },
                    None => {
                        notes.push((r.position, UnitNote::UnjoinedPharmacy));
                        RowKind::Medical(CareSetting::Outpatient)
                    }
                }
            }
            _ => RowKind::Medical(setting),
        };
        let marked = SPECIFIED_DISEASE_NOTES.iter().any(|c| {
            r.special_notes
                .as_bytes()
                .chunks(2)
                .any(|n| n == c.as_bytes())
        });
        let specified_disease = certificate(&person, r.service_month);
        if marked && specified_disease.is_none() {
            notes.push((r.position, UnitNote::SpecifiedDiseaseWithoutCertificate));
        }
        rows.push(ReceiptRow {
            person,
            month: r.service_month,
            institution,
            kind,
            total_cost,
            patient_charge,
            specified_disease,
        });
    }
    Ok(UnitsOutcome {
        units: build_units(&rows)?,
        notes,
    })
}
