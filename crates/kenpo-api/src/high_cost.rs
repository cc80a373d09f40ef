//! 高額療養費 (high-cost medical expense benefit, 健康保険法 第115条; 施行令 第41条–第43条) and the
//! society's 付加給付 (第53条, the 規約) ([`kenpo_domain::high_cost`],
//! [`kenpo_domain::additional_benefit`]): one household-month or a batch of them (methods of
//! [`Society`], which holds the 付加給付 rules), the age status of a person in a month, the yearly
//! settlements (外来年間合算, 年間上限) and the cost units built from receipt rows or from a
//! receipts file.
//!
//! A household record never holds a birth date: the caller turns birth dates into an
//! [`AgeStatus`] with [`high_cost_age_status`] / [`high_cost_dependant_age_status`] (or its own
//! records). Units and members are named by member key and, in answers, by their index only.
use std::sync::Arc;

use kenpo_domain::additional_benefit as additional;
use kenpo_domain::calendar::YearMonth;
use kenpo_domain::high_cost as domain;
use kenpo_domain::receipt::{self, units as receipt_units};
use kenpo_domain::Yen;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::batch::{self, Rejection};
use crate::code::ResultCode;
use crate::error::{count, high_cost_error, KenpoError, KenpoResult};
use crate::explain::{self, Explanation};
use crate::identifiers::{institution, MemberKey};
use crate::scalar::{PlainDate, PlainMonth};
use crate::society::Society;

mirror_enum! {
    /// The insured person's municipal tax status (市町村民税の課税状況, 健康保険法施行令 第42条).
    pub enum TaxStatus => domain::TaxStatus {
        /// 課税: the ordinary case.
        Taxed,
        /// 市町村民税非課税 (区分オ under 70, 低所得 II at 70–74).
        Exempt,
        /// 非課税 and every income of the household nil (低所得 I at 70–74; 区分オ under 70).
        ExemptNoIncome,
    }
}

mirror_enum! {
    /// A person's age band in a treatment month (健康保険法 第74条1項, 施行令 第42条).
    pub enum AgeBand => domain::AgeBand {
        /// 70歳未満.
        Under70,
        /// 高齢受給者 (70–74, from the month after the month of reaching 70).
        Elderly,
    }
}

mirror_enum! {
    /// 被保険者 or 被扶養者 in the household.
    pub enum HouseholdRelation => domain::Relation {
        /// 被保険者 (the insured person).
        Insured,
        /// 被扶養者 (a dependant).
        Dependant,
    }
}

mirror_enum! {
    /// 入院・入院外, computed apart (施行令 第43条).
    pub enum CareSetting => domain::CareSetting {
        /// 入院.
        Inpatient,
        /// 入院外 (外来, including 院外処方 dispensing).
        Outpatient,
    }
}

mirror_enum! {
    /// 医科・歯科, computed apart (施行令 第43条).
    pub enum MedicalBranch => domain::MedicalBranch {
        /// 医科.
        Medical,
        /// 歯科.
        Dental,
    }
}

mirror_enum! {
    /// 特定疾病 (長期高額疾病, 健康保険法施行令 第41条9項) under a 特定疾病療養受療証.
    pub enum SpecifiedDisease => domain::SpecifiedDisease {
        /// 人工腎臓を実施している慢性腎不全 (dialysis).
        ChronicRenalFailureDialysis,
        /// 血漿分画製剤を投与している先天性血液凝固因子障害 (haemophilia).
        Haemophilia,
        /// 抗ウイルス剤を投与している後天性免疫不全症候群 (HIV infection through blood products).
        HivByBloodProducts,
    }
}

mirror_enum! {
    /// The 世帯合算 floor in the 75th-birthday month (75歳到達月の特例; stated for 国保 only, so
    /// unchanged by default: `docs/SOURCES.md`).
    pub enum Birthday75Floor => domain::Birthday75Floor {
        /// 21,000 as for everyone (the default).
        Unchanged,
        /// 10,500, as 国保 does.
        Halved,
    }
}

mirror_enum! {
    /// How the 年間上限 (from August 2026) is summed; the basis is not confirmed
    /// (`docs/SOURCES.md`).
    pub enum AnnualCapBasis => domain::AnnualCapBasis {
        /// Household basis, every month of August–July (the default).
        HouseholdAllMonths,
        /// Household basis, only the months in which 高額療養費 was paid.
        HouseholdBenefitMonthsOnly,
    }
}

mirror_enum! {
    /// Income category (所得区分) under 70 (健康保険法施行令 第42条1項).
    pub enum Under70Category => domain::Under70Category {
        /// 区分ア: 標準報酬月額 830,000 or more.
        A,
        /// 区分イ: 530,000 – 790,000.
        I,
        /// 区分ウ: 280,000 – 500,000.
        U,
        /// 区分エ: 260,000 or less.
        E,
        /// 区分オ: 低所得者 (市町村民税非課税).
        O,
    }
}

mirror_enum! {
    /// Income category of a 高齢受給者 aged 70–74 (健康保険法施行令 第42条3項・5項).
    pub enum ElderlyCategory => domain::ElderlyCategory {
        /// 現役並み所得者 III: 標準報酬月額 830,000 or more.
        ActiveIII,
        /// 現役並み所得者 II: 530,000 – 790,000.
        ActiveII,
        /// 現役並み所得者 I: 280,000 – 500,000.
        ActiveI,
        /// 一般所得者.
        General,
        /// 低所得者 II.
        LowIncomeII,
        /// 低所得者 I.
        LowIncomeI,
    }
}

