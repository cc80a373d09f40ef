//! Stratification (階層化) of a checkup result into 積極的支援, 動機付け支援 or 情報提供, by the four
//! steps of the MHLW program (標準的な健診・保健指導プログラム（令和6年度版） 第2編第3章; 特定健康診査
//! 及び特定保健指導の実施に関する基準 第4条).
//!
//! 1. **Visceral fat.** (1) waist ≥ 85 cm (men) / ≥ 90 cm (women), or visceral fat area ≥ 100 cm²
//!    when it was measured by CT instead; (2) otherwise BMI ≥ 25; neither → 情報提供.
//! 2. **Extra risks.** ① glucose: fasting glucose ≥ 100 mg/dL, or HbA1c ≥ 5.6 %, or — only when
//!    neither was measured — non-fasting glucose ≥ 100 (not within 3.5 h of a meal); when both
//!    fasting glucose and HbA1c were measured, **fasting glucose takes precedence**. ② lipids:
//!    fasting triglycerides ≥ 150 (or, when there is no fasting value, non-fasting ≥ 175, not
//!    within 3.5 h of a meal) or HDL < 40. ③ blood pressure: systolic ≥ 130 or diastolic ≥ 85.
//!    ④ smoking, counted **only when at least one of ①–③ is present**.
//! 3. **Level.** (1) with ≥ 2 risks → 積極的支援, with 1 → 動機付け支援; (2) with ≥ 3 → 積極的支援,
//!    with 1–2 → 動機付け支援; no risk → 情報提供.
//! 4. **Exceptions.** Anyone taking medicine for hypertension, diabetes or dyslipidaemia is not a
//!    guidance target (情報提供); ages 65–74 (age reached in the fiscal year) are capped at
//!    動機付け支援.
//!
//! Precedence of fasting glucose over HbA1c: the MHLW 「特定健康診査・特定保健指導の円滑な実施に向けた
//! 手引き」 as explained by 健康保険組合連合会大阪連合会 「健保問答 第488回」
//! (<https://www.kenpo.gr.jp/osaka/magazine/597/page_04.htm>): 「空腹時血糖とヘモグロビンA1cの両方を
//! 測定している場合は、空腹時血糖の結果を優先し判定に用います」 — order ① fasting glucose ② HbA1c
//! ③ non-fasting glucose. The same order is applied to triglycerides (fasting before non-fasting).
//!
//! **Missing items.** Every criterion that cannot be evaluated is left open; the level is decided
//! if every way of filling the open criteria gives the same level (a 40-year-old man with waist
//! 90 cm, glucose and blood pressure risks is 積極的支援 whatever his missing lipids are). When it
//! is not, [`Stratification::level`] is `None`, [`Stratification::possible_levels`] lists what it
//! could be and [`Stratification::undecided`] names the open criteria that matter.
//!
//! Smoking (喫煙): the questionnaire item 「現在、たばこを習慣的に吸っている」 (9N736000000000011)
//! answered yes. The exact 第4期 wording (which adds a period condition) was not read; the answer
//! is taken as given.
//!
//! ```
//! use kenpo_domain::calendar::date;
//! use kenpo_domain::checkup::result::{CheckupResult, Item, Medication};
//! use kenpo_domain::checkup::stratify::{stratify, GuidanceLevel};
//! use kenpo_domain::person::Sex;
//! use rust_decimal_macros::dec;
//!
//! let r = CheckupResult::new(date(2026, 6, 1).unwrap(), Sex::Male)
//!     .with(Item::Waist, dec!(85.0)).unwrap()
//!     .with(Item::GlucoseFasting, dec!(100)).unwrap()
//!     .with(Item::TriglyceridesFasting, dec!(150)).unwrap()
//!     .with(Item::Hdl, dec!(55)).unwrap()
//!     .with(Item::SystolicBp, dec!(120)).unwrap()
//!     .with(Item::DiastolicBp, dec!(70)).unwrap()
//!     .with_smoking(false)
//!     .with_medication(Medication::NONE);
//! let s = stratify(&r, 64).unwrap();
//! assert_eq!(s.level, Some(GuidanceLevel::Active));
//! assert_eq!(stratify(&r, 65).unwrap().level, Some(GuidanceLevel::Motivational));
//! ```

use std::collections::BTreeSet;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::result::{CheckupError, CheckupResult, Item};
use super::thresholds::{criteria_for, CheckupCriteria, Cutoff};
use crate::age;
use crate::calendar::FiscalYear;
use crate::explanation::{Explain, Explanation};
use crate::person::Sex;

