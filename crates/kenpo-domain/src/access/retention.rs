//! Retention and disposal (保存・廃棄, notice §8 ⑴⑵; R1–R3).
//!
//! Retention periods are catalog data (`[[retention]]` in the catalog file), one rule per
//! record type, each with its source. [`Catalog::due_for_disposal`] lists the held items whose
//! period has ended on a date; [`Catalog::record_disposal`] writes the [`DisposalRecord`] (what,
//! when, how, by whom) into the access log, which keeps it after the data itself is gone.
//!
//! Periods are counted by 民法 第140条 (the first day is not counted) and 第143条 (a period in
//! years ends on the day before the corresponding day; for 29 February, at the end of the month):
//! a document completed on 2024-04-10 with a 2-year period is kept through 2026-04-10 and due on
//! 2026-04-11.
//!
//! Doubt: the notice defers the periods to the society's unpublished 文書管理規程. The default
//! figures (see the catalog file) are sourced where a statute gives one and marked as defaults
//! where it does not.

use chrono::{Days, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::catalog::Catalog;
use super::log::{AccessLog, LogEntry, LogError, LogEvent, LoggedSubject};
use crate::age::birthday;
use crate::calendar::FiscalYear;
use crate::identifiers::MemberKey;

/// The medium a record is kept on (R1 紙, R2 紙以外の媒体).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Medium {
    /// Paper (紙), kept in the warehouse (R1).
    Paper,
    /// Electronic media (電子媒体・磁気媒体) (R2).
    Electronic,
}

/// Where a retention period starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RetentionFrom {
    /// From the day after completion (完結の日の翌日, 民法 第140条).
    Completion,
    /// From the first day of the fiscal year after the one the record was completed in
    /// (作成した日の属する年度の翌年度から).
    NextFiscalYear,
}

/// A retention rule for one record type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RetentionRule {
    /// The record type (`"receipts_paper"`).
    pub record_type: String,
    /// The Japanese name.
    pub title_ja: String,
    /// The medium.
    pub medium: Medium,
    /// The period in years.
    pub years: u32,
    /// Where it starts.
    pub from: RetentionFrom,
    /// The alternative period ending with the N-th fiscal year after the member's loss of
    /// eligibility, whichever ends first (特定健診等実施基準 第10条).
    pub or_after_loss_fiscal_years: Option<u32>,
    /// The source of the figure.
    pub source: String,
}

impl RetentionRule {
    /// The first day on which a record completed on `completed` (and whose subject lost
    /// eligibility on `lost`, if so) may be disposed of. `None` past the supported range.
    pub fn due_on(&self, completed: NaiveDate, lost: Option<NaiveDate>) -> Option<NaiveDate> {
        let main = match self.from {
            RetentionFrom::Completion => {
                let start = completed.checked_add_days(Days::new(1))?;
                birthday(start, self.years)?
            }
            RetentionFrom::NextFiscalYear => {
                let fy = FiscalYear::of(completed).year();
                let years = i32::try_from(self.years).ok()?;
                FiscalYear::new(fy.checked_add(1)?.checked_add(years)?).first_day()
            }
        };
        let alt = match (self.or_after_loss_fiscal_years, lost) {
            (Some(n), Some(lost)) => {
                let fy = FiscalYear::of(lost).year();
                let n = i32::try_from(n).ok()?;
                Some(FiscalYear::new(fy.checked_add(n)?.checked_add(1)?).first_day())
            }
            _ => None,
        };
        Some(alt.map_or(main, |a| a.min(main)))
    }
}

/// A record the society holds, as the retention query sees it: no content, only what decides
/// its disposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldItem {
    /// The caller's reference (box number, file id).
    pub reference: String,
    /// The record type (a catalog retention rule).
    pub record_type: String,
    /// 完結の日 (the day the record was completed).
    pub completed_on: NaiveDate,
    /// The subject's loss of eligibility, for the rules that count from it.
    pub subject_lost_on: Option<NaiveDate>,
    /// A large quantity of paper (大量個人データ), dissolved by the named company.
    pub bulk: bool,
    /// The subjects the record concerns (for the disposal record).
    pub subjects: Vec<MemberKey>,
}

