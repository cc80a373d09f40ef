//! Minimised views: what a permit lets its holder read of one subject.

use std::fmt;

use chrono::NaiveDate;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::deidentify::AgeBand;
use super::field::{Field, FieldSet};
use super::record::{
    BenefitEntry, CheckupSummary, ChildbirthClaimStatus, GuidanceEntry, IncomeEvidence,
    PremiumEntry, ReceiptSummary, StaffDocument, SubjectRecord,
};
use crate::age::age_reached_on;
use crate::calendar::YearMonth;
use crate::identifiers::{MemberKey, MyNumber, OfficeCode, MY_NUMBER_MASK};
use crate::member::EligibilityAnswer;
use crate::money::Yen;
use crate::person::{Address, KanaName, PersonName, Sex};

/// One subject's data as a permit allows it: every accessor returns `None` for a field the
/// permit does not hold (or a value the record does not have). Derived fields (age, age band,
/// prefecture, months, visit dates, childbirth status) are computed on the permit's date.
///
/// A view has no public constructor: only a [`Permit`](super::Permit) makes one.
/// `Debug` lists the permitted field names, never values; `Serialize` writes exactly the
/// permitted fields, with the Individual Number revealed only under an H1 permit.
#[derive(Clone, Copy)]
pub struct View<'r> {
    record: &'r SubjectRecord,
    fields: FieldSet,
    on: NaiveDate,
    reveal_my_number: bool,
}

