//! Which months and bonuses carry a premium: the insured months (法156条3項), the 75th birthday,
//! and the exemptions during maternity leave (法159条の3) and childcare leave (法159条).

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::PremiumError;
use crate::age;
use crate::calendar::YearMonth;
use crate::explanation::{Explain, Explanation};

/// The first day from which the 2022 rules for childcare-leave exemptions apply (14-day rule for
/// a leave within one month; bonus exempt only for a leave of more than one month): leave
/// starting on or after 2022-10-01 (令和3年法律第66号).
pub const CHILDCARE_EXEMPTION_2022_RULES_FROM: NaiveDate =
    match NaiveDate::from_ymd_opt(2022, 10, 1) {
        Some(d) => d,
        None => NaiveDate::MIN,
    };

/// Days of childcare leave within one month that exempt the month when the leave starts and
/// ends within it (14日以上, 法159条 as amended by 令和3年法律第66号, and its 施行規則).
pub const CHILDCARE_SAME_MONTH_MIN_DAYS: i64 = 14;

/// A person's period of eligibility at the society (資格取得日 and 資格喪失日).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    /// 資格取得日: the first day insured.
    pub acquired_on: NaiveDate,
    /// 資格喪失日: the first day **not** insured (the day after leaving or death); `None` while
    /// insured. The 75th birthday is applied on top of it (see [`effective_loss_date`]).
    pub lost_on: Option<NaiveDate>,
}

/// The kind of leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LeaveKind {
    /// 産前産後休業 (法159条の3).
    Maternity,
    /// 育児休業等, including 出生時育児休業 (法159条).
    Childcare,
}

/// A spell of leave, first and last day included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leave {
    /// Which leave.
    pub kind: LeaveKind,
    /// The first day of the leave.
    pub first_day: NaiveDate,
    /// The last day of the leave.
    pub last_day: NaiveDate,
    /// Days worked by agreement during a 出生時育児休業 (subtracted for the 14-day count, per the 施行規則).
    #[serde(default)]
    pub agreed_work_days: u8,
}

/// Whether a month or a bonus carries a premium.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "charge")]
#[non_exhaustive]
pub enum Charge {
    /// A premium is due.
    Charged,
    /// The person is not insured in that month (before acquisition, the loss month, after).
    NotInsured,
    /// Exempt because of a leave.
    Exempt {
        /// The leave.
        leave: LeaveKind,
    },
}

/// A charge decision with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeDecision {
    /// The premium month.
    pub month: YearMonth,
    /// The outcome.
    pub charge: Charge,
    /// Why.
    pub explanation: Explanation,
}

