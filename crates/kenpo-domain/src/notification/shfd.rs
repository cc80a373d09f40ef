//! The 電子媒体 CSV of 日本年金機構's notification layout: `SHFD0006.CSV` (to the pension office)
//! and its 健康保険組合 variant `KPFD0006.CSV` (three trailing items on every data record:
//! 事業所番号（健保組合）, 被保険者証番号（健保組合）, 健保組合固有項目).
//!
//! A file is Shift_JIS text, CR LF, commas, no quoting: line 1 the 媒体管理レコード (6 items; 8 in
//! the 健保組合 variant), line 2 `[kanri]`, line 3 事業所数情報, line 4 事業所情報, line 5
//! `[data]`, then one data record per person and form, each starting with its 様式コード
//! ([`FORM_CODES`]). Dates in data records are the 年金機構 era code (1 明治, 3 大正, 5 昭和,
//! 7 平成, 9 令和 — not the receipt numbering) and YYMMDD.
//!
//! The member key: with the 健保組合 trailing items, 記号 = 事業所番号（健保組合） and 番号 =
//! 被保険者証番号（健保組合）; without them, 記号 = 事業所記号 and 番号 = 被保険者整理番号. The
//! insured person's 枝番 is `00`. The 記号 must be one the society uses (letters, digits, kanji
//! or full-width kana: a half-width-kana 事業所記号 is refused, so such offices file the
//! 健保組合 variant). A dependant's 枝番 is not on the form (被扶養者番号 is always
//! empty): a 被扶養者(異動)届 gives [`DependantNotice`]s that the caller resolves against its
//! master.
//!
//! Doubts (see `docs/SOURCES.md`): the 健康保険組合 variant is inferred from two implementations,
//! not read in the specification; 種別 codes 5–7 (基金) follow the paper form; a missing kanji
//! name is taken from the kana; an address left out because 個人番号 is given is recorded as
//! [`ADDRESS_NOT_NOTIFIED`]; 被扶養者でなくなった日 is read as the first day no longer a
//! dependant.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Notification, PayReport, ReadBatch};
use crate::calendar::YearMonth;
use crate::era::{Era, WarekiDate};
use crate::identifiers::{BranchNumber, InsuredNumber, InsuredSymbol, MemberKey, OfficeCode};
use crate::member::{Identity, LossReason, MemberEvent, Relationship};
use crate::money::Yen;
use crate::person::{Address, KanaName, PersonName, Sex};
use crate::premium::PaymentMethod;
use crate::standard_remuneration::{FixedWageChange, MonthPay, WorkerKind};

/// The forms read, with their item counts in the 日本年金機構 layout (the 健保組合 variant adds 3):
/// 資格取得届 (34 items from December 2024; 33 before), 資格喪失届, 被扶養者(異動)届, 算定基礎届,
/// 月額変更届, 賞与支払届.
pub const FORM_CODES: [(&str, &str, &[usize]); 6] = [
    ("2200700", "資格取得届", &[34, 33]),
    ("2201700", "資格喪失届", &[27]),
    ("2202700", "被扶養者(異動)届", &[139]),
    ("2225700", "算定基礎届", &[53]),
    ("2221700", "月額変更届", &[49]),
    ("2265700", "賞与支払届", &[21]),
];

/// The address recorded when a form leaves it out because 個人番号 is given (the society gets
/// it through the 個人番号, not from the form).
pub const ADDRESS_NOT_NOTIFIED: &str = "（住所未届：個人番号による）";

/// Which file shape was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ShfdVariant {
    /// `SHFD0006.CSV`, to the pension office.
    PensionOffice,
    /// `KPFD0006.CSV`, to a 健康保険組合 (three trailing items per data record).
    HealthInsuranceSociety,
}

/// A 被扶養者(異動)届 entry: the insured person's key and the dependant, whose 枝番 the caller
/// assigns (addition) or finds by birth date (removal). `Debug` shows the masked key only.
#[derive(Clone, PartialEq, Eq)]
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

impl std::fmt::Debug for DependantNotice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "DependantNotice({}, {:?})",
            self.insured.masked(),
            self.change
        )
    }
}

/// 異動の別 of a 被扶養者(異動)届.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DependantChange {
    /// 該当: a dependant from `recognized` (被扶養者になった日).
    Added {
        /// The first day as a dependant.
        recognized: NaiveDate,
    },
    /// 非該当: no longer a dependant from `lost`.
    Removed {
        /// The first day no longer a dependant (被扶養者でなくなった日).
        lost: NaiveDate,
        /// Why.
        reason: LossReason,
    },
}

