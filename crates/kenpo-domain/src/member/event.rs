//! Notifications applied to the member master, their validation and their errors.

use std::fmt;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{
    masked, Attributes, EligibilityPeriod, GradeRecord, Identity, LossReason, MemberMaster,
    PersonRecord, Relationship, Role,
};
use crate::age;
use crate::identifiers::{MaskedMemberKey, MemberKey, OfficeCode};
use crate::person::{Address, KanaName, PersonName, Sex};

/// A notification (届出) applied to the master. JSON: tagged by `"type"` (see the module docs).
/// `Debug` shows the kind and the masked key only.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum MemberEvent {
    /// 被保険者資格取得届 (健康保険法 第48条, 第35条): an insured person acquires eligibility.
    Acquisition {
        /// 記号・番号・枝番.
        key: MemberKey,
        /// 資格取得日.
        acquired: NaiveDate,
        /// Identity fields.
        identity: Identity,
        /// 事業所.
        office: OfficeCode,
    },
    /// 被扶養者(異動)届, addition: a dependant recognised (則 第38条).
    DependentAdded {
        /// The dependant's key (same 記号・番号 as the insured person, own 枝番).
        key: MemberKey,
        /// 被扶養者認定日.
        recognized: NaiveDate,
        /// Identity fields.
        identity: Identity,
        /// 続柄.
        relationship: Relationship,
    },
    /// 被扶養者(異動)届, removal: a dependant no longer a dependant from `lost`.
    DependentRemoved {
        /// The dependant's key.
        key: MemberKey,
        /// The first day no longer a dependant.
        lost: NaiveDate,
        /// Why.
        reason: LossReason,
    },
    /// A change of a field from a date onward (氏名変更届, 住所変更届, 事業所の異動 …).
    Change {
        /// Whose.
        key: MemberKey,
        /// The first day the new value holds.
        effective: NaiveDate,
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
    /// 標準報酬月額の決定 (健康保険法 第41条–第43条の3): the grade decided for an insured person,
    /// the decision that made it, the first month it applies to and the day it was decided.
    /// A second decision for the same first month replaces the first (the journal keeps both).
    GradeDecided {
        /// The insured person's key.
        key: MemberKey,
        /// The decision.
        decision: GradeRecord,
    },
    /// 被保険者資格喪失届 (健康保険法 第36条): the insured person loses eligibility on `lost`;
    /// the dependants lose it on the same day.
    Loss {
        /// The insured person's key.
        key: MemberKey,
        /// 資格喪失日 (the day after leaving or death; the 75th birthday).
        lost: NaiveDate,
        /// Why.
        reason: LossReason,
    },
}

impl fmt::Debug for MemberEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MemberEvent::{}({})", self.kind(), self.key().masked())
    }
}

impl MemberEvent {
    /// A [`MemberEvent::Loss`] whose loss date follows from the day the event happened
    /// ([`LossReason::loss_date`]: the day after the last day of work or death).
    pub fn loss_after(key: MemberKey, reason: LossReason, event_day: NaiveDate) -> MemberEvent {
        MemberEvent::Loss {
            key,
            lost: reason.loss_date(event_day).unwrap_or(event_day),
            reason,
        }
    }

    /// The person the event is about.
    pub fn key(&self) -> &MemberKey {
        match self {
            MemberEvent::Acquisition { key, .. }
            | MemberEvent::DependentAdded { key, .. }
            | MemberEvent::DependentRemoved { key, .. }
            | MemberEvent::Change { key, .. }
            | MemberEvent::Correction { key, .. }
            | MemberEvent::Loss { key, .. }
            | MemberEvent::GradeDecided { key, .. } => key,
        }
    }

    /// The kind, as in the JSON `"type"`.
    pub const fn kind(&self) -> &'static str {
        match self {
            MemberEvent::Acquisition { .. } => "acquisition",
            MemberEvent::DependentAdded { .. } => "dependent_added",
            MemberEvent::DependentRemoved { .. } => "dependent_removed",
            MemberEvent::Change { .. } => "change",
            MemberEvent::Correction { .. } => "correction",
            MemberEvent::Loss { .. } => "loss",
            MemberEvent::GradeDecided { .. } => "grade_decided",
        }
    }
}

