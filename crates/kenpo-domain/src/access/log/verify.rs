//! Verification: every MAC, every link and the sequence; against the key and the anchor.

use serde::Serialize;

use super::anchor::Anchor;
use super::seal::{LogKey, Sealer};
use super::{EntryFormat, LogEntry, Mac, Sealing, GENESIS};

/// What verification found wrong, naming the first bad entry by its position in the log (its
/// sequence number when intact).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
#[non_exhaustive]
pub enum VerifyError {
    /// The entry at `index` was changed after it was written (or the key is wrong).
    #[error("entry {index} was edited (its MAC does not match its content)")]
    Edited {
        /// Position in the log.
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
        /// Position in the log.
        index: usize,
        /// Its sequence number.
        seq: u64,
    },
    /// The entry at `index` does not link to the one before it.
    #[error("entry {index} does not link to the entry before it")]
    BrokenLink {
        /// Position in the log.
        index: usize,
    },
    /// The last entry is not the head kept elsewhere.
    #[error("the log does not end at the recorded head")]
    HeadMismatch,
    /// The anchor names an entry the log no longer has: the tail was cut.
    #[error("entry {first_missing} was removed: the anchor records {anchored} entries, the log holds {held}")]
    TailRemoved {
        /// The first missing sequence number.
        first_missing: u64,
        /// Entries the anchor records.
        anchored: u64,
        /// Entries the log holds.
        held: u64,
    },
    /// The log holds entries after the anchor's last one.
    #[error(
        "entry {first} is not anchored: the log is longer than its anchor ({anchored} entries)"
    )]
    NotAnchored {
        /// The first entry after the anchor.
        first: u64,
        /// Entries the anchor records.
        anchored: u64,
    },
    /// The entry the anchor names has another MAC.
    #[error("entry {seq} is not the entry the anchor recorded")]
    AnchorMismatch {
        /// The entry.
        seq: u64,
    },
    /// The key given is not the key that sealed the log (by the anchor's fingerprint).
    #[error("the key given is not the key of this log (fingerprint {given}, anchor {anchored})")]
    WrongKey {
        /// The given key's fingerprint.
        given: String,
        /// The anchor's.
        anchored: String,
    },
    /// A keyed entry, and no key was given.
    #[error("entry {index} is keyed (HMAC-SHA-256): give the log's key to verify it")]
    KeyRequired {
        /// Position in the log.
        index: usize,
    },
    /// An unkeyed entry in a log verified with a key (or after a keyed entry): a downgrade.
    #[error("entry {index} is unkeyed in a keyed log")]
    UnkeyedEntry {
        /// Position in the log.
        index: usize,
    },
    /// A legacy (format 0) entry after a format 1 entry.
    #[error("entry {index} is a legacy (format 0) entry after a format 1 entry")]
    LegacyAfterCurrent {
        /// Position in the log.
        index: usize,
    },
}

impl VerifyError {
    /// The position of the first bad entry, when the problem is one entry's.
    pub fn first_bad_entry(&self) -> Option<u64> {
        let idx = |i: &usize| u64::try_from(*i).ok();
        match self {
            VerifyError::Edited { index }
            | VerifyError::Reordered { index, .. }
            | VerifyError::BrokenLink { index }
            | VerifyError::KeyRequired { index }
            | VerifyError::UnkeyedEntry { index }
            | VerifyError::LegacyAfterCurrent { index } => idx(index),
            VerifyError::Removed { seq } | VerifyError::AnchorMismatch { seq } => Some(*seq),
            VerifyError::TailRemoved { first_missing, .. } => Some(*first_missing),
            VerifyError::NotAnchored { first, .. } => Some(*first),
            VerifyError::HeadMismatch | VerifyError::WrongKey { .. } => None,
        }
    }
}

/// What to verify against.
#[derive(Debug, Clone, Copy, Default)]
pub struct VerifyOptions<'a> {
    /// The log's key (a keyed log cannot be verified without it).
    pub key: Option<&'a LogKey>,
    /// The anchor kept apart (without it a removed tail cannot be seen).
    pub anchor: Option<&'a Anchor>,
}

/// What a successful verification found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct VerifyReport {
    /// Entries.
    pub entries: u64,
    /// Format 1 entries sealed with the key.
    pub keyed: u64,
    /// Format 1 entries without a key.
    pub unkeyed: u64,
    /// Legacy (format 0, unkeyed) entries.
    pub legacy: u64,
    /// Legacy entries a disposal pseudonymised: only their links are checked.
    pub legacy_redacted: u64,
    /// `true` when checked against an anchor.
    pub anchored: bool,
}

