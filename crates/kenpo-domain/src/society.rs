//! A society's own configuration (組合の規約・設定): its premium rates with the months they apply
//! from, the employer's share, the 特定被保険者 rule, the 子ども・子育て支援金 rounding option and
//! the 傷病手当金 fallback amount, loaded from TOML or JSON and validated on load.
//!
//! Every value that changes over time is a list of [`Dated`] entries, each applying from its
//! `effective_from` month (the premium month, 保険料の月) until the next entry starts or until
//! its optional `effective_through` month. Overlapping entries are refused.
//!
//! Rates are written as text with their unit: `"92‰"` (per mille, the form 健保組合 set them in),
//! `"9.2%"`, or a bare fraction `"0.092"`.
//!
//! ```
//! use kenpo_domain::society::{SocietyConfig, SupportContributionRounding};
//! use kenpo_domain::calendar::YearMonth;
//!
//! let config = SocietyConfig::from_toml_str(r#"
//!     name = "見本健康保険組合"
//!     [[rates]]
//!     effective_from = "2026-03"
//!     value = { general = "92‰", adjustment = "1.3‰", care = "18‰" }
//! "#).unwrap();
//! let rates = config.rates_for(YearMonth::new(2026, 4).unwrap()).unwrap();
//! assert_eq!(rates.general.to_string(), "9.2%");
//! assert_eq!(config.support_rounding, SupportContributionRounding::CombinedWithHealth);
//!
//! // A rate outside 30–130/1000 is refused, and the error names the key.
//! let err = SocietyConfig::from_toml_str(r#"
//!     name = "x"
//!     [[rates]]
//!     effective_from = "2026-03"
//!     value = { general = "131‰", care = "18‰" }
//! "#).unwrap_err();
//! assert!(err.to_string().starts_with("rates[0].value.general"));
//! ```
//!
//! Doubts: whether 法162条 lets a society put more than half of the 支援金 on the employer is
//! not confirmed (docs/SOURCES.md §11 item 7), so the 支援金 is always split in half here; the rounding
//! of the 支援金 line is the option [`SupportContributionRounding`] (docs/SOURCES.md §11 item 6).
//! The 付加給付 of 高額療養費 are `[additional_benefits]`
//! ([`crate::additional_benefit`]); the cash-benefit 付加金 are `[cash_supplements]`
//! ([`crate::cash_supplement`]); the 任意継続 標準報酬月額 rule is `[[voluntary_continuation]]`
//! ([`crate::voluntary_continuation`]).

use std::fmt;

use rust_decimal::Decimal;
use std::borrow::Cow;

use crate::additional_benefit::AdditionalBenefitRules;
use crate::cash_supplement::CashSupplements;
use crate::sickness_allowance::FallbackAverage;
use crate::voluntary_continuation::VoluntaryStandardRule;
use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;
use crate::identifiers::InsurerNumber;
use crate::money::{Rate, Yen};

/// The lowest 一般保険料率 a 健保組合 may set: 30/1000 (健康保険法 第160条13項).
pub const GENERAL_RATE_MIN_PER_MILLE: Decimal = Decimal::from_parts(30, 0, 0, false, 0);
/// The highest 一般保険料率 a 健保組合 may set: 130/1000 (健康保険法 第160条13項).
pub const GENERAL_RATE_MAX_PER_MILLE: Decimal = Decimal::from_parts(130, 0, 0, false, 0);

/// A value that applies from a month (適用開始月), optionally until a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dated<T> {
    /// The first premium month the value applies to.
    pub effective_from: YearMonth,
    /// The last month it applies to; `None` until the next entry starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_through: Option<YearMonth>,
    /// The value.
    pub value: T,
}

impl<T> Dated<T> {
    /// A value applying from `effective_from` until the next entry.
    pub fn from(effective_from: YearMonth, value: T) -> Self {
        Dated {
            effective_from,
            effective_through: None,
            value,
        }
    }
}

