//! `kenpo calc dependent FILE`: 被扶養者認定 (健康保険法 第3条7項) for one person, from a JSON file
//! in the shape of [`RecognitionRequest`], decided by
//! [`kenpo_domain::dependent_recognition::decide`]; the output says recognised or not and lists
//! every rule with its outcome, figure and source. No rule lives here.
//!
//! The file (unknown keys are refused; amounts in whole yen):
//!
//! ```json
//! {
//!   "recognition_date": "2026-04-01",
//!   "relationship": "spouse",
//!   "birth_date": "1985-07-01",
//!   "disabled": false,
//!   "late_elderly_certified": false,
//!   "lives_with_insured": true,
//!   "residence": "domestic",
//!   "incomes": [ { "annual": 1299999 } ],
//!   "insured_annual_income": 5000000,
//!   "insured_is_centre_of_living": false,
//!   "annual_remittance": null
//! }
//! ```
//!
//! - `relationship`: `spouse`, `child`, `grandchild`, `elder_sibling`, `younger_sibling`,
//!   `parent`, `grandparent`, `other_relative_within_third_degree`,
//!   `de_facto_spouse_parent_or_child`.
//! - `residence`: `"domestic"`, `{ "domestic_excluded": "medical_stay" | "long_stay_tourism" }`
//!   or `{ "abroad": "studying_abroad" | "accompanying_posted_insured" | "temporary_non_work" |
//!   "relation_arisen_during_posting" | "life_base_in_japan" | "no_exception" }`.
//! - `incomes[]`: `{ "annual": YEN }`, `{ "monthly": YEN }`, `{ "daily": YEN }` (× 360), or
//!   `{ "labour_contract": { "pay": { "hourly": { "wage": YEN, "hours_per_week": "20" } } |
//!   { "daily": { "wage": YEN, "days_per_week": "3" } } | { "monthly": { "wage": YEN } },
//!   "monthly_allowances": YEN, "annual_bonus": YEN, "pay_outside_contract": YEN } }` — from a
//!   recognition date of 2026-04-01, wage-only income is judged from the contract.
//! - `annual_remittance`: what the insured person sends a relative living apart (`null` when
//!   living together).
//!
//! ```
//! use kenpo_cli::dependent;
//! let out = dependent::decide_text(include_str!("../../../examples/calc/dependent.json"), "dependent.json").unwrap();
//! assert!(out.recognized);
//! assert_eq!(out.threshold, 1_300_000);
//! ```

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use kenpo_domain::dependent_recognition::{decide, Outcome, RecognitionRequest};
use kenpo_domain::explanation::Explanation;

use crate::error::CliError;

/// One rule of the decision.
#[derive(Debug, Clone, Serialize)]
pub struct ReasonOutput {
    /// The rule (`relative_scope`, `cohabitation`, `late_elderly_exclusion`,
    /// `domestic_residence`, `income_basis`, `income_threshold`, `half_of_insured_income`,
    /// `below_remittance`).
    pub rule: String,
    /// `met`, `failed` or `not_applicable`.
    pub outcome: &'static str,
    /// The figure or fact, in words.
    pub detail: String,
    /// The legal or official source.
    pub source: String,
}

/// `kenpo calc dependent --json`.
#[derive(Debug, Clone, Serialize)]
pub struct DependentOutput {
    /// `true` when every rule is met.
    pub recognized: bool,
    /// The recognition date.
    pub recognition_date: NaiveDate,
    /// The expected income of the coming 12 months (exact, decimal string).
    pub annual_income: String,
    /// The threshold it must be below (1,300,000, 1,800,000 or 1,500,000).
    pub threshold: i64,
    /// Every rule, in order.
    pub reasons: Vec<ReasonOutput>,
    /// The rules that failed (their `rule` names); empty when recognised.
    pub failed: Vec<String>,
    /// Each step.
    pub explanation: Explanation,
}

/// Reads and decides the request in `path`.
pub fn decide_file(path: &Path) -> Result<DependentOutput, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| CliError::file(path, e))?;
    decide_text(&text, &path.display().to_string())
}

fn rule_name(rule: impl Serialize) -> String {
    serde_json::to_value(rule)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Parses `text` (named `name` in errors) and decides it.
pub fn decide_text(text: &str, name: &str) -> Result<DependentOutput, CliError> {
    let request: RecognitionRequest = crate::household::parse_json(text, name)?;
    let d = decide(&request).map_err(|e| CliError::file(name, e))?;
    let reasons: Vec<ReasonOutput> = d
        .reasons
        .iter()
        .map(|r| ReasonOutput {
            rule: rule_name(r.rule),
            outcome: match r.outcome {
                Outcome::Met => "met",
                Outcome::Failed => "failed",
                _ => "not_applicable",
            },
            detail: r.detail.clone(),
            source: r.source.clone(),
        })
        .collect();
    Ok(DependentOutput {
        recognized: d.recognized,
        recognition_date: d.recognition_date,
        annual_income: d.annual_income.normalize().to_string(),
        threshold: d.threshold.get(),
        failed: reasons
            .iter()
            .filter(|r| r.outcome == "failed")
            .map(|r| r.rule.clone())
            .collect(),
        reasons,
        explanation: d.explanation,
    })
}
