//! The dated limit tables (自己負担限度額) of 高額療養費, as data.
//!
//! Each table carries the first treatment month it applies to, whether it is law in force or
//! only announced ([`TableStatus::Planned`]), and its source. A table stays in force until a
//! later in-force table starts: the August 2026 tables keep applying after July 2027 unless
//! the caller opts into the announced August 2027 table with [`PlannedTables::Apply`] (the
//! 13-category under-70 table of the December 2025 agreement is not confirmed as law).
//!
//! Sources (see `docs/SOURCES.md` §3):
//! - under 70 up to July 2026: 健康保険法施行令 第42条1項 (in force since 2015-01), figures as in
//!   積水化学健保 worked examples and 協会けんぽ tables;
//! - under 70 and 70–74 from August 2026: MHLW 「高額療養費制度の見直しについて（令和8年8月診療分から）」
//!   (mhlw.go.jp/content/001726232.pdf) and 協会けんぽ 「高額療養費について」, read through a third-party
//!   transcription (`fiestared/keiri-tools` `kogaku_r08.json`), to be re-read before shipping;
//! - 70–74 up to July 2026: 健康保険法施行令 第42条3項・5項・10項 (amounts of the August 2018 step,
//!   平成30年8月).
//!
//! ## Example
//!
//! ```
//! use kenpo_domain::calendar::YearMonth;
//! use kenpo_domain::high_cost::tables::{under70_table, TableStatus};
//! use kenpo_domain::high_cost::PlannedTables;
//!
//! let july = under70_table(YearMonth::new(2026, 7).unwrap(), PlannedTables::Ignore).unwrap();
//! let august = under70_table(YearMonth::new(2026, 8).unwrap(), PlannedTables::Ignore).unwrap();
//! assert_ne!(july.version, august.version);
//! // The announced August 2027 table is not used unless asked for.
//! let later = under70_table(YearMonth::new(2027, 9).unwrap(), PlannedTables::Ignore).unwrap();
//! assert_eq!(later.version, august.version);
//! assert_eq!(later.status, TableStatus::InForce);
//! ```

use serde::Serialize;

use crate::calendar::YearMonth;
use crate::money::Yen;

use super::HighCostError;

/// The first treatment month of a table, as plain data (`"YYYY-MM"` when displayed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct TableMonth {
    /// Calendar year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
}

impl TableMonth {
    const fn new(year: i32, month: u32) -> Self {
        TableMonth { year, month }
    }

    /// `true` when `month` is this month or later.
    pub fn is_on_or_before(self, month: YearMonth) -> bool {
        (self.year, self.month) <= (month.year(), month.month())
    }
}

impl std::fmt::Display for TableMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Whether a table is law in force or only announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum TableStatus {
    /// In force (施行済み): selected by the treatment month.
    InForce,
    /// Announced but not confirmed as law (予定): selected only with [`PlannedTables::Apply`].
    Planned,
}

/// Whether announced-but-unconfirmed tables may be selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum PlannedTables {
    /// Only tables in force are used (the default): the latest in-force table keeps applying.
    #[default]
    Ignore,
    /// Planned tables are used from their announced start month (set once the change is
    /// confirmed, e.g. the August 2027 13-category table).
    Apply,
}

/// A monthly limit: `base + (医療費 − threshold) × 1 %`, or a flat `base` when there is no
/// threshold (健康保険法施行令 第42条1項各号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LimitFormula {
    /// The fixed part (e.g. 80,100).
    pub base: Yen,
    /// The 医療費 above which 1 % is added (e.g. 267,000); `None` for a flat limit.
    pub threshold: Option<Yen>,
}

impl LimitFormula {
    const fn flat(base: i64) -> Self {
        LimitFormula {
            base: Yen::new(base),
            threshold: None,
        }
    }

    const fn one_percent(base: i64, threshold: i64) -> Self {
        LimitFormula {
            base: Yen::new(base),
            threshold: Some(Yen::new(threshold)),
        }
    }
}

