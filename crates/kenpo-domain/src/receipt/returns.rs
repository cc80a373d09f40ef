//! Returns (返戻) and re-examination (再審査等) as the society sees them: the receipts of a return
//! or re-examination file read into typed cases with their reasons, and linked to the receipt
//! the society received first.
//!
//! A return file (.HEN: HI, then per receipt its claim records, HR 返戻理由 and a history block,
//! then HG) and a re-examination file (every line with the history-management columns, MD
//! 再審査等申し出 with RT 理由対象 and JR レセプト縦覧, MK 再審査等申し出結果 once answered) are
//! read by the same reader as any receipt file: the records the fund adds are kept in each
//! receipt's [`FundRecords`](super::fund::FundRecords). This module turns them into
//! [`ReturnedReceipt`]s and [`ReexaminationCase`]s and links them with a [`ReceiptIndex`] of the
//! receipts first received: by the fund's management number (MN レセプト管理番号) where both
//! sides carry one, else by the 検索番号 (HR 検索番号, RE 検索番号, or the 17-digit number the
//! insurer files carry in MN). Layouts and their confidence: see [`super::fund`].
//!
//! ```
//! use kenpo_domain::receipt::returns::{returned_receipts, LinkedBy, ReceiptIndex};
//! use kenpo_domain::receipt::testgen::{self, FileForm, FileKind, GeneratorOptions};
//! use kenpo_domain::receipt::{read_slice, ReaderOptions};
//!
//! // The month as received (insurer file), then the fund's return file for the same receipts.
//! let month = GeneratorOptions::new(5, 10).kind(FileKind::Medical);
//! let received = read_slice(&testgen::file(&month.clone().form(FileForm::Insurer)), ReaderOptions::new("11_RECODEINFO_MED.CSV"));
//! let returned = read_slice(&testgen::file(&month.form(FileForm::Returns)), ReaderOptions::new("RECEIPTC.HEN"));
//! let mut index = ReceiptIndex::new();
//! index.add_all("11_RECODEINFO_MED.CSV", &received.receipts);
//! for r in returned_receipts(&returned.receipts) {
//!     let link = index.find(&r.management_number, &r.search_number).unwrap();
//!     assert_eq!(link.by, LinkedBy::SearchNumber);
//!     assert!(!r.reasons.is_empty());
//! }
//! ```

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::fund::{
    ReasonTarget, ReexaminationRequest, ReexaminationResult, RelatedReceipt, ReturnReason,
};
use super::model::{Points, Receipt, ReceiptPosition};

/// One returned receipt (返戻レセプト) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnedReceipt {
    /// Where it is in the return file.
    pub position: ReceiptPosition,
    /// The fund's management number, when the file carries one (MN).
    pub management_number: Option<String>,
    /// The 検索番号 (HR, else RE, else MN).
    pub search_number: Option<String>,
    /// The reasons (HR 返戻理由), in file order.
    pub reasons: Vec<ReturnReason>,
    /// The receipt's points ([`Receipt::total_points`]).
    pub points: Points,
    /// Lines of its history block (earlier versions of the receipt).
    pub history_lines: usize,
}

/// The returned receipts of a file read by the reader: those with an HR record.
pub fn returned_receipts(receipts: &[Receipt]) -> Vec<ReturnedReceipt> {
    receipts
        .iter()
        .filter_map(|r| {
            let f = r.fund.as_deref()?;
            if f.returns.is_empty() {
                return None;
            }
            let search = f
                .returns
                .iter()
                .find_map(|h| h.search_number.as_ref().map(|d| d.as_str().to_owned()))
                .or_else(|| r.search_number().map(str::to_owned));
            Some(ReturnedReceipt {
                position: r.position,
                management_number: r.management_number().map(str::to_owned),
                search_number: search,
                reasons: f.returns.iter().map(|h| h.record.clone()).collect(),
                points: r.total_points(),
                history_lines: f.history.len(),
            })
        })
        .collect()
}

/// One request of a re-examination case (MD) with the lines it points at (RT) and the fund's
/// answers to it (MK).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// MD.
    pub request: ReexaminationRequest,
    /// RT records of the same 申し出一連番号.
    pub targets: Vec<ReasonTarget>,
    /// MK records of the same 申し出一連番号.
    pub results: Vec<ReexaminationResult>,
}

