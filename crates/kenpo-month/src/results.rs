//! What one month's run produced. Every list is in a fixed order (by key, office, household or
//! position), so that two runs of the same month on the same data give equal results.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use kenpo_domain::access::Anchor;
use kenpo_domain::calendar::YearMonth;
use kenpo_domain::identifiers::{MemberKey, OfficeCode};
use kenpo_domain::premium::EmployerNotice;
use kenpo_domain::receipt::Rule;
use kenpo_domain::Yen;

use crate::state::GradeRecord;

/// One insured person's premium for the month (or why none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PremiumLine {
    /// The insured person.
    pub key: MemberKey,
    /// The office.
    pub office: Option<OfficeCode>,
    /// `monthly` or `bonus`.
    pub base: &'static str,
    /// `charged`, `not_insured`, `exempt_maternity`, `exempt_childcare` or `no_grade`.
    pub charge: &'static str,
    /// 標準報酬月額 (or 標準賞与額).
    pub standard: Yen,
    /// The total premium, exact.
    pub total: Decimal,
    /// The employee share.
    pub employee: Yen,
    /// The employer share, exact.
    pub employer: Decimal,
    /// 介護保険料 charged.
    pub care: bool,
}

/// A receipt finding, by position (the texts stay in the domain's [`kenpo_domain::receipt::Finding`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingLine {
    /// The rule id.
    pub rule: String,
    /// The file.
    pub file: String,
    /// The line of the receipt (RE), 0 for a file-level finding.
    pub line: u64,
    /// The receipt's 1-based index in the file.
    pub receipt: u64,
    /// The patient, when resolved.
    pub person: Option<MemberKey>,
}

/// The receipts of the month as read and checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReceiptsOutcome {
    /// Files read.
    pub files: Vec<String>,
    /// Receipts in the files.
    pub in_files: u64,
    /// Receipts read without error.
    pub parsed: u64,
    /// Receipts rejected by the reader (each with its position in `rejected`).
    pub rejected: u64,
    /// The rejected receipts: file, line, error.
    pub rejections: Vec<String>,
    /// Findings by rule id.
    pub by_rule: BTreeMap<String, usize>,
    /// Every finding.
    pub findings: Vec<FindingLine>,
    /// 10割 医療費 of the parsed receipts.
    pub total_cost: Yen,
    /// Receipts the 高額療養費 unit builder left out or joined with a caveat.
    pub unit_notes: usize,
}

/// One household-month of 高額療養費 and 付加給付 decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HouseholdBenefit {
    /// The household.
    pub household: MemberKey,
    /// Treatment month.
    pub month: YearMonth,
    /// The income category under 70.
    pub category: String,
    /// 多数回該当.
    pub many_times: bool,
    /// The co-payments.
    pub charges: Yen,
    /// 高額療養費 decided.
    pub high_cost: Yen,
    /// 付加給付 decided.
    pub additional: Yen,
    /// Paid now: decided less what earlier versions of this month already paid.
    pub paid_now: Yen,
}

/// An August settlement (外来年間合算, 年間上限).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settlement {
    /// `outpatient_year` or `annual_cap`.
    pub kind: &'static str,
    /// The person (外来年間合算) or household (年間上限).
    pub subject: MemberKey,
    /// The first month of the period (an August).
    pub period_from: YearMonth,
    /// The sum counted.
    pub counted: Yen,
    /// The cap applied.
    pub cap: Option<Yen>,
    /// The refund.
    pub refund: Yen,
}

/// A cash benefit claimed this month and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CashBenefitLine {
    /// `sickness`, `childbirth` or `burial`.
    pub kind: &'static str,
    /// The person.
    pub key: MemberKey,
    /// The decision number.
    pub decision: String,
    /// The amount decided.
    pub amount: Yen,
    /// `paid`, `not_payable`, `already_paid` (the decision is on record) or `held_duplicate`
    /// (the duplicate-payment check found it).
    pub outcome: String,
}

