//! Employers' notifications (届書, [`kenpo_domain::notification`]) read into member events and pay
//! reports: the 電子媒体 CSV of 日本年金機構 (`SHFD0006.CSV`, and `KPFD0006.CSV` for a 健康保険組合),
//! the project's documented CSV (Japanese headers accepted) and its JSON files. Reading is pure:
//! rows in, what they say out, and every row that could not be taken with its file, line,
//! column and the rule it broke — never its content.
//!
//! The JSON reader reads the project's own file format (one event or report per line, or an
//! array; documented with the `kenpo` command's inputs), not this crate's [`MemberEvent`] form:
//! it is a file format, read as it is, like the society configuration.
use kenpo_domain::notification as domain;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{count, KenpoError, KenpoResult};
use crate::identifiers::MemberKey;
use crate::member::{Identity, LossReason, MemberEvent, Relationship};
use crate::month::RejectedRow;
use crate::premium::PaymentMethod;
use crate::remuneration::{EndedLeave, FixedWageChange, MonthPay, WorkerKind};
use crate::scalar::{PlainDate, PlainMonth};

mirror_enum! {
    /// Which file shape a `SHFD0006` reader found.
    pub enum ShfdVariant => domain::ShfdVariant {
        /// `SHFD0006.CSV`, to the pension office.
        PensionOffice,
        /// `KPFD0006.CSV`, to a 健康保険組合 (three trailing items per data record).
        HealthInsuranceSociety,
    }
}

/// Which rows a documented CSV or JSON file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum NotificationKind {
    /// Member events (資格取得, 資格喪失, 被扶養者認定・削除).
    MemberEvents,
    /// Pay reports (取得時報酬, 算定基礎, 月額変更, 賞与, 従前標準報酬).
    PayReports,
}

/// A pay report about one insured person: the figures that decide a grade or a bonus premium.
/// Personal data (the key): no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum PayReport {
    /// 資格取得届 報酬月額 (健康保険法 第42条).
    Acquisition {
        /// The insured person.
        key: MemberKey,
        /// 資格取得日.
        acquired: PlainDate,
        /// 報酬月額 (通貨 + 現物), yen.
        amount: i64,
        /// How the employee share is paid.
        payment: PaymentMethod,
    },
    /// 算定基礎届 (第41条): the pay of April, May and June of `year`.
    Regular {
        /// The insured person.
        key: MemberKey,
        /// The year of the determination.
        year: i32,
        /// The kind of worker.
        worker: WorkerKind,
        /// The months.
        months: Vec<MonthPay>,
    },
    /// 月額変更届 (第43条): three months of pay after a fixed-wage change.
    Revision {
        /// The insured person.
        key: MemberKey,
        /// The month the changed wage was first paid.
        first_month: PlainMonth,
        /// 昇給 or 降給.
        change: FixedWageChange,
        /// The kind of worker.
        worker: WorkerKind,
        /// The three months.
        months: Vec<MonthPay>,
    },
    /// 賞与支払届 (第45条).
    Bonus {
        /// The insured person.
        key: MemberKey,
        /// 賞与支払年月日.
        paid_on: PlainDate,
        /// The amount paid (通貨 + 現物), yen.
        amount: i64,
    },
    /// The 標準報酬月額 in force when the records were taken over from an earlier system.
    Opening {
        /// The insured person.
        key: MemberKey,
        /// 標準報酬月額 in force, yen.
        standard_monthly: i64,
        /// The first month it applies to.
        effective_from: PlainMonth,
        /// How the employee share is paid.
        payment: PaymentMethod,
    },
    /// 育児休業等終了時報酬月額変更届 (第43条の2) or 産前産後休業終了時報酬月額変更届 (第43条の3):
    /// the pay of the three months starting with the month containing the day after the leave;
    /// the revision is the fourth month.
    LeaveEnd {
        /// The insured person.
        key: MemberKey,
        /// Which leave ended.
        leave: EndedLeave,
        /// The last day of the leave.
        leave_ended_on: PlainDate,
        /// `true` when the other leave starts the day after (then no revision).
        another_leave_follows: bool,
        /// The kind of worker.
        worker: WorkerKind,
        /// The three months.
        months: Vec<MonthPay>,
    },
}

/// 異動の別 of a 被扶養者(異動)届.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DependantChange {
    /// 該当: a dependant from `recognized`.
    Added {
        /// The first day as a dependant.
        recognized: PlainDate,
    },
    /// 非該当: no longer a dependant from `lost`.
    Removed {
        /// The first day no longer a dependant.
        lost: PlainDate,
        /// Why.
        reason: LossReason,
    },
}

/// A 被扶養者(異動)届 entry of a `SHFD0006` file: the form has no 枝番 for the dependant, so the
/// caller assigns one (addition) or finds the dependant by birth date (removal). Personal data:
/// no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DependantNotice {
    /// The insured person.
    pub insured: MemberKey,
    /// The dependant's identity.
    pub identity: Identity,
    /// 続柄.
    pub relationship: Relationship,
    /// What happened.
    pub change: DependantChange,
}

