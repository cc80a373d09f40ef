//! The monthly decision for one household (世帯合算, 健康保険法施行令 第41条・第42条).
//!
//! Order of the steps (rules.md §3.5–§3.9):
//!
//! 1. **特定疾病**: a unit under a 特定疾病療養受療証 is capped at 10,000 (20,000 for an under-70
//!    dialysis patient of 区分ア・イ); the capped charge takes part in the steps below.
//! 2. **70–74, outpatient per person** (一般・低所得 only): each person's outpatient charges, all of
//!    them, capped at the 外来 limit.
//! 3. **75th-birthday month, per person** (70–74): the person's remaining charges capped at half
//!    the household limit (the person's own limit in the 特例).
//! 4. **70–74 household**: the capped outpatient plus the inpatient charges of every 70–74
//!    member, capped at the 70–74 household limit (多数回 if applicable); no 21,000 floor.
//! 5. **75th-birthday month, per person** (under 70): the person's units of at least the floor
//!    capped at half the under-70 limit.
//! 6. **Under-70 household**: the units of under-70 members with a charge of at least 21,000
//!    (smaller ones left out **entirely**) plus what 70–74 members still bear after step 4,
//!    capped at the under-70 limit of the insured person's category (多数回 if applicable). The
//!    1 % term of this step uses the 医療費 of the aggregated under-70 units plus that of the
//!    70–74 units whose remainder joins (reading of 令42条 for mixed households; the 国保
//!    description of the same layering, rules.md §3.5).
//!
//! The refund is the sum of what each step takes off. The 1 % term is rounded half up to the yen
//! ([`crate::rounding::half_up_to_yen`]) and never negative: a 医療費 below the threshold counts as
//! the threshold (令42条 「…に満たないときは、…」).
//!
//! **Blocks for 付加給付.** The units of an aggregating step that refunded something (the 70–74
//! steps, the under-70 世帯合算, merged when the 70–74 remainder took part in a refunding under-70
//! step) form one [`BenefitBlock`] carrying that refund; every other unit is a block of its own
//! carrying only its 特定疾病 refund. A block of one unit is [`BlockKind::Single`]; the society's
//! rules then apply per block ([`crate::additional_benefit`]). This grouping is this library's
//! reading of the usual 規約 wording (合算高額療養費付加金 on the receipts aggregated together).
//!
//! The 75th-birthday month halving applies to every limit of the person (outpatient, household
//! and 多数回, including the 1 % threshold) but not to the 特定疾病 limit (not confirmed either
//! way). The household floor for such a person is 21,000 unless
//! [`Birthday75Floor::Halved`] is chosen (10,500 is stated for 国保 only).

use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;
use crate::explanation::Explanation;
use crate::money::Yen;
use crate::rounding;

use super::category::{AgeBand, AgeStatus, CategoryBasis};
use super::history::{BenefitHistory, PaidMonth};
use super::tables::{
    self, ElderlyCategory, LimitFormula, PlannedTables, Under70Category,
    HOUSEHOLD_FLOOR_BIRTHDAY_75, HOUSEHOLD_FLOOR_UNDER70, SPECIFIED_DISEASE_LIMITS,
};
use super::unit::{CareSetting, CostUnit, SpecifiedDisease};
use super::HighCostError;
use crate::identifiers::MemberKey;

/// The person's place in the household (被保険者・被扶養者).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Relation {
    /// 被保険者 (the insured person).
    Insured,
    /// 被扶養者 (a dependant).
    Dependant,
}

/// A member of the household in the treatment month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberMonth {
    /// The person.
    pub person: MemberKey,
    /// Insured or dependant.
    pub relation: Relation,
    /// Age band and 75th-birthday halving in the month ([`AgeStatus::for_month`]).
    pub age: AgeStatus,
}

