//! The typed receipt model: one [`Receipt`] per RE record with everything that follows it up to
//! the next RE (or GO).

use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::dental::DentalDetail;
use super::dpc::DpcDetail;
use super::fund::FundRecords;
use super::kind::{ClaimBranch, ReceiptKind, ReceiptLayout, RecordKind};
use super::pharmacy::PharmacyDetail;
use super::record::{Code, DateForm, Digits, PersonalText, Rest};
use crate::calendar::YearMonth;
use crate::identifiers::{
    BranchNumber, InstitutionCode, InsuredNumber, InsuredSymbol, InsurerNumber,
};
use crate::money::Yen;
use crate::person::{KanaName, PersonName, Sex};

/// Yen per point (1点単価 10円): 診療報酬の算定方法 (平成20年厚生労働省告示第59号) 第1号ただし書
/// ("1点の単価は10円とし"), in force throughout; it applies to the medical, dental and
/// pharmacy score tables alike. Special unit prices (RE 割引点数単価) are not applied.
pub const YEN_PER_POINT: i64 = 10;

/// A number of points (点数) of the score tables (診療報酬点数表).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Points(i64);

impl Points {
    /// Zero points.
    pub const ZERO: Points = Points(0);

    /// `points` points.
    pub const fn new(points: i64) -> Points {
        Points(points)
    }

    /// The number of points.
    pub const fn get(self) -> i64 {
        self.0
    }

    /// The amount in yen at [`YEN_PER_POINT`] (10割, the full cost).
    pub fn to_yen(self) -> Yen {
        Yen::new(self.0).times(YEN_PER_POINT)
    }

    /// Saturating sum.
    pub fn saturating_add(self, other: Points) -> Points {
        Points(self.0.saturating_add(other.0))
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}点", self.0)
    }
}

/// Where a receipt is in its file: the line of its RE record and its one-based index among the
/// file's receipts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ReceiptPosition {
    /// One-based line number of the RE record.
    pub line: u64,
    /// One-based index of the receipt in the file.
    pub index: u64,
}

/// The institution record that heads a file or a receipt: IR 医療機関情報 (medical, DPC; the
/// dental layout when its 点数表 is 3), YK 薬局情報 (pharmacy), UK 受付情報 (dental files), HI
/// 返戻医療機関 (return files).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileHeader {
    /// The record kind (IR or YK).
    pub kind: RecordKind,
    /// 審査支払機関 (1 社会保険診療報酬支払基金, 2 国民健康保険団体連合会).
    pub review_body: u8,
    /// The institution code (都道府県 2 + 点数表 1 + 医療機関コード 7), when it is valid
    /// (check digit included; test files such as the public sample carry dummy codes).
    pub institution: Option<InstitutionCode>,
    /// The 10 digits as recorded (都道府県 + 点数表 + 医療機関コード), valid or not.
    pub institution_recorded: String,
    /// 医療機関名称 (the institution's name; not personal data).
    pub name: String,
    /// 請求年月 (the claim month).
    pub claim_month: YearMonth,
    /// マルチボリューム識別情報 (volume id; "00" for a single volume, "99" for the last).
    pub volume: String,
    /// 電話番号.
    pub phone: String,
    /// 届出 (施設基準届出コード: the dental UK and IR records).
    pub notifications: Option<String>,
    /// The form of the file's dates, which the writer keeps (和暦 in files before the 令和2年
    /// editions).
    pub date_form: DateForm,
}

/// The closing record (GO 診療報酬請求書レコード): what the file says it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimSummary {
    /// 総件数: the payer records declared, one per HO and one per KO of each receipt (so a
    /// receipt with health insurance and one public fund counts 2), not the number of
    /// receipts (記録条件仕様, GO 総件数). The field keeps its first name for compatibility.
    pub receipts: u64,
    /// 総合計点数 (points declared).
    pub points: Points,
    /// マルチボリューム識別情報.
    pub volume: String,
}

