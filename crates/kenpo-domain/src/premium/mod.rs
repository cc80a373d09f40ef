//! Premiums (保険料): 一般保険料 (with 調整保険料 as its own part), 介護保険料 and the
//! 子ども・子育て支援金 for one insured person and one premium month or bonus, the employee and
//! employer shares, the months that carry a premium, and the employer's monthly notice.
//!
//! | rule | statute | item |
//! | --- | --- | --- |
//! | parts and rates | 法156条, 160条, 160条の2, 附則2条 | [`monthly_premium`], [`bonus_premium`], [`SUPPORT_CONTRIBUTION_RATES`] |
//! | shares (half, or more for the employer by 規約) | 法161条, 162条 | [`PremiumBreakdown::employee`], [`PremiumBreakdown::employer`] |
//! | employee share rounding (50 銭) | 通貨の単位及び貨幣の発行等に関する法律 3条 | [`PaymentMethod`] |
//! | months charged, 75th birthday, 同月得喪 | 法156条3項 | [`month_charge`], [`bonus_charge`] |
//! | 産休・育休 exemptions | 法159条, 159条の3 | [`Leave`] |
//! | the employer's notice (納入告知) | 法161条, 164条 | [`EmployerNotice`] |
//!
//! ## How the employee share is computed
//!
//! As the official premium tables (保険料額表) do: the applicable rates are **added**, the sum is
//! multiplied by the standard amount, halved (or multiplied by the employee's part of each rate
//! when the society's 規約 gives the employer more, 法162条), and the result is **rounded once**
//! by the 50-銭 rule for wage deductions (or the cash rule). The employer share is the rest, with
//! its fractions of a yen: the office's notice adds the persons' totals and drops the fraction
//! below one yen, so the employer bears the rounding.
//!
//! ```
//! use kenpo_domain::premium::{monthly_premium, PaymentMethod, PremiumSubject};
//! use kenpo_domain::society::SocietyConfig;
//! use kenpo_domain::standard_remuneration::Grade;
//! use kenpo_domain::calendar::{date, YearMonth};
//! use kenpo_domain::Yen;
//!
//! // Tokyo rates of 協会けんぽ for FY2026 as a configuration: 9.85 % + 介護 1.62 %.
//! let tokyo = SocietyConfig::from_toml_str(r#"
//!     name = "東京 (協会けんぽ rates)"
//!     [[rates]]
//!     effective_from = "2026-03"
//!     value = { general = "9.85%", care = "1.62%" }
//! "#).unwrap();
//! let person = PremiumSubject::new(date(1980, 6, 15).unwrap(), PaymentMethod::WageDeduction);
//! let grade = Grade::from_standard_monthly(Yen::new(134_000)).unwrap();
//! let p = monthly_premium(&tokyo, YearMonth::new(2026, 3).unwrap(), grade, &person).unwrap();
//! // 134,000 × 11.47 % ÷ 2 = 7,684.9 → 7,685 (the parts rounded apart would give 7,684).
//! assert_eq!(p.employee, Yen::new(7_685));
//! ```
//!
//! ## Doubts recorded here
//!
//! - The rounding of the 支援金 employee share is a society option,
//!   [`SupportContributionRounding`] (default: combined with the health rate, docs/SOURCES.md §2.2 and
//!   open item 6).
//! - The 支援金 is always split in half: whether 法162条 lets the employer bear more of it is not
//!   confirmed (open item 7).
//! - A bonus paid in a 同月得喪 month (acquired and lost in the same month) is charged, because
//!   法156条3項 spares the loss month only for someone insured since the previous month; not
//!   confirmed by guidance.
//! - 任意継続被保険者 pay the whole premium ([`monthly_premium_paid_alone`]); their 標準報酬月額,
//!   period and 前納 are [`crate::voluntary_continuation`].

mod months;
mod notice;

pub use months::*;
pub use notice::*;

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::age;
use crate::calendar::{FiscalYear, YearMonth};
use crate::explanation::{Explain, Explanation};
use crate::money::{Rate, Yen};
use crate::rounding;
pub use crate::society::SupportContributionRounding;
use crate::society::{PremiumRates, SocietyConfig};
use crate::standard_remuneration::Grade;

