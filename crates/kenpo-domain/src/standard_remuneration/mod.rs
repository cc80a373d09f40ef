//! Standard remuneration (標準報酬): the 50-grade table of 標準報酬月額 (健康保険法 第40条), the
//! decisions that fix a member's grade, and the standard bonus (標準賞与額, 第45条).
//!
//! | rule | statute | function |
//! | --- | --- | --- |
//! | the grade table (50 grades since 2016-04-01) | 法40条1項 | [`HEALTH_GRADES`], [`grade_for_monthly_remuneration`], [`Grade::from_standard_monthly`] |
//! | 資格取得時決定 (decision at acquisition) | 法42条 | [`decide_at_acquisition`] |
//! | 定時決定 (regular determination, 算定基礎届) | 法41条 | [`regular_determination`] |
//! | 随時改定 (occasional revision, 月額変更届) | 法43条 | [`occasional_revision`] |
//! | 育児休業等終了時改定 / 産前産後休業終了時改定 | 法43条の2, 43条の3 | [`leave_end_revision`] |
//! | 標準賞与額 with the fiscal-year cap | 法45条 | [`standard_bonus`], [`standard_bonuses`] |
//!
//! Every decision returns the grade, the months it applies to, the months it used and the months
//! it dropped with the reason, and an [`Explanation`](crate::explanation::Explanation).
//!
//! ```
//! use kenpo_domain::standard_remuneration::{grade_for_monthly_remuneration, Grade, HEALTH_GRADES};
//! use kenpo_domain::Yen;
//!
//! assert_eq!(HEALTH_GRADES.rows.len(), 50);
//! let g = grade_for_monthly_remuneration(Yen::new(62_999));
//! assert_eq!((g.number, g.standard_monthly), (1, Yen::new(58_000)));
//! assert_eq!(grade_for_monthly_remuneration(Yen::new(63_000)).number, 2);
//! assert_eq!(Grade::from_standard_monthly(Yen::new(1_390_000)).unwrap().number, 50);
//! assert!(Grade::from_standard_monthly(Yen::new(1_000_000)).is_err());
//! ```
//!
//! ## Doubts recorded here
//!
//! - The "2-grade equivalent" at the **bottom** of the table (grade 1 ↔ 2 with a 報酬月額 below
//!   53,000 yen, [`BOTTOM_END_EQUIVALENT_BELOW`]) was read only on a secondary page
//!   (aisaikaoru.com, which quotes the 日本年金機構 page
//!   `https://www.nenkin.go.jp/service/kounen/hokenryo/hoshu/20150515-02.html`); the official
//!   page itself was not read. The figure follows the table's pattern (63,000 − 10,000, as
//!   1,415,000 = 1,355,000 + 60,000 at the top). The top-end figure was read on an exam site.
//! - The direction rule of 随時改定 (a rise in fixed pay must come with a rise of grade) follows
//!   日本年金機構 practice as summarised in docs/SOURCES.md §1.5; not re-read from the 通知.
//! - For the leave-end revisions the 15-day fallback for part-timers is applied as in 定時決定
//!   (日本年金機構 guidance says so; docs/SOURCES.md marks the day filter "not re-read").
//! - Retroactive pay (遡及支払) and 保険者算定 (annual-average method) are not computed: the caller
//!   adjusts the monthly amounts or overrides the decision.

mod bonus;
mod decision;

pub use bonus::*;
pub use decision::*;

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;
use crate::money::Yen;

/// One row of a grade table (標準報酬月額等級表): the grade, its 標準報酬月額 and the bounds of
/// 報酬月額 that map to it (`lower ≤ 報酬月額 < upper`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GradeRow {
    /// The grade number (等級), 1-based.
    pub number: u8,
    /// The 標準報酬月額 of the grade.
    pub standard_monthly: Yen,
    /// The lowest 報酬月額 of the grade (included); `None` for grade 1.
    pub lower: Option<Yen>,
    /// The 報酬月額 at which the next grade starts (excluded); `None` for the top grade.
    pub upper: Option<Yen>,
}

impl GradeRow {
    /// `true` when `monthly_remuneration` falls inside the row's bounds.
    pub fn contains(&self, monthly_remuneration: Yen) -> bool {
        self.lower.is_none_or(|l| monthly_remuneration >= l)
            && self.upper.is_none_or(|u| monthly_remuneration < u)
    }