/// A list handed out through an access decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListLine {
    /// The purpose.
    pub purpose: String,
    /// The recipient.
    pub recipient: String,
    /// Rows handed out.
    pub rows: usize,
    /// The log sequence of the decision.
    pub log_seq: u64,
}

/// The counts of the month's notifications.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NotificationCounts {
    /// Member events dated in the month, by kind.
    pub events_by_kind: BTreeMap<String, usize>,
    /// 75th-birthday losses the run recorded (後期高齢者医療).
    pub late_elderly_losses: usize,
    /// Insured persons eligible on the month's last day.
    pub insured_eligible: usize,
    /// Dependants eligible on the month's last day.
    pub dependants_eligible: usize,
    /// Pay reports taken, by kind.
    pub pay_by_kind: BTreeMap<String, usize>,
}

/// Everything one month's run produced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MonthResults {
    /// The premium month.
    pub month: Option<YearMonth>,
    /// The service month of the receipts (the month before).
    pub service_month: Option<YearMonth>,
    /// Notifications.
    pub notifications: NotificationCounts,
    /// Grades decided this month.
    pub grades: Vec<GradeRecord>,
    /// Pay reports that decided nothing, with why (`regular excluded: …`, `revision refused: …`).
    pub grade_notes: Vec<(MemberKey, String)>,
    /// Premium lines (monthly, then bonus), by key.
    pub premiums: Vec<PremiumLine>,
    /// Employer notices, by office.
    pub notices: Vec<EmployerNotice>,
    /// Receipts.
    pub receipts: ReceiptsOutcome,
    /// 高額療養費 and 付加給付 decided, by household.
    pub high_cost: Vec<HouseholdBenefit>,
    /// Households with receipts.
    pub households_with_receipts: usize,
    /// August settlements.
    pub settlements: Vec<Settlement>,
    /// Cash benefits claimed.
    pub cash_benefits: Vec<CashBenefitLine>,
    /// 医療費通知 made (households).
    pub expense_notices: usize,
    /// Their 医療費 in all.
    pub expense_notice_cost: Yen,
    /// Lists handed out.
    pub lists: Vec<ListLine>,
    /// Requests denied (`purpose: reason`).
    pub denied: Vec<String>,
    /// Access log entries appended.
    pub log_entries: usize,
    /// The log's last MAC after the month (hex).
    pub log_head: String,
    /// The log's anchor after the month: keep it apart from the store (`kenpo run` writes it
    /// beside the month's log file).
    pub log_anchor: Option<Anchor>,
}

/// Counts and yen totals per stage: the `--json` summary of `kenpo run`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthSummary {
    /// The premium month.
    pub month: String,
    /// `run`, `unchanged` (already run on the same inputs) or `correction`.
    pub status: String,
    /// The run's version of the month (1 first, 2 after a correction …).
    pub version: u32,
    /// Per stage: counts and yen.
    pub stages: BTreeMap<&'static str, BTreeMap<&'static str, i64>>,
}