/// The 資格喪失日 taking the 75th birthday into account: eligibility ends **on** the 75th
/// birthday (高齢者の医療の確保に関する法律 第50条, 52条; 健康保険法 第3条1項ただし書, 第36条).
pub fn effective_loss_date(coverage: &Coverage, birth_date: NaiveDate) -> Option<NaiveDate> {
    let at_75 = age::late_elderly_transition_date(birth_date);
    match (coverage.lost_on, at_75) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn check(coverage: &Coverage, leaves: &[Leave]) -> Result<(), PremiumError> {
    if coverage.lost_on.is_some_and(|l| l <= coverage.acquired_on) {
        return Err(PremiumError::InvalidDates {
            field: "coverage.lost_on",
            problem: "not after the acquisition date",
        });
    }
    if leaves.iter().any(|l| l.last_day < l.first_day) {
        return Err(PremiumError::InvalidDates {
            field: "leaves",
            problem: "a leave ends before it starts",
        });
    }
    Ok(())
}

/// Spells of one kind joined when one starts the day after the other ends, sorted.
fn merged(leaves: &[Leave], kind: LeaveKind) -> Vec<Leave> {
    let mut spells: Vec<Leave> = leaves.iter().filter(|l| l.kind == kind).copied().collect();
    spells.sort_by_key(|l| l.first_day);
    let mut out: Vec<Leave> = Vec::with_capacity(spells.len());
    for s in spells {
        match out.last_mut() {
            Some(prev) if prev.last_day.succ_opt() >= Some(s.first_day) => {
                prev.last_day = prev.last_day.max(s.last_day);
                prev.agreed_work_days = prev.agreed_work_days.saturating_add(s.agreed_work_days);
            }
            _ => out.push(s),
        }
    }
    out
}

/// The month containing the day after the leave (the first month not covered by the month-end
/// rule).
fn end_month(leave: &Leave) -> YearMonth {
    YearMonth::of(leave.last_day.succ_opt().unwrap_or(leave.last_day))
}

/// `true` when `month` is exempt by the month-end rule: from the month the leave starts to the
/// month before the month containing the day after it ends.
fn month_end_rule(leave: &Leave, month: YearMonth) -> bool {
    YearMonth::of(leave.first_day) <= month && month < end_month(leave)
}

fn days(leave: &Leave) -> i64 {
    (leave.last_day - leave.first_day).num_days() + 1 - i64::from(leave.agreed_work_days)
}

/// The leave that exempts `month`, with the rule that does it.
fn exempting_leave(leaves: &[Leave], month: YearMonth, e: &mut Explanation) -> Option<LeaveKind> {
    if let Some(l) = merged(leaves, LeaveKind::Maternity)
        .iter()
        .find(|l| month_end_rule(l, month))
    {
        e.step(
            "産前産後休業",
            format_args!(
                "exempt: {month} lies from the month the leave starts ({}) to the month before the month of the day after it ends ({}) (法159条の3)",
                YearMonth::of(l.first_day),
                end_month(l)
            ),
        );
        return Some(LeaveKind::Maternity);
    }
    let childcare = merged(leaves, LeaveKind::Childcare);
    if let Some(l) = childcare.iter().find(|l| month_end_rule(l, month)) {
        e.step(
            "育児休業等",
            format_args!(
                "exempt: the last day of {month} falls in a leave from {} (法159条)",
                YearMonth::of(l.first_day)
            ),
        );
        return Some(LeaveKind::Childcare);
    }
    let same_month_days: i64 = childcare
        .iter()
        .filter(|l| {
            l.first_day >= CHILDCARE_EXEMPTION_2022_RULES_FROM
                && YearMonth::of(l.first_day) == month
                && end_month(l) == month
        })
        .map(days)
        .sum();
    if same_month_days > 0 {
        let exempt = same_month_days >= CHILDCARE_SAME_MONTH_MIN_DAYS;
        e.step(
            "育児休業等 within the month",
            format_args!(
                "{same_month_days} days of leave starting and ending in {month}: {} (14 days or more exempt, 法159条)",
                if exempt { "exempt" } else { "not exempt" }
            ),
        );
        if exempt {
            return Some(LeaveKind::Childcare);
        }
    }
    None
}

/// Whether premium month `month` carries a monthly premium (and 支援金).
///
/// Premiums run from the month of acquisition to the month before the month of loss (法156条3項);
/// a person who acquires and loses eligibility in the same month pays for that month (同月得喪);
/// the 75th birthday is a loss date; a month is exempt during 産前産後休業 and 育児休業等 by the
/// month-end rule, and, for childcare leave starting 2022-10-01 or later, when leave starting and
/// ending in the month totals 14 days or more.
pub fn month_charge(
    coverage: &Coverage,
    birth_date: NaiveDate,
    leaves: &[Leave],
    month: YearMonth,
) -> Result<ChargeDecision, PremiumError> {
    month_charge_with(coverage, birth_date, leaves, month, Explain::Steps)
}

/// [`month_charge`], with its steps written only when `explain` asks for them.
pub fn month_charge_with(
    coverage: &Coverage,
    birth_date: NaiveDate,
    leaves: &[Leave],
    month: YearMonth,
    explain: Explain,
) -> Result<ChargeDecision, PremiumError> {
    check(coverage, leaves)?;
    let mut e = Explanation::with(
        "premium.month_charge",
        "健康保険法 第156条3項, 第159条, 第159条の3",
        explain,
    );
    let charge = insured_charge(coverage, birth_date, month, &mut e);
    let charge = if charge == Charge::Charged {
        match exempting_leave(leaves, month, &mut e) {
            Some(leave) => Charge::Exempt { leave },
            None => Charge::Charged,
        }
    } else {
        charge
    };
    Ok(ChargeDecision {
        month,
        charge,
        explanation: e,
    })
}

fn insured_charge(
    coverage: &Coverage,
    birth_date: NaiveDate,
    month: YearMonth,
    e: &mut Explanation,
) -> Charge {
    let acquired = YearMonth::of(coverage.acquired_on);
    let loss = effective_loss_date(coverage, birth_date);
    if coverage.lost_on != loss {
        if let Some(l) = loss {
            e.step(
                "75th birthday",
                format_args!("eligibility ends on it, in {}", YearMonth::of(l)),
            );
        }
    }
    if month < acquired {
        e.step(
            "not insured",
            format_args!("{month} is before the acquisition month {acquired}"),
        );
        return Charge::NotInsured;
    }
    if let Some(l) = loss {
        let loss_month = YearMonth::of(l);
        if month == loss_month && loss_month == acquired {
            e.step(
                "同月得喪",
                format_args!("acquired and lost in {month}: one month is charged"),
            );
            return Charge::Charged;
        }
        if month >= loss_month {
            e.step(
                "not insured",
                format_args!("{month} is not before the loss month {loss_month} (the loss month is not charged, 法156条3項)"),
            );
            return Charge::NotInsured;
        }
    }
    e.step("insured", format_args!("{month} is an insured month"));
    Charge::Charged
}

/// Whether a bonus paid on `paid_on` carries a premium.
///
/// Not when it is paid in the month of loss (unless 同月得喪) or outside the insured period;
/// exempt in a month exempt by 産前産後休業; for 育児休業等 the month must be exempt by the
/// month-end rule **and**, for leave starting 2022-10-01 or later, the leave must last more than
/// one month (12/15–1/14 is exactly one month and is not enough). The 14-day rule does not
/// exempt bonuses. The bonus still gets a 標準賞与額 and counts toward the annual cap.
pub fn bonus_charge(
    coverage: &Coverage,
    birth_date: NaiveDate,
    leaves: &[Leave],
    paid_on: NaiveDate,
) -> Result<ChargeDecision, PremiumError> {
    bonus_charge_with(coverage, birth_date, leaves, paid_on, Explain::Steps)
}

/// [`bonus_charge`], with its steps written only when `explain` asks for them.
pub fn bonus_charge_with(
    coverage: &Coverage,
    birth_date: NaiveDate,
    leaves: &[Leave],
    paid_on: NaiveDate,
    explain: Explain,
) -> Result<ChargeDecision, PremiumError> {
    check(coverage, leaves)?;
    let month = YearMonth::of(paid_on);
    let mut e = Explanation::with(
        "premium.bonus_charge",
        "健康保険法 第156条3項, 第159条, 第159条の3",
        explain,
    );
    let mut charge = insured_charge(coverage, birth_date, month, &mut e);
    let loss = effective_loss_date(coverage, birth_date);
    if charge == Charge::Charged
        && (paid_on < coverage.acquired_on || loss.is_some_and(|l| paid_on >= l))
    {
        e.step(
            "not insured",
            "the bonus was paid outside the insured period",
        );
        charge = Charge::NotInsured;
    }
    if charge == Charge::Charged {
        if merged(leaves, LeaveKind::Maternity)
            .iter()
            .any(|l| month_end_rule(l, month))
        {
            e.step(
                "産前産後休業",
                format_args!("{month} is exempt: the bonus is exempt"),
            );
            charge = Charge::Exempt {
                leave: LeaveKind::Maternity,
            };
        } else if let Some(l) = merged(leaves, LeaveKind::Childcare)
            .into_iter()
            .find(|l| month_end_rule(l, month))
        {
            let long_enough = l.first_day < CHILDCARE_EXEMPTION_2022_RULES_FROM
                || l.first_day
                    .checked_add_months(Months::new(1))
                    .zip(l.last_day.succ_opt())
                    .is_some_and(|(one_month, after)| after > one_month);
            if long_enough {
                e.step("育児休業等", format_args!("{month} is exempt and the leave lasts more than one month: the bonus is exempt"));
                charge = Charge::Exempt {
                    leave: LeaveKind::Childcare,
                };
            } else {
                e.step(
                    "育児休業等",
                    "the leave lasts one month or less: the bonus is charged (法159条)",
                );
            }
        } else {
            e.step("charged", "no exemption applies");
        }
    }
    Ok(ChargeDecision {
        month,
        charge,
        explanation: e,
    })
}
