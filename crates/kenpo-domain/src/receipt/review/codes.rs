//! The short code lists the checks that need no master file use, written once as dated data
//! with their source, and the 点数表 区分 each family belongs to, by which the payment fund's
//! 医科診療行為マスター (when the user supplies it) gives the full, current list instead.
//!
//! The codes are レセ電算処理システム用コード of the 医科診療行為マスター. They were read from
//! public implementations, not from the master itself (see `docs/SOURCES.md`, receipts):
//! confidence **B** where two independent implementations agree (初診料, 再診料 and the
//! variants that may coexist with them, 特定疾患療養管理料 診療所・100床未満), **C** where one
//! does (処方箋料). A family whose codes could not be read from any source (薬剤情報提供料, the
//! exclusive 指導管理料 group) has no embedded list: its check runs only with the master.

use serde::{Deserialize, Serialize};

/// A family of procedure codes a check looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CodeFamily {
    /// 初診料 (区分 A000).
    FirstVisit,
    /// 再診料 and 外来診療料 (区分 A001, A002).
    Revisit,
    /// Visit fees meant to coexist with a 初診 or 再診 the same day: 初診料（同一日複数科・2科目）,
    /// 同日再診, 電話等再診, 再診料（2科目）.
    SameDayAllowed,
    /// 電話等再診 (a 再診 by telephone).
    PhoneRevisit,
    /// 特定疾患療養管理料 (区分 B000), every variant.
    DiseaseManagement,
    /// 特定疾患療養管理料 診療所.
    DiseaseManagementClinic,
    /// 特定疾患療養管理料 病院（100床未満）.
    DiseaseManagementSmallHospital,
    /// 処方箋料 (区分 F400).
    Prescription,
    /// 薬剤情報提供料 (区分 B011-3).
    DrugInformation,
    /// The 指導管理料 that 特掲診療料 通則1 forbids in one month together (B000, B001 1, 4–8,
    /// 17, 18, 21, the 在宅療養指導管理料 C100–C121, I004).
    ExclusiveManagement,
}

/// When the embedded codes were read and from what: the edition they reflect.
pub const EMBEDDED_CODES_AS_OF: &str =
    "2024-06 (令和6年度診療報酬改定), from public implementations";

/// The embedded codes of `family` (empty when none could be confirmed: the check then needs the
/// master).
pub fn embedded(family: CodeFamily) -> &'static [u32] {
    match family {
        // 初診料. [B: a public EHR constant table and a public checker's fallback list agree]
        CodeFamily::FirstVisit => &[111_000_110, 111_011_810, 111_014_210],
        // 再診料, 同日再診, 電話等再診, 再診料（2科目）. [B]
        CodeFamily::Revisit => &[112_007_410, 112_008_350, 112_007_950, 112_015_810],
        // 初診料（同一日複数科）, 同日再診, 電話等再診, 再診料（2科目）: meant to coexist. [B]
        CodeFamily::SameDayAllowed => &[111_011_810, 112_008_350, 112_007_950, 112_015_810],
        // 電話等再診. [B]
        CodeFamily::PhoneRevisit => &[112_007_950],
        // 特定疾患療養管理料 診療所 (225 points), 病院100床未満 (147). The 100–199床 variant's code
        // was not found. [B]
        CodeFamily::DiseaseManagement => &[113_001_810, 113_001_910],
        CodeFamily::DiseaseManagementClinic => &[113_001_810],
        CodeFamily::DiseaseManagementSmallHospital => &[113_001_910],
        // 処方箋料（リフィル以外・その他）. [C]
        CodeFamily::Prescription => &[120_002_910],
        CodeFamily::DrugInformation | CodeFamily::ExclusiveManagement => &[],
    }
}

/// The 点数表 区分 (alphabet, 区分番号, 枝番, 項番; `None` = any) a family is, as the
/// 医科診療行為マスター records them (items 85 and 90–94).
pub fn sections(family: CodeFamily) -> &'static [(char, u16, Option<u8>, Option<u16>)] {
    match family {
        CodeFamily::FirstVisit => &[('A', 0, Some(0), None)],
        CodeFamily::Revisit => &[('A', 1, Some(0), None), ('A', 2, Some(0), None)],
        CodeFamily::DiseaseManagement => &[('B', 0, Some(0), None)],
        CodeFamily::Prescription => &[('F', 400, Some(0), None)],
        CodeFamily::DrugInformation => &[('B', 11, Some(3), None)],
        CodeFamily::ExclusiveManagement => &[
            ('B', 0, Some(0), None),
            ('B', 1, Some(0), Some(1)),
            ('B', 1, Some(0), Some(4)),
            ('B', 1, Some(0), Some(5)),
            ('B', 1, Some(0), Some(6)),
            ('B', 1, Some(0), Some(7)),
            ('B', 1, Some(0), Some(8)),
            ('B', 1, Some(0), Some(17)),
            ('B', 1, Some(0), Some(18)),
            ('B', 1, Some(0), Some(21)),
            ('I', 4, Some(0), None),
        ],
        // The variants, same-day and telephone codes are told apart by name, not 区分: the
        // embedded codes are used with or without the master.
        _ => &[],
    }
}

/// 在宅療養指導管理料 of 第2部第2節第1款: 区分 C100 to C121 (part of the exclusive group).
pub const HOME_CARE_MANAGEMENT: std::ops::RangeInclusive<u16> = 100..=121;

/// Words that mark an injury in an uncoded diagnosis name (INJ-1 without the 傷病名マスター):
/// fracture, bruise, sprain, contusion, wound, dislocation, burn.
pub const INJURY_WORDS: [&str; 8] = ["骨折", "打撲", "捻挫", "挫傷", "創", "脱臼", "熱傷", "外傷"];

/// The 修飾語 code of 「の疑い」 (suspected; 修飾語マスター, suffixes 8000–8999).
pub const SUSPECTED_MODIFIER: &str = "8002";

/// The レセプト特記事項 code 10 「第三」: a third party's act was declared (記録条件仕様 別表
/// レセプト特記事項).
pub const THIRD_PARTY_NOTE: &str = "10";
