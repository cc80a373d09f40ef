//! Pharmacy receipts (調剤, 記録条件仕様 調剤用): the file opens with YK (薬局情報), the RE record
//! names the prescribing institution and its doctors, and the body is a sequence of 処方 groups
//! (SH 処方基本, then its CZ 調剤情報 and IY/TO/CO lines), then TK 摘要, KI 基本料・薬学管理料 and
//! ST 分割技術料.
//!
//! Layout followed: the field order of the 調剤 作成手引き of 平成30年 (as a public parser
//! restates it), checked against an insurer-side analysis tool's positions (2017–2020 files) and
//! the per-record field counts of the payment fund's official insurer sample of 2024
//! (`phasample.zip`: YK 8, RE 41, HO 13, KO 9, SH 9, CZ 70, IY 9, CO 2, TK 2, KI 113 fields after
//! the record kind), whose RE row puts the prescribing institution at positions 10–12, its name
//! at 13, its address at 14 and the first doctor at 15. Confidence **B** for the order; modes and
//! lengths were not read. CZ positions 55–71 (added in 令和4年) and the whole KI record are kept
//! as recorded ([`Rest`]), their layout not being known. See `docs/RECEIPTS.md`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::record::{record, Code, Digits, FeeAddition, PersonalText, Rest};
use crate::identifiers::InstitutionCode;

record! {
    /// SH 処方基本レコード: opens one 処方 (剤).
    pub struct Prescription("SH", positions = 10) {
        /// Ｎｏ (処方番号, e.g. "01").
        2 => number: Digits = "処方番号",
        /// 剤形コード (別表).
        3 => form: Digits = "剤形コード",
        /// 用法コード.
        4 => usage: Option<Code> = "用法コード",
        /// 特別指示.
        5 => instruction: Option<String> = "特別指示",
        /// 単位薬剤料 (points).
        6 => unit_drug_points: Option<i64> = "単位薬剤料",
        /// 単位薬剤料 第一公費.
        7 => unit_drug_points_public1: Option<i64> = "単位薬剤料（第一公費）",
        /// 単位薬剤料 第二公費.
        8 => unit_drug_points_public2: Option<i64> = "単位薬剤料（第二公費）",
        /// 単位薬剤料 第三公費.
        9 => unit_drug_points_public3: Option<i64> = "単位薬剤料（第三公費）",
        /// 単位薬剤料 第四公費.
        10 => unit_drug_points_public4: Option<i64> = "単位薬剤料（第四公費）",
    }
}

record! {
    /// CZ 調剤情報レコード: one dispensing of the 処方.
    pub struct Dispensing("CZ", positions = 54) {
        /// 医師番号 (which of RE's 保険医氏名 slots).
        2 => doctor: Option<u8> = "医師番号",
        /// 処方月日 (the prescription's date).
        3 => prescribed: Option<NaiveDate> = "処方月日",
        /// 調剤月日 (the dispensing date).
        4 => dispensed: Option<NaiveDate> = "調剤月日",
        /// 処方箋受付回.
        5 => reception: Option<u8> = "処方箋受付回",
        /// 調剤数量 (days for internal medicine, else units).
        6 => quantity: Option<u32> = "調剤数量",
        /// 調剤料 / 薬剤調製料 負担区分.
        7 => fee_payer_class: Option<Code> = "調剤料 負担区分",
        /// 調剤料 算定区分.
        8 => fee_class: Option<Digits> = "調剤料 算定区分",
        /// 調剤料 算定先No.
        9 => fee_target: Option<Digits> = "調剤料 算定先No",
        /// 調剤料 コード.
        10 => fee_code: Option<Digits> = "調剤料 コード",
        /// 調剤料 点数.
        11 => fee_points: Option<i64> = "調剤料 点数",
        /// 分割区分.
        12 => split_class: Option<Digits> = "分割区分",
        /// 前回までの数量.
        13 => quantity_before: Option<u32> = "前回までの数量",
        /// 薬剤料 点数.
        14 => drug_points: Option<i64> = "薬剤料 点数",
        /// 予備.
        15 => reserved: Option<Digits> = "予備",
        /// 加算料 ×10 (負担区分, コード, 点数; trailing empty ones not kept).
        16 => additions: Vec<FeeAddition> = "加算料",
        /// 一包化日数.
        46 => unit_dose_days: Option<u32> = "一包化日数",
        /// 分割調剤種類.
        47 => split_kind: Option<Digits> = "分割調剤種類",
        /// 前回までの一包化日数.
        48 => unit_dose_days_before: Option<u32> = "前回までの一包化日数",
        /// 医師の指示による分割調剤 コード.
        49 => ordered_split_code: Option<Digits> = "医師の指示による分割調剤 コード",
        /// 医師の指示による分割調剤 分割区分.
        50 => ordered_split_class: Option<Digits> = "医師の指示による分割調剤 分割区分",
        /// 分割対象調剤数量.
        51 => ordered_split_quantity: Option<u32> = "分割対象調剤数量",
        /// 分割対象一包化日数.
        52 => ordered_split_days: Option<u32> = "分割対象一包化日数",
        /// 包括管理料等.
        53 => inclusive_fee: Option<Digits> = "包括管理料等",
        /// 他医療機関受診に係る処方箋受付.
        54 => other_institution: Option<Digits> = "他医療機関受診に係る処方箋受付",
        /// Positions 55– (added by the 令和4年 edition; layout not known), as recorded.
        55 => later: Rest = "調剤情報（令和4年追加項目）",
    }
}

