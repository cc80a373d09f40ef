//! Who is a 特定健診 target in a fiscal year (特定健康診査の対象者), 高齢者の医療の確保に関する法律
//! 第20条; 特定健康診査及び特定保健指導の実施に関する基準 第1条; the exclusions of 平成20年厚生労働省
//! 告示第3号.
//!
//! A person is a target in fiscal year *Y* when
//!
//! 1. **age**: the age reached by 31 March of *Y* ([`age::age_at_fiscal_year_end`], 年齢計算ニ関スル
//!    法律: an age is reached the day before the birthday) is 40–74, or 75 for someone whose 75th
//!    birthday falls after 1 April — who is a target only until the day before that birthday, when
//!    the person moves to 後期高齢者医療 (高齢者医療確保法 第50条);
//! 2. **enrolment**: enrolled on 1 April of *Y* and without a break through 31 March (or, for
//!    someone turning 75, through the day before the 75th birthday) — 「当該年度の4月1日時点で加入して
//!    おり、かつ年度途中での加入・脱退等異動のない者」;
//! 3. **no exclusion** applies in the year ([`Exclusion`]: pregnant or post-partum, detained, living
//!    abroad, a seafarer at sea, in hospital for 6 months or more, living in a designated care
//!    facility).
//!
//! Sources: docs/SOURCES.md §8.1; <https://www.jaosaka-kenpo.or.jp/contents/hoyou/01-02-3.html>;
//! <https://www.usen-kenpo.or.jp/hoken/sevenbody_check/kenshin_tokutei/index.html>.
//!
//! ```
//! use kenpo_domain::calendar::{date, FiscalYear};
//! use kenpo_domain::checkup::target::is_target;
//! use kenpo_domain::member::EligibilityPeriod;
//!
//! let enrolled = [EligibilityPeriod { acquired: date(2010, 4, 1).unwrap(), lost: None, reason: None }];
//! // Born 1 April 1986: reaches 40 on 31 March 2026, so a target from FY2025.
//! let d = is_target(FiscalYear::new(2025), date(1986, 4, 1).unwrap(), &enrolled, &[]);
//! assert!(d.target);
//! // Born 2 April 1986: reaches 40 on 1 April 2026 → not in FY2025.
//! let d = is_target(FiscalYear::new(2025), date(1986, 4, 2).unwrap(), &enrolled, &[]);
//! assert!(!d.target);
//! ```

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use crate::age;
use crate::calendar::FiscalYear;
use crate::explanation::{Explain, Explanation};
use crate::identifiers::MemberKey;
use crate::member::{EligibilityPeriod, MemberMaster};

/// The persons the minister excludes from 特定健診 (平成20年厚生労働省告示第3号), as inputs the
/// society records for the fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Exclusion {
    /// 妊産婦 (pregnant or post-partum).
    Pregnancy,
    /// 刑事施設・労役場等に拘禁されている者 (detained).
    Detention,
    /// 国内に住所を有しない者 (living abroad).
    LivingAbroad,
    /// 船員保険の被保険者のうち相当な期間継続して船舶内にいる者 (a seafarer at sea for a long time).
    SeafarerAtSea,
    /// 病院又は診療所に6月以上継続して入院している者 (in hospital for 6 months or more).
    LongHospitalStay,
    /// 高齢者医療確保法 第55条第1項第2号–第5号の施設に入所・入居している者 (living in a designated
    /// care facility: 障害者支援施設, 特別養護老人ホーム, 養護老人ホーム, etc.).
    CareFacility,
}

impl Exclusion {
    /// The Japanese term.
    pub const fn japanese(self) -> &'static str {
        match self {
            Exclusion::Pregnancy => "妊産婦",
            Exclusion::Detention => "刑事施設等に拘禁",
            Exclusion::LivingAbroad => "国内に住所を有しない",
            Exclusion::SeafarerAtSea => "相当期間継続して船舶内",
            Exclusion::LongHospitalStay => "6月以上継続して入院",
            Exclusion::CareFacility => "施設に入所・入居",
        }
    }
}

/// Why a person is not a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NotTarget {
    /// Under 40 by 31 March of the year.
    Under40,
    /// 75 or over on 1 April of the year (already in 後期高齢者医療).
    Over74,
    /// Not enrolled on 1 April.
    NotEnrolledOnApril1,
    /// Enrolment broke or ended before the end of the target period.
    LeftDuringYear,
    /// An exclusion of 告示第3号 applies.
    Excluded(Exclusion),
    /// The birth date gives no age for the year.
    NoAge,
}

/// Whether a person is a target in a fiscal year, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetDecision {
    /// `true` for a target.
    pub target: bool,
    /// Why not, when not.
    pub reason: Option<NotTarget>,
    /// The age reached by 31 March of the year.
    pub age_in_fiscal_year: Option<u32>,
    /// The last day the person is a target (31 March, or the day before the 75th birthday).
    pub target_until: Option<NaiveDate>,
    /// Step by step, why.
    pub explanation: Explanation,
}

