//! Premiums (保険料): 一般保険料, 介護保険料 and 子ども・子育て支援金, shares, months and employer notices.
//!
//! (Being built; see the issue tracker.)
