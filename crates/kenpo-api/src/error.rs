//! The one public error of the host API, [`KenpoError`], and the mapping of every domain error
//! into it.
//!
//! Like application-services, the domain keeps its rich errors and the API exposes a small enum
//! whose variants say what a caller can do: fix an argument or record, fix a configuration file,
//! accept a rule's refusal, or report a bug. Every variant carries the [`ResultCode`] number as
//! `code` (the same number a C caller gets as `kenpo_result`), and locations (field path, line,
//! column) as structured fields. No field ever carries personal data: the domain's messages name
//! rules, fields and masked keys only, and this layer adds field names, never values (Kotlin's
//! exception message prints every field).
//!
//! Thrown as `KenpoException` in Kotlin (one subclass per variant, each with `code`) and as the
//! enum `KenpoError` in Swift.

use kenpo_domain::additional_benefit::AdditionalBenefitError;
use kenpo_domain::benefit_record::BenefitRecordError;
use kenpo_domain::burial::BurialError;
use kenpo_domain::calendar::CalendarError;
use kenpo_domain::checkup::result::CheckupError;
use kenpo_domain::checkup::xml::XmlError;
use kenpo_domain::childbirth::ChildbirthError;
use kenpo_domain::dependent_recognition::RecognitionError;
use kenpo_domain::era::EraError;
use kenpo_domain::expense_notice::ExpenseNoticeError;
use kenpo_domain::high_cost::HighCostError;
use kenpo_domain::identifiers::IdentifierError;
use kenpo_domain::maternity_allowance::MaternityAllowanceError;
use kenpo_domain::member::{MasterLoadError, MemberError};
use kenpo_domain::money::RateError;
use kenpo_domain::person::PersonError;
use kenpo_domain::premium::PremiumError;
use kenpo_domain::sickness_allowance::SicknessAllowanceError;
use kenpo_domain::society::ConfigError;
use kenpo_domain::standard_remuneration::{BonusError, DecisionError, GradeError};
use kenpo_domain::voluntary_continuation::VoluntaryError;

use crate::code::ResultCode;

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Error))]
#[non_exhaustive]
pub enum KenpoError {
    /// An argument or an input record is malformed or breaks a rule of its form: a date that is
    /// not a day of the calendar, an unknown enum value, a negative amount, JSON of the wrong
    /// shape, an identifier that fails its check digit. Fix the field named.
    #[error("{field}: {detail}")]
    InvalidInput {
        /// The [`ResultCode`] number (2xx, or 105 for JSON that does not parse).
        code: i32,
        /// The field path, with list indexes (`items[3].subject.birth_date`); empty when the
        /// whole input is concerned.
        field: String,
        /// What is wrong (never the rejected value).
        detail: String,
    },
    /// A configuration text (society configuration, purpose catalog) was refused. Fix the file.
    #[error("{source_name}:{line}:{column}: {key}: {detail}")]
    InvalidConfig {
        /// The [`ResultCode`] number (21x).
        code: i32,
        /// Which text: `"society config (toml)"`, `"purpose catalog"`.
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
    /// The request is well formed but a rule refuses it (a member event breaking a rule of 適用,
    /// no premium rates for the month, a benefit already paid). `rule` names the rule and its
    /// source.
    #[error("{rule}: {detail}")]
    Refused {
        /// The [`ResultCode`] number (3xx, or the area's 2xx code).
        code: i32,
        /// The rule id (`member.aged_75_or_over (健康保険法 第3条1項, 高確法 第50条)`).
        rule: String,
        /// What the rule says about this request.
        detail: String,
    },
    /// Something the request names is not there (a member not in the master).
    #[error("{what}: not found")]
    NotFound {
        /// The [`ResultCode`] number (221 for a member).
        code: i32,
        /// What was looked for (`member 10-***-01`; masked).
        what: String,
    },
    /// A record kept for an audit does not verify (an access log altered, cut or reordered).
    #[error("integrity: {detail}")]
    Integrity {
        /// The [`ResultCode`] number (301).
        code: i32,
        /// Which record and entry failed, and how.
        detail: String,
    },
    /// A file could not be read or written.
    #[error("i/o: {detail}")]
    Io {
        /// The [`ResultCode`] number (240 for a receipts file).
        code: i32,
        /// What could not be done (the path is the caller's own; no content).
        detail: String,
    },
    /// A bug in kenpo. Report it; retrying will not help. A panic inside the library arrives as
    /// the binding's own internal error (`InternalException` in Kotlin, `UniffiInternalError` in
    /// Swift), not as this variant.
    #[error("internal error: {detail}")]
    Internal {
        /// The [`ResultCode`] number (9xx).
        code: i32,
        /// What happened.
        detail: String,
    },
}

/// The result of every fallible API call.
pub type KenpoResult<T> = Result<T, KenpoError>;

fn n(code: ResultCode) -> i32 {
    code as i32
}

impl KenpoError {
    /// The [`ResultCode`] of this error.
    pub fn code(&self) -> ResultCode {
        let code = match self {
            KenpoError::InvalidInput { code, .. }
            | KenpoError::InvalidConfig { code, .. }
            | KenpoError::Refused { code, .. }
            | KenpoError::NotFound { code, .. }
            | KenpoError::Integrity { code, .. }
            | KenpoError::Io { code, .. }
            | KenpoError::Internal { code, .. } => *code,
        };
        u32::try_from(code)
            .ok()
            .and_then(ResultCode::from_code)
            .unwrap_or(ResultCode::Internal)
    }

