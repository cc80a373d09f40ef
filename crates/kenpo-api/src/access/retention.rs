//! Retention and disposal (保存・廃棄, notice §8 ⑴⑵; R1–R3): held items whose period ended,
//! with the method the notice prescribes, recorded in the log; and the disposal of persons from
//! the member master, their keys pseudonymised in the log.
use std::sync::Arc;

use kenpo_domain::access as domain;
use kenpo_domain::access::disposal::DisposalError;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{instant, keys, AccessLog, PurposeCatalog};
use crate::code::ResultCode;
use crate::error::{count, KenpoError, KenpoResult};
use crate::identifiers::MemberKey;
use crate::member::MemberMaster;
use crate::scalar::PlainDate;

mirror_enum! {
    /// How a record is disposed of (R3).
    pub enum DisposalMethod => domain::DisposalMethod {
        /// 読みとれない大きさに裁断 (shredding).
        Shredding,
        /// 委託業者による溶解処理 (dissolution by the named company).
        Dissolution,
        /// データ消去ソフトによる消去の上、廃棄又はリース返却 (media erasure).
        MediaErasure,
        /// Deletion from the society's database, the keys left in the log pseudonymised.
        Deletion,
    }
}

/// A record the society holds, as the retention rule sees it: no content, only what decides
/// its disposal. Names subjects by key: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HeldItem {
    /// The caller's reference (box number, file id).
    pub reference: String,
    /// The record type: a retention rule of the catalog (`"receipts_paper"` …).
    pub record_type: String,
    /// 完結の日.
    pub completed_on: PlainDate,
    /// The subject's loss of eligibility, for the rules that count from it.
    pub subject_lost_on: Option<PlainDate>,
    /// A large quantity of paper (大量個人データ), dissolved by the named company.
    pub bulk: bool,
    /// The subjects the record concerns (named in the disposal record).
    pub subjects: Vec<MemberKey>,
}

/// The held items to check on a day, and whether to record their disposal.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DisposeItemsRequest {
    /// The items.
    pub items: Vec<HeldItem>,
    /// The day of the check (and of the disposal).
    pub on: PlainDate,
    /// The time of day, `HH:MM:SS`.
    pub time: String,
    /// `true`: the items due are disposed of today, and a disposal record of each is written
    /// into the log (what, when, how, by whom); `false`: only list them.
    pub record_disposals: bool,
}

/// An item whose retention period has ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DueItem {
    /// The item's position in the request.
    pub index: i64,
    /// The caller's reference.
    pub reference: String,
    /// The first day it may be disposed of (民法 第140条, 第143条).
    pub due_on: PlainDate,
    /// The method the notice prescribes.
    pub method: DisposalMethod,
    /// Who disposes of it, for dissolution.
    pub by: Option<String>,
    /// The log entry of its disposal record, when recorded.
    pub log_seq: Option<i64>,
}

/// The items due on the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DueItems {
    /// The items due, in request order.
    pub due: Vec<DueItem>,
}

/// The disposal run on a member master: when it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DisposePersonsRequest {
    /// The day of the run.
    pub on: PlainDate,
    /// The time of day, `HH:MM:SS`.
    pub time: String,
}

/// What a disposal run did. The persons are named by pseudonym only; the master itself was
/// changed in place (save it with `MemberMaster::to_json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PersonsDisposal {
    /// Households removed.
    pub households: i64,
    /// Persons removed, by the pseudonym the log now names them by.
    pub persons: Vec<String>,
    /// Mentions of their keys replaced by pseudonyms in the log.
    pub log_mentions_pseudonymised: i64,
    /// The log entry of the disposal record (`None` when nobody was due: nothing written).
    pub log_seq: Option<i64>,
}

/// A household of the member master whose retention period (record type `member_master`) has
/// ended: the insured person and every dependant under the same 記号・番号, disposed of as a
/// whole. Names persons by key: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DueHousehold {
    /// The insured person and the dependants, by key.
    pub members: Vec<MemberKey>,
    /// The completion of the household's record (完結の日): the last loss of eligibility in it.
    pub completed_on: PlainDate,
    /// The first day it may be disposed of (民法 第140条, 第143条).
    pub due_on: PlainDate,
}

