//! The stages of the monthly job that hand personal data out: the medical expense notices to
//! the system vendor (C10) and the health programs' target lists (E1 guidance candidates, F4
//! members of 65 and over), each through one decision of the purpose-bound access layer with the
//! society's default catalog, logged in a hash-chained JSON-lines file that is verified at the end.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::Serialize;

use kenpo_domain::access::{
    log, AccessLog, Actor, Catalog, CheckupItem, CheckupSummary, Field, FieldSet, JsonLinesLog,
    ReceiptSummary, Request, SubjectRecord,
};
use kenpo_domain::calendar::YearMonth;
use kenpo_domain::checkup::lists::{guidance_candidates, senior_risk_report, MemberCheckup};
use kenpo_domain::expense_notice::{build_notices, HouseholdNotice, NoticeMember, NoticePeriod};
use kenpo_domain::high_cost::ReceiptRow;
use kenpo_domain::identifiers::{InstitutionCode, MemberKey};
use kenpo_domain::member::MemberMaster;

use super::progress::Progress;
use super::society::DemoSociety;
use crate::error::CliError;

/// The access log's file name in the output folder.
pub const ACCESS_LOG_FILE: &str = "access-log.jsonl";

/// The actor the demo's batch decisions are made as.
pub const DEMO_ACTOR: &str = "kenpo-demo-monthly-job";

/// One list handed out through a permit.
#[derive(Debug, Clone, Serialize)]
pub struct ListOutcome {
    /// The purpose (notice item).
    pub purpose: &'static str,
    /// The recipient.
    pub recipient: &'static str,
    /// Subjects in the request.
    pub subjects: usize,
    /// The fields granted.
    pub fields: Vec<&'static str>,
    /// The log sequence of the decision.
    pub log_seq: u64,
}

/// What the access stages produced.
#[derive(Debug, Clone, Serialize)]
pub struct AccessResult {
    /// The lists handed out.
    pub lists: Vec<ListOutcome>,
    /// Requests denied (the demo makes one on purpose: F4 asking for the birth date).
    pub denied: Vec<String>,
    /// Entries in the access log.
    pub log_entries: usize,
    /// The log verified intact.
    pub log_verified: bool,
    /// The log file.
    pub log_file: PathBuf,
    /// The medical expense notices (with the names the C10 permit gave).
    pub notices: Vec<HouseholdNotice>,
    /// Guidance candidates (E1): member key text, level.
    pub guidance: Vec<(String, &'static str)>,
    /// Members of 65 and over for the risk report (F4): member key text, age.
    pub seniors: Vec<(String, u32)>,
    /// Checkups considered.
    pub checkups: usize,
}

fn err(step: &'static str) -> impl Fn(String) -> CliError {
    move |m| CliError::demo(step, m)
}

fn subject_of(
    master: &MemberMaster,
    key: &MemberKey,
    on: chrono::NaiveDate,
) -> Option<SubjectRecord> {
    let person = master.person(key, on).or_else(|| {
        master
            .record(key)
            .and_then(|r| r.versions().last())
            .and_then(|a| master.person(key, a.from))
    })?;
    let identity = &person.attributes.identity;
    let mut s = SubjectRecord::new(
        key.clone(),
        identity.name.clone(),
        identity.birth_date,
        identity.sex,
    )
    .with_kana_name(identity.kana.clone())
    .with_address(identity.address.clone());
    if let Some(office) = person.office {
        s = s.with_office(office.clone());
    }
    Some(s)
}

fn checkup_summary(c: &MemberCheckup) -> CheckupSummary {
    CheckupSummary {
        date: c.result.date(),
        items: c
            .result
            .values()
            .map(|(item, value)| CheckupItem {
                code: serde_json::to_value(item)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_else(|| item.japanese().to_owned()),
                value: value.normalize().to_string(),
            })
            .collect(),
    }
}

fn field_ids(fields: FieldSet) -> Vec<&'static str> {
    fields.iter().map(Field::id).collect()
}

