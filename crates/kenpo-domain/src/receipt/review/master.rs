//! The payment fund's master files (基本マスター) the user supplies, read in their published
//! layout: 医科診療行為マスター (`s_…`, master type `S`), 医薬品マスター (`y_…`, `Y`) and
//! 傷病名マスター (`b_…`, `B`).
//!
//! Layout followed: 「レセプト電算処理システム マスターファイル仕様説明書 令和6年度版」 (令和7年6月2日
//! 変更要) of the 社会保険診療報酬支払基金, read directly (confidence **A**; see
//! `docs/SOURCES.md`): Shift_JIS, CR LF, every value in double quotes, no header row; item 1 is
//! 変更区分 (0 unchanged, 1 抹消, 2 復活, 3 新規, 5 変更, 9 廃止) and item 2 the master type. A
//! dated update file's 変更 rows carry only the key and the changed items: reading one after the
//! full file keeps the earlier value of every item left empty, and 抹消 removes the code.
//!
//! Only the items the checks use are kept; the item numbers are those of the 令和6年度 layout
//! (the layout never moves an item, but freed 予備 items change meaning at revisions).

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Why a master file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{file}:{line}: item {item} ({name}): {problem}")]
pub struct MasterError {
    /// The file's name as given.
    pub file: String,
    /// One-based line.
    pub line: u64,
    /// One-based item number of the layout (0 for the line as a whole).
    pub item: u16,
    /// The item's name in the specification.
    pub name: &'static str,
    /// What is wrong.
    pub problem: String,
}

/// 医科診療行為マスター: what the checks use of one 診療行為コード.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureEntry {
    /// 診療行為コード (item 3).
    pub code: u32,
    /// 省略漢字名称 (item 5).
    pub name: String,
    /// 傷病名関連区分 (item 25): 5 特定疾患療養管理料・特定疾患処方管理加算, 3/4 皮膚科, 7 てんかん, 9 難病.
    pub disease_related: u8,
    /// 実日数 (item 27): 1 = the count may not exceed 診療実日数.
    pub days_check: u8,
    /// 注加算コード (item 38), 0 when none.
    pub addition_group: u16,
    /// 注加算通番 (item 39): `'0'` on base items, 1–9 / A–Z on additions.
    pub addition_seq: char,
    /// 下限年齢 (item 41).
    pub min_age: AgeLimit,
    /// 上限年齢 (item 42).
    pub max_age: AgeLimit,
    /// コード表用番号 アルファベット部 (item 85).
    pub section_letter: char,
    /// 区分番号 (item 92).
    pub section: u16,
    /// 枝番 (item 93).
    pub section_branch: u8,
    /// 項番 (item 94).
    pub section_item: u16,
    /// 変更年月日 (item 87): from when this row holds.
    pub changed: Option<NaiveDate>,
    /// 廃止年月日 (item 88): the last day the code may be used (`None` for 99999999).
    pub abolished: Option<NaiveDate>,
}

/// 医薬品マスター: what the checks use of one 医薬品コード.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrugEntry {
    /// 医薬品コード (item 3).
    pub code: u32,
    /// 漢字名称 (item 5).
    pub name: String,
    /// 麻薬・毒薬・覚醒剤原料・向精神薬 (item 14): 1 麻薬, 2 毒薬, 3 覚醒剤原料, 5 向精神薬.
    pub controlled: u8,
    /// 剤形 (item 28): 1 内用薬, 3 その他, 4 注射薬, 6 外用薬, 8 歯科用薬剤.
    pub form: u8,
    /// 一般名コード (item 37): the ingredient, shared by products.
    pub generic_code: String,
    /// 廃止年月日 (item 31).
    pub abolished: Option<NaiveDate>,
}