/// Income category (所得区分) of a person under 70 (健康保険法施行令 第42条1項).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[non_exhaustive]
pub enum Under70Category {
    /// 区分ア: 標準報酬月額 830,000 or more.
    A,
    /// 区分イ: 標準報酬月額 530,000 – 790,000.
    I,
    /// 区分ウ: 標準報酬月額 280,000 – 500,000.
    U,
    /// 区分エ: 標準報酬月額 260,000 or less.
    E,
    /// 区分オ: 低所得者 (被保険者が市町村民税非課税); overrides the 標準報酬月額.
    O,
}

impl Under70Category {
    /// The Japanese label (`"ア"` … `"オ"`).
    pub fn label(self) -> &'static str {
        match self {
            Under70Category::A => "ア",
            Under70Category::I => "イ",
            Under70Category::U => "ウ",
            Under70Category::E => "エ",
            Under70Category::O => "オ",
        }
    }

    /// `true` for the upper-income categories ア and イ (上位所得者, 標準報酬月額 ≥ 530,000).
    pub fn is_upper_income(self) -> bool {
        matches!(self, Under70Category::A | Under70Category::I)
    }
}

/// Income category of a 高齢受給者 aged 70–74 (健康保険法施行令 第42条3項・5項).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[non_exhaustive]
pub enum ElderlyCategory {
    /// 現役並み所得者 III: 標準報酬月額 830,000 or more.
    ActiveIII,
    /// 現役並み所得者 II: 標準報酬月額 530,000 – 790,000.
    ActiveII,
    /// 現役並み所得者 I: 標準報酬月額 280,000 – 500,000.
    ActiveI,
    /// 一般所得者.
    General,
    /// 低所得者 II: 被保険者が市町村民税非課税.
    LowIncomeII,
    /// 低所得者 I: 市町村民税非課税 and every income of the household nil.
    LowIncomeI,
}

impl ElderlyCategory {
    /// The Japanese label.
    pub fn label(self) -> &'static str {
        match self {
            ElderlyCategory::ActiveIII => "現役並みIII",
            ElderlyCategory::ActiveII => "現役並みII",
            ElderlyCategory::ActiveI => "現役並みI",
            ElderlyCategory::General => "一般",
            ElderlyCategory::LowIncomeII => "低所得II",
            ElderlyCategory::LowIncomeI => "低所得I",
        }
    }

    /// `true` for 一般 and 低所得: the categories with a per-person outpatient limit and the
    /// annual outpatient cap.
    pub fn has_outpatient_step(self) -> bool {
        matches!(
            self,
            ElderlyCategory::General | ElderlyCategory::LowIncomeII | ElderlyCategory::LowIncomeI
        )
    }

    /// `true` for 現役並み II and III (the 70–74 counterpart of ア・イ).
    pub fn is_upper_income(self) -> bool {
        matches!(self, ElderlyCategory::ActiveIII | ElderlyCategory::ActiveII)
    }
}

/// A reduced annual cap for the lowest earners of a category (年間上限, e.g. 区分エ with
/// 標準報酬月額 ≤ 150,000 → 410,000).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LowEarnerCap {
    /// The highest 標準報酬月額 that gets the reduced cap.
    pub max_standard_monthly: Yen,
    /// The reduced cap.
    pub cap: Yen,
}

/// One row of an under-70 table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Under70Row {
    /// The category (the planned August 2027 table splits each into bands of the same category).
    pub category: Under70Category,
    /// The row's own label (`"ウ"`, or `"ウ-1"` for a band of the planned table).
    pub label: &'static str,
    /// The lowest 標準報酬月額 of the row (ignored for 区分オ, which is chosen by tax status).
    pub min_standard_monthly: Yen,
    /// The monthly limit.
    pub limit: LimitFormula,
    /// The 多数回該当 limit (flat).
    pub many_times: Yen,
    /// The annual cap (年間上限) from August 2026, if any.
    pub annual_cap: Option<Yen>,
    /// A reduced annual cap for the lowest earners of the row, if any.
    pub low_earner_annual_cap: Option<LowEarnerCap>,
}