mirror_enum! {
    /// Which 付加給付 of the 規約 a block receives (健康保険法 第53条).
    pub enum AdditionalBenefitKind => additional::AdditionalBenefitKind {
        /// 一部負担還元金 (the insured person's receipt).
        InsuredRefund,
        /// 家族療養費付加金 (a dependant's receipt).
        FamilySupplement,
        /// 合算高額療養費付加金 (receipts refunded together by 世帯合算).
        AggregatedSupplement,
    }
}

/// A person's status in a treatment month: the age band and whether the 75th-birthday halving
/// applies (75歳到達月の特例). What a household record holds instead of a birth date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AgeStatus {
    /// Age band.
    pub band: AgeBand,
    /// The person's limits are halved this month (the 75th birthday falls in it after its
    /// first day, or the insured person's does for a dependant).
    pub birthday_75_halving: bool,
}

impl TryFrom<domain::AgeStatus> for AgeStatus {
    type Error = KenpoError;
    fn try_from(s: domain::AgeStatus) -> KenpoResult<Self> {
        Ok(AgeStatus {
            band: s.band.try_into()?,
            birthday_75_halving: s.birthday_75_halving,
        })
    }
}

impl From<AgeStatus> for domain::AgeStatus {
    fn from(s: AgeStatus) -> Self {
        domain::AgeStatus {
            band: s.band.into(),
            birthday_75_halving: s.birthday_75_halving,
        }
    }
}

/// What decides the household's income category: the insured person's facts in the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CategoryBasis {
    /// 標準報酬月額 of the insured person in the treatment month, yen.
    pub standard_monthly: i64,
    /// Municipal tax status.
    pub tax_status: TaxStatus,
    /// 基準収入額適用申請 approved (70–74 only: treated as 一般, 施行令 第34条2項).
    pub reference_income_exemption: bool,
}

impl From<CategoryBasis> for domain::CategoryBasis {
    fn from(b: CategoryBasis) -> Self {
        domain::CategoryBasis {
            standard_monthly: Yen::new(b.standard_monthly),
            tax_status: b.tax_status.into(),
            reference_income_exemption: b.reference_income_exemption,
        }
    }
}

/// A member of the household in the treatment month. Holds a member key: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HouseholdMember {
    /// The person.
    pub person: MemberKey,
    /// 被保険者 or 被扶養者.
    pub relation: HouseholdRelation,
    /// Age band and halving in the month.
    pub age: AgeStatus,
}

/// One unit of the calculation (算定単位: person × month × institution × 入院/外来 × 医科/歯科,
/// a pharmacy's charge joined to its prescriber; usually one receipt). Holds a member key: no
/// `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CostUnit {
    /// The patient.
    pub person: MemberKey,
    /// Treatment month (診療月).
    pub month: PlainMonth,
    /// 医療機関コード (10 digits; the prescribing institution when a pharmacy is joined).
    pub institution: String,
    /// 入院 or 入院外.
    pub setting: CareSetting,
    /// 医科 or 歯科.
    pub branch: MedicalBranch,
    /// 10割 医療費 (covered cost) of the unit, yen.
    pub total_cost: i64,
    /// 一部負担金 the patient paid, yen.
    pub patient_charge: i64,
    /// 特定疾病, when the unit is under a 特定疾病療養受療証.
    pub specified_disease: Option<SpecifiedDisease>,
}

impl CostUnit {
    fn to_domain(&self) -> KenpoResult<domain::CostUnit> {
        Ok(domain::CostUnit {
            person: self.person.to_domain("person")?,
            month: self.month.0,
            institution: institution(&self.institution, "institution")?,
            setting: self.setting.into(),
            branch: self.branch.into(),
            total_cost: Yen::new(self.total_cost),
            patient_charge: Yen::new(self.patient_charge),
            specified_disease: self.specified_disease.map(Into::into),
        })
    }

    fn from_domain(u: &domain::CostUnit) -> KenpoResult<Self> {
        Ok(CostUnit {
            person: (&u.person).into(),
            month: PlainMonth(u.month),
            institution: u.institution.as_str().to_owned(),
            setting: u.setting.try_into()?,
            branch: u.branch.try_into()?,
            total_cost: u.total_cost.get(),
            patient_charge: u.patient_charge.get(),
            specified_disease: u
                .specified_disease
                .map(SpecifiedDisease::try_from)
                .transpose()?,
        })
    }
}

/// A month in which the household was paid 高額療養費 (the input of 多数回該当, 施行令 第42条1項
/// ただし書).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HighCostPaidMonth {
    /// The treatment month paid for.
    pub month: PlainMonth,
    /// `true` when the only refund was the 70–74 individual outpatient step (it does not count).
    pub outpatient_only: bool,
}

/// One household-month to decide (世帯合算, 施行令 第41条), with the household's earlier paid
/// months for 多数回該当. Holds member keys: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HouseholdMonth {
    /// Treatment month.
    pub month: PlainMonth,
    /// The insured person (被保険者), who names the household; listed among `members` as
    /// insured.
    pub insured: MemberKey,
    /// The insured person's category facts.
    pub basis: CategoryBasis,
    /// The members: every person with a unit, and the insured person.
    pub members: Vec<HouseholdMember>,
    /// The units of the month.
    pub units: Vec<CostUnit>,
    /// The first month of the current spell in the society (資格取得, or a move between insured
    /// and dependant); earlier paid months do not count. `None`: no restart.
    pub spell_start: Option<PlainMonth>,
    /// The household's months with 高額療養費 paid, any order (those of the 12 months before
    /// `month` count; 多数回該当 from the fourth).
    pub paid_months: Vec<HighCostPaidMonth>,
}

