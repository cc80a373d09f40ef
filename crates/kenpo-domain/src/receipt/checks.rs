//! Checks of receipts against the member master (purposes C1, C2, C5 of the society's notice)
//! and the file-level GO check (C0).
//!
//! Each check yields a [`Finding`]: its [`Rule`], the receipt's position (file, line, index) and
//! a short Japanese and English text. The texts never contain personal data. A suspected visit
//! outside eligibility carries an [`InquiryDue`] (whom and which dates, no identity); the
//! [`ClinicInquiry`] C2 lets the society give the clinic is made only through a logged decision,
//! [`Catalog::clinic_inquiry`](crate::access::Catalog::clinic_inquiry).
//!
//! The member master is reached through [`EligibilityLookup`], so the checks do not depend on
//! how members are stored.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::kind::{ClaimBranch, PatientCategory, Scheme, Setting};
use super::model::{Receipt, ReceiptPosition};
use crate::age;
use crate::calendar::YearMonth;
use crate::identifiers::{BranchNumber, InsuredNumber, InsuredSymbol, InsurerNumber, MemberKey};
use crate::member::{EligibilityPeriod, MemberMaster, PersonRecord, Role};
use crate::person::{KanaName, PersonName};

/// The rule a finding comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// C0: the GO record's totals (総件数, 総合計点数) disagree with what the file holds.
    SummaryMismatch,
    /// C2: a visit on or after the loss of eligibility (資格喪失後受診).
    VisitAfterLoss,
    /// C2: a visit before the acquisition of eligibility (資格取得前受診).
    VisitBeforeAcquisition,
    /// C1: no member under the receipt's symbol and number (該当者なし).
    UnknownMember,
    /// C1: the symbol and number belong to someone whose name or birth date differs.
    IdentityMismatch,
    /// C5: several institutions for one person in one month (重複・頻回受診).
    MultipleInstitutions,
    /// C1: two receipts for the same person, institution, month and setting (重複請求).
    DuplicateReceipt,
    /// C1: a dependent's receipt under the insured person's kind code (本人/家族 誤り).
    DependentUnderInsuredKind,
    /// C1: the insured person's receipt under a dependent's kind code.
    InsuredUnderDependentKind,
    /// C1: the kind code's co-payment category does not match the age in the service month.
    CopayAgeMismatch,
    /// C1: a diagnosis whose start date lies after the service month.
    DiagnosisAfterServiceMonth,
}

impl Rule {
    /// The stable rule id (`"C2.visit_after_loss"`).
    pub const fn id(self) -> &'static str {
        match self {
            Rule::SummaryMismatch => "C0.go_totals",
            Rule::VisitAfterLoss => "C2.visit_after_loss",
            Rule::VisitBeforeAcquisition => "C2.visit_before_acquisition",
            Rule::UnknownMember => "C1.unknown_member",
            Rule::IdentityMismatch => "C1.identity_mismatch",
            Rule::MultipleInstitutions => "C5.multiple_institutions",
            Rule::DuplicateReceipt => "C1.duplicate_receipt",
            Rule::DependentUnderInsuredKind => "C1.dependent_under_insured_kind",
            Rule::InsuredUnderDependentKind => "C1.insured_under_dependent_kind",
            Rule::CopayAgeMismatch => "C1.copay_age_mismatch",
            Rule::DiagnosisAfterServiceMonth => "C1.diagnosis_after_service_month",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// What C2 lets the society give the clinic when a visit after loss of eligibility is
/// suspected: the society's name, symbol and number, name, date of birth, loss date and visit
/// date, nothing more. Personal data: `Debug` is redacted.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClinicInquiry {
    /// The society's name (保険者名).
    pub society_name: String,
    /// 記号.
    pub symbol: InsuredSymbol,
    /// 番号.
    pub number: InsuredNumber,
    /// 氏名.
    pub name: PersonName,
    /// 生年月日.
    pub birth_date: NaiveDate,
    /// 資格喪失日 (the first day without eligibility); for a visit before acquisition, the
    /// acquisition date (資格取得日) instead.
    pub loss_date: NaiveDate,
    /// 受診日: the first day of the month recorded on the receipt outside eligibility, or the
    /// first day of the service month when the receipt records no days.
    pub visit_date: NaiveDate,
}

/// A C2 inquiry due for a receipt: the person and the dates, without identity. Turn it into the
/// [`ClinicInquiry`] with [`Catalog::clinic_inquiry`](crate::access::Catalog::clinic_inquiry),
/// which logs the decision first. `Debug` masks the key.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryDue {
    /// The person.
    pub key: MemberKey,
    /// 資格喪失日 (or 資格取得日 for a visit before acquisition).
    pub boundary: NaiveDate,
    /// 受診日.
    pub visit_date: NaiveDate,
}

