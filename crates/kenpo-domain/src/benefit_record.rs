//! Benefit records and duplicate-payment checks (給付記録・重複支給点検; purposes B2 and B4).
//!
//! Every decided cash benefit is kept as a [`BenefitRecord`]: who ([`MemberKey`]), which
//! benefit, the period or event date it pays for, the amount and the decision number. Before a
//! new decision, and as a periodic check, [`find_duplicates`] runs over the society's records
//! (and over the answers other insurers gave to a B4 inquiry) and reports:
//!
//! | finding | rule |
//! | --- | --- |
//! | [`DuplicateKind::ChildbirthPaidTwice`] | two childbirth lump sums for the same person less than 85 days apart (one pregnancy) |
//! | [`DuplicateKind::ChildbirthPaidByAnotherInsurer`] | another insurer answered that it paid for the same birth |
//! | [`DuplicateKind::OverlappingSicknessAllowance`] | two 傷病手当金 decisions covering the same day |
//! | [`DuplicateKind::SicknessDuringMaternity`] | 傷病手当金 for days 出産手当金 already covers (only the excess may be paid, 健康保険法 第103条): check the amounts |
//! | [`DuplicateKind::BurialPaidTwice`] | two burial benefits for the same deceased person |
//!
//! ```
//! use kenpo_domain::benefit_record::{find_duplicates, BenefitKind, BenefitRecord, Coverage, DecisionId, DuplicateKind};
//! use kenpo_domain::calendar::date;
//! use kenpo_domain::identifiers::MemberKey;
//! use kenpo_domain::money::Yen;
//!
//! let mother = MemberKey::parse("1234", "567", "02").unwrap();
//! let paid = |id: &str, day| {
//!     BenefitRecord::new(
//!         mother.clone(),
//!         BenefitKind::FamilyChildbirthLumpSum,
//!         Coverage::Event { date: date(2026, 6, day).unwrap() },
//!         Yen::new(500_000),
//!         DecisionId::new(id).unwrap(),
//!     )
//!     .unwrap()
//! };
//! let findings = find_duplicates(&[paid("B-0001", 1), paid("B-0107", 2)], &[]);
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].kind, DuplicateKind::ChildbirthPaidTwice);
//! ```
//!
//! ## Readings
//!
//! - The person of a record: for 出産育児一時金 / 家族出産育児一時金 the person who gave birth; for
//!   埋葬料 / 埋葬費 / 家族埋葬料 the deceased; for 傷病手当金 / 出産手当金 the insured person. The
//!   [`MemberKey`] (with its 枝番) names that person.
//! - "Same childbirth": births of one person less than [`SAME_CHILDBIRTH_WITHIN_DAYS`] (85) days
//!   apart, since a pregnancy paid for lasted at least 85 days; twins are one birth and one
//!   record. A finding is a prompt for an examiner, not a decision.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::childbirth::MINIMUM_GESTATION_DAYS;
use crate::identifiers::{InsurerNumber, MemberKey};
use crate::money::Yen;

/// Two childbirth benefits of one person closer than this many days are one birth paid twice
/// (the 85-day minimum pregnancy of [`crate::childbirth`]).
pub const SAME_CHILDBIRTH_WITHIN_DAYS: u32 = MINIMUM_GESTATION_DAYS;

/// The longest decision number accepted.
pub const DECISION_ID_MAX_LEN: usize = 32;

/// Why a record could not be built. Never holds personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BenefitRecordError {
    /// A decision number that is empty, too long or has characters other than ASCII letters,
    /// digits, `-` and `_`.
    #[error("decision id is not 1–{DECISION_ID_MAX_LEN} ASCII letters, digits, '-' or '_'")]
    InvalidDecisionId,
    /// A period benefit with an event date, or an event benefit with a period.
    #[error("{kind:?} needs {expected}")]
    CoverageMismatch {
        /// The benefit.
        kind: BenefitKind,
        /// What it needs: "a period" or "an event date".
        expected: &'static str,
    },
    /// A period whose last day is before its first.
    #[error("period ends on {last} before it starts on {first}")]
    PeriodReversed {
        /// First day.
        first: NaiveDate,
        /// Last day.
        last: NaiveDate,
    },
    /// A negative amount.
    #[error("amount is negative")]
    NegativeAmount,
}

/// A decision number (決定番号) of the society's benefit system.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DecisionId(String);

