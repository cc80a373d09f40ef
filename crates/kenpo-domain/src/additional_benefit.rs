//! The society's additional benefits (付加給付, 健康保険法 第53条: 健康保険組合は規約で定めるところにより
//! 付加給付を行うことができる): 一部負担還元金, 家族療養費付加金 and 合算高額療養費付加金.
//!
//! Each society sets its own amounts in its 規約, so they are **data**
//! ([`AdditionalBenefitRules`], loaded from TOML or JSON, validated on load). The common shape of
//! the rule, as societies publish it (e.g. 「1件につき自己負担額から25,000円を控除した額、100円未満切捨て、
//! 1,000円未満は不支給」):
//!
//! ```text
//! amount = floor_to_100(charges − 高額療養費 − deductible × number of units), 0 if below the minimum
//! ```
//!
//! always computed on what remains after 高額療養費: the base comes from the
//! [`BenefitBlock`]s of a [`HouseholdMonthDecision`]. A single unit of the insured person gives
//! 一部負担還元金, of a dependant 家族療養費付加金; units refunded together by 世帯合算 give
//! 合算高額療養費付加金 with one deductible per unit. The deductible is per unit (one person ×
//! month × institution × 入院/外来 × 医科/歯科, i.e. per receipt); a society may set a higher one
//! for upper-income households (区分ア・イ, 現役並み II・III). Rounding goes through
//! [`rounding::floor_to_100_yen`].
//!
//! ```
//! use kenpo_domain::additional_benefit::AdditionalBenefitRules;
//!
//! let rules = AdditionalBenefitRules::from_toml(r#"
//!     [[versions]]
//!     effective_from = "2015-01"
//!     [versions.insured_refund]
//!     deductible = 25000
//!     minimum_payment = 1000
//! "#).unwrap();
//! assert_eq!(rules.versions().len(), 1);
//! assert!(AdditionalBenefitRules::from_toml("[[versions]]\neffective_from = \"2015-01\"\nbogus = 1").is_err());
//! ```

use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;
use crate::explanation::Explanation;
use crate::high_cost::{BenefitBlock, BlockKind, HouseholdMonthDecision, Relation, UnitTreatment};
use crate::money::Yen;
use crate::rounding;

/// Why rules were rejected or a benefit could not be decided.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AdditionalBenefitError {
    /// The configuration text is not valid TOML/JSON for the rules (the parser's message).
    #[error("additional-benefit configuration: {message}")]
    Parse {
        /// The parser's message.
        message: String,
    },
    /// No version is given.
    #[error("additional-benefit configuration has no version")]
    NoVersions,
    /// Versions are not in strictly ascending order of `effective_from`.
    #[error("version {index}: effective_from not after the previous version's")]
    NotAscending {
        /// Index of the version.
        index: usize,
    },
    /// A negative amount.
    #[error("version {index}: {field} is negative")]
    NegativeAmount {
        /// Index of the version.
        index: usize,
        /// The field.
        field: &'static str,
    },
    /// No version covers the treatment month.
    #[error("no additional-benefit rules in force for treatment month {month}")]
    NoRulesForMonth {
        /// The month.
        month: YearMonth,
    },
}

/// One benefit's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenefitRule {
    /// The deductible per unit (レセプト1件につき控除する額, e.g. 25,000).
    pub deductible: Yen,
    /// A higher deductible for upper-income households (上位所得者: 区分ア・イ, 現役並み II・III),
    /// if the society sets one (e.g. 50,000).
    #[serde(default)]
    pub upper_income_deductible: Option<Yen>,
    /// No payment when the amount (after flooring to 100 yen) is below this (e.g. 1,000).
    pub minimum_payment: Yen,
}

/// The rules in force from one treatment month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesVersion {
    /// First treatment month.
    pub effective_from: YearMonth,
    /// 一部負担還元金 (the insured person's own receipts); `None` if the society has none.
    #[serde(default)]
    pub insured_refund: Option<BenefitRule>,
    /// 家族療養費付加金 (dependants' receipts).
    #[serde(default)]
    pub family_supplement: Option<BenefitRule>,
    /// 合算高額療養費付加金 (receipts refunded together by 世帯合算).
    #[serde(default)]
    pub aggregated_supplement: Option<BenefitRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    versions: Vec<RulesVersion>,
}

/// A society's 付加給付 rules: dated versions, validated (at least one, strictly ascending,
/// no negative amount). The integrator hangs this into the society configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawRules")]
pub struct AdditionalBenefitRules {
    versions: Vec<RulesVersion>,
}