fn retention_error(e: &domain::RetentionError) -> KenpoError {
    match e {
        domain::RetentionError::UnknownRecordType { .. } => KenpoError::input(
            ResultCode::InvalidAccessRequest,
            "record_type",
            "no retention rule of the catalog for this record type",
        ),
        other => KenpoError::refused(ResultCode::RuleRefused, "access.retention", other),
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl PurposeCatalog {
    /// The held items whose retention period (the catalog's rule for their record type) has
    /// ended on the request's day, with the method the notice prescribes (paper: shredding, or
    /// dissolution by the named company in bulk; electronic media: erasure). With
    /// `record_disposals`, a disposal record of each is written into `log`.
    ///
    /// # Errors
    /// [`KenpoError::InvalidInput`]: 260 for a record type without a rule (`items[i].record_type`),
    /// 201 for a malformed key (`items[i].subjects[j]`), 200 for `time`.
    pub fn dispose_items(
        &self,
        log: Arc<AccessLog>,
        request: DisposeItemsRequest,
    ) -> KenpoResult<DueItems> {
        let at = instant(request.on, &request.time)?;
        let items = request
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let at = format!("items[{i}]");
                Ok(domain::HeldItem {
                    reference: item.reference.clone(),
                    record_type: item.record_type.clone(),
                    completed_on: item.completed_on.0,
                    subject_lost_on: item.subject_lost_on.map(|d| d.0),
                    bulk: item.bulk,
                    subjects: keys(&item.subjects, "subjects").map_err(|e| e.within(&at))?,
                })
            })
            .collect::<KenpoResult<Vec<_>>>()?;
        for (i, item) in items.iter().enumerate() {
            if self.inner.retention_rule(&item.record_type).is_none() {
                return Err(retention_error(&domain::RetentionError::UnknownRecordType {
                    reference: String::new(),
                    record_type: String::new(),
                })
                .within(&format!("items[{i}]")));
            }
        }
        let due = self
            .inner
            .due_for_disposal(&items, at.date())
            .map_err(|e| retention_error(&e))?;
        log.with(|l| {
            let mut out = Vec::with_capacity(due.len());
            for d in &due {
                let index = items
                    .iter()
                    .position(|i| std::ptr::eq(i, d.item))
                    .map_or(-1, count);
                let log_seq = if request.record_disposals {
                    let seq = self
                        .inner
                        .record_disposal(l, at, d.disposal_record(at.date()))?;
                    Some(i64::try_from(seq).unwrap_or(i64::MAX))
                } else {
                    None
                };
                out.push(DueItem {
                    index,
                    reference: d.item.reference.clone(),
                    due_on: PlainDate(d.due_on),
                    method: d.method.try_into()?,
                    by: d.by.clone(),
                    log_seq,
                });
            }
            Ok(DueItems { due: out })
        })
    }

    /// The households of `master` whose retention period (record type `member_master`) has
    /// ended on `on`, each with its completion and first disposal day, in the order of their
    /// insured persons' keys: what [`PurposeCatalog::dispose_persons`] would remove that day.
    /// Reads only: nothing is logged (the list names keys; keep it as personal data).
    ///
    /// # Errors
    /// [`KenpoError::Refused`] (300, `access.disposal.empty_master`) for an empty master (a run
    /// on the wrong file); [`KenpoError::Internal`] (902) for a master left unusable by an
    /// earlier panic.
    pub fn households_due_for_disposal(
        &self,
        master: Arc<MemberMaster>,
        on: PlainDate,
    ) -> KenpoResult<Vec<DueHousehold>> {
        let master = master.read()?;
        let due = self
            .inner
            .households_due_for_disposal(&master, on.0)
            .map_err(disposal_error)?;
        Ok(due
            .iter()
            .map(|h| DueHousehold {
                members: h.members.iter().map(MemberKey::from).collect(),
                completed_on: PlainDate(h.completed_on),
                due_on: PlainDate(h.due_on),
            })
            .collect())
    }

    /// The disposal run for persons (保存期間満了による廃棄): every household of `master` whose
    /// retention period (record type `member_master`) ended on the request's day is removed
    /// from it, the keys of its members are replaced by pseudonyms in `log` (the entries are
    /// kept and still verify), and one disposal record naming the pseudonyms is appended. The
    /// master is changed in place, last, once the log holds the disposal record: save it
    /// (`MemberMaster::to_json`) after the run. A master in which nobody is due gives an empty
    /// answer and writes nothing.
    ///
    /// # Errors
    /// [`KenpoError::Refused`] (300) for an empty master (a run on the wrong file); the log's
    /// errors (261, 301); [`KenpoError::InvalidInput`] (200 `time`); [`KenpoError::Internal`]
    /// (902) for a master or log left unusable by an earlier panic. A failure leaves the master
    /// unchanged; when it comes after the log was pseudonymised, the log still verifies and
    /// running again completes the disposal.
    pub fn dispose_persons(
        &self,
        log: Arc<AccessLog>,
        master: Arc<MemberMaster>,
        request: DisposePersonsRequest,
    ) -> KenpoResult<PersonsDisposal> {
        let at = instant(request.on, &request.time)?;
        let mut master = master.write()?;
        let outcome = log.with(|l| {
            self.inner
                .dispose_persons(&mut master, l, at)
                .map_err(disposal_error)
        })?;
        Ok(PersonsDisposal {
            households: count(outcome.households),
            persons: outcome.persons.iter().map(ToString::to_string).collect(),
            log_mentions_pseudonymised: count(outcome.log_mentions_pseudonymised),
            log_seq: outcome
                .log_seq
                .map(|s| i64::try_from(s).unwrap_or(i64::MAX)),
        })
    }
}

fn disposal_error(e: DisposalError) -> KenpoError {
    match e {
        DisposalError::Log(e) => e.into(),
        DisposalError::Retention(e) => retention_error(&e),
        e @ DisposalError::EmptyMaster => {
            KenpoError::refused(ResultCode::RuleRefused, "access.disposal.empty_master", e)
        }
        other => KenpoError::refused(ResultCode::RuleRefused, "access.disposal", other),
    }
}
