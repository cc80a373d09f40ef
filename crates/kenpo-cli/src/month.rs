//! `kenpo init`, `kenpo import`, `kenpo run`: the operator's monthly flow on a store, and the
//! files a month's run writes.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

use kenpo_month::{MonthOutcome, Progress};

use crate::error::CliError;

/// Progress bars on stdout when it is a terminal.
pub struct Bars {
    multi: Option<MultiProgress>,
    bars: Mutex<Vec<(&'static str, ProgressBar)>>,
}

impl Bars {
    /// Bars when stdout is a terminal and `quiet` is false.
    pub fn for_stdout(quiet: bool) -> Bars {
        Bars {
            multi: (!quiet && std::io::stdout().is_terminal()).then(MultiProgress::new),
            bars: Mutex::new(Vec::new()),
        }
    }
}

impl Progress for Bars {
    fn start(&self, stage: &'static str, len: u64) {
        let Some(multi) = &self.multi else { return };
        let bar = multi.add(ProgressBar::new(len));
        if let Ok(style) = ProgressStyle::with_template("{msg:24} [{bar:40}] {percent}% {elapsed}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(stage);
        if let Ok(mut bars) = self.bars.lock() {
            bars.push((stage, bar));
        }
    }
    fn advance(&self, stage: &'static str, n: u64) {
        if let Ok(bars) = self.bars.lock() {
            if let Some((_, b)) = bars.iter().rev().find(|(s, _)| *s == stage) {
                b.inc(n);
            }
        }
    }
    fn finish(&self, stage: &'static str) {
        if let Ok(bars) = self.bars.lock() {
            if let Some((_, b)) = bars.iter().rev().find(|(s, _)| *s == stage) {
                b.finish();
            }
        }
    }
}

fn write(dir: &Path, name: &str, text: &str) -> Result<PathBuf, CliError> {
    let path = dir.join(name);
    std::fs::write(&path, text).map_err(|source| CliError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// Writes a month's results into `dir`: `summary.json`, `premiums.csv`, `notices.csv`,
/// `findings.csv`, `high_cost.csv`, `settlements.csv`, `cash_benefits.csv`, `grades.csv`,
/// `stages.csv`, `access-log.jsonl` (the month's entries).
pub fn write_outputs(
    dir: &Path,
    outcome: &MonthOutcome,
    summary: &str,
) -> Result<Vec<PathBuf>, CliError> {
    std::fs::create_dir_all(dir).map_err(|source| CliError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let r = &outcome.results;
    let mut files = vec![write(dir, "summary.json", &format!("{summary}\n"))?];
    let mut t = String::from("key,office,base,charge,standard,total,employee,employer,care\n");
    for p in &r.premiums {
        let _ = writeln!(
            t,
            "{},{},{},{},{},{},{},{},{}",
            field(&p.key.to_string()),
            p.office.as_ref().map(|o| o.as_str()).unwrap_or(""),
            p.base,
            p.charge,
            p.standard.get(),
            p.total,
            p.employee.get(),
            p.employer,
            p.care
        );
    }
    files.push(write(dir, "premiums.csv", &t)?);
    let mut t = String::from("office,lines,total,employee_total,employer_total\n");
    for n in &r.notices {
        let _ = writeln!(
            t,
            "{},{},{},{},{}",
            n.office.as_str(),
            n.lines,
            n.total.get(),
            n.employee_total.get(),
            n.employer_total.get()
        );
    }
    files.push(write(dir, "notices.csv", &t)?);
    let mut t = String::from("key,source,grade,standard_monthly,effective_from\n");
    for g in &r.grades {
        let _ = writeln!(
            t,
            "{},{},{},{},{}",
            field(&g.key.to_string()),
            g.source.id(),
            g.grade.number,
            g.grade.standard_monthly.get(),
            g.effective_from
        );
    }
    files.push(write(dir, "grades.csv", &t)?);
    let mut t = String::from("rule,file,line,receipt,person\n");
    for f in &r.receipts.findings {
        let _ = writeln!(
            t,
            "{},{},{},{},{}",
            f.rule,
            field(&f.file),
            f.line,
            f.receipt,
            f.person
                .as_ref()
                .map(|p| field(&p.to_string()))
                .unwrap_or_default()
        );
    }
    files.push(write(dir, "findings.csv", &t)?);
    let mut t =
        String::from("household,month,category,many_times,charges,high_cost,additional,paid_now\n");
    for h in &r.high_cost {
        let _ = writeln!(
            t,
            "{},{},{},{},{},{},{},{}",
            field(&h.household.to_string()),
            h.month,
            h.category,
            h.many_times,
            h.charges.get(),
            h.high_cost.get(),
            h.additional.get(),
            h.paid_now.get()
        );
    }
    files.push(write(dir, "high_cost.csv", &t)?);
    let mut t = String::from("kind,subject,period_from,counted,cap,refund\n");
    for s in &r.settlements {
        let _ = writeln!(
            t,
            "{},{},{},{},{},{}",
            s.kind,
            field(&s.subject.to_string()),
            s.period_from,
            s.counted.get(),
            s.cap.map(|c| c.get().to_string()).unwrap_or_default(),
            s.refund.get()
        );
    }
    files.push(write(dir, "settlements.csv", &t)?);
    let mut t = String::from("kind,key,decision,amount,outcome\n");
    for c in &r.cash_benefits {
        let _ = writeln!(
            t,
            "{},{},{},{},{}",
            c.kind,
            field(&c.key.to_string()),
            c.decision,
            c.amount.get(),
            field(&c.outcome)
        );
    }
    files.push(write(dir, "cash_benefits.csv", &t)?);
    let mut t = String::from("stage,millis,records\n");
    for s in &outcome.stages {
        let _ = writeln!(t, "{},{},{}", field(s.stage), s.millis, s.records);
    }
    files.push(write(dir, "stages.csv", &t)?);
    let mut t = String::new();
    for e in &outcome.delta.log {
        t.push_str(&serde_json::to_string(e).map_err(|e| CliError::demo("output", e))?);
        t.push('\n');
    }
    files.push(write(dir, "access-log.jsonl", &t)?);
    // The anchor after the month: keep a copy apart from the store and the log files (a log
    // cut at its end verifies only against an anchor cut with it).
    if let Some(anchor) = &outcome.results.log_anchor {
        let text = serde_json::to_string_pretty(anchor).map_err(|e| CliError::demo("output", e))?;
        files.push(write(dir, "access-log.anchor.json", &format!("{text}\n"))?);
    }
    Ok(files)
}

/// One line per stage of the summary JSON: `stage: key=value …`.
pub fn summary_lines(summary: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(summary).unwrap_or_default();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "== {} ({}, version {}) ==",
        v["month"].as_str().unwrap_or(""),
        v["status"].as_str().unwrap_or(""),
        v["version"]
    );
    if let Some(stages) = v["stages"].as_object() {
        for (stage, figures) in stages {
            let mut line = format!("{stage}:");
            if let Some(f) = figures.as_object() {
                for (k, n) in f {
                    let _ = write!(line, " {k}={n}");
                }
            }
            let _ = writeln!(out, "{line}");
        }
    }
    out
}
