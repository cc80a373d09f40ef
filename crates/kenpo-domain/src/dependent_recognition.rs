//! Dependent recognition (被扶養者認定, 健康保険法 第3条7項): whether a relative of an insured
//! person can be recognised as a dependant on a date, as a decision that lists every reason
//! (met or failed) with its rule and source (purpose A3).
//!
//! ```
//! use kenpo_domain::calendar::date;
//! use kenpo_domain::dependent_recognition::{
//!     decide, IncomeItem, Outcome, RecognitionRequest, RecognitionRule, Residence,
//! };
//! use kenpo_domain::member::Relationship;
//! use kenpo_domain::money::Yen;
//!
//! // A spouse living with the insured, expecting 1,299,999 yen in the coming 12 months.
//! let request = RecognitionRequest {
//!     recognition_date: date(2026, 4, 1).unwrap(),
//!     relationship: Relationship::Spouse,
//!     birth_date: date(1985, 7, 1).unwrap(),
//!     disabled: false,
//!     late_elderly_certified: false,
//!     lives_with_insured: true,
//!     residence: Residence::Domestic,
//!     incomes: vec![IncomeItem::Annual(Yen::new(1_299_999))],
//!     insured_annual_income: Yen::new(5_000_000),
//!     insured_is_centre_of_living: false,
//!     annual_remittance: None,
//! };
//! let decision = decide(&request).unwrap();
//! assert!(decision.recognized);
//! assert_eq!(decision.threshold, Yen::new(1_300_000));
//! let income = decision.reasons.iter().find(|r| r.rule == RecognitionRule::IncomeThreshold).unwrap();
//! assert_eq!(income.outcome, Outcome::Met);
//! ```
//!
//! ## The rules
//!
//! | rule | figure / condition | in force | source |
//! | --- | --- | --- | --- |
//! | relatives scope | spouse, children, grandchildren, siblings, 直系尊属 without cohabitation; other relatives within the 3rd degree and a de-facto spouse's parents/children only when living together | 兄・姉 exempt from 2016-10-01 | 健康保険法 第3条7項 ([`Relationship::requires_cohabitation`]) |
//! | 75+ exclusion | a person covered by 後期高齢者医療 (75th birthday reached, or 65–74 certified) is not a dependant | | 健康保険法 第3条7項 ただし書 |
//! | domestic residence | 住民票 in Japan, or one of the exceptions (study abroad, accompanying a posted insured, temporary non-work stay, relation arisen abroad, other life base in Japan); excluded even in Japan: 特定活動 medical stay / carer, long-stay tourism | from 2020-04-01 | 健康保険法 第3条7項 (令和元年法律第9号), 則 第37条の2, 第37条の3 |
//! | income threshold (年間収入 must be **below**) | 1,300,000; 1,800,000 at 60+ or disabled; 1,500,000 at 19–22 (age on 31 December of the year of the recognition date; not the spouse) | 1.3M/1.8M since 1993-04-01; 1.5M from 2025-10-01 | 昭和52年4月6日 保発第9号・庁保発第9号 (as revised); 厚生労働省 保険局 通知 of 2025 on 19歳以上23歳未満の被扶養者 (2025-10-01; notice number not read) |
//! | living together | income **less than half** the insured's; at half or more, accepted when not above the insured's and the insured is the centre of the household's living | | same notice |
//! | living apart | income **less than the remittance** from the insured | | same notice |
//! | wage-only income | judged from the labour contract (hourly × hours × weeks, …; pay not fixed in the contract left out) | recognition date from 2026-04-01 | 保保発 「労働契約内容による年間収入が基準額未満である場合の…取扱いについて」 and Q&A (事務連絡 2025-10-01) |
//!
//! "Annual income" is the expected income of the coming 12 months from the recognition date,
//! not last year's: monthly amounts × 12, daily amounts × 360 (so a 雇用保険 基本手当 of 3,611 yen
//! a day passes the 1.3M test and 3,612 fails). Incomes are compared exactly, as decimals, with
//! no rounding.
//!
//! ## Doubts (named options)
//!
//! - The labour-contract annualisation is not spelled out in the notice beyond "hourly rate,
//!   hours, days": we use [`WEEKS_PER_YEAR`] (52) for weekly contracts and 12 for monthly ones.
//! - The 60+ test uses the age reached on the recognition date (民法 age rule); the 19–22 test
//!   uses the age on 31 December as the notice says.
//! - The numbers of the 2025 notices (19–22 rule, labour-contract rule) were not read from the
//!   notices themselves, only their titles and dates as quoted by insurers (docs/SOURCES.md §7.3).
//! - 1.3M/1.8M are recorded from 1993-04-01; earlier recognition dates are an error
//!   ([`RecognitionError::NoThresholds`]).
//! - Society rules (minimum remittance, proof) and the temporary-excess certificate
//!   (年収の壁 package) are outside this decision.
//!
//! ## JSON
//!
//! ```
//! use kenpo_domain::dependent_recognition::RecognitionRequest;
//! let json = r#"{
//!   "recognition_date": "2026-04-01", "relationship": "child", "birth_date": "2005-06-01",
//!   "disabled": false, "late_elderly_certified": false, "lives_with_insured": false,
//!   "residence": {"abroad": "studying_abroad"},
//!   "incomes": [{"labour_contract": {"pay": {"hourly": {"wage": 1200, "hours_per_week": "20"}},
//!                "monthly_allowances": 0, "annual_bonus": 0, "pay_outside_contract": 50000}}],
//!   "insured_annual_income": 6000000, "insured_is_centre_of_living": false,
//!   "annual_remittance": 1500000
//! }"#;
//! let request: RecognitionRequest = serde_json::from_str(json).unwrap();
//! let decision = kenpo_domain::dependent_recognition::decide(&request).unwrap();
//! assert!(decision.recognized); // 1,200 × 20 × 52 = 1,248,000 < 1,500,000 (age 21 on 31 Dec)
//! assert!(serde_json::to_string(&decision).unwrap().contains("\"rule\":\"income_threshold\""));
//! ```