/// A dated under-70 table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Under70Table {
    /// Version id (`"under70@2026-08"`).
    pub version: &'static str,
    /// First treatment month.
    pub effective_from: TableMonth,
    /// In force or planned.
    pub status: TableStatus,
    /// Where the figures come from.
    pub source: &'static str,
    /// The rows, from the highest 標準報酬月額 down, 区分オ last.
    pub rows: &'static [Under70Row],
}

/// One row of a 70–74 table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ElderlyRow {
    /// The category.
    pub category: ElderlyCategory,
    /// The lowest 標準報酬月額 (meaningful for 現役並み only).
    pub min_standard_monthly: Yen,
    /// The per-person outpatient limit (外来, 個人単位), `None` for 現役並み.
    pub outpatient: Option<Yen>,
    /// The annual outpatient cap (外来年間上限, August–July), if any.
    pub outpatient_annual: Option<Yen>,
    /// The household limit (入院 + 外来, 世帯単位).
    pub household: LimitFormula,
    /// The 多数回該当 household limit, `None` where the category has none.
    pub many_times: Option<Yen>,
    /// The household annual cap (年間上限) from August 2026, if any.
    pub annual_cap: Option<Yen>,
    /// A reduced annual cap for the lowest earners, if any.
    pub low_earner_annual_cap: Option<LowEarnerCap>,
}

/// A dated 70–74 table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ElderlyTable {
    /// Version id (`"elderly@2026-08"`).
    pub version: &'static str,
    /// First treatment month.
    pub effective_from: TableMonth,
    /// In force or planned.
    pub status: TableStatus,
    /// Where the figures come from.
    pub source: &'static str,
    /// The rows, 現役並み III first.
    pub rows: &'static [ElderlyRow],
}

const fn u70(
    category: Under70Category,
    label: &'static str,
    min: i64,
    limit: LimitFormula,
    many: i64,
    annual: Option<i64>,
) -> Under70Row {
    Under70Row {
        category,
        label,
        min_standard_monthly: Yen::new(min),
        limit,
        many_times: Yen::new(many),
        annual_cap: match annual {
            Some(v) => Some(Yen::new(v)),
            None => None,
        },
        low_earner_annual_cap: None,
    }
}

const LOW_EARNER_410K: Option<LowEarnerCap> = Some(LowEarnerCap {
    max_standard_monthly: Yen::new(150_000),
    cap: Yen::new(410_000),
});

use ElderlyCategory as EC;
use LimitFormula as L;
use Under70Category as C;

/// Under 70, treatment January 2015 – July 2026 (健康保険法施行令 第42条1項).
pub const UNDER70_2015_01: Under70Table = Under70Table {
    version: "under70@2015-01",
    effective_from: TableMonth::new(2015, 1),
    status: TableStatus::InForce,
    source: "健康保険法施行令 第42条1項 (2015-01 施行); 積水化学健保 計算例 (ア/イ/ウ at 医療費 1,000,000: 254,180 / 171,820 / 87,430)",
    rows: &[
        u70(C::A, "ア", 830_000, L::one_percent(252_600, 842_000), 140_100, None),
        u70(C::I, "イ", 530_000, L::one_percent(167_400, 558_000), 93_000, None),
        u70(C::U, "ウ", 280_000, L::one_percent(80_100, 267_000), 44_400, None),
        u70(C::E, "エ", 0, L::flat(57_600), 44_400, None),
        u70(C::O, "オ", 0, L::flat(35_400), 24_600, None),
    ],
};

/// Under 70, treatment from August 2026 (first step of the December 2025 reform, with the new
/// 年間上限).
pub const UNDER70_2026_08: Under70Table = Under70Table {
    version: "under70@2026-08",
    effective_from: TableMonth::new(2026, 8),
    status: TableStatus::InForce,
    source: "MHLW 「高額療養費制度の見直しについて（令和8年8月診療分から）」 001726232.pdf; 協会けんぽ 「高額療養費について」 (区分 令和8年8月～令和9年7月), via keiri-tools kogaku_r08.json",
    rows: &[
        u70(C::A, "ア", 830_000, L::one_percent(270_300, 901_000), 140_100, Some(1_680_000)),
        u70(C::I, "イ", 530_000, L::one_percent(179_100, 597_000), 93_000, Some(1_110_000)),
        u70(C::U, "ウ", 280_000, L::one_percent(85_800, 286_000), 44_400, Some(530_000)),
        Under70Row {
            low_earner_annual_cap: LOW_EARNER_410K,
            ..u70(C::E, "エ", 0, L::flat(61_500), 44_400, Some(530_000))
        },
        u70(C::O, "オ", 0, L::flat(36_900), 24_600, Some(290_000)),
    ],
};

