//! The demo society and its monthly job (`kenpo demo`).
//!
//! [`generate`] builds a deterministic society from a seed: employer offices, insured persons and
//! dependants with plausible names (kanji and kana), ages and households, pay from April 2025 with
//! a raise in April 2026 and bonuses in December and July, the notifications of the year
//! (acquisitions, retirements, 75th birthdays, dependants), maternity and childcare leaves, and a
//! month of receipts with planted cases the checks must find ([`Planted`]). [`run_job`] runs the
//! monthly job of [`job_month`] on it; [`write_outputs`] writes CSV and JSON.
//!
//! ```
//! use kenpo_cli::demo::{generate, DemoParams};
//!
//! let a = generate(DemoParams { members: 50, seed: 1 }).unwrap();
//! let b = generate(DemoParams { members: 50, seed: 1 }).unwrap();
//! assert_eq!(a.insured.len(), 50);
//! assert_eq!(a.planted.visit_after_loss, b.planted.visit_after_loss);
//! ```

mod access;
mod benefits;
mod job;
mod month;
mod names;
mod output;
mod progress;
mod receipts;
mod rng;
mod society;

pub use access::{
    demo_icd10, AccessResult, ListOutcome, ACCESS_ANCHOR_FILE, ACCESS_LOG_FILE, DEMO_ACTOR,
};
pub use benefits::{household_of, rows_by_household, BenefitsResult, HouseholdBenefit};
pub use job::{
    apply_events, grade_for_job_month, grade_in, run as run_job, EventCounts, GradeLine, JobResult,
    PremiumLine, StageTime,
};
pub use month::{
    first_month, import_opening, many_times_household, month_receipts, run_months, run_months_with,
    DemoRun,
};
pub use output::{summary_text, write_outputs, Summary};
pub use progress::{Bar, Progress};
pub use receipts::{
    key_of, read_and_check, row_of, write_file as write_receipts, ReceiptsResult, RECEIPT_FILE,
    SPECIAL_NOTE_LONG_TERM,
};
pub use rng::Rng;
pub use society::{
    copay_tenths, first_pay_month, generate, job_month, service_month, DemoParams, DemoSociety,
    DependantPlan, Institution, InstitutionKind, InsuredPlan, Office, PlannedReceipt, Planted,
    DEFAULT_MEMBERS, DEFAULT_SEED, DIALYSIS_WINDOW_LIMIT, MAX_MEMBERS, ORDINARY_MAX_INSTITUTIONS,
    PLANTED_INSTITUTIONS,
};

/// The demo runs into FY2027, whose 子ども・子育て支援金率 had not been announced when this was
/// written (December 2026; see `docs/SOURCES.md`). A premium month without a known rate is refused,
/// so the demo society states an assumption in its own configuration, as a society would write the
/// announced rate: FY2026's 0.23 % carried over. It is demo data, not a figure of the law.
const DEMO_FY2027_SUPPORT_RATE: &str = "
# Demo assumption (not an announced rate): FY2026's 0.23 % for FY2027.
[[support_rates]]
effective_from = \"2027-04\"
value = \"0.23%\"
";

/// The demo society's configuration: the sample society (`examples/config/sample-society.toml`)
/// with the demo's stated FY2027 支援金率 assumption (`DEMO_FY2027_SUPPORT_RATE`).
pub fn default_config() -> String {
    format!(
        "{}{DEMO_FY2027_SUPPORT_RATE}",
        crate::calc::SAMPLE_SOCIETY_TOML
    )
}
