//! Purpose-bound personal data access ([`kenpo_domain::access`]): the society's purpose catalog
//! (利用目的の公表, 個人情報保護法 第17条・第21条) as an object, [`PurposeCatalog`]; the keyed,
//! anchored access log as an object, [`AccessLog`]; and the decisions that let personal data
//! leave, each recorded in the log before anything is returned:
//!
//! - [`PurposeCatalog::decide`]: a request (actor, purpose, recipient, subjects, fields, time)
//!   into minimised views or a denial naming what failed (default deny; 第18条, 第27条);
//! - [`PurposeCatalog::answer_eligibility_inquiry`] (A8) and [`PurposeCatalog::clinic_inquiry`]
//!   (C2, from a receipt finding's [`InquiryDue`](crate::receipt::InquiryDue));
//! - [`PurposeCatalog::disclose`] (開示請求, 第33条), [`PurposeCatalog::deidentified_release`]
//!   (F3, C13: k-anonymous rows only), [`PurposeCatalog::provision_register`] (第29条 records,
//!   derived from the log);
//! - retention and disposal: [`PurposeCatalog::dispose_items`] (R1–R3 for held items) and
//!   [`PurposeCatalog::dispose_persons`] (households whose period ended leave the master, their
//!   keys are pseudonymised in the log, and the log still verifies).
//!
//! Subjects are always read from a member master by key with the one subject builder
//! ([`SubjectRecord::from_master`](kenpo_domain::access::SubjectRecord::from_master)); a caller
//! never describes a person itself. The master is the bound [`MemberMaster`](crate::MemberMaster)
//! object (a `kenpo_member_master` handle in C), passed beside the log: loaded and checked once
//! by the host, read in place by every decision, and changed in place by the disposal run.
//! Locks are taken in one order, the master before the log.
//!
//! Personal data: views, answers and exports hold it and have no `Debug`; errors name fields,
//! rules and masked keys only. The member master holds no Individual Number, so no view built
//! from it carries one (an H1 decision is logged with its My Number procedure).
use chrono::{NaiveDateTime, NaiveTime};
use kenpo_domain::access as domain;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::code::ResultCode;
use crate::error::{KenpoError, KenpoResult};
use crate::identifiers::MemberKey;
use crate::scalar::PlainDate;

mod decide;
mod log;
mod retention;

pub use decide::*;
pub use log::*;
pub use retention::*;

mirror_enum! {
    /// One item of personal data (個人データの項目) a purpose may use. Derived items (age, age
    /// band, prefecture, months, visit dates) are computed on the decision's date.
    pub enum AccessField => domain::Field {
        /// 被保険者等記号・番号・枝番.
        MemberKey,
        /// 氏名.
        Name,
        /// カナ氏名.
        KanaName,
        /// 生年月日.
        BirthDate,
        /// 年齢 (derived from the date of birth).
        Age,
        /// 年齢階級 (5 years).
        AgeBand,
        /// 性別.
        Sex,
        /// 住所.
        Address,
        /// 都道府県 (from the address).
        Prefecture,
        /// 事業所.
        Office,
        /// 資格取得日.
        AcquisitionDate,
        /// 資格喪失日.
        LossDate,
        /// 資格取得年月.
        AcquisitionMonth,
        /// 資格喪失年月.
        LossMonth,
        /// 標準報酬月額.
        StandardMonthlyRemuneration,
        /// 収入等判定書類.
        IncomeEvidence,
        /// 保険料記録.
        PremiumHistory,
        /// 給付記録.
        BenefitHistory,
        /// 出産育児一時金の申請・給付の有無.
        ChildbirthLumpSumStatus,
        /// レセプト.
        Receipts,
        /// 受診日.
        VisitDates,
        /// 健診結果.
        CheckupResults,
        /// 保健指導記録.
        GuidanceRecords,
        /// 役職員・組合会議員等の記録.
        StaffRecords,
        /// 個人番号 (only under H1).
        MyNumber,
    }
}

