//! The monthly decision for one household (世帯合算, 健康保険法施行令 第41条・第42条).
//!
//! Order of the steps (docs/SOURCES.md §3.5–§3.9):
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
//!    description of the same layering, docs/SOURCES.md §3.5).
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
//!
//! ## Example: a 20,999-yen receipt is left out of 世帯合算
//!
//! ```
//! use kenpo_domain::calendar::YearMonth;
//! use kenpo_domain::high_cost::{
//!     decide_month, AgeStatus, BenefitHistory, CareSetting, CategoryBasis, CostUnit,
//!     HighCostOptions, HouseholdMonth, MedicalBranch, MemberMonth, Relation, TaxStatus,
//! };
//! use kenpo_domain::identifiers::{InstitutionCode, MemberKey};
//! use kenpo_domain::Yen;
//!
//! let insured = MemberKey::parse("1234", "567", "00").unwrap();
//! let month = YearMonth::new(2026, 7).unwrap();
//! let unit = |code: &str, charge: i64| CostUnit {
//!     person: insured.clone(),
//!     month,
//!     institution: InstitutionCode::new(code).unwrap(),
//!     setting: CareSetting::Outpatient,
//!     branch: MedicalBranch::Medical,
//!     total_cost: Yen::new(charge * 10 / 3),
//!     patient_charge: Yen::new(charge),
//!     specified_disease: None,
//! };
//! let input = HouseholdMonth {
//!     month,
//!     household: insured.clone(),
//!     basis: CategoryBasis {
//!         standard_monthly: Yen::new(200_000),
//!         tax_status: TaxStatus::Taxed,
//!         reference_income_exemption: false,
//!     },
//!     members: vec![MemberMonth { person: insured.clone(), relation: Relation::Insured, age: AgeStatus::UNDER_70 }],
//!     // 区分エ (limit 57,600): 40,000 + 30,000 aggregate; the 20,999 receipt does not.
//!     units: vec![unit("0110113719", 40_000), unit("0140113713", 30_000), unit("2711234563", 20_999)],
//! };
//! let d = decide_month(&input, &BenefitHistory::default(), &HighCostOptions::default()).unwrap();
//! assert_eq!(d.refund, Yen::new(70_000 - 57_600));
//! ```

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::calendar::YearMonth;
use crate::explanation::{Explain, Explanation};
use crate::money::Yen;
use crate::rounding;

use super::category::{AgeBand, AgeStatus, CategoryBasis};
use super::history::{BenefitHistory, PaidMonth};
use super::tables::{
    self, ElderlyCategory, ElderlyRow, LimitFormula, PlannedTables, Under70Category, Under70Row,
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
    /// 10,500, as 国保 does (堺市; docs/SOURCES.md §3.6, §11 item 12).
    Halved,
}

/// How the new annual cap (年間上限, from August 2026) is summed. The reference does not confirm
/// the basis (docs/SOURCES.md §3.3, §11 item 2); see [`super::annual`].
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
    /// Whether the decisions write out their steps (the figures are the same either way).
    #[serde(default)]
    pub explain: Explain,
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
            e.step(label, format_args!("flat {base}{suffix}"));
            Ok(base)
        }
        Some(t) => {
            let excess = if cost > t { cost - t } else { Yen::ZERO };
            let term = rounding::half_up_to_yen(excess.to_decimal() * one_percent());
            let limit = base + term;
            e.step(
                label,
                format_args!(
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

/// `unit #i (setting, branch)`, written only when the step is.
struct UnitLabel<'a>(usize, &'a CostUnit);

impl fmt::Display for UnitLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unit #{} ({:?}, {:?})",
            self.0, self.1.setting, self.1.branch
        )
    }
}

