//! The checkup result record (特定健康診査の結果): the measured items, their units and the ranges
//! a value must lie in to be believed.
//!
//! Every numeric item is an exact [`Decimal`] in the unit the national code table uses
//! ([`Item::unit`]). A value outside [`Item::valid_range`] is rejected with
//! [`CheckupError::OutOfRange`], which names the item and the value but never the person.
//! Missing items are simply absent: the stratification says what it could not decide because of
//! them.
//!
//! BMI is taken as given when the record has it; otherwise [`CheckupResult::bmi`] computes it from
//! height and weight and rounds it to **one decimal place, half up** ([`bmi_from_height_weight`]),
//! which is how the value is printed on result sheets and carried in the national file
//! (項目コード表: BMI 「小数点以下1桁」). So 24.95 counts as 25.0.
//!
//! ## Example
//!
//! ```
//! use kenpo_domain::calendar::date;
//! use kenpo_domain::checkup::result::{CheckupError, CheckupResult, Item};
//! use kenpo_domain::person::Sex;
//! use rust_decimal_macros::dec;
//!
//! let r = CheckupResult::new(date(2026, 6, 1).unwrap(), Sex::Male)
//!     .with(Item::Height, dec!(170.0)).unwrap()
//!     .with(Item::Weight, dec!(72.3)).unwrap();
//! // 72.3 / 1.70² = 25.017… → 25.0 (one decimal, half up).
//! assert_eq!(r.bmi(), Some(dec!(25.0)));
//! // A waist of 900 cm is an error naming the item, never the person.
//! assert!(matches!(
//!     r.with(Item::Waist, dec!(900)),
//!     Err(CheckupError::OutOfRange { .. })
//! ));
//! ```

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use crate::person::Sex;

/// Why a checkup result (or a value in it) was rejected. Never carries names or member numbers:
/// only the item, its code and the measured value, which do not identify a person on their own.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CheckupError {
    /// A value outside the plausible range of its item (negative, waist 900 cm, HbA1c 65 %).
    #[error("{item} = {value} {unit} is impossible (valid range {min}–{max} {unit})")]
    OutOfRange {
        /// The item.
        item: Item,
        /// The value given.
        value: Decimal,
        /// The item's unit.
        unit: &'static str,
        /// Lowest accepted value.
        min: Decimal,
        /// Highest accepted value.
        max: Decimal,
    },
    /// No stratification criteria are in force on the checkup's date (before 第4期, FY2024).
    #[error("no 特定保健指導 criteria are defined for {fiscal_year} (第4期 starts FY2024)")]
    NoCriteria {
        /// The fiscal year of the checkup.
        fiscal_year: crate::calendar::FiscalYear,
    },
    /// The person is outside the 40–74 band the stratification is defined for.
    #[error("age {age} in the fiscal year is outside 40–74: not a 特定健診 target")]
    AgeOutsideTargetBand {
        /// The age reached by the end of the fiscal year.
        age: u32,
    },
    /// A birth date after the checkup date, or too far from it to compute an age.
    #[error("no age can be computed for the checkup's fiscal year")]
    NoAge,
}

/// A result item of the 特定健診 (健診項目), by the 特定健康診査及び特定保健指導の実施に関する基準
/// (平成19年厚生労働省令第157号) 第1条 and the 項目コード表 of the electronic standard format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Item {
    /// 身長 (height), cm.
    Height,
    /// 体重 (weight), kg.
    Weight,
    /// BMI, kg/m².
    Bmi,
    /// 腹囲 (waist circumference, measured), cm.
    Waist,
    /// 内臓脂肪面積 (visceral fat area by CT, used instead of the waist), cm².
    VisceralFatArea,
    /// 収縮期血圧 (systolic blood pressure), mmHg.
    SystolicBp,
    /// 拡張期血圧 (diastolic blood pressure), mmHg.
    DiastolicBp,
    /// 空腹時中性脂肪 (fasting triglycerides: ≥ 10 h without food), mg/dL.
    TriglyceridesFasting,
    /// 随時中性脂肪 (non-fasting triglycerides), mg/dL.
    TriglyceridesNonFasting,
    /// HDLコレステロール, mg/dL.
    Hdl,
    /// LDLコレステロール, mg/dL.
    Ldl,
    /// Non-HDLコレステロール, mg/dL.
    NonHdl,
    /// 空腹時血糖 (fasting plasma glucose), mg/dL.
    GlucoseFasting,
    /// 随時血糖 (non-fasting glucose, not within 3.5 h of a meal), mg/dL.
    GlucoseNonFasting,
    /// HbA1c (NGSP値), %.
    Hba1c,
    /// AST (GOT), U/L.
    Ast,
    /// ALT (GPT), U/L.
    Alt,
    /// γ-GT (γ-GTP), U/L.
    GammaGt,
    /// eGFR, mL/min/1.73 m².
    Egfr,
    /// 血色素量 (haemoglobin), g/dL.
    Haemoglobin,
}