/// What one row says.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Notification {
    /// A change to the member master (apply it with `MemberMaster.apply`).
    Member {
        /// The event.
        event: MemberEvent,
    },
    /// Pay that decides a grade or a bonus premium.
    Pay {
        /// The report.
        report: PayReport,
    },
    /// A 被扶養者(異動)届 entry whose 枝番 the caller resolves.
    Dependant {
        /// The entry.
        notice: DependantNotice,
    },
}

/// A row read, with where it was.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NotificationRow {
    /// The file, as the caller named it.
    pub file: String,
    /// 1-based line.
    pub line: i64,
    /// What the row says.
    pub notification: Notification,
}

/// A row read that carries nothing for the health insurance (70歳以上被用者届のみ, a 被扶養者
/// 変更 with free text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RowPosition {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: i64,
}

/// What reading one file gave. Personal data (the rows): no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NotificationBatch {
    /// For a `SHFD0006` / `KPFD0006` file, the shape found (`None` when the header was not
    /// read, and for the other readers).
    pub variant: Option<ShfdVariant>,
    /// Rows read, in file order.
    pub rows: Vec<NotificationRow>,
    /// Rows rejected, in file order.
    pub rejected: Vec<RejectedRow>,
    /// Rows read that carry nothing for the health insurance.
    pub ignored: Vec<RowPosition>,
}

fn pay_report(p: &domain::PayReport) -> KenpoResult<PayReport> {
    let months = |m: &[kenpo_domain::standard_remuneration::MonthPay]| -> Vec<MonthPay> {
        m.iter()
            .map(|m| MonthPay {
                month: PlainMonth(m.month),
                base_days: i32::from(m.base_days),
                amount: m.amount.get(),
                partial_period: m.partial_period,
            })
            .collect()
    };
    Ok(match p {
        domain::PayReport::Acquisition {
            key,
            acquired,
            amount,
            payment,
        } => PayReport::Acquisition {
            key: key.into(),
            acquired: PlainDate(*acquired),
            amount: amount.get(),
            payment: (*payment).try_into()?,
        },
        domain::PayReport::Regular {
            key,
            year,
            worker,
            months: m,
        } => PayReport::Regular {
            key: key.into(),
            year: *year,
            worker: (*worker).try_into()?,
            months: months(m),
        },
        domain::PayReport::Revision {
            key,
            first_month,
            change,
            worker,
            months: m,
        } => PayReport::Revision {
            key: key.into(),
            first_month: PlainMonth(*first_month),
            change: (*change).try_into()?,
            worker: (*worker).try_into()?,
            months: months(m),
        },
        domain::PayReport::Bonus {
            key,
            paid_on,
            amount,
        } => PayReport::Bonus {
            key: key.into(),
            paid_on: PlainDate(*paid_on),
            amount: amount.get(),
        },
        domain::PayReport::Opening {
            key,
            standard_monthly,
            effective_from,
            payment,
        } => PayReport::Opening {
            key: key.into(),
            standard_monthly: standard_monthly.get(),
            effective_from: PlainMonth(*effective_from),
            payment: (*payment).try_into()?,
        },
        domain::PayReport::LeaveEnd {
            key,
            leave,
            leave_ended_on,
            another_leave_follows,
            worker,
            months: m,
        } => PayReport::LeaveEnd {
            key: key.into(),
            leave: (*leave).try_into()?,
            leave_ended_on: PlainDate(*leave_ended_on),
            another_leave_follows: *another_leave_follows,
            worker: (*worker).try_into()?,
            months: months(m),
        },
        _ => return Err(KenpoError::internal("a PayReport unknown to kenpo-api")),
    })
}

fn notification(n: &domain::Notification) -> KenpoResult<Notification> {
    Ok(match n {
        domain::Notification::Member(e) => Notification::Member {
            event: e.try_into()?,
        },
        domain::Notification::Pay(p) => Notification::Pay {
            report: pay_report(p)?,
        },
        domain::Notification::Dependant(d) => Notification::Dependant {
            notice: DependantNotice {
                insured: (&d.insured).into(),
                identity: (&d.identity).try_into()?,
                relationship: d.relationship.try_into()?,
                change: match d.change {
                    domain::DependantChange::Added { recognized } => DependantChange::Added {
                        recognized: PlainDate(recognized),
                    },
                    domain::DependantChange::Removed { lost, reason } => DependantChange::Removed {
                        lost: PlainDate(lost),
                        reason: reason.try_into()?,
                    },
                },
            },
        },
        _ => return Err(KenpoError::internal("a Notification unknown to kenpo-api")),
    })
}

