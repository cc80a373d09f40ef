//! 高額療養費 and 付加給付 per household-month with 多数回 from the history on record; the August
//! settlements (外来年間合算, 年間上限) from the sums on record; the cash benefits claimed.

use std::borrow::Cow;
use std::collections::BTreeMap;

use kenpo_domain::additional_benefit;
use kenpo_domain::benefit_record::{
    find_duplicates, BenefitKind, BenefitRecord, Coverage as PaidCoverage,
};
use kenpo_domain::burial::{self, BurialKind, BurialOutcome};
use kenpo_domain::calendar::YearMonth;
use kenpo_domain::childbirth::{self, ChildbirthBenefitKind, ChildbirthOutcome};
use kenpo_domain::high_cost::{
    build_units, decide_month, settle_annual_cap, settle_outpatient_year, AgeBand, AgeStatus,
    AnnualCapInput, AnnualCapMonth, BenefitHistory, BlockKind, CareSetting, CategoryBasis,
    CostUnit, HighCostError, HighCostOptions, HouseholdMonth, MemberMonth, OutpatientMonth,
    OutpatientYearInput, ReceiptRow, Relation,
};
use kenpo_domain::identifiers::MemberKey;
use kenpo_domain::member::MemberMaster;
use kenpo_domain::sickness_allowance::{
    self, FallbackAverage, SicknessClaim, KYOKAI_KENPO_FALLBACK,
};
use kenpo_domain::Yen;

use super::grades::{period_in, Grades};
use super::receipts::Read;
use super::roster::{PersonId, Roster};
use super::{tax_status_in, ByPerson, MonthInput, Progress, RunOptions};
use crate::error::MonthError;
use crate::records::Fact;
use crate::results::{CashBenefitLine, HouseholdBenefit, Settlement};
use crate::state::{latest_grade, CarriedState, HighCostMonth, OutpatientRecord};

pub(crate) struct HighCost {
    pub households: usize,
    pub lines: Vec<HouseholdBenefit>,
    pub months: Vec<HighCostMonth>,
    pub outpatient: Vec<OutpatientRecord>,
}

fn options_of(options: &RunOptions) -> HighCostOptions {
    HighCostOptions {
        explain: options.explain,
        ..HighCostOptions::default()
    }
}

