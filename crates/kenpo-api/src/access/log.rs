//! The access log as an object ([`AccessLog`]) and its verification ([`LogVerification`]).
//!
//! Entries are sealed with HMAC-SHA-256 under a key the host gives as bytes (at least 32; never
//! written anywhere), or unkeyed (SHA-256, which whoever can write the file can rewrite: the
//! verification says so). A file log keeps its anchor (the last sequence number and MAC) in a
//! separate file, rewritten on every append; verification against it finds an edited, removed
//! (also at the tail) or reordered entry, a log longer than its anchor and a wrong key. Entries
//! are appended only by the decisions of [`PurposeCatalog`](super::PurposeCatalog).
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use kenpo_domain::access as domain;
use kenpo_domain::access::log::{self as dlog, VerifyError, VerifyOptions};
use kenpo_domain::access::{Anchor, JsonLinesLog, LogKey, LogOptions, MemoryLog};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{KenpoError, KenpoResult};

/// The log behind the object.
enum Store {
    Memory(MemoryLog),
    File(Box<JsonLinesLog>),
}

/// An append-only, sealed access log (アクセス記録: every decision, permit or deny, and every
/// disposal; 個人情報保護法 第29条 records are derived from it). A JSON-lines file with its
/// anchor file, or in memory. Calls are serialised; `AutoCloseable` in Kotlin; a
/// `kenpo_access_log` handle in C. Entries name purposes, recipients, fields and subjects' keys:
/// protect the file as personal data.
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct AccessLog {
    inner: Mutex<Store>,
    key: Option<LogKey>,
    anchor_path: Option<PathBuf>,
}

fn log_key(bytes: Option<Vec<u8>>) -> KenpoResult<Option<LogKey>> {
    bytes
        .map(|b| LogKey::new(&b))
        .transpose()
        .map_err(Into::into)
}

impl AccessLog {
    /// Runs `f` on the domain log (serialised).
    pub(crate) fn with<T>(
        &self,
        f: impl FnOnce(&mut dyn domain::AccessLog) -> KenpoResult<T>,
    ) -> KenpoResult<T> {
        let mut store = self.lock()?;
        match &mut *store {
            Store::Memory(m) => f(m),
            Store::File(file) => f(file.as_mut()),
        }
    }

    fn lock(&self) -> KenpoResult<MutexGuard<'_, Store>> {
        self.inner.lock().map_err(|_| {
            KenpoError::internal("the access log is unusable after an earlier internal error")
        })
    }

    /// Every entry as the log holds it (for a file log, as on disk now).
    pub(crate) fn entries(&self) -> KenpoResult<Vec<domain::LogEntry>> {
        let store = self.lock()?;
        match &*store {
            Store::Memory(m) => Ok(m.as_slice().to_vec()),
            Store::File(f) => Ok(dlog::read_log_file(f.path())?),
        }
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl AccessLog {
    /// Opens (or creates) the JSON-lines log at `path` with its anchor file at `anchor_path`
    /// (created with a new log; required once the log holds entries), sealed with `log_key`
    /// (bytes, at least 32) or unkeyed (`None`). What the file holds is verified first against
    /// the key and the anchor; nothing is written when that fails.
    ///
    /// # Errors
    /// [`KenpoError::Integrity`] (301) when the file does not verify (an entry edited, removed
    /// or reordered, the tail cut, a wrong key); [`KenpoError::InvalidInput`] (261, field
    /// `log_key`) for a key shorter than 32 bytes, a keyed log opened without its key or an
    /// unkeyed log opened with one; [`KenpoError::Io`] (261) for a file or anchor that cannot be
    /// read, or a line that is not an entry (the detail names the file and line).
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn open(
        path: String,
        anchor_path: String,
        log_key: Option<Vec<u8>>,
    ) -> KenpoResult<AccessLog> {
        let key = self::log_key(log_key)?;
        let anchor = PathBuf::from(anchor_path);
        let file = JsonLinesLog::open_with(
            &path,
            LogOptions {
                key: key.clone(),
                anchor: Some(anchor.clone()),
            },
        )?;
        Ok(AccessLog {
            inner: Mutex::new(Store::File(Box::new(file))),
            key,
            anchor_path: Some(anchor),
        })
    }

    /// An empty log in memory, sealed with `log_key` (bytes, at least 32) or unkeyed (`None`).
    ///
    /// # Errors
    /// [`KenpoError::InvalidInput`] (261, field `log_key`) for a key shorter than 32 bytes.
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn in_memory(log_key: Option<Vec<u8>>) -> KenpoResult<AccessLog> {
        let key = self::log_key(log_key)?;
        let log = match &key {
            Some(k) => MemoryLog::keyed(k.clone()),
            None => MemoryLog::new(),
        };
        Ok(AccessLog {
            inner: Mutex::new(Store::Memory(log)),
            key,
            anchor_path: None,
        })
    }

    /// Verifies the whole log as it stands (a file log: what is on disk now, against its anchor
    /// file as it is on disk; a memory log: against its own anchor) with the log's key. A break
    /// is an answer, not an error: `intact` is false and the report names the first bad entry.
    ///
    /// # Errors
    /// [`KenpoError::Io`] (261) when the file or its anchor cannot be read or a line is not an
    /// entry.
    pub fn verify(&self) -> KenpoResult<LogVerification> {
        let entries = self.entries()?;
        let anchor = match &self.anchor_path {
            Some(path) => Anchor::read(path)?,
            None => self.with(|l| Ok(l.anchor()))?,
        };
        Ok(verification(&entries, self.key.as_ref(), &anchor))
    }

    /// The anchor of the log as it stands: keep it where whoever can write the log cannot.
    pub fn anchor(&self) -> KenpoResult<LogAnchor> {
        let anchor = self.with(|l| Ok(l.anchor()))?;
        Ok(LogAnchor::from(&anchor))
    }

    /// Every entry, one JSON object per line (the file form, which `verify_access_log_file`
    /// reads). Entries name subjects by key: personal data.
    pub fn to_json_lines(&self) -> KenpoResult<String> {
        let mut out = String::new();
        for e in &self.entries()? {
            out.push_str(&crate::json::to_string(e)?);
            out.push('\n');
        }
        Ok(out)
    }
}

/// Verifies the log file at `path` against the anchor file at `anchor_path` and `log_key`
/// (bytes; `None` for an unkeyed log), without opening it for appending (`kenpo log verify`).
/// A break is an answer: `intact` is false and the report names the first bad entry.
///
/// # Errors
/// [`KenpoError::InvalidInput`] (261, field `log_key`) for a key shorter than 32 bytes;
/// [`KenpoError::Io`] (261) when the file or the anchor cannot be read or a line is not an entry
/// (the detail names the file and line).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn verify_access_log_file(
    path: String,
    anchor_path: String,
    log_key: Option<Vec<u8>>,
) -> KenpoResult<LogVerification> {
    let key = self::log_key(log_key)?;
    let entries = dlog::read_log_file(std::path::Path::new(&path))?;
    let anchor = Anchor::read(std::path::Path::new(&anchor_path))?;
    Ok(verification(&entries, key.as_ref(), &anchor))
}

