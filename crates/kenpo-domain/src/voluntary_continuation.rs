//! 任意継続被保険者 (voluntarily continued insured person): someone who leaves employment and
//! stays insured by the society for up to two years, paying the whole premium (健康保険法 第3条4項,
//! 第37条, 第38条, 第47条, 第157条, 第161条1項ただし書, 第164条1項, 第165条; 施行令 第49条).
//!
//! | rule | statute | item |
//! | --- | --- | --- |
//! | who may become one: ≥ 2 months insured before the loss, application within 20 days | 法3条4項, 37条 | [`decide_application`] |
//! | the loss of the status (two years, death, non-payment, new insurance, 75, withdrawal) | 法37条2項, 38条 | [`decide_loss`] |
//! | the 標準報酬月額: the lesser of the standard at loss and the society's figure | 法47条 | [`standard_monthly`], [`VoluntaryStandardRule`] |
//! | the premium, paid wholly by the member, 支援金 included | 法157条, 161条1項ただし書 | [`monthly_premium`] (through [`crate::premium::monthly_premium_paid_alone`]) |
//! | the due date (the 10th of the month) | 法164条1項 | [`premium_due_date`] |
//! | 前納 (prepayment) discounted at 4 % a year | 法165条, 令49条 | [`prepayment`] |
//!
//! ```
//! use kenpo_domain::calendar::{date, YearMonth};
//! use kenpo_domain::premium::{PaymentMethod, PremiumSubject};
//! use kenpo_domain::society::SocietyConfig;
//! use kenpo_domain::standard_remuneration::Grade;
//! use kenpo_domain::voluntary_continuation::{monthly_premium, VoluntaryMembership};
//! use kenpo_domain::explanation::Explain;
//! use kenpo_domain::Yen;
//!
//! let config = SocietyConfig::from_toml_str(r#"
//!     name = "見本健康保険組合"
//!     [[rates]]
//!     effective_from = "2026-03"
//!     value = { general = "92‰", adjustment = "1.3‰", care = "18‰" }
//!     [[voluntary_continuation]]
//!     effective_from = "2026-04"
//!     value = { ceiling = 380000, average = 381234 }
//! "#).unwrap();
//! // Left on 2026-03-31 with a 標準報酬月額 of 500,000; 任意継続 from 2026-04-01, aged 45.
//! let member = VoluntaryMembership {
//!     acquired_on: date(2026, 4, 1).unwrap(),
//!     standard_at_loss: Grade::from_standard_monthly(Yen::new(500_000)).unwrap(),
//! };
//! let person = PremiumSubject::new(date(1981, 5, 10).unwrap(), PaymentMethod::Cash);
//! let p = monthly_premium(&config, &member, YearMonth::new(2026, 4).unwrap(), &person, Explain::Steps)
//!     .unwrap();
//! // The lesser of 500,000 and the society's 380,000; 380,000 × (92 + 1.3 + 18 + 2.3)‰ = 43,168.
//! assert_eq!(p.standard.grade.standard_monthly, Yen::new(380_000));
//! assert_eq!(p.premium.employee, Yen::new(43_168));
//! ```
//!
//! ## Readings and doubts
//!
//! - **The 20 days** of 法37条1項 count the loss date as day 1 (the status is lost at the start of
//!   that day, so 民法 第140条ただし書 includes it): loss on 2026-04-01 → the 20th day is
//!   2026-04-20. A last day on which the insurer is closed moves to its next open day (民法
//!   第142条, and 協会けんぽ's practice); this module knows no holiday calendar, so the insurer
//!   states such a case, like any other 正当な理由 (法37条1項ただし書), as
//!   [`VoluntaryApplication::delay_accepted`]. An application received before the loss date is
//!   taken as made in time.
//! - **Two months insured** (法3条4項) is read as a period of two months by 民法 第143条 ending no
//!   later than the day before the loss date: insured from 2026-02-01, a loss on 2026-04-01
//!   qualifies and a loss on 2026-03-31 does not. The caller gives the start of the continuous
//!   period with periods as 日雇特例被保険者, 任意継続被保険者 or 共済組合員 left out.
//! - **Which month's rates**: a premium month uses the society's rates of that premium month.
//!   協会けんぽ applies a rate change of March 分 (paid in April) to 任意継続 only from April 分
//!   (paid in April); a society that does the same writes its 任意継続 timing into its rate
//!   entries. Not modelled as an option.
//! - **The society's figure** (法47条1項2号) applies from April to March: the average of the
//!   previous year's 30 September (for January–March, of the year before). The configuration
//!   holds the resulting 標準報酬月額 per premium month, so a society writes one entry per April.
//! - **法47条2項** (from 2022-01-01): for members whose standard at loss is above the society's
//!   figure, the 規約 may use the standard at loss, or a figure between the two, for the members
//!   it names; the configuration names them by the date they became 任意継続
//!   ([`AboveCeiling::acquired_from`]), the form published by societies that adopted it.
//! - **前納**: the prepaid months are the exact monthly premiums (before any rounding), each
//!   discounted at 4 % a year compound (1.04 to the power k/12 for the k-th month, the first
//!   month counting as one month), and the discounted sum rounded by the 50-銭 rule (令49条). This
//!   reproduces all twelve columns of a published 協会けんぽ table (see `docs/SOURCES.md`).
//!
//! Sources: `docs/SOURCES.md`, section 任意継続被保険者.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::age;
use crate::calendar::{last_day_of_period, YearMonth};
use crate::explanation::{Explain, Explanation};
use crate::money::Yen;
use crate::premium::{self, Coverage, PremiumBreakdown, PremiumError, PremiumSubject};
use crate::rounding;
use crate::society::{dated_at, validate_dated, ConfigError, ConfigProblem, Dated, SocietyConfig};
use crate::standard_remuneration::{grade_for_monthly_remuneration, Grade};

