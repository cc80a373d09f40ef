//! Third-party provision records (第三者提供に係る記録, 個人情報保護法 第29条; 施行規則 第20条):
//! for every permitted provision to a third party, the date, the recipient, the subject and
//! the data items, listable per subject and per recipient.
//!
//! The register is derived from the access log, the single source of truth: every permitted,
//! identified decision whose recipient kind
//! [is a third-party provision](super::RecipientKind::is_third_party_provision) yields one
//! record per subject. Outsourcing (委託, 第27条第5項第1号) and provision under law to the
//! national systems (第29条第1項ただし書) are not recorded here, but stay in the access log.

use chrono::NaiveDate;
use serde::Serialize;

use super::catalog::Catalog;
use super::decision::Form;
use super::field::FieldSet;
use super::log::{LogEntry, LogEvent, LoggedSubject, Outcome};
use crate::identifiers::MemberKey;

/// One provision: what the provider must record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProvisionRecord {
    /// 提供した年月日.
    pub date: NaiveDate,
    /// The recipient's catalog id.
    pub recipient: String,
    /// 第三者の氏名又は名称: the counterparty named in the request, else the vendor name,
    /// else the recipient's role.
    pub recipient_name: String,
    /// 本人を特定するに足りる事項: the subject's key (its pseudonym once the person was disposed
    /// of: the record is kept, the person is no longer identifiable from it).
    pub subject: LoggedSubject,
    /// 個人データの項目.
    pub items: FieldSet,
    /// The purpose (the basis: the published purpose the subject was told of).
    pub purpose: String,
    /// The sequence number of the log entry.
    pub log_seq: u64,
}

/// The provision records of a log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProvisionRegister {
    records: Vec<ProvisionRecord>,
}

impl ProvisionRegister {
    /// Builds the register from log entries, naming recipients through `catalog`.
    pub fn from_log(entries: &[LogEntry], catalog: &Catalog) -> ProvisionRegister {
        let mut records = Vec::new();
        for e in entries {
            let LogEvent::Decision(d) = &e.event else {
                continue;
            };
            let provided = d.outcome == Outcome::Permit
                && d.form == Form::Identified
                && d.recipient_kind
                    .is_some_and(|k| k.is_third_party_provision());
            if !provided {
                continue;
            }
            let info = catalog
                .recipient(&d.recipient)
                .and_then(|r| catalog.recipient_info(r));
            let name = d
                .counterparty
                .clone()
                .or_else(|| info.and_then(|r| r.name.clone()))
                .or_else(|| info.map(|r| r.title_ja.clone()))
                .unwrap_or_else(|| d.recipient.clone());
            for subject in &d.subjects {
                records.push(ProvisionRecord {
                    date: e.at.date(),
                    recipient: d.recipient.clone(),
                    recipient_name: name.clone(),
                    subject: subject.clone(),
                    items: d.fields,
                    purpose: d.purpose.clone(),
                    log_seq: e.seq,
                });
            }
        }
        ProvisionRegister { records }
    }

    /// Every record, in log order.
    pub fn all(&self) -> &[ProvisionRecord] {
        &self.records
    }

    /// The records about `subject` (what a subject's 開示請求 of 第三者提供記録 under 第33条
    /// 第5項 returns).
    pub fn for_subject<'a>(
        &'a self,
        subject: &'a MemberKey,
    ) -> impl Iterator<Item = &'a ProvisionRecord> + 'a {
        self.records.iter().filter(move |r| r.subject.is(subject))
    }

    /// The records of provisions to recipient `id`.
    pub fn for_recipient<'a>(
        &'a self,
        id: &'a str,
    ) -> impl Iterator<Item = &'a ProvisionRecord> + 'a {
        self.records.iter().filter(move |r| r.recipient == id)
    }
}
