//! The records the payment fund adds to receipts: in the file it delivers to insurers
//! (レセ電コード情報ファイル: MN, RC, EX, ON, JY), in return files (返戻: HR) and in
//! re-examination files (再審査等: MD, RT, JR, MK). Kept with their receipt in [`FundRecords`].
//!
//! Layouts followed: the 「レセ電コード情報ファイル記録条件仕様（医科）」 of about 平成25年 as
//! transcribed field by field in the Apache-2.0 project `kuenishi/meddatum`
//! (`include/rezept_common_records.hrl`, `include/rezept_med.hrl`), with positions and field
//! counts confirmed for 2024 files by a reader written to the R6.8.23 edition and by the field
//! counts of the fund's official insurer sample (MN 6, EX 12, JY 8 fields after the kind).
//! Confidence **B**, except ON (資格確認運用, layout **not found**: kept as recorded) and the
//! code tables behind 事由コード, 返戻区分, 返戻事由コード, 理由番号, 理由内容, 審査結果, which are
//! named but were not read. See `docs/RECEIPTS.md`.
//!
//! # Corrections (JY) and the receipt as paid
//!
//! In the insurer file every line carries three history-management columns ([`LinePrefix`]):
//! データ識別 1 marks the institution's claim records as filed, 2 the records the fund added,
//! including corrected copies of claim records. A JY record ties a correction together: its
//! 補正区分 says add (1), modify (2) or delete (3), 補正対象行番号/枝番号 name the claim line
//! concerned and 補正後行番号/枝番号 the fund's line that holds the new content. The reader
//! applies them in file order to the claim lines — delete drops the target, modify puts the new
//! line in its place, add inserts the new line after it — and reads the result as the receipt
//! as paid; the receipt as claimed is kept in [`FundRecords::claimed`]. This is how an
//! insurer-side analysis tool applies them, on the definitions of the record's transcription
//! (`docs/SOURCES.md`, receipts); the reasons (事由コード) are most likely those of the
//! 増減点連絡書 (A, B, C, D, …), whose table was not read.

use std::ops::Deref;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::{RawRecord, Receipt};
use super::record::{record, Code, Digits, LinePrefix, Rest};
use crate::calendar::YearMonth;

record! {
    /// MN レセプト管理レコード: opens each receipt of an insurer file.
    pub struct ReceiptManagement("MN", positions = 7) {
        /// レセプト管理番号 (9–16 digits): the fund's key for the receipt.
        2 => management_number: Digits = "レセプト管理番号",
        /// 保険医療機関の所在地 (保険薬局の所在地 in pharmacy files; the institution's name in
        /// dental files, by one reader).
        3 => location: Option<String> = "保険医療機関の所在地",
        /// 予備 in the ~2013 text; filled in practice with the 17-digit 検索番号 (in dental
        /// files, by one reader, at position 5).
        4 => search: Option<String> = "検索番号",
        /// 予備.
        5 => reserved1: Option<String> = "予備",
        /// 予備.
        6 => reserved2: Option<String> = "予備",
        /// 予備.
        7 => reserved3: Option<String> = "予備",
    }
}

impl ReceiptManagement {
    /// The 検索番号 the record carries (17–30 digits at position 4, else at 5).
    pub fn search_number(&self) -> Option<&str> {
        [&self.search, &self.reserved1]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .find(|t| t.len() >= 17 && t.bytes().all(|b| b.is_ascii_digit()))
    }
}

record! {
    /// RC レコード管理情報レコード: the fund's identification of the receipt's version (the 2024
    /// sample holds `Ver00001` and 32 hex digits; meaning not documented).
    pub struct RecordManagement("RC", positions = 2) {
        /// 管理情報.
        2 => info: Option<String> = "管理情報",
    }
}