mirror_enum! {
    /// The kind of a recipient, which decides how the law treats a transfer to it.
    pub enum RecipientKind => domain::RecipientKind {
        /// A role inside the society: use within the purpose, not a provision.
        OwnRole,
        /// The subject, or the agent admitted by the disclosure procedure.
        Subject,
        /// A named outsourcee (委託先, 個人情報保護法 第27条第5項第1号).
        Outsourcee,
        /// A named third party (第三者): a provision the society records (第29条).
        ThirdParty,
        /// Another insurer, municipality or pension office, after confirming who it is.
        OtherInsurer,
        /// A medical institution or attending doctor, after confirmation.
        Clinic,
        /// The review and payment bodies (審査支払機関).
        ReviewPaymentBody,
        /// A national system (オンライン資格確認等システム, 情報提供ネットワークシステム).
        NationalSystem,
        /// The employer: may carry a sealed notice, never its content.
        Employer,
    }
}

mirror_enum! {
    /// A procedure within the My Number Act's scope (番号法 第9条・別表, 第19条), named by an H1
    /// request.
    pub enum MyNumberProcedure => domain::MyNumberProcedure {
        /// 被扶養者認定に係る課税・非課税情報の照会.
        DependentIncomeInquiry,
        /// 資格情報に係る個人番号の登録.
        EligibilityRegistration,
        /// 保険給付の支給に関する事務.
        BenefitPayment,
        /// 保険料等の徴収に関する事務.
        PremiumCollection,
    }
}

/// Who performs the use (利用者). Holds a member key for the subject and an agent: no `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum AccessActor {
    /// A staff member of the society, by staff id (職員番号).
    Staff {
        /// The staff id.
        id: String,
    },
    /// A system acting on the society's behalf, by name.
    System {
        /// The system's name.
        id: String,
    },
    /// The subject (本人), identified by the society.
    Subject {
        /// The subject's key.
        key: MemberKey,
    },
    /// An agent admitted by the disclosure procedure (個人情報保護法 第37条第3項).
    AdmittedAgent {
        /// The subject represented.
        subject: MemberKey,
        /// The admission reference of the procedure (受付番号).
        admission: String,
    },
}

impl AccessActor {
    pub(crate) fn to_domain(&self) -> KenpoResult<domain::Actor> {
        Ok(match self {
            AccessActor::Staff { id } => domain::Actor::staff(id.clone()),
            AccessActor::System { id } => domain::Actor::system(id.clone()),
            AccessActor::Subject { key } => domain::Actor::Subject {
                key: key.to_domain("actor.key")?,
            },
            AccessActor::AdmittedAgent { subject, admission } => domain::Actor::AdmittedAgent {
                subject: subject.to_domain("actor.subject")?,
                admission: admission.clone(),
            },
        })
    }
}

/// `on` at `time` (`HH:MM:SS`, 24 hours); a refusal names `time` and the form, never the value.
pub(crate) fn instant(on: PlainDate, time: &str) -> KenpoResult<NaiveDateTime> {
    let t = NaiveTime::parse_from_str(time, "%H:%M:%S")
        .ok()
        .filter(|_| time.len() == 8)
        .ok_or_else(|| {
            KenpoError::input(
                ResultCode::InvalidDate,
                "time",
                "not a time of day in the form HH:MM:SS (24 hours)",
            )
        })?;
    Ok(on.0.and_time(t))
}

/// The keys of a request, each validated; a refusal names `field[i]`.
pub(crate) fn keys(
    keys: &[MemberKey],
    field: &str,
) -> KenpoResult<Vec<kenpo_domain::identifiers::MemberKey>> {
    keys.iter()
        .enumerate()
        .map(|(i, k)| k.to_domain(&format!("{field}[{i}]")))
        .collect()
}

/// A field set from the wire.
pub(crate) fn field_set(fields: &[AccessField]) -> domain::FieldSet {
    fields.iter().map(|f| domain::Field::from(*f)).collect()
}

/// The wire list of a field set.
pub(crate) fn field_list(fields: domain::FieldSet) -> KenpoResult<Vec<AccessField>> {
    fields.iter().map(AccessField::try_from).collect()
}

