//! 高額療養費 units built from receipts (see [`crate::high_cost`]). Filled in once the
//! high-cost module's `CostUnit` lands.
