//! The cash-benefit 付加金 of a society's 規約 (健康保険法 第53条: 健康保険組合は、規約で定める
//! ところにより、保険給付に併せて付加給付を行うことができる): 傷病手当付加金 and
//! 延長傷病手当付加金, 出産育児付加金 and 家族出産育児付加金, 埋葬料付加金 and 家族埋葬料付加金.
//!
//! Each society sets its own figures, so they are **configuration**: [`CashSupplements`], the
//! `[cash_supplements]` section of the society TOML, one dated list per benefit (each entry
//! applies from its `effective_from` month — the month of the day paid for, of the birth, of the
//! death — until the next entry or its `effective_through`; a benefit the 規約 abolished ends with
//! `effective_through`). Each is applied by the decision of the statutory benefit it goes with,
//! in one place each:
//!
//! | 付加金 | applied by | form |
//! | --- | --- | --- |
//! | 傷病手当付加金 | [`crate::sickness_allowance::schedule_with_supplements`] | a share of the 標準報酬日額 per day paid, optionally only within some months of the 支給開始日 |
//! | 延長傷病手当付加金 | the same | a share of the 標準報酬日額 per day off after the 1 year 6 months, for up to some months (counted by days paid) |
//! | 出産育児付加金, 家族出産育児付加金 | [`crate::childbirth::decide_with_supplements`] | an amount per baby |
//! | 埋葬料付加金, 家族埋葬料付加金 | [`crate::burial::decide_with_supplements`] | an amount; for 埋葬費, the actual cost above the statutory amount up to it |
//!
//! ```
//! use kenpo_domain::society::SocietyConfig;
//! use kenpo_domain::calendar::YearMonth;
//!
//! let config = SocietyConfig::from_toml_str(r#"
//!     name = "見本健康保険組合"
//!     [[rates]]
//!     effective_from = "2026-03"
//!     value = { general = "92‰", care = "18‰" }
//!     [[cash_supplements.burial]]
//!     effective_from = "2016-04"
//!     value = { amount = 50000 }
//! "#).unwrap();
//! let burial = config.cash_supplements.burial_for(YearMonth::new(2026, 5).unwrap()).unwrap();
//! assert_eq!(burial.value.amount.get(), 50_000);
//! ```
//!
//! ## Readings and doubts
//!
//! - **Rounding** of a per-day 付加金 (share × 標準報酬日額) is to the yen, 50 銭 up, as the
//!   statutory daily amount (健康保険法 第99条2項); a 規約 may say otherwise.
//! - **Pay and other income on a day** reduce the statutory allowance and the 付加金 together:
//!   the 付加金 is what is left of (allowance + 付加金 − the other income) after the allowance, so
//!   a day fully offset for the allowance may still carry part of the 付加金 (the 「合算額より
//!   少ないときはその差額」 form of many 規約). Days not paid for another reason (waiting period,
//!   work, 障害手当金, not entitled after loss) carry none.
//! - **延長傷病手当付加金** is paid only while insured (not in continued benefit after the loss),
//!   for days off work after the statutory 1 year 6 months; its length is counted by days paid,
//!   as the statutory period since 2022 (a calendar period of `months` from the first extended
//!   day, converted into days).
//! - **After the loss of eligibility** (第104条 continued benefit, 第105条 burial, 第106条
//!   childbirth) a 付加金 is paid only when the entry says `after_loss = true`.
//!
//! Worked examples from published society rules are in the tests and `docs/SOURCES.md`
//! (section 付加金).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{last_day_of_period, YearMonth};
use crate::explanation::Explanation;
use crate::money::{Rate, Yen};
use crate::rounding;
use crate::sickness_allowance::schedule_reductions as reductions;
use crate::sickness_allowance::{DayOutcome, NotPayableReason, SicknessClaim, SicknessSchedule};
use crate::society::{dated_at, validate_dated, ConfigError, ConfigProblem, Dated};

/// 傷病手当付加金: paid with the 傷病手当金, per day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SicknessSupplement {
    /// The share of the 標準報酬日額 (the 傷病手当金's, 法99条2項) paid per day, e.g. `"15%"`.
    #[serde(with = "crate::society::rate_text")]
    pub rate: Rate,
    /// Paid only for days within this many months of the 支給開始日 (a calendar period, 民法
    /// 第143条); `None` for every day the 傷病手当金 is paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months_from_first_payment: Option<u32>,
    /// Also paid in continued benefit after the loss of eligibility (法104条).
    #[serde(default)]
    pub after_loss: bool,
}