/// A field and its new value, for [`MemberEvent::Change`] and [`MemberEvent::Correction`].
/// JSON: `{"field": "address", "value": "…"}`. `Debug` names the field only.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
#[non_exhaustive]
pub enum FieldChange {
    /// 氏名.
    Name(PersonName),
    /// カナ氏名.
    Kana(KanaName),
    /// 生年月日 (normally by correction).
    BirthDate(NaiveDate),
    /// 性別.
    Sex(Sex),
    /// 住所.
    Address(Address),
    /// 事業所 (insured persons).
    Office(OfficeCode),
    /// 続柄 (dependants).
    Relationship(Relationship),
}

impl fmt::Debug for FieldChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FieldChange({})", self.field())
    }
}

impl FieldChange {
    /// The field's name, as in the JSON `"field"`.
    pub const fn field(&self) -> &'static str {
        match self {
            FieldChange::Name(_) => "name",
            FieldChange::Kana(_) => "kana",
            FieldChange::BirthDate(_) => "birth_date",
            FieldChange::Sex(_) => "sex",
            FieldChange::Address(_) => "address",
            FieldChange::Office(_) => "office",
            FieldChange::Relationship(_) => "relationship",
        }
    }

    fn write(&self, a: &mut Attributes) {
        match self {
            FieldChange::Name(v) => a.identity.name = v.clone(),
            FieldChange::Kana(v) => a.identity.kana = v.clone(),
            FieldChange::BirthDate(v) => a.identity.birth_date = *v,
            FieldChange::Sex(v) => a.identity.sex = *v,
            FieldChange::Address(v) => a.identity.address = v.clone(),
            FieldChange::Office(v) => a.office = Some(v.clone()),
            FieldChange::Relationship(v) => a.relationship = Some(*v),
        }
    }
}

