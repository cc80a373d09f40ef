//! 高額療養費 (健康保険法 第115条, 健康保険法施行令 第41条–第43条) and the society's 付加給付
//! (健康保険法 第53条, 組合規約) for a household-month ([`kenpo_domain::high_cost::decide_month`],
//! [`kenpo_domain::additional_benefit::decide`]), as methods of [`SocietyConfig`].
//!
//! The inputs are records: the household (the insured person's category basis, the members with
//! their age status in the month, never a birth date) and its cost units; the history of paid
//! months for 多数回該当; the options where the reference is unsure. [`high_cost_age_status`]
//! turns a birth date into the age status on the caller's side. The answer carries the figures a
//! system books and the whole decision (units, blocks) as JSON in `detail_json`, as the C ABI
//! does (`kenpo_high_cost_decide`).

use kenpo_domain::additional_benefit::{self, AdditionalBenefitError};
use kenpo_domain::high_cost as domain;
use kenpo_domain::identifiers::InstitutionCode;
use kenpo_domain::money::Yen;

use crate::error::{KenpoError, KenpoResult};
use crate::explain::Explanation;
use crate::member::MemberKey;
use crate::society::SocietyConfig;
use crate::types::{IsoDate, IsoMonth};

mirror_enum! {
    /// The insured person's municipal tax status (市町村民税の課税状況, 健康保険法施行令 第42条).
    pub enum TaxStatus => domain::TaxStatus {
        /// 課税: the ordinary case.
        Taxed,
        /// 市町村民税非課税 (区分オ under 70, 低所得II at 70–74).
        Exempt,
        /// 非課税 and every income of the household nil (低所得I at 70–74; 区分オ under 70).
        ExemptNoIncome,
    }
}

mirror_enum! {
    /// A person's age band in the treatment month (健康保険法 第74条1項, 令42条).
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
    /// 入院・入院外: computed apart (令43条).
    pub enum CareSetting => domain::CareSetting {
        /// 入院.
        Inpatient,
        /// 入院外 (外来, including 院外処方 dispensing).
        Outpatient,
    }
}

mirror_enum! {
    /// 医科・歯科: computed apart (令43条).
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
    /// The 世帯合算 floor in the 75th-birthday month (75歳到達月の特例; the reference is unsure:
    /// docs/SOURCES.md §3.6, §11 item 12).
    pub enum Birthday75Floor => domain::Birthday75Floor {
        /// 21,000 as for everyone (the default).
        Unchanged,
        /// 10,500, as 国保 does.
        Halved,
    }
}

mirror_enum! {
    /// How the annual cap (年間上限, from August 2026) is summed (docs/SOURCES.md §3.3, §11 item 2).
    pub enum AnnualCapBasis => domain::AnnualCapBasis {
        /// Household basis, every month of August–July (the default).
        HouseholdAllMonths,
        /// Household basis, only the months in which 高額療養費 was paid.
        HouseholdBenefitMonthsOnly,
    }
}

/// The age status of a person in the treatment month: what the household needs instead of the
/// birth date (令42条, 75歳到達月の特例).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct AgeStatus {
    /// Age band.
    pub band: AgeBand,
    /// 75歳到達月の特例: the person's limits are halved this month.
    pub birthday_75_halving: bool,
}

/// A member of the household in the treatment month.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct HighCostMember {
    /// The person.
    pub person: MemberKey,
    /// 被保険者 or 被扶養者.
    pub relation: HouseholdRelation,
    /// Age band and halving in the month ([`high_cost_age_status`]).
    pub age: AgeStatus,
}

/// One unit of the calculation (算定単位: one receipt with its pharmacy receipts joined).
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct HighCostUnit {
    /// The patient.
    pub person: MemberKey,
    /// Treatment month (診療月).
    pub month: IsoMonth,
    /// 医療機関コード (10 digits; the prescribing institution when a pharmacy is joined).
    pub institution: String,
    /// 入院 or 入院外.
    pub setting: CareSetting,
    /// 医科 or 歯科.
    pub branch: MedicalBranch,
    /// 10割 医療費 of the unit, yen.
    pub total_cost: Yen,
    /// 一部負担金 the patient paid, yen.
    pub patient_charge: Yen,
    /// 特定疾病, when the unit is under a 特定疾病療養受療証.
    pub specified_disease: Option<SpecifiedDisease>,
}

