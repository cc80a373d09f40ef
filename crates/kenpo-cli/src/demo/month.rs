//! The demo society through the month pipeline: the generated society is imported into a store
//! (its notifications as member events, opening grades as the society's earlier system had
//! them, pay reports, leaves, certificates and checkups), and its months are run by
//! [`kenpo_month::Society`] exactly as an operator's `kenpo run` would, each month's receipt
//! file written in the payment fund's format and read back. One source of truth: grades come
//! from the decisions on record, 高額療養費 from the 多数回 history and tax status on record,
//! the August settlements from the stored sums.
//!
//! Planted on top of the generated month: a household with a long hospital stay in every
//! service month ([`Planted::many_times`]), which reaches 多数回 in its fourth month and whose
//! year reaches the 年間上限.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use kenpo_domain::calendar::YearMonth;
use kenpo_domain::high_cost::SpecifiedDisease;
use kenpo_domain::identifiers::MemberKey;
use kenpo_domain::member::MemberEvent;
use kenpo_domain::notification::{Notification, PayReport};
use kenpo_domain::standard_remuneration::{MonthPay, WorkerKind};
use kenpo_domain::Yen;
use kenpo_month::records::Fact;
use kenpo_month::store::Store;
use kenpo_month::{ImportKind, ReceiptFile, RunOptions, RunReport, Society};

use super::receipts::{write_file, RECEIPT_FILE};
use super::society::{job_month, DemoSociety, InstitutionKind, PlannedReceipt};
use crate::error::CliError;

fn err(step: &'static str) -> impl Fn(kenpo_month::MonthError) -> CliError {
    move |e| CliError::demo(step, e)
}

/// The first month the demo runs (the generator's job month, 2026-09).
pub fn first_month() -> YearMonth {
    job_month()
}

/// The household planted for 多数回 and the 年間上限: the first insured person under 70 who is
/// insured from before the first service month to the end of the demo and has no other plan.
pub fn many_times_household(society: &DemoSociety, months: usize) -> Option<MemberKey> {
    let last = first_month().add_months(i32::try_from(months).unwrap_or(12));
    society
        .insured
        .iter()
        .find(|p| {
            p.acquired < first_month().prev().first_day()
                && p.lost.is_none()
                && p.leaves.is_empty()
                && kenpo_domain::age::elderly_recipient_first_month(p.identity.birth_date)
                    .is_none_or(|m| m > last)
                && !society.planted.visit_after_loss.contains(&p.key)
                && !society.planted.multi_clinic.contains(&p.key)
        })
        .map(|p| p.key.clone())
}

/// The society's records as the demo imports them before its first month: every
/// notification dated before the first month's end, the grades in force (opening balance),
/// leaves, 特定疾病 certificates, checkups.
/// Member events, pay reports and facts.
type Opening = (Vec<Notification>, Vec<Notification>, Vec<Fact>);

fn opening(society: &DemoSociety) -> Result<Opening, CliError> {
    let first = first_month();
    let mut events: Vec<Notification> = society
        .history
        .iter()
        .chain(&society.month_events)
        .cloned()
        .map(Notification::Member)
        .collect();
    events.retain(|n| match n {
        Notification::Member(e) => event_day(e) <= first.last_day(),
        _ => true,
    });
    let mut pay = Vec::new();
    let mut facts = Vec::new();
    for p in &society.insured {
        if YearMonth::of(p.acquired) == first {
            // Acquired in the first month: decided by the run from the 資格取得届's 報酬月額.
            let amount = p
                .pay
                .iter()
                .find(|m| !m.partial_period)
                .or(p.pay.first())
                .map(|m| m.amount);
            if let Some(amount) = amount {
                pay.push(Notification::Pay(PayReport::Acquisition {
                    key: p.key.clone(),
                    acquired: p.acquired,
                    amount,
                    payment: p.payment,
                }));
            }
        } else if let Some(g) = super::job::grade_in(p, first.prev())? {
            // The earlier system's grade in force before the first month.
            pay.push(Notification::Pay(PayReport::Opening {
                key: p.key.clone(),
                standard_monthly: g.standard_monthly,
                effective_from: g.effective_from.min(first.prev()),
                payment: p.payment,
            }));
        }
        for l in &p.leaves {
            facts.push(Fact::Leave {
                key: p.key.clone(),
                leave: *l,
            });
        }
    }
    for key in &society.planted.dialysis {
        facts.push(Fact::Certificate {
            key: key.clone(),
            from: first.prev(),
            disease: SpecifiedDisease::ChronicRenalFailureDialysis,
        });
    }
    facts.extend(society.checkups.iter().cloned().map(Fact::Checkup));
    Ok((events, pay, facts))
}