/// The months a person must have been insured, continuously, up to the day before the loss
/// (「喪失の日の前日まで継続して二月以上」, 健康保険法 第3条4項).
pub const MINIMUM_INSURED_MONTHS: u32 = 2;
/// The days from the loss date within which the application must reach the insurer
/// (「資格を喪失した日から二十日以内」, 法37条1項).
pub const APPLICATION_DAYS: u64 = 20;
/// The longest period as 任意継続被保険者: two years (「二年を経過したとき」, 法38条1号).
pub const MAXIMUM_MONTHS: u32 = 24;
/// The day of the month by which the month's premium is due (「その月の十日まで」, 法164条1項).
pub const PREMIUM_DUE_DAY: u32 = 10;
/// The yearly interest rate of the 前納 discount, in percent (「年四分の利率による複利現価法」,
/// 施行令 第49条).
pub const PREPAYMENT_INTEREST_PERCENT: Decimal = Decimal::from_parts(4, 0, 0, false, 0);
/// The most months one 前納 may cover here (the periods societies offer: up to April–March).
pub const PREPAYMENT_MAX_MONTHS: usize = 12;

const fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => NaiveDate::MIN,
    }
}

/// The first day on which a withdrawal at the member's request is possible (法38条7号, added by
/// 令和3年法律第66号 from 2022-01-01), and from which a society's 規約 may apply 法47条2項.
pub const AMENDMENT_2022: NaiveDate = day(2022, 1, 1);

/// Why a 任意継続 question could not be answered. Names the field; never holds personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VoluntaryError {
    /// Dates that do not fit together.
    #[error("{field}: {problem}")]
    InvalidDates {
        /// The input field.
        field: &'static str,
        /// What is wrong.
        problem: &'static str,
    },
    /// The society configured no 任意継続 標準報酬月額 rule for the month (法47条1項2号).
    #[error("the society configuration has no voluntary_continuation entry for {month}")]
    NoSocietyFigure {
        /// The premium month.
        month: YearMonth,
    },
    /// A withdrawal at the member's request received before 2022-01-01 (法38条7号 did not exist).
    #[error("a withdrawal received on {received_on} is before 2022-01-01 (健康保険法 第38条7号)")]
    WithdrawalBeforeAmendment {
        /// The day it was received.
        received_on: NaiveDate,
    },
    /// The premium could not be computed.
    #[error(transparent)]
    Premium(#[from] PremiumError),
    /// A 前納 of no month, more than 12 months, or months that do not follow each other.
    #[error("prepayment: {problem}")]
    InvalidPrepayment {
        /// What is wrong.
        problem: &'static str,
    },
    /// A date beyond the supported range.
    #[error("date {date} is out of the supported range")]
    DateOutOfRange {
        /// The date.
        date: NaiveDate,
    },
}

// ---------------------------------------------------------------------------------------------
// Configuration: the society's figure (法47条)
// ---------------------------------------------------------------------------------------------

