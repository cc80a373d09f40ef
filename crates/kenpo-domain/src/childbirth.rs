//! Childbirth lump-sum allowance (出産育児一時金, 健康保険法 第101条; 家族出産育児一時金, 第114条;
//! amounts by 健康保険法施行令 第36条).
//!
//! A fixed amount per baby, chosen by the birth date from [`CHILDBIRTH_AMOUNTS`]: the higher
//! figure when the birth took place at a facility in the obstetric compensation scheme
//! (産科医療補償制度) at 22 weeks or later, the lower one otherwise. Paid for births (stillbirths
//! and miscarriages included) after 85 days (12 weeks + 1 day) of pregnancy. Under the direct
//! payment scheme (直接支払制度) the insurer pays the facility its charge up to the amount and the
//! member the rest. A former member who was insured for a year or more is still paid for a birth
//! within 6 months after the loss of eligibility (第106条).
//!
//! ```
//! use kenpo_domain::calendar::date;
//! use kenpo_domain::childbirth::{
//!     decide, ChildbirthBenefitKind, ChildbirthClaim, ChildbirthOutcome, Gestation,
//! };
//! use kenpo_domain::money::Yen;
//!
//! let claim = ChildbirthClaim {
//!     kind: ChildbirthBenefitKind::Insured,
//!     birth_date: date(2026, 6, 1).unwrap(),
//!     gestation: Gestation::new(38, 2).unwrap(),
//!     babies: 2,
//!     in_compensation_scheme: true,
//!     direct_payment_charge: Some(Yen::new(820_000)),
//!     loss_of_eligibility: None,
//! };
//! let decided = decide(&claim).unwrap();
//! assert_eq!(
//!     decided.outcome,
//!     ChildbirthOutcome::Paid {
//!         per_baby: Yen::new(500_000),
//!         amount: Yen::new(1_000_000),
//!         to_facility: Yen::new(820_000),
//!         to_member: Yen::new(180_000),
//!     }
//! );
//! ```
//!
//! ## Readings and doubts
//!
//! - 「資格を喪失した日後六月以内」 (第106条) is read as the 6 months beginning the day after the loss
//!   date, by 民法 第140条 and 第143条 (loss date 2026-04-01 → births up to 2026-10-01); a birth on
//!   the loss date itself also counts. Some insurers' pages say "from the loss date", which
//!   would end a day earlier.
//! - The 85-day threshold (妊娠4か月以上, 「妊娠85日」) is from secondary and insurer pages (docs/SOURCES.md
//!   §11 item 13); 12 weeks 0 days (84 days) is not paid, 12 weeks 1 day is.
//! - Whether to pay a former member (第106条) or the new insurer's 家族出産育児一時金 when both could
//!   apply is the claimant's choice and outside this function.
//! - A reform replacing the lump sum with insurance coverage is planned (docs/SOURCES.md §6.1) and not in
//!   force; it is not modelled.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{last_day_of_period, YearMonth};
use crate::cash_supplement::{CashSupplements, SupplementKind, SupplementPayment};
use crate::explanation::Explanation;
use crate::money::Yen;

/// The pregnancy length in days from which the benefit is paid (妊娠4か月以上 = 85日以上).
pub const MINIMUM_GESTATION_DAYS: u32 = 85;
/// The week from which a birth at a scheme facility counts for the higher amount (在胎週数22週以降).
pub const COMPENSATION_SCHEME_FROM_WEEK: u32 = 22;
/// The months after the loss of eligibility within which a birth is still paid (第106条).
pub const MONTHS_AFTER_LOSS: u32 = 6;
/// The largest number of babies accepted in one claim (an input bound, not a legal figure).
pub const MAXIMUM_BABIES: u32 = 10;

/// The amounts per baby in force from a birth date (健康保険法施行令 第36条).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildbirthAmounts {
    /// The first birth date the amounts apply to.
    pub effective_from: NaiveDate,
    /// Per baby, birth at 22 weeks or later at a facility in 産科医療補償制度 (the base amount plus
    /// the scheme's premium).
    pub in_scheme: Yen,
    /// Per baby otherwise (outside the scheme, or before week 22).
    pub outside_scheme: Yen,
    /// Where the figures were read.
    pub source: Cow<'static, str>,
}

const fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => NaiveDate::MIN,
    }
}

