//! The member master (適用, 加入者台帳, [`kenpo_domain::member`]) as an object: built from member
//! events (資格取得, 資格喪失, 被扶養者異動, 変更, 訂正, 標準報酬月額の決定), loaded from and saved to
//! its versioned stored form, and asked about eligibility (for the society's own work),
//! households, the grade in force, and the birthday rules and 75th-birthday losses due in a month.
//!
//! The events a host sends ([`MemberEvent`], JSON tagged by `kind`) are this crate's own records,
//! not the domain's serde layout, so a change in the domain's model never changes what a host
//! sends. The stored form is the domain's versioned file format (`format`, `version`, `baseline`,
//! `journal`; [`kenpo_domain::member::store`]): the same file a society store keeps, carrying its
//! own format version and checked on every load, so a host and the `kenpo` command read each
//! other's masters.
//!
//! An eligibility answer to a clinic or another insurer (資格照会, purpose A8) is not here: it
//! leaves only through the access layer's logged decision.
//!
//! Personal data (names, kana, birth dates, addresses, 記号・番号) crosses as arguments and
//! answers only: no record holding it has `Debug`, and errors carry the masked key (`10-***-00`)
//! at most.
use std::fmt;
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use kenpo_domain::identifiers as ids;
use kenpo_domain::member as domain;
use kenpo_domain::person::{self, Address, KanaName, PersonName};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::batch::{self, Rejection};
use crate::code::ResultCode;
use crate::error::{count, KenpoError, KenpoResult};
use crate::identifiers::MemberKey;
use crate::person::Sex;
use crate::remuneration::{DecisionKind, Grade};
use crate::scalar::{PlainDate, PlainMonth};

mirror_enum! {
    /// 続柄: a dependant's relationship to the insured person (健康保険法 第3条7項).
    pub enum Relationship => domain::Relationship {
        /// 配偶者, including a de-facto spouse (第3条7項1号).
        Spouse,
        /// 子 (第3条7項1号).
        Child,
        /// 孫 (第3条7項1号).
        Grandchild,
        /// 兄・姉 (第3条7項1号 from 2016-10-01; before, they had to live with the insured).
        ElderSibling,
        /// 弟・妹 (第3条7項1号).
        YoungerSibling,
        /// 父母 and other parents (直系尊属, 第3条7項1号).
        Parent,
        /// 祖父母 and other 直系尊属 (第3条7項1号).
        Grandparent,
        /// Another relative within the third degree (第3条7項2号: must live with the insured).
        OtherRelativeWithinThirdDegree,
        /// A parent or child of a de-facto spouse (第3条7項3号・4号: must live with the insured).
        DeFactoSpouseParentOrChild,
    }
}

mirror_enum! {
    /// Why eligibility was lost (資格喪失の事由, 健康保険法 第36条).
    pub enum LossReason => domain::LossReason {
        /// 退職: lost on the day after the last day of employment (insured persons).
        Retirement,
        /// 死亡: lost on the day after death.
        Death,
        /// 後期高齢者医療: lost on the 75th birthday itself (第3条1項, 高確法 第52条).
        LateElderly,
        /// 被扶養者認定の取消し (dependants).
        RecognitionWithdrawn,
        /// The insured person lost eligibility (dependants; set by the master itself).
        InsuredLoss,
        /// 転籍 (insured persons).
        Transfer,
        /// その他.
        Other,
    }
}

mirror_enum! {
    /// A birthday rule an operator must act on in a month.
    pub enum BirthdayRule => domain::BirthdayRule {
        /// Reaches 40: 介護保険 第2号 starts (介護保険法 第9条2号).
        Reaches40,
        /// Reaches 65: 介護保険 第1号; the care premium ends the month before.
        Reaches65,
        /// First month as 高齢受給者 (70–74 co-payment, 健康保険法 第74条1項).
        ElderlyRecipient70,
        /// 75th birthday: loss of eligibility, 後期高齢者医療.
        LateElderly75,
    }
}

fn key_at(key: &MemberKey, field: &str) -> KenpoResult<ids::MemberKey> {
    key.to_domain(field)
}

/// The identity fields of a notification (A1): 氏名, カナ氏名, 生年月日, 性別, 住所. Personal
/// data: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Identity {
    /// 氏名 (1–100 characters).
    pub name: String,
    /// カナ氏名 (katakana, 1–100 characters).
    pub kana: String,
    /// 生年月日.
    pub birth_date: PlainDate,
    /// 性別.
    pub sex: Sex,
    /// 住所 (1–200 characters).
    pub address: String,
}

fn person_error(field: &str) -> impl Fn(person::PersonError) -> KenpoError + '_ {
    // PersonError names the rule (empty, too long, not katakana), never the text.
    move |e| KenpoError::input(ResultCode::InvalidMemberEvent, field, e)
}

