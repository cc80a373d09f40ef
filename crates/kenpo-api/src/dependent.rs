//! Dependent recognition (被扶養者認定, 健康保険法 第3条7項, [`kenpo_domain::dependent_recognition`]):
//! whether a relative can be recognised as a dependant on a date, with every reason (met,
//! failed or not applicable) and its source: the 130万 / 180万 (60+ or disabled) / 150万 (19–22,
//! from 2025-10-01) thresholds, half of the insured's income or the remittance, domestic
//! residence (from 2020-04-01) and, from 2026-04-01, wage-only income judged from the labour
//! contract. For one person, or for many in one call.
use kenpo_domain::dependent_recognition as domain;
use kenpo_domain::Yen;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::batch::{self, Rejection};
use crate::code::ResultCode;
use crate::error::{KenpoError, KenpoResult};
use crate::explain::{self, Explanation};
use crate::member::Relationship;
use crate::scalar::{Exact, PlainDate};

mirror_enum! {
    /// A residence status that excludes recognition even with a 住民票 (則 第37条の3).
    pub enum ExcludedStatus => domain::ExcludedStatus {
        /// 特定活動: medical stay (患者) or the carer accompanying one.
        MedicalStay,
        /// 特定活動: long-stay tourism of one year or less.
        LongStayTourism,
    }
}

mirror_enum! {
    /// Why a person abroad may still count as living in Japan (則 第37条の2), or none.
    pub enum AbroadReason => domain::AbroadReason {
        /// 外国において留学をする学生.
        StudyingAbroad,
        /// Accompanying an insured person posted abroad.
        AccompanyingPostedInsured,
        /// Temporarily abroad for non-work purposes (観光、保養、ボランティア …).
        TemporaryNonWork,
        /// A family relation that arose during the posting (born or married abroad).
        RelationArisenDuringPosting,
        /// Others with their life base in Japan.
        LifeBaseInJapan,
        /// No exception.
        NoException,
    }
}

mirror_enum! {
    /// A rule of the recognition.
    pub enum RecognitionRule => domain::RecognitionRule {
        /// The relationship is within 第3条7項.
        RelativeScope,
        /// Living together, when the relationship requires it.
        Cohabitation,
        /// Not covered by 後期高齢者医療 (第3条7項 ただし書).
        LateElderlyExclusion,
        /// Domestic residence and the excluded statuses.
        DomesticResidence,
        /// How the annual income was judged (labour contract or expected income).
        IncomeBasis,
        /// Annual income below the threshold.
        IncomeThreshold,
        /// Living together: income below half of the insured's (or the exception).
        HalfOfInsuredIncome,
        /// Living apart: income below the remittance.
        BelowRemittance,
    }
}

mirror_enum! {
    /// The outcome of one rule.
    pub enum ReasonOutcome => domain::Outcome {
        /// The condition holds.
        Met,
        /// The condition fails: no recognition.
        Failed,
        /// The rule does not apply to this case.
        NotApplicable,
    }
}

/// Where the applicant lives (国内居住要件, 健康保険法 第3条7項, from 2020-04-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Residence {
    /// 住民票 in Japan.
    Domestic,
    /// In Japan with a status that excludes recognition.
    DomesticExcluded {
        /// The status.
        status: ExcludedStatus,
    },
    /// Abroad, with the exception that applies (or none).
    Abroad {
        /// The exception.
        reason: AbroadReason,
    },
}

/// How a labour contract sets the basic pay (労働条件通知書).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ContractPay {
    /// 時給 × contracted hours a week × 52.
    Hourly {
        /// Hourly wage, yen.
        wage: i64,
        /// Contracted hours a week (所定労働時間), exact.
        hours_per_week: Exact,
    },
    /// 日給 × contracted days a week × 52.
    Daily {
        /// Daily wage, yen.
        wage: i64,
        /// Contracted days a week, exact.
        days_per_week: Exact,
    },
    /// 月給 × 12.
    Monthly {
        /// Monthly wage, yen.
        wage: i64,
    },
}

/// One source of the applicant's expected income over the coming 12 months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum IncomeItem {
    /// An annual amount (pensions, business income …), yen.
    Annual {
        /// Yen a year.
        amount: i64,
    },
    /// A monthly amount (× 12), yen.
    Monthly {
        /// Yen a month.
        amount: i64,
    },
    /// A daily amount (× 360), such as 雇用保険 基本手当日額, yen.
    Daily {
        /// Yen a day.
        amount: i64,
    },
    /// Wages under a labour contract (from a recognition date of 2026-04-01, wage-only income
    /// is judged from the contract, pay outside it left out).
    LabourContract {
        /// The basic pay.
        pay: ContractPay,
        /// Fixed monthly allowances in the contract (通勤手当 …), yen.
        monthly_allowances: i64,
        /// Bonus fixed in the contract, per year, yen.
        annual_bonus: i64,
        /// Expected pay not fixed in the contract (overtime …) over 12 months, yen.
        pay_outside_contract: i64,
    },
}

