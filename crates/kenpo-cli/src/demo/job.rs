//! The society's monthly job on a generated society, stage by stage, through the public API of
//! `kenpo_domain` only.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde::Serialize;

use kenpo_domain::calendar::YearMonth;
use kenpo_domain::identifiers::{MemberKey, OfficeCode};
use kenpo_domain::member::{MemberEvent, MemberMaster};
use kenpo_domain::premium::{
    month_charge, monthly_premium, Charge, Coverage, EmployerNotice, PremiumBreakdown,
    PremiumSubject,
};
use kenpo_domain::society::SocietyConfig;
use kenpo_domain::standard_remuneration::{
    decide_at_acquisition, regular_determination, AcquisitionRemuneration, Grade, MonthPay,
    RegularDeterminationInput, RegularOutcome, StandardDecision, WorkerKind,
};
use kenpo_domain::Yen;

use super::access::AccessResult;
use super::benefits::BenefitsResult;
use super::progress::Progress;
use super::receipts::ReceiptsResult;
use super::society::{job_month, DemoSociety, InsuredPlan};
use crate::error::CliError;

/// The wall time of one stage.
#[derive(Debug, Clone, Serialize)]
pub struct StageTime {
    /// The stage.
    pub stage: &'static str,
    /// Milliseconds.
    pub millis: u128,
}

/// What applying the notifications did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EventCounts {
    /// Notifications applied before the job month (the master's history).
    pub history_applied: usize,
    /// Of those, rejected (should be none).
    pub history_rejected: usize,
    /// The job month's notifications by kind (`acquisition`, `loss`, …).
    pub month_by_kind: BTreeMap<&'static str, usize>,
    /// 75th-birthday losses the master found due in the job month.
    pub late_elderly_losses: usize,
    /// The job month's notifications rejected.
    pub month_rejected: usize,
    /// Persons in the master.
    pub persons: usize,
    /// Insured persons eligible on the job month's last day.
    pub insured_eligible: usize,
    /// Dependants eligible on the job month's last day.
    pub dependants_eligible: usize,
}

/// One insured person's grade for the job month and how it was decided.
#[derive(Debug, Clone, Serialize)]
pub struct GradeLine {
    /// The person.
    pub key: MemberKey,
    /// 定時決定 (`regular`) or 資格取得時決定 (`acquisition`).
    pub decided_by: &'static str,
    /// The grade number.
    pub grade: u8,
    /// 標準報酬月額.
    pub standard_monthly: Yen,
    /// The month the grade applies from.
    pub effective_from: YearMonth,
}

/// One insured person's premium for the job month.
#[derive(Debug, Clone, Serialize)]
pub struct PremiumLine {
    /// The person.
    pub key: MemberKey,
    /// The office.
    pub office: OfficeCode,
    /// `charged`, or why not.
    pub charge: String,
    /// The premium, when charged.
    pub breakdown: Option<PremiumBreakdown>,
}

/// The result of the monthly job.
#[derive(Debug, Clone, Serialize)]
pub struct JobResult {
    /// The premium month.
    pub month: YearMonth,
    /// The notifications.
    pub events: EventCounts,
    /// Grades in force in the job month.
    pub grades: Vec<GradeLine>,
    /// Each insured person's premium line.
    pub premiums: Vec<PremiumLine>,
    /// The employer notices (納入告知), one per office.
    pub notices: Vec<EmployerNotice>,
    /// The service month's receipts file, read and checked.
    pub receipts: ReceiptsResult,
    /// 高額療養費, 付加給付 and 医療費通知 of the service month.
    pub benefits: BenefitsResult,
    /// 医療費通知 and the target lists, handed out through access decisions, and the log.
    pub access: AccessResult,
    /// Wall time per stage.
    pub stages: Vec<StageTime>,
}

struct Timer {
    stages: Vec<StageTime>,
    start: Instant,
}

impl Timer {
    fn new() -> Self {
        Timer {
            stages: Vec::new(),
            start: Instant::now(),
        }
    }
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        let d: Duration = now - self.start;
        self.stages.push(StageTime {
            stage,
            millis: d.as_millis(),
        });
        self.start = now;
    }
}