impl HouseholdMonth {
    fn to_domain(&self) -> KenpoResult<(domain::HouseholdMonth, domain::BenefitHistory)> {
        let household = self.insured.to_domain("insured")?;
        let members = self
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                Ok(domain::MemberMonth {
                    person: m.person.to_domain(&format!("members[{i}].person"))?,
                    relation: m.relation.into(),
                    age: m.age.into(),
                })
            })
            .collect::<KenpoResult<Vec<_>>>()?;
        let units = self
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| u.to_domain().map_err(|e| e.within(&format!("units[{i}]"))))
            .collect::<KenpoResult<Vec<_>>>()?;
        let history = domain::BenefitHistory {
            spell_start: self.spell_start.map(|m| m.0),
            paid: self
                .paid_months
                .iter()
                .map(|p| domain::PaidMonth {
                    month: p.month.0,
                    household: household.clone(),
                    outpatient_only: p.outpatient_only,
                })
                .collect(),
        };
        Ok((
            domain::HouseholdMonth {
                month: self.month.0,
                household,
                basis: self.basis.into(),
                members,
                units,
            },
            history,
        ))
    }
}

/// Choices where the reference is unsure; the defaults are `false`, `Unchanged`,
/// `HouseholdAllMonths`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HighCostOptions {
    /// Use announced but unconfirmed tables (the August 2027 13-band table) from their month.
    pub apply_planned_tables: bool,
    /// The 世帯合算 floor in the 75th-birthday month.
    pub birthday_75_floor: Birthday75Floor,
    /// How the 年間上限 is summed.
    pub annual_cap_basis: AnnualCapBasis,
}

impl HighCostOptions {
    fn to_domain(self, explain: bool) -> domain::HighCostOptions {
        domain::HighCostOptions {
            planned_tables: if self.apply_planned_tables {
                domain::PlannedTables::Apply
            } else {
                domain::PlannedTables::Ignore
            },
            birthday_75_floor: self.birthday_75_floor.into(),
            annual_cap_basis: self.annual_cap_basis.into(),
            explain: explain::mode(explain),
        }
    }
}

/// One household-month: `kenpo_high_cost_month` in C, `Society.highCostMonth` in Kotlin and
/// Swift.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HighCostMonthRequest {
    /// The household-month.
    pub household: HouseholdMonth,
    /// The choices where the reference is unsure.
    pub options: HighCostOptions,
    /// `true` to have the steps written out (each unit's inclusion, each limit).
    pub explain: bool,
}

/// Many household-months in one call.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HighCostMonthsRequest {
    /// The household-months, each with its own history.
    pub households: Vec<HouseholdMonth>,
    /// The choices, for all of them.
    pub options: HighCostOptions,
    /// `true` to have every decision's steps written out (slower).
    pub explain: bool,
}

/// How a unit was treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum UnitTreatment {
    /// Under 70, charge at least the floor: aggregated (合算対象).
    Aggregated,
    /// Under 70, charge below the floor: left out of 世帯合算 entirely.
    BelowFloor {
        /// The floor applied, yen.
        floor: i64,
    },
    /// 70–74: every charge aggregated, no floor.
    Elderly,
}

/// The outcome of one unit (the reason, in words, is a step of the explanation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct UnitOutcome {
    /// The unit's position in the request, from 0.
    pub index: i64,
    /// Its patient charge, yen.
    pub charge: i64,
    /// Its 10割 cost, yen.
    pub total_cost: i64,
    /// What the 特定疾病 cap took off it, yen.
    pub specified_disease_refund: i64,
    /// Inclusion or exclusion.
    pub treatment: UnitTreatment,
}

/// The refund by step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RefundBreakdown {
    /// 特定疾病 caps, yen.
    pub specified_disease: i64,
    /// 70–74 outpatient per person, yen.
    pub elderly_outpatient: i64,
    /// 75th-birthday personal steps, yen.
    pub birthday_75_personal: i64,
    /// 70–74 household, yen.
    pub elderly_household: i64,
    /// Under-70 household (世帯合算), yen.
    pub under70_household: i64,
}

/// Single or aggregated, for 付加給付.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum BlockKind {
    /// One unit on its own.
    Single {
        /// Whose unit.
        relation: HouseholdRelation,
    },
    /// Several units an aggregating step refunded together (合算).
    Aggregated,
}

/// A block of units with the 高額療養費 paid on it: the base of the 付加給付.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BenefitBlock {
    /// The units' positions in the request.
    pub units: Vec<i64>,
    /// Their patient charges, yen.
    pub charges: i64,
    /// 高額療養費 attributed to the block, yen.
    pub high_cost: i64,
    /// Single or aggregated.
    pub kind: BlockKind,
}

/// The 付加給付 paid on one block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AdditionalBenefitPayment {
    /// Which benefit.
    pub kind: AdditionalBenefitKind,
    /// The units' positions in the request.
    pub units: Vec<i64>,
    /// Charges minus 高額療養費, yen.
    pub remaining: i64,
    /// The deductible for the block, yen.
    pub deductible: i64,
    /// The amount paid (0 below the minimum, or when the 規約 has no such benefit), yen.
    pub amount: i64,
}

