//! Identifiers that cross the boundary as records ([`kenpo_domain::identifiers`]): the member key
//! (記号・番号・枝番) that names a person in a household, a receipt or a benefit record.
//!
//! An insured number is personal data: the records here have no `Debug`, and no error ever
//! quotes their text (the domain's identifier errors name the part and the rule only).
use kenpo_domain::identifiers as domain;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{KenpoError, KenpoResult};

/// A member of the society (被保険者 or 被扶養者): 記号, 番号 and 枝番 of the 被保険者証 (健康保険法
/// 施行規則 第47条; 枝番 since 2021). Personal data: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MemberKey {
    /// 記号 (1–8 characters).
    pub symbol: String,
    /// 番号 (1–20 characters).
    pub number: String,
    /// 枝番: two digits, `"00"` for the insured person.
    pub branch: String,
}

impl MemberKey {
    /// The domain key, each part validated; a refusal names the part (`symbol`, `number`,
    /// `branch`) under `field`.
    pub fn to_domain(&self, field: &str) -> KenpoResult<domain::MemberKey> {
        let part =
            |name: &str, e: domain::IdentifierError| KenpoError::from(e).within(name).within(field);
        Ok(domain::MemberKey::new(
            domain::InsuredSymbol::new(&self.symbol).map_err(|e| part("symbol", e))?,
            domain::InsuredNumber::new(&self.number).map_err(|e| part("number", e))?,
            domain::BranchNumber::new(&self.branch).map_err(|e| part("branch", e))?,
        ))
    }
}

impl From<&domain::MemberKey> for MemberKey {
    fn from(k: &domain::MemberKey) -> Self {
        MemberKey {
            symbol: k.symbol.as_str().to_owned(),
            number: k.number.as_str().to_owned(),
            branch: k.branch.as_str().to_owned(),
        }
    }
}

/// A 医療機関コード (10 digits: 都道府県 2, 点数表 1, 機関 7 with its check digit), validated; a
/// refusal names `field`.
pub(crate) fn institution(code: &str, field: &str) -> KenpoResult<domain::InstitutionCode> {
    domain::InstitutionCode::new(code).map_err(|e| KenpoError::from(e).within(field))
}
