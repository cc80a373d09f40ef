//! The demo's outputs: the printed summary (Japanese labels with English) and the CSV and JSON
//! files of the output folder.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use kenpo_domain::premium::PartKind;
use kenpo_domain::receipt::Rule;
use kenpo_domain::Yen;

use super::job::JobResult;
use super::society::DemoSociety;
use crate::error::CliError;

/// The figures the summary prints, also written as `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The society's name.
    pub society: String,
    /// The premium month of the job.
    pub month: String,
    /// The seed.
    pub seed: u64,
    /// Insured persons generated.
    pub insured_generated: usize,
    /// Persons in the member master (insured and dependants, past and present).
    pub persons_in_master: usize,
    /// Insured persons eligible at the month's end.
    pub insured_eligible: usize,
    /// Dependants eligible at the month's end.
    pub dependants_eligible: usize,
    /// Notifications applied (history and month).
    pub notifications_applied: usize,
    /// Notifications rejected.
    pub notifications_rejected: usize,
    /// Acquisitions in the job month.
    pub acquisitions_in_month: usize,
    /// Losses in the job month (retirements, deaths; notified).
    pub losses_in_month: usize,
    /// 75th-birthday losses the master found due in the month.
    pub late_elderly_losses: usize,
    /// Grades decided (in force in the month).
    pub grades: usize,
    /// Premium lines charged.
    pub premiums_charged: usize,
    /// Insured persons with no premium this month (exempt or not insured in the month).
    pub premiums_not_charged: usize,
    /// Employer notices (one per office).
    pub notices: usize,
    /// The notices' total (yen).
    pub notice_total: i64,
    /// The employees' shares (yen).
    pub employee_total: i64,
    /// The employers' shares (yen).
    pub employer_total: i64,
    /// Receipts planned for the service month.
    pub receipts_planned: usize,
    /// Households with receipts in the service month (and a medical expense notice).
    pub households_with_receipts: usize,
    /// Households paid 高額療養費 or 付加給付.
    pub households_paid: usize,
    /// 高額療養費 in all (yen).
    pub high_cost_total: i64,
    /// 付加給付 in all (yen).
    pub additional_total: i64,
    /// Receipts in the file (RE records).
    pub receipts_in_file: u64,
    /// Receipts read without error.
    pub receipts_parsed: u64,
    /// Receipts rejected by the reader.
    pub receipts_rejected: u64,
    /// The file's size in bytes.
    pub receipt_file_bytes: u64,
    /// Findings by rule id.
    pub findings_by_rule: std::collections::BTreeMap<&'static str, usize>,
    /// Persons with a 資格喪失後受診 finding.
    pub found_visit_after_loss: usize,
    /// Planted 資格喪失後受診 cases (persons).
    pub planted_visit_after_loss: usize,
    /// Persons with a 重複受診 (C5) finding.
    pub found_multi_clinic: usize,
    /// Planted 重複受診 cases (persons).
    pub planted_multi_clinic: usize,
    /// 特定健診 results considered.
    pub checkups: usize,
    /// Guidance candidates handed to the guidance company (E1).
    pub guidance_targets: usize,
    /// Members of 65 and over handed to the risk-report vendor (F4).
    pub senior_report: usize,
    /// Severe-case prevention targets (F5).
    pub severe_case_targets: usize,
    /// Medical expense notices made (C10).
    pub expense_notices: usize,
    /// Access decisions permitted.
    pub access_permitted: usize,
    /// Access requests denied.
    pub access_denied: usize,
    /// Entries in the access log.
    pub access_log_entries: usize,
    /// The access log verified intact against its anchor.
    pub access_log_verified: bool,
    /// How the log is sealed (keyed or not, anchored).
    pub access_log_sealing: String,
    /// Households the month-end disposal run removed (retention period ended).
    pub disposed_households: usize,
    /// Persons it removed.
    pub disposed_persons: usize,
    /// Planted persons found by both checks, and found persons not planted (must be 0).
    pub found_not_planted: usize,
}

