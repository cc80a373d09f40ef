//! The anchor: the last sequence number and MAC of a log, kept apart from it.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::seal::KeyId;
use super::{LogError, Mac, GENESIS};

/// The `format` written in every anchor file.
pub const ANCHOR_FORMAT: &str = "kenpo-access-log-anchor/1";

/// The length an anchor's JSON is padded to (it is at most about 230 bytes).
const ANCHOR_RECORD_LEN: usize = 320;

/// The state of a log to check it against: how many entries, the last one's sequence number and
/// MAC, and the fingerprint of the key that sealed it.
///
/// Keep it where whoever can write the log cannot (another disk, another system, a daily
/// print): a log cut after entry *k* together with an anchor rolled back to entry *k* verifies,
/// so the anchor's own storage is what makes a removed tail detectable. In a keyed log the
/// anchor's MAC cannot be forged without the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    /// [`ANCHOR_FORMAT`].
    pub format: String,
    /// The number of entries.
    pub entries: u64,
    /// The last entry's sequence number (`None` for an empty log).
    pub last_seq: Option<u64>,
    /// The last entry's MAC ([`GENESIS`] for an empty log).
    pub last_mac: Mac,
    /// The fingerprint of the key of a keyed log.
    pub key_id: Option<KeyId>,
}

impl Anchor {
    /// The anchor after the entry `(seq, mac)` (`None`: an empty log).
    pub fn after(last: Option<(u64, Mac)>, key_id: Option<KeyId>) -> Anchor {
        Anchor {
            format: ANCHOR_FORMAT.to_owned(),
            entries: last.map_or(0, |(s, _)| s.saturating_add(1)),
            last_seq: last.map(|(s, _)| s),
            last_mac: last.map_or(GENESIS, |(_, m)| m),
            key_id,
        }
    }

    /// Parses an anchor's JSON.
    pub fn parse(text: &str) -> Result<Anchor, String> {
        let anchor: Anchor = serde_json::from_str(text).map_err(|e| {
            if e.is_syntax() || e.is_eof() {
                "not JSON".to_owned()
            } else {
                format!("not an anchor ({e})")
            }
        })?;
        if anchor.format != ANCHOR_FORMAT {
            return Err(format!(
                "anchor format {:?} is not known to this version of kenpo (expected {ANCHOR_FORMAT:?})",
                anchor.format
            ));
        }
        let consistent = match anchor.last_seq {
            None => anchor.entries == 0 && anchor.last_mac == GENESIS,
            Some(s) => s.checked_add(1) == Some(anchor.entries),
        };
        if !consistent {
            return Err("entries, last_seq and last_mac disagree".to_owned());
        }
        Ok(anchor)
    }

    /// Reads the anchor file at `path`.
    pub fn read(path: &Path) -> Result<Anchor, LogError> {
        let text = std::fs::read_to_string(path).map_err(|e| LogError::Anchor {
            path: path.to_path_buf(),
            problem: if e.kind() == std::io::ErrorKind::NotFound {
                "missing".to_owned()
            } else {
                e.to_string()
            },
        })?;
        Anchor::parse(&text).map_err(|problem| LogError::Anchor {
            path: path.to_path_buf(),
            problem,
        })
    }

    /// Writes the anchor to `path` atomically (a temporary file in the same folder, renamed).
    pub fn write(&self, path: &Path) -> Result<(), LogError> {
        let mut buf = Vec::with_capacity(256);
        self.write_to(path, &mut buf)
    }

    /// The anchor's JSON, padded with spaces to [`ANCHOR_RECORD_LEN`] bytes and a line break,
    /// into `buf` (so that rewriting it in place never leaves a longer old tail).
    pub(crate) fn encode_padded(&self, buf: &mut Vec<u8>) -> Result<(), LogError> {
        buf.clear();
        serde_json::to_writer(&mut *buf, self).map_err(|e| LogError::Encode {
            message: e.to_string(),
        })?;
        if buf.len() < ANCHOR_RECORD_LEN {
            buf.resize(ANCHOR_RECORD_LEN, b' ');
        }
        buf.push(b'\n');
        Ok(())
    }

    /// Rewrites the anchor in place in an open file: one write at offset 0 of a record of fixed
    /// length (no temporary file, no rename: an append must stay cheap).
    pub(crate) fn rewrite_in_place(
        &self,
        file: &mut std::fs::File,
        path: &Path,
        buf: &mut Vec<u8>,
    ) -> Result<(), LogError> {
        use std::io::{Seek, SeekFrom};
        let io = |source| LogError::Io {
            path: path.to_path_buf(),
            source,
        };
        self.encode_padded(buf)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        file.write_all(buf).map_err(io)?;
        let len = u64::try_from(buf.len()).unwrap_or(u64::MAX);
        if file.metadata().map_err(io)?.len() != len {
            file.set_len(len).map_err(io)?;
        }
        Ok(())
    }

    /// [`Anchor::write`] with a caller's buffer.
    pub(crate) fn write_to(&self, path: &Path, buf: &mut Vec<u8>) -> Result<(), LogError> {
        let io = |source| LogError::Io {
            path: path.to_path_buf(),
            source,
        };
        self.encode_padded(buf)?;
        let tmp = temp_path(path);
        let mut f = std::fs::File::create(&tmp).map_err(io)?;
        f.write_all(buf).map_err(io)?;
        drop(f);
        std::fs::rename(&tmp, path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            io(e)
        })
    }
}

/// `path` + `.tmp`, in the same folder (so the rename is atomic).
pub(crate) fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}