/// The entry of `entries` that applies to `month`: the latest one starting on or before it,
/// unless that one ended before `month`.
pub fn dated_at<T>(entries: &[Dated<T>], month: YearMonth) -> Option<&Dated<T>> {
    entries
        .iter()
        .filter(|e| e.effective_from <= month)
        .max_by_key(|e| e.effective_from)
        .filter(|e| e.effective_through.is_none_or(|t| month <= t))
}

/// The premium rates of a society for a period (保険料率, 健康保険法 第160条, 附則第2条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PremiumRates {
    /// 一般保険料率 (基本保険料率 + 特定保険料率), 30–130/1000 (法160条13項).
    #[serde(with = "rate_text")]
    pub general: Rate,
    /// 調整保険料率 (附則第2条, 令67条: 基本調整保険料率 × 修正率), collected with the 一般保険料
    /// and shown as its own part.
    #[serde(default = "zero_rate", with = "rate_text")]
    pub adjustment: Rate,
    /// 介護保険料率 (法160条), set by the society, charged to 介護保険第2号被保険者.
    #[serde(with = "rate_text")]
    pub care: Rate,
    /// The employee's part of 一般 + 調整 (被保険者負担分, 法162条): at most half; `None` is half.
    #[serde(
        default,
        with = "option_rate_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub employee_general: Option<Rate>,
    /// The employee's part of 介護 (法162条): at most half; `None` is half.
    #[serde(
        default,
        with = "option_rate_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub employee_care: Option<Rate>,
}

fn zero_rate() -> Rate {
    Rate::ZERO
}

/// How the employee share of the 子ども・子育て支援金 is rounded (docs/SOURCES.md §2.2, open item 6).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SupportContributionRounding {
    /// The 支援金率 is added to the health (一般 + 調整 + 介護) rate and the employee share is
    /// rounded once: the reading of the MHLW 事務連絡 「子ども・子育て支援金制度の創設に伴う事務の
    /// 取扱い等について」 (2026-02-12) and its Q&A, seen only in summary (sr-bridge.com).
    #[default]
    CombinedWithHealth,
    /// The 支援金 is its own payslip line, rounded on its own (as a separate column of a 額表
    /// suggests); the total employee share can then differ by ±1 yen.
    SeparateLine,
}

/// The configuration of one society (健康保険組合).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SocietyConfig {
    /// The society's name (組合名).
    pub name: String,
    /// The society's 保険者番号 (法別 06 for a 健康保険組合), checked with its check digit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurer_number: Option<InsurerNumber>,
    /// The premium rates over time.
    pub rates: Vec<Dated<PremiumRates>>,
    /// The 子ども・子育て支援金率 when the society sets its own (法160条の2), or the rate of a
    /// fiscal year announced after this release; months without an entry use the national rate
    /// of their fiscal year ([`crate::premium::SUPPORT_CONTRIBUTION_RATES`]), and a month after
    /// the last known year with no entry is refused
    /// ([`crate::premium::PremiumError::SupportRateUnknown`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub support_rates: Vec<Dated<SupportRate>>,
    /// Whether the society's 規約 charges 介護保険料 to 特定被保険者 (insured under 40 or 65+ with a
    /// dependant aged 40–64; 健康保険法 附則第7条).
    #[serde(default)]
    pub specified_insured_care: bool,
    /// The rounding of the 支援金 employee share.
    #[serde(default)]
    pub support_rounding: SupportContributionRounding,
    /// The 傷病手当金 fallback standard monthly amount (法99条2項ただし書: the society's average
    /// 標準報酬月額 of 30 September of the previous year), by the month of the first day of payment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sickness_allowance_fallback: Vec<Dated<Yen>>,
    /// The society's additional benefits (付加給付: 一部負担還元金, 家族療養費付加金,
    /// 合算高額療養費付加金) by the 規約, when it pays any. Validated on load like the rest
    /// (see [`AdditionalBenefitRules`]); in TOML a table `[additional_benefits]` with
    /// `[[additional_benefits.versions]]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_benefits: Option<AdditionalBenefitRules>,
    /// The 任意継続被保険者 標準報酬月額 rule (健康保険法 第47条): the society's figure and any
    /// 規約 rule of 第47条2項, by premium month (see
    /// [`crate::voluntary_continuation::VoluntaryStandardRule`]). In TOML
    /// `[[voluntary_continuation]]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub voluntary_continuation: Vec<Dated<VoluntaryStandardRule>>,
    /// The cash-benefit 付加金 of the 規約 (傷病手当付加金, 延長傷病手当付加金, 出産育児付加金,
    /// 家族出産育児付加金, 埋葬料付加金, 家族埋葬料付加金), each dated (see
    /// [`crate::cash_supplement::CashSupplements`]). In TOML `[cash_supplements]` with one list per
    /// benefit.
    #[serde(default, skip_serializing_if = "CashSupplements::is_empty")]
    pub cash_supplements: CashSupplements,
}

