//! Standard monthly remuneration and standard bonus (標準報酬月額・標準賞与額, 健康保険法 第40条–第45条).
//!
//! (Being built; see the issue tracker.)