record! {
    /// IY 医薬品レコード (pharmacy layout).
    pub struct PharmacyDrug("IY", positions = 10) {
        /// 負担区分.
        2 => payer_class: Code = "負担区分",
        /// 医薬品コード.
        3 => code: Digits = "医薬品コード",
        /// 使用量.
        4 => amount: Option<Decimal> = "使用量",
        /// 予備.
        5 => reserved1: Option<String> = "予備",
        /// 予備.
        6 => reserved2: Option<String> = "予備",
        /// 混合区分 コード.
        7 => mix_code: Option<Digits> = "混合区分 コード",
        /// 混合区分 枝.
        8 => mix_branch: Option<Digits> = "混合区分 枝",
        /// 配合不適区分.
        9 => incompatible: Option<Digits> = "配合不適区分",
        /// １回用量.
        10 => dose: Option<Decimal> = "１回用量",
    }
}

record! {
    /// TO 特定器材レコード (pharmacy layout).
    pub struct PharmacyDevice("TO", positions = 7) {
        /// 負担区分.
        2 => payer_class: Code = "負担区分",
        /// 特定器材コード.
        3 => code: Digits = "特定器材コード",
        /// 使用量.
        4 => amount: Option<Decimal> = "使用量",
        /// 単位コード.
        5 => unit: Option<Digits> = "単位コード",
        /// 単価.
        6 => unit_price: Option<Decimal> = "単価",
        /// 予備.
        7 => reserved: Option<String> = "予備",
    }
}

record! {
    /// CO コメントレコード (pharmacy layout).
    pub struct PharmacyComment("CO", positions = 3) {
        /// コメントコード.
        2 => code: Digits = "コメントコード",
        /// 文字データ.
        3 => text: Option<String> = "文字データ",
    }
}

record! {
    /// TK 摘要欄レコード.
    pub struct Remark("TK", positions = 3) {
        /// コメントコード.
        2 => code: Digits = "コメントコード",
        /// 文字データ.
        3 => text: Option<String> = "文字データ",
    }
}

record! {
    /// KI 基本料・薬学管理料レコード: 113 fields in the 2024 sample whose layout was not found;
    /// kept as recorded.
    pub struct BasicFees("KI", positions = 1) {
        /// Every field after the record kind.
        2 => fields: Rest = "基本料・薬学管理料",
    }
}

