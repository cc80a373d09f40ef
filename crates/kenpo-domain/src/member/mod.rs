//! The member master (適用, 加入者台帳): insured persons (被保険者) and dependants (被扶養者),
//! their households, their eligibility periods, and the notifications (届出) that change them.
//!
//! The master is built only by applying [`MemberEvent`]s (purposes A1 and A5 of the society's
//! notice): 資格取得届 ([`MemberEvent::Acquisition`]), 被扶養者異動届 ([`MemberEvent::DependentAdded`],
//! [`MemberEvent::DependentRemoved`]), 氏名・住所変更届 and corrections ([`MemberEvent::Change`],
//! [`MemberEvent::Correction`]) and 資格喪失届 ([`MemberEvent::Loss`]). Each event is validated;
//! a rejected event leaves the master exactly as it was and says which rule it broke
//! ([`MemberError::rule`]). The master keeps every version of every field and every period,
//! so every query takes the date (or month) it is asked for.
//!
//! ```
//! use kenpo_domain::calendar::{date, YearMonth};
//! use kenpo_domain::identifiers::{MemberKey, OfficeCode};
//! use kenpo_domain::member::{Identity, LossReason, MemberEvent, MemberMaster, Relationship};
//! use kenpo_domain::person::{Address, KanaName, PersonName, Sex};
//!
//! let identity = |name: &str, kana: &str, born, sex| Identity {
//!     name: PersonName::new(name).unwrap(),
//!     kana: KanaName::new(kana).unwrap(),
//!     birth_date: born,
//!     sex,
//!     address: Address::new("東京都千代田区千代田1-1").unwrap(),
//! };
//! let taro = MemberKey::parse("10", "123", "00").unwrap();
//! let hanako = MemberKey::parse("10", "123", "01").unwrap();
//!
//! let mut master = MemberMaster::new();
//! master.apply(&MemberEvent::Acquisition {
//!     key: taro.clone(),
//!     acquired: date(2026, 4, 1).unwrap(),
//!     identity: identity("山田 太郎", "ヤマダ タロウ", date(1980, 5, 2).unwrap(), Sex::Male),
//!     office: OfficeCode::new("A01").unwrap(),
//! }).unwrap();
//! master.apply(&MemberEvent::DependentAdded {
//!     key: hanako.clone(),
//!     recognized: date(2026, 4, 1).unwrap(),
//!     identity: identity("山田 花子", "ヤマダ ハナコ", date(1982, 8, 1).unwrap(), Sex::Female),
//!     relationship: Relationship::Spouse,
//! }).unwrap();
//!
//! // Retiring on 30 June: eligibility is lost on 1 July, for the dependant too.
//! master.apply(&MemberEvent::loss_after(taro.clone(), LossReason::Retirement, date(2026, 6, 30).unwrap())).unwrap();
//! assert!(master.is_eligible(&hanako, date(2026, 6, 30).unwrap()));
//! assert!(!master.is_eligible(&hanako, date(2026, 7, 1).unwrap()));
//! assert_eq!(master.household(&taro, YearMonth::new(2026, 6).unwrap()).unwrap().dependents, vec![hanako]);
//! ```
//!
//! ## Rules and their sources
//!
//! | rule | source |
//! | --- | --- |
//! | eligibility is acquired on the day of employment (資格取得日) | 健康保険法 第35条 |
//! | lost on the day after death or leaving employment (資格喪失日 = 翌日) | 健康保険法 第36条 |
//! | lost on the 75th birthday itself (後期高齢者医療 joins on that day) | 健康保険法 第3条1項 (適用除外), 高齢者の医療の確保に関する法律 第50条, 第52条 |
//! | a person aged 75 or over cannot acquire kenpo eligibility | same |
//! | a dependant's eligibility ends with the insured person's (same loss date) | 健康保険法 第3条7項 (a dependant is a dependant *of an insured person*) |
//! | 記号・番号 are individual with a 2-digit 枝番 | 個人単位化 under 令和元年法律第9号 (cards from 2021); 健康保険法 第194条の2 |
//!
//! ## Design notes and doubts
//!
//! - A [`MemberKey`] names one person for ever: the insured usually has 枝番 `00` and the
//!   dependants the other branches of the same 記号・番号. A key is never reused for another
//!   person (a different date of birth under an existing key is [`MemberError::KeyClash`]); a
//!   person may come back (re-acquisition, re-recognition) with a new period under the same key.
//! - [`MemberEvent::Change`] sets a field from its effective date onward (also over versions
//!   recorded later in time); [`MemberEvent::Correction`] rewrites the field in every version,
//!   because the old value was wrong from the start.
//! - When an insured person comes back (re-acquisition), the dependants who left with him or
//!   her are not restored: each needs a new [`MemberEvent::DependentAdded`] (a new
//!   被扶養者(異動)届 is filed in practice).
//! - Deserialising a [`MemberMaster`] trusts the stored records (it does not replay events);
//!   feed it only what a master serialised.
//! - A person aged 75 or over who has no 住民票 in Japan stays in kenpo (docs/SOURCES.md §4); this
//!   master rejects every acquisition at 75+, so such a person must be handled outside it.
//! - Errors carry the event's rule and, at most, the [`MaskedMemberKey`] (number masked); in a
//!   batch they are reported with the event index. They never carry names, addresses, birth
//!   dates or the unmasked number.
//!
//! ## JSON forms
//!
//! Events are tagged by `"type"`; dates are `YYYY-MM-DD`; a key is
//! `{"symbol": …, "number": …, "branch": "01"}`:
//!
//! ```
//! use kenpo_domain::member::MemberEvent;
//!
//! let json = r#"{
//!   "type": "acquisition",
//!   "key": {"symbol": "10", "number": "123", "branch": "00"},
//!   "acquired": "2026-04-01",
//!   "identity": {"name": "山田 太郎", "kana": "ヤマダ タロウ", "birth_date": "1980-05-02",
//!                "sex": "male", "address": "東京都千代田区千代田1-1"},
//!   "office": "A01"
//! }"#;
//! let event: MemberEvent = serde_json::from_str(json).unwrap();
//! assert!(matches!(event, MemberEvent::Acquisition { .. }));
//!
//! let removal = r#"{"type": "dependent_removed",
//!   "key": {"symbol": "10", "number": "123", "branch": "01"},
//!   "lost": "2026-10-01", "reason": "recognition_withdrawn"}"#;
//! assert!(serde_json::from_str::<MemberEvent>(removal).is_ok());
//!
//! let change = r#"{"type": "change",
//!   "key": {"symbol": "10", "number": "123", "branch": "00"},
//!   "effective": "2026-09-01", "change": {"field": "office", "value": "B02"}}"#;
//! assert!(serde_json::from_str::<MemberEvent>(change).is_ok());
//! ```
//!
//! A person record ([`PersonRecord`]) serialises as its key, role, the versions of its
//! attributes (each with the date it takes effect) and its periods; an A8 answer
//! ([`EligibilityAnswer`]) as exactly its six fields.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use chrono::{Days, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::age;
use crate::calendar::YearMonth;
use crate::identifiers::{
    BranchNumber, InsuredNumber, InsuredSymbol, MaskedMemberKey, MemberKey, OfficeCode,
};
use crate::person::{Address, KanaName, PersonName, Sex};