impl TryFrom<RawRules> for AdditionalBenefitRules {
    type Error = AdditionalBenefitError;
    fn try_from(raw: RawRules) -> Result<Self, Self::Error> {
        AdditionalBenefitRules::new(raw.versions)
    }
}

impl AdditionalBenefitRules {
    /// Validated rules from versions.
    ///
    /// # Errors
    /// [`AdditionalBenefitError::NoVersions`], [`AdditionalBenefitError::NotAscending`],
    /// [`AdditionalBenefitError::NegativeAmount`].
    pub fn new(versions: Vec<RulesVersion>) -> Result<Self, AdditionalBenefitError> {
        if versions.is_empty() {
            return Err(AdditionalBenefitError::NoVersions);
        }
        for (index, v) in versions.iter().enumerate() {
            if index > 0
                && versions
                    .get(index - 1)
                    .is_some_and(|p| p.effective_from >= v.effective_from)
            {
                return Err(AdditionalBenefitError::NotAscending { index });
            }
            for rule in [
                v.insured_refund,
                v.family_supplement,
                v.aggregated_supplement,
            ]
            .into_iter()
            .flatten()
            {
                let neg = |field| Err(AdditionalBenefitError::NegativeAmount { index, field });
                if rule.deductible.is_negative() {
                    return neg("deductible");
                }
                if rule.upper_income_deductible.is_some_and(Yen::is_negative) {
                    return neg("upper_income_deductible");
                }
                if rule.minimum_payment.is_negative() {
                    return neg("minimum_payment");
                }
            }
        }
        Ok(AdditionalBenefitRules { versions })
    }

    /// Parses and validates TOML.
    ///
    /// # Errors
    /// [`AdditionalBenefitError::Parse`] (unknown fields are refused) or a validation error.
    pub fn from_toml(text: &str) -> Result<Self, AdditionalBenefitError> {
        toml::from_str(text).map_err(|e| AdditionalBenefitError::Parse {
            message: e.message().to_owned(),
        })
    }

    /// The versions, oldest first.
    pub fn versions(&self) -> &[RulesVersion] {
        &self.versions
    }

    /// The version in force for a treatment month.
    ///
    /// # Errors
    /// [`AdditionalBenefitError::NoRulesForMonth`] before the first version.
    pub fn for_month(&self, month: YearMonth) -> Result<&RulesVersion, AdditionalBenefitError> {
        self.versions
            .iter()
            .rev()
            .find(|v| v.effective_from <= month)
            .ok_or(AdditionalBenefitError::NoRulesForMonth { month })
    }
}

/// Kind of additional benefit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum AdditionalBenefitKind {
    /// 一部負担還元金 (the insured person's receipt).
    InsuredRefund,
    /// 家族療養費付加金 (a dependant's receipt).
    FamilySupplement,
    /// 合算高額療養費付加金 (receipts refunded together by 世帯合算).
    AggregatedSupplement,
}

/// The payment on one block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockPayment {
    /// Kind.
    pub kind: AdditionalBenefitKind,
    /// Indices of the units (as in the high-cost decision).
    pub units: Vec<usize>,
    /// Charges minus 高額療養費.
    pub remaining: Yen,
    /// Deductible for the block (per unit × units).
    pub deductible: Yen,
    /// Amount paid (0 when below the minimum or the society has no such benefit).
    pub amount: Yen,
}

/// The additional benefits of one household-month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdditionalBenefitDecision {
    /// Treatment month.
    pub month: YearMonth,
    /// The rules version used.
    pub rules_from: YearMonth,
    /// One entry per block.
    pub payments: Vec<BlockPayment>,
    /// Sum of the payments.
    pub total: Yen,
    /// Each block's arithmetic.
    pub explanation: Explanation,
}

fn block_kind(block: &BenefitBlock) -> AdditionalBenefitKind {
    match block.kind {
        BlockKind::Single(Relation::Insured) => AdditionalBenefitKind::InsuredRefund,
        BlockKind::Single(_) => AdditionalBenefitKind::FamilySupplement,
        _ => AdditionalBenefitKind::AggregatedSupplement,
    }
}

