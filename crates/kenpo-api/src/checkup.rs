//! Checkups and guidance (特定健康診査・特定保健指導, [`kenpo_domain::checkup`]): the national XML
//! file read into a result, the stratification (階層化) of one result or of many, who is a target
//! in a fiscal year, and the target lists of the society's health programs (E1/E2 guidance
//! candidates, F4 members aged 65 and over, F5 severe-case prevention, D2 year-on-year).
//!
//! Health measurements are sensitive personal data (要配慮個人情報): the records holding them
//! have no `Debug`, and no error quotes a measured value, an age or a birth date — an error says
//! which item and which rule (the plausible range, the 40–74 band), never the value.
//!
//! The lists here are the *selection*; a list leaves the society only through the access
//! layer's provision (purpose, recipient, permitted fields), bound with the access family.
use std::collections::BTreeMap;

use kenpo_domain::calendar::FiscalYear;
use kenpo_domain::checkup::{lists, result, stratify, target, thresholds, xml};
use kenpo_domain::member::EligibilityPeriod;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::batch::{self, Rejection};
use crate::code::ResultCode;
use crate::error::{KenpoError, KenpoResult};
use crate::explain::{self, Explanation};
use crate::identifiers::MemberKey;
use crate::person::Sex;
use crate::scalar::{Exact, PlainDate, PlainMonth};

mirror_enum! {
    /// A result item of the 特定健診 (健診項目, 実施基準 第1条; the 項目コード表), in the unit the
    /// national code table uses.
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
        /// 空腹時中性脂肪 (≥ 10 h without food), mg/dL.
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
    /// 採血時間（食後） (item 9N141): decides whether non-fasting values may be used
    /// (標準的な健診・保健指導プログラム 令和6年度版).
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
    /// 保健指導レベル (item 9N506, codes 1–3).
    pub enum GuidanceLevel => stratify::GuidanceLevel {
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
    pub enum VisceralFat => stratify::VisceralFat {
        /// (1): waist (or visceral fat area) at or above the cut-off.
        Waist,
        /// (2): waist below the cut-off and BMI ≥ 25.
        Bmi,
        /// Neither: 情報提供.
        Neither,
    }
}

mirror_enum! {
    /// A criterion of the stratification that could not be evaluated for want of data.
    pub enum CheckupCriterion => stratify::Criterion {
        /// Step 1 (1): waist not measured.
        Waist,
        /// Step 1 (2): BMI neither given nor computable from height and weight.
        Bmi,
        /// Step 2 ①: no usable glucose or HbA1c.
        Glucose,
        /// Step 2 ②: triglycerides or HDL missing.
        Lipids,
        /// Step 2 ③: blood pressure missing.
        BloodPressure,
        /// Step 2 ④: the smoking question not answered.
        Smoking,
        /// Step 4: the medication questions not answered.
        Medication,
    }
}

mirror_enum! {
    /// The persons the minister excludes from 特定健診 (平成20年厚生労働省告示第3号), as the society
    /// records them for a fiscal year.
    pub enum CheckupExclusion => target::Exclusion {
        /// 妊産婦.
        Pregnancy,
        /// 刑事施設・労役場等に拘禁されている者.
        Detention,
        /// 国内に住所を有しない者.
        LivingAbroad,
        /// 相当な期間継続して船舶内にいる船員保険の被保険者.
        SeafarerAtSea,
        /// 病院又は診療所に6月以上継続して入院している者.
        LongHospitalStay,
        /// 高齢者医療確保法 第55条第1項第2号–第5号の施設に入所・入居している者.
        CareFacility,
    }
}

mirror_enum! {
    /// Where a value stands against its item's cut-offs (保健指導判定値, 受診勧奨判定値).
    pub enum FlagLevel => thresholds::FlagLevel {
        /// Below the 保健指導判定値.
        Normal,
        /// At or beyond the 保健指導判定値, not the 受診勧奨判定値.
        Guidance,
        /// At or beyond the 受診勧奨判定値: the person should see a doctor.
        Referral,
    }
}

mirror_enum! {
    /// A lifestyle disease of the severe-case prevention program (重症化予防).
    pub enum Condition => thresholds::Condition {
        /// 糖尿病 (ICD-10 E10–E14).
        Diabetes,
        /// 高血圧症 (ICD-10 I10–I15).
        Hypertension,
        /// 脂質異常症 (ICD-10 E78).
        Dyslipidaemia,
    }
}

mirror_enum! {
    /// Why an observation of a checkup file was present but not used.
    pub enum SkipReason => xml::SkipReason {
        /// 未実施・測定不能 (`negationInd` or `nullFlavor`).
        NotMeasured,
        /// Only an `H`/`L` code: outside the input range, with no number.
        OutsideInputRange,
        /// No numeric value where one was expected.
        NoNumericValue,
    }
}

/// One measured value. Health data: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CheckupValue {
    /// The item.
    pub item: CheckupItem,
    /// The value in the item's unit, exact.
    pub value: Exact,
}

