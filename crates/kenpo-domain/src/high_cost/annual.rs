//! Yearly settlements (August – July), paid afterwards on application (償還払い):
//!
//! - [`settle_outpatient_year`]: the 70–74 annual outpatient cap (外来年間合算, 健康保険法施行令
//!   第41条7項・第42条10項): base date **31 July**, period 1 August – 31 July; the outpatient
//!   charges a person bore in the months he or she was 一般 or 低所得 are capped at the annual
//!   amount of the category on the base date (144,000 for 一般 in the period starting August
//!   2025; 216,000 / 96,000 for 一般 / 低所得 II from August 2026). Source: aeonkenpo
//!   「高齢受給者の自己負担」; docs/SOURCES.md §3.5.
//! - [`settle_annual_cap`]: the new 年間上限 from August 2026 (first period 2026-08 … 2027-07).
//!   **Unconfirmed basis** (docs/SOURCES.md §3.3, §11 item 2): the reference does not say whether it
//!   is summed per person or per household nor exactly which payments count. This library
//!   implements the best-documented reading behind [`AnnualCapBasis`]:
//!   the household's out-of-pocket on the charges the monthly computation counted (aggregated
//!   units and every 70–74 unit, after monthly 高額療養費), summed over the period and capped at
//!   the annual amount of the insured person's category on the base date (31 July, by analogy
//!   with the outpatient cap); [`AnnualCapBasis::HouseholdBenefitMonthsOnly`] counts only the
//!   months with a monthly benefit. The reduced 410,000 cap for 区分エ / 一般 with 標準報酬月額 ≤
//!   150,000 applies (refunded from August 2027, i.e. at the first settlement).
//!
//! Both take the amounts borne after the monthly benefit, which the caller collects from the
//! monthly decisions ([`AnnualCapMonth::from_decision`]).
//!
//! ## Example: the 70–74 annual outpatient cap
//!
//! ```
//! use kenpo_domain::calendar::YearMonth;
//! use kenpo_domain::high_cost::{
//!     settle_outpatient_year, ElderlyCategory, HighCostOptions, OutpatientMonth, OutpatientYearInput,
//! };
//! use kenpo_domain::Yen;
//!
//! let first = YearMonth::new(2025, 8).unwrap();
//! let input = OutpatientYearInput {
//!     first_month: first,
//!     category_on_base_date: ElderlyCategory::General,
//!     months: (0..12)
//!         .map(|i| OutpatientMonth {
//!             month: first.add_months(i),
//!             category: ElderlyCategory::General,
//!             outpatient_borne: Yen::new(15_000),
//!         })
//!         .collect(),
//! };
//! let d = settle_outpatient_year(&input, &HighCostOptions::default()).unwrap();
//! // 12 × 15,000 = 180,000 borne; the 一般 cap is 144,000; 36,000 is refunded.
//! assert_eq!(d.counted, Yen::new(180_000));
//! assert_eq!(d.cap, Some(Yen::new(144_000)));
//! assert_eq!(d.refund, Yen::new(36_000));
//! ```

use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;
use crate::explanation::Explanation;
use crate::money::Yen;

use super::category::{AgeBand, CategoryBasis, TaxStatus};
use super::household::{AnnualCapBasis, HighCostOptions, HouseholdMonthDecision};
use super::tables::{self, ElderlyCategory, LowEarnerCap};
use super::HighCostError;

/// The month a yearly period starts (August).
pub const YEAR_START_MONTH: u32 = 8;

fn check_period(first_month: YearMonth, months: &[YearMonth]) -> Result<(), HighCostError> {
    if first_month.month() != YEAR_START_MONTH {
        return Err(HighCostError::NotAnAugust { month: first_month });
    }
    let last = first_month.add_months(11);
    for (i, m) in months.iter().enumerate() {
        if *m < first_month || *m > last {
            return Err(HighCostError::MonthOutsidePeriod { entry: i });
        }
    }
    Ok(())
}

