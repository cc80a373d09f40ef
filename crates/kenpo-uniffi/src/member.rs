//! The member master (適用, 加入者台帳, [`kenpo_domain::member`]) as an object: events applied
//! one by one or as a batch, eligibility (A8 資格照会) and households by month.
//!
//! Personal data (names, kana, birth dates, addresses, 記号・番号) crosses as arguments and
//! answers only; the records holding it have no `Debug`, and errors carry the masked key at most.

use std::sync::{Arc, Mutex, MutexGuard};

use kenpo_domain::identifiers::{self, OfficeCode};
use kenpo_domain::member as domain;
use kenpo_domain::person::{self as person, Address, KanaName, PersonName};

use crate::error::{count, KenpoError, KenpoResult};
use crate::types::{IsoDate, IsoMonth};

mirror_enum! {
    /// Sex (性別): 1 male (男), 2 female (女).
    pub enum Sex => person::Sex {
        /// 男 (code 1).
        Male,
        /// 女 (code 2).
        Female,
    }
}

mirror_enum! {
    /// 続柄: a dependant's relationship to the insured person (健康保険法 第3条7項).
    pub enum Relationship => domain::Relationship {
        /// 配偶者 (including a de-facto spouse).
        Spouse,
        /// 子.
        Child,
        /// 孫.
        Grandchild,
        /// 兄・姉.
        ElderSibling,
        /// 弟・妹.
        YoungerSibling,
        /// 父母.
        Parent,
        /// 祖父母 and other 直系尊属.
        Grandparent,
        /// Another relative within the third degree (must live with the insured person).
        OtherRelativeWithinThirdDegree,
        /// A parent or child of a de-facto spouse (must live with the insured person).
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
        /// 後期高齢者医療: lost on the 75th birthday itself.
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

/// 記号・番号・枝番: one person of the society (健康保険法 第194条の2). Full-width digits are
/// accepted and normalised.
#[derive(Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct MemberKey {
    /// 記号.
    pub symbol: String,
    /// 番号.
    pub number: String,
    /// 枝番 (2 digits: `"00"` for the insured person).
    pub branch: String,
}

impl MemberKey {
    pub(crate) fn to_domain(&self) -> KenpoResult<identifiers::MemberKey> {
        let symbol = identifiers::InsuredSymbol::new(&self.symbol)
            .map_err(|e| KenpoError::from(e).within("symbol"))?;
        let number = identifiers::InsuredNumber::new(&self.number)
            .map_err(|e| KenpoError::from(e).within("number"))?;
        let branch = identifiers::BranchNumber::new(&self.branch)
            .map_err(|e| KenpoError::from(e).within("branch"))?;
        Ok(identifiers::MemberKey::new(symbol, number, branch))
    }
}

impl From<&identifiers::MemberKey> for MemberKey {
    fn from(k: &identifiers::MemberKey) -> Self {
        MemberKey {
            symbol: k.symbol.as_str().to_owned(),
            number: k.number.as_str().to_owned(),
            branch: k.branch.as_str().to_owned(),
        }
    }
}

/// The identity fields of a notification: 氏名, カナ氏名, 生年月日, 性別, 住所.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct Identity {
    /// 氏名.
    pub name: String,
    /// カナ氏名 (katakana).
    pub kana: String,
    /// 生年月日.
    pub birth_date: IsoDate,
    /// 性別.
    pub sex: Sex,
    /// 住所.
    pub address: String,
}

impl Identity {
    fn to_domain(&self) -> KenpoResult<domain::Identity> {
        Ok(domain::Identity {
            name: PersonName::new(&self.name).map_err(|e| KenpoError::from(e).within("name"))?,
            kana: KanaName::new(&self.kana).map_err(|e| KenpoError::from(e).within("kana"))?,
            birth_date: self.birth_date,
            sex: self.sex.into(),
            address: Address::new(&self.address)
                .map_err(|e| KenpoError::from(e).within("address"))?,
        })
    }
}

/// A field and its new value, for [`MemberEvent::Change`] and [`MemberEvent::Correction`].
#[derive(Clone, PartialEq, Eq, uniffi::Enum)]
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
        value: IsoDate,
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
    /// 事業所 (insured persons).
    Office {
        /// The office code (事業所記号).
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
        let at = |field: &'static str| move |e: KenpoError| e.within(field);
        Ok(match self {
            FieldChange::Name { value } => domain::FieldChange::Name(
                PersonName::new(value).map_err(|e| at("value")(e.into()))?,
            ),
            FieldChange::Kana { value } => {
                domain::FieldChange::Kana(KanaName::new(value).map_err(|e| at("value")(e.into()))?)
            }
            FieldChange::BirthDate { value } => domain::FieldChange::BirthDate(*value),
            FieldChange::Sex { value } => domain::FieldChange::Sex((*value).into()),
            FieldChange::Address { value } => domain::FieldChange::Address(
                Address::new(value).map_err(|e| at("value")(e.into()))?,
            ),
            FieldChange::Office { value } => domain::FieldChange::Office(
                OfficeCode::new(value).map_err(|e| at("value")(e.into()))?,
            ),
            FieldChange::Relationship { value } => {
                domain::FieldChange::Relationship((*value).into())
            }
        })
    }
}

