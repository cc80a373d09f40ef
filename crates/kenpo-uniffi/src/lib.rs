//! uniffi bindings for kenpo-domain (being built; see the issue tracker).