/// 傷病名マスター: what the checks use of one 傷病名コード.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiseaseEntry {
    /// 傷病名コード (item 3).
    pub code: u32,
    /// ICD-10-1 (item 16).
    pub icd10: String,
    /// 単独使用禁止区分 (item 19): `true` for 01 (must carry a 修飾語).
    pub needs_modifier: bool,
    /// 保険請求外区分 (item 20): `true` for 1.
    pub not_billable: bool,
    /// 特定疾患等対象区分 (item 21): 05 特定疾患療養管理料, 08 特定疾患療養管理料 or てんかん指導料, …
    pub specified: u8,
    /// 廃止年月日 (item 24).
    pub abolished: Option<NaiveDate>,
}

/// An age limit of the 医科診療行為マスター (items 41, 42; 別紙): `00` none, a number of years,
/// `AA` 生後28日, `AE` 生後90日, `B3`/`B6`/`BF`/`BK` the first day of the month after the 3rd, 6th,
/// 15th, 20th birthday, `MG` 未就学児 (until the 31 March after the 6th birthday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AgeLimit {
    /// No limit.
    None,
    /// Years of age (birthdays passed).
    Years(u8),
    /// Days since birth.
    DaysOld(u16),
    /// The first day of the month after the given birthday.
    MonthAfterBirthday(u8),
    /// 未就学児.
    Preschool,
    /// A code this reader does not know (the check is not made).
    Unknown,
}

impl AgeLimit {
    fn parse(t: &str) -> AgeLimit {
        match t {
            "" | "0" | "00" => AgeLimit::None,
            "AA" => AgeLimit::DaysOld(28),
            "AE" => AgeLimit::DaysOld(90),
            "B3" => AgeLimit::MonthAfterBirthday(3),
            "B6" => AgeLimit::MonthAfterBirthday(6),
            "BF" => AgeLimit::MonthAfterBirthday(15),
            "BK" => AgeLimit::MonthAfterBirthday(20),
            "MG" => AgeLimit::Preschool,
            _ => t
                .parse::<u8>()
                .map(AgeLimit::Years)
                .unwrap_or(AgeLimit::Unknown),
        }
    }

    /// The first day on which the limit is reached by someone born on `birth` (`None` for no
    /// limit, an unknown code, or 未就学児, whose limit is the end of the preschool years).
    pub fn reached_on(self, birth: NaiveDate) -> Option<NaiveDate> {
        match self {
            AgeLimit::Years(y) => crate::age::birthday(birth, u32::from(y)),
            AgeLimit::DaysOld(d) => birth.checked_add_days(chrono::Days::new(u64::from(d))),
            AgeLimit::MonthAfterBirthday(y) => {
                let b = crate::age::birthday(birth, u32::from(y))?;
                Some(crate::calendar::YearMonth::of(b).next().first_day())
            }
            AgeLimit::Preschool => crate::age::preschool_last_day(birth)?.succ_opt(),
            AgeLimit::None | AgeLimit::Unknown => None,
        }
    }
}

/// The masters the user supplied; each check that needs one says so when it is missing.
#[derive(Debug, Clone, Default)]
pub struct Masters {
    /// 医科診療行為マスター, by code.
    pub procedures: HashMap<u32, ProcedureEntry>,
    /// 医薬品マスター, by code.
    pub drugs: HashMap<u32, DrugEntry>,
    /// 傷病名マスター, by code.
    pub diseases: HashMap<u32, DiseaseEntry>,
    /// The files read, in order.
    pub files: Vec<String>,
}

/// Splits one line of a master file: values in double quotes (`""` inside one is a quote),
/// separated by commas.
fn split_quoted(line: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        let mut value = String::new();
        match chars.peek() {
            Some('"') => {
                chars.next();
                loop {
                    match chars.next()? {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            value.push('"');
                        }
                        '"' => break,
                        c => value.push(c),
                    }
                }
            }
            _ => {
                while let Some(&c) = chars.peek() {
                    if c == ',' {
                        break;
                    }
                    value.push(c);
                    chars.next();
                }
            }
        }
        out.push(value);
        match chars.next() {
            Some(',') => continue,
            None => return Some(out),
            Some(_) => return None,
        }
    }
}

