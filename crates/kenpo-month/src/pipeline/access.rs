//! The stages that hand personal data out, each through one decision of the purpose-bound
//! access layer, logged in the hash chain that continues from the last month: the 医療費通知
//! to the system vendor (C10) and, in a month that took new checkup results, the guidance
//! (E1), senior-report (F4) and severe-case (F5) lists.

use std::collections::BTreeMap;

use kenpo_domain::access::{
    AccessLog, Actor, Anchor, Catalog, Field, FieldSet, LogEntry, MemoryLog, ReceiptSummary,
    Request,
};
use kenpo_domain::checkup::lists::{
    guidance_candidates_with, severe_case_prevention, Program, Provision,
};
use kenpo_domain::expense_notice::{build_notices, NoticeMember, NoticePeriod};
use kenpo_domain::high_cost::ReceiptRow;
use kenpo_domain::identifiers::MemberKey;
use kenpo_domain::Yen;

use super::receipts::Read;
use super::roster::{PersonId, Roster};
use super::{MonthInput, Progress, RunOptions};
use crate::error::MonthError;
use crate::results::ListLine;
use crate::state::CarriedState;

/// The actor the run's decisions are made as.
pub const RUN_ACTOR: &str = "kenpo-monthly-run";

pub(crate) struct Access {
    pub notices: usize,
    pub notice_cost: Yen,
    pub lists: Vec<ListLine>,
    pub denied: Vec<String>,
    pub entries: Vec<LogEntry>,
    pub anchor: Anchor,
}

fn err(stage: &'static str) -> impl Fn(String) -> MonthError {
    move |m| MonthError::Rule { stage, problem: m }
}

