//! High-cost medical expense benefit (高額療養費, 健康保険法 第115条, 施行令 第41条–第43条).
//!
//! (Being built; see the issue tracker.)
