//! The append-only access log (アクセス記録): every decision, permit or deny, and every
//! disposal, in a chain that a host-held key seals.
//!
//! - **Sealing.** Each [`LogEntry`] carries its sequence number, the MAC of the previous entry
//!   and its own MAC: HMAC-SHA-256 under a [`LogKey`] the host supplies (a *keyed* log; the key
//!   is never written anywhere), or plain SHA-256 (an *unkeyed* log, which whoever can write the
//!   file can also rewrite; [`VerifyReport`] says so). The MAC is taken over a canonical,
//!   versioned byte encoding of the entry ([`seal`]), never over serde output of the Rust types,
//!   so that changing those types does not change the MAC of an entry already written.
//! - **Anchor.** The last sequence number and MAC ([`Anchor`]) are kept apart from the log (another
//!   file, ideally on other storage) and rewritten on every append. Against it, verification
//!   finds a removed tail and a log longer than its anchor; the chain itself finds an edited,
//!   removed or reordered entry ([`verify_with`]).
//! - **Legacy entries.** Logs written before the keyed format (format 0: SHA-256 over the serde
//!   JSON of the entry) are read and verified as *legacy, unkeyed*: their hash is recomputed over
//!   the line exactly as written. They may only form the beginning of a log; a log can be
//!   continued in the new format (the first new entry seals the legacy head).
//! - **Pseudonyms.** An entry names subjects by key ([`LoggedSubject::Key`]); the MAC covers a
//!   keyed pseudonym of the key, so a disposal ([`JsonLinesLog::pseudonymise`]) can replace the
//!   key of a disposed person by the pseudonym and the log still verifies.
//!
//! Entries hold member keys, ids and field names; never names, addresses or the Individual
//! Number.
//!
//! Cost: an append encodes into a buffer the log keeps, computes one HMAC (plus one per subject
//! for the pseudonyms), and for a file log writes one line and rewrites the anchor (see
//! `benches/benches/access.rs` for the figures).

mod anchor;
mod file;
pub mod seal;
mod verify;

use std::fmt;
use std::path::PathBuf;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

pub use anchor::{Anchor, ANCHOR_FORMAT};
pub use file::{read_log_file, JsonLinesLog, LogOptions};
pub use seal::{KeyId, LogKey};
pub use verify::{verify, verify_with, verify_with_head, VerifyError, VerifyOptions, VerifyReport};

use super::decision::{Actor, DenialReason, Form};
use super::field::FieldSet;
use super::my_number::MyNumberProcedure;
use super::recipient::RecipientKind;
use super::retention::DisposalRecord;
use crate::identifiers::MemberKey;
use seal::Sealer;

/// A 32-byte MAC or hash, written as 64 lowercase hexadecimal digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mac(pub(crate) [u8; 32]);

/// The `prev` of the first entry: 32 zero bytes.
pub const GENESIS: Mac = Mac([0; 32]);

impl Mac {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Parses 64 hexadecimal digits.
    pub fn from_hex(text: &str) -> Option<Mac> {
        let mut out = [0u8; 32];
        decode_hex(text, &mut out).ok()?;
        Some(Mac(out))
    }
}

pub(crate) fn decode_hex(text: &str, out: &mut [u8]) -> Result<(), ()> {
    let bytes = text.as_bytes();
    if bytes.len() != out.len() * 2 {
        return Err(());
    }
    let digit = |c: u8| match c {
        b'0'..=b'9' => Ok(c - b'0'),
        b'a'..=b'f' => Ok(c - b'a' + 10),
        b'A'..=b'F' => Ok(c - b'A' + 10),
        _ => Err(()),
    };
    for (o, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        *o = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Ok(())
}

impl fmt::Display for Mac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for Mac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Mac({self})")
    }
}

impl Serialize for Mac {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut hex = [0u8; 64];
        for (pair, b) in hex.chunks_exact_mut(2).zip(self.0) {
            const DIGITS: &[u8; 16] = b"0123456789abcdef";
            pair[0] = DIGITS[usize::from(b >> 4)];
            pair[1] = DIGITS[usize::from(b & 15)];
        }
        s.serialize_str(std::str::from_utf8(&hex).unwrap_or_default())
    }
}

