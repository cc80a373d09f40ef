//! The month pipeline: given the society configuration, the member master, the month's pay
//! reports and facts, the payment fund's receipt files and the state from earlier months, it
//! makes the month's results and what the month adds to the state. No I/O: the files come in as
//! bytes, the state goes out as a [`StateDelta`] the store writes.
//!
//! Stages, and what runs side by side (two threads: the machine the society runs on has few
//! cores; each side is one pass over its records):
//!
//! ```text
//!  75th-birthday losses (master) ─┬─ grades → premiums and notices → cash benefits ──┬─ 高額療養費・付加給付
//!                                 └─ receipts read and checked ───────────────────────┤  → August settlements
//!                                                                                     └─ 医療費通知 and lists
//!                                                                                        (access log)
//! ```
//!
//! Memory is bounded by the society: receipts are read one at a time from the file's bytes
//! (lent by the reader, never all held); what a receipt leaves behind is its 高額療養費 row and
//! its notice row.

mod access;
mod benefits;
mod grades;
mod receipts;
mod roster;

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::time::Instant;

use kenpo_domain::access::LogKey;
use kenpo_domain::calendar::YearMonth;
use kenpo_domain::checkup::lists::MemberCheckup;
use kenpo_domain::explanation::Explain;
use kenpo_domain::high_cost::{SpecifiedDisease, TaxStatus};
use kenpo_domain::identifiers::MemberKey;
use kenpo_domain::member::{MemberEvent, MemberMaster};
use kenpo_domain::notification::PayReport;
use kenpo_domain::premium::Leave;
use kenpo_domain::society::SocietyConfig;

use crate::error::MonthError;
use crate::records::Fact;
use crate::results::MonthResults;
use crate::state::{BonusRecord, CarriedState, GradeRecord, HighCostMonth, StateDelta};

use roster::Roster;

/// A receipt file of the month: its name and bytes (the payment fund's Shift_JIS CSV).
#[derive(Debug, Clone)]
pub struct ReceiptFile {
    /// The name shown in findings.
    pub name: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A pay report with where it was recorded.
#[derive(Debug, Clone)]
pub struct PendingPay {
    /// File and line of its import.
    pub position: String,
    /// The report.
    pub report: PayReport,
}

/// A claim with where it was recorded.
#[derive(Debug, Clone)]
pub struct PendingClaim {
    /// File and line of its import.
    pub position: String,
    /// The claim (a [`Fact::SicknessClaim`], [`Fact::ChildbirthClaim`] or [`Fact::BurialClaim`]).
    pub claim: Fact,
}

/// The facts on record that the month reads.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Leaves by insured person.
    pub leaves: BTreeMap<MemberKey, Vec<Leave>>,
    /// Tax status by insured person, dated.
    pub tax: BTreeMap<MemberKey, Vec<(YearMonth, TaxStatus)>>,
    /// 特定疾病 certificates by person, dated.
    pub certificates: BTreeMap<MemberKey, Vec<(YearMonth, SpecifiedDisease)>>,
    /// Checkup results of the fiscal year (the lists are made in a month that took new ones).
    pub checkups: Vec<MemberCheckup>,
    /// `true` when the month took new checkup results.
    pub new_checkups: bool,
}

impl Facts {
    /// Adds a fact on record (claims are not kept here).
    pub fn add(&mut self, fact: Fact) {
        match fact {
            Fact::Leave { key, leave } => self.leaves.entry(key).or_default().push(leave),
            Fact::TaxStatus { key, from, status } => {
                let v = self.tax.entry(key).or_default();
                v.push((from, status));
                v.sort_by_key(|(m, _)| *m);
            }
            Fact::Certificate { key, from, disease } => {
                let v = self.certificates.entry(key).or_default();
                v.push((from, disease));
                v.sort_by_key(|(m, _)| *m);
            }
            Fact::Checkup(c) => self.checkups.push(c),
            _ => {}
        }
    }

    /// The household's tax status in `month` (課税 when none is on record).
    pub fn tax_status(&self, insured: &MemberKey, month: YearMonth) -> TaxStatus {
        tax_status_in(self.tax.get(insured), month)
    }

    /// The 特定疾病 of the person's certificate in force in `month`.
    pub fn certificate(&self, person: &MemberKey, month: YearMonth) -> Option<SpecifiedDisease> {
        self.certificates
            .get(person)
            .and_then(|v| v.iter().rev().find(|(m, _)| *m <= month))
            .map(|(_, d)| *d)
    }
}

/// The tax status in `month` among one household's dated statuses (課税 when none applies).
pub(crate) fn tax_status_in(
    statuses: Option<&Vec<(YearMonth, TaxStatus)>>,
    month: YearMonth,
) -> TaxStatus {
    statuses
        .and_then(|v| v.iter().rev().find(|(m, _)| *m <= month))
        .map_or(TaxStatus::Taxed, |(_, s)| *s)
}