record! {
    /// ST 分割技術料レコード.
    pub struct SplitFee("ST", positions = 16) {
        /// 医師番号.
        2 => doctor: Option<u8> = "医師番号",
        /// 処方月日.
        3 => prescribed: Option<NaiveDate> = "処方月日",
        /// 調剤月日.
        4 => dispensed: Option<NaiveDate> = "調剤月日",
        /// 処方箋受付回.
        5 => reception: Option<u8> = "処方箋受付回",
        /// 分割指示回数.
        6 => splits: Option<u8> = "分割指示回数",
        /// 分割対象点数 (保険).
        7 => before_insurance: Option<i64> = "分割対象点数（保険）",
        /// 分割後点数 (保険).
        8 => after_insurance: Option<i64> = "分割後点数（保険）",
        /// 分割対象点数 (第一公費).
        9 => before_public1: Option<i64> = "分割対象点数（第一公費）",
        /// 分割後点数 (第一公費).
        10 => after_public1: Option<i64> = "分割後点数（第一公費）",
        /// 分割対象点数 (第二公費).
        11 => before_public2: Option<i64> = "分割対象点数（第二公費）",
        /// 分割後点数 (第二公費).
        12 => after_public2: Option<i64> = "分割後点数（第二公費）",
        /// 分割対象点数 (第三公費).
        13 => before_public3: Option<i64> = "分割対象点数（第三公費）",
        /// 分割後点数 (第三公費).
        14 => after_public3: Option<i64> = "分割後点数（第三公費）",
        /// 分割対象点数 (第四公費).
        15 => before_public4: Option<i64> = "分割対象点数（第四公費）",
        /// 分割後点数 (第四公費).
        16 => after_public4: Option<i64> = "分割後点数（第四公費）",
    }
}

/// One record of a pharmacy receipt's body, in file order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
#[non_exhaustive]
pub enum PharmacyLine {
    /// SH.
    Prescription(Prescription),
    /// CZ.
    Dispensing(Dispensing),
    /// IY.
    Drug(PharmacyDrug),
    /// TO.
    Device(PharmacyDevice),
    /// CO.
    Comment(PharmacyComment),
    /// TK.
    Remark(Remark),
    /// KI.
    BasicFees(BasicFees),
    /// ST.
    SplitFee(SplitFee),
}

/// What a pharmacy receipt carries beyond the records every kind shares. `Debug` shows the
/// shape only (the doctors' names and licence numbers are personal data).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PharmacyDetail {
    /// RE 都道府県 + 点数表 + 医療機関コード of the prescribing institution, as recorded.
    pub prescriber_recorded: String,
    /// The same when it is a valid institution code.
    pub prescriber: Option<InstitutionCode>,
    /// RE 医療機関名称 (the prescriber's name).
    pub prescriber_name: Option<String>,
    /// RE 医療機関所在地.
    pub prescriber_address: Option<String>,
    /// RE 保険医氏名, the 20 slots (CZ 医師番号 refers to them); trailing empty slots not kept.
    pub doctors: Vec<Option<PersonalText>>,
    /// RE 麻薬免許番号.
    pub narcotics_licence: Option<PersonalText>,
    /// SH, CZ, IY, TO, CO, TK, KI and ST records, in file order.
    pub body: Vec<PharmacyLine>,
}

impl std::fmt::Debug for PharmacyDetail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PharmacyDetail")
            .field("prescriber_recorded", &self.prescriber_recorded)
            .field("doctors", &self.doctors.len())
            .field("body", &self.body.len())
            .finish_non_exhaustive()
    }
}

impl PharmacyDetail {
    /// The CZ records.
    pub fn dispensings(&self) -> impl Iterator<Item = &Dispensing> {
        self.body.iter().filter_map(|l| match l {
            PharmacyLine::Dispensing(d) => Some(d),
            _ => None,
        })
    }

    /// The drugs dispensed with the CZ record of their 処方 (the first CZ after the SH that
    /// opens the group), in file order.
    pub fn drugs(&self) -> Vec<(&PharmacyDrug, Option<&Dispensing>)> {
        let mut out = Vec::new();
        let mut dispensing: Option<&Dispensing> = None;
        for line in &self.body {
            match line {
                PharmacyLine::Prescription(_) => dispensing = None,
                PharmacyLine::Dispensing(d) if dispensing.is_none() => dispensing = Some(d),
                PharmacyLine::Drug(d) => out.push((d, dispensing)),
                _ => {}
            }
        }
        out
    }
}