impl<'de> Deserialize<'de> for Mac {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Mac::from_hex(&text)
            .ok_or_else(|| serde::de::Error::custom("a MAC is 64 hexadecimal digits"))
    }
}

/// How an entry is sealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Sealing {
    /// HMAC-SHA-256 under the host's key (RFC 2104, FIPS 180-4): a keyed log.
    HmacSha256,
    /// SHA-256 without a key: an unkeyed log (detects accidents, not a forger who can write the
    /// file).
    Sha256,
}

/// The format an entry was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EntryFormat {
    /// Format 0 (before the keyed log): SHA-256 over the serde JSON of the entry, unkeyed.
    Legacy0,
    /// Format 1: the canonical encoding of [`seal`], keyed or unkeyed.
    V1,
}

/// A subject as an entry names them: by key, or after the disposal of the person, by the
/// pseudonym the entry's MAC covers.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LoggedSubject {
    /// 記号・番号・枝番.
    Key(MemberKey),
    /// The pseudonym left by a disposal.
    Pseudonym {
        /// The pseudonym (HMAC of the key under the log key).
        pseudonym: Mac,
    },
}

impl LoggedSubject {
    /// The key, unless pseudonymised.
    pub fn key(&self) -> Option<&MemberKey> {
        match self {
            LoggedSubject::Key(k) => Some(k),
            LoggedSubject::Pseudonym { .. } => None,
        }
    }

    /// `true` when this names `key`.
    pub fn is(&self, key: &MemberKey) -> bool {
        self.key() == Some(key)
    }
}

impl From<MemberKey> for LoggedSubject {
    fn from(key: MemberKey) -> Self {
        LoggedSubject::Key(key)
    }
}

/// Masked: the number never shows.
impl fmt::Debug for LoggedSubject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoggedSubject::Key(k) => write!(f, "{}", k.masked()),
            LoggedSubject::Pseudonym { .. } => f.write_str("<pseudonym>"),
        }
    }
}

/// Who acted, as logged: [`Actor`], with a subject's key pseudonymisable.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[non_exhaustive]
pub enum LoggedActor {
    /// A staff member, by staff id.
    Staff {
        /// The staff id.
        id: String,
    },
    /// A system, by name.
    System {
        /// The system name.
        id: String,
    },
    /// The subject.
    Subject {
        /// The subject.
        key: LoggedSubject,
    },
    /// An agent admitted by the disclosure procedure.
    AdmittedAgent {
        /// The subject represented.
        subject: LoggedSubject,
        /// The admission reference.
        admission: String,
    },
}

impl fmt::Debug for LoggedActor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoggedActor::Staff { id } => write!(f, "Staff({id})"),
            LoggedActor::System { id } => write!(f, "System({id})"),
            LoggedActor::Subject { .. } => f.write_str("Subject(<redacted>)"),
            LoggedActor::AdmittedAgent { admission, .. } => {
                write!(f, "AdmittedAgent(<redacted>, {admission})")
            }
        }
    }
}

impl From<&Actor> for LoggedActor {
    fn from(actor: &Actor) -> Self {
        match actor {
            Actor::Staff { id } => LoggedActor::Staff { id: id.clone() },
            Actor::System { id } => LoggedActor::System { id: id.clone() },
            Actor::Subject { key } => LoggedActor::Subject {
                key: LoggedSubject::Key(key.clone()),
            },
            Actor::AdmittedAgent { subject, admission } => LoggedActor::AdmittedAgent {
                subject: LoggedSubject::Key(subject.clone()),
                admission: admission.clone(),
            },
        }
    }
}

impl LoggedActor {
    fn subject_mut(&mut self) -> Option<&mut LoggedSubject> {
        match self {
            LoggedActor::Subject { key } => Some(key),
            LoggedActor::AdmittedAgent { subject, .. } => Some(subject),
            _ => None,
        }
    }
}

/// The outcome of a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Outcome {
    /// Permitted.
    Permit,
    /// Denied, and why.
    Deny {
        /// The reason.
        reason: DenialReason,
    },
}