    /// The row as a [`Grade`].
    pub const fn grade(&self) -> Grade {
        Grade {
            number: self.number,
            standard_monthly: self.standard_monthly,
        }
    }
}

/// A grade table of 標準報酬月額 in force from a date, with its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GradeTable {
    /// The first day the table applies to (the premium month containing it onwards).
    pub effective_from: NaiveDate,
    /// Where the figures come from.
    pub source: &'static str,
    /// The rows, grade 1 first, contiguous bounds.
    pub rows: &'static [GradeRow],
}

const fn row(number: u8, standard: i64, lower: Option<Yen>, upper: Option<Yen>) -> GradeRow {
    GradeRow {
        number,
        standard_monthly: Yen::new(standard),
        lower,
        upper,
    }
}

const HEALTH_GRADE_ROWS: [GradeRow; 50] = [
    row(1, 58_000, None, Some(Yen::new(63_000))),
    row(2, 68_000, Some(Yen::new(63_000)), Some(Yen::new(73_000))),
    row(3, 78_000, Some(Yen::new(73_000)), Some(Yen::new(83_000))),
    row(4, 88_000, Some(Yen::new(83_000)), Some(Yen::new(93_000))),
    row(5, 98_000, Some(Yen::new(93_000)), Some(Yen::new(101_000))),
    row(6, 104_000, Some(Yen::new(101_000)), Some(Yen::new(107_000))),
    row(7, 110_000, Some(Yen::new(107_000)), Some(Yen::new(114_000))),
    row(8, 118_000, Some(Yen::new(114_000)), Some(Yen::new(122_000))),
    row(9, 126_000, Some(Yen::new(122_000)), Some(Yen::new(130_000))),
    row(
        10,
        134_000,
        Some(Yen::new(130_000)),
        Some(Yen::new(138_000)),
    ),
    row(
        11,
        142_000,
        Some(Yen::new(138_000)),
        Some(Yen::new(146_000)),
    ),
    row(
        12,
        150_000,
        Some(Yen::new(146_000)),
        Some(Yen::new(155_000)),
    ),
    row(
        13,
        160_000,
        Some(Yen::new(155_000)),
        Some(Yen::new(165_000)),
    ),
    row(
        14,
        170_000,
        Some(Yen::new(165_000)),
        Some(Yen::new(175_000)),
    ),
    row(
        15,
        180_000,
        Some(Yen::new(175_000)),
        Some(Yen::new(185_000)),
    ),
    row(
        16,
        190_000,
        Some(Yen::new(185_000)),
        Some(Yen::new(195_000)),
    ),
    row(
        17,
        200_000,
        Some(Yen::new(195_000)),
        Some(Yen::new(210_000)),
    ),
    row(
        18,
        220_000,
        Some(Yen::new(210_000)),
        Some(Yen::new(230_000)),
    ),
    row(
        19,
        240_000,
        Some(Yen::new(230_000)),
        Some(Yen::new(250_000)),
    ),
    row(
        20,
        260_000,
        Some(Yen::new(250_000)),
        Some(Yen::new(270_000)),
    ),
    row(
        21,
        280_000,
        Some(Yen::new(270_000)),
        Some(Yen::new(290_000)),
    ),
    row(
        22,
        300_000,
        Some(Yen::new(290_000)),
        Some(Yen::new(310_000)),
    ),
    row(
        23,
        320_000,
        Some(Yen::new(310_000)),
        Some(Yen::new(330_000)),
    ),
    row(
        24,
        340_000,
        Some(Yen::new(330_000)),
        Some(Yen::new(350_000)),
    ),
    row(
        25,
        360_000,
        Some(Yen::new(350_000)),
        Some(Yen::new(370_000)),
    ),
    row(
        26,
        380_000,
        Some(Yen::new(370_000)),
        Some(Yen::new(395_000)),
    ),
    row(
        27,
        410_000,
        Some(Yen::new(395_000)),
        Some(Yen::new(425_000)),
    ),
    row(
        28,
        440_000,
        Some(Yen::new(425_000)),
        Some(Yen::new(455_000)),
    ),
    row(
        29,
        470_000,
        Some(Yen::new(455_000)),
        Some(Yen::new(485_000)),
    ),
    row(
        30,
        500_000,
        Some(Yen::new(485_000)),
        Some(Yen::new(515_000)),
    ),
    row(
        31,
        530_000,
        Some(Yen::new(515_000)),
        Some(Yen::new(545_000)),
    ),
    row(
        32,
        560_000,
        Some(Yen::new(545_000)),
        Some(Yen::new(575_000)),
    ),
    row(
        33,
        590_000,
        Some(Yen::new(575_000)),
        Some(Yen::new(605_000)),
    ),
    row(
        34,
        620_000,
        Some(Yen::new(605_000)),
        Some(Yen::new(635_000)),
    ),
    row(
        35,
        650_000,
        Some(Yen::new(635_000)),
        Some(Yen::new(665_000)),
    ),
    row(
        36,
        680_000,
        Some(Yen::new(665_000)),
        Some(Yen::new(695_000)),
    ),
    row(
        37,
        710_000,
        Some(Yen::new(695_000)),
        Some(Yen::new(730_000)),
    ),
    row(
        38,
        750_000,
        Some(Yen::new(730_000)),
        Some(Yen::new(770_000)),
    ),
    row(
        39,
        790_000,
        Some(Yen::new(770_000)),
        Some(Yen::new(810_000)),
    ),
    row(
        40,
        830_000,
        Some(Yen::new(810_000)),
        Some(Yen::new(855_000)),
    ),
    row(
        41,
        880_000,
        Some(Yen::new(855_000)),
        Some(Yen::new(905_000)),
    ),
    row(
        42,
        930_000,
        Some(Yen::new(905_000)),
        Some(Yen::new(955_000)),
    ),
    row(
        43,
        980_000,
        Some(Yen::new(955_000)),
        Some(Yen::new(1_005_000)),
    ),
    row(
        44,
        1_030_000,
        Some(Yen::new(1_005_000)),
        Some(Yen::new(1_055_000)),
    ),
    row(
        45,
        1_090_000,
        Some(Yen::new(1_055_000)),
        Some(Yen::new(1_115_000)),
    ),
    row(
        46,
        1_150_000,
        Some(Yen::new(1_115_000)),
        Some(Yen::new(1_175_000)),
    ),
    row(
        47,
        1_210_000,
        Some(Yen::new(1_175_000)),
        Some(Yen::new(1_235_000)),
    ),
    row(
        48,
        1_270_000,
        Some(Yen::new(1_235_000)),
        Some(Yen::new(1_295_000)),
    ),
    row(
        49,
        1_330_000,
        Some(Yen::new(1_295_000)),
        Some(Yen::new(1_355_000)),
    ),
    row(50, 1_390_000, Some(Yen::new(1_355_000)), None),
];

