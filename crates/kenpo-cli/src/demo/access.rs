//! The stages of the monthly job that hand personal data out: the medical expense notices to
//! the system vendor (C10) and the health programs' target lists (E1 guidance candidates, F4
//! members of 65 and over, F5 severe-case prevention, by the checkup module's [`Provision`]),
//! each through one decision of the purpose-bound access layer with the society's default
//! catalog, logged in a JSON-lines file with its anchor (unkeyed: the demo has no secret to
//! hold; a society passes its key with `--key-file` to `kenpo access decide`). At the end of the
//! month the disposal run removes the households whose retention period ended, and the log is
//! verified against its anchor.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::Serialize;

use kenpo_domain::access::log::VerifyOptions;
use kenpo_domain::access::{
    log, AccessLog, Actor, Anchor, Catalog, Field, FieldSet, JsonLinesLog, LogOptions,
    ReceiptSummary, Request, SubjectRecord,
};
use kenpo_domain::calendar::YearMonth;
use kenpo_domain::checkup::lists::{
    guidance_candidates, severe_case_prevention, DiagnosisRow, Program, Provision,
};
use kenpo_domain::expense_notice::{build_notices, HouseholdNotice, NoticeMember, NoticePeriod};
use kenpo_domain::high_cost::ReceiptRow;
use kenpo_domain::identifiers::{InstitutionCode, MemberKey};
use kenpo_domain::member::MemberMaster;

use super::progress::Progress;
use super::society::DemoSociety;
use crate::error::CliError;

/// The access log's file name in the output folder.
pub const ACCESS_LOG_FILE: &str = "access-log.jsonl";

/// The access log's anchor in the output folder (a society keeps it apart from the log).
pub const ACCESS_ANCHOR_FILE: &str = "access-log.anchor.json";

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
    /// The log verified intact against its anchor.
    pub log_verified: bool,
    /// How the log is sealed (keyed, unkeyed, anchored), as verification reports it.
    pub log_sealing: String,
    /// Households the month-end disposal run removed from the master.
    pub disposed_households: usize,
    /// Persons it removed.
    pub disposed_persons: usize,
    /// The log file.
    pub log_file: PathBuf,
    /// The medical expense notices (with the names the C10 permit gave).
    pub notices: Vec<HouseholdNotice>,
    /// Guidance candidates (E1): member key text, level.
    pub guidance: Vec<(String, &'static str)>,
    /// Members of 65 and over for the risk report (F4): member key text, age.
    pub seniors: Vec<(String, u32)>,
    /// The severe-case prevention list (F5): member key text, conditions.
    pub severe: Vec<(String, String)>,
    /// 傷病名コード the demo's ICD-10 table does not map (counted as no diagnosis).
    pub unmapped_diagnoses: usize,
    /// Checkups considered.
    pub checkups: usize,
}

/// The demo's table from its invented 傷病名コード to ICD-10 (not the 傷病名マスター): codes
/// 4600000–4600099 hypertension (I10), 4600100–4600199 type 2 diabetes (E11.9), 4600200–4600299
/// dyslipidaemia (E78.5), 5859004 chronic kidney disease on dialysis (N18.5), any other demo code
/// a general examination (Z00.0).
pub fn demo_icd10(code: &str) -> Option<String> {
    let n: u32 = code.parse().ok()?;
    Some(
        match n {
            4_600_000..=4_600_099 => "I10",
            4_600_100..=4_600_199 => "E11.9",
            4_600_200..=4_600_299 => "E78.5",
            5_859_004 => "N18.5",
            4_600_300..=4_600_999 => "Z00.0",
            _ => return None,
        }
        .to_owned(),
    )
}

fn err(step: &'static str) -> impl Fn(String) -> CliError {
    move |m| CliError::demo(step, m)
}

fn field_ids(fields: FieldSet) -> Vec<&'static str> {
    fields.iter().map(Field::id).collect()
}

