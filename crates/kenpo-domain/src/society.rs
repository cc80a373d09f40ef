//! A society's own configuration (組合の規約・設定): rates with effective months, employer share, options.
//!
//! (Being built; see the issue tracker.)