/// 高額療養費 and 付加給付 of every household-month with receipts. The rows are sorted by
/// household (person number, so key order) and month; each household-month's units are built
/// from its own rows (a unit never spans persons, so these are the units the month's rows
/// give) and decided with the household's history on record.
pub(crate) fn high_cost(
    input: &MonthInput<'_>,
    roster: &Roster<'_>,
    by: &ByPerson<'_>,
    read: &Read,
    options: &RunOptions,
    progress: &dyn Progress,
) -> Result<HighCost, MonthError> {
    let mut order: Vec<(PersonId, YearMonth, u32)> = read
        .unit_rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let h = roster.household(r.person)?;
            Some((h, r.month, u32::try_from(i).ok()?))
        })
        .collect();
    order.sort_unstable();
    let mut groups: Vec<(PersonId, YearMonth, std::ops::Range<usize>)> = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let (h, m, _) = order[start];
        let mut end = start + 1;
        while end < order.len() && order[end].0 == h && order[end].1 == m {
            end += 1;
        }
        groups.push((h, m, start..end));
        start = end;
    }
    let hc_options = options_of(options);
    let mut out = HighCost {
        households: groups.len(),
        lines: Vec::new(),
        months: Vec::new(),
        outpatient: Vec::new(),
    };
    progress.start("高額療養費 high-cost", groups.len() as u64);
    let mut rows: Vec<ReceiptRow> = Vec::new();
    let mut persons: Vec<PersonId> = Vec::new();
    for (n, (h, month, range)) in groups.into_iter().enumerate() {
        if n % 1024 == 1023 {
            progress.advance("高額療養費 high-cost", 1024);
        }
        let household = roster.key(h);
        rows.clear();
        persons.clear();
        persons.push(h);
        for &(_, _, i) in &order[range] {
            let row = &read.unit_rows[i as usize];
            rows.push(row.to_receipt_row(roster.key(row.person)));
            persons.push(row.person);
        }
        let units = build_units(&rows).map_err(|e| MonthError::rule("高額療養費 units", e))?;
        persons.sort_unstable();
        persons.dedup();
        let mut members: Vec<MemberMonth> = Vec::new();
        let insured_birth = roster.record(h).birth_date();
        for &person in &persons {
            let Some(birth) = roster.record(person).birth_date() else {
                continue;
            };
            // A dependant's limits are halved too in the month the insured person turns 75
            // (after its first day), as the dependant leaves kenpo with them (令42条).
            let status = match insured_birth {
                Some(insured) if person != h => AgeStatus::for_dependant(birth, insured, month),
                _ => AgeStatus::for_month(birth, month),
            };
            let age = match status {
                Ok(a) => a,
                Err(HighCostError::NotInsuredInMonth { .. }) => continue,
                Err(e) => return Err(MonthError::rule("高額療養費", e)),
            };
            members.push(MemberMonth {
                person: roster.key(person).clone(),
                relation: if person == h {
                    Relation::Insured
                } else {
                    Relation::Dependant
                },
                age,
            });
        }
        let listed = |k: &MemberKey| members.iter().any(|m| &m.person == k);
        let units: Vec<CostUnit> = units.into_iter().filter(|u| listed(&u.person)).collect();
        if units.is_empty() || !listed(household) {
            continue;
        }
        let standard_monthly = by.grades[h as usize]
            .and_then(|v| latest_grade(v, month))
            .map_or(Yen::ZERO, |g| g.grade.standard_monthly);
        let spell_start = period_in(roster.record(h), month).map(|p| YearMonth::of(p.acquired));
        let history = BenefitHistory {
            spell_start,
            paid: by.high_cost[h as usize]
                .into_iter()
                .flatten()
                .filter(|x| x.month < month)
                .filter_map(HighCostMonth::paid_month)
                .collect(),
        };
        let hm = HouseholdMonth {
            month,
            household: household.clone(),
            basis: CategoryBasis {
                standard_monthly,
                tax_status: tax_status_in(by.tax[h as usize], month),
                reference_income_exemption: false,
            },
            members,
            units,
        };
        let d = decide_month(&hm, &history, &hc_options)
            .map_err(|e| MonthError::rule("高額療養費", e))?;
        let additional = match &input.config.additional_benefits {
            Some(rules) => {
                additional_benefit::decide(rules, &d)
                    .map_err(|e| MonthError::rule("付加給付", e))?
                    .total
            }
            None => Yen::ZERO,
        };
        // 70–74 outpatient charges borne, per person: the person's outpatient units less the
        // 高額療養費 of the blocks made of them alone.
        if let Some(category) = d.elderly_category {
            let mut borne: BTreeMap<&MemberKey, Yen> = BTreeMap::new();
            for m in hm.members.iter().filter(|m| m.age.band == AgeBand::Elderly) {
                let charges: Yen = hm
                    .units
                    .iter()
                    .filter(|u| u.person == m.person && u.setting == CareSetting::Outpatient)
                    .map(|u| u.patient_charge)
                    .sum();
                let own: Yen = d
                    .blocks
                    .iter()
                    .filter(|b| matches!(b.kind, BlockKind::Single(_)))
                    .filter(|b| {
                        b.units.iter().all(|&i| {
                            hm.units.get(i).is_some_and(|u| {
                                u.person == m.person && u.setting == CareSetting::Outpatient
                            })
                        })
                    })
                    .map(|b| b.high_cost)
                    .sum();
                if charges > Yen::ZERO {
                    borne.insert(&m.person, (charges - own).clamp_non_negative());
                }
            }
            for (person, b) in borne {
                out.outpatient.push(OutpatientRecord {
                    person: person.clone(),
                    month,
                    category,
                    borne: b,
                });
            }
        }
        let record = HighCostMonth {
            household: household.clone(),
            month,
            refund: d.refund,
            additional,
            outpatient_only: d.refund > Yen::ZERO && !d.counts_toward_many_times,
            borne: d.borne_on_counted_charges,
            many_times: d.many_times,
        };
        if d.refund > Yen::ZERO || additional > Yen::ZERO {
            let already = if input.already_paid.is_empty() {
                Yen::ZERO
            } else {
                input
                    .already_paid
                    .get(&(household.clone(), month))
                    .copied()
                    .unwrap_or(Yen::ZERO)
            };
            out.lines.push(HouseholdBenefit {
                household: household.clone(),
                month,
                category: d.under70_category.label().to_owned(),
                many_times: d.many_times,
                charges: d.total_charges,
                high_cost: d.refund,
                additional,
                paid_now: d.refund + additional - already,
            });
        }
        out.months.push(record);
    }
    progress.finish("高額療養費 high-cost");
    Ok(out)
}