/// The patient as the RE record gives them. Personal data: `Debug` redacts it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Patient {
    /// 氏名.
    pub name: PersonName,
    /// カタカナ氏名 (recorded from the 令和2年 edition on).
    pub kana: Option<KanaName>,
    /// 男女区分.
    pub sex: Sex,
    /// 生年月日.
    pub birth_date: NaiveDate,
}

impl fmt::Debug for Patient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Patient(<redacted>)")
    }
}

/// The health insurance part (HO 保険者レコード). `Debug` redacts the symbol and number.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsurancePart {
    /// 保険者番号.
    pub insurer: InsurerNumber,
    /// 被保険者証等の記号 (normalised to half-width).
    pub symbol: Option<InsuredSymbol>,
    /// 被保険者証等の番号 (normalised to half-width).
    pub number: Option<InsuredNumber>,
    /// 診療実日数 (days of treatment).
    pub days: u16,
    /// 合計点数 (total points).
    pub points: Points,
    /// 食事療養・生活療養 回数.
    pub meal_count: Option<u16>,
    /// 食事療養・生活療養 合計金額 (yen).
    pub meal_yen: Option<Yen>,
    /// 職務上の事由 (code).
    pub occupational: Option<u8>,
    /// 負担金額 医療保険 (the patient charge under the insurance, yen).
    pub patient_charge: Option<Yen>,
    /// 減免区分 (code).
    pub reduction_class: Option<u8>,
    /// 減額割合 (percent).
    pub reduction_rate: Option<u16>,
    /// 減額金額 (yen).
    pub reduction_yen: Option<Yen>,
}

impl fmt::Debug for InsurancePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InsurancePart")
            .field("insurer", &self.insurer.as_str())
            .field("symbol", &"<redacted>")
            .field("number", &"<redacted>")
            .field("days", &self.days)
            .field("points", &self.points)
            .field("patient_charge", &self.patient_charge)
            .finish_non_exhaustive()
    }
}

/// 公費負担者番号 (public-fund payer number): 8 digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PublicPayerNumber(String);

impl PublicPayerNumber {
    /// Validates 8 ASCII digits (full-width digits are normalised).
    pub fn new(text: &str) -> Option<PublicPayerNumber> {
        let t = super::fields::half_width(text.trim());
        (t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| PublicPayerNumber(t.into_owned()))
    }

    /// The 8 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// 法別番号 (the law number, first two digits: 12 生活保護, 54 難病, 80–89 local subsidies…).
    pub fn law_number(&self) -> &str {
        self.0.get(..2).unwrap_or("")
    }
}

impl TryFrom<String> for PublicPayerNumber {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PublicPayerNumber::new(&value)
            .ok_or_else(|| "not an 8-digit public payer number".to_owned())
    }
}

impl From<PublicPayerNumber> for String {
    fn from(value: PublicPayerNumber) -> Self {
        value.0
    }
}

/// 公費受給者番号 (public-fund recipient number, 7 digits): personal data, `Debug` redacted.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RecipientNumber(String);

impl RecipientNumber {
    /// Validates up to 7 ASCII digits (full-width digits are normalised).
    pub fn new(text: &str) -> Option<RecipientNumber> {
        let t = super::fields::half_width(text.trim());
        (!t.is_empty() && t.len() <= 7 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| RecipientNumber(t.into_owned()))
    }

    /// The digits. Reading them is a use of personal data.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for RecipientNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecipientNumber(<redacted>)")
    }
}

impl TryFrom<String> for RecipientNumber {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        RecipientNumber::new(&value).ok_or_else(|| "not a recipient number".to_owned())
    }
}

impl From<RecipientNumber> for String {
    fn from(value: RecipientNumber) -> Self {
        value.0
    }
}

/// A public-fund part (KO 公費レコード), in the order of the records (第1公費, 第2公費, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicFundPart {
    /// 公費負担者番号.
    pub payer: PublicPayerNumber,
    /// 公費受給者番号.
    pub recipient: Option<RecipientNumber>,
    /// 任意給付区分.
    pub optional_benefit: Option<u8>,
    /// 診療実日数.
    pub days: u16,
    /// 合計点数.
    pub points: Points,
    /// 負担金額 公費 (yen).
    pub charge: Option<Yen>,
    /// 公費給付対象外来一部負担金 (yen).
    pub outpatient_copay: Option<Yen>,
    /// 公費給付対象入院一部負担金 (yen).
    pub inpatient_copay: Option<Yen>,
    /// 食事療養・生活療養 回数.
    pub meal_count: Option<u16>,
    /// 食事療養・生活療養 合計金額 (yen).
    pub meal_yen: Option<Yen>,
}