/// One receipt of a re-examination file: the requests about it and the other receipts it is
/// compared with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReexaminationCase {
    /// Where it is in the file.
    pub position: ReceiptPosition,
    /// The fund's management number (MN), when present.
    pub management_number: Option<String>,
    /// The 検索番号 (RE or MN).
    pub search_number: Option<String>,
    /// The requests, by 申し出一連番号.
    pub requests: Vec<Request>,
    /// JR: the other receipts of a 縦覧 or 突合 request.
    pub related: Vec<RelatedReceipt>,
    /// `true` when every request has a result (MK).
    pub answered: bool,
}

/// The re-examination cases of a file read by the reader: receipts with MD or MK records.
pub fn reexamination_cases(receipts: &[Receipt]) -> Vec<ReexaminationCase> {
    receipts
        .iter()
        .filter_map(|r| {
            let f = r.fund.as_deref()?;
            if f.requests.is_empty() && f.results.is_empty() {
                return None;
            }
            let requests: Vec<Request> = f
                .requests
                .iter()
                .map(|md| Request {
                    request: md.record.clone(),
                    targets: f
                        .request_targets
                        .iter()
                        .filter(|rt| rt.sequence == md.sequence)
                        .map(|rt| rt.record.clone())
                        .collect(),
                    results: f
                        .results
                        .iter()
                        .filter(|mk| mk.sequence == md.sequence)
                        .map(|mk| mk.record.clone())
                        .collect(),
                })
                .collect();
            let answered = !requests.is_empty() && requests.iter().all(|q| !q.results.is_empty());
            Some(ReexaminationCase {
                position: r.position,
                management_number: r.management_number().map(str::to_owned),
                search_number: r.search_number().map(str::to_owned),
                requests,
                related: f.related.iter().map(|j| j.record.clone()).collect(),
                answered,
            })
        })
        .collect()
}

/// How a receipt was found in a [`ReceiptIndex`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LinkedBy {
    /// The fund's management number (MN レセプト管理番号).
    ManagementNumber,
    /// The 検索番号.
    SearchNumber,
}

/// A receipt found in a [`ReceiptIndex`]: its file and position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The file it was read from.
    pub file: Arc<str>,
    /// Its position there.
    pub position: ReceiptPosition,
    /// Which number matched.
    pub by: LinkedBy,
}

/// The receipts first received, by the fund's management number and by 検索番号, to link
/// returns, re-examination results and JR references to them.
#[derive(Debug, Clone, Default)]
pub struct ReceiptIndex {
    by_management: HashMap<String, (Arc<str>, ReceiptPosition)>,
    by_search: HashMap<String, (Arc<str>, ReceiptPosition)>,
}

impl ReceiptIndex {
    /// An empty index.
    pub fn new() -> ReceiptIndex {
        ReceiptIndex::default()
    }

    /// Adds one receipt of `file` (the first receipt with a number keeps it).
    pub fn add(&mut self, file: &Arc<str>, r: &Receipt) {
        if let Some(m) = r.management_number() {
            self.by_management
                .entry(m.to_owned())
                .or_insert_with(|| (file.clone(), r.position));
        }
        if let Some(s) = r.search_number() {
            self.by_search
                .entry(s.to_owned())
                .or_insert_with(|| (file.clone(), r.position));
        }
    }

    /// Adds every receipt of `file`.
    pub fn add_all(&mut self, file: &str, receipts: &[Receipt]) {
        let file: Arc<str> = Arc::from(file);
        for r in receipts {
            self.add(&file, r);
        }
    }

    /// The receipt with this management number, else with this 検索番号.
    pub fn find(&self, management: &Option<String>, search: &Option<String>) -> Option<Link> {
        let hit = |map: &HashMap<String, (Arc<str>, ReceiptPosition)>, key: &Option<String>, by| {
            key.as_ref()
                .and_then(|k| map.get(k))
                .map(|(file, position)| Link {
                    file: file.clone(),
                    position: *position,
                    by,
                })
        };
        hit(&self.by_management, management, LinkedBy::ManagementNumber)
            .or_else(|| hit(&self.by_search, search, LinkedBy::SearchNumber))
    }

    /// The receipt with this 検索番号 (as a JR record cites it).
    pub fn find_search_number(&self, search: &str) -> Option<Link> {
        self.find(&None, &Some(search.to_owned()))
    }

    /// How many receipts carry a number the index can find them by.
    pub fn len(&self) -> usize {
        self.by_management.len().max(self.by_search.len())
    }

    /// `true` when nothing was added.
    pub fn is_empty(&self) -> bool {
        self.by_management.is_empty() && self.by_search.is_empty()
    }
}
