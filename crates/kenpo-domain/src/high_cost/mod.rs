//! High-cost medical expense benefit (高額療養費, 健康保険法 第115条; 健康保険法施行令 第41条–第43条).
//!
//! When what a household paid at the window in one month exceeds its limit (自己負担限度額),
//! the society refunds the excess. The pieces:
//!
//! | piece | module | rule |
//! | --- | --- | --- |
//! | the unit (person × month × institution × 入院/外来 × 医科/歯科, pharmacy joined) | [`mod@unit`] | 令41条1項 |
//! | dated limit tables (to July 2026, from August 2026, planned August 2027) | [`tables`] | 令42条 |
//! | income categories and age status (70–74, 75th-birthday month) | [`category`] | 令42条, 法74条 |
//! | 多数回該当 from the benefit history | [`history`] | 令42条1項ただし書 |
//! | the household-month decision (特定疾病, 70–74 steps, 世帯合算) | [`household`] | 令41条・42条 |
//! | yearly settlements (70–74 外来年間合算, the new 年間上限) | [`annual`] | 令42条10項; 2026 reform |
//!
//! Every dated figure is chosen by the **treatment month**; every decision carries an
//! [`Explanation`](crate::explanation::Explanation) with the inputs, the table version, each step of the arithmetic and the
//! reason each unit was included or left out (without personal data: units and members are
//! named by their index).
//!
//! ## Options where the reference is unsure ([`HighCostOptions`])
//!
//! - [`PlannedTables`]: the announced August 2027 13-band table is data marked planned and is
//!   never used unless [`PlannedTables::Apply`] is set.
//! - [`Birthday75Floor`]: the 10,500 floor in the 75th-birthday month is stated for 国保 only;
//!   the default keeps 21,000.
//! - [`AnnualCapBasis`]: how the 年間上限 is summed is not confirmed; the default is the
//!   household's out-of-pocket over every month of August–July (see [`annual`]).
//!
//! Further doubts, written down: the 特定疾病 limits are not halved in the 75th-birthday month
//! and may change with the 2026 reform; 特定疾病 refunds count toward 多数回; the 1 % term of a
//! mixed household uses the 医療費 of every aggregated unit (under-70 units of at least 21,000
//! and all 70–74 units).
//!
//! ## Example: 区分ウ, 医療費 1,000,000 in July and in August 2026
//!
//! ```
//! use kenpo_domain::high_cost::{
//!     decide_month, AgeStatus, BenefitHistory, CareSetting, CategoryBasis, CostUnit,
//!     HighCostOptions, HouseholdMonth, MedicalBranch, MemberMonth, Relation, TaxStatus,
//! };
//! use kenpo_domain::identifiers::{InstitutionCode, MemberKey};
//! use kenpo_domain::{calendar::YearMonth, Yen};
//!
//! let insured = MemberKey::parse("1234", "567", "00").unwrap();
//! let refund_for = |month: YearMonth| {
//!     let input = HouseholdMonth {
//!         month,
//!         household: insured.clone(),
//!         basis: CategoryBasis {
//!             standard_monthly: Yen::new(300_000),
//!             tax_status: TaxStatus::Taxed,
//!             reference_income_exemption: false,
//!         },
//!         members: vec![MemberMonth {
//!             person: insured.clone(),
//!             relation: Relation::Insured,
//!             age: AgeStatus::UNDER_70,
//!         }],
//!         units: vec![CostUnit {
//!             person: insured.clone(),
//!             month,
//!             institution: InstitutionCode::new("0110113719").unwrap(),
//!             setting: CareSetting::Inpatient,
//!             branch: MedicalBranch::Medical,
//!             total_cost: Yen::new(1_000_000),
//!             patient_charge: Yen::new(300_000),
//!             specified_disease: None,
//!         }],
//!     };
//!     let d = decide_month(&input, &BenefitHistory::default(), &HighCostOptions::default()).unwrap();
//!     d.refund
//! };
//! // limit 87,430 (80,100 + 7,330) → refund 212,570; from August 2026 92,940 → 207,060.
//! assert_eq!(refund_for(YearMonth::new(2026, 7).unwrap()), Yen::new(300_000 - 87_430));
//! assert_eq!(refund_for(YearMonth::new(2026, 8).unwrap()), Yen::new(300_000 - 92_940));
//! ```