/// The amounts of 出産育児一時金 / 家族出産育児一時金 by birth date (健康保険法施行令 第36条).
///
/// | from | in scheme | outside | what changed |
/// | --- | --- | --- | --- |
/// | 2009-01-01 | 380,000 | 350,000 | 産科医療補償制度 starts: +30,000 premium |
/// | 2009-10-01 | 420,000 | 390,000 | base raised to 390,000 (temporary, permanent from 2011-04) |
/// | 2015-01-01 | 420,000 | 404,000 | premium cut to 16,000, base 404,000 |
/// | 2022-01-01 | 420,000 | 408,000 | premium cut to 12,000, base 408,000 |
/// | 2023-04-01 | 500,000 | 488,000 | base raised to 488,000 |
///
/// Births before 2009-01-01 are not covered by this table.
pub static CHILDBIRTH_AMOUNTS: &[ChildbirthAmounts] = &[
    ChildbirthAmounts {
        effective_from: day(2009, 1, 1),
        in_scheme: Yen::new(380_000),
        outside_scheme: Yen::new(350_000),
        source: Cow::Borrowed(
            "https://nakamura-sr.com/news/237.html [2]; \
             http://www.city.yokkaichi.mie.jp/koho/200902/1st/life_etc_01.htm [S]",
        ),
    },
    ChildbirthAmounts {
        effective_from: day(2009, 10, 1),
        in_scheme: Yen::new(420_000),
        outside_scheme: Yen::new(390_000),
        source: Cow::Borrowed(
            "https://imidas.jp/genre/detail/F-139-0056.html [2] (42万円 from 2009-10); \
             https://cec-kenpo.or.jp/news2/20150105_koukoku [K] (39万円 + 3万円 until 2014-12-31)",
        ),
    },
    ChildbirthAmounts {
        effective_from: day(2015, 1, 1),
        in_scheme: Yen::new(420_000),
        outside_scheme: Yen::new(404_000),
        source: Cow::Borrowed(
            "https://cec-kenpo.or.jp/news2/20150105_koukoku [K]; \
             http://daihen-kenpo.jp/topics.php?entry_id=45 [K]",
        ),
    },
    ChildbirthAmounts {
        effective_from: day(2022, 1, 1),
        in_scheme: Yen::new(420_000),
        outside_scheme: Yen::new(408_000),
        source: Cow::Borrowed(
            "https://kr-kokuho.or.jp/?p=1600 [K]; http://insatukenpo.or.jp/index2/topics/\
             2022.1_shussanikujiitijikin_kinngaku_minaosi/ [K]",
        ),
    },
    ChildbirthAmounts {
        effective_from: day(2023, 4, 1),
        in_scheme: Yen::new(500_000),
        outside_scheme: Yen::new(488_000),
        source: Cow::Borrowed(
            "https://naigai.kenpo.co.jp/news/6XN10T93EGe5kt1l1Bxn [K]; \
             https://yuken-kenpo.or.jp/news/20230315_shussan_ichiji [K] (docs/SOURCES.md §6.1)",
        ),
    },
];

/// The amounts in force on `birth_date`.
pub fn amounts_in_force(
    birth_date: NaiveDate,
) -> Result<&'static ChildbirthAmounts, ChildbirthError> {
    CHILDBIRTH_AMOUNTS
        .iter()
        .filter(|a| a.effective_from <= birth_date)
        .max_by_key(|a| a.effective_from)
        .ok_or(ChildbirthError::NoAmountsInForce { date: birth_date })
}

/// Why a childbirth claim could not be decided. Never holds personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChildbirthError {
    /// No amounts table covers the birth date.
    #[error("no 出産育児一時金 amounts in force on {date}")]
    NoAmountsInForce {
        /// The birth date.
        date: NaiveDate,
    },
    /// The gestation is not a valid weeks + days figure.
    #[error("gestation {weeks} weeks {days} days is not valid (days 0–6, weeks up to 45)")]
    InvalidGestation {
        /// Weeks given.
        weeks: u32,
        /// Days given.
        days: u32,
    },
    /// The number of babies is zero or implausibly large.
    #[error("number of babies {babies} is outside 1..={max}", max = MAXIMUM_BABIES)]
    InvalidBabies {
        /// The number given.
        babies: u32,
    },
    /// A negative facility charge.
    #[error("direct payment charge is negative")]
    NegativeCharge,
    /// A date beyond the supported range.
    #[error("date {date} is out of the supported range")]
    DateOutOfRange {
        /// The date.
        date: NaiveDate,
    },
}