/// A national 子ども・子育て支援金率 (法160条の2, 子ども・子育て支援法 第71条の3 as amended 2024)
/// for one fiscal year: the rate is fixed by a こども家庭庁 notice for each fiscal year, so each
/// entry covers the premium months April to March of its year and nothing after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SupportContributionRate {
    /// The fiscal year whose premium months (April 分 to March 分) the rate applies to.
    pub fiscal_year: FiscalYear,
    /// The rate, in percent of the standard amount (employee and employer together).
    pub percent: Decimal,
    /// The instrument that fixed the rate.
    pub instrument: &'static str,
    /// Where the figure was read (see `docs/SOURCES.md`, 子ども・子育て支援金).
    pub source: &'static str,
}

impl SupportContributionRate {
    /// The first premium month the rate applies to (April 分 of its fiscal year).
    pub fn first_month(&self) -> YearMonth {
        self.fiscal_year.first_month()
    }

    /// The last premium month the rate applies to (March 分 of the next calendar year).
    pub fn last_month(&self) -> YearMonth {
        self.fiscal_year.last_month()
    }
}

/// The first premium month that carries a 支援金 (April 2026 分, paid in May; 子ども・子育て支援法
/// 附則 as amended 2024). Months before it have none.
pub const SUPPORT_CONTRIBUTION_FIRST_FISCAL_YEAR: FiscalYear = FiscalYear::new(2026);

/// The national 支援金率 by fiscal year, oldest first. Only FY2026 (0.23 %) is fixed; the FY2027
/// rate had not been announced when this table was last checked (see `docs/SOURCES.md`). A
/// premium month after the last year here is refused with [`PremiumError::SupportRateUnknown`]
/// unless the society writes the rate in [`SocietyConfig::support_rates`]; a newly announced
/// year's rate is added here as data.
pub const SUPPORT_CONTRIBUTION_RATES: [SupportContributionRate; 1] = [SupportContributionRate {
    fiscal_year: FiscalYear::new(2026),
    percent: Decimal::from_parts(23, 0, 0, false, 2),
    instrument: "令和8年こども家庭庁告示第1号 (官報 2026-01-15)",
    source: "https://www.cfa.go.jp/policies/kodomokosodateshienkinseido (こども家庭庁); \
             https://www.sckenpo.or.jp/news/news_detail.php?id=551 [K]",
}];

/// Why a premium could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PremiumError {
    /// The society has no rates for the month.
    #[error("the society configuration has no rates for {month}")]
    NoRatesFor {
        /// The month.
        month: YearMonth,
    },
    /// A standard bonus that is negative or not a multiple of 1,000 yen.
    #[error("standard bonus {amount} is not a non-negative multiple of 1,000 yen")]
    InvalidStandardBonus {
        /// The amount given.
        amount: Yen,
    },
    /// A rate sum above 100 %.
    #[error("rates for {month} add up to more than 100 %")]
    RateOverflow {
        /// The month.
        month: YearMonth,
    },
    /// Dates that do not fit together (loss before acquisition, leave ending before it starts).
    #[error("{field}: {problem}")]
    InvalidDates {
        /// The input field.
        field: &'static str,
        /// What is wrong.
        problem: &'static str,
    },
    /// No 子ども・子育て支援金率 is known for the premium month: it is after the last fiscal year
    /// of [`SUPPORT_CONTRIBUTION_RATES`] and the society configured none (`support_rates`).
    #[error(
        "no 子ども・子育て支援金率 is known for premium month {month}: the national rates end with \
         {last_known}; add the rate announced for the fiscal year to the society's support_rates"
    )]
    SupportRateUnknown {
        /// The premium month.
        month: YearMonth,
        /// The last fiscal year whose national rate is known.
        last_known: FiscalYear,
    },
    /// Breakdowns of another month given to a notice.
    #[error("a breakdown of {found} was given to the notice of {month}")]
    WrongMonth {
        /// The notice month.
        month: YearMonth,
        /// The breakdown month.
        found: YearMonth,
    },
}

/// How the employee pays the share, which sets the 50-銭 rule (docs/SOURCES.md §2.2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PaymentMethod {
    /// Withheld from wages (給与から控除): 50 銭 or less dropped, more than 50 銭 up
    /// ([`rounding::wage_deduction_50_sen`]).
    #[default]
    WageDeduction,
    /// Paid in cash (現金で支払う): below 50 銭 dropped, 50 銭 or more up
    /// ([`rounding::cash_payment_50_sen`]).
    Cash,
}