impl fmt::Debug for InquiryDue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InquiryDue")
            .field("key", &self.key.masked())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for ClinicInquiry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClinicInquiry(<redacted>)")
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule.
    pub rule: Rule,
    /// The file the receipt (or the GO record) is in.
    pub file: Arc<str>,
    /// The receipt's position; `None` for a file-level finding.
    pub position: Option<ReceiptPosition>,
    /// Other receipts involved (the first of a duplicate pair, the other institutions' receipts).
    pub related: Vec<ReceiptPosition>,
    /// Short Japanese text (no personal data).
    pub ja: String,
    /// Short English text (no personal data).
    pub en: String,
    /// For [`Rule::VisitAfterLoss`] and [`Rule::VisitBeforeAcquisition`]: the C2 inquiry due.
    pub inquiry: Option<InquiryDue>,
}

impl Finding {
    /// A file-level finding.
    pub fn file(rule: Rule, file: Arc<str>, ja: String, en: String) -> Finding {
        Finding {
            rule,
            file,
            position: None,
            related: Vec::new(),
            ja,
            en,
            inquiry: None,
        }
    }

    fn at(
        rule: Rule,
        file: &Arc<str>,
        position: ReceiptPosition,
        ja: String,
        en: String,
    ) -> Finding {
        Finding {
            rule,
            file: file.clone(),
            position: Some(position),
            related: Vec::new(),
            ja,
            en,
            inquiry: None,
        }
    }
}

/// 本人 or 被扶養者 (the insured person or a dependent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// 被保険者 (本人).
    Insured,
    /// 被扶養者 (家族).
    Dependent,
}

/// What the checks need to know about one person of the member master. Personal data:
/// `Debug` is redacted.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRecord {
    /// 記号・番号・枝番.
    pub key: MemberKey,
    /// 氏名 (as currently recorded).
    pub name: PersonName,
    /// Earlier names (before a 氏名変更届), also accepted when matching a receipt.
    pub former_names: Vec<PersonName>,
    /// カナ氏名.
    pub kana: Option<KanaName>,
    /// 生年月日.
    pub birth_date: NaiveDate,
    /// 本人 or 家族.
    pub relation: Relation,
    /// Eligibility periods, oldest first.
    pub periods: Vec<EligibilityPeriod>,
}

impl fmt::Debug for MemberRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MemberRecord(<redacted>)")
    }
}

/// The member master as the checks see it.
pub trait EligibilityLookup {
    /// Every person (insured and dependents, current and former) under `symbol` and `number`.
    fn members(&self, symbol: &InsuredSymbol, number: &InsuredNumber) -> Vec<MemberRecord>;
}

/// Settings of a check run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckOptions {
    /// The society's insurer number: receipts under another insurer number are not checked
    /// against the master.
    pub insurer: InsurerNumber,
    /// The society's name, for C2 inquiries.
    pub society_name: String,
    /// From how many institutions in one month a person is reported under C5.
    pub multiple_institutions_threshold: usize,
}

/// Default C5 threshold: 3 institutions in one month. No statute fixes it; it follows the
/// usual 重複受診 criterion of the health ministry's guidance on 重複・頻回受診者への保健指導
/// (同一月に3医療機関以上). A society's policy may set another: it is an option.
pub const DEFAULT_MULTIPLE_INSTITUTIONS_THRESHOLD: usize = 3;