impl Summary {
    /// The summary of a job on `society`.
    pub fn of(society: &DemoSociety, society_name: &str, result: &JobResult) -> Self {
        let e = &result.events;
        let kind = |k: &str| e.month_by_kind.get(k).copied().unwrap_or(0);
        let month_total: usize = e.month_by_kind.values().sum();
        let after_loss = result.receipts.persons_with(Rule::VisitAfterLoss);
        let multi = result.receipts.persons_with(Rule::MultipleInstitutions);
        let charged = result
            .premiums
            .iter()
            .filter(|p| p.breakdown.is_some())
            .count();
        Summary {
            society: society_name.to_owned(),
            month: result.month.to_string(),
            seed: society.params.seed,
            insured_generated: society.insured.len(),
            persons_in_master: e.persons,
            insured_eligible: e.insured_eligible,
            dependants_eligible: e.dependants_eligible,
            notifications_applied: e.history_applied
                + (month_total + e.late_elderly_losses).saturating_sub(e.month_rejected),
            notifications_rejected: e.history_rejected + e.month_rejected,
            acquisitions_in_month: kind("acquisition"),
            losses_in_month: kind("loss"),
            late_elderly_losses: e.late_elderly_losses,
            grades: result.grades.len(),
            premiums_charged: charged,
            premiums_not_charged: result.premiums.len() - charged,
            notices: result.notices.len(),
            notice_total: result.notices.iter().map(|n| n.total).sum::<Yen>().get(),
            employee_total: result
                .notices
                .iter()
                .map(|n| n.employee_total)
                .sum::<Yen>()
                .get(),
            employer_total: result
                .notices
                .iter()
                .map(|n| n.employer_total)
                .sum::<Yen>()
                .get(),
            receipts_planned: society.receipts.len(),
            households_with_receipts: result.benefits.households,
            households_paid: result.benefits.paid.len(),
            high_cost_total: result.benefits.high_cost_total.get(),
            additional_total: result.benefits.additional_total.get(),
            checkups: result.access.checkups,
            guidance_targets: result.access.guidance.len(),
            senior_report: result.access.seniors.len(),
            expense_notices: result.access.notices.len(),
            severe_case_targets: result.access.severe.len(),
            access_permitted: result.access.lists.len(),
            access_denied: result.access.denied.len(),
            access_log_entries: result.access.log_entries,
            access_log_verified: result.access.log_verified,
            access_log_sealing: result.access.log_sealing.clone(),
            disposed_households: result.access.disposed_households,
            disposed_persons: result.access.disposed_persons,
            receipts_in_file: result.receipts.summary.receipts_in_file,
            receipts_parsed: result.receipts.summary.parsed,
            receipts_rejected: result.receipts.summary.rejected,
            receipt_file_bytes: result.receipts.bytes,
            findings_by_rule: result.receipts.by_rule.clone(),
            found_visit_after_loss: after_loss.len(),
            planted_visit_after_loss: society.planted.visit_after_loss.len(),
            found_multi_clinic: multi.len(),
            planted_multi_clinic: society.planted.multi_clinic.len(),
            found_not_planted: after_loss
                .difference(&society.planted.visit_after_loss)
                .count()
                + multi.difference(&society.planted.multi_clinic).count(),
        }
    }
}