/// Why an event was rejected. Each variant names one rule ([`MemberError::rule`]); the person
/// appears only as a [`MaskedMemberKey`] (number masked). The master is left unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MemberError {
    /// Change, correction, removal or loss for a key not in the master.
    #[error("{}: no person with key {key}", self.rule())]
    UnknownPerson {
        /// The key (masked).
        key: MaskedMemberKey,
    },
    /// The key already belongs to another person (other role, other insured, other birth date).
    #[error("{}: key {key} already belongs to another person", self.rule())]
    KeyClash {
        /// The key (masked).
        key: MaskedMemberKey,
    },
    /// Acquisition or recognition of a person who is eligible now (open period).
    #[error("{}: {key} is already eligible", self.rule())]
    DuplicateAcquisition {
        /// The key (masked).
        key: MaskedMemberKey,
    },
    /// A new period would start before an earlier period ended.
    #[error("{}: the new period of {key} overlaps an earlier one", self.rule())]
    OverlappingPeriod {
        /// The key (masked).
        key: MaskedMemberKey,
    },
    /// Loss date on or before the acquisition date.
    #[error("{}: the loss date of {key} is not after the acquisition date", self.rule())]
    LossBeforeAcquisition {
        /// The key (masked).
        key: MaskedMemberKey,
    },
    /// Loss or removal of a person who is not eligible (no open period).
    #[error("{}: {key} has no open eligibility period", self.rule())]
    NotEligible {
        /// The key (masked).
        key: MaskedMemberKey,
    },
    /// Acquisition or recognition of a person aged 75 or over on that date.
    #[error("{}: {key} is 75 or over on the acquisition date (後期高齢者医療)", self.rule())]
    AgedSeventyFiveOrOver {
        /// The key (masked).
        key: MaskedMemberKey,
    },
    /// Date of birth after the acquisition date.
    #[error("{}: the date of birth of {key} is after the acquisition date", self.rule())]
    BirthAfterAcquisition {
        /// The key (masked).
        key: MaskedMemberKey,
    },
    /// A dependant under a 記号・番号 without an insured person.
    #[error("{}: no insured person holds the symbol and number of {key}", self.rule())]
    UnknownInsured {
        /// The dependant's key (masked).
        key: MaskedMemberKey,
    },
    /// A dependant of an insured person who is not eligible on the recognition date.
    #[error("{}: the insured person of {key} is not eligible on the recognition date", self.rule())]
    InsuredNotEligible {
        /// The dependant's key (masked).
        key: MaskedMemberKey,
    },
    /// Another insured person already holds this 記号・番号 (under another 枝番).
    #[error("{}: another insured person holds the symbol and number of {key}", self.rule())]
    NumberHeldByAnotherInsured {
        /// The key (masked).
        key: MaskedMemberKey,
    },
    /// A second spouse recognised while one is a dependant.
    #[error("{}: the insured person of {key} already has a dependent spouse", self.rule())]
    MoreThanOneSpouse {
        /// The key (masked).
        key: MaskedMemberKey,
    },
    /// A [`MemberEvent::Loss`] for a dependant (use [`MemberEvent::DependentRemoved`]).
    #[error("{}: {key} is a dependant, not an insured person", self.rule())]
    NotAnInsuredPerson {
        /// The key (masked).
        key: MaskedMemberKey,
    },
    /// A [`MemberEvent::DependentRemoved`] for an insured person.
    #[error("{}: {key} is an insured person, not a dependant", self.rule())]
    NotADependent {
        /// The key (masked).
        key: MaskedMemberKey,
    },
    /// A loss reason that does not fit the role (retirement of a dependant, …).
    #[error("{}: reason {reason:?} does not apply to {key}", self.rule())]
    ReasonNotApplicable {
        /// The key (masked).
        key: MaskedMemberKey,
        /// The reason given.
        reason: LossReason,
    },
    /// A 75th-birthday loss not dated on the 75th birthday.
    #[error("{}: a loss for reaching 75 must fall on the 75th birthday ({key})", self.rule())]
    LateElderlyDateMismatch {
        /// The key (masked).
        key: MaskedMemberKey,
    },
    /// A change effective before the person's first acquisition.
    #[error("{}: the change for {key} takes effect before the first acquisition", self.rule())]
    ChangeBeforeAcquisition {
        /// The key (masked).
        key: MaskedMemberKey,
    },
    /// A grade decided for a month in which the person is not eligible.
    #[error("{}: the grade of {key} takes effect in a month without eligibility", self.rule())]
    GradeOutsideEligibility {
        /// The key (masked).
        key: MaskedMemberKey,
    },
    /// A field that the person's role does not have (office of a dependant, relationship of an
    /// insured person).
    #[error("{}: field {field} does not apply to {key}", self.rule())]
    FieldNotApplicable {
        /// The key (masked).
        key: MaskedMemberKey,
        /// The field.
        field: &'static str,
    },
}

impl MemberError {
    /// The rule broken, with its source.
    pub const fn rule(&self) -> &'static str {
        match self {
            MemberError::UnknownPerson { .. } => "member.unknown_person",
            MemberError::KeyClash { .. } => {
                "member.key_clash (記号・番号・枝番 identify one person)"
            }
            MemberError::DuplicateAcquisition { .. } => "member.duplicate_acquisition",
            MemberError::OverlappingPeriod { .. } => "member.overlapping_period",
            MemberError::LossBeforeAcquisition { .. } => {
                "member.loss_before_acquisition (健康保険法 第36条)"
            }
            MemberError::NotEligible { .. } => "member.not_eligible",
            MemberError::AgedSeventyFiveOrOver { .. } => {
                "member.aged_75_or_over (健康保険法 第3条1項, 高確法 第50条)"
            }
            MemberError::BirthAfterAcquisition { .. } => "member.birth_after_acquisition",
            MemberError::UnknownInsured { .. } => {
                "member.dependent_of_unknown_insured (健康保険法 第3条7項)"
            }
            MemberError::InsuredNotEligible { .. } => {
                "member.dependent_of_lapsed_insured (健康保険法 第3条7項)"
            }
            MemberError::NumberHeldByAnotherInsured { .. } => {
                "member.number_held_by_another_insured"
            }
            MemberError::MoreThanOneSpouse { .. } => "member.more_than_one_spouse",
            MemberError::NotAnInsuredPerson { .. } => "member.loss_of_a_dependent",
            MemberError::NotADependent { .. } => "member.removal_of_an_insured",
            MemberError::ReasonNotApplicable { .. } => "member.reason_not_applicable",
            MemberError::LateElderlyDateMismatch { .. } => {
                "member.late_elderly_on_75th_birthday (高確法 第52条)"
            }
            MemberError::ChangeBeforeAcquisition { .. } => "member.change_before_acquisition",
            MemberError::FieldNotApplicable { .. } => "member.field_not_applicable",
            MemberError::GradeOutsideEligibility { .. } => {
                "member.grade_outside_eligibility (健康保険法 第40条: 被保険者の標準報酬月額)"
            }
        }
    }
}