/// 延長傷病手当付加金: paid after the 傷病手当金's 1 year 6 months, per day off work: the
/// 傷病手当金's own daily amount (2/3 of the 標準報酬日額) when `two_thirds`, plus a share
/// `rate` of the 標準報酬日額 when given (at least one of the two).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtendedSicknessSupplement {
    /// Pays the statutory daily amount (標準報酬日額 × 2/3, rounded as the 傷病手当金).
    #[serde(default)]
    pub two_thirds: bool,
    /// A share of the 標準報酬日額 paid per day (on top of the 2/3 when `two_thirds`).
    #[serde(
        default,
        with = "crate::society::option_rate_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub rate: Option<Rate>,
    /// The length of the extension, in months (converted into days from the first extended day).
    pub months: u32,
}

/// 出産育児付加金 or 家族出産育児付加金: an amount per baby.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChildbirthSupplement {
    /// The amount per baby.
    pub per_baby: Yen,
    /// Also paid for a birth after the loss of eligibility (法106条).
    #[serde(default)]
    pub after_loss: bool,
}

/// 埋葬料付加金 or 家族埋葬料付加金: an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BurialSupplement {
    /// The amount (for 埋葬費, the ceiling of the actual cost above the statutory amount).
    pub amount: Yen,
    /// Also paid for a death after the loss of eligibility (法105条).
    #[serde(default)]
    pub after_loss: bool,
}

/// The cash-benefit 付加金 of a society's 規約, each a dated list (empty: the society pays none).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CashSupplements {
    /// 傷病手当付加金.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sickness: Vec<Dated<SicknessSupplement>>,
    /// 延長傷病手当付加金.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extended_sickness: Vec<Dated<ExtendedSicknessSupplement>>,
    /// 出産育児付加金 (the insured person's birth).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub childbirth: Vec<Dated<ChildbirthSupplement>>,
    /// 家族出産育児付加金 (a dependant's birth).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub family_childbirth: Vec<Dated<ChildbirthSupplement>>,
    /// 埋葬料付加金 (the insured person's death).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub burial: Vec<Dated<BurialSupplement>>,
    /// 家族埋葬料付加金 (a dependant's death).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub family_burial: Vec<Dated<BurialSupplement>>,
}

/// Which 付加金.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SupplementKind {
    /// 傷病手当付加金.
    Sickness,
    /// 延長傷病手当付加金.
    ExtendedSickness,
    /// 出産育児付加金.
    Childbirth,
    /// 家族出産育児付加金.
    FamilyChildbirth,
    /// 埋葬料付加金 (also with 埋葬費).
    Burial,
    /// 家族埋葬料付加金.
    FamilyBurial,
}

impl SupplementKind {
    /// The Japanese name.
    pub fn japanese(self) -> &'static str {
        match self {
            SupplementKind::Sickness => "傷病手当付加金",
            SupplementKind::ExtendedSickness => "延長傷病手当付加金",
            SupplementKind::Childbirth => "出産育児付加金",
            SupplementKind::FamilyChildbirth => "家族出産育児付加金",
            SupplementKind::Burial => "埋葬料付加金",
            SupplementKind::FamilyBurial => "家族埋葬料付加金",
        }
    }
}

/// A lump-sum 付加金 paid with a statutory benefit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplementPayment {
    /// Which 付加金.
    pub kind: SupplementKind,
    /// The month the 規約 entry applies from.
    pub rule_from: YearMonth,
    /// The amount paid.
    pub amount: Yen,
}

fn check_amount(key: String, amount: Yen) -> Result<(), ConfigError> {
    if amount.is_negative() {
        return Err(ConfigError::Invalid {
            key,
            problem: ConfigProblem::Negative,
        });
    }
    Ok(())
}

fn check_months(key: String, months: u32) -> Result<(), ConfigError> {
    if months == 0 || months > 120 {
        return Err(ConfigError::Invalid {
            key,
            problem: ConfigProblem::AboveLimit {
                limit: Yen::new(120),
                rule: "a period of 1 to 120 months",
            },
        });
    }
    Ok(())
}

impl CashSupplements {
    /// `true` when the society pays none of these 付加金.
    pub fn is_empty(&self) -> bool {
        self.sickness.is_empty()
            && self.extended_sickness.is_empty()
            && self.childbirth.is_empty()
            && self.family_childbirth.is_empty()
            && self.burial.is_empty()
            && self.family_burial.is_empty()
    }