/// The facts of one recognition request (被扶養者(異動)届 with its evidence). The birth date is
/// personal data: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RecognitionRequest {
    /// The date to judge (認定日).
    pub recognition_date: PlainDate,
    /// 続柄.
    pub relationship: Relationship,
    /// The applicant's date of birth.
    pub birth_date: PlainDate,
    /// Disabled to the degree of 障害厚生年金 (the 1.8M threshold).
    pub disabled: bool,
    /// Certified by the 後期高齢者医療広域連合 (65–74 with a disability).
    pub late_elderly_certified: bool,
    /// Lives in the insured person's household (同一世帯).
    pub lives_with_insured: bool,
    /// Residence.
    pub residence: Residence,
    /// Expected incomes of the coming 12 months.
    pub incomes: Vec<IncomeItem>,
    /// The insured person's annual income, yen.
    pub insured_annual_income: i64,
    /// The insured person is the centre of the household's living (the exception to the
    /// half-income test).
    pub insured_is_centre_of_living: bool,
    /// Annual remittance from the insured person (living apart), yen.
    pub annual_remittance: Option<i64>,
    /// `true` to have the steps written out in `explanation`.
    pub explain: bool,
}

/// One reason of a recognition decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RecognitionReason {
    /// The rule.
    pub rule: RecognitionRule,
    /// Met, failed or not applicable.
    pub outcome: ReasonOutcome,
    /// What was found, for a person (the income and the threshold compared).
    pub detail: String,
    /// The legal or official source.
    pub source: String,
}

/// A recognition decision (被扶養者認定の可否) with every reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RecognitionDecision {
    /// `true` when no reason failed.
    pub recognized: bool,
    /// The date judged.
    pub recognition_date: PlainDate,
    /// The annual income judged, exact.
    pub annual_income: Exact,
    /// The threshold applied (the income must be below it), yen.
    pub threshold: i64,
    /// Every rule, in the order checked.
    pub reasons: Vec<RecognitionReason>,
    /// The steps, when asked for.
    pub explanation: Option<Explanation>,
}

/// The recognition of many persons in one call.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RecognitionBatchRequest {
    /// One request per person.
    pub persons: Vec<RecognitionRequest>,
}

/// The decisions of a batch in input order (`None` where a request was refused), and the
/// requests refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RecognitionBatch {
    /// One decision per person.
    pub decisions: Vec<Option<RecognitionDecision>>,
    /// The requests refused (the field names the request's field: `incomes[1].amount`).
    pub rejected: Vec<Rejection>,
}

fn yen(amount: i64, field: &str) -> KenpoResult<Yen> {
    if amount < 0 {
        return Err(KenpoError::input(
            ResultCode::InvalidAmount,
            field,
            "must not be negative",
        ));
    }
    Ok(Yen::new(amount))
}

fn quantity(value: Exact, field: &str) -> KenpoResult<Decimal> {
    if value.0.is_sign_negative() {
        return Err(KenpoError::input(
            ResultCode::InvalidAmount,
            field,
            "must not be negative",
        ));
    }
    Ok(value.0)
}

fn income(item: &IncomeItem, at: &str) -> KenpoResult<domain::IncomeItem> {
    let f = |name: &str| format!("{at}.{name}");
    Ok(match item {
        IncomeItem::Annual { amount } => domain::IncomeItem::Annual(yen(*amount, &f("amount"))?),
        IncomeItem::Monthly { amount } => domain::IncomeItem::Monthly(yen(*amount, &f("amount"))?),
        IncomeItem::Daily { amount } => domain::IncomeItem::Daily(yen(*amount, &f("amount"))?),
        IncomeItem::LabourContract {
            pay,
            monthly_allowances,
            annual_bonus,
            pay_outside_contract,
        } => domain::IncomeItem::LabourContract(domain::LabourContract {
            pay: match pay {
                ContractPay::Hourly {
                    wage,
                    hours_per_week,
                } => domain::ContractPay::Hourly {
                    wage: yen(*wage, &f("pay.wage"))?,
                    hours_per_week: quantity(*hours_per_week, &f("pay.hours_per_week"))?,
                },
                ContractPay::Daily {
                    wage,
                    days_per_week,
                } => domain::ContractPay::Daily {
                    wage: yen(*wage, &f("pay.wage"))?,
                    days_per_week: quantity(*days_per_week, &f("pay.days_per_week"))?,
                },
                ContractPay::Monthly { wage } => domain::ContractPay::Monthly {
                    wage: yen(*wage, &f("pay.wage"))?,
                },
            },
            monthly_allowances: yen(*monthly_allowances, &f("monthly_allowances"))?,
            annual_bonus: yen(*annual_bonus, &f("annual_bonus"))?,
            pay_outside_contract: yen(*pay_outside_contract, &f("pay_outside_contract"))?,
        }),
    })
}