use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::age;
use crate::explanation::{Explain, Explanation};
use crate::member::Relationship;
use crate::money::Yen;

const fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => NaiveDate::MIN,
    }
}

/// The domestic-residence requirement applies to recognition dates on or after this day
/// (2020-04-01, 令和元年法律第9号).
pub const DOMESTIC_RESIDENCE_FROM: NaiveDate = day(2020, 4, 1);

/// Wage-only income is judged from the labour contract for recognition dates on or after this
/// day (2026-04-01).
pub const LABOUR_CONTRACT_RULE_FROM: NaiveDate = day(2026, 4, 1);

/// Weeks in a year used to annualise weekly contract terms (see the module's doubts).
pub const WEEKS_PER_YEAR: i64 = 52;

/// Months in a year, for monthly amounts.
pub const MONTHS_PER_YEAR: i64 = 12;

/// Days in a year for daily amounts (日額 × 360), as insurers' guidance states.
pub const DAYS_PER_YEAR: i64 = 360;

/// The income thresholds (収入基準) in force from a date: the annual income must be **below**
/// the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IncomeThresholds {
    /// First recognition date the figures apply to.
    pub effective_from: NaiveDate,
    /// General (130万円).
    pub general: Yen,
    /// Aged 60 or over, or disabled to the degree of 障害厚生年金 (180万円).
    pub aged_60_or_disabled: Yen,
    /// Aged 19–22 on 31 December, not the spouse (150万円), when in force.
    pub aged_19_to_22: Option<Yen>,
    /// The notice the figures come from.
    pub source: &'static str,
}

/// Every version of the thresholds, oldest first.
pub const INCOME_THRESHOLDS: [IncomeThresholds; 2] = [
    IncomeThresholds {
        effective_from: day(1993, 4, 1),
        general: Yen::new(1_300_000),
        aged_60_or_disabled: Yen::new(1_800_000),
        aged_19_to_22: None,
        source: "昭和52年4月6日 保発第9号・庁保発第9号「収入がある者についての被扶養者の認定について」(平成5年改正)",
    },
    IncomeThresholds {
        effective_from: day(2025, 10, 1),
        general: Yen::new(1_300_000),
        aged_60_or_disabled: Yen::new(1_800_000),
        aged_19_to_22: Some(Yen::new(1_500_000)),
        source: "厚生労働省保険局 通知「19歳以上23歳未満の被扶養者に係る認定について」(2025-10-01 施行; number not read)",
    },
];

/// The thresholds in force on `on`.
pub fn thresholds_on(on: NaiveDate) -> Option<&'static IncomeThresholds> {
    INCOME_THRESHOLDS
        .iter()
        .rev()
        .find(|t| t.effective_from <= on)
}

/// Where the applicant lives (国内居住要件, 健康保険法 第3条7項, from 2020-04-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Residence {
    /// 住民票 in Japan.
    Domestic,
    /// In Japan with a status that excludes recognition (則 第37条の3).
    DomesticExcluded(ExcludedStatus),
    /// Abroad, with the exception that applies (or none).
    Abroad(AbroadReason),
}

/// A residence status that excludes recognition even with a 住民票 (則 第37条の3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ExcludedStatus {
    /// 特定活動: medical stay (患者) or the carer accompanying one (医療滞在・同伴者).
    MedicalStay,
    /// 特定活動: long-stay tourism of one year or less (観光・保養等を目的とする長期滞在).
    LongStayTourism,
}

/// Why a person abroad may still count as living in Japan (則 第37条の2), or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AbroadReason {
    /// 外国において留学をする学生.
    StudyingAbroad,
    /// Accompanying an insured person posted abroad (海外赴任に同行する家族).
    AccompanyingPostedInsured,
    /// Temporarily abroad for non-work purposes: tourism, recuperation, volunteering (観光、保養、
    /// ボランティア活動その他就労以外の目的での一時的な渡航).
    TemporaryNonWork,
    /// A family relation that arose during the posting (born or married abroad).
    RelationArisenDuringPosting,
    /// Others the insurer judges to have their life base in Japan (日本に生活の基礎があると認められる者).
    LifeBaseInJapan,
    /// No exception.
    NoException,
}