/// Decides whether a person born on `birth`, with these enrolment `periods` and `exclusions`
/// recorded for the year, is a 特定健診 target in `fiscal_year`.
pub fn is_target(
    fiscal_year: FiscalYear,
    birth: NaiveDate,
    periods: &[EligibilityPeriod],
    exclusions: &[Exclusion],
) -> TargetDecision {
    is_target_with(fiscal_year, birth, periods, exclusions, Explain::Steps)
}

/// [`is_target`], with its steps written only when `explain` asks for them.
pub fn is_target_with(
    fiscal_year: FiscalYear,
    birth: NaiveDate,
    periods: &[EligibilityPeriod],
    exclusions: &[Exclusion],
    explain: Explain,
) -> TargetDecision {
    let mut e = Explanation::with(
        "checkup.target",
        "高齢者医療確保法 第20条; 実施基準 第1条; 平成20年厚生労働省告示第3号",
        explain,
    );
    let no = |reason: NotTarget, age: Option<u32>, e: Explanation| TargetDecision {
        target: false,
        reason: Some(reason),
        age_in_fiscal_year: age,
        target_until: None,
        explanation: e,
    };
    let Some(age) = age::age_at_fiscal_year_end(birth, fiscal_year) else {
        e.step("age", "no age for the year");
        return no(NotTarget::NoAge, None, e);
    };
    if age < 40 {
        e.step(
            "age",
            format_args!("{age} by 31 March of {fiscal_year}: under 40"),
        );
        return no(NotTarget::Under40, Some(age), e);
    }
    let start = fiscal_year.first_day();
    let end = match age::late_elderly_transition_date(birth) {
        Some(b75) if b75 <= start => {
            e.step("age", "75 or over on 1 April: 後期高齢者医療");
            return no(NotTarget::Over74, Some(age), e);
        }
        Some(b75) if b75 <= fiscal_year.last_day() => {
            let until = b75.checked_sub_days(Days::new(1)).unwrap_or(start);
            e.step(
                "age",
                format_args!("{age} by 31 March: turns 75 in the year, a target until the day before the birthday"),
            );
            until
        }
        _ => {
            e.step(
                "age",
                format_args!("{age} by 31 March of {fiscal_year}: 40–74"),
            );
            fiscal_year.last_day()
        }
    };

    if !periods.iter().any(|p| p.contains(start)) {
        e.step("enrolment", "not enrolled on 1 April");
        return no(NotTarget::NotEnrolledOnApril1, Some(age), e);
    }
    // Walk forward through the periods from 1 April until `end` is covered or a gap appears.
    let mut covered_to = start; // every day before `covered_to` is covered, and covered_to itself.
    loop {
        let next = periods
            .iter()
            .filter(|p| p.contains(covered_to))
            .map(|p| p.lost)
            .max_by(|a, b| match (a, b) {
                (None, None) => std::cmp::Ordering::Equal,
                (None, _) => std::cmp::Ordering::Greater,
                (_, None) => std::cmp::Ordering::Less,
                (Some(x), Some(y)) => x.cmp(y),
            });
        match next {
            Some(None) => break,
            Some(Some(lost)) if lost > end => break,
            Some(Some(lost)) => {
                if lost <= covered_to {
                    e.step("enrolment", "broken before the end of the year");
                    return no(NotTarget::LeftDuringYear, Some(age), e);
                }
                covered_to = lost;
            }
            None => {
                e.step("enrolment", "broken before the end of the year");
                return no(NotTarget::LeftDuringYear, Some(age), e);
            }
        }
    }
    e.step(
        "enrolment",
        format_args!("enrolled from 1 April through {end}"),
    );

    if let Some(x) = exclusions.first() {
        e.step("exclusion", format_args!("{} (告示第3号)", x.japanese()));
        return no(NotTarget::Excluded(*x), Some(age), e);
    }
    e.step("exclusion", "none");
    TargetDecision {
        target: true,
        reason: None,
        age_in_fiscal_year: Some(age),
        target_until: Some(end),
        explanation: e,
    }
}

/// [`is_target`] for one person of the member master: birth date and eligibility periods from
/// the master, exclusions as recorded by the society for the year. `None` for an unknown key.
pub fn is_target_in_master(
    master: &MemberMaster,
    key: &MemberKey,
    fiscal_year: FiscalYear,
    exclusions: &[Exclusion],
) -> Option<TargetDecision> {
    let record = master.record(key)?;
    let birth = record.birth_date()?;
    Some(is_target(fiscal_year, birth, record.periods(), exclusions))
}

/// Every person of the master (insured persons and dependants) who is a target in
/// `fiscal_year`, in key order, with the decision. `exclusions` holds the 告示第3号 exclusions
/// the society recorded for the year, by member.
pub fn targets_in(
    master: &MemberMaster,
    fiscal_year: FiscalYear,
    exclusions: &BTreeMap<MemberKey, Vec<Exclusion>>,
) -> Vec<(MemberKey, TargetDecision)> {
    let mut out: Vec<(MemberKey, TargetDecision)> = master
        .persons()
        .filter_map(|p| {
            let birth = p.birth_date()?;
            let x = exclusions.get(p.key()).map(Vec::as_slice).unwrap_or(&[]);
            let d = is_target(fiscal_year, birth, p.periods(), x);
            d.target.then(|| (p.key().clone(), d))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}