/// The society's rule for the 任意継続 標準報酬月額 over a period (法47条), one entry of
/// [`SocietyConfig::voluntary_continuation`] (in TOML `[[voluntary_continuation]]` with
/// `effective_from` and `value = { ceiling = …, average = …, above_ceiling = { … } }`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoluntaryStandardRule {
    /// The society's figure (法47条1項2号): the 標準報酬月額 obtained by putting the average
    /// 標準報酬月額 of all its insured persons on 30 September of the previous year through the
    /// grade table — or the lower figure its 規約 sets within that average. Must be a 標準報酬月額
    /// of the grade table.
    pub ceiling: Yen,
    /// The average itself (全被保険者の平均標準報酬月額), when the society publishes it; checked:
    /// the ceiling may not exceed the grade of the average.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average: Option<Yen>,
    /// 法47条2項 (from 2022-01-01): the 規約's rule for members whose standard at loss is above
    /// the ceiling; `None` caps everyone at the ceiling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub above_ceiling: Option<AboveCeiling>,
}

/// A 規約 rule under 法47条2項: members whose 標準報酬月額 at loss is above the society's
/// figure keep it, or keep it up to a figure set between the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AboveCeiling {
    /// The members it applies to (「健康保険組合が規約で定めるもの」): those who became 任意継続
    /// on or after this date; `None` for all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acquired_from: Option<NaiveDate>,
    /// The 規約's figure above the ceiling (「…を超え…未満の範囲内においてその規約で定めた額」);
    /// `None` keeps the standard at loss itself. Must be a 標準報酬月額 of the grade table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up_to: Option<Yen>,
}

fn invalid(key: String, problem: ConfigProblem) -> ConfigError {
    ConfigError::Invalid { key, problem }
}

/// Checks the society's 任意継続 entries (called by [`SocietyConfig::validate`]).
pub(crate) fn validate_rules(entries: &[Dated<VoluntaryStandardRule>]) -> Result<(), ConfigError> {
    const KEY: &str = "voluntary_continuation";
    validate_dated(KEY, entries)?;
    for (i, e) in entries.iter().enumerate() {
        let rule = &e.value;
        if Grade::from_standard_monthly(rule.ceiling).is_err() {
            return Err(invalid(
                format!("{KEY}[{i}].value.ceiling"),
                ConfigProblem::NotAStandardAmount {
                    amount: rule.ceiling,
                },
            ));
        }
        if let Some(average) = rule.average {
            if average.is_negative() {
                return Err(invalid(
                    format!("{KEY}[{i}].value.average"),
                    ConfigProblem::Negative,
                ));
            }
            let of_average = grade_for_monthly_remuneration(average).standard_monthly;
            if rule.ceiling > of_average {
                return Err(invalid(
                    format!("{KEY}[{i}].value.ceiling"),
                    ConfigProblem::AboveLimit {
                        limit: of_average,
                        rule: "健康保険法 第47条1項2号: at most the grade of the average",
                    },
                ));
            }
        }
        if let Some(above) = rule.above_ceiling {
            if e.effective_from < YearMonth::of(AMENDMENT_2022) {
                return Err(invalid(
                    format!("{KEY}[{i}].value.above_ceiling"),
                    ConfigProblem::BeforeLaw {
                        law_from: YearMonth::of(AMENDMENT_2022),
                        rule: "健康保険法 第47条2項",
                    },
                ));
            }
            if let Some(up_to) = above.up_to {
                if Grade::from_standard_monthly(up_to).is_err() {
                    return Err(invalid(
                        format!("{KEY}[{i}].value.above_ceiling.up_to"),
                        ConfigProblem::NotAStandardAmount { amount: up_to },
                    ));
                }
                if up_to <= rule.ceiling {
                    return Err(invalid(
                        format!("{KEY}[{i}].value.above_ceiling.up_to"),
                        ConfigProblem::BelowLimit {
                            limit: rule.ceiling,
                            rule: "健康保険法 第47条2項: above the society's figure",
                        },
                    ));
                }
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Who may become one (法3条4項, 37条)
// ---------------------------------------------------------------------------------------------

/// Why a person cannot be a 任意継続被保険者 although eligible otherwise (法3条4項ただし書).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Exclusion {
    /// A 船員保険 insured person.
    SeamensInsurance,
    /// A 後期高齢者医療 insured person (aged 75, or 65 with a disability recognition).
    LateElderlyMedical,
}

/// An application to become a 任意継続被保険者 (資格取得申出).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoluntaryApplication {
    /// 資格喪失日 of the ordinary status (the day after leaving), by leaving employment or by
    /// falling under 法3条1項ただし書.
    pub loss_date: NaiveDate,
    /// The first day of the continuous insured period that ended on the day before the loss
    /// (periods as 日雇特例被保険者, 任意継続被保険者 or 共済組合員 not counted).
    pub insured_since: NaiveDate,
    /// The day the insurer received the application.
    pub received_on: NaiveDate,
    /// The insurer accepts a late application for a 正当な理由 (法37条1項ただし書), including a
    /// 20th day on which it was closed (民法 第142条).
    #[serde(default)]
    pub delay_accepted: bool,
    /// An exclusion of 法3条4項ただし書, if any.
    #[serde(default)]
    pub excluded: Option<Exclusion>,
}

/// Why an application is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NotEligible {
    /// Insured for less than 2 continuous months before the loss (法3条4項).
    InsuredUnderTwoMonths,
    /// Received after the 20th day, with no reason accepted (法37条1項).
    LateApplication,
    /// Excluded (法3条4項ただし書).
    Excluded(Exclusion),
}

/// The outcome of an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
#[non_exhaustive]
pub enum ApplicationOutcome {
    /// Becomes a 任意継続被保険者 on the loss date (provided the first premium is paid by its
    /// due date, 法37条2項).
    Eligible {
        /// 資格取得日 as 任意継続被保険者 (the loss date of the ordinary status).
        acquired_on: NaiveDate,
        /// The loss date at the end of the two years (法38条1号), unless an earlier cause.
        two_years_end: NaiveDate,
    },
    /// Refused.
    NotEligible {
        /// Why.
        reason: NotEligible,
    },
}

/// A decided application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDecision {
    /// The outcome.
    pub outcome: ApplicationOutcome,
    /// The 20th day from the loss date (法37条1項).
    pub deadline: NaiveDate,
    /// The day on which 2 months of insurance were complete (the loss must be after it).
    pub two_months_complete_on: NaiveDate,
    /// The inputs and each step.
    pub explanation: Explanation,
}

