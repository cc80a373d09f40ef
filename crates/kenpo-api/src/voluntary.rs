//! 任意継続被保険者 (voluntarily continued insured person, [`kenpo_domain::voluntary_continuation`],
//! 健康保険法 第3条4項, 第37条, 第38条, 第47条, 第157条, 第161条1項ただし書, 第164条1項, 第165条;
//! 施行令 第49条): the application, the loss of the status, the 標準報酬月額, the monthly premium
//! and 前納. The standard, the premium and 前納 use the society's figure (`voluntary_continuation`)
//! and rates: they are methods of [`Society`].
//!
//! The requests hold birth dates and dates of leaving: no `Debug`, and no error quotes a date.
use kenpo_domain::premium as premium_domain;
use kenpo_domain::standard_remuneration::Grade as DomainGrade;
use kenpo_domain::voluntary_continuation as domain;
use kenpo_domain::Yen;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::code::ResultCode;
use crate::error::{KenpoError, KenpoResult};
use crate::explain::{self, Explanation};
use crate::premium::{PremiumBreakdown, PremiumSubject};
use crate::remuneration::Grade;
use crate::scalar::{Exact, PlainDate, PlainMonth};
use crate::society::Society;

mirror_enum! {
    /// Why a person cannot become a 任意継続被保険者 although eligible otherwise (法3条4項ただし書).
    pub enum Exclusion => domain::Exclusion {
        /// A 船員保険 insured person.
        SeamensInsurance,
        /// A 後期高齢者医療 insured person.
        LateElderlyMedical,
    }
}

mirror_enum! {
    /// Why the status ended (法38条 各号, 法37条2項).
    pub enum VoluntaryLossReason => domain::VoluntaryLossReason {
        /// Two years passed (1号).
        TwoYears,
        /// Death (2号).
        Death,
        /// A premium not paid by its due date (3号).
        NonPayment,
        /// The first premium not paid by its due date: never became one (法37条2項).
        FirstPremiumUnpaid,
        /// Became an ordinary or 船員保険 insured person (4号, 5号).
        BecameInsured,
        /// 後期高齢者医療 (6号), the 75th birthday included.
        LateElderly,
        /// Withdrawal at the member's request (7号, from 2022-01-01).
        Withdrawal,
    }
}

mirror_enum! {
    /// Which figure gave the 標準報酬月額 (法47条).
    pub enum StandardBasis => domain::StandardBasis {
        /// The standard at loss, the lesser (1項1号).
        AtLoss,
        /// The society's figure, the lesser (1項2号).
        SocietyFigure,
        /// The standard at loss kept above the society's figure by the 規約 (2項).
        AtLossByRules,
        /// The 規約's figure between the two (2項).
        RulesFigure,
    }
}

/// An application to become a 任意継続被保険者 (資格取得申出): `kenpo_voluntary_application` in C,
/// `voluntaryApplication` in Kotlin and Swift.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VoluntaryApplicationRequest {
    /// 資格喪失日 of the ordinary status (the day after leaving).
    pub loss_date: PlainDate,
    /// The first day of the continuous insured period that ended the day before the loss.
    pub insured_since: PlainDate,
    /// The day the insurer received the application.
    pub received_on: PlainDate,
    /// The insurer accepts a late application for a 正当な理由 (法37条1項ただし書).
    pub delay_accepted: bool,
    /// An exclusion of 法3条4項ただし書, if any.
    pub excluded: Option<Exclusion>,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// Why an application is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum NotEligibleReason {
    /// Insured for less than 2 continuous months before the loss (法3条4項).
    InsuredUnderTwoMonths,
    /// Received after the 20th day, with no reason accepted (法37条1項).
    LateApplication,
    /// Excluded (法3条4項ただし書).
    Excluded {
        /// Which exclusion.
        exclusion: Exclusion,
    },
}

/// The outcome of an application.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ApplicationOutcome {
    /// Becomes a 任意継続被保険者 on the loss date (if the first premium is paid by its due date).
    Eligible {
        /// 資格取得日 as 任意継続被保険者.
        acquired_on: PlainDate,
        /// The loss date at the end of the two years (法38条1号), unless an earlier cause.
        two_years_end: PlainDate,
    },
    /// Refused.
    NotEligible {
        /// Why.
        reason: NotEligibleReason,
    },
}

