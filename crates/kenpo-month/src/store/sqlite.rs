//! The default store: one SQLite file (rusqlite, SQLite built in). The schema version is
//! SQLite's `user_version`; [`MIGRATIONS`] bring an older store up to [`SCHEMA_VERSION`] when
//! it is opened, a newer one is refused untouched. The journal mode is SQLite's rollback
//! journal, so a run that fails leaves the file byte for byte as it was.
//!
//! What a run takes (pay reports, claims, checkup results) is not marked on the rows: a row is
//! taken by the first live run after its import whose month reaches the row's month. Live
//! runs follow each other in month order and each records the last import batch it saw, so a
//! row of batch `b` and month `m` is still open after the last live run `R` exactly when
//! `m > R.month` or `b > R.last_batch` (a correction of `R` reads the runs before it). Marking
//! rows made the first month of a large society rewrite (and journal) every pay report.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use kenpo_domain::access::LogEntry;
use kenpo_domain::calendar::{FiscalYear, YearMonth};
use kenpo_domain::checkup::lists::MemberCheckup;
use kenpo_domain::identifiers::MemberKey;
use kenpo_domain::member::{MemberEvent, MemberMaster, PersonRecord};
use kenpo_domain::notification::PayReport;
use kenpo_domain::premium::PaymentMethod;
use kenpo_domain::society::SocietyConfig;
use kenpo_domain::standard_remuneration::Grade;
use kenpo_domain::Yen;

use super::persons::{self, date_int, enum_text, int_date, Names};
use super::{BatchInfo, MonthRecords, RunRecord, Store};
use crate::error::StoreError;
use crate::pipeline::{MonthOutcome, PendingClaim, PendingPay};
use crate::records::Fact;
use crate::state::{
    BonusRecord, CarriedState, GradeRecord, GradeSource, HighCostMonth, OutpatientRecord,
};

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 3;

