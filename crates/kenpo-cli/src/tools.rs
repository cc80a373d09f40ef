//! `kenpo receipts check`, `kenpo access decide` and `kenpo log verify`: file checks and one
//! access decision, through the library's public API. Each returns a serialisable report and
//! whether it found something (exit code 1).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDateTime;
use serde::Serialize;

use kenpo_domain::access::disposal::DisposalError;
use kenpo_domain::access::log::{
    read_log_file, verify_with, Anchor, LogKey, LogOptions, VerifyError, VerifyOptions,
    VerifyReport,
};
use kenpo_domain::access::{
    AccessLog, Actor, Catalog, DenialReason, Field, FieldSet, JsonLinesLog, MemoryLog, Request,
    SubjectRecord,
};
use kenpo_domain::identifiers::MemberKey;
use kenpo_domain::member::{MasterLoadError, MemberEvent, MemberMaster};
use kenpo_domain::receipt::checks::{CheckOptions, Checker};
use kenpo_domain::receipt::pseudonymise::{pseudonymise_file, PseudonymKey};
use kenpo_domain::receipt::review::master::Masters;
use kenpo_domain::receipt::review::{ReviewOptions, Reviewer};
use kenpo_domain::receipt::{ReaderOptions, ReceiptReader};
use kenpo_domain::society::SocietyConfig;

use crate::error::CliError;

/// One finding or error line of a receipts report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportLine {
    /// The rule id (`C2.visit_after_loss`) or `reader.error`.
    pub rule: String,
    /// The line of the receipt's RE record (0 for the file).
    pub line: u64,
    /// The receipt's one-based index (0 for the file).
    pub index: u64,
    /// Japanese text.
    pub ja: String,
    /// English text.
    pub en: String,
}

/// `kenpo receipts check --json`.
#[derive(Debug, Clone, Serialize)]
pub struct ReceiptsReport {
    /// The files, joined by `, `.
    pub file: String,
    /// Receipts in the files.
    pub receipts_in_file: u64,
    /// Parsed without error.
    pub parsed: u64,
    /// Rejected by the reader.
    pub rejected: u64,
    /// `parsed + rejected == receipts_in_file` in every file.
    pub accounted: bool,
    /// Parsed receipts by kind: `医科/入院外/本人` style keys (branch/setting/category).
    pub by_kind: BTreeMap<String, u64>,
    /// Receipts by layout (medical, dpc, dental, pharmacy, visiting_nursing).
    pub by_layout: BTreeMap<String, LayoutReport>,
    /// The payment fund's records met.
    pub fund: FundReport,
    /// Each file on its own.
    pub files: Vec<FileReport>,
    /// Total points read.
    pub points: i64,
    /// Whether a member master was given (then the C1/C2/C5 checks ran).
    pub checked_against_master: bool,
    /// Findings by rule id.
    pub findings_by_rule: BTreeMap<String, usize>,
    /// The 点検.
    pub review: ReviewReport,
    /// Every finding and reader error.
    pub lines: Vec<ReportLine>,
}

/// The receipts of one layout.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LayoutReport {
    /// Read.
    pub parsed: u64,
    /// Rejected after their RE showed the layout.
    pub rejected: u64,
    /// Points read.
    pub points: i64,
}

/// The payment fund's records met in the files.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FundReport {
    /// MN records (insurer files).
    pub mn_records: u64,
    /// Receipts whose corrections (JY) were applied: read as paid.
    pub corrected: u64,
    /// Lines with history-management columns.
    pub prefixed_lines: u64,
}

/// One file of a check.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// The file's name.
    pub file: String,
    /// Receipts in it.
    pub receipts_in_file: u64,
    /// Read.
    pub parsed: u64,
    /// Rejected.
    pub rejected: u64,
    /// `parsed + rejected == receipts_in_file`.
    pub accounted: bool,
}

/// The 点検 of a check.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReviewReport {
    /// Candidates.
    pub candidates: usize,
    /// Points at stake.
    pub points: i64,
    /// Candidates by check id.
    pub by_check: BTreeMap<String, usize>,
    /// Checks skipped or run in part.
    pub notices: Vec<String>,
    /// Where the candidates were written.
    pub written_to: Option<String>,
    /// The payment fund's master files read.
    pub fund_masters: Vec<String>,
}