impl PaymentMethod {
    fn round(self, amount: Decimal) -> Yen {
        match self {
            PaymentMethod::WageDeduction => rounding::wage_deduction_50_sen(amount),
            PaymentMethod::Cash => rounding::cash_payment_50_sen(amount),
        }
    }
}

/// Who pays a premium (保険料の負担, 健康保険法 第161条).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PremiumPayer {
    /// The insured person and the employer, half each (or more for the employer by the 規約,
    /// 法162条); the employee share rounded by the person's [`PaymentMethod`].
    #[default]
    EmployeeAndEmployer,
    /// The insured person alone: a 任意継続被保険者 (法161条1項ただし書) pays the whole premium
    /// (一般 + 調整 + 介護 where due + 支援金), in cash, so the cash 50-銭 rule applies
    /// ([`rounding::cash_payment_50_sen`]). See [`crate::voluntary_continuation`].
    InsuredAlone,
}

/// The facts about one insured person that the premium depends on. Holds birth dates, which are
/// personal data: `Debug` does not show them.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PremiumSubject {
    /// The insured person's date of birth (for 介護保険 第2号, 40–64).
    pub birth_date: NaiveDate,
    /// Dependants' dates of birth (for 特定被保険者, when the society's 規約 uses it).
    #[serde(default)]
    pub dependant_birth_dates: Vec<NaiveDate>,
    /// `true` when the person is exempt from 介護保険 (介護保険適用除外: living abroad, in an
    /// exempt facility, or a stay of 3 months or less).
    #[serde(default)]
    pub care_exempt: bool,
    /// How the employee share is paid.
    #[serde(default)]
    pub payment: PaymentMethod,
}

impl PremiumSubject {
    /// A person born on `birth_date`, with no dependants, not care-exempt.
    pub fn new(birth_date: NaiveDate, payment: PaymentMethod) -> Self {
        PremiumSubject {
            birth_date,
            dependant_birth_dates: Vec::new(),
            care_exempt: false,
            payment,
        }
    }
}

impl fmt::Debug for PremiumSubject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PremiumSubject")
            .field("birth_date", &"<redacted>")
            .field("dependants", &self.dependant_birth_dates.len())
            .field("care_exempt", &self.care_exempt)
            .field("payment", &self.payment)
            .finish()
    }
}

/// Why the 介護保険料 is charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CareReason {
    /// The person is a 介護保険第2号被保険者 (from the month of reaching 40 to the month before
    /// reaching 65).
    Category2,
    /// 特定被保険者 (健康保険法 附則第7条, by the society's 規約): not 第2号 but with a dependant
    /// who is.
    SpecifiedInsured,
}

/// Whether `subject` pays 介護保険料 in `month` under `config`, and why.
pub fn care_reason(
    config: &SocietyConfig,
    subject: &PremiumSubject,
    month: YearMonth,
) -> Option<CareReason> {
    let own = age::is_care_category_2(subject.birth_date, month);
    if own {
        return (!subject.care_exempt).then_some(CareReason::Category2);
    }
    let dependant = subject
        .dependant_birth_dates
        .iter()
        .any(|d| age::is_care_category_2(*d, month));
    (config.specified_insured_care && dependant).then_some(CareReason::SpecifiedInsured)
}

/// The part of a premium (保険料の内訳).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PartKind {
    /// 一般保険料 (基本 + 特定, 法156条1項1号, 160条).
    General,
    /// 調整保険料 (附則第2条).
    Adjustment,
    /// 介護保険料 (法156条1項1号).
    Care,
    /// 子ども・子育て支援金 (法156条, 160条の2 as amended 2024).
    Support,
}

impl PartKind {
    /// The Japanese name of the part.
    pub fn japanese(self) -> &'static str {
        match self {
            PartKind::General => "一般保険料",
            PartKind::Adjustment => "調整保険料",
            PartKind::Care => "介護保険料",
            PartKind::Support => "子ども・子育て支援金",
        }
    }
}

