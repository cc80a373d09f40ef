//! The explanation every decision carries ([`kenpo_domain::explanation::Explanation`]): the rule
//! applied, its source and each step, for an examiner or a member. Never personal data.

use kenpo_domain::explanation as domain;

/// One step of a decision: what was done and the figure it gave.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ExplanationStep {
    /// What the step is (`"monthly limit"`).
    pub label: String,
    /// The figure or outcome (`"80,100 + 7,330 = 87,430"`).
    pub detail: String,
}

/// Why a figure is what it is (説明): the rule and version, its legal source and the steps.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
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
