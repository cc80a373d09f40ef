//! Grades (標準報酬月額) decided from the month's pay reports, then every insured person's
//! premium, the bonus premiums and the employer notices.

use std::collections::BTreeMap;

use kenpo_domain::calendar::{FiscalYear, YearMonth};
use kenpo_domain::identifiers::{MemberKey, OfficeCode};
use kenpo_domain::member::{EligibilityPeriod, MemberMaster, PersonRecord, Role};
use kenpo_domain::notification::PayReport;
use kenpo_domain::premium::{
    bonus_charge_with, bonus_premium_with, month_charge_with, monthly_premium_with, Charge,
    Coverage, EmployerNotice, LeaveKind, PremiumBreakdown, PremiumSubject,
};
use kenpo_domain::standard_remuneration::{
    decide_at_acquisition_with, occasional_revision, regular_determination_with, standard_bonus,
    AcquisitionRemuneration, BonusPayment, DecisionKind, Grade, OccasionalRevisionInput,
    RegularDeterminationInput, RegularOutcome, RevisionOutcome,
};
use kenpo_domain::Yen;

use super::{MonthInput, Progress, RunOptions, Timer};
use crate::error::MonthError;
use crate::results::PremiumLine;
use crate::state::{BonusRecord, CarriedState, GradeRecord, GradeSource};

pub(crate) struct Grades {
    pub decided: Vec<GradeRecord>,
    pub notes: Vec<(MemberKey, String)>,
    pub premiums: Vec<PremiumLine>,
    pub notices: Vec<EmployerNotice>,
    pub bonuses: Vec<BonusRecord>,
    pub pay_by_kind: BTreeMap<String, usize>,
}

/// The grade in force in `month`: this month's decisions first, then those on record.
pub(crate) fn grade_in<'a>(
    state: &'a CarriedState,
    new: &'a BTreeMap<MemberKey, Vec<GradeRecord>>,
    key: &MemberKey,
    month: YearMonth,
) -> Option<&'a GradeRecord> {
    let fresh = new.get(key).and_then(|v| {
        v.iter()
            .rev()
            .filter(|g| g.effective_from <= month)
            .max_by_key(|g| g.effective_from)
    });
    let old = state.grade_in(key, month);
    match (fresh, old) {
        (Some(f), Some(o)) if o.effective_from > f.effective_from => Some(o),
        (Some(f), _) => Some(f),
        (None, o) => o,
    }
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