/// The length of the pregnancy (妊娠週数) at the birth: whole weeks and days (0–6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "GestationParts", into = "GestationParts")]
pub struct Gestation {
    weeks: u32,
    days: u32,
}

#[derive(Serialize, Deserialize)]
struct GestationParts {
    weeks: u32,
    days: u32,
}

impl Gestation {
    /// The upper bound of weeks accepted (an input bound).
    pub const MAX_WEEKS: u32 = 45;

    /// `weeks` weeks and `days` days (0–6).
    pub fn new(weeks: u32, days: u32) -> Result<Self, ChildbirthError> {
        if days > 6 || weeks > Self::MAX_WEEKS {
            return Err(ChildbirthError::InvalidGestation { weeks, days });
        }
        Ok(Gestation { weeks, days })
    }

    /// Whole weeks.
    pub const fn weeks(self) -> u32 {
        self.weeks
    }

    /// Days beyond the whole weeks.
    pub const fn days(self) -> u32 {
        self.days
    }

    /// The length in days (12 weeks 1 day = 85).
    pub const fn total_days(self) -> u32 {
        self.weeks * 7 + self.days
    }
}

impl TryFrom<GestationParts> for Gestation {
    type Error = ChildbirthError;
    fn try_from(p: GestationParts) -> Result<Self, Self::Error> {
        Gestation::new(p.weeks, p.days)
    }
}

impl From<Gestation> for GestationParts {
    fn from(g: Gestation) -> Self {
        GestationParts {
            weeks: g.weeks,
            days: g.days,
        }
    }
}

/// Which benefit is claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ChildbirthBenefitKind {
    /// 出産育児一時金: the insured person gives birth (健康保険法 第101条).
    Insured,
    /// 家族出産育児一時金: a dependant gives birth (第114条).
    Dependant,
}

/// The insured person's loss of eligibility before the birth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildbirthLoss {
    /// 資格喪失日 (the first day without eligibility).
    pub loss_date: NaiveDate,
    /// Insured continuously for at least 1 year up to the day before `loss_date`.
    pub insured_one_year_before_loss: bool,
}

/// A claim for 出産育児一時金 / 家族出産育児一時金.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildbirthClaim {
    /// Which benefit.
    pub kind: ChildbirthBenefitKind,
    /// The birth date (出産日).
    pub birth_date: NaiveDate,
    /// The length of the pregnancy at the birth.
    pub gestation: Gestation,
    /// Babies born (twins: 2).
    pub babies: u32,
    /// The facility is in 産科医療補償制度.
    pub in_compensation_scheme: bool,
    /// The facility's charge claimed from the insurer under 直接支払制度, if used.
    pub direct_payment_charge: Option<Yen>,
    /// The insured person's loss of eligibility before the birth, if any.
    pub loss_of_eligibility: Option<ChildbirthLoss>,
}

/// Why a childbirth claim is not paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ChildbirthNotPayable {
    /// Pregnancy shorter than 85 days.
    Under85Days,
    /// Born after loss of eligibility, insured for less than 1 year before it (第106条).
    InsuredUnderOneYear,
    /// Born more than 6 months after loss of eligibility (第106条).
    MoreThanSixMonthsAfterLoss,
    /// 家族出産育児一時金 for a birth after the insured person's loss of eligibility.
    DependantAfterLoss,
}

/// The outcome of a childbirth claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ChildbirthOutcome {
    /// Paid.
    Paid {
        /// The amount per baby.
        per_baby: Yen,
        /// The total (per baby × babies).
        amount: Yen,
        /// Paid to the facility under 直接支払制度.
        to_facility: Yen,
        /// Paid to the member (the whole amount without 直接支払制度, else the difference).
        to_member: Yen,
    },
    /// Not paid.
    NotPayable {
        /// Why.
        reason: ChildbirthNotPayable,
    },
}

/// A decided childbirth claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildbirthDecision {
    /// The outcome.
    pub outcome: ChildbirthOutcome,
    /// The society's 出産育児付加金 / 家族出産育児付加金, when decided with
    /// [`decide_with_supplements`] and the 規約 pays one (paid to the member, never to the
    /// facility).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplement: Option<SupplementPayment>,
    /// The inputs and each step.
    pub explanation: Explanation,
}

