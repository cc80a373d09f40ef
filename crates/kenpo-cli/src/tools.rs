//! `kenpo receipts check`, `kenpo access decide` and `kenpo log verify`: file checks and one
//! access decision, through the library's public API. Each returns a serialisable report and
//! whether it found something (exit code 1).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use kenpo_domain::access::log::{verify, LogEntry};
use kenpo_domain::access::{
    AccessLog, Actor, Catalog, Field, FieldSet, JsonLinesLog, MemoryLog, Request, SubjectRecord,
};
use kenpo_domain::identifiers::MemberKey;
use kenpo_domain::member::{MemberEvent, MemberMaster};
use kenpo_domain::person::{PersonName, Sex};
use kenpo_domain::receipt::checks::{CheckOptions, Checker};
use kenpo_domain::receipt::{ReadSummary, ReaderOptions, ReceiptReader};
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
    /// The file.
    pub file: String,
    /// Receipts in the file, parsed, rejected.
    pub receipts_in_file: u64,
    /// Parsed without error.
    pub parsed: u64,
    /// Rejected by the reader.
    pub rejected: u64,
    /// `parsed + rejected == receipts_in_file`.
    pub accounted: bool,
    /// Parsed receipts by kind: `医科/入院外/本人` style keys (branch/setting/category).
    pub by_kind: BTreeMap<String, u64>,
    /// Total points read.
    pub points: i64,
    /// Whether a member master was given (then the C1/C2/C5 checks ran).
    pub checked_against_master: bool,
    /// Findings by rule id.
    pub findings_by_rule: BTreeMap<String, usize>,
    /// Every finding and reader error.
    pub lines: Vec<ReportLine>,
}

impl ReceiptsReport {
    /// `true` when something is reported (exit code 1).
    pub fn has_findings(&self) -> bool {
        !self.lines.is_empty() || !self.accounted
    }
}

