//! Shared helpers for the kenpo benchmarks (being built; see the issue tracker).
