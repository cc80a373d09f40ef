//! Dental receipts (歯科, 記録条件仕様 歯科用): the file opens with UK (受付情報), each receipt with
//! its own IR (医療機関情報, dental layout) before the RE; the diagnoses are HS (傷病名部位, with
//! tooth codes), the procedures SS (歯科診療行為, with up to 35 加算), and the SI/IY/TO/CO records
//! have dental layouts of their own.
//!
//! Layout followed: the 歯科 令和8年6月版 tables as transcribed from the official PDF by a public
//! dental claim project (field names and order), positions of RE, HO, KO, HS, IY and IR agreeing
//! with an insurer-side analysis tool's reading of 2017–2020 files. Confidence **B**; the
//! transcriber's item numbers are their own (the PDF lists items without numbers). See
//! `docs/RECEIPTS.md`.
//!
//! An IR whose 点数表 is 3 is read in the dental layout (2 審査支払機関, 3 都道府県, 4 点数表,
//! 5 医療機関コード, 6 予備, 7 請求年月, 8 電話番号, 9 届出), wherever it is; older sources treat
//! the IR of dental files as the file's header, which this reader also accepts.

use serde::{Deserialize, Serialize};

use super::record::{record, Addition, Code, DayCounts, Digits};
use chrono::NaiveDate;
use rust_decimal::Decimal;

record! {
    /// HS 傷病名部位レコード: a diagnosis with the teeth it concerns.
    pub struct DentalDiagnosis("HS", positions = 13) {
        /// 診療開始日 (inpatient receipts; outpatient ones give it in RE).
        2 => start: Option<NaiveDate> = "診療開始日",
        /// 転帰区分 (inpatient).
        3 => outcome: Option<u8> = "転帰区分",
        /// 歯式コード（傷病名）: 6-byte tooth codes (歯種 4 + 状態 1 + 部分 1), up to 64.
        4 => teeth: Option<Code> = "歯式コード（傷病名）",
        /// 傷病名コード (0000999 uncoded).
        5 => code: Digits = "傷病名コード",
        /// 修飾語コード.
        6 => modifiers: Option<Digits> = "修飾語コード",
        /// 傷病名称 (uncoded only).
        7 => name: Option<String> = "傷病名称",
        /// 併存傷病名数.
        8 => comorbid: Option<u8> = "併存傷病名数",
        /// 病態移行 (1 before, 2 after).
        9 => transition: Option<Digits> = "病態移行",
        /// 主傷病 (inpatient).
        10 => main: Option<Digits> = "主傷病",
        /// コメントコード.
        11 => comment_code: Option<Digits> = "コメントコード",
        /// 補足コメント.
        12 => comment: Option<String> = "補足コメント",
        /// 歯式コード（補足コメント）.
        13 => comment_teeth: Option<Code> = "歯式コード（補足コメント）",
    }
}

record! {
    /// SS 歯科診療行為レコード.
    pub struct DentalProcedure("SS", positions = 109) {
        /// 診療識別 (empty: the previous line's class continues).
        2 => service_class: Option<Digits> = "診療識別",
        /// 負担区分.
        3 => payer_class: Code = "負担区分",
        /// 診療行為コード (9 digits, starting with 3).
        4 => code: Digits = "診療行為コード",
        /// 診療行為数量データ1.
        5 => quantity1: Option<u64> = "診療行為数量データ1",
        /// 診療行為数量データ2 (body weight for some procedures).
        6 => quantity2: Option<u64> = "診療行為数量データ2",
        /// 加算コード n / 加算数量データ n, n = 1…35 (trailing empty pairs not kept).
        7 => additions: Vec<Addition> = "加算",
        /// 点数 (on the last record of a 算定単位).
        77 => points: Option<i64> = "点数",
        /// 回数.
        78 => times: u16 = "回数",
        /// 1日 … 31日の情報.
        79 => days: DayCounts = "算定日情報",
    }
}

record! {
    /// SI 医科診療行為レコード (dental layout: no comment pairs).
    pub struct DentalMedicalProcedure("SI", positions = 38) {
        /// 診療識別.
        2 => service_class: Option<Digits> = "診療識別",
        /// 負担区分.
        3 => payer_class: Code = "負担区分",
        /// 診療行為コード.
        4 => code: Digits = "診療行為コード",
        /// 数量データ.
        5 => quantity: Option<Decimal> = "数量データ",
        /// 点数.
        6 => points: Option<i64> = "点数",
        /// 回数.
        7 => times: u16 = "回数",
        /// 1日 … 31日の情報.
        8 => days: DayCounts = "算定日情報",
    }
}

