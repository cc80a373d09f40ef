//! The decisions that let personal data leave, each logged first: [`PurposeCatalog::decide`],
//! the A8 answer, the C2 clinic inquiry, disclosure (開示請求), de-identified releases, and the
//! provision register derived from the log.
use std::sync::Arc;

use kenpo_domain::access as domain;
use kenpo_domain::access::{InquiryError, KAnonymity, SubjectRecord};
use kenpo_domain::identifiers as ids;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{field_list, field_set, instant, keys, AccessActor, AccessField, AccessLog};
use super::{MyNumberProcedure, PurposeCatalog};
use crate::code::ResultCode;
use crate::error::{count, KenpoError, KenpoResult};
use crate::explain::Explanation;
use crate::identifiers::MemberKey;
use crate::member::MemberMaster;
use crate::person::Sex;
use crate::receipt::InquiryDue;
use crate::scalar::{PlainDate, PlainMonth};

/// A request to use personal data of members of the master (利用・提供の申請).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AccessRequest {
    /// Who performs the use.
    pub actor: AccessActor,
    /// The purpose's id in the catalog (`"A12"`).
    pub purpose: String,
    /// The recipient's id in the catalog (`"gym_konami"`).
    pub recipient: String,
    /// The subjects, by key.
    pub subjects: Vec<MemberKey>,
    /// The fields asked for.
    pub fields: Vec<AccessField>,
    /// The day of the request: the subjects are read from the master as of it, and derived
    /// fields (the age …) computed for it.
    pub on: PlainDate,
    /// The time of day, `HH:MM:SS`.
    pub time: String,
    /// The society has confirmed who the requesting clinic or insurer is (相手先確認).
    pub requester_confirmed: bool,
    /// The subject asked for this use (本人の申込み).
    pub subject_applied: bool,
    /// The My Number Act procedure this use serves (H1 only).
    pub my_number_procedure: Option<MyNumberProcedure>,
    /// The actual recipient's name when the catalog's recipient is generic (a clinic).
    pub counterparty: Option<String>,
    /// Write the steps of the decision.
    pub explain: bool,
}

/// One subject as a permit allows it: only the permitted fields are filled (a field the
/// permit holds but the master does not is `None` too). Personal data: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SubjectView {
    /// The fields the permit holds.
    pub fields: Vec<AccessField>,
    /// 記号・番号・枝番.
    pub member_key: Option<MemberKey>,
    /// 氏名.
    pub name: Option<String>,
    /// カナ氏名.
    pub kana_name: Option<String>,
    /// 生年月日.
    pub birth_date: Option<PlainDate>,
    /// 年齢 on the decision's date (the legal rule: reached the day before the birthday).
    pub age: Option<i32>,
    /// 年齢階級, `"40-44"`.
    pub age_band: Option<String>,
    /// 性別.
    pub sex: Option<Sex>,
    /// 住所.
    pub address: Option<String>,
    /// 都道府県.
    pub prefecture: Option<String>,
    /// 事業所記号 (a dependant's: the insured person's).
    pub office: Option<String>,
    /// 資格取得日.
    pub acquisition_date: Option<PlainDate>,
    /// 資格喪失日.
    pub loss_date: Option<PlainDate>,
    /// 資格取得年月.
    pub acquisition_month: Option<PlainMonth>,
    /// 資格喪失年月.
    pub loss_month: Option<PlainMonth>,
    /// 標準報酬月額 in force (whole yen).
    pub standard_monthly_remuneration: Option<i64>,
}

