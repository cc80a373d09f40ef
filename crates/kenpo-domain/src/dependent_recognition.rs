//! Dependent recognition (被扶養者認定, 健康保険法 第3条7項).
//!
//! (Being built; see the issue tracker.)