/// A decided application.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ApplicationDecision {
    /// The outcome.
    pub outcome: ApplicationOutcome,
    /// The 20th day from the loss date (法37条1項).
    pub deadline: PlainDate,
    /// The day 2 months of insurance were complete (the loss must be after it).
    pub two_months_complete_on: PlainDate,
    /// The steps, when asked for.
    pub explanation: Option<Explanation>,
}

/// Something that ends the status (法38条 各号).
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum VoluntaryEvent {
    /// Died (2号): lost the day after.
    Death {
        /// The date of death.
        date: PlainDate,
    },
    /// The premium of `month` was not paid by the 10th (3号): lost the day after; for the first
    /// month, never insured (法37条2項).
    NonPayment {
        /// The premium month left unpaid.
        month: PlainMonth,
    },
    /// Became an ordinary or 船員保険 insured person (4号, 5号): lost that day.
    BecameInsured {
        /// The day.
        date: PlainDate,
    },
    /// Became a 後期高齢者医療 insured person (6号): lost that day.
    LateElderly {
        /// The day.
        date: PlainDate,
    },
    /// Asked to stop (7号, from 2022-01-01): lost on the first day of the next month.
    Withdrawal {
        /// The day the insurer received the request.
        received_on: PlainDate,
    },
}

/// When and why a status ends: `kenpo_voluntary_loss` in C, `voluntaryLoss` in Kotlin and Swift.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VoluntaryLossRequest {
    /// 資格取得日 as 任意継続被保険者.
    pub acquired_on: PlainDate,
    /// The person's date of birth (the 75th birthday ends the status).
    pub birth_date: PlainDate,
    /// The events known so far, any order.
    pub events: Vec<VoluntaryEvent>,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// The end of a status.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LossDecision {
    /// Why (the earliest cause).
    pub reason: VoluntaryLossReason,
    /// 資格喪失日; for `first_premium_unpaid`, the acquisition date (never insured).
    pub loss_date: PlainDate,
    /// The last premium month charged; `None` when never insured.
    pub last_premium_month: Option<PlainMonth>,
    /// The steps, when asked for.
    pub explanation: Option<Explanation>,
}

/// What a 任意継続被保険者's 標準報酬月額 depends on.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VoluntaryMembership {
    /// 資格取得日 as 任意継続被保険者.
    pub acquired_on: PlainDate,
    /// The 標準報酬月額 when the ordinary status was lost (a grade's amount, 法47条1項1号), yen.
    pub standard_at_loss: i64,
}

impl VoluntaryMembership {
    fn to_domain(self) -> KenpoResult<domain::VoluntaryMembership> {
        Ok(domain::VoluntaryMembership {
            acquired_on: self.acquired_on.0,
            standard_at_loss: DomainGrade::from_standard_monthly(Yen::new(self.standard_at_loss))
                .map_err(|_| {
                KenpoError::input(
                    ResultCode::InvalidVoluntaryContinuation,
                    "membership.standard_at_loss",
                    "not the 標準報酬月額 of any grade (健康保険法 第40条)",
                )
            })?,
        })
    }
}

/// The 標準報酬月額 of a premium month: `kenpo_voluntary_standard` in C,
/// `Society.voluntaryStandard` in Kotlin and Swift.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VoluntaryStandardRequest {
    /// The member.
    pub membership: VoluntaryMembership,
    /// The premium month.
    pub month: PlainMonth,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// The 標準報酬月額 of a 任意継続被保険者 for one premium month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VoluntaryStandard {
    /// The premium month.
    pub month: PlainMonth,
    /// The grade used.
    pub grade: Grade,
    /// Which figure.
    pub basis: StandardBasis,
    /// The society's figure in force (法47条1項2号), yen.
    pub ceiling: i64,
    /// The month the society's rule applies from.
    pub rule_from: PlainMonth,
    /// The steps, when asked for.
    pub explanation: Option<Explanation>,
}