/// Decides a 出産育児一時金 / 家族出産育児一時金 claim (健康保険法 第101条, 第106条, 第114条;
/// 施行令 第36条).
pub fn decide(claim: &ChildbirthClaim) -> Result<ChildbirthDecision, ChildbirthError> {
    if claim.babies == 0 || claim.babies > MAXIMUM_BABIES {
        return Err(ChildbirthError::InvalidBabies {
            babies: claim.babies,
        });
    }
    if claim.direct_payment_charge.is_some_and(Yen::is_negative) {
        return Err(ChildbirthError::NegativeCharge);
    }
    let amounts = amounts_in_force(claim.birth_date)?;
    let (rule, source) = match claim.kind {
        ChildbirthBenefitKind::Insured => ("childbirth.lump_sum", "健康保険法 第101条, 令第36条"),
        ChildbirthBenefitKind::Dependant => {
            ("childbirth.family_lump_sum", "健康保険法 第114条, 令第36条")
        }
    };
    let mut explanation = Explanation::new(format!("{rule}@{}", amounts.effective_from), source);
    let not_payable = |reason, mut explanation: Explanation, why: &str| {
        explanation.step("not payable", why);
        Ok(ChildbirthDecision {
            outcome: ChildbirthOutcome::NotPayable { reason },
            supplement: None,
            explanation,
        })
    };
    explanation.step(
        "pregnancy",
        format_args!(
            "{} weeks {} days = {} days (minimum {MINIMUM_GESTATION_DAYS})",
            claim.gestation.weeks(),
            claim.gestation.days(),
            claim.gestation.total_days()
        ),
    );
    if claim.gestation.total_days() < MINIMUM_GESTATION_DAYS {
        return not_payable(
            ChildbirthNotPayable::Under85Days,
            explanation,
            "pregnancy under 85 days",
        );
    }
    if let Some(loss) = claim.loss_of_eligibility {
        if claim.birth_date >= loss.loss_date {
            if claim.kind == ChildbirthBenefitKind::Dependant {
                return not_payable(
                    ChildbirthNotPayable::DependantAfterLoss,
                    explanation,
                    "the insured person had lost eligibility before the birth",
                );
            }
            let first_day = loss
                .loss_date
                .succ_opt()
                .ok_or(ChildbirthError::DateOutOfRange {
                    date: loss.loss_date,
                })?;
            let last_day = last_day_of_period(first_day, MONTHS_AFTER_LOSS).ok_or(
                ChildbirthError::DateOutOfRange {
                    date: loss.loss_date,
                },
            )?;
            explanation.step(
                "after loss of eligibility (第106条)",
                format_args!(
                    "loss date {}, births paid up to {last_day} if insured ≥ 1 year",
                    loss.loss_date
                ),
            );
            if !loss.insured_one_year_before_loss {
                return not_payable(
                    ChildbirthNotPayable::InsuredUnderOneYear,
                    explanation,
                    "insured less than 1 year before the loss",
                );
            }
            if claim.birth_date > last_day {
                return not_payable(
                    ChildbirthNotPayable::MoreThanSixMonthsAfterLoss,
                    explanation,
                    "born more than 6 months after the loss",
                );
            }
        }
    }
    let covered =
        claim.in_compensation_scheme && claim.gestation.weeks() >= COMPENSATION_SCHEME_FROM_WEEK;
    let per_baby = if covered {
        amounts.in_scheme
    } else {
        amounts.outside_scheme
    };
    explanation.step(
        "amount per baby",
        format_args!(
            "{per_baby} ({}; table from {}: {})",
            if covered {
                "産科医療補償制度, week 22 or later"
            } else {
                "outside 産科医療補償制度 or before week 22"
            },
            amounts.effective_from,
            amounts.source
        ),
    );
    let amount = per_baby.times(i64::from(claim.babies));
    explanation.step(
        "total",
        format_args!("{per_baby} × {} = {amount}", claim.babies),
    );
    let (to_facility, to_member) = match claim.direct_payment_charge {
        Some(charge) => {
            let to_facility = charge.min(amount);
            let to_member = amount - to_facility;
            explanation.step(
                "直接支払制度",
                format_args!("facility charge {charge}: {to_facility} to the facility, {to_member} to the member"),
            );
            (to_facility, to_member)
        }
        None => (Yen::ZERO, amount),
    };
    Ok(ChildbirthDecision {
        outcome: ChildbirthOutcome::Paid {
            per_baby,
            amount,
            to_facility,
            to_member,
        },
        supplement: None,
        explanation,
    })
}

