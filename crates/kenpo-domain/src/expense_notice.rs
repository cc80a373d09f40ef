//! Medical expense notices per household (医療費通知, 医療費のお知らせ; purpose C10 of the society's
//! notice of purposes; 健康保険法 第150条 保健事業 — and, when it carries the items of 所得税法施行規則
//! 第40条の3 / 国税庁 「医療費控除の明細書」, usable for the 医療費控除).
//!
//! For one period (e.g. January–December), each member's receipts are listed by treatment
//! month and institution with the 10割 cost (医療費の総額) and what the member paid (窓口負担額),
//! grouped by household (the insured person and dependants, as the notice is sent to the insured
//! person). Each receipt is shown under its **own** institution (a pharmacy on its own line),
//! unlike the 高額療養費 unit. The result is plain data ready to print
//! ([`HouseholdNotice`]) plus a text rendering ([`HouseholdNotice::render_text`]).
//!
//! Personal data: a notice holds only what it shows — member keys (the 記号・番号 printed on the
//! notice), optional names given by the caller ([`PersonName`], whose `Debug` is redacted and
//! which is read only through [`PersonName::as_str`] when rendering) and the receipts' figures.
//!
//! ```
//! use kenpo_domain::calendar::YearMonth;
//! use kenpo_domain::expense_notice::{build_notices, NoticeMember, NoticePeriod};
//! use kenpo_domain::high_cost::{CareSetting, ReceiptRow, RowKind};
//! use kenpo_domain::identifiers::{InstitutionCode, MemberKey};
//! use kenpo_domain::person::PersonName;
//! use kenpo_domain::Yen;
//! use std::collections::BTreeMap;
//!
//! let insured = MemberKey::parse("1234", "567", "00").unwrap();
//! let period = NoticePeriod::new(YearMonth::new(2026, 1).unwrap(), YearMonth::new(2026, 12).unwrap()).unwrap();
//! let members = [NoticeMember {
//!     person: insured.clone(),
//!     household: insured.clone(),
//!     name: Some(PersonName::new("山田 太郎").unwrap()),
//! }];
//! let rows = [ReceiptRow {
//!     person: insured.clone(),
//!     month: YearMonth::new(2026, 3).unwrap(),
//!     institution: InstitutionCode::new("0110113719").unwrap(),
//!     kind: RowKind::Medical(CareSetting::Outpatient),
//!     total_cost: Yen::new(12_340),
//!     patient_charge: Yen::new(3_700),
//!     specified_disease: None,
//! }];
//! let notices = build_notices(period, &members, &rows, &BTreeMap::new()).unwrap();
//! assert_eq!(notices[0].patient_charge, Yen::new(3_700));
//! assert!(notices[0].render_text().contains("山田 太郎"));
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;
use crate::high_cost::{CareSetting, MedicalBranch, ReceiptRow, RowKind};
use crate::identifiers::{InstitutionCode, MemberKey};
use crate::money::Yen;
use crate::person::PersonName;

/// Why a notice could not be built. Fields name rows and members by index only.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExpenseNoticeError {
    /// The period ends before it starts.
    #[error("notice period ends ({to}) before it starts ({from})")]
    PeriodReversed {
        /// First month.
        from: YearMonth,
        /// Last month.
        to: YearMonth,
    },
    /// A receipt row's person is not among the members.
    #[error("row {row}: the person is not a listed member")]
    UnknownPerson {
        /// Index of the row.
        row: usize,
    },
    /// A member is listed twice.
    #[error("member {member} is listed twice")]
    DuplicateMember {
        /// Index of the second listing.
        member: usize,
    },
    /// A negative amount.
    #[error("row {row}: negative {field}")]
    NegativeAmount {
        /// Index of the row.
        row: usize,
        /// The field.
        field: &'static str,
    },
}

#[derive(Deserialize)]
struct RawPeriod {
    from: YearMonth,
    to: YearMonth,
}

/// The months a notice covers, both included (e.g. 2026-01 … 2026-12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawPeriod")]
pub struct NoticePeriod {
    from: YearMonth,
    to: YearMonth,
}

