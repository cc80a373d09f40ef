//! Childbirth lump-sum allowance (出産育児一時金・家族出産育児一時金, 健康保険法 第101条, 第114条).
//!
//! (Being built; see the issue tracker.)