impl DecisionId {
    /// A decision number: 1–32 ASCII letters, digits, `-` or `_`.
    pub fn new(text: &str) -> Result<Self, BenefitRecordError> {
        let t = text.trim();
        if t.is_empty()
            || t.len() > DECISION_ID_MAX_LEN
            || !t
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(BenefitRecordError::InvalidDecisionId);
        }
        Ok(DecisionId(t.to_owned()))
    }

    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for DecisionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DecisionId({})", self.0)
    }
}

impl fmt::Display for DecisionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for DecisionId {
    type Error = BenefitRecordError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        DecisionId::new(&value)
    }
}

impl From<DecisionId> for String {
    fn from(value: DecisionId) -> Self {
        value.0
    }
}

/// The kind of cash benefit a record pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum BenefitKind {
    /// 傷病手当金 (健康保険法 第99条): a period.
    SicknessAllowance,
    /// 出産手当金 (第102条): a period.
    MaternityAllowance,
    /// 出産育児一時金 (第101条): the birth date.
    ChildbirthLumpSum,
    /// 家族出産育児一時金 (第114条): the birth date.
    FamilyChildbirthLumpSum,
    /// 埋葬料 (第100条1項): the date of death.
    BurialAllowance,
    /// 埋葬費 (第100条2項): the date of death.
    BurialExpenses,
    /// 家族埋葬料 (第113条): the date of death.
    FamilyBurial,
}

impl BenefitKind {
    /// `true` for benefits paid for a period of days.
    pub const fn is_periodic(self) -> bool {
        matches!(
            self,
            BenefitKind::SicknessAllowance | BenefitKind::MaternityAllowance
        )
    }

    /// `true` for 出産育児一時金 and 家族出産育児一時金.
    pub const fn is_childbirth(self) -> bool {
        matches!(
            self,
            BenefitKind::ChildbirthLumpSum | BenefitKind::FamilyChildbirthLumpSum
        )
    }

    /// `true` for 埋葬料, 埋葬費 and 家族埋葬料.
    pub const fn is_burial(self) -> bool {
        matches!(
            self,
            BenefitKind::BurialAllowance | BenefitKind::BurialExpenses | BenefitKind::FamilyBurial
        )
    }
}

/// What a record pays for: a period of days or an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Coverage {
    /// Days from `first` to `last`, both included.
    Period {
        /// First day.
        first: NaiveDate,
        /// Last day.
        last: NaiveDate,
    },
    /// One event (a birth, a death).
    Event {
        /// Its date.
        date: NaiveDate,
    },
}

impl Coverage {
    /// The first day covered (the event date for an event).
    pub fn first(self) -> NaiveDate {
        match self {
            Coverage::Period { first, .. } => first,
            Coverage::Event { date } => date,
        }
    }

    /// The last day covered (the event date for an event).
    pub fn last(self) -> NaiveDate {
        match self {
            Coverage::Period { last, .. } => last,
            Coverage::Event { date } => date,
        }
    }

    /// The days both cover, if any.
    pub fn overlap(self, other: Coverage) -> Option<(NaiveDate, NaiveDate)> {
        let first = self.first().max(other.first());
        let last = self.last().min(other.last());
        (first <= last).then_some((first, last))
    }
}

#[derive(Deserialize)]
struct RawRecord {
    member: MemberKey,
    kind: BenefitKind,
    coverage: Coverage,
    amount: Yen,
    decision: DecisionId,
}

/// One decided cash benefit (給付記録, purpose B2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawRecord")]
pub struct BenefitRecord {
    member: MemberKey,
    kind: BenefitKind,
    coverage: Coverage,
    amount: Yen,
    decision: DecisionId,
}

impl BenefitRecord {
    /// A record; the coverage must suit the kind (a period for 傷病手当金 and 出産手当金, an
    /// event date for the others) and the amount must not be negative.
    pub fn new(
        member: MemberKey,
        kind: BenefitKind,
        coverage: Coverage,
        amount: Yen,
        decision: DecisionId,
    ) -> Result<Self, BenefitRecordError> {
        match (kind.is_periodic(), coverage) {
            (true, Coverage::Event { .. }) => {
                return Err(BenefitRecordError::CoverageMismatch {
                    kind,
                    expected: "a period",
                })
            }
            (false, Coverage::Period { .. }) => {
                return Err(BenefitRecordError::CoverageMismatch {
                    kind,
                    expected: "an event date",
                })
            }
            (_, Coverage::Period { first, last }) if last < first => {
                return Err(BenefitRecordError::PeriodReversed { first, last })
            }
            _ => {}
        }
        if amount.is_negative() {
            return Err(BenefitRecordError::NegativeAmount);
        }
        Ok(BenefitRecord {
            member,
            kind,
            coverage,
            amount,
            decision,
        })
    }