/// One household-month to decide (世帯合算, 令41条).
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct HighCostHousehold {
    /// Treatment month.
    pub month: IsoMonth,
    /// The household, identified by the insured person (listed among `members` as insured).
    pub household: MemberKey,
    /// 標準報酬月額 of the insured person in the month (the income category, 令42条).
    pub standard_monthly: Yen,
    /// The insured person's municipal tax status.
    pub tax_status: TaxStatus,
    /// 基準収入額適用申請 approved (健康保険法施行令 第34条2項).
    pub reference_income_exemption: bool,
    /// The members (every person with a unit, and the insured person).
    pub members: Vec<HighCostMember>,
    /// The units of the month.
    pub units: Vec<HighCostUnit>,
}

/// A month in which 高額療養費 was paid to a household (the input of 多数回該当, 令42条1項ただし書).
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct HighCostPaidMonth {
    /// Treatment month paid for.
    pub month: IsoMonth,
    /// The household (the insured person).
    pub household: MemberKey,
    /// `true` when only the 70–74 individual outpatient step paid (does not count).
    pub outpatient_only: bool,
}

/// The household's earlier paid months for 多数回該当.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct HighCostHistory {
    /// First month of the current spell in the society (earlier months do not count).
    pub spell_start: Option<IsoMonth>,
    /// Paid months, any order.
    pub paid: Vec<HighCostPaidMonth>,
}

/// Options where the reference is unsure; [`high_cost_default_options`] gives the defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct HighCostOptions {
    /// Use announced-but-unconfirmed tables from their announced month (default `false`).
    pub apply_planned_tables: bool,
    /// The floor in the 75th-birthday month.
    pub birthday_75_floor: Birthday75Floor,
    /// How the annual cap is summed.
    pub annual_cap_basis: AnnualCapBasis,
}

/// One household-month with its history: the unit of the batch form.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct HighCostRequest {
    /// The household-month.
    pub household: HighCostHousehold,
    /// Its earlier paid months.
    pub history: HighCostHistory,
}

/// The decision for one household-month: 高額療養費 and, when the society pays it, 付加給付.
/// No `Debug`: it holds the household's key.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct HighCostDecision {
    /// Treatment month.
    pub month: IsoMonth,
    /// The under-70 table version used.
    pub under70_table: String,
    /// The 70–74 table version used, when a 70–74 member has units.
    pub elderly_table: Option<String>,
    /// The household's under-70 category (所得区分: `"ア"` … `"オ"`).
    pub under70_category: String,
    /// The household's 70–74 category (`"一般"`, `"現役並みIII"` …), when a 70–74 member has units.
    pub elderly_category: Option<String>,
    /// 多数回該当 applied.
    pub many_times: bool,
    /// Sum of every unit's patient charge, yen.
    pub total_charges: Yen,
    /// 高額療養費 to refund, yen.
    pub refund: Yen,
    /// Of the refund: 特定疾病 caps.
    pub refund_specified_disease: Yen,
    /// Of the refund: 70–74 outpatient per person.
    pub refund_elderly_outpatient: Yen,
    /// Of the refund: 75th-birthday personal steps.
    pub refund_birthday_75_personal: Yen,
    /// Of the refund: 70–74 household.
    pub refund_elderly_household: Yen,
    /// Of the refund: under-70 household.
    pub refund_under70_household: Yen,
    /// `true` when this month counts toward later 多数回該当.
    pub counts_toward_many_times: bool,
    /// What the household bore on the counted charges (the input of the annual cap), yen.
    pub borne_on_counted_charges: Yen,
    /// The history entry this month adds (feed it into later requests); `None` without a refund.
    pub paid_month: Option<HighCostPaidMonth>,
    /// 付加給付 on top, yen; 0 when the society's configuration has none.
    pub additional_benefit: Yen,
    /// The 付加給付 arithmetic, when the society pays one.
    pub additional_benefit_explanation: Option<Explanation>,
    /// The 高額療養費 steps.
    pub explanation: Explanation,
    /// `{"high_cost": …, "additional_benefit": … | null}`: every unit's treatment and every block.
    pub detail_json: String,
}