record! {
    /// IY 医薬品レコード (dental layout).
    pub struct DentalDrug("IY", positions = 39) {
        /// 診療識別.
        2 => service_class: Option<Digits> = "診療識別",
        /// 負担区分.
        3 => payer_class: Code = "負担区分",
        /// 医薬品コード.
        4 => code: Digits = "医薬品コード",
        /// 使用量.
        5 => amount: Option<Decimal> = "使用量",
        /// 点数.
        6 => points: Option<i64> = "点数",
        /// 回数.
        7 => times: u16 = "回数",
        /// 医薬品区分.
        8 => drug_class: Option<Code> = "医薬品区分",
        /// 1日 … 31日の情報.
        9 => days: DayCounts = "算定日情報",
    }
}

record! {
    /// TO 特定器材レコード (dental layout).
    pub struct DentalDevice("TO", positions = 45) {
        /// 診療識別.
        2 => service_class: Option<Digits> = "診療識別",
        /// 負担区分.
        3 => payer_class: Code = "負担区分",
        /// 特定器材コード.
        4 => code: Digits = "特定器材コード",
        /// 使用量.
        5 => amount: Option<Decimal> = "使用量",
        /// 単位コード.
        6 => unit: Option<Digits> = "単位コード",
        /// 単価.
        7 => unit_price: Option<Decimal> = "単価",
        /// 特定器材加算等コード1.
        8 => addition1: Option<Digits> = "特定器材加算等コード1",
        /// 特定器材加算等数量データ1.
        9 => addition1_quantity: Option<Decimal> = "特定器材加算等数量データ1",
        /// 特定器材加算等コード2.
        10 => addition2: Option<Digits> = "特定器材加算等コード2",
        /// 特定器材加算等数量データ2.
        11 => addition2_quantity: Option<Decimal> = "特定器材加算等数量データ2",
        /// 商品名及び規格又はサイズ.
        12 => product: Option<String> = "商品名及び規格又はサイズ",
        /// 点数.
        13 => points: Option<i64> = "点数",
        /// 回数.
        14 => times: u16 = "回数",
        /// 1日 … 31日の情報.
        15 => days: DayCounts = "算定日情報",
    }
}

record! {
    /// CO コメントレコード (dental layout, with tooth codes; positions 7–11 予備).
    pub struct DentalComment("CO", positions = 11) {
        /// 診療識別.
        2 => service_class: Option<Digits> = "診療識別",
        /// 負担区分.
        3 => payer_class: Code = "負担区分",
        /// コメントコード.
        4 => code: Digits = "コメントコード",
        /// 文字データ.
        5 => text: Option<String> = "文字データ",
        /// 歯式コード（コメント）.
        6 => teeth: Option<Code> = "歯式コード（コメント）",
    }
}

/// One line of a dental receipt's body (摘要), in file order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DentalLine {
    /// SS.
    Procedure(DentalProcedure),
    /// SI.
    MedicalProcedure(DentalMedicalProcedure),
    /// IY.
    Drug(DentalDrug),
    /// TO.
    Device(DentalDevice),
    /// CO.
    Comment(DentalComment),
}

/// A dental line seen the same way whatever its record: what the checks use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DentalLineView<'a> {
    /// The record kind (`"SS"`, `"SI"`, …).
    pub record: &'static str,
    /// The 9-digit code.
    pub code: &'a Digits,
    /// 点数.
    pub points: Option<i64>,
    /// 回数 (0 for comments).
    pub times: u16,
    /// Day counts (none for comments).
    pub days: Option<&'a DayCounts>,
}

impl DentalLine {
    /// The line seen as code, points, times and days.
    pub fn view(&self) -> DentalLineView<'_> {
        match self {
            DentalLine::Procedure(r) => DentalLineView {
                record: "SS",
                code: &r.code,
                points: r.points,
                times: r.times,
                days: Some(&r.days),
            },
            DentalLine::MedicalProcedure(r) => DentalLineView {
                record: "SI",
                code: &r.code,
                points: r.points,
                times: r.times,
                days: Some(&r.days),
            },
            DentalLine::Drug(r) => DentalLineView {
                record: "IY",
                code: &r.code,
                points: r.points,
                times: r.times,
                days: Some(&r.days),
            },
            DentalLine::Device(r) => DentalLineView {
                record: "TO",
                code: &r.code,
                points: r.points,
                times: r.times,
                days: Some(&r.days),
            },
            DentalLine::Comment(r) => DentalLineView {
                record: "CO",
                code: &r.code,
                points: None,
                times: 0,
                days: None,
            },
        }
    }
}

/// What a dental receipt carries beyond the records every kind shares.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DentalDetail {
    /// RE 診療開始日 (outpatient receipts).
    pub start_date: Option<NaiveDate>,
    /// RE 転帰区分 (outpatient receipts).
    pub outcome: Option<u8>,
    /// RE 請求情報1 (割引点数単価 and the like).
    pub claim_info1: Option<Digits>,
    /// RE 未来院請求 ("01").
    pub not_visited: Option<Digits>,
    /// HS records.
    pub diagnoses: Vec<DentalDiagnosis>,
    /// SS, SI, IY, TO and CO records, in file order.
    pub body: Vec<DentalLine>,
}