mod event;
mod grade;
mod journal;
pub mod store;
#[cfg(test)]
mod tests;

pub use event::{BatchReport, FieldChange, MemberError, MemberEvent, RejectedEvent};
pub use grade::GradeRecord;
pub use journal::{Journal, JournalEntry};
pub use store::{MasterLoadError, MASTER_FORMAT_VERSION};

/// The date from which 兄・姉 (elder brothers and sisters) no longer need to live with the
/// insured person to be dependants (平成28年10月1日, 健康保険法 第3条7項1号 as amended by
/// 平成24年法律第62号). Before it, only 弟・妹 were exempt.
pub const ELDER_SIBLINGS_EXEMPT_FROM: NaiveDate = match NaiveDate::from_ymd_opt(2016, 10, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// 続柄: a dependant's relationship to the insured person (健康保険法 第3条7項).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Relationship {
    /// 配偶者, including a de-facto spouse (内縁, 事実上婚姻関係と同様の事情にある者). 第3条7項1号.
    Spouse,
    /// 子 (including adopted children). 第3条7項1号.
    Child,
    /// 孫. 第3条7項1号.
    Grandchild,
    /// 兄・姉 (elder siblings). 第3条7項1号 since 2016-10-01; before, 同2号 (must live together).
    ElderSibling,
    /// 弟・妹 (younger siblings). 第3条7項1号.
    YoungerSibling,
    /// 父母 (including adoptive parents): 直系尊属. 第3条7項1号.
    Parent,
    /// 祖父母, 曾祖父母 and other 直系尊属. 第3条7項1号.
    Grandparent,
    /// Any other relative within the third degree (三親等内の親族: 義父母, uncles and aunts,
    /// nephews and nieces, great-grandchildren, siblings' spouses, …). 第3条7項2号: must live
    /// with the insured person.
    OtherRelativeWithinThirdDegree,
    /// A parent or child of a de-facto spouse (also after that spouse's death). 第3条7項3号・4号:
    /// must live with the insured person.
    DeFactoSpouseParentOrChild,
}

