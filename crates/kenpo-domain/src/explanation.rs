//! Explanations carried by every decision: the rule version, the inputs and each step of the
//! arithmetic, so that an examiner can check a figure and a member can be told why.
//!
//! ```
//! use kenpo_domain::explanation::Explanation;
//!
//! let mut e = Explanation::new("high_cost.under70", "健康保険法施行令 第42条1項");
//! e.step("1 % term", "(1,000,000 − 267,000) × 1 % = 7,330");
//! assert_eq!(e.steps().len(), 1);
//! assert!(e.to_string().contains("1 % term"));
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

/// One step of a decision: what was done and the figure it gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// What the step is (`"monthly limit"`, `"dropped May: 15 base days < 17"`).
    pub label: String,
    /// The figure or outcome, written for a person (`"80,100 + 7,330 = 87,430"`).
    pub detail: String,
}

/// The explanation of a decision. Never holds personal data: only rule ids, figures and reasons.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Explanation {
    /// The rule (and version) applied, e.g. `"high_cost.under70@2026-08"`.
    pub rule: String,
    /// The legal or official source of the rule.
    pub source: String,
    steps: Vec<Step>,
}

impl Explanation {
    /// An explanation of `rule`, sourced from `source`, with no steps yet.
    pub fn new(rule: impl Into<String>, source: impl Into<String>) -> Self {
        Explanation {
            rule: rule.into(),
            source: source.into(),
            steps: Vec::new(),
        }
    }

    /// Appends a step.
    pub fn step(&mut self, label: impl Into<String>, detail: impl Into<String>) -> &mut Self {
        self.steps.push(Step {
            label: label.into(),
            detail: detail.into(),
        });
        self
    }

    /// The steps, in order.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }
}

/// One line for the rule, then one line per step.
impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} ({})", self.rule, self.source)?;
        for (i, s) in self.steps.iter().enumerate() {
            writeln!(f, "  {}. {}: {}", i + 1, s.label, s.detail)?;
        }
        Ok(())
    }
}