/// The society's 付加給付 of a household-month (健康保険法 第53条, the 規約).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AdditionalBenefitDecision {
    /// The month the rules version applies from.
    pub rules_from: PlainMonth,
    /// One payment per block.
    pub payments: Vec<AdditionalBenefitPayment>,
    /// The sum of the payments, yen.
    pub total: i64,
    /// Each block's arithmetic, when asked for.
    pub explanation: Option<Explanation>,
}

/// The decision for one household-month: 高額療養費 and, when the society pays it, 付加給付.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HighCostDecision {
    /// Treatment month.
    pub month: PlainMonth,
    /// The under-70 table version used.
    pub under70_table: String,
    /// The 70–74 table version used, when a 70–74 member has units.
    pub elderly_table: Option<String>,
    /// The household's under-70 category.
    pub under70_category: Under70Category,
    /// The household's 70–74 category, when a 70–74 member has units.
    pub elderly_category: Option<ElderlyCategory>,
    /// 多数回該当 applied.
    pub many_times: bool,
    /// Sum of every unit's patient charge, yen.
    pub total_charges: i64,
    /// 高額療養費 to refund (the sum of the breakdown), yen.
    pub refund: i64,
    /// The refund by step.
    pub breakdown: RefundBreakdown,
    /// `true` when this month counts toward later 多数回該当.
    pub counts_toward_many_times: bool,
    /// What the household bore on the charges the month counted (the input of the 年間上限),
    /// yen.
    pub borne_on_counted_charges: i64,
    /// The entry this month adds to the household's `paid_months`; `None` without a refund.
    pub paid_month: Option<HighCostPaidMonth>,
    /// Per-unit outcomes, in request order.
    pub units: Vec<UnitOutcome>,
    /// The blocks for 付加給付.
    pub blocks: Vec<BenefitBlock>,
    /// 付加給付, when the society's configuration has `additional_benefits`.
    pub additional_benefit: Option<AdditionalBenefitDecision>,
    /// The steps, when asked for.
    pub explanation: Option<Explanation>,
}

/// The decisions of a batch, in input order (`None` where refused), and the household-months
/// refused (the field names the household's field: `units[0].institution`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HighCostBatch {
    /// One answer per household-month.
    pub decisions: Vec<Option<HighCostDecision>>,
    /// The household-months refused.
    pub rejected: Vec<Rejection>,
}

fn indexes(units: &[usize]) -> Vec<i64> {
    units.iter().map(|&i| count(i)).collect()
}

fn decision(
    d: &domain::HouseholdMonthDecision,
    additional: Option<&additional::AdditionalBenefitDecision>,
) -> KenpoResult<HighCostDecision> {
    let units = d
        .units
        .iter()
        .map(|u| {
            Ok(UnitOutcome {
                index: count(u.index),
                charge: u.charge.get(),
                total_cost: u.total_cost.get(),
                specified_disease_refund: u.specified_disease_refund.get(),
                treatment: match u.treatment {
                    domain::UnitTreatment::Aggregated => UnitTreatment::Aggregated,
                    domain::UnitTreatment::BelowFloor { floor } => {
                        UnitTreatment::BelowFloor { floor: floor.get() }
                    }
                    domain::UnitTreatment::Elderly => UnitTreatment::Elderly,
                    _ => return Err(KenpoError::internal("a UnitTreatment unknown to kenpo-api")),
                },
            })
        })
        .collect::<KenpoResult<Vec<_>>>()?;
    let blocks = d
        .blocks
        .iter()
        .map(|b| {
            Ok(BenefitBlock {
                units: indexes(&b.units),
                charges: b.charges.get(),
                high_cost: b.high_cost.get(),
                kind: match b.kind {
                    domain::BlockKind::Single(r) => BlockKind::Single {
                        relation: r.try_into()?,
                    },
                    domain::BlockKind::Aggregated => BlockKind::Aggregated,
                    _ => return Err(KenpoError::internal("a BlockKind unknown to kenpo-api")),
                },
            })
        })
        .collect::<KenpoResult<Vec<_>>>()?;
    let additional = additional
        .map(|a| {
            Ok::<_, KenpoError>(AdditionalBenefitDecision {
                rules_from: PlainMonth(a.rules_from),
                payments: a
                    .payments
                    .iter()
                    .map(|p| {
                        Ok(AdditionalBenefitPayment {
                            kind: p.kind.try_into()?,
                            units: indexes(&p.units),
                            remaining: p.remaining.get(),
                            deductible: p.deductible.get(),
                            amount: p.amount.get(),
                        })
                    })
                    .collect::<KenpoResult<Vec<_>>>()?,
                total: a.total.get(),
                explanation: explain::optional(&a.explanation),
            })
        })
        .transpose()?;
    let b = &d.breakdown;
    Ok(HighCostDecision {
        month: PlainMonth(d.month),
        under70_table: d.under70_table.clone(),
        elderly_table: d.elderly_table.clone(),
        under70_category: d.under70_category.try_into()?,
        elderly_category: d
            .elderly_category
            .map(ElderlyCategory::try_from)
            .transpose()?,
        many_times: d.many_times,
        total_charges: d.total_charges.get(),
        refund: d.refund.get(),
        breakdown: RefundBreakdown {
            specified_disease: b.specified_disease.get(),
            elderly_outpatient: b.elderly_outpatient.get(),
            birthday_75_personal: b.birthday_75_personal.get(),
            elderly_household: b.elderly_household.get(),
            under70_household: b.under70_household.get(),
        },
        counts_toward_many_times: d.counts_toward_many_times,
        borne_on_counted_charges: d.borne_on_counted_charges.get(),
        paid_month: (d.refund > Yen::ZERO).then_some(HighCostPaidMonth {
            month: PlainMonth(d.month),
            outpatient_only: !d.counts_toward_many_times,
        }),
        units,
        blocks,
        additional_benefit: additional,
        explanation: explain::optional(&d.explanation),
    })
}

