//! The command line (clap derive) and its dispatch.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use kenpo_domain::calendar::YearMonth;
use kenpo_domain::person::Sex;
use kenpo_domain::premium::PaymentMethod;
use kenpo_domain::Yen;
use serde::Serialize;

use crate::calc;
use crate::error::{CliError, EXIT_DONE, EXIT_FINDINGS};
use crate::tools;

/// The `--json` field names of every `kenpo calc` subcommand (shown by `kenpo calc --help`).
pub const CALC_JSON_FIELDS: &str = "\
JSON output (--json), one object per call; whole yen are numbers, exact amounts decimal strings:
  grade       monthly_pay, grade, standard_monthly, lower, upper, table_effective_from, source
  premium     society, month, standard_monthly, grade, general, adjustment, care, care_reason,
              support, total, employee, employer, explanation
  high-cost   treatment_month, age_band, category, many_times, limit, refund, table, explanation
  sickness    first_day, months, basis, average, daily_standard, daily, explanation
  stratify    fiscal_year, age, level (active|motivational|information|null), level_ja,
              possible_levels, reasons
  childbirth  birth_date, babies, per_baby, amount, not_payable, explanation
  household   treatment_month, category, elderly_category, many_times, total_charges, refund,
              additional_benefit, borne, receipts[] (index, member, relation, age_band, setting,
              total_cost, charge, treatment), additional[] (kind, receipts, remaining,
              deductible, amount), table, explanation, additional_explanation
  dependent   recognized, recognition_date, annual_income, threshold, reasons[] (rule, outcome,
              detail, source), failed, explanation
Errors go to stderr and name the flag, or the file and field; exit code 2 on bad input.";