/// 服薬1–3 of the standard questionnaire (標準的な質問票); `None`: not answered. Health data: no
/// `Debug`.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Medication {
    /// 服薬1: medicine for blood pressure.
    pub hypertension: Option<bool>,
    /// 服薬2: insulin or medicine for blood sugar.
    pub diabetes: Option<bool>,
    /// 服薬3: medicine for cholesterol or triglycerides.
    pub dyslipidaemia: Option<bool>,
}

/// One 特定健診 result (特定健康診査の結果): the checkup date, the sex, the measured items and the
/// questionnaire answers the stratification uses. Health data: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CheckupResult {
    /// 健診実施日.
    pub date: PlainDate,
    /// 性別 (the waist and haemoglobin criteria depend on it).
    pub sex: Sex,
    /// The measured items, each at most once.
    pub values: Vec<CheckupValue>,
    /// 採血時間, when recorded.
    pub blood_draw: Option<BloodDrawTiming>,
    /// 喫煙 (「現在、たばこを習慣的に吸っている」), when answered.
    pub smoking: Option<bool>,
    /// 服薬1–3.
    pub medication: Medication,
}

impl CheckupResult {
    /// The domain result, every value checked against its item's plausible range; a refusal
    /// names the value (`values[2].value`) and the range, never the value itself.
    pub fn to_domain(&self) -> KenpoResult<result::CheckupResult> {
        let mut r = result::CheckupResult::new(self.date.0, self.sex.into());
        for (i, v) in self.values.iter().enumerate() {
            let item = result::Item::from(v.item);
            if r.value(item).is_some() {
                return Err(KenpoError::input(
                    ResultCode::InvalidCheckup,
                    format!("values[{i}].item"),
                    "the item is given twice",
                ));
            }
            r.set(item, v.value.0)
                .map_err(|e| KenpoError::from(e).within(&format!("values[{i}].value")))?;
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

impl TryFrom<&result::CheckupResult> for CheckupResult {
    type Error = KenpoError;
    fn try_from(r: &result::CheckupResult) -> KenpoResult<Self> {
        let m = r.medication();
        Ok(CheckupResult {
            date: PlainDate(r.date()),
            sex: r.sex().try_into()?,
            values: values(r.values())?,
            blood_draw: r.blood_draw().map(BloodDrawTiming::try_from).transpose()?,
            smoking: r.smoking(),
            medication: Medication {
                hypertension: m.hypertension,
                diabetes: m.diabetes,
                dyslipidaemia: m.dyslipidaemia,
            },
        })
    }
}

fn values(
    values: impl IntoIterator<Item = (result::Item, rust_decimal::Decimal)>,
) -> KenpoResult<Vec<CheckupValue>> {
    values
        .into_iter()
        .map(|(item, value)| {
            Ok(CheckupValue {
                item: item.try_into()?,
                value: Exact(value),
            })
        })
        .collect()
}

fn item_values(values: &[lists::ItemValue]) -> KenpoResult<Vec<CheckupValue>> {
    self::values(values.iter().map(|v| (v.item, v.value)))
}

/// Step 2 risks: `Some(true)` present, `Some(false)` absent, `None` open. Health data: no
/// `Debug`.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
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

/// The stratification of one result (階層化, 実施基準 第4条; 第4期 criteria from FY2024), with its
/// reasons. Health data: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
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
    /// The steps, when asked for (they quote the measured values).
    pub explanation: Option<Explanation>,
}

fn levels(ls: &[stratify::GuidanceLevel]) -> KenpoResult<Vec<GuidanceLevel>> {
    ls.iter().map(|l| GuidanceLevel::try_from(*l)).collect()
}

impl TryFrom<&stratify::Stratification> for Stratification {
    type Error = KenpoError;
    fn try_from(s: &stratify::Stratification) -> KenpoResult<Self> {
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
            explanation: explain::optional(&s.explanation),
        })
    }
}

