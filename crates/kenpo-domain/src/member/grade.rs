//! The grade in force (標準報酬月額) as the master records it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;
use crate::standard_remuneration::{DecisionKind, Grade};

/// A decided 標準報酬月額 as the master keeps it (健康保険法 第40条–第43条の3): the grade, the
/// decision that made it (資格取得時決定, 定時決定, 随時改定, 育児休業等・産前産後休業終了時改定),
/// the first month it applies to and the day it was decided. It stays in force until the next
/// decision takes effect or the eligibility period ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeRecord {
    /// The grade (等級 and 標準報酬月額; checked against the table on reading).
    pub grade: Grade,
    /// The decision that made it.
    pub kind: DecisionKind,
    /// The first premium month it applies to (適用開始月).
    pub effective_from: YearMonth,
    /// The day it was decided (決定日).
    pub decided_on: NaiveDate,
}