/// A decision as logged: who, purpose, recipient, subjects, fields, outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRecord {
    /// Who acted.
    pub actor: LoggedActor,
    /// The purpose id.
    pub purpose: String,
    /// The recipient id.
    pub recipient: String,
    /// The recipient's kind (`None` if the handle was foreign).
    pub recipient_kind: Option<RecipientKind>,
    /// The actual recipient's name when the catalog's recipient is generic.
    pub counterparty: Option<String>,
    /// The subjects.
    pub subjects: Vec<LoggedSubject>,
    /// The fields asked for.
    pub fields: FieldSet,
    /// Identified or de-identified.
    pub form: Form,
    /// The My Number procedure named (H1).
    pub my_number_procedure: Option<MyNumberProcedure>,
    /// Permit or deny.
    pub outcome: Outcome,
}

/// What an entry records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "event")]
#[non_exhaustive]
pub enum LogEvent {
    /// A decision.
    Decision(DecisionRecord),
    /// A disposal (R3), kept after the data is gone.
    Disposal(DisposalRecord),
}

impl LogEvent {
    /// Every subject the event names (also the acting subject).
    pub fn subjects(&self) -> impl Iterator<Item = &LoggedSubject> {
        let (actor, list): (Option<&LoggedSubject>, &[LoggedSubject]) = match self {
            LogEvent::Decision(d) => (
                match &d.actor {
                    LoggedActor::Subject { key } => Some(key),
                    LoggedActor::AdmittedAgent { subject, .. } => Some(subject),
                    _ => None,
                },
                d.subjects.as_slice(),
            ),
            LogEvent::Disposal(d) => (None, d.subjects.as_slice()),
        };
        actor.into_iter().chain(list)
    }

    /// Replaces every mention of a key in `keys` by `pseudonym(key)`; returns how many.
    pub(crate) fn pseudonymise(
        &mut self,
        is_disposed: &dyn Fn(&MemberKey) -> bool,
        pseudonym: &dyn Fn(&MemberKey) -> Mac,
    ) -> usize {
        let mut n = 0;
        let mut replace = |s: &mut LoggedSubject| {
            if let LoggedSubject::Key(k) = s {
                if is_disposed(k) {
                    *s = LoggedSubject::Pseudonym {
                        pseudonym: pseudonym(k),
                    };
                    n += 1;
                }
            }
        };
        match self {
            LogEvent::Decision(d) => {
                if let Some(s) = d.actor.subject_mut() {
                    replace(s);
                }
                d.subjects.iter_mut().for_each(&mut replace);
            }
            LogEvent::Disposal(d) => d.subjects.iter_mut().for_each(&mut replace),
        }
        n
    }

    fn has_pseudonym(&self) -> bool {
        self.subjects()
            .any(|s| matches!(s, LoggedSubject::Pseudonym { .. }))
    }
}

/// One entry of the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    /// The format it was written in.
    pub format: EntryFormat,
    /// Position in the log, from 0.
    pub seq: u64,
    /// When.
    pub at: NaiveDateTime,
    /// Keyed or not.
    pub sealing: Sealing,
    /// What.
    pub event: LogEvent,
    /// The previous entry's MAC, [`GENESIS`] for the first.
    pub prev: Mac,
    /// This entry's MAC (for a legacy entry, its SHA-256 hash).
    pub mac: Mac,
    /// Legacy entries: the hash of the line as read (without its `hash`), computed on reading.
    pub(crate) legacy_digest: Option<Mac>,
}

#[derive(Serialize)]
struct V1Line<'a> {
    v: u8,
    seq: u64,
    at: &'a NaiveDateTime,
    sealing: Sealing,
    event: &'a LogEvent,
    prev: &'a Mac,
    mac: &'a Mac,
}

#[derive(Serialize)]
struct V0Line<'a> {
    seq: u64,
    at: &'a NaiveDateTime,
    event: &'a LogEvent,
    prev: &'a Mac,
    hash: &'a Mac,
}