    /// The person the benefit is for (see the module docs).
    pub fn member(&self) -> &MemberKey {
        &self.member
    }

    /// The benefit.
    pub fn kind(&self) -> BenefitKind {
        self.kind
    }

    /// The period or event date.
    pub fn coverage(&self) -> Coverage {
        self.coverage
    }

    /// The amount paid.
    pub fn amount(&self) -> Yen {
        self.amount
    }

    /// The decision number.
    pub fn decision(&self) -> &DecisionId {
        &self.decision
    }
}

impl TryFrom<RawRecord> for BenefitRecord {
    type Error = BenefitRecordError;
    fn try_from(r: RawRecord) -> Result<Self, Self::Error> {
        BenefitRecord::new(r.member, r.kind, r.coverage, r.amount, r.decision)
    }
}

/// Another insurer's answer to a B4 inquiry: it paid a childbirth lump sum for our member's
/// birth on `birth_date`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherInsurerPayment {
    /// The insurer that answered (保険者番号).
    pub insurer: InsurerNumber,
    /// Our member the inquiry was about.
    pub member: MemberKey,
    /// The birth date it paid for.
    pub birth_date: NaiveDate,
}

/// A kind of suspected duplicate payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum DuplicateKind {
    /// The same childbirth paid twice by the society.
    ChildbirthPaidTwice,
    /// The same childbirth paid by the society and by another insurer.
    ChildbirthPaidByAnotherInsurer,
    /// Two 傷病手当金 decisions for the same days.
    OverlappingSicknessAllowance,
    /// 傷病手当金 for days 出産手当金 covers (健康保険法 第103条: only the excess may be paid).
    SicknessDuringMaternity,
    /// Two burial benefits for the same death.
    BurialPaidTwice,
}

/// One suspected duplicate payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateFinding {
    /// What is suspected.
    pub kind: DuplicateKind,
    /// The person concerned.
    pub member: MemberKey,
    /// The society's decisions involved, in record order.
    pub decisions: Vec<DecisionId>,
    /// The other insurer, for [`DuplicateKind::ChildbirthPaidByAnotherInsurer`].
    pub other_insurer: Option<InsurerNumber>,
    /// The days both cover (for event benefits, the two event dates).
    pub dates: (NaiveDate, NaiveDate),
}

/// Finds suspected duplicate payments in the society's `records` and in the `other_insurers`'
/// answers to B4 inquiries. Findings are ordered by member, kind and date; each pair of records
/// is reported once.
pub fn find_duplicates(
    records: &[BenefitRecord],
    other_insurers: &[OtherInsurerPayment],
) -> Vec<DuplicateFinding> {
    let mut by_member: BTreeMap<&MemberKey, Vec<&BenefitRecord>> = BTreeMap::new();
    for r in records {
        by_member.entry(&r.member).or_default().push(r);
    }
    let mut findings = Vec::new();
    for (member, recs) in &by_member {
        for (i, a) in recs.iter().enumerate() {
            for b in recs.iter().skip(i + 1) {
                if let Some((kind, dates)) = pair_finding(a, b) {
                    findings.push(DuplicateFinding {
                        kind,
                        member: (*member).clone(),
                        decisions: vec![a.decision.clone(), b.decision.clone()],
                        other_insurer: None,
                        dates,
                    });
                }
            }
        }
    }
    for answer in other_insurers {
        let ours = by_member.get(&answer.member).into_iter().flatten();
        for r in ours.filter(|r| r.kind.is_childbirth()) {
            let date = r.coverage.first();
            if same_childbirth(date, answer.birth_date) {
                findings.push(DuplicateFinding {
                    kind: DuplicateKind::ChildbirthPaidByAnotherInsurer,
                    member: answer.member.clone(),
                    decisions: vec![r.decision.clone()],
                    other_insurer: Some(answer.insurer.clone()),
                    dates: (date.min(answer.birth_date), date.max(answer.birth_date)),
                });
            }
        }
    }
    findings.sort_by(|x, y| {
        (&x.member, x.kind, x.dates, &x.decisions).cmp(&(&y.member, y.kind, y.dates, &y.decisions))
    });
    findings
}

