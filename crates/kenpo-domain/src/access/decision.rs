//! The one entry point: deciding a request (actor, purpose, recipient, subjects, fields, time)
//! into a [`Permit`] holding minimised views, or a [`Denial`] naming what failed.
//!
//! Order of the checks (the first failure is the reason): the purpose and recipient belong to
//! the catalog → the purpose grants the recipient something → the employer is asked for
//! delivery fields only → every requested field is granted → another insurer or a clinic is
//! confirmed (相手先確認) → every condition of the purpose holds, in declaration order.
//! Anything not granted is denied (default deny).

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::catalog::{Catalog, PurposeRef, NO_GRANT};
use super::condition::Condition;
use super::field::{Field, FieldSet};
use super::log::{AccessLog, DecisionRecord, LogEvent, LoggedActor, LoggedSubject, Outcome};
use super::my_number::MyNumberProcedure;
use super::recipient::{RecipientKind, RecipientRef};
use super::record::SubjectRecord;
use super::view::View;
use crate::age::age_reached_on;
use crate::explanation::Explanation;
use crate::identifiers::MemberKey;

/// The age from which F4 applies: 「65歳以上」 (notice §6 第4項), counted by the legal rule
/// ([`crate::age::age_reached_on`]: the age is reached the day before the birthday).
pub const F4_MIN_AGE: u32 = 65;

/// Who performs the use (利用者): a staff member, a system, the subject, or an agent admitted by
/// the disclosure procedure. `Debug` hides the subject's key.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[non_exhaustive]
pub enum Actor {
    /// A staff member of the society, by staff id (職員番号).
    Staff {
        /// The staff id.
        id: String,
    },
    /// A system acting on the society's behalf (a batch job, the CLI), by name.
    System {
        /// The system name.
        id: String,
    },
    /// The subject (本人), identified by the society.
    Subject {
        /// The subject's key.
        key: MemberKey,
    },
    /// An agent admitted by the disclosure procedure (開示請求手続で認められた代理人,
    /// 個人情報保護法 第37条第3項).
    AdmittedAgent {
        /// The subject represented.
        subject: MemberKey,
        /// The admission reference of the procedure (受付番号).
        admission: String,
    },
}

impl fmt::Debug for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Staff { id } => write!(f, "Staff({id})"),
            Actor::System { id } => write!(f, "System({id})"),
            Actor::Subject { .. } => f.write_str("Subject(<redacted>)"),
            Actor::AdmittedAgent { admission, .. } => {
                write!(f, "AdmittedAgent(<redacted>, {admission})")
            }
        }
    }
}

impl Actor {
    /// A staff member.
    pub fn staff(id: impl Into<String>) -> Actor {
        Actor::Staff { id: id.into() }
    }

    /// A system.
    pub fn system(id: impl Into<String>) -> Actor {
        Actor::System { id: id.into() }
    }

    fn acts_for(&self) -> Option<&MemberKey> {
        match self {
            Actor::Subject { key } => Some(key),
            Actor::AdmittedAgent { subject, .. } => Some(subject),
            _ => None,
        }
    }
}

impl fmt::Debug for Request<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("actor", self.actor)
            .field("purpose", &self.purpose)
            .field("recipient", &self.recipient)
            .field("subjects", &self.subjects.len())
            .field("fields", &self.fields)
            .field("at", &self.at)
            .finish_non_exhaustive()
    }
}

/// The form in which data leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// Per-person views.
    Identified,
    /// A de-identified, k-anonymous dataset (F3, C13).
    Deidentified,
}

/// A request to use personal data. Build with [`Request::new`] and the facts the conditions need.
#[derive(Clone, Copy)]
pub struct Request<'r> {
    pub(crate) actor: &'r Actor,
    pub(crate) purpose: PurposeRef,
    pub(crate) recipient: RecipientRef,
    pub(crate) subjects: &'r [SubjectRecord],
    pub(crate) fields: FieldSet,
    pub(crate) at: NaiveDateTime,
    pub(crate) requester_confirmed: bool,
    pub(crate) subject_applied: bool,
    pub(crate) my_number_procedure: Option<MyNumberProcedure>,
    pub(crate) counterparty: Option<&'r str>,
}

