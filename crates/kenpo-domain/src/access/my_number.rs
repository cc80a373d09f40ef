//! The Individual Number (個人番号, My Number) inside the access layer (特定個人情報, notice §8).
//!
//! - **H1**: the number is used only for the procedures the My Number Act allows the society
//!   (番号法 第9条第1項・別表: 健康保険法による保険給付の支給又は保険料等の徴収に関する事務; 第19条:
//!   provision only in the cases it lists, e.g. 第8号 information linkage through the
//!   情報提供ネットワークシステム). A purpose may carry [`Field::MyNumber`](super::Field::MyNumber)
//!   only if it has the [`Condition::MyNumberActScope`](super::Condition::MyNumberActScope)
//!   condition (checked when the catalog is loaded), and a request under it must name one
//!   [`MyNumberProcedure`].
//! - **H2**: everywhere else the number is masked or removed. A view outside an H1 permit never
//!   holds it; `Debug`, `Display` and serde of every type in this module print [`MY_NUMBER_MASK`](crate::identifiers::MY_NUMBER_MASK); logs,
//!   provision records, disclosure exports and errors never contain it.
//!
//! Doubt: the notice's own example (income data for dependent recognition) is one procedure; the
//! list below adds the others we read in 番号法 別表 for a health insurance society. A society may
//! want a narrower list; the enum is `#[non_exhaustive]` and the choice is the caller's.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A procedure within the My Number Act's scope (番号法で定める利用範囲の事務).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MyNumberProcedure {
    /// 被扶養者認定に際し市町村から課税・非課税情報の提供を受ける (the notice's example;
    /// 番号法 第19条, information linkage).
    DependentIncomeInquiry,
    /// 資格取得・喪失に伴う個人番号の登録 (registration in the 中間サーバー for the online
    /// eligibility system; 番号法 第9条第1項・別表).
    EligibilityRegistration,
    /// 保険給付の支給に関する事務 (benefit payment, 番号法 別表: 健康保険法による保険給付の支給).
    BenefitPayment,
    /// 保険料等の徴収に関する事務 (premium collection, 番号法 別表).
    PremiumCollection,
}

impl MyNumberProcedure {
    /// The procedure's Japanese name.
    pub const fn title_ja(self) -> &'static str {
        match self {
            MyNumberProcedure::DependentIncomeInquiry => "被扶養者認定に係る課税・非課税情報の照会",
            MyNumberProcedure::EligibilityRegistration => "資格情報に係る個人番号の登録",
            MyNumberProcedure::BenefitPayment => "保険給付の支給に関する事務",
            MyNumberProcedure::PremiumCollection => "保険料等の徴収に関する事務",
        }
    }
}

impl fmt::Display for MyNumberProcedure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title_ja())
    }
}
