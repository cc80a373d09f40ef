//! A CSV with documented columns, for societies whose systems export plain tables. The first
//! row names the columns, in English or in Japanese ([`CSV_COLUMNS`]); their order is free and
//! unknown columns are refused (a misspelt header must not be read as an empty value). UTF-8,
//! quoted fields allowed.
//!
//! Member events (`--notifications` / `--members`): `type` is `acquisition` (資格取得),
//! `loss` (資格喪失), `dependent_added` (被扶養者認定) or `dependent_removed` (被扶養者削除).
//!
//! Pay reports (`--pay`): `type` is `acquisition` (取得時報酬), `regular` (算定基礎),
//! `revision` (月額変更), `bonus` (賞与), `opening` (従前標準報酬), `childcare_leave_end`
//! (育児休業等終了時改定) or `maternity_leave_end` (産前産後休業終了時改定); three months of pay in
//! `pay1`/`days1` … `pay3`/`days3` (April–June for `regular`, from `month` for `revision`, from
//! the month of the day after the leave's last day `date` for a leave end). A leave end read
//! here says nothing of a leave following it: the store's leaves on record do
//! ([`PayReport::LeaveEnd`]).
//!
//! ```
//! use kenpo_domain::notification::{read_csv, CsvKind, Notification};
//!
//! let text = "種別,記号,番号,枝番,年月日,金額\nbonus,10,123,00,2026-12-10,612345\n";
//! let batch = read_csv("pay.csv", text.as_bytes(), CsvKind::PayReports);
//! assert!(batch.rejected.is_empty());
//! assert!(matches!(batch.rows[0].notification, Notification::Pay(_)));
//! ```

use chrono::NaiveDate;

use super::{Notification, PayReport, ReadBatch};
use crate::calendar::YearMonth;
use crate::identifiers::{MemberKey, OfficeCode};
use crate::member::{Identity, LossReason, MemberEvent, Relationship};
use crate::money::Yen;
use crate::person::{Address, KanaName, PersonName, Sex};
use crate::premium::PaymentMethod;
use crate::standard_remuneration::{EndedLeave, FixedWageChange, MonthPay, WorkerKind};

/// Which rows a CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvKind {
    /// Member events.
    MemberEvents,
    /// Pay reports.
    PayReports,
}

/// The columns, English name first, then the Japanese names accepted for it.
pub const CSV_COLUMNS: &[(&str, &[&str])] = &[
    ("type", &["種別", "届出"]),
    ("symbol", &["記号"]),
    ("number", &["番号"]),
    ("branch", &["枝番"]),
    ("date", &["年月日"]),
    ("month", &["年月"]),
    ("name", &["氏名"]),
    ("kana", &["カナ氏名", "氏名カナ"]),
    ("birth_date", &["生年月日"]),
    ("sex", &["性別"]),
    ("address", &["住所"]),
    ("office", &["事業所", "事業所記号"]),
    ("relationship", &["続柄"]),
    ("reason", &["事由", "喪失事由"]),
    ("amount", &["金額", "報酬月額"]),
    ("payment", &["納付方法"]),
    ("worker", &["被保険者区分"]),
    ("change", &["昇降給", "昇（降）給区分"]),
    ("pay1", &["報酬1"]),
    ("days1", &["日数1"]),
    ("pay2", &["報酬2"]),
    ("days2", &["日数2"]),
    ("pay3", &["報酬3"]),
    ("days3", &["日数3"]),
];

fn canonical(header: &str) -> Option<&'static str> {
    let h = header.trim().trim_start_matches('\u{feff}');
    CSV_COLUMNS
        .iter()
        .find(|(en, ja)| *en == h || ja.contains(&h))
        .map(|(en, _)| *en)
}

struct Row<'a> {
    columns: &'a [Option<&'static str>],
    record: &'a csv::StringRecord,
}

/// A field problem: the column (1-based) and item name, the rule and the words.
type Fault = (Option<usize>, &'static str, &'static str, String);

