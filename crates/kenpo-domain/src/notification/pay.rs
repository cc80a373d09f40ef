//! Pay reports: the figures employers send that decide a grade (標準報酬月額) or a bonus premium.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;
use crate::identifiers::MemberKey;
use crate::money::Yen;
use crate::premium::PaymentMethod;
use crate::standard_remuneration::{EndedLeave, FixedWageChange, MonthPay, WorkerKind};

/// A pay report about one insured person. JSON: tagged by `"type"`; amounts are whole yen.
///
/// ```
/// use kenpo_domain::notification::PayReport;
///
/// let json = r#"{"type": "bonus", "key": {"symbol": "10", "number": "123", "branch": "00"},
///               "paid_on": "2026-12-10", "amount": 612345}"#;
/// let report: PayReport = serde_json::from_str(json).unwrap();
/// assert_eq!(report.kind(), "bonus");
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum PayReport {
    /// 資格取得届 報酬月額 (健康保険法 第42条): the monthly remuneration at acquisition.
    Acquisition {
        /// The insured person.
        key: MemberKey,
        /// 資格取得日.
        acquired: NaiveDate,
        /// 報酬月額 (通貨 + 現物).
        amount: Yen,
        /// How the employee share is paid (wage deduction unless said).
        #[serde(default)]
        payment: PaymentMethod,
    },
    /// 算定基礎届 (第41条): the pay of April, May and June of `year`.
    Regular {
        /// The insured person.
        key: MemberKey,
        /// The year of the determination.
        year: i32,
        /// The kind of worker (17, 11 or 15 days).
        #[serde(default = "regular_worker")]
        worker: WorkerKind,
        /// The months (those not employed may be left out).
        months: Vec<MonthPay>,
    },
    /// 月額変更届 (第43条): three months of pay after a fixed-wage change first paid in
    /// `first_month`; the revision (改定年月) is the fourth month.
    Revision {
        /// The insured person.
        key: MemberKey,
        /// The month the changed wage was first paid.
        first_month: YearMonth,
        /// 昇給 or 降給.
        change: FixedWageChange,
        /// The kind of worker.
        #[serde(default = "regular_worker")]
        worker: WorkerKind,
        /// The three months.
        months: Vec<MonthPay>,
    },
    /// 賞与支払届 (第45条): a bonus paid.
    Bonus {
        /// The insured person.
        key: MemberKey,
        /// 賞与支払年月日.
        paid_on: NaiveDate,
        /// The amount paid (通貨 + 現物).
        amount: Yen,
    },
    /// The 標準報酬月額 in force when the society's records were taken over from an earlier
    /// system (an opening balance, not a decision of this system).
    Opening {
        /// The insured person.
        key: MemberKey,
        /// 標準報酬月額 in force.
        standard_monthly: Yen,
        /// The first month it applies to.
        effective_from: YearMonth,
        /// How the employee share is paid.
        #[serde(default)]
        payment: PaymentMethod,
    },
    /// 育児休業等終了時報酬月額変更届 (第43条の2) or 産前産後休業終了時報酬月額変更届 (第43条の3),
    /// filed on the insured person's request through the employer: the pay of the three months
    /// starting with the month containing the day after the leave ended; the revision (改定年月)
    /// is the fourth month ([`leave_end_revision`](crate::standard_remuneration::leave_end_revision)).
    /// Neither form has a CSV layout of 日本年金機構 (docs/SOURCES.md, employer notifications):
    /// they come as the project's JSON or the documented CSV.
    LeaveEnd {
        /// The insured person.
        key: MemberKey,
        /// Which leave ended.
        leave: EndedLeave,
        /// The last day of the leave (育児休業等終了年月日 / 産前産後休業終了年月日).
        leave_ended_on: NaiveDate,
        /// `true` when the other leave (産前産後休業 after 育児休業等, or the reverse) starts the
        /// day after: then no revision (第43条の2第1項・第43条の3第1項ただし書). A store that
        /// records the leaves also finds this itself.
        #[serde(default)]
        another_leave_follows: bool,
        /// The kind of worker.
        #[serde(default = "regular_worker")]
        worker: WorkerKind,
        /// The three months.
        months: Vec<MonthPay>,
    },
}

fn regular_worker() -> WorkerKind {
    WorkerKind::Regular
}

impl fmt::Debug for PayReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PayReport::{}({})", self.kind(), self.key().masked())
    }
}

impl PayReport {
    /// The insured person.
    pub fn key(&self) -> &MemberKey {
        match self {
            PayReport::Acquisition { key, .. }
            | PayReport::Regular { key, .. }
            | PayReport::Revision { key, .. }
            | PayReport::Bonus { key, .. }
            | PayReport::Opening { key, .. }
            | PayReport::LeaveEnd { key, .. } => key,
        }
    }

    /// The kind, as in the JSON `"type"`.
    pub const fn kind(&self) -> &'static str {
        match self {
            PayReport::Acquisition { .. } => "acquisition",
            PayReport::Regular { .. } => "regular",
            PayReport::Revision { .. } => "revision",
            PayReport::Bonus { .. } => "bonus",
            PayReport::Opening { .. } => "opening",
            PayReport::LeaveEnd { .. } => "leave_end",
        }
    }

    /// The premium month whose run takes the report: the acquisition month, July of the
    /// 算定基礎届's year (the form is filed by 10 July), the month of the revision (改定年月), the
    /// month the bonus was paid, the opening month; for a leave end, the revision month (the
    /// fourth month from the month containing the day after the leave).
    pub fn month(&self) -> YearMonth {
        match self {
            PayReport::Acquisition { acquired, .. } => YearMonth::of(*acquired),
            PayReport::Regular { year, .. } => {
                YearMonth::new(*year, 7).unwrap_or(YearMonth::of(NaiveDate::MIN))
            }
            PayReport::Revision { first_month, .. } => first_month.add_months(3),
            PayReport::Bonus { paid_on, .. } => YearMonth::of(*paid_on),
            PayReport::Opening { effective_from, .. } => *effective_from,
            PayReport::LeaveEnd { leave_ended_on, .. } => {
                YearMonth::of(leave_ended_on.succ_opt().unwrap_or(*leave_ended_on)).add_months(3)
            }
        }
    }
}
