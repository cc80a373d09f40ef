//! The disposal run for persons (保存期間満了による廃棄, notice §8 ⑴⑵; R1–R3): when the
//! catalog's retention period for the member master's record of a household has ended, the
//! household leaves the master, its keys are replaced by pseudonyms in the access log (whose
//! entries must be kept: 個人情報保護法 第29条 provision records are derived from it), and a
//! disposal record naming the pseudonyms is appended. Every entry still verifies afterwards.
//!
//! The record type is [`MEMBER_RECORD_TYPE`]. A household (the insured person and every
//! dependant under the same 記号・番号) is disposed of as a whole: its record is completed on
//! the last loss of eligibility of any of its members, and none may be eligible on the run's
//! date. Disposing of a dependant alone would leave the insured person's record pointing at
//! nobody, and disposing of an insured person alone would orphan the dependants.
//!
//! Order (nothing changes when a step fails): the due households are computed; the log is
//! pseudonymised (a file log is rewritten atomically); the disposal record is appended; only
//! then are the persons removed from the master, which the caller saves. A failure after the
//! log was pseudonymised leaves a log that still verifies and a master that still holds the
//! persons: running again completes the disposal.
//!
//! An empty master is refused ([`DisposalError::EmptyMaster`]): a run on an empty store is
//! almost certainly a run on the wrong file, and it must not write a disposal record. A master
//! in which nobody is due gives an empty [`DisposalOutcome`] and writes nothing.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::catalog::Catalog;
use super::log::{AccessLog, LogError, LogEvent, LoggedSubject, Mac};
use super::retention::{DisposalMethod, DisposalRecord, RetentionError};
use crate::identifiers::MemberKey;
use crate::member::MemberMaster;

/// The retention record type of a household's record in the member master.
pub const MEMBER_RECORD_TYPE: &str = "member_master";

/// A household due for disposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueHousehold {
    /// The insured person and the dependants, by key.
    pub members: Vec<MemberKey>,
    /// The record's completion: the last loss of eligibility in the household.
    pub completed_on: NaiveDate,
    /// The first day it may be disposed of.
    pub due_on: NaiveDate,
}

/// What a disposal run did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct DisposalOutcome {
    /// Households removed.
    pub households: usize,
    /// Persons removed, by pseudonym.
    pub persons: Vec<Mac>,
    /// Mentions of their keys replaced by pseudonyms in the log.
    pub log_mentions_pseudonymised: usize,
    /// The sequence number of the disposal record in the log (`None` when nobody was due).
    pub log_seq: Option<u64>,
}

/// Why a disposal run did nothing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DisposalError {
    /// The master holds nobody.
    #[error("the member master is empty: nothing to dispose of (is it the right file?)")]
    EmptyMaster,
    /// The catalog has no retention rule for [`MEMBER_RECORD_TYPE`], or a date is out of range.
    #[error(transparent)]
    Retention(#[from] RetentionError),
    /// The log could not be pseudonymised or appended to.
    #[error(transparent)]
    Log(#[from] LogError),
}

impl Catalog {
    /// The households of `master` whose retention period has ended on `on`, by insured key.
    pub fn households_due_for_disposal(
        &self,
        master: &MemberMaster,
        on: NaiveDate,
    ) -> Result<Vec<DueHousehold>, DisposalError> {
        if master.is_empty() {
            return Err(DisposalError::EmptyMaster);
        }
        let rule = self.retention_rule(MEMBER_RECORD_TYPE).ok_or_else(|| {
            RetentionError::UnknownRecordType {
                reference: "member master".to_owned(),
                record_type: MEMBER_RECORD_TYPE.to_owned(),
            }
        })?;
        let mut due = Vec::new();
        for insured in master.persons().filter(|r| !r.is_dependent()) {
            let household: Vec<_> = master
                .find_by_symbol_number(&insured.key().symbol, &insured.key().number)
                .collect();
            let mut completed: Option<NaiveDate> = None;
            let mut open = false;
            for r in &household {
                for p in r.periods() {
                    match p.lost {
                        None => open = true,
                        Some(l) => completed = Some(completed.map_or(l, |c| c.max(l))),
                    }
                }
            }
            let Some(completed_on) = completed else {
                continue;
            };
            if open || household.iter().any(|r| r.is_eligible_on(on)) {
                continue;
            }
            let due_on = rule
                .due_on(completed_on, Some(completed_on))
                .ok_or_else(|| RetentionError::OutOfRange {
                    reference: "member master".to_owned(),
                })?;
            if due_on <= on {
                due.push(DueHousehold {
                    members: household.iter().map(|r| r.key().clone()).collect(),
                    completed_on,
                    due_on,
                });
            }
        }
        Ok(due)
    }

    /// Runs the disposal of every household due on `at`'s date: pseudonymises the log, appends
    /// one disposal record (by pseudonym) and removes the persons from `master`.
    pub fn dispose_persons(
        &self,
        master: &mut MemberMaster,
        log: &mut dyn AccessLog,
        at: NaiveDateTime,
    ) -> Result<DisposalOutcome, DisposalError> {
        let on = at.date();
        let due = self.households_due_for_disposal(master, on)?;
        if due.is_empty() {
            return Ok(DisposalOutcome::default());
        }
        let keys: BTreeSet<MemberKey> = due.iter().flat_map(|h| h.members.clone()).collect();
        let mentions = log.pseudonymise(&|k| keys.contains(k))?;
        let persons: Vec<Mac> = keys.iter().map(|k| log.pseudonym(k)).collect();
        let record = DisposalRecord {
            reference: format!("member-master:{on}"),
            record_type: MEMBER_RECORD_TYPE.to_owned(),
            subjects: persons
                .iter()
                .map(|p| LoggedSubject::Pseudonym { pseudonym: *p })
                .collect(),
            disposed_on: on,
            method: DisposalMethod::Deletion,
            by: None,
        };
        let seq = log.append(at, LogEvent::Disposal(record))?;
        master.remove_persons(&keys);
        Ok(DisposalOutcome {
            households: due.len(),
            persons,
            log_mentions_pseudonymised: mentions,
            log_seq: Some(seq),
        })
    }
}