/// The printed summary: one `label: value` line per figure, Japanese with English.
pub fn summary_text(s: &Summary, result: &JobResult) -> String {
    let mut t = String::new();
    let n = |v: usize| {
        Yen::new(i64::try_from(v).unwrap_or(i64::MAX))
            .to_string()
            .replace('¥', "")
    };
    let _ = writeln!(
        t,
        "== {} 月次処理 monthly job {} (seed {}) ==",
        s.society, s.month, s.seed
    );
    let rows: Vec<(&str, String)> = vec![
        ("加入者 persons in master", n(s.persons_in_master)),
        ("被保険者 insured (eligible)", n(s.insured_eligible)),
        ("被扶養者 dependants (eligible)", n(s.dependants_eligible)),
        ("届出 notifications applied", n(s.notifications_applied)),
        (
            "届出エラー notifications rejected",
            n(s.notifications_rejected),
        ),
        (
            "資格取得 acquisitions this month",
            n(s.acquisitions_in_month),
        ),
        ("資格喪失 losses this month", n(s.losses_in_month)),
        ("75歳到達 75th-birthday losses", n(s.late_elderly_losses)),
        ("標準報酬 grades in force", n(s.grades)),
        ("保険料 premiums charged", n(s.premiums_charged)),
        (
            "保険料なし no premium (exempt/out)",
            n(s.premiums_not_charged),
        ),
        ("納入告知 employer notices", n(s.notices)),
        ("告知額 notice total", Yen::new(s.notice_total).to_string()),
        (
            "被保険者負担 employee shares",
            Yen::new(s.employee_total).to_string(),
        ),
        (
            "事業主負担 employer shares",
            Yen::new(s.employer_total).to_string(),
        ),
        (
            "レセプト receipts in file",
            n(usize::try_from(s.receipts_in_file).unwrap_or(usize::MAX)),
        ),
        (
            "読取エラー receipts rejected",
            n(usize::try_from(s.receipts_rejected).unwrap_or(usize::MAX)),
        ),
        (
            "資格喪失後受診 visits after loss (persons)",
            format!(
                "{} (planted {})",
                n(s.found_visit_after_loss),
                n(s.planted_visit_after_loss)
            ),
        ),
        (
            "重複受診 3+ institutions (persons)",
            format!(
                "{} (planted {})",
                n(s.found_multi_clinic),
                n(s.planted_multi_clinic)
            ),
        ),
        (
            "点検結果 findings (all rules)",
            n(s.findings_by_rule.values().sum()),
        ),
        (
            "受診世帯 households with receipts",
            n(s.households_with_receipts),
        ),
        ("高額療養費・付加給付 households paid", n(s.households_paid)),
        (
            "高額療養費 high-cost benefit",
            Yen::new(s.high_cost_total).to_string(),
        ),
        (
            "付加給付 additional benefits",
            Yen::new(s.additional_total).to_string(),
        ),
        ("医療費通知 expense notices (C10)", n(s.expense_notices)),
        ("特定健診 checkups", n(s.checkups)),
        ("特定保健指導 guidance targets (E1)", n(s.guidance_targets)),
        ("65歳以上 senior risk report (F4)", n(s.senior_report)),
        (
            "重症化予防 severe-case prevention (F5)",
            n(s.severe_case_targets),
        ),
        (
            "アクセス判定 access decisions",
            format!(
                "{} permitted, {} denied",
                n(s.access_permitted),
                n(s.access_denied)
            ),
        ),
        (
            "アクセスログ access log",
            format!(
                "{} entries, {} ({})",
                n(s.access_log_entries),
                if s.access_log_verified {
                    "verified 検証済"
                } else {
                    "BROKEN 改ざん検出"
                },
                s.access_log_sealing
            ),
        ),
        (
            "廃棄 disposal (保存期間満了)",
            format!(
                "{} households, {} persons removed from the master",
                n(s.disposed_households),
                n(s.disposed_persons)
            ),
        ),
    ];
    for (label, value) in rows {
        let _ = writeln!(t, "{label}: {value}");
    }
    for (rule, count) in &s.findings_by_rule {
        let _ = writeln!(t, "  {rule}: {}", n(*count));
    }
    let _ = writeln!(t, "-- stages (ms) --");
    for st in &result.stages {
        let _ = writeln!(t, "{}: {}", st.stage, st.millis);
    }
    t
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn write_file(dir: &Path, name: &str, body: &str) -> Result<PathBuf, CliError> {
    let path = dir.join(name);
    fs::write(&path, body).map_err(|source| CliError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

fn json<T: Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value).map_err(|e| CliError::demo("output", e))
}

/// Writes the job's results to `dir` (created if missing): `summary.json`, `planted.json`,
/// `grades.csv`, `premiums.csv`, `notices.csv`, `notices.json`. Returns the files written.
pub fn write_outputs(
    dir: &Path,
    society: &DemoSociety,
    summary: &Summary,
    result: &JobResult,
) -> Result<Vec<PathBuf>, CliError> {
    fs::create_dir_all(dir).map_err(|source| CliError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files = vec![
        write_file(dir, "summary.json", &json(summary)?)?,
        write_file(dir, "planted.json", &json(&society.planted)?)?,
    ];

    let mut grades = String::from("key,decided_by,grade,standard_monthly,effective_from\n");
    for g in &result.grades {
        let _ = writeln!(
            grades,
            "{},{},{},{},{}",
            csv_field(&g.key.to_string()),
            g.decided_by,
            g.grade,
            g.standard_monthly.get(),
            g.effective_from
        );
    }
    files.push(write_file(dir, "grades.csv", &grades)?);

    let mut premiums = String::from(
        "key,office,charge,standard_monthly,general,adjustment,care,support,total,employee,employer\n",
    );
    for p in &result.premiums {
        let (base, parts, total, employee, employer) = match &p.breakdown {
            Some(b) => {
                let part = |k| {
                    b.part(k)
                        .map(|x| x.amount.normalize().to_string())
                        .unwrap_or_default()
                };
                (
                    b.base.get().to_string(),
                    [
                        part(PartKind::General),
                        part(PartKind::Adjustment),
                        part(PartKind::Care),
                        part(PartKind::Support),
                    ],
                    b.total.normalize().to_string(),
                    b.employee.get().to_string(),
                    b.employer.normalize().to_string(),
                )
            }
            None => Default::default(),
        };
        let _ = writeln!(
            premiums,
            "{},{},{},{},{},{},{},{}",
            csv_field(&p.key.to_string()),
            csv_field(p.office.as_str()),
            csv_field(&p.charge),
            base,
            parts.join(","),
            total,
            employee,
            employer
        );
    }
    files.push(write_file(dir, "premiums.csv", &premiums)?);

    let mut notices = String::from(
        "office,month,lines,monthly_total,bonus_total,total,employee_total,employer_total\n",
    );
    for n in &result.notices {
        let _ = writeln!(
            notices,
            "{},{},{},{},{},{},{},{}",
            csv_field(n.office.as_str()),
            n.month,
            n.lines,
            n.monthly_total.normalize(),
            n.bonus_total.normalize(),
            n.total.get(),
            n.employee_total.get(),
            n.employer_total.get()
        );
    }
    files.push(write_file(dir, "notices.csv", &notices)?);
    files.push(write_file(dir, "notices.json", &json(&result.notices)?)?);

    let mut benefits = String::from("household,category,many_times,charges,high_cost,additional\n");
    for b in &result.benefits.paid {
        let _ = writeln!(
            benefits,
            "{},{},{},{},{},{}",
            csv_field(&b.household.to_string()),
            csv_field(&b.category),
            b.many_times,
            b.charges.get(),
            b.high_cost.get(),
            b.additional.get()
        );
    }
    files.push(write_file(dir, "benefits.csv", &benefits)?);

    let mut findings = String::from("rule,line,index,key,ja,en\n");
    for f in &result.receipts.findings {
        let key = f
            .position
            .and_then(|p| result.receipts.patient_at(p))
            .map(ToString::to_string)
            .unwrap_or_default();
        let _ = writeln!(
            findings,
            "{},{},{},{},{},{}",
            f.rule.id(),
            f.position.map_or(0, |p| p.line),
            f.position.map_or(0, |p| p.index),
            csv_field(&key),
            csv_field(&f.ja),
            csv_field(&f.en)
        );
    }
    files.push(write_file(dir, "findings.csv", &findings)?);
    let (guidance, seniors, severe) = super::access::list_csvs(&result.access);
    files.push(write_file(dir, "guidance_targets.csv", &guidance)?);
    files.push(write_file(dir, "senior_report.csv", &seniors)?);
    files.push(write_file(dir, "severe_case_prevention.csv", &severe)?);
    files.push(write_file(
        dir,
        "access_decisions.json",
        &json(&(&result.access.lists, &result.access.denied))?,
    )?);
    files.push(result.access.log_file.clone());
    files.push(dir.join(super::receipts::RECEIPT_FILE));
    let rendered: Vec<String> = result
        .access
        .notices
        .iter()
        .map(kenpo_domain::expense_notice::HouseholdNotice::render_text)
        .collect();
    files.push(write_file(
        dir,
        "expense_notices.txt",
        &rendered.join("\n"),
    )?);
    files.push(write_file(
        dir,
        "expense_notices.json",
        &json(&result.access.notices)?,
    )?);
    Ok(files)
}
