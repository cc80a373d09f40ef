//! Employers' notifications (届書) read into member events and pay reports: the project's own
//! JSON, a CSV with documented columns (Japanese header names accepted), and the 電子媒体 CSV of
//! 日本年金機構's notification layout (`SHFD0006.CSV`) with its 健康保険組合 variant
//! (`KPFD0006.CSV`).
//!
//! | form (様式コード) | what it gives | |
//! | --- | --- | --- |
//! | 資格取得届 `2200700` | [`MemberEvent::Acquisition`] and the 報酬月額 at acquisition ([`PayReport::Acquisition`]) | 健康保険法 第48条, 第42条 |
//! | 資格喪失届 `2201700` | [`MemberEvent::Loss`] | 第36条 |
//! | 被扶養者(異動)届 `2202700` | [`MemberEvent::DependentAdded`], [`MemberEvent::DependentRemoved`] | 則 第38条 |
//! | 算定基礎届 `2225700` | the pay of April–June ([`PayReport::Regular`]) | 第41条 |
//! | 月額変更届 `2221700` | three months of pay after a fixed-wage change ([`PayReport::Revision`]) | 第43条 |
//! | 賞与支払届 `2265700` | a bonus ([`PayReport::Bonus`]) | 第45条 |
//! | 育児休業等・産前産後休業終了時報酬月額変更届 (no CSV layout: JSON or the documented CSV) | three months of pay after a leave ([`PayReport::LeaveEnd`]) | 第43条の2, 第43条の3 |
//!
//! Reading is pure: the readers take text (or bytes) passed in and return what they read with
//! the file, line and column of every row they could not take ([`RejectedRow`]), never a
//! personal field in an error. What to do with a batch that has rejected rows (take nothing,
//! or take everything else) is the caller's choice.
//!
//! The layouts follow 日本年金機構 「ＣＳＶ形式届書作成仕様書（電子申請）／電子媒体届書作成仕様書」
//! 第16.2版 (令和8年3月) and the per-form check documents, as restated item by item in public
//! implementations; `docs/SOURCES.md` (section "Employer notifications") gives the addresses
//! and what is uncertain (the 健康保険組合 variant above all).

mod csv_rows;
mod json;
mod pay;
mod shfd;

#[cfg(test)]
mod tests;

pub use csv_rows::{read_csv, CsvKind, CSV_COLUMNS};
pub use json::{objects, read_json, JsonKind};
pub use pay::PayReport;
pub use shfd::{
    read_shfd, DependantChange, DependantNotice, ShfdVariant, ADDRESS_NOT_NOTIFIED, FORM_CODES,
};

use std::fmt;

use serde::Serialize;

use crate::member::MemberEvent;

/// Where a row was read: the file, its 1-based line and, for a rejection, the 1-based column
/// (item number) at fault.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct RowPosition {
    /// The file's name as the caller gave it.
    pub file: String,
    /// 1-based line.
    pub line: usize,
}

/// One notification read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Notification {
    /// A change to the member master.
    Member(MemberEvent),
    /// Pay that decides a grade or a bonus premium.
    Pay(PayReport),
    /// A 被扶養者(異動)届 entry whose 枝番 the caller resolves against its master.
    Dependant(DependantNotice),
}

/// A row that was read, with where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadRow {
    /// Where.
    pub position: RowPosition,
    /// What.
    pub notification: Notification,
}

/// A row that could not be taken: file, line, column (item number or header name) and the rule
/// it broke. Never holds the row's content (names, birth dates and numbers are personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectedRow {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (item number), when one column is at fault.
    pub column: Option<usize>,
    /// The column's name (項目名), when known.
    pub item: Option<String>,
    /// The rule broken, a stable id (`"notification.date"`, `"shfd.item_count"` …).
    pub rule: &'static str,
    /// Why, in words (no personal data).
    pub problem: String,
}

impl fmt::Display for RejectedRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} line {}", self.file, self.line)?;
        if let Some(c) = self.column {
            write!(f, " column {c}")?;
        }
        if let Some(i) = &self.item {
            write!(f, " ({i})")?;
        }
        write!(f, ": {} [{}]", self.problem, self.rule)
    }
}

/// What reading one file gave: every row taken and every row rejected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadBatch {
    /// Rows read, in file order.
    pub rows: Vec<ReadRow>,
    /// Rows rejected, in file order.
    pub rejected: Vec<RejectedRow>,
    /// Rows read that carry nothing for the health insurance (70歳以上被用者届のみ, a
    /// 被扶養者 変更 whose change is free text), by position.
    pub ignored: Vec<RowPosition>,
}

impl ReadBatch {
    fn reject(
        &mut self,
        file: &str,
        line: usize,
        column: Option<usize>,
        item: Option<&str>,
        rule: &'static str,
        problem: impl Into<String>,
    ) {
        self.rejected.push(RejectedRow {
            file: file.to_owned(),
            line,
            column,
            item: item.map(str::to_owned),
            rule,
            problem: problem.into(),
        });
    }

    fn push(&mut self, file: &str, line: usize, notification: Notification) {
        self.rows.push(ReadRow {
            position: RowPosition {
                file: file.to_owned(),
                line,
            },
            notification,
        });
    }
}