/// The input of one household-month decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HouseholdMonth {
    /// Treatment month.
    pub month: YearMonth,
    /// The household, identified by the insured person (must be among `members` as
    /// [`Relation::Insured`]).
    pub household: MemberKey,
    /// Facts about the insured person that decide the category.
    pub basis: CategoryBasis,
    /// The members (at least every person with a unit, and the insured person).
    pub members: Vec<MemberMonth>,
    /// The units of the month ([`super::build_units`]).
    pub units: Vec<CostUnit>,
}

/// Which 世帯合算 floor applies to a person in the 75th-birthday month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Birthday75Floor {
    /// 21,000 as for everyone (default: the halved floor is not confirmed for kenpo).
    #[default]
    Unchanged,
    /// 10,500, as 国保 does (堺市; rules.md §3.6, §11 item 12).
    Halved,
}

/// How the new annual cap (年間上限, from August 2026) is summed. The reference does not confirm
/// the basis (rules.md §3.3, §11 item 2); see [`super::annual`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub enum AnnualCapBasis {
    /// Household basis, every month of August–July: what the household bore on the charges the
    /// monthly computation counted (aggregated charges minus 高額療養費). Default, as the
    /// MHLW leaflet describes "the cumulative out-of-pocket over August → next July".
    #[default]
    HouseholdAllMonths,
    /// Household basis, only the months in which 高額療養費 was paid (the reading in which the cap
    /// protects people who reach the monthly limit repeatedly without becoming 多数回).
    HouseholdBenefitMonthsOnly,
}

/// Options of the high-cost computation (each a documented choice where the reference is unsure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HighCostOptions {
    /// Whether planned tables may be selected.
    #[serde(default)]
    pub planned_tables: PlannedTables,
    /// The floor in the 75th-birthday month.
    #[serde(default)]
    pub birthday_75_floor: Birthday75Floor,
    /// How the annual cap is summed.
    #[serde(default)]
    pub annual_cap_basis: AnnualCapBasis,
}

/// How a unit was treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum UnitTreatment {
    /// Under 70, charge at least the floor: aggregated (合算対象).
    Aggregated,
    /// Under 70, charge below the floor: left out of 世帯合算 entirely.
    BelowFloor {
        /// The floor applied.
        floor: Yen,
    },
    /// 70–74: every charge aggregated, no floor.
    Elderly,
}

/// The outcome of one unit, in input order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitOutcome {
    /// Index of the unit in the input.
    pub index: usize,
    /// The patient charge.
    pub charge: Yen,
    /// The 10割 cost.
    pub total_cost: Yen,
    /// What the 特定疾病 cap took off this unit.
    pub specified_disease_refund: Yen,
    /// Inclusion or exclusion.
    pub treatment: UnitTreatment,
    /// Why, for a person.
    pub reason: String,
}

/// The refund split by step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RefundBreakdown {
    /// 特定疾病 caps (step 1).
    pub specified_disease: Yen,
    /// 70–74 outpatient per person (step 2).
    pub elderly_outpatient: Yen,
    /// 75th-birthday personal steps (steps 3 and 5).
    pub birthday_75_personal: Yen,
    /// 70–74 household (step 4).
    pub elderly_household: Yen,
    /// Under-70 household (step 6).
    pub under70_household: Yen,
}

impl RefundBreakdown {
    /// The sum of all steps.
    pub fn total(&self) -> Yen {
        self.specified_disease
            + self.elderly_outpatient
            + self.birthday_75_personal
            + self.elderly_household
            + self.under70_household
    }
}

/// Kind of a block of units for the society's additional benefits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum BlockKind {
    /// One unit on its own, of an insured person or a dependant.
    Single(Relation),
    /// Several units that an aggregating step refunded together (合算).
    Aggregated,
}

/// A block of units with the 高額療養費 paid on it: the base of the 付加給付
/// ([`crate::additional_benefit`]), which is always computed on what remains after 高額療養費.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenefitBlock {
    /// Indices of the units.
    pub units: Vec<usize>,
    /// Sum of their patient charges.
    pub charges: Yen,
    /// 高額療養費 attributed to the block.
    pub high_cost: Yen,
    /// Single or aggregated.
    pub kind: BlockKind,
}