/// Runs the access stages for the service month `month`, logging to `out_dir/access-log.jsonl`.
#[allow(clippy::too_many_lines)]
pub fn run(
    society: &DemoSociety,
    master: &MemberMaster,
    rows_by_household: &BTreeMap<MemberKey, Vec<ReceiptRow>>,
    month: YearMonth,
    out_dir: &Path,
    progress: &Progress,
) -> Result<AccessResult, CliError> {
    let catalog = Catalog::default_catalog();
    let log_file = out_dir.join(ACCESS_LOG_FILE);
    // A fresh log per run: the demo's output folder is rewritten each time.
    if log_file.exists() {
        std::fs::remove_file(&log_file).map_err(|source| CliError::Write {
            path: log_file.clone(),
            source,
        })?;
    }
    let mut access_log = JsonLinesLog::open(&log_file).map_err(|e| CliError::demo("access", e))?;
    let actor = Actor::system(DEMO_ACTOR);
    let at: NaiveDateTime = super::society::job_month()
        .first_day()
        .and_hms_opt(9, 0, 0)
        .unwrap_or_default();
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
    let mut lists = Vec::new();
    let mut denied = Vec::new();

    // C10: 医療費通知 through the system vendor. Subjects: every person on a notice.
    let bar = progress.bar("医療費通知 notices (C10)", rows_by_household.len());
    let mut subjects = Vec::new();
    let mut members = Vec::new();
    for (household, rows) in rows_by_household {
        let mut seen: Vec<&MemberKey> = Vec::new();
        for r in rows {
            if seen.contains(&&r.person) {
                continue;
            }
            seen.push(&r.person);
            if let Some(mut s) = subject_of(master, &r.person, month.first_day()) {
                let own: Vec<ReceiptSummary> = rows
                    .iter()
                    .filter(|x| x.person == r.person)
                    .map(|x| ReceiptSummary {
                        service_month: x.month,
                        institution: x.institution.clone(),
                        visit_dates: Vec::new(),
                        points: u64::try_from(x.total_cost.get() / 10).unwrap_or(0),
                    })
                    .collect();
                s = s.with_receipts(own);
                subjects.push(s);
                members.push((r.person.clone(), household.clone()));
            }
        }
        bar.inc(1);
    }
    bar.finish();
    let c10_fields = FieldSet::of(&[
        Field::MemberKey,
        Field::Name,
        Field::Address,
        Field::Receipts,
    ]);
    let c10 = catalog
        .decide(
            &Request::new(
                &actor,
                purpose("C10")?,
                recipient("system_vendor")?,
                &subjects,
                c10_fields,
                at,
            ),
            &mut access_log,
        )
        .map_err(|d| CliError::demo("access", d))?;
    let notice_members: Vec<NoticeMember> = c10
        .views()
        .zip(&members)
        .map(|(view, (person, household))| NoticeMember {
            person: person.clone(),
            household: household.clone(),
            name: view.name().cloned(),
        })
        .collect();
    let names: BTreeMap<InstitutionCode, String> = society
        .institutions
        .iter()
        .map(|i| (i.code.clone(), i.name.clone()))
        .collect();
    let all_rows: Vec<ReceiptRow> = rows_by_household.values().flatten().cloned().collect();
    let period =
        NoticePeriod::new(month, month).map_err(|e| CliError::demo("expense notices", e))?;
    let notices = build_notices(period, &notice_members, &all_rows, &names)
        .map_err(|e| CliError::demo("expense notices", e))?;
    lists.push(ListOutcome {
        purpose: "C10",
        recipient: "system_vendor",
        subjects: c10.len(),
        fields: field_ids(c10.fields()),
        log_seq: c10.log_seq(),
    });

    // E1: guidance candidates to the guidance company.
    let guidance = guidance_candidates(&society.checkups);
    let by_member: BTreeMap<&MemberKey, &MemberCheckup> =
        society.checkups.iter().map(|c| (&c.member, c)).collect();
    let mut e1_subjects = Vec::new();
    let mut levels = Vec::new();
    for c in &guidance.candidates {
        if let (Some(s), Some(mc)) = (subject_of(master, &c.member, on), by_member.get(&c.member)) {
            e1_subjects.push(s.with_checkups(vec![checkup_summary(mc)]));
            levels.push(c.level.japanese());
        }
    }
    let e1_fields = FieldSet::of(&[
        Field::MemberKey,
        Field::Name,
        Field::Sex,
        Field::CheckupResults,
    ]);
    let e1 = catalog
        .decide(
            &Request::new(
                &actor,
                purpose("E1")?,
                recipient("guidance_vendor")?,
                &e1_subjects,
                e1_fields,
                at,
            ),
            &mut access_log,
        )
        .map_err(|d| CliError::demo("access", d))?;
    let guidance_list: Vec<(String, &'static str)> = e1
        .views()
        .zip(levels)
        .filter_map(|(v, level)| v.member_key().map(|k| (k.to_string(), level)))
        .collect();
    lists.push(ListOutcome {
        purpose: "E1",
        recipient: "guidance_vendor",
        subjects: e1.len(),
        fields: field_ids(e1.fields()),
        log_seq: e1.log_seq(),
    });

    // F4: members of 65 and over to the AI risk-report vendor: the age, never the birth date.
    let seniors = senior_risk_report(&society.checkups, on);
    let mut f4_subjects = Vec::new();
    for row in &seniors {
        if let (Some(s), Some(mc)) = (
            subject_of(master, &row.member, on),
            by_member.get(&row.member),
        ) {
            f4_subjects.push(s.with_checkups(vec![checkup_summary(mc)]));
        }
    }
    let f4_fields = FieldSet::of(&[
        Field::MemberKey,
        Field::Name,
        Field::Sex,
        Field::Age,
        Field::Office,
        Field::CheckupResults,
    ]);
    let f4 = catalog
        .decide(
            &Request::new(
                &actor,
                purpose("F4")?,
                recipient("ai_report_vendor")?,
                &f4_subjects,
                f4_fields,
                at,
            ),
            &mut access_log,
        )
        .map_err(|d| CliError::demo("access", d))?;
    let senior_list: Vec<(String, u32)> = f4
        .views()
        .filter_map(|v| Some((v.member_key()?.to_string(), v.age()?)))
        .collect();
    lists.push(ListOutcome {
        purpose: "F4",
        recipient: "ai_report_vendor",
        subjects: f4.len(),
        fields: field_ids(f4.fields()),
        log_seq: f4.log_seq(),
    });
    // The same list asking for the birth date is refused (and logged).
    if let Err(denial) = catalog.decide(
        &Request::new(
            &actor,
            purpose("F4")?,
            recipient("ai_report_vendor")?,
            &f4_subjects,
            f4_fields.with(Field::BirthDate),
            at,
        ),
        &mut access_log,
    ) {
        denied.push(denial.to_string());
    }

    let entries = access_log
        .entries()
        .map_err(|e| CliError::demo("access log", e))?;
    let verified = log::verify(&entries).is_ok();
    Ok(AccessResult {
        lists,
        denied,
        log_entries: entries.len(),
        log_verified: verified,
        log_file,
        notices,
        guidance: guidance_list,
        seniors: senior_list,
        checkups: society.checkups.len(),
    })
}

/// The guidance and senior lists as CSV texts (`member_key,level` and `member_key,age`).
pub fn list_csvs(result: &AccessResult) -> (String, String) {
    let mut g = String::from("member_key,level\n");
    for (k, level) in &result.guidance {
        let _ = writeln!(g, "{k},{level}");
    }
    let mut s = String::from("member_key,age\n");
    for (k, age) in &result.seniors {
        let _ = writeln!(s, "{k},{age}");
    }
    (g, s)
}