/// The options the domain uses when none are chosen.
#[uniffi::export]
pub fn high_cost_default_options() -> HighCostOptions {
    options_from(&domain::HighCostOptions::default())
}

/// The age status of a person born on `birth` in treatment `month` (高齢受給者 from the month
/// after reaching 70, 健康保険法 第74条1項; 75歳到達月の特例), so that the household record never
/// holds a birth date. [`KenpoError::Rejected`] when the person is not in kenpo that month (75 on
/// its first day, 高確法 第50条, or born later).
#[uniffi::export]
pub fn high_cost_age_status(birth: IsoDate, month: IsoMonth) -> KenpoResult<AgeStatus> {
    let s = domain::AgeStatus::for_month(birth, month).map_err(KenpoError::from)?;
    Ok(AgeStatus {
        band: s.band.try_into()?,
        birthday_75_halving: s.birthday_75_halving,
    })
}

fn options_from(o: &domain::HighCostOptions) -> HighCostOptions {
    HighCostOptions {
        apply_planned_tables: o.planned_tables == domain::PlannedTables::Apply,
        birthday_75_floor: o
            .birthday_75_floor
            .try_into()
            .unwrap_or(Birthday75Floor::Unchanged),
        annual_cap_basis: o
            .annual_cap_basis
            .try_into()
            .unwrap_or(AnnualCapBasis::HouseholdAllMonths),
    }
}

impl HighCostOptions {
    fn to_domain(self) -> domain::HighCostOptions {
        domain::HighCostOptions {
            planned_tables: if self.apply_planned_tables {
                domain::PlannedTables::Apply
            } else {
                domain::PlannedTables::Ignore
            },
            birthday_75_floor: self.birthday_75_floor.into(),
            annual_cap_basis: self.annual_cap_basis.into(),
        }
    }
}

fn key(k: &MemberKey, field: &str) -> KenpoResult<kenpo_domain::identifiers::MemberKey> {
    k.to_domain().map_err(|e| e.within(field))
}

impl HighCostHousehold {
    fn to_domain(&self) -> KenpoResult<domain::HouseholdMonth> {
        let members = self
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                Ok(domain::MemberMonth {
                    person: key(&m.person, &format!("members[{i}].person"))?,
                    relation: m.relation.into(),
                    age: domain::AgeStatus {
                        band: m.age.band.into(),
                        birthday_75_halving: m.age.birthday_75_halving,
                    },
                })
            })
            .collect::<KenpoResult<Vec<_>>>()?;
        let units = self
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                Ok(domain::CostUnit {
                    person: key(&u.person, &format!("units[{i}].person"))?,
                    month: u.month,
                    institution: InstitutionCode::new(&u.institution).map_err(|e| {
                        KenpoError::from(e).within(&format!("units[{i}].institution"))
                    })?,
                    setting: u.setting.into(),
                    branch: u.branch.into(),
                    total_cost: u.total_cost,
                    patient_charge: u.patient_charge,
                    specified_disease: u.specified_disease.map(Into::into),
                })
            })
            .collect::<KenpoResult<Vec<_>>>()?;
        Ok(domain::HouseholdMonth {
            month: self.month,
            household: key(&self.household, "household")?,
            basis: domain::CategoryBasis {
                standard_monthly: self.standard_monthly,
                tax_status: self.tax_status.into(),
                reference_income_exemption: self.reference_income_exemption,
            },
            members,
            units,
        })
    }
}

impl HighCostHistory {
    fn to_domain(&self) -> KenpoResult<domain::BenefitHistory> {
        let paid = self
            .paid
            .iter()
            .enumerate()
            .map(|(i, p)| {
                Ok(domain::PaidMonth {
                    month: p.month,
                    household: key(&p.household, &format!("paid[{i}].household"))?,
                    outpatient_only: p.outpatient_only,
                })
            })
            .collect::<KenpoResult<Vec<_>>>()?;
        Ok(domain::BenefitHistory {
            spell_start: self.spell_start,
            paid,
        })
    }
}

