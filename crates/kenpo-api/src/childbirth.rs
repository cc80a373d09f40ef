//! 出産育児一時金 and 家族出産育児一時金 (childbirth lump sum, [`kenpo_domain::childbirth`],
//! 健康保険法 第101条, 第106条, 第114条; 施行令 第36条) with the society's 出産育児付加金 and
//! 家族出産育児付加金 (第53条, the 規約's `cash_supplements`): a method of [`Society`].
//!
//! A birth is health data: no `Debug` on the request, and no error quotes its date.
use kenpo_domain::childbirth as domain;
use kenpo_domain::Yen;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::code::ResultCode;
use crate::error::{KenpoError, KenpoResult};
use crate::explain::{self, Explanation};
use crate::scalar::{PlainDate, PlainMonth};
use crate::sickness::SupplementKind;
use crate::society::Society;

mirror_enum! {
    /// Which lump sum is claimed.
    pub enum ChildbirthBenefitKind => domain::ChildbirthBenefitKind {
        /// 出産育児一時金: the insured person gives birth (健康保険法 第101条).
        Insured,
        /// 家族出産育児一時金: a dependant gives birth (第114条).
        Dependant,
    }
}

mirror_enum! {
    /// Why a childbirth claim is not paid.
    pub enum ChildbirthNotPayable => domain::ChildbirthNotPayable {
        /// Pregnancy shorter than 85 days (妊娠4か月未満).
        Under85Days,
        /// Born after the loss of eligibility, insured less than 1 year before it (第106条).
        InsuredUnderOneYear,
        /// Born more than 6 months after the loss of eligibility (第106条).
        MoreThanSixMonthsAfterLoss,
        /// 家族出産育児一時金 for a birth after the insured person's loss of eligibility.
        DependantAfterLoss,
    }
}

/// The insured person's loss of eligibility before the birth.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ChildbirthLoss {
    /// 資格喪失日.
    pub loss_date: PlainDate,
    /// Insured continuously for at least 1 year up to the day before the loss.
    pub insured_one_year_before_loss: bool,
}

/// A claim for 出産育児一時金 / 家族出産育児一時金: `kenpo_childbirth_lump_sum` in C,
/// `Society.childbirthLumpSum` in Kotlin and Swift.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ChildbirthRequest {
    /// Which lump sum.
    pub kind: ChildbirthBenefitKind,
    /// The birth date (出産日).
    pub birth_date: PlainDate,
    /// The pregnancy at the birth: whole weeks (0–45) …
    pub gestation_weeks: i32,
    /// … and days beyond them (0–6).
    pub gestation_days: i32,
    /// Babies born (twins: 2), 1–10.
    pub babies: i32,
    /// The facility is in 産科医療補償制度.
    pub in_compensation_scheme: bool,
    /// The facility's charge claimed from the insurer under 直接支払制度, yen, if used.
    pub direct_payment_charge: Option<i64>,
    /// The insured person's loss of eligibility before the birth, if any.
    pub loss_of_eligibility: Option<ChildbirthLoss>,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// The outcome of a childbirth claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ChildbirthOutcome {
    /// Paid.
    Paid {
        /// The amount per baby, yen.
        per_baby: i64,
        /// The total (per baby × babies), yen.
        amount: i64,
        /// Paid to the facility under 直接支払制度, yen.
        to_facility: i64,
        /// Paid to the member (the whole amount without 直接支払制度, else the difference), yen.
        to_member: i64,
    },
    /// Not paid.
    NotPayable {
        /// Why.
        reason: ChildbirthNotPayable,
    },
}

/// A lump-sum 付加金 of the 規約 paid with a statutory benefit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SupplementPayment {
    /// Which 付加金.
    pub kind: SupplementKind,
    /// The month the 規約 entry applies from.
    pub rule_from: PlainMonth,
    /// The amount paid, yen.
    pub amount: i64,
}

impl TryFrom<&kenpo_domain::cash_supplement::SupplementPayment> for SupplementPayment {
    type Error = KenpoError;
    fn try_from(p: &kenpo_domain::cash_supplement::SupplementPayment) -> KenpoResult<Self> {
        Ok(SupplementPayment {
            kind: p.kind.try_into()?,
            rule_from: PlainMonth(p.rule_from),
            amount: p.amount.get(),
        })
    }
}

/// A decided childbirth claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ChildbirthDecision {
    /// The outcome.
    pub outcome: ChildbirthOutcome,
    /// The society's 出産育児付加金 / 家族出産育児付加金, when the 規約 pays one (to the member).
    pub supplement: Option<SupplementPayment>,
    /// The steps, when asked for.
    pub explanation: Option<Explanation>,
}

fn bounded(value: i32, field: &str) -> KenpoResult<u32> {
    u32::try_from(value).map_err(|_| {
        KenpoError::input(
            ResultCode::InvalidBenefitClaim,
            field,
            "must not be negative",
        )
    })
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl Society {
    /// 出産育児一時金 / 家族出産育児一時金 (健康保険法 第101条, 第106条, 第114条; 施行令 第36条: the
    /// amount per baby in force on the birth date, more in 産科医療補償制度 from week 22), split
    /// between the facility (直接支払制度) and the member, with the society's 付加金 of the
    /// birth month.
    pub fn childbirth_lump_sum(
        &self,
        request: ChildbirthRequest,
    ) -> KenpoResult<ChildbirthDecision> {
        let gestation = domain::Gestation::new(
            bounded(request.gestation_weeks, "gestation_weeks")?,
            bounded(request.gestation_days, "gestation_days")?,
        )?;
        let claim = domain::ChildbirthClaim {
            kind: request.kind.into(),
            birth_date: request.birth_date.0,
            gestation,
            babies: bounded(request.babies, "babies")?,
            in_compensation_scheme: request.in_compensation_scheme,
            direct_payment_charge: request.direct_payment_charge.map(Yen::new),
            loss_of_eligibility: request.loss_of_eligibility.map(|l| domain::ChildbirthLoss {
                loss_date: l.loss_date.0,
                insured_one_year_before_loss: l.insured_one_year_before_loss,
            }),
        };
        let d = domain::decide_with_supplements(&claim, &self.config().cash_supplements)?;
        let outcome = match d.outcome {
            domain::ChildbirthOutcome::Paid {
                per_baby,
                amount,
                to_facility,
                to_member,
            } => ChildbirthOutcome::Paid {
                per_baby: per_baby.get(),
                amount: amount.get(),
                to_facility: to_facility.get(),
                to_member: to_member.get(),
            },
            domain::ChildbirthOutcome::NotPayable { reason } => ChildbirthOutcome::NotPayable {
                reason: reason.try_into()?,
            },
            _ => {
                return Err(KenpoError::internal(
                    "a ChildbirthOutcome unknown to kenpo-api",
                ))
            }
        };
        Ok(ChildbirthDecision {
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
