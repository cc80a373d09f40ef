//! Burial benefits (埋葬料・埋葬費, 健康保険法 第100条; 家族埋葬料, 第113条; after loss of
//! eligibility, 第105条).
//!
//! - An insured person dies: [`BURIAL_AMOUNTS`] (50,000 yen) as 埋葬料 to the person who was
//!   supported, even in part, by the deceased and performs the burial; if there is no such
//!   person, the actual cost of the burial up to the same amount as 埋葬費 to whoever performed
//!   it.
//! - A dependant dies: 50,000 yen as 家族埋葬料 to the insured person; not for a stillbirth (a
//!   stillborn child was never a dependant).
//! - Also paid when a former insured person dies within 3 months after the loss of eligibility,
//!   or while receiving continued benefit of 傷病手当金 / 出産手当金 (第104条) or within 3 months
//!   after it ended.
//!
//! ```
//! use kenpo_domain::burial::{decide, BurialCase, BurialClaim, BurialClaimant, BurialKind, BurialOutcome, StatusAtDeath};
//! use kenpo_domain::calendar::date;
//! use kenpo_domain::money::Yen;
//!
//! let claim = BurialClaim {
//!     death_date: date(2026, 5, 20).unwrap(),
//!     case: BurialCase::InsuredDied {
//!         claimant: BurialClaimant::OtherWhoBuried { actual_cost: Yen::new(32_400) },
//!     },
//!     status: StatusAtDeath::Insured,
//! };
//! let decided = decide(&claim).unwrap();
//! assert_eq!(decided.outcome, BurialOutcome::Paid { kind: BurialKind::BurialExpenses, amount: Yen::new(32_400) });
//! ```
//!
//! ## Readings and doubts
//!
//! - 「資格を喪失した日後三月以内」 and 「…受けなくなった日後三月以内」 are read as the 3 months
//!   beginning the day after the loss date (or the day the continued benefit ended), by 民法
//!   第140条 and 第143条; a death on that day itself also counts.
//! - Whether a person qualifies as "supported and performing the burial" is a fact the caller
//!   decides ([`BurialClaimant`]).
//!
//! Sources: docs/SOURCES.md §6.3 (denka-kenpo.or.jp \[K\], nikken-kenpo.or.jp \[K\],
//! hanshin-syaroushi.com \[2\]); the flat amount since the 2006-10 reform: Wikipedia 「埋葬料」
//! via weblio (<https://www.weblio.jp/content/%E6%94%AF%E7%B5%A6%E9%A1%8D%E3%81%AE%E6%8E%A8%E7%A7%BB>) \[2\].

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{last_day_of_period, YearMonth};
use crate::cash_supplement::{CashSupplements, SupplementKind, SupplementPayment};
use crate::explanation::Explanation;
use crate::money::Yen;

/// The months after the loss of eligibility (or the end of continued benefit) within which a
/// death is still covered (健康保険法 第105条1項).
pub const MONTHS_AFTER_LOSS: u32 = 3;

/// The burial amount in force from a date of death (健康保険法施行令 第35条: 「政令で定める金額」).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BurialAmount {
    /// The first date of death it applies to.
    pub effective_from: NaiveDate,
    /// 埋葬料 and 家族埋葬料, and the ceiling of 埋葬費.
    pub amount: Yen,
    /// Where the figure was read.
    pub source: Cow<'static, str>,
}

/// The burial amounts by date of death. 50,000 yen flat since the 2006-10-01 reform (before it,
/// 埋葬料 was one month of 標準報酬月額 with a 100,000 floor; not modelled: deaths before
/// 2006-10-01 are refused).
pub static BURIAL_AMOUNTS: &[BurialAmount] = &[BurialAmount {
    effective_from: match NaiveDate::from_ymd_opt(2006, 10, 1) {
        Some(d) => d,
        None => NaiveDate::MIN,
    },
    amount: Yen::new(50_000),
    source: Cow::Borrowed(
        "健康保険法施行令 第35条; docs/SOURCES.md §6.3 (denka-kenpo.or.jp, nikken-kenpo.or.jp [K]); \
         flat since 2006-10 (Wikipedia 「埋葬料」 via weblio [2])",
    ),
}];

/// Why a burial claim could not be decided. Never holds personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BurialError {
    /// No amount covers the date of death.
    #[error("no burial amount in force on {date}")]
    NoAmountInForce {
        /// The date of death.
        date: NaiveDate,
    },
    /// A negative burial cost.
    #[error("actual burial cost is negative")]
    NegativeCost,
    /// A date beyond the supported range.
    #[error("date {date} is out of the supported range")]
    DateOutOfRange {
        /// The date.
        date: NaiveDate,
    },
}

