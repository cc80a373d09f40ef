//! What the society holds about one subject (保有個人データ): [`SubjectRecord`] and its category
//! payloads.
//!
//! A record is built by the modules that own the data (the member master, receipts, checkups,
//! benefits) and is **not readable** on its own: it has no getters, its `Debug` is redacted and
//! it does not implement `Serialize`. Its content is read only through a
//! [`View`](super::View) that a permit of the [`Catalog`](super::Catalog) built, holding only the
//! fields the purpose allows.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;
use crate::identifiers::{InstitutionCode, MemberKey, MyNumber, OfficeCode};
use crate::member::{MemberMaster, PersonRecord, Role};
use crate::money::Yen;
use crate::person::{Address, KanaName, PersonName, Sex};

/// The kind of an income evidence document (収入等判定書類, notice §1 第3項).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IncomeEvidenceKind {
    /// 課税証明書.
    TaxCertificate,
    /// 非課税証明書.
    NonTaxCertificate,
    /// 在学証明書.
    SchoolCertificate,
    /// Other evidence (給与明細, 年金額改定通知書 …).
    Other,
}

/// One income evidence document held for dependent recognition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeEvidence {
    /// The document kind.
    pub kind: IncomeEvidenceKind,
    /// The date the society received it.
    pub received_on: NaiveDate,
    /// The annual income it shows, if it shows one.
    pub annual_income: Option<Yen>,
}

/// One premium month (算定基礎届・月額変更届 data, 健康保険法 第156条).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PremiumEntry {
    /// The premium month.
    pub month: YearMonth,
    /// 標準報酬月額 of the month.
    pub standard_monthly_remuneration: Yen,
    /// 一般保険料 (health premium, employee and employer shares together).
    pub health_premium: Yen,
    /// 介護保険料 (long-term-care premium), zero outside 40–64.
    pub care_premium: Yen,
}

/// The kind of a benefit record (給付の種類).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BenefitKind {
    /// 出産育児一時金 (健康保険法 第101条).
    ChildbirthLumpSum,
    /// 家族出産育児一時金 (第114条).
    FamilyChildbirthLumpSum,
    /// 傷病手当金 (第99条).
    SicknessAllowance,
    /// 出産手当金 (第102条).
    MaternityAllowance,
    /// 高額療養費 (第115条).
    HighCostMedicalExpense,
    /// 付加給付 (一部負担還元金, 第53条).
    AdditionalBenefit,
    /// 療養費 (第87条; 柔道整復等).
    MedicalExpenseReimbursement,
    /// 第二家族療養費 (付加給付).
    SecondFamilyMedicalBenefit,
    /// 埋葬料 (第100条).
    Burial,
}

/// One benefit application and its decision (給付記録).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenefitEntry {
    /// The benefit.
    pub kind: BenefitKind,
    /// The date the application was received.
    pub applied_on: NaiveDate,
    /// The date of the payment decision, if decided.
    pub decided_on: Option<NaiveDate>,
    /// The amount decided (zero while undecided).
    pub amount: Yen,
}

/// Whether a childbirth lump sum was claimed or paid (B5's answer to another insurer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChildbirthClaimStatus {
    /// No claim (申請なし).
    NotClaimed,
    /// Claimed, not yet paid (申請あり・未支給).
    Claimed,
    /// Paid (支給済み).
    Paid,
}

/// A receipt summary (レセプト): what the access layer and de-identification need of a claim.
/// The receipt module fills it from the full record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptSummary {
    /// 診療年月 (the treatment month).
    pub service_month: YearMonth,
    /// 医療機関コード.
    pub institution: InstitutionCode,
    /// 受診日 (the days of treatment).
    pub visit_dates: Vec<NaiveDate>,
    /// 合計点数 (total points; 1 point = 10 yen).
    pub points: u64,
}

/// One checkup result value (健診結果の項目), keyed by the item code of the checkup data standard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckupItem {
    /// 項目コード.
    pub code: String,
    /// 結果値 as recorded.
    pub value: String,
}

/// One checkup (健診結果).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckupSummary {
    /// 受診日.
    pub date: NaiveDate,
    /// Result values.
    pub items: Vec<CheckupItem>,
}

/// The level of specific health guidance (特定保健指導の区分): the one type of the stratification,
/// [`crate::checkup::stratify::GuidanceLevel`], so that a participation record and a
/// stratification result speak the same language (a participation is `Active` or `Motivational`).
pub use crate::checkup::stratify::GuidanceLevel;

/// One specific health guidance participation (特定保健指導の実施記録).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuidanceEntry {
    /// The level.
    pub level: GuidanceLevel,
    /// 初回面接日.
    pub started_on: NaiveDate,
    /// 実績評価日, once done.
    pub completed_on: Option<NaiveDate>,
}

