//! Sealing: the canonical, versioned encoding of an entry and its MAC (HMAC-SHA-256 under the
//! host's key, or SHA-256 for an unkeyed log).
//!
//! The encoding (format 1) is a byte string, independent of the Rust types and of serde:
//!
//! ```text
//! "kenpo-access-log\0" ‖ u8 format (1) ‖ u8 sealing (1 HMAC-SHA-256, 0 SHA-256)
//! ‖ u64 seq ‖ str at ("YYYY-MM-DDTHH:MM:SS[.f]") ‖ prev (32 bytes)
//! ‖ event
//! event    = 0x01 actor ‖ str purpose ‖ str recipient ‖ opt name(recipient kind) ‖ opt str counterparty
//!                  ‖ u32 n ‖ n × subject ‖ u32 m ‖ m × str field id (sorted) ‖ name(form)
//!                  ‖ opt name(My Number procedure) ‖ (0x00 permit | 0x01 ‖ name(denial reason))
//!          | 0x02 str reference ‖ str record type ‖ u32 n ‖ n × subject ‖ str disposed on
//!                  ‖ name(method) ‖ opt str by
//! actor    = 0x01 str staff id | 0x02 str system id | 0x03 subject | 0x04 subject ‖ str admission
//! subject  = 32 bytes: the subject's pseudonym (below), whether the entry holds the key or,
//!            after a disposal, only the pseudonym
//! str      = u32 length ‖ UTF-8 bytes;  opt x = 0x00 | 0x01 ‖ x;  integers big-endian
//! name(x)  = str of x's JSON form (`"clinic"`, `{"reason":"field_not_allowed","field":"name"}`)
//! ```
//!
//! A subject's pseudonym is HMAC-SHA-256 (keyed log) or SHA-256 (unkeyed) of
//! `"kenpo-subject\0" ‖ str symbol ‖ str number ‖ str branch`. Because the MAC covers the
//! pseudonym and not the key itself, a disposal can replace a person's key by the pseudonym and
//! every entry still verifies. In an unkeyed log the pseudonym can be reversed by trying every
//! key: only a keyed log pseudonymises.

use std::fmt;
use std::io::Write as _;
use std::path::Path;

use chrono::NaiveDateTime;
use hmac::{Hmac, Mac as _};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{
    DecisionRecord, LogError, LogEvent, LoggedActor, LoggedSubject, Mac, Outcome, Sealing,
};
use crate::access::field::Field;
use crate::access::retention::DisposalRecord;
use crate::identifiers::MemberKey;

type HmacSha256 = Hmac<Sha256>;

/// The format number of the canonical encoding written by this code.
pub const FORMAT: u8 = 1;

const MAGIC: &[u8] = b"kenpo-access-log\0";
const SUBJECT_DOMAIN: &[u8] = b"kenpo-subject\0";
const KEY_ID_DOMAIN: &[u8] = b"kenpo-access-log key id\0";

/// The shortest key accepted, in bytes (the HMAC-SHA-256 output length, RFC 2104 §3).
pub const MIN_KEY_LEN: usize = 32;

/// The secret key of a keyed log, supplied by the host (a file, a key store). Never written to
/// the log or the anchor; `Debug` shows nothing of it.
#[derive(Clone)]
pub struct LogKey {
    /// The keyed state, boxed so that a log without a key stays small.
    mac: Box<HmacSha256>,
    id: KeyId,
}

impl fmt::Debug for LogKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LogKey(id {})", self.id)
    }
}

/// A short public fingerprint of a key (the first 8 bytes of HMAC(key, "kenpo-access-log key
/// id")), kept in the anchor so that a wrong key is reported as such.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyId(pub(crate) [u8; 8]);

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({self})")
    }
}

impl Serialize for KeyId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for KeyId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        let mut out = [0u8; 8];
        super::decode_hex(&text, &mut out)
            .map_err(|()| serde::de::Error::custom("a key id is 16 hexadecimal digits"))?;
        Ok(KeyId(out))
    }
}

impl LogKey {
    /// A key from its bytes: at least [`MIN_KEY_LEN`] of them.
    pub fn new(bytes: &[u8]) -> Result<LogKey, LogError> {
        if bytes.len() < MIN_KEY_LEN {
            return Err(LogError::KeyTooShort { len: bytes.len() });
        }
        let mac = HmacSha256::new_from_slice(bytes)
            .map_err(|_| LogError::KeyTooShort { len: bytes.len() })?;
        let mut probe = mac.clone();
        probe.update(KEY_ID_DOMAIN);
        let full = probe.finalize().into_bytes();
        let mut id = [0u8; 8];
        id.copy_from_slice(&full[..8]);
        Ok(LogKey {
            mac: Box::new(mac),
            id: KeyId(id),
        })
    }