/// How a labour contract sets the pay (労働条件通知書).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ContractPay {
    /// 時給 × contracted hours a week (× [`WEEKS_PER_YEAR`]).
    Hourly {
        /// Hourly wage.
        wage: Yen,
        /// Contracted hours a week (所定労働時間).
        hours_per_week: Decimal,
    },
    /// 日給 × contracted days a week (× [`WEEKS_PER_YEAR`]).
    Daily {
        /// Daily wage.
        wage: Yen,
        /// Contracted days a week.
        days_per_week: Decimal,
    },
    /// 月給 (× 12).
    Monthly {
        /// Monthly wage.
        wage: Yen,
    },
}

/// Wage terms of a labour contract (労働契約), for the 2026-04-01 rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabourContract {
    /// The basic pay.
    pub pay: ContractPay,
    /// Fixed monthly allowances written in the contract (通勤手当 etc.; 労働基準法 第11条 wages).
    pub monthly_allowances: Yen,
    /// Bonus fixed in the contract, per year.
    pub annual_bonus: Yen,
    /// Expected pay not fixed in the contract (overtime …) over the coming 12 months. Left out
    /// when the contract rule applies; counted otherwise.
    pub pay_outside_contract: Yen,
}

/// One source of the applicant's expected income over the coming 12 months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IncomeItem {
    /// An annual amount (pensions, business income, …).
    Annual(Yen),
    /// A monthly amount (× 12).
    Monthly(Yen),
    /// A daily amount (× 360), e.g. 雇用保険 基本手当日額.
    Daily(Yen),
    /// Wages under a labour contract.
    LabourContract(LabourContract),
}

/// The facts of a recognition request (被扶養者(異動)届 with its evidence).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecognitionRequest {
    /// The date to judge (認定日).
    pub recognition_date: NaiveDate,
    /// 続柄.
    pub relationship: Relationship,
    /// The applicant's date of birth.
    pub birth_date: NaiveDate,
    /// Disabled to the degree of 障害厚生年金 (raises the threshold to 1.8M).
    pub disabled: bool,
    /// Certified by the 後期高齢者医療広域連合 (65–74 with a disability).
    pub late_elderly_certified: bool,
    /// Lives in the insured person's household (同一世帯: home and finances shared).
    pub lives_with_insured: bool,
    /// Residence.
    pub residence: Residence,
    /// Expected incomes of the coming 12 months.
    pub incomes: Vec<IncomeItem>,
    /// The insured person's annual income.
    pub insured_annual_income: Yen,
    /// The insured person is judged to be the centre of the household's living (the exception
    /// to the half-income test).
    pub insured_is_centre_of_living: bool,
    /// Annual remittance from the insured person (living apart).
    pub annual_remittance: Option<Yen>,
}

impl fmt::Debug for RecognitionRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecognitionRequest")
            .field("recognition_date", &self.recognition_date)
            .field("relationship", &self.relationship)
            .finish_non_exhaustive()
    }
}

/// A rule of the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RecognitionRule {
    /// The relationship is within the scope of 第3条7項.
    RelativeScope,
    /// Living together, when the relationship requires it.
    Cohabitation,
    /// Not covered by 後期高齢者医療.
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

/// The outcome of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The condition holds.
    Met,
    /// The condition fails: no recognition.
    Failed,
    /// The rule does not apply to this case (not in force, or another branch applies).
    NotApplicable,
}

/// One reason of the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// The rule.
    pub rule: RecognitionRule,
    /// Met, failed or not applicable.
    pub outcome: Outcome,
    /// What was found, for a person.
    pub detail: String,
    /// The legal or official source.
    pub source: String,
}

/// The decision (被扶養者認定の可否) with every reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecognitionDecision {
    /// `true` when no reason failed.
    pub recognized: bool,
    /// The date judged.
    pub recognition_date: NaiveDate,
    /// The annual income judged (exact).
    pub annual_income: Decimal,
    /// The threshold applied.
    pub threshold: Yen,
    /// Every rule, in the order checked.
    pub reasons: Vec<Reason>,
    /// The steps, for an examiner.
    pub explanation: Explanation,
}

impl RecognitionDecision {
    /// The reasons that failed.
    pub fn failed(&self) -> impl Iterator<Item = &Reason> {
        self.reasons.iter().filter(|r| r.outcome == Outcome::Failed)
    }
}

/// Why a request could not be judged. Never carries personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecognitionError {
    /// No thresholds are recorded for the recognition date (before 1993-04-01).
    #[error("no income thresholds are recorded for recognition date {date}")]
    NoThresholds {
        /// The recognition date.
        date: NaiveDate,
    },
    /// A negative amount or quantity.
    #[error("{field} must not be negative")]
    Negative {
        /// Which field.
        field: &'static str,
    },
    /// An amount too large to compute with.
    #[error("{field} is too large")]
    Overflow {
        /// Which field.
        field: &'static str,
    },
    /// The applicant is born after the recognition date.
    #[error("the date of birth is after the recognition date")]
    BirthAfterRecognition,
}

const SOURCE_SCOPE: &str = "健康保険法 第3条7項";
const SOURCE_LATE_ELDERLY: &str =
    "健康保険法 第3条7項 ただし書; 高齢者の医療の確保に関する法律 第50条";
const SOURCE_RESIDENCE: &str =
    "健康保険法 第3条7項 (令和元年法律第9号, 2020-04-01); 則 第37条の2, 第37条の3";
