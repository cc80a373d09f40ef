//! DPC receipts (診断群分類に基づく包括評価, 記録条件仕様 DPC用): a medical (医科) receipt whose
//! inpatient stay is paid per diagnosis group, with the DPC records BU, SB, KK, SK, GA, HH, GT
//! and CD besides the medical records.
//!
//! Layout followed: the order and lengths of the DPC 記録条件仕様 of about 平成24–26年 as
//! transcribed field by field in the Apache-2.0 project `kuenishi/meddatum`
//! (`include/rezept_dpc.hrl`), positions confirmed against an insurer-side analysis tool's reading
//! of 2017–2020 files, record names as in the 令和2年 edition; dates in either form (YYYYMMDD now,
//! GYYMMDD then). Confidence **B** for the order of fields; fields added after about 2015 are not
//! known, and where SY, the 出来高 records (SI/IY/TO/CO) and SJ fall among the DPC records was not
//! found: the reader does not enforce an order, the writer uses RE HO KO SN JD MF GR BU SB SY KK SK
//! GA HH GT SI… SJ CD. See `docs/RECEIPTS.md`.
//!
//! The DPC RE record differs from the medical one from position 13 on (30 positions: 総括区分 at
//! 19, 明細情報数 at 20, 検索番号 at 21, one 診療科 at 24–28, カタカナ氏名 at 29, 患者の状態 at 30);
//! the reader takes an RE of at most 30 positions on a medical receipt for the DPC layout (the
//! medical RE has 38). HO has 標準負担額 at 16, KO has it at 13 and no 外来一部負担金.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::record::{record, Code, Digits};
use crate::calendar::YearMonth;
use rust_decimal::Decimal;

record! {
    /// BU 診断群分類レコード: the diagnosis group of the stay.
    pub struct DiagnosisGroup("BU", positions = 6) {
        /// 診断群分類番号 (the 14-character DPC code).
        2 => code: Code = "診断群分類番号",
        /// 今回入院年月日.
        3 => admitted: NaiveDate = "今回入院年月日",
        /// 今回退院年月日 (omitted before discharge).
        4 => discharged: Option<NaiveDate> = "今回退院年月日",
        /// ＤＰＣ転帰区分 (7 = 外死亡).
        5 => outcome: Option<Digits> = "ＤＰＣ転帰区分",
        /// 死因 (with 転帰 7 only).
        6 => cause_of_death: Option<String> = "死因",
    }
}

record! {
    /// SB 傷病レコード: a disease of the DPC coding (main, admission-trigger, comorbidity, …).
    pub struct DpcDisease("SB", positions = 8) {
        /// 傷病名コード (0000999 uncoded).
        2 => code: Digits = "傷病名コード",
        /// 修飾語コード (4-digit codes, concatenated).
        3 => modifiers: Option<Digits> = "修飾語コード",
        /// 傷病名称 (uncoded diseases).
        4 => name: Option<String> = "傷病名称",
        /// ＩＣＤ１０コード.
        5 => icd10: Option<Code> = "ＩＣＤ１０コード",
        /// 傷病名区分 (別表: main disease, admission trigger, comorbidity, …).
        6 => class: Digits = "傷病名区分",
        /// 死因 ("1" on the cause-of-death disease).
        7 => cause_of_death: Option<Digits> = "死因",
        /// 補足コメント.
        8 => comment: Option<String> = "補足コメント",
    }
}

record! {
    /// KK 患者基礎レコード.
    pub struct PatientBasics("KK", positions = 14) {
        /// 予備 (転科の有無 before 平成22年3月).
        2 => reserved: Option<Digits> = "予備",
        /// 対象外病棟への転棟等 ("1").
        3 => moved_outside: Option<Digits> = "対象外病棟への転棟等",
        /// 予定・緊急入院区分.
        4 => admission_kind: Option<Digits> = "予定・緊急入院区分",
        /// 前回退院年月日.
        5 => previous_discharge: Option<NaiveDate> = "前回退院年月日",
        /// 前回同一傷病での入院の有無.
        6 => previous_same_disease: Option<Digits> = "前回同一傷病での入院の有無",
        /// 入院時年齢.
        7 => age_at_admission: Option<u16> = "入院時年齢",
        /// 出生時体重 (grams).
        8 => birth_weight: Option<u32> = "出生時体重",
        /// ＪＣＳ.
        9 => jcs: Option<Digits> = "ＪＣＳ",
        /// 予備.
        10 => reserved2: Option<Digits> = "予備",
        /// Burn Index (3 + 1 digits).
        11 => burn_index: Option<Code> = "Burn Index",
        /// 重症度等.
        12 => severity: Option<String> = "重症度等",
        /// 予備 (GAF before 平成22年3月).
        13 => reserved3: Option<Digits> = "予備",
        /// 入院時月齢 (under one year).
        14 => months_at_admission: Option<u8> = "入院時月齢",
    }
}

record! {
    /// SK 診療関連レコード: a procedure relevant to the grouping.
    pub struct DpcProcedure("SK", positions = 7) {
        /// 診療行為コード.
        2 => code: Option<Digits> = "診療行為コード",
        /// 区分番号 (may be written in full-width characters, e.g. `K9202イ`).
        3 => section: Option<String> = "区分番号",
        /// 実施（予定）年月日.
        4 => date: Option<NaiveDate> = "実施年月日",
        /// 予備.
        5 => reserved: Option<Digits> = "予備",
        /// 診療区分コード.
        6 => class: Option<Code> = "診療区分コード",
        /// 診療名称.
        7 => name: Option<String> = "診療名称",
    }
}

