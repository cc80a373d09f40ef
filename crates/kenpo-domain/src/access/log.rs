//! The append-only, hash-chained access log (アクセス記録): every decision, permit or deny, and
//! every disposal.
//!
//! Each [`LogEntry`] carries its sequence number, the hash of the previous entry and its own
//! SHA-256 hash over `seq ‖ at ‖ event ‖ prev` (canonical JSON). [`verify`] recomputes the chain
//! and names the first entry that was edited, removed or moved. A removed *last* entry leaves
//! no trace in the chain itself: keep the head ([`AccessLog::head`]) somewhere else (a daily
//! print, another system) and pass it to [`verify_with_head`].
//!
//! Entries hold member keys, ids and field names; never names, addresses or the Individual
//! Number.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::decision::{Actor, DenialReason, Form};
use super::field::FieldSet;
use super::my_number::MyNumberProcedure;
use super::recipient::RecipientKind;
use super::retention::DisposalRecord;
use crate::identifiers::MemberKey;

/// The `prev` of the first entry: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

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
    pub actor: Actor,
    /// The purpose id.
    pub purpose: String,
    /// The recipient id.
    pub recipient: String,
    /// The recipient's kind (`None` if the handle was foreign).
    pub recipient_kind: Option<RecipientKind>,
    /// The actual recipient's name when the catalog's recipient is generic.
    pub counterparty: Option<String>,
    /// The subjects, by key.
    pub subjects: Vec<MemberKey>,
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

/// One entry of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// Position in the log, from 0.
    pub seq: u64,
    /// When.
    pub at: NaiveDateTime,
    /// What.
    pub event: LogEvent,
    /// The previous entry's hash (hex), [`GENESIS`] for the first.
    pub prev: String,
    /// This entry's hash (hex).
    pub hash: String,
}

#[derive(Serialize)]
struct Hashed<'a> {
    seq: u64,
    at: &'a NaiveDateTime,
    event: &'a LogEvent,
    prev: &'a str,
}

