//! Sickness and injury allowance (傷病手当金, 健康保険法 第99条).
//!
//! (Being built; see the issue tracker.)