impl Item {
    /// Every item, in the order of the result sheet.
    pub const ALL: [Item; 20] = [
        Item::Height,
        Item::Weight,
        Item::Bmi,
        Item::Waist,
        Item::VisceralFatArea,
        Item::SystolicBp,
        Item::DiastolicBp,
        Item::TriglyceridesFasting,
        Item::TriglyceridesNonFasting,
        Item::Hdl,
        Item::Ldl,
        Item::NonHdl,
        Item::GlucoseFasting,
        Item::GlucoseNonFasting,
        Item::Hba1c,
        Item::Ast,
        Item::Alt,
        Item::GammaGt,
        Item::Egfr,
        Item::Haemoglobin,
    ];

    /// The unit, as written in the 項目コード表 (UCUM where the national file uses it).
    pub const fn unit(self) -> &'static str {
        match self {
            Item::Height | Item::Waist => "cm",
            Item::Weight => "kg",
            Item::Bmi => "kg/m2",
            Item::VisceralFatArea => "cm2",
            Item::SystolicBp | Item::DiastolicBp => "mmHg",
            Item::TriglyceridesFasting
            | Item::TriglyceridesNonFasting
            | Item::Hdl
            | Item::Ldl
            | Item::NonHdl
            | Item::GlucoseFasting
            | Item::GlucoseNonFasting => "mg/dL",
            Item::Hba1c => "%",
            Item::Ast | Item::Alt | Item::GammaGt => "U/L",
            Item::Egfr => "mL/min/1.73m2",
            Item::Haemoglobin => "g/dL",
        }
    }

    /// The Japanese name on the result sheet.
    pub const fn japanese(self) -> &'static str {
        match self {
            Item::Height => "身長",
            Item::Weight => "体重",
            Item::Bmi => "BMI",
            Item::Waist => "腹囲",
            Item::VisceralFatArea => "内臓脂肪面積",
            Item::SystolicBp => "収縮期血圧",
            Item::DiastolicBp => "拡張期血圧",
            Item::TriglyceridesFasting => "空腹時中性脂肪",
            Item::TriglyceridesNonFasting => "随時中性脂肪",
            Item::Hdl => "HDLコレステロール",
            Item::Ldl => "LDLコレステロール",
            Item::NonHdl => "Non-HDLコレステロール",
            Item::GlucoseFasting => "空腹時血糖",
            Item::GlucoseNonFasting => "随時血糖",
            Item::Hba1c => "HbA1c(NGSP)",
            Item::Ast => "AST(GOT)",
            Item::Alt => "ALT(GPT)",
            Item::GammaGt => "γ-GT(γ-GTP)",
            Item::Egfr => "eGFR",
            Item::Haemoglobin => "血色素量",
        }
    }

    /// The range (inclusive) a value must lie in to be accepted.
    ///
    /// These are **plausibility bounds chosen by this library**, not clinical limits: wide enough
    /// for any living adult's measurement, narrow enough to catch unit and keying errors (waist
    /// 900 cm, HbA1c 65 %, a negative value). The national 項目コード表 carries its own input
    /// limits per code (e.g. weight 20.0–250.0 kg, which is used here); the others were not all
    /// read, so these bounds are the library's and are listed in the module docs as a doubt.
    pub fn valid_range(self) -> (Decimal, Decimal) {
        match self {
            Item::Height => (dec!(100), dec!(250)),
            Item::Weight => (dec!(20), dec!(250)),
            Item::Bmi => (dec!(10), dec!(100)),
            Item::Waist => (dec!(40), dec!(250)),
            Item::VisceralFatArea => (dec!(0), dec!(1000)),
            Item::SystolicBp => (dec!(50), dec!(300)),
            Item::DiastolicBp => (dec!(20), dec!(200)),
            Item::TriglyceridesFasting | Item::TriglyceridesNonFasting => (dec!(5), dec!(5000)),
            Item::Hdl => (dec!(5), dec!(500)),
            Item::Ldl => (dec!(5), dec!(1000)),
            Item::NonHdl => (dec!(5), dec!(1000)),
            Item::GlucoseFasting | Item::GlucoseNonFasting => (dec!(10), dec!(1000)),
            Item::Hba1c => (dec!(3), dec!(20)),
            Item::Ast | Item::Alt | Item::GammaGt => (dec!(0), dec!(10000)),
            Item::Egfr => (dec!(0), dec!(200)),
            Item::Haemoglobin => (dec!(1), dec!(30)),
        }
    }

    /// Checks `value` against [`Item::valid_range`].
    pub fn check(self, value: Decimal) -> Result<Decimal, CheckupError> {
        let (min, max) = self.valid_range();
        if value < min || value > max {
            return Err(CheckupError::OutOfRange {
                item: self,
                value,
                unit: self.unit(),
                min,
                max,
            });
        }
        Ok(value)
    }
}

