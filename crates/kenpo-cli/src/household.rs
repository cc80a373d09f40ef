//! `kenpo calc household FILE`: one household-month of 高額療養費 (健康保険法 第115条, 施行令
//! 第41条–第43条) and the society's 付加給付 (第53条, the 規約) from a JSON file, for a clerk
//! answering a member. The file lists the members with birth date and relation, the insured
//! person's 標準報酬月額 and tax status, and each receipt; the age status of each person is
//! derived from the birth dates and the treatment month by the library
//! ([`AgeStatus::for_month`], [`AgeStatus::for_dependant`]). No rule lives here.
//!
//! The format (every key required unless marked optional; unknown keys are refused):
//!
//! ```json
//! {
//!   "treatment_month": "2026-07",
//!   "insured": { "standard_monthly": 300000, "tax_status": "taxed" },
//!   "members": [
//!     { "id": "self", "relation": "insured", "birth_date": "1980-05-01" },
//!     { "id": "child", "relation": "dependant", "birth_date": "2015-09-15" }
//!   ],
//!   "receipts": [
//!     { "member": "self", "institution": "0110113719", "setting": "inpatient",
//!       "total_cost": 1000000, "charge": 300000 }
//!   ],
//!   "many_times_history": ["2025-11", "2026-02", "2026-05"]
//! }
//! ```
//!
//! - `insured.tax_status`: `taxed`, `exempt` (市町村民税非課税) or `exempt_no_income`; optional
//!   `insured.reference_income_exemption` (70–74: 基準収入額適用申請, default `false`).
//! - `members[].id`: a label of the file's own (not an insured number); `relation`: `insured`
//!   (exactly one) or `dependant`.
//! - `receipts[].institution`: the 10-digit 医療機関コード; `setting`: `inpatient` or
//!   `outpatient`; optional `branch`: `medical` (default) or `dental`; `total_cost` (医療費, 10割)
//!   and `charge` (the co-payment made) in whole yen; optional `specified_disease`:
//!   `chronic_renal_failure_dialysis`, `haemophilia` or `hiv_by_blood_products`.
//! - `many_times_history` (optional): the months of the previous 12 in which the household was
//!   paid 高額療養費 (多数回該当 from the fourth), each `"YYYY-MM"` or
//!   `{ "month": "YYYY-MM", "outpatient_only": true }` for a month whose only refund was the
//!   70–74 outpatient step (it does not count).
//!
//! ```
//! use kenpo_cli::household;
//! let text = include_str!("../../../examples/calc/household.json");
//! let out = household::decide_text(text, "household.json", &kenpo_cli::calc::sample_society().unwrap()).unwrap();
//! // 区分ウ, 医療費 1,000,000: 80,100 + (1,000,000 − 267,000) × 1 % = 87,430 borne.
//! assert_eq!(out.refund, 212_570);
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use kenpo_domain::additional_benefit::{self, AdditionalBenefitKind};
use kenpo_domain::calendar::YearMonth;
use kenpo_domain::explanation::Explanation;
use kenpo_domain::high_cost::{
    decide_month, AgeBand, AgeStatus, BenefitHistory, CareSetting, CategoryBasis, CostUnit,
    HighCostOptions, HouseholdMonth, MedicalBranch, MemberMonth, PaidMonth, Relation,
    SpecifiedDisease, TaxStatus,
};
use kenpo_domain::identifiers::{InstitutionCode, MemberKey};
use kenpo_domain::society::SocietyConfig;
use kenpo_domain::Yen;

use crate::error::CliError;

/// The insured person's facts that set the household's income category.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsuredFile {
    /// 標準報酬月額 in the treatment month.
    pub standard_monthly: i64,
    /// 課税 / 非課税.
    pub tax_status: TaxStatusFile,
    /// 70–74 only: 基準収入額適用申請 accepted.
    #[serde(default)]
    pub reference_income_exemption: bool,
}

/// `tax_status` in the file.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxStatusFile {
    /// 課税.
    Taxed,
    /// 市町村民税非課税.
    Exempt,
    /// 非課税 and no income.
    ExemptNoIncome,
}

/// `relation` in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationFile {
    /// 被保険者.
    Insured,
    /// 被扶養者.
    Dependant,
}

/// One member of the household.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberFile {
    /// The file's own label for the person.
    pub id: String,
    /// Insured or dependant.
    pub relation: RelationFile,
    /// Date of birth (for the age band; not shown in any output).
    pub birth_date: NaiveDate,
}