/// A 子ども・子育て支援金率 entry (a newtype so that it is written as text with its unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SupportRate(#[serde(with = "rate_text")] pub Rate);

/// The format a configuration was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConfigFormat {
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

/// What is wrong with a configuration value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigProblem {
    /// 一般保険料率 outside 30–130/1000 (法160条13項).
    GeneralRateOutOfRange {
        /// The rate, per mille.
        per_mille: Decimal,
    },
    /// The employee's part is more than half of the rate (法162条 lets only the employer bear more).
    EmployeeShareAboveHalf {
        /// The employee part, per mille.
        employee_per_mille: Decimal,
        /// The rate it is part of, per mille.
        rate_per_mille: Decimal,
    },
    /// Two entries apply to the same month.
    Overlap {
        /// The first month both apply to.
        month: YearMonth,
        /// The index of the other entry.
        other: usize,
    },
    /// `effective_through` before `effective_from`.
    EndsBeforeStart,
    /// A required list is empty.
    Empty,
    /// A negative amount.
    Negative,
    /// A blank text.
    Blank,
    /// An amount that is not a 標準報酬月額 of the grade table.
    NotAStandardAmount {
        /// The amount given.
        amount: Yen,
    },
    /// An amount above the limit a rule sets.
    AboveLimit {
        /// The limit.
        limit: Yen,
        /// The rule.
        rule: &'static str,
    },
    /// An amount at or below the floor a rule sets.
    BelowLimit {
        /// The floor.
        limit: Yen,
        /// The rule.
        rule: &'static str,
    },
    /// An entry in force before the law that allows it.
    BeforeLaw {
        /// The first month the law allows it.
        law_from: YearMonth,
        /// The rule.
        rule: &'static str,
    },
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigProblem::GeneralRateOutOfRange { per_mille } => write!(
                f,
                "一般保険料率 {per_mille}‰ is outside 30‰–130‰ (健康保険法 第160条13項)"
            ),
            ConfigProblem::EmployeeShareAboveHalf {
                employee_per_mille,
                rate_per_mille,
            } => write!(
                f,
                "employee part {employee_per_mille}‰ is more than half of {rate_per_mille}‰ (健康保険法 第162条)"
            ),
            ConfigProblem::Overlap { month, other } => {
                write!(f, "overlaps entry [{other}] in {month}")
            }
            ConfigProblem::EndsBeforeStart => write!(f, "effective_through is before effective_from"),
            ConfigProblem::Empty => write!(f, "must not be empty"),
            ConfigProblem::Negative => write!(f, "must not be negative"),
            ConfigProblem::Blank => write!(f, "must not be blank"),
            ConfigProblem::NotAStandardAmount { amount } => {
                write!(f, "{amount} is not a 標準報酬月額 of the grade table")
            }
            ConfigProblem::AboveLimit { limit, rule } => {
                write!(f, "must be at most {limit} ({rule})")
            }
            ConfigProblem::BelowLimit { limit, rule } => {
                write!(f, "must be more than {limit} ({rule})")
            }
            ConfigProblem::BeforeLaw { law_from, rule } => {
                write!(f, "not allowed before {law_from} ({rule})")
            }
        }
    }
}