fn out_of_range(date: NaiveDate) -> VoluntaryError {
    VoluntaryError::DateOutOfRange { date }
}

/// The loss date at the end of two years from `acquired_on` (法38条1号: the day after two years
/// have passed, counted from the acquisition day, by 民法 第143条).
pub fn two_years_end(acquired_on: NaiveDate) -> Result<NaiveDate, VoluntaryError> {
    last_day_of_period(acquired_on, MAXIMUM_MONTHS)
        .and_then(|d| d.succ_opt())
        .ok_or(out_of_range(acquired_on))
}

/// Decides an application to become a 任意継続被保険者 (健康保険法 第3条4項, 第37条1項).
pub fn decide_application(
    application: &VoluntaryApplication,
    explain: Explain,
) -> Result<ApplicationDecision, VoluntaryError> {
    let a = application;
    if a.insured_since >= a.loss_date {
        return Err(VoluntaryError::InvalidDates {
            field: "insured_since",
            problem: "is not before loss_date",
        });
    }
    let mut e = Explanation::with(
        "voluntary_continuation.application",
        "健康保険法 第3条4項, 第37条1項",
        explain,
    );
    let two_months = last_day_of_period(a.insured_since, MINIMUM_INSURED_MONTHS)
        .ok_or(out_of_range(a.insured_since))?;
    let deadline = a
        .loss_date
        .checked_add_days(chrono::Days::new(APPLICATION_DAYS - 1))
        .ok_or(out_of_range(a.loss_date))?;
    let last_insured = a.loss_date.pred_opt().ok_or(out_of_range(a.loss_date))?;
    e.step(
        "insured period (第3条4項)",
        format_args!(
            "from {} to {last_insured}; 2 months complete on {two_months}",
            a.insured_since
        ),
    );
    let refuse = |reason, mut e: Explanation, why: &str| {
        e.step("not eligible", why);
        Ok(ApplicationDecision {
            outcome: ApplicationOutcome::NotEligible { reason },
            deadline,
            two_months_complete_on: two_months,
            explanation: e,
        })
    };
    if let Some(x) = a.excluded {
        return refuse(
            NotEligible::Excluded(x),
            e,
            match x {
                Exclusion::SeamensInsurance => "a 船員保険 insured person (第3条4項ただし書)",
                Exclusion::LateElderlyMedical => {
                    "a 後期高齢者医療 insured person (第3条4項ただし書)"
                }
            },
        );
    }
    if two_months > last_insured {
        return refuse(
            NotEligible::InsuredUnderTwoMonths,
            e,
            "insured for less than 2 continuous months before the loss",
        );
    }
    e.step(
        "application (第37条1項)",
        format_args!(
            "received {}; the 20th day from the loss date {} is {deadline}",
            a.received_on, a.loss_date
        ),
    );
    if a.received_on > deadline {
        if a.delay_accepted {
            e.step(
                "late application",
                "accepted by the insurer for a 正当な理由 (第37条1項ただし書)",
            );
        } else {
            return refuse(
                NotEligible::LateApplication,
                e,
                "received after the 20th day, no reason accepted",
            );
        }
    }
    let end = two_years_end(a.loss_date)?;
    e.step(
        "period (第38条1号)",
        format_args!(
            "任意継続 from {} for at most two years: lost on {end} at the latest",
            a.loss_date
        ),
    );
    Ok(ApplicationDecision {
        outcome: ApplicationOutcome::Eligible {
            acquired_on: a.loss_date,
            two_years_end: end,
        },
        deadline,
        two_months_complete_on: two_months,
        explanation: e,
    })
}