impl Society {
    fn decide_household(
        &self,
        household: &HouseholdMonth,
        options: &domain::HighCostOptions,
    ) -> KenpoResult<HighCostDecision> {
        let (input, history) = household.to_domain()?;
        let d = domain::decide_month(&input, &history, options)?;
        let additional = self
            .config()
            .additional_benefits
            .as_ref()
            .map(|rules| additional::decide(rules, &d))
            .transpose()?;
        decision(&d, additional.as_ref())
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl Society {
    /// 高額療養費 for one household-month (健康保険法 第115条, 施行令 第41条–第43条) and, when the
    /// society's configuration has `additional_benefits`, its 付加給付 (第53条) on what remains.
    pub fn high_cost_month(&self, request: HighCostMonthRequest) -> KenpoResult<HighCostDecision> {
        let options = request.options.to_domain(request.explain);
        self.decide_household(&request.household, &options)
            .map_err(|e| e.within("household"))
    }

    /// [`Society::high_cost_month`] for many household-months in one call, each answered on
    /// its own.
    pub fn high_cost_months(&self, request: HighCostMonthsRequest) -> HighCostBatch {
        let options = request.options.to_domain(request.explain);
        let (decisions, rejected) =
            batch::run(&request.households, |h| self.decide_household(h, &options));
        HighCostBatch {
            decisions,
            rejected,
        }
    }
}

/// The age status of a person born on `birth_date` in treatment `month` (高齢受給者 from the
/// month after the month of reaching 70, 健康保険法 第74条1項; the 75th-birthday month halved), so
/// that a household record never holds a birth date. Refused (`Refused`, 300) when the person
/// is not in kenpo that month (75 on its first day, 高確法 第50条, or born later).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn high_cost_age_status(birth_date: PlainDate, month: PlainMonth) -> KenpoResult<AgeStatus> {
    domain::AgeStatus::for_month(birth_date.0, month.0)?.try_into()
}

/// The age status of a dependant born on `birth_date`, whose insured person was born on
/// `insured_birth_date`, in treatment `month`: [`high_cost_age_status`] with the halving set
/// when the insured person reaches 75 during the month (the dependant leaves kenpo with them,
/// 施行令 第42条 75歳到達時特例).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn high_cost_dependant_age_status(
    birth_date: PlainDate,
    insured_birth_date: PlainDate,
    month: PlainMonth,
) -> KenpoResult<AgeStatus> {
    domain::AgeStatus::for_dependant(birth_date.0, insured_birth_date.0, month.0)?.try_into()
}

// ---- Yearly settlements (施行令 第42条10項; the 2026 年間上限)

/// One month of a 70–74 person's outpatient charges after the monthly 高額療養費.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OutpatientMonth {
    /// Treatment month.
    pub month: PlainMonth,
    /// The person's category in that month.
    pub category: ElderlyCategory,
    /// Outpatient charges the person bore in the month after monthly 高額療養費, yen.
    pub outpatient_borne: i64,
}

/// The 70–74 外来年間合算 of one person for an August–July period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OutpatientYearRequest {
    /// The August that starts the period.
    pub first_month: PlainMonth,
    /// The person's category on the base date (31 July).
    pub category_on_base_date: ElderlyCategory,
    /// The months of the period (months as 現役並み are left out by the rule).
    pub months: Vec<OutpatientMonth>,
    /// The choices (only `apply_planned_tables` matters here).
    pub options: HighCostOptions,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// One month of a household for the 年間上限: from the month's decision,
/// `borne_on_counted_charges` and whether `refund` was above 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AnnualCapMonth {
    /// Treatment month.
    pub month: PlainMonth,
    /// Out-of-pocket on the charges the monthly computation counted, yen.
    pub borne: i64,
    /// Whether monthly 高額療養費 was paid.
    pub benefit_paid: bool,
}

/// The 年間上限 (from August 2026) of one household for an August–July period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AnnualCapRequest {
    /// The August that starts the period (2026-08 or later).
    pub first_month: PlainMonth,
    /// The insured person's category facts on the base date (31 July).
    pub basis: CategoryBasis,
    /// The insured person's age band on the base date.
    pub band: AgeBand,
    /// The months of the period.
    pub months: Vec<AnnualCapMonth>,
    /// The choices (`annual_cap_basis`, `apply_planned_tables`).
    pub options: HighCostOptions,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// The outcome of a yearly settlement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct YearlyDecision {
    /// The sum of the amounts counted, yen.
    pub counted: i64,
    /// The cap applied, yen (`None` when the category has none).
    pub cap: Option<i64>,
    /// The refund (never negative), yen.
    pub refund: i64,
    /// The cap and each month counted or left out, when asked for.
    pub explanation: Option<Explanation>,
}

impl From<&domain::YearlyDecision> for YearlyDecision {
    fn from(d: &domain::YearlyDecision) -> Self {
        YearlyDecision {
            counted: d.counted.get(),
            cap: d.cap.map(Yen::get),
            refund: d.refund.get(),
            explanation: explain::optional(&d.explanation),
        }
    }
}

