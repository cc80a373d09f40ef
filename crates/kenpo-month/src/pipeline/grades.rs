//! Grades (標準報酬月額) decided from the month's pay reports, then every insured person's
//! premium, the bonus premiums and the employer notices.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use kenpo_domain::calendar::{FiscalYear, YearMonth};
use kenpo_domain::identifiers::{MemberKey, OfficeCode};
use kenpo_domain::member::{EligibilityPeriod, PersonRecord, Role};
use kenpo_domain::notification::PayReport;
use kenpo_domain::premium::{
    bonus_charge_with, month_charge_with, Charge, Coverage, EmployerNotice, LeaveKind,
    MonthPremiums, NoticeSums, PremiumSubject,
};
use kenpo_domain::standard_remuneration::{
    decide_at_acquisition_with, leave_end_revision_with, occasional_revision,
    regular_determination_with, standard_bonus, AcquisitionRemuneration, BonusPayment,
    DecisionKind, EndedLeave, Grade, LeaveEndRevisionInput, OccasionalRevisionInput,
    RegularDeterminationInput, RegularOutcome, RevisionOutcome,
};
use kenpo_domain::Yen;

use super::roster::{FxHashMap, PersonId, Roster};
use super::{ByPerson, MonthInput, Progress, RunOptions, Timer};
use crate::error::MonthError;
use crate::results::PremiumLine;
use crate::state::{last_payment, latest_grade, BonusRecord, GradeRecord, GradeSource};

pub(crate) struct Grades {
    pub decided: Vec<GradeRecord>,
    pub notes: Vec<(MemberKey, String)>,
    pub premiums: Vec<PremiumLine>,
    pub notices: Vec<EmployerNotice>,
    pub bonuses: Vec<BonusRecord>,
    pub pay_by_kind: BTreeMap<String, usize>,
}

/// The grade in force in `month` for person `id`: this month's decisions `new` first, then
/// those on record.
pub(crate) fn grade_in<'a>(
    by: &ByPerson<'a>,
    new: &'a [Vec<GradeRecord>],
    id: PersonId,
    month: YearMonth,
) -> Option<&'a GradeRecord> {
    let fresh = new.get(id as usize).and_then(|v| latest_grade(v, month));
    let old = by.grades[id as usize].and_then(|v| latest_grade(v, month));
    match (fresh, old) {
        (Some(f), Some(o)) if o.effective_from > f.effective_from => Some(o),
        (Some(f), _) => Some(f),
        (None, o) => o,
    }
}

/// The office of person `id` on `on` ([`kenpo_domain::member::MemberMaster::person`]).
fn office_on(roster: &Roster<'_>, id: PersonId, on: NaiveDate) -> Option<OfficeCode> {
    roster.view_on(id, on).and_then(|v| v.office.cloned())
}

/// The period of `record` that overlaps `month` (the latest), else the latest begun before it.
pub(crate) fn period_in(record: &PersonRecord, month: YearMonth) -> Option<&EligibilityPeriod> {
    record
        .periods()
        .iter()
        .rev()
        .find(|p| p.overlaps_month(month))
        .or_else(|| {
            record
                .periods()
                .iter()
                .rev()
                .find(|p| p.acquired <= month.last_day())
        })
}

fn charge_label(c: Charge) -> &'static str {
    match c {
        Charge::Charged => "charged",
        Charge::NotInsured => "not_insured",
        Charge::Exempt {
            leave: LeaveKind::Maternity,
        } => "exempt_maternity",
        Charge::Exempt { .. } => "exempt_childcare",
        _ => "not_charged",
    }
}

/// Where a report's decision falls among one person's: the first month it takes effect, and
/// within a month the opening and acquisition grades, then the revisions (随時改定, leave ends),
/// then the 定時決定 (which a revision from July to September excludes), then bonuses.
fn decision_order(report: &PayReport) -> (YearMonth, u8) {
    match report {
        PayReport::Opening { .. } | PayReport::Acquisition { .. } => (report.month(), 0),
        PayReport::Revision { .. } | PayReport::LeaveEnd { .. } => (report.month(), 1),
        // Decided with the July run, in force from September (第41条第2項).
        PayReport::Regular { .. } => (report.month().add_months(2), 2),
        _ => (report.month(), 3),
    }
}