/// One rejected event of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedEvent {
    /// The event's 0-based position in the batch.
    pub index: usize,
    /// Why it was rejected.
    pub error: MemberError,
}

impl fmt::Display for RejectedEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "event {}: {}", self.index, self.error)
    }
}

/// The outcome of [`MemberMaster::apply_all`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BatchReport {
    /// How many events were applied.
    pub applied: usize,
    /// Every rejected event, in batch order.
    pub rejected: Vec<RejectedEvent>,
}

impl MemberMaster {
    /// Validates and applies one event. On error the master is unchanged.
    pub fn apply(&mut self, event: &MemberEvent) -> Result<(), MemberError> {
        self.apply_recorded(event, None)
    }

    /// Validates and applies one event recorded at `recorded_at` (when the society received or
    /// entered it), keeping it in the journal with that time. On error the master is unchanged.
    pub fn apply_at(
        &mut self,
        event: &MemberEvent,
        recorded_at: NaiveDateTime,
    ) -> Result<(), MemberError> {
        self.apply_recorded(event, Some(recorded_at))
    }

    pub(super) fn apply_recorded(
        &mut self,
        event: &MemberEvent,
        recorded_at: Option<NaiveDateTime>,
    ) -> Result<(), MemberError> {
        let staged = self.stage(event)?;
        for record in staged {
            self.persons.insert(record.key.clone(), Arc::new(record));
        }
        self.journal.record(event.clone(), recorded_at);
        Ok(())
    }

