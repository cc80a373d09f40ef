//! The society configuration (組合の設定, [`kenpo_domain::society`]) as an object: loaded from
//! TOML or JSON and validated in the domain. Operations that need the society's rates or its
//! 規約 are its methods (premiums in [`crate::premium`], benefits in their modules).
//!
//! The configuration's text forms (TOML and JSON with the same keys) are the configuration file
//! format documented with `examples/config/`; a host loads them as they are.
use kenpo_domain::money::Rate;
use kenpo_domain::society as domain;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{KenpoError, KenpoResult};
use crate::scalar::{Exact, PlainMonth};

/// A society's configuration (健康保険組合の規約・設定): dated premium rates (健康保険法 第160条),
/// the employer's share (第162条), 特定被保険者 (附則第7条), the 支援金 rounding option, the
/// 傷病手当金 fallback and the 付加給付. Immutable once loaded; `AutoCloseable` in Kotlin; a
/// `kenpo_society` handle in C.
#[derive(Debug)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct Society {
    inner: domain::SocietyConfig,
}

/// The premium rates in force for a month (保険料率), in percent of the standard amount,
/// employee and employer together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PremiumRates {
    /// 一般保険料率, percent.
    pub general_percent: Exact,
    /// 調整保険料率, percent.
    pub adjustment_percent: Exact,
    /// 介護保険料率, percent.
    pub care_percent: Exact,
    /// The employee's part of 一般 + 調整 when the 規約 sets it (法162条), percent; `None` is half.
    pub employee_general_percent: Option<Exact>,
    /// The employee's part of 介護 when the 規約 sets it, percent; `None` is half.
    pub employee_care_percent: Option<Exact>,
}

/// A rate as percent, exactly.
pub(crate) fn percent(rate: Rate) -> Exact {
    Exact(rate.as_percent().normalize())
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

impl Society {
    /// The domain configuration.
    pub fn config(&self) -> &domain::SocietyConfig {
        &self.inner
    }

    /// A society from a configuration already validated by the domain.
    pub fn from_config(config: domain::SocietyConfig) -> Society {
        Society { inner: config }
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl Society {
    /// Reads and validates a TOML configuration. Refusals are [`KenpoError::InvalidConfig`]
    /// with the line and column (syntax) or the key path (a value breaking a rule).
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn from_toml(text: String) -> KenpoResult<Society> {
        Ok(Society {
            inner: domain::SocietyConfig::from_toml_str(&text)?,
        })
    }

    /// Reads and validates a JSON configuration (the same keys as the TOML form).
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn from_json(text: String) -> KenpoResult<Society> {
        Ok(Society {
            inner: domain::SocietyConfig::from_json_str(&text)?,
        })
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
    pub fn rates_for(&self, month: PlainMonth) -> Option<PremiumRates> {
        self.inner.rates_for(month.0).map(PremiumRates::from)
    }

    /// The configuration as JSON (the form [`Society::from_json`] reads).
    pub fn to_json(&self) -> KenpoResult<String> {
        serde_json::to_string(&self.inner)
            .map_err(|e| KenpoError::internal(format!("writing the configuration: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_the_key_or_the_line() {
        let toml = "name = \"t\"\n[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"190%\", care = \"1.62%\" }\n";
        match Society::from_toml(toml.to_owned()).unwrap_err() {
            KenpoError::InvalidConfig {
                code, line, detail, ..
            } => {
                assert_eq!((code, line), (210, 4));
                assert!(detail.contains("outside"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
        match Society::from_toml("name = \n[[rates]".to_owned()).unwrap_err() {
            KenpoError::InvalidConfig { line, column, .. } => assert!(line == 1 && column > 0),
            other => panic!("{other:?}"),
        }
    }
}