/// The file form: one JSON object per line.
impl Serialize for LogEntry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.format {
            EntryFormat::Legacy0 => V0Line {
                seq: self.seq,
                at: &self.at,
                event: &self.event,
                prev: &self.prev,
                hash: &self.mac,
            }
            .serialize(s),
            EntryFormat::V1 => V1Line {
                v: seal::FORMAT,
                seq: self.seq,
                at: &self.at,
                sealing: self.sealing,
                event: &self.event,
                prev: &self.prev,
                mac: &self.mac,
            }
            .serialize(s),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLine {
    #[serde(default)]
    v: Option<u32>,
    seq: u64,
    at: NaiveDateTime,
    #[serde(default)]
    sealing: Option<Sealing>,
    event: LogEvent,
    prev: Mac,
    #[serde(default)]
    hash: Option<Mac>,
    #[serde(default)]
    mac: Option<Mac>,
}

/// The end of a legacy line: `,"hash":"` + 64 hex digits + `"}`.
const LEGACY_TAIL: usize = 9 + 64 + 2;

impl LogEntry {
    /// Reads one line of a log file (either format). The error says what is wrong, never what
    /// the line holds.
    pub fn from_line(line: &str) -> Result<LogEntry, LineProblem> {
        let raw: RawLine = serde_json::from_str(line).map_err(|e| {
            if e.is_syntax() || e.is_eof() {
                LineProblem::NotJson
            } else {
                LineProblem::NotAnEntry {
                    detail: without_values(&e.to_string()),
                }
            }
        })?;
        match raw.v {
            None => {
                let hash = raw.hash.ok_or(LineProblem::NotAnEntry {
                    detail: "a legacy entry without its hash".to_owned(),
                })?;
                let trimmed = line.trim_end();
                let digest = trimmed
                    .len()
                    .checked_sub(LEGACY_TAIL)
                    .and_then(|cut| {
                        let tail = trimmed.get(cut..)?;
                        tail.starts_with(",\"hash\":\"").then_some(cut)
                    })
                    .map(|cut| {
                        use sha2::{Digest, Sha256};
                        let mut h = Sha256::new();
                        h.update(&trimmed.as_bytes()[..cut]);
                        h.update(b"}");
                        Mac(h.finalize().into())
                    });
                Ok(LogEntry {
                    format: EntryFormat::Legacy0,
                    seq: raw.seq,
                    at: raw.at,
                    sealing: Sealing::Sha256,
                    event: raw.event,
                    prev: raw.prev,
                    mac: hash,
                    legacy_digest: digest,
                })
            }
            Some(1) => {
                let (Some(sealing), Some(mac)) = (raw.sealing, raw.mac) else {
                    return Err(LineProblem::NotAnEntry {
                        detail: "a format 1 entry needs `sealing` and `mac`".to_owned(),
                    });
                };
                Ok(LogEntry {
                    format: EntryFormat::V1,
                    seq: raw.seq,
                    at: raw.at,
                    sealing,
                    event: raw.event,
                    prev: raw.prev,
                    mac,
                    legacy_digest: None,
                })
            }
            Some(v) => Err(LineProblem::UnknownFormat { version: v }),
        }
    }

    /// Seals `event` as the entry after `prev` (`None` for the first), unkeyed.
    pub fn seal(
        prev: Option<&LogEntry>,
        at: NaiveDateTime,
        event: LogEvent,
    ) -> Result<LogEntry, LogError> {
        Sealer::new(None).seal_after(prev.map(|p| (p.seq, p.mac)), at, event)
    }

    /// `true` if this (format 1) entry's MAC is the one `key` gives its content: the key (or
    /// no key, for an unkeyed entry) is the log's and the entry is as written. A legacy entry
    /// gives `false` (it is checked by [`verify`] only).
    pub fn is_sealed_with(&self, key: Option<&LogKey>) -> bool {
        self.format == EntryFormat::V1
            && Sealer::new(key.cloned())
                .mac(self.sealing, self.seq, &self.at, &self.prev, &self.event)
                .is_ok_and(|m| m == self.mac)
    }

    /// `true` if the pseudonymised legacy entry can no longer be checked on its own.
    pub(crate) fn is_redacted_legacy(&self) -> bool {
        self.format == EntryFormat::Legacy0 && self.event.has_pseudonym()
    }
}

/// serde's messages may quote the offending value; keep only the part before it.
fn without_values(message: &str) -> String {
    let head = message.split(['`', '"']).next().unwrap_or("").trim();
    head.trim_end_matches(':').to_owned()
}

/// What is wrong with one line of a log file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LineProblem {
    /// Not JSON at all.
    #[error("not JSON")]
    NotJson,
    /// JSON, but not a log entry.
    #[error("not a log entry ({detail})")]
    NotAnEntry {
        /// What is missing or wrong (no values).
        detail: String,
    },
    /// An entry of a format this code does not know.
    #[error("entry format {version} is not known to this version of kenpo")]
    UnknownFormat {
        /// The `v` of the line.
        version: u32,
    },
}