/// Reads a member master file: the master's JSON (a list of person records) or a JSON list of
/// notifications (member events) applied in order.
pub fn load_master(path: &Path) -> Result<MemberMaster, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| CliError::file(path, e))?;
    if let Ok(master) = serde_json::from_str::<MemberMaster>(&text) {
        return Ok(master);
    }
    let events: Vec<MemberEvent> = serde_json::from_str(&text).map_err(|e| {
        CliError::file(
            path,
            format!("neither a member master nor a list of notifications: {e}"),
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

/// Reads `path` with the streaming reader; with a master, runs the checks.
pub fn check_receipts(
    path: &Path,
    master: Option<&MemberMaster>,
    config: &SocietyConfig,
) -> Result<ReceiptsReport, CliError> {
    let file = File::open(path).map_err(|e| CliError::file(path, e))?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut reader = ReceiptReader::new(BufReader::new(file), ReaderOptions::new(name.clone()));
    let file_name: Arc<str> = Arc::from(name.as_str());
    let mut checker = match (master, &config.insurer_number) {
        (Some(m), Some(insurer)) => Some(Checker::new(
            CheckOptions::new(insurer.clone(), config.name.clone()),
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
    let mut by_kind: BTreeMap<String, u64> = BTreeMap::new();
    let mut lines = Vec::new();
    for item in reader.by_ref() {
        match item {
            Ok(r) => {
                let key = format!(
                    "{:?}/{:?}/{:?}",
                    r.kind.branch(),
                    r.kind.setting(),
                    r.kind.category()
                )
                .to_lowercase();
                *by_kind.entry(key).or_default() += 1;
                if let Some(c) = checker.as_mut() {
                    c.check(&file_name, &r);
                }
            }
            Err(e) => lines.push(ReportLine {
                rule: "reader.error".into(),
                line: 0,
                index: 0,
                ja: "読み取れないレセプト".into(),
                en: e.to_string(),
            }),
        }
    }
    let summary: ReadSummary = reader.into_summary();
    let mut findings = summary.findings.clone();
    if let Some(c) = checker {
        findings.extend(c.finish());
    }
    for e in &summary.file_errors {
        lines.push(ReportLine {
            rule: "reader.file_error".into(),
            line: 0,
            index: 0,
            ja: "ファイルの誤り".into(),
            en: e.to_string(),
        });
    }
    let mut findings_by_rule = BTreeMap::new();
    for f in &findings {
        *findings_by_rule.entry(f.rule.id().to_owned()).or_default() += 1;
        lines.push(ReportLine {
            rule: f.rule.id().to_owned(),
            line: f.position.map_or(0, |p| p.line),
            index: f.position.map_or(0, |p| p.index),
            ja: f.ja.clone(),
            en: f.en.clone(),
        });
    }
    Ok(ReceiptsReport {
        file: name,
        receipts_in_file: summary.receipts_in_file,
        parsed: summary.parsed,
        rejected: summary.rejected,
        accounted: summary.is_accounted(),
        by_kind,
        points: summary.points_read.get(),
        checked_against_master: master.is_some(),
        findings_by_rule,
        lines,
    })
}

/// `kenpo log verify --json`.
#[derive(Debug, Clone, Serialize)]
pub struct LogReport {
    /// The file.
    pub file: String,
    /// Entries read.
    pub entries: usize,
    /// `true` when every hash, link and sequence number holds.
    pub intact: bool,
    /// What the verifier found, when not intact.
    pub problem: Option<String>,
}

/// Verifies a JSON-lines access log file.
pub fn verify_log(path: &Path) -> Result<LogReport, CliError> {
    let file = File::open(path).map_err(|e| CliError::file(path, e))?;
    let mut entries = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| CliError::file(path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let entry: LogEntry = serde_json::from_str(&line)
            .map_err(|_| CliError::file(path, format!("line {}: not a log entry", i + 1)))?;
        entries.push(entry);
    }
    let result = verify(&entries);
    Ok(LogReport {
        file: path.display().to_string(),
        entries: entries.len(),
        intact: result.is_ok(),
        problem: result.err().map(|e| e.to_string()),
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
    /// The subject's date of birth (for age conditions and derived ages).
    pub birth: NaiveDate,
    /// When.
    pub at: NaiveDateTime,
    /// The requesting clinic or insurer was confirmed.
    pub requester_confirmed: bool,
    /// The subject applied (A12, C9).
    pub subject_applied: bool,
    /// A JSON-lines log to append to (else an in-memory log).
    pub log: Option<&'a Path>,
}

/// Decides one request about one (invented) subject against the default catalog.
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
    let key = MemberKey::parse("1", "1", "00").map_err(|e| CliError::demo("access", e))?;
    let name = PersonName::new("見本 太郎").map_err(|e| CliError::demo("access", e))?;
    let subjects = [SubjectRecord::new(key, name, input.birth, Sex::Male)];
    let actor = Actor::staff("cli");
    let mut request = Request::new(&actor, purpose, recipient, &subjects, fields, input.at);
    if input.requester_confirmed {
        request = request.requester_confirmed();
    }
    if input.subject_applied {
        request = request.subject_applied();
    }
    let mut memory = MemoryLog::new();
    let mut file_log;
    let log: &mut dyn AccessLog = match input.log {
        Some(path) => {
            file_log = JsonLinesLog::open(path).map_err(|e| CliError::flag("--log", e))?;
            &mut file_log
        }
        None => &mut memory,
    };
    let steps = |e: &kenpo_domain::explanation::Explanation| {
        e.steps()
            .iter()
            .map(|s| format!("{}: {}", s.label, s.detail))
            .collect()
    };
    Ok(match catalog.decide(&request, log) {
        Ok(permit) => DecisionReport {
            outcome: "permit",
            purpose: input.purpose.to_owned(),
            recipient: input.recipient.to_owned(),
            fields: permit.fields().iter().map(Field::id).collect(),
            reason: None,
            log_seq: Some(permit.log_seq()),
            steps: steps(permit.explanation()),
        },
        Err(denial) => DecisionReport {
            outcome: "deny",
            purpose: input.purpose.to_owned(),
            recipient: input.recipient.to_owned(),
            fields: Vec::new(),
            reason: Some(denial.reason.to_string()),
            log_seq: None,
            steps: steps(&denial.explanation),
        },
    })
}