/// The health insurance grade table (健康保険 標準報酬月額等級表, 健康保険法 第40条1項): 50 grades
/// from 58,000 to 1,390,000 yen, in force since 2016-04-01 (grades 48–50 added that day by
/// 平成27年法律第31号; no 第40条2項 extension since).
///
/// Source: 健康保険法 第40条1項 (text in force 2024-04-01); the full table checked row by row
/// against the transcriptions listed in docs/SOURCES.md §1.1.
pub const HEALTH_GRADES: GradeTable = GradeTable {
    effective_from: match NaiveDate::from_ymd_opt(2016, 4, 1) {
        Some(d) => d,
        None => NaiveDate::MIN,
    },
    source: "健康保険法 第40条1項 (平成27年法律第31号による改正後, 2016-04-01施行)",
    rows: &HEALTH_GRADE_ROWS,
};

/// Why a grade could not be found or built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GradeError {
    /// The amount is not the 標準報酬月額 of any grade.
    #[error("{amount} is not a 標準報酬月額 of the health insurance grade table")]
    NotAStandardAmount {
        /// The rejected amount.
        amount: Yen,
    },
    /// No grade has this number.
    #[error("grade {number} does not exist (1–50)")]
    NoSuchGrade {
        /// The rejected number.
        number: u8,
    },
    /// The grade number and the amount do not belong together.
    #[error("grade {number} has 標準報酬月額 {expected}, not {given}")]
    Mismatch {
        /// The grade number given.
        number: u8,
        /// The amount of that grade.
        expected: Yen,
        /// The amount given.
        given: Yen,
    },
    /// No grade table is in force for the month (before 2016-04).
    #[error("no grade table is in force in {month}")]
    NoTableFor {
        /// The month asked for.
        month: YearMonth,
    },
}