/// An eligibility confirmation (SN 資格確認レコード). `Debug` redacts the identifiers.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EligibilityConfirmation {
    /// 負担者種別 (1 医療保険, 2 第1公費, …).
    pub payer_kind: u8,
    /// 確認区分 (two-digit code, e.g. 01 オンライン資格確認; written back with two digits).
    pub confirmation: u8,
    /// 保険者番号等 (資格確認), as recorded.
    pub payer: Option<String>,
    /// 記号 (資格確認).
    pub symbol: Option<InsuredSymbol>,
    /// 番号 (資格確認).
    pub number: Option<InsuredNumber>,
    /// 枝番.
    pub branch: Option<BranchNumber>,
    /// 受給者番号.
    pub recipient: Option<RecipientNumber>,
}

impl fmt::Debug for EligibilityConfirmation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EligibilityConfirmation")
            .field("payer_kind", &self.payer_kind)
            .field("confirmation", &self.confirmation)
            .finish_non_exhaustive()
    }
}

/// Visit days (JD 受診日等レコード): for one payer, a code per day of the month (0 = none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitDays {
    /// 負担者種別.
    pub payer_kind: u8,
    /// Day 1 … day 31: the 受診日等区分 code recorded for that day, 0 when empty.
    pub days: [u8; 31],
}

/// 転帰区分 (outcome of a diagnosis, 記録条件仕様 別表 転帰区分コード).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Outcome {
    /// 1: continuing (治ゆ、死亡、中止以外).
    Continuing,
    /// 2: cured (治ゆ).
    Cured,
    /// 3: died (死亡).
    Died,
    /// 4: stopped or transferred (中止・転医).
    Stopped,
}

impl Outcome {
    /// The code 1–4.
    pub const fn code(self) -> u8 {
        match self {
            Outcome::Continuing => 1,
            Outcome::Cured => 2,
            Outcome::Died => 3,
            Outcome::Stopped => 4,
        }
    }

    /// The outcome of code `code`.
    pub fn from_code(code: u64) -> Option<Outcome> {
        match code {
            1 => Some(Outcome::Continuing),
            2 => Some(Outcome::Cured),
            3 => Some(Outcome::Died),
            4 => Some(Outcome::Stopped),
            _ => None,
        }
    }
}

/// The diagnosis code for a diagnosis not in the master, whose name is given as text (未コード化傷病名).
pub const UNCODED_DIAGNOSIS: u32 = 999;

/// A diagnosis (SY 傷病名レコード).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnosis {
    /// 傷病名コード (7 digits; [`UNCODED_DIAGNOSIS`] = 0000999 when given as text).
    pub code: u32,
    /// 診療開始日.
    pub start: NaiveDate,
    /// 転帰区分.
    pub outcome: Outcome,
    /// 修飾語コード (4-digit codes, concatenated as recorded).
    pub modifiers: String,
    /// 傷病名称 (the name, for an uncoded diagnosis).
    pub name: Option<String>,
    /// 主傷病 (code "01" = main diagnosis).
    pub main: bool,
    /// 補足コメント.
    pub comment: Option<String>,
}

/// What a line item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ItemKind {
    /// SI 診療行為 (procedure).
    Procedure,
    /// IY 医薬品 (drug).
    Drug,
    /// TO 特定器材 (device).
    Device,
    /// CO コメント (comment).
    Comment,
}

impl ItemKind {
    /// The record kind of the item.
    pub const fn record(self) -> RecordKind {
        match self {
            ItemKind::Procedure => RecordKind::Si,
            ItemKind::Drug => RecordKind::Iy,
            ItemKind::Device => RecordKind::To,
            ItemKind::Comment => RecordKind::Co,
        }
    }
}