impl Row<'_> {
    fn index(&self, name: &'static str) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(name))
    }

    fn opt(&self, name: &'static str) -> Option<&str> {
        let i = self.index(name)?;
        self.record.get(i).map(str::trim).filter(|s| !s.is_empty())
    }

    fn fault(&self, name: &'static str, rule: &'static str, problem: impl Into<String>) -> Fault {
        (self.index(name).map(|i| i + 1), name, rule, problem.into())
    }

    fn req(&self, name: &'static str) -> Result<&str, Fault> {
        self.opt(name)
            .ok_or_else(|| self.fault(name, "csv.required", "required value missing"))
    }

    fn parse<T>(
        &self,
        name: &'static str,
        what: &str,
        f: impl Fn(&str) -> Option<T>,
    ) -> Result<T, Fault> {
        let v = self.req(name)?;
        f(v).ok_or_else(|| self.fault(name, "csv.value", format!("not {what}")))
    }

    fn date(&self, name: &'static str) -> Result<NaiveDate, Fault> {
        self.parse(name, "a date YYYY-MM-DD", |v| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()
        })
    }

    fn yen(&self, name: &'static str) -> Result<Yen, Fault> {
        // An amount paid or earned is never negative (the SHFD reader refuses one too).
        self.parse(name, "whole yen, not negative", |v| {
            v.replace(',', "")
                .parse::<i64>()
                .ok()
                .filter(|a| *a >= 0)
                .map(Yen::new)
        })
    }

    fn key(&self) -> Result<MemberKey, Fault> {
        let (s, n) = (self.req("symbol")?, self.req("number")?);
        let b = self.opt("branch").unwrap_or("00");
        MemberKey::parse(s, n, b).map_err(|e| self.fault("number", "csv.key", e.to_string()))
    }

    fn identity(&self) -> Result<Identity, Fault> {
        let text = |name: &'static str| self.req(name);
        Ok(Identity {
            name: PersonName::new(text("name")?)
                .map_err(|e| self.fault("name", "csv.name", e.to_string()))?,
            kana: KanaName::new(text("kana")?)
                .map_err(|e| self.fault("kana", "csv.kana", e.to_string()))?,
            birth_date: self.date("birth_date")?,
            sex: self.parse("sex", "male/female (1/2, 男/女)", |v| match v {
                "male" | "1" | "男" | "M" => Some(Sex::Male),
                "female" | "2" | "女" | "F" => Some(Sex::Female),
                _ => None,
            })?,
            address: Address::new(text("address")?)
                .map_err(|e| self.fault("address", "csv.address", e.to_string()))?,
        })
    }

    fn months(&self, first: YearMonth) -> Result<Vec<MonthPay>, Fault> {
        let mut out = Vec::new();
        for (i, (p, d)) in [("pay1", "days1"), ("pay2", "days2"), ("pay3", "days3")]
            .into_iter()
            .enumerate()
        {
            if self.opt(p).is_none() {
                continue;
            }
            out.push(MonthPay {
                month: first.add_months(i32::try_from(i).unwrap_or(0)),
                base_days: self.parse(d, "days 0–31", |v| {
                    v.parse::<u8>().ok().filter(|d| *d <= 31)
                })?,
                amount: self.yen(p)?,
                partial_period: false,
            });
        }
        Ok(out)
    }

    fn worker(&self) -> Result<WorkerKind, Fault> {
        match self.opt("worker") {
            None | Some("regular" | "一般") => Ok(WorkerKind::Regular),
            Some("short_time_worker" | "短時間労働者") => Ok(WorkerKind::ShortTimeWorker),
            Some("part_timer" | "パート") => Ok(WorkerKind::PartTimer),
            Some(_) => Err(self.fault(
                "worker",
                "csv.value",
                "not regular/short_time_worker/part_timer",
            )),
        }
    }

    fn payment(&self) -> Result<PaymentMethod, Fault> {
        match self.opt("payment") {
            None | Some("wage_deduction" | "給与控除") => Ok(PaymentMethod::WageDeduction),
            Some("cash" | "現金") => Ok(PaymentMethod::Cash),
            Some(_) => Err(self.fault("payment", "csv.value", "not wage_deduction/cash")),
        }
    }

    fn member_event(&self) -> Result<MemberEvent, Fault> {
        let key = self.key()?;
        match self.req("type")? {
            "acquisition" | "資格取得" => Ok(MemberEvent::Acquisition {
                key,
                acquired: self.date("date")?,
                identity: self.identity()?,
                office: OfficeCode::new(self.req("office")?)
                    .map_err(|e| self.fault("office", "csv.office", e.to_string()))?,
            }),
            "loss" | "資格喪失" => Ok(MemberEvent::Loss {
                key,
                lost: self.date("date")?,
                reason: self.reason()?,
            }),
            "dependent_added" | "被扶養者認定" => Ok(MemberEvent::DependentAdded {
                key,
                recognized: self.date("date")?,
                identity: self.identity()?,
                relationship: self.parse("relationship", "a 続柄", relationship)?,
            }),
            "dependent_removed" | "被扶養者削除" => Ok(MemberEvent::DependentRemoved {
                key,
                lost: self.date("date")?,
                reason: self.reason()?,
            }),
            _ => Err(self.fault("type", "csv.type", "not a member event type")),
        }
    }

    fn reason(&self) -> Result<LossReason, Fault> {
        self.parse("reason", "a loss reason", |v| {
            Some(match v {
                "retirement" | "退職" => LossReason::Retirement,
                "death" | "死亡" => LossReason::Death,
                "late_elderly" | "75歳到達" | "後期高齢者" => LossReason::LateElderly,
                "recognition_withdrawn" | "認定取消" => LossReason::RecognitionWithdrawn,
                "transfer" | "転籍" => LossReason::Transfer,
                "other" | "その他" => LossReason::Other,
                _ => return None,
            })
        })
    }

    fn pay_report(&self) -> Result<PayReport, Fault> {
        let key = self.key()?;
        let month = |s: &Self| s.parse("month", "a month YYYY-MM", |v| v.parse::<YearMonth>().ok());
        match self.req("type")? {
            "acquisition" | "取得時報酬" => Ok(PayReport::Acquisition {
                key,
                acquired: self.date("date")?,
                amount: self.yen("amount")?,
                payment: self.payment()?,
            }),
            "regular" | "算定基礎" => {
                let year: i32 = self.parse("month", "a year YYYY", |v| v.get(..4)?.parse().ok())?;
                let april = YearMonth::new(year, 4)
                    .map_err(|e| self.fault("month", "csv.value", e.to_string()))?;
                Ok(PayReport::Regular {
                    key,
                    year,
                    worker: self.worker()?,
                    months: self.months(april)?,
                })
            }
            "revision" | "月額変更" => {
                let first = month(self)?;
                Ok(PayReport::Revision {
                    key,
                    first_month: first,
                    change: self.parse("change", "increase/decrease (昇給/降給)", |v| match v {
                        "increase" | "昇給" | "1" => Some(FixedWageChange::Increase),
                        "decrease" | "降給" | "2" => Some(FixedWageChange::Decrease),
                        _ => None,
                    })?,
                    worker: self.worker()?,
                    months: self.months(first)?,
                })
            }
            "bonus" | "賞与" => Ok(PayReport::Bonus {
                key,
                paid_on: self.date("date")?,
                amount: self.yen("amount")?,
            }),
            t @ ("childcare_leave_end"
            | "育児休業等終了時改定"
            | "maternity_leave_end"
            | "産前産後休業終了時改定") => {
                let leave = if matches!(t, "childcare_leave_end" | "育児休業等終了時改定")
                {
                    EndedLeave::Childcare
                } else {
                    EndedLeave::Maternity
                };
                let ended = self.date("date")?;
                let first = ended
                    .succ_opt()
                    .map(YearMonth::of)
                    .ok_or_else(|| self.fault("date", "csv.value", "date out of range"))?;
                Ok(PayReport::LeaveEnd {
                    key,
                    leave,
                    leave_ended_on: ended,
                    another_leave_follows: false,
                    worker: self.worker()?,
                    months: self.months(first)?,
                })
            }
            "opening" | "従前標準報酬" => Ok(PayReport::Opening {
                key,
                standard_monthly: self.yen("amount")?,
                effective_from: month(self)?,
                payment: self.payment()?,
            }),
            _ => Err(self.fault("type", "csv.type", "not a pay report type")),
        }
    }
}