impl SubjectView {
    fn from_view(v: &domain::View<'_>) -> KenpoResult<SubjectView> {
        Ok(SubjectView {
            fields: field_list(v.fields())?,
            member_key: v.member_key().map(MemberKey::from),
            name: v.name().map(|n| n.as_str().to_owned()),
            kana_name: v.kana_name().map(|n| n.as_str().to_owned()),
            birth_date: v.birth_date().map(PlainDate),
            age: v.age().map(|a| i32::try_from(a).unwrap_or(i32::MAX)),
            age_band: v.age_band().map(|b| b.to_string()),
            sex: v.sex().map(Sex::try_from).transpose()?,
            address: v.address().map(|a| a.as_str().to_owned()),
            prefecture: v.prefecture().map(str::to_owned),
            office: v.office().map(|o| o.as_str().to_owned()),
            acquisition_date: v.acquisition_date().map(PlainDate),
            loss_date: v.loss_date().map(PlainDate),
            acquisition_month: v.acquisition_month().map(PlainMonth),
            loss_month: v.loss_month().map(PlainMonth),
            standard_monthly_remuneration: v.standard_monthly_remuneration().map(|y| y.get()),
        })
    }
}

/// Why a request was denied: the purpose, the field or the condition; a per-subject
/// condition names the subject by position. Never personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AccessDenial {
    /// `"recipient_not_allowed"`, `"field_not_allowed"`, `"condition_failed"`,
    /// `"not_deidentified_purpose"`, `"log_failed"`.
    pub reason: String,
    /// The field not granted, for `field_not_allowed`.
    pub field: Option<AccessField>,
    /// The condition that failed (`"requester_confirmed"`, `"aged_65_or_over"` …).
    pub condition: Option<String>,
    /// The position of the subject a per-subject condition failed for.
    pub subject_index: Option<i64>,
    /// The denial in words.
    pub message: String,
}

impl AccessDenial {
    fn from_denial(d: &domain::Denial) -> KenpoResult<AccessDenial> {
        use domain::DenialReason as R;
        let (reason, field, condition, subject) = match d.reason {
            R::UnknownPurpose => ("unknown_purpose", None, None, None),
            R::UnknownRecipient => ("unknown_recipient", None, None, None),
            R::RecipientNotAllowed => ("recipient_not_allowed", None, None, None),
            R::FieldNotAllowed { field } => {
                ("field_not_allowed", Some(field.try_into()?), None, None)
            }
            R::ConditionFailed { condition, subject } => (
                "condition_failed",
                None,
                Some(condition.id().to_owned()),
                subject.map(count),
            ),
            R::NotDeidentifiedPurpose => ("not_deidentified_purpose", None, None, None),
            R::LogFailed => ("log_failed", None, None, None),
            _ => ("other", None, None, None),
        };
        Ok(AccessDenial {
            reason: reason.to_owned(),
            field,
            condition,
            subject_index: subject,
            message: d.to_string(),
        })
    }
}

/// The answer to an access request: a permit with one view per subject, or a denial. Either
/// way the decision is in the log (`log_seq`). Views hold personal data: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AccessDecision {
    /// `true` for a permit.
    pub permitted: bool,
    /// The log entry of a permit (a denial is logged too, at the next sequence number).
    pub log_seq: Option<i64>,
    /// One view per subject, in request order (empty on a denial).
    pub views: Vec<SubjectView>,
    /// Why it was denied.
    pub denial: Option<AccessDenial>,
    /// The steps, when asked for.
    pub explanation: Option<Explanation>,
}

fn unknown(field: &str, what: &str) -> KenpoError {
    KenpoError::input(
        ResultCode::InvalidAccessRequest,
        field,
        format!("not a {what} of the catalog"),
    )
}

fn subjects(
    master: &kenpo_domain::member::MemberMaster,
    keys: &[ids::MemberKey],
    on: chrono::NaiveDate,
    field: &str,
) -> KenpoResult<Vec<SubjectRecord>> {
    keys.iter()
        .enumerate()
        .map(|(i, k)| {
            SubjectRecord::from_master(master, k, on).ok_or_else(|| KenpoError::NotFound {
                code: ResultCode::UnknownMember as i32,
                what: format!("{field}[{i}] ({}) in the member master", k.masked()),
            })
        })
        .collect()
}