fn event_day(e: &MemberEvent) -> NaiveDate {
    match e {
        MemberEvent::Acquisition { acquired, .. } => *acquired,
        MemberEvent::DependentAdded { recognized, .. } => *recognized,
        MemberEvent::DependentRemoved { lost, .. } | MemberEvent::Loss { lost, .. } => *lost,
        MemberEvent::Change { effective, .. } => *effective,
        _ => NaiveDate::MIN,
    }
}

/// The pay reports of a later month: the bonuses of December and July, the 算定基礎届 in July
/// (April–June at the last pay with the raise), for persons insured then.
fn month_pay(society: &DemoSociety, month: YearMonth) -> Vec<Notification> {
    let mut out = Vec::new();
    for p in &society.insured {
        let insured =
            p.acquired <= month.first_day() && p.lost.is_none_or(|(l, _)| l > month.last_day());
        if !insured {
            continue;
        }
        let Some(last_pay) = p.pay.last().map(|m| m.amount) else {
            continue;
        };
        if month.month() == 12 || month.month() == 7 {
            let paid_on = NaiveDate::from_ymd_opt(month.year(), month.month(), 10)
                .unwrap_or(month.first_day());
            if p.bonuses.iter().any(|b| b.paid_on.month() == month.month()) || month.year() > 2026 {
                let amount = p.bonuses.first().map_or(last_pay.times(2), |b| b.amount);
                out.push(Notification::Pay(PayReport::Bonus {
                    key: p.key.clone(),
                    paid_on,
                    amount,
                }));
            }
        }
        if month.month() == 7 {
            let april = month.add_months(-3);
            out.push(Notification::Pay(PayReport::Regular {
                key: p.key.clone(),
                year: month.year(),
                worker: WorkerKind::Regular,
                months: (0..3)
                    .map(|i| {
                        let m = april.add_months(i);
                        MonthPay {
                            month: m,
                            base_days: u8::try_from(m.days()).unwrap_or(30),
                            amount: last_pay,
                            partial_period: false,
                        }
                    })
                    .collect(),
            }));
        }
    }
    out
}

/// The receipts of a service month: the generator's plan for its own service month, the same
/// plan shifted to later months (days kept within the month and the eligible days), and the
/// planted 多数回 household's stay.
fn receipts_for(
    society: &DemoSociety,
    service: YearMonth,
    planted: Option<&MemberKey>,
) -> Vec<PlannedReceipt> {
    let base = first_month().prev();
    let mut out: Vec<PlannedReceipt> = if service == base {
        society.receipts.clone()
    } else {
        let last = service.days();
        society
            .receipts
            .iter()
            .filter_map(|r| {
                let plan = society.insured.iter().find(|p| p.key == r.insured)?;
                let end = plan
                    .loss_date()
                    .map_or(service.last_day(), |l| l.pred_opt().unwrap_or(l));
                if plan.acquired > service.first_day() || end < service.last_day() {
                    return None;
                }
                let mut r = r.clone();
                r.days.retain(|d| *d <= last);
                (!r.days.is_empty()).then_some(r)
            })
            .collect()
    };
    if let Some(key) = planted {
        let hospital = society
            .institutions
            .iter()
            .position(|i| i.kind == InstitutionKind::Hospital)
            .unwrap_or(0);
        out.retain(|r| &r.insured != key);
        let points = 100_000;
        let cost = Yen::new(points * 10);
        out.push(PlannedReceipt {
            patient: key.clone(),
            insured: key.clone(),
            institution: hospital,
            prescriber: None,
            inpatient: true,
            days: (1..=10).collect(),
            points,
            total_cost: cost,
            patient_charge: Yen::new(300_000),
            dialysis: false,
        });
    }
    out
}

/// What the demo ran.
#[derive(Debug)]
pub struct DemoRun {
    /// Each month's results and summary JSON, in order.
    pub months: Vec<(YearMonth, Box<kenpo_month::MonthOutcome>, String)>,
    /// The planted 多数回 household.
    pub many_times: Option<MemberKey>,
}

