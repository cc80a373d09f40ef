//! The JSON-lines file log: one entry per line, appended (never rewritten) per decision, with
//! its anchor rewritten after each append.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::anchor::{temp_path, Anchor};
use super::seal::{LogKey, Sealer};
use super::verify::{verify_with, VerifyOptions, VerifyReport};
use super::{AccessLog, LogEntry, LogError, LogEvent, Mac};
use crate::identifiers::MemberKey;

/// How to open a file log.
#[derive(Debug, Clone, Default)]
pub struct LogOptions {
    /// The key: entries are sealed with HMAC-SHA-256 under it. Without it the log is unkeyed.
    pub key: Option<LogKey>,
    /// The anchor file, rewritten after every append. Required when the log already holds
    /// entries and an anchor is named; created for a new log.
    pub anchor: Option<PathBuf>,
}

/// A log in a JSON-lines file. One writer per file: two processes appending to the same file
/// would fork the chain (the verifier then reports it).
#[derive(Debug)]
pub struct JsonLinesLog {
    path: PathBuf,
    file: File,
    len: u64,
    last: Option<(u64, Mac)>,
    sealer: Sealer,
    anchor: Option<PathBuf>,
    /// The anchor file, open for rewriting in place after each append.
    anchor_file: Option<File>,
    line: Vec<u8>,
    anchor_buf: Vec<u8>,
    report: VerifyReport,
}

/// Reads every entry of a log file; a missing file is an empty log. A line that is not an entry
/// is [`LogError::Malformed`] with its line number.
pub fn read_log_file(path: &Path) -> Result<Vec<LogEntry>, LogError> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(LogError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let mut out = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|source| LogError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let entry = LogEntry::from_line(&line).map_err(|problem| LogError::Malformed {
            path: path.to_path_buf(),
            line: i + 1,
            problem,
        })?;
        out.push(entry);
    }
    Ok(out)
}

impl JsonLinesLog {
    /// Opens (or creates) an unkeyed, unanchored log at `path`, verifying what it holds.
    pub fn open(path: impl AsRef<Path>) -> Result<JsonLinesLog, LogError> {
        JsonLinesLog::open_with(path, LogOptions::default())
    }

    /// Opens (or creates) the log at `path` with a key and an anchor, verifying what it holds
    /// against both. Nothing is written when this fails.
    pub fn open_with(
        path: impl AsRef<Path>,
        options: LogOptions,
    ) -> Result<JsonLinesLog, LogError> {
        let path = path.as_ref().to_path_buf();
        let entries = read_log_file(&path)?;
        let anchor = match &options.anchor {
            None => None,
            Some(a) if a.exists() || !entries.is_empty() => Some(Anchor::read(a)?),
            Some(_) => None,
        };
        let report = verify_with(
            &entries,
            &VerifyOptions {
                key: options.key.as_ref(),
                anchor: anchor.as_ref(),
            },
        )?;
        if options.key.is_some() && report.unkeyed > 0 {
            return Err(LogError::UnkeyedLog);
        }
        let io = |source| LogError::Io {
            path: path.clone(),
            source,
        };
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(io)?;
        let len = file.metadata().map_err(io)?.len();
        let last = entries.last().map(|e| (e.seq, e.mac));
        let sealer = Sealer::new(options.key);
        let mut log = JsonLinesLog {
            path,
            file,
            len,
            last,
            anchor_file: None,
            anchor: options.anchor,
            line: Vec::with_capacity(1024),
            anchor_buf: Vec::with_capacity(256),
            report,
            sealer,
        };
        if let (Some(a), None) = (&log.anchor, &anchor) {
            log.anchor().write(a)?;
        }
        if let Some(a) = &log.anchor {
            log.anchor_file = Some(OpenOptions::new().read(true).write(true).open(a).map_err(
                |source| LogError::Io {
                    path: a.clone(),
                    source,
                },
            )?);
        }
        Ok(log)
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What opening verified (keyed, unkeyed, legacy entries; anchored).
    pub fn opened(&self) -> &VerifyReport {
        &self.report
    }
}

impl AccessLog for JsonLinesLog {
    fn append(&mut self, at: NaiveDateTime, event: LogEvent) -> Result<u64, LogError> {
        let entry = self.sealer.seal_after(self.last, at, event)?;
        self.line.clear();
        serde_json::to_writer(&mut self.line, &entry).map_err(|e| LogError::Encode {
            message: e.to_string(),
        })?;
        self.line.push(b'\n');
        let path = &self.path;
        let undo = |file: &File, len: u64| {
            let _ = file.set_len(len);
        };
        if let Err(source) = self.file.write_all(&self.line) {
            undo(&self.file, self.len);
            return Err(LogError::Io {
                path: path.clone(),
                source,
            });
        }
        let next = Some((entry.seq, entry.mac));
        if let (Some(anchor_path), Some(anchor_file)) = (&self.anchor, self.anchor_file.as_mut()) {
            let anchor = Anchor::after(next, self.sealer.key().map(LogKey::id));
            if let Err(e) = anchor.rewrite_in_place(anchor_file, anchor_path, &mut self.anchor_buf)
            {
                undo(&self.file, self.len);
                // Put the anchor back to the state the log is in again.
                let back = Anchor::after(self.last, self.sealer.key().map(LogKey::id));
                let _ = back.rewrite_in_place(anchor_file, anchor_path, &mut self.anchor_buf);
                return Err(e);
            }
        }
        self.len += u64::try_from(self.line.len()).unwrap_or(u64::MAX);
        self.last = next;
        Ok(entry.seq)
    }