/// A comment attached to an SI/IY/TO line (コメントコード + 文字データ).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemComment {
    /// コメントコード (9 digits).
    pub code: u32,
    /// 文字データ.
    pub text: Option<String>,
}

/// Device details of a TO line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceDetail {
    /// 単位コード.
    pub unit_code: Option<u16>,
    /// 単価 (yen, may have decimals).
    pub unit_price: Option<Decimal>,
    /// 商品名及び規格又はサイズ.
    pub product_name: Option<String>,
}

/// One line of the receipt body (摘要): a procedure, drug, device or comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineItem {
    /// What the line is.
    pub kind: ItemKind,
    /// 診療識別 (service class, e.g. 11 初診, 12 再診, 21 内服, 50 手術, 60 検査), resolved: a
    /// line whose field is empty continues the previous line's class.
    pub service_class: u8,
    /// `true` when the class field was empty in the file (continuing the previous line's).
    pub class_continued: bool,
    /// 負担区分 (which payers bear the line: "1" 医保, "2" 第1公費, "5" 医保+第1公費, …).
    pub payer_class: char,
    /// The 9-digit code (診療行為コード, 医薬品コード, 特定器材コード or コメントコード).
    pub code: u32,
    /// 数量データ / 使用量 (quantity).
    pub quantity: Option<Decimal>,
    /// 点数 (points of the line or of the group it closes; empty on the other lines of a group).
    pub points: Option<Points>,
    /// 回数 (times).
    pub times: u16,
    /// Comments on the line (up to 3).
    pub comments: Vec<ItemComment>,
    /// 算定日情報: how many times on each day of the month (index 0 = day 1).
    pub days: [u8; 31],
    /// Device details (TO only).
    pub device: Option<Box<DeviceDetail>>,
    /// 文字データ (CO only).
    pub text: Option<String>,
}

/// A symptom note (SJ 症状詳記レコード).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SymptomNote {
    /// 症状詳記区分 (two-digit code).
    pub class: String,
    /// 症状詳記データ (free text).
    pub text: String,
}

/// A record kept whole, never dropped: a kind the library recognises but does not type (the
/// organ-donor block TI, TR, TS), a line of an insurer file kept as it stands (a history-block
/// line, or a fund's line no correction refers to: [`super::fund::PrefixedLine`]), or, with
/// [`super::UnknownKinds::KeepRaw`], a kind the library does not know. (The pharmacy KI and the
/// fund's ON, whose layouts were not found, are typed records keeping their fields as recorded.)
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawRecord {
    /// The record kind as written.
    pub kind: String,
    /// One-based line number.
    pub line: u64,
    /// The fields after the kind, as decoded.
    pub fields: Vec<String>,
}

impl fmt::Debug for RawRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Raw fields may hold personal data: show only the shape.
        write!(
            f,
            "RawRecord({} at line {}, {} fields)",
            self.kind,
            self.line,
            self.fields.len()
        )
    }
}

