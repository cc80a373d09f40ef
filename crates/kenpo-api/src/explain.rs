//! The explanation a decision carries ([`kenpo_domain::explanation::Explanation`]): the rule
//! applied, its source and each step, for an examiner or a member. Never personal data.
//!
//! Responses carry it only when the request asked for it (`explain: true`): writing the steps is
//! most of the cost of a simple decision, and a host booking thousands of figures shows none.
use kenpo_domain::explanation as domain;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One step of a decision: what was done and the figure it gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ExplanationStep {
    /// What the step is (`"monthly limit"`).
    pub label: String,
    /// The figure or outcome (`"80,100 + 7,330 = 87,430"`).
    pub detail: String,
}

/// Why a figure is what it is (説明): the rule and version, its legal source and the steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Explanation {
    /// The rule and version (`"standard_remuneration.regular@2026"`).
    pub rule: String,
    /// The legal or official source (`"健康保険法 第41条"`).
    pub source: String,
    /// The steps, in order.
    pub steps: Vec<ExplanationStep>,
}

impl From<&domain::Explanation> for Explanation {
    fn from(e: &domain::Explanation) -> Self {
        Explanation {
            rule: e.rule.to_string(),
            source: e.source.to_string(),
            steps: e
                .steps()
                .iter()
                .map(|s| ExplanationStep {
                    label: s.label.clone(),
                    detail: s.detail.clone(),
                })
                .collect(),
        }
    }
}

/// The domain's [`domain::Explain`] for a request's `explain` flag.
pub fn mode(explain: bool) -> domain::Explain {
    domain::Explain::steps_if(explain)
}

/// The explanation for a response: `Some` only when the decision wrote its steps.
pub fn optional(e: &domain::Explanation) -> Option<Explanation> {
    e.has_steps().then(|| e.into())
}