/// Under 70, **planned** from August 2027 (13 bands; announced in the December 2025 agreement,
/// not confirmed as law). Selected only with [`PlannedTables::Apply`].
pub const UNDER70_2027_08_PLANNED: Under70Table = Under70Table {
    version: "under70@2027-08(planned)",
    effective_from: TableMonth::new(2027, 8),
    status: TableStatus::Planned,
    source: "MHLW 001726232.pdf table 「令和９年８月～」 via keiri-tools kogaku_r08.json (enacted: false)",
    rows: &[
        u70(C::A, "ア-1", 1_270_000, L::one_percent(342_000, 1_140_000), 140_100, Some(1_680_000)),
        u70(C::A, "ア-2", 1_030_000, L::one_percent(303_000, 1_010_000), 140_100, Some(1_680_000)),
        u70(C::A, "ア-3", 830_000, L::one_percent(270_300, 901_000), 140_100, Some(1_680_000)),
        u70(C::I, "イ-1", 710_000, L::one_percent(209_400, 698_000), 93_000, Some(1_110_000)),
        u70(C::I, "イ-2", 620_000, L::one_percent(194_400, 648_000), 93_000, Some(1_110_000)),
        u70(C::I, "イ-3", 530_000, L::one_percent(179_100, 597_000), 93_000, Some(1_110_000)),
        u70(C::U, "ウ-1", 440_000, L::one_percent(110_400, 368_000), 44_400, Some(530_000)),
        u70(C::U, "ウ-2", 360_000, L::one_percent(98_100, 327_000), 44_400, Some(530_000)),
        u70(C::U, "ウ-3", 280_000, L::one_percent(85_800, 286_000), 44_400, Some(530_000)),
        u70(C::E, "エ-1", 200_000, L::flat(69_600), 44_400, Some(530_000)),
        u70(C::E, "エ-2", 160_000, L::flat(65_400), 44_400, Some(530_000)),
        u70(C::E, "エ-3", 0, L::flat(61_500), 34_500, Some(410_000)),
        u70(C::O, "オ", 0, L::flat(36_900), 24_600, Some(290_000)),
    ],
};

/// Every under-70 table, oldest first.
pub const UNDER70_TABLES: &[Under70Table] =
    &[UNDER70_2015_01, UNDER70_2026_08, UNDER70_2027_08_PLANNED];

const fn el(
    category: ElderlyCategory,
    min: i64,
    outpatient: Option<i64>,
    outpatient_annual: Option<i64>,
    household: LimitFormula,
    many: Option<i64>,
    annual: Option<i64>,
) -> ElderlyRow {
    const fn y(v: Option<i64>) -> Option<Yen> {
        match v {
            Some(v) => Some(Yen::new(v)),
            None => None,
        }
    }
    ElderlyRow {
        category,
        min_standard_monthly: Yen::new(min),
        outpatient: y(outpatient),
        outpatient_annual: y(outpatient_annual),
        household,
        many_times: y(many),
        annual_cap: y(annual),
        low_earner_annual_cap: None,
    }
}