/// Imports the demo society's opening records into `society` (a fresh store): the member
/// events up to the first month's end, the pay reports that decide the first month's grades
/// (opening grades, 資格取得時決定), leaves, certificates and checkups. Nothing is run.
///
/// # Errors
/// The store's or an import's error.
pub fn import_opening<S: Store>(
    demo: &DemoSociety,
    society: &mut Society<S>,
) -> Result<(), CliError> {
    let (events, pay, facts) = opening(demo)?;
    society
        .import_rows(
            ImportKind::Members,
            "demo-members.jsonl",
            events,
            Vec::new(),
        )
        .map_err(err("import members"))?;
    society
        .import_rows(ImportKind::Pay, "demo-pay.jsonl", pay, Vec::new())
        .map_err(err("import pay"))?;
    society
        .import_rows(
            ImportKind::Notifications,
            "demo-facts.jsonl",
            Vec::new(),
            facts,
        )
        .map_err(err("import facts"))?;
    Ok(())
}

/// Writes the receipt file of `month` (its service month is the month before) into
/// `out/YYYY-MM/RECEIPTC.UKE` as the payment fund would send it, and reads it back as the
/// pipeline takes it.
///
/// # Errors
/// A write or read error.
pub fn month_receipts(
    demo: &DemoSociety,
    insurer: &kenpo_domain::identifiers::InsurerNumber,
    month: YearMonth,
    planted: Option<&MemberKey>,
    out: &Path,
) -> Result<ReceiptFile, CliError> {
    let dir = out.join(month.to_string());
    std::fs::create_dir_all(&dir).map_err(|source| CliError::Write {
        path: dir.clone(),
        source,
    })?;
    let plan = receipts_for(demo, month.prev(), planted);
    let mut shifted = demo.clone();
    shifted.receipts = plan;
    write_file(
        &shifted,
        insurer,
        month.prev(),
        &dir,
        &super::Progress::hidden(),
    )?;
    let path = dir.join(RECEIPT_FILE);
    let bytes = std::fs::read(&path).map_err(|e| CliError::file(&path, e))?;
    Ok(ReceiptFile {
        name: format!("{month}/{RECEIPT_FILE}"),
        bytes,
    })
}

/// Imports the demo society into `society` (a fresh store) and runs `months` months through
/// the pipeline, writing each month's receipt file into `out/YYYY-MM/`.
pub fn run_months<S: Store>(
    demo: &DemoSociety,
    society: &mut Society<S>,
    months: usize,
    out: &Path,
    restart: &mut dyn FnMut(&mut Society<S>) -> Result<(), CliError>,
    progress: &dyn kenpo_month::Progress,
) -> Result<DemoRun, CliError> {
    let options = RunOptions::default();
    run_months_with(demo, society, months, out, restart, progress, &options)
}

/// [`run_months`] with run options (a log key, explanations).
pub fn run_months_with<S: Store>(
    demo: &DemoSociety,
    society: &mut Society<S>,
    months: usize,
    out: &Path,
    restart: &mut dyn FnMut(&mut Society<S>) -> Result<(), CliError>,
    progress: &dyn kenpo_month::Progress,
    options: &RunOptions,
) -> Result<DemoRun, CliError> {
    import_opening(demo, society)?;
    let insurer = society
        .config()
        .insurer_number
        .clone()
        .ok_or_else(|| CliError::demo("receipts", "no insurer_number"))?;
    let planted = many_times_household(demo, months);
    let mut run = DemoRun {
        months: Vec::new(),
        many_times: planted.clone(),
    };
    for i in 0..months {
        let month = first_month().add_months(i32::try_from(i).unwrap_or(0));
        restart(society)?;
        if i > 0 {
            let pay = month_pay(demo, month);
            if !pay.is_empty() {
                society
                    .import_rows(
                        ImportKind::Pay,
                        &format!("demo-pay-{month}.jsonl"),
                        pay,
                        Vec::new(),
                    )
                    .map_err(err("import pay"))?;
            }
        }
        let files = [month_receipts(
            demo,
            &insurer,
            month,
            planted.as_ref(),
            out,
        )?];
        let report = society
            .run(month, &files, options, progress)
            .map_err(err("month run"))?;
        if let RunReport::Ran {
            outcome, summary, ..
        } = report
        {
            run.months.push((month, outcome, summary));
        }
    }
    Ok(run)
}
