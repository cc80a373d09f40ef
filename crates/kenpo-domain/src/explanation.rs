//! Explanations carried by every decision: the rule version, the inputs and each step of the
//! arithmetic, so that an examiner can check a figure and a member can be told why.
//!
//! ```
//! use kenpo_domain::explanation::Explanation;
//!
//! let mut e = Explanation::new("high_cost.under70", "健康保険法施行令 第42条1項");
//! e.step("1 % term", format_args!("({} − {}) × 1 % = {}", "1,000,000", "267,000", "7,330"));
//! assert_eq!(e.steps().len(), 1);
//! assert!(e.to_string().contains("1 % term"));
//! ```
//!
//! ## Explanations on request
//!
//! Writing the steps is most of the cost of a simple decision (a premium line is a few
//! multiplications; its explanation is half a dozen formatted figures). A caller that books
//! thousands of figures and shows none of the text asks for [`Explain::RuleOnly`]: the decision
//! still names its rule and source, but records no step and formats nothing. The figures are the
//! same either way; only the text is skipped.
//!
//! ```
//! use kenpo_domain::explanation::{Explain, Explanation};
//!
//! let mut e = Explanation::with("premium.monthly", "健康保険法 第156条", Explain::RuleOnly);
//! e.step("標準報酬月額", format_args!("{}", 300_000)); // nothing is formatted
//! assert!(e.steps().is_empty());
//! assert!(!e.has_steps());
//! assert_eq!(e.rule, "premium.monthly");
//! ```

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use serde::{Deserialize, Serialize};

/// Whether a decision writes out its steps (説明の要否).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Explain {
    /// Every step, in words an examiner can check (the default).
    #[default]
    Steps,
    /// The rule and its source only: no step is recorded and nothing is formatted.
    RuleOnly,
}

impl Explain {
    /// [`Explain::Steps`] when `steps` is true, else [`Explain::RuleOnly`].
    pub fn steps_if(steps: bool) -> Explain {
        if steps {
            Explain::Steps
        } else {
            Explain::RuleOnly
        }
    }
}

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
    pub rule: Cow<'static, str>,
    /// The legal or official source of the rule.
    pub source: Cow<'static, str>,
    steps: Vec<Step>,
    /// `true` when the decision was made with [`Explain::RuleOnly`] (the steps were not written).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    steps_omitted: bool,
}

impl Explanation {
    /// An explanation of `rule`, sourced from `source`, with no steps yet; steps are recorded.
    pub fn new(rule: impl Into<Cow<'static, str>>, source: impl Into<Cow<'static, str>>) -> Self {
        Explanation::with(rule, source, Explain::Steps)
    }

    /// An explanation of `rule` that records its steps only when `explain` asks for them.
    pub fn with(
        rule: impl Into<Cow<'static, str>>,
        source: impl Into<Cow<'static, str>>,
        explain: Explain,
    ) -> Self {
        Explanation {
            rule: rule.into(),
            source: source.into(),
            steps: Vec::new(),
            steps_omitted: explain == Explain::RuleOnly,
        }
    }

    /// Appends a step. `label` and `detail` are formatted only when steps are recorded: pass
    /// `format_args!(...)` so that a decision made with [`Explain::RuleOnly`] formats nothing.
    pub fn step(&mut self, label: impl fmt::Display, detail: impl fmt::Display) -> &mut Self {
        if !self.steps_omitted {
            let (mut l, mut d) = (String::new(), String::new());
            // Writing into a String cannot fail.
            let _ = write!(l, "{label}");
            let _ = write!(d, "{detail}");
            self.steps.push(Step {
                label: l,
                detail: d,
            });
        }
        self
    }

    /// The steps, in order (empty when the decision was made with [`Explain::RuleOnly`]).
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// `false` when the steps were not written ([`Explain::RuleOnly`]).
    pub fn has_steps(&self) -> bool {
        !self.steps_omitted
    }

    /// Whether this explanation records its steps.
    pub fn explain(&self) -> Explain {
        Explain::steps_if(!self.steps_omitted)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_only_records_and_formats_nothing() {
        struct Loud;
        impl fmt::Display for Loud {
            fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
                panic!("formatted although the steps were not asked for")
            }
        }
        let mut e = Explanation::with("r", "s", Explain::RuleOnly);
        e.step("x", Loud);
        assert!(e.steps().is_empty());
        assert_eq!(e.explain(), Explain::RuleOnly);
        assert_eq!(e.to_string(), "r (s)\n");
    }

    #[test]
    fn steps_serialise_and_the_omission_is_kept() {
        let mut e = Explanation::new("r", "s");
        e.step("a", format_args!("{}+{}={}", 1, 2, 3));
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"rule":"r","source":"s","steps":[{"label":"a","detail":"1+2=3"}]}"#
        );
        let omitted = Explanation::with("r", "s", Explain::RuleOnly);
        let json = serde_json::to_string(&omitted).unwrap();
        assert!(json.contains(r#""steps_omitted":true"#));
        let back: Explanation = serde_json::from_str(&json).unwrap();
        assert!(!back.has_steps());
    }
}