impl Relationship {
    /// `true` when the relative must belong to the insured person's household (同一世帯) to be
    /// a dependant on `on` (健康保険法 第3条7項2号–4号; 兄・姉 until 2016-09-30).
    pub fn requires_cohabitation(self, on: NaiveDate) -> bool {
        match self {
            Relationship::OtherRelativeWithinThirdDegree
            | Relationship::DeFactoSpouseParentOrChild => true,
            Relationship::ElderSibling => on < ELDER_SIBLINGS_EXEMPT_FROM,
            _ => false,
        }
    }

    /// The Japanese term (続柄).
    pub const fn japanese(self) -> &'static str {
        match self {
            Relationship::Spouse => "配偶者",
            Relationship::Child => "子",
            Relationship::Grandchild => "孫",
            Relationship::ElderSibling => "兄姉",
            Relationship::YoungerSibling => "弟妹",
            Relationship::Parent => "父母",
            Relationship::Grandparent => "祖父母",
            Relationship::OtherRelativeWithinThirdDegree => "三親等内の親族",
            Relationship::DeFactoSpouseParentOrChild => "内縁の配偶者の父母・子",
        }
    }
}

/// Why eligibility was lost (資格喪失の事由).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LossReason {
    /// 退職 (leaving employment): lost on the day after the last day of employment
    /// (健康保険法 第36条2号). Insured persons only.
    Retirement,
    /// 死亡: lost on the day after death (第36条1号).
    Death,
    /// 後期高齢者医療の被保険者となったこと: lost on the 75th birthday itself (第3条1項, 高確法 第52条).
    LateElderly,
    /// 被扶養者認定の取消し (recognition withdrawn: income, moving out, another insurer …).
    /// Dependants only.
    RecognitionWithdrawn,
    /// The insured person lost eligibility; the dependant loses on the same day. Dependants only;
    /// set by the master itself.
    InsuredLoss,
    /// 転籍 (transfer to another insurer, e.g. moving to an employer outside the society).
    /// Insured persons only.
    Transfer,
    /// その他.
    Other,
}

impl LossReason {
    /// The loss date (資格喪失日) for an event that happened on `event_day`: the next day for
    /// retirement (the last day of work) and death; the day itself otherwise (for
    /// [`LossReason::LateElderly`] pass the 75th birthday). `None` past the supported range.
    pub fn loss_date(self, event_day: NaiveDate) -> Option<NaiveDate> {
        match self {
            LossReason::Retirement | LossReason::Death => event_day.checked_add_days(Days::new(1)),
            _ => Some(event_day),
        }
    }

    /// `true` when an insured person's loss may carry this reason.
    pub const fn applies_to_insured(self) -> bool {
        !matches!(
            self,
            LossReason::RecognitionWithdrawn | LossReason::InsuredLoss
        )
    }

    /// `true` when a dependant's removal may carry this reason ([`LossReason::InsuredLoss`] is
    /// set only by the master).
    pub const fn applies_to_dependent(self) -> bool {
        !matches!(
            self,
            LossReason::Retirement | LossReason::Transfer | LossReason::InsuredLoss
        )
    }
}

/// The identity fields of a notification (A1): name in kanji and kana, date of birth, sex and
/// address. `Debug` shows none of them.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// 氏名.
    pub name: PersonName,
    /// カナ氏名.
    pub kana: KanaName,
    /// 生年月日.
    pub birth_date: NaiveDate,
    /// 性別.
    pub sex: Sex,
    /// 住所.
    pub address: Address,
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Identity(<redacted>)")
    }
}