fn n(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn refused(d: &domain::Denial) -> KenpoError {
    KenpoError::refused(
        ResultCode::RuleRefused,
        "access.decide (個人情報保護法 第18条・第27条)",
        d,
    )
}

fn inquiry_error(e: InquiryError) -> KenpoError {
    match e {
        InquiryError::UnknownMember { key } | InquiryError::NoPeriod { key } => {
            KenpoError::NotFound {
                code: ResultCode::UnknownMember as i32,
                what: format!("member {key} (with an eligibility period) in the member master"),
            }
        }
        InquiryError::UnknownRecipient { .. } => unknown("recipient", "recipient"),
        InquiryError::Denied(d) => refused(&d),
        other => KenpoError::refused(ResultCode::RuleRefused, "access.inquiry", other),
    }
}

/// An eligibility inquiry (資格照会, A8) from a clinic or another insurer about one member.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EligibilityInquiryRequest {
    /// The member asked about.
    pub key: MemberKey,
    /// The staff member or system answering.
    pub actor: AccessActor,
    /// `"clinic"` or `"other_insurer"`.
    pub recipient: String,
    /// The clinic's or insurer's name (kept in the log and the provision record).
    pub counterparty: String,
    /// The society has confirmed who asks (相手先確認); without it the answer is refused.
    pub confirmed: bool,
    /// The day of the inquiry: the master is read as of it.
    pub on: PlainDate,
    /// The time of day, `HH:MM:SS`.
    pub time: String,
}

/// The eligibility answer (A8): the six fields. Personal data: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EligibilityAnswer {
    /// 記号・番号・枝番.
    pub key: MemberKey,
    /// 氏名.
    pub name: String,
    /// 生年月日.
    pub birth_date: PlainDate,
    /// 性別.
    pub sex: Sex,
    /// 資格取得日.
    pub acquired: PlainDate,
    /// 資格喪失日 (`None` while eligible).
    pub lost: Option<PlainDate>,
}

/// The C2 inquiry a receipt finding calls for: the finding's [`InquiryDue`] and the receipt's
/// 医療機関コード.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ClinicInquiryRequest {
    /// The inquiry due, as the receipt finding gave it.
    pub due: InquiryDue,
    /// The receipt's 医療機関コード (10 digits).
    pub institution: String,
    /// The society's name (保険者名) printed on the inquiry.
    pub society_name: String,
    /// The staff member or system sending it.
    pub actor: AccessActor,
    /// The clinic's name (kept in the log and the provision record).
    pub counterparty: String,
    /// The society has confirmed who the clinic is (相手先確認).
    pub confirmed: bool,
    /// The day of the inquiry: the master is read as of it.
    pub on: PlainDate,
    /// The time of day, `HH:MM:SS`.
    pub time: String,
}

/// The inquiry to the clinic about a visit outside eligibility (C2): 保険者名, 記号・番号, 氏名,
/// 生年月日, 資格喪失日 and 受診日. Personal data: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ClinicInquiry {
    /// 保険者名.
    pub society_name: String,
    /// 記号.
    pub symbol: String,
    /// 番号.
    pub number: String,
    /// 氏名.
    pub name: String,
    /// 生年月日.
    pub birth_date: PlainDate,
    /// 資格喪失日 (for a visit before acquisition, the 資格取得日).
    pub loss_date: PlainDate,
    /// 受診日.
    pub visit_date: PlainDate,
}

/// A disclosure request (開示請求, 個人情報保護法 第33条; purpose C9) by the subject or an
/// agent admitted by the procedure.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DisclosureRequest {
    /// The subject (本人) or the admitted agent.
    pub actor: AccessActor,
    /// The subject whose data is disclosed.
    pub subject: MemberKey,
    /// The day the export is prepared: the master is read as of it.
    pub on: PlainDate,
    /// The time of day, `HH:MM:SS`.
    pub time: String,
}

/// One item of a disclosure export.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DisclosureItem {
    /// The field.
    pub field: AccessField,
    /// Its Japanese name.
    pub title_ja: String,
    /// The value as JSON text (`null` when the society holds none).
    pub value_json: String,
}

