//! [`Society`]: what a host calls — open a store, import the employers' files, run a month,
//! read the results. It keeps the member master and the carried state in memory between calls
//! and writes every change to the store in the same step, so a process that runs month after
//! month and one that opens the store afresh each month see the same data.

use std::collections::BTreeSet;
use std::time::Instant;

use sha2::{Digest, Sha256};

use kenpo_domain::calendar::YearMonth;
use kenpo_domain::identifiers::{BranchNumber, MemberKey};
use kenpo_domain::member::{MemberEvent, MemberMaster, PersonRecord, Role};
use kenpo_domain::notification::{
    self, read_csv, read_json, read_shfd, CsvKind, DependantChange, DependantNotice, JsonKind,
    Notification, PayReport, ReadBatch, RejectedRow,
};
use kenpo_domain::society::SocietyConfig;

use crate::error::{MonthError, StoreError};
use crate::pipeline::{
    run_month, MonthInput, MonthOutcome, Progress, ReceiptFile, RunOptions, StageTime,
};
use crate::records::Fact;
use crate::state::CarriedState;
use crate::store::{BatchInfo, SqliteStore, Store};

/// What a file brings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// The member master (`kenpo import --members`): the JSON the library writes
    /// (`MemberMaster`, a list of person records) or member events.
    Members,
    /// Employers' notifications and society records (`--notifications`): member events,
    /// facts (leaves, tax status, certificates, claims, checkups), and the 電子媒体 CSV.
    Notifications,
    /// Pay reports (`--pay`).
    Pay,
}

impl ImportKind {
    /// The name recorded.
    pub const fn id(self) -> &'static str {
        match self {
            ImportKind::Members => "members",
            ImportKind::Notifications => "notifications",
            ImportKind::Pay => "pay",
        }
    }
}

/// What an import took.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// Member events recorded.
    pub events: usize,
    /// Pay reports recorded.
    pub pay: usize,
    /// Facts recorded.
    pub facts: usize,
    /// Rows read that carry nothing for the health insurance.
    pub ignored: usize,
    /// Rows rejected (taken only with `accept_valid`: then every other row was taken).
    pub rejected: Vec<RejectedRow>,
}

/// What a run did.
#[derive(Debug)]
pub enum RunReport {
    /// The month was run (first time or a correction).
    Ran {
        /// The version of the month.
        version: u32,
        /// The outcome.
        outcome: Box<MonthOutcome>,
        /// The summary as stored.
        summary: String,
    },
    /// The month had already run on the same records: nothing was written.
    Unchanged {
        /// The stored summary.
        summary: String,
    },
}

/// A society's data, open: the store and, in memory, the member master and the state.
#[derive(Debug)]
pub struct Society<S: Store> {
    store: S,
    config: SocietyConfig,
    master: MemberMaster,
    state: CarriedState,
}

impl Society<SqliteStore> {
    /// Creates a store at `path` for the society configured by `toml` (TOML text).
    ///
    /// # Errors
    /// A configuration error ([`MonthError::Config`]), [`StoreError::AlreadyInitialised`], the
    /// store's errors.
    pub fn create(path: &std::path::Path, toml: &str) -> Result<Self, MonthError> {
        let store = SqliteStore::open(path)?;
        Self::init(store, toml)
    }

    /// Opens the store at `path`.
    ///
    /// # Errors
    /// The store's errors ([`StoreError::SchemaTooNew`], [`StoreError::NotInitialised`] …).
    pub fn open(path: &std::path::Path) -> Result<Self, MonthError> {
        if !path.exists() {
            return Err(StoreError::NotInitialised.into());
        }
        Self::load(SqliteStore::open(path)?)
    }
}

fn now() -> String {
    chrono::Local::now().format("%Y-%m-%dT%H:%M:%S").to_string()
}

impl<S: Store> Society<S> {
    /// Writes the configuration `toml` into an empty `store`.
    ///
    /// # Errors
    /// As [`Society::create`].
    pub fn init(mut store: S, toml: &str) -> Result<Self, MonthError> {
        let config =
            SocietyConfig::from_toml_str(toml).map_err(|e| MonthError::Config(e.to_string()))?;
        if config.insurer_number.is_none() {
            return Err(MonthError::Config(
                "insurer_number (保険者番号) is required: receipts are checked against it".into(),
            ));
        }
        match store.config() {
            Err(StoreError::NotInitialised) => {}
            Ok(_) => return Err(StoreError::AlreadyInitialised.into()),
            Err(e) => return Err(e.into()),
        }
        store.begin()?;
        if let Err(e) = store.save_config(toml, &config) {
            store.rollback()?;
            return Err(e.into());
        }
        store.commit()?;
        Ok(Society {
            store,
            config,
            master: MemberMaster::new(),
            state: CarriedState::default(),
        })
    }