/// One version of a person's attributes, in effect from `from` until the next version.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attributes {
    /// The first day this version is in effect.
    pub from: NaiveDate,
    /// Name, kana, birth date, sex, address.
    pub identity: Identity,
    /// 事業所 (insured persons; `None` for dependants, whose office is the insured person's).
    pub office: Option<OfficeCode>,
    /// 続柄 (dependants; `None` for insured persons).
    pub relationship: Option<Relationship>,
}

impl fmt::Debug for Attributes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attributes")
            .field("from", &self.from)
            .field("identity", &self.identity)
            .field("office", &self.office)
            .field("relationship", &self.relationship)
            .finish()
    }
}

/// Whether a person is an insured person or a dependant (and of whom).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum Role {
    /// 被保険者.
    Insured,
    /// 被扶養者 of the insured person with key `insured`.
    Dependent {
        /// The insured person's key.
        insured: MemberKey,
    },
}

/// One eligibility period (資格期間): eligible from `acquired` (資格取得日, inclusive) until the day
/// before `lost` (資格喪失日, the first day not eligible).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EligibilityPeriod {
    /// 資格取得日 (or 被扶養者認定日 for a dependant).
    pub acquired: NaiveDate,
    /// 資格喪失日, when lost.
    pub lost: Option<NaiveDate>,
    /// Why it was lost, when lost.
    pub reason: Option<LossReason>,
}

impl EligibilityPeriod {
    /// `true` when eligible on `on`.
    pub fn contains(&self, on: NaiveDate) -> bool {
        self.acquired <= on && self.lost.is_none_or(|l| on < l)
    }

    /// `true` when eligible on at least one day of `month`.
    pub fn overlaps_month(&self, month: YearMonth) -> bool {
        self.acquired <= month.last_day() && self.lost.is_none_or(|l| l > month.first_day())
    }

    /// `true` while not lost.
    pub fn is_open(&self) -> bool {
        self.lost.is_none()
    }
}

/// A person in the master with the full history: every version of the attributes and every
/// eligibility period. `Debug` shows the key masked and no identity field.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRecord {
    key: MemberKey,
    role: Role,
    versions: Vec<Attributes>,
    periods: Vec<EligibilityPeriod>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    grades: Vec<GradeRecord>,
}

impl fmt::Debug for PersonRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PersonRecord")
            .field("key", &self.key)
            .field("role", &self.role)
            .field("versions", &self.versions.len())
            .field("periods", &self.periods)
            .finish()
    }
}

impl PersonRecord {
    /// A record as a store kept it: the key, the role, the versions, the periods and the grades
    /// exactly as [`PersonRecord::versions`], [`PersonRecord::periods`] and
    /// [`PersonRecord::grades`] gave them (oldest first). Like deserialising, it checks nothing
    /// itself: a master made of such records goes through [`MemberMaster::from_records`], which
    /// validates every invariant the events enforce.
    pub fn from_stored(
        key: MemberKey,
        role: Role,
        versions: Vec<Attributes>,
        periods: Vec<EligibilityPeriod>,
        grades: Vec<GradeRecord>,
    ) -> PersonRecord {
        PersonRecord {
            key,
            role,
            versions,
            periods,
            grades,
        }
    }

    /// The person's key (記号・番号・枝番).
    pub fn key(&self) -> &MemberKey {
        &self.key
    }

    /// Insured or dependant.
    pub fn role(&self) -> &Role {
        &self.role
    }

    /// `true` for a dependant.
    pub fn is_dependent(&self) -> bool {
        matches!(self.role, Role::Dependent { .. })
    }

    /// Every version of the attributes, oldest first.
    pub fn versions(&self) -> &[Attributes] {
        &self.versions
    }

    /// Every eligibility period, oldest first.
    pub fn periods(&self) -> &[EligibilityPeriod] {
        &self.periods
    }

    /// Every grade decision in force at some time, by first month (a decision replaced for the
    /// same first month is in the journal only).
    pub fn grades(&self) -> &[GradeRecord] {
        &self.grades
    }

    /// The grade in force in `month`: the latest decision taking effect in or before it within
    /// the eligibility period that covers the month (a grade does not outlive its period: after
    /// a re-acquisition a new 資格取得時決定 applies). `None` when not eligible in `month` or no
    /// grade was recorded for the period.
    pub fn grade_in_force(&self, month: YearMonth) -> Option<&GradeRecord> {
        let period = self
            .periods
            .iter()
            .rev()
            .find(|p| p.overlaps_month(month))?;
        let start = YearMonth::of(period.acquired);
        self.grades
            .iter()
            .rev()
            .find(|g| g.effective_from <= month && g.effective_from >= start)
    }