fn relationship(v: &str) -> Option<Relationship> {
    Some(match v {
        "spouse" | "配偶者" | "妻" | "夫" => Relationship::Spouse,
        "child" | "子" => Relationship::Child,
        "grandchild" | "孫" => Relationship::Grandchild,
        "elder_sibling" | "兄姉" => Relationship::ElderSibling,
        "younger_sibling" | "弟妹" => Relationship::YoungerSibling,
        "parent" | "父母" => Relationship::Parent,
        "grandparent" | "祖父母" => Relationship::Grandparent,
        "other_relative_within_third_degree" | "三親等内の親族" => {
            Relationship::OtherRelativeWithinThirdDegree
        }
        _ => return None,
    })
}

/// Reads the documented CSV `file` (its bytes, UTF-8) holding `kind` rows.
pub fn read_csv(file: &str, bytes: &[u8], kind: CsvKind) -> ReadBatch {
    let mut batch = ReadBatch::default();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            batch.reject(
                file,
                1,
                None,
                None,
                "csv.header",
                format!("no header row: {e}"),
            );
            return batch;
        }
    };
    let columns: Vec<Option<&'static str>> = headers.iter().map(canonical).collect();
    for (i, (c, h)) in columns.iter().zip(headers.iter()).enumerate() {
        if c.is_none() {
            batch.reject(
                file,
                1,
                Some(i + 1),
                Some(h),
                "csv.header",
                "unknown column",
            );
        }
    }
    if !batch.rejected.is_empty() {
        return batch;
    }
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e
                    .position()
                    .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
                batch.reject(
                    file,
                    line,
                    None,
                    None,
                    "csv.syntax",
                    "not CSV (encoding or quoting)",
                );
                break;
            }
        }
        let line = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
        let row = Row {
            columns: &columns,
            record: &record,
        };
        let read = match kind {
            CsvKind::MemberEvents => row.member_event().map(Notification::Member),
            CsvKind::PayReports => row.pay_report().map(Notification::Pay),
        };
        match read {
            Ok(n) => batch.push(file, line, n),
            Err((column, item, rule, problem)) => {
                batch.reject(file, line, column, Some(item), rule, problem);
            }
        }
    }
    batch
}
