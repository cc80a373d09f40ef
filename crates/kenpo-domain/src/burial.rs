//! Burial benefits (埋葬料・埋葬費・家族埋葬料, 健康保険法 第100条, 第113条).
//!
//! (Being built; see the issue tracker.)
