//! Temporary stand-ins for `crate::identifiers::{MemberKey, InstitutionCode}` until the
//! identifiers module lands on `main`. Same method names as the agreed contract
//! (`new(&str) -> Result<_, _>`, `as_str()`), so switching is a one-line import change.
#![allow(missing_docs, clippy::result_unit_err)]

use serde::{Deserialize, Serialize};

/// Placeholder for `identifiers::MemberKey`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MemberKey(String);

impl MemberKey {
    pub fn new(text: &str) -> Result<Self, ()> {
        Ok(MemberKey(text.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for MemberKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MemberKey(..)")
    }
}

/// Placeholder for `identifiers::InstitutionCode`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Debug)]
pub struct InstitutionCode(String);

impl InstitutionCode {
    pub fn new(text: &str) -> Result<Self, ()> {
        Ok(InstitutionCode(text.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for InstitutionCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
