//! Purpose-bound access to personal data ([`kenpo_domain::access`]): the purpose catalog
//! (利用目的の公表, 個人情報保護法 第17条・第21条), decisions on access requests (第18条, 第27条)
//! with the minimised view of each subject, and the hash-chained access log (第29条 records and
//! every decision), as the C ABI maps them (`kenpo_access_decide`).
//!
//! A denial is an answer, not an error: [`AccessDecision::permitted`] is `false` and the reason
//! names the purpose, field or condition. The subjects are read from a [`MemberMaster`] as of the
//! request date (as the A8 inquiry would report them). A view holds only the permitted fields;
//! derived ones are computed (A12 gets the age, never the birth date). Views and log lines hold
//! personal data: handle them as such. Errors never do.

use std::sync::{Arc, Mutex, MutexGuard};

use chrono::NaiveDateTime;
use kenpo_domain::access::{self as domain, View};
use kenpo_domain::access::{
    log, Catalog, CatalogError, Field, FieldSet, JsonLinesLog, LogEntry, LogError, MemoryLog,
    Request, SubjectRecord,
};
use kenpo_domain::identifiers;
use kenpo_domain::member::MemberMaster as DomainMaster;

use crate::error::{count, KenpoError, KenpoResult};
use crate::explain::Explanation;
use crate::member::{MemberKey, MemberMaster, Sex};
use crate::types::{IsoDate, IsoMonth};

/// A purpose catalog (利用目的の一覧): the society's published purposes with their data
/// categories, fields, recipients and conditions. Immutable; `AutoCloseable` in Kotlin.
#[derive(Debug, uniffi::Object)]
pub struct PurposeCatalog {
    inner: Catalog,
}

/// Who performs the use (利用者).
#[derive(Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Actor {
    /// A staff member of the society (職員番号).
    Staff {
        /// The staff id.
        id: String,
    },
    /// A system acting on the society's behalf (a batch job), by name.
    System {
        /// The system name.
        id: String,
    },
    /// The subject (本人).
    Subject {
        /// The subject's key.
        key: MemberKey,
    },
    /// An agent admitted by the disclosure procedure (個人情報保護法 第37条第3項).
    AdmittedAgent {
        /// The subject represented.
        subject: MemberKey,
        /// The admission reference (受付番号).
        admission: String,
    },
}

impl Actor {
    fn to_domain(&self) -> KenpoResult<domain::Actor> {
        Ok(match self {
            Actor::Staff { id } => domain::Actor::staff(id.clone()),
            Actor::System { id } => domain::Actor::system(id.clone()),
            Actor::Subject { key } => domain::Actor::Subject {
                key: key.to_domain().map_err(|e| e.within("key"))?,
            },
            Actor::AdmittedAgent { subject, admission } => domain::Actor::AdmittedAgent {
                subject: subject.to_domain().map_err(|e| e.within("subject"))?,
                admission: admission.clone(),
            },
        })
    }
}

/// An access request: who, for which published purpose, to which recipient, about whom, which
/// fields, when; with the conditions the caller has established.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccessRequest {
    /// Who performs the use.
    pub actor: Actor,
    /// The purpose id of the catalog (`"A8"`, `"A12"`).
    pub purpose: String,
    /// The recipient id of the catalog (`"clinic"`, `"gym_konami"`).
    pub recipient: String,
    /// The subjects (the batch form: many subjects, one decision).
    pub subjects: Vec<MemberKey>,
    /// Field ids of the catalog (`"member_key"`, `"name"`, `"birth_date"`, `"age"` …).
    pub fields: Vec<String>,
    /// When (local time, ISO `YYYY-MM-DDTHH:MM:SS`); its date is the date of the view.
    pub at: String,
    /// 本人確認 of the requester done (A8's clinic, for example).
    pub requester_confirmed: bool,
    /// 本人の申込み: the subject asked for this use (A12's gym application).
    pub subject_applied: bool,
    /// The counterparty's name for the provision record (第29条), when a third party receives.
    pub counterparty: Option<String>,
}