/// `true` when `later` is the same filing as `earlier` made again (a corrected report): the
/// same person, form and decision (the acquisition day, the 算定基礎届's year, the first month
/// of a 月額変更届, the leave and its last day, the opening grade's first month).
fn same_filing(earlier: &PayReport, later: &PayReport) -> bool {
    earlier.key() == later.key()
        && match (earlier, later) {
            (
                PayReport::Acquisition { acquired: a, .. },
                PayReport::Acquisition { acquired: b, .. },
            ) => a == b,
            (PayReport::Regular { year: a, .. }, PayReport::Regular { year: b, .. }) => a == b,
            (
                PayReport::Revision { first_month: a, .. },
                PayReport::Revision { first_month: b, .. },
            ) => a == b,
            (
                PayReport::LeaveEnd {
                    leave: a,
                    leave_ended_on: x,
                    ..
                },
                PayReport::LeaveEnd {
                    leave: b,
                    leave_ended_on: y,
                    ..
                },
            ) => a == b && x == y,
            (
                PayReport::Opening {
                    effective_from: a, ..
                },
                PayReport::Opening {
                    effective_from: b, ..
                },
            ) => a == b,
            _ => false,
        }
}

#[allow(clippy::too_many_arguments)]
fn decide(
    input: &MonthInput<'_>,
    roster: &Roster<'_>,
    by: &ByPerson<'_>,
    options: &RunOptions,
    new: &mut [Vec<GradeRecord>],
    notes: &mut Vec<(MemberKey, String)>,
    position: &str,
    report: &PayReport,
) -> Result<(), MonthError> {
    let month = input.month;
    let bad = |problem: String| MonthError::Input {
        what: "pay report",
        position: position.to_owned(),
        problem,
    };
    let key = report.key();
    let (id, record) = roster
        .id(key)
        .map(|id| (id, roster.record(id)))
        .filter(|(_, r)| matches!(r.role(), Role::Insured))
        .ok_or_else(|| {
            bad(format!(
                "{}: not an insured person in the master",
                key.masked()
            ))
        })?;
    let payment = last_payment(by.grades[id as usize]);
    let push = |new: &mut [Vec<GradeRecord>], g: GradeRecord| new[id as usize].push(g);
    match report {
        PayReport::Acquisition {
            acquired,
            amount,
            payment,
            ..
        } => {
            let d = decide_at_acquisition_with(
                *acquired,
                AcquisitionRemuneration::Monthly { amount: *amount },
                options.explain,
            )
            .map_err(|e| bad(e.to_string()))?;
            push(
                new,
                GradeRecord {
                    key: key.clone(),
                    source: GradeSource::Acquisition,
                    grade: d.grade,
                    remuneration: d.monthly_remuneration,
                    effective_from: d.effective_from,
                    decided_in: month,
                    payment: *payment,
                },
            );
        }
        PayReport::Opening {
            standard_monthly,
            effective_from,
            payment,
            ..
        } => {
            let grade =
                Grade::from_standard_monthly(*standard_monthly).map_err(|e| bad(e.to_string()))?;
            push(
                new,
                GradeRecord {
                    key: key.clone(),
                    source: GradeSource::Opening,
                    grade,
                    remuneration: None,
                    effective_from: *effective_from,
                    decided_in: month,
                    payment: *payment,
                },
            );
        }
        PayReport::Regular {
            year,
            worker,
            months,
            ..
        } => {
            let july = YearMonth::new(*year, 7).map_err(|e| bad(e.to_string()))?;
            let acquired_on = period_in(record, july)
                .map(|p| p.acquired)
                .ok_or_else(|| bad("not insured in July of the year".into()))?;
            let previous = grade_in(by, new, id, july).map(|g| g.grade);
            let revised = by.grades[id as usize]
                .into_iter()
                .flatten()
                .chain(&new[id as usize])
                .filter(|g| g.source.is_revision())
                .map(|g| g.effective_from)
                .filter(|m| *m >= july && *m <= july.add_months(2))
                .max();
            let input = RegularDeterminationInput {
                year: *year,
                worker: *worker,
                acquired_on,
                previous,
                revision_effective_from: revised,
                months: months.clone(),
            };
            match regular_determination_with(&input, options.explain)
                .map_err(|e| bad(e.to_string()))?
            {
                RegularOutcome::Decided(d) => push(
                    new,
                    GradeRecord {
                        key: key.clone(),
                        source: GradeSource::Regular,
                        grade: d.grade,
                        remuneration: d.monthly_remuneration,
                        effective_from: d.effective_from,
                        decided_in: month,
                        payment,
                    },
                ),
                RegularOutcome::Excluded { reason, .. } => {
                    notes.push((key.clone(), format!("regular excluded: {reason:?}")));
                }
                _ => notes.push((key.clone(), "regular: no decision".into())),
            }
        }
        PayReport::Revision {
            first_month,
            change,
            worker,
            months,
            ..
        } => {
            let before = first_month.add_months(2);
            let current = grade_in(by, new, id, before)
                .ok_or_else(|| bad(format!("no grade on record for {before}")))?;
            let input = OccasionalRevisionInput {
                worker: *worker,
                current: current.grade,
                current_remuneration: current.remuneration,
                change: *change,
                first_month: *first_month,
                months: months.clone(),
            };
            match occasional_revision(&input).map_err(|e| bad(e.to_string()))? {
                RevisionOutcome::Revised(d) if d.kind == DecisionKind::Occasional => push(
                    new,
                    GradeRecord {
                        key: key.clone(),
                        source: GradeSource::Occasional,
                        grade: d.grade,
                        remuneration: d.monthly_remuneration,
                        effective_from: d.effective_from,
                        decided_in: month,
                        payment,
                    },
                ),
                RevisionOutcome::NotRevised { reason, .. } => {
                    notes.push((key.clone(), format!("revision refused: {reason:?}")));
                }
                _ => notes.push((key.clone(), "revision: no decision".into())),
            }
        }
        PayReport::LeaveEnd {
            leave,
            leave_ended_on,
            another_leave_follows,
            worker,
            months,
            ..
        } => {
            let revised_from = report.month();
            let before = revised_from.add_months(-1);
            let current = grade_in(by, new, id, before)
                .ok_or_else(|| bad(format!("no grade on record for {before}")))?;
            // The other leave starting the day after, as the leaves on record show it (法43条の2
            // 第1項・43条の3第1項ただし書), even when the report does not say so.
            let other = match leave {
                EndedLeave::Childcare => LeaveKind::Maternity,
                EndedLeave::Maternity => LeaveKind::Childcare,
            };
            let follows = *another_leave_follows
                || leave_ended_on.succ_opt().is_some_and(|next| {
                    by.leaves[id as usize]
                        .into_iter()
                        .flatten()
                        .any(|l| l.kind == other && l.first_day == next)
                });
            let input = LeaveEndRevisionInput {
                leave: *leave,
                leave_ended_on: *leave_ended_on,
                another_leave_follows: follows,
                worker: *worker,
                current: current.grade,
                months: months.clone(),
            };
            match leave_end_revision_with(&input, options.explain)
                .map_err(|e| bad(e.to_string()))?
            {
                RevisionOutcome::Revised(d) => {
                    let source = match d.kind {
                        DecisionKind::MaternityLeaveEnd => GradeSource::MaternityLeaveEnd,
                        _ => GradeSource::ChildcareLeaveEnd,
                    };
                    push(
                        new,
                        GradeRecord {
                            key: key.clone(),
                            source,
                            grade: d.grade,
                            remuneration: d.monthly_remuneration,
                            effective_from: d.effective_from,
                            decided_in: month,
                            payment,
                        },
                    );
                }
                RevisionOutcome::NotRevised { reason, .. } => {
                    notes.push((
                        key.clone(),
                        format!("leave-end revision refused: {reason:?}"),
                    ));
                }
                _ => notes.push((key.clone(), "leave-end revision: no decision".into())),
            }
        }
        PayReport::Bonus { .. } => {}
        _ => notes.push((
            key.clone(),
            format!("{}: not read by this version", report.kind()),
        )),
    }
    Ok(())
}

