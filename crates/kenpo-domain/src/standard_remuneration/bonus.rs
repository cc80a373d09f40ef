//! 標準賞与額 (standard bonus, 健康保険法 第45条): the bonus with the part below 1,000 yen cut
//! off, capped at a cumulative amount per fiscal year.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{FiscalYear, YearMonth};
use crate::explanation::Explanation;
use crate::money::Yen;
use crate::rounding;

/// The fiscal-year cap of the cumulative 標準賞与額 (年度累計上限), with its effective date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AnnualBonusCap {
    /// The first day the cap applies to bonuses paid on it or later.
    pub effective_from: NaiveDate,
    /// The cap.
    pub cap: Yen,
    /// Where the figure comes from.
    pub source: &'static str,
}

const fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(x) => x,
        None => NaiveDate::MIN,
    }
}

/// The caps in force over time, oldest first: 5,400,000 from 2007-04-01 (平成18年法律第83号),
/// 5,730,000 from 2016-04-01 (平成27年法律第31号).
pub const ANNUAL_BONUS_CAPS: [AnnualBonusCap; 2] = [
    AnnualBonusCap {
        effective_from: day(2007, 4, 1),
        cap: Yen::new(5_400_000),
        source: "健康保険法 第45条1項 (平成18年法律第83号, 2007-04-01)",
    },
    AnnualBonusCap {
        effective_from: day(2016, 4, 1),
        cap: Yen::new(5_730_000),
        source: "健康保険法 第45条1項 (平成27年法律第31号, 2016-04-01)",
    },
];

/// The cap in force for a bonus paid on `paid_on`; `None` before 2007-04-01.
pub fn annual_bonus_cap_on(paid_on: NaiveDate) -> Option<&'static AnnualBonusCap> {
    ANNUAL_BONUS_CAPS
        .iter()
        .rev()
        .find(|c| c.effective_from <= paid_on)
}

/// A bonus (賞与) paid to one person: the day and the amount before deductions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BonusPayment {
    /// The day it was paid.
    pub paid_on: NaiveDate,
    /// The amount paid.
    pub amount: Yen,
}

/// The 標準賞与額 of one bonus and how it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardBonus {
    /// The day the bonus was paid.
    pub paid_on: NaiveDate,
    /// The month it was paid in (the premium month it belongs to).
    pub month: YearMonth,
    /// The bonus paid.
    pub amount: Yen,
    /// The 標準賞与額 (after the 1,000-yen floor and the cap).
    pub standard: Yen,
    /// The fiscal-year cumulative 標準賞与額 after this bonus.
    pub cumulative: Yen,
    /// `true` when the cap cut this bonus (to a smaller amount or to zero).
    pub capped: bool,
    /// The steps.
    pub explanation: Explanation,
}

/// Why a standard bonus could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BonusError {
    /// A negative bonus or cumulative amount.
    #[error("{field}: negative amount")]
    Negative {
        /// The input field.
        field: &'static str,
    },
    /// Paid before any cap was in force (before 2007-04-01).
    #[error("no 標準賞与額 rule for a bonus paid in {month}")]
    NoRuleFor {
        /// The month of payment.
        month: YearMonth,
    },
}

/// The 標準賞与額 of one bonus (法45条1項): `amount` with the part below 1,000 yen cut off,
/// reduced so that the fiscal-year cumulative does not pass the cap (5,730,000); a bonus after
/// the cap is reached gets 0. `cumulative_before` is the 標準賞与額 already counted in the same
/// fiscal year at the same insurer. A bonus paid in the month of loss of eligibility still gets
/// (and counts toward the cumulative) a 標準賞与額; whether it carries a premium is decided by
/// the premium module.
pub fn standard_bonus(
    payment: BonusPayment,
    cumulative_before: Yen,
) -> Result<StandardBonus, BonusError> {
    if payment.amount.is_negative() {
        return Err(BonusError::Negative { field: "amount" });
    }
    if cumulative_before.is_negative() {
        return Err(BonusError::Negative {
            field: "cumulative_before",
        });
    }
    let month = YearMonth::of(payment.paid_on);
    let cap = annual_bonus_cap_on(payment.paid_on).ok_or(BonusError::NoRuleFor { month })?;
    let mut e = Explanation::new("standard_remuneration.standard_bonus", cap.source);
    let floored = rounding::floor_to_1000_yen(payment.amount.to_decimal());
    e.step(
        "1,000-yen floor",
        format_args!("{} → {floored}", payment.amount),
    );
    let room = (cap.cap - cumulative_before).clamp_non_negative();
    let standard = floored.min(room);
    let capped = standard < floored;
    if capped {
        e.step(
            "fiscal-year cap",
            format_args!(
                "{} cumulative in {} before this bonus; cap {} leaves {room}",
                cumulative_before,
                FiscalYear::of(payment.paid_on),
                cap.cap
            ),
        );
    }
    let cumulative = cumulative_before + standard;
    e.step(
        "標準賞与額",
        format_args!("{standard} (cumulative {cumulative})"),
    );
    Ok(StandardBonus {
        paid_on: payment.paid_on,
        month,
        amount: payment.amount,
        standard,
        cumulative,
        capped,
        explanation: e,
    })
}

/// The 標準賞与額 of several bonuses of one person at one insurer, in order of payment date, the
/// cumulative restarting each fiscal year (1 April).
pub fn standard_bonuses(payments: &[BonusPayment]) -> Result<Vec<StandardBonus>, BonusError> {
    let mut sorted = payments.to_vec();
    sorted.sort_by_key(|p| p.paid_on);
    let mut out: Vec<StandardBonus> = Vec::with_capacity(sorted.len());
    for p in sorted {
        let fy = FiscalYear::of(p.paid_on);
        let before = out
            .last()
            .filter(|b| FiscalYear::of(b.paid_on) == fy)
            .map_or(Yen::ZERO, |b| b.cumulative);
        out.push(standard_bonus(p, before)?);
    }
    Ok(out)
}