/// One month of a 70–74 person's outpatient charges, after the monthly 高額療養費.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutpatientMonth {
    /// Treatment month.
    pub month: YearMonth,
    /// The person's category in that month.
    pub category: ElderlyCategory,
    /// Outpatient charges the person bore in the month after monthly 高額療養費.
    pub outpatient_borne: Yen,
}

/// Input of the 70–74 annual outpatient settlement for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutpatientYearInput {
    /// The August that starts the period.
    pub first_month: YearMonth,
    /// The person's category on the base date (31 July).
    pub category_on_base_date: ElderlyCategory,
    /// The months of the period (months as 現役並み are left out by the rule).
    pub months: Vec<OutpatientMonth>,
}

/// Outcome of a yearly settlement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearlyDecision {
    /// Sum of the amounts counted.
    pub counted: Yen,
    /// The annual cap applied (`None` when the category has none).
    pub cap: Option<Yen>,
    /// The refund (never negative).
    pub refund: Yen,
    /// Table, cap and each month counted or left out.
    pub explanation: Explanation,
}

/// Settles the 70–74 annual outpatient cap (外来年間合算) of one person.
///
/// # Errors
/// [`HighCostError::NotAnAugust`], [`HighCostError::MonthOutsidePeriod`],
/// [`HighCostError::NoTableForMonth`], [`HighCostError::InvalidAmount`] for a negative amount.
pub fn settle_outpatient_year(
    input: &OutpatientYearInput,
    options: &HighCostOptions,
) -> Result<YearlyDecision, HighCostError> {
    let planned = options.planned_tables;
    check_period(
        input.first_month,
        &input.months.iter().map(|m| m.month).collect::<Vec<_>>(),
    )?;
    let table = tables::elderly_table(input.first_month, planned)?;
    let mut e = Explanation::with(
        format!("high_cost.outpatient_year@{}", table.version),
        "健康保険法施行令 第41条7項・第42条10項 (外来年間合算)",
        options.explain,
    );
    let cap = table
        .rows
        .iter()
        .find(|r| r.category == input.category_on_base_date)
        .and_then(|r| r.outpatient_annual);
    e.step(
        "period and cap",
        format_args!(
            "{} – {}; category on 31 July {} → cap {}",
            input.first_month,
            input.first_month.add_months(11),
            input.category_on_base_date.label(),
            cap.map_or("none".to_owned(), |c| c.to_string())
        ),
    );
    let mut counted = Yen::ZERO;
    for (i, m) in input.months.iter().enumerate() {
        if m.outpatient_borne.is_negative() {
            return Err(HighCostError::InvalidAmount {
                unit: i,
                field: "outpatient_borne",
            });
        }
        if m.category.has_outpatient_step() {
            counted += m.outpatient_borne;
            e.step(
                format_args!("{}", m.month),
                format_args!("{} counted", m.outpatient_borne),
            );
        } else {
            e.step(
                format_args!("{}", m.month),
                format_args!(
                    "{} left out: {} month",
                    m.outpatient_borne,
                    m.category.label()
                ),
            );
        }
    }
    let refund = match (input.category_on_base_date.has_outpatient_step(), cap) {
        (true, Some(c)) if counted > c => counted - c,
        _ => Yen::ZERO,
    };
    e.step("refund", format_args!("{counted} − cap → {refund}"));
    Ok(YearlyDecision {
        counted,
        cap,
        refund,
        explanation: e,
    })
}

/// One month of a household for the annual cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnualCapMonth {
    /// Treatment month.
    pub month: YearMonth,
    /// Out-of-pocket on the charges the monthly computation counted.
    pub borne: Yen,
    /// Whether monthly 高額療養費 was paid.
    pub benefit_paid: bool,
}

