//! Maternity allowance (出産手当金, 健康保険法 第102条).
//!
//! (Being built; see the issue tracker.)