    /// Reads a key file: its bytes are the key (a final line break is not part of it).
    pub fn from_file(path: &Path) -> Result<LogKey, LogError> {
        let bytes = std::fs::read(path).map_err(|source| LogError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut key: &[u8] = &bytes;
        if let Some(rest) = key.strip_suffix(b"\n") {
            key = rest.strip_suffix(b"\r").unwrap_or(rest);
        }
        LogKey::new(key).map_err(|e| match e {
            LogError::KeyTooShort { len } => LogError::KeyFile {
                path: path.to_path_buf(),
                problem: format!("{len} bytes; a key needs at least {MIN_KEY_LEN}"),
            },
            other => other,
        })
    }

    /// The key's public fingerprint.
    pub fn id(&self) -> KeyId {
        self.id
    }
}

/// Computes MACs and pseudonyms for one log: keyed or not, with a reusable encoding buffer.
#[derive(Clone, Debug)]
pub(crate) struct Sealer {
    key: Option<LogKey>,
    buf: Vec<u8>,
}

impl Sealer {
    pub(crate) fn new(key: Option<LogKey>) -> Sealer {
        Sealer {
            key,
            buf: Vec::with_capacity(512),
        }
    }

    pub(crate) fn key(&self) -> Option<&LogKey> {
        self.key.as_ref()
    }

    pub(crate) fn sealing(&self) -> Sealing {
        if self.key.is_some() {
            Sealing::HmacSha256
        } else {
            Sealing::Sha256
        }
    }

    /// The pseudonym of `key` under this sealer's key (or unkeyed).
    pub(crate) fn pseudonym(&self, key: &MemberKey) -> Mac {
        pseudonym_with(self.key.as_ref(), key)
    }