/// A purpose of the catalog (公表文の利用目的), as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PurposeInfo {
    /// The id (`"A8"`).
    pub id: String,
    /// Where the notice states it (`"１・第8項"`).
    pub notice: String,
    /// The purpose in Japanese, as published.
    pub title_ja: String,
    /// The purpose in English.
    pub title_en: String,
    /// The data categories it uses (`"enrollment_master"` …).
    pub categories: Vec<String>,
    /// Its conditions (`"requester_confirmed"`, `"subject_applied"`, `"deidentified"` …).
    pub conditions: Vec<String>,
    /// What it grants to whom.
    pub grants: Vec<GrantInfo>,
}

/// The fields a purpose grants to some recipients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct GrantInfo {
    /// The recipients' ids.
    pub recipients: Vec<String>,
    /// The fields.
    pub fields: Vec<AccessField>,
}

/// A recipient of the catalog (提供先・委託先).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RecipientInfo {
    /// The id (`"gym_konami"`).
    pub id: String,
    /// The kind.
    pub kind: RecipientKind,
    /// The role in Japanese.
    pub title_ja: String,
    /// The legal name from the vendor configuration, for named recipients.
    pub name: Option<String>,
}

/// The society's published purposes of use (個人情報の利用目的の公表) with their data
/// categories, fields, recipients, conditions and retention rules, loaded and validated.
/// Immutable; `AutoCloseable` in Kotlin; a `kenpo_purpose_catalog` handle in C. The decisions
/// are its methods and take the [`AccessLog`] they are recorded in.
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct PurposeCatalog {
    inner: domain::Catalog,
}

impl PurposeCatalog {
    /// The domain catalog.
    pub fn catalog(&self) -> &domain::Catalog {
        &self.inner
    }
}

fn catalog_error(e: &domain::CatalogError) -> KenpoError {
    KenpoError::InvalidConfig {
        code: ResultCode::InvalidPurposeCatalog as i32,
        source_name: "purpose catalog".to_owned(),
        line: 0,
        column: 0,
        key: String::new(),
        detail: e.to_string(),
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl PurposeCatalog {
    /// The catalog the society's published notice encodes (purposes A1–H1, principles H2 and
    /// R4, retention R1–R3; `data/purpose-catalog.toml` of kenpo-domain).
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn default_catalog() -> PurposeCatalog {
        PurposeCatalog {
            inner: domain::Catalog::default_catalog(),
        }
    }

    /// Loads a catalog from its TOML text and the named vendors' TOML text (the shapes of
    /// kenpo-domain's `data/purpose-catalog.toml` and `data/purpose-vendors.toml`), validating
    /// everything.
    ///
    /// # Errors
    /// [`KenpoError::InvalidConfig`] (211): syntax, an unknown field or recipient, content to
    /// the employer, My Number outside H1 …; the detail names it.
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn from_toml(catalog_toml: String, vendors_toml: String) -> KenpoResult<PurposeCatalog> {
        Ok(PurposeCatalog {
            inner: domain::Catalog::from_toml(&catalog_toml, &vendors_toml)
                .map_err(|e| catalog_error(&e))?,
        })
    }

    /// Every purpose, in notice order.
    pub fn purposes(&self) -> KenpoResult<Vec<PurposeInfo>> {
        self.inner
            .purposes()
            .iter()
            .map(|p| {
                Ok(PurposeInfo {
                    id: p.id.clone(),
                    notice: p.notice.clone(),
                    title_ja: p.title_ja.clone(),
                    title_en: p.title_en.clone(),
                    categories: p.categories.iter().map(|c| c.id().to_owned()).collect(),
                    conditions: p.conditions.iter().map(|c| c.id().to_owned()).collect(),
                    grants: p
                        .grants
                        .iter()
                        .map(|g| {
                            Ok(GrantInfo {
                                recipients: g.recipients.clone(),
                                fields: field_list(g.fields)?,
                            })
                        })
                        .collect::<KenpoResult<_>>()?,
                })
            })
            .collect()
    }

    /// Every recipient.
    pub fn recipients(&self) -> KenpoResult<Vec<RecipientInfo>> {
        self.inner
            .recipients()
            .iter()
            .map(|r| {
                Ok(RecipientInfo {
                    id: r.id.clone(),
                    kind: r.kind.try_into()?,
                    title_ja: r.title_ja.clone(),
                    name: r.name.clone(),
                })
            })
            .collect()
    }
}