fn same_childbirth(a: NaiveDate, b: NaiveDate) -> bool {
    a.signed_duration_since(b).num_days().unsigned_abs() < u64::from(SAME_CHILDBIRTH_WITHIN_DAYS)
}

fn pair_finding(
    a: &BenefitRecord,
    b: &BenefitRecord,
) -> Option<(DuplicateKind, (NaiveDate, NaiveDate))> {
    use BenefitKind::{MaternityAllowance, SicknessAllowance};
    let events = |x: &BenefitRecord, y: &BenefitRecord| {
        let (p, q) = (x.coverage.first(), y.coverage.first());
        (p.min(q), p.max(q))
    };
    if a.kind.is_childbirth() && b.kind.is_childbirth() {
        let dates = events(a, b);
        return same_childbirth(dates.0, dates.1)
            .then_some((DuplicateKind::ChildbirthPaidTwice, dates));
    }
    if a.kind.is_burial() && b.kind.is_burial() {
        return Some((DuplicateKind::BurialPaidTwice, events(a, b)));
    }
    let kind = match (a.kind, b.kind) {
        (SicknessAllowance, SicknessAllowance) => DuplicateKind::OverlappingSicknessAllowance,
        (SicknessAllowance, MaternityAllowance) | (MaternityAllowance, SicknessAllowance) => {
            DuplicateKind::SicknessDuringMaternity
        }
        _ => return None,
    };
    a.coverage.overlap(b.coverage).map(|dates| (kind, dates))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::date;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        date(y, m, day).unwrap()
    }

    fn key(branch: &str) -> MemberKey {
        MemberKey::parse("1234", "567", branch).unwrap()
    }

    fn event(member: &MemberKey, kind: BenefitKind, on: NaiveDate, id: &str) -> BenefitRecord {
        BenefitRecord::new(
            member.clone(),
            kind,
            Coverage::Event { date: on },
            Yen::new(50_000),
            DecisionId::new(id).unwrap(),
        )
        .unwrap()
    }

    fn period(
        member: &MemberKey,
        kind: BenefitKind,
        first: NaiveDate,
        last: NaiveDate,
        id: &str,
    ) -> BenefitRecord {
        BenefitRecord::new(
            member.clone(),
            kind,
            Coverage::Period { first, last },
            Yen::new(100_000),
            DecisionId::new(id).unwrap(),
        )
        .unwrap()
    }

    fn ids(f: &DuplicateFinding) -> Vec<&str> {
        f.decisions.iter().map(DecisionId::as_str).collect()
    }

    #[test]
    fn same_childbirth_paid_twice_and_two_real_births() {
        let m = key("02");
        let records = [
            event(
                &m,
                BenefitKind::FamilyChildbirthLumpSum,
                d(2026, 6, 1),
                "C1",
            ),
            // Entered again as the insured's own benefit two days later: same birth.
            event(&m, BenefitKind::ChildbirthLumpSum, d(2026, 6, 3), "C2"),
            // A birth a year later is a new birth.
            event(&m, BenefitKind::ChildbirthLumpSum, d(2027, 6, 1), "C3"),
        ];
        let f = find_duplicates(&records, &[]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, DuplicateKind::ChildbirthPaidTwice);
        assert_eq!(ids(&f[0]), ["C1", "C2"]);
        assert_eq!(f[0].dates, (d(2026, 6, 1), d(2026, 6, 3)));
    }

    #[test]
    fn the_85_day_edge() {
        // 84 days apart: one pregnancy; 85 days apart: could be two.
        let m = key("00");
        let a = event(&m, BenefitKind::ChildbirthLumpSum, d(2026, 1, 1), "A");
        let near = event(&m, BenefitKind::ChildbirthLumpSum, d(2026, 3, 26), "B");
        let far = event(&m, BenefitKind::ChildbirthLumpSum, d(2026, 3, 27), "C");
        assert_eq!(find_duplicates(&[a.clone(), near], &[]).len(), 1);
        assert!(find_duplicates(&[a, far], &[]).is_empty());
    }

    #[test]
    fn childbirth_paid_by_another_insurer() {
        let m = key("02");
        let records = [event(
            &m,
            BenefitKind::FamilyChildbirthLumpSum,
            d(2026, 6, 1),
            "C1",
        )];
        let answer = OtherInsurerPayment {
            insurer: InsurerNumber::new("01130012").unwrap(),
            member: m.clone(),
            birth_date: d(2026, 6, 1),
        };
        let f = find_duplicates(&records, std::slice::from_ref(&answer));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, DuplicateKind::ChildbirthPaidByAnotherInsurer);
        assert_eq!(f[0].other_insurer, Some(answer.insurer.clone()));
        // An answer about another member of the household does not match.
        let other = OtherInsurerPayment {
            member: key("03"),
            ..answer
        };
        assert!(find_duplicates(&records, &[other]).is_empty());
    }

    #[test]
    fn overlapping_sickness_periods_and_maternity() {
        let m = key("00");
        let records = [
            period(
                &m,
                BenefitKind::SicknessAllowance,
                d(2026, 4, 1),
                d(2026, 4, 30),
                "S1",
            ),
            period(
                &m,
                BenefitKind::SicknessAllowance,
                d(2026, 4, 30),
                d(2026, 5, 31),
                "S2",
            ),
            period(
                &m,
                BenefitKind::SicknessAllowance,
                d(2026, 6, 1),
                d(2026, 6, 30),
                "S3",
            ),
            period(
                &m,
                BenefitKind::MaternityAllowance,
                d(2026, 6, 20),
                d(2026, 9, 30),
                "M1",
            ),
        ];
        let f = find_duplicates(&records, &[]);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].kind, DuplicateKind::OverlappingSicknessAllowance);
        assert_eq!(f[0].dates, (d(2026, 4, 30), d(2026, 4, 30)));
        assert_eq!(ids(&f[0]), ["S1", "S2"]);
        assert_eq!(f[1].kind, DuplicateKind::SicknessDuringMaternity);
        assert_eq!(f[1].dates, (d(2026, 6, 20), d(2026, 6, 30)));
        // Adjacent periods (S2 ends 5/31, S3 starts 6/1) are not duplicates.
        assert!(!f.iter().any(|x| ids(x) == ["S2", "S3"]));
    }

    #[test]
    fn burial_paid_twice_and_different_people() {
        let insured = key("00");
        let records = [
            event(&insured, BenefitKind::BurialAllowance, d(2026, 5, 20), "D1"),
            event(&insured, BenefitKind::BurialExpenses, d(2026, 5, 20), "D2"),
            event(&key("01"), BenefitKind::FamilyBurial, d(2026, 5, 20), "D3"),
        ];
        let f = find_duplicates(&records, &[]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, DuplicateKind::BurialPaidTwice);
        assert_eq!(ids(&f[0]), ["D1", "D2"]);
    }

    #[test]
    fn records_validate_on_construction_and_deserialisation() {
        let m = key("00");
        let id = DecisionId::new("X1").unwrap();
        assert_eq!(
            BenefitRecord::new(
                m.clone(),
                BenefitKind::SicknessAllowance,
                Coverage::Event {
                    date: d(2026, 1, 1)
                },
                Yen::ZERO,
                id.clone()
            ),
            Err(BenefitRecordError::CoverageMismatch {
                kind: BenefitKind::SicknessAllowance,
                expected: "a period"
            })
        );
        assert!(matches!(
            BenefitRecord::new(
                m.clone(),
                BenefitKind::SicknessAllowance,
                Coverage::Period {
                    first: d(2026, 2, 1),
                    last: d(2026, 1, 1)
                },
                Yen::ZERO,
                id.clone()
            ),
            Err(BenefitRecordError::PeriodReversed { .. })
        ));
        assert_eq!(
            BenefitRecord::new(
                m.clone(),
                BenefitKind::BurialAllowance,
                Coverage::Event {
                    date: d(2026, 1, 1)
                },
                Yen::new(-1),
                id
            ),
            Err(BenefitRecordError::NegativeAmount)
        );
        assert!(DecisionId::new("").is_err());
        assert!(DecisionId::new("決定1").is_err());
        assert!(DecisionId::new(&"9".repeat(33)).is_err());

        let r = event(&m, BenefitKind::BurialAllowance, d(2026, 5, 20), "D1");
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<BenefitRecord>(&json).unwrap(), r);
        let bad = json.replace("BurialAllowance", "SicknessAllowance");
        assert!(serde_json::from_str::<BenefitRecord>(&bad).is_err());
        // Debug shows the member key masked (identifiers' Debug), never the full number.
        assert!(!format!("{r:?}").contains("567"));
    }
}