/// The stratification of one person's result.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct StratifyCheckupRequest {
    /// The result.
    pub result: CheckupResult,
    /// 生年月日 (the age reached by the end of the checkup's fiscal year decides the 40–74
    /// band and the 65–74 cap on 積極的支援).
    pub birth_date: PlainDate,
    /// `true` to have the steps written out.
    pub explain: bool,
}

fn stratify_one(
    result: &CheckupResult,
    birth_date: PlainDate,
    explain: bool,
) -> KenpoResult<Stratification> {
    let r = result.to_domain().map_err(|e| e.within("result"))?;
    let s = stratify::stratify_person_with(&r, birth_date.0, explain::mode(explain))?;
    Stratification::try_from(&s)
}

/// Stratifies one 特定健診 result (階層化, 特定健康診査及び特定保健指導の実施に関する基準 第4条; 第4期
/// criteria from FY2024) into 積極的支援, 動機付け支援 or 情報提供.
///
/// # Errors
/// [`KenpoError::InvalidInput`] (`InvalidCheckup`, 270) for an implausible value (the field
/// names it, the detail gives the item's plausible range) or an item given twice;
/// [`KenpoError::Refused`] (300) for a person outside the 40–74 band in the checkup's fiscal
/// year, or a checkup before the 第4期 criteria.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn stratify_checkup(request: StratifyCheckupRequest) -> KenpoResult<Stratification> {
    stratify_one(&request.result, request.birth_date, request.explain)
}

/// A result with the person's birth date: one subject of [`stratify_checkups`].
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CheckupSubject {
    /// The result.
    pub result: CheckupResult,
    /// 生年月日.
    pub birth_date: PlainDate,
}

/// Many results stratified in one call.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct StratifyCheckupsRequest {
    /// The subjects.
    pub subjects: Vec<CheckupSubject>,
    /// `true` to have every stratification's steps written out (slower).
    pub explain: bool,
}

/// The stratifications of a batch, in input order (`None` where a subject was refused), and
/// the subjects refused.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct StratificationBatch {
    /// One answer per subject.
    pub stratifications: Vec<Option<Stratification>>,
    /// The subjects refused, with the field (`result.values[1].value`) and the rule.
    pub rejected: Vec<Rejection>,
}

/// [`stratify_checkup`] for many subjects, each answered on its own: a refused subject (an
/// implausible value, outside the 40–74 band) does not fail the others.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn stratify_checkups(request: StratifyCheckupsRequest) -> StratificationBatch {
    let (stratifications, rejected) = batch::run(&request.subjects, |s| {
        stratify_one(&s.result, s.birth_date, request.explain)
    });
    StratificationBatch {
        stratifications,
        rejected,
    }
}

/// A period of enrolment at the society (資格取得日 to 資格喪失日).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EnrolmentPeriod {
    /// 資格取得日 (被扶養者認定日 for a dependant): the first day enrolled.
    pub acquired_on: PlainDate,
    /// 資格喪失日: the first day no longer enrolled; `None` while enrolled.
    pub lost_on: Option<PlainDate>,
}

/// Whether a person is a 特定健診 target in a fiscal year.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CheckupTargetRequest {
    /// The fiscal year (年度: April of this year to March of the next).
    pub fiscal_year: i32,
    /// 生年月日.
    pub birth_date: PlainDate,
    /// The person's enrolment periods at the society.
    pub periods: Vec<EnrolmentPeriod>,
    /// The exclusions of 告示第3号 recorded for the person in the year.
    pub exclusions: Vec<CheckupExclusion>,
    /// `true` to have the steps written out.
    pub explain: bool,
}

