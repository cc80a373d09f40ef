//! The society configuration (組合の設定, [`kenpo_domain::society`]) as an object: loaded from
//! TOML or JSON and validated in the domain; premium calls are its methods ([`crate::premium`]).

use std::sync::Arc;

use kenpo_domain::money::Rate;
use kenpo_domain::society as domain;

use crate::error::{KenpoError, KenpoResult};
use crate::types::{ExactDecimal, IsoMonth};

/// A society's configuration (健康保険組合の規約・設定): dated premium rates (健康保険法 第160条),
/// the employer's share (第162条), 特定被保険者 (附則第7条), the 支援金 rounding option and the
/// 傷病手当金 fallback. Immutable once loaded; `AutoCloseable` in Kotlin.
#[derive(Debug, uniffi::Object)]
pub struct SocietyConfig {
    pub(crate) inner: domain::SocietyConfig,
}

/// The premium rates in force for a month (保険料率), in percent of the standard amount,
/// employee and employer together.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PremiumRates {
    /// 一般保険料率, percent.
    pub general_percent: ExactDecimal,
    /// 調整保険料率, percent.
    pub adjustment_percent: ExactDecimal,
    /// 介護保険料率, percent.
    pub care_percent: ExactDecimal,
    /// The employee's part of 一般 + 調整 when the 規約 sets it (法162条), percent; `None` is half.
    pub employee_general_percent: Option<ExactDecimal>,
    /// The employee's part of 介護 when the 規約 sets it, percent; `None` is half.
    pub employee_care_percent: Option<ExactDecimal>,
}

fn percent(rate: Rate) -> ExactDecimal {
    rate.as_percent().normalize()
}

impl From<&domain::PremiumRates> for PremiumRates {
    fn from(r: &domain::PremiumRates) -> Self {
        PremiumRates {
            general_percent: percent(r.general),
            adjustment_percent: percent(r.adjustment),
            care_percent: percent(r.care),
            employee_general_percent: r.employee_general.map(percent),
            employee_care_percent: r.employee_care.map(percent),
        }
    }
}

#[uniffi::export]
impl SocietyConfig {
    /// Reads and validates a TOML configuration. Refusals are [`KenpoError::InvalidConfig`]
    /// with the line and column (syntax) or the key path (a value breaking a rule).
    #[uniffi::constructor]
    pub fn from_toml(text: String) -> KenpoResult<Arc<Self>> {
        Ok(Arc::new(SocietyConfig {
            inner: domain::SocietyConfig::from_toml_str(&text)?,
        }))
    }

    /// Reads and validates a JSON configuration (same keys as the TOML form).
    #[uniffi::constructor]
    pub fn from_json(text: String) -> KenpoResult<Arc<Self>> {
        Ok(Arc::new(SocietyConfig {
            inner: domain::SocietyConfig::from_json_str(&text)?,
        }))
    }

    /// The society's name (組合名).
    pub fn name(&self) -> String {
        self.inner.name.clone()
    }

    /// The society's 保険者番号, when configured.
    pub fn insurer_number(&self) -> Option<String> {
        self.inner
            .insurer_number
            .as_ref()
            .map(|n| n.as_str().to_owned())
    }

    /// The rates in force for premium month `month`, or `None` when the configuration has none.
    /// Fallible because the month argument is parsed in Rust (a non-throwing Swift function
    /// could not report malformed text).
    pub fn rates_for(&self, month: IsoMonth) -> KenpoResult<Option<PremiumRates>> {
        Ok(self.inner.rates_for(month).map(PremiumRates::from))
    }

    /// The configuration as JSON (the form [`SocietyConfig::from_json`] reads).
    pub fn to_json(&self) -> KenpoResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| KenpoError::Internal {
            detail: format!("serialising the configuration: {e}"),
        })
    }
}