    /// Applies every event in order, skipping the rejected ones, and reports each rejection
    /// with its index.
    pub fn apply_all<'a>(
        &mut self,
        events: impl IntoIterator<Item = &'a MemberEvent>,
    ) -> BatchReport {
        let mut report = BatchReport::default();
        for (index, event) in events.into_iter().enumerate() {
            match self.apply(event) {
                Ok(()) => report.applied += 1,
                Err(error) => report.rejected.push(RejectedEvent { index, error }),
            }
        }
        report
    }

    /// The records the event would write, validated; nothing is written here.
    pub(super) fn stage(&self, event: &MemberEvent) -> Result<Vec<PersonRecord>, MemberError> {
        match event {
            MemberEvent::Acquisition {
                key,
                acquired,
                identity,
                office,
            } => self.stage_acquisition(key, *acquired, identity, office),
            MemberEvent::DependentAdded {
                key,
                recognized,
                identity,
                relationship,
            } => self.stage_dependent(key, *recognized, identity, *relationship),
            MemberEvent::DependentRemoved { key, lost, reason } => {
                let mut record = self.existing(key)?;
                if !record.is_dependent() {
                    return Err(MemberError::NotADependent { key: masked(key) });
                }
                if !reason.applies_to_dependent() {
                    return Err(MemberError::ReasonNotApplicable {
                        key: masked(key),
                        reason: *reason,
                    });
                }
                close(&mut record, *lost, *reason)?;
                Ok(vec![record])
            }
            MemberEvent::Loss { key, lost, reason } => self.stage_loss(key, *lost, *reason),
            MemberEvent::Change {
                key,
                effective,
                change,
            } => self.stage_change(key, Some(*effective), change),
            MemberEvent::Correction { key, change } => self.stage_change(key, None, change),
            MemberEvent::GradeDecided { key, decision } => {
                let mut record = self.existing(key)?;
                if record.is_dependent() {
                    return Err(MemberError::NotAnInsuredPerson { key: masked(key) });
                }
                if !record.is_eligible_in(decision.effective_from) {
                    return Err(MemberError::GradeOutsideEligibility { key: masked(key) });
                }
                set_grade(&mut record, *decision);
                Ok(vec![record])
            }
        }
    }

    fn existing(&self, key: &MemberKey) -> Result<PersonRecord, MemberError> {
        self.persons
            .get(key)
            .map(|r| PersonRecord::clone(r))
            .ok_or_else(|| MemberError::UnknownPerson { key: masked(key) })
    }

    fn stage_acquisition(
        &self,
        key: &MemberKey,
        acquired: NaiveDate,
        identity: &Identity,
        office: &OfficeCode,
    ) -> Result<Vec<PersonRecord>, MemberError> {
        check_age(key, identity.birth_date, acquired)?;
        if self
            .insured_of(&key.symbol, &key.number)
            .is_some_and(|other| &other.key != key)
        {
            return Err(MemberError::NumberHeldByAnotherInsured { key: masked(key) });
        }
        let attributes = Attributes {
            from: acquired,
            identity: identity.clone(),
            office: Some(office.clone()),
            relationship: None,
        };
        let record = match self.persons.get(key) {
            None => new_record(key, Role::Insured, attributes, acquired),
            Some(existing) => {
                if existing.is_dependent() || existing.birth_date() != Some(identity.birth_date) {
                    return Err(MemberError::KeyClash { key: masked(key) });
                }
                let mut record = PersonRecord::clone(existing);
                reopen(&mut record, acquired)?;
                set_version(&mut record, attributes);
                record
            }
        };
        Ok(vec![record])
    }

    fn stage_dependent(
        &self,
        key: &MemberKey,
        recognized: NaiveDate,
        identity: &Identity,
        relationship: Relationship,
    ) -> Result<Vec<PersonRecord>, MemberError> {
        check_age(key, identity.birth_date, recognized)?;
        let insured = self
            .insured_of(&key.symbol, &key.number)
            .ok_or_else(|| MemberError::UnknownInsured { key: masked(key) })?;
        if &insured.key == key {
            return Err(MemberError::KeyClash { key: masked(key) });
        }
        if !insured.is_eligible_on(recognized) {
            return Err(MemberError::InsuredNotEligible { key: masked(key) });
        }
        if relationship == Relationship::Spouse {
            let has_spouse = self.dependants_of(&insured.key).any(|r| {
                &r.key != key
                    && r.is_eligible_on(recognized)
                    && r.attributes_on(recognized)
                        .is_some_and(|a| a.relationship == Some(Relationship::Spouse))
            });
            if has_spouse {
                return Err(MemberError::MoreThanOneSpouse { key: masked(key) });
            }
        }
        let role = Role::Dependent {
            insured: insured.key.clone(),
        };
        let attributes = Attributes {
            from: recognized,
            identity: identity.clone(),
            office: None,
            relationship: Some(relationship),
        };
        let record = match self.persons.get(key) {
            None => new_record(key, role, attributes, recognized),
            Some(existing) => {
                if existing.role != role || existing.birth_date() != Some(identity.birth_date) {
                    return Err(MemberError::KeyClash { key: masked(key) });
                }
                let mut record = PersonRecord::clone(existing);
                reopen(&mut record, recognized)?;
                set_version(&mut record, attributes);
                record
            }
        };
        Ok(vec![record])
    }

    fn stage_loss(
        &self,
        key: &MemberKey,
        lost: NaiveDate,
        reason: LossReason,
    ) -> Result<Vec<PersonRecord>, MemberError> {
        let mut record = self.existing(key)?;
        if record.is_dependent() {
            return Err(MemberError::NotAnInsuredPerson { key: masked(key) });
        }
        if !reason.applies_to_insured() {
            return Err(MemberError::ReasonNotApplicable {
                key: masked(key),
                reason,
            });
        }
        close(&mut record, lost, reason)?;
        let mut staged = vec![record];
        for dependent in self.dependants_of(key) {
            if dependent.open_period().is_some() {
                let mut d = dependent.clone();
                close(&mut d, lost, LossReason::InsuredLoss)?;
                staged.push(d);
            }
        }
        Ok(staged)
    }

    fn stage_change(
        &self,
        key: &MemberKey,
        effective: Option<NaiveDate>,
        change: &FieldChange,
    ) -> Result<Vec<PersonRecord>, MemberError> {
        let mut record = self.existing(key)?;
        let not_applicable = match change {
            FieldChange::Office(_) => record.is_dependent(),
            FieldChange::Relationship(_) => !record.is_dependent(),
            _ => false,
        };
        if not_applicable {
            return Err(MemberError::FieldNotApplicable {
                key: masked(key),
                field: change.field(),
            });
        }
        match effective {
            Some(effective) => {
                let first = record.periods.first().map(|p| p.acquired);
                if first.is_none_or(|first| effective < first) {
                    return Err(MemberError::ChangeBeforeAcquisition { key: masked(key) });
                }
                if let Some(current) = record.attributes_on(effective).cloned() {
                    if current.from != effective {
                        set_version(
                            &mut record,
                            Attributes {
                                from: effective,
                                ..current
                            },
                        );
                    }
                }
                record
                    .versions
                    .iter_mut()
                    .filter(|v| v.from >= effective)
                    .for_each(|v| change.write(v));
            }
            None => record.versions.iter_mut().for_each(|v| change.write(v)),
        }
        if let FieldChange::BirthDate(birth) = change {
            for p in &record.periods {
                check_age(key, *birth, p.acquired)?;
            }
        }
        Ok(vec![record])
    }
}