fn hash_of(seq: u64, at: &NaiveDateTime, event: &LogEvent, prev: &str) -> Result<String, LogError> {
    let body = serde_json::to_vec(&Hashed {
        seq,
        at,
        event,
        prev,
    })
    .map_err(|e| LogError::Encode {
        message: e.to_string(),
    })?;
    let digest = Sha256::digest(&body);
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

impl LogEntry {
    /// Seals `event` as the entry after `prev` (`None` for the first).
    pub fn seal(
        prev: Option<&LogEntry>,
        at: NaiveDateTime,
        event: LogEvent,
    ) -> Result<LogEntry, LogError> {
        let (seq, prev) = match prev {
            Some(p) => (p.seq.checked_add(1).ok_or(LogError::Full)?, p.hash.clone()),
            None => (0, GENESIS.to_owned()),
        };
        let hash = hash_of(seq, &at, &event, &prev)?;
        Ok(LogEntry {
            seq,
            at,
            event,
            prev,
            hash,
        })
    }

    /// `true` if the stored hash matches the content.
    pub fn is_intact(&self) -> bool {
        hash_of(self.seq, &self.at, &self.event, &self.prev).is_ok_and(|h| h == self.hash)
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
    #[error("access log line {line}: not a log entry")]
    Malformed {
        /// 1-based line number.
        line: usize,
    },
    /// An entry could not be encoded.
    #[error("access log entry could not be encoded: {message}")]
    Encode {
        /// The encoder's message.
        message: String,
    },
    /// The file on open does not verify.
    #[error("access log does not verify: {0}")]
    Tampered(#[from] VerifyError),
    /// The sequence number overflowed.
    #[error("access log is full")]
    Full,
}

/// An append-only access log.
pub trait AccessLog {
    /// Appends `event` at `at`; returns its sequence number.
    fn append(&mut self, at: NaiveDateTime, event: LogEvent) -> Result<u64, LogError>;

    /// Every entry, in order.
    fn entries(&self) -> Result<Vec<LogEntry>, LogError>;

    /// The hash of the last entry ([`GENESIS`] when empty): keep it elsewhere to detect a
    /// removed tail.
    fn head(&self) -> String;
}

/// An in-memory log.
#[derive(Debug, Clone, Default)]
pub struct MemoryLog {
    entries: Vec<LogEntry>,
}

impl MemoryLog {
    /// An empty log.
    pub fn new() -> Self {
        MemoryLog::default()
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
        let e = LogEntry::seal(self.entries.last(), at, event)?;
        let seq = e.seq;
        self.entries.push(e);
        Ok(seq)
    }

    fn entries(&self) -> Result<Vec<LogEntry>, LogError> {
        Ok(self.entries.clone())
    }

    fn head(&self) -> String {
        self.entries
            .last()
            .map_or_else(|| GENESIS.to_owned(), |e| e.hash.clone())
    }
}

/// A log in a JSON-lines file: one entry per line, appended and flushed per decision. One
/// writer per file: two processes appending to the same file would fork the chain (the verifier
/// then reports it).
#[derive(Debug)]
pub struct JsonLinesLog {
    path: PathBuf,
    file: File,
    last: Option<LogEntry>,
}

impl JsonLinesLog {
    /// Opens (or creates) the file at `path`, verifying what it already holds.
    pub fn open(path: impl AsRef<Path>) -> Result<JsonLinesLog, LogError> {
        let path = path.as_ref().to_path_buf();
        let io = |source| LogError::Io {
            path: path.clone(),
            source,
        };
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(&path)
            .map_err(io)?;
        let entries = read_lines(&path)?;
        verify(&entries)?;
        Ok(JsonLinesLog {
            path,
            file,
            last: entries.into_iter().last(),
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn read_lines(path: &Path) -> Result<Vec<LogEntry>, LogError> {
    let file = File::open(path).map_err(|source| LogError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|source| LogError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let entry = serde_json::from_str(&line).map_err(|_| LogError::Malformed { line: i + 1 })?;
        out.push(entry);
    }
    Ok(out)
}

impl AccessLog for JsonLinesLog {
    fn append(&mut self, at: NaiveDateTime, event: LogEvent) -> Result<u64, LogError> {
        let e = LogEntry::seal(self.last.as_ref(), at, event)?;
        let mut line = serde_json::to_string(&e).map_err(|err| LogError::Encode {
            message: err.to_string(),
        })?;
        line.push('\n');
        let io = |source| LogError::Io {
            path: self.path.clone(),
            source,
        };
        self.file.write_all(line.as_bytes()).map_err(io)?;
        self.file.flush().map_err(io)?;
        let seq = e.seq;
        self.last = Some(e);
        Ok(seq)
    }

    fn entries(&self) -> Result<Vec<LogEntry>, LogError> {
        read_lines(&self.path)
    }

    fn head(&self) -> String {
        self.last
            .as_ref()
            .map_or_else(|| GENESIS.to_owned(), |e| e.hash.clone())
    }
}

/// What the verifier found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The entry at `index` does not match its hash: its content was changed.
    #[error("entry {index} was edited (its hash does not match its content)")]
    Edited {
        /// Position in the list given.
        index: usize,
    },
    /// The entry with sequence `seq` is missing.
    #[error("entry {seq} was removed")]
    Removed {
        /// The missing sequence number.
        seq: u64,
    },
    /// The entry at `index` is out of order.
    #[error("entry {index} is out of order (sequence {seq})")]
    Reordered {
        /// Position in the list given.
        index: usize,
        /// Its sequence number.
        seq: u64,
    },
    /// The entry at `index` does not link to the one before it.
    #[error("entry {index} does not link to the entry before it")]
    BrokenLink {
        /// Position in the list given.
        index: usize,
    },
    /// The last entry is not the head kept elsewhere: entries were removed at the end.
    #[error("the log does not end at the recorded head")]
    HeadMismatch,
}

/// Verifies a chain: every hash, every link and the sequence. Accepts an intact log (also an
/// empty one).
pub fn verify(entries: &[LogEntry]) -> Result<(), VerifyError> {
    let mut prev_hash = GENESIS;
    for (index, e) in entries.iter().enumerate() {
        if !e.is_intact() {
            return Err(VerifyError::Edited { index });
        }
        let expected = u64::try_from(index).unwrap_or(u64::MAX);
        if e.seq != expected {
            let later = entries.get(index + 1..).unwrap_or(&[]);
            let earlier = entries.get(..index).unwrap_or(&[]);
            if e.seq < expected
                || later.iter().any(|x| x.seq == expected)
                || earlier.iter().any(|x| x.seq == e.seq)
            {
                return Err(VerifyError::Reordered { index, seq: e.seq });
            }
            return Err(VerifyError::Removed { seq: expected });
        }
        if e.prev != prev_hash {
            return Err(VerifyError::BrokenLink { index });
        }
        prev_hash = &e.hash;
    }
    Ok(())
}

/// [`verify`], and the last entry must be `head` (kept outside the log).
pub fn verify_with_head(entries: &[LogEntry], head: &str) -> Result<(), VerifyError> {
    verify(entries)?;
    let last = entries.last().map_or(GENESIS, |e| e.hash.as_str());
    if last == head {
        Ok(())
    } else {
        Err(VerifyError::HeadMismatch)
    }
}