impl Sealer {
    /// Seals `event` after `(seq, mac)` of the previous entry.
    pub(crate) fn seal_after(
        &mut self,
        prev: Option<(u64, Mac)>,
        at: NaiveDateTime,
        event: LogEvent,
    ) -> Result<LogEntry, LogError> {
        let (seq, prev) = match prev {
            Some((s, m)) => (s.checked_add(1).ok_or(LogError::Full)?, m),
            None => (0, GENESIS),
        };
        let sealing = self.sealing();
        let mac = self.mac(sealing, seq, &at, &prev, &event)?;
        Ok(LogEntry {
            format: EntryFormat::V1,
            seq,
            at,
            sealing,
            event,
            prev,
            mac,
            legacy_digest: None,
        })
    }
}

/// Why the log could not be written or read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LogError {
    /// File I/O failed.
    #[error("access log {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line of the file is not an entry.
    #[error("access log {path} line {line}: {problem}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        problem: LineProblem,
    },
    /// An entry could not be encoded.
    #[error("access log entry could not be encoded: {message}")]
    Encode {
        /// The encoder's message.
        message: String,
    },
    /// The log does not verify.
    #[error("access log does not verify: {0}")]
    Tampered(#[from] VerifyError),
    /// The sequence number overflowed.
    #[error("access log is full")]
    Full,
    /// A key shorter than [`seal::MIN_KEY_LEN`] bytes.
    #[error("a log key needs at least {min} bytes, this one has {len}", min = seal::MIN_KEY_LEN)]
    KeyTooShort {
        /// Its length.
        len: usize,
    },
    /// The key file cannot be used.
    #[error("key file {path}: {problem}")]
    KeyFile {
        /// The file.
        path: PathBuf,
        /// What is wrong (never the key).
        problem: String,
    },
    /// The log is keyed and no key was given.
    #[error("the access log is keyed: its key is needed")]
    KeyRequired,
    /// A key was given for a log that is written unkeyed.
    #[error(
        "the access log is unkeyed (format 1, SHA-256) but a key was given; start a new keyed log"
    )]
    UnkeyedLog,
    /// The anchor file is missing, unreadable or not an anchor.
    #[error("anchor {path}: {problem}")]
    Anchor {
        /// The anchor file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
}

/// An append-only access log.
pub trait AccessLog {
    /// Appends `event` at `at`; returns its sequence number.
    fn append(&mut self, at: NaiveDateTime, event: LogEvent) -> Result<u64, LogError>;

    /// Every entry, in order.
    fn entries(&self) -> Result<Vec<LogEntry>, LogError>;

    /// The anchor of the log as it stands: keep it apart from the log.
    fn anchor(&self) -> Anchor;

    /// The MAC of the last entry, as hex ([`GENESIS`] when empty).
    fn head(&self) -> String {
        self.anchor().last_mac.to_string()
    }

    /// Replaces every mention of the persons `disposed` selects by their pseudonym (the MACs
    /// are unchanged: the log still verifies); returns how many mentions were replaced.
    fn pseudonymise(&mut self, disposed: &dyn Fn(&MemberKey) -> bool) -> Result<usize, LogError>;

    /// The pseudonym this log gives `key` (keyed: HMAC under the log's key).
    fn pseudonym(&self, key: &MemberKey) -> Mac;
}

/// An in-memory log.
#[derive(Debug, Clone)]
pub struct MemoryLog {
    entries: Vec<LogEntry>,
    sealer: Sealer,
    /// The entry a continued log follows (kept elsewhere): `(seq, mac)`.
    base: Option<(u64, Mac)>,
}

impl Default for MemoryLog {
    fn default() -> Self {
        MemoryLog::new()
    }
}

impl MemoryLog {
    /// An empty, unkeyed log.
    pub fn new() -> Self {
        MemoryLog {
            entries: Vec::new(),
            sealer: Sealer::new(None),
            base: None,
        }
    }

