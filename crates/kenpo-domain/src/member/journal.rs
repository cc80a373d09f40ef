//! The event journal: what was recorded, in order, and when.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::MemberEvent;

/// One recorded event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JournalEntry {
    /// Position in the journal, from 0 (gaps where a disposal removed a person's events).
    pub seq: u64,
    /// When the society recorded it; `None` for events applied without a time
    /// ([`super::MemberMaster::apply`]), treated as known from the start.
    pub recorded_at: Option<NaiveDateTime>,
    /// The event, as applied.
    pub event: MemberEvent,
}

/// Every event applied to a master, in order. A correction is a new entry: the earlier value
/// stays in the entry that recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journal {
    /// The sequence number of the next entry (never reused, also after a disposal).
    next_seq: u64,
    entries: Vec<JournalEntry>,
}

impl Journal {
    /// Every entry, in order.
    pub fn entries(&self) -> &[JournalEntry] {
        &self.entries
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// `true` when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(super) fn record(&mut self, event: MemberEvent, recorded_at: Option<NaiveDateTime>) {
        let seq = self.next_seq;
        self.next_seq = seq.saturating_add(1);
        self.entries.push(JournalEntry {
            seq,
            recorded_at,
            event,
        });
    }

    /// `true` when the sequence numbers increase and stay below `next_seq`.
    pub(super) fn is_ordered(&self) -> bool {
        self.entries.windows(2).all(|w| w[0].seq < w[1].seq)
            && self.entries.last().is_none_or(|e| e.seq < self.next_seq)
    }

    pub(super) fn take(self) -> (u64, Vec<JournalEntry>) {
        (self.next_seq, self.entries)
    }

    pub(super) fn resume(next_seq: u64) -> Journal {
        Journal {
            next_seq,
            entries: Vec::new(),
        }
    }

    pub(super) fn push_replayed(&mut self, entry: JournalEntry) {
        self.entries.push(entry);
    }

    pub(super) fn retain(&mut self, keep: impl FnMut(&JournalEntry) -> bool) {
        self.entries.retain(keep);
    }
}