/// The working state of one decision: the input, each unit's member, what each unit still
/// bears, the refunds so far and the explanation being written.
struct Work<'a> {
    input: &'a HouseholdMonth,
    /// Index into `input.members` of each unit's person.
    member_of: Vec<usize>,
    /// 多数回該当 applies.
    many: bool,
    /// What each unit still bears after the 特定疾病 cap.
    remaining: Vec<Yen>,
    /// What the 特定疾病 cap took off each unit.
    spec_refund: Vec<Yen>,
    breakdown: RefundBreakdown,
    e: Explanation,
}

impl Work<'_> {
    fn member(&self, unit: usize) -> Option<&MemberMonth> {
        self.member_of
            .get(unit)
            .and_then(|&m| self.input.members.get(m))
    }

    fn is_elderly(&self, unit: usize) -> bool {
        self.member(unit)
            .is_some_and(|m| m.age.band == AgeBand::Elderly)
    }

    fn remaining(&self, unit: usize) -> Yen {
        self.remaining.get(unit).copied().unwrap_or_default()
    }

    fn cost(&self, units: &[usize]) -> Yen {
        units
            .iter()
            .filter_map(|&i| self.input.units.get(i))
            .map(|u| u.total_cost)
            .sum()
    }

    /// The units of member `member` among `units`.
    fn own(&self, units: &[usize], member: usize) -> Vec<usize> {
        units
            .iter()
            .copied()
            .filter(|&i| self.member_of.get(i) == Some(&member))
            .collect()
    }
}

/// What the 70–74 steps leave for the under-70 step and for the 付加給付 blocks.
#[derive(Default)]
struct ElderlyOutcome {
    /// Units of 70–74 members.
    units: Vec<usize>,
    /// What 70–74 members still bear after step 4.
    remainder: Yen,
    /// 医療費 of those units.
    cost: Yen,
    /// Refund of the aggregating steps 2–4.
    refund: Yen,
}

/// What the under-70 steps refunded.
struct Under70Outcome {
    /// Units of at least the floor.
    eligible: Vec<usize>,
    /// Refund of the aggregating steps 5–6.
    refund: Yen,
    /// The 70–74 remainder took part in a refunding step 6.
    merged_elderly: bool,
}

fn validate(input: &HouseholdMonth) -> Result<(&MemberMonth, Vec<usize>), HighCostError> {
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
        if u.month != input.month {
            return Err(HighCostError::MonthMismatch { unit: i });
        }
        let m = input
            .members
            .iter()
            .position(|m| m.person == u.person)
            .ok_or(HighCostError::UnknownPerson { unit: i })?;
        member_of.push(m);
    }
    Ok((insured, member_of))
}

/// Step 1: 特定疾病 caps.
fn specified_disease_step(w: &mut Work<'_>, u70_category: Under70Category) {
    for (i, u) in w.input.units.iter().enumerate() {
        let Some(disease) = u.specified_disease else {
            continue;
        };
        let cap = if disease == SpecifiedDisease::ChronicRenalFailureDialysis
            && !w.is_elderly(i)
            && u70_category.is_upper_income()
        {
            SPECIFIED_DISEASE_LIMITS.upper_income_dialysis
        } else {
            SPECIFIED_DISEASE_LIMITS.standard
        };
        let refund = if u.patient_charge > cap {
            u.patient_charge - cap
        } else {
            Yen::ZERO
        };
        if let (Some(s), Some(r)) = (w.spec_refund.get_mut(i), w.remaining.get_mut(i)) {
            *s = refund;
            *r = u.patient_charge - refund;
        }
        w.breakdown.specified_disease += refund;
        w.e.step(
            format_args!("特定疾病 {}", UnitLabel(i, u)),
            format_args!(
                "{disease:?}: charge {} capped at {cap} → refund {refund}",
                u.patient_charge
            ),
        );
    }
}