/// The August settlements of the period that ended with the service month (July): 外来年間合算
/// per 70–74 person and 年間上限 per household (from the period starting August 2026).
pub(crate) fn settlements(
    input: &MonthInput<'_>,
    master: &MemberMaster,
    state: &CarriedState,
    month_hc: &HighCost,
    options: &RunOptions,
) -> Result<Vec<Settlement>, MonthError> {
    let service = input.month.prev();
    if service.month() != 7 {
        return Ok(Vec::new());
    }
    let first = service.add_months(-11);
    let in_period = |m: YearMonth| m >= first && m <= service;
    let hc_options = options_of(options);
    let mut out = Vec::new();

    let mut outpatient: BTreeMap<&MemberKey, Vec<&OutpatientRecord>> = BTreeMap::new();
    for r in state
        .outpatient
        .values()
        .flatten()
        .chain(&month_hc.outpatient)
    {
        if in_period(r.month) {
            outpatient.entry(&r.person).or_default().push(r);
        }
    }
    for (person, mut records) in outpatient {
        records.sort_by_key(|r| r.month);
        let Some(last) = records.last() else { continue };
        let input = OutpatientYearInput {
            first_month: first,
            category_on_base_date: last.category,
            months: records
                .iter()
                .map(|r| OutpatientMonth {
                    month: r.month,
                    category: r.category,
                    outpatient_borne: r.borne,
                })
                .collect(),
        };
        let d = settle_outpatient_year(&input, &hc_options)
            .map_err(|e| MonthError::rule("外来年間合算", e))?;
        if d.refund > Yen::ZERO {
            out.push(Settlement {
                kind: "outpatient_year",
                subject: person.clone(),
                period_from: first,
                counted: d.counted,
                cap: d.cap,
                refund: d.refund,
            });
        }
    }

    let mut households: BTreeMap<&MemberKey, Vec<&HighCostMonth>> = BTreeMap::new();
    for h in state.high_cost.values().flatten().chain(&month_hc.months) {
        if in_period(h.month) {
            households.entry(&h.household).or_default().push(h);
        }
    }
    for (household, mut months) in households {
        months.sort_by_key(|h| h.month);
        let Some(birth) = master.record(household).and_then(|r| r.birth_date()) else {
            continue;
        };
        let Ok(age) = AgeStatus::for_month(birth, service) else {
            continue;
        };
        let basis = CategoryBasis {
            standard_monthly: state
                .grade_in(household, service)
                .map_or(Yen::ZERO, |g| g.grade.standard_monthly),
            tax_status: input.facts.tax_status(household, service),
            reference_income_exemption: false,
        };
        let cap_input = AnnualCapInput {
            first_month: first,
            basis,
            band: age.band,
            months: months
                .iter()
                .map(|h| AnnualCapMonth {
                    month: h.month,
                    borne: h.borne,
                    benefit_paid: h.refund > Yen::ZERO,
                })
                .collect(),
        };
        match settle_annual_cap(&cap_input, &hc_options) {
            Ok(d) if d.refund > Yen::ZERO => out.push(Settlement {
                kind: "annual_cap",
                subject: household.clone(),
                period_from: first,
                counted: d.counted,
                cap: d.cap,
                refund: d.refund,
            }),
            Ok(_) => {}
            // Periods before August 2026 have no annual cap.
            Err(HighCostError::NoAnnualCap { .. }) => break,
            Err(e) => return Err(MonthError::rule("年間上限", e)),
        }
    }
    Ok(out)
}

pub(crate) struct Cash {
    pub lines: Vec<CashBenefitLine>,
    pub paid: Vec<BenefitRecord>,
}

fn fallback(input: &MonthInput<'_>) -> Vec<FallbackAverage> {
    if input.config.sickness_allowance_fallback.is_empty() {
        return KYOKAI_KENPO_FALLBACK.to_vec();
    }
    input
        .config
        .sickness_allowance_fallback
        .iter()
        .map(|d| FallbackAverage {
            effective_from: d.effective_from.first_day(),
            amount: d.value,
            source: Cow::Borrowed("society configuration (sickness_allowance_fallback)"),
        })
        .collect()
}