macro_rules! getter {
    ($(#[$doc:meta])* $name:ident, $field:ident, $ty:ty, |$r:ident| $body:expr) => {
        $(#[$doc])*
        pub fn $name(&self) -> Option<$ty> {
            if self.fields.contains(Field::$field) {
                let $r = self.record;
                $body
            } else {
                None
            }
        }
    };
}

impl<'r> View<'r> {
    pub(crate) fn new(
        record: &'r SubjectRecord,
        fields: FieldSet,
        on: NaiveDate,
        reveal_my_number: bool,
    ) -> Self {
        View {
            record,
            fields,
            on,
            reveal_my_number,
        }
    }

    /// The fields this view holds.
    pub fn fields(&self) -> FieldSet {
        self.fields
    }

    /// `true` if the view holds `field`.
    pub fn permits(&self, field: Field) -> bool {
        self.fields.contains(field)
    }

    /// The date derived fields are computed for.
    pub fn date(&self) -> NaiveDate {
        self.on
    }

    getter!(
        /// 記号・番号・枝番.
        member_key, MemberKey, &'r MemberKey, |r| Some(&r.key));
    getter!(
        /// 氏名.
        name, Name, &'r PersonName, |r| Some(&r.name));
    getter!(
        /// カナ氏名.
        kana_name, KanaName, &'r KanaName, |r| r.kana_name.as_ref());
    getter!(
        /// 生年月日.
        birth_date, BirthDate, NaiveDate, |r| Some(r.birth_date));
    /// 年齢 on the permit's date, by the legal rule ([`crate::age::age_reached_on`]).
    pub fn age(&self) -> Option<u32> {
        if self.fields.contains(Field::Age) {
            age_reached_on(self.record.birth_date, self.on)
        } else {
            None
        }
    }

    /// 年齢階級 (5-year band) on the permit's date.
    pub fn age_band(&self) -> Option<AgeBand> {
        if self.fields.contains(Field::AgeBand) {
            age_reached_on(self.record.birth_date, self.on).map(AgeBand::of)
        } else {
            None
        }
    }
    getter!(
        /// 性別.
        sex, Sex, Sex, |r| Some(r.sex));
    getter!(
        /// 住所.
        address, Address, &'r Address, |r| r.address.as_ref());
    getter!(
        /// 都道府県, from the address.
        prefecture, Prefecture, &'static str, |r| r.address.as_ref().and_then(Address::prefecture));
    getter!(
        /// 事業所記号.
        office, Office, &'r OfficeCode, |r| r.office.as_ref());
    getter!(
        /// 資格取得日.
        acquisition_date, AcquisitionDate, NaiveDate, |r| r.acquisition_date);
    getter!(
        /// 資格喪失日.
        loss_date, LossDate, NaiveDate, |r| r.loss_date);
    getter!(
        /// 資格取得年月.
        acquisition_month, AcquisitionMonth, YearMonth, |r| r.acquisition_date.map(YearMonth::of));
    getter!(
        /// 資格喪失年月.
        loss_month, LossMonth, YearMonth, |r| r.loss_date.map(YearMonth::of));
    getter!(
        /// 標準報酬月額.
        standard_monthly_remuneration, StandardMonthlyRemuneration, Yen, |r| r.standard_monthly_remuneration);
    getter!(
        /// 収入等判定書類.
        income_evidence, IncomeEvidence, &'r [IncomeEvidence], |r| Some(&r.income_evidence));
    getter!(
        /// 保険料記録.
        premium_history, PremiumHistory, &'r [PremiumEntry], |r| Some(&r.premium_history));
    getter!(
        /// 給付記録.
        benefit_history, BenefitHistory, &'r [BenefitEntry], |r| Some(&r.benefit_history));
    getter!(
        /// 出産育児一時金の申請・給付の有無.
        childbirth_lump_sum_status, ChildbirthLumpSumStatus, ChildbirthClaimStatus, |r| Some(r.childbirth_status()));
    getter!(
        /// レセプト.
        receipts, Receipts, &'r [ReceiptSummary], |r| Some(&r.receipts));
    getter!(
        /// 受診日 (every visit date of every receipt, sorted).
        visit_dates, VisitDates, Vec<NaiveDate>, |r| Some(r.visit_dates()));
    getter!(
        /// 健診結果.
        checkup_results, CheckupResults, &'r [CheckupSummary], |r| Some(&r.checkups));
    getter!(
        /// 保健指導記録.
        guidance_records, GuidanceRecords, &'r [GuidanceEntry], |r| Some(&r.guidance));
    getter!(
        /// 役職員・組合会議員等の記録.
        staff_records, StaffRecords, &'r [StaffDocument], |r| Some(&r.staff_documents));

    /// 個人番号: only under an H1 permit (the only purposes whose grants may hold it). The
    /// returned number still prints masked; its digits come from an explicit `reveal()`.
    pub fn my_number(&self) -> Option<&'r MyNumber> {
        if self.reveal_my_number && self.fields.contains(Field::MyNumber) {
            self.record.my_number.as_ref()
        } else {
            None
        }
    }
}

/// The six fields of the eligibility answer (A8): 記号番号, 氏名, 生年月日, 性別, 資格取得日,
/// 資格喪失日.
pub const ELIGIBILITY_ANSWER_FIELDS: FieldSet = FieldSet::of(&[
    Field::MemberKey,
    Field::Name,
    Field::BirthDate,
    Field::Sex,
    Field::AcquisitionDate,
    Field::LossDate,
]);

impl View<'_> {
    /// The typed eligibility answer (A8, notice §1 第8項) of the member master, when the view
    /// holds exactly its six fields and the record has an acquisition date.
    pub fn eligibility_answer(&self) -> Option<EligibilityAnswer> {
        if self.fields != ELIGIBILITY_ANSWER_FIELDS {
            return None;
        }
        Some(EligibilityAnswer {
            symbol_and_number: self.record.key.clone(),
            name: self.record.name.clone(),
            birth_date: self.record.birth_date,
            sex: self.record.sex,
            acquired: self.record.acquisition_date?,
            lost: self.record.loss_date,
        })
    }
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("View")
            .field("fields", &self.fields)
            .field("on", &self.on)
            .finish_non_exhaustive()
    }
}

/// Writes exactly the permitted fields, keyed by field id.
impl Serialize for View<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.fields.len()))?;
        for field in self.fields.iter() {
            let id = field.id();
            match field {
                Field::MemberKey => m.serialize_entry(id, &self.member_key())?,
                Field::Name => m.serialize_entry(id, &self.name())?,
                Field::KanaName => m.serialize_entry(id, &self.kana_name())?,
                Field::BirthDate => m.serialize_entry(id, &self.birth_date())?,
                Field::Age => m.serialize_entry(id, &self.age())?,
                Field::AgeBand => m.serialize_entry(id, &self.age_band())?,
                Field::Sex => m.serialize_entry(id, &self.sex())?,
                Field::Address => m.serialize_entry(id, &self.address())?,
                Field::Prefecture => m.serialize_entry(id, &self.prefecture())?,
                Field::Office => m.serialize_entry(id, &self.office())?,
                Field::AcquisitionDate => m.serialize_entry(id, &self.acquisition_date())?,
                Field::LossDate => m.serialize_entry(id, &self.loss_date())?,
                Field::AcquisitionMonth => m.serialize_entry(id, &self.acquisition_month())?,
                Field::LossMonth => m.serialize_entry(id, &self.loss_month())?,
                Field::StandardMonthlyRemuneration => {
                    m.serialize_entry(id, &self.standard_monthly_remuneration())?
                }
                Field::IncomeEvidence => m.serialize_entry(id, &self.income_evidence())?,
                Field::PremiumHistory => m.serialize_entry(id, &self.premium_history())?,
                Field::BenefitHistory => m.serialize_entry(id, &self.benefit_history())?,
                Field::ChildbirthLumpSumStatus => {
                    m.serialize_entry(id, &self.childbirth_lump_sum_status())?
                }
                Field::Receipts => m.serialize_entry(id, &self.receipts())?,
                Field::VisitDates => m.serialize_entry(id, &self.visit_dates())?,
                Field::CheckupResults => m.serialize_entry(id, &self.checkup_results())?,
                Field::GuidanceRecords => m.serialize_entry(id, &self.guidance_records())?,
                Field::StaffRecords => m.serialize_entry(id, &self.staff_records())?,
                Field::MyNumber => match self.my_number() {
                    Some(n) => m.serialize_entry(id, n.reveal())?,
                    None => m.serialize_entry(
                        id,
                        &self.record.my_number.as_ref().map(|_| MY_NUMBER_MASK),
                    )?,
                },
            }
        }
        m.end()
    }
}