/// Who claims when an insured person dies (健康保険法 第100条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum BurialClaimant {
    /// A person supported (even in part) by the deceased who performs the burial: 埋葬料
    /// (第100条1項).
    SupportedMourner,
    /// Anyone else who performed the burial, there being no supported person: 埋葬費, the actual
    /// cost up to the amount (第100条2項).
    OtherWhoBuried {
        /// The actual cost of the burial (霊柩車, 火葬, 僧侶への謝礼 etc. as the insurer accepts).
        actual_cost: Yen,
    },
}

/// Whose death is claimed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum BurialCase {
    /// The insured person (or former insured person) died.
    InsuredDied {
        /// Who claims.
        claimant: BurialClaimant,
    },
    /// A dependant died; the insured person claims 家族埋葬料 (第113条).
    DependantDied {
        /// A stillbirth (死産): not paid.
        stillbirth: bool,
    },
}

/// The insured person's status on the date of death.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum StatusAtDeath {
    /// Insured.
    Insured,
    /// Eligibility lost on `loss_date` (第105条1項).
    AfterLoss {
        /// 資格喪失日.
        loss_date: NaiveDate,
    },
    /// Receiving continued benefit of 傷病手当金 / 出産手当金 (第104条), or it ended on `ended_on`.
    ContinuedBenefit {
        /// The day the member stopped receiving it (受けなくなった日); `None` while receiving.
        ended_on: Option<NaiveDate>,
    },
}

/// A burial claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BurialClaim {
    /// The date of death.
    pub death_date: NaiveDate,
    /// Whose death and who claims.
    pub case: BurialCase,
    /// The insured person's status on the date of death.
    pub status: StatusAtDeath,
}

/// Which burial benefit is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum BurialKind {
    /// 埋葬料 (健康保険法 第100条1項).
    BurialAllowance,
    /// 埋葬費 (第100条2項).
    BurialExpenses,
    /// 家族埋葬料 (第113条).
    FamilyBurial,
}

/// Why a burial claim is not paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum BurialNotPayable {
    /// A stillbirth (家族埋葬料 is not paid).
    Stillbirth,
    /// Died more than 3 months after the loss of eligibility or the end of continued benefit.
    MoreThanThreeMonthsAfter,
    /// A dependant died when the insured person was no longer insured.
    DependantAfterLoss,
}

/// The outcome of a burial claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum BurialOutcome {
    /// Paid.
    Paid {
        /// Which benefit.
        kind: BurialKind,
        /// The amount.
        amount: Yen,
    },
    /// Not paid.
    NotPayable {
        /// Why.
        reason: BurialNotPayable,
    },
}

/// A decided burial claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BurialDecision {
    /// The outcome.
    pub outcome: BurialOutcome,
    /// The society's 埋葬料付加金 / 家族埋葬料付加金, when decided with
    /// [`decide_with_supplements`] and the 規約 pays one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplement: Option<SupplementPayment>,
    /// The inputs and each step.
    pub explanation: Explanation,
}

/// The amount in force on `death_date`.
pub fn amount_in_force(death_date: NaiveDate) -> Result<&'static BurialAmount, BurialError> {
    BURIAL_AMOUNTS
        .iter()
        .filter(|a| a.effective_from <= death_date)
        .max_by_key(|a| a.effective_from)
        .ok_or(BurialError::NoAmountInForce { date: death_date })
}