    /// The attributes in effect on `on` (before the first version: the first version).
    pub fn attributes_on(&self, on: NaiveDate) -> Option<&Attributes> {
        self.versions
            .iter()
            .rev()
            .find(|v| v.from <= on)
            .or_else(|| self.versions.first())
    }

    /// The period containing `on`.
    pub fn period_on(&self, on: NaiveDate) -> Option<&EligibilityPeriod> {
        self.periods.iter().find(|p| p.contains(on))
    }

    /// The open (not yet lost) period, if any.
    pub fn open_period(&self) -> Option<&EligibilityPeriod> {
        self.periods.iter().find(|p| p.is_open())
    }

    /// `true` when eligible on `on`.
    pub fn is_eligible_on(&self, on: NaiveDate) -> bool {
        self.period_on(on).is_some()
    }

    /// `true` when eligible on at least one day of `month`.
    pub fn is_eligible_in(&self, month: YearMonth) -> bool {
        self.periods.iter().any(|p| p.overlaps_month(month))
    }

    /// The date of birth (as currently recorded; corrections rewrite it everywhere).
    pub fn birth_date(&self) -> Option<NaiveDate> {
        self.versions.last().map(|v| v.identity.birth_date)
    }

    /// The person as of `on` ([`MemberMaster::person`]), given for a dependant the record of
    /// the insured person (`None` when the master has none), whose office is the dependant's.
    pub fn view_on<'a>(
        &'a self,
        on: NaiveDate,
        insured: Option<&'a PersonRecord>,
    ) -> Option<PersonView<'a>> {
        let attributes = self.attributes_on(on)?;
        let office = match &self.role {
            Role::Insured => attributes.office.as_ref(),
            Role::Dependent { .. } => insured
                .and_then(|i| i.attributes_on(on))
                .and_then(|a| a.office.as_ref()),
        };
        Some(PersonView {
            key: &self.key,
            role: &self.role,
            attributes,
            office,
            eligible: self.is_eligible_on(on),
            periods: &self.periods,
        })
    }

    /// The period answering a question about `on`: the one containing it, else the latest that
    /// started on or before it, else the first.
    pub(crate) fn period_for_inquiry(&self, on: NaiveDate) -> Option<&EligibilityPeriod> {
        self.period_on(on)
            .or_else(|| self.periods.iter().rev().find(|p| p.acquired <= on))
            .or_else(|| self.periods.first())
    }
}

/// A person as of a date: what other modules read (birth date, sex, name, office, role,
/// periods). `Debug` shows the key masked and no identity field.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct PersonView<'a> {
    /// 記号・番号・枝番.
    pub key: &'a MemberKey,
    /// Insured or dependant.
    pub role: &'a Role,
    /// Attributes in effect on the date asked.
    pub attributes: &'a Attributes,
    /// The office: the person's own (insured) or the insured person's (dependant), on the date.
    pub office: Option<&'a OfficeCode>,
    /// `true` when eligible on the date asked.
    pub eligible: bool,
    /// Every eligibility period.
    pub periods: &'a [EligibilityPeriod],
}

impl fmt::Debug for PersonView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PersonView")
            .field("key", self.key)
            .field("role", self.role)
            .field("eligible", &self.eligible)
            .finish_non_exhaustive()
    }
}

impl PersonView<'_> {
    /// 生年月日.
    pub fn birth_date(&self) -> NaiveDate {
        self.attributes.identity.birth_date
    }

    /// 性別.
    pub fn sex(&self) -> Sex {
        self.attributes.identity.sex
    }

    /// 氏名.
    pub fn name(&self) -> &PersonName {
        &self.attributes.identity.name
    }
}

/// A household (世帯) in a month: the insured person and the dependants eligible in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Household {
    /// The insured person.
    pub insured: MemberKey,
    /// `true` when the insured person is eligible on at least one day of the month.
    pub insured_eligible: bool,
    /// Dependants eligible on at least one day of the month, by key.
    pub dependents: Vec<MemberKey>,
}

