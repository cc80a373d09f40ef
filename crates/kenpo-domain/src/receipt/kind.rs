//! Record kinds (レコード識別情報) and the receipt kind code (レセプト種別コード, 記録条件仕様 別表5).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A record kind (レコード識別情報): the two letters that open every record.
///
/// The kinds the reader types field by field are marked "typed"; the others are recognised
/// (so they are not "unknown") and kept whole as [`super::RawRecord`]s in the receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum RecordKind {
    /// IR 医療機関情報レコード (medical/dental/DPC file header). Typed.
    Ir,
    /// YK 薬局情報レコード (pharmacy file header, same layout as IR). Typed.
    Yk,
    /// RE レセプト共通レコード: opens a receipt. Typed.
    Re,
    /// HO 保険者レコード. Typed.
    Ho,
    /// KO 公費レコード. Typed.
    Ko,
    /// SN 資格確認レコード (online eligibility confirmation). Typed.
    Sn,
    /// JD 受診日等レコード. Typed.
    Jd,
    /// MF 窓口負担額レコード. Typed ([`super::WindowCharge`]).
    Mf,
    /// SY 傷病名レコード. Typed.
    Sy,
    /// SI 診療行為レコード. Typed.
    Si,
    /// IY 医薬品レコード. Typed (medical/DPC, dental and pharmacy layouts).
    Iy,
    /// TO 特定器材レコード. Typed (medical/DPC, dental and pharmacy layouts).
    To,
    /// CO コメントレコード. Typed.
    Co,
    /// SJ 症状詳記レコード. Typed.
    Sj,
    /// GO 診療報酬請求書レコード: closes the file. Typed.
    Go,
    /// GR 包括評価対象外理由レコード (medical). Typed.
    Gr,
    /// TI 臓器提供医療機関情報レコード. Kept raw.
    Ti,
    /// TR 臓器提供者レセプト情報レコード. Kept raw.
    Tr,
    /// TS 臓器提供者請求情報レコード. Kept raw.
    Ts,
    /// HS 傷病名部位レコード (dental). Typed.
    Hs,
    /// SS 歯科診療行為レコード (dental). Typed.
    Ss,
    /// SH 処方基本レコード (pharmacy). Typed.
    Sh,
    /// CZ 調剤情報レコード (pharmacy). Typed.
    Cz,
    /// BU 診断群分類レコード (DPC). Typed; marks the receipt as DPC.
    Bu,
    /// SB 傷病レコード (DPC). Typed.
    Sb,
    /// KK 患者基礎レコード (DPC). Typed.
    Kk,
    /// GA 外泊レコード (DPC). Typed.
    Ga,
    /// HH 包括評価レコード (DPC). Typed.
    Hh,
    /// GT 合計調整レコード (DPC). Typed.
    Gt,
    /// CD コーディングデータレコード (DPC). Typed.
    Cd,
    /// UK 受付情報レコード (dental file header). Typed.
    Uk,
    /// HM 訪問看護ステーション情報レコード (visiting-nursing file header). Recognised; the kind is not read (layout not confirmed).
    Hm,
    /// HI 返戻医療機関レコード (return file header). Typed.
    Hi,
    /// HG 返戻合計レコード (return file trailer, as GO). Typed.
    Hg,
    /// MN レセプト管理レコード (insurer files: opens each receipt). Typed.
    Mn,
    /// RC レコード管理情報レコード (insurer files). Typed.
    Rc,
    /// EX 審査運用レコード (insurer files). Typed.
    Ex,
    /// ON 資格確認運用レコード (insurer files). Kept as recorded (layout not found).
    On,
    /// JY 事由レコード (insurer files: a correction of the review). Typed and applied.
    Jy,
    /// HR 返戻理由レコード (return files). Typed.
    Hr,
    /// MD 再審査等申し出レコード (re-examination files). Typed.
    Md,
    /// RT 理由対象レコード (re-examination files). Typed.
    Rt,
    /// JR レセプト縦覧レコード (re-examination files). Typed.
    Jr,
    /// MK 再審査等申し出結果レコード (re-examination files). Typed.
    Mk,
    /// SK 診療関連レコード (DPC). Typed.
    Sk,
    /// TK 摘要欄レコード (pharmacy). Typed.
    Tk,
    /// KI 基本料・薬学管理料レコード (pharmacy). Kept as recorded (layout not found).
    Ki,
    /// ST 分割技術料レコード (pharmacy). Typed.
    St,
}