/// Decides a burial claim (健康保険法 第100条, 第105条, 第113条).
pub fn decide(claim: &BurialClaim) -> Result<BurialDecision, BurialError> {
    if let BurialCase::InsuredDied {
        claimant: BurialClaimant::OtherWhoBuried { actual_cost },
    } = claim.case
    {
        if actual_cost.is_negative() {
            return Err(BurialError::NegativeCost);
        }
    }
    let amount = amount_in_force(claim.death_date)?;
    let mut explanation = Explanation::new(
        format!("burial@{}", amount.effective_from),
        "健康保険法 第100条, 第105条, 第113条; 令第35条",
    );
    explanation.step(
        "amount in force",
        format_args!("{} ({})", amount.amount, amount.source),
    );
    let not_payable = |reason, mut explanation: Explanation, why: String| {
        explanation.step("not payable", why);
        Ok(BurialDecision {
            outcome: BurialOutcome::NotPayable { reason },
            supplement: None,
            explanation,
        })
    };
    // The last covered day after the loss or the end of continued benefit, if any.
    let window_from = match claim.status {
        StatusAtDeath::Insured | StatusAtDeath::ContinuedBenefit { ended_on: None } => None,
        StatusAtDeath::AfterLoss { loss_date } => Some(loss_date),
        StatusAtDeath::ContinuedBenefit {
            ended_on: Some(ended_on),
        } => Some(ended_on),
    };
    let insured_now = claim.status == StatusAtDeath::Insured;
    match claim.case {
        BurialCase::DependantDied { stillbirth } => {
            if stillbirth {
                return not_payable(
                    BurialNotPayable::Stillbirth,
                    explanation,
                    "a stillborn child is not a dependant".to_owned(),
                );
            }
            if !insured_now {
                return not_payable(
                    BurialNotPayable::DependantAfterLoss,
                    explanation,
                    "the insured person was no longer insured".to_owned(),
                );
            }
        }
        BurialCase::InsuredDied { .. } => {
            if let Some(from) = window_from {
                let first = from
                    .succ_opt()
                    .ok_or(BurialError::DateOutOfRange { date: from })?;
                let last = last_day_of_period(first, MONTHS_AFTER_LOSS)
                    .ok_or(BurialError::DateOutOfRange { date: from })?;
                explanation.step(
                    "after loss (第105条)",
                    format_args!("covered up to {last} (3 months after {from})"),
                );
                if claim.death_date > last {
                    return not_payable(
                        BurialNotPayable::MoreThanThreeMonthsAfter,
                        explanation,
                        format!("died on {} after {last}", claim.death_date),
                    );
                }
            }
        }
    }
    let (kind, paid) = match claim.case {
        BurialCase::DependantDied { .. } => (BurialKind::FamilyBurial, amount.amount),
        BurialCase::InsuredDied {
            claimant: BurialClaimant::SupportedMourner,
        } => (BurialKind::BurialAllowance, amount.amount),
        BurialCase::InsuredDied {
            claimant: BurialClaimant::OtherWhoBuried { actual_cost },
        } => {
            let paid = actual_cost.min(amount.amount);
            explanation.step(
                "埋葬費",
                format_args!("actual cost {actual_cost}, up to {}: {paid}", amount.amount),
            );
            (BurialKind::BurialExpenses, paid)
        }
    };
    explanation.step("paid", format_args!("{kind:?} {paid}"));
    Ok(BurialDecision {
        outcome: BurialOutcome::Paid { kind, amount: paid },
        supplement: None,
        explanation,
    })
}