/// Why a person is not a target.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum NotTargetReason {
    /// Under 40 by 31 March of the year.
    Under40,
    /// 75 or over on 1 April (already in 後期高齢者医療).
    Over74,
    /// Not enrolled on 1 April.
    NotEnrolledOnApril1,
    /// Enrolment broke or ended before the end of the target period.
    LeftDuringYear,
    /// An exclusion of 告示第3号 applies.
    Excluded {
        /// Which.
        exclusion: CheckupExclusion,
    },
    /// The birth date gives no age for the year.
    NoAge,
}

/// Whether a person is a target in a fiscal year, and why. Personal data (the age): no
/// `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CheckupTargetDecision {
    /// `true` for a target.
    pub target: bool,
    /// Why not, when not.
    pub reason: Option<NotTargetReason>,
    /// The age reached by 31 March of the year.
    pub age_in_fiscal_year: Option<i32>,
    /// The last day the person is a target (31 March, or the day before the 75th birthday).
    pub target_until: Option<PlainDate>,
    /// The steps, when asked for.
    pub explanation: Option<Explanation>,
}

fn not_target(reason: target::NotTarget) -> KenpoResult<NotTargetReason> {
    use target::NotTarget as N;
    Ok(match reason {
        N::Under40 => NotTargetReason::Under40,
        N::Over74 => NotTargetReason::Over74,
        N::NotEnrolledOnApril1 => NotTargetReason::NotEnrolledOnApril1,
        N::LeftDuringYear => NotTargetReason::LeftDuringYear,
        N::Excluded(x) => NotTargetReason::Excluded {
            exclusion: x.try_into()?,
        },
        N::NoAge => NotTargetReason::NoAge,
        _ => return Err(KenpoError::internal("a NotTarget unknown to kenpo-api")),
    })
}

fn age(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Whether a person is a 特定健診 target in a fiscal year (高齢者医療確保法 第20条; 実施基準 第1条;
/// 平成20年厚生労働省告示第3号): 40–74 by 31 March (75 until the day before the 75th birthday),
/// enrolled on 1 April without a break, no exclusion.
///
/// # Errors
/// [`KenpoError::InvalidInput`]: a fiscal year outside 1–9998 (`InvalidDate`), a period whose
/// loss is not after its acquisition (`InvalidCheckup`).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn checkup_target(request: CheckupTargetRequest) -> KenpoResult<CheckupTargetDecision> {
    if !(1..=9998).contains(&request.fiscal_year) {
        return Err(KenpoError::input(
            ResultCode::InvalidDate,
            "fiscal_year",
            "not a fiscal year within 1–9998",
        ));
    }
    let periods = request
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if p.lost_on.is_some_and(|l| l <= p.acquired_on) {
                return Err(KenpoError::input(
                    ResultCode::InvalidCheckup,
                    format!("periods[{i}].lost_on"),
                    "the day of loss must come after the day of acquisition",
                ));
            }
            Ok(EligibilityPeriod {
                acquired: p.acquired_on.0,
                lost: p.lost_on.map(|d| d.0),
                reason: None,
            })
        })
        .collect::<KenpoResult<Vec<_>>>()?;
    let exclusions: Vec<target::Exclusion> =
        request.exclusions.iter().map(|x| (*x).into()).collect();
    let d = target::is_target_with(
        FiscalYear::new(request.fiscal_year),
        request.birth_date.0,
        &periods,
        &exclusions,
        explain::mode(request.explain),
    );
    Ok(CheckupTargetDecision {
        target: d.target,
        reason: d.reason.map(not_target).transpose()?,
        age_in_fiscal_year: d.age_in_fiscal_year.map(age),
        target_until: d.target_until.map(PlainDate),
        explanation: explain::optional(&d.explanation),
    })
}

// ---- The national XML file ------------------------------------------------------------------