/// The guidance level (保健指導レベル; item 9N506000000000011 codes 1–3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GuidanceLevel {
    /// 積極的支援 (active support; code 1).
    Active,
    /// 動機付け支援 (motivational support; code 2).
    Motivational,
    /// 情報提供 (information only; not a 特定保健指導 target; code 3 「なし」).
    InformationOnly,
}

impl GuidanceLevel {
    /// 積極的支援 / 動機付け支援 / 情報提供.
    pub const fn japanese(self) -> &'static str {
        match self {
            GuidanceLevel::Active => "積極的支援",
            GuidanceLevel::Motivational => "動機付け支援",
            GuidanceLevel::InformationOnly => "情報提供",
        }
    }

    /// `true` for 積極的支援 and 動機付け支援: a 特定保健指導 target.
    pub const fn is_guidance(self) -> bool {
        !matches!(self, GuidanceLevel::InformationOnly)
    }
}

/// Step 1 outcome (内臓脂肪蓄積のリスク判定).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisceralFat {
    /// (1): waist (or visceral fat area) at or above the cut-off.
    Waist,
    /// (2): waist below the cut-off and BMI ≥ 25.
    Bmi,
    /// Neither: 情報提供.
    Neither,
}

/// A criterion of the stratification that could not be evaluated for want of data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Criterion {
    /// Step 1 (1): waist (or visceral fat area) not measured.
    Waist,
    /// Step 1 (2): BMI not given and not computable from height and weight.
    Bmi,
    /// Step 2 ①: no fasting glucose, HbA1c or usable non-fasting glucose.
    Glucose,
    /// Step 2 ②: triglycerides or HDL missing (and the other not abnormal).
    Lipids,
    /// Step 2 ③: systolic or diastolic pressure missing (and the other not abnormal).
    BloodPressure,
    /// Step 2 ④: the smoking question not answered.
    Smoking,
    /// Step 4: the medication questions not answered.
    Medication,
}

const CRITERIA: [Criterion; 7] = [
    Criterion::Waist,
    Criterion::Bmi,
    Criterion::Glucose,
    Criterion::Lipids,
    Criterion::BloodPressure,
    Criterion::Smoking,
    Criterion::Medication,
];

/// The outcome of each step-2 risk: `Some(true)` present, `Some(false)` absent, `None` open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Risks {
    /// ① glucose.
    pub glucose: Option<bool>,
    /// ② lipids.
    pub lipids: Option<bool>,
    /// ③ blood pressure.
    pub blood_pressure: Option<bool>,
    /// ④ smoking as answered (counted only with another risk).
    pub smoking: Option<bool>,
}

/// The stratification of one result, with its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stratification {
    /// The level, when the data decide it.
    pub level: Option<GuidanceLevel>,
    /// Every level the data allow (one element when decided).
    pub possible_levels: Vec<GuidanceLevel>,
    /// Step 1, when decided.
    pub visceral_fat: Option<VisceralFat>,
    /// Step 2 risks.
    pub risks: Risks,
    /// Step 2 count (smoking included when it qualifies), when decided.
    pub risk_count: Option<u8>,
    /// Open criteria that change the level (empty when decided).
    pub undecided: Vec<Criterion>,
    /// Step by step, why.
    pub explanation: Explanation,
}

fn or3(values: &[Option<bool>]) -> Option<bool> {
    if values.contains(&Some(true)) {
        Some(true)
    } else if values.iter().all(|v| *v == Some(false)) {
        Some(false)
    } else {
        None
    }
}

struct Known {
    waist: Option<bool>,
    bmi: Option<bool>,
    glucose: Option<bool>,
    lipids: Option<bool>,
    bp: Option<bool>,
    smoking: Option<bool>,
    medicated: Option<bool>,
}

impl Known {
    fn slots(&self) -> [Option<bool>; 7] {
        [
            self.waist,
            self.bmi,
            self.glucose,
            self.lipids,
            self.bp,
            self.smoking,
            self.medicated,
        ]
    }
}

fn visceral(waist: bool, bmi: bool) -> VisceralFat {
    if waist {
        VisceralFat::Waist
    } else if bmi {
        VisceralFat::Bmi
    } else {
        VisceralFat::Neither
    }
}

fn count(glucose: bool, lipids: bool, bp: bool, smoking: bool) -> u8 {
    let base = u8::from(glucose) + u8::from(lipids) + u8::from(bp);
    base + u8::from(smoking && base >= 1)
}

