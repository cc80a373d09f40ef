//! 保健指導判定値 (health-guidance values) and 受診勧奨判定値 (referral values), as dated data.
//!
//! One table per period of the national program; [`criteria_for`] picks the one in force on a
//! checkup date. Only the 第4期 table (checkups from 2024-04-01) is defined: a checkup before
//! FY2024 gets [`CheckupError::NoCriteria`] rather than silently the wrong table.
//!
//! | item | 保健指導判定値 | 受診勧奨判定値 | unit |
//! | --- | --- | --- | --- |
//! | systolic BP | ≥ 130 | ≥ 140 | mmHg |
//! | diastolic BP | ≥ 85 | ≥ 90 | mmHg |
//! | fasting triglycerides | ≥ 150 | ≥ 300 | mg/dL |
//! | non-fasting triglycerides | ≥ 175 | ≥ 300 | mg/dL |
//! | HDL | < 40 | — | mg/dL |
//! | LDL | ≥ 120 | ≥ 140 | mg/dL |
//! | non-HDL | ≥ 150 | ≥ 170 | mg/dL |
//! | fasting glucose | ≥ 100 | ≥ 126 | mg/dL |
//! | non-fasting glucose | ≥ 100 | ≥ 126 | mg/dL |
//! | HbA1c (NGSP) | ≥ 5.6 | ≥ 6.5 | % |
//! | AST, ALT | ≥ 31 | ≥ 51 | U/L |
//! | γ-GT | ≥ 51 | ≥ 101 | U/L |
//! | eGFR | < 60 | < 45 | mL/min/1.73 m² |
//! | haemoglobin | ≤ 13.0 M / ≤ 12.0 F | ≤ 12.0 M / ≤ 11.0 F | g/dL |
//!
//! Source: 厚生労働省「標準的な健診・保健指導プログラム（令和6年度版）」 and the 第4期特定健診・特定保健指導の
//! 見直しに関する検討会 material (<https://www.mhlw.go.jp/stf/newpage_28516.html>, read through the
//! reproduction at <https://wic-net.com/material/document/5451/35>). The stratification cut-offs
//! (waist 85/90 cm, BMI 25, and the risk values, which equal the 保健指導判定値 above) are from
//! the same program, 第2編 第3章 (階層化), and 特定健康診査及び特定保健指導の実施に関する基準 第4条
//! with 平成20年厚生労働省告示第8号 (glucose).
//!
//! Doubts: HDL has no 受診勧奨判定値 in the 第4期 table as read (older tables had ≤ 34); the
//! direction of the eGFR (“below”) and haemoglobin (“at or below”) cut-offs follows the table's
//! wording as reproduced; the BP 受診勧奨 sub-bands (≥ 160/100: see a doctor now) are not modelled.
//!
//! ```
//! use kenpo_domain::checkup::thresholds::{criteria_for, FlagLevel};
//! use kenpo_domain::checkup::result::Item;
//! use kenpo_domain::calendar::date;
//! use kenpo_domain::person::Sex;
//! use rust_decimal_macros::dec;
//!
//! let c = criteria_for(date(2026, 6, 1).unwrap()).unwrap();
//! assert_eq!(c.level(Item::Hba1c, dec!(6.5), Sex::Male), Some(FlagLevel::Referral));
//! assert_eq!(c.level(Item::Hba1c, dec!(5.5), Sex::Male), Some(FlagLevel::Normal));
//! ```

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use super::result::{CheckupError, CheckupResult, Item};
use crate::calendar::FiscalYear;
use crate::person::Sex;

/// Which side of a cut-off is abnormal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// 以上: the value at or above the cut-off is abnormal.
    AtOrAbove,
    /// 未満: the value below the cut-off is abnormal.
    Below,
    /// 以下: the value at or below the cut-off is abnormal.
    AtOrBelow,
}

/// A cut-off value, possibly different for men and women (判定値).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cutoff {
    /// Which side is abnormal.
    pub direction: Direction,
    /// The value for men.
    pub male: Decimal,
    /// The value for women.
    pub female: Decimal,
}

impl Cutoff {
    /// The same value for both sexes.
    pub const fn both(direction: Direction, value: Decimal) -> Self {
        Cutoff {
            direction,
            male: value,
            female: value,
        }
    }

    /// The value for `sex`.
    pub const fn value_for(&self, sex: Sex) -> Decimal {
        match sex {
            Sex::Male => self.male,
            Sex::Female => self.female,
        }
    }

    /// `true` when `value` is on the abnormal side for `sex`.
    pub fn reached(&self, value: Decimal, sex: Sex) -> bool {
        let cut = self.value_for(sex);
        match self.direction {
            Direction::AtOrAbove => value >= cut,
            Direction::Below => value < cut,
            Direction::AtOrBelow => value <= cut,
        }
    }

    /// `≥ 130`, `< 40`, `≤ 13.0` for `sex`.
    pub fn describe(&self, sex: Sex) -> String {
        let op = match self.direction {
            Direction::AtOrAbove => "≥",
            Direction::Below => "<",
            Direction::AtOrBelow => "≤",
        };
        format!("{op} {}", self.value_for(sex))
    }
}