/// The person a checkup file names in its header (受診者情報), as written. Personal data: no
/// `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CheckupFileSubject {
    /// 保険者番号.
    pub insurer_number: Option<String>,
    /// 被保険者証等記号.
    pub symbol: Option<String>,
    /// 被保険者証等番号.
    pub number: Option<String>,
    /// 枝番.
    pub branch: Option<String>,
    /// 生年月日.
    pub birth_date: Option<PlainDate>,
}

/// An observation of the file that was present but not used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SkippedObservation {
    /// The 17-character 項目コード.
    pub code: String,
    /// Why it was not used.
    pub reason: SkipReason,
}

/// One 特定健診情報ファイル read: the result, the header's subject and every observation not
/// used. Health and personal data: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CheckupDocument {
    /// The result (date, sex, items, questionnaire answers).
    pub result: CheckupResult,
    /// The person, as the header identifies them.
    pub subject: CheckupFileSubject,
    /// Read items with no usable value (not measured, an out-of-range code only), in file
    /// order; items this library does not read are not listed.
    pub skipped: Vec<SkippedObservation>,
}

/// Reads one 特定健診情報ファイル (特定健診・特定保健指導の電子的な標準様式, HL7 CDA R2, UTF-8): the
/// result, the subject of its header and the observations not used.
///
/// # Errors
/// [`KenpoError::InvalidInput`] with code `InvalidCheckup` (270) and field `data`: bytes that
/// are not UTF-8, XML that is not well-formed (the byte position), a missing element, a value
/// that is not a number or outside its item's plausible range (the 項目コード, never the value).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn read_checkup_xml(data: Vec<u8>) -> KenpoResult<CheckupDocument> {
    read_checkup_bytes(&data)
}

/// [`read_checkup_xml`] on borrowed bytes (the C ABI's form: no copy of the file).
///
/// # Errors
/// As [`read_checkup_xml`].
pub fn read_checkup_bytes(data: &[u8]) -> KenpoResult<CheckupDocument> {
    let text = std::str::from_utf8(data).map_err(|e| {
        KenpoError::input(
            ResultCode::InvalidCheckup,
            "data",
            format!(
                "the checkup file is not UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ),
        )
    })?;
    let doc = xml::parse_checkup_xml(text)?;
    Ok(CheckupDocument {
        result: CheckupResult::try_from(&doc.result)?,
        subject: CheckupFileSubject {
            insurer_number: doc.subject.insurer_number.clone(),
            symbol: doc.subject.symbol.clone(),
            number: doc.subject.number.clone(),
            branch: doc.subject.branch.clone(),
            birth_date: doc.subject.birth.map(PlainDate),
        },
        skipped: doc
            .skipped
            .iter()
            .map(|s| {
                Ok(SkippedObservation {
                    code: s.code.clone(),
                    reason: s.reason.try_into()?,
                })
            })
            .collect::<KenpoResult<_>>()?,
    })
}

// ---- Target lists (E1/E2, F4, F5, D2) --------------------------------------------------------

/// One member's checkup result, as the society holds it. Personal and health data: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MemberCheckup {
    /// The member.
    pub member: MemberKey,
    /// 生年月日 (for the age; never copied into a list).
    pub birth_date: PlainDate,
    /// The result.
    pub result: CheckupResult,
}

/// The records of a list that can be taken, and a rejection for each of the others.
fn member_checkups(records: &[MemberCheckup]) -> (Vec<lists::MemberCheckup>, Vec<Rejection>) {
    let (taken, rejected) = batch::run(records, |r| {
        Ok(lists::MemberCheckup {
            member: r.member.to_domain("member")?,
            birth: r.birth_date.0,
            result: r.result.to_domain().map_err(|e| e.within("result"))?,
        })
    });
    (taken.into_iter().flatten().collect(), rejected)
}

/// The members' results a list is selected from.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct GuidanceCandidatesRequest {
    /// The latest result of each member.
    pub records: Vec<MemberCheckup>,
}

/// A guidance candidate (E1/E2): 積極的支援 or 動機付け支援.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct GuidanceCandidate {
    /// The member.
    pub member: MemberKey,
    /// The level.
    pub level: GuidanceLevel,
    /// 健診実施日.
    pub checkup_date: PlainDate,
    /// The checkup values the guidance company needs.
    pub values: Vec<CheckupValue>,
}

