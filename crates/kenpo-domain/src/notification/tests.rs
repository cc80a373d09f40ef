use super::*;
use crate::calendar::{date, YearMonth};
use crate::member::{LossReason, MemberEvent};
use crate::money::Yen;
use crate::standard_remuneration::{FixedWageChange, WorkerKind};

const HEAD: &str = "21,01,AB12,001,20261001,22223\r\n[kanri]\r\n,001\r\n21,01,AB12,12345,100,0001,東京都千代田区,株式会社見本,見本　太郎,03,1234,5678\r\n[data]\r\n";
const KP_HEAD: &str = "12345,001,20261001,,,,,\r\n[kanri]\r\n,001\r\n12345,100,0001,東京都千代田区,株式会社見本,見本　太郎,03,1234,5678\r\n[data]\r\n";

fn record(items: &[(usize, &str)], count: usize) -> String {
    let mut v = vec![String::new(); count];
    for (i, s) in items {
        v[i - 1] = (*s).to_owned();
    }
    v.join(",")
}

fn sjis(text: &str) -> Vec<u8> {
    encoding_rs::SHIFT_JIS.encode(text).0.into_owned()
}

fn acquisition_line() -> String {
    record(
        &[
            (1, "2200700"),
            (2, "21"),
            (3, "01"),
            (4, "AB12"),
            (5, "12345"),
            (6, "12"),
            (7, "ﾔﾏﾀﾞ ﾀﾛｳ"),
            (8, "山田　太郎"),
            (9, "5"),
            (10, "550502"),
            (11, "1"),
            (12, "1"),
            (18, "9"),
            (19, "081001"),
            (20, "0"),
            (21, "400000"),
            (22, "5000"),
            (23, "405000"),
            (32, "東京都千代田区千代田1-1"),
        ],
        34,
    )
}