impl CheckOptions {
    /// Options for the society with insurer number `insurer` and name `society_name`.
    pub fn new(insurer: InsurerNumber, society_name: impl Into<String>) -> CheckOptions {
        CheckOptions {
            insurer,
            society_name: society_name.into(),
            multiple_institutions_threshold: DEFAULT_MULTIPLE_INSTITUTIONS_THRESHOLD,
        }
    }
}

/// Who a receipt is for, for grouping across receipts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum PersonRef {
    Member(MemberKey),
    Unresolved(String, String, NaiveDate),
}

#[derive(Debug, Clone)]
struct Seen {
    file: Arc<str>,
    position: ReceiptPosition,
    institution: Arc<str>,
    branch: ClaimBranch,
    setting: Setting,
    prescriber: Option<Arc<str>>,
}

/// Runs the checks over receipts one at a time (memory: a small key per receipt for the
/// cross-receipt checks), then [`Checker::finish`] adds duplicates and C5.
pub struct Checker<'a, L: EligibilityLookup + ?Sized> {
    options: CheckOptions,
    lookup: &'a L,
    /// The receipts of each person and month, for the cross-receipt checks (hashed: a society's
    /// month has hundreds of thousands; [`Checker::finish`] goes through them in key order).
    seen: HashMap<(PersonRef, YearMonth), Vec<Seen>>,
    findings: Vec<Finding>,
}

impl<L: EligibilityLookup + ?Sized> fmt::Debug for Checker<'_, L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Checker")
            .field("receipts_seen", &self.seen.len())
            .field("findings", &self.findings.len())
            .finish()
    }
}

/// `true` when `a` and `b` are the same text once white space is left out.
fn same_compact(a: &str, b: &str) -> bool {
    let kept = |c: &char| !c.is_whitespace();
    a.chars().filter(kept).eq(b.chars().filter(kept))
}

fn same_name(member: &MemberRecord, receipt: &Receipt) -> bool {
    let p = &receipt.patient;
    let name = p.name.as_str();
    if std::iter::once(&member.name)
        .chain(&member.former_names)
        .any(|n| same_compact(n.as_str(), name))
    {
        return true;
    }
    matches!((&member.kana, &p.kana), (Some(a), Some(b)) if same_compact(a.as_str(), b.as_str()))
}

/// Days of the month the receipt records care on (SI/IY/TO day counts and JD visit days): bit
/// `d` set for day `d`.
fn visit_days(r: &Receipt) -> u32 {
    let mut days = 0u32;
    let mut add = |d: &[u8; 31]| {
        for (i, v) in d.iter().enumerate() {
            if *v != 0 {
                days |= 1 << (i + 1);
            }
        }
    };
    for item in &r.items {
        add(&item.days);
    }
    for jd in &r.visit_days {
        add(&jd.days);
    }
    days
}

fn category_ja(c: PatientCategory) -> &'static str {
    match c {
        PatientCategory::Insured => "本人",
        PatientCategory::Preschool => "未就学者",
        PatientCategory::Dependent => "家族",
        PatientCategory::Elderly70General => "高齢受給者（一般・低所得者）",
        PatientCategory::Elderly70Working => "高齢受給者（７割）",
        _ => "該当なし",
    }
}

impl<'a, L: EligibilityLookup + ?Sized> Checker<'a, L> {
    /// A checker for the society described by `options`, reading the master through `lookup`.
    pub fn new(options: CheckOptions, lookup: &'a L) -> Self {
        Checker {
            options,
            lookup,
            seen: HashMap::new(),
            findings: Vec::new(),
        }
    }