fn office(text: &str, field: &str) -> KenpoResult<ids::OfficeCode> {
    ids::OfficeCode::new(text).map_err(|e| KenpoError::from(e).within(field))
}

impl Identity {
    fn to_domain(&self) -> KenpoResult<domain::Identity> {
        Ok(domain::Identity {
            name: PersonName::new(&self.name).map_err(person_error("name"))?,
            kana: KanaName::new(&self.kana).map_err(person_error("kana"))?,
            birth_date: self.birth_date.0,
            sex: self.sex.into(),
            address: Address::new(&self.address).map_err(person_error("address"))?,
        })
    }
}

impl TryFrom<&domain::Identity> for Identity {
    type Error = KenpoError;
    fn try_from(i: &domain::Identity) -> KenpoResult<Self> {
        Ok(Identity {
            name: i.name.as_str().to_owned(),
            kana: i.kana.as_str().to_owned(),
            birth_date: PlainDate(i.birth_date),
            sex: i.sex.try_into()?,
            address: i.address.as_str().to_owned(),
        })
    }
}

/// A field and its new value, for [`MemberEvent::Change`] and [`MemberEvent::Correction`].
/// JSON: `{"field": "address", "value": "…"}`. Personal data: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "field", deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum FieldChange {
    /// 氏名.
    Name {
        /// The new name.
        value: String,
    },
    /// カナ氏名.
    Kana {
        /// The new kana name.
        value: String,
    },
    /// 生年月日 (normally by correction).
    BirthDate {
        /// The date.
        value: PlainDate,
    },
    /// 性別.
    Sex {
        /// The sex.
        value: Sex,
    },
    /// 住所.
    Address {
        /// The new address.
        value: String,
    },
    /// 事業所記号 (insured persons).
    Office {
        /// The office code.
        value: String,
    },
    /// 続柄 (dependants).
    Relationship {
        /// The relationship.
        value: Relationship,
    },
}

impl FieldChange {
    fn to_domain(&self) -> KenpoResult<domain::FieldChange> {
        Ok(match self {
            FieldChange::Name { value } => {
                domain::FieldChange::Name(PersonName::new(value).map_err(person_error("value"))?)
            }
            FieldChange::Kana { value } => {
                domain::FieldChange::Kana(KanaName::new(value).map_err(person_error("value"))?)
            }
            FieldChange::BirthDate { value } => domain::FieldChange::BirthDate(value.0),
            FieldChange::Sex { value } => domain::FieldChange::Sex((*value).into()),
            FieldChange::Address { value } => {
                domain::FieldChange::Address(Address::new(value).map_err(person_error("value"))?)
            }
            FieldChange::Office { value } => domain::FieldChange::Office(office(value, "value")?),
            FieldChange::Relationship { value } => {
                domain::FieldChange::Relationship((*value).into())
            }
        })
    }
}

impl TryFrom<&domain::FieldChange> for FieldChange {
    type Error = KenpoError;
    fn try_from(c: &domain::FieldChange) -> KenpoResult<Self> {
        Ok(match c {
            domain::FieldChange::Name(v) => FieldChange::Name {
                value: v.as_str().to_owned(),
            },
            domain::FieldChange::Kana(v) => FieldChange::Kana {
                value: v.as_str().to_owned(),
            },
            domain::FieldChange::BirthDate(v) => FieldChange::BirthDate {
                value: PlainDate(*v),
            },
            domain::FieldChange::Sex(v) => FieldChange::Sex {
                value: (*v).try_into()?,
            },
            domain::FieldChange::Address(v) => FieldChange::Address {
                value: v.as_str().to_owned(),
            },
            domain::FieldChange::Office(v) => FieldChange::Office {
                value: v.as_str().to_owned(),
            },
            domain::FieldChange::Relationship(v) => FieldChange::Relationship {
                value: (*v).try_into()?,
            },
            _ => return Err(KenpoError::internal("a FieldChange unknown to kenpo-api")),
        })
    }
}

/// A decided 標準報酬月額 as the master keeps it (健康保険法 第40条–第43条の3): the grade, the
/// decision that made it, the first premium month it applies to (適用開始月) and the day it was
/// decided (決定日). It stays in force until the next decision takes effect or the eligibility
/// period ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct GradeRecord {
    /// The grade (等級 and 標準報酬月額, checked against the table).
    pub grade: Grade,
    /// The decision that made it.
    pub kind: DecisionKind,
    /// The first premium month it applies to.
    pub effective_from: PlainMonth,
    /// The day it was decided.
    pub decided_on: PlainDate,
}