/// Steps 3 and 4 on definite inputs.
fn level_of(v: [bool; 7], senior: bool) -> GuidanceLevel {
    let [waist, bmi, glucose, lipids, bp, smoking, medicated] = v;
    if medicated {
        return GuidanceLevel::InformationOnly;
    }
    let n = count(glucose, lipids, bp, smoking);
    let level = match visceral(waist, bmi) {
        VisceralFat::Waist if n >= 2 => GuidanceLevel::Active,
        VisceralFat::Waist if n == 1 => GuidanceLevel::Motivational,
        VisceralFat::Bmi if n >= 3 => GuidanceLevel::Active,
        VisceralFat::Bmi if n >= 1 => GuidanceLevel::Motivational,
        _ => GuidanceLevel::InformationOnly,
    };
    if senior && level == GuidanceLevel::Active {
        GuidanceLevel::Motivational
    } else {
        level
    }
}

/// Every completion of the open slots: (assignment, level).
fn completions(known: &Known, senior: bool) -> Vec<([bool; 7], GuidanceLevel)> {
    let slots = known.slots();
    let open: Vec<usize> = (0..7).filter(|i| slots[*i].is_none()).collect();
    let mut out = Vec::with_capacity(1 << open.len());
    for mask in 0u32..(1u32 << open.len()) {
        let mut v = [false; 7];
        for (i, slot) in slots.iter().enumerate() {
            v[i] = slot.unwrap_or(false);
        }
        for (bit, i) in open.iter().enumerate() {
            v[*i] = mask & (1 << bit) != 0;
        }
        out.push((v, level_of(v, senior)));
    }
    out
}

fn reached(cut: &Cutoff, value: rust_decimal::Decimal, r: &CheckupResult) -> bool {
    cut.reached(value, r.sex())
}

/// Stratifies `result` for a person whose age reached by the end of the checkup's fiscal year
/// (年度末年齢, [`age::age_at_fiscal_year_end`]) is `age_in_fiscal_year` (40–75; 75 for someone
/// turning 75 during the year, who is a target until the day before the birthday).
pub fn stratify(
    result: &CheckupResult,
    age_in_fiscal_year: u32,
) -> Result<Stratification, CheckupError> {
    stratify_age_with(result, age_in_fiscal_year, Explain::Steps)
}

fn stratify_age_with(
    result: &CheckupResult,
    age_in_fiscal_year: u32,
    explain: Explain,
) -> Result<Stratification, CheckupError> {
    if !(40..=75).contains(&age_in_fiscal_year) {
        return Err(CheckupError::AgeOutsideTargetBand {
            age: age_in_fiscal_year,
        });
    }
    let criteria = criteria_for(result.date())?;
    Ok(stratify_with(
        result,
        age_in_fiscal_year,
        &criteria,
        explain,
    ))
}

/// [`stratify`] with the age computed from the birth date for the checkup's fiscal year.
pub fn stratify_person(
    result: &CheckupResult,
    birth: NaiveDate,
) -> Result<Stratification, CheckupError> {
    stratify_person_with(result, birth, Explain::Steps)
}

/// [`stratify_person`], with its steps written only when `explain` asks for them (a batch of
/// a whole society's results shows none).
pub fn stratify_person_with(
    result: &CheckupResult,
    birth: NaiveDate,
    explain: Explain,
) -> Result<Stratification, CheckupError> {
    let age = age::age_at_fiscal_year_end(birth, FiscalYear::of(result.date()))
        .ok_or(CheckupError::NoAge)?;
    stratify_age_with(result, age, explain)
}

/// A cut-off as shown in a step (`≥ 85`), written only when the step is.
struct Cut<'a>(&'a Cutoff, Sex);

impl fmt::Display for Cut<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.describe(self.1))
    }
}

