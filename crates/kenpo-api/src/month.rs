//! The society's monthly run on its own data ([`kenpo_month`]) as an object, [`SocietyStore`]:
//! a store (an SQLite file, SQLite built in) created from a society configuration or opened,
//! the employers' files imported into it, a month run on it with the payment fund's receipt
//! files, and a receipt file checked against its member master.
//!
//! What a call gives back is what an operator acts on: an import reports every row it
//! rejected (file, line, column, rule) and whether it took the file; a run reports the month's
//! counts and yen totals per stage and where its results are kept (the store, the run's id and
//! the result tables keyed by it). Files cross as bytes, never inside JSON.
//!
//! The store allows one writer at a time: a second run or import meanwhile is refused at once
//! with `StoreLocked` (281); a run that fails leaves the store as it was.
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use kenpo_month::store::{SqliteStore, Store};
use kenpo_month::{self as km, MonthError};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::code::ResultCode;
use crate::error::{count, KenpoError, KenpoResult};
use crate::receipt::{self, ReceiptFileReport};
use crate::scalar::PlainMonth;

mirror_enum! {
    /// What an import file brings.
    pub enum ImportKind => km::ImportKind {
        /// The member master: the JSON the library writes (a list of person records), member
        /// events (JSON, the documented CSV) or the 電子媒体 files (SHFD0006).
        Members,
        /// Employers' notifications and the society's records: member events, leaves, tax
        /// status, certificates, benefit claims, checkup results.
        Notifications,
        /// Pay reports (算定基礎届, 月額変更届, 賞与支払届).
        Pay,
    }
}

/// A row of an import file that was not taken, and why (never the row's values).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RejectedRow {
    /// The file.
    pub file: String,
    /// One-based line.
    pub line: i64,
    /// One-based column (item number), when one column is at fault.
    pub column: Option<i64>,
    /// The column's name (項目名), when known.
    pub item: Option<String>,
    /// The rule broken, a stable id (`"notification.date"`, `"member.aged_75_or_over"` …).
    pub rule: String,
    /// Why, in words.
    pub problem: String,
}

impl From<&kenpo_domain::notification::RejectedRow> for RejectedRow {
    fn from(r: &kenpo_domain::notification::RejectedRow) -> Self {
        RejectedRow {
            file: r.file.clone(),
            line: count(r.line),
            column: r.column.map(count),
            // A JSON row's item is its `type`, as the file wrote it: kept only when it is a
            // plain word (a kind name), never free text.
            item: r.item.clone().filter(|i| {
                i.chars().count() <= 32
                    && !i.chars().any(|c| c.is_ascii_digit() || c.is_whitespace())
            }),
            rule: r.rule.to_owned(),
            problem: without_values(&r.problem),
        }
    }
}

/// A reader's problem without any value of the row: serde's messages (a JSON record of the
/// wrong shape) and readers' messages may quote one.
fn without_values(problem: &str) -> String {
    if let Some(serde_message) = problem.strip_prefix("not a valid record: ") {
        return format!("not a valid record: {}", crate::json::safe(serde_message));
    }
    if problem.contains(['`', '"']) {
        let head = problem.split(['`', '"']).next().unwrap_or_default().trim();
        format!("{head} (a value is not valid here)")
    } else {
        problem.to_owned()
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ImportReport {
    /// The file's name as given.
    pub file: String,
    /// What it was imported as.
    pub kind: ImportKind,
    /// `true` when the file was taken. A file with a rejected row is taken only with
    /// `accept_valid` (then every other row was taken); otherwise nothing was.
    pub taken: bool,
    /// Member events recorded.
    pub events: i64,
    /// Pay reports recorded.
    pub pay_reports: i64,
    /// Other records (leaves, tax status, certificates, claims, checkups) recorded.
    pub facts: i64,
    /// Rows read that carry nothing for the health insurance.
    pub ignored: i64,
    /// Every row rejected, in file order.
    pub rejected: Vec<RejectedRow>,
}

/// A receipt file of a month: its name (shown in findings) and its bytes as the payment fund
/// sent them.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NamedFile {
    /// The file's name.
    pub name: String,
    /// The bytes.
    pub data: Vec<u8>,
}

/// How a month's run went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum RunStatus {
    /// The month was run for the first time.
    Run,
    /// The month was run again on changed records: a new version, the old one superseded.
    Correction,
    /// The month had already run on the same records: nothing was written.
    Unchanged,
}