/// One part of a premium.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PremiumPart {
    /// Which part.
    pub kind: PartKind,
    /// The rate (employee and employer together).
    pub rate: Rate,
    /// The employee's part of the rate (half unless the 規約 says less). When the 規約 gives one
    /// employee rate for 一般 + 調整 together, it is apportioned to the two parts in proportion
    /// to their rates (for display; the employee share is computed from the group's rate).
    pub employee_rate: Rate,
    /// The exact amount of the part (standard × rate), fractions of a yen kept.
    pub amount: Decimal,
    /// The exact employee part (standard × employee rate), before rounding.
    pub employee_exact: Decimal,
    /// The employee part rounded on its own, for a payslip that itemises the parts. The employee
    /// share is rounded once on the combined rate, so these need not add up to it.
    pub employee_rounded_alone: Yen,
}

/// Monthly premium or bonus premium.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PremiumBase {
    /// On the 標準報酬月額.
    Monthly,
    /// On a 標準賞与額.
    Bonus,
}

/// The premium of one person for one month or one bonus, part by part, with the shares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PremiumBreakdown {
    /// Monthly or bonus.
    pub base_kind: PremiumBase,
    /// The premium month (for a bonus, the month it was paid).
    pub month: YearMonth,
    /// The standard amount the rates apply to (標準報酬月額 or 標準賞与額).
    pub base: Yen,
    /// The parts charged, in the order 一般, 調整, 介護, 支援金.
    pub parts: Vec<PremiumPart>,
    /// Why 介護保険料 is charged, when it is.
    pub care: Option<CareReason>,
    /// The total premium (standard × sum of the rates), exact.
    pub total: Decimal,
    /// The employee share (被保険者負担分), rounded by the 50-銭 rule of the payment method.
    pub employee: Yen,
    /// The employer share (事業主負担分) = total − employee share, exact: its fractions are dropped
    /// only on the office's notice. Zero when the insured person pays alone.
    pub employer: Decimal,
    /// Who pays: employee and employer, or the insured person alone (任意継続被保険者). For the
    /// latter, [`PremiumBreakdown::employee`] is the whole premium, rounded by the cash rule.
    #[serde(default)]
    pub payer: PremiumPayer,
    /// The steps.
    pub explanation: Explanation,
}

impl PremiumBreakdown {
    /// The part of `kind`, if charged.
    pub fn part(&self, kind: PartKind) -> Option<&PremiumPart> {
        self.parts.iter().find(|p| p.kind == kind)
    }
}

fn half(rate: Rate) -> Rate {
    Rate::from_fraction(rate.as_fraction() / Decimal::TWO).unwrap_or(Rate::ZERO)
}

/// The employee part of one rate within a group that has an employee rate for the group.
fn employee_part(rate: Rate, group_total: Decimal, group_employee: Option<Rate>) -> Rate {
    match group_employee {
        None => half(rate),
        Some(e) if !group_total.is_zero() => {
            Rate::from_fraction(rate.as_fraction() * e.as_fraction() / group_total)
                .unwrap_or(Rate::ZERO)
        }
        Some(_) => Rate::ZERO,
    }
}

/// The 支援金率 for premium month `month`: the society's own when it configured one, else the
/// national rate of the month's fiscal year; `Ok(None)` before April 2026 分 (no 支援金 yet).
///
/// # Errors
/// [`PremiumError::SupportRateUnknown`] for a month after the last fiscal year whose national
/// rate is known, when the society configured none: the rate is fixed each year and is never
/// carried over.
pub fn support_rate_for(
    config: &SocietyConfig,
    month: YearMonth,
) -> Result<Option<Rate>, PremiumError> {
    if let Some(own) = config.support_rate_override(month) {
        return Ok(Some(own));
    }
    if month < SUPPORT_CONTRIBUTION_FIRST_FISCAL_YEAR.first_month() {
        return Ok(None);
    }
    let national = SUPPORT_CONTRIBUTION_RATES
        .iter()
        .find(|r| r.first_month() <= month && month <= r.last_month());
    match national {
        Some(r) => Ok(Rate::from_percent(r.percent).ok()),
        None => Err(PremiumError::SupportRateUnknown {
            month,
            last_known: SUPPORT_CONTRIBUTION_RATES
                .iter()
                .map(|r| r.fiscal_year)
                .max()
                .unwrap_or(SUPPORT_CONTRIBUTION_FIRST_FISCAL_YEAR),
        }),
    }
}

