//! Data categories (保有個人データの区分) and the fields (項目) a purpose may use.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A data category the society holds, as listed in its notice (当組合が保有する個人情報).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Category {
    /// 加入者台帳 (マスター): built from 資格取得届 and 被扶養者（異動）届 (notice §1).
    EnrollmentMaster,
    /// 収入等判定書類 (課税・非課税証明書, 在学証明書) for dependent recognition (notice §1).
    DependentEvidence,
    /// 算定基礎届・月額変更届 data and the employer's payroll and bonus ledgers (notice §1).
    PremiumRecords,
    /// 給付記録: cash-benefit applications and decisions (notice §2).
    BenefitRecords,
    /// レセプト (診療報酬明細書) from the payment fund (notice §3).
    Receipts,
    /// 健診結果 (checkup result values) (notice §4).
    CheckupResults,
    /// 特定保健指導 participation data (notice §5).
    GuidanceRecords,
    /// 役職員人事関係データ, 組合会議員名簿, 事業所担当者名簿 (notice §7).
    StaffRecords,
    /// 特定個人情報: anything containing an Individual Number (番号法 第2条第8項; notice §8).
    SpecificPersonalInformation,
}

impl Category {
    /// Every category, in notice order.
    pub const ALL: [Category; 9] = [
        Category::EnrollmentMaster,
        Category::DependentEvidence,
        Category::PremiumRecords,
        Category::BenefitRecords,
        Category::Receipts,
        Category::CheckupResults,
        Category::GuidanceRecords,
        Category::StaffRecords,
        Category::SpecificPersonalInformation,
    ];

    /// The identifier used in catalog files (`"enrollment_master"`).
    pub const fn id(self) -> &'static str {
        match self {
            Category::EnrollmentMaster => "enrollment_master",
            Category::DependentEvidence => "dependent_evidence",
            Category::PremiumRecords => "premium_records",
            Category::BenefitRecords => "benefit_records",
            Category::Receipts => "receipts",
            Category::CheckupResults => "checkup_results",
            Category::GuidanceRecords => "guidance_records",
            Category::StaffRecords => "staff_records",
            Category::SpecificPersonalInformation => "specific_personal_information",
        }
    }

    /// The category with catalog identifier `id`.
    pub fn from_id(id: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.id() == id)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