const ALL: [RecordKind; 48] = [
    RecordKind::Ir,
    RecordKind::Yk,
    RecordKind::Re,
    RecordKind::Ho,
    RecordKind::Ko,
    RecordKind::Sn,
    RecordKind::Jd,
    RecordKind::Mf,
    RecordKind::Sy,
    RecordKind::Si,
    RecordKind::Iy,
    RecordKind::To,
    RecordKind::Co,
    RecordKind::Sj,
    RecordKind::Go,
    RecordKind::Gr,
    RecordKind::Ti,
    RecordKind::Tr,
    RecordKind::Ts,
    RecordKind::Hs,
    RecordKind::Ss,
    RecordKind::Sh,
    RecordKind::Cz,
    RecordKind::Bu,
    RecordKind::Sb,
    RecordKind::Kk,
    RecordKind::Ga,
    RecordKind::Hh,
    RecordKind::Gt,
    RecordKind::Cd,
    RecordKind::Uk,
    RecordKind::Hm,
    RecordKind::Hi,
    RecordKind::Hg,
    RecordKind::Mn,
    RecordKind::Rc,
    RecordKind::Ex,
    RecordKind::On,
    RecordKind::Jy,
    RecordKind::Hr,
    RecordKind::Md,
    RecordKind::Rt,
    RecordKind::Jr,
    RecordKind::Mk,
    RecordKind::Sk,
    RecordKind::Tk,
    RecordKind::Ki,
    RecordKind::St,
];

impl RecordKind {
    /// The two-letter code (`"RE"`).
    pub const fn code(self) -> &'static str {
        match self {
            RecordKind::Ir => "IR",
            RecordKind::Yk => "YK",
            RecordKind::Re => "RE",
            RecordKind::Ho => "HO",
            RecordKind::Ko => "KO",
            RecordKind::Sn => "SN",
            RecordKind::Jd => "JD",
            RecordKind::Mf => "MF",
            RecordKind::Sy => "SY",
            RecordKind::Si => "SI",
            RecordKind::Iy => "IY",
            RecordKind::To => "TO",
            RecordKind::Co => "CO",
            RecordKind::Sj => "SJ",
            RecordKind::Go => "GO",
            RecordKind::Gr => "GR",
            RecordKind::Ti => "TI",
            RecordKind::Tr => "TR",
            RecordKind::Ts => "TS",
            RecordKind::Hs => "HS",
            RecordKind::Ss => "SS",
            RecordKind::Sh => "SH",
            RecordKind::Cz => "CZ",
            RecordKind::Bu => "BU",
            RecordKind::Sb => "SB",
            RecordKind::Kk => "KK",
            RecordKind::Ga => "GA",
            RecordKind::Hh => "HH",
            RecordKind::Gt => "GT",
            RecordKind::Cd => "CD",
            RecordKind::Uk => "UK",
            RecordKind::Hm => "HM",
            RecordKind::Hi => "HI",
            RecordKind::Hg => "HG",
            RecordKind::Mn => "MN",
            RecordKind::Rc => "RC",
            RecordKind::Ex => "EX",
            RecordKind::On => "ON",
            RecordKind::Jy => "JY",
            RecordKind::Hr => "HR",
            RecordKind::Md => "MD",
            RecordKind::Rt => "RT",
            RecordKind::Jr => "JR",
            RecordKind::Mk => "MK",
            RecordKind::Sk => "SK",
            RecordKind::Tk => "TK",
            RecordKind::Ki => "KI",
            RecordKind::St => "ST",
        }
    }

    /// The kind with code `code`, if the library knows it.
    pub fn from_code(code: &str) -> Option<RecordKind> {
        RecordKind::from_bytes(code.as_bytes())
    }

    /// The kind whose code is `code` (the raw bytes of a record's first field).
    pub fn from_bytes(code: &[u8]) -> Option<RecordKind> {
        // A direct match: this runs once per line.
        Some(match code {
            b"SI" => RecordKind::Si,
            b"IY" => RecordKind::Iy,
            b"CO" => RecordKind::Co,
            b"RE" => RecordKind::Re,
            b"HO" => RecordKind::Ho,
            b"KO" => RecordKind::Ko,
            b"SY" => RecordKind::Sy,
            b"TO" => RecordKind::To,
            b"SN" => RecordKind::Sn,
            b"JD" => RecordKind::Jd,
            b"MF" => RecordKind::Mf,
            b"SJ" => RecordKind::Sj,
            b"IR" => RecordKind::Ir,
            b"YK" => RecordKind::Yk,
            b"GO" => RecordKind::Go,
            b"GR" => RecordKind::Gr,
            b"TI" => RecordKind::Ti,
            b"TR" => RecordKind::Tr,
            b"TS" => RecordKind::Ts,
            b"HS" => RecordKind::Hs,
            b"SS" => RecordKind::Ss,
            b"SH" => RecordKind::Sh,
            b"CZ" => RecordKind::Cz,
            b"BU" => RecordKind::Bu,
            b"SB" => RecordKind::Sb,
            b"KK" => RecordKind::Kk,
            b"GA" => RecordKind::Ga,
            b"HH" => RecordKind::Hh,
            b"GT" => RecordKind::Gt,
            b"CD" => RecordKind::Cd,
            b"UK" => RecordKind::Uk,
            b"HM" => RecordKind::Hm,
            b"HI" => RecordKind::Hi,
            b"HG" => RecordKind::Hg,
            b"MN" => RecordKind::Mn,
            b"RC" => RecordKind::Rc,
            b"EX" => RecordKind::Ex,
            b"ON" => RecordKind::On,
            b"JY" => RecordKind::Jy,
            b"HR" => RecordKind::Hr,
            b"MD" => RecordKind::Md,
            b"RT" => RecordKind::Rt,
            b"JR" => RecordKind::Jr,
            b"MK" => RecordKind::Mk,
            b"SK" => RecordKind::Sk,
            b"TK" => RecordKind::Tk,
            b"KI" => RecordKind::Ki,
            b"ST" => RecordKind::St,
            _ => return None,
        })
    }

    /// Every kind the library knows.
    pub fn all() -> &'static [RecordKind] {
        &ALL
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Which score table (点数表) a receipt is claimed under: the first digit of the receipt kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ClaimBranch {
    /// 医科 (digit 1). DPC receipts are medical receipts with DPC records (see [`super::Receipt::is_dpc`]).
    Medical,
    /// 歯科 (digit 3).
    Dental,
    /// 調剤 (digit 4).
    Pharmacy,
    /// 訪問看護 (digit 6): recognised, not read (see [`ReceiptLayout::VisitingNursing`]).
    VisitingNursing,
}