struct Record<'a> {
    file: &'a str,
    line: usize,
    items: Vec<&'a str>,
    /// Where the 健保組合 trailing items start, when present.
    trailing: Option<usize>,
}

type Fault = (usize, &'static str, String);

impl<'a> Record<'a> {
    fn get(&self, n: usize) -> &'a str {
        self.items.get(n - 1).copied().unwrap_or("").trim()
    }

    fn req(&self, n: usize, what: &'static str) -> Result<&'a str, Fault> {
        let v = self.get(n);
        if v.is_empty() {
            Err((n, what, "required item is empty".into()))
        } else {
            Ok(v)
        }
    }

    fn date(&self, era_item: usize, what: &'static str) -> Result<NaiveDate, Fault> {
        let era = self.req(era_item, what)?;
        let ymd = self.req(era_item + 1, what)?;
        pension_date(era, ymd).ok_or((
            era_item + 1,
            what,
            "not a date (元号 1/3/5/7/9 + YYMMDD)".into(),
        ))
    }

    fn month(&self, era_item: usize, what: &'static str) -> Result<YearMonth, Fault> {
        let era = self.req(era_item, what)?;
        let yy = self.req(era_item + 1, what)?;
        let mm = self.req(era_item + 2, what)?;
        pension_date(era, &format!("{yy:0>2}{mm:0>2}01"))
            .map(YearMonth::of)
            .ok_or((era_item + 1, what, "not a month (元号 + YY + MM)".into()))
    }

    fn yen(&self, n: usize, what: &'static str) -> Result<Yen, Fault> {
        let v = self.req(n, what)?;
        v.parse::<i64>()
            .ok()
            .filter(|a| *a >= 0 && v.len() <= 7)
            .map(Yen::new)
            .ok_or((n, what, "not an amount of up to 7 digits".into()))
    }

    fn flag(&self, n: usize) -> bool {
        self.get(n) == "1"
    }

    /// The member key (see the module docs); `office_item` is the 事業所記号, `number_item`
    /// the 被保険者整理番号.
    fn key(&self, office_item: usize, number_item: usize) -> Result<MemberKey, Fault> {
        let (s_item, n_item) = match self.trailing {
            Some(t) => (t, t + 1),
            None => (office_item, number_item),
        };
        let symbol = self.req(s_item, "記号")?;
        let number = self.req(n_item, "番号")?;
        let symbol = InsuredSymbol::new(symbol).map_err(|e| (s_item, "記号", e.to_string()))?;
        let number = InsuredNumber::new(number).map_err(|e| (n_item, "番号", e.to_string()))?;
        let branch = BranchNumber::from_value(0).map_err(|e| (n_item, "枝番", e.to_string()))?;
        Ok(MemberKey::new(symbol, number, branch))
    }

    fn identity(
        &self,
        kana_item: usize,
        kanji_item: usize,
        birth_era_item: usize,
        sex: Sex,
        address_item: Option<usize>,
    ) -> Result<Identity, Fault> {
        let kana = self.req(kana_item, "氏名（カナ）")?;
        let kanji = self.get(kanji_item);
        let name = if kanji.is_empty() { kana } else { kanji };
        let address = address_item
            .map(|i| self.get(i))
            .filter(|a| !a.is_empty())
            .unwrap_or(ADDRESS_NOT_NOTIFIED);
        Ok(Identity {
            name: PersonName::new(name).map_err(|e| (kanji_item, "氏名（漢字）", e.to_string()))?,
            kana: KanaName::new(kana).map_err(|e| (kana_item, "氏名（カナ）", e.to_string()))?,
            birth_date: self.date(birth_era_item, "生年月日")?,
            sex,
            address: Address::new(address)
                .map_err(|e| (address_item.unwrap_or(0), "住所", e.to_string()))?,
        })
    }

    fn three_months(&self, first: YearMonth) -> Result<Vec<MonthPay>, Fault> {
        let mut months = Vec::new();
        for i in 0..3 {
            let days = self.req(25 + i, "給与計算の基礎日数")?;
            let base_days = days.parse::<u8>().ok().filter(|d| *d <= 31).ok_or((
                25 + i,
                "給与計算の基礎日数",
                "not 00–31".into(),
            ))?;
            months.push(MonthPay {
                month: first.add_months(i32::try_from(i).unwrap_or(0)),
                base_days,
                amount: self.yen(34 + i, "合計")?,
                partial_period: false,
            });
        }
        Ok(months)
    }
}

/// A 年金機構 date: era code 1/3/5/7/9 and YYMMDD.
fn pension_date(era: &str, ymd: &str) -> Option<NaiveDate> {
    let era = match era {
        "1" => Era::Meiji,
        "3" => Era::Taisho,
        "5" => Era::Showa,
        "7" => Era::Heisei,
        "9" => Era::Reiwa,
        _ => return None,
    };
    if ymd.len() != 6 || !ymd.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| ymd.get(r).and_then(|s| s.parse::<u32>().ok());
    WarekiDate::new(era, n(0..2)?, n(2..4)?, n(4..6)?)
        .ok()
        .map(WarekiDate::to_gregorian)
}

fn worker_of(short_time: bool, part_timer: bool) -> WorkerKind {
    if short_time {
        WorkerKind::ShortTimeWorker
    } else if part_timer {
        WorkerKind::PartTimer
    } else {
        WorkerKind::Regular
    }
}

fn acquisition(r: &Record<'_>) -> Result<Vec<Notification>, Fault> {
    if r.flag(33) {
        return Ok(Vec::new());
    }
    let sex = match r.req(11, "種別（性別）")? {
        "1" | "5" => Sex::Male,
        "2" | "6" => Sex::Female,
        _ => {
            return Err((
                11,
                "種別（性別）",
                "坑内員 (3/7) or an unknown code: the sex is not given".into(),
            ))
        }
    };
    let key = r.key(4, 6)?;
    let acquired = r.date(18, "資格取得年月日")?;
    let office = OfficeCode::new(&format!("{}{}", r.req(4, "事業所記号")?, r.get(5)))
        .map_err(|e| (4, "事業所記号", e.to_string()))?;
    let identity = r.identity(7, 8, 9, sex, Some(32))?;
    let amount = r.yen(23, "報酬月額 合計")?;
    Ok(vec![
        Notification::Member(MemberEvent::Acquisition {
            key: key.clone(),
            acquired,
            identity,
            office,
        }),
        Notification::Pay(PayReport::Acquisition {
            key,
            acquired,
            amount,
            payment: PaymentMethod::WageDeduction,
        }),
    ])
}

fn loss(r: &Record<'_>) -> Result<Vec<Notification>, Fault> {
    if r.flag(27) {
        return Ok(Vec::new());
    }
    let reason = match r.req(16, "喪失（不該当）原因")? {
        "4" => LossReason::Retirement,
        "5" => LossReason::Death,
        "7" | "9" => LossReason::LateElderly,
        "11" => LossReason::Other,
        _ => return Err((16, "喪失（不該当）原因", "not 4, 5, 7, 9 or 11".into())),
    };
    Ok(vec![Notification::Member(MemberEvent::Loss {
        key: r.key(4, 6)?,
        lost: r.date(14, "資格喪失年月日")?,
        reason,
    })])
}

fn dependants(r: &Record<'_>) -> Result<Vec<Notification>, Fault> {
    let insured = r.key(4, 8)?;
    let change = r.req(21, "異動の別")?;
    if change == "3" {
        // 変更: which item changed is free text (備考); not applied.
        return Ok(Vec::new());
    }
    if change != "1" && change != "2" {
        return Err((21, "異動の別", "not 1, 2 or 3".into()));
    }
    let added = change == "1";
    let mut out = Vec::new();
    // The spouse block (22–69).
    if !r.get(24).is_empty() {
        let sex = match r.req(28, "続柄（配偶者）")? {
            "1" | "3" => Sex::Male,
            "2" | "4" => Sex::Female,
            _ => return Err((28, "続柄（配偶者）", "not 1–4".into())),
        };
        let identity = r.identity(24, 25, 26, sex, Some(39))?;
        let change = if added {
            DependantChange::Added {
                recognized: r.date(44, "被扶養者になった日")?,
            }
        } else {
            DependantChange::Removed {
                lost: r.date(50, "被扶養者でなくなった日")?,
                reason: match r.req(52, "被扶養者でなくなった理由")? {
                    "1" => LossReason::Death,
                    "4" | "5" => LossReason::LateElderly,
                    "2" | "3" => LossReason::RecognitionWithdrawn,
                    "6" => LossReason::Other,
                    _ => return Err((52, "被扶養者でなくなった理由", "not 1–6".into())),
                },
            }
        };
        out.push(Notification::Dependant(DependantNotice {
            insured: insured.clone(),
            identity,
            relationship: Relationship::Spouse,
            change,
        }));
    }
    // The two other-dependant blocks (70–102, 103–135).
    for base in [70usize, 103] {
        if r.get(base + 1).is_empty() {
            continue;
        }
        let sex = match r.req(base + 5, "性別")? {
            "1" => Sex::Male,
            "2" => Sex::Female,
            _ => return Err((base + 5, "性別", "not 1 or 2".into())),
        };
        let relationship = match r.req(base + 6, "続柄")? {
            "01" | "02" => Relationship::Child,
            "03" => Relationship::Parent,
            "04" | "10" => Relationship::OtherRelativeWithinThirdDegree,
            "05" => Relationship::YoungerSibling,
            "06" => Relationship::ElderSibling,
            "07" | "08" => Relationship::Grandparent,
            "09" => Relationship::Grandchild,
            _ => return Err((base + 6, "続柄", "not 01–10".into())),
        };
        let identity = r.identity(base + 1, base + 2, base + 3, sex, Some(base + 12))?;
        let change = if added {
            DependantChange::Added {
                recognized: r.date(base + 20, "被扶養者になった日")?,
            }
        } else {
            DependantChange::Removed {
                lost: r.date(base + 27, "被扶養者でなくなった日")?,
                reason: match r.req(base + 29, "被扶養者でなくなった理由")? {
                    "1" => LossReason::Death,
                    "4" | "5" => LossReason::LateElderly,
                    "2" | "3" => LossReason::RecognitionWithdrawn,
                    "6" => LossReason::Other,
                    _ => return Err((base + 29, "被扶養者でなくなった理由", "not 1–6".into())),
                },
            }
        };
        out.push(Notification::Dependant(DependantNotice {
            insured: insured.clone(),
            identity,
            relationship,
            change,
        }));
    }
    Ok(out)
}

fn regular(r: &Record<'_>) -> Result<Vec<Notification>, Fault> {
    if r.flag(53) {
        return Ok(Vec::new());
    }
    let applies = r.month(10, "適用年月")?;
    let april = applies.add_months(-5);
    let mut months = r.three_months(april)?;
    if r.flag(47) {
        // 途中入社: the first month paid is for part of a pay period.
        if let Some(first) = months.iter_mut().find(|m| m.amount > Yen::ZERO) {
            first.partial_period = true;
        }
    }
    months.retain(|m| m.amount > Yen::ZERO || m.base_days > 0);
    Ok(vec![Notification::Pay(PayReport::Regular {
        key: r.key(4, 5)?,
        year: applies.year(),
        worker: worker_of(r.flag(49), r.flag(50)),
        months,
    })])
}

fn revision(r: &Record<'_>) -> Result<Vec<Notification>, Fault> {
    if r.flag(49) {
        return Ok(Vec::new());
    }
    let revised = r.month(10, "改定年月")?;
    let change = match r.req(19, "昇（降）給区分")? {
        "1" => FixedWageChange::Increase,
        "2" => FixedWageChange::Decrease,
        _ => return Err((19, "昇（降）給区分", "not 1 or 2".into())),
    };
    let first = revised.add_months(-3);
    Ok(vec![Notification::Pay(PayReport::Revision {
        key: r.key(4, 5)?,
        first_month: first,
        change,
        worker: worker_of(r.flag(45), false),
        months: r.three_months(first)?,
    })])
}

fn bonus(r: &Record<'_>) -> Result<Vec<Notification>, Fault> {
    if r.flag(21) {
        return Ok(Vec::new());
    }
    let cash = r.yen(12, "通貨によるものの額")?;
    let kind = if r.get(13).is_empty() {
        Yen::ZERO
    } else {
        r.yen(13, "現物によるものの額")?
    };
    Ok(vec![Notification::Pay(PayReport::Bonus {
        key: r.key(4, 5)?,
        paid_on: r.date(10, "賞与支払年月日")?,
        amount: cash + kind,
    })])
}

/// Reads a `SHFD0006.CSV` / `KPFD0006.CSV` file (its bytes, Shift_JIS). Records for the pension
/// only (70歳以上被用者届のみ提出) and 被扶養者 変更 records are counted in
/// [`ReadBatch::ignored`]; every other row is read or rejected.
///
/// ```
/// use kenpo_domain::notification::{read_shfd, Notification, ShfdVariant};
///
/// let text = "21,01,AB12,001,20261001,22223\r\n[kanri]\r\n,001\r\n21,01,AB12,12345,100,0001,東京都千代田区,株式会社見本,見本　太郎,03,1234,5678\r\n[data]\r\n\
/// 2265700,21,01,AB12,12,ﾔﾏﾀﾞ ﾀﾛｳ,山田　太郎,5,550502,9,081210,600000,0,600000,,,,,,,\r\n";
/// let bytes = encoding_rs::SHIFT_JIS.encode(text).0;
/// let (variant, batch) = read_shfd("SHFD0006.CSV", &bytes);
/// assert_eq!(variant, Some(ShfdVariant::PensionOffice));
/// assert!(batch.rejected.is_empty(), "{:?}", batch.rejected);
/// assert!(matches!(batch.rows[0].notification, Notification::Pay(_)));
/// ```
pub fn read_shfd(file: &str, bytes: &[u8]) -> (Option<ShfdVariant>, ReadBatch) {
    let mut batch = ReadBatch::default();
    let (text, _, malformed) = encoding_rs::SHIFT_JIS.decode(bytes);
    if malformed {
        batch.reject(file, 0, None, None, "shfd.encoding", "not Shift_JIS text");
        return (None, batch);
    }
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let header_items = lines.first().map_or(0, |l| l.split(',').count());
    let variant = match header_items {
        6 => ShfdVariant::PensionOffice,
        8 => ShfdVariant::HealthInsuranceSociety,
        n => {
            batch.reject(
                file,
                1,
                None,
                Some("媒体管理レコード"),
                "shfd.header",
                format!("{n} items: 6 (SHFD0006) or 8 (KPFD0006) expected; the pre-2018 layout (5) is not read"),
            );
            return (None, batch);
        }
    };
    for (line, literal) in [(2usize, "[kanri]"), (5, "[data]")] {
        if lines.get(line - 1).map(|l| l.trim()) != Some(literal) {
            batch.reject(
                file,
                line,
                None,
                None,
                "shfd.header",
                format!("{literal} expected"),
            );
            return (Some(variant), batch);
        }
    }
    let extra = match variant {
        ShfdVariant::PensionOffice => 0,
        ShfdVariant::HealthInsuranceSociety => 3,
    };
    for (i, text) in lines.iter().enumerate().skip(5) {
        let line = i + 1;
        if text.trim().is_empty() || text.trim() == "\u{1a}" {
            continue;
        }
        let items: Vec<&str> = text.split(',').collect();
        let code = items.first().map_or("", |c| c.trim());
        let Some((_, name, counts)) = FORM_CODES.iter().find(|(c, _, _)| *c == code) else {
            batch.reject(
                file,
                line,
                Some(1),
                Some("様式コード"),
                "shfd.form",
                "not one of the forms read (2200700, 2201700, 2202700, 2225700, 2221700, 2265700)",
            );
            continue;
        };
        let Some(base) = counts.iter().copied().find(|c| c + extra == items.len()) else {
            batch.reject(
                file,
                line,
                None,
                Some(name),
                "shfd.item_count",
                format!("{} items; {name} has {:?} (+{extra})", items.len(), counts),
            );
            continue;
        };
        let record = Record {
            file,
            line,
            items,
            trailing: (extra > 0).then_some(base + 1),
        };
        let read = match code {
            "2200700" => acquisition(&record),
            "2201700" => loss(&record),
            "2202700" => dependants(&record),
            "2225700" => regular(&record),
            "2221700" => revision(&record),
            _ => bonus(&record),
        };
        match read {
            Ok(v) if v.is_empty() => batch.ignored.push(super::RowPosition {
                file: record.file.to_owned(),
                line: record.line,
            }),
            Ok(v) => {
                for n in v {
                    batch.push(file, line, n);
                }
            }
            Err((column, item, problem)) => {
                batch.reject(file, line, Some(column), Some(item), "shfd.item", problem);
            }
        }
    }
    (Some(variant), batch)
}