    /// Checks every list: well-formed, non-overlapping periods; no negative amount; periods of
    /// 1–120 months. Keys are named as in the TOML (`cash_supplements.burial[0].value.amount`).
    pub fn validate(&self) -> Result<(), ConfigError> {
        const K: &str = "cash_supplements";
        validate_dated(&format!("{K}.sickness"), &self.sickness)?;
        validate_dated(&format!("{K}.extended_sickness"), &self.extended_sickness)?;
        validate_dated(&format!("{K}.childbirth"), &self.childbirth)?;
        validate_dated(&format!("{K}.family_childbirth"), &self.family_childbirth)?;
        validate_dated(&format!("{K}.burial"), &self.burial)?;
        validate_dated(&format!("{K}.family_burial"), &self.family_burial)?;
        for (i, e) in self.sickness.iter().enumerate() {
            if let Some(m) = e.value.months_from_first_payment {
                check_months(
                    format!("{K}.sickness[{i}].value.months_from_first_payment"),
                    m,
                )?;
            }
        }
        for (i, e) in self.extended_sickness.iter().enumerate() {
            if !e.value.two_thirds && e.value.rate.is_none() {
                return Err(ConfigError::Invalid {
                    key: format!("{K}.extended_sickness[{i}].value"),
                    problem: ConfigProblem::Empty,
                });
            }
            check_months(
                format!("{K}.extended_sickness[{i}].value.months"),
                e.value.months,
            )?;
        }
        for (name, list) in [
            ("childbirth", &self.childbirth),
            ("family_childbirth", &self.family_childbirth),
        ] {
            for (i, e) in list.iter().enumerate() {
                check_amount(format!("{K}.{name}[{i}].value.per_baby"), e.value.per_baby)?;
            }
        }
        for (name, list) in [
            ("burial", &self.burial),
            ("family_burial", &self.family_burial),
        ] {
            for (i, e) in list.iter().enumerate() {
                check_amount(format!("{K}.{name}[{i}].value.amount"), e.value.amount)?;
            }
        }
        Ok(())
    }

    /// The 傷病手当付加金 entry in force in `month`.
    pub fn sickness_for(&self, month: YearMonth) -> Option<&Dated<SicknessSupplement>> {
        dated_at(&self.sickness, month)
    }

    /// The 延長傷病手当付加金 entry in force in `month`.
    pub fn extended_sickness_for(
        &self,
        month: YearMonth,
    ) -> Option<&Dated<ExtendedSicknessSupplement>> {
        dated_at(&self.extended_sickness, month)
    }

    /// The 出産育児付加金 (or, with `family`, 家族出産育児付加金) entry in force in `month`.
    pub fn childbirth_for(
        &self,
        month: YearMonth,
        family: bool,
    ) -> Option<&Dated<ChildbirthSupplement>> {
        dated_at(
            if family {
                &self.family_childbirth
            } else {
                &self.childbirth
            },
            month,
        )
    }

    /// The 埋葬料付加金 entry in force in `month`.
    pub fn burial_for(&self, month: YearMonth) -> Option<&Dated<BurialSupplement>> {
        dated_at(&self.burial, month)
    }

    /// The 家族埋葬料付加金 entry in force in `month`.
    pub fn family_burial_for(&self, month: YearMonth) -> Option<&Dated<BurialSupplement>> {
        dated_at(&self.family_burial, month)
    }
}

/// A share of a 標準報酬日額, rounded to the yen (50 銭 up), as the statutory daily amount.
pub(crate) fn daily_share(rate: Rate, standard_daily: Yen) -> Yen {
    rounding::half_up_to_yen(rate.apply(standard_daily))
}

/// The number of days in a period of `months` months from `first_day` (民法 第143条), as the
/// statutory 1 year 6 months is converted into days.
pub(crate) fn days_in_months(first_day: NaiveDate, months: u32) -> Option<u32> {
    let last = last_day_of_period(first_day, months)?;
    u32::try_from((last - first_day).num_days() + 1).ok()
}

/// 延長傷病手当付加金 paid by earlier decisions for the same illness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EarlierExtended {
    /// The first day it was paid for.
    pub first_day: NaiveDate,
    /// Days paid so far.
    pub days_paid: u32,
}

/// One day's 付加金.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplementDay {
    /// The day.
    pub date: NaiveDate,
    /// 傷病手当付加金 or 延長傷病手当付加金.
    pub kind: SupplementKind,
    /// The month the 規約 entry applies from.
    pub rule_from: YearMonth,
    /// The amount.
    pub amount: Yen,
}

/// The 傷病手当付加金 and 延長傷病手当付加金 of one 傷病手当金 decision.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SicknessSupplementDecision {
    /// The days with a 付加金, in order.
    pub days: Vec<SupplementDay>,
    /// 傷病手当付加金 paid by this decision.
    pub sickness_total: Yen,
    /// 延長傷病手当付加金 paid by this decision.
    pub extended_total: Yen,
    /// The first day of the 延長傷病手当付加金, once there is one.
    pub extended_first_day: Option<NaiveDate>,
    /// Days of 延長傷病手当付加金 paid so far, earlier decisions included.
    pub extended_days_paid_cumulative: u32,
}