const SOURCE_CONTRACT: &str =
    "保保発「労働契約内容による年間収入が基準額未満である場合の被扶養者の認定における年間収入の取扱いについて」; Q&A 事務連絡 2025-10-01";

fn non_negative(amount: Yen, field: &'static str) -> Result<Decimal, RecognitionError> {
    if amount.is_negative() {
        return Err(RecognitionError::Negative { field });
    }
    Ok(amount.to_decimal())
}

fn times(value: Decimal, by: Decimal, field: &'static str) -> Result<Decimal, RecognitionError> {
    if by.is_sign_negative() {
        return Err(RecognitionError::Negative { field });
    }
    value
        .checked_mul(by)
        .ok_or(RecognitionError::Overflow { field })
}

fn plus(a: Decimal, b: Decimal, field: &'static str) -> Result<Decimal, RecognitionError> {
    a.checked_add(b).ok_or(RecognitionError::Overflow { field })
}

impl LabourContract {
    /// The annual wage the contract gives: basic pay annualised + allowances × 12 + bonus. With
    /// `include_outside_pay`, the expected pay outside the contract is added.
    pub fn annual(&self, include_outside_pay: bool) -> Result<Decimal, RecognitionError> {
        let field = "labour contract";
        let weeks = Decimal::from(WEEKS_PER_YEAR);
        let months = Decimal::from(MONTHS_PER_YEAR);
        let basic = match self.pay {
            ContractPay::Hourly {
                wage,
                hours_per_week,
            } => times(
                times(non_negative(wage, field)?, hours_per_week, field)?,
                weeks,
                field,
            )?,
            ContractPay::Daily {
                wage,
                days_per_week,
            } => times(
                times(non_negative(wage, field)?, days_per_week, field)?,
                weeks,
                field,
            )?,
            ContractPay::Monthly { wage } => times(non_negative(wage, field)?, months, field)?,
        };
        let allowances = times(non_negative(self.monthly_allowances, field)?, months, field)?;
        let mut total = plus(basic, allowances, field)?;
        total = plus(total, non_negative(self.annual_bonus, field)?, field)?;
        if include_outside_pay {
            total = plus(
                total,
                non_negative(self.pay_outside_contract, field)?,
                field,
            )?;
        }
        Ok(total)
    }
}

/// An exact amount for a person: `¥1,248,000` when whole yen, else the decimal with "yen".
fn amount(value: Decimal) -> String {
    Amount(value).to_string()
}

/// [`amount`], formatted only when written (an explanation step).
struct Amount(Decimal);

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match Yen::from_integral_decimal(self.0) {
            Some(y) => write!(f, "{y}"),
            None => write!(f, "{} yen", self.0),
        }
    }
}

fn reason(rule: RecognitionRule, outcome: Outcome, detail: String, source: &str) -> Reason {
    Reason {
        rule,
        outcome,
        detail,
        source: source.to_owned(),
    }
}

fn met_or_failed(ok: bool) -> Outcome {
    if ok {
        Outcome::Met
    } else {
        Outcome::Failed
    }
}

/// Decides a recognition request on its recognition date.
pub fn decide(request: &RecognitionRequest) -> Result<RecognitionDecision, RecognitionError> {
    decide_with(request, Explain::Steps)
}

