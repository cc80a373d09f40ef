//! Conditions (利用の条件) a purpose attaches to every use.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A condition that must hold for a request under a purpose to be permitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Condition {
    /// 相手先確認: the society has confirmed who the requesting clinic or insurer is (A8, B5:
    /// notice §1, §2 「相手先確認の上」). Also required for every grant to another insurer or a
    /// clinic, whatever the purpose ([`RecipientKind::needs_confirmation`](super::RecipientKind::needs_confirmation)).
    RequesterConfirmed = 0,
    /// 本人の申込み: the subject asked for this use (A12 gym application, B3 claimant, F2
    /// postcard) — use with the person's consent, 個人情報保護法 第27条第1項.
    SubjectApplied = 1,
    /// 個人を特定されない形式: only de-identified data leaves (F3, C13).
    Deidentified = 2,
    /// 65歳以上: every subject has reached 65 on the decision date (F4, 前期高齢者).
    Aged65OrOver = 3,
    /// 本人又は開示請求手続で認められた者のみ: the actor is the subject or an admitted agent
    /// (C9, 個人情報保護法 第33条).
    SubjectOrAdmittedAgent = 4,
    /// 事業所に内容を知らせない: the employer may carry a notice but never learns its content
    /// (E2, F4, F5). Enforced for every purpose when the catalog is loaded; declared on the
    /// purposes whose notice says so.
    ContentWithheldFromEmployer = 5,
    /// 番号法で定める利用範囲: the use is a procedure the My Number Act allows (H1; 番号法
    /// 第9条第1項・別表, 第19条).
    MyNumberActScope = 6,
}

impl Condition {
    /// Every condition.
    pub const ALL: [Condition; 7] = [
        Condition::RequesterConfirmed,
        Condition::SubjectApplied,
        Condition::Deidentified,
        Condition::Aged65OrOver,
        Condition::SubjectOrAdmittedAgent,
        Condition::ContentWithheldFromEmployer,
        Condition::MyNumberActScope,
    ];

    /// The identifier used in catalog files (`"requester_confirmed"`).
    pub const fn id(self) -> &'static str {
        match self {
            Condition::RequesterConfirmed => "requester_confirmed",
            Condition::SubjectApplied => "subject_applied",
            Condition::Deidentified => "deidentified",
            Condition::Aged65OrOver => "aged_65_or_over",
            Condition::SubjectOrAdmittedAgent => "subject_or_admitted_agent",
            Condition::ContentWithheldFromEmployer => "content_withheld_from_employer",
            Condition::MyNumberActScope => "my_number_act_scope",
        }
    }

    /// The condition with catalog identifier `id`.
    pub fn from_id(id: &str) -> Option<Condition> {
        Condition::ALL.into_iter().find(|c| c.id() == id)
    }

    pub(crate) const fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A set of conditions (bit set).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ConditionSet(u8);

impl ConditionSet {
    /// `true` if `c` is in the set.
    pub const fn contains(self, c: Condition) -> bool {
        self.0 & c.bit() != 0
    }

    /// The set with `c` added.
    #[must_use]
    pub const fn with(self, c: Condition) -> ConditionSet {
        ConditionSet(self.0 | c.bit())
    }

    /// The conditions, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = Condition> {
        Condition::ALL
            .into_iter()
            .filter(move |c| self.contains(*c))
    }
}

impl fmt::Debug for ConditionSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(self.iter().map(Condition::id))
            .finish()
    }
}