/// Why a configuration was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The text is not valid TOML/JSON for the configuration (unknown keys, wrong types, bad rate
    /// text, bad month). The message names the key.
    #[error("{format:?} line {line}, column {column}: {message}")]
    Parse {
        /// The format.
        format: ConfigFormat,
        /// 1-based line (0 when unknown).
        line: usize,
        /// 1-based column (0 when unknown).
        column: usize,
        /// The parser's message (the configuration holds no personal data).
        message: String,
    },
    /// A value breaks a rule.
    #[error("{key}: {problem}")]
    Invalid {
        /// The key path, e.g. `rates[1].value.general`.
        key: String,
        /// What is wrong.
        problem: ConfigProblem,
    },
}

fn invalid(key: impl Into<String>, problem: ConfigProblem) -> ConfigError {
    ConfigError::Invalid {
        key: key.into(),
        problem,
    }
}

/// Checks that the entries of `key` are well-formed and no two apply to the same month.
pub fn validate_dated<T>(key: &str, entries: &[Dated<T>]) -> Result<(), ConfigError> {
    for (i, e) in entries.iter().enumerate() {
        if e.effective_through.is_some_and(|t| t < e.effective_from) {
            return Err(invalid(
                format!("{key}[{i}].effective_through"),
                ConfigProblem::EndsBeforeStart,
            ));
        }
    }
    for (i, a) in entries.iter().enumerate() {
        for (j, b) in entries.iter().enumerate().skip(i + 1) {
            // With no explicit end an entry runs until the next one starts, so only entries that
            // start in the same month, or an explicit end at or after a later start, overlap.
            let (first, second, second_index) = if a.effective_from <= b.effective_from {
                (a, b, j)
            } else {
                (b, a, i)
            };
            let overlaps = first.effective_from == second.effective_from
                || first
                    .effective_through
                    .is_some_and(|t| t >= second.effective_from);
            if overlaps {
                let other = if second_index == j { i } else { j };
                return Err(invalid(
                    format!("{key}[{second_index}].effective_from"),
                    ConfigProblem::Overlap {
                        month: second.effective_from,
                        other,
                    },
                ));
            }
        }
    }
    Ok(())
}

fn check_employee_part(
    key: String,
    employee: Option<Rate>,
    rate: Decimal,
) -> Result<(), ConfigError> {
    if let Some(e) = employee {
        if e.as_fraction() * Decimal::TWO > rate {
            return Err(invalid(
                key,
                ConfigProblem::EmployeeShareAboveHalf {
                    employee_per_mille: e.as_per_mille(),
                    rate_per_mille: (rate * Decimal::ONE_THOUSAND).normalize(),
                },
            ));
        }
    }
    Ok(())
}