fn verification(
    entries: &[domain::LogEntry],
    key: Option<&LogKey>,
    anchor: &Anchor,
) -> LogVerification {
    let options = VerifyOptions {
        key,
        anchor: Some(anchor),
    };
    let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    match dlog::verify_with(entries, &options) {
        Ok(r) => LogVerification {
            intact: true,
            entries: n(r.entries),
            keyed: n(r.keyed),
            unkeyed: n(r.unkeyed),
            legacy: n(r.legacy),
            is_keyed: r.is_keyed(),
            anchored: r.anchored,
            first_bad_entry: None,
            problem: None,
            description: r.describe(),
        },
        Err(e) => LogVerification {
            intact: false,
            entries: crate::error::count(entries.len()),
            keyed: 0,
            unkeyed: 0,
            legacy: 0,
            is_keyed: key.is_some(),
            anchored: true,
            first_bad_entry: e.first_bad_entry().map(n),
            problem: Some(LogProblem::from(&e)),
            description: e.to_string(),
        },
    }
}

/// What is wrong with a log that does not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum LogProblem {
    /// An entry was changed after it was written (or the key is not the log's).
    Edited,
    /// An entry is missing from the middle.
    Removed,
    /// An entry is out of order.
    Reordered,
    /// An entry does not link to the one before it.
    BrokenLink,
    /// The log ends before the entry its anchor records: the tail was cut.
    TailRemoved,
    /// The log holds entries after its anchor's last one.
    NotAnchored,
    /// The entry the anchor names has another MAC.
    AnchorMismatch,
    /// The key given is not the key that sealed the log.
    WrongKey,
    /// A keyed entry, and no key was given.
    KeyRequired,
    /// An unkeyed entry in a keyed log (a downgrade).
    UnkeyedEntry,
    /// A legacy (format 0) entry after a current one.
    LegacyAfterCurrent,
    /// Another break, named in the description.
    Other,
}