/// The 保健指導判定値 and 受診勧奨判定値 of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemCriteria {
    /// The item.
    pub item: Item,
    /// 保健指導判定値 (health-guidance value).
    pub guidance: Cutoff,
    /// 受診勧奨判定値 (referral value); `None` where the table has none.
    pub referral: Option<Cutoff>,
}

/// Where a value stands against its item's cut-offs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagLevel {
    /// Below the 保健指導判定値 (基準範囲内).
    Normal,
    /// At or beyond the 保健指導判定値, not the 受診勧奨判定値.
    Guidance,
    /// At or beyond the 受診勧奨判定値: the person should see a doctor.
    Referral,
}

/// One item of a person's result with its flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemFlag {
    /// The item.
    pub item: Item,
    /// The measured value.
    pub value: Decimal,
    /// Where it stands.
    pub level: FlagLevel,
}

/// The lifestyle diseases of the severe-case prevention program (重症化予防): diabetes,
/// hypertension, dyslipidaemia.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Condition {
    /// 糖尿病 (ICD-10 E10–E14).
    Diabetes,
    /// 高血圧症 (ICD-10 I10–I15).
    Hypertension,
    /// 脂質異常症 (ICD-10 E78).
    Dyslipidaemia,
}

impl Condition {
    /// All three.
    pub const ALL: [Condition; 3] = [
        Condition::Diabetes,
        Condition::Hypertension,
        Condition::Dyslipidaemia,
    ];

    /// The items whose 受診勧奨判定値 point to the condition.
    pub const fn items(self) -> &'static [Item] {
        match self {
            Condition::Diabetes => &[Item::GlucoseFasting, Item::GlucoseNonFasting, Item::Hba1c],
            Condition::Hypertension => &[Item::SystolicBp, Item::DiastolicBp],
            Condition::Dyslipidaemia => &[
                Item::TriglyceridesFasting,
                Item::TriglyceridesNonFasting,
                Item::Hdl,
                Item::Ldl,
                Item::NonHdl,
            ],
        }
    }

    /// The ICD-10 three-character categories that mean the condition is being treated:
    /// E10–E14, I10–I15, E78.
    pub const fn icd10_categories(self) -> &'static [&'static str] {
        match self {
            Condition::Diabetes => &["E10", "E11", "E12", "E13", "E14"],
            Condition::Hypertension => &["I10", "I11", "I12", "I13", "I14", "I15"],
            Condition::Dyslipidaemia => &["E78"],
        }
    }

    /// `true` when the ICD-10 code (`"E119"`, `"E11.9"`, `"I10"`) falls in the condition's
    /// categories.
    pub fn matches_icd10(self, code: &str) -> bool {
        let head: String = code
            .trim()
            .chars()
            .filter(|c| *c != '.')
            .take(3)
            .collect::<String>()
            .to_ascii_uppercase();
        self.icd10_categories().contains(&head.as_str())
    }

    /// 糖尿病 / 高血圧症 / 脂質異常症.
    pub const fn japanese(self) -> &'static str {
        match self {
            Condition::Diabetes => "糖尿病",
            Condition::Hypertension => "高血圧症",
            Condition::Dyslipidaemia => "脂質異常症",
        }
    }
}

/// One period's criteria: stratification cut-offs and the per-item judgement values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckupCriteria {
    /// Rule id, e.g. `"checkup.criteria@第4期"`.
    pub rule: &'static str,
    /// First checkup date the table applies to.
    pub effective_from: NaiveDate,
    /// The source.
    pub source: &'static str,
    /// Step 1: waist at or above which visceral fat counts (men 85 cm, women 90 cm).
    pub waist: Cutoff,
    /// Step 1: visceral fat area (CT) at or above which it counts instead of the waist (100 cm²).
    pub visceral_fat_area: Cutoff,
    /// Step 1: BMI at or above which a person below the waist cut-off counts (25).
    pub bmi: Cutoff,
    /// Step 3: the age (reached in the fiscal year) from which 積極的支援 is capped at
    /// 動機付け支援 (65).
    pub senior_cap_age: u32,
    /// The per-item judgement values.
    pub items: &'static [ItemCriteria],
}

const fn above(value: Decimal) -> Cutoff {
    Cutoff::both(Direction::AtOrAbove, value)
}