fn rate_parts(
    rates: &PremiumRates,
    care: bool,
    support: Option<Rate>,
    payer: PremiumPayer,
) -> Vec<(PartKind, Rate, Rate)> {
    if payer == PremiumPayer::InsuredAlone {
        let mut parts = vec![(PartKind::General, rates.general, rates.general)];
        if !rates.adjustment.as_fraction().is_zero() {
            parts.push((PartKind::Adjustment, rates.adjustment, rates.adjustment));
        }
        if care {
            parts.push((PartKind::Care, rates.care, rates.care));
        }
        if let Some(s) = support {
            parts.push((PartKind::Support, s, s));
        }
        return parts;
    }
    let general_group = rates.general.as_fraction() + rates.adjustment.as_fraction();
    let mut parts = vec![(
        PartKind::General,
        rates.general,
        employee_part(rates.general, general_group, rates.employee_general),
    )];
    if !rates.adjustment.as_fraction().is_zero() {
        parts.push((
            PartKind::Adjustment,
            rates.adjustment,
            employee_part(rates.adjustment, general_group, rates.employee_general),
        ));
    }
    if care {
        parts.push((
            PartKind::Care,
            rates.care,
            rates.employee_care.unwrap_or_else(|| half(rates.care)),
        ));
    }
    if let Some(s) = support {
        parts.push((PartKind::Support, s, half(s)));
    }
    parts
}

fn compute(
    config: &SocietyConfig,
    base_kind: PremiumBase,
    month: YearMonth,
    base: Yen,
    subject: &PremiumSubject,
    payer: PremiumPayer,
    explain: Explain,
) -> Result<PremiumBreakdown, PremiumError> {
    let inputs = PremiumInputs {
        base_kind,
        base,
        care: care_reason(config, subject, month),
        payment: subject.payment,
        payer,
    };
    compute_for(config, month, inputs, explain)
}

/// Everything a premium of one society and month depends on: the person enters only through
/// whether and why 介護保険料 is charged ([`care_reason`]) and how the employee share is paid.
/// [`MonthPremiums`] decides each distinct one once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct PremiumInputs {
    base_kind: PremiumBase,
    base: Yen,
    care: Option<CareReason>,
    payment: PaymentMethod,
    payer: PremiumPayer,
}

