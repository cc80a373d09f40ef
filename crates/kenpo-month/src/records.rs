//! What an import brings besides member events and pay reports: leaves, tax status, 特定疾病
//! certificates, cash-benefit claims and checkup results (the society's own JSON, one object a
//! line, tagged by `"type"`).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use kenpo_domain::benefit_record::DecisionId;
use kenpo_domain::burial::BurialClaim;
use kenpo_domain::calendar::YearMonth;
use kenpo_domain::checkup::lists::MemberCheckup;
use kenpo_domain::childbirth::ChildbirthClaim;
use kenpo_domain::high_cost::{SpecifiedDisease, TaxStatus};
use kenpo_domain::identifiers::MemberKey;
use kenpo_domain::premium::Leave;
use kenpo_domain::sickness_allowance::SickDay;

/// A fact about a member that a month needs and that no employer's form carries.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Fact {
    /// 産前産後休業・育児休業等 (premium exemption, 健康保険法 第159条, 第159条の3).
    Leave {
        /// The insured person.
        key: MemberKey,
        /// The leave.
        leave: Leave,
    },
    /// The household's municipal tax status from a month on (高額療養費 所得区分).
    TaxStatus {
        /// The insured person.
        key: MemberKey,
        /// The first month it holds.
        from: YearMonth,
        /// The status.
        status: TaxStatus,
    },
    /// A 特定疾病療養受療証 in force from a month on (健康保険法施行令 第41条9項).
    Certificate {
        /// The person.
        key: MemberKey,
        /// The first month.
        from: YearMonth,
        /// The disease.
        disease: SpecifiedDisease,
    },
    /// A 傷病手当金 claim (健康保険法 第99条), taken by the run of the month it was received.
    SicknessClaim {
        /// The insured person.
        key: MemberKey,
        /// The society's decision number.
        decision: DecisionId,
        /// The month the claim was received.
        received: YearMonth,
        /// The days claimed.
        days: Vec<SickDay>,
    },
    /// A 出産育児一時金 / 家族出産育児一時金 claim (第101条, 第114条).
    ChildbirthClaim {
        /// The person who gave birth.
        key: MemberKey,
        /// The society's decision number.
        decision: DecisionId,
        /// The month the claim was received.
        received: YearMonth,
        /// The claim.
        claim: ChildbirthClaim,
    },
    /// A 埋葬料 / 埋葬費 / 家族埋葬料 claim (第100条, 第113条).
    BurialClaim {
        /// The deceased.
        key: MemberKey,
        /// The society's decision number.
        decision: DecisionId,
        /// The month the claim was received.
        received: YearMonth,
        /// The claim.
        claim: BurialClaim,
    },
    /// A 特定健診 result (for the guidance and risk lists).
    Checkup(MemberCheckup),
}

impl fmt::Debug for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fact::{}({})", self.kind(), self.key().masked())
    }
}

impl Fact {
    /// The person the fact is about.
    pub fn key(&self) -> &MemberKey {
        match self {
            Fact::Leave { key, .. }
            | Fact::TaxStatus { key, .. }
            | Fact::Certificate { key, .. }
            | Fact::SicknessClaim { key, .. }
            | Fact::ChildbirthClaim { key, .. }
            | Fact::BurialClaim { key, .. } => key,
            Fact::Checkup(c) => &c.member,
        }
    }

    /// The kind, as in the JSON `"type"`.
    pub const fn kind(&self) -> &'static str {
        match self {
            Fact::Leave { .. } => "leave",
            Fact::TaxStatus { .. } => "tax_status",
            Fact::Certificate { .. } => "certificate",
            Fact::SicknessClaim { .. } => "sickness_claim",
            Fact::ChildbirthClaim { .. } => "childbirth_claim",
            Fact::BurialClaim { .. } => "burial_claim",
            Fact::Checkup(_) => "checkup",
        }
    }

    /// The month a claim is taken in (claims only).
    pub fn claim_month(&self) -> Option<YearMonth> {
        match self {
            Fact::SicknessClaim { received, .. }
            | Fact::ChildbirthClaim { received, .. }
            | Fact::BurialClaim { received, .. } => Some(*received),
            _ => None,
        }
    }

    /// The date the fact is dated by, for ordering (leave start, month start, checkup day).
    pub fn date(&self) -> NaiveDate {
        match self {
            Fact::Leave { leave, .. } => leave.first_day,
            Fact::TaxStatus { from, .. } | Fact::Certificate { from, .. } => from.first_day(),
            Fact::SicknessClaim { received, .. }
            | Fact::ChildbirthClaim { received, .. }
            | Fact::BurialClaim { received, .. } => received.first_day(),
            Fact::Checkup(c) => c.result.date(),
        }
    }
}