/// What a disclosure request gives: every item the disclosure purpose grants. Personal data:
/// no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DisclosureExport {
    /// The society.
    pub society: String,
    /// The day it was prepared.
    pub prepared_on: PlainDate,
    /// `true` when given to an admitted agent.
    pub to_agent: bool,
    /// The items.
    pub items: Vec<DisclosureItem>,
    /// `true` when the society holds the subject's Individual Number (never disclosed here:
    /// its own procedure applies).
    pub my_number_held: bool,
    /// The log entry of the decision.
    pub log_seq: i64,
    /// The export as printed text.
    pub text: String,
}

/// A de-identified release (F3, C13): k-anonymous rows only.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DeidentifiedReleaseRequest {
    /// Who performs the use.
    pub actor: AccessActor,
    /// A purpose providing for de-identified data (`"F3"`, `"C13"`).
    pub purpose: String,
    /// The recipient's id (`"report_vendor"`).
    pub recipient: String,
    /// The subjects, by key.
    pub subjects: Vec<MemberKey>,
    /// The quasi-identifiers asked for (`age_band`, `sex`, `prefecture`, `office`,
    /// `acquisition_month`, `loss_month`).
    pub fields: Vec<AccessField>,
    /// The day of the release.
    pub on: PlainDate,
    /// The time of day, `HH:MM:SS`.
    pub time: String,
    /// k of k-anonymity (at least 1; 5 is the library's default choice, no statute fixes one).
    pub k: i32,
}

/// One de-identified row: quasi-identifiers generalised, no direct identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DeidentifiedRow {
    /// 年齢階級 (`"40-44"`).
    pub age_band: Option<String>,
    /// 性別.
    pub sex: Option<Sex>,
    /// 都道府県.
    pub prefecture: Option<String>,
    /// 事業所記号.
    pub office: Option<String>,
    /// 資格取得年月.
    pub acquisition_month: Option<PlainMonth>,
    /// 資格喪失年月.
    pub loss_month: Option<PlainMonth>,
}

/// A k-anonymous dataset: groups smaller than k suppressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DeidentifiedDataset {
    /// The rows kept, in request order.
    pub rows: Vec<DeidentifiedRow>,
    /// Rows suppressed (in groups smaller than k).
    pub suppressed: i64,
    /// The k applied.
    pub k: i32,
    /// The quasi-identifier groups kept.
    pub groups: i64,
    /// The log entry of the decision.
    pub log_seq: i64,
}

/// Which provision records to list (all when both are `None`).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ProvisionRegisterRequest {
    /// Only the records about this subject (what the subject's 開示請求 of 第三者提供記録
    /// returns, 第33条第5項).
    pub subject: Option<MemberKey>,
    /// Only the provisions to this recipient id.
    pub recipient: Option<String>,
}

/// One third-party provision as the provider records it (個人情報保護法 第29条; 施行規則 第20条).
/// Names the subject by key: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ProvisionRecord {
    /// 提供した年月日.
    pub date: PlainDate,
    /// The recipient's id.
    pub recipient: String,
    /// 第三者の氏名又は名称.
    pub recipient_name: String,
    /// 本人を特定するに足りる事項: the key (`None` once the person was disposed of).
    pub subject: Option<MemberKey>,
    /// The pseudonym left by a disposal, instead of the key.
    pub pseudonym: Option<String>,
    /// 個人データの項目.
    pub items: Vec<AccessField>,
    /// The purpose.
    pub purpose: String,
    /// The log entry.
    pub log_seq: i64,
}

