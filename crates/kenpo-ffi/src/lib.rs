//! C ABI for kenpo-domain (being built; see the issue tracker).
