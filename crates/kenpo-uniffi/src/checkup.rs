//! 特定健康診査 stratification (階層化, 特定健康診査及び特定保健指導の実施に関する基準 第4条; 第4期
//! criteria from FY2024) into 特定保健指導 levels ([`kenpo_domain::checkup`]).
//!
//! A result is a record of measured values (exact decimal text, never floats) and the
//! questionnaire answers; the person's birth date decides the age reached by the end of the
//! checkup's fiscal year (年度末年齢: the 65–74 cap of 積極的支援). [`stratify_checkups`] is the
//! batch form: a list of subjects, each answered on its own (a refused subject does not fail the
//! others). Errors name the item and its valid range, never the value or the person.

use kenpo_domain::checkup::result;
use kenpo_domain::checkup::stratify as domain;

use crate::error::{count, KenpoError, KenpoResult};
use crate::explain::Explanation;
use crate::member::Sex;
use crate::types::{ExactDecimal, IsoDate};

mirror_enum! {
    /// A result item of the 特定健診 (健診項目, 実施基準 第1条; the 項目コード表).
    pub enum CheckupItem => result::Item {
        /// 身長, cm.
        Height,
        /// 体重, kg.
        Weight,
        /// BMI, kg/m².
        Bmi,
        /// 腹囲 (measured), cm.
        Waist,
        /// 内臓脂肪面積 (CT, used instead of the waist), cm².
        VisceralFatArea,
        /// 収縮期血圧, mmHg.
        SystolicBp,
        /// 拡張期血圧, mmHg.
        DiastolicBp,
        /// 空腹時中性脂肪, mg/dL.
        TriglyceridesFasting,
        /// 随時中性脂肪, mg/dL.
        TriglyceridesNonFasting,
        /// HDLコレステロール, mg/dL.
        Hdl,
        /// LDLコレステロール, mg/dL.
        Ldl,
        /// Non-HDLコレステロール, mg/dL.
        NonHdl,
        /// 空腹時血糖, mg/dL.
        GlucoseFasting,
        /// 随時血糖, mg/dL.
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
        /// 血色素量, g/dL.
        Haemoglobin,
    }
}

mirror_enum! {
    /// 採血時間 (食後): decides whether non-fasting values may be used (標準的な健診・保健指導
    /// プログラム 令和6年度版).
    pub enum BloodDrawTiming => result::BloodDrawTiming {
        /// 食後3.5時間未満 (code 1): non-fasting values are not usable.
        WithinThreeAndHalfHours,
        /// 食後3.5時間以上10時間未満 (code 2): 随時.
        NonFasting,
        /// 食後10時間以上 (code 3): 空腹時.
        Fasting,
    }
}

mirror_enum! {
    /// 保健指導レベル (item 9N506000000000011, codes 1–3).
    pub enum GuidanceLevel => domain::GuidanceLevel {
        /// 積極的支援 (code 1).
        Active,
        /// 動機付け支援 (code 2).
        Motivational,
        /// 情報提供 (code 3: not a 特定保健指導 target).
        InformationOnly,
    }
}

mirror_enum! {
    /// Step 1 of the stratification (内臓脂肪蓄積のリスク判定).
    pub enum VisceralFat => domain::VisceralFat {
        /// (1): waist (or visceral fat area) at or above the cut-off.
        Waist,
        /// (2): waist below the cut-off and BMI ≥ 25.
        Bmi,
        /// Neither: 情報提供.
        Neither,
    }
}

mirror_enum! {
    /// A criterion that could not be evaluated for want of data.
    pub enum CheckupCriterion => domain::Criterion {
        /// Step 1 (1): waist not measured.
        Waist,
        /// Step 1 (2): BMI neither given nor computable.
        Bmi,
        /// Step 2 ①: no usable glucose or HbA1c.
        Glucose,
        /// Step 2 ②: triglycerides or HDL missing.
        Lipids,
        /// Step 2 ③: blood pressure missing.
        BloodPressure,
        /// Step 2 ④: smoking not answered.
        Smoking,
        /// Step 4: medication not answered.
        Medication,
    }
}

/// One measured value.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CheckupValue {
    /// The item.
    pub item: CheckupItem,
    /// The value in the item's unit, decimal text.
    pub value: ExactDecimal,
}

/// 服薬1–3 of the standard questionnaire (標準的な質問票); `None`: not answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct Medication {
    /// 服薬1: blood pressure.
    pub hypertension: Option<bool>,
    /// 服薬2: blood sugar (insulin or medicine).
    pub diabetes: Option<bool>,
    /// 服薬3: cholesterol or triglycerides.
    pub dyslipidaemia: Option<bool>,
}

/// One 特定健診 result (特定健康診査の結果). Holds no identifying data.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CheckupResult {
    /// 健診実施日.
    pub date: IsoDate,
    /// 性別 (the waist and haemoglobin criteria depend on it).
    pub sex: Sex,
    /// The measured items (each at most once).
    pub values: Vec<CheckupValue>,
    /// 採血時間, when recorded.
    pub blood_draw: Option<BloodDrawTiming>,
    /// 喫煙, when answered.
    pub smoking: Option<bool>,
    /// 服薬1–3.
    pub medication: Medication,
}

/// A result with the person's birth date: the unit of [`stratify_checkups`].
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct CheckupSubject {
    /// The result.
    pub result: CheckupResult,
    /// 生年月日 (decides the age reached by the end of the fiscal year).
    pub birth_date: IsoDate,
}