/// The minimised view of one subject: only the permitted fields are set; the rest are `None`.
/// `json` carries every permitted field (the catalog's ids as keys), including those without a
/// typed slot here (histories, receipts, checkups).
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct SubjectView {
    /// The permitted field ids, in catalog order.
    pub fields: Vec<String>,
    /// 記号・番号・枝番.
    pub member_key: Option<MemberKey>,
    /// 氏名.
    pub name: Option<String>,
    /// カナ氏名.
    pub kana_name: Option<String>,
    /// 生年月日.
    pub birth_date: Option<IsoDate>,
    /// 年齢 on the request date (legal age, 年齢計算ニ関スル法律).
    pub age: Option<i32>,
    /// 性別.
    pub sex: Option<Sex>,
    /// 住所.
    pub address: Option<String>,
    /// 都道府県 of the address.
    pub prefecture: Option<String>,
    /// 事業所記号.
    pub office: Option<String>,
    /// 資格取得日.
    pub acquisition_date: Option<IsoDate>,
    /// 資格喪失日.
    pub loss_date: Option<IsoDate>,
    /// 資格取得年月.
    pub acquisition_month: Option<IsoMonth>,
    /// 資格喪失年月.
    pub loss_month: Option<IsoMonth>,
    /// Every permitted field as a JSON object.
    pub json: String,
}

/// The answer to an access request: a permit with the views, or a denial with its reason. Both
/// are in the log before this returns.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccessDecision {
    /// `true` for a permit.
    pub permitted: bool,
    /// The log sequence number of the permit (0 for a denial).
    pub log_seq: i64,
    /// The views, one per subject in request order (empty for a denial).
    pub views: Vec<SubjectView>,
    /// For a denial, the reason as JSON (`{"reason": "field_not_allowed", "field": "birth_date"}`).
    pub denial_reason_json: Option<String>,
    /// For a denial, the sentence naming purpose, recipient and reason.
    pub denial_message: Option<String>,
    /// Why.
    pub explanation: Explanation,
}

fn internal(what: &str) -> KenpoError {
    KenpoError::Internal {
        detail: format!("serialising {what} failed"),
    }
}

impl From<CatalogError> for KenpoError {
    fn from(e: CatalogError) -> Self {
        KenpoError::InvalidConfig {
            source_name: "purpose catalog (toml)".to_owned(),
            line: 0,
            column: 0,
            key: String::new(),
            detail: e.to_string(),
        }
    }
}

impl From<LogError> for KenpoError {
    fn from(e: LogError) -> Self {
        match e {
            LogError::Tampered(v) => {
                KenpoError::rejected("access_log.verify (個人情報保護法 第29条: 記録の完全性)", v)
            }
            // The I/O error's message may repeat the path; say only what failed.
            LogError::Io { .. } => {
                KenpoError::argument("path", "the access log file cannot be read or written")
            }
            other => KenpoError::argument("access_log", other),
        }
    }
}

fn view_record(v: &View<'_>) -> KenpoResult<SubjectView> {
    Ok(SubjectView {
        fields: v.fields().iter().map(|f| f.id().to_owned()).collect(),
        member_key: v.member_key().map(MemberKey::from),
        name: v.name().map(|n| n.as_str().to_owned()),
        kana_name: v.kana_name().map(|n| n.as_str().to_owned()),
        birth_date: v.birth_date(),
        age: v.age().map(|a| i32::try_from(a).unwrap_or(i32::MAX)),
        sex: v.sex().map(Sex::try_from).transpose()?,
        address: v.address().map(|a| a.as_str().to_owned()),
        prefecture: v.prefecture().map(str::to_owned),
        office: v.office().map(|o| o.as_str().to_owned()),
        acquisition_date: v.acquisition_date(),
        loss_date: v.loss_date(),
        acquisition_month: v.acquisition_month(),
        loss_month: v.loss_month(),
        json: serde_json::to_string(v).map_err(|_| internal("a view"))?,
    })
}

/// The subject record of `key` as the master holds it on `on` (identity, office, the
/// eligibility period the A8 inquiry would report).
fn subject_from_master(
    master: &DomainMaster,
    key: &identifiers::MemberKey,
    on: chrono::NaiveDate,
    index: usize,
) -> KenpoResult<SubjectRecord> {
    let missing = || {
        KenpoError::argument(
            format!("subjects[{index}]"),
            "not in the member master on the request date",
        )
    };
    SubjectRecord::from_master(master, key, on).ok_or_else(missing)
}

