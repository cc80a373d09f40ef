//! The unit of calculation (算定単位): one person × one treatment month × one institution ×
//! inpatient/outpatient × medical/dental, with a pharmacy's charge under an outside
//! prescription (院外処方) joined to the **prescribing** institution — in practice one レセプト.
//!
//! Source: 健康保険法施行令 第41条1項; 健保連大阪 「レセプト単位で支給決定」 (pharmacy joined to the
//! prescriber); docs/SOURCES.md §3.1. Non-covered charges (食事・生活療養標準負担額, 差額ベッド) are not part
//! of a unit: callers pass covered amounts only.
//!
//! ## Example
//!
//! ```
//! use kenpo_domain::calendar::YearMonth;
//! use kenpo_domain::high_cost::{build_units, CareSetting, MedicalBranch, ReceiptRow, RowKind};
//! use kenpo_domain::identifiers::{InstitutionCode, MemberKey};
//! use kenpo_domain::Yen;
//!
//! let person = MemberKey::parse("1234", "567", "00").unwrap();
//! let month = YearMonth::new(2026, 7).unwrap();
//! let clinic = InstitutionCode::new("0110113719").unwrap();
//! let row = |institution: &InstitutionCode, kind, cost: i64| ReceiptRow {
//!     person: person.clone(),
//!     month,
//!     institution: institution.clone(),
//!     kind,
//!     total_cost: Yen::new(cost),
//!     patient_charge: Yen::new(cost * 3 / 10),
//!     specified_disease: None,
//! };
//! let units = build_units(&[
//!     row(&clinic, RowKind::Medical(CareSetting::Outpatient), 50_000),
//!     // The pharmacy's receipt joins the prescribing clinic's outpatient unit.
//!     row(
//!         &InstitutionCode::new("0140113713").unwrap(),
//!         RowKind::Pharmacy { prescriber: clinic.clone(), prescriber_branch: MedicalBranch::Medical },
//!         20_000,
//!     ),
//! ])
//! .unwrap();
//! assert_eq!(units.len(), 1);
//! assert_eq!(units[0].institution, clinic);
//! assert_eq!(units[0].total_cost, Yen::new(70_000));
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;
use crate::money::Yen;

use super::HighCostError;
use crate::identifiers::{InstitutionCode, MemberKey};

/// Inpatient or outpatient (入院・入院外), computed apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum CareSetting {
    /// 入院.
    Inpatient,
    /// 入院外 (外来, including 院外処方 dispensing).
    Outpatient,
}

/// Medicine or dentistry (医科・歯科), computed apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum MedicalBranch {
    /// 医科.
    Medical,
    /// 歯科.
    Dental,
}

/// 特定疾病 (長期高額疾病, 健康保険法施行令 第41条9項) certified by a 特定疾病療養受療証.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum SpecifiedDisease {
    /// 人工腎臓を実施している慢性腎不全 (dialysis).
    ChronicRenalFailureDialysis,
    /// 血漿分画製剤を投与している先天性血液凝固因子障害 (haemophilia).
    Haemophilia,
    /// 抗ウイルス剤を投与している後天性免疫不全症候群 (HIV infection through blood products).
    HivByBloodProducts,
}

/// One unit of the 高額療養費 calculation (算定単位, usually one receipt with its pharmacy
/// receipts joined).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostUnit {
    /// The patient.
    pub person: MemberKey,
    /// Treatment month (診療月).
    pub month: YearMonth,
    /// The institution; the prescribing one when a pharmacy is joined.
    pub institution: InstitutionCode,
    /// Inpatient or outpatient.
    pub setting: CareSetting,
    /// Medical or dental.
    pub branch: MedicalBranch,
    /// 10割 医療費 (covered cost) of the unit, pharmacy joined.
    pub total_cost: Yen,
    /// 一部負担金 the patient paid, pharmacy joined.
    pub patient_charge: Yen,
    /// 特定疾病, if the unit is under a 特定疾病療養受療証.
    pub specified_disease: Option<SpecifiedDisease>,
}

impl CostUnit {
    /// Checks the amounts: both non-negative and the charge not above the cost.
    ///
    /// # Errors
    /// [`HighCostError::InvalidAmount`] naming the unit index given.
    pub fn check(&self, index: usize) -> Result<(), HighCostError> {
        let bad = |field| Err(HighCostError::InvalidAmount { unit: index, field });
        if self.total_cost.is_negative() {
            return bad("total_cost");
        }
        if self.patient_charge.is_negative() {
            return bad("patient_charge");
        }
        if self.patient_charge > self.total_cost {
            return bad("patient_charge");
        }
        Ok(())
    }
}

/// What a plain receipt row is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum RowKind {
    /// A medical (医科) receipt.
    Medical(CareSetting),
    /// A dental (歯科) receipt.
    Dental(CareSetting),
    /// A pharmacy (調剤) receipt, joined to the prescribing institution's outpatient unit.
    Pharmacy {
        /// The prescribing institution (処方箋を交付した医療機関).
        prescriber: InstitutionCode,
        /// Whether the prescriber is a medical or a dental practice.
        prescriber_branch: MedicalBranch,
    },
}