/// 70–74, treatment August 2018 – July 2026 (健康保険法施行令 第42条3項・5項・10項).
pub const ELDERLY_2018_08: ElderlyTable = ElderlyTable {
    version: "elderly@2018-08",
    effective_from: TableMonth::new(2018, 8),
    status: TableStatus::InForce,
    source: "健康保険法施行令 第42条3項・5項・10項 (平成30年8月 施行); 協会けんぽ / javakenpo 70歳以上の区分",
    rows: &[
        el(EC::ActiveIII, 830_000, None, None, L::one_percent(252_600, 842_000), Some(140_100), None),
        el(EC::ActiveII, 530_000, None, None, L::one_percent(167_400, 558_000), Some(93_000), None),
        el(EC::ActiveI, 280_000, None, None, L::one_percent(80_100, 267_000), Some(44_400), None),
        el(EC::General, 0, Some(18_000), Some(144_000), L::flat(57_600), Some(44_400), None),
        el(EC::LowIncomeII, 0, Some(8_000), None, L::flat(24_600), None, None),
        el(EC::LowIncomeI, 0, Some(8_000), None, L::flat(15_000), None, None),
    ],
};

/// 70–74, treatment from August 2026 (first step of the December 2025 reform).
pub const ELDERLY_2026_08: ElderlyTable = ElderlyTable {
    version: "elderly@2026-08",
    effective_from: TableMonth::new(2026, 8),
    status: TableStatus::InForce,
    source: "協会けんぽ 「70歳以上の方の区分（令和8年8月～令和9年7月）」; MHLW 001726232.pdf, via keiri-tools kogaku_r08.json",
    rows: &[
        el(EC::ActiveIII, 830_000, None, None, L::one_percent(270_300, 901_000), Some(140_100), Some(1_680_000)),
        el(EC::ActiveII, 530_000, None, None, L::one_percent(179_100, 597_000), Some(93_000), Some(1_110_000)),
        el(EC::ActiveI, 280_000, None, None, L::one_percent(85_800, 286_000), Some(44_400), Some(530_000)),
        ElderlyRow {
            low_earner_annual_cap: LOW_EARNER_410K,
            ..el(EC::General, 0, Some(22_000), Some(216_000), L::flat(61_500), Some(44_400), Some(530_000))
        },
        el(EC::LowIncomeII, 0, Some(11_000), Some(96_000), L::flat(25_700), Some(24_600), Some(290_000)),
        el(EC::LowIncomeI, 0, Some(8_000), None, L::flat(15_700), None, Some(180_000)),
    ],
};

/// Every 70–74 table, oldest first. (The August 2027 step for 70+ is announced without settled
/// details, so no planned table exists yet.)
pub const ELDERLY_TABLES: &[ElderlyTable] = &[ELDERLY_2018_08, ELDERLY_2026_08];

/// The 世帯合算 floor for a receipt of a person under 70 (合算対象基準額, 健康保険法施行令 第41条1項:
/// 「二万千円以上のものに限る」). Receipts below it are left out entirely.
pub const HOUSEHOLD_FLOOR_UNDER70: Yen = Yen::new(21_000);

/// The halved floor in the 75th-birthday month (10,500), stated for 国保 (堺市); the kenpo
/// analogue is **not confirmed** (docs/SOURCES.md §11 item 12), hence
/// [`super::Birthday75Floor::Halved`] is an option and not the default.
pub const HOUSEHOLD_FLOOR_BIRTHDAY_75: Yen = Yen::new(10_500);

/// Limits for 特定疾病 (長期高額疾病, 健康保険法施行令 第41条9項・第42条9項): 人工透析 for chronic renal
/// failure, 血友病, HIV by blood products.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SpecifiedDiseaseLimits {
    /// First treatment month.
    pub effective_from: TableMonth,
    /// The limit per unit (10,000).
    pub standard: Yen,
    /// The limit for under-70 dialysis patients of 区分ア・イ (20,000).
    pub upper_income_dialysis: Yen,
    /// Source.
    pub source: &'static str,
}

/// 特定疾病 limits in force (unchanged by the August 2026 step as far as seen; docs/SOURCES.md §11
/// item 4 lists that as unconfirmed).
pub const SPECIFIED_DISEASE_LIMITS: SpecifiedDiseaseLimits = SpecifiedDiseaseLimits {
    effective_from: TableMonth::new(2015, 1),
    standard: Yen::new(10_000),
    upper_income_dialysis: Yen::new(20_000),
    source: "健康保険法施行令 第42条9項; 八千代市・枚方市 特定疾病療養受療証 (10,000 / 20,000 for 上位所得者 人工透析)",
};