/// [`decide`], with the explanation's steps written only when `explain` asks for them (the
/// decision and its reasons are the same; a batch of recognitions asks for
/// [`Explain::RuleOnly`]).
pub fn decide_with(
    request: &RecognitionRequest,
    explain: Explain,
) -> Result<RecognitionDecision, RecognitionError> {
    let on = request.recognition_date;
    if request.birth_date > on {
        return Err(RecognitionError::BirthAfterRecognition);
    }
    let thresholds = thresholds_on(on).ok_or(RecognitionError::NoThresholds { date: on })?;
    let insured_income = non_negative(request.insured_annual_income, "insured annual income")?;
    let mut reasons = Vec::new();
    let mut explanation = Explanation::with("dependent_recognition", SOURCE_SCOPE, explain);

    // Relatives scope and cohabitation.
    let rel = request.relationship;
    reasons.push(reason(
        RecognitionRule::RelativeScope,
        Outcome::Met,
        format!("{} is within 第3条7項", rel.japanese()),
        SOURCE_SCOPE,
    ));
    let needs_cohabitation = rel.requires_cohabitation(on);
    reasons.push(if needs_cohabitation {
        reason(
            RecognitionRule::Cohabitation,
            met_or_failed(request.lives_with_insured),
            format!(
                "{} must live in the insured person's household: {}",
                rel.japanese(),
                if request.lives_with_insured {
                    "does"
                } else {
                    "does not"
                }
            ),
            "健康保険法 第3条7項2号–4号",
        )
    } else {
        let detail = if rel == Relationship::ElderSibling {
            "兄姉 need not live together from 2016-10-01".to_owned()
        } else {
            format!("{} need not live together", rel.japanese())
        };
        reason(
            RecognitionRule::Cohabitation,
            Outcome::NotApplicable,
            detail,
            "健康保険法 第3条7項1号",
        )
    });

    // 75+ exclusion.
    let late_elderly = age::is_late_elderly_on(request.birth_date, on);
    reasons.push(reason(
        RecognitionRule::LateElderlyExclusion,
        met_or_failed(!late_elderly && !request.late_elderly_certified),
        if late_elderly {
            "75 or over on the recognition date: covered by 後期高齢者医療".to_owned()
        } else if request.late_elderly_certified {
            "certified by the 広域連合: covered by 後期高齢者医療".to_owned()
        } else {
            "not covered by 後期高齢者医療".to_owned()
        },
        SOURCE_LATE_ELDERLY,
    ));

    // Domestic residence.
    reasons.push(residence_reason(request.residence, on));

    // Income basis.
    let wage_only = !request.incomes.is_empty()
        && request
            .incomes
            .iter()
            .all(|i| matches!(i, IncomeItem::LabourContract(_)));
    let contract_rule = wage_only && on >= LABOUR_CONTRACT_RULE_FROM;
    let mut annual = Decimal::ZERO;
    for item in &request.incomes {
        let field = "income";
        let amount = match item {
            IncomeItem::Annual(y) => non_negative(*y, field)?,
            IncomeItem::Monthly(y) => times(
                non_negative(*y, field)?,
                Decimal::from(MONTHS_PER_YEAR),
                field,
            )?,
            IncomeItem::Daily(y) => times(
                non_negative(*y, field)?,
                Decimal::from(DAYS_PER_YEAR),
                field,
            )?,
            IncomeItem::LabourContract(c) => c.annual(!contract_rule)?,
        };
        annual = plus(annual, amount, field)?;
    }
    reasons.push(reason(
        RecognitionRule::IncomeBasis,
        if contract_rule {
            Outcome::Met
        } else {
            Outcome::NotApplicable
        },
        if contract_rule {
            "wages only: annual income judged from the labour contract (pay outside the contract left out)"
                .to_owned()
        } else if wage_only {
            "recognition date before 2026-04-01: expected income including pay outside the contract"
                .to_owned()
        } else {
            "expected income of the coming 12 months (monthly × 12, daily × 360)".to_owned()
        },
        SOURCE_CONTRACT,
    ));
    explanation.step("annual income", Amount(annual));

    // Threshold.
    let age_now = age::age_reached_on(request.birth_date, on).unwrap_or(0);
    let age_dec31 = age::age_on_december_31(request.birth_date, on.year()).unwrap_or(0);
    let (threshold, why) = if age_now >= 60 || request.disabled {
        (
            thresholds.aged_60_or_disabled,
            if request.disabled {
                "disabled".to_owned()
            } else {
                format!("aged {age_now} (60 or over)")
            },
        )
    } else {
        match thresholds.aged_19_to_22 {
            Some(t) if (19..=22).contains(&age_dec31) && rel != Relationship::Spouse => (
                t,
                format!(
                    "aged {age_dec31} on 31 December {} (19–22, not the spouse)",
                    on.year()
                ),
            ),
            _ => (thresholds.general, "general".to_owned()),
        }
    };
    let below_threshold = annual < threshold.to_decimal();
    reasons.push(reason(
        RecognitionRule::IncomeThreshold,
        met_or_failed(below_threshold),
        format!(
            "{} {} the {why} threshold of {threshold}",
            amount(annual),
            if below_threshold {
                "is below"
            } else {
                "is not below"
            }
        ),
        thresholds.source,
    ));
    explanation.step("threshold", format_args!("{why}: below {threshold}"));

    // Half of the insured's income (living together) or below the remittance (apart).
    if request.lives_with_insured {
        let doubled = times(annual, Decimal::TWO, "income")?;
        let below_half = doubled < insured_income;
        let exception =
            !below_half && annual <= insured_income && request.insured_is_centre_of_living;
        reasons.push(reason(
            RecognitionRule::HalfOfInsuredIncome,
            met_or_failed(below_half || exception),
            if below_half {
                format!(
                    "{} is less than half of the insured's {}",
                    amount(annual),
                    amount(insured_income)
                )
            } else if exception {
                format!(
                    "{} is half or more of the insured's {} but not above it, and the insured is the centre of the household's living",
                    amount(annual),
                    amount(insured_income)
                )
            } else {
                format!(
                    "{} is not less than half of the insured's {}",
                    amount(annual),
                    amount(insured_income)
                )
            },
            "昭和52年 保発第9号・庁保発第9号 (同一世帯: 被保険者の年間収入の2分の1未満)",
        ));
        reasons.push(reason(
            RecognitionRule::BelowRemittance,
            Outcome::NotApplicable,
            "living together".to_owned(),
            "昭和52年 保発第9号・庁保発第9号",
        ));
    } else {
        reasons.push(reason(
            RecognitionRule::HalfOfInsuredIncome,
            Outcome::NotApplicable,
            "living apart".to_owned(),
            "昭和52年 保発第9号・庁保発第9号",
        ));
        let (ok, detail) = match request.annual_remittance {
            Some(r) => {
                let r = non_negative(r, "annual remittance")?;
                let ok = annual < r;
                (
                    ok,
                    format!(
                        "{} is {} the remittance of {}",
                        amount(annual),
                        if ok { "less than" } else { "not less than" },
                        amount(r)
                    ),
                )
            }
            None => (false, "living apart and no remittance given".to_owned()),
        };
        reasons.push(reason(
            RecognitionRule::BelowRemittance,
            met_or_failed(ok),
            detail,
            "昭和52年 保発第9号・庁保発第9号 (別居: 仕送り額未満)",
        ));
    }

    let recognized = reasons.iter().all(|r| r.outcome != Outcome::Failed);
    if explanation.has_steps() {
        explanation.step(
            "decision",
            if recognized {
                "recognised".to_owned()
            } else {
                let failed: Vec<String> = reasons
                    .iter()
                    .filter(|r| r.outcome == Outcome::Failed)
                    .map(|r| format!("{:?}", r.rule))
                    .collect();
                format!("not recognised: {}", failed.join(", "))
            },
        );
    }
    Ok(RecognitionDecision {
        recognized,
        recognition_date: on,
        annual_income: annual,
        threshold,
        reasons,
        explanation,
    })
}

