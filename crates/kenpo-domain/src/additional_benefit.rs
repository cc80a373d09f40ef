//! The society's additional benefits (付加給付): 一部負担還元金, 家族療養費付加金, 合算高額療養費付加金.
//!
//! (Being built; see the issue tracker.)