/// Decides the additional benefits on a high-cost decision, with the rules of its treatment
/// month.
///
/// # Errors
/// [`AdditionalBenefitError::NoRulesForMonth`].
pub fn decide(
    rules: &AdditionalBenefitRules,
    high_cost: &HouseholdMonthDecision,
) -> Result<AdditionalBenefitDecision, AdditionalBenefitError> {
    let version = rules.for_month(high_cost.month)?;
    // Explained exactly when the 高額療養費 decision it follows was.
    let mut e = Explanation::with(
        format!("additional_benefit@{}", version.effective_from),
        "健康保険法 第53条; 組合規約 (付加給付)",
        high_cost.explanation.explain(),
    );
    let mut payments = Vec::with_capacity(high_cost.blocks.len());
    for block in &high_cost.blocks {
        let kind = block_kind(block);
        let rule = match kind {
            AdditionalBenefitKind::InsuredRefund => version.insured_refund,
            AdditionalBenefitKind::FamilySupplement => version.family_supplement,
            AdditionalBenefitKind::AggregatedSupplement => version.aggregated_supplement,
        };
        let remaining = (block.charges - block.high_cost).clamp_non_negative();
        let label = format_args!("{kind:?} units {:?}", block.units);
        let Some(rule) = rule else {
            e.step(label, "the society has no such benefit in this version");
            payments.push(BlockPayment {
                kind,
                units: block.units.clone(),
                remaining,
                deductible: Yen::ZERO,
                amount: Yen::ZERO,
            });
            continue;
        };
        let only_elderly = block.units.iter().all(|&i| {
            high_cost
                .units
                .get(i)
                .is_some_and(|u| u.treatment == UnitTreatment::Elderly)
        });
        let upper = if only_elderly {
            high_cost
                .elderly_category
                .is_some_and(|c| c.is_upper_income())
        } else {
            high_cost.under70_category.is_upper_income()
        };
        let per_unit = match (upper, rule.upper_income_deductible) {
            (true, Some(d)) => d,
            _ => rule.deductible,
        };
        let count = i64::try_from(block.units.len()).unwrap_or(i64::MAX);
        let deductible = per_unit.times(count);
        let raw = (remaining - deductible).clamp_non_negative();
        let floored = rounding::floor_to_100_yen(raw.to_decimal());
        let amount = if floored < rule.minimum_payment {
            Yen::ZERO
        } else {
            floored
        };
        e.step(
            label,
            format_args!(
                "charges {} − 高額療養費 {} = {remaining}; − {per_unit} × {count} = {raw}; floor to 100 → {floored}; minimum {} → {amount}",
                block.charges, block.high_cost, rule.minimum_payment
            ),
        );
        payments.push(BlockPayment {
            kind,
            units: block.units.clone(),
            remaining,
            deductible,
            amount,
        });
    }
    let total = payments.iter().map(|p| p.amount).sum();
    e.step("total", format_args!("{total}"));
    Ok(AdditionalBenefitDecision {
        month: high_cost.month,
        rules_from: version.effective_from,
        payments,
        total,
        explanation: e,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::high_cost::test_support::{inst, key};
    use crate::high_cost::{
        decide_month, AgeStatus, BenefitHistory, CareSetting, CategoryBasis, CostUnit,
        HighCostOptions, HouseholdMonth, MedicalBranch, MemberMonth, TaxStatus,
    };

    const A: &str = include_str!("../../../examples/config/additional-benefits-a.toml");
    const B: &str = include_str!("../../../examples/config/additional-benefits-b.toml");

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    fn cost_unit(
        person: &str,
        institution: u32,
        setting: CareSetting,
        cost: i64,
        charge: i64,
    ) -> CostUnit {
        CostUnit {
            person: key(person),
            month: ym(2026, 7),
            institution: inst(institution),
            setting,
            branch: MedicalBranch::Medical,
            total_cost: Yen::new(cost),
            patient_charge: Yen::new(charge),
            specified_disease: None,
        }
    }

    fn high_cost(standard: i64, units: Vec<CostUnit>) -> HouseholdMonthDecision {
        let input = HouseholdMonth {
            month: ym(2026, 7),
            household: key("INS"),
            basis: CategoryBasis {
                standard_monthly: Yen::new(standard),
                tax_status: TaxStatus::Taxed,
                reference_income_exemption: false,
            },
            members: vec![
                MemberMonth {
                    person: key("INS"),
                    relation: Relation::Insured,
                    age: AgeStatus::UNDER_70,
                },
                MemberMonth {
                    person: key("DEP"),
                    relation: Relation::Dependant,
                    age: AgeStatus::UNDER_70,
                },
            ],
            units,
        };
        decide_month(
            &input,
            &BenefitHistory::default(),
            &HighCostOptions::default(),
        )
        .unwrap()
    }

    /// Sample society a: 25,000 per receipt (50,000 上位所得者), minimum 1,000. Sample b: 20,000
    /// (30,000 before April 2026) — the same facts give different figures, so the rules are data.
    #[test]
    fn both_sample_configurations_load_and_differ() {
        let a = AdditionalBenefitRules::from_toml(A).unwrap();
        let b = AdditionalBenefitRules::from_toml(B).unwrap();
        // 区分ウ, one insured receipt: 医療費 300,000, charge 90,000; 高額療養費 9,570 (limit 80,430).
        let hc = high_cost(
            300_000,
            vec![cost_unit("INS", 1, CareSetting::Inpatient, 300_000, 90_000)],
        );
        assert_eq!(hc.refund, Yen::new(9_570));
        let da = decide(&a, &hc).unwrap();
        let db = decide(&b, &hc).unwrap();
        // a: 80,430 − 25,000 = 55,430 → 55,400. b: 80,430 − 20,000 = 60,430 → 60,400.
        assert_eq!(da.total, Yen::new(55_400));
        assert_eq!(db.total, Yen::new(60_400));
        assert_eq!(da.payments[0].kind, AdditionalBenefitKind::InsuredRefund);
        // Upper income (区分イ) under a: 50,000 deductible. 医療費 300,000 → limit 167,400 > 90,000.
        let hc = high_cost(
            620_000,
            vec![cost_unit("INS", 1, CareSetting::Inpatient, 300_000, 90_000)],
        );
        assert_eq!(decide(&a, &hc).unwrap().total, Yen::new(40_000));
        assert_eq!(decide(&b, &hc).unwrap().total, Yen::new(70_000));
    }

    /// Minimum payment and the family / aggregated kinds.
    #[test]
    fn minimum_family_and_aggregated() {
        let a = AdditionalBenefitRules::from_toml(A).unwrap();
        // Dependant's receipt of 25,900: 900 after the deductible → below the 1,000 minimum.
        let hc = high_cost(
            300_000,
            vec![cost_unit("DEP", 1, CareSetting::Outpatient, 86_334, 25_900)],
        );
        let d = decide(&a, &hc).unwrap();
        assert_eq!(d.payments[0].kind, AdditionalBenefitKind::FamilySupplement);
        assert_eq!(d.total, Yen::ZERO);
        // Two receipts of 60,000 aggregated under ウ (医療費 400,000: limit 81,430 → refund 38,570):
        // 81,430 − 2 × 25,000 = 31,430 → 31,400 as 合算高額療養費付加金.
        let hc = high_cost(
            300_000,
            vec![
                cost_unit("INS", 1, CareSetting::Inpatient, 200_000, 60_000),
                cost_unit("DEP", 2, CareSetting::Inpatient, 200_000, 60_000),
            ],
        );
        assert_eq!(hc.refund, Yen::new(38_570));
        let d = decide(&a, &hc).unwrap();
        assert_eq!(d.payments.len(), 1);
        assert_eq!(
            d.payments[0].kind,
            AdditionalBenefitKind::AggregatedSupplement
        );
        assert_eq!(d.total, Yen::new(31_400));
        assert!(d.explanation.to_string().contains("floor to 100"));
    }

    #[test]
    fn validation() {
        assert_eq!(
            AdditionalBenefitRules::new(Vec::new()).unwrap_err(),
            AdditionalBenefitError::NoVersions
        );
        let v = RulesVersion {
            effective_from: ym(2020, 4),
            insured_refund: Some(BenefitRule {
                deductible: Yen::new(-1),
                upper_income_deductible: None,
                minimum_payment: Yen::ZERO,
            }),
            family_supplement: None,
            aggregated_supplement: None,
        };
        assert_eq!(
            AdditionalBenefitRules::new(vec![v]).unwrap_err(),
            AdditionalBenefitError::NegativeAmount {
                index: 0,
                field: "deductible"
            }
        );
        let ok = RulesVersion {
            insured_refund: None,
            ..v
        };
        assert_eq!(
            AdditionalBenefitRules::new(vec![ok, ok]).unwrap_err(),
            AdditionalBenefitError::NotAscending { index: 1 }
        );
        let rules = AdditionalBenefitRules::new(vec![ok]).unwrap();
        assert!(rules.for_month(ym(2020, 3)).is_err());
        // JSON goes through the same validation.
        assert!(serde_json::from_str::<AdditionalBenefitRules>(r#"{"versions":[]}"#).is_err());
        assert!(AdditionalBenefitRules::from_toml("versions = 1").is_err());
    }
}