fn compute_for(
    config: &SocietyConfig,
    month: YearMonth,
    inputs: PremiumInputs,
    explain: Explain,
) -> Result<PremiumBreakdown, PremiumError> {
    let PremiumInputs {
        base_kind,
        base,
        care,
        payment: subject_payment,
        payer,
    } = inputs;
    let rates = config
        .rates_for(month)
        .ok_or(PremiumError::NoRatesFor { month })?;
    let support = support_rate_for(config, month)?;
    let mut e = Explanation::with(
        match base_kind {
            PremiumBase::Monthly => "premium.monthly",
            PremiumBase::Bonus => "premium.bonus",
        },
        "健康保険法 第156条, 第160条, 第160条の2, 第161条, 第162条, 附則第2条",
        explain,
    );
    e.step(
        match base_kind {
            PremiumBase::Monthly => "標準報酬月額",
            PremiumBase::Bonus => "標準賞与額",
        },
        format_args!("{base} ({month})"),
    );
    match care {
        Some(CareReason::Category2) => {
            e.step("介護保険料", "charged: 介護保険第2号被保険者 (40–64)")
        }
        Some(CareReason::SpecifiedInsured) => {
            e.step("介護保険料", "charged: 特定被保険者 by the society's 規約")
        }
        None => e.step("介護保険料", "not charged"),
    };
    // 任意継続被保険者 pay the whole premium themselves, in cash (法161条1項ただし書).
    let payment = match payer {
        PremiumPayer::EmployeeAndEmployer => subject_payment,
        PremiumPayer::InsuredAlone => {
            e.step(
                "payer",
                "任意継続被保険者: the whole premium, no employer share (健康保険法 第161条1項ただし書); paid in cash",
            );
            PaymentMethod::Cash
        }
    };
    let mut parts = Vec::new();
    for (kind, rate, employee_rate) in rate_parts(rates, care.is_some(), support, payer) {
        let amount = rate.apply(base).normalize();
        let employee_exact = employee_rate.apply(base).normalize();
        let employee_rounded_alone = payment.round(employee_exact);
        e.step(
            kind.japanese(),
            format_args!(
                "{base} × {rate} = {amount}; employee {}% → {}",
                rounding::for_display(employee_rate.as_percent(), 6).normalize(),
                rounding::for_display(employee_exact, 2).normalize()
            ),
        );
        parts.push(PremiumPart {
            kind,
            rate,
            employee_rate,
            amount,
            employee_exact,
            employee_rounded_alone,
        });
    }
    let total: Decimal = parts.iter().map(|p| p.amount).sum::<Decimal>().normalize();
    // The employee rates of the groups, exact: 一般 + 調整 (the 規約 may give one employee rate
    // for the pair), 介護, 支援金.
    let overflow = |_| PremiumError::RateOverflow { month };
    let general_group = rates
        .general
        .checked_add(rates.adjustment)
        .map_err(overflow)?;
    let alone = payer == PremiumPayer::InsuredAlone;
    let mut health = match (alone, rates.employee_general) {
        (true, _) => general_group,
        (false, Some(e)) => e,
        (false, None) => half(general_group),
    };
    if care.is_some() {
        let care_part = match (alone, rates.employee_care) {
            (true, _) => rates.care,
            (false, Some(e)) => e,
            (false, None) => half(rates.care),
        };
        health = health.checked_add(care_part).map_err(overflow)?;
    }
    let support_employee = if alone { support } else { support.map(half) };
    let employee = match (config.support_rounding, support_employee) {
        (SupportContributionRounding::SeparateLine, Some(sup)) => {
            let h = payment.round(health.apply(base));
            let s = payment.round(sup.apply(base));
            e.step(
                "employee share (支援金 on its own line)",
                format_args!("{base} × {health} → {h}; {base} × {sup} → {s}; {h} + {s}"),
            );
            h + s
        }
        (_, sup) => {
            let combined = match sup {
                Some(s) => health.checked_add(s).map_err(overflow)?,
                None => health,
            };
            let exact = combined.apply(base).normalize();
            let rounded = payment.round(exact);
            e.step(
                "employee share (rates added, rounded once)",
                format_args!("{base} × {combined} = {exact} → {rounded} ({:?})", payment),
            );
            rounded
        }
    };
    let employer = if alone {
        e.step("employer share", "none (任意継続被保険者)");
        Decimal::ZERO
    } else {
        let employer = (total - employee.to_decimal()).normalize();
        e.step(
            "employer share",
            format_args!(
                "{total} − {employee} = {employer} (fraction dropped on the office notice)"
            ),
        );
        employer
    };
    Ok(PremiumBreakdown {
        base_kind,
        month,
        base,
        parts,
        care,
        total,
        employee,
        employer,
        payer,
        explanation: e,
    })
}

/// The monthly premium (月額保険料) of one person for premium month `month`, on the 標準報酬月額
/// of `grade`, with the society's rates for that month. Whether the month carries a premium at
/// all (insured, not exempt) is [`month_charge`].
pub fn monthly_premium(
    config: &SocietyConfig,
    month: YearMonth,
    grade: Grade,
    subject: &PremiumSubject,
) -> Result<PremiumBreakdown, PremiumError> {
    monthly_premium_with(config, month, grade, subject, Explain::Steps)
}

/// [`monthly_premium`], with its steps written only when `explain` asks for them (the figures
/// are the same; a monthly run that books every line asks for [`Explain::RuleOnly`]).
pub fn monthly_premium_with(
    config: &SocietyConfig,
    month: YearMonth,
    grade: Grade,
    subject: &PremiumSubject,
    explain: Explain,
) -> Result<PremiumBreakdown, PremiumError> {
    compute(
        config,
        PremiumBase::Monthly,
        month,
        grade.standard_monthly,
        subject,
        PremiumPayer::EmployeeAndEmployer,
        explain,
    )
}

/// The monthly premium of an insured person who pays it alone, a 任意継続被保険者 (健康保険法
/// 第157条, 第161条1項ただし書): the same parts and rates as [`monthly_premium`] (一般, 調整,
/// 介護 where due, 支援金) on the 標準報酬月額 of `grade`, with no employer share, rounded once by
/// the cash rule. The 標準報酬月額 of a 任意継続被保険者 (法47条) is decided by
/// [`crate::voluntary_continuation::standard_monthly`], which calls this.
pub fn monthly_premium_paid_alone(
    config: &SocietyConfig,
    month: YearMonth,
    grade: Grade,
    subject: &PremiumSubject,
    explain: Explain,
) -> Result<PremiumBreakdown, PremiumError> {
    compute(
        config,
        PremiumBase::Monthly,
        month,
        grade.standard_monthly,
        subject,
        PremiumPayer::InsuredAlone,
        explain,
    )
}