/// The cash benefits claimed this month, each checked against the benefits on record
/// ([`find_duplicates`]) before it is paid.
pub(crate) fn cash(
    input: &MonthInput<'_>,
    master: &MemberMaster,
    state: &CarriedState,
    _grades: &Grades,
    _options: &RunOptions,
) -> Result<Cash, MonthError> {
    let mut out = Cash {
        lines: Vec::new(),
        paid: Vec::new(),
    };
    let fallback = fallback(input);
    for c in input.claims {
        let bad = |problem: String| MonthError::Input {
            what: "claim",
            position: c.position.clone(),
            problem,
        };
        let (kind, key, decision, amount, record) = match &c.claim {
            Fact::SicknessClaim {
                key,
                decision,
                days,
                ..
            } => {
                let through = days.last().map_or(input.month, |d| YearMonth::of(d.date));
                let record = master.record(key);
                let history = state.standard_monthly_history(key, through, |m| {
                    record.is_some_and(|r| r.is_eligible_in(m))
                });
                let claim = SicknessClaim {
                    days: days.clone(),
                    history,
                    ..SicknessClaim::default()
                };
                let s = sickness_allowance::schedule(&claim, &fallback)
                    .map_err(|e| bad(e.to_string()))?;
                let paid_days: Vec<_> = s
                    .days
                    .iter()
                    .filter(|d| d.amount > Yen::ZERO)
                    .map(|d| d.date)
                    .collect();
                let record = match (paid_days.first(), paid_days.last()) {
                    (Some(f), Some(l)) => Some(
                        BenefitRecord::new(
                            key.clone(),
                            BenefitKind::SicknessAllowance,
                            PaidCoverage::Period {
                                first: *f,
                                last: *l,
                            },
                            s.total,
                            decision.clone(),
                        )
                        .map_err(|e| bad(e.to_string()))?,
                    ),
                    _ => None,
                };
                ("sickness", key, decision, s.total, record)
            }
            Fact::ChildbirthClaim {
                key,
                decision,
                claim,
                ..
            } => {
                let d = childbirth::decide(claim).map_err(|e| bad(e.to_string()))?;
                let (amount, record) = match d.outcome {
                    ChildbirthOutcome::Paid { amount, .. } => {
                        let kind = match claim.kind {
                            ChildbirthBenefitKind::Insured => BenefitKind::ChildbirthLumpSum,
                            _ => BenefitKind::FamilyChildbirthLumpSum,
                        };
                        let r = BenefitRecord::new(
                            key.clone(),
                            kind,
                            PaidCoverage::Event {
                                date: claim.birth_date,
                            },
                            amount,
                            decision.clone(),
                        )
                        .map_err(|e| bad(e.to_string()))?;
                        (amount, Some(r))
                    }
                    _ => (Yen::ZERO, None),
                };
                ("childbirth", key, decision, amount, record)
            }
            Fact::BurialClaim {
                key,
                decision,
                claim,
                ..
            } => {
                let d = burial::decide(claim).map_err(|e| bad(e.to_string()))?;
                let (amount, record) = match d.outcome {
                    BurialOutcome::Paid { kind, amount } => {
                        let kind = match kind {
                            BurialKind::BurialAllowance => BenefitKind::BurialAllowance,
                            BurialKind::BurialExpenses => BenefitKind::BurialExpenses,
                            _ => BenefitKind::FamilyBurial,
                        };
                        let r = BenefitRecord::new(
                            key.clone(),
                            kind,
                            PaidCoverage::Event {
                                date: claim.death_date,
                            },
                            amount,
                            decision.clone(),
                        )
                        .map_err(|e| bad(e.to_string()))?;
                        (amount, Some(r))
                    }
                    _ => (Yen::ZERO, None),
                };
                ("burial", key, decision, amount, record)
            }
            _ => continue,
        };
        let mut line = CashBenefitLine {
            kind,
            key: key.clone(),
            decision: decision.to_string(),
            amount,
            outcome: "not_payable".into(),
        };
        if let Some(record) = record {
            let on_record = state
                .benefits
                .iter()
                .chain(&out.paid)
                .any(|b| b.decision() == record.decision());
            if on_record {
                line.outcome = "already_paid".into();
            } else {
                let mut all: Vec<BenefitRecord> =
                    state.benefits.iter().chain(&out.paid).cloned().collect();
                all.push(record.clone());
                let dup = find_duplicates(&all, &[])
                    .into_iter()
                    .find(|f| f.decisions.contains(record.decision()));
                match dup {
                    Some(f) => line.outcome = format!("held_duplicate: {:?}", f.kind),
                    None => {
                        line.outcome = "paid".into();
                        out.paid.push(record);
                    }
                }
            }
        }
        out.lines.push(line);
    }
    Ok(out)
}