/// A rejection's words without any value of the row: the JSON reader passes serde's message on,
/// which may quote one (`unknown variant `…``).
fn batch(
    variant: Option<domain::ShfdVariant>,
    b: &domain::ReadBatch,
) -> KenpoResult<NotificationBatch> {
    Ok(NotificationBatch {
        variant: variant.map(ShfdVariant::try_from).transpose()?,
        rows: b
            .rows
            .iter()
            .map(|r| {
                Ok(NotificationRow {
                    file: r.position.file.clone(),
                    line: count(r.position.line),
                    notification: notification(&r.notification)?,
                })
            })
            .collect::<KenpoResult<_>>()?,
        rejected: b.rejected.iter().map(RejectedRow::from).collect(),
        ignored: b
            .ignored
            .iter()
            .map(|p| RowPosition {
                file: p.file.clone(),
                line: count(p.line),
            })
            .collect(),
    })
}

/// Reads a `SHFD0006.CSV` / `KPFD0006.CSV` file (its Shift_JIS bytes; `file` is the name the
/// rejections carry): 資格取得届, 資格喪失届, 被扶養者(異動)届, 算定基礎届, 月額変更届 and 賞与支払届
/// (日本年金機構「電子媒体届書作成仕様書」 第16.2版). Never fails on a bad file: every row that
/// cannot be taken is in `rejected`.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn read_shfd_notifications(file: String, content: Vec<u8>) -> KenpoResult<NotificationBatch> {
    let (variant, b) = domain::read_shfd(&file, &content);
    batch(variant, &b)
}

/// Reads the project's documented CSV of `kind` rows (UTF-8, a header row naming the columns
/// in English or Japanese; unknown columns refused).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn read_csv_notifications(
    file: String,
    content: Vec<u8>,
    kind: NotificationKind,
) -> KenpoResult<NotificationBatch> {
    let kind = match kind {
        NotificationKind::MemberEvents => domain::CsvKind::MemberEvents,
        NotificationKind::PayReports => domain::CsvKind::PayReports,
    };
    batch(None, &domain::read_csv(&file, &content, kind))
}

/// Reads the project's JSON file of `kind` objects (JSON Lines, or one array).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn read_json_notifications(
    file: String,
    text: String,
    kind: NotificationKind,
) -> KenpoResult<NotificationBatch> {
    let kind = match kind {
        NotificationKind::MemberEvents => domain::JsonKind::MemberEvents,
        NotificationKind::PayReports => domain::JsonKind::PayReports,
    };
    batch(None, &domain::read_json(&file, &text, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_in_events_out_and_rejections_with_line_and_column() {
        let text = "種別,記号,番号,枝番,年月日,金額\nbonus,10,123,00,2026-12-10,612345\nbonus,10,124,00,2026-02-30,1\n";
        let b = read_csv_notifications(
            "pay.csv".into(),
            text.as_bytes().to_vec(),
            NotificationKind::PayReports,
        )
        .unwrap();
        assert_eq!(b.rows.len(), 1);
        assert!(matches!(
            &b.rows[0].notification,
            Notification::Pay {
                report: PayReport::Bonus {
                    amount: 612_345,
                    ..
                }
            }
        ));
        let r = &b.rejected[0];
        assert_eq!((r.file.as_str(), r.line, r.column), ("pay.csv", 3, Some(5)));
        assert!(!r.problem.contains("2026-02-30"), "{}", r.problem);
    }

    /// A leave-end report (育児休業等終了時改定) crosses as its own kind, the months from the month
    /// of the day after the leave.
    #[test]
    fn a_leave_end_row_crosses_as_a_leave_end() {
        let text = "種別,記号,番号,年月日,報酬1,日数1,報酬2,日数2,報酬3,日数3\n\
            育児休業等終了時改定,10,123,2026-05-31,250000,30,250000,31,250000,31\n";
        let b = read_csv_notifications(
            "pay.csv".into(),
            text.as_bytes().to_vec(),
            NotificationKind::PayReports,
        )
        .unwrap();
        assert!(b.rejected.is_empty());
        let Notification::Pay {
            report:
                PayReport::LeaveEnd {
                    leave: EndedLeave::Childcare,
                    leave_ended_on,
                    months,
                    ..
                },
        } = &b.rows[0].notification
        else {
            panic!("not a leave end");
        };
        assert_eq!(leave_ended_on.0.to_string(), "2026-05-31");
        assert_eq!(months[0].month.0.to_string(), "2026-06");
    }

    #[test]
    fn json_rejections_quote_no_value() {
        let text = "{\"type\": \"acquisition\", \"key\": {\"symbol\": \"10\", \"number\": \"123\", \"branch\": \"00\"}, \"acquired\": \"2026-04-01\", \"identity\": {\"name\": \"山田 太郎\", \"kana\": \"ヤマダ タロウ\", \"birth_date\": \"1980-05-02\", \"sex\": \"山田\", \"address\": \"東京都\"}, \"office\": \"A01\"}\n";
        let b = read_json_notifications(
            "m.jsonl".into(),
            text.into(),
            NotificationKind::MemberEvents,
        )
        .unwrap();
        assert!(b.rows.is_empty());
        let r = &b.rejected[0];
        assert_eq!((r.line, r.rule.as_str()), (1, "json.record"));
        assert!(!r.problem.contains("山田"), "{}", r.problem);
        assert!(r.problem.contains("female"), "{}", r.problem);
    }
}