macro_rules! fields {
    ($( $(#[$doc:meta])* $variant:ident = $bit:literal, $id:literal, $ja:literal, $cat:ident, $kind:ident; )*) => {
        /// One item of personal data (個人データの項目) a purpose may use.
        ///
        /// *Stored* fields are read from the [`SubjectRecord`](super::SubjectRecord); *derived*
        /// fields are computed from a stored one when a view is read (A12 gets [`Field::Age`],
        /// computed from the date of birth, and never [`Field::BirthDate`] itself).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum Field {
            $( $(#[$doc])* $variant = $bit, )*
        }

        impl Field {
            /// Every field, in bit order.
            pub const ALL: &'static [Field] = &[$(Field::$variant),*];

            /// The identifier used in catalog files and logs (`"birth_date"`).
            pub const fn id(self) -> &'static str {
                match self { $(Field::$variant => $id,)* }
            }

            /// The Japanese item name (項目名) used in exports and provision records.
            pub const fn title_ja(self) -> &'static str {
                match self { $(Field::$variant => $ja,)* }
            }

            /// The data category the field belongs to.
            pub const fn category(self) -> Category {
                match self { $(Field::$variant => Category::$cat,)* }
            }

            /// How the field is obtained.
            pub const fn kind(self) -> FieldKind {
                match self { $(Field::$variant => FieldKind::$kind,)* }
            }
        }
    };
}

fields! {
    /// 記号・番号・枝番 (symbol, number and branch number).
    MemberKey = 0, "member_key", "被保険者等記号・番号・枝番", EnrollmentMaster, DirectIdentifier;
    /// 氏名 (name in kanji).
    Name = 1, "name", "氏名", EnrollmentMaster, DirectIdentifier;
    /// カナ氏名 (name in katakana).
    KanaName = 2, "kana_name", "カナ氏名", EnrollmentMaster, DirectIdentifier;
    /// 生年月日 (date of birth).
    BirthDate = 3, "birth_date", "生年月日", EnrollmentMaster, DirectIdentifier;
    /// 年齢 (age by the legal rule on the decision date), derived from the date of birth.
    Age = 4, "age", "年齢", EnrollmentMaster, Derived;
    /// 年齢階級 (5-year age band), derived from the date of birth; a quasi-identifier.
    AgeBand = 5, "age_band", "年齢階級（5歳刻み）", EnrollmentMaster, QuasiIdentifier;
    /// 性別 (sex); a quasi-identifier.
    Sex = 6, "sex", "性別", EnrollmentMaster, QuasiIdentifier;
    /// 住所 (address).
    Address = 7, "address", "住所", EnrollmentMaster, DirectIdentifier;
    /// 都道府県 (prefecture), derived from the address; a quasi-identifier.
    Prefecture = 8, "prefecture", "都道府県", EnrollmentMaster, QuasiIdentifier;
    /// 事業所 (the employer office, by 事業所記号); a quasi-identifier.
    Office = 9, "office", "事業所", EnrollmentMaster, QuasiIdentifier;
    /// 資格取得日 (date of acquisition of eligibility).
    AcquisitionDate = 10, "acquisition_date", "資格取得日", EnrollmentMaster, Stored;
    /// 資格喪失日 (date of loss of eligibility).
    LossDate = 11, "loss_date", "資格喪失日", EnrollmentMaster, Stored;
    /// 資格取得年月 (month of acquisition), derived: the de-identified form of the date.
    AcquisitionMonth = 12, "acquisition_month", "資格取得年月", EnrollmentMaster, Generalised;
    /// 資格喪失年月 (month of loss), derived: the de-identified form of the date.
    LossMonth = 13, "loss_month", "資格喪失年月", EnrollmentMaster, Generalised;
    /// 標準報酬月額 (standard monthly remuneration).
    StandardMonthlyRemuneration = 14, "standard_monthly_remuneration", "標準報酬月額", EnrollmentMaster, Stored;
    /// 収入等判定書類の内容 (income and school evidence for dependent recognition).
    IncomeEvidence = 15, "income_evidence", "収入等判定書類", DependentEvidence, Content;
    /// 保険料記録 (premium months, standard remuneration, premiums).
    PremiumHistory = 16, "premium_history", "保険料記録", PremiumRecords, Content;
    /// 給付記録 (benefit kinds, decision dates and amounts).
    BenefitHistory = 17, "benefit_history", "給付記録", BenefitRecords, Content;
    /// 出産育児一時金の申請・給付の有無 (whether a childbirth lump sum was claimed or paid),
    /// derived from the benefit records.
    ChildbirthLumpSumStatus = 18, "childbirth_lump_sum_status", "出産育児一時金の申請・給付の有無", BenefitRecords, Derived;
    /// レセプト (receipt summaries: month, institution, days, points).
    Receipts = 19, "receipts", "レセプト", Receipts, Content;
    /// 受診日 (visit dates), derived from the receipts.
    VisitDates = 20, "visit_dates", "受診日", Receipts, Derived;
    /// 健診結果 (checkup result values).
    CheckupResults = 21, "checkup_results", "健診結果", CheckupResults, Content;
    /// 保健指導記録 (specific health guidance participation).
    GuidanceRecords = 22, "guidance_records", "保健指導記録", GuidanceRecords, Content;
    /// 役職員・組合会議員等の記録 (staff and council documents).
    StaffRecords = 23, "staff_records", "役職員・組合会議員等の記録", StaffRecords, Content;
    /// 個人番号 (Individual Number, My Number): revealed only under an H1 permit.
    MyNumber = 24, "my_number", "個人番号", SpecificPersonalInformation, DirectIdentifier;
}

/// How a field is obtained and how de-identification treats it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FieldKind {
    /// Identifies the person directly; removed by de-identification.
    DirectIdentifier,
    /// Stored as such; not released in de-identified data.
    Stored,
    /// Computed from a stored field when read (age, visit dates).
    Derived,
    /// A generalised quasi-identifier (age band, sex, prefecture, office) over which
    /// k-anonymity is checked.
    QuasiIdentifier,
    /// A date generalised to its month.
    Generalised,
    /// A content payload (receipts, checkup results…); de-identified data carries it with its
    /// dates generalised to months.
    Content,
}