    /// An [`KenpoError::InvalidInput`] with code 2xx-generic `InvalidArgument` for `field`.
    pub fn invalid_input(field: impl Into<String>, detail: impl ToString) -> Self {
        KenpoError::input(ResultCode::InvalidArgument, field, detail)
    }

    /// An [`KenpoError::InvalidInput`] with `code` for `field`.
    pub fn input(code: ResultCode, field: impl Into<String>, detail: impl ToString) -> Self {
        KenpoError::InvalidInput {
            code: n(code),
            field: field.into(),
            detail: detail.to_string(),
        }
    }

    /// A [`KenpoError::Refused`] by `rule`.
    pub fn refused(code: ResultCode, rule: impl Into<String>, detail: impl ToString) -> Self {
        KenpoError::Refused {
            code: n(code),
            rule: rule.into(),
            detail: detail.to_string(),
        }
    }

    /// A [`KenpoError::Internal`].
    pub fn internal(detail: impl ToString) -> Self {
        KenpoError::Internal {
            code: n(ResultCode::Internal),
            detail: detail.to_string(),
        }
    }

    /// Prefixes the field of an [`KenpoError::InvalidInput`] with `prefix` (a list index or an
    /// enclosing field); other variants are returned as they are.
    pub fn within(self, prefix: &str) -> Self {
        if prefix.is_empty() {
            return self;
        }
        match self {
            KenpoError::InvalidInput {
                code,
                field,
                detail,
            } => KenpoError::InvalidInput {
                code,
                field: if field.is_empty() {
                    prefix.to_owned()
                } else if field.starts_with('[') {
                    format!("{prefix}{field}")
                } else {
                    format!("{prefix}.{field}")
                },
                detail,
            },
            other => other,
        }
    }
}

/// Converts a `usize` count or position into the API's signed integer (Java has no unsigned
/// types), saturating at `i64::MAX`.
pub fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A non-negative `i64` from the API as a `usize`, or an error naming `field`.
pub fn index(value: i64, field: &str) -> KenpoResult<usize> {
    usize::try_from(value)
        .map_err(|_| KenpoError::input(ResultCode::InvalidArgument, field, "must not be negative"))
}

impl From<crate::scalar::ScalarError> for KenpoError {
    fn from(e: crate::scalar::ScalarError) -> Self {
        let code = match e {
            crate::scalar::ScalarError::Decimal => ResultCode::InvalidAmount,
            _ => ResultCode::InvalidDate,
        };
        KenpoError::input(code, "", e)
    }
}

impl From<ConfigError> for KenpoError {
    fn from(e: ConfigError) -> Self {
        let code = n(ResultCode::InvalidSocietyConfig);
        match e {
            ConfigError::Parse {
                format,
                line,
                column,
                message,
            } => KenpoError::InvalidConfig {
                code,
                source_name: format!("society config ({})", format_name(format)),
                line: count(line),
                column: count(column),
                key: String::new(),
                detail: message,
            },
            ConfigError::Invalid { key, problem } => KenpoError::InvalidConfig {
                code,
                source_name: "society config".to_owned(),
                line: 0,
                column: 0,
                key,
                detail: problem.to_string(),
            },
            other => KenpoError::InvalidConfig {
                code,
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
        let code = ResultCode::InvalidPremiumInput;
        match e {
            // The domain's message quotes the amount (a person's pay): say only the rule.
            PremiumError::InvalidStandardBonus { .. } => KenpoError::input(
                code,
                "standard_bonus",
                "not a non-negative multiple of 1,000 yen (健康保険法 第45条)",
            ),
            PremiumError::InvalidDates { field, .. } => KenpoError::input(code, field, e),
            PremiumError::WrongMonth { .. } => KenpoError::input(code, "month", e),
            other => KenpoError::refused(ResultCode::RuleRefused, "premium", other),
        }
    }
}

impl From<GradeError> for KenpoError {
    fn from(e: GradeError) -> Self {
        match e {
            GradeError::NoTableFor { .. } => KenpoError::refused(
                ResultCode::RuleRefused,
                "standard_remuneration.grade_table (健康保険法 第40条)",
                e,
            ),
            // The domain's messages quote the amounts (a person's pay): say only the rule.
            GradeError::NotAStandardAmount { .. } => KenpoError::input(
                ResultCode::InvalidRemuneration,
                "",
                "not the 標準報酬月額 of any grade (健康保険法 第40条)",
            ),
            GradeError::Mismatch { .. } => KenpoError::input(
                ResultCode::InvalidRemuneration,
                "",
                "the grade number and the 標準報酬月額 do not belong together",
            ),
            other => KenpoError::input(ResultCode::InvalidRemuneration, "", other),
        }
    }
}

impl From<DecisionError> for KenpoError {
    fn from(e: DecisionError) -> Self {
        let code = ResultCode::InvalidRemuneration;
        match e {
            DecisionError::MonthOutsideWindow { field, .. }
            | DecisionError::DuplicateMonth { field, .. }
            | DecisionError::MissingMonth { field, .. }
            | DecisionError::NegativeAmount { field, .. }
            | DecisionError::TooManyBaseDays { field, .. }
            | DecisionError::Invalid { field, .. } => KenpoError::input(code, field, e),
            DecisionError::Grade(g) => g.into(),
            other => KenpoError::refused(ResultCode::RuleRefused, "standard_remuneration", other),
        }
    }
}

impl From<BonusError> for KenpoError {
    fn from(e: BonusError) -> Self {
        match e {
            BonusError::Negative { .. } => {
                KenpoError::input(ResultCode::InvalidAmount, "amount", e)
            }
            other => KenpoError::refused(
                ResultCode::RuleRefused,
                "standard_remuneration.standard_bonus (健康保険法 第45条)",
                other,
            ),
        }
    }
}

impl From<MemberError> for KenpoError {
    fn from(e: MemberError) -> Self {
        // Member errors name the rule and at most the masked key (1234-***-01).
        match e {
            MemberError::UnknownPerson { key } => KenpoError::NotFound {
                code: n(ResultCode::UnknownMember),
                what: format!("member {key}"),
            },
            other => {
                // The domain's message starts with the rule, which `rule` carries already.
                let message = other.to_string();
                let detail = message
                    .strip_prefix(other.rule())
                    .and_then(|m| m.strip_prefix(": "))
                    .unwrap_or(&message);
                KenpoError::refused(ResultCode::InvalidMemberEvent, other.rule(), detail)
            }
        }
    }
}

impl From<MasterLoadError> for KenpoError {
    fn from(e: MasterLoadError) -> Self {
        // The record's position, the masked key and the rule broken; never the file's values
        // (the format or version given are not repeated either).
        let bad = |field: String, detail: String| {
            KenpoError::input(ResultCode::InvalidMemberMaster, field, detail)
        };
        match e {
            // The domain keeps serde's message only up to the first quoted value.
            MasterLoadError::NotAMaster { detail } => {
                KenpoError::input(ResultCode::InvalidJson, "", format!("not a member master: {detail}"))
            }
            MasterLoadError::UnknownFormat { .. } => bad(
                "format".to_owned(),
                format!("not a member master (the format is {:?})", kenpo_domain::member::store::MASTER_FORMAT),
            ),
            MasterLoadError::UnknownVersion { .. } => bad(
                "version".to_owned(),
                format!(
                    "a member master format version this version of kenpo does not know (it reads 0 and {})",
                    kenpo_domain::member::MASTER_FORMAT_VERSION
                ),
            ),
            MasterLoadError::Invariant { index, key, rule } => {
                bad(format!("baseline[{index}]"), format!("{rule} ({key})"))
            }
            MasterLoadError::JournalRejected { seq, error } => {
                bad("journal".to_owned(), format!("entry {seq} is refused on replay: {error}"))
            }
            MasterLoadError::JournalOrder => bad(
                "journal".to_owned(),
                "journal sequence numbers are not increasing".to_owned(),
            ),
            other => bad(String::new(), other.to_string()),
        }
    }
}

impl From<EraError> for KenpoError {
    fn from(e: EraError) -> Self {
        // The domain's messages repeat the text (a birth date is personal data): say only the
        // rule and the form expected.
        let detail = match e {
            EraError::UnknownEraCode { .. } => {
                "unknown era code (expected 1 明治, 2 大正, 3 昭和, 4 平成 or 5 令和)".to_owned()
            }
            EraError::UnknownEraName { .. } => {
                "unknown era name (expected 明治, 大正, 昭和, 平成 or 令和)".to_owned()
            }
            EraError::OutsideEra {
                era, first, last, ..
            } => format!("the date is outside the era {era} ({first} to {last})"),
            EraError::Unsupported { .. } => {
                "no era date before 1873-01-01 (明治6年, the solar calendar)".to_owned()
            }
            EraError::Malformed { expected, .. } => {
                format!("not an era date in the form {expected}")
            }
            _ => "no such date".to_owned(),
        };
        KenpoError::input(ResultCode::InvalidDate, "", detail)
    }
}

impl From<RecognitionError> for KenpoError {
    fn from(e: RecognitionError) -> Self {
        match e {
            RecognitionError::NoThresholds { .. } => KenpoError::refused(
                ResultCode::RuleRefused,
                "dependent_recognition.income_thresholds (昭和52年 保発第9号・庁保発第9号)",
                "no income thresholds are recorded before 1993-04-01",
            ),
            RecognitionError::Negative { .. } | RecognitionError::Overflow { .. } => {
                KenpoError::input(ResultCode::InvalidAmount, "", e)
            }
            RecognitionError::BirthAfterRecognition => {
                KenpoError::input(ResultCode::InvalidRecognitionRequest, "birth_date", e)
            }
            other => KenpoError::input(ResultCode::InvalidRecognitionRequest, "", other),
        }
    }
}

impl From<IdentifierError> for KenpoError {
    fn from(e: IdentifierError) -> Self {
        KenpoError::input(ResultCode::InvalidIdentifier, "", e)
    }
}

impl From<PersonError> for KenpoError {
    fn from(e: PersonError) -> Self {
        KenpoError::input(ResultCode::InvalidArgument, "", e)
    }
}

impl From<CalendarError> for KenpoError {
    fn from(e: CalendarError) -> Self {
        // The domain's messages repeat the text or the figures (a birth month is personal
        // data): say only what form was expected.
        let _ = e;
        KenpoError::from(crate::scalar::ScalarError::Month)
    }
}

impl From<RateError> for KenpoError {
    fn from(e: RateError) -> Self {
        match e {
            RateError::OutOfRange { .. } => KenpoError::input(ResultCode::InvalidAmount, "", e),
            _ => KenpoError::input(ResultCode::InvalidAmount, "", "not a decimal number"),
        }
    }
}

/// A refusal of the society configuration's section `key` (a rule needs an entry it lacks).
fn config_gap(key: &str, detail: &str) -> KenpoError {
    KenpoError::InvalidConfig {
        code: n(ResultCode::InvalidSocietyConfig),
        source_name: "society config".to_owned(),
        line: 0,
        column: 0,
        key: key.to_owned(),
        detail: detail.to_owned(),
    }
}

/// The mapping of a 高額療養費 error. The domain names units, rows and months by their index in
/// the list the operation was given: `entries` is that list's field (`units`, `rows`,
/// `months`). The domain's messages quote months and amounts; these say only the rule.
pub(crate) fn high_cost_error(e: HighCostError, entries: &str) -> KenpoError {
    let code = ResultCode::InvalidHousehold;
    match e {
        HighCostError::NoTableForMonth { .. } => KenpoError::refused(
            ResultCode::RuleRefused,
            "high_cost.table (健康保険法施行令 第42条)",
            "no 高額療養費 table covers the treatment month",
        ),
        HighCostError::NegativeStandardMonthly => {
            KenpoError::input(code, "basis.standard_monthly", "must not be negative")
        }
        HighCostError::InvalidAmount { unit, field } => KenpoError::input(
            code,
            format!("{entries}[{unit}].{field}"),
            "negative, or a patient charge above the 10割 cost",
        ),
        HighCostError::ConflictingSpecifiedDisease { row } => KenpoError::input(
            code,
            format!("{entries}[{row}].specified_disease"),
            "a different 特定疾病 than the other rows of its unit",
        ),
        HighCostError::MonthMismatch { unit } => KenpoError::input(
            code,
            format!("units[{unit}].month"),
            "not the household's treatment month",
        ),
        HighCostError::UnknownPerson { unit } => KenpoError::input(
            code,
            format!("units[{unit}].person"),
            "not a listed member of the household",
        ),
        HighCostError::DuplicateMember { member } => {
            KenpoError::input(code, format!("members[{member}].person"), "listed twice")
        }
        HighCostError::InsuredNotListed => KenpoError::input(
            code,
            "members",
            "the insured person is not listed as a member with the relation insured",
        ),
        HighCostError::NotInsuredInMonth { .. } => KenpoError::refused(
            ResultCode::RuleRefused,
            "high_cost.not_insured_in_month (高確法 第50条, 健康保険法 第3条1項)",
            "the person is not insured in kenpo in the treatment month (75 on or before its \
             first day, or born later)",
        ),
        HighCostError::NotAnAugust { .. } => {
            KenpoError::input(code, "first_month", "a yearly period starts in August")
        }
        HighCostError::MonthOutsidePeriod { entry } => KenpoError::input(
            code,
            format!("{entries}[{entry}].month"),
            "outside the August–July period",
        ),
        HighCostError::NoAnnualCap { .. } => KenpoError::refused(
            ResultCode::RuleRefused,
            "high_cost.annual_cap (年間上限, from August 2026)",
            "no 年間上限 for a period that starts before August 2026",
        ),
        // A table without a matching row, an odd amount halved: faults of the built-in tables.
        HighCostError::NoCategory | HighCostError::OddAmountHalved { .. } => {
            KenpoError::internal(e)
        }
        _ => KenpoError::input(code, "", "the household-month is not valid"),
    }
}

impl From<HighCostError> for KenpoError {
    fn from(e: HighCostError) -> Self {
        high_cost_error(e, "units")
    }
}

impl From<AdditionalBenefitError> for KenpoError {
    fn from(e: AdditionalBenefitError) -> Self {
        match e {
            AdditionalBenefitError::NoRulesForMonth { .. } => config_gap(
                "additional_benefits",
                "no version in force for the treatment month (健康保険法 第53条, the 規約)",
            ),
            other => config_gap("additional_benefits", &other.to_string()),
        }
    }
}

/// The mapping of a 傷病手当金 error under `code` (251 for 傷病手当金, 252 when the daily amount
/// of a 出産手当金 claim fails). The domain's messages quote the days' dates (health data):
/// these name the field and its position only.
pub(crate) fn sickness_error(e: SicknessAllowanceError, code: ResultCode) -> KenpoError {
    use SicknessAllowanceError as S;
    match e {
        S::HistoryNotAscending { index, .. } => KenpoError::input(
            code,
            format!("history[{index}].month"),
            "not after the previous entry (one entry per month, ascending)",
        ),
        S::NonPositiveStandardMonthly { index, .. } => KenpoError::input(
            code,
            format!("history[{index}].amount"),
            "not a positive 標準報酬月額",
        ),
        S::NotInsuredInStartMonth { .. } => KenpoError::input(
            code,
            "history",
            "no 標準報酬月額 for the month of the first payment day (健康保険法 第99条2項)",
        ),
        S::NoFallbackInForce { .. } => config_gap(
            "sickness_allowance_fallback",
            "no fallback 標準報酬月額 in force on the first payment day (健康保険法 第99条2項ただし書)",
        ),
        S::DaysNotAscending { index, .. } => KenpoError::input(
            code,
            format!("days[{index}].date"),
            "not after the previous day (days ascending, each at most once)",
        ),
        S::NegativeAmount { index, field, .. } => KenpoError::input(
            code,
            format!("days[{index}].{field}"),
            "must not be negative",
        ),
        S::NegativeInput { field } => KenpoError::input(code, field, "must not be negative"),
        S::DateOutOfRange { .. } => {
            KenpoError::input(code, "days", "a date is out of the supported range")
        }
        _ => KenpoError::input(code, "", "the claim is not valid"),
    }
}

impl From<SicknessAllowanceError> for KenpoError {
    fn from(e: SicknessAllowanceError) -> Self {
        sickness_error(e, ResultCode::InvalidSicknessPeriod)
    }
}

impl From<MaternityAllowanceError> for KenpoError {
    fn from(e: MaternityAllowanceError) -> Self {
        let code = ResultCode::InvalidBenefitClaim;
        match e {
            MaternityAllowanceError::DailyAmount(s) => sickness_error(s, code),
            MaternityAllowanceError::DaysNotAscending { index, .. } => KenpoError::input(
                code,
                format!("days[{index}].date"),
                "not after the previous day (days ascending, each at most once)",
            ),
            MaternityAllowanceError::NegativePay { index, .. } => {
                KenpoError::input(code, format!("days[{index}].pay"), "must not be negative")
            }
            MaternityAllowanceError::DateOutOfRange { .. } => {
                KenpoError::input(code, "birth_date", "out of the supported range")
            }
            _ => KenpoError::input(code, "", "the claim is not valid"),
        }
    }
}

impl From<ChildbirthError> for KenpoError {
    fn from(e: ChildbirthError) -> Self {
        let code = ResultCode::InvalidBenefitClaim;
        match e {
            ChildbirthError::NoAmountsInForce { .. } => KenpoError::refused(
                ResultCode::RuleRefused,
                "childbirth.amounts (健康保険法施行令 第36条)",
                "no amounts for a birth before 2009-01-01",
            ),
            ChildbirthError::InvalidGestation { days, .. } => KenpoError::input(
                code,
                if days > 6 {
                    "gestation_days"
                } else {
                    "gestation_weeks"
                },
                "the gestation is whole weeks (0–45) and days (0–6)",
            ),
            ChildbirthError::InvalidBabies { .. } => {
                KenpoError::input(code, "babies", "not within 1–10")
            }
            ChildbirthError::NegativeCharge => {
                KenpoError::input(code, "direct_payment_charge", "must not be negative")
            }
            ChildbirthError::DateOutOfRange { .. } => {
                KenpoError::input(code, "birth_date", "out of the supported range")
            }
            _ => KenpoError::input(code, "", "the claim is not valid"),
        }
    }
}

impl From<BurialError> for KenpoError {
    fn from(e: BurialError) -> Self {
        let code = ResultCode::InvalidBenefitClaim;
        match e {
            BurialError::NoAmountInForce { .. } => KenpoError::refused(
                ResultCode::RuleRefused,
                "burial.amount (健康保険法施行令 第35条)",
                "no burial amount in force on the date of death",
            ),
            BurialError::NegativeCost => {
                KenpoError::input(code, "case.claimant.actual_cost", "must not be negative")
            }
            BurialError::DateOutOfRange { .. } => {
                KenpoError::input(code, "death_date", "out of the supported range")
            }
            _ => KenpoError::input(code, "", "the claim is not valid"),
        }
    }
}

impl From<ExpenseNoticeError> for KenpoError {
    fn from(e: ExpenseNoticeError) -> Self {
        let code = ResultCode::InvalidExpenseNotice;
        match e {
            ExpenseNoticeError::PeriodReversed { .. } => {
                KenpoError::input(code, "to", "the period ends before it starts")
            }
            ExpenseNoticeError::UnknownPerson { row } => {
                KenpoError::input(code, format!("rows[{row}].person"), "not a listed member")
            }
            ExpenseNoticeError::DuplicateMember { member } => {
                KenpoError::input(code, format!("members[{member}].person"), "listed twice")
            }
            ExpenseNoticeError::NegativeAmount { row, field } => {
                KenpoError::input(code, format!("rows[{row}].{field}"), "must not be negative")
            }
            _ => KenpoError::input(code, "", "the notice input is not valid"),
        }
    }
}

impl From<BenefitRecordError> for KenpoError {
    fn from(e: BenefitRecordError) -> Self {
        let code = ResultCode::InvalidBenefitRecord;
        match e {
            BenefitRecordError::InvalidDecisionId => KenpoError::input(code, "decision", e),
            BenefitRecordError::CoverageMismatch { .. } => KenpoError::input(code, "coverage", e),
            BenefitRecordError::PeriodReversed { .. } => {
                KenpoError::input(code, "coverage", "the period ends before it starts")
            }
            BenefitRecordError::NegativeAmount => {
                KenpoError::input(code, "amount", "must not be negative")
            }
            _ => KenpoError::input(code, "", "the record is not valid"),
        }
    }
}

impl From<VoluntaryError> for KenpoError {
    fn from(e: VoluntaryError) -> Self {
        let code = ResultCode::InvalidVoluntaryContinuation;
        match e {
            VoluntaryError::InvalidDates { field, problem } => {
                KenpoError::input(code, field, problem)
            }
            VoluntaryError::NoSocietyFigure { .. } => config_gap(
                "voluntary_continuation",
                "no entry in force for the premium month (健康保険法 第47条1項2号)",
            ),
            VoluntaryError::WithdrawalBeforeAmendment { .. } => KenpoError::refused(
                ResultCode::RuleRefused,
                "voluntary_continuation.withdrawal (健康保険法 第38条7号, from 2022-01-01)",
                "a withdrawal received before 2022-01-01: the rule did not exist yet",
            ),
            VoluntaryError::Premium(p) => p.into(),
            VoluntaryError::InvalidPrepayment { problem } => {
                KenpoError::input(code, "months", problem)
            }
            VoluntaryError::DateOutOfRange { .. } => {
                KenpoError::input(code, "", "a date is out of the supported range")
            }
            _ => KenpoError::input(code, "", "the request is not valid"),
        }
    }
}

impl From<CheckupError> for KenpoError {
    fn from(e: CheckupError) -> Self {
        let code = ResultCode::InvalidCheckup;
        match e {
            // The domain's message quotes the measured value (health data): name the item and
            // its plausible range only.
            CheckupError::OutOfRange {
                item,
                unit,
                min,
                max,
                ..
            } => KenpoError::input(
                code,
                "",
                format!(
                    "{} is outside its plausible range {min}–{max} {unit} (a keying or unit error?)",
                    item.japanese()
                ),
            ),
            CheckupError::NoCriteria { .. } => KenpoError::refused(
                ResultCode::RuleRefused,
                "checkup.criteria (特定健康診査及び特定保健指導の実施に関する基準 第4条; 第4期 from FY2024)",
                "no stratification criteria are in force for the checkup's fiscal year",
            ),
            // The domain's message quotes the age (derived from the birth date).
            CheckupError::AgeOutsideTargetBand { .. } => KenpoError::refused(
                ResultCode::RuleRefused,
                "checkup.target_band (高齢者医療確保法 第20条: 40–74 歳)",
                "the person is outside the 40–74 target band in the checkup's fiscal year",
            ),
            CheckupError::NoAge => KenpoError::input(
                code,
                "birth_date",
                "no age can be computed for the checkup's fiscal year (a birth date after the checkup?)",
            ),
            _ => KenpoError::input(code, "", "the checkup result is not valid"),
        }
    }
}

impl From<XmlError> for KenpoError {
    fn from(e: XmlError) -> Self {
        let code = ResultCode::InvalidCheckup;
        let detail = match e {
            XmlError::Malformed { position, message } => {
                format!("not well-formed XML at byte {position}: {message}")
            }
            e @ (XmlError::Missing { .. } | XmlError::BadHeader { .. }) => e.to_string(),
            // The domain's message quotes the value text (a measurement).
            XmlError::BadValue {
                code: item,
                expected,
                ..
            } => format!("observation {item}: the value is not {expected}"),
            XmlError::Item { code: item, source } => match KenpoError::from(source) {
                KenpoError::InvalidInput { detail, .. } | KenpoError::Refused { detail, .. } => {
                    format!("observation {item}: {detail}")
                }
                _ => format!("observation {item}: the value is not valid"),
            },
            _ => "the checkup file could not be read".to_owned(),
        };
        KenpoError::input(code, "data", detail)
    }
}

impl From<kenpo_month::StoreError> for KenpoError {
    fn from(e: kenpo_month::StoreError) -> Self {
        use kenpo_month::StoreError as S;
        let (code, detail) = match e {
            S::Locked => (ResultCode::StoreLocked, e.to_string()),
            // The stored text may be anything: say what could not be read.
            S::Corrupt { what, .. } => (
                ResultCode::StoreUnusable,
                format!("stored {what} could not be read: a damaged or hand-edited store"),
            ),
            other => (ResultCode::StoreUnusable, other.to_string()),
        };
        KenpoError::Io {
            code: n(code),
            detail,
        }
    }
}

impl From<kenpo_month::MonthError> for KenpoError {
    fn from(e: kenpo_month::MonthError) -> Self {
        use kenpo_month::MonthError as M;
        match e {
            M::Store(s) => s.into(),
            e @ M::OutOfOrder { .. } => KenpoError::refused(
                ResultCode::RuleRefused,
                "month.order (months run one after another)",
                e,
            ),
            e @ (M::WrongMonth { .. } | M::WrongInsurer { .. }) => {
                KenpoError::input(ResultCode::ReceiptFileMismatch, "receipt_files", e)
            }
            e @ M::File { .. } => KenpoError::input(ResultCode::InvalidImportFile, "data", e),
            M::Rejected(rows) => KenpoError::input(
                ResultCode::InvalidImportFile,
                "data",
                format!("{} row(s) rejected, nothing taken", rows.len()),
            ),
            // The domain's reason may quote a person's pay or benefit amount: name the record
            // by where it was imported, and the rule family.
            M::Input { what, position, .. } => KenpoError::refused(
                ResultCode::RuleRefused,
                format!("month.{}", what.replace(' ', "_")),
                format!(
                    "the {what} recorded at {position} cannot be decided: correct it and import it \
                     again, or run with accept_valid to take the month without it"
                ),
            ),
            // The domain's message may quote a person's amounts or dates (a 高額療養費 error
            // quotes the month and the charge): name the stage only. The operator's `kenpo run`
            // prints the full reason.
            M::Rule { stage, .. } => KenpoError::refused(
                ResultCode::RuleRefused,
                format!("month.{stage}"),
                format!(
                    "a rule of the {stage} stage could not be applied to this month's records;                      nothing was taken (the detail may hold personal data: run the month with                      `kenpo run` to read it)"
                ),
            ),
            M::Log(e) => e.into(),
            M::Config(problem) => KenpoError::InvalidConfig {
                code: n(ResultCode::InvalidSocietyConfig),
                source_name: "society config (store)".to_owned(),
                line: 0,
                column: 0,
                key: String::new(),
                detail: problem,
            },
            other => KenpoError::internal(format!("a month error unknown to kenpo-api: {other}")),
        }
    }
}

impl From<kenpo_domain::access::LogError> for KenpoError {
    fn from(e: kenpo_domain::access::LogError) -> Self {
        use kenpo_domain::access::LogError as L;
        match e {
            // A keyed log read without a key is the caller's omission, not a break: the entries
            // may be intact. The verifier reports it on the first keyed entry; name the input.
            L::Tampered(kenpo_domain::access::log::VerifyError::KeyRequired { .. }) => {
                KenpoError::input(ResultCode::InvalidAccessLog, "log_key", L::KeyRequired)
            }
            // Which entry and how; never what it holds.
            L::Tampered(v) => KenpoError::Integrity {
                code: n(ResultCode::AccessLogTampered),
                detail: v.to_string(),
            },
            e @ (L::KeyRequired | L::UnkeyedLog | L::KeyTooShort { .. }) => {
                KenpoError::input(ResultCode::InvalidAccessLog, "log_key", e)
            }
            // Paths and line numbers only.
            other => KenpoError::Io {
                code: n(ResultCode::InvalidAccessLog),
                detail: other.to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_fields_nest() {
        let e = KenpoError::input(ResultCode::InvalidDate, "birth_date", "not a date");
        assert_eq!(e.code(), ResultCode::InvalidDate);
        let e = e.within("subject").within("items[2]");
        assert_eq!(
            e,
            KenpoError::InvalidInput {
                code: 200,
                field: "items[2].subject.birth_date".into(),
                detail: "not a date".into()
            }
        );
        assert_eq!(
            KenpoError::input(ResultCode::InvalidArgument, "", "x")
                .within("[3]")
                .within("items"),
            KenpoError::InvalidInput {
                code: 104,
                field: "items[3]".into(),
                detail: "x".into()
            }
        );
        assert_eq!(KenpoError::internal("x").code(), ResultCode::Internal);
    }
}