    /// Checks one receipt of file `file`.
    pub fn check(&mut self, file: &Arc<str>, r: &Receipt) {
        let pos = r.position;
        for d in &r.diagnoses {
            if d.start > r.service_month.last_day() {
                self.findings.push(Finding::at(
                    Rule::DiagnosisAfterServiceMonth,
                    file,
                    pos,
                    format!(
                        "診療開始日が診療年月（{}）より後の傷病名があります",
                        r.service_month
                    ),
                    format!(
                        "a diagnosis starts after the service month {}",
                        r.service_month
                    ),
                ));
                break;
            }
        }
        let Some(ins) = &r.insurance else { return };
        if ins.insurer != self.options.insurer {
            return;
        }
        let (Some(symbol), Some(number)) = (&ins.symbol, &ins.number) else {
            self.findings.push(Finding::at(
                Rule::UnknownMember,
                file,
                pos,
                "記号・番号の記録がありません".into(),
                "the receipt records no symbol and number".into(),
            ));
            return;
        };
        let members = self.lookup.members(symbol, number);
        if members.is_empty() {
            self.findings.push(Finding::at(
                Rule::UnknownMember,
                file,
                pos,
                "記号・番号に該当する加入者がいません".into(),
                "no member has this symbol and number".into(),
            ));
            self.remember(
                file,
                r,
                PersonRef::Unresolved(symbol.to_string(), number.to_string(), r.patient.birth_date),
            );
            return;
        }
        let branch: Option<&BranchNumber> = r.branch_number();
        let member = match branch {
            Some(b) => members.iter().find(|m| &m.key.branch == b),
            None => members
                .iter()
                .find(|m| m.birth_date == r.patient.birth_date && same_name(m, r))
                .or_else(|| {
                    members
                        .iter()
                        .find(|m| m.birth_date == r.patient.birth_date)
                }),
        };
        let member = match member {
            Some(m) if m.birth_date == r.patient.birth_date && same_name(m, r) => m,
            _ => {
                self.findings.push(Finding::at(
                    Rule::IdentityMismatch,
                    file,
                    pos,
                    "記号・番号の加入者と氏名または生年月日が一致しません".into(),
                    "the symbol and number belong to a person with another name or birth date"
                        .into(),
                ));
                self.remember(
                    file,
                    r,
                    PersonRef::Unresolved(
                        symbol.to_string(),
                        number.to_string(),
                        r.patient.birth_date,
                    ),
                );
                return;
            }
        };
        self.check_eligibility(file, r, member);
        self.check_category(file, r, member);
        self.remember(file, r, PersonRef::Member(member.key.clone()));
    }

    fn check_eligibility(&mut self, file: &Arc<str>, r: &Receipt, m: &MemberRecord) {
        let month = r.service_month;
        let days = visit_days(r);
        let dates: Vec<NaiveDate> = if days == 0 {
            vec![month.first_day()]
        } else {
            (1..=31u32)
                .filter(|d| days & (1 << d) != 0)
                .filter_map(|d| NaiveDate::from_ymd_opt(month.year(), month.month(), d))
                .collect()
        };
        let Some(outside) = dates
            .iter()
            .copied()
            .find(|d| !m.periods.iter().any(|p| p.contains(*d)))
        else {
            return;
        };
        // Before the first acquisition, or after a loss (and not covered by a later period).
        let before = m
            .periods
            .iter()
            .map(|p| p.acquired)
            .min()
            .filter(|a| outside < *a);
        let (rule, boundary) = match before {
            Some(acquired) => (Rule::VisitBeforeAcquisition, acquired),
            None => {
                let lost = m
                    .periods
                    .iter()
                    .filter_map(|p| p.lost)
                    .filter(|l| *l <= outside)
                    .max()
                    .or_else(|| {
                        m.periods
                            .iter()
                            .map(|p| p.acquired)
                            .filter(|a| *a > outside)
                            .min()
                    });
                match lost {
                    Some(l) => (Rule::VisitAfterLoss, l),
                    None => return,
                }
            }
        };
        let (ja, en) = match rule {
            Rule::VisitAfterLoss => (
                format!("資格喪失日（{boundary}）以後の受診（{outside}）の疑い"),
                format!("suspected visit on {outside}, on or after the loss of eligibility on {boundary}"),
            ),
            _ => (
                format!("資格取得日（{boundary}）より前の受診（{outside}）の疑い"),
                format!("suspected visit on {outside}, before the acquisition of eligibility on {boundary}"),
            ),
        };
        let mut f = Finding::at(rule, file, r.position, ja, en);
        f.inquiry = Some(InquiryDue {
            key: m.key.clone(),
            boundary,
            visit_date: outside,
        });
        self.findings.push(f);
    }