/// The premium of a month: `kenpo_voluntary_premium` in C, `Society.voluntaryPremium` in Kotlin
/// and Swift.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VoluntaryPremiumRequest {
    /// The member.
    pub membership: VoluntaryMembership,
    /// The premium month.
    pub month: PlainMonth,
    /// The person (age for 介護, how the premium is paid).
    pub subject: PremiumSubject,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// The monthly premium of a 任意継続被保険者, paid wholly by the member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VoluntaryPremium {
    /// The 標準報酬月額 and why.
    pub standard: VoluntaryStandard,
    /// The premium (its `employee` is what the member pays; no employer share).
    pub premium: PremiumBreakdown,
    /// The due date: the 10th of the month (法164条1項).
    pub due_date: PlainDate,
}

/// A 前納 of consecutive months: `kenpo_voluntary_prepayment` in C,
/// `Society.voluntaryPrepayment` in Kotlin and Swift.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VoluntaryPrepaymentRequest {
    /// The member.
    pub membership: VoluntaryMembership,
    /// The first prepaid month.
    pub first_month: PlainMonth,
    /// How many months (1–12).
    pub months: i32,
    /// The person.
    pub subject: PremiumSubject,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// A 前納 (prepayment of future months, 法165条, 令49条).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Prepayment {
    /// The first prepaid month.
    pub first_month: PlainMonth,
    /// The number of months.
    pub months: i32,
    /// The monthly premiums added up, exact.
    pub total: Exact,
    /// The amount to prepay: each month discounted at 4 % a year, added up and rounded by the
    /// 50-銭 rule, yen.
    pub amount: i64,
    /// The discount (total − amount), exact.
    pub discount: Exact,
    /// The steps, when asked for.
    pub explanation: Option<Explanation>,
}

fn standard(s: &domain::VoluntaryStandard) -> KenpoResult<VoluntaryStandard> {
    Ok(VoluntaryStandard {
        month: PlainMonth(s.month),
        grade: s.grade.into(),
        basis: s.basis.try_into()?,
        ceiling: s.ceiling.get(),
        rule_from: PlainMonth(s.rule_from),
        explanation: explain::optional(&s.explanation),
    })
}

/// Decides an application to become a 任意継続被保険者 (健康保険法 第3条4項: 2 months insured
/// before the loss; 第37条1項: received within 20 days of the loss date).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn voluntary_application(
    request: VoluntaryApplicationRequest,
) -> KenpoResult<ApplicationDecision> {
    let d = domain::decide_application(
        &domain::VoluntaryApplication {
            loss_date: request.loss_date.0,
            insured_since: request.insured_since.0,
            received_on: request.received_on.0,
            delay_accepted: request.delay_accepted,
            excluded: request.excluded.map(Into::into),
        },
        explain::mode(request.explain),
    )?;
    let outcome = match d.outcome {
        domain::ApplicationOutcome::Eligible {
            acquired_on,
            two_years_end,
        } => ApplicationOutcome::Eligible {
            acquired_on: PlainDate(acquired_on),
            two_years_end: PlainDate(two_years_end),
        },
        domain::ApplicationOutcome::NotEligible { reason } => ApplicationOutcome::NotEligible {
            reason: match reason {
                domain::NotEligible::InsuredUnderTwoMonths => {
                    NotEligibleReason::InsuredUnderTwoMonths
                }
                domain::NotEligible::LateApplication => NotEligibleReason::LateApplication,
                domain::NotEligible::Excluded(e) => NotEligibleReason::Excluded {
                    exclusion: e.try_into()?,
                },
                _ => return Err(KenpoError::internal("a NotEligible unknown to kenpo-api")),
            },
        },
        _ => {
            return Err(KenpoError::internal(
                "an ApplicationOutcome unknown to kenpo-api",
            ))
        }
    };
    Ok(ApplicationDecision {
        outcome,
        deadline: PlainDate(d.deadline),
        two_months_complete_on: PlainDate(d.two_months_complete_on),
        explanation: explain::optional(&d.explanation),
    })
}