/// `腹囲 (waist)`.
impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.japanese())
    }
}

/// When the blood was drawn relative to the last meal (採血時間（食後）, item code
/// 9N141000000000011; 第4期 codes 1–3). It decides whether non-fasting values may be used: a
/// sample drawn within 3.5 h of the start of a meal (食直後) may not be used for glucose or
/// triglycerides (標準的な健診・保健指導プログラム（令和6年度版）: 「空腹時とは絶食10時間以上、食直後とは
/// 食事開始時から3.5時間未満」).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BloodDrawTiming {
    /// 食後3.5時間未満 (code 1): right after a meal; non-fasting values are not usable.
    WithinThreeAndHalfHours,
    /// 食後3.5時間以上10時間未満 (code 2): non-fasting (随時).
    NonFasting,
    /// 食後10時間以上 (code 3): fasting (空腹時).
    Fasting,
}

impl BloodDrawTiming {
    /// The timing for the 9N141 result code `"1"`, `"2"` or `"3"`.
    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim() {
            "1" => Some(BloodDrawTiming::WithinThreeAndHalfHours),
            "2" => Some(BloodDrawTiming::NonFasting),
            "3" => Some(BloodDrawTiming::Fasting),
            _ => None,
        }
    }

    /// The 9N141 result code: `"1"`, `"2"` or `"3"`.
    pub const fn code(self) -> &'static str {
        match self {
            BloodDrawTiming::WithinThreeAndHalfHours => "1",
            BloodDrawTiming::NonFasting => "2",
            BloodDrawTiming::Fasting => "3",
        }
    }

    /// `true` unless the sample was drawn within 3.5 h of a meal.
    pub const fn allows_non_fasting_values(self) -> bool {
        !matches!(self, BloodDrawTiming::WithinThreeAndHalfHours)
    }
}

/// Medication from the questionnaire (標準的な質問票 1–3: 服薬1 血圧, 服薬2 血糖, 服薬3 脂質).
/// `None` means the question was not answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Medication {
    /// 服薬1: medicine for blood pressure (hypertension).
    pub hypertension: Option<bool>,
    /// 服薬2: insulin injection or medicine for blood sugar (diabetes).
    pub diabetes: Option<bool>,
    /// 服薬3: medicine for cholesterol or triglycerides (dyslipidaemia).
    pub dyslipidaemia: Option<bool>,
}

impl Medication {
    /// No medication for any of the three.
    pub const NONE: Medication = Medication {
        hypertension: Some(false),
        diabetes: Some(false),
        dyslipidaemia: Some(false),
    };

    /// `Some(true)` if any answer is yes, `Some(false)` if all three are no, `None` otherwise.
    pub fn any(self) -> Option<bool> {
        let answers = [self.hypertension, self.diabetes, self.dyslipidaemia];
        if answers.contains(&Some(true)) {
            Some(true)
        } else if answers.iter().all(|a| *a == Some(false)) {
            Some(false)
        } else {
            None
        }
    }
}

/// One checkup result (特定健康診査の結果): the checkup date, the person's sex (the waist and
/// haemoglobin criteria depend on it), the measured items and the questionnaire answers the
/// stratification uses. Holds no identifying data; the member it belongs to is kept alongside
/// it by the caller (see [`super::lists`]).
///
/// Built with [`CheckupResult::new`] and [`CheckupResult::with`] / [`CheckupResult::set`], each
/// value checked against [`Item::valid_range`]; deserialisation checks the same way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CheckupResultData", into = "CheckupResultData")]
pub struct CheckupResult {
    date: NaiveDate,
    sex: Sex,
    values: BTreeMap<Item, Decimal>,
    blood_draw: Option<BloodDrawTiming>,
    smoking: Option<bool>,
    medication: Medication,
}

impl CheckupResult {
    /// An empty result of a checkup on `date` for a person of `sex`.
    pub fn new(date: NaiveDate, sex: Sex) -> Self {
        CheckupResult {
            date,
            sex,
            values: BTreeMap::new(),
            blood_draw: None,
            smoking: None,
            medication: Medication::default(),
        }
    }

    /// Sets `item` to `value` after checking its range.
    pub fn set(&mut self, item: Item, value: Decimal) -> Result<&mut Self, CheckupError> {
        self.values.insert(item, item.check(value)?);
        Ok(self)
    }

    /// Builder form of [`CheckupResult::set`].
    pub fn with(mut self, item: Item, value: Decimal) -> Result<Self, CheckupError> {
        self.set(item, value)?;
        Ok(self)
    }