fn domain_request(r: &RecognitionRequest) -> KenpoResult<domain::RecognitionRequest> {
    let residence = match r.residence {
        Residence::Domestic => domain::Residence::Domestic,
        Residence::DomesticExcluded { status } => {
            domain::Residence::DomesticExcluded(status.into())
        }
        Residence::Abroad { reason } => domain::Residence::Abroad(reason.into()),
    };
    Ok(domain::RecognitionRequest {
        recognition_date: r.recognition_date.0,
        relationship: r.relationship.into(),
        birth_date: r.birth_date.0,
        disabled: r.disabled,
        late_elderly_certified: r.late_elderly_certified,
        lives_with_insured: r.lives_with_insured,
        residence,
        incomes: r
            .incomes
            .iter()
            .enumerate()
            .map(|(i, item)| income(item, &format!("incomes[{i}]")))
            .collect::<KenpoResult<_>>()?,
        insured_annual_income: yen(r.insured_annual_income, "insured_annual_income")?,
        insured_is_centre_of_living: r.insured_is_centre_of_living,
        annual_remittance: r
            .annual_remittance
            .map(|a| yen(a, "annual_remittance"))
            .transpose()?,
    })
}

fn decision(d: &domain::RecognitionDecision) -> KenpoResult<RecognitionDecision> {
    Ok(RecognitionDecision {
        recognized: d.recognized,
        recognition_date: PlainDate(d.recognition_date),
        annual_income: Exact(d.annual_income),
        threshold: d.threshold.get(),
        reasons: d
            .reasons
            .iter()
            .map(|r| {
                Ok(RecognitionReason {
                    rule: r.rule.try_into()?,
                    outcome: r.outcome.try_into()?,
                    detail: r.detail.clone(),
                    source: r.source.clone(),
                })
            })
            .collect::<KenpoResult<_>>()?,
        explanation: explain::optional(&d.explanation),
    })
}

/// 被扶養者認定 (dependent recognition, 健康保険法 第3条7項) for one person on the recognition
/// date: recognised or not, with every reason and its source.
///
/// # Errors
/// [`KenpoError::InvalidInput`]: code 202 for a negative amount (the field named:
/// `incomes[0].amount`), 223 for a birth after the recognition date; [`KenpoError::Refused`]
/// (300) before 1993-04-01, the first thresholds recorded.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn recognize_dependent(request: RecognitionRequest) -> KenpoResult<RecognitionDecision> {
    let d = domain::decide_with(&domain_request(&request)?, explain::mode(request.explain))?;
    decision(&d)
}

/// 被扶養者認定 for many persons, each answered on its own (a refused request never fails the
/// call).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn recognize_dependents(request: RecognitionBatchRequest) -> RecognitionBatch {
    let (decisions, rejected) = batch::run(&request.persons, |p| {
        let d = domain::decide_with(&domain_request(p)?, explain::mode(p.explain))?;
        decision(&d)
    });
    RecognitionBatch {
        decisions,
        rejected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spouse(income: i64) -> RecognitionRequest {
        RecognitionRequest {
            recognition_date: PlainDate::from_parts(2026, 4, 1).unwrap(),
            relationship: Relationship::Spouse,
            birth_date: PlainDate::from_parts(1985, 7, 1).unwrap(),
            disabled: false,
            late_elderly_certified: false,
            lives_with_insured: true,
            residence: Residence::Domestic,
            incomes: vec![IncomeItem::Annual { amount: income }],
            insured_annual_income: 5_000_000,
            insured_is_centre_of_living: false,
            annual_remittance: None,
            explain: false,
        }
    }

    #[test]
    fn thresholds_batch_and_negative_amounts() {
        // 130万円: below passes, exactly fails (昭和52年 保発第9号).
        let d = recognize_dependent(spouse(1_299_999)).unwrap();
        assert!(d.recognized && d.threshold == 1_300_000 && d.explanation.is_none());
        assert!(!recognize_dependent(spouse(1_300_000)).unwrap().recognized);
        let batch = recognize_dependents(RecognitionBatchRequest {
            persons: vec![spouse(1_299_999), spouse(-1), spouse(1_300_000)],
        });
        assert_eq!(batch.decisions.len(), 3);
        assert!(batch.decisions[1].is_none());
        assert_eq!(batch.rejected[0].field, "incomes[0].amount");
        assert_eq!(batch.rejected[0].code, 202);
        let mut born_later = spouse(0);
        born_later.birth_date = PlainDate::from_parts(2026, 4, 2).unwrap();
        match recognize_dependent(born_later).unwrap_err() {
            KenpoError::InvalidInput { code, field, .. } => {
                assert_eq!((code, field.as_str()), (223, "birth_date"))
            }
            other => panic!("{other:?}"),
        }
    }
}