/// `setting` in the file.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingFile {
    /// 入院.
    Inpatient,
    /// 外来.
    Outpatient,
}

/// `branch` in the file.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BranchFile {
    /// 医科 (with its 調剤).
    #[default]
    Medical,
    /// 歯科.
    Dental,
}

/// `specified_disease` in the file.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecifiedDiseaseFile {
    /// 人工腎臓を実施している慢性腎不全.
    ChronicRenalFailureDialysis,
    /// 血友病.
    Haemophilia,
    /// 血液製剤に起因するHIV.
    HivByBloodProducts,
}

/// One receipt (one person × institution × 入院/外来 × 医科/歯科 in the month).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptFile {
    /// The `id` of the member treated.
    pub member: String,
    /// 医療機関コード (10 digits).
    pub institution: String,
    /// Inpatient or outpatient.
    pub setting: SettingFile,
    /// Medical or dental.
    #[serde(default)]
    pub branch: BranchFile,
    /// 医療費 (10割).
    pub total_cost: i64,
    /// The co-payment made.
    pub charge: i64,
    /// 特定疾病, if any.
    #[serde(default)]
    pub specified_disease: Option<SpecifiedDiseaseFile>,
}

/// A month of the 多数回 history.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum HistoryFile {
    /// `"YYYY-MM"`.
    Month(YearMonth),
    /// `{ "month": "YYYY-MM", "outpatient_only": bool }`.
    Detailed {
        /// The month.
        month: YearMonth,
        /// The only refund was the 70–74 outpatient step.
        #[serde(default)]
        outpatient_only: bool,
    },
}

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HouseholdFile {
    /// 診療月.
    pub treatment_month: YearMonth,
    /// The insured person's category facts.
    pub insured: InsuredFile,
    /// The members (exactly one insured).
    pub members: Vec<MemberFile>,
    /// The receipts.
    pub receipts: Vec<ReceiptFile>,
    /// Months with 高額療養費 paid in the previous 12.
    #[serde(default)]
    pub many_times_history: Vec<HistoryFile>,
}

/// One receipt in the output.
#[derive(Debug, Clone, Serialize)]
pub struct ReceiptOutput {
    /// Its position in the file.
    pub index: usize,
    /// The member's `id`.
    pub member: String,
    /// `insured` or `dependant`.
    pub relation: RelationFile,
    /// `under_70` or `70_74`.
    pub age_band: &'static str,
    /// `inpatient` or `outpatient`.
    pub setting: SettingFile,
    /// 医療費.
    pub total_cost: i64,
    /// The co-payment.
    pub charge: i64,
    /// `included` or why it was left out (e.g. under 21,000).
    pub treatment: String,
}

/// One 付加給付 payment (per block of receipts refunded together).
#[derive(Debug, Clone, Serialize)]
pub struct AdditionalOutput {
    /// `insured_refund` (一部負担還元金), `family_supplement` (家族療養費付加金) or
    /// `aggregated_supplement` (合算高額療養費付加金).
    pub kind: &'static str,
    /// The receipts (indices in the file).
    pub receipts: Vec<usize>,
    /// Charges minus 高額療養費.
    pub remaining: i64,
    /// The deductible for the block.
    pub deductible: i64,
    /// The amount paid.
    pub amount: i64,
}

/// `kenpo calc household --json`.
#[derive(Debug, Clone, Serialize)]
pub struct HouseholdOutput {
    /// 診療月.
    pub treatment_month: YearMonth,
    /// The under-70 category (`ア`–`オ`).
    pub category: String,
    /// The 70–74 category, when a 70–74 member has receipts.
    pub elderly_category: Option<String>,
    /// 多数回該当 applied.
    pub many_times: bool,
    /// The sum of the co-payments.
    pub total_charges: i64,
    /// 高額療養費.
    pub refund: i64,
    /// 付加給付 (0 when the society pays none).
    pub additional_benefit: i64,
    /// What the household bears: charges − 高額療養費 − 付加給付.
    pub borne: i64,
    /// Each receipt.
    pub receipts: Vec<ReceiptOutput>,
    /// Each 付加給付 block.
    pub additional: Vec<AdditionalOutput>,
    /// The limit table version.
    pub table: String,
    /// The 高額療養費 steps.
    pub explanation: Explanation,
    /// The 付加給付 steps (`null` when the society has no 付加給付 rules).
    pub additional_explanation: Option<Explanation>,
}

