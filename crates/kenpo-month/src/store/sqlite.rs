//! The default store: one SQLite file (rusqlite, SQLite built in). The schema version is
//! SQLite's `user_version`; [`MIGRATIONS`] bring an older store up to [`SCHEMA_VERSION`] when
//! it is opened, a newer one is refused untouched. The journal mode is SQLite's rollback
//! journal, so a run that fails leaves the file byte for byte as it was.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use kenpo_domain::calendar::{FiscalYear, YearMonth};
use kenpo_domain::identifiers::MemberKey;
use kenpo_domain::member::{MemberEvent, MemberMaster, PersonRecord};
use kenpo_domain::notification::PayReport;
use kenpo_domain::society::SocietyConfig;
use kenpo_domain::standard_remuneration::Grade;
use kenpo_domain::Yen;

use super::{BatchInfo, MonthRecords, RunRecord, Store};
use crate::error::StoreError;
use crate::pipeline::{MonthOutcome, PendingClaim, PendingPay};
use crate::records::Fact;
use crate::state::{
    BonusRecord, CarriedState, GradeRecord, GradeSource, HighCostMonth, OutpatientRecord,
};

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 2;

/// The migrations, in order: entry `i` takes a store from version `i` to `i + 1`.
const MIGRATIONS: [&str; 2] = [
    // 1: the tables.
    "
    CREATE TABLE society_config (version INTEGER PRIMARY KEY, toml TEXT NOT NULL, json TEXT NOT NULL);
    CREATE TABLE import_batches (id INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, kind TEXT NOT NULL,
        file TEXT NOT NULL, sha256 TEXT NOT NULL, rows INTEGER NOT NULL, rejected INTEGER NOT NULL);
    CREATE TABLE runs (id INTEGER PRIMARY KEY, month TEXT NOT NULL, version INTEGER NOT NULL,
        last_batch INTEGER NOT NULL, superseded_by INTEGER REFERENCES runs(id), summary TEXT NOT NULL,
        UNIQUE (month, version));
    CREATE TABLE member_events (id INTEGER PRIMARY KEY, batch_id INTEGER REFERENCES import_batches(id),
        run_id INTEGER REFERENCES runs(id), position TEXT NOT NULL, effective TEXT NOT NULL,
        kind TEXT NOT NULL, member_key TEXT NOT NULL, event TEXT NOT NULL);
    CREATE TABLE persons (member_key TEXT PRIMARY KEY, record TEXT NOT NULL);
    CREATE TABLE pay_reports (id INTEGER PRIMARY KEY, batch_id INTEGER NOT NULL REFERENCES import_batches(id),
        position TEXT NOT NULL, month TEXT NOT NULL, kind TEXT NOT NULL, member_key TEXT NOT NULL,
        report TEXT NOT NULL, taken_by INTEGER REFERENCES runs(id));
    CREATE TABLE facts (id INTEGER PRIMARY KEY, batch_id INTEGER NOT NULL REFERENCES import_batches(id),
        position TEXT NOT NULL, kind TEXT NOT NULL, member_key TEXT NOT NULL, month TEXT NOT NULL,
        fact TEXT NOT NULL, taken_by INTEGER REFERENCES runs(id));
    CREATE TABLE grade_decisions (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),
        member_key TEXT NOT NULL, source TEXT NOT NULL, grade INTEGER NOT NULL,
        standard_monthly INTEGER NOT NULL, remuneration INTEGER, effective_from TEXT NOT NULL,
        decided_in TEXT NOT NULL, payment TEXT NOT NULL);
    CREATE TABLE high_cost_months (run_id INTEGER NOT NULL REFERENCES runs(id), household TEXT NOT NULL,
        month TEXT NOT NULL, refund INTEGER NOT NULL, additional INTEGER NOT NULL,
        outpatient_only INTEGER NOT NULL, borne INTEGER NOT NULL, many_times INTEGER NOT NULL);
    CREATE TABLE outpatient_months (run_id INTEGER NOT NULL REFERENCES runs(id), person TEXT NOT NULL,
        month TEXT NOT NULL, category TEXT NOT NULL, borne INTEGER NOT NULL);
    CREATE TABLE bonuses (run_id INTEGER NOT NULL REFERENCES runs(id), member_key TEXT NOT NULL,
        paid_on TEXT NOT NULL, standard INTEGER NOT NULL, cumulative INTEGER NOT NULL);
    CREATE TABLE benefits_paid (run_id INTEGER NOT NULL REFERENCES runs(id), decision TEXT NOT NULL,
        record TEXT NOT NULL);
    CREATE TABLE access_log (seq INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),
        entry TEXT NOT NULL);
    CREATE TABLE premium_lines (run_id INTEGER NOT NULL REFERENCES runs(id), member_key TEXT NOT NULL,
        office TEXT, base TEXT NOT NULL, charge TEXT NOT NULL, standard INTEGER NOT NULL,
        total TEXT NOT NULL, employee INTEGER NOT NULL, employer TEXT NOT NULL, care INTEGER NOT NULL);
    CREATE TABLE employer_notices (run_id INTEGER NOT NULL REFERENCES runs(id), office TEXT NOT NULL,
        total INTEGER NOT NULL, employee_total INTEGER NOT NULL, employer_total INTEGER NOT NULL,
        notice TEXT NOT NULL);
    CREATE TABLE findings (run_id INTEGER NOT NULL REFERENCES runs(id), rule TEXT NOT NULL,
        file TEXT NOT NULL, line INTEGER NOT NULL, receipt INTEGER NOT NULL, member_key TEXT);
    CREATE TABLE high_cost_paid (run_id INTEGER NOT NULL REFERENCES runs(id), household TEXT NOT NULL,
        month TEXT NOT NULL, high_cost INTEGER NOT NULL, additional INTEGER NOT NULL,
        paid_now INTEGER NOT NULL, many_times INTEGER NOT NULL);
    CREATE TABLE settlements (run_id INTEGER NOT NULL REFERENCES runs(id), kind TEXT NOT NULL,
        subject TEXT NOT NULL, period_from TEXT NOT NULL, counted INTEGER NOT NULL, cap INTEGER,
        refund INTEGER NOT NULL);
    CREATE TABLE cash_benefits (run_id INTEGER NOT NULL REFERENCES runs(id), kind TEXT NOT NULL,
        member_key TEXT NOT NULL, decision TEXT NOT NULL, amount INTEGER NOT NULL, outcome TEXT NOT NULL);
    ",
    // 2: indexes for the month's look-ups.
    "
    CREATE INDEX member_events_effective ON member_events (effective);
    CREATE INDEX pay_reports_month ON pay_reports (month, taken_by);
    CREATE INDEX facts_kind ON facts (kind, month);
    CREATE INDEX high_cost_months_month ON high_cost_months (month);
    ",
];