impl GradeRecord {
    fn to_domain(self) -> KenpoResult<domain::GradeRecord> {
        Ok(domain::GradeRecord {
            grade: self
                .grade
                .try_into()
                .map_err(|e: KenpoError| e.within("grade"))?,
            kind: self.kind.into(),
            effective_from: self.effective_from.0,
            decided_on: self.decided_on.0,
        })
    }
}

impl TryFrom<&domain::GradeRecord> for GradeRecord {
    type Error = KenpoError;
    fn try_from(g: &domain::GradeRecord) -> KenpoResult<Self> {
        Ok(GradeRecord {
            grade: g.grade.into(),
            kind: g.kind.try_into()?,
            effective_from: PlainMonth(g.effective_from),
            decided_on: PlainDate(g.decided_on),
        })
    }
}

/// A notification (届出) applied to the master. JSON: tagged by `kind`; dates `YYYY-MM-DD`; a
/// key `{"symbol": "10", "number": "123", "branch": "00"}`. Personal data: no `Debug`.
///
/// ```
/// use kenpo_api::member::MemberEvent;
/// let event: MemberEvent = serde_json::from_str(r#"{"kind": "loss",
///     "key": {"symbol": "10", "number": "123", "branch": "00"},
///     "lost": "2026-07-01", "reason": "retirement"}"#).unwrap();
/// assert!(matches!(event, MemberEvent::Loss { .. }));
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum MemberEvent {
    /// 被保険者資格取得届 (健康保険法 第48条, 第35条): an insured person acquires eligibility.
    Acquisition {
        /// 記号・番号・枝番.
        key: MemberKey,
        /// 資格取得日.
        acquired: PlainDate,
        /// Identity fields.
        identity: Identity,
        /// 事業所記号.
        office: String,
    },
    /// 被扶養者(異動)届, addition (則 第38条): a dependant recognised.
    DependentAdded {
        /// The dependant's key (the insured person's 記号・番号, its own 枝番).
        key: MemberKey,
        /// 被扶養者認定日.
        recognized: PlainDate,
        /// Identity fields.
        identity: Identity,
        /// 続柄.
        relationship: Relationship,
    },
    /// 被扶養者(異動)届, removal: no longer a dependant from `lost`.
    DependentRemoved {
        /// The dependant's key.
        key: MemberKey,
        /// The first day no longer a dependant.
        lost: PlainDate,
        /// Why.
        reason: LossReason,
    },
    /// A change of a field from a date onward (氏名変更届, 住所変更届, 事業所の異動 …).
    Change {
        /// Whose.
        key: MemberKey,
        /// The first day the new value holds.
        effective: PlainDate,
        /// The field and its new value.
        change: FieldChange,
    },
    /// 訂正: the recorded value was wrong from the start; replaced in every version.
    Correction {
        /// Whose.
        key: MemberKey,
        /// The field and its right value.
        change: FieldChange,
    },
    /// 標準報酬月額の決定 (健康保険法 第41条–第43条の3) for an insured person, recorded in the
    /// master's grade history. A second decision for the same first month replaces the first
    /// (the journal keeps both).
    GradeDecided {
        /// The insured person's key.
        key: MemberKey,
        /// The decision.
        decision: GradeRecord,
    },
    /// 被保険者資格喪失届 (健康保険法 第36条): lost on `lost` (資格喪失日: the day after leaving
    /// or death, the 75th birthday); the dependants lose it on the same day.
    Loss {
        /// The insured person's key.
        key: MemberKey,
        /// 資格喪失日.
        lost: PlainDate,
        /// Why.
        reason: LossReason,
    },
}

impl MemberEvent {
    /// The domain event, every field checked; a malformed one is [`KenpoError::InvalidInput`]
    /// naming it (`key.branch`, `identity.kana`, `change.value`).
    pub fn to_domain(&self) -> KenpoResult<domain::MemberEvent> {
        Ok(match self {
            MemberEvent::Acquisition {
                key,
                acquired,
                identity,
                office: o,
            } => domain::MemberEvent::Acquisition {
                key: key_at(key, "key")?,
                acquired: acquired.0,
                identity: identity.to_domain().map_err(|e| e.within("identity"))?,
                office: office(o, "office")?,
            },
            MemberEvent::DependentAdded {
                key,
                recognized,
                identity,
                relationship,
            } => domain::MemberEvent::DependentAdded {
                key: key_at(key, "key")?,
                recognized: recognized.0,
                identity: identity.to_domain().map_err(|e| e.within("identity"))?,
                relationship: (*relationship).into(),
            },
            MemberEvent::DependentRemoved { key, lost, reason } => {
                domain::MemberEvent::DependentRemoved {
                    key: key_at(key, "key")?,
                    lost: lost.0,
                    reason: (*reason).into(),
                }
            }
            MemberEvent::Change {
                key,
                effective,
                change,
            } => domain::MemberEvent::Change {
                key: key_at(key, "key")?,
                effective: effective.0,
                change: change.to_domain().map_err(|e| e.within("change"))?,
            },
            MemberEvent::Correction { key, change } => domain::MemberEvent::Correction {
                key: key_at(key, "key")?,
                change: change.to_domain().map_err(|e| e.within("change"))?,
            },
            MemberEvent::GradeDecided { key, decision } => domain::MemberEvent::GradeDecided {
                key: key_at(key, "key")?,
                decision: decision.to_domain().map_err(|e| e.within("decision"))?,
            },
            MemberEvent::Loss { key, lost, reason } => domain::MemberEvent::Loss {
                key: key_at(key, "key")?,
                lost: lost.0,
                reason: (*reason).into(),
            },
        })
    }
}