/// First treatment month of the 75th-birthday-month halving (75歳到達月の特例, 令42条, since
/// 2009-01).
pub const BIRTHDAY_75_HALVING_FROM: TableMonth = TableMonth::new(2009, 1);

fn select<T: Copy>(
    tables: &'static [T],
    month: YearMonth,
    planned: PlannedTables,
    start: impl Fn(&T) -> (TableMonth, TableStatus),
) -> Option<&'static T> {
    tables.iter().rev().find(|t| {
        let (from, status) = start(t);
        from.is_on_or_before(month)
            && (status == TableStatus::InForce || planned == PlannedTables::Apply)
    })
}

/// The under-70 table for a treatment month.
///
/// # Errors
/// [`HighCostError::NoTableForMonth`] before January 2015 (earlier tables are not encoded).
pub fn under70_table(
    month: YearMonth,
    planned: PlannedTables,
) -> Result<&'static Under70Table, HighCostError> {
    select(UNDER70_TABLES, month, planned, |t| {
        (t.effective_from, t.status)
    })
    .ok_or(HighCostError::NoTableForMonth { month })
}

/// The 70–74 table for a treatment month.
///
/// # Errors
/// [`HighCostError::NoTableForMonth`] before August 2018.
pub fn elderly_table(
    month: YearMonth,
    planned: PlannedTables,
) -> Result<&'static ElderlyTable, HighCostError> {
    select(ELDERLY_TABLES, month, planned, |t| {
        (t.effective_from, t.status)
    })
    .ok_or(HighCostError::NoTableForMonth { month })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    #[test]
    fn tables_are_selected_by_treatment_month() {
        let p = PlannedTables::Ignore;
        assert_eq!(
            under70_table(ym(2026, 7), p).unwrap().version,
            "under70@2015-01"
        );
        assert_eq!(
            under70_table(ym(2026, 8), p).unwrap().version,
            "under70@2026-08"
        );
        // The planned table is never selected without the flag: the 2026-08 table stays.
        assert_eq!(
            under70_table(ym(2027, 8), p).unwrap().version,
            "under70@2026-08"
        );
        assert_eq!(
            under70_table(ym(2027, 8), PlannedTables::Apply)
                .unwrap()
                .version,
            "under70@2027-08(planned)"
        );
        assert_eq!(
            under70_table(ym(2027, 7), PlannedTables::Apply)
                .unwrap()
                .version,
            "under70@2026-08"
        );
        assert!(under70_table(ym(2014, 12), p).is_err());
        assert_eq!(
            elderly_table(ym(2018, 8), p).unwrap().version,
            "elderly@2018-08"
        );
        assert!(elderly_table(ym(2018, 7), p).is_err());
        assert_eq!(
            elderly_table(ym(2026, 8), p).unwrap().version,
            "elderly@2026-08"
        );
    }

    /// docs/SOURCES.md §3.3: each threshold is base ÷ 0.3 (a built-in check of the transcription).
    #[test]
    fn thresholds_are_base_over_0_3() {
        for table in UNDER70_TABLES {
            for row in table.rows {
                if let Some(t) = row.limit.threshold {
                    assert_eq!(row.limit.base.get() * 10, t.get() * 3, "{}", row.label);
                }
            }
        }
    }

    /// The 75th-birthday halving must stay in whole yen: every amount is even.
    #[test]
    fn every_amount_halves_to_whole_yen() {
        let mut amounts = Vec::new();
        for t in UNDER70_TABLES {
            for r in t.rows {
                amounts.extend([r.limit.base, r.many_times]);
                amounts.extend(r.limit.threshold);
            }
        }
        for t in ELDERLY_TABLES {
            for r in t.rows {
                amounts.push(r.household.base);
                amounts.extend(r.household.threshold);
                amounts.extend(r.outpatient);
                amounts.extend(r.many_times);
            }
        }
        for a in amounts {
            assert_eq!(a.get() % 2, 0, "{a}");
        }
    }
}