fn bad(file: &str, field: impl std::fmt::Display, message: impl std::fmt::Display) -> CliError {
    CliError::file(file, format!("{field}: {message}"))
}

/// Reads and decides the household file at `path` with the society's 付加給付 rules.
pub fn decide_file(path: &Path, config: &SocietyConfig) -> Result<HouseholdOutput, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| CliError::file(path, e))?;
    decide_text(&text, &path.display().to_string(), config)
}

/// Parses `text` (named `name` in errors) and decides it.
pub fn decide_text(
    text: &str,
    name: &str,
    config: &SocietyConfig,
) -> Result<HouseholdOutput, CliError> {
    let file: HouseholdFile = parse_json(text, name)?;
    decide(&file, name, config)
}

/// Parses JSON `text` (the file `name`) into `T`; an error names the file, the field path
/// (`receipts[0].charge`), the line and the column.
pub fn parse_json<T: serde::de::DeserializeOwned>(text: &str, name: &str) -> Result<T, CliError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        CliError::file(
            name,
            format!(
                "{}: {} (line {}, column {})",
                if path == "." { "file" } else { &path },
                strip_position(&inner.to_string()),
                inner.line(),
                inner.column()
            ),
        )
    })?;
    de.end()
        .map_err(|e| CliError::file(name, format!("file: {e}")))?;
    Ok(value)
}

/// serde_json appends " at line L column C"; the position is given once, in our own words.
fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .and_then(|i| message.get(..i))
        .unwrap_or(message)
}

fn money(name: &str, field: String, value: i64) -> Result<Yen, CliError> {
    if value < 0 {
        return Err(bad(name, field, "must not be negative"));
    }
    Ok(Yen::new(value))
}