pub mod annual;
pub mod category;
pub mod history;
pub mod household;
pub mod tables;
pub mod unit;

#[cfg(test)]
pub(crate) mod test_support;
#[cfg(test)]
mod tests;

pub use self::annual::{
    settle_annual_cap, settle_outpatient_year, AnnualCapInput, AnnualCapMonth, OutpatientMonth,
    OutpatientYearInput, YearlyDecision,
};
pub use self::category::{AgeBand, AgeStatus, CategoryBasis, TaxStatus};
pub use self::history::{BenefitHistory, PaidMonth};
pub use self::household::{
    decide_month, AnnualCapBasis, BenefitBlock, Birthday75Floor, BlockKind, HighCostOptions,
    HouseholdMonth, HouseholdMonthDecision, MemberMonth, RefundBreakdown, Relation, UnitOutcome,
    UnitTreatment,
};
pub use self::tables::{ElderlyCategory, PlannedTables, Under70Category};
pub use self::unit::{
    build_units, CareSetting, CostUnit, MedicalBranch, ReceiptRow, RowKind, SpecifiedDisease,
};

use crate::calendar::YearMonth;
use crate::money::Yen;

/// Why a high-cost computation was refused. Fields name units, rows and members by index, never
/// by personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HighCostError {
    /// No table covers the treatment month (before the earliest encoded table).
    #[error("no 高額療養費 table covers treatment month {month}")]
    NoTableForMonth {
        /// The month.
        month: YearMonth,
    },
    /// The 標準報酬月額 is negative.
    #[error("標準報酬月額 is negative")]
    NegativeStandardMonthly,
    /// No category row matched (a malformed table).
    #[error("no income category matched")]
    NoCategory,
    /// A negative amount, or a patient charge above the 10割 cost.
    #[error("unit/row {unit}: invalid amount in {field}")]
    InvalidAmount {
        /// Index of the unit, row or month entry.
        unit: usize,
        /// The field.
        field: &'static str,
    },
    /// Rows of one unit name different 特定疾病.
    #[error("row {row}: a different 特定疾病 than the other rows of its unit")]
    ConflictingSpecifiedDisease {
        /// Index of the row.
        row: usize,
    },
    /// A unit belongs to another treatment month than the decision.
    #[error("unit {unit}: treatment month differs from the household month")]
    MonthMismatch {
        /// Index of the unit.
        unit: usize,
    },
    /// A unit's person is not among the members.
    #[error("unit {unit}: the person is not a listed member of the household")]
    UnknownPerson {
        /// Index of the unit.
        unit: usize,
    },
    /// A member is listed twice.
    #[error("member {member} is listed twice")]
    DuplicateMember {
        /// Index of the second listing.
        member: usize,
    },
    /// The insured person is not among the members as [`Relation::Insured`].
    #[error("the insured person (被保険者) is not listed as a member")]
    InsuredNotListed,
    /// The person is not in kenpo in the month (75 on its first day, or not yet born).
    #[error("the person is not insured in kenpo in {month} (75th birthday on or before its first day, or born later)")]
    NotInsuredInMonth {
        /// The month.
        month: YearMonth,
    },
    /// A halved amount is not whole yen (a malformed table).
    #[error("cannot halve {amount} to whole yen")]
    OddAmountHalved {
        /// The amount.
        amount: Yen,
    },
    /// A yearly period does not start in August.
    #[error("a yearly period starts in August, not {month}")]
    NotAnAugust {
        /// The month given.
        month: YearMonth,
    },
    /// A month entry falls outside the August–July period.
    #[error("entry {entry}: month outside the August–July period")]
    MonthOutsidePeriod {
        /// Index of the entry.
        entry: usize,
    },
    /// The period has no annual cap (年間上限 exists from August 2026).
    #[error("no annual cap (年間上限) for the period starting {month}")]
    NoAnnualCap {
        /// The first month of the period.
        month: YearMonth,
    },
}
