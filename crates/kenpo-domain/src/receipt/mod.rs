//! Receipts (レセプト): reading, writing and checking the payment fund's claim files.
//!
//! (Being built; see the issue tracker.)