impl<'r> Request<'r> {
    /// `actor` asks to give `fields` of `subjects` to `recipient` under `purpose`, at `at`.
    pub fn new(
        actor: &'r Actor,
        purpose: PurposeRef,
        recipient: RecipientRef,
        subjects: &'r [SubjectRecord],
        fields: FieldSet,
        at: NaiveDateTime,
    ) -> Self {
        Request {
            actor,
            purpose,
            recipient,
            subjects,
            fields,
            at,
            requester_confirmed: false,
            subject_applied: false,
            my_number_procedure: None,
            counterparty: None,
        }
    }

    /// The society has confirmed who the requesting clinic or insurer is (相手先確認).
    #[must_use]
    pub fn requester_confirmed(mut self) -> Self {
        self.requester_confirmed = true;
        self
    }

    /// The subject asked for this use (本人の申込み).
    #[must_use]
    pub fn subject_applied(mut self) -> Self {
        self.subject_applied = true;
        self
    }

    /// The My Number Act procedure this use serves (H1).
    #[must_use]
    pub fn my_number_procedure(mut self, procedure: MyNumberProcedure) -> Self {
        self.my_number_procedure = Some(procedure);
        self
    }

    /// The name of the actual recipient when the catalog's recipient is generic (the clinic's
    /// or the other insurer's name), kept in the log and the provision record.
    #[must_use]
    pub fn counterparty(mut self, name: &'r str) -> Self {
        self.counterparty = Some(name);
        self
    }

    /// The date of the request.
    pub fn date(&self) -> NaiveDate {
        self.at.date()
    }
}

/// Why a request was denied. Names the purpose, the field or the condition; never personal data
/// (a failing subject is named by its position in the request).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
#[non_exhaustive]
pub enum DenialReason {
    /// The purpose handle does not belong to this catalog.
    UnknownPurpose,
    /// The recipient handle does not belong to this catalog.
    UnknownRecipient,
    /// The purpose grants this recipient nothing.
    RecipientNotAllowed,
    /// The purpose does not grant this field to this recipient.
    FieldNotAllowed {
        /// The first field not granted.
        field: Field,
    },
    /// A condition failed.
    ConditionFailed {
        /// The condition.
        condition: Condition,
        /// The position in the request of the subject it failed for, if it is per subject.
        subject: Option<usize>,
    },
    /// A de-identified release was asked under a purpose that does not provide for one.
    NotDeidentifiedPurpose,
    /// The access log could not record the decision, so nothing is released.
    LogFailed,
}

impl fmt::Display for DenialReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DenialReason::UnknownPurpose => f.write_str("the purpose is not in this catalog"),
            DenialReason::UnknownRecipient => f.write_str("the recipient is not in this catalog"),
            DenialReason::RecipientNotAllowed => {
                f.write_str("the purpose grants this recipient nothing")
            }
            DenialReason::FieldNotAllowed { field } => {
                write!(f, "field {field} is not granted to this recipient")
            }
            DenialReason::ConditionFailed {
                condition,
                subject: Some(i),
            } => write!(f, "condition {condition} fails for subject #{i}"),
            DenialReason::ConditionFailed {
                condition,
                subject: None,
            } => write!(f, "condition {condition} fails"),
            DenialReason::NotDeidentifiedPurpose => {
                f.write_str("the purpose does not provide for de-identified data")
            }
            DenialReason::LogFailed => f.write_str("the access log could not record the decision"),
        }
    }
}

/// A denied request (default deny): the purpose, the recipient and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("denied: purpose {purpose}, recipient {recipient}: {reason}")]
pub struct Denial {
    /// The purpose id (`"?"` if unknown).
    pub purpose: String,
    /// The recipient id (`"?"` if unknown).
    pub recipient: String,
    /// Why.
    pub reason: DenialReason,
    /// The steps of the decision.
    pub explanation: Box<Explanation>,
}

/// What a permit allows; internal result of [`Catalog::evaluate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// `true` when an H1 permit reveals the Individual Number.
    pub reveals_my_number: bool,
}

/// A permit for identified data: the only way to obtain [`View`]s.
///
/// Created only by [`Catalog::decide`], after the decision was logged.
pub struct Permit<'r> {
    purpose: PurposeRef,
    recipient: RecipientRef,
    fields: FieldSet,
    on: NaiveDate,
    subjects: &'r [SubjectRecord],
    reveal_my_number: bool,
    log_seq: u64,
    explanation: Explanation,
}