/// How a record is disposed of (R3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DisposalMethod {
    /// 読みとれない大きさに裁断 (shredding).
    Shredding,
    /// 委託業者による溶解処理 (dissolution by the named company).
    Dissolution,
    /// データ消去ソフトによる消去の上、廃棄又はリース返却 (media erasure).
    MediaErasure,
    /// Deletion of a person's records from the society's database (the member master), with
    /// the keys left in the access log replaced by pseudonyms.
    Deletion,
}

/// An item due for disposal, with the method the notice prescribes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueItem<'a> {
    /// The item.
    pub item: &'a HeldItem,
    /// The first day it may be disposed of.
    pub due_on: NaiveDate,
    /// The method.
    pub method: DisposalMethod,
    /// Who disposes of it, for dissolution.
    pub by: Option<String>,
}

/// What was disposed of, when, how and by whom: kept in the access log after the data is gone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisposalRecord {
    /// The caller's reference of the item.
    pub reference: String,
    /// The record type.
    pub record_type: String,
    /// The subjects the record concerned (pseudonyms for persons disposed of).
    pub subjects: Vec<LoggedSubject>,
    /// The day of disposal.
    pub disposed_on: NaiveDate,
    /// The method.
    pub method: DisposalMethod,
    /// Who did it (the society or the named company).
    pub by: Option<String>,
}

impl DueItem<'_> {
    /// The disposal record of this item, disposed of on `on`.
    pub fn disposal_record(&self, on: NaiveDate) -> DisposalRecord {
        DisposalRecord {
            reference: self.item.reference.clone(),
            record_type: self.item.record_type.clone(),
            subjects: self
                .item
                .subjects
                .iter()
                .cloned()
                .map(LoggedSubject::Key)
                .collect(),
            disposed_on: on,
            method: self.method,
            by: self.by.clone(),
        }
    }
}

/// Why the retention query failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RetentionError {
    /// An item's record type has no rule in the catalog.
    #[error("item {reference}: no retention rule for record type {record_type:?}")]
    UnknownRecordType {
        /// The item reference.
        reference: String,
        /// The record type.
        record_type: String,
    },
    /// The due date is outside the supported date range.
    #[error("item {reference}: due date out of range")]
    OutOfRange {
        /// The item reference.
        reference: String,
    },
}

impl Catalog {
    /// The retention rule for `record_type`.
    pub fn retention_rule(&self, record_type: &str) -> Option<&RetentionRule> {
        self.retention.iter().find(|r| r.record_type == record_type)
    }

    /// The items due for disposal on `on` (due date on or before it), with the method.
    pub fn due_for_disposal<'a>(
        &self,
        items: &'a [HeldItem],
        on: NaiveDate,
    ) -> Result<Vec<DueItem<'a>>, RetentionError> {
        let mut due = Vec::new();
        for item in items {
            let rule = self.retention_rule(&item.record_type).ok_or_else(|| {
                RetentionError::UnknownRecordType {
                    reference: item.reference.clone(),
                    record_type: item.record_type.clone(),
                }
            })?;
            let due_on = rule
                .due_on(item.completed_on, item.subject_lost_on)
                .ok_or_else(|| RetentionError::OutOfRange {
                    reference: item.reference.clone(),
                })?;
            if due_on > on {
                continue;
            }
            let (method, by) = match rule.medium {
                Medium::Electronic => (DisposalMethod::MediaErasure, None),
                Medium::Paper if item.bulk => (
                    DisposalMethod::Dissolution,
                    self.bulk_paper_disposer()
                        .map(|r| r.name.clone().unwrap_or_else(|| r.title_ja.clone())),
                ),
                Medium::Paper => (DisposalMethod::Shredding, None),
            };
            due.push(DueItem {
                item,
                due_on,
                method,
                by,
            });
        }
        Ok(due)
    }

    /// Writes a disposal record into the log.
    pub fn record_disposal(
        &self,
        log: &mut dyn AccessLog,
        at: NaiveDateTime,
        record: DisposalRecord,
    ) -> Result<u64, LogError> {
        log.append(at, LogEvent::Disposal(record))
    }
}

/// The disposal records of a log.
pub fn disposals(entries: &[LogEntry]) -> impl Iterator<Item = &DisposalRecord> {
    entries.iter().filter_map(|e| match &e.event {
        LogEvent::Disposal(d) => Some(d),
        LogEvent::Decision(_) => None,
    })
}
