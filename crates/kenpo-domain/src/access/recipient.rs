//! Recipients (提供先・委託先): who may receive data under a purpose.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The kind of a recipient, which decides how the law treats a transfer to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RecipientKind {
    /// A role inside the society (組合内部の担当): use within the purpose, not a provision.
    OwnRole,
    /// The subject themself, or the agent admitted by the disclosure procedure (本人).
    Subject,
    /// A named outsourcee (委託先, 個人情報保護法 第27条第5項第1号): not a third party, but the
    /// society must supervise it (第25条).
    Outsourcee,
    /// A named third party (第三者: gyms, the non-life insurer, the federation, the magazine
    /// sender): a provision the provider records (第29条).
    ThirdParty,
    /// Another insurer, municipality or pension office (他の保険者), answered or asked only after
    /// confirming who it is.
    OtherInsurer,
    /// A medical institution or attending doctor (医療機関・主治医), after confirmation.
    Clinic,
    /// The review and payment bodies (審査支払機関: 社会保険診療報酬支払基金).
    ReviewPaymentBody,
    /// A national system (オンライン資格確認等システム, 情報提供ネットワークシステム): provision
    /// based on law (第27条第1項第1号).
    NationalSystem,
    /// The employer (事業主・事業所): may carry a notice, never its content.
    Employer,
}

impl RecipientKind {
    /// `true` if giving data to this kind of recipient is a third-party provision (第三者提供)
    /// for which the provider keeps the record of 個人情報保護法 第29条. Outsourcees, the
    /// society's own roles, the subject, the review and payment bodies (which examine and pay
    /// on the society's behalf, 健康保険法 第76条第5項) and the national systems (provision
    /// under law, 第29条第1項ただし書) are not; the employer only carries sealed notices.
    pub const fn is_third_party_provision(self) -> bool {
        matches!(
            self,
            RecipientKind::ThirdParty | RecipientKind::OtherInsurer | RecipientKind::Clinic
        )
    }

    /// `true` if data goes to this kind of recipient only after the society confirmed who it
    /// is (相手先確認): other insurers and clinics, whether they ask or are asked (notice §1
    /// 第8項, §2 第5項 「相手先確認の上」, applied to every exchange with them).
    pub const fn needs_confirmation(self) -> bool {
        matches!(self, RecipientKind::OtherInsurer | RecipientKind::Clinic)
    }

    /// `true` if the catalog must name the recipient through the vendor configuration: every
    /// outsourcee is named in the notice (third parties may be named per request, such as the
    /// non-life insurer of an accident).
    pub const fn needs_name(self) -> bool {
        matches!(self, RecipientKind::Outsourcee)
    }
}

/// A recipient as defined by the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    /// The catalog identifier (`"gym_konami"`).
    pub id: String,
    /// The kind.
    pub kind: RecipientKind,
    /// The role in Japanese (`"契約スポーツジム"`).
    pub title_ja: String,
    /// The legal name from the vendor configuration (`"株式会社コナミスポーツクラブ"`), for named
    /// outsourcees and third parties; `None` for recipients named per request (a clinic).
    pub name: Option<String>,
}

/// A compiled handle on a recipient of one [`Catalog`](super::Catalog).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RecipientRef(pub(crate) u16);

impl fmt::Display for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(n) => write!(f, "{} ({})", self.title_ja, n),
            None => f.write_str(&self.title_ja),
        }
    }
}