record! {
    /// EX 審査運用レコード.
    pub struct ReviewOperation("EX", positions = 13) {
        /// 振替先保険者番号 (when the insurer was changed).
        2 => transferred_insurer: Option<Code> = "振替先保険者番号",
        /// 振替先公費負担者番号, four slots (order as transcribed: 第四, 第一, 第二, 第三; not
        /// confirmed).
        3 => transferred_public4: Option<Digits> = "振替先第四公費負担者番号",
        /// See `transferred_public4`.
        4 => transferred_public1: Option<Digits> = "振替先第一公費負担者番号",
        /// See `transferred_public4`.
        5 => transferred_public2: Option<Digits> = "振替先第二公費負担者番号",
        /// See `transferred_public4`.
        6 => transferred_public3: Option<Digits> = "振替先第三公費負担者番号",
        /// 高額療養費金額 (receipts of 平成19年3月 and earlier).
        7 => high_cost_yen: Option<i64> = "高額療養費金額",
        /// 単独請求分レセプト区分 ("1").
        8 => single_claim: Option<Digits> = "単独請求分レセプト区分",
        /// 医療費通知対象レセプト区分 ("1": include in the 医療費通知).
        9 => expense_notice: Option<Digits> = "医療費通知対象レセプト区分",
        /// 特別審査委員会 ("1").
        10 => special_committee: Option<Digits> = "特別審査委員会",
        /// 特別審査委員会処理年月.
        11 => special_committee_month: Option<YearMonth> = "特別審査委員会処理年月",
        /// 添付文書情報 ("1": paper attachments).
        12 => attachments: Option<Digits> = "添付文書情報",
        /// 審査支払機関使用欄 (free use by the fund).
        13 => fund_use: Option<String> = "審査支払機関使用欄",
    }
}

record! {
    /// ON 資格確認運用レコード (online eligibility confirmation): 14 fields in the 2024 sample,
    /// layout not found; kept as recorded.
    pub struct EligibilityOperation("ON", positions = 1) {
        /// Every field after the record kind.
        2 => fields: Rest = "資格確認運用",
    }
}

record! {
    /// JY 事由レコード: one correction of the review.
    pub struct CorrectionRecord("JY", positions = 9) {
        /// 補正区分: 1 追加, 2 修正, 3 削除.
        2 => kind: u8 = "補正区分",
        /// 補正対象行番号.
        3 => target_line: u32 = "補正対象行番号",
        /// 補正対象枝番号.
        4 => target_branch: u16 = "補正対象枝番号",
        /// 事由対象項目番号 (positions of the corrected fields, `:`-separated).
        5 => fields: Option<Code> = "事由対象項目番号",
        /// 事由コード (reason codes, `:`-separated; those of the 増減点連絡書).
        6 => reasons: Option<Code> = "事由コード",
        /// 補正後行番号 (the line with the new content).
        7 => new_line: Option<u32> = "補正後行番号",
        /// 補正後枝番号.
        8 => new_branch: Option<u16> = "補正後枝番号",
        /// 予備.
        9 => reserved: Option<Digits> = "予備",
    }
}

/// What a correction does (JY 補正区分).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CorrectionKind {
    /// 1 追加: a line added after the target.
    Add,
    /// 2 修正: the target replaced.
    Modify,
    /// 3 削除: the target deleted.
    Delete,
}

impl CorrectionRecord {
    /// The correction's kind, when 補正区分 is 1, 2 or 3.
    pub fn correction(&self) -> Option<CorrectionKind> {
        match self.kind {
            1 => Some(CorrectionKind::Add),
            2 => Some(CorrectionKind::Modify),
            3 => Some(CorrectionKind::Delete),
            _ => None,
        }
    }

    /// The reason codes (事由コード), split at `:`.
    pub fn reason_codes(&self) -> impl Iterator<Item = &str> {
        self.reasons
            .as_ref()
            .map(Code::as_str)
            .unwrap_or("")
            .split(':')
            .filter(|s| !s.is_empty())
    }
}