/// The decision for one household-month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdMonthDecision {
    /// Treatment month.
    pub month: YearMonth,
    /// Under-70 table version used.
    pub under70_table: String,
    /// 70–74 table version used, when a 70–74 member has units.
    pub elderly_table: Option<String>,
    /// The household's under-70 category.
    pub under70_category: Under70Category,
    /// The household's 70–74 category, when a 70–74 member has units.
    pub elderly_category: Option<ElderlyCategory>,
    /// 多数回該当 applied.
    pub many_times: bool,
    /// Sum of every unit's patient charge.
    pub total_charges: Yen,
    /// 高額療養費 (the sum of the breakdown).
    pub refund: Yen,
    /// Refund by step.
    pub breakdown: RefundBreakdown,
    /// `false` when the only refund is the 70–74 outpatient step (外来のみ does not count toward
    /// 多数回); also `false` with no refund.
    pub counts_toward_many_times: bool,
    /// Charges the monthly computation counted (aggregated units and every 70–74 unit) minus
    /// the refund: the household's out-of-pocket on them, the input of the annual cap.
    pub borne_on_counted_charges: Yen,
    /// Per-unit outcomes.
    pub units: Vec<UnitOutcome>,
    /// Blocks for 付加給付.
    pub blocks: Vec<BenefitBlock>,
    /// Inputs, table versions, each step and each unit's inclusion reason.
    pub explanation: Explanation,
}

impl HouseholdMonthDecision {
    /// The history entry this month adds for 多数回該当 (`None` without a refund); feed it back
    /// into [`BenefitHistory::paid`] for later months.
    pub fn paid_month(&self, household: &MemberKey) -> Option<PaidMonth> {
        (self.refund > Yen::ZERO).then(|| PaidMonth {
            month: self.month,
            household: household.clone(),
            outpatient_only: !self.counts_toward_many_times,
        })
    }
}

/// 1 % (the rate of the 医療費 term, 令42条1項).
fn one_percent() -> rust_decimal::Decimal {
    rust_decimal::Decimal::new(1, 2)
}

fn halve(y: Yen) -> Result<Yen, HighCostError> {
    if y.get() % 2 != 0 {
        return Err(HighCostError::OddAmountHalved { amount: y });
    }
    Ok(Yen::new(y.get() / 2))
}

/// Evaluates a limit formula for `cost` (halved in the 75th-birthday month), writing the
/// arithmetic into `e`.
pub(crate) fn evaluate_limit(
    formula: LimitFormula,
    cost: Yen,
    halved: bool,
    e: &mut Explanation,
    label: &str,
) -> Result<Yen, HighCostError> {
    let (base, threshold) = if halved {
        (
            halve(formula.base)?,
            formula.threshold.map(halve).transpose()?,
        )
    } else {
        (formula.base, formula.threshold)
    };
    let suffix = if halved {
        " (halved, 75歳到達月)"
    } else {
        ""
    };
    match threshold {
        None => {
            e.step(label, format!("flat {base}{suffix}"));
            Ok(base)
        }
        Some(t) => {
            let excess = if cost > t { cost - t } else { Yen::ZERO };
            let term = rounding::half_up_to_yen(excess.to_decimal() * one_percent());
            let limit = base + term;
            e.step(
                label,
                format!(
                    "{base} + (max(医療費 {cost}, {t}) − {t}) × 1 % = {base} + {term} = {limit}{suffix}"
                ),
            );
            Ok(limit)
        }
    }
}

fn many_or(many: bool, many_amount: Option<Yen>, formula: LimitFormula) -> (LimitFormula, bool) {
    match (many, many_amount) {
        (true, Some(m)) => (
            LimitFormula {
                base: m,
                threshold: None,
            },
            true,
        ),
        _ => (formula, false),
    }
}

fn unit_label(i: usize, u: &CostUnit) -> String {
    format!("unit #{i} ({:?}, {:?})", u.setting, u.branch)
}