/// The household file format, shown by `kenpo calc household --help`.
pub const HOUSEHOLD_FORMAT: &str = "\
FILE (JSON; unknown keys refused; see docs/CLI.md and examples/calc/household.json):
  treatment_month     \"YYYY-MM\"
  insured             { standard_monthly: YEN, tax_status: taxed | exempt | exempt_no_income,
                        reference_income_exemption?: bool }
  members[]           { id: label, relation: insured | dependant, birth_date: \"YYYY-MM-DD\" }
                      (exactly one insured; age bands come from the birth dates)
  receipts[]          { member: id, institution: 10-digit 医療機関コード,
                        setting: inpatient | outpatient, branch?: medical | dental,
                        total_cost: YEN (医療費), charge: YEN (co-payment),
                        specified_disease?: chronic_renal_failure_dialysis | haemophilia |
                        hiv_by_blood_products }
  many_times_history? [\"YYYY-MM\" or { month, outpatient_only }]: months of the previous 12
                      with 高額療養費 paid (多数回)
付加給付 uses the society configuration (--config, default: the sample society).";

/// The dependant request format, shown by `kenpo calc dependent --help`.
pub const DEPENDENT_FORMAT: &str = "\
FILE (JSON; unknown keys refused; see docs/CLI.md and examples/calc/dependent.json):
  recognition_date, relationship (spouse | child | grandchild | elder_sibling |
  younger_sibling | parent | grandparent | other_relative_within_third_degree |
  de_facto_spouse_parent_or_child), birth_date, disabled, late_elderly_certified,
  lives_with_insured, residence (\"domestic\" | {domestic_excluded: ...} | {abroad: ...}),
  incomes[] ({annual} | {monthly} | {daily} | {labour_contract: {...}}),
  insured_annual_income, insured_is_centre_of_living, annual_remittance (or null).
Exit code 0 whether recognised or not; 2 on bad input.";

/// kenpo: the rules of a Japanese employee health insurance society (健康保険組合).
#[derive(Debug, Parser)]
#[command(name = "kenpo", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generates the demo society into a fresh store and runs its months through the monthly
    /// pipeline (the same as `kenpo run`), writing each month's results.
    Demo(DemoArgs),
    /// Creates a store for a society (`--store FILE --config SOCIETY.toml`).
    Init(InitArgs),
    /// Loads the society's own data into a store: the member master, employers' notifications
    /// (project JSON, documented CSV, SHFD0006/KPFD0006), pay reports.
    Import(ImportArgs),
    /// Runs one month on a store with the month's receipt files.
    Run(RunArgs),
    /// レセプト: read a payment-fund receipt file and check it.
    #[command(subcommand)]
    Receipts(ReceiptsCommand),
    /// 個人情報の利用目的: decide one access request against the default purpose catalog.
    #[command(subcommand)]
    Access(AccessCommand),
    /// アクセスログ: verify a hash-chained access log.
    #[command(subcommand)]
    Log(LogCommand),
    /// One-off figures (等級, 保険料, 高額療養費 of a household, 被扶養者認定, 傷病手当金, ...).
    #[command(after_help = CALC_JSON_FIELDS)]
    Calc(CalcArgs),
}

/// `kenpo receipts`.
#[derive(Debug, Subcommand)]
pub enum ReceiptsCommand {
    /// Reads one or more receipt files of any kind (医科, DPC, 歯科, 調剤; clinic files, the
    /// payment fund's insurer files with their corrections, return and re-examination files),
    /// reports receipts by kind and reader errors, runs the 点検 (単月, 縦覧 across the files'
    /// months, 突合) and, with --master, the C1/C2/C5 checks. Exit 1 when anything is reported.
    Check {
        /// The receipt files (RECEIPTC.UKE, 11_RECODEINFO_MED.CSV, RECEIPTC.HEN, …).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The member master: the library's JSON form of it, or a JSON list of
        /// notifications.
        #[arg(long, value_name = "FILE")]
        master: Option<PathBuf>,
        /// The society configuration (insurer number and name); default: the sample society.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Reject receipts that carry the payment fund's records (MN, RC, EX, ON, JY, HR, MD,
        /// RT, JR, MK): for callers that take clinic claim files only.
        #[arg(long)]
        strict: bool,
        /// A master file of the payment fund (医科診療行為 s_…, 医薬品 y_…, 傷病名 b_…), for the
        /// 点検 that need one; repeat for several. Without them those checks are skipped.
        #[arg(long = "fund-master", value_name = "FILE")]
        fund_masters: Vec<PathBuf>,
        /// Write the 点検 candidates here: CSV, or JSON when the name ends in .json.
        #[arg(long, value_name = "FILE")]
        candidates: Option<PathBuf>,
        /// A store made by `kenpo init` or `kenpo demo`: its member master and configuration are
        /// used (instead of --master and --config).
        #[arg(long, value_name = "FILE", conflicts_with_all = ["master", "config"])]
        store: Option<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Writes a pseudonymised copy of FILE (仮名加工情報, 個人情報保護法 第41条): names, kana,
    /// 記号・番号, 受給者番号, カルテ番号 and doctors' names replaced by keyed pseudonyms
    /// (HMAC-SHA-256 under the key file's bytes, at least 16), the same person getting the same
    /// pseudonym under one key; the output reads back to the same receipts and points.
    Pseudonymise {
        /// The receipt file.
        file: PathBuf,
        /// The key file (its bytes are the key; keep it secret, keep it: the same key gives the
        /// same pseudonyms).
        #[arg(long = "key-file", value_name = "FILE")]
        key_file: PathBuf,
        /// Where to write the pseudonymised file.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Print JSON instead of a line.
        #[arg(long)]
        json: bool,
    },
}

/// `kenpo access`.
#[derive(Debug, Subcommand)]
pub enum AccessCommand {
    /// Decides whether FIELDS of a member of the master may go to RECIPIENT under PURPOSE, and
    /// records the decision (permit or deny) in the access log. Exit 0 permit, 1 deny.
    Decide {
        /// Purpose id of the catalog (A8, C10, E1, F4, ...).
        #[arg(long, value_name = "ID")]
        purpose: String,
        /// Recipient id of the catalog (clinic, system_vendor, guidance_vendor, employer, ...).
        #[arg(long, value_name = "ID")]
        recipient: String,
        /// Field ids, comma-separated (member_key,name,birth_date,...).
        #[arg(long, value_name = "F,F,...", value_delimiter = ',', required = true)]
        fields: Vec<String>,
        /// The subject: 記号:番号:枝番 of a person in the master.
        #[arg(long, value_name = "SYMBOL:NUMBER:BRANCH")]
        member: String,
        /// The member master the subject is read from (as `kenpo demo` writes master.json, an
        /// earlier release's master, or a JSON list of notifications).
        #[arg(long, value_name = "FILE")]
        master: PathBuf,
        /// Who decides (a staff id).
        #[arg(long, value_name = "ID", default_value = "cli")]
        actor: String,
        /// The clinic's or insurer's name, kept in the log and the provision record.
        #[arg(long, value_name = "NAME")]
        counterparty: Option<String>,
        /// When (default: now).
        #[arg(long, value_name = "YYYY-MM-DDTHH:MM:SS", value_parser = parse_datetime)]
        at: Option<chrono::NaiveDateTime>,
        /// The requesting clinic or insurer was confirmed (相手先確認).
        #[arg(long)]
        requester_confirmed: bool,
        /// The subject applied (本人の申出).
        #[arg(long)]
        subject_applied: bool,
        /// Append the decision to this JSON-lines access log (created if missing).
        #[arg(long, value_name = "FILE", requires = "anchor")]
        log: Option<PathBuf>,
        /// The log's anchor (last sequence number and MAC), rewritten after the append; keep it
        /// apart from the log. Created with a new log.
        #[arg(long, value_name = "FILE", requires = "log")]
        anchor: Option<PathBuf>,
        /// The log's secret key (at least 32 bytes); without it the log is unkeyed.
        #[arg(long, value_name = "FILE", requires = "log")]
        key_file: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// 保存期間満了による廃棄: removes from the master the households whose retention period
    /// (the catalog's `member_master` rule) has ended on --at's date, replaces their keys by
    /// pseudonyms in the access log, appends a disposal record and saves the master (a temporary
    /// file renamed over it). An empty master is refused; nothing is written when a step fails
    /// before the log is touched.
    Dispose {
        /// The member master (rewritten in the current format).
        #[arg(long, value_name = "FILE")]
        master: PathBuf,
        /// The access log.
        #[arg(long, value_name = "FILE")]
        log: PathBuf,
        /// The log's anchor.
        #[arg(long, value_name = "FILE")]
        anchor: PathBuf,
        /// The log's secret key.
        #[arg(long, value_name = "FILE")]
        key_file: Option<PathBuf>,
        /// When the run happens (default: now).
        #[arg(long, value_name = "YYYY-MM-DDTHH:MM:SS", value_parser = parse_datetime)]
        at: Option<chrono::NaiveDateTime>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// `kenpo log`.
#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Verifies every MAC, link and sequence number of a JSON-lines access log against its
    /// anchor (and key). Exit 1 when an entry was edited, removed (also at the end) or
    /// reordered, or the log is longer than its anchor; the report names the first bad entry
    /// and says whether the log is keyed.
    Verify {
        /// The log file; several files are one log read in the order given (the monthly files
        /// `kenpo run` writes, oldest first).
        #[arg(required = true, num_args = 1..)]
        files: Vec<PathBuf>,
        /// The anchor kept apart from the log.
        #[arg(long, value_name = "FILE")]
        anchor: PathBuf,
        /// The log's secret key; without it a keyed log cannot be verified.
        #[arg(long, value_name = "FILE")]
        key_file: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Writes the anchor of a log that verifies (to adopt a log written before anchors existed).
    /// Never overwrites an anchor.
    Anchor {
        /// The log file.
        file: PathBuf,
        /// The anchor to write.
        #[arg(long, value_name = "FILE")]
        anchor: PathBuf,
        /// The log's secret key.
        #[arg(long, value_name = "FILE")]
        key_file: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// `kenpo demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Insured persons (被保険者) to generate; dependants come on top (1 to 1,000,000).
    #[arg(long, value_name = "N", default_value_t = crate::demo::DEFAULT_MEMBERS)]
    pub members: usize,
    /// The seed: the same seed gives the same society.
    #[arg(long, value_name = "S", default_value_t = crate::demo::DEFAULT_SEED)]
    pub seed: u64,
    /// The output folder (created if missing).
    #[arg(long, value_name = "DIR", default_value = "kenpo-out")]
    pub out: PathBuf,
    /// The society configuration (TOML); default: the sample society.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The store to create (must not exist); default: `DIR/demo.sqlite`, made anew.
    #[arg(long, value_name = "FILE")]
    pub store: Option<PathBuf>,
    /// Months to run, from 2026-09 (1 to 12).
    #[arg(long, value_name = "K", default_value_t = 12)]
    pub months: usize,
}

/// `kenpo init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The store file to create.
    #[arg(long, value_name = "FILE")]
    pub store: PathBuf,
    /// The society configuration (TOML).
    #[arg(long, value_name = "SOCIETY.toml")]
    pub config: PathBuf,
}

/// `kenpo import`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).multiple(true).args(["members", "notifications", "pay"])))]
pub struct ImportArgs {
    /// The store.
    #[arg(long, value_name = "FILE")]
    pub store: PathBuf,
    /// Member master files (the library's JSON, member events as JSON lines or CSV).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub members: Vec<PathBuf>,
    /// Notification files (JSON lines, documented CSV, SHFD0006.CSV / KPFD0006.CSV).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub notifications: Vec<PathBuf>,
    /// Pay report files (JSON lines, documented CSV, SHFD0006.CSV).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub pay: Vec<PathBuf>,
    /// Take every row but the rejected ones (each is reported); without it a file with a
    /// rejected row is not taken at all.
    #[arg(long)]
    pub accept_valid: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `kenpo run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The store.
    #[arg(long, value_name = "FILE")]
    pub store: PathBuf,
    /// The premium month (YYYY-MM); the receipts are of the month before.
    #[arg(long, value_name = "YYYY-MM")]
    pub month: YearMonth,
    /// The payment fund's receipt files of the month.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub receipts: Vec<PathBuf>,
    /// The folder for the month's files.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Print one JSON summary object (counts and yen per stage) on stdout.
    #[arg(long)]
    pub json: bool,
    /// Write each decision's steps (slower; the figures are the same).
    #[arg(long)]
    pub explain: bool,
    /// The access log's secret key (at least 32 bytes; never stored): the month's log entries
    /// are sealed with HMAC-SHA-256. A store's log keeps the sealing it started with: a keyed
    /// log needs its key every month, an unkeyed one takes none.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
}

/// `kenpo calc`.
#[derive(Debug, Args)]
pub struct CalcArgs {
    /// Print JSON instead of a table.
    #[arg(long, global = true)]
    pub json: bool,
    /// Which figure.
    #[command(subcommand)]
    pub what: CalcCommand,
}

/// The `kenpo calc` subcommands.
#[derive(Debug, Subcommand)]
pub enum CalcCommand {
    /// 標準報酬月額の等級: the grade of a monthly remuneration (健康保険法 第40条).
    Grade {
        /// 報酬月額 in yen (commas allowed).
        #[arg(long, value_name = "YEN", value_parser = parse_yen)]
        monthly_pay: Yen,
        /// Use the table in force in this month (default: the current table).
        #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
        month: Option<YearMonth>,
    },
    /// 月額保険料: one month's premium, its parts and the shares (法156条, 160条, 161条).
    Premium {
        /// 標準報酬月額 in yen (a grade's amount, e.g. 300000).
        #[arg(long, value_name = "YEN", value_parser = parse_yen)]
        standard_monthly: Yen,
        /// The premium month.
        #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
        month: YearMonth,
        /// The insured person's date of birth (for 介護保険料).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        birth: NaiveDate,
        /// The society configuration (TOML, or JSON by extension); default: the sample society.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// The share is paid in cash (the cash 50-銭 rule) instead of withheld from wages.
        #[arg(long)]
        cash: bool,
    },
    /// 高額療養費: the refund on one receipt, as a household of one (法115条, 令41条・42条).
    HighCost {
        /// The treatment month (診療月).
        #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
        treatment_month: YearMonth,
        /// The patient's date of birth.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        birth: NaiveDate,
        /// 標準報酬月額 of the insured person in the treatment month.
        #[arg(long, value_name = "YEN", value_parser = parse_yen)]
        standard_monthly: Yen,
        /// 医療費: the total cost of the receipt.
        #[arg(long, value_name = "YEN", value_parser = parse_yen)]
        total_cost: Yen,
        /// The co-payment made at the window (一部負担金).
        #[arg(long, value_name = "YEN", value_parser = parse_yen)]
        copay: Yen,
        /// 多数回該当: three refunds in the previous 12 months.
        #[arg(long)]
        many_times: bool,
        /// The insured person is exempt from municipal tax (区分オ / 低所得).
        #[arg(long)]
        low_income: bool,
        /// An outpatient receipt (default: inpatient).
        #[arg(long)]
        outpatient: bool,
    },
    /// 傷病手当金の日額: the daily amount of the sickness allowance (法99条2項).
    Sickness {
        /// 標準報酬月額 of the months up to the month of the first payment day, oldest first.
        #[arg(long, value_name = "YEN,YEN,...", value_parser = parse_yen_list)]
        monthly_standards: YenList,
        /// The first payment day (支給開始日); default: today.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        first_day: Option<NaiveDate>,
        /// The society configuration (for its fallback average); default: the sample society.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// 特定保健指導の階層化: stratify one checkup result (実施基準 第4条, 第4期).
    Stratify {
        /// Sex: M or F.
        #[arg(long, value_name = "M|F", value_parser = parse_sex)]
        sex: Sex,
        /// Date of birth.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        birth: NaiveDate,
        /// The fiscal year of the checkup (April–March).
        #[arg(long, value_name = "YYYY")]
        fiscal_year: i32,
        /// 腹囲 in cm.
        #[arg(long, value_name = "CM", value_parser = parse_decimal)]
        waist: rust_decimal::Decimal,
        /// BMI.
        #[arg(long, value_name = "X", value_parser = parse_decimal)]
        bmi: Option<rust_decimal::Decimal>,
        /// 収縮期血圧 (mmHg).
        #[arg(long, value_name = "N", value_parser = parse_decimal)]
        sbp: Option<rust_decimal::Decimal>,
        /// 拡張期血圧 (mmHg).
        #[arg(long, value_name = "N", value_parser = parse_decimal)]
        dbp: Option<rust_decimal::Decimal>,
        /// 中性脂肪 (mg/dL); needs --fasting or --non-fasting.
        #[arg(long, value_name = "N", value_parser = parse_decimal)]
        tg: Option<rust_decimal::Decimal>,
        /// The blood was drawn fasting (食後10時間以上).
        #[arg(long, conflicts_with = "non_fasting")]
        fasting: bool,
        /// The blood was drawn non-fasting (随時).
        #[arg(long)]
        non_fasting: bool,
        /// HDL コレステロール (mg/dL).
        #[arg(long, value_name = "N", value_parser = parse_decimal)]
        hdl: Option<rust_decimal::Decimal>,
        /// 血糖 (mg/dL); needs --fasting or --non-fasting.
        #[arg(long, value_name = "N", value_parser = parse_decimal)]
        glucose: Option<rust_decimal::Decimal>,
        /// HbA1c (%).
        #[arg(long, value_name = "X", value_parser = parse_decimal)]
        hba1c: Option<rust_decimal::Decimal>,
        /// Smokes (喫煙).
        #[arg(long)]
        smoker: bool,
        /// Takes medicine for blood pressure, blood sugar or lipids (服薬).
        #[arg(long)]
        medication: bool,
    },
    /// 高額療養費 and 付加給付 of one household-month, from a JSON file.
    #[command(after_help = HOUSEHOLD_FORMAT)]
    Household {
        /// The household file (JSON).
        file: PathBuf,
        /// The society configuration (its 付加給付 rules); default: the sample society.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// 被扶養者認定 of one person, from a JSON file: recognised or not, rule by rule.
    #[command(after_help = DEPENDENT_FORMAT)]
    Dependent {
        /// The request file (JSON).
        file: PathBuf,
    },
    /// 出産育児一時金: the childbirth lump sum (法101条, 令36条).
    Childbirth {
        /// The birth date.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        birth_date: NaiveDate,
        /// Babies born (twins: 2).
        #[arg(long, value_name = "N", default_value_t = 1)]
        babies: u32,
        /// Whole weeks of pregnancy at the birth.
        #[arg(long, value_name = "N", default_value_t = 40)]
        weeks: u32,
        /// Born outside the obstetric compensation scheme (産科医療補償制度) or before week 22.
        #[arg(long)]
        outside_scheme: bool,
    },
}

/// A comma-separated list of yen amounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YenList(pub Vec<Yen>);

fn parse_yen(text: &str) -> Result<Yen, String> {
    let digits: String = text.chars().filter(|c| !matches!(c, ',' | '_')).collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("expected a whole number of yen, like 300000".to_owned());
    }
    let value: i64 = digits
        .parse()
        .map_err(|_| "the amount is too large".to_owned())?;
    if value > 1_000_000_000_000 {
        return Err("the amount is too large".to_owned());
    }
    Ok(Yen::new(value))
}

fn parse_yen_list(text: &str) -> Result<YenList, String> {
    text.split(',')
        .enumerate()
        .map(|(i, part)| parse_yen(part.trim()).map_err(|e| format!("entry {}: {e}", i + 1)))
        .collect::<Result<Vec<_>, _>>()
        .map(YenList)
}

fn parse_sex(text: &str) -> Result<Sex, String> {
    match text.trim() {
        "M" | "m" | "1" | "男" => Ok(Sex::Male),
        "F" | "f" | "2" | "女" => Ok(Sex::Female),
        _ => Err("expected M or F".to_owned()),
    }
}

fn parse_decimal(text: &str) -> Result<rust_decimal::Decimal, String> {
    text.trim()
        .parse::<rust_decimal::Decimal>()
        .map_err(|_| "expected a number like 85.5".to_owned())
}

fn parse_datetime(text: &str) -> Result<chrono::NaiveDateTime, String> {
    chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M:%S")
        .map_err(|_| "expected YYYY-MM-DDTHH:MM:SS".to_owned())
}

fn parse_month(text: &str) -> Result<YearMonth, String> {
    text.parse::<YearMonth>()
        .map_err(|e| format!("{e} (expected YYYY-MM)"))
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| "expected a date YYYY-MM-DD".to_owned())
}

/// Runs a parsed command line, printing to stdout; returns the exit code.
pub fn run(cli: Cli) -> Result<u8, CliError> {
    match cli.command {
        Command::Calc(args) => run_calc(args),
        Command::Demo(args) => run_demo(args),
        Command::Init(args) => run_init(args),
        Command::Import(args) => run_import(args),
        Command::Run(args) => run_run(args),
        Command::Receipts(ReceiptsCommand::Check {
            files,
            master,
            config,
            strict,
            fund_masters,
            candidates,
            store,
            json,
        }) => {
            let (config, master) = match store {
                Some(path) => {
                    let society = kenpo_month::Society::open(&path).map_err(CliError::Month)?;
                    (society.config().clone(), Some(society.master().clone()))
                }
                None => (
                    calc::load_config(config.as_deref())?,
                    master.as_deref().map(tools::load_master).transpose()?,
                ),
            };
            let options = tools::CheckInput {
                files: &files,
                master: master.as_ref(),
                config: &config,
                strict,
                fund_masters: &fund_masters,
                candidates: candidates.as_deref(),
            };
            let report = tools::check_receipts(&options)?;
            emit(json, &report, |r| {
                let mut s = format!(
                    "{}: {} receipts, {} read, {} rejected{}\n",
                    r.file,
                    r.receipts_in_file,
                    r.parsed,
                    r.rejected,
                    if r.accounted { "" } else { " (NOT ACCOUNTED)" }
                );
                for (layout, c) in &r.by_layout {
                    s.push_str(&format!(
                        "  {layout:<10} {} read, {} rejected, {} points\n",
                        c.parsed, c.rejected, c.points
                    ));
                }
                if r.fund.mn_records > 0 || r.fund.corrected > 0 {
                    s.push_str(&format!(
                        "  payment fund: {} MN, {} receipts corrected (as paid)\n",
                        r.fund.mn_records, r.fund.corrected
                    ));
                }
                for (kind, n) in &r.by_kind {
                    s.push_str(&format!("  {kind:<40} {n}\n"));
                }
                s.push_str(&format!(
                    "点検: {} candidates, {} points at stake\n",
                    r.review.candidates, r.review.points
                ));
                for (check, n) in &r.review.by_check {
                    s.push_str(&format!("  {check:<10} {n}\n"));
                }
                for n in &r.review.notices {
                    s.push_str(&format!("  note: {n}\n"));
                }
                for l in &r.lines {
                    s.push_str(&format!(
                        "{} line {} #{}: {} / {}\n",
                        l.rule, l.line, l.index, l.ja, l.en
                    ));
                }
                s
            })?;
            Ok(if report.has_findings() {
                EXIT_FINDINGS
            } else {
                EXIT_DONE
            })
        }
        Command::Receipts(ReceiptsCommand::Pseudonymise {
            file,
            key_file,
            out,
            json,
        }) => {
            let report = tools::pseudonymise(&file, &key_file, &out)?;
            emit(json, &report, |r| {
                format!(
                    "{} -> {}: {} receipts pseudonymised{}\n",
                    r.file,
                    r.out,
                    r.receipts,
                    if r.emptied_records > 0 {
                        format!(", {} records of unknown kinds emptied", r.emptied_records)
                    } else {
                        String::new()
                    }
                )
            })?;
            Ok(EXIT_DONE)
        }
        Command::Access(AccessCommand::Decide {
            purpose,
            recipient,
            fields,
            member,
            master,
            actor,
            counterparty,
            at,
            requester_confirmed,
            subject_applied,
            log,
            anchor,
            key_file,
            json,
        }) => {
            let report = tools::decide(&tools::DecideInput {
                purpose: &purpose,
                recipient: &recipient,
                fields: &fields,
                member: &member,
                master: &master,
                actor: &actor,
                at: at.unwrap_or_else(|| chrono::Local::now().naive_local()),
                requester_confirmed,
                subject_applied,
                counterparty: counterparty.as_deref(),
                log: log.as_deref(),
                anchor: anchor.as_deref(),
                key_file: key_file.as_deref(),
            })?;
            emit(json, &report, |r| match &r.reason {
                None => format!(
                    "許可 permit: {} → {}: {}\n",
                    r.purpose,
                    r.recipient,
                    r.fields.join(", ")
                ),
                Some(why) => format!("拒否 deny: {} → {}: {why}\n", r.purpose, r.recipient),
            })?;
            Ok(if report.outcome == "permit" {
                EXIT_DONE
            } else {
                EXIT_FINDINGS
            })
        }
        Command::Access(AccessCommand::Dispose {
            master,
            log,
            anchor,
            key_file,
            at,
            json,
        }) => {
            let report = tools::dispose(
                &master,
                &log,
                &anchor,
                key_file.as_deref(),
                at.unwrap_or_else(|| chrono::Local::now().naive_local()),
            )?;
            emit(json, &report, |r| {
                format!(
                    "廃棄 disposal on {}: {} households, {} persons removed; {} log mentions pseudonymised\n",
                    r.on, r.households, r.persons, r.log_mentions_pseudonymised
                )
            })?;
            Ok(EXIT_DONE)
        }
        Command::Log(LogCommand::Verify {
            files,
            anchor,
            key_file,
            json,
        }) => {
            let report = tools::verify_log(&files, &anchor, key_file.as_deref())?;
            emit(json, &report, |r| match &r.problem {
                None => format!(
                    "{}: {} entries, intact (検証済): {}\n",
                    r.file,
                    r.entries,
                    r.sealing.as_deref().unwrap_or("")
                ),
                Some(p) => format!(
                    "{}: {} entries, BROKEN (改ざん検出): {p}\n",
                    r.file, r.entries
                ),
            })?;
            Ok(if report.intact {
                EXIT_DONE
            } else {
                EXIT_FINDINGS
            })
        }
        Command::Log(LogCommand::Anchor {
            file,
            anchor,
            key_file,
            json,
        }) => {
            let report = tools::anchor_log(&file, &anchor, key_file.as_deref())?;
            emit(json, &report, |r| {
                format!(
                    "{}: {} entries verified; anchor written: {}\n",
                    r.file,
                    r.entries,
                    r.sealing.as_deref().unwrap_or("")
                )
            })?;
            Ok(EXIT_DONE)
        }
    }
}

fn month_err(e: kenpo_month::MonthError) -> CliError {
    CliError::Month(e)
}

fn run_init(args: InitArgs) -> Result<u8, CliError> {
    if args.store.exists() {
        return Err(CliError::file(
            &args.store,
            "already exists: a store is created once",
        ));
    }
    let toml =
        std::fs::read_to_string(&args.config).map_err(|e| CliError::file(&args.config, e))?;
    kenpo_month::Society::create(&args.store, &toml).map_err(|e| {
        let _ = std::fs::remove_file(&args.store);
        month_err(e)
    })?;
    print_out(&format!("store {} created\n", args.store.display()))?;
    Ok(EXIT_DONE)
}

fn run_import(args: ImportArgs) -> Result<u8, CliError> {
    use kenpo_month::ImportKind;
    let mut society = kenpo_month::Society::open(&args.store).map_err(month_err)?;
    let files = args
        .members
        .iter()
        .map(|f| (ImportKind::Members, f))
        .chain(
            args.notifications
                .iter()
                .map(|f| (ImportKind::Notifications, f)),
        )
        .chain(args.pay.iter().map(|f| (ImportKind::Pay, f)));
    let mut reports = Vec::new();
    let mut any_rejected = false;
    for (kind, path) in files {
        let bytes = std::fs::read(path).map_err(|e| CliError::file(path, e))?;
        let name = path.display().to_string();
        let report = society
            .import(kind, &name, &bytes, args.accept_valid)
            .map_err(month_err)?;
        any_rejected |= !report.rejected.is_empty();
        reports.push((name, report));
    }
    if args.json {
        let v: Vec<serde_json::Value> = reports
            .iter()
            .map(|(f, r)| serde_json::json!({"file": f, "report": r}))
            .collect();
        print_out(&format!(
            "{}\n",
            serde_json::to_string(&v).map_err(|e| CliError::demo("json", e))?
        ))?;
    } else {
        let mut t = String::new();
        for (f, r) in &reports {
            t.push_str(&format!(
                "{f}: {} events, {} pay reports, {} records, {} ignored, {} rejected\n",
                r.events,
                r.pay,
                r.facts,
                r.ignored,
                r.rejected.len()
            ));
            for x in &r.rejected {
                t.push_str(&format!("  rejected {x}\n"));
            }
        }
        print_out(&t)?;
    }
    Ok(if any_rejected {
        EXIT_FINDINGS
    } else {
        EXIT_DONE
    })
}

fn run_run(args: RunArgs) -> Result<u8, CliError> {
    let started = std::time::Instant::now();
    let mut society = kenpo_month::Society::open(&args.store).map_err(month_err)?;
    let opened = kenpo_month::pipeline::StageTime::since(
        "store: opened (master, state)",
        started,
        society.master().len(),
    );
    let mut files = Vec::new();
    for path in &args.receipts {
        let bytes = std::fs::read(path).map_err(|e| CliError::file(path, e))?;
        files.push(kenpo_month::ReceiptFile {
            name: path.display().to_string(),
            bytes,
        });
    }
    let options = kenpo_month::RunOptions {
        explain: kenpo_domain::explanation::Explain::steps_if(args.explain),
        log_key: tools::read_key(args.key_file.as_deref())?,
        ..kenpo_month::RunOptions::default()
    };
    let bars = crate::month::Bars::for_stdout(args.json);
    let report = society
        .run(args.month, &files, &options, &bars)
        .map_err(month_err)?;
    let summary = match report {
        kenpo_month::RunReport::Ran {
            mut outcome,
            summary,
            ..
        } => {
            outcome.stages.insert(0, opened);
            crate::month::write_outputs(&args.out, &outcome, &summary)?;
            // Left to the process's exit with the master (below).
            std::mem::forget(outcome);
            summary
        }
        kenpo_month::RunReport::Unchanged { summary } => {
            let mut v: serde_json::Value = serde_json::from_str(&summary).unwrap_or_default();
            v["status"] = serde_json::Value::from("unchanged");
            v.to_string()
        }
    };
    if args.json {
        print_out(&format!("{summary}\n"))?;
    } else {
        print_out(&crate::month::summary_lines(&summary))?;
    }
    // The command ends here: the store is closed, and the master, the state and the receipt
    // files are left to the process's exit (freeing them one by one took about half a second
    // at 300,000 insured persons).
    std::mem::forget((society.into_memory(), files));
    Ok(EXIT_DONE)
}

fn run_demo(args: DemoArgs) -> Result<u8, CliError> {
    use crate::demo;
    if args.months == 0 || args.months > 12 {
        return Err(CliError::flag("--months", "must be 1 to 12"));
    }
    let toml = match &args.config {
        Some(p) => std::fs::read_to_string(p).map_err(|e| CliError::file(p, e))?,
        None => demo::default_config(),
    };
    std::fs::create_dir_all(&args.out).map_err(|source| CliError::Write {
        path: args.out.clone(),
        source,
    })?;
    let store_path = match &args.store {
        Some(p) => {
            if p.exists() {
                return Err(CliError::file(
                    p,
                    "already exists: the demo makes a fresh store",
                ));
            }
            p.clone()
        }
        None => {
            let p = args.out.join("demo.sqlite");
            let _ = std::fs::remove_file(&p);
            p
        }
    };
    let started = std::time::Instant::now();
    let generated = demo::generate(demo::DemoParams {
        members: args.members,
        seed: args.seed,
    })?;
    let mut society = kenpo_month::Society::create(&store_path, &toml).map_err(month_err)?;
    let bars = crate::month::Bars::for_stdout(false);
    let run = demo::run_months(
        &generated,
        &mut society,
        args.months,
        &args.out,
        &mut |_| Ok(()),
        &bars,
    )?;
    let mut text = String::new();
    for (month, outcome, summary) in &run.months {
        crate::month::write_outputs(&args.out.join(month.to_string()), outcome, summary)?;
        text.push_str(&crate::month::summary_lines(summary));
    }
    // The member master after the last month, in its persisted (versioned) form: what
    // `kenpo access decide --master` and `kenpo access dispose` read.
    let master_path = args.out.join("master.json");
    let master = society
        .master()
        .to_json()
        .map_err(|e| CliError::demo("output", e))?;
    std::fs::write(&master_path, master).map_err(|source| CliError::Write {
        path: master_path.clone(),
        source,
    })?;
    if let Some((_, first, _)) = run.months.first() {
        let after_loss = first
            .results
            .persons_with(kenpo_domain::receipt::Rule::VisitAfterLoss);
        let multi = first
            .results
            .persons_with(kenpo_domain::receipt::Rule::MultipleInstitutions);
        text.push_str(&format!(
            "資格喪失後受診 visits after loss (found/planted): {}/{}\n重複受診 3+ institutions (found/planted): {}/{}\n",
            after_loss.len(),
            generated.planted.visit_after_loss.len(),
            multi.len(),
            generated.planted.multi_clinic.len()
        ));
    }
    let many: Vec<String> = run
        .months
        .iter()
        .filter(|(_, o, _)| {
            o.results
                .high_cost
                .iter()
                .any(|h| Some(&h.household) == run.many_times.as_ref() && h.many_times)
        })
        .map(|(m, _, _)| m.to_string())
        .collect();
    text.push_str(&format!(
        "多数回該当 planted household, months: {}\n",
        many.join(" ")
    ));
    text.push_str(&format!(
        "ストア store: {}\n出力 output: {} ({} months, {:.1} s)\n",
        store_path.display(),
        args.out.display(),
        run.months.len(),
        started.elapsed().as_secs_f64()
    ));
    print_out(&text)?;
    Ok(EXIT_DONE)
}

fn emit<T: Serialize>(
    json: bool,
    value: &T,
    text: impl FnOnce(&T) -> String,
) -> Result<u8, CliError> {
    let body = if json {
        let mut s = serde_json::to_string_pretty(value).map_err(|e| CliError::demo("json", e))?;
        s.push('\n');
        s
    } else {
        text(value)
    };
    print_out(&body)?;
    Ok(EXIT_DONE)
}

/// Writes `text` to stdout; a closed pipe (`kenpo … | head`) is not an error.
pub fn print_out(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Write {
            path: PathBuf::from("<stdout>"),
            source: e,
        }),
        _ => Ok(()),
    }
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn run_calc(args: CalcArgs) -> Result<u8, CliError> {
    let json = args.json;
    match args.what {
        CalcCommand::Grade { monthly_pay, month } => {
            let out = calc::grade(monthly_pay, month)?;
            emit(json, &out, |o| {
                format!(
                    "報酬月額 monthly pay       {}\n等級 grade                  {}\n標準報酬月額 standard monthly {}\n",
                    Yen::new(o.monthly_pay),
                    o.grade,
                    Yen::new(o.standard_monthly)
                )
            })
        }
        CalcCommand::Premium {
            standard_monthly,
            month,
            birth,
            config,
            cash,
        } => {
            let config = calc::load_config(config.as_deref())?;
            let payment = if cash {
                PaymentMethod::Cash
            } else {
                PaymentMethod::WageDeduction
            };
            let out = calc::premium(&config, standard_monthly, month, birth, payment)?;
            emit(json, &out, |o| {
                let mut s = format!(
                    "{} {} 標準報酬月額 {}\n",
                    o.society,
                    o.month,
                    Yen::new(o.standard_monthly)
                );
                for (label, v) in [
                    ("一般保険料 general", &o.general),
                    ("調整保険料 adjustment", &o.adjustment),
                    ("介護保険料 care", &o.care),
                    ("子ども・子育て支援金 support", &o.support),
                ] {
                    if let Some(v) = v {
                        s.push_str(&format!("  {label:<28} {v}\n"));
                    }
                }
                s.push_str(&format!("  {:<28} {}\n", "合計 total", o.total));
                s.push_str(&format!(
                    "  {:<28} {}\n",
                    "被保険者負担 employee",
                    Yen::new(o.employee)
                ));
                s.push_str(&format!("  {:<28} {}\n", "事業主負担 employer", o.employer));
                s
            })
        }
        CalcCommand::HighCost {
            treatment_month,
            birth,
            standard_monthly,
            total_cost,
            copay,
            many_times,
            low_income,
            outpatient,
        } => {
            let out = calc::high_cost(&calc::HighCostInput {
                month: treatment_month,
                birth,
                standard_monthly,
                total_cost,
                copay,
                many_times,
                low_income,
                inpatient: !outpatient,
            })?;
            emit(json, &out, |o| {
                format!(
                    "診療月 treatment month   {}\n所得区分 category        {}{}\n自己負担限度額 limit     {}\n高額療養費 refund        {}\n",
                    o.treatment_month,
                    o.category,
                    if o.many_times { " (多数回 many times)" } else { "" },
                    o.limit.map_or_else(|| "-".to_owned(), |l| Yen::new(l).to_string()),
                    Yen::new(o.refund)
                )
            })
        }
        CalcCommand::Sickness {
            monthly_standards,
            first_day,
            config,
        } => {
            let config = calc::load_config(config.as_deref())?;
            let out = calc::sickness(
                &config,
                &monthly_standards.0,
                first_day.unwrap_or_else(today),
            )?;
            emit(json, &out, |o| {
                format!(
                    "支給開始日 first day      {}\n平均 average             {} ({})\n標準報酬日額 daily standard {}\n日額 daily allowance       {}\n",
                    o.first_day,
                    o.average,
                    o.basis,
                    Yen::new(o.daily_standard),
                    Yen::new(o.daily)
                )
            })
        }
        CalcCommand::Stratify {
            sex,
            birth,
            fiscal_year,
            waist,
            bmi,
            sbp,
            dbp,
            tg,
            fasting,
            non_fasting,
            hdl,
            glucose,
            hba1c,
            smoker,
            medication,
        } => {
            let values = calc::CheckupValues {
                waist: Some(waist),
                bmi,
                sbp,
                dbp,
                tg,
                hdl,
                glucose,
                hba1c,
                fasting: match (fasting, non_fasting) {
                    (true, _) => Some(true),
                    (_, true) => Some(false),
                    _ => None,
                },
                smoker,
                medication,
            };
            let out = calc::stratify(sex, birth, fiscal_year, &values)?;
            emit(json, &out, |o| {
                let mut s = format!(
                    "階層化 level ({} 年度, {}歳): {}\n",
                    o.fiscal_year,
                    o.age,
                    o.level_ja.unwrap_or("未確定 undecided")
                );
                for r in &o.reasons {
                    s.push_str(&format!("  {r}\n"));
                }
                s
            })
        }
        CalcCommand::Household { file, config } => {
            let config = calc::load_config(config.as_deref())?;
            let out = crate::household::decide_file(&file, &config)?;
            emit(json, &out, |o| {
                let mut s = format!(
                    "診療月 treatment month   {}\n所得区分 category        {}{}{}\n",
                    o.treatment_month,
                    o.category,
                    o.elderly_category
                        .as_deref()
                        .map_or_else(String::new, |c| format!(" / 70–74 {c}")),
                    if o.many_times {
                        " (多数回 many times)"
                    } else {
                        ""
                    },
                );
                for r in &o.receipts {
                    s.push_str(&format!(
                        "  #{} {} ({:?}) {:?}: 医療費 {} / 負担 {}: {}\n",
                        r.index,
                        r.member,
                        r.relation,
                        r.setting,
                        Yen::new(r.total_cost),
                        Yen::new(r.charge),
                        r.treatment
                    ));
                }
                s.push_str(&format!(
                    "一部負担 charges         {}\n高額療養費 refund        {}\n付加給付 additional      {}\n自己負担 borne           {}\n",
                    Yen::new(o.total_charges),
                    Yen::new(o.refund),
                    Yen::new(o.additional_benefit),
                    Yen::new(o.borne)
                ));
                s
            })
        }
        CalcCommand::Dependent { file } => {
            let out = crate::dependent::decide_file(&file)?;
            emit(json, &out, |o| {
                let mut s = format!(
                    "被扶養者認定 {} ({}): 年間収入 {} / 基準 {}\n",
                    if o.recognized {
                        "認定 recognised"
                    } else {
                        "非認定 not recognised"
                    },
                    o.recognition_date,
                    o.annual_income,
                    Yen::new(o.threshold)
                );
                for (i, r) in o.reasons.iter().enumerate() {
                    s.push_str(&format!(
                        "  {}. {} [{}]: {} ({})\n",
                        i + 1,
                        r.rule,
                        r.outcome,
                        r.detail,
                        r.source
                    ));
                }
                s
            })
        }
        CalcCommand::Childbirth {
            birth_date,
            babies,
            weeks,
            outside_scheme,
        } => {
            let out = calc::childbirth(birth_date, babies, weeks, outside_scheme)?;
            emit(json, &out, |o| match &o.not_payable {
                None => format!(
                    "出産育児一時金 childbirth lump sum {} ({} × {})\n",
                    Yen::new(o.amount),
                    Yen::new(o.per_baby),
                    o.babies
                ),
                Some(why) => format!("不支給 not payable: {why}\n"),
            })
        }
    }
}