record! {
    /// HR 返戻理由レコード: why a receipt was returned.
    pub struct ReturnReason("HR", positions = 14) {
        /// 処理年月.
        2 => processed: Option<YearMonth> = "処理年月",
        /// 返戻区分 (1 事務上, 2 審査上, … 7 再審査等・突合再審査, …).
        3 => return_class: Option<Digits> = "返戻区分",
        /// 診療識別 (when identifiable).
        4 => service_class: Option<Digits> = "診療識別",
        /// 返戻事由コード.
        5 => reason_code: Option<Code> = "返戻事由コード",
        /// 返戻理由.
        6 => reason: Option<String> = "返戻理由",
        /// 補足事項.
        7 => note: Option<String> = "補足事項",
        /// 補正情報.
        8 => correction: Option<Digits> = "補正情報",
        /// 増減点連絡書年月.
        9 => adjustment_notice: Option<YearMonth> = "増減点連絡書年月",
        /// 検索番号 (the returned receipt's).
        10 => search_number: Option<Digits> = "検索番号",
        /// 複数レセプト検索番号 (another receipt returned for the same reason).
        11 => other_search_number: Option<Digits> = "複数レセプト検索番号",
        /// 返戻対象明細 (総括 receipts).
        12 => detail: Option<Code> = "返戻対象明細",
        /// 予備.
        13 => reserved1: Option<String> = "予備",
        /// 予備.
        14 => reserved2: Option<String> = "予備",
    }
}

record! {
    /// MD 再審査等申し出レコード.
    pub struct ReexaminationRequest("MD", positions = 16) {
        /// 申し出一連番号 (1 carries the main reason).
        2 => sequence: u16 = "申し出一連番号",
        /// 申し出受付年月日.
        3 => accepted: Option<NaiveDate> = "申し出受付年月日",
        /// 整理番号 (the insurer's reference, or the 検索番号).
        4 => reference: Option<Digits> = "整理番号",
        /// 請求回数.
        5 => claims: Option<u8> = "請求回数",
        /// 理由番号.
        6 => reason_number: Option<Digits> = "理由番号",
        /// 理由番号補足.
        7 => reason_note: Option<String> = "理由番号補足",
        /// 理由年月日1.
        8 => reason_date1: Option<NaiveDate> = "理由年月日1",
        /// 理由年月日2.
        9 => reason_date2: Option<NaiveDate> = "理由年月日2",
        /// 理由内容 コード.
        10 => reason_content: Option<Digits> = "理由内容コード",
        /// 理由内容 保険者等使用欄.
        11 => reason_insurer_use: Option<Digits> = "理由内容 保険者等使用欄",
        /// 理由内容 フリー入力.
        12 => reason_text: Option<String> = "理由内容 フリー入力",
        /// 補足.
        13 => note: Option<String> = "補足",
        /// 医療機関等連絡 ("1": agreed with the institution).
        14 => contacted: Option<Digits> = "医療機関等連絡",
        /// 返付依頼整理番号.
        15 => return_reference: Option<Digits> = "返付依頼整理番号",
        /// 保険者等使用欄.
        16 => insurer_use: Option<String> = "保険者等使用欄",
        /// 予備 (positions 17–22), as recorded.
        17 => reserved: Rest = "予備",
    }
}

record! {
    /// RT 理由対象レコード: the claim lines a request is about.
    pub struct ReasonTarget("RT", positions = 6) {
        /// 申し出一連番号.
        2 => sequence: u16 = "申し出一連番号",
        /// 理由対象区分 (1 対象, 2 参照).
        3 => class: Digits = "理由対象区分",
        /// 理由対象一連番号.
        4 => target_sequence: Option<u16> = "理由対象一連番号",
        /// 理由対象行番号.
        5 => line: Option<u32> = "理由対象行番号",
        /// 理由対象枝番号.
        6 => branch: Option<u16> = "理由対象枝番号",
    }
}

record! {
    /// JR レセプト縦覧レコード: another receipt a request compares with.
    pub struct RelatedReceipt("JR", positions = 4) {
        /// 縦覧区分 (1 electronic, 2 paper, 3 paper for reference).
        2 => class: Digits = "縦覧区分",
        /// 検索番号 (区分 1).
        3 => search_number: Option<Digits> = "検索番号",
        /// 整理番号等 (区分 2, 3).
        4 => reference: Option<Digits> = "整理番号等",
        /// 予備 (positions 5–9), as recorded.
        5 => reserved: Rest = "予備",
    }
}