// ---------------------------------------------------------------------------------------------
// The loss of the status (法37条2項, 38条)
// ---------------------------------------------------------------------------------------------

/// Something that ends the status before or at the two years (法38条 各号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "event")]
#[non_exhaustive]
pub enum VoluntaryEvent {
    /// Died (2号): lost the day after.
    Death {
        /// The date of death.
        date: NaiveDate,
    },
    /// The premium of `month` was not paid by its due date, the 10th (3号; 法164条1項): lost the
    /// day after the due date. For the first month, the person is deemed never to have become a
    /// 任意継続被保険者 (法37条2項).
    NonPayment {
        /// The premium month left unpaid.
        month: YearMonth,
    },
    /// Became an ordinary insured person or a 船員保険 insured person (4号, 5号): lost that day.
    BecameInsured {
        /// The day.
        date: NaiveDate,
    },
    /// Became a 後期高齢者医療 insured person (6号): lost that day. The 75th birthday is applied
    /// without this event by [`decide_loss`].
    LateElderly {
        /// The day.
        date: NaiveDate,
    },
    /// Asked to stop (7号, from 2022-01-01): lost on the first day of the month after the request
    /// was received.
    Withdrawal {
        /// The day the insurer received the request.
        received_on: NaiveDate,
    },
}

/// Why the status ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum VoluntaryLossReason {
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
    /// Withdrawal at the member's request (7号).
    Withdrawal,
}

/// The end of a 任意継続 status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LossDecision {
    /// Why (the earliest cause).
    pub reason: VoluntaryLossReason,
    /// 資格喪失日 (the first day no longer insured); for [`VoluntaryLossReason::FirstPremiumUnpaid`],
    /// the acquisition date (never insured).
    pub loss_date: NaiveDate,
    /// The last premium month charged (法156条3項 by 法157条2項, as [`premium::month_charge`]
    /// decides it); `None` when never insured.
    pub last_premium_month: Option<YearMonth>,
    /// The inputs and each step.
    pub explanation: Explanation,
}

/// The due date of the premium of `month` (法164条1項: the 10th of the month itself). The first
/// premium is due on the day the insurer sets (same paragraph), not modelled here.
pub fn premium_due_date(month: YearMonth) -> NaiveDate {
    month
        .first_day()
        .with_day(PREMIUM_DUE_DAY)
        .unwrap_or_else(|| month.first_day())
}

fn event_loss(
    acquired_on: NaiveDate,
    event: VoluntaryEvent,
) -> Result<(VoluntaryLossReason, NaiveDate), VoluntaryError> {
    let after = |date: NaiveDate| date.succ_opt().ok_or(out_of_range(date));
    Ok(match event {
        VoluntaryEvent::Death { date } => (VoluntaryLossReason::Death, after(date)?),
        VoluntaryEvent::NonPayment { month } => {
            if month < YearMonth::of(acquired_on) {
                return Err(VoluntaryError::InvalidDates {
                    field: "events.non_payment.month",
                    problem: "is before the acquisition month",
                });
            }
            if month == YearMonth::of(acquired_on) {
                (VoluntaryLossReason::FirstPremiumUnpaid, acquired_on)
            } else {
                (
                    VoluntaryLossReason::NonPayment,
                    after(premium_due_date(month))?,
                )
            }
        }
        VoluntaryEvent::BecameInsured { date } => (VoluntaryLossReason::BecameInsured, date),
        VoluntaryEvent::LateElderly { date } => (VoluntaryLossReason::LateElderly, date),
        VoluntaryEvent::Withdrawal { received_on } => {
            if received_on < AMENDMENT_2022 {
                return Err(VoluntaryError::WithdrawalBeforeAmendment { received_on });
            }
            (
                VoluntaryLossReason::Withdrawal,
                YearMonth::of(received_on).next().first_day(),
            )
        }
    })
}