/// The bonus premium (賞与保険料) of one person on a 標準賞与額 (see
/// [`crate::standard_remuneration::standard_bonus`]) paid in `month`, with the same rates and
/// rounding as the monthly premium. Whether the bonus carries a premium is [`bonus_charge`].
pub fn bonus_premium(
    config: &SocietyConfig,
    month: YearMonth,
    standard_bonus: Yen,
    subject: &PremiumSubject,
) -> Result<PremiumBreakdown, PremiumError> {
    bonus_premium_with(config, month, standard_bonus, subject, Explain::Steps)
}

/// [`bonus_premium`], with its steps written only when `explain` asks for them.
pub fn bonus_premium_with(
    config: &SocietyConfig,
    month: YearMonth,
    standard_bonus: Yen,
    subject: &PremiumSubject,
    explain: Explain,
) -> Result<PremiumBreakdown, PremiumError> {
    if standard_bonus.is_negative() || standard_bonus.get() % 1000 != 0 {
        return Err(PremiumError::InvalidStandardBonus {
            amount: standard_bonus,
        });
    }
    compute(
        config,
        PremiumBase::Bonus,
        month,
        standard_bonus,
        subject,
        PremiumPayer::EmployeeAndEmployer,
        explain,
    )
}

/// The premiums of one premium month of one society, for a run that books every insured
/// person's: each distinct premium is decided once ([`monthly_premium_with`],
/// [`bonus_premium_with`]) and lent to every person it applies to. A premium depends on the
/// person only through [`care_reason`] and the payment method (the inputs of the computation),
/// so 300,000 persons share a few hundred premiums; the breakdowns lent are those the
/// functions give for each person.
#[derive(Debug)]
pub struct MonthPremiums<'c> {
    config: &'c SocietyConfig,
    month: YearMonth,
    explain: Explain,
    decided: std::collections::HashMap<PremiumInputs, PremiumBreakdown>,
}

impl<'c> MonthPremiums<'c> {
    /// The premiums of `month` under `config`, explained as `explain` asks.
    pub fn new(config: &'c SocietyConfig, month: YearMonth, explain: Explain) -> Self {
        MonthPremiums {
            config,
            month,
            explain,
            decided: std::collections::HashMap::new(),
        }
    }

    /// [`monthly_premium_with`] for `subject` on `grade`.
    ///
    /// # Errors
    /// As [`monthly_premium_with`].
    pub fn monthly(
        &mut self,
        grade: Grade,
        subject: &PremiumSubject,
    ) -> Result<&PremiumBreakdown, PremiumError> {
        self.get(PremiumBase::Monthly, grade.standard_monthly, subject)
    }

    /// [`bonus_premium_with`] for `subject` on a 標準賞与額 paid in the month.
    ///
    /// # Errors
    /// As [`bonus_premium_with`].
    pub fn bonus(
        &mut self,
        standard_bonus: Yen,
        subject: &PremiumSubject,
    ) -> Result<&PremiumBreakdown, PremiumError> {
        if standard_bonus.is_negative() || standard_bonus.get() % 1000 != 0 {
            return Err(PremiumError::InvalidStandardBonus {
                amount: standard_bonus,
            });
        }
        self.get(PremiumBase::Bonus, standard_bonus, subject)
    }

    /// How many distinct premiums were decided.
    pub fn distinct(&self) -> usize {
        self.decided.len()
    }

    fn get(
        &mut self,
        base_kind: PremiumBase,
        base: Yen,
        subject: &PremiumSubject,
    ) -> Result<&PremiumBreakdown, PremiumError> {
        let inputs = PremiumInputs {
            base_kind,
            base,
            care: care_reason(self.config, subject, self.month),
            payment: subject.payment,
            payer: PremiumPayer::EmployeeAndEmployer,
        };
        match self.decided.entry(inputs) {
            std::collections::hash_map::Entry::Occupied(o) => Ok(o.into_mut()),
            std::collections::hash_map::Entry::Vacant(v) => {
                Ok(v.insert(compute_for(self.config, self.month, inputs, self.explain)?))
            }
        }
    }
}

#[cfg(test)]
mod tests;