fn date_item(t: &str) -> Option<NaiveDate> {
    if t.is_empty() || t == "0" || t == "00000000" || t == "99999999" {
        return None;
    }
    NaiveDate::parse_from_str(t, "%Y%m%d").ok()
}

impl Masters {
    /// No masters.
    pub fn new() -> Masters {
        Masters::default()
    }

    /// `true` when no master was read.
    pub fn is_empty(&self) -> bool {
        self.procedures.is_empty() && self.drugs.is_empty() && self.diseases.is_empty()
    }

    /// Reads a master file (any of the three, told by item 2), merging it into what was read
    /// before. Returns how many rows it took.
    ///
    /// # Errors
    /// A line that is not Shift_JIS, not a quoted CSV line, of another master type, or whose
    /// key is not a number: the file, line and item.
    pub fn read(&mut self, file: &str, bytes: &[u8]) -> Result<usize, MasterError> {
        let err = |line: u64, item: u16, name: &'static str, problem: &str| MasterError {
            file: file.to_owned(),
            line,
            item,
            name,
            problem: problem.to_owned(),
        };
        let mut rows = 0;
        for (i, raw) in bytes.split(|b| *b == b'\n').enumerate() {
            let line_no = i as u64 + 1;
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            let raw = raw.strip_suffix(&[0x1A]).unwrap_or(raw);
            if raw.is_empty() {
                continue;
            }
            let text = encoding_rs::SHIFT_JIS
                .decode_without_bom_handling_and_without_replacement(raw)
                .ok_or_else(|| err(line_no, 0, "行", "bytes that are not Shift_JIS (CP932)"))?;
            let items = split_quoted(&text).ok_or_else(|| {
                err(
                    line_no,
                    0,
                    "行",
                    "values in double quotes, separated by commas",
                )
            })?;
            let get = |n: usize| items.get(n - 1).map(String::as_str).unwrap_or("");
            let change = get(1);
            let key: u32 = get(3)
                .parse()
                .map_err(|_| err(line_no, 3, "コード", "a numeric code"))?;
            let removed = change == "1";
            match get(2) {
                "S" => {
                    if removed {
                        self.procedures.remove(&key);
                    } else {
                        let old = self.procedures.get(&key).cloned();
                        let pick = |n: usize, old: Option<String>| {
                            let v = get(n);
                            if v.is_empty() {
                                old.unwrap_or_default()
                            } else {
                                v.to_owned()
                            }
                        };
                        let o = old.as_ref();
                        let num = |n: usize, old: Option<u32>| -> u32 {
                            let v = get(n);
                            if v.is_empty() {
                                old.unwrap_or(0)
                            } else {
                                v.parse().unwrap_or(0)
                            }
                        };
                        let entry = ProcedureEntry {
                            code: key,
                            name: pick(5, o.map(|e| e.name.clone())),
                            disease_related: num(25, o.map(|e| u32::from(e.disease_related))) as u8,
                            days_check: num(27, o.map(|e| u32::from(e.days_check))) as u8,
                            addition_group: num(38, o.map(|e| u32::from(e.addition_group))) as u16,
                            addition_seq: pick(39, o.map(|e| e.addition_seq.to_string()))
                                .chars()
                                .next()
                                .unwrap_or('0'),
                            min_age: if get(41).is_empty() {
                                o.map_or(AgeLimit::None, |e| e.min_age)
                            } else {
                                AgeLimit::parse(get(41))
                            },
                            max_age: if get(42).is_empty() {
                                o.map_or(AgeLimit::None, |e| e.max_age)
                            } else {
                                AgeLimit::parse(get(42))
                            },
                            section_letter: pick(85, o.map(|e| e.section_letter.to_string()))
                                .chars()
                                .next()
                                .unwrap_or(' '),
                            section: num(92, o.map(|e| u32::from(e.section))) as u16,
                            section_branch: num(93, o.map(|e| u32::from(e.section_branch))) as u8,
                            section_item: num(94, o.map(|e| u32::from(e.section_item))) as u16,
                            changed: date_item(get(87)).or(o.and_then(|e| e.changed)),
                            abolished: if get(88).is_empty() {
                                o.and_then(|e| e.abolished)
                            } else {
                                date_item(get(88))
                            },
                        };
                        self.procedures.insert(key, entry);
                    }
                }
                "Y" => {
                    if removed {
                        self.drugs.remove(&key);
                    } else {
                        let o = self.drugs.get(&key).cloned();
                        let entry = DrugEntry {
                            code: key,
                            name: if get(5).is_empty() {
                                o.as_ref().map(|e| e.name.clone()).unwrap_or_default()
                            } else {
                                get(5).to_owned()
                            },
                            controlled: get(14)
                                .parse()
                                .unwrap_or(o.as_ref().map_or(0, |e| e.controlled)),
                            form: get(28).parse().unwrap_or(o.as_ref().map_or(0, |e| e.form)),
                            generic_code: if get(37).is_empty() {
                                o.as_ref()
                                    .map(|e| e.generic_code.clone())
                                    .unwrap_or_default()
                            } else {
                                get(37).to_owned()
                            },
                            abolished: if get(31).is_empty() {
                                o.and_then(|e| e.abolished)
                            } else {
                                date_item(get(31))
                            },
                        };
                        self.drugs.insert(key, entry);
                    }
                }
                "B" => {
                    if removed {
                        self.diseases.remove(&key);
                    } else {
                        let o = self.diseases.get(&key).cloned();
                        let entry = DiseaseEntry {
                            code: key,
                            icd10: if get(16).is_empty() {
                                o.as_ref().map(|e| e.icd10.clone()).unwrap_or_default()
                            } else {
                                get(16).to_owned()
                            },
                            needs_modifier: if get(19).is_empty() {
                                o.as_ref().is_some_and(|e| e.needs_modifier)
                            } else {
                                get(19) == "01" || get(19) == "1"
                            },
                            not_billable: if get(20).is_empty() {
                                o.as_ref().is_some_and(|e| e.not_billable)
                            } else {
                                get(20) == "1"
                            },
                            specified: get(21)
                                .parse()
                                .unwrap_or(o.as_ref().map_or(0, |e| e.specified)),
                            abolished: if get(24).is_empty() {
                                o.and_then(|e| e.abolished)
                            } else {
                                date_item(get(24))
                            },
                        };
                        self.diseases.insert(key, entry);
                    }
                }
                _ => {
                    return Err(err(
                        line_no,
                        2,
                        "マスター種別",
                        "S (医科診療行為), Y (医薬品) or B (傷病名)",
                    ))
                }
            }
            rows += 1;
        }
        self.files.push(file.to_owned());
        Ok(rows)
    }

    /// The codes of the 医科診療行為マスター in one of `sections` (letter, 区分番号, 枝番, 項番).
    pub fn codes_in(&self, sections: &[(char, u16, Option<u8>, Option<u16>)]) -> Vec<u32> {
        let mut codes: Vec<u32> = self
            .procedures
            .values()
            .filter(|e| {
                sections.iter().any(|(l, s, b, i)| {
                    e.section_letter == *l
                        && e.section == *s
                        && b.is_none_or(|b| e.section_branch == b)
                        && i.is_none_or(|i| e.section_item == i)
                })
            })
            .map(|e| e.code)
            .collect();
        codes.sort_unstable();
        codes
    }
}