/// A birthday rule that falls in a month and that an operator must act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BirthdayRule {
    /// Reaches 40 (介護保険 第2号 starts; 介護保険法 第9条2号): the month of the day before the
    /// 40th birthday.
    Reaches40,
    /// Reaches 65 (介護保険 第1号; the care premium ends the month before).
    Reaches65,
    /// First month as 高齢受給者 (70–74 co-payment, 健康保険法 第74条1項2号・3号): the month after
    /// the month of reaching 70 (born on the 1st: the birthday month).
    ElderlyRecipient70,
    /// 75th birthday: loss of eligibility, 後期高齢者医療.
    LateElderly75,
}

/// One person with a birthday rule falling in the month asked, with the day it takes effect.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BirthdayRuleDue {
    /// The person.
    pub key: MemberKey,
    /// The rule.
    pub rule: BirthdayRule,
    /// The day the rule takes effect (the day of reaching 40/65, the first day of the 70 month,
    /// the 75th birthday). It derives from the birth date: personal data.
    pub date: NaiveDate,
}

impl fmt::Debug for BirthdayRuleDue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BirthdayRuleDue")
            .field("key", &self.key)
            .field("rule", &self.rule)
            .finish_non_exhaustive()
    }
}

/// The answer to an eligibility inquiry (資格照会, purpose A8) from a clinic or another insurer:
/// exactly the six fields the society's notice names and nothing else.
///
/// ```
/// # use kenpo_domain::member::EligibilityAnswer;
/// let json = r#"{"symbol_and_number":{"symbol":"10","number":"123","branch":"00"},
///   "name":"山田 太郎","birth_date":"1980-05-02","sex":"male",
///   "acquired":"2026-04-01","lost":null}"#;
/// let answer: EligibilityAnswer = serde_json::from_str(json).unwrap();
/// assert_eq!(format!("{answer:?}"), "EligibilityAnswer(10-***-00)");
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EligibilityAnswer {
    /// 記号・番号 (with 枝番).
    pub symbol_and_number: MemberKey,
    /// 氏名.
    pub name: PersonName,
    /// 生年月日.
    pub birth_date: NaiveDate,
    /// 性別.
    pub sex: Sex,
    /// 資格取得日.
    pub acquired: NaiveDate,
    /// 資格喪失日 (`None` while eligible).
    pub lost: Option<NaiveDate>,
}

impl fmt::Debug for EligibilityAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EligibilityAnswer({})", self.symbol_and_number.masked())
    }
}

/// The member master: every person ever enrolled, with history, and the journal of the events
/// that built it. Serialised in the versioned form of [`store`] (format version
/// [`MASTER_FORMAT_VERSION`]); loading validates every invariant and reads the form of earlier
/// releases (a bare list of person records, version 0).
///
/// The records in force and the baseline share each record that no event has changed since
/// (`Arc`): a master loaded from half a million stored records holds them once, not twice, and
/// a clone of the master copies no record. An event that changes a person replaces that
/// person's record in force; the baseline keeps the old one.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct MemberMaster {
    persons: BTreeMap<MemberKey, Arc<PersonRecord>>,
    /// The records the journal starts from (a master migrated from version 0); empty for a
    /// master built from events.
    baseline: Vec<Arc<PersonRecord>>,
    journal: Journal,
}

impl fmt::Debug for MemberMaster {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemberMaster")
            .field("persons", &self.persons.len())
            .finish()
    }
}

impl MemberMaster {
    /// An empty master.
    pub fn new() -> Self {
        MemberMaster::default()
    }

    /// The number of persons ever enrolled.
    pub fn len(&self) -> usize {
        self.persons.len()
    }

    /// `true` when nobody was ever enrolled.
    pub fn is_empty(&self) -> bool {
        self.persons.is_empty()
    }

    /// The full record of a person.
    pub fn record(&self, key: &MemberKey) -> Option<&PersonRecord> {
        self.persons.get(key).map(Arc::as_ref)
    }

    /// Every person, ordered by key.
    pub fn persons(&self) -> impl Iterator<Item = &PersonRecord> {
        self.persons.values().map(Arc::as_ref)
    }