/// Steps 2–4: the 70–74 outpatient, 75th-birthday personal and household steps.
fn elderly_steps(w: &mut Work<'_>, row: &ElderlyRow) -> Result<ElderlyOutcome, HighCostError> {
    let mut out = ElderlyOutcome {
        units: (0..w.input.units.len())
            .filter(|&i| w.is_elderly(i))
            .collect(),
        ..ElderlyOutcome::default()
    };
    let mut sum = Yen::ZERO;
    for (mi, m) in w.input.members.iter().enumerate() {
        let own = w.own(&out.units, mi);
        if own.is_empty() {
            continue;
        }
        let halved = m.age.birthday_75_halving;
        let charges_in = |setting: CareSetting| -> Yen {
            own.iter()
                .filter(|&&i| w.input.units.get(i).is_some_and(|u| u.setting == setting))
                .map(|&i| w.remaining(i))
                .sum()
        };
        let outpatient = charges_in(CareSetting::Outpatient);
        let inpatient = charges_in(CareSetting::Inpatient);
        let cost = w.cost(&own);
        out.cost += cost;
        // Step 2: outpatient per person (一般・低所得).
        let mut capped_outpatient = outpatient;
        if let (true, Some(limit)) = (row.category.has_outpatient_step(), row.outpatient) {
            let limit = if halved { halve(limit)? } else { limit };
            if outpatient > limit {
                let r = outpatient - limit;
                w.breakdown.elderly_outpatient += r;
                out.refund += r;
                capped_outpatient = limit;
            }
            w.e.step(
                format_args!("70–74 outpatient, member #{mi}"),
                format_args!(
                    "outpatient charges {outpatient} vs 外来 limit {limit} → refund {}",
                    outpatient - capped_outpatient
                ),
            );
        }
        // Step 3: the person's own halved limit in the 75th-birthday month.
        let mut personal = capped_outpatient + inpatient;
        if halved {
            let (formula, _) = many_or(w.many, row.many_times, row.household);
            let limit = evaluate_limit(
                formula,
                cost,
                true,
                &mut w.e,
                &format!("75歳到達月 personal limit, member #{mi}"),
            )?;
            if personal > limit {
                let r = personal - limit;
                w.breakdown.birthday_75_personal += r;
                out.refund += r;
                personal = limit;
            }
        }
        sum += personal;
    }
    // Step 4: the 70–74 household.
    let (formula, used_many) = many_or(w.many, row.many_times, row.household);
    let limit = evaluate_limit(
        formula,
        out.cost,
        false,
        &mut w.e,
        if used_many {
            "70–74 household limit (多数回)"
        } else {
            "70–74 household limit"
        },
    )?;
    let r = if sum > limit { sum - limit } else { Yen::ZERO };
    w.breakdown.elderly_household += r;
    out.refund += r;
    out.remainder = sum - r;
    w.e.step(
        "70–74 household",
        format_args!(
            "charges {sum} vs limit {limit} → refund {r}; remainder {}",
            out.remainder
        ),
    );
    Ok(out)
}

/// Each unit's inclusion in 世帯合算, with its reason.
fn classify_units(w: &mut Work<'_>, floor_option: Birthday75Floor) -> Vec<UnitOutcome> {
    let mut outcomes = Vec::with_capacity(w.input.units.len());
    for (i, u) in w.input.units.iter().enumerate() {
        let charge = w.remaining(i);
        let (treatment, reason) = if w.is_elderly(i) {
            (
                UnitTreatment::Elderly,
                "70–74: every charge is aggregated (no 21,000 floor)".to_owned(),
            )
        } else {
            let halved = w.member(i).is_some_and(|m| m.age.birthday_75_halving);
            let floor = match (halved, floor_option) {
                (true, Birthday75Floor::Halved) => HOUSEHOLD_FLOOR_BIRTHDAY_75,
                _ => HOUSEHOLD_FLOOR_UNDER70,
            };
            if charge >= floor {
                (
                    UnitTreatment::Aggregated,
                    format!("charge {charge} ≥ {floor}: aggregated (令41条1項)"),
                )
            } else {
                (
                    UnitTreatment::BelowFloor { floor },
                    format!("charge {charge} < {floor}: left out of 世帯合算 entirely (令41条1項)"),
                )
            }
        };
        w.e.step(UnitLabel(i, u), &reason);
        outcomes.push(UnitOutcome {
            index: i,
            charge: u.patient_charge,
            total_cost: u.total_cost,
            specified_disease_refund: w.spec_refund.get(i).copied().unwrap_or_default(),
            treatment,
            reason,
        });
    }
    outcomes
}