impl<'r> Permit<'r> {
    /// The minimised view of every subject, in request order. Projection allocates nothing: a
    /// view is a reference, the allowed fields and the date derived fields are computed for.
    pub fn views(&self) -> impl ExactSizeIterator<Item = View<'r>> + '_ {
        self.subjects
            .iter()
            .map(|r| View::new(r, self.fields, self.on, self.reveal_my_number))
    }

    /// The view of the `index`-th subject of the request.
    pub fn view(&self, index: usize) -> Option<View<'r>> {
        self.subjects
            .get(index)
            .map(|r| View::new(r, self.fields, self.on, self.reveal_my_number))
    }

    /// The number of subjects.
    pub fn len(&self) -> usize {
        self.subjects.len()
    }

    /// `true` if the permit covers no subject.
    pub fn is_empty(&self) -> bool {
        self.subjects.is_empty()
    }

    /// The fields permitted (exactly those requested).
    pub fn fields(&self) -> FieldSet {
        self.fields
    }

    /// The purpose.
    pub fn purpose(&self) -> PurposeRef {
        self.purpose
    }

    /// The recipient.
    pub fn recipient(&self) -> RecipientRef {
        self.recipient
    }

    /// The sequence number of the log entry that recorded the decision.
    pub fn log_seq(&self) -> u64 {
        self.log_seq
    }

    /// The steps of the decision.
    pub fn explanation(&self) -> &Explanation {
        &self.explanation
    }
}

impl fmt::Debug for Permit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Permit")
            .field("purpose", &self.purpose)
            .field("recipient", &self.recipient)
            .field("fields", &self.fields)
            .field("subjects", &self.subjects.len())
            .field("log_seq", &self.log_seq)
            .finish()
    }
}

/// A permit for de-identified data (F3, C13): the only way to obtain a
/// [`DeidentifiedDataset`](super::DeidentifiedDataset).
///
/// Created only by [`Catalog::decide_deidentified`].
pub struct DeidentifiedPermit<'r> {
    pub(crate) fields: FieldSet,
    pub(crate) on: NaiveDate,
    pub(crate) subjects: &'r [SubjectRecord],
    log_seq: u64,
    explanation: Explanation,
}

impl DeidentifiedPermit<'_> {
    /// The fields permitted.
    pub fn fields(&self) -> FieldSet {
        self.fields
    }

    /// The sequence number of the log entry that recorded the decision.
    pub fn log_seq(&self) -> u64 {
        self.log_seq
    }

    /// The steps of the decision.
    pub fn explanation(&self) -> &Explanation {
        &self.explanation
    }
}

impl fmt::Debug for DeidentifiedPermit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeidentifiedPermit")
            .field("fields", &self.fields)
            .field("subjects", &self.subjects.len())
            .field("log_seq", &self.log_seq)
            .finish()
    }
}

impl Catalog {
    /// Decides `request` without logging and without releasing anything: the pure rule,
    /// for planning and benchmarks. Use [`Catalog::decide`] to obtain data.
    ///
    /// ```
    /// use kenpo_domain::access::{Actor, Catalog, Field, FieldSet, Request, DenialReason};
    /// use kenpo_domain::calendar::date;
    ///
    /// let catalog = Catalog::default_catalog();
    /// let (a8, clinic) = (catalog.purpose("A8").unwrap(), catalog.recipient("clinic").unwrap());
    /// let staff = Actor::staff("S001");
    /// let at = date(2026, 6, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
    /// let req = Request::new(&staff, a8, clinic, &[], FieldSet::of(&[Field::Name]), at);
    /// // Not yet confirmed who asks:
    /// assert!(matches!(catalog.evaluate(&req), Err(DenialReason::ConditionFailed { .. })));
    /// assert!(catalog.evaluate(&req.requester_confirmed()).is_ok());
    /// ```
    #[inline]
    pub fn evaluate(&self, request: &Request<'_>) -> Result<Verdict, DenialReason> {
        self.evaluate_form(request, Form::Identified)
    }