impl SocietyConfig {
    /// Reads and validates a TOML configuration.
    pub fn from_toml_str(text: &str) -> Result<SocietyConfig, ConfigError> {
        let config: SocietyConfig = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((0, 0), |s| line_column(text, s.start));
            ConfigError::Parse {
                format: ConfigFormat::Toml,
                line,
                column,
                message: e.message().to_owned(),
            }
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Reads and validates a JSON configuration.
    pub fn from_json_str(text: &str) -> Result<SocietyConfig, ConfigError> {
        let config: SocietyConfig = serde_json::from_str(text).map_err(|e| ConfigError::Parse {
            format: ConfigFormat::Json,
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Checks every rule: a name; at least one rate entry; 一般保険料率 within 30–130/1000; employee
    /// parts at most half; no overlapping periods; no negative amounts.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.name.trim().is_empty() {
            return Err(invalid("name", ConfigProblem::Blank));
        }
        if self.rates.is_empty() {
            return Err(invalid("rates", ConfigProblem::Empty));
        }
        for (i, entry) in self.rates.iter().enumerate() {
            let r = &entry.value;
            let general = r.general.as_per_mille();
            if general < GENERAL_RATE_MIN_PER_MILLE || general > GENERAL_RATE_MAX_PER_MILLE {
                return Err(invalid(
                    format!("rates[{i}].value.general"),
                    ConfigProblem::GeneralRateOutOfRange { per_mille: general },
                ));
            }
            check_employee_part(
                format!("rates[{i}].value.employee_general"),
                r.employee_general,
                r.general.as_fraction() + r.adjustment.as_fraction(),
            )?;
            check_employee_part(
                format!("rates[{i}].value.employee_care"),
                r.employee_care,
                r.care.as_fraction(),
            )?;
        }
        validate_dated("rates", &self.rates)?;
        validate_dated("support_rates", &self.support_rates)?;
        validate_dated(
            "sickness_allowance_fallback",
            &self.sickness_allowance_fallback,
        )?;
        for (i, e) in self.sickness_allowance_fallback.iter().enumerate() {
            if e.value.is_negative() {
                return Err(invalid(
                    format!("sickness_allowance_fallback[{i}].value"),
                    ConfigProblem::Negative,
                ));
            }
        }
        crate::voluntary_continuation::validate_rules(&self.voluntary_continuation)?;
        self.cash_supplements.validate()?;
        Ok(())
    }

    /// The rates that apply to premium month `month`.
    pub fn rates_for(&self, month: YearMonth) -> Option<&PremiumRates> {
        dated_at(&self.rates, month).map(|e| &e.value)
    }

    /// The society's own 支援金率 for `month`, if it set one.
    pub fn support_rate_override(&self, month: YearMonth) -> Option<Rate> {
        dated_at(&self.support_rates, month).map(|e| e.value.0)
    }

    /// The 傷病手当金 fallback standard monthly amount for an allowance starting in `month`.
    pub fn sickness_allowance_fallback_for(&self, month: YearMonth) -> Option<Yen> {
        dated_at(&self.sickness_allowance_fallback, month).map(|e| e.value)
    }

    /// The society's fallback amounts in the form the 傷病手当金 rules take
    /// ([`crate::sickness_allowance::daily_amount`]): each entry applies from the first day of
    /// its month. An `effective_through` end is not carried over: the sickness rules take each
    /// value until the next one starts, so a configuration that ends a value without a
    /// successor should add the successor instead.
    pub fn sickness_fallback_averages(&self) -> Vec<FallbackAverage> {
        self.sickness_allowance_fallback
            .iter()
            .map(|e| FallbackAverage {
                effective_from: e.effective_from.first_day(),
                amount: e.value,
                source: Cow::Owned(format!(
                    "society configuration of {} (sickness_allowance_fallback from {})",
                    self.name, e.effective_from
                )),
            })
            .collect()
    }
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Serde for a [`Rate`] written as text with its unit (`"92‰"`, `"9.2%"`, `"0.092"`); written
/// back per mille.
pub(crate) mod rate_text {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::money::Rate;

    pub fn serialize<S: Serializer>(rate: &Rate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{}‰", rate.as_per_mille()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Rate, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// [`rate_text`] for an optional rate.
pub(crate) mod option_rate_text {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::money::Rate;

    pub fn serialize<S: Serializer>(rate: &Option<Rate>, s: S) -> Result<S::Ok, S::Error> {
        match rate {
            Some(r) => super::rate_text::serialize(r, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Rate>, D::Error> {
        let text = Option::<String>::deserialize(d)?;
        text.map(|t| t.parse().map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests;