/// Decides a parsed household file.
pub fn decide(
    file: &HouseholdFile,
    name: &str,
    config: &SocietyConfig,
) -> Result<HouseholdOutput, CliError> {
    let month = file.treatment_month;
    let standard = money(
        name,
        "insured.standard_monthly".into(),
        file.insured.standard_monthly,
    )?;
    let insureds: Vec<&MemberFile> = file
        .members
        .iter()
        .filter(|m| m.relation == RelationFile::Insured)
        .collect();
    let [insured] = insureds.as_slice() else {
        return Err(bad(
            name,
            "members",
            format!(
                "exactly one member must have relation \"insured\" ({} found)",
                insureds.len()
            ),
        ));
    };
    // Each member gets a key of the form CALC-1-NN (the file's ids stay in the file).
    let mut keys: BTreeMap<&str, (MemberKey, RelationFile, AgeStatus)> = BTreeMap::new();
    let mut members = Vec::with_capacity(file.members.len());
    for (i, m) in file.members.iter().enumerate() {
        let field = |f: &str| format!("members[{i}].{f}");
        if m.id.trim().is_empty() {
            return Err(bad(name, field("id"), "must not be blank"));
        }
        let key = MemberKey::parse("CALC", "1", &format!("{i:02}"))
            .map_err(|_| bad(name, "members", "at most 100 members"))?;
        let age = match m.relation {
            RelationFile::Insured => AgeStatus::for_month(m.birth_date, month),
            RelationFile::Dependant => {
                AgeStatus::for_dependant(m.birth_date, insured.birth_date, month)
            }
        }
        .map_err(|e| bad(name, field("birth_date"), e))?;
        if keys
            .insert(m.id.as_str(), (key.clone(), m.relation, age))
            .is_some()
        {
            return Err(bad(name, field("id"), "is used by an earlier member"));
        }
        members.push(MemberMonth {
            person: key,
            relation: match m.relation {
                RelationFile::Insured => Relation::Insured,
                RelationFile::Dependant => Relation::Dependant,
            },
            age,
        });
    }
    let mut units = Vec::with_capacity(file.receipts.len());
    for (i, r) in file.receipts.iter().enumerate() {
        let field = |f: &str| format!("receipts[{i}].{f}");
        let Some((key, _, _)) = keys.get(r.member.as_str()) else {
            return Err(bad(name, field("member"), "is not the id of a member"));
        };
        let total_cost = money(name, field("total_cost"), r.total_cost)?;
        let charge = money(name, field("charge"), r.charge)?;
        if charge > total_cost {
            return Err(bad(name, field("charge"), "is more than total_cost"));
        }
        let institution =
            InstitutionCode::new(&r.institution).map_err(|e| bad(name, field("institution"), e))?;
        units.push(CostUnit {
            person: key.clone(),
            month,
            institution,
            setting: match r.setting {
                SettingFile::Inpatient => CareSetting::Inpatient,
                SettingFile::Outpatient => CareSetting::Outpatient,
            },
            branch: match r.branch {
                BranchFile::Medical => MedicalBranch::Medical,
                BranchFile::Dental => MedicalBranch::Dental,
            },
            total_cost,
            patient_charge: charge,
            specified_disease: r.specified_disease.map(|s| match s {
                SpecifiedDiseaseFile::ChronicRenalFailureDialysis => {
                    SpecifiedDisease::ChronicRenalFailureDialysis
                }
                SpecifiedDiseaseFile::Haemophilia => SpecifiedDisease::Haemophilia,
                SpecifiedDiseaseFile::HivByBloodProducts => SpecifiedDisease::HivByBloodProducts,
            }),
        });
    }
    let household_key = keys
        .get(insured.id.as_str())
        .map(|(k, _, _)| k.clone())
        .ok_or_else(|| bad(name, "members", "no insured member"))?;
    let mut paid = Vec::with_capacity(file.many_times_history.len());
    for (i, h) in file.many_times_history.iter().enumerate() {
        let (m, outpatient_only) = match h {
            HistoryFile::Month(m) => (*m, false),
            HistoryFile::Detailed {
                month,
                outpatient_only,
            } => (*month, *outpatient_only),
        };
        if m >= month {
            return Err(bad(
                name,
                format!("many_times_history[{i}]"),
                "is not before treatment_month",
            ));
        }
        paid.push(PaidMonth {
            month: m,
            household: household_key.clone(),
            outpatient_only,
        });
    }
    let input = HouseholdMonth {
        month,
        household: household_key,
        basis: CategoryBasis {
            standard_monthly: standard,
            tax_status: match file.insured.tax_status {
                TaxStatusFile::Taxed => TaxStatus::Taxed,
                TaxStatusFile::Exempt => TaxStatus::Exempt,
                TaxStatusFile::ExemptNoIncome => TaxStatus::ExemptNoIncome,
            },
            reference_income_exemption: file.insured.reference_income_exemption,
        },
        members,
        units,
    };
    let history = BenefitHistory {
        spell_start: None,
        paid,
    };
    let decided = decide_month(&input, &history, &HighCostOptions::default())
        .map_err(|e| bad(name, "receipts", e))?;
    let additional = match &config.additional_benefits {
        Some(rules) => Some(
            additional_benefit::decide(rules, &decided)
                .map_err(|e| bad(name, "treatment_month", e))?,
        ),
        None => None,
    };
    let additional_total = additional.as_ref().map_or(Yen::ZERO, |a| a.total);
    let receipts = file
        .receipts
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (relation, age) = keys.get(r.member.as_str()).map_or(
                (RelationFile::Dependant, AgeStatus::UNDER_70),
                |(_, rel, a)| (*rel, *a),
            );
            let treatment = decided
                .units
                .iter()
                .find(|u| u.index == i)
                .map_or_else(String::new, |u| u.reason.clone());
            ReceiptOutput {
                index: i,
                member: r.member.clone(),
                relation,
                age_band: if age.band == AgeBand::Elderly {
                    "70_74"
                } else {
                    "under_70"
                },
                setting: r.setting,
                total_cost: r.total_cost,
                charge: r.charge,
                treatment,
            }
        })
        .collect();
    let blocks = additional
        .as_ref()
        .map(|a| {
            a.payments
                .iter()
                .map(|p| AdditionalOutput {
                    kind: match p.kind {
                        AdditionalBenefitKind::InsuredRefund => "insured_refund",
                        AdditionalBenefitKind::FamilySupplement => "family_supplement",
                        _ => "aggregated_supplement",
                    },
                    receipts: p.units.clone(),
                    remaining: p.remaining.get(),
                    deductible: p.deductible.get(),
                    amount: p.amount.get(),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(HouseholdOutput {
        treatment_month: month,
        category: decided.under70_category.label().to_owned(),
        elderly_category: decided.elderly_category.map(|c| c.label().to_owned()),
        many_times: decided.many_times,
        total_charges: decided.total_charges.get(),
        refund: decided.refund.get(),
        additional_benefit: additional_total.get(),
        borne: (decided.total_charges - decided.refund - additional_total).get(),
        receipts,
        additional: blocks,
        table: decided.under70_table.clone(),
        explanation: decided.explanation,
        additional_explanation: additional.map(|a| a.explanation),
    })
}