    /// An empty log keyed with `key`.
    pub fn keyed(key: LogKey) -> Self {
        MemoryLog {
            entries: Vec::new(),
            sealer: Sealer::new(Some(key)),
            base: None,
        }
    }

    /// A log that continues one kept elsewhere (a store's table, a file) after the entry its
    /// `anchor` names: the entries held are only the new ones, the first sealed after the
    /// anchor's last entry, and [`AccessLog::anchor`] gives the anchor of the whole log.
    ///
    /// `key` must be the log's: a keyed log needs its key (by the anchor's fingerprint), and an
    /// unkeyed log that has entries cannot be continued keyed (start a new keyed log instead).
    ///
    /// The month pipeline keeps its log in its store this way: each month continues the log
    /// from the anchor on record, and the whole log verifies as one chain.
    pub fn continuing(anchor: &Anchor, key: Option<LogKey>) -> Result<MemoryLog, LogError> {
        match (&anchor.key_id, &key) {
            (Some(id), Some(k)) if k.id() != *id => {
                return Err(LogError::Tampered(VerifyError::WrongKey {
                    given: k.id().to_string(),
                    anchored: id.to_string(),
                }))
            }
            (Some(_), None) => return Err(LogError::KeyRequired),
            (None, Some(_)) if anchor.entries > 0 => return Err(LogError::UnkeyedLog),
            _ => {}
        }
        Ok(MemoryLog {
            entries: Vec::new(),
            sealer: Sealer::new(key),
            base: anchor.last_seq.map(|s| (s, anchor.last_mac)),
        })
    }

    /// A log that continues after `last`, the last entry of a log kept elsewhere (`None`: a new
    /// log), as [`MemoryLog::continuing`] does from an anchor. `last` must be sealed with `key`:
    /// a keyed entry needs the key that sealed it, an unkeyed one no key, and an entry whose MAC
    /// does not match (a wrong key, or the entry was edited) is refused.
    pub fn after_entry(
        last: Option<&LogEntry>,
        key: Option<LogKey>,
    ) -> Result<MemoryLog, LogError> {
        let Some(last) = last else {
            return Ok(MemoryLog {
                entries: Vec::new(),
                sealer: Sealer::new(key),
                base: None,
            });
        };
        match (last.sealing, &key) {
            (Sealing::HmacSha256, None) => return Err(LogError::KeyRequired),
            (Sealing::Sha256, Some(_)) => return Err(LogError::UnkeyedLog),
            _ => {}
        }
        if !last.is_sealed_with(key.as_ref()) {
            return Err(LogError::Tampered(VerifyError::Edited {
                index: usize::try_from(last.seq).unwrap_or(usize::MAX),
            }));
        }
        let key_id = key.as_ref().map(LogKey::id);
        MemoryLog::continuing(&Anchor::after(Some((last.seq, last.mac)), key_id), key)
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// `true` if empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, borrowed.
    pub fn as_slice(&self) -> &[LogEntry] {
        &self.entries
    }
}

impl AccessLog for MemoryLog {
    fn append(&mut self, at: NaiveDateTime, event: LogEvent) -> Result<u64, LogError> {
        let prev = self.entries.last().map(|p| (p.seq, p.mac)).or(self.base);
        let e = self.sealer.seal_after(prev, at, event)?;
        let seq = e.seq;
        self.entries.push(e);
        Ok(seq)
    }

    fn entries(&self) -> Result<Vec<LogEntry>, LogError> {
        Ok(self.entries.clone())
    }

    fn anchor(&self) -> Anchor {
        Anchor::after(
            self.entries.last().map(|e| (e.seq, e.mac)).or(self.base),
            self.sealer.key().map(LogKey::id),
        )
    }

    fn pseudonymise(&mut self, disposed: &dyn Fn(&MemberKey) -> bool) -> Result<usize, LogError> {
        let sealer = &self.sealer;
        Ok(self
            .entries
            .iter_mut()
            .map(|e| e.event.pseudonymise(disposed, &|k| sealer.pseudonym(k)))
            .sum())
    }

    fn pseudonym(&self, key: &MemberKey) -> Mac {
        self.sealer.pseudonym(key)
    }
}