/// Steps 5–6: the 75th-birthday personal step and 世帯合算 under 70, with the 70–74 remainder.
fn under70_steps(
    w: &mut Work<'_>,
    row: &Under70Row,
    outcomes: &[UnitOutcome],
    elderly: &ElderlyOutcome,
) -> Result<Under70Outcome, HighCostError> {
    let eligible: Vec<usize> = outcomes
        .iter()
        .filter(|o| o.treatment == UnitTreatment::Aggregated)
        .map(|o| o.index)
        .collect();
    let mut refund = Yen::ZERO;
    let mut sum: Yen = eligible.iter().map(|&i| w.remaining(i)).sum();
    // Step 5: a person's own halved limit in the 75th-birthday month.
    for (mi, m) in w.input.members.iter().enumerate() {
        if m.age.band != AgeBand::Under70 || !m.age.birthday_75_halving {
            continue;
        }
        let own = w.own(&eligible, mi);
        if own.is_empty() {
            continue;
        }
        let own_sum: Yen = own.iter().map(|&i| w.remaining(i)).sum();
        let (formula, _) = many_or(w.many, Some(row.many_times), row.limit);
        let limit = evaluate_limit(
            formula,
            w.cost(&own),
            true,
            &mut w.e,
            &format!("75歳到達月 personal limit, member #{mi}"),
        )?;
        if own_sum > limit {
            let r = own_sum - limit;
            w.breakdown.birthday_75_personal += r;
            refund += r;
            sum -= r;
        }
    }
    // Step 6: 世帯合算.
    let mut merged_elderly = false;
    if !eligible.is_empty() {
        let joins = elderly.remainder > Yen::ZERO;
        let mut cost = w.cost(&eligible);
        if joins {
            cost += elderly.cost;
            sum += elderly.remainder;
        }
        let (formula, used_many) = many_or(w.many, Some(row.many_times), row.limit);
        let limit = evaluate_limit(
            formula,
            cost,
            false,
            &mut w.e,
            if used_many {
                "under-70 household limit (多数回)"
            } else {
                "under-70 household limit"
            },
        )?;
        let r = if sum > limit { sum - limit } else { Yen::ZERO };
        w.breakdown.under70_household += r;
        refund += r;
        merged_elderly = joins && r > Yen::ZERO;
        if joins {
            w.e.step(
                "世帯合算 (under 70)",
                format_args!(
                    "aggregated charges {sum} (incl. 70–74 remainder {}) vs limit {limit} → refund {r}",
                    elderly.remainder
                ),
            );
        } else {
            w.e.step(
                "世帯合算 (under 70)",
                format_args!("aggregated charges {sum} vs limit {limit} → refund {r}"),
            );
        }
    }
    Ok(Under70Outcome {
        eligible,
        refund,
        merged_elderly,
    })
}