    /// Every person under a 記号・番号, whatever the branch (for receipts without 枝番).
    pub fn find_by_symbol_number(
        &self,
        symbol: &InsuredSymbol,
        number: &InsuredNumber,
    ) -> impl Iterator<Item = &PersonRecord> {
        // Keys order by symbol, number, then branch: one household is one contiguous key range,
        // so the lookup costs O(log n + household) instead of a scan of the master.
        let range = match (BranchNumber::from_value(0), BranchNumber::from_value(99)) {
            (Ok(lo), Ok(hi)) => Some(
                MemberKey::new(symbol.clone(), number.clone(), lo)
                    ..=MemberKey::new(symbol.clone(), number.clone(), hi),
            ),
            _ => None,
        };
        range
            .into_iter()
            .flat_map(move |r| self.persons.range(r).map(|(_, v)| v.as_ref()))
    }

    /// The dependants (eligible or not) recorded under the insured person `insured`.
    pub(crate) fn dependants_of<'a>(
        &'a self,
        insured: &'a MemberKey,
    ) -> impl Iterator<Item = &'a PersonRecord> + 'a {
        self.find_by_symbol_number(&insured.symbol, &insured.number)
            .filter(move |r| matches!(&r.role, Role::Dependent { insured: i } if i == insured))
    }

    /// The insured person under a 記号・番号, if any.
    pub fn insured_of(
        &self,
        symbol: &InsuredSymbol,
        number: &InsuredNumber,
    ) -> Option<&PersonRecord> {
        self.find_by_symbol_number(symbol, number)
            .find(|r| !r.is_dependent())
    }

    /// The grade in force for `key` in `month` ([`PersonRecord::grade_in_force`]).
    pub fn grade_in_force(&self, key: &MemberKey, month: YearMonth) -> Option<&GradeRecord> {
        self.persons.get(key)?.grade_in_force(month)
    }

    /// Every grade decision of `key` in force at some time, by first month (empty for an unknown
    /// key or a dependant).
    pub fn grade_history(&self, key: &MemberKey) -> &[GradeRecord] {
        self.persons.get(key).map_or(&[], |r| r.grades.as_slice())
    }

    /// Records a decided grade (標準報酬月額 with its decision kind and dates) for the insured
    /// person `key`, at `recorded_at`: [`MemberEvent::GradeDecided`] through the journal.
    pub fn record_grade(
        &mut self,
        key: &MemberKey,
        decision: GradeRecord,
        recorded_at: NaiveDateTime,
    ) -> Result<(), MemberError> {
        self.apply_at(
            &MemberEvent::GradeDecided {
                key: key.clone(),
                decision,
            },
            recorded_at,
        )
    }

    /// The journal: every event applied, in order, with when it was recorded.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// The master as it was known at `at`: the events recorded at or before `at` (and those
    /// recorded without a time) replayed on the baseline. A correction recorded later is not
    /// applied, so the earlier value is what this master holds.
    pub fn as_known_on(&self, at: NaiveDateTime) -> Result<MemberMaster, MemberError> {
        let mut m = MemberMaster::from_baseline(self.baseline.clone());
        for e in self.journal.entries() {
            if e.recorded_at.is_none_or(|t| t <= at) {
                m.apply_recorded(&e.event, e.recorded_at)?;
            }
        }
        Ok(m)
    }

    fn from_baseline(baseline: Vec<Arc<PersonRecord>>) -> MemberMaster {
        MemberMaster {
            persons: baseline
                .iter()
                .map(|r| (r.key.clone(), Arc::clone(r)))
                .collect(),
            baseline,
            journal: Journal::default(),
        }
    }

    /// Removes the households whose insured person `disposed` selects (the insured person and
    /// every dependant under the same 記号・番号) from the records, the baseline and the journal.
    /// Returns the keys removed. Used by the disposal run ([`crate::access::disposal`]).
    pub(crate) fn remove_persons(&mut self, keys: &std::collections::BTreeSet<MemberKey>) {
        self.persons.retain(|k, _| !keys.contains(k));
        self.baseline.retain(|r| !keys.contains(&r.key));
        self.journal.retain(|e| !keys.contains(e.event.key()));
    }

    /// A person as of `on`.
    pub fn person(&self, key: &MemberKey, on: NaiveDate) -> Option<PersonView<'_>> {
        let record = self.persons.get(key)?;
        let insured = match &record.role {
            Role::Insured => None,
            Role::Dependent { insured } => self.persons.get(insured).map(Arc::as_ref),
        };
        record.view_on(on, insured)
    }

    /// `true` when the person is eligible (資格あり) on `on`. Unknown keys are not eligible.
    pub fn is_eligible(&self, key: &MemberKey, on: NaiveDate) -> bool {
        self.persons.get(key).is_some_and(|r| r.is_eligible_on(on))
    }

    /// The household of the insured person `insured` in `month`: the dependants eligible on at
    /// least one day of it. `None` when `insured` is not an insured person.
    pub fn household(&self, insured: &MemberKey, month: YearMonth) -> Option<Household> {
        let record = self.persons.get(insured)?;
        if record.is_dependent() {
            return None;
        }
        let dependents = self
            .dependants_of(insured)
            .filter(|r| r.is_eligible_in(month))
            .map(|r| r.key.clone())
            .collect();
        Some(Household {
            insured: insured.clone(),
            insured_eligible: record.is_eligible_in(month),
            dependents,
        })
    }

    /// Eligible persons with a birthday rule (40, 65, 70, 75) in `month`, ordered by the day
    /// the rule takes effect, then by key. A person counts when eligible on the rule's day
    /// (for 75: on the day before the birthday, the last eligible day).
    pub fn persons_with_birthday_rule_in(&self, month: YearMonth) -> Vec<BirthdayRuleDue> {
        let mut due = Vec::new();
        for record in self.persons.values() {
            let Some(birth) = record.birth_date() else {
                continue;
            };
            let rules = [
                (
                    BirthdayRule::Reaches40,
                    age::date_reaching_age(birth, 40),
                    age::date_reaching_age(birth, 40),
                ),
                (
                    BirthdayRule::Reaches65,
                    age::date_reaching_age(birth, 65),
                    age::date_reaching_age(birth, 65),
                ),
                (
                    BirthdayRule::ElderlyRecipient70,
                    age::elderly_recipient_first_month(birth).map(YearMonth::first_day),
                    age::elderly_recipient_first_month(birth).map(YearMonth::first_day),
                ),
                (
                    BirthdayRule::LateElderly75,
                    age::late_elderly_transition_date(birth),
                    age::late_elderly_transition_date(birth).and_then(|d| d.pred_opt()),
                ),
            ];
            for (rule, effective, check_on) in rules {
                if let (Some(date), Some(check_on)) = (effective, check_on) {
                    if month.contains(date) && record.is_eligible_on(check_on) {
                        due.push(BirthdayRuleDue {
                            key: record.key.clone(),
                            rule,
                            date,
                        });
                    }
                }
            }
        }
        due.sort_by(|a, b| (a.date, &a.key).cmp(&(b.date, &b.key)));
        due
    }

    /// The loss events due in `month` because of 75th birthdays (後期高齢者医療), in date order:
    /// a [`MemberEvent::Loss`] for each insured person, a [`MemberEvent::DependentRemoved`] for
    /// each dependant whose insured person does not lose eligibility on or before that day (those
    /// dependants leave with the insured person). Persons already lost on or before their
    /// birthday are left out, so applying the list twice is harmless. Applying them in order is
    /// valid.
    pub fn late_elderly_losses_in(&self, month: YearMonth) -> Vec<MemberEvent> {
        let due: Vec<BirthdayRuleDue> = self
            .persons_with_birthday_rule_in(month)
            .into_iter()
            .filter(|d| d.rule == BirthdayRule::LateElderly75)
            .collect();
        let insured_loss_day =
            |insured: &MemberKey| due.iter().find(|d| &d.key == insured).map(|d| d.date);
        let mut events = Vec::new();
        for d in &due {
            let Some(record) = self.persons.get(&d.key) else {
                continue;
            };
            // Already lost on or before the birthday (e.g. these events were applied): nothing due.
            let still_open = d
                .date
                .pred_opt()
                .and_then(|last| record.period_on(last))
                .is_some_and(|p| p.lost.is_none_or(|l| l > d.date));
            if !still_open {
                continue;
            }
            match &record.role {
                Role::Insured => events.push(MemberEvent::Loss {
                    key: d.key.clone(),
                    lost: d.date,
                    reason: LossReason::LateElderly,
                }),
                Role::Dependent { insured } => {
                    if insured_loss_day(insured).is_some_and(|day| day <= d.date) {
                        continue;
                    }
                    events.push(MemberEvent::DependentRemoved {
                        key: d.key.clone(),
                        lost: d.date,
                        reason: LossReason::LateElderly,
                    });
                }
            }
        }
        events
    }
}

/// The masked key of `key`, for errors.
fn masked(key: &MemberKey) -> MaskedMemberKey {
    key.masked()
}