#[uniffi::export]
impl PurposeCatalog {
    /// The catalog the society's published notice encodes (purposes A1–H1, principles H2 and
    /// R4, retention R1–R3; kenpo-domain's `data/purpose-catalog.toml`).
    #[uniffi::constructor]
    pub fn default_catalog() -> Arc<Self> {
        Arc::new(PurposeCatalog {
            inner: Catalog::default_catalog(),
        })
    }

    /// A catalog from two TOML documents (the catalog and the named vendors), validated:
    /// [`KenpoError::InvalidConfig`] names what is wrong (an unknown field or recipient, content
    /// to the employer, My Number outside H1 …).
    #[uniffi::constructor]
    pub fn from_toml(catalog: String, vendors: String) -> KenpoResult<Arc<Self>> {
        Ok(Arc::new(PurposeCatalog {
            inner: Catalog::from_toml(&catalog, &vendors)?,
        }))
    }

    /// Decides `request` (個人情報保護法 第18条, 第27条; 番号法 第19条), records the decision in
    /// `access_log` first, and on a permit builds each subject's minimised view from `master`
    /// as of the request date. A denial is an answer ([`AccessDecision::permitted`] `false`).
    /// Errors: [`KenpoError::InvalidArgument`] (an unknown purpose, recipient or field id; a
    /// subject not in the master that day, by position; a malformed time or key).
    pub fn decide(
        &self,
        request: AccessRequest,
        master: Arc<MemberMaster>,
        access_log: Arc<AccessLog>,
    ) -> KenpoResult<AccessDecision> {
        let catalog = &self.inner;
        let actor = request.actor.to_domain().map_err(|e| e.within("actor"))?;
        let purpose = catalog
            .purpose(&request.purpose)
            .ok_or_else(|| KenpoError::argument("purpose", "not a purpose of the catalog"))?;
        let recipient = catalog
            .recipient(&request.recipient)
            .ok_or_else(|| KenpoError::argument("recipient", "not a recipient of the catalog"))?;
        let fields = request
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                Field::from_id(f).ok_or_else(|| {
                    KenpoError::argument(format!("fields[{i}]"), "not a field id of the catalog")
                })
            })
            .collect::<KenpoResult<Vec<_>>>()?;
        let fields: FieldSet = fields.into_iter().collect();
        let at = NaiveDateTime::parse_from_str(&request.at, "%Y-%m-%dT%H:%M:%S").map_err(|_| {
            KenpoError::argument("at", "not a time in the form YYYY-MM-DDTHH:MM:SS")
        })?;
        let keys = request
            .subjects
            .iter()
            .enumerate()
            .map(|(i, k)| {
                k.to_domain()
                    .map_err(|e| e.within(&format!("subjects[{i}]")))
            })
            .collect::<KenpoResult<Vec<_>>>()?;
        let subjects: Vec<SubjectRecord> = {
            let m = master.lock()?;
            keys.iter()
                .enumerate()
                .map(|(i, k)| subject_from_master(&m, k, at.date(), i))
                .collect::<KenpoResult<_>>()?
        };
        let mut r = Request::new(&actor, purpose, recipient, &subjects, fields, at);
        if request.requester_confirmed {
            r = r.requester_confirmed();
        }
        if request.subject_applied {
            r = r.subject_applied();
        }
        if let Some(name) = request.counterparty.as_deref() {
            r = r.counterparty(name);
        }
        let mut store = access_log.lock()?;
        match catalog.decide(&r, store.log()) {
            Ok(permit) => {
                let views = permit
                    .views()
                    .map(|v| view_record(&v))
                    .collect::<KenpoResult<Vec<_>>>()?;
                Ok(AccessDecision {
                    permitted: true,
                    log_seq: i64::try_from(permit.log_seq()).unwrap_or(i64::MAX),
                    views,
                    denial_reason_json: None,
                    denial_message: None,
                    explanation: permit.explanation().into(),
                })
            }
            Err(denial) => Ok(AccessDecision {
                permitted: false,
                log_seq: 0,
                views: Vec::new(),
                denial_reason_json: Some(
                    serde_json::to_string(&denial.reason).map_err(|_| internal("a denial"))?,
                ),
                denial_message: Some(denial.to_string()),
                explanation: denial.explanation.as_ref().into(),
            }),
        }
    }
}