/// One step of the schema: SQL, or a step that also moves data.
enum Migration {
    Sql(&'static str),
    Code(fn(&Transaction<'_>) -> Result<(), StoreError>),
}

/// The migrations, in order: entry `i` takes a store from version `i` to `i + 1`.
const MIGRATIONS: [Migration; 3] = [
    Migration::Sql(SCHEMA_1),
    Migration::Sql(SCHEMA_2),
    Migration::Code(migrate_3),
];

const SCHEMA_1: &str =
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
    ";

/// 2: indexes for the month's look-ups.
const SCHEMA_2: &str = "
    CREATE INDEX member_events_effective ON member_events (effective);
    CREATE INDEX pay_reports_month ON pay_reports (month, taken_by);
    CREATE INDEX facts_kind ON facts (kind, month);
    CREATE INDEX high_cost_months_month ON high_cost_months (month);
    ";

/// 3: the member master in typed columns ([`persons`]) instead of a JSON document per person;
/// the pay reports' figures in typed columns beside their JSON; what a run took derived from
/// the runs instead of marked on each row (see the module notes).
fn migrate_3(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute_batch(persons::SCHEMA)?;
    let mut records: Vec<PersonRecord> = Vec::new();
    {
        let mut stmt = tx.prepare("SELECT record FROM persons ORDER BY member_key")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let text: String = row.get(0)?;
            records.push(serde_json::from_str(&text).map_err(|e| corrupt("person record", e))?);
        }
    }
    let refs: Vec<&PersonRecord> = records.iter().collect();
    persons::save(tx, &refs)?;
    tx.execute_batch(
        "
        DROP TABLE persons;
        CREATE TABLE pay_reports_3 (id INTEGER PRIMARY KEY,
            batch_id INTEGER NOT NULL REFERENCES import_batches(id), position TEXT NOT NULL,
            month TEXT NOT NULL, kind TEXT NOT NULL, member_key TEXT NOT NULL, report TEXT NOT NULL,
            amount INTEGER, day INTEGER, effective_from TEXT, payment TEXT);
        INSERT INTO pay_reports_3 (id, batch_id, position, month, kind, member_key, report)
            SELECT id, batch_id, position, month, kind, member_key, report FROM pay_reports;
        DROP TABLE pay_reports;
        ALTER TABLE pay_reports_3 RENAME TO pay_reports;
        CREATE INDEX pay_reports_open ON pay_reports (month, batch_id);
        CREATE TABLE facts_3 (id INTEGER PRIMARY KEY,
            batch_id INTEGER NOT NULL REFERENCES import_batches(id), position TEXT NOT NULL,
            kind TEXT NOT NULL, member_key TEXT NOT NULL, month TEXT NOT NULL, fact TEXT NOT NULL);
        INSERT INTO facts_3 (id, batch_id, position, kind, member_key, month, fact)
            SELECT id, batch_id, position, kind, member_key, month, fact FROM facts;
        DROP TABLE facts;
        ALTER TABLE facts_3 RENAME TO facts;
        CREATE INDEX facts_kind ON facts (kind, month, batch_id);
        ",
    )?;
    let mut reports: Vec<(i64, PayReport)> = Vec::new();
    {
        let mut stmt = tx.prepare("SELECT id, report FROM pay_reports")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let text: String = row.get(1)?;
            reports.push((
                row.get(0)?,
                serde_json::from_str(&text).map_err(|e| corrupt("pay report", e))?,
            ));
        }
    }
    let mut update = tx.prepare(
        "UPDATE pay_reports SET amount = ?2, day = ?3, effective_from = ?4, payment = ?5 WHERE id = ?1",
    )?;
    for (id, r) in &reports {
        let t = PayColumns::of(r)?;
        update.execute(params![id, t.amount, t.day, t.effective_from, t.payment])?;
    }
    Ok(())
}

/// The figures of a pay report kept in typed columns (opening grades, acquisitions and bonuses:
/// the reports a month takes by the hundred thousand); the others are read from their JSON.
struct PayColumns {
    amount: Option<i64>,
    day: Option<i64>,
    effective_from: Option<String>,
    payment: Option<String>,
}

impl PayColumns {
    fn of(r: &PayReport) -> Result<PayColumns, StoreError> {
        Ok(match r {
            PayReport::Acquisition {
                acquired,
                amount,
                payment,
                ..
            } => PayColumns {
                amount: Some(amount.get()),
                day: Some(date_int(*acquired)),
                effective_from: None,
                payment: Some(enum_text(payment)?),
            },
            PayReport::Bonus {
                paid_on, amount, ..
            } => PayColumns {
                amount: Some(amount.get()),
                day: Some(date_int(*paid_on)),
                effective_from: None,
                payment: None,
            },
            PayReport::Opening {
                standard_monthly,
                effective_from,
                payment,
                ..
            } => PayColumns {
                amount: Some(standard_monthly.get()),
                day: None,
                effective_from: Some(effective_from.to_string()),
                payment: Some(enum_text(payment)?),
            },
            _ => PayColumns {
                amount: None,
                day: None,
                effective_from: None,
                payment: None,
            },
        })
    }
}

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

/// The columns of a grade decision as [`grade_row`] reads them.
const GRADE_COLUMNS: &str =
    "member_key, source, standard_monthly, remuneration, effective_from, decided_in, payment";

/// A grade decision from a row of [`GRADE_COLUMNS`].
fn grade_row(
    r: &rusqlite::Row<'_>,
    payments: &mut Names<PaymentMethod>,
) -> Result<GradeRecord, StoreError> {
    let source: String = r.get(1)?;
    Ok(GradeRecord {
        key: key_of(r.get_ref(0)?.as_str()?)?,
        source: GradeSource::from_id(&source).ok_or_else(|| corrupt("grade source", &source))?,
        grade: Grade::from_standard_monthly(Yen::new(r.get(2)?))
            .map_err(|e| corrupt("grade", e))?,
        remuneration: r.get::<_, Option<i64>>(3)?.map(Yen::new),
        effective_from: month_of(&r.get::<_, String>(4)?)?,
        decided_in: month_of(&r.get::<_, String>(5)?)?,
        payment: payments.get_json(r.get_ref(6)?.as_str()?)?,
    })
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
            for (i, step) in MIGRATIONS
                .iter()
                .enumerate()
                .skip(usize::try_from(version).unwrap_or(0))
            {
                match step {
                    Migration::Sql(sql) => tx.execute_batch(sql)?,
                    // A fresh store has nothing to move: the tables only.
                    Migration::Code(f) => f(&tx)?,
                }
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

    /// Every grade decision on record for `key`, in the order made, each with the id of the run
    /// that made it ([`Store::runs`] tells its month, version and whether a correction has
    /// replaced it): a correction adds a version and keeps the old decisions. Reads the whole
    /// table of decisions: for looking a person up, not for a loop over the master.
    ///
    /// # Errors
    /// The store's errors; a damaged row.
    pub fn grade_decisions(&self, key: &MemberKey) -> Result<Vec<(i64, GradeRecord)>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {GRADE_COLUMNS}, run_id FROM grade_decisions WHERE member_key = ?1 ORDER BY id"
        ))?;
        let mut rows = stmt.query([key_text(key)])?;
        let mut payments = Names::new("payment");
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push((r.get(7)?, grade_row(r, &mut payments)?));
        }
        Ok(out)
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
        persons::load(&self.conn)
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
        persons::save(&self.conn, records)
    }

    fn record_pay(
        &mut self,
        batch: i64,
        reports: &[(String, PayReport)],
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO pay_reports (batch_id, position, month, kind, member_key, report, amount, day,
               effective_from, payment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for (position, r) in reports {
            let t = PayColumns::of(r)?;
            stmt.execute(params![
                batch,
                position,
                r.month().to_string(),
                r.kind(),
                key_text(r.key()),
                json(r)?,
                t.amount,
                t.day,
                t.effective_from,
                t.payment
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
            "SELECT {GRADE_COLUMNS} FROM grade_decisions WHERE run_id IN {live} ORDER BY id"
        ))?;
        let mut rows = stmt.query([])?;
        let mut payments = Names::new("payment");
        while let Some(r) = rows.next()? {
            let g = grade_row(r, &mut payments)?;
            state.grades.entry(g.key.clone()).or_default().push(g);
        }
        let mut stmt = self.conn.prepare(&format!(
            "SELECT household, month, refund, additional, outpatient_only, borne, many_times
             FROM high_cost_months WHERE run_id IN {live} ORDER BY month, household"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let h = HighCostMonth {
                household: key_of(r.get_ref(0)?.as_str()?)?,
                month: month_of(r.get_ref(1)?.as_str()?)?,
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
        let mut categories = Names::new("category");
        while let Some(r) = rows.next()? {
            let o = OutpatientRecord {
                person: key_of(r.get_ref(0)?.as_str()?)?,
                month: month_of(r.get_ref(1)?.as_str()?)?,
                category: categories.get_json(r.get_ref(2)?.as_str()?)?,
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
            .map(|t| LogEntry::from_line(&t).map_err(|e| corrupt("access log entry", e)))
            .transpose()?;
        Ok(state)
    }

    fn month_records(
        &self,
        month: YearMonth,
        except: Option<i64>,
    ) -> Result<MonthRecords, StoreError> {
        let m = month.to_string();
        // Rows still open after the last live run before this one (see the module notes).
        let (last_month, last_batch) = self
            .conn
            .query_row(
                "SELECT month, last_batch FROM runs WHERE superseded_by IS NULL AND id IS NOT ?1
                 ORDER BY id DESC LIMIT 1",
                [except],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
            )
            .optional()?
            .unwrap_or_default();
        let open =
            |row_month: &str, batch: i64| row_month > last_month.as_str() || batch > last_batch;
        let mut out = MonthRecords::default();
        // The open reports, by key, month and id. When they are most of the table (a society's
        // first month, a July), the table is read in its order rather than row by row through
        // the index, and sorted here.
        let open_reports: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM pay_reports WHERE month <= ?1 AND (month > ?2 OR batch_id > ?3)",
            params![m, last_month, last_batch],
            |r| r.get(0),
        )?;
        let all_reports: i64 =
            self.conn
                .query_row("SELECT COALESCE(MAX(id), 0) FROM pay_reports", [], |r| {
                    r.get(0)
                })?;
        let from = if open_reports * 4 > all_reports {
            "pay_reports NOT INDEXED"
        } else {
            "pay_reports"
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT position, kind, member_key, amount, day, effective_from, payment, report, month, id
             FROM {from} WHERE month <= ?1 AND (month > ?2 OR batch_id > ?3)"
        ))?;
        let mut rows = stmt.query(params![m, last_month, last_batch])?;
        let mut sorted: Vec<(YearMonth, i64, PendingPay)> = Vec::new();
        let mut payments = Names::new("payment");
        while let Some(r) = rows.next()? {
            let kind = r.get_ref(1)?.as_str()?;
            let mut typed = || -> Result<Option<PayReport>, StoreError> {
                let key = || key_of(r.get_ref(2)?.as_str()?);
                let amount = r.get::<_, Option<i64>>(3)?.map(Yen::new);
                let day = r.get::<_, Option<i64>>(4)?;
                let from = r.get_ref(5)?.as_str_or_null()?;
                let payment = r.get_ref(6)?.as_str_or_null()?;
                Ok(match (kind, amount, day, from, payment) {
                    ("opening", Some(standard_monthly), _, Some(from), Some(payment)) => {
                        Some(PayReport::Opening {
                            key: key()?,
                            standard_monthly,
                            effective_from: month_of(from)?,
                            payment: payments.get(payment)?,
                        })
                    }
                    ("acquisition", Some(amount), Some(day), _, Some(payment)) => {
                        Some(PayReport::Acquisition {
                            key: key()?,
                            acquired: int_date("acquisition date", day)?,
                            amount,
                            payment: payments.get(payment)?,
                        })
                    }
                    ("bonus", Some(amount), Some(day), _, _) => Some(PayReport::Bonus {
                        key: key()?,
                        paid_on: int_date("bonus date", day)?,
                        amount,
                    }),
                    _ => None,
                })
            };
            let report = match typed()? {
                Some(t) => t,
                None => serde_json::from_str(r.get_ref(7)?.as_str()?)
                    .map_err(|e| corrupt("pay report", e))?,
            };
            sorted.push((
                month_of(r.get_ref(8)?.as_str()?)?,
                r.get(9)?,
                PendingPay {
                    position: r.get(0)?,
                    report,
                },
            ));
        }
        sorted.sort_unstable_by(|a, b| {
            (a.2.report.key(), a.0, a.1).cmp(&(b.2.report.key(), b.0, b.1))
        });
        out.pay = sorted.into_iter().map(|(_, _, p)| p).collect();
        // Facts: leaves, tax status and certificates all; claims not yet taken.
        let mut stmt = self.conn.prepare(
            "SELECT position, kind, fact, month, batch_id FROM facts WHERE kind <> 'checkup' ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let kind = r.get_ref(1)?.as_str()?;
            let fact_month = r.get_ref(3)?.as_str()?;
            let is_claim = matches!(kind, "sickness_claim" | "childbirth_claim" | "burial_claim");
            if is_claim && !(open(fact_month, r.get(4)?) && fact_month <= m.as_str()) {
                continue;
            }
            let fact: Fact =
                serde_json::from_str(r.get_ref(2)?.as_str()?).map_err(|e| corrupt("fact", e))?;
            if is_claim {
                out.claims.push(PendingClaim {
                    position: r.get(0)?,
                    claim: fact,
                });
            } else {
                out.facts.add(fact);
            }
        }
        // The fiscal year's checkup results, read only when the month takes new ones (the
        // lists are made then and only then).
        let fy_first = FiscalYear::of_month(month).first_month().to_string();
        let new_checkups: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM facts WHERE kind = 'checkup' AND month >= ?1 AND month <= ?2
               AND (month > ?3 OR batch_id > ?4))",
            params![fy_first, m, last_month, last_batch],
            |r| r.get(0),
        )?;
        if new_checkups {
            out.facts.new_checkups = true;
            let mut stmt = self.conn.prepare(
                "SELECT fact FROM facts WHERE kind = 'checkup' AND month >= ?1 AND month <= ?2 ORDER BY id",
            )?;
            let mut rows = stmt.query(params![fy_first, m])?;
            while let Some(r) = rows.next()? {
                // A checkup's JSON is the tagged `Fact`: read as the checkup itself (the tag is
                // a field the checkup ignores), without buffering it first as a tagged enum is.
                let checkup: MemberCheckup = serde_json::from_str(r.get_ref(0)?.as_str()?)
                    .map_err(|e| corrupt("fact", e))?;
                out.facts.add(Fact::Checkup(checkup));
            }
        }
        let mut stmt = self.conn.prepare(
            "SELECT kind, COUNT(*) FROM member_events WHERE effective >= ?1 AND effective < ?2
             AND batch_id IS NOT NULL GROUP BY kind",
        )?;
        let mut rows = stmt.query(params![
            month.first_day().to_string(),
            month.next().first_day().to_string()
        ])?;
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