impl VerifyReport {
    /// `true` when every entry is sealed with the key (an empty log is not keyed).
    pub fn is_keyed(&self) -> bool {
        self.keyed > 0 && self.keyed == self.entries
    }

    /// A one-line description: keyed, unkeyed or legacy, anchored or not.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.keyed > 0 {
            parts.push(format!("{} keyed (HMAC-SHA-256)", self.keyed));
        }
        if self.unkeyed > 0 {
            parts.push(format!(
                "{} UNKEYED (SHA-256: whoever can write the file can rewrite them)",
                self.unkeyed
            ));
        }
        if self.legacy > 0 {
            parts.push(format!(
                "{} LEGACY format 0 (unkeyed){}",
                self.legacy,
                if self.legacy_redacted > 0 {
                    format!(
                        ", {} pseudonymised by disposal and checked by their links only",
                        self.legacy_redacted
                    )
                } else {
                    String::new()
                }
            ));
        }
        if parts.is_empty() {
            parts.push("empty".to_owned());
        }
        let anchor = if self.anchored {
            "anchored"
        } else {
            "NOT anchored (a removed tail cannot be seen)"
        };
        format!("{}; {anchor}", parts.join(", "))
    }
}

/// Verifies a chain without key or anchor: every hash, every link and the sequence. A keyed
/// entry fails ([`VerifyError::KeyRequired`]).
pub fn verify(entries: &[LogEntry]) -> Result<VerifyReport, VerifyError> {
    verify_with(entries, &VerifyOptions::default())
}

/// [`verify`], and the last entry's MAC must be `head` (hex), kept outside the log.
pub fn verify_with_head(entries: &[LogEntry], head: &str) -> Result<VerifyReport, VerifyError> {
    let report = verify(entries)?;
    let last = entries.last().map_or(GENESIS, |e| e.mac);
    if Mac::from_hex(head) == Some(last) {
        Ok(report)
    } else {
        Err(VerifyError::HeadMismatch)
    }
}

/// Verifies a chain with a key and an anchor, as given.
pub fn verify_with(
    entries: &[LogEntry],
    options: &VerifyOptions<'_>,
) -> Result<VerifyReport, VerifyError> {
    if let (
        Some(key),
        Some(Anchor {
            key_id: Some(id), ..
        }),
    ) = (options.key, options.anchor)
    {
        if key.id() != *id {
            return Err(VerifyError::WrongKey {
                given: key.id().to_string(),
                anchored: id.to_string(),
            });
        }
    }
    let mut sealer = Sealer::new(options.key.cloned());
    let mut report = VerifyReport {
        anchored: options.anchor.is_some(),
        ..VerifyReport::default()
    };
    let mut prev = GENESIS;
    let mut seen_current = false;
    let mut seen_keyed = false;
    for (index, e) in entries.iter().enumerate() {
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
        match e.format {
            EntryFormat::Legacy0 => {
                if seen_current {
                    return Err(VerifyError::LegacyAfterCurrent { index });
                }
                if e.is_redacted_legacy() {
                    report.legacy_redacted += 1;
                } else if e.legacy_digest != Some(e.mac) {
                    return Err(VerifyError::Edited { index });
                }
                report.legacy += 1;
            }
            EntryFormat::V1 => {
                seen_current = true;
                match e.sealing {
                    Sealing::HmacSha256 => {
                        if options.key.is_none() {
                            return Err(VerifyError::KeyRequired { index });
                        }
                        seen_keyed = true;
                        report.keyed += 1;
                    }
                    Sealing::Sha256 => {
                        if options.key.is_some() || seen_keyed {
                            return Err(VerifyError::UnkeyedEntry { index });
                        }
                        report.unkeyed += 1;
                    }
                }
                let mac = sealer
                    .mac(e.sealing, e.seq, &e.at, &e.prev, &e.event)
                    .map_err(|_| VerifyError::Edited { index })?;
                if mac != e.mac {
                    return Err(VerifyError::Edited { index });
                }
            }
        }
        if e.prev != prev {
            return Err(VerifyError::BrokenLink { index });
        }
        prev = e.mac;
        report.entries += 1;
    }
    if let Some(anchor) = options.anchor {
        let held = report.entries;
        if held < anchor.entries {
            return Err(VerifyError::TailRemoved {
                first_missing: held,
                anchored: anchor.entries,
                held,
            });
        }
        if held > anchor.entries {
            return Err(VerifyError::NotAnchored {
                first: anchor.entries,
                anchored: anchor.entries,
            });
        }
        if let Some(seq) = anchor.last_seq {
            if prev != anchor.last_mac {
                return Err(VerifyError::AnchorMismatch { seq });
            }
        }
    }
    Ok(report)
}