/// Decides 高額療養費 for one household and treatment month.
///
/// # Errors
/// [`HighCostError`] for a unit of another month or of a person not listed, a missing insured
/// person, a duplicate member, bad amounts, or a month without a table.
pub fn decide_month(
    input: &HouseholdMonth,
    history: &BenefitHistory,
    options: &HighCostOptions,
) -> Result<HouseholdMonthDecision, HighCostError> {
    let month = input.month;
    // --- validation
    for (i, m) in input.members.iter().enumerate() {
        if input.members[..i].iter().any(|o| o.person == m.person) {
            return Err(HighCostError::DuplicateMember { member: i });
        }
    }
    let insured = input
        .members
        .iter()
        .find(|m| m.person == input.household && m.relation == Relation::Insured)
        .ok_or(HighCostError::InsuredNotListed)?;
    let mut member_of = Vec::with_capacity(input.units.len());
    for (i, u) in input.units.iter().enumerate() {
        u.check(i)?;
        if u.month != month {
            return Err(HighCostError::MonthMismatch { unit: i });
        }
        let m = input
            .members
            .iter()
            .position(|m| m.person == u.person)
            .ok_or(HighCostError::UnknownPerson { unit: i })?;
        member_of.push(m);
    }
    let members = &input.members;
    let member = |i: usize| members.get(member_of.get(i).copied().unwrap_or(usize::MAX));

    // --- tables and categories
    let u70_table = tables::under70_table(month, options.planned_tables)?;
    let u70_row = input.basis.under70_row(u70_table)?;
    let any_elderly_unit =
        (0..input.units.len()).any(|i| member(i).is_some_and(|m| m.age.band == AgeBand::Elderly));
    let elderly = if any_elderly_unit {
        let t = tables::elderly_table(month, options.planned_tables)?;
        let row = input
            .basis
            .elderly_row(t, insured.age.band == AgeBand::Elderly)?;
        Some((t, row))
    } else {
        None
    };
    let counted = history.counted_months(&input.household, month);
    let many = counted.len() >= super::history::MANY_TIMES_EARLIER_MONTHS;

    let mut e = Explanation::new(
        format!("high_cost.household@{}", u70_table.version),
        "健康保険法 第115条; 健康保険法施行令 第41条・第42条",
    );
    e.step(
        "inputs",
        format!(
            "treatment month {month}; {} units; {} members; 標準報酬月額 {}; tax {:?}",
            input.units.len(),
            members.len(),
            input.basis.standard_monthly,
            input.basis.tax_status
        ),
    );
    e.step(
        "under-70 table and category",
        format!(
            "{} ({}); 区分{}",
            u70_table.version, u70_table.source, u70_row.label
        ),
    );
    if let Some((t, row)) = elderly {
        e.step(
            "70–74 table and category",
            format!("{} ({}); {}", t.version, t.source, row.category.label()),
        );
    }
    e.step(
        "多数回該当",
        format!(
            "{} earlier paid months in the 12 ending {month}: {} → {}",
            counted.len(),
            if counted.is_empty() {
                "none".to_owned()
            } else {
                counted
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            if many { "applies" } else { "does not apply" }
        ),
    );

    let mut breakdown = RefundBreakdown::default();
    // Remaining charge per unit after step 1.
    let mut remaining: Vec<Yen> = input.units.iter().map(|u| u.patient_charge).collect();
    let mut spec_refund = vec![Yen::ZERO; input.units.len()];

    // --- step 1: 特定疾病
    for (i, u) in input.units.iter().enumerate() {
        let Some(disease) = u.specified_disease else {
            continue;
        };
        let under70 = member(i).is_some_and(|m| m.age.band == AgeBand::Under70);
        let cap = if disease == SpecifiedDisease::ChronicRenalFailureDialysis
            && under70
            && u70_row.category.is_upper_income()
        {
            SPECIFIED_DISEASE_LIMITS.upper_income_dialysis
        } else {
            SPECIFIED_DISEASE_LIMITS.standard
        };
        if u.patient_charge > cap {
            let r = u.patient_charge - cap;
            spec_refund[i] = r;
            remaining[i] = cap;
            breakdown.specified_disease += r;
        }
        e.step(
            format!("特定疾病 {}", unit_label(i, u)),
            format!(
                "{disease:?}: charge {} capped at {cap} → refund {}",
                u.patient_charge, spec_refund[i]
            ),
        );
    }

    // --- 70–74 steps
    let elderly_units: Vec<usize> = (0..input.units.len())
        .filter(|&i| member(i).is_some_and(|m| m.age.band == AgeBand::Elderly))
        .collect();
    let mut elderly_remainder = Yen::ZERO;
    let mut elderly_cost = Yen::ZERO;
    let mut elderly_aggregating_refund = Yen::ZERO;
    if let Some((_, row)) = elderly {
        let mut person_remainders = Vec::new();
        for (mi, m) in members.iter().enumerate() {
            let own: Vec<usize> = elderly_units
                .iter()
                .copied()
                .filter(|&i| member_of.get(i) == Some(&mi))
                .collect();
            if own.is_empty() {
                continue;
            }
            let halved = m.age.birthday_75_halving;
            let outpatient: Yen = own
                .iter()
                .filter(|&&i| {
                    input
                        .units
                        .get(i)
                        .is_some_and(|u| u.setting == CareSetting::Outpatient)
                })
                .map(|&i| remaining.get(i).copied().unwrap_or_default())
                .sum();
            let inpatient: Yen = own
                .iter()
                .filter(|&&i| {
                    input
                        .units
                        .get(i)
                        .is_some_and(|u| u.setting == CareSetting::Inpatient)
                })
                .map(|&i| remaining.get(i).copied().unwrap_or_default())
                .sum();
            let cost: Yen = own
                .iter()
                .filter_map(|&i| input.units.get(i))
                .map(|u| u.total_cost)
                .sum();
            elderly_cost += cost;
            let mut capped_outpatient = outpatient;
            if let (true, Some(limit)) = (row.category.has_outpatient_step(), row.outpatient) {
                let limit = if halved { halve(limit)? } else { limit };
                if outpatient > limit {
                    let r = outpatient - limit;
                    breakdown.elderly_outpatient += r;
                    elderly_aggregating_refund += r;
                    capped_outpatient = limit;
                }
                e.step(
                    format!("70–74 outpatient, member #{mi}"),
                    format!(
                        "outpatient charges {outpatient} vs 外来 limit {limit} → refund {}",
                        outpatient - capped_outpatient
                    ),
                );
            }
            let mut personal = capped_outpatient + inpatient;
            if halved {
                let (formula, _) = many_or(many, row.many_times, row.household);
                let limit = evaluate_limit(
                    formula,
                    cost,
                    true,
                    &mut e,
                    &format!("75歳到達月 personal limit, member #{mi}"),
                )?;
                if personal > limit {
                    let r = personal - limit;
                    breakdown.birthday_75_personal += r;
                    elderly_aggregating_refund += r;
                    personal = limit;
                }
            }
            person_remainders.push(personal);
        }
        let sum: Yen = person_remainders.iter().sum();
        let (formula, used_many) = many_or(many, row.many_times, row.household);
        let limit = evaluate_limit(
            formula,
            elderly_cost,
            false,
            &mut e,
            if used_many {
                "70–74 household limit (多数回)"
            } else {
                "70–74 household limit"
            },
        )?;
        let r = if sum > limit { sum - limit } else { Yen::ZERO };
        breakdown.elderly_household += r;
        elderly_aggregating_refund += r;
        elderly_remainder = sum - r;
        e.step(
            "70–74 household",
            format!("charges {sum} vs limit {limit} → refund {r}; remainder {elderly_remainder}"),
        );
    }

    // --- under-70 steps
    let mut outcomes = Vec::with_capacity(input.units.len());
    let mut eligible: Vec<usize> = Vec::new();
    for (i, u) in input.units.iter().enumerate() {
        let m = member(i);
        let (treatment, reason) = match m.map(|m| m.age) {
            Some(AgeStatus {
                band: AgeBand::Elderly,
                ..
            }) => (
                UnitTreatment::Elderly,
                "70–74: every charge is aggregated (no 21,000 floor)".to_owned(),
            ),
            age => {
                let floor = match (
                    age.is_some_and(|a| a.birthday_75_halving),
                    options.birthday_75_floor,
                ) {
                    (true, Birthday75Floor::Halved) => HOUSEHOLD_FLOOR_BIRTHDAY_75,
                    _ => HOUSEHOLD_FLOOR_UNDER70,
                };
                let charge = remaining.get(i).copied().unwrap_or_default();
                if charge >= floor {
                    eligible.push(i);
                    (
                        UnitTreatment::Aggregated,
                        format!("charge {charge} ≥ {floor}: aggregated (令41条1項)"),
                    )
                } else {
                    (
                        UnitTreatment::BelowFloor { floor },
                        format!(
                            "charge {charge} < {floor}: left out of 世帯合算 entirely (令41条1項)"
                        ),
                    )
                }
            }
        };
        e.step(unit_label(i, u), reason.clone());
        outcomes.push(UnitOutcome {
            index: i,
            charge: u.patient_charge,
            total_cost: u.total_cost,
            specified_disease_refund: spec_refund.get(i).copied().unwrap_or_default(),
            treatment,
            reason,
        });
    }
    let mut under_aggregating_refund = Yen::ZERO;
    // step 5: 75th-birthday personal cap, under 70
    let mut eligible_remaining: Vec<Yen> = eligible
        .iter()
        .map(|&i| remaining.get(i).copied().unwrap_or_default())
        .collect();
    for (mi, m) in members.iter().enumerate() {
        if m.age.band != AgeBand::Under70 || !m.age.birthday_75_halving {
            continue;
        }
        let own: Vec<usize> = (0..eligible.len())
            .filter(|&k| eligible.get(k).and_then(|&i| member_of.get(i)) == Some(&mi))
            .collect();
        if own.is_empty() {
            continue;
        }
        let sum: Yen = own.iter().filter_map(|&k| eligible_remaining.get(k)).sum();
        let cost: Yen = own
            .iter()
            .filter_map(|&k| eligible.get(k).and_then(|&i| input.units.get(i)))
            .map(|u| u.total_cost)
            .sum();
        let (formula, _) = many_or(many, Some(u70_row.many_times), u70_row.limit);
        let limit = evaluate_limit(
            formula,
            cost,
            true,
            &mut e,
            &format!("75歳到達月 personal limit, member #{mi}"),
        )?;
        if sum > limit {
            let r = sum - limit;
            breakdown.birthday_75_personal += r;
            under_aggregating_refund += r;
            // Take the refund off this person's units in order, keeping each non-negative.
            let mut left = r;
            for &k in &own {
                if let Some(v) = eligible_remaining.get_mut(k) {
                    let take = if *v < left { *v } else { left };
                    *v -= take;
                    left -= take;
                }
            }
        }
    }
    // step 6: under-70 household
    let mut merged_elderly = false;
    if !eligible.is_empty() {
        let u70_sum: Yen = eligible_remaining.iter().sum();
        let u70_cost: Yen = eligible
            .iter()
            .filter_map(|&i| input.units.get(i))
            .map(|u| u.total_cost)
            .sum();
        let joins = elderly_remainder > Yen::ZERO;
        let cost = if joins {
            u70_cost + elderly_cost
        } else {
            u70_cost
        };
        let sum = if joins {
            u70_sum + elderly_remainder
        } else {
            u70_sum
        };
        let (formula, used_many) = many_or(many, Some(u70_row.many_times), u70_row.limit);
        let limit = evaluate_limit(
            formula,
            cost,
            false,
            &mut e,
            if used_many {
                "under-70 household limit (多数回)"
            } else {
                "under-70 household limit"
            },
        )?;
        let r = if sum > limit { sum - limit } else { Yen::ZERO };
        breakdown.under70_household += r;
        under_aggregating_refund += r;
        merged_elderly = joins && r > Yen::ZERO;
        e.step(
            "世帯合算 (under 70)",
            format!(
                "aggregated charges {sum}{} vs limit {limit} → refund {r}",
                if joins {
                    format!(" (incl. 70–74 remainder {elderly_remainder})")
                } else {
                    String::new()
                }
            ),
        );
    }

    let refund = breakdown.total();
    let total_charges: Yen = input.units.iter().map(|u| u.patient_charge).sum();
    // Charges counted by the monthly computation; a unit left out of 世帯合算 still counts with
    // the 特定疾病 refund it had, so that the refund is only taken off charges it was paid on.
    let counted_charges: Yen = outcomes
        .iter()
        .map(|o| match o.treatment {
            UnitTreatment::BelowFloor { .. } => o.specified_disease_refund,
            _ => o.charge,
        })
        .sum();
    e.step(
        "高額療養費",
        format!(
            "特定疾病 {} + 外来 {} + 75歳到達月 {} + 70–74 世帯 {} + 世帯合算 {} = {refund}",
            breakdown.specified_disease,
            breakdown.elderly_outpatient,
            breakdown.birthday_75_personal,
            breakdown.elderly_household,
            breakdown.under70_household
        ),
    );

    // --- blocks for 付加給付
    let relation_of = |i: usize| member(i).map_or(Relation::Dependant, |m| m.relation);
    let mut groups: Vec<(Vec<usize>, Yen)> = Vec::new();
    let mut singles: Vec<usize> = Vec::new();
    if merged_elderly {
        let mut all = elderly_units.clone();
        all.extend(eligible.iter().copied());
        groups.push((all, elderly_aggregating_refund + under_aggregating_refund));
    } else {
        for (idx, r) in [
            (&elderly_units, elderly_aggregating_refund),
            (&eligible, under_aggregating_refund),
        ] {
            if r > Yen::ZERO {
                groups.push((idx.clone(), r));
            } else {
                singles.extend(idx.iter().copied());
            }
        }
    }
    singles.extend(
        outcomes
            .iter()
            .filter(|o| matches!(o.treatment, UnitTreatment::BelowFloor { .. }))
            .map(|o| o.index),
    );
    for i in singles {
        groups.push((vec![i], Yen::ZERO));
    }
    let mut blocks: Vec<BenefitBlock> = groups
        .into_iter()
        .filter(|(units, _)| !units.is_empty())
        .map(|(mut units, r)| {
            units.sort_unstable();
            let charges = units
                .iter()
                .filter_map(|&i| input.units.get(i))
                .map(|u| u.patient_charge)
                .sum();
            let spec: Yen = units.iter().filter_map(|&i| spec_refund.get(i)).sum();
            let kind = match units.as_slice() {
                [only] => BlockKind::Single(relation_of(*only)),
                _ => BlockKind::Aggregated,
            };
            BenefitBlock {
                units,
                charges,
                high_cost: r + spec,
                kind,
            }
        })
        .collect();
    blocks.sort_by_key(|b| b.units.first().copied());

    let outpatient_only =
        breakdown.elderly_outpatient > Yen::ZERO && refund == breakdown.elderly_outpatient;
    Ok(HouseholdMonthDecision {
        month,
        under70_table: u70_table.version.to_owned(),
        elderly_table: elderly.map(|(t, _)| t.version.to_owned()),
        under70_category: u70_row.category,
        elderly_category: elderly.map(|(_, r)| r.category),
        many_times: many,
        total_charges,
        refund,
        breakdown,
        counts_toward_many_times: refund > Yen::ZERO && !outpatient_only,
        borne_on_counted_charges: (counted_charges - refund).clamp_non_negative(),
        units: outcomes,
        blocks,
        explanation: e,
    })
}