/// When and why a 任意継続 status that began on `acquired_on` ends (健康保険法 第37条2項,
/// 第38条): the earliest of the two years, the 75th birthday of a person born on `birth_date`,
/// and the `events`; with the last premium month.
pub fn decide_loss(
    acquired_on: NaiveDate,
    birth_date: NaiveDate,
    events: &[VoluntaryEvent],
    explain: Explain,
) -> Result<LossDecision, VoluntaryError> {
    let mut e = Explanation::with(
        "voluntary_continuation.loss",
        "健康保険法 第37条2項, 第38条, 第156条3項, 第157条",
        explain,
    );
    let mut candidates = vec![(VoluntaryLossReason::TwoYears, two_years_end(acquired_on)?)];
    if let Some(at_75) = age::late_elderly_transition_date(birth_date) {
        candidates.push((VoluntaryLossReason::LateElderly, at_75));
    }
    for event in events {
        let (reason, date) = event_loss(acquired_on, *event)?;
        if date < acquired_on {
            return Err(VoluntaryError::InvalidDates {
                field: "events",
                problem: "an event ends the status before it began",
            });
        }
        candidates.push((reason, date));
    }
    for (reason, date) in &candidates {
        e.step(format_args!("{reason}"), format_args!("lost on {date}"));
    }
    // The earliest; on the same day the never-insured reading wins, then the order above.
    let (reason, loss_date) = candidates
        .iter()
        .copied()
        .min_by_key(|(r, d)| (*d, *r != VoluntaryLossReason::FirstPremiumUnpaid))
        .unwrap_or((VoluntaryLossReason::TwoYears, acquired_on));
    let last_premium_month = if reason == VoluntaryLossReason::FirstPremiumUnpaid {
        e.step("first premium unpaid", "deemed never insured (第37条2項)");
        None
    } else {
        last_charged_month(acquired_on, loss_date, birth_date)?
    };
    e.step(
        "loss",
        format_args!(
            "{reason}: lost on {loss_date}; last premium month {}",
            last_premium_month.map_or_else(|| "none".to_owned(), |m| m.to_string())
        ),
    );
    Ok(LossDecision {
        reason,
        loss_date,
        last_premium_month,
        explanation: e,
    })
}

/// The last month [`premium::month_charge`] charges for a status from `acquired_on` to
/// `loss_date` (the loss month itself when both fall in one month, else the month before).
fn last_charged_month(
    acquired_on: NaiveDate,
    loss_date: NaiveDate,
    birth_date: NaiveDate,
) -> Result<Option<YearMonth>, VoluntaryError> {
    if loss_date <= acquired_on {
        return Ok(None);
    }
    let coverage = Coverage {
        acquired_on,
        lost_on: Some(loss_date),
    };
    let loss_month = YearMonth::of(loss_date);
    for month in [loss_month, loss_month.prev()] {
        if month < YearMonth::of(acquired_on) {
            break;
        }
        let charge =
            premium::month_charge_with(&coverage, birth_date, &[], month, Explain::RuleOnly)?;
        if charge.charge == premium::Charge::Charged {
            return Ok(Some(month));
        }
    }
    Ok(None)
}

// ---------------------------------------------------------------------------------------------
// The 標準報酬月額 (法47条) and the premium
// ---------------------------------------------------------------------------------------------

/// What the 標準報酬月額 of a 任意継続被保険者 depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoluntaryMembership {
    /// 資格取得日 as 任意継続被保険者.
    pub acquired_on: NaiveDate,
    /// The 標準報酬月額 when the ordinary status was lost (法47条1項1号).
    pub standard_at_loss: Grade,
}

/// Which figure gave the 標準報酬月額.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum StandardBasis {
    /// The standard at loss, the lesser figure (法47条1項1号).
    AtLoss,
    /// The society's figure, the lesser one (法47条1項2号).
    SocietyFigure,
    /// The standard at loss kept above the society's figure by the 規約 (法47条2項).
    AtLossByRules,
    /// The 規約's figure between the society's figure and the standard at loss (法47条2項).
    RulesFigure,
}