/// When and why a 任意継続 status that began on `acquired_on` ends (健康保険法 第37条2項, 第38条):
/// the earliest of the two years, the 75th birthday and the events; with the last premium month.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn voluntary_loss(request: VoluntaryLossRequest) -> KenpoResult<LossDecision> {
    let events: Vec<domain::VoluntaryEvent> = request
        .events
        .iter()
        .map(|e| match *e {
            VoluntaryEvent::Death { date } => domain::VoluntaryEvent::Death { date: date.0 },
            VoluntaryEvent::NonPayment { month } => {
                domain::VoluntaryEvent::NonPayment { month: month.0 }
            }
            VoluntaryEvent::BecameInsured { date } => {
                domain::VoluntaryEvent::BecameInsured { date: date.0 }
            }
            VoluntaryEvent::LateElderly { date } => {
                domain::VoluntaryEvent::LateElderly { date: date.0 }
            }
            VoluntaryEvent::Withdrawal { received_on } => domain::VoluntaryEvent::Withdrawal {
                received_on: received_on.0,
            },
        })
        .collect();
    let d = domain::decide_loss(
        request.acquired_on.0,
        request.birth_date.0,
        &events,
        explain::mode(request.explain),
    )?;
    Ok(LossDecision {
        reason: d.reason.try_into()?,
        loss_date: PlainDate(d.loss_date),
        last_premium_month: d.last_premium_month.map(PlainMonth),
        explanation: explain::optional(&d.explanation),
    })
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl Society {
    /// The 標準報酬月額 of a 任意継続被保険者 in a premium month (健康保険法 第47条): the lesser of
    /// the standard at loss and the society's figure (`voluntary_continuation`), unless the
    /// 規約 keeps a higher one (第47条2項).
    pub fn voluntary_standard(
        &self,
        request: VoluntaryStandardRequest,
    ) -> KenpoResult<VoluntaryStandard> {
        let s = domain::standard_monthly(
            self.config(),
            &request.membership.to_domain()?,
            request.month.0,
            explain::mode(request.explain),
        )?;
        standard(&s)
    }

    /// The premium a 任意継続被保険者 pays for a month, wholly (健康保険法 第157条, 第161条1項
    /// ただし書), due on the 10th (第164条1項).
    pub fn voluntary_premium(
        &self,
        request: VoluntaryPremiumRequest,
    ) -> KenpoResult<VoluntaryPremium> {
        let p = domain::monthly_premium(
            self.config(),
            &request.membership.to_domain()?,
            request.month.0,
            &premium_domain::PremiumSubject::from(&request.subject),
            explain::mode(request.explain),
        )?;
        Ok(VoluntaryPremium {
            standard: standard(&p.standard)?,
            premium: PremiumBreakdown::try_from(&p.premium)?,
            due_date: PlainDate(p.due_date),
        })
    }

    /// The amount to prepay (前納, 健康保険法 第165条, 施行令 第49条) for `months` consecutive
    /// months from `first_month`: each month's exact premium discounted at 4 % a year compound,
    /// the sum rounded by the 50-銭 rule.
    pub fn voluntary_prepayment(
        &self,
        request: VoluntaryPrepaymentRequest,
    ) -> KenpoResult<Prepayment> {
        let months = usize::try_from(request.months)
            .ok()
            .filter(|n| (1..=domain::PREPAYMENT_MAX_MONTHS).contains(n))
            .ok_or_else(|| {
                KenpoError::input(
                    ResultCode::InvalidVoluntaryContinuation,
                    "months",
                    "not within 1–12 (the months one 前納 covers)",
                )
            })?;
        let member = request.membership.to_domain()?;
        let subject = premium_domain::PremiumSubject::from(&request.subject);
        let mut month = request.first_month.0;
        let mut premiums = Vec::with_capacity(months);
        for _ in 0..months {
            premiums.push(
                domain::monthly_premium(
                    self.config(),
                    &member,
                    month,
                    &subject,
                    kenpo_domain::explanation::Explain::RuleOnly,
                )?
                .premium,
            );
            month = month.next();
        }
        let p = domain::prepayment(&premiums, explain::mode(request.explain))?;
        Ok(Prepayment {
            first_month: PlainMonth(p.first_month),
            months: i32::try_from(p.months).unwrap_or(i32::MAX),
            total: Exact(p.total),
            amount: p.amount.get(),
            discount: Exact(p.discount),
            explanation: explain::optional(&p.explanation),
        })
    }
}
