//! The workspace's uniffi-bindgen (being built; see the issue tracker).

fn main() {}
