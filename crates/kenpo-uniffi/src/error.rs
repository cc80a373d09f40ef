//! The one public error of the bindings, [`KenpoError`], and the mapping of every domain error
//! into it.
//!
//! Like application-services, the domain keeps its rich errors and the bindings expose a small
//! enum whose variants say what a caller can do: fix an argument, fix a configuration file,
//! fix an input record, accept a rule's refusal, or report a bug. Locations (file, line, column,
//! field) are structured fields. No field ever carries personal data: the domain's messages
//! name rules, fields and masked keys only, and the bindings add field names, never values
//! (Kotlin's exception message prints every field).

use kenpo_domain::calendar::CalendarError;
use kenpo_domain::identifiers::IdentifierError;
use kenpo_domain::member::MemberError;
use kenpo_domain::money::RateError;
use kenpo_domain::person::PersonError;
use kenpo_domain::premium::PremiumError;
use kenpo_domain::sickness_allowance::SicknessAllowanceError;
use kenpo_domain::society::ConfigError;
use kenpo_domain::standard_remuneration::{DecisionError, GradeError};

/// Why a call failed. Thrown as `KenpoException` (Kotlin) / `KenpoError` (Swift).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
#[non_exhaustive]
pub enum KenpoError {
    /// An argument is malformed: a date that is not `YYYY-MM-DD`, a month that is not
    /// `YYYY-MM`, a decimal that is not decimal text, an identifier (記号・番号, 事業所記号,
    /// 保険者番号) that breaks its format, a name that is not katakana. Fix the argument.
    #[error("{field}: {detail}")]
    InvalidArgument {
        /// The argument or record field, with its index in a list (`items[3].subject.birth_date`).
        field: String,
        /// What is wrong (never the rejected value).
        detail: String,
    },
    /// A configuration text (society configuration, TOML or JSON) was refused. Fix the file.
    #[error("{source_name}:{line}:{column}: {key}: {detail}")]
    InvalidConfig {
        /// Which text: `"society config (toml)"`, `"society config (json)"`.
        source_name: String,
        /// 1-based line, 0 when unknown.
        line: i64,
        /// 1-based column, 0 when unknown.
        column: i64,
        /// The key path (`rates[1].value.general`), empty for a syntax error.
        key: String,
        /// What is wrong.
        detail: String,
    },
    /// A rule of the domain refuses the request (a member event breaking a rule of 適用, no
    /// premium rates for the month, a 標準報酬 decision without months). The request is well
    /// formed but cannot be granted as it is; `rule` names the rule and its source.
    #[error("{rule}: {detail}")]
    Rejected {
        /// The rule id (`member.aged_75_or_over (健康保険法 第3条1項, 高確法 第50条)`).
        rule: String,
        /// What the rule says about this request.
        detail: String,
    },
    /// A bug in kenpo (a state that should not be reachable, a domain value this binding does
    /// not know yet). Report it; retrying will not help.
    #[error("internal error: {detail}")]
    Internal {
        /// What happened.
        detail: String,
    },
}

impl KenpoError {
    /// An [`KenpoError::InvalidArgument`] for `field`.
    pub(crate) fn argument(field: impl Into<String>, detail: impl ToString) -> Self {
        KenpoError::InvalidArgument {
            field: field.into(),
            detail: detail.to_string(),
        }
    }

    /// A [`KenpoError::Rejected`] by `rule`.
    pub(crate) fn rejected(rule: impl Into<String>, detail: impl ToString) -> Self {
        KenpoError::Rejected {
            rule: rule.into(),
            detail: detail.to_string(),
        }
    }

    /// A domain value this binding does not map yet (the domain's enums are non-exhaustive).
    pub(crate) fn unknown_variant(type_name: &str) -> Self {
        KenpoError::Internal {
            detail: format!("a {type_name} value unknown to this version of kenpo-uniffi"),
        }
    }

    /// Prefixes the field of an [`KenpoError::InvalidArgument`] with `prefix` (a list index or
    /// an enclosing argument); other variants are returned as they are.
    pub(crate) fn within(self, prefix: &str) -> Self {
        match self {
            KenpoError::InvalidArgument { field, detail } => KenpoError::InvalidArgument {
                field: if field.is_empty() {
                    prefix.to_owned()
                } else {
                    format!("{prefix}.{field}")
                },
                detail,
            },
            other => other,
        }
    }
}