/// One receipt (レセプト): the RE record and everything up to the next RE or GO.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// Where it is in its file.
    pub position: ReceiptPosition,
    /// The institution (from the last IR/YK before it), when its code is valid.
    pub institution: Option<InstitutionCode>,
    /// The institution's 10 digits as recorded, valid or not (what grouping uses).
    pub institution_recorded: Arc<str>,
    /// レセプト番号 (the institution's serial number of the receipt).
    pub number: u32,
    /// レセプト種別.
    pub kind: ReceiptKind,
    /// 診療年月 (service month; 調剤年月 for pharmacy).
    pub service_month: YearMonth,
    /// The patient.
    pub patient: Patient,
    /// 給付割合 (recorded only in special cases).
    pub benefit_ratio: Option<u8>,
    /// 入院年月日.
    pub admission_date: Option<NaiveDate>,
    /// 一部負担金・食事療養費・生活療養費標準負担額区分 (code).
    pub charge_class: Option<u8>,
    /// レセプト特記事項 (up to five 2-digit codes, concatenated as recorded).
    pub special_notes: String,
    /// The health insurance part (absent on 公費単独 receipts).
    pub insurance: Option<InsurancePart>,
    /// The public-fund parts, in order.
    pub public_funds: Vec<PublicFundPart>,
    /// Eligibility confirmations (SN).
    pub confirmations: Vec<EligibilityConfirmation>,
    /// Visit days (JD).
    pub visit_days: Vec<VisitDays>,
    /// Diagnoses (SY).
    pub diagnoses: Vec<Diagnosis>,
    /// Line items (SI, IY, TO, CO), in file order.
    pub items: Vec<LineItem>,
    /// Symptom notes (SJ).
    pub notes: Vec<SymptomNote>,
    /// Records kept whole: the organ-donor block (TI, TR, TS) and, with
    /// [`super::UnknownKinds::KeepRaw`], record kinds the library does not know, in file order.
    pub raw_records: Vec<RawRecord>,
    /// The other fields of RE and HO, MF and GR, and the records of the receipt's kind (DPC,
    /// 歯科, 調剤).
    pub details: ReceiptDetails,
    /// The payment fund's records (insurer files, returns, re-examination), when there are any.
    pub fund: Option<Box<FundRecords>>,
}

/// One 診療科 of an RE record (診療科名, 人体の部位等, 性別等, 医学的処置, 特定疾病; 別表10–14).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Department {
    /// 診療科名.
    pub name: Option<Digits>,
    /// 人体の部位等.
    pub body_part: Option<Digits>,
    /// 性別等.
    pub sex: Option<Digits>,
    /// 医学的処置.
    pub treatment: Option<Digits>,
    /// 特定疾病.
    pub disease: Option<Digits>,
}

/// MF 窓口負担額レコード (same layout in every kind).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowCharge {
    /// 窓口負担額区分 (00 no 高額療養費 in kind, 01 in kind, 02 in kind and 多数回).
    pub class: Digits,
    /// 予備1–31, as recorded.
    pub reserved: Rest,
}

/// GR 包括評価対象外理由レコード.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutsideBundleReason {
    /// 医科点数表算定理由 (別表17).
    pub reason: Digits,
    /// ＤＰＣコード.
    pub dpc_code: Option<Code>,
}

/// The fields of RE and HO that the first typed model left out, MF and GR, and the records of
/// the receipt's kind. `Debug` leaves out the chart number.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptDetails {
    /// The institution record written at the head of this receipt: the IR of each receipt of
    /// dental and return files, the IR/YK inside each receipt of the insurer files.
    pub head: Option<Box<FileHeader>>,
    /// 病棟区分 (up to 4 two-character codes, concatenated).
    pub ward: Option<Code>,
    /// 病床数 (medical RE).
    pub beds: Option<u16>,
    /// カルテ番号等 (調剤録番号等 on pharmacy receipts): the institution's own patient number.
    pub chart_number: Option<PersonalText>,
    /// 割引点数単価 (medical and DPC RE).
    pub discount_unit_price: Option<u8>,
    /// 検索番号: the payment fund's number of the receipt (empty on a first claim; set on
    /// returned and re-claimed receipts).
    pub search_number: Option<Digits>,
    /// 請求情報 (the institution's own data; 請求情報2 on dental receipts).
    pub claim_info: Option<String>,
    /// 診療科 (three on medical receipts, one on DPC; trailing empty ones not kept).
    pub departments: Vec<Department>,
    /// 患者の状態 (3-digit codes, concatenated).
    pub patient_state: Option<Digits>,
    /// HO 証明書番号.
    pub certificate_number: Option<Digits>,
    /// MF records.
    pub window_charges: Vec<WindowCharge>,
    /// GR records.
    pub outside_bundle: Vec<OutsideBundleReason>,
    /// The DPC records (a DPC receipt).
    pub dpc: Option<Box<DpcDetail>>,
    /// The dental records (a 歯科 receipt).
    pub dental: Option<Box<DentalDetail>>,
    /// The pharmacy records (a 調剤 receipt).
    pub pharmacy: Option<Box<PharmacyDetail>>,
}