pub(crate) fn run(
    input: &MonthInput<'_>,
    roster: &Roster<'_>,
    by: &ByPerson<'_>,
    options: &RunOptions,
    progress: &dyn Progress,
    timer: &mut Timer,
) -> Result<Grades, MonthError> {
    let month = input.month;
    // This month's decisions by person number (in key order when flattened).
    let mut new: Vec<Vec<GradeRecord>> = vec![Vec::new(); roster.len()];
    let mut notes = Vec::new();
    let mut pay_by_kind: BTreeMap<String, usize> = BTreeMap::new();
    // Each person's reports in the order their decisions take effect, so that a decision reads
    // the one before it whatever order the reports were filed in: a revision taking effect in
    // July–September is decided before the 定時決定 it excludes (健康保険法 第41条第3項), one
    // taking effect later after it. The sort is stable: reports taking effect in the same
    // month keep their order.
    let mut pay: Vec<&super::PendingPay> = input.pay.iter().collect();
    pay.sort_by(|a, b| {
        (a.report.key(), decision_order(&a.report))
            .cmp(&(b.report.key(), decision_order(&b.report)))
    });
    for (i, p) in pay.iter().enumerate() {
        *pay_by_kind.entry(p.report.kind().to_owned()).or_default() += 1;
        // A report filed again for the same decision (訂正) replaces the earlier one.
        let key = p.report.key();
        if let Some(later) = pay[i + 1..]
            .iter()
            .take_while(|q| q.report.key() == key)
            .find(|q| same_filing(&p.report, &q.report))
        {
            notes.push((
                key.clone(),
                format!("replaced by the later report at {}", later.position),
            ));
            continue;
        }
        let r = decide(
            input,
            roster,
            by,
            options,
            &mut new,
            &mut notes,
            &p.position,
            &p.report,
        );
        match r {
            Ok(()) => {}
            Err(e) if options.accept_valid => notes.push((p.report.key().clone(), e.to_string())),
            Err(e) => return Err(e),
        }
    }
    let decided: Vec<GradeRecord> = new.iter().flatten().cloned().collect();
    timer.lap("標準報酬 grades", input.pay.len());

    // Premiums of every insured person insured in the month: each distinct premium decided
    // once, the notices summed office by office as the lines are made.
    let insured: Vec<(PersonId, &PersonRecord)> = roster
        .iter()
        .filter(|(_, p)| matches!(p.role(), Role::Insured) && p.is_eligible_in(month))
        .collect();
    progress.start("保険料 premiums", insured.len() as u64);
    let mut book = MonthPremiums::new(input.config, month, options.explain);
    let mut premiums = Vec::with_capacity(insured.len());
    let mut per_office: BTreeMap<OfficeCode, NoticeSums> = BTreeMap::new();
    let empty = Vec::new();
    for (i, &(id, record)) in insured.iter().enumerate() {
        if i % 4096 == 4095 {
            progress.advance("保険料 premiums", 4096);
        }
        let key = record.key();
        let Some(period) = period_in(record, month) else {
            continue;
        };
        let coverage = Coverage {
            acquired_on: period.acquired,
            lost_on: period.lost,
        };
        let Some(birth) = record.birth_date() else {
            continue;
        };
        let leaves = by.leaves[id as usize].unwrap_or(&empty);
        let office = office_on(
            roster,
            id,
            month.last_day().min(
                period
                    .lost
                    .and_then(|l| l.pred_opt())
                    .unwrap_or(month.last_day()),
            ),
        );
        let charge = month_charge_with(&coverage, birth, leaves, month, options.explain)
            .map_err(|e| MonthError::rule("premiums", e))?;
        let mut line = PremiumLine {
            key: key.clone(),
            office,
            base: "monthly",
            charge: charge_label(charge.charge),
            standard: Yen::ZERO,
            total: rust_decimal::Decimal::ZERO,
            employee: Yen::ZERO,
            employer: rust_decimal::Decimal::ZERO,
            care: false,
        };
        if charge.charge == Charge::Charged {
            match grade_in(by, &new, id, month) {
                None => line.charge = "no_grade",
                Some(g) => {
                    let mut subject = PremiumSubject::new(birth, g.payment);
                    // The household of the month: the dependants eligible in it.
                    subject.dependant_birth_dates = roster
                        .dependants(id)
                        .map(|d| roster.record(d))
                        .filter(|d| d.is_eligible_in(month))
                        .filter_map(PersonRecord::birth_date)
                        .collect();
                    let b = book
                        .monthly(g.grade, &subject)
                        .map_err(|e| MonthError::rule("premiums", e))?;
                    line.standard = b.base;
                    line.total = b.total;
                    line.employee = b.employee;
                    line.employer = b.employer;
                    line.care = b.care.is_some();
                    if let Some(o) = &line.office {
                        per_office.entry(o.clone()).or_default().add(b);
                    }
                }
            }
        }
        premiums.push(line);
    }
    progress.finish("保険料 premiums");
    timer.lap("保険料 premiums", insured.len());

    // Bonus premiums (賞与支払届 of the month), with the fiscal-year cap from the record.
    let mut bonuses: Vec<BonusRecord> = Vec::new();
    let mut bonuses_of: FxHashMap<PersonId, Vec<usize>> = FxHashMap::default();
    for p in input.pay {
        let PayReport::Bonus {
            key,
            paid_on,
            amount,
        } = &p.report
        else {
            continue;
        };
        let Some(id) = roster.id(key) else {
            continue;
        };
        let record = roster.record(id);
        let fy = FiscalYear::of(*paid_on);
        let this_run = bonuses_of.get(&id).map(Vec::as_slice).unwrap_or_default();
        let before = by.bonuses[id as usize]
            .into_iter()
            .flatten()
            .chain(this_run.iter().map(|&i| &bonuses[i]))
            .filter(|b| FiscalYear::of(b.paid_on) == fy)
            .map(|b| b.cumulative)
            .max()
            .unwrap_or(Yen::ZERO);
        let bad = |e: String| MonthError::Input {
            what: "pay report",
            position: p.position.clone(),
            problem: e,
        };
        let sb = standard_bonus(
            BonusPayment {
                paid_on: *paid_on,
                amount: *amount,
            },
            before,
        )
        .map_err(|e| bad(e.to_string()))?;
        bonuses_of.entry(id).or_default().push(bonuses.len());
        bonuses.push(BonusRecord {
            key: key.clone(),
            paid_on: *paid_on,
            standard: sb.standard,
            cumulative: sb.cumulative,
        });
        let (Some(period), Some(birth)) = (
            period_in(record, YearMonth::of(*paid_on)),
            record.birth_date(),
        ) else {
            continue;
        };
        let coverage = Coverage {
            acquired_on: period.acquired,
            lost_on: period.lost,
        };
        let leaves = by.leaves[id as usize].unwrap_or(&empty);
        let charge = bonus_charge_with(&coverage, birth, leaves, *paid_on, options.explain)
            .map_err(|e| bad(e.to_string()))?;
        let office = office_on(roster, id, *paid_on);
        let mut line = PremiumLine {
            key: key.clone(),
            office,
            base: "bonus",
            charge: charge_label(charge.charge),
            standard: sb.standard,
            total: rust_decimal::Decimal::ZERO,
            employee: Yen::ZERO,
            employer: rust_decimal::Decimal::ZERO,
            care: false,
        };
        if charge.charge == Charge::Charged && YearMonth::of(*paid_on) == month {
            let subject = PremiumSubject::new(birth, last_payment(by.grades[id as usize]));
            let b = book
                .bonus(sb.standard, &subject)
                .map_err(|e| MonthError::rule("bonus premiums", e))?;
            line.total = b.total;
            line.employee = b.employee;
            line.employer = b.employer;
            line.care = b.care.is_some();
            if let Some(o) = &line.office {
                per_office.entry(o.clone()).or_default().add(b);
            }
        }
        premiums.push(line);
    }

    let mut notices = Vec::with_capacity(per_office.len());
    for (office, sums) in per_office {
        notices.push(
            sums.notice(office, month)
                .map_err(|e| MonthError::rule("notices", e))?,
        );
    }
    timer.lap("納入告知 notices and bonuses", notices.len());
    Ok(Grades {
        decided,
        notes,
        premiums,
        notices,
        bonuses,
        pay_by_kind,
    })
}