#[allow(clippy::too_many_arguments)]
fn decide(
    input: &MonthInput<'_>,
    master: &MemberMaster,
    state: &CarriedState,
    options: &RunOptions,
    new: &mut BTreeMap<MemberKey, Vec<GradeRecord>>,
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
    let record = master
        .record(key)
        .filter(|r| matches!(r.role(), Role::Insured))
        .ok_or_else(|| {
            bad(format!(
                "{}: not an insured person in the master",
                key.masked()
            ))
        })?;
    let payment = state.payment_of(key);
    let push = |new: &mut BTreeMap<MemberKey, Vec<GradeRecord>>, g: GradeRecord| {
        new.entry(g.key.clone()).or_default().push(g);
    };
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
            let previous = grade_in(state, new, key, july).map(|g| g.grade);
            let revised = state
                .grades
                .get(key)
                .into_iter()
                .flatten()
                .chain(new.get(key).into_iter().flatten())
                .filter(|g| g.source == GradeSource::Occasional)
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
            let current = grade_in(state, new, key, before)
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
    master: &MemberMaster,
    state: &CarriedState,
    options: &RunOptions,
    progress: &dyn Progress,
    timer: &mut Timer,
) -> Result<Grades, MonthError> {
    let month = input.month;
    let mut new: BTreeMap<MemberKey, Vec<GradeRecord>> = BTreeMap::new();
    let mut notes = Vec::new();
    let mut pay_by_kind: BTreeMap<String, usize> = BTreeMap::new();
    for p in input.pay {
        *pay_by_kind.entry(p.report.kind().to_owned()).or_default() += 1;
        let r = decide(
            input,
            master,
            state,
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
    let decided: Vec<GradeRecord> = new.values().flatten().cloned().collect();
    timer.lap("標準報酬 grades", input.pay.len());

    // Premiums of every insured person insured in the month.
    let insured: Vec<&PersonRecord> = master
        .persons()
        .filter(|p| matches!(p.role(), Role::Insured) && p.is_eligible_in(month))
        .collect();
    progress.start("保険料 premiums", insured.len() as u64);
    let mut premiums = Vec::with_capacity(insured.len());
    let mut per_office: BTreeMap<OfficeCode, Vec<PremiumBreakdown>> = BTreeMap::new();
    let empty = Vec::new();
    for (i, record) in insured.iter().enumerate() {
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
        let leaves = input.facts.leaves.get(key).unwrap_or(&empty);
        let office = master
            .person(
                key,
                month.last_day().min(
                    period
                        .lost
                        .and_then(|l| l.pred_opt())
                        .unwrap_or(month.last_day()),
                ),
            )
            .and_then(|v| v.office.cloned());
        let charge = month_charge_with(&coverage, birth, leaves, month, options.explain)
            .map_err(|e| MonthError::rule("premiums", e))?;
        let grade = grade_in(state, &new, key, month);
        let mut line = PremiumLine {
            key: key.clone(),
            office: office.clone(),
            base: "monthly",
            charge: charge_label(charge.charge),
            standard: Yen::ZERO,
            total: rust_decimal::Decimal::ZERO,
            employee: Yen::ZERO,
            employer: rust_decimal::Decimal::ZERO,
            care: false,
        };
        if charge.charge == Charge::Charged {
            match grade {
                None => line.charge = "no_grade",
                Some(g) => {
                    let mut subject = PremiumSubject::new(birth, g.payment);
                    if let Some(h) = master.household(key, month) {
                        subject.dependant_birth_dates = h
                            .dependents
                            .iter()
                            .filter_map(|d| master.record(d).and_then(PersonRecord::birth_date))
                            .collect();
                    }
                    let b = monthly_premium_with(
                        input.config,
                        month,
                        g.grade,
                        &subject,
                        options.explain,
                    )
                    .map_err(|e| MonthError::rule("premiums", e))?;
                    line.standard = b.base;
                    line.total = b.total;
                    line.employee = b.employee;
                    line.employer = b.employer;
                    line.care = b.care.is_some();
                    if let Some(o) = &office {
                        per_office.entry(o.clone()).or_default().push(b);
                    }
                }
            }
        }
        premiums.push(line);
    }
    progress.finish("保険料 premiums");
    timer.lap("保険料 premiums", insured.len());

    // Bonus premiums (賞与支払届 of the month), with the fiscal-year cap from the record.
    let mut bonuses = Vec::new();
    for p in input.pay {
        let PayReport::Bonus {
            key,
            paid_on,
            amount,
        } = &p.report
        else {
            continue;
        };
        let Some(record) = master.record(key) else {
            continue;
        };
        let fy = FiscalYear::of(*paid_on);
        let before = state
            .bonuses
            .get(key)
            .into_iter()
            .flatten()
            .chain(bonuses.iter().filter(|b: &&BonusRecord| &b.key == key))
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
        let leaves = input.facts.leaves.get(key).unwrap_or(&empty);
        let charge = bonus_charge_with(&coverage, birth, leaves, *paid_on, options.explain)
            .map_err(|e| bad(e.to_string()))?;
        let office = master.person(key, *paid_on).and_then(|v| v.office.cloned());
        let mut line = PremiumLine {
            key: key.clone(),
            office: office.clone(),
            base: "bonus",
            charge: charge_label(charge.charge),
            standard: sb.standard,
            total: rust_decimal::Decimal::ZERO,
            employee: Yen::ZERO,
            employer: rust_decimal::Decimal::ZERO,
            care: false,
        };
        if charge.charge == Charge::Charged && YearMonth::of(*paid_on) == month {
            let subject = PremiumSubject::new(birth, state.payment_of(key));
            let b = bonus_premium_with(input.config, month, sb.standard, &subject, options.explain)
                .map_err(|e| MonthError::rule("bonus premiums", e))?;
            line.total = b.total;
            line.employee = b.employee;
            line.employer = b.employer;
            line.care = b.care.is_some();
            if let Some(o) = &office {
                per_office.entry(o.clone()).or_default().push(b);
            }
        }
        premiums.push(line);
    }

    let mut notices = Vec::with_capacity(per_office.len());
    for (office, lines) in per_office {
        notices.push(
            EmployerNotice::from_breakdowns(office, month, &lines)
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