    /// Removes `item` (makes it missing).
    pub fn clear(&mut self, item: Item) -> &mut Self {
        self.values.remove(&item);
        self
    }

    /// Sets the blood-draw timing (採血時間).
    pub fn with_blood_draw(mut self, timing: BloodDrawTiming) -> Self {
        self.blood_draw = Some(timing);
        self
    }

    /// Sets the smoking answer (喫煙: 「現在、たばこを習慣的に吸っている」).
    pub fn with_smoking(mut self, smoker: bool) -> Self {
        self.smoking = Some(smoker);
        self
    }

    /// Sets the medication answers.
    pub fn with_medication(mut self, medication: Medication) -> Self {
        self.medication = medication;
        self
    }

    /// Sets or clears the smoking answer.
    pub fn set_smoking(&mut self, smoker: Option<bool>) -> &mut Self {
        self.smoking = smoker;
        self
    }

    /// Sets or clears the blood-draw timing.
    pub fn set_blood_draw(&mut self, timing: Option<BloodDrawTiming>) -> &mut Self {
        self.blood_draw = timing;
        self
    }

    /// Mutable access to the medication answers.
    pub fn medication_mut(&mut self) -> &mut Medication {
        &mut self.medication
    }

    /// The checkup date (健診実施日).
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The person's sex.
    pub fn sex(&self) -> Sex {
        self.sex
    }

    /// The value of `item` as recorded, if measured. For BMI see also [`CheckupResult::bmi`].
    pub fn value(&self, item: Item) -> Option<Decimal> {
        self.values.get(&item).copied()
    }

    /// All recorded values, by item.
    pub fn values(&self) -> impl Iterator<Item = (Item, Decimal)> + '_ {
        self.values.iter().map(|(i, v)| (*i, *v))
    }

    /// The blood-draw timing, if recorded.
    pub fn blood_draw(&self) -> Option<BloodDrawTiming> {
        self.blood_draw
    }

    /// The smoking answer, if given.
    pub fn smoking(&self) -> Option<bool> {
        self.smoking
    }

    /// The medication answers.
    pub fn medication(&self) -> Medication {
        self.medication
    }

    /// The BMI: as recorded, or else computed from height and weight ([`bmi_from_height_weight`]).
    pub fn bmi(&self) -> Option<Decimal> {
        self.value(Item::Bmi).or_else(|| {
            bmi_from_height_weight(self.value(Item::Height)?, self.value(Item::Weight)?)
        })
    }
}

/// BMI = weight (kg) ÷ height (m)², rounded to one decimal place, half up (小数点以下第2位を
/// 四捨五入), as printed on result sheets and carried in the national file. `None` for a zero
/// height or on overflow.
///
/// ```
/// use kenpo_domain::checkup::result::bmi_from_height_weight;
/// use rust_decimal_macros::dec;
///
/// // 170.0 cm, 72.2 kg → 24.982… → 25.0
/// assert_eq!(bmi_from_height_weight(dec!(170.0), dec!(72.2)), Some(dec!(25.0)));
/// ```
pub fn bmi_from_height_weight(height_cm: Decimal, weight_kg: Decimal) -> Option<Decimal> {
    let metres = height_cm.checked_div(dec!(100))?;
    let square = metres.checked_mul(metres)?;
    if square.is_zero() {
        return None;
    }
    let bmi = weight_kg.checked_div(square)?;
    Some(crate::rounding::half_up_to_one_decimal(bmi))
}

/// The serialised form of a [`CheckupResult`]; converting back checks every value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckupResultData {
    /// 健診実施日.
    pub date: NaiveDate,
    /// 性別.
    pub sex: Sex,
    /// The measured items.
    #[serde(default)]
    pub values: BTreeMap<Item, Decimal>,
    /// 採血時間.
    #[serde(default)]
    pub blood_draw: Option<BloodDrawTiming>,
    /// 喫煙.
    #[serde(default)]
    pub smoking: Option<bool>,
    /// 服薬1–3.
    #[serde(default)]
    pub medication: Medication,
}

impl TryFrom<CheckupResultData> for CheckupResult {
    type Error = CheckupError;

    fn try_from(data: CheckupResultData) -> Result<Self, Self::Error> {
        let mut result = CheckupResult::new(data.date, data.sex);
        for (item, value) in data.values {
            result.set(item, value)?;
        }
        result.blood_draw = data.blood_draw;
        result.smoking = data.smoking;
        result.medication = data.medication;
        Ok(result)
    }
}

impl From<CheckupResult> for CheckupResultData {
    fn from(r: CheckupResult) -> Self {
        CheckupResultData {
            date: r.date,
            sex: r.sex,
            values: r.values,
            blood_draw: r.blood_draw,
            smoking: r.smoking,
            medication: r.medication,
        }
    }
}