/// A notification (届出) applied to the master.
#[derive(Clone, PartialEq, Eq, uniffi::Enum)]
pub enum MemberEvent {
    /// 被保険者資格取得届 (健康保険法 第48条, 第35条).
    Acquisition {
        /// 記号・番号・枝番.
        key: MemberKey,
        /// 資格取得日.
        acquired: IsoDate,
        /// Identity fields.
        identity: Identity,
        /// 事業所記号.
        office: String,
    },
    /// 被扶養者(異動)届, addition (則 第38条).
    DependentAdded {
        /// The dependant's key.
        key: MemberKey,
        /// 被扶養者認定日.
        recognized: IsoDate,
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
        lost: IsoDate,
        /// Why.
        reason: LossReason,
    },
    /// A change of a field from a date onward (氏名変更届, 住所変更届, …).
    Change {
        /// Whose.
        key: MemberKey,
        /// The first day the new value holds.
        effective: IsoDate,
        /// The field and its new value.
        change: FieldChange,
    },
    /// 訂正: the recorded value was wrong; replaced in every version.
    Correction {
        /// Whose.
        key: MemberKey,
        /// The field and its right value.
        change: FieldChange,
    },
    /// 被保険者資格喪失届 (健康保険法 第36条): lost on `lost` (資格喪失日, the day after leaving).
    Loss {
        /// The insured person's key.
        key: MemberKey,
        /// 資格喪失日.
        lost: IsoDate,
        /// Why.
        reason: LossReason,
    },
}

impl MemberEvent {
    fn to_domain(&self) -> KenpoResult<domain::MemberEvent> {
        let key = |k: &MemberKey| k.to_domain().map_err(|e| e.within("key"));
        Ok(match self {
            MemberEvent::Acquisition {
                key: k,
                acquired,
                identity,
                office,
            } => domain::MemberEvent::Acquisition {
                key: key(k)?,
                acquired: *acquired,
                identity: identity.to_domain().map_err(|e| e.within("identity"))?,
                office: OfficeCode::new(office)
                    .map_err(|e| KenpoError::from(e).within("office"))?,
            },
            MemberEvent::DependentAdded {
                key: k,
                recognized,
                identity,
                relationship,
            } => domain::MemberEvent::DependentAdded {
                key: key(k)?,
                recognized: *recognized,
                identity: identity.to_domain().map_err(|e| e.within("identity"))?,
                relationship: (*relationship).into(),
            },
            MemberEvent::DependentRemoved {
                key: k,
                lost,
                reason,
            } => domain::MemberEvent::DependentRemoved {
                key: key(k)?,
                lost: *lost,
                reason: (*reason).into(),
            },
            MemberEvent::Change {
                key: k,
                effective,
                change,
            } => domain::MemberEvent::Change {
                key: key(k)?,
                effective: *effective,
                change: change.to_domain().map_err(|e| e.within("change"))?,
            },
            MemberEvent::Correction { key: k, change } => domain::MemberEvent::Correction {
                key: key(k)?,
                change: change.to_domain().map_err(|e| e.within("change"))?,
            },
            MemberEvent::Loss {
                key: k,
                lost,
                reason,
            } => domain::MemberEvent::Loss {
                key: key(k)?,
                lost: *lost,
                reason: (*reason).into(),
            },
        })
    }
}

/// A [`MemberEvent::Loss`] whose 資格喪失日 follows from the day the event happened: the day
/// after the last day of work or death (健康保険法 第36条), the day itself otherwise.
#[uniffi::export]
pub fn loss_after(
    key: MemberKey,
    reason: LossReason,
    event_day: IsoDate,
) -> KenpoResult<MemberEvent> {
    let domain_key = key.to_domain().map_err(|e| e.within("key"))?;
    match domain::MemberEvent::loss_after(domain_key, reason.into(), event_day) {
        domain::MemberEvent::Loss { lost, .. } => Ok(MemberEvent::Loss { key, lost, reason }),
        _ => Err(KenpoError::Internal {
            detail: "loss_after did not build a loss event".to_owned(),
        }),
    }
}

/// One rejected event of a batch: its 0-based index and the error (with the rule).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RejectedEvent {
    /// The event's position in the batch.
    pub index: i64,
    /// Why it was rejected.
    pub error: KenpoError,
}

/// The outcome of [`MemberMaster::apply_all`].
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BatchReport {
    /// How many events were applied.
    pub applied: i64,
    /// Every rejected event, in batch order.
    pub rejected: Vec<RejectedEvent>,
}