    /// The MAC of an entry sealed with `sealing` (which must match the key held, else `None`).
    pub(crate) fn mac(
        &mut self,
        sealing: Sealing,
        seq: u64,
        at: &NaiveDateTime,
        prev: &Mac,
        event: &LogEvent,
    ) -> Result<Mac, LogError> {
        let Sealer { key, buf } = self;
        let key = match (sealing, key.as_ref()) {
            (Sealing::HmacSha256, Some(k)) => Some(k),
            (Sealing::Sha256, _) => None,
            (Sealing::HmacSha256, None) => return Err(LogError::KeyRequired),
        };
        buf.clear();
        encode(buf, sealing, seq, at, prev, event, key)?;
        Ok(match key {
            Some(k) => {
                let mut m = (*k.mac).clone();
                m.update(buf);
                Mac(m.finalize().into_bytes().into())
            }
            None => Mac(Sha256::digest(&*buf).into()),
        })
    }
}

/// The pseudonym of `key` with `log_key` (HMAC) or without (SHA-256).
pub(crate) fn pseudonym_with(log_key: Option<&LogKey>, key: &MemberKey) -> Mac {
    let parts = [
        key.symbol.as_str().as_bytes(),
        key.number.as_str().as_bytes(),
        key.branch.as_str().as_bytes(),
    ];
    match log_key {
        Some(k) => {
            let mut m = (*k.mac).clone();
            m.update(SUBJECT_DOMAIN);
            for p in parts {
                m.update(&len32(p.len()));
                m.update(p);
            }
            Mac(m.finalize().into_bytes().into())
        }
        None => {
            let mut h = Sha256::new();
            h.update(SUBJECT_DOMAIN);
            for p in parts {
                h.update(len32(p.len()));
                h.update(p);
            }
            Mac(h.finalize().into())
        }
    }
}

fn len32(n: usize) -> [u8; 4] {
    u32::try_from(n).unwrap_or(u32::MAX).to_be_bytes()
}

fn put_str(buf: &mut Vec<u8>, s: &str) {
    buf.extend_from_slice(&len32(s.len()));
    buf.extend_from_slice(s.as_bytes());
}

/// `str` of `value`'s JSON form, written in place (length patched after).
fn put_name<T: Serialize>(buf: &mut Vec<u8>, value: &T) -> Result<(), LogError> {
    let at = buf.len();
    buf.extend_from_slice(&[0; 4]);
    serde_json::to_writer(&mut *buf, value).map_err(|e| LogError::Encode {
        message: e.to_string(),
    })?;
    let len = len32(buf.len() - at - 4);
    buf[at..at + 4].copy_from_slice(&len);
    Ok(())
}

fn put_subject(buf: &mut Vec<u8>, s: &LoggedSubject, key: Option<&LogKey>) {
    match s {
        LoggedSubject::Key(k) => buf.extend_from_slice(&pseudonym_with(key, k).0),
        LoggedSubject::Pseudonym { pseudonym } => buf.extend_from_slice(&pseudonym.0),
    }
}

fn put_subjects(buf: &mut Vec<u8>, subjects: &[LoggedSubject], key: Option<&LogKey>) {
    buf.extend_from_slice(&len32(subjects.len()));
    for s in subjects {
        put_subject(buf, s, key);
    }
}

fn put_opt<T>(buf: &mut Vec<u8>, v: Option<T>, f: impl FnOnce(&mut Vec<u8>, T)) {
    match v {
        None => buf.push(0),
        Some(x) => {
            buf.push(1);
            f(buf, x);
        }
    }
}

const FIELD_COUNT: usize = Field::ALL.len();

fn encode(
    buf: &mut Vec<u8>,
    sealing: Sealing,
    seq: u64,
    at: &NaiveDateTime,
    prev: &Mac,
    event: &LogEvent,
    key: Option<&LogKey>,
) -> Result<(), LogError> {
    buf.extend_from_slice(MAGIC);
    buf.push(FORMAT);
    buf.push(match sealing {
        Sealing::HmacSha256 => 1,
        Sealing::Sha256 => 0,
    });
    buf.extend_from_slice(&seq.to_be_bytes());
    let at_pos = buf.len();
    buf.extend_from_slice(&[0; 4]);
    write!(buf, "{}", at.format("%Y-%m-%dT%H:%M:%S%.f")).map_err(|e| LogError::Encode {
        message: e.to_string(),
    })?;
    let len = len32(buf.len() - at_pos - 4);
    buf[at_pos..at_pos + 4].copy_from_slice(&len);
    buf.extend_from_slice(&prev.0);
    match event {
        LogEvent::Decision(d) => encode_decision(buf, d, key)?,
        LogEvent::Disposal(d) => encode_disposal(buf, d, key)?,
    }
    Ok(())
}

fn encode_decision(
    buf: &mut Vec<u8>,
    d: &DecisionRecord,
    key: Option<&LogKey>,
) -> Result<(), LogError> {
    buf.push(1);
    match &d.actor {
        LoggedActor::Staff { id } => {
            buf.push(1);
            put_str(buf, id);
        }
        LoggedActor::System { id } => {
            buf.push(2);
            put_str(buf, id);
        }
        LoggedActor::Subject { key: s } => {
            buf.push(3);
            put_subject(buf, s, key);
        }
        LoggedActor::AdmittedAgent { subject, admission } => {
            buf.push(4);
            put_subject(buf, subject, key);
            put_str(buf, admission);
        }
    }
    put_str(buf, &d.purpose);
    put_str(buf, &d.recipient);
    match d.recipient_kind {
        None => buf.push(0),
        Some(k) => {
            buf.push(1);
            put_name(buf, &k)?;
        }
    }
    put_opt(buf, d.counterparty.as_deref(), put_str);
    put_subjects(buf, &d.subjects, key);
    let mut ids = [""; FIELD_COUNT];
    let mut n = 0;
    for (slot, f) in ids.iter_mut().zip(d.fields.iter()) {
        *slot = f.id();
        n += 1;
    }
    let ids = &mut ids[..n];
    ids.sort_unstable();
    buf.extend_from_slice(&len32(n));
    for id in ids.iter() {
        put_str(buf, id);
    }
    put_name(buf, &d.form)?;
    match d.my_number_procedure {
        None => buf.push(0),
        Some(p) => {
            buf.push(1);
            put_name(buf, &p)?;
        }
    }
    match &d.outcome {
        Outcome::Permit => buf.push(0),
        Outcome::Deny { reason } => {
            buf.push(1);
            put_name(buf, reason)?;
        }
    }
    Ok(())
}

fn encode_disposal(
    buf: &mut Vec<u8>,
    d: &DisposalRecord,
    key: Option<&LogKey>,
) -> Result<(), LogError> {
    buf.push(2);
    put_str(buf, &d.reference);
    put_str(buf, &d.record_type);
    put_subjects(buf, &d.subjects, key);
    let at = buf.len();
    buf.extend_from_slice(&[0; 4]);
    write!(buf, "{}", d.disposed_on.format("%Y-%m-%d")).map_err(|e| LogError::Encode {
        message: e.to_string(),
    })?;
    let len = len32(buf.len() - at - 4);
    buf[at..at + 4].copy_from_slice(&len);
    put_name(buf, &d.method)?;
    put_opt(buf, d.by.as_deref(), put_str);
    Ok(())
}