impl Field {
    /// The field with catalog identifier `id`.
    pub fn from_id(id: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.id() == id)
    }

    /// `true` for the fields de-identified data may carry (quasi-identifiers, generalised
    /// dates and the receipt and checkup payloads).
    pub const fn deidentifiable(self) -> bool {
        matches!(
            self.kind(),
            FieldKind::QuasiIdentifier | FieldKind::Generalised
        ) || matches!(self, Field::Receipts | Field::CheckupResults)
    }

    /// `true` for the fields an employer may receive to deliver a sealed notice (氏名 and 事業所):
    /// everything else is content the employer is never told (notice §5, §6).
    pub const fn is_delivery(self) -> bool {
        FieldSet::DELIVERY.contains(self)
    }

    const fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A set of fields, stored as a bit set: checking a request against a purpose is one `AND`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FieldSet(u32);

impl FieldSet {
    /// The empty set.
    pub const EMPTY: FieldSet = FieldSet(0);

    /// The fields an employer may carry to deliver a sealed notice ([`Field::is_delivery`]).
    pub const DELIVERY: FieldSet = FieldSet::of(&[Field::Name, Field::Office]);

    pub(crate) const fn bits(self) -> u32 {
        self.0
    }

    pub(crate) const fn from_bits(bits: u32) -> FieldSet {
        FieldSet(bits)
    }

    /// The set of the given fields.
    ///
    /// ```
    /// use kenpo_domain::access::{Field, FieldSet};
    /// let s = FieldSet::of(&[Field::Name, Field::Age]);
    /// assert!(s.contains(Field::Age) && !s.contains(Field::BirthDate));
    /// ```
    pub const fn of(fields: &[Field]) -> FieldSet {
        let mut bits = 0;
        let mut i = 0;
        while i < fields.len() {
            bits |= fields[i].bit();
            i += 1;
        }
        FieldSet(bits)
    }

    /// `true` if `field` is in the set.
    pub const fn contains(self, field: Field) -> bool {
        self.0 & field.bit() != 0
    }

    /// The set with `field` added.
    #[must_use]
    pub const fn with(self, field: Field) -> FieldSet {
        FieldSet(self.0 | field.bit())
    }

    /// The fields of `self` not in `other`.
    #[must_use]
    pub const fn minus(self, other: FieldSet) -> FieldSet {
        FieldSet(self.0 & !other.0)
    }

    /// The fields in both sets.
    #[must_use]
    pub const fn intersect(self, other: FieldSet) -> FieldSet {
        FieldSet(self.0 & other.0)
    }

    /// `true` if every field of `self` is in `other`.
    pub const fn is_subset_of(self, other: FieldSet) -> bool {
        self.0 & !other.0 == 0
    }

    /// `true` if the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The number of fields.
    pub const fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The first field of the set in bit order.
    pub fn first(self) -> Option<Field> {
        self.iter().next()
    }

    /// The fields, in bit order.
    pub fn iter(self) -> impl Iterator<Item = Field> {
        Field::ALL
            .iter()
            .copied()
            .filter(move |f| self.contains(*f))
    }
}

impl FromIterator<Field> for FieldSet {
    fn from_iter<I: IntoIterator<Item = Field>>(iter: I) -> Self {
        iter.into_iter().fold(FieldSet::EMPTY, FieldSet::with)
    }
}

impl fmt::Debug for FieldSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter().map(Field::id)).finish()
    }
}

impl Serialize for FieldSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for FieldSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<Field>::deserialize(d)?.into_iter().collect())
    }
}