/// The kind of a staff or council document (notice §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum StaffDocumentKind {
    /// 就任・採用に関する書類 (G1).
    Appointment,
    /// 報酬に関する書類 (G2).
    Pay,
    /// 人事考課等人事に関する書類 (G3).
    Evaluation,
    /// 組合会議員名簿・理事名簿 (G4).
    CouncilList,
}

/// A staff or council document held about the subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffDocument {
    /// The kind.
    pub kind: StaffDocumentKind,
    /// The society's document reference (文書番号).
    pub reference: String,
    /// The date of the document.
    pub dated: NaiveDate,
}

/// Everything the society holds about one subject (加入者等の保有個人データ).
///
/// Built with [`SubjectRecord::new`] and the `with_…` methods; read only through a
/// [`View`](super::View).
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct SubjectRecord {
    pub(crate) key: MemberKey,
    pub(crate) name: PersonName,
    #[serde(default)]
    pub(crate) kana_name: Option<KanaName>,
    pub(crate) birth_date: NaiveDate,
    pub(crate) sex: Sex,
    #[serde(default)]
    pub(crate) address: Option<Address>,
    #[serde(default)]
    pub(crate) office: Option<OfficeCode>,
    #[serde(default)]
    pub(crate) acquisition_date: Option<NaiveDate>,
    #[serde(default)]
    pub(crate) loss_date: Option<NaiveDate>,
    #[serde(default)]
    pub(crate) standard_monthly_remuneration: Option<Yen>,
    #[serde(default)]
    pub(crate) my_number: Option<MyNumber>,
    #[serde(default)]
    pub(crate) income_evidence: Vec<IncomeEvidence>,
    #[serde(default)]
    pub(crate) premium_history: Vec<PremiumEntry>,
    #[serde(default)]
    pub(crate) benefit_history: Vec<BenefitEntry>,
    #[serde(default)]
    pub(crate) receipts: Vec<ReceiptSummary>,
    #[serde(default)]
    pub(crate) checkups: Vec<CheckupSummary>,
    #[serde(default)]
    pub(crate) guidance: Vec<GuidanceEntry>,
    #[serde(default)]
    pub(crate) staff_documents: Vec<StaffDocument>,
}

impl SubjectRecord {
    /// A record with the key fields of the master (記号・番号・枝番, 氏名, 生年月日, 性別).
    pub fn new(key: MemberKey, name: PersonName, birth_date: NaiveDate, sex: Sex) -> Self {
        SubjectRecord {
            key,
            name,
            kana_name: None,
            birth_date,
            sex,
            address: None,
            office: None,
            acquisition_date: None,
            loss_date: None,
            standard_monthly_remuneration: None,
            my_number: None,
            income_evidence: Vec::new(),
            premium_history: Vec::new(),
            benefit_history: Vec::new(),
            receipts: Vec::new(),
            checkups: Vec::new(),
            guidance: Vec::new(),
            staff_documents: Vec::new(),
        }
    }

    /// **The** subject builder: the record of `key` as the member master holds it on `on`.
    /// Every caller (the C and uniffi layers, the CLI, the checkup lists, the month pipeline,
    /// the A8 and C2 answers) builds a person's access record here and nowhere else.
    ///
    /// - identity (氏名, カナ氏名, 生年月日, 性別, 住所): the version in effect on `on` (before the
    ///   first version: the first);
    /// - office (事業所): an insured person's own, a dependant's insured person's, on `on`;
    /// - eligibility (資格取得日, 資格喪失日): the period containing `on`, else the latest begun on
    ///   or before it, else the first — the period an A8 inquiry reports
    ///   ([`Catalog::answer_eligibility_inquiry`](super::Catalog::answer_eligibility_inquiry));
    ///   a dependant's is the dependant's own recognition period;
    /// - 標準報酬月額: the grade in force in `on`'s month, when the master records one
    ///   ([`MemberMaster::grade_in_force`]).
    ///
    /// Cost: one lookup of the key (two for a dependant) and the clones of the identity strings;
    /// see `benches/benches/access.rs` (`access/per-person`).
    ///
    /// `None` when the master has no person with `key`.
    pub fn from_master(master: &MemberMaster, key: &MemberKey, on: NaiveDate) -> Option<Self> {
        let record = master.record(key)?;
        let insured = match record.role() {
            Role::Insured => None,
            Role::Dependent { insured } => master.record(insured),
        };
        Self::from_person(record, insured, on)
    }