/// A member whose level the data leave open, with what could not be decided.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct UndecidedCandidate {
    /// The member.
    pub member: MemberKey,
    /// The stratification (its `undecided` criteria say what is missing).
    pub stratification: Stratification,
}

/// The E1/E2 list.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct GuidanceList {
    /// 積極的支援 and 動機付け支援, in member order.
    pub candidates: Vec<GuidanceCandidate>,
    /// Members whose level is open and could be a guidance level (to be completed, e.g. by
    /// asking the missing questionnaire answer).
    pub undecided: Vec<UndecidedCandidate>,
    /// Records refused (index into `records`, field, rule).
    pub rejected: Vec<Rejection>,
}

/// The guidance candidates (E1 guidance vendor, E2 risk report): members whose result
/// stratifies to 積極的支援 or 動機付け支援. A record that cannot be taken (a malformed key, an
/// implausible value) is reported in `rejected`; a result that cannot be stratified (outside
/// 40–74, before FY2024) is not a candidate.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn guidance_candidates(request: GuidanceCandidatesRequest) -> KenpoResult<GuidanceList> {
    let (records, rejected) = member_checkups(&request.records);
    let list = lists::guidance_candidates(&records);
    Ok(GuidanceList {
        candidates: list
            .candidates
            .iter()
            .map(|c| {
                Ok(GuidanceCandidate {
                    member: (&c.member).into(),
                    level: c.level.try_into()?,
                    checkup_date: PlainDate(c.checkup_date),
                    values: item_values(&c.values)?,
                })
            })
            .collect::<KenpoResult<_>>()?,
        undecided: list
            .undecided
            .iter()
            .map(|(m, s)| {
                Ok(UndecidedCandidate {
                    member: m.into(),
                    stratification: Stratification::try_from(s)?,
                })
            })
            .collect::<KenpoResult<_>>()?,
        rejected,
    })
}

/// The F4 list: members aged 65 and over on a reference date.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SeniorRiskReportRequest {
    /// The members' results.
    pub records: Vec<MemberCheckup>,
    /// The reference date of the age.
    pub on: PlainDate,
}

/// An F4 row: the **age**, never the birth date.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SeniorReportRow {
    /// The member.
    pub member: MemberKey,
    /// The age reached on the reference date.
    pub age: i32,
    /// 性別.
    pub sex: Sex,
    /// 健診実施日.
    pub checkup_date: PlainDate,
    /// The checkup values.
    pub values: Vec<CheckupValue>,
}

/// The F4 list.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SeniorRiskReport {
    /// The rows, in member order.
    pub rows: Vec<SeniorReportRow>,
    /// Records refused.
    pub rejected: Vec<Rejection>,
}

/// The F4 list (AI risk report): members aged 65 and over on `on` (年齢計算ニ関スル法律), with
/// their age and checkup values.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn senior_risk_report(request: SeniorRiskReportRequest) -> KenpoResult<SeniorRiskReport> {
    let (records, rejected) = member_checkups(&request.records);
    Ok(SeniorRiskReport {
        rows: lists::senior_risk_report(&records, request.on.0)
            .iter()
            .map(|r| {
                Ok(SeniorReportRow {
                    member: (&r.member).into(),
                    age: age(r.age),
                    sex: r.sex.try_into()?,
                    checkup_date: PlainDate(r.checkup_date),
                    values: item_values(&r.values)?,
                })
            })
            .collect::<KenpoResult<_>>()?,
        rejected,
    })
}

/// A diagnosis code on a receipt's 傷病名 record.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DiagnosisCode {
    /// ICD-10 (`"E119"`, `"E11.9"`).
    Icd10 {
        /// The code.
        code: String,
    },
    /// 傷病名コード (傷病名マスター, 7 digits), mapped through `disease_names`.
    DiseaseName {
        /// The code.
        code: String,
    },
}

