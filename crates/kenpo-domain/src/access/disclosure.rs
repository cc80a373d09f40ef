//! Disclosure (開示, 個人情報保護法 第33条; notice §3 第9項, C9): everything held about a
//! subject, in a readable export, only for the subject or an agent admitted by the disclosure
//! procedure, and recorded in the access log.
//!
//! The export holds every field of the catalog's disclosure purpose. The Individual Number is
//! never in it (H2: disclosure is not a My Number Act procedure of this catalog); the export
//! says only whether one is held. Doubt: a subject may ask for their own number (APPI 第33条
//! applies to 特定個人情報 too); we leave that to an H1 procedure instead of the general export.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::catalog::Catalog;
use super::decision::{Actor, Denial, DenialReason, Request};
use super::field::Field;
use super::log::AccessLog;
use super::recipient::RecipientKind;
use super::record::SubjectRecord;
use crate::explanation::Explanation;

/// One item of a disclosure export.
#[derive(Clone, PartialEq, Serialize)]
pub struct DisclosureItem {
    /// The field.
    pub field: Field,
    /// Its Japanese name.
    pub title_ja: &'static str,
    /// The value, as JSON (`null` when not held).
    pub value: serde_json::Value,
}

/// A disclosure export. `Debug` shows only the item names: the values are personal data.
#[derive(Clone, PartialEq, Serialize)]
pub struct DisclosureExport {
    /// The society disclosing.
    pub society: String,
    /// The date of the export.
    pub prepared_on: NaiveDate,
    /// Whether an agent (not the subject) receives it.
    pub to_agent: bool,
    /// The items.
    pub items: Vec<DisclosureItem>,
    /// Whether the society holds an Individual Number for the subject (the number itself is not
    /// exported).
    pub my_number_held: bool,
    /// The access log entry that recorded the disclosure.
    pub log_seq: u64,
}

impl fmt::Debug for DisclosureExport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DisclosureExport")
            .field("prepared_on", &self.prepared_on)
            .field(
                "items",
                &self.items.iter().map(|i| i.field.id()).collect::<Vec<_>>(),
            )
            .field("log_seq", &self.log_seq)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for DisclosureItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DisclosureItem({})", self.field.id())
    }
}

impl DisclosureExport {
    /// The export as text for a person to read: one `項目名: 値` line per item.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{} 保有個人データ開示（{}）\n",
            self.society, self.prepared_on
        );
        for item in &self.items {
            let value = match &item.value {
                serde_json::Value::Null => "（保有なし）".to_owned(),
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Array(a) if a.is_empty() => "（保有なし）".to_owned(),
                other => other.to_string(),
            };
            out.push_str(&format!("{}: {}\n", item.title_ja, value));
        }
        out.push_str(&format!(
            "個人番号: {}\n",
            if self.my_number_held {
                "保有あり（番号は記載しません）"
            } else {
                "保有なし"
            }
        ));
        out
    }
}

impl Catalog {
    /// Answers a disclosure request (C9): decides it under the catalog's disclosure purpose for
    /// the subject recipient, logs it, and exports every field the purpose grants.
    pub fn disclose(
        &self,
        actor: &Actor,
        record: &SubjectRecord,
        at: NaiveDateTime,
        log: &mut dyn AccessLog,
    ) -> Result<DisclosureExport, Denial> {
        let purpose = self.disclosure_purpose();
        let grant = self.purpose_info(purpose).and_then(|p| {
            p.grants.iter().find_map(|g| {
                g.recipients.iter().find_map(|id| {
                    let r = self.recipient(id)?;
                    (self.recipient_info(r)?.kind == RecipientKind::Subject)
                        .then_some((r, g.fields))
                })
            })
        });
        let Some((recipient, fields)) = grant else {
            // The catalog was validated to have one; a foreign state is still a denial.
            return Err(Denial {
                purpose: "?".to_owned(),
                recipient: "?".to_owned(),
                reason: DenialReason::RecipientNotAllowed,
                explanation: Box::new(Explanation::new("access.disclose", "個人情報保護法 第33条")),
            });
        };
        let subjects = std::slice::from_ref(record);
        let request = Request::new(actor, purpose, recipient, subjects, fields, at);
        let permit = self.decide(&request, log)?;
        let view = permit.view(0);
        let map = view
            .and_then(|v| serde_json::to_value(v).ok())
            .and_then(|v| match v {
                serde_json::Value::Object(m) => Some(m),
                _ => None,
            })
            .unwrap_or_default();
        let items = fields
            .iter()
            .map(|f| DisclosureItem {
                field: f,
                title_ja: f.title_ja(),
                value: map.get(f.id()).cloned().unwrap_or(serde_json::Value::Null),
            })
            .collect();
        Ok(DisclosureExport {
            society: self.society.clone(),
            prepared_on: at.date(),
            to_agent: matches!(actor, Actor::AdmittedAgent { .. }),
            items,
            my_number_held: record.my_number.is_some(),
            log_seq: permit.log_seq(),
        })
    }
}