/// The 70–74 外来年間合算 (施行令 第41条7項, 第42条10項): the outpatient charges of August–July
/// above the yearly cap of the category on 31 July are refunded.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn high_cost_outpatient_year(request: OutpatientYearRequest) -> KenpoResult<YearlyDecision> {
    let input = domain::OutpatientYearInput {
        first_month: request.first_month.0,
        category_on_base_date: request.category_on_base_date.into(),
        months: request
            .months
            .iter()
            .map(|m| domain::OutpatientMonth {
                month: m.month.0,
                category: m.category.into(),
                outpatient_borne: Yen::new(m.outpatient_borne),
            })
            .collect(),
    };
    let d = domain::settle_outpatient_year(&input, &request.options.to_domain(request.explain))
        .map_err(|e| high_cost_error(e, "months"))?;
    Ok((&d).into())
}

/// The 年間上限 of a household (MHLW, from August 2026 treatment): what it bore over
/// August–July above the yearly cap of its category is refunded. The summing basis is the
/// option `annual_cap_basis` (unconfirmed, `docs/SOURCES.md`).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn high_cost_annual_cap(request: AnnualCapRequest) -> KenpoResult<YearlyDecision> {
    let input = domain::AnnualCapInput {
        first_month: request.first_month.0,
        basis: request.basis.into(),
        band: request.band.into(),
        months: request
            .months
            .iter()
            .map(|m| domain::AnnualCapMonth {
                month: m.month.0,
                borne: Yen::new(m.borne),
                benefit_paid: m.benefit_paid,
            })
            .collect(),
    };
    let d = domain::settle_annual_cap(&input, &request.options.to_domain(request.explain))
        .map_err(|e| high_cost_error(e, "months"))?;
    Ok((&d).into())
}

// ---- Cost units (施行令 第41条1項)

/// What a receipt is, for the unit it joins.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ReceiptType {
    /// A medical (医科) receipt.
    Medical {
        /// 入院 or 入院外.
        setting: CareSetting,
    },
    /// A dental (歯科) receipt.
    Dental {
        /// 入院 or 入院外.
        setting: CareSetting,
    },
    /// A pharmacy (調剤) receipt, joined to the prescribing institution's outpatient unit.
    Pharmacy {
        /// The prescribing institution (処方箋を交付した医療機関), 10 digits.
        prescriber: String,
        /// Whether the prescriber is a medical or a dental practice.
        prescriber_branch: MedicalBranch,
    },
}

/// One receipt as plain figures. Holds a member key: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReceiptRow {
    /// The patient.
    pub person: MemberKey,
    /// Treatment month.
    pub month: PlainMonth,
    /// The institution that issued the receipt (the pharmacy itself for a pharmacy receipt),
    /// 10 digits.
    pub institution: String,
    /// What the receipt is.
    pub receipt_type: ReceiptType,
    /// 10割 医療費 of the receipt, yen.
    pub total_cost: i64,
    /// 一部負担金 of the receipt, yen.
    pub patient_charge: i64,
    /// 特定疾病, if any.
    pub specified_disease: Option<SpecifiedDisease>,
}

impl ReceiptRow {
    pub(crate) fn to_domain(&self) -> KenpoResult<domain::ReceiptRow> {
        let kind = match &self.receipt_type {
            ReceiptType::Medical { setting } => domain::RowKind::Medical((*setting).into()),
            ReceiptType::Dental { setting } => domain::RowKind::Dental((*setting).into()),
            ReceiptType::Pharmacy {
                prescriber,
                prescriber_branch,
            } => domain::RowKind::Pharmacy {
                prescriber: institution(prescriber, "receipt_type.prescriber")?,
                prescriber_branch: (*prescriber_branch).into(),
            },
        };
        Ok(domain::ReceiptRow {
            person: self.person.to_domain("person")?,
            month: self.month.0,
            institution: institution(&self.institution, "institution")?,
            kind,
            total_cost: Yen::new(self.total_cost),
            patient_charge: Yen::new(self.patient_charge),
            specified_disease: self.specified_disease.map(Into::into),
        })
    }
}

/// Receipt rows to turn into units.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CostUnitsRequest {
    /// The rows, any order.
    pub rows: Vec<ReceiptRow>,
}

/// The units, ordered by person, month, institution, setting and branch.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CostUnits {
    /// The units.
    pub units: Vec<CostUnit>,
}

pub(crate) fn receipt_rows(rows: &[ReceiptRow]) -> KenpoResult<Vec<domain::ReceiptRow>> {
    rows.iter()
        .enumerate()
        .map(|(i, r)| r.to_domain().map_err(|e| e.within(&format!("rows[{i}]"))))
        .collect()
}

fn units(units: &[domain::CostUnit]) -> KenpoResult<Vec<CostUnit>> {
    units.iter().map(CostUnit::from_domain).collect()
}

/// The 高額療養費 units of receipt rows (施行令 第41条1項): one unit per person × month ×
/// institution × 入院/外来 × 医科/歯科, rows of the same unit summed, each pharmacy row joined to
/// its prescriber's outpatient unit (院外処方).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn build_cost_units(request: CostUnitsRequest) -> KenpoResult<CostUnits> {
    let rows = receipt_rows(&request.rows)?;
    let built = domain::build_units(&rows).map_err(|e| high_cost_error(e, "rows"))?;
    Ok(CostUnits {
        units: units(&built)?,
    })
}