impl AnnualCapMonth {
    /// Takes the month from a monthly decision.
    pub fn from_decision(d: &HouseholdMonthDecision) -> Self {
        AnnualCapMonth {
            month: d.month,
            borne: d.borne_on_counted_charges,
            benefit_paid: d.refund > Yen::ZERO,
        }
    }
}

/// Input of the annual-cap settlement of one household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnualCapInput {
    /// The August that starts the period (2026-08 or later).
    pub first_month: YearMonth,
    /// The insured person's category basis on the base date (31 July).
    pub basis: CategoryBasis,
    /// The insured person's age band on the base date (selects the under-70 or 70–74 row).
    pub band: AgeBand,
    /// The months of the period.
    pub months: Vec<AnnualCapMonth>,
}

fn low_earner(cap: Option<Yen>, low: Option<LowEarnerCap>, basis: &CategoryBasis) -> Option<Yen> {
    match low {
        Some(l)
            if basis.tax_status == TaxStatus::Taxed
                && basis.standard_monthly <= l.max_standard_monthly =>
        {
            Some(l.cap)
        }
        _ => cap,
    }
}

/// Settles the annual cap (年間上限) of a household for one August–July period.
///
/// # Errors
/// As [`settle_outpatient_year`]; [`HighCostError::NoAnnualCap`] for a period before the cap
/// exists (before August 2026).
///
/// The summing basis is [`HighCostOptions::annual_cap_basis`] (unconfirmed, see the module docs).
pub fn settle_annual_cap(
    input: &AnnualCapInput,
    options: &HighCostOptions,
) -> Result<YearlyDecision, HighCostError> {
    let planned = options.planned_tables;
    let basis_option = options.annual_cap_basis;
    check_period(
        input.first_month,
        &input.months.iter().map(|m| m.month).collect::<Vec<_>>(),
    )?;
    let (version, cap) = match input.band {
        AgeBand::Under70 => {
            let t = tables::under70_table(input.first_month, planned)?;
            let row = input.basis.under70_row(t)?;
            (
                t.version,
                low_earner(row.annual_cap, row.low_earner_annual_cap, &input.basis),
            )
        }
        AgeBand::Elderly => {
            let t = tables::elderly_table(input.first_month, planned)?;
            let row = input.basis.elderly_row(t, true)?;
            (
                t.version,
                low_earner(row.annual_cap, row.low_earner_annual_cap, &input.basis),
            )
        }
    };
    let cap = cap.ok_or(HighCostError::NoAnnualCap {
        month: input.first_month,
    })?;
    let mut e = Explanation::with(
        format!("high_cost.annual_cap@{version}"),
        "MHLW 「高額療養費制度の見直しについて（令和8年8月診療分から）」 (年間上限; basis unconfirmed)",
        options.explain,
    );
    e.step(
        "period, basis and cap",
        format_args!(
            "{} – {}; {basis_option:?}; 標準報酬月額 {} → cap {cap}",
            input.first_month,
            input.first_month.add_months(11),
            input.basis.standard_monthly
        ),
    );
    let mut counted = Yen::ZERO;
    for (i, m) in input.months.iter().enumerate() {
        if m.borne.is_negative() {
            return Err(HighCostError::InvalidAmount {
                unit: i,
                field: "borne",
            });
        }
        let counts = match basis_option {
            AnnualCapBasis::HouseholdAllMonths => true,
            AnnualCapBasis::HouseholdBenefitMonthsOnly => m.benefit_paid,
        };
        if counts {
            counted += m.borne;
        }
        e.step(
            format_args!("{}", m.month),
            format_args!(
                "{} {}",
                m.borne,
                if counts {
                    "counted"
                } else {
                    "left out (no monthly benefit)"
                }
            ),
        );
    }
    let refund = if counted > cap {
        counted - cap
    } else {
        Yen::ZERO
    };
    e.step("refund", format_args!("{counted} − {cap} → {refund}"));
    Ok(YearlyDecision {
        counted,
        cap: Some(cap),
        refund,
        explanation: e,
    })
}