/// The 付加金 of a decided 傷病手当金 schedule (called by
/// [`crate::sickness_allowance::schedule_with_supplements`], the one place they are applied).
pub(crate) fn sickness_supplements(
    claim: &SicknessClaim,
    schedule: &SicknessSchedule,
    rules: &CashSupplements,
    earlier: Option<EarlierExtended>,
    explanation: &mut Explanation,
) -> SicknessSupplementDecision {
    let mut out = SicknessSupplementDecision {
        extended_first_day: earlier.map(|e| e.first_day),
        extended_days_paid_cumulative: earlier.map_or(0, |e| e.days_paid),
        ..SicknessSupplementDecision::default()
    };
    let Some(daily) = &schedule.daily_amount else {
        explanation.step("付加金", "none: no 傷病手当金 daily amount was fixed");
        return out;
    };
    let mut extended_limit: Option<u32> = None;
    for (day, decided) in claim.days.iter().zip(&schedule.days) {
        let month = YearMonth::of(day.date);
        let after_loss = claim
            .loss_of_eligibility
            .is_some_and(|l| day.date >= l.loss_date);
        let offset_or_paid = matches!(
            decided.outcome,
            DayOutcome::Paid
                | DayOutcome::Reduced
                | DayOutcome::NotPayable {
                    reason: NotPayableReason::FullyOffset
                }
        );
        if offset_or_paid {
            let Some(entry) = rules.sickness_for(month) else {
                continue;
            };
            let rule = entry.value;
            if after_loss && !rule.after_loss {
                continue;
            }
            let within = rule.months_from_first_payment.is_none_or(|m| {
                last_day_of_period(daily.first_payment_day, m).is_some_and(|last| day.date <= last)
            });
            if !within {
                continue;
            }
            let share = daily_share(rule.rate, daily.standard_daily);
            let deducted: Yen = decided.reductions.iter().map(|r| r.amount).sum();
            // What is left of (allowance + 付加金 − other income) after the allowance paid.
            let amount = (daily.amount + share - deducted - decided.amount)
                .clamp_non_negative()
                .min(share);
            if amount > Yen::ZERO {
                out.sickness_total += amount;
                out.days.push(SupplementDay {
                    date: day.date,
                    kind: SupplementKind::Sickness,
                    rule_from: entry.effective_from,
                    amount,
                });
            }
        } else if decided.outcome
            == (DayOutcome::NotPayable {
                reason: NotPayableReason::MaximumReached,
            })
            && !after_loss
        {
            let Some(entry) = rules.extended_sickness_for(month) else {
                continue;
            };
            let rule = entry.value;
            let first = *out.extended_first_day.get_or_insert(day.date);
            let limit = match extended_limit {
                Some(l) => l,
                None => {
                    let l = days_in_months(first, rule.months).unwrap_or(0);
                    extended_limit = Some(l);
                    l
                }
            };
            if out.extended_days_paid_cumulative >= limit {
                continue;
            }
            let mut per_day = Yen::ZERO;
            if rule.two_thirds {
                per_day += daily.amount;
            }
            if let Some(rate) = rule.rate {
                per_day += daily_share(rate, daily.standard_daily);
            }
            let deducted: Yen = reductions(claim, day, false).iter().map(|r| r.amount).sum();
            let amount = (per_day - deducted).clamp_non_negative();
            if amount > Yen::ZERO {
                out.extended_total += amount;
                out.extended_days_paid_cumulative += 1;
                out.days.push(SupplementDay {
                    date: day.date,
                    kind: SupplementKind::ExtendedSickness,
                    rule_from: entry.effective_from,
                    amount,
                });
            }
        }
    }
    let count = |k| out.days.iter().filter(|d| d.kind == k).count();
    match rules.sickness.is_empty() {
        true => explanation.step("傷病手当付加金", "the society pays none"),
        false => explanation.step(
            "傷病手当付加金 (規約)",
            format_args!(
                "{} days, {} (share of 標準報酬日額 {})",
                count(SupplementKind::Sickness),
                out.sickness_total,
                daily.standard_daily
            ),
        ),
    };
    if !rules.extended_sickness.is_empty() {
        explanation.step(
            "延長傷病手当付加金 (規約)",
            format_args!(
                "{} days, {}; {} days paid so far{}",
                count(SupplementKind::ExtendedSickness),
                out.extended_total,
                out.extended_days_paid_cumulative,
                match (out.extended_first_day, extended_limit) {
                    (Some(f), Some(l)) => format!(" of {l} from {f}"),
                    _ => String::new(),
                }
            ),
        );
    }
    out
}

#[cfg(test)]
mod tests;