/// The record layout a receipt is read and written in: the kind's 記録条件仕様.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReceiptLayout {
    /// 医科 (記録条件仕様 医科用, 令和4年4月版).
    #[default]
    Medical,
    /// DPC (記録条件仕様 DPC用): a medical receipt with the DPC RE and records.
    Dpc,
    /// 歯科 (記録条件仕様 歯科用).
    Dental,
    /// 調剤 (記録条件仕様 調剤用).
    Pharmacy,
    /// 訪問看護 (記録条件仕様 訪問看護用): recognised, not read. Its layout is known from one
    /// unverified third-party implementation only, four of its records not at all, and where
    /// its GO record goes is disputed; receipts of this kind are rejected with
    /// [`super::Problem::UnsupportedLayout`].
    VisitingNursing,
}

impl ReceiptLayout {
    /// Every layout.
    pub const ALL: [ReceiptLayout; 5] = [
        ReceiptLayout::Medical,
        ReceiptLayout::Dpc,
        ReceiptLayout::Dental,
        ReceiptLayout::Pharmacy,
        ReceiptLayout::VisitingNursing,
    ];

    /// The Japanese name (医科, DPC, 歯科, 調剤, 訪問看護).
    pub const fn name_ja(self) -> &'static str {
        match self {
            ReceiptLayout::Medical => "医科",
            ReceiptLayout::Dpc => "DPC",
            ReceiptLayout::Dental => "歯科",
            ReceiptLayout::Pharmacy => "調剤",
            ReceiptLayout::VisitingNursing => "訪問看護",
        }
    }

    /// A short English id (`medical`, `dpc`, `dental`, `pharmacy`, `visiting_nursing`).
    pub const fn id(self) -> &'static str {
        match self {
            ReceiptLayout::Medical => "medical",
            ReceiptLayout::Dpc => "dpc",
            ReceiptLayout::Dental => "dental",
            ReceiptLayout::Pharmacy => "pharmacy",
            ReceiptLayout::VisitingNursing => "visiting_nursing",
        }
    }
}

