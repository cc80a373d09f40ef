//! Benefit records and the duplicate-payment check (給付記録・重複支給点検, purposes B2 and B4;
//! [`kenpo_domain::benefit_record`]): two childbirth lump sums for one birth, a birth another
//! insurer also paid, overlapping 傷病手当金, 傷病手当金 on 出産手当金 days, two burial benefits.
//!
//! Records hold member keys and dates of births and deaths: no `Debug` here.
use kenpo_domain::benefit_record as domain;
use kenpo_domain::identifiers::InsurerNumber;
use kenpo_domain::Yen;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::batch::Rejection;
use crate::error::{KenpoError, KenpoResult};
use crate::identifiers::MemberKey;
use crate::scalar::PlainDate;

mirror_enum! {
    /// The kind of cash benefit a record pays.
    pub enum BenefitKind => domain::BenefitKind {
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
}

mirror_enum! {
    /// A kind of suspected duplicate payment.
    pub enum DuplicateKind => domain::DuplicateKind {
        /// The same childbirth paid twice by the society (births less than 85 days apart).
        ChildbirthPaidTwice,
        /// The same childbirth paid by the society and by another insurer.
        ChildbirthPaidByAnotherInsurer,
        /// Two 傷病手当金 decisions for the same days.
        OverlappingSicknessAllowance,
        /// 傷病手当金 for days 出産手当金 covers (only the excess may be paid, 第103条).
        SicknessDuringMaternity,
        /// Two burial benefits for the same death.
        BurialPaidTwice,
    }
}

/// What a record pays for.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum BenefitCoverage {
    /// Days from `first` to `last`, both included (傷病手当金, 出産手当金).
    Period {
        /// First day.
        first: PlainDate,
        /// Last day.
        last: PlainDate,
    },
    /// One event: a birth, a death.
    Event {
        /// Its date.
        date: PlainDate,
    },
}

/// One decided cash benefit (給付記録, purpose B2).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BenefitRecord {
    /// The person the benefit is for: who gave birth, who died, the insured person for 傷病手当金
    /// and 出産手当金.
    pub member: MemberKey,
    /// The benefit.
    pub kind: BenefitKind,
    /// The period or the event date (a period for 傷病手当金 and 出産手当金).
    pub coverage: BenefitCoverage,
    /// The amount paid, yen.
    pub amount: i64,
    /// The decision number (決定番号): 1–32 ASCII letters, digits, `-` or `_`.
    pub decision: String,
}

/// Another insurer's answer to a B4 inquiry: it paid a childbirth lump sum for our member's
/// birth.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OtherInsurerPayment {
    /// The insurer that answered (保険者番号, 8 digits).
    pub insurer: String,
    /// Our member the inquiry was about.
    pub member: MemberKey,
    /// The birth date it paid for.
    pub birth_date: PlainDate,
}

/// The check: `kenpo_find_duplicate_payments` in C, `findDuplicatePayments` in Kotlin and Swift.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DuplicateCheckRequest {
    /// The society's records.
    pub records: Vec<BenefitRecord>,
    /// Other insurers' answers to B4 inquiries.
    pub other_insurers: Vec<OtherInsurerPayment>,
}

/// One suspected duplicate payment: a prompt for an examiner, not a decision.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DuplicateFinding {
    /// What is suspected.
    pub kind: DuplicateKind,
    /// The person concerned.
    pub member: MemberKey,
    /// The society's decisions involved, in record order.
    pub decisions: Vec<String>,
    /// The other insurer, for `childbirth_paid_by_another_insurer`.
    pub other_insurer: Option<String>,
    /// The first day both cover (for event benefits, the first event date).
    pub first_date: PlainDate,
    /// The last day both cover (for event benefits, the second event date).
    pub last_date: PlainDate,
}

/// The findings, and every record or answer that could not be taken (the check ran on the
/// rest; each refusal names its field: `amount`, `coverage`, `member.branch`).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DuplicateCheck {
    /// The findings, by member, kind and date.
    pub findings: Vec<DuplicateFinding>,
    /// The records refused (the index is the record's position in `records`).
    pub rejected_records: Vec<Rejection>,
    /// The answers refused (the index is the answer's position in `other_insurers`).
    pub rejected_answers: Vec<Rejection>,
}

fn record(r: &BenefitRecord) -> KenpoResult<domain::BenefitRecord> {
    let coverage = match r.coverage {
        BenefitCoverage::Period { first, last } => domain::Coverage::Period {
            first: first.0,
            last: last.0,
        },
        BenefitCoverage::Event { date } => domain::Coverage::Event { date: date.0 },
    };
    let decision =
        domain::DecisionId::new(&r.decision).map_err(|e| KenpoError::from(e).within("decision"))?;
    domain::BenefitRecord::new(
        r.member.to_domain("member")?,
        r.kind.into(),
        coverage,
        Yen::new(r.amount),
        decision,
    )
    .map_err(KenpoError::from)
}

fn answer(a: &OtherInsurerPayment) -> KenpoResult<domain::OtherInsurerPayment> {
    Ok(domain::OtherInsurerPayment {
        insurer: InsurerNumber::new(&a.insurer)
            .map_err(|e| KenpoError::from(e).within("insurer"))?,
        member: a.member.to_domain("member")?,
        birth_date: a.birth_date.0,
    })
}

fn taken<I, T>(items: &[I], each: impl Fn(&I) -> KenpoResult<T>) -> (Vec<T>, Vec<Rejection>) {
    let mut ok = Vec::with_capacity(items.len());
    let mut rejected = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match each(item) {
            Ok(t) => ok.push(t),
            Err(e) => rejected.push(Rejection::of(i, &e)),
        }
    }
    (ok, rejected)
}

/// The duplicate-payment check over the society's benefit records and other insurers' answers
/// (purposes B2, B4; 健康保険法 第103条 for 傷病手当金 on 出産手当金 days). A record that cannot be
/// taken is reported, never dropped in silence; the check runs on the others.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn find_duplicate_payments(request: DuplicateCheckRequest) -> KenpoResult<DuplicateCheck> {
    let (records, rejected_records) = taken(&request.records, record);
    let (answers, rejected_answers) = taken(&request.other_insurers, answer);
    let findings = domain::find_duplicates(&records, &answers)
        .iter()
        .map(|f| {
            Ok(DuplicateFinding {
                kind: f.kind.try_into()?,
                member: (&f.member).into(),
                decisions: f.decisions.iter().map(|d| d.as_str().to_owned()).collect(),
                other_insurer: f.other_insurer.as_ref().map(|i| i.as_str().to_owned()),
                first_date: PlainDate(f.dates.0),
                last_date: PlainDate(f.dates.1),
            })
        })
        .collect::<KenpoResult<Vec<_>>>()?;
    Ok(DuplicateCheck {
        findings,
        rejected_records,
        rejected_answers,
    })
}