    fn check_category(&mut self, file: &Arc<str>, r: &Receipt, m: &MemberRecord) {
        let cat = r.kind.category();
        if r.kind.scheme() != Scheme::HealthInsurance {
            return;
        }
        let pos = r.position;
        match (cat, m.relation) {
            (PatientCategory::Insured, Relation::Dependent) => self.findings.push(Finding::at(
                Rule::DependentUnderInsuredKind,
                file,
                pos,
                format!(
                    "被扶養者のレセプトが本人の種別（{}）で請求されています",
                    r.kind
                ),
                format!(
                    "a dependent's receipt is claimed under the insured person's kind {}",
                    r.kind
                ),
            )),
            (PatientCategory::Dependent, Relation::Insured) => self.findings.push(Finding::at(
                Rule::InsuredUnderDependentKind,
                file,
                pos,
                format!("本人のレセプトが家族の種別（{}）で請求されています", r.kind),
                format!(
                    "the insured person's receipt is claimed under a dependent's kind {}",
                    r.kind
                ),
            )),
            _ => {}
        }
        // The co-payment category the age in the service month calls for (健康保険法 第74条1項,
        // 第110条2項): 未就学 2割, 70歳に達する日の属する月の翌月以後 2割 (現役並み 3割), else 3割.
        let month = r.service_month;
        let birth = m.birth_date;
        let expected_age_class = if age::is_preschool_on(birth, month.last_day()) {
            Some(PatientCategory::Preschool)
        } else if age::elderly_recipient_first_month(birth).is_some_and(|f| f <= month) {
            None // 70–74: general or 現役並み, which the master's income class decides
        } else {
            Some(match m.relation {
                Relation::Insured => PatientCategory::Insured,
                Relation::Dependent => PatientCategory::Dependent,
            })
        };
        let is_elderly_kind = matches!(
            cat,
            PatientCategory::Elderly70General | PatientCategory::Elderly70Working
        );
        let mismatch = match expected_age_class {
            None => !is_elderly_kind,
            Some(PatientCategory::Preschool) => cat != PatientCategory::Preschool,
            Some(_) => matches!(cat, PatientCategory::Preschool) || is_elderly_kind,
        };
        if mismatch {
            let expected = match expected_age_class {
                None => "高齢受給者（2割または3割）",
                Some(c) => category_ja(c),
            };
            self.findings.push(Finding::at(
                Rule::CopayAgeMismatch,
                file,
                pos,
                format!(
                    "種別（{}、{}）が診療月{}の年齢による区分（{}）と一致しません",
                    r.kind,
                    category_ja(cat),
                    month,
                    expected
                ),
                format!(
                    "the kind {} does not match the co-payment class the age in {} calls for",
                    r.kind, month
                ),
            ));
        }
    }

    fn remember(&mut self, file: &Arc<str>, r: &Receipt, person: PersonRef) {
        self.seen
            .entry((person, r.service_month))
            .or_default()
            .push(Seen {
                file: file.clone(),
                position: r.position,
                institution: r.institution_recorded.clone(),
                branch: r.branch(),
                setting: r.kind.setting(),
                prescriber: r.prescriber().map(|p| Arc::from(p.as_str())),
            });
    }