/// The 標準報酬月額 of a 任意継続被保険者 for one premium month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoluntaryStandard {
    /// The premium month.
    pub month: YearMonth,
    /// The grade used.
    pub grade: Grade,
    /// Which figure.
    pub basis: StandardBasis,
    /// The society's figure in force (法47条1項2号).
    pub ceiling: Yen,
    /// The month the society's rule applies from.
    pub rule_from: YearMonth,
    /// The steps.
    pub explanation: Explanation,
}

/// The 標準報酬月額 of a 任意継続被保険者 in premium `month` (健康保険法 第47条): the lesser of
/// the standard at loss and the society's figure in force for the month, unless the society's
/// 規約 keeps a higher one under 第47条2項.
pub fn standard_monthly(
    config: &SocietyConfig,
    member: &VoluntaryMembership,
    month: YearMonth,
    explain: Explain,
) -> Result<VoluntaryStandard, VoluntaryError> {
    let entry = dated_at(&config.voluntary_continuation, month)
        .ok_or(VoluntaryError::NoSocietyFigure { month })?;
    let rule = entry.value;
    let at_loss = member.standard_at_loss;
    let mut e = Explanation::with(
        format!("voluntary_continuation.standard@{}", entry.effective_from),
        "健康保険法 第47条",
        explain,
    );
    e.step("standard at loss (第47条1項1号)", format_args!("{at_loss}"));
    match rule.average {
        Some(avg) => e.step(
            "society's figure (第47条1項2号)",
            format_args!(
                "{} (average {avg}, from {})",
                rule.ceiling, entry.effective_from
            ),
        ),
        None => e.step(
            "society's figure (第47条1項2号)",
            format_args!("{} (from {})", rule.ceiling, entry.effective_from),
        ),
    };
    let society = Grade::from_standard_monthly(rule.ceiling)
        .map_err(|_| VoluntaryError::NoSocietyFigure { month })?;
    let (grade, basis) = if at_loss.standard_monthly <= rule.ceiling {
        (at_loss, StandardBasis::AtLoss)
    } else {
        let applies = rule.above_ceiling.filter(|a| {
            a.acquired_from
                .is_none_or(|from| member.acquired_on >= from)
        });
        match applies {
            None => (society, StandardBasis::SocietyFigure),
            Some(AboveCeiling { up_to: None, .. }) => (at_loss, StandardBasis::AtLossByRules),
            Some(AboveCeiling {
                up_to: Some(up_to), ..
            }) => {
                if at_loss.standard_monthly <= up_to {
                    (at_loss, StandardBasis::AtLossByRules)
                } else {
                    let g = Grade::from_standard_monthly(up_to)
                        .map_err(|_| VoluntaryError::NoSocietyFigure { month })?;
                    (g, StandardBasis::RulesFigure)
                }
            }
        }
    };
    e.step(
        "標準報酬月額",
        format_args!(
            "{grade} ({})",
            match basis {
                StandardBasis::AtLoss => "the standard at loss is the lesser",
                StandardBasis::SocietyFigure => "the society's figure is the lesser",
                StandardBasis::AtLossByRules =>
                    "the standard at loss, kept by the 規約 (第47条2項)",
                StandardBasis::RulesFigure => "the 規約's figure (第47条2項)",
            }
        ),
    );
    Ok(VoluntaryStandard {
        month,
        grade,
        basis,
        ceiling: rule.ceiling,
        rule_from: entry.effective_from,
        explanation: e,
    })
}

/// The monthly premium of a 任意継続被保険者: the 標準報酬月額 of [`standard_monthly`] and the
/// whole premium of [`premium::monthly_premium_paid_alone`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoluntaryPremium {
    /// The 標準報酬月額 and why.
    pub standard: VoluntaryStandard,
    /// The premium (its `employee` is the amount the member pays; no employer share).
    pub premium: PremiumBreakdown,
    /// The due date (法164条1項).
    pub due_date: NaiveDate,
}

/// The premium a 任意継続被保険者 pays for premium `month` (健康保険法 第47条, 第157条,
/// 第161条1項ただし書, 第164条1項). Whether the month is charged at all is
/// [`premium::month_charge`] with the status's [`Coverage`].
pub fn monthly_premium(
    config: &SocietyConfig,
    member: &VoluntaryMembership,
    month: YearMonth,
    subject: &PremiumSubject,
    explain: Explain,
) -> Result<VoluntaryPremium, VoluntaryError> {
    if month < YearMonth::of(member.acquired_on) {
        return Err(VoluntaryError::InvalidDates {
            field: "month",
            problem: "is before the acquisition month",
        });
    }
    let standard = standard_monthly(config, member, month, explain)?;
    let premium =
        premium::monthly_premium_paid_alone(config, month, standard.grade, subject, explain)?;
    Ok(VoluntaryPremium {
        standard,
        premium,
        due_date: premium_due_date(month),
    })
}