/// The SQLite store.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
}

/// The text form of a key in the store: 記号, 番号 and 枝番 separated by U+001F.
pub(crate) fn key_text(k: &MemberKey) -> String {
    format!(
        "{}\u{1f}{}\u{1f}{}",
        k.symbol.as_str(),
        k.number.as_str(),
        k.branch.as_str()
    )
}

fn key_of(text: &str) -> Result<MemberKey, StoreError> {
    let mut p = text.split('\u{1f}');
    let (s, n, b) = (
        p.next().unwrap_or(""),
        p.next().unwrap_or(""),
        p.next().unwrap_or(""),
    );
    MemberKey::parse(s, n, b).map_err(|e| corrupt("member key", e))
}

fn corrupt(what: &'static str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        what,
        problem: e.to_string(),
    }
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Backend(e.to_string()))
}

fn month_of(text: &str) -> Result<YearMonth, StoreError> {
    text.parse().map_err(|e| corrupt("month", e))
}

impl SqliteStore {
    /// Opens (or creates) the store at `path`, migrating an older schema; a store of a newer
    /// schema is refused and left as it is.
    ///
    /// # Errors
    /// [`StoreError::SchemaTooNew`], [`StoreError::Locked`], [`StoreError::Backend`].
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        let conn = Connection::open(path)?;
        Self::with_connection(conn)
    }

    /// A store in memory (tests).
    ///
    /// # Errors
    /// As [`SqliteStore::open`].
    pub fn in_memory() -> Result<SqliteStore, StoreError> {
        Self::with_connection(Connection::open_in_memory()?)
    }

    fn with_connection(mut conn: Connection) -> Result<SqliteStore, StoreError> {
        // No waiting: a store held by another run is reported at once.
        conn.busy_timeout(std::time::Duration::ZERO)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::SchemaTooNew {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version < SCHEMA_VERSION {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            for (i, sql) in MIGRATIONS
                .iter()
                .enumerate()
                .skip(usize::try_from(version).unwrap_or(0))
            {
                tx.execute_batch(sql)?;
                tx.pragma_update(None, "user_version", i64::try_from(i + 1).unwrap_or(0))?;
            }
            tx.commit()?;
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        Ok(SqliteStore { conn })
    }

    /// The schema version of the store.
    ///
    /// # Errors
    /// [`StoreError::Backend`].
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn live_runs(&self, except: Option<i64>) -> String {
        format!(
            "(SELECT id FROM runs WHERE superseded_by IS NULL AND id IS NOT {})",
            except.map_or_else(|| "NULL".to_owned(), |e| e.to_string())
        )
    }
}

impl Store for SqliteStore {
    fn begin(&mut self) -> Result<(), StoreError> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }

    fn commit(&mut self) -> Result<(), StoreError> {
        self.conn.execute_batch("COMMIT")?;
        Ok(())
    }

    fn rollback(&mut self) -> Result<(), StoreError> {
        if !self.conn.is_autocommit() {
            self.conn.execute_batch("ROLLBACK")?;
        }
        Ok(())
    }

    fn save_config(&mut self, text: &str, config: &SocietyConfig) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO society_config (toml, json) VALUES (?1, ?2)",
            params![text, json(config)?],
        )?;
        Ok(())
    }

    fn config(&self) -> Result<SocietyConfig, StoreError> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT json FROM society_config ORDER BY version DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let text = text.ok_or(StoreError::NotInitialised)?;
        serde_json::from_str(&text).map_err(|e| corrupt("society configuration", e))
    }

    fn master(&self) -> Result<MemberMaster, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT record FROM persons ORDER BY member_key")?;
        let mut rows = stmt.query([])?;
        let mut records: Vec<PersonRecord> = Vec::new();
        while let Some(row) = rows.next()? {
            let text: String = row.get(0)?;
            records.push(serde_json::from_str(&text).map_err(|e| corrupt("person record", e))?);
        }
        Ok(MemberMaster::from(records))
    }

    fn record_batch(&mut self, b: &BatchInfo) -> Result<i64, StoreError> {
        self.conn.execute(
            "INSERT INTO import_batches (recorded_at, kind, file, sha256, rows, rejected) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![b.recorded_at, b.kind, b.file, b.sha256, b.rows as i64, b.rejected as i64],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    fn last_batch(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(id), 0) FROM import_batches", [], |r| {
                r.get(0)
            })?)
    }

    fn record_events(
        &mut self,
        batch: Option<i64>,
        run: Option<i64>,
        events: &[(String, MemberEvent)],
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO member_events (batch_id, run_id, position, effective, kind, member_key, event) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (position, e) in events {
            stmt.execute(params![
                batch,
                run,
                position,
                event_date(e).map(|d| d.to_string()).unwrap_or_default(),
                e.kind(),
                key_text(e.key()),
                json(e)?
            ])?;
        }
        Ok(())
    }

    fn save_persons(&mut self, records: &[&PersonRecord]) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT OR REPLACE INTO persons (member_key, record) VALUES (?1, ?2)",
        )?;
        for r in records {
            stmt.execute(params![key_text(r.key()), json(r)?])?;
        }
        Ok(())
    }

    fn record_pay(
        &mut self,
        batch: i64,
        reports: &[(String, PayReport)],
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO pay_reports (batch_id, position, month, kind, member_key, report) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (position, r) in reports {
            stmt.execute(params![
                batch,
                position,
                r.month().to_string(),
                r.kind(),
                key_text(r.key()),
                json(r)?
            ])?;
        }
        Ok(())
    }

    fn record_facts(&mut self, batch: i64, facts: &[(String, Fact)]) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO facts (batch_id, position, kind, member_key, month, fact) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (position, f) in facts {
            let month = f.claim_month().unwrap_or_else(|| YearMonth::of(f.date()));
            stmt.execute(params![
                batch,
                position,
                f.kind(),
                key_text(f.key()),
                month.to_string(),
                json(f)?
            ])?;
        }
        Ok(())
    }

    fn runs(&self) -> Result<Vec<RunRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, month, version, last_batch, summary, superseded_by FROM runs ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<i64>>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, month, version, last_batch, summary, superseded_by) = row?;
            out.push(RunRecord {
                id,
                month: month_of(&month)?,
                version: u32::try_from(version).unwrap_or(0),
                last_batch,
                summary,
                superseded_by,
            });
        }
        Ok(out)
    }

    fn state(&self, except: Option<i64>) -> Result<CarriedState, StoreError> {
        let live = self.live_runs(except);
        let last_month = self
            .conn
            .query_row(
                &format!("SELECT MAX(month) FROM runs WHERE id IN {live}"),
                [],
                |r| r.get::<_, Option<String>>(0),
            )?
            .map(|m| month_of(&m))
            .transpose()?;
        let mut state = CarriedState {
            last_month,
            ..CarriedState::default()
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT member_key, source, standard_monthly, remuneration, effective_from, decided_in, payment
             FROM grade_decisions WHERE run_id IN {live} ORDER BY id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let key = key_of(&r.get::<_, String>(0)?)?;
            let source: String = r.get(1)?;
            let g = GradeRecord {
                key: key.clone(),
                source: GradeSource::from_id(&source)
                    .ok_or_else(|| corrupt("grade source", &source))?,
                grade: Grade::from_standard_monthly(Yen::new(r.get(2)?))
                    .map_err(|e| corrupt("grade", e))?,
                remuneration: r.get::<_, Option<i64>>(3)?.map(Yen::new),
                effective_from: month_of(&r.get::<_, String>(4)?)?,
                decided_in: month_of(&r.get::<_, String>(5)?)?,
                payment: serde_json::from_str(&r.get::<_, String>(6)?)
                    .map_err(|e| corrupt("payment", e))?,
            };
            state.grades.entry(key).or_default().push(g);
        }
        let mut stmt = self.conn.prepare(&format!(
            "SELECT household, month, refund, additional, outpatient_only, borne, many_times
             FROM high_cost_months WHERE run_id IN {live} ORDER BY month, household"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let h = HighCostMonth {
                household: key_of(&r.get::<_, String>(0)?)?,
                month: month_of(&r.get::<_, String>(1)?)?,
                refund: Yen::new(r.get(2)?),
                additional: Yen::new(r.get(3)?),
                outpatient_only: r.get(4)?,
                borne: Yen::new(r.get(5)?),
                many_times: r.get(6)?,
            };
            state
                .high_cost
                .entry(h.household.clone())
                .or_default()
                .push(h);
        }
        let mut stmt = self.conn.prepare(&format!(
            "SELECT person, month, category, borne FROM outpatient_months WHERE run_id IN {live} ORDER BY month, person"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let o = OutpatientRecord {
                person: key_of(&r.get::<_, String>(0)?)?,
                month: month_of(&r.get::<_, String>(1)?)?,
                category: serde_json::from_str(&r.get::<_, String>(2)?)
                    .map_err(|e| corrupt("category", e))?,
                borne: Yen::new(r.get(3)?),
            };
            state
                .outpatient
                .entry(o.person.clone())
                .or_default()
                .push(o);
        }
        let mut stmt = self.conn.prepare(&format!(
            "SELECT member_key, paid_on, standard, cumulative FROM bonuses WHERE run_id IN {live} ORDER BY paid_on, rowid"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let b = BonusRecord {
                key: key_of(&r.get::<_, String>(0)?)?,
                paid_on: r
                    .get::<_, String>(1)?
                    .parse()
                    .map_err(|e| corrupt("bonus date", e))?,
                standard: Yen::new(r.get(2)?),
                cumulative: Yen::new(r.get(3)?),
            };
            state.bonuses.entry(b.key.clone()).or_default().push(b);
        }
        // Benefits paid stay paid, superseded or not: a correction must not pay them again.
        let mut stmt = self
            .conn
            .prepare("SELECT record FROM benefits_paid ORDER BY rowid")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            state.benefits.push(
                serde_json::from_str(&r.get::<_, String>(0)?)
                    .map_err(|e| corrupt("benefit record", e))?,
            );
        }
        // The log is append-only across versions.
        state.log_head = self
            .conn
            .query_row(
                "SELECT entry FROM access_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .map(|t| serde_json::from_str(&t).map_err(|e| corrupt("access log entry", e)))
            .transpose()?;
        Ok(state)
    }

    fn month_records(
        &self,
        month: YearMonth,
        except: Option<i64>,
    ) -> Result<MonthRecords, StoreError> {
        let m = month.to_string();
        let untaken = format!(
            "(taken_by IS NULL OR taken_by IS {})",
            except.map_or_else(|| "NULL".to_owned(), |e| e.to_string())
        );
        let mut out = MonthRecords::default();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT position, report FROM pay_reports WHERE month <= ?1 AND {untaken} ORDER BY member_key, month, id"
        ))?;
        let mut rows = stmt.query([&m])?;
        while let Some(r) = rows.next()? {
            out.pay.push(PendingPay {
                position: r.get(0)?,
                report: serde_json::from_str(&r.get::<_, String>(1)?)
                    .map_err(|e| corrupt("pay report", e))?,
            });
        }
        let fy_first = FiscalYear::of_month(month).first_month().to_string();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT position, kind, fact, month, {untaken} FROM facts ORDER BY id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let position: String = r.get(0)?;
            let kind: String = r.get(1)?;
            let fact: Fact =
                serde_json::from_str(&r.get::<_, String>(2)?).map_err(|e| corrupt("fact", e))?;
            let fact_month: String = r.get(3)?;
            let open: bool = r.get(4)?;
            match kind.as_str() {
                "sickness_claim" | "childbirth_claim" | "burial_claim" => {
                    if open && fact_month <= m {
                        out.claims.push(PendingClaim {
                            position,
                            claim: fact,
                        });
                    }
                }
                "checkup" => {
                    if fact_month >= fy_first && fact_month <= m {
                        out.facts.new_checkups |= open;
                        out.facts.add(fact);
                    }
                }
                _ => out.facts.add(fact),
            }
        }
        let mut stmt = self.conn.prepare(
            "SELECT kind, COUNT(*) FROM member_events WHERE substr(effective, 1, 7) = ?1 AND batch_id IS NOT NULL GROUP BY kind",
        )?;
        let mut rows = stmt.query([&m])?;
        while let Some(r) = rows.next()? {
            out.events_by_kind
                .insert(r.get(0)?, usize::try_from(r.get::<_, i64>(1)?).unwrap_or(0));
        }
        if let Some(e) = except {
            let mut stmt = self.conn.prepare(
                "SELECT household, month, SUM(paid_now) FROM high_cost_paid WHERE run_id IN
                 (SELECT id FROM runs WHERE month = (SELECT month FROM runs WHERE id = ?1)) GROUP BY household, month",
            )?;
            let mut rows = stmt.query([e])?;
            while let Some(r) = rows.next()? {
                out.already_paid.insert(
                    (
                        key_of(&r.get::<_, String>(0)?)?,
                        month_of(&r.get::<_, String>(1)?)?,
                    ),
                    Yen::new(r.get(2)?),
                );
            }
        }
        Ok(out)
    }

    fn save_run(
        &mut self,
        month: YearMonth,
        version: u32,
        replaces: Option<i64>,
        outcome: &MonthOutcome,
        summary: &str,
    ) -> Result<i64, StoreError> {
        let m = month.to_string();
        let last_batch = self.last_batch()?;
        self.conn.execute(
            "INSERT INTO runs (month, version, last_batch, summary) VALUES (?1, ?2, ?3, ?4)",
            params![m, i64::from(version), last_batch, summary],
        )?;
        let run = self.conn.last_insert_rowid();
        if let Some(old) = replaces {
            self.conn.execute(
                "UPDATE runs SET superseded_by = ?1 WHERE id = ?2",
                params![run, old],
            )?;
        }
        let untaken = format!(
            "(taken_by IS NULL OR taken_by IS {})",
            replaces.map_or_else(|| "NULL".to_owned(), |e| e.to_string())
        );
        self.conn.execute(
            &format!("UPDATE pay_reports SET taken_by = ?1 WHERE month <= ?2 AND {untaken}"),
            params![run, m],
        )?;
        self.conn.execute(
            &format!(
                "UPDATE facts SET taken_by = ?1 WHERE month <= ?2 AND {untaken}
                 AND kind IN ('sickness_claim', 'childbirth_claim', 'burial_claim', 'checkup')"
            ),
            params![run, m],
        )?;
        let events: Vec<(String, MemberEvent)> = outcome
            .events
            .iter()
            .map(|e| (format!("run {m}"), e.clone()))
            .collect();
        self.record_events(None, Some(run), &events)?;
        let d = &outcome.delta;
        let tx = &self.conn;
        {
            let mut s = tx.prepare_cached(
                "INSERT INTO grade_decisions (run_id, member_key, source, grade, standard_monthly, remuneration, effective_from, decided_in, payment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for g in &d.grades {
                s.execute(params![
                    run,
                    key_text(&g.key),
                    g.source.id(),
                    i64::from(g.grade.number),
                    g.grade.standard_monthly.get(),
                    g.remuneration.map(Yen::get),
                    g.effective_from.to_string(),
                    g.decided_in.to_string(),
                    json(&g.payment)?
                ])?;
            }
            let mut s = tx.prepare_cached(
                "INSERT INTO high_cost_months (run_id, household, month, refund, additional, outpatient_only, borne, many_times) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for h in &d.high_cost {
                s.execute(params![
                    run,
                    key_text(&h.household),
                    h.month.to_string(),
                    h.refund.get(),
                    h.additional.get(),
                    h.outpatient_only,
                    h.borne.get(),
                    h.many_times
                ])?;
            }
            let mut s = tx.prepare_cached(
                "INSERT INTO outpatient_months (run_id, person, month, category, borne) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for o in &d.outpatient {
                s.execute(params![
                    run,
                    key_text(&o.person),
                    o.month.to_string(),
                    json(&o.category)?,
                    o.borne.get()
                ])?;
            }
            let mut s = tx.prepare_cached(
                "INSERT INTO bonuses (run_id, member_key, paid_on, standard, cumulative) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for b in &d.bonuses {
                s.execute(params![
                    run,
                    key_text(&b.key),
                    b.paid_on.to_string(),
                    b.standard.get(),
                    b.cumulative.get()
                ])?;
            }
            let mut s = tx.prepare_cached(
                "INSERT INTO benefits_paid (run_id, decision, record) VALUES (?1, ?2, ?3)",
            )?;
            for b in &d.benefits {
                s.execute(params![run, b.decision().as_str(), json(b)?])?;
            }
            let mut s = tx.prepare_cached(
                "INSERT INTO access_log (seq, run_id, entry) VALUES (?1, ?2, ?3)",
            )?;
            for e in &d.log {
                s.execute(params![
                    i64::try_from(e.seq).unwrap_or(i64::MAX),
                    run,
                    json(e)?
                ])?;
            }
        }
        let r = &outcome.results;
        {
            let mut s = tx.prepare_cached(
                "INSERT INTO premium_lines (run_id, member_key, office, base, charge, standard, total, employee, employer, care) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            for p in &r.premiums {
                s.execute(params![
                    run,
                    key_text(&p.key),
                    p.office.as_ref().map(|o| o.as_str().to_owned()),
                    p.base,
                    p.charge,
                    p.standard.get(),
                    p.total.to_string(),
                    p.employee.get(),
                    p.employer.to_string(),
                    p.care
                ])?;
            }
            let mut s = tx.prepare_cached(
                "INSERT INTO employer_notices (run_id, office, total, employee_total, employer_total, notice) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for n in &r.notices {
                s.execute(params![
                    run,
                    n.office.as_str(),
                    n.total.get(),
                    n.employee_total.get(),
                    n.employer_total.get(),
                    json(n)?
                ])?;
            }
            let mut s = tx.prepare_cached(
                "INSERT INTO findings (run_id, rule, file, line, receipt, member_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for f in &r.receipts.findings {
                s.execute(params![
                    run,
                    f.rule,
                    f.file,
                    i64::try_from(f.line).unwrap_or(i64::MAX),
                    i64::try_from(f.receipt).unwrap_or(i64::MAX),
                    f.person.as_ref().map(key_text)
                ])?;
            }
            let mut s = tx.prepare_cached(
                "INSERT INTO high_cost_paid (run_id, household, month, high_cost, additional, paid_now, many_times) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for h in &r.high_cost {
                s.execute(params![
                    run,
                    key_text(&h.household),
                    h.month.to_string(),
                    h.high_cost.get(),
                    h.additional.get(),
                    h.paid_now.get(),
                    h.many_times
                ])?;
            }
            let mut s = tx.prepare_cached(
                "INSERT INTO settlements (run_id, kind, subject, period_from, counted, cap, refund) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for x in &r.settlements {
                s.execute(params![
                    run,
                    x.kind,
                    key_text(&x.subject),
                    x.period_from.to_string(),
                    x.counted.get(),
                    x.cap.map(Yen::get),
                    x.refund.get()
                ])?;
            }
            let mut s = tx.prepare_cached(
                "INSERT INTO cash_benefits (run_id, kind, member_key, decision, amount, outcome) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for c in &r.cash_benefits {
                s.execute(params![
                    run,
                    c.kind,
                    key_text(&c.key),
                    c.decision,
                    c.amount.get(),
                    c.outcome
                ])?;
            }
        }
        Ok(run)
    }
}

/// The date an event takes effect.
fn event_date(e: &MemberEvent) -> Option<chrono::NaiveDate> {
    Some(match e {
        MemberEvent::Acquisition { acquired, .. } => *acquired,
        MemberEvent::DependentAdded { recognized, .. } => *recognized,
        MemberEvent::DependentRemoved { lost, .. } | MemberEvent::Loss { lost, .. } => *lost,
        MemberEvent::Change { effective, .. } => *effective,
        _ => return None,
    })
}