    /// Adds the cross-receipt findings (duplicates, C5) and returns every finding.
    pub fn finish(mut self) -> Vec<Finding> {
        let threshold = self.options.multiple_institutions_threshold.max(2);
        let mut seen: Vec<_> = std::mem::take(&mut self.seen).into_iter().collect();
        seen.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for ((_, month), list) in &seen {
            // Duplicates: same institution, month, branch and setting.
            let mut first: BTreeMap<(&Arc<str>, u8, Setting), &Seen> = BTreeMap::new();
            for s in list {
                let b = match s.branch {
                    ClaimBranch::Medical => 1,
                    ClaimBranch::Dental => 3,
                    _ => 4,
                };
                if let Some(prev) = first.get(&(&s.institution, b, s.setting)) {
                    let mut f = Finding::at(
                        Rule::DuplicateReceipt,
                        &s.file,
                        s.position,
                        format!(
                            "同一人・同一医療機関・同一診療月（{month}）のレセプトが重複しています"
                        ),
                        format!(
                            "a second receipt for the same person, institution and month {month}"
                        ),
                    );
                    f.related.push(prev.position);
                    self.findings.push(f);
                } else {
                    first.insert((&s.institution, b, s.setting), s);
                }
            }
            // C5: institutions, with each pharmacy joined to its prescriber where known, or to the
            // only medical/dental institution of the month when there is just one.
            let prescribers: BTreeSet<&Arc<str>> = list
                .iter()
                .filter(|s| s.branch != ClaimBranch::Pharmacy)
                .map(|s| &s.institution)
                .collect();
            let mut institutions: BTreeSet<&Arc<str>> = prescribers.clone();
            for s in list.iter().filter(|s| s.branch == ClaimBranch::Pharmacy) {
                match &s.prescriber {
                    Some(p) => {
                        institutions.insert(p);
                    }
                    None if prescribers.len() == 1 => {}
                    None => {
                        institutions.insert(&s.institution);
                    }
                }
            }
            if institutions.len() >= threshold {
                if let Some(head) = list.first() {
                    let mut f = Finding::at(
                        Rule::MultipleInstitutions,
                        &head.file,
                        head.position,
                        format!(
                            "同一月（{month}）に{}医療機関を受診しています",
                            institutions.len()
                        ),
                        format!("{} institutions in one month ({month})", institutions.len()),
                    );
                    f.related = list.iter().skip(1).map(|s| s.position).collect();
                    self.findings.push(f);
                }
            }
        }
        self.findings
    }
}

/// An in-memory member master: a slice of records searched linearly (tests, the demo and
/// small societies; a real master implements [`EligibilityLookup`] over its own index).
impl EligibilityLookup for [MemberRecord] {
    fn members(&self, symbol: &InsuredSymbol, number: &InsuredNumber) -> Vec<MemberRecord> {
        self.iter()
            .filter(|m| &m.key.symbol == symbol && &m.key.number == number)
            .cloned()
            .collect()
    }
}

/// The member master itself: every person under the 記号・番号, with the names of every version
/// of their attributes and every eligibility period (被扶養者認定日 for dependants).
impl EligibilityLookup for MemberMaster {
    fn members(&self, symbol: &InsuredSymbol, number: &InsuredNumber) -> Vec<MemberRecord> {
        self.find_by_symbol_number(symbol, number)
            .filter_map(MemberRecord::of)
            .collect()
    }
}

impl MemberRecord {
    /// What the checks know of a person of the member master: the current name and kana, the
    /// names of earlier versions, the birth date, 本人 or 家族 and every period. `None` for a
    /// record without attributes.
    pub fn of(p: &PersonRecord) -> Option<MemberRecord> {
        let current = p.versions().last()?;
        let mut former_names: Vec<PersonName> = Vec::new();
        for v in p.versions().iter().rev().skip(1) {
            if v.identity.name != current.identity.name && !former_names.contains(&v.identity.name)
            {
                former_names.push(v.identity.name.clone());
            }
        }
        Some(MemberRecord {
            key: p.key().clone(),
            name: current.identity.name.clone(),
            former_names,
            kana: Some(current.identity.kana.clone()),
            birth_date: current.identity.birth_date,
            relation: match p.role() {
                Role::Insured => Relation::Insured,
                Role::Dependent { .. } => Relation::Dependent,
            },
            periods: p.periods().to_vec(),
        })
    }
}