/// [`decide`], with the society's 埋葬料付加金 (or 家族埋葬料付加金) of the 規約 in force in the
/// month of death (健康保険法 第53条; [`crate::cash_supplement`]): the amount with 埋葬料 and
/// 家族埋葬料; with 埋葬費, the actual cost above the statutory amount, up to the 付加金 (the cost
/// is then covered up to the two together); for a death after the loss of eligibility only when
/// the entry says so. The one place the 付加金 is applied.
pub fn decide_with_supplements(
    claim: &BurialClaim,
    supplements: &CashSupplements,
) -> Result<BurialDecision, BurialError> {
    let mut decided = decide(claim)?;
    let BurialOutcome::Paid { kind, amount: paid } = decided.outcome else {
        decided
            .explanation
            .step("付加金", "not paid: the statutory benefit is not paid");
        return Ok(decided);
    };
    let month = YearMonth::of(claim.death_date);
    let (supplement_kind, entry) = match kind {
        BurialKind::FamilyBurial => (
            SupplementKind::FamilyBurial,
            supplements.family_burial_for(month),
        ),
        _ => (SupplementKind::Burial, supplements.burial_for(month)),
    };
    let name = supplement_kind.japanese();
    let Some(entry) = entry else {
        decided
            .explanation
            .step(name, "the society pays none for this month of death");
        return Ok(decided);
    };
    if claim.status != StatusAtDeath::Insured && !entry.value.after_loss {
        decided
            .explanation
            .step(name, "not paid after the loss of eligibility (規約)");
        return Ok(decided);
    }
    let amount = match claim.case {
        BurialCase::InsuredDied {
            claimant: BurialClaimant::OtherWhoBuried { actual_cost },
        } => {
            let above = (actual_cost - paid).clamp_non_negative();
            let amount = above.min(entry.value.amount);
            decided.explanation.step(
                format_args!("{name} with 埋葬費 (規約 from {})", entry.effective_from),
                format_args!(
                    "actual cost {actual_cost} − 埋葬費 {paid} = {above}, up to {}: {amount}",
                    entry.value.amount
                ),
            );
            amount
        }
        _ => {
            decided.explanation.step(
                format_args!("{name} (規約 from {})", entry.effective_from),
                format_args!("{}", entry.value.amount),
            );
            entry.value.amount
        }
    };
    decided.supplement = Some(SupplementPayment {
        kind: supplement_kind,
        rule_from: entry.effective_from,
        amount,
    });
    Ok(decided)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::date;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        date(y, m, day).unwrap()
    }

    fn claim(case: BurialCase, status: StatusAtDeath, death: NaiveDate) -> BurialClaim {
        BurialClaim {
            death_date: death,
            case,
            status,
        }
    }

    const MOURNER: BurialCase = BurialCase::InsuredDied {
        claimant: BurialClaimant::SupportedMourner,
    };

    fn outcome(c: BurialClaim) -> BurialOutcome {
        decide(&c).unwrap().outcome
    }

    #[test]
    fn burial_allowance_expenses_and_family() {
        // docs/SOURCES.md §6.3: 50,000 埋葬料; 埋葬費 actual cost up to 50,000; 家族埋葬料 50,000.
        let day = d(2026, 5, 20);
        assert_eq!(
            outcome(claim(MOURNER, StatusAtDeath::Insured, day)),
            BurialOutcome::Paid {
                kind: BurialKind::BurialAllowance,
                amount: Yen::new(50_000)
            }
        );
        let other = |cost| BurialCase::InsuredDied {
            claimant: BurialClaimant::OtherWhoBuried {
                actual_cost: Yen::new(cost),
            },
        };
        assert_eq!(
            outcome(claim(other(80_000), StatusAtDeath::Insured, day)),
            BurialOutcome::Paid {
                kind: BurialKind::BurialExpenses,
                amount: Yen::new(50_000)
            }
        );
        assert_eq!(
            outcome(claim(other(49_999), StatusAtDeath::Insured, day)),
            BurialOutcome::Paid {
                kind: BurialKind::BurialExpenses,
                amount: Yen::new(49_999)
            }
        );
        let family = BurialCase::DependantDied { stillbirth: false };
        assert_eq!(
            outcome(claim(family, StatusAtDeath::Insured, day)),
            BurialOutcome::Paid {
                kind: BurialKind::FamilyBurial,
                amount: Yen::new(50_000)
            }
        );
    }

    #[test]
    fn no_family_burial_for_a_stillbirth_or_after_loss() {
        let day = d(2026, 5, 20);
        let still = BurialCase::DependantDied { stillbirth: true };
        assert_eq!(
            outcome(claim(still, StatusAtDeath::Insured, day)),
            BurialOutcome::NotPayable {
                reason: BurialNotPayable::Stillbirth
            }
        );
        let family = BurialCase::DependantDied { stillbirth: false };
        let after = StatusAtDeath::AfterLoss {
            loss_date: d(2026, 5, 1),
        };
        assert_eq!(
            outcome(claim(family, after, day)),
            BurialOutcome::NotPayable {
                reason: BurialNotPayable::DependantAfterLoss
            }
        );
    }

    #[test]
    fn three_months_after_loss() {
        // 第105条: loss date 2026-04-01 → deaths up to 2026-07-01 are covered.
        let after = StatusAtDeath::AfterLoss {
            loss_date: d(2026, 4, 1),
        };
        assert!(matches!(
            outcome(claim(MOURNER, after, d(2026, 7, 1))),
            BurialOutcome::Paid { .. }
        ));
        assert_eq!(
            outcome(claim(MOURNER, after, d(2026, 7, 2))),
            BurialOutcome::NotPayable {
                reason: BurialNotPayable::MoreThanThreeMonthsAfter
            }
        );
    }

    #[test]
    fn continued_benefit_cases() {
        // While receiving continued benefit: covered however long after the loss.
        let receiving = StatusAtDeath::ContinuedBenefit { ended_on: None };
        assert!(matches!(
            outcome(claim(MOURNER, receiving, d(2027, 3, 1))),
            BurialOutcome::Paid { .. }
        ));
        // Ended on 2026-11-30: 3 months from 2026-12-01 end on 2027-02-28.
        let ended = StatusAtDeath::ContinuedBenefit {
            ended_on: Some(d(2026, 11, 30)),
        };
        assert!(matches!(
            outcome(claim(MOURNER, ended, d(2027, 2, 28))),
            BurialOutcome::Paid { .. }
        ));
        assert!(matches!(
            outcome(claim(MOURNER, ended, d(2027, 3, 1))),
            BurialOutcome::NotPayable { .. }
        ));
    }

    #[test]
    fn errors() {
        let neg = BurialCase::InsuredDied {
            claimant: BurialClaimant::OtherWhoBuried {
                actual_cost: Yen::new(-1),
            },
        };
        assert_eq!(
            decide(&claim(neg, StatusAtDeath::Insured, d(2026, 1, 1))),
            Err(BurialError::NegativeCost)
        );
        assert_eq!(
            decide(&claim(MOURNER, StatusAtDeath::Insured, d(2006, 9, 30))),
            Err(BurialError::NoAmountInForce {
                date: d(2006, 9, 30)
            })
        );
    }
}
