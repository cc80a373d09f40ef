//! Benefit records and duplicate-payment checks (給付記録・重複支給点検).
//!
//! (Being built; see the issue tracker.)