    /// [`from_master`](Self::from_master) for a person already looked up: `record`, and for a
    /// dependant the record of the insured person it is recorded under (`insured`; ignored for
    /// an insured person). For a caller that holds the master's records by number (the month
    /// pipeline) and would otherwise look every key up again; the rule is the same.
    ///
    /// `None` when the record has no attributes.
    pub fn from_person(
        record: &PersonRecord,
        insured: Option<&PersonRecord>,
        on: NaiveDate,
    ) -> Option<Self> {
        let key = record.key();
        let attributes = record.attributes_on(on)?;
        let office = match record.role() {
            Role::Insured => attributes.office.as_ref(),
            Role::Dependent { .. } => insured
                .and_then(|i| i.attributes_on(on))
                .and_then(|a| a.office.as_ref()),
        };
        let identity = &attributes.identity;
        let period = record.period_for_inquiry(on);
        let mut subject = SubjectRecord::new(
            key.clone(),
            identity.name.clone(),
            identity.birth_date,
            identity.sex,
        );
        subject.kana_name = Some(identity.kana.clone());
        subject.address = Some(identity.address.clone());
        subject.office = office.cloned();
        subject.acquisition_date = period.map(|p| p.acquired);
        subject.loss_date = period.and_then(|p| p.lost);
        subject.standard_monthly_remuneration = record
            .grade_in_force(YearMonth::of(on))
            .map(|g| g.grade.standard_monthly);
        Some(subject)
    }

    /// The subject's key. Not personal content on its own, and needed to file a record; every
    /// other item is read through a [`View`](super::View).
    pub fn key(&self) -> &MemberKey {
        &self.key
    }

    /// With カナ氏名.
    #[must_use]
    pub fn with_kana_name(mut self, kana: KanaName) -> Self {
        self.kana_name = Some(kana);
        self
    }

    /// With 住所.
    #[must_use]
    pub fn with_address(mut self, address: Address) -> Self {
        self.address = Some(address);
        self
    }

    /// With the employer office (事業所記号).
    #[must_use]
    pub fn with_office(mut self, office: OfficeCode) -> Self {
        self.office = Some(office);
        self
    }

    /// With 資格取得日.
    #[must_use]
    pub fn with_acquisition_date(mut self, date: NaiveDate) -> Self {
        self.acquisition_date = Some(date);
        self
    }

    /// With 資格喪失日.
    #[must_use]
    pub fn with_loss_date(mut self, date: NaiveDate) -> Self {
        self.loss_date = Some(date);
        self
    }

    /// With 標準報酬月額.
    #[must_use]
    pub fn with_standard_monthly_remuneration(mut self, amount: Yen) -> Self {
        self.standard_monthly_remuneration = Some(amount);
        self
    }

    /// With 個人番号 (revealed only under an H1 permit).
    #[must_use]
    pub fn with_my_number(mut self, number: MyNumber) -> Self {
        self.my_number = Some(number);
        self
    }

    /// With income evidence documents.
    #[must_use]
    pub fn with_income_evidence(mut self, docs: Vec<IncomeEvidence>) -> Self {
        self.income_evidence = docs;
        self
    }

    /// With premium months.
    #[must_use]
    pub fn with_premium_history(mut self, months: Vec<PremiumEntry>) -> Self {
        self.premium_history = months;
        self
    }

    /// With benefit records.
    #[must_use]
    pub fn with_benefit_history(mut self, entries: Vec<BenefitEntry>) -> Self {
        self.benefit_history = entries;
        self
    }

    /// With receipt summaries.
    #[must_use]
    pub fn with_receipts(mut self, receipts: Vec<ReceiptSummary>) -> Self {
        self.receipts = receipts;
        self
    }

    /// With checkup results.
    #[must_use]
    pub fn with_checkups(mut self, checkups: Vec<CheckupSummary>) -> Self {
        self.checkups = checkups;
        self
    }

    /// With guidance records.
    #[must_use]
    pub fn with_guidance(mut self, guidance: Vec<GuidanceEntry>) -> Self {
        self.guidance = guidance;
        self
    }

    /// With staff or council documents.
    #[must_use]
    pub fn with_staff_documents(mut self, docs: Vec<StaffDocument>) -> Self {
        self.staff_documents = docs;
        self
    }

    /// The childbirth lump-sum status derived from the benefit records (B5).
    pub(crate) fn childbirth_status(&self) -> ChildbirthClaimStatus {
        let mut status = ChildbirthClaimStatus::NotClaimed;
        for e in &self.benefit_history {
            if matches!(
                e.kind,
                BenefitKind::ChildbirthLumpSum | BenefitKind::FamilyChildbirthLumpSum
            ) {
                if e.decided_on.is_some() {
                    return ChildbirthClaimStatus::Paid;
                }
                status = ChildbirthClaimStatus::Claimed;
            }
        }
        status
    }

    /// Every visit date of every receipt, sorted and without duplicates (C2, C5).
    pub(crate) fn visit_dates(&self) -> Vec<NaiveDate> {
        let mut v: Vec<NaiveDate> = self
            .receipts
            .iter()
            .flat_map(|r| r.visit_dates.iter().copied())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// Redacted: a record is personal data from end to end.
impl fmt::Debug for SubjectRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SubjectRecord(<redacted>)")
    }
}