impl fmt::Display for ReceiptLayout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The scheme that pays (second digit of the receipt kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Scheme {
    /// 医保 (health insurance: 社保・国保), digit 1.
    HealthInsurance,
    /// 公費単独 (public funds alone), digit 2.
    PublicFundOnly,
    /// 後期高齢者 (late-stage elderly), digit 3.
    LateElderly,
    /// 退職者医療 (retiree medical care, historical), digit 4.
    Retiree,
}

/// The patient category (fourth digit of the receipt kind, with the setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PatientCategory {
    /// 本人 (the insured person): 1 inpatient, 2 outpatient.
    Insured,
    /// 未就学者 (pre-school child): 3 / 4.
    Preschool,
    /// 家族 (dependent): 5 / 6.
    Dependent,
    /// 高齢受給者 一般・低所得者 (aged 70–74, general or low income): 7 / 8.
    Elderly70General,
    /// 高齢受給者 7割 (aged 70–74 with income like the working generation, 現役並み): 9 / 0.
    Elderly70Working,
    /// No category: public funds alone (公費単独).
    NotApplicable,
}

/// Inpatient or outpatient (入院 / 入院外).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    /// 入院.
    Inpatient,
    /// 入院外 (pharmacy receipts are always outpatient).
    Outpatient,
}

/// A decoded receipt kind code (レセプト種別コード, 記録条件仕様 別表5), e.g. `1112` =
/// 医科・医保単独・本人・入院外.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ReceiptKind {
    code: u16,
    branch: ClaimBranch,
    scheme: Scheme,
    payers: u8,
    category: PatientCategory,
    setting: Setting,
}

/// A receipt kind code that is not in 別表5.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("receipt kind code {code:?} is not in 別表5 of the 記録条件仕様")]
pub struct ReceiptKindError {
    /// The code given.
    pub code: String,
}

impl ReceiptKind {
    /// Decodes a 4-digit receipt kind code.
    pub fn from_code(code: &str) -> Result<ReceiptKind, ReceiptKindError> {
        let err = || ReceiptKindError {
            code: code.chars().take(8).collect(),
        };
        let b = code.as_bytes();
        if b.len() != 4 || !b.iter().all(u8::is_ascii_digit) {
            return Err(err());
        }
        let d = |i: usize| b.get(i).map_or(0, |c| c - b'0');
        let branch = match d(0) {
            1 => ClaimBranch::Medical,
            3 => ClaimBranch::Dental,
            4 => ClaimBranch::Pharmacy,
            6 => ClaimBranch::VisitingNursing,
            _ => return Err(err()),
        };
        let scheme = match d(1) {
            1 => Scheme::HealthInsurance,
            2 => Scheme::PublicFundOnly,
            3 => Scheme::LateElderly,
            4 => Scheme::Retiree,
            _ => return Err(err()),
        };
        let payers = d(2);
        let max_payers = if scheme == Scheme::PublicFundOnly {
            4
        } else {
            5
        };
        if payers == 0 || payers > max_payers {
            return Err(err());
        }
        let last = d(3);
        let setting = if last % 2 == 1 {
            Setting::Inpatient
        } else {
            Setting::Outpatient
        };
        let category = match (scheme, last) {
            (Scheme::PublicFundOnly, 1 | 2) => PatientCategory::NotApplicable,
            (Scheme::PublicFundOnly, _) => return Err(err()),
            (Scheme::LateElderly, 7 | 8) => PatientCategory::Elderly70General,
            (Scheme::LateElderly, 9 | 0) => PatientCategory::Elderly70Working,
            (Scheme::LateElderly, _) => return Err(err()),
            (_, 1 | 2) => PatientCategory::Insured,
            (_, 3 | 4) => PatientCategory::Preschool,
            (_, 5 | 6) => PatientCategory::Dependent,
            (_, 7 | 8) => PatientCategory::Elderly70General,
            _ => PatientCategory::Elderly70Working,
        };
        if matches!(branch, ClaimBranch::Pharmacy | ClaimBranch::VisitingNursing)
            && setting == Setting::Inpatient
        {
            return Err(err());
        }
        let code = u16::from(d(0)) * 1000
            + u16::from(d(1)) * 100
            + u16::from(payers) * 10
            + u16::from(last);
        Ok(ReceiptKind {
            code,
            branch,
            scheme,
            payers,
            category,
            setting,
        })
    }

    /// The 4-digit code (`"1112"`).
    pub fn code(self) -> String {
        format!("{:04}", self.code)
    }

