//! 医療費通知 (medical expense notices per household, [`kenpo_domain::expense_notice`]; purpose
//! C10, 健康保険法 第150条): each member's receipts of a period by month and institution, with
//! the 10割 cost and what was paid, one notice per household, with its printed text.
//!
//! A notice holds member keys, names and receipts: no `Debug` on any record here.
use std::collections::BTreeMap;

use kenpo_domain::expense_notice as domain;
use kenpo_domain::person::PersonName;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{KenpoError, KenpoResult};
use crate::high_cost::{receipt_rows, ReceiptRow};
use crate::identifiers::{institution, MemberKey};
use crate::scalar::PlainMonth;

mirror_enum! {
    /// Kind of care on a line (診療区分).
    pub enum CareKind => domain::CareKind {
        /// 医科入院.
        MedicalInpatient,
        /// 医科外来.
        MedicalOutpatient,
        /// 歯科入院.
        DentalInpatient,
        /// 歯科外来.
        DentalOutpatient,
        /// 調剤.
        Pharmacy,
    }
}

/// A member to list, with the household the notice goes to.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NoticeMember {
    /// The person.
    pub person: MemberKey,
    /// The insured person (被保険者) the notice is sent to.
    pub household: MemberKey,
    /// The name to print, if names are wanted on the notice.
    pub name: Option<String>,
}

/// An institution's name to print beside its code.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct InstitutionName {
    /// 医療機関コード (10 digits).
    pub institution: String,
    /// Its name.
    pub name: String,
}

/// The notices of a period: `kenpo_expense_notices` in C, `expenseNotices` in Kotlin and Swift.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ExpenseNoticeRequest {
    /// The first month of the period (e.g. January).
    pub from: PlainMonth,
    /// The last month of the period, included.
    pub to: PlainMonth,
    /// The members (every person with a receipt).
    pub members: Vec<NoticeMember>,
    /// The receipts (rows outside the period are skipped).
    pub rows: Vec<ReceiptRow>,
    /// Institution names to print, any order.
    pub institution_names: Vec<InstitutionName>,
}

/// One line of a notice: one institution, one month, one kind of care.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NoticeLine {
    /// Treatment month (診療年月).
    pub month: PlainMonth,
    /// 医療機関コード.
    pub institution: String,
    /// The institution's name, when given.
    pub institution_name: Option<String>,
    /// Kind of care.
    pub kind: CareKind,
    /// 医療費の総額 (10割), yen.
    pub total_cost: i64,
    /// 窓口負担額, yen.
    pub patient_charge: i64,
}

/// One member's part of a notice.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MemberNotice {
    /// The person.
    pub person: MemberKey,
    /// The name, when given.
    pub name: Option<String>,
    /// Lines by month, then institution, then kind.
    pub lines: Vec<NoticeLine>,
    /// Sum of the costs, yen.
    pub total_cost: i64,
    /// Sum of the charges, yen.
    pub patient_charge: i64,
}

/// The notice of one household.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HouseholdNotice {
    /// The insured person the notice goes to.
    pub household: MemberKey,
    /// The members with at least one line, the insured person first.
    pub members: Vec<MemberNotice>,
    /// Sum of the costs, yen.
    pub total_cost: i64,
    /// Sum of the charges, yen.
    pub patient_charge: i64,
    /// The notice as printed text.
    pub text: String,
}

/// One notice per household with a receipt in the period, in household order.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ExpenseNotices {
    /// The notices.
    pub notices: Vec<HouseholdNotice>,
}

fn name(n: &Option<PersonName>) -> Option<String> {
    n.as_ref().map(|n| n.as_str().to_owned())
}

/// The 医療費通知 of a period (医療費のお知らせ; purpose C10, 健康保険法 第150条): one notice per
/// household, each receipt on its own institution's line (a pharmacy on its own), rows of the
/// same member, month, institution and kind summed.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn expense_notices(request: ExpenseNoticeRequest) -> KenpoResult<ExpenseNotices> {
    let period = domain::NoticePeriod::new(request.from.0, request.to.0)?;
    let members = request
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let at = |field: &str| format!("members[{i}].{field}");
            Ok(domain::NoticeMember {
                person: m.person.to_domain(&at("person"))?,
                household: m.household.to_domain(&at("household"))?,
                name: m
                    .name
                    .as_deref()
                    .map(PersonName::new)
                    .transpose()
                    .map_err(|e| KenpoError::from(e).within(&at("name")))?,
            })
        })
        .collect::<KenpoResult<Vec<_>>>()?;
    let rows = receipt_rows(&request.rows)?;
    let names = request
        .institution_names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            Ok((
                institution(
                    &n.institution,
                    &format!("institution_names[{i}].institution"),
                )?,
                n.name.clone(),
            ))
        })
        .collect::<KenpoResult<BTreeMap<_, _>>>()?;
    let notices = domain::build_notices(period, &members, &rows, &names)?;
    Ok(ExpenseNotices {
        notices: notices
            .iter()
            .map(|n| {
                Ok(HouseholdNotice {
                    household: (&n.household).into(),
                    members: n
                        .members
                        .iter()
                        .map(|m| {
                            Ok(MemberNotice {
                                person: (&m.person).into(),
                                name: name(&m.name),
                                lines: m
                                    .lines
                                    .iter()
                                    .map(|l| {
                                        Ok(NoticeLine {
                                            month: PlainMonth(l.month),
                                            institution: l.institution.as_str().to_owned(),
                                            institution_name: l.institution_name.clone(),
                                            kind: l.kind.try_into()?,
                                            total_cost: l.total_cost.get(),
                                            patient_charge: l.patient_charge.get(),
                                        })
                                    })
                                    .collect::<KenpoResult<Vec<_>>>()?,
                                total_cost: m.total_cost.get(),
                                patient_charge: m.patient_charge.get(),
                            })
                        })
                        .collect::<KenpoResult<Vec<_>>>()?,
                    total_cost: n.total_cost.get(),
                    patient_charge: n.patient_charge.get(),
                    text: n.render_text(),
                })
            })
            .collect::<KenpoResult<Vec<_>>>()?,
    })
}