/// The provision records of a log.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ProvisionRegister {
    /// The records, in log order.
    pub records: Vec<ProvisionRecord>,
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl PurposeCatalog {
    /// Decides an access request against the catalog, records the decision (permit or deny) in
    /// `log` first, and on a permit gives the minimised view of each subject: only the
    /// requested, granted fields, derived fields computed on the request's date. A denial is an
    /// answer, not an error.
    ///
    /// # Errors
    /// [`KenpoError::InvalidInput`]: 260 for a purpose or recipient not in the catalog
    /// (`purpose`, `recipient`), 201 for a malformed key (`subjects[i]`), 200 for `time`;
    /// [`KenpoError::NotFound`] (221) for a subject not in the master on that day (by position
    /// and masked key); [`KenpoError::Internal`] (902) for a master or log left unusable by an
    /// earlier panic.
    pub fn decide(
        &self,
        log: Arc<AccessLog>,
        master: Arc<MemberMaster>,
        request: AccessRequest,
    ) -> KenpoResult<AccessDecision> {
        let c = &self.inner;
        let purpose = c
            .purpose(&request.purpose)
            .ok_or_else(|| unknown("purpose", "purpose"))?;
        let recipient = c
            .recipient(&request.recipient)
            .ok_or_else(|| unknown("recipient", "recipient"))?;
        let at = instant(request.on, &request.time)?;
        let keys = keys(&request.subjects, "subjects")?;
        let actor = request.actor.to_domain()?;
        let master = master.read()?;
        let subjects = subjects(&master, &keys, at.date(), "subjects")?;
        let mut req = domain::Request::new(
            &actor,
            purpose,
            recipient,
            &subjects,
            field_set(&request.fields),
            at,
        );
        if request.requester_confirmed {
            req = req.requester_confirmed();
        }
        if request.subject_applied {
            req = req.subject_applied();
        }
        if let Some(p) = request.my_number_procedure {
            req = req.my_number_procedure(p.into());
        }
        if let Some(name) = request.counterparty.as_deref() {
            req = req.counterparty(name);
        }
        let explain = |e: &kenpo_domain::explanation::Explanation| {
            request.explain.then(|| Explanation::from(e))
        };
        log.with(|l| match c.decide(&req, l) {
            Ok(permit) => Ok(AccessDecision {
                permitted: true,
                log_seq: Some(n(permit.log_seq())),
                views: permit
                    .views()
                    .map(|v| SubjectView::from_view(&v))
                    .collect::<KenpoResult<_>>()?,
                denial: None,
                explanation: explain(permit.explanation()),
            }),
            Err(denial) => Ok(AccessDecision {
                permitted: false,
                log_seq: None,
                views: Vec::new(),
                denial: Some(AccessDenial::from_denial(&denial)?),
                explanation: explain(&denial.explanation),
            }),
        })
    }

    /// Answers an eligibility inquiry (資格照会, A8) about one member from the master as of
    /// the inquiry's day: the six fields, after the decision was logged. A denial (the asker
    /// not confirmed, a recipient A8 does not name) is logged too and refused.
    ///
    /// # Errors
    /// [`KenpoError::Refused`] (300) when denied; [`KenpoError::NotFound`] (221) for a key not
    /// in the master or without an eligibility period; [`KenpoError::InvalidInput`] for the
    /// request's fields (260 `recipient`, 201 `key`, 200 `time`).
    pub fn answer_eligibility_inquiry(
        &self,
        log: Arc<AccessLog>,
        master: Arc<MemberMaster>,
        request: EligibilityInquiryRequest,
    ) -> KenpoResult<EligibilityAnswer> {
        let at = instant(request.on, &request.time)?;
        let key = request.key.to_domain("key")?;
        let actor = request.actor.to_domain()?;
        let master = master.read()?;
        let inquiry = domain::Inquiry {
            actor: &actor,
            recipient: &request.recipient,
            counterparty: &request.counterparty,
            confirmed: request.confirmed,
            at,
        };
        let a = log.with(|l| {
            self.inner
                .answer_eligibility_inquiry(&master, &key, &inquiry, l)
                .map_err(inquiry_error)
        })?;
        Ok(EligibilityAnswer {
            key: (&a.symbol_and_number).into(),
            name: a.name.as_str().to_owned(),
            birth_date: PlainDate(a.birth_date),
            sex: a.sex.try_into()?,
            acquired: PlainDate(a.acquired),
            lost: a.lost.map(PlainDate),
        })
    }

    /// The inquiry to the clinic about a visit outside eligibility (C2) that a receipt finding
    /// calls for, after the decision was logged.
    ///
    /// # Errors
    /// [`KenpoError::Refused`] (300) when denied (the clinic not confirmed);
    /// [`KenpoError::NotFound`] (221) for a person not in the master;
    /// [`KenpoError::InvalidInput`] for the request's fields (201 `institution`, `due.person`;
    /// 200 `time`).
    pub fn clinic_inquiry(
        &self,
        log: Arc<AccessLog>,
        master: Arc<MemberMaster>,
        request: ClinicInquiryRequest,
    ) -> KenpoResult<ClinicInquiry> {
        let at = instant(request.on, &request.time)?;
        let due = kenpo_domain::receipt::InquiryDue {
            key: request.due.person.to_domain("due.person")?,
            boundary: request.due.boundary.0,
            visit_date: request.due.visit_date.0,
        };
        let institution = crate::identifiers::institution(&request.institution, "institution")?;
        let actor = request.actor.to_domain()?;
        let master = master.read()?;
        let inquiry = domain::Inquiry {
            actor: &actor,
            recipient: "clinic",
            counterparty: &request.counterparty,
            confirmed: request.confirmed,
            at,
        };
        let q = log.with(|l| {
            self.inner
                .clinic_inquiry(
                    &master,
                    &due,
                    &request.society_name,
                    &institution,
                    &inquiry,
                    l,
                )
                .map_err(inquiry_error)
        })?;
        Ok(ClinicInquiry {
            society_name: q.society_name,
            symbol: q.symbol.as_str().to_owned(),
            number: q.number.as_str().to_owned(),
            name: q.name.as_str().to_owned(),
            birth_date: PlainDate(q.birth_date),
            loss_date: PlainDate(q.loss_date),
            visit_date: PlainDate(q.visit_date),
        })
    }

    /// Answers a disclosure request (開示請求, C9): decides it under the disclosure purpose for
    /// the subject, logs it, and exports every item the purpose grants.
    ///
    /// # Errors
    /// [`KenpoError::Refused`] (300) when denied (the actor is neither the subject nor an agent
    /// admitted for them); [`KenpoError::NotFound`] (221); [`KenpoError::InvalidInput`] (201
    /// `subject`, 200 `time`).
    pub fn disclose(
        &self,
        log: Arc<AccessLog>,
        master: Arc<MemberMaster>,
        request: DisclosureRequest,
    ) -> KenpoResult<DisclosureExport> {
        let at = instant(request.on, &request.time)?;
        let key = request.subject.to_domain("subject")?;
        let actor = request.actor.to_domain()?;
        let master = master.read()?;
        let record = subjects(&master, std::slice::from_ref(&key), at.date(), "subject")?
            .pop()
            .ok_or_else(|| KenpoError::internal("no subject built"))?;
        let export = log.with(|l| {
            self.inner
                .disclose(&actor, &record, at, l)
                .map_err(|d| refused(&d))
        })?;
        Ok(DisclosureExport {
            society: export.society.clone(),
            prepared_on: PlainDate(export.prepared_on),
            to_agent: export.to_agent,
            items: export
                .items
                .iter()
                .map(|i| {
                    Ok(DisclosureItem {
                        field: i.field.try_into()?,
                        title_ja: i.title_ja.to_owned(),
                        value_json: crate::json::to_string(&i.value)?,
                    })
                })
                .collect::<KenpoResult<_>>()?,
            my_number_held: export.my_number_held,
            log_seq: n(export.log_seq),
            text: export.to_text(),
        })
    }

    /// Decides a de-identified release (F3, C13), logs it, and gives the k-anonymous rows: no
    /// direct identifier, quasi-identifiers generalised, groups smaller than k suppressed.
    ///
    /// # Errors
    /// [`KenpoError::Refused`] (300) when denied (a purpose without de-identified data, a field
    /// not granted); [`KenpoError::InvalidInput`] (104 `k` below 1; 260 `purpose`, `recipient`;
    /// 201 `subjects[i]`; 200 `time`); [`KenpoError::NotFound`] (221).
    pub fn deidentified_release(
        &self,
        log: Arc<AccessLog>,
        master: Arc<MemberMaster>,
        request: DeidentifiedReleaseRequest,
    ) -> KenpoResult<DeidentifiedDataset> {
        let c = &self.inner;
        let k = u32::try_from(request.k)
            .ok()
            .and_then(|k| KAnonymity::new(k).ok())
            .ok_or_else(|| KenpoError::invalid_input("k", "k of k-anonymity must be at least 1"))?;
        let purpose = c
            .purpose(&request.purpose)
            .ok_or_else(|| unknown("purpose", "purpose"))?;
        let recipient = c
            .recipient(&request.recipient)
            .ok_or_else(|| unknown("recipient", "recipient"))?;
        let at = instant(request.on, &request.time)?;
        let keys = keys(&request.subjects, "subjects")?;
        let actor = request.actor.to_domain()?;
        let master = master.read()?;
        let subjects = subjects(&master, &keys, at.date(), "subjects")?;
        let req = domain::Request::new(
            &actor,
            purpose,
            recipient,
            &subjects,
            field_set(&request.fields),
            at,
        );
        let (data, seq) = log.with(|l| {
            let permit = c.decide_deidentified(&req, l).map_err(|d| refused(&d))?;
            Ok((permit.dataset(k), permit.log_seq()))
        })?;
        Ok(DeidentifiedDataset {
            rows: data
                .rows
                .iter()
                .map(|r| {
                    Ok(DeidentifiedRow {
                        age_band: r.age_band.map(|b| b.to_string()),
                        sex: r.sex.map(Sex::try_from).transpose()?,
                        prefecture: r.prefecture.map(str::to_owned),
                        office: r.office.as_ref().map(|o| o.as_str().to_owned()),
                        acquisition_month: r.acquisition_month.map(PlainMonth),
                        loss_month: r.loss_month.map(PlainMonth),
                    })
                })
                .collect::<KenpoResult<_>>()?,
            suppressed: count(data.suppressed),
            k: i32::try_from(data.k).unwrap_or(i32::MAX),
            groups: count(data.groups),
            log_seq: n(seq),
        })
    }

    /// The third-party provision records (個人情報保護法 第29条) derived from `log`: every
    /// permitted, identified decision to a third party, other insurer or clinic, one record per
    /// subject; recipients named through this catalog.
    ///
    /// # Errors
    /// [`KenpoError::InvalidInput`] (201 `subject`); [`KenpoError::Io`] (261) when a file log
    /// cannot be read.
    pub fn provision_register(
        &self,
        log: Arc<AccessLog>,
        request: ProvisionRegisterRequest,
    ) -> KenpoResult<ProvisionRegister> {
        let subject = request
            .subject
            .as_ref()
            .map(|k| k.to_domain("subject"))
            .transpose()?;
        let entries = log.entries()?;
        let register = domain::ProvisionRegister::from_log(&entries, &self.inner);
        let records = register
            .all()
            .iter()
            .filter(|r| subject.as_ref().is_none_or(|k| r.subject.is(k)))
            .filter(|r| {
                request
                    .recipient
                    .as_ref()
                    .is_none_or(|id| &r.recipient == id)
            })
            .map(|r| {
                Ok(ProvisionRecord {
                    date: PlainDate(r.date),
                    recipient: r.recipient.clone(),
                    recipient_name: r.recipient_name.clone(),
                    subject: r.subject.key().map(MemberKey::from),
                    pseudonym: match &r.subject {
                        domain::LoggedSubject::Pseudonym { pseudonym } => {
                            Some(pseudonym.to_string())
                        }
                        _ => None,
                    },
                    items: field_list(r.items)?,
                    purpose: r.purpose.clone(),
                    log_seq: n(r.log_seq),
                })
            })
            .collect::<KenpoResult<_>>()?;
        Ok(ProvisionRegister { records })
    }
}
