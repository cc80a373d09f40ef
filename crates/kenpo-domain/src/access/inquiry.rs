//! The two answers that leave for a clinic or another insurer straight from the member master,
//! each only through a logged decision:
//!
//! - the eligibility answer (資格照会, A8, notice §1 第8項): [`Catalog::answer_eligibility_inquiry`];
//! - the inquiry about a visit outside eligibility (資格喪失後受診の照会, C2, notice §3 第2項) that a
//!   receipt finding calls for: [`Catalog::clinic_inquiry`].
//!
//! Both build the subject with the one subject builder ([`SubjectRecord::from_master`]), decide
//! under the catalog (the decision, permit or deny, is in the log before anything is returned)
//! and read the answer out of the permit's view. The master's own A8 query is crate-private and
//! the receipt checks carry no identity ([`InquiryDue`]), so these are the only ways to obtain an
//! [`EligibilityAnswer`] or a [`ClinicInquiry`] from the society's data.

use chrono::NaiveDateTime;

use super::catalog::Catalog;
use super::decision::{Actor, Denial, Request};
use super::field::{Field, FieldSet};
use super::log::AccessLog;
use super::record::{ReceiptSummary, SubjectRecord};
use super::view::ELIGIBILITY_ANSWER_FIELDS;
use crate::calendar::YearMonth;
use crate::identifiers::{InstitutionCode, MaskedMemberKey, MemberKey};
use crate::member::{EligibilityAnswer, MemberMaster};
use crate::receipt::checks::{ClinicInquiry, InquiryDue};

/// The fields C2 gives the clinic: 記号番号, 氏名, 生年月日, 資格喪失日, 受診日.
pub const CLINIC_INQUIRY_FIELDS: FieldSet = FieldSet::of(&[
    Field::MemberKey,
    Field::Name,
    Field::BirthDate,
    Field::LossDate,
    Field::VisitDates,
]);

/// Who asks or is asked, and when: the facts of an A8 or C2 request.
#[derive(Debug, Clone, Copy)]
pub struct Inquiry<'a> {
    /// The staff member or system answering.
    pub actor: &'a Actor,
    /// The catalog's recipient id (`"clinic"`, `"other_insurer"`).
    pub recipient: &'a str,
    /// The clinic's or insurer's name (kept in the log and the provision record).
    pub counterparty: &'a str,
    /// The society has confirmed who the clinic or insurer is (相手先確認).
    pub confirmed: bool,
    /// When; its date is the date the master is read for.
    pub at: NaiveDateTime,
}

/// Why an inquiry was not answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InquiryError {
    /// The master has no such person.
    #[error("no person with key {key} in the member master")]
    UnknownMember {
        /// The key (masked).
        key: MaskedMemberKey,
    },
    /// The catalog has no such recipient.
    #[error("recipient {id:?} is not in the catalog")]
    UnknownRecipient {
        /// The id given.
        id: String,
    },
    /// The catalog has no such purpose.
    #[error("purpose {id} is not in the catalog")]
    UnknownPurpose {
        /// The purpose id.
        id: &'static str,
    },
    /// Denied (and logged).
    #[error(transparent)]
    Denied(#[from] Box<Denial>),
    /// The person has no eligibility period to answer with.
    #[error("{key} has no eligibility period to answer with")]
    NoPeriod {
        /// The key (masked).
        key: MaskedMemberKey,
    },
}

impl Catalog {
    fn inquiry_request<'r>(
        &self,
        purpose: &'static str,
        inquiry: &Inquiry<'r>,
        subjects: &'r [SubjectRecord],
        fields: FieldSet,
    ) -> Result<Request<'r>, InquiryError> {
        let p = self
            .purpose(purpose)
            .ok_or(InquiryError::UnknownPurpose { id: purpose })?;
        let r =
            self.recipient(inquiry.recipient)
                .ok_or_else(|| InquiryError::UnknownRecipient {
                    id: inquiry.recipient.to_owned(),
                })?;
        let mut request = Request::new(inquiry.actor, p, r, subjects, fields, inquiry.at)
            .counterparty(inquiry.counterparty);
        if inquiry.confirmed {
            request = request.requester_confirmed();
        }
        Ok(request)
    }

    /// Answers an eligibility inquiry (資格照会, A8) about `key` from the master as of the
    /// inquiry's date: the six fields, after the decision was logged. A denial (the asker not
    /// confirmed, a recipient A8 does not name) is logged too and returned as
    /// [`InquiryError::Denied`].
    pub fn answer_eligibility_inquiry(
        &self,
        master: &MemberMaster,
        key: &MemberKey,
        inquiry: &Inquiry<'_>,
        log: &mut dyn AccessLog,
    ) -> Result<EligibilityAnswer, InquiryError> {
        let subject = SubjectRecord::from_master(master, key, inquiry.at.date())
            .ok_or_else(|| InquiryError::UnknownMember { key: key.masked() })?;
        let subjects = [subject];
        let request = self.inquiry_request("A8", inquiry, &subjects, ELIGIBILITY_ANSWER_FIELDS)?;
        let permit = self.decide(&request, log).map_err(Box::new)?;
        permit
            .view(0)
            .and_then(|v| v.eligibility_answer())
            .ok_or_else(|| InquiryError::NoPeriod { key: key.masked() })
    }

    /// The inquiry to the clinic about a visit outside eligibility (C2) that a receipt finding
    /// calls for: 保険者名, 記号・番号, 氏名, 生年月日, 資格喪失日 and 受診日, after the decision was
    /// logged. `institution` is the receipt's 医療機関コード (kept with the visit in the subject's
    /// receipt summary the decision is about).
    pub fn clinic_inquiry(
        &self,
        master: &MemberMaster,
        due: &InquiryDue,
        society_name: &str,
        institution: &InstitutionCode,
        inquiry: &Inquiry<'_>,
        log: &mut dyn AccessLog,
    ) -> Result<ClinicInquiry, InquiryError> {
        let subject = SubjectRecord::from_master(master, &due.key, inquiry.at.date())
            .ok_or_else(|| InquiryError::UnknownMember {
                key: due.key.masked(),
            })?
            .with_loss_date(due.boundary)
            .with_receipts(vec![ReceiptSummary {
                service_month: YearMonth::of(due.visit_date),
                institution: institution.clone(),
                visit_dates: vec![due.visit_date],
                points: 0,
            }]);
        let subjects = [subject];
        let request = self.inquiry_request("C2", inquiry, &subjects, CLINIC_INQUIRY_FIELDS)?;
        let permit = self.decide(&request, log).map_err(Box::new)?;
        let view = permit.view(0).ok_or_else(|| InquiryError::UnknownMember {
            key: due.key.masked(),
        })?;
        let (Some(k), Some(name), Some(birth_date)) =
            (view.member_key(), view.name(), view.birth_date())
        else {
            return Err(InquiryError::UnknownMember {
                key: due.key.masked(),
            });
        };
        Ok(ClinicInquiry {
            society_name: society_name.to_owned(),
            symbol: k.symbol.clone(),
            number: k.number.clone(),
            name: name.clone(),
            birth_date,
            loss_date: due.boundary,
            visit_date: due.visit_date,
        })
    }
}