/// One figure of a stage (`"total_yen"`, `"households_paid"` …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct StageFigure {
    /// The figure's name; names ending in `_yen` are whole yen, the others counts.
    pub name: String,
    /// The figure.
    pub value: i64,
}

/// The figures of one stage of the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct StageSummary {
    /// The stage (`"premiums"`, `"notices"`, `"receipts"`, `"high_cost"`, `"settlements"`,
    /// `"cash_benefits"`, `"expense_notices"`, `"access"`, `"grades"`, `"notifications"`).
    pub stage: String,
    /// Its counts and yen totals, by name.
    pub figures: Vec<StageFigure>,
}

/// The outcome of a month's run: the summary, and where the results are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MonthRunReport {
    /// The premium month run (its receipts are of the month before).
    pub month: PlainMonth,
    /// Run, correction or unchanged.
    pub status: RunStatus,
    /// The version of the month (1 for the first run, 2 after a correction …).
    pub version: i32,
    /// Counts and yen totals per stage, by stage name.
    pub stages: Vec<StageSummary>,
    /// The store holding the results.
    pub store_path: String,
    /// The store's id of this run: the result tables hold its rows under `run_id`.
    pub run_id: i64,
    /// The store's tables holding the run's results (premium lines, notices, findings,
    /// 高額療養費 and 付加給付 paid, settlements, cash benefits, grade decisions, the access log).
    pub result_tables: Vec<String>,
}

/// The tables of the store that hold a run's results, keyed by `run_id`.
const RESULT_TABLES: [&str; 8] = [
    "premium_lines",
    "employer_notices",
    "grade_decisions",
    "findings",
    "high_cost_paid",
    "settlements",
    "cash_benefits",
    "access_log",
];

/// The summary as the store keeps it (`kenpo run --json`).
#[derive(Deserialize)]
struct StoredSummary {
    version: u32,
    stages: BTreeMap<String, BTreeMap<String, i64>>,
}

/// A society's data in a store, open: create it from a configuration or open it, import the
/// employers' files, run the months in order, check a receipt file against its member master.
/// `AutoCloseable` in Kotlin; a `kenpo_store` handle in C. Calls on one store are serialised.
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct SocietyStore {
    path: String,
    inner: Mutex<km::Society<SqliteStore>>,
    /// The key the runs seal the access log with (never stored).
    log_key: Mutex<Option<kenpo_domain::access::LogKey>>,
}