// ---------------------------------------------------------------------------------------------
// 前納 (法165条, 令49条)
// ---------------------------------------------------------------------------------------------

/// A 前納 (prepayment of future months).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prepayment {
    /// The first prepaid month.
    pub first_month: YearMonth,
    /// The number of months.
    pub months: u32,
    /// The monthly premiums added up, exact.
    pub total: Decimal,
    /// The amount to prepay: the monthly premiums discounted at 4 % a year, added up and rounded
    /// by the 50-銭 rule (令49条).
    pub amount: Yen,
    /// The discount (total − amount, the 「政令で定める額」 of 法165条2項).
    pub discount: Decimal,
    /// The steps.
    pub explanation: Explanation,
}

/// 1.04^(1/12) to 28 digits, by Newton's method on x¹² = 1.04.
fn monthly_discount_factor() -> Decimal {
    let target = Decimal::ONE + PREPAYMENT_INTEREST_PERCENT / Decimal::ONE_HUNDRED;
    let twelve = Decimal::from(12);
    let mut x = Decimal::ONE + PREPAYMENT_INTEREST_PERCENT / Decimal::from(1200);
    for _ in 0..8 {
        let mut x11 = Decimal::ONE;
        for _ in 0..11 {
            x11 *= x;
        }
        // x − (x¹² − target) / (12 x¹¹)
        x -= (x11 * x - target) / (twelve * x11);
    }
    x
}

/// The amount to prepay for the months of `premiums` (consecutive, 1 to 12, as computed by
/// [`monthly_premium`]), 健康保険法 第165条 and 施行令 第49条: each month's exact premium
/// discounted by 1.04^(k/12) for the k-th month, the sum rounded by the 50-銭 rule.
pub fn prepayment(
    premiums: &[PremiumBreakdown],
    explain: Explain,
) -> Result<Prepayment, VoluntaryError> {
    let bad = |problem| Err(VoluntaryError::InvalidPrepayment { problem });
    let Some(first) = premiums.first() else {
        return bad("no month given");
    };
    if premiums.len() > PREPAYMENT_MAX_MONTHS {
        return bad("more than 12 months");
    }
    if premiums
        .windows(2)
        .any(|w| matches!(w, [a, b] if a.month.next() != b.month))
    {
        return bad("the months do not follow each other");
    }
    let mut e = Explanation::with(
        "voluntary_continuation.prepayment",
        "健康保険法 第165条; 施行令 第49条",
        explain,
    );
    let factor = monthly_discount_factor();
    let mut divisor = Decimal::ONE;
    let mut total = Decimal::ZERO;
    let mut present = Decimal::ZERO;
    for (k, p) in premiums.iter().enumerate() {
        divisor *= factor;
        let value = p.total / divisor;
        total += p.total;
        present += value;
        e.step(
            format_args!("{} (month {})", p.month, k + 1),
            format_args!(
                "{} ÷ 1.04^({}/12) = {}",
                p.total.normalize(),
                k + 1,
                rounding::for_display(value, 2)
            ),
        );
    }
    let amount = rounding::cash_payment_50_sen(present);
    let discount = (total - amount.to_decimal()).normalize();
    e.step(
        "amount",
        format_args!(
            "sum {} → {amount} (50-銭 rule); discount {} − {amount} = {discount}",
            rounding::for_display(present, 2),
            total.normalize()
        ),
    );
    Ok(Prepayment {
        first_month: first.month,
        months: u32::try_from(premiums.len()).unwrap_or(u32::MAX),
        total: total.normalize(),
        amount,
        discount,
        explanation: e,
    })
}

impl fmt::Display for VoluntaryLossReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            VoluntaryLossReason::TwoYears => "two years passed (第38条1号)",
            VoluntaryLossReason::Death => "death (第38条2号)",
            VoluntaryLossReason::NonPayment => "premium not paid by the due date (第38条3号)",
            VoluntaryLossReason::FirstPremiumUnpaid => {
                "first premium not paid: never insured (第37条2項)"
            }
            VoluntaryLossReason::BecameInsured => "insured elsewhere (第38条4号, 5号)",
            VoluntaryLossReason::LateElderly => "後期高齢者医療 (第38条6号)",
            VoluntaryLossReason::Withdrawal => "withdrawal at the member's request (第38条7号)",
        })
    }
}

#[cfg(test)]
mod tests;