/// [`stratify`] against explicit criteria (for tests and for replaying an older period), with
/// its steps written only when `explain` asks for them.
pub fn stratify_with(
    result: &CheckupResult,
    age_in_fiscal_year: u32,
    criteria: &CheckupCriteria,
    explain: Explain,
) -> Stratification {
    let mut e = Explanation::with("checkup.stratify", criteria.source, explain);
    e.step("criteria", criteria.rule);
    let sex = result.sex();

    // Step 1.
    let waist = if let Some(area) = result.value(Item::VisceralFatArea) {
        let hit = reached(&criteria.visceral_fat_area, area, result);
        e.step(
            "step 1 (1) visceral fat area (CT, instead of waist)",
            format_args!(
                "{area} cm² {} {}",
                if hit { "meets" } else { "below" },
                Cut(&criteria.visceral_fat_area, sex)
            ),
        );
        Some(hit)
    } else if let Some(w) = result.value(Item::Waist) {
        let hit = reached(&criteria.waist, w, result);
        e.step(
            "step 1 (1) waist",
            format_args!(
                "{w} cm {} {} ({})",
                if hit { "meets" } else { "below" },
                Cut(&criteria.waist, sex),
                sex.kanji()
            ),
        );
        Some(hit)
    } else {
        e.step("step 1 (1) waist", "not measured: open");
        None
    };
    let bmi = match result.bmi() {
        Some(b) => {
            let hit = reached(&criteria.bmi, b, result);
            let how = if result.value(Item::Bmi).is_some() {
                "as recorded"
            } else {
                "from height and weight, 1 decimal half up"
            };
            e.step(
                "step 1 (2) BMI",
                format_args!(
                    "{b} ({how}) {} {}",
                    if hit { "meets" } else { "below" },
                    Cut(&criteria.bmi, sex)
                ),
            );
            Some(hit)
        }
        None => {
            e.step("step 1 (2) BMI", "no BMI, height or weight: open");
            None
        }
    };

    // Step 2 ① glucose: fasting glucose > HbA1c > non-fasting glucose.
    let usable_non_fasting = result.blood_draw().map(|t| t.allows_non_fasting_values());
    let item_hit = |item: Item| -> Option<(rust_decimal::Decimal, bool, Cut<'_>)> {
        let v = result.value(item)?;
        let c = criteria.item(item)?;
        Some((v, c.guidance.reached(v, sex), Cut(&c.guidance, sex)))
    };
    let glucose = if let Some((v, hit, cut)) = item_hit(Item::GlucoseFasting) {
        let note = if result.value(Item::Hba1c).is_some() {
            " (fasting glucose takes precedence over HbA1c)"
        } else {
            ""
        };
        e.step(
            "step 2 ① glucose",
            format_args!("fasting glucose {v} mg/dL vs {cut}{note}: {}", yes(hit)),
        );
        Some(hit)
    } else if let Some((v, hit, cut)) = item_hit(Item::Hba1c) {
        e.step(
            "step 2 ① glucose",
            format_args!("HbA1c {v} % vs {cut}: {}", yes(hit)),
        );
        Some(hit)
    } else if let Some((v, hit, cut)) = item_hit(Item::GlucoseNonFasting) {
        match usable_non_fasting {
            Some(true) => {
                e.step(
                    "step 2 ① glucose",
                    format_args!(
                        "non-fasting glucose {v} mg/dL vs {cut} (no fasting glucose or HbA1c): {}",
                        yes(hit)
                    ),
                );
                Some(hit)
            }
            Some(false) => {
                e.step(
                    "step 2 ① glucose",
                    "non-fasting glucose drawn within 3.5 h of a meal: not usable, open",
                );
                None
            }
            None => {
                e.step(
                    "step 2 ① glucose",
                    "non-fasting glucose without the blood-draw timing: not usable, open",
                );
                None
            }
        }
    } else {
        e.step(
            "step 2 ① glucose",
            "no fasting glucose, HbA1c or non-fasting glucose: open",
        );
        None
    };

    // Step 2 ② lipids.
    let tg = if let Some((v, hit, cut)) = item_hit(Item::TriglyceridesFasting) {
        e.step(
            "step 2 ② triglycerides",
            format_args!("fasting {v} mg/dL vs {cut}: {}", yes(hit)),
        );
        Some(hit)
    } else if let Some((v, hit, cut)) = item_hit(Item::TriglyceridesNonFasting) {
        if usable_non_fasting == Some(true) {
            e.step(
                "step 2 ② triglycerides",
                format_args!("non-fasting {v} mg/dL vs {cut}: {}", yes(hit)),
            );
            Some(hit)
        } else {
            e.step(
                "step 2 ② triglycerides",
                "non-fasting value within 3.5 h of a meal or without timing: not usable, open",
            );
            None
        }
    } else {
        e.step("step 2 ② triglycerides", "not measured: open");
        None
    };
    let hdl = match item_hit(Item::Hdl) {
        Some((v, hit, cut)) => {
            e.step(
                "step 2 ② HDL",
                format_args!("{v} mg/dL vs {cut}: {}", yes(hit)),
            );
            Some(hit)
        }
        None => {
            e.step("step 2 ② HDL", "not measured: open");
            None
        }
    };
    let lipids = or3(&[tg, hdl]);

    // Step 2 ③ blood pressure.
    let mut bp_parts = Vec::new();
    for (item, label) in [
        (Item::SystolicBp, "systolic"),
        (Item::DiastolicBp, "diastolic"),
    ] {
        match item_hit(item) {
            Some((v, hit, cut)) => {
                e.step(
                    "step 2 ③ blood pressure",
                    format_args!("{label} {v} mmHg vs {cut}: {}", yes(hit)),
                );
                bp_parts.push(Some(hit));
            }
            None => {
                e.step(
                    "step 2 ③ blood pressure",
                    format_args!("{label} not measured: open"),
                );
                bp_parts.push(None);
            }
        }
    }
    let bp = or3(&bp_parts);

    // Step 2 ④ smoking.
    let smoking = result.smoking();
    e.step(
        "step 2 ④ smoking",
        match smoking {
            Some(true) => "smoker: counted only together with another risk",
            Some(false) => "non-smoker",
            None => "not answered: open",
        },
    );

    // Step 4 (medication) input.
    let medicated = result.medication().any();
    let senior = age_in_fiscal_year >= criteria.senior_cap_age;

    let known = Known {
        waist,
        bmi,
        glucose,
        lipids,
        bp,
        smoking,
        medicated,
    };
    let all = completions(&known, senior);
    let levels: BTreeSet<GuidanceLevel> = all.iter().map(|(_, l)| *l).collect();
    let possible_levels: Vec<GuidanceLevel> = levels.iter().copied().collect();
    let level = if possible_levels.len() == 1 {
        possible_levels.first().copied()
    } else {
        None
    };

    // Which open criteria matter: flipping it changes the level for some completion.
    let slots = known.slots();
    let mut undecided = Vec::new();
    if level.is_none() {
        for (i, criterion) in CRITERIA.iter().enumerate() {
            if slots[i].is_some() {
                continue;
            }
            let matters = all.iter().any(|(v, l)| {
                let mut flipped = *v;
                flipped[i] = !flipped[i];
                level_of(flipped, senior) != *l
            });
            if matters {
                undecided.push(*criterion);
            }
        }
    }

    let visceral_fat = match (waist, bmi) {
        (Some(true), _) => Some(VisceralFat::Waist),
        (Some(false), Some(b)) => Some(visceral(false, b)),
        _ => None,
    };
    let risk_count = match (glucose, lipids, bp, smoking) {
        (Some(g), Some(l), Some(b), Some(s)) => Some(count(g, l, b, s)),
        (Some(g), Some(l), Some(b), None) if !(g || l || b) => Some(0),
        _ => None,
    };

    e.step(
        "step 3 level",
        match (visceral_fat, risk_count) {
            (Some(VisceralFat::Neither), _) => "neither waist nor BMI: 情報提供".to_owned(),
            (Some(vf), Some(n)) => format!(
                "{} with {n} risk(s) (smoking counted only with another risk)",
                match vf {
                    VisceralFat::Waist => "(1) waist",
                    _ => "(2) BMI",
                }
            ),
            _ => "open inputs: every completion considered".to_owned(),
        },
    );
    e.step(
        "step 4 medication",
        match medicated {
            Some(true) => "taking medicine for hypertension, diabetes or dyslipidaemia: not a guidance target (情報提供)",
            Some(false) => "no medication",
            None => "not answered: open",
        },
    );
    e.step(
        "step 4 age",
        if senior {
            format!(
                "age {age_in_fiscal_year} in the fiscal year (≥ {}): 積極的支援 capped at 動機付け支援",
                criteria.senior_cap_age
            )
        } else {
            format!("age {age_in_fiscal_year} in the fiscal year: no cap")
        },
    );
    e.step(
        "result",
        match level {
            Some(l) => l.japanese().to_owned(),
            None => format!(
                "undecided between {} because of {:?}",
                possible_levels
                    .iter()
                    .map(|l| l.japanese())
                    .collect::<Vec<_>>()
                    .join(" / "),
                undecided
            ),
        },
    );

    Stratification {
        level,
        possible_levels,
        visceral_fat,
        risks: Risks {
            glucose,
            lipids,
            blood_pressure: bp,
            smoking,
        },
        risk_count,
        undecided,
        explanation: e,
    }
}

fn yes(hit: bool) -> &'static str {
    if hit {
        "risk"
    } else {
        "no risk"
    }
}