    /// Opens a society already in `store`: reads the master and the state.
    ///
    /// # Errors
    /// The store's errors.
    pub fn load(store: S) -> Result<Self, MonthError> {
        let config = store.config()?;
        let master = store.master()?;
        let state = store.state(None)?;
        Ok(Society {
            store,
            config,
            master,
            state,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &SocietyConfig {
        &self.config
    }

    /// Closes the store and hands back the master and the state as they stand (a command that
    /// ends after a run may leave them to the process's exit instead of freeing half a million
    /// records one by one).
    pub fn into_memory(self) -> (MemberMaster, CarriedState) {
        let Society {
            store,
            master,
            state,
            ..
        } = self;
        drop(store);
        (master, state)
    }

    /// The member master as it stands.
    pub fn master(&self) -> &MemberMaster {
        &self.master
    }

    /// The state carried to the next month.
    pub fn state(&self) -> &CarriedState {
        &self.state
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The store, to write to it directly (tests, a host's own tables).
    pub fn store_mut(&mut self) -> &mut S {
        &mut self.store
    }

    /// Reads `bytes` of `file` as `kind` and records what it holds. A row that breaks a rule
    /// (a field, or a member event the master refuses) is rejected with its file, line, column
    /// and rule: then nothing is taken, unless `accept_valid` asks to take every other row
    /// (each rejection reported).
    ///
    /// # Errors
    /// [`MonthError::Rejected`], [`MonthError::File`], the store's errors.
    pub fn import(
        &mut self,
        kind: ImportKind,
        file: &str,
        bytes: &[u8],
        accept_valid: bool,
    ) -> Result<ImportReport, MonthError> {
        let (batch, facts) = read_file(kind, file, bytes)?;
        self.take(kind, file, bytes, batch, facts, accept_valid)
    }

    /// Records rows already read (the demo hands its generated rows in this way).
    ///
    /// # Errors
    /// As [`Society::import`].
    pub fn import_rows(
        &mut self,
        kind: ImportKind,
        file: &str,
        rows: Vec<Notification>,
        facts: Vec<Fact>,
    ) -> Result<ImportReport, MonthError> {
        let mut batch = ReadBatch::default();
        for (i, n) in rows.into_iter().enumerate() {
            batch.rows.push(notification::ReadRow {
                position: notification::RowPosition {
                    file: file.to_owned(),
                    line: i + 1,
                },
                notification: n,
            });
        }
        let facts = facts
            .into_iter()
            .enumerate()
            .map(|(i, f)| (format!("{file}:{}", i + 1), f))
            .collect();
        let digest = format!("{file}:{}", batch.rows.len());
        self.take(kind, file, digest.as_bytes(), batch, facts, false)
    }

    fn take(
        &mut self,
        kind: ImportKind,
        file: &str,
        bytes: &[u8],
        batch: ReadBatch,
        facts: Vec<(String, Fact)>,
        accept_valid: bool,
    ) -> Result<ImportReport, MonthError> {
        let mut report = ImportReport {
            rejected: batch.rejected,
            ignored: batch.ignored.len(),
            ..ImportReport::default()
        };
        // Member events are checked against the master as it will be: applied to a copy.
        let mut master = self.master.clone();
        let mut events: Vec<(String, MemberEvent)> = Vec::new();
        let mut pay: Vec<(String, PayReport)> = Vec::new();
        let mut touched: BTreeSet<MemberKey> = BTreeSet::new();
        for row in batch.rows {
            let position = format!("{}:{}", row.position.file, row.position.line);
            let event = match row.notification {
                Notification::Member(e) => e,
                Notification::Dependant(d) => match resolve_dependant(&master, &d) {
                    Ok(e) => e,
                    Err(problem) => {
                        report.rejected.push(rejection(
                            &row.position,
                            "notification.dependant",
                            problem,
                        ));
                        continue;
                    }
                },
                Notification::Pay(p) => {
                    pay.push((position, p));
                    continue;
                }
                _ => continue,
            };
            match master.apply(&event) {
                Ok(()) => {
                    touched.insert(event.key().clone());
                    events.push((position, event));
                }
                Err(e) => report
                    .rejected
                    .push(rejection(&row.position, e.rule(), e.to_string())),
            }
        }
        if !report.rejected.is_empty() && !accept_valid {
            return Err(MonthError::Rejected(report.rejected));
        }
        report.events = events.len();
        report.pay = pay.len();
        report.facts = facts.len();
        let info = BatchInfo {
            kind: kind.id().to_owned(),
            file: file.to_owned(),
            sha256: Sha256::digest(bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
            rows: events.len() + pay.len() + facts.len(),
            rejected: report.rejected.len(),
            recorded_at: now(),
        };
        let mut keys: BTreeSet<MemberKey> = BTreeSet::new();
        for k in &touched {
            keys.extend(
                master
                    .find_by_symbol_number(&k.symbol, &k.number)
                    .map(|r| r.key().clone()),
            );
        }
        let records: Vec<&PersonRecord> = keys.iter().filter_map(|k| master.record(k)).collect();
        self.store.begin()?;
        let written = (|| -> Result<(), StoreError> {
            let id = self.store.record_batch(&info)?;
            self.store.record_events(Some(id), None, &events)?;
            self.store.save_persons(&records)?;
            self.store.record_pay(id, &pay)?;
            self.store.record_facts(id, &facts)?;
            Ok(())
        })();
        match written {
            Ok(()) => self.store.commit()?,
            Err(e) => {
                self.store.rollback()?;
                return Err(e.into());
            }
        }
        self.master = master;
        Ok(report)
    }

    /// Runs `month` with its receipt files. The month must be the one after the last month
    /// run (or the first), or the last one again: then, when nothing was imported since, the
    /// run changes nothing and reports [`RunReport::Unchanged`]; otherwise it is a correction,
    /// a new version of the month (benefits already paid are not paid again).
    ///
    /// # Errors
    /// [`MonthError::OutOfOrder`], the pipeline's errors, the store's; on any error the store
    /// is left as it was.
    pub fn run(
        &mut self,
        month: YearMonth,
        receipts: &[ReceiptFile],
        options: &RunOptions,
        progress: &dyn Progress,
    ) -> Result<RunReport, MonthError> {
        self.store.begin()?;
        let result = self.run_locked(month, receipts, options, progress);
        match result {
            Ok(mut r) => {
                let started = Instant::now();
                if let RunReport::Unchanged { .. } = r {
                    self.store.rollback()?;
                } else {
                    self.store.commit()?;
                }
                if let RunReport::Ran { outcome, .. } = &mut r {
                    self.state.apply(&outcome.delta);
                    outcome.stages.push(StageTime::since(
                        "store: committed, state carried",
                        started,
                        0,
                    ));
                }
                Ok(r)
            }
            Err(e) => {
                self.store.rollback()?;
                // The master in memory may hold the month's 75th-birthday losses: read it back.
                self.master = self.store.master()?;
                Err(e)
            }
        }
    }

    fn run_locked(
        &mut self,
        month: YearMonth,
        receipts: &[ReceiptFile],
        options: &RunOptions,
        progress: &dyn Progress,
    ) -> Result<RunReport, MonthError> {
        let runs = self.store.runs()?;
        let live: Vec<_> = runs.iter().filter(|r| r.superseded_by.is_none()).collect();
        let last = live.iter().map(|r| r.month).max();
        let mut replaces = None;
        let mut version = 1;
        if let Some(last) = last {
            if month == last {
                let prev = live.iter().rev().find(|r| r.month == month).copied();
                if let Some(prev) = prev {
                    if self.store.last_batch()? == prev.last_batch {
                        return Ok(RunReport::Unchanged {
                            summary: prev.summary.clone(),
                        });
                    }
                    replaces = Some(prev.id);
                    version = prev.version + 1;
                }
            } else if month != last.next() {
                return Err(MonthError::OutOfOrder {
                    asked: month,
                    last,
                    next: last.next(),
                });
            }
        }
        let started = Instant::now();
        let state = if replaces.is_some() {
            self.store.state(replaces)?
        } else {
            self.state.clone()
        };
        let records = self.store.month_records(month, replaces)?;
        let read = StageTime::since(
            "store: month's records read",
            started,
            records.pay.len() + records.claims.len(),
        );
        let input = MonthInput {
            month,
            config: &self.config,
            pay: &records.pay,
            claims: &records.claims,
            facts: &records.facts,
            events_by_kind: records.events_by_kind.clone(),
            receipts,
            already_paid: records.already_paid.clone(),
        };
        let mut outcome = run_month(&input, &mut self.master, &state, options, progress)?;
        outcome.stages.insert(0, read);
        let started = Instant::now();
        let status = if replaces.is_some() {
            "correction"
        } else {
            "run"
        };
        let summary = serde_json::to_string(&outcome.results.summary(status, version))
            .map_err(|e| MonthError::rule("summary", e))?;
        let mut keys: BTreeSet<MemberKey> = BTreeSet::new();
        for e in &outcome.events {
            keys.extend(
                self.master
                    .find_by_symbol_number(&e.key().symbol, &e.key().number)
                    .map(|r| r.key().clone()),
            );
        }
        let records: Vec<&PersonRecord> =
            keys.iter().filter_map(|k| self.master.record(k)).collect();
        self.store.save_persons(&records)?;
        self.store
            .save_run(month, version, replaces, &outcome, &summary)?;
        let rows = outcome.results.premiums.len() + outcome.delta.grades.len();
        outcome
            .stages
            .push(StageTime::since("store: run written", started, rows));
        if replaces.is_some() {
            // The state of a correction is read back from the store (the old version's rows
            // left out) when the report is applied.
            self.state = state;
        }
        Ok(RunReport::Ran {
            version,
            outcome: Box::new(outcome),
            summary,
        })
    }
}

fn rejection(
    position: &notification::RowPosition,
    rule: &'static str,
    problem: String,
) -> RejectedRow {
    RejectedRow {
        file: position.file.clone(),
        line: position.line,
        column: None,
        item: None,
        rule,
        problem,
    }
}

/// A 被扶養者(異動)届 entry made into a member event: an addition gets the next free 枝番 of the
/// household, a removal finds the dependant by birth date.
fn resolve_dependant(master: &MemberMaster, d: &DependantNotice) -> Result<MemberEvent, String> {
    let household: Vec<&PersonRecord> = master
        .find_by_symbol_number(&d.insured.symbol, &d.insured.number)
        .filter(|r| match r.role() {
            Role::Dependent { insured } => insured == &d.insured,
            _ => false,
        })
        .collect();
    match d.change {
        DependantChange::Added { recognized } => {
            let next = master
                .find_by_symbol_number(&d.insured.symbol, &d.insured.number)
                .map(|r| r.key().branch.as_str().parse::<u8>().unwrap_or(0))
                .max()
                .unwrap_or(0)
                .checked_add(1)
                .ok_or("no free 枝番 in the household")?;
            let branch = BranchNumber::from_value(next).map_err(|e| e.to_string())?;
            Ok(MemberEvent::DependentAdded {
                key: MemberKey::new(d.insured.symbol.clone(), d.insured.number.clone(), branch),
                recognized,
                identity: d.identity.clone(),
                relationship: d.relationship,
            })
        }
        DependantChange::Removed { lost, reason } => {
            let found = household
                .iter()
                .find(|r| r.birth_date() == Some(d.identity.birth_date))
                .ok_or("no dependant of the household has this birth date")?;
            Ok(MemberEvent::DependentRemoved {
                key: found.key().clone(),
                lost,
                reason,
            })
        }
    }
}

/// Reads a file by its content: JSON (an array or one object a line), the 電子媒体 CSV (its
/// second line is `[kanri]`), or the documented CSV.
fn read_file(
    kind: ImportKind,
    file: &str,
    bytes: &[u8],
) -> Result<(ReadBatch, Vec<(String, Fact)>), MonthError> {
    let head = bytes.iter().copied().find(|b| !b.is_ascii_whitespace());
    if matches!(head, Some(b'[' | b'{')) {
        let text = std::str::from_utf8(bytes).map_err(|_| MonthError::File {
            file: file.to_owned(),
            problem: "JSON must be UTF-8".into(),
        })?;
        return Ok(read_json_file(kind, file, text));
    }
    let second = bytes.split(|b| *b == b'\n').nth(1).map(|l| l.trim_ascii());
    if second == Some(b"[kanri]".as_slice()) {
        let (_, batch) = read_shfd(file, bytes);
        return Ok((batch, Vec::new()));
    }
    let csv_kind = match kind {
        ImportKind::Pay => CsvKind::PayReports,
        _ => CsvKind::MemberEvents,
    };
    Ok((read_csv(file, bytes, csv_kind), Vec::new()))
}

const MEMBER_TYPES: [&str; 6] = [
    "acquisition",
    "dependent_added",
    "dependent_removed",
    "change",
    "correction",
    "loss",
];

fn read_json_file(kind: ImportKind, file: &str, text: &str) -> (ReadBatch, Vec<(String, Fact)>) {
    match kind {
        ImportKind::Pay => return (read_json(file, text, JsonKind::PayReports), Vec::new()),
        ImportKind::Members => {
            // The master as the library writes it: a list of person records.
            if let Ok(master) = serde_json::from_str::<MemberMaster>(text) {
                if !master.is_empty() {
                    return (master_as_events(file, &master), Vec::new());
                }
            }
            return (read_json(file, text, JsonKind::MemberEvents), Vec::new());
        }
        ImportKind::Notifications => {}
    }
    let mut batch = ReadBatch::default();
    let mut facts = Vec::new();
    let mut member_lines = String::new();
    let mut member_line_numbers = Vec::new();
    for (line, value) in notification::objects(text) {
        let value = match value {
            Ok(v) => v,
            Err(e) => {
                batch.rejected.push(RejectedRow {
                    file: file.to_owned(),
                    line,
                    column: None,
                    item: None,
                    rule: "json.syntax",
                    problem: format!("not JSON: {e}"),
                });
                continue;
            }
        };
        let ty = value
            .get("type")
            .and_then(|t| t.as_str())
            .unwrap_or("")
            .to_owned();
        if MEMBER_TYPES.contains(&ty.as_str()) {
            member_lines.push_str(&value.to_string());
            member_lines.push('\n');
            member_line_numbers.push(line);
            continue;
        }
        match serde_json::from_value::<Fact>(value) {
            Ok(f) => facts.push((format!("{file}:{line}"), f)),
            Err(e) => batch.rejected.push(RejectedRow {
                file: file.to_owned(),
                line,
                column: None,
                item: Some(ty),
                rule: "json.record",
                problem: format!("not a valid record: {e}"),
            }),
        }
    }
    let mut members = read_json(file, &member_lines, JsonKind::MemberEvents);
    for r in &mut members.rows {
        r.position.line = member_line_numbers
            .get(r.position.line - 1)
            .copied()
            .unwrap_or(0);
    }
    for r in &mut members.rejected {
        r.line = member_line_numbers
            .get(r.line.wrapping_sub(1))
            .copied()
            .unwrap_or(0);
    }
    batch.rows.extend(members.rows);
    batch.rejected.extend(members.rejected);
    batch.rejected.sort_by_key(|r| r.line);
    (batch, facts)
}

/// A stored master replayed as events: each person's first version and periods as
/// acquisitions, recognitions and losses (later attribute versions as changes).
fn master_as_events(file: &str, master: &MemberMaster) -> ReadBatch {
    let mut dated: Vec<(chrono::NaiveDate, u8, MemberEvent)> = Vec::new();
    for r in master.persons() {
        let Some(first) = r.versions().first() else {
            continue;
        };
        for p in r.periods() {
            let start = match r.role() {
                Role::Insured => MemberEvent::Acquisition {
                    key: r.key().clone(),
                    acquired: p.acquired,
                    identity: first.identity.clone(),
                    office: match &first.office {
                        Some(o) => o.clone(),
                        None => continue,
                    },
                },
                Role::Dependent { .. } => MemberEvent::DependentAdded {
                    key: r.key().clone(),
                    recognized: p.acquired,
                    identity: first.identity.clone(),
                    relationship: match first.relationship {
                        Some(rel) => rel,
                        None => continue,
                    },
                },
            };
            dated.push((p.acquired, if r.is_dependent() { 1 } else { 0 }, start));
            if let (Some(lost), Some(reason)) = (p.lost, p.reason) {
                let end = match r.role() {
                    Role::Insured => MemberEvent::Loss {
                        key: r.key().clone(),
                        lost,
                        reason,
                    },
                    Role::Dependent { .. } => {
                        if reason == kenpo_domain::member::LossReason::InsuredLoss {
                            continue;
                        }
                        MemberEvent::DependentRemoved {
                            key: r.key().clone(),
                            lost,
                            reason,
                        }
                    }
                };
                dated.push((lost, if r.is_dependent() { 2 } else { 3 }, end));
            }
        }
    }
    dated.sort_by_key(|a| (a.0, a.1));
    let mut batch = ReadBatch::default();
    for (i, (_, _, e)) in dated.into_iter().enumerate() {
        batch.rows.push(notification::ReadRow {
            position: notification::RowPosition {
                file: file.to_owned(),
                line: i + 1,
            },
            notification: Notification::Member(e),
        });
    }
    batch
}