fn new_record(
    key: &MemberKey,
    role: Role,
    attributes: Attributes,
    acquired: NaiveDate,
) -> PersonRecord {
    PersonRecord {
        key: key.clone(),
        role,
        versions: vec![attributes],
        periods: vec![EligibilityPeriod {
            acquired,
            lost: None,
            reason: None,
        }],
        grades: Vec::new(),
    }
}

/// Born on or before `on` and under 75 on `on`.
fn check_age(key: &MemberKey, birth: NaiveDate, on: NaiveDate) -> Result<(), MemberError> {
    if birth > on {
        return Err(MemberError::BirthAfterAcquisition { key: masked(key) });
    }
    if age::is_late_elderly_on(birth, on) {
        return Err(MemberError::AgedSeventyFiveOrOver { key: masked(key) });
    }
    Ok(())
}

/// Starts a new period on `from`, after every earlier one.
fn reopen(record: &mut PersonRecord, from: NaiveDate) -> Result<(), MemberError> {
    if record.open_period().is_some() {
        return Err(MemberError::DuplicateAcquisition {
            key: masked(&record.key),
        });
    }
    if record
        .periods
        .iter()
        .any(|p| p.acquired >= from || p.lost.is_some_and(|l| from < l))
    {
        return Err(MemberError::OverlappingPeriod {
            key: masked(&record.key),
        });
    }
    record.periods.push(EligibilityPeriod {
        acquired: from,
        lost: None,
        reason: None,
    });
    Ok(())
}

/// Closes the open period on `lost`.
fn close(
    record: &mut PersonRecord,
    lost: NaiveDate,
    reason: LossReason,
) -> Result<(), MemberError> {
    let key = masked(&record.key);
    if reason == LossReason::LateElderly
        && record
            .birth_date()
            .and_then(age::late_elderly_transition_date)
            != Some(lost)
    {
        return Err(MemberError::LateElderlyDateMismatch { key });
    }
    let period = record
        .periods
        .iter_mut()
        .find(|p| p.is_open())
        .ok_or(MemberError::NotEligible { key: key.clone() })?;
    if lost <= period.acquired {
        return Err(MemberError::LossBeforeAcquisition { key });
    }
    period.lost = Some(lost);
    period.reason = Some(reason);
    Ok(())
}

/// Inserts a grade in month order, replacing one with the same first month.
fn set_grade(record: &mut PersonRecord, grade: GradeRecord) {
    match record
        .grades
        .binary_search_by(|g| g.effective_from.cmp(&grade.effective_from))
    {
        Ok(i) => {
            if let Some(g) = record.grades.get_mut(i) {
                *g = grade;
            }
        }
        Err(i) => record.grades.insert(i, grade),
    }
}

/// Inserts a version in date order, replacing one with the same `from`.
fn set_version(record: &mut PersonRecord, attributes: Attributes) {
    match record
        .versions
        .binary_search_by(|v| v.from.cmp(&attributes.from))
    {
        Ok(i) => {
            if let Some(v) = record.versions.get_mut(i) {
                *v = attributes;
            }
        }
        Err(i) => record.versions.insert(i, attributes),
    }
}