impl fmt::Debug for ReceiptDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceiptDetails")
            .field("search_number", &self.search_number)
            .field("beds", &self.beds)
            .field("dpc", &self.dpc.is_some())
            .field("dental", &self.dental.is_some())
            .field("pharmacy", &self.pharmacy.is_some())
            .finish_non_exhaustive()
    }
}

impl Receipt {
    /// 医科 / 歯科 / 調剤.
    pub fn branch(&self) -> ClaimBranch {
        self.kind.branch()
    }

    /// `true` for a DPC (包括評価) receipt: a medical receipt with the DPC layout or records.
    pub fn is_dpc(&self) -> bool {
        self.details.dpc.is_some()
    }

    /// The layout the receipt was read in (医科, DPC, 歯科, 調剤).
    pub fn layout(&self) -> ReceiptLayout {
        match self.branch() {
            ClaimBranch::Dental => ReceiptLayout::Dental,
            ClaimBranch::Pharmacy => ReceiptLayout::Pharmacy,
            ClaimBranch::VisitingNursing => ReceiptLayout::VisitingNursing,
            _ if self.is_dpc() => ReceiptLayout::Dpc,
            _ => ReceiptLayout::Medical,
        }
    }

    /// The receipt's total points: HO's, or the first KO's on a 公費単独 receipt.
    pub fn total_points(&self) -> Points {
        match (&self.insurance, self.public_funds.first()) {
            (Some(h), _) => h.points,
            (None, Some(k)) => k.points,
            (None, None) => Points::ZERO,
        }
    }

    /// The branch number (枝番) from the health-insurance SN record, if any.
    pub fn branch_number(&self) -> Option<&BranchNumber> {
        self.confirmations
            .iter()
            .filter(|c| c.payer_kind == 1)
            .find_map(|c| c.branch.as_ref())
    }

    /// The prescribing institution of a pharmacy receipt (調剤 RE 都道府県・点数表・医療機関コード),
    /// when its code is valid.
    pub fn prescriber(&self) -> Option<InstitutionCode> {
        self.details.pharmacy.as_ref()?.prescriber.clone()
    }

    /// The 検索番号 (RE), or the one MN gives on an insurer file.
    pub fn search_number(&self) -> Option<&str> {
        self.details
            .search_number
            .as_ref()
            .map(Digits::as_str)
            .or_else(|| {
                self.fund
                    .as_ref()?
                    .management
                    .as_ref()?
                    .record
                    .search_number()
            })
    }

    /// The payment fund's management number (MN レセプト管理番号), on insurer files.
    pub fn management_number(&self) -> Option<&str> {
        self.fund.as_ref()?.management_number()
    }

    /// The receipt as claimed: the one the fund's corrections (JY) were applied to, or this one
    /// when there were none.
    pub fn as_claimed(&self) -> &Receipt {
        self.fund
            .as_ref()
            .and_then(|f| f.claimed.as_deref())
            .unwrap_or(self)
    }

    /// The days of the service month (1–31) the receipt records care on: JD visit days and the
    /// day counts of every line (medical and DPC SI/IY/TO, dental SS/SI/IY/TO), and the
    /// dispensing dates of a pharmacy receipt that fall in its month.
    pub fn service_days(&self) -> std::collections::BTreeSet<u32> {
        let mut days = std::collections::BTreeSet::new();
        let mut add = |d: &[u8; 31]| {
            for (i, v) in d.iter().enumerate() {
                if *v != 0 {
                    days.insert(i as u32 + 1);
                }
            }
        };
        for item in &self.items {
            add(&item.days);
        }
        for jd in &self.visit_days {
            add(&jd.days);
        }
        if let Some(d) = &self.details.dental {
            for line in &d.body {
                if let Some(c) = line.view().days {
                    add(&c.0);
                }
            }
        }
        if let Some(p) = &self.details.pharmacy {
            for z in p.dispensings() {
                if let Some(d) = z.dispensed.filter(|d| self.service_month.contains(*d)) {
                    days.insert(chrono::Datelike::day(&d));
                }
            }
        }
        days
    }
}