    fn evaluate_form(&self, req: &Request<'_>, form: Form) -> Result<Verdict, DenialReason> {
        let p = usize::from(req.purpose.0);
        let r = usize::from(req.recipient.0);
        let conditions = *self.conditions.get(p).ok_or(DenialReason::UnknownPurpose)?;
        let recipient = self
            .recipients
            .get(r)
            .ok_or(DenialReason::UnknownRecipient)?;
        let cell = *self
            .table
            .get(p * self.recipients.len() + r)
            .ok_or(DenialReason::UnknownPurpose)?;
        if cell == NO_GRANT {
            return Err(DenialReason::RecipientNotAllowed);
        }
        if recipient.kind == RecipientKind::Employer && !req.fields.is_subset_of(FieldSet::DELIVERY)
        {
            return Err(DenialReason::ConditionFailed {
                condition: Condition::ContentWithheldFromEmployer,
                subject: None,
            });
        }
        let extra = req.fields.minus(FieldSet::from_bits(cell));
        if let Some(field) = extra.first() {
            return Err(DenialReason::FieldNotAllowed { field });
        }
        if recipient.kind.needs_confirmation() && !req.requester_confirmed {
            return Err(DenialReason::ConditionFailed {
                condition: Condition::RequesterConfirmed,
                subject: None,
            });
        }
        let deidentified = conditions.contains(Condition::Deidentified);
        if form == Form::Deidentified && !deidentified {
            return Err(DenialReason::NotDeidentifiedPurpose);
        }
        for condition in conditions.iter() {
            let fail = |subject| Err(DenialReason::ConditionFailed { condition, subject });
            match condition {
                Condition::RequesterConfirmed if !req.requester_confirmed => return fail(None),
                Condition::SubjectApplied if !req.subject_applied => return fail(None),
                Condition::Deidentified if form != Form::Deidentified => return fail(None),
                Condition::MyNumberActScope if req.my_number_procedure.is_none() => {
                    return fail(None)
                }
                Condition::SubjectOrAdmittedAgent => {
                    let Some(key) = req.actor.acts_for() else {
                        return fail(None);
                    };
                    if let Some(i) = req.subjects.iter().position(|s| &s.key != key) {
                        return fail(Some(i));
                    }
                }
                Condition::Aged65OrOver => {
                    let on = req.at.date();
                    if let Some(i) = req.subjects.iter().position(|s| {
                        age_reached_on(s.birth_date, on).is_none_or(|a| a < F4_MIN_AGE)
                    }) {
                        return fail(Some(i));
                    }
                }
                _ => {}
            }
        }
        Ok(Verdict {
            reveals_my_number: req.fields.contains(Field::MyNumber)
                && conditions.contains(Condition::MyNumberActScope),
        })
    }