/// A household (世帯) in a month: the insured person and the dependants eligible in it.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct Household {
    /// The insured person.
    pub insured: MemberKey,
    /// `true` when the insured person is eligible on at least one day of the month.
    pub insured_eligible: bool,
    /// Dependants eligible on at least one day of the month.
    pub dependents: Vec<MemberKey>,
}

/// One household-month asked for in a batch.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct HouseholdMonth {
    /// The insured person.
    pub insured: MemberKey,
    /// The month.
    pub month: IsoMonth,
}

/// The member master: every person ever enrolled, with history. Safe to share between threads
/// (calls are serialised by a lock). `AutoCloseable` in Kotlin.
#[derive(uniffi::Object)]
pub struct MemberMaster {
    inner: Mutex<domain::MemberMaster>,
}

impl std::fmt::Debug for MemberMaster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MemberMaster(<redacted>)")
    }
}

impl MemberMaster {
    pub(crate) fn lock(&self) -> KenpoResult<MutexGuard<'_, domain::MemberMaster>> {
        // A panic while the lock was held cannot leave the master half-written (the domain
        // stages every change before writing), so a poisoned lock is recovered.
        Ok(self
            .inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()))
    }
}

#[uniffi::export]
impl MemberMaster {
    /// An empty master.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(MemberMaster {
            inner: Mutex::new(domain::MemberMaster::new()),
        })
    }

    /// A master read back from [`MemberMaster::to_json`] (trusted: events are not replayed).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> KenpoResult<Arc<Self>> {
        let master: domain::MemberMaster = serde_json::from_str(&json).map_err(|e| {
            KenpoError::argument(
                "json",
                format!(
                    "not a serialised member master (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        Ok(Arc::new(MemberMaster {
            inner: Mutex::new(master),
        }))
    }

    /// The master as JSON (holds personal data: store it as such).
    pub fn to_json(&self) -> KenpoResult<String> {
        serde_json::to_string(&*self.lock()?).map_err(|_| KenpoError::Internal {
            detail: "serialising the member master failed".to_owned(),
        })
    }

    /// How many persons the master holds.
    pub fn len(&self) -> KenpoResult<i64> {
        Ok(count(self.lock()?.len()))
    }

    /// `true` when the master holds nobody.
    pub fn is_empty(&self) -> KenpoResult<bool> {
        Ok(self.lock()?.is_empty())
    }

    /// Validates and applies one event; on error the master is unchanged and the error is
    /// [`KenpoError::Rejected`] naming the rule (or [`KenpoError::InvalidArgument`]).
    pub fn apply(&self, event: MemberEvent) -> KenpoResult<()> {
        let event = event.to_domain()?;
        Ok(self.lock()?.apply(&event)?)
    }

    /// Applies events in order (the batch form), skipping the rejected ones and reporting each
    /// with its index. Malformed events are reported the same way.
    pub fn apply_all(&self, events: Vec<MemberEvent>) -> KenpoResult<BatchReport> {
        let mut master = self.lock()?;
        let mut report = BatchReport {
            applied: 0,
            rejected: Vec::new(),
        };
        for (index, event) in events.iter().enumerate() {
            let outcome = event
                .to_domain()
                .and_then(|e| master.apply(&e).map_err(KenpoError::from));
            match outcome {
                Ok(()) => report.applied += 1,
                Err(error) => report.rejected.push(RejectedEvent {
                    index: count(index),
                    error,
                }),
            }
        }
        Ok(report)
    }

    /// `true` when `key` is eligible on `on`.
    pub fn is_eligible(&self, key: MemberKey, on: IsoDate) -> KenpoResult<bool> {
        let key = key.to_domain().map_err(|e| e.within("key"))?;
        Ok(self.lock()?.is_eligible(&key, on))
    }

    /// The household of `insured` in `month`, or `None` when `insured` is not an insured person
    /// of the master.
    pub fn household(&self, insured: MemberKey, month: IsoMonth) -> KenpoResult<Option<Household>> {
        let key = insured.to_domain().map_err(|e| e.within("insured"))?;
        Ok(self.lock()?.household(&key, month).map(|h| household(&h)))
    }

    /// The households of many household-months in one call (the batch form of
    /// [`MemberMaster::household`]), in input order.
    pub fn households(&self, requests: Vec<HouseholdMonth>) -> KenpoResult<Vec<Option<Household>>> {
        let keys = requests
            .iter()
            .enumerate()
            .map(|(i, r)| {
                r.insured
                    .to_domain()
                    .map_err(|e| e.within(&format!("requests[{i}].insured")))
            })
            .collect::<KenpoResult<Vec<_>>>()?;
        let master = self.lock()?;
        Ok(keys
            .iter()
            .zip(&requests)
            .map(|(key, r)| master.household(key, r.month).map(|h| household(&h)))
            .collect())
    }
}

fn household(h: &domain::Household) -> Household {
    Household {
        insured: (&h.insured).into(),
        insured_eligible: h.insured_eligible,
        dependents: h.dependents.iter().map(MemberKey::from).collect(),
    }
}