impl TryFrom<&domain::MemberEvent> for MemberEvent {
    type Error = KenpoError;
    fn try_from(e: &domain::MemberEvent) -> KenpoResult<Self> {
        Ok(match e {
            domain::MemberEvent::Acquisition {
                key,
                acquired,
                identity,
                office,
            } => MemberEvent::Acquisition {
                key: key.into(),
                acquired: PlainDate(*acquired),
                identity: identity.try_into()?,
                office: office.as_str().to_owned(),
            },
            domain::MemberEvent::DependentAdded {
                key,
                recognized,
                identity,
                relationship,
            } => MemberEvent::DependentAdded {
                key: key.into(),
                recognized: PlainDate(*recognized),
                identity: identity.try_into()?,
                relationship: (*relationship).try_into()?,
            },
            domain::MemberEvent::DependentRemoved { key, lost, reason } => {
                MemberEvent::DependentRemoved {
                    key: key.into(),
                    lost: PlainDate(*lost),
                    reason: (*reason).try_into()?,
                }
            }
            domain::MemberEvent::Change {
                key,
                effective,
                change,
            } => MemberEvent::Change {
                key: key.into(),
                effective: PlainDate(*effective),
                change: change.try_into()?,
            },
            domain::MemberEvent::Correction { key, change } => MemberEvent::Correction {
                key: key.into(),
                change: change.try_into()?,
            },
            domain::MemberEvent::GradeDecided { key, decision } => MemberEvent::GradeDecided {
                key: key.into(),
                decision: decision.try_into()?,
            },
            domain::MemberEvent::Loss { key, lost, reason } => MemberEvent::Loss {
                key: key.into(),
                lost: PlainDate(*lost),
                reason: (*reason).try_into()?,
            },
            _ => return Err(KenpoError::internal("a MemberEvent unknown to kenpo-api")),
        })
    }
}

/// Many member events applied in order in one call (`kenpo_member_master_apply_batch` in C,
/// `MemberMaster.applyBatch` in Kotlin and Swift). Personal data: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MemberEventBatch {
    /// The events, applied in this order.
    pub events: Vec<MemberEvent>,
}

/// The outcome of a batch of events: how many were applied, and every event refused with its
/// index, code, field (within the event: `identity.kana`) and reason (the rule broken and the
/// masked key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EventBatchReport {
    /// The number of events applied.
    pub applied: i64,
    /// The events refused, in batch order; each left the master as it was.
    pub rejected: Vec<Rejection>,
}

/// A household (世帯) in a month: the insured person and the dependants eligible in it.
/// Personal data (keys): no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Household {
    /// The insured person.
    pub insured: MemberKey,
    /// `true` when the insured person is eligible on at least one day of the month.
    pub insured_eligible: bool,
    /// Dependants eligible on at least one day of the month, by key.
    pub dependents: Vec<MemberKey>,
}

/// One person with a birthday rule falling in the month asked, and the day it takes effect (the
/// day of reaching 40 or 65, the first day of the 高齢受給者 month, the 75th birthday). Derived
/// from a birth date: personal data, no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BirthdayRuleDue {
    /// The person.
    pub key: MemberKey,
    /// The rule.
    pub rule: BirthdayRule,
    /// The day the rule takes effect.
    pub date: PlainDate,
}

// ---- The object.

/// The member master: every person ever enrolled, with history. Changed only by events; safe
/// to share between threads (reads run together, a change runs alone). `AutoCloseable` in
/// Kotlin; a `kenpo_member_master` handle in C.
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct MemberMaster {
    inner: RwLock<domain::MemberMaster>,
}

impl fmt::Debug for MemberMaster {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MemberMaster(..)")
    }
}

fn poisoned() -> KenpoError {
    KenpoError::Internal {
        code: ResultCode::HandlePoisoned as i32,
        detail: "the member master is unusable after an earlier internal error".to_owned(),
    }
}