/// The carried state and the facts on record by person number, for one run (each a pass over
/// the map and the roster, both in key order).
pub(crate) struct ByPerson<'a> {
    /// Grade decisions on record.
    pub grades: Vec<Option<&'a Vec<GradeRecord>>>,
    /// 高額療養費 household-months on record.
    pub high_cost: Vec<Option<&'a Vec<HighCostMonth>>>,
    /// Standard bonuses on record.
    pub bonuses: Vec<Option<&'a Vec<BonusRecord>>>,
    /// Leaves.
    pub leaves: Vec<Option<&'a Vec<Leave>>>,
    /// Tax status.
    pub tax: Vec<Option<&'a Vec<(YearMonth, TaxStatus)>>>,
}

impl<'a> ByPerson<'a> {
    fn new(roster: &Roster<'_>, state: &'a CarriedState, facts: &'a Facts) -> ByPerson<'a> {
        ByPerson {
            grades: roster.by_id(&state.grades),
            high_cost: roster.by_id(&state.high_cost),
            bonuses: roster.by_id(&state.bonuses),
            leaves: roster.by_id(&facts.leaves),
            tax: roster.by_id(&facts.tax),
        }
    }
}

/// Reports progress of the long stages (a terminal's progress bars; nothing by default).
pub trait Progress: Sync {
    /// A stage of `len` steps starts.
    fn start(&self, _stage: &'static str, _len: u64) {}
    /// `n` more steps of `stage` are done.
    fn advance(&self, _stage: &'static str, _n: u64) {}
    /// The stage is done.
    fn finish(&self, _stage: &'static str) {}
}

/// No progress shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {}

/// How a month is run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Explanations of the bulk decisions (premium lines, grades, 高額療養費): rule only by
    /// default; ask for steps to see them.
    pub explain: Explain,
    /// Threads for the receipts read.
    pub threads: NonZeroUsize,
    /// Take the month even when a pay report or claim cannot be decided (each reported);
    /// otherwise the run takes nothing.
    pub accept_valid: bool,
    /// The key the access log is sealed with (HMAC-SHA-256), held by the host and never stored;
    /// `None`: an unkeyed (SHA-256) log. A store's log keeps the sealing it started with.
    pub log_key: Option<LogKey>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            explain: Explain::RuleOnly,
            threads: std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN),
            accept_valid: false,
            log_key: None,
        }
    }
}

/// Everything a month reads.
#[derive(Debug)]
pub struct MonthInput<'a> {
    /// The premium month run.
    pub month: YearMonth,
    /// The society.
    pub config: &'a SocietyConfig,
    /// The pay reports taken by this month (dated in it or before, not yet taken).
    pub pay: &'a [PendingPay],
    /// The claims taken by this month.
    pub claims: &'a [PendingClaim],
    /// Facts on record.
    pub facts: &'a Facts,
    /// Member events dated in the month, by kind (for the report).
    pub events_by_kind: BTreeMap<String, usize>,
    /// The month's receipt files.
    pub receipts: &'a [ReceiptFile],
    /// 高額療養費 and 付加給付 already paid for a household-month by an earlier version of the
    /// month (a correction pays the difference only).
    pub already_paid: BTreeMap<(MemberKey, YearMonth), kenpo_domain::Yen>,
}

/// The wall time of one stage.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StageTime {
    /// The stage.
    pub stage: &'static str,
    /// Milliseconds.
    pub millis: u128,
    /// Records handled.
    pub records: usize,
}

impl StageTime {
    /// The stage `stage` that started at `started` and ends now.
    pub fn since(stage: &'static str, started: Instant, records: usize) -> StageTime {
        StageTime {
            stage,
            millis: started.elapsed().as_millis(),
            records,
        }
    }
}

/// What a month's run gives: results, the state it adds, the events it recorded, timings.
#[derive(Debug)]
pub struct MonthOutcome {
    /// The results.
    pub results: MonthResults,
    /// What the month adds to the state.
    pub delta: StateDelta,
    /// Member events the run recorded (75th-birthday losses), applied to the master.
    pub events: Vec<MemberEvent>,
    /// Wall time per stage.
    pub stages: Vec<StageTime>,
}

pub(crate) struct Timer {
    pub(crate) stages: Vec<StageTime>,
    start: Instant,
}

impl Timer {
    pub(crate) fn new() -> Self {
        Timer {
            stages: Vec::new(),
            start: Instant::now(),
        }
    }
    pub(crate) fn lap(&mut self, stage: &'static str, records: usize) {
        let now = Instant::now();
        self.stages.push(StageTime {
            stage,
            millis: (now - self.start).as_millis(),
            records,
        });
        self.start = now;
    }
}