    /// 医科 / 歯科 / 調剤 / 訪問看護.
    pub fn branch(self) -> ClaimBranch {
        self.branch
    }

    /// The paying scheme.
    pub fn scheme(self) -> Scheme {
        self.scheme
    }

    /// How many payers the receipt combines (third digit): for health insurance 1 = alone,
    /// 2 = with one public fund, …; for public funds alone, the number of funds.
    pub fn payers(self) -> u8 {
        self.payers
    }

    /// The number of public funds (公費) combined.
    pub fn public_funds(self) -> u8 {
        match self.scheme {
            Scheme::PublicFundOnly => self.payers,
            _ => self.payers.saturating_sub(1),
        }
    }

    /// The patient category.
    pub fn category(self) -> PatientCategory {
        self.category
    }

    /// Inpatient or outpatient.
    pub fn setting(self) -> Setting {
        self.setting
    }

    /// The same kind with another patient category (used to build the kind a re-examination
    /// request says the receipt should have had). `None` when the combination does not exist.
    pub fn with_category(self, category: PatientCategory) -> Option<ReceiptKind> {
        let base = match category {
            PatientCategory::Insured => 1,
            PatientCategory::Preschool => 3,
            PatientCategory::Dependent => 5,
            PatientCategory::Elderly70General => 7,
            PatientCategory::Elderly70Working => 9,
            PatientCategory::NotApplicable => 1,
        };
        let last = match (self.setting, base) {
            (Setting::Inpatient, b) => b,
            (Setting::Outpatient, 9) => 0,
            (Setting::Outpatient, b) => b + 1,
        };
        ReceiptKind::from_code(&format!("{:03}{}", self.code / 10, last)).ok()
    }
}

impl fmt::Display for ReceiptKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.code)
    }
}

impl TryFrom<String> for ReceiptKind {
    type Error = ReceiptKindError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        ReceiptKind::from_code(&value)
    }
}

impl From<ReceiptKind> for String {
    fn from(value: ReceiptKind) -> Self {
        value.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_examples_of_the_format_notes() {
        // 1112 = 医科・医保単独・本人・入院外; 1116 = the same for a dependent (別表5).
        let k = ReceiptKind::from_code("1112").unwrap();
        assert_eq!(k.branch(), ClaimBranch::Medical);
        assert_eq!(k.scheme(), Scheme::HealthInsurance);
        assert_eq!(k.public_funds(), 0);
        assert_eq!(k.category(), PatientCategory::Insured);
        assert_eq!(k.setting(), Setting::Outpatient);
        let k = ReceiptKind::from_code("1116").unwrap();
        assert_eq!(k.category(), PatientCategory::Dependent);
        let k = ReceiptKind::from_code("1124").unwrap();
        assert_eq!(
            (k.public_funds(), k.category()),
            (1, PatientCategory::Preschool)
        );
        let k = ReceiptKind::from_code("1110").unwrap();
        assert_eq!(k.category(), PatientCategory::Elderly70Working);
        assert_eq!(k.setting(), Setting::Outpatient);
        let k = ReceiptKind::from_code("1212").unwrap();
        assert_eq!((k.scheme(), k.public_funds()), (Scheme::PublicFundOnly, 1));
        assert_eq!(
            ReceiptKind::from_code("4116").unwrap().branch(),
            ClaimBranch::Pharmacy
        );
        assert_eq!(
            ReceiptKind::from_code("3111").unwrap().setting(),
            Setting::Inpatient
        );
    }

    #[test]
    fn rejects_codes_outside_the_table() {
        for bad in [
            "2112", "1512", "1162", "1102", "1215", "4111", "6111", "111", "11121", "1x12", "1311",
        ] {
            assert!(ReceiptKind::from_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn swaps_category() {
        let k = ReceiptKind::from_code("1122").unwrap();
        assert_eq!(
            k.with_category(PatientCategory::Dependent).unwrap().code(),
            "1126"
        );
        let k = ReceiptKind::from_code("1115").unwrap();
        assert_eq!(
            k.with_category(PatientCategory::Elderly70Working)
                .unwrap()
                .code(),
            "1119"
        );
        assert_eq!(RecordKind::from_code("SI"), Some(RecordKind::Si));
        assert_eq!(RecordKind::from_code("ZZ"), None);
        for k in RecordKind::all() {
            assert_eq!(RecordKind::from_code(k.code()), Some(*k));
        }
    }
}
