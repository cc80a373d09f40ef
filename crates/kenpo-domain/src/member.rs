//! The member master (適用): insured persons, dependents, households, eligibility periods and the events that change them.
//!
//! (Being built; see the issue tracker.)