/// Builds the member master from the history and applies the job month's notifications.
pub fn apply_events(
    society: &DemoSociety,
    progress: &Progress,
) -> Result<(MemberMaster, EventCounts), CliError> {
    let job = job_month();
    let mut master = MemberMaster::new();
    let mut counts = EventCounts::default();
    let bar = progress.bar(
        "適用 notifications",
        society.history.len() + society.month_events.len(),
    );
    for chunk in society.history.chunks(4096) {
        let report = master.apply_all(chunk);
        counts.history_applied += report.applied;
        counts.history_rejected += report.rejected.len();
        bar.inc(chunk.len());
    }
    let report = master.apply_all(&society.month_events);
    bar.inc(society.month_events.len());
    counts.month_rejected += report.rejected.len();
    for e in &society.month_events {
        *counts.month_by_kind.entry(e.kind()).or_default() += 1;
    }
    let late: Vec<MemberEvent> = master.late_elderly_losses_in(job);
    counts.late_elderly_losses = late.len();
    let report = master.apply_all(&late);
    counts.month_rejected += report.rejected.len();
    bar.finish();
    let end = job.last_day();
    counts.persons = master.len();
    for p in master.persons() {
        if p.is_eligible_on(end) {
            if p.is_dependent() {
                counts.dependants_eligible += 1;
            } else {
                counts.insured_eligible += 1;
            }
        }
    }
    Ok((master, counts))
}

fn regular(
    year: i32,
    acquired_on: NaiveDate,
    previous: Option<Grade>,
    pay: &[MonthPay],
) -> Result<Option<StandardDecision>, CliError> {
    let months: Vec<MonthPay> = pay
        .iter()
        .filter(|m| m.month.year() == year && (4..=6).contains(&m.month.month()))
        .copied()
        .collect();
    let input = RegularDeterminationInput {
        year,
        worker: WorkerKind::Regular,
        acquired_on,
        previous,
        revision_effective_from: None,
        months,
    };
    match regular_determination(&input).map_err(|e| CliError::demo("standard remuneration", e))? {
        RegularOutcome::Decided(d) => Ok(Some(d)),
        _ => Ok(None),
    }
}

/// The grade in force in the job month for one insured person: the decision at acquisition, then
/// the 定時決定 of 2025 and 2026 where the person takes part.
pub fn grade_for_job_month(p: &InsuredPlan) -> Result<Option<GradeLine>, CliError> {
    grade_in(p, job_month())
}