/// One diagnosis of one member in one treatment month, from the receipts. Health data: no
/// `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Diagnosis {
    /// The member.
    pub member: MemberKey,
    /// 診療年月.
    pub month: PlainMonth,
    /// The diagnosis.
    pub code: DiagnosisCode,
}

/// A 傷病名コード and the ICD-10 code it maps to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DiseaseNameMapping {
    /// 傷病名コード (7 digits).
    pub code: String,
    /// ICD-10.
    pub icd10: String,
}

/// The F5 list: results at a 受診勧奨判定値 against the diagnoses of the last 12 months.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SevereCasePreventionRequest {
    /// The members' results.
    pub records: Vec<MemberCheckup>,
    /// The diagnoses on the receipts.
    pub diagnoses: Vec<Diagnosis>,
    /// The last treatment month of the 12-month window.
    pub last_month: PlainMonth,
    /// The 傷病名コード → ICD-10 mapping (codes not in it count as no diagnosis and are listed
    /// in `unmapped`).
    pub disease_names: Vec<DiseaseNameMapping>,
}

/// An F5 row.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SevereCaseRow {
    /// The member.
    pub member: MemberKey,
    /// Conditions at or beyond a 受診勧奨判定値 with no matching diagnosis in the window.
    pub conditions: Vec<Condition>,
    /// 健診実施日.
    pub checkup_date: PlainDate,
    /// The values of the items behind the conditions.
    pub values: Vec<CheckupValue>,
}

/// The F5 list.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SevereCaseList {
    /// The members to approach, in member order.
    pub rows: Vec<SevereCaseRow>,
    /// 傷病名コード in the window with no ICD-10 mapping (counted as no diagnosis).
    pub unmapped: Vec<String>,
    /// Records refused (index into `records`).
    pub rejected: Vec<Rejection>,
    /// Diagnoses refused (index into `diagnoses`).
    pub rejected_diagnoses: Vec<Rejection>,
}

/// The F5 severe-case prevention list (重症化予防): members whose result reaches a
/// 受診勧奨判定値 for diabetes, hypertension or dyslipidaemia and who have no diagnosis of that
/// condition (ICD-10 E10–E14, I10–I15, E78) on a receipt of the 12 months ending `last_month`.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn severe_case_prevention(request: SevereCasePreventionRequest) -> KenpoResult<SevereCaseList> {
    let (records, rejected) = member_checkups(&request.records);
    let (diagnoses, rejected_diagnoses) = batch::run(&request.diagnoses, |d| {
        Ok(lists::DiagnosisRow {
            member: d.member.to_domain("member")?,
            month: d.month.0,
            code: match &d.code {
                DiagnosisCode::Icd10 { code } => lists::DiagnosisCode::Icd10(code.clone()),
                DiagnosisCode::DiseaseName { code } => {
                    lists::DiagnosisCode::DiseaseName(code.clone())
                }
            },
        })
    });
    let diagnoses: Vec<_> = diagnoses.into_iter().flatten().collect();
    let names: BTreeMap<&str, &str> = request
        .disease_names
        .iter()
        .map(|m| (m.code.as_str(), m.icd10.as_str()))
        .collect();
    let list =
        lists::severe_case_prevention(&records, &diagnoses, request.last_month.0, &|code: &str| {
            names.get(code).map(|s| (*s).to_owned())
        });
    Ok(SevereCaseList {
        rows: list
            .rows
            .iter()
            .map(|r| {
                Ok(SevereCaseRow {
                    member: (&r.member).into(),
                    conditions: r
                        .conditions
                        .iter()
                        .map(|c| Condition::try_from(*c))
                        .collect::<KenpoResult<_>>()?,
                    checkup_date: PlainDate(r.checkup_date),
                    values: item_values(&r.values)?,
                })
            })
            .collect::<KenpoResult<_>>()?,
        unmapped: list.unmapped,
        rejected,
        rejected_diagnoses,
    })
}

/// Two results of one member to compare (D2).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct YearOnYearRequest {
    /// One result.
    pub first: CheckupResult,
    /// The other (the order does not matter: the earlier is `before`).
    pub second: CheckupResult,
}