impl MemberMaster {
    /// A master holding `master`.
    pub fn from_domain(master: domain::MemberMaster) -> MemberMaster {
        MemberMaster {
            inner: RwLock::new(master),
        }
    }

    /// Reads the domain master (for the operations of other families that consult it: receipt
    /// checks, access decisions).
    ///
    /// # Errors
    /// [`KenpoError::Internal`] (code 902) when an earlier call panicked while changing it.
    pub fn read(&self) -> KenpoResult<RwLockReadGuard<'_, domain::MemberMaster>> {
        self.inner.read().map_err(|_| poisoned())
    }

    /// Changes the domain master (the disposal run of the access family removes persons).
    ///
    /// # Errors
    /// [`KenpoError::Internal`] (code 902) when an earlier call panicked while changing it.
    pub(crate) fn write(&self) -> KenpoResult<RwLockWriteGuard<'_, domain::MemberMaster>> {
        self.inner.write().map_err(|_| poisoned())
    }

    /// Diagnostic: panics while holding the master for a change, as a bug in the middle of a
    /// change would, so that tests can show such a panic is contained (every later call answers
    /// code 902). Not exported to Kotlin and Swift.
    #[doc(hidden)]
    pub fn debug_panic_while_changing(&self) -> KenpoResult<()> {
        let _held = self.write()?;
        panic!("debug_panic_while_changing was called")
    }

    fn person_view<T>(
        &self,
        key: &MemberKey,
        field: &str,
        answer: impl FnOnce(&domain::MemberMaster, &ids::MemberKey) -> Option<T>,
    ) -> KenpoResult<T> {
        let key = key_at(key, field)?;
        let master = self.read()?;
        answer(&master, &key).ok_or_else(|| KenpoError::NotFound {
            code: ResultCode::UnknownMember as i32,
            what: format!("member {}", key.masked()),
        })
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl MemberMaster {
    /// An empty master.
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn empty() -> MemberMaster {
        MemberMaster::from_domain(domain::MemberMaster::new())
    }

    /// A master loaded from its versioned stored form: what [`MemberMaster::to_json`] writes
    /// and what `kenpo` itself keeps in a society store (`{"format": "kenpo-member-master",
    /// "version": 1, "baseline": [...], "journal": {...}}`, described in
    /// [`kenpo_domain::member::store`]), or the bare list of person records of releases before the
    /// journal (version 0, migrated on load). Every baseline record is checked against the
    /// invariants the events keep and the journal is replayed through the same rules, so a loaded
    /// master is exactly one the events could have built.
    ///
    /// # Errors
    /// [`KenpoError::InvalidInput`]: code 105 for text that is not a master (line and column,
    /// never a value of the file); 222 for another format or an unknown version (field `format`,
    /// `version`), a baseline record that breaks an invariant (field `baseline[3]`, the rule and
    /// the masked key), or a journal entry refused on replay (field `journal`).
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn from_json(text: String) -> KenpoResult<MemberMaster> {
        Ok(MemberMaster::from_domain(domain::MemberMaster::from_json(
            &text,
        )?))
    }

    /// The versioned stored form of the whole master (format version
    /// [`domain::MASTER_FORMAT_VERSION`]): the baseline and the journal of every event applied.
    /// Holds personal data: store it as such.
    pub fn to_json(&self) -> KenpoResult<String> {
        self.read()?
            .to_json()
            .map_err(|_| KenpoError::internal("the member master could not be written as JSON"))
    }

    /// Validates and applies one event. A refused event leaves the master exactly as it was.
    ///
    /// # Errors
    /// [`KenpoError::Refused`] (code 220) naming the rule broken (`member.aged_75_or_over
    /// (健康保険法 第3条1項, 高確法 第50条)`) and the masked key; [`KenpoError::NotFound`] (221)
    /// for a person not in the master; [`KenpoError::InvalidInput`] for a malformed field.
    pub fn apply(&self, event: MemberEvent) -> KenpoResult<()> {
        let event = event.to_domain()?;
        Ok(self.write()?.apply(&event)?)
    }

    /// Applies events in order, skipping those refused (malformed or breaking a rule) and
    /// reporting each with its index; one refused event never fails the call.
    pub fn apply_batch(&self, request: MemberEventBatch) -> KenpoResult<EventBatchReport> {
        let mut master = self.write()?;
        let (outcomes, rejected) = batch::run(&request.events, |e| {
            let event = e.to_domain()?;
            master.apply(&event).map_err(KenpoError::from)
        });
        let applied = outcomes.iter().filter(|o| o.is_some()).count();
        Ok(EventBatchReport {
            applied: count(applied),
            rejected,
        })
    }

    /// `true` when the person `key` is eligible (資格あり) on `on`: for the society's own work
    /// (its receipt checks, benefits and premium runs), never as an answer to a clinic or another
    /// insurer. An eligibility inquiry from outside (資格照会, purpose A8) is answered only
    /// through the access layer's logged decision (`Catalog::answer_eligibility_inquiry` in the
    /// domain), which records who asked and why.
    ///
    /// # Errors
    /// [`KenpoError::NotFound`] (221) for a key not in the master; [`KenpoError::InvalidInput`]
    /// (201) for a malformed key.
    pub fn is_eligible(&self, key: MemberKey, on: PlainDate) -> KenpoResult<bool> {
        self.person_view(&key, "key", |m, k| {
            m.record(k).map(|r| r.is_eligible_on(on.0))
        })
    }

    /// The household (世帯) of the insured person `insured` in `month`: the dependants eligible
    /// on at least one day of it.
    ///
    /// # Errors
    /// [`KenpoError::NotFound`] (221) when `insured` is not an insured person of the master.
    pub fn household(&self, insured: MemberKey, month: PlainMonth) -> KenpoResult<Household> {
        self.person_view(&insured, "insured", |m, k| {
            m.household(k, month.0).map(|h| Household {
                insured: (&h.insured).into(),
                insured_eligible: h.insured_eligible,
                dependents: h.dependents.iter().map(MemberKey::from).collect(),
            })
        })
    }

    /// The eligible persons with a birthday rule in `month` (reaching 40 or 65, the first
    /// 高齢受給者 month, the 75th birthday), ordered by the day it takes effect, then by key.
    pub fn birthday_rules_due(&self, month: PlainMonth) -> KenpoResult<Vec<BirthdayRuleDue>> {
        self.read()?
            .persons_with_birthday_rule_in(month.0)
            .iter()
            .map(|d| {
                Ok(BirthdayRuleDue {
                    key: (&d.key).into(),
                    rule: d.rule.try_into()?,
                    date: PlainDate(d.date),
                })
            })
            .collect()
    }

    /// The loss events due in `month` because of 75th birthdays (後期高齢者医療; 健康保険法 第3条1項,
    /// 高確法 第52条): a `loss` for each insured person, a `dependent_removed` for each dependant
    /// who does not leave with the insured person. Applying them in order is valid, and applying
    /// them twice is harmless (persons already lost are left out).
    pub fn late_elderly_losses(&self, month: PlainMonth) -> KenpoResult<Vec<MemberEvent>> {
        self.read()?
            .late_elderly_losses_in(month.0)
            .iter()
            .map(MemberEvent::try_from)
            .collect()
    }

    /// The grade (標準報酬月額) in force for the insured person `key` in `month`: the latest
    /// decision taking effect in or before it within the eligibility period covering the month
    /// (a grade does not outlive its period). `None` when the person is not eligible in `month`
    /// or no grade was recorded for that period.
    ///
    /// # Errors
    /// [`KenpoError::NotFound`] (221) for a key not in the master; [`KenpoError::InvalidInput`]
    /// (201) for a malformed key.
    pub fn grade_in_force(
        &self,
        key: MemberKey,
        month: PlainMonth,
    ) -> KenpoResult<Option<GradeRecord>> {
        self.person_view(&key, "key", |m, k| {
            m.record(k)
                .map(|r| r.grade_in_force(month.0).map(GradeRecord::try_from))
        })?
        .transpose()
    }

    /// Every grade decision of `key` in force at some time, by first month (one replaced for
    /// the same first month is in the journal only).
    ///
    /// # Errors
    /// [`KenpoError::NotFound`] (221) for a key not in the master; [`KenpoError::InvalidInput`]
    /// (201) for a malformed key.
    pub fn grade_history(&self, key: MemberKey) -> KenpoResult<Vec<GradeRecord>> {
        self.person_view(&key, "key", |m, k| {
            m.record(k)
                .map(|r| r.grades().iter().map(GradeRecord::try_from).collect())
        })?
    }

    /// The number of events in the journal (every event applied since the baseline).
    pub fn journal_len(&self) -> KenpoResult<i64> {
        Ok(count(self.read()?.journal().len()))
    }

    /// The number of persons in the master (every person ever enrolled).
    pub fn len(&self) -> KenpoResult<i64> {
        Ok(count(self.read()?.len()))
    }

    /// `true` when nobody was ever enrolled.
    pub fn is_empty(&self) -> KenpoResult<bool> {
        Ok(self.read()?.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(branch: &str) -> MemberKey {
        MemberKey {
            symbol: "10".into(),
            number: "123".into(),
            branch: branch.into(),
        }
    }

    fn day(y: i32, m: i32, d: i32) -> PlainDate {
        PlainDate::from_parts(y, m, d).unwrap()
    }

    fn identity(name: &str, kana: &str, born: PlainDate, sex: Sex) -> Identity {
        Identity {
            name: name.into(),
            kana: kana.into(),
            birth_date: born,
            sex,
            address: "東京都千代田区千代田1-1".into(),
        }
    }

    fn taro() -> MemberEvent {
        MemberEvent::Acquisition {
            key: key("00"),
            acquired: day(2026, 4, 1),
            identity: identity("山田 太郎", "ヤマダ タロウ", day(1980, 5, 2), Sex::Male),
            office: "A01".into(),
        }
    }

    fn hanako() -> MemberEvent {
        MemberEvent::DependentAdded {
            key: key("01"),
            recognized: day(2026, 4, 1),
            identity: identity("山田 花子", "ヤマダ ハナコ", day(1982, 8, 1), Sex::Female),
            relationship: Relationship::Spouse,
        }
    }

    #[test]
    fn events_eligibility_and_the_stored_form_round_trip() {
        let m = MemberMaster::empty();
        m.apply(taro()).unwrap();
        m.apply(hanako()).unwrap();
        m.apply(MemberEvent::Change {
            key: key("00"),
            effective: day(2026, 6, 1),
            change: FieldChange::Office {
                value: "B02".into(),
            },
        })
        .unwrap();
        m.apply(MemberEvent::Loss {
            key: key("00"),
            lost: day(2026, 7, 1),
            reason: LossReason::Retirement,
        })
        .unwrap();
        assert!(m.is_eligible(key("01"), day(2026, 6, 30)).unwrap());
        assert!(!m.is_eligible(key("01"), day(2026, 7, 1)).unwrap());
        let text = m.to_json().unwrap();
        assert!(
            text.starts_with(r#"{"format":"kenpo-member-master","version":1,"baseline":[],"#),
            "{text}"
        );
        assert_eq!(m.journal_len().unwrap(), 4);
        let back = MemberMaster::from_json(text.clone()).unwrap();
        assert_eq!(back.to_json().unwrap(), text);
        assert_eq!(*back.read().unwrap(), *m.read().unwrap());
    }

    fn grade(standard_monthly: i64, kind: DecisionKind, from: (i32, i32)) -> MemberEvent {
        let g = kenpo_domain::standard_remuneration::Grade::from_standard_monthly(
            kenpo_domain::Yen::new(standard_monthly),
        )
        .unwrap();
        MemberEvent::GradeDecided {
            key: key("00"),
            decision: GradeRecord {
                grade: g.into(),
                kind,
                effective_from: PlainMonth::from_parts(from.0, from.1).unwrap(),
                decided_on: day(from.0, from.1, 1),
            },
        }
    }

    #[test]
    fn grades_are_recorded_by_event_and_answered_by_month() {
        let m = MemberMaster::empty();
        m.apply(taro()).unwrap();
        m.apply(grade(300_000, DecisionKind::Acquisition, (2026, 4)))
            .unwrap();
        m.apply(grade(320_000, DecisionKind::Regular, (2026, 9)))
            .unwrap();
        let month = |y, mo| PlainMonth::from_parts(y, mo).unwrap();
        let in_force = |y, mo| m.grade_in_force(key("00"), month(y, mo)).unwrap();
        assert_eq!(in_force(2026, 8).unwrap().grade.standard_monthly, 300_000);
        assert_eq!(in_force(2026, 8).unwrap().grade.number, 22);
        assert_eq!(in_force(2026, 9).unwrap().kind, DecisionKind::Regular);
        assert!(in_force(2026, 3).is_none());
        assert_eq!(m.grade_history(key("00")).unwrap().len(), 2);
        // A dependant has no grade; a month without eligibility is refused.
        m.apply(hanako()).unwrap();
        let mut for_hanako = grade(300_000, DecisionKind::Acquisition, (2026, 4));
        if let MemberEvent::GradeDecided { key: k, .. } = &mut for_hanako {
            *k = key("01");
        }
        assert!(matches!(
            m.apply(for_hanako).unwrap_err(),
            KenpoError::Refused { code: 220, .. }
        ));
        match m
            .apply(grade(300_000, DecisionKind::Regular, (2026, 3)))
            .unwrap_err()
        {
            KenpoError::Refused { rule, .. } => {
                assert!(
                    rule.starts_with("member.grade_outside_eligibility"),
                    "{rule}"
                )
            }
            other => panic!("{other:?}"),
        }
        // A grade that is not in the table is refused by field.
        let mut off_table = grade(300_000, DecisionKind::Regular, (2026, 10));
        if let MemberEvent::GradeDecided { decision, .. } = &mut off_table {
            decision.grade.standard_monthly = 300_001;
        }
        match m.apply(off_table).unwrap_err() {
            KenpoError::InvalidInput { field, detail, .. } => {
                assert_eq!(field, "decision.grade.standard_monthly");
                assert!(
                    !detail.contains("300001") && !detail.contains("300,001"),
                    "{detail}"
                );
            }
            other => panic!("{other:?}"),
        }
        // The stored form keeps the grades through the journal.
        let back = MemberMaster::from_json(m.to_json().unwrap()).unwrap();
        assert_eq!(
            back.grade_history(key("00")).unwrap(),
            m.grade_history(key("00")).unwrap()
        );
    }

    #[test]
    fn refusals_name_the_rule_or_the_field_and_never_personal_data() {
        let m = MemberMaster::empty();
        let old = MemberEvent::Acquisition {
            key: key("00"),
            acquired: day(2026, 4, 1),
            identity: identity("試験 一郎", "シケン イチロウ", day(1950, 1, 1), Sex::Male),
            office: "A01".into(),
        };
        match m.apply(old).unwrap_err() {
            KenpoError::Refused { code, rule, detail } => {
                assert_eq!(code, 220);
                assert!(rule.starts_with("member.aged_75_or_over"), "{rule}");
                assert!(
                    !detail.contains("123") && !detail.contains("試験"),
                    "{detail}"
                );
            }
            other => panic!("{other:?}"),
        }
        let loss = MemberEvent::Loss {
            key: key("09"),
            lost: day(2026, 7, 1),
            reason: LossReason::Retirement,
        };
        assert!(matches!(
            m.apply(loss).unwrap_err(),
            KenpoError::NotFound { code: 221, .. }
        ));
        let report = m
            .apply_batch(MemberEventBatch {
                events: vec![
                    taro(),
                    taro(),
                    MemberEvent::DependentAdded {
                        key: key("1"),
                        recognized: day(2026, 4, 1),
                        identity: identity("山田 花子", "やまだ", day(1982, 8, 1), Sex::Female),
                        relationship: Relationship::Spouse,
                    },
                    hanako(),
                ],
            })
            .unwrap();
        assert_eq!(report.applied, 2);
        let rejected: Vec<_> = report
            .rejected
            .iter()
            .map(|r| (r.index, r.code, r.field.as_str()))
            .collect();
        assert_eq!(rejected, [(1, 220, ""), (2, 201, "key.branch")]);
        assert!(m.is_eligible(key("05"), day(2026, 4, 1)).is_err());
    }

    #[test]
    fn stored_forms_that_break_an_invariant_are_refused_by_record() {
        let m = MemberMaster::empty();
        m.apply(taro()).unwrap();
        m.apply(hanako()).unwrap();
        // Version 0: the bare list of person records, migrated on load.
        let records: Vec<_> = m.read().unwrap().persons().cloned().collect();
        let list = serde_json::to_value(&records).unwrap();
        let v0 = MemberMaster::from_json(list.to_string()).unwrap();
        assert!(v0.is_eligible(key("01"), day(2026, 4, 1)).unwrap());
        assert_eq!(v0.journal_len().unwrap(), 0);
        let mut broken = list.clone();
        broken[1]["periods"][0]["lost"] = serde_json::json!("2026-03-01");
        broken[1]["periods"][0]["reason"] = serde_json::json!("death");
        match MemberMaster::from_json(broken.to_string()).unwrap_err() {
            KenpoError::InvalidInput {
                code,
                field,
                detail,
            } => {
                assert_eq!((code, field.as_str()), (222, "baseline[1]"));
                assert!(
                    !detail.contains("123") && !detail.contains("花子"),
                    "{detail}"
                );
            }
            other => panic!("{other:?}"),
        }
        let v2 = m
            .to_json()
            .unwrap()
            .replacen(r#""version":1"#, r#""version":2"#, 1);
        match MemberMaster::from_json(v2).unwrap_err() {
            KenpoError::InvalidInput { code, field, .. } => {
                assert_eq!((code, field.as_str()), (222, "version"))
            }
            other => panic!("{other:?}"),
        }
        let kana = m.to_json().unwrap().replacen("ヤマダ タロウ", "やまだ", 1);
        match MemberMaster::from_json(kana).unwrap_err() {
            KenpoError::InvalidInput { code, detail, .. } => {
                assert!(code == 105 || code == 222, "{code}");
                assert!(!detail.contains("やまだ"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
        match MemberMaster::from_json("{\"format\": 3".into()).unwrap_err() {
            KenpoError::InvalidInput { code, .. } => assert_eq!(code, 105),
            other => panic!("{other:?}"),
        }
    }
}