fn n(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl MonthResults {
    /// The summary of the results.
    pub fn summary(&self, status: &str, version: u32) -> MonthSummary {
        let mut stages: BTreeMap<&'static str, BTreeMap<&'static str, i64>> = BTreeMap::new();
        let mut put = |stage: &'static str, k: &'static str, v: i64| {
            stages.entry(stage).or_default().insert(k, v);
        };
        let c = &self.notifications;
        put(
            "notifications",
            "events",
            n(c.events_by_kind.values().sum()),
        );
        put(
            "notifications",
            "late_elderly_losses",
            n(c.late_elderly_losses),
        );
        put("notifications", "insured_eligible", n(c.insured_eligible));
        put(
            "notifications",
            "dependants_eligible",
            n(c.dependants_eligible),
        );
        put(
            "notifications",
            "pay_reports",
            n(c.pay_by_kind.values().sum()),
        );
        put("grades", "decided", n(self.grades.len()));
        put("grades", "not_decided", n(self.grade_notes.len()));
        let monthly = self.premiums.iter().filter(|p| p.base == "monthly");
        put("premiums", "lines", n(monthly.clone().count()));
        put(
            "premiums",
            "charged",
            n(monthly.clone().filter(|p| p.charge == "charged").count()),
        );
        put(
            "premiums",
            "no_grade",
            n(monthly.filter(|p| p.charge == "no_grade").count()),
        );
        put(
            "premiums",
            "bonus_lines",
            n(self.premiums.iter().filter(|p| p.base == "bonus").count()),
        );
        put("notices", "offices", n(self.notices.len()));
        put(
            "notices",
            "total_yen",
            self.notices.iter().map(|x| x.total).sum::<Yen>().get(),
        );
        put(
            "notices",
            "employee_yen",
            self.notices
                .iter()
                .map(|x| x.employee_total)
                .sum::<Yen>()
                .get(),
        );
        put(
            "notices",
            "employer_yen",
            self.notices
                .iter()
                .map(|x| x.employer_total)
                .sum::<Yen>()
                .get(),
        );
        let r = &self.receipts;
        put(
            "receipts",
            "in_files",
            i64::try_from(r.in_files).unwrap_or(i64::MAX),
        );
        put(
            "receipts",
            "parsed",
            i64::try_from(r.parsed).unwrap_or(i64::MAX),
        );
        put(
            "receipts",
            "rejected",
            i64::try_from(r.rejected).unwrap_or(i64::MAX),
        );
        put("receipts", "findings", n(r.findings.len()));
        put("receipts", "total_cost_yen", r.total_cost.get());
        put(
            "high_cost",
            "households_with_receipts",
            n(self.households_with_receipts),
        );
        put("high_cost", "households_paid", n(self.high_cost.len()));
        put(
            "high_cost",
            "many_times",
            n(self.high_cost.iter().filter(|h| h.many_times).count()),
        );
        put(
            "high_cost",
            "high_cost_yen",
            self.high_cost
                .iter()
                .map(|h| h.high_cost)
                .sum::<Yen>()
                .get(),
        );
        put(
            "high_cost",
            "additional_yen",
            self.high_cost
                .iter()
                .map(|h| h.additional)
                .sum::<Yen>()
                .get(),
        );
        put(
            "high_cost",
            "paid_now_yen",
            self.high_cost.iter().map(|h| h.paid_now).sum::<Yen>().get(),
        );
        put("settlements", "count", n(self.settlements.len()));
        put(
            "settlements",
            "refund_yen",
            self.settlements.iter().map(|s| s.refund).sum::<Yen>().get(),
        );
        put("cash_benefits", "claims", n(self.cash_benefits.len()));
        put(
            "cash_benefits",
            "paid",
            n(self
                .cash_benefits
                .iter()
                .filter(|c| c.outcome == "paid")
                .count()),
        );
        put(
            "cash_benefits",
            "paid_yen",
            self.cash_benefits
                .iter()
                .filter(|c| c.outcome == "paid")
                .map(|c| c.amount)
                .sum::<Yen>()
                .get(),
        );
        put("expense_notices", "households", n(self.expense_notices));
        put(
            "expense_notices",
            "cost_yen",
            self.expense_notice_cost.get(),
        );
        put("access", "lists", n(self.lists.len()));
        put("access", "denied", n(self.denied.len()));
        put("access", "log_entries", n(self.log_entries));
        MonthSummary {
            month: self.month.map(|m| m.to_string()).unwrap_or_default(),
            status: status.to_owned(),
            version,
            stages,
        }
    }

    /// Persons with a finding of `rule`.
    pub fn persons_with(&self, rule: Rule) -> std::collections::BTreeSet<MemberKey> {
        self.receipts
            .findings
            .iter()
            .filter(|f| f.rule == rule.id())
            .filter_map(|f| f.person.clone())
            .collect()
    }
}