    fn entries(&self) -> Result<Vec<LogEntry>, LogError> {
        read_log_file(&self.path)
    }

    fn anchor(&self) -> Anchor {
        Anchor::after(self.last, self.sealer.key().map(LogKey::id))
    }

    /// Replaces every mention of the persons `disposed` selects by their pseudonym, rewriting
    /// the file atomically (a temporary file renamed over it). The MACs are unchanged, so the
    /// log and its anchor still verify. Returns how many mentions were replaced.
    fn pseudonymise(&mut self, disposed: &dyn Fn(&MemberKey) -> bool) -> Result<usize, LogError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| LogError::Io {
                path: path.clone(),
                source,
            }
        };
        let src = File::open(&self.path).map_err(io(&self.path))?;
        let tmp = temp_path(&self.path);
        let mut out = std::io::BufWriter::new(File::create(&tmp).map_err(io(&tmp))?);
        let mut replaced = 0;
        let mut buf = Vec::new();
        let result = (|| {
            for (i, line) in BufReader::new(src).lines().enumerate() {
                let line = line.map_err(io(&self.path))?;
                if line.trim().is_empty() {
                    continue;
                }
                let mut entry =
                    LogEntry::from_line(&line).map_err(|problem| LogError::Malformed {
                        path: self.path.clone(),
                        line: i + 1,
                        problem,
                    })?;
                let sealer = &self.sealer;
                let n = entry.event.pseudonymise(disposed, &|k| sealer.pseudonym(k));
                if n == 0 {
                    out.write_all(line.as_bytes()).map_err(io(&tmp))?;
                } else {
                    replaced += n;
                    buf.clear();
                    serde_json::to_writer(&mut buf, &entry).map_err(|e| LogError::Encode {
                        message: e.to_string(),
                    })?;
                    out.write_all(&buf).map_err(io(&tmp))?;
                }
                out.write_all(b"\n").map_err(io(&tmp))?;
            }
            out.flush().map_err(io(&tmp))?;
            Ok(())
        })();
        drop(out);
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        std::fs::rename(&tmp, &self.path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            io(&self.path)(e)
        })?;
        self.file = OpenOptions::new()
            .append(true)
            .open(&self.path)
            .map_err(io(&self.path))?;
        self.len = self.file.metadata().map_err(io(&self.path))?.len();
        Ok(replaced)
    }

    /// The pseudonym this log gives `key`.
    fn pseudonym(&self, key: &MemberKey) -> Mac {
        self.sealer.pseudonym(key)
    }
}