const FOURTH_PERIOD_ITEMS: [ItemCriteria; 15] = [
    ItemCriteria {
        item: Item::SystolicBp,
        guidance: above(dec!(130)),
        referral: Some(above(dec!(140))),
    },
    ItemCriteria {
        item: Item::DiastolicBp,
        guidance: above(dec!(85)),
        referral: Some(above(dec!(90))),
    },
    ItemCriteria {
        item: Item::TriglyceridesFasting,
        guidance: above(dec!(150)),
        referral: Some(above(dec!(300))),
    },
    ItemCriteria {
        item: Item::TriglyceridesNonFasting,
        guidance: above(dec!(175)),
        referral: Some(above(dec!(300))),
    },
    ItemCriteria {
        item: Item::Hdl,
        guidance: Cutoff::both(Direction::Below, dec!(40)),
        referral: None,
    },
    ItemCriteria {
        item: Item::Ldl,
        guidance: above(dec!(120)),
        referral: Some(above(dec!(140))),
    },
    ItemCriteria {
        item: Item::NonHdl,
        guidance: above(dec!(150)),
        referral: Some(above(dec!(170))),
    },
    ItemCriteria {
        item: Item::GlucoseFasting,
        guidance: above(dec!(100)),
        referral: Some(above(dec!(126))),
    },
    ItemCriteria {
        item: Item::GlucoseNonFasting,
        guidance: above(dec!(100)),
        referral: Some(above(dec!(126))),
    },
    ItemCriteria {
        item: Item::Hba1c,
        guidance: above(dec!(5.6)),
        referral: Some(above(dec!(6.5))),
    },
    ItemCriteria {
        item: Item::Ast,
        guidance: above(dec!(31)),
        referral: Some(above(dec!(51))),
    },
    ItemCriteria {
        item: Item::Alt,
        guidance: above(dec!(31)),
        referral: Some(above(dec!(51))),
    },
    ItemCriteria {
        item: Item::GammaGt,
        guidance: above(dec!(51)),
        referral: Some(above(dec!(101))),
    },
    ItemCriteria {
        item: Item::Egfr,
        guidance: Cutoff::both(Direction::Below, dec!(60)),
        referral: Some(Cutoff::both(Direction::Below, dec!(45))),
    },
    ItemCriteria {
        item: Item::Haemoglobin,
        guidance: Cutoff {
            direction: Direction::AtOrBelow,
            male: dec!(13.0),
            female: dec!(12.0),
        },
        referral: Some(Cutoff {
            direction: Direction::AtOrBelow,
            male: dec!(12.0),
            female: dec!(11.0),
        }),
    },
];

/// 第4期 (from FY2024): 標準的な健診・保健指導プログラム（令和6年度版）.
pub fn fourth_period() -> CheckupCriteria {
    CheckupCriteria {
        rule: "checkup.criteria@第4期(2024-04-01)",
        effective_from: NaiveDate::from_ymd_opt(2024, 4, 1).unwrap_or(NaiveDate::MIN),
        source: "厚生労働省 標準的な健診・保健指導プログラム（令和6年度版） 第2編第3章; \
                 特定健康診査及び特定保健指導の実施に関する基準 第4条; 平成20年厚生労働省告示第8号",
        waist: Cutoff {
            direction: Direction::AtOrAbove,
            male: dec!(85),
            female: dec!(90),
        },
        visceral_fat_area: above(dec!(100)),
        bmi: above(dec!(25)),
        senior_cap_age: 65,
        items: &FOURTH_PERIOD_ITEMS,
    }
}

/// The criteria in force for a checkup on `date`.
pub fn criteria_for(date: NaiveDate) -> Result<CheckupCriteria, CheckupError> {
    let fourth = fourth_period();
    if date >= fourth.effective_from {
        Ok(fourth)
    } else {
        Err(CheckupError::NoCriteria {
            fiscal_year: FiscalYear::of(date),
        })
    }
}

impl CheckupCriteria {
    /// The judgement values of `item`, if the table has the item.
    pub fn item(&self, item: Item) -> Option<&ItemCriteria> {
        self.items.iter().find(|c| c.item == item)
    }

    /// Where `value` of `item` stands for `sex`; `None` for an item without judgement values
    /// (height, weight, waist, BMI).
    pub fn level(&self, item: Item, value: Decimal, sex: Sex) -> Option<FlagLevel> {
        let c = self.item(item)?;
        Some(if c.referral.is_some_and(|r| r.reached(value, sex)) {
            FlagLevel::Referral
        } else if c.guidance.reached(value, sex) {
            FlagLevel::Guidance
        } else {
            FlagLevel::Normal
        })
    }

    /// A person's flags: every measured item that has judgement values, with its level.
    pub fn flags(&self, result: &CheckupResult) -> Vec<ItemFlag> {
        result
            .values()
            .filter_map(|(item, value)| {
                self.level(item, value, result.sex())
                    .map(|level| ItemFlag { item, value, level })
            })
            .collect()
    }

    /// The conditions for which the result reaches a 受診勧奨判定値 (any of the condition's
    /// items at or beyond its referral value). Non-fasting glucose and triglycerides drawn
    /// within 3.5 h of a meal are not used (the program's 食直後 rule).
    pub fn referral_conditions(&self, result: &CheckupResult) -> Vec<Condition> {
        let right_after_meal = result
            .blood_draw()
            .is_some_and(|t| !t.allows_non_fasting_values());
        let usable = |item: Item| {
            !(right_after_meal
                && matches!(
                    item,
                    Item::GlucoseNonFasting | Item::TriglyceridesNonFasting
                ))
        };
        Condition::ALL
            .into_iter()
            .filter(|c| {
                c.items().iter().filter(|i| usable(**i)).any(|item| {
                    result.value(*item).is_some_and(|v| {
                        self.level(*item, v, result.sex()) == Some(FlagLevel::Referral)
                    })
                })
            })
            .collect()
    }
}