record! {
    /// GA 外泊レコード.
    pub struct StayOut("GA", positions = 7) {
        /// 診療年月.
        2 => month: YearMonth = "診療年月",
        /// 請求調整区分 (1 past claimed, 2 this month, 3 past adjustment).
        3 => adjustment: Digits = "請求調整区分",
        /// 外泊等 (one code per day).
        4 => days: Option<Digits> = "外泊等",
        /// 診断群分類番号 (when it differs).
        5 => group: Option<Code> = "診断群分類番号",
        /// 医療機関別係数 ("d.dddd").
        6 => coefficient: Option<Code> = "医療機関別係数",
        /// 再入院予定.
        7 => readmission: Option<Digits> = "再入院予定",
    }
}

record! {
    /// HH 包括評価レコード.
    pub struct BundledEvaluation("HH", positions = 9) {
        /// 診療年月.
        2 => month: YearMonth = "診療年月",
        /// 請求調整区分.
        3 => adjustment: Digits = "請求調整区分",
        /// 自他保険区分.
        4 => own_insurance: Option<Digits> = "自他保険区分",
        /// 負担区分.
        5 => payer_class: Option<Code> = "負担区分",
        /// 入院期間区分.
        6 => period: Option<Digits> = "入院期間区分",
        /// 入院期間区分別点数 (points per day).
        7 => points_per_day: Option<i64> = "入院期間区分別点数",
        /// 入院期間区分別入院日数.
        8 => days: Option<u16> = "入院期間区分別入院日数",
        /// 包括小計点数.
        9 => subtotal: Option<i64> = "包括小計点数",
    }
}

record! {
    /// GT 合計調整レコード.
    pub struct TotalAdjustment("GT", positions = 12) {
        /// 診療年月.
        2 => month: YearMonth = "診療年月",
        /// 請求調整区分.
        3 => adjustment: Digits = "請求調整区分",
        /// 自他保険区分.
        4 => own_insurance: Option<Digits> = "自他保険区分",
        /// 負担区分.
        5 => payer_class: Option<Code> = "負担区分",
        /// 包括小計点数合算.
        6 => subtotal_sum: Option<i64> = "包括小計点数合算",
        /// 包括評価点数 (合算 × 係数).
        7 => evaluated: Option<i64> = "包括評価点数",
        /// 調整点数 (may be negative).
        8 => adjustment_points: Option<i64> = "調整点数",
        /// 今月包括合計点数 (may be negative).
        9 => month_total: Option<i64> = "今月包括合計点数",
        /// 診療識別 ("93" for this month's own-insurance part).
        10 => service_class: Option<Digits> = "診療識別",
        /// 変更年月日.
        11 => changed: Option<NaiveDate> = "変更年月日",
        /// 文字データ.
        12 => text: Option<String> = "文字データ",
    }
}

record! {
    /// CD コーディングデータレコード: what was done, in order of date and class.
    pub struct CodingData("CD", positions = 11) {
        /// 実施年月日.
        2 => date: NaiveDate = "実施年月日",
        /// 診療識別.
        3 => service_class: Digits = "診療識別",
        /// 順序番号.
        4 => order: Option<u16> = "順序番号",
        /// 行為明細番号.
        5 => detail: Option<u16> = "行為明細番号",
        /// レセプト電算処理システム用コード (procedure, drug or device).
        6 => code: Digits = "レセプト電算処理システム用コード",
        /// 使用量.
        7 => amount: Option<Decimal> = "使用量",
        /// 数量データ.
        8 => quantity: Option<Decimal> = "数量データ",
        /// 単位コード.
        9 => unit: Option<Digits> = "単位コード",
        /// 回数.
        10 => times: Option<u16> = "回数",
        /// 特定器材名称 (uncoded devices).
        11 => device_name: Option<String> = "特定器材名称",
    }
}

/// What a DPC receipt carries beyond a medical one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DpcDetail {
    /// `true` when the receipt's RE had the medical layout (38 positions) and the DPC records
    /// came after it; the writer then writes the medical RE.
    pub medical_re: bool,
    /// RE レセプト総括区分 (別表).
    pub summary_class: Option<Digits>,
    /// RE 明細情報数.
    pub detail_count: Option<u8>,
    /// HO 標準負担額 (yen).
    pub insurance_standard_charge: Option<i64>,
    /// KO 標準負担額 (yen), one per KO record in order.
    pub public_standard_charges: Vec<Option<i64>>,
    /// BU.
    pub groups: Vec<DiagnosisGroup>,
    /// SB.
    pub diseases: Vec<DpcDisease>,
    /// KK.
    pub basics: Vec<PatientBasics>,
    /// SK.
    pub procedures: Vec<DpcProcedure>,
    /// GA.
    pub stays_out: Vec<StayOut>,
    /// HH.
    pub bundled: Vec<BundledEvaluation>,
    /// GT.
    pub adjustments: Vec<TotalAdjustment>,
    /// CD.
    pub coding: Vec<CodingData>,
}