impl TryFrom<RawPeriod> for NoticePeriod {
    type Error = ExpenseNoticeError;
    fn try_from(raw: RawPeriod) -> Result<Self, Self::Error> {
        NoticePeriod::new(raw.from, raw.to)
    }
}

impl NoticePeriod {
    /// The months `from` … `to`.
    ///
    /// # Errors
    /// [`ExpenseNoticeError::PeriodReversed`] when `to` is before `from`.
    pub fn new(from: YearMonth, to: YearMonth) -> Result<Self, ExpenseNoticeError> {
        if to < from {
            return Err(ExpenseNoticeError::PeriodReversed { from, to });
        }
        Ok(NoticePeriod { from, to })
    }

    /// First month.
    pub fn from(&self) -> YearMonth {
        self.from
    }

    /// Last month.
    pub fn to(&self) -> YearMonth {
        self.to
    }

    /// `true` when `month` is in the period.
    pub fn contains(&self, month: YearMonth) -> bool {
        self.from <= month && month <= self.to
    }
}

/// A member to be listed, with the household the notice goes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeMember {
    /// The person.
    pub person: MemberKey,
    /// The household: the insured person (被保険者) the notice is sent to.
    pub household: MemberKey,
    /// The name to print, if the caller wants names on the notice.
    #[serde(default)]
    pub name: Option<PersonName>,
}

/// Kind of care on a line (診療区分).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum CareKind {
    /// 医科入院.
    MedicalInpatient,
    /// 医科外来.
    MedicalOutpatient,
    /// 歯科 (入院).
    DentalInpatient,
    /// 歯科 (外来).
    DentalOutpatient,
    /// 調剤 (pharmacy).
    Pharmacy,
}

impl CareKind {
    fn of(kind: &RowKind) -> CareKind {
        match kind {
            RowKind::Medical(CareSetting::Inpatient) => CareKind::MedicalInpatient,
            RowKind::Medical(_) => CareKind::MedicalOutpatient,
            RowKind::Dental(CareSetting::Inpatient) => CareKind::DentalInpatient,
            RowKind::Dental(_) => CareKind::DentalOutpatient,
            RowKind::Pharmacy { .. } => CareKind::Pharmacy,
        }
    }

    /// The label printed on the notice.
    pub fn label(self) -> &'static str {
        match self {
            CareKind::MedicalInpatient => "医科入院",
            CareKind::MedicalOutpatient => "医科外来",
            CareKind::DentalInpatient => "歯科入院",
            CareKind::DentalOutpatient => "歯科外来",
            CareKind::Pharmacy => "調剤",
        }
    }

    /// Medical or dental (a pharmacy counts as medical).
    pub fn branch(self) -> MedicalBranch {
        match self {
            CareKind::DentalInpatient | CareKind::DentalOutpatient => MedicalBranch::Dental,
            _ => MedicalBranch::Medical,
        }
    }
}

/// One line of a notice: one institution, one month, one kind of care.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeLine {
    /// Treatment month (診療年月).
    pub month: YearMonth,
    /// Institution (医療機関等).
    pub institution: InstitutionCode,
    /// Institution name, when the caller gave one.
    pub institution_name: Option<String>,
    /// Kind of care.
    pub kind: CareKind,
    /// 医療費の総額 (10割).
    pub total_cost: Yen,
    /// 窓口負担額 (what the member paid).
    pub patient_charge: Yen,
}

/// One member's part of a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberNotice {
    /// The person.
    pub person: MemberKey,
    /// The name, if given.
    pub name: Option<PersonName>,
    /// Lines by month, then institution, then kind.
    pub lines: Vec<NoticeLine>,
    /// Sum of the costs.
    pub total_cost: Yen,
    /// Sum of the charges.
    pub patient_charge: Yen,
}

/// The notice of one household for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdNotice {
    /// The insured person the notice goes to.
    pub household: MemberKey,
    /// The period.
    pub period: NoticePeriod,
    /// Members with at least one line, in key order (the insured person, branch 00, first).
    pub members: Vec<MemberNotice>,
    /// Sum of the costs.
    pub total_cost: Yen,
    /// Sum of the charges.
    pub patient_charge: Yen,
}