/// [`decide`], with the society's 出産育児付加金 (or 家族出産育児付加金) of the 規約 in force in
/// the month of the birth (健康保険法 第53条; [`crate::cash_supplement`]): an amount per baby,
/// paid when the lump sum is paid, for a birth after the loss of eligibility only when the
/// entry says so. The one place the 付加金 is applied.
pub fn decide_with_supplements(
    claim: &ChildbirthClaim,
    supplements: &CashSupplements,
) -> Result<ChildbirthDecision, ChildbirthError> {
    let mut decided = decide(claim)?;
    let family = claim.kind == ChildbirthBenefitKind::Dependant;
    let kind = if family {
        SupplementKind::FamilyChildbirth
    } else {
        SupplementKind::Childbirth
    };
    let month = YearMonth::of(claim.birth_date);
    let Some(entry) = supplements.childbirth_for(month, family) else {
        decided.explanation.step(
            kind.japanese(),
            "the society pays none for this birth month",
        );
        return Ok(decided);
    };
    if !matches!(decided.outcome, ChildbirthOutcome::Paid { .. }) {
        decided
            .explanation
            .step(kind.japanese(), "not paid: the lump sum is not paid");
        return Ok(decided);
    }
    let after_loss = claim
        .loss_of_eligibility
        .is_some_and(|l| claim.birth_date >= l.loss_date);
    if after_loss && !entry.value.after_loss {
        decided.explanation.step(
            kind.japanese(),
            "not paid for a birth after the loss of eligibility (規約)",
        );
        return Ok(decided);
    }
    let amount = entry.value.per_baby.times(i64::from(claim.babies));
    decided.explanation.step(
        format_args!("{} (規約 from {})", kind.japanese(), entry.effective_from),
        format_args!("{} × {} = {amount}", entry.value.per_baby, claim.babies),
    );
    decided.supplement = Some(SupplementPayment {
        kind,
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

    fn claim(birth: NaiveDate) -> ChildbirthClaim {
        ChildbirthClaim {
            kind: ChildbirthBenefitKind::Insured,
            birth_date: birth,
            gestation: Gestation::new(39, 0).unwrap(),
            babies: 1,
            in_compensation_scheme: true,
            direct_payment_charge: None,
            loss_of_eligibility: None,
        }
    }

    fn paid(c: &ChildbirthClaim) -> Yen {
        match decide(c).unwrap().outcome {
            ChildbirthOutcome::Paid { amount, .. } => amount,
            other => panic!("not paid: {other:?}"),
        }
    }

    fn reason(c: &ChildbirthClaim) -> ChildbirthNotPayable {
        match decide(c).unwrap().outcome {
            ChildbirthOutcome::NotPayable { reason } => reason,
            other => panic!("paid: {other:?}"),
        }
    }

    #[test]
    fn twins_are_paid_1_000_000() {
        // docs/SOURCES.md §6.1 / §10: twins, covered facility, 2026 → 1,000,000 (500,000 per baby).
        let mut c = claim(d(2026, 6, 1));
        c.babies = 2;
        assert_eq!(paid(&c), Yen::new(1_000_000));
    }

    #[test]
    fn outside_the_scheme_or_before_week_22_is_488_000() {
        // docs/SOURCES.md §6.1: 488,000 outside 産科医療補償制度 or before week 22.
        let mut c = claim(d(2026, 6, 1));
        c.in_compensation_scheme = false;
        assert_eq!(paid(&c), Yen::new(488_000));
        let mut c = claim(d(2026, 6, 1));
        c.gestation = Gestation::new(21, 6).unwrap();
        assert_eq!(paid(&c), Yen::new(488_000));
        c.gestation = Gestation::new(22, 0).unwrap();
        assert_eq!(paid(&c), Yen::new(500_000));
    }

    #[test]
    fn the_2023_04_01_switch() {
        // Born 2023-03-31: 420,000 (408,000 outside); born 2023-04-01: 500,000 (488,000).
        assert_eq!(paid(&claim(d(2023, 3, 31))), Yen::new(420_000));
        assert_eq!(paid(&claim(d(2023, 4, 1))), Yen::new(500_000));
        let mut c = claim(d(2023, 3, 31));
        c.in_compensation_scheme = false;
        assert_eq!(paid(&c), Yen::new(408_000));
        let d = decide(&claim(d(2023, 4, 1))).unwrap();
        assert_eq!(d.explanation.rule, "childbirth.lump_sum@2023-04-01");
    }

    #[test]
    fn earlier_tables() {
        // Outside the scheme: 404,000 from 2015-01-01, 408,000 from 2022-01-01, 390,000 before.
        let outside = |y, m, day| {
            let mut c = claim(d(y, m, day));
            c.in_compensation_scheme = false;
            paid(&c)
        };
        assert_eq!(outside(2014, 12, 31), Yen::new(390_000));
        assert_eq!(outside(2015, 1, 1), Yen::new(404_000));
        assert_eq!(outside(2021, 12, 31), Yen::new(404_000));
        assert_eq!(outside(2022, 1, 1), Yen::new(408_000));
        assert_eq!(paid(&claim(d(2009, 9, 30))), Yen::new(380_000));
        assert_eq!(paid(&claim(d(2009, 10, 1))), Yen::new(420_000));
        assert_eq!(
            decide(&claim(d(2008, 12, 31))),
            Err(ChildbirthError::NoAmountsInForce {
                date: d(2008, 12, 31)
            })
        );
    }

    #[test]
    fn the_85_day_threshold() {
        // 妊娠85日 = 12 weeks 1 day is paid; 12 weeks 0 days (84 days) is not.
        let mut c = claim(d(2026, 6, 1));
        c.gestation = Gestation::new(12, 0).unwrap();
        assert_eq!(reason(&c), ChildbirthNotPayable::Under85Days);
        c.gestation = Gestation::new(12, 1).unwrap();
        assert_eq!(paid(&c), Yen::new(488_000));
    }

    #[test]
    fn direct_payment_difference_goes_to_the_member() {
        let mut c = claim(d(2026, 6, 1));
        c.direct_payment_charge = Some(Yen::new(463_210));
        assert_eq!(
            decide(&c).unwrap().outcome,
            ChildbirthOutcome::Paid {
                per_baby: Yen::new(500_000),
                amount: Yen::new(500_000),
                to_facility: Yen::new(463_210),
                to_member: Yen::new(36_790),
            }
        );
        // A charge above the amount: the insurer pays the amount, nothing to the member.
        c.direct_payment_charge = Some(Yen::new(612_000));
        assert!(matches!(
            decide(&c).unwrap().outcome,
            ChildbirthOutcome::Paid { to_facility, to_member, .. }
                if to_facility == Yen::new(500_000) && to_member == Yen::ZERO
        ));
    }

    #[test]
    fn six_months_after_loss() {
        // 第106条: loss date 2026-04-01; births up to 2026-10-01 are paid if insured ≥ 1 year.
        let mut c = claim(d(2026, 10, 1));
        c.loss_of_eligibility = Some(ChildbirthLoss {
            loss_date: d(2026, 4, 1),
            insured_one_year_before_loss: true,
        });
        assert_eq!(paid(&c), Yen::new(500_000));
        c.birth_date = d(2026, 10, 2);
        assert_eq!(reason(&c), ChildbirthNotPayable::MoreThanSixMonthsAfterLoss);
        c.birth_date = d(2026, 4, 1);
        assert_eq!(paid(&c), Yen::new(500_000));
        c.loss_of_eligibility = Some(ChildbirthLoss {
            loss_date: d(2026, 4, 1),
            insured_one_year_before_loss: false,
        });
        assert_eq!(reason(&c), ChildbirthNotPayable::InsuredUnderOneYear);
        c.kind = ChildbirthBenefitKind::Dependant;
        assert_eq!(reason(&c), ChildbirthNotPayable::DependantAfterLoss);
        // Born before the loss date: an ordinary claim.
        c.birth_date = d(2026, 3, 31);
        assert_eq!(paid(&c), Yen::new(500_000));
    }

    #[test]
    fn invalid_input_is_a_typed_error() {
        assert!(Gestation::new(12, 7).is_err());
        assert!(serde_json::from_str::<Gestation>(r#"{"weeks":12,"days":9}"#).is_err());
        assert_eq!(
            serde_json::to_string(&Gestation::new(12, 1).unwrap()).unwrap(),
            r#"{"weeks":12,"days":1}"#
        );
        let mut c = claim(d(2026, 6, 1));
        c.babies = 0;
        assert_eq!(
            decide(&c),
            Err(ChildbirthError::InvalidBabies { babies: 0 })
        );
        let mut c = claim(d(2026, 6, 1));
        c.direct_payment_charge = Some(Yen::new(-1));
        assert_eq!(decide(&c), Err(ChildbirthError::NegativeCharge));
    }
}