fn residence_reason(residence: Residence, on: NaiveDate) -> Reason {
    if on < DOMESTIC_RESIDENCE_FROM {
        return reason(
            RecognitionRule::DomesticResidence,
            Outcome::NotApplicable,
            "no residence requirement before 2020-04-01".to_owned(),
            SOURCE_RESIDENCE,
        );
    }
    let (ok, detail) = match residence {
        Residence::Domestic => (true, "住民票 in Japan".to_owned()),
        Residence::DomesticExcluded(ExcludedStatus::MedicalStay) => (
            false,
            "in Japan on 特定活動 (medical stay or carer): excluded".to_owned(),
        ),
        Residence::DomesticExcluded(ExcludedStatus::LongStayTourism) => (
            false,
            "in Japan on 特定活動 (long-stay tourism): excluded".to_owned(),
        ),
        Residence::Abroad(AbroadReason::NoException) => {
            (false, "abroad without an exception".to_owned())
        }
        Residence::Abroad(why) => (true, format!("abroad, exception: {why:?}")),
    };
    reason(
        RecognitionRule::DomesticResidence,
        met_or_failed(ok),
        detail,
        SOURCE_RESIDENCE,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::date;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        date(y, m, day).unwrap()
    }

    fn spouse(income: i64, on: NaiveDate) -> RecognitionRequest {
        RecognitionRequest {
            recognition_date: on,
            relationship: Relationship::Spouse,
            birth_date: d(1985, 7, 1),
            disabled: false,
            late_elderly_certified: false,
            lives_with_insured: true,
            residence: Residence::Domestic,
            incomes: vec![IncomeItem::Annual(Yen::new(income))],
            insured_annual_income: Yen::new(6_000_000),
            insured_is_centre_of_living: false,
            annual_remittance: None,
        }
    }

    fn outcome(dec: &RecognitionDecision, rule: RecognitionRule) -> Outcome {
        dec.reasons
            .iter()
            .find(|r| r.rule == rule)
            .map(|r| r.outcome)
            .unwrap()
    }

    fn recognized(r: &RecognitionRequest) -> bool {
        decide(r).unwrap().recognized
    }

    /// Asked for the rule only, the decision and its reasons are the same; only the steps are
    /// left out.
    #[test]
    fn rule_only_decides_the_same_without_steps() {
        for income in [1_299_999, 1_300_000] {
            let request = spouse(income, d(2026, 4, 1));
            let full = decide(&request).unwrap();
            let quick = decide_with(&request, Explain::RuleOnly).unwrap();
            assert!(full.explanation.steps().len() >= 3);
            assert!(quick.explanation.steps().is_empty());
            assert_eq!(
                (
                    quick.recognized,
                    &quick.reasons,
                    quick.threshold,
                    quick.annual_income
                ),
                (
                    full.recognized,
                    &full.reasons,
                    full.threshold,
                    full.annual_income
                )
            );
        }
    }

    /// 130万円 (general): below passes; exactly and above fail.
    #[test]
    fn general_threshold_edges() {
        let on = d(2026, 4, 1);
        assert!(recognized(&spouse(1_299_999, on)));
        assert!(!recognized(&spouse(1_300_000, on)));
        assert!(!recognized(&spouse(1_300_001, on)));
        let dec = decide(&spouse(1_300_000, on)).unwrap();
        assert_eq!(
            outcome(&dec, RecognitionRule::IncomeThreshold),
            Outcome::Failed
        );
        assert_eq!(dec.failed().count(), 1);
    }

    /// 180万円 at 60 (age reached on the recognition date: the day before the 60th birthday).
    #[test]
    fn sixty_and_disabled_threshold() {
        let mut r = spouse(1_799_999, d(2026, 4, 1));
        r.relationship = Relationship::Parent;
        r.lives_with_insured = false;
        r.annual_remittance = Some(Yen::new(2_000_000));
        r.birth_date = d(1966, 4, 2); // reaches 60 on 2026-04-01
        assert!(recognized(&r));
        r.birth_date = d(1966, 4, 3); // reaches 60 on 2026-04-02
        assert!(!recognized(&r));
        r.disabled = true;
        assert!(recognized(&r));
        r.incomes = vec![IncomeItem::Annual(Yen::new(1_800_000))];
        assert!(!recognized(&r));
    }

    /// 150万円 at 19–22 (age on 31 December), from 2025-10-01, not for the spouse.
    #[test]
    fn nineteen_to_twenty_two_threshold() {
        let mut r = spouse(1_499_999, d(2025, 10, 1));
        r.relationship = Relationship::Child;
        r.birth_date = d(2006, 1, 1); // reaches 20 on 2025-12-31 by the legal rule
        assert!(recognized(&r));
        r.incomes = vec![IncomeItem::Annual(Yen::new(1_500_000))];
        assert!(!recognized(&r));
        // The day before the rule: 1.3M applies.
        r.incomes = vec![IncomeItem::Annual(Yen::new(1_499_999))];
        r.recognition_date = d(2025, 9, 30);
        assert!(!recognized(&r));
        r.incomes = vec![IncomeItem::Annual(Yen::new(1_299_999))];
        assert!(recognized(&r));
        // Spouse aged 20: still 1.3M.
        let mut s = spouse(1_499_999, d(2026, 4, 1));
        s.birth_date = d(2006, 1, 1);
        assert!(!recognized(&s));
        // Age edges on 31 December 2026: born 2004-01-01 is 23 on 2026-12-31 (legal rule);
        // born 2004-01-02 is 22.
        let mut c = r.clone();
        c.recognition_date = d(2026, 4, 1);
        c.incomes = vec![IncomeItem::Annual(Yen::new(1_499_999))];
        c.birth_date = d(2004, 1, 2);
        assert!(recognized(&c));
        c.birth_date = d(2004, 1, 1);
        assert!(!recognized(&c));
        // Lower edge: born 2008-01-01 reaches 19 on 2026-12-31; born 2008-01-02 is 18.
        c.birth_date = d(2008, 1, 1);
        assert!(recognized(&c));
        c.birth_date = d(2008, 1, 2);
        assert!(!recognized(&c));
    }

    /// 雇用保険 基本手当: 3,611 × 360 = 1,299,960 passes; 3,612 × 360 = 1,300,320 fails.
    #[test]
    fn daily_and_monthly_amounts() {
        let mut r = spouse(0, d(2026, 4, 1));
        r.incomes = vec![IncomeItem::Daily(Yen::new(3_611))];
        assert!(recognized(&r));
        r.incomes = vec![IncomeItem::Daily(Yen::new(3_612))];
        assert!(!recognized(&r));
        r.incomes = vec![IncomeItem::Monthly(Yen::new(108_333))];
        assert!(recognized(&r));
        r.incomes = vec![IncomeItem::Monthly(Yen::new(108_334))];
        assert!(!recognized(&r));
    }

    #[test]
    fn half_of_insured_income_and_exception() {
        let mut r = spouse(1_000_000, d(2026, 4, 1));
        r.insured_annual_income = Yen::new(2_000_001);
        assert!(recognized(&r));
        r.insured_annual_income = Yen::new(2_000_000);
        let dec = decide(&r).unwrap();
        assert!(!dec.recognized);
        assert_eq!(
            outcome(&dec, RecognitionRule::HalfOfInsuredIncome),
            Outcome::Failed
        );
        r.insured_is_centre_of_living = true;
        assert!(recognized(&r));
        // The exception needs the income not to exceed the insured's.
        r.insured_annual_income = Yen::new(999_999);
        assert!(!recognized(&r));
        r.insured_annual_income = Yen::new(1_000_000);
        assert!(recognized(&r));
    }

    #[test]
    fn remittance_when_living_apart() {
        let mut r = spouse(1_000_000, d(2026, 4, 1));
        r.lives_with_insured = false;
        assert!(!recognized(&r), "no remittance");
        r.annual_remittance = Some(Yen::new(1_000_000));
        assert!(!recognized(&r));
        r.annual_remittance = Some(Yen::new(1_000_001));
        let dec = decide(&r).unwrap();
        assert!(dec.recognized);
        assert_eq!(
            outcome(&dec, RecognitionRule::HalfOfInsuredIncome),
            Outcome::NotApplicable
        );
    }

    /// 兄姉 before and after 2016-10-01; other relatives must always live together.
    #[test]
    fn cohabitation_rules() {
        let mut r = spouse(1_000_000, d(2016, 9, 30));
        r.relationship = Relationship::ElderSibling;
        r.lives_with_insured = false;
        r.annual_remittance = Some(Yen::new(1_200_000));
        assert!(!recognized(&r));
        r.recognition_date = d(2016, 10, 1);
        assert!(recognized(&r));
        r.relationship = Relationship::OtherRelativeWithinThirdDegree;
        let dec = decide(&r).unwrap();
        assert_eq!(
            outcome(&dec, RecognitionRule::Cohabitation),
            Outcome::Failed
        );
    }

    /// Domestic residence from 2020-04-01, exceptions and excluded statuses.
    #[test]
    fn residence_rules() {
        let mut r = spouse(1_000_000, d(2020, 3, 31));
        r.residence = Residence::Abroad(AbroadReason::NoException);
        assert!(recognized(&r));
        r.recognition_date = d(2020, 4, 1);
        assert!(!recognized(&r));
        for why in [
            AbroadReason::StudyingAbroad,
            AbroadReason::AccompanyingPostedInsured,
            AbroadReason::TemporaryNonWork,
            AbroadReason::RelationArisenDuringPosting,
            AbroadReason::LifeBaseInJapan,
        ] {
            r.residence = Residence::Abroad(why);
            assert!(recognized(&r), "{why:?}");
        }
        for status in [ExcludedStatus::MedicalStay, ExcludedStatus::LongStayTourism] {
            r.residence = Residence::DomesticExcluded(status);
            assert!(!recognized(&r), "{status:?}");
        }
    }

    /// 75th birthday: recognition the day before passes, on the birthday fails.
    #[test]
    fn late_elderly_exclusion() {
        let mut r = spouse(1_000_000, d(2026, 5, 31));
        r.relationship = Relationship::Parent;
        r.birth_date = d(1951, 6, 1);
        assert!(recognized(&r));
        r.recognition_date = d(2026, 6, 1);
        assert!(!recognized(&r));
        r.recognition_date = d(2026, 5, 31);
        r.late_elderly_certified = true;
        assert!(!recognized(&r));
    }

    /// From 2026-04-01 wage-only income is judged from the contract: overtime left out.
    #[test]
    fn labour_contract_rule_switches_on_2026_04_01() {
        let contract = LabourContract {
            pay: ContractPay::Hourly {
                wage: Yen::new(1_250),
                hours_per_week: Decimal::from(20),
            },
            monthly_allowances: Yen::ZERO,
            annual_bonus: Yen::ZERO,
            pay_outside_contract: Yen::new(100_000),
        };
        // 1,250 × 20 × 52 = 1,300,000 → exactly the threshold: fails.
        let mut r = spouse(0, d(2026, 4, 1));
        r.incomes = vec![IncomeItem::LabourContract(contract)];
        assert!(!recognized(&r));
        let c = LabourContract {
            pay: ContractPay::Hourly {
                wage: Yen::new(1_200),
                hours_per_week: Decimal::from(20),
            },
            ..contract
        };
        // 1,248,000 from 2026-04-01 (overtime 100,000 left out) …
        r.incomes = vec![IncomeItem::LabourContract(c)];
        let dec = decide(&r).unwrap();
        assert!(dec.recognized);
        assert_eq!(dec.annual_income, Decimal::from(1_248_000));
        assert_eq!(outcome(&dec, RecognitionRule::IncomeBasis), Outcome::Met);
        // … but 1,348,000 the day before (overtime counted).
        r.recognition_date = d(2026, 3, 31);
        let dec = decide(&r).unwrap();
        assert!(!dec.recognized);
        assert_eq!(dec.annual_income, Decimal::from(1_348_000));
        // Not wage-only (a pension besides): overtime counted even after the switch.
        r.recognition_date = d(2026, 4, 1);
        r.incomes = vec![
            IncomeItem::LabourContract(c),
            IncomeItem::Annual(Yen::new(1)),
        ];
        assert_eq!(decide(&r).unwrap().annual_income, Decimal::from(1_348_001));
        // Monthly and daily contracts, allowances and bonus.
        let monthly = LabourContract {
            pay: ContractPay::Monthly {
                wage: Yen::new(100_000),
            },
            monthly_allowances: Yen::new(5_000),
            annual_bonus: Yen::new(30_000),
            pay_outside_contract: Yen::ZERO,
        };
        assert_eq!(monthly.annual(false).unwrap(), Decimal::from(1_290_000));
        let daily = LabourContract {
            pay: ContractPay::Daily {
                wage: Yen::new(8_000),
                days_per_week: Decimal::from(3),
            },
            ..monthly
        };
        assert_eq!(daily.annual(false).unwrap(), Decimal::from(1_338_000));
    }

    #[test]
    fn errors_and_data() {
        let mut r = spouse(-1, d(2026, 4, 1));
        assert_eq!(
            decide(&r),
            Err(RecognitionError::Negative { field: "income" })
        );
        r.incomes = vec![IncomeItem::Annual(Yen::new(1))];
        r.recognition_date = d(1993, 3, 31);
        assert!(matches!(
            decide(&r),
            Err(RecognitionError::NoThresholds { .. })
        ));
        r.recognition_date = d(1980, 1, 1);
        assert_eq!(decide(&r), Err(RecognitionError::BirthAfterRecognition));
        r.recognition_date = d(2026, 4, 1);
        r.incomes = vec![IncomeItem::LabourContract(LabourContract {
            pay: ContractPay::Hourly {
                wage: Yen::new(i64::MAX),
                hours_per_week: Decimal::MAX,
            },
            monthly_allowances: Yen::ZERO,
            annual_bonus: Yen::ZERO,
            pay_outside_contract: Yen::ZERO,
        })];
        assert!(matches!(decide(&r), Err(RecognitionError::Overflow { .. })));
        assert_eq!(thresholds_on(d(2025, 9, 30)).unwrap().aged_19_to_22, None);
        assert_eq!(
            thresholds_on(d(2025, 10, 1)).unwrap().aged_19_to_22,
            Some(Yen::new(1_500_000))
        );
        let debug = format!("{:?}", spouse(1, d(2026, 4, 1)));
        assert!(!debug.contains("1985"));
    }
}