record! {
    /// MK 再審査等申し出結果レコード.
    pub struct ReexaminationResult("MK", positions = 13) {
        /// 申し出一連番号.
        2 => sequence: u16 = "申し出一連番号",
        /// 申し出受付年月日.
        3 => accepted: Option<NaiveDate> = "申し出受付年月日",
        /// 再審査等申し出機関.
        4 => requester: Option<Digits> = "再審査等申し出機関",
        /// 処理年月.
        5 => processed: Option<YearMonth> = "処理年月",
        /// 変更理由番号.
        6 => changed_reason: Option<Digits> = "変更理由番号",
        /// 審査結果 (審査結果コード).
        7 => result: Option<Digits> = "審査結果",
        /// 連絡.
        8 => message: Option<String> = "連絡",
        /// 理由1 (原審どおり理由コード).
        9 => reason1: Option<Digits> = "理由1",
        /// 理由2.
        10 => reason2: Option<Digits> = "理由2",
        /// 理由3.
        11 => reason3: Option<Digits> = "理由3",
        /// 申し出保険者番号等 (right-aligned, space-filled).
        12 => requester_number: Option<String> = "申し出保険者番号等",
        /// 審査支払機関使用欄.
        13 => fund_use: Option<String> = "審査支払機関使用欄",
        /// 予備 (positions 14–16), as recorded.
        14 => reserved: Rest = "予備",
    }
}

/// A record as it stood on its line, with its history-management columns when it had them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefixed<T> {
    /// The three columns before the record kind, on prefixed lines.
    pub prefix: Option<LinePrefix>,
    /// The record.
    pub record: T,
}

impl<T> Deref for Prefixed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.record
    }
}

/// A line kept whole with its history-management columns: a history-block line, or a corrected
/// line no correction refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefixedLine {
    /// The three columns.
    pub prefix: LinePrefix,
    /// The record (kind, fields, line of the file).
    pub record: RawRecord,
}

/// One correction: the JY record and the fund's line it brings in (for add and modify).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// The JY record.
    pub record: Prefixed<CorrectionRecord>,
    /// The line at 補正後行番号/枝番号, as recorded.
    pub replacement: Option<PrefixedLine>,
}

/// The payment fund's records kept with one receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundRecords {
    /// MN (the first; insurer files).
    pub management: Option<Prefixed<ReceiptManagement>>,
    /// RC.
    pub record_management: Vec<Prefixed<RecordManagement>>,
    /// EX (with its continuations).
    pub review: Vec<Prefixed<ReviewOperation>>,
    /// ON.
    pub eligibility: Vec<Prefixed<EligibilityOperation>>,
    /// JY with the lines they bring in, in file order.
    pub corrections: Vec<Correction>,
    /// HR (return files).
    pub returns: Vec<Prefixed<ReturnReason>>,
    /// MD (re-examination files).
    pub requests: Vec<Prefixed<ReexaminationRequest>>,
    /// RT.
    pub request_targets: Vec<Prefixed<ReasonTarget>>,
    /// JR.
    pub related: Vec<Prefixed<RelatedReceipt>>,
    /// MK.
    pub results: Vec<Prefixed<ReexaminationResult>>,
    /// History-block lines (データ識別 8): earlier versions of the receipt, as recorded.
    pub history: Vec<PrefixedLine>,
    /// Lines the fund added to claim records (データ識別 other than 1 and 8) that no JY refers
    /// to, as recorded.
    pub unreferenced: Vec<PrefixedLine>,
    /// The history-management columns of the receipt's claim lines (データ識別 1) in file order:
    /// the writer numbers the lines it writes with them.
    pub claim_prefixes: Vec<LinePrefix>,
    /// The receipt as claimed, when corrections changed it (the receipt itself is as paid).
    pub claimed: Option<Box<Receipt>>,
}

impl FundRecords {
    /// The fund's management number of the receipt (MN レセプト管理番号).
    pub fn management_number(&self) -> Option<&str> {
        self.management
            .as_ref()
            .map(|m| m.record.management_number.as_str())
    }

    /// `true` when no record was kept.
    pub fn is_empty(&self) -> bool {
        *self == FundRecords::default()
    }
}