/// The 付加給付 blocks (see the module docs).
fn blocks(
    w: &Work<'_>,
    outcomes: &[UnitOutcome],
    elderly: &ElderlyOutcome,
    under70: &Under70Outcome,
) -> Vec<BenefitBlock> {
    let mut groups: Vec<(Vec<usize>, Yen)> = Vec::new();
    let mut singles: Vec<usize> = Vec::new();
    if under70.merged_elderly {
        let mut all = elderly.units.clone();
        all.extend(under70.eligible.iter().copied());
        groups.push((all, elderly.refund + under70.refund));
    } else {
        for (units, refund) in [
            (&elderly.units, elderly.refund),
            (&under70.eligible, under70.refund),
        ] {
            if refund > Yen::ZERO {
                groups.push((units.clone(), refund));
            } else {
                singles.extend(units.iter().copied());
            }
        }
    }
    singles.extend(
        outcomes
            .iter()
            .filter(|o| matches!(o.treatment, UnitTreatment::BelowFloor { .. }))
            .map(|o| o.index),
    );
    groups.extend(singles.into_iter().map(|i| (vec![i], Yen::ZERO)));
    let mut blocks: Vec<BenefitBlock> = groups
        .into_iter()
        .filter(|(units, _)| !units.is_empty())
        .map(|(mut units, refund)| {
            units.sort_unstable();
            let charges = units
                .iter()
                .filter_map(|&i| w.input.units.get(i))
                .map(|u| u.patient_charge)
                .sum();
            let spec: Yen = units.iter().filter_map(|&i| w.spec_refund.get(i)).sum();
            let kind = match units.as_slice() {
                [only] => {
                    BlockKind::Single(w.member(*only).map_or(Relation::Dependant, |m| m.relation))
                }
                _ => BlockKind::Aggregated,
            };
            BenefitBlock {
                units,
                charges,
                high_cost: refund + spec,
                kind,
            }
        })
        .collect();
    blocks.sort_by_key(|b| b.units.first().copied());
    blocks
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
    let (insured, member_of) = validate(input)?;
    let u70_table = tables::under70_table(month, options.planned_tables)?;
    let u70_row = input.basis.under70_row(u70_table)?;
    let any_elderly_unit = member_of.iter().any(|&m| {
        input
            .members
            .get(m)
            .is_some_and(|m| m.age.band == AgeBand::Elderly)
    });
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

    let mut e = Explanation::with(
        format!("high_cost.household@{}", u70_table.version),
        "健康保険法 第115条; 健康保険法施行令 第41条・第42条",
        options.explain,
    );
    e.step(
        "inputs",
        format_args!(
            "treatment month {month}; {} units; {} members; 標準報酬月額 {}; tax {:?}",
            input.units.len(),
            input.members.len(),
            input.basis.standard_monthly,
            input.basis.tax_status
        ),
    );
    e.step(
        "under-70 table and category",
        format_args!(
            "{} ({}); 区分{}",
            u70_table.version, u70_table.source, u70_row.label
        ),
    );
    if let Some((t, row)) = elderly {
        e.step(
            "70–74 table and category",
            format_args!("{} ({}); {}", t.version, t.source, row.category.label()),
        );
    }
    let counted_text = if counted.is_empty() {
        "none".to_owned()
    } else {
        counted
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    e.step(
        "多数回該当",
        format_args!(
            "{} earlier paid months in the 12 ending {month}: {counted_text} → {}",
            counted.len(),
            if many { "applies" } else { "does not apply" }
        ),
    );

    let mut w = Work {
        input,
        member_of,
        many,
        remaining: input.units.iter().map(|u| u.patient_charge).collect(),
        spec_refund: vec![Yen::ZERO; input.units.len()],
        breakdown: RefundBreakdown::default(),
        e,
    };
    specified_disease_step(&mut w, u70_row.category);
    let elderly_outcome = match elderly {
        Some((_, row)) => elderly_steps(&mut w, row)?,
        None => ElderlyOutcome::default(),
    };
    let outcomes = classify_units(&mut w, options.birthday_75_floor);
    let under70_outcome = under70_steps(&mut w, u70_row, &outcomes, &elderly_outcome)?;

    let breakdown = w.breakdown;
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
    w.e.step(
        "高額療養費",
        format_args!(
            "特定疾病 {} + 外来 {} + 75歳到達月 {} + 70–74 世帯 {} + 世帯合算 {} = {refund}",
            breakdown.specified_disease,
            breakdown.elderly_outpatient,
            breakdown.birthday_75_personal,
            breakdown.elderly_household,
            breakdown.under70_household
        ),
    );
    let blocks = blocks(&w, &outcomes, &elderly_outcome, &under70_outcome);
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
        explanation: w.e,
    })
}