/// A grade of 標準報酬月額 (標準報酬月額の等級, 健康保険法 第40条).
///
/// Deserialisation checks that the number and the amount are a row of [`HEALTH_GRADES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawGrade")]
pub struct Grade {
    /// The grade number (等級), 1–50.
    pub number: u8,
    /// The standard monthly remuneration (標準報酬月額).
    pub standard_monthly: Yen,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrade {
    number: u8,
    standard_monthly: Yen,
}

impl TryFrom<RawGrade> for Grade {
    type Error = GradeError;
    fn try_from(raw: RawGrade) -> Result<Self, Self::Error> {
        let grade = Grade::from_number(raw.number)?;
        if grade.standard_monthly != raw.standard_monthly {
            return Err(GradeError::Mismatch {
                number: raw.number,
                expected: grade.standard_monthly,
                given: raw.standard_monthly,
            });
        }
        Ok(grade)
    }
}

impl Grade {
    /// The grade whose 標準報酬月額 is `amount` (e.g. 300,000 → grade 22).
    pub fn from_standard_monthly(amount: Yen) -> Result<Grade, GradeError> {
        HEALTH_GRADES.from_standard_monthly(amount)
    }

    /// The grade with `number` (1–50).
    pub fn from_number(number: u8) -> Result<Grade, GradeError> {
        HEALTH_GRADES.from_number(number)
    }

    /// The row of [`HEALTH_GRADES`] for this grade (with its bounds).
    pub fn row(self) -> Option<&'static GradeRow> {
        HEALTH_GRADES.rows.iter().find(|r| r.number == self.number)
    }

    /// Grades from `self` to `other`: positive when `other` is higher.
    pub fn steps_to(self, other: Grade) -> i16 {
        i16::from(other.number) - i16::from(self.number)
    }
}

/// `第22級 (¥300,000)`.
impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第{}級 ({})", self.number, self.standard_monthly)
    }
}

impl GradeTable {
    /// The grade for a 報酬月額 (monthly remuneration). Amounts below the lowest bound (also
    /// negative ones) map to grade 1, amounts above the top to the top grade.
    pub fn grade_for(&self, monthly_remuneration: Yen) -> Grade {
        self.rows
            .iter()
            .find(|r| r.contains(monthly_remuneration))
            .or_else(|| self.rows.first())
            .map_or(
                Grade {
                    number: 1,
                    standard_monthly: Yen::ZERO,
                },
                GradeRow::grade,
            )
    }

    /// The grade whose 標準報酬月額 is `amount`.
    pub fn from_standard_monthly(&self, amount: Yen) -> Result<Grade, GradeError> {
        self.rows
            .iter()
            .find(|r| r.standard_monthly == amount)
            .map(GradeRow::grade)
            .ok_or(GradeError::NotAStandardAmount { amount })
    }

    /// The grade with `number`.
    pub fn from_number(&self, number: u8) -> Result<Grade, GradeError> {
        self.rows
            .iter()
            .find(|r| r.number == number)
            .map(GradeRow::grade)
            .ok_or(GradeError::NoSuchGrade { number })
    }

    /// The highest grade.
    pub fn top(&self) -> Option<Grade> {
        self.rows.last().map(GradeRow::grade)
    }
}

/// The grade table in force in `month` (the month a decision takes effect).
pub fn grade_table_for(month: YearMonth) -> Result<&'static GradeTable, GradeError> {
    if month >= YearMonth::of(HEALTH_GRADES.effective_from) {
        Ok(&HEALTH_GRADES)
    } else {
        Err(GradeError::NoTableFor { month })
    }
}

/// The grade of a 報酬月額 (monthly remuneration) in the table in force today ([`HEALTH_GRADES`]):
/// `lower ≤ 報酬月額 < upper`. Below 63,000 yen is grade 1; 1,355,000 yen and more is grade 50.
pub fn grade_for_monthly_remuneration(monthly_remuneration: Yen) -> Grade {
    HEALTH_GRADES.grade_for(monthly_remuneration)
}

#[cfg(test)]
mod tests;