impl fmt::Display for AgeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AgeLimit::None => f.write_str("none"),
            AgeLimit::Years(y) => write!(f, "{y}歳"),
            AgeLimit::DaysOld(d) => write!(f, "生後{d}日"),
            AgeLimit::MonthAfterBirthday(y) => write!(f, "{y}歳の誕生日の翌月"),
            AgeLimit::Preschool => f.write_str("未就学児"),
            AgeLimit::Unknown => f.write_str("?"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 医科診療行為マスター row with the items the checks use set (150 items).
    pub(crate) fn s_row(code: u32, name: &str, set: &[(usize, &str)]) -> String {
        let mut items = vec![String::new(); 150];
        items[0] = "0".into();
        items[1] = "S".into();
        items[2] = code.to_string();
        items[4] = name.into();
        for (n, v) in set {
            items[n - 1] = (*v).to_owned();
        }
        items
            .iter()
            .map(|v| format!("\"{}\"", v.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(",")
    }

    #[test]
    fn reads_quoted_rows_and_merges_updates() {
        let text = format!(
            "{}\r\n{}\r\n",
            s_row(
                111_000_110,
                "初診料",
                &[(85, "A"), (92, "0"), (93, "0"), (27, "2"), (88, "99999999")]
            ),
            s_row(
                113_001_810,
                "特定疾患療養管理料（診療所）",
                &[(85, "B"), (92, "0"), (25, "5"), (41, "00"), (42, "MG")]
            ),
        );
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
        let mut m = Masters::new();
        assert_eq!(m.read("s_ALL.csv", &bytes).unwrap(), 2);
        let e = &m.procedures[&113_001_810];
        assert_eq!(
            (e.disease_related, e.section_letter, e.max_age),
            (5, 'B', AgeLimit::Preschool)
        );
        assert_eq!(m.codes_in(&[('A', 0, Some(0), None)]), [111_000_110]);
        // An update row with only the key and one changed item keeps the rest.
        let update = "\"5\",\"S\",\"113001810\"".to_owned() + &",\"\"".repeat(83) + ",\"20260601\"";
        m.read("s_20260601.csv", update.as_bytes()).unwrap();
        let e = &m.procedures[&113_001_810];
        assert_eq!(e.disease_related, 5);
        assert_eq!(e.changed, NaiveDate::from_ymd_opt(2026, 6, 1));
        // 抹消 removes.
        m.read("s_x.csv", b"\"1\",\"S\",\"111000110\"").unwrap();
        assert!(!m.procedures.contains_key(&111_000_110));
    }

    #[test]
    fn names_the_line_and_item_of_a_bad_row() {
        let mut m = Masters::new();
        let e = m.read("b.txt", b"\"0\",\"B\",\"12x\"").unwrap_err();
        assert_eq!((e.line, e.item), (1, 3));
        let e = m
            .read("b.txt", b"\"0\",\"B\",\"123\"\r\n\"0\",\"Q\",\"1\"")
            .unwrap_err();
        assert_eq!((e.line, e.item, e.name), (2, 2, "マスター種別"));
        let e = m.read("b.txt", b"\"0\",\"B").unwrap_err();
        assert_eq!(e.item, 0);
    }

    #[test]
    fn age_limits() {
        let birth = NaiveDate::from_ymd_opt(2020, 5, 10).unwrap();
        assert_eq!(
            AgeLimit::parse("06").reached_on(birth),
            NaiveDate::from_ymd_opt(2026, 5, 10)
        );
        assert_eq!(
            AgeLimit::parse("B6").reached_on(birth),
            NaiveDate::from_ymd_opt(2026, 6, 1)
        );
        assert_eq!(
            AgeLimit::parse("AA").reached_on(birth),
            NaiveDate::from_ymd_opt(2020, 6, 7)
        );
        assert_eq!(
            AgeLimit::parse("MG").reached_on(birth),
            NaiveDate::from_ymd_opt(2027, 4, 1)
        );
        assert_eq!(AgeLimit::parse("ZZ"), AgeLimit::Unknown);
    }
}