/// Runs the access stages for the service month `month`, logging to `out_dir/access-log.jsonl`.
#[allow(clippy::too_many_lines)]
pub fn run(
    society: &DemoSociety,
    master: &mut MemberMaster,
    rows_by_household: &BTreeMap<MemberKey, Vec<ReceiptRow>>,
    diagnoses: &[DiagnosisRow],
    month: YearMonth,
    out_dir: &Path,
    progress: &Progress,
) -> Result<AccessResult, CliError> {
    let catalog = Catalog::default_catalog();
    let log_file = out_dir.join(ACCESS_LOG_FILE);
    // A fresh log per run: the demo's output folder is rewritten each time.
    let anchor_file = out_dir.join(ACCESS_ANCHOR_FILE);
    for old in [&log_file, &anchor_file] {
        if old.exists() {
            std::fs::remove_file(old).map_err(|source| CliError::Write {
                path: old.clone(),
                source,
            })?;
        }
    }
    let mut access_log = JsonLinesLog::open_with(
        &log_file,
        LogOptions {
            key: None,
            anchor: Some(anchor_file.clone()),
        },
    )
    .map_err(|e| CliError::demo("access", e))?;
    let master_ro: &MemberMaster = master;
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
            if let Some(mut s) = SubjectRecord::from_master(master_ro, &r.person, month.first_day())
            {
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

    // E1, F4, F5: the checkup module's lists, provided through the access layer.
    let subject = |k: &MemberKey| SubjectRecord::from_master(master_ro, k, on);
    let guidance = guidance_candidates(&society.checkups);
    let severe = severe_case_prevention(&society.checkups, diagnoses, month, &demo_icd10);
    let (e1, f4, f5) = {
        let mut provision = Provision {
            catalog: &catalog,
            log: &mut access_log,
            actor: &actor,
            at,
            subject_of: &subject,
        };
        let e1 = provision
            .guidance_candidates(Program::GuidanceVendor, &guidance, &society.checkups)
            .map_err(|e| CliError::demo("access (E1)", e))?;
        let f4 = provision
            .senior_risk_report(&society.checkups)
            .map_err(|e| CliError::demo("access (F4)", e))?;
        let f5 = provision
            .severe_case_prevention(&severe)
            .map_err(|e| CliError::demo("access (F5)", e))?;
        (e1, f4, f5)
    };
    let key_text = |data: &serde_json::Value| -> String {
        serde_json::from_value::<MemberKey>(data["member_key"].clone())
            .map(|k| k.to_string())
            .unwrap_or_default()
    };
    let guidance_list: Vec<(String, &'static str)> = e1
        .rows
        .iter()
        .map(|r| (key_text(&r.data), r.selection.japanese()))
        .collect();
    let senior_list: Vec<(String, u32)> = f4
        .rows
        .iter()
        .map(|r| {
            let age = r.data["age"]
                .as_u64()
                .and_then(|a| u32::try_from(a).ok())
                .unwrap_or(0);
            (key_text(&r.data), age)
        })
        .collect();
    let severe_list: Vec<(String, String)> = f5
        .rows
        .iter()
        .map(|r| {
            let conditions: Vec<String> = r.selection.iter().map(|c| format!("{c:?}")).collect();
            (key_text(&r.data), conditions.join(" "))
        })
        .collect();
    for (program, provided_len, log_seq, fields) in [
        (e1.program, e1.rows.len(), e1.log_seq, &e1.fields),
        (f4.program, f4.rows.len(), f4.log_seq, &f4.fields),
        (f5.program, f5.rows.len(), f5.log_seq, &f5.fields),
    ] {
        lists.push(ListOutcome {
            purpose: program.purpose_id(),
            recipient: program.recipient_id(),
            subjects: provided_len,
            fields: fields
                .iter()
                .filter_map(|f| Field::from_id(f).map(Field::id))
                .collect(),
            log_seq,
        });
    }
    let f4_subjects: Vec<SubjectRecord> = f4
        .rows
        .iter()
        .filter_map(|r| serde_json::from_value::<MemberKey>(r.data["member_key"].clone()).ok())
        .filter_map(|k| subject(&k))
        .collect();
    let f4_fields = Program::SeniorRiskReport.fields();
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

    // Month end: the households whose retention period ended leave the master; their keys
    // in the log become pseudonyms, and a disposal record is appended.
    let month_end = super::society::job_month()
        .last_day()
        .and_hms_opt(17, 0, 0)
        .unwrap_or_default();
    let disposal = catalog
        .dispose_persons(master, &mut access_log, month_end)
        .map_err(|e| CliError::demo("disposal", e))?;
    let entries = access_log
        .entries()
        .map_err(|e| CliError::demo("access log", e))?;
    let anchor = Anchor::read(&anchor_file).map_err(|e| CliError::demo("access log", e))?;
    let checked = log::verify_with(
        &entries,
        &VerifyOptions {
            key: None,
            anchor: Some(&anchor),
        },
    );
    let verified = checked.is_ok();
    let log_sealing = checked.map_or_else(|e| e.to_string(), |r| r.describe());
    Ok(AccessResult {
        lists,
        denied,
        log_entries: entries.len(),
        log_verified: verified,
        log_sealing,
        disposed_households: disposal.households,
        disposed_persons: disposal.persons.len(),
        log_file,
        notices,
        guidance: guidance_list,
        seniors: senior_list,
        severe: severe_list,
        unmapped_diagnoses: severe.unmapped.len(),
        checkups: society.checkups.len(),
    })
}

/// The guidance, senior and severe-case lists as CSV texts (`member_key,level`,
/// `member_key,age`, `member_key,conditions`).
pub fn list_csvs(result: &AccessResult) -> (String, String, String) {
    let mut g = String::from("member_key,level\n");
    for (k, level) in &result.guidance {
        let _ = writeln!(g, "{k},{level}");
    }
    let mut s = String::from("member_key,age\n");
    for (k, age) in &result.seniors {
        let _ = writeln!(s, "{k},{age}");
    }
    let mut f = String::from("member_key,conditions\n");
    for (k, c) in &result.severe {
        let _ = writeln!(f, "{k},{c}");
    }
    (g, s, f)
}