type LineKey = (YearMonth, InstitutionCode, CareKind);
/// Per person: line key → (cost, charge).
type PersonLines<'a> = BTreeMap<&'a MemberKey, BTreeMap<LineKey, (Yen, Yen)>>;

/// Builds one notice per household with at least one receipt in the period. Rows outside the
/// period are skipped; rows with the same member, month, institution and kind are summed.
///
/// # Errors
/// [`ExpenseNoticeError::UnknownPerson`], [`ExpenseNoticeError::DuplicateMember`],
/// [`ExpenseNoticeError::NegativeAmount`].
pub fn build_notices(
    period: NoticePeriod,
    members: &[NoticeMember],
    rows: &[ReceiptRow],
    institution_names: &BTreeMap<InstitutionCode, String>,
) -> Result<Vec<HouseholdNotice>, ExpenseNoticeError> {
    let mut index: BTreeMap<&MemberKey, usize> = BTreeMap::new();
    for (i, m) in members.iter().enumerate() {
        if index.insert(&m.person, i).is_some() {
            return Err(ExpenseNoticeError::DuplicateMember { member: i });
        }
    }
    // household → person → line key → (cost, charge)
    let mut tree: BTreeMap<&MemberKey, PersonLines<'_>> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        let member = index
            .get(&row.person)
            .and_then(|&m| members.get(m))
            .ok_or(ExpenseNoticeError::UnknownPerson { row: i })?;
        if row.total_cost.is_negative() {
            return Err(ExpenseNoticeError::NegativeAmount {
                row: i,
                field: "total_cost",
            });
        }
        if row.patient_charge.is_negative() {
            return Err(ExpenseNoticeError::NegativeAmount {
                row: i,
                field: "patient_charge",
            });
        }
        if !period.contains(row.month) {
            continue;
        }
        let key = (row.month, row.institution.clone(), CareKind::of(&row.kind));
        let entry = tree
            .entry(&member.household)
            .or_default()
            .entry(&member.person)
            .or_default()
            .entry(key)
            .or_default();
        entry.0 += row.total_cost;
        entry.1 += row.patient_charge;
    }
    let notices = tree
        .into_iter()
        .map(|(household, persons)| {
            let members: Vec<MemberNotice> = persons
                .into_iter()
                .map(|(person, lines)| {
                    let lines: Vec<NoticeLine> = lines
                        .into_iter()
                        .map(|((month, institution, kind), (cost, charge))| NoticeLine {
                            month,
                            institution_name: institution_names.get(&institution).cloned(),
                            institution,
                            kind,
                            total_cost: cost,
                            patient_charge: charge,
                        })
                        .collect();
                    MemberNotice {
                        person: person.clone(),
                        name: index
                            .get(person)
                            .and_then(|&m| members.get(m))
                            .and_then(|m| m.name.clone()),
                        total_cost: lines.iter().map(|l| l.total_cost).sum(),
                        patient_charge: lines.iter().map(|l| l.patient_charge).sum(),
                        lines,
                    }
                })
                .collect();
            HouseholdNotice {
                household: household.clone(),
                period,
                total_cost: members.iter().map(|m| m.total_cost).sum(),
                patient_charge: members.iter().map(|m| m.patient_charge).sum(),
                members,
            }
        })
        .collect();
    Ok(notices)
}