impl From<&VerifyError> for LogProblem {
    fn from(e: &VerifyError) -> Self {
        match e {
            VerifyError::Edited { .. } => LogProblem::Edited,
            VerifyError::Removed { .. } => LogProblem::Removed,
            VerifyError::Reordered { .. } => LogProblem::Reordered,
            VerifyError::BrokenLink { .. } => LogProblem::BrokenLink,
            VerifyError::TailRemoved { .. } => LogProblem::TailRemoved,
            VerifyError::NotAnchored { .. } => LogProblem::NotAnchored,
            VerifyError::AnchorMismatch { .. } => LogProblem::AnchorMismatch,
            VerifyError::WrongKey { .. } => LogProblem::WrongKey,
            VerifyError::KeyRequired { .. } => LogProblem::KeyRequired,
            VerifyError::UnkeyedEntry { .. } => LogProblem::UnkeyedEntry,
            VerifyError::LegacyAfterCurrent { .. } => LogProblem::LegacyAfterCurrent,
            _ => LogProblem::Other,
        }
    }
}

/// What verifying a log found. Holds no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LogVerification {
    /// `true` when every entry, link and the anchor check out.
    pub intact: bool,
    /// Entries read.
    pub entries: i64,
    /// Entries sealed with the key (HMAC-SHA-256); 0 when the log does not verify.
    pub keyed: i64,
    /// Entries sealed without a key (SHA-256: whoever can write the file can rewrite them).
    pub unkeyed: i64,
    /// Legacy (format 0, unkeyed) entries.
    pub legacy: i64,
    /// `true` when every entry is keyed (when intact), or a key was given (when not).
    pub is_keyed: bool,
    /// `true` when checked against an anchor (always, here).
    pub anchored: bool,
    /// The position of the first bad entry, when the break is one entry's.
    pub first_bad_entry: Option<i64>,
    /// What is wrong, when not intact.
    pub problem: Option<LogProblem>,
    /// One line: keyed or unkeyed and anchored, or which entry failed and how.
    pub description: String,
}

/// The anchor of a log: the number of entries, the last sequence number and MAC, and the
/// fingerprint of the key of a keyed log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LogAnchor {
    /// The number of entries.
    pub entries: i64,
    /// The last entry's sequence number (`None` for an empty log).
    pub last_seq: Option<i64>,
    /// The last entry's MAC, 64 hexadecimal digits (zeros for an empty log).
    pub last_mac: String,
    /// The fingerprint of the key of a keyed log (never the key).
    pub key_id: Option<String>,
}

impl From<&Anchor> for LogAnchor {
    fn from(a: &Anchor) -> Self {
        let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        LogAnchor {
            entries: n(a.entries),
            last_seq: a.last_seq.map(n),
            last_mac: a.last_mac.to_string(),
            key_id: a.key_id.as_ref().map(ToString::to_string),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::ResultCode;

    /// A fresh directory under the system's temporary directory, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> TempDir {
            let dir = std::env::temp_dir().join(format!("kenpo-api-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }

        fn file(&self, name: &str) -> String {
            self.0.join(name).to_string_lossy().into_owned()
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// One disposal record appended through the catalog (paper box past its R1 period).
    fn one_entry(log: AccessLog) {
        let day =
            |y, m, d| crate::scalar::PlainDate(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap());
        let due = super::super::PurposeCatalog::default_catalog()
            .dispose_items(
                std::sync::Arc::new(log),
                super::super::DisposeItemsRequest {
                    items: vec![super::super::HeldItem {
                        reference: "box-2019-07".to_owned(),
                        record_type: "receipts_paper".to_owned(),
                        completed_on: day(2019, 3, 31),
                        subject_lost_on: None,
                        bulk: false,
                        subjects: Vec::new(),
                    }],
                    on: day(2026, 6, 1),
                    time: "17:00:00".to_owned(),
                    record_disposals: true,
                },
            )
            .unwrap();
        assert_eq!(due.due[0].log_seq, Some(0));
    }

    #[test]
    fn a_keyed_log_opened_without_its_key_is_bad_input_naming_the_key() {
        let dir = TempDir::new("keyed-no-key");
        let (path, anchor) = (dir.file("access.jsonl"), dir.file("access.anchor"));
        let key = vec![7u8; 32];
        one_entry(AccessLog::open(path.clone(), anchor.clone(), Some(key.clone())).unwrap());

        let err = AccessLog::open(path.clone(), anchor.clone(), None)
            .err()
            .expect("a keyed log needs its key");
        assert_eq!(err.code(), ResultCode::InvalidAccessLog);
        assert!(
            matches!(&err, KenpoError::InvalidInput { field, .. } if field == "log_key"),
            "{err:?}"
        );

        // A wrong key is still a break (301), and the right key opens it.
        let err = AccessLog::open(path.clone(), anchor.clone(), Some(vec![8u8; 32]))
            .err()
            .expect("a wrong key is refused");
        assert_eq!(err.code(), ResultCode::AccessLogTampered);
        assert!(AccessLog::open(path, anchor, Some(key)).is_ok());
    }
}