/// A plain per-receipt row, for callers without the receipts module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptRow {
    /// The patient.
    pub person: MemberKey,
    /// Treatment month.
    pub month: YearMonth,
    /// The institution that issued the receipt (the pharmacy itself for a pharmacy row).
    pub institution: InstitutionCode,
    /// Kind of receipt.
    pub kind: RowKind,
    /// 10割 医療費 of the receipt.
    pub total_cost: Yen,
    /// 一部負担金 of the receipt.
    pub patient_charge: Yen,
    /// 特定疾病, if any.
    pub specified_disease: Option<SpecifiedDisease>,
}

type UnitKey = (
    MemberKey,
    YearMonth,
    InstitutionCode,
    CareSetting,
    MedicalBranch,
);

/// Builds units from plain receipt rows: one unit per person × month × institution × setting ×
/// branch, summing rows with the same key and joining each pharmacy row to its prescriber's
/// outpatient unit (院外処方, docs/SOURCES.md §3.1). A pharmacy row whose prescriber has no receipt of
/// its own in the month still forms the prescriber's unit. Units come out ordered by key.
///
/// # Errors
/// [`HighCostError::InvalidAmount`] for a negative amount or a charge above the cost (naming the
/// row index); [`HighCostError::ConflictingSpecifiedDisease`] when rows of one unit name
/// different 特定疾病.
pub fn build_units(rows: &[ReceiptRow]) -> Result<Vec<CostUnit>, HighCostError> {
    let mut units: BTreeMap<UnitKey, CostUnit> = BTreeMap::new();
    for (index, row) in rows.iter().enumerate() {
        let (institution, setting, branch) = match &row.kind {
            RowKind::Medical(s) => (row.institution.clone(), *s, MedicalBranch::Medical),
            RowKind::Dental(s) => (row.institution.clone(), *s, MedicalBranch::Dental),
            RowKind::Pharmacy {
                prescriber,
                prescriber_branch,
            } => (
                prescriber.clone(),
                CareSetting::Outpatient,
                *prescriber_branch,
            ),
        };
        let piece = CostUnit {
            person: row.person.clone(),
            month: row.month,
            institution: institution.clone(),
            setting,
            branch,
            total_cost: row.total_cost,
            patient_charge: row.patient_charge,
            specified_disease: row.specified_disease,
        };
        piece.check(index)?;
        let key = (row.person.clone(), row.month, institution, setting, branch);
        match units.get_mut(&key) {
            None => {
                units.insert(key, piece);
            }
            Some(unit) => {
                unit.specified_disease = match (unit.specified_disease, piece.specified_disease) {
                    (Some(a), Some(b)) if a != b => {
                        return Err(HighCostError::ConflictingSpecifiedDisease { row: index })
                    }
                    (a, b) => a.or(b),
                };
                unit.total_cost += piece.total_cost;
                unit.patient_charge += piece.patient_charge;
            }
        }
    }
    Ok(units.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::high_cost::test_support::{inst_with_table, key};

    fn row(institution: InstitutionCode, kind: RowKind, cost: i64, charge: i64) -> ReceiptRow {
        ReceiptRow {
            person: key("INS"),
            month: YearMonth::new(2026, 7).unwrap(),
            institution,
            kind,
            total_cost: Yen::new(cost),
            patient_charge: Yen::new(charge),
            specified_disease: None,
        }
    }

    /// docs/SOURCES.md §3.1: pharmacy joined to the prescriber; inpatient/outpatient and
    /// medical/dental apart.
    #[test]
    fn pharmacy_joins_the_prescriber_and_settings_stay_apart() {
        let hospital = inst_with_table(1, 1);
        let rows = vec![
            row(
                hospital.clone(),
                RowKind::Medical(CareSetting::Outpatient),
                50_000,
                15_000,
            ),
            row(
                hospital.clone(),
                RowKind::Medical(CareSetting::Inpatient),
                300_000,
                90_000,
            ),
            row(
                hospital.clone(),
                RowKind::Dental(CareSetting::Outpatient),
                20_000,
                6_000,
            ),
            row(
                inst_with_table(4, 2),
                RowKind::Pharmacy {
                    prescriber: hospital.clone(),
                    prescriber_branch: MedicalBranch::Medical,
                },
                25_000,
                7_500,
            ),
        ];
        let units = build_units(&rows).unwrap();
        assert_eq!(units.len(), 3);
        let outpatient = units
            .iter()
            .find(|u| u.setting == CareSetting::Outpatient && u.branch == MedicalBranch::Medical)
            .unwrap();
        assert_eq!(outpatient.total_cost, Yen::new(75_000));
        assert_eq!(outpatient.patient_charge, Yen::new(22_500));
        assert_eq!(outpatient.institution, hospital);
    }

    #[test]
    fn bad_rows_are_named() {
        let r = row(
            inst_with_table(1, 1),
            RowKind::Medical(CareSetting::Outpatient),
            1_000,
            2_000,
        );
        assert_eq!(
            build_units(&[r.clone(), r.clone()]).unwrap_err(),
            HighCostError::InvalidAmount {
                unit: 0,
                field: "patient_charge"
            }
        );
        let mut a = row(
            inst_with_table(1, 1),
            RowKind::Medical(CareSetting::Outpatient),
            1_000,
            300,
        );
        let mut b = a.clone();
        a.specified_disease = Some(SpecifiedDisease::Haemophilia);
        b.specified_disease = Some(SpecifiedDisease::ChronicRenalFailureDialysis);
        assert_eq!(
            build_units(&[a, b]).unwrap_err(),
            HighCostError::ConflictingSpecifiedDisease { row: 1 }
        );
    }
}