/// The result of every fallible binding call.
pub type KenpoResult<T> = Result<T, KenpoError>;

/// Converts a `usize` count or position into the bindings' signed integer (Java has no unsigned
/// types), saturating at `i64::MAX`.
pub(crate) fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl From<ConfigError> for KenpoError {
    fn from(e: ConfigError) -> Self {
        match e {
            ConfigError::Parse {
                format,
                line,
                column,
                message,
            } => KenpoError::InvalidConfig {
                source_name: format!("society config ({})", format_name(format)),
                line: count(line),
                column: count(column),
                key: String::new(),
                detail: message,
            },
            ConfigError::Invalid { key, problem } => KenpoError::InvalidConfig {
                source_name: "society config".to_owned(),
                line: 0,
                column: 0,
                key,
                detail: problem.to_string(),
            },
            other => KenpoError::InvalidConfig {
                source_name: "society config".to_owned(),
                line: 0,
                column: 0,
                key: String::new(),
                detail: other.to_string(),
            },
        }
    }
}

fn format_name(format: kenpo_domain::society::ConfigFormat) -> &'static str {
    match format {
        kenpo_domain::society::ConfigFormat::Toml => "toml",
        kenpo_domain::society::ConfigFormat::Json => "json",
        _ => "unknown format",
    }
}

impl From<PremiumError> for KenpoError {
    fn from(e: PremiumError) -> Self {
        match e {
            PremiumError::InvalidStandardBonus { .. } => KenpoError::argument("standard_bonus", e),
            PremiumError::InvalidDates { field, .. } => KenpoError::argument(field, e),
            other => KenpoError::rejected("premium", other),
        }
    }
}

impl From<GradeError> for KenpoError {
    fn from(e: GradeError) -> Self {
        match e {
            GradeError::NoTableFor { .. } => {
                KenpoError::rejected("standard_remuneration.grade_table (健康保険法 第40条)", e)
            }
            other => KenpoError::argument("", other),
        }
    }
}

impl From<DecisionError> for KenpoError {
    fn from(e: DecisionError) -> Self {
        match e {
            DecisionError::MonthOutsideWindow { field, .. }
            | DecisionError::DuplicateMonth { field, .. }
            | DecisionError::MissingMonth { field, .. }
            | DecisionError::NegativeAmount { field, .. }
            | DecisionError::TooManyBaseDays { field, .. }
            | DecisionError::Invalid { field, .. } => KenpoError::argument(field, e),
            DecisionError::Grade(g) => g.into(),
            other => KenpoError::rejected("standard_remuneration", other),
        }
    }
}

impl From<MemberError> for KenpoError {
    fn from(e: MemberError) -> Self {
        KenpoError::rejected(e.rule(), e)
    }
}

impl From<SicknessAllowanceError> for KenpoError {
    fn from(e: SicknessAllowanceError) -> Self {
        match e {
            SicknessAllowanceError::HistoryNotAscending { index, .. }
            | SicknessAllowanceError::NonPositiveStandardMonthly { index, .. } => {
                KenpoError::argument(format!("history[{index}]"), e)
            }
            SicknessAllowanceError::DaysNotAscending { index, .. } => {
                KenpoError::argument(format!("days[{index}]"), e)
            }
            SicknessAllowanceError::NegativeAmount { index, field, .. } => {
                KenpoError::argument(format!("days[{index}].{field}"), e)
            }
            SicknessAllowanceError::NegativeInput { field } => KenpoError::argument(field, e),
            other => KenpoError::rejected("sickness_allowance (健康保険法 第99条)", other),
        }
    }
}

impl From<IdentifierError> for KenpoError {
    fn from(e: IdentifierError) -> Self {
        KenpoError::argument("", e)
    }
}

impl From<PersonError> for KenpoError {
    fn from(e: PersonError) -> Self {
        KenpoError::argument("", e)
    }
}

impl From<CalendarError> for KenpoError {
    fn from(e: CalendarError) -> Self {
        // The domain's messages repeat the text or the figures (a birth month is personal
        // data): say only what form was expected.
        let _ = e;
        KenpoError::argument(
            "",
            "not a month in the form YYYY-MM (month 01–12, year 1–9999)",
        )
    }
}

impl From<RateError> for KenpoError {
    fn from(e: RateError) -> Self {
        match e {
            RateError::OutOfRange { .. } => KenpoError::argument("", e),
            _ => KenpoError::argument("", "not a decimal number"),
        }
    }
}