impl ReceiptsReport {
    /// `true` when something is reported (exit code 1): a reader error, a finding or a 点検
    /// candidate.
    pub fn has_findings(&self) -> bool {
        !self.lines.is_empty() || !self.accounted || self.review.candidates > 0
    }
}

/// Reads a member master file: the master as kenpo writes it (any known format version; the
/// bare list of person records of earlier releases is migrated), or a JSON list of notifications
/// (member events) applied in order. A master of an unknown version or breaking an invariant is
/// refused with its reason.
pub fn load_master(path: &Path) -> Result<MemberMaster, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| CliError::file(path, e))?;
    let not_a_master = match MemberMaster::from_json(&text) {
        Ok(master) => return Ok(master),
        Err(e @ MasterLoadError::NotAMaster { .. }) => e,
        Err(e) => return Err(CliError::file(path, e)),
    };
    let events: Vec<MemberEvent> = serde_json::from_str(&text).map_err(|e| {
        CliError::file(
            path,
            format!(
                "neither a member master ({not_a_master}) nor a list of notifications (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    })?;
    let mut master = MemberMaster::new();
    let report = master.apply_all(&events);
    if let Some(first) = report.rejected.first() {
        return Err(CliError::file(
            path,
            format!(
                "{} notification(s) rejected, the first at index {}: {}",
                report.rejected.len(),
                first.index,
                first.error
            ),
        ));
    }
    Ok(master)
}

/// Writes a master in the current format, atomically (a temporary file renamed over `path`).
pub fn save_master(master: &MemberMaster, path: &Path) -> Result<(), CliError> {
    let json = master.to_json().map_err(|e| CliError::file(path, e))?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, json).map_err(|source| CliError::Write {
        path: tmp.clone(),
        source,
    })?;
    std::fs::rename(&tmp, path).map_err(|source| CliError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// What `kenpo receipts check` takes.
#[derive(Debug)]
pub struct CheckInput<'a> {
    /// The receipt files.
    pub files: &'a [std::path::PathBuf],
    /// The member master (C1/C2/C5).
    pub master: Option<&'a MemberMaster>,
    /// The society.
    pub config: &'a SocietyConfig,
    /// Refuse the payment fund's records.
    pub strict: bool,
    /// The payment fund's master files.
    pub fund_masters: &'a [std::path::PathBuf],
    /// Where to write the candidates.
    pub candidates: Option<&'a Path>,
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Reads the files with the streaming reader, runs the 点検 and, with a master, the checks.
pub fn check_receipts(input: &CheckInput<'_>) -> Result<ReceiptsReport, CliError> {
    let mut masters = Masters::new();
    for path in input.fund_masters {
        let bytes = std::fs::read(path).map_err(|e| CliError::file(path, e))?;
        masters
            .read(&file_name(path), &bytes)
            .map_err(|e| CliError::file(path, e))?;
    }
    let mut checker = match (input.master, &input.config.insurer_number) {
        (Some(m), Some(insurer)) => Some(Checker::new(
            CheckOptions::new(insurer.clone(), input.config.name.clone()),
            m,
        )),
        (Some(_), None) => {
            return Err(CliError::flag(
                "--config",
                "the society configuration has no insurer_number, which the checks need",
            ))
        }
        _ => None,
    };
    let fund_master_files = masters.files.clone();
    let mut reviewer = Reviewer::new(
        ReviewOptions::default(),
        (!masters.is_empty()).then_some(masters),
    );
    let mut report = ReceiptsReport {
        file: String::new(),
        receipts_in_file: 0,
        parsed: 0,
        rejected: 0,
        accounted: true,
        by_kind: BTreeMap::new(),
        by_layout: BTreeMap::new(),
        fund: FundReport::default(),
        files: Vec::new(),
        points: 0,
        checked_against_master: input.master.is_some(),
        findings_by_rule: BTreeMap::new(),
        review: ReviewReport::default(),
        lines: Vec::new(),
    };
    let mut findings = Vec::new();
    let mut names = Vec::new();
    for path in input.files {
        let file = File::open(path).map_err(|e| CliError::file(path, e))?;
        let name = file_name(path);
        let mut options = ReaderOptions::new(name.clone());
        if input.strict {
            options = options.strict();
        }
        let mut reader = ReceiptReader::new(BufReader::new(file), options);
        let file_name: Arc<str> = Arc::from(name.as_str());
        while let Some(item) = reader.next_lent() {
            match item {
                Ok(r) => {
                    let key = format!(
                        "{:?}/{:?}/{:?}",
                        r.kind.branch(),
                        r.kind.setting(),
                        r.kind.category()
                    )
                    .to_lowercase();
                    *report.by_kind.entry(key).or_default() += 1;
                    if let Some(c) = checker.as_mut() {
                        c.check(&file_name, r);
                    }
                    reviewer.add(&file_name, r);
                }
                Err(e) => report.lines.push(ReportLine {
                    rule: "reader.error".into(),
                    line: e.line,
                    index: e.receipt_index.unwrap_or(0),
                    ja: "読み取れないレセプト".into(),
                    en: e.to_string(),
                }),
            }
        }
        let summary = reader.into_summary();
        findings.extend(summary.findings.iter().cloned());
        for e in &summary.file_errors {
            report.lines.push(ReportLine {
                rule: "reader.file_error".into(),
                line: e.line,
                index: 0,
                ja: "ファイルの誤り".into(),
                en: e.to_string(),
            });
        }
        report.receipts_in_file += summary.receipts_in_file;
        report.parsed += summary.parsed;
        report.rejected += summary.rejected;
        report.accounted &= summary.is_accounted();
        report.points += summary.points_read.get();
        for (layout, c) in &summary.by_layout {
            let e = report.by_layout.entry(layout.id().to_owned()).or_default();
            e.parsed += c.parsed;
            e.rejected += c.rejected;
            e.points += c.points.get();
        }
        report.fund.mn_records += summary.mn_records;
        report.fund.corrected += summary.corrected;
        report.fund.prefixed_lines += summary.prefixed_lines;
        report.files.push(FileReport {
            file: name.clone(),
            receipts_in_file: summary.receipts_in_file,
            parsed: summary.parsed,
            rejected: summary.rejected,
            accounted: summary.is_accounted(),
        });
        names.push(name);
    }
    report.file = names.join(", ");
    if let Some(c) = checker {
        findings.extend(c.finish());
    }
    for f in &findings {
        *report
            .findings_by_rule
            .entry(f.rule.id().to_owned())
            .or_default() += 1;
        report.lines.push(ReportLine {
            rule: f.rule.id().to_owned(),
            line: f.position.map_or(0, |p| p.line),
            index: f.position.map_or(0, |p| p.index),
            ja: f.ja.clone(),
            en: f.en.clone(),
        });
    }
    let review = reviewer.finish();
    report.review = ReviewReport {
        candidates: review.candidates.len(),
        points: review.points().get(),
        by_check: review.candidates.iter().fold(BTreeMap::new(), |mut m, c| {
            *m.entry(c.check.id().to_owned()).or_default() += 1;
            m
        }),
        notices: review
            .notices
            .iter()
            .map(|n| format!("{}: {}", n.check.id(), n.text))
            .collect(),
        written_to: None,
        fund_masters: fund_master_files,
    };
    if let Some(path) = input.candidates {
        let body = if path.extension().is_some_and(|e| e == "json") {
            serde_json::to_string_pretty(&review).map_err(|e| CliError::file(path, e))?
        } else {
            review.to_csv()
        };
        std::fs::write(path, body).map_err(|e| CliError::file(path, e))?;
        report.review.written_to = Some(path.display().to_string());
    }
    Ok(report)
}

/// `kenpo receipts pseudonymise --json`.
#[derive(Debug, Clone, Serialize)]
pub struct PseudonymiseReport {
    /// The input.
    pub file: String,
    /// The output.
    pub out: String,
    /// Receipts written.
    pub receipts: u64,
    /// Records of unknown kinds whose fields were emptied.
    pub emptied_records: u64,
}

/// Pseudonymises `path` under the key in `key_path` into `out`.
pub fn pseudonymise(
    path: &Path,
    key_path: &Path,
    out: &Path,
) -> Result<PseudonymiseReport, CliError> {
    let key_bytes = std::fs::read(key_path).map_err(|e| CliError::file(key_path, e))?;
    let key = PseudonymKey::new(&key_bytes).map_err(|e| CliError::file(key_path, e))?;
    let bytes = std::fs::read(path).map_err(|e| CliError::file(path, e))?;
    let (written, report) =
        pseudonymise_file(&bytes, &file_name(path), &key).map_err(|e| CliError::file(path, e))?;
    std::fs::write(out, written).map_err(|e| CliError::file(out, e))?;
    Ok(PseudonymiseReport {
        file: path.display().to_string(),
        out: out.display().to_string(),
        receipts: report.receipts,
        emptied_records: report.emptied_records,
    })
}

/// `kenpo log verify --json`.
#[derive(Debug, Clone, Serialize)]
pub struct LogReport {
    /// The file.
    pub file: String,
    /// Entries read.
    pub entries: usize,
    /// `true` when every MAC, link and sequence number holds and the log ends at its anchor.
    pub intact: bool,
    /// `true` when every entry is sealed with the key (HMAC-SHA-256).
    pub keyed: bool,
    /// What was verified: keyed, unkeyed and legacy entries, anchored or not.
    pub sealing: Option<String>,
    /// The first bad entry (its position in the log), when not intact.
    pub first_bad_entry: Option<u64>,
    /// What the verifier found, when not intact.
    pub problem: Option<String>,
}

/// The key of `--key-file`, if given.
pub fn read_key(key_file: Option<&Path>) -> Result<Option<LogKey>, CliError> {
    key_file
        .map(|p| LogKey::from_file(p).map_err(|e| CliError::flag("--key-file", e)))
        .transpose()
}

/// Verifies a JSON-lines access log file against its anchor (and key). A line that is not an
/// entry, a missing or unreadable anchor and an unusable key are errors (exit 2); a log that
/// does not verify is a report with `intact: false` (exit 1).
///
/// Several files are one log, read in the order given (the monthly files of `kenpo run`).
pub fn verify_log(
    paths: &[PathBuf],
    anchor: &Path,
    key_file: Option<&Path>,
) -> Result<LogReport, CliError> {
    let key = read_key(key_file)?;
    let mut entries = Vec::new();
    for path in paths {
        if !path.exists() {
            return Err(CliError::file(path, "no such file"));
        }
        entries.extend(read_log_file(path).map_err(|e| CliError::file(path, e))?);
    }
    let anchor = Anchor::read(anchor).map_err(|e| CliError::flag("--anchor", e))?;
    let result = verify_with(
        &entries,
        &VerifyOptions {
            key: key.as_ref(),
            anchor: Some(&anchor),
        },
    );
    Ok(LogReport {
        file: paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" + "),
        entries: entries.len(),
        intact: result.is_ok(),
        keyed: result.as_ref().is_ok_and(VerifyReport::is_keyed),
        sealing: result.as_ref().ok().map(VerifyReport::describe),
        first_bad_entry: result.as_ref().err().and_then(VerifyError::first_bad_entry),
        problem: result.err().map(|e| e.to_string()),
    })
}

/// `kenpo log anchor`: writes the anchor of a log that verifies (to adopt a log written before
/// anchors existed). Refuses to overwrite an anchor.
pub fn anchor_log(
    path: &Path,
    anchor: &Path,
    key_file: Option<&Path>,
) -> Result<LogReport, CliError> {
    if anchor.exists() {
        return Err(CliError::flag(
            "--anchor",
            format!(
                "{} exists: an anchor is never overwritten by hand",
                anchor.display()
            ),
        ));
    }
    let key = read_key(key_file)?;
    let entries = read_log_file(path).map_err(|e| CliError::file(path, e))?;
    let report = verify_with(
        &entries,
        &VerifyOptions {
            key: key.as_ref(),
            anchor: None,
        },
    )
    .map_err(|e| CliError::file(path, format!("does not verify: {e}")))?;
    let written = Anchor::after(
        entries.last().map(|e| (e.seq, e.mac)),
        key.as_ref().filter(|_| report.keyed > 0).map(LogKey::id),
    );
    written
        .write(anchor)
        .map_err(|e| CliError::flag("--anchor", e))?;
    Ok(LogReport {
        file: path.display().to_string(),
        entries: entries.len(),
        intact: true,
        keyed: report.is_keyed(),
        sealing: Some(report.describe()),
        first_bad_entry: None,
        problem: None,
    })
}

/// `kenpo access decide --json`.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionReport {
    /// `permit` or `deny`.
    pub outcome: &'static str,
    /// The purpose asked for.
    pub purpose: String,
    /// The recipient asked for.
    pub recipient: String,
    /// The fields granted (empty when denied).
    pub fields: Vec<&'static str>,
    /// Why it was denied.
    pub reason: Option<String>,
    /// The decision's sequence number in the log.
    pub log_seq: Option<u64>,
    /// Whether the log the decision went to is keyed (`None`: no log file, in memory only).
    pub log_keyed: Option<bool>,
    /// Each step of the decision.
    pub steps: Vec<String>,
}

/// One access request, as the command line gives it.
#[derive(Debug, Clone)]
pub struct DecideInput<'a> {
    /// Purpose id (`A8`, `C10`, `E1`, …).
    pub purpose: &'a str,
    /// Recipient id (`clinic`, `system_vendor`, …).
    pub recipient: &'a str,
    /// Field ids.
    pub fields: &'a [String],
    /// The subject, `SYMBOL:NUMBER:BRANCH`.
    pub member: &'a str,
    /// The member master file the subject is read from.
    pub master: &'a Path,
    /// Who asks (a staff id).
    pub actor: &'a str,
    /// When.
    pub at: NaiveDateTime,
    /// The requesting clinic or insurer was confirmed.
    pub requester_confirmed: bool,
    /// The subject applied (A12, C9).
    pub subject_applied: bool,
    /// The clinic's or insurer's name, for the log and the provision record.
    pub counterparty: Option<&'a str>,
    /// A JSON-lines log to append to (else an in-memory log).
    pub log: Option<&'a Path>,
    /// The log's anchor (required with `log`).
    pub anchor: Option<&'a Path>,
    /// The log's key file.
    pub key_file: Option<&'a Path>,
}

/// Parses `SYMBOL:NUMBER:BRANCH`.
pub fn parse_member(text: &str) -> Result<MemberKey, CliError> {
    let parts: Vec<&str> = text.split(':').collect();
    let [symbol, number, branch] = parts.as_slice() else {
        return Err(CliError::flag(
            "--member",
            "expected SYMBOL:NUMBER:BRANCH (e.g. 10:123:00)",
        ));
    };
    MemberKey::parse(symbol, number, branch).map_err(|e| CliError::flag("--member", e))
}

/// Decides one request about one member of the master against the default catalog.
pub fn decide(input: &DecideInput<'_>) -> Result<DecisionReport, CliError> {
    let catalog = Catalog::default_catalog();
    let purpose = catalog.purpose(input.purpose).ok_or_else(|| {
        CliError::flag(
            "--purpose",
            format!("no purpose {:?} in the catalog", input.purpose),
        )
    })?;
    let recipient = catalog.recipient(input.recipient).ok_or_else(|| {
        CliError::flag(
            "--recipient",
            format!("no recipient {:?} in the catalog", input.recipient),
        )
    })?;
    let mut fields = FieldSet::of(&[]);
    for id in input.fields {
        let f = Field::from_id(id.trim())
            .ok_or_else(|| CliError::flag("--fields", format!("no field {id:?}")))?;
        fields = fields.with(f);
    }
    let key = parse_member(input.member)?;
    let master = load_master(input.master)?;
    let subject = SubjectRecord::from_master(&master, &key, input.at.date()).ok_or_else(|| {
        CliError::flag(
            "--member",
            format!("{} is not in the member master", key.masked()),
        )
    })?;
    let subjects = [subject];
    let actor = Actor::staff(input.actor);
    let mut request = Request::new(&actor, purpose, recipient, &subjects, fields, input.at);
    if input.requester_confirmed {
        request = request.requester_confirmed();
    }
    if input.subject_applied {
        request = request.subject_applied();
    }
    if let Some(name) = input.counterparty {
        request = request.counterparty(name);
    }
    let key = read_key(input.key_file)?;
    let keyed = key.is_some();
    let mut memory = MemoryLog::new();
    let mut file_log;
    let log: &mut dyn AccessLog = match (input.log, input.anchor) {
        (Some(path), Some(anchor)) => {
            file_log = JsonLinesLog::open_with(
                path,
                LogOptions {
                    key,
                    anchor: Some(anchor.to_path_buf()),
                },
            )
            .map_err(|e| CliError::flag("--log", e))?;
            &mut file_log
        }
        (Some(_), None) => {
            return Err(CliError::flag(
                "--anchor",
                "a log needs its anchor (--anchor FILE, kept apart from the log)",
            ))
        }
        (None, _) => &mut memory,
    };
    let steps = |e: &kenpo_domain::explanation::Explanation| {
        e.steps()
            .iter()
            .map(|s| format!("{}: {}", s.label, s.detail))
            .collect()
    };
    let log_keyed = input.log.map(|_| keyed);
    Ok(match catalog.decide(&request, log) {
        Ok(permit) => DecisionReport {
            outcome: "permit",
            purpose: input.purpose.to_owned(),
            recipient: input.recipient.to_owned(),
            fields: permit.fields().iter().map(Field::id).collect(),
            reason: None,
            log_seq: Some(permit.log_seq()),
            log_keyed,
            steps: steps(permit.explanation()),
        },
        Err(denial) => {
            if denial.reason == DenialReason::LogFailed {
                return Err(CliError::flag(
                    "--log",
                    "the access log could not record the decision",
                ));
            }
            DecisionReport {
                outcome: "deny",
                purpose: input.purpose.to_owned(),
                recipient: input.recipient.to_owned(),
                fields: Vec::new(),
                reason: Some(denial.reason.to_string()),
                log_seq: None,
                log_keyed,
                steps: steps(&denial.explanation),
            }
        }
    })
}

/// `kenpo access dispose --json`.
#[derive(Debug, Clone, Serialize)]
pub struct DisposalReport {
    /// The day of the run.
    pub on: chrono::NaiveDate,
    /// Households removed.
    pub households: usize,
    /// Persons removed.
    pub persons: usize,
    /// Their pseudonyms, as the log now names them.
    pub pseudonyms: Vec<String>,
    /// Mentions of their keys replaced in the log.
    pub log_mentions_pseudonymised: usize,
    /// The disposal record's sequence number (none when nobody was due).
    pub log_seq: Option<u64>,
}

/// Runs the disposal of the persons whose retention period has ended, then saves the master.
pub fn dispose(
    master_path: &Path,
    log_path: &Path,
    anchor: &Path,
    key_file: Option<&Path>,
    at: NaiveDateTime,
) -> Result<DisposalReport, CliError> {
    let catalog = Catalog::default_catalog();
    let mut master = load_master(master_path)?;
    let key = read_key(key_file)?;
    let mut log = JsonLinesLog::open_with(
        log_path,
        LogOptions {
            key,
            anchor: Some(anchor.to_path_buf()),
        },
    )
    .map_err(|e| CliError::flag("--log", e))?;
    let outcome = catalog
        .dispose_persons(&mut master, &mut log, at)
        .map_err(|e| match e {
            DisposalError::EmptyMaster => CliError::file(master_path, e),
            other => CliError::flag("--log", other),
        })?;
    if outcome.households > 0 {
        save_master(&master, master_path)?;
    }
    Ok(DisposalReport {
        on: at.date(),
        households: outcome.households,
        persons: outcome.persons.len(),
        pseudonyms: outcome.persons.iter().map(ToString::to_string).collect(),
        log_mentions_pseudonymised: outcome.log_mentions_pseudonymised,
        log_seq: outcome.log_seq,
    })
}