impl HouseholdNotice {
    /// A plain-text rendering for printing (the demo prints it). It contains the member keys
    /// and the names given: it is the notice itself, not a log line.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail; the results are ignored on purpose.
        let _ = writeln!(
            out,
            "医療費のお知らせ ({} – {})",
            self.period.from, self.period.to
        );
        let _ = writeln!(out, "被保険者 記号・番号: {}", self.household);
        for m in &self.members {
            let name = m.name.as_ref().map_or("", PersonName::as_str);
            let _ = writeln!(out, "  受診者 {} {}", m.person.branch, name);
            for l in &m.lines {
                let _ = writeln!(
                    out,
                    "    {}  {} {}  {}  医療費 {}  負担額 {}",
                    l.month,
                    l.institution,
                    l.institution_name.as_deref().unwrap_or(""),
                    l.kind.label(),
                    l.total_cost,
                    l.patient_charge
                );
            }
            let _ = writeln!(
                out,
                "    小計  医療費 {}  負担額 {}",
                m.total_cost, m.patient_charge
            );
        }
        let _ = writeln!(
            out,
            "  合計  医療費 {}  負担額 {}",
            self.total_cost, self.patient_charge
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::high_cost::test_support::{inst, key};

    fn ym(m: u32) -> YearMonth {
        YearMonth::new(2026, m).unwrap()
    }

    fn row(
        person: &str,
        month: u32,
        institution: u32,
        kind: RowKind,
        cost: i64,
        charge: i64,
    ) -> ReceiptRow {
        ReceiptRow {
            person: key(person),
            month: ym(month),
            institution: inst(institution),
            kind,
            total_cost: Yen::new(cost),
            patient_charge: Yen::new(charge),
            specified_disease: None,
        }
    }

    #[test]
    fn grouped_by_household_member_month_and_institution() {
        let members = vec![
            NoticeMember {
                person: key("INS"),
                household: key("INS"),
                name: Some(PersonName::new("山田 太郎").unwrap()),
            },
            NoticeMember {
                person: key("DEP"),
                household: key("INS"),
                name: None,
            },
            NoticeMember {
                person: key("OTHER"),
                household: key("OTHER"),
                name: None,
            },
        ];
        let out = RowKind::Medical(CareSetting::Outpatient);
        let rows = vec![
            row("DEP", 2, 1, out.clone(), 10_000, 3_000),
            row("INS", 1, 1, out.clone(), 20_000, 6_000),
            row("INS", 1, 1, out.clone(), 1_000, 300),
            row(
                "INS",
                1,
                2,
                RowKind::Dental(CareSetting::Outpatient),
                5_000,
                1_500,
            ),
            row("OTHER", 3, 1, out.clone(), 7_000, 2_100),
            row("INS", 12, 1, out.clone(), 9_999, 3_000),
        ];
        let period = NoticePeriod::new(ym(1), ym(6)).unwrap();
        let mut names = BTreeMap::new();
        names.insert(inst(1), "○○クリニック".to_owned());
        let notices = build_notices(period, &members, &rows, &names).unwrap();
        assert_eq!(notices.len(), 2);
        let ours = &notices[0];
        assert_eq!(ours.household, key("INS"));
        assert_eq!(ours.members.len(), 2);
        assert_eq!(ours.members[0].person, key("INS"));
        assert_eq!(ours.members[0].lines.len(), 2);
        assert_eq!(ours.members[0].lines[0].total_cost, Yen::new(21_000));
        assert_eq!(ours.members[0].patient_charge, Yen::new(7_800));
        assert_eq!(ours.patient_charge, Yen::new(10_800));
        assert_eq!(ours.total_cost, Yen::new(36_000));
        let text = ours.render_text();
        assert!(text.contains("山田 太郎"));
        assert!(text.contains("○○クリニック"));
        assert!(text.contains("合計  医療費 ¥36,000  負担額 ¥10,800"));
        // Debug does not show the name.
        assert!(!format!("{ours:?}").contains("山田"));
    }

    #[test]
    fn errors() {
        assert!(NoticePeriod::new(ym(6), ym(5)).is_err());
        assert!(
            serde_json::from_str::<NoticePeriod>(r#"{"from":"2026-06","to":"2026-05"}"#).is_err()
        );
        let period = NoticePeriod::new(ym(1), ym(12)).unwrap();
        let rows = vec![row(
            "INS",
            1,
            1,
            RowKind::Medical(CareSetting::Inpatient),
            1,
            1,
        )];
        assert_eq!(
            build_notices(period, &[], &rows, &BTreeMap::new()).unwrap_err(),
            ExpenseNoticeError::UnknownPerson { row: 0 }
        );
    }
}