pub(crate) fn run(
    input: &MonthInput<'_>,
    roster: &Roster<'_>,
    state: &CarriedState,
    read: &Read,
    options: &RunOptions,
    progress: &dyn Progress,
) -> Result<Access, MonthError> {
    let month = input.month;
    let service = month.prev();
    let catalog = Catalog::default_catalog();
    let mut log = MemoryLog::after_entry(state.log_head.as_ref(), options.log_key.clone())?;
    let actor = Actor::system(RUN_ACTOR);
    let at = month.first_day().and_hms_opt(9, 0, 0).unwrap_or_default();
    let on = at.date();
    let purpose = |id: &str| {
        catalog
            .purpose(id)
            .ok_or_else(|| err("access")(format!("purpose {id} missing from the catalog")))
    };
    let recipient = |id: &str| {
        catalog
            .recipient(id)
            .ok_or_else(|| err("access")(format!("recipient {id} missing from the catalog")))
    };
    let mut out = Access {
        notices: 0,
        notice_cost: Yen::ZERO,
        lists: Vec::new(),
        denied: Vec::new(),
        entries: Vec::new(),
        anchor: log.anchor(),
    };

    // C10: 医療費通知 of the service month, through the system vendor. The rows are taken by
    // household (person number: key order) in the order read, as the notices list them.
    let mut order: Vec<(PersonId, u32)> = read
        .notice_rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.month == service)
        .filter_map(|(i, r)| Some((roster.household(r.person)?, u32::try_from(i).ok()?)))
        .collect();
    order.sort_unstable();
    let mut households: Vec<(PersonId, std::ops::Range<usize>)> = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let h = order[start].0;
        let mut end = start + 1;
        while end < order.len() && order[end].0 == h {
            end += 1;
        }
        households.push((h, start..end));
        start = end;
    }
    progress.start("医療費通知 notices", households.len() as u64);
    let mut subjects = Vec::new();
    // Per subject: the person and the household; per household: its subjects and its rows.
    let mut members: Vec<(PersonId, PersonId)> = Vec::new();
    let mut spans: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    let mut persons: Vec<PersonId> = Vec::new();
    for (h, rows) in &households {
        let first = members.len();
        persons.clear();
        persons.extend(
            order[rows.clone()]
                .iter()
                .map(|&(_, i)| read.notice_rows[i as usize].person),
        );
        persons.sort_unstable();
        persons.dedup();
        for &person in &persons {
            let Some(subject) = roster
                .subject_on(person, service.first_day())
                .or_else(|| roster.subject_on(person, on))
            else {
                continue;
            };
            let own: Vec<ReceiptSummary> = order[rows.clone()]
                .iter()
                .map(|&(_, i)| &read.notice_rows[i as usize])
                .filter(|x| x.person == person)
                .map(|x| ReceiptSummary {
                    service_month: x.month,
                    institution: x.institution.clone(),
                    visit_dates: Vec::new(),
                    points: u64::try_from(x.total_cost.get() / 10).unwrap_or(0),
                })
                .collect();
            subjects.push(subject.with_receipts(own));
            members.push((person, *h));
        }
        spans.push((first..members.len(), rows.clone()));
        progress.advance("医療費通知 notices", 1);
    }
    progress.finish("医療費通知 notices");
    if !subjects.is_empty() {
        let fields = FieldSet::of(&[
            Field::MemberKey,
            Field::Name,
            Field::Address,
            Field::Receipts,
        ]);
        let permit = catalog
            .decide(
                &Request::new(
                    &actor,
                    purpose("C10")?,
                    recipient("system_vendor")?,
                    &subjects,
                    fields,
                    at,
                ),
                &mut log,
            )
            .map_err(|d| err("access (C10)")(d.to_string()))?;
        let period = NoticePeriod::new(service, service)
            .map_err(|e| err("医療費通知")(e.to_string()))?;
        // Each household's notice from its own members and rows: the notices the month's
        // members and rows give, one household at a time.
        let mut views = permit.views();
        let mut rows: Vec<ReceiptRow> = Vec::new();
        for (subjects_of, rows_of) in spans {
            let notice_members: Vec<NoticeMember> = members[subjects_of]
                .iter()
                .zip(views.by_ref())
                .map(|(&(person, household), view)| NoticeMember {
                    person: roster.key(person).clone(),
                    household: roster.key(household).clone(),
                    name: view.name().cloned(),
                })
                .collect();
            rows.clear();
            rows.extend(order[rows_of].iter().map(|&(_, i)| {
                let r = &read.notice_rows[i as usize];
                r.to_receipt_row(roster.key(r.person))
            }));
            let notices = build_notices(period, &notice_members, &rows, &BTreeMap::new())
                .map_err(|e| err("医療費通知")(e.to_string()))?;
            out.notices += notices.len();
            out.notice_cost += notices.iter().map(|n| n.total_cost).sum::<Yen>();
        }
        out.lists.push(ListLine {
            purpose: "C10".into(),
            recipient: "system_vendor".into(),
            rows: permit.len(),
            log_seq: permit.log_seq(),
        });
    }

    // E1, F4, F5 in a month that took new checkup results.
    if input.facts.new_checkups && !input.facts.checkups.is_empty() {
        let checkups = &input.facts.checkups;
        let subject = |k: &MemberKey| roster.id(k).and_then(|id| roster.subject_on(id, on));
        let guidance = guidance_candidates_with(checkups, options.explain);
        let icd10 = |_: &str| -> Option<String> { None };
        let severe = severe_case_prevention(checkups, &read.diagnoses, service, &icd10);
        let mut provision = Provision {
            catalog: &catalog,
            log: &mut log,
            actor: &actor,
            at,
            subject_of: &subject,
        };
        // The lists are decided and logged; the run books the decisions (the rows are not
        // written out by the run, so they are not projected).
        let e1 = provision
            .decide_guidance_candidates(Program::GuidanceVendor, &guidance, checkups)
            .map_err(|e| err("access (E1)")(e.to_string()))?;
        let f4 = provision
            .decide_senior_risk_report(checkups)
            .map_err(|e| err("access (F4)")(e.to_string()))?;
        let f5 = provision
            .decide_severe_case_prevention(&severe)
            .map_err(|e| err("access (F5)")(e.to_string()))?;
        for d in [e1, f4, f5] {
            out.lists.push(ListLine {
                purpose: d.program.purpose_id().to_owned(),
                recipient: d.program.recipient_id().to_owned(),
                rows: d.rows,
                log_seq: d.log_seq,
            });
        }
    }
    out.anchor = log.anchor();
    out.entries = log.entries()?;
    Ok(out)
}