/// A 特定疾病療養受療証 the society issued: the person's units of the months it covers are under
/// its 特定疾病.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SpecifiedDiseaseCertificate {
    /// The holder.
    pub person: MemberKey,
    /// The disease certified.
    pub disease: SpecifiedDisease,
    /// The first month it covers.
    pub from: PlainMonth,
    /// The last month it covers; `None` while in force.
    pub through: Option<PlainMonth>,
}

/// The units of a receipts file (the payment fund's レセプト電算処理 file, Shift_JIS).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReceiptCostUnitsRequest {
    /// The file's path, read by the library.
    pub path: String,
    /// The society's 特定疾病療養受療証 (receipts marked 長/長２ name no disease).
    pub certificates: Vec<SpecifiedDiseaseCertificate>,
}

mirror_enum! {
    /// Why a receipt gave no row, or gave one with a caveat.
    pub enum UnitNote => receipt_units::UnitNote {
        /// No health-insurance part (公費単独): not a 高額療養費 case for the society.
        NoInsurancePart,
        /// The institution code fails its check digit.
        InvalidInstitution,
        /// The person could not be named (no 枝番 on the receipt).
        UnknownPerson,
        /// A pharmacy receipt whose prescriber could not be found: kept as its own unit.
        UnjoinedPharmacy,
        /// Marked 長/長２ but no certificate was given for the person and month.
        SpecifiedDiseaseWithoutCertificate,
    }
}

/// A receipt skipped, or used with a caveat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReceiptNote {
    /// The one-based line of the receipt's RE record.
    pub line: i64,
    /// The one-based index of the receipt in the file.
    pub receipt_index: i64,
    /// What happened.
    pub note: UnitNote,
}

/// A receipt (or the file) the reader refused, with where and why (never a personal field's
/// value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReceiptReadError {
    /// The one-based line (0 for the whole file).
    pub line: i64,
    /// The one-based index of the receipt rejected, if one was.
    pub receipt_index: Option<i64>,
    /// The file, line, record, field and problem, as a sentence.
    pub detail: String,
}

/// The units of a receipts file, and every receipt that gave none or gave one with a caveat.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReceiptCostUnits {
    /// The units, ordered by person, month, institution, setting and branch.
    pub units: Vec<CostUnit>,
    /// Receipts skipped or joined with a caveat.
    pub notes: Vec<ReceiptNote>,
    /// Receipts (and file-level problems) the reader refused.
    pub rejected: Vec<ReceiptReadError>,
}

fn read_error(e: &receipt::ReceiptError) -> ReceiptReadError {
    ReceiptReadError {
        line: i64::try_from(e.line).unwrap_or(i64::MAX),
        receipt_index: e
            .receipt_index
            .map(|i| i64::try_from(i).unwrap_or(i64::MAX)),
        detail: e.to_string(),
    }
}

