//! 埋葬料, 埋葬費 and 家族埋葬料 (burial benefits, [`kenpo_domain::burial`], 健康保険法 第100条,
//! 第105条, 第113条; 施行令 第35条) with the society's 埋葬料付加金 and 家族埋葬料付加金 (第53条, the
//! 規約's `cash_supplements`): a method of [`Society`].
//!
//! A death is personal data: no `Debug` on the request, and no error quotes its date.
use kenpo_domain::burial as domain;
use kenpo_domain::Yen;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::childbirth::SupplementPayment;
use crate::error::{KenpoError, KenpoResult};
use crate::explain::{self, Explanation};
use crate::scalar::PlainDate;
use crate::society::Society;

mirror_enum! {
    /// Which burial benefit is paid.
    pub enum BurialKind => domain::BurialKind {
        /// 埋葬料 (健康保険法 第100条1項).
        BurialAllowance,
        /// 埋葬費: the actual cost up to the amount (第100条2項).
        BurialExpenses,
        /// 家族埋葬料 (第113条).
        FamilyBurial,
    }
}

mirror_enum! {
    /// Why a burial claim is not paid.
    pub enum BurialNotPayable => domain::BurialNotPayable {
        /// A stillbirth (家族埋葬料 is not paid).
        Stillbirth,
        /// Died more than 3 months after the loss of eligibility or the end of continued benefit
        /// (第105条).
        MoreThanThreeMonthsAfter,
        /// A dependant died when the insured person was no longer insured.
        DependantAfterLoss,
    }
}

/// Who claims when an insured person dies (健康保険法 第100条).
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum BurialClaimant {
    /// A person supported (even in part) by the deceased who performs the burial: 埋葬料
    /// (第100条1項).
    SupportedMourner,
    /// Anyone else who performed the burial, there being no supported person: 埋葬費 (第100条2項).
    OtherWhoBuried {
        /// The actual cost of the burial, yen.
        actual_cost: i64,
    },
}

/// Whose death is claimed for.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
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
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum StatusAtDeath {
    /// Insured.
    Insured,
    /// Eligibility lost (第105条1項).
    AfterLoss {
        /// 資格喪失日.
        loss_date: PlainDate,
    },
    /// Receiving continued benefit of 傷病手当金 / 出産手当金 (第104条), or it ended.
    ContinuedBenefit {
        /// The day the member stopped receiving it; `None` while receiving.
        ended_on: Option<PlainDate>,
    },
}

/// A burial claim: `kenpo_burial_benefit` in C, `Society.burialBenefit` in Kotlin and Swift.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BurialRequest {
    /// The date of death.
    pub death_date: PlainDate,
    /// Whose death and who claims.
    pub case: BurialCase,
    /// The insured person's status on the date of death.
    pub status: StatusAtDeath,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// The outcome of a burial claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum BurialOutcome {
    /// Paid.
    Paid {
        /// Which benefit.
        benefit: BurialKind,
        /// The amount, yen.
        amount: i64,
    },
    /// Not paid.
    NotPayable {
        /// Why.
        reason: BurialNotPayable,
    },
}

/// A decided burial claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BurialDecision {
    /// The outcome.
    pub outcome: BurialOutcome,
    /// The society's 埋葬料付加金 / 家族埋葬料付加金, when the 規約 pays one.
    pub supplement: Option<SupplementPayment>,
    /// The steps, when asked for.
    pub explanation: Option<Explanation>,
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl Society {
    /// 埋葬料 / 埋葬費 / 家族埋葬料 (健康保険法 第100条, 第105条, 第113条; the amount in force on the
    /// date of death, 施行令 第35条), with the society's 付加金 of the month of death.
    pub fn burial_benefit(&self, request: BurialRequest) -> KenpoResult<BurialDecision> {
        let claimant = |c: BurialClaimant| match c {
            BurialClaimant::SupportedMourner => domain::BurialClaimant::SupportedMourner,
            BurialClaimant::OtherWhoBuried { actual_cost } => {
                domain::BurialClaimant::OtherWhoBuried {
                    actual_cost: Yen::new(actual_cost),
                }
            }
        };
        let claim = domain::BurialClaim {
            death_date: request.death_date.0,
            case: match request.case {
                BurialCase::InsuredDied { claimant: c } => domain::BurialCase::InsuredDied {
                    claimant: claimant(c),
                },
                BurialCase::DependantDied { stillbirth } => {
                    domain::BurialCase::DependantDied { stillbirth }
                }
            },
            status: match request.status {
                StatusAtDeath::Insured => domain::StatusAtDeath::Insured,
                StatusAtDeath::AfterLoss { loss_date } => domain::StatusAtDeath::AfterLoss {
                    loss_date: loss_date.0,
                },
                StatusAtDeath::ContinuedBenefit { ended_on } => {
                    domain::StatusAtDeath::ContinuedBenefit {
                        ended_on: ended_on.map(|d| d.0),
                    }
                }
            },
        };
        let d = domain::decide_with_supplements(&claim, &self.config().cash_supplements)?;
        let outcome = match d.outcome {
            domain::BurialOutcome::Paid { kind, amount } => BurialOutcome::Paid {
                benefit: kind.try_into()?,
                amount: amount.get(),
            },
            domain::BurialOutcome::NotPayable { reason } => BurialOutcome::NotPayable {
                reason: reason.try_into()?,
            },
            _ => return Err(KenpoError::internal("a BurialOutcome unknown to kenpo-api")),
        };
        Ok(BurialDecision {
            outcome,
            supplement: d.supplement.as_ref().map(TryInto::try_into).transpose()?,
            explanation: if request.explain {
                explain::optional(&d.explanation)
            } else {
                None
            },
        })
    }
}