/// Runs `input.month` on `master` (the 75th-birthday losses of the month are applied to it) and
/// `state`.
///
/// # Errors
/// [`MonthError`] naming the file, line or record at fault; nothing is decided then.
pub fn run_month(
    input: &MonthInput<'_>,
    master: &mut MemberMaster,
    state: &CarriedState,
    options: &RunOptions,
    progress: &dyn Progress,
) -> Result<MonthOutcome, MonthError> {
    let month = input.month;
    let service = month.prev();
    let mut timer = Timer::new();
    let mut results = MonthResults {
        month: Some(month),
        service_month: Some(service),
        ..MonthResults::default()
    };
    results.notifications.events_by_kind = input.events_by_kind.clone();

    // 75th birthdays: losses the master finds due in the month (高確法 第52条).
    let late = master.late_elderly_losses_in(month);
    for e in &late {
        master
            .apply(e)
            .map_err(|err| MonthError::rule("75th-birthday losses", err))?;
    }
    results.notifications.late_elderly_losses = late.len();
    let end = month.last_day();
    for p in master.persons() {
        if p.is_eligible_on(end) {
            if p.is_dependent() {
                results.notifications.dependants_eligible += 1;
            } else {
                results.notifications.insured_eligible += 1;
            }
        }
    }
    timer.lap("75th-birthday losses", late.len());

    let master: &MemberMaster = master;
    let roster = Roster::new(master);
    let by = ByPerson::new(&roster, state, input.facts);
    timer.lap("master numbered (roster)", roster.len());
    let (roster, by) = (&roster, &by);
    let mut delta = StateDelta {
        month: Some(month),
        ..StateDelta::default()
    };
    let stopped = |stage: &'static str| MonthError::Rule {
        stage,
        problem: format!("the {stage} stage stopped unexpectedly"),
    };
    let (main, main_stages, side, side_stages) = std::thread::scope(|scope| {
        // Receipts on their own thread while this one decides grades and premiums; then
        // 高額療養費 (and the August settlements) here and the access stage on the other thread,
        // both reading what the receipts left.
        let receipts = scope.spawn(|| {
            let mut t = Timer::new();
            let r = receipts::run(input, roster, options, progress, &mut t);
            (r, t.stages)
        });
        let mut t = Timer::new();
        let main = grades::run(input, roster, by, options, progress, &mut t).and_then(|g| {
            let cash = benefits::cash(input, master, state, &g, options)?;
            t.lap("cash benefits", cash.lines.len());
            Ok((g, cash))
        });
        let (read, mut side_stages) = receipts
            .join()
            .unwrap_or_else(|_| (Err(stopped("receipts")), Vec::new()));
        let side = read.and_then(|read| {
            let (hc, a, hc_stages) = std::thread::scope(|inner| {
                let access = inner.spawn(|| {
                    let started = Instant::now();
                    let a = access::run(input, roster, state, &read, options, progress);
                    let notices = a.as_ref().map_or(0, |a| a.notices);
                    (
                        a,
                        StageTime::since("医療費通知・lists (access)", started, notices),
                    )
                });
                let mut t = Timer::new();
                let hc = benefits::high_cost(input, roster, by, &read, options, progress).and_then(
                    |b| {
                        t.lap("高額療養費・付加給付", b.households);
                        let s = benefits::settlements(input, master, state, &b, options)?;
                        t.lap("August settlements", s.len());
                        Ok((b, s))
                    },
                );
                let a = access.join().unwrap_or_else(|_| {
                    (
                        Err(stopped("access")),
                        StageTime::since("医療費通知・lists (access)", Instant::now(), 0),
                    )
                });
                (hc, a, t.stages)
            });
            side_stages.extend(hc_stages);
            let (b, s) = hc?;
            let (a, access_stage) = a;
            let a = a?;
            side_stages.push(access_stage);
            Ok((read, b, s, a))
        });
        (main, t.stages, side, side_stages)
    });
    let (g, cash) = main?;
    let (read, b, settlements, a) = side?;

    results.notifications.pay_by_kind = g.pay_by_kind;
    results.grades = g.decided.clone();
    results.grade_notes = g.notes;
    results.premiums = g.premiums;
    results.notices = g.notices;
    delta.grades = g.decided;
    delta.bonuses = g.bonuses;
    results.cash_benefits = cash.lines;
    delta.benefits = cash.paid;
    results.receipts = read.outcome;
    results.households_with_receipts = b.households;
    results.high_cost = b.lines;
    delta.high_cost = b.months;
    delta.outpatient = b.outpatient;
    results.settlements = settlements;
    results.expense_notices = a.notices;
    results.expense_notice_cost = a.notice_cost;
    results.lists = a.lists;
    results.denied = a.denied;
    results.log_entries = a.entries.len();
    results.log_head = a
        .anchor
        .last_seq
        .map(|_| a.anchor.last_mac.to_string())
        .unwrap_or_default();
    results.log_anchor = Some(a.anchor);
    delta.log = a.entries;

    let mut stages = timer.stages;
    stages.extend(main_stages);
    stages.extend(side_stages);
    Ok(MonthOutcome {
        results,
        delta,
        events: late,
        stages,
    })
}