impl SocietyStore {
    fn lock(&self) -> KenpoResult<MutexGuard<'_, km::Society<SqliteStore>>> {
        self.inner.lock().map_err(|_| {
            KenpoError::internal("the store is unusable after an earlier internal error")
        })
    }

    fn new(path: String, society: km::Society<SqliteStore>) -> SocietyStore {
        SocietyStore {
            path,
            inner: Mutex::new(society),
            log_key: Mutex::new(None),
        }
    }

    /// [`SocietyStore::import_file`] on borrowed bytes (the C ABI's form: no copy of the file).
    ///
    /// # Errors
    /// As [`SocietyStore::import_file`].
    pub fn import_bytes(
        &self,
        kind: ImportKind,
        file_name: &str,
        data: &[u8],
        accept_valid: bool,
    ) -> KenpoResult<ImportReport> {
        let mut society = self.lock()?;
        let report = |taken, r: km::ImportReport| ImportReport {
            file: file_name.to_owned(),
            kind,
            taken,
            events: count(r.events),
            pay_reports: count(r.pay),
            facts: count(r.facts),
            ignored: count(r.ignored),
            rejected: r.rejected.iter().map(RejectedRow::from).collect(),
        };
        match society.import(kind.into(), file_name, data, accept_valid) {
            Ok(r) => Ok(report(true, r)),
            Err(MonthError::Rejected(rows)) => Ok(report(
                false,
                km::ImportReport {
                    rejected: rows,
                    ..km::ImportReport::default()
                },
            )),
            Err(e) => Err(e.into()),
        }
    }

    /// [`SocietyStore::check_receipt_file`] on borrowed bytes (the C ABI's form).
    ///
    /// # Errors
    /// As [`SocietyStore::check_receipt_file`].
    pub fn check_receipt_bytes(
        &self,
        file_name: &str,
        data: &[u8],
        keep_unknown_kinds: bool,
    ) -> KenpoResult<ReceiptFileReport> {
        let society = self.lock()?;
        receipt::check_receipts(
            society.config(),
            society.master(),
            file_name,
            data,
            keep_unknown_kinds,
        )
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl SocietyStore {
    /// Creates a store at `path` (a new file) for the society configured by `config_toml`
    /// (the TOML form of `examples/config/`; `insurer_number` is required, since receipts
    /// are matched to it).
    ///
    /// # Errors
    /// [`KenpoError::InvalidConfig`] (210) for a configuration that does not load or lacks the
    /// insurer number; [`KenpoError::Io`] (280) when a file already exists at `path` or the
    /// database cannot be created. A failed creation leaves no file behind.
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn create(path: String, config_toml: String) -> KenpoResult<SocietyStore> {
        let config = crate::Society::from_toml(config_toml.clone())?;
        if config.config().insurer_number.is_none() {
            return Err(KenpoError::InvalidConfig {
                code: ResultCode::InvalidSocietyConfig as i32,
                source_name: "society config (toml)".to_owned(),
                line: 0,
                column: 0,
                key: "insurer_number".to_owned(),
                detail: "required for a store: receipts are matched to it".to_owned(),
            });
        }
        let file = Path::new(&path);
        if file.exists() {
            return Err(KenpoError::Io {
                code: ResultCode::StoreUnusable as i32,
                detail: "a file already exists at the store's path: a store is created once"
                    .to_owned(),
            });
        }
        match km::Society::create(file, &config_toml) {
            Ok(society) => Ok(SocietyStore::new(path, society)),
            Err(e) => {
                let _ = std::fs::remove_file(file);
                Err(e.into())
            }
        }
    }

    /// Opens the store at `path` (the member master and the state carried between months are
    /// read into memory).
    ///
    /// # Errors
    /// [`KenpoError::Io`]: 280 when there is no kenpo store at `path`, it was written by a
    /// newer kenpo or is damaged; 281 when another run holds it.
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn open(path: String) -> KenpoResult<SocietyStore> {
        let society = km::Society::open(Path::new(&path))?;
        Ok(SocietyStore::new(path, society))
    }

    /// Imports the file `data` (named `file_name` in every rejection) as `kind`. A row that
    /// breaks a rule (a field, or a member event the master refuses) is rejected with its file,
    /// line, column and rule; then nothing is taken unless `accept_valid` asks to take every
    /// other row. Either way every rejected row is in the report.
    ///
    /// # Errors
    /// [`KenpoError::InvalidInput`] (282, field `data`) for a file that cannot be read at all;
    /// the store's errors (280, 281).
    pub fn import_file(
        &self,
        kind: ImportKind,
        file_name: String,
        data: Vec<u8>,
        accept_valid: bool,
    ) -> KenpoResult<ImportReport> {
        self.import_bytes(kind, &file_name, &data, accept_valid)
    }

    /// Runs `month` with the payment fund's receipt files of the month (the receipts of the
    /// month before): 75th-birthday losses, grades, premiums and employer notices, receipts
    /// read and checked, 高額療養費 and 付加給付 (多数回 from the stored months), the August
    /// settlements, cash benefits, 医療費通知 and the lists through the access log. Months run
    /// in order; running the last month again is a correction when something was imported
    /// since, and changes nothing otherwise. `accept_valid` takes the month even when a pay
    /// report or claim cannot be decided.
    ///
    /// # Errors
    /// [`KenpoError::Refused`] (300) for a month out of order or a record or rule that cannot
    /// be decided; [`KenpoError::InvalidInput`] (241, field `receipt_files`) for a receipt file
    /// of another claim month or insurer; the store's errors. On any error the store is left as
    /// it was.
    pub fn run_month(
        &self,
        month: PlainMonth,
        receipt_files: Vec<NamedFile>,
        accept_valid: bool,
    ) -> KenpoResult<MonthRunReport> {
        let files: Vec<km::ReceiptFile> = receipt_files
            .into_iter()
            .map(|f| km::ReceiptFile {
                name: f.name,
                bytes: f.data,
            })
            .collect();
        let log_key = self
            .log_key
            .lock()
            .map_err(|_| KenpoError::internal("the store's log key is unusable"))?
            .clone();
        let options = km::RunOptions {
            accept_valid,
            log_key,
            ..km::RunOptions::default()
        };
        let mut society = self.lock()?;
        let (status, summary) = match society.run(month.0, &files, &options, &km::NoProgress)? {
            km::RunReport::Ran {
                version, summary, ..
            } => (
                if version > 1 {
                    RunStatus::Correction
                } else {
                    RunStatus::Run
                },
                summary,
            ),
            km::RunReport::Unchanged { summary } => (RunStatus::Unchanged, summary),
        };
        let stored: StoredSummary = serde_json::from_str(&summary)
            .map_err(|e| KenpoError::internal(format!("reading the run's summary: {e}")))?;
        let run_id = society
            .store()
            .runs()
            .map_err(MonthError::from)?
            .iter()
            .filter(|r| r.month == month.0 && r.superseded_by.is_none())
            .map(|r| r.id)
            .max()
            .ok_or_else(|| KenpoError::internal("the run is not on record"))?;
        Ok(MonthRunReport {
            month,
            status,
            version: i32::try_from(stored.version).unwrap_or(i32::MAX),
            stages: stored
                .stages
                .into_iter()
                .map(|(stage, figures)| StageSummary {
                    stage,
                    figures: figures
                        .into_iter()
                        .map(|(name, value)| StageFigure { name, value })
                        .collect(),
                })
                .collect(),
            store_path: self.path.clone(),
            run_id,
            result_tables: RESULT_TABLES.iter().map(|t| (*t).to_owned()).collect(),
        })
    }

    /// Seals the access log of the following runs with `log_key` (bytes, at least 32; held by
    /// the host, never stored) instead of leaving it unkeyed. A store's log keeps the sealing
    /// it started with: once a run wrote a keyed log, every later run needs the same key.
    ///
    /// # Errors
    /// [`KenpoError::InvalidInput`] (261, field `log_key`) for a key shorter than 32 bytes.
    /// A wrong key shows at the next run ([`KenpoError::Integrity`], 301: the store's last log
    /// entry is not sealed with it), and nothing is written.
    pub fn set_log_key(&self, log_key: Vec<u8>) -> KenpoResult<()> {
        let key = kenpo_domain::access::LogKey::new(&log_key)?;
        *self
            .log_key
            .lock()
            .map_err(|_| KenpoError::internal("the store's log key is unusable"))? = Some(key);
        Ok(())
    }

    /// Reads the receipt file `data` (named `file_name`) and checks it against the store's
    /// member master as it stands, for the store's society (C0, C1, C2, C5; see
    /// [`crate::receipt::read_receipt_file`] for the report). Nothing is written to the store.
    pub fn check_receipt_file(
        &self,
        file_name: String,
        data: Vec<u8>,
        keep_unknown_kinds: bool,
    ) -> KenpoResult<ReceiptFileReport> {
        self.check_receipt_bytes(&file_name, &data, keep_unknown_kinds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "name = \"見本\"\ninsurer_number = \"06139992\"\n[[rates]]\neffective_from = \"2026-03\"\nvalue = { general = \"9.85%\", care = \"1.62%\" }\n";
    const MEMBER: &str = r#"{"type": "acquisition", "key": {"symbol": "AB12", "number": "1", "branch": "00"}, "acquired": "2020-04-01", "identity": {"name": "見本 太郎", "kana": "ミホン タロウ", "birth_date": "1980-05-02", "sex": "male", "address": "東京都千代田区千代田1-1"}, "office": "AB12"}"#;
    const PAY: &str = "種別,記号,番号,枝番,年月,金額\n従前標準報酬,AB12,1,00,2026-09,410000\n";

    fn error<T>(r: KenpoResult<T>) -> KenpoError {
        match r {
            Ok(_) => panic!("expected an error"),
            Err(e) => e,
        }
    }

    fn temp(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("kenpo-api-month-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn figure(r: &MonthRunReport, stage: &str, name: &str) -> i64 {
        r.stages
            .iter()
            .find(|s| s.stage == stage)
            .and_then(|s| s.figures.iter().find(|f| f.name == name))
            .map_or(-1, |f| f.value)
    }

    #[test]
    fn create_refuses_what_it_cannot_keep_and_leaves_no_file() {
        let dir = temp("create");
        let path = dir.join("s.sqlite").display().to_string();
        let no_insurer = CONFIG.replace("insurer_number = \"06139992\"\n", "");
        let e = error(SocietyStore::create(path.clone(), no_insurer));
        assert_eq!(e.code(), ResultCode::InvalidSocietyConfig);
        assert!(!Path::new(&path).exists());
        let store = SocietyStore::create(path.clone(), CONFIG.to_owned()).unwrap();
        drop(store);
        let again = error(SocietyStore::create(path.clone(), CONFIG.to_owned()));
        assert_eq!(again.code(), ResultCode::StoreUnusable);
        assert!(SocietyStore::open(path).is_ok());
        let missing = error(SocietyStore::open(
            dir.join("none.sqlite").display().to_string(),
        ));
        assert_eq!(missing.code(), ResultCode::StoreUnusable);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn import_and_run_a_month() {
        let dir = temp("run");
        let path = dir.join("s.sqlite").display().to_string();
        let store = SocietyStore::create(path.clone(), CONFIG.to_owned()).unwrap();
        let m = store
            .import_file(
                ImportKind::Members,
                "members.jsonl".into(),
                MEMBER.into(),
                false,
            )
            .unwrap();
        assert!(m.taken && m.events == 1 && m.rejected.is_empty());
        let bad = "種別,記号,番号,年月,金額\n従前標準報酬,AB12,9,2026-13,300000\n";
        let b = store
            .import_file(ImportKind::Pay, "bad.csv".into(), bad.into(), false)
            .unwrap();
        assert!(!b.taken);
        assert_eq!(b.rejected.len(), 1);
        assert_eq!((b.rejected[0].line, b.rejected[0].column), (2, Some(4)));
        assert!(!b.rejected[0].problem.contains("2026-13"));
        let p = store
            .import_file(ImportKind::Pay, "pay.csv".into(), PAY.into(), false)
            .unwrap();
        assert!(p.taken && p.pay_reports == 1);
        let october = PlainMonth::from_parts(2026, 10).unwrap();
        let r = store.run_month(october, vec![], false).unwrap();
        assert_eq!((r.status, r.version), (RunStatus::Run, 1));
        // 410,000 × (9.85 % + 1.62 % 介護 + 0.23 % 支援金) = 47,970; half withheld.
        assert_eq!(figure(&r, "notices", "total_yen"), 47_970);
        assert_eq!(figure(&r, "notices", "employee_yen"), 23_985);
        assert_eq!(figure(&r, "premiums", "charged"), 1);
        assert_eq!(r.store_path, path);
        assert!(r.run_id > 0 && r.result_tables.contains(&"premium_lines".to_owned()));
        let again = store.run_month(october, vec![], false).unwrap();
        assert_eq!(
            (again.status, again.run_id),
            (RunStatus::Unchanged, r.run_id)
        );
        let skip = error(store.run_month(PlainMonth::from_parts(2026, 12).unwrap(), vec![], false));
        assert_eq!(skip.code(), ResultCode::RuleRefused);
        drop(store);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
