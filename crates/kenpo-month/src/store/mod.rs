//! Where the society's data and the state between months are kept. [`Store`] is what a host
//! implements over its own database; [`SqliteStore`] is the default (an embedded SQLite file).
//!
//! What a store keeps, and how (each a table of [`SqliteStore`]):
//!
//! - the society configuration, versioned (a new configuration adds a version);
//! - the **journal of member events**: every event with the import (file, line, time) or run
//!   that recorded it, never changed afterwards; beside it the member master as the events left
//!   it (a row per person with its versions and periods, in typed columns);
//! - pay reports and facts, each with the import batch that brought it (a run takes what was
//!   imported before it and is dated in or before its month: which run took a row follows from
//!   the runs, so nothing is marked on the row);
//! - **grade decisions**, one row each, with the run that made them;
//! - per run: the state it added (高額療養費 months, 70–74 outpatient months, standard bonuses,
//!   benefits paid, access log entries) and its results (premium lines, notices, findings,
//!   benefits, settlements) — a correction of a month is a new version of the run; the old one
//!   is marked superseded, not erased.
//!
//! One month's run is one transaction ([`Store::begin`] … [`Store::commit`]): a failure rolls
//! everything back. [`Store::begin`] also takes the store for the run: a second run or import
//! meanwhile gets [`StoreError::Locked`].

mod persons;
mod sqlite;

pub use sqlite::{SqliteStore, SCHEMA_VERSION};

use std::collections::BTreeMap;

use kenpo_domain::calendar::YearMonth;
use kenpo_domain::identifiers::MemberKey;
use kenpo_domain::member::{MemberEvent, MemberMaster, PersonRecord};
use kenpo_domain::notification::PayReport;
use kenpo_domain::society::SocietyConfig;
use kenpo_domain::Yen;

use crate::error::StoreError;
use crate::pipeline::{Facts, MonthOutcome, PendingClaim, PendingPay};
use crate::records::Fact;
use crate::state::CarriedState;

/// One import (a file of rows) as recorded.
#[derive(Debug, Clone)]
pub struct BatchInfo {
    /// `members`, `notifications` or `pay`.
    pub kind: String,
    /// The file's name.
    pub file: String,
    /// SHA-256 of the file's bytes (hex).
    pub sha256: String,
    /// Rows taken.
    pub rows: usize,
    /// Rows rejected (taken anyway only with the operator's flag).
    pub rejected: usize,
    /// When (ISO 8601, local time).
    pub recorded_at: String,
}

/// A run of a month as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRecord {
    /// The store's id of the run.
    pub id: i64,
    /// The month.
    pub month: YearMonth,
    /// 1 for the first run of the month, 2 after a correction …
    pub version: u32,
    /// The last import batch the run saw.
    pub last_batch: i64,
    /// The summary (JSON), as printed by `kenpo run --json`.
    pub summary: String,
    /// The run that replaced it, if any.
    pub superseded_by: Option<i64>,
}

/// What a month takes from the store besides the state.
#[derive(Debug, Default)]
pub struct MonthRecords {
    /// Pay reports dated in the month or before, not taken yet.
    pub pay: Vec<PendingPay>,
    /// Claims received in the month or before, not taken yet.
    pub claims: Vec<PendingClaim>,
    /// Facts on record (leaves, tax status, certificates, the fiscal year's checkups).
    pub facts: Facts,
    /// Member events dated in the month, by kind.
    pub events_by_kind: BTreeMap<String, usize>,
    /// 高額療養費 and 付加給付 already paid per household-month by the superseded version.
    pub already_paid: BTreeMap<(MemberKey, YearMonth), Yen>,
}

/// A store of one society. Methods that write are called between [`Store::begin`] and
/// [`Store::commit`].
pub trait Store {
    /// Takes the store for one run or import (a transaction that locks out other writers).
    ///
    /// # Errors
    /// [`StoreError::Locked`] when another run or import holds it.
    fn begin(&mut self) -> Result<(), StoreError>;
    /// Makes everything written since [`Store::begin`] permanent.
    fn commit(&mut self) -> Result<(), StoreError>;
    /// Undoes everything written since [`Store::begin`].
    fn rollback(&mut self) -> Result<(), StoreError>;

    /// Records the society configuration (its text and what it parsed to) as a new version.
    fn save_config(&mut self, text: &str, config: &SocietyConfig) -> Result<(), StoreError>;
    /// The society configuration in force (the latest version).
    fn config(&self) -> Result<SocietyConfig, StoreError>;

    /// The member master as the journal left it.
    fn master(&self) -> Result<MemberMaster, StoreError>;
    /// Records an import batch; returns its id.
    fn record_batch(&mut self, batch: &BatchInfo) -> Result<i64, StoreError>;
    /// The id of the latest import batch (0 when none).
    fn last_batch(&self) -> Result<i64, StoreError>;
    /// Appends member events to the journal (from an import batch, or from a run).
    fn record_events(
        &mut self,
        batch: Option<i64>,
        run: Option<i64>,
        events: &[(String, MemberEvent)],
    ) -> Result<(), StoreError>;
    /// Writes the master's records of these persons as they are now.
    fn save_persons(&mut self, records: &[&PersonRecord]) -> Result<(), StoreError>;
    /// Records pay reports of an import.
    fn record_pay(&mut self, batch: i64, reports: &[(String, PayReport)])
        -> Result<(), StoreError>;
    /// Records facts of an import.
    fn record_facts(&mut self, batch: i64, facts: &[(String, Fact)]) -> Result<(), StoreError>;

    /// Every run, oldest first.
    fn runs(&self) -> Result<Vec<RunRecord>, StoreError>;
    /// The state after the runs not superseded, leaving out `except` (the run a correction
    /// replaces).
    fn state(&self, except: Option<i64>) -> Result<CarriedState, StoreError>;
    /// What `month` takes (see [`MonthRecords`]), treating what `except` took as not taken.
    fn month_records(
        &self,
        month: YearMonth,
        except: Option<i64>,
    ) -> Result<MonthRecords, StoreError>;
    /// Records a run of `month` (version `version`, replacing `replaces`): its state, results,
    /// the records it took; returns the run's id.
    fn save_run(
        &mut self,
        month: YearMonth,
        version: u32,
        replaces: Option<i64>,
        outcome: &MonthOutcome,
        summary: &str,
    ) -> Result<i64, StoreError>;
}