/// One item compared across two checkups. Health data: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ItemChange {
    /// The item.
    pub item: CheckupItem,
    /// The earlier value, if measured (BMI computed from height and weight when not given).
    pub before: Option<Exact>,
    /// The later value, if measured.
    pub after: Option<Exact>,
    /// `after − before`, when both were measured.
    pub change: Option<Exact>,
    /// The earlier flag (items with judgement values).
    pub flag_before: Option<FlagLevel>,
    /// The later flag.
    pub flag_after: Option<FlagLevel>,
}

/// The year-on-year comparison of one member's results (D2).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Comparison {
    /// The earlier checkup date.
    pub before_date: PlainDate,
    /// The later checkup date.
    pub after_date: PlainDate,
    /// Every item measured in either, in item order.
    pub items: Vec<ItemChange>,
}

/// Compares two results of the same member item by item, with the 保健指導判定値 / 受診勧奨判定値
/// flag of each (D2, kept by the society's health section).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn year_on_year(request: YearOnYearRequest) -> KenpoResult<Comparison> {
    let a = request.first.to_domain().map_err(|e| e.within("first"))?;
    let b = request.second.to_domain().map_err(|e| e.within("second"))?;
    let c = lists::year_on_year(&a, &b);
    Ok(Comparison {
        before_date: PlainDate(c.before_date),
        after_date: PlainDate(c.after_date),
        items: c
            .items
            .iter()
            .map(|i| {
                Ok(ItemChange {
                    item: i.item.try_into()?,
                    before: i.before.map(Exact),
                    after: i.after.map(Exact),
                    change: i.change.map(Exact),
                    flag_before: i.flag_before.map(FlagLevel::try_from).transpose()?,
                    flag_after: i.flag_after.map(FlagLevel::try_from).transpose()?,
                })
            })
            .collect::<KenpoResult<_>>()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(hba1c: &str, smoking: bool) -> CheckupResult {
        let v = |item, value: &str| CheckupValue {
            item,
            value: value.parse().unwrap(),
        };
        CheckupResult {
            date: "2026-09-10".parse().unwrap(),
            sex: Sex::Female,
            values: vec![
                v(CheckupItem::Waist, "90.0"),
                v(CheckupItem::Hba1c, hba1c),
                v(CheckupItem::TriglyceridesFasting, "90"),
                v(CheckupItem::Hdl, "60"),
                v(CheckupItem::SystolicBp, "118"),
                v(CheckupItem::DiastolicBp, "72"),
            ],
            blood_draw: None,
            smoking: Some(smoking),
            medication: Medication {
                hypertension: Some(false),
                diabetes: Some(false),
                dyslipidaemia: Some(false),
            },
        }
    }

    fn error<T>(r: KenpoResult<T>) -> KenpoError {
        match r {
            Ok(_) => panic!("expected an error"),
            Err(e) => e,
        }
    }

    #[test]
    fn stratification_and_errors_without_values() {
        // The module example of kenpo_domain::checkup: glucose + smoking → 積極的支援.
        let born: PlainDate = "1974-06-01".parse().unwrap();
        let s = stratify_checkup(StratifyCheckupRequest {
            result: result("5.6", true),
            birth_date: born,
            explain: false,
        })
        .unwrap();
        assert_eq!(s.level, Some(GuidanceLevel::Active));
        assert!(s.explanation.is_none());
        let e = error(stratify_checkup(StratifyCheckupRequest {
            result: result("65", true),
            birth_date: born,
            explain: false,
        }));
        match &e {
            KenpoError::InvalidInput {
                code,
                field,
                detail,
            } => {
                assert_eq!(*code, 270);
                assert_eq!(field, "result.values[1].value");
                assert!(
                    detail.contains("HbA1c") && !detail.contains("65"),
                    "{detail}"
                );
            }
            other => panic!("{other:?}"),
        }
        let e = error(stratify_checkup(StratifyCheckupRequest {
            result: result("5.6", true),
            birth_date: "1996-06-01".parse().unwrap(),
            explain: false,
        }));
        assert_eq!(e.code(), ResultCode::RuleRefused);
        assert!(!e.to_string().contains("30"), "{e}");
    }
}