enum Store {
    Memory(MemoryLog),
    File(Box<JsonLinesLog>),
}

impl Store {
    fn log(&mut self) -> &mut dyn domain::AccessLog {
        match self {
            Store::Memory(m) => m,
            Store::File(f) => f.as_mut(),
        }
    }
}

/// An append-only, hash-chained access log (個人情報保護法 第29条 records and every decision):
/// in memory or a JSON-lines file appended and flushed per decision. Safe to share between
/// threads; `AutoCloseable` in Kotlin.
#[derive(uniffi::Object)]
pub struct AccessLog {
    inner: Mutex<Store>,
}

impl std::fmt::Debug for AccessLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessLog(<redacted>)")
    }
}

impl AccessLog {
    fn lock(&self) -> KenpoResult<MutexGuard<'_, Store>> {
        // Appending is one write of a sealed entry: a poisoned lock leaves no half entry.
        Ok(self
            .inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()))
    }
}

#[uniffi::export]
impl AccessLog {
    /// An empty in-memory log.
    #[uniffi::constructor]
    pub fn in_memory() -> Arc<Self> {
        Arc::new(AccessLog {
            inner: Mutex::new(Store::Memory(MemoryLog::new())),
        })
    }

    /// Opens (or creates) the JSON-lines log file at `path`, verifying the chain it holds:
    /// [`KenpoError::Rejected`] (`access_log.verify`) when an entry was edited, removed or
    /// reordered; [`KenpoError::InvalidArgument`] when it cannot be read or a line is not an entry.
    #[uniffi::constructor]
    pub fn open(path: String) -> KenpoResult<Arc<Self>> {
        Ok(Arc::new(AccessLog {
            inner: Mutex::new(Store::File(Box::new(JsonLinesLog::open(&path)?))),
        }))
    }

    /// Verifies the whole chain (every hash, link and sequence number; for a file log, what is
    /// on disk now) and returns the number of entries. [`KenpoError::Rejected`] names the first
    /// bad entry.
    pub fn verify(&self) -> KenpoResult<i64> {
        let entries = self.lock()?.log().entries()?;
        log::verify(&entries).map_err(|e| KenpoError::from(LogError::Tampered(e)))?;
        Ok(count(entries.len()))
    }

    /// The number of entries.
    pub fn len(&self) -> KenpoResult<i64> {
        Ok(count(self.lock()?.log().entries()?.len()))
    }

    /// `true` when the log has no entry.
    pub fn is_empty(&self) -> KenpoResult<bool> {
        Ok(self.len()? == 0)
    }

    /// The hash of the last entry: keep it elsewhere to detect a removed tail
    /// ([`verify_access_log_lines`] with `head`).
    pub fn head(&self) -> KenpoResult<String> {
        Ok(self.lock()?.log().head())
    }

    /// Every entry as JSON lines (the file form). Entries name purposes, recipients, fields and
    /// subjects' keys: handle them as personal data.
    pub fn to_json_lines(&self) -> KenpoResult<String> {
        let entries = self.lock()?.log().entries()?;
        let mut lines = String::new();
        for e in &entries {
            lines.push_str(&serde_json::to_string(e).map_err(|_| internal("a log entry"))?);
            lines.push('\n');
        }
        Ok(lines)
    }
}

/// Verifies access-log entries given as JSON lines (an exported log, a copy of the file),
/// and, when `head` is given, that they end at that hash (no removed tail). Returns the number
/// of entries. [`KenpoError::Rejected`] (`access_log.verify`) names the first bad entry;
/// [`KenpoError::InvalidArgument`] a line that is not an entry.
#[uniffi::export]
pub fn verify_access_log_lines(lines: String, head: Option<String>) -> KenpoResult<i64> {
    let entries = lines
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            LogEntry::from_line(l)
                .map_err(|_| KenpoError::argument(format!("lines[{i}]"), "not an access-log entry"))
        })
        .collect::<KenpoResult<Vec<_>>>()?;
    let verified = match head.as_deref() {
        Some(h) => log::verify_with_head(&entries, h),
        None => log::verify(&entries),
    };
    verified.map_err(|e| KenpoError::from(LogError::Tampered(e)))?;
    Ok(count(entries.len()))
}