/// 資格取得届: the acquisition and the 報酬月額 (item 23), dates in the 年金機構 era numbering.
#[test]
fn shfd_acquisition_gives_the_event_and_the_pay() {
    let text = format!("{HEAD}{}\r\n", acquisition_line());
    let (variant, batch) = read_shfd("SHFD0006.CSV", &sjis(&text));
    assert_eq!(variant, Some(ShfdVariant::PensionOffice));
    assert!(batch.rejected.is_empty(), "{:?}", batch.rejected);
    assert_eq!(batch.rows.len(), 2);
    match &batch.rows[0].notification {
        Notification::Member(MemberEvent::Acquisition {
            key,
            acquired,
            identity,
            ..
        }) => {
            assert_eq!((key.symbol.as_str(), key.number.as_str()), ("AB12", "12"));
            assert_eq!(*acquired, date(2026, 10, 1).unwrap());
            assert_eq!(identity.birth_date, date(1980, 5, 2).unwrap());
        }
        other => panic!("{other:?}"),
    }
    match &batch.rows[1].notification {
        Notification::Pay(PayReport::Acquisition { amount, .. }) => {
            assert_eq!(*amount, Yen::new(405_000));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(batch.rows[0].position.line, 6);
}

/// A bad item is rejected with its line and column, and the rest of the file is read.
#[test]
fn shfd_bad_date_is_named_by_line_and_column() {
    let bad = acquisition_line().replace(",9,081001,", ",9,081341,");
    let text = format!("{HEAD}{bad}\r\n{}\r\n", acquisition_line());
    let (_, batch) = read_shfd("SHFD0006.CSV", &sjis(&text));
    assert_eq!(batch.rejected.len(), 1);
    let r = &batch.rejected[0];
    assert_eq!((r.line, r.column, r.rule), (6, Some(19), "shfd.item"));
    assert!(!r.to_string().contains("ﾔﾏﾀﾞ"));
    assert_eq!(batch.rows.len(), 2);
}

#[test]
fn shfd_loss_revision_regular_bonus() {
    let loss = record(
        &[
            (1, "2201700"),
            (4, "AB12"),
            (6, "12"),
            (7, "ﾔﾏﾀﾞ ﾀﾛｳ"),
            (9, "5"),
            (10, "550502"),
            (14, "9"),
            (15, "081101"),
            (16, "4"),
            (17, "9"),
            (18, "081031"),
        ],
        27,
    );
    let mut rev = vec![
        (1, "2221700"),
        (4, "AB12"),
        (5, "12"),
        (6, "ﾔﾏﾀﾞ ﾀﾛｳ"),
        (8, "5"),
        (9, "550502"),
        (10, "9"),
        (11, "08"),
        (12, "12"),
        (19, "1"),
    ];
    rev.extend([
        (25, "30"),
        (26, "31"),
        (27, "30"),
        (34, "500000"),
        (35, "510000"),
        (36, "505000"),
    ]);
    let rev = record(&rev, 49);
    let mut reg = vec![
        (1, "2225700"),
        (4, "AB12"),
        (5, "12"),
        (6, "ﾔﾏﾀﾞ ﾀﾛｳ"),
        (8, "5"),
        (9, "550502"),
        (10, "9"),
        (11, "09"),
        (12, "09"),
        (50, "1"),
    ];
    reg.extend([
        (25, "30"),
        (26, "16"),
        (27, "30"),
        (34, "300000"),
        (35, "150000"),
        (36, "310000"),
    ]);
    let reg = record(&reg, 53);
    let bonus = record(
        &[
            (1, "2265700"),
            (4, "AB12"),
            (5, "12"),
            (6, "ﾔﾏﾀﾞ ﾀﾛｳ"),
            (8, "5"),
            (9, "550502"),
            (10, "9"),
            (11, "081210"),
            (12, "600000"),
            (13, "1000"),
            (14, "601000"),
        ],
        21,
    );
    let text = format!("{HEAD}{loss}\r\n{rev}\r\n{reg}\r\n{bonus}\r\n");
    let (_, batch) = read_shfd("SHFD0006.CSV", &sjis(&text));
    assert!(batch.rejected.is_empty(), "{:?}", batch.rejected);
    let n: Vec<&Notification> = batch.rows.iter().map(|r| &r.notification).collect();
    assert!(
        matches!(n[0], Notification::Member(MemberEvent::Loss { reason: LossReason::Retirement, lost, .. }) if *lost == date(2026, 11, 1).unwrap())
    );
    match n[1] {
        Notification::Pay(PayReport::Revision {
            first_month,
            change,
            months,
            ..
        }) => {
            assert_eq!(*first_month, YearMonth::new(2026, 9).unwrap());
            assert_eq!(*change, FixedWageChange::Increase);
            assert_eq!(months[2].amount, Yen::new(505_000));
        }
        other => panic!("{other:?}"),
    }
    match n[2] {
        Notification::Pay(PayReport::Regular {
            year,
            worker,
            months,
            ..
        }) => {
            assert_eq!((*year, *worker), (2027, WorkerKind::PartTimer));
            assert_eq!(months[0].month, YearMonth::new(2027, 4).unwrap());
            assert_eq!(months[1].base_days, 16);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(n[3], Notification::Pay(PayReport::Bonus { amount, .. }) if *amount == Yen::new(601_000))
    );
}

/// The 健保組合 variant: three trailing items, the society's 記号・番号 from them.
#[test]
fn kpfd_keys_on_the_societys_own_number() {
    let line = format!("{},S100,4567,", acquisition_line());
    let text = format!("{KP_HEAD}{line}\r\n");
    let (variant, batch) = read_shfd("KPFD0006.CSV", &sjis(&text));
    assert_eq!(variant, Some(ShfdVariant::HealthInsuranceSociety));
    assert!(batch.rejected.is_empty(), "{:?}", batch.rejected);
    match &batch.rows[0].notification {
        Notification::Member(MemberEvent::Acquisition { key, .. }) => {
            assert_eq!(key.symbol.as_str(), "S100");
            assert_eq!(key.number.as_str(), "4567");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn shfd_dependant_notice_and_wrong_item_count() {
    let mut items = vec![
        (1, "2202700"),
        (4, "AB12"),
        (8, "12"),
        (9, "ﾔﾏﾀﾞ ﾀﾛｳ"),
        (21, "1"),
    ];
    items.extend([
        (71, "ﾔﾏﾀﾞ ﾊﾅ"),
        (72, "山田　花"),
        (73, "9"),
        (74, "060401"),
        (75, "2"),
        (76, "01"),
        (82, "東京都千代田区千代田1-1"),
        (90, "9"),
        (91, "081001"),
    ]);
    let dep = record(&items, 139);
    let short = record(&[(1, "2265700")], 20);
    let text = format!("{HEAD}{dep}\r\n{short}\r\n");
    let (_, batch) = read_shfd("SHFD0006.CSV", &sjis(&text));
    match &batch.rows[0].notification {
        Notification::Dependant(d) => {
            assert_eq!(
                d.change,
                DependantChange::Added {
                    recognized: date(2026, 10, 1).unwrap()
                }
            );
            assert_eq!(d.identity.birth_date, date(2024, 4, 1).unwrap());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(batch.rejected[0].rule, "shfd.item_count");
    assert_eq!(batch.rejected[0].line, 7);
}

#[test]
fn shfd_header_must_be_there() {
    let (v, batch) = read_shfd("X.CSV", b"2265700,21\r\n");
    assert_eq!(v, None);
    assert_eq!(batch.rejected[0].rule, "shfd.header");
}

/// Japanese headers are accepted; an unknown header refuses the file; a bad value names its
/// column.
#[test]
fn csv_headers_and_values() {
    let text = "種別,記号,番号,枝番,年月日,氏名,カナ氏名,生年月日,性別,住所,事業所\n\
        資格取得,10,123,00,2026-10-01,山田 太郎,ヤマダ タロウ,1980-05-02,男,東京都千代田区1-1,A01\n\
        資格取得,10,124,00,2026-13-01,山田 次郎,ヤマダ ジロウ,1980-05-02,男,東京都千代田区1-1,A01\n";
    let batch = read_csv("m.csv", text.as_bytes(), CsvKind::MemberEvents);
    assert_eq!(batch.rows.len(), 1);
    let r = &batch.rejected[0];
    assert_eq!(
        (r.line, r.column, r.item.as_deref()),
        (3, Some(5), Some("date"))
    );
    let batch = read_csv(
        "m.csv",
        "種類,記号\nx,y\n".as_bytes(),
        CsvKind::MemberEvents,
    );
    assert_eq!(batch.rejected[0].rule, "csv.header");
    assert!(batch.rows.is_empty());
}

/// A negative amount is a rejected row naming the column, never a pay report.
#[test]
fn csv_negative_amount_is_rejected() {
    let text = "種別,記号,番号,枝番,年月日,金額\nbonus,10,123,00,2026-12-10,-612345\n";
    let batch = read_csv("pay.csv", text.as_bytes(), CsvKind::PayReports);
    assert!(batch.rows.is_empty());
    let r = &batch.rejected[0];
    assert_eq!(
        (r.line, r.column, r.item.as_deref()),
        (2, Some(6), Some("amount"))
    );
    assert!(!r.problem.contains("612345"), "{}", r.problem);
}

#[test]
fn csv_pay_revision() {
    let text = "type,symbol,number,month,change,pay1,days1,pay2,days2,pay3,days3\n\
        revision,10,123,2026-09,昇給,500000,30,500000,31,500000,30\n";
    let batch = read_csv("p.csv", text.as_bytes(), CsvKind::PayReports);
    assert!(batch.rejected.is_empty(), "{:?}", batch.rejected);
    match &batch.rows[0].notification {
        Notification::Pay(p) => assert_eq!(p.month(), YearMonth::new(2026, 12).unwrap()),
        other => panic!("{other:?}"),
    }
}

/// A leave end (育児休業等終了時改定): the three months start with the month of the day after the
/// leave's last day, the revision is the fourth month; the JSON form reads the same report.
#[test]
fn csv_and_json_pay_leave_end() {
    use crate::standard_remuneration::EndedLeave;
    // The leave ends on 31 May: June, July, August; revised from September.
    let text = "種別,記号,番号,年月日,報酬1,日数1,報酬2,日数2,報酬3,日数3\n\
        育児休業等終了時改定,10,123,2026-05-31,250000,30,250000,31,250000,31\n\
        maternity_leave_end,10,124,2026-06-15,250000,30,250000,31,250000,31\n";
    let batch = read_csv("p.csv", text.as_bytes(), CsvKind::PayReports);
    assert!(batch.rejected.is_empty(), "{:?}", batch.rejected);
    let Notification::Pay(p) = &batch.rows[0].notification else {
        panic!("not a pay report");
    };
    assert_eq!(p.kind(), "leave_end");
    assert_eq!(p.month(), YearMonth::new(2026, 9).unwrap());
    let PayReport::LeaveEnd {
        leave,
        months,
        another_leave_follows,
        ..
    } = p
    else {
        panic!("not a leave end");
    };
    assert_eq!(*leave, EndedLeave::Childcare);
    assert!(!another_leave_follows);
    let firsts: Vec<String> = months.iter().map(|m| m.month.to_string()).collect();
    assert_eq!(firsts, ["2026-06", "2026-07", "2026-08"]);
    // Ended mid-June: the day after is in June, so June is still the first month.
    let Notification::Pay(q) = &batch.rows[1].notification else {
        panic!("not a pay report");
    };
    assert!(matches!(
        q,
        PayReport::LeaveEnd {
            leave: EndedLeave::Maternity,
            ..
        }
    ));
    assert_eq!(q.month(), YearMonth::new(2026, 9).unwrap());
    let json = serde_json::to_string(p).unwrap();
    assert!(json.contains("\"type\":\"leave_end\""), "{json}");
    let back: PayReport = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, p);
}

#[test]
fn json_array_lines_are_where_objects_start() {
    let text = "[\n  {\"type\": \"bonus\", \"key\": {\"symbol\": \"10\", \"number\": \"1\", \"branch\": \"00\"},\n   \"paid_on\": \"2026-12-10\", \"amount\": 1},\n  {\"type\": \"nope\"}\n]\n";
    let batch = read_json("p.json", text, JsonKind::PayReports);
    assert_eq!(batch.rows[0].position.line, 2);
    assert_eq!(batch.rejected[0].line, 4);
}