/// The 高額療養費 units of a receipts file: each receipt with a health-insurance part becomes a
/// row (cost = points × 10 yen; charge = the recorded 負担金額, or the co-payment rate of its
/// kind code rounded to 10 yen, 健康保険法 第75条), the person named by 記号・番号・枝番, and the
/// rows joined into units as [`build_cost_units`] does. Every receipt skipped or refused is
/// reported.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn cost_units_from_receipts(request: ReceiptCostUnitsRequest) -> KenpoResult<ReceiptCostUnits> {
    let certificates = request
        .certificates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let person = c.person.to_domain(&format!("certificates[{i}].person"))?;
            if c.through.is_some_and(|t| t < c.from) {
                return Err(KenpoError::input(
                    ResultCode::InvalidHousehold,
                    format!("certificates[{i}].through"),
                    "ends before `from`",
                ));
            }
            Ok((person, c))
        })
        .collect::<KenpoResult<Vec<_>>>()?;
    let bytes = std::fs::read(&request.path).map_err(|e| KenpoError::Io {
        code: ResultCode::ReceiptFileIo as i32,
        detail: format!("reading the receipts file: {}", e.kind()),
    })?;
    let name: Arc<str> = std::path::Path::new(&request.path)
        .file_name()
        .map(|n| n.to_string_lossy().into())
        .unwrap_or_else(|| "receipts".into());
    let read = receipt::read_slice(&bytes, receipt::ReaderOptions::new(name.to_string()));
    let certificate = |person: &kenpo_domain::identifiers::MemberKey, month: YearMonth| {
        certificates
            .iter()
            .find(|(p, c)| {
                p == person && c.from.0 <= month && c.through.is_none_or(|t| month <= t.0)
            })
            .map(|(_, c)| c.disease.into())
    };
    let out = receipt_units::cost_units(&read.receipts, receipt_units::member_key, certificate)
        .map_err(|e| high_cost_error(e, "receipts"))?;
    let notes = out
        .notes
        .iter()
        .map(|(position, note)| {
            Ok(ReceiptNote {
                line: i64::try_from(position.line).unwrap_or(i64::MAX),
                receipt_index: i64::try_from(position.index).unwrap_or(i64::MAX),
                note: note.clone().try_into()?,
            })
        })
        .collect::<KenpoResult<Vec<_>>>()?;
    let rejected = read
        .rejected
        .iter()
        .chain(&read.summary.file_errors)
        .map(read_error)
        .collect();
    Ok(ReceiptCostUnits {
        units: units(&out.units)?,
        notes,
        rejected,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kenpo_domain::receipt::testgen;

    fn key(branch: &str) -> MemberKey {
        MemberKey {
            symbol: "1234".into(),
            number: "567".into(),
            branch: branch.into(),
        }
    }

    fn society() -> Society {
        Society::from_toml(
            "name = \"t\"\n[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"9.85%\", care = \"1.62%\" }\n"
                .to_owned(),
        )
        .unwrap()
    }

    fn household(month: PlainMonth, charge: i64) -> HouseholdMonth {
        HouseholdMonth {
            month,
            insured: key("00"),
            basis: CategoryBasis {
                standard_monthly: 300_000,
                tax_status: TaxStatus::Taxed,
                reference_income_exemption: false,
            },
            members: vec![HouseholdMember {
                person: key("00"),
                relation: HouseholdRelation::Insured,
                age: AgeStatus {
                    band: AgeBand::Under70,
                    birthday_75_halving: false,
                },
            }],
            units: vec![CostUnit {
                person: key("00"),
                month,
                institution: "0110113719".into(),
                setting: CareSetting::Inpatient,
                branch: MedicalBranch::Medical,
                total_cost: 1_000_000,
                patient_charge: charge,
                specified_disease: None,
            }],
            spell_start: None,
            paid_months: Vec::new(),
        }
    }

    const OPTIONS: HighCostOptions = HighCostOptions {
        apply_planned_tables: false,
        birthday_75_floor: Birthday75Floor::Unchanged,
        annual_cap_basis: AnnualCapBasis::HouseholdAllMonths,
    };

    #[test]
    fn the_module_example_through_the_wire_and_the_batch() {
        let july = PlainMonth::from_parts(2026, 7).unwrap();
        let d = society()
            .high_cost_month(HighCostMonthRequest {
                household: household(july, 300_000),
                options: OPTIONS,
                explain: false,
            })
            .unwrap();
        // 80,100 + (1,000,000 − 267,000) × 1 % = 87,430 borne.
        assert_eq!((d.refund, d.borne_on_counted_charges), (212_570, 87_430));
        assert_eq!(d.under70_category, Under70Category::U);
        assert!(d.explanation.is_none() && d.additional_benefit.is_none());
        assert_eq!(d.paid_month.map(|p| p.month), Some(july));

        let mut bad = household(july, 300_000);
        bad.units[0].patient_charge = 1_000_001;
        let batch = society().high_cost_months(HighCostMonthsRequest {
            households: vec![household(july, 300_000), bad],
            options: OPTIONS,
            explain: true,
        });
        assert_eq!(batch.decisions[0].as_ref().map(|d| d.refund), Some(212_570));
        assert!(batch.decisions[0].as_ref().unwrap().explanation.is_some());
        assert!(batch.decisions[1].is_none());
        assert_eq!(batch.rejected[0].field, "units[0].patient_charge");
        assert_eq!(batch.rejected[0].code, 250);
    }

    #[test]
    fn refusals_name_the_field_and_never_the_value() {
        let july = PlainMonth::from_parts(2026, 7).unwrap();
        let mut h = household(july, 300_000);
        h.members[0].person.branch = "0x".into();
        let e = society()
            .high_cost_month(HighCostMonthRequest {
                household: h,
                options: OPTIONS,
                explain: false,
            })
            .unwrap_err();
        assert_eq!(e.code(), ResultCode::InvalidIdentifier);
        assert!(
            e.to_string()
                .starts_with("household.members[0].person.branch:"),
            "{e}"
        );
        assert!(!e.to_string().contains("0x"), "{e}");

        let born = PlainDate::from_parts(1951, 7, 1).unwrap();
        let e = high_cost_age_status(born, july).unwrap_err();
        assert_eq!(e.code(), ResultCode::RuleRefused);
        assert!(!e.to_string().contains("1951") && !e.to_string().contains("2026"));
    }

    #[test]
    fn dependant_halving_follows_the_insured_person() {
        let july = PlainMonth::from_parts(2026, 7).unwrap();
        let child = PlainDate::from_parts(2015, 9, 15).unwrap();
        let insured = PlainDate::from_parts(1951, 7, 15).unwrap();
        let s = high_cost_dependant_age_status(child, insured, july).unwrap();
        assert_eq!((s.band, s.birthday_75_halving), (AgeBand::Under70, true));
        let s = high_cost_age_status(child, july).unwrap();
        assert!(!s.birthday_75_halving);
    }

    #[test]
    fn units_of_a_generated_receipts_file() {
        let dir = std::env::temp_dir().join(format!("kenpo-api-units-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("RECEIPTC.UKE");
        std::fs::write(&path, testgen::file(&testgen::GeneratorOptions::new(7, 20))).unwrap();
        let out = cost_units_from_receipts(ReceiptCostUnitsRequest {
            path: path.to_string_lossy().into_owned(),
            certificates: Vec::new(),
        })
        .unwrap();
        assert!(!out.units.is_empty());
        assert!(out.rejected.is_empty());
        // The same units as building them from the domain directly.
        let bytes = std::fs::read(&path).unwrap();
        let read = receipt::read_slice(&bytes, receipt::ReaderOptions::new("RECEIPTC.UKE"));
        let direct =
            receipt_units::cost_units(&read.receipts, receipt_units::member_key, |_, _| None)
                .unwrap();
        assert_eq!(out.units.len(), direct.units.len());
        assert_eq!(out.notes.len(), direct.notes.len());
        std::fs::remove_dir_all(&dir).unwrap();
        let Err(e) = cost_units_from_receipts(ReceiptCostUnitsRequest {
            path: path.to_string_lossy().into_owned(),
            certificates: Vec::new(),
        }) else {
            panic!("a missing file was read");
        };
        assert_eq!(e.code(), ResultCode::ReceiptFileIo);
    }
}