/// Step 2 risks: `Some(true)` present, `Some(false)` absent, `None` open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct CheckupRisks {
    /// ① glucose.
    pub glucose: Option<bool>,
    /// ② lipids.
    pub lipids: Option<bool>,
    /// ③ blood pressure.
    pub blood_pressure: Option<bool>,
    /// ④ smoking as answered (counted only with another risk).
    pub smoking: Option<bool>,
}

/// The stratification of one result (階層化), with its reasons.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Stratification {
    /// The level, when the data decide it.
    pub level: Option<GuidanceLevel>,
    /// Every level the data allow (one when decided).
    pub possible_levels: Vec<GuidanceLevel>,
    /// Step 1, when decided.
    pub visceral_fat: Option<VisceralFat>,
    /// Step 2 risks.
    pub risks: CheckupRisks,
    /// Step 2 count (smoking included when it qualifies), when decided.
    pub risk_count: Option<i32>,
    /// Open criteria that would change the level (empty when decided).
    pub undecided: Vec<CheckupCriterion>,
    /// Step by step, why.
    pub explanation: Explanation,
}

/// The answer for one subject of [`stratify_checkups`]: a stratification or the error.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CheckupOutcome {
    /// Index of the subject in the input.
    pub index: i64,
    /// The stratification, when the subject was accepted.
    pub stratification: Option<Stratification>,
    /// Why the subject was refused, otherwise.
    pub error: Option<KenpoError>,
}

impl From<result::CheckupError> for KenpoError {
    fn from(e: result::CheckupError) -> Self {
        match e {
            // The measured value stays out of the message (health data).
            result::CheckupError::OutOfRange {
                item,
                unit,
                min,
                max,
                ..
            } => KenpoError::argument(
                "",
                format!("{item} is impossible (valid range {min}–{max} {unit})"),
            ),
            result::CheckupError::AgeOutsideTargetBand { .. } => KenpoError::rejected(
                "checkup.target_band (高確法 第20条: 40–74 歳)",
                "the person is outside the 40–74 target band in the checkup's fiscal year",
            ),
            result::CheckupError::NoCriteria { .. } => {
                KenpoError::rejected("checkup.criteria (実施基準 第4条, 第4期 from FY2024)", e)
            }
            result::CheckupError::NoAge => KenpoError::argument("birth_date", e),
            other => KenpoError::argument("", other),
        }
    }
}

impl CheckupResult {
    fn to_domain(&self) -> KenpoResult<result::CheckupResult> {
        let mut r = result::CheckupResult::new(self.date, self.sex.into());
        for (i, v) in self.values.iter().enumerate() {
            let item = result::Item::from(v.item);
            if r.value(item).is_some() {
                return Err(KenpoError::argument(
                    format!("values[{i}]"),
                    "the item is given twice",
                ));
            }
            r.set(item, v.value)
                .map_err(|e| KenpoError::from(e).within(&format!("values[{i}]")))?;
        }
        r.set_blood_draw(self.blood_draw.map(Into::into))
            .set_smoking(self.smoking);
        *r.medication_mut() = result::Medication {
            hypertension: self.medication.hypertension,
            diabetes: self.medication.diabetes,
            dyslipidaemia: self.medication.dyslipidaemia,
        };
        Ok(r)
    }
}

fn levels(ls: &[domain::GuidanceLevel]) -> KenpoResult<Vec<GuidanceLevel>> {
    ls.iter().map(|l| GuidanceLevel::try_from(*l)).collect()
}

impl TryFrom<&domain::Stratification> for Stratification {
    type Error = KenpoError;
    fn try_from(s: &domain::Stratification) -> KenpoResult<Self> {
        Ok(Stratification {
            level: s.level.map(GuidanceLevel::try_from).transpose()?,
            possible_levels: levels(&s.possible_levels)?,
            visceral_fat: s.visceral_fat.map(VisceralFat::try_from).transpose()?,
            risks: CheckupRisks {
                glucose: s.risks.glucose,
                lipids: s.risks.lipids,
                blood_pressure: s.risks.blood_pressure,
                smoking: s.risks.smoking,
            },
            risk_count: s.risk_count.map(i32::from),
            undecided: s
                .undecided
                .iter()
                .map(|c| CheckupCriterion::try_from(*c))
                .collect::<KenpoResult<_>>()?,
            explanation: (&s.explanation).into(),
        })
    }
}

/// Stratifies one result (階層化, 実施基準 第4条) for a person born on `birth_date`.
/// Errors: [`KenpoError::InvalidArgument`] (an impossible value: the field names the item and
/// the detail its valid range), [`KenpoError::Rejected`] (outside the 40–74 target band that
/// fiscal year; a date before the 第4期 criteria).
#[uniffi::export]
pub fn stratify_checkup(result: CheckupResult, birth_date: IsoDate) -> KenpoResult<Stratification> {
    let r = result.to_domain().map_err(|e| e.within("result"))?;
    let s = domain::stratify_person(&r, birth_date)?;
    Stratification::try_from(&s)
}

/// The batch form of [`stratify_checkup`]: many subjects in one call, each answered on its own
/// in input order (a refused subject carries its error and does not fail the others).
#[uniffi::export]
pub fn stratify_checkups(subjects: Vec<CheckupSubject>) -> Vec<CheckupOutcome> {
    subjects
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let outcome = stratify_checkup(s.result, s.birth_date)
                .map_err(|e| e.within(&format!("subjects[{i}]")));
            match outcome {
                Ok(st) => CheckupOutcome {
                    index: count(i),
                    stratification: Some(st),
                    error: None,
                },
                Err(e) => CheckupOutcome {
                    index: count(i),
                    stratification: None,
                    error: Some(e),
                },
            }
        })
        .collect()
}