    /// Decides `request`, records the decision (permit or deny) in `log`, and on permit returns
    /// the [`Permit`] whose views hold only the requested, granted fields.
    ///
    /// ```
    /// use kenpo_domain::access::{Actor, Catalog, Field, FieldSet, MemoryLog, Request, SubjectRecord};
    /// use kenpo_domain::calendar::date;
    /// use kenpo_domain::identifiers::{BranchNumber, InsuredNumber, InsuredSymbol, MemberKey};
    /// use kenpo_domain::person::{Address, PersonName, Sex};
    ///
    /// let catalog = Catalog::default_catalog();
    /// let key = MemberKey {
    ///     symbol: InsuredSymbol::new("1").unwrap(),
    ///     number: InsuredNumber::new("23").unwrap(),
    ///     branch: BranchNumber::new("00").unwrap(),
    /// };
    /// let member = SubjectRecord::new(key, PersonName::new("山田 花子").unwrap(),
    ///         date(1980, 5, 2).unwrap(), Sex::Female)
    ///     .with_address(Address::new("大阪府大阪市北区1-1").unwrap());
    /// let subjects = [member];
    /// let staff = Actor::staff("S001");
    /// let at = date(2026, 6, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
    /// let (a12, gym) = (catalog.purpose("A12").unwrap(), catalog.recipient("gym_konami").unwrap());
    /// let mut log = MemoryLog::new();
    ///
    /// // The gym gets the age, computed on the day; never the date of birth.
    /// let fields = FieldSet::of(&[Field::Name, Field::Age]);
    /// let permit = catalog
    ///     .decide(&Request::new(&staff, a12, gym, &subjects, fields, at).subject_applied(), &mut log)
    ///     .unwrap();
    /// let view = permit.view(0).unwrap();
    /// assert_eq!(view.age(), Some(46));
    /// assert_eq!(view.birth_date(), None);
    ///
    /// let asked = FieldSet::of(&[Field::BirthDate]);
    /// let denial = catalog
    ///     .decide(&Request::new(&staff, a12, gym, &subjects, asked, at).subject_applied(), &mut log)
    ///     .unwrap_err();
    /// assert_eq!(denial.to_string(),
    ///     "denied: purpose A12, recipient gym_konami: field birth_date is not granted to this recipient");
    /// assert_eq!(log.len(), 2);
    /// ```
    pub fn decide<'r>(
        &self,
        request: &Request<'r>,
        log: &mut dyn AccessLog,
    ) -> Result<Permit<'r>, Denial> {
        let verdict = self.evaluate_form(request, Form::Identified);
        let (log_seq, explanation) = self.record(request, Form::Identified, verdict, log)?;
        Ok(Permit {
            purpose: request.purpose,
            recipient: request.recipient,
            fields: request.fields,
            on: request.at.date(),
            subjects: request.subjects,
            reveal_my_number: verdict.is_ok_and(|v| v.reveals_my_number),
            log_seq,
            explanation,
        })
    }

    /// Decides a de-identified release (F3, C13), records it in `log`, and on permit returns the
    /// [`DeidentifiedPermit`] from which the k-anonymous dataset is built.
    pub fn decide_deidentified<'r>(
        &self,
        request: &Request<'r>,
        log: &mut dyn AccessLog,
    ) -> Result<DeidentifiedPermit<'r>, Denial> {
        let verdict = self.evaluate_form(request, Form::Deidentified);
        let (log_seq, explanation) = self.record(request, Form::Deidentified, verdict, log)?;
        Ok(DeidentifiedPermit {
            fields: request.fields,
            on: request.at.date(),
            subjects: request.subjects,
            log_seq,
            explanation,
        })
    }

    /// Logs the decision; returns the log sequence and explanation on permit, the denial
    /// otherwise (also when the log fails).
    fn record(
        &self,
        req: &Request<'_>,
        form: Form,
        verdict: Result<Verdict, DenialReason>,
        log: &mut dyn AccessLog,
    ) -> Result<(u64, Explanation), Denial> {
        let purpose = self.purpose_info(req.purpose);
        let recipient = self.recipient_info(req.recipient);
        let pid = purpose.map_or("?", |p| p.id.as_str());
        let rid = recipient.map_or("?", |r| r.id.as_str());
        let mut explanation = Explanation::new(
            "access.decide",
            "個人情報保護法 第18条・第27条; 公表文「個人情報の利用目的の公表について」",
        );
        if let Some(p) = purpose {
            explanation.step(
                "purpose",
                format_args!("{} {} (公表文 {})", p.id, p.title_ja, p.notice),
            );
        }
        if let Some(r) = recipient {
            explanation.step("recipient", r);
        }
        explanation.step("fields", format_args!("{:?}", req.fields));
        explanation.step("subjects", req.subjects.len());
        let outcome = match verdict {
            Ok(_) => Outcome::Permit,
            Err(reason) => Outcome::Deny { reason },
        };
        explanation.step(
            "outcome",
            match verdict {
                Ok(_) => "permit".to_owned(),
                Err(r) => format!("deny: {r}"),
            },
        );
        let event = LogEvent::Decision(DecisionRecord {
            actor: LoggedActor::from(req.actor),
            purpose: pid.to_owned(),
            recipient: rid.to_owned(),
            recipient_kind: recipient.map(|r| r.kind),
            counterparty: req.counterparty.map(str::to_owned),
            subjects: req
                .subjects
                .iter()
                .map(|s| LoggedSubject::Key(s.key.clone()))
                .collect(),
            fields: req.fields,
            form,
            my_number_procedure: req.my_number_procedure,
            outcome,
        });
        let denial = |reason, explanation| Denial {
            purpose: pid.to_owned(),
            recipient: rid.to_owned(),
            reason,
            explanation: Box::new(explanation),
        };
        match (log.append(req.at, event), verdict) {
            (Ok(seq), Ok(_)) => Ok((seq, explanation)),
            (_, Err(reason)) => Err(denial(reason, explanation)),
            (Err(_), Ok(_)) => Err(denial(DenialReason::LogFailed, explanation)),
        }
    }
}
