//! Specific health checkups and guidance (特定健診・特定保健指導).
//!
//! (Being built; see the issue tracker.)
