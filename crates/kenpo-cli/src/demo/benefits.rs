//! The benefit stages of the monthly job: 高額療養費 and 付加給付 per household-month, from the
//! 高額療養費 units the receipts module built from the month's accepted receipts.

use std::collections::BTreeMap;

use serde::Serialize;

use kenpo_domain::additional_benefit;
use kenpo_domain::calendar::YearMonth;
use kenpo_domain::high_cost::{
    decide_month, AgeStatus, BenefitHistory, CategoryBasis, CostUnit, HighCostOptions,
    HouseholdMonth, MemberMonth, ReceiptRow, Relation, TaxStatus,
};
use kenpo_domain::identifiers::MemberKey;
use kenpo_domain::member::{MemberMaster, Role};
use kenpo_domain::society::SocietyConfig;
use kenpo_domain::Yen;

use super::job::grade_in;
use super::progress::Progress;
use super::society::DemoSociety;
use crate::error::CliError;

/// One household's benefits for the service month.
#[derive(Debug, Clone, Serialize)]
pub struct HouseholdBenefit {
    /// The household (its insured person).
    pub household: MemberKey,
    /// The income category (所得区分) under 70.
    pub category: String,
    /// 多数回該当.
    pub many_times: bool,
    /// The household's co-payments.
    pub charges: Yen,
    /// 高額療養費.
    pub high_cost: Yen,
    /// 付加給付 (一部負担還元金, 家族療養費付加金, 合算高額療養費付加金 together).
    pub additional: Yen,
}

/// What the benefit stages produced.
#[derive(Debug, Clone, Serialize)]
pub struct BenefitsResult {
    /// Households with a receipt in the service month.
    pub households: usize,
    /// Households with a 高額療養費 or 付加給付 payment.
    pub paid: Vec<HouseholdBenefit>,
    /// 高額療養費 in all.
    pub high_cost_total: Yen,
    /// 付加給付 in all.
    pub additional_total: Yen,
}

/// Decides 高額療養費 and 付加給付 for every household with receipts in `month`. `units` are those
/// of the receipts the checks let through; each goes to the household of its patient's insured
/// person in the member master.
pub fn run(
    society: &DemoSociety,
    master: &MemberMaster,
    config: &SocietyConfig,
    units: &[CostUnit],
    month: YearMonth,
    progress: &Progress,
) -> Result<BenefitsResult, CliError> {
    let mut by_household: BTreeMap<MemberKey, Vec<CostUnit>> = BTreeMap::new();
    for unit in units {
        if let Some(household) = household_of(master, &unit.person) {
            by_household
                .entry(household)
                .or_default()
                .push(unit.clone());
        }
    }
    let plans: BTreeMap<&MemberKey, usize> = society
        .insured
        .iter()
        .enumerate()
        .map(|(i, p)| (&p.key, i))
        .collect();
    let options = HighCostOptions::default();
    let bar = progress.bar("高額療養費 high-cost", by_household.len());
    let mut paid = Vec::new();
    let (mut high_cost_total, mut additional_total) = (Yen::ZERO, Yen::ZERO);
    for (household, units) in &by_household {
        bar.inc(1);
        let Some(plan) = plans.get(household).and_then(|&i| society.insured.get(i)) else {
            continue;
        };
        let units = units.clone();
        let mut members = Vec::new();
        for person in units.iter().map(|u| &u.person) {
            if members.iter().any(|m: &MemberMonth| &m.person == person) {
                continue;
            }
            let Some(birth) = master
                .record(person)
                .and_then(kenpo_domain::member::PersonRecord::birth_date)
            else {
                continue;
            };
            let age =
                AgeStatus::for_month(birth, month).map_err(|e| CliError::demo("high-cost", e))?;
            members.push(MemberMonth {
                person: person.clone(),
                relation: if person == household {
                    Relation::Insured
                } else {
                    Relation::Dependant
                },
                age,
            });
        }
        if !members.iter().any(|m| m.relation == Relation::Insured) {
            // The rules list the insured person even without receipts of their own.
            let birth = plan.identity.birth_date;
            let age =
                AgeStatus::for_month(birth, month).map_err(|e| CliError::demo("high-cost", e))?;
            members.push(MemberMonth {
                person: household.clone(),
                relation: Relation::Insured,
                age,
            });
        }
        let standard_monthly = grade_in(plan, month)?
            .map(|g| g.standard_monthly)
            .unwrap_or(Yen::ZERO);
        let input = HouseholdMonth {
            month,
            household: household.clone(),
            basis: CategoryBasis {
                standard_monthly,
                tax_status: TaxStatus::Taxed,
                reference_income_exemption: false,
            },
            members,
            units,
        };
        let decision = decide_month(&input, &BenefitHistory::default(), &options)
            .map_err(|e| CliError::demo("high-cost", e))?;
        let additional = match &config.additional_benefits {
            Some(rules) => {
                additional_benefit::decide(rules, &decision)
                    .map_err(|e| CliError::demo("additional benefits", e))?
                    .total
            }
            None => Yen::ZERO,
        };
        if decision.refund > Yen::ZERO || additional > Yen::ZERO {
            high_cost_total += decision.refund;
            additional_total += additional;
            paid.push(HouseholdBenefit {
                household: household.clone(),
                category: decision.under70_category.label().to_owned(),
                many_times: decision.many_times,
                charges: decision.total_charges,
                high_cost: decision.refund,
                additional,
            });
        }
    }
    bar.finish();

    Ok(BenefitsResult {
        households: by_household.len(),
        paid,
        high_cost_total,
        additional_total,
    })
}

/// The household (insured person) of `person` in the member master.
pub fn household_of(master: &MemberMaster, person: &MemberKey) -> Option<MemberKey> {
    let record = master.record(person)?;
    Some(match record.role() {
        Role::Dependent { insured } => insured.clone(),
        _ => person.clone(),
    })
}

/// `rows` grouped by household, for the 医療費通知.
pub fn rows_by_household(
    master: &MemberMaster,
    rows: &[ReceiptRow],
) -> BTreeMap<MemberKey, Vec<ReceiptRow>> {
    let mut out: BTreeMap<MemberKey, Vec<ReceiptRow>> = BTreeMap::new();
    for row in rows {
        if let Some(h) = household_of(master, &row.person) {
            out.entry(h).or_default().push(row.clone());
        }
    }
    out
}