/// The grade in force in `month` for one insured person (see [`grade_for_job_month`]).
pub fn grade_in(p: &InsuredPlan, month: YearMonth) -> Result<Option<GradeLine>, CliError> {
    let job = month;
    let mut decisions: Vec<(&'static str, StandardDecision)> = Vec::new();
    let acquisition_month = YearMonth::of(p.acquired);
    let first_pay = p
        .pay
        .iter()
        .find(|m| !m.partial_period)
        .or(p.pay.first())
        .map(|m| m.amount);
    if acquisition_month >= super::society::first_pay_month() {
        if let Some(amount) = first_pay {
            let d = decide_at_acquisition(p.acquired, AcquisitionRemuneration::Monthly { amount })
                .map_err(|e| CliError::demo("standard remuneration", e))?;
            decisions.push(("acquisition", d));
        }
    }
    for year in [2025, 2026] {
        let previous = decisions.last().map(|(_, d)| d.grade);
        if let Some(d) = regular(year, p.acquired, previous, &p.pay)? {
            decisions.push(("regular", d));
        }
    }
    Ok(decisions
        .into_iter()
        .filter(|(_, d)| d.effective_from <= job)
        .max_by_key(|(_, d)| d.effective_from)
        .map(|(by, d)| GradeLine {
            key: p.key.clone(),
            decided_by: by,
            grade: d.grade.number,
            standard_monthly: d.grade.standard_monthly,
            effective_from: d.effective_from,
        }))
}

/// The job month's premium of one insured person.
fn premium_line(
    config: &SocietyConfig,
    p: &InsuredPlan,
    office: OfficeCode,
    grade: Option<&GradeLine>,
) -> Result<PremiumLine, CliError> {
    let job = job_month();
    let coverage = Coverage {
        acquired_on: p.acquired,
        lost_on: p.loss_date(),
    };
    let decision = month_charge(&coverage, p.identity.birth_date, &p.leaves, job)
        .map_err(|e| CliError::demo("premiums", e))?;
    let charged = decision.charge == Charge::Charged;
    let breakdown = match (charged, grade) {
        (true, Some(g)) => {
            let grade = Grade::from_standard_monthly(g.standard_monthly)
                .map_err(|e| CliError::demo("premiums", e))?;
            let mut subject = PremiumSubject::new(p.identity.birth_date, p.payment);
            subject.dependant_birth_dates = p
                .dependants_on(job.first_day())
                .map(|d| d.identity.birth_date)
                .collect();
            Some(
                monthly_premium(config, job, grade, &subject)
                    .map_err(|e| CliError::demo("premiums", e))?,
            )
        }
        _ => None,
    };
    let label = |v: serde_json::Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
    let charge = match decision.charge {
        Charge::Charged => "charged".to_owned(),
        Charge::NotInsured => "not_insured".to_owned(),
        Charge::Exempt { leave } => format!(
            "exempt_{}",
            serde_json::to_value(leave).map_or_else(|_| "leave".to_owned(), label)
        ),
        _ => "not_charged".to_owned(),
    };
    Ok(PremiumLine {
        key: p.key.clone(),
        office,
        charge,
        breakdown,
    })
}

/// Runs the monthly job on `society` with the society configuration `config`; the receipts
/// file is written to (and read from) `out_dir`.
pub fn run(
    society: &DemoSociety,
    config: &SocietyConfig,
    out_dir: &std::path::Path,
    progress: &Progress,
) -> Result<(MemberMaster, JobResult), CliError> {
    let mut timer = Timer::new();
    let (mut master, events) = apply_events(society, progress)?;
    timer.lap("events");

    let job = job_month();
    let bar = progress.bar("標準報酬 grades", society.insured.len());
    let mut grades = Vec::with_capacity(society.insured.len());
    for p in &society.insured {
        if let Some(g) = grade_for_job_month(p)? {
            grades.push(g);
        }
        bar.inc(1);
    }
    bar.finish();
    timer.lap("grades");

    let bar = progress.bar("保険料 premiums", society.insured.len());
    let by_key: BTreeMap<&MemberKey, &GradeLine> = grades.iter().map(|g| (&g.key, g)).collect();
    let mut premiums = Vec::with_capacity(society.insured.len());
    let mut per_office: BTreeMap<OfficeCode, Vec<PremiumBreakdown>> = BTreeMap::new();
    for p in &society.insured {
        bar.inc(1);
        let gone_before = p.loss_date().is_some_and(|l| l <= job.first_day());
        if p.acquired > job.last_day() || gone_before {
            continue;
        }
        let Some(office) = society.offices.get(p.office).map(|o| o.code.clone()) else {
            continue;
        };
        let line = premium_line(config, p, office.clone(), by_key.get(&p.key).copied())?;
        if let Some(b) = &line.breakdown {
            per_office.entry(office).or_default().push(b.clone());
        }
        premiums.push(line);
    }
    bar.finish();
    let mut notices = Vec::with_capacity(per_office.len());
    for (office, lines) in per_office {
        notices.push(
            EmployerNotice::from_breakdowns(office, job, &lines)
                .map_err(|e| CliError::demo("notices", e))?,
        );
    }
    timer.lap("premiums");

    let service = super::society::service_month();
    let insurer = config.insurer_number.clone().ok_or_else(|| {
        CliError::demo(
            "receipts",
            "the society configuration has no insurer_number (保険者番号), which receipts carry",
        )
    })?;
    std::fs::create_dir_all(out_dir).map_err(|source| CliError::Write {
        path: out_dir.to_path_buf(),
        source,
    })?;
    let written = super::receipts::write_file(society, &insurer, service, out_dir, progress)?;
    timer.lap("receipts written");
    let receipts = super::receipts::read_and_check(
        &out_dir.join(super::receipts::RECEIPT_FILE),
        written,
        &society.planted.dialysis,
        &master,
        &insurer,
        &config.name,
        progress,
    )?;
    timer.lap("receipts read and checked");
    let benefits =
        super::benefits::run(society, &master, config, &receipts.units, service, progress)?;
    timer.lap("benefits");
    let rows_by_household = super::benefits::rows_by_household(&master, &receipts.rows);
    let access = super::access::run(
        society,
        &mut master,
        &rows_by_household,
        &receipts.diagnoses,
        service,
        out_dir,
        progress,
    )?;
    timer.lap("access (notices, lists, log)");

    Ok((
        master,
        JobResult {
            month: job,
            events,
            grades,
            premiums,
            notices,
            receipts,
            benefits,
            access,
            stages: timer.stages,
        },
    ))
}