impl From<domain::HighCostError> for KenpoError {
    fn from(e: domain::HighCostError) -> Self {
        // The domain names units and members by index, never by person.
        match e {
            domain::HighCostError::NotInsuredInMonth { .. } => KenpoError::rejected(
                "high_cost.not_insured_in_month (高確法 第50条, 健康保険法 第3条1項)",
                e,
            ),
            domain::HighCostError::NoTableForMonth { .. } => {
                KenpoError::rejected("high_cost.table (健康保険法施行令 第42条)", e)
            }
            domain::HighCostError::NoCategory | domain::HighCostError::OddAmountHalved { .. } => {
                KenpoError::Internal {
                    detail: e.to_string(),
                }
            }
            other => KenpoError::argument("household", other),
        }
    }
}

impl From<AdditionalBenefitError> for KenpoError {
    fn from(e: AdditionalBenefitError) -> Self {
        KenpoError::InvalidConfig {
            source_name: "society config".to_owned(),
            line: 0,
            column: 0,
            key: "additional_benefits".to_owned(),
            detail: e.to_string(),
        }
    }
}

impl SocietyConfig {
    fn decide_high_cost(
        &self,
        request: &HighCostRequest,
        options: &domain::HighCostOptions,
    ) -> KenpoResult<HighCostDecision> {
        let household = request.household.to_domain()?;
        let history = request
            .history
            .to_domain()
            .map_err(|e| e.within("history"))?;
        let d = domain::decide_month(&household, &history, options)?;
        let additional = self
            .inner
            .additional_benefits
            .as_ref()
            .map(|rules| additional_benefit::decide(rules, &d))
            .transpose()?;
        let detail_json = serde_json::to_string(
            &serde_json::json!({ "high_cost": d, "additional_benefit": additional }),
        )
        .map_err(|_| KenpoError::Internal {
            detail: "serialising a high-cost decision failed".to_owned(),
        })?;
        Ok(HighCostDecision {
            month: d.month,
            under70_table: d.under70_table.clone(),
            elderly_table: d.elderly_table.clone(),
            under70_category: d.under70_category.label().to_owned(),
            elderly_category: d.elderly_category.map(|c| c.label().to_owned()),
            many_times: d.many_times,
            total_charges: d.total_charges,
            refund: d.refund,
            refund_specified_disease: d.breakdown.specified_disease,
            refund_elderly_outpatient: d.breakdown.elderly_outpatient,
            refund_birthday_75_personal: d.breakdown.birthday_75_personal,
            refund_elderly_household: d.breakdown.elderly_household,
            refund_under70_household: d.breakdown.under70_household,
            counts_toward_many_times: d.counts_toward_many_times,
            borne_on_counted_charges: d.borne_on_counted_charges,
            paid_month: d
                .paid_month(&household.household)
                .map(|p| HighCostPaidMonth {
                    month: p.month,
                    household: (&p.household).into(),
                    outpatient_only: p.outpatient_only,
                }),
            additional_benefit: additional.as_ref().map_or(Yen::ZERO, |a| a.total),
            additional_benefit_explanation: additional.as_ref().map(|a| (&a.explanation).into()),
            explanation: (&d.explanation).into(),
            detail_json,
        })
    }
}

#[uniffi::export]
impl SocietyConfig {
    /// Decides 高額療養費 (健康保険法 第115条, 令41条–43条) for one household-month and, when this
    /// society's configuration has `additional_benefits`, its 付加給付 (第53条) on what remains.
    /// Errors: [`KenpoError::InvalidArgument`] (a unit of another month, a person not listed, a
    /// negative amount; the field names the unit by index), [`KenpoError::Rejected`] (no table
    /// for the month, a person not in kenpo), [`KenpoError::InvalidConfig`] (付加給付 rules
    /// exist but none is in force for the month).
    pub fn high_cost_month(
        &self,
        request: HighCostRequest,
        options: HighCostOptions,
    ) -> KenpoResult<HighCostDecision> {
        self.decide_high_cost(&request, &options.to_domain())
    }

    /// The batch form of [`SocietyConfig::high_cost_month`]: many household-months in one call,
    /// in input order. The first refused one fails the call; its field names the index
    /// (`requests[3].units[0].institution`).
    pub fn high_cost_months(
        &self,
        requests: Vec<HighCostRequest>,
        options: HighCostOptions,
    ) -> KenpoResult<Vec<HighCostDecision>> {
        let options = options.to_domain();
        requests
            .iter()
            .enumerate()
            .map(|(i, r)| {
                self.decide_high_cost(r, &options)
                    .map_err(|e| e.within(&format!("requests[{i}]")))
            })
            .collect()
    }
}
